/*
 * The words of a report, shared by the rules, the evaluator, the results
 * model and every writer: severities, subjects, statuses, comparison
 * operators, evidence states, why rows were ignored and why a gate fails
 * (the kinds of check are check.h's).
 * Names are indexed by the enums; each list ends with NULL.
 */
#ifndef RC_VOCAB_H
#define RC_VOCAB_H

#include <stddef.h>
#include "value.h"

enum severity {                 /* ordered: higher is more severe */
	SEV_NONE,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
};
extern const char *const severity_names[];      /* "none", "low", ... */
int severity_parse(const char *s);              /* -1 when unknown */

enum subject {
	SUBJ_NONE = 0,                  /* not stated */
	SUBJ_STATE = 1,
	SUBJ_ENTERPRISE = 2,
};
#define SUBJ_ALL (SUBJ_STATE | SUBJ_ENTERPRISE)
const char *subject_name(enum subject s);       /* "state", "enterprise", NULL */
int subject_parse(const char *s, size_t len);   /* -1 when unknown */

/* The outcome of one rule for one entity. */
enum status {
	ST_PASS,
	ST_PARTIAL,
	ST_FAIL,
	ST_MISSING,
	ST_NOT_APPLICABLE,
	ST_WAIVED,
};
extern const char *const status_names[];        /* "pass", ... */
int status_parse(const char *s);                /* -1 when unknown */

enum cmp_op {
	OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
};
extern const char *const cmp_op_names[];        /* "<", "<=", ... */

enum evidence_state {
	EVID_NONE,              /* no value, so nothing to say */
	EVID_NOT_REQUIRED,      /* not required and none given */
	EVID_OK,                /* given (and matching, when a pattern is set) */
	EVID_ABSENT,            /* required, none given */
	EVID_MISMATCH,          /* given, does not match the rule's pattern */
};
extern const char *const evidence_names[];

/* Why input rows were left out (counted per input). */
enum ignore_reason {
	IGN_MISSING_VALUE,
	IGN_UNKNOWN_INDICATOR,
	IGN_ENTITY_NOT_SELECTED,
	IGN_DUPLICATE,
	IGN_NO_VALUES,
	IGN_AGGREGATE,
	IGN_OTHER_SHARD,        /* --shard: an entity another shard evaluates */
	IGN_UNKNOWN_ECONOMY,    /* import maps: an economy name nobody lists */
	IGN_FORMER_ECONOMY,     /* import maps: an economy that no longer exists */
	IGN_FILTERED,           /* import maps: a row of another series or segment */
	IGN_UNIT_MISMATCH,      /* the source names the series in another unit */
	IGN__COUNT,
};
extern const char *const ignore_reason_names[];

/*
 * Why an entity fails the gate; several may hold at once. The rules that
 * fail the severity gate are the results marked so.
 */
enum gate_reason {
	GATE_NOTHING = 1 << 0,          /* no applicable rule had a usable value */
	GATE_UNDER = 1 << 1,            /* overall score below --fail-under */
	GATE_SEVERITY = 1 << 2,         /* a rule of at least --fail-on not passed */
	GATE_COVERAGE = 1 << 3,         /* coverage below --min-coverage */
};

/*
 * How a result compares with a baseline report (SARIF's baselineState):
 * a gap that was not there, the same, a gap whose score changed, or the
 * baseline's gap closed. BS_NONE: no baseline.
 */
enum baseline_state {
	BS_NONE,
	BS_NEW,
	BS_UNCHANGED,
	BS_UPDATED,
	BS_ABSENT,
};
extern const char *const baseline_state_names[];  /* [BS_NONE] is "none" */

/*
 * How much of the run the reports for people show (--detail): the summary
 * alone, with each entity's gaps, or every result. DETAIL_DEFAULT: the
 * writer's own default.
 */
enum detail {
	DETAIL_DEFAULT,
	DETAIL_SUMMARY,
	DETAIL_GAPS,
	DETAIL_FULL,
};
extern const char *const detail_names[];        /* [DETAIL_DEFAULT] is "default" */

/* Index of s in a NULL-terminated list of names, or -1. */
int vocab_index(const char *const *names, const char *s);
/* How many names a NULL-terminated list holds. */
size_t vocab_count(const char *const *names);

/* Short names of the eight commitments, indexed 1..8 ([0] is NULL). */
extern const char *const commitment_names[];

#endif
