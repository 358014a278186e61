/*
 * Cross-references [@id] to numbered headings: what a reference prints,
 * and a paragraph's text with those numbers in place. For validate.c
 * (glyph coverage), flow.c (composition) and dump.c.
 */
#ifndef XREF_H
#define XREF_H

#include "doc.h"

/*
 * Append what a resolved reference prints: its heading's number without
 * separator, "（1）" or with kanji numerals "（一）". Nothing if unresolved.
 */
void xref_label(const struct xref *, int kanji_numerals, struct strbuf *out);

/*
 * The block's text with each reference's number at its offset. marks, if
 * not NULL, holds b->nrefs byte offsets, those of the footnote marks of
 * b->refs: each is moved past the numbers inserted before it. Caller frees.
 */
char *xref_expand(const struct block *, int kanji_numerals, size_t *marks);

/*
 * As xref_expand, each number in the form [@（1）] (arabic numerals): the
 * tree dump shows where a reference stands and what it resolved to.
 */
char *xref_expand_marked(const struct block *, size_t *marks);

#endif
