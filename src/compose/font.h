/*
 * Font files through FreeType: glyph coverage and advance widths, measured
 * the way the PDF viewer will advance (the /W array in 1/1000 em).
 * The only file that includes FreeType headers is font.c.
 */
#ifndef FONT_H
#define FONT_H

#include <stdint.h>

#include "util.h"

struct font;

/* Open a TrueType font; report and return NULL on failure. */
struct font *font_open(const char *path);

/* Free the font; accepts NULL. */
void font_close(struct font *);

/* Whether the font has a glyph for cp (characters above U+FFFF: no). */
int font_has_glyph(struct font *, uint32_t cp);

/* Advance of cp in 1/1000 em, truncated as libharu writes /W. */
int font_width(struct font *, uint32_t cp);

/* Advance of cp at size (1/1024 pt). */
fixed font_advance(struct font *, uint32_t cp, fixed size);

/* Height of the em box above the baseline at size (1/1024 pt): the one
 * place that knows where a line's baseline sits in its cell. */
fixed font_ascent(const struct font *, fixed size);

const char *font_path(const struct font *);

#endif
