/*
 * Font subsetting through HarfBuzz (hb-subset). The glyph ids of the
 * subset are HarfBuzz's renumbering (.notdef first, then the kept glyphs in
 * their old order), read back from the subset plan rather than assumed.
 *
 * The font file is not mapped whole: an IPAex file is 6-8 MB, and a
 * mapping of it grows the process by megabytes for the few hundred glyphs
 * a document draws (the kernel maps file pages in large blocks). HarfBuzz
 * is given instead an image of the file in zeroed memory, untouched pages
 * costing nothing, into which are read the small tables kept and, of the
 * glyf table, only the glyphs drawn. The cmap, needed only to find the
 * glyphs, is read apart and freed once they are found.
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>

#include "diag.h"
#include "subset.h"
#include "util.h"

struct table {
	uint32_t offset, length;	/* 0, 0: absent */
};

struct subset_source {
	const char *path;
	int fd;
	unsigned char *image;	/* the file's size: what was read, zeros */
	size_t size;
	struct table glyf, loca;
	int long_loca;		/* head.indexToLocFormat */
	unsigned nglyphs;	/* maxp */
	hb_face_t *cmap_face;	/* the cmap alone, until the glyphs are cut */
	hb_font_t *cmap_font;
	hb_face_t *face;	/* over the image, once the glyphs are read */
	hb_font_t *font;	/* at units per em: advances and extents unscaled */
	unsigned upem;
	unsigned cap_glyph, x_glyph;	/* H and x, for the descriptor */
};

/*
 * The tables kept: those libharu embedded before, less cmap (a CIDFont
 * with an identity CIDToGIDMap has no use for it), each cut to the glyphs
 * kept. The hinting (fpgm, prep, cvt, the glyf instructions) stays: the
 * readers render with it. Layout (GSUB, GPOS, ...), vertical metrics (the
 * PDF's /DW2 stands for them) and device tables are dropped.
 */
static const char *const kept_tables[] = {
	"OS/2", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name",
	"post", "prep",
};

static uint32_t
be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Read n bytes at offset of the file to offset to of the image. */
static int
read_into(struct subset_source *s, uint32_t to, uint32_t offset, uint32_t n)
{
	if ((uint64_t)offset + n > s->size || (uint64_t)to + n > s->size)
		return 0;
	while (n > 0) {
		ssize_t k = pread(s->fd, s->image + to, n, offset);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return 0;
		to += (uint32_t)k;
		offset += (uint32_t)k;
		n -= (uint32_t)k;
	}
	return 1;
}

/* Read [offset, offset + n) of the file into the image, in place. */
static int
read_range(struct subset_source *s, uint32_t offset, uint32_t n)
{
	return read_into(s, offset, offset, n);
}

static int
is_kept(hb_tag_t tag)
{
	for (size_t k = 0; k < sizeof(kept_tables) / sizeof(*kept_tables); k++)
		if (tag == hb_tag_from_string(kept_tables[k], 4))
			return 1;
	return 0;
}

/* A face of the cmap table alone, read into memory of its own. */
struct cmap_data {
	hb_blob_t *cmap;
};

static hb_blob_t *
cmap_table(hb_face_t *face, hb_tag_t tag, void *data)
{
	struct cmap_data *d = data;

	(void)face;
	if (tag == HB_TAG('c', 'm', 'a', 'p'))
		return hb_blob_reference(d->cmap);
	return NULL;
}

static void
free_cmap_data(void *data)
{
	struct cmap_data *d = data;

	hb_blob_destroy(d->cmap);
	free(d);
}

/*
 * The cmap, for finding the glyphs of the characters drawn (all in the
 * BMP): its Windows BMP subtable alone, in a cmap table of its own, where
 * it has one in format 4 (a fifth of IPAex's cmap); else the whole table.
 */
static char *
read_cmap(struct subset_source *s, struct table cmap, size_t *len)
{
	unsigned char head[4 + 8 * 64];
	uint32_t nrec = 0, n = cmap.length < sizeof(head) ? cmap.length : sizeof(head);
	char *bytes;

	if (pread(s->fd, head, n, cmap.offset) != (ssize_t)n)
		return NULL;
	if (n >= 4)
		nrec = be16(head + 2);
	for (uint32_t i = 0; i < nrec && 4 + 8 * i + 8 <= n; i++) {
		const unsigned char *rec = head + 4 + 8 * i;
		uint32_t at = be32(rec + 4);
		unsigned char sub[4];
		if (be16(rec) != 3 || be16(rec + 2) != 1 || at + 4 > cmap.length ||
		    pread(s->fd, sub, 4, cmap.offset + at) != 4 || be16(sub) != 4)
			continue;
		uint32_t sublen = be16(sub + 2);
		if (at + sublen > cmap.length)
			break;
		*len = 12 + sublen;
		bytes = xmalloc(*len);
		/* version 0, one record: (3, 1) at offset 12 */
		memcpy(bytes, "\0\0\0\1\0\3\0\1\0\0\0\14", 12);
		if (pread(s->fd, bytes + 12, sublen, cmap.offset + at) != (ssize_t)sublen) {
			free(bytes);
			return NULL;
		}
		return bytes;
	}
	*len = cmap.length;
	bytes = xmalloc(cmap.length);
	if (pread(s->fd, bytes, cmap.length, cmap.offset) != (ssize_t)cmap.length) {
		free(bytes);
		return NULL;
	}
	return bytes;
}

/*
 * The table directory, the tables kept but glyf read whole, the cmap read
 * apart. Return 0 if the file is not a TrueType font that can be read.
 */
static int
read_tables(struct subset_source *s)
{
	unsigned char dir[12];
	struct table head = {0, 0}, maxp = {0, 0}, cmap = {0, 0};

	if (s->size < 12 || !read_range(s, 0, 12))
		return 0;
	memcpy(dir, s->image, 12);
	if (be32(dir) != 0x00010000 && be32(dir) != 0x74727565)	/* 1.0, 'true' */
		return 0;
	uint32_t ntables = be16(dir + 4);
	if (!read_range(s, 12, 16 * ntables))
		return 0;
	for (uint32_t i = 0; i < ntables; i++) {
		const unsigned char *rec = s->image + 12 + 16 * i;
		hb_tag_t tag = be32(rec);
		struct table t = { be32(rec + 8), be32(rec + 12) };
		if ((uint64_t)t.offset + t.length > s->size)
			return 0;
		if (tag == HB_TAG('g', 'l', 'y', 'f'))
			s->glyf = t;
		else if (tag == HB_TAG('c', 'm', 'a', 'p'))
			cmap = t;
		else if (tag == HB_TAG('p', 'o', 's', 't') && t.length >= 32) {
			/* its header: glyph names are not embedded (version 3) */
			if (!read_range(s, t.offset, 32))
				return 0;
			memcpy(s->image + t.offset, "\0\3\0\0", 4);
		} else if (is_kept(tag) && !read_range(s, t.offset, t.length))
			return 0;
		if (tag == HB_TAG('l', 'o', 'c', 'a'))
			s->loca = t;
		if (tag == HB_TAG('h', 'e', 'a', 'd'))
			head = t;
		if (tag == HB_TAG('m', 'a', 'x', 'p'))
			maxp = t;
	}
	if (s->glyf.length == 0 || s->loca.length == 0 || head.length < 54 ||
	    maxp.length < 6 || cmap.length == 0)
		return 0;
	s->long_loca = be16(s->image + head.offset + 50) != 0;
	s->nglyphs = be16(s->image + maxp.offset + 4);
	if (s->loca.length < (s->nglyphs + 1) * (s->long_loca ? 4u : 2u))
		return 0;

	struct cmap_data *d = xmalloc(sizeof(*d));
	size_t len;
	char *bytes = read_cmap(s, cmap, &len);
	if (bytes == NULL) {
		free(d);
		return 0;
	}
	d->cmap = hb_blob_create(bytes, (unsigned)len, HB_MEMORY_MODE_WRITABLE, bytes, free);
	s->cmap_face = hb_face_create_for_tables(cmap_table, d, free_cmap_data);
	s->cmap_font = hb_font_create(s->cmap_face);
	return 1;
}

struct subset_source *
subset_open(const char *path)
{
	struct srcpos p = { path, 0, 0 };
	struct subset_source *s;
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) != 0) {
		diag(SEV_FATAL, &p, "cannot read the font for embedding: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->path = path;
	s->fd = fd;
	s->size = st.st_size > 0 && (uint64_t)st.st_size < UINT32_MAX ? (size_t)st.st_size : 0;
	/* zero pages of its own, untouched ones costing nothing, all given
	 * back at once when closed */
	s->image = mmap(NULL, s->size ? s->size : 1, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->image == MAP_FAILED) {
		s->image = NULL;
		diag(SEV_FATAL, &p, "cannot read the font for embedding: %s", strerror(errno));
		subset_close(s);
		return NULL;
	}
	if (!read_tables(s)) {
		diag(SEV_FATAL, &p, "cannot read the font for embedding: not a TrueType font");
		subset_close(s);
		return NULL;
	}
	return s;
}

void
subset_close(struct subset_source *s)
{
	if (s == NULL)
		return;
	hb_font_destroy(s->font);
	hb_face_destroy(s->face);
	hb_font_destroy(s->cmap_font);
	hb_face_destroy(s->cmap_face);
	if (s->fd >= 0)
		close(s->fd);
	if (s->image != NULL)
		munmap(s->image, s->size ? s->size : 1);
	free(s);
}

unsigned
subset_glyph_of(struct subset_source *s, uint32_t cp)
{
	hb_codepoint_t gid = 0;

	if (s->cmap_font == NULL || !hb_font_get_nominal_glyph(s->cmap_font, cp, &gid))
		return 0;
	return gid < s->nglyphs ? gid : 0;
}

/* Where glyph gid lies in the file's glyf table: [*start, *end). */
static void
glyph_range(const struct subset_source *s, const unsigned char *loca, unsigned gid,
    uint32_t *start, uint32_t *end)
{
	if (s->long_loca) {
		*start = be32(loca + 4 * gid);
		*end = be32(loca + 4 * gid + 4);
	} else {
		*start = 2 * be16(loca + 2 * gid);
		*end = 2 * be16(loca + 2 * gid + 2);
	}
	if (*end > s->glyf.length)
		*end = s->glyf.length;
	if (*start > *end)
		*start = *end;
}

static void
put_loca(const struct subset_source *s, unsigned gid, uint32_t offset)
{
	unsigned char *p = s->image + s->loca.offset + (s->long_loca ? 4 : 2) * gid;

	if (!s->long_loca)
		offset /= 2;
	else {
		*p++ = (unsigned char)(offset >> 24);
		*p++ = (unsigned char)(offset >> 16);
	}
	p[0] = (unsigned char)(offset >> 8);
	p[1] = (unsigned char)offset;
}

/* Composite glyph flags (the OpenType glyf table). */
#define ARG_1_AND_2_ARE_WORDS 0x0001
#define WE_HAVE_A_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO 0x0080

/*
 * Mark the components of composite glyph data [g, end) wanted. Return 1 if
 * one was not yet.
 */
static int
want_components(const struct subset_source *s, const unsigned char *g,
    const unsigned char *end, unsigned char *want)
{
	int more = 0;

	if (end - g < 10 || (int16_t)be16(g) >= 0)
		return 0;
	for (const unsigned char *c = g + 10; c + 4 <= end;) {
		unsigned flags = be16(c), gid = be16(c + 2);
		if (gid < s->nglyphs && !(want[gid >> 3] & (1u << (gid & 7)))) {
			want[gid >> 3] |= (unsigned char)(1u << (gid & 7));
			more = 1;
		}
		c += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2) +
		    (flags & WE_HAVE_A_SCALE ? 2 : flags & WE_HAVE_AN_X_AND_Y_SCALE ? 4 :
		    flags & WE_HAVE_A_TWO_BY_TWO ? 8 : 0);
		if (!(flags & MORE_COMPONENTS))
			break;
	}
	return more;
}

/*
 * Read the wanted glyphs into the image's glyf one after another, in the
 * order of their ids, and point loca at them (the others empty): the pages
 * touched are those of the glyphs drawn, not of the whole table. Composite
 * glyphs bring their components (read again until none is new).
 */
static int
read_glyphs(struct subset_source *s, unsigned char *want)
{
	size_t loca_len = (s->nglyphs + 1) * (s->long_loca ? 4u : 2u);
	unsigned char *loca = xmalloc(loca_len);	/* the file's */
	int again = 1, ok = 1;

	memcpy(loca, s->image + s->loca.offset, loca_len);
	while (again && ok) {
		uint32_t at = 0;
		again = 0;
		for (unsigned gid = 0; gid < s->nglyphs && ok; gid++) {
			uint32_t start, end;
			put_loca(s, gid, at);
			if (!(want[gid >> 3] & (1u << (gid & 7))))
				continue;
			glyph_range(s, loca, gid, &start, &end);
			/* within glyf, whatever the file's loca says */
			ok = at + (end - start) <= s->glyf.length &&
			    read_into(s, s->glyf.offset + at, s->glyf.offset + start, end - start);
			if (ok)
				again |= want_components(s, s->image + s->glyf.offset + at,
				    s->image + s->glyf.offset + at + (end - start), want);
			at += end - start;
		}
		put_loca(s, s->nglyphs, at);
	}
	free(loca);
	return ok;
}

static int
per_mille(const struct subset_source *s, long v)
{
	return (int)(v * 1000 / (long)s->upem);
}

int
subset_advance(struct subset_source *s, unsigned gid)
{
	return s->font ? per_mille(s, hb_font_get_glyph_h_advance(s->font, gid)) : 0;
}

/* A big-endian signed 16-bit field of a table, 0 past its end. */
static int
table_int16(hb_blob_t *t, unsigned offset)
{
	unsigned len;
	const unsigned char *d = (const unsigned char *)hb_blob_get_data(t, &len);

	if (d == NULL || offset + 2 > len)
		return 0;
	return (int16_t)be16(d + offset);
}

static int
glyph_top(struct subset_source *s, unsigned gid)
{
	hb_glyph_extents_t e;

	if (gid == 0 || !hb_font_get_glyph_extents(s->font, gid, &e))
		return 0;
	return per_mille(s, e.y_bearing);
}

void
subset_facts(struct subset_source *s, struct subset_facts *f)
{
	unsigned len = sizeof(f->ps_name);

	memset(f, 0, sizeof(*f));
	if (s->face == NULL)
		return;
	hb_blob_t *head = hb_face_reference_table(s->face, HB_TAG('h', 'e', 'a', 'd'));
	hb_blob_t *hhea = hb_face_reference_table(s->face, HB_TAG('h', 'h', 'e', 'a'));
	hb_blob_t *os2 = hb_face_reference_table(s->face, HB_TAG('O', 'S', '/', '2'));
	if (hb_ot_name_get_utf8(s->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
	    &len, f->ps_name) == 0)
		snprintf(f->ps_name, sizeof(f->ps_name), "Font");
	/* a PDF name: printable ASCII, nothing that needs escaping */
	for (char *c = f->ps_name; *c; c++)
		if (*c <= ' ' || *c > '~' || strchr("()<>[]{}/%#", *c))
			*c = '-';
	for (int i = 0; i < 4; i++)
		f->bbox[i] = per_mille(s, table_int16(head, 36 + 2 * (unsigned)i));
	f->ascent = per_mille(s, table_int16(hhea, 4));
	f->descent = per_mille(s, table_int16(hhea, 6));
	f->family_class = table_int16(os2, 30) >> 8;
	f->cap_height = glyph_top(s, s->cap_glyph);
	f->x_height = glyph_top(s, s->x_glyph);
	hb_blob_destroy(head);
	hb_blob_destroy(hhea);
	hb_blob_destroy(os2);
}

/* Drop every table of the font that is not kept. */
static void
drop_unused_tables(hb_face_t *face, hb_subset_input_t *in)
{
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	hb_tag_t tags[64];
	unsigned start = 0, n;

	do {
		n = sizeof(tags) / sizeof(*tags);
		hb_face_get_table_tags(face, start, &n, tags);
		for (unsigned i = 0; i < n; i++)
			if (!is_kept(tags[i]))
				hb_set_add(drop, tags[i]);
		start += n;
	} while (n == sizeof(tags) / sizeof(*tags));
}

/* Read the glyphs into the image and open it with HarfBuzz. */
static int
load_glyphs(struct subset_source *s, const unsigned *glyphs, size_t n)
{
	unsigned char *want = xcalloc(s->nglyphs / 8 + 1, 1);
	int ok;

	/* .notdef, the glyphs drawn, and H and x for the descriptor */
	s->cap_glyph = subset_glyph_of(s, 'H');
	s->x_glyph = subset_glyph_of(s, 'x');
	/* every glyph is found: the cmap goes */
	hb_font_destroy(s->cmap_font);
	hb_face_destroy(s->cmap_face);
	s->cmap_font = NULL;
	s->cmap_face = NULL;
	want[0] |= 1;
	want[s->cap_glyph >> 3] |= (unsigned char)(1u << (s->cap_glyph & 7));
	want[s->x_glyph >> 3] |= (unsigned char)(1u << (s->x_glyph & 7));
	for (size_t i = 0; i < n; i++)
		if (glyphs[i] < s->nglyphs)
			want[glyphs[i] >> 3] |= (unsigned char)(1u << (glyphs[i] & 7));
	ok = read_glyphs(s, want);
	free(want);
	if (!ok)
		return 0;
	hb_blob_t *blob = hb_blob_create((const char *)s->image, (unsigned)s->size,
	    HB_MEMORY_MODE_READONLY, NULL, NULL);
	s->face = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	s->font = hb_font_create(s->face);
	s->upem = hb_face_get_upem(s->face);
	if (s->upem == 0)
		s->upem = 1000;
	return 1;
}

int
subset_cut(struct subset_source *s, const unsigned *glyphs, size_t n, unsigned *new_ids,
    struct subset_file *file)
{
	struct srcpos p = { s->path, 0, 0 };
	hb_subset_input_t *in = NULL;
	hb_subset_plan_t *plan = NULL;
	hb_face_t *cut = NULL;
	hb_blob_t *blob = NULL;
	int ok = 0;

	memset(file, 0, sizeof(*file));
	if (s->face != NULL || !load_glyphs(s, glyphs, n)) {
		diag(SEV_FATAL, &p, "cannot read the glyphs for embedding");
		return 0;
	}
	in = hb_subset_input_create_or_fail();
	if (in == NULL)
		goto fail;
	hb_set_t *gset = hb_subset_input_glyph_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(gset, glyphs[i]);
	/* the glyphs as asked: no layout closure, no glyph names */
	hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
	drop_unused_tables(s->face, in);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DEFAULT);
	plan = hb_subset_plan_create_or_fail(s->face, in);
	if (plan == NULL)
		goto fail;
	const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t id = hb_map_get(old_to_new, glyphs[i]);
		if (id == HB_MAP_VALUE_INVALID)
			goto fail;
		new_ids[i] = id;
	}
	cut = hb_subset_plan_execute_or_fail(plan);
	if (cut == NULL)
		goto fail;
	blob = hb_face_reference_blob(cut);
	unsigned len;
	const char *bytes = hb_blob_get_data(blob, &len);
	if (bytes == NULL || len == 0)
		goto fail;
	file->data = (const unsigned char *)bytes;
	file->size = len;
	file->blob = blob;
	blob = NULL;
	ok = 1;
	goto out;
fail:
	diag(SEV_FATAL, &p, "cannot subset the font for embedding");
out:
	hb_blob_destroy(blob);
	hb_face_destroy(cut);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	return ok;
}

void
subset_file_free(struct subset_file *file)
{
	hb_blob_destroy(file->blob);
	memset(file, 0, sizeof(*file));
}
