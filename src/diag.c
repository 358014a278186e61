/*
 * Diagnostics: one place that reports, in the format the reader of the
 * messages wants (a person or a terminal: gcc's; a CI system: JSON lines
 * or GitHub annotations), and counts per severity.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static int counts[SEV_FATAL + 1];
static char *first_error;	/* as printed in gcc's format, for a summary */
static enum diag_format format = DIAG_GCC;
static int werror;

static const char *const names[] = {
	[SEV_NOTE] = "note",
	[SEV_WARNING] = "warning",
	[SEV_ERROR] = "error",
	[SEV_FATAL] = "error",
};

void
diag_set_format(enum diag_format f)
{
	format = f;
}

void
diag_set_werror(int on)
{
	werror = on;
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void
json_string(struct strbuf *out, const char *s)
{
	size_t len = strlen(s), k;
	uint32_t cp;

	sb_puts(out, "\"");
	for (size_t i = 0; i < len; i += k) {
		unsigned char c = (unsigned char)s[i];
		k = 1;
		if (c == '"' || c == '\\')
			sb_printf(out, "\\%c", c);
		else if (c < 0x20)
			sb_printf(out, "\\u%04x", c);
		else if (c < 0x80)
			sb_add(out, s + i, 1);
		else if ((k = utf8_decode(s + i, len - i, &cp)) > 0)
			sb_add(out, s + i, k);
		else {
			/* a file name need not be UTF-8; JSON must be */
			sb_puts(out, "\\ufffd");
			k = 1;
		}
	}
	sb_puts(out, "\"");
}

/* GitHub's workflow commands: %, CR, LF escaped; in a property also : and ,. */
static void
github_escape(struct strbuf *out, const char *s, int property)
{
	for (; *s; s++) {
		if (*s == '%')
			sb_puts(out, "%25");
		else if (*s == '\r')
			sb_puts(out, "%0D");
		else if (*s == '\n')
			sb_puts(out, "%0A");
		else if (property && *s == ':')
			sb_puts(out, "%3A");
		else if (property && *s == ',')
			sb_puts(out, "%2C");
		else
			sb_add(out, s, 1);
	}
}

void
diag(enum severity sev, const struct srcpos *pos, const char *fmt, ...)
{
	struct strbuf msg = {0}, out = {0};
	va_list ap;
	int has_file = pos != NULL && pos->file != NULL;
	int line = has_file && pos->line > 0 ? pos->line : 0;
	int col = line > 0 ? (pos->col > 0 ? pos->col : 1) : 0;

	counts[sev]++;
	va_start(ap, fmt);
	sb_vprintf(&msg, fmt, ap);
	va_end(ap);
	const char *m = msg.s != NULL ? msg.s : "";

	switch (format) {
	case DIAG_GCC:
		if (line > 0)
			sb_printf(&out, "%s:%d:%d: ", pos->file, line, col);
		else if (has_file)
			sb_printf(&out, "%s: ", pos->file);
		else
			sb_puts(&out, "plangen: ");
		sb_printf(&out, "%s: %s\n", names[sev], m);
		break;
	case DIAG_JSON:
		sb_puts(&out, "{\"severity\": ");
		json_string(&out, names[sev]);
		if (has_file) {
			sb_puts(&out, ", \"file\": ");
			json_string(&out, pos->file);
		}
		if (line > 0)
			sb_printf(&out, ", \"line\": %d, \"column\": %d", line, col);
		sb_puts(&out, ", \"message\": ");
		json_string(&out, m);
		sb_puts(&out, "}\n");
		break;
	case DIAG_GITHUB:
		sb_printf(&out, "::%s", sev == SEV_NOTE ? "notice" : names[sev]);
		if (has_file) {
			sb_puts(&out, " file=");
			github_escape(&out, pos->file, 1);
			if (line > 0)
				sb_printf(&out, ",line=%d,col=%d", line, col);
		}
		sb_puts(&out, "::");
		github_escape(&out, m, 0);
		sb_puts(&out, "\n");
		break;
	}
	if (sev >= SEV_ERROR && first_error == NULL) {
		struct strbuf f = {0};
		if (line > 0)
			sb_printf(&f, "%s:%d:%d: ", pos->file, line, col);
		else if (has_file)
			sb_printf(&f, "%s: ", pos->file);
		sb_puts(&f, m);
		first_error = f.s;
	}
	/* one write per message: messages of parallel builds do not interleave */
	fwrite(out.s, 1, out.len, stderr);
	sb_free(&msg);
	sb_free(&out);
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
	if (counts[SEV_ERROR] || (werror && counts[SEV_WARNING]))
		return 1;
	return 0;
}

const char *
diag_first_error(void)
{
	return first_error;
}

void
diag_reset(void)
{
	for (int s = 0; s <= SEV_FATAL; s++)
		counts[s] = 0;
	free(first_error);
	first_error = NULL;
}
