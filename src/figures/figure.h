/*
 * Figures: tables, charts and diagrams laid out as bands of drawing
 * commands in a box of their own (inline from the box's start, block from
 * its top), for the paginator to place and the PDF writer to draw. A table
 * may break between its bands, repeating the header bands. Built by
 * figure.c (tables), chart.c and diagram.c; called from flow.c.
 */
#ifndef FIGURE_H
#define FIGURE_H

#include "doc.h"
#include "layout.h"
#include "typeset.h"

enum draw_kind {
	DR_LINE,	/* from (x, y) by (w, h) */
	DR_ARROW,	/* a line with a head at its end */
	DR_RECT,	/* corner (x, y), size (w, h) */
	DR_TEXT		/* a composed line, inline start x, baseline y */
};

/* What a drawing is, for a reader that is not looking (the tagged PDF,
 * the HTML edition): most of a chart or diagram is read through its
 * alternative text, a table through its cells. */
enum draw_role {
	DRR_FIGURE,	/* part of a chart or diagram */
	DRR_DECOR,	/* a table's rules and header ground */
	DRR_CAPTION,	/* the figure's caption */
	DRR_CELL,	/* text of a table cell: row, col, header */
	DRR_UNIT,	/* a table's unit note （単位：…） */
	DRR_NOTE	/* a ※ note under the figure */
};

struct draw {
	enum draw_kind kind;
	enum draw_role role;
	int row, col;		/* DRR_CELL: the cell's grid position */
	int header;		/* DRR_CELL: in a header row (or the row labels) */
	fixed x, y, w, h;	/* [1/1024 pt] */
	fixed stroke;		/* line width [1/1024 pt]; 0: none */
	int fill;		/* grey level 0 (black) to 1000 (white); -1: none
				 * (DR_TEXT: -1 black, else the text's grey) */
	int dashed;
	const struct line *text;
};

struct band {
	struct draw *d;
	size_t n, cap;
	fixed height;		/* [1/1024 pt] */
	int repeat;		/* table header: repeated after a page break */
	int trailer;		/* notes under the figure: they follow its last
				 * band, never under a repeated header alone */
};

struct figure_box {
	struct band *bands;
	size_t nbands, bands_cap;
	int splittable;		/* may break between bands (tables) */
	fixed width;		/* [1/1024 pt] */
	int scale;		/* drawn at this many thousandths of its size:
				 * below 1000 when wider than its frame */
};

/* A figure too deep or too wide is drawn smaller down to this many
 * thousandths of its size; below, its text would be unreadable. */
#define FIGURE_MIN_SCALE 700
/* Down to this scale a figure too wide for its frame is drawn smaller
 * without a warning (a table of long numbers in a narrow column). */
#define FIGURE_QUIET_SCALE 850

/* Styles shared by the figure builders. */
struct figure_ctx {
	struct composer *c;
	const struct layout *l;
	const struct document *doc;
	struct arena *arena;	/* bands and draws live here */
};

/*
 * Lay out a figure at width into *out. Return 0 if composition failed
 * (reported).
 */
int figure_build(struct figure_ctx *, const struct figure_def *, fixed width,
    struct figure_box *out);

/* For the builders: append a band, a drawing, a text. */
struct band *figure_add_band(struct figure_ctx *, struct figure_box *);
struct draw *band_add(struct figure_ctx *, struct band *, enum draw_kind);
/* Compose text in one line (no wrapping) of the figure style. */
const struct line *figure_text(struct figure_ctx *, const char *, enum font_role,
    fixed size);
/* Compose text wrapped to width; return the number of lines. */
long figure_wrap(struct figure_ctx *, const char *, enum font_role, fixed size,
    fixed width, struct line **out);
/* The narrowest width at which text wraps only between phrases: the
 * width of its longest phrase, as the composer sees it. */
fixed figure_phrase_width(struct figure_ctx *, const char *, enum font_role, fixed size);
/* Add the caption band: ＜caption＞ centred. */
void figure_caption(struct figure_ctx *, struct figure_box *, const struct figure_def *);
/* Add the bands of the notes under the figure. */
int figure_notes(struct figure_ctx *, struct figure_box *, const struct figure_def *);

/* Chart and diagram builders (chart.c, diagram.c). */
/*
 * The alternative text of a figure, for a reader who cannot see it (the
 * tagged PDF's /Alt, the HTML edition's <desc>): the content's `alt`, or
 * made from the data: a chart's values as the table prints them, a tree
 * as a nested list, a timeline's bars with their years, a table's caption.
 * Caller frees.
 */
char *figure_alt(const struct figure_def *, const struct document *, int kanji);
void chart_alt(const struct figure_def *, struct strbuf *);
void diagram_alt(const struct figure_def *, const struct document *, int kanji,
    struct strbuf *);

int chart_build(struct figure_ctx *, const struct figure_def *, fixed width,
    struct figure_box *);
int diagram_build(struct figure_ctx *, const struct figure_def *, fixed width,
    struct figure_box *);

/* Distance between lines of figure text of size [1/1024 pt]. */
fixed figure_leading(fixed size);

/* Baseline of a line of size centred in a band from top of height band. */
fixed figure_baseline(struct figure_ctx *, fixed top, fixed band, fixed size);

#endif
