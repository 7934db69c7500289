/*
 * Unit tests of baselines: each result's change state (new, unchanged,
 * updated, absent) by identity (entity, rule, indicator), score deltas,
 * lenient reading of reports of other versions, warnings for other rules,
 * and refusals of what is no report.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "check.h"

/* Rules R-1 (on x), R-2 (on y), R-3 (on x) in rule set S-1; entity AAA. */
struct fixture {
	struct res_run run;
	struct res_ruleset sets[1];
	struct res_ruledef defs[3];
	struct check checks[3];
	struct res_indicator inds[2];
	struct res_rule rules[3];
	struct res_commit commits[1];
	struct res_entity e;
	char path[64];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	static const char *const ids[] = { "R-1", "R-2", "R-3" };

	f->inds[0] = (struct res_indicator){ "x", "u", -1 };
	f->inds[1] = (struct res_indicator){ "y", "u", -1 };
	f->sets[0] = (struct res_ruleset){ .id = "S-1", .commitment = 1, .nrules = 3 };
	memset(f->sets[0].sha256, 'a', 64);
	for (size_t i = 0; i < 3; i++) {
		f->checks[i].kind = CHECK_COMPARE;
		f->checks[i].text = ">= 3";
		f->defs[i] = (struct res_ruledef){ .id = ids[i], .title = ids[i],
		    .severity = SEV_HIGH, .weight = 1, .indicator = i == 1 ? 1 : 0,
		    .target = &f->checks[i] };
		f->rules[i] = (struct res_rule){ .def = i, .status = ST_PASS,
		    .counted = true, .score = 1, .severity = SEV_HIGH, .weight = 1,
		    .target = &f->checks[i], .reason = "", .waiver = -1 };
	}
	f->run.tool = "resilience-check";
	f->run.version = "9.9";
	f->run.rulesets = f->sets;
	f->run.nrulesets = 1;
	f->run.rules = f->defs;
	f->run.nrules = 3;
	f->run.indicators = f->inds;
	f->run.nindicators = 2;
	f->commits[0] = (struct res_commit){ .ruleset = 0, .has_score = true,
	    .score = 50, .first = 0, .n = 3 };
	f->e = (struct res_entity){ .id = "AAA", .has_score = true, .score = 50,
	    .commits = f->commits, .ncommits = 1, .rules = f->rules, .nrules = 3 };
	snprintf(f->path, sizeof(f->path), "/tmp/rc-baseline-XXXXXX");
	close(mkstemp(f->path));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->path);
	free(f);
	return 0;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/*
 * A baseline report: AAA scored 40; R-1 failed, R-2 partial 0.5, R-3 passed.
 * It is of another version than the run (9.9) and has no report_sha256, so
 * it is read leniently, with two warnings: a report of the run's own
 * version is checked in full (test_own_version_checked).
 */
#define OTHER_VERSION_WARNINGS 2
static const char report[] =
    "{\"tool\": {\"name\": \"resilience-check\", \"version\": \"9.8\"},\n"
    " \"rulesets\": [{\"id\": \"S-1\", \"sha256\": \""
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}],\n"
    " \"rules\": [{\"id\": \"R-1\", \"target_text\": \">= 3\", \"severity\": \"high\", \"weight\": 1},\n"
    "   {\"id\": \"R-2\", \"target_text\": \">= 3\", \"severity\": \"high\", \"weight\": 1},\n"
    "   {\"id\": \"R-3\", \"target_text\": \">= 3\", \"severity\": \"high\", \"weight\": 1}],\n"
    " \"entities\": [{\"entity\": \"AAA\", \"score\": 40.0, \"commitments\": [\n"
    "   {\"ruleset\": \"S-1\", \"score\": 40.0, \"rules\": [\n"
    "     {\"id\": \"R-1\", \"status\": \"fail\", \"score\": 0.0, \"indicator\": \"x\"},\n"
    "     {\"id\": \"R-2\", \"status\": \"partial\", \"score\": 0.5, \"indicator\": \"y\"},\n"
    "     {\"id\": \"R-3\", \"status\": \"pass\", \"score\": 1.0, \"indicator\": \"x\"}]}]}]}\n";

static void
test_states(void **state)
{
	struct fixture *f = *state;
	struct diaglist dl;
	struct baseline *b;

	write_file(f->path, report);
	diag_init(&dl);
	b = baseline_load(f->path, &f->run, &dl);
	assert_non_null(b);
	assert_int_equal(dl.nwarnings, OTHER_VERSION_WARNINGS);
	/* R-1 now passes (gap closed), R-2 partial 0.75 (better), R-3 fails (new). */
	f->rules[1].status = ST_PARTIAL;
	f->rules[1].score = 0.75;
	f->rules[2].status = ST_FAIL;
	f->rules[2].score = 0;
	baseline_compare(b, &f->run, &f->e);
	assert_int_equal(f->rules[0].baseline, BS_ABSENT);
	assert_int_equal(f->rules[1].baseline, BS_UPDATED);
	assert_float_equal(f->rules[1].score_delta, 0.25, 1e-12);
	assert_int_equal(f->rules[2].baseline, BS_NEW);
	assert_true(f->e.has_score_delta);
	assert_float_equal(f->e.score_delta, 10, 1e-12);
	assert_true(f->commits[0].has_score_delta);
	assert_float_equal(f->commits[0].score_delta, 10, 1e-12);
	/* The same results again: unchanged throughout. */
	f->rules[0].status = ST_FAIL;
	f->rules[0].score = 0;
	f->rules[1].score = 0.5;
	f->rules[2].status = ST_PASS;
	f->rules[2].score = 1;
	baseline_compare(b, &f->run, &f->e);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(f->rules[i].baseline, BS_UNCHANGED);
	baseline_free(b);
	diag_release(&dl);
}

static void
test_identity_is_entity_rule_indicator(void **state)
{
	struct fixture *f = *state;
	struct diaglist dl;
	struct baseline *b;

	write_file(f->path, report);
	diag_init(&dl);
	b = baseline_load(f->path, &f->run, &dl);
	assert_non_null(b);
	/* R-2 now reads indicator x, not y: another result, so a new gap. */
	f->defs[1].indicator = 0;
	f->rules[1].status = ST_FAIL;
	f->rules[1].score = 0;
	baseline_compare(b, &f->run, &f->e);
	assert_int_equal(f->rules[1].baseline, BS_NEW);
	/* Another entity has no baseline at all: its gaps are new, no deltas. */
	f->e.id = "BBB";
	baseline_compare(b, &f->run, &f->e);
	assert_int_equal(f->rules[1].baseline, BS_NEW);
	assert_int_equal(f->rules[0].baseline, BS_UNCHANGED);
	assert_false(f->e.has_score_delta);
	baseline_free(b);
	diag_release(&dl);
}

static void
test_other_version_and_rules_warn(void **state)
{
	struct fixture *f = *state;
	struct diaglist dl;
	struct baseline *b;
	char *text = strdup(report), *p;

	/* Another version, another rule-set file, R-3 with another target. */
	p = strstr(text, "\"9.8\"");
	memcpy(p, "\"0.1\"", 5);
	p = strstr(text, "aaaa");
	*p = 'b';
	p = strstr(strstr(text, "\"R-3\", \"target_text\""), ">= 3");
	p[3] = '4';
	write_file(f->path, text);
	free(text);
	diag_init(&dl);
	b = baseline_load(f->path, &f->run, &dl);
	assert_non_null(b);
	assert_int_equal(dl.nwarnings, OTHER_VERSION_WARNINGS + 2);
	assert_false(baseline_rule_changed(b, 0));
	assert_true(baseline_rule_changed(b, 2));
	baseline_free(b);
	diag_release(&dl);
}

static void
test_lenient_old_report(void **state)
{
	struct fixture *f = *state;
	struct diaglist dl;
	struct baseline *b;

	/* No indicators on results, no rules list: matched on entity and rule. */
	write_file(f->path,
	    "{\"tool\": {\"name\": \"resilience-check\", \"version\": \"0.0.9\"},\n"
	    " \"entities\": [{\"entity\": \"AAA\", \"commitments\": [{\"ruleset\": \"S-1\",\n"
	    "   \"rules\": [{\"id\": \"R-1\", \"status\": \"fail\", \"score\": 0}]}]}]}\n");
	diag_init(&dl);
	b = baseline_load(f->path, &f->run, &dl);
	assert_non_null(b);
	assert_true(dl.nwarnings >= 3);         /* version, rules, indicators */
	f->rules[0].status = ST_FAIL;
	f->rules[0].score = 0;
	baseline_compare(b, &f->run, &f->e);
	assert_int_equal(f->rules[0].baseline, BS_UNCHANGED);
	assert_false(f->e.has_score_delta);     /* the old report had no score */
	baseline_free(b);
	diag_release(&dl);
}

static void
test_refusals(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {
		"",
		"{\"tool\": {\"name\": \"other\"}, \"entities\": []}",
		"{\"tool\": {\"name\": \"resilience-check\"}}",
		"[1, 2]",
		"{\"tool\": {\"name\": \"resilience-check\"}, \"entities\": [], \"entities\": []}",
	};
	struct diaglist dl;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(f->path, bad[i]);
		diag_init(&dl);
		assert_null(baseline_load(f->path, &f->run, &dl));
		assert_int_equal(dl.nerrors, 1);
		diag_release(&dl);
	}
	diag_init(&dl);
	assert_null(baseline_load("/nonexistent/report.json", &f->run, &dl));
	assert_int_equal(dl.nerrors, 1);
	diag_release(&dl);
}

/*
 * A report of the run's own version is checked as --render checks it: this
 * one has no report_sha256, so it is refused. One of another version whose
 * report_sha256 does not match its content is refused too.
 */
static void
test_own_version_checked(void **state)
{
	struct fixture *f = *state;
	char *text = strdup(report), *p;
	struct diaglist dl;

	p = strstr(text, "\"9.8\"");
	memcpy(p, "\"9.9\"", 5);
	write_file(f->path, text);
	free(text);
	diag_init(&dl);
	assert_null(baseline_load(f->path, &f->run, &dl));
	assert_int_equal(dl.nerrors, 1);
	diag_release(&dl);
	text = strdup(report);
	p = strrchr(text, '}');
	assert_non_null(p);
	*p = '\0';
	text = realloc(text, strlen(text) + 100);
	assert_non_null(text);
	strcat(text, ",\n  \"report_sha256\": \""
	    "0000000000000000000000000000000000000000000000000000000000000000\"\n}\n");
	write_file(f->path, text);
	free(text);
	diag_init(&dl);
	assert_null(baseline_load(f->path, &f->run, &dl));
	assert_int_equal(dl.nerrors, 1);
	assert_non_null(strstr(dl.items[0].msg, "report_sha256 does not match"));
	diag_release(&dl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_is_entity_rule_indicator, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_other_version_and_rules_warn, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lenient_old_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_version_checked, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
