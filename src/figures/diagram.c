/*
 * Diagrams: trees of boxes read left to right (the 実施策の体系 trees are
 * built from the policy's sections in the document, so the diagram and the
 * text cannot disagree) and timelines of plans over years. Boxes size to
 * their text with the body's line breaking; connectors run in the gaps
 * between columns of boxes, never across text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "figure.h"
#include "numbering.h"

/* Space between columns of boxes, in ems of the figure size. */
#define TREE_GAP_EMS 3
/* Depth of a tree we lay out; content_figures.c allows 4 levels. */
#define TREE_MAX_DEPTH 8

/* The narrowest width at which text wraps only between phrases. */
static fixed
phrase_width(struct figure_ctx *x, const char *text, fixed size)
{
	return figure_phrase_width(x, text, x->l->figure.font, size);
}

/* The width text takes on one line. */
static fixed
natural_width(struct figure_ctx *x, const char *text, fixed size)
{
	const struct line *l = figure_text(x, text, x->l->figure.font, size);

	return l != NULL ? l->extent : 0;
}

/* Widths w[i] for n parts sharing total, each at least lo[i] (their sum
 * must fit), as even as the floors allow (water filling): first each up to
 * its cap hi[i]; when every part has its cap, the rest evens them out. */
static void
share_width(fixed total, int n, const fixed *lo, const fixed *hi, fixed *w)
{
	for (int pass = 0; pass < 2; pass++) {
		fixed a = 0, b = total, sum = 0;
		while (b - a > 1) {
			fixed m = a + (b - a) / 2;
			sum = 0;
			for (int i = 0; i < n; i++) {
				fixed cap = hi[i] > lo[i] ? hi[i] : lo[i];
				fixed v = m > lo[i] ? m : lo[i];
				if (pass == 0 && v > cap)
					v = cap;
				if (pass == 1 && v < cap)
					v = cap;
				sum += v;
			}
			if (sum <= total)
				a = m;
			else
				b = m;
		}
		sum = 0;
		for (int i = 0; i < n; i++) {
			fixed cap = hi[i] > lo[i] ? hi[i] : lo[i];
			w[i] = a > lo[i] ? a : lo[i];
			if (pass == 0 && w[i] > cap)
				w[i] = cap;
			if (pass == 1 && w[i] < cap)
				w[i] = cap;
			sum += w[i];
		}
		/* pass 0 leaves room only when every part has its cap */
		int capped = 1;
		for (int i = 0; i < n; i++)
			if (w[i] < (hi[i] > lo[i] ? hi[i] : lo[i]))
				capped = 0;
		if (pass == 1 || !capped)
			return;
	}
}

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
	fixed colw[TREE_MAX_DEPTH], colx[TREE_MAX_DEPTH];	/* per level */
	fixed gap, pad, pitch, size;
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
	    t->colw[level] - 2 * t->pad, &n->lines);
	if (n->nlines < 0)
		n->nlines = 0;
	n->h = (n->nlines > 0 ? n->nlines : 1) * t->pitch + 2 * t->pad;
	n->x = t->colx[level];
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
	d->w = t->colw[level];
	d->h = n->h;
	d->stroke = PT(0.6);
	d->fill = level == 0 ? 880 : -1;
	/* every line centred, one line or several (balanced) */
	for (long i = 0; i < n->nlines; i++) {
		struct draw *tx = band_add(x, b, DR_TEXT);
		tx->text = &n->lines[i];
		tx->x = n->x + (t->colw[level] - n->lines[i].extent) / 2;
		tx->y = figure_baseline(x, n->top + t->pad + i * t->pitch, t->pitch, t->size);
	}
	if (n->nkids == 0)
		return;
	/* connector: out of the box's right side, down the gap, into each kid */
	fixed sx = n->x + t->colw[level], sy = n->top + n->h / 2, mx = sx + t->gap / 2;
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

/* The widest text of each level: on one line (hi) and broken only
 * between phrases (lo). */
static void
level_needs(struct tree_ctx *t, const struct tnode *n, int level, fixed *lo,
    fixed *hi)
{
	if (level >= 0 && n->text != NULL) {
		if (lo == NULL) {
			fixed nat = natural_width(t->x, n->text, t->size) + 2 * t->pad;
			if (nat > hi[level])
				hi[level] = nat;
		} else {
			fixed ph = phrase_width(t->x, n->text, t->size) + 2 * t->pad;
			if (ph > lo[level])
				lo[level] = ph;
		}
	}
	for (size_t i = 0; i < n->nkids; i++)
		level_needs(t, &n->kids[i], level + 1, lo, hi);
}

/* Column widths: every box on one line when the width allows it, else
 * the room shared so that no box breaks inside a phrase and the columns
 * stay as even as they can; a tree that cannot avoid that is warned of. */
static int
size_columns(struct tree_ctx *t, const struct figure_def *f, const struct tnode *root,
    fixed width)
{
	fixed lo[TREE_MAX_DEPTH] = {0}, hi[TREE_MAX_DEPTH] = {0};
	fixed room = width - (t->depth - 1) * t->gap, need = 0;

	if (room < t->depth * 2 * t->size) {
		diag(SEV_ERROR, &f->pos, "diagram '%s' has no room for its %d columns of boxes",
		    f->id, t->depth);
		return 0;
	}
	fixed all = 0;
	level_needs(t, root, -1, NULL, hi);
	for (int i = 0; i < t->depth; i++)
		all += hi[i];
	/* the phrases are measured only when the texts do not all fit */
	if (all > room)
		level_needs(t, root, -1, lo, hi);
	for (int i = 0; i < t->depth; i++) {
		if (lo[i] < 2 * t->size)
			lo[i] = 2 * t->size;
		need += lo[i];
	}
	if (need > room) {
		diag(SEV_WARNING, &f->pos, "diagram '%s' needs %.0fpt for its boxes but has "
		    "%.0fpt: box text breaks inside words", f->id,
		    FIXED_TO_PT(need + (t->depth - 1) * t->gap), FIXED_TO_PT(width));
		/* even columns: scaling every floor down would break every
		 * column's text where even ones spare some */
		for (int i = 0; i < t->depth; i++)
			t->colw[i] = room / t->depth;
	} else
		share_width(room, t->depth, lo, hi, t->colw);
	for (int i = 0; i < t->depth; i++)
		t->colx[i] = i == 0 ? 0 : t->colx[i - 1] + t->colw[i - 1] + t->gap;
	return 1;
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
	if (!size_columns(&t, f, &root, width))
		return 0;
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


/* A year label as unbreakable pieces: each name (an era's year, 平成31 or
 * 令和元, or the number as written) and its unit (年度) are set whole; a
 * year in which an era begins has two names, 平成31年度／令和元年度. */
struct year_label {
	/* a piece: up to YEAR_LABEL_MAX bytes, an era's name and a number */
	char piece[4][YEAR_LABEL_MAX + 32];
	int npieces;
	int name_at[4];		/* piece i starts a name */
};

static void
label_add(struct year_label *yl, const char *s, int name)
{
	if (yl->npieces < 4 && *s != '\0') {
		snprintf(yl->piece[yl->npieces], sizeof(yl->piece[0]), "%s", s);
		yl->name_at[yl->npieces++] = name;
	}
}

/*
 * The label of a year from the content's pattern (%d replaced by hand: a
 * pattern from content is never a printf format). In wareki, a year is read
 * as 西暦 and printed in every era in force in it (a fiscal year, when the
 * pattern says 年度, runs from April to March); with_era prints the era's
 * name (else only its year: 22年度).
 */
static void
year_label(const char *pattern, int year, int wareki, int with_era,
    struct year_label *yl)
{
	const char *at = strstr(pattern, "%d");
	int pre = at != NULL ? (int)(at - pattern) : (int)strlen(pattern);
	const char *unit = at != NULL ? at + 2 : "";
	char buf[YEAR_LABEL_MAX + 32];

	memset(yl, 0, sizeof(*yl));
	if (!wareki) {
		snprintf(buf, sizeof(buf), "%.*s%d", pre, pattern, year);
		label_add(yl, buf, 1);
		label_add(yl, unit, 0);
		return;
	}
	int fiscal = strstr(pattern, "年度") != NULL;
	int from = year * 10000 + (fiscal ? 401 : 101);
	int to = fiscal ? (year + 1) * 10000 + 331 : year * 10000 + 1231;
	int in_force = 0;
	for (size_t e = 0; e < NERAS; e++) {
		int end = e + 1 < NERAS ? eras[e + 1].start : 99999999;
		in_force += eras[e].start <= to && end > from;
	}
	/* a year of two eras names both */
	if (in_force > 1)
		with_era = 1;
	for (size_t e = 0; e < NERAS; e++) {
		int end = e + 1 < NERAS ? eras[e + 1].start : 99999999;
		if (eras[e].start > to || end <= from)
			continue;
		int n = year - eras[e].start / 10000 + 1;
		char num[16];
		if (n == 1)
			snprintf(num, sizeof(num), "元");
		else
			snprintf(num, sizeof(num), "%d", n);
		snprintf(buf, sizeof(buf), "%.*s%s%s", pre, pattern,
		    with_era ? eras[e].name : "", num);
		label_add(yl, buf, 1);
		label_add(yl, unit, 0);
	}
}

/* Does an era begin within the year (or fiscal year)? */
static int
era_changes(const char *pattern, int year)
{
	struct year_label yl;

	year_label(pattern, year, 1, 1, &yl);
	return yl.npieces > 2;
}

/* Set a label in lines of whole pieces: the label on one line (names
 * joined by ／) if it fits in one, else a name and its unit per line where
 * they fit in pair, else each piece on its own line (perhaps wider than one:
 * the caller sees *widest, the widest line). Return the number of lines. */
static int
label_lines(struct figure_ctx *x, const struct year_label *yl, fixed size,
    fixed one, fixed pair, const struct line **out, fixed *widest)
{
	struct strbuf sb = {0};
	const struct line *l;
	int n = 0;

	*widest = 0;
	for (int i = 0; i < yl->npieces; i++)
		sb_printf(&sb, "%s%s", i > 0 && yl->name_at[i] ? "／" : "", yl->piece[i]);
	l = figure_text(x, sb.s, x->l->figure.font, size);
	sb_free(&sb);
	if (l != NULL && l->extent <= one) {
		out[0] = l;
		*widest = l->extent;
		return 1;
	}
	for (int i = 0; i < yl->npieces; i++) {
		/* a name with its unit, if they fit together */
		if (yl->name_at[i] && i + 1 < yl->npieces && !yl->name_at[i + 1]) {
			sb_printf(&sb, "%s%s", yl->piece[i], yl->piece[i + 1]);
			l = figure_text(x, sb.s, x->l->figure.font, size);
			sb_free(&sb);
			if (l != NULL && l->extent <= pair) {
				out[n++] = l;
				if (l->extent > *widest)
					*widest = l->extent;
				i++;
				continue;
			}
		}
		l = figure_text(x, yl->piece[i], x->l->figure.font, size);
		if (l == NULL)
			continue;
		out[n++] = l;
		if (l->extent > *widest)
			*widest = l->extent;
	}
	return n;
}

/* Widths of the year columns: even, widened under a bar that needs it
 * (need[i]) at the expense of the others, none under floor. Return 0 if
 * some bar could not have its width. */
static int
size_years(const struct diagram_def *d, const fixed *need, fixed floor, fixed width,
    fixed *colw)
{
	int years = d->year_to - d->year_from + 1;
	char fixedcol[64] = {0};	/* years are at most 41 */

	for (int k = 0; k < years; k++)
		colw[k] = width / years;
	for (size_t it = 0; it <= d->nbars; it++) {
		int changed = 0;
		for (size_t i = 0; i < d->nbars; i++) {
			const struct timeline_bar *bar = &d->bars[i];
			int n = bar->to - bar->from + 1;
			fixed span = 0;
			for (int k = bar->from; k <= bar->to; k++)
				span += colw[k - d->year_from];
			if (span >= need[i])
				continue;
			for (int k = bar->from; k <= bar->to; k++) {
				int c = k - d->year_from;
				if (colw[c] < need[i] / n + 1)
					colw[c] = need[i] / n + 1;
				fixedcol[c] = 1;
			}
			changed = 1;
		}
		if (!changed)
			return 1;
		fixed taken = 0;
		int nfree = 0;
		for (int k = 0; k < years; k++)
			if (fixedcol[k])
				taken += colw[k];
			else
				nfree++;
		fixed rest = nfree > 0 ? (width - taken) / nfree : 0;
		if (nfree > 0 && rest >= floor) {
			for (int k = 0; k < years; k++)
				if (!fixedcol[k])
					colw[k] = rest;
			continue;
		}
		/* no room: the widened columns shrink to what is left */
		fixed left = width - nfree * floor;
		for (int k = 0; k < years; k++)
			colw[k] = fixedcol[k] ? (fixed)((int64_t)colw[k] * left / taken) : floor;
		return 0;
	}
	return 1;
}

static int
timeline_build(struct figure_ctx *x, const struct figure_def *f, fixed width,
    struct figure_box *fb)
{
	const struct diagram_def *d = &f->u.diagram;
	fixed size = x->l->figure.size, pitch = figure_leading(size);
	int years = d->year_to - d->year_from + 1, lanes = 0;
	fixed *colw = arena_alloc(x->arena, years * sizeof(*colw));
	fixed *colx = arena_alloc(x->arena, (years + 1) * sizeof(*colx));
	struct year_label yl;

	for (size_t i = 0; i < d->nbars; i++)
		if (d->bars[i].lane > lanes)
			lanes = d->bars[i].lane;
	/* Year labels: a column needs room for the widest piece of a label
	 * (a number is never split); when the columns are too narrow for
	 * that, only every step-th year is labelled (and a year in which an
	 * era begins), a label then taking the room of step columns. */
	fixed piece = 0;
	for (int k = 0; k < years; k++) {
		int y = d->year_from + k;
		year_label(d->year_label, y, d->wareki, k == 0, &yl);
		for (int i = 0; i < yl.npieces; i++) {
			fixed w = natural_width(x, yl.piece[i], size);
			if (w > piece)
				piece = w;
		}
	}
	piece += size / 2;
	/* Columns: even, but a bar gets the width its text needs to wrap
	 * between phrases only, taken from the columns under no such bar;
	 * labels are thinned out (step) when that is the only way. */
	static const int steps[] = { 1, 2, 5, 10, 20, 50 };
	int step = 1, fits = 0;
	/* best: every bar on one line, every year labelled */
	fixed *one = arena_alloc(x->arena, (d->nbars ? d->nbars : 1) * sizeof(*one));
	for (size_t i = 0; i < d->nbars; i++)
		one[i] = natural_width(x, d->bars[i].text, size) + size;
	if ((fixed)((int64_t)piece * years) <= width && size_years(d, one, piece, width, colw))
		fits = 1;
	fixed *need = one;
	if (!fits) {
		need = arena_alloc(x->arena, (d->nbars ? d->nbars : 1) * sizeof(*need));
		for (size_t i = 0; i < d->nbars; i++)
			need[i] = phrase_width(x, d->bars[i].text, size) + size;
	}
	for (size_t i = 0; !fits && i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (i > 0 && steps[i] > years)
			break;
		step = steps[i];
		if ((fixed)((int64_t)piece * years / step) > width)
			continue;
		fits = size_years(d, need, piece / step, width, colw);
	}
	if (!fits) {
		size_years(d, need, piece / step, width, colw);
		for (size_t i = 0; i < d->nbars; i++) {
			fixed span = 0;
			for (int k = d->bars[i].from; k <= d->bars[i].to; k++)
				span += colw[k - d->year_from];
			if (span < need[i])
				diag(SEV_WARNING, &d->bars[i].pos, "timeline bar '%s' needs %.0fpt "
				    "but has %.0fpt: its text breaks inside a word", d->bars[i].text,
				    FIXED_TO_PT(need[i]), FIXED_TO_PT(span));
		}
	}
	colx[0] = 0;
	for (int k = 0; k < years; k++)
		colx[k + 1] = colx[k] + colw[k];
	fixed total = colx[years];

	figure_caption(x, fb, f);
	struct band *b = figure_add_band(x, fb);
	/* the labels, set first to know the head's depth; lc, lw: a label's
	 * centre and width, kept inside the frame */
	const struct line **lab = arena_alloc(x->arena, years * 4 * sizeof(*lab));
	int *nlab = arena_alloc(x->arena, years * sizeof(*nlab)), maxl = 2;
	fixed *lc = arena_alloc(x->arena, years * sizeof(*lc));
	fixed *lw = arena_alloc(x->arena, years * sizeof(*lw));
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < years; k++) {
			int y = d->year_from + k;
			if (pass == 0)
				nlab[k] = 0;
			else if (nlab[k] > 0)
				continue;
			int forced = k == 0 || (d->wareki && era_changes(d->year_label, y));
			int label = forced || k % step == 0;
			/* a regular label gives way to a forced one less than step away */
			for (int j = k - step + 1; label && !forced && j < k + step; j++)
				if (j != k && j > 0 && j < years && d->wareki &&
				    era_changes(d->year_label, d->year_from + j))
					label = 0;
			if (pass == 0 && !label)
				continue;
			/* pass 1: a year left out whose label fits its own column
			 * (one widened for a bar) clear of its neighbours' */
			fixed room = pass == 1 ? colw[k] :
			    colw[k] * step > piece ? colw[k] * step : piece;
			const struct line *ls[4];
			fixed widest;
			year_label(d->year_label, y, d->wareki, k == 0, &yl);
			/* a label on one line within its column, else stacked
			 * (the step's room was chosen for its widest piece); a
			 * year of two eras may take the room for 平成31年度 */
			int n = label_lines(x, &yl, size, colw[k] - size / 4,
			    yl.npieces > 2 ? room - size / 4 : colw[k] - size / 4, ls, &widest);
			fixed c = colx[k] + colw[k] / 2;
			if (c - widest / 2 < size / 8)
				c = widest / 2 + size / 8;
			if (c + widest / 2 > total - size / 8)
				c = total - size / 8 - widest / 2;
			if (pass == 1) {
				int clear = widest <= room - size / 4 && n <= maxl;
				for (int j = k - 1; clear && j >= 0; j--)
					if (nlab[j] > 0) {
						clear = lc[j] + lw[j] / 2 + size / 2 <= c - widest / 2;
						break;
					}
				for (int j = k + 1; clear && j < years; j++)
					if (nlab[j] > 0) {
						clear = c + widest / 2 + size / 2 <= lc[j] - lw[j] / 2;
						break;
					}
				if (!clear)
					continue;
			}
			nlab[k] = n;
			memcpy(&lab[k * 4], ls, n * sizeof(*ls));
			lc[k] = c;
			lw[k] = widest;
			if (nlab[k] > maxl)
				maxl = nlab[k];
		}
	fixed head = maxl * pitch, lane_h = 2 * pitch + pitch / 2;
	/* a lane is as tall as its most wrapped bar */
	for (size_t i = 0; i < d->nbars; i++) {
		struct line *ls;
		fixed bw = colx[d->bars[i].to - d->year_from + 1] -
		    colx[d->bars[i].from - d->year_from] - size / 2;
		long nl = figure_wrap(x, d->bars[i].text, x->l->figure.font, size,
		    bw - size / 2, &ls);
		if (nl * pitch + pitch > lane_h)
			lane_h = nl * pitch + pitch;
	}
	fixed bottom = head + lanes * lane_h;
	for (int k = 0; k < years; k++) {
		for (int i = 0; i < nlab[k]; i++) {
			struct draw *t = band_add(x, b, DR_TEXT);
			t->text = lab[k * 4 + i];
			t->x = lc[k] - lab[k * 4 + i]->extent / 2;
			t->y = figure_baseline(x, (head - nlab[k] * pitch) / 2 + i * pitch, pitch, size);
		}
		struct draw *g = band_add(x, b, DR_LINE);
		g->x = colx[k];
		/* labels wider than their column: the grid starts under them */
		g->y = step > 1 && k > 0 ? head : 0;
		g->h = bottom - g->y;
		g->stroke = PT(0.3);
		g->dashed = k > 0;
	}
	struct draw *l = band_add(x, b, DR_RECT);
	l->x = 0;
	l->y = 0;
	l->w = total;
	l->h = bottom;
	l->stroke = PT(0.8);
	l = band_add(x, b, DR_LINE);
	l->x = 0;
	l->y = head;
	l->w = total;
	l->stroke = PT(0.8);
	for (size_t i = 0; i < d->nbars; i++) {
		const struct timeline_bar *bar = &d->bars[i];
		fixed bx = colx[bar->from - d->year_from] + size / 4;
		fixed bw = colx[bar->to - d->year_from + 1] - colx[bar->from - d->year_from] - size / 2;
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

/* A year as the timeline's label writes it (%d replaced by hand). */
static void
alt_year(struct strbuf *s, const char *pattern, int year)
{
	const char *at = strstr(pattern, "%d");
	if (at == NULL) {
		sb_printf(s, "%d", year);
		return;
	}
	sb_add(s, pattern, (size_t)(at - pattern));
	sb_printf(s, "%d", year);
	sb_puts(s, at + 2);
}

/* A tree read as a nested list: 「A（B、C（D））」. */
static void
tree_alt(const struct tnode *n, struct strbuf *s)
{
	for (size_t i = 0; i < n->nkids; i++) {
		sb_printf(s, "%s%s", i > 0 ? "、" : "", n->kids[i].text);
		if (n->kids[i].nkids > 0) {
			sb_puts(s, "（");
			tree_alt(&n->kids[i], s);
			sb_puts(s, "）");
		}
	}
}

void
diagram_alt(const struct figure_def *f, const struct document *doc, int kanji,
    struct strbuf *s)
{
	const struct diagram_def *d = &f->u.diagram;
	struct arena a = {0};

	if (d->kind == DIAGRAM_TIMELINE) {
		sb_printf(s, "年表　%s：", f->caption);
		for (size_t i = 0; i < d->nbars; i++) {
			sb_printf(s, "%s%s（", i > 0 ? "、" : "", d->bars[i].text);
			alt_year(s, d->year_label, d->bars[i].from);
			if (d->bars[i].to != d->bars[i].from) {
				sb_puts(s, "～");
				alt_year(s, d->year_label, d->bars[i].to);
			}
			sb_puts(s, "）");
		}
		return;
	}
	struct tnode root = d->kind == DIAGRAM_TREE ? from_diagram(&a, &d->root) :
	    from_policy(&a, doc, d->policy, kanji);
	sb_printf(s, "図　%s：", f->caption);
	tree_alt(&root, s);
	arena_free(&a);
}
