/*
 * The comparison of two revisions. Items are aligned by a longest common
 * subsequence of their keys (after the common head and tail are set
 * aside, so a revision with few changes costs little); within a stretch
 * of unmatched items, items of the same kind pair up in order as changed,
 * the rest are added or removed. Paired items are compared word by word.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breaks.h"
#include "diff.h"
#include "numbering.h"
#include "xref.h"

/* Beyond this many cells a comparison table would cost too much memory:
 * the stretch is compared item by item in order instead. */
#define LCS_MAX_CELLS 40000000

typedef VEC(struct diff_item) item_vec;
typedef VEC(struct diff_token) token_vec;
typedef VEC(struct diff_row) row_vec;

struct builder {
	struct arena *a;
	item_vec items;
	int failed;
};

static void
add_token(struct builder *b, token_vec *t, const char *text, size_t len, const char *key)
{
	struct diff_token k;
	k.text = arena_strndup(b->a, text, len);
	k.key = key != NULL ? arena_strdup(b->a, key) : k.text;
	VEC_PUSH(*t, k);
}

/* The words of a text, each a token. */
static void
add_words(struct builder *b, token_vec *t, const char *s, size_t len)
{
	VEC(uint32_t) cps = {0};
	VEC(size_t) at = {0};
	size_t i = 0, k;
	uint32_t cp;

	while (i < len && (k = utf8_decode(s + i, len - i, &cp)) > 0) {
		VEC_PUSH(cps, cp);
		VEC_PUSH(at, i);
		i += k;
	}
	if (cps.n > 0) {
		unsigned char *start = xmalloc(cps.n);
		if (!breaks_words(cps.v, cps.n, start))
			b->failed = 1;
		else
			for (size_t w = 0; w < cps.n; ) {
				size_t e = w + 1;
				while (e < cps.n && !start[e])
					e++;
				size_t to = e < cps.n ? at.v[e] : len;
				add_token(b, t, s + at.v[w], to - at.v[w], NULL);
				w = e;
			}
		free(start);
	}
	VEC_FREE(cps);
	VEC_FREE(at);
}

static void
add_item(struct builder *b, enum block_kind kind, int rank, const struct block *blk,
    const char *figure_id, token_vec *t)
{
	struct diff_item it = { kind, rank, blk, figure_id, NULL, t->n, NULL };
	struct strbuf key = {0};

	it.tok = arena_alloc(b->a, (t->n ? t->n : 1) * sizeof(*it.tok));
	if (t->n)
		memcpy(it.tok, t->v, t->n * sizeof(*it.tok));
	sb_printf(&key, "%d", (int)kind);
	for (size_t i = 0; i < t->n; i++) {
		sb_puts(&key, "\x1f");
		sb_puts(&key, t->v[i].key);
	}
	it.key = arena_strdup(b->a, key.s);
	sb_free(&key);
	VEC_PUSH(b->items, it);
	t->n = 0;
}

/* A paragraph's text as printed: cross-references numbered, footnote
 * marks as （注N）, compared by their labels. */
static void
paragraph_tokens(struct builder *b, const struct document *doc, const struct block *blk,
    token_vec *t)
{
	size_t *marks = xcalloc(blk->nrefs ? blk->nrefs : 1, sizeof(*marks));
	for (size_t r = 0; r < blk->nrefs; r++)
		marks[r] = blk->refs[r].offset;
	char *text = xref_expand(blk, 0, marks);
	size_t len = strlen(text), at = 0;
	for (size_t r = 0; r < blk->nrefs; r++) {
		add_words(b, t, text + at, marks[r] - at);
		at = marks[r];
		char mark[48], key[160];
		const struct fnref *ref = &blk->refs[r];
		int number = ref->note >= 0 ? doc->notes[ref->note].number : 0;
		snprintf(mark, sizeof(mark), "（注%d）", number);
		snprintf(key, sizeof(key), "\x1e%s", ref->label);
		add_token(b, t, mark, strlen(mark), key);
	}
	add_words(b, t, text + at, len - at);
	free(text);
	free(marks);
}

static void
tree_items(struct builder *b, const struct diagram_node *n, int depth, const char *id,
    const struct block *blk, token_vec *t)
{
	for (size_t i = 0; i < n->nkids; i++) {
		struct strbuf s = {0};
		for (int d = 0; d < depth; d++)
			sb_puts(&s, "　");
		sb_puts(&s, "・");
		add_token(b, t, s.s, s.len, NULL);
		sb_free(&s);
		add_words(b, t, n->kids[i].text, strlen(n->kids[i].text));
		add_item(b, BK_FIGURE, 0, blk, id, t);
		tree_items(b, &n->kids[i], depth + 1, id, blk, t);
	}
}

/* A figure: its caption, then a table row by row (cells as tokens), a
 * tree box by box, a timeline bar by bar. Charts are drawn from tables
 * and policy diagrams from the chapter: their changes show there. */
static void
figure_items(struct builder *b, const struct block *blk, token_vec *t)
{
	const struct figure_def *f = blk->figure;
	if (f == NULL)
		return;
	add_token(b, t, "＜", strlen("＜"), NULL);
	add_words(b, t, f->caption, strlen(f->caption));
	add_token(b, t, "＞", strlen("＞"), NULL);
	/* what the caption line says of the whole figure: a table's unit, a
	 * chart's source and unit, a timeline's years */
	char frame[256];
	if (f->kind == FIG_TABLE && f->u.table.unit != NULL)
		add_words(b, t, f->u.table.unit, strlen(f->u.table.unit));
	else if (f->kind == FIG_CHART) {
		const struct chart_def *ch = &f->u.chart;
		snprintf(frame, sizeof(frame), "（表%.64s、%d～%d列%s%s、%s%.40s）", ch->table,
		    ch->first_col, ch->last_col, ch->kind == CHART_STACKED ?
		    (ch->by_column ? "、列ごと" : "、行ごと") : "",
		    ch->target_col > 0 ? "、目標列あり" : "", ch->unit ? "単位" : "",
		    ch->unit ? ch->unit : "");
		add_words(b, t, frame, strlen(frame));
		if (ch->kind == CHART_TREND && ch->row != NULL)
			add_words(b, t, ch->row, strlen(ch->row));
	} else if (f->kind == FIG_DIAGRAM && f->u.diagram.kind == DIAGRAM_TIMELINE) {
		const struct diagram_def *d = &f->u.diagram;
		snprintf(frame, sizeof(frame), "（%d～%d、%.48s%s）", d->year_from, d->year_to,
		    d->year_label, d->wareki ? "、和暦" : "");
		add_words(b, t, frame, strlen(frame));
	}
	add_item(b, BK_FIGURE, 0, blk, f->id, t);
	if (f->kind == FIG_TABLE) {
		const struct table_def *td = &f->u.table;
		/* cells in their grid positions: a span repeats in every
		 * position it covers, so a column keeps its place */
		int cols = td->ncols;
		const struct cell **grid = xcalloc(td->nrows * (size_t)cols + 1, sizeof(*grid));
		for (size_t r = 0; r < td->nrows; r++)
			for (size_t k = 0; k < td->ncells[r]; k++) {
				const struct cell *ce = &td->rows[r][k];
				if (!ce->on_grid)
					continue;
				for (int dr = 0; dr < ce->rowspan && ce->grid_row + dr < (int)td->nrows; dr++)
					for (int dc = 0; dc < ce->colspan && ce->grid_col + dc < cols; dc++)
						grid[(size_t)(ce->grid_row + dr) * (size_t)cols +
						    (size_t)(ce->grid_col + dc)] = ce;
			}
		for (size_t r = 0; r < td->nrows; r++) {
			for (int c = 0; c < cols; c++) {
				const struct cell *ce = grid[r * (size_t)cols + (size_t)c];
				static const struct cell empty;
				if (ce == NULL)
					ce = &empty;
				if (c > 0)
					add_token(b, t, "｜", strlen("｜"), NULL);
				struct strbuf s = {0};
				if (ce->text != NULL)
					sb_puts(&s, ce->text);
				if (ce->unit != NULL)
					sb_puts(&s, ce->unit);
				if (ce->note != NULL)
					sb_printf(&s, "（%s）", ce->note);
				add_token(b, t, s.s != NULL ? s.s : "", s.len, NULL);
				sb_free(&s);
			}
			add_item(b, BK_FIGURE, 0, blk, f->id, t);
		}
		free(grid);
	} else if (f->kind == FIG_DIAGRAM && f->u.diagram.kind == DIAGRAM_TREE) {
		tree_items(b, &f->u.diagram.root, 0, f->id, blk, t);
	} else if (f->kind == FIG_DIAGRAM && f->u.diagram.kind == DIAGRAM_TIMELINE) {
		const struct diagram_def *d = &f->u.diagram;
		for (size_t i = 0; i < d->nbars; i++) {
			char years[48];
			add_words(b, t, d->bars[i].text, strlen(d->bars[i].text));
			snprintf(years, sizeof(years), "（%d～%d）", d->bars[i].from, d->bars[i].to);
			add_token(b, t, years, strlen(years), NULL);
			add_item(b, BK_FIGURE, 0, blk, f->id, t);
		}
	}
	for (size_t i = 0; i < f->nnotes; i++) {
		add_words(b, t, f->notes[i], strlen(f->notes[i]));
		add_item(b, BK_FIGURE, 0, blk, f->id, t);
	}
}

/* Notes in the order of their labels: a note renumbered because the
 * references moved is the same note, in the same place of both lists. */
static int
note_order(const void *a, const void *b)
{
	const struct footnote *x = *(const struct footnote *const *)a;
	const struct footnote *y = *(const struct footnote *const *)b;
	return strcmp(x->label, y->label);
}

static void
document_items(struct builder *b, const struct document *doc)
{
	token_vec t = {0};

	/* the cover and the document's metadata, under a heading of their own */
	add_token(b, &t, "表紙", strlen("表紙"), NULL);
	add_item(b, BK_PART, 1, NULL, NULL, &t);
	const char *fields[][2] = { { "表題", doc->title }, { "発行者", doc->issuer },
		{ "発行年月", doc->date_text }, { "計画期間", doc->period },
		{ "主題", doc->subject } };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char label[32];
		snprintf(label, sizeof(label), "%s：", fields[i][0]);
		add_token(b, &t, label, strlen(label), NULL);
		if (fields[i][1] != NULL)
			add_words(b, &t, fields[i][1], strlen(fields[i][1]));
		add_item(b, BK_PARAGRAPH, 0, NULL, NULL, &t);
	}

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *blk = &doc->blocks[i];
		if (BK_IS_HEADING(blk->kind)) {
			char num[64];
			heading_number(blk, num, sizeof(num), 0);
			/* the number is printed but not compared: renumbering is
			 * no change, and both sides print the new number */
			add_token(b, &t, num, strlen(num), "#");
			if (blk->kind == BK_LABEL)
				add_token(b, &t, "＜", strlen("＜"), NULL);
			add_words(b, &t, blk->text, strlen(blk->text));
			if (blk->kind == BK_LABEL)
				add_token(b, &t, "＞", strlen("＞"), NULL);
			add_item(b, blk->kind, heading_rank(blk->kind) + 1, blk, NULL, &t);
		} else if (blk->kind == BK_PARAGRAPH) {
			paragraph_tokens(b, doc, blk, &t);
			add_item(b, BK_PARAGRAPH, 0, blk, NULL, &t);
		} else if (blk->kind == BK_FIGURE)
			figure_items(b, blk, &t);
	}
	/* the footnotes, by label, under a heading */
	const struct footnote **notes = xmalloc((doc->nnotes ? doc->nnotes : 1) * sizeof(*notes));
	size_t n = 0;
	for (size_t i = 0; i < doc->nnotes; i++)
		if (doc->notes[i].number > 0)
			notes[n++] = &doc->notes[i];
	qsort(notes, n, sizeof(*notes), note_order);
	if (n > 0) {
		/* a heading of the top rank: the notes belong to no part */
		add_token(b, &t, "注", strlen("注"), NULL);
		add_item(b, BK_PART, 1, NULL, NULL, &t);
	}
	/* a note stands, in the edition, on the page of its first reference */
	const struct block **first = xcalloc(doc->nnotes ? doc->nnotes : 1, sizeof(*first));
	for (size_t i = 0; i < doc->nblocks; i++)
		for (size_t r = 0; r < doc->blocks[i].nrefs; r++) {
			int k = doc->blocks[i].refs[r].note;
			if (k >= 0 && first[k] == NULL)
				first[k] = &doc->blocks[i];
		}
	for (size_t i = 0; i < n; i++) {
		char mark[48], key[160];
		snprintf(mark, sizeof(mark), "（注%d）", notes[i]->number);
		snprintf(key, sizeof(key), "\x1e%s", notes[i]->label);
		add_token(b, &t, mark, strlen(mark), key);
		add_words(b, &t, notes[i]->text, strlen(notes[i]->text));
		add_item(b, BK_PARAGRAPH, 0, first[notes[i] - doc->notes], NULL, &t);
	}
	free(first);
	free(notes);
	VEC_FREE(t);
}

/*
 * Longest common subsequence of a[0..n) and b[0..m) by equal keys: set
 * match_a[i] to the index in b matched with a[i], or -1. Returns 0 when
 * the table would be too large (nothing matched).
 */
static int
lcs(const char *const *a, size_t n, const char *const *b, size_t m, long *match_a)
{
	for (size_t i = 0; i < n; i++)
		match_a[i] = -1;
	if (n == 0 || m == 0)
		return 1;
	if ((double)(n + 1) * (double)(m + 1) > LCS_MAX_CELLS)
		return 0;
	unsigned *len = xcalloc((n + 1) * (m + 1), sizeof(*len));
#define L(i, j) len[(size_t)(i) * (m + 1) + (size_t)(j)]
	for (size_t i = n; i-- > 0; )
		for (size_t j = m; j-- > 0; )
			L(i, j) = strcmp(a[i], b[j]) == 0 ? L(i + 1, j + 1) + 1 :
			    (L(i + 1, j) >= L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));
	for (size_t i = 0, j = 0; i < n && j < m; ) {
		if (strcmp(a[i], b[j]) == 0) {
			match_a[i] = (long)j;
			i++;
			j++;
		} else if (L(i + 1, j) >= L(i, j + 1))
			i++;
		else
			j++;
	}
#undef L
	free(len);
	return 1;
}

/* Underline the tokens of two paired items that the other lacks. */
static void
compare_words(struct diff *d, struct diff_row *row)
{
	const struct diff_item *o = row->old_item, *n = row->new_item;
	const char **ka = xmalloc((o->ntok ? o->ntok : 1) * sizeof(*ka));
	const char **kb = xmalloc((n->ntok ? n->ntok : 1) * sizeof(*kb));
	long *match = xmalloc((o->ntok ? o->ntok : 1) * sizeof(*match));

	for (size_t i = 0; i < o->ntok; i++)
		ka[i] = o->tok[i].key;
	for (size_t j = 0; j < n->ntok; j++)
		kb[j] = n->tok[j].key;
	row->old_changed = arena_alloc(&d->arena, o->ntok + 1);
	row->new_changed = arena_alloc(&d->arena, n->ntok + 1);
	memset(row->old_changed, 1, o->ntok);
	memset(row->new_changed, 1, n->ntok);
	lcs(ka, o->ntok, kb, n->ntok, match);
	for (size_t i = 0; i < o->ntok; i++)
		if (match[i] >= 0) {
			row->old_changed[i] = 0;
			row->new_changed[match[i]] = 0;
		}
	free(ka);
	free(kb);
	free(match);
}

static struct diff_row *
add_row(row_vec *rows, enum diff_change ch, const struct diff_item *n,
    const struct diff_item *o)
{
	struct diff_row r;
	memset(&r, 0, sizeof(r));
	r.change = ch;
	r.new_item = n;
	r.old_item = o;
	VEC_PUSH(*rows, r);
	return &rows->v[rows->n - 1];
}

/* A stretch of unmatched items: same kinds pair up in order. */
static void
pair_stretch(struct diff *d, row_vec *rows, const struct diff_item *o,
    size_t no, const struct diff_item *n, size_t nn)
{
	size_t oi = 0;
	for (size_t j = 0; j < nn; j++) {
		size_t k = oi;
		while (k < no && o[k].kind != n[j].kind)
			k++;
		if (k == no) {
			add_row(rows, DC_ADDED, &n[j], NULL);
			continue;
		}
		for (; oi < k; oi++)
			add_row(rows, DC_REMOVED, NULL, &o[oi]);
		struct diff_row *r = add_row(rows, DC_CHANGED, &n[j], &o[oi++]);
		compare_words(d, r);
	}
	for (; oi < no; oi++)
		add_row(rows, DC_REMOVED, NULL, &o[oi]);
}

static const char *
item_text(struct arena *a, const struct diff_item *it)
{
	struct strbuf s = {0};
	for (size_t i = 0; i < it->ntok; i++)
		sb_puts(&s, it->tok[i].text);
	const char *r = arena_strdup(a, s.s != NULL ? s.s : "");
	sb_free(&s);
	return r;
}

/* Show every change and the headings above it; give each row its path. */
static void
mark_context(struct diff *d)
{
	enum { RANKS = 8 };
	long heading_row[RANKS], caption_row = -1;
	const char *caption_of = NULL;
	const struct block *caption_block = NULL;
	for (int r = 0; r < RANKS; r++)
		heading_row[r] = -1;
	for (size_t i = 0; i < d->nrows; i++) {
		struct diff_row *row = &d->rows[i];
		const struct diff_item *it = row->new_item ? row->new_item : row->old_item;
		int rank = it->rank > 0 && it->rank < RANKS ? it->rank : RANKS;
		struct strbuf path = {0};
		for (int r = 1; r < rank && r < RANKS; r++)
			if (heading_row[r] >= 0) {
				const struct diff_row *h = &d->rows[heading_row[r]];
				sb_printf(&path, "%s%s", path.len ? " > " : "",
				    item_text(&d->arena, h->new_item ? h->new_item : h->old_item));
			}
		/* the cover's and the notes' own headings end where the body's
		 * first heading begins */
		if (rank < RANKS && it->block != NULL && heading_row[1] >= 0) {
			const struct diff_row *h = &d->rows[heading_row[1]];
			const struct diff_item *hi = h->new_item ? h->new_item : h->old_item;
			if (hi->block == NULL)
				heading_row[1] = -1;
		}
		if (rank < RANKS) {
			sb_printf(&path, "%s%s", path.len ? " > " : "", item_text(&d->arena, it));
			heading_row[rank] = (long)i;
			for (int r = rank + 1; r < RANKS; r++)
				heading_row[r] = -1;
		}
		row->path = arena_strdup(&d->arena, path.s != NULL ? path.s : "");
		sb_free(&path);
		/* a figure's caption comes first: it names the rows after it */
		if (it->figure_id != NULL && (caption_of == NULL ||
		    strcmp(caption_of, it->figure_id) != 0 || it->block != caption_block)) {
			caption_row = (long)i;
			caption_of = it->figure_id;
			caption_block = it->block;
		} else if (it->figure_id == NULL)
			caption_row = -1;
		if (row->change != DC_SAME) {
			row->shown = 1;
			d->nchanges++;
			for (int r = 1; r < rank && r < RANKS; r++)
				if (heading_row[r] >= 0)
					d->rows[heading_row[r]].shown = 1;
			if (caption_row >= 0)
				d->rows[caption_row].shown = 1;
		}
	}
}

struct diff *
diff_documents(const struct document *old_doc, const struct document *new_doc)
{
	struct diff *d = xcalloc(1, sizeof(*d));
	struct builder bo = { &d->arena, {0}, 0 }, bn = { &d->arena, {0}, 0 };
	row_vec rows = {0};

	document_items(&bo, old_doc);
	document_items(&bn, new_doc);
	if (bo.failed || bn.failed) {
		VEC_FREE(bo.items);
		VEC_FREE(bn.items);
		diff_free(d);
		return NULL;
	}
	const struct diff_item *o = bo.items.v, *n = bn.items.v;
	size_t no = bo.items.n, nn = bn.items.n, head = 0, tail = 0;
	while (head < no && head < nn && strcmp(o[head].key, n[head].key) == 0)
		head++;
	while (tail < no - head && tail < nn - head &&
	    strcmp(o[no - 1 - tail].key, n[nn - 1 - tail].key) == 0)
		tail++;
	for (size_t i = 0; i < head; i++)
		add_row(&rows, DC_SAME, &n[i], &o[i]);
	size_t mo = no - head - tail, mn = nn - head - tail;
	const char **ka = xmalloc((mo ? mo : 1) * sizeof(*ka));
	const char **kb = xmalloc((mn ? mn : 1) * sizeof(*kb));
	long *match = xmalloc((mo ? mo : 1) * sizeof(*match));
	for (size_t i = 0; i < mo; i++)
		ka[i] = o[head + i].key;
	for (size_t j = 0; j < mn; j++)
		kb[j] = n[head + j].key;
	lcs(ka, mo, kb, mn, match);
	size_t i = 0, j = 0;
	while (i < mo || j < mn) {
		size_t i2 = i, j2 = j;
		while (i2 < mo && match[i2] < 0)
			i2++;
		size_t jm = i2 < mo ? (size_t)match[i2] : mn;
		j2 = jm;
		pair_stretch(d, &rows, o + head + i, i2 - i, n + head + j, j2 - j);
		if (i2 < mo) {
			add_row(&rows, DC_SAME, &n[head + jm], &o[head + i2]);
			i = i2 + 1;
			j = jm + 1;
		} else {
			i = i2;
			j = j2;
		}
	}
	for (size_t k = 0; k < tail; k++)
		add_row(&rows, DC_SAME, &n[nn - tail + k], &o[no - tail + k]);
	free(ka);
	free(kb);
	free(match);
	/* the items live as long as the diff */
	struct diff_item *keep_o = arena_alloc(&d->arena, (no ? no : 1) * sizeof(*keep_o));
	struct diff_item *keep_n = arena_alloc(&d->arena, (nn ? nn : 1) * sizeof(*keep_n));
	memcpy(keep_o, o, no * sizeof(*o));
	memcpy(keep_n, n, nn * sizeof(*n));
	for (size_t r = 0; r < rows.n; r++) {
		if (rows.v[r].old_item)
			rows.v[r].old_item = keep_o + (rows.v[r].old_item - o);
		if (rows.v[r].new_item)
			rows.v[r].new_item = keep_n + (rows.v[r].new_item - n);
	}
	VEC_FREE(bo.items);
	VEC_FREE(bn.items);
	d->rows = rows.v;
	d->nrows = rows.n;
	mark_context(d);
	return d;
}

void
diff_free(struct diff *d)
{
	if (d == NULL)
		return;
	free(d->rows);
	arena_free(&d->arena);
	free(d);
}

const char *
diff_change_name(enum diff_change c)
{
	static const char *const names[] = { "同", "変更", "新設", "削除" };
	return names[c];
}
