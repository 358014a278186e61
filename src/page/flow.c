/* The typeset stage: blocks -> composed units, footnotes -> note lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "font.h"
#include "numbering.h"
#include "xref.h"

/* Heading lines are spaced at least this much of their size apart (1/10). */
#define HEADING_LEADING_TENTHS 14

static int
compose_heading(struct composer *c, const struct layout *l, const struct block *b,
    struct unit *u)
{
	const struct text_style *st = &l->heading[b->kind];
	struct compose_style cs;
	struct strbuf s = {0};
	char num[64];
	long n;

	heading_number(b, num, sizeof(num), l->kanji_numerals);
	if (b->kind == BK_LABEL)
		sb_printf(&s, "＜%s＞", b->text);
	else
		sb_printf(&s, "%s%s", num, b->text);
	u->text = arena_strdup(c->arena, s.s);
	u->level = heading_rank(b->kind);
	memset(&cs, 0, sizeof(cs));
	cs.font = st->font;
	cs.size = st->size;
	cs.measure = layout_measure(l);
	cs.indent_rest = compose_width(c, num, st->font, st->size);
	cs.justify = 0;
	cs.phrases = 1;
	cs.vertical = l->mode == WM_VERTICAL;
	u->style = cs;
	n = compose_text(c, s.s, NULL, 0, &cs, &u->lines);
	sb_free(&s);
	if (n < 0)
		return 0;
	u->nlines = (size_t)n;
	u->text_pitch = l->line_pitch;
	if (st->size * HEADING_LEADING_TENTHS / 10 > u->text_pitch)
		u->text_pitch = st->size * HEADING_LEADING_TENTHS / 10;
	fixed height = u->text_pitch * (fixed)u->nlines;
	int need = (int)((height + l->line_pitch - 1) / l->line_pitch);
	u->grid_lines = need > st->lines ? need : st->lines;
	u->centered = b->kind == BK_PART;
	u->new_page = st->new_page;
	return 1;
}

static int
compose_paragraph(struct composer *c, const struct document *doc,
    const struct layout *l, const struct block *b, struct unit *u)
{
	struct compose_style cs;
	struct text_mark *marks = NULL;
	long n;

	if (b->nrefs) {
		marks = arena_alloc(c->arena, b->nrefs * sizeof(*marks));
		for (size_t r = 0; r < b->nrefs; r++) {
			marks[r].note = b->refs[r].note;
			marks[r].number = doc->notes[b->refs[r].note].number;
		}
	}
	memset(&cs, 0, sizeof(cs));
	cs.font = l->body.font;
	cs.size = l->body.size;
	cs.measure = layout_measure(l);
	cs.indent_first = l->body.size;	/* one em */
	cs.justify = 1;
	cs.vertical = l->mode == WM_VERTICAL;
	/* the text as printed: cross-references expanded, kept to set it
	 * again at another measure */
	size_t *at = xcalloc(b->nrefs + 1, sizeof(*at));
	for (size_t r = 0; r < b->nrefs; r++)
		at[r] = b->refs[r].offset;
	char *text = xref_expand(b, l->kanji_numerals, at);
	for (size_t r = 0; r < b->nrefs; r++)
		marks[r].offset = at[r];
	free(at);
	u->text = arena_strdup(c->arena, text);
	free(text);
	u->marks = marks;
	u->nmarks = b->nrefs;
	u->style = cs;
	n = compose_text(c, u->text, marks, b->nrefs, &cs, &u->lines);
	if (n < 0)
		return 0;
	u->nlines = (size_t)n;
	u->grid_lines = (int)n;
	u->text_pitch = l->line_pitch;
	return 1;
}

/* A note: its number, then the text hung two ems in. */
int
flow_compose_note(struct composer *c, const struct layout *l, const struct footnote *fn,
    fixed measure, struct note_lines *out)
{
	struct compose_style cs;
	char num[16];
	long n;

	memset(&cs, 0, sizeof(cs));
	cs.font = l->note.font;
	cs.size = l->note.size;
	cs.measure = measure;
	cs.indent_first = cs.indent_rest = 2 * l->note.size;
	cs.justify = 1;
	cs.vertical = l->mode == WM_VERTICAL;
	n = compose_text(c, fn->text, NULL, 0, &cs, &out->lines);
	if (n <= 0)
		return n == 0;
	out->nlines = (size_t)n;

	/* Prepend the number, right-aligned before the text; in vertical
	 * writing one or two digits stand across the column in one cell (縦中横)
	 * a half em above the text, more turn like Latin. */
	struct line *first = &out->lines[0];
	int len = snprintf(num, sizeof(num), "%d", fn->number);
	struct glyph *g = arena_alloc(c->arena, (first->n + (size_t)len) * sizeof(*g));
	fixed pen = 0;
	for (int i = 0; i < len; i++)
		pen += font_advance(c->fonts[cs.font], (uint32_t)num[i], cs.size);
	int tcy = cs.vertical && len <= 2;
	fixed across = pen, tsize = cs.size;
	if (tcy && across > cs.size) {	/* squeeze two digits into one em */
		tsize = (fixed)((int64_t)cs.size * cs.size / across);
		across = cs.size;
	}
	pen = cs.indent_first - cs.size / 2 - (tcy ? cs.size : pen);
	fixed cross = -across / 2;
	memset(g, 0, (size_t)len * sizeof(*g));
	for (int i = 0; i < len; i++) {
		g[i].cp = g[i].show = (uint32_t)num[i];
		g[i].font = (uint8_t)cs.font;
		g[i].size = tcy ? tsize : cs.size;
		g[i].pos = pen;
		if (tcy) {
			g[i].orient = GO_TCY;
			g[i].adv = cs.size;	/* the cell's */
			g[i].cross = cross;
			cross += font_advance(c->fonts[cs.font], g[i].cp, tsize);
			continue;
		}
		g[i].orient = cs.vertical ? GO_ROTATED : GO_UPRIGHT;
		g[i].adv = font_advance(c->fonts[cs.font], g[i].cp, cs.size);
		pen += g[i].adv;
	}
	memcpy(g + len, first->g, first->n * sizeof(*g));
	first->g = g;
	first->n += (size_t)len;
	return 1;
}

/* Space between two charts set side by side, in ems of the figure size. */
#define PAIR_GAP_EMS 2
/* Narrower charts than this are set one under the other. */
#define PAIR_MIN_WIDTH_PT 120

static int
is_trend_chart(const struct block *b)
{
	return b->kind == BK_FIGURE && b->figure != NULL && b->figure->kind == FIG_CHART &&
	    b->figure->u.chart.kind == CHART_TREND;
}

/* Copy every band of a box into one band, shifted by (dx, dy). */
static fixed
flatten(struct figure_ctx *x, const struct figure_box *from, struct band *to,
    fixed dx)
{
	fixed y = 0;

	for (size_t i = 0; i < from->nbands; i++) {
		for (size_t k = 0; k < from->bands[i].n; k++) {
			struct draw *d = band_add(x, to, from->bands[i].d[k].kind);
			*d = from->bands[i].d[k];
			d->x += dx;
			d->y += y;
		}
		y += from->bands[i].height;
	}
	return y;
}

/* A figure, or two trend charts side by side (the plan's ①-⑥ charts). */
static int
compose_figure(struct figure_ctx *x, const struct layout *l, const struct block *b,
    const struct block *next, struct unit *u)
{
	/* figures stay upright: in vertical writing as wide as the columns */
	fixed m = l->mode == WM_VERTICAL ? layout_area_height(l) - l->line_pitch :
	    layout_measure(l);

	u->is_figure = 1;
	u->fig_id = b->figure->id;
	u->fig_def = b->figure;
	char *alt = figure_alt(b->figure, x->doc, l->kanji_numerals);
	u->fig_alt = arena_strdup(x->arena, alt);
	free(alt);
	if (next != NULL && is_trend_chart(b) && is_trend_chart(next) &&
	    (m - PAIR_GAP_EMS * l->figure.size) / 2 >= PT(PAIR_MIN_WIDTH_PT)) {
		fixed gap = PAIR_GAP_EMS * l->figure.size, half = (m - gap) / 2;
		struct figure_box a, c;
		if (!figure_build(x, b->figure, half, &a) ||
		    !figure_build(x, next->figure, half, &c))
			return 0;
		memset(&u->fig, 0, sizeof(u->fig));
		u->fig.width = m;
		u->fig.scale = 1000;
		struct band *band = figure_add_band(x, &u->fig);
		fixed ha = flatten(x, &a, band, 0), hc = flatten(x, &c, band, half + gap);
		band->height = ha > hc ? ha : hc;
		struct strbuf id = {0};
		sb_printf(&id, "%s+%s", b->figure->id, next->figure->id);
		u->fig_id = arena_strdup(x->arena, id.s);
		sb_free(&id);
		/* the pair is read as one figure: both texts */
		char *second = figure_alt(next->figure, x->doc, l->kanji_numerals);
		struct strbuf both = {0};
		sb_printf(&both, "%s；%s", u->fig_alt, second);
		u->fig_alt = arena_strdup(x->arena, both.s);
		sb_free(&both);
		free(second);
		return 2;
	}
	if (!figure_build(x, b->figure, m, &u->fig))
		return 0;
	if (u->fig.width > m) {
		/* a table whose columns cannot narrow (numbers, words) */
		u->fig.scale = (int)((int64_t)m * 1000 / u->fig.width);
		if (u->fig.scale < FIGURE_MIN_SCALE) {
			diag(SEV_ERROR, &b->pos,
			    "figure '%s' is %.0fpt wide at its narrowest; the frame is %.0fpt "
			    "(%d%%, below the %d%% that stays legible): split it or give it fewer columns",
			    u->fig_id,
			    FIXED_TO_PT(u->fig.width), FIXED_TO_PT(m), u->fig.scale / 10,
			    FIGURE_MIN_SCALE / 10);
			return 0;
		}
		/* a little smaller is what a typesetter would do unasked */
		if (u->fig.scale < FIGURE_QUIET_SCALE)
			diag(SEV_WARNING, &b->pos,
			    "figure '%s' is %.0fpt wide at its narrowest; set at %d%% to fit the frame",
			    u->fig_id, FIXED_TO_PT(u->fig.width), u->fig.scale / 10);
	}
	return 1;
}

struct flow *
flow_build(const struct document *doc, const struct layout *l,
    struct font *const fonts[FONT__COUNT], int repeat)
{
	struct flow *f = xcalloc(1, sizeof(*f));
	struct composer c;
	size_t first_body = 0;
	int rank = 0;

	memset(&c, 0, sizeof(c));
	memcpy(c.fonts, fonts, sizeof(c.fonts));
	memcpy(f->fonts, fonts, sizeof(f->fonts));
	f->doc = doc;
	c.arena = &f->arena;
	if (repeat < 1)
		repeat = 1;
	/* --repeat (benchmarks) sets the body again from its first part on. */
	for (size_t i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].kind == BK_PART) {
			first_body = i;
			break;
		}
	size_t total = doc->nblocks + (size_t)(repeat - 1) * (doc->nblocks - first_body);
	f->units = xcalloc(total ? total : 1, sizeof(*f->units));
	struct figure_ctx fx = { &c, l, doc, &f->arena };
	for (int r = 0; r < repeat; r++) {
		for (size_t i = r == 0 ? 0 : first_body; i < doc->nblocks; i++) {
			const struct block *b = &doc->blocks[i];
			struct unit *u = &f->units[f->nunits++];
			u->block = b;
			if (b->kind == BK_FIGURE) {
				int k = compose_figure(&fx, l, b,
				    i + 1 < doc->nblocks ? &doc->blocks[i + 1] : NULL, u);
				if (k == 0)
					goto fail;
				u->level = rank;
				i += (size_t)k - 1;	/* a pair takes the next block too */
				continue;
			}
			if (!(BK_IS_HEADING(b->kind) ? compose_heading(&c, l, b, u) :
			    compose_paragraph(&c, doc, l, b, u)))
				goto fail;
			/* figures belong to sections down to （1）: items and
			 * labels within them do not hold a figure back */
			if (BK_IS_HEADING(b->kind) && u->level <= heading_rank(BK_SUBSECTION))
				rank = u->level;
		}
	}
	f->nnotes = doc->nnotes;
	f->notes = xcalloc(doc->nnotes ? doc->nnotes : 1, sizeof(*f->notes));
	for (size_t j = 0; j < doc->nnotes; j++)
		if (doc->notes[j].number != 0 &&
		    !flow_compose_note(&c, l, &doc->notes[j], layout_measure(l), &f->notes[j]))
			goto fail;
	return f;
fail:
	flow_free(f);
	return NULL;
}

void
flow_free(struct flow *f)
{
	if (f == NULL)
		return;
	free(f->units);
	free(f->notes);
	arena_free(&f->arena);
	free(f);
}
