/*
 * Japanese line composition: text -> justified lines of positioned glyphs
 * along the inline axis (JLREQ: kinsoku, punctuation compression, 和欧間,
 * inter-character stretching). Knows nothing of pages or of the PDF.
 * For the paginator and the unit tests.
 */
#ifndef TYPESET_H
#define TYPESET_H

#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "util.h"

struct font;

/* How a glyph stands in vertical writing; horizontal lines use GO_UPRIGHT. */
enum glyph_orient {
	GO_UPRIGHT,		/* upright in its cell (vertical forms where they exist) */
	GO_ROTATED,		/* turned 90° clockwise: Latin, ー, ～ */
	GO_TCY			/* 縦中横: digits set across the column in one cell */
};

/* One glyph placed on a line. */
struct glyph {
	uint32_t cp;		/* the character, as text extraction returns it */
	uint32_t show;		/* the code drawn: a vertical presentation form
				 * of cp where the font has one, else cp */
	uint8_t font;		/* enum font_role */
	uint8_t is_mark;	/* raised footnote reference digit */
	uint8_t orient;		/* enum glyph_orient */
	fixed cross;		/* vertical: offset across the column from its
				 * centre line, for 縦中横 digits and small kana */
	fixed size;		/* [1/1024 pt] */
	fixed pos;		/* origin, from the line's inline start [1/1024 pt] */
	fixed adv;		/* advance as the viewer applies it [1/1024 pt] */
	fixed rise;		/* shift against the block direction [1/1024 pt] */
};

struct line {
	struct glyph *g;
	size_t n;
	int *notes;		/* footnotes referenced on this line */
	size_t nnotes;
	fixed extent;		/* inline end of the last glyph [1/1024 pt] */
	fixed measure;		/* the line's measure [1/1024 pt] */
	int last;		/* last line of its paragraph (not justified) */
	int weak_break;		/* composed with phrases, it ends where no
				 * phrase ends (a phrase longer than the
				 * measure), nor a number before its unit */
};

/* A footnote reference mark to insert into a text. */
struct text_mark {
	size_t offset;		/* byte offset of the text it follows */
	int note;		/* footnote index, reported per line */
	int number;		/* the number printed */
};

struct compose_style {
	enum font_role font;
	fixed size;		/* [1/1024 pt] */
	fixed measure;		/* line length [1/1024 pt] */
	fixed indent_first;	/* first line indent [1/1024 pt] */
	fixed indent_rest;	/* indent of the other lines [1/1024 pt] */
	int justify;		/* justify all lines but the last */
	int vertical;		/* 縦書き: 縦中横, rotated Latin, upright CJK */
	int phrases;		/* break at phrase boundaries where one fits */
	const fixed *measures;	/* optional: the length of each line, the last
				 * one for the rest (a paragraph that runs into
				 * shorter columns) [1/1024 pt] */
	size_t nmeasures;
};

struct composer {
	struct font *fonts[FONT__COUNT];
	struct arena *arena;	/* receives the lines and glyphs */
	int vertical;		/* front matter: set its lines vertically */
};

/*
 * Break and justify one text into lines. Return the number of lines and
 * set *out to an array of them in the composer's arena; 0 for an empty
 * text. Return -1 if ICU failed (reported).
 */
long compose_text(struct composer *, const char *text,
    const struct text_mark *, size_t nmarks, const struct compose_style *,
    struct line **out);

/*
 * The widest stretch of text between two line-break opportunities, set
 * without adjustment [1/1024 pt]: a measure below it would cut a word or
 * a number (12345678) where no break is allowed.
 */
fixed compose_unbreakable_width(struct composer *, const char *text, enum font_role,
    fixed size);

/* Inline advance of a whole string set without adjustment [1/1024 pt]. */
fixed compose_width(struct composer *, const char *text, enum font_role, fixed size);

#endif
