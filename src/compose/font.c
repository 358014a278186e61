/*
 * FreeType access: coverage and widths, cached per BMP code point.
 * The only file that includes FreeType headers.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "diag.h"
#include "font.h"

/* libharu's Identity-H encoding carries 16-bit codes: BMP only. */
#define FONT_CODES 65536

struct font {
	char *path;
	FT_Library lib;
	FT_Face face;
	int16_t *width;		/* 1/1000 em; -1 not yet measured, -2 no glyph */
};

struct font *
font_open(const char *path)
{
	struct font *f = xcalloc(1, sizeof(*f));

	f->path = xstrdup(path);
	inputs_note(path);
	if (FT_Init_FreeType(&f->lib) != 0) {
		diag(SEV_FATAL, NULL, "cannot initialise FreeType");
		goto fail;
	}
	/* FreeType would block on a FIFO and read a device without end */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		struct srcpos p = { path, 0, 0 };
		diag(SEV_FATAL, &p, "cannot open font: not a regular file");
		goto fail;
	}
	if (FT_New_Face(f->lib, path, 0, &f->face) != 0) {
		struct srcpos p = { path, 0, 0 };
		diag(SEV_FATAL, &p, "cannot open font (install fonts-ipaexfont-mincho and fonts-ipaexfont-gothic)");
		goto fail;
	}
	f->width = xmalloc(FONT_CODES * sizeof(*f->width));
	memset(f->width, 0xff, FONT_CODES * sizeof(*f->width));
	return f;
fail:
	font_close(f);
	return NULL;
}

void
font_close(struct font *f)
{
	if (f == NULL)
		return;
	if (f->face != NULL)
		FT_Done_Face(f->face);
	if (f->lib != NULL)
		FT_Done_FreeType(f->lib);
	free(f->width);
	free(f->path);
	free(f);
}

static int
measure(struct font *f, uint32_t cp)
{
	if (cp >= FONT_CODES)
		return -2;
	if (f->width[cp] != -1)
		return f->width[cp];
	FT_UInt gid = FT_Get_Char_Index(f->face, cp);
	if (gid == 0 || FT_Load_Glyph(f->face, gid, FT_LOAD_NO_SCALE) != 0) {
		f->width[cp] = -2;
		return -2;
	}
	long w = f->face->glyph->metrics.horiAdvance * 1000L / f->face->units_per_EM;
	f->width[cp] = (int16_t)w;
	return (int)w;
}

int
font_has_glyph(struct font *f, uint32_t cp)
{
	return measure(f, cp) >= 0;
}

int
font_width(struct font *f, uint32_t cp)
{
	int w = measure(f, cp);
	return w < 0 ? 1000 : w;
}

fixed
font_advance(struct font *f, uint32_t cp, fixed size)
{
	return (fixed)(((int64_t)font_width(f, cp) * size + 500) / 1000);
}

fixed
font_ascent(const struct font *f, fixed size)
{
	/* the em box's top: hhea ascender as FreeType reports it */
	return (fixed)((int64_t)size * f->face->ascender / f->face->units_per_EM);
}

const char *
font_path(const struct font *f)
{
	return f->path;
}
