/*
 * The markdown report, for pull-request comments and wikis: the audit
 * header, a summary table of entities, then per entity the rules not passed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "strbuf.h"
#include "out_md.h"

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

static int
md_head(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	const struct res_summary *sum = ctx->sum;
	const struct res_options *o = &run->opts;
	FILE *fp = ctx->fp;

	fprintf(fp, "# Supply-chain resilience gap report\n\n");
	fprintf(fp, "Generated %s by resilience-check %s", run->generated, run->version);
	if (run->year)
		fprintf(fp, "; evaluation year %d", run->year);
	else if (run->years_vary)
		fprintf(fp, "; evaluation year by entity");
	fprintf(fp, ". Gate: **%s**", sum->gate_fail ? "fail" : "pass");
	fprintf(fp, " (fail-on %s", severity_names[o->fail_on]);
	if (o->has_fail_under)
		fprintf(fp, ", fail-under %g", o->fail_under);
	if (o->has_min_coverage)
		fprintf(fp, ", min-coverage %g", o->min_coverage);
	fprintf(fp, ")");
	if (sum->entities == 0)
		fprintf(fp, ": nothing was evaluated, no entity in the inputs");
	else if (sum->gate_failing > 0)
		fprintf(fp, ": %zu of %zu entit%s fail%s it", sum->gate_failing,
		    sum->entities, sum->entities == 1 ? "y" : "ies",
		    sum->gate_failing == 1 ? "s" : "");
	fprintf(fp, ".\n\n");

	fprintf(fp, "| Entity | Subject | Overall score | Coverage | Gate | Pass | Partial | Fail | Missing |\n");
	fprintf(fp, "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n");
	for (size_t k = 0; k < sum->entities; k++) {
		const struct res_row *row = &sum->rows[k];

		fputs("| ", fp);
		md(fp, row->id);
		fputs(" | ", fp);
		md(fp, subject_name(row->subject));
		if (row->has_score)
			fprintf(fp, " | %.1f", row->score);
		else
			fputs(" | no data", fp);
		if (row->has_coverage)
			fprintf(fp, " | %.1f%%%s", row->coverage, row->low_coverage ? " (low)" : "");
		else
			fputs(" | n/a", fp);
		fprintf(fp, " | %s | %zu | %zu | %zu | %zu |\n", row->gate_fail ? "fail" : "pass",
		    row->count[ST_PASS], row->count[ST_PARTIAL], row->count[ST_FAIL],
		    row->count[ST_MISSING]);
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

static int
md_entity(struct wctx *ctx, const struct res_entity *e)
{
	const struct res_run *run = ctx->run;
	FILE *fp = ctx->fp;
	struct strbuf sb;
	char num[64];
	bool any = false;

	strbuf_init(&sb);
	fputs("\n## ", fp);
	md(fp, e->id);
	if (e->has_score)
		fprintf(fp, ": %.1f / 100", e->score);
	else
		fputs(": no data", fp);
	if (e->has_coverage)
		fprintf(fp, ", coverage %.1f%%%s", e->coverage, e->low_coverage ? " (low)" : "");
	if (run->years_vary)
		fprintf(fp, ", as of %d", e->year);
	fprintf(fp, " (gate %s)\n\n", e->gate_fail ? "fail" : "pass");
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

		fprintf(fp, "| %d %s | ", n, commitment_names[n]);
		if (cr->has_score)
			fprintf(fp, "%.1f | ", cr->score);
		else
			fputs("n/a | ", fp);
		if (cr->has_coverage)
			fprintf(fp, "%.1f%% |\n", cr->coverage);
		else
			fputs("n/a |\n", fp);
	}
	for (size_t i = 0; i < e->nrules; i++) {
		const struct res_rule *r = &e->rules[i];
		const struct res_ruledef *d = res_def(run, r);

		if (!res_is_gap(r) && r->status != ST_WAIVED)
			continue;
		if (!any) {
			fprintf(fp, "\n| Rule | Severity | Status | Observed | Target | Gap | Source | What to do |\n"
			    "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
			any = true;
		}
		fprintf(fp, "| %s ", d->id);
		md(fp, d->title);
		fprintf(fp, " | %s | %s | ", severity_names[r->severity], status_names[r->status]);
		strbuf_reset(&sb);
		if (r->observed.kind != V_NONE)
			value_text(&sb, &r->observed, false);
		md(fp, sb.buf);
		if (r->year)
			fprintf(fp, " (%d)", r->year);
		fputs(" | ", fp);
		md(fp, r->target->text);
		fputs(" | ", fp);
		if (res_shows_gap(r)) {
			value_format_num(r->gap, num, sizeof(num));
			fprintf(fp, "%s%s", r->gap > 0 ? "+" : "", num);
		}
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
		md(fp, d->remediation);
		fputs(" |\n", fp);
	}
	if (!any)
		fprintf(fp, "\nEvery applicable rule passed.\n");
	strbuf_release(&sb);
	return ferror(fp) ? -1 : 0;
}

static int
md_tail(struct wctx *ctx)
{
	return ferror(ctx->fp) ? -1 : 0;
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
	.head = md_head,
	.entity = md_entity,
	.tail = md_tail,
	.thread_new = md_thread_new,
	.render = writer_stream_render,
	.thread_free = writer_stream_free,
};
