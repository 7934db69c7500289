/*
 * The text report, for people at a terminal: per entity the overall score,
 * a bar per commitment, then the gaps worst first with what was observed,
 * the target, the gap, where the value came from and what to do.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "xalloc.h"

#define BAR_WIDTH 20

/* ANSI colours, used only when run->color is set. */
#define C_RED    "\033[31m"
#define C_YELLOW "\033[33m"
#define C_GREEN  "\033[32m"
#define C_BOLD   "\033[1m"
#define C_DIM    "\033[2m"
#define C_RESET  "\033[0m"

static const char *
col(const struct report_ctx *ctx, const char *c)
{
	return ctx->color ? c : "";
}

static const char *
status_colour(enum status s)
{
	switch (s) {
	case ST_PASS: return C_GREEN;
	case ST_PARTIAL: return C_YELLOW;
	case ST_FAIL: return C_RED;
	case ST_MISSING: return C_YELLOW;
	default: return C_DIM;
	}
}

static int
text_begin(struct report_ctx *ctx)
{
	const struct run_info *run = ctx->run;
	const struct rulebook *rb = run->rb;
	FILE *fp = ctx->fp;

	fprintf(fp, "%sresilience-check %s%s  gap report, generated %s\n", col(ctx, C_BOLD),
	    run->version, col(ctx, C_RESET), run->generated);
	fprintf(fp, "rules: %s, %zu rule sets, %zu rules; evaluation year: ",
	    rb->builtin ? "built-in" : "from files", rb->nsets, rb->nrules);
	if (run->ev->year)
		fprintf(fp, "%d\n", run->ev->year);
	else
		fprintf(fp, "none (no year column)\n");
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct input_info *in = &run->inputs[i];
		char why[256];

		report_ignored_str(in, why, sizeof(why));
		fprintf(fp, "input: %s (%s layout): %zu rows read, %zu used, %zu ignored%s\n",
		    in->path, in->layout ? in->layout : "unknown", in->read, in->used,
		    in->ignored, why);
	}
	for (size_t i = 0; run->waivers && i < run->waivers->n; i++) {
		const struct waiver *w = &run->waivers->items[i];

		fprintf(fp, "waiver %s: %s for %s, until %s\n",
		    w->expired ? "expired" : "in force", w->rule_id, w->entity,
		    w->expires_text);
	}
	return ferror(fp) ? -1 : 0;
}

static void
bar(FILE *fp, const struct report_ctx *ctx, bool has, double score)
{
	int fill = has ? (int)(score / 100 * BAR_WIDTH + 0.5) : 0;
	const char *c = score >= 80 ? C_GREEN : score >= 50 ? C_YELLOW : C_RED;

	putc('[', fp);
	if (has)
		fputs(col(ctx, c), fp);
	for (int i = 0; i < BAR_WIDTH; i++) {
		if (i == fill && has)
			fputs(col(ctx, C_RESET), fp);
		putc(i < fill ? '#' : '.', fp);
	}
	if (fill >= BAR_WIDTH && has)
		fputs(col(ctx, C_RESET), fp);
	putc(']', fp);
}

static void
print_gap(struct report_ctx *ctx, const struct rule_result *rr)
{
	const struct run_info *run = ctx->run;
	const struct rule *r = rr->rule;
	FILE *fp = ctx->fp;
	char obs[256], tgt[512], num[64];
	const char *sc = status_colour(rr->status);

	fprintf(fp, "  %s%-8s%s %-8s %s%-7s%s %s\n", col(ctx, sc),
	    status_names[rr->status], col(ctx, C_RESET), severity_names[rr->severity],
	    col(ctx, C_BOLD), r->id, col(ctx, C_RESET), r->title);
	report_target_str(run->rb, rr->target, tgt, sizeof(tgt));
	if (rr->obs != NULL) {
		report_value_str(run->obs, rr->obs, obs, sizeof(obs));
		fprintf(fp, "           observed %s", obs);
		if (rr->obs->year)
			fprintf(fp, " (%d)", rr->obs->year);
		fprintf(fp, ", target %s", tgt);
		if (rr->has_gap && rr->target->kind != CHECK_TREND) {
			value_format_num(rr->gap, num, sizeof(num));
			fprintf(fp, ", gap %s%s", rr->gap > 0 ? "+" : "", num);
			if (rr->has_gap_pct)
				fprintf(fp, " (%+.1f%%)", rr->gap_pct);
		}
		if (rr->status == ST_PARTIAL)
			fprintf(fp, ", score %.2f", rr->score);
		fprintf(fp, "\n           at %s:%u\n", run->obs->files[rr->obs->file],
		    (unsigned)rr->obs->line);
	} else {
		fprintf(fp, "           target %s\n", tgt);
	}
	for (size_t i = 0; i < rr->nops; i++) {
		const struct operand *op = &rr->ops[i];

		fprintf(fp, "           %s%s%s = ", op->prev ? "prev(" : "",
		    run->rb->cat.items[op->ind].id, op->prev ? ")" : "");
		if (op->obs == NULL) {
			fprintf(fp, "(missing)\n");
			continue;
		}
		report_value_str(run->obs, op->obs, obs, sizeof(obs));
		fprintf(fp, "%s", obs);
		if (op->obs->year)
			fprintf(fp, " (%d)", op->obs->year);
		fprintf(fp, " at %s:%u\n", run->obs->files[op->obs->file], (unsigned)op->obs->line);
	}
	if (rr->reason[0])
		fprintf(fp, "           %s\n", rr->reason);
	if (r->remediation != NULL)
		fprintf(fp, "           %s-> %s%s\n", col(ctx, C_DIM), r->remediation,
		    col(ctx, C_RESET));
}

static int
text_entity(struct report_ctx *ctx, const struct entity_result *er)
{
	const struct entity *e = er->ent;
	FILE *fp = ctx->fp;
	const struct rule_result **gaps;
	size_t ngaps = 0;

	fprintf(fp, "\n%s%s%s", col(ctx, C_BOLD), e->id, col(ctx, C_RESET));
	if (e->subject != SUBJ_NONE)
		fprintf(fp, "  %s", subject_name(e->subject));
	if (e->sector != NULL)
		fprintf(fp, ", %s", e->sector);
	if (er->profile != NULL)
		fprintf(fp, "  (profile %s)", er->profile->name);
	if (er->has_score)
		fprintf(fp, "  overall %.1f/100", er->score);
	else
		fprintf(fp, "  overall: no score");
	fprintf(fp, "  gate %s%s%s\n", col(ctx, er->gate_fail ? C_RED : C_GREEN),
	    er->gate_fail ? "FAIL" : "pass", col(ctx, C_RESET));
	for (size_t c = 0; c < er->ncommits; c++) {
		const struct commit_result *cr = &er->commits[c];

		fprintf(fp, "  %d %-26s ", cr->set->commitment,
		    commitment_names[cr->set->commitment]);
		bar(fp, ctx, cr->has_score, cr->score);
		if (cr->has_score)
			fprintf(fp, " %5.1f\n", cr->score);
		else
			fprintf(fp, "   n/a\n");
	}
	fprintf(fp, "  rules: %zu pass, %zu partial, %zu fail, %zu missing, "
	    "%zu not applicable, %zu waived\n", er->count[ST_PASS],
	    er->count[ST_PARTIAL], er->count[ST_FAIL], er->count[ST_MISSING],
	    er->count[ST_NOT_APPLICABLE], er->count[ST_WAIVED]);

	gaps = report_gaps(er, &ngaps);
	if (ngaps > 0)
		fprintf(fp, "  gaps, worst first:\n");
	for (size_t i = 0; i < ngaps; i++)
		print_gap(ctx, gaps[i]);
	free(gaps);
	for (size_t i = 0; i < er->nrules; i++) {
		const struct rule_result *rr = &er->rules[i];

		if (rr->status == ST_WAIVED)
			fprintf(fp, "  waived   %-8s %s: %s\n", severity_names[rr->severity],
			    rr->rule->id, rr->reason);
	}
	return ferror(fp) ? -1 : 0;
}

static int
text_end(struct report_ctx *ctx)
{
	const struct run_info *run = ctx->run;
	const struct eval_summary *s = &run->summary;
	const struct eval_opts *o = &run->ev->opts;
	FILE *fp = ctx->fp;

	fprintf(fp, "\nsummary: %zu entit%s", s->entities, s->entities == 1 ? "y" : "ies");
	if (s->has_min_score)
		fprintf(fp, ", lowest overall score %.1f", s->min_score);
	fprintf(fp, "; gate %s%s%s (fail-on %s", col(ctx, s->gate_fail ? C_RED : C_GREEN),
	    s->gate_fail ? "FAIL" : "pass", col(ctx, C_RESET), severity_names[o->fail_on]);
	if (o->has_fail_under)
		fprintf(fp, ", fail-under %g", o->fail_under);
	fprintf(fp, ")\n");
	return ferror(fp) ? -1 : 0;
}

static void *
text_thread_new(const struct report_ctx *ctx)
{
	return report_stream_new(ctx, text_entity);
}

const struct reporter report_text = {
	.name = "text",
	.desc = "for people at a terminal (default)",
	.begin = text_begin,
	.entity = text_entity,
	.thread_new = text_thread_new,
	.render = report_stream_render,
	.thread_free = report_stream_free,
	.end = text_end,
};
