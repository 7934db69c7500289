/*
 * The text report, for people at a terminal: per entity the overall score,
 * a bar per commitment, then the gaps worst first with what was observed,
 * the target, the gap, where the value came from and what to do.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "strbuf.h"
#include "out_text.h"
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
col(const struct wctx *ctx, const char *c)
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
text_head(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	FILE *fp = ctx->fp;
	size_t nrules = 0;

	for (size_t i = 0; i < run->nrulesets; i++)
		nrules += run->rulesets[i].nrules;
	fprintf(fp, "%sresilience-check %s%s  gap report, generated %s\n", col(ctx, C_BOLD),
	    run->version, col(ctx, C_RESET), run->generated);
	fprintf(fp, "rules: %s, %zu rule sets, %zu rules; evaluation year: ",
	    run->opts.builtin ? "built-in" : "from files", run->nrulesets, nrules);
	if (run->year) {
		fprintf(fp, "%d\n", run->year);
	} else if (run->years_vary && ctx->sum->entities > 0) {
		int lo = 0, hi = 0;

		for (size_t i = 0; i < ctx->sum->entities; i++) {
			int y = ctx->sum->rows[i].year;

			if (y != 0 && (lo == 0 || y < lo))
				lo = y;
			if (y > hi)
				hi = y;
		}
		fprintf(fp, "by entity, %d to %d\n", lo, hi);
	} else {
		fprintf(fp, "none (no year column)\n");
	}
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct res_input *in = &run->inputs[i];
		struct strbuf why;

		strbuf_init(&why);
		res_ignored_text(&why, in);
		fputs("input: ", fp);
		put(fp, in->path);
		fprintf(fp, " (%s layout): %zu rows read, %zu used, %zu ignored%s\n",
		    in->layout ? in->layout : "unknown", in->read, in->used,
		    in->ignored, why.buf);
		strbuf_release(&why);
	}
	for (size_t i = 0; i < run->nwaivers; i++) {
		const struct res_waiver *w = &run->waivers[i];

		fprintf(fp, "waiver %s: %s for ", w->expired ? "expired" :
		    w->used ? "in force" : "unused", w->rule);
		put(fp, w->entity);
		fprintf(fp, ", until %s\n", w->expires);
	}
	return ferror(fp) ? -1 : 0;
}

static void
bar(FILE *fp, const struct wctx *ctx, bool has, double score)
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
print_gap(struct wctx *ctx, const struct res_rule *r)
{
	const struct res_run *run = ctx->run;
	const struct res_ruledef *d = res_def(run, r);
	FILE *fp = ctx->fp;
	struct strbuf sb;
	char num[64];
	const char *sc = status_colour(r->status);

	strbuf_init(&sb);
	fprintf(fp, "  %s%-8s%s %-8s %s%-7s%s ", col(ctx, sc),
	    status_names[r->status], col(ctx, C_RESET), severity_names[r->severity],
	    col(ctx, C_BOLD), d->id, col(ctx, C_RESET));
	put(fp, d->title);
	putc('\n', fp);
	if (r->observed.kind != V_NONE) {
		value_text(&sb, &r->observed, false);
		fputs("           observed ", fp);
		put(fp, sb.buf);
		if (r->year)
			fprintf(fp, " (%d)", r->year);
		fputs(", target ", fp);
		put(fp, r->target->text);
		if (res_shows_gap(r)) {
			value_format_num(r->gap, num, sizeof(num));
			fprintf(fp, ", gap %s%s", r->gap > 0 ? "+" : "", num);
			if (r->has_gap_pct)
				fprintf(fp, " (%+.1f%%)", r->gap_pct);
		}
		if (r->status == ST_PARTIAL)
			fprintf(fp, ", score %.2f", r->score);
		fputs("\n           at ", fp);
		put(fp, res_input_path(run, r->src.input));
		fprintf(fp, ":%u\n", (unsigned)r->src.line);
	} else {
		fputs("           target ", fp);
		put(fp, r->target->text);
		putc('\n', fp);
	}
	for (size_t i = 0; i < r->nops; i++) {
		const struct res_operand *op = &r->ops[i];

		fprintf(fp, "           %s%s%s = ", op->prev ? "prev(" : "",
		    run->indicators[op->indicator].id, op->prev ? ")" : "");
		if (op->value.kind == V_NONE) {
			fprintf(fp, "(missing)\n");
			continue;
		}
		strbuf_reset(&sb);
		value_text(&sb, &op->value, false);
		put(fp, sb.buf);
		if (op->year)
			fprintf(fp, " (%d)", op->year);
		fputs(" at ", fp);
		put(fp, res_input_path(run, op->src.input));
		fprintf(fp, ":%u\n", (unsigned)op->src.line);
	}
	if (r->reason[0] != '\0') {
		fputs("           ", fp);
		put(fp, r->reason);
		putc('\n', fp);
	}
	if (d->remediation != NULL) {
		fprintf(fp, "           %s-> ", col(ctx, C_DIM));
		put(fp, d->remediation);
		fprintf(fp, "%s\n", col(ctx, C_RESET));
	}
	strbuf_release(&sb);
}

static int
text_entity(struct wctx *ctx, const struct res_entity *e)
{
	const struct res_run *run = ctx->run;
	FILE *fp = ctx->fp;
	const struct res_rule **gaps;
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
	if (e->profile != NULL) {
		fputs("  (profile ", fp);
		put(fp, e->profile);
		putc(')', fp);
	}
	if (run->years_vary && e->year != 0)
		fprintf(fp, "  as of %d", e->year);
	if (e->has_score)
		fprintf(fp, "  overall %.1f/100", e->score);
	else
		fprintf(fp, "  overall: no data");
	if (e->has_coverage)
		fprintf(fp, ", coverage %.1f%%", e->coverage);
	if (e->low_coverage)
		fputs(" (low coverage)", fp);
	fprintf(fp, "  gate %s%s%s\n", col(ctx, e->gate_fail ? C_RED : C_GREEN),
	    e->gate_fail ? "FAIL" : "pass", col(ctx, C_RESET));
	for (size_t i = 0; i < e->nreasons; i++) {
		fputs("  gate: ", fp);
		put(fp, e->reasons[i].text);
		putc('\n', fp);
	}
	for (size_t c = 0; c < e->ncommits; c++) {
		const struct res_commit *cr = &e->commits[c];
		int num = run->rulesets[cr->ruleset].commitment;

		fprintf(fp, "  %d %-26s ", num, commitment_names[num]);
		bar(fp, ctx, cr->has_score, cr->score);
		if (cr->has_score)
			fprintf(fp, " %5.1f", cr->score);
		else
			fprintf(fp, "   n/a");
		if (cr->has_coverage)
			fprintf(fp, "  coverage %5.1f%%", cr->coverage);
		putc('\n', fp);
	}
	fprintf(fp, "  rules: %zu pass, %zu partial, %zu fail, %zu missing, "
	    "%zu not applicable, %zu waived\n", e->count[ST_PASS],
	    e->count[ST_PARTIAL], e->count[ST_FAIL], e->count[ST_MISSING],
	    e->count[ST_NOT_APPLICABLE], e->count[ST_WAIVED]);

	gaps = res_gaps(e, &ngaps);
	if (ngaps > 0)
		fprintf(fp, "  gaps, worst first:\n");
	for (size_t i = 0; i < ngaps; i++)
		print_gap(ctx, gaps[i]);
	free(gaps);
	for (size_t i = 0; i < e->nrules; i++) {
		const struct res_rule *r = &e->rules[i];

		if (r->status == ST_WAIVED) {
			fprintf(fp, "  waived   %-8s %s: ", severity_names[r->severity],
			    res_def(run, r)->id);
			put(fp, r->reason);
			putc('\n', fp);
		}
	}
	return ferror(fp) ? -1 : 0;
}

static int
text_tail(struct wctx *ctx)
{
	const struct res_summary *s = ctx->sum;
	const struct res_options *o = &ctx->run->opts;
	FILE *fp = ctx->fp;

	fprintf(fp, "\nsummary: %zu entit%s", s->entities, s->entities == 1 ? "y" : "ies");
	if (s->has_min_score)
		fprintf(fp, ", lowest overall score %.1f", s->min_score);
	fprintf(fp, "; gate %s%s%s (fail-on %s", col(ctx, s->gate_fail ? C_RED : C_GREEN),
	    s->gate_fail ? "FAIL" : "pass", col(ctx, C_RESET), severity_names[o->fail_on]);
	if (o->has_fail_under)
		fprintf(fp, ", fail-under %g", o->fail_under);
	if (o->has_min_coverage)
		fprintf(fp, ", min-coverage %g", o->min_coverage);
	fprintf(fp, ")\n");
	if (s->entities == 0)
		fputs("gate: nothing was evaluated: no entity in the inputs\n", fp);
	else if (s->gate_failing > 0)
		fprintf(fp, "gate: %zu of %zu entit%s fail%s the gate\n", s->gate_failing,
		    s->entities, s->entities == 1 ? "y" : "ies", s->gate_failing == 1 ? "s" : "");
	return ferror(fp) ? -1 : 0;
}

static void *
text_thread_new(const struct wctx *ctx)
{
	return writer_stream_new(ctx, text_entity);
}

const struct writer writer_text = {
	.name = "text",
	.desc = "for people at a terminal (default)",
	.summary_first = true,
	.head = text_head,
	.entity = text_entity,
	.tail = text_tail,
	.thread_new = text_thread_new,
	.render = writer_stream_render,
	.thread_free = writer_stream_free,
};
