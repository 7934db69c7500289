/*
 * Every kind of check, in one table (see check.h): the functions of each
 * kind, kind by kind, then the table of their rows, then what goes through
 * the table for every kind alike (the percent of a gap, the words in plain
 * text, which kind a json target is).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>

#include "catalogue.h"
#include "check.h"
#include "expr.h"
#include "jread.h"
#include "pattern.h"
#include "strbuf.h"
#include "yamlfields.h"

/* Report a problem at node at of the file p reads, and count it. */
#define err(p, ...) yread_error((p)->rd, __VA_ARGS__)

static void
misfit(const struct check_parse *p, const struct ynode *at, const char *check,
    const struct indicator *ind)
{
	err(p, at, "check '%s' does not fit %s indicator '%s'", check,
	    ind_type_names[ind->type], ind->id);
}

/*
 * A scalar value of a comparison or set, typed by the indicator when it is
 * known (a text indicator takes any scalar's text), else by YAML's rules.
 */
static int
scalar_value(const struct check_parse *p, const struct ynode *n,
    const struct indicator *ind, const char *what, struct value *out)
{
	enum yscalar_type t;
	double d = 0;
	bool b = false;

	memset(out, 0, sizeof(*out));
	if (n->kind != YN_SCALAR || ynode_is_null(n)) {
		err(p, n, "%s must be a single value", what);
		return -1;
	}
	t = ynode_scalar_type(n, &d, &b);
	if (ind != NULL && ind->type == IT_TEXT)
		t = YS_STRING;
	if (ind != NULL && ind_type_is_numeric(ind->type) && t != YS_NUMBER) {
		err(p, n, "%s must be a number for %s indicator '%s'",
		    what, ind_type_names[ind->type], ind->id);
		return -1;
	}
	if (ind != NULL && ind->type == IT_BOOLEAN && t != YS_BOOL) {
		err(p, n, "%s must be true or false for boolean "
		    "indicator '%s'", what, ind->id);
		return -1;
	}
	switch (t) {
	case YS_NUMBER:
		out->kind = V_NUM;
		out->num = d;
		break;
	case YS_BOOL:
		out->kind = V_BOOL;
		out->b = b;
		break;
	default:
		if (strlen(n->str) != n->len) {
			err(p, n, "%s must not contain NUL characters", what);
			return -1;
		}
		out->kind = V_TEXT;
		out->text = arena_strdup(p->rd->arena, n->str);
		break;
	}
	return 0;
}

static bool
value_equal(const struct value *a, const struct value *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case V_NUM: return a->num == b->num;
	case V_BOOL: return a->b == b->b;
	case V_TEXT: return strcmp(a->text, b->text) == 0;
	case V_NONE: return true;
	}
	return false;
}

static json_t *
json_value(const struct value *v)
{
	switch (v->kind) {
	case V_NUM: return json_real(v->num);
	case V_BOOL: return json_boolean(v->b);
	case V_TEXT: return json_string_nocheck(v->text);
	case V_NONE: break;
	}
	return json_null();
}

/* A one-member object {key: v}, taking v's reference. */
static json_t *
json_one(const char *key, json_t *v)
{
	json_t *o = json_object();

	json_object_set_new_nocheck(o, key, v);
	return o;
}

/* ---- compare: {op: ">=", value: 3, partial_from: 2} ---- */

static void
compare_parse(const struct check_parse *p, const struct ynode *t,
    const struct ynode *at, const struct indicator *ind, struct check *out)
{
	const struct ynode *opn = ynode_get(t, "op");
	const struct ynode *vn = ynode_get(t, "value");
	const struct ynode *pf = ynode_get(t, "partial_from");
	const char *s;
	int op;
	bool ordering;

	if (yread_string(p->rd, opn, "'op'", &s) < 0)
		return;
	if ((op = vocab_index(cmp_op_names, s)) < 0) {
		err(p, opn, "unknown operator '%s' (use <, <=, >, >=, == or !=)", s);
		return;
	}
	out->op = (enum cmp_op)op;
	ordering = op <= OP_GE;
	if (ind != NULL && (ind->type == IT_TEXT || ind->type == IT_BOOLEAN) &&
	    ordering) {
		misfit(p, at, s, ind);
		return;
	}
	if (vn == NULL) {
		err(p, t, "missing required key 'value'");
		return;
	}
	if (ordering) {
		double d;

		if (yread_number(p->rd, vn, "'value'", &d) < 0)
			return;
		out->value.kind = V_NUM;
		out->value.num = d;
	} else if (scalar_value(p, vn, ind, "'value'", &out->value) < 0) {
		return;
	}
	if (pf == NULL)
		return;
	if (!ordering) {
		err(p, ynode_get_key(t, "partial_from"),
		    "'partial_from' only goes with '<', '<=', '>' or '>='");
		return;
	}
	if (yread_number(p->rd, pf, "'partial_from'", &out->partial_from) < 0)
		return;
	if ((op == OP_GE || op == OP_GT) && !(out->partial_from < out->value.num)) {
		err(p, pf, "'partial_from' must be below the target value for '%s'", s);
		return;
	}
	if ((op == OP_LE || op == OP_LT) && !(out->partial_from > out->value.num)) {
		err(p, pf, "'partial_from' must be above the target value for '%s'", s);
		return;
	}
	out->has_partial = true;
}

static bool
cmp(enum cmp_op op, double x, double t)
{
	switch (op) {
	case OP_LT: return x < t;
	case OP_LE: return x <= t;
	case OP_GT: return x > t;
	case OP_GE: return x >= t;
	case OP_EQ: return x == t;
	case OP_NE: return x != t;
	}
	return false;
}

/* Partial credit for a failed comparison; 0 when none is due. */
static double
partial(const struct check *c, double x)
{
	double s, tv = c->value.num, f = c->partial_from;

	if (!c->has_partial)
		return 0;
	if (c->op == OP_GE || c->op == OP_GT)
		s = (x - f) / (tv - f);
	else
		s = (f - x) / (f - tv);
	if (!(s > 0))
		return 0;
	/* Only a passing value scores 1; "> T" with x == T stays partial. */
	return s < 1 ? s : 0.9999;
}

static enum status
compare_judge(const struct check *c, const struct value *v, double *score,
    const char **why)
{
	bool ok;

	(void)why;
	if (v->kind == V_NUM && c->value.kind == V_NUM) {
		if (!cmp(c->op, v->num, c->value.num)) {
			*score = partial(c, v->num);
			return *score > 0 ? ST_PARTIAL : ST_FAIL;
		}
		ok = true;
	} else {
		ok = value_equal(v, &c->value) == (c->op != OP_NE);
	}
	*score = ok ? 1 : 0;
	return ok ? ST_PASS : ST_FAIL;
}

static bool
compare_gap(const struct check *c, double x, double *gap, double *ref)
{
	if (c->value.kind != V_NUM)
		return false;
	*ref = c->value.num;
	*gap = x - *ref;
	return true;
}

static const char *
compare_gap_words(const struct check *c, double gap)
{
	/* A value that meets the target is said to, by how much it does. */
	switch (c->op) {
	case OP_GE:
	case OP_GT:
		return gap < 0 ? "below the target of" : "above the target of";
	case OP_LE:
	case OP_LT:
		return gap > 0 ? "over the limit of" : "under the limit of";
	default:
		return gap > 0 ? "above the required" : "below the required";
	}
}

static void
compare_words(const struct check *c, const struct check_words *w)
{
	w->text(w->ctx, cmp_op_names[c->op]);
	w->text(w->ctx, " ");
	w->value(w->ctx, &c->value);
	if (c->has_partial) {
		w->text(w->ctx, " (partial from ");
		w->num(w->ctx, c->partial_from);
		w->text(w->ctx, ")");
	}
}

static json_t *
compare_json(const struct check *c)
{
	json_t *o = json_object();

	json_object_set_new_nocheck(o, "op", json_string_nocheck(cmp_op_names[c->op]));
	json_object_set_new_nocheck(o, "value", json_value(&c->value));
	if (c->has_partial)
		json_object_set_new_nocheck(o, "partial_from", json_real(c->partial_from));
	return o;
}

static void
compare_from_json(struct jread *r, const json_t *t, struct check *out)
{
	int op = jread_name(r, t, "op", cmp_op_names, 0);

	out->op = op >= 0 ? (enum cmp_op)op : OP_GE;
	jread_value(r, json_object_get(t, "value"), &out->value);
	if (json_object_get(t, "partial_from") != NULL)
		out->has_partial = jread_num(r, t, "partial_from", false, &out->partial_from);
}

/* ---- between: {between: [lo, hi]} ---- */

static void
between_parse(const struct check_parse *p, const struct ynode *t,
    const struct ynode *at, const struct indicator *ind, struct check *out)
{
	const struct ynode *v = ynode_get(t, "between");

	if (ind != NULL && !ind_type_is_numeric(ind->type)) {
		misfit(p, at, "between", ind);
		return;
	}
	if (v->kind != YN_SEQ || v->n != 2) {
		err(p, v, "'between' must be a list of two numbers [lo, hi]");
		return;
	}
	if (yread_number(p->rd, v->items[0], "'between' lower bound", &out->lo) < 0 ||
	    yread_number(p->rd, v->items[1], "'between' upper bound", &out->hi) < 0)
		return;
	if (out->lo > out->hi)
		err(p, v, "'between' lower bound is greater than its upper bound");
}

static enum status
between_judge(const struct check *c, const struct value *v, double *score,
    const char **why)
{
	bool ok = v->kind == V_NUM && v->num >= c->lo && v->num <= c->hi;

	(void)why;
	*score = ok ? 1 : 0;
	return ok ? ST_PASS : ST_FAIL;
}

static bool
between_gap(const struct check *c, double x, double *gap, double *ref)
{
	*ref = x < c->lo ? c->lo : x > c->hi ? c->hi : x;
	*gap = x - *ref;
	return true;
}

static const char *
between_gap_words(const struct check *c, double gap)
{
	(void)c;
	return gap > 0 ? "above the range up to" : "below the range from";
}

static void
between_words(const struct check *c, const struct check_words *w)
{
	w->text(w->ctx, "between ");
	w->num(w->ctx, c->lo);
	w->text(w->ctx, " and ");
	w->num(w->ctx, c->hi);
}

static json_t *
between_json(const struct check *c)
{
	json_t *a = json_array();

	json_array_append_new(a, json_real(c->lo));
	json_array_append_new(a, json_real(c->hi));
	return json_one("between", a);
}

static void
between_from_json(struct jread *r, const json_t *t, struct check *out)
{
	const json_t *v = json_object_get(t, "between");

	if (!json_is_array(v) || json_array_size(v) != 2 ||
	    !json_is_number(json_array_get(v, 0)) || !json_is_number(json_array_get(v, 1))) {
		jread_error(r, "'between' must hold two numbers");
		return;
	}
	out->lo = json_number_value(json_array_get(v, 0));
	out->hi = json_number_value(json_array_get(v, 1));
}

/* ---- in: {in: [a, b]} ---- */

static void
in_parse(const struct check_parse *p, const struct ynode *t,
    const struct ynode *at, const struct indicator *ind, struct check *out)
{
	const struct ynode *v = ynode_get(t, "in");

	if (ind != NULL && ind->type == IT_BOOLEAN) {
		misfit(p, at, "in", ind);
		return;
	}
	if (v->kind != YN_SEQ || v->n == 0) {
		err(p, v, "'in' must be a non-empty list of values");
		return;
	}
	out->set = arena_array(p->rd->arena, v->n, sizeof(*out->set));
	for (size_t i = 0; i < v->n; i++)
		if (scalar_value(p, v->items[i], ind, "each value of 'in'", &out->set[i]) < 0)
			return;
	out->nset = v->n;
}

static enum status
in_judge(const struct check *c, const struct value *v, double *score,
    const char **why)
{
	bool ok = false;

	(void)why;
	for (size_t i = 0; i < c->nset && !ok; i++)
		ok = value_equal(v, &c->set[i]);
	*score = ok ? 1 : 0;
	return ok ? ST_PASS : ST_FAIL;
}

static void
in_words(const struct check *c, const struct check_words *w)
{
	w->text(w->ctx, "one of ");
	for (size_t i = 0; i < c->nset; i++) {
		if (i > 0)
			w->text(w->ctx, ", ");
		w->value(w->ctx, &c->set[i]);
	}
}

static json_t *
in_json(const struct check *c)
{
	json_t *a = json_array();

	for (size_t i = 0; i < c->nset; i++)
		json_array_append_new(a, json_value(&c->set[i]));
	return json_one("in", a);
}

static void
in_from_json(struct jread *r, const json_t *t, struct check *out)
{
	const json_t *v = json_object_get(t, "in");

	if (!json_is_array(v)) {
		jread_error(r, "'in' must be an array");
		return;
	}
	out->nset = json_array_size(v);
	out->set = arena_array(r->arena, out->nset ? out->nset : 1, sizeof(*out->set));
	for (size_t i = 0; i < out->nset; i++)
		jread_value(r, json_array_get(v, i), &out->set[i]);
}

/* ---- match: {match: "PCRE2"} ---- */

static void
match_parse(const struct check_parse *p, const struct ynode *t,
    const struct ynode *at, const struct indicator *ind, struct check *out)
{
	if (ind != NULL && ind->type != IT_TEXT) {
		misfit(p, at, "match", ind);
		return;
	}
	out->pattern = check_parse_pattern(p, ynode_get(t, "match"), "'match'");
	if (out->pattern != NULL)
		out->pattern_src = pattern_source(out->pattern);
}

static enum status
match_judge(const struct check *c, const struct value *v, double *score,
    const char **why)
{
	*score = 0;
	if (v->kind != V_TEXT)
		return ST_FAIL;
	switch (pattern_match(c->pattern, v->text, strlen(v->text))) {
	case PAT_MATCH:
		*score = 1;
		return ST_PASS;
	case PAT_NOMATCH:
		break;
	case PAT_LIMIT:
		*why = "the pattern hit its match limit on this value";
		break;
	case PAT_ERROR:
		*why = "the pattern could not be matched against this value";
		break;
	}
	return ST_FAIL;
}

static void
match_words(const struct check *c, const struct check_words *w)
{
	w->text(w->ctx, "matches ");
	w->code(w->ctx, true);
	w->text(w->ctx, "/");
	w->text(w->ctx, c->pattern_src != NULL ? c->pattern_src : "");
	w->text(w->ctx, "/");
	w->code(w->ctx, false);
}

static json_t *
match_json(const struct check *c)
{
	return json_one("match", json_string_nocheck(c->pattern_src));
}

static void
match_from_json(struct jread *r, const json_t *t, struct check *out)
{
	out->pattern_src = jread_str(r, t, "match", false);
}

/* ---- present: {present: true} ---- */

static void
present_parse(const struct check_parse *p, const struct ynode *t,
    const struct ynode *at, const struct indicator *ind, struct check *out)
{
	const struct ynode *v = ynode_get(t, "present");
	bool b;

	(void)at;
	(void)ind;
	(void)out;
	if (yread_bool(p->rd, v, "'present'", &b) == 0 && !b)
		err(p, v, "'present' must be true");
}

static enum status
present_judge(const struct check *c, const struct value *v, double *score,
    const char **why)
{
	bool ok = v->kind != V_NONE;

	(void)c;
	(void)why;
	*score = ok ? 1 : 0;
	return ok ? ST_PASS : ST_FAIL;
}

static void
present_words(const struct check *c, const struct check_words *w)
{
	(void)c;
	w->text(w->ctx, "reported");
}

static json_t *
present_json(const struct check *c)
{
	(void)c;
	return json_one("present", json_true());
}

/*
 * ---- trend: {direction: up, min_change_pct: 5, years: 2} ----
 * Judged by the evaluator, which alone sees the earlier years.
 */

static void
parse_direction(struct yread *rd, const struct ynode *v, void *rec)
{
	struct check *out = rec;
	const char *s;

	if (yread_string(rd, v, "'direction'", &s) < 0)
		return;
	if (strcmp(s, "up") == 0)
		out->direction = 1;
	else if (strcmp(s, "down") == 0)
		out->direction = -1;
	else
		yread_error(rd, v, "'direction' must be 'up' or 'down', not '%s'", s);
}

static int
check_min_change(struct yread *rd, const struct ynode *v, const void *val)
{
	if (*(const double *)val >= 0)
		return 0;
	yread_error(rd, v, "'min_change_pct' must be 0 or more");
	return -1;
}

static const struct yfield trend_rows[] = {
	{ "direction", YF_CUSTOM, YF_REQUIRED, .parse = parse_direction },
	{ "min_change_pct", YF_NUMBER, 0,
	    .off = offsetof(struct check, min_change_pct),
	    .check = check_min_change },
	{ "years", YF_INT, YF_REQUIRED, .off = offsetof(struct check, years),
	    .min = 1, .max = 200 },
	{ "break_factor", YF_NUMBER, 0, .off = offsetof(struct check, break_factor),
	    .check = catalogue_check_break_factor },
};
static const struct yfields trend_fields = YFIELDS(trend_rows);

static void
trend_parse(const struct check_parse *p, const struct ynode *n,
    const struct ynode *at, const struct indicator *ind, struct check *out)
{
	out->years = 1;
	if (ind != NULL && !ind_type_is_numeric(ind->type)) {
		misfit(p, at, "trend", ind);
		return;
	}
	(void)yfields_read(p->rd, &trend_fields, "'trend'", n, out);
	if (out->break_factor == 0 && ind != NULL)
		out->break_factor = ind->break_factor;
}

static void
trend_words(const struct check *c, const struct check_words *w)
{
	char tail[64];

	w->text(w->ctx, c->direction > 0 ? "up by at least " : "down by at least ");
	w->num(w->ctx, c->min_change_pct);
	snprintf(tail, sizeof(tail), "%% over %d year%s", c->years, c->years == 1 ? "" : "s");
	w->text(w->ctx, tail);
}

static json_t *
trend_json(const struct check *c)
{
	json_t *a = json_object();

	json_object_set_new_nocheck(a, "direction", json_string_nocheck(c->direction > 0 ?
	    "up" : "down"));
	json_object_set_new_nocheck(a, "min_change_pct", json_real(c->min_change_pct));
	json_object_set_new_nocheck(a, "years", json_integer(c->years));
	json_object_set_new_nocheck(a, "break_factor", c->break_factor > 0 ?
	    json_real(c->break_factor) : json_null());
	return json_one("trend", a);
}

static void
trend_from_json(struct jread *r, const json_t *t, struct check *out)
{
	const json_t *v = json_object_get(t, "trend");
	const char *dir;
	long long years = 0;

	if (!json_is_object(v)) {
		jread_error(r, "is no check this version knows");
		return;
	}
	dir = jread_str(r, v, "direction", false);
	out->direction = dir != NULL && strcmp(dir, "down") == 0 ? -1 : 1;
	jread_num(r, v, "min_change_pct", false, &out->min_change_pct);
	if (jread_int(r, v, "years", false, 1, 200, &years))
		out->years = (int)years;
	if (jread_num(r, v, "break_factor", true, &out->break_factor) &&
	    !(out->break_factor > 1)) {
		jread_error_at(r, "break_factor", "must be above 1");
		out->break_factor = 0;
	}
}

/*
 * ---- expr: "rail_tkm / total_tkm >= 0.15" ----
 * Parsed once, here, against the catalogue; judged by the evaluator, which
 * fetches the operands. Errors point at the exact column inside the YAML
 * scalar and repeat the expression with a caret under the spot.
 */

static void
expr_check_parse(const struct check_parse *p, const struct ynode *n,
    const struct ynode *at, const struct indicator *ind, struct check *out)
{
	struct yread *rd = p->rd;
	struct expr_error xe;
	const char *s;
	int caret = 1;

	(void)at;
	(void)ind;
	if (yread_string(rd, n, "'expr'", &s) < 0)
		return;
	out->expr_src = arena_strdup(rd->arena, s);
	out->expr = expr_parse(out->expr_src, strlen(out->expr_src), p->cat, rd->arena, &xe);
	if (out->expr != NULL)
		return;
	diag_error(rd->dl, rd->file, n->line, ynode_offset_col(n, (size_t)xe.pos),
	    "%s", xe.msg);
	/* The caret counts characters, not bytes. */
	for (int i = 0; i < xe.pos && out->expr_src[i]; i++)
		if (((unsigned char)out->expr_src[i] & 0xC0) != 0x80)
			caret++;
	if (strchr(out->expr_src, '\n') == NULL)
		diag_set_excerpt(rd->dl, out->expr_src, caret);
	rd->errs++;
}

static void
expr_check_words(const struct check *c, const struct check_words *w)
{
	w->code(w->ctx, true);
	w->text(w->ctx, c->expr_src != NULL ? c->expr_src : "");
	w->code(w->ctx, false);
}

static json_t *
expr_check_json(const struct check *c)
{
	return json_one("expr", c->expr_src != NULL ? json_string_nocheck(c->expr_src) :
	    json_null());
}

static void
expr_check_from_json(struct jread *r, const json_t *t, struct check *out)
{
	out->expr_src = jread_str(r, t, "expr", false);
}

static size_t
expr_check_operands(const struct check *c, int *inds, bool *prev, size_t max)
{
	return c->expr != NULL ? expr_operands(c->expr, inds, prev, max) : 0;
}

/* ---- the table ---- */

static const char *const compare_more[] = { "value", "partial_from", NULL };

const struct check_row check_table[CHECK__COUNT] = {
	[CHECK_COMPARE] = {
		.key = "target", .form = "op", .more = compare_more,
		.noun = "comparison", .input = CHECK_ON_VALUE, .shows_gap = true,
		.parse = compare_parse, .judge = compare_judge, .gap = compare_gap,
		.gap_words = compare_gap_words,
		.words = compare_words, .json = compare_json,
		.from_json = compare_from_json,
	},
	[CHECK_BETWEEN] = {
		.key = "target", .form = "between",
		.noun = "range", .input = CHECK_ON_VALUE, .shows_gap = true,
		.parse = between_parse, .judge = between_judge, .gap = between_gap,
		.gap_words = between_gap_words,
		.words = between_words, .json = between_json,
		.from_json = between_from_json,
	},
	[CHECK_IN] = {
		.key = "target", .form = "in",
		.noun = "set", .input = CHECK_ON_VALUE, .shows_gap = true,
		.parse = in_parse, .judge = in_judge,
		.words = in_words, .json = in_json, .from_json = in_from_json,
	},
	[CHECK_MATCH] = {
		.key = "target", .form = "match",
		.noun = "pattern", .input = CHECK_ON_VALUE, .shows_gap = true,
		.parse = match_parse, .judge = match_judge,
		.words = match_words, .json = match_json, .from_json = match_from_json,
	},
	[CHECK_PRESENT] = {
		.key = "target", .form = "present",
		.noun = "presence", .input = CHECK_ON_VALUE, .shows_gap = true,
		.parse = present_parse, .judge = present_judge,
		.words = present_words, .json = present_json,
	},
	[CHECK_TREND] = {
		.key = "trend",
		.noun = "trend", .input = CHECK_ON_HISTORY, .shows_gap = false,
		.parse = trend_parse,
		.words = trend_words, .json = trend_json, .from_json = trend_from_json,
	},
	[CHECK_EXPR] = {
		.key = "expr",
		.noun = "expression", .input = CHECK_ON_OPERANDS, .shows_gap = true,
		.no_indicator = "the expression names its indicators",
		.parse = expr_check_parse,
		.words = expr_check_words, .json = expr_check_json,
		.from_json = expr_check_from_json, .operands = expr_check_operands,
	},
};

/* ---- reading a rule file ---- */

void
check_parse(const struct check_parse *p, enum check_kind kind, const struct ynode *n,
    const struct ynode *at, const struct indicator *ind, struct check *out)
{
	int errs = p->rd->errs;
	struct strbuf sb;

	out->kind = kind;
	check_table[kind].parse(p, n, at, ind, out);
	if (p->rd->errs != errs)
		return;
	strbuf_init(&sb);
	check_format(&sb, out);
	out->text = arena_strdup(p->rd->arena, sb.buf);
	strbuf_release(&sb);
}

struct pattern *
check_parse_pattern(const struct check_parse *p, const struct ynode *n,
    const char *what)
{
	struct pattern *pat;
	const char *s;
	char msg[256];
	size_t off = 0;

	if (yread_string(p->rd, n, what, &s) < 0)
		return NULL;
	pat = pattern_compile(s, msg, sizeof(msg), &off);
	if (pat == NULL) {
		diag_error(p->rd->dl, p->rd->file, n->line, ynode_offset_col(n, off),
		    "invalid regular expression: %s at offset %zu", msg, off);
		p->rd->errs++;
		return NULL;
	}
	p->own_pattern(p->owner, pat);
	return pat;
}

/* ---- judging ---- */

enum status
check_judge(const struct check *c, const struct value *v, double *score,
    const char **why)
{
	*score = 0;
	return check_row_of(c)->judge(c, v, score, why);
}

bool
check_gap_words(const struct check *c, double x, const char **words, double *ref)
{
	const struct check_row *k = check_row_of(c);
	double g;

	if (k->gap == NULL || k->gap_words == NULL || !k->gap(c, x, &g, ref) ||
	    !isfinite(g) || g == 0)
		return false;
	*words = k->gap_words(c, g);
	return true;
}

bool
check_gap(const struct check *c, double x, double *gap, double *pct, bool *has_pct)
{
	const struct check_row *k = check_row_of(c);
	double g, ref;

	if (k->gap == NULL || !k->gap(c, x, &g, &ref))
		return false;
	/* Extreme values can overflow; a report never shows inf or nan. */
	if (!isfinite(g))
		return false;
	*gap = g;
	if (ref != 0) {
		*pct = g / fabs(ref) * 100;
		*has_pct = isfinite(*pct);
	} else if (g == 0) {
		*pct = 0;
		*has_pct = true;
	}
	return true;
}

size_t
check_operands(const struct check *c, int *inds, bool *prev, size_t max)
{
	const struct check_row *k = check_row_of(c);

	return k->operands != NULL ? k->operands(c, inds, prev, max) : 0;
}

/* ---- showing ---- */

void
check_words(const struct check *c, const struct check_words *w)
{
	check_row_of(c)->words(c, w);
}

static void
plain_text(void *ctx, const char *s)
{
	strbuf_adds(ctx, s);
}

static void
plain_num(void *ctx, double v)
{
	value_add_num(ctx, v);
}

static void
plain_value(void *ctx, const struct value *v)
{
	value_text(ctx, v, true);
}

static void
plain_code(void *ctx, bool open)
{
	(void)ctx;
	(void)open;
}

void
check_format(struct strbuf *sb, const struct check *c)
{
	const struct check_words w = { plain_text, plain_num, plain_value, plain_code, sb };

	check_words(c, &w);
}

bool
check_shows_gap(const struct check *c)
{
	return check_row_of(c)->shows_gap;
}

json_t *
check_json(const struct check *c)
{
	return check_row_of(c)->json(c);
}

void
check_from_json(struct jread *r, const json_t *t, const char *text,
    struct check *out)
{
	memset(out, 0, sizeof(*out));
	out->text = text != NULL ? text : "";
	if (t == NULL || !json_is_object(t)) {
		if (t != NULL)
			jread_error(r, "must be an object, not %s", jread_type(t));
		return;
	}
	/* A member names the kind: a form's key, else the rule's key. */
	for (size_t i = 0; i < CHECK__COUNT; i++) {
		const struct check_row *k = &check_table[i];

		if (json_object_get(t, k->form != NULL ? k->form : k->key) != NULL) {
			out->kind = (enum check_kind)i;
			if (k->from_json != NULL)
				k->from_json(r, t, out);
			return;
		}
	}
	jread_error(r, "is no check this version knows");
}
