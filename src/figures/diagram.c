/*
 * Diagrams: trees of boxes read left to right (the 実施策の体系 trees are
 * built from the policy's sections in the document, so the diagram and the
 * text cannot disagree) and timelines of plans over years. Boxes size to
 * their text with the body's line breaking; connectors run in the gaps
 * between columns of boxes, never across text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "numbering.h"

/* Space between columns of boxes, in ems of the figure size. */
#define TREE_GAP_EMS 3
/* Depth of a tree we lay out; content_figures.c allows 4 levels. */
#define TREE_MAX_DEPTH 8

struct tnode {
	const char *text;
	struct tnode *kids;
	size_t nkids;
	/* layout */
	struct line *lines;
	long nlines;
	fixed top, h, x;	/* box */
};

struct tree_ctx {
	struct figure_ctx *x;
	fixed colw, gap, pad, pitch, size;
	int depth;
};

static int
tree_depth(const struct tnode *n)
{
	int d = 0;

	for (size_t i = 0; i < n->nkids; i++) {
		int k = tree_depth(&n->kids[i]);
		if (k > d)
			d = k;
	}
	return d + 1;
}

static struct tnode
from_diagram(struct arena *a, const struct diagram_node *d)
{
	struct tnode t;

	memset(&t, 0, sizeof(t));
	t.text = d->text;
	t.nkids = d->nkids;
	t.kids = arena_alloc(a, (d->nkids ? d->nkids : 1) * sizeof(*t.kids));
	for (size_t i = 0; i < d->nkids; i++)
		t.kids[i] = from_diagram(a, &d->kids[i]);
	return t;
}

/* The policy's section and its subsections (and their actions). */
static struct tnode
from_policy(struct arena *a, const struct document *doc, const char *policy,
    int kanji)
{
	struct tnode root;
	size_t i, n = 0;
	char num[64];

	memset(&root, 0, sizeof(root));
	root.kids = arena_alloc(a, sizeof(*root.kids));
	for (i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].kind == BK_SERIES_ITEM && doc->blocks[i].id &&
		    strcmp(doc->blocks[i].id, policy) == 0)
			break;
	if (i == doc->nblocks)
		return root;
	struct tnode *top = &root.kids[0];
	root.nkids = 1;
	memset(top, 0, sizeof(*top));
	heading_number(&doc->blocks[i], num, sizeof(num), kanji);
	struct strbuf s = {0};
	sb_printf(&s, "%s%s", num, doc->blocks[i].text);
	top->text = arena_strdup(a, s.s);
	sb_free(&s);
	for (i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].kind == BK_SECTION && doc->blocks[i].policy &&
		    strcmp(doc->blocks[i].policy, policy) == 0)
			break;
	size_t first = i + 1;
	for (size_t j = first; j < doc->nblocks && doc->blocks[j].kind > BK_SECTION; j++)
		if (doc->blocks[j].kind == BK_SUBSECTION)
			n++;
	top->kids = arena_alloc(a, (n ? n : 1) * sizeof(*top->kids));
	for (size_t j = first; j < doc->nblocks && doc->blocks[j].kind > BK_SECTION; j++) {
		const struct block *b = &doc->blocks[j];
		if (b->kind != BK_SUBSECTION)
			continue;
		struct tnode *k = &top->kids[top->nkids++];
		memset(k, 0, sizeof(*k));
		heading_number(b, num, sizeof(num), kanji);
		sb_printf(&s, "%s%s", num, b->text);
		k->text = arena_strdup(a, s.s);
		sb_free(&s);
		k->nkids = b->nactions;
		k->kids = arena_alloc(a, (b->nactions ? b->nactions : 1) * sizeof(*k->kids));
		for (size_t m = 0; m < b->nactions; m++) {
			memset(&k->kids[m], 0, sizeof(k->kids[m]));
			k->kids[m].text = b->actions[m];
		}
	}
	return root;
}

/* Move a laid-out subtree down by dy (depth is bounded by TREE_MAX_DEPTH). */
static void
shift_tree(struct tnode *n, fixed dy)
{
	n->top += dy;
	for (size_t i = 0; i < n->nkids; i++)
		shift_tree(&n->kids[i], dy);
}

/* Lay out the subtree with its top at y; return its height. */
static fixed
place(struct tree_ctx *t, struct tnode *n, int level, fixed y)
{
	struct figure_ctx *x = t->x;
	fixed kids_h = 0;

	n->nlines = figure_wrap(x, n->text, x->l->figure.font, t->size,
	    t->colw - 2 * t->pad, &n->lines);
	if (n->nlines < 0)
		n->nlines = 0;
	n->h = (n->nlines > 0 ? n->nlines : 1) * t->pitch + 2 * t->pad;
	n->x = level * (t->colw + t->gap);
	fixed ky = y;
	for (size_t i = 0; i < n->nkids; i++) {
		fixed h = place(t, &n->kids[i], level + 1, ky);
		ky += h + t->pitch / 2;
		kids_h += h + (i + 1 < n->nkids ? t->pitch / 2 : 0);
	}
	if (n->nkids == 0 || kids_h <= n->h) {
		/* kids (if any) centred on the box */
		if (n->nkids > 0) {
			fixed shift = (n->h - kids_h) / 2;
			for (size_t i = 0; i < n->nkids; i++)
				shift_tree(&n->kids[i], shift);
		}
		n->top = y;
		return n->h;
	}
	/* box centred on the span of its kids' boxes */
	fixed first = n->kids[0].top + n->kids[0].h / 2;
	fixed last = n->kids[n->nkids - 1].top + n->kids[n->nkids - 1].h / 2;
	n->top = (first + last) / 2 - n->h / 2;
	if (n->top < y)
		n->top = y;
	return kids_h;
}

static void
draw_tree(struct tree_ctx *t, struct band *b, const struct tnode *n, int level)
{
	struct figure_ctx *x = t->x;
	struct draw *d = band_add(x, b, DR_RECT);

	d->x = n->x;
	d->y = n->top;
	d->w = t->colw;
	d->h = n->h;
	d->stroke = PT(0.6);
	d->fill = level == 0 ? 880 : -1;
	for (long i = 0; i < n->nlines; i++) {
		struct draw *tx = band_add(x, b, DR_TEXT);
		tx->text = &n->lines[i];
		tx->x = n->nlines == 1 ? n->x + (t->colw - n->lines[i].extent) / 2 : n->x + t->pad;
		tx->y = figure_baseline(x, n->top + t->pad + i * t->pitch, t->pitch, t->size);
	}
	if (n->nkids == 0)
		return;
	/* connector: out of the box's right side, down the gap, into each kid */
	fixed sx = n->x + t->colw, sy = n->top + n->h / 2, mx = sx + t->gap / 2;
	fixed y0 = sy, y1 = sy;
	for (size_t i = 0; i < n->nkids; i++) {
		fixed ky = n->kids[i].top + n->kids[i].h / 2;
		if (ky < y0)
			y0 = ky;
		if (ky > y1)
			y1 = ky;
		struct draw *a = band_add(x, b, DR_ARROW);
		a->x = mx;
		a->y = ky;
		a->w = n->kids[i].x - mx;
		a->stroke = PT(0.6);
	}
	struct draw *l = band_add(x, b, DR_LINE);
	l->x = sx;
	l->y = sy;
	l->w = mx - sx;
	l->stroke = PT(0.6);
	if (y1 > y0) {
		l = band_add(x, b, DR_LINE);
		l->x = mx;
		l->y = y0;
		l->h = y1 - y0;
		l->stroke = PT(0.6);
	}
	for (size_t i = 0; i < n->nkids; i++)
		draw_tree(t, b, &n->kids[i], level + 1);
}

static int
tree_build(struct figure_ctx *x, const struct figure_def *f, fixed width,
    struct figure_box *fb)
{
	struct tree_ctx t;
	struct tnode root;

	if (f->u.diagram.kind == DIAGRAM_POLICY_TREE)
		root = from_policy(x->arena, f->u.diagram.doc, f->u.diagram.policy,
		    x->l->kanji_numerals);
	else
		root = from_diagram(x->arena, &f->u.diagram.root);
	memset(&t, 0, sizeof(t));
	t.x = x;
	t.size = x->l->figure.size;
	t.pitch = figure_leading(t.size);
	t.pad = t.size / 2;
	t.gap = TREE_GAP_EMS * t.size;
	/* the forest's root is not drawn: its kids form the first column */
	t.depth = tree_depth(&root) - 1;
	if (t.depth < 1 || t.depth > TREE_MAX_DEPTH) {
		diag(SEV_ERROR, &f->pos, "diagram '%s' has no boxes to draw", f->id);
		return 0;
	}
	t.colw = (width - (t.depth - 1) * t.gap) / t.depth;
	figure_caption(x, fb, f);
	struct band *b = figure_add_band(x, fb);
	fixed y = 0;
	for (size_t i = 0; i < root.nkids; i++) {
		fixed h = place(&t, &root.kids[i], 0, y);
		y += h + t.pitch;
	}
	for (size_t i = 0; i < root.nkids; i++)
		draw_tree(&t, b, &root.kids[i], 0);
	b->height = y;
	return figure_notes(x, fb, f);
}

/* The label of a year: the content's pattern with %d replaced, by hand:
 * a pattern from content is never a printf format. */
static void
year_label(const char *pattern, int year, char *buf, size_t size)
{
	const char *at = strstr(pattern, "%d");
	int n = at != NULL ? (int)(at - pattern) : (int)strlen(pattern);

	snprintf(buf, size, "%.*s%d%s", n, pattern, year, at != NULL ? at + 2 : "");
}

static int
timeline_build(struct figure_ctx *x, const struct figure_def *f, fixed width,
    struct figure_box *fb)
{
	const struct diagram_def *d = &f->u.diagram;
	fixed size = x->l->figure.size, pitch = figure_leading(size);
	int years = d->year_to - d->year_from + 1, lanes = 0;
	fixed colw = width / years;
	char buf[64];

	for (size_t i = 0; i < d->nbars; i++)
		if (d->bars[i].lane > lanes)
			lanes = d->bars[i].lane;
	figure_caption(x, fb, f);
	struct band *b = figure_add_band(x, fb);
	fixed head = 2 * pitch, lane_h = 2 * pitch + pitch / 2;
	/* a lane is as tall as its most wrapped bar */
	for (size_t i = 0; i < d->nbars; i++) {
		struct line *ls;
		fixed bw = (d->bars[i].to - d->bars[i].from + 1) * colw - size / 2;
		long nl = figure_wrap(x, d->bars[i].text, x->l->figure.font, size,
		    bw - size / 2, &ls);
		if (nl * pitch + pitch > lane_h)
			lane_h = nl * pitch + pitch;
	}
	fixed bottom = head + lanes * lane_h;
	/* years: two-line labels (the number, then the rest) in cells */
	for (int k = 0; k < years; k++) {
		year_label(d->year_label, d->year_from + k, buf, sizeof(buf));
		struct line *ls;
		long nl = figure_wrap(x, buf, x->l->figure.font, size, colw - size / 4, &ls);
		for (long i = 0; i < nl; i++) {
			struct draw *t = band_add(x, b, DR_TEXT);
			t->text = &ls[i];
			t->x = k * colw + (colw - ls[i].extent) / 2;
			t->y = figure_baseline(x, (head - nl * pitch) / 2 + i * pitch, pitch, size);
		}
		struct draw *g = band_add(x, b, DR_LINE);
		g->x = k * colw;
		g->y = 0;
		g->h = bottom;
		g->stroke = PT(0.3);
		g->dashed = k > 0;
	}
	struct draw *l = band_add(x, b, DR_RECT);
	l->x = 0;
	l->y = 0;
	l->w = years * colw;
	l->h = bottom;
	l->stroke = PT(0.8);
	l = band_add(x, b, DR_LINE);
	l->x = 0;
	l->y = head;
	l->w = years * colw;
	l->stroke = PT(0.8);
	for (size_t i = 0; i < d->nbars; i++) {
		const struct timeline_bar *bar = &d->bars[i];
		fixed bx = (bar->from - d->year_from) * colw + size / 4;
		fixed bw = (bar->to - bar->from + 1) * colw - size / 2;
		fixed by = head + (bar->lane - 1) * lane_h + pitch / 4;
		fixed bh = lane_h - pitch / 2;
		struct draw *r = band_add(x, b, DR_RECT);
		r->x = bx;
		r->y = by;
		r->w = bw;
		r->h = bh;
		r->stroke = PT(0.6);
		r->fill = bar->lane == 1 ? 880 : 1000;
		struct line *ls;
		long nl = figure_wrap(x, bar->text, x->l->figure.font, size, bw - size / 2, &ls);
		for (long k = 0; k < nl; k++) {
			struct draw *t = band_add(x, b, DR_TEXT);
			t->text = &ls[k];
			t->x = bx + (bw - ls[k].extent) / 2;
			t->y = figure_baseline(x, by + (bh - nl * pitch) / 2 + k * pitch, pitch, size);
		}
	}
	b->height = bottom + pitch / 2;
	return figure_notes(x, fb, f);
}

int
diagram_build(struct figure_ctx *x, const struct figure_def *f, fixed width,
    struct figure_box *fb)
{
	if (f->u.diagram.kind == DIAGRAM_TIMELINE)
		return timeline_build(x, f, width, fb);
	return tree_build(x, f, width, fb);
}
