/* Frames of a page and the one mapping from frame to page coordinates. */
#include "frame.h"

void
frame_to_page(const struct frame *f, fixed inl, fixed blk, fixed *x, fixed *y)
{
	if (f->vertical) {
		*x = f->x - blk;
		*y = f->y + inl;
	} else {
		*x = f->x + inl;
		*y = f->y + blk;
	}
}

/* The text block on the page: left, top, width, height [1/1024 pt]. */
static void
text_block(const struct layout *l, fixed *x, fixed *y, fixed *w, fixed *h)
{
	fixed across = layout_across(l);

	*y = l->margin_top;
	if (l->mode == WM_VERTICAL) {
		*w = layout_area_height(l);
		*h = across;
	} else {
		*w = across;
		*h = layout_area_height(l);
	}
	*x = (l->page_width - *w) / 2;
}

struct frame
frame_text(const struct layout *l, int column)
{
	struct frame f = { FRAME_TEXT, l->mode == WM_VERTICAL, 0, 0, 0, 0, 1000 };
	fixed x, y, w, h, step = layout_measure(l) + l->column_gap;

	text_block(l, &x, &y, &w, &h);
	f.measure = layout_measure(l);
	f.depth = layout_area_height(l);
	if (f.vertical) {
		f.x = x + w;
		f.y = y + step * column;
	} else {
		f.x = x + step * column;
		f.y = y;
	}
	return f;
}

struct frame
frame_block(const struct layout *l, enum frame_kind kind)
{
	struct frame f = frame_text(l, 0);

	f.kind = kind;
	f.measure = layout_across(l);
	return f;
}

struct frame
frame_sub(const struct frame *f, enum frame_kind kind, fixed inl, fixed blk,
    fixed measure, fixed depth)
{
	struct frame g = *f;

	g.kind = kind;
	frame_to_page(f, inl, blk, &g.x, &g.y);
	g.measure = measure;
	g.depth = depth;
	return g;
}

/* A horizontal frame as wide as the text block: `offset` above its top
 * (head), or below its foot (foot). */
static struct frame
furniture(const struct layout *l, enum frame_kind kind, int foot, fixed offset)
{
	struct frame f = { kind, 0, 0, 0, 0, 0, 1000 };
	fixed h;

	text_block(l, &f.x, &f.y, &f.measure, &h);
	f.y += foot ? h + offset : -offset;
	return f;
}

struct frame
frame_head(const struct layout *l)
{
	return furniture(l, FRAME_HEAD, 0, l->head_offset);
}

struct frame
frame_folio(const struct layout *l)
{
	return furniture(l, FRAME_FOLIO, 1, l->folio_offset);
}

struct frame
frame_figure(const struct frame *f, fixed inl, fixed blk, fixed w, fixed h, int scale)
{
	struct frame g = { FRAME_FIGURE, 0, 0, 0, w, h, scale };

	if (f->vertical) {
		/* upright: its right edge at block offset blk */
		g.x = f->x - blk - w;
		g.y = f->y + inl;
	} else {
		frame_to_page(f, inl, blk, &g.x, &g.y);
	}
	return g;
}
