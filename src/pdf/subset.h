/*
 * A TrueType font cut down to the glyphs a document draws, for embedding:
 * HarfBuzz's subsetter behind a small API. The only file that includes
 * HarfBuzz headers is subset.c. For pdf.c only.
 */
#ifndef SUBSET_H
#define SUBSET_H

#include <stddef.h>
#include <stdint.h>

struct subset_source;	/* an opened font file */

/* What a PDF font descriptor says of the font, in 1/1000 em. */
struct subset_facts {
	char ps_name[64];	/* PostScript name (name ID 6) */
	int ascent, descent;	/* hhea */
	int bbox[4];		/* head: left, bottom, right, top */
	int cap_height, x_height;	/* tops of H and x */
	int family_class;	/* OS/2 sFamilyClass, class ID (high byte) */
};

/* Open a TrueType font file; report and return NULL on failure. */
struct subset_source *subset_open(const char *path);

/* Free it; accepts NULL. */
void subset_close(struct subset_source *);

/*
 * The glyph the font's cmap gives cp (in the BMP), 0 (.notdef) if none.
 * Before subset_cut only: the cmap is let go then.
 */
unsigned subset_glyph_of(struct subset_source *, uint32_t cp);

/* Advance of glyph gid in 1/1000 em, truncated. After subset_cut. */
int subset_advance(struct subset_source *, unsigned gid);

/* The descriptor's facts. After subset_cut. */
void subset_facts(struct subset_source *, struct subset_facts *);

/* A subset font file, held by HarfBuzz until subset_file_free. */
struct subset_file {
	const unsigned char *data;
	size_t size;
	void *blob;
};

/*
 * The font with glyphs[0, n) (ids in the whole font) and .notdef: only the
 * tables a PDF reader uses, hinting kept. new_ids[i] receives the id of
 * glyphs[i] in the subset. Call once; then subset_advance and subset_facts
 * answer. Return 0 on failure (reported).
 */
int subset_cut(struct subset_source *, const unsigned *glyphs, size_t n, unsigned *new_ids,
    struct subset_file *);

void subset_file_free(struct subset_file *);

#endif
