/*
 * The evaluator and scorer (SPEC section 6): each applicable rule yields a
 * status and score from the entity's latest value not after the evaluation
 * year; commitment scores are weighted means of rule scores, the overall
 * score a weighted mean of commitment scores. A check judges its value
 * itself (check.c); those that need more than the value used, a trend's
 * earlier years or an expression's operands, are judged here.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "eval.h"
#include "expr.h"
#include "strbuf.h"
#include "xalloc.h"

void
eval_init(struct evaluator *ev, const struct rulebook *rb,
    const struct obsstore *obs, const struct eval_opts *opts)
{
	int *file_max = xcalloc(obs->nfiles ? obs->nfiles : 1, sizeof(*file_max));

	ev->rb = rb;
	ev->obs = obs;
	ev->opts = *opts;
	ev->quiet = false;
	ev->years = xcalloc(obs->n ? obs->n : 1, sizeof(*ev->years));
	ev->years_vary = false;
	/* The latest year of each input file. */
	for (size_t i = 0; opts->year == 0 && i < obs->n; i++)
		for (size_t k = 0; k < obs->ents[i].nobs; k++) {
			const struct obs *o = &obs->ents[i].obs[k];

			if (o->year > file_max[o->file])
				file_max[o->file] = o->year;
		}
	/* Values of entities another shard or --entity leaves out date it too. */
	for (size_t f = 0; opts->year == 0 && f < obs->file_years && f < obs->nfiles; f++)
		if (obs->file_left_year[f] > file_max[f])
			file_max[f] = obs->file_left_year[f];
	for (size_t i = 0; i < obs->n; i++) {
		int y = opts->year;

		for (size_t k = 0; opts->year == 0 && k < obs->ents[i].nobs; k++)
			if (file_max[obs->ents[i].obs[k].file] > y)
				y = file_max[obs->ents[i].obs[k].file];
		/*
		 * An entity without a single value has nothing to date: the file
		 * that named it, else the latest year of all, only words its
		 * "no value reported up to" reasons.
		 */
		if (y == 0 && opts->year == 0 && obs->ents[i].nobs == 0)
			y = file_max[obs->ents[i].file] ? file_max[obs->ents[i].file] :
			    obs->any_year ? obs->max_year : 0;
		ev->years[i] = y;
		if (i > 0 && y != ev->years[0])
			ev->years_vary = true;
	}
	ev->year = opts->year != 0 ? opts->year : ev->years_vary || obs->n == 0 ? 0 :
	    ev->years[0];
	free(file_max);
}

void
eval_release(struct evaluator *ev)
{
	free(ev->years);
	ev->years = NULL;
}

void
entity_result_init(struct entity_result *er, const struct rulebook *rb)
{
	memset(er, 0, sizeof(*er));
	er->ncommits = rb->nsets;
	er->commits = xcalloc(rb->nsets, sizeof(*er->commits));
	er->nrules = rb->nrules;
	er->rules = xcalloc(rb->nrules, sizeof(*er->rules));
	for (size_t i = 0; i < er->nrules; i++)
		strbuf_init(&er->rules[i].reason);
	er->first = xcalloc(rb->cat.n + 1, sizeof(*er->first));
}

void
entity_result_release(struct entity_result *er)
{
	for (size_t i = 0; i < er->nrules; i++)
		strbuf_release(&er->rules[i].reason);
	free(er->commits);
	free(er->rules);
	free(er->first);
	free(er->traj);
	memset(er, 0, sizeof(*er));
}

static void
why(struct rule_result *rr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A reason without arguments: the frequent ones, copied without printf.
 * Reasons are never cut: a waiver's reason, say, is kept whole.
 */
static void
why_text(struct rule_result *rr, const char *text)
{
	if (rr->quiet)
		return;
	strbuf_reset(&rr->reason);
	strbuf_adds(&rr->reason, text);
}

static void
why(struct rule_result *rr, const char *fmt, ...)
{
	va_list ap;

	if (rr->quiet)
		return;
	strbuf_reset(&rr->reason);
	va_start(ap, fmt);
	strbuf_vaddf(&rr->reason, fmt, ap);
	va_end(ap);
}

static const char *
ind_id(const struct evaluator *ev, int ind)
{
	return ev->rb->cat.items[ind].id;
}

/*
 * A measured quantity (not a count) with exactly the same value in every
 * year from b to o, and at least one year between them: a value carried
 * forward by the publisher, not a measurement of no change.
 */
static bool
carried_forward(const struct evaluator *ev, const struct entity *e,
    const uint32_t *first, const struct obs *b, const struct obs *o)
{
	if (o->num != b->num || o->year - b->year < 2 ||
	    ev->rb->cat.items[o->ind].type != IT_NUMBER)
		return false;
	for (int y = b->year + 1; y < o->year; y++) {
		const struct obs *m = obs_at_in(e, first, o->ind, y);

		if (m == NULL || m->num != o->num)
			return false;
	}
	return true;
}

/* Judge a trend rule: latest value against the one t->years earlier. */
static void
eval_trend(const struct evaluator *ev, const struct entity *e,
    const uint32_t *first, const struct check *t, const struct obs *o,
    struct rule_result *rr)
{
	const struct obs *b;
	double change;

	if (o->year == 0) {
		rr->status = ST_MISSING;
		why_text(rr, "no history: the input has no years");
		return;
	}
	b = obs_at_in(e, first, o->ind, o->year - t->years);
	rr->base = b;
	if (b == NULL) {
		rr->status = ST_MISSING;
		why(rr, "no history: no value of '%s' for %d to compare with %d",
		    ind_id(ev, o->ind), o->year - t->years, o->year);
		return;
	}
	if (b->num == 0) {
		rr->status = ST_MISSING;
		why(rr, "the %d value of '%s' is 0, so no change in percent can be computed",
		    b->year, ind_id(ev, o->ind));
		return;
	}
	change = (o->num - b->num) / fabs(b->num) * 100;
	if (!isfinite(change)) {
		rr->status = ST_MISSING;
		why(rr, "the change of '%s' from %d to %d is too large to compute",
		    ind_id(ev, o->ind), b->year, o->year);
		return;
	}
	/*
	 * Two values too far apart to be one series (a change of method, a
	 * unit slip) or the same measurement repeated (a value carried
	 * forward) say nothing about the trend.
	 */
	if (t->break_factor > 0 && b->num > 0 && o->num > 0 &&
	    (o->num / b->num > t->break_factor || b->num / o->num > t->break_factor)) {
		rr->status = ST_MISSING;
		why(rr, "series break: '%s' changed %+.1f%% from %d to %d, more than a "
		    "factor of %g, which no real change reaches", ind_id(ev, o->ind), change,
		    b->year, o->year, t->break_factor);
		return;
	}
	if (carried_forward(ev, e, first, b, o)) {
		rr->status = ST_MISSING;
		why(rr, "carried forward: '%s' has the same value in every year from %d "
		    "to %d, so there is no change to judge", ind_id(ev, o->ind), b->year,
		    o->year);
		return;
	}
	rr->has_gap = true;
	rr->gap = o->num - b->num;
	rr->has_gap_pct = true;
	rr->gap_pct = change;
	if (change * t->direction >= t->min_change_pct) {
		rr->status = ST_PASS;
		rr->score = 1;
	} else {
		rr->status = ST_FAIL;
	}
	why(rr, "changed %+.1f%% from %d to %d; needs %s%.1f%%", change, b->year,
	    o->year, t->direction > 0 ? "+" : "-", t->min_change_pct);
}

/* Operand lookup for expressions: latest value, or the year before it. */
struct expr_ctx {
	const struct evaluator *ev;
	const struct entity *e;
	const uint32_t *first;
	const struct rule *r;
	struct rule_result *rr;
	int year;                       /* the entity's evaluation year */
};

static const struct obs *
latest_fresh(const struct evaluator *ev, const struct entity *e,
    const uint32_t *first, const struct rule *r, int ind, int year, char *whyb,
    size_t whysize)
{
	const struct obs *o = obs_latest_in(e, first, ind, year);

	if (o == NULL) {
		snprintf(whyb, whysize, "no value of '%s'", ind_id(ev, ind));
		return NULL;
	}
	if (r->max_age >= 0 && o->year != 0 && year != 0 && o->year < year - r->max_age) {
		snprintf(whyb, whysize, "stale: the latest value of '%s', from %d, is %d years "
		    "old in %d (limit %d)", ind_id(ev, ind), o->year, year - o->year, year,
		    r->max_age);
		return NULL;
	}
	return o;
}

static int
expr_value(void *vctx, int ind, bool prev, double *out, char *whyb, size_t whysize)
{
	struct expr_ctx *c = vctx;
	struct rule_result *rr = c->rr;
	const struct obs *o = latest_fresh(c->ev, c->e, c->first, c->r, ind, c->year,
	    whyb, whysize);
	size_t k;

	if (o != NULL && prev) {
		if (o->year == 0) {
			snprintf(whyb, whysize, "no history: prev(%s) needs years", ind_id(c->ev, ind));
			o = NULL;
		} else {
			int y = o->year - 1;

			o = obs_at_in(c->e, c->first, ind, y);
			if (o == NULL)
				snprintf(whyb, whysize, "no value of '%s' for %d (prev)", ind_id(c->ev, ind), y);
		}
	}
	for (k = 0; k < rr->nops; k++)
		if (rr->ops[k].ind == ind && rr->ops[k].prev == prev)
			break;
	if (k == rr->nops && k < EVAL_MAX_OPERANDS) {
		rr->ops[k].ind = ind;
		rr->ops[k].prev = prev;
		rr->nops++;
	}
	if (k < EVAL_MAX_OPERANDS)
		rr->ops[k].obs = o;
	if (o == NULL)
		return -1;
	*out = o->num;
	return 0;
}

static void
eval_expr(const struct evaluator *ev, const struct entity *e,
    const uint32_t *first, const struct rule *r, const struct check *t,
    struct rule_result *rr, int year)
{
	struct expr_ctx c = {ev, e, first, r, rr, year};
	struct expr_env env = {expr_value, &c, &ev->rb->cat, t->expr_src};
	/* Room for a message naming two indicators of the longest ids. */
	char msg[1024];
	double v;

	if (expr_eval(t->expr, &env, &v, msg, sizeof(msg)) != EXPR_OK) {
		utf8_clip(msg);
		why_text(rr, msg);
		rr->status = ST_MISSING;
		return;
	}
	rr->judged = true;
	rr->status = v != 0 ? ST_PASS : ST_FAIL;
	rr->score = v != 0 ? 1 : 0;
}

static bool
has_sector(const struct rule *r, const char *sector)
{
	if (sector == NULL)
		return false;
	for (size_t i = 0; i < r->nsectors; i++)
		if (strcmp(r->sectors[i], sector) == 0)
			return true;
	return false;
}

/* Is the rule out of scope for this entity? Fills the reason when it is. */
static bool
not_applicable(const struct entity *e, const struct profile *p,
    const struct rule *r, struct rule_result *rr)
{
	if (p != NULL && !p->selected[r->index]) {
		why(rr, "not selected by profile '%s'", p->name);
		return true;
	}
	if (e->subject != SUBJ_NONE && (r->subjects & e->subject) == 0) {
		why_text(rr, r->subjects == SUBJ_STATE ? "applies to states only" :
		    "applies to enterprises only");
		return true;
	}
	if (r->nsectors > 0 && !has_sector(r, e->sector)) {
		struct strbuf sb;

		strbuf_init(&sb);
		for (size_t i = 0; i < r->nsectors; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", r->sectors[i]);
		why(rr, "applies to sector%s %s only", r->nsectors > 1 ? "s" : "", sb.buf);
		strbuf_release(&sb);
		return true;
	}
	return false;
}

/* Check the evidence of the value used; may turn the status into fail. */
static void
eval_evidence(const struct evaluator *ev, const struct rule *r,
    const struct obs *o, struct rule_result *rr)
{
	const char *text = obs_evidence(ev->obs, o);

	if (text == NULL) {
		if (!r->evidence_required) {
			rr->evidence = EVID_NOT_REQUIRED;
			return;
		}
		rr->evidence = EVID_ABSENT;
		rr->status = ST_FAIL;
		rr->score = 0;
		why_text(rr, "evidence: required but none given");
		return;
	}
	rr->evidence = EVID_OK;
	if (r->evidence_match == NULL)
		return;
	switch (pattern_match(r->evidence_match, text, strlen(text))) {
	case PAT_MATCH:
		return;
	case PAT_NOMATCH:
		why(rr, "evidence: does not match /%s/", pattern_source(r->evidence_match));
		break;
	case PAT_LIMIT:
		why_text(rr, "evidence: the pattern hit its match limit");
		break;
	case PAT_ERROR:
		why_text(rr, "evidence: the pattern could not be matched against it");
		break;
	}
	rr->evidence = EVID_MISMATCH;
	rr->status = ST_FAIL;
	rr->score = 0;
}

static void
eval_rule(const struct evaluator *ev, const struct entity *e,
    const uint32_t *first, const struct profile *p, const struct rule *r,
    struct rule_result *rr, int year)
{
	const struct profile_override *ov = p ? p->override[r->index] : NULL;
	const struct check *t = ov && ov->has_target ? &ov->target : &r->target;
	enum check_input input = check_row_of(t)->input;
	const struct waiver *w;
	const struct obs *o;
	struct value v;
	const char *whyp = NULL;

	/*
	 * Field by field rather than memset: the operands and the reason's
	 * bytes after its end are never read, and clearing them for every
	 * rule of every entity showed in the profile.
	 */
	rr->rule = r;
	rr->status = (enum status)0;
	rr->score = 0;
	rr->counted = false;
	rr->obs = rr->base = NULL;
	rr->has_gap = rr->has_gap_pct = false;
	rr->gap = rr->gap_pct = 0;
	rr->waiver = NULL;
	rr->nops = 0;
	strbuf_reset(&rr->reason);
	rr->quiet = ev->quiet;
	rr->judged = false;
	rr->target = t;
	rr->severity = ov && ov->severity >= 0 ? (enum severity)ov->severity : r->severity;
	rr->weight = ov && ov->weight > 0 ? ov->weight : r->weight;
	rr->evidence = EVID_NONE;

	if (not_applicable(e, p, r, rr)) {
		rr->status = ST_NOT_APPLICABLE;
		return;
	}
	if (input == CHECK_ON_OPERANDS) {
		eval_expr(ev, e, first, r, t, rr, year);
		o = NULL;
		goto waive;
	}
	o = r->indicator >= 0 ? obs_latest_in(e, first, r->indicator, year) : NULL;
	rr->obs = o;
	if (o == NULL) {
		rr->status = ST_MISSING;
		if (r->indicator < 0)
			why_text(rr, "no value");
		else if (year != 0)
			why(rr, "no value of '%s' reported up to %d", ind_id(ev, r->indicator), year);
		else
			why(rr, "no value of '%s' reported", ind_id(ev, r->indicator));
	} else if (r->max_age >= 0 && o->year != 0 && year != 0 &&
	    o->year < year - r->max_age) {
		rr->status = ST_MISSING;
		why(rr, "stale: the latest value, from %d, is %d years old in %d; "
		    "values count up to %d year%s old", o->year, year - o->year, year,
		    r->max_age, r->max_age == 1 ? "" : "s");
	} else if (input == CHECK_ON_HISTORY) {
		eval_trend(ev, e, first, t, o, rr);
		rr->judged = rr->status != ST_MISSING;
	} else {
		rr->judged = true;
		obs_value(ev->obs, o, &v);
		rr->status = check_judge(t, &v, &rr->score, &whyp);
		if (whyp != NULL)
			why_text(rr, whyp);
		if (v.kind == V_NUM)
			rr->has_gap = check_gap(t, v.num, &rr->gap, &rr->gap_pct,
			    &rr->has_gap_pct);
	}
	if (o != NULL && rr->status != ST_MISSING &&
	    (r->evidence_required || r->evidence_match != NULL))
		eval_evidence(ev, r, o, rr);
	else if (o != NULL && rr->status != ST_MISSING)
		rr->evidence = obs_evidence(ev->obs, o) ? EVID_OK : EVID_NOT_REQUIRED;
waive:
	w = ev->opts.waivers ? waivers_find(ev->opts.waivers, r->id, e->id) : NULL;
	if (w != NULL) {
		rr->waiver = w;
		rr->status = ST_WAIVED;
		rr->score = 0;
		why(rr, "waived until %s: %s", w->expires_text, w->reason);
		return;
	}
	rr->counted = rr->status == ST_PASS || rr->status == ST_PARTIAL ||
	    rr->status == ST_FAIL || (rr->status == ST_MISSING && !ev->opts.missing_skip);
}

/*
 * A rule and the rules that stand in for it: the first of them, in order,
 * that judged a usable value counts (else the first that applies, as
 * missing); the others do not apply, "covered by" the one that counts.
 */
static void
settle_group(struct entity_result *er, const struct rule *primary)
{
	struct rule_result *members[1 + RULE_MAX_ALTERNATIVES], *chosen = NULL;
	size_t n = 0;

	members[n++] = &er->rules[primary->index];
	for (size_t i = 0; i < primary->nalts && i < RULE_MAX_ALTERNATIVES; i++)
		members[n++] = &er->rules[primary->alts[i]->index];
	for (size_t i = 0; i < n && chosen == NULL; i++)
		if (members[i]->judged)
			chosen = members[i];
	for (size_t i = 0; i < n && chosen == NULL; i++)
		if (members[i]->status != ST_NOT_APPLICABLE)
			chosen = members[i];
	for (size_t i = 0; i < n; i++) {
		struct rule_result *rr = members[i];

		if (rr == chosen || rr->status == ST_NOT_APPLICABLE)
			continue;
		rr->status = ST_NOT_APPLICABLE;
		rr->score = 0;
		rr->counted = rr->judged = false;
		rr->has_gap = rr->has_gap_pct = false;
		rr->gap = rr->gap_pct = 0;
		rr->evidence = EVID_NONE;
		rr->waiver = NULL;
		rr->obs = rr->base = NULL;
		rr->nops = 0;
		why(rr, "covered by %s", chosen->rule->id);
	}
}

/* Evaluations so far: a test proves each entity is evaluated once per run. */
static _Atomic size_t evaluations;

size_t
eval_count(void)
{
	return atomic_load(&evaluations);
}

void
eval_entity(const struct evaluator *ev, size_t ent, struct entity_result *er)
{
	eval_entity_as_of(ev, ent, ev->years[ent], er);
}

void
eval_trajectory(const struct evaluator *ev, size_t ent, int from, int to,
    struct entity_result *er)
{
	size_t n = to >= from ? (size_t)(to - from + 1) : 0;

	if (er->ntraj != n) {
		free(er->traj);
		er->traj = xcalloc(n ? n : 1, sizeof(*er->traj));
		er->ntraj = n;
	}
	for (size_t i = 0; i < n; i++) {
		struct traj_point *pt = &er->traj[i];

		eval_entity_as_of(ev, ent, from + (int)i, er);
		*pt = (struct traj_point){ from + (int)i, er->has_score, er->has_coverage,
		    er->score, er->coverage };
	}
}

void
eval_entity_as_of(const struct evaluator *ev, size_t ent, int year,
    struct entity_result *er)
{
	const struct rulebook *rb = ev->rb;
	const struct entity *e = &ev->obs->ents[ent];
	const struct profile *p = ev->opts.profile;
	double tw = 0, ts = 0, cw = 0, cs = 0;
	size_t k = 0, usable = 0;

	atomic_fetch_add(&evaluations, 1);
	if (p == NULL)
		p = rulebook_default_profile(rb, e->subject);
	er->ent = e;
	er->profile = p;
	er->year = year;
	obs_index(e, rb->cat.n, er->first);
	memset(er->count, 0, sizeof(er->count));
	for (size_t s = 0; s < rb->nsets; s++)
		for (size_t i = 0; i < rb->sets[s].nrules; i++, k++)
			eval_rule(ev, e, er->first, p, &rb->sets[s].rules[i], &er->rules[k],
			    er->year);
	for (size_t i = 0; i < rb->nrules; i++)
		if (rb->rules[i]->nalts > 0)
			settle_group(er, rb->rules[i]);
	k = 0;
	for (size_t s = 0; s < rb->nsets; s++) {
		const struct ruleset *set = &rb->sets[s];
		struct commit_result *cr = &er->commits[s];
		double w = 0, sum = 0, aw = 0, uw = 0;

		cr->set = set;
		cr->first = k;
		cr->n = set->nrules;
		for (size_t i = 0; i < set->nrules; i++, k++) {
			struct rule_result *rr = &er->rules[k];

			er->count[rr->status]++;
			if (rr->counted) {
				w += rr->weight;
				sum += rr->weight * rr->score;
				usable += rr->judged;
			}
			/* Coverage: what applies and is not waived; had it data? */
			if (rr->status != ST_NOT_APPLICABLE && rr->status != ST_WAIVED) {
				aw += rr->weight;
				if (rr->judged)
					uw += rr->weight;
			}
		}
		cr->has_score = w > 0;
		cr->score = cr->has_score ? 100 * sum / w : 0;
		cr->has_coverage = aw > 0;
		cr->coverage = cr->has_coverage ? 100 * uw / aw : 0;
		if (cr->has_score) {
			tw += set->weight;
			ts += set->weight * cr->score;
		}
		if (cr->has_coverage) {
			cw += set->weight;
			cs += set->weight * cr->coverage;
		}
	}
	/*
	 * An entity none of whose counting rules had a usable value has no
	 * score: a gate must never pass what it did not check.
	 */
	er->has_score = tw > 0 && usable > 0;
	er->score = er->has_score ? ts / tw : 0;
	er->has_coverage = cw > 0;
	er->coverage = er->has_coverage ? cs / cw : 0;
}
