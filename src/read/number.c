/*
 * Numbers as offices write them: exact decimals, read and printed.
 */
#include <string.h>

#include "number.h"

static const char *const minus_signs[] = { "-", "\xe2\x88\x92" /* − */,
	"\xe2\x96\xb3" /* △ */, "\xe2\x96\xb2" /* ▲ */, NULL };

static int64_t
pow10i(int n)
{
	int64_t p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

enum number_parse
number_parse(const char *s, struct decimal *out, int *percent)
{
	const char *p = s, *end;
	int neg = 0, digits = 0, decimals = 0, group = -1, seen_dot = 0;
	int64_t v = 0;

	*percent = 0;
	if (s == NULL)
		return NUM_NOT;
	for (int i = 0; minus_signs[i]; i++)
		if (strncmp(p, minus_signs[i], strlen(minus_signs[i])) == 0) {
			neg = 1;
			p += strlen(minus_signs[i]);
			break;
		}
	end = p + strlen(p);
	if (end > p && end[-1] == '%') {
		*percent = 1;
		end--;
	}
	/* only digits, commas and points from here, starting with a digit */
	if (p == end || *p < '0' || *p > '9')
		return NUM_NOT;
	for (const char *q = p; q < end; q++)
		if (!((*q >= '0' && *q <= '9') || *q == ',' || *q == '.'))
			return NUM_NOT;
	for (const char *q = p; q < end; q++) {
		if (*q == ',') {
			/* a group of three follows; the first group has 1-3 digits */
			if (seen_dot || (group < 0 ? digits > 3 || digits == 0 : group != 3))
				return NUM_MALFORMED;
			group = 0;
			continue;
		}
		if (*q == '.') {
			if (seen_dot || (group >= 0 && group != 3) || q + 1 == end)
				return NUM_MALFORMED;
			seen_dot = 1;
			continue;
		}
		if (++digits > NUMBER_MAX_DIGITS)
			return NUM_MALFORMED;
		v = v * 10 + (*q - '0');
		if (seen_dot)
			decimals++;
		else if (group >= 0)
			group++;
	}
	if (group >= 0 && !seen_dot && group != 3)
		return NUM_MALFORMED;
	/* 0123 is no number an office writes, and 1,234 with a leading 0 neither */
	if (p[0] == '0' && end - p > 1 && p[1] != '.')
		return NUM_MALFORMED;
	out->units = neg ? -v : v;
	out->decimals = decimals;
	return NUM_OK;
}

double
decimal_value(struct decimal d)
{
	return (double)d.units / (double)pow10i(d.decimals);
}

void
number_format(struct strbuf *sb, struct decimal d, enum negative_style style)
{
	/* units fit 18 digits: negating cannot overflow */
	uint64_t v = d.units < 0 ? (uint64_t)0 - (uint64_t)d.units : (uint64_t)d.units;
	char digits[32];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 || n <= d.decimals);
	if (d.units < 0)
		sb_puts(sb, style == NEG_MINUS ? "\xe2\x88\x92" : "\xe2\x96\xb3");
	for (int i = n - 1; i >= d.decimals; i--) {
		sb_add(sb, &digits[i], 1);
		int left = i - d.decimals;	/* integer digits still to come */
		if (left > 0 && left % 3 == 0)
			sb_add(sb, ",", 1);
	}
	if (d.decimals > 0) {
		sb_add(sb, ".", 1);
		for (int i = d.decimals - 1; i >= 0; i--)
			sb_add(sb, &digits[i], 1);
	}
}

/* a at more decimals, exactly; 0 on overflow. */
static int
rescale(struct decimal *a, int decimals)
{
	while (a->decimals < decimals) {
		int64_t v;
		if (__builtin_mul_overflow(a->units, 10, &v))
			return 0;	/* *a as it was: its sign still tells */
		a->units = v;
		a->decimals++;
	}
	return 1;
}

int
decimal_add(struct decimal *sum, struct decimal a, struct decimal b)
{
	int d = a.decimals > b.decimals ? a.decimals : b.decimals;

	if (!rescale(&a, d) || !rescale(&b, d) ||
	    __builtin_add_overflow(a.units, b.units, &sum->units))
		return 0;
	sum->decimals = d;
	return 1;
}

int
decimal_cmp(struct decimal a, struct decimal b)
{
	int d = a.decimals > b.decimals ? a.decimals : b.decimals;

	/* a number too large to rescale is larger than any that fits */
	if (!rescale(&a, d))
		return a.units < 0 ? -1 : 1;
	if (!rescale(&b, d))
		return b.units < 0 ? 1 : -1;
	return a.units < b.units ? -1 : a.units > b.units;
}
