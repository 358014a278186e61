/*
 * Pages: the flow set into the frames of each page (see frame.h): lines on
 * the layout's grid, figures where they are referenced or atop the next
 * frame, footnotes at the foot of the frame that carries their reference,
 * running heads and folios; the cover and the contents before page 1.
 * Everything is placed as (frame, inline, block). Read by the PDF writer
 * and the dump.
 */
#ifndef PAGINATE_H
#define PAGINATE_H

#include "flow.h"
#include "frame.h"
#include "layout.h"

enum line_role {
	LR_BODY,
	LR_HEADING,
	LR_NOTE,
	LR_HEAD,	/* running head */
	LR_FOLIO,
	LR_COVER,	/* the cover's title, date and issuer */
	LR_TOC,		/* an entry of the table of contents */
	LR_DRAFT	/* a draft's marks: status, date, hash, line numbers */
};

struct placed_line {
	const struct line *line;
	enum line_role role;
	int frame;		/* index into the page's frames */
	fixed inline_start;	/* [1/1024 pt] */
	fixed baseline;		/* block offset of the baseline [1/1024 pt] */
	const struct block *block;	/* NULL for notes and furniture */
	int note;		/* LR_NOTE: index of the footnote in the document */
};

struct rule {
	int frame;
	fixed inline_start, inline_end, block;	/* [1/1024 pt] */
	fixed thickness;			/* [1/1024 pt] */
};

/* A drawing of a figure, in the upright coordinates of its figure frame. */
struct placed_draw {
	const struct draw *d;
	int frame;
	fixed dy;		/* block offset of its band in the frame [1/1024 pt] */
};

/* A figure, or a part of a split table, and the frame it is drawn in. */
struct placed_figure {
	const char *id;		/* "a+b" for two charts side by side */
	int frame;
	const struct figure_def *def;	/* the (first) figure */
	const char *alt;	/* its alternative text (of both, for a pair) */
};

/* A link area on a page to a place on another page. */
struct link {
	int frame;
	fixed inline_start, inline_end, block_top, block_bottom;	/* [1/1024 pt] */
	size_t target_page;	/* index into pages.v */
	int target_frame;
	fixed target_block;	/* block offset of the target [1/1024 pt] */
};

/* A bookmark: a heading and where it stands. */
struct outline_entry {
	int level;		/* 0 part/front chapter, 1 chapter, 2 section, 3 (1) */
	const char *title;	/* number and title */
	size_t page;		/* index into pages.v */
	int frame;
	fixed block;		/* block offset of the heading's top [1/1024 pt] */
};

struct page {
	int folio;
	int roman;		/* front matter: folio printed in roman numerals */
	int no_furniture;	/* the cover: no running head, no folio */
	int no_head;		/* the contents: a folio but no running head */
	int forced_end;		/* the page before one that must start anew */
	VEC(struct frame) frames;
	VEC(struct link) links;
	VEC(struct placed_draw) draws;
	VEC(struct placed_figure) figures;	/* the figures (parts) on the page */
	VEC(struct placed_line) lines;
	VEC(struct rule) rules;
	int body_lines;		/* grid lines of text and figures set */
	int capacity;		/* grid lines the text frames hold */
	int fill;		/* thousandths of the text block set */
};

struct pages {
	struct page *v;
	size_t n;
	size_t nfront;		/* cover and contents before page 1 */
	struct outline_entry *outline;
	size_t noutline;
	struct arena arena;	/* lines composed while paging */
};

/* Cut the flow into pages. Caller frees with pages_free(). */
struct pages *paginate(const struct flow *, const struct layout *);

/*
 * Put a cover and the table of contents before the body pages, with
 * links to the headings, then the running heads and folios. For main.c,
 * after paginate().
 */
void front_matter(struct pages *, const struct document *, const struct layout *,
    struct font *const fonts[FONT__COUNT]);

/* Add a frame to a page; return its index. */
int page_add_frame(struct page *, const struct frame *);

/* Add a line to frame `frame` of a page at (inline start, baseline) [1/1024 pt]. */
void page_place_line(struct page *, int frame, const struct line *, enum line_role,
    fixed inl, fixed baseline, const struct block *);

/* Baseline of a line of size in font set centred in a band of the block
 * axis from top [1/1024 pt]. */
fixed line_baseline(const struct font *, fixed top, fixed band, fixed size);

/* Running heads and folios on every page but the cover; for front_matter(). */
void pages_furnish(struct pages *, const struct document *, const struct layout *,
    struct font *const fonts[FONT__COUNT]);

/* Frees the pages; accepts NULL. */
void pages_free(struct pages *);

#endif
