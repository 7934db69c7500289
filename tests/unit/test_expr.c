/*
 * Unit tests of the expression language: precedence, associativity, types,
 * every error message with its offset, and evaluation with missing values,
 * division by zero and prev().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

static struct catalogue cat;
static struct arena arena;

static void
add(const char *id, enum ind_type t)
{
	struct indicator ind = {0};
	int n;

	ind.id = id;
	ind.title = id;
	ind.unit = "u";
	ind.type = t;
	n = catalogue_append(&cat, &ind);
	catalogue_add_name(&cat, id, n);
}

static int
setup(void **state)
{
	(void)state;
	catalogue_init(&cat);
	arena_init(&arena);
	add("rail", IT_NUMBER);         /* 0 */
	add("total", IT_NUMBER);        /* 1 */
	add("flag", IT_BOOLEAN);        /* 2 */
	add("plan", IT_TEXT);           /* 3 */
	add("LP.LPI.CUST.XQ", IT_NUMBER);       /* 4: dotted ids work */
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	catalogue_release(&cat);
	arena_release(&arena);
	return 0;
}

/* Values for the evaluator: NAN = missing. prev values at index + 8. */
static double vals[16];

static int
lookup(void *ctx, int ind, bool prev, double *out, char *why, size_t whysize)
{
	double v = vals[ind + (prev ? 8 : 0)];

	(void)ctx;
	if (isnan(v)) {
		snprintf(why, whysize, "no value of '%s'%s", cat.items[ind].id,
		    prev ? " for the previous year" : "");
		return -1;
	}
	*out = v;
	return 0;
}

static enum expr_result
run(const char *src, double *out, char *why)
{
	struct expr_error err;
	struct expr *e = expr_parse(src, strlen(src), &cat, &arena, &err);
	struct expr_env env = {lookup, NULL, &cat, src};

	if (e == NULL)
		fail_msg("parse error at %d: %s", err.pos, err.msg);
	return expr_eval(e, &env, out, why, 200);
}

static void
reset_vals(void)
{
	for (int i = 0; i < 16; i++)
		vals[i] = NAN;
	vals[0] = 30;           /* rail */
	vals[1] = 200;          /* total */
	vals[2] = 1;            /* flag */
	vals[4] = 2.7;
	vals[8] = 20;           /* prev(rail) */
}

static void
test_precedence_and_associativity(void **state)
{
	double v;
	char why[200];

	(void)state;
	reset_vals();
	/* * before +, left-assoc - and / */
	/* rail is 30 and total 200; every rule must read an indicator. */
	assert_int_equal(run("rail + 2 * 3 == 36", &v, why), EXPR_OK);
	assert_true(v == 1);
	assert_int_equal(run("rail - 4 - 3 == 23", &v, why), EXPR_OK);
	assert_true(v == 1);
	assert_int_equal(run("total / 4 / 2 == 25", &v, why), EXPR_OK);
	assert_true(v == 1);
	assert_int_equal(run("-2 * -rail == 60 and not (rail > total)", &v, why), EXPR_OK);
	assert_true(v == 1);
	/* and binds tighter than or: true or (false and false) */
	assert_int_equal(run("rail < total or rail > total and total > 300", &v, why), EXPR_OK);
	assert_true(v == 1);
	assert_int_equal(run("(rail < total or rail > total) and total > 300", &v, why), EXPR_OK);
	assert_true(v == 0);
	assert_int_equal(run("rail / total >= 0.15", &v, why), EXPR_OK);
	assert_true(v == 1);
	assert_int_equal(run("abs(-rail) == 30 and min(40, rail, 90) == 30 and max(1, rail) == 30", &v, why), EXPR_OK);
	assert_true(v == 1);
	assert_int_equal(run("rail > prev(rail) and flag", &v, why), EXPR_OK);
	assert_true(v == 1);
	assert_int_equal(run("flag == (rail > total)", &v, why), EXPR_OK);
	assert_true(v == 0);
	assert_int_equal(run("LP.LPI.CUST.XQ >= 2.7", &v, why), EXPR_OK);
	assert_true(v == 1);
	assert_int_equal(run("rail != 2 and rail <= 30 and 3 < rail and 3e1 == rail", &v, why), EXPR_OK);
	assert_true(v == 1);
	/* A number of any length, and one too small for a double, which is 0. */
	assert_int_equal(run("rail == 30.000000000000000000000000000000000000000000000000"
	    "00000000000000000000001 and rail > 1e-400", &v, why), EXPR_OK);
	assert_true(v == 1);
}

static void
test_missing_and_division(void **state)
{
	double v;
	char why[200];

	(void)state;
	reset_vals();
	vals[1] = 0;
	assert_int_equal(run("rail / total >= 0.15", &v, why), EXPR_MISSING);
	assert_string_equal(why, "division by zero: 'total' is 0");
	vals[1] = NAN;
	assert_int_equal(run("rail / total >= 0.15", &v, why), EXPR_MISSING);
	assert_string_equal(why, "no value of 'total'");
	vals[8] = NAN;
	assert_int_equal(run("rail > prev(rail)", &v, why), EXPR_MISSING);
	assert_string_equal(why, "no value of 'rail' for the previous year");
	reset_vals();
	vals[1] = 1e-300;
	assert_int_equal(run("rail / total / total > 1", &v, why), EXPR_MISSING);
	assert_non_null(strstr(why, "is not a finite number"));
}

struct bad {
	const char *src;
	int pos;
	const char *msg;
};

static void
test_errors(void **state)
{
	static const struct bad cases[] = {
		{"", 0, "empty expression"},
		{"rail >", 6, "expected a number, an indicator or '(', found the end"},
		{"(rail > 1", 0, "unbalanced parenthesis: '(' is never closed"},
		{"rail > 1)", 8, "unbalanced parenthesis: ')' without '('"},
		{"rial > 1", 0, "unknown indicator 'rial'; did you mean 'rail'?"},
		{"zzzzzz > 1", 0, "unknown indicator 'zzzzzz'"},
		{"sqrt(rail) > 1", 0, "unknown function 'sqrt'; known: abs, min, max, prev"},
		{"abs(rail, total) > 1", 10, "abs() takes at most 1 argument"},
		{"min(rail) > 1", 0, "min() takes at least 2 arguments"},
		{"abs() > 1", 0, "abs() takes 1 argument"},
		{"prev(1) > 1", 5, "expected an indicator inside prev(), found '1'"},
		{"flag + 1 > 2", 0, "'+' needs a number, not a true/false value"},
		{"plan == 1", 0, "text indicator 'plan' cannot be used in an expression"},
		{"rail + total", 0, "the expression must be true or false (a comparison), not a number"},
		{"not rail > 1", 4, "'not' needs a true/false value, not a number"},
		{"rail > 1 > 0", 0, "'>' needs a number, not a true/false value"},
		{"flag == 1", 8, "'==' compares a true/false value with a number"},
		{"rail > 1 and total", 13, "'and' needs a true/false value, not a number"},
		{"rail $ 1", 5, "unexpected character '$'"},
		{"rail > 1 2", 9, "expected an operator or the end, found '2'"},
		{"max(rail total) > 1", 9, "expected ',' or ')', found 'total'"},
		{"rail = 1", 5, "unexpected character '='; did you mean '=='?"},
		{"rail > 1e400", 7, "number '1e400' is out of range (the largest is about 1.8e308)"},
		{"rail > -1e400", 8, "number '1e400' is out of range (the largest is about 1.8e308)"},
		{"rail > 1.2.3", 7, "'1.2.3' is not a number"},
		{"prev(prev(rail)) > 1", 5, "prev() takes an indicator and cannot be nested"},
		{"prev(abs(rail)) > 1", 5, "prev() takes an indicator, not a function call"},
		{"prev(rail + 1) > 1", 10, "prev() takes a single indicator, not an expression"},
		{"prev(rial) > 1", 5, "unknown indicator 'rial'; did you mean 'rail'?"},
		/* Whole UTF-8 characters are echoed, with a hint for look-alikes. */
		{"rail \xe2\x89\xa5 3", 5, "unexpected character '\xe2\x89\xa5'; did you mean '>='?"},
		{"rail \xe2\x89\xa4 3", 5, "unexpected character '\xe2\x89\xa4'; did you mean '<='?"},
		{"rail \xe2\x89\xa0 3", 5, "unexpected character '\xe2\x89\xa0'; did you mean '!='?"},
		{"rail \xc3\x97 2 > 1", 5, "unexpected character '\xc3\x97'; did you mean '*'?"},
		{"rail \xc3\xb7 2 > 1", 5, "unexpected character '\xc3\xb7'; did you mean '/'?"},
		{"rail \xe2\x88\x92 2 > 1", 5, "unexpected character '\xe2\x88\x92'; did you mean '-'?"},
		{"r\xc3\xa4il > 1", 1, "unexpected character '\xc3\xa4'"},
		{"rail > \xf0\x9f\x99\x82", 7, "unexpected character '\xf0\x9f\x99\x82'"},
		{"rail > \xff", 7, "unexpected byte 0xff: the expression is not UTF-8"},
		{"rail > \x01", 7, "unexpected control character U+0001"},
		{"rail && total", 5, "unexpected character '&'; did you mean 'and'?"},
		{"rail || total", 5, "unexpected character '|'; did you mean 'or'?"},
		{"!flag", 0, "unexpected character '!'; did you mean 'not'?"},
		/* A bad character is found where it is, before later type errors. */
		{"rail > 1 and total \xc3\x97 2 > 1", 19, "unexpected character '\xc3\x97'; did you mean '*'?"},
		/* Errors come left to right: the unknown name before the bad character. */
		{"rial \xe2\x89\xa5 3", 0, "unknown indicator 'rial'; did you mean 'rail'?"},
		/* A rule must test reported data. */
		{"1 >= 0", 0, "the expression reads no indicator; a rule must test reported data"},
		{"abs(-3) == 3 and not (1 > 2)", 0, "the expression reads no indicator; a rule must test reported data"},
	};
	struct expr_error err;
	char deep[300];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad *c = &cases[i];
		struct expr *e = expr_parse(c->src, strlen(c->src), &cat, &arena, &err);

		if (e != NULL)
			fail_msg("'%s' parsed", c->src);
		if (strcmp(err.msg, c->msg) != 0 || err.pos != c->pos)
			fail_msg("'%s': got %d '%s', want %d '%s'", c->src, err.pos,
			    err.msg, c->pos, c->msg);
	}
	memset(deep, '(', 100);
	snprintf(deep + 100, sizeof(deep) - 100, "1 > 0");
	assert_null(expr_parse(deep, strlen(deep), &cat, &arena, &err));
	assert_string_equal(err.msg, "expression nested too deeply (at most 64 levels)");
	assert_null(expr_parse("rail\0 > 1", 9, &cat, &arena, &err));
	assert_string_equal(err.msg, "NUL byte in expression");
}

static void
test_operands(void **state)
{
	struct expr_error err;
	const char *src = "rail / total >= 0.15 and rail > prev(rail) and total > 0";
	struct expr *e = expr_parse(src, strlen(src), &cat, &arena, &err);
	int inds[8];
	bool prev[8];

	(void)state;
	assert_non_null(e);
	assert_int_equal(expr_operands(e, inds, prev, 8), 3);
	assert_int_equal(inds[0], 0);
	assert_false(prev[0]);
	assert_int_equal(inds[1], 1);
	assert_int_equal(inds[2], 0);
	assert_true(prev[2]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence_and_associativity),
		cmocka_unit_test(test_missing_and_division),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_operands),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
