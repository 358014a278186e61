/*
 * Pages: the flow cut into pages on the layout's line grid, footnotes at
 * the foot of the page that carries their reference, running heads and
 * folios. Coordinates are logical: inline from the text area's inline
 * start, block from its block start. Read by the PDF writer and the dump.
 */
#ifndef PAGINATE_H
#define PAGINATE_H

#include "flow.h"
#include "layout.h"

enum line_role {
	LR_BODY,
	LR_HEADING,
	LR_NOTE,
	LR_HEAD,	/* running head */
	LR_FOLIO,
	LR_COVER,	/* the cover's title, date and issuer */
	LR_TOC		/* an entry of the table of contents */
};

struct placed_line {
	const struct line *line;
	enum line_role role;
	fixed inline_start;	/* [1/1024 pt] */
	fixed baseline;		/* block offset of the baseline [1/1024 pt] */
	const struct block *block;	/* NULL for notes and furniture */
};

struct rule {
	fixed inline_start, inline_end, block;	/* [1/1024 pt] */
	fixed thickness;			/* [1/1024 pt] */
};

/* A drawing of a figure, shifted to its place on the page. */
struct placed_draw {
	const struct draw *d;
	fixed dx, dy;		/* inline, block offset of the figure [1/1024 pt] */
	fixed box_w;		/* the figure's width: vertical pages set it from
				 * the block-end side of its columns [1/1024 pt] */
};

/* A link area on a page to a place on another page. */
struct link {
	fixed inline_start, inline_end, block_top, block_bottom;	/* [1/1024 pt] */
	size_t target_page;	/* index into pages.v */
	fixed target_block;	/* block offset of the target [1/1024 pt] */
};

/* A bookmark: a heading and where it stands. */
struct outline_entry {
	int level;		/* 0 part/front chapter, 1 chapter, 2 section, 3 (1) */
	const char *title;	/* number and title */
	size_t page;		/* index into pages.v */
	fixed block;		/* block offset of the heading's top [1/1024 pt] */
};

struct page {
	int folio;
	int roman;		/* front matter: folio printed in roman numerals */
	int no_furniture;	/* the cover: no running head, no folio */
	struct link *links;
	size_t nlinks;
	struct placed_draw *draws;
	size_t ndraws, cap_draws;
	const char **figures;	/* ids of the figures (parts) on the page */
	size_t nfigures;
	struct placed_line *lines;
	size_t nlines, cap_lines;
	struct rule *rules;
	size_t nrules, cap_rules;
	int body_used;		/* grid lines used by the body */
	int note_grid;		/* grid lines used by the notes */
};

struct pages {
	struct page *v;
	size_t n;
	size_t nfront;		/* cover and contents before page 1 */
	struct outline_entry *outline;
	size_t noutline;
	struct arena arena;	/* furniture lines */
};

/* Cut the flow into pages. Caller frees with pages_free(). */
struct pages *paginate(const struct flow *, const struct layout *);

/*
 * Put a cover and the table of contents before the body pages, with
 * links to the headings, and collect the bookmarks. For main.c, after
 * paginate().
 */
void front_matter(struct pages *, const struct document *, const struct layout *,
    struct font *const fonts[FONT__COUNT]);

/* Add a line to a page at (inline start, baseline) [1/1024 pt]. */
void page_place_line(struct page *, const struct line *, enum line_role, fixed inl,
    fixed baseline, const struct block *);

/* Running heads and folios on every page but the cover; for front_matter(). */
void pages_furnish(struct pages *, const struct document *, const struct layout *,
    struct font *const fonts[FONT__COUNT]);

/* Frees the pages; accepts NULL. */
void pages_free(struct pages *);

#endif
