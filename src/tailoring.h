/*
 * Tailoring (--tailoring FILE): a YAML overlay on the rule book in use,
 * built-in or from --rules, that leaves rules out and brings them back by
 * glob, refines a rule's target, severity, weight and maximum age, and adds
 * rule sets and indicators, so that a programme adapts the rules without
 * copying them. It applies to the book before profiles do.
 *
 *   tailoring: national-programme-2025      # its name, shown in reports
 *   unselect: [HI-1.2, "HI-5.*"]            # rule-id globs
 *   select: [HI-5.1]                        # back in, after unselect
 *   refine:
 *     HI-7.1:
 *       target: {op: ">=", value: 2.5, partial_from: 2.0}
 *       severity: medium                    # also: weight, max_age
 *   rulesets: [...]                         # each shaped like a rule-set file
 *   indicators: [...]                       # shaped like catalogue entries
 */
#ifndef RC_TAILORING_H
#define RC_TAILORING_H

#include <stdbool.h>
#include <stddef.h>
#include "diag.h"
#include "rulebook.h"
#include "yamldoc.h"

struct tailoring {
	const char *file;               /* as given */
	char sha256[65];                /* of the file's bytes */
	const char *name;               /* its 'tailoring:' */
	struct ydoc doc;
	char *text;                     /* the file's bytes, which doc points into */
};

void tailoring_init(struct tailoring *t);
void tailoring_release(struct tailoring *t);
/*
 * Read the file at path and check its shape: a mapping of the keys above,
 * with a name. Returns -1 when it cannot be used at all (unreadable, not
 * YAML, not a mapping), else 0; other problems are added to dl, and the
 * book loads with the tailoring so that every problem of the file is told.
 */
int tailoring_read(struct tailoring *t, const char *path, struct diaglist *dl);
/*
 * Add the tailoring's indicators to c (strings in a). Returns the number
 * of errors.
 */
int tailoring_add_indicators(const struct tailoring *t, struct catalogue *c,
    struct arena *a, struct diaglist *dl);
/* How many rule sets the tailoring adds. */
size_t tailoring_nsets(const struct tailoring *t);
/* Load its rule set i into rs. Returns the number of errors. */
int tailoring_load_set(const struct tailoring *t, size_t i, const struct loadctx *lc,
    struct ruleset *rs, struct diaglist *dl);
/*
 * Apply 'unselect', 'select' and 'refine' to the loaded, indexed book rb:
 * each id must name a rule and each glob match one. Refinements change the
 * rules in place; drop (one flag per rule) is set for the rules left out.
 * Every change is recorded in rb. Returns the number of errors.
 */
int tailoring_apply(const struct tailoring *t, struct rulebook *rb,
    const struct loadctx *lc, bool *drop, struct diaglist *dl);

#endif
