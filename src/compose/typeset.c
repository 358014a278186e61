/*
 * Line composition after JLREQ (W3C, 2020) and JIS X 4051:
 *   break opportunities come from breaks.c and are only chosen among here;
 *   adjacent punctuation is set half-width (JLREQ 3.1.4);
 *   a quarter em separates kanji/kana from Latin letters and digits (和欧間);
 *   lines are filled greedily, preferring to shrink (追い込み) over pushing
 *   out, and then justified: shrink punctuation blanks first, then 和欧間;
 *   stretch 和欧間 up to half an em, then inter-character space evenly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breaks.h"
#include "font.h"
#include "typeset.h"

/* Footnote marks: scaled digits raised above the baseline. */
#define MARK_SCALE_NUM 6
#define MARK_SCALE_DEN 10
#define MARK_RISE_NUM 4
#define MARK_RISE_DEN 10

enum cclass {
	CC_IDEO,	/* kanji, kana, full-width symbols */
	CC_OPEN,	/* opening brackets: blank in the leading half */
	CC_CLOSE,	/* closing brackets: blank in the trailing half */
	CC_STOP,	/* 、。，．: blank in the trailing half */
	CC_MIDDLE,	/* ・：；: quarter blanks on both sides */
	CC_LATIN,	/* proportional letters, digits and symbols */
	CC_SPACE,	/* U+0020 between Latin words */
	CC_MARK		/* inserted footnote reference digit */
};

/* 縦中横 takes runs of this many digits at most; longer numbers turn. */
#define TCY_MAX_DIGITS 2

struct item {
	uint32_t cp;
	uint32_t tcy[TCY_MAX_DIGITS];	/* digits of a 縦中横 cell */
	int ntcy;
	enum cclass cls;
	fixed size, adv, rise;
	fixed lead_cut, trail_cut;	/* blank removed by adjacency rules */
	fixed lead, trail;		/* blank still compressible */
	fixed glue;			/* 和欧間 after this item, nominal */
	int note;			/* CC_MARK: footnote index */
	int brk;			/* a line may break before this item */
	/* set by justification */
	fixed lead_shrink, trail_shrink, glue_adj, gap;
};

static enum cclass
classify(uint32_t c, int width1000)
{
	switch (c) {
	case 0xff08: case 0x300c: case 0x300e: case 0x3010: case 0x3014:
	case 0x3008: case 0x300a: case 0xff3b: case 0xff5b: case 0x3016:
		return CC_OPEN;
	case 0xff09: case 0x300d: case 0x300f: case 0x3011: case 0x3015:
	case 0x3009: case 0x300b: case 0xff3d: case 0xff5d: case 0x3017:
		return CC_CLOSE;
	case 0x3001: case 0x3002: case 0xff0c: case 0xff0e:
		return CC_STOP;
	case 0x30fb: case 0xff1a: case 0xff1b:
		return CC_MIDDLE;
	case 0x20:
		return CC_SPACE;
	default:
		return width1000 < 1000 ? CC_LATIN : CC_IDEO;
	}
}

static int
is_wide(enum cclass c)
{
	return c == CC_IDEO;
}

fixed
compose_width(struct composer *c, const char *s, enum font_role font, fixed size)
{
	size_t len = strlen(s), i = 0, k;
	uint32_t cp;
	fixed w = 0;

	while (i < len && (k = utf8_decode(s + i, len - i, &cp)) > 0) {
		w += font_advance(c->fonts[font], cp, size);
		i += k;
	}
	return w;
}

fixed
compose_unbreakable_width(struct composer *c, const char *s, enum font_role font,
    fixed size)
{
	size_t len = strlen(s), i = 0, k, n = 0;
	uint32_t *cps = xmalloc((len + 1) * sizeof(*cps)), cp;
	fixed widest = 0, run = 0, spaces = 0;

	while (i < len && (k = utf8_decode(s + i, len - i, &cp)) > 0) {
		cps[n++] = cp;
		i += k;
	}
	unsigned char *brk = xmalloc(n + 1);
	if (n > 0 && breaks_find(cps, n, brk, 0)) {
		for (size_t t = 0; t < n; t++) {
			if (t > 0 && brk[t])
				run = spaces = 0;
			fixed a = font_advance(c->fonts[font], cps[t], size);
			/* spaces before a break hang at the line's end */
			if (cps[t] == ' ' || cps[t] == 0x3000)
				spaces += a;
			else {
				run += spaces + a;
				spaces = 0;
			}
			if (run > widest)
				widest = run;
		}
	}
	free(cps);
	free(brk);
	return widest;
}

/* Split total into parts no larger than their weights, summing exactly. */
static void
distribute(fixed total, fixed *const *slots, const fixed *weights, size_t n)
{
	int64_t sum = 0, given = 0, acc = 0;

	for (size_t i = 0; i < n; i++)
		sum += weights[i];
	if (sum <= 0 || total <= 0)
		return;
	if (total > sum)
		total = (fixed)sum;
	for (size_t i = 0; i < n; i++) {
		acc += weights[i];
		int64_t upto = acc * total / sum;	/* running share, exact at the end */
		*slots[i] += (fixed)(upto - given);
		given = upto;
	}
}

/*
 * Natural width, punctuation shrink and 和欧間 shrink of items[s, e), in
 * 64 bits: an unbreakable run may be longer than 32-bit fixed point holds.
 */
static void
measure64(const struct item *it, size_t s, size_t e, int64_t *w, int64_t *p, int64_t *q)
{
	*w = *p = *q = 0;
	for (size_t i = s; i < e; i++) {
		*w += it[i].adv - it[i].lead_cut - it[i].trail_cut;
		*p += it[i].lead + it[i].trail;
		if (i + 1 < e) {
			*w += it[i].glue;
			*q += it[i].glue / 2;
		}
	}
}

/* The same for a line, which fits the measure and so 32 bits. */
static void
measure(const struct item *it, size_t s, size_t e, fixed *w, fixed *p, fixed *q)
{
	int64_t w64, p64, q64;

	measure64(it, s, e, &w64, &p64, &q64);
	*w = (fixed)w64;
	*p = (fixed)p64;
	*q = (fixed)q64;
}

/* End of items[s, e) without trailing spaces. */
static size_t
trim_end(const struct item *it, size_t s, size_t e)
{
	while (e > s && it[e - 1].cls == CC_SPACE)
		e--;
	return e;
}

static size_t
skip_spaces(const struct item *it, size_t s, size_t n)
{
	while (s < n && it[s].cls == CC_SPACE)
		s++;
	return s;
}

/*
 * Widths of every prefix of the items, shrunk as far as allowed: a line's
 * shrunk width is then found in constant time, so that filling lines is
 * linear even over a run with no break (a 1M-letter word).
 * shrunk(s, e) = cw[e] - cw[s] + gw[e - 1] - gw[s] for e > s.
 */
struct prefix_widths {
	int64_t *cw;	/* characters: advance less cuts and blanks */
	int64_t *gw;	/* 和欧間 glue between item i and i + 1, half of it shrinkable */
};

static void
prefix_widths_init(struct prefix_widths *pw, const struct item *it, size_t n)
{
	pw->cw = xmalloc((n + 1) * sizeof(*pw->cw));
	pw->gw = xmalloc((n + 1) * sizeof(*pw->gw));
	pw->cw[0] = pw->gw[0] = 0;
	for (size_t i = 0; i < n; i++) {
		pw->cw[i + 1] = pw->cw[i] + it[i].adv - it[i].lead_cut - it[i].trail_cut -
		    it[i].lead - it[i].trail;
		pw->gw[i + 1] = pw->gw[i] + it[i].glue - it[i].glue / 2;
	}
}

static int64_t
shrunk_width(const struct prefix_widths *pw, size_t s, size_t e)
{
	if (e <= s)
		return 0;
	return pw->cw[e] - pw->cw[s] + pw->gw[e - 1] - pw->gw[s];
}

/*
 * Is the unbreakable run starting at items[e] wider than a whole line?
 * Then it will be cut wherever a line is full (a URL, a long number), and
 * breaking before it would only leave a loose line (番　　号　　は). The
 * scan stops at the run's end or once it overflows: linear overall.
 */
static int
overlong_after(const struct item *it, const struct prefix_widths *pw, size_t e,
    size_t n, fixed avail)
{
	for (size_t j = e + 1; j <= n; j++) {
		if (shrunk_width(pw, e, j) > avail)
			return 1;
		if (j < n && it[j].brk)
			return 0;
	}
	return 0;
}

/*
 * The furthest break of at least level `level` (1 a line break, 2 also a
 * phrase boundary) after s at which items[s, e) fits avail when shrunk as
 * far as allowed; if none at that level, the furthest line break; if none,
 * as many items as fit (at least one). Shrunk widths only grow with e, so
 * the search stops at the first item that overflows.
 */
static size_t
fill_line(const struct item *it, const struct prefix_widths *pw, size_t s,
    size_t n, fixed avail, int level)
{
	size_t best = 0;

	for (size_t e = s + 1; e <= n; e++) {
		if (it[e - 1].cls != CC_SPACE && shrunk_width(pw, s, e) > avail)
			break;
		if (e < n && it[e].brk < level)
			continue;
		if (shrunk_width(pw, s, trim_end(it, s, e)) <= avail)
			best = e;
	}
	if (best != 0 && best < n && overlong_after(it, pw, best, n, avail))
		best = 0;	/* the run after the break is cut anyway: start it here */
	if (best != 0)
		return best;
	if (level > 1)
		return fill_line(it, pw, s, n, avail, 1);
	/* No break fits: an overlong unbreakable run is cut where it overflows. */
	for (best = s + 1; best < n; best++)
		if (shrunk_width(pw, s, best + 1) > avail)
			break;
	return best;
}

/* Count the characters that show on items[s, e). */
static size_t
visible_count(const struct item *it, size_t s, size_t e)
{
	size_t k = 0;

	for (size_t i = s; i < e; i++)
		if (it[i].cls != CC_SPACE && it[i].cls != CC_MARK)
			k++;
	return k;
}

/* Shrink or stretch items[s, e) to avail, recording the adjustments. */
static void
justify(struct item *it, size_t s, size_t e, fixed avail, int stretch)
{
	fixed w, p, q, delta;
	size_t n = e - s;
	fixed **slots = xmalloc(2 * n * sizeof(*slots));
	fixed *weights = xmalloc(2 * n * sizeof(*weights));
	size_t k;

	measure(it, s, e, &w, &p, &q);
	delta = avail - w;
	if (delta < 0) {
		fixed need = -delta;

		/* Punctuation blanks first, each in proportion to its size. */
		k = 0;
		for (size_t i = s; i < e; i++) {
			slots[k] = &it[i].lead_shrink;
			weights[k++] = it[i].lead;
			slots[k] = &it[i].trail_shrink;
			weights[k++] = it[i].trail;
		}
		distribute(need < p ? need : p, slots, weights, k);
		need -= need < p ? need : p;
		/* Then 和欧間, down to an eighth of an em. */
		if (need > 0) {
			k = 0;
			for (size_t i = s; i + 1 < e; i++) {
				if (it[i].glue == 0)
					continue;
				slots[k] = &it[i].glue_adj;
				weights[k++] = it[i].glue / 2;
			}
			distribute(need < q ? need : q, slots, weights, k);
			for (size_t i = s; i + 1 < e; i++)
				it[i].glue_adj = -it[i].glue_adj;
		}
	} else if (delta > 0 && stretch) {
		fixed g = 0;

		/* 和欧間 first, up to half an em. */
		k = 0;
		for (size_t i = s; i + 1 < e; i++) {
			if (it[i].glue == 0)
				continue;
			slots[k] = &it[i].glue_adj;
			weights[k++] = it[i].glue;
			g += it[i].glue;
		}
		distribute(delta < g ? delta : g, slots, weights, k);
		delta -= delta < g ? delta : g;
		/* Then every gap evenly, except inside Latin words and before marks. */
		if (delta > 0) {
			k = 0;
			for (size_t i = s; i + 1 < e; i++) {
				if (it[i + 1].cls == CC_MARK ||
				    (it[i].cls == CC_LATIN && it[i + 1].cls == CC_LATIN))
					continue;
				slots[k] = &it[i].gap;
				weights[k++] = 1;
			}
			if (k == 0) {
				/* A single Latin word: space its letters after all. */
				for (size_t i = s; i + 1 < e; i++) {
					slots[k] = &it[i].gap;
					weights[k++] = 1;
				}
			}
			/* More than an em between characters reads as gaps, not a
			 * line: such a line (a few characters before an unbreakable
			 * run that could not follow them) is left ragged. */
			if (k > 0 && delta / (fixed)k > it[s].size)
				k = 0;
			/* Spread the remainder evenly so that one spacing value
			 * per line reproduces every position within a unit. */
			for (size_t j = 0; j < k; j++)
				*slots[j] += (fixed)(((int64_t)delta * (fixed)(j + 1)) / (fixed)k -
				    ((int64_t)delta * (fixed)j) / (fixed)k);
		}
	}
	free(slots);
	free(weights);
}

static int
is_small_kana(uint32_t c)
{
	switch (c) {
	case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049:
	case 0x3063: case 0x3083: case 0x3085: case 0x3087: case 0x308e:
	case 0x30a1: case 0x30a3: case 0x30a5: case 0x30a7: case 0x30a9:
	case 0x30c3: case 0x30e3: case 0x30e5: case 0x30e7: case 0x30ee:
	case 0x30f5: case 0x30f6:
		return 1;
	default:
		return 0;
	}
}

/*
 * Orientation in vertical writing, after Unicode Vertical_Orientation
 * (UAX #50): R (rotated) for Latin; Tr (transformed, else rotated) for
 * brackets, the long vowel mark and wave dashes, whose rotated horizontal
 * glyphs are their vertical forms and keep their blanks where compression
 * expects them; U and Tu upright (、。 take vertical forms in the PDF
 * writer, small kana move toward the upper right).
 */
/* Vertical presentation forms (U+FE10-FE19) of upright punctuation. */
static uint32_t
vertical_form(uint32_t c)
{
	switch (c) {
	case 0x3001: return 0xfe11;	/* 、 */
	case 0x3002: return 0xfe12;	/* 。 */
	case 0xff0c: return 0xfe10;	/* ， */
	case 0xff01: return 0xfe15;	/* ！ */
	case 0xff1f: return 0xfe16;	/* ？ */
	default: return 0;
	}
}

static enum glyph_orient
vertical_orient(const struct item *x)
{
	if (x->cls == CC_LATIN)
		return GO_ROTATED;
	switch (breaks_vertical_orientation(x->cp)) {
	case VO_ROTATED:
		return GO_ROTATED;
	case VO_TRANSFORMED_ROTATED:
		return GO_ROTATED;
	default:
		return GO_UPRIGHT;
	}
}

static int
is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19);
}

/* The measure of line i: the schedule's, then its last entry's. */
static fixed
line_measure(const struct compose_style *st, size_t i)
{
	if (st->nmeasures == 0)
		return st->measure;
	return st->measures[i < st->nmeasures ? i : st->nmeasures - 1];
}

static void
emit_line(struct composer *c, struct item *it, size_t s, size_t e,
    const struct compose_style *st, size_t index, fixed indent, int last,
    struct line *out)
{
	size_t ng = 0, nn = 0;
	fixed pen = indent;

	memset(out, 0, sizeof(*out));
	for (size_t i = s; i < e; i++) {
		if (it[i].cls != CC_SPACE)
			ng += it[i].ntcy > 0 ? (size_t)it[i].ntcy : 1;
		if (it[i].cls == CC_MARK)
			nn++;
	}
	out->g = arena_alloc(c->arena, (ng ? ng : 1) * sizeof(*out->g));
	out->notes = arena_alloc(c->arena, (nn ? nn : 1) * sizeof(*out->notes));
	for (size_t i = s; i < e; i++) {
		struct item *x = &it[i];
		fixed origin = pen - x->lead_cut - x->lead_shrink;

		if (x->ntcy > 0) {
			/* 縦中横: the digits side by side across the column, centred */
			fixed total = 0;
			for (int k = 0; k < x->ntcy; k++)
				total += font_advance(c->fonts[st->font], x->tcy[k], x->size);
			fixed tsize = x->size;
			if (total > x->size) {	/* squeeze into one em */
				tsize = (fixed)((int64_t)x->size * x->size / total);
				total = x->size;
			}
			fixed cross = -total / 2;
			for (int k = 0; k < x->ntcy; k++) {
				struct glyph *g = &out->g[out->n++];
				memset(g, 0, sizeof(*g));
				g->cp = g->show = x->tcy[k];
				g->font = (uint8_t)st->font;
				g->orient = GO_TCY;
				g->size = tsize;
				g->pos = origin;
				g->adv = x->adv;	/* the cell's: each digit is drawn alone */
				g->cross = cross;
				cross += font_advance(c->fonts[st->font], x->tcy[k], tsize);
			}
		} else if (x->cls != CC_SPACE) {
			struct glyph *g = &out->g[out->n++];
			g->cp = x->cp;
			g->font = (uint8_t)st->font;
			g->is_mark = x->cls == CC_MARK;
			g->size = x->size;
			g->pos = origin;
			g->adv = x->adv;
			g->rise = x->rise;
			g->orient = st->vertical ? vertical_orient(x) : GO_UPRIGHT;
			g->show = x->cp;
			if (st->vertical && x->cls == CC_MARK) {
				/* 合印: a small upright digit to the right of the column */
				g->orient = GO_UPRIGHT;
				g->rise = 0;
				g->cross = x->size * 3 / 4;
			}
			if (st->vertical && g->orient == GO_UPRIGHT) {
				uint32_t form = vertical_form(x->cp);
				if (form != 0 && font_has_glyph(c->fonts[st->font], form))
					g->show = form;
				if (is_small_kana(x->cp))
					g->cross = x->size / 10;	/* toward the upper right */
			}
		}
		/* a separator comma belongs to no note: the line that ends
		 * with it does not carry the next mark's note */
		if (x->cls == CC_MARK && x->cp != ',') {
			size_t j;
			for (j = 0; j < out->nnotes; j++)
				if (out->notes[j] == x->note)
					break;
			if (j == out->nnotes)
				out->notes[out->nnotes++] = x->note;
		}
		pen = origin + x->adv - x->trail_cut - x->trail_shrink;
		if (i + 1 < e)
			pen += x->glue + x->glue_adj + x->gap;
	}
	out->extent = pen;
	out->measure = line_measure(st, index);
	out->last = last;
}

long
compose_text(struct composer *c, const char *text, const struct text_mark *marks,
    size_t nmarks, const struct compose_style *st, struct line **out)
{
	size_t len = strlen(text), i = 0, k, ncp = 0, n = 0;
	struct font *font = c->fonts[st->font];
	uint32_t *cps;
	unsigned char *brk;
	struct item *it;
	size_t *starts;
	size_t nlines = 0, m = 0;
	uint32_t cp;

	*out = NULL;
	cps = xmalloc((len + 1) * sizeof(*cps));
	while (i < len && (k = utf8_decode(text + i, len - i, &cp)) > 0) {
		cps[ncp++] = cp;
		i += k;
	}
	if (ncp == 0) {
		free(cps);
		return 0;
	}
	brk = xmalloc(ncp);
	if (!breaks_find(cps, ncp, brk, st->phrases)) {
		free(cps);
		free(brk);
		return -1;
	}

	/* Items: the characters, with mark digits after the character they follow. */
	/* a mark prints a separator and a number of up to 11 characters
	 * ("-2147483648") */
	it = xcalloc(ncp + nmarks * 12 + 1, sizeof(*it));
	i = 0;
	for (size_t t = 0; t < ncp; t++) {
		struct item *x = &it[n++];
		int w = font_width(font, cps[t]);

		x->cp = cps[t];
		x->cls = classify(cps[t], w);
		x->size = st->size;
		x->adv = font_advance(font, cps[t], st->size);
		x->brk = brk[t];
		switch (x->cls) {
		case CC_OPEN:
			x->lead = st->size / 2;
			break;
		case CC_CLOSE:
		case CC_STOP:
			x->trail = st->size / 2;
			break;
		case CC_MIDDLE:
			x->lead = x->trail = st->size / 4;
			break;
		default:
			break;
		}
		i += utf8_encode(cps[t], (char[4]){0});
		while (m < nmarks && marks[m].offset <= i) {
			char digits[16];
			/* marks side by side read as one: 1,2 and not 12 */
			int sep = n > 0 && it[n - 1].cls == CC_MARK;
			int dn = snprintf(digits + 1, sizeof(digits) - 1, "%d", marks[m].number);
			digits[0] = ',';
			for (int d = sep ? 0 : 1; d <= dn; d++) {
				struct item *y = &it[n++];
				y->cp = (uint32_t)digits[d];
				y->cls = CC_MARK;
				/* a long run of marks breaks after a comma, never
				 * inside a number (…126,／127,…) */
				y->brk = sep && d == 1;
				y->size = st->size * MARK_SCALE_NUM / MARK_SCALE_DEN;
				/* vertical: upright digits stacked beside the column */
				y->adv = st->vertical ? y->size : font_advance(font, y->cp, y->size);
				y->rise = st->size * MARK_RISE_NUM / MARK_RISE_DEN;
				y->note = marks[m].note;
			}
			m++;
		}
	}

	/* 縦中横: a run of one or two digits between non-Latin characters
	 * becomes one upright cell, one em long. */
	if (st->vertical) {
		size_t w = 0;
		for (size_t a = 0; a < n; a++) {
			size_t b = a;
			while (b < n && it[b].cls == CC_LATIN && it[b].cp >= '0' && it[b].cp <= '9')
				b++;
			int alone = b > a && b - a <= TCY_MAX_DIGITS &&
			    (a == 0 || it[a - 1].cls != CC_LATIN) &&
			    (b == n || it[b].cls != CC_LATIN);
			if (!alone) {
				it[w++] = it[a];
				continue;
			}
			struct item cell = it[a];
			cell.cls = CC_IDEO;
			cell.adv = st->size;
			cell.ntcy = (int)(b - a);
			for (size_t q = a; q < b; q++)
				cell.tcy[q - a] = it[q].cp;
			it[w++] = cell;
			a = b - 1;
		}
		n = w;
	}

	/* Adjacent punctuation is set half-width (JLREQ 3.1.4). */
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && it[b].cls == CC_MARK; b++)
			;
		if (b >= n || it[a].cls == CC_MARK)
			continue;
		enum cclass x = it[a].cls, y = it[b].cls;
		if ((x == CC_CLOSE || x == CC_STOP || x == CC_MIDDLE) &&
		    (y == CC_OPEN || y == CC_CLOSE || y == CC_STOP || y == CC_MIDDLE)) {
			it[a].trail_cut += it[a].trail;
			it[a].trail = 0;
		}
		/* an ideographic space already holds the bracket's blank */
		if (((x == CC_OPEN || x == CC_MIDDLE) && (y == CC_OPEN || y == CC_MIDDLE)) ||
		    (it[a].cp == 0x3000 && y == CC_OPEN)) {
			it[b].lead_cut += it[b].lead;
			it[b].lead = 0;
		}
	}
	/* 和欧間: a quarter em between wide and Latin characters. */
	for (size_t a = 0; a + 1 < n; a++) {
		size_t l = a;
		while (l > 0 && it[l].cls == CC_MARK)
			l--;
		enum cclass x = it[l].cls, y = it[a + 1].cls;
		/* an ideographic space is spacing enough */
		if (it[l].cp == 0x3000 || it[a + 1].cp == 0x3000)
			continue;
		if ((is_wide(x) && y == CC_LATIN) || (x == CC_LATIN && is_wide(y)))
			it[a].glue = st->size / 4;
	}

	/* Fill lines. */
	struct prefix_widths pw;
	prefix_widths_init(&pw, it, n);
	starts = xmalloc((n + 2) * sizeof(*starts));
	unsigned char *weak = xcalloc(n + 2, 1);	/* per line: see weak_break */
	size_t s = skip_spaces(it, 0, n);
	while (s < n) {
		fixed avail = line_measure(st, nlines) -
		    (nlines == 0 ? st->indent_first : st->indent_rest);
		size_t e = fill_line(it, &pw, s, n, avail, st->phrases ? 2 : 1);
		/* a short measure that could not break between phrases (a
		 * number over its unit, 23／年度, is a fair break), or a
		 * run cut where no break is allowed (H24／.4.1) */
		weak[nlines] = st->phrases && e < n && (it[e].brk == 0 ||
		    (it[e].brk < 2 && !(is_digit(it[e - 1].cp) && !is_digit(it[e].cp) &&
		    it[e].cls != CC_CLOSE && it[e].cls != CC_STOP)));
		starts[nlines++] = s;
		s = skip_spaces(it, e, n);
	}
	starts[nlines] = n;

	/* Avoid a last line of one character: pull a break back on the line before. */
	if (nlines >= 2 && visible_count(it, starts[nlines - 1], n) <= 1) {
		size_t ps = starts[nlines - 2], pe = starts[nlines - 1];
		fixed avail_last = line_measure(st, nlines - 1) - st->indent_rest;
		for (size_t e = pe - 1; e > ps + 1; e--) {
			if (!it[e].brk)
				continue;
			if (shrunk_width(&pw, e, trim_end(it, e, n)) <= avail_last &&
			    visible_count(it, e, n) >= 2) {
				starts[nlines - 1] = e;
			}
			break;
		}
	}

	*out = arena_alloc(c->arena, nlines * sizeof(**out));
	for (size_t l = 0; l < nlines; l++) {
		size_t ls = starts[l], le = trim_end(it, ls, starts[l + 1]);
		fixed indent = l == 0 ? st->indent_first : st->indent_rest;
		int last = l + 1 == nlines;
		justify(it, ls, le, line_measure(st, l) - indent, st->justify && !last);
		emit_line(c, it, ls, le, st, l, indent, last, &(*out)[l]);
		(*out)[l].weak_break = weak[l] && !last;
	}
	free(starts);
	free(weak);
	free(pw.cw);
	free(pw.gw);
	free(it);
	free(cps);
	free(brk);
	return (long)nlines;
}
