/*
 * The markdown report, for pull-request comments and wikis: the audit
 * header, a summary table of entities, then per entity the rules not passed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"
#include "strbuf.h"

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

/* The gate reasons of an entity, as a list under its heading. */
static void
md_reason(void *arg, enum gate_reason kind, enum severity sev, const char *text)
{
	FILE *fp = arg;

	(void)kind;
	(void)sev;
	fputs("- gate: ", fp);
	md(fp, text);
	putc('\n', fp);
}

static int
md_begin(struct report_ctx *ctx)
{
	const struct run_info *run = ctx->run;
	const struct evaluator *ev = run->ev;
	FILE *fp = ctx->fp;
	struct entity_result er;
	size_t *order;

	fprintf(fp, "# Supply-chain resilience gap report\n\n");
	fprintf(fp, "Generated %s by resilience-check %s", run->generated, run->version);
	if (ev->year)
		fprintf(fp, "; evaluation year %d", ev->year);
	fprintf(fp, ". Gate: **%s**", run->summary.gate_fail ? "fail" : "pass");
	fprintf(fp, " (fail-on %s", severity_names[ev->opts.fail_on]);
	if (ev->opts.has_fail_under)
		fprintf(fp, ", fail-under %g", ev->opts.fail_under);
	fprintf(fp, ")");
	if (run->summary.entities == 0)
		fprintf(fp, ": nothing was evaluated, no entity in the inputs");
	else if (run->summary.gate_failing > 0)
		fprintf(fp, ": %zu of %zu entit%s fail%s it", run->summary.gate_failing,
		    run->summary.entities, run->summary.entities == 1 ? "y" : "ies",
		    run->summary.gate_failing == 1 ? "s" : "");
	fprintf(fp, ".\n\n");

	fprintf(fp, "| Entity | Subject | Overall score | Gate | Pass | Partial | Fail | Missing |\n");
	fprintf(fp, "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |\n");
	entity_result_init(&er, run->rb);
	order = obs_sorted(run->obs);
	for (size_t k = 0; k < run->obs->n; k++) {
		eval_entity(ev, order[k], &er);
		fputs("| ", fp);
		md(fp, er.ent->id);
		fputs(" | ", fp);
		md(fp, subject_name(er.ent->subject));
		if (er.has_score)
			fprintf(fp, " | %.1f", er.score);
		else
			fputs(" | n/a", fp);
		fprintf(fp, " | %s | %zu | %zu | %zu | %zu |\n", er.gate_fail ? "fail" : "pass",
		    er.count[ST_PASS], er.count[ST_PARTIAL], er.count[ST_FAIL],
		    er.count[ST_MISSING]);
	}
	free(order);
	entity_result_release(&er);

	fprintf(fp, "\n<details><summary>Audit trail</summary>\n\n");
	fprintf(fp, "| Rule set | Commitment | SHA-256 |\n| --- | ---: | --- |\n");
	for (size_t i = 0; i < run->rb->nsets; i++)
		fprintf(fp, "| %s | %d | `%s` |\n", run->rb->sets[i].id,
		    run->rb->sets[i].commitment, run->rb->sets[i].sha256);
	fprintf(fp, "\n| Input | SHA-256 | Rows read | Used | Ignored |\n"
	    "| --- | --- | ---: | ---: | ---: |\n");
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct input_info *in = &run->inputs[i];

		fputs("| ", fp);
		md(fp, in->path);
		fprintf(fp, " | `%s` | %zu | %zu | %zu |\n", in->sha256, in->read, in->used,
		    in->ignored);
	}
	if (run->waivers != NULL) {
		fprintf(fp, "\n| Waiver | Entity | Expires | State |\n| --- | --- | --- | --- |\n");
		for (size_t i = 0; i < run->waivers->n; i++) {
			const struct waiver *w = &run->waivers->items[i];

			fprintf(fp, "| %s | ", w->rule_id);
			md(fp, w->entity);
			fprintf(fp, " | %s | %s |\n", w->expires_text, w->expired ? "expired" :
			    w->used ? "in force" : "in force, unused");
		}
	}
	fprintf(fp, "\n</details>\n");
	return ferror(fp) ? -1 : 0;
}

static int
md_entity(struct report_ctx *ctx, const struct entity_result *er)
{
	const struct run_info *run = ctx->run;
	FILE *fp = ctx->fp;
	struct strbuf sb;
	char num[64];
	bool any = false;

	strbuf_init(&sb);
	fputs("\n## ", fp);
	md(fp, er->ent->id);
	if (er->has_score)
		fprintf(fp, ": %.1f / 100", er->score);
	fprintf(fp, " (gate %s)\n\n", er->gate_fail ? "fail" : "pass");
	if (er->gate_fail) {
		eval_gate_reasons(run->ev, er, md_reason, fp);
		putc('\n', fp);
	}
	fprintf(fp, "| Commitment | Score |\n| --- | ---: |\n");
	for (size_t c = 0; c < er->ncommits; c++) {
		const struct commit_result *cr = &er->commits[c];

		fprintf(fp, "| %d %s | ", cr->set->commitment, commitment_names[cr->set->commitment]);
		if (cr->has_score)
			fprintf(fp, "%.1f |\n", cr->score);
		else
			fputs("n/a |\n", fp);
	}
	for (size_t i = 0; i < er->nrules; i++) {
		const struct rule_result *rr = &er->rules[i];

		if (!report_is_gap(rr) && rr->status != ST_WAIVED)
			continue;
		if (!any) {
			fprintf(fp, "\n| Rule | Severity | Status | Observed | Target | Gap | Source | What to do |\n"
			    "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
			any = true;
		}
		fprintf(fp, "| %s ", rr->rule->id);
		md(fp, rr->rule->title);
		fprintf(fp, " | %s | %s | ", severity_names[rr->severity], status_names[rr->status]);
		strbuf_reset(&sb);
		report_value(&sb, run->obs, rr->obs);
		md(fp, sb.buf);
		if (rr->obs != NULL && rr->obs->year)
			fprintf(fp, " (%d)", rr->obs->year);
		fputs(" | ", fp);
		strbuf_reset(&sb);
		report_target(&sb, rr->target);
		md(fp, sb.buf);
		fputs(" | ", fp);
		if (rr->has_gap && rr->target->kind != CHECK_TREND) {
			value_format_num(rr->gap, num, sizeof(num));
			fprintf(fp, "%s%s", rr->gap > 0 ? "+" : "", num);
		}
		fputs(" | ", fp);
		if (rr->obs != NULL) {
			md(fp, run->obs->files[rr->obs->file]);
			fprintf(fp, ":%u", (unsigned)rr->obs->line);
		}
		fputs(" | ", fp);
		if (rr->reason.len > 0) {
			md(fp, rr->reason.buf);
			fputs(". ", fp);
		}
		md(fp, rr->rule->remediation);
		fputs(" |\n", fp);
	}
	if (!any)
		fprintf(fp, "\nEvery applicable rule passed.\n");
	strbuf_release(&sb);
	return ferror(fp) ? -1 : 0;
}

static int
md_end(struct report_ctx *ctx)
{
	return ferror(ctx->fp) ? -1 : 0;
}

static void *
md_thread_new(const struct report_ctx *ctx)
{
	return report_stream_new(ctx, md_entity);
}

const struct reporter report_markdown = {
	.name = "markdown",
	.desc = "for pull-request comments and wikis",
	.begin = md_begin,
	.entity = md_entity,
	.thread_new = md_thread_new,
	.render = report_stream_render,
	.thread_free = report_stream_free,
	.end = md_end,
};
