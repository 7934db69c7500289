/*
 * The csv report: one row per entity x rule (every status), for
 * spreadsheets. RFC 4180 quoting; numbers in C locale.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "report.h"
#include "strbuf.h"

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

/* The gate reasons of an entity, joined by "; ". */
static void
add_reason(void *arg, enum gate_reason kind, enum severity sev, const char *text)
{
	struct strbuf *sb = arg;

	(void)kind;
	(void)sev;
	if (sb->len > 0)
		strbuf_adds(sb, "; ");
	strbuf_adds(sb, text);
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
csv_begin(struct report_ctx *ctx)
{
	fputs("entity,subject,sector,profile,entity_score,entity_gate,entity_gate_reasons,ruleset,commitment,"
	    "commitment_score,rule,title,severity,weight,status,score,indicator,observed,"
	    "year,target,gap,gap_pct,evidence,reason,remediation,source_file,source_line\r\n", ctx->fp);
	return ferror(ctx->fp) ? -1 : 0;
}

static int
csv_entity(struct report_ctx *ctx, const struct entity_result *er)
{
	const struct run_info *run = ctx->run;
	FILE *fp = ctx->fp;
	struct strbuf buf, reasons;

	strbuf_init(&buf);
	strbuf_init(&reasons);
	eval_gate_reasons(run->ev, er, add_reason, &reasons);
	for (size_t c = 0; c < er->ncommits; c++) {
		const struct commit_result *cr = &er->commits[c];

		for (size_t i = 0; i < cr->n; i++) {
			const struct rule_result *rr = &er->rules[cr->first + i];
			const struct rule *r = rr->rule;

			field(fp, er->ent->id);
			putc(',', fp);
			field(fp, subject_name(er->ent->subject));
			putc(',', fp);
			field(fp, er->ent->sector);
			putc(',', fp);
			field(fp, er->profile ? er->profile->name : NULL);
			putc(',', fp);
			if (er->has_score)
				fprintf(fp, "%.2f", er->score);
			fprintf(fp, ",%s,", er->gate_fail ? "fail" : "pass");
			field(fp, reasons.buf);
			putc(',', fp);
			field(fp, cr->set->id);
			fprintf(fp, ",%d,", cr->set->commitment);
			if (cr->has_score)
				fprintf(fp, "%.2f", cr->score);
			putc(',', fp);
			field(fp, r->id);
			putc(',', fp);
			field(fp, r->title);
			fprintf(fp, ",%s,", severity_names[rr->severity]);
			num(fp, true, rr->weight);
			fprintf(fp, ",%s,", status_names[rr->status]);
			if (rr->counted)
				fprintf(fp, "%.4f", rr->score);
			putc(',', fp);
			field(fp, r->indicator >= 0 ? run->rb->cat.items[r->indicator].id : NULL);
			putc(',', fp);
			strbuf_reset(&buf);
			report_value(&buf, run->obs, rr->obs);
			if (rr->obs != NULL && rr->obs->kind != V_TEXT)
				fputs(buf.buf, fp);     /* a number or yes/no */
			else
				field(fp, buf.buf);
			putc(',', fp);
			if (rr->obs != NULL && rr->obs->year)
				fprintf(fp, "%d", rr->obs->year);
			putc(',', fp);
			strbuf_reset(&buf);
			report_target(&buf, rr->target);
			field(fp, buf.buf);
			putc(',', fp);
			num(fp, rr->has_gap, rr->gap);
			putc(',', fp);
			if (rr->has_gap_pct)
				fprintf(fp, "%.2f", rr->gap_pct);
			putc(',', fp);
			if (rr->evidence != EVID_NONE)
				fputs(evidence_names[rr->evidence], fp);
			putc(',', fp);
			field(fp, rr->reason.buf);
			putc(',', fp);
			field(fp, r->remediation);
			putc(',', fp);
			if (rr->obs != NULL)
				field(fp, run->obs->files[rr->obs->file]);
			putc(',', fp);
			if (rr->obs != NULL)
				fprintf(fp, "%u", (unsigned)rr->obs->line);
			fputs("\r\n", fp);
		}
	}
	strbuf_release(&buf);
	strbuf_release(&reasons);
	return ferror(fp) ? -1 : 0;
}

static int
csv_end(struct report_ctx *ctx)
{
	return ferror(ctx->fp) ? -1 : 0;
}

static void *
csv_thread_new(const struct report_ctx *ctx)
{
	return report_stream_new(ctx, csv_entity);
}

const struct reporter report_csv = {
	.name = "csv",
	.desc = "one row per entity and rule, for spreadsheets",
	.begin = csv_begin,
	.entity = csv_entity,
	.thread_new = csv_thread_new,
	.render = report_stream_render,
	.thread_free = report_stream_free,
	.end = csv_end,
};
