/*
 * The results model: everything a report says, and nothing a writer must
 * look up elsewhere. One evaluation fills it (results_build.c from the
 * evaluator), or a json report read back does (results_load.c); writers
 * render it and see nothing else: not the evaluator, not the observation
 * store, not the rule book.
 *
 * A run is a header (struct res_run: tool, inputs, rule sets, rules,
 * waivers, options, evaluation year), then its entities one by one (struct
 * res_entity: streamed, built once per entity and released after every
 * writer has rendered it), then a summary (struct res_summary, with a kept
 * row per entity for the writers that show a table of entities).
 *
 * Numbers are the ones the json report shows, so that every format says
 * the same and a report read back renders the same bytes: entity and
 * commitment scores and percentages are rounded to two decimals, rule
 * scores to four; the gate is judged on those.
 */
#ifndef RC_RESULTS_H
#define RC_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vocab.h"

/* A reported value: a number, yes/no, a text, or nothing. */
struct res_value {
	enum value_kind kind;           /* V_NONE when there is no value */
	double num;                     /* V_NUM */
	bool b;                         /* V_BOOL */
	const char *text;               /* V_TEXT */
};

/* Where a value was read: an input (index into res_run.inputs) and line. */
struct res_source {
	int input;                      /* -1: nowhere (no value) */
	uint32_t line;
};

/* A check, for display: the kinds of SPEC section 5 with their figures. */
struct res_target {
	enum check_kind kind;
	enum cmp_op op;                 /* CHECK_COMPARE */
	struct res_value value;         /* CHECK_COMPARE */
	bool has_partial;
	double partial_from;
	double lo, hi;                  /* CHECK_BETWEEN */
	struct res_value *set;          /* CHECK_IN */
	size_t nset;
	const char *pattern;            /* CHECK_MATCH: the PCRE2 source */
	int direction;                  /* CHECK_TREND: +1 up, -1 down */
	double min_change_pct;
	int years;
	const char *expr;               /* CHECK_EXPR: the source */
	const char *text;               /* in words, e.g. ">= 3 (partial from 2)" */
};

/* An indicator a rule reads, as reports name it. */
struct res_indicator {
	const char *id;
	const char *unit;
};

/* A rule as defined (before any profile override). */
struct res_ruledef {
	const char *id, *title;
	enum severity severity;
	double weight;
	size_t ruleset;                 /* index into res_run.rulesets */
	int indicator;                  /* index into res_run.indicators, or -1 */
	const char *rationale;          /* may be NULL */
	const char *remediation;        /* may be NULL */
	struct res_target target;
};

struct res_ruleset {
	const char *id, *title, *file;
	int commitment;                 /* 1..8 */
	char sha256[65];
	double weight;
	size_t nrules;
};

struct res_input {
	const char *path;
	char sha256[65];
	const char *layout;             /* NULL: unknown */
	size_t read, used, ignored;
	size_t ignored_by[IGN__COUNT];
};

struct res_waiver {
	const char *rule, *entity, *reason, *approved_by;
	char expires[11];               /* YYYY-MM-DD */
	const char *file;
	int line;
	bool expired;
	bool used;                      /* applied to a result of this run */
};

/* The settings that shaped the result. */
struct res_options {
	bool builtin;                   /* built-in rules, not --rules */
	const char *profile;            /* --profile, or NULL: by subject */
	bool missing_skip;
	enum severity fail_on;
	bool has_fail_under;
	double fail_under;
};

struct res_run {
	const char *tool, *version;
	char generated[32];             /* ISO 8601 UTC */
	int year;                       /* evaluation year, 0: none */
	struct res_options opts;
	struct res_ruleset *rulesets;
	size_t nrulesets;
	struct res_ruledef *rules;      /* in rule-set order */
	size_t nrules;
	struct res_indicator *indicators;
	size_t nindicators;
	struct res_input *inputs;
	size_t ninputs;
	bool has_waivers;               /* --waivers was given */
	const char *waivers_file;
	char waivers_sha256[65];
	struct res_waiver *waivers;
	size_t nwaivers;
};

/* One operand of an expression rule, with the value it took. */
struct res_operand {
	int indicator;                  /* index into res_run.indicators */
	bool prev;                      /* prev(indicator) */
	struct res_value value;         /* V_NONE: missing */
	int year;
	struct res_source src;
};

/* Why an entity fails the gate; rules lists the ids for GATE_SEVERITY. */
struct res_reason {
	enum gate_reason kind;
	enum severity severity;         /* GATE_SEVERITY */
	const char *text;
	const char **rules;
	size_t nrules;
};

struct res_rule {
	size_t def;                     /* index into res_run.rules */
	enum status status;
	bool has_score;                 /* false: the rule does not count */
	double score;                   /* 0..1, four decimals */
	bool counted;
	enum severity severity;         /* after profile overrides */
	double weight;
	const struct res_target *target;        /* the rule's or an override's */
	struct res_value observed;      /* V_NONE: no value used */
	int year;                       /* of observed; 0: none */
	struct res_source src;
	bool has_base;                  /* trend: the earlier value */
	struct res_value base;
	int base_year;
	struct res_source base_src;
	bool has_gap, has_gap_pct;
	double gap, gap_pct;            /* gap_pct: two decimals */
	bool show_gap;                  /* reports for people show the gap */
	enum evidence_state evidence;
	const char *evidence_text;      /* NULL: none given */
	const char *reason;             /* "" when there is nothing to say */
	int waiver;                     /* index into res_run.waivers, or -1 */
	bool gate;                      /* fails the severity gate */
	struct res_operand *ops;
	size_t nops;
};

struct res_commit {
	size_t ruleset;                 /* index into res_run.rulesets */
	bool has_score;
	double score;                   /* 0..100, two decimals */
	size_t first, n;                /* slice of res_entity.rules */
};

struct res_entity {
	size_t index;                   /* 0, 1, ... in report order */
	const char *id;
	enum subject subject;
	const char *sector;             /* NULL: not stated */
	const char *profile;            /* NULL: none */
	struct res_source first;        /* where the entity first appears */
	bool has_score;
	double score;                   /* 0..100, two decimals */
	bool gate_fail;
	struct res_reason *reasons;
	size_t nreasons;
	size_t count[ST_WAIVED + 1];    /* rules by status */
	struct res_commit *commits;     /* one per rule set */
	size_t ncommits;
	struct res_rule *rules;         /* one per rule, in rule-set order */
	size_t nrules;
};

/* What the summary keeps of each entity, for tables of entities. */
struct res_row {
	const char *id;
	enum subject subject;
	const char *sector, *profile;
	bool has_score;
	double score;
	bool gate_fail;
	size_t count[ST_WAIVED + 1];
	bool *commit_has;               /* per rule set */
	double *commit_score;
};

struct res_summary {
	size_t entities;
	bool gate_fail;
	size_t gate_failing;            /* entities that fail the gate */
	bool has_min_score;
	double min_score;
	size_t count[ST_WAIVED + 1];
	struct res_row *rows;           /* one per entity, in report order */
};

/* Text of source s: "FILE:LINE", or "" for none. */
const char *res_input_path(const struct res_run *run, struct res_source s);

#endif
