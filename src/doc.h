/*
 * The document tree: the plan's text as an ordered list of blocks, each
 * heading or paragraph with its source position. Built by content.c,
 * completed by validate.c (references, numbers), read by the typesetter.
 */
#ifndef DOC_H
#define DOC_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

struct ynode;

enum block_kind {
	BK_PART,		/* 第1部 */
	BK_CHAPTER,		/* 第1章 */
	BK_SECTION,		/* 1 */
	BK_SUBSECTION,		/* （1） */
	BK_ITEM,		/* ① */
	BK_LABEL,		/* ＜基本的考え方＞, unnumbered */
	BK_SERIES_ITEM,		/* 方針1：… */
	BK_PARAGRAPH,
	BK__COUNT
};
#define BK_IS_HEADING(k) ((k) != BK_PARAGRAPH)

/* A footnote reference inside a text. */
struct fnref {
	size_t offset;		/* byte offset in text where the mark goes */
	const char *label;
	struct srcpos pos;	/* of the '[' of [^label] */
	int note;		/* index into document.notes, set by validate */
};

struct block {
	enum block_kind kind;
	struct srcpos pos;
	int number;		/* 1-based number in its series, 0: unnumbered */
	const char *prefix;	/* series items: "方針" */
	char *text;		/* UTF-8 without markup; heading title */
	const struct ynode *src;	/* scalar the text came from */
	struct fnref *refs;
	size_t nrefs;
	const char *id;		/* optional id (sections, series items) */
	const char *policy;	/* section titled by the series item of this id */
	int chapter_unnumbered;	/* chapter heading without 第N章 */
};

struct footnote {
	const char *label;
	char *text;
	const struct ynode *src;
	struct srcpos pos;
	int number;		/* by first reference; 0 if never referenced */
};

struct document {
	const char *path;	/* the document file */
	const char *title, *issuer, *date_text, *period, *subject;
	int year, month, day;	/* revision date */
	struct block *blocks;
	size_t nblocks;
	struct footnote *notes;
	size_t nnotes;
	struct arena arena;	/* owns everything above and the YAML trees */
};

/*
 * Read the document file and every file it names into a tree; report every
 * error found. Return NULL if there was one. Caller frees with
 * document_free().
 */
struct document *document_load(const char *path);

/* Frees the document; accepts NULL. */
void document_free(struct document *);

/* Name of a block kind for dumps and messages: "section", "paragraph". */
const char *block_kind_name(enum block_kind);

#endif
