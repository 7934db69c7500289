/*
 * Descriptor tables for the mappings of rule, catalogue, profile and waiver
 * files. A loader lists the keys of a mapping once, in a static const table
 * (name, required or not, kind, where the value goes or which function
 * takes it); one routine checks the keys and reads the values.
 */
#ifndef RC_YAMLFIELDS_H
#define RC_YAMLFIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include "arena.h"
#include "diag.h"
#include "yamldoc.h"

/* The most keys one table may list. */
#define YFIELDS_MAX 32

/*
 * Reading one file: where its problems go and how many there were. Every
 * reader below counts each problem it reports in errs.
 */
struct yread {
	const char *file;               /* shown in messages */
	struct diaglist *dl;
	struct arena *arena;            /* strings and lists are copied here */
	void *user;                     /* the loader's state, for its parsers */
	int errs;
};

enum yfield_kind {
	YF_STRING,      /* const char *, a copy in the arena */
	YF_NUMBER,      /* double */
	YF_INT,         /* int: a whole number from min to max (or int's range) */
	YF_BOOL,        /* bool */
	YF_STRLIST,     /* const char ** at off, its size_t count at count_off */
	YF_MAPPING,     /* a mapping read with table sub, into the record at off */
	YF_CUSTOM,      /* parse() takes the value */
	YF_DEFERRED,    /* known, but read by the loader itself afterwards */
};

/* A key that must be present. */
#define YF_REQUIRED 0x1u
/*
 * Read after the fields without this flag. The table's order is the order
 * of the key checks (hints prefer the earlier of two keys as close, and
 * missing keys are named in that order); this flag lets a loader read its
 * values, and so report their problems, in another order.
 */
#define YF_LATE 0x2u

struct yfield;

struct yfields {
	const struct yfield *f;
	size_t n;
};

#define YFIELDS(rows) { (rows), sizeof(rows) / sizeof((rows)[0]) }

/*
 * A custom parser: takes the value v of its key for the record rec (the
 * struct the table describes), reports its own problems (counting them in
 * rd->errs) and stores what it read.
 */
typedef void yfield_parse_fn(struct yread *rd, const struct ynode *v, void *rec);
/*
 * A check of a typed value before it is stored: val points to the value
 * read (const char *, double, long or bool by kind; an integer is checked
 * before its range, so that a check may word the range its own way).
 * Returns 0 to store it, or -1 after reporting the problem at v.
 */
typedef int yfield_check_fn(struct yread *rd, const struct ynode *v,
    const void *val);

struct yfield {
	const char *key;
	enum yfield_kind kind;
	unsigned flags;                 /* YF_REQUIRED, YF_LATE */
	size_t off;                     /* where the value goes in the record */
	size_t count_off;               /* YF_STRLIST: where its count goes */
	long min, max;                  /* YF_INT: its range, when min < max */
	yfield_check_fn *check;         /* typed kinds but lists; NULL = none */
	yfield_parse_fn *parse;         /* YF_CUSTOM */
	const struct yfields *sub;      /* YF_MAPPING */
};

/*
 * Read the mapping n into rec with table t, what naming the mapping in
 * messages ("a rule"): unknown keys (with a "did you mean" hint) and
 * missing required keys first, in the order of the mapping and of the
 * table, then the values present, in table order (YF_LATE ones last).
 * Typed values whose key is "k" are named "'k'" in messages. Returns 0, or
 * -1 when n is NULL (nothing to report) or not a mapping (reported).
 */
int yfields_read(struct yread *rd, const struct yfields *t, const char *what,
    const struct ynode *n, void *rec);

/*
 * Give a record its defaults before its mapping is read; item is the list
 * entry it comes from (for its place).
 */
typedef void yfield_init_fn(void *rec, const struct ynode *item);
/*
 * Read every item of the list v (a sequence) with table t, each a mapping
 * named what, into a new zeroed arena array of v->n records of size bytes,
 * each given its defaults by init first. Returns the array, or NULL for
 * an empty list.
 */
void *yfields_read_list(struct yread *rd, const struct yfields *t,
    const char *what, const struct ynode *v, size_t size, yfield_init_fn *init);

/* Add a located error at node at (line 0 when NULL) and count it. */
void yread_error(struct yread *rd, const struct ynode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "unknown WHAT 'NAME'", with "; did you mean 'HINT'?" when hint is not NULL. */
void yread_unknown(struct yread *rd, const struct ynode *at, const char *what,
    const char *name, const char *hint);
/*
 * The typed readers of yamldoc.h, reporting into rd: 0, or -1 after a
 * counted error. what names the value ("'weight'").
 */
int yread_string(struct yread *rd, const struct ynode *v, const char *what,
    const char **out);
int yread_number(struct yread *rd, const struct ynode *v, const char *what,
    double *out);
int yread_int(struct yread *rd, const struct ynode *v, const char *what,
    long *out);
int yread_bool(struct yread *rd, const struct ynode *v, const char *what,
    bool *out);
int yread_strlist(struct yread *rd, const struct ynode *v, const char *what,
    const char ***out, size_t *nout);
/* 0 when v is a list (a sequence), else -1 after "WHAT must be a list". */
int yread_list(struct yread *rd, const struct ynode *v, const char *what);

#endif
