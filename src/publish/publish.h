/*
 * The accessible publication beside the PDF, from the same content: an
 * HTML edition (one self-contained file) and every table as CSV.
 */
#ifndef PUBLISH_H
#define PUBLISH_H

#include "doc.h"
#include "font.h"
#include "layout.h"

/*
 * Write the HTML edition of a validated document to path (whole or not at
 * all): headings, paragraphs, footnotes as linked notes, tables as tables,
 * charts and diagrams as inline SVG drawn by the figure builders at the
 * layout's sizes, with their alternative text. A vertical layout gives a
 * vertical (writing-mode: vertical-rl) page. Return 0 on failure (reported).
 */
int html_write(const struct document *, const struct layout *,
    struct font *const fonts[FONT__COUNT], const char *path);

/* Write dir/ID.csv for every table of a validated document. Return 0 on
 * failure (reported). */
int csv_write(const struct document *, const char *dir);

#endif
