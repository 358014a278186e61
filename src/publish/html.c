/*
 * The HTML edition: one self-contained file made from the document tree,
 * not from the PDF. Headings nest without skipping a level; a footnote
 * reference links to its note and back; a table is a <table> with its
 * header cells scoped; a chart or diagram is the figure builders' own
 * drawing as inline SVG, titled by its caption and described by its
 * alternative text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "numbering.h"
#include "publish.h"
#include "typeset.h"
#include "xref.h"

/* Deeper headings than h6 are headings by ARIA (role, aria-level). */
#define HTML_MAX_H 6

static void
esc(struct strbuf *o, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&':
			sb_puts(o, "&amp;");
			break;
		case '<':
			sb_puts(o, "&lt;");
			break;
		case '>':
			sb_puts(o, "&gt;");
			break;
		case '"':
			sb_puts(o, "&quot;");
			break;
		default:
			sb_add(o, s, 1);
		}
}

static double
pt(fixed f)
{
	return FIXED_TO_PT(f);
}

/* A composed line's text, as extraction would read it. */
static void
line_text(struct strbuf *o, const struct line *ln)
{
	struct strbuf s = {0};
	for (size_t g = 0; g < ln->n; g++) {
		char u[8];
		size_t k = utf8_encode(ln->g[g].cp, u);
		u[k] = '\0';
		sb_puts(&s, u);
	}
	esc(o, s.s != NULL ? s.s : "");
	sb_free(&s);
}

/* A figure's drawings as SVG, in pt, band under band. */
static void
svg_figure(struct strbuf *o, const struct figure_box *fb, const struct layout *l,
    const char *id, const char *caption, const char *alt)
{
	fixed h = 0;
	for (size_t i = 0; i < fb->nbands; i++)
		h += fb->bands[i].height;
	sb_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "aria-labelledby=\"%s-title %s-desc\" viewBox=\"0 0 %.2f %.2f\" "
	    "width=\"%d\" height=\"%d\">\n<title id=\"%s-title\">", id, id,
	    pt(fb->width), pt(h), (int)(pt(fb->width) * 4 / 3 + 0.5), (int)(pt(h) * 4 / 3 + 0.5),
	    id);	/* CSS pixels: 4/3 of a point */
	esc(o, caption);
	sb_printf(o, "</title>\n<desc id=\"%s-desc\">", id);
	esc(o, alt);
	sb_puts(o, "</desc>\n");
	fixed dy = 0;
	for (size_t i = 0; i < fb->nbands; i++) {
		const struct band *b = &fb->bands[i];
		for (size_t k = 0; k < b->n; k++) {
			const struct draw *d = &b->d[k];
			if (d->role == DRR_CAPTION)
				continue;	/* the figcaption says it */
			double x = pt(d->x), y = pt(d->y + dy), w = pt(d->w), hh = pt(d->h);
			const char *dash = d->dashed ? " stroke-dasharray=\"3 2\"" : "";
			switch (d->kind) {
			case DR_RECT: {
				char fill[32] = "none";
				if (d->fill >= 0) {
					int g = d->fill * 255 / 1000;
					snprintf(fill, sizeof(fill), "rgb(%d,%d,%d)", g, g, g);
				}
				sb_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
				    "fill=\"%s\"", x, y, w, hh, fill);
				if (d->stroke > 0)
					sb_printf(o, " stroke=\"black\" stroke-width=\"%.2f\"", pt(d->stroke));
				sb_puts(o, "/>\n");
				break;
			}
			case DR_LINE:
			case DR_ARROW:
				sb_printf(o, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
				    "stroke=\"black\" stroke-width=\"%.2f\"%s/>\n", x, y, x + w, y + hh,
				    pt(d->stroke > 0 ? d->stroke : PT(0.5)), dash);
				break;
			case DR_TEXT:
				if (d->text == NULL || d->text->n == 0)
					break;
				sb_printf(o, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\" "
				    "textLength=\"%.2f\" lengthAdjust=\"spacingAndGlyphs\"%s>", x, y,
				    pt(d->text->g[0].size), pt(d->text->extent),
				    d->fill > 0 ? " fill=\"white\"" : "");
				line_text(o, d->text);
				sb_puts(o, "</text>\n");
				break;
			}
		}
		dy += b->height;
	}
	sb_puts(o, "</svg>\n");
	(void)l;
}

struct html {
	struct strbuf o;
	const struct document *doc;
	const struct layout *l;
	struct figure_ctx fx;
	struct composer c;
	struct arena arena;
	int open_levels[BK__COUNT];	/* heading ranks open, for levels */
	int nopen;
	int *refs_seen;			/* per note: references so far */
	int failed;
};

/* The level of a heading: one below the nearest open heading of a
 * higher rank, so that no level is skipped. */
static int
heading_level(struct html *h, int rank)
{
	while (h->nopen > 0 && h->open_levels[h->nopen - 1] >= rank)
		h->nopen--;
	h->open_levels[h->nopen++] = rank;
	return h->nopen + 1;	/* h1 is the document's title */
}

static void
heading(struct html *h, const struct block *b, size_t index)
{
	char num[64];
	int level = heading_level(h, heading_rank(b->kind));
	heading_number(b, num, sizeof(num), h->l->kanji_numerals);
	if (level <= HTML_MAX_H)
		sb_printf(&h->o, "<h%d id=\"h%zu\">", level, index);
	else
		sb_printf(&h->o, "<p role=\"heading\" aria-level=\"%d\" id=\"h%zu\" "
		    "class=\"minor\">", level, index);
	esc(&h->o, num);
	if (b->kind == BK_LABEL)
		sb_puts(&h->o, "＜");
	esc(&h->o, b->text);
	if (b->kind == BK_LABEL)
		sb_puts(&h->o, "＞");
	if (level <= HTML_MAX_H)
		sb_printf(&h->o, "</h%d>\n", level);
	else
		sb_puts(&h->o, "</p>\n");
}

static void
paragraph(struct html *h, const struct block *b)
{
	size_t *marks = xcalloc(b->nrefs ? b->nrefs : 1, sizeof(*marks));
	for (size_t r = 0; r < b->nrefs; r++)
		marks[r] = b->refs[r].offset;
	char *text = xref_expand(b, h->l->kanji_numerals, marks);
	size_t at = 0;
	struct strbuf part = {0};
	sb_puts(&h->o, "<p>");
	for (size_t r = 0; r < b->nrefs; r++) {
		sb_add(&part, text + at, marks[r] - at);
		esc(&h->o, part.s != NULL ? part.s : "");
		part.len = 0;
		if (part.s)
			part.s[0] = '\0';
		at = marks[r];
		int k = b->refs[r].note, n = h->doc->notes[k].number;
		int seen = ++h->refs_seen[k];
		sb_printf(&h->o, "<sup><a href=\"#fn%d\" id=\"fnref%d-%d\" role=\"doc-noteref\" "
		    "aria-label=\"注%d\">%d</a></sup>", n, n, seen, n, n);
	}
	esc(&h->o, text + at);
	sb_puts(&h->o, "</p>\n");
	sb_free(&part);
	free(text);
	free(marks);
}

static void
table(struct html *h, const struct figure_def *f)
{
	const struct table_def *t = &f->u.table;
	struct strbuf *o = &h->o;

	sb_puts(o, "<div class=\"table\"><table>\n<caption>＜");
	esc(o, f->caption);
	sb_puts(o, "＞");
	if (t->unit != NULL) {
		sb_puts(o, "<span class=\"unit\">");
		esc(o, t->unit);
		sb_puts(o, "</span>");
	}
	sb_puts(o, "</caption>\n");
	for (size_t r = 0; r < t->nrows; r++) {
		int head = r < t->nheader;
		if (r == 0 && t->nheader > 0)
			sb_puts(o, "<thead>\n");
		if (r == t->nheader)
			sb_puts(o, "<tbody>\n");
		sb_puts(o, "<tr>");
		for (size_t k = 0; k < t->ncells[r]; k++) {
			const struct cell *c = &t->rows[r][k];
			/* an empty corner is no header: a <th> must name something */
			int th = (head || c->grid_col == 0) && c->text != NULL && c->text[0] != '\0';
			sb_printf(o, "<%s", th ? "th" : "td");
			if (th)
				sb_printf(o, " scope=\"%s\"", head ? (c->colspan > 1 ? "colgroup" : "col") :
				    (c->rowspan > 1 ? "rowgroup" : "row"));
			if (c->colspan > 1)
				sb_printf(o, " colspan=\"%d\"", c->colspan);
			if (c->rowspan > 1)
				sb_printf(o, " rowspan=\"%d\"", c->rowspan);
			if (c->is_number)
				sb_puts(o, " class=\"num\"");
			sb_puts(o, ">");
			if (c->text != NULL)
				esc(o, c->text);
			if (c->unit != NULL)
				esc(o, c->unit);
			if (c->note != NULL) {
				sb_puts(o, "<br><span class=\"cellnote\">（");
				esc(o, c->note);
				sb_puts(o, "）</span>");
			}
			sb_printf(o, "</%s>", th ? "th" : "td");
		}
		sb_puts(o, "</tr>\n");
		if (head && r + 1 == t->nheader)
			sb_puts(o, "</thead>\n");
	}
	if (t->nrows > t->nheader)
		sb_puts(o, "</tbody>\n");
	sb_puts(o, "</table></div>\n");
}

static void
figure(struct html *h, const struct block *b)
{
	const struct figure_def *f = b->figure;
	if (f == NULL)
		return;
	if (f->kind == FIG_TABLE)
		table(h, f);
	else {
		struct figure_box fb;
		fixed width = h->l->mode == WM_VERTICAL ? layout_area_height(h->l) :
		    layout_measure(h->l);
		if (!figure_build(&h->fx, f, width, &fb)) {
			h->failed = 1;
			return;
		}
		char *alt = figure_alt(f, h->doc, h->l->kanji_numerals);
		struct strbuf id = {0};
		sb_printf(&id, "fig-%s", f->id);
		sb_puts(&h->o, "<figure>\n");
		svg_figure(&h->o, &fb, h->l, id.s, f->caption, alt);
		sb_puts(&h->o, "<figcaption>");
		esc(&h->o, f->caption);
		sb_puts(&h->o, "</figcaption>\n</figure>\n");
		sb_free(&id);
		free(alt);
	}
	for (size_t i = 0; i < f->nnotes; i++) {
		sb_puts(&h->o, "<p class=\"fignote\">");
		esc(&h->o, f->notes[i]);
		sb_puts(&h->o, "</p>\n");
	}
}

static int
note_order(const void *a, const void *b)
{
	const struct footnote *x = *(const struct footnote *const *)a;
	const struct footnote *y = *(const struct footnote *const *)b;
	return (x->number > y->number) - (x->number < y->number);
}

static const char style[] =
    "body{font-family:\"IPAexMincho\",\"IPAex明朝\",serif;line-height:1.8;max-width:42em;"
    "margin:2em auto;padding:0 1em;color:#000;background:#fff}"
    "h1,h2,h3,h4,h5,h6,.minor,caption,figcaption{font-family:\"IPAexGothic\","
    "\"IPAexゴシック\",sans-serif}"
    "p{text-indent:1em;margin:0.3em 0}nav p,p.fignote{text-indent:0}"
    "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #000;padding:0.2em 0.4em}"
    "thead th{background:#ddd}td.num{text-align:right}caption{font-weight:bold}"
    ".unit{display:block;text-align:right;font-weight:normal}.cellnote{font-size:0.85em}"
    "figure{margin:1em 0}svg{max-width:100%;height:auto}"
    "svg text{font-family:\"IPAexMincho\",serif}.fignote{font-size:0.9em}"
    "sup a{text-decoration:none}nav ul{list-style:none;padding-left:0}"
    ".toc1{margin-left:1em}.toc2{margin-left:2em}h5,h6,.minor{font-size:1em}"
    "body.vertical{writing-mode:vertical-rl;max-width:none;max-height:42em}";

int
html_write(const struct document *doc, const struct layout *l,
    struct font *const fonts[FONT__COUNT], const char *path)
{
	struct html h;
	memset(&h, 0, sizeof(h));
	h.doc = doc;
	h.l = l;
	memcpy(h.c.fonts, fonts, sizeof(h.c.fonts));
	h.c.arena = &h.arena;
	h.fx.c = &h.c;
	h.fx.l = l;
	h.fx.doc = doc;
	h.fx.arena = &h.arena;
	h.refs_seen = xcalloc(doc->nnotes + 1, sizeof(*h.refs_seen));
	struct strbuf *o = &h.o;

	sb_puts(o, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(o, doc->title);
	sb_puts(o, "</title>\n<style>");
	sb_puts(o, style);
	sb_printf(o, "</style>\n</head>\n<body%s>\n<header>\n<h1>",
	    l->mode == WM_VERTICAL ? " class=\"vertical\"" : "");
	esc(o, doc->title);
	sb_puts(o, "</h1>\n<p>");
	esc(o, doc->date_text);
	sb_puts(o, "　");
	esc(o, doc->issuer);
	sb_puts(o, "</p>\n</header>\n<nav aria-label=\"目次\">\n<h2>目次</h2>\n<ul>\n");
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		if (!BK_IS_HEADING(b->kind) || heading_rank(b->kind) > 2)
			continue;
		char num[64];
		heading_number(b, num, sizeof(num), l->kanji_numerals);
		sb_printf(o, "<li class=\"toc%d\"><a href=\"#h%zu\">", heading_rank(b->kind), i);
		esc(o, num);
		esc(o, b->text);
		sb_puts(o, "</a></li>\n");
	}
	sb_puts(o, "</ul>\n</nav>\n<main>\n");
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		if (BK_IS_HEADING(b->kind))
			heading(&h, b, i);
		else if (b->kind == BK_PARAGRAPH)
			paragraph(&h, b);
		else if (b->kind == BK_FIGURE)
			figure(&h, b);
	}
	/* the notes, each linked back to its first reference */
	const struct footnote **notes = xmalloc((doc->nnotes ? doc->nnotes : 1) * sizeof(*notes));
	size_t n = 0;
	for (size_t i = 0; i < doc->nnotes; i++)
		if (doc->notes[i].number > 0)
			notes[n++] = &doc->notes[i];
	qsort(notes, n, sizeof(*notes), note_order);
	if (n > 0) {
		sb_puts(o, "<section role=\"doc-endnotes\" aria-labelledby=\"notes\">\n"
		    "<h2 id=\"notes\">注</h2>\n<ol>\n");
		for (size_t i = 0; i < n; i++) {
			int k = notes[i]->number;
			sb_printf(o, "<li id=\"fn%d\">", k);
			esc(o, notes[i]->text);
			sb_printf(o, " <a href=\"#fnref%d-1\" role=\"doc-backlink\" "
			    "aria-label=\"注%dの参照へ戻る\">↩</a></li>\n", k, k);
		}
		sb_puts(o, "</ol>\n</section>\n");
	}
	free(notes);
	sb_puts(o, "</main>\n</body>\n</html>\n");
	const char *why;
	int ok = !h.failed;
	if (ok && !write_file_atomic(path, o->s, o->len, &why)) {
		diag(SEV_FATAL, NULL, "cannot write '%s': %s", path, why);
		ok = 0;
	}
	sb_free(o);
	free(h.refs_seen);
	arena_free(&h.arena);
	return ok;
}
