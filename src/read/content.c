/*
 * The content reader: plan.yaml and the chapter and footnote files it names
 * -> document tree. Checks the schema (keys, types, required fields) and
 * extracts footnote references from the text; references are resolved and
 * numbers checked by validate.c.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "content_figures.h"
#include "load.h"
#include "numbering.h"

struct builder {
	struct document *doc;
	const char *dir;	/* directory of the document file */
	VEC(struct block) blocks;
	VEC(struct footnote) notes;
	struct figure_def *figs;
	size_t nfigs, figcap;
	int ok;
	int chapter_count, part_count;
	struct strmap chapter_files;	/* path of a chapter or footnote file -> its naming */
	VEC(const struct ynode *) chapter_names;
};

static const char *const kind_names[BK__COUNT] = {
	[BK_PART] = "part",
	[BK_CHAPTER] = "chapter",
	[BK_SECTION] = "section",
	[BK_SUBSECTION] = "subsection",
	[BK_ITEM] = "item",
	[BK_LABEL] = "label",
	[BK_SERIES_ITEM] = "series item",
	[BK_PARAGRAPH] = "paragraph",
	[BK_FIGURE] = "figure",
};

const char *
block_kind_name(enum block_kind k)
{
	return k < BK__COUNT ? kind_names[k] : "?";
}


/*
 * Copy a text, turning each [^label] into a footnote reference and each
 * [@id] into a cross-reference at the place where it stood. Return 0 on
 * malformed markup.
 */
static int
parse_text(struct builder *b, const struct ynode *n, struct block *blk)
{
	struct arena *a = &b->doc->arena;
	struct strbuf out = {0};
	VEC(struct fnref) refs = {0};
	VEC(struct xref) xrefs = {0};
	const char *s = n->str;
	size_t i = 0;
	int ok = 1;
	struct char_walk walk;

	ynode_walk_start(&walk, n);
	while (i < n->len) {
		if (s[i] == '[' && (s[i + 1] == '^' || s[i + 1] == '@')) {
			int is_note = s[i + 1] == '^';
			const char *what = is_note ? "footnote label" : "cross-reference id";
			const char *end = strchr(s + i + 2, ']');
			struct srcpos pos = ynode_walk_to(&walk, i);

			if (end == NULL) {
				diag(SEV_ERROR, &pos, is_note ?
				    "footnote reference '[^' without ']'" :
				    "cross-reference '[@' without ']'");
				ok = 0;
				break;
			}
			char *label = arena_strndup(a, s + i + 2, (size_t)(end - s - i - 2));
			if (!is_id(label)) {
				diag(SEV_ERROR, &pos,
				    "%s '%s' must be lower-case letters, digits, '-' or '_'",
				    what, label);
				ok = 0;
			}
			if (is_note) {
				struct fnref r = { .offset = out.len, .label = label,
					.pos = pos, .note = -1 };
				VEC_PUSH(refs, r);
			} else {
				struct xref x = { .offset = out.len, .id = label,
					.pos = pos };
				VEC_PUSH(xrefs, x);
			}
			i = (size_t)(end - s) + 1;
			continue;
		}
		sb_add(&out, s + i, 1);
		i++;
	}
	blk->text = arena_strndup(a, out.s ? out.s : "", out.len);
	blk->src = n;
	blk->nrefs = refs.n;
	if (refs.n) {
		blk->refs = arena_alloc(a, refs.n * sizeof(*refs.v));
		memcpy(blk->refs, refs.v, refs.n * sizeof(*refs.v));
	}
	blk->nxrefs = xrefs.n;
	if (xrefs.n) {
		blk->xrefs = arena_alloc(a, xrefs.n * sizeof(*xrefs.v));
		memcpy(blk->xrefs, xrefs.v, xrefs.n * sizeof(*xrefs.v));
	}
	sb_free(&out);
	VEC_FREE(refs);
	VEC_FREE(xrefs);
	return ok;
}

/* Take an optional id of a heading from its mapping. */
static void
parse_id(struct builder *b, const struct ynode *map, struct block *blk)
{
	const struct ynode *id = ymap_get(map, "id");

	if (id == NULL)
		return;
	if (!ynode_expect(id, YN_SCALAR, "'id'") || !is_id(id->str)) {
		if (id->str != NULL)
			diag(SEV_ERROR, &id->pos,
			    "id '%s' must be lower-case letters, digits, '-' or '_'",
			    id->str);
		b->ok = 0;
	} else
		blk->id = id->str;
}

static struct block *
add_block(struct builder *b, enum block_kind kind, const struct ynode *at)
{
	struct block blk;

	memset(&blk, 0, sizeof(blk));
	blk.kind = kind;
	blk.pos = at->pos;
	VEC_PUSH(b->blocks, blk);
	return &b->blocks.v[b->blocks.n - 1];
}

/* Heading kinds that a list of blocks may hold, by the kind holding it. */
static int
may_contain(enum block_kind parent, enum block_kind child)
{
	if (child == BK_PARAGRAPH || child == BK_LABEL || child == BK_SERIES_ITEM ||
	    child == BK_FIGURE)
		return 1;
	/* one level down; an unsectioned chapter may hold subsections directly */
	return child == parent + 1 || (parent == BK_CHAPTER && child == BK_SUBSECTION);
}

static void parse_blocks(struct builder *, const struct ynode *seq,
    enum block_kind parent);

/* Add a heading and the blocks under it; return the heading's index. */
static size_t
parse_heading(struct builder *b, const struct ynode *map, enum block_kind kind,
    const struct ynode *title, int number)
{
	static const char *const keys[] = { "section", "subsection", "item",
		"policy", "id", "actions", "blocks", NULL };
	const struct ynode *blocks = ymap_get(map, "blocks");
	struct block *blk;

	if (!ymap_check_keys(map, keys, block_kind_name(kind)))
		b->ok = 0;
	blk = add_block(b, kind, map);
	size_t index = b->blocks.n - 1;
	blk->number = number;
	if (kind == BK_ITEM && number > ITEM_MAX) {
		diag(SEV_ERROR, &map->pos, "item %d: items are numbered ① to ㊿, %d at most "
		    "under one heading", number, ITEM_MAX);
		b->ok = 0;
	}
	if (title != NULL && !parse_text(b, title, blk))
		b->ok = 0;
	parse_id(b, map, blk);
	const struct ynode *actions = ymap_get(map, "actions");
	if (actions != NULL) {
		if (kind != BK_SUBSECTION) {
			diag(SEV_ERROR, &actions->pos, "only a subsection lists actions");
			b->ok = 0;
		} else if (!ynode_expect(actions, YN_SEQUENCE, "'actions'"))
			b->ok = 0;
		else {
			const char **list = arena_alloc(&b->doc->arena,
			    (actions->nkids ? actions->nkids : 1) * sizeof(*list));
			for (size_t i = 0; i < actions->nkids; i++) {
				if (!ynode_expect(actions->kids[i], YN_SCALAR, "an action"))
					b->ok = 0;
				else
					list[i] = actions->kids[i]->str;
			}
			blk = &b->blocks.v[index];
			blk->actions = list;
			blk->nactions = actions->nkids;
		}
	}
	if (blocks != NULL) {
		if (!ynode_expect(blocks, YN_SEQUENCE, "'blocks'"))
			b->ok = 0;
		else
			parse_blocks(b, blocks, kind);
	}
	return index;
}

static void
parse_series(struct builder *b, const struct ynode *map)
{
	static const char *const keys[] = { "series", "items", NULL };
	static const char *const item_keys[] = { "id", "title", "p", NULL };
	const struct ynode *prefix = ymap_get(map, "series");
	const struct ynode *items = ymap_get(map, "items");

	if (!ymap_check_keys(map, keys, "series"))
		b->ok = 0;
	if (!ynode_expect(prefix, YN_SCALAR, "'series'")) {
		b->ok = 0;
		return;
	}
	if (items == NULL) {
		diag(SEV_ERROR, &map->pos, "missing required key 'items' in series");
		b->ok = 0;
		return;
	}
	if (!ynode_expect(items, YN_SEQUENCE, "'items' of series")) {
		b->ok = 0;
		return;
	}
	for (size_t i = 0; i < items->nkids; i++) {
		const struct ynode *it = items->kids[i];
		const struct ynode *id, *title, *p;

		if (!ynode_expect(it, YN_MAPPING, "a series item")) {
			b->ok = 0;
			continue;
		}
		if (!ymap_check_keys(it, item_keys, "series item"))
			b->ok = 0;
		id = ymap_string(it, "id", "series item");
		title = ymap_string(it, "title", "series item");
		p = ymap_string(it, "p", "series item");
		if (id == NULL || title == NULL || p == NULL) {
			b->ok = 0;
			continue;
		}
		if (!is_id(id->str)) {
			diag(SEV_ERROR, &id->pos,
			    "id '%s' must be lower-case letters, digits, '-' or '_'",
			    id->str);
			b->ok = 0;
		}
		struct block *h = add_block(b, BK_SERIES_ITEM, it);
		h->prefix = prefix->str;
		h->prefix_src = prefix;
		h->number = (int)i + 1;
		h->id = id->str;
		if (!parse_text(b, title, h))
			b->ok = 0;
		struct block *para = add_block(b, BK_PARAGRAPH, p);
		if (!parse_text(b, p, para))
			b->ok = 0;
	}
}

static void
parse_blocks(struct builder *b, const struct ynode *seq, enum block_kind parent)
{
	int counts[BK__COUNT] = {0};

	for (size_t i = 0; i < seq->nkids; i++) {
		const struct ynode *m = seq->kids[i];
		const struct ynode *v;
		enum block_kind kind;

		if (!ynode_expect(m, YN_MAPPING, "a block")) {
			b->ok = 0;
			continue;
		}
		if (m->nkids == 0) {
			diag(SEV_ERROR, &m->pos, "empty block");
			b->ok = 0;
			continue;
		}
		const char *k = m->kids[0]->str;
		v = m->kids[1];
		if (strcmp(k, "p") == 0 || strcmp(k, "label") == 0) {
			kind = k[0] == 'p' ? BK_PARAGRAPH : BK_LABEL;
			if (m->nkids > 2) {
				diag(SEV_ERROR, &m->kids[2]->pos, "unknown key '%s' in %s",
				    m->kids[2]->str, block_kind_name(kind));
				b->ok = 0;
			}
			if (!ynode_expect(v, YN_SCALAR, k[0] == 'p' ? "a paragraph" : "a label")) {
				b->ok = 0;
				continue;
			}
			if (!may_contain(parent, kind))
				goto misplaced;
			struct block *blk = add_block(b, kind, v);
			if (!parse_text(b, v, blk))
				b->ok = 0;
			continue;
		} else if (strcmp(k, "figure") == 0) {
			if (m->nkids > 2) {
				diag(SEV_ERROR, &m->kids[2]->pos, "unknown key '%s' in figure",
				    m->kids[2]->str);
				b->ok = 0;
			}
			if (!ynode_expect(v, YN_SCALAR, "a figure id")) {
				b->ok = 0;
				continue;
			}
			struct block *blk = add_block(b, BK_FIGURE, v);
			blk->figure_id = v->str;
			continue;
		} else if (strcmp(k, "series") == 0) {
			parse_series(b, m);
			continue;
		} else if (strcmp(k, "section") == 0 || strcmp(k, "policy") == 0)
			kind = BK_SECTION;
		else if (strcmp(k, "subsection") == 0)
			kind = BK_SUBSECTION;
		else if (strcmp(k, "item") == 0)
			kind = BK_ITEM;
		else {
			diag(SEV_ERROR, &m->kids[0]->pos,
			    "unknown block '%s' (expected p, label, series, figure, section, policy, subsection or item)",
			    k);
			b->ok = 0;
			continue;
		}
		if (!may_contain(parent, kind))
			goto misplaced;
		if (!ynode_expect(v, YN_SCALAR, k)) {
			b->ok = 0;
			continue;
		}
		counts[kind]++;
		if (strcmp(k, "policy") == 0) {
			/* the heading text arrives when validate resolves it */
			size_t at = parse_heading(b, m, kind, NULL, counts[kind]);
			struct block *blk = &b->blocks.v[at];
			blk->policy = v->str;
			blk->src = v;
		} else
			parse_heading(b, m, kind, v, counts[kind]);
		continue;
misplaced:
		diag(SEV_ERROR, &m->kids[0]->pos, "'%s' cannot stand directly inside a %s",
		    block_kind_name(kind), block_kind_name(parent));
		b->ok = 0;
	}
}

/*
 * A file named by the document lies in the document's directory or below
 * it: a relative path whose ".." never climbs above its start.
 */
static int
path_inside(const char *name)
{
	int depth = 0;

	if (name[0] == '/')
		return 0;
	while (*name != '\0') {
		size_t n = strcspn(name, "/");
		if (n == 2 && name[0] == '.' && name[1] == '.') {
			if (--depth < 0)
				return 0;
		} else if (n > 0 && !(n == 1 && name[0] == '.'))
			depth++;
		name += n;
		if (*name == '/')
			name++;
	}
	return 1;
}

/* The path of the file that node name names, or NULL (reported). */
static char *
sibling_path(struct builder *b, const struct ynode *name)
{
	struct strbuf p = {0};

	if (!path_inside(name->str)) {
		diag(SEV_ERROR, &name->pos, "'%s' names a file outside the document's directory",
		    name->str);
		return NULL;
	}
	sb_printf(&p, "%s/%s", b->dir, name->str);
	char *r = arena_strdup(&b->doc->arena, p.s);
	sb_free(&p);
	return r;
}

/*
 * The YAML tree of the file that node name names, or NULL (reported): a
 * file named a second time (as what, "chapter file") is an error at its
 * second naming.
 */
static const struct ynode *
load_named(struct builder *b, const struct ynode *name, const char *what)
{
	const char *path = sibling_path(b, name);
	size_t first;

	if (path == NULL)
		return NULL;
	if (!strmap_add(&b->chapter_files, path, b->chapter_names.n, &first)) {
		diag(SEV_ERROR, &name->pos, "%s '%s' is named twice (first at line %d)",
		    what, name->str, b->chapter_names.v[first]->pos.line);
		return NULL;
	}
	VEC_PUSH(b->chapter_names, name);
	return yaml_load(path, &b->doc->arena, &name->pos);
}

static void
load_chapter(struct builder *b, const struct ynode *name)
{
	static const char *const keys[] = { "title", "id", "numbered", "blocks", NULL };
	const struct ynode *root, *title, *numbered, *blocks;
	struct block *blk;

	if (!ynode_expect(name, YN_SCALAR, "a chapter file name")) {
		b->ok = 0;
		return;
	}
	root = load_named(b, name, "chapter file");
	if (root == NULL) {
		b->ok = 0;
		return;
	}
	if (!ynode_expect(root, YN_MAPPING, "a chapter file")) {
		b->ok = 0;
		return;
	}
	if (!ymap_check_keys(root, keys, "chapter"))
		b->ok = 0;
	title = ymap_string(root, "title", "chapter");
	if (title == NULL) {
		b->ok = 0;
		return;
	}
	blk = add_block(b, BK_CHAPTER, root);
	numbered = ymap_get(root, "numbered");
	int num = 1;
	if (numbered != NULL && (num = ynode_bool(numbered, "'numbered'")) < 0) {
		b->ok = 0;
		num = 1;
	}
	if (num)
		blk->number = ++b->chapter_count;
	else
		blk->chapter_unnumbered = 1;
	parse_id(b, root, blk);
	if (!parse_text(b, title, blk))
		b->ok = 0;
	blocks = ymap_get(root, "blocks");
	if (blocks == NULL) {
		diag(SEV_ERROR, &root->pos, "missing required key 'blocks' in chapter");
		b->ok = 0;
	} else if (!ynode_expect(blocks, YN_SEQUENCE, "'blocks'"))
		b->ok = 0;
	else
		parse_blocks(b, blocks, BK_CHAPTER);
}

static void
load_footnotes(struct builder *b, const struct ynode *name)
{
	const struct ynode *root;

	if (!ynode_expect(name, YN_SCALAR, "'footnotes'")) {
		b->ok = 0;
		return;
	}
	root = load_named(b, name, "footnote file");
	if (root == NULL || !ynode_expect(root, YN_MAPPING, "a footnote file")) {
		b->ok = 0;
		return;
	}
	for (size_t i = 0; i < root->nkids; i += 2) {
		const struct ynode *k = root->kids[i], *v = root->kids[i + 1];
		struct footnote fn;
		struct block tmp;

		if (!is_id(k->str)) {
			diag(SEV_ERROR, &k->pos,
			    "footnote label '%s' must be lower-case letters, digits, '-' or '_'",
			    k->str);
			b->ok = 0;
			continue;
		}
		if (!ynode_expect(v, YN_SCALAR, "a footnote")) {
			b->ok = 0;
			continue;
		}
		memset(&fn, 0, sizeof(fn));
		memset(&tmp, 0, sizeof(tmp));
		if (!parse_text(b, v, &tmp))
			b->ok = 0;
		if (tmp.nrefs) {
			diag(SEV_ERROR, &tmp.refs[0].pos, "a footnote cannot refer to a footnote");
			b->ok = 0;
		}
		if (tmp.nxrefs) {
			/* compose_note sets a note's text as written */
			diag(SEV_ERROR, &tmp.xrefs[0].pos, "a footnote cannot hold a cross-reference");
			b->ok = 0;
		}
		fn.label = k->str;
		fn.text = tmp.text;
		fn.src = v;
		fn.pos = k->pos;
		VEC_PUSH(b->notes, fn);
	}
}

static int
parse_date(const struct ynode *n, struct document *doc)
{
	int y, m, d;
	char tail;

	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (n->kind != YN_SCALAR || n->str == NULL ||
	    sscanf(n->str, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days[m - 1] ||
	    (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))) {
		diag(SEV_ERROR, &n->pos, "'date' must be a date such as 2017-03-01");
		return 0;
	}
	doc->year = y;
	doc->month = m;
	doc->day = d;
	return 1;
}

struct document *
document_load(const char *path)
{
	static const char *const keys[] = { "title", "issuer", "date", "date_text",
		"period", "subject", "status", "footnotes", "tables", "charts", "diagrams",
		"contents", NULL };
	static const char *const fig_keys[] = { "tables", "charts", "diagrams" };
	static const char *const part_keys[] = { "part", "id", "chapters", NULL };
	struct builder b;
	struct document *doc = xcalloc(1, sizeof(*doc));
	const struct ynode *root, *v, *contents;

	memset(&b, 0, sizeof(b));
	b.doc = doc;
	b.ok = 1;
	doc->path = arena_strdup(&doc->arena, path);
	char *tmp = xstrdup(path);
	b.dir = arena_strdup(&doc->arena, dirname(tmp));
	free(tmp);

	root = yaml_load(path, &doc->arena, NULL);
	if (root == NULL || !ynode_expect(root, YN_MAPPING, "the document file"))
		goto fail;
	if (!ymap_check_keys(root, keys, "the document"))
		b.ok = 0;
	const char **fields[] = { &doc->title, &doc->issuer, &doc->date_text,
		&doc->period, &doc->subject };
	const char *names[] = { "title", "issuer", "date_text", "period", "subject" };
	for (size_t i = 0; i < 5; i++) {
		v = ymap_string(root, names[i], "the document");
		if (v == NULL)
			b.ok = 0;
		else
			*fields[i] = v->str;
		if (i < 3)
			doc->printed[i] = v;
		if (i == 4)
			doc->subject_node = v;
	}
	if ((v = ymap_string(root, "date", "the document")) == NULL || !parse_date(v, doc))
		b.ok = 0;
	/* the word of a draft's stamp: 素案, 案 (the default) */
	doc->status = "案";
	if ((v = ymap_get(root, "status")) != NULL) {
		/* the stamp and the draft's running head must fit a page's top
		 * beside the title, in an A5 page too: ten characters */
		size_t chars = 0;
		for (size_t k = 0; v->kind == YN_SCALAR && v->str != NULL && k < v->len; k++)
			chars += ((unsigned char)v->str[k] & 0xc0) != 0x80;
		if (!ynode_expect(v, YN_SCALAR, "'status'") || v->len == 0 || chars > 10) {
			if (v->kind == YN_SCALAR && v->str != NULL)
				diag(SEV_ERROR, &v->pos, "'status' must be a short word of at most "
				    "10 characters (素案, 案)");
			b.ok = 0;
		} else {
			doc->status = v->str;
			doc->status_node = v;
		}
	}
	if ((v = ymap_get(root, "footnotes")) != NULL)
		load_footnotes(&b, v);
	for (int k = 0; k < 3; k++) {
		if ((v = ymap_get(root, fig_keys[k])) == NULL)
			continue;
		const char *fpath;
		if (!ynode_expect(v, YN_SCALAR, fig_keys[k]) ||
		    (fpath = sibling_path(&b, v)) == NULL ||
		    !figures_load(&doc->arena, fpath, (enum figure_kind)k,
		    &v->pos, &b.figs, &b.nfigs, &b.figcap))
			b.ok = 0;
	}
	contents = ymap_get(root, "contents");
	if (contents == NULL) {
		diag(SEV_ERROR, &root->pos, "missing required key 'contents' in the document");
		goto fail;
	}
	if (!ynode_expect(contents, YN_SEQUENCE, "'contents'"))
		goto fail;
	for (size_t i = 0; i < contents->nkids; i++) {
		const struct ynode *e = contents->kids[i];
		const struct ynode *part, *chapters;

		if (!ynode_expect(e, YN_MAPPING, "an entry of 'contents'")) {
			b.ok = 0;
			continue;
		}
		if ((v = ymap_get(e, "chapter")) != NULL) {
			if (e->nkids > 2) {
				diag(SEV_ERROR, &e->kids[2]->pos, "unknown key '%s' in chapter entry",
				    e->kids[2]->str);
				b.ok = 0;
			}
			load_chapter(&b, v);
			continue;
		}
		if (ymap_get(e, "part") == NULL) {
			diag(SEV_ERROR, &e->pos, "an entry of 'contents' needs 'chapter' or 'part'");
			b.ok = 0;
			continue;
		}
		if (!ymap_check_keys(e, part_keys, "part"))
			b.ok = 0;
		if ((part = ymap_string(e, "part", "part")) == NULL) {
			b.ok = 0;
			continue;
		}
		struct block *blk = add_block(&b, BK_PART, e);
		blk->number = ++b.part_count;
		parse_id(&b, e, blk);
		if (!parse_text(&b, part, blk))
			b.ok = 0;
		chapters = ymap_get(e, "chapters");
		if (chapters == NULL) {
			diag(SEV_ERROR, &e->pos, "missing required key 'chapters' in part");
			b.ok = 0;
		} else if (!ynode_expect(chapters, YN_SEQUENCE, "'chapters'"))
			b.ok = 0;
		else
			for (size_t j = 0; j < chapters->nkids; j++)
				load_chapter(&b, chapters->kids[j]);
	}
	doc->blocks = b.blocks.v;
	doc->nblocks = b.blocks.n;
	doc->notes = b.notes.v;
	doc->nnotes = b.notes.n;
	doc->figures = b.figs;
	doc->nfigures = b.nfigs;
	strmap_free(&b.chapter_files);
	VEC_FREE(b.chapter_names);
	if (!b.ok) {
		document_free(doc);
		return NULL;
	}
	return doc;
fail:
	VEC_FREE(b.blocks);
	VEC_FREE(b.notes);
	strmap_free(&b.chapter_files);
	VEC_FREE(b.chapter_names);
	free(b.figs);
	arena_free(&doc->arena);
	free(doc);
	return NULL;
}

void
document_free(struct document *doc)
{
	if (doc == NULL)
		return;
	free(doc->blocks);
	free(doc->notes);
	free(doc->figures);
	arena_free(&doc->arena);
	free(doc);
}
