/* The layout reader: the files in layouts/ and fonts/fonts.yaml -> struct layout. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "layout.h"
#include "load.h"

#define LAYOUT_MIN_CHARS 8
#define LAYOUT_MAX_CHARS 200
#define LAYOUT_MIN_LINES 6
#define LAYOUT_MAX_LINES 200
#define LAYOUT_MAX_PITCH_PT 100
#define LAYOUT_MIN_PAGE_PT 3	/* libharu's smallest page side */
#define LAYOUT_MAX_COLUMNS 4	/* more would leave columns of a few characters */

static const char *const role_names[FONT__COUNT] = {
	[FONT_MINCHO] = "mincho",
	[FONT_GOTHIC] = "gothic",
};

const char *
font_role_name(enum font_role r)
{
	return role_names[r];
}

fixed
layout_measure(const struct layout *l)
{
	return l->body.size * l->chars_per_line;
}

fixed
layout_area_height(const struct layout *l)
{
	return l->line_pitch * l->lines_per_page;
}

fixed
layout_across(const struct layout *l)
{
	return layout_measure(l) * l->columns + l->column_gap * (l->columns - 1);
}

static int
get_length(const struct ynode *map, const char *key, fixed *out, const char *what)
{
	const struct ynode *v = ymap_string(map, key, what);
	char buf[96];

	if (v == NULL)
		return 0;
	snprintf(buf, sizeof(buf), "'%s' of %s", key, what);
	return ynode_length(v, out, buf);
}

static int
get_int(const struct ynode *map, const char *key, int *out, const char *what)
{
	const struct ynode *v = ymap_string(map, key, what);
	char buf[96];

	if (v == NULL)
		return 0;
	snprintf(buf, sizeof(buf), "'%s' of %s", key, what);
	return ynode_int(v, out, buf);
}

static const struct ynode *
get_map(const struct ynode *map, const char *key, const char *what)
{
	const struct ynode *v = ymap_get(map, key);

	if (v == NULL) {
		diag(SEV_ERROR, &map->pos, "missing required key '%s' in %s", key, what);
		return NULL;
	}
	char buf[96];
	snprintf(buf, sizeof(buf), "'%s' of %s", key, what);
	return ynode_expect(v, YN_MAPPING, buf) ? v : NULL;
}

/* Read {font, size[, lines, new_page]} into st. */
static int
get_style(const struct ynode *map, const char *key, struct text_style *st,
    int is_heading)
{
	static const char *const hkeys[] = { "font", "size", "lines", "new_page", NULL };
	const struct ynode *m = get_map(map, key, "the layout");
	const struct ynode *v;
	int ok = 1;

	if (m == NULL)
		return 0;
	/* the caller checks the keys of the other styles, which have more */
	if (is_heading && !ymap_check_keys(m, hkeys, key))
		ok = 0;
	if ((v = ymap_string(m, "font", key)) == NULL)
		ok = 0;
	else {
		int r;
		for (r = 0; r < FONT__COUNT; r++)
			if (strcmp(v->str, role_names[r]) == 0)
				break;
		if (r == FONT__COUNT) {
			diag(SEV_ERROR, &v->pos, "unknown font role '%s' (expected mincho or gothic)",
			    v->str);
			ok = 0;
		} else
			st->font = (enum font_role)r;
	}
	if (!get_length(m, "size", &st->size, key))
		ok = 0;
	else if (st->size < PT(4) || st->size > PT(72)) {
		diag(SEV_ERROR, &ymap_get(m, "size")->pos, "size of %s must be 4pt to 72pt", key);
		ok = 0;
	}
	if (is_heading) {
		st->lines = 1;
		if ((v = ymap_get(m, "lines")) != NULL && !ynode_int(v, &st->lines, "'lines'"))
			ok = 0;
		if ((v = ymap_get(m, "new_page")) != NULL &&
		    (st->new_page = ynode_bool(v, "'new_page'")) < 0)
			ok = 0;
	}
	return ok;
}

/* A style of exactly {font, size}. */
static int
get_font_style(const struct ynode *root, const char *key, struct text_style *st)
{
	static const char *const keys[] = { "font", "size", NULL };
	const struct ynode *m = get_map(root, key, "the layout");

	return m != NULL && ymap_check_keys(m, keys, key) && get_style(root, key, st, 0);
}

static int
load_fonts(struct layout *l, const char *path, const struct srcpos *named_at)
{
	static const char *const keys[] = { "mincho", "gothic", NULL };
	_Static_assert(sizeof(keys) / sizeof(keys[0]) == FONT__COUNT + 1,
	    "one key per font role, then the terminator");
	const struct ynode *root = yaml_load(path, &l->arena, named_at);
	int ok = 1;

	if (root == NULL || !ynode_expect(root, YN_MAPPING, "the font roles file"))
		return 0;
	if (!ymap_check_keys(root, keys, "the font roles"))
		ok = 0;
	for (int r = 0; r < FONT__COUNT; r++) {
		const struct ynode *v = ymap_string(root, role_names[r], "the font roles");
		struct stat st;
		if (v == NULL)
			ok = 0;
		else if (stat(v->str, &st) == 0 && !S_ISREG(st.st_mode)) {
			/* a missing font is reported where it is opened, with
			 * the packages to install; a FIFO or a device is not a font */
			diag(SEV_ERROR, &v->pos, "font file '%s' is not a regular file", v->str);
			ok = 0;
		} else
			l->font_path[r] = arena_strdup(&l->arena, v->str);
	}
	return ok;
}

struct layout *
layout_load(const char *path)
{
	static const char *const keys[] = { "name", "writing_mode", "fonts", "page",
		"margin_top", "body", "headings", "footnotes", "figures", "captions",
		"folio", "running_head", "numerals", "cover", NULL };
	static const char *const heading_keys[] = { "part", "chapter", "section",
		"subsection", "item", "label", "series", NULL };
	static const enum block_kind heading_kinds[] = { BK_PART, BK_CHAPTER,
		BK_SECTION, BK_SUBSECTION, BK_ITEM, BK_LABEL, BK_SERIES_ITEM };
	struct layout *l = xcalloc(1, sizeof(*l));
	const struct ynode *root, *v, *m;
	int ok = 1;

	l->path = arena_strdup(&l->arena, path);
	root = yaml_load(path, &l->arena, NULL);
	if (root == NULL || !ynode_expect(root, YN_MAPPING, "the layout file"))
		goto fail;
	if (!ymap_check_keys(root, keys, "the layout"))
		ok = 0;
	if ((v = ymap_string(root, "name", "the layout")) == NULL)
		ok = 0;
	else
		l->name = v->str;
	if ((v = ymap_string(root, "writing_mode", "the layout")) == NULL)
		ok = 0;
	else if (strcmp(v->str, "horizontal") == 0)
		l->mode = WM_HORIZONTAL;
	else if (strcmp(v->str, "vertical") == 0)
		l->mode = WM_VERTICAL;
	else {
		diag(SEV_ERROR, &v->pos, "writing_mode must be horizontal or vertical");
		ok = 0;
	}
	if ((v = ymap_get(root, "numerals")) != NULL) {
		if (ynode_expect(v, YN_SCALAR, "'numerals'") && strcmp(v->str, "kanji") == 0)
			l->kanji_numerals = 1;
		else if (v->str == NULL || strcmp(v->str, "arabic") != 0) {
			diag(SEV_ERROR, &v->pos, "numerals must be arabic or kanji");
			ok = 0;
		}
	}
	if ((v = ymap_string(root, "fonts", "the layout")) == NULL)
		ok = 0;
	else {
		char *dir = xstrdup(path);
		struct strbuf p = {0};
		if (v->str[0] == '/')
			sb_puts(&p, v->str);
		else
			sb_printf(&p, "%s/%s", dirname(dir), v->str);
		if (!load_fonts(l, p.s, &v->pos))
			ok = 0;
		sb_free(&p);
		free(dir);
	}
	if ((m = get_map(root, "page", "the layout")) != NULL) {
		static const char *const pkeys[] = { "width", "height", NULL };
		if (!ymap_check_keys(m, pkeys, "page") ||
		    !get_length(m, "width", &l->page_width, "page") ||
		    !get_length(m, "height", &l->page_height, "page"))
			ok = 0;
		else if (l->page_width < PT(LAYOUT_MIN_PAGE_PT) ||
		    l->page_height < PT(LAYOUT_MIN_PAGE_PT)) {
			diag(SEV_ERROR, &m->pos, "page width and height must be at least %dpt",
			    LAYOUT_MIN_PAGE_PT);
			ok = 0;
		}
	} else
		ok = 0;
	if (!get_length(root, "margin_top", &l->margin_top, "the layout"))
		ok = 0;
	if ((m = get_map(root, "body", "the layout")) != NULL) {
		static const char *const bkeys[] = { "font", "size", "chars_per_line",
			"lines_per_page", "line_pitch", "columns", "column_gap", NULL };
		if (!ymap_check_keys(m, bkeys, "body"))
			ok = 0;
		if (!get_style(root, "body", &l->body, 0) ||
		    !get_int(m, "chars_per_line", &l->chars_per_line, "body") ||
		    !get_int(m, "lines_per_page", &l->lines_per_page, "body") ||
		    !get_length(m, "line_pitch", &l->line_pitch, "body"))
			ok = 0;
		/* 段組: columns side by side, or tiers in vertical writing */
		l->columns = 1;
		if (ymap_get(m, "columns") != NULL &&
		    !get_int(m, "columns", &l->columns, "body"))
			ok = 0;
		if (ymap_get(m, "column_gap") != NULL &&
		    !get_length(m, "column_gap", &l->column_gap, "body"))
			ok = 0;
		if (ok && (l->columns < 1 || l->columns > LAYOUT_MAX_COLUMNS)) {
			diag(SEV_ERROR, &ymap_get(m, "columns")->pos,
			    "body needs 1-%d columns", LAYOUT_MAX_COLUMNS);
			ok = 0;
		}
		if (ok && l->columns > 1 && l->column_gap < l->body.size) {
			diag(SEV_ERROR, &m->pos, "column_gap must be at least the body size");
			ok = 0;
		}
	} else
		ok = 0;
	if ((m = get_map(root, "headings", "the layout")) != NULL) {
		if (!ymap_check_keys(m, heading_keys, "headings"))
			ok = 0;
		for (size_t i = 0; heading_keys[i] != NULL; i++)
			if (!get_style(m, heading_keys[i], &l->heading[heading_kinds[i]], 1))
				ok = 0;
	} else
		ok = 0;
	if ((m = get_map(root, "footnotes", "the layout")) != NULL) {
		static const char *const nkeys[] = { "font", "size", "line_pitch", "rule", NULL };
		if (!ymap_check_keys(m, nkeys, "footnotes"))
			ok = 0;
		if (!get_style(root, "footnotes", &l->note, 0) ||
		    !get_length(m, "line_pitch", &l->note_pitch, "footnotes") ||
		    !get_length(m, "rule", &l->note_rule, "footnotes"))
			ok = 0;
	} else
		ok = 0;
	/* the cover title: its own style, or half again the part title's */
	l->cover = l->heading[BK_PART];
	l->cover.size = l->heading[BK_PART].size * 3 / 2;
	if (ymap_get(root, "cover") != NULL && !get_font_style(root, "cover", &l->cover))
		ok = 0;
	if (!get_font_style(root, "figures", &l->figure) ||
	    !get_font_style(root, "captions", &l->caption))
		ok = 0;
	if ((m = get_map(root, "folio", "the layout")) != NULL) {
		static const char *const fkeys[] = { "font", "size", "offset", NULL };
		if (!ymap_check_keys(m, fkeys, "folio"))
			ok = 0;
		if (!get_style(root, "folio", &l->folio, 0) ||
		    !get_length(m, "offset", &l->folio_offset, "folio"))
			ok = 0;
	} else
		ok = 0;
	if ((m = get_map(root, "running_head", "the layout")) != NULL) {
		static const char *const rkeys[] = { "font", "size", "offset", NULL };
		if (!ymap_check_keys(m, rkeys, "running_head"))
			ok = 0;
		if (!get_style(root, "running_head", &l->running_head, 0) ||
		    !get_length(m, "offset", &l->head_offset, "running_head"))
			ok = 0;
	} else
		ok = 0;
	if (ok && l->mode == WM_VERTICAL && (layout_area_height(l) > l->page_width ||
	    l->margin_top + layout_across(l) > l->page_height)) {
		diag(SEV_ERROR, ymap_get(root, "body") ? &ymap_get(root, "body")->pos : &root->pos,
		    "the text area (%d characters x %d columns) does not fit the page",
		    l->chars_per_line, l->lines_per_page);
		ok = 0;
	}
	/* the footnote rule is drawn in the notes under a column */
	if (ok && l->note_rule > layout_measure(l)) {
		const struct ynode *fm = ymap_get(root, "footnotes");
		const struct ynode *r = fm != NULL ? ymap_get(fm, "rule") : NULL;
		diag(SEV_ERROR, r != NULL ? &r->pos : &root->pos,
		    "the footnote rule (%.0fpt) is longer than a column (%.0fpt)",
		    FIXED_TO_PT(l->note_rule), FIXED_TO_PT(layout_measure(l)));
		ok = 0;
	}
	if (ok && l->mode == WM_HORIZONTAL && (layout_across(l) > l->page_width ||
	    l->margin_top + layout_area_height(l) > l->page_height)) {
		diag(SEV_ERROR, ymap_get(root, "body") ? &ymap_get(root, "body")->pos : &root->pos,
		    "the text area (%d characters x %d lines) does not fit the page",
		    l->chars_per_line, l->lines_per_page);
		ok = 0;
	}
	/* Grids outside these bounds set no legible page and would overflow
	 * the fixed-point lengths (1/1024 pt in 32 bits). */
	if (ok && (l->chars_per_line < LAYOUT_MIN_CHARS || l->chars_per_line > LAYOUT_MAX_CHARS ||
	    l->lines_per_page < LAYOUT_MIN_LINES || l->lines_per_page > LAYOUT_MAX_LINES ||
	    l->line_pitch > PT(LAYOUT_MAX_PITCH_PT))) {
		diag(SEV_ERROR, &ymap_get(root, "body")->pos,
		    "body needs %d-%d characters per line, %d-%d lines per page and a line pitch up to %dpt",
		    LAYOUT_MIN_CHARS, LAYOUT_MAX_CHARS, LAYOUT_MIN_LINES, LAYOUT_MAX_LINES,
		    LAYOUT_MAX_PITCH_PT);
		ok = 0;
	}
	for (int k = 0; ok && k < BK__COUNT; k++)
		if (l->heading[k].lines > l->lines_per_page / 2) {
			diag(SEV_ERROR, &ymap_get(root, "headings")->pos,
			    "a heading takes at most half the page's %d lines", l->lines_per_page);
			ok = 0;
		}
	if (ok && (l->note_pitch < l->note.size || l->note_pitch > PT(LAYOUT_MAX_PITCH_PT))) {
		diag(SEV_ERROR, &ymap_get(ymap_get(root, "footnotes"), "line_pitch")->pos,
		    "line_pitch of footnotes must be from the footnote size up to %dpt",
		    LAYOUT_MAX_PITCH_PT);
		ok = 0;
	}
	/* the folio and running head sit in the margin, near an edge */
	fixed half = (l->page_width < l->page_height ? l->page_width : l->page_height) / 2;
	if (ok && l->folio_offset > half) {
		diag(SEV_ERROR, &ymap_get(ymap_get(root, "folio"), "offset")->pos,
		    "offset of folio must be at most half the page");
		ok = 0;
	}
	if (ok && l->head_offset > half) {
		diag(SEV_ERROR, &ymap_get(ymap_get(root, "running_head"), "offset")->pos,
		    "offset of running_head must be at most half the page");
		ok = 0;
	}
	if (ok && l->line_pitch < l->body.size) {
		diag(SEV_ERROR, &ymap_get(ymap_get(root, "body"), "line_pitch")->pos,
		    "line_pitch is smaller than the body size");
		ok = 0;
	}
	if (!ok)
		goto fail;
	return l;
fail:
	layout_free(l);
	return NULL;
}

void
layout_free(struct layout *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}
