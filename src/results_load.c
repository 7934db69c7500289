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
#include "out_json_head.h"
#include "results_head.h"
#include "results_load.h"
#include "strbuf.h"
#include "strtab.h"
#include "xalloc.h"

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
int
res_load_digest(const char *file, const char *text, size_t len, struct diaglist *dl)
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
	strtab_init(&l->input_ids, false);
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
	if (res_load_digest(l->file, text.buf, text.len, dl) != 0) {
		strbuf_release(&text);
		res_load_free(l);
		return NULL;
	}
	strbuf_release(&text);
	jread_init(&c.r, l->file, dl, &l->arena);
	if (!json_is_object(l->doc))
		jread_error(&c.r, "must be an object, not %s", jread_type(l->doc));
	else
		res_head_load(&c, l->doc, run, version);
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

const char *
res_load_entity_id(const struct res_loader *l, size_t i)
{
	return json_string_value(json_object_get(json_array_get(l->entities, i),
	    "entity"));
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
		op->indicator = res_head_lookup(c, &c->l->ind_ids, jread_str(&c->r, o, "indicator", false),
		    "indicator");
		if (op->indicator < 0)
			op->indicator = 0;
		jread_bool(&c->r, o, "prev", &op->prev);
		jread_value(&c->r, json_object_get(o, "observed"), &op->value);
		if (jread_int(&c->r, o, "year", true, 1900, 2100, &y))
			op->year = (int)y;
		res_head_source(c, o, "source", &op->src);
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
	res_head_source(c, o, "source", &r->src);
	if ((v = json_object_get(o, "baseline")) != NULL && json_is_object(v)) {
		size_t m = jread_enter(&c->r, "baseline", 0);

		r->has_base = true;
		jread_value(&c->r, json_object_get(v, "observed"), &r->base);
		if (jread_int(&c->r, v, "year", true, 1900, 2100, &y))
			r->base_year = (int)y;
		res_head_source(c, v, "source", &r->base_src);
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

		res_head_waiver(c, v, &w);
		r->waiver = (int)res_head_waiver_at(run, w.line, w.col);
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

/*
 * What follows from the rule results, checked: each result's score agrees
 * with its status, the counts of statuses are those of the results, and
 * the commitment and overall scores are the weighted means the evaluator
 * takes (within the rounding of the scores the report holds: rule scores
 * to four decimals, the others to two). A report whose digest was made
 * again after an edit must still add up.
 */
#define SCORE_SLACK 0.0101

static void
check_rule_scores(struct jc *c, const struct res_entity *e)
{
	size_t count[ST_WAIVED + 1] = {0};

	for (size_t k = 0; k < e->nrules; k++) {
		const struct res_rule *r = &e->rules[k];
		const char *id = c->l->run->rules[k].id;

		count[r->status]++;
		if (r->counted && (!(r->score >= 0 && r->score <= 1) ||
		    (r->status == ST_PASS && r->score != 1) ||
		    (r->status == ST_FAIL && r->score != 0)))
			jread_error(&c->r, "rule '%s': score %g does not go with status '%s'",
			    id, r->score, status_names[r->status]);
		if (r->status == ST_WAIVED && r->waiver < 0)
			jread_error(&c->r, "rule '%s' is waived, but names no waiver", id);
	}
	for (int s = 0; s <= ST_WAIVED; s++)
		if (count[s] != e->count[s]) {
			jread_error(&c->r, "statuses: %zu '%s', but the rules give %zu",
			    e->count[s], status_names[s], count[s]);
			break;
		}
}

static bool
percent_ok(bool has, double v)
{
	return !has || (v >= 0 && v <= 100);
}

static void
check_scores(struct jc *c, const struct res_entity *e)
{
	const struct res_run *run = c->l->run;
	double tw = 0, ts = 0;

	for (size_t ci = 0; ci < e->ncommits; ci++) {
		const struct res_commit *cr = &e->commits[ci];
		double w = 0, sum = 0;

		for (size_t k = cr->first; k < cr->first + cr->n; k++)
			if (e->rules[k].counted) {
				w += e->rules[k].weight;
				sum += e->rules[k].weight * e->rules[k].score;
			}
		if (cr->has_score != (w > 0) || !percent_ok(cr->has_score, cr->score) ||
		    !percent_ok(cr->has_coverage, cr->coverage) ||
		    (w > 0 && fabs(cr->score - 100 * sum / w) > SCORE_SLACK)) {
			jread_error(&c->r, "commitment '%s': score or coverage does not "
			    "follow from its rules", run->rulesets[cr->ruleset].id);
			continue;
		}
		if (cr->has_score) {
			tw += run->rulesets[cr->ruleset].weight;
			ts += run->rulesets[cr->ruleset].weight * cr->score;
		}
	}
	if (!percent_ok(e->has_score, e->score) || !percent_ok(e->has_coverage, e->coverage) ||
	    (e->has_score && (tw <= 0 || fabs(e->score - ts / tw) > SCORE_SLACK)))
		jread_error(&c->r, "score or coverage does not follow from the commitments");
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
	if (e->id != NULL && i > 0) {
		const char *prev = json_string_value(json_object_get(
		    json_array_get(l->entities, i - 1), "entity"));

		if (prev != NULL && strcmp(prev, e->id) >= 0)
			jread_error(&c.r, "entity '%s' after '%s': entities are sorted by "
			    "id, each once", e->id, prev);
	}
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
	res_head_source(&c, o, "source", &e->first);
	e->has_score = jread_num(&c.r, o, "score", true, &e->score);
	e->has_score_delta = jread_num(&c.r, o, "score_delta", true, &e->score_delta);
	res_head_trajectory(&c, o, e, a);
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
	if (c.r.errors == 0 && commits != NULL && k != run->nrules)
		jread_error(&c.r, "commitments hold %zu rules, the report defines %zu", k,
		    run->nrules);
	if (c.r.errors > 0)
		goto out;
	check_rule_scores(&c, e);
	check_scores(&c, e);
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
	json_t *s, *want;
	const char *key;
	json_t *v;

	jread_init(&c.r, l->file, dl, NULL);
	/* The summary must be the one the entities give, member by member. */
	if ((s = jread_kind(&c.r, l->doc, "summary", JSON_OBJECT, false)) != NULL) {
		jread_enter(&c.r, "summary", 0);
		want = json_summary_tree(sum, l->run->has_baseline);
		json_object_foreach(want, key, v)
			if (!json_equal(json_object_get(s, key), v))
				jread_error_at(&c.r, key, "does not follow from the entities");
		json_decref(want);
	}
	jread_release(&c.r);
	return c.r.errors > 0 ? -1 : 0;
}

int
res_load_check(struct res_loader *l, struct diaglist *dl)
{
	struct res_summary sum;
	struct res_entity e;
	struct arena a;
	int rc = 0;

	res_summary_init(&sum);
	arena_init(&a);
	for (size_t i = 0; rc == 0 && i < res_load_count(l); i++) {
		arena_reset(&a);
		if (res_load_entity(l, i, &e, &a, dl) != 0)
			rc = -1;
		else
			res_summary_add(&sum, l->run, &e);
	}
	if (rc == 0) {
		res_summary_finish(&sum, l->run);
		rc = res_load_finish(l, &sum, dl);
	}
	res_summary_release(&sum);
	arena_release(&a);
	return rc;
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
	strtab_release(&l->input_ids);
	arena_release(&l->arena);
	free(l);
}
