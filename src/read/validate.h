/*
 * Validation of the document tree against itself and the layout's fonts:
 * footnote references and numbers, policy headings, duplicate ids, glyph
 * coverage. For main.c only.
 */
#ifndef VALIDATE_H
#define VALIDATE_H

#include "doc.h"
#include "layout.h"

struct font;

/*
 * Resolve references and number footnotes in place; report every problem.
 * Return 0 if there was an error (warnings do not count).
 */
int validate_document(struct document *, const struct layout *,
    struct font *const fonts[FONT__COUNT]);

/* Font role a block's text is set in under the layout. */
enum font_role block_font(const struct layout *, const struct block *);

#endif
