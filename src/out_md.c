/*
 * The markdown report, for pull-request comments and wikis. Summary first
 * (the gate's verdict, a table of entities with their commitment scores,
 * counts, the rules most often not met), then each entity in a collapsed
 * <details> block with its gaps (--detail full: every result), then the
 * audit trail. Under a budget of characters the pipeline leaves out the
 * entities that do not fit, and the tail says so.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "out_md.h"
#include "readable.h"
#include "strbuf.h"
#include "xalloc.h"

#define MD_TOP_RULES 10         /* rules in "most often not met" */

/*
 * Write text so that it stays inside one table cell and renders literally;
 * control characters are escaped visibly first (escape.h).
 */
static void
md(FILE *fp, const char *text)
{
	struct strbuf sb;
	const char *s;

	if (text == NULL)
		return;
	strbuf_init(&sb);
	escape_add(&sb, text, strlen(text));
	for (s = sb.buf; *s; s++) {
		switch (*s) {
		case '|': case '\\': case '`': case '*': case '_': case '[': case ']':
		case '<': case '>': case '#':
			putc('\\', fp);
			putc(*s, fp);
			break;
		case '\n': case '\r':
			putc(' ', fp);
			break;
		default:
			putc(*s, fp);
		}
	}
	strbuf_release(&sb);
}

/* The gate's verdict and why, in one sentence. */
static void
verdict(struct wctx *ctx)
{
	const struct res_summary *sum = ctx->sum;
	const struct res_options *o = &ctx->run->opts;
	FILE *fp = ctx->fp;
	size_t n = 0;

	fprintf(fp, "Gate: **%s**", sum->gate_fail ? "fail" : "pass");
	if (sum->nothing_evaluated) {
		fputs(": nothing was evaluated, no entity in the inputs", fp);
	} else if (sum->entities == 0) {
		fputs(": this shard holds no entity", fp);
	} else {
		fprintf(fp, ": %zu of %zu entit%s fail%s", sum->gate_failing, sum->entities,
		    sum->entities == 1 ? "y" : "ies", sum->gate_failing == 1 ? "s" : "");
		for (size_t k = 0; k < 4; k++)
			if (sum->failing_by[k] > 0)
				fprintf(fp, "%s%zu %s", n++ == 0 ? " (" : ", ", sum->failing_by[k],
				    res_failing_words[k]);
		if (n > 0)
			putc(')', fp);
	}
	fprintf(fp, "; fail-on %s", severity_names[o->fail_on]);
	if (o->has_fail_under)
		fprintf(fp, ", fail-under %g", o->fail_under);
	if (o->has_min_coverage)
		fprintf(fp, ", min-coverage %g", o->min_coverage);
	fputs(".\n", fp);
}

static void
score_cell(FILE *fp, bool has, double v)
{
	if (has)
		fprintf(fp, " %.1f |", v);
	else
		fputs(" – |", fp);
}

static void
entity_table(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	const struct res_summary *sum = ctx->sum;
	FILE *fp = ctx->fp;

	fputs(run->has_baseline ? "\n| Entity | Score | Change | Coverage | Gate |" :
	    "\n| Entity | Score | Coverage | Gate |", fp);
	for (size_t c = 0; c < run->nrulesets; c++)
		fprintf(fp, " %d |", run->rulesets[c].commitment);
	fputs(run->has_baseline ? "\n| --- | ---: | ---: | ---: | --- |" :
	    "\n| --- | ---: | ---: | --- |", fp);
	for (size_t c = 0; c < run->nrulesets; c++)
		fputs(" ---: |", fp);
	putc('\n', fp);
	for (size_t k = 0; k < sum->entities; k++) {
		const struct res_row *row = &sum->rows[k];

		fputs("| ", fp);
		md(fp, row->id);
		if (row->name != NULL) {
			fputs(" ", fp);
			md(fp, row->name);
		}
		fputs(" |", fp);
		if (row->has_score)
			fprintf(fp, " %.1f |", row->score);
		else
			fputs(" no data |", fp);
		if (run->has_baseline && row->has_score_delta)
			fprintf(fp, " %+.1f |", row->score_delta);
		else if (run->has_baseline)
			fputs(" – |", fp);
		if (row->has_coverage)
			fprintf(fp, " %.1f%%%s |", row->coverage, row->low_coverage ? " (low)" : "");
		else
			fputs(" n/a |", fp);
		fprintf(fp, " %s |", row->gate_fail ? "fail" : "pass");
		for (size_t c = 0; c < run->nrulesets; c++)
			score_cell(fp, row->commit_has[c], row->commit_score[c]);
		putc('\n', fp);
	}
	fputs("\nScore and coverage in %; the numbered columns are the commitments' scores "
	    "(–: no rule counted).\n", fp);
}

/* The rules with a gap for the most entities, the most severe first. */
static void
frequent(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	const struct res_summary *s = ctx->sum;
	FILE *fp = ctx->fp;
	size_t n, *order = res_rules_by_gaps(s, &n);

	fprintf(fp, "\nResults: %zu pass, %zu partial, %zu fail, %zu missing, "
	    "%zu not applicable, %zu waived. Gaps by severity: %zu critical, %zu high, "
	    "%zu medium, %zu low.\n", s->count[ST_PASS], s->count[ST_PARTIAL],
	    s->count[ST_FAIL], s->count[ST_MISSING], s->count[ST_NOT_APPLICABLE],
	    s->count[ST_WAIVED], s->gaps[SEV_CRITICAL], s->gaps[SEV_HIGH],
	    s->gaps[SEV_MEDIUM], s->gaps[SEV_LOW]);
	if (run->has_baseline) {
		fputs("\nSince the baseline ", fp);
		md(fp, run->baseline_file);
		fprintf(fp, ": %zu new, %zu updated (%zu worse), %zu unchanged, %zu closed.\n",
		    s->changes[BS_NEW], s->changes[BS_UPDATED], s->worse,
		    s->changes[BS_UNCHANGED], s->changes[BS_ABSENT]);
	}
	if (n > 0)
		fputs("\n| Rules most often not met | Severity | Entities |\n"
		    "| --- | --- | ---: |\n", fp);
	for (size_t i = 0; i < n && i < MD_TOP_RULES; i++) {
		size_t d = order[i];

		fprintf(fp, "| %s ", run->rules[d].id);
		md(fp, run->rules[d].title);
		fprintf(fp, " | %s | %zu |\n", severity_names[s->rule_severity[d]],
		    s->rule_gaps[d]);
	}
	if (n > MD_TOP_RULES)
		fprintf(fp, "\nAnd %zu more rule%s with gaps.\n", n - MD_TOP_RULES,
		    n - MD_TOP_RULES == 1 ? "" : "s");
	free(order);
}

/* --trajectory: each entity's overall score as of every year of the range. */
static void
trajectories(struct wctx *ctx)
{
	const struct res_summary *sum = ctx->sum;
	const struct res_options *o = &ctx->run->opts;
	FILE *fp = ctx->fp;

	if (!o->has_trajectory)
		return;
	fputs("\nOverall score by evaluation year:\n\n| Entity |", fp);
	for (int y = o->traj_from; y <= o->traj_to; y++)
		fprintf(fp, " %d |", y);
	fputs("\n| --- |", fp);
	for (int y = o->traj_from; y <= o->traj_to; y++)
		fputs(" ---: |", fp);
	putc('\n', fp);
	for (size_t k = 0; k < sum->entities; k++) {
		const struct res_row *row = &sum->rows[k];

		fputs("| ", fp);
		md(fp, row->id);
		fputs(" |", fp);
		for (size_t i = 0; i < row->ntrajectory; i++)
			score_cell(fp, row->trajectory[i].has_score, row->trajectory[i].score);
		putc('\n', fp);
	}
}

static int
md_head(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	FILE *fp = ctx->fp;

	fprintf(fp, "# Supply-chain resilience gap report\n\n");
	verdict(ctx);
	if (ctx->sum->entities > 0) {
		entity_table(ctx);
		trajectories(ctx);
		frequent(ctx);
	}
	fprintf(fp, "\nGenerated %s by resilience-check %s", run->generated, run->version);
	if (run->year)
		fprintf(fp, "; evaluation year %d", run->year);
	else if (run->years_vary)
		fprintf(fp, "; evaluation year by entity");
	fputs(". The audit trail is at the end.\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* One row of a table of results. */
static void
result_row(struct wctx *ctx, const struct res_rule *r, struct strbuf *sb)
{
	const struct res_run *run = ctx->run;
	const struct res_ruledef *d = res_def(run, r);
	FILE *fp = ctx->fp;

	fprintf(fp, "| %s ", d->id);
	md(fp, d->title);
	fprintf(fp, " | %s | %s | ", severity_names[r->severity],
	    r->status == ST_NOT_APPLICABLE ? "n/a" : status_names[r->status]);
	strbuf_reset(sb);
	if (r->observed.kind != V_NONE) {
		readable_value(sb, run, r, &r->observed);
		if (r->year)
			strbuf_addf(sb, " (%d)", r->year);
	}
	md(fp, sb->buf);
	fputs(" | ", fp);
	md(fp, r->target->text);
	fputs(" | ", fp);
	strbuf_reset(sb);
	if (r->status != ST_MISSING && readable_gap(sb, run, r))
		md(fp, sb->buf);
	fputs(" | ", fp);
	if (r->observed.kind != V_NONE) {
		md(fp, res_input_path(run, r->src.input));
		fprintf(fp, ":%u", (unsigned)r->src.line);
	}
	fputs(" | ", fp);
	if (r->reason[0] != '\0') {
		md(fp, r->reason);
		fputs(". ", fp);
	}
	if (res_is_gap(r))
		md(fp, d->remediation);
	if (run->has_baseline) {
		fputs(" | ", fp);
		strbuf_reset(sb);
		res_change_text(sb, r);
		md(fp, sb->buf);
	}
	fputs(" |\n", fp);
}

static void
table_head(struct wctx *ctx)
{
	fputs(ctx->run->has_baseline ?
	    "\n| Rule | Severity | Status | Observed | Target | Gap | Source | What to do | Change |\n"
	    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n" :
	    "\n| Rule | Severity | Status | Observed | Target | Gap | Source | What to do |\n"
	    "| --- | --- | --- | --- | --- | --- | --- | --- |\n", ctx->fp);
}

static int
md_entity(struct wctx *ctx, const struct res_entity *e)
{
	const struct res_run *run = ctx->run;
	FILE *fp = ctx->fp;
	const struct res_rule **gaps;
	struct strbuf sb;
	size_t ngaps = 0;
	bool any = false;

	if (ctx->detail == DETAIL_SUMMARY)
		return 0;
	strbuf_init(&sb);
	fputs("\n<details><summary>", fp);
	md(fp, e->id);
	if (e->name != NULL) {
		fputs(" ", fp);
		md(fp, e->name);
	}
	if (e->has_score)
		fprintf(fp, ": %.1f / 100", e->score);
	else
		fputs(": no data", fp);
	if (e->has_coverage)
		fprintf(fp, ", coverage %.1f%%%s", e->coverage, e->low_coverage ? " (low)" : "");
	if (run->years_vary)
		fprintf(fp, ", as of %d", e->year);
	if (e->has_score_delta)
		fprintf(fp, " (%+.1f since the baseline)", e->score_delta);
	fprintf(fp, ", gate %s</summary>\n\n", e->gate_fail ? "fail" : "pass");
	if (e->gate_fail) {
		for (size_t i = 0; i < e->nreasons; i++) {
			fputs("- gate: ", fp);
			md(fp, e->reasons[i].text);
			putc('\n', fp);
		}
		putc('\n', fp);
	}
	fprintf(fp, "| Commitment | Score | Coverage |\n| --- | ---: | ---: |\n");
	for (size_t c = 0; c < e->ncommits; c++) {
		const struct res_commit *cr = &e->commits[c];
		int n = run->rulesets[cr->ruleset].commitment;

		fprintf(fp, "| %d %s |", n, commitment_names[n]);
		score_cell(fp, cr->has_score, cr->score);
		if (cr->has_coverage)
			fprintf(fp, " %.1f%% |\n", cr->coverage);
		else
			fputs(" n/a |\n", fp);
	}
	gaps = res_gaps(e, &ngaps);
	for (size_t i = 0; i < ngaps; i++) {
		if (!any)
			table_head(ctx);
		any = true;
		result_row(ctx, gaps[i], &sb);
	}
	free(gaps);
	for (size_t i = 0; i < e->nrules; i++) {
		if (e->rules[i].status != ST_WAIVED)
			continue;
		if (!any)
			table_head(ctx);
		any = true;
		result_row(ctx, &e->rules[i], &sb);
	}
	if (!any)
		fprintf(fp, "\nEvery applicable rule passed.\n");
	strbuf_reset(&sb);
	for (size_t i = 0; i < e->nrules; i++)
		if (e->rules[i].baseline == BS_ABSENT)
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", res_def(run, &e->rules[i])->id);
	if (sb.len > 0) {
		fputs("\nClosed since the baseline: ", fp);
		md(fp, sb.buf);
		fputs(".\n", fp);
	}
	if (ctx->detail == DETAIL_FULL) {
		bool first = true;

		for (size_t i = 0; i < e->nrules; i++) {
			const struct res_rule *r = &e->rules[i];

			if (res_is_gap(r) || r->status == ST_WAIVED)
				continue;
			if (first) {
				fputs("\nOther results:\n", fp);
				table_head(ctx);
			}
			first = false;
			result_row(ctx, r, &sb);
		}
	}
	fputs("\n</details>\n", fp);
	strbuf_release(&sb);
	return ferror(fp) ? -1 : 0;
}

static int
md_tail(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	FILE *fp = ctx->fp;

	if (ctx->omitted > 0) {
		fprintf(fp, "\n**%zu of %zu entit%s left out** to keep this report within "
		    "%zu characters; ", ctx->omitted, ctx->sum->entities,
		    ctx->sum->entities == 1 ? "y is" : "ies are", ctx->budget);
		if (ctx->full_report != NULL) {
			fputs("the whole report is in ", fp);
			md(fp, ctx->full_report);
		} else {
			fputs("write the whole report with --markdown-budget 0, or -f json:FILE", fp);
		}
		fputs(".\n", fp);
	}
	fprintf(fp, "\n<details><summary>Audit trail</summary>\n\n");
	fprintf(fp, "| Rule set | Commitment | SHA-256 |\n| --- | ---: | --- |\n");
	for (size_t i = 0; i < run->nrulesets; i++)
		fprintf(fp, "| %s | %d | `%s` |\n", run->rulesets[i].id,
		    run->rulesets[i].commitment, run->rulesets[i].sha256);
	fprintf(fp, "\n| Input | SHA-256 | Rows read | Used | Ignored |\n"
	    "| --- | --- | ---: | ---: | ---: |\n");
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct res_input *in = &run->inputs[i];

		fputs("| ", fp);
		md(fp, in->path);
		fprintf(fp, " | `%s` | %zu | %zu | %zu |\n", in->sha256, in->read, in->used,
		    in->ignored);
	}
	if (run->nparts > 0)
		fputs("\n| Merged from | SHA-256 |\n| --- | --- |\n", fp);
	for (size_t i = 0; i < run->nparts; i++) {
		fputs("| ", fp);
		md(fp, run->parts[i].file);
		fprintf(fp, " | `%s` |\n", run->parts[i].sha256);
	}
	if (run->has_tailoring) {
		fputs("\nTailoring ", fp);
		md(fp, run->tailoring_name);
		fputs(" from ", fp);
		md(fp, run->tailoring_file);
		fprintf(fp, " (SHA-256 `%s`).\n", run->tailoring_sha256);
		if (run->nchanges > 0)
			fputs("\n| Change | Id | Field | From | To |\n| --- | --- | --- | --- | --- |\n", fp);
		for (size_t i = 0; i < run->nchanges; i++) {
			const struct res_change *c = &run->changes[i];

			fprintf(fp, "| %s | ", c->kind);
			md(fp, c->id);
			fputs(" | ", fp);
			md(fp, c->field ? c->field : "");
			fputs(" | ", fp);
			md(fp, c->from ? c->from : "");
			fputs(" | ", fp);
			md(fp, c->to ? c->to : "");
			fputs(" |\n", fp);
		}
	}
	if (run->has_project) {
		fputs("\nOptions from the project file ", fp);
		md(fp, run->project_file);
		fprintf(fp, " (SHA-256 `%s`).\n", run->project_sha256);
	}
	if (run->has_waivers) {
		fprintf(fp, "\n| Waiver | Entity | Expires | State |\n| --- | --- | --- | --- |\n");
		for (size_t i = 0; i < run->nwaivers; i++) {
			const struct res_waiver *w = &run->waivers[i];

			fprintf(fp, "| %s | ", w->rule);
			md(fp, w->entity);
			fprintf(fp, " | %s | %s |\n", w->expires, w->expired ? "expired" :
			    w->used ? "in force" : "in force, unused");
		}
	}
	fprintf(fp, "\n</details>\n");
	return ferror(fp) ? -1 : 0;
}

static void *
md_thread_new(const struct wctx *ctx)
{
	return writer_stream_new(ctx, md_entity);
}

const struct writer writer_markdown = {
	.name = "markdown",
	.desc = "for pull-request comments and wikis",
	.summary_first = true,
	.budgeted = true,
	.detail = DETAIL_FULL,
	.head = md_head,
	.entity = md_entity,
	.tail = md_tail,
	.thread_new = md_thread_new,
	.render = writer_stream_render,
	.thread_free = writer_stream_free,
};
