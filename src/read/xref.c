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

/*
 * Set the labels into the text; move each footnote mark offset by what the
 * labels before it added. References and marks both stand in source order,
 * so one merge of the two lists does it (a paragraph of 20,000 of each is
 * linear).
 */
static char *
expand(const struct block *b, int kanji_numerals, int marked, size_t *marks)
{
	size_t nmarks = marks != NULL ? b->nrefs : 0;
	const char *text = b->text != NULL ? b->text : "";	/* figures have none */
	struct strbuf out = {0};
	size_t at = 0;
	size_t *added = xcalloc(b->nxrefs ? b->nxrefs : 1, sizeof(*added));

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
		added[r] = out.len - start;
	}
	sb_puts(&out, text + at);
	/* a mark written just before a reference stays before its number */
	size_t r = 0, grown = 0;
	for (size_t k = 0; k < nmarks; k++) {
		while (r < b->nxrefs && (marks[k] > b->xrefs[r].offset ||
		    (marks[k] == b->xrefs[r].offset &&
		    !pos_before(&b->refs[k].pos, &b->xrefs[r].pos))))
			grown += added[r++];
		marks[k] += grown;
	}
	free(added);
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
