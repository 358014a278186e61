/*
 * The structure tree of the tagged PDF, from the page model (see tags.h).
 * Pages are read in order; on a page the main text's lines, with each
 * figure put before the first line that comes after it on the page (below
 * it; in vertical writing, left of it), then the page's footnotes. A block
 * that runs over pages stays one element, and so does a table split over
 * pages; its header rows repeated on a later page are artifacts.
 */
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "numbering.h"
#include "tags.h"

/* Pointer -> index, open addressing: blocks and figures to their element. */
struct ptr_map {
	const void **key;
	int *val;
	size_t cap, n;
};

static size_t
ptr_hash(const void *p, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15u;
	return (size_t)(h >> 20) & (cap - 1);
}

static int
map_get(const struct ptr_map *m, const void *k)
{
	if (m->cap == 0)
		return -1;
	for (size_t i = ptr_hash(k, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->key[i] == NULL)
			return -1;
		if (m->key[i] == k)
			return m->val[i];
	}
}

static void
map_put(struct ptr_map *m, const void *k, int v)
{
	if (2 * (m->n + 1) > m->cap) {
		struct ptr_map old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->key = xcalloc(m->cap, sizeof(*m->key));
		m->val = xcalloc(m->cap, sizeof(*m->val));
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.key[i] != NULL)
				map_put(m, old.key[i], old.val[i]);
		free(old.key);
		free(old.val);
	}
	size_t i = ptr_hash(k, m->cap);
	while (m->key[i] != NULL && m->key[i] != k)
		i = (i + 1) & (m->cap - 1);
	if (m->key[i] == NULL)
		m->n++;
	m->key[i] = k;
	m->val[i] = v;
}

static void
map_free(struct ptr_map *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

/* A table or figure being built: its parts. */
struct figure_state {
	int elem;		/* Table or Figure */
	int caption, thead, tbody, notes;	/* -1 until needed */
	size_t caption_page;	/* where the caption was drawn first */
	struct ptr_map rows;	/* row + 1 -> TR */
	struct ptr_map cells;	/* (row, col) -> index into cell_page */
	VEC(size_t) cell_page;	/* page where each cell was drawn first */
	VEC(int) cell_elem;
};

/* What the builder keeps from page to page. */
struct builder {
	struct tag_tree *t;
	const struct pages *pages;
	struct ptr_map blocks;	/* block -> P or Hn */
	struct ptr_map figures;	/* figure_def -> index into fig */
	VEC(struct figure_state) fig;
	VEC(int) notes;		/* footnote index -> Note, or -1 */
	int heading_rank[8];	/* ranks of the open headings, outermost first */
	int nheading;
	int toc, toci;		/* the contents, its entry being read (Link) */
	int loose;		/* a P of lines without a block, still open */
	int cover;		/* a P of the cover, still open */
};

/* Kids grow from two: most elements have one or two. */
static void
push_kid(struct tag_elem *e, struct tag_kid k)
{
	if (e->kids.n == e->kids.cap) {
		e->kids.cap = e->kids.cap ? e->kids.cap * 2 : 2;
		e->kids.v = xrealloc(e->kids.v, e->kids.cap * sizeof(*e->kids.v));
	}
	e->kids.v[e->kids.n++] = k;
}

int
tags_add_elem(struct tag_tree *t, int parent, const char *type)
{
	struct tag_elem e;

	memset(&e, 0, sizeof(e));
	e.type = type;
	e.parent = parent;
	e.note = -1;
	VEC_PUSH(t->elems, e);
	int id = (int)t->elems.n - 1;
	if (parent >= 0) {
		struct tag_kid k = { KID_ELEM, id, 0, 0 };
		push_kid(&t->elems.v[parent], k);
	}
	return id;
}

int
tags_add_mcid(struct tag_tree *t, int e, size_t page)
{
	struct tag_page *tp = &t->pages[page];
	int mcid = (int)tp->mcid_owner.n;
	struct tag_kid k = { KID_MCID, -1, page, mcid };

	VEC_PUSH(tp->mcid_owner, e);
	push_kid(&t->elems.v[e], k);
	return mcid;
}

void
tags_add_objr(struct tag_tree *t, int e, size_t page, int annot)
{
	struct tag_kid k = { KID_OBJR, -1, page, annot };

	push_kid(&t->elems.v[e], k);
}

/* H1 for the outermost heading open, one deeper for each heading it is
 * under: a document that goes from a chapter to an item skips no level. */
static const char *
heading_type(struct builder *b, const struct block *blk)
{
	static const char *const h[] = { "H1", "H2", "H3", "H4", "H5", "H6" };
	int r = heading_rank(blk->kind);

	while (b->nheading > 0 && b->heading_rank[b->nheading - 1] >= r)
		b->nheading--;
	b->heading_rank[b->nheading++] = r;
	return h[b->nheading - 1 < 5 ? b->nheading - 1 : 5];
}

static void
set_vertical(struct tag_tree *t, int e, const struct page *pg, int frame)
{
	if (pg->frames.v[frame].vertical)
		t->elems.v[e].vertical = 1;
}

static struct figure_state *
figure_state(struct builder *b, const struct placed_figure *pf)
{
	int i = pf->def ? map_get(&b->figures, pf->def) : -1;

	if (i >= 0)
		return &b->fig.v[i];
	struct figure_state s;
	memset(&s, 0, sizeof(s));
	s.caption = s.thead = s.tbody = s.notes = -1;
	if (pf->def != NULL && pf->def->kind == FIG_TABLE)
		s.elem = tags_add_elem(b->t, 0, "Table");
	else {
		s.elem = tags_add_elem(b->t, 0, "Figure");
		b->t->elems.v[s.elem].alt = pf->alt != NULL && pf->alt[0] ? pf->alt :
		    pf->def != NULL && pf->def->caption != NULL ? pf->def->caption : "図";
	}
	VEC_PUSH(b->fig, s);
	if (pf->def != NULL)
		map_put(&b->figures, pf->def, (int)b->fig.n - 1);
	return &b->fig.v[b->fig.n - 1];
}

/* The cell's span on the table's grid, from the definition. */
static void
cell_span(const struct figure_def *def, int row, int col, int *rowspan, int *colspan)
{
	*rowspan = *colspan = 1;
	if (def == NULL || def->kind != FIG_TABLE || row < 0 ||
	    (size_t)row >= def->u.table.nrows)
		return;
	for (size_t k = 0; k < def->u.table.ncells[row]; k++) {
		const struct cell *c = &def->u.table.rows[row][k];
		if (c->on_grid && c->grid_col == col) {
			*rowspan = c->rowspan > 1 ? c->rowspan : 1;
			*colspan = c->colspan > 1 ? c->colspan : 1;
			return;
		}
	}
}

/* The TH or TD of a table cell drawn on page p, or TAG_ARTIFACT for a
 * header cell repeated on a later page. */
static int
table_cell(struct builder *b, struct figure_state *s, const struct figure_def *def,
    const struct draw *d, size_t p)
{
	struct tag_tree *t = b->t;
	/* keys of the maps are small integers made pointers, never NULL */
	const void *cell_key = (const void *)(uintptr_t)(1 + ((size_t)(unsigned)d->row << 16 |
	    (unsigned)d->col));
	int i = map_get(&s->cells, cell_key);

	if (i >= 0)
		return s->cell_page.v[i] == p ? s->cell_elem.v[i] : TAG_ARTIFACT;
	int header_row = def != NULL && def->kind == FIG_TABLE &&
	    d->row < (int)def->u.table.nheader;
	int *group = header_row ? &s->thead : &s->tbody;
	if (*group < 0) {
		*group = tags_add_elem(t, s->elem, header_row ? "THead" : "TBody");
		t->elems.v[*group].order = header_row ? 0 : 1;
		t->elems.v[*group].sorted = 1;
		t->elems.v[s->elem].sorted = 1;
	}
	const void *row_key = (const void *)(uintptr_t)(1 + (size_t)(unsigned)d->row);
	int tr = map_get(&s->rows, row_key);
	if (tr < 0) {
		tr = tags_add_elem(t, *group, "TR");
		t->elems.v[tr].order = d->row;
		t->elems.v[tr].sorted = 1;
		map_put(&s->rows, row_key, tr);
	}
	int e = tags_add_elem(t, tr, d->header ? "TH" : "TD");
	struct tag_elem *c = &t->elems.v[e];
	c->order = d->col;
	if (d->header)
		c->scope = header_row ? SCOPE_COLUMN : SCOPE_ROW;
	cell_span(def, d->row, d->col, &c->rowspan, &c->colspan);
	VEC_PUSH(s->cell_page, p);
	VEC_PUSH(s->cell_elem, e);
	map_put(&s->cells, cell_key, (int)s->cell_page.n - 1);
	return e;
}

/* The element of each drawing of figure fi of page p. */
static void
place_figure(struct builder *b, size_t p, size_t fi)
{
	const struct page *pg = &b->pages->v[p];
	const struct placed_figure *pf = &pg->figures.v[fi];
	struct figure_state *s = figure_state(b, pf);
	struct tag_tree *t = b->t;
	int table = strcmp(t->elems.v[s->elem].type, "Table") == 0;
	int *out = t->pages[p].draw;

	for (size_t k = 0; k < pg->draws.n; k++) {
		const struct placed_draw *pd = &pg->draws.v[k];
		const struct draw *d = pd->d;
		if (pd->frame != pf->frame)
			continue;
		s = figure_state(b, pf);	/* b->fig may have moved */
		switch (d->role) {
		case DRR_DECOR:
			out[k] = TAG_ARTIFACT;
			break;
		case DRR_CAPTION:
		case DRR_UNIT:
			if (!table && d->role == DRR_UNIT) {
				out[k] = s->elem;
				break;
			}
			if (s->caption < 0) {
				s->caption = tags_add_elem(t, s->elem, "Caption");
				t->elems.v[s->caption].order = -1;
				s->caption_page = p;
			}
			/* a caption repeated over a table's later part */
			out[k] = s->caption_page == p ? s->caption : TAG_ARTIFACT;
			break;
		case DRR_CELL:
			out[k] = table ? table_cell(b, s, pf->def, d, p) : s->elem;
			break;
		case DRR_NOTE:
			if (s->notes < 0)
				s->notes = tags_add_elem(t, 0, "P");
			out[k] = s->notes;
			break;
		case DRR_FIGURE:
		default:
			out[k] = table ? TAG_ARTIFACT : s->elem;
			break;
		}
		/* a table's drawings that are not text are its rules and grounds */
		if (table && d->kind != DR_TEXT)
			out[k] = TAG_ARTIFACT;
	}
}

/* Does the line at page point (x, y) of a frame come after figure frame f? */
static int
after_figure(const struct frame *lf, fixed x, fixed y, const struct frame *f)
{
	if (!lf->vertical)
		return y > f->y;
	if (y >= f->y + f->depth)
		return 1;	/* a lower tier */
	return x < f->x + f->measure;
}

/* The element of a line of the main text. */
static int
text_line(struct builder *b, const struct page *pg, const struct placed_line *pl)
{
	struct tag_tree *t = b->t;
	int e;

	switch (pl->role) {
	case LR_TOC:
		if (b->toc < 0)
			b->toc = tags_add_elem(t, 0, "TOC");
		if (b->toci < 0)
			b->toci = tags_add_elem(t, tags_add_elem(t, b->toc, "TOCI"), "Link");
		e = b->toci;
		set_vertical(t, b->toc, pg, pl->frame);
		if (pl->line->last)
			b->toci = -1;
		return e;
	case LR_COVER:
		if (b->cover < 0)
			b->cover = tags_add_elem(t, 0, "P");
		e = b->cover;
		if (pl->line->last)
			b->cover = -1;
		break;
	default:
		if (pl->block == NULL) {
			if (b->loose < 0)
				b->loose = tags_add_elem(t, 0, "P");
			e = b->loose;
			if (pl->line->last)
				b->loose = -1;
			break;
		}
		e = map_get(&b->blocks, pl->block);
		if (e < 0) {
			e = tags_add_elem(t, 0, BK_IS_HEADING(pl->block->kind) ?
			    heading_type(b, pl->block) : "P");
			map_put(&b->blocks, pl->block, e);
		}
		break;
	}
	set_vertical(t, e, pg, pl->frame);
	return e;
}

static int
is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19);
}

/* A footnote's line: its Note (with Lbl and P made at its first line). */
static void
note_line(struct builder *b, const struct page *pg, const struct placed_line *pl,
    struct tag_line *out)
{
	struct tag_tree *t = b->t;

	out->label = -1;
	if (pl->note < 0) {
		out->elem = text_line(b, pg, pl);
		return;
	}
	while (b->notes.n <= (size_t)pl->note)
		VEC_PUSH(b->notes, -1);
	int note = b->notes.v[pl->note];
	if (note >= 0) {
		/* the note's P, its last kid */
		const struct tag_elem *n = &t->elems.v[note];
		out->elem = n->kids.v[n->kids.n - 1].elem;
		return;
	}
	note = tags_add_elem(t, 0, "Note");
	b->notes.v[pl->note] = note;
	t->elems.v[note].note = pl->note;
	set_vertical(t, note, pg, pl->frame);
	size_t n = 0;
	while (n < pl->line->n && is_digit(pl->line->g[n].cp))
		n++;
	if (n > 0 && n < pl->line->n) {
		out->label = tags_add_elem(t, note, "Lbl");
		out->label_glyphs = n;
	}
	out->elem = tags_add_elem(t, note, "P");
}

static void
build_page(struct builder *b, size_t p)
{
	const struct page *pg = &b->pages->v[p];
	struct tag_page *tp = &b->t->pages[p];
	unsigned char *placed = xcalloc(pg->figures.n + 1, 1);

	tp->line = xcalloc(pg->lines.n + 1, sizeof(*tp->line));
	tp->draw = xcalloc(pg->draws.n + 1, sizeof(*tp->draw));
	tp->link = xcalloc(pg->links.n + 1, sizeof(*tp->link));
	tp->link_line = xcalloc(pg->links.n + 1, sizeof(*tp->link_line));
	for (size_t k = 0; k < pg->draws.n; k++)
		tp->draw[k] = TAG_NONE;
	for (size_t k = 0; k < pg->lines.n; k++) {
		const struct placed_line *pl = &pg->lines.v[k];
		struct tag_line *out = &tp->line[k];
		out->label = -1;
		switch (pl->role) {
		case LR_HEAD:
			out->elem = TAG_HEADER;
			continue;
		case LR_FOLIO:
			out->elem = TAG_FOOTER;
			continue;
		case LR_DRAFT:
			out->elem = TAG_ARTIFACT;
			continue;
		case LR_NOTE:
			continue;	/* after the page's text */
		default:
			break;
		}
		const struct frame *lf = &pg->frames.v[pl->frame];
		fixed x, y;
		frame_to_page(lf, pl->inline_start, pl->baseline, &x, &y);
		for (size_t f = 0; f < pg->figures.n; f++)
			if (!placed[f] && after_figure(lf, x, y,
			    &pg->frames.v[pg->figures.v[f].frame])) {
				place_figure(b, p, f);
				placed[f] = 1;
			}
		out->elem = text_line(b, pg, pl);
	}
	for (size_t f = 0; f < pg->figures.n; f++)
		if (!placed[f])
			place_figure(b, p, f);
	for (size_t k = 0; k < pg->lines.n; k++)
		if (pg->lines.v[k].role == LR_NOTE)
			note_line(b, pg, &pg->lines.v[k], &tp->line[k]);
	/* drawings of no placed figure: their text one P a frame */
	int loose_frame = -1, loose = -1;
	for (size_t k = 0; k < pg->draws.n; k++) {
		if (tp->draw[k] != TAG_NONE)
			continue;
		if (pg->draws.v[k].d->kind != DR_TEXT) {
			tp->draw[k] = TAG_ARTIFACT;
			continue;
		}
		if (pg->draws.v[k].frame != loose_frame) {
			loose_frame = pg->draws.v[k].frame;
			loose = tags_add_elem(b->t, 0, "P");
		}
		tp->draw[k] = loose;
	}
	/* each link of the contents to the entry it covers */
	for (size_t j = 0; j < pg->links.n; j++) {
		const struct link *lk = &pg->links.v[j];
		tp->link[j] = -1;
		for (size_t k = 0; k < pg->lines.n && tp->link[j] < 0; k++) {
			const struct placed_line *pl = &pg->lines.v[k];
			if (pl->role == LR_TOC && pl->frame == lk->frame &&
			    pl->baseline >= lk->block_top && pl->baseline <= lk->block_bottom) {
				tp->link[j] = tp->line[k].elem;
				tp->link_line[j] = k;
			}
		}
	}
	b->loose = -1;
	free(placed);
}

void
tags_build(struct tag_tree *t, const struct pages *pages, int vertical)
{
	struct builder b;

	memset(t, 0, sizeof(*t));
	memset(&b, 0, sizeof(b));
	b.t = t;
	b.pages = pages;
	b.toc = b.toci = b.loose = b.cover = -1;
	t->npages = pages->n;
	t->pages = xcalloc(pages->n + 1, sizeof(*t->pages));
	tags_add_elem(t, -1, "Document");
	t->elems.v[0].vertical = vertical;
	for (size_t p = 0; p < pages->n; p++)
		build_page(&b, p);
	map_free(&b.blocks);
	map_free(&b.figures);
	for (size_t i = 0; i < b.fig.n; i++) {
		map_free(&b.fig.v[i].rows);
		map_free(&b.fig.v[i].cells);
		VEC_FREE(b.fig.v[i].cell_page);
		VEC_FREE(b.fig.v[i].cell_elem);
	}
	VEC_FREE(b.fig);
	VEC_FREE(b.notes);
}

/* Sort by order, then by position: qsort is not stable. */
struct sort_item {
	int order;
	size_t at;
	struct tag_kid kid;
};

static int
by_order(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

void
tags_sort(struct tag_tree *t)
{
	for (size_t i = 0; i < t->elems.n; i++) {
		struct tag_elem *e = &t->elems.v[i];
		if (!e->sorted || e->kids.n < 2)
			continue;
		struct sort_item *s = xcalloc(e->kids.n, sizeof(*s));
		for (size_t k = 0; k < e->kids.n; k++) {
			s[k].kid = e->kids.v[k];
			s[k].at = k;
			s[k].order = e->kids.v[k].kind == KID_ELEM ?
			    t->elems.v[e->kids.v[k].elem].order : 0;
		}
		qsort(s, e->kids.n, sizeof(*s), by_order);
		for (size_t k = 0; k < e->kids.n; k++)
			e->kids.v[k] = s[k].kid;
		free(s);
	}
}

/* Kids [from, to) of an element's (taken from it) become kids of g. */
static void
move_kids(struct tag_tree *t, const struct tag_kid *kids, size_t from, size_t to, int g)
{
	for (size_t k = from; k < to; k++) {
		struct tag_kid kid = kids[k];
		if (kid.kind == KID_ELEM)
			t->elems.v[kid.elem].parent = g;
		else if (kid.kind == KID_MCID)
			t->pages[kid.page].mcid_owner.v[kid.n] = g;
		push_kid(&t->elems.v[g], kid);
	}
}

void
tags_group_kids(struct tag_tree *t, size_t max)
{
	/* groups made here are checked in turn: the bound is read each time */
	for (size_t i = 0; i < t->elems.n; i++) {
		size_t n = t->elems.v[i].kids.n;
		if (n <= max)
			continue;
		const char *type = t->elems.v[i].type;
		struct tag_kid *kids = t->elems.v[i].kids.v;
		int parent = t->elems.v[i].parent;
		if ((strcmp(type, "TBody") == 0 || strcmp(type, "THead") == 0) && parent >= 0) {
			/* rows go on in more bodies after this one (the last kid of
			 * its sorted table) */
			t->elems.v[i].kids.n = max;
			for (size_t a = max; a < n; a += max) {
				int g = tags_add_elem(t, parent, type);
				move_kids(t, kids, a, a + max < n ? a + max : n, g);
				kids = t->elems.v[i].kids.v;
			}
			continue;
		}
		/* the Document's kids in sections, a long contents in contents,
		 * the rest in spans */
		const char *group = strcmp(type, "Document") == 0 ? "Div" :
		    strcmp(type, "TOC") == 0 ? "TOC" : "Span";
		memset(&t->elems.v[i].kids, 0, sizeof(t->elems.v[i].kids));
		for (size_t a = 0; a < n; a += max) {
			int g = tags_add_elem(t, (int)i, group);
			t->elems.v[g].vertical = t->elems.v[i].vertical;
			t->elems.v[g].group = 1;
			move_kids(t, kids, a, a + max < n ? a + max : n, g);
		}
		free(kids);
	}
}

void
tags_free(struct tag_tree *t)
{
	for (size_t i = 0; i < t->elems.n; i++)
		VEC_FREE(t->elems.v[i].kids);
	VEC_FREE(t->elems);
	for (size_t p = 0; p < t->npages; p++) {
		free(t->pages[p].line);
		free(t->pages[p].draw);
		free(t->pages[p].link);
		free(t->pages[p].link_line);
		VEC_FREE(t->pages[p].mcid_owner);
	}
	free(t->pages);
	memset(t, 0, sizeof(*t));
}
