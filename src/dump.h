/*
 * Text dumps of the document tree and of the typeset pages, so that tests
 * can check composition and pagination without reading PDF bytes.
 * For main.c only.
 */
#ifndef DUMP_H
#define DUMP_H

#include <stdio.h>

#include "doc.h"
#include "paginate.h"

/*
 * One line per block: position, kind, number, text with footnote marks as
 * [^n] and cross-references as their numbers in brackets, [@（1）].
 */
void dump_tree(FILE *, const struct document *);

/*
 * The layout's page size and grid; per page its frames (kind, writing mode, origin, measure, depth), then
 * one line per placed line: role, frame, baseline and inline start in pt,
 * extent, measure, then the text between bars with marks as [^n] and, in
 * vertical frames, each glyph's orientation.
 */
void dump_pages(FILE *, const struct pages *, const struct layout *);

#endif
