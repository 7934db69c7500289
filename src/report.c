/*
 * The table of reporters and the helpers they share.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "strbuf.h"
#include "xalloc.h"

const struct reporter *const reporters[] = {
	&report_text,
	&report_json,
	&report_csv,
	&report_markdown,
	&report_junit,
	&report_sarif,
	&report_html,
	NULL,
};

const struct reporter *
reporter_find(const char *name)
{
	for (size_t i = 0; reporters[i] != NULL; i++)
		if (strcmp(reporters[i]->name, name) == 0)
			return reporters[i];
	return NULL;
}

/*
 * Threaded rendering for reporters that write an entity with stdio and keep
 * no state of their own (text, csv, markdown): each thread runs the
 * reporter's entity function on its own memory stream.
 */
struct stream_render {
	struct report_ctx ctx;
	int (*entity)(struct report_ctx *ctx, const struct entity_result *er);
	char *buf;
	size_t size;
};

void *
report_stream_new(const struct report_ctx *ctx,
    int (*entity)(struct report_ctx *ctx, const struct entity_result *er))
{
	struct stream_render *s = xcalloc(1, sizeof(*s));

	s->ctx = *ctx;
	s->entity = entity;
	s->ctx.fp = open_memstream(&s->buf, &s->size);
	if (s->ctx.fp == NULL)
		xalloc_die();
	return s;
}

void
report_stream_render(void *tstate, const struct entity_result *er, size_t index,
    struct strbuf *out)
{
	struct stream_render *s = tstate;
	off_t n;

	s->ctx.nentities = index;
	rewind(s->ctx.fp);
	/* A memory stream fails only when memory runs out. */
	if (s->entity(&s->ctx, er) != 0 || fflush(s->ctx.fp) != 0 ||
	    (n = ftello(s->ctx.fp)) < 0)
		xalloc_die();
	strbuf_add(out, s->buf, (size_t)n);
}

void
report_stream_free(void *tstate)
{
	struct stream_render *s = tstate;

	if (s == NULL)
		return;
	fclose(s->ctx.fp);
	free(s->buf);
	free(s);
}

static void
add_value(struct strbuf *sb, const struct value *v)
{
	char num[64];

	switch (v->kind) {
	case V_NUM:
		value_format_num(v->num, num, sizeof(num));
		strbuf_adds(sb, num);
		break;
	case V_BOOL:
		strbuf_adds(sb, v->b ? "yes" : "no");
		break;
	case V_TEXT:
		strbuf_addc(sb, '\'');
		strbuf_adds(sb, v->text);
		strbuf_addc(sb, '\'');
		break;
	case V_NONE:
		strbuf_adds(sb, "(none)");
		break;
	}
}

static void
add_num(struct strbuf *sb, double v)
{
	char num[64];

	value_format_num(v, num, sizeof(num));
	strbuf_adds(sb, num);
}

void
report_target(struct strbuf *sb, const struct target *t)
{
	switch (t->kind) {
	case CHECK_COMPARE:
		strbuf_adds(sb, cmp_op_names[t->op]);
		strbuf_addc(sb, ' ');
		add_value(sb, &t->value);
		if (t->has_partial) {
			strbuf_adds(sb, " (partial from ");
			add_num(sb, t->partial_from);
			strbuf_addc(sb, ')');
		}
		break;
	case CHECK_BETWEEN:
		strbuf_adds(sb, "between ");
		add_num(sb, t->lo);
		strbuf_adds(sb, " and ");
		add_num(sb, t->hi);
		break;
	case CHECK_IN:
		strbuf_adds(sb, "one of ");
		for (size_t i = 0; i < t->nset; i++) {
			if (i > 0)
				strbuf_adds(sb, ", ");
			add_value(sb, &t->set[i]);
		}
		break;
	case CHECK_MATCH:
		strbuf_addf(sb, "matches /%s/", pattern_source(t->pattern));
		break;
	case CHECK_PRESENT:
		strbuf_adds(sb, "reported");
		break;
	case CHECK_TREND:
		strbuf_addf(sb, "%s by at least ", t->direction > 0 ? "up" : "down");
		add_num(sb, t->min_change_pct);
		strbuf_addf(sb, "%% over %d year%s", t->years, t->years == 1 ? "" : "s");
		break;
	case CHECK_EXPR:
		strbuf_adds(sb, t->expr_src ? t->expr_src : "");
		break;
	}
}

void
report_value(struct strbuf *sb, const struct obsstore *s, const struct obs *o)
{
	struct value v;

	if (o == NULL)
		return;
	obs_value(s, o, &v);
	if (v.kind == V_TEXT)
		strbuf_adds(sb, v.text);
	else
		add_value(sb, &v);
}

static int
gap_order(const void *a, const void *b)
{
	const struct rule_result *x = *(const struct rule_result *const *)a;
	const struct rule_result *y = *(const struct rule_result *const *)b;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->status != y->status)
		return x->status == ST_FAIL ? -1 : y->status == ST_FAIL ? 1 :
		    x->status == ST_PARTIAL ? -1 : 1;
	return x->rule->index < y->rule->index ? -1 : x->rule->index > y->rule->index;
}

const struct rule_result **
report_gaps(const struct entity_result *er, size_t *n)
{
	const struct rule_result **gaps = xcalloc(er->nrules ? er->nrules : 1, sizeof(*gaps));

	*n = 0;
	for (size_t i = 0; i < er->nrules; i++)
		if (report_is_gap(&er->rules[i]))
			gaps[(*n)++] = &er->rules[i];
	qsort(gaps, *n, sizeof(*gaps), gap_order);
	return gaps;
}

void
report_ignored(struct strbuf *sb, const struct input_info *in)
{
	bool any = false;

	for (int k = 0; k < IGN__COUNT; k++) {
		if (in->ignored_by[k] == 0)
			continue;
		strbuf_addf(sb, "%s%zu %s", any ? ", " : " (", in->ignored_by[k],
		    ignore_reason_names[k]);
		any = true;
	}
	if (any)
		strbuf_addc(sb, ')');
}

bool
report_is_gap(const struct rule_result *rr)
{
	return rr->status == ST_FAIL || rr->status == ST_PARTIAL ||
	    (rr->status == ST_MISSING && rr->counted);
}

void
report_gap(struct strbuf *sb, const struct run_info *run, const struct rule_result *rr)
{
	char num[64];

	if (rr->obs != NULL) {
		strbuf_addf(sb, "%s: observed ", status_names[rr->status]);
		report_value(sb, run->obs, rr->obs);
		if (rr->obs->year)
			strbuf_addf(sb, " (%d)", rr->obs->year);
	} else {
		strbuf_addf(sb, "%s: no value", status_names[rr->status]);
	}
	strbuf_adds(sb, "; target ");
	report_target(sb, rr->target);
	if (rr->has_gap && rr->target->kind != CHECK_TREND) {
		value_format_num(rr->gap, num, sizeof(num));
		strbuf_addf(sb, "; gap %s%s", rr->gap > 0 ? "+" : "", num);
		if (rr->has_gap_pct)
			strbuf_addf(sb, " (%+.1f%%)", rr->gap_pct);
	}
	if (rr->reason.len > 0) {
		strbuf_adds(sb, "; ");
		strbuf_add(sb, rr->reason.buf, rr->reason.len);
	}
}
