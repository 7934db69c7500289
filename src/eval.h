/*
 * The evaluator and scorer: for one entity, the status, score, gap and
 * provenance of every rule, the weighted commitment scores, the overall
 * score, and whether the entity fails the gate.
 */
#ifndef RC_EVAL_H
#define RC_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include "obs.h"
#include "rulebook.h"
#include "strbuf.h"
#include "waiver.h"

struct eval_opts {
	int year;                       /* 0: the latest year in the inputs */
	bool missing_skip;              /* --missing skip */
	const struct profile *profile;  /* --profile; NULL: by subject */
	const struct waivers *waivers;  /* may be NULL */
	enum severity fail_on;          /* SEV_NONE: no severity gate */
	bool has_fail_under;
	double fail_under;
	bool has_min_coverage;
	double min_coverage;
	enum severity fail_on_new;      /* SEV_NONE: off (results.h) */
	int traj_from, traj_to;         /* --trajectory; 0: none (year is traj_to) */
};

/* Most operands an expression rule lists in reports. */
#define EVAL_MAX_OPERANDS 8

/* One operand of an expression rule, with the value it took. */
struct operand {
	int ind;
	bool prev;                      /* prev(ind) */
	const struct obs *obs;          /* NULL when missing */
};

struct rule_result {
	const struct rule *rule;
	enum status status;
	double score;                   /* 0..1 */
	bool counted;                   /* enters the commitment score */
	enum severity severity;         /* after profile overrides */
	double weight;
	const struct check *target;     /* the rule's, or its profile's override */
	const struct obs *obs;          /* the value used, or NULL */
	const struct obs *base;         /* trend: the earlier value */
	bool has_gap, has_gap_pct;
	double gap, gap_pct;
	enum evidence_state evidence;
	const struct waiver *waiver;
	struct operand ops[EVAL_MAX_OPERANDS];  /* expression rules */
	size_t nops;
	struct strbuf reason;           /* empty when there is nothing to say; never cut */
	bool quiet;                     /* reasons are not written */
	bool judged;                    /* a usable value was judged (before any waiver) */
};

struct commit_result {
	const struct ruleset *set;
	bool has_score;
	double score;                   /* 0..100 */
	/*
	 * The share (0..100) of the weight of the applicable rules (neither
	 * not_applicable nor waived) that had usable data; none when no rule
	 * applies.
	 */
	bool has_coverage;
	double coverage;
	size_t first, n;                /* slice of entity_result.rules */
};

struct entity_result {
	const struct entity *ent;
	const struct profile *profile;
	int year;                       /* its evaluation year (0: none) */
	/*
	 * No score when no rule that counts had a usable value: such an entity
	 * fails the gate as "nothing was evaluated" (results.h).
	 */
	bool has_score;
	double score;                   /* 0..100 */
	/* The commitments' coverages, weighted as their scores are. */
	bool has_coverage;
	double coverage;
	struct commit_result *commits;  /* one per rule set */
	size_t ncommits;
	struct rule_result *rules;      /* one per rule of the book */
	size_t nrules;
	uint32_t *first;                /* scratch: where each indicator starts */
	size_t count[ST_WAIVED + 1];    /* rules by status */
	/*
	 * --trajectory: the overall score and coverage as of each year of the
	 * range, the last being this result's own (eval_trajectory).
	 */
	struct traj_point *traj;
	size_t ntraj;
};

/* One year of a trajectory. */
struct traj_point {
	int year;
	bool has_score, has_coverage;
	double score, coverage;         /* 0..100 */
};

struct evaluator {
	const struct rulebook *rb;
	const struct obsstore *obs;
	struct eval_opts opts;
	/*
	 * Each entity's evaluation year (0: none, when no input has a year):
	 * --year, else the latest year with a value in any input file that
	 * holds a value of the entity, so that an input that does not report
	 * an entity never changes its result.
	 */
	int *years;
	int year;                       /* the entities' common year; 0 when they differ */
	bool years_vary;
	bool quiet;                     /* leave reasons out (the summary pass) */
};

void eval_init(struct evaluator *ev, const struct rulebook *rb,
    const struct obsstore *obs, const struct eval_opts *opts);
void eval_release(struct evaluator *ev);
void entity_result_init(struct entity_result *er, const struct rulebook *rb);
void entity_result_release(struct entity_result *er);
/* Evaluate entity number ent into er (whose buffers are reused). */
void eval_entity(const struct evaluator *ev, size_t ent, struct entity_result *er);
/* The same, as of year (0: none) rather than the entity's own. */
void eval_entity_as_of(const struct evaluator *ev, size_t ent, int year,
    struct entity_result *er);
/*
 * A trajectory: entity ent evaluated as of each year from..to, into
 * er->traj; er holds the evaluation as of to. Each year is evaluated once.
 */
void eval_trajectory(const struct evaluator *ev, size_t ent, int from, int to,
    struct entity_result *er);
/* How many times eval_entity ran since the program started (for tests). */
size_t eval_count(void);

#endif
