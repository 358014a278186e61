/*
 * Figures common to all kinds (bands, captions, notes) and the table
 * layout: column widths from the cells' natural widths, text wrapped with
 * the body's line breaking, numbers right-aligned on a common decimal
 * point, rules in the manner of a Japanese government document (a heavier
 * frame, light inner rules, a grey header).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "font.h"

/* Line spacing of figure text, in tenths of its size. */
#define FIGURE_LEADING_TENTHS 14
/* Narrowest a text column may become, in ems of the figure size. */
#define TABLE_MIN_TEXT_EMS 4
/* A cell note that would break inside a phrase is set smaller, down to
 * this many tenths of the figure size. */
#define NOTE_MIN_TENTHS 8
/* Header grey (0 black, 1000 white). */
#define TABLE_HEADER_GREY 880
/* Grid columns a table may have (content_figures.c allows 16). */
#define TABLE_MAX_GRID 16

fixed
figure_baseline(struct figure_ctx *x, fixed top, fixed band, fixed size)
{
	return top + (band - size) / 2 + font_ascent(x->c->fonts[x->l->figure.font], size);
}

struct band *
figure_add_band(struct figure_ctx *x, struct figure_box *fb)
{
	if (fb->nbands == fb->bands_cap) {	/* doubling: a long table grows linearly */
		size_t cap = fb->bands_cap ? 2 * fb->bands_cap : 4;
		struct band *nb = arena_alloc(x->arena, cap * sizeof(*nb));
		if (fb->nbands)
			memcpy(nb, fb->bands, fb->nbands * sizeof(*nb));
		fb->bands = nb;
		fb->bands_cap = cap;
	}
	return &fb->bands[fb->nbands++];
}

struct draw *
band_add(struct figure_ctx *x, struct band *b, enum draw_kind kind)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct draw *nd = arena_alloc(x->arena, cap * sizeof(*nd));
		if (b->n)
			memcpy(nd, b->d, b->n * sizeof(*nd));
		b->d = nd;
		b->cap = cap;
	}
	struct draw *d = &b->d[b->n++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->fill = -1;
	return d;
}

/* Line ends of a composition that are not between phrases. */
static int
weak_breaks(const struct line *l, long n)
{
	int k = 0;

	for (long i = 0; i < n; i++)
		k += l[i].weak_break;
	return k;
}

long
figure_wrap(struct figure_ctx *x, const char *s, enum font_role font, fixed size,
    fixed width, struct line **out)
{
	struct compose_style cs;
	long n;

	memset(&cs, 0, sizeof(cs));
	cs.font = font;
	cs.size = size;
	cs.measure = width;
	cs.phrases = 1;
	n = compose_text(x->c, s, NULL, 0, &cs, out);
	if (n < 2)
		return n;
	/* balance: the narrowest measure that keeps as many lines and breaks
	 * no phrase more than the full measure does */
	int weak = weak_breaks(*out, n);
	fixed lo = width / n, hi = width;
	/* the trials compose into a scratch arena, freed at once */
	struct composer trial = *x->c;
	struct arena scratch = {0};
	trial.arena = &scratch;
	while (hi - lo > size / 8) {
		struct line *t;
		cs.measure = lo + (hi - lo) / 2;
		if (compose_text(&trial, s, NULL, 0, &cs, &t) == n && weak_breaks(t, n) <= weak)
			hi = cs.measure;
		else
			lo = cs.measure;
	}
	arena_free(&scratch);
	cs.measure = hi;
	return compose_text(x->c, s, NULL, 0, &cs, out);
}

const struct line *
figure_text(struct figure_ctx *x, const char *s, enum font_role font, fixed size)
{
	struct line *ln;
	/* wide enough never to wrap */
	if (figure_wrap(x, s, font, size, PT(5000), &ln) < 1)
		return NULL;
	return ln;
}

fixed
figure_leading(fixed size)
{
	return size * FIGURE_LEADING_TENTHS / 10;
}

void
figure_caption(struct figure_ctx *x, struct figure_box *fb, const struct figure_def *f)
{
	const struct text_style *st = &x->l->caption;
	struct strbuf s = {0};
	struct line *lines;
	long n;

	/* charts are titled plainly, tables and diagrams in ＜＞ as in the plan */
	if (f->kind == FIG_CHART)
		sb_puts(&s, f->caption);
	else
		sb_printf(&s, "＜%s＞", f->caption);
	n = figure_wrap(x, s.s, st->font, st->size, fb->width, &lines);
	sb_free(&s);
	struct band *b = figure_add_band(x, fb);
	fixed pitch = figure_leading(st->size);
	for (long i = 0; i < n; i++) {
		struct draw *d = band_add(x, b, DR_TEXT);
		d->role = DRR_CAPTION;
		d->text = &lines[i];
		d->x = (fb->width - lines[i].extent) / 2;
		d->y = figure_baseline(x, pitch * i + pitch / 4, pitch, st->size);
	}
	b->height = pitch * (fixed)(n > 0 ? n : 1) + pitch / 2;
}

int
figure_notes(struct figure_ctx *x, struct figure_box *fb, const struct figure_def *f)
{
	const struct text_style *st = &x->l->figure;
	fixed pitch = figure_leading(st->size);

	for (size_t i = 0; i < f->nnotes; i++) {
		struct compose_style cs;
		struct line *lines;
		long n;

		memset(&cs, 0, sizeof(cs));
		cs.font = st->font;
		cs.size = st->size;
		cs.measure = fb->width;
		cs.indent_rest = st->size;	/* hung under the ※ */
		cs.justify = 1;
		n = compose_text(x->c, f->notes[i], NULL, 0, &cs, &lines);
		if (n < 0)
			return 0;
		struct band *b = figure_add_band(x, fb);
		b->trailer = 1;
		for (long k = 0; k < n; k++) {
			struct draw *d = band_add(x, b, DR_TEXT);
			d->role = DRR_NOTE;
			d->text = &lines[k];
			d->y = figure_baseline(x, pitch * k + (i == 0 ? pitch / 4 : 0), pitch, st->size);
		}
		b->height = pitch * (fixed)n + (i == 0 ? pitch / 4 : 0);
	}
	return 1;
}

/* --- tables --------------------------------------------------------- */

struct placed_cell {
	const struct cell *c;
	int row, col;		/* grid position of the top-left corner */
	struct line *lines;	/* wrapped text */
	long nlines;
	struct line *note;	/* the note in brackets, wrapped */
	long nnote;
	fixed height;		/* content height */
};

struct tlayout {
	struct figure_ctx *x;
	const struct table_def *t;
	struct placed_cell *cells;	/* in row order */
	size_t ncells;
	size_t *row_first;		/* per row (and one past): its first cell */
	fixed colw[TABLE_MAX_GRID];
	fixed int_w[TABLE_MAX_GRID];	/* widest integer part of numbers */
	fixed frac_w[TABLE_MAX_GRID];	/* widest ".digits" */
	fixed unit_w[TABLE_MAX_GRID];	/* widest unit: units hang after the
					 * numbers, all from one line */
	fixed *rowh;
	fixed pad, pitch, size;
	enum font_role font, head_font;
};

static int
is_header(const struct tlayout *tl, int row)
{
	return row < (int)tl->t->nheader;
}

static enum font_role
cell_font(const struct tlayout *tl, const struct placed_cell *pc)
{
	return is_header(tl, pc->row) || pc->col == 0 ? tl->head_font : tl->font;
}

/* The number as printed, split into its sign (△ or −, set tight against
 * the digits, with no 和欧間 space), its integer digits and the rest from
 * the decimal point: "△", "1,234", ".5". */
static const char *
number_parts(const struct cell *c, struct strbuf *sign, struct strbuf *ip, struct strbuf *fp)
{
	const char *s = c->text;

	if (strncmp(s, "\xe2\x96\xb3", 3) == 0 || strncmp(s, "\xe2\x88\x92", 3) == 0) {
		sb_add(sign, s, 3);	/* △ or − */
		s += 3;
	}
	const char *dot = strchr(s, '.');
	size_t n = dot ? (size_t)(dot - s) : strlen(s);

	sb_add(ip, s, n);
	sb_puts(fp, dot ? dot : "");
	return s;
}

/* Width of a strbuf's text, 0 if empty. */
static fixed
sb_width(struct composer *c, const struct strbuf *sb, enum font_role font, fixed size)
{
	return sb->s && sb->len ? compose_width(c, sb->s, font, size) : 0;
}

/* The note as printed: in brackets. Caller frees. */
static char *
note_text(const struct cell *c)
{
	struct strbuf sb = {0};

	sb_printf(&sb, "（%s）", c->note);
	return sb.s;
}

/* Place cells on the grid, skipping columns held by rowspans from above. */
static int
grid_cells(struct tlayout *tl)
{
	const struct table_def *t = tl->t;
	int *held = xcalloc((size_t)t->ncols, sizeof(*held));	/* rows still held */
	size_t total = 0;

	for (size_t r = 0; r < t->nrows; r++)
		total += t->ncells[r];
	tl->cells = arena_alloc(tl->x->arena, (total ? total : 1) * sizeof(*tl->cells));
	tl->row_first = arena_alloc(tl->x->arena, (t->nrows + 1) * sizeof(*tl->row_first));
	for (size_t r = 0; r < t->nrows; r++) {
		int col = 0;
		tl->row_first[r] = tl->ncells;
		for (size_t k = 0; k < t->ncells[r]; k++) {
			const struct cell *c = &t->rows[r][k];
			while (col < t->ncols && held[col] > 0)
				col++;
			if (c->on_grid)	/* resolved by the reader */
				col = c->grid_col;
			if (col + c->colspan > t->ncols) {
				diag(SEV_ERROR, &c->pos, "this cell reaches past the table's %d columns",
				    t->ncols);
				free(held);
				return 0;
			}
			struct placed_cell *pc = &tl->cells[tl->ncells++];
			memset(pc, 0, sizeof(*pc));
			pc->c = c;
			pc->row = (int)r;
			pc->col = col;
			for (int s = 0; s < c->colspan; s++)
				held[col + s] = c->rowspan;
			col += c->colspan;
		}
		for (int s = 0; s < t->ncols; s++)
			if (held[s] > 0)
				held[s]--;
	}
	tl->row_first[t->nrows] = tl->ncells;
	free(held);
	return 1;
}

/* Natural widths of the columns; then fit them to width. */
static void
column_widths(struct tlayout *tl, fixed width)
{
	struct composer *c = tl->x->c;
	const struct table_def *t = tl->t;
	fixed natural[TABLE_MAX_GRID] = {0}, minw[TABLE_MAX_GRID] = {0}, sum = 0;
	/* the narrowest that keeps every phrase of a cell whole */
	fixed phrasew[TABLE_MAX_GRID] = {0};

	for (size_t i = 0; i < tl->ncells; i++) {
		const struct placed_cell *pc = &tl->cells[i];
		const struct cell *ce = pc->c;
		fixed w = 0;
		if (ce->text == NULL)
			continue;
		if (ce->is_number) {
			struct strbuf sign = {0}, ip = {0}, fp = {0};
			number_parts(ce, &sign, &ip, &fp);
			fixed iw = sb_width(c, &sign, tl->font, tl->size) +
			    sb_width(c, &ip, tl->font, tl->size);
			fixed fw = sb_width(c, &fp, tl->font, tl->size);
			fixed uw = ce->unit ? compose_width(c, ce->unit, tl->font, tl->size) : 0;
			sb_free(&sign);
			sb_free(&ip);
			sb_free(&fp);
			if (iw > tl->int_w[pc->col])
				tl->int_w[pc->col] = iw;
			if (fw > tl->frac_w[pc->col])
				tl->frac_w[pc->col] = fw;
			if (uw > tl->unit_w[pc->col])
				tl->unit_w[pc->col] = uw;
		} else
			w = compose_width(c, ce->text, cell_font(tl, pc), tl->size);
		fixed textw = w;	/* what may wrap */
		if (ce->note != NULL) {
			char *note = note_text(ce);
			fixed nw = compose_width(c, note, tl->font, tl->size);
			free(note);
			if (nw > w)
				w = nw;
		}
		if (ce->colspan == 1) {
			if (w + 2 * tl->pad > natural[pc->col])
				natural[pc->col] = w + 2 * tl->pad;
			/* text and notes wrap down to a few ems, numbers never,
			 * nor a word or a figure written as text (12345678):
			 * rather the whole table is drawn smaller */
			fixed m = ce->is_number ? textw : TABLE_MIN_TEXT_EMS * tl->size;
			if (ce->note != NULL && m < TABLE_MIN_TEXT_EMS * tl->size)
				m = TABLE_MIN_TEXT_EMS * tl->size;
			if (m > w)
				m = w;
			if (!ce->is_number) {
				fixed run = compose_unbreakable_width(c, ce->text,
				    cell_font(tl, pc), tl->size);
				if (run > m)
					m = run;
			}
			if (ce->note != NULL) {
				char *note = note_text(ce);
				/* a note may be set smaller, see compose_cells */
				fixed run = compose_unbreakable_width(c, note, tl->font,
				    tl->size * NOTE_MIN_TENTHS / 10);
				free(note);
				if (run > m)
					m = run;
			}
			if (m + 2 * tl->pad > minw[pc->col])
				minw[pc->col] = m + 2 * tl->pad;
			fixed p = ce->is_number ? textw : figure_phrase_width(tl->x, ce->text,
			    cell_font(tl, pc), tl->size);
			if (ce->note != NULL) {
				char *note = note_text(ce);
				fixed pn = figure_phrase_width(tl->x, note, tl->font, tl->size);
				free(note);
				if (pn > p)
					p = pn;
			}
			if (p + 2 * tl->pad > phrasew[pc->col])
				phrasew[pc->col] = p + 2 * tl->pad;
		}
	}
	/* cells keep their phrases whole when the widths allow it */
	fixed need = 0;
	for (int k = 0; k < t->ncols; k++)
		need += phrasew[k] > minw[k] ? phrasew[k] : minw[k];
	if (need <= width)
		for (int k = 0; k < t->ncols; k++)
			if (phrasew[k] > minw[k])
				minw[k] = phrasew[k];
	for (int k = 0; k < t->ncols; k++) {
		fixed nw = tl->int_w[k] + tl->frac_w[k] + tl->unit_w[k] + 2 * tl->pad;
		if (nw > natural[k])
			natural[k] = nw;
		if (nw > minw[k])
			minw[k] = nw;
		if (natural[k] < 2 * tl->size)
			natural[k] = 2 * tl->size;
		sum += natural[k];
	}
	/* Too wide: take from the widest column while it stays above its minimum. */
	while (sum > width) {
		int widest = -1;
		for (int k = 0; k < t->ncols; k++)
			if (natural[k] > minw[k] && (widest < 0 || natural[k] > natural[widest]))
				widest = k;
		if (widest < 0)
			break;
		fixed cut = sum - width < tl->size ? sum - width : tl->size;
		if (natural[widest] - cut < minw[widest])
			cut = natural[widest] - minw[widest];
		natural[widest] -= cut;
		sum -= cut;
	}
	/* Narrower than the measure: share the rest evenly. */
	if (sum < width)
		for (int k = 0; k < t->ncols; k++)
			natural[k] += (width - sum) / t->ncols + (k < (width - sum) % t->ncols ? 1 : 0);
	for (int k = 0; k < t->ncols; k++)
		tl->colw[k] = natural[k];
}

/* Does text set at width break inside a phrase? */
static int
breaks_weak(struct figure_ctx *x, const char *text, enum font_role font, fixed size,
    fixed width)
{
	/* greedy lines tell as much as balanced ones; a scratch arena */
	struct composer trial = *x->c;
	struct arena scratch = {0};
	struct compose_style cs;
	struct line *ls;

	trial.arena = &scratch;
	memset(&cs, 0, sizeof(cs));
	cs.font = font;
	cs.size = size;
	cs.measure = width;
	cs.phrases = 1;
	long n = compose_text(&trial, text, NULL, 0, &cs, &ls);
	int weak = n > 0 && weak_breaks(ls, n) > 0;
	arena_free(&scratch);
	return weak;
}

fixed
figure_phrase_width(struct figure_ctx *x, const char *text, enum font_role font,
    fixed size)
{
	const struct line *l = figure_text(x, text, font, size);
	fixed hi = l != NULL ? l->extent : 0, lo = size / 2;

	if (hi <= lo)
		return hi;
	while (hi - lo > size / 8) {
		fixed mid = lo + (hi - lo) / 2;
		if (breaks_weak(x, text, font, size, mid))
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

static fixed
span_width(const struct tlayout *tl, const struct placed_cell *pc)
{
	fixed w = 0;

	for (int s = 0; s < pc->c->colspan; s++)
		w += tl->colw[pc->col + s];
	return w;
}

static fixed
col_x(const struct tlayout *tl, int col)
{
	fixed x = 0;

	for (int k = 0; k < col; k++)
		x += tl->colw[k];
	return x;
}

static int
compose_cells(struct tlayout *tl)
{
	for (size_t i = 0; i < tl->ncells; i++) {
		struct placed_cell *pc = &tl->cells[i];
		const struct cell *ce = pc->c;
		long lines = 0;
		if (ce->text != NULL && !ce->is_number && ce->text[0] != '\0') {
			lines = figure_wrap(tl->x, ce->text, cell_font(tl, pc), tl->size,
			    span_width(tl, pc) - 2 * tl->pad, &pc->lines);
			if (lines < 0)
				return 0;
		} else if (ce->is_number)
			lines = 1;
		pc->nlines = lines;
		if (ce->note != NULL) {
			/* wrapped to the cell, never cut */
			char *note = note_text(ce);
			fixed w = span_width(tl, pc) - 2 * tl->pad;
			pc->nnote = figure_wrap(tl->x, note, tl->font, tl->size, w, &pc->note);
			/* a note that would break inside a phrase is set smaller,
			 * down to NOTE_MIN_TENTHS of the figure size */
			for (fixed size = tl->size * 19 / 20; pc->nnote > 1 &&
			    weak_breaks(pc->note, pc->nnote) > 0 &&
			    size >= tl->size * NOTE_MIN_TENTHS / 10; size -= tl->size / 20)
				pc->nnote = figure_wrap(tl->x, note, tl->font, size, w, &pc->note);
			free(note);
			if (pc->nnote < 0)
				return 0;
			lines += pc->nnote;
		}
		pc->height = (lines > 0 ? lines : 1) * tl->pitch + 2 * tl->pad;
	}
	/* Row heights: single-row cells first, then rows stretched for spans. */
	tl->rowh = arena_alloc(tl->x->arena, tl->t->nrows * sizeof(*tl->rowh));
	for (size_t i = 0; i < tl->ncells; i++) {
		const struct placed_cell *pc = &tl->cells[i];
		if (pc->c->rowspan == 1 && pc->height > tl->rowh[pc->row])
			tl->rowh[pc->row] = pc->height;
	}
	for (size_t r = 0; r < tl->t->nrows; r++)
		if (tl->rowh[r] == 0)
			tl->rowh[r] = tl->pitch + 2 * tl->pad;
	for (size_t i = 0; i < tl->ncells; i++) {
		const struct placed_cell *pc = &tl->cells[i];
		fixed h = 0;
		int last = pc->row + pc->c->rowspan - 1;
		if (last >= (int)tl->t->nrows)
			last = (int)tl->t->nrows - 1;
		for (int r = pc->row; r <= last; r++)
			h += tl->rowh[r];
		if (h < pc->height)
			tl->rowh[last] += pc->height - h;
	}
	return 1;
}

static void draw_cell_content(struct tlayout *, struct band *, const struct placed_cell *,
    fixed top);

static void
draw_cell(struct tlayout *tl, struct band *b, const struct placed_cell *pc, fixed top)
{
	size_t first = b->n;
	draw_cell_content(tl, b, pc, top);
	for (size_t i = first; i < b->n; i++) {
		struct draw *d = &b->d[i];
		d->role = d->kind == DR_TEXT ? DRR_CELL : DRR_DECOR;
		d->row = pc->row;
		d->col = pc->col;
		d->header = is_header(tl, pc->row) || pc->col == 0;
	}
}

static void
draw_cell_content(struct tlayout *tl, struct band *b, const struct placed_cell *pc, fixed top)
{
	struct figure_ctx *x = tl->x;
	const struct cell *ce = pc->c;
	fixed left = col_x(tl, pc->col), w = span_width(tl, pc), h = 0;
	int last = pc->row + ce->rowspan - 1;

	if (last >= (int)tl->t->nrows)
		last = (int)tl->t->nrows - 1;
	for (int r = pc->row; r <= last; r++)
		h += tl->rowh[r];
	if (is_header(tl, pc->row)) {
		struct draw *d = band_add(x, b, DR_RECT);
		d->x = left;
		d->y = top;
		d->w = w;
		d->h = h;
		d->fill = TABLE_HEADER_GREY;
	}
	/* The cell's content, centred in the block direction. */
	long lines = pc->nlines + pc->nnote;
	fixed y = top + (h - lines * tl->pitch) / 2;
	if (ce->is_number) {
		struct strbuf sign = {0}, ip = {0}, fp = {0};
		const char *digits = number_parts(ce, &sign, &ip, &fp);
		/* the decimal points of a column line up, its units start on one
		 * line after the widest decimals (910人, 95.0%以下, 30億円); the
		 * column's block of numbers and units is centred in the cell */
		fixed iw = sb_width(x->c, &ip, tl->font, tl->size);
		fixed block = tl->int_w[pc->col] + tl->frac_w[pc->col] + tl->unit_w[pc->col];
		fixed point = left + (w - block) / 2 + tl->int_w[pc->col];
		struct draw *d;
		if (sign.len) {
			d = band_add(x, b, DR_TEXT);
			d->text = figure_text(x, sign.s, tl->font, tl->size);
			d->x = point - iw - sb_width(x->c, &sign, tl->font, tl->size);
			d->y = figure_baseline(x, y, tl->pitch, tl->size);
		}
		d = band_add(x, b, DR_TEXT);
		d->text = figure_text(x, digits, tl->font, tl->size);
		d->x = point - iw;
		d->y = figure_baseline(x, y, tl->pitch, tl->size);
		if (ce->unit != NULL && ce->unit[0] != '\0') {
			d = band_add(x, b, DR_TEXT);
			d->text = figure_text(x, ce->unit, tl->font, tl->size);
			d->x = point + tl->frac_w[pc->col];
			d->y = figure_baseline(x, y, tl->pitch, tl->size);
		}
		sb_free(&sign);
		sb_free(&ip);
		sb_free(&fp);
		y += tl->pitch;
	} else
		for (long i = 0; i < pc->nlines; i++) {
			const struct line *ln = &pc->lines[i];
			struct draw *d = band_add(x, b, DR_TEXT);
			d->text = ln;
			/* headers and one-line cells centred, wrapped text flush left */
			if (is_header(tl, pc->row) || pc->nlines == 1)
				d->x = left + (w - ln->extent) / 2;
			else
				d->x = left + tl->pad;
			if (pc->col == 0 && !is_header(tl, pc->row))
				d->x = left + tl->pad;
			d->y = figure_baseline(x, y, tl->pitch, tl->size);
			y += tl->pitch;
		}
	for (long i = 0; i < pc->nnote; i++) {
		/* the note's lines are balanced; each centred */
		struct draw *d = band_add(x, b, DR_TEXT);
		d->text = &pc->note[i];
		d->x = left + (w - pc->note[i].extent) / 2;
		d->y = figure_baseline(x, y, tl->pitch, tl->size);
		y += tl->pitch;
	}
}

/* Rules of one band of rows: each cell's frame, heavier outside. */
static void rule_cells_draw(struct tlayout *, struct band *, int r0, int r1, fixed top);

static void
rule_cells(struct tlayout *tl, struct band *b, int r0, int r1, fixed top)
{
	size_t first = b->n;
	rule_cells_draw(tl, b, r0, r1, top);
	for (size_t i = first; i < b->n; i++)
		b->d[i].role = DRR_DECOR;
}

static void
rule_cells_draw(struct tlayout *tl, struct band *b, int r0, int r1, fixed top)
{
	struct figure_ctx *x = tl->x;
	fixed thin = PT(0.4), thick = PT(0.9);

	for (size_t i = tl->row_first[r0]; i < tl->row_first[r1 + 1]; i++) {
		const struct placed_cell *pc = &tl->cells[i];
		fixed y = top, h = 0;
		for (int r = r0; r < pc->row; r++)
			y += tl->rowh[r];
		for (int r = pc->row; r < pc->row + pc->c->rowspan && r < (int)tl->t->nrows; r++)
			h += tl->rowh[r];
		fixed l = col_x(tl, pc->col), w = span_width(tl, pc);
		struct draw *d;
		/* left and top of every cell; right and bottom at the table's edge */
		d = band_add(x, b, DR_LINE);
		d->x = l; d->y = y; d->h = h; d->stroke = pc->col == 0 ? thick : thin;
		d = band_add(x, b, DR_LINE);
		d->x = l; d->y = y; d->w = w;
		d->stroke = pc->row == 0 ? thick : thin;
		if (pc->col + pc->c->colspan == tl->t->ncols) {
			d = band_add(x, b, DR_LINE);
			d->x = l + w; d->y = y; d->h = h; d->stroke = thick;
		}
		if (pc->row + pc->c->rowspan >= (int)tl->t->nrows) {
			d = band_add(x, b, DR_LINE);
			d->x = l; d->y = y + h; d->w = w; d->stroke = thick;
		}
		/* the header's foot is drawn double-weight */
		if (pc->row + pc->c->rowspan == (int)tl->t->nheader) {
			d = band_add(x, b, DR_LINE);
			d->x = l; d->y = y + h; d->w = w; d->stroke = thick;
		}
	}
}

static int
table_build(struct figure_ctx *x, const struct figure_def *f, fixed width,
    struct figure_box *fb)
{
	struct tlayout tl;
	const struct table_def *t = &f->u.table;

	memset(&tl, 0, sizeof(tl));
	tl.x = x;
	tl.t = t;
	tl.size = x->l->figure.size;
	tl.font = x->l->figure.font;
	tl.head_font = x->l->caption.font;
	tl.pitch = figure_leading(tl.size);
	tl.pad = tl.size / 3;
	if (t->ncols > TABLE_MAX_GRID)
		return 0;
	if (!grid_cells(&tl))
		return 0;
	column_widths(&tl, width);
	/* columns at their narrowest still wider than the frame: the table
	 * keeps its width and is drawn smaller (flow.c decides how much) */
	fixed table_width = 0;
	for (int k = 0; k < t->ncols; k++)
		table_width += tl.colw[k];
	if (table_width > width)
		fb->width = width = table_width;
	if (!compose_cells(&tl))
		return 0;
	fb->splittable = 1;
	figure_caption(x, fb, f);
	if (t->unit != NULL) {
		/* the unit sits over the table's right edge */
		struct band *b = &fb->bands[fb->nbands - 1];
		const struct line *ln = figure_text(x, t->unit, tl.font, tl.size);
		if (ln != NULL) {
			struct draw *d = band_add(x, b, DR_TEXT);
			d->role = DRR_UNIT;
			d->text = ln;
			d->x = width - ln->extent;
			d->y = b->height + figure_baseline(x, 0, tl.pitch, tl.size);
			b->height += tl.pitch;
		}
	}
	/* One band for the header rows, one for each body row (a row with a
	 * rowspan keeps the rows it spans in its band). */
	int r = 0;
	while (r < (int)t->nrows) {
		int r1 = r;
		if (is_header(&tl, r))
			r1 = (int)t->nheader - 1;
		if (r1 >= (int)t->nrows)
			r1 = (int)t->nrows - 1;
		/* the bound grows as r1 does: rows a rowspan pulls in are
		 * scanned for rowspans of their own */
		for (size_t i = tl.row_first[r]; i < tl.row_first[r1 + 1]; i++) {
			const struct placed_cell *pc = &tl.cells[i];
			if (pc->row + pc->c->rowspan - 1 > r1)
				r1 = pc->row + pc->c->rowspan - 1;
			if (r1 >= (int)t->nrows)
				r1 = (int)t->nrows - 1;
		}
		struct band *b = figure_add_band(x, fb);
		b->repeat = is_header(&tl, r);
		fixed top = 0;
		for (size_t i = tl.row_first[r]; i < tl.row_first[r1 + 1]; i++) {
			const struct placed_cell *pc = &tl.cells[i];
			fixed y = 0;
			for (int k = r; k < pc->row; k++)
				y += tl.rowh[k];
			draw_cell(&tl, b, pc, top + y);
		}
		rule_cells(&tl, b, r, r1, top);
		for (int k = r; k <= r1; k++)
			b->height += tl.rowh[k];
		r = r1 + 1;
	}
	return figure_notes(x, fb, f);
}

int
figure_build(struct figure_ctx *x, const struct figure_def *f, fixed width,
    struct figure_box *out)
{
	memset(out, 0, sizeof(*out));
	out->width = width;
	out->scale = 1000;
	switch (f->kind) {
	case FIG_TABLE:
		return table_build(x, f, width, out);
	case FIG_CHART:
		return chart_build(x, f, width, out);
	case FIG_DIAGRAM:
		return diagram_build(x, f, width, out);
	}
	return 0;
}

char *
figure_alt(const struct figure_def *f, const struct document *doc, int kanji)
{
	struct strbuf s = {0};

	if (f->alt != NULL)
		sb_puts(&s, f->alt);
	else if (f->kind == FIG_CHART)
		chart_alt(f, &s);
	else if (f->kind == FIG_DIAGRAM)
		diagram_alt(f, doc, kanji, &s);
	else
		sb_printf(&s, "表　%s", f->caption);
	return s.s != NULL ? s.s : xstrdup("");
}
