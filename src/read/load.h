/*
 * YAML files as a tree of scalars, sequences and mappings, each node with
 * its file:line:col, plus the typed look-ups that the content and layout
 * readers use to check their schemas. The only user of libyaml is load.c.
 */
#ifndef LOAD_H
#define LOAD_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

enum ynode_kind {
	YN_SCALAR,
	YN_SEQUENCE,
	YN_MAPPING
};

struct ysource;

struct ynode {
	enum ynode_kind kind;
	struct srcpos pos;		/* first character of the node */
	const char *str;		/* scalar value, NUL-terminated */
	size_t len;			/* its length in bytes */
	int plain;			/* scalar was written without quotes */
	struct ynode **kids;		/* sequence items; mapping key, value, ... */
	size_t nkids;			/* for a mapping: twice the pair count */
	const struct ysource *src;
};

/*
 * Parse one YAML file into a tree allocated in the arena. Report syntax
 * errors, invalid UTF-8, aliases and duplicate keys; return NULL on error.
 * A file that cannot be read is reported at named_at, where another file
 * names it (NULL: named on the command line).
 */
struct ynode *yaml_load(const char *path, struct arena *,
    const struct srcpos *named_at);

/* Position of the character at byte offset off of a scalar's value. */
struct srcpos ynode_char_pos(const struct ynode *scalar, size_t off);

/* The same for many offsets of one scalar, in increasing order, in one
 * pass: start a walk, then ask for each offset. */
struct char_walk {
	const struct ynode *n;
	size_t s, v;		/* bytes walked in the source and the value */
	int line, col, dquoted, broken;
};
void ynode_walk_start(struct char_walk *, const struct ynode *scalar);
struct srcpos ynode_walk_to(struct char_walk *, size_t off);

/* Name of a node's kind for messages: "a string", "a list", "a mapping". */
const char *ynode_kind_name(const struct ynode *);

/*
 * Report every key of map not in the NULL-terminated list allowed, as
 * "unknown key 'k' in <what>". Return 0 if there was one, 1 otherwise.
 */
int ymap_check_keys(const struct ynode *map, const char *const *allowed,
    const char *what);

/* The value of key in map, or NULL. */
const struct ynode *ymap_get(const struct ynode *map, const char *key);

/*
 * Require node to be of kind; report "<what> must be <kind>" otherwise.
 * Return 1 if it is.
 */
int ynode_expect(const struct ynode *, enum ynode_kind, const char *what);

/*
 * A required string under key: report a missing key (at the mapping) or a
 * wrong type (at the value). Return NULL after reporting.
 */
const struct ynode *ymap_string(const struct ynode *map, const char *key,
    const char *what);

/* Parse a scalar as a boolean (true/false); report and return -1 if not. */
int ynode_bool(const struct ynode *, const char *what);

/*
 * Parse a scalar as a length "10.5pt", "25mm" or a bare number in pt;
 * report and return 0 if it is not one.
 */
int ynode_length(const struct ynode *, fixed *out, const char *what);

/* Parse a scalar as a positive integer; report and return 0 if not. */
int ynode_int(const struct ynode *, int *out, const char *what);

#endif
