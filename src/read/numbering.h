/*
 * Heading numbers as the layout prints them, from the numbers the
 * validator gave the blocks. For every stage that prints a heading or a
 * reference to one: the typesetter, the diagrams, the dumps.
 */
#ifndef NUMBERING_H
#define NUMBERING_H

#include <stddef.h>

#include "doc.h"
#include "util.h"

/* Items are numbered with circled numbers, which stop at ㊿. */
#define ITEM_MAX 50

/* Rank of a heading kind: 0 part, 1 chapter, 2 section, 3 subsection,
 * 4 item and series item, 5 label. A figure may not pass the next heading
 * of its own rank or higher. */
int heading_rank(enum block_kind);

/*
 * Append a heading's number as a reference prints it, without separator:
 * "第1章", "1", "（1）", "①", "方針1"; with kanji, "第一章", "一", "（一）".
 * Nothing for an unnumbered block.
 */
void heading_label(const struct block *, int kanji, struct strbuf *out);

/*
 * Heading number and separator as printed: "第1章　", "（1）", "方針1：";
 * with kanji, "第一章　", "（一）".
 */
void heading_number(const struct block *, char *buf, size_t size, int kanji);

/* The Japanese eras from 明治 on, each with the day its year 1 began (for
 * 和暦 years: timelines, CSV headers). */
struct era {
	const char *name;
	int start;		/* yyyymmdd */
};
extern const struct era eras[];
#define NERAS 5

#endif
