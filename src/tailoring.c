/*
 * Tailoring files: reading one, and applying it to the rule book while the
 * book loads (rulebook.c calls in at each step: indicators with the
 * catalogue, rule sets with the others, then selection and refinement).
 */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "tailoring.h"
#include "xalloc.h"

static const char *const top_keys[] = {
	"tailoring", "unselect", "select", "refine", "rulesets", "indicators", NULL
};
static const char *const top_required[] = { "tailoring", NULL };
static const char *const refine_keys[] = {
	"target", "severity", "weight", "max_age", NULL
};

void
tailoring_init(struct tailoring *t)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->doc.arena);
}

void
tailoring_release(struct tailoring *t)
{
	ydoc_release(&t->doc);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

int
tailoring_read(struct tailoring *t, const char *path, struct diaglist *dl)
{
	size_t len;

	if (rulebook_read_file(path, RULEBOOK_MAX_FILE, &t->text, &len, dl) < 0)
		return -1;
	return tailoring_parse(t, path, t->text, len, dl);
}

int
tailoring_parse(struct tailoring *t, const char *name, const char *text, size_t len,
    struct diaglist *dl)
{
	const struct ynode *v;
	const char *path = name;

	t->file = name;
	digest_buffer(text, len, t->sha256);
	ydoc_release(&t->doc);
	if (ydoc_parse(&t->doc, path, text, len, dl) != 0)
		return -1;
	if (t->doc.root == NULL) {
		diag_error(dl, path, 1, 1, "tailoring file is empty; it needs at least "
		    "'tailoring:', its name");
		return -1;
	}
	if (t->doc.root->kind != YN_MAP) {
		diag_error(dl, path, t->doc.root->line, t->doc.root->col, "a tailoring file "
		    "is a mapping: 'tailoring:' (its name), 'unselect:', 'select:', "
		    "'refine:', 'rulesets:', 'indicators:'");
		return -1;
	}
	/* Unknown keys are reported, and the rest is still read. */
	(void)ynode_check_keys(t->doc.root, "the tailoring file", top_keys, top_required,
	    path, dl);
	t->name = "";
	v = ynode_get(t->doc.root, "tailoring");
	if (v != NULL && ynode_string(v, "'tailoring'", path, dl, &t->name) == 0 &&
	    *t->name == '\0')
		diag_error(dl, path, v->line, v->col, "'tailoring' needs a name, not ''");
	if ((v = ynode_get(t->doc.root, "rulesets")) != NULL && v->kind != YN_SEQ)
		diag_error(dl, path, v->line, v->col, "'rulesets' must be a list of rule "
		    "sets, each shaped like a rule-set file");
	if ((v = ynode_get(t->doc.root, "refine")) != NULL && v->kind != YN_MAP)
		diag_error(dl, path, v->line, v->col, "'refine' must be a mapping of rule "
		    "ids to what changes");
	return 0;
}

static int
add_indicators(const void *arg, struct catalogue *c, struct arena *a,
    struct diaglist *dl)
{
	const struct tailoring *t = arg;
	const struct ynode *key = ynode_get_key(t->doc.root, "indicators");
	struct ynode *pair[2], root;
	struct ydoc sub;

	if (key == NULL)
		return 0;
	/* A catalogue document of the one key, its nodes those of the file. */
	pair[0] = (struct ynode *)key;
	pair[1] = (struct ynode *)ynode_get(t->doc.root, "indicators");
	memset(&root, 0, sizeof(root));
	root.kind = YN_MAP;
	root.line = key->line;
	root.col = key->col;
	root.items = pair;
	root.n = 1;
	memset(&sub, 0, sizeof(sub));
	sub.file = t->file;
	sub.root = &root;
	return catalogue_load(c, a, &sub, dl);
}

static size_t
nsets(const void *arg)
{
	const struct tailoring *t = arg;
	const struct ynode *v = ynode_get(t->doc.root, "rulesets");

	return v != NULL && v->kind == YN_SEQ ? v->n : 0;
}

static int
load_set(const void *arg, size_t i, const struct loadctx *lc, struct ruleset *rs,
    struct diaglist *dl)
{
	const struct tailoring *t = arg;
	const struct ynode *v = ynode_get(t->doc.root, "rulesets");
	struct ydoc sub;
	int errs;

	memset(&sub, 0, sizeof(sub));
	sub.file = t->file;
	sub.root = v->items[i];
	errs = ruleset_load(lc, rs, &sub, t->sha256, dl);
	rs->tailored = true;
	return errs;
}

/* ---- unselect, select, refine ---- */

static bool
has_wildcard(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/*
 * Mark in hit every rule that one glob of the list under key matches; a
 * glob that matches none is an error (with a hint for a plain id).
 */
static void
match_globs(const struct tailoring *t, struct rulebook *rb, const char *key,
    bool *hit, struct yread *rd)
{
	const struct ynode *v = ynode_get(t->doc.root, key);
	const char **globs;
	size_t n;
	char what[32];

	if (v == NULL)
		return;
	snprintf(what, sizeof(what), "'%s'", key);
	if (yread_strlist(rd, v, what, &globs, &n) < 0)
		return;
	for (size_t g = 0; g < n; g++) {
		const struct ynode *at = v->kind == YN_SEQ ? v->items[g] : v;
		bool any = false;

		for (size_t i = 0; i < rb->nrules; i++)
			if (fnmatch(globs[g], rb->rules[i]->id, 0) == 0)
				any = hit[i] = true;
		if (any)
			continue;
		if (has_wildcard(globs[g]))
			yread_error(rd, at, "%s: '%s' matches no rule", what, globs[g]);
		else
			yread_unknown(rd, at, "rule", globs[g],
			    rulebook_suggest_rule(rb, globs[g]));
	}
}

static char *
words_of_severity(struct arena *a, int sev)
{
	return arena_strdup(a, severity_names[sev]);
}

static char *
words_of_number(struct arena *a, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%g", v);
	return arena_strdup(a, buf);
}

static char *
words_of_age(struct arena *a, int age)
{
	char buf[32];

	if (age < 0)
		return arena_strdup(a, "none");
	snprintf(buf, sizeof(buf), "%d", age);
	return arena_strdup(a, buf);
}

/* One rule's refinement: the mapping v for rule r. */
static void
refine_rule(struct rulebook *rb, const struct loadctx *lc, struct rule *r,
    const struct ynode *v, struct yread *rd)
{
	const struct ynode *x;
	const char *none[] = { NULL };
	char what[96];

	snprintf(what, sizeof(what), "the refinement of '%s'", r->id);
	rd->errs += ynode_check_keys(v, what, refine_keys, none, rd->file, rd->dl);
	if (v->kind != YN_MAP)
		return;
	if ((x = ynode_get(v, "target")) != NULL) {
		struct check c;
		int errs;

		memset(&c, 0, sizeof(c));
		if (strcmp(check_row_of(&r->target)->key, "target") != 0) {
			yread_error(rd, x, "rule '%s' has a %s check; only a 'target' can be "
			    "refined", r->id, check_row_of(&r->target)->noun);
		} else if ((errs = ruleset_parse_target(lc, x, r->indicator, rd->file,
		    rd->dl, &c)) > 0) {
			rd->errs += errs;
		} else {
			rulebook_note_change(rb, TC_REFINE, r->id, "target",
			    r->target.text, c.text);
			c.break_factor = r->target.break_factor;
			r->target = c;
			r->tailored = true;
		}
	}
	if ((x = ynode_get(v, "severity")) != NULL) {
		int sev = ruleset_parse_severity(rd, x);

		if (sev >= 0) {
			rulebook_note_change(rb, TC_REFINE, r->id, "severity",
			    words_of_severity(&rb->arena, (int)r->severity),
			    words_of_severity(&rb->arena, sev));
			r->severity = (enum severity)sev;
			r->tailored = true;
		}
	}
	if ((x = ynode_get(v, "weight")) != NULL) {
		double w;

		if (yread_number(rd, x, "'weight'", &w) == 0 &&
		    ruleset_check_weight(rd, x, &w) == 0) {
			rulebook_note_change(rb, TC_REFINE, r->id, "weight",
			    words_of_number(&rb->arena, r->weight),
			    words_of_number(&rb->arena, w));
			r->weight = w;
			r->tailored = true;
		}
	}
	if ((x = ynode_get(v, "max_age")) != NULL) {
		long age;

		if (yread_int(rd, x, "'max_age'", &age) < 0)
			return;
		if (age < 0 || age > 1000) {
			yread_error(rd, x, "'max_age' must be a number of years from 0 to "
			    "1000, not %ld", age);
			return;
		}
		rulebook_note_change(rb, TC_REFINE, r->id, "max_age",
		    words_of_age(&rb->arena, r->max_age), words_of_age(&rb->arena, (int)age));
		r->max_age = (int)age;
		r->max_age_from = AGE_RULE;
		r->tailored = true;
	}
}

static void
refine_rules(const struct tailoring *t, struct rulebook *rb, const struct loadctx *lc,
    struct yread *rd)
{
	const struct ynode *m = ynode_get(t->doc.root, "refine");

	if (m == NULL || m->kind != YN_MAP)
		return;
	for (size_t i = 0; i < m->n; i++) {
		const struct ynode *k = m->items[2 * i], *v = m->items[2 * i + 1];
		const struct rule *found;
		const char *id;

		if (yread_string(rd, k, "a rule id under 'refine'", &id) < 0)
			continue;
		if ((found = rulebook_find_rule(rb, id)) == NULL) {
			yread_unknown(rd, k, "rule", id, rulebook_suggest_rule(rb, id));
			continue;
		}
		/* The book's own rule, which the loaders let it change. */
		refine_rule(rb, lc, (struct rule *)found, v, rd);
	}
}

static int
apply(const void *arg, struct rulebook *rb, const struct loadctx *lc, bool *drop,
    struct diaglist *dl)
{
	const struct tailoring *t = arg;
	struct yread rd = { t->file, dl, &rb->arena, NULL, 0 };
	bool *out = xcalloc(rb->nrules ? rb->nrules : 1, sizeof(*out));
	bool *back = xcalloc(rb->nrules ? rb->nrules : 1, sizeof(*back));

	match_globs(t, rb, "unselect", out, &rd);
	match_globs(t, rb, "select", back, &rd);
	for (size_t i = 0; i < rb->nrules; i++) {
		drop[i] = out[i] && !back[i];
		if (drop[i])
			rulebook_note_change(rb, TC_UNSELECT, rb->rules[i]->id, NULL, NULL, NULL);
	}
	refine_rules(t, rb, lc, &rd);
	free(out);
	free(back);
	return rd.errs;
}

void
tailoring_overlay(const struct tailoring *t, struct rulebook_overlay *out)
{
	*out = (struct rulebook_overlay){ t, t->name, t->file, t->sha256,
	    add_indicators, nsets, load_set, apply };
}
