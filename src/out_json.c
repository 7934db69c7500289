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

/*
 * A file name as given on the command line: bytes that are not UTF-8 are
 * shown as '?', so the report stays valid JSON. Every other string of the
 * report comes from input that was checked for UTF-8 when read, which is
 * why the rest of this file uses the _nocheck variants.
 */
static json_t *
jpath(const char *path)
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

static json_t *
jstr(const char *s)
{
	return s != NULL ? json_string_nocheck(s) : json_null();
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
	case V_TEXT: return json_string_nocheck(v->text);
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
		json_object_set_new_nocheck(o, "op", json_string_nocheck(cmp_op_names[t->op]));
		json_object_set_new_nocheck(o, "value", jvalue(&t->value));
		if (t->has_partial)
			json_object_set_new_nocheck(o, "partial_from", json_real(t->partial_from));
		break;
	case CHECK_BETWEEN:
		a = json_array();
		json_array_append_new(a, json_real(t->lo));
		json_array_append_new(a, json_real(t->hi));
		json_object_set_new_nocheck(o, "between", a);
		break;
	case CHECK_IN:
		a = json_array();
		for (size_t i = 0; i < t->nset; i++)
			json_array_append_new(a, jvalue(&t->set[i]));
		json_object_set_new_nocheck(o, "in", a);
		break;
	case CHECK_MATCH:
		json_object_set_new_nocheck(o, "match", json_string_nocheck(pattern_source(t->pattern)));
		break;
	case CHECK_PRESENT:
		json_object_set_new_nocheck(o, "present", json_true());
		break;
	case CHECK_TREND:
		a = json_object();
		json_object_set_new_nocheck(a, "direction", json_string_nocheck(t->direction > 0 ? "up" : "down"));
		json_object_set_new_nocheck(a, "min_change_pct", json_real(t->min_change_pct));
		json_object_set_new_nocheck(a, "years", json_integer(t->years));
		json_object_set_new_nocheck(o, "trend", a);
		break;
	case CHECK_EXPR:
		json_object_set_new_nocheck(o, "expr", jstr(t->expr_src));
		break;
	}
	return o;
}

static json_t *
jwaiver(const struct waiver *w)
{
	json_t *j = json_object();

	json_object_set_new_nocheck(j, "rule", json_string_nocheck(w->rule_id));
	json_object_set_new_nocheck(j, "entity", json_string_nocheck(w->entity));
	json_object_set_new_nocheck(j, "reason", json_string_nocheck(w->reason));
	json_object_set_new_nocheck(j, "expires", json_string_nocheck(w->expires_text));
	json_object_set_new_nocheck(j, "approved_by", jstr(w->approved_by));
	json_object_set_new_nocheck(j, "file", jpath(w->file));
	json_object_set_new_nocheck(j, "line", json_integer(w->line));
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
jheader(const struct run_info *run)
{
	const struct rulebook *rb = run->rb;
	const struct eval_opts *eo = &run->ev->opts;
	json_t *h = json_object(), *t, *a, *o, *r;

	t = json_object();
	json_object_set_new_nocheck(t, "name", json_string_nocheck(PACKAGE_NAME));
	json_object_set_new_nocheck(t, "version", json_string_nocheck(run->version));
	json_object_set_new_nocheck(h, "tool", t);
	json_object_set_new_nocheck(h, "generated", json_string_nocheck(run->generated));
	json_object_set_new_nocheck(h, "evaluation_year",
	    run->ev->year ? json_integer(run->ev->year) : json_null());

	o = json_object();
	json_object_set_new_nocheck(o, "rules", json_string_nocheck(rb->builtin ? "built-in" : "files"));
	json_object_set_new_nocheck(o, "profile", eo->profile ? json_string_nocheck(eo->profile->name) : json_null());
	json_object_set_new_nocheck(o, "missing", json_string_nocheck(eo->missing_skip ? "skip" : "fail"));
	json_object_set_new_nocheck(o, "fail_on", json_string_nocheck(severity_names[eo->fail_on]));
	json_object_set_new_nocheck(o, "fail_under", eo->has_fail_under ? json_real(eo->fail_under) : json_null());
	json_object_set_new_nocheck(h, "options", o);

	a = json_array();
	for (size_t i = 0; i < rb->nsets; i++) {
		const struct ruleset *rs = &rb->sets[i];

		o = json_object();
		json_object_set_new_nocheck(o, "id", json_string_nocheck(rs->id));
		json_object_set_new_nocheck(o, "commitment", json_integer(rs->commitment));
		json_object_set_new_nocheck(o, "title", json_string_nocheck(rs->title));
		json_object_set_new_nocheck(o, "file", jpath(rs->file));
		json_object_set_new_nocheck(o, "sha256", json_string_nocheck(rs->sha256));
		json_object_set_new_nocheck(o, "weight", json_real(rs->weight));
		json_object_set_new_nocheck(o, "rules", json_integer((json_int_t)rs->nrules));
		json_array_append_new(a, o);
	}
	json_object_set_new_nocheck(h, "rulesets", a);

	a = json_array();
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct input_info *in = &run->inputs[i];
		json_t *ig = json_object();

		o = json_object();
		json_object_set_new_nocheck(o, "path", jpath(in->path));
		json_object_set_new_nocheck(o, "sha256", json_string_nocheck(in->sha256));
		json_object_set_new_nocheck(o, "layout", jstr(in->layout));
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

	o = json_object();
	json_object_set_new_nocheck(o, "file", run->waivers ? jpath(run->waivers->file) : json_null());
	json_object_set_new_nocheck(o, "sha256", run->waivers ? json_string_nocheck(run->waivers->sha256) : json_null());
	a = json_array();
	r = json_array();
	for (size_t i = 0; run->waivers && i < run->waivers->n; i++) {
		const struct waiver *w = &run->waivers->items[i];

		json_array_append_new(w->expired ? r : a, jwaiver(w));
	}
	json_object_set_new_nocheck(o, "applied", a);
	json_object_set_new_nocheck(o, "expired", r);
	json_object_set_new_nocheck(h, "waivers", o);

	o = json_object();
	json_object_set_new_nocheck(o, "entities", json_integer((json_int_t)run->summary.entities));
	json_object_set_new_nocheck(o, "gate", json_string_nocheck(run->summary.gate_fail ? "fail" : "pass"));
	json_object_set_new_nocheck(o, "min_score", run->summary.has_min_score ?
	    jnum(run->summary.min_score, 2) : json_null());
	json_object_set_new_nocheck(o, "statuses", jstatuses(run->summary.count));
	json_object_set_new_nocheck(h, "summary", o);
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

		c->rule[i][RC_ID] = json_string_nocheck(r->id);
		c->rule[i][RC_TITLE] = json_string_nocheck(r->title);
		c->rule[i][RC_INDICATOR] = r->indicator >= 0 ?
		    json_string_nocheck(run->rb->cat.items[r->indicator].id) : json_null();
		c->rule[i][RC_TARGET] = jtarget(&r->target);
		report_target_str(run->rb, &r->target, tbuf, sizeof(tbuf));
		c->rule[i][RC_TARGET_TEXT] = json_string_nocheck(tbuf);
		c->rule[i][RC_REMEDIATION] = jstr(r->remediation);
	}
	for (int k = 0; k <= ST_WAIVED; k++)
		c->status[k] = json_string_nocheck(status_names[k]);
	for (int k = 0; k <= SEV_CRITICAL; k++)
		c->severity[k] = json_string_nocheck(severity_names[k]);
	for (int k = 0; k <= EVID_MISMATCH; k++)
		c->evidence[k] = k == EVID_NONE ? json_null() : json_string_nocheck(evidence_names[k]);
	c->nfiles = run->obs->nfiles;
	c->files = xcalloc(c->nfiles ? c->nfiles : 1, sizeof(*c->files));
	for (size_t i = 0; i < c->nfiles; i++)
		c->files[i] = jpath(run->obs->files[i]);
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
	json_object_set_nocheck(j, "file", c->files[o->file]);
	json_object_set_new_nocheck(j, "line", json_integer(o->line));
	return j;
}

/* "observed" and "year" of a value used (both null when there is none). */
static void
jobserved(json_t *j, const struct obsstore *s, const struct obs *o)
{
	struct value v;

	if (o == NULL) {
		json_object_set_new_nocheck(j, "observed", json_null());
		json_object_set_new_nocheck(j, "year", json_null());
		return;
	}
	obs_value(s, o, &v);
	json_object_set_new_nocheck(j, "observed", jvalue(&v));
	json_object_set_new_nocheck(j, "year", o->year ? json_integer(o->year) : json_null());
}

static json_t *
jrule(const struct run_info *run, const struct json_cache *c,
    const struct rule_result *rr)
{
	const struct rule *r = rr->rule;
	json_t *const *rc = c->rule[r->index];
	const struct obsstore *s = run->obs;
	json_t *j = json_object();
	char tbuf[512];

	json_object_set_nocheck(j, "id", rc[RC_ID]);
	json_object_set_nocheck(j, "title", rc[RC_TITLE]);
	json_object_set_nocheck(j, "status", c->status[rr->status]);
	json_object_set_new_nocheck(j, "score", rr->status == ST_NOT_APPLICABLE ||
	    rr->status == ST_WAIVED || (rr->status == ST_MISSING && !rr->counted) ?
	    json_null() : jnum(rr->score, 4));
	json_object_set_nocheck(j, "severity", c->severity[rr->severity]);
	json_object_set_new_nocheck(j, "weight", json_real(rr->weight));
	json_object_set_nocheck(j, "indicator", rc[RC_INDICATOR]);
	jobserved(j, s, rr->obs);
	if (rr->target == &r->target) {
		json_object_set_nocheck(j, "target", rc[RC_TARGET]);
		json_object_set_nocheck(j, "target_text", rc[RC_TARGET_TEXT]);
	} else {                        /* a profile's override */
		json_object_set_new_nocheck(j, "target", jtarget(rr->target));
		report_target_str(run->rb, rr->target, tbuf, sizeof(tbuf));
		json_object_set_new_nocheck(j, "target_text", json_string_nocheck(tbuf));
	}
	json_object_set_new_nocheck(j, "gap", rr->has_gap ? json_real(rr->gap) : json_null());
	json_object_set_new_nocheck(j, "gap_pct", rr->has_gap_pct ? jnum(rr->gap_pct, 2) : json_null());
	json_object_set_nocheck(j, "evidence", c->evidence[rr->evidence]);
	json_object_set_new_nocheck(j, "reason", rr->reason[0] ? json_string_nocheck(rr->reason) : json_null());
	json_object_set_nocheck(j, "remediation", rc[RC_REMEDIATION]);
	json_object_set_new_nocheck(j, "source", jsource_c(c, rr->obs));
	if (rr->base != NULL) {
		json_t *b = json_object();

		jobserved(b, s, rr->base);
		json_object_set_new_nocheck(b, "source", jsource_c(c, rr->base));
		json_object_set_new_nocheck(j, "baseline", b);
	}
	if (rr->nops > 0) {
		json_t *ops = json_array();

		for (size_t i = 0; i < rr->nops; i++) {
			const struct operand *op = &rr->ops[i];
			json_t *o = json_object();

			json_object_set_new_nocheck(o, "indicator", json_string_nocheck(run->rb->cat.items[op->ind].id));
			json_object_set_new_nocheck(o, "prev", json_boolean(op->prev));
			jobserved(o, s, op->obs);
			json_object_set_new_nocheck(o, "source", jsource_c(c, op->obs));
			json_array_append_new(ops, o);
		}
		json_object_set_new_nocheck(j, "operands", ops);
	}
	if (rr->waiver != NULL)
		json_object_set_new_nocheck(j, "waiver", jwaiver(rr->waiver));
	return j;
}

static json_t *
jentity(const struct run_info *run, const struct json_cache *c,
    const struct entity_result *er)
{
	const struct entity *e = er->ent;
	json_t *j = json_object(), *a = json_array();

	json_object_set_new_nocheck(j, "entity", json_string_nocheck(e->id));
	json_object_set_new_nocheck(j, "subject", jstr(subject_name(e->subject)));
	json_object_set_new_nocheck(j, "sector", jstr(e->sector));
	json_object_set_new_nocheck(j, "profile", er->profile ? json_string_nocheck(er->profile->name) : json_null());
	json_object_set_new_nocheck(j, "score", er->has_score ? jnum(er->score, 2) : json_null());
	json_object_set_new_nocheck(j, "gate", json_string_nocheck(er->gate_fail ? "fail" : "pass"));
	json_object_set_new_nocheck(j, "statuses", jstatuses(er->count));
	for (size_t k = 0; k < er->ncommits; k++) {
		const struct commit_result *cr = &er->commits[k];
		json_t *o = json_object(), *rules = json_array();

		json_object_set_new_nocheck(o, "ruleset", json_string_nocheck(cr->set->id));
		json_object_set_new_nocheck(o, "commitment", json_integer(cr->set->commitment));
		json_object_set_new_nocheck(o, "name", json_string_nocheck(commitment_names[cr->set->commitment]));
		json_object_set_new_nocheck(o, "score", cr->has_score ? jnum(cr->score, 2) : json_null());
		for (size_t i = 0; i < cr->n; i++)
			json_array_append_new(rules, jrule(run, c, &er->rules[cr->first + i]));
		json_object_set_new_nocheck(o, "rules", rules);
		json_array_append_new(a, o);
	}
	json_object_set_new_nocheck(j, "commitments", a);
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
