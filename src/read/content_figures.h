/*
 * Reading the figure files (tables, charts, diagrams) named by the
 * document file. For content.c only.
 */
#ifndef CONTENT_FIGURES_H
#define CONTENT_FIGURES_H

#include "doc.h"

struct ynode;

/*
 * Read the figure definitions of one file (a mapping id -> definition)
 * and append them to *figs (a growable array of *nfigs, capacity *cap).
 * Report every error; return 0 if there was one.
 */
int figures_load(struct arena *, const char *path, enum figure_kind,
    const struct srcpos *named_at, struct figure_def **figs, size_t *nfigs,
    size_t *cap);

#endif
