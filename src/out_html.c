/*
 * The html report: one self-contained HTML5 page (inline CSS and SVG, no
 * scripts, fonts or images, no network) with the audit header, a summary
 * table, a bar chart per commitment across entities and, per entity, a chart
 * of its commitment scores and its gaps worst first. Every value taken from
 * the inputs or the rule files is written through html_esc().
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "out_html.h"
#include "out_html_svg.h"
#include "readable.h"
#include "xalloc.h"

/* Sections start open up to these many entities, closed beyond. */
#define HTML_OPEN_ENTITIES 25
#define HTML_OPEN_CHARTS 60
struct html {
	struct html_bar *bars;  /* scratch rows for one chart */
	size_t nbars;
};

static void
html_num(FILE *fp, double v)
{
	char buf[64];

	value_format_num(v, buf, sizeof(buf));
	fputs(buf, fp);
}

/* Only absolute http and https URLs become links; anything else is text. */
static bool
html_is_link(const char *s)
{
	size_t skip;

	if (strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else
		return false;
	if (s[skip] == '\0')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f)
			return false;
	return true;
}

static void
html_evidence_text(FILE *fp, const char *s)
{
	if (html_is_link(s)) {
		fputs("<a class=\"ev\" href=\"", fp);
		html_esc(fp, s);
		fputs("\" rel=\"noopener noreferrer nofollow\">", fp);
		html_esc(fp, s);
		fputs("</a>", fp);
	} else {
		fputs("<span class=\"ev\">", fp);
		html_esc(fp, s);
		fputs("</span>", fp);
	}
}

static const char *const html_status_mark[] = {
	[ST_PASS] = "\xe2\x9c\x93",             /* check mark */
	[ST_PARTIAL] = "\xe2\x97\x90",          /* half circle */
	[ST_FAIL] = "\xe2\x9c\x97",             /* ballot x */
	[ST_MISSING] = "?",
	[ST_NOT_APPLICABLE] = "\xe2\x80\x93",   /* en dash */
	[ST_WAIVED] = "\xe2\x8a\x98",           /* circled slash */
};

static void
html_status(FILE *fp, enum status s)
{
	fprintf(fp, "<span class=\"st st-%s\">%s %s</span>", status_names[s],
	    html_status_mark[s], status_names[s]);
}

static void
html_gate(FILE *fp, bool fail)
{
	fputs(fail ? "<span class=\"st st-fail\">\xe2\x9c\x97 FAIL</span>" :
	    "<span class=\"st st-pass\">\xe2\x9c\x93 pass</span>", fp);
}

static void
html_score(FILE *fp, bool has, double score)
{
	if (has)
		fprintf(fp, "%.1f", score);
	else
		fputs("<span class=\"na\">no data</span>", fp);
}

/* A coverage in percent, marked when a score rests on too little. */
static void
html_coverage(FILE *fp, bool has, double coverage, bool low)
{
	if (has)
		fprintf(fp, "%.1f%%", coverage);
	else
		fputs("<span class=\"na\">n/a</span>", fp);
	if (low)
		fputs(" <span class=\"na\">(low)</span>", fp);
}

/* The gate settings, e.g. "fail-on low, fail-under 60". */
static void
html_gate_settings(FILE *fp, const struct res_options *o)
{
	fprintf(fp, "fail-on %s", severity_names[o->fail_on]);
	if (o->has_fail_under)
		fprintf(fp, ", fail-under %g", o->fail_under);
	if (o->has_min_coverage)
		fprintf(fp, ", min-coverage %g", o->min_coverage);
}

static void
html_value(FILE *fp, const struct value *v)
{
	switch (v->kind) {
	case V_NUM:
		html_num(fp, v->num);
		break;
	case V_BOOL:
		fputs(v->b ? "yes" : "no", fp);
		break;
	case V_TEXT:
		fputs("\xe2\x80\x98", fp);
		html_esc(fp, v->text);
		fputs("\xe2\x80\x99", fp);
		break;
	case V_NONE:
		fputs("(none)", fp);
		break;
	}
}

/* The words of a check (check_words), with code and patterns marked up. */
static void
html_words_text(void *fp, const char *s)
{
	html_esc(fp, s);
}

static void
html_words_num(void *fp, double v)
{
	html_num(fp, v);
}

static void
html_words_value(void *fp, const struct value *v)
{
	html_value(fp, v);
}

static void
html_words_code(void *fp, bool open)
{
	fputs(open ? "<code>" : "</code>", fp);
}

static void
html_target(FILE *fp, const struct check *t)
{
	const struct check_words w = { html_words_text, html_words_num,
	    html_words_value, html_words_code, fp };

	check_words(t, &w);
}

/* A value with the unit of its indicator (ind, or -1) and its year. */
static void
html_observed(FILE *fp, const struct res_run *run, const struct value *v,
    int year, int ind)
{
	if (v->kind == V_NUM) {
		struct strbuf sb;

		strbuf_init(&sb);
		readable_num(&sb, v->num, ind >= 0 ? run->indicators[ind].decimals : -1);
		html_esc(fp, sb.buf);
		strbuf_release(&sb);
	} else {
		html_value(fp, v);
	}
	if (ind >= 0 && v->kind == V_NUM) {
		const char *unit = run->indicators[ind].unit;

		if (unit != NULL && unit[0] != '\0') {
			fputs(" <span class=\"unit\">", fp);
			html_esc(fp, unit);
			fputs("</span>", fp);
		}
	}
	if (year)
		fprintf(fp, " (%d)", year);
}

static void
html_source(FILE *fp, const struct res_run *run, struct res_source src)
{
	fputs("<span class=\"src\">", fp);
	html_esc(fp, res_input_path(run, src.input));
	fprintf(fp, ":%u</span>", (unsigned)src.line);
}

/* Pattern fills, defined once and shared by every chart and the legend. */
static const char html_css[] =
"<style>\n"
":root{--fg:#1d1d1f;--muted:#5a5a5a;--line:#c8c8c8;--head:#eef0f3}\n"
"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
"color:var(--fg);background:#fff;margin:0 auto;padding:1em 1.5em 3em;max-width:78em}\n"
"h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.3em;margin:1.6em 0 .5em;"
"border-bottom:2px solid var(--fg)}h3{font-size:1.1em;margin:1.1em 0 .4em}"
"h4{font-size:1em;margin:1em 0 .3em}\n"
"table{border-collapse:collapse;margin:.3em 0 1em;font-size:.9em}"
"th,td{border:1px solid var(--line);padding:.25em .45em;text-align:left;vertical-align:top}"
"th{background:var(--head)}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}\n"
"table.gaps td,table.rules td{overflow-wrap:anywhere}table.gaps{width:100%}\n"
"code,.hash,.src{font-family:ui-monospace,\"SFMono-Regular\",Menlo,Consolas,monospace;font-size:.88em}"
".hash{word-break:break-all}.ev{overflow-wrap:anywhere}.unit{color:var(--muted)}\n"
".meta,.na{color:var(--muted)}dl.facts{display:grid;grid-template-columns:max-content auto;"
"gap:.15em 1em;margin:.4em 0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}\n"
".st{display:inline-block;white-space:nowrap;padding:0 .35em;border:1px solid;border-radius:3px;"
"font-size:.9em;font-weight:600}\n"
".st-pass{background:#dff0d8;border-color:#2b7a3d;color:#1d5a2b}"
".st-partial{background:#fcefc7;border-color:#9a7000;color:#6b4f00}"
".st-fail{background:#f8d7d3;border-color:#c0392b;color:#8e2318}"
".st-missing{background:#fff;border-style:dashed;border-color:#9a7000;color:#6b4f00}"
".st-not_applicable{background:#f0f0f0;border-color:#999;color:#555}"
".st-waived{background:#e6e6f5;border-color:#5b5b9a;color:#3d3d73}\n"
"svg.defs{position:absolute;width:0;height:0;overflow:hidden}\n"
"svg.chart{display:block;width:100%;max-width:720px;height:auto;margin:.3em 0 1em}\n"
"svg.chart text{font-size:12px;fill:var(--fg)}svg.chart .lbl{text-anchor:end}"
"svg.chart .tick{text-anchor:middle;fill:var(--muted);font-size:11px}"
"svg.chart a text{fill:#1a4f8b;text-decoration:underline}"
"svg.lines .lbl{text-anchor:start}svg.lines .yt{text-anchor:end}"
"svg.lines .ln{fill:none;stroke-width:2}"
"svg.chart .val{paint-order:stroke;stroke:#fff;stroke-width:6px;stroke-linejoin:round}\n"
".grid{stroke:#d8d8d8;stroke-width:1}.bar{stroke:#333;stroke-width:.8}"
".thr{stroke:#111;stroke-width:2;stroke-dasharray:6 3}svg.chart .thrl{font-weight:600;font-size:11px}\n"
".legend{font-size:.9em}.legend span{margin-right:1.2em;white-space:nowrap}"
".legend svg{vertical-align:middle}\n"
"figure{margin:0 0 1em}figcaption{font-weight:600}\n"
"details>summary{cursor:pointer}details.ent{border:1px solid var(--line);border-radius:4px;"
"padding:.2em .8em;margin:.6em 0}details.ent>summary{padding:.3em 0}"
"details.ent>summary h3{display:inline;margin:0 .5em 0 0}\n"
"details.chart-c>summary{font-weight:600}\n"
"@page{size:A4;margin:14mm 12mm}\n"
"@media print{body{font-size:9pt;max-width:none;padding:0}"
"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
"a{color:inherit;text-decoration:none}table{font-size:8pt}"
"h2,h3,h4,figcaption,summary{break-after:avoid}tr,svg.chart,.legend{break-inside:avoid}"
"section.entity{break-before:page}details.all{display:none}"
"details.ent{border:0;padding:0}svg.chart{max-width:100%}}\n"
"@media print{details::details-content{content-visibility:visible;display:contents}}\n"
"</style>\n";

/* The tailoring and what it changed, and the project file, when there are. */
static void
html_tailoring(FILE *fp, const struct res_run *run)
{
	if (run->has_tailoring) {
		fputs("<h3>Tailoring</h3>\n<p>", fp);
		html_esc(fp, run->tailoring_name);
		fputs(" from <span class=\"src\">", fp);
		html_esc(fp, run->tailoring_file);
		fputs("</span>, SHA-256 <span class=\"hash\">", fp);
		html_esc(fp, run->tailoring_sha256);
		fputs("</span>.</p>\n", fp);
		if (run->nchanges > 0)
			fputs("<table>\n<thead><tr><th>Change</th><th>Id</th><th>Field</th>"
			    "<th>From</th><th>To</th></tr></thead>\n<tbody>\n", fp);
		for (size_t i = 0; i < run->nchanges; i++) {
			const struct res_change *c = &run->changes[i];
			const char *cells[5] = { c->kind, c->id, c->field, c->from, c->to };

			fputs("<tr>", fp);
			for (size_t k = 0; k < 5; k++) {
				fputs("<td>", fp);
				html_esc(fp, cells[k] ? cells[k] : "");
				fputs("</td>", fp);
			}
			fputs("</tr>\n", fp);
		}
		if (run->nchanges > 0)
			fputs("</tbody>\n</table>\n", fp);
	}
	if (run->has_project) {
		fputs("<h3>Project file</h3>\n<p>Options were read from <span class=\"src\">", fp);
		html_esc(fp, run->project_file);
		fputs("</span>, SHA-256 <span class=\"hash\">", fp);
		html_esc(fp, run->project_sha256);
		fputs("</span>.</p>\n", fp);
	}
}

/* The audit trail: tool, options, rule sets, inputs and waivers, with digests. */
static void
html_audit(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	const struct res_options *o = &run->opts;
	FILE *fp = ctx->fp;
	size_t nrules = 0;

	for (size_t i = 0; i < run->nrulesets; i++)
		nrules += run->rulesets[i].nrules;
	fputs("<section id=\"audit\">\n<h2>Audit trail</h2>\n<dl class=\"facts\">\n<dt>Tool</dt><dd>resilience-check ", fp);
	html_esc(fp, run->version);
	fputs("</dd>\n<dt>Generated</dt><dd>", fp);
	html_esc(fp, run->generated);
	fputs("</dd>\n<dt>Evaluation year</dt><dd>", fp);
	if (run->year)
		fprintf(fp, "%d", run->year);
	else if (run->years_vary)
		fputs("by entity: the latest year of the inputs that report it", fp);
	else
		fputs("none (no year column)", fp);
	fprintf(fp, "</dd>\n<dt>Rules</dt><dd>%s, %zu rule set%s, %zu rules</dd>\n",
	    o->builtin ? "built-in" : "from files", run->nrulesets,
	    run->nrulesets == 1 ? "" : "s", nrules);
	fputs("<dt>Profile</dt><dd>", fp);
	if (o->profile != NULL)
		html_esc(fp, o->profile);
	else
		fputs("by each entity&#39;s subject", fp);
	fprintf(fp, "</dd>\n<dt>Missing data</dt><dd>%s</dd>\n<dt>Gate</dt><dd>",
	    o->missing_skip ? "skip (left out of scores)" : "fail (counts as a gap)");
	html_gate_settings(fp, o);
	fputs("</dd>\n</dl>\n", fp);

	fputs("<h3>Rule sets</h3>\n<table>\n<thead><tr><th>Rule set</th><th class=\"n\">Commitment</th>"
	    "<th>Title</th><th>File</th><th class=\"n\">Weight</th><th class=\"n\">Rules</th>"
	    "<th>SHA-256</th></tr></thead>\n<tbody>\n", fp);
	for (size_t i = 0; i < run->nrulesets; i++) {
		const struct res_ruleset *rs = &run->rulesets[i];

		fputs("<tr><td>", fp);
		html_esc(fp, rs->id);
		fprintf(fp, "</td><td class=\"n\">%d %s</td><td>", rs->commitment,
		    commitment_names[rs->commitment]);
		html_esc(fp, rs->title);
		fputs("</td><td class=\"src\">", fp);
		html_esc(fp, rs->file);
		fputs("</td><td class=\"n\">", fp);
		html_num(fp, rs->weight);
		fprintf(fp, "</td><td class=\"n\">%zu</td><td class=\"hash\">", rs->nrules);
		html_esc(fp, rs->sha256);
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n", fp);

	fputs("<h3>Inputs</h3>\n<table>\n<thead><tr><th>Input</th><th>Layout</th><th>SHA-256</th>"
	    "<th class=\"n\">Rows read</th><th class=\"n\">Used</th><th class=\"n\">Ignored</th>"
	    "</tr></thead>\n<tbody>\n", fp);
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct res_input *in = &run->inputs[i];
		struct strbuf why;

		fputs("<tr><td class=\"src\">", fp);
		html_esc(fp, in->path);
		fputs("</td><td>", fp);
		html_esc(fp, in->layout ? in->layout : "unknown");
		fputs("</td><td class=\"hash\">", fp);
		html_esc(fp, in->sha256);
		fprintf(fp, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu",
		    in->read, in->used, in->ignored);
		strbuf_init(&why);
		res_ignored_text(&why, in);
		html_esc(fp, why.buf);
		fputs("</td></tr>\n", fp);
		strbuf_release(&why);
	}
	fputs("</tbody>\n</table>\n", fp);

	if (run->nparts > 0) {
		fputs("<h3>Merged from</h3>\n<table>\n<thead><tr><th>Part</th><th>SHA-256</th>"
		    "</tr></thead>\n<tbody>\n", fp);
		for (size_t i = 0; i < run->nparts; i++) {
			fputs("<tr><td class=\"src\">", fp);
			html_esc(fp, run->parts[i].file);
			fputs("</td><td class=\"hash\">", fp);
			html_esc(fp, run->parts[i].sha256);
			fputs("</td></tr>\n", fp);
		}
		fputs("</tbody>\n</table>\n", fp);
	}
	html_tailoring(fp, run);
	fputs("<h3>Waivers</h3>\n", fp);
	if (!run->has_waivers) {
		fputs("<p>No waiver file was given.</p>\n", fp);
	} else {
		fputs("<p>From <span class=\"src\">", fp);
		html_esc(fp, run->waivers_file);
		fputs("</span>, SHA-256 <span class=\"hash\">", fp);
		html_esc(fp, run->waivers_sha256);
		fputs("</span>.</p>\n", fp);
		if (run->nwaivers > 0)
			fputs("<table>\n<thead><tr><th>Rule</th><th>Entity</th><th>Reason</th>"
			    "<th>Approved by</th><th>Expires</th><th>State</th><th>Where</th>"
			    "</tr></thead>\n<tbody>\n", fp);
		for (size_t i = 0; i < run->nwaivers; i++) {
			const struct res_waiver *w = &run->waivers[i];

			fputs("<tr><td>", fp);
			html_esc(fp, w->rule);
			fputs("</td><td>", fp);
			html_esc(fp, w->entity);
			fputs("</td><td>", fp);
			html_esc(fp, w->reason);
			fputs("</td><td>", fp);
			html_esc(fp, w->approved_by);
			fputs("</td><td>", fp);
			html_esc(fp, w->expires);
			fputs(w->expired ? "</td><td><span class=\"st st-fail\">\xe2\x9c\x97 expired</span>" :
			    w->used ? "</td><td><span class=\"st st-pass\">\xe2\x9c\x93 in force</span>" :
			    "</td><td><span class=\"st st-not_applicable\">in force, unused</span>", fp);
			fputs("</td><td class=\"src\">", fp);
			html_esc(fp, w->file);
			fprintf(fp, ":%d</td></tr>\n", w->line);
		}
		if (run->nwaivers > 0)
			fputs("</tbody>\n</table>\n", fp);
	}
	fputs("</section>\n", fp);

}

/* The most entities drawn together in one chart of scores over the years. */
#define HTML_TRAJ_MAX 30

/* --trajectory: every entity's overall score over the years, in one chart. */
static void
html_trajectories(struct wctx *ctx)
{
	const struct res_summary *sum = ctx->sum;
	const struct res_options *o = &ctx->run->opts;
	FILE *fp = ctx->fp;
	struct html_line *lines;

	if (!o->has_trajectory || sum->entities == 0)
		return;
	fputs("<section id=\"trajectories\">\n<h2>Overall scores over the years</h2>\n", fp);
	if (sum->entities > HTML_TRAJ_MAX) {
		fprintf(fp, "<p>%zu entities are too many to draw together; each entity's "
		    "section has its own chart.</p>\n</section>\n", sum->entities);
		return;
	}
	lines = xcalloc(sum->entities, sizeof(*lines));
	for (size_t k = 0; k < sum->entities; k++)
		lines[k] = (struct html_line){ sum->rows[k].id, sum->rows[k].trajectory,
		    sum->rows[k].ntrajectory };
	fprintf(fp, "<figure>\n<figcaption id=\"cap-traj\">Overall score of each entity as "
	    "of every evaluation year from %d to %d</figcaption>\n", o->traj_from, o->traj_to);
	html_lines(fp, "cap-traj", lines, sum->entities, o->traj_from, o->traj_to);
	fputs("</figure>\n</section>\n", fp);
	free(lines);
}

static int
html_head(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	const struct res_summary *sum = ctx->sum;
	const struct res_options *o = &run->opts;
	FILE *fp = ctx->fp;
	struct html_bar *bars = xcalloc(sum->entities + 1, sizeof(*bars));

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"resilience-check ", fp);
	html_esc(fp, run->version);
	fputs("\">\n<title>Supply-chain resilience gap report</title>\n", fp);
	fputs(html_css, fp);
	fputs("</head>\n<body>\n", fp);
	html_defs(fp);

	/* The audit header. */
	fputs("<header>\n<h1>Supply-chain resilience gap report</h1>\n<p class=\"meta\">Generated <time datetime=\"", fp);
	html_esc(fp, run->generated);
	fputs("\">", fp);
	html_esc(fp, run->generated);
	fputs("</time> by resilience-check ", fp);
	html_esc(fp, run->version);
	if (run->year)
		fprintf(fp, "; evaluation year %d", run->year);
	else if (run->years_vary)
		fputs("; evaluation year by entity", fp);
	fputs(". Gate: ", fp);
	html_gate(fp, sum->gate_fail);
	fputs(" (", fp);
	html_gate_settings(fp, o);
	fputs(").</p>\n</header>\n", fp);

	/* The summary table, then one chart per commitment across entities. */
	fprintf(fp, "<section id=\"summary\">\n<h2>Summary</h2>\n<p>%zu entit%s",
	    sum->entities, sum->entities == 1 ? "y" : "ies");
	if (sum->has_min_score)
		fprintf(fp, "; lowest overall score %.1f", sum->min_score);
	fputs("; gate ", fp);
	html_gate(fp, sum->gate_fail);
	fputs(".", fp);
	if (run->has_baseline) {
		fputs(" Since the baseline <span class=\"src\">", fp);
		html_esc(fp, run->baseline_file);
		fprintf(fp, "</span>: %zu new, %zu updated (%zu worse), %zu unchanged, %zu closed.",
		    sum->changes[BS_NEW], sum->changes[BS_UPDATED], sum->worse,
		    sum->changes[BS_UNCHANGED], sum->changes[BS_ABSENT]);
	}
	fputs("</p>\n", fp);
	fputs("<table>\n<thead><tr><th>Entity</th><th>Name</th><th>Subject</th><th>Sector</th><th>Profile</th>"
	    "<th class=\"n\">Overall score</th><th class=\"n\">Coverage</th><th>Gate</th><th class=\"n\">Pass</th>"
	    "<th class=\"n\">Partial</th><th class=\"n\">Fail</th><th class=\"n\">Missing</th>"
	    "<th class=\"n\">Not applicable</th><th class=\"n\">Waived</th></tr></thead>\n<tbody>\n", fp);
	for (size_t k = 0; k < sum->entities; k++) {
		const struct res_row *row = &sum->rows[k];

		if (ctx->detail != DETAIL_SUMMARY)
			fprintf(fp, "<tr><td><a href=\"#e-%zu\">", k);
		else
			fputs("<tr><td>", fp);
		html_esc(fp, row->id);
		fputs(ctx->detail != DETAIL_SUMMARY ? "</a></td><td>" : "</td><td>", fp);
		html_esc(fp, row->name);
		fputs("</td><td>", fp);
		html_esc(fp, subject_name(row->subject));
		fputs("</td><td>", fp);
		html_esc(fp, row->sector);
		fputs("</td><td>", fp);
		html_esc(fp, row->profile);
		fputs("</td><td class=\"n\">", fp);
		html_score(fp, row->has_score, row->score);
		fputs("</td><td class=\"n\">", fp);
		html_coverage(fp, row->has_coverage, row->coverage, row->low_coverage);
		fputs("</td><td>", fp);
		html_gate(fp, row->gate_fail);
		fprintf(fp, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
		    "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
		    "<td class=\"n\">%zu</td></tr>\n", row->count[ST_PASS], row->count[ST_PARTIAL],
		    row->count[ST_FAIL], row->count[ST_MISSING], row->count[ST_NOT_APPLICABLE],
		    row->count[ST_WAIVED]);
	}
	fputs("</tbody>\n</table>\n</section>\n", fp);

	fputs("<section id=\"commitments\">\n<h2>Scores by commitment</h2>\n", fp);
	html_legend(fp, o);
	if (sum->entities == 0)
		fputs("<p>No entities were evaluated.</p>\n", fp);
	for (size_t c = 0; c < run->nrulesets && sum->entities > 0; c++) {
		const struct res_ruleset *rs = &run->rulesets[c];
		char capid[32];

		for (size_t k = 0; k < sum->entities; k++) {
			const struct res_row *row = &sum->rows[k];

			bars[k] = (struct html_bar){ .label = row->id, .anchor = (long)k,
			    .has = row->commit_has[c], .score = row->commit_score[c] };
		}
		snprintf(capid, sizeof(capid), "cap-c%zu", c);
		fprintf(fp, "<details class=\"chart-c\"%s>\n<summary id=\"%s\">Commitment %d, %s: ",
		    sum->entities <= HTML_OPEN_CHARTS ? " open" : "", capid, rs->commitment,
		    commitment_names[rs->commitment]);
		html_esc(fp, rs->title);
		fputs(" (", fp);
		html_esc(fp, rs->id);
		fputs(")</summary>\n", fp);
		html_chart(fp, run, capid, bars, sum->entities);
		fputs("</details>\n", fp);
	}
	free(bars);
	fputs("</section>\n", fp);
	html_trajectories(ctx);
	if (ctx->detail != DETAIL_SUMMARY)
		fputs("<section id=\"entities\">\n<h2>Entities</h2>\n", fp);
	return ferror(fp) ? -1 : 0;
}

static bool
html_counts(const struct res_rule *r)
{
	return !(r->status == ST_NOT_APPLICABLE || r->status == ST_WAIVED ||
	    (r->status == ST_MISSING && !r->counted));
}

/*
 * One row of a rule table: rule, severity, status, score, observed, target,
 * gap, evidence, reason (and waiver), remediation when asked, and the file
 * and line of every value used.
 */
static void
html_rule_row(FILE *fp, const struct res_run *run, const struct res_rule *r,
    bool remediation)
{
	const struct res_ruledef *d = res_def(run, r);

	fputs("<tr><td><b>", fp);
	html_esc(fp, d->id);
	fputs("</b> ", fp);
	html_esc(fp, d->title);
	fprintf(fp, "</td><td>%s</td><td>", severity_names[r->severity]);
	html_status(fp, r->status);
	fputs("</td><td class=\"n\">", fp);
	if (html_counts(r))
		fprintf(fp, "%.2f", r->score);
	else
		fputs("<span class=\"na\">\xe2\x80\x93</span>", fp);
	fputs("</td><td>", fp);
	if (r->observed.kind != V_NONE)
		html_observed(fp, run, &r->observed, r->year, d->indicator);
	else if (d->indicator >= 0)
		fputs("<span class=\"na\">no value</span>", fp);
	if (r->has_base) {
		fputs("<br>from ", fp);
		html_observed(fp, run, &r->base, r->base_year, d->indicator);
	}
	for (size_t i = 0; i < r->nops; i++) {
		const struct res_operand *op = &r->ops[i];

		fputs(i > 0 ? "<br>" : "", fp);
		fputs("<code>", fp);
		if (op->prev)
			fputs("prev(", fp);
		html_esc(fp, run->indicators[op->indicator].id);
		if (op->prev)
			putc(')', fp);
		fputs("</code> = ", fp);
		if (op->value.kind != V_NONE)
			html_observed(fp, run, &op->value, op->year, op->indicator);
		else
			fputs("<span class=\"na\">missing</span>", fp);
	}
	fputs("</td><td>", fp);
	html_target(fp, r->target);
	fputs("</td><td class=\"n\">", fp);
	if (res_shows_gap(r)) {
		struct strbuf sb;

		strbuf_init(&sb);
		if (r->status != ST_MISSING && readable_gap(&sb, run, r)) {
			html_esc(fp, sb.buf);
		} else {
			fputs(r->gap > 0 ? "+" : "", fp);
			html_num(fp, r->gap);
		}
		strbuf_release(&sb);
		if (r->has_gap_pct)
			fprintf(fp, "<br>(%+.1f%%)", r->gap_pct);
	}
	fputs("</td><td>", fp);
	if (r->evidence != EVID_NONE)
		fputs(evidence_names[r->evidence], fp);
	if (r->evidence_text != NULL && r->evidence_text[0] != '\0') {
		fputs(r->evidence != EVID_NONE ? ": " : "", fp);
		html_evidence_text(fp, r->evidence_text);
	}
	fputs("</td><td>", fp);
	/* A waived result's reason is the waiver's, said once below. */
	if (r->waiver < 0) {
		html_esc(fp, r->reason);
	} else {
		const struct res_waiver *w = &run->waivers[r->waiver];

		fputs("waived until ", fp);
		html_esc(fp, w->expires);
		fputs(": ", fp);
		html_esc(fp, w->reason);
		if (w->approved_by != NULL) {
			fputs(" (approved by ", fp);
			html_esc(fp, w->approved_by);
			putc(')', fp);
		}
	}
	fputs("</td>", fp);
	if (remediation) {
		fputs("<td>", fp);
		html_esc(fp, d->remediation);
		fputs("</td>", fp);
	}
	if (run->has_baseline) {
		struct strbuf sb;

		strbuf_init(&sb);
		res_change_text(&sb, r);
		if (d->baseline_changed)
			strbuf_adds(&sb, " (rule changed)");
		fputs("<td>", fp);
		html_esc(fp, sb.buf);
		fputs("</td>", fp);
		strbuf_release(&sb);
	}
	fputs("<td>", fp);
	if (r->observed.kind != V_NONE)
		html_source(fp, run, r->src);
	if (r->has_base) {
		fputs("<br>", fp);
		html_source(fp, run, r->base_src);
	}
	for (size_t i = 0; i < r->nops; i++) {
		if (r->ops[i].value.kind == V_NONE)
			continue;
		fputs(i > 0 || r->observed.kind != V_NONE ? "<br>" : "", fp);
		html_source(fp, run, r->ops[i].src);
	}
	fputs("</td></tr>\n", fp);
}

static void
html_rule_head(FILE *fp, const struct res_run *run, const char *cls, bool remediation)
{
	fprintf(fp, "<table class=\"%s\">\n<thead><tr><th>Rule</th><th>Severity</th><th>Status</th>"
	    "<th class=\"n\">Score</th><th>Observed</th><th>Target</th><th class=\"n\">Gap</th>"
	    "<th>Evidence</th><th>Reason</th>%s%s<th>Input file and line</th></tr></thead>\n"
	    "<tbody>\n", cls, remediation ? "<th>Remediation</th>" : "",
	    run->has_baseline ? "<th>Change</th>" : "");
}

static int
html_entity(struct wctx *ctx, const struct res_entity *e)
{
	const struct res_run *run = ctx->run;
	struct html *h = ctx->state;
	FILE *fp = ctx->fp;
	const struct res_rule **gaps;
	size_t ngaps = 0, nbars = 0;
	char capid[40];

	if (ctx->detail == DETAIL_SUMMARY)
		return 0;
	if (h == NULL) {
		h = ctx->state = xcalloc(1, sizeof(*h));
		h->nbars = run->nrulesets + 1;
		h->bars = xcalloc(h->nbars, sizeof(*h->bars));
	}
	fprintf(fp, "<section class=\"entity\" id=\"e-%zu\">\n<details class=\"ent\"%s>\n"
	    "<summary><h3>", ctx->nentities,
	    run->nentities <= HTML_OPEN_ENTITIES ? " open" : "");
	html_esc(fp, e->id);
	if (e->name != NULL) {
		fputs(" ", fp);
		html_esc(fp, e->name);
	}
	fputs("</h3> overall ", fp);
	html_score(fp, e->has_score, e->score);
	if (e->has_score_delta)
		fprintf(fp, " / 100 (%+.1f since the baseline), coverage ", e->score_delta);
	else
		fputs(e->has_score ? " / 100, coverage " : ", coverage ", fp);
	html_coverage(fp, e->has_coverage, e->coverage, e->low_coverage);
	fputs(", gate ", fp);
	html_gate(fp, e->gate_fail);
	fputs("</summary>\n", fp);
	if (e->gate_fail) {
		fputs("<ul class=\"gate\">\n", fp);
		for (size_t i = 0; i < e->nreasons; i++) {
			fputs("<li>gate: ", fp);
			html_esc(fp, e->reasons[i].text);
			fputs("</li>\n", fp);
		}
		fputs("</ul>\n", fp);
	}
	fputs("<dl class=\"facts\">\n<dt>Subject</dt><dd>", fp);
	html_esc(fp, e->subject != SUBJ_NONE ? subject_name(e->subject) : "not stated");
	fputs("</dd>\n<dt>Sector</dt><dd>", fp);
	html_esc(fp, e->sector != NULL ? e->sector : "not stated");
	fputs("</dd>\n<dt>Profile</dt><dd>", fp);
	html_esc(fp, e->profile != NULL ? e->profile : "none (every rule)");
	fputs("</dd>\n", fp);
	if (e->year)
		fprintf(fp, "<dt>Evaluation year</dt><dd>%d</dd>\n", e->year);
	fputs("<dt>Rules</dt><dd>", fp);
	for (int s = 0; s <= ST_WAIVED; s++)
		fprintf(fp, "%s%zu %s", s ? ", " : "", e->count[s], status_names[s]);
	fputs("</dd>\n</dl>\n", fp);

	for (size_t c = 0; c < e->ncommits && nbars + 1 < h->nbars; c++) {
		const struct res_commit *cr = &e->commits[c];
		int num = run->rulesets[cr->ruleset].commitment;

		h->bars[nbars++] = (struct html_bar){ .label = commitment_names[num],
		    .num = num, .anchor = -1, .has = cr->has_score, .score = cr->score };
	}
	h->bars[nbars++] = (struct html_bar){ .label = "overall", .anchor = -1,
	    .has = e->has_score, .score = e->score };
	snprintf(capid, sizeof(capid), "cap-e%zu", ctx->nentities);
	fprintf(fp, "<figure>\n<figcaption id=\"%s\">Commitment scores of ", capid);
	html_esc(fp, e->id);
	fputs("</figcaption>\n", fp);
	html_chart(fp, run, capid, h->bars, nbars);
	fputs("</figure>\n", fp);
	if (e->ntrajectory > 0) {
		struct html_line line = { e->id, e->trajectory, e->ntrajectory };

		snprintf(capid, sizeof(capid), "cap-t%zu", ctx->nentities);
		fprintf(fp, "<figure>\n<figcaption id=\"%s\">Overall score of ", capid);
		html_esc(fp, e->id);
		fprintf(fp, " as of every evaluation year from %d to %d</figcaption>\n",
		    run->opts.traj_from, run->opts.traj_to);
		html_lines(fp, capid, &line, 1, run->opts.traj_from, run->opts.traj_to);
		fputs("</figure>\n", fp);
	}

	gaps = res_gaps(e, &ngaps);
	fprintf(fp, "<h4>Gaps, worst first (%zu)</h4>\n", ngaps);
	if (ngaps == 0) {
		fputs("<p>Every applicable rule passed.</p>\n", fp);
	} else {
		html_rule_head(fp, run, "gaps", true);
		for (size_t i = 0; i < ngaps; i++)
			html_rule_row(fp, run, gaps[i], true);
		fputs("</tbody>\n</table>\n", fp);
	}
	free(gaps);

	if (e->count[ST_WAIVED] > 0) {
		fprintf(fp, "<h4>Waived (%zu)</h4>\n", e->count[ST_WAIVED]);
		html_rule_head(fp, run, "rules", false);
		for (size_t i = 0; i < e->nrules; i++)
			if (e->rules[i].status == ST_WAIVED)
				html_rule_row(fp, run, &e->rules[i], false);
		fputs("</tbody>\n</table>\n", fp);
	}

	if (ctx->detail == DETAIL_FULL) {
		fprintf(fp, "<details class=\"all\">\n<summary>All rules (%zu), in rule-set "
		    "order</summary>\n", e->nrules);
		html_rule_head(fp, run, "rules", false);
		for (size_t i = 0; i < e->nrules; i++)
			html_rule_row(fp, run, &e->rules[i], false);
		fputs("</tbody>\n</table>\n</details>\n", fp);
	}
	fputs("</details>\n</section>\n", fp);
	return ferror(fp) ? -1 : 0;
}

static int
html_tail(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	const struct res_summary *sum = ctx->sum;
	FILE *fp = ctx->fp;

	if (ctx->detail != DETAIL_SUMMARY) {
		if (sum->entities == 0)
			fputs("<p>No entities were evaluated.</p>\n", fp);
		fputs("</section>\n", fp);
	}
	html_audit(ctx);
	fputs("<footer>\n<p class=\"meta\">", fp);
	fprintf(fp, "%zu entit%s", sum->entities, sum->entities == 1 ? "y" : "ies");
	if (sum->has_min_score)
		fprintf(fp, ", lowest overall score %.1f", sum->min_score);
	fputs("; gate ", fp);
	html_gate(fp, sum->gate_fail);
	fputs(" (", fp);
	html_gate_settings(fp, &run->opts);
	fputs("). Generated by resilience-check ", fp);
	html_esc(fp, run->version);
	fputs(" at ", fp);
	html_esc(fp, run->generated);
	fputs(".</p>\n</footer>\n</body>\n</html>\n", fp);
	if (fflush(fp) == EOF)
		return -1;
	return ferror(fp) ? -1 : 0;
}

static void
html_release(struct wctx *ctx)
{
	struct html *h = ctx->state;

	if (h == NULL)
		return;
	free(h->bars);
	free(h);
	ctx->state = NULL;
}

const struct writer writer_html = {
	.name = "html",
	.desc = "one self-contained page with charts, for browsers and print",
	.summary_first = true,
	.detail = DETAIL_FULL,
	.head = html_head,
	.entity = html_entity,
	.tail = html_tail,
	.release = html_release,
};
