/*
 * Reading a json document with the JSON path of the value in hand (see
 * jread.h): each reader checks what it takes and names the member's path
 * when it is missing or of the wrong type.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "jread.h"
#include "vocab.h"

void
jread_init(struct jread *r, const char *file, struct diaglist *dl,
    struct arena *arena)
{
	r->file = file;
	r->dl = dl;
	r->arena = arena;
	strbuf_init(&r->path);
	r->errors = 0;
}

void
jread_release(struct jread *r)
{
	strbuf_release(&r->path);
}

void
jread_error(struct jread *r, const char *fmt, ...)
{
	struct strbuf msg;
	va_list ap;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_error(r->dl, r->file, 0, 0, "%s: %s", r->path.len ? r->path.buf : "the report",
	    msg.buf);
	strbuf_release(&msg);
	r->errors++;
}

size_t
jread_enter(struct jread *r, const char *key, size_t i)
{
	size_t mark = r->path.len;

	if (key != NULL)
		strbuf_addf(&r->path, "%s%s", mark ? "." : "", key);
	else
		strbuf_addf(&r->path, "[%zu]", i);
	return mark;
}

void
jread_leave(struct jread *r, size_t mark)
{
	r->path.len = mark;
	r->path.buf[mark] = '\0';
}

const char *
jread_type(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "true or false";
	default: return "null";
	}
}

void
jread_error_at(struct jread *r, const char *key, const char *fmt, ...)
{
	size_t m = jread_enter(r, key, 0);
	struct strbuf msg;
	va_list ap;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	jread_error(r, "%s", msg.buf);
	strbuf_release(&msg);
	jread_leave(r, m);
}

json_t *
jread_member(struct jread *r, const json_t *o, const char *key, bool nullable)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL) {
		jread_error_at(r, key, "missing");
		return NULL;
	}
	if (json_is_null(v) && !nullable) {
		jread_error_at(r, key, "must not be null");
		return NULL;
	}
	return v;
}

const char *
jread_str(struct jread *r, const json_t *o, const char *key, bool nullable)
{
	json_t *v = jread_member(r, o, key, nullable);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	jread_error_at(r, key, "must be a string, not %s", jread_type(v));
	return NULL;
}

bool
jread_num(struct jread *r, const json_t *o, const char *key, bool nullable,
    double *out)
{
	json_t *v = jread_member(r, o, key, nullable);

	if (v == NULL || json_is_null(v))
		return false;
	if (json_is_number(v) && isfinite(json_number_value(v))) {
		*out = json_number_value(v);
		return true;
	}
	jread_error_at(r, key, "must be a number, not %s", jread_type(v));
	return false;
}

bool
jread_int(struct jread *r, const json_t *o, const char *key, bool nullable,
    long long lo, long long hi, long long *out)
{
	json_t *v = jread_member(r, o, key, nullable);

	if (v == NULL || json_is_null(v))
		return false;
	if (json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi) {
		*out = json_integer_value(v);
		return true;
	}
	jread_error_at(r, key, "must be a whole number from %lld to %lld", lo, hi);
	return false;
}

bool
jread_bool(struct jread *r, const json_t *o, const char *key, bool *out)
{
	json_t *v = jread_member(r, o, key, false);

	if (v == NULL)
		return false;
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return true;
	}
	jread_error_at(r, key, "must be true or false, not %s", jread_type(v));
	return false;
}

json_t *
jread_kind(struct jread *r, const json_t *o, const char *key, json_type want,
    bool nullable)
{
	json_t *v = jread_member(r, o, key, nullable);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_typeof(v) == want)
		return v;
	jread_error_at(r, key, "must be %s, not %s", want == JSON_ARRAY ? "an array" : "an object",
	    jread_type(v));
	return NULL;
}

int
jread_name(struct jread *r, const json_t *o, const char *key,
    const char *const *names, int first)
{
	const char *s = jread_str(r, o, key, false);
	int k;

	if (s == NULL)
		return -1;
	if ((k = vocab_index(names, s)) >= first)
		return k;
	jread_error_at(r, key, "unknown value '%s'", s);
	return -1;
}

void
jread_value(struct jread *r, const json_t *v, struct value *out)
{
	memset(out, 0, sizeof(*out));
	if (v == NULL || json_is_null(v)) {
		out->kind = V_NONE;
	} else if (json_is_number(v)) {
		out->kind = V_NUM;
		out->num = json_number_value(v);
	} else if (json_is_boolean(v)) {
		out->kind = V_BOOL;
		out->b = json_is_true(v);
	} else if (json_is_string(v)) {
		out->kind = V_TEXT;
		out->text = json_string_value(v);
	} else {
		jread_error(r, "must be a number, true or false, a string or null, not %s",
		    jread_type(v));
	}
}
