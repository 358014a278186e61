/*
 * PDF output with libharu 2.3.0 for the document's structure (pages,
 * graphics, bookmarks, links, labels, information). The fonts are not
 * libharu's: each is cut to the glyphs drawn (subset.h) and written here
 * as a CIDFontType2 with its descriptor, widths and ToUnicode map, under
 * an /Identity-H and, for vertical writing, an /Identity-V Type0 font;
 * page text is written as PDF operators with the glyphs' ids in the subset
 * (CID = glyph id), the text state set only when it changes. Streams of
 * our own are compressed here with libdeflate. Every libharu call's status
 * is checked through one error handler.
 */
#include <errno.h>
#include <limits.h>
#include <malloc.h>	/* malloc_trim */
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <libdeflate.h>

#include "diag.h"
#include "font.h"
#include "pdf.h"
#include "subset.h"
#include "tags.h"

/* A footnote mark's glyphs: a Reference of its own under the line's
 * element, made when it is drawn (its place among the element's kids). */
#define TAG_MARK_REF (-100)

/* The PDF's ToUnicode bfchar blocks hold at most 100 entries each. */
#define BFCHAR_MAX 100

/*
 * libdeflate's levels (measured on the plan): the fonts' glyph outlines and
 * hints barely compress better above 1 (level 6: 2.6% smaller, 2.5 times
 * the time; 10-12: 4%, ten times the time and 8 MB); page text does (level
 * 4: 14% smaller than 1 for twice its time, 6 another 4% for as much again).
 */
#define FONT_LEVEL 1
#define TEXT_LEVEL 4

/* One font role as embedded: the subset and the fonts that draw it. */
struct embedded {
	struct subset_source *source;
	uint16_t *cid_of;	/* drawn code -> glyph id in the subset (the CID) */
	HPDF_Dict horizontal;	/* Type0, /Identity-H */
	HPDF_Dict vertical;	/* Type0, /Identity-V (縦書き), or NULL */
};

/* The text state of the text object being written, to set only changes. */
struct text_state {
	HPDF_Dict font;		/* NULL: nothing set since BT */
	HPDF_REAL size, char_space;
};

/* The graphics state's line width and fill grey, to set only changes. */
struct paint {
	HPDF_REAL line_width, gray;
};

/* A Note element and its footnote (its ID). */
struct note_ref {
	int note, elem;
};

struct writer {
	HPDF_Doc pdf;
	struct embedded font[FONT__COUNT];
	unsigned char *used[FONT__COUNT];	/* 65536-bit map of drawn codes */
	uint16_t *unicode_of[FONT__COUNT];	/* drawn code -> character */
	struct libdeflate_compressor *deflate;	/* made when needed */
	int deflate_level;
	struct text_state ts;
	struct paint paint;
	const struct layout *l;
	struct font *const *metrics;	/* the same fonts through FreeType */
	const struct page *page;	/* being drawn: its frames */
	int vertical;
	int failed;
	char what[160];	/* being written, for a library error */
	/* the tagged PDF: the structure, the marked content being written */
	struct tag_tree tags;
	size_t page_index;	/* of the page being drawn */
	int open;		/* the open marked content's target, or TAG_NONE */
	int open_span;		/* it is this /ActualText span, or 0 */
	int span_seq;		/* numbers of spans, never reused */
	int line_elem;		/* the element of the line drawn: its marks' parent */
	int *glyph_target;	/* per glyph of the line drawn: its target */
	int *glyph_span;	/* and its span (0: none) */
	size_t glyph_cap;
	VEC(HPDF_Annotation) annots;	/* link annotations in the structure */
	VEC(size_t) annot_page;
	HPDF_Dict prefs;	/* the viewer preferences, once made */
	/* the structure objects, written when the file is saved */
	struct raw_obj *raw;
	HPDF_Page *hpages;
	HPDF_Dict struct_root;
	HPDF_Dict *elem_dict;		/* per element */
	int *annot_owner;		/* per link annotation: its element */
	VEC(struct note_ref) note_elems;	/* the Notes, in the order of their IDs */
	HPDF_Dict *parent_leaves, *id_leaves;
	struct strbuf scratch;		/* an object's text */
};

static void
on_error(HPDF_STATUS err, HPDF_STATUS detail, void *data)
{
	struct writer *w = data;

	diag(SEV_FATAL, NULL, "PDF library error 0x%04lx (detail %lu) while writing %s",
	    (unsigned long)err, (unsigned long)detail, w->what[0] ? w->what : "the PDF");
	w->failed = 1;
	HPDF_ResetError(w->pdf);
}

static double
pt(fixed f)
{
	return FIXED_TO_PT(f);
}

/* PDF coordinates (y up) of point (inl, blk) of frame fi of the page. */
static void
to_page(const struct writer *w, int fi, fixed inl, fixed blk, double *x, double *y)
{
	fixed px, py;

	frame_to_page(&w->page->frames.v[fi], inl, blk, &px, &py);
	*x = pt(px);
	*y = pt(w->l->page_height - py);
}

/* From the baseline to the middle of the em box, at size. */
static fixed
baseline_to_middle(const struct writer *w, enum font_role r, fixed size)
{
	return font_ascent(w->metrics[r], size) - size / 2;
}

/*
 * Text operators go straight into the page's content stream, numbers in
 * libharu's own format (so that positions are what they always were).
 */
static void
put(struct writer *w, HPDF_Page page, const char *s, size_t n)
{
	if (HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)s,
	    (HPDF_UINT)n) != HPDF_OK)
		w->failed = 1;
}

/* Append real v and a space at p (room for HPDF_REAL_LEN + 2 bytes). */
static char *
put_real(char *p, double v)
{
	p = HPDF_FToA(p, (HPDF_REAL)v, p + HPDF_REAL_LEN);
	*p++ = ' ';
	return p;
}

/* Text as UTF-16BE with its byte order mark: a PDF text string's bytes. */
static void
utf16_bytes(struct strbuf *out, const char *utf8)
{
	size_t len = strlen(utf8);
	char unit[2];

	sb_add(out, "\xfe\xff", 2);
	while (len > 0) {
		uint32_t cp, units[2];
		size_t k = utf8_decode(utf8, len, &cp), n = 1;
		if (k == 0) {
			cp = 0xfffd;
			k = 1;
		}
		units[0] = cp;
		if (cp >= 0x10000) {
			units[0] = 0xd800 + ((cp - 0x10000) >> 10);
			units[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
			n = 2;
		}
		for (size_t i = 0; i < n; i++) {
			unit[0] = (char)(units[i] >> 8);
			unit[1] = (char)(units[i] & 0xff);
			sb_add(out, unit, 2);
		}
		utf8 += k;
		len -= k;
	}
}

/* The same in hex, as a string in the page content or an object's text. */
static void
utf16_hex(struct strbuf *out, const char *utf8)
{
	struct strbuf bytes = {0};

	utf16_bytes(&bytes, utf8);
	sb_puts(out, "<");
	for (size_t i = 0; i < bytes.len; i++)
		sb_printf(out, "%02X", (unsigned char)bytes.s[i]);
	sb_puts(out, ">");
	sb_free(&bytes);
}

/* The same as a string object (libharu writes binary strings in hex). */
static HPDF_Binary
utf16_string(struct writer *w, const char *utf8)
{
	struct strbuf bytes = {0};
	HPDF_Binary b;

	utf16_bytes(&bytes, utf8);
	b = HPDF_Binary_New(w->pdf->mmgr, (HPDF_BYTE *)bytes.s, (HPDF_UINT)bytes.len);
	sb_free(&bytes);
	return b;
}

/* End the marked content open. */
static void
close_content(struct writer *w, HPDF_Page page)
{
	if (w->open != TAG_NONE)
		put(w, page, "EMC\n", 4);
	w->open = TAG_NONE;
	w->open_span = 0;
}

/*
 * What is painted next belongs to target: an element (marked content with
 * a new MCID), an artifact, or a new Reference (TAG_MARK_REF). Consecutive
 * items of one target share one marked-content sequence. actual_text, if
 * not NULL, is what the glyphs of the sequence stand for (in UTF-16 hex):
 * the sequence is then a /Span, for readers honour /ActualText there only
 * (and poppler ends an MCID's text at the end of any sequence inside it,
 * so the span is not nested but carries the MCID itself).
 */
static void
open_content(struct writer *w, HPDF_Page page, int target, const char *actual_text)
{
	char buf[64];
	int n = 0;

	close_content(w, page);
	switch (target) {
	case TAG_NONE:
		return;
	case TAG_ARTIFACT:
		put(w, page, "/Artifact BMC\n", 14);
		break;
	case TAG_HEADER:
	case TAG_FOOTER:
		n = snprintf(buf, sizeof(buf), "/Artifact <</Type /Pagination /Subtype /%s>> BDC\n",
		    target == TAG_HEADER ? "Header" : "Footer");
		put(w, page, buf, (size_t)n);
		break;
	default: {
		int e = target == TAG_MARK_REF ?
		    tags_add_elem(&w->tags, w->line_elem, "Reference") : target;
		int mcid = tags_add_mcid(&w->tags, e, w->page_index);
		n = snprintf(buf, sizeof(buf), "/%s <</MCID %d",
		    actual_text ? "Span" : w->tags.elems.v[e].type, mcid);
		put(w, page, buf, (size_t)n);
		if (actual_text) {
			put(w, page, " /ActualText ", 13);
			put(w, page, actual_text, strlen(actual_text));
		}
		put(w, page, ">> BDC\n", 7);
		break;
	}
	}
	w->open = target;
}

/* What is painted next belongs to target (see open_content). */
static void
mark_content(struct writer *w, HPDF_Page page, int target)
{
	if (target != w->open || w->open_span)
		open_content(w, page, target, NULL);
}

/*
 * Glyph i of the line drawn (glyphs g, n of them) is next: open its
 * target, and for a group of 縦中横 digits or turned characters a span of
 * its own whose /ActualText is their characters, so that they copy out in
 * reading order.
 */
static void
switch_to_glyph(struct writer *w, HPDF_Page page, const struct glyph *g, size_t n, size_t i)
{
	int span = w->glyph_span[i];

	if (w->glyph_target[i] == w->open && span == w->open_span)
		return;
	if (!span) {
		open_content(w, page, w->glyph_target[i], NULL);
		return;
	}
	struct strbuf text = {0}, hex = {0};
	char buf[8];
	for (size_t j = i; j < n && w->glyph_span[j] == span; j++)
		sb_add(&text, buf, utf8_encode(g[j].cp, buf));
	utf16_hex(&hex, text.s ? text.s : "");
	open_content(w, page, w->glyph_target[i], hex.s);
	w->open_span = span;
	sb_free(&text);
	sb_free(&hex);
}

/* A new text object: nothing of the text state is known to be set. */
static void
begin_text(struct writer *w, HPDF_Page page)
{
	HPDF_Page_BeginText(page);
	w->ts.font = NULL;
	w->ts.char_space = NAN;
}

static void
set_font(struct writer *w, HPDF_Page page, HPDF_Dict font, double size)
{
	char buf[HPDF_LIMIT_MAX_NAME_LEN + HPDF_REAL_LEN + 8], *p = buf;
	const char *name;
	HPDF_REAL s = (HPDF_REAL)size;

	if (w->ts.font == font && w->ts.size == s)
		return;
	name = HPDF_Page_GetLocalFontName(page, (HPDF_Font)font);
	if (name == NULL) {
		w->failed = 1;
		return;
	}
	*p++ = '/';
	p += snprintf(p, HPDF_LIMIT_MAX_NAME_LEN + 1, "%s", name);
	*p++ = ' ';
	p = put_real(p, s);
	memcpy(p, "Tf\n", 3);
	put(w, page, buf, (size_t)(p + 3 - buf));
	w->ts.font = font;
	w->ts.size = s;
}

static void
set_char_space(struct writer *w, HPDF_Page page, double cs)
{
	char buf[HPDF_REAL_LEN + 8], *p = buf;
	HPDF_REAL c = (HPDF_REAL)cs;

	if (w->ts.char_space == c)
		return;
	p = put_real(p, c);
	memcpy(p, "Tc\n", 3);
	put(w, page, buf, (size_t)(p + 3 - buf));
	w->ts.char_space = c;
}

static void
set_text_matrix(struct writer *w, HPDF_Page page, int a, int b, int c, int d, double x,
    double y)
{
	char buf[2 * HPDF_REAL_LEN + 32];
	int n = snprintf(buf, sizeof(buf), "%d %d %d %d ", a, b, c, d);
	char *p = put_real(buf + n, x);

	p = put_real(p, y);
	memcpy(p, "Tm\n", 3);
	put(w, page, buf, (size_t)(p + 3 - buf));
}

/*
 * A run of a vertical line. Upright glyphs use the /Identity-V font, whose
 * origin is the top centre of the cell and whose advance is one em down
 * (so extra space is a negative character spacing); rotated ones the
 * horizontal font turned 90° clockwise, its em box centred on the column;
 * 縦中横 digits the horizontal font upright, centred in their cell.
 */
static void
draw_vertical_run(struct writer *w, HPDF_Page page, const struct placed_line *pl,
    const struct glyph *g, double cs)
{
	/* the size the line was set in: a 縦中横 cell's advance, a mark's base */
	fixed line_size = g->orient == GO_TCY ? g->adv :
	    g->is_mark ? g->size * 10 / 6 : g->size;
	/* the column's centre line, from the baseline the pager set */
	fixed centre = pl->baseline - baseline_to_middle(w, g->font, line_size);
	fixed mid = baseline_to_middle(w, g->font, g->size);
	const struct embedded *f = &w->font[g->font];
	double x, y;

	switch (g->orient) {
	case GO_UPRIGHT:
		to_page(w, pl->frame, pl->inline_start + g->pos, centre, &x, &y);
		x += pt(g->cross);
		if (!g->is_mark)
			y += pt(g->cross);	/* small kana: up as well as right */
		set_font(w, page, f->vertical, pt(g->size));
		set_char_space(w, page, -cs);
		set_text_matrix(w, page, 1, 0, 0, 1, x, y);
		break;
	case GO_ROTATED:
		to_page(w, pl->frame, pl->inline_start + g->pos, centre + mid - g->rise, &x, &y);
		set_font(w, page, f->horizontal, pt(g->size));
		set_char_space(w, page, cs);
		set_text_matrix(w, page, 0, -1, 1, 0, x, y);
		break;
	case GO_TCY:
		to_page(w, pl->frame, pl->inline_start + g->pos + line_size / 2, centre, &x, &y);
		x += pt(g->cross);
		y -= pt(mid);
		set_font(w, page, f->horizontal, pt(g->size));
		set_char_space(w, page, 0);
		set_text_matrix(w, page, 1, 0, 0, 1, x, y);
		break;
	}
}

/*
 * Draw glyphs[a, b) of a line as one text run: same font, size and rise,
 * and one spacing between every two glyphs. A horizontal line starts at
 * origin (page coordinates of its baseline start); a vertical one, with
 * origin NULL, is placed from its logical position.
 */
static void
draw_run(struct writer *w, HPDF_Page page, const struct placed_line *pl,
    size_t a, size_t b, const double *origin)
{
	static const char digits[] = "0123456789abcdef";
	const struct glyph *g = pl->line->g;
	const uint16_t *cid_of = w->font[g[a].font].cid_of;
	char hex[4 * 64];
	size_t nhex = 0;
	double cs = 0;
	fixed natural = 0;

	for (size_t i = a + 1; i < b; i++)
		natural += g[i - 1].adv;
	switch_to_glyph(w, page, g, pl->line->n, a);
	if (b - a > 1)
		cs = pt(g[b - 1].pos - g[a].pos - natural) / (double)(b - a - 1);
	if (origin == NULL)
		draw_vertical_run(w, page, pl, &g[a], cs);
	else {
		set_font(w, page, w->font[g[a].font].horizontal, pt(g[a].size));
		set_char_space(w, page, cs);
		set_text_matrix(w, page, 1, 0, 0, 1, origin[0] + pt(g[a].pos),
		    origin[1] + pt(g[a].rise));
	}
	put(w, page, "<", 1);
	for (size_t i = a; i < b; i++) {
		unsigned cid = g[i].show < 0x10000 ? cid_of[g[i].show] : 0;
		/* another target within the run: the string is cut there, the
		 * next one goes on from where it ends (the same positions) */
		if (i > a && (w->glyph_target[i] != w->glyph_target[i - 1] ||
		    w->glyph_span[i] != w->glyph_span[i - 1])) {
			put(w, page, hex, nhex);
			nhex = 0;
			put(w, page, "> Tj\n", 5);
			switch_to_glyph(w, page, g, pl->line->n, i);
			put(w, page, "<", 1);
		}
		if (nhex == sizeof(hex)) {
			put(w, page, hex, nhex);
			nhex = 0;
		}
		hex[nhex++] = digits[cid >> 12 & 15];
		hex[nhex++] = digits[cid >> 8 & 15];
		hex[nhex++] = digits[cid >> 4 & 15];
		hex[nhex++] = digits[cid & 15];
	}
	put(w, page, hex, nhex);
	put(w, page, "> Tj\n", 5);
}

/*
 * Where a line of a horizontal frame starts (its baseline's start): every
 * line of a horizontal page, the folio and running head of a vertical one.
 * Return 0 for a column of a vertical frame.
 */
static int
line_origin(const struct writer *w, const struct placed_line *pl, double origin[2])
{
	if (w->page->frames.v[pl->frame].vertical)
		return 0;
	to_page(w, pl->frame, pl->inline_start, pl->baseline, &origin[0], &origin[1]);
	return 1;
}

/*
 * Draw a line whose glyphs belong to target: its first label_glyphs to
 * label (a footnote's number), its footnote marks to References of their
 * own under target.
 */
static void
draw_line(struct writer *w, HPDF_Page page, const struct placed_line *pl,
    const double *origin, int target, int label, size_t label_glyphs)
{
	const struct glyph *g = pl->line->g;
	size_t n = pl->line->n, a = 0;

	if (n > w->glyph_cap) {
		w->glyph_cap = n * 2;
		w->glyph_target = xrealloc(w->glyph_target, w->glyph_cap * sizeof(int));
		w->glyph_span = xrealloc(w->glyph_span, w->glyph_cap * sizeof(int));
	}
	w->line_elem = target;
	for (size_t i = 0; i < n; i++) {
		int t = target;
		if (label >= 0 && i < label_glyphs)
			t = label;
		else if (g[i].is_mark && target >= 0)
			t = TAG_MARK_REF;
		w->glyph_target[i] = t;
		w->glyph_span[i] = 0;
		if (origin != NULL || g[i].orient == GO_UPRIGHT || (t < 0 && t != TAG_MARK_REF))
			continue;
		if (i > 0 && w->glyph_span[i - 1] && g[i - 1].orient == g[i].orient &&
		    w->glyph_target[i - 1] == t)
			w->glyph_span[i] = w->glyph_span[i - 1];
		else
			w->glyph_span[i] = ++w->span_seq;
	}
	/* one glyph copies out as itself: a span of its own would say nothing */
	for (size_t i = 0; i < n; i++)
		if (w->glyph_span[i] && (i == 0 || w->glyph_span[i - 1] != w->glyph_span[i]) &&
		    (i + 1 == n || w->glyph_span[i + 1] != w->glyph_span[i]))
			w->glyph_span[i] = 0;

	while (a < n) {
		size_t b = a + 1;
		fixed gap0 = 0;
		while (b < n && g[b].font == g[a].font && g[b].size == g[a].size &&
		    g[b].rise == g[a].rise && g[b].cp < 0x10000 &&
		    g[b].orient == g[a].orient && g[b].cross == g[a].cross &&
		    g[a].orient != GO_TCY) {
			fixed gap = g[b].pos - g[b - 1].pos - g[b - 1].adv;
			/* glyphs set solid (、「) go in runs of their own, as when
			 * libharu drew text (nothing for a run of width zero):
			 * the same runs keep every glyph where it was */
			if (gap <= -g[b - 1].adv * 3 / 4)
				break;
			if (b == a + 1)
				gap0 = gap;
			else if (gap < gap0 - 1 || gap > gap0 + 1)
				break;
			b++;
		}
		draw_run(w, page, pl, a, b, origin);
		a = b;
	}
}

/* Record the codes a line draws, and the character each stands for. */
static void
mark_line(struct writer *w, const struct line *ln)
{
	for (size_t g = 0; g < ln->n; g++) {
		uint32_t c = ln->g[g].show;
		if (c >= 0x10000 || ln->g[g].cp >= 0x10000)
			continue;
		w->used[ln->g[g].font][c >> 3] |= (unsigned char)(1u << (c & 7));
		w->unicode_of[ln->g[g].font][c] = (uint16_t)ln->g[g].cp;
	}
}

/* Record every code point each font will draw. */
static void
mark_used(struct writer *w, const struct pages *pages)
{
	for (size_t i = 0; i < pages->n; i++) {
		const struct page *pg = &pages->v[i];
		for (size_t k = 0; k < pg->lines.n; k++)
			mark_line(w, pg->lines.v[k].line);
		for (size_t k = 0; k < pg->draws.n; k++)
			if (pg->draws.v[k].d->kind == DR_TEXT && pg->draws.v[k].d->text)
				mark_line(w, pg->draws.v[k].d->text);
	}
}

/*
 * Point (fx, fy) of a drawing in its figure frame, in the frame's own
 * PDF space: figures are drawn under a transformation that puts the
 * frame's origin and scale in place (see draw_figures).
 */
static void
figure_point(const struct placed_draw *pd, fixed fx, fixed fy, double *x, double *y)
{
	*x = pt(fx);
	*y = -pt(pd->dy + fy);
}

static void
set_line_width(struct writer *w, HPDF_Page page, double width)
{
	HPDF_REAL v = (HPDF_REAL)width;

	if (w->paint.line_width != v)
		HPDF_Page_SetLineWidth(page, v);
	w->paint.line_width = v;
}

/* The grey of fills and text, 0 black to 1 white. */
static void
set_fill_gray(struct writer *w, HPDF_Page page, double gray)
{
	HPDF_REAL v = (HPDF_REAL)gray;

	if (w->paint.gray != v)
		HPDF_Page_SetGrayFill(page, v);
	w->paint.gray = v;
}

/* Text in a figure: always horizontal, from its point in the figure. */
static void
draw_figure_text(struct writer *w, HPDF_Page page, const struct placed_draw *pd, int target)
{
	struct placed_line pl;
	double origin[2];

	memset(&pl, 0, sizeof(pl));
	pl.line = pd->d->text;
	figure_point(pd, pd->d->x, pd->d->y, &origin[0], &origin[1]);
	/* black, or a grey or white text (on a dark fill) */
	set_fill_gray(w, page, pd->d->fill >= 0 ? pd->d->fill / 1000.0 : 0);
	draw_line(w, page, &pl, origin, target, -1, 0);
}

static void
draw_graphics(struct writer *w, HPDF_Page page, const struct placed_draw *pd)
{
	const struct draw *d = pd->d;
	double x0, y0, x1, y1;

	if (d->kind == DR_TEXT)
		return;
	figure_point(pd, d->x, d->y, &x0, &y0);
	figure_point(pd, d->x + d->w, d->y + d->h, &x1, &y1);
	set_line_width(w, page, pt(d->stroke > 0 ? d->stroke : PT(0.5)));
	if (d->dashed) {
		const HPDF_UINT16 fine[] = { 2, 2 }, bold[] = { 5, 3 };
		HPDF_Page_SetDash(page, d->dashed == 2 ? bold : fine, 2, 0);
	}
	switch (d->kind) {
	case DR_RECT:
		/* colours are set outside the path: libharu refuses them inside */
		if (d->fill >= 0)
			set_fill_gray(w, page, d->fill / 1000.0);
		HPDF_Page_Rectangle(page, (HPDF_REAL)x0, (HPDF_REAL)y1,
		    (HPDF_REAL)(x1 - x0), (HPDF_REAL)(y0 - y1));
		if (d->fill >= 0) {
			if (d->stroke > 0)
				HPDF_Page_FillStroke(page);
			else
				HPDF_Page_Fill(page);
		} else
			HPDF_Page_Stroke(page);
		break;
	case DR_LINE:
	case DR_ARROW:
		HPDF_Page_MoveTo(page, (HPDF_REAL)x0, (HPDF_REAL)y0);
		HPDF_Page_LineTo(page, (HPDF_REAL)x1, (HPDF_REAL)y1);
		HPDF_Page_Stroke(page);
		if (d->kind == DR_ARROW) {
			/* a filled head 4 pt long at the end */
			double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
			if (len > 0) {
				double ux = dx / len, uy = dy / len, hl = 4, hw = 2;
				set_fill_gray(w, page, 0);
				HPDF_Page_MoveTo(page, (HPDF_REAL)x1, (HPDF_REAL)y1);
				HPDF_Page_LineTo(page, (HPDF_REAL)(x1 - ux * hl - uy * hw),
				    (HPDF_REAL)(y1 - uy * hl + ux * hw));
				HPDF_Page_LineTo(page, (HPDF_REAL)(x1 - ux * hl + uy * hw),
				    (HPDF_REAL)(y1 - uy * hl - ux * hw));
				HPDF_Page_ClosePath(page);
				HPDF_Page_Fill(page);
			}
		}
		break;
	default:
		break;
	}
	if (d->dashed)
		HPDF_Page_SetDash(page, NULL, 0, 0);
}

/*
 * The figures of a page, each as a group under a transformation that maps
 * its upright frame (origin, scale) onto the page: its boxes and rules,
 * then its text.
 */
static void
draw_figures(struct writer *w, HPDF_Page page, const struct page *pg)
{
	for (size_t a = 0, b; a < pg->draws.n; a = b) {
		int fi = pg->draws.v[a].frame;
		double x, y, s = pg->frames.v[fi].scale / 1000.0;
		for (b = a + 1; b < pg->draws.n && pg->draws.v[b].frame == fi; b++)
			;
		to_page(w, fi, 0, 0, &x, &y);
		struct paint outside = w->paint;	/* as Q puts it back */
		HPDF_Page_GSave(page);
		HPDF_Page_Concat(page, (HPDF_REAL)s, 0, 0, (HPDF_REAL)s, (HPDF_REAL)x, (HPDF_REAL)y);
		for (size_t k = a; k < b; k++)
			if (pg->draws.v[k].d->kind != DR_TEXT) {
				mark_content(w, page, w->tags.pages[w->page_index].draw[k]);
				draw_graphics(w, page, &pg->draws.v[k]);
			}
		close_content(w, page);
		begin_text(w, page);
		for (size_t k = a; k < b; k++) {
			const struct placed_draw *pd = &pg->draws.v[k];
			if (pd->d->kind == DR_TEXT && pd->d->text != NULL && pd->d->text->n > 0)
				draw_figure_text(w, page, pd,
				    w->tags.pages[w->page_index].draw[k]);
		}
		close_content(w, page);
		HPDF_Page_EndText(page);
		HPDF_Page_GRestore(page);
		w->paint = outside;
	}
}

/*
 * libharu writes /Filter only for the filters it applies itself: a stream
 * deflated here says so through its dictionary's write function.
 */
static HPDF_STATUS
write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/*
 * Put data, deflated, in stream object s (its data until now dropped):
 * libharu then writes it as it is, with /Filter /FlateDecode.
 */
static int
deflate_into(struct writer *w, HPDF_Dict s, const void *data, size_t n, int level)
{
	size_t bound, k;
	unsigned char *out;
	int ok;

	if (w->deflate != NULL && w->deflate_level != level) {
		libdeflate_free_compressor(w->deflate);
		w->deflate = NULL;
	}
	if (w->deflate == NULL) {
		w->deflate = libdeflate_alloc_compressor(level);
		w->deflate_level = level;
	}
	if (w->deflate == NULL) {
		diag(SEV_FATAL, NULL, "cannot compress the PDF: out of memory");
		return 0;
	}
	bound = libdeflate_zlib_compress_bound(w->deflate, n);
	out = xmalloc(bound);
	k = libdeflate_zlib_compress(w->deflate, data, n, out, bound);

	HPDF_MemStream_FreeData(s->stream);
	ok = k > 0 && HPDF_Stream_Write(s->stream, out, (HPDF_UINT)k) == HPDF_OK;
	s->filter = HPDF_STREAM_FILTER_NONE;
	s->write_fn = write_flate_filter;
	free(out);
	return ok;
}

/* A new stream object holding data, deflated. */
static HPDF_Dict
deflated_stream(struct writer *w, const void *data, size_t n, int level)
{
	HPDF_Dict s = HPDF_DictStream_New(w->pdf->mmgr, w->pdf->xref);

	if (s == NULL || !deflate_into(w, s, data, n, level))
		return NULL;
	return s;
}

/* Deflate what was written to a page's content stream. */
static int
deflate_page(struct writer *w, HPDF_Page page)
{
	HPDF_Dict contents = ((HPDF_PageAttr)page->attr)->contents;
	HPDF_Stream st = contents->stream;
	HPDF_UINT nbuf = HPDF_MemStream_GetBufCount(st);
	unsigned char *data = xmalloc(st->size + 1);
	size_t n = 0;
	int ok;

	for (HPDF_UINT i = 0; i < nbuf; i++) {
		HPDF_UINT len;
		const HPDF_BYTE *b = HPDF_MemStream_GetBufPtr(st, i, &len);
		if (b == NULL || n + len > st->size)
			break;
		memcpy(data + n, b, len);
		n += len;
	}
	ok = n == st->size && deflate_into(w, contents, data, n, TEXT_LEVEL);
	free(data);
	return ok;
}

/*
 * A subset's font name: a tag of six capitals, '+', the PostScript name.
 * The tag comes from the name and the glyphs kept (FNV-1a), so the same
 * document always gets the same name and different subsets different ones.
 */
static void
subset_name(char *out, size_t size, const char *ps_name, const unsigned *gids, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	char tag[7];

	for (const char *c = ps_name; *c; c++)
		h = (h ^ (unsigned char)*c) * 0x100000001b3u;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 16; k += 8)
			h = (h ^ ((gids[i] >> k) & 0xff)) * 0x100000001b3u;
	for (int i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '\0';
	snprintf(out, size, "%s+%s", tag, ps_name);
}

/* /W: the widths that are not the default of one em, in runs of CIDs. */
static HPDF_Array
widths(struct writer *w, struct embedded *f, const unsigned *gids, const unsigned *cids,
    size_t n)
{
	HPDF_Array all = HPDF_Array_New(w->pdf->mmgr), run = NULL;
	unsigned next = 0;

	for (size_t i = 0; i < n && all != NULL; i++) {
		int wd = subset_advance(f->source, gids[i]);
		if (wd == 1000) {
			run = NULL;
			continue;
		}
		if (run == NULL || cids[i] != next) {
			HPDF_Array_AddNumber(all, (HPDF_INT32)cids[i]);
			run = HPDF_Array_New(w->pdf->mmgr);
			HPDF_Array_Add(all, run);
		}
		HPDF_Array_AddNumber(run, wd);
		next = cids[i] + 1;
	}
	return all;
}

/*
 * The ToUnicode CMap: each CID drawn to the character it stands for (a
 * vertical form copies as its character), in bfchar blocks.
 */
static HPDF_Dict
to_unicode(struct writer *w, enum font_role r, unsigned ncid)
{
	uint16_t *uni = xcalloc(ncid, sizeof(*uni));
	struct strbuf s = {0};
	size_t n = 0, at = 0;
	HPDF_Dict d;

	for (uint32_t c = 1; c < 0x10000; c++) {
		unsigned cid = w->font[r].cid_of[c];
		if (cid != 0 && cid < ncid && uni[cid] == 0)
			uni[cid] = w->unicode_of[r][c];
	}
	sb_puts(&s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (unsigned cid = 1; cid < ncid; cid++)
		n += uni[cid] != 0;
	for (unsigned cid = 1; cid < ncid; cid++) {
		if (uni[cid] == 0)
			continue;
		if (at % BFCHAR_MAX == 0)
			sb_printf(&s, "%zu beginbfchar\n",
			    n - at < BFCHAR_MAX ? n - at : (size_t)BFCHAR_MAX);
		sb_printf(&s, "<%04X> <%04X>\n", cid, uni[cid]);
		if (++at % BFCHAR_MAX == 0 || at == n)
			sb_puts(&s, "endbfchar\n");
	}
	sb_puts(&s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	/* with the font's compressor: a map of a few kilobytes */
	d = deflated_stream(w, s.s, s.len, FONT_LEVEL);
	sb_free(&s);
	free(uni);
	return d;
}

/* A Type0 font over the CIDFont, in encoding Identity-H or Identity-V. */
static HPDF_Dict
type0_font(struct writer *w, const char *base, HPDF_Dict cidfont, HPDF_Dict tounicode,
    const char *encoding)
{
	HPDF_Dict t = HPDF_Dict_New(w->pdf->mmgr);
	HPDF_Array descendants = HPDF_Array_New(w->pdf->mmgr);

	if (t == NULL || descendants == NULL || HPDF_Xref_Add(w->pdf->xref, t) != HPDF_OK)
		return NULL;
	HPDF_Dict_AddName(t, "Type", "Font");
	HPDF_Dict_AddName(t, "Subtype", "Type0");
	HPDF_Dict_AddName(t, "BaseFont", base);
	HPDF_Dict_AddName(t, "Encoding", encoding);
	HPDF_Array_Add(descendants, cidfont);
	HPDF_Dict_Add(t, "DescendantFonts", descendants);
	HPDF_Dict_Add(t, "ToUnicode", tounicode);
	return t;
}

/* The FontDescriptor of the subset, with the font file. */
static HPDF_Dict
descriptor(struct writer *w, const struct subset_facts *facts, const char *base,
    HPDF_Dict file)
{
	HPDF_Dict d = HPDF_Dict_New(w->pdf->mmgr);
	HPDF_Array bbox = HPDF_Array_New(w->pdf->mmgr);
	int flags = 32;	/* nonsymbolic, as libharu had it */

	if (d == NULL || bbox == NULL || HPDF_Xref_Add(w->pdf->xref, d) != HPDF_OK)
		return NULL;
	/* OS/2 family classes: serif faces, scripts, symbols */
	if ((facts->family_class > 0 && facts->family_class < 6) || facts->family_class == 7)
		flags |= 2;
	if (facts->family_class == 10)
		flags |= 8;
	if (facts->family_class == 12)
		flags |= 4;
	HPDF_Dict_AddName(d, "Type", "FontDescriptor");
	HPDF_Dict_AddName(d, "FontName", base);
	HPDF_Dict_AddNumber(d, "Flags", flags);
	for (int i = 0; i < 4; i++)
		HPDF_Array_AddNumber(bbox, facts->bbox[i]);
	HPDF_Dict_Add(d, "FontBBox", bbox);
	HPDF_Dict_AddNumber(d, "ItalicAngle", 0);
	HPDF_Dict_AddNumber(d, "Ascent", facts->ascent);
	HPDF_Dict_AddNumber(d, "Descent", facts->descent);
	HPDF_Dict_AddNumber(d, "CapHeight", facts->cap_height);
	HPDF_Dict_AddNumber(d, "XHeight", facts->x_height);
	HPDF_Dict_AddNumber(d, "StemV", 0);
	HPDF_Dict_Add(d, "FontFile2", file);
	return d;
}

/*
 * Embed font role r: its subset of the glyphs drawn, and the fonts that
 * draw it. Fills cid_of for every code drawn. Return 0 on failure.
 */
static int
embed_font(struct writer *w, enum font_role r)
{
	struct embedded *f = &w->font[r];
	unsigned char *has = xcalloc(65536 / 8, 1);	/* glyphs kept */
	unsigned *gids = NULL, *cids = NULL;
	struct subset_file file = { NULL, 0, NULL };
	size_t n = 0;
	char base[HPDF_LIMIT_MAX_NAME_LEN + 1];
	int ok = 0;

	/* the compressor (made when needed) is not kept through subsetting:
	 * each has its moment, and the memory of one is enough */
	libdeflate_free_compressor(w->deflate);
	w->deflate = NULL;
	malloc_trim(0);
	f->source = subset_open(w->l->font_path[r]);
	if (f->source == NULL)
		goto out;
	f->cid_of = xcalloc(65536, sizeof(*f->cid_of));
	for (uint32_t c = 1; c < 0x10000; c++)
		if (w->used[r][c >> 3] & (1u << (c & 7))) {
			unsigned gid = subset_glyph_of(f->source, c);
			f->cid_of[c] = (uint16_t)gid;	/* its glyph until the subset is made */
			if (gid != 0 && gid < 0x10000 && !(has[gid >> 3] & (1u << (gid & 7)))) {
				has[gid >> 3] |= (unsigned char)(1u << (gid & 7));
				n++;
			}
		}
	gids = xcalloc(n + 1, sizeof(*gids));
	cids = xcalloc(n + 1, sizeof(*cids));
	n = 0;
	for (unsigned gid = 1; gid < 0x10000; gid++)
		if (has[gid >> 3] & (1u << (gid & 7)))
			gids[n++] = gid;
	if (!subset_cut(f->source, gids, n, cids, &file))
		goto out;
	unsigned ncid = 1;
	for (size_t i = 0; i < n; i++)
		if (cids[i] + 1 > ncid)
			ncid = cids[i] + 1;
	/* each code's glyph to its id in the subset (gids is sorted) */
	for (uint32_t c = 1; c < 0x10000; c++) {
		size_t lo = 0, hi = n;
		if (f->cid_of[c] == 0)
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (gids[mid] < f->cid_of[c])
				lo = mid + 1;
			else
				hi = mid;
		}
		f->cid_of[c] = lo < n && gids[lo] == f->cid_of[c] ? (uint16_t)cids[lo] : 0;
	}

	struct subset_facts facts;
	subset_facts(f->source, &facts);
	subset_name(base, sizeof(base), facts.ps_name, gids, n);
	HPDF_Array wd = widths(w, f, gids, cids, n);
	/* all that is needed of the font file is known: its image goes, and
	 * what the subsetter freed, before the subset is compressed */
	subset_close(f->source);
	f->source = NULL;
	malloc_trim(0);
	HPDF_Dict fontfile = deflated_stream(w, file.data, file.size, FONT_LEVEL);
	if (fontfile == NULL)
		goto out;
	HPDF_Dict_AddNumber(fontfile, "Length1", (HPDF_INT32)file.size);
	subset_file_free(&file);

	HPDF_Dict cidfont = HPDF_Dict_New(w->pdf->mmgr);
	HPDF_Dict info = HPDF_Dict_New(w->pdf->mmgr);
	HPDF_Dict desc = descriptor(w, &facts, base, fontfile);
	HPDF_Dict tounicode = to_unicode(w, r, ncid);
	HPDF_Array dw2 = HPDF_Array_New(w->pdf->mmgr);
	if (cidfont == NULL || info == NULL || desc == NULL || tounicode == NULL ||
	    dw2 == NULL || HPDF_Xref_Add(w->pdf->xref, cidfont) != HPDF_OK)
		goto out;
	HPDF_Dict_AddName(cidfont, "Type", "Font");
	HPDF_Dict_AddName(cidfont, "Subtype", "CIDFontType2");
	HPDF_Dict_AddName(cidfont, "BaseFont", base);
	HPDF_Dict_Add(info, "Registry", HPDF_String_New(w->pdf->mmgr, "Adobe", NULL));
	HPDF_Dict_Add(info, "Ordering", HPDF_String_New(w->pdf->mmgr, "Identity", NULL));
	HPDF_Dict_AddNumber(info, "Supplement", 0);
	HPDF_Dict_Add(cidfont, "CIDSystemInfo", info);
	HPDF_Dict_Add(cidfont, "FontDescriptor", desc);
	HPDF_Dict_AddNumber(cidfont, "DW", 1000);
	HPDF_Dict_Add(cidfont, "W", wd);
	/* vertical: every glyph advances one em down from a point 880/1000
	 * above its bottom, as IPAex's vhea and vmtx have it */
	HPDF_Array_AddNumber(dw2, 880);
	HPDF_Array_AddNumber(dw2, -1000);
	HPDF_Dict_Add(cidfont, "DW2", dw2);
	HPDF_Dict_AddName(cidfont, "CIDToGIDMap", "Identity");

	f->horizontal = type0_font(w, base, cidfont, tounicode, "Identity-H");
	if (w->vertical)
		f->vertical = type0_font(w, base, cidfont, tounicode, "Identity-V");
	ok = f->horizontal != NULL && (!w->vertical || f->vertical != NULL) && !w->failed;
out:
	subset_close(f->source);
	f->source = NULL;
	subset_file_free(&file);
	free(gids);
	free(cids);
	free(has);
	return ok;
}

/* A view of a page from the place of block offset `block` of one of its
 * frames: a horizontal frame from there down, a vertical one whole. */
static HPDF_Destination
destination(struct writer *w, HPDF_Page page, const struct page *pg, int frame,
    fixed block)
{
	double x, y;
	HPDF_Destination d = HPDF_Page_CreateDestination(page);
	const struct page *saved = w->page;

	w->page = pg;
	if (pg->frames.v[frame].vertical)
		to_page(w, frame, -w->l->line_pitch, 0, &x, &y);
	else
		to_page(w, frame, 0, block, &x, &y);
	w->page = saved;
	/* libharu rejects XYZ with zoom 0 ("keep"): fit the width instead */
	if (d != NULL)
		HPDF_Destination_SetFitH(d, (HPDF_REAL)(y + pt(w->l->line_pitch)));
	return d;
}

/*
 * A link annotation of the contents under its Link element (an OBJR), with
 * the entry's text as its description.
 */
static void
link_in_structure(struct writer *w, const struct pages *pages, size_t page, size_t k,
    int e, HPDF_Annotation a)
{
	const struct line *ln = pages->v[page].lines.v[w->tags.pages[page].link_line[k]].line;
	struct strbuf text = {0};
	char buf[8];
	int index = (int)w->annots.n;

	VEC_PUSH(w->annots, a);
	VEC_PUSH(w->annot_page, page);
	tags_add_objr(&w->tags, e, page, index);
	/* after the pages' keys in the parent tree */
	HPDF_Dict_AddNumber(a, "StructParent", (HPDF_INT32)(pages->n + (size_t)index));
	for (size_t g = 0; g < ln->n; g++)
		sb_add(&text, buf, utf8_encode(ln->g[g].cp, buf));
	HPDF_Dict_Add(a, "Contents", utf16_string(w, text.s ? text.s : ""));
	sb_free(&text);
}

/*
 * Bookmarks of every heading down to （1）, links of the contents, and page
 * labels that match the printed folios (front matter in roman numerals).
 */
static void
navigation(struct writer *w, const struct pages *pages, HPDF_Page *hpages)
{
	HPDF_Outline parents[8] = {0};
	HPDF_Encoder utf8 = HPDF_GetEncoder(w->pdf, "UTF-8");

	for (size_t i = 0; i < pages->noutline && !w->failed; i++) {
		const struct outline_entry *e = &pages->outline[i];
		int level = e->level < 0 ? 0 : e->level > 7 ? 7 : e->level;
		HPDF_Outline parent = NULL;
		for (int k = level - 1; k >= 0 && parent == NULL; k--)
			parent = parents[k];
		HPDF_Outline o = HPDF_CreateOutline(w->pdf, parent, e->title, utf8);
		if (o == NULL)
			return;
		HPDF_Outline_SetOpened(o, level < 1 ? HPDF_TRUE : HPDF_FALSE);
		HPDF_Outline_SetDestination(o, destination(w, hpages[e->page],
		    &pages->v[e->page], e->frame, e->block));
		parents[level] = o;
		for (int k = level + 1; k < 8; k++)
			parents[k] = NULL;
	}
	for (size_t i = 0; i < pages->n && !w->failed; i++) {
		const struct page *pg = &pages->v[i];
		w->page = pg;
		for (size_t k = 0; k < pg->links.n; k++) {
			const struct link *lk = &pg->links.v[k];
			double x0, y0, x1, y1;
			to_page(w, lk->frame, lk->inline_start, lk->block_bottom, &x0, &y0);
			to_page(w, lk->frame, lk->inline_end, lk->block_top, &x1, &y1);
			HPDF_Rect r = { (HPDF_REAL)fmin(x0, x1), (HPDF_REAL)fmin(y0, y1),
				(HPDF_REAL)fmax(x0, x1), (HPDF_REAL)fmax(y0, y1) };
			HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(hpages[i], r,
			    destination(w, hpages[lk->target_page], &pages->v[lk->target_page],
			    lk->target_frame, lk->target_block));
			if (a != NULL)
				HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
			int e = w->tags.pages[i].link[k];
			if (a != NULL && e >= 0)
				link_in_structure(w, pages, i, k, e, a);
		}
	}
	if (pages->nfront > 0)
		HPDF_AddPageLabel(w->pdf, 0, HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, NULL);
	HPDF_AddPageLabel(w->pdf, (HPDF_UINT)pages->nfront, HPDF_PAGE_NUM_STYLE_DECIMAL, 1,
	    NULL);
	if (pages->noutline > 0)
		HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	if (w->vertical) {
		/* a right-bound book: pages progress right to left, two up */
		HPDF_Dict prefs = HPDF_Dict_New(w->pdf->mmgr);
		HPDF_Dict_AddName(prefs, "Direction", "R2L");
		HPDF_Dict_Add(w->pdf->catalog, "ViewerPreferences", prefs);
		w->prefs = prefs;
		HPDF_SetPageLayout(w->pdf, HPDF_PAGE_LAYOUT_TWO_PAGE_RIGHT);
	}
}

/* Write all of buf, retrying short writes; return 0 on error (errno set). */
static int
write_all(int fd, const HPDF_BYTE *buf, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, buf, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		buf += k;
		n -= (size_t)k;
	}
	return 1;
}

/*
 * Write the saved PDF (size bytes in libharu's memory stream) to fd from
 * the stream's own buffers (libharu reads back a byte at a time), gathered
 * into pieces of 64 KiB. Return 0 on a write error (errno set), -1 if the
 * stream is not as libharu said (reported).
 */
static int
write_pdf(int fd, struct writer *w, size_t size)
{
	static HPDF_BYTE piece[64 * 1024];
	HPDF_Stream st = w->pdf->stream;
	HPDF_UINT nbuf = HPDF_MemStream_GetBufCount(st);
	size_t in_piece = 0, done = 0;

	for (HPDF_UINT i = 0; i <= nbuf; i++) {
		HPDF_UINT len = 0;
		const HPDF_BYTE *b = i < nbuf ? HPDF_MemStream_GetBufPtr(st, i, &len) : NULL;
		if (i < nbuf && (b == NULL || done + len > size))
			break;
		if (in_piece > 0 && (i == nbuf || in_piece + len > sizeof(piece))) {
			if (!write_all(fd, piece, in_piece))
				return 0;
			in_piece = 0;
		}
		if (i < nbuf) {
			memcpy(piece + in_piece, b, len);	/* len <= buffer size < piece */
			in_piece += len;
			done += len;
		}
	}
	if (done != size || w->failed) {
		diag(SEV_FATAL, NULL, "cannot read back the PDF from the library");
		return -1;
	}
	return 1;
}

/*
 * The temporary file being written, for the signal handler: it removes the
 * file and dies of the signal as it would have. Set (signals blocked)
 * before the file is created; cleared once it is renamed or removed.
 */
static char tmp_path[PATH_MAX + 8];
static volatile sig_atomic_t tmp_armed;
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define NFATAL (sizeof(fatal_signals) / sizeof(*fatal_signals))

static void
on_fatal_signal(int sig)
{
	if (tmp_armed)
		unlink(tmp_path);
	tmp_armed = 0;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
block_fatal(int how, sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < NFATAL; i++)
		sigaddset(&set, fatal_signals[i]);
	sigprocmask(how, &set, old);
}

/* Forget the temporary file (renamed or removed). */
static void
disarm(void)
{
	sigset_t old;

	block_fatal(SIG_BLOCK, &old);
	tmp_armed = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/*
 * Put the finished PDF at path: "-" is standard output; otherwise a
 * temporary file beside path, renamed over it when complete. A path that
 * exists and is not a regular file (a device, a FIFO, a symlink, a
 * directory) is never replaced.
 */
static int
put_file(const char *path, struct writer *w, size_t size)
{
	struct srcpos p = { path, 0, 0 };
	struct sigaction sa, old_sa[NFATAL];
	struct stat st;
	sigset_t old;
	int fd, ok = 0;

	/* past a file size limit write() fails with EFBIG, reported below */
	signal(SIGXFSZ, SIG_IGN);
	if (strcmp(path, "-") == 0) {
		int wrote = write_pdf(STDOUT_FILENO, w, size);
		if (wrote == 0)
			diag(SEV_FATAL, NULL, "cannot write the PDF to standard output: %s",
			    strerror(errno));
		return wrote > 0;
	}
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag(SEV_FATAL, &p, "not replaced: it exists and is not a regular file (%s)",
		    S_ISLNK(st.st_mode) ? "a symbolic link" : S_ISDIR(st.st_mode) ? "a directory" :
		    S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISCHR(st.st_mode) ? "a character device" :
		    S_ISBLK(st.st_mode) ? "a block device" : S_ISSOCK(st.st_mode) ? "a socket" :
		    "a special file");
		return 0;
	}
	if (strlen(path) + 8 > sizeof(tmp_path)) {
		diag(SEV_FATAL, &p, "cannot write the PDF: %s", strerror(ENAMETOOLONG));
		return 0;
	}
	snprintf(tmp_path, sizeof(tmp_path), "%s.XXXXXX", path);

	/* a signal from here on removes the temporary file */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	block_fatal(SIG_BLOCK, &old);
	for (size_t i = 0; i < NFATAL; i++) {
		sigaction(fatal_signals[i], NULL, &old_sa[i]);
		if (old_sa[i].sa_handler != SIG_IGN)	/* nohup stays nohup */
			sigaction(fatal_signals[i], &sa, NULL);
	}
	fd = mkstemp(tmp_path);
	tmp_armed = fd >= 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		diag(SEV_FATAL, &p, "cannot create a temporary file beside it: %s",
		    strerror(errno));
		goto out;
	}
	/* mkstemp makes the file private; a PDF is for everyone to read. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	int werr = 0, wrote = write_pdf(fd, w, size);
	if (wrote == 0 || (wrote > 0 && fsync(fd) != 0))
		werr = errno;
	if (close(fd) != 0 && werr == 0 && wrote > 0)
		werr = errno;
	if (wrote < 0) {
		unlink(tmp_path);
		disarm();
		goto out;
	}
	if (werr != 0) {
		diag(SEV_FATAL, &p, "cannot write the PDF: %s (the temporary file %s is removed)",
		    strerror(werr), tmp_path);
		unlink(tmp_path);
		disarm();
		goto out;
	}
	if (rename(tmp_path, path) != 0) {
		diag(SEV_FATAL, &p, "cannot rename the finished PDF %s into place: %s",
		    tmp_path, strerror(errno));
		unlink(tmp_path);
		disarm();
		goto out;
	}
	disarm();
	ok = 1;
out:
	block_fatal(SIG_BLOCK, &old);
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &old_sa[i], NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ok;
}

/* XML text: the characters that would be markup, escaped. */
static void
xml_text(struct strbuf *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': sb_puts(out, "&amp;"); break;
		case '<': sb_puts(out, "&lt;"); break;
		case '>': sb_puts(out, "&gt;"); break;
		default: sb_add(out, s, 1); break;
		}
}

/* The XMP metadata: the title and the PDF/UA part claimed. */
static HPDF_Dict
metadata(struct writer *w, const struct pdf_info *info)
{
	HPDF_Dict s = HPDF_DictStream_New(w->pdf->mmgr, w->pdf->xref);
	struct strbuf x = {0};

	if (s == NULL)
		return NULL;
	HPDF_Dict_AddName(s, "Type", "Metadata");
	HPDF_Dict_AddName(s, "Subtype", "XML");
	sb_puts(&x, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "<dc:format>application/pdf</dc:format>\n"
	    "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	xml_text(&x, info->title ? info->title : "");
	sb_puts(&x, "</rdf:li></rdf:Alt></dc:title>\n");
	if (info->author && info->author[0]) {
		sb_puts(&x, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(&x, info->author);
		sb_puts(&x, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	sb_puts(&x, "<dc:language><rdf:Bag><rdf:li>ja</rdf:li></rdf:Bag></dc:language>\n"
	    "</rdf:Description>\n"
	    "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
	    "<pdfuaid:part>1</pdfuaid:part>\n"
	    "</rdf:Description>\n"
	    "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
	if (HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)x.s, (HPDF_UINT)x.len) != HPDF_OK)
		w->failed = 1;
	sb_free(&x);
	return s;
}

/*
 * The structure objects are many (hundreds in the plan, hundreds of
 * thousands in a document of many notes): each is an empty libharu
 * dictionary in the cross-reference table whose entries are written here
 * when the file is saved (its write function), from the model, in one
 * line: a libharu dictionary entry costs hundreds of bytes of memory and
 * a line of the file, a structure element has five.
 */
enum raw_kind {
	RAW_ROOT,		/* the StructTreeRoot */
	RAW_ELEM,		/* element index */
	RAW_PARENT_LEAF,	/* a leaf of the parent tree: pairs from index */
	RAW_ID_LEAF		/* a leaf of the IDTree: notes from index */
};

struct raw_obj {
	struct writer *w;
	enum raw_kind kind;
	size_t index;
};

/* Number trees and name trees of more pairs than this are split into
 * leaves (readers' arrays were once bounded at 8191 items). */
#define TREE_LEAF 4096

static unsigned long
obj_number(const void *obj)
{
	return (unsigned long)(((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF);
}

static void
put_ref(struct strbuf *out, const void *obj)
{
	sb_printf(out, "%lu 0 R", obj_number(obj));
}

static int
by_note(const void *a, const void *b)
{
	const struct note_ref *x = a, *y = b;

	return (x->note > y->note) - (x->note < y->note);
}

/* The attributes of an element: a table cell's scope and span, the
 * writing mode where it changes (inherited: the Document's in a vertical
 * document, a figure's among its columns). */
static void
put_attributes(struct writer *w, const struct tag_elem *e, struct strbuf *out)
{
	if (e->scope != SCOPE_NONE || e->rowspan > 1 || e->colspan > 1) {
		sb_puts(out, " /A <</O /Table");
		if (e->scope != SCOPE_NONE)
			sb_puts(out, e->scope == SCOPE_COLUMN ? " /Scope /Column" : " /Scope /Row");
		if (e->rowspan > 1)
			sb_printf(out, " /RowSpan %d", e->rowspan);
		if (e->colspan > 1)
			sb_printf(out, " /ColSpan %d", e->colspan);
		sb_puts(out, ">>");
		return;
	}
	int top = e->parent == 0 || (e->parent > 0 && w->tags.elems.v[e->parent].group &&
	    !e->group);
	if (e->parent < 0 ? !w->vertical : !top || !e->vertical == !w->vertical)
		return;
	sb_printf(out, " /A <</O /Layout /WritingMode /%s>>", e->vertical ? "TbRl" : "LrTb");
}

static void
note_id(struct strbuf *out, int note)
{
	sb_printf(out, "(note%06d)", note + 1);
}

static void
render_elem(struct writer *w, size_t i, struct strbuf *out)
{
	const struct tag_elem *e = &w->tags.elems.v[i];
	size_t pg = SIZE_MAX;

	/* no /Type: it is optional */
	sb_printf(out, "/S /%s /P ", e->type);
	put_ref(out, e->parent < 0 ? (void *)w->struct_root : (void *)w->elem_dict[e->parent]);
	for (size_t k = 0; k < e->kids.n && pg == SIZE_MAX; k++)
		if (e->kids.v[k].kind != KID_ELEM)
			pg = e->kids.v[k].page;
	if (pg != SIZE_MAX) {
		sb_puts(out, " /Pg ");
		put_ref(out, w->hpages[pg]);
	}
	if (e->note >= 0) {
		sb_puts(out, " /ID ");
		note_id(out, e->note);
	}
	if (e->alt != NULL) {
		sb_puts(out, " /Alt ");
		utf16_hex(out, e->alt);
	}
	put_attributes(w, e, out);
	sb_puts(out, " /K [");
	for (size_t k = 0; k < e->kids.n; k++) {
		const struct tag_kid *kid = &e->kids.v[k];
		if (k > 0)
			sb_puts(out, " ");
		if (kid->kind == KID_ELEM)
			put_ref(out, w->elem_dict[kid->elem]);
		else if (kid->kind == KID_MCID && kid->page == pg)
			sb_printf(out, "%d", kid->n);
		else if (kid->kind == KID_MCID) {
			sb_puts(out, "<</Type /MCR /Pg ");
			put_ref(out, w->hpages[kid->page]);
			sb_printf(out, " /MCID %d>>", kid->n);
		} else {
			sb_puts(out, "<</Type /OBJR /Pg ");
			put_ref(out, w->hpages[kid->page]);
			sb_puts(out, " /Obj ");
			put_ref(out, w->annots.v[kid->n]);
			sb_puts(out, ">>");
		}
	}
	sb_puts(out, "]\012");
}

/* Pair k of the parent tree: a page's MCIDs to their elements, then each
 * link annotation to its element. */
static void
render_parent_pair(struct writer *w, size_t k, struct strbuf *out)
{
	sb_printf(out, "%zu ", k);
	if (k >= w->tags.npages) {
		put_ref(out, w->elem_dict[w->annot_owner[k - w->tags.npages]]);
		return;
	}
	const struct tag_page *tp = &w->tags.pages[k];
	sb_puts(out, "[");
	for (size_t m = 0; m < tp->mcid_owner.n; m++) {
		if (m > 0)
			sb_puts(out, " ");
		put_ref(out, w->elem_dict[tp->mcid_owner.v[m]]);
	}
	sb_puts(out, "]");
}

static void
render_id_pair(struct writer *w, size_t k, struct strbuf *out)
{
	int e = w->note_elems.v[k].elem;

	note_id(out, w->note_elems.v[k].note);
	sb_puts(out, " ");
	put_ref(out, w->elem_dict[e]);
}

/* The pairs [a, b) of a number or name tree as its /Nums or /Names. */
static void
render_pairs(struct writer *w, int names, size_t a, size_t b, struct strbuf *out)
{
	sb_puts(out, names ? "/Names [" : "/Nums [");
	for (size_t k = a; k < b; k++) {
		sb_puts(out, k > a ? "\012" : "");
		if (names)
			render_id_pair(w, k, out);
		else
			render_parent_pair(w, k, out);
	}
	sb_puts(out, "]");
}

/* A tree of n pairs: the pairs, or the leaves made for them. */
static void
render_tree(struct writer *w, int names, size_t n, HPDF_Dict *leaves, struct strbuf *out)
{
	sb_puts(out, "<<");
	if (n <= TREE_LEAF)
		render_pairs(w, names, 0, n, out);
	else {
		sb_puts(out, "/Kids [");
		for (size_t a = 0; a < n; a += TREE_LEAF) {
			sb_puts(out, a > 0 ? " " : "");
			put_ref(out, leaves[a / TREE_LEAF]);
		}
		sb_puts(out, "]");
	}
	sb_puts(out, ">>");
}

static void
render_leaf(struct writer *w, int names, size_t a, struct strbuf *out)
{
	size_t n = names ? w->note_elems.n : w->tags.npages + w->annots.n;
	size_t b = a + TREE_LEAF < n ? a + TREE_LEAF : n;

	render_pairs(w, names, a, b, out);
	sb_puts(out, " /Limits [");
	if (names) {
		note_id(out, w->note_elems.v[a].note);
		sb_puts(out, " ");
		note_id(out, w->note_elems.v[b - 1].note);
	} else
		sb_printf(out, "%zu %zu", a, b - 1);
	sb_puts(out, "]\012");
}

static void
render_root(struct writer *w, struct strbuf *out)
{
	sb_puts(out, "/Type /StructTreeRoot /K ");
	put_ref(out, w->elem_dict[0]);
	sb_puts(out, "\012/ParentTree ");
	render_tree(w, 0, w->tags.npages + w->annots.n, w->parent_leaves, out);
	sb_printf(out, "\012/ParentTreeNextKey %zu", w->tags.npages + w->annots.n);
	if (w->note_elems.n > 0) {
		sb_puts(out, "\012/IDTree ");
		render_tree(w, 1, w->note_elems.n, w->id_leaves, out);
	}
	sb_puts(out, "\012");
}

static HPDF_STATUS
write_raw(HPDF_Dict d, HPDF_Stream stream)
{
	const struct raw_obj *r = d->attr;
	struct writer *w = r->w;
	struct strbuf *out = &w->scratch;

	out->len = 0;
	switch (r->kind) {
	case RAW_ROOT:
		render_root(w, out);
		break;
	case RAW_ELEM:
		render_elem(w, r->index, out);
		break;
	case RAW_PARENT_LEAF:
	case RAW_ID_LEAF:
		render_leaf(w, r->kind == RAW_ID_LEAF, r->index, out);
		break;
	}
	return HPDF_Stream_Write(stream, (const HPDF_BYTE *)out->s, (HPDF_UINT)out->len);
}

/* An empty dictionary object whose text write_raw() makes. */
static HPDF_Dict
raw_object(struct writer *w, struct raw_obj *r, enum raw_kind kind, size_t index)
{
	HPDF_Dict d = HPDF_Dict_New(w->pdf->mmgr);

	if (d == NULL || HPDF_Xref_Add(w->pdf->xref, d) != HPDF_OK)
		return NULL;
	r->w = w;
	r->kind = kind;
	r->index = index;
	d->attr = r;	/* not freed by libharu: no free function */
	d->write_fn = write_raw;
	return d;
}

/* The leaves of a tree of n pairs, if it needs them; 0 on failure. */
static int
tree_leaves(struct writer *w, enum raw_kind kind, size_t n, struct raw_obj *raw,
    HPDF_Dict **leaves)
{
	size_t nleaves = n > TREE_LEAF ? (n + TREE_LEAF - 1) / TREE_LEAF : 0;

	*leaves = xcalloc(nleaves + 1, sizeof(**leaves));
	for (size_t i = 0; i < nleaves; i++)
		if (((*leaves)[i] = raw_object(w, &raw[i], kind, i * TREE_LEAF)) == NULL)
			return 0;
	return 1;
}

/*
 * The structure tree, its parent tree (page -> MCID -> element, link
 * annotation -> element) and its footnotes' IDs; what the catalog and the
 * pages need to say they are tagged. Their text is made when the file is
 * written: what they hold lives until then.
 */
static void
write_structure(struct writer *w, const struct pages *pages, HPDF_Page *hpages,
    const struct pdf_info *info)
{
	struct tag_tree *t = &w->tags;
	HPDF_MMgr mm = w->pdf->mmgr;

	tags_sort(t);
	tags_group_kids(t, TREE_LEAF);
	size_t n = t->elems.n, npairs = pages->n + w->annots.n;
	w->hpages = hpages;
	w->elem_dict = xcalloc(n + 1, sizeof(*w->elem_dict));
	w->annot_owner = xcalloc(w->annots.n + 1, sizeof(*w->annot_owner));
	/* one record each: the elements, the root, the trees' leaves */
	w->raw = xcalloc(n + 1 + 2 * (npairs / TREE_LEAF + 1) + n / TREE_LEAF + 1,
	    sizeof(*w->raw));
	struct raw_obj *raw = w->raw;
	if ((w->struct_root = raw_object(w, raw++, RAW_ROOT, 0)) == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if ((w->elem_dict[i] = raw_object(w, raw++, RAW_ELEM, i)) == NULL)
			goto out;
		for (size_t k = 0; k < t->elems.v[i].kids.n; k++)
			if (t->elems.v[i].kids.v[k].kind == KID_OBJR)
				w->annot_owner[t->elems.v[i].kids.v[k].n] = (int)i;
		if (t->elems.v[i].note >= 0) {
			struct note_ref r = { t->elems.v[i].note, (int)i };
			VEC_PUSH(w->note_elems, r);
		}
	}
	/* a name tree's keys in order: the IDs' digits are the notes' */
	if (w->note_elems.n > 1)
		qsort(w->note_elems.v, w->note_elems.n, sizeof(*w->note_elems.v), by_note);
	if (!tree_leaves(w, RAW_PARENT_LEAF, npairs, raw, &w->parent_leaves))
		goto out;
	raw += npairs / TREE_LEAF + 1;
	if (!tree_leaves(w, RAW_ID_LEAF, w->note_elems.n, raw, &w->id_leaves))
		goto out;
	for (size_t p = 0; p < pages->n; p++) {
		HPDF_Dict_AddNumber(hpages[p], "StructParents", (HPDF_INT32)p);
		HPDF_Dict_AddName(hpages[p], "Tabs", "S");
	}

	HPDF_Dict cat = w->pdf->catalog;
	HPDF_Dict mark = HPDF_Dict_New(mm);
	HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
	HPDF_Dict_Add(cat, "MarkInfo", mark);
	HPDF_Dict_Add(cat, "StructTreeRoot", w->struct_root);
	HPDF_Dict_Add(cat, "Lang", HPDF_String_New(mm, "ja", NULL));
	if (w->prefs == NULL) {
		w->prefs = HPDF_Dict_New(mm);
		HPDF_Dict_Add(cat, "ViewerPreferences", w->prefs);
	}
	HPDF_Dict_AddBoolean(w->prefs, "DisplayDocTitle", HPDF_TRUE);
	HPDF_Dict meta = metadata(w, info);
	if (meta != NULL)
		HPDF_Dict_Add(cat, "Metadata", meta);
out:
	/* the object functions report to the document's error, not to its
	 * handler: a failure here would surface later, misnamed */
	if (HPDF_GetError(w->pdf) != HPDF_OK || w->struct_root == NULL) {
		diag(SEV_FATAL, NULL, "PDF library error 0x%04lx (detail %lu) while writing %s",
		    (unsigned long)HPDF_GetError(w->pdf), (unsigned long)HPDF_GetErrorDetail(w->pdf),
		    w->what);
		w->failed = 1;
		HPDF_ResetError(w->pdf);
	}
}

int
pdf_write(const struct pages *pages, const struct layout *l,
    struct font *const fonts[FONT__COUNT], const struct pdf_info *info, const char *path)
{
	struct writer w;
	HPDF_Page *hpages = NULL;
	int ok = 0;

	memset(&w, 0, sizeof(w));
	w.l = l;
	w.metrics = fonts;
	w.pdf = HPDF_New(on_error, &w);
	if (w.pdf == NULL) {
		diag(SEV_FATAL, NULL, "cannot create a PDF document");
		return 0;
	}
	HPDF_UseUTFEncodings(w.pdf);
	/* no compression by libharu: the streams are deflated here */
	HPDF_SetCompressionMode(w.pdf, HPDF_COMP_NONE);
	for (int r = 0; r < FONT__COUNT; r++) {
		w.used[r] = xcalloc(65536 / 8, 1);
		w.unicode_of[r] = xcalloc(65536, sizeof(*w.unicode_of[r]));
	}
	w.vertical = l->mode == WM_VERTICAL;
	mark_used(&w, pages);
	for (int r = 0; r < FONT__COUNT && !w.failed; r++) {
		int drawn = 0;
		for (size_t k = 0; k < 65536 / 8 && !drawn; k++)
			drawn = w.used[r][k] != 0;
		snprintf(w.what, sizeof(w.what), "the font %s", l->font_path[r]);
		if (drawn && !embed_font(&w, (enum font_role)r))
			w.failed = 1;
	}
	if (w.failed)
		goto out;

	tags_build(&w.tags, pages, w.vertical);
	w.open = TAG_NONE;

	/* every page first: links and bookmarks point forward */
	hpages = xcalloc(pages->n + 1, sizeof(*hpages));
	snprintf(w.what, sizeof(w.what), "the pages (%zu of them, %.0f x %.0f pt)", pages->n,
	    pt(l->page_width), pt(l->page_height));
	for (size_t i = 0; i < pages->n && !w.failed; i++) {
		hpages[i] = HPDF_AddPage(w.pdf);
		HPDF_Page_SetWidth(hpages[i], (HPDF_REAL)pt(l->page_width));
		HPDF_Page_SetHeight(hpages[i], (HPDF_REAL)pt(l->page_height));
	}
	for (size_t i = 0; i < pages->n && !w.failed; i++) {
		const struct page *pg = &pages->v[i];
		HPDF_Page page = hpages[i];

		snprintf(w.what, sizeof(w.what), "page %zu of %zu", i + 1, pages->n);
		w.page = pg;
		w.page_index = i;
		w.open = TAG_NONE;
		w.paint.line_width = 1;	/* a page starts with PDF's defaults */
		w.paint.gray = 0;
		for (size_t k = 0; k < pg->rules.n; k++) {
			const struct rule *r = &pg->rules.v[k];
			double x0, y0, x1, y1;
			to_page(&w, r->frame, r->inline_start, r->block, &x0, &y0);
			to_page(&w, r->frame, r->inline_end, r->block, &x1, &y1);
			set_line_width(&w, page, pt(r->thickness));
			mark_content(&w, page, TAG_ARTIFACT);
			HPDF_Page_MoveTo(page, (HPDF_REAL)x0, (HPDF_REAL)y0);
			HPDF_Page_LineTo(page, (HPDF_REAL)x1, (HPDF_REAL)y1);
			HPDF_Page_Stroke(page);
		}
		close_content(&w, page);
		draw_figures(&w, page, pg);
		set_fill_gray(&w, page, 0);
		begin_text(&w, page);
		for (size_t k = 0; k < pg->lines.n; k++)
			if (pg->lines.v[k].line->n > 0) {
				const struct tag_line *tl = &w.tags.pages[i].line[k];
				double origin[2];
				draw_line(&w, page, &pg->lines.v[k],
				    line_origin(&w, &pg->lines.v[k], origin) ? origin : NULL,
				    tl->elem, tl->label, tl->label_glyphs);
			}
		close_content(&w, page);
		HPDF_Page_EndText(page);
		if (!w.failed && !deflate_page(&w, page))
			w.failed = 1;
	}
	/* every stream is deflated: the compressor's memory goes now */
	libdeflate_free_compressor(w.deflate);
	w.deflate = NULL;
	snprintf(w.what, sizeof(w.what), "the bookmarks and links");
	if (!w.failed)
		navigation(&w, pages, hpages);
	snprintf(w.what, sizeof(w.what), "the structure tree (tags)");
	if (!w.failed)
		write_structure(&w, pages, hpages, info);
	snprintf(w.what, sizeof(w.what), "the document information (title, author, subject, dates)");
	HPDF_SetCurrentEncoder(w.pdf, "UTF-8");
	HPDF_SetInfoAttr(w.pdf, HPDF_INFO_TITLE, info->title);
	HPDF_SetInfoAttr(w.pdf, HPDF_INFO_AUTHOR, info->author);
	HPDF_SetInfoAttr(w.pdf, HPDF_INFO_SUBJECT, info->subject);
	HPDF_SetInfoAttr(w.pdf, HPDF_INFO_CREATOR, info->creator);
	HPDF_SetInfoAttr(w.pdf, HPDF_INFO_PRODUCER, info->creator);
	HPDF_Date d;
	memset(&d, 0, sizeof(d));
	d.year = info->year;
	d.month = info->month;
	d.day = info->day;
	d.hour = info->hour;
	d.minutes = info->minute;
	d.seconds = info->second;
	d.ind = 'Z';
	HPDF_SetInfoDateAttr(w.pdf, HPDF_INFO_CREATION_DATE, d);
	HPDF_SetInfoDateAttr(w.pdf, HPDF_INFO_MOD_DATE, d);
	if (w.failed)
		goto out;

	/* The whole file in libharu's memory first, then written here:
	 * libharu ignores errors of fclose. */
	snprintf(w.what, sizeof(w.what), "the PDF file");
	if (HPDF_SaveToStream(w.pdf) != HPDF_OK || w.failed)
		goto out;
	ok = put_file(path, &w, HPDF_GetStreamSize(w.pdf));
out:
	free(hpages);
	HPDF_Free(w.pdf);
	tags_free(&w.tags);
	free(w.glyph_target);
	free(w.glyph_span);
	VEC_FREE(w.annots);
	VEC_FREE(w.annot_page);
	free(w.raw);
	free(w.elem_dict);
	free(w.annot_owner);
	VEC_FREE(w.note_elems);
	free(w.parent_leaves);
	free(w.id_leaves);
	sb_free(&w.scratch);
	for (int r = 0; r < FONT__COUNT; r++) {
		free(w.used[r]);
		free(w.unicode_of[r]);
		free(w.font[r].cid_of);
	}
	libdeflate_free_compressor(w.deflate);
	return ok;
}
