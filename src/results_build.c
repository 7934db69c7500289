/*
 * From an evaluation to the results model: the run header once, then each
 * entity as the evaluator leaves it. Scores are rounded here to what the
 * reports show, and the gate is judged on the model (res_judge).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "baseline.h"
#include "economies.h"
#include "results_build.h"
#include "xalloc.h"

/* v rounded to decimals places; values too large for decimals stay. */
static double
rounded(double v, int decimals)
{
	double f = decimals == 2 ? 100 : decimals == 4 ? 10000 : pow(10, decimals);
	double r;

	if (!(fabs(v) < 0x1p52))
		return v;
	r = round(v * f) / f;
	return r == 0 ? 0 : r;          /* no -0 */
}

/* A value as the model keeps it: the fields of the other kinds zero. */
static void
value_from(struct value *d, const struct value *v)
{
	d->kind = v->kind;
	d->num = v->kind == V_NUM ? v->num : 0;
	d->b = v->kind == V_BOOL && v->b;
	d->text = v->kind == V_TEXT ? v->text : NULL;
}

/* The indicators rules read, each once, in catalogue order. */
static void
build_indicators(struct res_builder *b, struct res_run *run)
{
	const struct rulebook *rb = b->rb;
	bool *used = xcalloc(rb->cat.n + 1, sizeof(*used));
	size_t n = 0;

	b->ind_map = arena_array(&b->arena, rb->cat.n + 1, sizeof(*b->ind_map));
	for (size_t i = 0; i < rb->nrules; i++)
		rulebook_mark_indicators(rb->rules[i], used);
	for (size_t i = 0; i < rb->cat.n; i++)
		n += used[i];
	run->indicators = arena_array(&b->arena, n ? n : 1, sizeof(*run->indicators));
	n = 0;
	for (size_t i = 0; i < rb->cat.n; i++) {
		b->ind_map[i] = used[i] ? (int)n : -1;
		if (used[i]) {
			const struct indicator *ind = &rb->cat.items[i];

			run->indicators[n++] = (struct res_indicator){ ind->id, ind->unit,
			    ind->decimals >= 0 ? ind->decimals : ind->type == IT_PERCENT ? 1 :
			    ind->type == IT_COUNT ? 0 : -1 };
		}
	}
	run->nindicators = n;
	free(used);
}

void
res_builder_init(struct res_builder *b, struct res_run *run,
    const struct rulebook *rb, const struct obsstore *store,
    const struct input_info *inputs, size_t ninputs,
    const struct waivers *waivers, const struct eval_opts *eo, int year,
    const char *tool, const char *version, const char *generated)
{
	struct arena *a = &b->arena;

	memset(b, 0, sizeof(*b));
	memset(run, 0, sizeof(*run));
	arena_init(a);
	b->rb = rb;
	b->obs = store;
	run->tool = tool;
	run->version = version;
	snprintf(run->generated, sizeof(run->generated), "%s", generated);
	run->year = year;
	run->opts.builtin = rb->builtin;
	run->opts.profile = eo->profile != NULL ? eo->profile->name : NULL;
	run->opts.missing_skip = eo->missing_skip;
	run->opts.fail_on = eo->fail_on;
	run->opts.fail_on_new = eo->fail_on_new;
	run->opts.has_trajectory = eo->traj_from != 0;
	run->opts.traj_from = eo->traj_from;
	run->opts.traj_to = eo->traj_to;
	run->opts.year = eo->traj_from != 0 ? 0 : eo->year;
	run->opts.has_fail_under = eo->has_fail_under;
	run->opts.fail_under = eo->fail_under;
	run->opts.has_min_coverage = eo->has_min_coverage;
	run->opts.min_coverage = eo->min_coverage;

	run->nrulesets = rb->nsets;
	run->rulesets = arena_array(a, rb->nsets ? rb->nsets : 1, sizeof(*run->rulesets));
	for (size_t i = 0; i < rb->nsets; i++) {
		const struct ruleset *rs = &rb->sets[i];
		struct res_ruleset *d = &run->rulesets[i];

		d->id = rs->id;
		d->title = rs->title;
		d->file = res_display_path(a, rs->file);
		d->commitment = rs->commitment;
		memcpy(d->sha256, rs->sha256, sizeof(d->sha256));
		d->weight = rs->weight;
		d->nrules = rs->nrules;
	}
	build_indicators(b, run);
	run->nrules = rb->nrules;
	run->rules = arena_array(a, rb->nrules ? rb->nrules : 1, sizeof(*run->rules));
	for (size_t i = 0; i < rb->nrules; i++) {
		const struct rule *r = rb->rules[i];
		struct res_ruledef *d = &run->rules[i];

		d->id = r->id;
		d->title = r->title;
		d->severity = r->severity;
		d->weight = r->weight;
		d->ruleset = (size_t)(r->set - rb->sets);
		d->indicator = r->indicator >= 0 ? b->ind_map[r->indicator] : -1;
		d->max_age = r->max_age;
		d->nalternatives = r->nalts;
		d->alternatives = arena_array(a, r->nalts ? r->nalts : 1,
		    sizeof(*d->alternatives));
		for (size_t k = 0; k < r->nalts; k++)
			d->alternatives[k] = r->alts[k]->id;
		d->rationale = r->rationale;
		d->remediation = r->remediation;
		d->target = &r->target;
	}

	run->ninputs = ninputs;
	run->inputs = arena_array(a, ninputs ? ninputs : 1, sizeof(*run->inputs));
	for (size_t i = 0; i < ninputs; i++) {
		const struct input_info *in = &inputs[i];
		struct res_input *d = &run->inputs[i];

		d->path = res_display_path(a, in->path);
		memcpy(d->sha256, in->sha256, sizeof(d->sha256));
		d->layout = in->layout;
		d->read = in->read;
		d->used = in->used;
		d->ignored = in->ignored;
		memcpy(d->ignored_by, in->ignored_by, sizeof(d->ignored_by));
	}

	if (waivers != NULL) {
		run->has_waivers = true;
		run->waivers_file = res_display_path(a, waivers->file);
		memcpy(run->waivers_sha256, waivers->sha256, sizeof(run->waivers_sha256));
		run->nwaivers = waivers->n;
		run->waivers = arena_array(a, waivers->n ? waivers->n : 1, sizeof(*run->waivers));
		for (size_t i = 0; i < waivers->n; i++) {
			const struct waiver *w = &waivers->items[i];
			struct res_waiver *d = &run->waivers[i];

			d->rule = w->rule_id;
			d->entity = w->entity;
			d->reason = w->reason;
			d->approved_by = w->approved_by;
			memcpy(d->expires, w->expires_text, sizeof(d->expires));
			d->file = run->waivers_file;
			d->line = w->line;
			d->col = w->col;
			d->expired = w->expired;
		}
	}
}

void
res_builder_release(struct res_builder *b)
{
	arena_release(&b->arena);
}

static void
obs_to(const struct res_builder *b, const struct obs *o, struct value *v,
    int *year, struct res_source *src)
{
	struct value val;

	if (o == NULL) {
		memset(v, 0, sizeof(*v));
		*year = 0;
		src->input = -1;
		src->line = 0;
		return;
	}
	obs_value(b->obs, o, &val);
	value_from(v, &val);
	*year = o->year;
	src->input = o->file;
	src->line = o->line;
}

static void
rule_build(const struct res_builder *b, const struct rule_result *rr,
    struct res_rule *r, struct arena *a)
{
	r->def = rr->rule->index;
	r->status = rr->status;
	r->counted = rr->counted;
	r->score = rr->counted ? rounded(rr->score, 4) : 0;
	r->severity = rr->severity;
	r->weight = rr->weight;
	r->target = rr->target;
	obs_to(b, rr->obs, &r->observed, &r->year, &r->src);
	r->has_base = rr->base != NULL;
	obs_to(b, rr->base, &r->base, &r->base_year, &r->base_src);
	r->has_gap = rr->has_gap;
	r->gap = rr->has_gap ? rr->gap : 0;
	r->has_gap_pct = rr->has_gap_pct;
	r->gap_pct = rr->has_gap_pct ? rounded(rr->gap_pct, 2) : 0;
	r->evidence = rr->evidence;
	r->evidence_text = rr->obs != NULL ? obs_evidence(b->obs, rr->obs) : NULL;
	r->reason = rr->reason.buf;
	r->waiver = rr->waiver != NULL ? (int)rr->waiver->index : -1;
	r->gate = false;
	r->nops = rr->nops;
	r->ops = NULL;
	if (rr->nops > 0) {
		r->ops = arena_array(a, rr->nops, sizeof(*r->ops));
		for (size_t i = 0; i < rr->nops; i++) {
			const struct operand *op = &rr->ops[i];
			struct res_operand *d = &r->ops[i];

			d->indicator = b->ind_map[op->ind];
			d->prev = op->prev;
			obs_to(b, op->obs, &d->value, &d->year, &d->src);
		}
	}
}

bool
res_entity_build(const struct res_builder *b, const struct res_run *run,
    const struct entity_result *er, struct res_entity *e, struct arena *a)
{
	const struct entity *ent = er->ent;
	bool finite = true;

	memset(e, 0, sizeof(*e));
	e->id = ent->id;
	/* A state's code names an economy: show its name beside it. */
	e->name = ent->subject != SUBJ_ENTERPRISE ? econ_name(ent->id) : NULL;
	e->year = er->year;
	e->subject = ent->subject;
	e->sector = ent->sector;
	e->profile = er->profile != NULL ? er->profile->name : NULL;
	e->first.input = ent->file;
	e->first.line = ent->line;
	e->has_score = er->has_score;
	e->score = er->has_score ? rounded(er->score, 2) : 0;
	e->has_coverage = er->has_coverage;
	e->coverage = er->has_coverage ? rounded(er->coverage, 2) : 0;
	finite = !er->has_score || isfinite(er->score);
	memcpy(e->count, er->count, sizeof(e->count));
	e->nrules = er->nrules;
	e->rules = arena_array(a, er->nrules ? er->nrules : 1, sizeof(*e->rules));
	for (size_t i = 0; i < er->nrules; i++)
		rule_build(b, &er->rules[i], &e->rules[i], a);
	e->ncommits = er->ncommits;
	e->commits = arena_array(a, er->ncommits ? er->ncommits : 1, sizeof(*e->commits));
	for (size_t c = 0; c < er->ncommits; c++) {
		const struct commit_result *cr = &er->commits[c];
		struct res_commit *d = &e->commits[c];

		d->ruleset = c;
		d->has_score = cr->has_score;
		d->score = cr->has_score ? rounded(cr->score, 2) : 0;
		d->has_coverage = cr->has_coverage;
		d->coverage = cr->has_coverage ? rounded(cr->coverage, 2) : 0;
		d->first = cr->first;
		d->n = cr->n;
		finite = finite && (!cr->has_score || isfinite(cr->score));
	}
	if (er->ntraj > 0) {
		e->trajectory = arena_array(a, er->ntraj, sizeof(*e->trajectory));
		e->ntrajectory = er->ntraj;
		for (size_t i = 0; i < er->ntraj; i++) {
			const struct traj_point *p = &er->traj[i];

			finite = finite && (!p->has_score || isfinite(p->score));
			e->trajectory[i] = (struct res_point){ p->year, p->has_score,
			    p->has_coverage, p->has_score ? rounded(p->score, 2) : 0,
			    p->has_coverage ? rounded(p->coverage, 2) : 0 };
		}
	}
	if (b->baseline != NULL)
		baseline_compare(b->baseline, run, e);
	res_judge(run, e, a);
	return finite;
}
