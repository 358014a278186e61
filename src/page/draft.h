/*
 * Draft editions (素案, 案) for public comment: marks added to pages made
 * up exactly as the final edition's, so that every line and page break of
 * the draft is the final one's.
 */
#ifndef DRAFT_H
#define DRAFT_H

#include <stdint.h>

#include "paginate.h"

struct draft_marks {
	const char *status;	/* the stamp's word: 素案, 案 */
	uint64_t content_hash;	/* of every content file, in reading order */
};

/*
 * Put on every page a stamp with the status; in every running head the
 * status, the revision date and a short hash of the content; beside the
 * text block the number of every fifth line of text on the page.
 */
void pages_mark_draft(struct pages *, const struct document *, const struct layout *,
    struct font *const fonts[FONT__COUNT], const struct draft_marks *);

#endif
