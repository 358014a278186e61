/*
 * The typeset stage: every block of the document composed into lines,
 * headings numbered in the plan's scheme, footnotes composed for the page
 * foot. Produces the flow that paginate.c cuts into pages.
 */
#ifndef FLOW_H
#define FLOW_H

#include "doc.h"
#include "layout.h"
#include "figure.h"
#include "typeset.h"

struct unit {
	const struct block *block;
	struct line *lines;
	size_t nlines;
	int grid_lines;		/* grid lines taken (headings), else nlines */
	fixed text_pitch;	/* distance between this unit's lines */
	int centered;		/* lines centred on the measure */
	int new_page;
	int is_figure;		/* a table, chart or diagram: see fig */
	struct figure_box fig;
	const char *fig_id;	/* for dumps: the figure (or first of a pair) */
	const struct figure_def *fig_def;	/* the (first) figure */
	const char *fig_alt;	/* alternative text (of both, for a pair) */
	int level;		/* headings: rank (0 part ... 5 label); figures: the
				 * rank of the section (part to （1）) they stand in */
	/* what the lines were composed from, to set them again in a frame of
	 * another measure */
	const char *text;
	struct text_mark *marks;
	size_t nmarks;
	struct compose_style style;
};

struct note_lines {
	struct line *lines;
	size_t nlines;
};

struct flow {
	const struct document *doc;
	struct font *fonts[FONT__COUNT];	/* borrowed */
	struct unit *units;
	size_t nunits;
	struct note_lines *notes;	/* by footnote index */
	size_t nnotes;
	struct arena arena;		/* lines and glyphs */
};

/*
 * Compose the document under the layout. Return NULL if composition
 * failed (reported). Caller frees with flow_free().
 */
struct flow *flow_build(const struct document *, const struct layout *,
    struct font *const fonts[FONT__COUNT], int repeat);

/*
 * Compose footnote `note` at measure into out, lines in the composer's
 * arena. Return 0 if composition failed (reported).
 */
int flow_compose_note(struct composer *, const struct layout *, const struct footnote *,
    fixed measure, struct note_lines *out);

/* Frees the flow; accepts NULL. */
void flow_free(struct flow *);

#endif
