/*
 * Draft marks. Everything here is added after pagination, in frames of its
 * own (FRAME_DRAFT) around the text block: the body's frames and lines are
 * those of the final edition, untouched.
 */
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "draft.h"
#include "font.h"
#include "figure.h"

/* The stamp's word and its box, in the page's top corner. */
#define STAMP_SIZE PT(11)
#define STAMP_PAD PT(3)
#define STAMP_RULE PT(0.8)
/* Line numbers: this share of the body size, at least 5 pt, half an em
 * clear of the text. */
#define LINENO_EVERY 5

static struct line *
compose_one(struct composer *c, const char *text, enum font_role font, fixed size,
    int vertical)
{
	struct compose_style cs;
	struct line *ln;

	memset(&cs, 0, sizeof(cs));
	cs.font = font;
	cs.size = size;
	cs.measure = PT(14400);	/* one line: never wrapped */
	cs.vertical = vertical;
	if (compose_text(c, text, NULL, 0, &cs, &ln) != 1)
		return NULL;
	ln->measure = ln->extent;	/* as set, for the dump */
	return ln;
}

/* The stamp: the status in a box, right-aligned over the running head. */
static void
stamp(struct pages *o, struct page *pg, struct composer *c, const struct layout *l,
    const char *status)
{
	struct frame head = frame_head(l);
	fixed size = STAMP_SIZE;
	/* room above the running head's glyphs, the box kept off the edge */
	fixed room = head.y - l->running_head.size - PT(2) - PT(4);
	if (size + 2 * STAMP_PAD > room)
		size = room - 2 * STAMP_PAD;
	if (size < PT(5))
		size = PT(5);
	struct line *ln = compose_one(c, status, l->running_head.font, size, 0);
	if (ln == NULL)
		return;
	fixed w = ln->extent + 2 * STAMP_PAD, h = size + 2 * STAMP_PAD;
	fixed top = room > h ? PT(4) + (room - h) / 2 : PT(4);
	struct frame f = { FRAME_DRAFT, 0, head.x + head.measure - w, top, w, h, 1000 };
	int fi = page_add_frame(pg, &f);
	struct draw *box = arena_alloc(&o->arena, 2 * sizeof(*box));
	box[0].kind = DR_RECT;
	box[0].w = w;
	box[0].h = h;
	box[0].stroke = STAMP_RULE;
	box[0].fill = -1;
	box[1].kind = DR_TEXT;
	box[1].x = STAMP_PAD;
	box[1].y = line_baseline(c->fonts[l->running_head.font], 0, h, size);
	box[1].fill = -1;
	box[1].text = ln;
	for (int k = 0; k < 2; k++) {
		struct placed_draw pd = { &box[k], fi, 0 };
		VEC_PUSH(pg->draws, pd);
	}
}

/* The status, date and hash at the inline start of the running head. */
static void
head_marks(struct page *pg, struct composer *c, const struct layout *l, const char *text)
{
	struct frame head = frame_head(l);
	struct line *ln = compose_one(c, text, l->running_head.font, l->running_head.size, 0);
	fixed baseline = 0, title_start = head.measure;

	if (ln == NULL)
		return;
	for (size_t i = 0; i < pg->lines.n; i++)
		if (pg->lines.v[i].role == LR_HEAD)
			title_start = pg->lines.v[i].inline_start;
	/* beside the title if it fits, else a line above it */
	if (ln->extent + l->running_head.size > title_start)
		baseline = -l->running_head.size * 3 / 2;
	head.kind = FRAME_DRAFT;
	page_place_line(pg, page_add_frame(pg, &head), ln, LR_DRAFT, 0, baseline, NULL);
}

/* Numbers of every fifth line of text, outside the text frames. */
static void
line_numbers(struct page *pg, struct composer *c, const struct layout *l)
{
	fixed size = l->body.size * 3 / 5 > PT(5) ? l->body.size * 3 / 5 : PT(5);
	fixed gap = l->body.size / 2;
	size_t nframes = pg->frames.n;
	int count = 0;

	for (size_t f = 0; f < nframes; f++) {
		if (pg->frames.v[f].kind != FRAME_TEXT)
			continue;
		struct frame tf = pg->frames.v[f];
		int numbers = -1;
		/* lines in the frame in reading order: the pager places them so */
		size_t nlines = pg->lines.n;
		for (size_t i = 0; i < nlines; i++) {
			const struct placed_line pl = pg->lines.v[i];
			if (pl.frame != (int)f || (pl.role != LR_BODY && pl.role != LR_HEADING))
				continue;
			if (++count % LINENO_EVERY != 0)
				continue;
			char num[16];
			snprintf(num, sizeof(num), "%d", count);
			struct line *ln = compose_one(c, num, l->body.font, size, tf.vertical);
			if (ln == NULL)
				continue;
			if (numbers < 0) {
				/* horizontal: left of the frame; vertical: above it */
				fixed w = tf.vertical ? size : 3 * size;
				struct frame nf = frame_sub(&tf, FRAME_DRAFT, -(gap + w), 0, w, tf.depth);
				numbers = page_add_frame(pg, &nf);
			}
			fixed w = pg->frames.v[numbers].measure;
			page_place_line(pg, numbers, ln, LR_DRAFT,
			    tf.vertical ? (w - ln->extent) / 2 : w - ln->extent, pl.baseline, NULL);
		}
	}
}

void
pages_mark_draft(struct pages *o, const struct document *doc, const struct layout *l,
    struct font *const fonts[FONT__COUNT], const struct draft_marks *m)
{
	struct composer c;
	char text[256];

	memset(&c, 0, sizeof(c));
	memcpy(c.fonts, fonts, sizeof(c.fonts));
	c.arena = &o->arena;
	/* the short hash: 8 hex digits, as a revision is named in review */
	snprintf(text, sizeof(text), "%s　%d年%d月%d日版　%08x", m->status, doc->year,
	    doc->month, doc->day, (unsigned)(m->content_hash >> 32));
	for (size_t i = 0; i < o->n; i++) {
		struct page *pg = &o->v[i];
		stamp(o, pg, &c, l, m->status);
		if (!pg->no_furniture && !pg->no_head)
			head_marks(pg, &c, l, text);
		line_numbers(pg, &c, l);
	}
}
