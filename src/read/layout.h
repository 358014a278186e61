/*
 * Page layouts: the YAML files in layouts/ and the font roles of
 * fonts/fonts.yaml. Read by main.c; used by the typesetter, paginator and
 * PDF writer. Lengths in 1/1024 pt.
 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include "doc.h"
#include "util.h"

enum writing_mode {
	WM_HORIZONTAL,		/* 横書き: lines top to bottom, text left to right */
	WM_VERTICAL		/* 縦書き: columns right to left */
};

enum font_role {
	FONT_MINCHO,
	FONT_GOTHIC,
	FONT__COUNT
};

struct text_style {
	enum font_role font;
	fixed size;		/* [1/1024 pt] */
	int lines;		/* grid lines a heading takes at least */
	int new_page;		/* a heading that starts a new page */
};

struct layout {
	const char *path;
	const char *name;
	enum writing_mode mode;
	fixed page_width, page_height;	/* [1/1024 pt] */
	fixed margin_top;		/* page edge to text area [1/1024 pt] */
	struct text_style body;
	int chars_per_line;		/* of one column */
	int columns;			/* 段: columns side by side, or tiers */
	fixed column_gap;		/* between columns or tiers [1/1024 pt] */
	int lines_per_page;
	fixed line_pitch;		/* baseline to baseline [1/1024 pt] */
	struct text_style heading[BK__COUNT];	/* for heading kinds */
	struct text_style note;
	fixed note_pitch;		/* [1/1024 pt] */
	fixed note_rule;		/* length of the rule above notes */
	struct text_style folio;
	fixed folio_offset;		/* text area foot to folio baseline */
	struct text_style figure;	/* text in tables, charts, diagrams */
	struct text_style caption;	/* captions of figures */
	struct text_style cover;	/* the title on the cover */
	struct text_style running_head;
	fixed head_offset;		/* head baseline to text area top */
	char *font_path[FONT__COUNT];
	int kanji_numerals;		/* headings numbered 第一章, 一, （一） */
	struct arena arena;
};

/* Text area extents derived from the grid [1/1024 pt]: one column's
 * measure, the depth of the lines, all columns and gaps across. */
fixed layout_measure(const struct layout *);
fixed layout_area_height(const struct layout *);
fixed layout_across(const struct layout *);

/*
 * Read a layout file and the font roles file it names. Report every error;
 * return NULL if there was one. Caller frees with layout_free().
 */
struct layout *layout_load(const char *path);

/* Frees the layout; accepts NULL. */
void layout_free(struct layout *);

const char *font_role_name(enum font_role);

#endif
