/*
 * The pager: the flow set into the text frames of pages (a column, or a
 * tier in vertical writing), one frame after another, on the layout's line
 * grid. A heading keeps with the first lines of what follows; a paragraph
 * leaves no single line alone at a frame's head or foot; footnotes go to
 * the foot of the frame that carries their reference. Figures are set
 * where they are referenced if they fit, else atop the next frame, in
 * their order, never past the next heading of their rank or higher. In a
 * horizontal frame a figure takes grid lines in the flow; in a vertical
 * one it takes a band across the columns at the frame's head (天) and the
 * columns beside it shorten, their text set again at the shorter measure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "font.h"
#include "paginate.h"

/* Lines of the following paragraph that a heading keeps on its page. */
#define KEEP_WITH_NEXT_LINES 2
/* A column shortened by figures keeps at least this many characters,
 * else its frame holds figures only. */
#define MIN_COLUMN_EMS 10
/* A figure joins a frame whose text runs into the next frame's first
 * 1/NEAR_REFERENCE_PART before reaching its reference. */
#define NEAR_REFERENCE_PART 4
/* The last page holds at least this many lines, or the pages before it
 * give up a line each. */
#define LAST_PAGE_MIN_LINES 5
/* A figure drawn smaller to give a short last page's text a column
 * beside it, or to join a vertical frame holding figures only, keeps at
 * least this many thousandths of its size. */
#define SQUEEZE_MIN_SCALE 850
/* Pages that may give up a line for the last one. */
#define BALANCE_MAX_PAGES 6

struct pager {
	const struct layout *l;
	const struct flow *f;
	struct pages *out;
	struct composer c;	/* sets text again at another measure */
	struct page *cur;
	int column;		/* text frame of the page being filled */
	int frame;		/* its index in the page's frames */
	struct frame tf;	/* that frame */
	fixed band;		/* vertical: inline extent of the figures at
				 * the frame's head, with the gap after them */
	fixed measure;		/* measure of text in the frame; 0: figures only */
	int used;		/* grid lines used in the frame */
	int capacity;		/* grid lines the frame holds */
	VEC(int) notes;		/* notes of the frame, in order */
	VEC(const struct unit *) pending;	/* figures waiting for a frame */
	unsigned char *set;	/* per figure unit: FIG_CLAIMED, FIG_SET */
	size_t next_unit;	/* the unit after the one being set */
	size_t carry;		/* lines of the current unit still to set */
	struct note_lines *note_at;	/* notes composed at note_measure */
	fixed note_measure;
	/* page balance: pages [short_from, short_to) hold short_by lines less */
	size_t short_from, short_to;
	int short_by;
	int in_front;		/* headings of an unnumbered chapter */
	int quiet;		/* a pass again for balance: warned already */
	const struct block *notes_too_deep;	/* reported once per paragraph */
	const struct unit *reported_deep;	/* reported once per figure */
	size_t squeeze_from;	/* balance: pages from here may draw a figure
				 * smaller to leave room for a column */
	fixed pack_into;	/* a figure to set now in this depth, smaller */
	int page_has_body;	/* a body line or figure is on the page */
};

/* A figure unit: met in the flow and waiting (claimed), or set. */
enum { FIG_CLAIMED = 1, FIG_SET = 2 };

static void start_frame(struct pager *, int column);
static void next_frame(struct pager *);
static void place_figure(struct pager *, const struct unit *, int may_float);

int
page_add_frame(struct page *pg, const struct frame *f)
{
	VEC_PUSH(pg->frames, *f);
	return (int)pg->frames.n - 1;
}

void
page_place_line(struct page *pg, int frame, const struct line *ln, enum line_role role,
    fixed inl, fixed baseline, const struct block *b)
{
	struct placed_line pl = { ln, role, frame, inl, baseline, b, -1 };

	VEC_PUSH(pg->lines, pl);
}

fixed
line_baseline(const struct font *font, fixed top, fixed band, fixed size)
{
	return top + (band - size) / 2 + font_ascent(font, size);
}

static int
vertical(const struct pager *p)
{
	return p->tf.vertical;
}

static fixed
full_measure(const struct pager *p)
{
	return layout_measure(p->l);
}

/* --- notes --------------------------------------------------------- */

/* Note n as set in the current frame: at its text measure. */
static const struct note_lines *
note_lines(struct pager *p, int n)
{
	fixed m = p->measure > 0 ? p->measure : full_measure(p);

	if (m == full_measure(p))
		return &p->f->notes[n];
	if (p->note_measure != m) {
		memset(p->note_at, 0, p->f->nnotes * sizeof(*p->note_at));
		p->note_measure = m;
	}
	if (p->note_at[n].lines == NULL &&
	    !flow_compose_note(&p->c, p->l, &p->f->doc->notes[n], m, &p->note_at[n]))
		return &p->f->notes[n];
	return &p->note_at[n];
}

/* Grid lines the notes area takes with these notes. */
static int
note_grid_lines(struct pager *p, const int *notes, size_t n)
{
	size_t lines = 0;

	for (size_t i = 0; i < n; i++)
		lines += note_lines(p, notes[i])->nlines;
	if (lines == 0)
		return 0;
	/* half a grid line above the rule, then the notes */
	fixed h = p->l->line_pitch / 2 + (fixed)lines * p->l->note_pitch;
	return (int)((h + p->l->line_pitch - 1) / p->l->line_pitch);
}

static int
has_note(const int *v, size_t n, int note)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == note)
			return 1;
	return 0;
}

/* Grid lines the notes take if the lines' new notes joined the frame. */
static int
notes_with(struct pager *p, const struct line *lines, size_t n)
{
	VEC(int) all = {0};
	int grid;

	for (size_t i = 0; i < p->notes.n; i++)
		VEC_PUSH(all, p->notes.v[i]);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < lines[i].nnotes; j++)
			if (!has_note(all.v, all.n, lines[i].notes[j]))
				VEC_PUSH(all, lines[i].notes[j]);
	grid = note_grid_lines(p, all.v, all.n);
	VEC_FREE(all);
	return grid;
}

static void
add_notes(struct pager *p, const struct line *ln)
{
	for (size_t j = 0; j < ln->nnotes; j++)
		if (!has_note(p->notes.v, p->notes.n, ln->notes[j]))
			VEC_PUSH(p->notes, ln->notes[j]);
}

static int
free_lines(struct pager *p)
{
	return p->capacity - p->used - note_grid_lines(p, p->notes.v, p->notes.n);
}

/* The frame's notes at its foot, under a short rule, in a frame of their own. */
static void
finish_frame(struct pager *p)
{
	const struct layout *l = p->l;
	struct page *pg = p->cur;
	size_t lines = 0;

	if (pg == NULL)
		return;
	pg->body_lines += p->used;
	/* the share of the frame's area set, notes included, in thousandths,
	 * over the columns */
	int notes = note_grid_lines(p, p->notes.v, p->notes.n);
	int64_t full = (int64_t)full_measure(p) * p->l->lines_per_page;
	int64_t set = vertical(p) ? (int64_t)p->band * p->capacity +
	    (int64_t)(p->used + notes) * p->measure :
	    (int64_t)(p->used + notes) * full_measure(p);
	pg->fill += (int)(set * 1000 / full / p->l->columns);
	for (size_t i = 0; i < p->notes.n; i++)
		lines += note_lines(p, p->notes.v[i])->nlines;
	if (lines == 0)
		return;
	fixed h = (fixed)lines * l->note_pitch;
	fixed inl = p->band;
	struct frame nf = frame_sub(&p->tf, FRAME_NOTES, inl, p->tf.depth - h,
	    p->measure > 0 ? p->measure : full_measure(p), h);
	int fi = page_add_frame(pg, &nf);
	struct rule r = { fi, 0, l->note_rule, -l->line_pitch / 4, PT(0.5) };
	VEC_PUSH(pg->rules, r);
	fixed top = 0;
	for (size_t i = 0; i < p->notes.n; i++) {
		const struct note_lines *nl = note_lines(p, p->notes.v[i]);
		for (size_t k = 0; k < nl->nlines; k++) {
			page_place_line(pg, fi, &nl->lines[k], LR_NOTE, 0,
			    line_baseline(p->f->fonts[l->note.font], top, l->note_pitch,
			    l->note.size), NULL);
			pg->lines.v[pg->lines.n - 1].note = (int)p->notes.v[i];
			top += l->note_pitch;
		}
	}
}

static void
new_page(struct pager *p)
{
	struct pages *o = p->out;

	o->v = xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	p->cur = &o->v[o->n++];
	memset(p->cur, 0, sizeof(*p->cur));
	p->cur->folio = (int)o->n;
	p->page_has_body = 0;
	start_frame(p, 0);
}

/* The next text frame: the next column, or the first of a new page. */
static void
next_frame(struct pager *p)
{
	finish_frame(p);
	if (p->column + 1 < p->l->columns)
		start_frame(p, p->column + 1);
	else
		new_page(p);
}

/* --- figures ------------------------------------------------------- */

/* Depth of band i as drawn: a figure wider than its frame is smaller. */
static fixed
band_height(const struct figure_box *fb, size_t i)
{
	return (fixed)((int64_t)fb->bands[i].height * fb->scale / 1000);
}

static fixed
bands_height(const struct figure_box *fb, size_t b0, size_t b1)
{
	fixed h = 0;

	for (size_t i = b0; i < b1; i++)
		h += band_height(fb, i);
	return h;
}

/* Grid lines a figure part of depth h takes: half a line of space around. */
static int
figure_lines(const struct pager *p, fixed h)
{
	fixed pitch = p->l->line_pitch;
	return (int)((h + pitch / 2 + pitch - 1) / pitch);
}

/* Gap between a vertical frame's figure band and its columns. */
static fixed
band_gap(const struct pager *p)
{
	return p->l->body.size;
}

/* Whether a figure part of depth h fits the frame now. */
static int
figure_fits(struct pager *p, fixed h)
{
	if (vertical(p))
		return p->used == 0 && p->band + h <= full_measure(p);
	return figure_lines(p, h) <= free_lines(p);
}

/* Whether a figure part of depth h fits an empty frame. */
static int
figure_fits_empty(const struct pager *p, fixed h)
{
	if (vertical(p))
		return h <= full_measure(p);
	return figure_lines(p, h) <= p->capacity;
}

/* Whether the frame holds nothing yet. */
static int
frame_empty(const struct pager *p)
{
	return p->used == 0 && p->band == 0;
}

/*
 * Balance passes near the end: draw the band's last figure smaller (down
 * to SQUEEZE_MIN_SCALE) so that the band gives up `need` for a column of
 * text. Return whether it did.
 */
static int
squeeze_band(struct pager *p, fixed need)
{
	size_t page = (size_t)(p->cur - p->out->v);
	struct frame *ff = NULL;

	if (page < p->squeeze_from)
		return 0;
	for (size_t k = p->cur->frames.n; k-- > (size_t)p->frame + 1;)
		if (p->cur->frames.v[k].kind == FRAME_FIGURE) {
			ff = &p->cur->frames.v[k];
			break;
		}
	if (ff == NULL || ff->depth <= need)
		return 0;
	int scale = (int)((int64_t)ff->scale * (ff->depth - need) / ff->depth);
	if (scale < SQUEEZE_MIN_SCALE)
		return 0;
	fixed w = (fixed)((int64_t)ff->measure * scale / ff->scale);
	fixed h = (fixed)((int64_t)ff->depth * scale / ff->scale);
	/* the same band place, from the frame's inline offset of the figure */
	fixed inl = ff->y - p->tf.y;
	*ff = frame_figure(&p->tf, inl, (p->tf.depth - w) / 2, w, h, scale);
	p->band -= need;
	return 1;
}

/* After a band grew: the measure left for the columns, in whole characters
 * (may_squeeze: for a figure just set, not one only tried). */
static void
shorten_columns(struct pager *p, int may_squeeze)
{
	fixed size = p->l->body.size;
	fixed left = full_measure(p) - p->band;

	left -= left % size;
	if (may_squeeze && left < MIN_COLUMN_EMS * size &&
	    squeeze_band(p, MIN_COLUMN_EMS * size - left))
		left = MIN_COLUMN_EMS * size;
	p->measure = left >= MIN_COLUMN_EMS * size ? left : 0;
}

/* Set bands [b0, b1) of a figure, after the repeated bands rep, here. */
static void
place_part(struct pager *p, const struct unit *u, size_t b0, size_t b1,
    const size_t *rep, size_t nrep)
{
	const struct figure_box *fb = &u->fig;
	struct page *pg = p->cur;
	fixed h = bands_height(fb, b0, b1);
	struct frame ff;

	for (size_t i = 0; i < nrep; i++)
		h += band_height(fb, rep[i]);
	/* wider than its frame (flow.c reported it) or deeper than any
	 * frame: drawn smaller, or refused if illegible */
	int scale = fb->scale;
	fixed w = (fixed)((int64_t)fb->width * fb->scale / 1000);
	if (p->pack_into > 0 && h > p->pack_into) {
		/* a figure band taking one more figure, a little smaller */
		int s = (int)((int64_t)p->pack_into * 1000 / h);
		scale = scale * s / 1000;
		h = (fixed)((int64_t)h * s / 1000);
		w = (fixed)((int64_t)w * s / 1000);
	} else if (!figure_fits_empty(p, h)) {
		fixed room = vertical(p) ? full_measure(p) :
		    p->capacity * p->l->line_pitch - p->l->line_pitch / 2;
		int s = (int)((int64_t)room * 1000 / h);
		scale = scale * s / 1000;
		/* once per figure, though a split table places several parts */
		if (p->reported_deep != u) {
			if (scale < FIGURE_MIN_SCALE)
				diag(SEV_ERROR, &u->block->pos,
				    "figure '%s' is %.0fpt deep; a page holds %.0fpt", u->fig_id,
				    FIXED_TO_PT(h), FIXED_TO_PT(room));
			else if (!p->quiet)
				diag(SEV_WARNING, &u->block->pos,
				    "figure '%s' is %.0fpt deep; set at %d%% to fit the page",
				    u->fig_id, FIXED_TO_PT(h), scale / 10);
			p->reported_deep = u;
		}
		h = (fixed)((int64_t)h * s / 1000);
		w = (fixed)((int64_t)w * s / 1000);
	}
	if (vertical(p)) {
		ff = frame_figure(&p->tf, p->band, (p->tf.depth - w) / 2, w, h, scale);
		p->band += h + band_gap(p);
	} else {
		int lines = figure_lines(p, h);
		fixed top = p->used * p->l->line_pitch + (lines * p->l->line_pitch - h) / 2;
		ff = frame_figure(&p->tf, (p->tf.measure - w) / 2, top, w, h, scale);
		p->used += lines;
	}
	int fi = page_add_frame(pg, &ff);
	p->set[u - p->f->units] = FIG_SET;
	if (vertical(p))
		shorten_columns(p, 1);
	fixed dy = 0;
	for (size_t pass = 0; pass < 2; pass++) {
		size_t from = pass == 0 ? 0 : b0, to = pass == 0 ? nrep : b1;
		for (size_t i = from; i < to; i++) {
			const struct band *b = &fb->bands[pass == 0 ? rep[i] : i];
			for (size_t k = 0; k < b->n; k++) {
				struct placed_draw pd = { &b->d[k], fi, dy };
				VEC_PUSH(pg->draws, pd);
			}
			dy += b->height;
		}
	}
	struct placed_figure pf = { u->fig_id, fi, u->fig_def, u->fig_alt };
	VEC_PUSH(pg->figures, pf);
	p->page_has_body = 1;
}

/*
 * A table deeper than the room left: rows go on while they fit, then the
 * header rows start the next frame again, never without a row under them.
 */
static void
place_split(struct pager *p, const struct unit *u)
{
	const struct figure_box *fb = &u->fig;
	VEC(size_t) rep = {0};
	size_t b0 = 0, head_end = 0;

	for (size_t i = 0; i < fb->nbands; i++)
		if (fb->bands[i].repeat) {
			VEC_PUSH(rep, i);
			head_end = i + 1;
		}
	int first = 1;
	while (b0 < fb->nbands) {
		fixed h = 0;
		size_t b1 = b0;
		for (size_t i = 0; !first && i < rep.n; i++)
			h += band_height(fb, rep.v[i]);
		/* the caption, header and first row never part */
		size_t must = first ? (head_end > 0 ? head_end + 1 : 1) : b0 + 1;
		while (b1 < fb->nbands &&
		    (b1 < must || figure_fits(p, h + band_height(fb, b1)))) {
			h += band_height(fb, b1);
			b1++;
		}
		if (b1 > fb->nbands)
			b1 = fb->nbands;
		/* the notes do not go on alone: the last row goes with them */
		int rest_trailer = b1 < fb->nbands;
		for (size_t i = b1; i < fb->nbands; i++)
			rest_trailer &= fb->bands[i].trailer;
		if (rest_trailer && b1 > must && b1 - 1 > b0)
			b1--;
		/* a part of notes alone repeats no header over them */
		int notes_only = 1;
		for (size_t i = b0; i < b1; i++)
			notes_only &= fb->bands[i].trailer;
		place_part(p, u, b0, b1, first || notes_only ? NULL : rep.v,
		    first || notes_only ? 0 : rep.n);
		b0 = b1;
		first = 0;
		if (b0 < fb->nbands)
			next_frame(p);
	}
	VEC_FREE(rep);
}

/* Depth of the caption, header rows and first row of a table. */
static fixed
table_lead(const struct figure_box *fb)
{
	size_t lead = 0;

	for (size_t i = 0; i < fb->nbands; i++)
		if (fb->bands[i].repeat)
			lead = i + 1;
	if (lead < fb->nbands)
		lead++;
	return bands_height(fb, 0, lead);
}

/* Set a figure now if it fits, else leave it for the next frame's head. */
static void
place_figure(struct pager *p, const struct unit *u, int may_float)
{
	fixed whole = bands_height(&u->fig, 0, u->fig.nbands);

	if (figure_fits(p, whole)) {
		place_part(p, u, 0, u->fig.nbands, NULL, 0);
		return;
	}
	if (may_float && !frame_empty(p) && figure_fits_empty(p, whole)) {
		VEC_PUSH(p->pending, u);
		return;
	}
	if (u->fig.splittable) {
		while (!frame_empty(p) && !figure_fits(p, table_lead(&u->fig)))
			next_frame(p);
		place_split(p, u);
		return;
	}
	while (!frame_empty(p) && !figure_fits(p, whole))
		next_frame(p);
	place_part(p, u, 0, u->fig.nbands, NULL, 0);
}

/* Figures that waited go first in a new frame, in their order. */
static void
flush_pending(struct pager *p)
{
	size_t n = p->pending.n, i;

	p->pending.n = 0;
	for (i = 0; i < n; i++) {
		const struct unit *u = p->pending.v[i];
		fixed whole = bands_height(&u->fig, 0, u->fig.nbands);
		fixed room = full_measure(p) - p->band;
		if (!frame_empty(p) && !figure_fits(p, whole)) {
			/* a band of figures only, in a vertical frame that no
			 * text has entered: one more figure, drawn smaller */
			if (!vertical(p) || p->used > 0 ||
			    room * 1000 < whole * (int64_t)SQUEEZE_MIN_SCALE)
				break;
			p->pack_into = room;
			place_part(p, u, 0, u->fig.nbands, NULL, 0);
			p->pack_into = 0;
			continue;
		}
		place_figure(p, u, 0);
	}
	/* what did not fit waits for the frame after, still in order */
	for (size_t k = i; k < n; k++)
		p->pending.v[p->pending.n++] = p->pending.v[k];
}

/* Grid lines that heads (grid lines of headings) and text (lines set at
 * the full measure) take at measure m: a shorter measure takes
 * proportionally more lines of text. */
static size_t
lines_at(const struct pager *p, size_t heads, size_t text, fixed m)
{
	if (m <= 0)
		return SIZE_MAX / 4;
	return heads + (size_t)(((int64_t)text * full_measure(p) + m - 1) / m);
}

/* Grid lines at the full measure that the notes of a paragraph take. */
static size_t
note_share(const struct pager *p, const struct unit *u)
{
	size_t n = 0;

	for (size_t i = 0; i < u->nlines; i++)
		for (size_t j = 0; j < u->lines[i].nnotes; j++)
			n += p->f->notes[u->lines[i].notes[j]].nlines;
	return (size_t)(((int64_t)n * p->l->note_pitch + p->l->line_pitch - 1) /
	    p->l->line_pitch);
}

/*
 * Vertical frames: a figure whose reference will be set in this frame
 * joins the band at its head now, before any column is set, unless the
 * heading of its section comes first (other than as the frame's first
 * line), or a figure before it waits.
 */
static void
pull_figures(struct pager *p)
{
	const struct flow *f = p->f;
	size_t heads = 0, lines = p->carry;
	int rank_seen = 99, opener = 99;

	for (size_t ui = p->next_unit; ui < f->nunits; ui++) {
		const struct unit *u = &f->units[ui];
		if (!u->is_figure) {
			/* a heading that opens the frame shares it with the band:
			 * its section's figures may stand above it there */
			int opens = ui == p->next_unit && p->carry == 0;
			if (BK_IS_HEADING(u->block->kind)) {
				if (u->new_page)
					return;
				if (opens)
					opener = u->level;
				else if (u->level < rank_seen)
					rank_seen = u->level;
			}
			if (BK_IS_HEADING(u->block->kind))
				heads += (size_t)u->grid_lines;
			else
				lines += u->nlines + note_share(p, u);
			if (lines_at(p, heads, lines, p->measure) >= (size_t)p->capacity)
				return;
			continue;
		}
		/* set already: skip it; claimed and waiting: all wait behind it */
		if (p->set[ui] == FIG_SET)
			continue;
		if (p->set[ui] == FIG_CLAIMED)
			return;
		/* never above the heading of its own section */
		if (rank_seen <= u->level || p->pending.n > 0)
			return;
		fixed whole = bands_height(&u->fig, 0, u->fig.nbands);
		fixed band = p->band, measure = p->measure;
		if (!figure_fits(p, whole))
			return;
		p->band += whole + band_gap(p);
		shorten_columns(p, 0);
		fixed after = p->measure;
		/* its reference falls in this frame, or early in the next */
		int reached = lines_at(p, heads, lines, after) <
		    (size_t)p->capacity + (size_t)p->capacity / NEAR_REFERENCE_PART;
		p->band = band;
		p->measure = measure;
		/* set it only if its reference still falls in this frame; or,
		 * when it would fill the frame with figures, if the text before
		 * its reference takes at most two thirds of a frame: that text
		 * then follows on the next frame, which would otherwise start
		 * with this figure and leave this one half empty. Not so when
		 * the heading of its own section opens the frame: the figure
		 * would then stand a frame before it. */
		if (after == 0 ? heads + lines > (size_t)p->capacity * 2 / 3 ||
		    opener <= u->level : !reached)
			return;
		place_part(p, u, 0, u->fig.nbands, NULL, 0);
	}
}

static void
start_frame(struct pager *p, int column)
{
	struct page *pg = p->cur;
	size_t page = (size_t)(pg - p->out->v);

	p->column = column;
	p->tf = frame_text(p->l, column);
	p->frame = page_add_frame(pg, &p->tf);
	p->used = 0;
	p->band = 0;
	p->notes.n = 0;
	p->measure = full_measure(p);
	p->capacity = p->l->lines_per_page;
	if (page >= p->short_from && page < p->short_to)
		p->capacity -= p->short_by;
	pg->capacity += p->capacity;
	if (p->pending.n > 0)
		flush_pending(p);
	if (vertical(p) && p->measure > 0)
		pull_figures(p);
}

/* --- text ---------------------------------------------------------- */

/* Lines of a unit set again with the measures of the lines already set,
 * then m for the rest. */
static size_t
recompose(struct pager *p, const struct unit *u, const fixed *sched, size_t nsched,
    fixed m, const struct line **out)
{
	struct compose_style cs = u->style;
	fixed *all = xmalloc((nsched + 1) * sizeof(*all));
	struct line *lines;

	if (nsched > 0)
		memcpy(all, sched, nsched * sizeof(*all));
	all[nsched] = m;
	cs.measures = all;
	cs.nmeasures = nsched + 1;
	long n = compose_text(&p->c, u->text, u->marks, u->nmarks, &cs, &lines);
	free(all);
	if (n < 0)
		n = 0;
	*out = lines;
	return (size_t)n;
}

/* How many of the lines fit the frame, their notes with them. */
static size_t
lines_that_fit(struct pager *p, const struct line *lines, size_t n)
{
	size_t k = 0;

	while (k < n && p->used + (int)k + 1 + notes_with(p, lines, k + 1) <= p->capacity)
		k++;
	return k;
}

/* Grid lines and lines that must go with unit ui: itself and what it keeps with. */
/* A heading's lines and grid lines at the frame's measure: set again when
 * figures shortened the columns. */
static int
heading_at(struct pager *p, const struct unit *u, const struct line **lines, size_t *n)
{
	int grid = u->grid_lines;

	*lines = u->lines;
	*n = u->nlines;
	if (p->measure > 0 && p->measure != u->style.measure) {
		*n = recompose(p, u, NULL, 0, p->measure, lines);
		fixed h = u->text_pitch * (fixed)*n;
		int need = (int)((h + p->l->line_pitch - 1) / p->l->line_pitch);
		if (need > grid)
			grid = need;
	}
	return grid;
}

static int
keep_group(struct pager *p, size_t ui, const struct line **lines, size_t *nlines)
{
	const struct flow *f = p->f;
	int need = 0;

	*lines = NULL;
	*nlines = 0;
	for (; ui < f->nunits; ui++) {
		const struct unit *x = &f->units[ui];
		if (x->is_figure) {
			/* vertical figures go to a band: keep with the text after */
			if (vertical(p))
				continue;
			/* a heading stays with the figure under it, if a page holds both */
			int fl = figure_lines(p, bands_height(&x->fig, 0, x->fig.nbands));
			if (x->fig.splittable || need + fl > p->capacity)
				return need + figure_lines(p, table_lead(&x->fig));
			return need + fl;
		}
		if (!BK_IS_HEADING(x->block->kind)) {
			size_t k = x->nlines < KEEP_WITH_NEXT_LINES ? x->nlines :
			    KEEP_WITH_NEXT_LINES;
			/* a paragraph of one line more would leave a lone line behind */
			if (x->nlines == KEEP_WITH_NEXT_LINES + 1)
				k = x->nlines;
			*lines = x->lines;
			*nlines = k;
			return need + (int)lines_at(p, 0, k, p->measure);
		}
		const struct line *hl;
		size_t hn;
		need += heading_at(p, x, &hl, &hn);
	}
	return need;
}

static int
outline_level(const struct block *b, int front)
{
	switch (b->kind) {
	case BK_PART:
		return 0;
	case BK_CHAPTER:
		return front ? 0 : 1;
	case BK_SECTION:
		return 2;
	default:
		return front ? 1 : 3;
	}
}

/* A bookmark for headings down to （1）, recorded as they are placed. */
static void
record_outline(struct pager *p, const struct unit *u, fixed top)
{
	struct pages *o = p->out;
	const struct block *b = u->block;

	if (b->kind > BK_SUBSECTION)
		return;
	if (b->kind == BK_CHAPTER)
		p->in_front = b->chapter_unnumbered;
	if (b->kind == BK_PART)
		p->in_front = 0;
	o->outline = xrealloc(o->outline, (o->noutline + 1) * sizeof(*o->outline));
	struct outline_entry *e = &o->outline[o->noutline++];
	e->title = u->text;
	e->level = outline_level(b, p->in_front && b->kind != BK_PART);
	e->page = o->n - 1;
	e->frame = p->frame;
	e->block = top;
}

static void
place_heading(struct pager *p, const struct unit *u)
{
	const struct layout *l = p->l;
	const struct line *lines;
	size_t n;
	int grid = heading_at(p, u, &lines, &n);
	fixed top = p->used * l->line_pitch;
	/* a heading deeper than the frame would run past its foot */
	if (p->used + grid > p->capacity && !p->quiet)
		diag(SEV_ERROR, &u->block->pos, "this heading takes %d lines; a frame of the "
		    "layout holds %d: shorten it", grid, p->capacity);
	fixed size = l->heading[u->block->kind].size;
	fixed text_top = top + (grid * l->line_pitch - u->text_pitch * (fixed)n) / 2;
	record_outline(p, u, top);
	for (size_t i = 0; i < n; i++) {
		const struct line *ln = &lines[i];
		fixed inl = p->band + (u->centered ? (p->measure - ln->extent) / 2 : 0);
		page_place_line(p->cur, p->frame, ln, LR_HEADING, inl,
		    line_baseline(p->f->fonts[l->heading[u->block->kind].font],
		    text_top + u->text_pitch * (fixed)i, u->text_pitch, size), u->block);
	}
	p->used += grid;
}

static void
place_body_line(struct pager *p, const struct unit *u, const struct line *ln)
{
	const struct layout *l = p->l;

	page_place_line(p->cur, p->frame, ln, LR_BODY, p->band,
	    line_baseline(p->f->fonts[l->body.font], p->used * l->line_pitch,
	    l->line_pitch, l->body.size), u->block);
	add_notes(p, ln);
	p->used++;
	p->page_has_body = 1;
}

/*
 * Lines of a paragraph left after its first `at` lines if the rest is set
 * at the full measure in the next frame: the lines set before keep their
 * measures (sched), then m up to `at`. n: its lines as set now, all at m.
 */
static size_t
lines_after(struct pager *p, const struct unit *u, const fixed *sched, size_t nsched,
    fixed m, size_t n, size_t at)
{
	const struct line *lines;
	fixed *all;

	if (m == full_measure(p))
		return n - at;
	all = xmalloc((at + 1) * sizeof(*all));
	for (size_t i = 0; i < at; i++)
		all[i] = i < nsched ? sched[i] : m;
	n = recompose(p, u, all, at, full_measure(p), &lines);
	free(all);
	return n > at ? n - at : 0;
}

/*
 * A paragraph, line by line into frames, with neither its first line
 * alone at a frame's foot nor its last alone at the next frame's head.
 */
static void
place_paragraph(struct pager *p, const struct unit *u)
{
	const struct line *lines = u->lines;
	size_t n = u->nlines, done = 0;
	fixed m = u->style.measure;
	VEC(fixed) sched = {0};

	while (done < n) {
		p->carry = n - done;
		if (p->measure == 0) {
			next_frame(p);
			continue;
		}
		if (p->measure != m) {
			n = recompose(p, u, sched.v, sched.n, p->measure, &lines);
			m = p->measure;
			if (done >= n)
				break;
		}
		size_t fit = lines_that_fit(p, lines + done, n - done), take = fit;
		if (take < n - done) {
			/* no widow: at the next frame's measure the rest may set
			 * in fewer lines than here, so count again each time */
			while (take > 0 &&
			    lines_after(p, u, sched.v, sched.n, m, n, done + take) == 1)
				take--;
			if (done == 0 && take == 1)
				take = 0;	/* no orphan */
			if (take == 0 && p->used == 0)
				take = fit > 0 ? fit : 1;
			/* footnotes do not run on to the next page: they
			 * would be drawn past the foot */
			if (take > 0 && fit == 0 && p->used == 0 && !p->quiet &&
			    p->notes_too_deep != u->block) {
				diag(SEV_ERROR, &u->block->pos,
				    "the footnotes of this line do not fit on one page: "
				    "shorten them or spread their references");
				p->notes_too_deep = u->block;
			}
		}
		for (size_t i = done; i < done + take; i++) {
			place_body_line(p, u, &lines[i]);
			VEC_PUSH(sched, m);
		}
		done += take;
		if (done < n) {
			p->carry = n - done;
			next_frame(p);
		}
	}
	p->carry = 0;
	VEC_FREE(sched);
}

/* Whether the page holds anything of the body yet. */
static int
page_started(const struct pager *p)
{
	return p->column > 0 || !frame_empty(p) || p->cur->draws.n > 0;
}

static void
set_units(struct pager *p)
{
	const struct flow *f = p->f;

	for (size_t ui = 0; ui < f->nunits; ui++) {
		const struct unit *u = &f->units[ui];
		/* frames started while a figure or a heading is placed look
		 * ahead from it; while a paragraph is, from after it (its
		 * remaining lines are the carry) */
		p->next_unit = u->is_figure || BK_IS_HEADING(u->block->kind) ? ui : ui + 1;

		if (u->is_figure) {
			if (p->set[ui])
				continue;
			/* figures keep their order: behind one that waits, all
			 * wait; either way it is claimed, never pulled again */
			p->set[ui] = FIG_CLAIMED;
			if (p->pending.n > 0)
				VEC_PUSH(p->pending, u);
			else
				place_figure(p, u, 1);
			continue;
		}
		if (!BK_IS_HEADING(u->block->kind)) {
			place_paragraph(p, u);
			continue;
		}

		/* figures waiting stay before the next heading of their rank */
		int flush = 0;
		for (size_t i = 0; i < p->pending.n; i++)
			if (p->pending.v[i]->level >= u->level)
				flush = 1;
		while (flush && p->pending.n > 0)
			next_frame(p);
		/* a chapter shares the page of its part's title */
		if (u->new_page && page_started(p) &&
		    !(u->block->kind == BK_CHAPTER && !p->page_has_body)) {
			p->cur->forced_end = 1;
			finish_frame(p);
			new_page(p);
		}
		const struct line *kl;
		size_t kn;
		p->carry = 0;
		for (int tries = 0; tries < 2 * p->l->columns + 2; tries++) {
			int need = keep_group(p, ui, &kl, &kn);
			if (frame_empty(p) || (p->measure > 0 &&
			    p->used + need + notes_with(p, kl, kn) <= p->capacity))
				break;
			next_frame(p);
		}
		while (p->measure == 0)
			next_frame(p);
		place_heading(p, u);
	}
	while (p->pending.n > 0)
		next_frame(p);
	finish_frame(p);
}

static struct pages *
paginate_pass(const struct flow *f, const struct layout *l, size_t short_from,
    size_t short_to, int short_by, size_t squeeze_from)
{
	struct pages *o = xcalloc(1, sizeof(*o));
	struct pager p;

	memset(&p, 0, sizeof(p));
	p.l = l;
	p.f = f;
	p.out = o;
	memcpy(p.c.fonts, f->fonts, sizeof(p.c.fonts));
	p.c.arena = &o->arena;
	p.set = xcalloc(f->nunits + 1, 1);
	p.note_at = xcalloc(f->nnotes + 1, sizeof(*p.note_at));
	p.short_from = short_from;
	p.short_to = short_to;
	p.short_by = short_by;
	p.squeeze_from = squeeze_from;
	p.quiet = short_to > 0 || squeeze_from != SIZE_MAX;
	new_page(&p);
	set_units(&p);
	VEC_FREE(p.notes);
	VEC_FREE(p.pending);
	free(p.set);
	free(p.note_at);
	return o;
}

/* Body lines on the last page, if it is short and not alone in its chapter. */
static int
short_last_page(const struct pages *o)
{
	if (o->n < 2 || o->v[o->n - 2].forced_end)
		return 0;
	/* in lines of the page's grid: fill is a share of its capacity */
	return o->v[o->n - 1].fill * o->v[o->n - 1].capacity < LAST_PAGE_MIN_LINES * 1000;
}

struct pages *
paginate(const struct flow *f, const struct layout *l)
{
	struct pages *o = paginate_pass(f, l, 0, 0, 0, SIZE_MAX);

	/* a last page of a few lines: the pages before give up a line each */
	for (size_t k = 1; k <= BALANCE_MAX_PAGES && short_last_page(o) && k < o->n; k++) {
		size_t n = o->n;
		if (o->v[n - 1 - k].forced_end)
			break;
		struct pages *t = paginate_pass(f, l, n - 1 - k, n - 1, 1, SIZE_MAX);
		if (t->n == n && !short_last_page(t)) {
			pages_free(o);
			o = t;
			break;
		}
		pages_free(t);
	}
	/* or the figures of the last pages are drawn a little smaller, so
	 * that text can stand beside them */
	for (size_t k = 1; k <= BALANCE_MAX_PAGES && short_last_page(o) && k < o->n; k++) {
		size_t n = o->n;
		struct pages *t = paginate_pass(f, l, 0, 0, 0, n - 1 - k);
		if (t->n <= n && !short_last_page(t)) {
			pages_free(o);
			o = t;
			break;
		}
		pages_free(t);
		if (o->v[n - 1 - k].forced_end)
			break;
	}
	return o;
}

/* Lower-case roman numerals for the front matter's folios. */
static void
roman(int n, struct strbuf *out)
{
	static const struct { int v; const char *s; } r[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" },
		{ 100, "c" }, { 90, "xc" }, { 50, "l" }, { 40, "xl" },
		{ 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" } };

	for (size_t i = 0; i < sizeof(r) / sizeof(*r); i++)
		while (n >= r[i].v) {
			sb_puts(out, r[i].s);
			n -= r[i].v;
		}
}

void
pages_furnish(struct pages *o, const struct document *doc, const struct layout *l,
    struct font *const fonts[FONT__COUNT])
{
	struct composer c;
	struct compose_style cs;
	struct frame head = frame_head(l), folio = frame_folio(l);

	memset(&c, 0, sizeof(c));
	memcpy(c.fonts, fonts, sizeof(c.fonts));
	c.arena = &o->arena;
	memset(&cs, 0, sizeof(cs));
	cs.measure = folio.measure;
	for (size_t i = 0; i < o->n; i++) {
		struct page *pg = &o->v[i];
		struct strbuf num = {0};
		struct line *ln;

		if (pg->no_furniture)
			continue;
		cs.font = l->folio.font;
		cs.size = l->folio.size;
		if (pg->roman)
			roman(pg->folio, &num);
		else
			sb_printf(&num, "- %d -", pg->folio);
		if (compose_text(&c, num.s, NULL, 0, &cs, &ln) == 1)
			page_place_line(pg, page_add_frame(pg, &folio), ln, LR_FOLIO,
			    (cs.measure - ln->extent) / 2, 0, NULL);
		sb_free(&num);
		if (pg->no_head)
			continue;
		cs.font = l->running_head.font;
		cs.size = l->running_head.size;
		if (compose_text(&c, doc->title, NULL, 0, &cs, &ln) == 1)
			page_place_line(pg, page_add_frame(pg, &head), ln, LR_HEAD,
			    cs.measure - ln->extent, 0, NULL);
	}
}

void
pages_free(struct pages *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < o->n; i++) {
		VEC_FREE(o->v[i].frames);
		VEC_FREE(o->v[i].lines);
		VEC_FREE(o->v[i].rules);
		VEC_FREE(o->v[i].draws);
		VEC_FREE(o->v[i].figures);
		VEC_FREE(o->v[i].links);
	}
	free(o->v);
	free(o->outline);
	arena_free(&o->arena);
	free(o);
}
