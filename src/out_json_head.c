/*
 * The head and tail of the json report (out_json.c): what the run read and
 * how, its waivers and its summary, built once per report as jansson trees.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <jansson.h>

#include "out_json_head.h"
#include "xalloc.h"

/*
 * A string that may not be UTF-8, such as a file name as given on the
 * command line: if it is not, its bytes above 0x7F are shown as '?', so the
 * report stays valid JSON. Every other string of the report comes from
 * input that was checked for UTF-8 when read, which is why most of this
 * file uses the _nocheck variants.
 */
json_t *
json_path(const char *path)
{
	json_t *j = json_string(path);
	char *copy;

	if (j != NULL)
		return j;
	copy = xstrdup(path);
	for (unsigned char *p = (unsigned char *)copy; *p; p++)
		if (*p >= 0x80)
			*p = '?';
	j = json_string_nocheck(copy);
	free(copy);
	return j;
}

json_t *
json_str_or_null(const char *s)
{
	return s != NULL ? json_string_nocheck(s) : json_null();
}

json_t *
json_waiver_tree(const struct res_waiver *w)
{
	json_t *j = json_object();

	json_object_set_new_nocheck(j, "rule", json_string_nocheck(w->rule));
	json_object_set_new_nocheck(j, "entity", json_string_nocheck(w->entity));
	json_object_set_new_nocheck(j, "reason", json_string_nocheck(w->reason));
	json_object_set_new_nocheck(j, "expires", json_string_nocheck(w->expires));
	json_object_set_new_nocheck(j, "approved_by", json_str_or_null(w->approved_by));
	json_object_set_new_nocheck(j, "file", json_path(w->file));
	json_object_set_new_nocheck(j, "line", json_integer(w->line));
	json_object_set_new_nocheck(j, "column", json_integer(w->col));
	return j;
}

static json_t *
jstatuses(const size_t *count)
{
	json_t *j = json_object();

	for (int s = 0; s <= ST_WAIVED; s++)
		json_object_set_new_nocheck(j, status_names[s], json_integer((json_int_t)count[s]));
	return j;
}

static json_t *
jstrings(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/* The tailoring: which overlay, and what it changed; null without one. */
static json_t *
jtailoring(const struct res_run *run)
{
	json_t *t, *a;

	if (!run->has_tailoring)
		return json_null();
	t = json_object();
	json_object_set_new_nocheck(t, "file", json_path(run->tailoring_file));
	json_object_set_new_nocheck(t, "name", json_string(run->tailoring_name));
	json_object_set_new_nocheck(t, "sha256", json_string_nocheck(run->tailoring_sha256));
	a = json_array();
	for (size_t i = 0; i < run->nchanges; i++) {
		const struct res_change *c = &run->changes[i];
		json_t *o = json_object();

		json_object_set_new_nocheck(o, "change", json_string_nocheck(c->kind));
		json_object_set_new_nocheck(o, "id", json_string(c->id));
		json_object_set_new_nocheck(o, "field", json_str_or_null(c->field));
		json_object_set_new_nocheck(o, "from", json_str_or_null(c->from));
		json_object_set_new_nocheck(o, "to", json_str_or_null(c->to));
		json_array_append_new(a, o);
	}
	json_object_set_new_nocheck(t, "changes", a);
	return t;
}

/* The head of the report: what the run read and how, before its entities. */
json_t *
json_head_tree(const struct res_run *run)
{
	const struct res_options *eo = &run->opts;
	json_t *h = json_object(), *t, *a, *o, *r, *alts;

	json_object_set_new_nocheck(h, "report_format", json_integer(RES_REPORT_FORMAT));
	t = json_object();
	json_object_set_new_nocheck(t, "name", json_string_nocheck(run->tool));
	json_object_set_new_nocheck(t, "version", json_string_nocheck(run->version));
	json_object_set_new_nocheck(h, "tool", t);
	json_object_set_new_nocheck(h, "generated", json_string_nocheck(run->generated));
	json_object_set_new_nocheck(h, "evaluation_year",
	    run->year ? json_integer(run->year) : json_null());

	o = json_object();
	json_object_set_new_nocheck(o, "rules", json_string_nocheck(eo->builtin ? "built-in" : "files"));
	json_object_set_new_nocheck(o, "profile", json_str_or_null(eo->profile));
	json_object_set_new_nocheck(o, "missing", json_string_nocheck(eo->missing_skip ? "skip" : "fail"));
	json_object_set_new_nocheck(o, "fail_on", json_string_nocheck(severity_names[eo->fail_on]));
	json_object_set_new_nocheck(o, "fail_under", eo->has_fail_under ? json_real(eo->fail_under) : json_null());
	json_object_set_new_nocheck(o, "min_coverage", eo->has_min_coverage ?
	    json_real(eo->min_coverage) : json_null());
	json_object_set_new_nocheck(o, "fail_on_new", eo->fail_on_new != SEV_NONE ?
	    json_string_nocheck(severity_names[eo->fail_on_new]) : json_null());
	json_object_set_new_nocheck(o, "year", eo->year != 0 ? json_integer(eo->year) :
	    json_null());
	json_object_set_new_nocheck(o, "trajectory", eo->has_trajectory ?
	    json_pack("{s:i, s:i}", "from", eo->traj_from, "to", eo->traj_to) : json_null());
	json_object_set_new_nocheck(o, "rule", jstrings(eo->select_rules, eo->nselect_rules));
	json_object_set_new_nocheck(o, "skip_rule", jstrings(eo->skip_rules, eo->nskip_rules));
	a = json_array();
	for (int c = 1; c <= 8; c++)
		if (eo->commitments & (1u << c))
			json_array_append_new(a, json_integer(c));
	json_object_set_new_nocheck(o, "commitment", a);
	json_object_set_new_nocheck(o, "entity", jstrings(eo->entities, eo->nentities));
	json_object_set_new_nocheck(h, "options", o);

	a = json_array();
	for (size_t i = 0; i < run->nrulesets; i++) {
		const struct res_ruleset *rs = &run->rulesets[i];

		o = json_object();
		json_object_set_new_nocheck(o, "id", json_string_nocheck(rs->id));
		json_object_set_new_nocheck(o, "commitment", json_integer(rs->commitment));
		json_object_set_new_nocheck(o, "title", json_string_nocheck(rs->title));
		json_object_set_new_nocheck(o, "file", json_path(rs->file));
		json_object_set_new_nocheck(o, "sha256", json_string_nocheck(rs->sha256));
		json_object_set_new_nocheck(o, "weight", json_real(rs->weight));
		json_object_set_new_nocheck(o, "rules", json_integer((json_int_t)rs->nrules));
		json_array_append_new(a, o);
	}
	json_object_set_new_nocheck(h, "rulesets", a);

	/* The rules as defined, for what a result does not repeat. */
	a = json_array();
	for (size_t i = 0; i < run->nrules; i++) {
		const struct res_ruledef *d = &run->rules[i];

		o = json_object();
		json_object_set_new_nocheck(o, "id", json_string_nocheck(d->id));
		json_object_set_new_nocheck(o, "ruleset", json_string_nocheck(run->rulesets[d->ruleset].id));
		json_object_set_new_nocheck(o, "title", json_string_nocheck(d->title));
		json_object_set_new_nocheck(o, "severity", json_string_nocheck(severity_names[d->severity]));
		json_object_set_new_nocheck(o, "weight", json_real(d->weight));
		json_object_set_new_nocheck(o, "indicator", d->indicator >= 0 ?
		    json_string_nocheck(run->indicators[d->indicator].id) : json_null());
		json_object_set_new_nocheck(o, "max_age", d->max_age >= 0 ?
		    json_integer(d->max_age) : json_null());
		alts = json_array();
		for (size_t k = 0; k < d->nalternatives; k++)
			json_array_append_new(alts, json_string_nocheck(d->alternatives[k]));
		json_object_set_new_nocheck(o, "alternatives", alts);
		json_object_set_new_nocheck(o, "baseline_changed", json_boolean(d->baseline_changed));
		json_object_set_new_nocheck(o, "target", check_json(d->target));
		json_object_set_new_nocheck(o, "target_text", json_string_nocheck(d->target->text));
		json_object_set_new_nocheck(o, "rationale", json_str_or_null(d->rationale));
		json_object_set_new_nocheck(o, "remediation", json_str_or_null(d->remediation));
		json_array_append_new(a, o);
	}
	json_object_set_new_nocheck(h, "rules", a);

	a = json_array();
	for (size_t i = 0; i < run->nindicators; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "id", run->indicators[i].id,
		    "unit", run->indicators[i].unit, "decimals", run->indicators[i].decimals >= 0 ?
		    json_integer(run->indicators[i].decimals) : json_null()));
	json_object_set_new_nocheck(h, "indicators", a);

	a = json_array();
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct res_input *in = &run->inputs[i];
		json_t *ig = json_object();

		o = json_object();
		json_object_set_new_nocheck(o, "path", json_path(in->path));
		json_object_set_new_nocheck(o, "sha256", json_string_nocheck(in->sha256));
		json_object_set_new_nocheck(o, "layout", json_str_or_null(in->layout));
		r = json_object();
		json_object_set_new_nocheck(r, "read", json_integer((json_int_t)in->read));
		json_object_set_new_nocheck(r, "used", json_integer((json_int_t)in->used));
		json_object_set_new_nocheck(r, "ignored", json_integer((json_int_t)in->ignored));
		for (int k = 0; k < IGN__COUNT; k++) {
			char key[64];

			if (in->ignored_by[k] == 0)
				continue;
			/* Keys are snake_case like every other key of the report. */
			snprintf(key, sizeof(key), "%s", ignore_reason_names[k]);
			for (char *p = key; *p; p++)
				if (*p == ' ')
					*p = '_';
			json_object_set_new_nocheck(ig, key, json_integer((json_int_t)in->ignored_by[k]));
		}
		json_object_set_new_nocheck(r, "ignored_by", ig);
		json_object_set_new_nocheck(o, "rows", r);
		json_array_append_new(a, o);
	}
	json_object_set_new_nocheck(h, "inputs", a);
	json_object_set_new_nocheck(h, "baseline", run->has_baseline ? json_pack("{s:o, s:s}",
	    "file", json_path(run->baseline_file), "sha256", run->baseline_sha256) : json_null());
	json_object_set_new_nocheck(h, "tailoring", jtailoring(run));
	json_object_set_new_nocheck(h, "project_file", run->has_project ?
	    json_pack("{s:o, s:s}", "file", json_path(run->project_file), "sha256",
	    run->project_sha256) : json_null());
	json_object_set_new_nocheck(h, "shard", run->shard_n > 0 ? json_pack("{s:i, s:i}",
	    "k", run->shard_k, "n", run->shard_n) : json_null());
	if (run->nparts > 0) {
		a = json_array();
		for (size_t i = 0; i < run->nparts; i++)
			json_array_append_new(a, json_pack("{s:o, s:s}", "file",
			    json_path(run->parts[i].file), "sha256", run->parts[i].sha256));
		json_object_set_new_nocheck(h, "merged_from", a);
	} else {
		json_object_set_new_nocheck(h, "merged_from", json_null());
	}
	json_object_set_new_nocheck(h, "entity_count", json_integer((json_int_t)run->nentities));
	return h;
}

/* The waivers: they are known to have been used or not once every entity is. */
json_t *
json_waivers_tree(const struct res_run *run)
{
	json_t *o = json_object(), *a = json_array(), *r = json_array(), *t = json_array();

	json_object_set_new_nocheck(o, "file", run->has_waivers ? json_path(run->waivers_file) : json_null());
	json_object_set_new_nocheck(o, "sha256", run->has_waivers ?
	    json_string_nocheck(run->waivers_sha256) : json_null());
	for (size_t i = 0; i < run->nwaivers; i++) {
		const struct res_waiver *w = &run->waivers[i];

		json_array_append_new(w->expired ? r : a, json_waiver_tree(w));
		if (!w->expired && !w->used)
			json_array_append_new(t, json_waiver_tree(w));
	}
	json_object_set_new_nocheck(o, "applied", a);
	json_object_set_new_nocheck(o, "expired", r);
	json_object_set_new_nocheck(o, "unused", t);
	return o;
}

json_t *
json_summary_tree(const struct res_summary *sum, bool has_baseline)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new_nocheck(o, "entities", json_integer((json_int_t)sum->entities));
	json_object_set_new_nocheck(o, "gate", json_string_nocheck(sum->gate_fail ? "fail" : "pass"));
	json_object_set_new_nocheck(o, "gate_failing", json_integer((json_int_t)sum->gate_failing));
	if (sum->nothing_evaluated)
		json_array_append_new(a, json_pack("{s:s, s:s}", "kind", "nothing_evaluated",
		    "message", "nothing was evaluated: no entity in the inputs"));
	json_object_set_new_nocheck(o, "gate_reasons", a);
	json_object_set_new_nocheck(o, "min_score", sum->has_min_score ?
	    json_real(sum->min_score) : json_null());
	json_object_set_new_nocheck(o, "statuses", jstatuses(sum->count));
	json_object_set_new_nocheck(o, "baseline", !has_baseline ? json_null() :
	    json_pack("{s:I, s:I, s:I, s:I, s:I}", "new", (json_int_t)sum->changes[BS_NEW],
	    "unchanged", (json_int_t)sum->changes[BS_UNCHANGED], "updated",
	    (json_int_t)sum->changes[BS_UPDATED], "worse", (json_int_t)sum->worse, "absent",
	    (json_int_t)sum->changes[BS_ABSENT]));
	return o;
}
