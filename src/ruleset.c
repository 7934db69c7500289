/*
 * Loading rule-set files: the rules, their checks (fitted to the type of the
 * indicator they read) and the tests embedded in the file. Every problem of
 * a file is reported before giving up. Each mapping's keys are listed once,
 * in a descriptor table read by yfields_read().
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "expr.h"
#include "ruleset.h"
#include "xalloc.h"

static const char *const subject_names[] = { "state", "enterprise", NULL };

/* Report a problem at a node of the file that c reads, and count it. */
#define err(c, ...) yread_error(&(c)->rd, __VA_ARGS__)
#define err_unknown(c, ...) yread_unknown(&(c)->rd, __VA_ARGS__)

/*
 * State shared by the parsers of one file; rd.user points back here. The
 * set and its ids are there only while ruleset_load reads a whole file.
 */
struct ctx {
	struct yread rd;
	const struct loadctx *lc;
	struct ruleset *rs;
	struct strtab ids;              /* the set's rule ids, for its tests */
};

static void
ctx_init(struct ctx *c, const struct loadctx *lc, const char *file,
    struct diaglist *dl)
{
	memset(c, 0, sizeof(*c));
	c->rd.file = file;
	c->rd.dl = dl;
	c->rd.arena = lc->arena;
	c->rd.user = c;
	c->lc = lc;
}

const char *
weight_problem(double w)
{
	if (!(w > 0))
		return "weight must be greater than 0";
	if (!(w <= WEIGHT_MAX))
		return "weight must be at most 1000000";
	return NULL;
}

int
ruleset_check_weight(struct yread *rd, const struct ynode *v, const void *val)
{
	const char *why = weight_problem(*(const double *)val);

	if (why == NULL)
		return 0;
	yread_error(rd, v, "%s", why);
	return -1;
}

const struct rule *
ruleset_parse_rule_ref(struct yread *rd, const struct ynode *v,
    const struct rule_lookup *rl)
{
	const struct rule *r;
	const char *s;

	if (yread_string(rd, v, "'rule'", &s) < 0)
		return NULL;
	if ((r = rl->find(rl->book, s)) == NULL)
		yread_unknown(rd, v, "rule", s, rl->suggest(rl->book, s));
	return r;
}

int
ruleset_parse_severity(struct yread *rd, const struct ynode *v)
{
	const char *s;
	int sev;

	if (yread_string(rd, v, "'severity'", &s) < 0)
		return -1;
	if ((sev = severity_parse(s)) > SEV_NONE)
		return sev;
	yread_unknown(rd, v, "severity", s, diag_suggest(s, severity_names + 1,
	    vocab_count(severity_names) - 1));
	return -1;
}

/* Compile the regex in scalar n; the book owns the result. NULL on error. */
static struct pattern *
compile_at(struct ctx *c, const struct ynode *n, const char *what)
{
	struct pattern *p;
	const char *s;
	char msg[256];
	size_t off = 0;

	if (yread_string(&c->rd, n, what, &s) < 0)
		return NULL;
	p = pattern_compile(s, msg, sizeof(msg), &off);
	if (p == NULL) {
		diag_error(c->rd.dl, c->rd.file, n->line, ynode_offset_col(n, off),
		    "invalid regular expression: %s at offset %zu", msg, off);
		c->rd.errs++;
		return NULL;
	}
	c->lc->own_pattern(c->lc->owner, p);
	return p;
}

static const struct indicator *
indicator_at(const struct ctx *c, int indicator)
{
	if (indicator < 0 || (size_t)indicator >= c->lc->cat->n)
		return NULL;
	return &c->lc->cat->items[indicator];
}

static void
misfit(struct ctx *c, const struct ynode *at, const char *check,
    const struct indicator *ind)
{
	err(c, at, "check '%s' does not fit %s indicator '%s'", check,
	    ind_type_names[ind->type], ind->id);
}

/*
 * A scalar value of a comparison or set, typed by the indicator when it is
 * known (a text indicator takes any scalar's text), else by YAML's rules.
 */
static int
scalar_value(struct ctx *c, const struct ynode *n, const struct indicator *ind,
    const char *what, struct value *out)
{
	enum yscalar_type t;
	double d = 0;
	bool b = false;

	memset(out, 0, sizeof(*out));
	if (n->kind != YN_SCALAR || ynode_is_null(n)) {
		err(c, n, "%s must be a single value", what);
		return -1;
	}
	t = ynode_scalar_type(n, &d, &b);
	if (ind != NULL && ind->type == IT_TEXT)
		t = YS_STRING;
	if (ind != NULL && ind_type_is_numeric(ind->type) && t != YS_NUMBER) {
		err(c, n, "%s must be a number for %s indicator '%s'",
		    what, ind_type_names[ind->type], ind->id);
		return -1;
	}
	if (ind != NULL && ind->type == IT_BOOLEAN && t != YS_BOOL) {
		err(c, n, "%s must be true or false for boolean "
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
			err(c, n, "%s must not contain NUL characters", what);
			return -1;
		}
		out->kind = V_TEXT;
		out->text = arena_strdup(c->rd.arena, n->str);
		break;
	}
	return 0;
}

/* ---- target forms: one parser per form key ---- */

static void
form_op(struct ctx *c, const struct ynode *t, const struct ynode *key,
    const struct indicator *ind, struct target *out)
{
	const struct ynode *opn = ynode_get(t, "op");
	const struct ynode *vn = ynode_get(t, "value");
	const struct ynode *pf = ynode_get(t, "partial_from");
	const char *s;
	int op;
	bool ordering;

	out->kind = CHECK_COMPARE;
	if (yread_string(&c->rd, opn, "'op'", &s) < 0)
		return;
	if ((op = vocab_index(cmp_op_names, s)) < 0) {
		err(c, opn, "unknown operator '%s' (use <, <=, >, >=, == or !=)", s);
		return;
	}
	out->op = (enum cmp_op)op;
	ordering = op <= OP_GE;
	if (ind != NULL && (ind->type == IT_TEXT || ind->type == IT_BOOLEAN) &&
	    ordering) {
		misfit(c, key, s, ind);
		return;
	}
	if (vn == NULL) {
		err(c, t, "missing required key 'value'");
		return;
	}
	if (ordering) {
		double d;

		if (yread_number(&c->rd, vn, "'value'", &d) < 0)
			return;
		out->value.kind = V_NUM;
		out->value.num = d;
	} else if (scalar_value(c, vn, ind, "'value'", &out->value) < 0) {
		return;
	}
	if (pf == NULL)
		return;
	if (!ordering) {
		err(c, ynode_get_key(t, "partial_from"),
		    "'partial_from' only goes with '<', '<=', '>' or '>='");
		return;
	}
	if (yread_number(&c->rd, pf, "'partial_from'", &out->partial_from) < 0)
		return;
	if ((op == OP_GE || op == OP_GT) && !(out->partial_from < out->value.num)) {
		err(c, pf, "'partial_from' must be below the target value for '%s'", s);
		return;
	}
	if ((op == OP_LE || op == OP_LT) && !(out->partial_from > out->value.num)) {
		err(c, pf, "'partial_from' must be above the target value for '%s'", s);
		return;
	}
	out->has_partial = true;
}

static void
form_between(struct ctx *c, const struct ynode *t, const struct ynode *key,
    const struct indicator *ind, struct target *out)
{
	const struct ynode *v = ynode_get(t, "between");

	out->kind = CHECK_BETWEEN;
	if (ind != NULL && !ind_type_is_numeric(ind->type)) {
		misfit(c, key, "between", ind);
		return;
	}
	if (v->kind != YN_SEQ || v->n != 2) {
		err(c, v, "'between' must be a list of two numbers [lo, hi]");
		return;
	}
	if (yread_number(&c->rd, v->items[0], "'between' lower bound", &out->lo) < 0 ||
	    yread_number(&c->rd, v->items[1], "'between' upper bound", &out->hi) < 0)
		return;
	if (out->lo > out->hi)
		err(c, v, "'between' lower bound is greater than its upper bound");
}

static void
form_in(struct ctx *c, const struct ynode *t, const struct ynode *key,
    const struct indicator *ind, struct target *out)
{
	const struct ynode *v = ynode_get(t, "in");

	out->kind = CHECK_IN;
	if (ind != NULL && ind->type == IT_BOOLEAN) {
		misfit(c, key, "in", ind);
		return;
	}
	if (v->kind != YN_SEQ || v->n == 0) {
		err(c, v, "'in' must be a non-empty list of values");
		return;
	}
	out->set = arena_array(c->rd.arena, v->n, sizeof(*out->set));
	for (size_t i = 0; i < v->n; i++)
		if (scalar_value(c, v->items[i], ind, "each value of 'in'", &out->set[i]) < 0)
			return;
	out->nset = v->n;
}

static void
form_match(struct ctx *c, const struct ynode *t, const struct ynode *key,
    const struct indicator *ind, struct target *out)
{
	out->kind = CHECK_MATCH;
	if (ind != NULL && ind->type != IT_TEXT) {
		misfit(c, key, "match", ind);
		return;
	}
	out->pattern = compile_at(c, ynode_get(t, "match"), "'match'");
}

static void
form_present(struct ctx *c, const struct ynode *t, const struct ynode *key,
    const struct indicator *ind, struct target *out)
{
	const struct ynode *v = ynode_get(t, "present");
	bool b;

	(void)key;
	(void)ind;
	out->kind = CHECK_PRESENT;
	if (yread_bool(&c->rd, v, "'present'", &b) == 0 && !b)
		err(c, v, "'present' must be true");
}

static const struct target_form {
	const char *key;
	void (*parse)(struct ctx *, const struct ynode *, const struct ynode *,
	    const struct indicator *, struct target *);
} target_forms[] = {
	{ "op", form_op },
	{ "between", form_between },
	{ "in", form_in },
	{ "match", form_match },
	{ "present", form_present },
};

#define NFORMS (sizeof(target_forms) / sizeof(target_forms[0]))

/* The keys of a target, read by the form parsers: they go together. */
static const struct yfield target_rows[] = {
	{ "op", YF_DEFERRED, .flags = 0 },
	{ "value", YF_DEFERRED, .flags = 0 },
	{ "partial_from", YF_DEFERRED, .flags = 0 },
	{ "between", YF_DEFERRED, .flags = 0 },
	{ "in", YF_DEFERRED, .flags = 0 },
	{ "match", YF_DEFERRED, .flags = 0 },
	{ "present", YF_DEFERRED, .flags = 0 },
};
static const struct yfields target_fields = YFIELDS(target_rows);

static void
target_parse_ctx(struct ctx *c, const struct ynode *n, int indicator,
    struct target *out)
{
	const struct target_form *form = NULL;
	const struct ynode *fkey = NULL;

	memset(out, 0, sizeof(*out));
	out->line = n->line;
	out->col = n->col;
	if (yfields_read(&c->rd, &target_fields, "'target'", n, out) < 0)
		return;
	for (size_t i = 0; i < NFORMS; i++) {
		const struct ynode *k = ynode_get_key(n, target_forms[i].key);

		if (k == NULL)
			continue;
		if (form != NULL) {
			err(c, k, "'target' takes only one of 'op', 'between', "
			    "'in', 'match' and 'present'; it has '%s' and '%s'", form->key,
			    target_forms[i].key);
			return;
		}
		form = &target_forms[i];
		fkey = k;
	}
	if (form == NULL) {
		err(c, n, "'target' needs one of 'op', 'between', 'in', "
		    "'match' or 'present'");
		return;
	}
	if (form->parse != form_op) {
		static const char *const opkeys[] = { "value", "partial_from" };

		for (size_t i = 0; i < 2; i++) {
			const struct ynode *k = ynode_get_key(n, opkeys[i]);

			if (k != NULL)
				err(c, k, "'%s' only goes with 'op'", opkeys[i]);
		}
	}
	form->parse(c, n, fkey, indicator_at(c, indicator), out);
}

int
ruleset_parse_target(const struct loadctx *lc, const struct ynode *n,
    int indicator, const char *file, struct diaglist *dl, struct target *out)
{
	struct ctx c;

	ctx_init(&c, lc, file, dl);
	target_parse_ctx(&c, n, indicator, out);
	return c.rd.errs;
}

/* ---- trends ---- */

static void
parse_direction(struct yread *rd, const struct ynode *v, void *rec)
{
	struct target *out = rec;
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
	    .off = offsetof(struct target, min_change_pct),
	    .check = check_min_change },
	{ "years", YF_INT, YF_REQUIRED, .off = offsetof(struct target, years),
	    .min = 1, .max = 200 },
	{ "break_factor", YF_NUMBER, 0, .off = offsetof(struct target, break_factor),
	    .check = catalogue_check_break_factor },
};
static const struct yfields trend_fields = YFIELDS(trend_rows);

static void
trend_parse(struct ctx *c, const struct ynode *n, const struct indicator *ind,
    struct target *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = CHECK_TREND;
	out->line = n->line;
	out->col = n->col;
	out->years = 1;
	if (ind != NULL && !ind_type_is_numeric(ind->type)) {
		misfit(c, n, "trend", ind);
		return;
	}
	(void)yfields_read(&c->rd, &trend_fields, "'trend'", n, out);
	if (out->break_factor == 0 && ind != NULL)
		out->break_factor = ind->break_factor;
}

/*
 * Expression checks: the source is parsed once, here, against the
 * catalogue. Errors point at the exact column inside the YAML scalar and
 * repeat the expression with a caret under the spot.
 */
static void
expr_parse_check(struct ctx *c, const struct ynode *n, struct target *out)
{
	struct expr_error xe;
	const char *s;
	int caret = 1;

	memset(out, 0, sizeof(*out));
	out->kind = CHECK_EXPR;
	out->line = n->line;
	out->col = n->col;
	if (yread_string(&c->rd, n, "'expr'", &s) < 0)
		return;
	out->expr_src = arena_strdup(c->rd.arena, s);
	out->expr = expr_parse(out->expr_src, strlen(out->expr_src), c->lc->cat,
	    c->rd.arena, &xe);
	if (out->expr != NULL)
		return;
	diag_error(c->rd.dl, c->rd.file, n->line, ynode_offset_col(n, (size_t)xe.pos),
	    "%s", xe.msg);
	/* The caret counts characters, not bytes. */
	for (int i = 0; i < xe.pos && out->expr_src[i]; i++)
		if (((unsigned char)out->expr_src[i] & 0xC0) != 0x80)
			caret++;
	if (strchr(out->expr_src, '\n') == NULL)
		diag_set_excerpt(c->rd.dl, out->expr_src, caret);
	c->rd.errs++;
}

static int
resolve_indicator(struct ctx *c, const struct ynode *n)
{
	const char *s;
	int ind;

	if (yread_string(&c->rd, n, "'indicator'", &s) < 0)
		return -1;
	ind = catalogue_find(c->lc->cat, s, strlen(s));
	if (ind < 0)
		err_unknown(c, n, "indicator", s, catalogue_suggest(c->lc->cat, s));
	return ind;
}

/* ---- rules ---- */

static void
parse_evidence_match(struct yread *rd, const struct ynode *v, void *rec)
{
	struct rule *r = rec;

	r->evidence_match = compile_at(rd->user, v, "'match'");
}

static const struct yfield evidence_rows[] = {
	{ "required", YF_BOOL, 0, .off = offsetof(struct rule, evidence_required) },
	{ "match", YF_CUSTOM, 0, .parse = parse_evidence_match },
};
static const struct yfields evidence_fields = YFIELDS(evidence_rows);

static void
parse_subjects(struct yread *rd, const struct ynode *n, void *rec)
{
	struct rule *r = rec;
	const char **v;
	size_t nv = 0;

	if (yread_strlist(rd, n, "'subjects'", &v, &nv) < 0)
		return;
	if (nv == 0) {
		yread_error(rd, n, "'subjects' must not be empty");
		return;
	}
	r->subjects = 0;
	for (size_t i = 0; i < nv; i++) {
		int s = subject_parse(v[i], strlen(v[i]));
		const struct ynode *at = n->kind == YN_SEQ ? n->items[i] : n;

		if (s < 0)
			yread_unknown(rd, at, "subject", v[i],
			    diag_suggest(v[i], subject_names, 2));
		else
			r->subjects |= (unsigned)s;
	}
	if (r->subjects == 0)
		r->subjects = SUBJ_ALL;
}

static int
check_rule_id(struct yread *rd, const struct ynode *v, const void *val)
{
	return catalogue_check_id(rd, v, *(const char *const *)val, "rule id");
}

static void
parse_rule_severity(struct yread *rd, const struct ynode *v, void *rec)
{
	struct rule *r = rec;
	int sev = ruleset_parse_severity(rd, v);

	if (sev >= 0)
		r->severity = (enum severity)sev;
}

/*
 * The rule's maximum age: its own, else its indicator's; an expression
 * takes the smallest of its operands' when every operand has one.
 */
static void
rule_max_age(struct ctx *c, struct rule *r)
{
	const struct indicator *ind;

	if (r->max_age >= 0) {
		r->max_age_from = AGE_RULE;
		return;
	}
	r->max_age_from = AGE_NONE;
	if (r->target.kind == CHECK_EXPR && r->target.expr != NULL) {
		int inds[64], age = -1;
		bool prev[64];
		size_t n = expr_operands(r->target.expr, inds, prev, 64);

		for (size_t k = 0; k < n; k++) {
			int a = c->lc->cat->items[inds[k]].max_age;

			if (a < 0)
				return;
			if (age < 0 || a < age)
				age = a;
		}
		if (age >= 0) {
			r->max_age = age;
			r->max_age_from = AGE_CATALOGUE;
		}
		return;
	}
	if ((ind = indicator_at(c, r->indicator)) != NULL && ind->max_age >= 0) {
		r->max_age = ind->max_age;
		r->max_age_from = AGE_CATALOGUE;
	}
}

/* The ids of 'alternatives', where each is written; resolved by the rule book. */
static void
parse_alternatives(struct yread *rd, const struct ynode *v, void *rec)
{
	struct rule *r = rec;
	size_t n;

	if (yread_strlist(rd, v, "'alternatives'", &r->alt_ids, &n) < 0)
		return;
	r->alt_lines = arena_array(rd->arena, n ? n : 1, sizeof(*r->alt_lines));
	r->alt_cols = arena_array(rd->arena, n ? n : 1, sizeof(*r->alt_cols));
	for (size_t i = 0; i < n; i++) {
		const struct ynode *at = v->kind == YN_SEQ ? v->items[i] : v;

		r->alt_lines[i] = at->line;
		r->alt_cols[i] = at->col;
	}
	r->nalt_ids = n;
}

/* The check and its indicator are read by rule_parse: they go together. */
static const struct yfield rule_rows[] = {
	{ "id", YF_STRING, YF_REQUIRED, .off = offsetof(struct rule, id),
	    .check = check_rule_id },
	{ "title", YF_STRING, YF_REQUIRED, .off = offsetof(struct rule, title) },
	{ "severity", YF_CUSTOM, YF_REQUIRED, .parse = parse_rule_severity },
	{ "indicator", YF_DEFERRED, .flags = 0 },
	{ "weight", YF_NUMBER, 0, .off = offsetof(struct rule, weight),
	    .check = ruleset_check_weight },
	{ "subjects", YF_CUSTOM, 0, .parse = parse_subjects },
	{ "sectors", YF_STRLIST, 0, .off = offsetof(struct rule, sectors),
	    .count_off = offsetof(struct rule, nsectors) },
	{ "rationale", YF_STRING, 0, .off = offsetof(struct rule, rationale) },
	{ "remediation", YF_STRING, 0, .off = offsetof(struct rule, remediation) },
	{ "references", YF_STRLIST, 0, .off = offsetof(struct rule, references),
	    .count_off = offsetof(struct rule, nreferences) },
	{ "max_age", YF_INT, 0, .off = offsetof(struct rule, max_age),
	    .min = 0, .max = 1000 },
	{ "alternatives", YF_CUSTOM, 0, .parse = parse_alternatives },
	{ "evidence", YF_MAPPING, 0, .sub = &evidence_fields },
	{ "target", YF_DEFERRED, .flags = 0 },
	{ "trend", YF_DEFERRED, .flags = 0 },
	{ "expr", YF_DEFERRED, .flags = 0 },
};
static const struct yfields rule_fields = YFIELDS(rule_rows);

static void
rule_parse(struct ctx *c, struct ruleset *rs, const struct ynode *n, struct rule *r)
{
	static const char *const checks[] = { "target", "trend", "expr" };
	const struct ynode *v, *check = NULL;
	int nchecks = 0, which = -1;

	r->id = "";
	r->title = "";
	r->indicator = -1;
	r->weight = 1;
	r->subjects = SUBJ_ALL;
	r->max_age = -1;
	r->set = rs;
	r->file = rs->file;
	r->line = n->line;
	r->col = n->col;
	if (yfields_read(&c->rd, &rule_fields, "a rule", n, r) < 0)
		return;
	for (int i = 0; i < 3; i++) {
		if ((v = ynode_get(n, checks[i])) != NULL) {
			nchecks++;
			which = i;
			check = v;
		}
	}
	if (nchecks != 1) {
		if (*r->id != '\0')
			err(c, n, "rule '%s' needs exactly one of 'target', "
			    "'trend' or 'expr'", r->id);
		else
			err(c, n, "a rule needs exactly one of 'target', "
			    "'trend' or 'expr'");
		return;
	}
	if (which == 2) {
		if ((v = ynode_get(n, "indicator")) != NULL)
			err(c, v, "'indicator' does not go with 'expr': "
			    "the expression names its indicators");
		if ((v = ynode_get(n, "evidence")) != NULL)
			err(c, v, "'evidence' does not go with 'expr': "
			    "evidence belongs to one reported value");
		r->indicator = -1;
		expr_parse_check(c, check, &r->target);
		rule_max_age(c, r);
		return;
	}
	if ((v = ynode_get(n, "indicator")) == NULL) {
		err(c, n, "missing required key 'indicator'");
		return;
	}
	r->indicator = resolve_indicator(c, v);
	if (which == 0)
		target_parse_ctx(c, check, r->indicator, &r->target);
	else
		trend_parse(c, check, indicator_at(c, r->indicator), &r->target);
	rule_max_age(c, r);
}

/* ---- embedded tests ---- */

static int
test_year(struct ctx *c, const struct ynode *k)
{
	double d;

	if (k->kind != YN_SCALAR || ynode_scalar_type(k, &d, NULL) != YS_NUMBER ||
	    !(d >= 1900 && d <= 2100) || d != (double)(int)d) {
		err(c, k, "year '%s' must be an integer from 1900 to 2100",
		    k->kind == YN_SCALAR ? k->str : "");
		return -1;
	}
	return (int)d;
}

static void
parse_test_data(struct yread *rd, const struct ynode *n, void *rec)
{
	struct ctx *c = rd->user;
	struct ruletest *t = rec;
	size_t total = 0;

	if (n->kind != YN_MAP) {
		err(c, n, "'data' must be a mapping of indicator to value");
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *v = n->items[2 * i + 1];

		total += v->kind == YN_MAP ? v->n : 1;
	}
	t->data = arena_array(c->rd.arena, total ? total : 1, sizeof(*t->data));
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
		int ind;

		if (k->kind != YN_SCALAR) {
			err(c, k, "indicator names in 'data' must be scalars");
			continue;
		}
		if ((ind = catalogue_find(c->lc->cat, k->str, k->len)) < 0) {
			err_unknown(c, k, "indicator", k->str,
			    catalogue_suggest(c->lc->cat, k->str));
			continue;
		}
		if (v->kind == YN_SCALAR) {
			struct ruletest_datum *d = &t->data[t->ndata++];

			d->indicator = ind;
			d->year = 0;
			d->text = arena_strndup(c->rd.arena, v->str, v->len);
			d->line = v->line;
			d->col = v->col;
			continue;
		}
		if (v->kind != YN_MAP) {
			err(c, v, "data for '%s' must be a value or a mapping of year "
			    "to value", k->str);
			continue;
		}
		for (size_t j = 0; j < v->n; j++) {
			const struct ynode *yk = v->items[2 * j], *yv = v->items[2 * j + 1];
			int year = test_year(c, yk);
			struct ruletest_datum *d;

			if (year < 0)
				continue;
			if (yv->kind != YN_SCALAR) {
				err(c, yv, "data for '%s' in %d must be a single value",
				    k->str, year);
				continue;
			}
			d = &t->data[t->ndata++];
			d->indicator = ind;
			d->year = year;
			d->text = arena_strndup(c->rd.arena, yv->str, yv->len);
			d->line = yv->line;
			d->col = yv->col;
		}
	}
}

static void
parse_test_expect(struct yread *rd, const struct ynode *n, void *rec)
{
	struct ctx *c = rd->user;
	const struct ruleset *rs = c->rs;
	const struct strtab *ids = &c->ids;
	struct ruletest *t = rec;

	if (n->kind != YN_MAP || n->n == 0) {
		err(c, n, "'expect' must be a mapping of rule id to status");
		return;
	}
	t->expect = arena_array(c->rd.arena, n->n, sizeof(*t->expect));
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
		struct ruletest_expect *e;
		const char *s;
		int st;

		if (k->kind != YN_SCALAR || strtab_find(ids, k->str, k->len) < 0) {
			const char **cands = xcalloc(rs->nrules + 1, sizeof(*cands));
			const char *hint;

			for (size_t j = 0; j < rs->nrules; j++)
				cands[j] = rs->rules[j].id;
			hint = k->str ? diag_suggest(k->str, cands, rs->nrules) : NULL;
			if (hint != NULL)
				err(c, k, "unknown rule '%s' in rule set '%s'; "
				    "did you mean '%s'?", k->str, rs->id ? rs->id : "", hint);
			else
				err(c, k, "unknown rule '%s' in rule set '%s'",
				    k->str ? k->str : "", rs->id ? rs->id : "");
			free(cands);
			continue;
		}
		if (yread_string(&c->rd, v, "the expected status", &s) < 0)
			continue;
		if ((st = status_parse(s)) < 0) {
			err_unknown(c, v, "status", s,
			    diag_suggest(s, status_names, vocab_count(status_names)));
			continue;
		}
		e = &t->expect[t->nexpect++];
		e->rule_id = strtab_str(ids, strtab_find(ids, k->str, k->len));
		e->status = (enum status)st;
		e->line = k->line;
		e->col = k->col;
	}
}

static void
parse_test_subject(struct yread *rd, const struct ynode *v, void *rec)
{
	struct ruletest *t = rec;
	const char *s;
	int sj;

	if (yread_string(rd, v, "'subject'", &s) < 0)
		return;
	if ((sj = subject_parse(s, strlen(s))) < 0)
		yread_unknown(rd, v, "subject", s, diag_suggest(s, subject_names, 2));
	else
		t->subject = (enum subject)sj;
}

static const struct yfield test_rows[] = {
	{ "name", YF_STRING, YF_REQUIRED, .off = offsetof(struct ruletest, name) },
	{ "subject", YF_CUSTOM, YF_LATE, .parse = parse_test_subject },
	{ "sector", YF_STRING, 0, .off = offsetof(struct ruletest, sector) },
	{ "data", YF_CUSTOM, YF_REQUIRED | YF_LATE, .parse = parse_test_data },
	{ "expect", YF_CUSTOM, YF_REQUIRED | YF_LATE, .parse = parse_test_expect },
};
static const struct yfields test_fields = YFIELDS(test_rows);

/* ---- the file ---- */

static void
parse_rules(struct yread *rd, const struct ynode *v, void *rec)
{
	struct ctx *c = rd->user;
	struct ruleset *rs = rec;

	if (v->kind != YN_SEQ || v->n == 0) {
		yread_error(rd, v, "'rules' must be a non-empty list");
		return;
	}
	rs->rules = arena_array(rd->arena, v->n, sizeof(*rs->rules));
	rs->nrules = v->n;
	for (size_t i = 0; i < v->n; i++) {
		rule_parse(c, rs, v->items[i], &rs->rules[i]);
		const char *id = rs->rules[i].id;

		if (*id != '\0')
			strtab_intern(&c->ids, id, strlen(id));
	}
}

static void
init_test(void *rec, const struct ynode *item)
{
	struct ruletest *t = rec;

	t->name = "";
	t->line = item->line;
	t->col = item->col;
}

static void
parse_tests(struct yread *rd, const struct ynode *v, void *rec)
{
	struct ruleset *rs = rec;

	if (yread_list(rd, v, "'tests'") < 0)
		return;
	rs->tests = yfields_read_list(rd, &test_fields, "a test", v,
	    sizeof(*rs->tests), init_test);
	rs->ntests = v->n;
}

/* Ids go into every report, markdown and html included: no markup. */
static int
check_set_id(struct yread *rd, const struct ynode *v, const void *val)
{
	const char *s = *(const char *const *)val;

	/* An empty id ('') is let through, as it always has been. */
	return *s == '\0' ? 0 : catalogue_check_id(rd, v, s, "rule set id");
}

static int
check_commitment(struct yread *rd, const struct ynode *v, const void *val)
{
	long commitment = *(const long *)val;

	if (commitment >= 1 && commitment <= 8)
		return 0;
	yread_error(rd, v, "'commitment' must be from 1 to 8, not %ld", commitment);
	return -1;
}

static const struct yfield ruleset_rows[] = {
	{ "ruleset", YF_STRING, YF_REQUIRED, .off = offsetof(struct ruleset, id),
	    .check = check_set_id },
	{ "commitment", YF_INT, YF_REQUIRED | YF_LATE,
	    .off = offsetof(struct ruleset, commitment), .check = check_commitment },
	{ "title", YF_STRING, YF_REQUIRED, .off = offsetof(struct ruleset, title) },
	{ "source", YF_STRING, 0, .off = offsetof(struct ruleset, source) },
	{ "weight", YF_NUMBER, YF_LATE, .off = offsetof(struct ruleset, weight),
	    .check = ruleset_check_weight },
	{ "rules", YF_CUSTOM, YF_REQUIRED | YF_LATE, .parse = parse_rules },
	{ "tests", YF_CUSTOM, YF_LATE, .parse = parse_tests },
};
static const struct yfields ruleset_fields = YFIELDS(ruleset_rows);

int
ruleset_load(const struct loadctx *lc, struct ruleset *rs,
    const struct ydoc *doc, const char *sha256, struct diaglist *dl)
{
	struct ctx c;

	memset(rs, 0, sizeof(*rs));
	rs->file = arena_strdup(lc->arena, doc->file ? doc->file : "");
	if (sha256 != NULL)
		snprintf(rs->sha256, sizeof(rs->sha256), "%s", sha256);
	rs->weight = 1;
	rs->id = rs->title = "";
	if (doc->root == NULL) {
		diag_error(dl, rs->file, 1, 1, "rule set file is empty");
		return 1;
	}
	ctx_init(&c, lc, rs->file, dl);
	c.rs = rs;
	strtab_init(&c.ids, false);
	(void)yfields_read(&c.rd, &ruleset_fields, "a rule set file", doc->root, rs);
	/* Test expectations point at the ids; keep them in the book's arena. */
	for (size_t i = 0; i < rs->ntests; i++)
		for (size_t j = 0; j < rs->tests[i].nexpect; j++)
			rs->tests[i].expect[j].rule_id =
			    arena_strdup(lc->arena, rs->tests[i].expect[j].rule_id);
	strtab_release(&c.ids);
	return c.rd.errs;
}
