/*
 * Numbers as Japanese offices write them: 1,234,567, △1,200 (▲, -, − are
 * minus signs too), 12.5%. Read into an exact decimal (an integer scaled
 * by 10^decimals, the digits kept as written) and printed back in a
 * table's style. For the figure reader, the validator and the table layout.
 */
#ifndef NUMBER_H
#define NUMBER_H

#include <stdint.h>

#include "util.h"

/* At most this many digits: an int64 holds them all exactly. */
#define NUMBER_MAX_DIGITS 18

struct decimal {
	int64_t units;		/* value * 10^decimals */
	int decimals;		/* digits after the point as written */
};

enum number_parse {
	NUM_NOT,		/* not a number: text */
	NUM_OK,
	NUM_MALFORMED		/* looks like a number but is not one: 1,23,4 */
};

/*
 * Read s as a number. Accepted: an optional sign (- − △ ▲), digits either
 * plain or grouped by commas in threes (1,234,567), an optional point and
 * decimals, an optional % (then *percent is set). A string of only signs,
 * digits, commas, points and % that is none of these (1,23,4; 1.2.3; more
 * than NUMBER_MAX_DIGITS digits) is NUM_MALFORMED, anything else NUM_NOT.
 */
enum number_parse number_parse(const char *s, struct decimal *out, int *percent);

/* The value as a double (for charts). */
double decimal_value(struct decimal);

enum negative_style {
	NEG_TRIANGLE,		/* △1,200: Japanese public accounts */
	NEG_MINUS		/* −1,200 (U+2212) */
};

/* Append the number as printed: thousands separators, the negative style,
 * the decimals as written. */
void number_format(struct strbuf *, struct decimal, enum negative_style);

/*
 * a + b and the comparison of a and b, exactly, at the larger number of
 * decimals. decimal_add returns 0 on overflow.
 */
int decimal_add(struct decimal *sum, struct decimal a, struct decimal b);
int decimal_cmp(struct decimal a, struct decimal b);

#endif
