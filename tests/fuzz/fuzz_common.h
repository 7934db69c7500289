/*
 * Shared by the libFuzzer entry points: a small in-memory catalogue and
 * rule set that cover every indicator type, loaded once per process
 * through the same loader the program uses.
 */
#ifndef RC_FUZZ_COMMON_H
#define RC_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulebook.h"

static const char fuzz_indicators_yaml[] =
    "indicators:\n"
    "  - id: a_score\n"
    "    title: A score on a 1 to 5 scale\n"
    "    unit: score 1-5\n"
    "    type: number\n"
    "    range: [1, 5]\n"
    "    better: higher\n"
    "    aliases: [LP.LPI.CUST.XQ, TEST.A.SCORE]\n"
    "  - id: b_days\n"
    "    title: Days taken by a procedure\n"
    "    unit: days\n"
    "    type: number\n"
    "    better: lower\n"
    "    aliases: [IC.EXP.DURS]\n"
    "  - id: c_share\n"
    "    title: A share in percent\n"
    "    unit: \"%\"\n"
    "    type: percent\n"
    "    range: [0, 100]\n"
    "    aliases: [GB.XPD.RSDV.GD.ZS]\n"
    "  - id: d_flag\n"
    "    title: Whether a measure is in place\n"
    "    unit: yes/no\n"
    "    type: boolean\n"
    "  - id: e_plan\n"
    "    title: Name of the plan in force\n"
    "    unit: text\n"
    "    type: text\n"
    "  - id: f_ports\n"
    "    title: Number of ports\n"
    "    unit: ports\n"
    "    type: count\n";

static const char fuzz_ruleset_yaml[] =
    "ruleset: FZ-1\n"
    "commitment: 1\n"
    "title: Fuzzing set\n"
    "rules:\n"
    "  - id: FZ-1.1\n"
    "    title: A score at least 3\n"
    "    severity: high\n"
    "    indicator: a_score\n"
    "    target: {op: \">=\", value: 3.0, partial_from: 2.0}\n"
    "  - id: FZ-1.2\n"
    "    title: A plan is named\n"
    "    severity: low\n"
    "    indicator: e_plan\n"
    "    target: {match: \"^Plan\"}\n"
    "  - id: FZ-1.3\n"
    "    title: Ratio\n"
    "    severity: medium\n"
    "    expr: \"b_days / f_ports >= 0.5 and not d_flag\"\n";

static const char fuzz_profiles_yaml[] =
    "profiles:\n"
    "  - name: fz\n"
    "    description: Fuzzing profile\n"
    "    subject: state\n"
    "    include: [\"FZ-1.*\"]\n"
    "    overrides:\n"
    "      FZ-1.1: {weight: 2}\n";

static inline struct rule_source
fuzz_source(const char *name, const char *text)
{
	struct rule_source s = { name, text, strlen(text) };

	return s;
}

/*
 * A stream of a copy of the n bytes at p (*copy, freed by the caller after
 * fclose), or NULL. glibc's fmemopen refuses an empty buffer; an empty
 * input is read as an empty file.
 */
static inline FILE *
fuzz_stream(const void *p, size_t n, char **copy)
{
	FILE *fp;

	*copy = malloc(n + 1);
	if (*copy == NULL)
		return NULL;
	memcpy(*copy, p, n);
	fp = n > 0 ? fmemopen(*copy, n, "r") : fopen("/dev/null", "r");
	if (fp == NULL) {
		free(*copy);
		*copy = NULL;
	}
	return fp;
}

/* Load the fuzz catalogue into book, or abort: the targets need it. */
static inline void
fuzz_book_init(struct rulebook *book, const char *prog)
{
	struct rule_source cat = fuzz_source("indicators.yaml", fuzz_indicators_yaml);
	struct diaglist dl;

	diag_init(&dl);
	rulebook_init(book);
	if (rulebook_load_sources(book, &cat, NULL, 0, NULL, &dl) != 0 ||
	    dl.nerrors > 0) {
		diag_print(&dl, stderr, prog, false);
		abort();
	}
	diag_release(&dl);
}

#endif
