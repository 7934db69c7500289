/*
 * Rule sets: one YAML file per commitment, each a list of rules with exactly
 * one check, plus optional embedded tests.
 */
#ifndef RC_RULESET_H
#define RC_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include "catalogue.h"
#include "pattern.h"
#include "value.h"
#include "vocab.h"

struct expr;

struct target {
	enum check_kind kind;
	/* CHECK_COMPARE */
	enum cmp_op op;
	struct value value;
	bool has_partial;
	double partial_from;
	/* CHECK_BETWEEN */
	double lo, hi;
	/* CHECK_IN */
	struct value *set;
	size_t nset;
	/* CHECK_MATCH */
	struct pattern *pattern;
	/* CHECK_PRESENT: nothing more */
	/* CHECK_TREND */
	int direction;                  /* +1 up, -1 down */
	double min_change_pct;
	int years;
	/* CHECK_EXPR */
	struct expr *expr;
	const char *expr_src;
	int line, col;                  /* where the check was written */
};

struct ruleset;

struct rule {
	const char *id, *title;
	enum severity severity;
	int indicator;                  /* catalogue number, -1 for expr */
	double weight;
	unsigned subjects;              /* mask of enum subject */
	const char **sectors;
	size_t nsectors;
	const char *rationale, *remediation;
	const char **references;
	size_t nreferences;
	int max_age;                    /* years; -1 = no limit */
	bool evidence_required;
	struct pattern *evidence_match; /* NULL = any evidence will do */
	struct target target;
	const struct ruleset *set;
	size_t index;                   /* position in the rule book's flat list */
	const char *file;
	int line, col;
};

/* One datum of a rule test: an indicator's value, in a year or current. */
struct ruletest_datum {
	int indicator;
	int year;                       /* 0 = the current period */
	const char *text;               /* as written */
	int line, col;
};

struct ruletest_expect {
	const char *rule_id;
	enum status status;
	int line, col;
};

struct ruletest {
	const char *name;
	enum subject subject;
	const char *sector;
	struct ruletest_datum *data;
	size_t ndata;
	struct ruletest_expect *expect;
	size_t nexpect;
	int line, col;
};

struct ruleset {
	const char *id, *title, *source;
	int commitment;                 /* 1..8 */
	double weight;
	struct rule *rules;
	size_t nrules;
	struct ruletest *tests;
	size_t ntests;
	const char *file;               /* as shown in messages and reports */
	char sha256[65];                /* of the file's bytes, lower-case hex */
};

/*
 * The largest weight a rule, a rule set or a profile override may have.
 * Weighted sums of scores stay far from overflow, so a score is always a
 * finite number.
 */
#define WEIGHT_MAX 1e6
/* NULL when w is a usable weight, else what is wrong with it. */
const char *weight_problem(double w);


#endif
