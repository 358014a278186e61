/*
 * Unit tests of the line-breaking and composition rules, against the real
 * IPAex fonts named by layouts/a4.yaml. Prints "ok - name" or
 * "FAIL - name: detail" per check; exits with the number of failures.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breaks.h"
#include "diag.h"
#include "figure.h"
#include "flow.h"
#include "font.h"
#include "layout.h"
#include "typeset.h"
#include "numbering.h"
#include "number.h"
#include "content_figures.h"
#include "diff.h"
#include "diff_pages.h"
#include "doc.h"
#include "validate.h"
#include "xref.h"

static int failures;
static struct composer comp;
static struct arena arena;

#define EM PT(10)

static void
check(int cond, const char *name, const char *fmt, ...)
{
	if (cond) {
		printf("ok - %s\n", name);
		return;
	}
	printf("FAIL - %s: ", name);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failures++;
}

static long
compose(const char *text, int chars, fixed indent, struct line **out)
{
	struct compose_style st = { FONT_MINCHO, EM, EM * chars, indent, 0, 1, 0, 0, NULL, 0 };
	return compose_text(&comp, text, NULL, 0, &st, out);
}

/* The name map: every key found, duplicates refused, growth past its start. */
static void
test_strmap(void)
{
	struct strmap m = {0};
	static char keys[5000][8];
	int ok = 1;
	size_t v;

	for (int i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		ok &= strmap_add(&m, keys[i], (size_t)i, NULL);
	}
	for (int i = 0; i < 5000; i++)
		ok &= strmap_get(&m, keys[i], &v) && v == (size_t)i;
	check(ok && m.n == 5000, "strmap: 5000 keys each found with its value", "n %zu", m.n);
	v = 0;
	int again = strmap_add(&m, "k42", 7, &v);
	check(!again && v == 42 && strmap_get(&m, "k42", &v) && v == 42,
	    "strmap: a duplicate keeps the first value", "again %d v %zu", again, v);
	check(!strmap_get(&m, "k5000", &v) && !strmap_get(&m, "", &v),
	    "strmap: absent keys are not found", "found");
	strmap_free(&m);
	check(!strmap_get(&m, "k1", &v), "strmap: an empty map finds nothing", "found");
}

/* A few characters before a run longer than the line: the run starts on
 * their line (it is cut anyway), no line of gaps (番　　号　　は). */
static void
test_overlong_after_short(void)
{
	struct line *ln;
	long n = compose("詳細はhttps://www.city.kodaira.tokyo.jp/kurashi/gyozaisei_saikochiku_plan.html を参照。",
	    20, 0, &ln);
	int ok = n >= 2 && ln[0].n > 10 && ln[0].extent <= 20 * EM;
	check(ok, "overlong run: starts on the line of the characters before it",
	    "%ld lines, first has %zu glyphs", n, n > 0 ? ln[0].n : 0);
	/* a line that must stay short is left ragged, never spaced an em apart */
	n = compose("番号は。12345678901234567890123456789012345", 20, 0, &ln);
	int spaced = 0;
	for (long i = 0; i < n; i++)
		for (size_t g = 1; g < ln[i].n; g++)
			spaced |= ln[i].g[g].pos - ln[i].g[g - 1].pos > 2 * EM;
	check(!spaced, "justification: never more than an em between characters",
	    "%ld lines", n);
}

/*
 * The 新旧対照表 of tests/diff: every underline lies under exactly the
 * characters that changed, on each side (and nothing else is underlined).
 */
static void
test_diff_underlines(const struct layout *l)
{
	struct document *o = document_load("tests/diff/old/plan.yaml");
	struct document *n = document_load("tests/diff/new/plan.yaml");
	struct strbuf got = {0};

	if (o == NULL || n == NULL || !validate_document(o, l, comp.fonts) ||
	    !validate_document(n, l, comp.fonts)) {
		check(0, "diff: underlines", "the test documents do not load");
		document_free(o);
		document_free(n);
		return;
	}
	struct diff *d = diff_documents(o, n);
	struct pages *pg = diff_pages(d, o, n, l, comp.fonts);
	for (size_t p = 0; p < pg->n; p++) {
		const struct page *page = &pg->v[p];
		for (size_t r = 0; r < page->rules.n; r++) {
			const struct rule *ru = &page->rules.v[r];
			if (ru->thickness != PT(0.6))
				continue;
			/* the glyphs of the line just over the rule, within it */
			const char *sidename = page->frames.v[ru->frame].x <
			    page->frames.v[0].x + page->frames.v[0].measure / 2 ? "new" : "old";
			sb_printf(&got, "%s:", sidename);
			for (size_t k = 0; k < page->lines.n; k++) {
				const struct placed_line *pl = &page->lines.v[k];
				fixed gap = ru->block - pl->baseline;
				if (pl->frame != ru->frame || gap <= 0 || gap > PT(3))
					continue;
				for (size_t g = 0; g < pl->line->n; g++) {
					const struct glyph *gl = &pl->line->g[g];
					fixed x0 = pl->inline_start + gl->pos, x1 = x0 + gl->adv;
					if (x0 >= ru->inline_start - 16 && x1 <= ru->inline_end + 16) {
						char u[8];
						size_t k8 = utf8_encode(gl->cp, u);
						sb_add(&got, u, k8);
					}
				}
			}
			sb_puts(&got, "|");
		}
	}
	const char *want = "new:4|new:改定|old:2|new:後|old:前|"
	    "new:88|old:90|new:（2）基金の活用|"
	    "new:財政調整基金（注2）を計画的に活用します。|old:施設の統廃合を検討します。|"
	    "new:95|new:175|old:90|old:170|new:225|new:425|old:220|old:420|"
	    "new:（注2）年度間の財源の不均衡を調整するための基|new:金。|";
	check(got.s != NULL && strcmp(got.s, want) == 0,
	    "diff: each underline covers exactly the changed characters", "got %s",
	    got.s ? got.s : "(none)");
	sb_free(&got);
	pages_free(pg);
	diff_free(d);
	document_free(o);
	document_free(n);
}

/* Alternative texts made from the data: a chart's values as the table
 * prints them, a tree as a nested list, a timeline's bars with years. */
static void
test_figure_alt(const struct layout *l)
{
	struct document *doc = document_load("content/plan.yaml");
	if (doc == NULL || !validate_document(doc, l, comp.fonts)) {
		check(0, "alt: the plan loads", "no");
		document_free(doc);
		return;
	}
	const char *want[][2] = {
		{ "teiin", "折れ線グラフ　① 定員の推移：23年度911人、24年度907人、25年度911人、26年度919人、27年度932人、目標910人" },
	};
	int found = 0;
	for (size_t i = 0; i < doc->nfigures; i++) {
		const struct figure_def *f = &doc->figures[i];
		char *alt = figure_alt(f, doc, 0);
		if (getenv("PLANGEN_PRINT_ALT"))
			printf("# %s: %s\n", f->id, alt);
		for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
			if (strcmp(f->id, want[k][0]) == 0) {
				found++;
				check(strcmp(alt, want[k][1]) == 0, "alt: a trend chart reads its values",
				    "%s", alt);
			}
		if (strcmp(f->id, "taikei-h19-h32") == 0)
			check(strstr(alt, "年表　行財政改革の体系（平成19～32年度）：") == alt &&
			    strstr(alt, "第2次行財政再構築プラン（23年度～27年度）") != NULL &&
			    strstr(alt, "フォローアップ（28年度）") != NULL,
			    "alt: a timeline reads its bars and years", "%s", alt);
		if (strcmp(f->id, "kihon-shiten") == 0)
			check(strstr(alt, "：職員の意識と行動の変革（「新しい公共空間」の形成、") != NULL,
			    "alt: a tree reads as a nested list", "%s", alt);
		free(alt);
	}
	check(found == 1, "alt: the plan's staff chart is found", "%d", found);
	document_free(doc);
}

/* A run with no break opportunity is cut into full lines, linear in its length. */
static void
test_unbreakable_run(void)
{
	size_t len = 20000;
	char *text = xmalloc(len + 1);
	struct line *ln;

	memset(text, 'm', len);
	text[len] = '\0';
	long n = compose(text, 20, 0, &ln);
	size_t glyphs = 0;
	int fits = 1;
	for (long i = 0; i < n; i++) {
		glyphs += ln[i].n;
		fits &= ln[i].extent <= 20 * EM;
		/* every line but the last is full: one more letter would not fit */
		if (i + 1 < n)
			fits &= ln[i].extent + (ln[i].g[1].pos - ln[i].g[0].pos) > 20 * EM;
	}
	check(n > 1 && glyphs == len && fits, "unbreakable run: every letter set, each line full",
	    "%ld lines, %zu of %zu letters, fits %d", n, glyphs, len, fits);
	free(text);
}

/* Whether any line of the composition starts or ends against kinsoku. */
static int
kinsoku_ok(struct line *l, long n, char *why, size_t whylen)
{
	for (long i = 0; i < n; i++) {
		if (l[i].n == 0)
			continue;
		if (i > 0 && breaks_no_line_start(l[i].g[0].cp)) {
			snprintf(why, whylen, "line %ld starts with U+%04X", i + 1, l[i].g[0].cp);
			return 0;
		}
		if (i + 1 < n && breaks_no_line_end(l[i].g[l[i].n - 1].cp)) {
			snprintf(why, whylen, "line %ld ends with U+%04X", i + 1,
			    l[i].g[l[i].n - 1].cp);
			return 0;
		}
	}
	return 1;
}

static int
justified(struct line *l, long n, fixed measure)
{
	for (long i = 0; i + 1 < n; i++)
		if (l[i].extent != measure)
			return (int)i + 1;
	return 0;
}

static void
test_breaks(void)
{
	/* 平成18年度～32年度: a break before ～ is never allowed. */
	const uint32_t wave[] = { 0x5e73, 0x6210, '1', '8', 0x5e74, 0x5ea6, 0xff5e,
		'3', '2', 0x5e74, 0x5ea6 };
	unsigned char brk[16];
	breaks_find(wave, 11, brk, 0);
	check(!brk[6], "breaks: no break before ～", "break allowed before U+FF5E");
	check(brk[4] || brk[5], "breaks: kanji break elsewhere", "no break opportunity found");

	/* small kana and ー never start a line (strict). */
	const uint32_t kana[] = { 0x30b5, 0x30a4, 0x30af, 0x30eb, 0x30c3, 0x30d7, 0x30fc };
	breaks_find(kana, 7, brk, 0);
	check(!brk[4] && !brk[6], "breaks: no break before small kana and ー",
	    "brk[ッ]=%d brk[ー]=%d", brk[4], brk[6]);

	/* 93.9% and 1,000 stay whole. */
	const uint32_t num[] = { 0x304c, '9', '3', '.', '9', '%', 0x3001, '1', ',', '0', '0', '0' };
	breaks_find(num, 12, brk, 0);
	check(!brk[2] && !brk[3] && !brk[4] && !brk[5], "breaks: 93.9% stays whole", "break inside");
	check(!brk[8] && !brk[9] && !brk[10], "breaks: 1,000 stays whole", "break inside");

	/* …… and ―― stay together. */
	const uint32_t dots[] = { 0x3042, 0x2026, 0x2026, 0x3042, 0x2015, 0x2015, 0x3042 };
	breaks_find(dots, 7, brk, 0);
	check(!brk[2] && !brk[5], "breaks: …… and ―― stay together", "split");
	/* no break after an opening bracket */
	const uint32_t open[] = { 0x3042, 0x300c, 0x3044, 0x300d };
	breaks_find(open, 4, brk, 0);
	check(!brk[2] && !brk[3], "breaks: nothing after 「 nor before 」", "split");
}

static void
test_kinsoku(void)
{
	struct line *l;
	char why[128] = "";
	long n;

	/* 10 characters a line; the 11th is 。 and must not start line 2:
	 * the blanks of 、 and 。 give the half ems that take it in. */
	n = compose("あい、うえおかきくけ。さしすせそたちつてと", 10, 0, &l);
	check(kinsoku_ok(l, n, why, sizeof(why)), "kinsoku: 。 taken in (追い込み)", "%s", why);
	check(n == 2 && l[0].n == 11, "kinsoku: 。 set on the full line by compression",
	    "%ld lines, first has %zu glyphs", n, n > 0 ? l[0].n : 0);
	check(justified(l, n, 10 * EM) == 0, "kinsoku: compressed line ends at the measure",
	    "line %d", justified(l, n, 10 * EM));
	/* Nothing to compress: こ goes down with 。 (追い出し), line 1 stretched. */
	n = compose("あいうえおかきくけこ。さしすせそたちつてと", 10, 0, &l);
	check(kinsoku_ok(l, n, why, sizeof(why)) && n > 1 && l[0].n == 9 &&
	    l[1].g[0].cp == 0x3053, "kinsoku: こ。 pushed out (追い出し)", "%s, %zu glyphs",
	    why, n > 0 ? l[0].n : 0);
	check(justified(l, n, 10 * EM) == 0, "kinsoku: pushed-out line ends at the measure",
	    "line %d", justified(l, n, 10 * EM));

	/* 「 at the end of line 1 would be illegal: it moves to line 2. */
	n = compose("あいうえおかきくけ「こさしすせそ」たちつてとなにぬねの", 10, 0, &l);
	check(kinsoku_ok(l, n, why, sizeof(why)), "kinsoku: 「 never ends a line", "%s", why);
	check(justified(l, n, 10 * EM) == 0, "kinsoku: pushed-out line is stretched",
	    "line %d", justified(l, n, 10 * EM));

	/* ー, small kana, 々 never start a line. */
	const char *cases[] = {
		"あいうえおかきくけこーさしすせそ", "あいうえおかきくけこっさしすせそ",
		"あいうえおかきくけ人々さしすせそたち", "あいうえおかきくけこ）さしすせそ",
		"あいうえおかきくけこ～さしすせそ",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		n = compose(cases[i], 10, 0, &l);
		char name[64];
		snprintf(name, sizeof(name), "kinsoku: case %zu", i + 1);
		check(kinsoku_ok(l, n, why, sizeof(why)), name, "%s", why);
	}
}

static void
test_compression(void)
{
	struct line *l;
	long n;

	/* 」「 : the closing bracket is set half-width; 「 keeps its blank. */
	n = compose("あ」「い", 20, 0, &l);
	check(n == 1 && l[0].extent == 3 * EM + EM / 2,
	    "compression: 」「 takes 1.5 em", "extent %d, want %d", n ? l[0].extent : 0,
	    3 * EM + EM / 2);
	/* 。」 : two closing marks: 。 half. */
	n = compose("あ。」い", 20, 0, &l);
	check(n == 1 && l[0].extent == 3 * EM + EM / 2, "compression: 。」 takes 1.5 em",
	    "extent %d", n ? l[0].extent : 0);
	/* （「 : the second opening bracket's leading blank goes. */
	n = compose("あ（「い", 20, 0, &l);
	check(n == 1 && l[0].extent == 3 * EM + EM / 2 &&
	    l[0].g[2].pos == 2 * EM - EM / 2,
	    "compression: （「 takes 1.5 em, 「 drawn half an em back",
	    "extent %d pos %d", n ? l[0].extent : 0, n ? l[0].g[2].pos : 0);
}

static void
test_wakan(void)
{
	struct line *l;
	long n;
	fixed w3 = font_advance(comp.fonts[FONT_MINCHO], '3', EM);

	n = compose("第3次", 20, 0, &l);
	check(n == 1 && l[0].g[1].pos == EM + EM / 4 &&
	    l[0].g[2].pos == EM + EM / 4 + w3 + EM / 4,
	    "和欧間: a quarter em on both sides of 3", "pos %d %d",
	    n ? l[0].g[1].pos : 0, n ? l[0].g[2].pos : 0);
	n = compose("（Plan）", 20, 0, &l);
	fixed wp = compose_width(&comp, "Plan", FONT_MINCHO, EM);
	check(n == 1 && l[0].extent == 2 * EM + wp, "和欧間: none between bracket and Latin",
	    "extent %d want %d", n ? l[0].extent : 0, 2 * EM + wp);

	/* A line broken between kanji and digits has no 和欧間 at its end. */
	n = compose("あいうえおかきくけこ1234567890", 10, 0, &l);
	check(n == 2 && l[0].extent == 10 * EM && l[1].g[0].pos == 0,
	    "和欧間: none at line end or start", "lines %ld extent %d start %d",
	    n, n ? l[0].extent : 0, n > 1 ? l[1].g[0].pos : -1);
}

static void
test_indent_and_last_line(void)
{
	struct line *l;
	long n;

	n = compose("あいうえおかきくけこさしすせそ", 10, EM, &l);
	check(n == 2 && l[0].g[0].pos == EM && l[1].g[0].pos == 0,
	    "indent: one em on the first line only", "pos %d", n ? l[0].g[0].pos : 0);

	/* 9 + 1 would leave one character alone: the break moves back. */
	n = compose("あいうえおかきくけこさしすせそたちつてと", 10, EM, &l);
	size_t last = n > 0 ? l[n - 1].n : 0;
	check(n == 3 && last >= 2, "last line: never a single character",
	    "%ld lines, last holds %zu", n, last);
	check(justified(l, n, 10 * EM) == 0, "last line: the shortened line is justified",
	    "line %d", justified(l, n, 10 * EM));
}

static void
test_justification(void)
{
	struct line *l;
	long n;
	const char *text = "行財政再構築プランは、第三次長期総合計画（平成18年度～32年度）において"
	    "改革に必要な取組の一つとして位置付けられている計画で、PDCAサイクルの構築"
	    "や「地域協働の推進」「情報の共有と双方向のコミュニケーション」を定めます。";

	for (int chars = 12; chars <= 40; chars += 7) {
		char name[64], why[128] = "";
		n = compose(text, chars, EM, &l);
		snprintf(name, sizeof(name), "justify: %d characters a line", chars);
		check(n > 1 && justified(l, n, chars * EM) == 0, name, "line %d ragged",
		    justified(l, n, chars * EM));
		snprintf(name, sizeof(name), "justify: kinsoku at %d characters", chars);
		check(kinsoku_ok(l, n, why, sizeof(why)), name, "%s", why);
		int overlap = 0;
		for (long i = 0; i < n; i++)
			for (size_t g = 1; g < l[i].n; g++)
				if (l[i].g[g].pos + EM / 2 < l[i].g[g - 1].pos + l[i].g[g - 1].adv / 2)
					overlap = 1;
		snprintf(name, sizeof(name), "justify: glyphs advance at %d characters", chars);
		check(!overlap, name, "glyphs overlap");
	}
}

static struct cell
text_cell(const char *t, int colspan)
{
	struct cell c;
	memset(&c, 0, sizeof(c));
	c.text = (char *)t;
	c.colspan = colspan;
	c.rowspan = 1;
	return c;
}

static struct cell
num_cell(const char *t, double v, const char *unit)
{
	struct cell c = text_cell(t, 1);
	const char *dot = strchr(t, '.');
	c.is_number = 1;
	c.value = v;
	c.decimals = dot ? (int)strlen(dot + 1) : 0;
	c.unit = unit;
	return c;
}

/* A table: header "", A, B; a row spanning A-B; rows of numbers. */
static void
make_table(struct figure_def *f, struct cell **rows, size_t *ncells)
{
	static struct cell h[3], span[2], r1[3], r2[3];
	h[0] = text_cell("", 1);
	h[1] = text_cell("列A", 1);
	h[2] = text_cell("列B", 1);
	span[0] = text_cell("通し", 1);
	span[1] = text_cell("二列にわたる見出し", 2);
	r1[0] = text_cell("一", 1);
	r1[1] = num_cell("1234.5", 1234.5, "億円");
	r1[2] = num_cell("7", 7, "人");
	r2[0] = text_cell("二", 1);
	r2[1] = num_cell("3.25", 3.25, "%");
	r2[2] = num_cell("12345", 12345, "人");
	rows[0] = h;
	rows[1] = span;
	rows[2] = r1;
	rows[3] = r2;
	ncells[0] = 3;
	ncells[1] = 2;
	ncells[2] = 3;
	ncells[3] = 3;
	memset(f, 0, sizeof(*f));
	f->kind = FIG_TABLE;
	f->id = "t";
	f->caption = "試験の表";
	f->u.table.rows = rows;
	f->u.table.ncells = ncells;
	f->u.table.nrows = 4;
	f->u.table.nheader = 1;
	f->u.table.ncols = 3;
}

static void
test_table(struct figure_ctx *x)
{
	struct figure_def f;
	struct cell *rows[4];
	size_t ncells[4];
	struct figure_box box;

	make_table(&f, rows, ncells);
	check(figure_build(x, &f, 30 * EM, &box), "table: builds", "figure_build failed");
	/* Decimal points of column A line up: 1234.5 and 3.25. */
	fixed dots[4];
	int nd = 0;
	for (size_t b = 0; b < box.nbands; b++)
		for (size_t k = 0; k < box.bands[b].n; k++) {
			const struct draw *d = &box.bands[b].d[k];
			if (d->kind != DR_TEXT || d->text == NULL)
				continue;
			for (size_t g = 0; g < d->text->n; g++)
				if (d->text->g[g].cp == '.' && nd < 4)
					dots[nd++] = d->x + d->text->g[g].pos;
		}
	check(nd == 2 && dots[0] == dots[1], "table: numbers align on the decimal point",
	    "%d points at %d and %d", nd, nd > 0 ? dots[0] : 0, nd > 1 ? dots[1] : 0);
	/* The spanning cell's top rule is as wide as the two cells under it. */
	fixed span_w = 0, below = 0;
	fixed y_span = -1;
	for (size_t b = 0; b < box.nbands; b++)
		for (size_t k = 0; k < box.bands[b].n; k++) {
			const struct draw *d = &box.bands[b].d[k];
			if (d->kind == DR_LINE && d->h == 0 && d->w > span_w && b == 2) {
				span_w = d->w;
				y_span = d->y;
			}
		}
	for (size_t k = 0; k < box.bands[3].n; k++) {
		const struct draw *d = &box.bands[3].d[k];
		if (d->kind == DR_LINE && d->h == 0 && d->y == 0 && d->x > 0)
			below += d->w;
	}
	check(y_span >= 0 && span_w == below, "table: a colspan cell covers its columns",
	    "span %d, columns %d", span_w, below);
	int repeat = box.nbands > 1 && box.bands[1].repeat && !box.bands[2].repeat;
	check(repeat, "table: the header band repeats, body bands do not", "flags wrong");
}

/* A stacked chart of eight series: each legend box differs from the others
 * by its grey and pattern together, and no two series share both. */
static void
test_series_patterns(struct figure_ctx *x)
{
	struct figure_def t, c;
	static struct cell h[9], r[9];
	static char names[9][8];
	struct cell *rows[2] = { h, r };
	size_t ncells[2] = { 9, 9 };
	struct figure_box box;

	h[0] = text_cell("", 1);
	r[0] = text_cell("計", 1);
	for (int k = 1; k < 9; k++) {
		snprintf(names[k], sizeof(names[k]), "S%d", k);
		h[k] = text_cell(names[k], 1);
		r[k] = num_cell("10", 10, NULL);
	}
	memset(&t, 0, sizeof(t));
	t.kind = FIG_TABLE;
	t.id = "t8";
	t.caption = "表";
	t.u.table = (struct table_def){ rows, ncells, 2, 1, 9, NULL, 0, 0 };
	memset(&c, 0, sizeof(c));
	c.kind = FIG_CHART;
	c.id = "c8";
	c.caption = "内訳";
	c.u.chart.kind = CHART_STACKED;
	c.u.chart.data = &t;
	c.u.chart.first_col = 1;
	c.u.chart.last_col = 8;
	check(figure_build(x, &c, 30 * EM, &box), "chart patterns: an 8-series chart builds",
	    "failed");
	/* legend boxes: squares with a fill and an outline, then their stripes */
	int sig[16], n = 0;
	for (size_t b = 0; b < box.nbands && n < 16; b++) {
		const struct band *bd = &box.bands[b];
		for (size_t k = 0; k < bd->n && n < 16; k++) {
			const struct draw *d = &bd->d[k];
			if (d->kind != DR_RECT || d->fill < 0 || d->stroke == 0 || d->w != d->h)
				continue;
			int vertical = 0, horizontal = 0;
			for (size_t j = k + 1; j < bd->n && bd->d[j].fill >= 0 &&
			    bd->d[j].stroke == 0 && bd->d[j].kind == DR_RECT; j++) {
				vertical |= bd->d[j].w < bd->d[j].h;
				horizontal |= bd->d[j].w > bd->d[j].h;
			}
			sig[n++] = d->fill * 4 + vertical + 2 * horizontal;
		}
	}
	int distinct = n == 8, patterned = 0;
	for (int i = 0; i < n; i++) {
		patterned += sig[i] % 4 != 0;
		for (int j = 0; j < i; j++)
			distinct &= sig[i] != sig[j];
	}
	check(distinct && patterned >= 5, "chart patterns: eight series, eight grey and pattern pairs",
	    "%d legend boxes, %d patterned", n, patterned);
}

static void
test_chart(struct figure_ctx *x)
{
	struct figure_def t, c;
	static struct cell h[5], r[5];
	struct cell *rows[2] = { h, r };
	size_t ncells[2] = { 5, 5 };
	struct figure_box box;

	h[0] = text_cell("", 1);
	h[1] = text_cell("目標", 1);
	h[2] = text_cell("1年", 1);
	h[3] = text_cell("2年", 1);
	h[4] = text_cell("3年", 1);
	r[0] = text_cell("値", 1);
	r[1] = num_cell("50", 50, "人");
	r[2] = num_cell("20", 20, "人");
	r[3] = num_cell("35", 35, "人");
	r[4] = num_cell("80", 80, "人");
	memset(&t, 0, sizeof(t));
	t.kind = FIG_TABLE;
	t.id = "t";
	t.caption = "表";
	t.u.table = (struct table_def){ rows, ncells, 2, 1, 5, NULL, 0, 0 };
	memset(&c, 0, sizeof(c));
	c.kind = FIG_CHART;
	c.id = "c";
	c.caption = "推移";
	c.u.chart.kind = CHART_TREND;
	c.u.chart.data = &t;
	c.u.chart.row = "値";
	c.u.chart.first_col = 2;
	c.u.chart.last_col = 4;
	c.u.chart.target_col = 1;
	c.u.chart.unit = "人";
	check(figure_build(x, &c, 20 * EM, &box), "chart: builds", "failed");
	/* markers: filled black squares; their centres against the values */
	fixed y[3];
	int n = 0;
	fixed target_y = -1;
	for (size_t b = 0; b < box.nbands; b++)
		for (size_t k = 0; k < box.bands[b].n; k++) {
			const struct draw *d = &box.bands[b].d[k];
			if (d->kind == DR_RECT && d->fill == 0 && n < 3)
				y[n++] = d->y + d->h / 2;
			if (d->kind == DR_LINE && d->dashed == 2)
				target_y = d->y;
		}
	/* 20, 35, 80 and the target 50: heights proportional to values */
	double per = n == 3 ? (double)(y[0] - y[2]) / (80 - 20) : 0;
	double mid = n == 3 ? (double)(y[0] - y[1]) / (35 - 20) : 0;
	double tgt = n == 3 ? (double)(y[0] - target_y) / (50 - 20) : 0;
	check(n == 3 && per > 0 && fabs(per - mid) < 0.01 * per && fabs(per - tgt) < 0.01 * per,
	    "chart: a value maps to its height on the axis", "%d markers, %.3f %.3f %.3f",
	    n, per, mid, tgt);
}

static long
compose_v(const char *text, int chars, struct line **out)
{
	struct compose_style st = { FONT_MINCHO, EM, EM * chars, EM, 0, 1, 1, 0, NULL, 0 };
	return compose_text(&comp, text, NULL, 0, &st, out);
}

static const struct glyph *
find_glyph(const struct line *l, long n, uint32_t cp)
{
	for (long i = 0; i < n; i++)
		for (size_t g = 0; g < l[i].n; g++)
			if (l[i].g[g].cp == cp)
				return &l[i].g[g];
	return NULL;
}

static void
test_vertical(void)
{
	struct line *l;
	long n;
	const struct glyph *g;

	n = compose_v("漢字「かな」、PDCAとッーの平成29年と2006年", 40, &l);
	g = find_glyph(l, n, 0x6f22);
	check(g && g->orient == GO_UPRIGHT, "vertical: kanji upright", "orient %d", g ? g->orient : -1);
	g = find_glyph(l, n, 0x300c);
	check(g && g->orient == GO_ROTATED, "vertical: 「 turned", "orient %d", g ? g->orient : -1);
	g = find_glyph(l, n, 0x3001);
	check(g && g->orient == GO_UPRIGHT && g->show == 0xfe11,
	    "vertical: 、 drawn as its vertical form U+FE11", "show U+%04X", g ? g->show : 0);
	g = find_glyph(l, n, 'P');
	check(g && g->orient == GO_ROTATED, "vertical: Latin rotated", "orient %d", g ? g->orient : -1);
	g = find_glyph(l, n, 0x30c3);
	check(g && g->orient == GO_UPRIGHT && g->cross > 0,
	    "vertical: small kana moved toward the upper right", "cross %d", g ? g->cross : 0);
	g = find_glyph(l, n, 0x30fc);
	check(g && g->orient == GO_ROTATED, "vertical: ー turned", "orient %d", g ? g->orient : -1);
	/* 29: one 縦中横 cell of one em, two glyphs side by side */
	int tcy = 0, rot = 0;
	for (size_t k = 0; k < l[0].n; k++) {
		if (l[0].g[k].orient == GO_TCY)
			tcy++;
		if (l[0].g[k].orient == GO_ROTATED && l[0].g[k].cp >= '0' && l[0].g[k].cp <= '9')
			rot++;
	}
	check(tcy == 2 && rot == 4, "vertical: 29 is 縦中横, 2006 is rotated",
	    "%d tcy digits, %d rotated digits", tcy, rot);
	n = compose_v("第2章の93.9%", 40, &l);
	g = find_glyph(l, n, '2');
	const struct glyph *dot = find_glyph(l, n, '.');
	check(g && g->orient == GO_TCY && g->cross < 0 && dot && dot->orient == GO_ROTATED,
	    "vertical: one digit 縦中横 centred, 93.9% rotated", "orient %d", g ? g->orient : -1);

	/* the same kinsoku and justification along columns */
	const char *text = "行財政再構築プランは、第三次長期総合計画（平成18年度～32年度）において"
	    "改革に必要な取組の一つとして位置付けられている計画で、PDCAサイクルの構築"
	    "や「地域協働の推進」「情報の共有と双方向のコミュニケーション」を定めます。";
	for (int chars = 13; chars <= 41; chars += 7) {
		char name[64], why[128] = "";
		n = compose_v(text, chars, &l);
		snprintf(name, sizeof(name), "vertical: %d characters a column justified", chars);
		check(n > 1 && justified(l, n, chars * EM) == 0, name, "column %d ragged",
		    justified(l, n, chars * EM));
		snprintf(name, sizeof(name), "vertical: kinsoku at %d characters", chars);
		check(kinsoku_ok(l, n, why, sizeof(why)), name, "%s", why);
	}
}


/* Numbers of headings without their separator, in both numeral systems. */
static void
test_heading_labels(void)
{
	static const struct {
		enum block_kind kind;
		int number;
		const char *arabic, *kanji, *heading;
	} cases[] = {
		{ BK_PART, 1, "第1部", "第一部", "第1部　" },
		{ BK_CHAPTER, 2, "第2章", "第二章", "第2章　" },
		{ BK_SECTION, 12, "12", "十二", "12　" },
		{ BK_SUBSECTION, 1, "（1）", "（一）", "（1）" },
		{ BK_ITEM, 3, "③", "③", "③　" },
		{ BK_ITEM, 21, "㉑", "㉑", "㉑　" },
		{ BK_ITEM, 36, "㊱", "㊱", "㊱　" },
		{ BK_ITEM, 50, "㊿", "㊿", "㊿　" },
		{ BK_SERIES_ITEM, 5, "方針5", "方針五", "方針5：" },
		{ BK_CHAPTER, 0, "", "", "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct block b = { .kind = cases[i].kind, .number = cases[i].number,
			.prefix = "方針" };
		struct strbuf a = {0}, k = {0};
		char num[64], name[96];

		heading_label(&b, 0, &a);
		heading_label(&b, 1, &k);
		heading_number(&b, num, sizeof(num), 0);
		snprintf(name, sizeof(name), "labels: %s %d is %s / %s, heading %s",
		    block_kind_name(b.kind), b.number, cases[i].arabic, cases[i].kanji,
		    cases[i].heading);
		check(strcmp(a.s ? a.s : "", cases[i].arabic) == 0 &&
		    strcmp(k.s ? k.s : "", cases[i].kanji) == 0 &&
		    strcmp(num, cases[i].heading) == 0, name, "got %s / %s, heading %s",
		    a.s ? a.s : "", k.s ? k.s : "", num);
		sb_free(&a);
		sb_free(&k);
	}
}

/* Numbers set into the text, footnote marks moved past them in order. */
static void
test_xref_expand(void)
{
	struct block target = { .kind = BK_SUBSECTION, .number = 2 };
	/* 注[^a][@x]と[@x][^b]。: a mark written before a reference stays before it */
	struct fnref refs[] = {
		{ .offset = 3, .pos = { "t", 1, 2 } },
		{ .offset = 6, .pos = { "t", 1, 15 } },
	};
	struct xref xrefs[] = {
		{ .offset = 3, .pos = { "t", 1, 6 }, .target = &target },
		{ .offset = 6, .pos = { "t", 1, 11 }, .target = &target },
	};
	struct block b = { .kind = BK_PARAGRAPH, .text = "注と。", .refs = refs,
		.nrefs = 2, .xrefs = xrefs, .nxrefs = 2 };
	size_t marks[] = { 3, 6 };

	char *t = xref_expand(&b, 1, marks);
	check(strcmp(t, "注（二）と（二）。") == 0, "xref: numbers set in kanji", "got %s", t);
	/* 注 is 3 bytes, （二） 9: marks after 注 and after the second （二） */
	check(marks[0] == 3 && marks[1] == 6 + 9 + 9,
	    "xref: footnote marks keep their places", "offsets %zu %zu",
	    marks[0], marks[1]);
	free(t);

	size_t again[] = { 3, 6 };
	t = xref_expand_marked(&b, again);
	check(strcmp(t, "注[@（2）]と[@（2）]。") == 0 && again[1] == 6 + 10 + 10,
	    "xref: dump form [@（2）]", "got %s, offset %zu", t, again[1]);
	free(t);
}

/* The text of lines[i] as UTF-8, into buf. */
static void
line_utf8(const struct line *ln, char *buf, size_t size)
{
	size_t k = 0;

	for (size_t g = 0; g < ln->n && k + 5 < size; g++)
		k += utf8_encode(ln->g[g].cp, buf + k);
	buf[k] = '\0';
}

/* Figure text wraps between phrases (ICU lw=phrase), in balanced lines,
 * never inside a date or an ordinal; a lone phrase too long breaks where
 * it must, and says so. */
static void
test_figure_phrases(struct figure_ctx *x)
{
	static const struct {
		const char *text;
		int ems;		/* measure in ems of 10 pt */
		const char *want;	/* the lines joined by / */
	} cases[] = {
		{ "小平市第三次長期総合計画", 9, "小平市第三次/長期総合計画" },
		{ "情報の共有と双方向のコミュニケーションの推進", 14,
		  "情報の共有と双方向の/コミュニケーションの推進" },
		{ "行財政再構築方針（平成29年度～32年度）", 11, "行財政再構築方針/（平成29年度～32年度）" },
		{ "第2次行財政改革推進プラン", 9, "第2次行財政/改革推進プラン" },
		{ "23年度決算", 4, "23年度/決算" },
	};
	char why[256] = "";
	int bad = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct line *ls;
		long n = figure_wrap(x, cases[i].text, FONT_MINCHO, EM, EM * cases[i].ems, &ls);
		char got[256] = "", one[128];
		for (long k = 0; k < n; k++) {
			line_utf8(&ls[k], one, sizeof(one));
			if (k > 0)
				strcat(got, "/");
			strncat(got, one, sizeof(got) - strlen(got) - 1);
		}
		if (strcmp(got, cases[i].want) != 0) {
			bad++;
			snprintf(why, sizeof(why), "%s at %d em: %s", cases[i].text, cases[i].ems, got);
		}
	}
	check(bad == 0, "figure text wraps between phrases, balanced", "%s", why);

	struct line *ls;
	long n = figure_wrap(x, "フォローアップ", FONT_MINCHO, EM, EM * 3, &ls);
	check(n == 3 && ls[0].weak_break && !ls[2].weak_break,
	    "a phrase longer than the measure breaks and is marked weak", "%ld lines", n);
}

/* Two note references side by side print 1,2, never 12. */
static void
test_adjacent_marks(void)
{
	struct compose_style st = { FONT_MINCHO, EM, EM * 20, 0, 0, 1, 0, 0, NULL, 0 };
	struct text_mark marks[] = { { 2, 0, 1 }, { 2, 1, 2 }, { 5, 2, 12 } };
	struct line *ln;
	char got[64];

	long n = compose_text(&comp, "DXと推進", marks, 3, &st, &ln);
	line_utf8(&ln[0], got, sizeof(got));
	check(n == 1 && strcmp(got, "DX1,2と12推進") == 0 && ln[0].nnotes == 3,
	    "adjacent note marks print 1,2", "got %s", got);
}

/* The texts of a built figure, joined by "|", and how many are weak. */
static int
figure_texts(const struct figure_box *box, char *out, size_t size)
{
	int weak = 0;
	char one[256];

	out[0] = '\0';
	for (size_t b = 0; b < box->nbands; b++)
		for (size_t k = 0; k < box->bands[b].n; k++) {
			const struct draw *d = &box->bands[b].d[k];
			if (d->kind != DR_TEXT)
				continue;
			weak += d->text->weak_break;
			line_utf8(d->text, one, sizeof(one));
			strncat(out, one, size - strlen(out) - 1);
			strncat(out, "|", size - strlen(out) - 1);
		}
	return weak;
}

/* Timelines: 西暦 labels never split inside a number at any width; wareki
 * labels with the era on the first year and both eras in a year in which
 * one begins; a one-year bar whose word is longer than a year gets the
 * width of the word; trees widen the column of their longest text. */
static void
test_diagrams(struct figure_ctx *x)
{
	static struct timeline_bar bars[] = {
		{ "長期総合計画", { NULL, 0, 0 }, 2009, 2028, 1 },
		{ "フォローアップ", { NULL, 0, 0 }, 2018, 2018, 2 },
	};
	struct figure_def f;
	struct figure_box box;
	static char texts[8192];
	char why[256] = "";
	int bad = 0;

	memset(&f, 0, sizeof(f));
	f.kind = FIG_DIAGRAM;
	f.id = "t";
	f.caption = "年表";
	f.u.diagram.kind = DIAGRAM_TIMELINE;
	f.u.diagram.bars = bars;
	f.u.diagram.nbars = 2;
	f.u.diagram.year_from = 2009;
	f.u.diagram.year_to = 2028;
	f.u.diagram.year_label = "%d年度";
	for (int w = 12; w <= 48; w += 6) {
		if (!figure_build(x, &f, w * EM, &box)) {
			bad++;
			continue;
		}
		int weak = figure_texts(&box, texts, sizeof(texts));
		/* every run of digits is a whole year */
		int run = 0;
		for (const char *p = texts; ; p++) {
			if (*p >= '0' && *p <= '9')
				run++;
			else {
				if (run != 0 && run != 4)
					weak++;
				run = 0;
			}
			if (*p == '\0')
				break;
		}
		if (weak > 0 || strstr(texts, "フォローアップ|") == NULL) {
			bad++;
			snprintf(why, sizeof(why), "%d em: %.200s", w, texts);
		}
	}
	check(bad == 0, "西暦 timeline: no number split, no weak break, at 12-48 em",
	    "%s", why);

	f.u.diagram.wareki = 1;
	check(figure_build(x, &f, 60 * EM, &box), "wareki timeline builds", "failed");
	figure_texts(&box, texts, sizeof(texts));
	/* the label lines read as one text */
	char *w = texts;
	for (char *r = texts; *r != '\0'; r++)
		if (*r != '|')
			*w++ = *r;
	*w = '\0';
	check(strstr(texts, "平成21年度23年度") != NULL &&
	    strstr(texts, "29年度30年度平成31年度令和元年度3年度") != NULL &&
	    strstr(texts, "令和3") == NULL,
	    "wareki labels: era on the first year and on 平成31年度／令和元年度", "%.300s", texts);
	f.u.diagram.year_label = "%d年";
	f.u.diagram.year_from = 1985;
	f.u.diagram.year_to = 1992;
	bars[0].from = 1985, bars[0].to = 1992;
	bars[1].from = 1990, bars[1].to = 1990;
	check(figure_build(x, &f, 80 * EM, &box), "wareki calendar years build", "failed");
	figure_texts(&box, texts, sizeof(texts));
	check(strstr(texts, "昭和60年") != NULL && strstr(texts, "昭和64年／平成元年") != NULL &&
	    strstr(texts, "|2年|") != NULL,
	    "wareki calendar years: 昭和64年／平成元年 on one line when it fits", "%.300s", texts);

	static struct diagram_node kids[] = {
		{ "情報の共有と双方向のコミュニケーション", NULL, 0, { NULL, 0, 0 } },
	};
	struct figure_def t;
	memset(&t, 0, sizeof(t));
	t.kind = FIG_DIAGRAM;
	t.id = "tree";
	t.caption = "体系";
	t.u.diagram.kind = DIAGRAM_TREE;
	static struct diagram_node root = { "方針", kids, 1, { NULL, 0, 0 } };
	t.u.diagram.root = (struct diagram_node){ NULL, &root, 1, { NULL, 0, 0 } };
	check(figure_build(x, &t, 40 * EM, &box), "tree builds", "failed");
	int weak = figure_texts(&box, texts, sizeof(texts));
	check(weak == 0 && strstr(texts, "|情報の共有と双方向のコミュニケーション|") != NULL,
	    "tree: the column of the long box widens so that it stays on one line", "%s", texts);
}

/* Note numbers 1-99 stand clear of their note's first character, in
 * both writing modes (vertical: one 縦中横 cell). */
static void
test_note_numbers(const struct layout *a4, const struct layout *v)
{
	const struct layout *ls[] = { a4, v };
	char text[] = "人件費、扶助費、公債費のように毎年度経常的に支出される経費。";
	int bad = 0, tcy = 0;
	char why[128] = "";

	for (int k = 0; k < 2; k++)
		for (int n = 1; n <= 99; n++) {
			struct footnote fn = { "x", text, NULL, { NULL, 0, 0 }, n };
			struct note_lines nl = { NULL, 0 };
			if (!flow_compose_note(&comp, ls[k], &fn, layout_measure(ls[k]), &nl) ||
			    nl.nlines == 0) {
				bad++;
				continue;
			}
			const struct line *ln = &nl.lines[0];
			size_t digits = n < 10 ? 1 : 2;
			fixed end = 0;
			for (size_t i = 0; i < digits; i++) {
				fixed e = ln->g[i].pos + ln->g[i].adv;
				if (e > end)
					end = e;
				tcy += ln->g[i].orient == GO_TCY;
			}
			if (end > ln->g[digits].pos || ln->g[digits].cp != 0x4eba) {
				bad++;
				snprintf(why, sizeof(why), "%s note %d: number ends at %d, text at %d",
				    k ? "vertical" : "horizontal", n, end, ln->g[digits].pos);
			}
		}
	check(bad == 0, "note numbers 1-99 stand clear of the note in both writing modes",
	    "%d bad: %s", bad, why);
	check(tcy == 9 + 90 * 2, "vertical note numbers are 縦中横 cells", "%d digits", tcy);
}


/* Units hang after the numbers on one line; a long note is set whole. */
static void
test_table_units_and_notes(struct figure_ctx *x)
{
	static struct cell h[2], r1[2], r2[2], r3[2];
	struct cell *rows[4] = { h, r1, r2, r3 };
	size_t ncells[4] = { 2, 2, 2, 2 };
	const char *note = "平成28年度から平成32年度までの5年間における各年度の決算見込額を基に、"
	    "市税収入の動向と扶助費の伸びを考慮して算定した見込みの値です";
	struct figure_def f;
	struct figure_box box;

	h[0] = text_cell("指標", 1);
	h[1] = text_cell("目標", 1);
	r1[0] = text_cell("職員数", 1);
	r1[1] = num_cell("910", 910, "人");
	r2[0] = text_cell("比率", 1);
	r2[1] = num_cell("95.0", 95.0, "%以下");
	r3[0] = text_cell("基金", 1);
	r3[1] = num_cell("30", 30, "億円");
	r3[1].note = note;
	memset(&f, 0, sizeof(f));
	f.kind = FIG_TABLE;
	f.id = "u";
	f.caption = "単位の表";
	f.u.table.rows = rows;
	f.u.table.ncells = ncells;
	f.u.table.nrows = 4;
	f.u.table.nheader = 1;
	f.u.table.ncols = 2;
	check(strlen(note) > 128, "table: the test note is over 128 bytes", "%zu", strlen(note));
	check(figure_build(x, &f, 16 * EM, &box), "table: a long note builds", "failed");
	fixed unit_x[3] = {0}, int_end[3] = {0};
	int nu = 0, ni = 0;
	struct strbuf all = {0};
	for (size_t b = 0; b < box.nbands; b++)
		for (size_t k = 0; k < box.bands[b].n; k++) {
			const struct draw *d = &box.bands[b].d[k];
			if (d->kind != DR_TEXT || d->text == NULL || d->text->n == 0)
				continue;
			const struct line *ln = d->text;
			char first[8] = {0};
			utf8_encode(ln->g[0].cp, first);
			if ((!strcmp(first, "人") || !strcmp(first, "%") || !strcmp(first, "億")) &&
			    nu < 3)
				unit_x[nu++] = d->x;
			if (ln->g[0].cp >= '0' && ln->g[0].cp <= '9' && ni < 3) {
				/* right edge of the integer part */
				size_t g = 0;
				while (g < ln->n && ln->g[g].cp >= '0' && ln->g[g].cp <= '9')
					g++;
				int_end[ni++] = d->x + (g < ln->n ? ln->g[g].pos : ln->extent);
			}
			for (size_t g = 0; g < ln->n; g++) {
				char u[8] = {0};
				utf8_encode(ln->g[g].cp, u);
				sb_puts(&all, u);
			}
		}
	check(nu == 3 && unit_x[0] == unit_x[1] && unit_x[1] == unit_x[2],
	    "table: units hang after the numbers from one line (910人, 95.0%以下, 30億円)",
	    "%d units at %d %d %d", nu, unit_x[0], unit_x[1], unit_x[2]);
	check(ni == 3 && int_end[0] == int_end[1] && int_end[1] == int_end[2],
	    "table: numbers with units align on the decimal point",
	    "%d numbers, integers end at %d %d %d", ni, int_end[0], int_end[1], int_end[2]);
	check(all.s && strstr(all.s, note) != NULL,
	    "table: a note over 128 bytes is set whole, wrapped", "got %s", all.s ? all.s : "");
	sb_free(&all);
}

/* A trend chart of a row under a rowspan plots that row's cells. */
static void
test_chart_under_rowspan(struct figure_ctx *x)
{
	const char *path = "/tmp/plangen-unit-rowspan.yaml";
	FILE *f = fopen(path, "w");
	struct figure_def *figs = NULL, c;
	size_t n = 0, cap = 0;
	struct arena a = {0};
	struct figure_box box;

	if (f == NULL) {
		check(0, "chart: temporary file", "cannot write %s", path);
		return;
	}
	fputs("s:\n  caption: 基金\n  header:\n"
	    "    - [区分, 内訳, 3年度, 4年度, 5年度, 6年度]\n"
	    "  rows:\n"
	    "    - [{text: 基金, rowspan: 2}, 積立額, \"1,200\", 850, \"1,020\", 900]\n"
	    "    - [取崩額, \"△1,500\", \"△640\", \"△1,100\", \"△780\"]\n", f);
	fclose(f);
	int ok = figures_load(&a, path, FIG_TABLE, NULL, &figs, &n, &cap);
	remove(path);
	if (!ok || n != 1) {
		check(0, "chart: the rowspan table loads", "ok %d, %zu figures", ok, n);
		free(figs);
		arena_free(&a);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.kind = FIG_CHART;
	c.id = "c";
	c.caption = "取崩額";
	c.u.chart.kind = CHART_TREND;
	c.u.chart.data = &figs[0];
	c.u.chart.row = "取崩額";
	c.u.chart.first_col = 2;
	c.u.chart.last_col = 5;
	c.u.chart.unit = "千円";
	int markers = 0;
	if (figure_build(x, &c, 20 * EM, &box))
		for (size_t b = 0; b < box.nbands; b++)
			for (size_t k = 0; k < box.bands[b].n; k++)
				if (box.bands[b].d[k].kind == DR_RECT && box.bands[b].d[k].fill == 0)
					markers++;
	const struct cell *first = table_cell_at(&figs[0].u.table, 2, 2);
	check(markers == 4 && first != NULL && first->value == -1500.0,
	    "chart: a row under a rowspan plots its four values (△1,500 first)",
	    "%d markers, first %s", markers, first && first->text ? first->text : "(none)");
	free(figs);
	arena_free(&a);
}

/* Numbers as offices write them: read, printed, added exactly. */
static void
test_numbers(void)
{
	static const struct {
		const char *s;
		enum number_parse r;
		int64_t units;
		int decimals, percent;
	} cases[] = {
		{ "1,234,567", NUM_OK, 1234567, 0, 0 },
		{ "126418", NUM_OK, 126418, 0, 0 },
		{ "△1,200", NUM_OK, -1200, 0, 0 },
		{ "▲1,200", NUM_OK, -1200, 0, 0 },
		{ "-3.4", NUM_OK, -34, 1, 0 },
		{ "−3.4", NUM_OK, -34, 1, 0 },
		{ "12.5%", NUM_OK, 125, 1, 1 },
		{ "0.05", NUM_OK, 5, 2, 0 },
		{ "178,503.88", NUM_OK, 17850388, 2, 0 },
		{ "1,23,4", NUM_MALFORMED, 0, 0, 0 },
		{ "12,34", NUM_MALFORMED, 0, 0, 0 },
		{ "1234,567", NUM_MALFORMED, 0, 0, 0 },
		{ "1.2.3", NUM_MALFORMED, 0, 0, 0 },
		{ "1,234.5,6", NUM_MALFORMED, 0, 0, 0 },
		{ "12.", NUM_MALFORMED, 0, 0, 0 },
		{ "0123", NUM_MALFORMED, 0, 0, 0 },
		{ "1234567890123456789", NUM_MALFORMED, 0, 0, 0 },
		{ "1年度", NUM_NOT, 0, 0, 0 },
		{ "△", NUM_NOT, 0, 0, 0 },
		{ "-", NUM_NOT, 0, 0, 0 },
		{ ",123", NUM_NOT, 0, 0, 0 },
		{ "H24.4.1", NUM_NOT, 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct decimal d = { 0, 0 };
		int pc = 0;
		enum number_parse r = number_parse(cases[i].s, &d, &pc);
		char name[96];
		snprintf(name, sizeof(name), "numbers: '%s' reads as %s", cases[i].s,
		    cases[i].r == NUM_OK ? "a number" : cases[i].r == NUM_NOT ? "text" :
		    "a malformed number");
		check(r == cases[i].r && (r != NUM_OK || (d.units == cases[i].units &&
		    d.decimals == cases[i].decimals && pc == cases[i].percent)), name,
		    "got %d: %lld / 10^%d, percent %d", (int)r, (long long)d.units,
		    d.decimals, pc);
	}

	static const struct {
		int64_t units;
		int decimals;
		enum negative_style st;
		const char *want;
	} prints[] = {
		{ 126418, 0, NEG_TRIANGLE, "126,418" },
		{ 1234567, 0, NEG_TRIANGLE, "1,234,567" },
		{ 999, 0, NEG_TRIANGLE, "999" },
		{ -1200, 0, NEG_TRIANGLE, "△1,200" },
		{ -1200, 0, NEG_MINUS, "−1,200" },
		{ 123456780, 2, NEG_TRIANGLE, "1,234,567.80" },
		{ 5, 2, NEG_TRIANGLE, "0.05" },
		{ -5, 1, NEG_TRIANGLE, "△0.5" },
		{ 0, 1, NEG_MINUS, "0.0" },
		{ -INT64_C(999999999999999999), 0, NEG_MINUS, "−999,999,999,999,999,999" },
	};
	for (size_t i = 0; i < sizeof(prints) / sizeof(prints[0]); i++) {
		struct strbuf sb = {0};
		struct decimal d = { prints[i].units, prints[i].decimals };
		number_format(&sb, d, prints[i].st);
		char name[96];
		snprintf(name, sizeof(name), "numbers: printed as %s", prints[i].want);
		check(strcmp(sb.s, prints[i].want) == 0, name, "got '%s'", sb.s);
		sb_free(&sb);
	}

	/* 0.1 + 0.2 is 0.3 exactly; 1.5 + 2 equals 3.50; a total off by 1 is off */
	struct decimal a = { 1, 1 }, b = { 2, 1 }, s, want = { 3, 1 };
	check(decimal_add(&s, a, b) && decimal_cmp(s, want) == 0,
	    "numbers: 0.1 + 0.2 = 0.3 exactly", "got %lld/10^%d", (long long)s.units, s.decimals);
	a = (struct decimal){ 15, 1 };
	b = (struct decimal){ 2, 0 };
	want = (struct decimal){ 350, 2 };
	check(decimal_add(&s, a, b) && decimal_cmp(s, want) == 0, "numbers: 1.5 + 2 = 3.50",
	    "got %lld/10^%d", (long long)s.units, s.decimals);
	a = (struct decimal){ 9999, 0 };
	b = (struct decimal){ 10000, 0 };
	check(decimal_cmp(a, b) < 0 && decimal_cmp(b, a) > 0, "numbers: 9,999 is not 10,000", "");
	a = (struct decimal){ 999999999999999999, 0 };
	b = (struct decimal){ 1, 1 };
	check(decimal_cmp(a, b) > 0 && !decimal_add(&s, a, b),
	    "numbers: an overflowing sum is reported, not wrapped", "");
}

/* Spans resolved into a grid: table_cell_at counts row spans. */
static void
test_table_grid(void)
{
	const char *path = "/tmp/plangen-unit-grid.yaml";
	FILE *f = fopen(path, "w");
	struct figure_def *figs = NULL;
	size_t n = 0, cap = 0;
	struct arena a = {0};

	if (f == NULL) {
		check(0, "grid: temporary file", "cannot write %s", path);
		return;
	}
	fputs("g:\n  caption: 表\n  negative: minus\n  header:\n"
	    "    - [区分, 内訳, {text: 年度, colspan: 2}, 計]\n"
	    "  rows:\n"
	    "    - [{text: 歳入, rowspan: 2}, 市税, \"1,000\", \"△200\", 800]\n"
	    "    - [交付金, 12.5%, 3, 15.5]\n"
	    "    - [合計, ~, 1, 2, 3]\n", f);
	fclose(f);
	int ok = figures_load(&a, path, FIG_TABLE, NULL, &figs, &n, &cap);
	remove(path);
	check(ok && n == 1, "grid: the test table loads", "ok %d, %zu figures", ok, n);
	if (!ok || n != 1) {
		free(figs);
		arena_free(&a);
		return;
	}
	const struct table_def *t = &figs[0].u.table;
	const struct cell *c = table_cell_at(t, 2, 2);
	check(t->ncols == 5 && c != NULL && c->is_number && c->exact == 125 && c->decimals == 1 &&
	    c->unit && strcmp(c->unit, "%") == 0,
	    "grid: under a rowspan, column 2 of the row is 12.5%", "ncols %d, cell %s", t->ncols,
	    c && c->text ? c->text : "(null)");
	c = table_cell_at(t, 1, 3);
	check(c != NULL && c->exact == -200 && strcmp(c->text, "−200") == 0,
	    "grid: △200 prints as −200 in a table with negative: minus", "cell %s",
	    c && c->text ? c->text : "(null)");
	c = table_cell_at(t, 1, 2);
	check(c != NULL && c->exact == 1000 && c->value == 1000.0 && strcmp(c->text, "1,000") == 0,
	    "grid: \"1,000\" is the number 1000", "cell %s", c && c->text ? c->text : "(null)");
	check(table_cell_at(t, 2, 0) == NULL && table_cell_covering(t, 2, 0) == &t->rows[1][0],
	    "grid: the rowspan covers the row below without starting there", "");
	check(table_cell_at(t, 0, 3) == NULL && table_cell_at(t, 0, 2) == &t->rows[0][2],
	    "grid: a colspan starts at its first column only", "");
	c = table_cell_at(t, 3, 1);
	check(c != NULL && c->text == NULL, "grid: ~ is an empty cell", "");
	free(figs);
	arena_free(&a);
}

/* Chart geometry: the boxes of a chart's texts against each other, its
 * markers, its bar segments and its lines (not the light gridlines). */
struct gbox {
	fixed x0, y0, x1, y1;
};

static int
gbox_meet(const struct gbox *a, const struct gbox *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Whether the segment from (x0, y0) by (w, h) passes through the box. */
static int
segment_meets(const struct gbox *r, fixed x0, fixed y0, fixed w, fixed h)
{
	double t0 = 0, t1 = 1;
	double p[4] = { -(double)w, (double)w, -(double)h, (double)h };
	double q[4] = { (double)x0 - r->x0, (double)r->x1 - x0, (double)y0 - r->y0,
	    (double)r->y1 - y0 };
	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] <= 0)
				return 0;
			continue;
		}
		double t = q[i] / p[i];
		if (p[i] < 0) {
			if (t > t0)
				t0 = t;
		} else if (t < t1)
			t1 = t;
		if (t0 >= t1)
			return 0;
	}
	return 1;
}

static struct gbox
text_box(const struct draw *d)
{
	fixed size = 0;
	for (size_t g = 0; g < d->text->n; g++)
		if (d->text->g[g].size > size)
			size = d->text->g[g].size;
	/* the ink of IPAex lies within 0.88 em above and 0.12 below the
	 * baseline; a tenth of a point of slack against touching */
	struct gbox b = { d->x + PT(0.1), d->y - size * 88 / 100 + PT(0.1),
	    d->x + d->text->extent - PT(0.1), d->y + size * 12 / 100 - PT(0.1) };
	return b;
}

/* 0 if every text of the box stands clear; else why not, in why. */
static int
chart_clear(const struct figure_box *box, char *why, size_t whylen)
{
	char s1[128], s2[128];

	for (size_t b = 0; b < box->nbands; b++) {
		const struct band *bd = &box->bands[b];
		for (size_t i = 0; i < bd->n; i++) {
			const struct draw *t = &bd->d[i];
			if (t->kind != DR_TEXT || t->text == NULL || t->text->n == 0)
				continue;
			struct gbox tb = text_box(t);
			line_utf8(t->text, s1, sizeof(s1));
			for (size_t k = 0; k < bd->n; k++) {
				const struct draw *o = &bd->d[k];
				if (k == i)
					continue;
				if (o->kind == DR_TEXT && o->text != NULL && o->text->n > 0 && k > i) {
					struct gbox ob = text_box(o);
					if (gbox_meet(&tb, &ob)) {
						line_utf8(o->text, s2, sizeof(s2));
						snprintf(why, whylen, "「%s」 on 「%s」 at (%.1f, %.1f) and (%.1f, %.1f) pt",
						    s1, s2, t->x / 1024.0, t->y / 1024.0, o->x / 1024.0,
						    o->y / 1024.0);
						return 0;
					}
				}
				if (o->kind == DR_RECT) {
					struct gbox ob = { o->x, o->y, o->x + o->w, o->y + o->h };
					if (o->w < 0) {
						ob.x0 = o->x + o->w;
						ob.x1 = o->x;
					}
					int marker = o->fill == 0;
					int segment = o->fill > 0 && o->fill < 1000 && o->stroke > 0;
					int inside = tb.x0 >= ob.x0 && tb.x1 <= ob.x1 && tb.y0 >= ob.y0 &&
					    tb.y1 <= ob.y1;
					if ((marker || (segment && !inside)) && gbox_meet(&tb, &ob)) {
						snprintf(why, whylen, "「%s」 on a %s", s1,
						    marker ? "marker" : "bar segment's edge");
						return 0;
					}
				}
				if (o->kind == DR_LINE && o->dashed != 1 &&
				    segment_meets(&tb, o->x, o->y, o->w, o->h)) {
					snprintf(why, whylen, "「%s」 at (%.1f, %.1f) crossed by a %s line "
					    "(%.1f, %.1f) by (%.1f, %.1f) pt", s1, t->x / 1024.0, t->y / 1024.0,
					    o->dashed == 2 ? "target" : "solid", o->x / 1024.0, o->y / 1024.0,
					    o->w / 1024.0, o->h / 1024.0);
					return 0;
				}
			}
		}
	}
	return 1;
}

static int
chart_has_text(const struct figure_box *box, const char *s)
{
	char buf[128];

	for (size_t b = 0; b < box->nbands; b++)
		for (size_t k = 0; k < box->bands[b].n; k++) {
			const struct draw *d = &box->bands[b].d[k];
			if (d->kind != DR_TEXT || d->text == NULL)
				continue;
			line_utf8(d->text, buf, sizeof(buf));
			if (strcmp(buf, s) == 0)
				return 1;
		}
	return 0;
}

/* A one-row table of values for a trend chart: target, then the years. */
static void
trend_fixture(struct figure_def *t, struct figure_def *c, struct cell *h, struct cell *r,
    struct cell **rows, size_t *ncells, const char **vals, int n)
{
	static const char *years[] = { "23年度", "24年度", "25年度", "26年度", "27年度",
	    "28年度", "29年度" };
	h[0] = text_cell("", 1);
	r[0] = text_cell("値", 1);
	for (int i = 0; i <= n; i++) {
		h[i + 1] = text_cell(i == 0 ? "目標値" : years[i - 1], 1);
		r[i + 1] = num_cell(vals[i], atof(vals[i]), "億円");
	}
	rows[0] = h;
	rows[1] = r;
	ncells[0] = ncells[1] = (size_t)n + 2;
	memset(t, 0, sizeof(*t));
	t->kind = FIG_TABLE;
	t->id = "t";
	t->caption = "表";
	t->u.table = (struct table_def){ rows, ncells, 2, 1, n + 2, NULL, 0, 0 };
	memset(c, 0, sizeof(*c));
	c->kind = FIG_CHART;
	c->id = "c";
	c->caption = "推移";
	c->u.chart.kind = CHART_TREND;
	c->u.chart.data = t;
	c->u.chart.row = "値";
	c->u.chart.first_col = 2;
	c->u.chart.last_col = n + 1;
	c->u.chart.target_col = 1;
	c->u.chart.unit = "億円";
}

static void
test_chart_geometry(struct figure_ctx *x)
{
	static const char *cases[][8] = {
		/* target first: a label near the target line */
		{ "30", "23.6", "24.5", "30.9", "37.5", NULL },
		/* values that collide */
		{ "100", "100.4", "100.6", "100.5", "100.3", "100.7", NULL },
		/* a negative range */
		{ "0", "-12.5", "-3.0", "4.2", "-7.1", NULL },
		/* ticks of 2.5 */
		{ "25", "21.0", "22.4", "27.8", "28.5", NULL },
	};
	static const fixed widths[] = { 14 * EM, 20 * EM, 40 * EM };
	char why[512], name[160];
	struct figure_def t, c;
	static struct cell h[10], r[10];
	struct cell *rows[2];
	size_t ncells[2];
	struct figure_box box;

	for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++) {
		int n = 0;
		while (cases[k][n + 1] != NULL)
			n++;
		for (size_t w = 0; w < sizeof(widths) / sizeof(*widths); w++) {
			trend_fixture(&t, &c, h, r, rows, ncells, cases[k], n);
			snprintf(name, sizeof(name), "chart geometry: trend %zu at %d pt clear", k + 1,
			    (int)(widths[w] / PT(1)));
			int ok = figure_build(x, &c, widths[w], &box);
			check(ok && chart_clear(&box, why, sizeof(why)), name, "%s",
			    ok ? why : "not built");
		}
	}
	trend_fixture(&t, &c, h, r, rows, ncells, cases[3], 4);
	figure_build(x, &c, 20 * EM, &box);
	check(chart_has_text(&box, "27.5") && chart_has_text(&box, "22.5"),
	    "chart: ticks of 2.5 print their decimal", "no 22.5 and 27.5 tick labels");
	/* gridlines light grey, lighter than any black rule; the target a
	 * bold dash; the unit on a line of its own above the value axis */
	int dark_grid = 0, light_grid = 0, bold_target = 0;
	fixed unit_bottom = -1, tick_top = 1 << 30;
	for (size_t b = 0; b < box.nbands; b++)
		for (size_t k = 0; k < box.bands[b].n; k++) {
			const struct draw *d = &box.bands[b].d[k];
			if (d->kind == DR_LINE && d->dashed == 1)
				dark_grid++;
			if (d->kind == DR_RECT && d->stroke == 0 && d->fill >= 700 && d->fill < 1000 &&
			    d->h <= PT(0.5))
				light_grid++;
			if (d->kind == DR_LINE && d->dashed == 2 && d->stroke >= PT(0.8))
				bold_target = 1;
			if (d->kind == DR_TEXT && d->text != NULL) {
				char tb[64];
				line_utf8(d->text, tb, sizeof(tb));
				struct gbox g = text_box(d);
				if (strcmp(tb, "（億円）") == 0)
					unit_bottom = g.y1;
				else if (tb[0] >= '0' && tb[0] <= '9' && g.x1 < box.width / 4 &&
				    g.y0 < tick_top)
					tick_top = g.y0;
			}
		}
	check(dark_grid == 0 && light_grid >= 3 && bold_target,
	    "chart: gridlines light grey, the target line a bold dash",
	    "%d dashed black gridlines, %d light ones, bold target %d", dark_grid, light_grid,
	    bold_target);
	check(unit_bottom >= 0 && unit_bottom + PT(1) < tick_top,
	    "chart: the unit stands above the value axis, clear of the top tick",
	    "unit bottom %.1f, top tick %.1f pt", unit_bottom / 1024.0, tick_top / 1024.0);
	trend_fixture(&t, &c, h, r, rows, ncells, cases[2], 4);
	figure_build(x, &c, 20 * EM, &box);
	check(chart_has_text(&box, "△12.5") && chart_has_text(&box, "0"),
	    "chart: a negative range has ticks through zero", "no △12.5 or 0");

	/* stacked: a tiny segment, a negative part, a long category label */
	static struct cell sh[4], s1[4], s2[4], s3[4];
	struct cell *srows[4] = { sh, s1, s2, s3 };
	size_t sn[4] = { 4, 4, 4, 4 };
	sh[0] = text_cell("", 1);
	sh[1] = text_cell("実施済み", 1);
	sh[2] = text_cell("実施中", 1);
	sh[3] = text_cell("未実施", 1);
	s1[0] = text_cell("情報の共有と双方向のコミュニケーションの推進", 1);
	s1[1] = num_cell("120", 120, "");
	s1[2] = num_cell("1", 1, "");
	s1[3] = num_cell("40", 40, "");
	s2[0] = text_cell("効率的な行政運営", 1);
	s2[1] = num_cell("-30", -30, "");
	s2[2] = num_cell("60", 60, "");
	s2[3] = num_cell("2", 2, "");
	s3[0] = text_cell("財政", 1);
	s3[1] = num_cell("3", 3, "");
	s3[2] = num_cell("4", 4, "");
	s3[3] = num_cell("90", 90, "");
	memset(&t, 0, sizeof(t));
	t.kind = FIG_TABLE;
	t.id = "s";
	t.caption = "表";
	t.u.table = (struct table_def){ srows, sn, 4, 1, 4, NULL, 0, 0 };
	memset(&c, 0, sizeof(c));
	c.kind = FIG_CHART;
	c.id = "sc";
	c.caption = "積み上げ";
	c.u.chart.kind = CHART_STACKED;
	c.u.chart.data = &t;
	c.u.chart.first_col = 1;
	c.u.chart.last_col = 3;
	c.u.chart.unit = "項目";
	for (size_t w = 0; w < sizeof(widths) / sizeof(*widths); w++) {
		snprintf(name, sizeof(name), "chart geometry: stacked at %d pt clear",
		    (int)(widths[w] / PT(1)));
		int ok = figure_build(x, &c, widths[w], &box);
		check(ok && chart_clear(&box, why, sizeof(why)), name, "%s", ok ? why : "not built");
	}
	figure_build(x, &c, 30 * EM, &box);
	/* the negative part left of zero, the net total 32 at the bar's end */
	fixed zero = -1, neg = 0;
	for (size_t b = 0; b < box.nbands; b++)
		for (size_t k = 0; k < box.bands[b].n; k++) {
			const struct draw *d = &box.bands[b].d[k];
			if (d->kind == DR_LINE && d->w == 0 && d->h > 2 * EM && zero < 0)
				zero = d->x;
		}
	for (size_t b = 0; b < box.nbands; b++)
		for (size_t k = 0; k < box.bands[b].n; k++) {
			const struct draw *d = &box.bands[b].d[k];
			if (d->kind == DR_RECT && d->fill > 0 && d->fill < 1000 && d->stroke > 0 &&
			    d->h > EM / 2 && (d->w < 0 || (zero >= 0 && d->x < zero)))
				neg = 1;
		}
	check(neg && chart_has_text(&box, "△30") && chart_has_text(&box, "32"),
	    "chart: a negative stacked part is drawn left of zero, the net total at the end",
	    "negative segment %d, -30 %d, net 32 %d", neg, chart_has_text(&box, "△30"),
	    chart_has_text(&box, "32"));
	check(chart_has_text(&box, "1") && chart_has_text(&box, "2"),
	    "chart: thin segments keep their labels (outside)", "1 or 2 missing");
}

/* The plan's own charts at the widths a page gives them. */
static void
test_plan_charts(struct figure_ctx *x)
{
	struct document *doc = document_load("content/plan.yaml");
	char why[512], name[200];
	static const fixed widths[] = { 15 * EM, 21 * EM, 45 * EM };

	if (doc == NULL || !validate_document(doc, x->l, comp.fonts)) {
		check(0, "chart geometry: the plan loads", "load failed");
		document_free(doc);
		return;
	}
	for (size_t i = 0; i < doc->nfigures; i++) {
		const struct figure_def *f = &doc->figures[i];
		if (f->kind != FIG_CHART)
			continue;
		for (size_t w = 0; w < sizeof(widths) / sizeof(*widths); w++) {
			struct figure_box box;
			snprintf(name, sizeof(name), "chart geometry: plan chart %s at %d pt, %g pt text, clear",
			    f->id, (int)(widths[w] / PT(1)), x->l->figure.size / 1024.0);
			int ok = figure_build(x, f, widths[w], &box);
			check(ok && chart_clear(&box, why, sizeof(why)), name, "%s",
			    ok ? why : "not built");
		}
	}
	document_free(doc);
}

int
main(void)
{
	struct layout *l = layout_load("layouts/a4.yaml");

	if (l == NULL)
		return 1;
	for (int r = 0; r < FONT__COUNT; r++)
		if ((comp.fonts[r] = font_open(l->font_path[r])) == NULL)
			return 1;
	comp.arena = &arena;
	test_strmap();
	test_breaks();
	test_unbreakable_run();
	test_overlong_after_short();
	test_kinsoku();
	test_compression();
	test_wakan();
	test_indent_and_last_line();
	test_justification();
	struct figure_ctx fx = { &comp, l, NULL, &arena };
	test_table(&fx);
	test_chart(&fx);
	test_series_patterns(&fx);
	test_figure_phrases(&fx);
	test_adjacent_marks();
	test_diagrams(&fx);
	test_chart_geometry(&fx);
	test_plan_charts(&fx);
	test_vertical();
	test_heading_labels();
	test_xref_expand();
	test_numbers();
	test_table_units_and_notes(&fx);
	test_table_grid();
	test_chart_under_rowspan(&fx);
	test_diff_underlines(l);
	test_figure_alt(l);
	struct layout *v = layout_load("layouts/vertical.yaml");
	if (v != NULL) {
		struct figure_ctx vx = { &comp, v, NULL, &arena };
		test_plan_charts(&vx);
		test_note_numbers(l, v);
	}
	layout_free(v);
	for (int r = 0; r < FONT__COUNT; r++)
		font_close(comp.fonts[r]);
	layout_free(l);
	arena_free(&arena);
	breaks_close();
	return failures;
}
