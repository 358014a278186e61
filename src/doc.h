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
	BK_FIGURE,		/* a table, chart or diagram placed here */
	BK__COUNT
};
#define BK_IS_HEADING(k) ((k) < BK_PARAGRAPH)

/* The longest year label pattern of a timeline (平成%d年度 is 15 bytes):
 * with an era's name and number it still fits the label's pieces. */
#define YEAR_LABEL_MAX 40

/* A footnote reference inside a text. */
struct fnref {
	size_t offset;		/* byte offset in text where the mark goes */
	const char *label;
	struct srcpos pos;	/* of the '[' of [^label] */
	int note;		/* index into document.notes, set by validate */
};

/* A cross-reference [@id] inside a text: prints the heading's number. */
struct xref {
	size_t offset;		/* byte offset in text where the number goes */
	const char *id;
	struct srcpos pos;	/* of the '[' of [@id] */
	const struct block *target;	/* the numbered heading, set by validate */
};

struct block {
	enum block_kind kind;
	struct srcpos pos;
	int number;		/* 1-based number in its series, 0: unnumbered */
	const char *prefix;	/* series items: "方針" */
	const struct ynode *prefix_src;
	char *text;		/* UTF-8 without markup; heading title */
	const struct ynode *src;	/* scalar the text came from */
	struct fnref *refs;
	size_t nrefs;
	struct xref *xrefs;	/* in text order */
	size_t nxrefs;
	const char *id;		/* optional id of a part, chapter, heading or
				 * series item */
	const char *policy;	/* section titled by the series item of this id */
	int chapter_unnumbered;	/* chapter heading without 第N章 */
	const char **actions;	/* subsections: the actions under this measure,
				 * shown in the 実施策の体系 diagram */
	size_t nactions;
	struct figure_def *figure;	/* BK_FIGURE: resolved by validate */
	const char *figure_id;
};

/* A table cell: text, or a number with an optional unit and note. */
struct cell {
	char *text;		/* as printed (a number in the table's style:
				 * 1,234, △1,200); NULL for an empty cell */
	int is_number;		/* numeric: right-aligned on the decimal point */
	double value;		/* numeric value, if is_number (for charts) */
	int decimals;		/* digits after the point as written */
	int64_t exact;		/* value * 10^decimals, exactly (for sums) */
	int is_text;		/* given as {text: ...}: never a number */
	const char *unit;	/* printed after the number: 人, %, 億円 */
	const char *note;	/* second line in brackets: （H24.4.1） */
	int colspan, rowspan;
	int on_grid;		/* grid_row, grid_col set: spans resolved */
	int grid_row, grid_col;	/* top-left corner on the table's grid */
	int negative_minus;	/* the table prints negatives as −, not △ */
	struct srcpos pos;
	const struct ynode *src;
};

struct table_def {
	struct cell **rows;	/* header rows first */
	size_t *ncells;		/* cells given in each row */
	size_t nrows, nheader;
	int ncols;		/* grid columns: the header's width, spans counted */
	const char *unit;	/* （単位：百万円） */
	int sum_last_row;	/* last row holds the sums of the body rows */
	int sum_last_col;	/* last column holds the sums of each row */
};

enum chart_kind {
	CHART_TREND,		/* one value per year, target as a reference line */
	CHART_STACKED		/* stacked bars: categories x series */
};

struct chart_def {
	enum chart_kind kind;
	const char *table;	/* id of the table with the numbers */
	struct figure_def *data;
	const char *row;	/* CHART_TREND: label of the table row */
	int target_col;		/* CHART_TREND: column of the target, 0 none */
	int first_col, last_col;	/* value columns, 1-based after the label */
	int by_column;		/* CHART_STACKED: categories are columns */
	int skip_sum;		/* leave out the sum row or column */
	const char *unit;	/* axis unit */
};

struct diagram_node {
	char *text;
	struct diagram_node *kids;
	size_t nkids;
	struct srcpos pos;
};

enum diagram_kind {
	DIAGRAM_TREE,		/* boxes left to right: root -> children -> ... */
	DIAGRAM_POLICY_TREE,	/* a policy's sections and subsections */
	DIAGRAM_TIMELINE	/* plans as bars over years */
};

struct diagram_def {
	enum diagram_kind kind;
	struct diagram_node root;	/* DIAGRAM_TREE */
	const char *policy;		/* DIAGRAM_POLICY_TREE: series item id */
	struct timeline_bar {
		char *text;
		struct srcpos pos;
		int from, to;	/* years, inclusive */
		int lane;
	} *bars;
	size_t nbars;
	int year_from, year_to;
	const char *year_label;	/* a year label: "H%d", at most YEAR_LABEL_MAX bytes */
	int wareki;		/* years are 西暦, printed in their era: 平成21年度 */
	const struct document *doc;	/* set by validate for policy trees */
};

enum figure_kind { FIG_TABLE, FIG_CHART, FIG_DIAGRAM };

struct figure_def {
	enum figure_kind kind;
	const char *id;
	char *caption;
	const char *alt;	/* alternative text given by the content, or NULL */
	const char **notes;	/* ※ lines under the figure */
	size_t nnotes;
	struct srcpos pos;
	const struct ynode *src;
	union {
		struct table_def table;
		struct chart_def chart;
		struct diagram_def diagram;
	} u;
	int used;		/* placed by some block */
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
	const struct ynode *printed[3];	/* title, issuer, date_text: drawn on
					 * the cover and in running heads */
	const struct ynode *subject_node;	/* for messages: the PDF's metadata */
	const char *status;		/* a draft's stamp: 素案, 案 (default) */
	const struct ynode *status_node;	/* NULL when not given */
	int year, month, day;	/* revision date */
	struct block *blocks;
	size_t nblocks;
	struct footnote *notes;
	size_t nnotes;
	struct figure_def *figures;
	size_t nfigures;
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

/*
 * The cell whose top-left corner is at grid position (row, col), column
 * and row spans counted, or NULL (empty, or inside a span from elsewhere).
 */
const struct cell *table_cell_at(const struct table_def *, size_t row, int col);
/* The cell covering grid position (row, col), or NULL. */
const struct cell *table_cell_covering(const struct table_def *, size_t row, int col);

/* Name of a block kind for dumps and messages: "section", "paragraph". */
const char *block_kind_name(enum block_kind);

#endif
