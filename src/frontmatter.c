/*
 * Front matter, made after pagination so that it can cite page numbers:
 * the cover, the table of contents (目次) with dot leaders, folios and a
 * link per entry, and the bookmarks of every heading down to （1）.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "paginate.h"

/* Width kept for the page number after the leaders, in ems. */
#define TOC_NUMBER_EMS 2

static int
outline_level(enum block_kind k, int front)
{
	switch (k) {
	case BK_PART:
		return 0;
	case BK_CHAPTER:
		return front ? 0 : 1;
	case BK_SECTION:
		return 2;
	default:
		return 3;
	}
}

/* Collect the headings down to （1）, each with its page and place. */
static void
collect(struct pages *o, const struct layout *l)
{
	size_t cap = 0;
	int front = 0;

	for (size_t i = 0; i < o->n; i++) {
		const struct page *pg = &o->v[i];
		const struct block *last = NULL;
		for (size_t k = 0; k < pg->nlines; k++) {
			const struct placed_line *pl = &pg->lines[k];
			const struct block *b = pl->block;
			if (pl->role != LR_HEADING || b == NULL || b == last ||
			    b->kind > BK_SUBSECTION)
				continue;
			last = b;
			if (b->kind == BK_CHAPTER)
				front = b->chapter_unnumbered;
			if (b->kind == BK_PART)
				front = 0;
			if (o->noutline == cap) {
				cap = cap ? cap * 2 : 64;
				o->outline = xrealloc(o->outline, cap * sizeof(*o->outline));
			}
			struct outline_entry *e = &o->outline[o->noutline++];
			char num[64];
			struct strbuf s = {0};
			heading_number(b, num, sizeof(num), l->kanji_numerals);
			sb_printf(&s, "%s%s", num, b->text);
			e->title = arena_strdup(&o->arena, s.s);
			sb_free(&s);
			e->level = outline_level(b->kind, front && b->kind != BK_PART);
			if (front && b->kind == BK_SUBSECTION)
				e->level = 1;
			e->page = i;
			e->block = pl->baseline - pl->line->g[0].size;
		}
	}
}

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

static void
cover(struct page *pg, struct composer *c, const struct document *doc,
    const struct layout *l)
{
	fixed m = layout_measure(l), h = layout_area_height(l);
	const struct line *ln;
	fixed title = l->heading[BK_PART].size * 3 / 2;

	/* the title a third down on one line, date and issuer near the foot */
	fixed tw = compose_width(c, doc->title, l->heading[BK_PART].font, title);
	if (tw > m)
		title = (fixed)((int64_t)title * m / tw);
	if ((ln = one_line(c, doc->title, l->heading[BK_PART].font, title, m)) != NULL)
		page_place_line(pg, ln, LR_COVER, (m - ln->extent) / 2, h / 3, NULL);
	if ((ln = one_line(c, doc->date_text, l->heading[BK_CHAPTER].font,
	    l->heading[BK_CHAPTER].size, m)) != NULL)
		page_place_line(pg, ln, LR_COVER, (m - ln->extent) / 2, h * 3 / 4, NULL);
	if ((ln = one_line(c, doc->issuer, l->heading[BK_PART].font,
	    l->heading[BK_PART].size, m)) != NULL)
		page_place_line(pg, ln, LR_COVER, (m - ln->extent) / 2,
		    h * 3 / 4 + 3 * l->line_pitch, NULL);
	pg->no_furniture = 1;
}

/* One contents entry: indent, title, leaders, folio flush right. */
static const struct line *
toc_entry(struct composer *c, const struct layout *l, const struct outline_entry *e,
    int folio, fixed indent)
{
	fixed m = layout_measure(l), size = l->body.size;
	enum font_role font = e->level <= 1 ? l->heading[BK_CHAPTER].font : l->body.font;
	struct strbuf s = {0};
	char num[16];

	snprintf(num, sizeof(num), "%d", folio);
	const struct line *title = one_line(c, e->title, font, size, m * 2);
	const struct line *nl = one_line(c, num, font, size, m);
	if (title == NULL || nl == NULL)
		return NULL;
	/* leaders: whole ems ending at one place for every entry, the numbers
	 * flush right in a box of TOC_NUMBER_EMS after them */
	fixed end = m - indent - TOC_NUMBER_EMS * size;
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
	return all;
}

void
front_matter(struct pages *o, const struct document *doc, const struct layout *l,
    struct font *const fonts[FONT__COUNT])
{
	struct composer c;
	int per_page = l->lines_per_page - 3;	/* the heading takes three */

	if (per_page < 1)
		per_page = 1;
	size_t ntoc = 0;

	memset(&c, 0, sizeof(c));
	memcpy(c.fonts, fonts, sizeof(c.fonts));
	c.arena = &o->arena;
	c.vertical = l->mode == WM_VERTICAL;
	collect(o, l);
	for (size_t i = 0; i < o->noutline; i++)
		if (o->outline[i].level <= 2)
			ntoc++;
	size_t toc_pages = ntoc == 0 ? 0 : (ntoc + (size_t)per_page - 1) / (size_t)per_page;
	struct page *v = insert_pages(o, 1 + toc_pages);
	cover(&v[0], &c, doc, l);
	v[0].folio = 1;
	v[0].roman = 1;

	/* the contents */
	size_t k = 0;
	for (size_t p = 0; p < toc_pages; p++) {
		struct page *pg = &o->v[1 + p];
		pg->folio = (int)(2 + p);
		pg->roman = 1;
		int line = 0;
		if (p == 0) {
			const struct line *h = one_line(&c, "目次", l->heading[BK_CHAPTER].font,
			    l->heading[BK_CHAPTER].size, layout_measure(l));
			if (h != NULL)
				page_place_line(pg, h, LR_HEADING, (layout_measure(l) - h->extent) / 2,
				    2 * l->line_pitch, NULL);
		}
		line = 3;
		for (; k < o->noutline && line < l->lines_per_page; k++) {
			const struct outline_entry *e = &o->outline[k];
			if (e->level > 2)
				continue;
			fixed indent = e->level * l->body.size;
			int folio = o->v[e->page].folio;
			const struct line *ln = toc_entry(&c, l, e, folio, indent);
			if (ln == NULL)
				continue;
			fixed base = line * l->line_pitch + (l->line_pitch - l->body.size) / 2 +
			    l->body.size * 1802 / 2048;
			page_place_line(pg, ln, LR_TOC, indent, base, NULL);
			pg->links = xrealloc(pg->links, (pg->nlinks + 1) * sizeof(*pg->links));
			struct link *lk = &pg->links[pg->nlinks++];
			lk->inline_start = indent;
			lk->inline_end = layout_measure(l);
			lk->block_top = line * l->line_pitch;
			lk->block_bottom = (line + 1) * l->line_pitch;
			lk->target_page = e->page;
			lk->target_block = e->block;
			line++;
		}
	}
	pages_furnish(o, doc, l, fonts);
}
