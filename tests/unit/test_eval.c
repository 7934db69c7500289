/*
 * Unit tests of the evaluator and scorer: every status, partial credit on
 * both sides, weights, missing vs --missing skip, not_applicable, waivers,
 * max_age and trend. The gate is judged on the results model (test_results).
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

#include "eval.h"
#include "results_build.h"

static const char catalogue_yaml[] =
    "indicators:\n"
    "  - {id: a_score, title: A, unit: score, type: number, range: [1, 5]}\n"
    "  - {id: b_days, title: B, unit: days, type: number}\n"
    "  - {id: c_share, title: C, unit: '%', type: percent, range: [0, 100]}\n"
    "  - {id: d_flag, title: D, unit: yes/no, type: boolean}\n"
    "  - {id: e_plan, title: E, unit: text, type: text}\n"
    "  - {id: f_teu, title: F, unit: TEU, type: count}\n";

static const char set1_yaml[] =
    "ruleset: T-1\ncommitment: 1\ntitle: one\nweight: 2\nrules:\n"
    "  - {id: T-1.1, title: a, severity: high, indicator: a_score, weight: 2,\n"
    "     target: {op: '>=', value: 3, partial_from: 2}}\n"
    "  - {id: T-1.2, title: b, severity: medium, indicator: b_days,\n"
    "     target: {op: '<=', value: 10, partial_from: 30}}\n"
    "  - {id: T-1.3, title: d, severity: low, indicator: d_flag, subjects: [enterprise],\n"
    "     target: {op: '==', value: true}}\n";

static const char set2_yaml[] =
    "ruleset: T-2\ncommitment: 2\ntitle: two\nrules:\n"
    "  - {id: T-2.1, title: c, severity: medium, indicator: c_share, weight: 2,\n"
    "     target: {between: [20, 80]}}\n"
    "  - {id: T-2.2, title: e, severity: low, indicator: e_plan, target: {present: true}}\n"
    "  - {id: T-2.3, title: f, severity: low, indicator: f_teu, max_age: 2,\n"
    "     trend: {direction: up, min_change_pct: 10, years: 2}}\n"
    "  - {id: T-2.4, title: e2, severity: critical, indicator: e_plan, sectors: [biomedicine],\n"
    "     target: {match: '^Plan [0-9]{4}$'}}\n";

struct fixture {
	struct rulebook rb;
	struct obsstore st;
	struct diaglist dl;
	int file;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct rule_source cat = {"cat.yaml", catalogue_yaml, sizeof(catalogue_yaml) - 1};
	struct rule_source sets[2] = {
		{"one.yaml", set1_yaml, sizeof(set1_yaml) - 1},
		{"two.yaml", set2_yaml, sizeof(set2_yaml) - 1},
	};

	rulebook_init(&f->rb);
	diag_init(&f->dl);
	if (rulebook_load_sources(&f->rb, &cat, sets, 2, NULL, &f->dl) != 0) {
		diag_print(&f->dl, stderr, "test", false);
		return -1;
	}
	obs_init(&f->st);
	f->file = obs_add_file(&f->st, "in.csv");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	obs_release(&f->st);
	rulebook_release(&f->rb);
	diag_release(&f->dl);
	free(f);
	return 0;
}

static void
add_num(struct fixture *f, int ent, const char *ind, int year, double v)
{
	struct obs o = {0};

	o.ind = (uint16_t)catalogue_find(&f->rb.cat, ind, strlen(ind));
	o.year = (int16_t)year;
	o.kind = V_NUM;
	o.num = v;
	o.line = (uint32_t)(f->st.ents[ent].nobs + 2);
	o.file = (uint16_t)f->file;
	obs_add(&f->st, ent, &o);
}

static void
add_text(struct fixture *f, int ent, const char *ind, int year, const char *t)
{
	struct obs o = {0};

	o.ind = (uint16_t)catalogue_find(&f->rb.cat, ind, strlen(ind));
	o.year = (int16_t)year;
	o.kind = V_TEXT;
	o.text = obs_text(&f->st, t, strlen(t));
	o.file = (uint16_t)f->file;
	obs_add(&f->st, ent, &o);
}

static void
add_bool(struct fixture *f, int ent, const char *ind, int year, bool b)
{
	struct obs o = {0};

	o.ind = (uint16_t)catalogue_find(&f->rb.cat, ind, strlen(ind));
	o.year = (int16_t)year;
	o.kind = V_BOOL;
	o.num = b;
	o.file = (uint16_t)f->file;
	obs_add(&f->st, ent, &o);
}

static int
entity(struct fixture *f, const char *id, enum subject s, const char *sector)
{
	int e = obs_entity(&f->st, id, strlen(id), f->file, 1);

	f->st.ents[e].subject = s;
	f->st.ents[e].sector = sector ? strdup(sector) : NULL;
	return e;
}

static void
finish(struct fixture *f)
{
	struct input_info info;

	memset(&info, 0, sizeof(info));
	assert_int_equal(obs_finish(&f->st, &info, 1, &f->dl, 1), 0);
}

static const struct rule_result *
result(const struct entity_result *er, const struct rulebook *rb, const char *id)
{
	const struct rule *r = rulebook_find_rule(rb, id);

	assert_non_null(r);
	return &er->rules[r->index];
}

/* The hand-worked case of tests/fixtures/hw/README, in the unit's terms. */
static void
test_handworked_scores(void **state)
{
	struct fixture *f = *state;
	struct evaluator ev;
	struct eval_opts eo = {.fail_on = SEV_LOW};
	struct entity_result er;
	int a = entity(f, "AAA", SUBJ_STATE, NULL);
	int b = entity(f, "BBB", SUBJ_ENTERPRISE, NULL);

	add_num(f, a, "a_score", 2023, 2.5);
	add_num(f, a, "b_days", 2023, 20);
	add_num(f, a, "c_share", 2023, 50);
	add_num(f, b, "a_score", 2023, 3.5);
	add_num(f, b, "b_days", 2023, 40);
	add_bool(f, b, "d_flag", 2023, true);
	add_num(f, b, "c_share", 2023, 90);
	add_text(f, b, "e_plan", 2023, "Plan 2023");
	finish(f);
	eval_init(&ev, &f->rb, &f->st, &eo);
	assert_int_equal(ev.year, 2023);
	entity_result_init(&er, &f->rb);

	eval_entity(&ev, (size_t)a, &er);
	assert_int_equal(result(&er, &f->rb, "T-1.1")->status, ST_PARTIAL);
	assert_float_equal(result(&er, &f->rb, "T-1.1")->score, 0.5, 1e-12);
	assert_int_equal(result(&er, &f->rb, "T-1.2")->status, ST_PARTIAL);
	assert_float_equal(result(&er, &f->rb, "T-1.2")->score, 0.5, 1e-12);
	assert_int_equal(result(&er, &f->rb, "T-1.3")->status, ST_NOT_APPLICABLE);
	assert_string_equal(result(&er, &f->rb, "T-1.3")->reason.buf, "applies to enterprises only");
	assert_int_equal(result(&er, &f->rb, "T-2.1")->status, ST_PASS);
	assert_int_equal(result(&er, &f->rb, "T-2.2")->status, ST_MISSING);
	assert_int_equal(result(&er, &f->rb, "T-2.4")->status, ST_NOT_APPLICABLE);
	assert_float_equal(er.commits[0].score, 50.0, 1e-9);
	/* T-2: c pass (w2), e missing (w1), trend missing (w1) */
	assert_float_equal(er.commits[1].score, 100.0 * 2 / 4, 1e-9);
	assert_float_equal(er.score, (2 * 50.0 + 50.0) / 3, 1e-9);
	assert_true(er.has_score);

	eval_entity(&ev, (size_t)b, &er);
	assert_int_equal(result(&er, &f->rb, "T-1.1")->status, ST_PASS);
	assert_int_equal(result(&er, &f->rb, "T-1.2")->status, ST_FAIL);
	assert_float_equal(result(&er, &f->rb, "T-1.2")->gap, 30, 1e-12);
	assert_float_equal(result(&er, &f->rb, "T-1.2")->gap_pct, 300, 1e-9);
	assert_int_equal(result(&er, &f->rb, "T-1.3")->status, ST_PASS);
	assert_int_equal(result(&er, &f->rb, "T-2.1")->status, ST_FAIL);
	assert_float_equal(result(&er, &f->rb, "T-2.1")->gap, 10, 1e-12);
	assert_float_equal(result(&er, &f->rb, "T-2.1")->gap_pct, 12.5, 1e-9);
	assert_float_equal(er.commits[0].score, 75.0, 1e-9);
	entity_result_release(&er);
	eval_release(&ev);
}

static void
test_missing_skip(void **state)
{
	struct fixture *f = *state;
	struct evaluator ev;
	struct eval_opts eo = {.fail_on = SEV_HIGH, .missing_skip = true};
	struct entity_result er;
	int a = entity(f, "AAA", SUBJ_STATE, NULL);

	add_num(f, a, "a_score", 2020, 4);
	add_num(f, a, "c_share", 2020, 10);      /* fails, but medium */
	finish(f);
	eval_init(&ev, &f->rb, &f->st, &eo);
	entity_result_init(&er, &f->rb);
	eval_entity(&ev, (size_t)a, &er);
	/* b_days missing and skipped: T-1 is only T-1.1 (pass). */
	assert_float_equal(er.commits[0].score, 100, 1e-9);
	assert_false(result(&er, &f->rb, "T-1.2")->counted);
	/* T-2: only the failed between counts. */
	assert_float_equal(er.commits[1].score, 0, 1e-9);
	assert_float_equal(er.score, 200.0 / 3, 1e-9);
	assert_true(er.has_score);
	entity_result_release(&er);
	eval_release(&ev);
}

/*
 * Weights are bounded when loaded, but should a score come out as NaN or
 * infinity anyway, turning the result into the results model says so: the
 * run makes it an internal error, never a pass.
 */
static void
test_not_finite(void **state)
{
	struct fixture *f = *state;
	struct evaluator ev;
	struct eval_opts eo = {.fail_on = SEV_NONE, .has_fail_under = true, .fail_under = 60};
	struct entity_result er;
	struct res_builder b;
	struct res_run run;
	struct res_entity e;
	struct arena a;
	struct input_info info = { .path = "in.csv" };
	int x = entity(f, "AAA", SUBJ_STATE, NULL);
	struct rule *r = (struct rule *)rulebook_find_rule(&f->rb, "T-1.1");
	struct ruleset *rs = (struct ruleset *)r->set;

	add_num(f, x, "a_score", 2020, 2.5);
	add_num(f, x, "b_days", 2020, 40);
	finish(f);
	eval_init(&ev, &f->rb, &f->st, &eo);
	entity_result_init(&er, &f->rb);
	eval_entity(&ev, (size_t)x, &er);
	res_builder_init(&b, &run, &f->rb, &f->st, &info, 1, NULL, &eo, ev.year,
	    "t", "0", "2026-01-01T00:00:00Z");
	arena_init(&a);
	assert_true(res_entity_build(&b, &run, &er, &e, &a));
	r->weight = 1e308;
	rs->weight = 1e308;
	eval_entity(&ev, (size_t)x, &er);
	assert_false(res_entity_build(&b, &run, &er, &e, &a));
	arena_release(&a);
	res_builder_release(&b);
	entity_result_release(&er);
	eval_release(&ev);
}

static void
test_trend_max_age_and_year(void **state)
{
	struct fixture *f = *state;
	struct evaluator ev;
	struct eval_opts eo = {.fail_on = SEV_LOW};
	struct entity_result er;
	int a = entity(f, "AAA", SUBJ_ENTERPRISE, "biomedicine");
	const struct rule_result *rr;

	add_num(f, a, "f_teu", 2019, 100);
	add_num(f, a, "f_teu", 2021, 111);
	add_num(f, a, "f_teu", 2022, 105);
	add_text(f, a, "e_plan", 2022, "plan 2022");
	finish(f);
	eval_init(&ev, &f->rb, &f->st, &eo);
	entity_result_init(&er, &f->rb);
	eval_entity(&ev, (size_t)a, &er);
	rr = result(&er, &f->rb, "T-2.3");      /* 2022 vs 2020: no 2020 value */
	assert_int_equal(rr->status, ST_MISSING);
	assert_non_null(strstr(rr->reason.buf, "no history"));
	rr = result(&er, &f->rb, "T-2.4");      /* case matters in the pattern */
	assert_int_equal(rr->status, ST_FAIL);

	ev.years[a] = 2021;                     /* as of 2021: 111 vs 100 = +11% */
	eval_entity(&ev, (size_t)a, &er);
	rr = result(&er, &f->rb, "T-2.3");
	assert_int_equal(rr->status, ST_PASS);
	assert_float_equal(rr->gap_pct, 11, 1e-9);
	assert_int_equal(rr->base->year, 2019);

	ev.years[a] = 2025;                     /* 2022 is more than 2 years old */
	eval_entity(&ev, (size_t)a, &er);
	rr = result(&er, &f->rb, "T-2.3");
	assert_int_equal(rr->status, ST_MISSING);
	assert_non_null(strstr(rr->reason.buf, "stale"));
	entity_result_release(&er);
	eval_release(&ev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handworked_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_skip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_finite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trend_max_age_and_year, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
