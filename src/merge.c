/*
 * Merging partial json reports (merge.h). Every part is loaded and checked
 * whole (results_load.h, its digest included); the headers must agree on
 * the rule book, the version and every recorded option; the entities of
 * all parts, each part sorted by id already, are then merged in one pass
 * into the report pipeline, so that the merged report is the single run's
 * byte for byte but for the record of its parts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "merge.h"
#include "output.h"
#include "report.h"
#include "results_load.h"
#include "run.h"
#include "strtab.h"
#include "xalloc.h"

struct part {
	const char *path;
	struct res_loader *l;
	struct res_run run;
	size_t next, n;                 /* the next entity to load, and how many */
	int offset;                     /* where its inputs start in the merged list */
	struct arena a;                 /* its current entity */
	struct res_entity e;
	bool has;                       /* e holds its next entity */
};

static const char *
str(const char *s)
{
	return s != NULL ? s : "";
}

/* The rule books: the same rule sets, file for file, and the same rules. */
static int
same_rules(const struct part *a, const struct part *b, struct diaglist *dl)
{
	const struct res_run *x = &a->run, *y = &b->run;

	/* A tailoring changes the rules without changing a rule file. */
	if (x->has_tailoring != y->has_tailoring || (x->has_tailoring &&
	    strcmp(x->tailoring_sha256, y->tailoring_sha256) != 0)) {
		diag_error(dl, b->path, 0, 0, "made with another rule book than '%s': "
		    "tailoring %s here, %s there", a->path, y->has_tailoring ?
		    y->tailoring_sha256 : "none", x->has_tailoring ? x->tailoring_sha256 :
		    "none");
		return -1;
	}
	if (x->nrulesets != y->nrulesets || x->nrules != y->nrules) {
		diag_error(dl, b->path, 0, 0, "made with another rule book than '%s': %zu rule "
		    "sets and %zu rules here, %zu and %zu there", a->path, y->nrulesets,
		    y->nrules, x->nrulesets, x->nrules);
		return -1;
	}
	for (size_t i = 0; i < x->nrulesets; i++)
		if (strcmp(x->rulesets[i].id, y->rulesets[i].id) != 0 ||
		    strcmp(x->rulesets[i].sha256, y->rulesets[i].sha256) != 0) {
			diag_error(dl, b->path, 0, 0, "made with another rule book than '%s': "
			    "rule set %s has SHA-256 %s here, %s has %s there", a->path,
			    y->rulesets[i].id, y->rulesets[i].sha256, x->rulesets[i].id,
			    x->rulesets[i].sha256);
			return -1;
		}
	/* Results are placed by rule number: the rules must be the same, in order. */
	for (size_t i = 0; i < x->nrules; i++) {
		const struct res_ruledef *r = &x->rules[i], *s = &y->rules[i];

		if (strcmp(r->id, s->id) != 0 || r->ruleset != s->ruleset ||
		    r->severity != s->severity || r->weight != s->weight ||
		    r->max_age != s->max_age || strcmp(r->target->text, s->target->text) != 0) {
			diag_error(dl, b->path, 0, 0, "made with another rule book than '%s': "
			    "rule %zu is %s here and %s there, or differs in its rule set, "
			    "severity, weight, age limit or target", a->path, i + 1, s->id, r->id);
			return -1;
		}
	}
	return 0;
}

/*
 * Every part whole and sound before a byte is written, and no entity in
 * two parts: each part's entities are sorted (the loader checks), so an id
 * given twice is one of another part.
 */
static int
check_parts(struct part *ps, size_t n, struct diaglist *dl)
{
	struct strtab ids;
	size_t *owner = NULL, cap = 0;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (res_load_check(ps[i].l, dl) != 0)
			rc = -1;
	if (rc != 0)
		return rc;
	strtab_init(&ids, false);
	for (size_t i = 0; i < n && rc == 0; i++)
		for (size_t k = 0; k < ps[i].n && rc == 0; k++) {
			const char *id = res_load_entity_id(ps[i].l, k);
			size_t before = ids.n;
			int x;

			if (id == NULL)
				continue;
			x = strtab_intern(&ids, id, strlen(id));
			if (ids.n > before) {
				xgrow(&owner, &cap, ids.n, sizeof(*owner));
				owner[x] = i;
				continue;
			}
			diag_error(dl, ps[i].path, 0, 0, "entity '%s' is also in '%s': parts "
			    "may not overlap (a part given twice?)", id, ps[owner[x]].path);
			rc = -1;
		}
	strtab_release(&ids);
	free(owner);
	return rc;
}

/* A difference of one option, said with both values. */
static int
differs(const struct part *a, const struct part *b, const char *what, const char *here,
    const char *there, struct diaglist *dl)
{
	diag_error(dl, b->path, 0, 0, "made with other options than '%s': %s is %s here, "
	    "%s there", a->path, what, here, there);
	return -1;
}

static void
num_text(char *buf, size_t size, bool has, double v)
{
	if (has)
		snprintf(buf, size, "%g", v);
	else
		snprintf(buf, size, "not given");
}

/* A list of globs in words, for a message. */
static void
globs_text(char *buf, size_t size, const char *const *v, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	if (n == 0)
		snprintf(buf, size, "not given");
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s'%s'", i ? ", " : "", v[i]);
}

static bool
same_globs(const char *const *x, size_t nx, const char *const *y, size_t ny)
{
	if (nx != ny)
		return false;
	for (size_t i = 0; i < nx; i++)
		if (strcmp(x[i], y[i]) != 0)
			return false;
	return true;
}

/*
 * The rule selection (--rule, --skip-rule, --commitment): parts that chose
 * other rules are refused for that, before their rule lists are compared.
 */
static int
same_selection(const struct part *a, const struct part *b, struct diaglist *dl)
{
	const struct res_options *x = &a->run.opts, *y = &b->run.opts;
	char u[512], v[512];

	if (!same_globs(x->select_rules, x->nselect_rules, y->select_rules, y->nselect_rules)) {
		globs_text(u, sizeof(u), y->select_rules, y->nselect_rules);
		globs_text(v, sizeof(v), x->select_rules, x->nselect_rules);
		return differs(a, b, "--rule", u, v, dl);
	}
	if (!same_globs(x->skip_rules, x->nskip_rules, y->skip_rules, y->nskip_rules)) {
		globs_text(u, sizeof(u), y->skip_rules, y->nskip_rules);
		globs_text(v, sizeof(v), x->skip_rules, x->nskip_rules);
		return differs(a, b, "--skip-rule", u, v, dl);
	}
	if (x->commitments != y->commitments) {
		size_t nu = 0, nv = 0;

		u[0] = v[0] = '\0';
		for (int c = 1; c <= 8; c++) {
			if (y->commitments & (1u << c))
				nu += (size_t)snprintf(u + nu, sizeof(u) - nu, "%s%d", nu ? ", " : "", c);
			if (x->commitments & (1u << c))
				nv += (size_t)snprintf(v + nv, sizeof(v) - nv, "%s%d", nv ? ", " : "", c);
		}
		return differs(a, b, "--commitment", nu ? u : "not given", nv ? v : "not given",
		    dl);
	}
	return 0;
}

/*
 * The entity filter (--entity): a part that kept only some entities would
 * drop the others from the merged report without a word.
 */
static int
same_entity_filter(const struct part *a, const struct part *b, struct diaglist *dl)
{
	const struct res_options *x = &a->run.opts, *y = &b->run.opts;
	char u[512], v[512];

	if (same_globs(x->entities, x->nentities, y->entities, y->nentities))
		return 0;
	globs_text(u, sizeof(u), y->entities, y->nentities);
	globs_text(v, sizeof(v), x->entities, x->nentities);
	return differs(a, b, "--entity", u, v, dl);
}

/* Every option the reports record, the waivers and the baseline. */
static int
same_options(const struct part *a, const struct part *b, struct diaglist *dl)
{
	const struct res_options *x = &a->run.opts, *y = &b->run.opts;
	char u[64], v[64];

	if (x->builtin != y->builtin)
		return differs(a, b, "the rule source", y->builtin ? "built-in" : "files",
		    x->builtin ? "built-in" : "files", dl);
	if (strcmp(str(x->profile), str(y->profile)) != 0)
		return differs(a, b, "--profile", y->profile ? y->profile : "by subject",
		    x->profile ? x->profile : "by subject", dl);
	if (x->missing_skip != y->missing_skip)
		return differs(a, b, "--missing", y->missing_skip ? "skip" : "fail",
		    x->missing_skip ? "skip" : "fail", dl);
	if (x->fail_on != y->fail_on)
		return differs(a, b, "--fail-on", severity_names[y->fail_on],
		    severity_names[x->fail_on], dl);
	if (x->fail_on_new != y->fail_on_new)
		return differs(a, b, "--fail-on-new", severity_names[y->fail_on_new],
		    severity_names[x->fail_on_new], dl);
	if (x->has_fail_under != y->has_fail_under || x->fail_under != y->fail_under) {
		num_text(u, sizeof(u), y->has_fail_under, y->fail_under);
		num_text(v, sizeof(v), x->has_fail_under, x->fail_under);
		return differs(a, b, "--fail-under", u, v, dl);
	}
	if (x->has_min_coverage != y->has_min_coverage || x->min_coverage != y->min_coverage) {
		num_text(u, sizeof(u), y->has_min_coverage, y->min_coverage);
		num_text(v, sizeof(v), x->has_min_coverage, x->min_coverage);
		return differs(a, b, "--min-coverage", u, v, dl);
	}
	if (x->year != y->year) {
		num_text(u, sizeof(u), y->year != 0, y->year);
		num_text(v, sizeof(v), x->year != 0, x->year);
		return differs(a, b, "--year", u, v, dl);
	}
	if (x->has_trajectory != y->has_trajectory || x->traj_from != y->traj_from ||
	    x->traj_to != y->traj_to) {
		snprintf(u, sizeof(u), y->has_trajectory ? "%d:%d" : "not given", y->traj_from,
		    y->traj_to);
		snprintf(v, sizeof(v), x->has_trajectory ? "%d:%d" : "not given", x->traj_from,
		    x->traj_to);
		return differs(a, b, "--trajectory", u, v, dl);
	}
	if (a->run.has_waivers != b->run.has_waivers || (a->run.has_waivers &&
	    strcmp(a->run.waivers_sha256, b->run.waivers_sha256) != 0))
		return differs(a, b, "the waiver file", b->run.has_waivers ?
		    b->run.waivers_sha256 : "none", a->run.has_waivers ?
		    a->run.waivers_sha256 : "none", dl);
	if (a->run.has_baseline != b->run.has_baseline || (a->run.has_baseline &&
	    strcmp(a->run.baseline_sha256, b->run.baseline_sha256) != 0))
		return differs(a, b, "the baseline", b->run.has_baseline ?
		    b->run.baseline_sha256 : "none", a->run.has_baseline ?
		    a->run.baseline_sha256 : "none", dl);
	return 0;
}

/*
 * The waivers, judged alike: parts made with the same waiver file on
 * different days can disagree on whether a waiver had expired, and the
 * merged report would then say a waiver expired yet apply it.
 */
static int
same_waivers(const struct part *a, const struct part *b, struct diaglist *dl)
{
	for (size_t w = 0; w < a->run.nwaivers && w < b->run.nwaivers; w++) {
		const struct res_waiver *x = &a->run.waivers[w], *y = &b->run.waivers[w];

		if (x->expired == y->expired)
			continue;
		diag_error(dl, b->path, 0, 0, "its waivers were judged on another day than "
		    "those of '%s': the waiver of rule '%s' for '%s' expiring %s is %s here, "
		    "%s there; make the parts again on the same day", a->path, y->rule,
		    y->entity, y->expires, y->expired ? "expired" : "in force",
		    x->expired ? "expired" : "in force");
		return -1;
	}
	return 0;
}

/* Shards form a complete set: N parts numbered 1 to N, each once. */
static int
check_shards(struct part *ps, size_t n, struct diaglist *dl)
{
	int total = ps[0].run.shard_n;
	size_t *seen;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if ((ps[i].run.shard_n != 0) != (total != 0) ||
		    (total != 0 && ps[i].run.shard_n != total)) {
			diag_error(dl, ps[i].path, 0, 0, "a %s, but '%s' is %s: parts are all "
			    "the shards of one run, or all whole runs", ps[i].run.shard_n ?
			    "shard" : "whole run", ps[0].path, total ? "a shard" : "a whole run");
			return -1;
		}
	if (total == 0)
		return 0;
	seen = xcalloc((size_t)total + 1, sizeof(*seen));
	for (size_t i = 0; i < n; i++) {
		int k = ps[i].run.shard_k;

		if (seen[k] != 0) {
			diag_error(dl, ps[i].path, 0, 0, "shard %d of %d is given twice (also "
			    "'%s')", k, total, ps[seen[k] - 1].path);
			rc = -1;
		}
		seen[k] = i + 1;
	}
	for (int k = 1; k <= total; k++)
		if (seen[k] == 0) {
			diag_error(dl, NULL, 0, 0, "shard %d of %d is missing: a merge of shards "
			    "needs every part", k, total);
			rc = -1;
		}
	free(seen);
	return rc;
}

/*
 * Whole runs' inputs must have paths of their own: a value's source names
 * its input by path, and a report read back could not tell two inputs of
 * one path apart (one run cannot name a file twice either).
 */
static int
distinct_paths(const struct part *ps, size_t n, const struct res_run *m,
    struct diaglist *dl)
{
	struct strtab paths;
	size_t *part = xcalloc(m->ninputs + 1, sizeof(*part)), k = 0;
	int rc = 0;

	strtab_init(&paths, false);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < ps[i].run.ninputs; j++, k++) {
			const char *path = m->inputs[k].path;
			size_t before = paths.n;
			int x = strtab_intern(&paths, path, strlen(path));

			if (paths.n > before) {
				part[x] = i;
				continue;
			}
			diag_error(dl, ps[i].path, 0, 0, "its input '%s' has the path of an "
			    "input of '%s': the values of a merged report name their input by "
			    "path, so each input needs a path of its own (run each member on "
			    "a path of its own, such as south/data.csv, or use --shard)",
			    path, ps[part[x]].path);
			rc = -1;
		}
	strtab_release(&paths);
	free(part);
	return rc;
}

/*
 * The merged inputs: the shards of a run read the same files, every row of
 * them, each counting what it used; whole runs bring their own inputs.
 */
static int
merge_inputs(struct part *ps, size_t n, struct res_run *m, struct arena *a,
    struct diaglist *dl)
{
	size_t total = 0;

	if (ps[0].run.shard_n == 0) {
		for (size_t i = 0; i < n; i++) {
			ps[i].offset = (int)total;
			total += ps[i].run.ninputs;
		}
		m->inputs = arena_array(a, total + 1, sizeof(*m->inputs));
		for (size_t i = 0; i < n; i++)
			memcpy(m->inputs + ps[i].offset, ps[i].run.inputs,
			    ps[i].run.ninputs * sizeof(*m->inputs));
		m->ninputs = total;
		return distinct_paths(ps, n, m, dl);
	}
	m->ninputs = ps[0].run.ninputs;
	m->inputs = arena_array(a, m->ninputs + 1, sizeof(*m->inputs));
	memcpy(m->inputs, ps[0].run.inputs, m->ninputs * sizeof(*m->inputs));
	for (size_t j = 0; j < m->ninputs; j++) {
		struct res_input *in = &m->inputs[j];

		in->used = 0;
		memset(in->ignored_by, 0, sizeof(in->ignored_by));
		for (size_t i = 0; i < n; i++) {
			const struct res_input *p = &ps[i].run.inputs[j];

			if (ps[i].run.ninputs != m->ninputs || strcmp(p->path, in->path) != 0 ||
			    strcmp(p->sha256, in->sha256) != 0 || p->read != in->read) {
				diag_error(dl, ps[i].path, 0, 0, "a shard of another run than '%s': "
				    "it did not read the same inputs", ps[0].path);
				return -1;
			}
			in->used += p->used;
			for (int k = 0; k < IGN__COUNT; k++)
				if (k != IGN_OTHER_SHARD)
					in->ignored_by[k] += p->ignored_by[k];
		}
		/* Each part's accounting adds up (the loader checks); so must theirs. */
		{
			size_t by_sum = 0;

			for (int k = 0; k < IGN__COUNT; k++)
				by_sum += in->ignored_by[k];
			if (in->used > in->read || by_sum != in->read - in->used) {
				diag_error(dl, ps[n - 1].path, 0, 0, "the shards' row accounting "
				    "of '%s' does not add up: %zu rows read, %zu used, %zu "
				    "ignored by reason", in->path, in->read, in->used, by_sum);
				return -1;
			}
		}
		in->ignored = in->read - in->used;
	}
	return 0;
}

/* The next entity of part p, or p->has false at its end. */
static int
advance(struct part *p, struct diaglist *dl)
{
	p->has = false;
	if (p->next >= p->n)
		return 0;
	arena_reset(&p->a);
	if (res_load_entity(p->l, p->next++, &p->e, &p->a, dl) != 0)
		return -1;
	p->has = true;
	return 0;
}

/* Shift the input numbers of e's sources by off (whole runs' inputs follow one another). */
static void
shift_sources(struct res_entity *e, int off)
{
	if (off == 0)
		return;
	if (e->first.input >= 0)
		e->first.input += off;
	for (size_t i = 0; i < e->nrules; i++) {
		struct res_rule *r = &e->rules[i];

		if (r->src.input >= 0)
			r->src.input += off;
		if (r->base_src.input >= 0)
			r->base_src.input += off;
		for (size_t k = 0; k < r->nops; k++)
			if (r->ops[k].src.input >= 0)
				r->ops[k].src.input += off;
	}
}

/* The merged header: the first part's, with the others' counts and parts. */
static int
merge_header(struct part *ps, size_t n, const struct rc_request *o, struct res_run *m,
    struct arena *a, struct diaglist *dl)
{
	struct tm tm;
	bool any = false;

	*m = ps[0].run;
	m->shard_k = m->shard_n = 0;
	gmtime_r(&o->now, &tm);
	strftime(m->generated, sizeof(m->generated), "%Y-%m-%dT%H:%M:%SZ", &tm);
	m->nentities = 0;
	m->year = m->opts.year;
	m->years_vary = false;
	for (size_t i = 0; i < n; i++) {
		const struct res_run *r = &ps[i].run;

		m->nentities += r->nentities;
		if (r->nentities == 0 || m->opts.year != 0)
			continue;
		if (r->years_vary || (any && r->year != m->year))
			m->years_vary = true;
		else
			m->year = r->year;
		any = true;
	}
	if (m->years_vary)
		m->year = 0;
	/* A waiver is used when a result of any part used it. */
	m->waivers = arena_array(a, m->nwaivers + 1, sizeof(*m->waivers));
	memcpy(m->waivers, ps[0].run.waivers, m->nwaivers * sizeof(*m->waivers));
	for (size_t i = 1; i < n; i++)
		for (size_t w = 0; w < m->nwaivers && w < ps[i].run.nwaivers; w++)
			m->waivers[w].used = m->waivers[w].used || ps[i].run.waivers[w].used;
	m->nparts = n;
	m->parts = arena_array(a, n, sizeof(*m->parts));
	for (size_t i = 0; i < n; i++) {
		m->parts[i].file = ps[i].path;
		memcpy(m->parts[i].sha256, res_load_sha256(ps[i].l), sizeof(m->parts[i].sha256));
	}
	return merge_inputs(ps, n, m, a, dl);
}

int
run_merge(const struct rc_request *o, struct diaglist *dl)
{
	struct part *ps = xcalloc(o->ninputs ? o->ninputs : 1, sizeof(*ps));
	const char **inputs = xcalloc(o->ninputs ? o->ninputs : 1, sizeof(*inputs));
	size_t n = o->ninputs;
	struct output_set outs;
	struct report rep;
	struct res_run m;
	struct arena a;
	bool ok = true;
	int rc = RC_OK;

	output_set_init(&outs);
	arena_init(&a);
	for (size_t i = 0; i < o->noutputs; i++)
		output_set_add(&outs, o->outputs[i].file);
	for (size_t i = 0; i < n; i++)
		inputs[i] = strcmp(o->inputs[i], "-") == 0 ? NULL : o->inputs[i];
	if (output_set_check(&outs, inputs, n, dl) != 0) {
		rc = RC_USAGE;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		ps[i].path = o->inputs[i];
		arena_init(&ps[i].a);
		if ((ps[i].l = res_load(o->inputs[i], PACKAGE_VERSION, &ps[i].run, dl)) == NULL)
			rc = RC_INPUT;
		else
			ps[i].n = res_load_count(ps[i].l);
	}
	if (rc != RC_OK)
		goto out;
	/*
	 * Another rule selection is an option that differs; a rule book that
	 * differs otherwise is a rule error, whatever else differs too.
	 */
	for (size_t i = 1; i < n; i++)
		if (same_selection(&ps[0], &ps[i], dl) != 0)
			rc = RC_INPUT;
	if (rc != RC_OK)
		goto out;
	for (size_t i = 1; i < n; i++)
		if (same_rules(&ps[0], &ps[i], dl) != 0)
			rc = RC_RULES;
	if (rc != RC_OK)
		goto out;
	for (size_t i = 1; i < n; i++)
		if (same_options(&ps[0], &ps[i], dl) != 0 ||
		    same_entity_filter(&ps[0], &ps[i], dl) != 0 ||
		    same_waivers(&ps[0], &ps[i], dl) != 0)
			rc = RC_INPUT;
	if (rc != RC_OK || check_shards(ps, n, dl) != 0 || check_parts(ps, n, dl) != 0 ||
	    merge_header(ps, n, o, &m, &a, dl) != 0) {
		rc = RC_INPUT;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (advance(&ps[i], dl) != 0)
			rc = RC_INPUT;
	if (rc != RC_OK)
		goto out;
	if ((rc = run_open_reports(o, &m, &outs, &rep, dl)) != 0) {
		report_release(&rep);
		goto out;
	}
	/* Each part is in id order: take the smallest head each time. */
	for (;;) {
		struct part *min = NULL;

		for (size_t i = 0; i < n; i++) {
			int c;

			if (!ps[i].has)
				continue;
			if (min == NULL || (c = strcmp(ps[i].e.id, min->e.id)) < 0) {
				min = &ps[i];
			} else if (c == 0) {
				diag_error(dl, ps[i].path, 0, 0, "entity '%s' is also in '%s': "
				    "parts may not overlap (a part given twice?)", ps[i].e.id,
				    min->path);
				rc = RC_INPUT;
			}
		}
		if (min == NULL || rc != RC_OK)
			break;
		shift_sources(&min->e, min->offset);
		if (report_entity(&rep, &min->e, NULL) != 0) {
			ok = false;
			break;
		}
		if (advance(min, dl) != 0) {
			rc = RC_INPUT;
			break;
		}
	}
	ok = ok && rc == RC_OK && report_end(&rep) == 0;
	rc = run_end_reports(&outs, &rep, ok, rc, dl);
out:
	for (size_t i = 0; i < n; i++) {
		res_load_free(ps[i].l);
		arena_release(&ps[i].a);
	}
	free(ps);
	free(inputs);
	arena_release(&a);
	output_set_release(&outs);
	return rc;
}
