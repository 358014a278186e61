/*
 * The YAML reader: libyaml events -> ynode tree with positions.
 * The only file that includes <yaml.h>.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "load.h"

/* Deeper nesting than this is no content of ours and could exhaust the stack. */
#define YAML_MAX_DEPTH 64

struct ysource {
	const char *path;
	const char *text;
	size_t len;
	size_t *line_start;	/* byte offset of each line, counted once */
	int nlines;
};

struct reader {
	yaml_parser_t parser;
	struct arena *arena;
	struct ysource *src;
	int failed;
};

static struct srcpos
mark_pos(const struct reader *r, yaml_mark_t m)
{
	struct srcpos p = { r->src->path, (int)m.line + 1, (int)m.column + 1 };
	return p;
}

/*
 * Report the first invalid UTF-8 byte with its line and column, and note
 * where each line starts, so that a position inside a scalar is found
 * without reading the file again from its start.
 */
static int
check_utf8(struct ysource *src, struct arena *a)
{
	size_t i = 0, n, nl = 1;
	uint32_t cp;
	int line = 1, col = 1;

	for (size_t j = 0; j < src->len; j++)
		nl += src->text[j] == '\n';
	if (nl > INT_MAX) {
		struct srcpos p = { src->path, 0, 0 };
		diag(SEV_ERROR, &p, "too many lines");
		return 0;
	}
	src->line_start = arena_alloc(a, nl * sizeof(*src->line_start));
	src->line_start[0] = 0;
	src->nlines = 1;

	while (i < src->len) {
		n = utf8_decode(src->text + i, src->len - i, &cp);
		if (n == 0) {
			struct srcpos p = { src->path, line, col };
			diag(SEV_ERROR, &p, "invalid UTF-8 (byte 0x%02x)",
			    (unsigned char)src->text[i]);
			return 0;
		}
		if (cp == 0) {
			struct srcpos p = { src->path, line, col };
			diag(SEV_ERROR, &p, "NUL character in file");
			return 0;
		}
		if (cp == '\n') {
			line++;
			col = 1;
			src->line_start[src->nlines++] = i + 1;
		} else
			col++;
		i += n;
	}
	return 1;
}

static struct ynode *
new_node(struct reader *r, enum ynode_kind kind, yaml_mark_t m)
{
	struct ynode *n = arena_alloc(r->arena, sizeof(*n));

	n->kind = kind;
	n->pos = mark_pos(r, m);
	n->src = r->src;
	return n;
}

static int
next_event(struct reader *r, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&r->parser, ev)) {
		struct srcpos p = mark_pos(r, r->parser.problem_mark);
		diag(SEV_ERROR, &p, "YAML syntax error: %s%s%s",
		    r->parser.problem ? r->parser.problem : "unknown",
		    r->parser.context ? " " : "",
		    r->parser.context ? r->parser.context : "");
		r->failed = 1;
		return 0;
	}
	return 1;
}

static struct ynode *parse_node(struct reader *, yaml_event_t *, int depth);

static struct ynode *
parse_collection(struct reader *r, struct ynode *n, yaml_event_type_t end,
    int depth)
{
	VEC(struct ynode *) kids = {0};
	struct strmap keys = {0};	/* key -> its index in kids */
	yaml_event_t ev;

	for (;;) {
		if (!next_event(r, &ev))
			goto fail;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		struct ynode *k = parse_node(r, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (k == NULL)
			goto fail;
		if (n->kind == YN_MAPPING && kids.n % 2 == 0) {
			size_t first;
			/* earlier keys may be null or collections, already
			 * reported: they are not in the map and match nothing */
			if (k->kind != YN_SCALAR || k->str == NULL) {
				diag(SEV_ERROR, &k->pos, "mapping key must be a string");
				r->failed = 1;
			} else if (!strmap_add(&keys, k->str, kids.n, &first)) {
				diag(SEV_ERROR, &k->pos,
				    "duplicate key '%s' (first at line %d)",
				    k->str, kids.v[first]->pos.line);
				r->failed = 1;
			}
		}
		VEC_PUSH(kids, k);
	}
	n->nkids = kids.n;
	n->kids = arena_alloc(r->arena, (kids.n ? kids.n : 1) * sizeof(*n->kids));
	if (kids.n)
		memcpy(n->kids, kids.v, kids.n * sizeof(*n->kids));
	VEC_FREE(kids);
	strmap_free(&keys);
	return n;
fail:
	VEC_FREE(kids);
	strmap_free(&keys);
	return NULL;
}

/* Wide characters, between which a line break of the source is no space
 * (CJK, kana, fullwidth forms; the ranges of East Asian Width W and F). */
static int
is_wide_char(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000;
}

/*
 * Text is set from what a scalar says, not from how the file lays it out:
 * line breaks of a block (p: |) are folded, to nothing between wide
 * characters (経常収支比率が／93.9%) and to a space between others, and
 * trailing ones dropped. Any other control character (a tab, U+0007)
 * would be drawn as a missing glyph: an error at its position.
 */
static int
normalise_scalar(struct ynode *n)
{
	char *s = (char *)n->str;
	size_t i = 0, w = 0, k;
	uint32_t cp, prev = 0;
	int bad = 0;

	/* first the check, on the value as written, so positions are exact */
	for (i = 0; i < n->len; i += k) {
		if ((k = utf8_decode(s + i, n->len - i, &cp)) == 0)
			return 1;	/* checked before: cannot happen */
		if (cp != '\n' && (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))) {
			struct srcpos p = ynode_char_pos(n, i);
			diag(SEV_ERROR, &p, "control character U+%04X in text%s", cp,
			    cp == '\t' ? ": write a space" : "");
			bad = 1;	/* the file's other errors are still found */
		}
	}
	for (i = 0; i < n->len; ) {
		k = utf8_decode(s + i, n->len - i, &cp);
		if (cp == '\n') {
			size_t j = i;
			while (j < n->len && s[j] == '\n')
				j++;
			uint32_t next = 0;
			if (j < n->len)
				utf8_decode(s + j, n->len - j, &next);
			if (prev != 0 && next != 0 && !(is_wide_char(prev) && is_wide_char(next)) &&
			    prev != ' ' && next != ' ')
				s[w++] = ' ';
			i = j;
			continue;
		}
		if (cp != '\n' && (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))) {
			i += k;	/* reported above */
			continue;
		}
		memmove(s + w, s + i, k);
		w += k;
		i += k;
		prev = cp;
	}
	s[w] = '\0';
	n->len = w;
	return !bad;
}

static struct ynode *
parse_node(struct reader *r, yaml_event_t *ev, int depth)
{
	struct ynode *n;

	if (depth > YAML_MAX_DEPTH) {
		struct srcpos p = mark_pos(r, ev->start_mark);
		diag(SEV_ERROR, &p, "nesting deeper than %d levels", YAML_MAX_DEPTH);
		r->failed = 1;
		return NULL;
	}
	/* a tag (!!binary, !custom) would change what a value means; the
	 * format has none, and silently reading past one misleads */
	const yaml_char_t *tag = ev->type == YAML_SCALAR_EVENT ? ev->data.scalar.tag :
	    ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.tag :
	    ev->type == YAML_MAPPING_START_EVENT ? ev->data.mapping_start.tag : NULL;
	if (tag != NULL && strcmp((const char *)tag, YAML_STR_TAG) != 0 &&
	    strcmp((const char *)tag, YAML_SEQ_TAG) != 0 &&
	    strcmp((const char *)tag, YAML_MAP_TAG) != 0) {
		struct srcpos p = mark_pos(r, ev->start_mark);
		diag(SEV_ERROR, &p, "YAML tag '%s' is not part of the format", (const char *)tag);
		r->failed = 1;
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = new_node(r, YN_SCALAR, ev->start_mark);
		n->str = arena_strndup(r->arena, (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (strlen(n->str) != n->len) {
			/* a "\0" escape: C strings would lose what follows */
			diag(SEV_ERROR, &n->pos, "NUL character in a string");
			r->failed = 1;
			return NULL;
		}
		/* a control character is reported (the exit status keeps any
		 * PDF from being written) and dropped, and the file is read on:
		 * its other errors are found too */
		normalise_scalar(n);
		/* An explicit null ("~" or nothing) is not a string. */
		if (n->plain && (n->len == 0 || strcmp(n->str, "~") == 0 ||
		    strcmp(n->str, "null") == 0)) {
			n->str = NULL;
		}
		return n;
	case YAML_SEQUENCE_START_EVENT:
		n = new_node(r, YN_SEQUENCE, ev->start_mark);
		return parse_collection(r, n, YAML_SEQUENCE_END_EVENT, depth);
	case YAML_MAPPING_START_EVENT:
		n = new_node(r, YN_MAPPING, ev->start_mark);
		return parse_collection(r, n, YAML_MAPPING_END_EVENT, depth);
	case YAML_ALIAS_EVENT: {
		struct srcpos p = mark_pos(r, ev->start_mark);
		diag(SEV_ERROR, &p, "YAML aliases are not used in plan content");
		r->failed = 1;
		return NULL;
	}
	default: {
		struct srcpos p = mark_pos(r, ev->start_mark);
		diag(SEV_ERROR, &p, "unexpected YAML event");
		r->failed = 1;
		return NULL;
	}
	}
}

struct ynode *
yaml_load(const char *path, struct arena *a, const struct srcpos *named_at)
{
	struct reader r;
	struct ysource *src;
	struct ynode *root = NULL;
	yaml_event_t ev;
	size_t len;
	char *text;

	const char *why;
	text = read_file(path, &len, &why);
	if (text == NULL) {
		if (named_at != NULL)
			diag(SEV_ERROR, named_at, "cannot read '%s': %s", path, why);
		else
			diag(SEV_FATAL, NULL, "cannot read '%s': %s", path, why);
		return NULL;
	}
	/* A UTF-8 byte order mark may open a YAML stream: skip it, so that
	 * line 1 column 1 is the first character after it. */
	size_t skip = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	src = arena_alloc(a, sizeof(*src));
	src->path = arena_strdup(a, path);
	src->text = arena_strndup(a, text + skip, len - skip);
	src->len = len - skip;
	free(text);
	if (!check_utf8(src, a))
		return NULL;

	memset(&r, 0, sizeof(r));
	r.arena = a;
	r.src = src;
	if (!yaml_parser_initialize(&r.parser)) {
		diag(SEV_FATAL, NULL, "cannot initialise the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)src->text,
	    src->len);
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);

	/* stream-start, document-start, node, document-end, stream-end */
	if (!next_event(&r, &ev))
		goto out;
	yaml_event_delete(&ev);
	if (!next_event(&r, &ev))
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		struct srcpos p = { src->path, 1, 1 };
		diag(SEV_ERROR, &p, "file is empty");
		r.failed = 1;
		yaml_event_delete(&ev);
		goto out;
	}
	yaml_event_delete(&ev);
	if (!next_event(&r, &ev))
		goto out;
	root = parse_node(&r, &ev, 0);
	yaml_event_delete(&ev);
	if (root == NULL)
		goto out;
	if (!next_event(&r, &ev))
		goto out;
	yaml_event_delete(&ev);
	if (!next_event(&r, &ev))
		goto out;
	if (ev.type != YAML_STREAM_END_EVENT) {
		struct srcpos p = mark_pos(&r, ev.start_mark);
		diag(SEV_ERROR, &p, "only one YAML document per file");
		r.failed = 1;
	}
	yaml_event_delete(&ev);
out:
	yaml_parser_delete(&r.parser);
	return r.failed ? NULL : root;
}

/*
 * Walk the source from the scalar's first character alongside its value:
 * equal characters advance both, anything else in the source (quotes,
 * folded line breaks, indentation) advances the source alone. A walk
 * resumes where the last look-up stopped, so the positions of all the
 * references of one paragraph cost one pass over it.
 */
void
ynode_walk_start(struct char_walk *w, const struct ynode *n)
{
	const struct ysource *src = n->src;
	size_t s = 0, k;
	uint32_t sc;
	int line = 1, col = 1;

	memset(w, 0, sizeof(*w));
	w->n = n;
	w->line = n->pos.line;
	w->col = n->pos.col;
	w->broken = 1;
	/* Find the byte where the node starts: its line, then its column. */
	if (n->pos.line >= 1 && n->pos.line <= src->nlines) {
		line = n->pos.line;
		s = src->line_start[line - 1];
	}
	while (s < src->len && (line < n->pos.line || col < n->pos.col)) {
		k = utf8_decode(src->text + s, src->len - s, &sc);
		if (k == 0)
			return;
		if (sc == '\n') {
			line++;
			col = 1;
		} else
			col++;
		s += k;
	}
	if (!n->plain && s < src->len && (src->text[s] == '"' || src->text[s] == '\'')) {
		s++;
		col++;
	}
	w->dquoted = !n->plain && s > 0 && src->text[s - 1] == '"';
	w->s = s;
	w->line = line;
	w->col = col;
	w->broken = 0;
}

struct srcpos
ynode_walk_to(struct char_walk *w, size_t off)
{
	const struct ynode *n = w->n;
	const struct ysource *src = n->src;
	struct srcpos p = { n->pos.file, w->line, w->col };
	size_t k;
	uint32_t sc, vc;

	if (w->broken || off < w->v)
		return w->broken ? n->pos : p;
	while (w->v < off && w->v < n->len && w->s < src->len) {
		size_t kv = utf8_decode(n->str + w->v, n->len - w->v, &vc);
		k = utf8_decode(src->text + w->s, src->len - w->s, &sc);
		if (kv == 0 || k == 0)
			break;
		/* an escape of a double-quoted string (\a, \u3042) is one
		 * character of the value; an escaped line break is none */
		if (w->dquoted && sc == '\\' && w->s + 1 < src->len &&
		    src->text[w->s + 1] != '\n') {
			char e = src->text[w->s + 1];
			size_t el = e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2;
			for (size_t q = 0; q < el && w->s < src->len; q++, w->s++)
				w->col++;
			w->v += kv;
			continue;
		}
		/* a folded line break reads as a space */
		if (sc == vc || (vc == ' ' && sc == '\n'))
			w->v += kv;
		w->s += k;
		if (sc == '\n') {
			w->line++;
			w->col = 1;
		} else
			w->col++;
	}
	p.line = w->line;
	p.col = w->col;
	return p;
}

struct srcpos
ynode_char_pos(const struct ynode *n, size_t off)
{
	struct char_walk w;

	ynode_walk_start(&w, n);
	return ynode_walk_to(&w, off);
}

const char *
ynode_kind_name(const struct ynode *n)
{
	if (n == NULL)
		return "nothing";
	switch (n->kind) {
	case YN_SCALAR:
		return n->str ? "a string" : "null";
	case YN_SEQUENCE:
		return "a list";
	default:
		return "a mapping";
	}
}

int
ymap_check_keys(const struct ynode *map, const char *const *allowed,
    const char *what)
{
	int ok = 1;

	for (size_t i = 0; i < map->nkids; i += 2) {
		const char *k = map->kids[i]->str;
		const char *const *a;

		for (a = allowed; *a != NULL; a++)
			if (k != NULL && strcmp(*a, k) == 0)
				break;
		if (*a == NULL) {
			diag(SEV_ERROR, &map->kids[i]->pos, "unknown key '%s' in %s",
			    k ? k : "~", what);
			ok = 0;
		}
	}
	return ok;
}

const struct ynode *
ymap_get(const struct ynode *map, const char *key)
{
	if (map == NULL || map->kind != YN_MAPPING)
		return NULL;
	for (size_t i = 0; i < map->nkids; i += 2)
		if (map->kids[i]->str != NULL && strcmp(map->kids[i]->str, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

int
ynode_expect(const struct ynode *n, enum ynode_kind kind, const char *what)
{
	static const char *const kinds[] = { "a string", "a list", "a mapping" };

	if (n->kind == kind && (kind != YN_SCALAR || n->str != NULL))
		return 1;
	diag(SEV_ERROR, &n->pos, "%s must be %s, not %s", what, kinds[kind],
	    ynode_kind_name(n));
	return 0;
}

const struct ynode *
ymap_string(const struct ynode *map, const char *key, const char *what)
{
	const struct ynode *v = ymap_get(map, key);

	if (v == NULL) {
		diag(SEV_ERROR, &map->pos, "missing required key '%s' in %s", key, what);
		return NULL;
	}
	char buf[128];
	snprintf(buf, sizeof(buf), "'%s' of %s", key, what);
	if (!ynode_expect(v, YN_SCALAR, buf))
		return NULL;
	if (v->len == 0) {
		diag(SEV_ERROR, &v->pos, "'%s' of %s is empty", key, what);
		return NULL;
	}
	return v;
}

int
ynode_bool(const struct ynode *n, const char *what)
{
	if (n->kind == YN_SCALAR && n->str != NULL && n->plain) {
		if (strcmp(n->str, "true") == 0)
			return 1;
		if (strcmp(n->str, "false") == 0)
			return 0;
	}
	diag(SEV_ERROR, &n->pos, "%s must be true or false", what);
	return -1;
}

/* libharu's largest page side, 14400pt (200in): no length of a layout is longer. */
#define LENGTH_MAX_PT 14400.0

int
ynode_length(const struct ynode *n, fixed *out, const char *what)
{
	const char *s;
	char *end;
	double v;
	int digits = 0, dots = 0;

	if (n->kind != YN_SCALAR || n->str == NULL)
		goto bad;
	/* digits with at most one decimal point: no sign, exponent, hex,
	 * nan or inf, which strtod would take */
	for (s = n->str; (*s >= '0' && *s <= '9') || *s == '.'; s++)
		if (*s == '.')
			dots++;
		else
			digits++;
	if (digits == 0 || dots > 1)
		goto bad;
	errno = 0;
	v = strtod(n->str, &end);
	if (errno != 0 || end != s || !isfinite(v))
		goto bad;
	if (strcmp(end, "mm") == 0)
		v = v * 72.0 / 25.4;
	else if (strcmp(end, "pt") == 0 || *end == '\0')
		;
	else
		goto bad;
	if (!(v <= LENGTH_MAX_PT)) {
		diag(SEV_ERROR, &n->pos, "%s must be at most %.0fpt (%.0fmm), the largest PDF page",
		    what, LENGTH_MAX_PT, LENGTH_MAX_PT * 25.4 / 72.0);
		return 0;
	}
	*out = PT(v);
	return 1;
bad:
	diag(SEV_ERROR, &n->pos, "%s must be a length such as 10.5pt or 25mm", what);
	return 0;
}

int
ynode_int(const struct ynode *n, int *out, const char *what)
{
	char *end;
	long v;

	if (n->kind != YN_SCALAR || n->str == NULL || !n->plain)
		goto bad;
	errno = 0;
	v = strtol(n->str, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0 || v > 100000)
		goto bad;
	*out = (int)v;
	return 1;
bad:
	diag(SEV_ERROR, &n->pos, "%s must be a positive whole number", what);
	return 0;
}
