/*
 * The PDF writer: positioned lines and rules -> PDF through libharu.
 * Sees pages, never the document tree. The only file that includes
 * <hpdf.h>. For main.c only.
 */
#ifndef PDF_H
#define PDF_H

#include "layout.h"
#include "paginate.h"

struct pdf_info {
	const char *title, *author, *subject, *creator;
	int year, month, day, hour, minute, second;	/* creation date, UTC */
};

/*
 * Write the pages to path: to a temporary file beside it, renamed over
 * path only when complete. Return 0 on failure (reported; path untouched).
 */
int pdf_write(const struct pages *, const struct layout *,
    struct font *const fonts[FONT__COUNT], const struct pdf_info *, const char *path);

#endif
