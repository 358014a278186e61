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
	LR_FOLIO
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

struct page {
	int folio;
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
	struct arena arena;	/* furniture lines */
};

/* Cut the flow into pages. Caller frees with pages_free(). */
struct pages *paginate(const struct flow *, const struct document *,
    const struct layout *, struct font *const fonts[FONT__COUNT]);

/* Frees the pages; accepts NULL. */
void pages_free(struct pages *);

#endif
