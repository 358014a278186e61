/*
 * The 新旧対照表 as pages of the page model: each page a title, a header
 * row (改正後 | 改正前) and rows of two text frames side by side, the new
 * text on the left and the old on the right, ruled; changed words
 * underlined (rules under their glyphs) on both sides; unchanged
 * stretches as （略）; an added part opposite （新設）, a removed one
 * opposite （削る）. The PDF writer draws it as it draws any page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff_pages.h"
#include "font.h"

/* Cell padding and the rule weights, in pt. */
#define PAD PT(4)
#define RULE_THIN PT(0.4)
#define RULE_THICK PT(0.9)
#define UNDERLINE PT(0.6)

struct side_text {
	const struct line *lines;
	long n;
	unsigned char *under;	/* per code point of the text: underlined */
	uint32_t *cps;
	size_t ncp;
	enum font_role font;
};

struct maker {
	struct pages *o;
	const struct layout *l;
	struct composer c;
	fixed x, top, width, bottom;	/* the table's area on the page */
	fixed col;			/* a column's width */
	fixed size, pitch;
	fixed y;			/* next row's top, from the page's top */
	struct page *pg;
	const char *title, *new_name, *old_name;
};

/* Compose a side: its text from the tokens, underlines per code point. */
static void
side(struct maker *m, const struct diff_item *it, const unsigned char *changed, int all,
    const char *number_from, const char *marker, struct side_text *st)
{
	struct strbuf s = {0};
	VEC(unsigned char) under = {0};

	memset(st, 0, sizeof(*st));
	st->font = FONT_MINCHO;
	if (it == NULL) {
		sb_puts(&s, marker);
	} else {
		if (it->rank > 0)
			st->font = FONT_GOTHIC;
		for (size_t i = 0; i < it->ntok; i++) {
			const char *t = i == 0 && number_from != NULL && strcmp(it->tok[0].key, "#") == 0 ?
			    number_from : it->tok[i].text;
			size_t k = 0, len = strlen(t);
			uint32_t cp;
			while (k < len) {
				size_t q = utf8_decode(t + k, len - k, &cp);
				if (q == 0)
					break;
				VEC_PUSH(under, (unsigned char)(all || (changed && changed[i])));
				k += q;
			}
			sb_puts(&s, t);
		}
	}
	const char *text = s.s != NULL ? s.s : "";
	st->ncp = 0;
	st->cps = arena_alloc(m->c.arena, (strlen(text) + 1) * sizeof(*st->cps));
	for (size_t k = 0, len = strlen(text), q; k < len; k += q) {
		q = utf8_decode(text + k, len - k, &st->cps[st->ncp]);
		if (q == 0)
			break;
		st->ncp++;
	}
	st->under = arena_alloc(m->c.arena, st->ncp + 1);
	for (size_t k = 0; k < st->ncp; k++)
		st->under[k] = k < under.n ? under.v[k] : 0;
	struct compose_style cs;
	memset(&cs, 0, sizeof(cs));
	cs.font = st->font;
	cs.size = m->size;
	cs.measure = m->col - 2 * PAD;
	cs.justify = it != NULL && it->rank == 0;
	struct line *lines;
	st->n = text[0] != '\0' ? compose_text(&m->c, text, NULL, 0, &cs, &lines) : 0;
	st->lines = st->n > 0 ? lines : NULL;
	if (st->n < 0)
		st->n = 0;
	VEC_FREE(under);
	sb_free(&s);
}

static int
add_frame(struct maker *m, enum frame_kind kind, int vertical, fixed x, fixed y,
    fixed measure, fixed depth)
{
	struct frame f = { kind, vertical, x, y, measure, depth, 1000 };
	return page_add_frame(m->pg, &f);
}

static void
rule(struct maker *m, int frame, fixed from, fixed to, fixed block, fixed weight)
{
	struct rule r = { frame, from, to, block, weight };
	VEC_PUSH(m->pg->rules, r);
}

/* Lines [from, to) of a side in a frame; underline the changed glyphs.
 * Glyphs follow the text's code points in order (spaces at a line's ends
 * are not set: they are passed over). */
static void
place_side(struct maker *m, int fi, const struct side_text *st, long from, long to,
    size_t *cursor)
{
	const struct font *font = m->c.fonts[st->font];
	for (long i = from; i < to; i++) {
		const struct line *ln = &st->lines[i];
		fixed base = line_baseline(font, (i - from) * m->pitch + PAD / 2, m->pitch, m->size);
		page_place_line(m->pg, fi, ln, LR_BODY, PAD, base, NULL);
		fixed run_from = -1, run_to = 0;
		for (size_t g = 0; g < ln->n; g++) {
			while (*cursor < st->ncp && st->cps[*cursor] != ln->g[g].cp)
				(*cursor)++;
			int u = *cursor < st->ncp && st->under[*cursor];
			if (*cursor < st->ncp)
				(*cursor)++;
			fixed x0 = PAD + ln->g[g].pos, x1 = x0 + ln->g[g].adv;
			if (u && run_from < 0)
				run_from = x0;
			if (u)
				run_to = x1;
			if ((!u || g + 1 == ln->n) && run_from >= 0) {
				rule(m, fi, run_from, run_to, base + m->size / 6, UNDERLINE);
				run_from = -1;
			}
		}
	}
}

static void
new_page(struct maker *m)
{
	struct pages *o = m->o;
	o->v = xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	m->pg = &o->v[o->n++];
	memset(m->pg, 0, sizeof(*m->pg));
	m->pg->folio = (int)o->n;
	m->pg->no_head = 1;
	/* the title, then the header row */
	struct compose_style cs;
	struct line *ln;
	memset(&cs, 0, sizeof(cs));
	cs.font = FONT_GOTHIC;
	cs.size = m->size * 6 / 5;
	cs.measure = m->width;
	fixed title_h = 2 * m->pitch;
	int fi = add_frame(m, FRAME_HEAD, 0, m->x, m->top, m->width, title_h);
	if (compose_text(&m->c, m->title, NULL, 0, &cs, &ln) >= 1)
		page_place_line(m->pg, fi, ln, LR_HEADING, (m->width - ln->extent) / 2,
		    line_baseline(m->c.fonts[FONT_GOTHIC], 0, title_h, cs.size), NULL);
	m->y = m->top + title_h;
	const char *names[2] = { m->new_name, m->old_name };
	cs.size = m->size;
	cs.measure = m->col;
	for (int k = 0; k < 2; k++) {
		int hf = add_frame(m, FRAME_TEXT, 0, m->x + k * m->col, m->y, m->col, m->pitch);
		if (compose_text(&m->c, names[k], NULL, 0, &cs, &ln) >= 1)
			page_place_line(m->pg, hf, ln, LR_HEADING, (m->col - ln->extent) / 2,
			    line_baseline(m->c.fonts[FONT_GOTHIC], 0, m->pitch, m->size), NULL);
		rule(m, hf, 0, m->col, 0, RULE_THICK);
		rule(m, hf, 0, m->col, m->pitch, RULE_THICK);
	}
	m->y += m->pitch;
}

/* The page's two outer and one middle vertical rules, down to y. */
static void
close_page(struct maker *m)
{
	if (m->pg == NULL)
		return;
	fixed top = m->top + 2 * m->pitch;
	for (int k = 0; k <= 2; k++) {
		/* a vertical frame: its inline axis runs down the page */
		int vf = add_frame(m, FRAME_TEXT, 1, m->x + k * m->col, top, m->y - top, 0);
		rule(m, vf, 0, m->y - top, 0, k == 1 ? RULE_THIN : RULE_THICK);
	}
	m->pg->body_lines = 1;
}

/* A row: both sides' lines, split across pages when long. */
static void
place_row(struct maker *m, const struct side_text *left, const struct side_text *right)
{
	long ln = left->n > right->n ? left->n : right->n, done = 0;
	size_t cur_l = 0, cur_r = 0;
	if (ln == 0)
		ln = 1;
	while (done < ln) {
		long fit = (long)((m->bottom - m->y - PAD) / m->pitch);
		if (fit <= 0 || (done == 0 && fit < 2 && ln > 1)) {
			close_page(m);
			new_page(m);
			continue;
		}
		long take = ln - done < fit ? ln - done : fit;
		fixed h = take * m->pitch + PAD;
		int lf = add_frame(m, FRAME_TEXT, 0, m->x, m->y, m->col, h);
		int rf = add_frame(m, FRAME_TEXT, 0, m->x + m->col, m->y, m->col, h);
		place_side(m, lf, left, done < left->n ? done : left->n,
		    done + take < left->n ? done + take : left->n, &cur_l);
		place_side(m, rf, right, done < right->n ? done : right->n,
		    done + take < right->n ? done + take : right->n, &cur_r);
		rule(m, lf, 0, m->col, h, RULE_THIN);
		rule(m, rf, 0, m->col, h, RULE_THIN);
		m->y += h;
		done += take;
		if (done < ln) {
			close_page(m);
			new_page(m);
		}
	}
}

struct pages *
diff_pages(const struct diff *d, const struct document *old_doc,
    const struct document *new_doc, const struct layout *l,
    struct font *const fonts[FONT__COUNT])
{
	struct maker m;
	struct strbuf title = {0}, nn = {0}, on = {0};

	memset(&m, 0, sizeof(m));
	m.o = xcalloc(1, sizeof(*m.o));
	m.l = l;
	memcpy(m.c.fonts, fonts, sizeof(m.c.fonts));
	m.c.arena = &m.o->arena;
	/* the text block of a horizontal page of the layout's size */
	struct frame head = frame_head(l), folio = frame_folio(l);
	m.x = l->mode == WM_VERTICAL ? head.x : head.x;
	m.width = head.measure;
	m.top = l->margin_top;
	m.bottom = folio.y - l->folio_offset;
	m.col = m.width / 2;
	m.size = l->figure.size > PT(8) ? l->figure.size : PT(8);
	m.pitch = m.size * 8 / 5;
	sb_printf(&title, "%s　新旧対照表", new_doc->title);
	sb_printf(&nn, "改正後（%s）", new_doc->date_text);
	sb_printf(&on, "改正前（%s）", old_doc->date_text);
	m.title = title.s;
	m.new_name = nn.s;
	m.old_name = on.s;
	new_page(&m);
	int elided = 0;
	for (size_t i = 0; i < d->nrows; i++) {
		const struct diff_row *r = &d->rows[i];
		struct side_text left, right;
		if (!r->shown) {
			if (!elided) {
				side(&m, NULL, NULL, 0, NULL, "（略）", &left);
				side(&m, NULL, NULL, 0, NULL, "（略）", &right);
				place_row(&m, &left, &right);
			}
			elided = 1;
			continue;
		}
		elided = 0;
		/* a heading keeps with the row under it */
		const struct diff_item *hi = r->new_item ? r->new_item : r->old_item;
		if (hi->rank > 0 && m.y + 3 * m.pitch + 2 * PAD > m.bottom) {
			close_page(&m);
			new_page(&m);
		}
		const char *new_number = r->new_item != NULL && r->new_item->ntok > 0 ?
		    r->new_item->tok[0].text : NULL;
		side(&m, r->new_item, r->new_changed, r->change == DC_ADDED, NULL, "（削る）", &left);
		side(&m, r->old_item, r->old_changed, r->change == DC_REMOVED,
		    r->new_item != NULL ? new_number : NULL, "（新設）", &right);
		place_row(&m, &left, &right);
	}
	close_page(&m);
	sb_free(&title);
	sb_free(&nn);
	sb_free(&on);
	(void)old_doc;
	return m.o;
}
