/*
 * The results model (see results.h): the gate, judged on the model alone so
 * that a run and a report read back agree; the summary with its kept rows;
 * and the small helpers every writer shares.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "results.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- the gate ---- */

static bool
rule_fails_gate(const struct res_run *run, const struct res_rule *r)
{
	const struct res_options *o = &run->opts;

	/* Against a baseline: only what is new, or worse than it was. */
	if (o->fail_on_new != SEV_NONE)
		return r->severity >= o->fail_on_new && res_is_gap(r) &&
		    (r->baseline == BS_NEW || (r->baseline == BS_UPDATED && r->score_delta < 0));
	if (o->fail_on == SEV_NONE || r->severity < o->fail_on)
		return false;
	switch (r->status) {
	case ST_PARTIAL:
	case ST_FAIL:
		return true;
	case ST_MISSING:
		return !o->missing_skip;
	default:
		return false;
	}
}

static void
add_reason(struct res_entity *e, size_t *cap, struct arena *a,
    enum gate_reason kind, enum severity sev, const char *text)
{
	if (e->nreasons == *cap) {
		struct res_reason *n;

		*cap = *cap ? *cap * 2 : 4;
		n = arena_array(a, *cap, sizeof(*n));
		if (e->nreasons > 0)
			memcpy(n, e->reasons, e->nreasons * sizeof(*n));
		e->reasons = n;
	}
	e->reasons[e->nreasons++] = (struct res_reason){ kind, sev, arena_strdup(a, text) };
}

void
res_judge(const struct res_run *run, struct res_entity *e, struct arena *a)
{
	const struct res_options *o = &run->opts;
	size_t count[SEV_CRITICAL + 1] = {0}, cap = 0;
	struct strbuf sb;
	char x[64], y[64];

	e->reasons = NULL;
	e->nreasons = 0;
	for (size_t i = 0; i < e->nrules; i++) {
		struct res_rule *r = &e->rules[i];

		r->gate = rule_fails_gate(run, r);
		if (r->gate)
			count[r->severity]++;
	}
	strbuf_init(&sb);
	if (!e->has_score)
		add_reason(e, &cap, a, GATE_NOTHING, SEV_NONE,
		    "nothing was evaluated: no rule that counts had a usable value");
	if (o->has_fail_under && e->has_score && e->score < o->fail_under) {
		value_format_num(e->score, x, sizeof(x));
		value_format_num(o->fail_under, y, sizeof(y));
		strbuf_addf(&sb, "overall score %s below %s", x, y);
		add_reason(e, &cap, a, GATE_UNDER, SEV_NONE, sb.buf);
	}
	if (o->has_min_coverage && (!e->has_coverage || e->coverage < o->min_coverage)) {
		value_format_num(e->has_coverage ? e->coverage : 0, x, sizeof(x));
		value_format_num(o->min_coverage, y, sizeof(y));
		strbuf_reset(&sb);
		strbuf_addf(&sb, "coverage %s%% below %s%%", x, y);
		add_reason(e, &cap, a, GATE_COVERAGE, SEV_NONE, sb.buf);
	}
	e->low_coverage = o->missing_skip && (!e->has_coverage ||
	    e->coverage < RES_LOW_COVERAGE);
	for (int sev = SEV_CRITICAL; sev > SEV_NONE; sev--) {
		size_t k = 0;

		if (count[sev] == 0)
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, o->fail_on_new != SEV_NONE ?
		    "%s rule%s new or worse since the baseline: " : "%s rule%s not passed: ",
		    severity_names[sev], count[sev] == 1 ? "" : "s");
		for (size_t i = 0; i < e->nrules; i++) {
			const struct res_rule *r = &e->rules[i];

			if (r->gate && (int)r->severity == sev)
				strbuf_addf(&sb, "%s%s", k++ ? ", " : "", res_def(run, r)->id);
		}
		add_reason(e, &cap, a, GATE_SEVERITY, (enum severity)sev, sb.buf);
	}
	strbuf_release(&sb);
	e->gate_fail = e->nreasons > 0;
}

/* ---- the summary ---- */

void
res_summary_init(struct res_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->strings = xcalloc(1, sizeof(*s->strings));
	arena_init(s->strings);
}

void
res_summary_release(struct res_summary *s)
{
	if (s->strings != NULL) {
		arena_release(s->strings);
		free(s->strings);
	}
	free(s->rows);
	free(s->rule_gaps);
	free(s->rule_severity);
	free(s->rule_entities);
	memset(s, 0, sizeof(*s));
}

static const char *
keep(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

void
res_summary_add(struct res_summary *s, const struct res_run *run,
    const struct res_entity *e)
{
	struct res_row *row;

	xgrow(&s->rows, &s->rowcap, s->entities + 1, sizeof(*s->rows));
	row = &s->rows[s->entities++];
	row->id = keep(s->strings, e->id);
	row->name = keep(s->strings, e->name);
	row->year = e->year;
	row->subject = e->subject;
	row->sector = keep(s->strings, e->sector);
	row->profile = keep(s->strings, e->profile);
	row->has_score = e->has_score;
	row->score = e->score;
	row->has_coverage = e->has_coverage;
	row->coverage = e->coverage;
	row->low_coverage = e->low_coverage;
	row->has_score_delta = e->has_score_delta;
	row->score_delta = e->score_delta;
	row->ntrajectory = e->ntrajectory;
	row->trajectory = NULL;
	if (e->ntrajectory > 0) {
		row->trajectory = arena_array(s->strings, e->ntrajectory, sizeof(*row->trajectory));
		memcpy(row->trajectory, e->trajectory, e->ntrajectory * sizeof(*e->trajectory));
	}
	row->gate_fail = e->gate_fail;
	memcpy(row->count, e->count, sizeof(row->count));
	memset(row->gaps, 0, sizeof(row->gaps));
	row->gate_kinds = 0;
	for (size_t i = 0; i < e->nreasons; i++)
		row->gate_kinds |= (unsigned)e->reasons[i].kind;
	for (size_t k = 0; k < 4; k++)
		s->failing_by[k] += (row->gate_kinds >> k) & 1u;
	if (s->rule_gaps == NULL) {
		s->nrules = run->nrules;
		s->rule_gaps = xcalloc(s->nrules + 1, sizeof(*s->rule_gaps));
		s->rule_severity = xcalloc(s->nrules + 1, sizeof(*s->rule_severity));
		s->rule_entities = xcalloc((s->nrules + 1) * RES_RULE_ENTITIES,
		    sizeof(*s->rule_entities));
	}
	for (size_t i = 0; i < e->nrules; i++) {
		const struct res_rule *r = &e->rules[i];

		s->changes[r->baseline]++;
		s->worse += r->baseline == BS_UPDATED && r->score_delta < 0;
		if (!res_is_gap(r) || r->def >= s->nrules)
			continue;
		row->gaps[r->severity]++;
		s->gaps[r->severity]++;
		if (s->rule_gaps[r->def] < RES_RULE_ENTITIES)
			s->rule_entities[r->def * RES_RULE_ENTITIES + s->rule_gaps[r->def]] =
			    row->id;
		s->rule_gaps[r->def]++;
		if (r->severity > s->rule_severity[r->def])
			s->rule_severity[r->def] = r->severity;
	}
	row->commit_has = arena_array(s->strings, run->nrulesets ? run->nrulesets : 1,
	    sizeof(*row->commit_has));
	row->commit_score = arena_array(s->strings, run->nrulesets ? run->nrulesets : 1,
	    sizeof(*row->commit_score));
	row->commit_has_coverage = arena_array(s->strings, run->nrulesets ? run->nrulesets : 1,
	    sizeof(*row->commit_has_coverage));
	row->commit_coverage = arena_array(s->strings, run->nrulesets ? run->nrulesets : 1,
	    sizeof(*row->commit_coverage));
	for (size_t c = 0; c < e->ncommits && c < run->nrulesets; c++) {
		row->commit_has[c] = e->commits[c].has_score;
		row->commit_score[c] = e->commits[c].score;
		row->commit_has_coverage[c] = e->commits[c].has_coverage;
		row->commit_coverage[c] = e->commits[c].coverage;
	}
	if (e->gate_fail) {
		s->gate_fail = true;
		s->gate_failing++;
	}
	if (e->has_score && (!s->has_min_score || e->score < s->min_score)) {
		s->min_score = e->score;
		s->has_min_score = true;
	}
	for (int k = 0; k <= ST_WAIVED; k++)
		s->count[k] += e->count[k];
}

void
res_change_text(struct strbuf *sb, const struct res_rule *r)
{
	switch (r->baseline) {
	case BS_NEW:
		strbuf_adds(sb, "new since the baseline");
		break;
	case BS_UPDATED:
		strbuf_addf(sb, "%s since the baseline: score %+.2f",
		    r->score_delta < 0 ? "worse" : "better", r->score_delta);
		break;
	case BS_ABSENT:
		strbuf_adds(sb, "closed since the baseline");
		break;
	case BS_UNCHANGED:
		strbuf_adds(sb, "unchanged since the baseline");
		break;
	case BS_NONE:
		break;
	}
}

/* In the order of enum tailor_kind (rulebook.h), which the run maps through it. */
const char *const res_change_kinds[] = {
	"unselect", "refine", "add-ruleset", "add-indicator", NULL,
};

const char *const res_failing_words[4] = {
	"with nothing evaluated", "below the score floor",
	"on rules not passed", "below the coverage floor",
};

size_t *
res_rules_by_gaps(const struct res_summary *s, size_t *n)
{
	size_t *order = xcalloc(s->nrules + 1, sizeof(*order));

	*n = 0;
	for (size_t d = 0; d < s->nrules; d++)
		if (s->rule_gaps[d] > 0)
			order[(*n)++] = d;
	/* Insertion sort: stable, and a rule book holds a few hundred rules. */
	for (size_t i = 1; i < *n; i++) {
		size_t d = order[i], j = i;

		while (j > 0 && (s->rule_severity[order[j - 1]] < s->rule_severity[d] ||
		    (s->rule_severity[order[j - 1]] == s->rule_severity[d] &&
		    s->rule_gaps[order[j - 1]] < s->rule_gaps[d]))) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = d;
	}
	return order;
}

void
res_summary_finish(struct res_summary *s, const struct res_run *run)
{
	/* A shard of one is the whole run: it must hold something too. */
	if (s->entities == 0 && run->shard_n <= 1) {
		s->nothing_evaluated = true;
		s->gate_fail = true;
	}
}

const char *
res_display_path(struct arena *a, const char *path)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)path;
	size_t len = strlen(path), i, k;
	struct strbuf sb;
	char *copy;

	for (i = 0; i < len && (k = utf8_seq(p + i, len - i)) > 0; i += k)
		;
	if (i == len)
		return path;
	strbuf_init(&sb);
	for (i = 0; i < len; i += k) {
		if ((k = utf8_seq(p + i, len - i)) > 0) {
			strbuf_add(&sb, path + i, k);
			continue;
		}
		k = 1;
		strbuf_adds(&sb, "\\x");
		strbuf_addc(&sb, hex[p[i] >> 4]);
		strbuf_addc(&sb, hex[p[i] & 15]);
	}
	copy = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return copy;
}

/* ---- helpers for writers ---- */

const char *
res_input_path(const struct res_run *run, int input)
{
	return input >= 0 && (size_t)input < run->ninputs ? run->inputs[input].path : "";
}

bool
res_is_gap(const struct res_rule *r)
{
	return r->status == ST_FAIL || r->status == ST_PARTIAL ||
	    (r->status == ST_MISSING && r->counted);
}

bool
res_shows_gap(const struct res_rule *r)
{
	return r->has_gap && check_shows_gap(r->target);
}

static int
gap_order(const void *a, const void *b)
{
	const struct res_rule *x = *(const struct res_rule *const *)a;
	const struct res_rule *y = *(const struct res_rule *const *)b;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->status != y->status)
		return x->status == ST_FAIL ? -1 : y->status == ST_FAIL ? 1 :
		    x->status == ST_PARTIAL ? -1 : 1;
	return x->def < y->def ? -1 : x->def > y->def;
}

const struct res_rule **
res_gaps(const struct res_entity *e, size_t *n)
{
	const struct res_rule **gaps = xcalloc(e->nrules ? e->nrules : 1, sizeof(*gaps));

	*n = 0;
	for (size_t i = 0; i < e->nrules; i++)
		if (res_is_gap(&e->rules[i]))
			gaps[(*n)++] = &e->rules[i];
	qsort(gaps, *n, sizeof(*gaps), gap_order);
	return gaps;
}

void
res_gap_line(struct strbuf *sb, const struct res_run *run, const struct res_rule *r)
{
	(void)run;
	if (r->observed.kind != V_NONE) {
		strbuf_addf(sb, "%s: observed ", status_names[r->status]);
		value_text(sb, &r->observed, false);
		if (r->year)
			strbuf_addf(sb, " (%d)", r->year);
	} else {
		strbuf_addf(sb, "%s: no value", status_names[r->status]);
	}
	strbuf_adds(sb, "; target ");
	strbuf_adds(sb, r->target->text);
	if (res_shows_gap(r)) {
		strbuf_adds(sb, "; gap ");
		if (r->gap > 0)
			strbuf_addc(sb, '+');
		value_add_num(sb, r->gap);
		if (r->has_gap_pct)
			strbuf_addf(sb, " (%+.1f%%)", r->gap_pct);
	}
	if (r->reason[0] != '\0') {
		strbuf_adds(sb, "; ");
		strbuf_adds(sb, r->reason);
	}
}

void
res_ignored_text(struct strbuf *sb, const struct res_input *in)
{
	bool any = false;

	for (int k = 0; k < IGN__COUNT; k++) {
		if (in->ignored_by[k] == 0)
			continue;
		strbuf_addf(sb, "%s%zu %s", any ? ", " : " (", in->ignored_by[k],
		    ignore_reason_names[k]);
		any = true;
	}
	if (any)
		strbuf_addc(sb, ')');
}
