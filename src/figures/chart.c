/*
 * Charts drawn from table rows: a trend chart (one value per year, the
 * target as a dashed reference line) and a horizontal stacked bar chart.
 * Greys and outlines, never colour alone, so that print in grey reads.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "font.h"

/* Fills of stacked series, dark to light (0 black, 1000 white). */
static const int series_grey[] = { 450, 650, 820, 960, 300, 560, 740, 900 };
#define SERIES_MAX (sizeof(series_grey) / sizeof(*series_grey))
/* Plot height of a trend chart, in tenths of its width. */
#define TREND_HEIGHT_TENTHS 6
/* Values a chart takes from one table row or column. */
#define TABLE_MAX_COLS_CHART 16

struct axis {
	double lo, hi, step;
};

/* A scale of 4 to 6 steps of 1, 2, 2.5 or 5 times a power of ten. */
static void
nice_axis(double lo, double hi, int from_zero, struct axis *a)
{
	static const double mult[] = { 1, 2, 2.5, 5, 10 };
	double range, raw, p;

	if (from_zero && lo > 0)
		lo = 0;
	if (hi <= lo)
		hi = lo + 1;
	range = hi - lo;
	raw = range / 5;
	p = pow(10, floor(log10(raw)));
	a->step = p * 10;
	for (size_t i = 0; i < sizeof(mult) / sizeof(*mult); i++)
		if (mult[i] * p >= raw) {
			a->step = mult[i] * p;
			break;
		}
	a->lo = floor(lo / a->step) * a->step;
	a->hi = ceil(hi / a->step) * a->step;
	if (!from_zero && a->lo == lo && lo > 0)
		a->lo -= a->step;	/* keep the lowest point off the axis */
	if (a->hi == hi)
		a->hi += a->step;	/* room for the data label */
}

static void
format_value(char *buf, size_t n, double v, int decimals)
{
	snprintf(buf, n, "%.*f", decimals, v);
}

static const char *
header_label(const struct table_def *t, int col)
{
	const struct cell *c;

	if (t->nheader == 0 || (c = table_cell_at(t, 0, col)) == NULL || c->text == NULL)
		return "";
	return c->text;
}

/* Text at size with its baseline at py; a white ground if boxed. */
static void
add_text_at(struct figure_ctx *x, struct band *b, const char *s, fixed px, fixed py,
    int align /* -1 left of, 0 centred on, 1 right of px */, fixed size, int boxed)
{
	const struct line *ln = figure_text(x, s, x->l->figure.font, size);
	if (ln == NULL)
		return;
	fixed left = align < 0 ? px - ln->extent : align == 0 ? px - ln->extent / 2 : px;
	if (boxed) {
		/* keeps a data label legible over grid lines and the series */
		struct draw *r = band_add(x, b, DR_RECT);
		r->x = left - size / 8;
		r->y = py - size * 7 / 8;
		r->w = ln->extent + size / 4;
		r->h = size;
		r->fill = 1000;
	}
	struct draw *d = band_add(x, b, DR_TEXT);
	d->text = ln;
	d->x = left;
	d->y = py;
}

static void
add_text(struct figure_ctx *x, struct band *b, const char *s, fixed px, fixed py,
    int align)
{
	add_text_at(x, b, s, px, py, align, x->l->figure.size, 0);
}

static struct draw *
add_line(struct figure_ctx *x, struct band *b, fixed x0, fixed y0, fixed x1, fixed y1,
    fixed stroke)
{
	struct draw *d = band_add(x, b, DR_LINE);
	d->x = x0;
	d->y = y0;
	d->w = x1 - x0;
	d->h = y1 - y0;
	d->stroke = stroke;
	return d;
}

static int
trend_build(struct figure_ctx *x, const struct figure_def *f, fixed width,
    struct figure_box *fb)
{
	const struct chart_def *c = &f->u.chart;
	const struct table_def *t = &c->data->u.table;
	fixed size = x->l->figure.size, pitch = figure_leading(size);
	double v[TABLE_MAX_COLS_CHART], target = 0, lo = 1e300, hi = -1e300;
	int has[TABLE_MAX_COLS_CHART] = {0}, n = c->last_col - c->first_col + 1;
	int has_target = 0, decimals = 0;
	size_t row;
	char buf[64];

	for (row = t->nheader; row < t->nrows; row++)
		if (t->rows[row][0].text && strcmp(t->rows[row][0].text, c->row) == 0)
			break;
	for (int i = 0; i < n; i++) {
		const struct cell *ce = table_cell_at(t, row, c->first_col + i);
		if (ce != NULL && ce->is_number) {
			v[i] = ce->value;
			has[i] = 1;
			if (ce->decimals > decimals)
				decimals = ce->decimals;
			if (v[i] < lo)
				lo = v[i];
			if (v[i] > hi)
				hi = v[i];
		}
	}
	const struct cell *tc = c->target_col ? table_cell_at(t, row, c->target_col) : NULL;
	if (tc != NULL && tc->is_number) {
		target = tc->value;
		has_target = 1;
		if (target < lo)
			lo = target;
		if (target > hi)
			hi = target;
	}
	if (lo > hi)
		lo = hi = 0;
	struct axis a;
	nice_axis(lo, hi, 0, &a);

	figure_caption(x, fb, f);
	struct band *b = figure_add_band(x, fb);
	fixed left = 4 * size, right = width - size, top = pitch + pitch / 2, bottom;
	fixed plot_h = width * TREND_HEIGHT_TENTHS / 10 - 3 * pitch;
	bottom = top + plot_h;
	b->height = bottom + 2 * pitch;
	/* unit over the value axis */
	snprintf(buf, sizeof(buf), "（%s）", c->unit);
	add_text(x, b, buf, left - size / 2, figure_baseline(x, 0, pitch, size), -1);
	/* value axis: ticks and labels */
	int steps = (int)lround((a.hi - a.lo) / a.step);
	int axis_dec = a.step < 1 ? (a.step < 0.1 ? 2 : 1) : 0;
	for (int i = 0; i <= steps; i++) {
		double val = a.lo + i * a.step;
		fixed y = bottom - (fixed)((val - a.lo) / (a.hi - a.lo) * plot_h);
		struct draw *g = add_line(x, b, left, y, right, y, PT(0.25));
		g->dashed = i > 0;
		format_value(buf, sizeof(buf), val, axis_dec);
		add_text(x, b, buf, left - size / 3, y + size / 3, -1);
	}
	add_line(x, b, left, top, left, bottom, PT(0.6));
	add_line(x, b, left, bottom, right, bottom, PT(0.6));
	/* categories, their labels made smaller if a slot is too narrow */
	fixed slot = (right - left) / n, label_size = size;
	fixed px[TABLE_MAX_COLS_CHART], py[TABLE_MAX_COLS_CHART];
	for (int i = 0; i < n; i++) {
		fixed w = compose_width(x->c, header_label(t, c->first_col + i),
		    x->l->figure.font, size);
		if (w > slot * 8 / 10 && w > 0) {
			fixed s2 = (fixed)((int64_t)size * (slot * 8 / 10) / w);
			if (s2 < label_size)
				label_size = s2;
		}
	}
	for (int i = 0; i < n; i++) {
		px[i] = left + slot * i + slot / 2;
		py[i] = has[i] ? bottom - (fixed)((v[i] - a.lo) / (a.hi - a.lo) * plot_h) : 0;
		add_text_at(x, b, header_label(t, c->first_col + i), px[i],
		    bottom + figure_baseline(x, 0, pitch, size), 0, label_size, 0);
	}
	/* target reference line, labelled at the end whose point lies farther */
	if (has_target) {
		fixed y = bottom - (fixed)((target - a.lo) / (a.hi - a.lo) * plot_h);
		struct draw *d = add_line(x, b, left, y, right, y, PT(0.8));
		d->dashed = 2;
		format_value(buf, sizeof(buf), target, tc->decimals);
		char lab[96];
		snprintf(lab, sizeof(lab), "目標 %s%s", buf, tc->unit ? tc->unit : "");
		int last = n - 1;
		while (last > 0 && !has[last])
			last--;
		fixed dl = has[0] ? labs((long)(py[0] - y)) : plot_h;
		fixed dr = has[last] ? labs((long)(py[last] - y)) : plot_h;
		/* below the line when the nearer points stand above it */
		fixed ly = y - size / 3;
		if (dl >= dr)
			add_text_at(x, b, lab, left + size / 2, ly, 1, size, 1);
		else
			add_text_at(x, b, lab, right - size / 2, ly, -1, size, 1);
	}
	/* the series: a line with square markers and data labels */
	for (int i = 0; i + 1 < n; i++)
		if (has[i] && has[i + 1])
			add_line(x, b, px[i], py[i], px[i + 1], py[i + 1], PT(1.2));
	for (int i = 0; i < n; i++) {
		if (!has[i])
			continue;
		struct draw *d = band_add(x, b, DR_RECT);
		d->x = px[i] - size / 4;
		d->y = py[i] - size / 4;
		d->w = d->h = size / 2;
		d->fill = 0;
		format_value(buf, sizeof(buf), v[i], decimals);
		add_text_at(x, b, buf, px[i], py[i] - size / 2, 0, size, 1);
	}
	return figure_notes(x, fb, f);
}

static int
stacked_build(struct figure_ctx *x, const struct figure_def *f, fixed width,
    struct figure_box *fb)
{
	const struct chart_def *c = &f->u.chart;
	const struct table_def *t = &c->data->u.table;
	fixed size = x->l->figure.size, pitch = figure_leading(size);
	size_t body_end = t->nrows - (t->sum_last_row && t->nrows > 0 ? 1 : 0);
	size_t ncat, nser;

	if (body_end <= t->nheader) {
		diag(SEV_ERROR, &f->pos, "chart '%s': table '%s' has no rows to draw", f->id,
		    c->data->id);
		return 0;
	}
	char buf[64];

	/* categories x series: rows x columns, or columns x rows */
	int ncols = c->last_col - c->first_col + 1;
	size_t nrows = body_end - t->nheader;
	ncat = c->by_column ? (size_t)ncols : nrows;
	nser = c->by_column ? nrows : (size_t)ncols;
	if (nser > SERIES_MAX) {
		diag(SEV_ERROR, &f->pos, "a stacked chart has at most %zu series", SERIES_MAX);
		return 0;
	}
	double *val = xcalloc(ncat * nser + 1, sizeof(*val));
	const char **cat = xcalloc(ncat + 1, sizeof(*cat));
	const char **ser = xcalloc(nser + 1, sizeof(*ser));
	double max = 0;
	for (size_t r = 0; r < nrows; r++)
		for (int k = 0; k < ncols; k++) {
			const struct cell *ce = table_cell_at(t, t->nheader + r, c->first_col + k);
			double v = ce && ce->is_number ? ce->value : 0;
			size_t ci = c->by_column ? (size_t)k : r, si = c->by_column ? r : (size_t)k;
			val[ci * nser + si] = v;
		}
	for (size_t r = 0; r < nrows; r++) {
		const char *lab = t->rows[t->nheader + r][0].text ? t->rows[t->nheader + r][0].text : "";
		if (c->by_column)
			ser[r] = lab;
		else
			cat[r] = lab;
	}
	for (int k = 0; k < ncols; k++) {
		const char *lab = header_label(t, c->first_col + k);
		if (c->by_column)
			cat[k] = lab;
		else
			ser[k] = lab;
	}
	for (size_t ci = 0; ci < ncat; ci++) {
		double sum = 0;
		for (size_t si = 0; si < nser; si++)
			sum += val[ci * nser + si];
		if (sum > max)
			max = sum;
	}
	struct axis a;
	nice_axis(0, max, 1, &a);

	figure_caption(x, fb, f);
	/* legend: a swatch and the series name each, wrapped onto lines */
	struct band *lg = figure_add_band(x, fb);
	fixed lx = 0, ly = 0;
	for (size_t si = 0; si < nser; si++) {
		fixed w = size + size / 2 + compose_width(x->c, ser[si], x->l->figure.font, size) + size;
		if (lx > 0 && lx + w > width) {
			lx = 0;
			ly += pitch;
		}
		struct draw *d = band_add(x, lg, DR_RECT);
		d->x = lx;
		d->y = ly + (pitch - size) / 2;
		d->w = d->h = size;
		d->fill = series_grey[si];
		d->stroke = PT(0.4);
		add_text(x, lg, ser[si], lx + size + size / 2, figure_baseline(x, ly, pitch, size), 1);
		lx += w;
	}
	lg->height = ly + pitch + pitch / 2;

	/* category labels on the left, wrapped to a third of the width */
	fixed label_w = 0;
	for (size_t ci = 0; ci < ncat; ci++) {
		fixed w = compose_width(x->c, cat[ci], x->l->figure.font, size);
		if (w > label_w)
			label_w = w;
	}
	if (label_w > width / 3)
		label_w = width / 3;
	fixed left = label_w + size, right = width - 3 * size;
	fixed bar_h = pitch + pitch / 3, row_h = 2 * pitch;
	struct band *b = figure_add_band(x, fb);
	fixed y = 0;
	for (size_t ci = 0; ci < ncat; ci++) {
		struct line *ls;
		long nl = figure_wrap(x, cat[ci], x->l->figure.font, size, label_w, &ls);
		fixed rh = nl * pitch > row_h ? nl * pitch + pitch / 2 : row_h;
		for (long i = 0; i < nl; i++) {
			struct draw *d = band_add(x, b, DR_TEXT);
			d->text = &ls[i];
			d->x = left - size / 2 - ls[i].extent;
			d->y = figure_baseline(x, y + (rh - nl * pitch) / 2 + i * pitch, pitch, size);
		}
		fixed bx = left, by = y + (rh - bar_h) / 2;
		double sum = 0;
		for (size_t si = 0; si < nser; si++) {
			double v = val[ci * nser + si];
			sum += v;
			fixed w = (fixed)(v / a.hi * (right - left));
			if (w <= 0)
				continue;
			struct draw *d = band_add(x, b, DR_RECT);
			d->x = bx;
			d->y = by;
			d->w = w;
			d->h = bar_h;
			d->fill = series_grey[si];
			d->stroke = PT(0.4);
			format_value(buf, sizeof(buf), v, 0);
			fixed tw = compose_width(x->c, buf, x->l->figure.font, size);
			if (tw + size / 2 < w)
				add_text(x, b, buf, bx + w / 2, figure_baseline(x, by, bar_h, size), 0);
			bx += w;
		}
		format_value(buf, sizeof(buf), sum, 0);
		add_text(x, b, buf, bx + size / 3, figure_baseline(x, by, bar_h, size), 1);
		y += rh;
	}
	/* value axis under the bars */
	add_line(x, b, left, 0, left, y, PT(0.6));
	add_line(x, b, left, y, right, y, PT(0.6));
	int steps = (int)lround(a.hi / a.step);
	for (int i = 0; i <= steps; i++) {
		fixed px = left + (fixed)(i * a.step / a.hi * (right - left));
		add_line(x, b, px, y, px, y + size / 3, PT(0.4));
		format_value(buf, sizeof(buf), i * a.step, a.step < 1 ? 1 : 0);
		add_text(x, b, buf, px, y + figure_baseline(x, size / 3, pitch, size), 0);
	}
	snprintf(buf, sizeof(buf), "（%s）", c->unit);
	add_text(x, b, buf, right + size / 2, y + figure_baseline(x, size / 3, pitch, size), 1);
	b->height = y + size / 3 + pitch + pitch / 2;
	free(val);
	free(cat);
	free(ser);
	return figure_notes(x, fb, f);
}

int
chart_build(struct figure_ctx *x, const struct figure_def *f, fixed width,
    struct figure_box *fb)
{
	if (f->u.chart.last_col - f->u.chart.first_col + 1 > TABLE_MAX_COLS_CHART)
		return 0;
	return f->u.chart.kind == CHART_TREND ? trend_build(x, f, width, fb) :
	    stacked_build(x, f, width, fb);
}
