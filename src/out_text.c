/*
 * The text report, for people at a terminal: per entity the overall score,
 * a bar per commitment, then the gaps worst first with what was observed,
 * the target, the gap, where the value came from and what to do.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"
#include "strbuf.h"
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

/* Text from an input or a rule file: shown with control characters escaped. */
static void
put(FILE *fp, const char *s)
{
	if (s != NULL)
		escape_puts(s, fp);
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
		struct strbuf why;

		strbuf_init(&why);
		report_ignored(&why, in);
		fputs("input: ", fp);
		put(fp, in->path);
		fprintf(fp, " (%s layout): %zu rows read, %zu used, %zu ignored%s\n",
		    in->layout ? in->layout : "unknown", in->read, in->used,
		    in->ignored, why.buf);
		strbuf_release(&why);
	}
	for (size_t i = 0; run->waivers && i < run->waivers->n; i++) {
		const struct waiver *w = &run->waivers->items[i];

		fprintf(fp, "waiver %s: %s for ", w->expired ? "expired" :
		    w->used ? "in force" : "unused", w->rule_id);
		put(fp, w->entity);
		fprintf(fp, ", until %s\n", w->expires_text);
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
	struct strbuf sb;
	char num[64];
	const char *sc = status_colour(rr->status);

	strbuf_init(&sb);
	fprintf(fp, "  %s%-8s%s %-8s %s%-7s%s ", col(ctx, sc),
	    status_names[rr->status], col(ctx, C_RESET), severity_names[rr->severity],
	    col(ctx, C_BOLD), r->id, col(ctx, C_RESET));
	put(fp, r->title);
	putc('\n', fp);
	if (rr->obs != NULL) {
		report_value(&sb, run->obs, rr->obs);
		fputs("           observed ", fp);
		put(fp, sb.buf);
		if (rr->obs->year)
			fprintf(fp, " (%d)", rr->obs->year);
		strbuf_reset(&sb);
		report_target(&sb, rr->target);
		fputs(", target ", fp);
		put(fp, sb.buf);
		if (rr->has_gap && rr->target->kind != CHECK_TREND) {
			value_format_num(rr->gap, num, sizeof(num));
			fprintf(fp, ", gap %s%s", rr->gap > 0 ? "+" : "", num);
			if (rr->has_gap_pct)
				fprintf(fp, " (%+.1f%%)", rr->gap_pct);
		}
		if (rr->status == ST_PARTIAL)
			fprintf(fp, ", score %.2f", rr->score);
		fputs("\n           at ", fp);
		put(fp, run->obs->files[rr->obs->file]);
		fprintf(fp, ":%u\n", (unsigned)rr->obs->line);
	} else {
		report_target(&sb, rr->target);
		fputs("           target ", fp);
		put(fp, sb.buf);
		putc('\n', fp);
	}
	for (size_t i = 0; i < rr->nops; i++) {
		const struct operand *op = &rr->ops[i];

		fprintf(fp, "           %s%s%s = ", op->prev ? "prev(" : "",
		    run->rb->cat.items[op->ind].id, op->prev ? ")" : "");
		if (op->obs == NULL) {
			fprintf(fp, "(missing)\n");
			continue;
		}
		strbuf_reset(&sb);
		report_value(&sb, run->obs, op->obs);
		put(fp, sb.buf);
		if (op->obs->year)
			fprintf(fp, " (%d)", op->obs->year);
		fputs(" at ", fp);
		put(fp, run->obs->files[op->obs->file]);
		fprintf(fp, ":%u\n", (unsigned)op->obs->line);
	}
	if (rr->reason.len > 0) {
		fputs("           ", fp);
		put(fp, rr->reason.buf);
		putc('\n', fp);
	}
	if (r->remediation != NULL) {
		fprintf(fp, "           %s-> ", col(ctx, C_DIM));
		put(fp, r->remediation);
		fprintf(fp, "%s\n", col(ctx, C_RESET));
	}
	strbuf_release(&sb);
}

/* One line per reason the entity fails the gate. */
static void
gate_line(void *arg, enum gate_reason kind, enum severity sev, const char *text)
{
	FILE *fp = arg;

	(void)kind;
	(void)sev;
	fputs("  gate: ", fp);
	put(fp, text);
	putc('\n', fp);
}

static int
text_entity(struct report_ctx *ctx, const struct entity_result *er)
{
	const struct entity *e = er->ent;
	FILE *fp = ctx->fp;
	const struct rule_result **gaps;
	size_t ngaps = 0;

	fprintf(fp, "\n%s", col(ctx, C_BOLD));
	put(fp, e->id);
	fputs(col(ctx, C_RESET), fp);
	if (e->subject != SUBJ_NONE)
		fprintf(fp, "  %s", subject_name(e->subject));
	if (e->sector != NULL) {
		fputs(", ", fp);
		put(fp, e->sector);
	}
	if (er->profile != NULL) {
		fputs("  (profile ", fp);
		put(fp, er->profile->name);
		putc(')', fp);
	}
	if (er->has_score)
		fprintf(fp, "  overall %.1f/100", er->score);
	else
		fprintf(fp, "  overall: no score");
	fprintf(fp, "  gate %s%s%s\n", col(ctx, er->gate_fail ? C_RED : C_GREEN),
	    er->gate_fail ? "FAIL" : "pass", col(ctx, C_RESET));
	eval_gate_reasons(ctx->run->ev, er, gate_line, fp);
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

		if (rr->status == ST_WAIVED) {
			fprintf(fp, "  waived   %-8s %s: ", severity_names[rr->severity],
			    rr->rule->id);
			put(fp, rr->reason.buf);
			putc('\n', fp);
		}
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
	if (s->entities == 0)
		fputs("gate: nothing was evaluated: no entity in the inputs\n", fp);
	else if (s->gate_failing > 0)
		fprintf(fp, "gate: %zu of %zu entit%s fail%s the gate\n", s->gate_failing,
		    s->entities, s->entities == 1 ? "y" : "ies", s->gate_failing == 1 ? "s" : "");
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
