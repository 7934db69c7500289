/*
 * Profiles: named selections of rules (include/exclude globs) with per-rule
 * overrides of target, weight and severity; a profile may be the default for
 * one subject.
 */
#ifndef RC_PROFILE_H
#define RC_PROFILE_H

#include <stddef.h>
#include "ruleset.h"

struct profile_override {
	const char *rule_id;            /* exact id (validated at load) */
	bool has_target;
	struct check target;
	double weight;                  /* 0 = not overridden */
	int severity;                   /* -1 = not overridden */
	int line, col;
};

struct profile {
	const char *name, *description;
	enum subject subject;           /* SUBJ_NONE: default for no subject */
	const char **include;           /* fnmatch globs; none = every rule */
	size_t ninclude;
	const char **exclude;
	size_t nexclude;
	struct profile_override *overrides;
	size_t noverrides;
	/*
	 * By rule index, worked out once the book is loaded so that evaluation
	 * matches no glob and compares no rule id: whether the profile selects
	 * the rule, and its override or NULL.
	 */
	bool *selected;
	const struct profile_override **override;
	const char *file;
	int line, col;
};

/*
 * Append the profiles of doc (top-level key "profiles:") to the arena
 * array *profiles of *nprofiles (a new, larger array replaces it), after
 * every rule set is loaded: overrides name rules. Returns the number of
 * errors added to dl.
 */
int profiles_load(const struct loadctx *lc, const struct ydoc *doc,
    struct profile **profiles, size_t *nprofiles, struct diaglist *dl);
/* True when the profile selects the rule (include/exclude globs). */
bool profile_selects(const struct profile *p, const char *rule_id);
/* The override for rule_id, or NULL. */
const struct profile_override *profile_override_for(const struct profile *p,
    const char *rule_id);

#endif
