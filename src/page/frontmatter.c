/*
 * Front matter, made after pagination so that it can cite page numbers:
 * the cover and the table of contents (目次) with dot leaders, folios and a
 * link per entry to the headings the pager recorded. Both are pages of the
 * same model: lines placed in frames spanning the text block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "font.h"
#include "load.h"
#include "paginate.h"

/* Cover title lines are this many tenths of its size apart. */
#define COVER_LEADING_TENTHS 15

/* Contents lines close up to this many tenths of the grid to save a page. */
#define TOC_MIN_PITCH_TENTHS 8
/* Width kept for the page number after the leaders, in ems. */
#define TOC_NUMBER_EMS 2

static struct page *
insert_pages(struct pages *o, size_t n)
{
	o->v = xrealloc(o->v, (o->n + n) * sizeof(*o->v));
	memmove(o->v + n, o->v, o->n * sizeof(*o->v));
	memset(o->v, 0, n * sizeof(*o->v));
	o->n += n;
	o->nfront = n;
	for (size_t i = 0; i < o->noutline; i++)
		o->outline[i].page += n;
	return o->v;
}

static const struct line *
one_line(struct composer *c, const char *s, enum font_role font, fixed size,
    fixed measure)
{
	struct compose_style cs;
	struct line *ln;

	memset(&cs, 0, sizeof(cs));
	cs.vertical = c->vertical;
	cs.font = font;
	cs.size = size;
	cs.measure = measure;
	if (compose_text(c, s, NULL, 0, &cs, &ln) < 1)
		return NULL;
	return ln;
}

/*
 * A cover text set whole: on one line if it fits, else in as few lines as
 * it needs, each as long as the others (the narrowest measure that keeps
 * that number of lines), broken between phrases. Return the line count.
 */
static long
cover_lines(struct composer *c, const char *text, enum font_role font, fixed size,
    fixed measure, struct line **lines)
{
	struct compose_style cs;
	long n;

	memset(&cs, 0, sizeof(cs));
	cs.vertical = c->vertical;
	cs.font = font;
	cs.size = size;
	cs.measure = measure;
	cs.phrases = 1;
	n = compose_text(c, text, NULL, 0, &cs, lines);
	if (n > 1) {
		fixed lo = measure / n, hi = measure;
		while (hi - lo > size / 8) {
			cs.measure = lo + (hi - lo) / 2;
			struct line *t;
			if (compose_text(c, text, NULL, 0, &cs, &t) == n)
				hi = cs.measure;
			else
				lo = cs.measure;
		}
		cs.measure = hi;
		n = compose_text(c, text, NULL, 0, &cs, lines);
	}
	return n;
}

/* One of the cover's texts, composed, with its size and line pitch. */
struct cover_text {
	const char *text;
	const struct ynode *at;	/* for a message */
	enum font_role font;
	fixed size, pitch, top;	/* top: block offset of its first line */
	struct line *lines;
	long n;
};

/*
 * The cover: the title centred a third down, the date and the issuer from
 * three quarters down, each text whole (wrapped, never cut). When the date
 * and issuer would pass the foot they move up; if they would then meet the
 * title, the cover cannot hold them: an error, not a cut.
 */
static void
cover(struct page *pg, struct composer *c, const struct document *doc,
    const struct layout *l)
{
	struct frame f = frame_block(l, FRAME_COVER);
	int fi = page_add_frame(pg, &f);
	fixed m = f.measure, h = f.depth;
	struct cover_text t[3] = {
		{ doc->title, doc->printed[0], l->cover.font, l->cover.size, 0, 0, NULL, 0 },
		{ doc->date_text, doc->printed[2], l->heading[BK_CHAPTER].font,
		  l->heading[BK_CHAPTER].size, 0, 0, NULL, 0 },
		{ doc->issuer, doc->printed[1], l->heading[BK_PART].font,
		  l->heading[BK_PART].size, 0, 0, NULL, 0 },
	};

	pg->no_furniture = 1;
	for (int i = 0; i < 3; i++) {
		t[i].pitch = i == 0 ? t[i].size * COVER_LEADING_TENTHS / 10 : l->line_pitch;
		if (t[i].pitch < t[i].size * 5 / 4)
			t[i].pitch = t[i].size * 5 / 4;
		t[i].n = cover_lines(c, t[i].text, t[i].font, t[i].size, m, &t[i].lines);
		if (t[i].n < 0)
			return;
	}
	t[0].top = h / 3 - t[0].pitch * (fixed)t[0].n / 2;
	if (t[0].top < 0)
		t[0].top = 0;
	fixed title_end = t[0].top + t[0].pitch * (fixed)t[0].n;
	/* date, two lines' space, issuer: as a group from three quarters down */
	fixed group = t[1].pitch * (fixed)t[1].n + 2 * l->line_pitch + t[2].pitch * (fixed)t[2].n;
	t[1].top = h * 3 / 4 - t[1].pitch / 2;
	if (t[1].top + group > h)
		t[1].top = h - group;
	if (t[1].top < title_end) {
		const struct ynode *at = t[2].at != NULL ? t[2].at : t[0].at;
		struct srcpos none = { doc->path, 0, 0 };
		diag(SEV_ERROR, at != NULL ? &at->pos : &none,
		    "the cover cannot hold the title (%ld line%s), date and issuer at the "
		    "layout's sizes: shorten them", t[0].n, t[0].n == 1 ? "" : "s");
		return;
	}
	t[2].top = t[1].top + t[1].pitch * (fixed)t[1].n + 2 * l->line_pitch;
	for (int i = 0; i < 3; i++)
		for (long k = 0; k < t[i].n; k++)
			page_place_line(pg, fi, &t[i].lines[k], LR_COVER,
			    (m - t[i].lines[k].extent) / 2,
			    line_baseline(c->fonts[t[i].font], t[i].top + t[i].pitch * (fixed)k,
			    t[i].pitch, t[i].size), NULL);
}

struct toc_item;
static size_t toc_page_count(const struct toc_item *, size_t, int rows);

/* One contents entry, composed: its title in as many lines as it needs
 * (between phrases), the last with the leaders and the folio flush right. */
struct toc_item {
	const struct outline_entry *e;
	fixed indent;
	const struct line **lines;
	long n;
};

static int
toc_entry(struct composer *c, const struct layout *l, struct toc_item *it, int folio)
{
	fixed m = layout_across(l), size = l->body.size, indent = it->indent;
	enum font_role font = it->e->level <= 1 ? l->heading[BK_CHAPTER].font : l->body.font;
	struct strbuf s = {0};
	struct compose_style cs;
	struct line *tl;
	char num[16];

	snprintf(num, sizeof(num), "%d", folio);
	/* leaders: whole ems ending at one place for every entry, the numbers
	 * flush right in a box of TOC_NUMBER_EMS after them */
	fixed end = m - indent - TOC_NUMBER_EMS * size;
	memset(&cs, 0, sizeof(cs));
	cs.vertical = c->vertical;
	cs.font = font;
	cs.size = size;
	cs.measure = end - size;	/* at least one em of leaders */
	cs.phrases = 1;
	if (cs.measure < size)
		cs.measure = size;
	long n = compose_text(c, it->e->title, NULL, 0, &cs, &tl);
	const struct line *nl = one_line(c, num, font, size, m);
	if (n < 1 || nl == NULL)
		return 0;
	const struct line *title = &tl[n - 1];
	long dots = (long)((end - title->extent - size / 2) / size);
	if (dots < 0)
		dots = 0;
	for (long i = 0; i < dots; i++)
		sb_puts(&s, "…");
	const struct line *lead = dots > 0 ? one_line(c, s.s, font, size, m * 2) : NULL;
	sb_free(&s);
	size_t nlead = lead != NULL ? lead->n : 0;
	struct line *all = arena_alloc(c->arena, sizeof(*all));
	*all = *title;
	all->g = arena_alloc(c->arena, (title->n + nlead + nl->n) * sizeof(*all->g));
	memcpy(all->g, title->g, title->n * sizeof(*all->g));
	for (size_t i = 0; i < nlead; i++) {
		all->g[title->n + i] = lead->g[i];
		all->g[title->n + i].pos += end - lead->extent;
	}
	for (size_t i = 0; i < nl->n; i++) {
		all->g[title->n + nlead + i] = nl->g[i];
		all->g[title->n + nlead + i].pos += m - indent - nl->extent;
	}
	all->n = title->n + nlead + nl->n;
	all->extent = m - indent;
	all->measure = m - indent;
	it->lines = arena_alloc(c->arena, (size_t)n * sizeof(*it->lines));
	for (long i = 0; i + 1 < n; i++)
		it->lines[i] = &tl[i];
	it->lines[n - 1] = all;
	it->n = n;
	return 1;
}

/* Contents pages for the entries at `rows` lines a page (the heading
 * takes three on every page), an entry never split. */
static size_t
toc_page_count(const struct toc_item *v, size_t n, int rows)
{
	size_t pages = 0;
	int line = rows;

	for (size_t k = 0; k < n; k++) {
		if (line > 3 && line + v[k].n > rows) {
			pages++;
			line = 3;
		}
		line += (int)v[k].n;
	}
	return pages;
}

void
front_matter(struct pages *o, const struct document *doc, const struct layout *l,
    struct font *const fonts[FONT__COUNT])
{
	struct composer c;
	struct frame f = frame_block(l, FRAME_TEXT);
	size_t ntoc = 0;	/* lines of entries */
	memset(&c, 0, sizeof(c));
	memcpy(c.fonts, fonts, sizeof(c.fonts));
	c.arena = &o->arena;
	c.vertical = l->mode == WM_VERTICAL;
	/* the entries, composed before the pages are counted: a long title
	 * takes more than one line */
	VEC(struct toc_item) items = {0};
	for (size_t i = 0; i < o->noutline; i++) {
		struct toc_item it = { &o->outline[i], o->outline[i].level * l->body.size, NULL, 0 };
		if (it.e->level > 2 || !toc_entry(&c, l, &it, o->v[it.e->page].folio))
			continue;
		VEC_PUSH(items, it);
		ntoc += (size_t)it.n;
	}
	size_t toc_pages = toc_page_count(items.v, items.n, l->lines_per_page);
	/* a last contents page of a few entries: the lines close up instead,
	 * down to TOC_MIN_PITCH_TENTHS of the grid */
	fixed pitch = l->line_pitch;
	int rows = l->lines_per_page;
	if (toc_pages > 1) {
		size_t fewer = toc_pages - 1;
		int need = (int)((ntoc + fewer - 1) / fewer) + 3;
		fixed tight = f.depth / need;
		if (tight * 10 >= l->line_pitch * TOC_MIN_PITCH_TENTHS &&
		    toc_page_count(items.v, items.n, need) == fewer) {
			pitch = tight;
			rows = need;
			toc_pages = fewer;
		}
	}
	struct page *v = insert_pages(o, 1 + toc_pages);
	cover(&v[0], &c, doc, l);
	v[0].folio = 1;
	v[0].roman = 1;

	/* the contents */
	size_t k = 0;
	fixed m = f.measure;
	for (size_t p = 0; p < toc_pages; p++) {
		struct page *pg = &o->v[1 + p];
		int fi = page_add_frame(pg, &f);
		pg->folio = (int)(2 + p);
		pg->roman = 1;
		pg->no_head = 1;
		if (p == 0) {
			const struct line *h = one_line(&c, "目次", l->heading[BK_CHAPTER].font,
			    l->heading[BK_CHAPTER].size, m);
			if (h != NULL)
				page_place_line(pg, fi, h, LR_HEADING, (m - h->extent) / 2,
				    2 * pitch, NULL);
		}
		int line = 3;
		/* an entry stays on one page (a page holds at least one) */
		for (; k < items.n && (line == 3 || line + items.v[k].n <= rows); k++) {
			const struct toc_item *it = &items.v[k];
			for (long i = 0; i < it->n; i++)
				page_place_line(pg, fi, it->lines[i], LR_TOC, it->indent,
				    line_baseline(fonts[l->body.font], (line + i) * pitch, pitch,
				    l->body.size), NULL);
			struct link lk = { fi, it->indent, m, line * pitch,
				(line + (int)it->n) * pitch, it->e->page, it->e->frame, it->e->block };
			VEC_PUSH(pg->links, lk);
			line += (int)it->n;
		}
	}
	VEC_FREE(items);
	pages_furnish(o, doc, l, fonts);
}
