/*
 * Waivers: loading a waiver file, checking its dates against the calendar
 * and its rules against the rule book, and finding the waiver for a result.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "digest.h"
#include "rulebook.h"
#include "waiver.h"
#include "xalloc.h"
#include "yamlfields.h"

void
waivers_init(struct waivers *w)
{
	memset(w, 0, sizeof(*w));
	arena_init(&w->arena);
	strtab_init(&w->index, false);
}

void
waivers_release(struct waivers *w)
{
	free(w->items);
	free(w->first);
	strtab_release(&w->index);
	arena_release(&w->arena);
	memset(w, 0, sizeof(*w));
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_parse(const char *s, size_t len)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 0, m, d, dim;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9'))
			return -1;
	for (size_t i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return -1;
	dim = mdays[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
	if (d > dim)
		return -1;
	return y * 10000 + m * 100 + d;
}

/* The parsers' struct yread has the book's rule lookup as its user. */
static void
parse_rule(struct yread *rd, const struct ynode *v, void *rec)
{
	const struct rule *r = ruleset_parse_rule_ref(rd, v, rd->user);
	struct waiver *out = rec;

	if (r != NULL)
		out->rule_id = arena_strdup(rd->arena, r->id);
}

/* 0 when the string at val holds more than white space, else -1 after msg. */
static int
not_blank(struct yread *rd, const struct ynode *v, const void *val,
    const char *msg)
{
	const char *s = *(const char *const *)val;

	if (!utf8_is_blank(s, strlen(s)))
		return 0;
	yread_error(rd, v, "%s", msg);
	return -1;
}

static int
check_entity(struct yread *rd, const struct ynode *v, const void *val)
{
	return not_blank(rd, v, val, "'entity' must not be empty; name an "
	    "entity, or '*' for every entity");
}

static int
check_reason(struct yread *rd, const struct ynode *v, const void *val)
{
	return not_blank(rd, v, val, "'reason' must not be empty (white space "
	    "alone says nothing)");
}

static void
parse_expires(struct yread *rd, const struct ynode *v, void *rec)
{
	struct waiver *out = rec;
	const char *s;
	int date;

	if (yread_string(rd, v, "'expires'", &s) < 0)
		return;
	if ((date = date_parse(s, strlen(s))) < 0) {
		yread_error(rd, v, "invalid date '%s'; 'expires' must be a real date "
		    "as YYYY-MM-DD", s);
		return;
	}
	out->expires = date;
	memcpy(out->expires_text, s, 10);
	out->expires_text[10] = '\0';
}

static const struct yfield waiver_rows[] = {
	{ "rule", YF_CUSTOM, YF_REQUIRED, .parse = parse_rule },
	{ "entity", YF_STRING, YF_REQUIRED, .off = offsetof(struct waiver, entity),
	    .check = check_entity },
	{ "reason", YF_STRING, YF_REQUIRED, .off = offsetof(struct waiver, reason),
	    .check = check_reason },
	{ "expires", YF_CUSTOM, YF_REQUIRED, .parse = parse_expires },
	{ "approved_by", YF_STRING, 0, .off = offsetof(struct waiver, approved_by) },
};
static const struct yfields waiver_fields = YFIELDS(waiver_rows);

int
waivers_load(struct waivers *w, const char *file, const struct rulebook *rb,
    struct diaglist *dl)
{
	struct rule_lookup rules;
	struct yread rd = { NULL, dl, &w->arena, &rules, 0 };
	struct ydoc doc;
	const struct ynode *list;
	char *buf = NULL;
	size_t len = 0;
	int errs = 0;

	rulebook_lookup(rb, &rules);
	rd.file = w->file = arena_strdup(&w->arena, file);
	if (rulebook_read_file(file, RULEBOOK_MAX_FILE, &buf, &len, dl) < 0)
		return 1;
	digest_buffer(buf, len, w->sha256);
	if (ydoc_parse(&doc, w->file, buf, len, dl) < 0) {
		errs = 1;
		goto out;
	}
	if ((list = ydoc_toplist(&doc, "waivers", "the waiver file", w->file, dl, &errs)) == NULL)
		goto out;
	xgrow(&w->items, &w->cap, w->n + list->n + 1, sizeof(*w->items));
	for (size_t i = 0; i < list->n; i++) {
		struct waiver *x = &w->items[w->n];

		memset(x, 0, sizeof(*x));
		x->rule_id = x->entity = x->reason = "";
		x->index = w->n++;
		x->file = w->file;
		x->line = list->items[i]->line;
		x->col = list->items[i]->col;
		(void)yfields_read(&rd, &waiver_fields, "a waiver", list->items[i],
		    x);
	}
	errs += rd.errs;
out:
	ydoc_release(&doc);
	free(buf);
	return errs;
}

/*
 * The index key of rule and entity, "RULE ENTITY", into buf (size bytes)
 * or, when longer, a buffer the caller frees; its length in *len. A rule id
 * holds no blank (ruleset.c checks them), so no two pairs share a key.
 */
static char *
index_key(const char *rule_id, const char *entity, char *buf, size_t size,
    size_t *len)
{
	size_t rl = strlen(rule_id), el = strlen(entity);
	char *k = rl + el + 2 <= size ? buf : xmalloc(rl + el + 2);

	memcpy(k, rule_id, rl);
	k[rl] = ' ';
	memcpy(k + rl + 1, entity, el + 1);
	*len = rl + 1 + el;
	return k;
}

void
waivers_settle(struct waivers *w, int today)
{
	strtab_release(&w->index);
	strtab_init(&w->index, false);
	free(w->first);
	w->first = xcalloc(w->n ? w->n : 1, sizeof(*w->first));
	for (size_t i = 0; i < w->n; i++) {
		struct waiver *x = &w->items[i];
		char buf[128], *k;
		size_t len, before = w->index.n;
		int j;

		x->expired = x->expires < today;
		if (x->expired)
			continue;
		k = index_key(x->rule_id, x->entity, buf, sizeof(buf), &len);
		j = strtab_intern(&w->index, k, len);
		if (w->index.n > before)
			w->first[j] = i;
		if (k != buf)
			free(k);
	}
}

static const struct waiver *
find_exact(const struct waivers *w, const char *rule_id, const char *entity)
{
	char buf[128], *k;
	size_t len;
	int j;

	k = index_key(rule_id, entity, buf, sizeof(buf), &len);
	j = strtab_find(&w->index, k, len);
	if (k != buf)
		free(k);
	return j < 0 ? NULL : &w->items[w->first[j]];
}

/* A waiver for this very entity wins over one for every entity ("*"). */
const struct waiver *
waivers_find(const struct waivers *w, const char *rule_id, const char *entity)
{
	const struct waiver *x;

	if (w->index.n == 0)
		return NULL;
	if ((x = find_exact(w, rule_id, entity)) != NULL)
		return x;
	return find_exact(w, rule_id, "*");
}
