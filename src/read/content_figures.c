/*
 * The figure reader: tables.yaml, charts.yaml and diagrams.yaml -> figure
 * definitions. Checks the schema; sums and references are checked by
 * validate.c.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content_figures.h"
#include "load.h"
#include "number.h"

/* Wider tables do not fit the 40-character measure in any legible size. */
#define TABLE_MAX_COLS 16
/* More lanes of bars do not fit a page. */
#define TIMELINE_MAX_LANES 16
/* Deeper trees do not fit the measure as boxes side by side. */
#define DIAGRAM_MAX_DEPTH 4

struct reader {
	struct arena *a;
	int ok;
};

static void
fail(struct reader *r)
{
	r->ok = 0;
}

/*
 * A text of a figure (caption, cell, note, box, bar). Footnote references
 * and cross-references stand in paragraphs only: here they would print as
 * written, [^label], so they are an error at their place.
 */
static char *
figure_text(struct reader *r, const struct ynode *n)
{
	for (size_t i = 0; i + 1 < n->len; i++)
		if (n->str[i] == '[' && (n->str[i + 1] == '^' || n->str[i + 1] == '@')) {
			struct srcpos p = ynode_char_pos(n, i);
			diag(SEV_ERROR, &p, "a %s stands in a paragraph, not in a figure",
			    n->str[i + 1] == '^' ? "footnote reference" : "cross-reference");
			fail(r);
			break;
		}
	return arena_strdup(r->a, n->str);
}

/* Where each row of the table being read was written. */
typedef VEC(struct srcpos) rowpos_vec;


static int
get_span(struct reader *r, const struct ynode *m, const char *key)
{
	const struct ynode *v = ymap_get(m, key);
	int n = 1;

	if (v != NULL && !ynode_int(v, &n, key)) {
		fail(r);
		return 1;
	}
	/* a column span beyond the widest table, or a row span so long
	 * that sums of spans could overflow, is no real table */
	int most = strcmp(key, "colspan") == 0 ? TABLE_MAX_COLS : TABLE_MAX_COLS * 64;
	if (n < 1 || n > most) {
		diag(SEV_ERROR, &v->pos, "'%s' must be a number from 1 to %d", key, most);
		fail(r);
		return 1;
	}
	return n;
}

static void
parse_cell(struct reader *r, const struct ynode *n, struct cell *c)
{
	static const char *const keys[] = { "text", "value", "unit", "note",
		"colspan", "rowspan", NULL };

	memset(c, 0, sizeof(*c));
	c->pos = n->pos;
	c->src = n;
	c->colspan = c->rowspan = 1;
	if (n->kind == YN_SCALAR) {
		if (n->str == NULL || n->len == 0)
			return;
		/* a number or not: decided on the grid (settle_numbers) */
		c->text = figure_text(r, n);
		return;
	}
	if (!ynode_expect(n, YN_MAPPING, "a table cell")) {
		fail(r);
		return;
	}
	if (!ymap_check_keys(n, keys, "table cell"))
		fail(r);
	const struct ynode *t = ymap_get(n, "text"), *v = ymap_get(n, "value");
	const struct ynode *u = ymap_get(n, "unit"), *note = ymap_get(n, "note");
	if ((t == NULL) == (v == NULL)) {
		diag(SEV_ERROR, &n->pos, "a table cell needs exactly one of 'text' and 'value'");
		fail(r);
		return;
	}
	if (t != NULL) {
		if (!ynode_expect(t, YN_SCALAR, "'text' of a cell")) {
			fail(r);
			return;
		}
		c->text = figure_text(r, t);
		c->src = t;
		c->is_text = 1;
	} else {
		struct decimal d;
		int percent;
		if (v->kind != YN_SCALAR || v->str == NULL ||
		    number_parse(v->str, &d, &percent) != NUM_OK) {
			diag(SEV_ERROR, &v->pos, "'value' of a cell must be a number "
			    "(1,234 / △1,200 / -3.4 / 12.5%%)");
			fail(r);
			return;
		}
		if (percent && u != NULL) {
			diag(SEV_ERROR, &v->pos, "a cell with a 'unit' takes its value without %%");
			fail(r);
			return;
		}
		c->is_number = 1;
		c->exact = d.units;
		c->decimals = d.decimals;
		c->value = decimal_value(d);
		if (percent)
			c->unit = "%";
		c->text = arena_strdup(r->a, v->str);	/* printed in settle_numbers */
	}
	if (u != NULL) {
		if (!ynode_expect(u, YN_SCALAR, "'unit' of a cell"))
			fail(r);
		else
			c->unit = u->str;
	}
	if (note != NULL) {
		if (!ynode_expect(note, YN_SCALAR, "'note' of a cell"))
			fail(r);
		else
			c->note = figure_text(r, note);
	}
	c->colspan = get_span(r, n, "colspan");
	c->rowspan = get_span(r, n, "rowspan");
}

/* Read a list of rows into t, appending; return the number of rows. */
static size_t
parse_rows(struct reader *r, const struct ynode *seq, struct table_def *t,
    size_t *cap, rowpos_vec *pos)
{
	size_t added = 0;

	for (size_t i = 0; i < seq->nkids; i++) {
		const struct ynode *row = seq->kids[i];
		if (!ynode_expect(row, YN_SEQUENCE, "a table row")) {
			fail(r);
			continue;
		}
		if (t->nrows == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			t->rows = xrealloc(t->rows, *cap * sizeof(*t->rows));
			t->ncells = xrealloc(t->ncells, *cap * sizeof(*t->ncells));
		}
		t->rows[t->nrows] = arena_alloc(r->a, (row->nkids ? row->nkids : 1) *
		    sizeof(struct cell));
		t->ncells[t->nrows] = row->nkids;
		VEC_PUSH(*pos, row->pos);
		for (size_t k = 0; k < row->nkids; k++)
			parse_cell(r, row->kids[k], &t->rows[t->nrows][k]);
		t->nrows++;
		added++;
	}
	return added;
}

/* Copy the table's rows into the arena so that the definition owns them. */
static void
settle_rows(struct reader *r, struct table_def *t)
{
	struct cell **rows = arena_alloc(r->a, (t->nrows ? t->nrows : 1) * sizeof(*rows));
	size_t *nc = arena_alloc(r->a, (t->nrows ? t->nrows : 1) * sizeof(*nc));

	if (t->nrows) {
		memcpy(rows, t->rows, t->nrows * sizeof(*rows));
		memcpy(nc, t->ncells, t->nrows * sizeof(*nc));
	}
	free(t->rows);
	free(t->ncells);
	t->rows = rows;
	t->ncells = nc;
}

/*
 * Resolve the spans: every cell's top-left corner on the grid. The grid
 * is as wide as the header (the first row if there is none); a row of
 * another width, spans counted, is an error at the row. Return 0 after an
 * error.
 */
static int
build_grid(struct reader *r, struct table_def *t, const struct srcpos *rowpos,
    int negative_minus)
{
	int ncols = 0, ok = 1;

	for (size_t k = 0; k < t->ncells[0]; k++)
		ncols += t->rows[0][k].colspan;
	if (ncols > TABLE_MAX_COLS) {
		diag(SEV_ERROR, &rowpos[0], "a table has at most %d columns", TABLE_MAX_COLS);
		fail(r);
		return 0;
	}
	t->ncols = ncols;
	/* rows each grid column is still held by a rowspan from above */
	int held[TABLE_MAX_COLS] = {0};
	for (size_t row = 0; row < t->nrows; row++) {
		int col = 0, width = 0;
		for (int s = 0; s < ncols; s++)
			width += held[s] > 0;
		for (size_t k = 0; k < t->ncells[row]; k++) {
			struct cell *c = &t->rows[row][k];
			while (col < ncols && held[col] > 0)
				col++;
			width += c->colspan;
			c->on_grid = 1;
			c->grid_row = (int)row;
			c->grid_col = col;
			c->negative_minus = negative_minus;
			if (col + c->colspan > ncols) {
				col = ncols;
				continue;	/* too wide: reported below */
			}
			if (row + (size_t)c->rowspan > t->nrows) {
				diag(SEV_ERROR, &c->pos, "this cell spans %d rows; %zu follow from here",
				    c->rowspan, t->nrows - row);
				fail(r);
				ok = 0;
			}
			for (int dc = 0; dc < c->colspan; dc++)
				held[col + dc] = c->rowspan;
			col += c->colspan;
		}
		for (int s = 0; s < ncols; s++)
			if (held[s] > 0)
				held[s]--;
		if (width != ncols) {
			diag(SEV_ERROR, &rowpos[row],
			    "this row is %d columns wide, the %s %d (spans counted)%s", width,
			    t->nheader ? "header" : "first row", ncols,
			    width > ncols ? "; an unquoted comma in a flow row splits a cell" : "");
			fail(r);
			ok = 0;
		}
	}
	return ok;
}

/*
 * Numbers: a cell of the body right of the label column that reads as a
 * number is one (1,234 / △1,200 / -3.4 / 12.5%); header and label cells
 * stay text unless given as {value: ...}. Every number is printed in the
 * table's style.
 */
static void
settle_numbers(struct reader *r, struct table_def *t)
{

	for (size_t row = 0; row < t->nrows; row++)
		for (size_t k = 0; k < t->ncells[row]; k++) {
			struct cell *c = &t->rows[row][k];
			struct decimal d;
			int percent;
			if (!c->is_number) {
				if (c->text == NULL || c->is_text ||
				    row < t->nheader || c->grid_col == 0)
					continue;
				switch (number_parse(c->text, &d, &percent)) {
				case NUM_NOT:
					continue;
				case NUM_MALFORMED:
					diag(SEV_ERROR, &c->pos, "'%s' is no number: write 1,234,567 "
					    "(commas every three digits, at most %d digits) "
					    "or {text: ...} for text", c->text, NUMBER_MAX_DIGITS);
					fail(r);
					continue;
				case NUM_OK:
					break;
				}
				c->is_number = 1;
				c->exact = d.units;
				c->decimals = d.decimals;
				c->value = decimal_value(d);
				if (percent)
					c->unit = "%";
			}
			struct strbuf sb = {0};
			d.units = c->exact;
			d.decimals = c->decimals;
			number_format(&sb, d, c->negative_minus ? NEG_MINUS : NEG_TRIANGLE);
			c->text = arena_strdup(r->a, sb.s);
			sb_free(&sb);
		}
}

static void
parse_table(struct reader *r, const struct ynode *m, struct figure_def *f)
{
	static const char *const keys[] = { "caption", "alt", "unit", "header", "rows",
		"sums", "negative", "notes", NULL };
	struct table_def *t = &f->u.table;
	const struct ynode *v;
	size_t cap = 0;
	rowpos_vec pos = {0};
	int negative_minus = 0;

	if (!ymap_check_keys(m, keys, "table"))
		fail(r);
	if ((v = ymap_get(m, "negative")) != NULL) {
		if (v->kind == YN_SCALAR && v->str && strcmp(v->str, "minus") == 0)
			negative_minus = 1;
		else if (!(v->kind == YN_SCALAR && v->str && strcmp(v->str, "triangle") == 0)) {
			diag(SEV_ERROR, &v->pos, "'negative' of a table is triangle or minus");
			fail(r);
		}
	}
	if ((v = ymap_get(m, "unit")) != NULL) {
		if (ynode_expect(v, YN_SCALAR, "'unit' of a table"))
			t->unit = v->str;
		else
			fail(r);
	}
	if ((v = ymap_get(m, "header")) != NULL) {
		if (ynode_expect(v, YN_SEQUENCE, "'header' of a table"))
			t->nheader = parse_rows(r, v, t, &cap, &pos);
		else
			fail(r);
	}
	if ((v = ymap_get(m, "rows")) == NULL) {
		diag(SEV_ERROR, &m->pos, "missing required key 'rows' in table");
		fail(r);
	} else if (ynode_expect(v, YN_SEQUENCE, "'rows' of a table")) {
		if (v->nkids == 0) {
			diag(SEV_ERROR, &v->pos, "a table needs at least one row");
			fail(r);
		}
		parse_rows(r, v, t, &cap, &pos);
	}
	else
		fail(r);
	settle_rows(r, t);
	if ((v = ymap_get(m, "sums")) != NULL) {
		if (!ynode_expect(v, YN_SEQUENCE, "'sums' of a table"))
			fail(r);
		else
			for (size_t i = 0; i < v->nkids; i++) {
				const struct ynode *s = v->kids[i];
				if (s->kind == YN_SCALAR && s->str && strcmp(s->str, "last_row") == 0)
					t->sum_last_row = 1;
				else if (s->kind == YN_SCALAR && s->str &&
				    strcmp(s->str, "last_column") == 0)
					t->sum_last_col = 1;
				else {
					diag(SEV_ERROR, &s->pos,
					    "'sums' lists last_row and/or last_column");
					fail(r);
				}
			}
	}
	if (t->nrows > 0 && build_grid(r, t, pos.v, negative_minus))
		settle_numbers(r, t);
	VEC_FREE(pos);
}

static int
get_col(struct reader *r, const struct ynode *v, const char *what)
{
	int n;

	if (v->kind == YN_SCALAR && v->str && strcmp(v->str, "0") == 0)
		return 0;
	if (!ynode_int(v, &n, what)) {
		fail(r);
		return 0;
	}
	return n;
}

static void
parse_chart(struct reader *r, const struct ynode *m, struct figure_def *f)
{
	static const char *const keys[] = { "caption", "alt", "type", "table", "row",
		"columns", "target", "categories", "unit", "notes", NULL };
	struct chart_def *c = &f->u.chart;
	const struct ynode *v;

	if (!ymap_check_keys(m, keys, "chart"))
		fail(r);
	if ((v = ymap_string(m, "type", "chart")) == NULL)
		fail(r);
	else if (strcmp(v->str, "trend") == 0)
		c->kind = CHART_TREND;
	else if (strcmp(v->str, "stacked") == 0)
		c->kind = CHART_STACKED;
	else {
		diag(SEV_ERROR, &v->pos, "chart type must be trend or stacked");
		fail(r);
	}
	if ((v = ymap_string(m, "table", "chart")) == NULL)
		fail(r);
	else
		c->table = v->str;
	if ((v = ymap_get(m, "columns")) == NULL ||
	    !ynode_expect(v, YN_SEQUENCE, "'columns' of a chart") || v->nkids != 2) {
		diag(SEV_ERROR, v ? &v->pos : &m->pos,
		    "a chart needs 'columns: [first, last]' (table columns, the label column is 0)");
		fail(r);
	} else {
		c->first_col = get_col(r, v->kids[0], "a column");
		c->last_col = get_col(r, v->kids[1], "a column");
	}
	if ((v = ymap_string(m, "unit", "chart")) == NULL)
		fail(r);
	else
		c->unit = v->str;
	if (c->kind == CHART_TREND) {
		if ((v = ymap_string(m, "row", "trend chart")) == NULL)
			fail(r);
		else
			c->row = v->str;
		if ((v = ymap_get(m, "target")) != NULL)
			c->target_col = get_col(r, v, "'target'");
	} else {
		if ((v = ymap_string(m, "categories", "stacked chart")) == NULL)
			fail(r);
		else if (strcmp(v->str, "rows") == 0)
			c->by_column = 0;
		else if (strcmp(v->str, "columns") == 0)
			c->by_column = 1;
		else {
			diag(SEV_ERROR, &v->pos, "'categories' must be rows or columns");
			fail(r);
		}
	}
}

static void
parse_node(struct reader *r, const struct ynode *n, struct diagram_node *out,
    int depth)
{
	static const char *const keys[] = { "text", "kids", NULL };

	memset(out, 0, sizeof(*out));
	out->pos = n->pos;
	if (depth > DIAGRAM_MAX_DEPTH) {
		diag(SEV_ERROR, &n->pos, "a diagram tree is at most %d levels deep",
		    DIAGRAM_MAX_DEPTH);
		fail(r);
		return;
	}
	if (n->kind == YN_SCALAR && n->str != NULL) {
		if (n->str[strspn(n->str, " \t")] == '\0') {
			diag(SEV_ERROR, &n->pos, "a diagram box needs text");
			fail(r);
		}
		out->text = figure_text(r, n);
		return;
	}
	if (!ynode_expect(n, YN_MAPPING, "a diagram box")) {
		fail(r);
		return;
	}
	if (!ymap_check_keys(n, keys, "diagram box"))
		fail(r);
	const struct ynode *t = ymap_string(n, "text", "diagram box");
	const struct ynode *k = ymap_get(n, "kids");
	if (t == NULL) {
		fail(r);
		return;
	}
	out->text = figure_text(r, t);
	if (k == NULL)
		return;
	if (!ynode_expect(k, YN_SEQUENCE, "'kids'")) {
		fail(r);
		return;
	}
	out->nkids = k->nkids;
	out->kids = arena_alloc(r->a, (k->nkids ? k->nkids : 1) * sizeof(*out->kids));
	for (size_t i = 0; i < k->nkids; i++)
		parse_node(r, k->kids[i], &out->kids[i], depth + 1);
}

static void check_lanes(struct reader *, struct diagram_def *);

static void
parse_diagram(struct reader *r, const struct ynode *m, struct figure_def *f)
{
	static const char *const keys[] = { "caption", "alt", "type", "roots", "policy",
		"years", "year_label", "calendar", "bars", "notes", NULL };
	static const char *const bar_keys[] = { "text", "from", "to", "lane", NULL };
	struct diagram_def *d = &f->u.diagram;
	const struct ynode *v;

	if (!ymap_check_keys(m, keys, "diagram"))
		fail(r);
	if ((v = ymap_string(m, "type", "diagram")) == NULL) {
		fail(r);
		return;
	}
	if (strcmp(v->str, "tree") == 0) {
		d->kind = DIAGRAM_TREE;
		/* a forest: the boxes of 'roots' side by side, no common root */
		if ((v = ymap_get(m, "roots")) == NULL || !ynode_expect(v, YN_SEQUENCE, "'roots'") ||
		    v->nkids == 0) {
			if (v == NULL)
				diag(SEV_ERROR, &m->pos, "missing required key 'roots' in tree diagram");
			else if (v->kind == YN_SEQUENCE)
				diag(SEV_ERROR, &v->pos, "'roots' of a tree diagram is empty");
			fail(r);
		} else {
			d->root.pos = v->pos;
			d->root.nkids = v->nkids;
			d->root.kids = arena_alloc(r->a, (v->nkids ? v->nkids : 1) *
			    sizeof(*d->root.kids));
			for (size_t i = 0; i < v->nkids; i++)
				parse_node(r, v->kids[i], &d->root.kids[i], 1);
		}
	} else if (strcmp(v->str, "policy") == 0) {
		d->kind = DIAGRAM_POLICY_TREE;
		if ((v = ymap_string(m, "policy", "policy diagram")) == NULL)
			fail(r);
		else
			d->policy = v->str;
	} else if (strcmp(v->str, "timeline") == 0) {
		d->kind = DIAGRAM_TIMELINE;
		if ((v = ymap_get(m, "years")) == NULL ||
		    !ynode_expect(v, YN_SEQUENCE, "'years'") || v->nkids != 2 ||
		    !ynode_int(v->kids[0], &d->year_from, "a year") ||
		    !ynode_int(v->kids[1], &d->year_to, "a year")) {
			diag(SEV_ERROR, v ? &v->pos : &m->pos,
			    "a timeline needs 'years: [first, last]'");
			fail(r);
			return;	/* its bars cannot be checked against them */
		}
		if (d->year_to < d->year_from || d->year_to - d->year_from > 40) {
			diag(SEV_ERROR, &v->pos, d->year_to < d->year_from ?
			    "the timeline's first year %d comes after its last %d" :
			    "the timeline's years %d-%d are more than 40 apart",
			    d->year_from, d->year_to);
			fail(r);
			return;
		}
		if ((v = ymap_string(m, "year_label", "timeline")) == NULL)
			fail(r);
		else if (strstr(v->str, "%d") == NULL || strchr(v->str, '%') != strstr(v->str, "%d") ||
		    strchr(strstr(v->str, "%d") + 2, '%') != NULL) {
			diag(SEV_ERROR, &v->pos, "'year_label' must contain %%d once and no other %%");
			fail(r);
		} else if (v->len > YEAR_LABEL_MAX) {
			/* a year label sits over one year's column */
			diag(SEV_ERROR, &v->pos, "'year_label' is %zu bytes long; at most %d",
			    v->len, YEAR_LABEL_MAX);
			fail(r);
		} else
			d->year_label = v->str;
		/* calendar: the years are printed as written, or (wareki) read
		 * as 西暦 and printed in the Japanese era of each year */
		if ((v = ymap_get(m, "calendar")) != NULL) {
			if (!ynode_expect(v, YN_SCALAR, "'calendar'") ||
			    (strcmp(v->str, "wareki") != 0 && strcmp(v->str, "seireki") != 0)) {
				if (v->kind == YN_SCALAR)
					diag(SEV_ERROR, &v->pos, "'calendar' must be seireki or wareki");
				fail(r);
			} else if ((d->wareki = strcmp(v->str, "wareki") == 0) &&
			    d->year_from < 1868) {
				diag(SEV_ERROR, &v->pos,
				    "'calendar: wareki' needs 西暦 years from 1868 (明治元年) on");
				fail(r);
			}
		}
		if ((v = ymap_get(m, "bars")) == NULL || !ynode_expect(v, YN_SEQUENCE, "'bars'")) {
			if (v == NULL)
				diag(SEV_ERROR, &m->pos, "missing required key 'bars' in timeline");
			fail(r);
			return;
		}
		d->nbars = v->nkids;
		d->bars = arena_alloc(r->a, (v->nkids ? v->nkids : 1) * sizeof(*d->bars));
		for (size_t i = 0; i < v->nkids; i++) {
			const struct ynode *b = v->kids[i], *t;
			if (!ynode_expect(b, YN_MAPPING, "a timeline bar")) {
				fail(r);
				continue;
			}
			if (!ymap_check_keys(b, bar_keys, "timeline bar"))
				fail(r);
			if ((t = ymap_string(b, "text", "timeline bar")) == NULL ||
			    !ymap_get(b, "from") || !ymap_get(b, "to") || !ymap_get(b, "lane") ||
			    !ynode_int(ymap_get(b, "from"), &d->bars[i].from, "'from'") ||
			    !ynode_int(ymap_get(b, "to"), &d->bars[i].to, "'to'") ||
			    !ynode_int(ymap_get(b, "lane"), &d->bars[i].lane, "'lane'")) {
				diag(SEV_ERROR, &b->pos, "a timeline bar needs text, from, to and lane");
				fail(r);
				continue;
			}
			d->bars[i].text = figure_text(r, t);
			d->bars[i].pos = t->pos;
			if (d->bars[i].lane > TIMELINE_MAX_LANES) {
				diag(SEV_ERROR, &b->pos, "a timeline has at most %d lanes",
				    TIMELINE_MAX_LANES);
				fail(r);
			}
			if (d->bars[i].from < d->year_from || d->bars[i].to > d->year_to ||
			    d->bars[i].from > d->bars[i].to) {
				diag(SEV_ERROR, &b->pos, "bar years %d-%d lie outside the timeline %d-%d",
				    d->bars[i].from, d->bars[i].to, d->year_from, d->year_to);
				fail(r);
			}
		}
		if (r->ok)
			check_lanes(r, d);
	} else {
		diag(SEV_ERROR, &v->pos, "diagram type must be tree, policy or timeline");
		fail(r);
	}
}

static int
bar_order(const void *a, const void *b)
{
	const struct timeline_bar *x = *(const struct timeline_bar *const *)a;
	const struct timeline_bar *y = *(const struct timeline_bar *const *)b;

	if (x->lane != y->lane)
		return x->lane < y->lane ? -1 : 1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->pos.line != y->pos.line ? (x->pos.line < y->pos.line ? -1 : 1) :
	    (x->pos.col < y->pos.col ? -1 : x->pos.col > y->pos.col);
}

/* Bars of one lane side by side: overlapping years would draw as one bar. */
static void
check_lanes(struct reader *r, struct diagram_def *d)
{
	struct timeline_bar **v = xmalloc((d->nbars ? d->nbars : 1) * sizeof(*v));

	for (size_t i = 0; i < d->nbars; i++)
		v[i] = &d->bars[i];
	qsort(v, d->nbars, sizeof(*v), bar_order);
	for (size_t i = 1; i < d->nbars; i++)
		if (v[i]->lane == v[i - 1]->lane && v[i]->from <= v[i - 1]->to) {
			diag(SEV_ERROR, &v[i]->pos, "bar '%s' (%d-%d) overlaps bar '%s' (%d-%d, "
			    "line %d) in lane %d: give it another lane", v[i]->text, v[i]->from,
			    v[i]->to, v[i - 1]->text, v[i - 1]->from, v[i - 1]->to,
			    v[i - 1]->pos.line, v[i]->lane);
			fail(r);
		}
	free(v);
}

const struct cell *
table_cell_at(const struct table_def *t, size_t row, int col)
{
	int c = 0;

	if (row >= t->nrows)
		return NULL;
	for (size_t k = 0; k < t->ncells[row]; k++) {
		const struct cell *ce = &t->rows[row][k];
		if (ce->on_grid) {
			if (ce->grid_col == col)
				return ce;
			continue;
		}
		/* a table built by hand, its spans unresolved: colspans only */
		if (c == col)
			return ce;
		c += ce->colspan;
	}
	return NULL;
}

const struct cell *
table_cell_covering(const struct table_def *t, size_t row, int col)
{
	if (t->nrows == 0 || t->ncells[0] == 0 || !t->rows[0][0].on_grid)
		return table_cell_at(t, row, col);	/* built by hand */
	for (size_t r = 0; r <= row && r < t->nrows; r++)
		for (size_t k = 0; k < t->ncells[r]; k++) {
			const struct cell *ce = &t->rows[r][k];
			if (ce->grid_row + ce->rowspan > (int)row && ce->grid_col <= col &&
			    col < ce->grid_col + ce->colspan)
				return ce;
		}
	return NULL;
}

int
figures_load(struct arena *a, const char *path, enum figure_kind kind,
    const struct srcpos *named_at, struct figure_def **figs, size_t *nfigs,
    size_t *cap)
{
	static const char *const kind_names[] = { "table", "chart", "diagram" };
	struct reader r = { a, 1 };
	const struct ynode *root = yaml_load(path, a, named_at);

	if (root == NULL)
		return 0;
	if (!ynode_expect(root, YN_MAPPING, "a figure file"))
		return 0;
	for (size_t i = 0; i < root->nkids; i += 2) {
		const struct ynode *k = root->kids[i], *m = root->kids[i + 1];
		const struct ynode *v;
		struct figure_def *f;

		if (!ynode_expect(m, YN_MAPPING, kind_names[kind])) {
			fail(&r);
			continue;
		}
		if (*nfigs == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*figs = xrealloc(*figs, *cap * sizeof(**figs));
		}
		/* the id names files (out/tables/ID.csv) and anchors */
		if (!is_id(k->str)) {
			diag(SEV_ERROR, &k->pos,
			    "figure id '%s' must be lower-case letters, digits, '-' or '_'", k->str);
			fail(&r);
		}
		f = &(*figs)[(*nfigs)++];
		memset(f, 0, sizeof(*f));
		f->kind = kind;
		f->id = k->str;
		f->pos = k->pos;
		f->src = m;
		if ((v = ymap_get(m, "caption")) != NULL) {
			if (ynode_expect(v, YN_SCALAR, "'caption'"))
				f->caption = figure_text(&r, v);
			else
				fail(&r);
		} else {
			diag(SEV_ERROR, &m->pos, "missing required key 'caption' in %s '%s'",
			    kind_names[kind], k->str);
			fail(&r);
		}
		/* what a reader who cannot see it is told: else made from its data */
		if ((v = ymap_get(m, "alt")) != NULL) {
			if (ynode_expect(v, YN_SCALAR, "'alt'"))
				f->alt = figure_text(&r, v);
			else
				fail(&r);
		}
		if ((v = ymap_get(m, "notes")) != NULL) {
			if (!ynode_expect(v, YN_SEQUENCE, "'notes'"))
				fail(&r);
			else {
				f->nnotes = v->nkids;
				f->notes = arena_alloc(a, (v->nkids ? v->nkids : 1) * sizeof(*f->notes));
				for (size_t j = 0; j < v->nkids; j++) {
					if (!ynode_expect(v->kids[j], YN_SCALAR, "a note"))
						fail(&r);
					else
						f->notes[j] = figure_text(&r, v->kids[j]);
				}
			}
		}
		switch (kind) {
		case FIG_TABLE:
			parse_table(&r, m, f);
			break;
		case FIG_CHART:
			parse_chart(&r, m, f);
			break;
		case FIG_DIAGRAM:
			parse_diagram(&r, m, f);
			break;
		}
	}
	return r.ok;
}
