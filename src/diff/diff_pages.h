/*
 * The 新旧対照表 of a comparison as pages of the page model, for the PDF
 * writer and the dump.
 */
#ifndef DIFF_PAGES_H
#define DIFF_PAGES_H

#include "diff.h"
#include "paginate.h"

/* Pages in a horizontal page of the layout's size and fonts; free with
 * pages_free. */
struct pages *diff_pages(const struct diff *, const struct document *old_doc,
    const struct document *new_doc, const struct layout *,
    struct font *const fonts[FONT__COUNT]);

#endif
