/*
 * Break opportunities: ICU's UAX #14 line breaking with the strict Japanese
 * tailoring, corrected by the JLREQ prohibition rules.
 * The only file that includes ICU headers.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include "breaks.h"
#include "diag.h"
#include "util.h"

static UBreakIterator *iter;		/* ja@lb=strict */
static UBreakIterator *phrase_iter;	/* ja@lb=strict;lw=phrase */
static UBreakIterator *word_iter;	/* ja words, for comparing revisions */

/* JLREQ: characters not allowed at the start of a line. */
static const uint32_t no_start[] = {
	0x3001, 0x3002, 0xff0c, 0xff0e, 0x30fb, 0xff1a, 0xff1b, 0xff1f, 0xff01,
	0xff09, 0x300d, 0x300f, 0x3011, 0x3015, 0x3009, 0x300b, 0xff3d, 0xff5d,
	0x30fc, 0x3005, 0x309d, 0x309e, 0x30fd, 0x30fe,
	0xff5e, 0x301c,		/* wave dashes: ICU lets these start a line */
	0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087,
	0x308e, 0x3095, 0x3096,
	0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30c3, 0x30e3, 0x30e5, 0x30e7,
	0x30ee, 0x30f5, 0x30f6, 0x31f0, 0x31f1, 0x31f2, 0x31f3, 0x31f4, 0x31f5,
	0x31f6, 0x31f7, 0x31f8, 0x31f9, 0x31fa, 0x31fb, 0x31fc, 0x31fd, 0x31fe,
	0x31ff,
	0x0029, 0x005d, 0x007d, 0x002c, 0x002e, 0x003a, 0x003b, 0x0021, 0x003f,
	0x0025,
};

static const uint32_t no_end[] = {
	0xff08, 0x300c, 0x300e, 0x3010, 0x3014, 0x3008, 0x300a, 0xff3b, 0xff5b,
	0x0028, 0x005b, 0x007b,
};

static int
in_set(uint32_t c, const uint32_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == c)
			return 1;
	return 0;
}

int
breaks_no_line_start(uint32_t c)
{
	return in_set(c, no_start, sizeof(no_start) / sizeof(*no_start));
}

int
breaks_no_line_end(uint32_t c)
{
	return in_set(c, no_end, sizeof(no_end) / sizeof(*no_end));
}

/* Characters that JLREQ keeps in unbreakable pairs (……, ――). */
static int
is_paired_dash(uint32_t c)
{
	return c == 0x2026 || c == 0x2025 || c == 0x2015 || c == 0x2014;
}

static int
is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19);
}

/* Kanji (and 々), after which a number belongs to the word before it. */
static int
is_ideograph(uint32_t c)
{
	return (c >= 0x4e00 && c <= 0x9fff) || c == 0x3005;
}

/*
 * The code points as ICU's UTF-16 (into *u16), with the code point index
 * of every UTF-16 unit (into *index_of, one more at the end). Return the
 * number of units. Caller frees both.
 */
static size_t
to_utf16(const uint32_t *cp, size_t n, UChar **u16p, size_t **index_ofp)
{
	UChar *u16 = xmalloc(2 * n * sizeof(*u16));
	size_t *index_of = xmalloc((2 * n + 1) * sizeof(*index_of));
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		index_of[m] = i;
		if (cp[i] > 0xffff) {
			u16[m++] = (UChar)(0xd800 + ((cp[i] - 0x10000) >> 10));
			index_of[m] = i;
			u16[m++] = (UChar)(0xdc00 + ((cp[i] - 0x10000) & 0x3ff));
		} else
			u16[m++] = (UChar)cp[i];
	}
	index_of[m] = n;
	*u16p = u16;
	*index_ofp = index_of;
	return m;
}

int
breaks_find(const uint32_t *cp, size_t n, unsigned char *brk, int phrases)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar *u16;
	size_t *index_of;	/* UTF-16 index -> code point index */
	size_t m = 0;

	memset(brk, 0, n);
	if (n == 0)
		return 1;
	m = to_utf16(cp, n, &u16, &index_of);
	if (iter == NULL) {
		iter = ubrk_open(UBRK_LINE, "ja@lb=strict", NULL, 0, &err);
		if (U_FAILURE(err)) {
			diag(SEV_FATAL, NULL, "ICU line breaker: %s", u_errorName(err));
			free(u16);
			free(index_of);
			return 0;
		}
	}
	if (phrases && phrase_iter == NULL) {
		phrase_iter = ubrk_open(UBRK_LINE, "ja@lb=strict;lw=phrase", NULL, 0, &err);
		if (U_FAILURE(err)) {
			diag(SEV_FATAL, NULL, "ICU phrase breaker: %s", u_errorName(err));
			free(u16);
			free(index_of);
			return 0;
		}
	}
	ubrk_setText(iter, u16, (int32_t)m, &err);
	if (phrases)
		ubrk_setText(phrase_iter, u16, (int32_t)m, &err);
	if (U_FAILURE(err)) {
		diag(SEV_FATAL, NULL, "ICU line breaker: %s", u_errorName(err));
		free(u16);
		free(index_of);
		return 0;
	}
	for (int32_t b = ubrk_following(iter, 0); b != UBRK_DONE && (size_t)b < m;
	    b = ubrk_next(iter))
		brk[index_of[b]] = 1;
	/* a phrase boundary that is also a line break opportunity: 2, but
	 * not between a word and the number it carries (平成｜29年度, 第｜3次,
	 * 方針｜1, 約｜3割) */
	for (int32_t b = phrases ? ubrk_following(phrase_iter, 0) : UBRK_DONE;
	    b != UBRK_DONE && (size_t)b < m; b = ubrk_next(phrase_iter)) {
		size_t i = index_of[b];
		if (brk[i] && !(is_digit(cp[i]) && is_ideograph(cp[i - 1])))
			brk[i] = 2;
	}
	for (size_t i = 1; i < n; i++) {
		if (!brk[i])
			continue;
		if (breaks_no_line_start(cp[i]) || breaks_no_line_end(cp[i - 1]) ||
		    (is_paired_dash(cp[i]) && cp[i] == cp[i - 1]))
			brk[i] = 0;
	}
	free(u16);
	free(index_of);
	return 1;
}

int
breaks_words(const uint32_t *cp, size_t n, unsigned char *start)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar *u16;
	size_t *index_of, m = 0;

	memset(start, 0, n);
	if (n == 0)
		return 1;
	start[0] = 1;
	m = to_utf16(cp, n, &u16, &index_of);
	if (word_iter == NULL)
		word_iter = ubrk_open(UBRK_WORD, "ja", NULL, 0, &err);
	if (U_SUCCESS(err))
		ubrk_setText(word_iter, u16, (int32_t)m, &err);
	if (U_FAILURE(err)) {
		diag(SEV_FATAL, NULL, "ICU word breaker: %s", u_errorName(err));
		free(u16);
		free(index_of);
		return 0;
	}
	for (int32_t b = ubrk_following(word_iter, 0); b != UBRK_DONE && (size_t)b < m;
	    b = ubrk_next(word_iter))
		start[index_of[b]] = 1;
	free(u16);
	free(index_of);
	return 1;
}

enum vertical_orientation
breaks_vertical_orientation(uint32_t cp)
{
	switch (u_getIntPropertyValue((UChar32)cp, UCHAR_VERTICAL_ORIENTATION)) {
	case U_VO_ROTATED:
		return VO_ROTATED;
	case U_VO_TRANSFORMED_UPRIGHT:
		return VO_TRANSFORMED_UPRIGHT;
	case U_VO_TRANSFORMED_ROTATED:
		return VO_TRANSFORMED_ROTATED;
	default:
		return VO_UPRIGHT;
	}
}

void
breaks_close(void)
{
	if (iter != NULL)
		ubrk_close(iter);
	if (phrase_iter != NULL)
		ubrk_close(phrase_iter);
	if (word_iter != NULL)
		ubrk_close(word_iter);
	iter = phrase_iter = word_iter = NULL;
}
