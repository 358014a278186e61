/*
 * Checks that run on every build, each a function over the tree:
 * references, ids, then coverage of every character by its font
 * (libharu silently draws a boxed X for a missing glyph).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "font.h"
#include "load.h"
#include "number.h"
#include "validate.h"
#include "xref.h"

/* 10^15: a double holds every integer of up to 15 digits exactly. */
#define CHART_EXACT_MAX 1000000000000000LL
/* One message per block is enough to find the text; more is noise. */
#define COVERAGE_MAX_PER_TEXT 8
/* The longest string the PDF library writes (HPDF_LIMIT_MAX_STRING_LEN):
 * the title, issuer and subject go into the PDF's metadata as UTF-8. */
#define PDF_STRING_MAX 65535

enum font_role
block_font(const struct layout *l, const struct block *b)
{
	if (b->kind >= BK_PARAGRAPH)
		return l->body.font;
	return l->heading[b->kind].font;
}

/* The names a document defines, each found in constant time. */
struct names {
	struct strmap notes;	/* label -> index in doc->notes */
	struct strmap ids;	/* block id -> index of its first block */
	struct strmap items;	/* series item id -> index of its first block */
	struct strmap figures;	/* figure id -> index of its first definition */
};

static void
names_index(struct names *nm, const struct document *doc)
{
	memset(nm, 0, sizeof(*nm));
	for (size_t j = 0; j < doc->nnotes; j++)
		strmap_add(&nm->notes, doc->notes[j].label, j, NULL);
	for (size_t j = 0; j < doc->nblocks; j++)
		if (doc->blocks[j].id != NULL) {
			strmap_add(&nm->ids, doc->blocks[j].id, j, NULL);
			if (doc->blocks[j].kind == BK_SERIES_ITEM)
				strmap_add(&nm->items, doc->blocks[j].id, j, NULL);
		}
	for (size_t j = 0; j < doc->nfigures; j++)
		strmap_add(&nm->figures, doc->figures[j].id, j, NULL);
}

static void
names_free(struct names *nm)
{
	strmap_free(&nm->notes);
	strmap_free(&nm->ids);
	strmap_free(&nm->items);
	strmap_free(&nm->figures);
}

static int
check_footnotes(struct document *doc, const struct names *nm)
{
	int ok = 1, next = 1;

	for (size_t i = 0; i < doc->nblocks; i++) {
		struct block *b = &doc->blocks[i];
		if (BK_IS_HEADING(b->kind) && b->nrefs > 0) {
			diag(SEV_ERROR, &b->refs[0].pos,
			    "a footnote reference cannot stand in a heading");
			ok = 0;
			continue;
		}
		if (b->kind == BK_PARAGRAPH && b->nxrefs == 0 &&
		    b->text[strspn(b->text, " \t\n")] == '\0') {
			diag(SEV_ERROR, &b->pos, "empty paragraph");
			ok = 0;
			continue;
		}
		for (size_t r = 0; r < b->nrefs; r++) {
			struct fnref *ref = &b->refs[r];
			size_t j;
			if (!strmap_get(&nm->notes, ref->label, &j)) {
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
check_ids(struct document *doc, const struct names *nm)
{
	int ok = 1;

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		size_t j;
		if (b->id == NULL || !strmap_get(&nm->ids, b->id, &j) || j == i)
			continue;
		diag(SEV_ERROR, &b->pos, "duplicate id '%s' (first at %s:%d:%d)",
		    b->id, doc->blocks[j].pos.file, doc->blocks[j].pos.line,
		    doc->blocks[j].pos.col);
		ok = 0;
	}
	return ok;
}

/* Each [@id] must name a heading that prints a number. */
static int
resolve_xrefs(struct document *doc, const struct names *nm)
{
	int ok = 1;

	for (size_t i = 0; i < doc->nblocks; i++) {
		struct block *b = &doc->blocks[i];
		if (BK_IS_HEADING(b->kind) && b->nxrefs > 0) {
			/* titles are also set in the contents, bookmarks and diagrams */
			diag(SEV_ERROR, &b->xrefs[0].pos,
			    "a cross-reference cannot stand in a heading");
			ok = 0;
			continue;
		}
		for (size_t r = 0; r < b->nxrefs; r++) {
			struct xref *x = &b->xrefs[r];
			const struct block *t = NULL;
			size_t j;
			if (strmap_get(&nm->ids, x->id, &j))
				t = &doc->blocks[j];
			if (t == NULL) {
				diag(SEV_ERROR, &x->pos, "cross-reference to undefined id '%s'", x->id);
				ok = 0;
			} else if (t->number == 0) {
				diag(SEV_ERROR, &x->pos,
				    "cross-reference to '%s', an unnumbered %s (%s:%d:%d)",
				    x->id, block_kind_name(t->kind), t->pos.file, t->pos.line,
				    t->pos.col);
				ok = 0;
			} else
				x->target = t;
		}
	}
	return ok;
}

static int
resolve_policies(struct document *doc, const struct names *nm)
{
	int ok = 1;

	for (size_t i = 0; i < doc->nblocks; i++) {
		struct block *b = &doc->blocks[i];
		size_t j;
		if (b->policy == NULL)
			continue;
		if (!strmap_get(&nm->items, b->policy, &j)) {
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
		if (cp == '[' && (n->str[i + 1] == '^' || n->str[i + 1] == '@')) {
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

static struct figure_def *
find_figure(struct document *doc, const struct names *nm, const char *id)
{
	size_t i;

	return strmap_get(&nm->figures, id, &i) ? &doc->figures[i] : NULL;
}

/* Add the cell's number to *sum; 0 if the sum overflows. */
static int
add_cell(struct decimal *sum, const struct cell *c)
{
	struct decimal d;

	if (c == NULL || !c->is_number)
		return 1;
	d.units = c->exact;
	d.decimals = c->decimals;
	return decimal_add(sum, *sum, d);
}

/* Whether the total cell equals sum; report it if not. */
static int
check_total(const struct figure_def *f, const struct cell *total, struct decimal sum,
    int overflow, const char *what)
{
	struct decimal d = { total->exact, total->decimals };
	struct strbuf sb = {0};

	if (!overflow && decimal_cmp(sum, d) == 0)
		return 1;
	if (overflow)
		sb_puts(&sb, "too large to add up");
	else
		number_format(&sb, sum, total->negative_minus ? NEG_MINUS : NEG_TRIANGLE);
	diag(SEV_ERROR, &total->pos, "total %s of %s in table '%s' is not the sum of %s (%s)",
	    total->text, what, f->id,
	    strncmp(what, "row", 3) == 0 ? "its parts" : "the rows above", sb.s);
	sb_free(&sb);
	return 0;
}

/*
 * Declared totals must equal the sums of their parts, to the last digit:
 * exact decimals, on the grid with the spans resolved (a cell spanning
 * rows counts once, in the row where it starts).
 */
static int
check_sums(const struct figure_def *f)
{
	const struct table_def *t = &f->u.table;
	size_t first = t->nheader, last = t->nrows - 1;
	int ok = 1;

	if (t->nrows <= t->nheader)
		return 1;
	if (t->sum_last_col)
		for (size_t r = first; r < t->nrows; r++) {
			const struct cell *total = table_cell_at(t, r, t->ncols - 1);
			struct decimal sum = { 0, 0 };
			int overflow = 0;
			if (total == NULL || !total->is_number)
				continue;
			for (int c = 1; c < t->ncols - 1; c++)
				if (!add_cell(&sum, table_cell_at(t, r, c)))
					overflow = 1;
			const struct cell *label = table_cell_covering(t, r, 0);
			struct strbuf what = {0};
			sb_printf(&what, "row '%s'", label && label->text ? label->text : "");
			if (!check_total(f, total, sum, overflow, what.s))
				ok = 0;
			sb_free(&what);
		}
	if (t->sum_last_row && last > first)
		for (int c = 1; c < t->ncols; c++) {
			const struct cell *total = table_cell_at(t, last, c);
			struct decimal sum = { 0, 0 };
			int overflow = 0;
			if (total == NULL || !total->is_number)
				continue;
			for (size_t r = first; r < last; r++)
				if (!add_cell(&sum, table_cell_at(t, r, c)))
					overflow = 1;
			struct strbuf what = {0};
			sb_printf(&what, "column %d", c + 1);
			if (!check_total(f, total, sum, overflow, what.s))
				ok = 0;
			sb_free(&what);
		}
	return ok;
}

static int
check_chart(struct document *doc, const struct names *nm, struct figure_def *f)
{
	struct chart_def *c = &f->u.chart;
	struct figure_def *t = find_figure(doc, nm, c->table);

	if (t == NULL || t->kind != FIG_TABLE) {
		diag(SEV_ERROR, &f->pos, "chart '%s' draws from '%s', which is no table",
		    f->id, c->table);
		return 0;
	}
	c->data = t;
	const struct table_def *td = &t->u.table;
	if (c->first_col < 1 || c->last_col >= td->ncols || c->first_col > c->last_col ||
	    c->target_col >= td->ncols) {
		diag(SEV_ERROR, &f->pos, "chart '%s': columns %d-%d lie outside table '%s' (1-%d)",
		    f->id, c->first_col, c->last_col, t->id, td->ncols - 1);
		return 0;
	}
	/* a chart computes in doubles: exact to 15 digits; beyond, its labels
	 * and totals would print other numbers than the table */
	for (size_t r = td->nheader; r < td->nrows; r++)
		for (int col = c->first_col; col <= c->last_col + 1; col++) {
			int k = col <= c->last_col ? col : c->target_col;
			const struct cell *ce = k > 0 ? table_cell_at(td, r, k) : NULL;
			if (ce == NULL || !ce->is_number ||
			    (ce->exact < CHART_EXACT_MAX && ce->exact > -CHART_EXACT_MAX))
				continue;
			diag(SEV_ERROR, &ce->pos, "chart '%s' draws this number, which has more "
			    "than 15 digits: a chart holds 15 exactly", f->id);
			return 0;
		}
	if (c->kind == CHART_TREND) {
		size_t r;
		for (r = td->nheader; r < td->nrows; r++)
			if (td->rows[r][0].text != NULL && strcmp(td->rows[r][0].text, c->row) == 0)
				break;
		if (r == td->nrows) {
			diag(SEV_ERROR, &f->pos, "chart '%s': table '%s' has no row '%s'",
			    f->id, t->id, c->row);
			return 0;
		}
	}
	return 1;
}

/* Report characters of a generated or unpositioned text that the font lacks. */
static int
check_plain_coverage(const char *s, const struct srcpos *pos, struct font *font)
{
	size_t len = strlen(s), i = 0, k;
	uint32_t cp;

	while (i < len && (k = utf8_decode(s + i, len - i, &cp)) > 0) {
		if (cp >= 0x20 && !font_has_glyph(font, cp)) {
			diag(SEV_ERROR, pos, "character U+%04X '%.*s' is not in the font (%s)",
			    cp, (int)k, s + i, font_path(font));
			return 0;
		}
		i += k;
	}
	return 1;
}

static int
check_node_coverage(const struct diagram_node *n, struct font *font)
{
	int ok = n->text == NULL || check_plain_coverage(n->text, &n->pos, font);

	for (size_t i = 0; i < n->nkids; i++)
		if (!check_node_coverage(&n->kids[i], font))
			ok = 0;
	return ok;
}

static int
check_figures(struct document *doc, const struct names *nm, const struct layout *l,
    struct font *const fonts[FONT__COUNT])
{
	struct font *body = fonts[l->body.font];
	int ok = 1;

	for (size_t i = 0; i < doc->nfigures; i++) {
		struct figure_def *f = &doc->figures[i];
		for (size_t j = 0; j < i; j++)
			if (strcmp(doc->figures[j].id, f->id) == 0) {
				diag(SEV_ERROR, &f->pos, "duplicate figure id '%s' (first at %s:%d:%d)",
				    f->id, doc->figures[j].pos.file, doc->figures[j].pos.line,
				    doc->figures[j].pos.col);
				ok = 0;
			}
		if (!check_coverage(ymap_get(f->src, "caption"), body, l, l->body.font) ||
		    !check_coverage(ymap_get(f->src, "unit"), body, l, l->body.font))
			ok = 0;
		const struct ynode *notes = ymap_get(f->src, "notes");
		for (size_t j = 0; notes != NULL && j < notes->nkids; j++)
			if (!check_coverage(notes->kids[j], body, l, l->body.font))
				ok = 0;
		switch (f->kind) {
		case FIG_TABLE:
			for (size_t r = 0; r < f->u.table.nrows; r++)
				for (size_t k = 0; k < f->u.table.ncells[r]; k++) {
					const struct cell *c = &f->u.table.rows[r][k];
					if (c->src != NULL && c->src->kind == YN_SCALAR &&
					    !check_coverage(c->src, body, l, l->body.font))
						ok = 0;
					if ((c->is_number && c->text &&
					    !check_plain_coverage(c->text, &c->pos, body)) ||
					    (c->unit && !check_plain_coverage(c->unit, &c->pos, body)) ||
					    (c->note && !check_plain_coverage(c->note, &c->pos, body)))
						ok = 0;
				}
			if (!check_sums(f))
				ok = 0;
			break;
		case FIG_CHART:
			if (!check_chart(doc, nm, f))
				ok = 0;
			break;
		case FIG_DIAGRAM:
			if (f->u.diagram.kind == DIAGRAM_TREE &&
			    !check_node_coverage(&f->u.diagram.root, body))
				ok = 0;
			for (size_t b = 0; b < f->u.diagram.nbars; b++)
				if (!check_plain_coverage(f->u.diagram.bars[b].text,
				    &f->u.diagram.bars[b].pos, body))
					ok = 0;
			if (f->u.diagram.kind == DIAGRAM_POLICY_TREE) {
				size_t j;
				for (j = 0; j < doc->nblocks; j++)
					if (doc->blocks[j].kind == BK_SERIES_ITEM && doc->blocks[j].id &&
					    strcmp(doc->blocks[j].id, f->u.diagram.policy) == 0)
						break;
				if (j == doc->nblocks) {
					diag(SEV_ERROR, &f->pos, "diagram '%s': undefined series item '%s'",
					    f->id, f->u.diagram.policy);
					ok = 0;
				}
				f->u.diagram.doc = doc;
			}
			break;
		}
	}
	for (size_t i = 0; i < doc->nblocks; i++) {
		struct block *b = &doc->blocks[i];
		if (b->kind != BK_FIGURE)
			continue;
		if ((b->figure = find_figure(doc, nm, b->figure_id)) == NULL) {
			diag(SEV_ERROR, &b->pos, "undefined figure '%s'", b->figure_id);
			ok = 0;
		} else if (b->figure->used) {
			diag(SEV_ERROR, &b->pos, "figure '%s' is placed twice", b->figure_id);
			ok = 0;
		} else
			b->figure->used = 1;
	}
	for (size_t i = 0; i < doc->nfigures; i++)
		if (!doc->figures[i].used)
			diag(SEV_WARNING, &doc->figures[i].pos, "figure '%s' is never placed",
			    doc->figures[i].id);
	return ok;
}

/*
 * Accessibility faults a reader who cannot see the page meets: a table
 * without header cells (nothing tells what its columns hold). Heading
 * levels need no check: the tagged PDF and the HTML number them by their
 * nesting (a （1） straight under a chapter is the chapter's next level),
 * so no level is ever skipped there.
 */
static void
check_accessibility(const struct document *doc)
{
	for (size_t i = 0; i < doc->nfigures; i++) {
		const struct figure_def *f = &doc->figures[i];
		if (f->kind == FIG_TABLE && f->u.table.nheader == 0)
			diag(SEV_WARNING, &f->pos, "table '%s' has no header row: a reader who "
			    "cannot see it is not told what its columns hold", f->id);
	}
}

int
validate_document(struct document *doc, const struct layout *l,
    struct font *const fonts[FONT__COUNT])
{
	int ok = 1;
	struct names nm;

	names_index(&nm, doc);
	check_accessibility(doc);
	if (!check_footnotes(doc, &nm))
		ok = 0;
	if (!check_ids(doc, &nm))
		ok = 0;
	if (!resolve_xrefs(doc, &nm))
		ok = 0;
	if (!resolve_policies(doc, &nm))
		ok = 0;
	if (!check_figures(doc, &nm, l, fonts))
		ok = 0;
	names_free(&nm);
	/* the PDF's metadata: title, author (the issuer), subject */
	const struct ynode *meta[] = { doc->printed[0], doc->printed[1], doc->subject_node };
	const char *meta_name[] = { "title", "issuer", "subject" };
	for (int i = 0; i < 3; i++) {
		size_t n = meta[i] != NULL && meta[i]->str != NULL ? meta[i]->len : 0;
		if (n <= PDF_STRING_MAX)
			continue;
		diag(SEV_ERROR, &meta[i]->pos,
		    "the %s is %zu bytes long; the PDF's metadata holds at most %d",
		    meta_name[i], n, PDF_STRING_MAX);
		ok = 0;
	}
	/* a draft's stamp and running head draw the status */
	if (!check_coverage(doc->status_node, fonts[l->running_head.font], l,
	    l->running_head.font))
		ok = 0;
	/* the cover and running heads draw these in the heading font */
	for (int i = 0; i < 3; i++)
		if (!check_coverage(doc->printed[i], fonts[l->heading[BK_PART].font], l,
		    l->heading[BK_PART].font) ||
		    !check_coverage(doc->printed[i], fonts[l->running_head.font], l,
		    l->running_head.font))
			ok = 0;
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		enum font_role r = block_font(l, b);
		if (b->policy == NULL && b->kind != BK_FIGURE &&
		    !check_coverage(b->src, fonts[r], l, r))
			ok = 0;
		/* a reference prints its number, and a series prefix, in this font */
		for (size_t x = 0; x < b->nxrefs; x++) {
			struct strbuf label = {0};
			xref_label(&b->xrefs[x], l->kanji_numerals, &label);
			if (label.len && !check_plain_coverage(label.s, &b->xrefs[x].pos, fonts[r]))
				ok = 0;
			sb_free(&label);
		}
		if (b->prefix_src != NULL && i > 0 && doc->blocks[i - 1].prefix_src == b->prefix_src)
			continue;	/* one series: its prefix checked once */
		if (b->prefix_src != NULL && !check_coverage(b->prefix_src, fonts[r], l, r))
			ok = 0;
	}
	for (size_t j = 0; j < doc->nnotes; j++)
		if (!check_coverage(doc->notes[j].src, fonts[l->note.font], l, l->note.font))
			ok = 0;
	return ok;
}
