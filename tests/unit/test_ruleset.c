/*
 * Unit tests for loading rule files: every kind of rule, rule-set and
 * catalogue error with its exact message and place, the order in which a
 * file's problems are reported, and the rule-set and profile loaders at
 * work for a stand-in of the rule book (they see only a struct loadctx).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern.h"
#include "rulebook.h"

#include "rules_fixture.h"

/* A minimal rule set around one rule body (indented by four spaces). */
#define SET(body) \
	"ruleset: T\ncommitment: 1\ntitle: T\nrules:\n  - id: T-1\n" body

/* Load one rule set, as a.yaml, with the fixture's catalogue. */
static void
load1(struct fix *f, const char *set)
{
	load(f, &set, 1, NULL);
}

/* ---- rule errors ---- */

static void
test_err_yaml_syntax(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, SET("    title: [x\n"));
	assert_int_equal(f.errs, 1);
	expect_diag(&f.dl, 0, "a.yaml", 7, 1,
	    "invalid YAML: did not find expected ',' or ']' while parsing a flow "
	    "sequence at line 6, column 12");
	assert_int_equal(f.rb.nsets, 1);    /* still listed, with its digest */
	assert_int_equal(strlen(f.rb.sets[0].sha256), 64);
	done(&f);
}

static void
test_err_unknown_key(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, SET("    title: t\n    severty: high\n    indicator: wto_status\n"
	    "    target: {present: true}\n"));
	assert_int_equal(f.errs, 2);
	expect_diag(&f.dl, 0, "a.yaml", 7, 5,
	    "unknown key 'severty'; did you mean 'severity'?");
	expect_diag(&f.dl, 1, "a.yaml", 5, 5, "missing required key 'severity'");
	done(&f);

	load1(&f, SET("    title: t\n    severity: high\n    indicator: wto_status\n"
	    "    target: {present: true}\ntest:\n  - name: x\n"));
	assert_int_equal(f.errs, 1);
	expect_diag(&f.dl, 0, "a.yaml", 10, 1,
	    "unknown key 'test'; did you mean 'tests'?");
	done(&f);
}

static void
test_err_missing_keys(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, "ruleset: T\nrules:\n  - id: T-1\n    indicator: wto_status\n"
	    "    target: {present: true}\n");
	assert_int_equal(f.errs, 4);
	expect_diag(&f.dl, 0, "a.yaml", 1, 1, "missing required key 'commitment'");
	expect_diag(&f.dl, 1, "a.yaml", 1, 1, "missing required key 'title'");
	expect_diag(&f.dl, 2, "a.yaml", 3, 5, "missing required key 'title'");
	expect_diag(&f.dl, 3, "a.yaml", 3, 5, "missing required key 'severity'");
	done(&f);

	load1(&f, SET("    title: t\n    severity: low\n    target: {present: true}\n"));
	assert_int_equal(f.errs, 1);
	expect_diag(&f.dl, 0, "a.yaml", 5, 5, "missing required key 'indicator'");
	done(&f);

	load1(&f, "ruleset: T\ncommitment: 1\ntitle: T\nrules: []\n");
	assert_int_equal(f.errs, 1);
	expect_diag(&f.dl, 0, "a.yaml", 4, 8, "'rules' must be a non-empty list");
	done(&f);
}

static void
test_err_duplicate_rule(void **state)
{
	struct fix f;
	const char *sets[] = {
		SET("    title: t\n    severity: low\n    indicator: wto_status\n"
		    "    target: {present: true}\n"),
		"ruleset: U\ncommitment: 2\ntitle: U\nrules:\n"
		"  - id: U-1\n    title: t\n    severity: low\n    indicator: wto_status\n"
		"    target: {present: true}\n"
		"  - id: T-1\n    title: t\n    severity: low\n    indicator: wto_status\n"
		"    target: {present: true}\n",
	};

	(void)state;
	load(&f, sets, 2, NULL);
	assert_int_equal(f.errs, 1);
	expect_diag(&f.dl, 0, "b.yaml", 10, 5,
	    "duplicate rule id 'T-1' (first defined at a.yaml:5:5)");
	assert_int_equal(f.rb.nrules, 3);
	assert_ptr_equal(rulebook_find_rule(&f.rb, "T-1"), &f.rb.sets[0].rules[0]);
	assert_ptr_equal(rulebook_find_rule(&f.rb, "U-1"), &f.rb.sets[1].rules[0]);
	assert_int_equal(f.rb.sets[1].rules[1].index, 2);
	done(&f);
}

static void
test_err_unknown_indicator(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, SET("    title: t\n    severity: low\n    indicator: wto_stats\n"
	    "    target: {present: true}\n"));
	assert_int_equal(f.errs, 1);
	expect_diag(&f.dl, 0, "a.yaml", 8, 16,
	    "unknown indicator 'wto_stats'; did you mean 'wto_status'?");
	done(&f);
}

static void
test_err_misfit(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, SET("    title: t\n    severity: low\n    indicator: customs_single_window\n"
	    "    target: {between: [1, 2]}\n"
	    "  - id: T-2\n    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {op: \">=\", value: 3}\n"
	    "  - id: T-3\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target:\n      match: x\n"
	    "  - id: T-4\n    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    trend: {direction: up, years: 1}\n"
	    "  - id: T-5\n    title: t\n    severity: low\n    indicator: customs_single_window\n"
	    "    target: {in: [true]}\n"
	    "  - id: T-6\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target: {op: \"==\", value: high}\n"
	    "  - id: T-7\n    title: t\n    severity: low\n    indicator: customs_single_window\n"
	    "    target: {op: \"!=\", value: 1}\n"));
	assert_int_equal(f.errs, 7);
	expect_diag(&f.dl, 0, "a.yaml", 9, 14,
	    "check 'between' does not fit boolean indicator 'customs_single_window'");
	expect_diag(&f.dl, 1, "a.yaml", 14, 14,
	    "check '>=' does not fit text indicator 'wto_status'");
	expect_diag(&f.dl, 2, "a.yaml", 20, 7,
	    "check 'match' does not fit number indicator 'lpi_customs'");
	expect_diag(&f.dl, 3, "a.yaml", 25, 12,
	    "check 'trend' does not fit text indicator 'wto_status'");
	expect_diag(&f.dl, 4, "a.yaml", 30, 14,
	    "check 'in' does not fit boolean indicator 'customs_single_window'");
	expect_diag(&f.dl, 5, "a.yaml", 35, 31,
	    "'value' must be a number for number indicator 'lpi_customs'");
	expect_diag(&f.dl, 6, "a.yaml", 40, 31,
	    "'value' must be true or false for boolean indicator 'customs_single_window'");
	done(&f);
}

static void
test_err_target_forms(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, SET("    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target: {op: \">=\", value: 3, partial_from: 4}\n"
	    "  - id: T-2\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target: {op: \"<\", value: 3, partial_from: 2}\n"
	    "  - id: T-3\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target: {op: \"==\", value: 3, partial_from: 2}\n"
	    "  - id: T-4\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target: {between: [5, 3]}\n"
	    "  - id: T-5\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target: {between: [1, 3], in: [2]}\n"
	    "  - id: T-6\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target: {value: 3}\n"
	    "  - id: T-7\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target: {op: \"=>\", value: 3}\n"
	    "  - id: T-8\n    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {present: false}\n"));
	assert_int_equal(f.errs, 8);
	expect_diag(&f.dl, 0, "a.yaml", 9, 48,
	    "'partial_from' must be below the target value for '>='");
	expect_diag(&f.dl, 1, "a.yaml", 14, 47,
	    "'partial_from' must be above the target value for '<'");
	expect_diag(&f.dl, 2, "a.yaml", 19, 34,
	    "'partial_from' only goes with '<', '<=', '>' or '>='");
	expect_diag(&f.dl, 3, "a.yaml", 24, 23,
	    "'between' lower bound is greater than its upper bound");
	expect_diag(&f.dl, 4, "a.yaml", 29, 31,
	    "'target' takes only one of 'op', 'between', 'in', 'match' and 'present'; "
	    "it has 'between' and 'in'");
	expect_diag(&f.dl, 5, "a.yaml", 34, 13,
	    "'target' needs one of 'op', 'between', 'in', 'match' or 'present'");
	expect_diag(&f.dl, 6, "a.yaml", 39, 18,
	    "unknown operator '=>' (use <, <=, >, >=, == or !=)");
	expect_diag(&f.dl, 7, "a.yaml", 44, 23, "'present' must be true");
	done(&f);
}

/* The keys that go with one kind of check only, worded from the table of kinds. */
static void
test_err_check_keys(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, SET("    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    evidence: {required: true}\n    expr: \"lpi_customs > 1\"\n"
	    "  - id: T-2\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target: {between: [1, 3], value: 2, partial_from: 1}\n"
	    "  - title: t\n    severity: low\n"));
	assert_int_equal(f.errs, 6);
	expect_diag(&f.dl, 0, "a.yaml", 8, 16,
	    "'indicator' does not go with 'expr': the expression names its indicators");
	expect_diag(&f.dl, 1, "a.yaml", 9, 15,
	    "'evidence' does not go with 'expr': evidence belongs to one reported value");
	expect_diag(&f.dl, 2, "a.yaml", 15, 31, "'value' only goes with 'op'");
	expect_diag(&f.dl, 3, "a.yaml", 15, 41, "'partial_from' only goes with 'op'");
	expect_diag(&f.dl, 4, "a.yaml", 16, 5, "missing required key 'id'");
	expect_diag(&f.dl, 5, "a.yaml", 16, 5,
	    "a rule needs exactly one of 'target', 'trend' or 'expr'");
	done(&f);
}

static void
test_err_regex(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, SET("    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {match: \"ab(c\"}\n"
	    "  - id: T-2\n    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    target:\n      match: x[\n"
	    "  - id: T-3\n    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {present: true}\n"
	    "    evidence: {match: 'it''s (', required: false}\n"));
	assert_int_equal(f.errs, 3);
	/* Columns point at the character PCRE2 names, inside the scalar. */
	expect_diag(&f.dl, 0, "a.yaml", 9, 26,
	    "invalid regular expression: missing closing parenthesis at offset 4");
	expect_diag(&f.dl, 1, "a.yaml", 15, 16,
	    "invalid regular expression: missing terminating ] for character class "
	    "at offset 2");
	expect_diag(&f.dl, 2, "a.yaml", 21, 31,
	    "invalid regular expression: missing closing parenthesis at offset 6");
	assert_int_equal(f.rb.npatterns, 0);
	done(&f);
}

static void
test_err_weight_commitment(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, "ruleset: T\ncommitment: 9\ntitle: T\nweight: 0\nrules:\n"
	    "  - id: T-1\n    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {present: true}\n    weight: -2\n    max_age: -1\n"
	    "    subjects: [state, firm]\n");
	assert_int_equal(f.errs, 5);
	expect_diag(&f.dl, 0, "a.yaml", 2, 13, "'commitment' must be from 1 to 8, not 9");
	expect_diag(&f.dl, 1, "a.yaml", 4, 9, "weight must be greater than 0");
	expect_diag(&f.dl, 2, "a.yaml", 11, 13, "weight must be greater than 0");
	expect_diag(&f.dl, 3, "a.yaml", 13, 23, "unknown subject 'firm'");
	expect_diag(&f.dl, 4, "a.yaml", 12, 14, "'max_age' must be from 0 to 1000");
	done(&f);
}

static void
test_err_anchor(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, SET("    title: &t t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {present: true}\n"));
	assert_int_equal(f.errs, 1);
	expect_diag(&f.dl, 0, "a.yaml", 6, 12,
	    "anchors and aliases are not allowed in rule files");
	done(&f);
}

static void
test_err_checks(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, SET("    title: t\n    severity: low\n    indicator: wto_status\n"
	    "  - id: T-2\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    target: {present: true}\n    trend: {direction: up, years: 1}\n"
	    "  - id: T-3\n    title: t\n    severity: low\n"
	    "    expr: \"lpi_customs >= 3 and lpi_custom < 5\"\n"
	    "  - id: T-4\n    title: t\n    severity: low\n    indicator: lpi_customs\n"
	    "    trend: {direction: sideways, min_change_pct: -1}\n"));
	assert_int_equal(f.errs, 6);
	expect_diag(&f.dl, 0, "a.yaml", 5, 5,
	    "rule 'T-1' needs exactly one of 'target', 'trend' or 'expr'");
	expect_diag(&f.dl, 1, "a.yaml", 9, 5,
	    "rule 'T-2' needs exactly one of 'target', 'trend' or 'expr'");
	/* Located inside the expression: column of the scalar + 1 + offset 21. */
	expect_diag(&f.dl, 2, "a.yaml", 18, 33,
	    "unknown indicator 'lpi_custom'; did you mean 'lpi_customs'?");
	assert_string_equal(f.dl.items[2].excerpt, "lpi_customs >= 3 and lpi_custom < 5");
	assert_int_equal(f.dl.items[2].caret, 22);
	expect_diag(&f.dl, 3, "a.yaml", 23, 12, "missing required key 'years'");
	expect_diag(&f.dl, 4, "a.yaml", 23, 24, "'direction' must be 'up' or 'down', "
	    "not 'sideways'");
	expect_diag(&f.dl, 5, "a.yaml", 23, 50, "'min_change_pct' must be 0 or more");
	done(&f);
}

static void
test_err_tests(void **state)
{
	struct fix f;

	(void)state;
	load1(&f, SET("    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {present: true}\n"
	    "tests:\n"
	    "  - name: one\n"
	    "    subject: firm\n"
	    "    data: {wto_stat: x, rail_freight_tkm: {1800: 1, 2020: [1]}}\n"
	    "    expect: {T-2: pass, T-1: passed}\n"
	    "  - data: {}\n"));
	assert_int_equal(f.errs, 8);
	expect_diag(&f.dl, 0, "a.yaml", 12, 14, "unknown subject 'firm'");
	expect_diag(&f.dl, 1, "a.yaml", 13, 12,
	    "unknown indicator 'wto_stat'; did you mean 'wto_status'?");
	expect_diag(&f.dl, 2, "a.yaml", 13, 44,
	    "year '1800' must be an integer from 1900 to 2100");
	expect_diag(&f.dl, 3, "a.yaml", 13, 59,
	    "data for 'rail_freight_tkm' in 2020 must be a single value");
	expect_diag(&f.dl, 4, "a.yaml", 14, 14,
	    "unknown rule 'T-2' in rule set 'T'; did you mean 'T-1'?");
	expect_diag(&f.dl, 5, "a.yaml", 14, 30,
	    "unknown status 'passed'; did you mean 'pass'?");
	expect_diag(&f.dl, 6, "a.yaml", 15, 5, "missing required key 'name'");
	expect_diag(&f.dl, 7, "a.yaml", 15, 5, "missing required key 'expect'");
	done(&f);
}

static void
test_err_catalogue(void **state)
{
	struct rulebook rb;
	struct diaglist dl;
	struct rule_source cat = src("indicators.yaml",
	    "indicators:\n"
	    "  - id: a\n    title: A\n    unit: u\n    type: number\n"
	    "    aliases: [X1]\n"
	    "  - id: A\n    title: A\n    unit: u\n    type: numbr\n"
	    "  - id: 9b\n    title: B\n    unit: u\n    type: text\n"
	    "  - id: c\n    title: C\n    unit: u\n    type: percent\n"
	    "    range: [5, 1]\n    better: up\n    aliases: [x1]\n"
	    "  - id: d\n    unit: u\n    type: boolean\n    range: [0, 1]\n");
	int errs;

	(void)state;
	rulebook_init(&rb);
	diag_init(&dl);
	errs = rulebook_load_sources(&rb, &cat, NULL, 0, NULL, &dl);
	assert_int_equal(errs, 8);
	expect_diag(&dl, 0, "indicators.yaml", 10, 11,
	    "unknown indicator type 'numbr'; did you mean 'number'?");
	expect_diag(&dl, 1, "indicators.yaml", 7, 9,
	    "indicator id 'A' is already used by indicator 'a' at indicators.yaml:2:5");
	expect_diag(&dl, 2, "indicators.yaml", 11, 9,
	    "indicator id '9b' must start with a letter and hold only letters, "
	    "digits, '_', '.' and '-'");
	expect_diag(&dl, 3, "indicators.yaml", 19, 12,
	    "'range' minimum is greater than its maximum");
	expect_diag(&dl, 4, "indicators.yaml", 20, 13,
	    "'better' must be 'higher' or 'lower', not 'up'");
	expect_diag(&dl, 5, "indicators.yaml", 21, 15,
	    "alias 'x1' is already used by indicator 'a' at indicators.yaml:2:5");
	expect_diag(&dl, 6, "indicators.yaml", 22, 5, "missing required key 'title'");
	expect_diag(&dl, 7, "indicators.yaml", 25, 12,
	    "'range' does not fit boolean indicator 'd'");
	assert_int_equal(rb.cat.n, 3);
	rulebook_release(&rb);
	diag_release(&dl);
}

static void
test_all_problems_reported(void **state)
{
	struct fix f;

	(void)state;
	/* Several bad rules: each problem is reported, not only the first. */
	load1(&f, SET("    title: t\n    severity: urgent\n    indicator: nope\n"
	    "    target: {present: true}\n"
	    "  - id: T-2\n    titel: t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {present: true}\n"
	    "  - id: 2bad\n    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {present: true}\n"));
	assert_int_equal(f.errs, 5);
	expect_diag(&f.dl, 0, "a.yaml", 7, 15, "unknown severity 'urgent'");
	expect_diag(&f.dl, 1, "a.yaml", 8, 16, "unknown indicator 'nope'");
	expect_diag(&f.dl, 2, "a.yaml", 11, 5, "unknown key 'titel'; did you mean 'title'?");
	expect_diag(&f.dl, 3, "a.yaml", 10, 5, "missing required key 'title'");
	expect_diag(&f.dl, 4, "a.yaml", 15, 9,
	    "rule id '2bad' must start with a letter and hold only letters, digits, "
	    "'_', '.' and '-'");
	done(&f);
}

/*
 * Each loader reports the problems of a mapping in the order it always has:
 * key problems first, in the order of its table (so two missing keys keep
 * their order), then the values, in an order that need not be the table's.
 */
static void
test_message_order(void **state)
{
	struct fix f;
	struct rulebook rb;
	struct diaglist dl;
	struct rule_source cat = src("indicators.yaml",
	    "indicators:\n"
	    "  - {id: a, title: A, unit: u, type: nmber, source: [1]}\n"
	    "sectors:\n"
	    "  - {}\n");

	(void)state;
	load1(&f, "ruleset: T\nrules: [x]\n");
	expect_diag(&f.dl, 0, "a.yaml", 1, 1, "missing required key 'commitment'");
	expect_diag(&f.dl, 1, "a.yaml", 1, 1, "missing required key 'title'");
	done(&f);

	/* The title is read before the commitment, the source before the type. */
	load1(&f, "ruleset: T\ncommitment: 9\ntitle: [t]\nrules: [x]\n");
	expect_diag(&f.dl, 0, "a.yaml", 3, 8, "'title' must be a string, not a list");
	expect_diag(&f.dl, 1, "a.yaml", 2, 13, "'commitment' must be from 1 to 8, not 9");
	expect_diag(&f.dl, 2, "a.yaml", 4, 9, "a rule must be a mapping, not a scalar");
	done(&f);

	rulebook_init(&rb);
	diag_init(&dl);
	assert_int_equal(rulebook_load_sources(&rb, &cat, NULL, 0, NULL, &dl), 4);
	expect_diag(&dl, 0, "indicators.yaml", 2, 53,
	    "'source' must be a string, not a list");
	expect_diag(&dl, 1, "indicators.yaml", 2, 38,
	    "unknown indicator type 'nmber'; did you mean 'number'?");
	expect_diag(&dl, 2, "indicators.yaml", 4, 5, "missing required key 'id'");
	expect_diag(&dl, 3, "indicators.yaml", 4, 5, "missing required key 'title'");
	rulebook_release(&rb);
	diag_release(&dl);

	/* A test's sector before its subject, its name before both. */
	load1(&f, SET("    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {present: true}\ntests:\n"
	    "  - {subject: stat, sector: [s], name: [n], data: {}, expect: {T-1: pass}}\n"));
	expect_diag(&f.dl, 0, "a.yaml", 11, 40, "'name' must be a string, not a list");
	expect_diag(&f.dl, 1, "a.yaml", 11, 29, "'sector' must be a string, not a list");
	expect_diag(&f.dl, 2, "a.yaml", 11, 15,
	    "unknown subject 'stat'; did you mean 'state'?");
	done(&f);
}

/* A stand-in for the rule book: the loaders see only a struct loadctx. */
struct fake_book {
	struct rule rule;
	struct pattern *patterns[4];
	int npatterns;
};

static void
fake_own_pattern(void *book, struct pattern *p)
{
	struct fake_book *b = book;

	assert_true(b->npatterns < 4);
	b->patterns[b->npatterns++] = p;
}

static const struct rule *
fake_find_rule(const void *book, const char *id)
{
	const struct fake_book *b = book;

	return strcmp(id, b->rule.id) == 0 ? &b->rule : NULL;
}

static const char *
fake_suggest_rule(const void *book, const char *id)
{
	const struct fake_book *b = book;

	(void)id;
	return b->rule.id;
}

static void
parse_doc(struct ydoc *doc, const char *name, const char *text, struct diaglist *dl)
{
	assert_int_equal(ydoc_parse(doc, name, text, strlen(text), dl), 0);
}

/*
 * The rule-set and profile loaders work with any book that fills a
 * struct loadctx: patterns go where it says, rules are found through it.
 */
static void
test_loaders_without_book(void **state)
{
	struct fake_book book;
	struct arena arena;
	struct catalogue cat;
	struct diaglist dl;
	struct loadctx lc;
	struct ruleset rs;
	struct profile *profs = NULL;
	size_t nprofs = 0;
	struct ydoc doc;

	(void)state;
	memset(&book, 0, sizeof(book));
	arena_init(&arena);
	catalogue_init(&cat);
	diag_init(&dl);
	lc = (struct loadctx){ .arena = &arena, .cat = &cat,
	    .own_pattern = fake_own_pattern, .owner = &book,
	    .rules = { &book, fake_find_rule, fake_suggest_rule } };
	parse_doc(&doc, "indicators.yaml", catalogue_yaml, &dl);
	assert_int_equal(catalogue_load(&cat, &arena, &doc, &dl), 0);
	ydoc_release(&doc);

	parse_doc(&doc, "a.yaml", SET("    title: t\n    severity: low\n"
	    "    indicator: wto_status\n    target: {match: \"^[A-Z]+$\"}\n"
	    "    evidence: {required: true, match: \"^https://\"}\n"), &dl);
	assert_int_equal(ruleset_load(&lc, &rs, &doc, NULL, &dl), 0);
	ydoc_release(&doc);
	assert_int_equal(dl.n, 0);
	assert_int_equal(rs.nrules, 1);
	assert_int_equal(book.npatterns, 2);
	/* The evidence comes before the check, as the rule's table reads it. */
	assert_ptr_equal(rs.rules[0].evidence_match, book.patterns[0]);
	assert_ptr_equal(rs.rules[0].target.pattern, book.patterns[1]);
	assert_true(rs.rules[0].evidence_required);

	book.rule = rs.rules[0];
	book.rule.id = "T-1";
	parse_doc(&doc, "profiles.yaml", "profiles:\n  - name: p\n    overrides:\n"
	    "      - {rule: T-1, target: {in: [AB, CD]}, severity: high}\n"
	    "      - {rule: T-2}\n", &dl);
	assert_int_equal(profiles_load(&lc, &doc, &profs, &nprofs, &dl), 1);
	ydoc_release(&doc);
	expect_diag(&dl, 0, "profiles.yaml", 5, 16,
	    "unknown rule 'T-2'; did you mean 'T-1'?");
	assert_int_equal(nprofs, 1);
	assert_int_equal(profs[0].noverrides, 2);
	assert_true(profs[0].overrides[0].has_target);
	assert_int_equal(profs[0].overrides[0].target.nset, 2);
	assert_int_equal(profs[0].overrides[0].severity, SEV_HIGH);

	/* A second file adds to the list and sees the profiles before it. */
	parse_doc(&doc, "more.yaml", "profiles:\n  - name: p\n  - name: q\n", &dl);
	assert_int_equal(profiles_load(&lc, &doc, &profs, &nprofs, &dl), 1);
	ydoc_release(&doc);
	expect_diag(&dl, 1, "more.yaml", 2, 5,
	    "duplicate profile 'p' (first at profiles.yaml:2:5)");
	assert_int_equal(nprofs, 3);
	assert_string_equal(profs[0].name, "p");
	assert_string_equal(profs[2].name, "q");

	for (int i = 0; i < book.npatterns; i++)
		pattern_free(book.patterns[i]);
	catalogue_release(&cat);
	arena_release(&arena);
	diag_release(&dl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_yaml_syntax),
		cmocka_unit_test(test_err_unknown_key),
		cmocka_unit_test(test_err_missing_keys),
		cmocka_unit_test(test_err_duplicate_rule),
		cmocka_unit_test(test_err_unknown_indicator),
		cmocka_unit_test(test_err_misfit),
		cmocka_unit_test(test_err_target_forms),
		cmocka_unit_test(test_err_check_keys),
		cmocka_unit_test(test_err_regex),
		cmocka_unit_test(test_err_weight_commitment),
		cmocka_unit_test(test_err_anchor),
		cmocka_unit_test(test_err_checks),
		cmocka_unit_test(test_err_tests),
		cmocka_unit_test(test_err_catalogue),
		cmocka_unit_test(test_all_problems_reported),
		cmocka_unit_test(test_message_order),
		cmocka_unit_test(test_loaders_without_book),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
