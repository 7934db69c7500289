/*
 * Reading a json document field by field, with the JSON path of the value
 * in hand (e.g. rules[3].target.between), so that every problem names
 * where it is. Used by the report loader and by the check kinds, which
 * read their own part of a rule.
 */
#ifndef RC_JREAD_H
#define RC_JREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "arena.h"
#include "diag.h"
#include "strbuf.h"
#include "value.h"

struct jread {
	const char *file;               /* named by every message */
	struct diaglist *dl;
	struct arena *arena;            /* arrays of what is read go here */
	struct strbuf path;             /* of the value in hand; "" at the top */
	int errors;                     /* problems added so far */
};

void jread_init(struct jread *r, const char *file, struct diaglist *dl,
    struct arena *arena);
void jread_release(struct jread *r);

/* Add "FILE: PATH: message" (or "the report: message" at the top). */
void jread_error(struct jread *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Step into member key of the value in hand (or element i when key is
 * NULL); returns the mark to give jread_leave to step back out.
 */
size_t jread_enter(struct jread *r, const char *key, size_t i);
void jread_leave(struct jread *r, size_t mark);
/* jread_error at member key of the value in hand. */
void jread_error_at(struct jread *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What v is, for messages: "an object", "a number", ... */
const char *jread_type(const json_t *v);

/*
 * The typed readers of member key of object o: each reports what is
 * missing or of the wrong type at the member's path. nullable lets the
 * member be null, which reads as absent (NULL or false, nothing stored).
 */
json_t *jread_member(struct jread *r, const json_t *o, const char *key, bool nullable);
const char *jread_str(struct jread *r, const json_t *o, const char *key, bool nullable);
/* A finite number. */
bool jread_num(struct jread *r, const json_t *o, const char *key, bool nullable,
    double *out);
/* A whole number from lo to hi. */
bool jread_int(struct jread *r, const json_t *o, const char *key, bool nullable,
    long long lo, long long hi, long long *out);
bool jread_bool(struct jread *r, const json_t *o, const char *key, bool *out);
/* An array or an object, as want says; NULL when it is not. */
json_t *jread_kind(struct jread *r, const json_t *o, const char *key, json_type want,
    bool nullable);
/*
 * A name of the NULL-terminated list names, at index first or later: its
 * index, or -1 when absent or unknown (reported).
 */
int jread_name(struct jread *r, const json_t *o, const char *key,
    const char *const *names, int first);
/*
 * v (which may be NULL) as a reported value: null is V_NONE. Its text
 * points into the document, as do all the strings the readers return.
 */
void jread_value(struct jread *r, const json_t *v, struct value *out);

#endif
