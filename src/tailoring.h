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
 * The overlay that applies t to a rule book as it loads (t must outlive
 * the loading): its indicators join the catalogue, its rule sets follow
 * the book's; then 'unselect', 'select' and 'refine' apply to the indexed
 * book, each id naming a rule and each glob matching one. Refinements
 * change the rules in place and every change is recorded in the book.
 */
/* tailoring_read's checks on a file already in memory (text must outlive t). */
int tailoring_parse(struct tailoring *t, const char *name, const char *text, size_t len,
    struct diaglist *dl);
void tailoring_overlay(const struct tailoring *t, struct rulebook_overlay *out);

#endif
