/*
 * Memory, arenas, growable arrays, UTF-8 and fixed-point lengths.
 * For every stage of the generator.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A length in 1/1024 pt: fine enough that rounding per glyph is invisible. */
typedef int32_t fixed;
#define FIXED_ONE_PT 1024
#define PT(x) ((fixed)((x) * FIXED_ONE_PT + ((x) < 0 ? -0.5 : 0.5)))
#define FIXED_TO_PT(f) ((double)(f) / FIXED_ONE_PT)

/* Allocators exit with status 2 on out-of-memory: callers never see NULL. */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);

/* A bump allocator for data that lives as long as one stage's result. */
struct arena_block;
struct arena {
	struct arena_block *head;
};
void *arena_alloc(struct arena *, size_t);
char *arena_strdup(struct arena *, const char *);
char *arena_strndup(struct arena *, const char *, size_t);
/* Frees every allocation of the arena; accepts an empty arena. */
void arena_free(struct arena *);

/* Growable array of any element type: struct { T *v; size_t n, cap; }. */
#define VEC(T) struct { T *v; size_t n, cap; }
#define VEC_PUSH(vec, x) do { \
	if ((vec).n == (vec).cap) { \
		(vec).cap = (vec).cap ? (vec).cap * 2 : 16; \
		(vec).v = xrealloc((vec).v, (vec).cap * sizeof(*(vec).v)); \
	} \
	(vec).v[(vec).n++] = (x); \
} while (0)
#define VEC_FREE(vec) do { free((vec).v); (vec).v = NULL; (vec).n = (vec).cap = 0; } while (0)

/*
 * Decode one UTF-8 sequence of at most len bytes from s into *cp.
 * Return its length in bytes, or 0 if the bytes are not valid UTF-8.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Append the UTF-8 form of cp to buf (4 bytes room); return its length. */
size_t utf8_encode(uint32_t cp, char *buf);

/* A growable string. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_add(struct strbuf *, const char *, size_t);
void sb_puts(struct strbuf *, const char *);
void sb_printf(struct strbuf *, const char *, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *, const char *, va_list)
	__attribute__((format(printf, 2, 0)));
void sb_free(struct strbuf *);

/*
 * Every input file is read through read_file: regular files only (a FIFO
 * would block, a device such as /dev/zero never ends) of at most
 * READ_FILE_MAX bytes. The whole municipal plan with its figures is well
 * under 1 MiB; 64 MiB leaves room for any real document while keeping a
 * runaway file from exhausting memory (the tree costs several times the text).
 */
#define READ_FILE_MAX ((size_t)64 << 20)
#define READ_FILE_MAX_TEXT "it is larger than 64 MiB"
/* Read a whole file; return NULL on failure with *why the reason. Caller frees. */
char *read_file(const char *path, size_t *len, const char **why);

/*
 * The input files of a build, for `plangen watch`: read_file notes each
 * path it is asked for (found or not: a missing chapter that appears is a
 * change too), the font reader notes the font files.
 */
void inputs_note(const char *path);
size_t inputs_count(void);
const char *inputs_path(size_t i);
void inputs_clear(void);
/* A hash of the bytes of the files read as inputs [from, inputs_count()),
 * in order: names the revision of a draft. */
uint64_t inputs_hash_since(size_t from);

/* An id, label or figure name: lower-case ASCII letters, digits, '-', '_'
 * (safe in a file name, a URL fragment and a message). */
int is_id(const char *);

/*
 * A set of strings with a number for each, for look-ups by name (ids,
 * footnote labels, mapping keys) in constant time: a document with 100,000
 * of them must not be checked in quadratic time. Keys are not copied.
 */
struct strmap {
	const char **keys;
	size_t *vals;
	size_t n, cap;
};
/* Add key with val; if key is there, keep it, set *old to its value, return 0. */
int strmap_add(struct strmap *, const char *key, size_t val, size_t *old);
/* Set *val to key's value and return 1, or return 0. */
int strmap_get(const struct strmap *, const char *key, size_t *val);
void strmap_free(struct strmap *);

/*
 * Write data to path whole or not at all: into a temporary file beside it,
 * synced, then renamed over path. A path that exists and is not a regular
 * file is never replaced. Return 0 with *why the reason on failure (the
 * temporary file removed).
 */
int write_file_atomic(const char *path, const char *data, size_t len, const char **why);

/* Monotonic clock in milliseconds, for the stage timings of --stats. */
double now_ms(void);

#endif
