/*
 * The one routine that reads a mapping through a descriptor table, and the
 * typed readers that count what they report. The key checks are yamldoc's,
 * so a table reports unknown and missing keys as every other mapping does.
 */
#include "config.h"

#include <assert.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>

#include "yamlfields.h"

void
yread_error(struct yread *rd, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(rd->dl, DIAG_ERROR, rd->file, at ? at->line : 0, at ? at->col : 0,
	    fmt, ap);
	va_end(ap);
	rd->errs++;
}

void
yread_unknown(struct yread *rd, const struct ynode *at, const char *what,
    const char *name, const char *hint)
{
	if (hint != NULL)
		yread_error(rd, at, "unknown %s '%s'; did you mean '%s'?", what,
		    name, hint);
	else
		yread_error(rd, at, "unknown %s '%s'", what, name);
}

/* Count a typed reader's failure (it has reported it). */
static int
counted(struct yread *rd, int rc)
{
	if (rc < 0)
		rd->errs++;
	return rc;
}

int
yread_string(struct yread *rd, const struct ynode *v, const char *what,
    const char **out)
{
	return counted(rd, ynode_string(v, what, rd->file, rd->dl, out));
}

int
yread_number(struct yread *rd, const struct ynode *v, const char *what,
    double *out)
{
	return counted(rd, ynode_number(v, what, rd->file, rd->dl, out));
}

int
yread_int(struct yread *rd, const struct ynode *v, const char *what, long *out)
{
	return counted(rd, ynode_int(v, what, rd->file, rd->dl, out));
}

int
yread_bool(struct yread *rd, const struct ynode *v, const char *what, bool *out)
{
	return counted(rd, ynode_bool(v, what, rd->file, rd->dl, out));
}

int
yread_strlist(struct yread *rd, const struct ynode *v, const char *what,
    const char ***out, size_t *nout)
{
	return counted(rd, ynode_strlist(v, what, rd->file, rd->dl, rd->arena, out,
	    nout));
}

int
yread_list(struct yread *rd, const struct ynode *v, const char *what)
{
	if (v->kind == YN_SEQ)
		return 0;
	yread_error(rd, v, "%s must be a list", what);
	return -1;
}

/* A field's typed value, as read before it is checked and stored. */
union yvalue {
	const char *s;
	double d;
	long l;
	bool b;
};

/*
 * Store a checked value of a typed field at at; an integer outside the
 * field's range (or int's) is an error instead.
 */
static void
store(struct yread *rd, const struct yfield *f, const struct ynode *v,
    const char *what, const union yvalue *val, char *at)
{
	long lo = f->min < f->max ? f->min : INT_MIN;
	long hi = f->min < f->max ? f->max : INT_MAX;

	switch (f->kind) {
	case YF_STRING:
		*(const char **)at = arena_strdup(rd->arena, val->s);
		break;
	case YF_NUMBER:
		*(double *)at = val->d;
		break;
	case YF_INT:
		if (val->l < lo || val->l > hi)
			yread_error(rd, v, "%s must be from %ld to %ld", what, lo, hi);
		else
			*(int *)at = (int)val->l;
		break;
	default:
		*(bool *)at = val->b;
		break;
	}
}

/* The value v of one field into rec, by the field's kind. */
static void
read_field(struct yread *rd, const struct yfield *f, const struct ynode *v,
    void *rec)
{
	char *at = (char *)rec + f->off;
	union yvalue val;
	char what[64];
	int rc;

	snprintf(what, sizeof(what), "'%s'", f->key);
	switch (f->kind) {
	case YF_STRING:
		rc = yread_string(rd, v, what, &val.s);
		break;
	case YF_NUMBER:
		rc = yread_number(rd, v, what, &val.d);
		break;
	case YF_INT:
		rc = yread_int(rd, v, what, &val.l);
		break;
	case YF_BOOL:
		rc = yread_bool(rd, v, what, &val.b);
		break;
	case YF_STRLIST:
		(void)yread_strlist(rd, v, what, (const char ***)at,
		    (size_t *)((char *)rec + f->count_off));
		return;
	case YF_MAPPING:
		(void)yfields_read(rd, f->sub, what, v, at);
		return;
	case YF_CUSTOM:
		f->parse(rd, v, rec);
		return;
	default:
		return;         /* YF_DEFERRED: the loader's own */
	}
	if (rc == 0 && (f->check == NULL || f->check(rd, v, &val) == 0))
		store(rd, f, v, what, &val, at);
}

int
yfields_read(struct yread *rd, const struct yfields *t, const char *what,
    const struct ynode *n, void *rec)
{
	const char *allowed[YFIELDS_MAX + 1], *required[YFIELDS_MAX + 1];
	size_t nreq = 0;

	/* A longer table is a mistake in the program, not in the input. */
	assert(t->n <= YFIELDS_MAX);
	if (n == NULL)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		allowed[i] = t->f[i].key;
		if (t->f[i].flags & YF_REQUIRED)
			required[nreq++] = t->f[i].key;
	}
	allowed[t->n] = required[nreq] = NULL;
	rd->errs += ynode_check_keys(n, what, allowed, required, rd->file, rd->dl);
	if (n->kind != YN_MAP)
		return -1;
	for (int pass = 0; pass < 2; pass++) {
		unsigned late = pass == 0 ? 0 : YF_LATE;

		for (size_t i = 0; i < t->n; i++) {
			const struct yfield *f = &t->f[i];
			const struct ynode *v;

			if ((f->flags & YF_LATE) != late)
				continue;
			if ((v = ynode_get(n, f->key)) != NULL)
				read_field(rd, f, v, rec);
		}
	}
	return 0;
}

void *
yfields_read_list(struct yread *rd, const struct yfields *t, const char *what,
    const struct ynode *v, size_t size, yfield_init_fn *init)
{
	char *recs;

	if (v->n == 0)
		return NULL;
	recs = arena_array(rd->arena, v->n, size);
	for (size_t i = 0; i < v->n; i++) {
		init(recs + i * size, v->items[i]);
		(void)yfields_read(rd, t, what, v->items[i], recs + i * size);
	}
	return recs;
}
