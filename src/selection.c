/*
 * Rule selection asked for on the command line (--rule, --skip-rule,
 * --commitment): which rules of the loaded book stay. A glob that matches
 * nothing is refused rather than read as "select nothing", so that
 * '--rule my-rules/' typed for '--rules' fails loudly.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "selection.h"
#include "xalloc.h"

/* Does glob match a rule of rb? Marks them in hit when it is not NULL. */
static bool
glob_hits(const struct rulebook *rb, const char *glob, bool *hit)
{
	bool any = false;

	for (size_t i = 0; i < rb->nrules; i++) {
		if (fnmatch(glob, rb->rules[i]->id, 0) != 0)
			continue;
		any = true;
		if (hit != NULL)
			hit[i] = true;
	}
	return any;
}

static void
no_match(const struct rulebook *rb, const char *opt, const char *glob,
    struct diaglist *dl)
{
	/* A hint fits a mistyped id, not a pattern. */
	const char *hint = strpbrk(glob, "*?[") == NULL ? rulebook_suggest_rule(rb, glob) : NULL;

	if (strchr(glob, '/') != NULL)
		diag_error(dl, NULL, 0, 0, "%s '%s' matches no rule; rule files and folders "
		    "are read with --rules", opt, glob);
	else if (hint != NULL)
		diag_error(dl, NULL, 0, 0, "%s '%s' matches no rule; did you mean '%s'?", opt,
		    glob, hint);
	else
		diag_error(dl, NULL, 0, 0, "%s '%s' matches no rule (--list-rules lists "
		    "them)", opt, glob);
}

int
selection_apply(struct rulebook *rb, const struct rule_selection *sel,
    struct diaglist *dl)
{
	size_t n = rb->nrules ? rb->nrules : 1, kept = 0;
	bool *in = xcalloc(n, sizeof(*in)), *out = xcalloc(n, sizeof(*out));
	bool *drop = xcalloc(n, sizeof(*drop));
	int errs = 0;

	for (size_t g = 0; g < sel->nrules; g++)
		if (!glob_hits(rb, sel->rules[g], in)) {
			no_match(rb, "--rule", sel->rules[g], dl);
			errs++;
		}
	for (size_t g = 0; g < sel->nskip; g++)
		if (!glob_hits(rb, sel->skip[g], out)) {
			no_match(rb, "--skip-rule", sel->skip[g], dl);
			errs++;
		}
	for (int c = 1; c <= 8; c++) {
		bool any = false;

		if ((sel->commitments & (1u << c)) == 0)
			continue;
		for (size_t s = 0; s < rb->nsets; s++)
			any = any || rb->sets[s].commitment == c;
		if (!any) {
			diag_error(dl, NULL, 0, 0, "--commitment %d: no rule set of the rule "
			    "book is for commitment %d", c, c);
			errs++;
		}
	}
	if (errs > 0)
		goto out;
	for (size_t i = 0; i < rb->nrules; i++) {
		const struct rule *r = rb->rules[i];

		drop[i] = (sel->nrules > 0 && !in[i]) || out[i] ||
		    (sel->commitments != 0 &&
		    (sel->commitments & (1u << r->set->commitment)) == 0);
		kept += !drop[i];
	}
	if (kept == 0) {
		diag_error(dl, NULL, 0, 0, "the rule selection (--rule, --skip-rule, "
		    "--commitment) leaves no rule to evaluate");
		errs++;
		goto out;
	}
	rulebook_drop(rb, drop);
out:
	free(in);
	free(out);
	free(drop);
	return errs;
}
