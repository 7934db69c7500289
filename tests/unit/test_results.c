/*
 * Unit tests of the results model: the gate judged on the model alone (the
 * one place that does), its reasons in words, the summary with its kept
 * rows, and the helpers writers share.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "results.h"
#include "strbuf.h"

/* A run of two rule sets: S-1 with R-1 (high), R-2 (medium); S-2 with R-3 (low). */
struct fixture {
	struct res_run run;
	struct res_ruleset sets[2];
	struct res_ruledef defs[3];
	struct check checks[3];
	struct res_rule rules[3];
	struct res_commit commits[2];
	struct res_entity e;
	struct arena a;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	static const char *const ids[] = { "R-1", "R-2", "R-3" };
	static const enum severity sev[] = { SEV_HIGH, SEV_MEDIUM, SEV_LOW };

	f->sets[0] = (struct res_ruleset){ .id = "S-1", .commitment = 1, .nrules = 2 };
	f->sets[1] = (struct res_ruleset){ .id = "S-2", .commitment = 2, .nrules = 1 };
	for (size_t i = 0; i < 3; i++) {
		f->defs[i] = (struct res_ruledef){ .id = ids[i], .title = ids[i],
		    .severity = sev[i], .weight = 1, .ruleset = i < 2 ? 0 : 1,
		    .indicator = -1 };
		f->checks[i].kind = CHECK_PRESENT;
		f->checks[i].text = "reported";
		f->defs[i].target = &f->checks[i];
		f->rules[i] = (struct res_rule){ .def = i, .status = ST_PASS,
		    .counted = true, .score = 1, .severity = sev[i], .weight = 1,
		    .target = &f->checks[i], .reason = "", .waiver = -1 };
		f->rules[i].src.input = -1;
	}
	f->run.rulesets = f->sets;
	f->run.nrulesets = 2;
	f->run.rules = f->defs;
	f->run.nrules = 3;
	f->run.opts.fail_on = SEV_LOW;
	f->commits[0] = (struct res_commit){ .ruleset = 0, .has_score = true,
	    .score = 100, .first = 0, .n = 2 };
	f->commits[1] = (struct res_commit){ .ruleset = 1, .has_score = true,
	    .score = 100, .first = 2, .n = 1 };
	f->e = (struct res_entity){ .id = "AAA", .has_score = true, .score = 100,
	    .commits = f->commits, .ncommits = 2, .rules = f->rules, .nrules = 3 };
	f->e.first.input = -1;
	arena_init(&f->a);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	arena_release(&f->a);
	free(f);
	return 0;
}

/* The entity's reasons as "kind:severity:text" lines. */
static const char *
reasons(const struct res_entity *e)
{
	static char buf[1024];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < e->nreasons; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%d:%s:%s\n",
		    (int)e->reasons[i].kind, severity_names[e->reasons[i].severity],
		    e->reasons[i].text);
	return buf;
}

static void
test_gate_passes_when_every_rule_passes(void **state)
{
	struct fixture *f = *state;

	res_judge(&f->run, &f->e, &f->a);
	assert_false(f->e.gate_fail);
	assert_int_equal(f->e.nreasons, 0);
	for (size_t i = 0; i < 3; i++)
		assert_false(f->rules[i].gate);
}

static void
test_gate_reasons(void **state)
{
	struct fixture *f = *state;

	f->rules[0].status = ST_PARTIAL;
	f->rules[1].status = ST_MISSING;
	f->rules[2].status = ST_FAIL;
	f->e.score = 66.66;
	f->run.opts.has_fail_under = true;
	f->run.opts.fail_under = 66.67;
	f->run.opts.fail_on = SEV_MEDIUM;
	res_judge(&f->run, &f->e, &f->a);
	assert_true(f->e.gate_fail);
	assert_true(f->rules[0].gate);
	assert_true(f->rules[1].gate);
	assert_false(f->rules[2].gate);         /* low is below --fail-on medium */
	/* The score is printed as the model holds it: never as the threshold. */
	assert_string_equal(reasons(&f->e),
	    "2:none:overall score 66.66 below 66.67\n"
	    "4:high:high rule not passed: R-1\n"
	    "4:medium:medium rule not passed: R-2\n");

	/* Under --missing skip a missing rule fails no gate. */
	f->run.opts.missing_skip = true;
	f->run.opts.has_fail_under = false;
	res_judge(&f->run, &f->e, &f->a);
	assert_string_equal(reasons(&f->e), "4:high:high rule not passed: R-1\n");

	/* Several of one severity are listed together, in rule order. */
	f->run.opts.fail_on = SEV_LOW;
	f->rules[0].severity = SEV_LOW;
	res_judge(&f->run, &f->e, &f->a);
	assert_string_equal(reasons(&f->e), "4:low:low rules not passed: R-1, R-3\n");

	/* --fail-on none turns the severity gate off. */
	f->run.opts.fail_on = SEV_NONE;
	res_judge(&f->run, &f->e, &f->a);
	assert_false(f->e.gate_fail);
}

static void
test_nothing_evaluated(void **state)
{
	struct fixture *f = *state;

	/* No score: no rule that counts had a usable value. */
	f->e.has_score = false;
	f->run.opts.fail_on = SEV_NONE;
	res_judge(&f->run, &f->e, &f->a);
	assert_true(f->e.gate_fail);
	assert_string_equal(reasons(&f->e),
	    "1:none:nothing was evaluated: no rule that counts had a usable value\n");
}

static void
test_summary(void **state)
{
	struct fixture *f = *state;
	struct res_summary s;

	res_summary_init(&s);
	f->e.count[ST_PASS] = 3;
	res_judge(&f->run, &f->e, &f->a);
	res_summary_add(&s, &f->run, &f->e);
	f->e.id = "BBB";
	f->e.score = 40;
	f->rules[0].status = ST_FAIL;
	f->commits[0].score = 50;
	res_judge(&f->run, &f->e, &f->a);
	res_summary_add(&s, &f->run, &f->e);
	res_summary_finish(&s, &f->run);
	assert_int_equal(s.entities, 2);
	assert_true(s.gate_fail);
	assert_int_equal(s.gate_failing, 1);
	assert_true(s.has_min_score);
	assert_float_equal(s.min_score, 40, 0);
	assert_int_equal(s.count[ST_PASS], 6);
	/* Rows keep their own copies: the entity may go. */
	assert_string_equal(s.rows[0].id, "AAA");
	assert_string_equal(s.rows[1].id, "BBB");
	assert_float_equal(s.rows[0].commit_score[0], 100, 0);
	assert_float_equal(s.rows[1].commit_score[0], 50, 0);
	assert_true(s.rows[1].gate_fail);
	res_summary_release(&s);

	/* No entity at all: the run fails. */
	res_summary_init(&s);
	res_summary_finish(&s, &f->run);
	assert_true(s.gate_fail);
	assert_true(s.nothing_evaluated);
	assert_false(s.has_min_score);
	res_summary_release(&s);

	/* But a shard may hold no entity: the merge judges the whole. */
	f->run.shard_k = 2;
	f->run.shard_n = 4;
	res_summary_init(&s);
	res_summary_finish(&s, &f->run);
	assert_false(s.gate_fail);
	assert_false(s.nothing_evaluated);
	res_summary_release(&s);
	f->run.shard_k = f->run.shard_n = 0;
}

static void
test_gaps_and_texts(void **state)
{
	struct fixture *f = *state;
	const struct res_rule **gaps;
	struct strbuf sb;
	size_t n;

	f->rules[2].status = ST_FAIL;
	f->rules[1].status = ST_PARTIAL;
	f->rules[0].status = ST_MISSING;
	f->rules[0].counted = false;           /* skipped: no gap */
	gaps = res_gaps(&f->e, &n);
	assert_int_equal(n, 2);
	assert_ptr_equal(gaps[0], &f->rules[1]);        /* medium before low */
	assert_ptr_equal(gaps[1], &f->rules[2]);
	free(gaps);

	/* A gap line (the words of each kind of check are test_check's). */
	strbuf_init(&sb);
	f->rules[1].observed = (struct value){ .kind = V_NUM, .num = 2.5 };
	f->rules[1].year = 2023;
	f->rules[1].has_gap = f->rules[1].has_gap_pct = true;
	f->rules[1].gap = -0.5;
	f->rules[1].gap_pct = -16.67;
	f->rules[1].reason = "why";
	res_gap_line(&sb, &f->run, &f->rules[1]);
	assert_string_equal(sb.buf,
	    "partial: observed 2.5 (2023); target reported; gap -0.5 (-16.7%); why");
	/* A trend's gap is its change, which its reason words: not shown. */
	f->checks[1].kind = CHECK_TREND;
	assert_false(res_shows_gap(&f->rules[1]));
	strbuf_reset(&sb);
	res_gap_line(&sb, &f->run, &f->rules[1]);
	assert_string_equal(sb.buf, "partial: observed 2.5 (2023); target reported; why");
	strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gate_passes_when_every_rule_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_evaluated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gaps_and_texts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
