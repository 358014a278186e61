/*
 * Pagination on a fixed grid: every body line takes one grid line, a
 * heading the grid lines its style gives it. A heading keeps with the
 * first lines of what follows; a part starts a page; a line whose notes do
 * not fit above the foot moves, notes and all, to the next page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "paginate.h"

/* Lines of the following paragraph that a heading keeps on its page. */
#define KEEP_WITH_NEXT_LINES 2

/* Em-box of IPAex: ascent 1802/2048 of the size above the baseline. */
#define ASCENT_NUM 1802
#define ASCENT_DEN 2048

struct pager {
	const struct layout *l;
	const struct flow *f;
	struct pages *out;
	struct page *cur;
	int *notes;		/* notes on the current page, in order */
	size_t nnotes;
	int page_has_body;
	const struct unit **pending;	/* figures floated to the next page */
	size_t npending;
};

static void break_page(struct pager *);
static void flush_pending(struct pager *);

static struct page *
new_page(struct pager *p)
{
	struct pages *o = p->out;

	o->v = xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	p->cur = &o->v[o->n++];
	memset(p->cur, 0, sizeof(*p->cur));
	p->cur->folio = (int)o->n;
	p->nnotes = 0;
	p->page_has_body = 0;
	return p->cur;
}

void
page_place_line(struct page *pg, const struct line *ln, enum line_role role, fixed inl,
    fixed baseline, const struct block *b)
{
	if (pg->nlines == pg->cap_lines) {
		pg->cap_lines = pg->cap_lines ? pg->cap_lines * 2 : 64;
		pg->lines = xrealloc(pg->lines, pg->cap_lines * sizeof(*pg->lines));
	}
	struct placed_line *pl = &pg->lines[pg->nlines++];
	pl->line = ln;
	pl->role = role;
	pl->inline_start = inl;
	pl->baseline = baseline;
	pl->block = b;
}

/* Baseline of a line of size set centred in a band starting at top. */
static fixed
baseline_in(fixed top, fixed band, fixed size)
{
	return top + (band - size) / 2 + (fixed)((int64_t)size * ASCENT_NUM / ASCENT_DEN);
}

/* Grid lines the notes area takes with the given notes. */
static int
note_grid_lines(const struct pager *p, const int *notes, size_t n, int extra)
{
	size_t lines = 0;

	for (size_t i = 0; i < n; i++)
		lines += p->f->notes[notes[i]].nlines;
	if (extra >= 0)
		lines += p->f->notes[extra].nlines;
	if (lines == 0)
		return 0;
	/* half a grid line above the rule, then the notes */
	fixed h = p->l->line_pitch / 2 + (fixed)lines * p->l->note_pitch;
	return (int)((h + p->l->line_pitch - 1) / p->l->line_pitch);
}

static int
note_on_page(const struct pager *p, int note)
{
	for (size_t i = 0; i < p->nnotes; i++)
		if (p->notes[i] == note)
			return 1;
	return 0;
}

/* Grid lines the notes take if the lines' new notes joined the page. */
static int
notes_with(const struct pager *p, const struct line *lines, size_t n)
{
	size_t k = 0, cap = p->nnotes;
	int grid;

	for (size_t i = 0; i < n; i++)
		cap += lines[i].nnotes;
	int *tmp = xmalloc((cap ? cap : 1) * sizeof(*tmp));
	for (size_t i = 0; i < p->nnotes; i++)
		tmp[k++] = p->notes[i];
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < lines[i].nnotes; j++)
			if (!note_on_page(p, lines[i].notes[j])) {
				size_t m;
				for (m = 0; m < k; m++)
					if (tmp[m] == lines[i].notes[j])
						break;
				if (m == k)
					tmp[k++] = lines[i].notes[j];
			}
	grid = note_grid_lines(p, tmp, k, -1);
	free(tmp);
	return grid;
}

static void
add_notes(struct pager *p, const struct line *ln)
{
	for (size_t j = 0; j < ln->nnotes; j++)
		if (!note_on_page(p, ln->notes[j]))
			p->notes[p->nnotes++] = ln->notes[j];
}

/* Set the current page's notes at its foot, under a short rule. */
static void
finish_page(struct pager *p)
{
	const struct layout *l = p->l;
	struct page *pg = p->cur;
	size_t lines = 0;

	if (pg == NULL)
		return;
	for (size_t i = 0; i < p->nnotes; i++)
		lines += p->f->notes[p->notes[i]].nlines;
	pg->note_grid = note_grid_lines(p, p->notes, p->nnotes, -1);
	if (lines == 0)
		return;
	fixed top = layout_area_height(l) - (fixed)lines * l->note_pitch;
	if (pg->nrules == pg->cap_rules) {
		pg->cap_rules = pg->cap_rules ? pg->cap_rules * 2 : 4;
		pg->rules = xrealloc(pg->rules, pg->cap_rules * sizeof(*pg->rules));
	}
	struct rule *r = &pg->rules[pg->nrules++];
	r->inline_start = 0;
	r->inline_end = l->note_rule;
	r->block = top - l->line_pitch / 4;
	r->thickness = PT(0.5);
	for (size_t i = 0; i < p->nnotes; i++) {
		const struct note_lines *nl = &p->f->notes[p->notes[i]];
		for (size_t k = 0; k < nl->nlines; k++) {
			page_place_line(pg, &nl->lines[k], LR_NOTE, 0,
			    baseline_in(top, l->note_pitch, l->note.size), NULL);
			top += l->note_pitch;
		}
	}
}

static void
break_page(struct pager *p)
{
	finish_page(p);
	new_page(p);
	if (p->npending > 0)
		flush_pending(p);
}

/* --- figures ------------------------------------------------------- */

static fixed
bands_height(const struct figure_box *fb, size_t b0, size_t b1)
{
	fixed h = 0;

	for (size_t i = b0; i < b1; i++)
		h += fb->bands[i].height;
	return h;
}

/* The figure's extent along the block axis: its height, or on vertical
 * pages (where figures stay upright) its width. */
static fixed
block_extent(const struct pager *p, const struct unit *u, size_t b0, size_t b1)
{
	if (p->l->mode == WM_VERTICAL)
		return u->fig.width;
	return bands_height(&u->fig, b0, b1);
}

/* Grid lines a figure part of height h takes: half a line of space around. */
static int
figure_lines(const struct pager *p, fixed h)
{
	fixed pitch = p->l->line_pitch;
	return (int)((h + pitch / 2 + pitch - 1) / pitch);
}

static int
free_lines(const struct pager *p)
{
	return p->l->lines_per_page - p->cur->body_used -
	    note_grid_lines(p, p->notes, p->nnotes, -1);
}

static void
add_figure_id(struct page *pg, const char *id)
{
	pg->figures = xrealloc(pg->figures, (pg->nfigures + 1) * sizeof(*pg->figures));
	pg->figures[pg->nfigures++] = id;
}

/* Draw bands [b0, b1) of a figure from block offset top. */
static fixed
place_bands(struct pager *p, const struct figure_box *fb, size_t b0, size_t b1,
    fixed top)
{
	struct page *pg = p->cur;
	fixed inl = (layout_measure(p->l) - fb->width) / 2;
	fixed blk = top;

	if (p->l->mode == WM_VERTICAL) {
		/* upright in its columns, centred along them */
		inl = (layout_measure(p->l) - bands_height(fb, b0, b1)) / 2;
		top = 0;
	}
	for (size_t i = b0; i < b1; i++) {
		const struct band *b = &fb->bands[i];
		for (size_t k = 0; k < b->n; k++) {
			if (pg->ndraws == pg->cap_draws) {
				pg->cap_draws = pg->cap_draws ? pg->cap_draws * 2 : 64;
				pg->draws = xrealloc(pg->draws, pg->cap_draws * sizeof(*pg->draws));
			}
			struct placed_draw *pd = &pg->draws[pg->ndraws++];
			pd->d = &b->d[k];
			pd->box_w = fb->width;
			if (p->l->mode == WM_VERTICAL) {
				pd->dx = inl + top;
				pd->dy = blk;
			} else {
				pd->dx = inl;
				pd->dy = top;
			}
		}
		top += b->height;
	}
	return p->l->mode == WM_VERTICAL ? blk : top;
}

/* Set a part of a figure of height h at the current grid line. */
static void
place_part(struct pager *p, const struct unit *u, size_t b0, size_t b1,
    const size_t *rep, size_t nrep)
{
	fixed pitch = p->l->line_pitch;
	fixed h = block_extent(p, u, b0, b1);
	for (size_t i = 0; i < nrep; i++)
		h += u->fig.bands[rep[i]].height;
	int lines = figure_lines(p, h);
	if (p->cur->body_used + lines > p->l->lines_per_page)
		diag(SEV_WARNING, &u->block->pos, "figure '%s' does not fit the page", u->fig_id);
	fixed top = p->cur->body_used * pitch + (lines * pitch - h) / 2;
	for (size_t i = 0; i < nrep; i++)
		top = place_bands(p, &u->fig, rep[i], rep[i] + 1, top);
	place_bands(p, &u->fig, b0, b1, top);
	p->cur->body_used += lines;
	p->page_has_body = 1;
	add_figure_id(p->cur, u->fig_id);
}

/*
 * A table taller than the space left: rows go on while they fit, then the
 * header rows start the next page again.
 */
static void
place_split(struct pager *p, const struct unit *u)
{
	const struct figure_box *fb = &u->fig;
	fixed pitch = p->l->line_pitch;
	size_t rep[8], nrep = 0, b0 = 0;
	size_t head_end = 0;

	for (size_t i = 0; i < fb->nbands && nrep < 8; i++)
		if (fb->bands[i].repeat) {
			rep[nrep++] = i;
			head_end = i + 1;
		}
	int first = 1;
	while (b0 < fb->nbands) {
		fixed room = free_lines(p) * pitch - pitch / 2;
		fixed h = 0;
		size_t b1 = b0;
		if (!first)
			for (size_t i = 0; i < nrep; i++)
				h += fb->bands[rep[i]].height;
		/* the caption, header and first row never part */
		size_t must = first ? (head_end > 0 ? head_end + 1 : 1) : b0 + 1;
		while (b1 < fb->nbands && (h + fb->bands[b1].height <= room || b1 < must)) {
			h += fb->bands[b1].height;
			b1++;
		}
		place_part(p, u, b0, b1, first ? NULL : rep, first ? 0 : nrep);
		b0 = b1;
		first = 0;
		if (b0 < fb->nbands) {
			finish_page(p);
			new_page(p);
		}
	}
}

/* Place a figure now if it fits, else float it to the next page's top. */
static void
place_figure(struct pager *p, const struct unit *u, int may_float)
{
	int whole = figure_lines(p, block_extent(p, u, 0, u->fig.nbands));
	int area = p->l->lines_per_page;
	/* tables break between rows only where rows stack along the block axis */
	int splittable = u->fig.splittable && p->l->mode == WM_HORIZONTAL;

	if (whole <= free_lines(p)) {
		place_part(p, u, 0, u->fig.nbands, NULL, 0);
		return;
	}
	if (may_float && p->cur->body_used > 0 && whole <= area) {
		p->pending[p->npending++] = u;
		return;
	}
	if (p->cur->body_used > 0 && !splittable) {
		while (p->cur->body_used > 0 && whole > free_lines(p))
			break_page(p);
		place_part(p, u, 0, u->fig.nbands, NULL, 0);
		return;
	}
	if (splittable) {
		/* the caption, the header and a first row start it, or a new page does */
		size_t lead = 0;
		for (size_t i = 0; i < u->fig.nbands; i++)
			if (u->fig.bands[i].repeat)
				lead = i + 1;
		if (lead < u->fig.nbands)
			lead++;
		while (p->cur->body_used > 0 &&
		    figure_lines(p, bands_height(&u->fig, 0, lead)) > free_lines(p))
			break_page(p);
		place_split(p, u);
		return;
	}
	place_part(p, u, 0, u->fig.nbands, NULL, 0);
}

/* Figures that floated go first on a new page, in their order. */
static void
flush_pending(struct pager *p)
{
	size_t n = p->npending, i;

	p->npending = 0;
	for (i = 0; i < n; i++) {
		const struct unit *u = p->pending[i];
		int whole = figure_lines(p, block_extent(p, u, 0, u->fig.nbands));
		if (whole > free_lines(p) && p->cur->body_used > 0)
			break;
		place_figure(p, u, 0);
	}
	/* what did not fit waits for the page after */
	memmove(p->pending, p->pending + i, (n - i) * sizeof(*p->pending));
	p->npending = n - i;
}

/* Grid lines that must go with unit u: itself plus what it keeps with. */
static int
keep_group(const struct pager *p, size_t u, const struct line **lines, size_t *nlines)
{
	const struct flow *f = p->f;
	int need = 0;

	*lines = NULL;
	*nlines = 0;
	while (u < f->nunits) {
		const struct unit *x = &f->units[u];
		if (x->is_figure) {
			/* a heading stays with the figure under it, if a page holds both */
			int fl = figure_lines(p, block_extent(p, x, 0, x->fig.nbands));
			if ((x->fig.splittable && p->l->mode == WM_HORIZONTAL) ||
			    need + fl > p->l->lines_per_page)
				return need + 3;
			return need + fl;
		}
		if (!BK_IS_HEADING(x->block->kind)) {
			size_t k = x->nlines < KEEP_WITH_NEXT_LINES ? x->nlines :
			    KEEP_WITH_NEXT_LINES;
			/* a paragraph of one line more would leave a lone line behind */
			if (x->nlines == KEEP_WITH_NEXT_LINES + 1)
				k = x->nlines;
			*lines = x->lines;
			*nlines = k;
			return need + (int)k;
		}
		need += x->grid_lines;
		u++;
	}
	return need;
}

static void
place_heading(struct pager *p, const struct unit *u)
{
	const struct layout *l = p->l;
	fixed top = p->cur->body_used * l->line_pitch;
	fixed band = u->grid_lines * l->line_pitch;
	fixed text_h = u->text_pitch * (fixed)u->nlines;
	fixed size = l->heading[u->block->kind].size;

	top += (band - text_h) / 2;
	for (size_t i = 0; i < u->nlines; i++) {
		const struct line *ln = &u->lines[i];
		fixed inl = u->centered ? (layout_measure(l) - ln->extent) / 2 : 0;
		page_place_line(p->cur, ln, LR_HEADING, inl,
		    baseline_in(top + u->text_pitch * (fixed)i, u->text_pitch, size), u->block);
	}
	p->cur->body_used += u->grid_lines;
}

/* Lower-case roman numerals for the front matter's folios. */
static void
roman(int n, char *buf, size_t size)
{
	static const struct { int v; const char *s; } r[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" },
		{ 100, "c" }, { 90, "xc" }, { 50, "l" }, { 40, "xl" },
		{ 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" } };
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(r) / sizeof(*r); i++)
		while (n >= r[i].v && len + strlen(r[i].s) + 1 < size) {
			strcpy(buf + len, r[i].s);
			len += strlen(r[i].s);
			n -= r[i].v;
		}
}

void
pages_furnish(struct pages *o, const struct document *doc, const struct layout *l,
    struct font *const fonts[FONT__COUNT])
{
	struct composer c;
	struct compose_style cs;

	memset(&c, 0, sizeof(c));
	memcpy(c.fonts, fonts, sizeof(c.fonts));
	c.arena = &o->arena;
	memset(&cs, 0, sizeof(cs));
	cs.measure = layout_measure(l);
	for (size_t i = 0; i < o->n; i++) {
		struct page *pg = &o->v[i];
		struct line *ln;
		char num[32];

		if (pg->no_furniture)
			continue;
		cs.font = l->folio.font;
		cs.size = l->folio.size;
		if (pg->roman)
			roman(pg->folio, num, sizeof(num));
		else
			snprintf(num, sizeof(num), "- %d -", pg->folio);
		if (compose_text(&c, num, NULL, 0, &cs, &ln) == 1)
			page_place_line(pg, ln, LR_FOLIO, (cs.measure - ln->extent) / 2,
			    layout_area_height(l) + l->folio_offset, NULL);
		cs.font = l->running_head.font;
		cs.size = l->running_head.size;
		if (compose_text(&c, doc->title, NULL, 0, &cs, &ln) == 1)
			page_place_line(pg, ln, LR_HEAD, cs.measure - ln->extent, -l->head_offset, NULL);
	}
}

struct pages *
paginate(const struct flow *f, const struct layout *l)
{
	struct pages *o = xcalloc(1, sizeof(*o));
	struct pager p;
	int area = l->lines_per_page;

	memset(&p, 0, sizeof(p));
	p.l = l;
	p.f = f;
	p.out = o;
	p.notes = xcalloc(f->nnotes + 1, sizeof(*p.notes));
	p.pending = xcalloc(f->nunits + 1, sizeof(*p.pending));
	new_page(&p);
	for (size_t ui = 0; ui < f->nunits; ui++) {
		const struct unit *u = &f->units[ui];

		if (u->is_figure) {
			/* figures keep their order: behind one that floated, all float */
			if (p.npending > 0)
				p.pending[p.npending++] = u;
			else
				place_figure(&p, u, 1);
			continue;
		}

		if (BK_IS_HEADING(u->block->kind)) {
			const struct line *kl;
			size_t kn;
			/* floated figures stay in their chapter: they get a page first */
			while (u->new_page && p.npending > 0)
				break_page(&p);
			if (u->new_page && (p.page_has_body || p.cur->body_used > 0) &&
			    !(u->block->kind == BK_CHAPTER && !p.page_has_body))
				break_page(&p);
			int need = keep_group(&p, ui, &kl, &kn);
			/* a new page may fill with floated figures: look again */
			while (p.cur->body_used > 0 &&
			    p.cur->body_used + need + notes_with(&p, kl, kn) > area)
				break_page(&p);
			place_heading(&p, u);
			continue;
		}
		for (size_t i = 0; i < u->nlines; i++) {
			const struct line *ln = &u->lines[i];
			while (p.cur->body_used > 0 &&
			    p.cur->body_used + 1 + notes_with(&p, ln, 1) > area)
				break_page(&p);
			if (p.cur->body_used == 0 && 1 + notes_with(&p, ln, 1) > area)
				diag(SEV_WARNING, &u->block->pos,
				    "the footnotes of this line do not fit on one page");
			page_place_line(p.cur, ln, LR_BODY, 0,
			    baseline_in(p.cur->body_used * l->line_pitch, l->line_pitch,
			    l->body.size), u->block);
			add_notes(&p, ln);
			p.cur->body_used++;
			p.page_has_body = 1;
		}
	}
	while (p.npending > 0)
		break_page(&p);
	finish_page(&p);
	free(p.notes);
	free(p.pending);
	return o;
}

void
pages_free(struct pages *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].lines);
		free(o->v[i].rules);
		free(o->v[i].draws);
		free(o->v[i].figures);
		free(o->v[i].links);
	}
	free(o->v);
	free(o->outline);
	arena_free(&o->arena);
	free(o);
}
