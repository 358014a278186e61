/*
 * plangen: the plan's YAML sources -> the typeset PDF.
 * Runs the stages in order: load, validate, typeset, paginate, write.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <limits.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "breaks.h"
#include "diag.h"
#include "doc.h"
#include "diff.h"
#include "diff_pages.h"
#include "draft.h"
#include "publish.h"
#include "dump.h"
#include "flow.h"
#include "font.h"
#include "layout.h"
#include "paginate.h"
#include "pdf.h"
#include "validate.h"
#include "watch.h"

#define PLANGEN_VERSION "0.1.0"

/* A bigger repeat is no benchmark of ours and would only fill the disk. */
#define REPEAT_MAX 1000

static void
usage(FILE *f)
{
	fputs("usage: plangen build [-l layout] [-o output.pdf] [--dump=tree|pages] [--draft]\n"
	    "                     [--format=gcc|json|github] [--werror] [--stats] [document.yaml]\n"
	    "       plangen check [-l layout] [--draft] [--format=gcc|json|github] [--werror]\n"
	    "                     [document.yaml]\n"
	    "       plangen watch [build options] [document.yaml]\n"
	    "       plangen diff [-l layout] [-o output.pdf] [--list] OLD.yaml NEW.yaml\n"
	    "       plangen html [-l layout] [-o output.html] [document.yaml]\n"
	    "       plangen csv [-o directory] [document.yaml]\n"
	    "       plangen --help | --version\n"
	    "\n"
	    "build  typeset the document and write the PDF (default out/plan.pdf)\n"
	    "check  load, validate and typeset; write nothing\n"
	    "watch  build, then build again whenever an input file changes\n"
	    "html   the HTML edition (default out/plan.html)\n"
	    "csv    every table as CSV, ID.csv (default in out/tables)\n"
	    "diff   the 新旧対照表 of two revisions (default out/diff.pdf); with --list,\n"
	    "       one line per change: heading path, kind, page in the new edition\n"
	    "\n"
	    "  -l, --layout FILE   page layout: a file, or a name (a4, vertical) looked\n"
	    "                      up in layouts/ beside the document or the program\n"
	    "                      (default a4)\n"
	    "  -o, --output FILE   PDF to write (build only; - for standard output)\n"
	    "      --dump=tree     print the document tree to standard output\n"
	    "      --dump=pages    print the typeset lines of every page\n"
	    "      --format=F      messages as gcc (file:line:col: error: ...), json\n"
	    "                      (one object per line) or github (annotations)\n"
	    "      --werror        a warning fails the build (exit 1)\n"
	    "      --draft         a draft for comment: a stamp (the content's status,\n"
	    "                      default 案) on every page, the revision date and a\n"
	    "                      hash of the content in the running head, line numbers\n"
	    "      --stats         print the time of each stage and peak memory\n"
	    "      --repeat N      set the body N times (for benchmarks)\n"
	    "\n"
	    "The document defaults to content/plan.yaml. Exit status: 0 success,\n"
	    "1 errors in the content or layout, 2 usage or system errors.\n", f);
}

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory part of path ("." for none), into buf. */
static void
dir_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, size, ".");
	else if (slash == path)
		snprintf(buf, size, "/");
	else
		snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

/*
 * The layout file for -l NAME (a path, or a name such as "vertical"): the
 * path as given if it is a file; else NAME(.yaml) in the layouts/ beside
 * the document, or beside its directory (content/plan.yaml ->
 * layouts/), or in the working directory, or installed beside the program (PREFIX/bin/plangen ->
 * PREFIX/share/plangen/layouts/; build/plangen -> layouts/). So
 * `plangen check some/where/plan.yaml` works from any directory.
 * Returns a path, or NULL when nothing is found (reported).
 */
static const char *
find_layout(const char *name, const char *doc_path, char *buf, size_t size)
{
	char docdir[PATH_MAX], exe[PATH_MAX], exedir[PATH_MAX];
	const char *ext = strlen(name) > 5 && strcmp(name + strlen(name) - 5, ".yaml") == 0 ?
	    "" : ".yaml";
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;

	if (is_file(name))
		return name;
	dir_of(doc_path, docdir, sizeof(docdir));
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	dir_of(exe, exedir, sizeof(exedir));
	const char *const where[][2] = {
		{ docdir, "layouts" }, { docdir, "../layouts" }, { ".", "layouts" },
		{ n > 0 ? exedir : NULL, "../share/plangen/layouts" },
		{ n > 0 ? exedir : NULL, "../layouts" },
	};
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		if (where[i][0] == NULL)
			continue;
		int len = strcmp(where[i][0], ".") == 0 ?	/* layouts/a4.yaml, not ./layouts */
		    snprintf(buf, size, "%s/%s%s", where[i][1], base, ext) :
		    snprintf(buf, size, "%s/%s/%s%s", where[i][0], where[i][1], base, ext);
		if (len > 0 && (size_t)len < size && is_file(buf))
			return buf;
	}
	if (strchr(name, '/') != NULL)
		return name;	/* a path: the reader says why it cannot be read */
	diag(SEV_FATAL, NULL, "no layout '%s': not a file, nor %s%s in the layouts/ beside "
	    "the document (%s) or the program", name, base, ext, docdir);
	return NULL;
}

/* 9999-12-31T23:59:59Z, the last second a PDF date can hold */
#define SDE_MAX 253402300799LL

/* Creation date: SOURCE_DATE_EPOCH if set, else the content's revision date. */
static int
creation_date(const struct document *doc, struct pdf_info *info)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	info->year = doc->year;
	info->month = doc->month;
	info->day = doc->day;
	if (sde != NULL && *sde != '\0') {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		time_t t = (time_t)v;
		struct tm tm;
		if (errno != 0 || *end != '\0' || v < 0 || gmtime_r(&t, &tm) == NULL) {
			diag(SEV_FATAL, NULL, "SOURCE_DATE_EPOCH must be a number of seconds");
			return 0;
		}
		/* a PDF date has four digits of year */
		if (v > SDE_MAX) {
			diag(SEV_FATAL, NULL, "SOURCE_DATE_EPOCH %s is after the year 9999 "
			    "(at most %lld)", sde, (long long)SDE_MAX);
			return 0;
		}
		info->year = tm.tm_year + 1900;
		info->month = tm.tm_mon + 1;
		info->day = tm.tm_mday;
		info->hour = tm.tm_hour;
		info->minute = tm.tm_min;
		info->second = tm.tm_sec;
	}
	return 1;
}

/*
 * Whether writing path would replace one of the files just read (a PDF
 * written over its own chapter): reported, with exit 2.
 */
static int
output_is_input(const char *path)
{
	struct stat out, in;

	if (strcmp(path, "-") == 0 || stat(path, &out) != 0)
		return 0;
	for (size_t i = 0; i < inputs_count(); i++)
		if (stat(inputs_path(i), &in) == 0 && in.st_dev == out.st_dev &&
		    in.st_ino == out.st_ino) {
			diag(SEV_FATAL, NULL, "the output '%s' is an input of the build (%s): "
			    "choose another -o", path, inputs_path(i));
			return 1;
		}
	return 0;
}

/* What one build does, from the command line. */
struct options {
	const char *layout_path, *output, *doc_path, *dump;
	int stats, repeat, write_pdf, draft;
};

/* The layout named by -l, found as find_layout says; NULL if reported. */
static struct layout *
load_layout(const struct options *o)
{
	char found[PATH_MAX];
	const char *file = find_layout(o->layout_path, o->doc_path, found, sizeof(found));

	return file != NULL ? layout_load(file) : NULL;
}

/* The layout's fonts, one per role; 0 if one cannot be opened (reported). */
static int
open_fonts(const struct layout *l, struct font *fonts[FONT__COUNT])
{
	for (int r = 0; r < FONT__COUNT; r++)
		if ((fonts[r] = font_open(l->font_path[r])) == NULL)
			return 0;
	return 1;
}

static void
close_fonts(struct font *fonts[FONT__COUNT])
{
	for (int r = 0; r < FONT__COUNT; r++)
		font_close(fonts[r]);
}


/* Run the stages once; return the exit status. */
static int
build(const struct options *o)
{
	struct font *fonts[FONT__COUNT] = {0};
	struct document *doc = NULL;
	struct layout *layout = NULL;
	struct flow *flow = NULL;
	struct pages *pages = NULL;
	double t0, t_load, t_validate, t_typeset, t_paginate, t_write;

	/* load */
	t0 = now_ms();
	layout = load_layout(o);
	size_t first_content = inputs_count();
	doc = document_load(o->doc_path);
	struct draft_marks marks = { doc != NULL ? doc->status : NULL,
		inputs_hash_since(first_content) };
	if (layout == NULL || doc == NULL || !open_fonts(layout, fonts))
		goto out;
	t_load = now_ms();

	/* validate */
	if (!validate_document(doc, layout, fonts))
		goto out;
	if (o->dump != NULL && strcmp(o->dump, "tree") == 0)
		dump_tree(stdout, doc);
	t_validate = now_ms();

	/* typeset */
	if ((flow = flow_build(doc, layout, fonts, o->repeat)) == NULL)
		goto out;
	t_typeset = now_ms();

	/* paginate */
	pages = paginate(flow, layout);
	front_matter(pages, doc, layout, fonts);
	if (o->draft)
		pages_mark_draft(pages, doc, layout, fonts, &marks);
	if (o->dump != NULL && strcmp(o->dump, "pages") == 0)
		dump_pages(stdout, pages, layout);
	t_paginate = now_ms();

	/* write */
	if (o->write_pdf && diag_exit_status() == 0 && !output_is_input(o->output)) {
		/* --werror: warnings too */
		struct pdf_info info;
		memset(&info, 0, sizeof(info));
		info.title = doc->title;
		info.author = doc->issuer;
		info.subject = doc->subject;
		info.creator = "plangen " PLANGEN_VERSION;
		if (creation_date(doc, &info))
			pdf_write(pages, layout, fonts, &info, o->output);
	}
	t_write = now_ms();
	if (o->stats) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "stats: pages %zu load %.2f validate %.2f typeset %.2f "
		    "paginate %.2f write %.2f total %.2f ms, peak %ld KiB\n",
		    pages->n, t_load - t0, t_validate - t_load, t_typeset - t_validate,
		    t_paginate - t_typeset, t_write - t_paginate, t_write - t0,
		    ru.ru_maxrss);
	}
out:
	pages_free(pages);
	flow_free(flow);
	close_fonts(fonts);
	document_free(doc);
	layout_free(layout);
	return diag_exit_status();
}

/* The page (folio) of the new edition where a row's item stands, or 0. */
static int
row_page(const struct pages *pg, const struct diff_row *r)
{
	const struct diff_item *it = r->new_item;
	if (it == NULL || it->block == NULL)
		return 0;
	for (size_t i = pg->nfront; i < pg->n; i++) {
		const struct page *p = &pg->v[i];
		for (size_t k = 0; k < p->lines.n; k++)
			if (p->lines.v[k].block == it->block)
				return p->folio;
		for (size_t k = 0; k < p->figures.n && it->figure_id != NULL; k++)
			if (strstr(p->figures.v[k].id, it->figure_id) != NULL)
				return p->folio;
	}
	return 0;
}

/* plangen diff OLD NEW: the 新旧対照表, or with --list the changes. */
static int
compare(const struct options *o, const char *old_path, int list)
{
	struct font *fonts[FONT__COUNT] = {0};
	struct document *old_doc = NULL, *new_doc = NULL;
	struct layout *layout = NULL;
	struct diff *d = NULL;
	struct pages *pages = NULL;

	layout = load_layout(o);
	old_doc = document_load(old_path);
	new_doc = document_load(o->doc_path);
	if (layout == NULL || old_doc == NULL || new_doc == NULL || !open_fonts(layout, fonts))
		goto out;
	if (!validate_document(old_doc, layout, fonts) || !validate_document(new_doc, layout, fonts))
		goto out;
	if ((d = diff_documents(old_doc, new_doc)) == NULL)
		goto out;
	if (list) {
		/* pages of the new edition, for the page of each change */
		struct flow *flow = flow_build(new_doc, layout, fonts, 1);
		if (flow == NULL)
			goto out;
		pages = paginate(flow, layout);
		front_matter(pages, new_doc, layout, fonts);
		/* a row's page; a removed part or a heading of its own (注) is
		 * where the new edition goes on: the next page found, else the
		 * last; the cover's rows are on the cover */
		int *page = xcalloc(d->nrows + 1, sizeof(*page));
		for (size_t i = 0; i < d->nrows; i++)
			page[i] = row_page(pages, &d->rows[i]);
		for (size_t i = d->nrows; i-- > 0; )
			if (page[i] == 0 && i + 1 < d->nrows)
				page[i] = page[i + 1];
		for (size_t i = 1; i < d->nrows; i++)
			if (page[i] == 0)
				page[i] = page[i - 1];
		for (size_t i = 0; i < d->nrows; i++) {
			const struct diff_row *r = &d->rows[i];
			if (r->change == DC_SAME)
				continue;
			if (strncmp(r->path, "表紙", strlen("表紙")) == 0)
				printf("%s\t%s\t表紙\n", r->path, diff_change_name(r->change));
			else if (page[i] > 0)
				printf("%s\t%s\tp.%d\n", r->path, diff_change_name(r->change), page[i]);
			else
				printf("%s\t%s\t-\n", r->path, diff_change_name(r->change));
		}
		free(page);
		flow_free(flow);
		goto out;
	}
	/* the table is set across the page in horizontal writing */
	struct layout across = *layout;
	across.mode = WM_HORIZONTAL;
	pages = diff_pages(d, old_doc, new_doc, &across, fonts);
	pages_furnish(pages, new_doc, &across, fonts);
	if (o->dump != NULL && strcmp(o->dump, "pages") == 0)
		dump_pages(stdout, pages, &across);
	if (o->write_pdf && diag_exit_status() == 0 && !output_is_input(o->output)) {
		struct pdf_info info;
		memset(&info, 0, sizeof(info));
		struct strbuf title = {0};
		sb_printf(&title, "%s　新旧対照表", new_doc->title);
		info.title = title.s;
		info.author = new_doc->issuer;
		info.subject = new_doc->subject;
		info.creator = "plangen " PLANGEN_VERSION;
		if (creation_date(new_doc, &info))
			pdf_write(pages, &across, fonts, &info, o->output);
		sb_free(&title);
	}
out:
	pages_free(pages);
	diff_free(d);
	close_fonts(fonts);
	document_free(old_doc);
	document_free(new_doc);
	layout_free(layout);
	return diag_exit_status();
}

/* plangen html / csv: the accessible publication from the same content. */
static int
publish(const struct options *o, int html)
{
	struct font *fonts[FONT__COUNT] = {0};
	struct document *doc = NULL;
	struct layout *layout = NULL;

	layout = load_layout(o);
	doc = document_load(o->doc_path);
	if (layout == NULL || doc == NULL || !open_fonts(layout, fonts))
		goto out;
	if (!validate_document(doc, layout, fonts) || diag_exit_status() != 0)
		goto out;
	if (html) {
		if (!output_is_input(o->output))
			html_write(doc, layout, fonts, o->output);
	}
	else {
		/* the directory may be new; its parent must exist */
		if (mkdir(o->output, 0755) != 0 && errno != EEXIST)
			diag(SEV_FATAL, NULL, "cannot make the directory '%s': %s", o->output,
			    strerror(errno));
		else
			csv_write(doc, o->output);
	}
out:
	close_fonts(fonts);
	document_free(doc);
	layout_free(layout);
	return diag_exit_status();
}

static int
build_for_watch(void *arg)
{
	return build(arg);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "layout", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "dump", required_argument, NULL, 'd' },
		{ "stats", no_argument, NULL, 's' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "werror", no_argument, NULL, 'W' },
		{ "draft", no_argument, NULL, 'D' },
		{ "list", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct options o = { "a4", "out/plan.pdf", "content/plan.yaml", NULL, 0, 1, 0, 0 };
	const char *cmd;
	int watch = 0, diff = 0, list = 0, html = 0, csv = 0, ch, status;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		puts("plangen " PLANGEN_VERSION);
		return 0;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	if (strcmp(cmd, "build") == 0)
		o.write_pdf = 1;
	else if (strcmp(cmd, "watch") == 0)
		o.write_pdf = watch = 1;
	else if (strcmp(cmd, "html") == 0) {
		html = 1;
		o.output = "out/plan.html";
	} else if (strcmp(cmd, "csv") == 0) {
		csv = 1;
		o.output = "out/tables";
	} else if (strcmp(cmd, "diff") == 0) {
		o.write_pdf = diff = 1;
		o.output = "out/diff.pdf";
	}
	else if (strcmp(cmd, "check") == 0)
		o.write_pdf = 0;
	else {
		diag(SEV_FATAL, NULL, "unknown command '%s'", cmd);
		usage(stderr);
		return 2;
	}
	optind = 2;
	while ((ch = getopt_long(argc, argv, "l:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			o.layout_path = optarg;
			break;
		case 'o':
			if (*optarg == '\0') {
				diag(SEV_FATAL, NULL, "-o needs a file name (or - for standard output)");
				return 2;
			}
			o.output = optarg;
			break;
		case 'd':
			if (strcmp(optarg, "tree") != 0 && strcmp(optarg, "pages") != 0) {
				diag(SEV_FATAL, NULL, "--dump takes tree or pages");
				return 2;
			}
			o.dump = optarg;
			break;
		case 's':
			o.stats = 1;
			break;
		case 'f':
			if (strcmp(optarg, "gcc") == 0)
				diag_set_format(DIAG_GCC);
			else if (strcmp(optarg, "json") == 0)
				diag_set_format(DIAG_JSON);
			else if (strcmp(optarg, "github") == 0)
				diag_set_format(DIAG_GITHUB);
			else {
				diag(SEV_FATAL, NULL, "--format takes gcc, json or github");
				return 2;
			}
			break;
		case 'W':
			diag_set_werror(1);
			break;
		case 'D':
			o.draft = 1;
			break;
		case 'L':
			list = 1;
			break;
		case 'r': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > REPEAT_MAX) {
				diag(SEV_FATAL, NULL, "--repeat takes 1 to %d", REPEAT_MAX);
				return 2;
			}
			o.repeat = (int)v;
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (o.write_pdf && o.dump != NULL && strcmp(o.output, "-") == 0) {
		diag(SEV_FATAL, NULL, "--dump and -o - would both write to standard output");
		return 2;
	}
	if (watch && strcmp(o.output, "-") == 0) {
		diag(SEV_FATAL, NULL, "watch writes a file: -o - is for build");
		return 2;
	}
	/* options that would be accepted and do nothing are refused */
	if ((diff || html || csv) && (o.draft || o.stats || o.repeat != 1 ||
	    (o.dump != NULL && !diff))) {
		diag(SEV_FATAL, NULL, "%s takes no --draft, --stats, --repeat%s", cmd,
		    diff ? "" : " or --dump");
		return 2;
	}
	/* a failed write (ulimit -f) is reported, its temporary file removed */
	signal(SIGXFSZ, SIG_IGN);
	if (diff) {
		if (argc - optind != 2) {
			diag(SEV_FATAL, NULL, "diff compares two documents: plangen diff OLD.yaml NEW.yaml");
			return 2;
		}
		o.doc_path = argv[optind + 1];
		status = compare(&o, argv[optind], list);
		breaks_close();
		inputs_clear();
		return status;
	}
	if (list) {
		diag(SEV_FATAL, NULL, "--list is for diff");
		return 2;
	}
	if (optind < argc)
		o.doc_path = argv[optind++];
	if (optind < argc) {
		diag(SEV_FATAL, NULL, "more than one document given");
		return 2;
	}
	if (html || csv) {
		if (strcmp(o.output, "-") == 0) {
			diag(SEV_FATAL, NULL, "%s writes files: -o - is for build", cmd);
			return 2;
		}
		status = publish(&o, html);
	} else
		status = watch ? watch_run(build_for_watch, &o, o.output) : build(&o);
	breaks_close();
	inputs_clear();
	return status;
}
