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
add_value(char *buf, size_t size, const struct value *v)
{
	size_t len = strlen(buf);

	switch (v->kind) {
	case V_NUM:
		value_format_num(v->num, buf + len, size - len);
		break;
	case V_BOOL:
		snprintf(buf + len, size - len, "%s", v->b ? "yes" : "no");
		break;
	case V_TEXT:
		snprintf(buf + len, size - len, "'%s'", v->text);
		break;
	case V_NONE:
		snprintf(buf + len, size - len, "(none)");
		break;
	}
}

void
report_target_str(const struct rulebook *rb, const struct target *t, char *buf,
    size_t size)
{
	char a[64], b[64];

	(void)rb;
	buf[0] = '\0';
	switch (t->kind) {
	case CHECK_COMPARE:
		snprintf(buf, size, "%s ", cmp_op_names[t->op]);
		add_value(buf, size, &t->value);
		if (t->has_partial) {
			size_t len = strlen(buf);

			value_format_num(t->partial_from, a, sizeof(a));
			snprintf(buf + len, size - len, " (partial from %s)", a);
		}
		break;
	case CHECK_BETWEEN:
		value_format_num(t->lo, a, sizeof(a));
		value_format_num(t->hi, b, sizeof(b));
		snprintf(buf, size, "between %s and %s", a, b);
		break;
	case CHECK_IN:
		snprintf(buf, size, "one of ");
		for (size_t i = 0; i < t->nset; i++) {
			if (i > 0)
				strncat(buf, ", ", size - strlen(buf) - 1);
			add_value(buf, size, &t->set[i]);
		}
		break;
	case CHECK_MATCH:
		snprintf(buf, size, "matches /%s/", pattern_source(t->pattern));
		break;
	case CHECK_PRESENT:
		snprintf(buf, size, "reported");
		break;
	case CHECK_TREND:
		value_format_num(t->min_change_pct, a, sizeof(a));
		snprintf(buf, size, "%s by at least %s%% over %d year%s",
		    t->direction > 0 ? "up" : "down", a, t->years,
		    t->years == 1 ? "" : "s");
		break;
	case CHECK_EXPR:
		snprintf(buf, size, "%s", t->expr_src ? t->expr_src : "");
		break;
	}
	utf8_clip(buf);         /* a long set may have been cut */
}

void
report_value_str(const struct obsstore *s, const struct obs *o, char *buf,
    size_t size)
{
	struct value v;

	buf[0] = '\0';
	if (o == NULL)
		return;
	obs_value(s, o, &v);
	if (v.kind == V_TEXT) {
		if ((size_t)snprintf(buf, size, "%s", v.text) >= size)
			utf8_clip(buf);
		return;
	}
	add_value(buf, size, &v);
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
report_ignored_str(const struct input_info *in, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int k = 0; k < IGN__COUNT && len < size; k++) {
		if (in->ignored_by[k] == 0)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%zu %s", len ? ", " : " (",
		    in->ignored_by[k], ignore_reason_names[k]);
	}
	if (len > 0 && len < size)
		snprintf(buf + len, size - len, ")");
}

bool
report_is_gap(const struct rule_result *rr)
{
	return rr->status == ST_FAIL || rr->status == ST_PARTIAL ||
	    (rr->status == ST_MISSING && rr->counted);
}

void
report_gap_line(const struct run_info *run, const struct rule_result *rr,
    char *buf, size_t size)
{
	char obs[256], tgt[512], num[64];
	size_t len;

	report_target_str(run->rb, rr->target, tgt, sizeof(tgt));
	if (rr->obs != NULL) {
		report_value_str(run->obs, rr->obs, obs, sizeof(obs));
		snprintf(buf, size, "%s: observed %s", status_names[rr->status], obs);
		len = strlen(buf);
		if (rr->obs->year)
			snprintf(buf + len, size - len, " (%d)", rr->obs->year);
	} else {
		snprintf(buf, size, "%s: no value", status_names[rr->status]);
	}
	len = strlen(buf);
	snprintf(buf + len, size - len, "; target %s", tgt);
	if (rr->has_gap && rr->target->kind != CHECK_TREND) {
		len = strlen(buf);
		value_format_num(rr->gap, num, sizeof(num));
		snprintf(buf + len, size - len, "; gap %s%s", rr->gap > 0 ? "+" : "", num);
		if (rr->has_gap_pct) {
			len = strlen(buf);
			snprintf(buf + len, size - len, " (%+.1f%%)", rr->gap_pct);
		}
	}
	if (rr->reason[0]) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "; %s", rr->reason);
	}
	utf8_clip(buf);
}
