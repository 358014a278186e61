/*
 * Cross-references: the numbers of headings set into paragraph text at
 * composition time, so that the text never carries a hand-typed number.
 */
#include <stdlib.h>

#include "numbering.h"
#include "xref.h"

void
xref_label(const struct xref *x, int kanji_numerals, struct strbuf *out)
{
	if (x->target != NULL)
		heading_label(x->target, kanji_numerals, out);
}

/* Whether a srcpos comes before another in the same file. */
static int
pos_before(const struct srcpos *a, const struct srcpos *b)
{
	return a->line < b->line || (a->line == b->line && a->col < b->col);
}

static char *
expand(const struct block *b, int kanji_numerals, int marked, size_t *marks)
{
	size_t nmarks = marks != NULL ? b->nrefs : 0;
	const char *text = b->text != NULL ? b->text : "";	/* figures have none */
	struct strbuf out = {0};
	size_t at = 0;
	size_t *grown = xcalloc(nmarks ? nmarks : 1, sizeof(*grown));

	for (size_t r = 0; r < b->nxrefs; r++) {
		const struct xref *x = &b->xrefs[r];

		sb_add(&out, text + at, x->offset - at);
		at = x->offset;
		size_t start = out.len;
		if (marked)
			sb_puts(&out, "[@");
		xref_label(x, kanji_numerals, &out);
		if (marked)
			sb_puts(&out, "]");
		/* a mark written just before the reference stays before its number */
		for (size_t k = 0; k < nmarks; k++)
			if (marks[k] > x->offset || (marks[k] == x->offset &&
			    (k >= b->nrefs || !pos_before(&b->refs[k].pos, &x->pos))))
				grown[k] += out.len - start;
	}
	sb_puts(&out, text + at);
	for (size_t k = 0; k < nmarks; k++)
		marks[k] += grown[k];
	free(grown);
	return out.s;
}

char *
xref_expand(const struct block *b, int kanji_numerals, size_t *marks)
{
	return expand(b, kanji_numerals, 0, marks);
}

char *
xref_expand_marked(const struct block *b, size_t *marks)
{
	return expand(b, 0, 1, marks);
}
