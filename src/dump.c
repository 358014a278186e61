/* Text dumps for tests: the tree and the placed lines. */
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "numbering.h"
#include "xref.h"

void
dump_tree(FILE *f, const struct document *doc)
{
	char num[64];

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		heading_number(b, num, sizeof(num), 0);
		size_t *marks = xcalloc(b->nrefs ? b->nrefs : 1, sizeof(*marks));
		for (size_t r = 0; r < b->nrefs; r++)
			marks[r] = b->refs[r].offset;
		/* cross-references as [@（1）], footnote marks as [^number] */
		char *t = xref_expand_marked(b, marks);
		size_t at = 0;
		fprintf(f, "%s:%d:%d %s %s", b->pos.file, b->pos.line, b->pos.col,
		    block_kind_name(b->kind), b->kind == BK_FIGURE ? b->figure_id : num);
		for (size_t r = 0; r < b->nrefs; r++) {
			fwrite(t + at, 1, marks[r] - at, f);
			at = marks[r];
			fprintf(f, "[^%d]", b->refs[r].note >= 0 ?
			    doc->notes[b->refs[r].note].number : 0);
		}
		fprintf(f, "%s\n", t + at);
		free(t);
		free(marks);
	}
	for (size_t j = 0; j < doc->nnotes; j++)
		fprintf(f, "footnote %d %s %s\n", doc->notes[j].number,
		    doc->notes[j].label, doc->notes[j].text);
	static const char *const kinds[] = { "table", "chart", "diagram" };
	for (size_t j = 0; j < doc->nfigures; j++) {
		const struct figure_def *fg = &doc->figures[j];
		fprintf(f, "figure %s %s |%s|\n", fg->id, kinds[fg->kind], fg->caption);
		if (fg->kind != FIG_TABLE)
			continue;
		for (size_t r = 0; r < fg->u.table.nrows; r++)
			for (size_t k = 0; k < fg->u.table.ncells[r]; k++) {
				const struct cell *c = &fg->u.table.rows[r][k];
				fprintf(f, "cell %s %zu %zu |%s%s|", fg->id, r, k,
				    c->text ? c->text : "", c->unit ? c->unit : "");
				if (c->note)
					fprintf(f, " note |%s|", c->note);
				fputc('\n', f);
			}
	}
}

static const char *const roles[] = { "body", "heading", "note", "head", "folio",
	"cover", "toc", "draft" };
static const char *const frame_kinds[] = { "text", "notes", "figure", "head", "folio",
	"cover", "draft" };

/* The text of a line; in a vertical frame, then each glyph's orientation:
 * U upright, R turned 90°, T 縦中横. */
static void
dump_line(FILE *f, const struct line *ln, int vertical)
{
	char buf[8];

	fputc('|', f);
	for (size_t g = 0; g < ln->n; g++) {
		const struct glyph *x = &ln->g[g];
		if (g > 0 && x->cp < 0x80 && ln->g[g - 1].cp < 0x80 && !x->is_mark &&
		    x->pos - (ln->g[g - 1].pos + ln->g[g - 1].adv) > x->size / 8)
			fputc(' ', f);
		if (x->is_mark && (g == 0 || !ln->g[g - 1].is_mark))
			fputs("[^", f);
		buf[utf8_encode(x->cp, buf)] = '\0';
		fputs(buf, f);
		if (x->is_mark && (g + 1 == ln->n || !ln->g[g + 1].is_mark))
			fputc(']', f);
	}
	fputc('|', f);
	if (vertical) {
		fputs(" o=", f);
		for (size_t g = 0; g < ln->n; g++)
			fputc("URT"[ln->g[g].orient], f);
	}
	fputc('\n', f);
}

void
dump_pages(FILE *f, const struct pages *pages, const struct layout *l)
{
	fprintf(f, "layout %s page %.2f %.2f lines %d columns %d\n",
	    l->mode == WM_VERTICAL ? "vertical" : "horizontal", FIXED_TO_PT(l->page_width),
	    FIXED_TO_PT(l->page_height), l->lines_per_page, l->columns);
	for (size_t i = 0; i < pages->noutline; i++)
		fprintf(f, "outline %d page %zu frame %d %.2f %s\n", pages->outline[i].level,
		    pages->outline[i].page + 1, pages->outline[i].frame,
		    FIXED_TO_PT(pages->outline[i].block), pages->outline[i].title);
	for (size_t i = 0; i < pages->n; i++) {
		const struct page *pg = &pages->v[i];
		fprintf(f, "page %zu folio %s%d fill %d%s\n", i + 1, pg->roman ? "roman " : "",
		    pg->folio, pg->fill, pg->forced_end ? " forced" : "");
		for (size_t k = 0; k < pg->frames.n; k++) {
			const struct frame *fr = &pg->frames.v[k];
			fprintf(f, "  frame %zu %s %s %.2f %.2f %.2f %.2f", k,
			    frame_kinds[fr->kind], fr->vertical ? "vertical" : "horizontal",
			    FIXED_TO_PT(fr->x), FIXED_TO_PT(fr->y), FIXED_TO_PT(fr->measure),
			    FIXED_TO_PT(fr->depth));
			/* a figure drawn smaller to fit */
			if (fr->scale != 1000)
				fprintf(f, " scale %d", fr->scale);
			fputc('\n', f);
		}
		for (size_t k = 0; k < pg->links.n; k++)
			fprintf(f, "  link    %d %7.2f -> page %zu frame %d %.2f\n",
			    pg->links.v[k].frame, FIXED_TO_PT(pg->links.v[k].block_top),
			    pg->links.v[k].target_page + 1, pg->links.v[k].target_frame,
			    FIXED_TO_PT(pg->links.v[k].target_block));
		for (size_t k = 0; k < pg->lines.n; k++) {
			const struct placed_line *pl = &pg->lines.v[k];
			const struct line *ln = pl->line;
			fprintf(f, "  %-7s %d %7.2f %6.2f %6.2f %6.2f%s ", roles[pl->role],
			    pl->frame, FIXED_TO_PT(pl->baseline), FIXED_TO_PT(pl->inline_start),
			    FIXED_TO_PT(ln->extent), FIXED_TO_PT(ln->measure),
			    ln->last ? " last" : "");
			dump_line(f, ln, pg->frames.v[pl->frame].vertical);
		}
		for (size_t k = 0; k < pg->figures.n; k++)
			fprintf(f, "  figure  %s frame %d\n", pg->figures.v[k].id,
			    pg->figures.v[k].frame);
		for (size_t k = 0; k < pg->draws.n; k++) {
			const struct placed_draw *pd = &pg->draws.v[k];
			const struct line *ln = pd->d->text;
			if (pd->d->kind != DR_TEXT || ln == NULL)
				continue;
			/* weak: a wrapped text broken where no phrase ends */
			fprintf(f, "  figtext %d %7.2f %6.2f %6.2f%s ", pd->frame,
			    FIXED_TO_PT(pd->dy + pd->d->y), FIXED_TO_PT(pd->d->x),
			    FIXED_TO_PT(ln->extent), ln->weak_break ? " weak" : "");
			dump_line(f, ln, 0);
		}
		for (size_t k = 0; k < pg->rules.n; k++)
			fprintf(f, "  rule    %d %7.2f %6.2f %6.2f\n", pg->rules.v[k].frame,
			    FIXED_TO_PT(pg->rules.v[k].block),
			    FIXED_TO_PT(pg->rules.v[k].inline_start),
			    FIXED_TO_PT(pg->rules.v[k].inline_end));
	}
}
