/*
 * Rule sets: one YAML file per commitment, each a list of rules with exactly
 * one check, plus optional embedded tests.
 */
#ifndef RC_RULESET_H
#define RC_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include "catalogue.h"
#include "check.h"
#include "pattern.h"
#include "value.h"
#include "vocab.h"
#include "yamldoc.h"
#include "yamlfields.h"

struct ruleset;

/* Most rules that may stand in for one rule. */
#define RULE_MAX_ALTERNATIVES 16

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
	/*
	 * The oldest value that counts, in years before the evaluation year
	 * (-1: no limit): the rule's own 'max_age', else its indicator's
	 * (for an expression, the smallest of its operands' when each has one).
	 */
	int max_age;
	enum age_from { AGE_NONE, AGE_RULE, AGE_CATALOGUE } max_age_from;
	/*
	 * Rules that stand in for this one (a superseded series, the same
	 * index on another scale): of the group, this rule and then these in
	 * order, the first with a usable value counts and the others do not
	 * apply. alt_ids as written; alts resolved once every set is loaded.
	 */
	const char **alt_ids;
	int *alt_lines, *alt_cols;      /* where each id is written */
	size_t nalt_ids;
	const struct rule **alts;
	size_t nalts;
	const struct rule *alt_of;      /* the rule whose group this one is in */
	bool evidence_required;
	struct pattern *evidence_match; /* NULL = any evidence will do */
	struct check target;            /* its one check, of any kind */
	const struct ruleset *set;
	size_t index;                   /* position in the rule book's flat list */
	bool tailored;                  /* refined by the tailoring */
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
	/*
	 * Added by the tailoring: its rules join the default profile of each
	 * subject they apply to (the defaults' globs were written without them).
	 */
	bool tailored;
};

/*
 * The largest weight a rule, a rule set or a profile override may have.
 * Weighted sums of scores stay far from overflow, so a score is always a
 * finite number.
 */
#define WEIGHT_MAX 1e6
/* NULL when w is a usable weight, else what is wrong with it. */
const char *weight_problem(double w);

/* Finding rules by id in what holds them (the rule book). */
struct rule_lookup {
	const void *book;               /* passed back to the functions below */
	/* The rule with this id, or NULL; the nearest id for a hint, or NULL. */
	const struct rule *(*find)(const void *book, const char *id);
	const char *(*suggest)(const void *book, const char *id);
};

/*
 * What the rule-set and profile loaders need of the rule book that will
 * hold what they load. The book fills it and passes it down, so that the
 * loaders do not depend on the book (which depends on them).
 */
struct loadctx {
	struct arena *arena;            /* what is loaded lives here */
	struct catalogue *cat;          /* indicators resolve against it */
	/* Take ownership of a compiled pattern; owner is passed back. */
	void (*own_pattern)(void *owner, struct pattern *p);
	void *owner;
	struct rule_lookup rules;       /* the rules loaded so far */
};

/*
 * Load the rule set in doc into rs (sha256: the digest of the file's bytes,
 * or NULL). Returns the number of errors added to dl.
 */
int ruleset_load(const struct loadctx *lc, struct ruleset *rs,
    const struct ydoc *doc, const char *sha256, struct diaglist *dl);
/*
 * Parse n, the 'target' mapping of a check on indicator number indicator
 * (-1 when it is unknown), into out; problems go to dl, located in file.
 * Returns the number of errors.
 */
int ruleset_parse_target(const struct loadctx *lc, const struct ynode *n,
    int indicator, const char *file, struct diaglist *dl, struct check *out);
/*
 * The rule named by the string v, or NULL after an error ("unknown rule",
 * with a hint when one is near).
 */
const struct rule *ruleset_parse_rule_ref(struct yread *rd, const struct ynode *v,
    const struct rule_lookup *rl);
/* The severity named by v (low to critical), or -1 after an error. */
int ruleset_parse_severity(struct yread *rd, const struct ynode *v);
/* A field check (see yamlfields.h) of a weight: weight_problem() as an error. */
int ruleset_check_weight(struct yread *rd, const struct ynode *v, const void *val);

#endif
