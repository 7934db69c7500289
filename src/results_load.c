/*
 * A json report read back into the results model (see results_load.h). The
 * document is parsed by jansson and kept while the model's texts point
 * into it; every field is checked as it is taken, and a problem names its
 * JSON path. Writers then render the model as they render a run.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "digest.h"
#include "jread.h"
#include "results_load.h"
#include "strbuf.h"
#include "strtab.h"
#include "xalloc.h"

struct res_loader {
	json_t *doc;
	json_t *entities;               /* the array */
	struct arena arena;             /* the header's arrays */
	struct res_run *run;
	const char *file;               /* for messages */
	struct strtab rule_ids;         /* index = rule number */
	struct strtab ind_ids;          /* index = indicator number */
	struct strtab set_ids;          /* index = rule-set number */
	/* Where each waiver is, to find a rule result's waiver. */
	int *waiver_line, *waiver_col;
	char sha256[65];                /* of the report's bytes */
};

/* A cursor on the document (jread.h) and the loader it fills. */
struct jc {
	struct jread r;
	struct res_loader *l;
};

/* Copy a string of at most size - 1 bytes into buf. */
static void
get_fixed(struct jc *c, const json_t *o, const char *key, char *buf, size_t size)
{
	const char *s = jread_str(&c->r, o, key, false);

	buf[0] = '\0';
	if (s == NULL)
		return;
	if (strlen(s) >= size) {
		jread_error_at(&c->r, key, "is too long");
		return;
	}
	memcpy(buf, s, strlen(s) + 1);
}

static void
get_sha(struct jc *c, const json_t *o, const char *key, char *buf)
{
	get_fixed(c, o, key, buf, 65);
	for (size_t i = 0; buf[0] != '\0' && i < 64; i++) {
		if (!((buf[i] >= '0' && buf[i] <= '9') || (buf[i] >= 'a' && buf[i] <= 'f'))) {
			jread_error_at(&c->r, key, "is not a SHA-256 digest");
			return;
		}
	}
}

/* ---- values and sources ---- */

/* The input a source names, by its path; -1 for null. */
static void
source_of(struct jc *c, const json_t *o, const char *key, struct res_source *src)
{
	json_t *v = jread_member(&c->r, o, key, true);
	const struct res_run *run = c->l->run;
	size_t m = jread_enter(&c->r, key, 0);
	const char *file;
	long long line;

	src->input = -1;
	src->line = 0;
	if (v == NULL || json_is_null(v)) {
		jread_leave(&c->r, m);
		return;
	}
	if (!json_is_object(v)) {
		jread_error(&c->r, "must be an object, not %s", jread_type(v));
		jread_leave(&c->r, m);
		return;
	}
	file = jread_str(&c->r, v, "file", false);
	if (jread_int(&c->r, v, "line", false, 0, UINT32_MAX, &line))
		src->line = (uint32_t)line;
	for (size_t i = 0; file != NULL && i < run->ninputs; i++) {
		if (strcmp(run->inputs[i].path, file) == 0) {
			src->input = (int)i;
			break;
		}
	}
	if (file != NULL && src->input < 0)
		jread_error(&c->r, "file '%s' is none of the report's inputs", file);
	jread_leave(&c->r, m);
}

/* ---- the header ---- */

/* options.trajectory: {from, to}, or null. */
static void
load_trajectory_option(struct jc *c, const json_t *o, struct res_run *run)
{
	json_t *t = jread_kind(&c->r, o, "trajectory", JSON_OBJECT, true);
	long long from, to;
	size_t m;

	if (t == NULL)
		return;
	m = jread_enter(&c->r, "trajectory", 0);
	if (jread_int(&c->r, t, "from", false, 1900, 2100, &from) &&
	    jread_int(&c->r, t, "to", false, 1900, 2100, &to)) {
		if (from >= to)
			jread_error(&c->r, "from must be before to");
		run->opts.has_trajectory = from < to;
		run->opts.traj_from = (int)from;
		run->opts.traj_to = (int)to;
	}
	jread_leave(&c->r, m);
}

/* An entity's "trajectory": one point per year of the run's range, or null. */
static void
load_trajectory(struct jc *c, const json_t *o, struct res_entity *e, struct arena *a)
{
	const struct res_options *opt = &c->l->run->opts;
	json_t *t = jread_kind(&c->r, o, "trajectory", JSON_ARRAY, true);
	size_t m, n = opt->has_trajectory ? (size_t)(opt->traj_to - opt->traj_from + 1) : 0;

	if (t == NULL && n == 0)
		return;
	m = jread_enter(&c->r, "trajectory", 0);
	if (t == NULL || json_array_size(t) != n) {
		jread_error(&c->r, "must hold one point per year from %d to %d",
		    opt->traj_from, opt->traj_to);
		jread_leave(&c->r, m);
		return;
	}
	e->trajectory = arena_array(a, n, sizeof(*e->trajectory));
	e->ntrajectory = n;
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(t, i);
		struct res_point *pt = &e->trajectory[i];
		size_t mi = jread_enter(&c->r, NULL, i);
		long long y;

		if (jread_int(&c->r, p, "year", false, 1900, 2100, &y) &&
		    y != opt->traj_from + (long long)i)
			jread_error(&c->r, "year %lld, but the range says %d", y,
			    opt->traj_from + (int)i);
		pt->year = opt->traj_from + (int)i;
		pt->has_score = jread_num(&c->r, p, "score", true, &pt->score);
		pt->has_coverage = jread_num(&c->r, p, "coverage", true, &pt->coverage);
		jread_leave(&c->r, mi);
	}
	jread_leave(&c->r, m);
}

/* An array of strings under key (an empty one reads as none). */
static const char **
load_strings(struct jc *c, const json_t *o, const char *key, size_t *n)
{
	json_t *a = jread_kind(&c->r, o, key, JSON_ARRAY, false);
	const char **v;
	size_t m;

	*n = 0;
	if (a == NULL)
		return NULL;
	m = jread_enter(&c->r, key, 0);
	v = arena_array(&c->l->arena, json_array_size(a) + 1, sizeof(*v));
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *s = json_array_get(a, i);

		if (!json_is_string(s)) {
			jread_error(&c->r, "[%zu] is %s, not a string", i, jread_type(s));
			continue;
		}
		v[(*n)++] = json_string_value(s);
	}
	jread_leave(&c->r, m);
	return v;
}

/* options.commitment: the commitments selected, in order, each once. */
static void
load_commitments(struct jc *c, const json_t *o, struct res_run *run)
{
	json_t *a = jread_kind(&c->r, o, "commitment", JSON_ARRAY, false);
	size_t m;
	int last = 0;

	if (a == NULL)
		return;
	m = jread_enter(&c->r, "commitment", 0);
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *v = json_array_get(a, i);
		json_int_t n = json_is_integer(v) ? json_integer_value(v) : 0;

		if (n <= last || n > 8) {
			jread_error(&c->r, "[%zu] is not a commitment from 1 to 8 in order", i);
			continue;
		}
		run->opts.commitments |= 1u << n;
		last = (int)n;
	}
	jread_leave(&c->r, m);
}

static void
load_options(struct jc *c, const json_t *doc, struct res_run *run)
{
	json_t *o = jread_kind(&c->r, doc, "options", JSON_OBJECT, false);
	size_t m = jread_enter(&c->r, "options", 0);
	const char *rules, *missing;
	int sev;

	if (o == NULL) {
		jread_leave(&c->r, m);
		return;
	}
	rules = jread_str(&c->r, o, "rules", false);
	run->opts.builtin = rules != NULL && strcmp(rules, "built-in") == 0;
	run->opts.profile = jread_str(&c->r, o, "profile", true);
	missing = jread_str(&c->r, o, "missing", false);
	run->opts.missing_skip = missing != NULL && strcmp(missing, "skip") == 0;
	if ((sev = jread_name(&c->r, o, "fail_on", severity_names, 0)) >= 0)
		run->opts.fail_on = (enum severity)sev;
	run->opts.has_fail_under = jread_num(&c->r, o, "fail_under", true, &run->opts.fail_under);
	run->opts.has_min_coverage = jread_num(&c->r, o, "min_coverage", true,
	    &run->opts.min_coverage);
	load_trajectory_option(c, o, run);
	{
		long long y;

		if (jread_int(&c->r, o, "year", true, 1900, 2100, &y))
			run->opts.year = (int)y;
	}
	if (!json_is_null(jread_member(&c->r, o, "fail_on_new", true)) &&
	    (sev = jread_name(&c->r, o, "fail_on_new", severity_names, SEV_LOW)) >= 0)
		run->opts.fail_on_new = (enum severity)sev;
	run->opts.select_rules = load_strings(c, o, "rule", &run->opts.nselect_rules);
	run->opts.skip_rules = load_strings(c, o, "skip_rule", &run->opts.nskip_rules);
	load_commitments(c, o, run);
	jread_leave(&c->r, m);
}

/* "tailoring": the overlay and its changes, or null. */
static void
load_tailoring(struct jc *c, const json_t *doc, struct res_run *run)
{
	json_t *t = jread_kind(&c->r, doc, "tailoring", JSON_OBJECT, true), *a;
	size_t m;

	if (t == NULL)
		return;
	m = jread_enter(&c->r, "tailoring", 0);
	run->has_tailoring = true;
	run->tailoring_file = jread_str(&c->r, t, "file", false);
	run->tailoring_name = jread_str(&c->r, t, "name", false);
	get_sha(c, t, "sha256", run->tailoring_sha256);
	if ((a = jread_kind(&c->r, t, "changes", JSON_ARRAY, false)) != NULL) {
		size_t mc = jread_enter(&c->r, "changes", 0);

		run->nchanges = json_array_size(a);
		run->changes = arena_array(&c->l->arena, run->nchanges + 1, sizeof(*run->changes));
		for (size_t i = 0; i < run->nchanges; i++) {
			json_t *o = json_array_get(a, i);
			struct res_change *ch = &run->changes[i];
			size_t mi = jread_enter(&c->r, NULL, i);
			int k = jread_name(&c->r, o, "change", res_change_kinds, 0);

			ch->kind = k >= 0 ? res_change_kinds[k] : "";
			ch->id = jread_str(&c->r, o, "id", false);
			ch->field = jread_str(&c->r, o, "field", true);
			ch->from = jread_str(&c->r, o, "from", true);
			ch->to = jread_str(&c->r, o, "to", true);
			jread_leave(&c->r, mi);
		}
		jread_leave(&c->r, mc);
	}
	jread_leave(&c->r, m);
}

/* "project_file": the file options were read from, or null. */
static void
load_project(struct jc *c, const json_t *doc, struct res_run *run)
{
	json_t *p = jread_kind(&c->r, doc, "project_file", JSON_OBJECT, true);
	size_t m;

	if (p == NULL)
		return;
	m = jread_enter(&c->r, "project_file", 0);
	run->has_project = true;
	run->project_file = jread_str(&c->r, p, "file", false);
	get_sha(c, p, "sha256", run->project_sha256);
	jread_leave(&c->r, m);
}

/* "shard" ({k, n} or null) and "merged_from" (the parts, or null). */
static void
load_parts(struct jc *c, const json_t *doc, struct res_run *run)
{
	json_t *s = jread_kind(&c->r, doc, "shard", JSON_OBJECT, true);
	json_t *a = jread_kind(&c->r, doc, "merged_from", JSON_ARRAY, true);
	long long k, n;

	if (s != NULL) {
		size_t m = jread_enter(&c->r, "shard", 0);

		if (jread_int(&c->r, s, "n", false, 1, 1000000, &n) &&
		    jread_int(&c->r, s, "k", false, 1, n, &k)) {
			run->shard_k = (int)k;
			run->shard_n = (int)n;
		}
		jread_leave(&c->r, m);
	}
	if (a != NULL) {
		size_t m = jread_enter(&c->r, "merged_from", 0);

		run->nparts = json_array_size(a);
		run->parts = arena_array(&c->l->arena, run->nparts + 1, sizeof(*run->parts));
		for (size_t i = 0; i < run->nparts; i++) {
			json_t *p = json_array_get(a, i);
			size_t mi = jread_enter(&c->r, NULL, i);

			run->parts[i].file = jread_str(&c->r, p, "file", false);
			get_sha(c, p, "sha256", run->parts[i].sha256);
			jread_leave(&c->r, mi);
		}
		jread_leave(&c->r, m);
	}
}

/* "baseline": the earlier report compared with, or null. */
static void
load_baseline(struct jc *c, const json_t *doc, struct res_run *run)
{
	json_t *b = jread_kind(&c->r, doc, "baseline", JSON_OBJECT, true);
	size_t m;

	if (b == NULL)
		return;
	m = jread_enter(&c->r, "baseline", 0);
	run->has_baseline = true;
	run->baseline_file = jread_str(&c->r, b, "file", false);
	get_sha(c, b, "sha256", run->baseline_sha256);
	jread_leave(&c->r, m);
}

static void
load_rulesets(struct jc *c, const json_t *doc, struct res_run *run)
{
	json_t *a = jread_kind(&c->r, doc, "rulesets", JSON_ARRAY, false);
	size_t m = jread_enter(&c->r, "rulesets", 0);

	run->nrulesets = a ? json_array_size(a) : 0;
	run->rulesets = arena_array(&c->l->arena, run->nrulesets + 1, sizeof(*run->rulesets));
	for (size_t i = 0; i < run->nrulesets; i++) {
		json_t *o = json_array_get(a, i);
		struct res_ruleset *d = &run->rulesets[i];
		size_t mi = jread_enter(&c->r, NULL, i);
		long long n = 0;

		if (!json_is_object(o)) {
			jread_error(&c->r, "must be an object");
			jread_leave(&c->r, mi);
			continue;
		}
		d->id = jread_str(&c->r, o, "id", false);
		if (d->id != NULL)
			strtab_intern(&c->l->set_ids, d->id, strlen(d->id));
		if (jread_int(&c->r, o, "commitment", false, 1, 8, &n))
			d->commitment = (int)n;
		d->title = jread_str(&c->r, o, "title", false);
		d->file = jread_str(&c->r, o, "file", false);
		get_sha(c, o, "sha256", d->sha256);
		jread_num(&c->r, o, "weight", false, &d->weight);
		if (jread_int(&c->r, o, "rules", false, 0, SIZE_MAX / 2, &n))
			d->nrules = (size_t)n;
		jread_leave(&c->r, mi);
	}
	jread_leave(&c->r, m);
}

static void
load_indicators(struct jc *c, const json_t *doc, struct res_run *run)
{
	json_t *a = jread_kind(&c->r, doc, "indicators", JSON_ARRAY, false);
	size_t m = jread_enter(&c->r, "indicators", 0);

	run->nindicators = a ? json_array_size(a) : 0;
	run->indicators = arena_array(&c->l->arena, run->nindicators + 1,
	    sizeof(*run->indicators));
	for (size_t i = 0; i < run->nindicators; i++) {
		json_t *o = json_array_get(a, i);
		size_t mi = jread_enter(&c->r, NULL, i);

		if (!json_is_object(o)) {
			jread_error(&c->r, "must be an object");
		} else {
			long long dec;

			run->indicators[i].id = jread_str(&c->r, o, "id", false);
			run->indicators[i].unit = jread_str(&c->r, o, "unit", false);
			run->indicators[i].decimals = jread_int(&c->r, o, "decimals", true, 0, 6,
			    &dec) ? (int)dec : -1;
			if (run->indicators[i].id != NULL)
				strtab_intern(&c->l->ind_ids, run->indicators[i].id,
				    strlen(run->indicators[i].id));
		}
		jread_leave(&c->r, mi);
	}
	jread_leave(&c->r, m);
}

/* An id looked up in a table of the header, or -1 with a message. */
static int
lookup(struct jc *c, const struct strtab *t, const char *id, const char *what)
{
	int k;

	if (id == NULL)
		return -1;
	if ((k = strtab_find(t, id, strlen(id))) < 0)
		jread_error(&c->r, "unknown %s '%s'", what, id);
	return k;
}

/* A rule's "alternatives": ids, checked against the rules once all are read. */
static void
load_alternatives(struct jc *c, const json_t *o, struct res_ruledef *d)
{
	json_t *a = jread_kind(&c->r, o, "alternatives", JSON_ARRAY, false);
	size_t m = jread_enter(&c->r, "alternatives", 0);

	d->nalternatives = 0;
	d->alternatives = arena_array(&c->l->arena, (a ? json_array_size(a) : 0) + 1,
	    sizeof(*d->alternatives));
	for (size_t i = 0; a != NULL && i < json_array_size(a); i++) {
		json_t *v = json_array_get(a, i);
		size_t mi = jread_enter(&c->r, NULL, i);

		if (json_is_string(v))
			d->alternatives[d->nalternatives++] = json_string_value(v);
		else
			jread_error(&c->r, "must be a string, not %s", jread_type(v));
		jread_leave(&c->r, mi);
	}
	jread_leave(&c->r, m);
}

static void
load_rules(struct jc *c, const json_t *doc, struct res_run *run)
{
	json_t *a = jread_kind(&c->r, doc, "rules", JSON_ARRAY, false);
	size_t m = jread_enter(&c->r, "rules", 0);

	run->nrules = a ? json_array_size(a) : 0;
	run->rules = arena_array(&c->l->arena, run->nrules + 1, sizeof(*run->rules));
	for (size_t i = 0; i < run->nrules; i++) {
		json_t *o = json_array_get(a, i);
		struct res_ruledef *d = &run->rules[i];
		size_t mi = jread_enter(&c->r, NULL, i);
		const char *ind;
		long long age;
		int k, sev;

		d->indicator = -1;
		if (!json_is_object(o)) {
			jread_error(&c->r, "must be an object");
			jread_leave(&c->r, mi);
			continue;
		}
		d->id = jread_str(&c->r, o, "id", false);
		if (d->id != NULL) {
			size_t before = c->l->rule_ids.n;

			strtab_intern(&c->l->rule_ids, d->id, strlen(d->id));
			if (c->l->rule_ids.n == before)
				jread_error(&c->r, "rule '%s' is given twice", d->id);
		}
		if ((k = lookup(c, &c->l->set_ids, jread_str(&c->r, o, "ruleset", false), "rule set")) >= 0)
			d->ruleset = (size_t)k;
		d->title = jread_str(&c->r, o, "title", false);
		if ((sev = jread_name(&c->r, o, "severity", severity_names, SEV_LOW)) >= 0)
			d->severity = (enum severity)sev;
		jread_num(&c->r, o, "weight", false, &d->weight);
		ind = jread_str(&c->r, o, "indicator", true);
		if (ind != NULL)
			d->indicator = lookup(c, &c->l->ind_ids, ind, "indicator");
		d->max_age = -1;
		if (jread_int(&c->r, o, "max_age", true, 0, 1000, &age))
			d->max_age = (int)age;
		load_alternatives(c, o, d);
		{
			size_t mt = jread_enter(&c->r, "target", 0);
			struct check *t = arena_alloc(&c->l->arena, sizeof(*t));

			check_from_json(&c->r, json_object_get(o, "target"),
			    jread_str(&c->r, o, "target_text", false), t);
			d->target = t;
			jread_leave(&c->r, mt);
		}
		d->rationale = jread_str(&c->r, o, "rationale", true);
		d->remediation = jread_str(&c->r, o, "remediation", true);
		jread_bool(&c->r, o, "baseline_changed", &d->baseline_changed);
		jread_leave(&c->r, mi);
	}
	for (size_t i = 0; i < run->nrules; i++) {
		size_t mi = jread_enter(&c->r, NULL, i), ma = jread_enter(&c->r, "alternatives", 0);

		for (size_t k = 0; k < run->rules[i].nalternatives; k++) {
			size_t mk = jread_enter(&c->r, NULL, k);

			(void)lookup(c, &c->l->rule_ids, run->rules[i].alternatives[k], "rule");
			jread_leave(&c->r, mk);
		}
		jread_leave(&c->r, ma);
		jread_leave(&c->r, mi);
	}
	jread_leave(&c->r, m);
}

static void
load_inputs(struct jc *c, const json_t *doc, struct res_run *run)
{
	json_t *a = jread_kind(&c->r, doc, "inputs", JSON_ARRAY, false);
	size_t m = jread_enter(&c->r, "inputs", 0);

	run->ninputs = a ? json_array_size(a) : 0;
	run->inputs = arena_array(&c->l->arena, run->ninputs + 1, sizeof(*run->inputs));
	for (size_t i = 0; i < run->ninputs; i++) {
		json_t *o = json_array_get(a, i), *rows, *by;
		struct res_input *d = &run->inputs[i];
		size_t mi = jread_enter(&c->r, NULL, i);
		long long n;

		if (!json_is_object(o)) {
			jread_error(&c->r, "must be an object");
			jread_leave(&c->r, mi);
			continue;
		}
		d->path = jread_str(&c->r, o, "path", false);
		get_sha(c, o, "sha256", d->sha256);
		d->layout = jread_str(&c->r, o, "layout", true);
		if ((rows = jread_kind(&c->r, o, "rows", JSON_OBJECT, false)) != NULL) {
			size_t mr = jread_enter(&c->r, "rows", 0);

			if (jread_int(&c->r, rows, "read", false, 0, LLONG_MAX, &n))
				d->read = (size_t)n;
			if (jread_int(&c->r, rows, "used", false, 0, LLONG_MAX, &n))
				d->used = (size_t)n;
			if (jread_int(&c->r, rows, "ignored", false, 0, LLONG_MAX, &n))
				d->ignored = (size_t)n;
			if ((by = jread_kind(&c->r, rows, "ignored_by", JSON_OBJECT, false)) != NULL) {
				const char *key;
				json_t *v;
				size_t mb = jread_enter(&c->r, "ignored_by", 0);

				json_object_foreach(by, key, v) {
					char name[64];
					int k = -1;

					for (int j = 0; j < IGN__COUNT; j++) {
						snprintf(name, sizeof(name), "%s", ignore_reason_names[j]);
						for (char *p = name; *p; p++)
							if (*p == ' ')
								*p = '_';
						if (strcmp(name, key) == 0)
							k = j;
					}
					if (k < 0)
						jread_error(&c->r, "unknown reason '%s'", key);
					else if (jread_int(&c->r, by, key, false, 0, LLONG_MAX, &n))
						d->ignored_by[k] = (size_t)n;
				}
				jread_leave(&c->r, mb);
			}
			jread_leave(&c->r, mr);
		}
		jread_leave(&c->r, mi);
	}
	jread_leave(&c->r, m);
}

static void
waiver_of(struct jc *c, const json_t *o, struct res_waiver *w)
{
	long long n;

	w->rule = jread_str(&c->r, o, "rule", false);
	w->entity = jread_str(&c->r, o, "entity", false);
	w->reason = jread_str(&c->r, o, "reason", false);
	get_fixed(c, o, "expires", w->expires, sizeof(w->expires));
	w->approved_by = jread_str(&c->r, o, "approved_by", true);
	w->file = jread_str(&c->r, o, "file", false);
	if (jread_int(&c->r, o, "line", false, 0, INT32_MAX, &n))
		w->line = (int)n;
	if (jread_int(&c->r, o, "column", false, 0, INT32_MAX, &n))
		w->col = (int)n;
}

static int
waiver_order(const void *a, const void *b)
{
	const struct res_waiver *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/*
 * The waivers, in file order again (the report lists those in force and
 * those expired apart), with whether the run used each.
 */
static void
load_waivers(struct jc *c, const json_t *doc, struct res_run *run)
{
	json_t *o = jread_kind(&c->r, doc, "waivers", JSON_OBJECT, false), *lists[3];
	size_t m = jread_enter(&c->r, "waivers", 0), n = 0;
	static const char *const names[] = { "applied", "expired", "unused" };

	if (o == NULL) {
		jread_leave(&c->r, m);
		return;
	}
	run->waivers_file = jread_str(&c->r, o, "file", true);
	run->has_waivers = run->waivers_file != NULL;
	if (run->has_waivers)
		get_sha(c, o, "sha256", run->waivers_sha256);
	for (int k = 0; k < 3; k++) {
		lists[k] = jread_kind(&c->r, o, names[k], JSON_ARRAY, false);
		if (k < 2 && lists[k] != NULL)
			n += json_array_size(lists[k]);
	}
	run->waivers = arena_array(&c->l->arena, n + 1, sizeof(*run->waivers));
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; lists[k] != NULL && i < json_array_size(lists[k]); i++) {
			struct res_waiver *w = &run->waivers[run->nwaivers++];
			size_t mk = jread_enter(&c->r, names[k], 0), mi = jread_enter(&c->r, NULL, i);

			if (!json_is_object(json_array_get(lists[k], i)))
				jread_error(&c->r, "must be an object");
			else
				waiver_of(c, json_array_get(lists[k], i), w);
			w->expired = k == 1;
			w->used = k == 0;
			jread_leave(&c->r, mi);
			jread_leave(&c->r, mk);
		}
	}
	qsort(run->waivers, run->nwaivers, sizeof(*run->waivers), waiver_order);
	for (size_t i = 0; lists[2] != NULL && i < json_array_size(lists[2]); i++) {
		struct res_waiver u = {0};
		size_t mk = jread_enter(&c->r, "unused", 0), mi = jread_enter(&c->r, NULL, i);
		bool found = false;

		if (json_is_object(json_array_get(lists[2], i)))
			waiver_of(c, json_array_get(lists[2], i), &u);
		for (size_t j = 0; j < run->nwaivers; j++) {
			if (run->waivers[j].line == u.line && run->waivers[j].col == u.col &&
			    !run->waivers[j].expired) {
				run->waivers[j].used = false;
				found = true;
			}
		}
		if (!found)
			jread_error(&c->r, "is not among the waivers in force");
		jread_leave(&c->r, mi);
		jread_leave(&c->r, mk);
	}
	c->l->waiver_line = arena_array(&c->l->arena, run->nwaivers + 1, sizeof(int));
	c->l->waiver_col = arena_array(&c->l->arena, run->nwaivers + 1, sizeof(int));
	for (size_t i = 0; i < run->nwaivers; i++) {
		c->l->waiver_line[i] = run->waivers[i].line;
		c->l->waiver_col[i] = run->waivers[i].col;
	}
	jread_leave(&c->r, m);
}

static void
load_header(struct jc *c, const json_t *doc, struct res_run *run, const char *version)
{
	json_t *tool;
	long long n;

	if (!jread_int(&c->r, doc, "report_format", false, 0, INT32_MAX, &n))
		return;
	if (n != RES_REPORT_FORMAT) {
		jread_error(&c->r, "report format %lld; this version reads format %d only", n,
		    RES_REPORT_FORMAT);
		return;
	}
	if ((tool = jread_kind(&c->r, doc, "tool", JSON_OBJECT, false)) != NULL) {
		size_t m = jread_enter(&c->r, "tool", 0);

		run->tool = jread_str(&c->r, tool, "name", false);
		run->version = jread_str(&c->r, tool, "version", false);
		if (run->tool != NULL && strcmp(run->tool, PACKAGE_NAME) != 0)
			jread_error(&c->r, "written by '%s', not by %s", run->tool, PACKAGE_NAME);
		else if (run->version != NULL && strcmp(run->version, version) != 0)
			jread_error(&c->r, "written by version %s; this is version %s", run->version, version);
		jread_leave(&c->r, m);
	}
	if (c->r.errors > 0)
		return;
	get_fixed(c, doc, "generated", run->generated, sizeof(run->generated));
	if (jread_int(&c->r, doc, "evaluation_year", true, 1900, 2100, &n))
		run->year = (int)n;
	load_options(c, doc, run);
	load_rulesets(c, doc, run);
	load_indicators(c, doc, run);
	load_rules(c, doc, run);
	load_inputs(c, doc, run);
	load_baseline(c, doc, run);
	load_tailoring(c, doc, run);
	load_project(c, doc, run);
	load_parts(c, doc, run);
	if (jread_int(&c->r, doc, "entity_count", false, 0, LLONG_MAX, &n))
		run->nentities = (size_t)n;
	load_waivers(c, doc, run);
	c->l->entities = jread_kind(&c->r, doc, "entities", JSON_ARRAY, false);
	if (c->l->entities != NULL && json_array_size(c->l->entities) != run->nentities)
		jread_error(&c->r, "entity_count is %zu but entities holds %zu", run->nentities,
		    json_array_size(c->l->entities));
	/* Entities with years of their own leave the run's year null. */
	for (size_t i = 0; c->l->entities != NULL && i < run->nentities; i++) {
		json_t *y = json_object_get(json_array_get(c->l->entities, i), "evaluation_year");

		if (json_is_integer(y) && json_integer_value(y) != run->year)
			run->years_vary = true;
	}
}

/* ---- loading ---- */

/* The bytes of the report at path (std: standard input). */
static int
read_report(const char *path, bool std, struct strbuf *out, struct diaglist *dl)
{
	FILE *fp = std ? stdin : fopen(path, "rb");
	int rc;

	if (fp == NULL) {
		diag_error(dl, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = strbuf_read(out, fp);
	if (rc != 0)
		diag_error(dl, NULL, 0, 0, "cannot read '%s': %s", std ? "-" : path,
		    strerror(errno));
	if (!std)
		fclose(fp);
	return rc;
}

/*
 * A report ends with the SHA-256 of every byte before the line that holds
 * it (RES_DIGEST_KEY): one edited after it was written no longer matches.
 */
static int
check_digest(const char *file, const char *text, size_t len, struct diaglist *dl)
{
	static const char key[] = "\n  \"" RES_DIGEST_KEY "\": \"";
	const char *at = NULL, *p;
	char hex[65];
	int line = 1;

	for (p = text; (p = memmem(p, len - (size_t)(p - text), key, sizeof(key) - 1)) != NULL;
	    p++)
		at = p;
	if (at == NULL || (size_t)(text + len - at) != sizeof(key) - 1 + 64 + 4 ||
	    memcmp(at + sizeof(key) - 1 + 64, "\"\n}\n", 4) != 0) {
		diag_error(dl, file, 0, 0, "the report does not end with its %s: not a "
		    "whole json report of this version", RES_DIGEST_KEY);
		return -1;
	}
	digest_buffer(text, (size_t)(at - text) + 1, hex);
	if (memcmp(hex, at + sizeof(key) - 1, 64) == 0)
		return 0;
	for (p = text; p <= at; p++)
		line += *p == '\n';
	diag_error(dl, file, line, 3, "the report was changed after it was written: its "
	    "%s does not match its content", RES_DIGEST_KEY);
	return -1;
}

struct res_loader *
res_load(const char *path, const char *version, struct res_run *run,
    struct diaglist *dl)
{
	struct res_loader *l = xcalloc(1, sizeof(*l));
	struct jc c = { .l = l };
	json_error_t err;
	bool std = path == NULL || strcmp(path, "-") == 0;
	struct strbuf text;

	memset(run, 0, sizeof(*run));
	arena_init(&l->arena);
	strtab_init(&l->rule_ids, false);
	strtab_init(&l->ind_ids, false);
	strtab_init(&l->set_ids, false);
	l->run = run;
	l->file = std ? "-" : path;
	strbuf_init(&text);
	if (read_report(path, std, &text, dl) != 0) {
		strbuf_release(&text);
		res_load_free(l);
		return NULL;
	}
	l->doc = json_loadb(text.buf, text.len, JSON_REJECT_DUPLICATES, &err);
	if (l->doc == NULL) {
		diag_error(dl, l->file, err.line > 0 ? err.line : 0,
		    err.column > 0 ? err.column : 0, "not a json report: %s", err.text);
		strbuf_release(&text);
		res_load_free(l);
		return NULL;
	}
	digest_buffer(text.buf, text.len, l->sha256);
	if (check_digest(l->file, text.buf, text.len, dl) != 0) {
		strbuf_release(&text);
		res_load_free(l);
		return NULL;
	}
	strbuf_release(&text);
	jread_init(&c.r, l->file, dl, &l->arena);
	if (!json_is_object(l->doc))
		jread_error(&c.r, "must be an object, not %s", jread_type(l->doc));
	else
		load_header(&c, l->doc, run, version);
	jread_release(&c.r);
	if (c.r.errors > 0) {
		res_load_free(l);
		return NULL;
	}
	return l;
}

const char *
res_load_sha256(const struct res_loader *l)
{
	return l->sha256;
}

size_t
res_load_count(const struct res_loader *l)
{
	return l->entities != NULL ? json_array_size(l->entities) : 0;
}

/* ---- entities ---- */

static void
load_operands(struct jc *c, const json_t *a, struct res_rule *r, struct arena *ar)
{
	r->nops = json_array_size(a);
	r->ops = arena_array(ar, r->nops ? r->nops : 1, sizeof(*r->ops));
	for (size_t i = 0; i < r->nops; i++) {
		json_t *o = json_array_get(a, i);
		struct res_operand *op = &r->ops[i];
		size_t m = jread_enter(&c->r, NULL, i);
		long long y = 0;

		if (!json_is_object(o)) {
			jread_error(&c->r, "must be an object");
			jread_leave(&c->r, m);
			continue;
		}
		op->indicator = lookup(c, &c->l->ind_ids, jread_str(&c->r, o, "indicator", false),
		    "indicator");
		if (op->indicator < 0)
			op->indicator = 0;
		jread_bool(&c->r, o, "prev", &op->prev);
		jread_value(&c->r, json_object_get(o, "observed"), &op->value);
		if (jread_int(&c->r, o, "year", true, 1900, 2100, &y))
			op->year = (int)y;
		source_of(c, o, "source", &op->src);
		jread_leave(&c->r, m);
	}
}

static void
load_rule(struct jc *c, const json_t *o, const struct res_ruledef *d, size_t def,
    struct res_rule *r, struct arena *a)
{
	const struct res_run *run = c->l->run;
	json_t *v;
	long long y = 0;
	int k;

	memset(r, 0, sizeof(*r));
	r->def = def;
	r->waiver = -1;
	r->reason = "";
	if ((k = jread_name(&c->r, o, "status", status_names, 0)) >= 0)
		r->status = (enum status)k;
	r->counted = jread_num(&c->r, o, "score", true, &r->score);
	if (!json_is_null(jread_member(&c->r, o, "baseline_state", true)) &&
	    (k = jread_name(&c->r, o, "baseline_state", baseline_state_names, BS_NEW)) >= 0)
		r->baseline = (enum baseline_state)k;
	if (jread_num(&c->r, o, "score_delta", true, &r->score_delta) != (r->baseline == BS_UPDATED)) {
		size_t m = jread_enter(&c->r, "score_delta", 0);

		jread_error(&c->r, "is given only with baseline_state 'updated'");
		jread_leave(&c->r, m);
	}
	if (r->baseline != BS_NONE && !c->l->run->has_baseline)
		jread_error(&c->r, "has a baseline_state, but the report has no baseline");
	if ((k = jread_name(&c->r, o, "severity", severity_names, SEV_LOW)) >= 0)
		r->severity = (enum severity)k;
	jread_num(&c->r, o, "weight", false, &r->weight);
	jread_value(&c->r, json_object_get(o, "observed"), &r->observed);
	if (jread_int(&c->r, o, "year", true, 1900, 2100, &y))
		r->year = (int)y;
	/* The rule's limit, repeated on each result: it must be the rule's. */
	y = -1;
	if (jread_int(&c->r, o, "max_age", true, 0, 1000, &y) != (d->max_age >= 0) ||
	    (d->max_age >= 0 && y != d->max_age))
		jread_error_at(&c->r, "max_age", "is not the rule's max_age");
	/*
	 * The target: the rule's own when its text is the same (a profile's
	 * override with the same text says the same), else the override.
	 */
	{
		const char *text = jread_str(&c->r, o, "target_text", false);

		if (text != NULL && strcmp(text, d->target->text) == 0) {
			r->target = d->target;
		} else {
			struct check *x = arena_alloc(a, sizeof(*x));
			size_t m = jread_enter(&c->r, "target", 0);

			check_from_json(&c->r, json_object_get(o, "target"), text, x);
			jread_leave(&c->r, m);
			r->target = x;
		}
	}
	r->has_gap = jread_num(&c->r, o, "gap", true, &r->gap);
	r->has_gap_pct = jread_num(&c->r, o, "gap_pct", true, &r->gap_pct);
	v = jread_member(&c->r, o, "evidence", true);
	if (v != NULL && !json_is_null(v)) {
		if ((k = jread_name(&c->r, o, "evidence", evidence_names, EVID_NOT_REQUIRED)) >= 0)
			r->evidence = (enum evidence_state)k;
	}
	r->evidence_text = jread_str(&c->r, o, "evidence_text", true);
	{
		const char *reason = jread_str(&c->r, o, "reason", true);

		r->reason = reason != NULL ? reason : "";
	}
	source_of(c, o, "source", &r->src);
	if ((v = json_object_get(o, "baseline")) != NULL && json_is_object(v)) {
		size_t m = jread_enter(&c->r, "baseline", 0);

		r->has_base = true;
		jread_value(&c->r, json_object_get(v, "observed"), &r->base);
		if (jread_int(&c->r, v, "year", true, 1900, 2100, &y))
			r->base_year = (int)y;
		source_of(c, v, "source", &r->base_src);
		jread_leave(&c->r, m);
	}
	if ((v = json_object_get(o, "operands")) != NULL) {
		size_t m = jread_enter(&c->r, "operands", 0);

		if (json_is_array(v))
			load_operands(c, v, r, a);
		else
			jread_error(&c->r, "must be an array");
		jread_leave(&c->r, m);
	}
	if ((v = json_object_get(o, "waiver")) != NULL && json_is_object(v)) {
		struct res_waiver w = {0};
		size_t m = jread_enter(&c->r, "waiver", 0);

		waiver_of(c, v, &w);
		for (size_t i = 0; i < run->nwaivers; i++)
			if (c->l->waiver_line[i] == w.line && c->l->waiver_col[i] == w.col)
				r->waiver = (int)i;
		if (r->waiver < 0)
			jread_error(&c->r, "is none of the report's waivers");
		jread_leave(&c->r, m);
	}
}

/* The gate reasons the report gives, checked against the model's own. */
static void
check_reasons(struct jc *c, const json_t *a, const struct res_entity *e)
{
	size_t m = jread_enter(&c->r, "gate_reasons", 0);

	if (json_array_size(a) != e->nreasons) {
		jread_error(&c->r, "%zu reasons, but the results give %zu", json_array_size(a), e->nreasons);
		jread_leave(&c->r, m);
		return;
	}
	for (size_t i = 0; i < e->nreasons; i++) {
		json_t *o = json_array_get(a, i);
		size_t mi = jread_enter(&c->r, NULL, i);
		const char *msg = json_is_object(o) ?
		    json_string_value(json_object_get(o, "message")) : NULL;

		if (msg == NULL || strcmp(msg, e->reasons[i].text) != 0)
			jread_error(&c->r, "does not follow from the results: '%s' expected",
			    e->reasons[i].text);
		jread_leave(&c->r, mi);
	}
	jread_leave(&c->r, m);
}

int
res_load_entity(struct res_loader *l, size_t i, struct res_entity *e,
    struct arena *a, struct diaglist *dl)
{
	const struct res_run *run = l->run;
	struct jc c = { .l = l };
	json_t *o = json_array_get(l->entities, i), *commits, *reasons, *st;
	const char *gate;
	size_t k = 0;
	int sub;

	jread_init(&c.r, l->file, dl, a);
	jread_enter(&c.r, "entities", 0);
	jread_enter(&c.r, NULL, i);
	memset(e, 0, sizeof(*e));
	if (!json_is_object(o)) {
		jread_error(&c.r, "must be an object");
		goto out;
	}
	e->id = jread_str(&c.r, o, "entity", false);
	e->name = jread_str(&c.r, o, "name", true);
	if (json_is_null(json_object_get(o, "subject")))
		e->subject = SUBJ_NONE;
	else if ((sub = jread_name(&c.r, o, "subject", (const char *const[]){ "", "state",
	    "enterprise", NULL }, 1)) >= 0)
		e->subject = (enum subject)sub;
	e->sector = jread_str(&c.r, o, "sector", true);
	e->profile = jread_str(&c.r, o, "profile", true);
	{
		long long y;

		if (jread_int(&c.r, o, "evaluation_year", true, 1900, 2100, &y))
			e->year = (int)y;
	}
	source_of(&c, o, "source", &e->first);
	e->has_score = jread_num(&c.r, o, "score", true, &e->score);
	e->has_score_delta = jread_num(&c.r, o, "score_delta", true, &e->score_delta);
	load_trajectory(&c, o, e, a);
	e->has_coverage = jread_num(&c.r, o, "coverage", true, &e->coverage);
	if ((st = jread_kind(&c.r, o, "statuses", JSON_OBJECT, false)) != NULL) {
		size_t m = jread_enter(&c.r, "statuses", 0);

		for (int s = 0; s <= ST_WAIVED; s++) {
			long long n;

			if (jread_int(&c.r, st, status_names[s], false, 0, LLONG_MAX, &n))
				e->count[s] = (size_t)n;
		}
		jread_leave(&c.r, m);
	}
	e->nrules = run->nrules;
	e->rules = arena_array(a, run->nrules + 1, sizeof(*e->rules));
	e->ncommits = run->nrulesets;
	e->commits = arena_array(a, run->nrulesets + 1, sizeof(*e->commits));
	commits = jread_kind(&c.r, o, "commitments", JSON_ARRAY, false);
	if (commits != NULL && json_array_size(commits) != run->nrulesets) {
		jread_error(&c.r, "commitments holds %zu, the report has %zu rule sets",
		    json_array_size(commits), run->nrulesets);
		goto out;
	}
	for (size_t ci = 0; commits != NULL && ci < run->nrulesets; ci++) {
		json_t *co = json_array_get(commits, ci), *rules;
		struct res_commit *cr = &e->commits[ci];
		size_t mc = jread_enter(&c.r, "commitments", 0), mi = jread_enter(&c.r, NULL, ci);

		cr->ruleset = ci;
		cr->first = k;
		if (!json_is_object(co)) {
			jread_error(&c.r, "must be an object");
		} else {
			const char *id = jread_str(&c.r, co, "ruleset", false);

			if (id != NULL && run->rulesets[ci].id != NULL &&
			    strcmp(id, run->rulesets[ci].id) != 0)
				jread_error(&c.r, "rule set '%s' where the report has '%s'", id,
				    run->rulesets[ci].id);
			cr->has_score = jread_num(&c.r, co, "score", true, &cr->score);
			cr->has_score_delta = jread_num(&c.r, co, "score_delta", true,
			    &cr->score_delta);
			cr->has_coverage = jread_num(&c.r, co, "coverage", true, &cr->coverage);
			rules = jread_kind(&c.r, co, "rules", JSON_ARRAY, false);
			cr->n = rules ? json_array_size(rules) : 0;
			if (cr->n != run->rulesets[ci].nrules || k + cr->n > run->nrules) {
				jread_error(&c.r, "rules holds %zu, the rule set has %zu", cr->n,
				    run->rulesets[ci].nrules);
				cr->n = 0;
			}
			for (size_t ri = 0; ri < cr->n; ri++, k++) {
				json_t *ro = json_array_get(rules, ri);
				size_t mr = jread_enter(&c.r, "rules", 0), mri = jread_enter(&c.r, NULL, ri);
				const char *rid = json_is_object(ro) ?
				    json_string_value(json_object_get(ro, "id")) : NULL;

				if (rid == NULL || run->rules[k].id == NULL ||
				    strcmp(rid, run->rules[k].id) != 0)
					jread_error(&c.r, "rule '%s' where the report defines '%s'",
					    rid ? rid : "?", run->rules[k].id ? run->rules[k].id : "?");
				else
					load_rule(&c, ro, &run->rules[k], k, &e->rules[k], a);
				jread_leave(&c.r, mri);
				jread_leave(&c.r, mr);
			}
		}
		jread_leave(&c.r, mi);
		jread_leave(&c.r, mc);
	}
	if (c.r.errors > 0)
		goto out;
	/* The gate, judged on the model: the report must agree. */
	res_judge(run, e, a);
	gate = jread_str(&c.r, o, "gate", false);
	if (gate != NULL && strcmp(gate, e->gate_fail ? "fail" : "pass") != 0)
		jread_error(&c.r, "gate '%s' does not follow from the results ('%s')", gate,
		    e->gate_fail ? "fail" : "pass");
	if ((reasons = jread_kind(&c.r, o, "gate_reasons", JSON_ARRAY, false)) != NULL)
		check_reasons(&c, reasons, e);
	{
		bool low = false;

		if (jread_bool(&c.r, o, "low_coverage", &low) && low != e->low_coverage)
			jread_error(&c.r, "low_coverage does not follow from the coverage");
	}
out:
	jread_release(&c.r);
	return c.r.errors > 0 ? -1 : 0;
}

int
res_load_finish(struct res_loader *l, const struct res_summary *sum,
    struct diaglist *dl)
{
	struct jc c = { .l = l };
	json_t *s;
	long long n;
	const char *gate;

	jread_init(&c.r, l->file, dl, NULL);
	if ((s = jread_kind(&c.r, l->doc, "summary", JSON_OBJECT, false)) != NULL) {
		jread_enter(&c.r, "summary", 0);
		if (jread_int(&c.r, s, "entities", false, 0, LLONG_MAX, &n) && (size_t)n != sum->entities)
			jread_error(&c.r, "entities %lld, but the report holds %zu", n, sum->entities);
		gate = jread_str(&c.r, s, "gate", false);
		if (gate != NULL && strcmp(gate, sum->gate_fail ? "fail" : "pass") != 0)
			jread_error(&c.r, "gate '%s' does not follow from the entities", gate);
	}
	jread_release(&c.r);
	return c.r.errors > 0 ? -1 : 0;
}

void
res_load_free(struct res_loader *l)
{
	if (l == NULL)
		return;
	json_decref(l->doc);
	strtab_release(&l->rule_ids);
	strtab_release(&l->ind_ids);
	strtab_release(&l->set_ids);
	arena_release(&l->arena);
	free(l);
}
