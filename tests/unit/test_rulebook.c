/*
 * Unit tests for the rule book: catalogue, rule sets, checks, embedded
 * tests, profiles, waivers and patterns, from in-memory sources, from
 * files and built in. The errors of rule files are in test_ruleset.c.
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
#include <unistd.h>

#include "digest.h"
#include "pattern.h"
#include "rulebook.h"
#include "waiver.h"
#include "xalloc.h"

#include "rules_fixture.h"

static const char ruleset_yaml[] =
    "ruleset: HI-6\n"
    "commitment: 6\n"
    "title: Logistics infrastructure\n"
    "source: clause 6\n"
    "weight: 2\n"
    "rules:\n"
    "  - id: HI-6.1\n"
    "    title: Efficient ports\n"
    "    severity: high\n"
    "    indicator: port_energy_kwh_per_teu\n"
    "    target: {op: \"<=\", value: 25, partial_from: 40}\n"
    "    weight: 3\n"
    "    subjects: [state]\n"
    "    sectors: [ports, shipping]\n"
    "    rationale: why\n"
    "    remediation: fix it\n"
    "    references: https://example.org/a\n"
    "    max_age: 3\n"
    "  - id: HI-6.2\n"
    "    title: Customs\n"
    "    severity: medium\n"
    "    indicator: LP.LPI.CUST.XQ\n"
    "    target: {between: [3, 5]}\n"
    "  - id: HI-6.3\n"
    "    title: Single window\n"
    "    severity: low\n"
    "    indicator: customs_single_window\n"
    "    target: {op: \"==\", value: yes}\n"
    "    evidence: {required: true, match: \"^https?://\"}\n"
    "  - id: HI-6.4\n"
    "    title: Rail grows\n"
    "    severity: critical\n"
    "    indicator: rail_freight_tkm\n"
    "    trend: {direction: up, min_change_pct: 5, years: 2}\n"
    "  - id: HI-6.5\n"
    "    title: WTO member\n"
    "    severity: high\n"
    "    indicator: wto_status\n"
    "    target: {in: [member, observer]}\n"
    "  - id: HI-6.6\n"
    "    title: WTO text\n"
    "    severity: low\n"
    "    indicator: wto_status\n"
    "    target: {match: \"^mem\"}\n"
    "  - id: HI-6.7\n"
    "    title: Reported\n"
    "    severity: low\n"
    "    indicator: wto_status\n"
    "    target: {present: true}\n"
    "    subjects: [enterprise, state]\n"
    "tests:\n"
    "  - name: efficient port passes\n"
    "    subject: state\n"
    "    sector: ports\n"
    "    data: {port_energy_kwh_per_teu: 20}\n"
    "    expect: {HI-6.1: pass}\n"
    "  - name: rail freight grows\n"
    "    data: {rail_freight_tkm: {2022: 100, 2023: 110}, LP.LPI.CUST.XQ: \"3.5\"}\n"
    "    expect: {HI-6.4: pass, HI-6.2: not_applicable}\n";

static const char profiles_yaml[] =
    "profiles:\n"
    "  - name: member-state\n"
    "    description: for states\n"
    "    subject: state\n"
    "    include: [\"HI-6.*\"]\n"
    "    exclude: [HI-6.5, \"HI-6.[67]\"]\n"
    "    overrides:\n"
    "      - rule: HI-6.1\n"
    "        target: {op: \"<=\", value: 30}\n"
    "        weight: 2\n"
    "        severity: critical\n"
    "  - name: enterprise\n"
    "    subject: enterprise\n"
    "  - name: everything\n";

/* ---- a valid book ---- */

static void
test_valid_book(void **state)
{
	struct fix f;
	const char *sets[] = { ruleset_yaml };
	const struct ruleset *rs;
	const struct rule *r;
	const struct indicator *ind;

	(void)state;
	load(&f, sets, 1, profiles_yaml);
	assert_int_equal(f.errs, 0);
	assert_int_equal(f.dl.n, 0);

	/* catalogue */
	assert_int_equal(f.rb.cat.n, 5);
	ind = &f.rb.cat.items[1];
	assert_string_equal(ind->id, "lpi_customs");
	assert_string_equal(ind->unit, "score");
	assert_string_equal(ind->source, "World Bank LPI");
	assert_int_equal(ind->type, IT_NUMBER);
	assert_true(ind->has_range);
	assert_true(ind->min == 1 && ind->max == 5);
	assert_int_equal(ind->better, BETTER_HIGHER);
	assert_int_equal(ind->naliases, 1);
	assert_string_equal(ind->file, "indicators.yaml");
	assert_int_equal(ind->line, 8);
	assert_int_equal(catalogue_find(&f.rb.cat, "lp.lpi.cust.xq", 14), 1);
	assert_int_equal(catalogue_find(&f.rb.cat, "WTO_STATUS", 10), 3);
	assert_int_equal(f.rb.cat.items[0].better, BETTER_LOWER);
	assert_false(f.rb.cat.items[2].has_range);

	/* rule set */
	assert_int_equal(f.rb.nsets, 1);
	rs = &f.rb.sets[0];
	assert_string_equal(rs->id, "HI-6");
	assert_string_equal(rs->title, "Logistics infrastructure");
	assert_string_equal(rs->source, "clause 6");
	assert_int_equal(rs->commitment, 6);
	assert_true(rs->weight == 2);
	assert_string_equal(rs->file, "a.yaml");
	assert_int_equal(strlen(rs->sha256), 64);
	{
		char hex[65];

		digest_buffer(ruleset_yaml, strlen(ruleset_yaml), hex);
		assert_string_equal(rs->sha256, hex);
	}
	assert_int_equal(rs->nrules, 7);
	assert_int_equal(f.rb.nrules, 7);

	r = rulebook_find_rule(&f.rb, "HI-6.1");
	assert_non_null(r);
	assert_ptr_equal(r, f.rb.rules[0]);
	assert_int_equal(r->index, 0);
	assert_ptr_equal(r->set, rs);
	assert_string_equal(r->title, "Efficient ports");
	assert_int_equal(r->severity, SEV_HIGH);
	assert_int_equal(r->indicator, 0);
	assert_true(r->weight == 3);
	assert_int_equal(r->subjects, SUBJ_STATE);
	assert_int_equal(r->nsectors, 2);
	assert_string_equal(r->sectors[1], "shipping");
	assert_string_equal(r->rationale, "why");
	assert_string_equal(r->remediation, "fix it");
	assert_int_equal(r->nreferences, 1);
	assert_string_equal(r->references[0], "https://example.org/a");
	assert_int_equal(r->max_age, 3);
	assert_false(r->evidence_required);
	assert_null(r->evidence_match);
	assert_int_equal(r->target.kind, CHECK_COMPARE);
	assert_int_equal(r->target.op, OP_LE);
	assert_int_equal(r->target.value.kind, V_NUM);
	assert_true(r->target.value.num == 25);
	assert_true(r->target.has_partial);
	assert_true(r->target.partial_from == 40);
	assert_int_equal(r->target.line, 11);
	assert_int_equal(r->target.col, 13);
	assert_string_equal(r->file, "a.yaml");
	assert_int_equal(r->line, 7);
	assert_int_equal(r->col, 5);

	r = rulebook_find_rule(&f.rb, "HI-6.2");
	assert_int_equal(r->index, 1);
	assert_int_equal(r->indicator, 1);         /* resolved through the alias */
	assert_int_equal(r->target.kind, CHECK_BETWEEN);
	assert_true(r->target.lo == 3 && r->target.hi == 5);
	assert_true(r->weight == 1);
	assert_int_equal(r->subjects, SUBJ_ALL);
	assert_int_equal(r->max_age, -1);

	r = rulebook_find_rule(&f.rb, "HI-6.3");
	assert_int_equal(r->target.kind, CHECK_COMPARE);
	assert_int_equal(r->target.op, OP_EQ);
	assert_int_equal(r->target.value.kind, V_BOOL);
	assert_true(r->target.value.b);
	assert_true(r->evidence_required);
	assert_non_null(r->evidence_match);
	assert_string_equal(pattern_source(r->evidence_match), "^https?://");
	assert_int_equal(pattern_match(r->evidence_match, "https://x", 9), PAT_MATCH);

	r = rulebook_find_rule(&f.rb, "HI-6.4");
	assert_int_equal(r->severity, SEV_CRITICAL);
	assert_int_equal(r->target.kind, CHECK_TREND);
	assert_int_equal(r->target.direction, 1);
	assert_true(r->target.min_change_pct == 5);
	assert_int_equal(r->target.years, 2);

	r = rulebook_find_rule(&f.rb, "HI-6.5");
	assert_int_equal(r->target.kind, CHECK_IN);
	assert_int_equal(r->target.nset, 2);
	assert_int_equal(r->target.set[1].kind, V_TEXT);
	assert_string_equal(r->target.set[1].text, "observer");

	r = rulebook_find_rule(&f.rb, "HI-6.6");
	assert_int_equal(r->target.kind, CHECK_MATCH);
	assert_int_equal(pattern_match(r->target.pattern, "member", 6), PAT_MATCH);
	assert_int_equal(pattern_match(r->target.pattern, "none", 4), PAT_NOMATCH);

	r = rulebook_find_rule(&f.rb, "HI-6.7");
	assert_int_equal(r->target.kind, CHECK_PRESENT);
	assert_int_equal(r->subjects, SUBJ_ALL);
	assert_int_equal(f.rb.npatterns, 2);

	assert_null(rulebook_find_rule(&f.rb, "HI-6.8"));
	assert_string_equal(rulebook_suggest_rule(&f.rb, "HI-6.l"), "HI-6.1");

	/* embedded tests */
	assert_int_equal(rs->ntests, 2);
	assert_string_equal(rs->tests[0].name, "efficient port passes");
	assert_int_equal(rs->tests[0].subject, SUBJ_STATE);
	assert_string_equal(rs->tests[0].sector, "ports");
	assert_int_equal(rs->tests[0].ndata, 1);
	assert_int_equal(rs->tests[0].data[0].indicator, 0);
	assert_int_equal(rs->tests[0].data[0].year, 0);
	assert_string_equal(rs->tests[0].data[0].text, "20");
	assert_int_equal(rs->tests[0].nexpect, 1);
	assert_string_equal(rs->tests[0].expect[0].rule_id, "HI-6.1");
	assert_int_equal(rs->tests[0].expect[0].status, ST_PASS);
	assert_int_equal(rs->tests[1].subject, SUBJ_NONE);
	assert_null(rs->tests[1].sector);
	assert_int_equal(rs->tests[1].ndata, 3);
	assert_int_equal(rs->tests[1].data[0].indicator, 4);
	assert_int_equal(rs->tests[1].data[0].year, 2022);
	assert_string_equal(rs->tests[1].data[0].text, "100");
	assert_int_equal(rs->tests[1].data[1].year, 2023);
	assert_string_equal(rs->tests[1].data[1].text, "110");
	assert_int_equal(rs->tests[1].data[1].line, 58);
	assert_int_equal(rs->tests[1].data[2].indicator, 1);
	assert_string_equal(rs->tests[1].data[2].text, "3.5");
	assert_int_equal(rs->tests[1].nexpect, 2);
	assert_int_equal(rs->tests[1].expect[1].status, ST_NOT_APPLICABLE);

	/* profiles */
	assert_int_equal(f.rb.nprofiles, 3);
	{
		const struct profile *p = rulebook_find_profile(&f.rb, "member-state");
		const struct profile_override *o;

		assert_non_null(p);
		assert_ptr_equal(rulebook_default_profile(&f.rb, SUBJ_STATE), p);
		assert_ptr_equal(rulebook_default_profile(&f.rb, SUBJ_ENTERPRISE),
		    rulebook_find_profile(&f.rb, "enterprise"));
		assert_null(rulebook_default_profile(&f.rb, SUBJ_NONE));
		assert_string_equal(p->description, "for states");
		assert_int_equal(p->noverrides, 1);
		o = profile_override_for(p, "HI-6.1");
		assert_non_null(o);
		assert_true(o->has_target);
		assert_int_equal(o->target.op, OP_LE);
		assert_true(o->target.value.num == 30);
		assert_true(o->weight == 2);
		assert_int_equal(o->severity, SEV_CRITICAL);
		assert_null(profile_override_for(p, "HI-6.2"));
		assert_null(rulebook_find_profile(&f.rb, "nobody"));
		assert_int_equal(rulebook_find_profile(&f.rb, "everything")->subject,
		    SUBJ_NONE);
	}
	done(&f);
}

static void
test_name_tables(void **state)
{
	(void)state;
	assert_int_equal(severity_parse("critical"), SEV_CRITICAL);
	assert_int_equal(severity_parse("none"), SEV_NONE);
	assert_int_equal(severity_parse("urgent"), -1);
	assert_string_equal(severity_names[SEV_LOW], "low");
	assert_int_equal(subject_parse("state", 5), SUBJ_STATE);
	assert_int_equal(subject_parse("enterprise", 10), SUBJ_ENTERPRISE);
	assert_int_equal(subject_parse("states", 6), -1);
	assert_string_equal(subject_name(SUBJ_ENTERPRISE), "enterprise");
	assert_null(subject_name(SUBJ_NONE));
	assert_string_equal(cmp_op_names[OP_NE], "!=");
	assert_int_equal(status_parse("not_applicable"), ST_NOT_APPLICABLE);
	assert_int_equal(status_parse("ok"), -1);
	assert_string_equal(status_names[ST_WAIVED], "waived");
	assert_null(commitment_names[0]);
	assert_string_equal(commitment_names[6], "logistics-infrastructure");
	assert_string_equal(commitment_names[8], "business-support");
}

/* ---- profiles ---- */

static void
test_profile_globs(void **state)
{
	const char *inc[] = { "HI-6.*", "HI-1.?" };
	const char *exc[] = { "HI-6.[23]" };
	struct profile p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_true(profile_selects(&p, "anything"));   /* no include: every rule */
	p.include = inc;
	p.ninclude = 2;
	assert_true(profile_selects(&p, "HI-6.1"));
	assert_true(profile_selects(&p, "HI-1.4"));
	assert_false(profile_selects(&p, "HI-1.10"));
	assert_false(profile_selects(&p, "HI-2.1"));
	p.exclude = exc;
	p.nexclude = 1;
	assert_false(profile_selects(&p, "HI-6.2"));
	assert_false(profile_selects(&p, "HI-6.3"));
	assert_true(profile_selects(&p, "HI-6.4"));
	p.ninclude = 0;
	assert_true(profile_selects(&p, "HI-2.1"));
	assert_false(profile_selects(&p, "HI-6.2"));
}

static void
test_profile_errors(void **state)
{
	struct fix f;
	const char *sets[] = { ruleset_yaml };

	(void)state;
	load(&f, sets, 1,
	    "profiles:\n"
	    "  - name: a\n"
	    "    subject: state\n"
	    "    overrides:\n"
	    "      - rule: HI-6.9\n"
	    "      - rule: HI-6.2\n"
	    "        target: {match: \"x\"}\n"
	    "        weight: -1\n"
	    "        severity: hgh\n"
	    "      - rule: HI-6.4\n"
	    "        target: {present: true}\n"
	    "  - name: b\n"
	    "    subject: state\n"
	    "    colour: blue\n"
	    "  - name: a\n");
	assert_int_equal(f.errs, 8);
	expect_diag(&f.dl, 0, "profiles.yaml", 5, 15,
	    "unknown rule 'HI-6.9'; did you mean 'HI-6.1'?");
	expect_diag(&f.dl, 1, "profiles.yaml", 7, 18,
	    "check 'match' does not fit number indicator 'lpi_customs'");
	expect_diag(&f.dl, 2, "profiles.yaml", 8, 17, "weight must be greater than 0");
	expect_diag(&f.dl, 3, "profiles.yaml", 9, 19,
	    "unknown severity 'hgh'; did you mean 'high'?");
	expect_diag(&f.dl, 4, "profiles.yaml", 11, 17,
	    "rule 'HI-6.4' has a trend check; only a 'target' can be overridden");
	expect_diag(&f.dl, 5, "profiles.yaml", 14, 5, "unknown key 'colour'");
	expect_diag(&f.dl, 6, "profiles.yaml", 12, 5,
	    "profile 'b' is a second default for subject 'state' (the first is 'a' "
	    "at profiles.yaml:2:5)");
	expect_diag(&f.dl, 7, "profiles.yaml", 15, 5,
	    "duplicate profile 'a' (first at profiles.yaml:2:5)");
	done(&f);
}

/* ---- waivers ---- */

static char *
write_temp(const char *text)
{
	char *path = xstrdup("/tmp/rc-test-XXXXXX");
	int fd = mkstemp(path);
	size_t len = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

static void
test_date_parse(void **state)
{
	(void)state;
	assert_int_equal(date_parse("2024-12-31", 10), 20241231);
	assert_int_equal(date_parse("2024-02-29", 10), 20240229);
	assert_int_equal(date_parse("2000-02-29", 10), 20000229);
	assert_int_equal(date_parse("1900-02-29", 10), -1);
	assert_int_equal(date_parse("2023-02-29", 10), -1);
	assert_int_equal(date_parse("2023-02-30", 10), -1);
	assert_int_equal(date_parse("2023-04-31", 10), -1);
	assert_int_equal(date_parse("2023-13-01", 10), -1);
	assert_int_equal(date_parse("2023-00-10", 10), -1);
	assert_int_equal(date_parse("2023-1-01", 9), -1);
	assert_int_equal(date_parse("2023/01/01", 10), -1);
	assert_int_equal(date_parse("2023-01-01x", 11), -1);
}

static void
test_waivers(void **state)
{
	struct fix f;
	const char *sets[] = { ruleset_yaml };
	struct waivers w;
	struct diaglist dl;
	char *path;
	char hex[65];
	const char *text =
	    "waivers:\n"
	    "  - rule: HI-6.1\n"
	    "    entity: CHN\n"
	    "    reason: port upgrade under way\n"
	    "    expires: 2024-06-30\n"
	    "    approved_by: secretariat\n"
	    "  - rule: HI-6.2\n"
	    "    entity: \"*\"\n"
	    "    reason: data gap\n"
	    "    expires: 2030-01-01\n"
	    "  - rule: HI-6.2\n"
	    "    entity: IDN\n"
	    "    reason: specific\n"
	    "    expires: 2030-01-01\n";

	(void)state;
	load(&f, sets, 1, NULL);
	assert_int_equal(f.errs, 0);
	path = write_temp(text);
	waivers_init(&w);
	diag_init(&dl);
	assert_int_equal(waivers_load(&w, path, &f.rb, &dl), 0);
	assert_int_equal(dl.n, 0);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.file, path);
	digest_buffer(text, strlen(text), hex);
	assert_string_equal(w.sha256, hex);
	assert_string_equal(w.items[0].rule_id, "HI-6.1");
	assert_string_equal(w.items[0].entity, "CHN");
	assert_string_equal(w.items[0].reason, "port upgrade under way");
	assert_string_equal(w.items[0].approved_by, "secretariat");
	assert_int_equal(w.items[0].expires, 20240630);
	assert_string_equal(w.items[0].expires_text, "2024-06-30");
	assert_int_equal(w.items[0].line, 2);
	assert_int_equal(w.items[0].col, 5);
	assert_null(w.items[1].approved_by);

	/* The waiver holds through its expiry day. */
	waivers_settle(&w, 20240630);
	assert_false(w.items[0].expired);
	assert_ptr_equal(waivers_find(&w, "HI-6.1", "CHN"), &w.items[0]);
	assert_null(waivers_find(&w, "HI-6.1", "IND"));
	waivers_settle(&w, 20240701);
	assert_true(w.items[0].expired);
	assert_false(w.items[1].expired);
	assert_null(waivers_find(&w, "HI-6.1", "CHN"));
	/* A waiver for the entity itself wins over "*". */
	assert_ptr_equal(waivers_find(&w, "HI-6.2", "KAZ"), &w.items[1]);
	assert_ptr_equal(waivers_find(&w, "HI-6.2", "IDN"), &w.items[2]);
	assert_null(waivers_find(&w, "HI-6.3", "IDN"));
	waivers_release(&w);
	diag_release(&dl);
	unlink(path);
	free(path);
	done(&f);
}

static void
test_waiver_errors(void **state)
{
	struct fix f;
	const char *sets[] = { ruleset_yaml };
	struct waivers w;
	struct diaglist dl;
	char *path;

	(void)state;
	load(&f, sets, 1, NULL);
	path = write_temp(
	    "waivers:\n"
	    "  - rule: HI-6.11\n"
	    "    entity: CHN\n"
	    "    reason: \"  \"\n"
	    "    expires: 2023-02-30\n"
	    "  - rule: HI-6.1\n"
	    "    reason: x\n"
	    "    expires: 31/12/2023\n"
	    "    approver: me\n");
	waivers_init(&w);
	diag_init(&dl);
	assert_int_equal(waivers_load(&w, path, &f.rb, &dl), 6);
	expect_diag(&dl, 0, path, 2, 11, "unknown rule 'HI-6.11'; did you mean 'HI-6.1'?");
	expect_diag(&dl, 1, path, 4, 13, "'reason' must not be empty (white space alone says nothing)");
	expect_diag(&dl, 2, path, 5, 14,
	    "invalid date '2023-02-30'; 'expires' must be a real date as YYYY-MM-DD");
	expect_diag(&dl, 3, path, 9, 5, "unknown key 'approver'");
	expect_diag(&dl, 4, path, 6, 5, "missing required key 'entity'");
	expect_diag(&dl, 5, path, 8, 14,
	    "invalid date '31/12/2023'; 'expires' must be a real date as YYYY-MM-DD");
	waivers_release(&w);
	diag_release(&dl);
	unlink(path);
	free(path);
	done(&f);
}

static void
test_waiver_missing_file(void **state)
{
	struct fix f;
	const char *sets[] = { ruleset_yaml };
	struct waivers w;
	struct diaglist dl;

	(void)state;
	load(&f, sets, 1, NULL);
	waivers_init(&w);
	diag_init(&dl);
	assert_int_equal(waivers_load(&w, "/nonexistent/w.yaml", &f.rb, &dl), 1);
	expect_diag(&dl, 0, NULL, 0, 0,
	    "cannot open '/nonexistent/w.yaml': No such file or directory");
	waivers_release(&w);
	diag_release(&dl);
	done(&f);
}

/* ---- loading from paths ---- */

static void
write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

static void
remove_file(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);

	unlink(path);
	free(path);
}

static void
test_load_paths(void **state)
{
	char tmpl[] = "/tmp/rc-rules-XXXXXX";
	char *dir = mkdtemp(tmpl);
	struct rulebook rb;
	struct diaglist dl;
	char *paths[2];
	char *p;

	(void)state;
	assert_non_null(dir);
	write_file(dir, "indicators.yaml", catalogue_yaml);
	write_file(dir, "profiles.yaml", profiles_yaml);
	write_file(dir, "b.yaml", ruleset_yaml);
	write_file(dir, "a.yml",
	    "ruleset: A\ncommitment: 1\ntitle: A\nrules:\n"
	    "  - id: A-1\n    title: t\n    severity: low\n    indicator: wto_status\n"
	    "    target: {present: true}\n");
	write_file(dir, "notes.txt", "not a rule file\n");

	/* A directory: catalogue, profiles, and rule sets sorted by name. */
	rulebook_init(&rb);
	diag_init(&dl);
	paths[0] = dir;
	assert_int_equal(rulebook_load_paths(&rb, paths, 1, &dl), 0);
	assert_int_equal(rb.nsets, 2);
	assert_string_equal(rb.sets[0].id, "A");
	assert_string_equal(rb.sets[1].id, "HI-6");
	p = xasprintf("%s/a.yml", dir);
	assert_string_equal(rb.sets[0].file, p);
	free(p);
	assert_int_equal(rb.nrules, 8);
	assert_int_equal(rb.nprofiles, 3);
	assert_int_equal(rb.cat.n, 5);
	rulebook_release(&rb);
	diag_release(&dl);

	/* A lone file uses the catalogue beside it; the same file twice counts once. */
	rulebook_init(&rb);
	diag_init(&dl);
	paths[0] = xasprintf("%s/b.yaml", dir);
	paths[1] = paths[0];
	assert_int_equal(rulebook_load_paths(&rb, paths, 2, &dl), 0);
	assert_int_equal(rb.nsets, 1);
	assert_int_equal(rb.nprofiles, 0);
	assert_int_equal(rb.cat.n, 5);
	rulebook_release(&rb);
	diag_release(&dl);
	free(paths[0]);

	/* A folder without a catalogue, and a path that does not exist. */
	remove_file(dir, "indicators.yaml");
	rulebook_init(&rb);
	diag_init(&dl);
	paths[0] = dir;
	paths[1] = xasprintf("%s/missing.yaml", dir);
	assert_int_equal(rulebook_load_paths(&rb, paths, 2, &dl), 2);
	p = xasprintf("rules folder '%s' has no indicators.yaml", dir);
	expect_diag(&dl, 0, NULL, 0, 0, p);
	free(p);
	p = xasprintf("cannot open '%s': No such file or directory", paths[1]);
	expect_diag(&dl, 1, NULL, 0, 0, p);
	free(p);
	free(paths[1]);
	rulebook_release(&rb);
	diag_release(&dl);

	remove_file(dir, "profiles.yaml");
	remove_file(dir, "b.yaml");
	remove_file(dir, "a.yml");
	remove_file(dir, "notes.txt");
	rmdir(dir);
}

/* ---- the built-in rules ---- */

/* The rule files shipped in rules/ load without a single problem. */
static void
test_builtin(void **state)
{
	struct rulebook rb;
	struct diaglist dl;
	int errs;

	(void)state;
	if (builtin_rules_count == 0 || builtin_rules[0].name == NULL)
		skip();
	rulebook_init(&rb);
	diag_init(&dl);
	errs = rulebook_load_builtin(&rb, &dl);
	for (size_t i = 0; i < dl.n; i++)
		print_message("%s:%d:%d: %s\n", dl.items[i].file ? dl.items[i].file : "",
		    dl.items[i].line, dl.items[i].col, dl.items[i].msg);
	assert_int_equal(errs, 0);
	assert_true(rb.builtin);
	assert_true(rb.cat.n > 0);
	assert_true(rb.nsets > 0);
	for (size_t i = 0; i < rb.nsets; i++) {
		assert_true(rb.sets[i].commitment >= 1 && rb.sets[i].commitment <= 8);
		assert_int_equal(strlen(rb.sets[i].sha256), 64);
	}
	/*
	 * The built-in catalogue declares the sectors: the four the rules name
	 * and the 21 ISIC Rev. 4 sections, A to U; every rule's sector is one.
	 */
	assert_true(rb.cat.declared);
	assert_int_equal(rb.cat.nsectors, 25);
	for (char c = 'a'; c <= 'u'; c++) {
		char id[8] = "isic-";

		id[5] = c;
		assert_true(catalogue_find_sector(&rb.cat, id, 6) >= 0);
	}
	for (size_t i = 0; i < rb.nrules; i++)
		for (size_t k = 0; k < rb.rules[i]->nsectors; k++)
			assert_true(catalogue_find_sector(&rb.cat, rb.rules[i]->sectors[k],
			    strlen(rb.rules[i]->sectors[k])) >= 0);
	assert_string_equal(catalogue_suggest_sector(&rb.cat, "Integrated-Circuits"),
	    "integrated-circuits");
	assert_string_equal(catalogue_suggest_sector(&rb.cat, "biomedecine"), "biomedicine");
	assert_null(catalogue_suggest_sector(&rb.cat, "textiles"));
	/* Each profile's plan by rule index agrees with its globs and overrides. */
	assert_true(rb.nprofiles > 0);
	for (size_t k = 0; k < rb.nprofiles; k++) {
		const struct profile *p = &rb.profiles[k];
		size_t nsel = 0, nov = 0;

		for (size_t i = 0; i < rb.nrules; i++) {
			assert_int_equal(rb.rules[i]->index, i);
			assert_int_equal(p->selected[i], profile_selects(p, rb.rules[i]->id));
			assert_ptr_equal(p->override[i], profile_override_for(p, rb.rules[i]->id));
			nsel += p->selected[i];
			nov += p->override[i] != NULL;
		}
		assert_true(nsel > 0);
		assert_int_equal(nov, p->noverrides);
	}
	rulebook_release(&rb);
	diag_release(&dl);
}

/* ---- patterns ---- */

static void
test_patterns(void **state)
{
	char msg[256];
	size_t off = 99;
	struct pattern *p;
	char subject[64];

	(void)state;
	p = pattern_compile("^caf\xc3\xa9+$", msg, sizeof(msg), &off);
	assert_non_null(p);
	assert_int_equal(pattern_match(p, "caf\xc3\xa9\xc3\xa9", 7), PAT_MATCH);
	assert_int_equal(pattern_match(p, "cafe", 4), PAT_NOMATCH);
	assert_int_equal(pattern_match(p, "caf\xff", 4), PAT_ERROR);
	pattern_free(p);

	assert_null(pattern_compile("a{2,1}", msg, sizeof(msg), &off));
	assert_string_equal(msg, "numbers out of order in {} quantifier");
	assert_int_equal(off, 5);

	/* Catastrophic backtracking ends at the match limit. */
	p = pattern_compile("^(a+)+$", msg, sizeof(msg), &off);
	assert_non_null(p);
	memset(subject, 'a', 40);
	subject[40] = 'b';
	subject[41] = '\0';
	assert_int_equal(pattern_match(p, subject, 41), PAT_LIMIT);
	pattern_free(p);
	pattern_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_book),
		cmocka_unit_test(test_name_tables),
		cmocka_unit_test(test_profile_globs),
		cmocka_unit_test(test_profile_errors),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_waivers),
		cmocka_unit_test(test_waiver_errors),
		cmocka_unit_test(test_waiver_missing_file),
		cmocka_unit_test(test_load_paths),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_patterns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
