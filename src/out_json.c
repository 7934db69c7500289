/*
 * The json report: the full structure of a run (SPEC section 7). The header
 * is built as one object; entities are written one by one as they are
 * evaluated, so memory does not grow with the number of entities.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>

#include "report.h"
#include "xalloc.h"

#define JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

static json_t *
jstr(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* A number rounded to decimals places (reports need no more). */
static json_t *
jnum(double v, int decimals)
{
	double f = pow(10, decimals);
	double r = round(v * f) / f;

	if (r == 0)
		r = 0;          /* no -0 */
	return json_real(r);
}

static json_t *
jvalue(const struct value *v)
{
	switch (v->kind) {
	case V_NUM: return json_real(v->num);
	case V_BOOL: return json_boolean(v->b);
	case V_TEXT: return json_string(v->text);
	case V_NONE: break;
	}
	return json_null();
}

static json_t *
jtarget(const struct target *t)
{
	json_t *o = json_object(), *a;

	switch (t->kind) {
	case CHECK_COMPARE:
		json_object_set_new(o, "op", json_string(cmp_op_names[t->op]));
		json_object_set_new(o, "value", jvalue(&t->value));
		if (t->has_partial)
			json_object_set_new(o, "partial_from", json_real(t->partial_from));
		break;
	case CHECK_BETWEEN:
		a = json_array();
		json_array_append_new(a, json_real(t->lo));
		json_array_append_new(a, json_real(t->hi));
		json_object_set_new(o, "between", a);
		break;
	case CHECK_IN:
		a = json_array();
		for (size_t i = 0; i < t->nset; i++)
			json_array_append_new(a, jvalue(&t->set[i]));
		json_object_set_new(o, "in", a);
		break;
	case CHECK_MATCH:
		json_object_set_new(o, "match", json_string(pattern_source(t->pattern)));
		break;
	case CHECK_PRESENT:
		json_object_set_new(o, "present", json_true());
		break;
	case CHECK_TREND:
		a = json_object();
		json_object_set_new(a, "direction", json_string(t->direction > 0 ? "up" : "down"));
		json_object_set_new(a, "min_change_pct", json_real(t->min_change_pct));
		json_object_set_new(a, "years", json_integer(t->years));
		json_object_set_new(o, "trend", a);
		break;
	case CHECK_EXPR:
		json_object_set_new(o, "expr", jstr(t->expr_src));
		break;
	}
	return o;
}

static json_t *
jwaiver(const struct waiver *w)
{
	json_t *j = json_object();

	json_object_set_new(j, "rule", json_string(w->rule_id));
	json_object_set_new(j, "entity", json_string(w->entity));
	json_object_set_new(j, "reason", json_string(w->reason));
	json_object_set_new(j, "expires", json_string(w->expires_text));
	json_object_set_new(j, "approved_by", jstr(w->approved_by));
	json_object_set_new(j, "file", json_string(w->file));
	json_object_set_new(j, "line", json_integer(w->line));
	return j;
}

static json_t *
jstatuses(const size_t *count)
{
	json_t *j = json_object();

	for (int s = 0; s <= ST_WAIVED; s++)
		json_object_set_new(j, status_names[s], json_integer((json_int_t)count[s]));
	return j;
}

static json_t *
jheader(const struct run_info *run)
{
	const struct rulebook *rb = run->rb;
	const struct eval_opts *eo = &run->ev->opts;
	json_t *h = json_object(), *t, *a, *o, *r;

	t = json_object();
	json_object_set_new(t, "name", json_string(PACKAGE_NAME));
	json_object_set_new(t, "version", json_string(run->version));
	json_object_set_new(h, "tool", t);
	json_object_set_new(h, "generated", json_string(run->generated));
	json_object_set_new(h, "evaluation_year",
	    run->ev->year ? json_integer(run->ev->year) : json_null());

	o = json_object();
	json_object_set_new(o, "rules", json_string(rb->builtin ? "built-in" : "files"));
	json_object_set_new(o, "profile", eo->profile ? json_string(eo->profile->name) : json_null());
	json_object_set_new(o, "missing", json_string(eo->missing_skip ? "skip" : "fail"));
	json_object_set_new(o, "fail_on", json_string(severity_names[eo->fail_on]));
	json_object_set_new(o, "fail_under", eo->has_fail_under ? json_real(eo->fail_under) : json_null());
	json_object_set_new(h, "options", o);

	a = json_array();
	for (size_t i = 0; i < rb->nsets; i++) {
		const struct ruleset *rs = &rb->sets[i];

		o = json_object();
		json_object_set_new(o, "id", json_string(rs->id));
		json_object_set_new(o, "commitment", json_integer(rs->commitment));
		json_object_set_new(o, "title", json_string(rs->title));
		json_object_set_new(o, "file", json_string(rs->file));
		json_object_set_new(o, "sha256", json_string(rs->sha256));
		json_object_set_new(o, "weight", json_real(rs->weight));
		json_object_set_new(o, "rules", json_integer((json_int_t)rs->nrules));
		json_array_append_new(a, o);
	}
	json_object_set_new(h, "rulesets", a);

	a = json_array();
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct input_info *in = &run->inputs[i];
		json_t *ig = json_object();

		o = json_object();
		json_object_set_new(o, "path", json_string(in->path));
		json_object_set_new(o, "sha256", json_string(in->sha256));
		json_object_set_new(o, "layout", jstr(in->layout));
		r = json_object();
		json_object_set_new(r, "read", json_integer((json_int_t)in->read));
		json_object_set_new(r, "used", json_integer((json_int_t)in->used));
		json_object_set_new(r, "ignored", json_integer((json_int_t)in->ignored));
		for (int k = 0; k < IGN__COUNT; k++) {
			char key[64];

			if (in->ignored_by[k] == 0)
				continue;
			/* Keys are snake_case like every other key of the report. */
			snprintf(key, sizeof(key), "%s", ignore_reason_names[k]);
			for (char *p = key; *p; p++)
				if (*p == ' ')
					*p = '_';
			json_object_set_new(ig, key, json_integer((json_int_t)in->ignored_by[k]));
		}
		json_object_set_new(r, "ignored_by", ig);
		json_object_set_new(o, "rows", r);
		json_array_append_new(a, o);
	}
	json_object_set_new(h, "inputs", a);

	o = json_object();
	json_object_set_new(o, "file", run->waivers ? json_string(run->waivers->file) : json_null());
	json_object_set_new(o, "sha256", run->waivers ? json_string(run->waivers->sha256) : json_null());
	a = json_array();
	r = json_array();
	for (size_t i = 0; run->waivers && i < run->waivers->n; i++) {
		const struct waiver *w = &run->waivers->items[i];

		json_array_append_new(w->expired ? r : a, jwaiver(w));
	}
	json_object_set_new(o, "applied", a);
	json_object_set_new(o, "expired", r);
	json_object_set_new(h, "waivers", o);

	o = json_object();
	json_object_set_new(o, "entities", json_integer((json_int_t)run->summary.entities));
	json_object_set_new(o, "gate", json_string(run->summary.gate_fail ? "fail" : "pass"));
	json_object_set_new(o, "min_score", run->summary.has_min_score ?
	    jnum(run->summary.min_score, 2) : json_null());
	json_object_set_new(o, "statuses", jstatuses(run->summary.count));
	json_object_set_new(h, "summary", o);
	return h;
}

/*
 * Values that repeat in every entity (a rule's id, title, target and
 * remediation; status and severity names; file names) are built once and
 * shared by reference: jansson counts references, and the report of many
 * entities spends most of its time building and freeing such values.
 */
enum { RC_ID, RC_TITLE, RC_INDICATOR, RC_TARGET, RC_TARGET_TEXT, RC_REMEDIATION, RC__N };

struct json_cache {
	json_t *(*rule)[RC__N];         /* per rule of the book */
	size_t nrules;
	json_t *status[ST_WAIVED + 1];
	json_t *severity[SEV_CRITICAL + 1];
	json_t *evidence[EVID_MISMATCH + 1];
	json_t **files;                 /* per input file index */
	size_t nfiles;
};

static struct json_cache *
cache_new(const struct run_info *run)
{
	struct json_cache *c = xcalloc(1, sizeof(*c));
	char tbuf[512];

	c->nrules = run->rb->nrules;
	c->rule = xcalloc(c->nrules ? c->nrules : 1, sizeof(*c->rule));
	for (size_t i = 0; i < c->nrules; i++) {
		const struct rule *r = run->rb->rules[i];

		c->rule[i][RC_ID] = json_string(r->id);
		c->rule[i][RC_TITLE] = json_string(r->title);
		c->rule[i][RC_INDICATOR] = r->indicator >= 0 ?
		    json_string(run->rb->cat.items[r->indicator].id) : json_null();
		c->rule[i][RC_TARGET] = jtarget(&r->target);
		report_target_str(run->rb, &r->target, tbuf, sizeof(tbuf));
		c->rule[i][RC_TARGET_TEXT] = json_string(tbuf);
		c->rule[i][RC_REMEDIATION] = jstr(r->remediation);
	}
	for (int k = 0; k <= ST_WAIVED; k++)
		c->status[k] = json_string(status_names[k]);
	for (int k = 0; k <= SEV_CRITICAL; k++)
		c->severity[k] = json_string(severity_names[k]);
	for (int k = 0; k <= EVID_MISMATCH; k++)
		c->evidence[k] = k == EVID_NONE ? json_null() : json_string(evidence_names[k]);
	c->nfiles = run->obs->nfiles;
	c->files = xcalloc(c->nfiles ? c->nfiles : 1, sizeof(*c->files));
	for (size_t i = 0; i < c->nfiles; i++)
		c->files[i] = json_string(run->obs->files[i]);
	return c;
}

static void
cache_free(struct json_cache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nrules; i++)
		for (int k = 0; k < RC__N; k++)
			json_decref(c->rule[i][k]);
	for (int k = 0; k <= ST_WAIVED; k++)
		json_decref(c->status[k]);
	for (int k = 0; k <= SEV_CRITICAL; k++)
		json_decref(c->severity[k]);
	for (int k = 0; k <= EVID_MISMATCH; k++)
		json_decref(c->evidence[k]);
	for (size_t i = 0; i < c->nfiles; i++)
		json_decref(c->files[i]);
	free(c->files);
	free(c->rule);
	free(c);
}

static json_t *
jsource_c(const struct json_cache *c, const struct obs *o)
{
	json_t *j;

	if (o == NULL)
		return json_null();
	j = json_object();
	json_object_set(j, "file", c->files[o->file]);
	json_object_set_new(j, "line", json_integer(o->line));
	return j;
}

static json_t *
jrule(const struct run_info *run, const struct json_cache *c,
    const struct rule_result *rr)
{
	const struct rule *r = rr->rule;
	json_t *const *rc = c->rule[r->index];
	const struct obsstore *s = run->obs;
	json_t *j = json_object();
	struct value v;
	char tbuf[512];

	json_object_set(j, "id", rc[RC_ID]);
	json_object_set(j, "title", rc[RC_TITLE]);
	json_object_set(j, "status", c->status[rr->status]);
	json_object_set_new(j, "score", rr->status == ST_NOT_APPLICABLE ||
	    rr->status == ST_WAIVED || (rr->status == ST_MISSING && !rr->counted) ?
	    json_null() : jnum(rr->score, 4));
	json_object_set(j, "severity", c->severity[rr->severity]);
	json_object_set_new(j, "weight", json_real(rr->weight));
	json_object_set(j, "indicator", rc[RC_INDICATOR]);
	if (rr->obs != NULL) {
		obs_value(s, rr->obs, &v);
		json_object_set_new(j, "observed", jvalue(&v));
		json_object_set_new(j, "year", rr->obs->year ? json_integer(rr->obs->year) : json_null());
	} else {
		json_object_set_new(j, "observed", json_null());
		json_object_set_new(j, "year", json_null());
	}
	if (rr->target == &r->target) {
		json_object_set(j, "target", rc[RC_TARGET]);
		json_object_set(j, "target_text", rc[RC_TARGET_TEXT]);
	} else {                        /* a profile's override */
		json_object_set_new(j, "target", jtarget(rr->target));
		report_target_str(run->rb, rr->target, tbuf, sizeof(tbuf));
		json_object_set_new(j, "target_text", json_string(tbuf));
	}
	json_object_set_new(j, "gap", rr->has_gap ? json_real(rr->gap) : json_null());
	json_object_set_new(j, "gap_pct", rr->has_gap_pct ? jnum(rr->gap_pct, 2) : json_null());
	json_object_set(j, "evidence", c->evidence[rr->evidence]);
	json_object_set_new(j, "reason", rr->reason[0] ? json_string(rr->reason) : json_null());
	json_object_set(j, "remediation", rc[RC_REMEDIATION]);
	json_object_set_new(j, "source", jsource_c(c, rr->obs));
	if (rr->base != NULL) {
		json_t *b = json_object();

		obs_value(s, rr->base, &v);
		json_object_set_new(b, "observed", jvalue(&v));
		json_object_set_new(b, "year", json_integer(rr->base->year));
		json_object_set_new(b, "source", jsource_c(c, rr->base));
		json_object_set_new(j, "baseline", b);
	}
	if (rr->nops > 0) {
		json_t *ops = json_array();

		for (size_t i = 0; i < rr->nops; i++) {
			const struct operand *op = &rr->ops[i];
			json_t *o = json_object();

			json_object_set_new(o, "indicator", json_string(run->rb->cat.items[op->ind].id));
			json_object_set_new(o, "prev", json_boolean(op->prev));
			if (op->obs != NULL) {
				obs_value(s, op->obs, &v);
				json_object_set_new(o, "observed", jvalue(&v));
				json_object_set_new(o, "year", op->obs->year ?
				    json_integer(op->obs->year) : json_null());
			} else {
				json_object_set_new(o, "observed", json_null());
				json_object_set_new(o, "year", json_null());
			}
			json_object_set_new(o, "source", jsource_c(c, op->obs));
			json_array_append_new(ops, o);
		}
		json_object_set_new(j, "operands", ops);
	}
	if (rr->waiver != NULL)
		json_object_set_new(j, "waiver", jwaiver(rr->waiver));
	return j;
}

static json_t *
jentity(const struct run_info *run, const struct json_cache *c,
    const struct entity_result *er)
{
	const struct entity *e = er->ent;
	json_t *j = json_object(), *a = json_array();

	json_object_set_new(j, "entity", json_string(e->id));
	json_object_set_new(j, "subject", jstr(subject_name(e->subject)));
	json_object_set_new(j, "sector", jstr(e->sector));
	json_object_set_new(j, "profile", er->profile ? json_string(er->profile->name) : json_null());
	json_object_set_new(j, "score", er->has_score ? jnum(er->score, 2) : json_null());
	json_object_set_new(j, "gate", json_string(er->gate_fail ? "fail" : "pass"));
	json_object_set_new(j, "statuses", jstatuses(er->count));
	for (size_t k = 0; k < er->ncommits; k++) {
		const struct commit_result *cr = &er->commits[k];
		json_t *o = json_object(), *rules = json_array();

		json_object_set_new(o, "ruleset", json_string(cr->set->id));
		json_object_set_new(o, "commitment", json_integer(cr->set->commitment));
		json_object_set_new(o, "name", json_string(commitment_names[cr->set->commitment]));
		json_object_set_new(o, "score", cr->has_score ? jnum(cr->score, 2) : json_null());
		for (size_t i = 0; i < cr->n; i++)
			json_array_append_new(rules, jrule(run, c, &er->rules[cr->first + i]));
		json_object_set_new(o, "rules", rules);
		json_array_append_new(a, o);
	}
	json_object_set_new(j, "commitments", a);
	return j;
}

static int
json_begin(struct report_ctx *ctx)
{
	json_t *h = jheader(ctx->run);
	char *text = json_dumps(h, JSON_FLAGS);
	size_t len;
	int rc = 0;

	json_decref(h);
	if (text == NULL)
		return -1;
	ctx->state = cache_new(ctx->run);
	/* Drop the closing "\n}" so that the entities can follow. */
	len = strlen(text);
	if (len >= 2)
		len -= 2;
	if (fwrite(text, 1, len, ctx->fp) != len ||
	    fputs(",\n  \"entities\": [", ctx->fp) == EOF)
		rc = -1;
	free(text);
	return rc;
}

static int
json_entity(struct report_ctx *ctx, const struct entity_result *er)
{
	json_t *j = jentity(ctx->run, ctx->state, er);
	char *text = json_dumps(j, JSON_FLAGS);
	int rc = 0;

	json_decref(j);
	if (text == NULL)
		return -1;
	if (fputs(ctx->nentities > 0 ? ",\n    " : "\n    ", ctx->fp) == EOF)
		rc = -1;
	/* Indent the entity by four spaces to sit inside the array. */
	for (const char *p = text; rc == 0 && *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);

		if (fwrite(p, 1, n, ctx->fp) != n || (nl && fputs("    ", ctx->fp) == EOF))
			rc = -1;
		p += n;
	}
	free(text);
	return rc;
}

static int
json_end(struct report_ctx *ctx)
{
	return fputs(ctx->nentities > 0 ? "\n  ]\n}\n" : "]\n}\n", ctx->fp) == EOF ? -1 : 0;
}

static void
json_release(struct report_ctx *ctx)
{
	cache_free(ctx->state);
	ctx->state = NULL;
}

const struct reporter report_json = {
	.name = "json",
	.desc = "the full structure, for programs",
	.begin = json_begin,
	.entity = json_entity,
	.end = json_end,
	.release = json_release,
};
