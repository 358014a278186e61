/*
 * Checks that run on every build, each a function over the tree:
 * references, ids, then coverage of every character by its font
 * (libharu silently draws a boxed X for a missing glyph).
 */
#include <string.h>

#include "font.h"
#include "load.h"
#include "validate.h"

/* One message per block is enough to find the text; more is noise. */
#define COVERAGE_MAX_PER_TEXT 8

enum font_role
block_font(const struct layout *l, const struct block *b)
{
	if (b->kind == BK_PARAGRAPH)
		return l->body.font;
	return l->heading[b->kind].font;
}

static int
check_footnotes(struct document *doc)
{
	int ok = 1, next = 1;

	for (size_t i = 0; i < doc->nblocks; i++) {
		struct block *b = &doc->blocks[i];
		for (size_t r = 0; r < b->nrefs; r++) {
			struct fnref *ref = &b->refs[r];
			size_t j;
			for (j = 0; j < doc->nnotes; j++)
				if (strcmp(doc->notes[j].label, ref->label) == 0)
					break;
			if (j == doc->nnotes) {
				diag(SEV_ERROR, &ref->pos, "undefined footnote '%s'", ref->label);
				ok = 0;
				continue;
			}
			ref->note = (int)j;
			if (doc->notes[j].number == 0)
				doc->notes[j].number = next++;
		}
	}
	for (size_t j = 0; j < doc->nnotes; j++)
		if (doc->notes[j].number == 0)
			diag(SEV_WARNING, &doc->notes[j].pos, "footnote '%s' is never referenced",
			    doc->notes[j].label);
	return ok;
}

static int
check_ids(struct document *doc)
{
	int ok = 1;

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		if (b->id == NULL)
			continue;
		for (size_t j = 0; j < i; j++)
			if (doc->blocks[j].id != NULL && strcmp(doc->blocks[j].id, b->id) == 0) {
				diag(SEV_ERROR, &b->pos, "duplicate id '%s' (first at %s:%d:%d)",
				    b->id, doc->blocks[j].pos.file, doc->blocks[j].pos.line,
				    doc->blocks[j].pos.col);
				ok = 0;
				break;
			}
	}
	return ok;
}

static int
resolve_policies(struct document *doc)
{
	int ok = 1;

	for (size_t i = 0; i < doc->nblocks; i++) {
		struct block *b = &doc->blocks[i];
		size_t j;
		if (b->policy == NULL)
			continue;
		for (j = 0; j < doc->nblocks; j++)
			if (doc->blocks[j].kind == BK_SERIES_ITEM && doc->blocks[j].id != NULL &&
			    strcmp(doc->blocks[j].id, b->policy) == 0)
				break;
		if (j == doc->nblocks) {
			diag(SEV_ERROR, &b->src->pos, "undefined series item '%s'", b->policy);
			ok = 0;
			continue;
		}
		b->text = doc->blocks[j].text;
	}
	return ok;
}

/* Report characters of a scalar that the font lacks, at their own position. */
static int
check_coverage(const struct ynode *n, struct font *font, const struct layout *l,
    enum font_role role)
{
	size_t i = 0, k;
	uint32_t cp;
	int reported = 0;

	if (n == NULL || n->str == NULL)
		return 1;
	while (i < n->len && (k = utf8_decode(n->str + i, n->len - i, &cp)) > 0) {
		if (cp == '[' && n->str[i + 1] == '^') {
			const char *end = strchr(n->str + i, ']');
			if (end != NULL) {
				i = (size_t)(end - n->str) + 1;
				continue;
			}
		}
		if (cp >= 0x20 && !font_has_glyph(font, cp)) {
			if (reported < COVERAGE_MAX_PER_TEXT) {
				struct srcpos p = ynode_char_pos(n, i);
				diag(SEV_ERROR, &p,
				    "character U+%04X '%.*s' is not in the %s font (%s) of layout %s",
				    cp, (int)k, n->str + i, font_role_name(role),
				    font_path(font), l->path);
			}
			reported++;
		}
		i += k;
	}
	return reported == 0;
}

int
validate_document(struct document *doc, const struct layout *l,
    struct font *const fonts[FONT__COUNT])
{
	int ok = 1;

	if (!check_footnotes(doc))
		ok = 0;
	if (!check_ids(doc))
		ok = 0;
	if (!resolve_policies(doc))
		ok = 0;
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		enum font_role r = block_font(l, b);
		if (b->policy == NULL && !check_coverage(b->src, fonts[r], l, r))
			ok = 0;
	}
	for (size_t j = 0; j < doc->nnotes; j++)
		if (!check_coverage(doc->notes[j].src, fonts[l->note.font], l, l->note.font))
			ok = 0;
	return ok;
}
