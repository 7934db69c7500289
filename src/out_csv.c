/*
 * The csv report: one row per entity x rule (every status), for
 * spreadsheets. RFC 4180 quoting; numbers in C locale.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "strbuf.h"
#include "out_csv.h"

/*
 * A text cell. A spreadsheet takes a cell that starts with '=', '+', '-',
 * '@', a tab or a carriage return for a formula, so such a text gets a
 * leading apostrophe (OWASP's advice on CSV injection); numbers are written
 * by num() and never get one.
 */
static void
field(FILE *fp, const char *s)
{
	bool formula;

	if (s == NULL)
		s = "";
	formula = strchr("=+-@\t\r", *s) != NULL && *s != '\0';
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (formula)
			putc('\'', fp);
		fputs(s, fp);
	} else {
		putc('"', fp);
		if (formula)
			putc('\'', fp);
		for (; *s; s++) {
			if (*s == '"')
				putc('"', fp);
			putc(*s, fp);
		}
		putc('"', fp);
	}
}

static void
num(FILE *fp, bool has, double v)
{
	char buf[64];

	if (!has)
		return;
	value_format_num(v, buf, sizeof(buf));
	fputs(buf, fp);
}

static int
csv_head(struct wctx *ctx)
{
	fputs("entity,entity_name,subject,sector,profile,evaluation_year,entity_score,entity_coverage,entity_gate,"
	    "entity_gate_reasons,ruleset,commitment,commitment_score,commitment_coverage,rule,title,severity,weight,status,score,indicator,observed,"
	    "year,target,gap,gap_pct,evidence,reason,remediation,source_file,source_line,"
	    "baseline_state,score_delta,entity_score_delta,commitment_score_delta\r\n", ctx->fp);
	return ferror(ctx->fp) ? -1 : 0;
}

static int
csv_entity(struct wctx *ctx, const struct res_entity *e)
{
	const struct res_run *run = ctx->run;
	FILE *fp = ctx->fp;
	struct strbuf buf, reasons;

	strbuf_init(&buf);
	strbuf_init(&reasons);
	for (size_t i = 0; i < e->nreasons; i++) {
		if (i > 0)
			strbuf_adds(&reasons, "; ");
		strbuf_adds(&reasons, e->reasons[i].text);
	}
	for (size_t c = 0; c < e->ncommits; c++) {
		const struct res_commit *cr = &e->commits[c];
		const struct res_ruleset *set = &run->rulesets[cr->ruleset];

		for (size_t i = 0; i < cr->n; i++) {
			const struct res_rule *r = &e->rules[cr->first + i];
			const struct res_ruledef *d = res_def(run, r);

			field(fp, e->id);
			putc(',', fp);
			field(fp, e->name);
			putc(',', fp);
			field(fp, subject_name(e->subject));
			putc(',', fp);
			field(fp, e->sector);
			putc(',', fp);
			field(fp, e->profile);
			putc(',', fp);
			if (e->year)
				fprintf(fp, "%d", e->year);
			putc(',', fp);
			if (e->has_score)
				fprintf(fp, "%.2f", e->score);
			putc(',', fp);
			if (e->has_coverage)
				fprintf(fp, "%.2f", e->coverage);
			fprintf(fp, ",%s,", e->gate_fail ? "fail" : "pass");
			field(fp, reasons.buf);
			putc(',', fp);
			field(fp, set->id);
			fprintf(fp, ",%d,", set->commitment);
			if (cr->has_score)
				fprintf(fp, "%.2f", cr->score);
			putc(',', fp);
			if (cr->has_coverage)
				fprintf(fp, "%.2f", cr->coverage);
			putc(',', fp);
			field(fp, d->id);
			putc(',', fp);
			field(fp, d->title);
			fprintf(fp, ",%s,", severity_names[r->severity]);
			num(fp, true, r->weight);
			fprintf(fp, ",%s,", status_names[r->status]);
			if (r->counted)
				fprintf(fp, "%.4f", r->score);
			putc(',', fp);
			field(fp, d->indicator >= 0 ? run->indicators[d->indicator].id : NULL);
			putc(',', fp);
			strbuf_reset(&buf);
			if (r->observed.kind != V_NONE)
				value_text(&buf, &r->observed, false);
			if (r->observed.kind != V_TEXT)
				fputs(buf.buf, fp);     /* a number or yes/no */
			else
				field(fp, buf.buf);
			putc(',', fp);
			if (r->year)
				fprintf(fp, "%d", r->year);
			putc(',', fp);
			field(fp, r->target->text);
			putc(',', fp);
			num(fp, r->has_gap, r->gap);
			putc(',', fp);
			if (r->has_gap_pct)
				fprintf(fp, "%.2f", r->gap_pct);
			putc(',', fp);
			if (r->evidence != EVID_NONE)
				fputs(evidence_names[r->evidence], fp);
			putc(',', fp);
			field(fp, r->reason);
			putc(',', fp);
			field(fp, d->remediation);
			putc(',', fp);
			if (r->observed.kind != V_NONE)
				field(fp, res_input_path(run, r->src.input));
			putc(',', fp);
			if (r->observed.kind != V_NONE)
				fprintf(fp, "%u", (unsigned)r->src.line);
			putc(',', fp);
			if (r->baseline != BS_NONE)
				fputs(baseline_state_names[r->baseline], fp);
			putc(',', fp);
			if (r->baseline == BS_UPDATED)
				fprintf(fp, "%.4f", r->score_delta);
			putc(',', fp);
			if (e->has_score_delta)
				fprintf(fp, "%.2f", e->score_delta);
			putc(',', fp);
			if (cr->has_score_delta)
				fprintf(fp, "%.2f", cr->score_delta);
			fputs("\r\n", fp);
		}
	}
	strbuf_release(&buf);
	strbuf_release(&reasons);
	return ferror(fp) ? -1 : 0;
}

static int
csv_tail(struct wctx *ctx)
{
	return ferror(ctx->fp) ? -1 : 0;
}

static void *
csv_thread_new(const struct wctx *ctx)
{
	return writer_stream_new(ctx, csv_entity);
}

const struct writer writer_csv = {
	.name = "csv",
	.desc = "one row per entity and rule, for spreadsheets",
	.head = csv_head,
	.entity = csv_entity,
	.tail = csv_tail,
	.thread_new = csv_thread_new,
	.render = writer_stream_render,
	.thread_free = writer_stream_free,
};
