/*
 * Two revisions of a document compared for a 新旧対照表: the blocks aligned
 * (headings, paragraphs, table rows, diagram boxes, footnotes), then the
 * words within each changed block (ICU word boundaries), so that what is
 * underlined is exactly what changed. Read by diff_pages.c and main.c.
 */
#ifndef DIFF_H
#define DIFF_H

#include "doc.h"

/* A word (or a cell, a footnote mark, a heading number) of a text. */
struct diff_token {
	const char *text;	/* as printed */
	const char *key;	/* compared: a mark by its label, a number not at all */
};

/* A unit of comparison: a heading, a paragraph, a table row, a box, a note. */
struct diff_item {
	enum block_kind kind;
	int rank;		/* heading rank (1 part ... ); 0 for text */
	const struct block *block;	/* where it stands in its document */
	const char *figure_id;	/* figure rows: the figure */
	struct diff_token *tok;
	size_t ntok;
	const char *key;	/* all keys: equal items are unchanged */
};

enum diff_change {
	DC_SAME,
	DC_CHANGED,	/* words differ: underlined on both sides */
	DC_ADDED,	/* （新設） on the old side */
	DC_REMOVED	/* （削る） on the new side */
};

struct diff_row {
	enum diff_change change;
	const struct diff_item *new_item, *old_item;	/* NULL when absent */
	unsigned char *new_changed, *old_changed;	/* per token: underline */
	int shown;		/* a change, or a heading above one */
	const char *path;	/* headings above it and its own, for --list */
};

struct diff {
	struct diff_row *rows;
	size_t nrows;
	size_t nchanges;
	struct arena arena;
};

/* Compare two revisions; NULL if ICU failed (reported). Free with diff_free. */
struct diff *diff_documents(const struct document *old_doc,
    const struct document *new_doc);
void diff_free(struct diff *);

/* Name of a change for --list: 変更, 新設, 削除. */
const char *diff_change_name(enum diff_change);

#endif
