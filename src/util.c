/* Memory, arenas, UTF-8 and small helpers shared by every stage. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static void
oom(void)
{
	fputs("plangen: error: out of memory\n", stderr);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Blocks are at least this big so that small allocations amortise. */
#define ARENA_BLOCK_MIN 65536

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (b == NULL || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK_MIN ? n : ARENA_BLOCK_MIN;

		b = xmalloc(sizeof(*b) + size);
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

size_t
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n, i;
	uint32_t c;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Reject overlong forms, surrogates and values past Unicode. */
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

size_t
utf8_encode(uint32_t c, char *b)
{
	if (c < 0x80) {
		b[0] = (char)c;
		return 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xc0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	b[0] = (char)(0xf0 | (c >> 18));
	b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	b[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

void
sb_add(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_puts(struct strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void
sb_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= 0 && (size_t)n < sizeof(small))
		sb_add(b, small, (size_t)n);
	else if (n >= 0) {
		char *big = xmalloc((size_t)n + 1);
		vsnprintf(big, (size_t)n + 1, fmt, again);
		sb_add(b, big, (size_t)n);
		free(big);
	}
	va_end(again);
}

void
sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

void
sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

struct input {
	char *path;
	uint64_t hash;		/* FNV-1a of its bytes; 0 until read */
};
static VEC(struct input) inputs;

void
inputs_note(const char *path)
{
	struct input in = { xstrdup(path), 0 };
	VEC_PUSH(inputs, in);
}

static uint64_t
fnv1a(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

uint64_t
inputs_hash_since(size_t from)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = from; i < inputs.n; i++)
		h = fnv1a(h, (const char *)&inputs.v[i].hash, sizeof(inputs.v[i].hash));
	return h;
}

size_t
inputs_count(void)
{
	return inputs.n;
}

const char *
inputs_path(size_t i)
{
	return inputs.v[i].path;
}

void
inputs_clear(void)
{
	for (size_t i = 0; i < inputs.n; i++)
		free(inputs.v[i].path);
	VEC_FREE(inputs);
}

char *
read_file(const char *path, size_t *lenp, const char **why)
{
	struct strbuf b = {0};
	struct stat st;
	char buf[65536];
	ssize_t n;
	int fd;

	inputs_note(path);
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; for the
	 * regular files read below it changes nothing. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		*why = strerror(errno);
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = S_ISDIR(st.st_mode) ? "it is a directory" : "it is not a regular file";
		close(fd);
		return NULL;
	}
	if ((uintmax_t)st.st_size > READ_FILE_MAX) {
		*why = READ_FILE_MAX_TEXT;
		close(fd);
		return NULL;
	}
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		/* the file may grow while it is read */
		if (b.len + (size_t)n > READ_FILE_MAX) {
			*why = READ_FILE_MAX_TEXT;
			close(fd);
			sb_free(&b);
			return NULL;
		}
		sb_add(&b, buf, (size_t)n);
	}
	if (n < 0) {
		*why = strerror(errno);
		close(fd);
		sb_free(&b);
		return NULL;
	}
	close(fd);
	if (b.s == NULL)
		b.s = xstrdup("");
	inputs.v[inputs.n - 1].hash = fnv1a(14695981039346656037u, b.s, b.len);
	*lenp = b.len;
	return b.s;
}

int
is_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static size_t
str_hash(const char *s)
{
	size_t h = 14695981039346656037u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static size_t
strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = str_hash(key) & (m->cap - 1);

	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

int
strmap_add(struct strmap *m, const char *key, size_t val, size_t *old)
{
	if (2 * (m->n + 1) > m->cap) {	/* keep it at most half full */
		struct strmap bigger = { NULL, NULL, 0, m->cap ? 2 * m->cap : 16 };
		bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
		bigger.vals = xcalloc(bigger.cap, sizeof(*bigger.vals));
		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i] != NULL) {
				size_t j = strmap_slot(&bigger, m->keys[i]);
				bigger.keys[j] = m->keys[i];
				bigger.vals[j] = m->vals[i];
			}
		bigger.n = m->n;
		strmap_free(m);
		*m = bigger;
	}
	size_t i = strmap_slot(m, key);
	if (m->keys[i] != NULL) {
		if (old != NULL)
			*old = m->vals[i];
		return 0;
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	return 1;
}

int
strmap_get(const struct strmap *m, const char *key, size_t *val)
{
	if (m->cap == 0)
		return 0;
	size_t i = strmap_slot(m, key);
	if (m->keys[i] == NULL)
		return 0;
	*val = m->vals[i];
	return 1;
}

void
strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->n = m->cap = 0;
}

int
write_file_atomic(const char *path, const char *data, size_t len, const char **why)
{
	struct stat st;
	struct strbuf tmp = {0};

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		*why = "it exists and is not a regular file";
		return 0;
	}
	sb_printf(&tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp.s);
	if (fd < 0) {
		*why = strerror(errno);
		sb_free(&tmp);
		return 0;
	}
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	int ok = done == len && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
	if (!ok)
		*why = strerror(errno ? errno : EIO);
	if (close(fd) != 0 && ok) {
		*why = strerror(errno);
		ok = 0;
	}
	if (ok && rename(tmp.s, path) != 0) {
		*why = strerror(errno);
		ok = 0;
	}
	if (!ok)
		unlink(tmp.s);
	sb_free(&tmp);
	return ok;
}

double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
