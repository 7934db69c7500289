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

enum evidence_state {
	EVID_NONE,              /* no value, so nothing to say */
	EVID_NOT_REQUIRED,      /* not required and none given */
	EVID_OK,                /* given (and matching, when a pattern is set) */
	EVID_ABSENT,            /* required, none given */
	EVID_MISMATCH,          /* given, does not match the rule's pattern */
};
extern const char *const evidence_names[];

struct eval_opts {
	int year;                       /* 0: the latest year in the inputs */
	bool missing_skip;              /* --missing skip */
	const struct profile *profile;  /* --profile; NULL: by subject */
	const struct waivers *waivers;  /* may be NULL */
	enum severity fail_on;          /* SEV_NONE: no severity gate */
	bool has_fail_under;
	double fail_under;
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
	const struct target *target;
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
	bool gate;                      /* this result fails the severity gate */
};

struct commit_result {
	const struct ruleset *set;
	bool has_score;
	double score;                   /* 0..100 */
	size_t first, n;                /* slice of entity_result.rules */
};

/*
 * Why an entity fails the gate; several may hold at once. The rules that
 * fail the severity gate are the results with gate set.
 */
enum gate_reason {
	GATE_NOTHING = 1 << 0,          /* no applicable rule had a usable value */
	GATE_UNDER = 1 << 1,            /* overall score below --fail-under */
	GATE_SEVERITY = 1 << 2,         /* a rule of at least --fail-on not passed */
};

struct entity_result {
	const struct entity *ent;
	const struct profile *profile;
	bool has_score;
	double score;                   /* 0..100 */
	bool gate_fail;
	unsigned gate_why;              /* enum gate_reason bits; 0 when it passes */
	size_t gate_count[SEV_CRITICAL + 1];    /* rules failing the gate, by severity */
	bool finite;                    /* every score is a finite number */
	struct commit_result *commits;  /* one per rule set */
	size_t ncommits;
	struct rule_result *rules;      /* one per rule of the book */
	size_t nrules;
	uint32_t *first;                /* scratch: where each indicator starts */
	size_t count[ST_WAIVED + 1];    /* rules by status */
};

struct evaluator {
	const struct rulebook *rb;
	const struct obsstore *obs;
	struct eval_opts opts;
	int year;                       /* effective evaluation year (0: none) */
	bool quiet;                     /* leave reasons out (the summary pass) */
};

struct eval_summary {
	size_t entities;
	bool gate_fail;
	size_t gate_failing;            /* entities that fail the gate */
	/*
	 * The first entity whose score is not a finite number (an internal
	 * error: it must never pass a gate), or NULL.
	 */
	const struct entity *not_finite;
	bool has_min_score;
	double min_score;
	size_t count[ST_WAIVED + 1];
	size_t waivers_applied;
	/*
	 * Set by the caller when there are waivers: waiver_used[i] becomes
	 * true when waiver i applied to a result.
	 */
	bool *waiver_used;
};

void eval_init(struct evaluator *ev, const struct rulebook *rb,
    const struct obsstore *obs, const struct eval_opts *opts);
void entity_result_init(struct entity_result *er, const struct rulebook *rb);
void entity_result_release(struct entity_result *er);
/* Evaluate entity number ent into er (whose buffers are reused). */
void eval_entity(const struct evaluator *ev, size_t ent, struct entity_result *er);
/*
 * Add one evaluated entity to the summary (gate, minimum score, counts).
 * After the last one, call eval_summary_finish.
 */
void eval_summary_add(struct eval_summary *sum, const struct entity_result *er);
/* The run fails the gate when nothing was evaluated (no entity at all). */
void eval_summary_finish(struct eval_summary *sum);

/*
 * The reasons why er fails the gate, one line each without a newline
 * (e.g. "overall score 34.4 below 40", "critical rule not passed: HI-5.1"),
 * for every report format. Calls fn once per reason, in a fixed order:
 * nothing evaluated, score, then severities from critical down.
 */
void eval_gate_reasons(const struct evaluator *ev, const struct entity_result *er,
    void (*fn)(void *arg, enum gate_reason kind, enum severity sev,
    const char *text), void *arg);

/*
 * Judge observed value v against target t (compare, between, in, match,
 * present): the status and score; *why is set to a static explanation when
 * the check could not be made (a pattern limit), else left alone.
 */
enum status eval_check(const struct target *t, const struct value *v,
    double *score, const char **why);

#endif
