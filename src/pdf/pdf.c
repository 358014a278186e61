/*
 * PDF output with libharu 2.3.0. Works around what that version gets
 * wrong (see DESIGN.md): its ToUnicode CMap is rewritten as bfchar blocks
 * for the codes actually drawn; its font set-up, which looks up a glyph for
 * each of the 65,536 BMP code points (most of a build's time), is given
 * only the code points drawn; each font file is loaded once; every call's
 * status is checked through one error handler.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <hpdf.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_doc.h>

#include "diag.h"
#include "font.h"
#include "pdf.h"

/* The PDF's ToUnicode bfchar blocks hold at most 100 entries each. */
#define BFCHAR_MAX 100

struct writer {
	HPDF_Doc pdf;
	HPDF_Font font[FONT__COUNT];
	HPDF_Font vfont[FONT__COUNT];	/* same font, /Identity-V (縦書き) */
	unsigned char *used[FONT__COUNT];	/* 65536-bit map of drawn codes */
	uint16_t *unicode_of[FONT__COUNT];	/* drawn code -> character */
	const struct layout *l;
	struct font *const *metrics;	/* the same fonts through FreeType */
	const struct page *page;	/* being drawn: its frames */
	int vertical;
	int failed;
	char what[160];	/* being written, for a library error */
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
 * A run of a vertical line. Upright glyphs use the /Identity-V font, whose
 * origin is the top centre of the cell and whose advance is one em down
 * (so extra space is a negative character spacing); rotated ones the
 * horizontal font turned 90° clockwise, its em box centred on the column;
 * 縦中横 digits the horizontal font upright, centred in their cell.
 */
static void
draw_vertical_run(struct writer *w, HPDF_Page page, const struct placed_line *pl,
    const struct glyph *g, const char *text, double cs)
{
	/* the size the line was set in: a 縦中横 cell's advance, a mark's base */
	fixed line_size = g->orient == GO_TCY ? g->adv :
	    g->is_mark ? g->size * 10 / 6 : g->size;
	/* the column's centre line, from the baseline the pager set */
	fixed centre = pl->baseline - baseline_to_middle(w, g->font, line_size);
	fixed mid = baseline_to_middle(w, g->font, g->size);
	double x, y;

	switch (g->orient) {
	case GO_UPRIGHT:
		to_page(w, pl->frame, pl->inline_start + g->pos, centre, &x, &y);
		x += pt(g->cross);
		if (!g->is_mark)
			y += pt(g->cross);	/* small kana: up as well as right */
		HPDF_Page_SetFontAndSize(page, w->vfont[g->font], (HPDF_REAL)pt(g->size));
		HPDF_Page_SetCharSpace(page, (HPDF_REAL)-cs);
		HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, (HPDF_REAL)x, (HPDF_REAL)y);
		break;
	case GO_ROTATED:
		to_page(w, pl->frame, pl->inline_start + g->pos, centre + mid - g->rise, &x, &y);
		HPDF_Page_SetFontAndSize(page, w->font[g->font], (HPDF_REAL)pt(g->size));
		HPDF_Page_SetCharSpace(page, (HPDF_REAL)cs);
		HPDF_Page_SetTextMatrix(page, 0, -1, 1, 0, (HPDF_REAL)x, (HPDF_REAL)y);
		break;
	case GO_TCY:
		to_page(w, pl->frame, pl->inline_start + g->pos + line_size / 2, centre, &x, &y);
		x += pt(g->cross);
		y -= pt(mid);
		HPDF_Page_SetFontAndSize(page, w->font[g->font], (HPDF_REAL)pt(g->size));
		HPDF_Page_SetCharSpace(page, 0);
		HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, (HPDF_REAL)x, (HPDF_REAL)y);
		break;
	}
	HPDF_Page_ShowText(page, text);
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
	const struct glyph *g = pl->line->g;
	char buf[4 * 256 + 1];
	struct strbuf text = {0};
	double cs = 0;
	fixed natural = 0;

	for (size_t i = a; i < b; i++) {
		size_t k = utf8_encode(g[i].show, buf);
		sb_add(&text, buf, k);
		if (i + 1 < b)
			natural += g[i].adv;
	}
	if (b - a > 1)
		cs = pt(g[b - 1].pos - g[a].pos - natural) / (double)(b - a - 1);
	if (origin == NULL) {
		draw_vertical_run(w, page, pl, &g[a], text.s, cs);
		sb_free(&text);
		return;
	}
	HPDF_Page_SetFontAndSize(page, w->font[g[a].font], (HPDF_REAL)pt(g[a].size));
	HPDF_Page_SetCharSpace(page, (HPDF_REAL)cs);
	HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, (HPDF_REAL)(origin[0] + pt(g[a].pos)),
	    (HPDF_REAL)(origin[1] + pt(g[a].rise)));
	HPDF_Page_ShowText(page, text.s);
	sb_free(&text);
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

static void
draw_line(struct writer *w, HPDF_Page page, const struct placed_line *pl,
    const double *origin)
{
	const struct glyph *g = pl->line->g;
	size_t n = pl->line->n, a = 0;

	while (a < n) {
		size_t b = a + 1;
		fixed gap0 = 0;
		while (b < n && g[b].font == g[a].font && g[b].size == g[a].size &&
		    g[b].rise == g[a].rise && g[b].cp < 0x10000 &&
		    g[b].orient == g[a].orient && g[b].cross == g[a].cross &&
		    g[a].orient != GO_TCY) {
			fixed gap = g[b].pos - g[b - 1].pos - g[b - 1].adv;
			/* libharu draws nothing for a run whose width comes to zero
			 * (、「 set solid): such glyphs go in runs of their own. */
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

static int
is_used(const struct writer *w, enum font_role r, uint32_t c)
{
	return c < 0x10000 && (w->used[r][c >> 3] & (1u << (c & 7)));
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

/* Text in a figure: always horizontal, from its point in the figure. */
static void
draw_figure_text(struct writer *w, HPDF_Page page, const struct placed_draw *pd)
{
	struct placed_line pl;
	double origin[2];

	memset(&pl, 0, sizeof(pl));
	pl.line = pd->d->text;
	figure_point(pd, pd->d->x, pd->d->y, &origin[0], &origin[1]);
	/* a grey or white text (on a dark fill) */
	if (pd->d->fill >= 0)
		HPDF_Page_SetGrayFill(page, (HPDF_REAL)(pd->d->fill / 1000.0));
	draw_line(w, page, &pl, origin);
	if (pd->d->fill >= 0)
		HPDF_Page_SetGrayFill(page, 0);
}

static void
draw_graphics(HPDF_Page page, const struct placed_draw *pd)
{
	const struct draw *d = pd->d;
	double x0, y0, x1, y1;

	if (d->kind == DR_TEXT)
		return;
	figure_point(pd, d->x, d->y, &x0, &y0);
	figure_point(pd, d->x + d->w, d->y + d->h, &x1, &y1);
	HPDF_Page_SetLineWidth(page, (HPDF_REAL)pt(d->stroke > 0 ? d->stroke : PT(0.5)));
	if (d->dashed) {
		const HPDF_UINT16 fine[] = { 2, 2 }, bold[] = { 5, 3 };
		HPDF_Page_SetDash(page, d->dashed == 2 ? bold : fine, 2, 0);
	}
	switch (d->kind) {
	case DR_RECT:
		/* colours are set outside the path: libharu refuses them inside */
		if (d->fill >= 0)
			HPDF_Page_SetGrayFill(page, (HPDF_REAL)(d->fill / 1000.0));
		HPDF_Page_Rectangle(page, (HPDF_REAL)x0, (HPDF_REAL)y1,
		    (HPDF_REAL)(x1 - x0), (HPDF_REAL)(y0 - y1));
		if (d->fill >= 0) {
			if (d->stroke > 0)
				HPDF_Page_FillStroke(page);
			else
				HPDF_Page_Fill(page);
			HPDF_Page_SetGrayFill(page, 0);
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
		HPDF_Page_GSave(page);
		HPDF_Page_Concat(page, (HPDF_REAL)s, 0, 0, (HPDF_REAL)s, (HPDF_REAL)x, (HPDF_REAL)y);
		for (size_t k = a; k < b; k++)
			draw_graphics(page, &pg->draws.v[k]);
		HPDF_Page_BeginText(page);
		for (size_t k = a; k < b; k++) {
			const struct placed_draw *pd = &pg->draws.v[k];
			if (pd->d->kind == DR_TEXT && pd->d->text != NULL && pd->d->text->n > 0)
				draw_figure_text(w, page, pd);
		}
		HPDF_Page_EndText(page);
		HPDF_Page_GRestore(page);
	}
}

/*
 * HPDF_GetFont with the UTF-8 encoder maps all 65,536 code points to
 * glyphs, each by a linear search of the cmap. Given the default
 * to_unicode_fn it maps only the codes in the encoder's cid_map instead:
 * fill that map with the code points drawn (CID = code point, as the UTF-8
 * encoder writes them), create the font, and put the encoder back.
 */
static HPDF_Font
get_font(struct writer *w, const char *name, enum font_role r)
{
	HPDF_Encoder enc = HPDF_GetEncoder(w->pdf, "UTF-8");
	HPDF_CMapEncoderAttr attr;
	HPDF_Encoder_ToUnicode_Func utf8_to_unicode;
	HPDF_UNICODE *saved;
	HPDF_Font font;

	if (enc == NULL || enc->attr == NULL)
		return NULL;
	attr = (HPDF_CMapEncoderAttr)enc->attr;
	utf8_to_unicode = enc->to_unicode_fn;
	saved = xmalloc(sizeof(attr->unicode_map));
	memcpy(saved, attr->unicode_map, sizeof(attr->unicode_map));
	uint32_t top = 0;
	for (uint32_t c = 1; c < 0x10000; c++)
		if (is_used(w, r, c)) {
			attr->cid_map[c >> 8][c & 0xff] = (HPDF_UINT16)c;
			attr->unicode_map[c >> 8][c & 0xff] = (HPDF_UNICODE)c;
			top = c;
		}
	/* libharu writes /W and /CIDToGIDMap for CIDs below the highest one
	 * only: one more code point above it keeps the highest drawn glyph. */
	if (top + 1 < 0x10000) {
		attr->cid_map[(top + 1) >> 8][(top + 1) & 0xff] = (HPDF_UINT16)(top + 1);
		attr->unicode_map[(top + 1) >> 8][(top + 1) & 0xff] = (HPDF_UNICODE)(top + 1);
	}
	enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	font = HPDF_GetFont(w->pdf, name, "UTF-8");
	enc->to_unicode_fn = utf8_to_unicode;
	memset(attr->cid_map, 0, sizeof(attr->cid_map));
	memcpy(attr->unicode_map, saved, sizeof(attr->unicode_map));
	free(saved);
	return font;
}

/*
 * The same embedded font for vertical writing: a second Type0 font over
 * the same CIDFont with /Encoding /Identity-V (libharu 2.3.0 has no
 * vertical mode for TrueType). Its /DW2 says every glyph advances one em,
 * which IPAex's vhea confirms; libharu derives a wrong one from the bbox.
 */
static HPDF_Font
vertical_font(struct writer *w, HPDF_Font h)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)h->attr;
	HPDF_Dict v = HPDF_Dict_New(w->pdf->mmgr);
	HPDF_Array fonts, dw2;
	const char *base;

	if (v == NULL || attr == NULL || attr->descendant_font == NULL)
		return NULL;
	if (HPDF_Xref_Add(w->pdf->xref, v) != HPDF_OK)
		return NULL;
	v->header.obj_class |= HPDF_OSUBCLASS_FONT;
	/* the attributes are the horizontal font's: shared, never freed here */
	v->attr = attr;
	v->free_fn = NULL;
	/* the subset's name, with its tag, as the horizontal font has it */
	base = attr->fontdef->type == HPDF_FONTDEF_TYPE_TRUETYPE ?
	    ((HPDF_TTFontDefAttr)attr->fontdef->attr)->base_font : attr->fontdef->base_font;
	HPDF_Dict_AddName(v, "Type", "Font");
	HPDF_Dict_AddName(v, "Subtype", "Type0");
	HPDF_Dict_AddName(v, "BaseFont", base);
	HPDF_Dict_AddName(v, "Encoding", "Identity-V");
	fonts = HPDF_Array_New(w->pdf->mmgr);
	HPDF_Array_Add(fonts, attr->descendant_font);
	HPDF_Dict_Add(v, "DescendantFonts", fonts);
	HPDF_Dict tu = HPDF_Dict_GetItem(h, "ToUnicode", HPDF_OCLASS_DICT);
	if (tu != NULL)
		HPDF_Dict_Add(v, "ToUnicode", tu);
	HPDF_Dict_RemoveElement(attr->descendant_font, "DW2");
	dw2 = HPDF_Array_New(w->pdf->mmgr);
	HPDF_Array_AddNumber(dw2, 880);
	HPDF_Array_AddNumber(dw2, -1000);
	HPDF_Dict_Add(attr->descendant_font, "DW2", dw2);
	return (HPDF_Font)v;
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
		HPDF_SetPageLayout(w->pdf, HPDF_PAGE_LAYOUT_TWO_PAGE_RIGHT);
	}
}

/* Replace libharu's invalid ToUnicode stream with bfchar entries. */
static int
fix_to_unicode(struct writer *w, enum font_role r)
{
	HPDF_Dict tu = HPDF_Dict_GetItem(w->font[r], "ToUnicode", HPDF_OCLASS_DICT);
	struct strbuf s = {0};
	uint32_t codes[BFCHAR_MAX];
	size_t n = 0;

	if (tu == NULL || tu->stream == NULL) {
		diag(SEV_FATAL, NULL, "PDF font has no ToUnicode map to rewrite");
		return 0;
	}
	sb_puts(&s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (uint32_t c = 0; c <= 0x10000; c++) {
		if (is_used(w, r, c))
			codes[n++] = c;
		if (n == BFCHAR_MAX || (c == 0x10000 && n > 0)) {
			sb_printf(&s, "%zu beginbfchar\n", n);
			/* a vertical form copies as the character it stands for */
			for (size_t i = 0; i < n; i++)
				sb_printf(&s, "<%04X> <%04X>\n", codes[i], w->unicode_of[r][codes[i]]);
			sb_puts(&s, "endbfchar\n");
			n = 0;
		}
	}
	sb_puts(&s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	HPDF_MemStream_FreeData(tu->stream);
	HPDF_STATUS st = HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)s.s, (HPDF_UINT)s.len);
	sb_free(&s);
	return st == HPDF_OK;
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
put_file(const char *path, const HPDF_BYTE *data, size_t size)
{
	struct srcpos p = { path, 0, 0 };
	struct sigaction sa, old_sa[NFATAL];
	struct stat st;
	sigset_t old;
	int fd, ok = 0;

	/* past a file size limit write() fails with EFBIG, reported below */
	signal(SIGXFSZ, SIG_IGN);
	if (strcmp(path, "-") == 0) {
		if (!write_all(STDOUT_FILENO, data, size)) {
			diag(SEV_FATAL, NULL, "cannot write the PDF to standard output: %s",
			    strerror(errno));
			return 0;
		}
		return 1;
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
	int werr = 0;
	if (!write_all(fd, data, size) || fsync(fd) != 0)
		werr = errno;
	if (close(fd) != 0 && werr == 0)
		werr = errno;
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

int
pdf_write(const struct pages *pages, const struct layout *l,
    struct font *const fonts[FONT__COUNT], const struct pdf_info *info, const char *path)
{
	struct writer w;
	HPDF_Page *hpages = NULL;
	HPDF_BYTE *data = NULL;
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
	HPDF_SetCompressionMode(w.pdf, HPDF_COMP_ALL);
	for (int r = 0; r < FONT__COUNT; r++) {
		w.used[r] = xcalloc(65536 / 8, 1);
		w.unicode_of[r] = xcalloc(65536, sizeof(*w.unicode_of[r]));
	}
	w.vertical = l->mode == WM_VERTICAL;
	mark_used(&w, pages);
	for (int r = 0; r < FONT__COUNT && !w.failed; r++) {
		snprintf(w.what, sizeof(w.what), "the font %s", l->font_path[r]);
		const char *name = HPDF_LoadTTFontFromFile(w.pdf, l->font_path[r], HPDF_TRUE);
		if (name == NULL)
			break;
		w.font[r] = get_font(&w, name, (enum font_role)r);
		if (w.vertical && w.font[r] != NULL)
			w.vfont[r] = vertical_font(&w, w.font[r]);
	}
	if (w.failed)
		goto out;

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
		for (size_t k = 0; k < pg->rules.n; k++) {
			const struct rule *r = &pg->rules.v[k];
			double x0, y0, x1, y1;
			to_page(&w, r->frame, r->inline_start, r->block, &x0, &y0);
			to_page(&w, r->frame, r->inline_end, r->block, &x1, &y1);
			HPDF_Page_SetLineWidth(page, (HPDF_REAL)pt(r->thickness));
			HPDF_Page_MoveTo(page, (HPDF_REAL)x0, (HPDF_REAL)y0);
			HPDF_Page_LineTo(page, (HPDF_REAL)x1, (HPDF_REAL)y1);
			HPDF_Page_Stroke(page);
		}
		draw_figures(&w, page, pg);
		HPDF_Page_BeginText(page);
		for (size_t k = 0; k < pg->lines.n; k++)
			if (pg->lines.v[k].line->n > 0) {
				double origin[2];
				draw_line(&w, page, &pg->lines.v[k],
				    line_origin(&w, &pg->lines.v[k], origin) ? origin : NULL);
			}
		HPDF_Page_EndText(page);
	}
	snprintf(w.what, sizeof(w.what), "the bookmarks and links");
	if (!w.failed)
		navigation(&w, pages, hpages);
	snprintf(w.what, sizeof(w.what), "the fonts' ToUnicode maps");
	for (int r = 0; r < FONT__COUNT && !w.failed; r++)
		if (!fix_to_unicode(&w, (enum font_role)r))
			goto out;

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

	/* The whole file in memory first: libharu ignores errors of fclose,
	 * so it never writes to the file itself. */
	snprintf(w.what, sizeof(w.what), "the PDF file");
	if (HPDF_SaveToStream(w.pdf) != HPDF_OK || w.failed)
		goto out;
	HPDF_UINT32 size = HPDF_GetStreamSize(w.pdf);
	data = xmalloc(size ? size : 1);
	HPDF_UINT32 got = size;
	if (HPDF_ReadFromStream(w.pdf, data, &got) != HPDF_OK || got != size || w.failed) {
		diag(SEV_FATAL, NULL, "cannot read back the PDF from the library");
		goto out;
	}
	ok = put_file(path, data, size);
out:
	free(data);
	free(hpages);
	HPDF_Free(w.pdf);
	for (int r = 0; r < FONT__COUNT; r++) {
		free(w.used[r]);
		free(w.unicode_of[r]);
	}
	return ok;
}
