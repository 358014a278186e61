/* Diagnostics: one output format, counts per severity. */
#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

static int counts[SEV_FATAL + 1];

static const char *const names[] = {
	[SEV_NOTE] = "note",
	[SEV_WARNING] = "warning",
	[SEV_ERROR] = "error",
	[SEV_FATAL] = "error",
};

void
diag(enum severity sev, const struct srcpos *pos, const char *fmt, ...)
{
	va_list ap;

	counts[sev]++;
	if (pos != NULL && pos->file != NULL) {
		if (pos->line > 0)
			fprintf(stderr, "%s:%d:%d: ", pos->file, pos->line,
			    pos->col > 0 ? pos->col : 1);
		else
			fprintf(stderr, "%s: ", pos->file);
	} else
		fputs("plangen: ", stderr);
	fprintf(stderr, "%s: ", names[sev]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
diag_count(enum severity sev)
{
	int n = 0;

	for (int s = sev; s <= SEV_FATAL; s++)
		n += counts[s];
	return n;
}

int
diag_exit_status(void)
{
	if (counts[SEV_FATAL])
		return 2;
	if (counts[SEV_ERROR])
		return 1;
	return 0;
}

void
diag_reset(void)
{
	for (int s = 0; s <= SEV_FATAL; s++)
		counts[s] = 0;
}
