/*
 * Line break opportunities and character properties from ICU.
 * For the typesetter only. The only file that includes ICU headers is
 * breaks.c.
 */
#ifndef BREAKS_H
#define BREAKS_H

#include <stddef.h>
#include <stdint.h>

/*
 * For the n code points of one paragraph, set brk[i] to 1 where a line may
 * break before cp[i] (brk[0] is always 0): ICU's ja@lb=strict rules plus
 * the JLREQ rules that ICU lacks (～ and 〜 never start a line, …… and ――
 * stay together, the full line-start and line-end prohibition sets). With
 * phrases, set brk[i] to 2 where the break is also a phrase boundary
 * (ICU's lw=phrase: 小平｜市｜第三次｜長期｜総合｜計画), for short measures.
 * Return 0 if ICU failed (reported).
 */
int breaks_find(const uint32_t *cp, size_t n, unsigned char *brk, int phrases);

/*
 * Set start[i] to 1 where a word begins at cp[i] (ICU's dictionary word
 * boundaries for Japanese; start[0] is 1): the units in which a revision's
 * changes are found and underlined. Return 0 if ICU failed (reported).
 */
int breaks_words(const uint32_t *cp, size_t n, unsigned char *start);

/* Line-start prohibited (行頭禁則) per JLREQ, as used by breaks_find. */
int breaks_no_line_start(uint32_t cp);

/* Line-end prohibited (行末禁則): opening brackets. */
int breaks_no_line_end(uint32_t cp);

/* Unicode Vertical_Orientation (UAX #50) of a character. */
enum vertical_orientation {
	VO_UPRIGHT,
	VO_ROTATED,
	VO_TRANSFORMED_UPRIGHT,
	VO_TRANSFORMED_ROTATED
};
enum vertical_orientation breaks_vertical_orientation(uint32_t cp);

/* Release ICU's break iterator; accepts never having opened one. */
void breaks_close(void);

#endif
