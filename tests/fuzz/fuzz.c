/*
 * libFuzzer targets, built by `make fuzz` with clang, ASan and UBSan.
 *
 * FUZZ_LOADER: the input is a document file (plan.yaml) beside a small
 * chapter and notes; it is read and validated. This exercises the YAML
 * reader, the content schema and the checks.
 *
 * FUZZ_PIPELINE: the input is a chapter and its figures, the parts
 * separated by lines "#%%": chapter.yaml, tables.yaml, charts.yaml,
 * diagrams.yaml, notes.yaml, under a fixed document file. The first byte
 * picks the layout (A4, A5 vertical, A4 two tiers) and, one time in eight,
 * a PDF is written too (writing embeds the fonts and costs most of a
 * build, so most inputs stop at the page model and its dump); another
 * time in eight the HTML edition and the CSV tables are written, and the
 * input is compared with the base document (the 新旧対照表's pages).
 *
 * Inputs are written to files in a private directory: the tool reads its
 * input only from files, through the one reader every build uses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>

#include "breaks.h"
#include "diff.h"
#include "diff_pages.h"
#include "publish.h"
#include "diag.h"
#include "doc.h"
#include "dump.h"
#include "flow.h"
#include "font.h"
#include "layout.h"
#include "paginate.h"
#include "pdf.h"
#include "validate.h"

#define NLAYOUTS 3
static const char *const layout_paths[NLAYOUTS] = {
	"layouts/a4.yaml", "layouts/vertical.yaml", "layouts/vertical-a4-2tier.yaml"
};
static struct layout *layouts[NLAYOUTS];
static struct font *fonts[NLAYOUTS][FONT__COUNT];
static char dir[64];

static const char base_plan[] =
    "title: 試験文書\nissuer: 小平市\ndate: 2017-03-01\ndate_text: 平成29年3月\n"
    "period: 平成29年度～平成32年度\nsubject: 試験\nfootnotes: notes.yaml\n"
    "tables: tables.yaml\ncharts: charts.yaml\ndiagrams: diagrams.yaml\n"
    "contents:\n  - part: 方針\n    chapters:\n      - chapter.yaml\n";
static const char base_chapter[] =
    "title: 基本的考え方\nblocks:\n  - p: \"経常収支比率[^keijo]が93.9%です。\"\n";
static const char base_notes[] = "keijo: \"経常的経費に充当された一般財源の割合。\"\n";
static const char empty_map[] = "{}\n";

static void
put(const char *name, const void *data, size_t len)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The private directory goes when the fuzzer exits. */
static void
remove_dir(void)
{
	static const char *const names[] = { "plan.yaml", "chapter.yaml", "tables.yaml",
		"charts.yaml", "diagrams.yaml", "notes.yaml", "out.pdf" };
	char path[128];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/base/%s", dir, names[i]);
		unlink(path);
	}
	/* the CSV tables the inputs named, and the HTML */
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".csv") != NULL || strstr(e->d_name, ".html") != NULL) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	if (d != NULL)
		closedir(d);
	snprintf(path, sizeof(path), "%s/base", dir);
	rmdir(path);
	rmdir(dir);
}
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/plangen-fuzz-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	atexit(remove_dir);
	/* the base document that inputs are compared with */
	char base[128];
	snprintf(base, sizeof(base), "%s/base", dir);
	if (mkdir(base, 0700) != 0) {
		perror(base);
		abort();
	}
	put("base/plan.yaml", base_plan, sizeof(base_plan) - 1);
	put("base/chapter.yaml", base_chapter, sizeof(base_chapter) - 1);
	put("base/notes.yaml", base_notes, sizeof(base_notes) - 1);
	put("base/tables.yaml", empty_map, sizeof(empty_map) - 1);
	put("base/charts.yaml", empty_map, sizeof(empty_map) - 1);
	put("base/diagrams.yaml", empty_map, sizeof(empty_map) - 1);
	for (int i = 0; i < NLAYOUTS; i++) {
		layouts[i] = layout_load(layout_paths[i]);
		if (layouts[i] == NULL)
			abort();
		for (int r = 0; r < FONT__COUNT; r++)
			if ((fonts[i][r] = font_open(layouts[i]->font_path[r])) == NULL)
				abort();
	}
	return 0;
}

/* The base document (the plan file over a small chapter) against doc. */
static void
compare_with_base(const struct document *doc, int i)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/base/plan.yaml", dir);
	struct document *base = document_load(path);
	if (base != NULL && validate_document(base, layouts[i], fonts[i])) {
		struct diff *d = diff_documents(base, doc);
		if (d != NULL) {
			struct layout across = *layouts[i];
			across.mode = WM_HORIZONTAL;
			pages_free(diff_pages(d, base, doc, &across, fonts[i]));
		}
		diff_free(d);
	}
	document_free(base);
}

/* Build the document at dir/plan.yaml in layout i; free everything. */
static void
build(int i, int write_pdf, int publish)
{
	char path[128];
	struct document *doc;

	diag_reset();
	snprintf(path, sizeof(path), "%s/plan.yaml", dir);
	doc = document_load(path);
	if (doc == NULL)
		return;
	if (validate_document(doc, layouts[i], fonts[i])) {
		struct flow *flow = flow_build(doc, layouts[i], fonts[i], 1);
		if (flow != NULL) {
			struct pages *pages = paginate(flow, layouts[i]);
			front_matter(pages, doc, layouts[i], fonts[i]);
			FILE *null = fopen("/dev/null", "w");
			dump_pages(null, pages, layouts[i]);
			fclose(null);
			if (publish && diag_count(SEV_ERROR) == 0) {
				snprintf(path, sizeof(path), "%s/out.html", dir);
				html_write(doc, layouts[i], fonts[i], path);
				csv_write(doc, dir);
				compare_with_base(doc, i);
			}
			if (write_pdf && diag_count(SEV_ERROR) == 0) {
				struct pdf_info info = { doc->title, doc->issuer, doc->subject,
					"plangen fuzz", 2017, 3, 1, 0, 0, 0 };
				snprintf(path, sizeof(path), "%s/out.pdf", dir);
				pdf_write(pages, layouts[i], fonts[i], &info, path);
			}
			pages_free(pages);
			flow_free(flow);
		}
	}
	document_free(doc);
}

#ifdef FUZZ_LOADER
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	put("plan.yaml", data, size);
	put("chapter.yaml", base_chapter, sizeof(base_chapter) - 1);
	put("notes.yaml", base_notes, sizeof(base_notes) - 1);
	diag_reset();
	char path[128];
	snprintf(path, sizeof(path), "%s/plan.yaml", dir);
	struct document *doc = document_load(path);
	if (doc != NULL)
		validate_document(doc, layouts[0], fonts[0]);
	document_free(doc);
	return 0;
}
#endif

#ifdef FUZZ_PIPELINE
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "chapter.yaml", "tables.yaml", "charts.yaml",
		"diagrams.yaml", "notes.yaml" };
	static const char sep[] = "\n#%%\n";
	int choice = size > 0 ? data[0] : 0;
	const char *p = (const char *)data + (size > 0), *end = (const char *)data + size;
	size_t part = 0;

	put("plan.yaml", base_plan, sizeof(base_plan) - 1);
	while (part < 5) {
		const char *next = p < end ? memmem(p, (size_t)(end - p), sep, sizeof(sep) - 1) : NULL;
		size_t len = next != NULL ? (size_t)(next - p) : (size_t)(end - p);
		if (p >= end)
			len = 0;
		if (len == 0 && part != 0)
			put(names[part], part == 4 ? base_notes : empty_map,
			    part == 4 ? sizeof(base_notes) - 1 : sizeof(empty_map) - 1);
		else
			put(names[part], p, len);
		part++;
		p = next != NULL ? next + sizeof(sep) - 1 : end;
	}
	build(choice % NLAYOUTS, (choice >> 2) % 8 == 0, (choice >> 2) % 8 == 1);
	return 0;
}
#endif
