/*
 * The one place that reports to the user: file:line:col: severity: message.
 * For every stage. Exit status of the program = worst severity seen.
 */
#ifndef DIAG_H
#define DIAG_H

/* Where a node or character came from: line and column count from 1. */
struct srcpos {
	const char *file;
	int line, col;
};

enum severity {
	SEV_NOTE,
	SEV_WARNING,
	SEV_ERROR,	/* content error: exit status 1 */
	SEV_FATAL	/* usage or system error: exit status 2 */
};

/* How messages are written to standard error. */
enum diag_format {
	DIAG_GCC,	/* file:line:col: severity: message */
	DIAG_JSON,	/* one JSON object per line: severity, file, line, column, message */
	DIAG_GITHUB	/* ::error file=F,line=L,col=C::message (GitHub Actions) */
};
void diag_set_format(enum diag_format);
/* With werror set, a warning makes the exit status 1. */
void diag_set_werror(int);

/* Report a message at pos (NULL for none). */
void diag(enum severity, const struct srcpos *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Number of messages of severity sev or worse so far. */
int diag_count(enum severity sev);

/* Exit status for the worst message so far: 0, 1 (content, or a warning
 * under werror) or 2 (system). */
int diag_exit_status(void);

/* The first error reported since the last reset, "file:line:col: message"
 * (NULL if none): the summary line of `plangen watch`. */
const char *diag_first_error(void);

/* Forget all counts (tests run several builds in one process). */
void diag_reset(void);

#endif
