/*
 * Unit tests for tailoring and rule selection: what leaving rules out does
 * to the book (rule sets, indexes, alternatives, tests, profiles), what a
 * refinement changes and records, and the refusals of a selection.
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

#include "rulebook.h"
#include "selection.h"
#include "tailoring.h"

#include "rules_fixture.h"

/* Two rule sets: X-1 with a group of alternatives and a test, X-2. */
static const char set_x1[] =
    "ruleset: X-1\n"
    "commitment: 6\n"
    "title: First\n"
    "rules:\n"
    "  - id: X-1.1\n"
    "    title: Customs\n"
    "    severity: high\n"
    "    indicator: lpi_customs\n"
    "    target: {op: \">=\", value: 3, partial_from: 2}\n"
    "    alternatives: [X-1.2, X-1.3]\n"
    "  - id: X-1.2\n"
    "    title: Window\n"
    "    severity: medium\n"
    "    indicator: customs_single_window\n"
    "    target: {op: \"==\", value: true}\n"
    "  - id: X-1.3\n"
    "    title: Rail\n"
    "    severity: low\n"
    "    indicator: rail_freight_tkm\n"
    "    target: {op: \">=\", value: 100}\n"
    "tests:\n"
    "  - name: both\n"
    "    subject: state\n"
    "    data: {lpi_customs: 3.5}\n"
    "    expect: {X-1.1: pass, X-1.2: not_applicable}\n";

static const char set_x2[] =
    "ruleset: X-2\n"
    "commitment: 7\n"
    "title: Second\n"
    "rules:\n"
    "  - id: X-2.1\n"
    "    title: Ports\n"
    "    severity: medium\n"
    "    subjects: [state]\n"
    "    indicator: port_energy_kwh_per_teu\n"
    "    target: {op: \"<=\", value: 25}\n";

static const char profiles_yaml[] =
    "profiles:\n"
    "  - name: states\n"
    "    subject: state\n"
    "    include: [\"X-*\"]\n";

struct tfix {
	struct rulebook rb;
	struct diaglist dl;
	struct tailoring t;
	struct rulebook_overlay ov;
	int errs;
};

/* Load both sets and the profiles, with the tailoring text when not NULL. */
static void
tload(struct tfix *f, const char *tailoring)
{
	struct rule_source cat = src("indicators.yaml", catalogue_yaml);
	struct rule_source sets[2] = { src("x1.yaml", set_x1), src("x2.yaml", set_x2) };
	struct rule_source prof = src("profiles.yaml", profiles_yaml);

	rulebook_init(&f->rb);
	diag_init(&f->dl);
	tailoring_init(&f->t);
	if (tailoring != NULL) {
		assert_int_equal(tailoring_parse(&f->t, "t.yaml", tailoring, strlen(tailoring),
		    &f->dl), 0);
		tailoring_overlay(&f->t, &f->ov);
		f->rb.overlay = &f->ov;
	}
	f->errs = rulebook_load_sources(&f->rb, &cat, sets, 2, &prof, &f->dl);
}

static void
tdone(struct tfix *f)
{
	rulebook_release(&f->rb);
	tailoring_release(&f->t);
	diag_release(&f->dl);
}

/* The book's invariants: flat list, indexes, set pointers, id lookup. */
static void
check_book(const struct rulebook *rb)
{
	size_t k = 0;

	for (size_t s = 0; s < rb->nsets; s++) {
		for (size_t j = 0; j < rb->sets[s].nrules; j++, k++) {
			const struct rule *r = &rb->sets[s].rules[j];

			assert_ptr_equal(rb->rules[k], r);
			assert_int_equal(r->index, k);
			assert_ptr_equal(r->set, &rb->sets[s]);
			assert_ptr_equal(rulebook_find_rule(rb, r->id), r);
		}
	}
	assert_int_equal(rb->nrules, k);
}

static void
test_untailored(void **state)
{
	static const char *const sets[] = { set_x1, set_x2 };
	struct fix f;

	(void)state;
	load(&f, sets, 2, profiles_yaml);
	assert_int_equal(f.errs, 0);
	assert_false(f.rb.tailored);
	assert_int_equal(f.rb.nrules, 4);
	assert_int_equal(f.rb.nchanges, 0);
	check_book(&f.rb);
	done(&f);
}

/* Leaving out one alternative keeps the rest of the group in order. */
static void
test_unselect_alternative(void **state)
{
	struct tfix f;
	const struct rule *a, *c;

	(void)state;
	tload(&f, "tailoring: t\nunselect: X-1.2\n");
	assert_int_equal(f.errs, 0);
	assert_true(f.rb.tailored);
	assert_string_equal(f.rb.tailor_name, "t");
	assert_int_equal(f.rb.nrules, 3);
	check_book(&f.rb);
	assert_null(rulebook_find_rule(&f.rb, "X-1.2"));
	a = rulebook_find_rule(&f.rb, "X-1.1");
	c = rulebook_find_rule(&f.rb, "X-1.3");
	assert_int_equal(a->nalts, 1);
	assert_ptr_equal(a->alts[0], c);
	assert_ptr_equal(c->alt_of, a);
	/* The test's expectation on the rule left out goes; the other stays. */
	assert_int_equal(f.rb.sets[0].ntests, 1);
	assert_int_equal(f.rb.sets[0].tests[0].nexpect, 1);
	assert_string_equal(f.rb.sets[0].tests[0].expect[0].rule_id, "X-1.1");
	/* The profile's plan follows the new indexes. */
	assert_true(f.rb.profiles[0].selected[c->index]);
	assert_int_equal(f.rb.nchanges, 1);
	assert_int_equal(f.rb.changes[0].kind, TC_UNSELECT);
	assert_string_equal(f.rb.changes[0].id, "X-1.2");
	tdone(&f);
}

/* Leaving out a group's head leaves its alternatives standing alone. */
static void
test_unselect_head(void **state)
{
	struct tfix f;

	(void)state;
	tload(&f, "tailoring: t\nunselect: [X-1.1]\n");
	assert_int_equal(f.errs, 0);
	check_book(&f.rb);
	assert_null(rulebook_find_rule(&f.rb, "X-1.2")->alt_of);
	assert_null(rulebook_find_rule(&f.rb, "X-1.3")->alt_of);
	/* Its test named only rules of which one remains. */
	assert_int_equal(f.rb.sets[0].tests[0].nexpect, 1);
	tdone(&f);
}

/* select brings back after unselect; a set left with no rule goes. */
static void
test_select_after_unselect(void **state)
{
	struct tfix f;

	(void)state;
	tload(&f, "tailoring: t\nunselect: [\"X-*\"]\nselect: [X-2.1]\n");
	assert_int_equal(f.errs, 0);
	assert_int_equal(f.rb.nsets, 1);
	assert_string_equal(f.rb.sets[0].id, "X-2");
	assert_int_equal(f.rb.nrules, 1);
	check_book(&f.rb);
	assert_int_equal(f.rb.nchanges, 3);
	tdone(&f);
}

static void
test_refine(void **state)
{
	struct tfix f;
	const struct rule *r;

	(void)state;
	tload(&f, "tailoring: t\nrefine:\n  X-1.1:\n"
	    "    target: {op: \">=\", value: 2.5, partial_from: 2}\n"
	    "    severity: critical\n    weight: 4\n    max_age: 3\n");
	assert_int_equal(f.errs, 0);
	r = rulebook_find_rule(&f.rb, "X-1.1");
	assert_true(r->tailored);
	assert_int_equal(r->severity, SEV_CRITICAL);
	assert_true(r->weight == 4);
	assert_int_equal(r->max_age, 3);
	assert_int_equal(r->max_age_from, AGE_RULE);
	assert_true(r->target.value.num == 2.5);
	assert_int_equal(f.rb.nchanges, 4);
	assert_string_equal(f.rb.changes[0].field, "target");
	assert_string_equal(f.rb.changes[0].from, ">= 3 (partial from 2)");
	assert_string_equal(f.rb.changes[0].to, ">= 2.5 (partial from 2)");
	assert_string_equal(f.rb.changes[1].from, "high");
	assert_string_equal(f.rb.changes[1].to, "critical");
	assert_string_equal(f.rb.changes[2].from, "1");
	assert_string_equal(f.rb.changes[2].to, "4");
	assert_string_equal(f.rb.changes[3].from, "none");
	assert_string_equal(f.rb.changes[3].to, "3");
	assert_false(rulebook_find_rule(&f.rb, "X-1.2")->tailored);
	tdone(&f);
}

/* Added rules join the default profile of their subject only. */
static void
test_added_set_joins_default_profile(void **state)
{
	struct tfix f;
	const struct rule *r, *e;

	(void)state;
	tload(&f, "tailoring: t\nrulesets:\n"
	    "  - ruleset: N-1\n    commitment: 1\n    title: Added\n    rules:\n"
	    "      - id: N-1.1\n        title: For states\n        severity: low\n"
	    "        subjects: [state]\n        indicator: wto_status\n"
	    "        target: {present: true}\n"
	    "      - id: N-1.2\n        title: For firms\n        severity: low\n"
	    "        subjects: [enterprise]\n        indicator: wto_status\n"
	    "        target: {present: true}\n");
	assert_int_equal(f.errs, 0);
	assert_int_equal(f.rb.nsets, 3);
	check_book(&f.rb);
	r = rulebook_find_rule(&f.rb, "N-1.1");
	e = rulebook_find_rule(&f.rb, "N-1.2");
	assert_true(r->set->tailored);
	assert_true(f.rb.profiles[0].selected[r->index]);
	assert_false(f.rb.profiles[0].selected[e->index]);
	assert_int_equal(f.rb.changes[0].kind, TC_ADD_RULESET);
	tdone(&f);
}

/* Every problem is told, and a tailoring with errors changes nothing. */
static void
test_errors_collected(void **state)
{
	struct tfix f;

	(void)state;
	tload(&f, "tailoring: t\nunselect: [X-1.9, \"Y-*\"]\nrefine:\n  X-2.2:\n"
	    "    weight: 2\n  X-1.1:\n    colour: red\n");
	assert_int_equal(f.errs, 4);
	expect_diag(&f.dl, 0, "t.yaml", 2, 12, "unknown rule 'X-1.9'; did you mean 'X-1.1'?");
	expect_diag(&f.dl, 1, "t.yaml", 2, 19, "'unselect': 'Y-*' matches no rule");
	expect_diag(&f.dl, 2, "t.yaml", 4, 3, "unknown rule 'X-2.2'; did you mean 'X-1.2'?");
	expect_diag(&f.dl, 3, "t.yaml", 7, 5, "unknown key 'colour'");
	assert_int_equal(f.rb.nrules, 4);
	tdone(&f);
}

static void
select_load(struct tfix *f)
{
	tload(f, NULL);
	assert_int_equal(f->errs, 0);
}

static void
test_selection(void **state)
{
	static const char *const rules[] = { "X-1.*" };
	static const char *const skip[] = { "X-1.3" };
	struct rule_selection sel = { rules, 1, skip, 1, 0 };
	struct tfix f;

	(void)state;
	select_load(&f);
	assert_int_equal(selection_apply(&f.rb, &sel, &f.dl), 0);
	assert_int_equal(f.rb.nrules, 2);
	assert_int_equal(f.rb.nsets, 1);
	check_book(&f.rb);
	tdone(&f);

	select_load(&f);
	sel = (struct rule_selection){ NULL, 0, NULL, 0, 1u << 7 };
	assert_int_equal(selection_apply(&f.rb, &sel, &f.dl), 0);
	assert_int_equal(f.rb.nrules, 1);
	assert_string_equal(f.rb.rules[0]->id, "X-2.1");
	tdone(&f);
}

static void
test_selection_refused(void **state)
{
	static const char *const none[] = { "my-rules/" };
	static const char *const all[] = { "X-*" };
	struct rule_selection sel = { none, 1, NULL, 0, 1u << 3 };
	struct tfix f;

	(void)state;
	select_load(&f);
	assert_int_equal(selection_apply(&f.rb, &sel, &f.dl), 2);
	expect_diag(&f.dl, 0, NULL, 0, 0, "--rule 'my-rules/' matches no rule; rule files "
	    "and folders are read with --rules");
	expect_diag(&f.dl, 1, NULL, 0, 0, "--commitment 3: no rule set of the rule book "
	    "is for commitment 3");
	assert_int_equal(f.rb.nrules, 4);
	tdone(&f);

	select_load(&f);
	sel = (struct rule_selection){ NULL, 0, all, 1, 0 };
	assert_int_equal(selection_apply(&f.rb, &sel, &f.dl), 1);
	assert_int_equal(f.rb.nrules, 4);
	tdone(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_untailored),
		cmocka_unit_test(test_unselect_alternative),
		cmocka_unit_test(test_unselect_head),
		cmocka_unit_test(test_select_after_unselect),
		cmocka_unit_test(test_refine),
		cmocka_unit_test(test_added_set_joins_default_profile),
		cmocka_unit_test(test_errors_collected),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_selection_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
