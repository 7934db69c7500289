/*
 * libyaml -> a small node tree with 1-based line and column marks. Anchors,
 * aliases and tags other than the standard ones are rejected: rule files are
 * data, not a YAML-bomb vector. Only the first document of a stream is read.
 */
#ifndef RC_YAMLDOC_H
#define RC_YAMLDOC_H

#include <stddef.h>
#include <stdbool.h>
#include "arena.h"
#include "diag.h"

/* Largest YAML source accepted, and deepest nesting. */
#define YAMLDOC_MAX_BYTES (16u << 20)
#define YAMLDOC_MAX_DEPTH 64

enum ynode_kind {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP,
};

struct ynode {
	enum ynode_kind kind;
	int line, col;          /* start of the node, 1-based */
	/* YN_SCALAR */
	const char *str;        /* NUL-terminated (may hold NULs: see len) */
	size_t len;
	bool plain;             /* unquoted scalar: may be a number, bool, null */
	char style;             /* scalar: 0 plain, '\'' or '"' quoted, '|' or '>' block */
	int end_line;           /* line where the node ends, 1-based */
	/* YN_SEQ: items[0..n); YN_MAP: keys at items[2i], values at items[2i+1] */
	struct ynode **items;
	size_t n;               /* number of items (seq) or pairs (map) */
};

struct ydoc {
	struct arena arena;
	const char *file;       /* as given; not owned */
	struct ynode *root;     /* NULL for an empty document */
};

/*
 * Parse buf (len bytes) into doc; problems go to dl located in file.
 * Returns 0 on success, -1 when the document could not be read.
 */
int ydoc_parse(struct ydoc *doc, const char *file, const char *buf, size_t len,
    struct diaglist *dl);
void ydoc_release(struct ydoc *doc);

/* Value of key in map, or NULL. map may be NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* The key node of key in map (for locating messages), or NULL. */
const struct ynode *ynode_get_key(const struct ynode *map, const char *key);
/* A plain scalar "", "~" or "null" (any case of Null/NULL). */
bool ynode_is_null(const struct ynode *n);
/*
 * What a scalar holds, by YAML's rules for plain scalars: a number, a
 * boolean (true/false/yes/no), null, or a string (every quoted or block
 * scalar, and plain scalars that are none of the others).
 */
enum yscalar_type {
	YS_NULL,
	YS_BOOL,
	YS_NUMBER,
	YS_STRING,
};
enum yscalar_type ynode_scalar_type(const struct ynode *n, double *num, bool *b);

/*
 * The 1-based column of byte offset off inside scalar n, for errors that
 * point into a value (a regular expression, an expression). It is worked
 * out from the value and its quoting style; a scalar that spans lines, or
 * a block scalar, is located at its start.
 */
int ynode_offset_col(const struct ynode *n, size_t off);
/*
 * Typed readers. Each checks the node's kind and form and, when it does not
 * fit, adds a located error naming what (e.g. "'weight'") and returns -1.
 */
int ynode_string(const struct ynode *n, const char *what, const char *file,
    struct diaglist *dl, const char **out);
int ynode_number(const struct ynode *n, const char *what, const char *file,
    struct diaglist *dl, double *out);
int ynode_int(const struct ynode *n, const char *what, const char *file,
    struct diaglist *dl, long *out);
int ynode_bool(const struct ynode *n, const char *what, const char *file,
    struct diaglist *dl, bool *out);
/* A sequence of strings, or a single string taken as a one-item list. */
int ynode_strlist(const struct ynode *n, const char *what, const char *file,
    struct diaglist *dl, struct arena *a, const char ***out, size_t *nout);
/*
 * The list under the only top-level key of a data file (such as
 * "indicators:" or "waivers:"), what naming the file in messages. Returns
 * the list, or NULL after adding the problems to dl and counting them in
 * *errs (an empty document, other keys, a missing key, not a list).
 */
const struct ynode *ydoc_toplist(const struct ydoc *doc, const char *key,
    const char *what, const char *file, struct diaglist *dl, int *errs);
/*
 * Check that n is a mapping whose keys are all in allowed (NULL-terminated)
 * and that every key in required is present. Unknown keys get a "did you
 * mean" hint. Returns the number of problems found.
 */
int ynode_check_keys(const struct ynode *n, const char *what,
    const char *const *allowed, const char *const *required,
    const char *file, struct diaglist *dl);

#endif
