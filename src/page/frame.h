/*
 * The page model: a page is a list of frames, each a rectangle with an
 * origin, an inline axis, a block axis and a measure. Everything the pager
 * places (lines, figures, rules, links) is placed as (frame, inline, block);
 * frame_to_page() is the one mapping to page coordinates. For the pager,
 * the front matter, the dumps and the PDF writer.
 */
#ifndef FRAME_H
#define FRAME_H

#include "layout.h"
#include "util.h"

enum frame_kind {
	FRAME_TEXT,	/* a column (horizontal) or tier (vertical) of the text block */
	FRAME_NOTES,	/* the footnotes under a text frame */
	FRAME_FIGURE,	/* a figure's own upright box */
	FRAME_HEAD,	/* running head */
	FRAME_FOLIO,
	FRAME_COVER,	/* the cover's title area */
	FRAME_DRAFT	/* a draft's marks (draft.c), around the text block */
};

struct frame {
	enum frame_kind kind;
	int vertical;		/* inline axis down, block axis right to left */
	fixed x, y;		/* the inline-start, block-start corner, from the
				 * page's top-left corner, y down [1/1024 pt] */
	fixed measure;		/* extent along the inline axis [1/1024 pt] */
	fixed depth;		/* extent along the block axis [1/1024 pt] */
	int scale;		/* thousandths: a figure drawn smaller to fit */
};

/* Page point (from the top-left corner, y down) of a frame point. */
void frame_to_page(const struct frame *, fixed inl, fixed blk, fixed *x, fixed *y);

/*
 * The frames of a page of the layout: text frame `column` of the text
 * block (columns side by side, tiers top to bottom), and the head and folio
 * frames (always horizontal, over and under the whole text block).
 */
struct frame frame_text(const struct layout *, int column);
struct frame frame_head(const struct layout *);
/* The whole text block as one frame in the layout's writing mode (the
 * cover and the contents span every column). */
struct frame frame_block(const struct layout *, enum frame_kind);
/* A frame of f's orientation whose origin is f's point (inl, blk). */
struct frame frame_sub(const struct frame *f, enum frame_kind, fixed inl, fixed blk,
    fixed measure, fixed depth);
struct frame frame_folio(const struct layout *);

/* An upright box for a figure of width w, depth h whose top-left corner is
 * at (inl, blk) of frame f when f is horizontal; in a vertical frame the
 * box spans block offsets [blk, blk + w) from its inline offset inl; w
 * and h as drawn, its drawings at scale thousandths of their size. */
struct frame frame_figure(const struct frame *f, fixed inl, fixed blk, fixed w, fixed h,
    int scale);

#endif
