/*
 * Loading rule-set files: the rules, their checks (fitted to the type of the
 * indicator they read) and the tests embedded in the file. Every problem of
 * a file is reported before giving up.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rulebook.h"
#include "expr.h"
#include "ruleset.h"
#include "xalloc.h"

static const char *const subject_names[] = { "state", "enterprise", NULL };

/* State shared by the parsers of one file. */
struct ctx {
	struct rulebook *rb;
	const char *file;
	struct diaglist *dl;
	int errs;
};

static void
err(struct ctx *c, const struct ynode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
err(struct ctx *c, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(c->dl, DIAG_ERROR, c->file, at ? at->line : 0, at ? at->col : 0,
	    fmt, ap);
	va_end(ap);
	c->errs++;
}

/* An error for an unknown name, with a "did you mean" hint when one is near. */
static void
err_unknown(struct ctx *c, const struct ynode *at, const char *what,
    const char *name, const char *hint)
{
	if (hint != NULL)
		err(c, at, "unknown %s '%s'; did you mean '%s'?", what, name, hint);
	else
		err(c, at, "unknown %s '%s'", what, name);
}

/* Copy the string at key (if present) into the book's arena. */
static void
get_string(struct ctx *c, const struct ynode *map, const char *key,
    const char **out)
{
	const struct ynode *v = ynode_get(map, key);
	char what[64];
	const char *s;

	if (v == NULL)
		return;
	snprintf(what, sizeof(what), "'%s'", key);
	if (ynode_string(v, what, c->file, c->dl, &s) < 0)
		c->errs++;
	else
		*out = arena_strdup(&c->rb->arena, s);
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

static void
get_weight(struct ctx *c, const struct ynode *map, double *out)
{
	const struct ynode *v = ynode_get(map, "weight");
	const char *why;
	double w;

	if (v == NULL)
		return;
	if (ynode_number(v, "'weight'", c->file, c->dl, &w) < 0)
		c->errs++;
	else if ((why = weight_problem(w)) != NULL)
		err(c, v, "%s", why);
	else
		*out = w;
}

static void
get_strlist(struct ctx *c, const struct ynode *map, const char *key,
    const char ***out, size_t *n)
{
	const struct ynode *v = ynode_get(map, key);
	char what[64];

	if (v == NULL)
		return;
	snprintf(what, sizeof(what), "'%s'", key);
	if (ynode_strlist(v, what, c->file, c->dl, &c->rb->arena, out, n) < 0)
		c->errs++;
}

/*
 * Column of byte offset off inside scalar n, for regex errors. The node
 * keeps the scalar's value, not its source text, so this reconstructs the
 * source width of each character: one column per UTF-8 character, plus the
 * opening quote, a doubled '' in single quotes, and a two-character escape
 * for '\', '"' and control characters in double quotes (the short escapes
 * people write; \xNN and \uNNNN forms would be off by a few columns). A
 * scalar that spans lines, or a block scalar, is located at its start.
 */
static int
scalar_col(const struct ynode *n, size_t off)
{
	int col = n->col;

	if (n->end_line != n->line || n->style == '|' || n->style == '>')
		return col;
	if (n->style != 0)
		col++;
	if (off > n->len)
		off = n->len;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)n->str[i];

		if ((ch & 0xC0) == 0x80)
			continue;
		col++;
		if (n->style == '\'' && ch == '\'')
			col++;
		else if (n->style == '"' && (ch == '\\' || ch == '"' || ch < 0x20))
			col++;
	}
	return col;
}

/* Compile the regex in scalar n; the book owns the result. NULL on error. */
static struct pattern *
compile_at(struct ctx *c, const struct ynode *n, const char *what)
{
	struct pattern *p;
	const char *s;
	char msg[256];
	size_t off = 0;

	if (ynode_string(n, what, c->file, c->dl, &s) < 0) {
		c->errs++;
		return NULL;
	}
	p = pattern_compile(s, msg, sizeof(msg), &off);
	if (p == NULL) {
		diag_error(c->dl, c->file, n->line, scalar_col(n, off),
		    "invalid regular expression: %s at offset %zu", msg, off);
		c->errs++;
		return NULL;
	}
	rulebook_own_pattern(c->rb, p);
	return p;
}

static const struct indicator *
indicator_at(const struct ctx *c, int indicator)
{
	if (indicator < 0 || (size_t)indicator >= c->rb->cat.n)
		return NULL;
	return &c->rb->cat.items[indicator];
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
		err(c, n, "%s must be a number for %s indicator '%s'", what,
		    ind_type_names[ind->type], ind->id);
		return -1;
	}
	if (ind != NULL && ind->type == IT_BOOLEAN && t != YS_BOOL) {
		err(c, n, "%s must be true or false for boolean indicator '%s'", what,
		    ind->id);
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
		out->text = arena_strdup(&c->rb->arena, n->str);
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
	if (ynode_string(opn, "'op'", c->file, c->dl, &s) < 0) {
		c->errs++;
		return;
	}
	if ((op = vocab_index(cmp_op_names, s)) < 0) {
		err(c, opn, "unknown operator '%s' (use <, <=, >, >=, == or !=)", s);
		return;
	}
	out->op = (enum cmp_op)op;
	ordering = op <= OP_GE;
	if (ind != NULL && ind->type == IT_TEXT && ordering) {
		misfit(c, key, s, ind);
		return;
	}
	if (ind != NULL && ind->type == IT_BOOLEAN && ordering) {
		misfit(c, key, s, ind);
		return;
	}
	if (vn == NULL) {
		err(c, t, "missing required key 'value'");
		return;
	}
	if (ordering) {
		double d;

		if (ynode_number(vn, "'value'", c->file, c->dl, &d) < 0) {
			c->errs++;
			return;
		}
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
	if (ynode_number(pf, "'partial_from'", c->file, c->dl, &out->partial_from) < 0) {
		c->errs++;
		return;
	}
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
	if (ynode_number(v->items[0], "'between' lower bound", c->file, c->dl, &out->lo) < 0 ||
	    ynode_number(v->items[1], "'between' upper bound", c->file, c->dl, &out->hi) < 0) {
		c->errs++;
		return;
	}
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
	out->set = arena_array(&c->rb->arena, v->n, sizeof(*out->set));
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
	if (ynode_bool(v, "'present'", c->file, c->dl, &b) < 0)
		c->errs++;
	else if (!b)
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

static void
target_parse_ctx(struct ctx *c, const struct ynode *n, int indicator,
    struct target *out)
{
	static const char *const keys[] = {
		"op", "value", "partial_from", "between", "in", "match", "present", NULL,
	};
	const struct target_form *form = NULL;
	const struct ynode *fkey = NULL;

	memset(out, 0, sizeof(*out));
	out->line = n->line;
	out->col = n->col;
	c->errs += ynode_check_keys(n, "'target'", keys, NULL, c->file, c->dl);
	if (n->kind != YN_MAP)
		return;
	for (size_t i = 0; i < NFORMS; i++) {
		const struct ynode *k = ynode_get_key(n, target_forms[i].key);

		if (k == NULL)
			continue;
		if (form != NULL) {
			err(c, k, "'target' takes only one of 'op', 'between', 'in', "
			    "'match' and 'present'; it has '%s' and '%s'", form->key,
			    target_forms[i].key);
			return;
		}
		form = &target_forms[i];
		fkey = k;
	}
	if (form == NULL) {
		err(c, n, "'target' needs one of 'op', 'between', 'in', 'match' or "
		    "'present'");
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
target_parse(struct rulebook *rb, const struct ynode *n, int indicator,
    const char *file, struct diaglist *dl, struct target *out)
{
	struct ctx c = { rb, file, dl, 0 };

	target_parse_ctx(&c, n, indicator, out);
	return c.errs;
}

static void
trend_parse(struct ctx *c, const struct ynode *n, const struct indicator *ind,
    struct target *out)
{
	static const char *const keys[] = {
		"direction", "min_change_pct", "years", NULL,
	};
	static const char *const req[] = { "direction", "years", NULL };
	const struct ynode *v;
	const char *s;
	long years;

	memset(out, 0, sizeof(*out));
	out->kind = CHECK_TREND;
	out->line = n->line;
	out->col = n->col;
	out->years = 1;
	if (ind != NULL && !ind_type_is_numeric(ind->type)) {
		misfit(c, n, "trend", ind);
		return;
	}
	c->errs += ynode_check_keys(n, "'trend'", keys, req, c->file, c->dl);
	if (n->kind != YN_MAP)
		return;
	if ((v = ynode_get(n, "direction")) != NULL) {
		if (ynode_string(v, "'direction'", c->file, c->dl, &s) < 0)
			c->errs++;
		else if (strcmp(s, "up") == 0)
			out->direction = 1;
		else if (strcmp(s, "down") == 0)
			out->direction = -1;
		else
			err(c, v, "'direction' must be 'up' or 'down', not '%s'", s);
	}
	if ((v = ynode_get(n, "min_change_pct")) != NULL) {
		if (ynode_number(v, "'min_change_pct'", c->file, c->dl,
		    &out->min_change_pct) < 0)
			c->errs++;
		else if (out->min_change_pct < 0)
			err(c, v, "'min_change_pct' must be 0 or more");
	}
	if ((v = ynode_get(n, "years")) != NULL) {
		if (ynode_int(v, "'years'", c->file, c->dl, &years) < 0)
			c->errs++;
		else if (years < 1 || years > 200)
			err(c, v, "'years' must be from 1 to 200");
		else
			out->years = (int)years;
	}
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
	if (ynode_string(n, "'expr'", c->file, c->dl, &s) < 0) {
		c->errs++;
		return;
	}
	out->expr_src = arena_strdup(&c->rb->arena, s);
	out->expr = expr_parse(out->expr_src, strlen(out->expr_src), &c->rb->cat,
	    &c->rb->arena, &xe);
	if (out->expr != NULL)
		return;
	diag_error(c->dl, c->file, n->end_line == n->line ? n->line : n->line,
	    scalar_col(n, (size_t)xe.pos), "%s", xe.msg);
	/* The caret counts characters, not bytes. */
	for (int i = 0; i < xe.pos && out->expr_src[i]; i++)
		if (((unsigned char)out->expr_src[i] & 0xC0) != 0x80)
			caret++;
	if (strchr(out->expr_src, '\n') == NULL)
		diag_set_excerpt(c->dl, out->expr_src, caret);
	c->errs++;
}

static int
resolve_indicator(struct ctx *c, const struct ynode *n)
{
	const char *s;
	int ind;

	if (ynode_string(n, "'indicator'", c->file, c->dl, &s) < 0) {
		c->errs++;
		return -1;
	}
	ind = catalogue_find(&c->rb->cat, s, strlen(s));
	if (ind < 0)
		err_unknown(c, n, "indicator", s, catalogue_suggest(&c->rb->cat, s));
	return ind;
}

static void
evidence_parse(struct ctx *c, const struct ynode *n, struct rule *r)
{
	static const char *const keys[] = { "required", "match", NULL };
	const struct ynode *v;

	c->errs += ynode_check_keys(n, "'evidence'", keys, NULL, c->file, c->dl);
	if (n->kind != YN_MAP)
		return;
	if ((v = ynode_get(n, "required")) != NULL &&
	    ynode_bool(v, "'required'", c->file, c->dl, &r->evidence_required) < 0)
		c->errs++;
	if ((v = ynode_get(n, "match")) != NULL)
		r->evidence_match = compile_at(c, v, "'match'");
}

static void
subjects_parse(struct ctx *c, const struct ynode *n, struct rule *r)
{
	const char **v;
	size_t nv = 0;

	if (ynode_strlist(n, "'subjects'", c->file, c->dl, &c->rb->arena, &v, &nv) < 0) {
		c->errs++;
		return;
	}
	if (nv == 0) {
		err(c, n, "'subjects' must not be empty");
		return;
	}
	r->subjects = 0;
	for (size_t i = 0; i < nv; i++) {
		int s = subject_parse(v[i], strlen(v[i]));
		const struct ynode *at = n->kind == YN_SEQ ? n->items[i] : n;

		if (s < 0)
			err_unknown(c, at, "subject", v[i],
			    diag_suggest(v[i], subject_names, 2));
		else
			r->subjects |= (unsigned)s;
	}
	if (r->subjects == 0)
		r->subjects = SUBJ_ALL;
}

static void
rule_parse(struct ctx *c, struct ruleset *rs, const struct ynode *n, struct rule *r)
{
	static const char *const keys[] = {
		"id", "title", "severity", "indicator", "weight", "subjects", "sectors",
		"rationale", "remediation", "references", "max_age", "evidence",
		"target", "trend", "expr", NULL,
	};
	static const char *const req[] = { "id", "title", "severity", NULL };
	static const char *const checks[] = { "target", "trend", "expr" };
	const struct ynode *v, *check = NULL;
	const char *s;
	int nchecks = 0, which = -1;
	long age;

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
	c->errs += ynode_check_keys(n, "a rule", keys, req, c->file, c->dl);
	if (n->kind != YN_MAP)
		return;
	if ((v = ynode_get(n, "id")) != NULL) {
		if (ynode_string(v, "'id'", c->file, c->dl, &s) < 0)
			c->errs++;
		else if (!catalogue_id_valid(s))
			err(c, v, "rule id '%s' must start with a letter and hold only "
			    "letters, digits, '_', '.' and '-'", s);
		else
			r->id = arena_strdup(&c->rb->arena, s);
	}
	get_string(c, n, "title", &r->title);
	if ((v = ynode_get(n, "severity")) != NULL) {
		int sev;

		if (ynode_string(v, "'severity'", c->file, c->dl, &s) < 0)
			c->errs++;
		else if ((sev = severity_parse(s)) <= SEV_NONE)
			err_unknown(c, v, "severity", s,
			    diag_suggest(s, severity_names + 1, vocab_count(severity_names) - 1));
		else
			r->severity = (enum severity)sev;
	}
	get_weight(c, n, &r->weight);
	if ((v = ynode_get(n, "subjects")) != NULL)
		subjects_parse(c, v, r);
	get_strlist(c, n, "sectors", &r->sectors, &r->nsectors);
	get_string(c, n, "rationale", &r->rationale);
	get_string(c, n, "remediation", &r->remediation);
	get_strlist(c, n, "references", &r->references, &r->nreferences);
	if ((v = ynode_get(n, "max_age")) != NULL) {
		if (ynode_int(v, "'max_age'", c->file, c->dl, &age) < 0)
			c->errs++;
		else if (age < 0 || age > 1000)
			err(c, v, "'max_age' must be from 0 to 1000");
		else
			r->max_age = (int)age;
	}
	if ((v = ynode_get(n, "evidence")) != NULL)
		evidence_parse(c, v, r);

	for (int i = 0; i < 3; i++) {
		if ((v = ynode_get(n, checks[i])) != NULL) {
			nchecks++;
			which = i;
			check = v;
		}
	}
	if (nchecks != 1) {
		if (*r->id != '\0')
			err(c, n, "rule '%s' needs exactly one of 'target', 'trend' or "
			    "'expr'", r->id);
		else
			err(c, n, "a rule needs exactly one of 'target', 'trend' or 'expr'");
		return;
	}
	if (which == 2) {
		if ((v = ynode_get(n, "indicator")) != NULL)
			err(c, v, "'indicator' does not go with 'expr': the expression names its indicators");
		if ((v = ynode_get(n, "evidence")) != NULL)
			err(c, v, "'evidence' does not go with 'expr': evidence belongs to one reported value");
		r->indicator = -1;
		expr_parse_check(c, check, &r->target);
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
test_data_parse(struct ctx *c, const struct ynode *n, struct ruletest *t)
{
	size_t total = 0;

	if (n->kind != YN_MAP) {
		err(c, n, "'data' must be a mapping of indicator to value");
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *v = n->items[2 * i + 1];

		total += v->kind == YN_MAP ? v->n : 1;
	}
	t->data = arena_array(&c->rb->arena, total ? total : 1, sizeof(*t->data));
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
		int ind;

		if (k->kind != YN_SCALAR) {
			err(c, k, "indicator names in 'data' must be scalars");
			continue;
		}
		if ((ind = catalogue_find(&c->rb->cat, k->str, k->len)) < 0) {
			err_unknown(c, k, "indicator", k->str,
			    catalogue_suggest(&c->rb->cat, k->str));
			continue;
		}
		if (v->kind == YN_SCALAR) {
			struct ruletest_datum *d = &t->data[t->ndata++];

			d->indicator = ind;
			d->year = 0;
			d->text = arena_strndup(&c->rb->arena, v->str, v->len);
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
			d->text = arena_strndup(&c->rb->arena, yv->str, yv->len);
			d->line = yv->line;
			d->col = yv->col;
		}
	}
}

static void
test_expect_parse(struct ctx *c, const struct ynode *n, const struct ruleset *rs,
    const struct strtab *ids, struct ruletest *t)
{
	if (n->kind != YN_MAP || n->n == 0) {
		err(c, n, "'expect' must be a mapping of rule id to status");
		return;
	}
	t->expect = arena_array(&c->rb->arena, n->n, sizeof(*t->expect));
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
				err(c, k, "unknown rule '%s' in rule set '%s'; did you mean "
				    "'%s'?", k->str, rs->id ? rs->id : "", hint);
			else
				err(c, k, "unknown rule '%s' in rule set '%s'",
				    k->str ? k->str : "", rs->id ? rs->id : "");
			free(cands);
			continue;
		}
		if (ynode_string(v, "the expected status", c->file, c->dl, &s) < 0) {
			c->errs++;
			continue;
		}
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
test_parse(struct ctx *c, const struct ynode *n, const struct ruleset *rs,
    const struct strtab *ids, struct ruletest *t)
{
	static const char *const keys[] = {
		"name", "subject", "sector", "data", "expect", NULL,
	};
	static const char *const req[] = { "name", "data", "expect", NULL };
	const struct ynode *v;
	const char *s;

	t->name = "";
	t->line = n->line;
	t->col = n->col;
	c->errs += ynode_check_keys(n, "a test", keys, req, c->file, c->dl);
	if (n->kind != YN_MAP)
		return;
	get_string(c, n, "name", &t->name);
	get_string(c, n, "sector", &t->sector);
	if ((v = ynode_get(n, "subject")) != NULL) {
		int sj;

		if (ynode_string(v, "'subject'", c->file, c->dl, &s) < 0)
			c->errs++;
		else if ((sj = subject_parse(s, strlen(s))) < 0)
			err_unknown(c, v, "subject", s, diag_suggest(s, subject_names, 2));
		else
			t->subject = (enum subject)sj;
	}
	if ((v = ynode_get(n, "data")) != NULL)
		test_data_parse(c, v, t);
	if ((v = ynode_get(n, "expect")) != NULL)
		test_expect_parse(c, v, rs, ids, t);
}

int
ruleset_load(struct rulebook *rb, struct ruleset *rs, const struct ydoc *doc,
    const char *sha256, struct diaglist *dl)
{
	static const char *const keys[] = {
		"ruleset", "commitment", "title", "source", "weight", "rules", "tests",
		NULL,
	};
	static const char *const req[] = {
		"ruleset", "commitment", "title", "rules", NULL,
	};
	struct ctx c = { rb, NULL, dl, 0 };
	const struct ynode *root = doc->root, *v;
	struct strtab ids;
	long commitment;

	memset(rs, 0, sizeof(*rs));
	c.file = rs->file = arena_strdup(&rb->arena, doc->file ? doc->file : "");
	if (sha256 != NULL)
		snprintf(rs->sha256, sizeof(rs->sha256), "%s", sha256);
	rs->weight = 1;
	rs->id = rs->title = "";
	if (root == NULL) {
		diag_error(dl, c.file, 1, 1, "rule set file is empty");
		return 1;
	}
	c.errs += ynode_check_keys(root, "a rule set file", keys, req, c.file, dl);
	if (root->kind != YN_MAP)
		return c.errs;
	get_string(&c, root, "ruleset", &rs->id);
	/* Ids go into every report, markdown and html included: no markup. */
	if (*rs->id != '\0' && !catalogue_id_valid(rs->id)) {
		err(&c, ynode_get(root, "ruleset"), "rule set id '%s' must start with a "
		    "letter and hold only letters, digits, '_', '.' and '-'", rs->id);
		rs->id = "";
	}
	get_string(&c, root, "title", &rs->title);
	get_string(&c, root, "source", &rs->source);
	if ((v = ynode_get(root, "commitment")) != NULL) {
		if (ynode_int(v, "'commitment'", c.file, dl, &commitment) < 0)
			c.errs++;
		else if (commitment < 1 || commitment > 8)
			err(&c, v, "'commitment' must be from 1 to 8, not %ld", commitment);
		else
			rs->commitment = (int)commitment;
	}
	get_weight(&c, root, &rs->weight);

	strtab_init(&ids, false);
	if ((v = ynode_get(root, "rules")) != NULL) {
		if (v->kind != YN_SEQ || v->n == 0) {
			err(&c, v, "'rules' must be a non-empty list");
		} else {
			rs->rules = arena_array(&rb->arena, v->n, sizeof(*rs->rules));
			rs->nrules = v->n;
			for (size_t i = 0; i < v->n; i++) {
				rule_parse(&c, rs, v->items[i], &rs->rules[i]);
				if (*rs->rules[i].id != '\0')
					strtab_intern(&ids, rs->rules[i].id,
					    strlen(rs->rules[i].id));
			}
		}
	}
	if ((v = ynode_get(root, "tests")) != NULL) {
		if (v->kind != YN_SEQ) {
			err(&c, v, "'tests' must be a list");
		} else if (v->n > 0) {
			rs->tests = arena_array(&rb->arena, v->n, sizeof(*rs->tests));
			rs->ntests = v->n;
			for (size_t i = 0; i < v->n; i++)
				test_parse(&c, v->items[i], rs, &ids, &rs->tests[i]);
		}
	}
	/* Test expectations point at the ids; keep them in the book's arena. */
	for (size_t i = 0; i < rs->ntests; i++)
		for (size_t j = 0; j < rs->tests[i].nexpect; j++)
			rs->tests[i].expect[j].rule_id =
			    arena_strdup(&rb->arena, rs->tests[i].expect[j].rule_id);
	strtab_release(&ids);
	return c.errs;
}
