/*
 * The logical structure of a tagged PDF, as a model: structure elements
 * (Document, H1-H6, P, Note, Lbl, Reference, Table, THead, TBody, TR, TH,
 * TD, Caption, Figure, TOC, TOCI, Link) with their kids (elements, marked
 * content on a page, annotations). Built from the page model in reading
 * order; the PDF writer (pdf.c) asks it what each painted item belongs to
 * and writes it out. Knows nothing of libharu.
 */
#ifndef TAGS_H
#define TAGS_H

#include "paginate.h"

/* What a painted item is, when it is no structure element (< 0). */
#define TAG_ARTIFACT (-1)	/* rules, table grounds, draft marks */
#define TAG_HEADER (-2)		/* running head: a pagination artifact */
#define TAG_FOOTER (-3)		/* folio */
#define TAG_NONE (-4)		/* nothing open (writer), not yet placed (builder) */

enum tag_kid_kind { KID_ELEM, KID_MCID, KID_OBJR };

struct tag_kid {
	enum tag_kid_kind kind;
	int elem;		/* KID_ELEM */
	size_t page;		/* KID_MCID, KID_OBJR */
	int n;			/* KID_MCID: the MCID; KID_OBJR: the writer's
				 * number for the annotation */
};

enum tag_scope { SCOPE_NONE, SCOPE_COLUMN, SCOPE_ROW };

struct tag_elem {
	const char *type;	/* the standard structure type */
	int parent;		/* -1 for the Document */
	VEC(struct tag_kid) kids;
	const char *alt;	/* Figure: its alternative text */
	int note;		/* Note: the footnote's index (for its /ID), else -1 */
	int vertical;		/* its text is set in vertical columns (/TbRl) */
	enum tag_scope scope;	/* TH */
	int rowspan, colspan;	/* TH, TD: above 1 when spanning */
	int order;		/* kids of tables are sorted by it: TR by row,
				 * cells by column, Caption first */
	int sorted;		/* its element kids are sorted by order */
	int group;		/* made by tags_group_kids: stands for its parent */
};

/* Where the painted things of one page go. */
struct tag_line {
	int elem;		/* the element, or TAG_ARTIFACT, TAG_HEADER, TAG_FOOTER */
	int label;		/* a note's first line: its Lbl element, else -1 */
	size_t label_glyphs;	/* the leading glyphs that are the label */
};

struct tag_page {
	struct tag_line *line;	/* per placed line */
	int *draw;		/* per placed draw: element or TAG_ARTIFACT */
	int *link;		/* per link: its Link element, or -1 */
	size_t *link_line;	/* per link with an element: the line it covers */
	VEC(int) mcid_owner;	/* MCID -> element */
};

struct tag_tree {
	VEC(struct tag_elem) elems;	/* element 0 is the Document */
	struct tag_page *pages;
	size_t npages;
};

/*
 * Build the structure of the pages in reading order: every line, drawing
 * and link gets its element or is an artifact. `vertical`: the document's
 * writing mode is vertical. Free with tags_free().
 */
void tags_build(struct tag_tree *, const struct pages *, int vertical);

/* A new marked-content reference from element e on page p: its MCID. */
int tags_add_mcid(struct tag_tree *, int e, size_t page);

/* A new element of type under parent (appended to its kids). */
int tags_add_elem(struct tag_tree *, int parent, const char *type);

/* Record annotation `annot` (the writer's number for it) of page p
 * under element e. */
void tags_add_objr(struct tag_tree *, int e, size_t page, int annot);

/* The element kids of every table part, in row and column order. */
void tags_sort(struct tag_tree *);

/*
 * Give no element more than max kids (a PDF library's arrays are bounded):
 * the Document's kids go into Divs, a table's rows into more TBody, a long
 * contents into TOCs, other kids into Spans. After tags_sort().
 */
void tags_group_kids(struct tag_tree *, size_t max);

void tags_free(struct tag_tree *);

#endif
