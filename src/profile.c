/*
 * Profiles: loading profiles.yaml (after every rule set, so that overrides
 * can be checked against the rules they name) and selecting rules by glob.
 */
#include "config.h"

#include <fnmatch.h>
#include <string.h>

#include "profile.h"
#include "rulebook.h"
#include "xalloc.h"

static bool
any_match(const char *const *globs, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (fnmatch(globs[i], id, 0) == 0)
			return true;
	return false;
}

bool
profile_selects(const struct profile *p, const char *rule_id)
{
	if (p->ninclude > 0 && !any_match(p->include, p->ninclude, rule_id))
		return false;
	return !any_match(p->exclude, p->nexclude, rule_id);
}

const struct profile_override *
profile_override_for(const struct profile *p, const char *rule_id)
{
	for (size_t i = 0; i < p->noverrides; i++)
		if (strcmp(p->overrides[i].rule_id, rule_id) == 0)
			return &p->overrides[i];
	return NULL;
}

static int
override_parse(struct rulebook *rb, const struct ynode *n, const char *file,
    struct diaglist *dl, struct profile_override *o)
{
	static const char *const keys[] = {
		"rule", "target", "weight", "severity", NULL,
	};
	static const char *const req[] = { "rule", NULL };
	const struct rule *r = NULL;
	const struct ynode *v;
	const char *s;
	int errs;

	o->rule_id = "";
	o->severity = -1;
	o->line = n->line;
	o->col = n->col;
	errs = ynode_check_keys(n, "an override", keys, req, file, dl);
	if (n->kind != YN_MAP)
		return errs;
	if ((v = ynode_get(n, "rule")) != NULL) {
		if (ynode_string(v, "'rule'", file, dl, &s) < 0) {
			errs++;
		} else if ((r = rulebook_find_rule(rb, s)) == NULL) {
			const char *hint = rulebook_suggest_rule(rb, s);

			if (hint != NULL)
				diag_error(dl, file, v->line, v->col,
				    "unknown rule '%s'; did you mean '%s'?", s, hint);
			else
				diag_error(dl, file, v->line, v->col, "unknown rule '%s'", s);
			errs++;
		} else {
			o->rule_id = r->id;
		}
	}
	if ((v = ynode_get(n, "target")) != NULL && r != NULL) {
		if (r->target.kind == CHECK_TREND || r->target.kind == CHECK_EXPR) {
			diag_error(dl, file, v->line, v->col,
			    "rule '%s' has a %s check; only a 'target' can be overridden",
			    r->id, r->target.kind == CHECK_TREND ? "trend" : "expression");
			errs++;
		} else {
			int e = target_parse(rb, v, r->indicator, file, dl, &o->target);

			errs += e;
			o->has_target = e == 0;
		}
	}
	if ((v = ynode_get(n, "weight")) != NULL) {
		double w;

		if (ynode_number(v, "'weight'", file, dl, &w) < 0) {
			errs++;
		} else if (weight_problem(w) != NULL) {
			diag_error(dl, file, v->line, v->col, "%s", weight_problem(w));
			errs++;
		} else {
			o->weight = w;
		}
	}
	if ((v = ynode_get(n, "severity")) != NULL) {
		int sev;

		if (ynode_string(v, "'severity'", file, dl, &s) < 0) {
			errs++;
		} else if ((sev = severity_parse(s)) <= SEV_NONE) {
			const char *hint = diag_suggest(s, severity_names + 1, 4);

			if (hint != NULL)
				diag_error(dl, file, v->line, v->col,
				    "unknown severity '%s'; did you mean '%s'?", s, hint);
			else
				diag_error(dl, file, v->line, v->col, "unknown severity '%s'", s);
			errs++;
		} else {
			o->severity = sev;
		}
	}
	return errs;
}

static int
profile_parse(struct rulebook *rb, const struct ynode *n, const char *file,
    struct diaglist *dl, struct profile *p)
{
	static const char *const keys[] = {
		"name", "description", "subject", "include", "exclude", "overrides", NULL,
	};
	static const char *const req[] = { "name", NULL };
	struct arena *a = &rb->arena;
	const struct ynode *v;
	const char *s;
	int errs;

	p->name = "";
	p->file = file;
	p->line = n->line;
	p->col = n->col;
	errs = ynode_check_keys(n, "a profile", keys, req, file, dl);
	if (n->kind != YN_MAP)
		return errs;
	if ((v = ynode_get(n, "name")) != NULL) {
		if (ynode_string(v, "'name'", file, dl, &s) < 0)
			errs++;
		else
			p->name = arena_strdup(a, s);
	}
	if ((v = ynode_get(n, "description")) != NULL) {
		if (ynode_string(v, "'description'", file, dl, &s) < 0)
			errs++;
		else
			p->description = arena_strdup(a, s);
	}
	if ((v = ynode_get(n, "subject")) != NULL) {
		int sj;

		if (ynode_string(v, "'subject'", file, dl, &s) < 0) {
			errs++;
		} else if ((sj = subject_parse(s, strlen(s))) < 0) {
			diag_error(dl, file, v->line, v->col,
			    "unknown subject '%s' (use 'state' or 'enterprise')", s);
			errs++;
		} else {
			p->subject = (enum subject)sj;
		}
	}
	if ((v = ynode_get(n, "include")) != NULL &&
	    ynode_strlist(v, "'include'", file, dl, a, &p->include, &p->ninclude) < 0)
		errs++;
	if ((v = ynode_get(n, "exclude")) != NULL &&
	    ynode_strlist(v, "'exclude'", file, dl, a, &p->exclude, &p->nexclude) < 0)
		errs++;
	if ((v = ynode_get(n, "overrides")) != NULL) {
		if (v->kind != YN_SEQ) {
			diag_error(dl, file, v->line, v->col, "'overrides' must be a list");
			errs++;
		} else if (v->n > 0) {
			p->overrides = arena_array(a, v->n, sizeof(*p->overrides));
			p->noverrides = v->n;
			for (size_t i = 0; i < v->n; i++)
				errs += override_parse(rb, v->items[i], file, dl,
				    &p->overrides[i]);
			for (size_t i = 1; i < v->n; i++) {
				const struct profile_override *o = &p->overrides[i];

				if (*o->rule_id == '\0')
					continue;
				for (size_t j = 0; j < i; j++) {
					if (strcmp(p->overrides[j].rule_id, o->rule_id) != 0)
						continue;
					diag_error(dl, file, o->line, o->col,
					    "rule '%s' is overridden twice (first at line %d)",
					    o->rule_id, p->overrides[j].line);
					errs++;
					break;
				}
			}
		}
	}
	return errs;
}

int
profiles_load(struct rulebook *rb, const struct ydoc *doc, struct diaglist *dl)
{
	const char *file = arena_strdup(&rb->arena, doc->file ? doc->file : "");
	const struct ynode *list;
	struct profile *all;
	size_t base = rb->nprofiles;
	int errs;

	if ((list = ydoc_toplist(doc, "profiles", "the profiles file", file, dl, &errs)) == NULL)
		return errs;
	/* Profiles live in the arena; grow by copying into a larger array. */
	all = arena_array(&rb->arena, base + list->n + 1, sizeof(*all));
	if (base > 0)
		memcpy(all, rb->profiles, base * sizeof(*all));
	rb->profiles = all;
	for (size_t i = 0; i < list->n; i++) {
		struct profile *p = &all[rb->nprofiles];

		errs += profile_parse(rb, list->items[i], file, dl, p);
		for (size_t j = 0; j < rb->nprofiles; j++) {
			const struct profile *q = &all[j];

			if (*p->name != '\0' && strcmp(q->name, p->name) == 0) {
				diag_error(dl, file, p->line, p->col,
				    "duplicate profile '%s' (first at %s:%d:%d)", p->name,
				    q->file, q->line, q->col);
				errs++;
			}
			if (p->subject != SUBJ_NONE && q->subject == p->subject) {
				diag_error(dl, file, p->line, p->col,
				    "profile '%s' is a second default for subject '%s' "
				    "(the first is '%s' at %s:%d:%d)", p->name,
				    subject_name(p->subject), q->name, q->file, q->line, q->col);
				errs++;
			}
		}
		rb->nprofiles++;
	}
	return errs;
}
