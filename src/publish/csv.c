/*
 * Every table as CSV, following the 2020 rules for statistical data that
 * public bodies publish (統計表における機械判読可能なデータの表記方法):
 * UTF-8 (with a byte order mark, which spreadsheet programs need to read
 * it as UTF-8), one header row, one datum per cell (spans repeated in
 * every cell they cover), numbers as numbers (no separators, − as -),
 * the unit in the header (or a unit column when the rows differ), a cell's
 * note in a column of its own, 西暦 beside a 和暦 year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numbering.h"
#include "publish.h"


/* A field, quoted when it must be (RFC 4180). */
static void
field(struct strbuf *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		sb_puts(out, s);
		return;
	}
	sb_puts(out, "\"");
	for (; *s; s++) {
		if (*s == '"')
			sb_puts(out, "\"");
		sb_add(out, s, 1);
	}
	sb_puts(out, "\"");
}

/* A number as a number: 1234567, -1200, 12.5. */
static void
number(struct strbuf *out, const struct cell *c)
{
	int64_t u = c->exact;
	uint64_t m = u < 0 ? (uint64_t)0 - (uint64_t)u : (uint64_t)u;
	char digits[32];
	int n = snprintf(digits, sizeof(digits), "%0*llu", c->decimals + 1, (unsigned long long)m);
	if (u < 0)
		sb_puts(out, "-");
	sb_add(out, digits, (size_t)(n - c->decimals));
	if (c->decimals > 0) {
		sb_puts(out, ".");
		sb_add(out, digits + n - c->decimals, (size_t)c->decimals);
	}
}

/*
 * A header that names a year in 和暦 (平成23年度, or 23年度 in the era of
 * the document's date) gets its 西暦 first: 2011年度（平成23年度）.
 */
static void
header_year(struct strbuf *out, const char *s, const struct document *doc)
{
	const struct era *era = NULL;
	const char *p = s;
	for (size_t i = 0; i < NERAS; i++)
		if (strncmp(s, eras[i].name, strlen(eras[i].name)) == 0) {
			era = &eras[i];
			p = s + strlen(eras[i].name);
		}
	char *end;
	long n;
	if (strncmp(p, "元", strlen("元")) == 0) {	/* an era's first year */
		n = 1;
		end = (char *)p + strlen("元");
	} else
		n = strtol(p, &end, 10);
	int fiscal = strncmp(end, "年度", strlen("年度")) == 0;
	int year = fiscal || strncmp(end, "年", strlen("年")) == 0;
	if (end == p || !year || n < 1 || n > 99 || ((*p < '0' || *p > '9') && n != 1)) {
		sb_puts(out, s);
		return;
	}
	if (era == NULL) {
		/* the era in force at the document's date */
		int date = doc->year * 10000 + doc->month * 100 + doc->day;
		for (size_t i = 0; i < NERAS; i++)
			if (eras[i].start <= date)
				era = &eras[i];
		if (era == NULL) {
			sb_puts(out, s);
			return;
		}
	}
	sb_printf(out, "%ld%s（%s）", era->start / 10000 + n - 1, fiscal ? "年度" : "年", s);
}

/* The table's own unit note, （単位：百万円） -> 百万円. */
static char *
table_unit(const struct table_def *t)
{
	const char *u = t->unit != NULL ? strstr(t->unit, "単位：") : NULL;
	if (u == NULL)
		return NULL;
	u += strlen("単位：");
	size_t n = strcspn(u, "）)");
	return xstrndup(u, n);
}

static char *
table_csv(const struct figure_def *f, const struct document *doc)
{
	const struct table_def *t = &f->u.table;
	size_t rows = t->nrows;
	int cols = t->ncols;
	const struct cell **grid = xcalloc(rows * (size_t)cols + 1, sizeof(*grid));
	struct strbuf out = {0};

	/* the grid, spans repeated in every position they cover */
	for (size_t r = 0; r < rows; r++)
		for (size_t k = 0; k < t->ncells[r]; k++) {
			const struct cell *c = &t->rows[r][k];
			for (int dr = 0; dr < c->rowspan && c->grid_row + dr < (int)rows; dr++)
				for (int dc = 0; dc < c->colspan && c->grid_col + dc < cols; dc++)
					grid[(size_t)(c->grid_row + dr) * (size_t)cols +
					    (size_t)(c->grid_col + dc)] = c;
		}
	char *tunit = table_unit(t);
	/* per column: one unit for all its numbers, or one per row */
	const char **unit = xcalloc((size_t)cols + 1, sizeof(*unit));
	int *mixed = xcalloc((size_t)cols + 1, sizeof(*mixed));
	int *notes = xcalloc((size_t)cols + 1, sizeof(*notes));
	for (int c = 0; c < cols; c++)
		for (size_t r = t->nheader; r < rows; r++) {
			const struct cell *ce = grid[r * (size_t)cols + (size_t)c];
			if (ce == NULL)
				continue;
			if (ce->note != NULL)
				notes[c] = 1;
			if (!ce->is_number)
				continue;
			const char *u = ce->unit != NULL ? ce->unit : tunit != NULL ? tunit : "";
			if (unit[c] == NULL)
				unit[c] = u;
			else if (strcmp(unit[c], u) != 0)
				mixed[c] = 1;
		}
	sb_puts(&out, "\xef\xbb\xbf");
	/* one header row: the header rows' texts of each column, joined */
	for (int c = 0; c < cols; c++) {
		/* the header rows' texts of the column, each with its 西暦 */
		struct strbuf h = {0}, y = {0};
		for (size_t r = 0; r < t->nheader; r++) {
			const struct cell *ce = grid[r * (size_t)cols + (size_t)c];
			if (ce == NULL || ce->text == NULL || ce->text[0] == '\0' ||
			    (r > 0 && ce == grid[(r - 1) * (size_t)cols + (size_t)c]))
				continue;
			if (h.len)
				sb_puts(&h, " ");
			if (y.len)
				sb_puts(&y, " ");
			sb_puts(&h, ce->text);
			header_year(&y, ce->text, doc);
		}
		/* the label column's corner is often blank: name it */
		if (y.len == 0)
			sb_puts(&y, c == 0 ? "項目" : "");
		if (!mixed[c] && unit[c] != NULL && unit[c][0] != '\0')
			sb_printf(&y, "（%s）", unit[c]);
		if (c > 0)
			sb_puts(&out, ",");
		field(&out, y.s != NULL ? y.s : "");
		if (mixed[c]) {
			sb_puts(&out, ",");
			struct strbuf u = {0};
			sb_printf(&u, "%s（単位）", h.s != NULL ? h.s : "");
			field(&out, u.s);
			sb_free(&u);
		}
		if (notes[c]) {
			sb_puts(&out, ",");
			struct strbuf u = {0};
			sb_printf(&u, "%s（注記）", h.s != NULL ? h.s : "");
			field(&out, u.s);
			sb_free(&u);
		}
		sb_free(&h);
		sb_free(&y);
	}
	sb_puts(&out, "\r\n");
	for (size_t r = t->nheader; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			const struct cell *ce = grid[r * (size_t)cols + (size_t)c];
			if (c > 0)
				sb_puts(&out, ",");
			if (ce != NULL && ce->is_number)
				number(&out, ce);
			else if (ce != NULL && ce->text != NULL)
				field(&out, ce->text);
			if (mixed[c]) {
				sb_puts(&out, ",");
				if (ce != NULL && ce->is_number)
					field(&out, ce->unit != NULL ? ce->unit : tunit != NULL ? tunit : "");
			}
			if (notes[c]) {
				sb_puts(&out, ",");
				if (ce != NULL && ce->note != NULL)
					field(&out, ce->note);
			}
		}
		sb_puts(&out, "\r\n");
	}
	free(grid);
	free(unit);
	free(mixed);
	free(notes);
	free(tunit);
	return out.s;
}

int
csv_write(const struct document *doc, const char *dir)
{
	int ok = 1;

	for (size_t i = 0; i < doc->nfigures; i++) {
		const struct figure_def *f = &doc->figures[i];
		if (f->kind != FIG_TABLE)
			continue;
		char *csv = table_csv(f, doc);
		struct strbuf path = {0};
		const char *why;
		sb_printf(&path, "%s/%s.csv", dir, f->id);
		if (!write_file_atomic(path.s, csv, strlen(csv), &why)) {
			diag(SEV_FATAL, NULL, "cannot write '%s': %s", path.s, why);
			ok = 0;
		}
		sb_free(&path);
		free(csv);
	}
	return ok;
}
