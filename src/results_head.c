/*
 * The head of a json report read back (results_load.h): every member
 * before the entities, checked as it is taken, and the readers of fields
 * that the entities share with it.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "results_head.h"
#include "xalloc.h"

/* Copy a string of at most size - 1 bytes into buf. */
void
res_head_fixed(struct jc *c, const json_t *o, const char *key, char *buf, size_t size)
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

void
res_head_sha(struct jc *c, const json_t *o, const char *key, char *buf)
{
	res_head_fixed(c, o, key, buf, 65);
	for (size_t i = 0; buf[0] != '\0' && i < 64; i++) {
		if (!((buf[i] >= '0' && buf[i] <= '9') || (buf[i] >= 'a' && buf[i] <= 'f'))) {
			jread_error_at(&c->r, key, "is not a SHA-256 digest");
			return;
		}
	}
}

/* ---- values and sources ---- */

/* The input a source names, by its path; -1 for null. */
void
res_head_source(struct jc *c, const json_t *o, const char *key, struct res_source *src)
{
	json_t *v = jread_member(&c->r, o, key, true);
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
	if (file != NULL) {
		int k = strtab_find(&c->l->input_ids, file, strlen(file));

		if (k >= 0)
			src->input = c->l->input_at[k];
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
void
res_head_trajectory(struct jc *c, const json_t *o, struct res_entity *e, struct arena *a)
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
	run->opts.entities = load_strings(c, o, "entity", &run->opts.nentities);
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
	res_head_sha(c, t, "sha256", run->tailoring_sha256);
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
	res_head_sha(c, p, "sha256", run->project_sha256);
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
			res_head_sha(c, p, "sha256", run->parts[i].sha256);
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
	res_head_sha(c, b, "sha256", run->baseline_sha256);
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
		res_head_sha(c, o, "sha256", d->sha256);
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
int
res_head_lookup(struct jc *c, const struct strtab *t, const char *id, const char *what)
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
		if ((k = res_head_lookup(c, &c->l->set_ids, jread_str(&c->r, o, "ruleset", false), "rule set")) >= 0)
			d->ruleset = (size_t)k;
		d->title = jread_str(&c->r, o, "title", false);
		if ((sev = jread_name(&c->r, o, "severity", severity_names, SEV_LOW)) >= 0)
			d->severity = (enum severity)sev;
		jread_num(&c->r, o, "weight", false, &d->weight);
		ind = jread_str(&c->r, o, "indicator", true);
		if (ind != NULL)
			d->indicator = res_head_lookup(c, &c->l->ind_ids, ind, "indicator");
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

			(void)res_head_lookup(c, &c->l->rule_ids, run->rules[i].alternatives[k], "rule");
			jread_leave(&c->r, mk);
		}
		jread_leave(&c->r, ma);
		jread_leave(&c->r, mi);
	}
	jread_leave(&c->r, m);
}

/* The inputs by path, for the sources that name them. */
static void
index_inputs(struct res_loader *l, const struct res_run *run)
{
	l->input_at = arena_array(&l->arena, run->ninputs + 1, sizeof(*l->input_at));
	for (size_t i = 0; i < run->ninputs; i++) {
		size_t before = l->input_ids.n;
		int k;

		if (run->inputs[i].path == NULL)
			continue;
		k = strtab_intern(&l->input_ids, run->inputs[i].path,
		    strlen(run->inputs[i].path));
		if (l->input_ids.n > before)
			l->input_at[k] = (int)i;
	}
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
		res_head_sha(c, o, "sha256", d->sha256);
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
			/* The accounting adds up: read = used + ignored, by reason too. */
			{
				size_t by_sum = 0;
				bool over = false;

				for (int j = 0; j < IGN__COUNT; j++) {
					over = over || d->ignored_by[j] > SIZE_MAX - by_sum;
					by_sum += d->ignored_by[j];
				}
				if (d->used > d->read || d->ignored != d->read - d->used ||
				    over || by_sum != d->ignored)
					jread_error(&c->r, "read %zu, used %zu, ignored %zu (by reason "
					    "%s%zu): they do not add up", d->read, d->used, d->ignored,
					    over ? "more than " : "", by_sum);
			}
			jread_leave(&c->r, mr);
		}
		jread_leave(&c->r, mi);
	}
	jread_leave(&c->r, m);
}

void
res_head_waiver(struct jc *c, const json_t *o, struct res_waiver *w)
{
	long long n;

	w->rule = jread_str(&c->r, o, "rule", false);
	w->entity = jread_str(&c->r, o, "entity", false);
	w->reason = jread_str(&c->r, o, "reason", false);
	res_head_fixed(c, o, "expires", w->expires, sizeof(w->expires));
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

long
res_head_waiver_at(const struct res_run *run, int line, int col)
{
	struct res_waiver key = { .line = line, .col = col };
	size_t lo = 0, hi = run->nwaivers;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (waiver_order(&run->waivers[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < run->nwaivers && waiver_order(&run->waivers[lo], &key) == 0 ?
	    (long)lo : -1;
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
		res_head_sha(c, o, "sha256", run->waivers_sha256);
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
				res_head_waiver(c, json_array_get(lists[k], i), w);
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
			res_head_waiver(c, json_array_get(lists[2], i), &u);
		for (long j = res_head_waiver_at(run, u.line, u.col); j >= 0 &&
		    (size_t)j < run->nwaivers && run->waivers[j].line == u.line &&
		    run->waivers[j].col == u.col; j++) {
			if (!run->waivers[j].expired) {
				run->waivers[j].used = false;
				found = true;
			}
		}
		if (!found)
			jread_error(&c->r, "is not among the waivers in force");
		jread_leave(&c->r, mi);
		jread_leave(&c->r, mk);
	}
	jread_leave(&c->r, m);
}

void
res_head_load(struct jc *c, const json_t *doc, struct res_run *run, const char *version)
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
	res_head_fixed(c, doc, "generated", run->generated, sizeof(run->generated));
	if (jread_int(&c->r, doc, "evaluation_year", true, 1900, 2100, &n))
		run->year = (int)n;
	load_options(c, doc, run);
	load_rulesets(c, doc, run);
	load_indicators(c, doc, run);
	load_rules(c, doc, run);
	load_inputs(c, doc, run);
	index_inputs(c->l, run);
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
