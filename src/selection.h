/*
 * Rule selection asked for on the command line (--rule, --skip-rule,
 * --commitment): which rules of a loaded rule book stay.
 */
#ifndef RC_SELECTION_H
#define RC_SELECTION_H

#include <stddef.h>
#include "diag.h"
#include "rulebook.h"

/*
 * When rules is not empty, only the rules whose id matches one of its
 * globs; never those matching a glob of skip; when commitments is not 0,
 * only those of the rule sets whose commitment has its bit (1u << n) set.
 */
struct rule_selection {
	const char *const *rules;
	size_t nrules;
	const char *const *skip;
	size_t nskip;
	unsigned commitments;
};

/*
 * Leave out of rb the rules sel does not select (rulebook_drop). A glob
 * that matches no rule, a commitment that no rule set has, or a selection
 * that leaves no rule is an error (the request is at fault), and rb is
 * then left as it was. Returns the number of errors.
 */
int selection_apply(struct rulebook *rb, const struct rule_selection *sel,
    struct diaglist *dl);

#endif
