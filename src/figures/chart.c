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
#include "number.h"
#include "font.h"

/*
 * Fills of stacked series, dark to light (0 black, 1000 white): four greys
 * that stay apart in grey print, each with a pattern (series_pattern).
 */
static const int series_grey[] = { 450, 650, 820, 960, 450, 650, 820, 960 };
#define SERIES_MAX (sizeof(series_grey) / sizeof(*series_grey))
#define SERIES_PLAIN 4
/* Labels on fills darker than this are set in white. */
#define DARK_FILL 500
/* Plot height of a trend chart, in tenths of its width. */
#define TREND_HEIGHT_TENTHS 6
/* Values a chart takes from one table row or column. */
#define TABLE_MAX_COLS_CHART 16

struct axis {
	double lo, hi, step;
	int decimals;		/* digits after the point the step needs */
};

/*
 * A scale of steps of 1, 2, 2.5 or 5 times a power of ten, about 4 of
 * them and at most max_steps, negatives included; room is left above the
 * highest value (and below the lowest unless from zero).
 */
static void
nice_axis(double lo, double hi, int from_zero, int max_steps, struct axis *a)
{
	static const double mult[] = { 1, 2, 2.5, 5 };

	if (from_zero && lo > 0)
		lo = 0;
	if (from_zero && hi < 0)
		hi = 0;
	if (hi <= lo)
		hi = lo + 1;
	/* equal huge values (lo + 1 == lo): a range around the value */
	double m = fmax(fabs(lo), fabs(hi));
	if (hi - lo < m * 1e-9) {
		lo -= m * 0.1;
		hi += m * 0.1;
	}
	if (max_steps < 2)
		max_steps = 2;
	double raw = (hi - lo) / (max_steps < 4 ? max_steps : 4);
	int k = (int)floor(log10(raw));
	for (;; k++) {
		double p = pow(10, k);
		size_t i;
		for (i = 0; i < sizeof(mult) / sizeof(*mult); i++) {
			double st = mult[i] * p;
			if (st < raw * 0.999)
				continue;
			double l = floor(lo / st + 1e-9) * st, h = ceil(hi / st - 1e-9) * st;
			if (!from_zero && l >= lo - 1e-9 * st && lo != 0)
				l -= st;	/* keep the lowest point off the axis */
			if (h <= hi + 1e-9 * st)
				h += st;	/* room for the data label */
			if ((h - l) / st <= max_steps + 1e-9) {
				a->lo = l;
				a->hi = h;
				a->step = st;
				a->decimals = k >= 0 ? 0 : -k + (mult[i] == 2.5 ? 1 : 0);
				if (k == 0 && mult[i] == 2.5)
					a->decimals = 1;
				return;
			}
		}
	}
}

/*
 * Whether values from lo to hi, with decimals digits after the point, can
 * be drawn and labelled: as many digits as a number of a table may have.
 * Reported at the chart when not.
 */
static int
chart_fits(const struct figure_def *f, double lo, double hi, int decimals)
{
	double m = fmax(fabs(lo), fabs(hi)) * pow(10, decimals);

	if (isfinite(m) && m < 1e18 && decimals <= NUMBER_MAX_DIGITS)
		return 1;
	diag(SEV_ERROR, &f->pos, "chart '%s': an axis for its values would reach %.6g, "
	    "beyond the %d digits a number may have", f->id,
	    fabs(lo) > fabs(hi) ? lo : hi, NUMBER_MAX_DIGITS);
	return 0;
}

static void
format_value(char *buf, size_t n, double v, int decimals, const struct figure_def *f)
{
	if (!(fabs(v) * pow(10, decimals) < 1e18) || decimals > NUMBER_MAX_DIGITS) {
		snprintf(buf, n, "?");	/* chart_fits() has reported it */
		return;
	}
	/* as the table prints it: separators, △ or − for negatives */
	const struct figure_def *t = f->u.chart.data;
	struct decimal d = { (int64_t)llround(v * pow(10, decimals)), decimals };
	struct strbuf sb = {0};
	int minus = 0;

	for (size_t r = 0; t != NULL && r < t->u.table.nrows && !minus; r++)
		for (size_t k = 0; k < t->u.table.ncells[r]; k++)
			minus |= t->u.table.rows[r][k].negative_minus;
	number_format(&sb, d, minus ? NEG_MINUS : NEG_TRIANGLE);
	snprintf(buf, n, "%s", sb.s != NULL ? sb.s : "0");
	sb_free(&sb);
}

/* The width of the axis's widest tick label. */
static fixed
widest_tick(struct figure_ctx *x, const struct figure_def *f, const struct axis *a,
    fixed size)
{
	int steps = (int)lround((a->hi - a->lo) / a->step);
	fixed widest = 0;
	char buf[64];

	for (int i = 0; i <= steps; i++) {
		format_value(buf, sizeof(buf), a->lo + i * a->step, a->decimals, f);
		fixed w = compose_width(x->c, buf, x->l->figure.font, size);
		if (w > widest)
			widest = w;
	}
	return widest;
}

static const char *
header_label(const struct table_def *t, int col)
{
	const struct cell *c;

	if (t->nheader == 0 || (c = table_cell_at(t, 0, col)) == NULL || c->text == NULL)
		return "";
	return c->text;
}

/*
 * What is drawn so far, for placing labels clear of it: boxes (texts,
 * markers, bar segments) and segments (lines). Soft items (gridlines) are
 * avoided only while a place clear of them can be found.
 */
struct rect {
	fixed x0, y0, x1, y1;
	int soft;
};

struct placer {
	struct rect *r;
	size_t nr, cr;
	struct rect *s;		/* segments: (x0, y0) to (x1, y1) */
	size_t ns, cs;
	struct rect bounds;
};

static void
placer_box(struct placer *p, fixed x0, fixed y0, fixed x1, fixed y1, int soft)
{
	if (p->nr == p->cr) {
		p->cr = p->cr ? 2 * p->cr : 32;
		p->r = xrealloc(p->r, p->cr * sizeof(*p->r));
	}
	p->r[p->nr++] = (struct rect){ x0 < x1 ? x0 : x1, y0 < y1 ? y0 : y1,
	    x0 < x1 ? x1 : x0, y0 < y1 ? y1 : y0, soft };
}

static void
placer_seg(struct placer *p, fixed x0, fixed y0, fixed x1, fixed y1, int soft)
{
	if (p->ns == p->cs) {
		p->cs = p->cs ? 2 * p->cs : 32;
		p->s = xrealloc(p->s, p->cs * sizeof(*p->s));
	}
	p->s[p->ns++] = (struct rect){ x0, y0, x1, y1, soft };
}

static void
placer_free(struct placer *p)
{
	free(p->r);
	free(p->s);
}

static int
rect_meet(const struct rect *a, const struct rect *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Whether the segment s passes through the box r (Liang-Barsky). */
static int
seg_meet(const struct rect *r, const struct rect *s)
{
	double t0 = 0, t1 = 1, dx = (double)s->x1 - s->x0, dy = (double)s->y1 - s->y0;
	double p[4] = { -dx, dx, -dy, dy };
	double q[4] = { (double)s->x0 - r->x0, (double)r->x1 - s->x0,
	    (double)s->y0 - r->y0, (double)r->y1 - s->y0 };
	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] <= 0)
				return 0;
			continue;
		}
		double t = q[i] / p[i];
		if (p[i] < 0) {
			if (t > t0)
				t0 = t;
		} else if (t < t1)
			t1 = t;
		if (t0 >= t1)
			return 0;
	}
	return 1;
}

static int
placer_clear(const struct placer *p, const struct rect *r, int hard_only)
{
	if (r->x0 < p->bounds.x0 || r->x1 > p->bounds.x1 || r->y0 < p->bounds.y0 ||
	    r->y1 > p->bounds.y1)
		return 0;
	for (size_t i = 0; i < p->nr; i++)
		if ((!hard_only || !p->r[i].soft) && rect_meet(r, &p->r[i]))
			return 0;
	for (size_t i = 0; i < p->ns; i++)
		if ((!hard_only || !p->s[i].soft) && seg_meet(r, &p->s[i]))
			return 0;
	return 1;
}

/* The ink box of a text at size: 0.88 em above the baseline, 0.12 below. */
static struct rect
ink_box(fixed left, fixed base, fixed extent, fixed size, fixed pad)
{
	return (struct rect){ left - pad, base - size * 88 / 100 - pad,
	    left + extent + pad, base + size * 12 / 100 + pad, 0 };
}

/* Text at size with its baseline at py: black, on a white ground (halo)
 * if boxed is 1; white if boxed is TEXT_WHITE (on a dark fill). */
#define TEXT_WHITE 2
static void
put_text(struct figure_ctx *x, struct band *b, const struct line *ln, fixed left,
    fixed py, fixed size, int boxed)
{
	if (boxed == 1) {
		struct draw *r = band_add(x, b, DR_RECT);
		r->x = left - size / 8;
		r->y = py - size * 88 / 100 - size / 16;
		r->w = ln->extent + size / 4;
		r->h = size + size / 8;
		r->fill = 1000;
	}
	struct draw *d = band_add(x, b, DR_TEXT);
	d->text = ln;
	d->x = left;
	d->y = py;
	if (boxed == TEXT_WHITE)
		d->fill = 1000;
}

static const struct line *
add_text_at(struct figure_ctx *x, struct band *b, const char *s, fixed px, fixed py,
    int align /* -1 left of, 0 centred on, 1 right of px */, fixed size, int boxed,
    struct placer *pl)
{
	const struct line *ln = figure_text(x, s, x->l->figure.font, size);
	if (ln == NULL)
		return NULL;
	fixed left = align < 0 ? px - ln->extent : align == 0 ? px - ln->extent / 2 : px;
	put_text(x, b, ln, left, py, size, boxed);
	if (pl != NULL) {
		struct rect r = ink_box(left, py, ln->extent, size, size / 8);
		placer_box(pl, r.x0, r.y0, r.x1, r.y1, 0);
	}
	return ln;
}

/* A candidate place of a label: left edge and baseline. */
struct spot {
	fixed left, base;
};

/*
 * Place text at the first spot clear of everything placed: among the
 * first nsoft spots one clear of gridlines too, else any; with a halo; the
 * first spot if none is clear. The label becomes an obstacle. Return the
 * spot taken.
 */
static int
place_label(struct figure_ctx *x, struct band *b, struct placer *pl, const char *s,
    fixed size, const struct spot *sp, int nsp, int nsoft)
{
	const struct line *ln = figure_text(x, s, x->l->figure.font, size);
	int take = 0;

	if (ln == NULL)
		return -1;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < (pass ? nsp : nsoft); i++) {
			struct rect r = ink_box(sp[i].left, sp[i].base, ln->extent, size, size / 8);
			if (placer_clear(pl, &r, pass)) {
				take = i;
				goto found;
			}
		}
found:
	put_text(x, b, ln, sp[take].left, sp[take].base, size, 1);
	struct rect r = ink_box(sp[take].left, sp[take].base, ln->extent, size, size / 8);
	placer_box(pl, r.x0, r.y0, r.x1, r.y1, 0);
	return take;
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

/* A light gridline: a thin grey bar, lighter than any black rule. */
static void
add_gridline(struct figure_ctx *x, struct band *b, fixed x0, fixed x1, fixed y)
{
	struct draw *d = band_add(x, b, DR_RECT);
	d->x = x0;
	d->y = y - PT(0.2);
	d->w = x1 - x0;
	d->h = PT(0.4);
	d->fill = 780;
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

	struct placer pl;
	memset(&pl, 0, sizeof(pl));
	fixed right = width - size / 2, top = pitch + pitch / 2, bottom;
	fixed plot_h = width * TREND_HEIGHT_TENTHS / 10 - 3 * pitch;
	if (plot_h < 6 * pitch)
		plot_h = 6 * pitch;
	bottom = top + plot_h;
	/* ticks at least a label and a half apart */
	struct axis a;
	double pad = (hi - lo) * 0.12;
	nice_axis(lo - pad, hi + pad, 0, (int)(plot_h / (size + size / 2)), &a);
	/* the highest and lowest points at least a label's height from the
	 * ends of the axis */
	if ((hi - a.lo) / (a.hi - a.lo) * plot_h > plot_h - 3 * size / 2)
		a.hi += a.step;
	if ((lo - a.lo) / (a.hi - a.lo) * plot_h < 2 * size + size / 4)
		a.lo -= a.step;	/* room for a label under the lowest point */
	if (!chart_fits(f, a.lo, a.hi, a.decimals > decimals ? a.decimals : decimals))
		return 0;
	figure_caption(x, fb, f);
	struct band *b = figure_add_band(x, fb);
	int steps = (int)lround((a.hi - a.lo) / a.step);
	/* the value axis as far in as its widest tick label needs */
	fixed tick_w = widest_tick(x, f, &a, size);
	fixed left = tick_w + size / 2 + size / 4;
	pl.bounds = (struct rect){ left + PT(0.5), 0, width, bottom - PT(0.5), 0 };
	/* unit above the value axis, clear of the top tick label */
	snprintf(buf, sizeof(buf), "（%s）", c->unit);
	add_text_at(x, b, buf, 0, figure_baseline(x, 0, pitch, size) - pitch / 4, 1, size, 0,
	    &pl);
	/* value axis: light gridlines and tick labels */
	for (int i = 0; i <= steps; i++) {
		double val = a.lo + i * a.step;
		fixed y = bottom - (fixed)((val - a.lo) / (a.hi - a.lo) * plot_h);
		if (i > 0 && fabs(val) > a.step * 1e-6) {
			add_gridline(x, b, left, right, y);
			placer_seg(&pl, left, y, right, y, 1);
		}
		format_value(buf, sizeof(buf), val, a.decimals, f);
		add_text_at(x, b, buf, left - size / 2, y + size * 38 / 100, -1, size, 0, &pl);
	}
	add_line(x, b, left, top, left, bottom, PT(0.6));
	add_line(x, b, left, bottom, right, bottom, PT(0.6));
	placer_seg(&pl, left, top, left, bottom, 0);
	placer_seg(&pl, left, bottom, right, bottom, 0);
	if (a.lo < 0 && a.hi > 0) {
		/* zero, a solid rule across */
		fixed y = bottom - (fixed)((0 - a.lo) / (a.hi - a.lo) * plot_h);
		add_line(x, b, left, y, right, y, PT(0.6));
		placer_seg(&pl, left, y, right, y, 0);
	}
	/* categories, their labels wrapped at phrases to the slot */
	fixed slot = (right - left) / n;
	fixed px[TABLE_MAX_COLS_CHART], py[TABLE_MAX_COLS_CHART];
	long maxl = 1;
	for (int i = 0; i < n; i++) {
		struct line *ls;
		fixed ls_size = size;
		long nl = figure_wrap(x, header_label(t, c->first_col + i), x->l->figure.font,
		    size, slot - size / 2, &ls);
		for (long k = 0; k < nl; k++)
			if (ls[k].extent > slot - size / 8 && ls[k].extent > 0) {
				/* a phrase longer than the slot: this label alone smaller */
				fixed s2 = (fixed)((int64_t)size * (slot - size / 8) / ls[k].extent);
				if (s2 < ls_size)
					ls_size = s2;
			}
		if (ls_size < size)
			nl = figure_wrap(x, header_label(t, c->first_col + i), x->l->figure.font,
			    ls_size, slot - size / 8, &ls);
		px[i] = left + slot * i + slot / 2;
		py[i] = has[i] ? bottom - (fixed)((v[i] - a.lo) / (a.hi - a.lo) * plot_h) : 0;
		for (long k = 0; k < nl; k++) {
			fixed base = bottom + size / 4 + figure_baseline(x, k * pitch, pitch, size);
			put_text(x, b, &ls[k], px[i] - ls[k].extent / 2, base, ls_size, 0);
		}
		if (nl > maxl)
			maxl = nl;
	}
	b->height = bottom + size / 4 + maxl * pitch + pitch / 2;
	/* the series and its markers, then the target, then the labels */
	for (int i = 0; i + 1 < n; i++)
		if (has[i] && has[i + 1]) {
			add_line(x, b, px[i], py[i], px[i + 1], py[i + 1], PT(1.2));
			placer_seg(&pl, px[i], py[i], px[i + 1], py[i + 1], 0);
		}
	fixed mk = size / 2;
	for (int i = 0; i < n; i++) {
		if (!has[i])
			continue;
		struct draw *d = band_add(x, b, DR_RECT);
		d->x = px[i] - mk / 2;
		d->y = py[i] - mk / 2;
		d->w = d->h = mk;
		d->fill = 0;
		placer_box(&pl, d->x - PT(0.5), d->y - PT(0.5), d->x + mk + PT(0.5),
		    d->y + mk + PT(0.5), 0);
	}
	if (has_target) {
		fixed y = bottom - (fixed)((target - a.lo) / (a.hi - a.lo) * plot_h);
		struct draw *d = add_line(x, b, left, y, right, y, PT(1));
		d->dashed = 2;
		placer_seg(&pl, left, y, right, y, 0);
		format_value(buf, sizeof(buf), target, tc->decimals, f);
		char lab[96];
		snprintf(lab, sizeof(lab), "目標%s%s", buf, tc->unit ? tc->unit : "");
		fixed w = compose_width(x->c, lab, x->l->figure.font, size);
		fixed up = y - size / 4 - size * 12 / 100, down = y + size / 4 + size * 88 / 100;
		fixed l0 = left + size / 2, r0 = right - size / 4 - w;
		struct spot sp[] = { { r0, up }, { r0, down }, { l0, up }, { l0, down },
		    { r0, up - pitch / 2 }, { r0, down + pitch / 2 }, { l0, up - pitch / 2 },
		    { l0, down + pitch / 2 }, { (l0 + r0) / 2, up }, { (l0 + r0) / 2, down } };
		place_label(x, b, &pl, lab, size, sp, (int)(sizeof(sp) / sizeof(*sp)),
		    (int)(sizeof(sp) / sizeof(*sp)));
	}
	for (int i = 0; i < n; i++) {
		if (!has[i])
			continue;
		format_value(buf, sizeof(buf), v[i], decimals, f);
		fixed w = compose_width(x->c, buf, x->l->figure.font, size);
		/* above, below, right, left, then the diagonals, each farther
		 * out in turn */
		struct spot sp[48];
		int ns = 0;
		for (int m = 0; m < 6; m++) {
			fixed gap = mk / 2 + size / 4 + m * size * 3 / 4;
			fixed up = py[i] - gap - size * 12 / 100 - size / 8;
			fixed down = py[i] + gap + size * 88 / 100 + size / 8;
			fixed mid = py[i] + size * 38 / 100, cx = px[i] - w / 2;
			fixed rx = px[i] + gap + size / 8, lx = px[i] - gap - size / 8 - w;
			sp[ns++] = (struct spot){ cx, up };
			sp[ns++] = (struct spot){ cx, down };
			sp[ns++] = (struct spot){ rx, mid };
			sp[ns++] = (struct spot){ lx, mid };
			sp[ns++] = (struct spot){ rx, up };
			sp[ns++] = (struct spot){ lx, up };
			sp[ns++] = (struct spot){ rx, down };
			sp[ns++] = (struct spot){ lx, down };
		}
		place_label(x, b, &pl, buf, size, sp, ns, 16);
	}
	placer_free(&pl);
	return figure_notes(x, fb, f);
}

/*
 * The pattern of series si over its grey: none, vertical stripes,
 * horizontal stripes or both; greys and patterns together tell every
 * series apart, so shade is never the only cue (grey print, weak sight).
 */
static int
series_pattern(size_t si)
{
	return (int)((si + si / SERIES_PLAIN) % 4);
}

/* A part of series si: its grey, its pattern in a darker grey, outlined. */
static void
series_rect(struct figure_ctx *x, struct band *b, size_t si, fixed rx, fixed ry, fixed w,
    fixed h)
{
	struct draw *d = band_add(x, b, DR_RECT);
	d->x = rx;
	d->y = ry;
	d->w = w;
	d->h = h;
	d->fill = series_grey[si];
	d->stroke = PT(0.4);
	int pattern = series_pattern(si);
	if (pattern == 0)
		return;
	int ink = series_grey[si] > 250 ? series_grey[si] - 250 : 0;
	if (pattern & 2)
		for (fixed sy = ry + PT(1); sy + PT(0.7) < ry + h; sy += PT(2)) {
			struct draw *st = band_add(x, b, DR_RECT);
			st->x = rx + PT(0.2);
			st->y = sy;
			st->w = w - PT(0.4);
			st->h = PT(0.7);
			st->fill = ink;
		}
	if (pattern & 1)
		for (fixed sx = rx + PT(1); sx + PT(0.7) < rx + w; sx += PT(2)) {
			struct draw *st = band_add(x, b, DR_RECT);
			st->x = sx;
			st->y = ry + PT(0.2);
			st->w = PT(0.7);
			st->h = h - PT(0.4);
			st->fill = ink;
		}
	/* the outline again over the stripes' ends */
	struct draw *o = band_add(x, b, DR_RECT);
	*o = *d;
	o->fill = -1;
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
	int *dec = xcalloc(ncat * nser + 1, sizeof(*dec));
	const char **cat = xcalloc(ncat + 1, sizeof(*cat));
	const char **ser = xcalloc(nser + 1, sizeof(*ser));
	double max = 0, min = 0;
	int net_dec = 0;
	for (size_t r = 0; r < nrows; r++)
		for (int k = 0; k < ncols; k++) {
			const struct cell *ce = table_cell_at(t, t->nheader + r, c->first_col + k);
			double v = ce && ce->is_number ? ce->value : 0;
			size_t ci = c->by_column ? (size_t)k : r, si = c->by_column ? r : (size_t)k;
			val[ci * nser + si] = v;
			dec[ci * nser + si] = ce && ce->is_number ? ce->decimals : 0;
			if (dec[ci * nser + si] > net_dec)
				net_dec = dec[ci * nser + si];
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
	/* positive parts stack right of zero, negative parts left of it */
	fixed total_w = 0;
	int fits = 1;
	for (size_t ci = 0; ci < ncat; ci++) {
		double pos = 0, neg = 0;
		for (size_t si = 0; si < nser; si++) {
			double v = val[ci * nser + si];
			if (v > 0)
				pos += v;
			else
				neg += v;
		}
		if (pos > max)
			max = pos;
		if (neg < min)
			min = neg;
		if (fits && !(fits = chart_fits(f, neg, pos, net_dec)))
			break;
		format_value(buf, sizeof(buf), pos + neg, net_dec, f);
		fixed w = compose_width(x->c, buf, x->l->figure.font, size);
		if (w > total_w)
			total_w = w;
	}
	if (!fits) {
		free(val);
		free(dec);
		free(cat);
		free(ser);
		return 0;
	}

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
		series_rect(x, lg, si, lx, ly + (pitch - size) / 2, size, size);
		add_text_at(x, lg, ser[si], lx + size + size / 2, figure_baseline(x, ly, pitch, size),
		    1, size, 0, NULL);
		lx += w;
	}
	lg->height = ly + pitch + pitch / 2;

	/* category labels on the left, wrapped at phrases to a third of the width */
	fixed label_w = 0;
	for (size_t ci = 0; ci < ncat; ci++) {
		fixed w = compose_width(x->c, cat[ci], x->l->figure.font, size);
		if (w > label_w)
			label_w = w;
	}
	if (label_w > width / 3)
		label_w = width / 3;
	fixed left = label_w + size, right = width - total_w - size / 2 - size / 4;
	/* ticks no closer than one and a half of their widest label */
	struct axis a;
	for (int ms = 8; fits; ms--) {
		nice_axis(min, max, 1, ms, &a);
		if (!(fits = chart_fits(f, a.lo, a.hi, a.decimals)))
			break;
		int steps = (int)lround((a.hi - a.lo) / a.step);
		fixed tw = widest_tick(x, f, &a, size);
		if (ms <= 2 || (right - left) / steps >= tw + tw / 2)
			break;
	}
	if (!fits) {
		free(val);
		free(dec);
		free(cat);
		free(ser);
		return 0;
	}
#define VX(v) (left + (fixed)(((v) - a.lo) / (a.hi - a.lo) * (right - left)))
	fixed zero = VX(0);
	fixed bar_h = pitch + pitch / 3, row_h = 2 * pitch;
	struct band *b = figure_add_band(x, fb);
	struct placer pl;
	memset(&pl, 0, sizeof(pl));
	pl.bounds = (struct rect){ left + PT(0.5), 0, width, 0, 0 };
	placer_seg(&pl, zero, 0, zero, PT(10000), 0);
	fixed y = 0;
	for (size_t ci = 0; ci < ncat; ci++) {
		struct line *ls;
		long nl = figure_wrap(x, cat[ci], x->l->figure.font, size, label_w, &ls);
		/* segments too thin for their label take a lane above the bar */
		int outside = 0;
		for (size_t si = 0; si < nser; si++) {
			double v = val[ci * nser + si];
			fixed w = (fixed)(fabs(v) / (a.hi - a.lo) * (right - left));
			format_value(buf, sizeof(buf), v, dec[ci * nser + si], f);
			if (v != 0 && compose_width(x->c, buf, x->l->figure.font, size) + size / 2 >= w)
				outside = 1;
		}
		fixed lane = outside ? size * 7 / 4 : 0;
		fixed rh = nl * pitch + pitch / 2 > row_h ? nl * pitch + pitch / 2 : row_h;
		rh += lane;
		fixed by = y + lane + (rh - lane - bar_h) / 2;
		for (long i = 0; i < nl; i++) {
			struct draw *d = band_add(x, b, DR_TEXT);
			d->text = &ls[i];
			d->x = left - size / 2 - ls[i].extent;
			d->y = figure_baseline(x, by + bar_h / 2 - nl * pitch / 2 + i * pitch, pitch,
			    size);
		}
		fixed pend = zero, nend = zero;
		size_t nout = 0, out[SERIES_MAX];
		fixed out_x[SERIES_MAX];
		for (size_t si = 0; si < nser; si++) {
			double v = val[ci * nser + si];
			fixed w = (fixed)(fabs(v) / (a.hi - a.lo) * (right - left));
			if (v == 0)
				continue;
			if (w < PT(0.8))
				w = PT(0.8);	/* a part too small to see still shows */
			fixed sx = v > 0 ? pend : nend - w;
			if (v > 0)
				pend += w;
			else
				nend -= w;
			series_rect(x, b, si, sx, by, w, bar_h);
			placer_box(&pl, sx, by, sx + w, by + bar_h, 0);
			format_value(buf, sizeof(buf), v, dec[ci * nser + si], f);
			fixed tw = compose_width(x->c, buf, x->l->figure.font, size);
			if (tw + size / 2 < w) {
				/* white on a dark fill; on a striped one, on a white
				 * ground */
				const struct line *ln = figure_text(x, buf, x->l->figure.font, size);
				if (ln != NULL)
					put_text(x, b, ln, sx + (w - tw) / 2,
					    figure_baseline(x, by, bar_h, size), size,
					    series_pattern(si) != 0 ? 1 :
					    series_grey[si] < DARK_FILL ? TEXT_WHITE : 0);
			} else {
				out[nout] = si;
				out_x[nout++] = sx + w / 2;
			}
		}
		/* the net total at the end of the bar */
		double net = 0;
		for (size_t si = 0; si < nser; si++)
			net += val[ci * nser + si];
		format_value(buf, sizeof(buf), net, net_dec, f);
		if (pend > zero || nend == zero)
			add_text_at(x, b, buf, pend + size / 3, figure_baseline(x, by, bar_h, size), 1,
			    size, 0, &pl);
		else
			add_text_at(x, b, buf, nend - size / 3, figure_baseline(x, by, bar_h, size), -1,
			    size, 0, &pl);
		/* thin parts, left to right: labelled in the lane above, near
		 * their segment, a leader from each label down to its part */
		for (size_t k = 1; k < nout; k++)
			for (size_t j = k; j > 0 && out_x[j] < out_x[j - 1]; j--) {
				size_t ts = out[j];
				fixed tx = out_x[j];
				out[j] = out[j - 1];
				out_x[j] = out_x[j - 1];
				out[j - 1] = ts;
				out_x[j - 1] = tx;
			}
		pl.bounds.y0 = y;
		pl.bounds.y1 = by - size / 4;
		for (size_t k = 0; k < nout; k++) {
			size_t si = out[k];
			format_value(buf, sizeof(buf), val[ci * nser + si], dec[ci * nser + si], f);
			fixed tw = compose_width(x->c, buf, x->l->figure.font, size);
			fixed base = by - size / 4 - size * 12 / 100 - size / 8;
			fixed cx = out_x[k] - tw / 2, stride = tw + size / 3;
			struct spot sp[13];
			int ns = 0;
			sp[ns++] = (struct spot){ cx, base };
			/* away from zero first */
			fixed away = out_x[k] < zero ? -stride : stride;
			for (int m = 1; m <= 6; m++) {
				sp[ns++] = (struct spot){ cx + m * away, base };
				sp[ns++] = (struct spot){ cx - m * away, base };
			}
			int take = place_label(x, b, &pl, buf, size, sp, ns, ns);
			if (take >= 0)
				add_line(x, b, sp[take].left + tw / 2, by - size / 4, out_x[k], by,
				    PT(0.3));
		}
		y += rh;
	}
	/* value axis under the bars, zero as a rule through them */
	add_line(x, b, zero, 0, zero, y, PT(0.6));
	add_line(x, b, left, y, right, y, PT(0.6));
	int steps = (int)lround((a.hi - a.lo) / a.step);
	fixed tick_base = y + figure_baseline(x, size / 3, pitch, size);
	for (int i = 0; i <= steps; i++) {
		double v = a.lo + i * a.step;
		fixed px = VX(v);
		add_line(x, b, px, y, px, y + size / 3, PT(0.4));
		format_value(buf, sizeof(buf), v, a.decimals, f);
		add_text_at(x, b, buf, px, tick_base, 0, size, 0, NULL);
	}
#undef VX
	/* the unit under the tick labels, at the axis' end */
	snprintf(buf, sizeof(buf), "（%s）", c->unit);
	add_text_at(x, b, buf, width, tick_base + pitch, -1, size, 0, NULL);
	b->height = y + size / 3 + 2 * pitch + pitch / 2;
	placer_free(&pl);
	free(val);
	free(dec);
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

/* A value as the table prints it, with its unit: 911人, 92.7%. */
static void
cell_value(struct strbuf *s, const struct cell *ce, const char *unit)
{
	if (ce == NULL || ce->text == NULL) {
		sb_puts(s, "なし");
		return;
	}
	sb_puts(s, ce->text);
	sb_puts(s, ce->unit != NULL ? ce->unit : unit != NULL ? unit : "");
}

void
chart_alt(const struct figure_def *f, struct strbuf *s)
{
	const struct chart_def *c = &f->u.chart;
	if (c->data == NULL)
		return;
	const struct table_def *t = &c->data->u.table;
	const char *unit = c->unit != NULL && strcmp(c->unit, "%") == 0 ? "%" : NULL;
	if (c->kind == CHART_TREND) {
		size_t row;
		for (row = t->nheader; row < t->nrows; row++)
			if (t->rows[row][0].text && strcmp(t->rows[row][0].text, c->row) == 0)
				break;
		sb_printf(s, "折れ線グラフ　%s：", f->caption);
		for (int k = c->first_col; k <= c->last_col; k++) {
			sb_printf(s, "%s%s", k > c->first_col ? "、" : "", header_label(t, k));
			cell_value(s, table_cell_at(t, row, k), unit);
		}
		if (c->target_col > 0) {
			sb_puts(s, "、目標");
			cell_value(s, table_cell_at(t, row, c->target_col), unit);
		}
		return;
	}
	size_t body_end = t->nrows - (t->sum_last_row && t->nrows > 0 ? 1 : 0);
	sb_printf(s, "横棒グラフ　%s：", f->caption);
	if (c->by_column)
		for (int k = c->first_col; k <= c->last_col; k++) {
			sb_printf(s, "%s%s（", k > c->first_col ? "；" : "", header_label(t, k));
			for (size_t r = t->nheader; r < body_end; r++) {
				const char *lab = t->rows[r][0].text ? t->rows[r][0].text : "";
				sb_printf(s, "%s%s", r > t->nheader ? "、" : "", lab);
				cell_value(s, table_cell_at(t, r, k), unit);
			}
			sb_puts(s, "）");
		}
	else
		for (size_t r = t->nheader; r < body_end; r++) {
			const char *lab = t->rows[r][0].text ? t->rows[r][0].text : "";
			sb_printf(s, "%s%s（", r > t->nheader ? "；" : "", lab);
			for (int k = c->first_col; k <= c->last_col; k++) {
				sb_printf(s, "%s%s", k > c->first_col ? "、" : "", header_label(t, k));
				cell_value(s, table_cell_at(t, r, k), unit);
			}
			sb_puts(s, "）");
		}
}
