/*
 * The text report, for people at a terminal. Summary first: the gate's
 * verdict and why, a table of entities with their overall, coverage and
 * commitment scores, the counts by status and by severity, and the rules
 * most often not met. Then, with --detail gaps (the default), each
 * entity's gaps worst first, with what was observed, the gap in words,
 * where the value came from and what to do; --detail full adds every other
 * result, --detail summary stops after the summary. Lines are wrapped at
 * TEXT_WIDTH columns.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "out_text.h"
#include "readable.h"
#include "strbuf.h"
#include "xalloc.h"

#define BAR_WIDTH 20
#define TEXT_WIDTH 100
#define INDENT 11               /* of the lines under a result */
#define TOP_RULES 10            /* rules in "most frequent gaps" */

/* ANSI colours, used only when ctx->color is set. */
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

/* Columns a UTF-8 string takes (one per character). */
static size_t
width(const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

/*
 * s, escaped, wrapped at spaces so that no line passes TEXT_WIDTH: the
 * first line goes on at column at, the others start at column indent. A
 * word longer than a line is not cut.
 */
static void
wrap(FILE *fp, const char *s, size_t at, size_t indent)
{
	struct strbuf sb;
	size_t i = 0, colm = at;
	bool first = true;

	strbuf_init(&sb);
	escape_add(&sb, s, strlen(s));
	while (i < sb.len) {
		size_t j = i, w;

		while (j < sb.len && sb.buf[j] != ' ')
			j++;
		w = width(sb.buf + i, j - i);
		if (!first && colm + 1 + w > TEXT_WIDTH) {
			fprintf(fp, "\n%*s", (int)indent, "");
			colm = indent;
		} else if (!first) {
			putc(' ', fp);
			colm++;
		}
		fwrite(sb.buf + i, 1, j - i, fp);
		colm += w;
		first = false;
		i = j;
		while (i < sb.len && sb.buf[i] == ' ')
			i++;
	}
	putc('\n', fp);
	strbuf_release(&sb);
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

/* ---- the summary ---- */

static void
verdict(struct wctx *ctx)
{
	const struct res_summary *s = ctx->sum;
	const struct res_options *o = &ctx->run->opts;
	FILE *fp = ctx->fp;
	size_t k, n = 0;

	fprintf(fp, "gate %s%s%s", col(ctx, s->gate_fail ? C_RED : C_GREEN),
	    s->gate_fail ? "FAIL" : "pass", col(ctx, C_RESET));
	if (s->nothing_evaluated) {
		fputs(": nothing was evaluated: no entity in the inputs\n", fp);
		return;
	}
	if (s->entities == 0) {
		fputs(": this shard holds no entity\n", fp);
		return;
	}
	fprintf(fp, ": %zu of %zu entit%s fail%s", s->gate_failing, s->entities,
	    s->entities == 1 ? "y" : "ies", s->gate_failing == 1 ? "s" : "");
	for (k = 0; k < 4; k++) {
		if (s->failing_by[k] == 0)
			continue;
		fprintf(fp, "%s%zu %s", n++ == 0 ? " (" : ", ", s->failing_by[k],
		    res_failing_words[k]);
	}
	fprintf(fp, "%s; fail-on %s", n > 0 ? ")" : "", severity_names[o->fail_on]);
	if (o->has_fail_under)
		fprintf(fp, ", fail-under %g", o->fail_under);
	if (o->has_min_coverage)
		fprintf(fp, ", min-coverage %g", o->min_coverage);
	putc('\n', fp);
}

/* The tailoring and what it changed, the selection, the project file. */
static void
choices(const struct res_run *run, FILE *fp)
{
	const struct res_options *o = &run->opts;

	if (run->has_tailoring) {
		fputs("tailoring: ", fp);
		put(fp, run->tailoring_name);
		fputs(" (", fp);
		put(fp, run->tailoring_file);
		fprintf(fp, ", SHA-256 %s)%s\n", run->tailoring_sha256,
		    run->nchanges ? ", which changed:" : ", which changed nothing");
		for (size_t i = 0; i < run->nchanges; i++) {
			const struct res_change *c = &run->changes[i];

			fprintf(fp, "  %s ", c->kind);
			put(fp, c->id);
			if (c->field != NULL) {
				fprintf(fp, " %s: ", c->field);
				put(fp, c->from);
				fputs(" -> ", fp);
				put(fp, c->to);
			}
			putc('\n', fp);
		}
	}
	if (o->nselect_rules + o->nskip_rules > 0 || o->commitments != 0) {
		const char *sep = "";

		fputs("selection:", fp);
		for (size_t i = 0; i < o->nselect_rules; i++, sep = ",") {
			fprintf(fp, "%s --rule ", sep);
			put(fp, o->select_rules[i]);
		}
		for (size_t i = 0; i < o->nskip_rules; i++, sep = ",") {
			fprintf(fp, "%s --skip-rule ", sep);
			put(fp, o->skip_rules[i]);
		}
		for (int c = 1; c <= 8; c++)
			if (o->commitments & (1u << c)) {
				fprintf(fp, "%s --commitment %d", sep, c);
				sep = ",";
			}
		putc('\n', fp);
	}
	if (run->has_project) {
		fputs("options from project file: ", fp);
		put(fp, run->project_file);
		fprintf(fp, " (SHA-256 %s)\n", run->project_sha256);
	}
}

static void
audit(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	FILE *fp = ctx->fp;
	size_t nrules = 0;

	for (size_t i = 0; i < run->nrulesets; i++)
		nrules += run->rulesets[i].nrules;
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
	choices(run, fp);
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
	for (size_t i = 0; i < run->nparts; i++) {
		fputs("merged from: ", fp);
		put(fp, run->parts[i].file);
		fprintf(fp, " (SHA-256 %s)\n", run->parts[i].sha256);
	}
	for (size_t i = 0; i < run->nwaivers; i++) {
		const struct res_waiver *w = &run->waivers[i];

		fprintf(fp, "waiver %s: %s for ", w->expired ? "expired" :
		    w->used ? "in force" : "unused", w->rule);
		put(fp, w->entity);
		fprintf(fp, ", until %s\n", w->expires);
	}
}

/* The table of entities: overall score, coverage, gate, then each commitment. */
static void
table(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	const struct res_summary *s = ctx->sum;
	FILE *fp = ctx->fp;
	size_t idw = 6, nw = 0;

	for (size_t i = 0; i < s->entities; i++) {
		size_t w = width(s->rows[i].id, strlen(s->rows[i].id));

		if (w > idw)
			idw = w > 20 ? 20 : w;
		if (s->rows[i].name != NULL &&
		    (w = width(s->rows[i].name, strlen(s->rows[i].name))) > nw)
			nw = w > 24 ? 24 : w < 4 ? 4 : w;
	}
	fprintf(fp, "\n%-*s", (int)idw, "entity");
	if (nw > 0)
		fprintf(fp, "  %-*s", (int)nw, "name");
	fputs(run->has_baseline ? "  score  delta  cover  gate" : "  score  cover  gate", fp);
	for (size_t c = 0; c < run->nrulesets; c++)
		fprintf(fp, "  %4d", run->rulesets[c].commitment);
	putc('\n', fp);
	for (size_t i = 0; i < s->entities; i++) {
		const struct res_row *r = &s->rows[i];
		size_t w = width(r->id, strlen(r->id));

		put(fp, r->id);
		fprintf(fp, "%*s", (int)(w < idw ? idw - w : 0) + 2, "");
		if (nw > 0) {
			w = r->name != NULL ? width(r->name, strlen(r->name)) : 0;
			put(fp, r->name);
			fprintf(fp, "%*s", (int)(w < nw ? nw - w : 0) + 2, "");
		}
		if (r->has_score)
			fprintf(fp, "%5.1f", r->score);
		else
			fputs("  n/a", fp);
		if (run->has_baseline && r->has_score_delta)
			fprintf(fp, " %+6.1f", r->score_delta);
		else if (run->has_baseline)
			fputs("       ", fp);
		if (r->has_coverage)
			fprintf(fp, " %5.1f%%", r->coverage);
		else
			fputs("    n/a", fp);
		fprintf(fp, "  %s%s%s", col(ctx, r->gate_fail ? C_RED : C_GREEN),
		    r->gate_fail ? "FAIL" : "pass", col(ctx, C_RESET));
		for (size_t c = 0; c < run->nrulesets; c++) {
			if (r->commit_has[c])
				fprintf(fp, " %5.1f", r->commit_score[c]);
			else
				fputs("     -", fp);
		}
		if (r->low_coverage)
			fputs("  (low coverage)", fp);
		putc('\n', fp);
	}
	fprintf(fp, "(score, cover: overall score and coverage in %%; numbered: each "
	    "commitment's score; -: none counted)\n");
}

static void
counts(struct wctx *ctx)
{
	const struct res_summary *s = ctx->sum;
	FILE *fp = ctx->fp;

	fprintf(fp, "\nresults: %zu pass, %zu partial, %zu fail, %zu missing, "
	    "%zu not applicable, %zu waived\n", s->count[ST_PASS], s->count[ST_PARTIAL],
	    s->count[ST_FAIL], s->count[ST_MISSING], s->count[ST_NOT_APPLICABLE],
	    s->count[ST_WAIVED]);
	fprintf(fp, "gaps by severity: %zu critical, %zu high, %zu medium, %zu low\n",
	    s->gaps[SEV_CRITICAL], s->gaps[SEV_HIGH], s->gaps[SEV_MEDIUM], s->gaps[SEV_LOW]);
	if (ctx->run->has_baseline) {
		fputs("since the baseline ", fp);
		put(fp, ctx->run->baseline_file);
		fprintf(fp, ": %zu new, %zu updated (%zu worse), %zu unchanged, %zu closed\n",
		    s->changes[BS_NEW], s->changes[BS_UPDATED], s->worse,
		    s->changes[BS_UNCHANGED], s->changes[BS_ABSENT]);
	}
}

/* The rules with a gap for the most entities, the most severe first. */
static void
frequent(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	const struct res_summary *s = ctx->sum;
	FILE *fp = ctx->fp;
	size_t n, *order = res_rules_by_gaps(s, &n);

	if (n > 0)
		fprintf(fp, "\nrules most often not met, the most severe first:\n");
	for (size_t i = 0; i < n && i < TOP_RULES; i++) {
		size_t d = order[i], shown = s->rule_gaps[d] < RES_RULE_ENTITIES ?
		    s->rule_gaps[d] : RES_RULE_ENTITIES;
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%s: %zu entit%s (", run->rules[d].title, s->rule_gaps[d],
		    s->rule_gaps[d] == 1 ? "y" : "ies");
		for (size_t k = 0; k < shown; k++)
			strbuf_addf(&sb, "%s%s", k ? ", " : "",
			    s->rule_entities[d * RES_RULE_ENTITIES + k]);
		if (s->rule_gaps[d] > shown)
			strbuf_addf(&sb, ", +%zu", s->rule_gaps[d] - shown);
		strbuf_addc(&sb, ')');
		fprintf(fp, "  %-8s %-7s ", severity_names[s->rule_severity[d]], run->rules[d].id);
		wrap(fp, sb.buf, 2 + 9 + 8, INDENT + 8);
		strbuf_release(&sb);
	}
	if (n > TOP_RULES)
		fprintf(fp, "  and %zu more rule%s with gaps\n", n - TOP_RULES,
		    n - TOP_RULES == 1 ? "" : "s");
	free(order);
}

/* --trajectory: each entity's overall score as of every year of the range. */
static void
trajectories(struct wctx *ctx)
{
	const struct res_summary *s = ctx->sum;
	const struct res_options *o = &ctx->run->opts;
	FILE *fp = ctx->fp;
	size_t idw = 6;

	if (!o->has_trajectory)
		return;
	for (size_t i = 0; i < s->entities; i++) {
		size_t w = width(s->rows[i].id, strlen(s->rows[i].id));

		if (w > idw)
			idw = w > 20 ? 20 : w;
	}
	fprintf(fp, "\noverall score by evaluation year:\n%-*s", (int)idw, "entity");
	for (int y = o->traj_from; y <= o->traj_to; y++)
		fprintf(fp, "  %5d", y);
	putc('\n', fp);
	for (size_t i = 0; i < s->entities; i++) {
		const struct res_row *r = &s->rows[i];
		size_t w = width(r->id, strlen(r->id));

		put(fp, r->id);
		fprintf(fp, "%*s", (int)(w < idw ? idw - w : 0), "");
		for (size_t k = 0; k < r->ntrajectory; k++) {
			if (r->trajectory[k].has_score)
				fprintf(fp, "  %5.1f", r->trajectory[k].score);
			else
				fputs("      -", fp);
		}
		putc('\n', fp);
	}
}

static int
text_head(struct wctx *ctx)
{
	FILE *fp = ctx->fp;

	fprintf(fp, "%sresilience-check %s%s  gap report, generated %s\n", col(ctx, C_BOLD),
	    ctx->run->version, col(ctx, C_RESET), ctx->run->generated);
	verdict(ctx);
	audit(ctx);
	if (ctx->sum->entities > 0) {
		table(ctx);
		trajectories(ctx);
		counts(ctx);
		frequent(ctx);
	}
	return ferror(fp) ? -1 : 0;
}

/* ---- each entity ---- */

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

/* "observed 2.7 (2022), target >= 3, 0.3 below the target of 3, score 0.61". */
static void
observed(struct wctx *ctx, const struct res_rule *r, struct strbuf *sb)
{
	const struct res_run *run = ctx->run;

	strbuf_reset(sb);
	if (r->observed.kind == V_NONE) {
		strbuf_adds(sb, "target ");
		strbuf_adds(sb, r->target->text);
		return;
	}
	/* A value that was reported but could not be used (stale, a break). */
	strbuf_adds(sb, r->status == ST_MISSING ? "reported " : "observed ");
	readable_value(sb, run, r, &r->observed);
	if (r->year)
		strbuf_addf(sb, " (%d)", r->year);
	strbuf_adds(sb, ", target ");
	strbuf_adds(sb, r->target->text);
	if (r->status != ST_MISSING) {
		struct strbuf gap;

		strbuf_init(&gap);
		if (readable_gap(&gap, run, r))
			strbuf_addf(sb, ", %s", gap.buf);
		strbuf_release(&gap);
	}
	if (r->status == ST_PARTIAL)
		strbuf_addf(sb, ", score %.2f", r->score);
}

static void
print_result(struct wctx *ctx, const struct res_rule *r, bool brief)
{
	const struct res_run *run = ctx->run;
	const struct res_ruledef *d = res_def(run, r);
	FILE *fp = ctx->fp;
	struct strbuf sb;

	strbuf_init(&sb);
	fprintf(fp, "  %s%-8s%s %-8s %s%-7s%s ", col(ctx, status_colour(r->status)),
	    r->status == ST_NOT_APPLICABLE ? "n/a" : status_names[r->status],
	    col(ctx, C_RESET), severity_names[r->severity], col(ctx, C_BOLD), d->id,
	    col(ctx, C_RESET));
	if (brief) {
		/* One line: what was observed, or why the rule did not count. */
		if (r->observed.kind != V_NONE && r->status != ST_NOT_APPLICABLE)
			observed(ctx, r, &sb);
		else
			strbuf_adds(&sb, r->reason[0] != '\0' ? r->reason : d->title);
		wrap(fp, sb.buf, 2 + 9 + 9 + 8, INDENT + 8);
		strbuf_release(&sb);
		return;
	}
	wrap(fp, d->title, 2 + 9 + 9 + 8, INDENT + 8);
	observed(ctx, r, &sb);
	fprintf(fp, "%*s", INDENT, "");
	wrap(fp, sb.buf, INDENT, INDENT);
	if (r->observed.kind != V_NONE) {
		fprintf(fp, "%*sat ", INDENT, "");
		put(fp, res_input_path(run, r->src.input));
		fprintf(fp, ":%u\n", (unsigned)r->src.line);
	}
	for (size_t i = 0; i < r->nops; i++) {
		const struct res_operand *op = &r->ops[i];

		fprintf(fp, "%*s%s%s%s = ", INDENT, "", op->prev ? "prev(" : "",
		    run->indicators[op->indicator].id, op->prev ? ")" : "");
		if (op->value.kind == V_NONE) {
			fprintf(fp, "(missing)\n");
			continue;
		}
		strbuf_reset(&sb);
		if (op->value.kind == V_NUM)
			readable_num(&sb, op->value.num, run->indicators[op->indicator].decimals);
		else
			value_text(&sb, &op->value, false);
		put(fp, sb.buf);
		if (op->year)
			fprintf(fp, " (%d)", op->year);
		fputs(" at ", fp);
		put(fp, res_input_path(run, op->src.input));
		fprintf(fp, ":%u\n", (unsigned)op->src.line);
	}
	if (r->reason[0] != '\0') {
		fprintf(fp, "%*s", INDENT, "");
		wrap(fp, r->reason, INDENT, INDENT);
	}
	if (r->baseline != BS_NONE && r->baseline != BS_UNCHANGED) {
		strbuf_reset(&sb);
		res_change_text(&sb, r);
		if (d->baseline_changed)
			strbuf_adds(&sb, " (the rule's definition changed)");
		fprintf(fp, "%*s", INDENT, "");
		wrap(fp, sb.buf, INDENT, INDENT);
	}
	if (d->remediation != NULL) {
		fprintf(fp, "%*s%s-> ", INDENT, "", col(ctx, C_DIM));
		strbuf_reset(&sb);
		strbuf_adds(&sb, d->remediation);
		wrap(fp, sb.buf, INDENT + 3, INDENT + 3);
		fputs(col(ctx, C_RESET), fp);
	}
	strbuf_release(&sb);
}

/* The baseline's gaps this entity closed: one line naming their rules. */
static void
closed(struct wctx *ctx, const struct res_entity *e)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < e->nrules; i++)
		if (e->rules[i].baseline == BS_ABSENT)
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "",
			    res_def(ctx->run, &e->rules[i])->id);
	if (sb.len > 0) {
		fputs("  closed since the baseline: ", ctx->fp);
		wrap(ctx->fp, sb.buf, 30, 8);
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

	if (ctx->detail == DETAIL_SUMMARY)
		return 0;
	fprintf(fp, "\n%s", col(ctx, C_BOLD));
	put(fp, e->id);
	fputs(col(ctx, C_RESET), fp);
	if (e->name != NULL) {
		fputs("  ", fp);
		put(fp, e->name);
	}
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
	if (e->has_score_delta)
		fprintf(fp, " (%+.1f since the baseline)", e->score_delta);
	if (e->has_coverage)
		fprintf(fp, ", coverage %.1f%%", e->coverage);
	if (e->low_coverage)
		fputs(" (low coverage)", fp);
	fprintf(fp, "  gate %s%s%s\n", col(ctx, e->gate_fail ? C_RED : C_GREEN),
	    e->gate_fail ? "FAIL" : "pass", col(ctx, C_RESET));
	for (size_t i = 0; i < e->nreasons; i++) {
		fputs("  gate: ", fp);
		wrap(fp, e->reasons[i].text, 8, 8);
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
		print_result(ctx, gaps[i], false);
	free(gaps);
	for (size_t i = 0; i < e->nrules; i++) {
		const struct res_rule *r = &e->rules[i];

		if (r->status == ST_WAIVED) {
			fprintf(fp, "  waived   %-8s %s: ", severity_names[r->severity],
			    res_def(run, r)->id);
			wrap(fp, r->reason, 2 + 9 + 9 + strlen(res_def(run, r)->id) + 2, INDENT + 8);
		}
	}
	closed(ctx, e);
	if (ctx->detail == DETAIL_FULL) {
		bool first = true;

		for (size_t i = 0; i < e->nrules; i++) {
			const struct res_rule *r = &e->rules[i];

			if (res_is_gap(r) || r->status == ST_WAIVED)
				continue;
			if (first)
				fprintf(fp, "  other results:\n");
			first = false;
			print_result(ctx, r, true);
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
	if (s->nothing_evaluated)
		fputs("gate: nothing was evaluated: no entity in the inputs\n", fp);
	else if (s->entities == 0)
		fputs("gate: this shard holds no entity\n", fp);
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
	.detail = DETAIL_GAPS,
	.head = text_head,
	.entity = text_entity,
	.tail = text_tail,
	.thread_new = text_thread_new,
	.render = writer_stream_render,
	.thread_free = writer_stream_free,
};
