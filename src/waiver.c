/*
 * Waivers: loading a waiver file, checking its dates against the calendar
 * and its rules against the rule book, and finding the waiver for a result.
 */
#include "config.h"

#include <string.h>

#include "digest.h"
#include "rulebook.h"
#include "waiver.h"
#include "xalloc.h"
#include "yamldoc.h"

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

static int
waiver_parse(struct waivers *w, const struct ynode *n, const struct rulebook *rb,
    const char *file, struct diaglist *dl, struct waiver *out)
{
	static const char *const keys[] = {
		"rule", "entity", "reason", "expires", "approved_by", NULL,
	};
	static const char *const req[] = {
		"rule", "entity", "reason", "expires", NULL,
	};
	const struct ynode *v;
	const char *s;
	int errs;

	memset(out, 0, sizeof(*out));
	out->rule_id = out->entity = out->reason = "";
	out->file = file;
	out->line = n->line;
	out->col = n->col;
	errs = ynode_check_keys(n, "a waiver", keys, req, file, dl);
	if (n->kind != YN_MAP)
		return errs;
	if ((v = ynode_get(n, "rule")) != NULL) {
		if (ynode_string(v, "'rule'", file, dl, &s) < 0) {
			errs++;
		} else if (rulebook_find_rule(rb, s) == NULL) {
			const char *hint = rulebook_suggest_rule(rb, s);

			if (hint != NULL)
				diag_error(dl, file, v->line, v->col,
				    "unknown rule '%s'; did you mean '%s'?", s, hint);
			else
				diag_error(dl, file, v->line, v->col, "unknown rule '%s'", s);
			errs++;
		} else {
			out->rule_id = arena_strdup(&w->arena, s);
		}
	}
	if ((v = ynode_get(n, "entity")) != NULL) {
		if (ynode_string(v, "'entity'", file, dl, &s) < 0) {
			errs++;
		} else if (utf8_is_blank(s, strlen(s))) {
			diag_error(dl, file, v->line, v->col, "'entity' must not be empty; "
			    "name an entity, or '*' for every entity");
			errs++;
		} else {
			out->entity = arena_strdup(&w->arena, s);
		}
	}
	if ((v = ynode_get(n, "reason")) != NULL) {
		if (ynode_string(v, "'reason'", file, dl, &s) < 0) {
			errs++;
		} else if (utf8_is_blank(s, strlen(s))) {
			diag_error(dl, file, v->line, v->col, "'reason' must not be empty "
			    "(white space alone says nothing)");
			errs++;
		} else {
			out->reason = arena_strdup(&w->arena, s);
		}
	}
	if ((v = ynode_get(n, "expires")) != NULL) {
		int date;

		if (ynode_string(v, "'expires'", file, dl, &s) < 0) {
			errs++;
		} else if ((date = date_parse(s, strlen(s))) < 0) {
			diag_error(dl, file, v->line, v->col,
			    "invalid date '%s'; 'expires' must be a real date as YYYY-MM-DD", s);
			errs++;
		} else {
			out->expires = date;
			memcpy(out->expires_text, s, 10);
			out->expires_text[10] = '\0';
		}
	}
	if ((v = ynode_get(n, "approved_by")) != NULL) {
		if (ynode_string(v, "'approved_by'", file, dl, &s) < 0)
			errs++;
		else
			out->approved_by = arena_strdup(&w->arena, s);
	}
	return errs;
}

int
waivers_load(struct waivers *w, const char *file, const struct rulebook *rb,
    struct diaglist *dl)
{
	struct ydoc doc;
	const struct ynode *list;
	char *buf = NULL;
	size_t len = 0;
	int errs = 0;

	w->file = arena_strdup(&w->arena, file);
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
		errs += waiver_parse(w, list->items[i], rb, w->file, dl, &w->items[w->n]);
		w->items[w->n].index = w->n;
		w->n++;
	}
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
