/*
 * plangen watch, on Linux inotify. Directories are watched rather than
 * files: editors save by writing a new file and renaming it over the old
 * one, which a watch on the old file would miss.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/inotify.h>

#include "diag.h"
#include "util.h"
#include "watch.h"

/* Saves come as bursts of events (write, rename, attributes): a build
 * starts once the inputs have been quiet this long. */
#define SETTLE_MS 100

struct watched {
	int wd;
	char *dir;
	char *child;	/* a parent's watch: the input directory it holds */
};

static void
split_path(const char *path, char *dir, size_t dsize, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		snprintf(dir, dsize, ".");
		*base = path;
	} else {
		snprintf(dir, dsize, "%.*s", slash == path ? 1 : (int)(slash - path), path);
		*base = slash + 1;
	}
}

/* Is the event about one of the inputs? */
static int
is_input(const struct inotify_event *ev, const struct watched *w, size_t nw)
{
	const char *dir = NULL;

	if (ev->len == 0)
		return 0;
	for (size_t i = 0; i < nw; i++)
		if (w[i].wd == ev->wd && w[i].child != NULL && strcmp(w[i].child, ev->name) == 0)
			return 1;	/* an input's directory made again */
	for (size_t i = 0; i < nw && dir == NULL; i++)
		if (w[i].wd == ev->wd && w[i].child == NULL)
			dir = w[i].dir;
	if (dir == NULL)
		return 0;
	for (size_t i = 0; i < inputs_count(); i++) {
		char d[PATH_MAX];
		const char *base;
		split_path(inputs_path(i), d, sizeof(d), &base);
		if (strcmp(d, dir) == 0 && strcmp(base, ev->name) == 0)
			return 1;
	}
	return 0;
}

/* Wait for a change to an input; 0 if watching failed (reported). */
static int
wait_for_change(void)
{
	int fd = inotify_init1(IN_CLOEXEC);
	VEC(struct watched) w = {0};
	int changed = 0;

	if (fd < 0) {
		diag(SEV_FATAL, NULL, "cannot watch files: %s", strerror(errno));
		return 0;
	}
	for (size_t i = 0; i < inputs_count(); i++) {
		char dir[PATH_MAX];
		const char *base;
		split_path(inputs_path(i), dir, sizeof(dir), &base);
		int wd = inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE |
		    IN_DELETE | IN_MOVED_FROM);
		if (wd < 0) {
			/* a directory that does not exist (yet): its parent's
			 * watch below sees it made */
			struct watched x = { -1, xstrdup(dir), NULL };
			VEC_PUSH(w, x);
			continue;
		}
		int seen = 0;
		for (size_t k = 0; k < w.n; k++)
			seen |= w.v[k].wd == wd && w.v[k].child == NULL;
		if (!seen) {
			struct watched x = { wd, xstrdup(dir), NULL };
			VEC_PUSH(w, x);
		}
	}
	/* each input directory's parent too: a directory deleted and made
	 * again (rm -r, cp -r) is seen there, where its own watch is gone */
	size_t ndirs = w.n;
	for (size_t i = 0; i < ndirs; i++) {
		char parent[PATH_MAX];
		const char *name;
		split_path(w.v[i].dir, parent, sizeof(parent), &name);
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || name[0] == '\0')
			continue;
		int wd = inotify_add_watch(fd, parent, IN_CREATE | IN_MOVED_TO);
		if (wd < 0)
			continue;
		struct watched x = { wd, xstrdup(parent), xstrdup(name) };
		VEC_PUSH(w, x);
	}
	int live = 0;
	for (size_t k = 0; k < w.n; k++)
		live |= w.v[k].wd >= 0;
	if (!live) {
		diag(SEV_FATAL, NULL, "cannot watch any input's directory");
		close(fd);
		return 0;
	}
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		/* after the first change, read on until the inputs are quiet */
		struct pollfd p = { fd, POLLIN, 0 };
		int r = poll(&p, 1, changed ? SETTLE_MS : -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (char *q = buf; q < buf + n; ) {
			const struct inotify_event *ev = (const struct inotify_event *)q;
			changed |= is_input(ev, w.v, w.n);
			q += sizeof(*ev) + ev->len;
		}
	}
	for (size_t k = 0; k < w.n; k++) {
		free(w.v[k].dir);
		free(w.v[k].child);
	}
	VEC_FREE(w);
	close(fd);
	return changed;
}

int
watch_run(int (*build)(void *), void *arg, const char *output)
{
	for (;;) {
		inputs_clear();
		diag_reset();
		double t0 = now_ms();
		int status = build(arg);
		double ms = now_ms() - t0;
		if (status == 0)
			fprintf(stderr, "plangen: wrote %s in %.0f ms; watching %zu files\n",
			    output, ms, inputs_count());
		else
			fprintf(stderr, "plangen: %s not written (%d error%s, %.0f ms)%s%s; "
			    "watching %zu files\n", output, diag_count(SEV_ERROR),
			    diag_count(SEV_ERROR) == 1 ? "" : "s", ms,
			    diag_first_error() ? "; first: " : "",
			    diag_first_error() ? diag_first_error() : "", inputs_count());
		fflush(stderr);
		if (!wait_for_change())
			return 2;
	}
}
