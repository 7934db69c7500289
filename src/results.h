/*
 * The results model: everything a report says, and nothing a writer has to
 * look up elsewhere. One evaluation fills it (results_build.c, from the
 * evaluator), or a json report read back does (results_load.c); writers
 * render it and see nothing else: not the evaluator, not the observation
 * store, not the rule book.
 *
 * A run is a header (struct res_run: tool, inputs, rule sets, rules,
 * waivers, options, evaluation year), then its entities one by one (struct
 * res_entity, streamed: built once per entity and let go once every writer
 * has rendered it), then a summary (struct res_summary, with a kept row per
 * entity for the writers that show a table of entities).
 *
 * Numbers are those the json report holds, so that every format says the
 * same and a report read back renders the same bytes: entity and
 * commitment scores and gaps in percent are rounded to two decimals, rule
 * scores to four, and the gate is judged on those.
 */
#ifndef RC_RESULTS_H
#define RC_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "check.h"
#include "value.h"
#include "vocab.h"

/* Where a value was read: an input (index into res_run.inputs) and line. */
struct res_source {
	int input;                      /* -1: nowhere */
	uint32_t line;
};

/* An indicator a rule reads, as reports name it. */
struct res_indicator {
	const char *id;
	const char *unit;
	/*
	 * Decimals for people (text, markdown, html): the catalogue's, else 1
	 * for a percentage and 0 for a count; -1: six significant digits.
	 */
	int decimals;
};

/* A rule as defined (before any profile override). */
struct res_ruledef {
	const char *id, *title;
	enum severity severity;
	double weight;
	size_t ruleset;                 /* index into res_run.rulesets */
	int indicator;                  /* index into res_run.indicators, or -1 */
	int max_age;                    /* years; -1: no limit */
	/* Its definition differs from the baseline's, or the baseline lacks it. */
	bool baseline_changed;
	const char **alternatives;      /* ids of the rules that stand in for it */
	size_t nalternatives;
	const char *rationale;          /* NULL: none */
	const char *remediation;        /* NULL: none */
	const struct check *target;     /* its words in target->text */
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
	const char *rule, *entity, *reason;
	const char *approved_by;        /* NULL: not said */
	char expires[11];               /* YYYY-MM-DD */
	const char *file;
	int line, col;
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
	bool has_min_coverage;
	double min_coverage;
	/*
	 * --fail-on-new: the severity gate counts only results that are new or
	 * worse than in the baseline (SEV_NONE: off; fail_on is then unused).
	 */
	enum severity fail_on_new;
	/* --trajectory FROM:TO: each entity's scores as of every year of it. */
	bool has_trajectory;
	int traj_from, traj_to;
	int year;                       /* --year, or 0 */
	/* The rule selection: --rule and --skip-rule globs, --commitment bits. */
	const char **select_rules;
	size_t nselect_rules;
	const char **skip_rules;
	size_t nskip_rules;
	unsigned commitments;           /* bit n: commitment n; 0: every one */
	/* --entity: the ids evaluated, in the order given (none: every entity). */
	const char **entities;
	size_t nentities;
};

/* The kinds of change a tailoring makes, as reports name them; NULL-terminated. */
extern const char *const res_change_kinds[];

/* One change a tailoring made to the rule book (rulebook.h's tailor_change). */
struct res_change {
	const char *kind;               /* unselect, refine, add-ruleset, add-indicator */
	const char *id;
	const char *field;              /* refine: the field; else NULL */
	const char *from, *to;          /* refine: old and new, in words; else NULL */
};

/* A partial report that a merged one was made of (--merge). */
struct res_part {
	const char *file;
	char sha256[65];
};

/* An entity's overall score and coverage as of one year (two decimals). */
struct res_point {
	int year;
	bool has_score, has_coverage;
	double score, coverage;
};

/*
 * The json report's last member: the SHA-256 of every byte of the report
 * before the line that holds it, which a report loaded back must match.
 */
#define RES_DIGEST_KEY "report_sha256"

/* Under --missing skip, an entity whose coverage is below this is flagged. */
#define RES_LOW_COVERAGE 50.0

struct res_run {
	const char *tool, *version;
	char generated[32];             /* ISO 8601 UTC */
	int year;                       /* the entities' evaluation year, 0: none */
	/* Entities have evaluation years of their own (year is then 0). */
	bool years_vary;
	size_t nentities;               /* the entities the run reports */
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
	bool has_baseline;              /* --baseline was given */
	const char *baseline_file;
	char baseline_sha256[65];
	bool has_tailoring;             /* --tailoring was given */
	const char *tailoring_file, *tailoring_name;
	char tailoring_sha256[65];
	struct res_change *changes;
	size_t nchanges;
	bool has_project;               /* options were read from a project file */
	const char *project_file;
	char project_sha256[65];
	/* --shard K/N: the entities whose hash falls in part K of N (0: whole). */
	int shard_k, shard_n;
	struct res_part *parts;         /* --merge: the parts, in the order given */
	size_t nparts;
};

/* One operand of an expression rule, with the value it took. */
struct res_operand {
	int indicator;                  /* index into res_run.indicators */
	bool prev;                      /* prev(indicator) */
	struct value value;         /* V_NONE: missing */
	int year;                       /* 0: none */
	struct res_source src;
};

/* One reason why an entity fails the gate. */
struct res_reason {
	enum gate_reason kind;
	enum severity severity;         /* GATE_SEVERITY: the rules' severity */
	const char *text;               /* e.g. "overall score 34.4 below 40" */
};

struct res_rule {
	size_t def;                     /* index into res_run.rules */
	enum status status;
	bool counted;                   /* enters the commitment score */
	double score;                   /* 0..1, four decimals; 0 when not counted */
	enum severity severity;         /* after profile overrides */
	double weight;
	/* The rule's (the very pointer of its res_ruledef) or an override's. */
	const struct check *target;
	struct value observed;      /* V_NONE: no value was used */
	int year;                       /* of observed; 0: none */
	struct res_source src;
	bool has_base;                  /* trend: the earlier value */
	struct value base;
	int base_year;
	struct res_source base_src;
	bool has_gap, has_gap_pct;
	double gap, gap_pct;            /* gap_pct: two decimals */
	enum evidence_state evidence;
	const char *evidence_text;      /* NULL: none given */
	const char *reason;             /* "" when there is nothing to say */
	int waiver;                     /* index into res_run.waivers, or -1 */
	bool gate;                      /* fails the severity gate */
	enum baseline_state baseline;   /* BS_NONE: no baseline */
	/* BS_UPDATED: the rule score's change (four decimals); + is better. */
	double score_delta;
	struct res_operand *ops;
	size_t nops;
};

struct res_commit {
	size_t ruleset;                 /* index into res_run.rulesets */
	bool has_score;
	double score;                   /* 0..100, two decimals */
	/*
	 * The share (0..100, two decimals) of the weight of the applicable
	 * rules that had usable data; none when no rule applies.
	 */
	bool has_coverage;
	double coverage;
	bool has_score_delta;           /* against the baseline (two decimals) */
	double score_delta;
	size_t first, n;                /* slice of res_entity.rules */
};

struct res_entity {
	const char *id;
	const char *name;               /* an economy's name beside its code, or NULL */
	int year;                       /* its evaluation year, 0: none */
	enum subject subject;
	const char *sector;             /* NULL: not stated */
	const char *profile;            /* NULL: none */
	struct res_source first;        /* where the entity first appears */
	bool has_score;
	double score;                   /* 0..100, two decimals */
	bool has_coverage;
	double coverage;                /* 0..100, two decimals */
	/* --missing skip and coverage under RES_LOW_COVERAGE: a score on little. */
	bool low_coverage;
	bool has_score_delta;           /* against the baseline (two decimals) */
	double score_delta;
	struct res_point *trajectory;   /* --trajectory: one per year, else NULL */
	size_t ntrajectory;
	bool gate_fail;
	struct res_reason *reasons;
	size_t nreasons;
	size_t count[ST_WAIVED + 1];    /* rules by status */
	struct res_commit *commits;     /* one per rule set */
	size_t ncommits;
	struct res_rule *rules;         /* one per rule, in rule-set order */
	size_t nrules;
};

/* What the summary keeps of each entity, for the tables of entities. */
struct res_row {
	const char *id;
	const char *name;               /* NULL: none */
	int year;
	enum subject subject;
	const char *sector, *profile;
	bool has_score;
	double score;
	bool has_coverage;
	double coverage;
	bool low_coverage;
	bool has_score_delta;
	double score_delta;
	struct res_point *trajectory;   /* NULL: none */
	size_t ntrajectory;
	bool gate_fail;
	unsigned gate_kinds;            /* the kinds of its reasons (enum gate_reason) */
	size_t count[ST_WAIVED + 1];
	size_t gaps[SEV_CRITICAL + 1];  /* gaps by severity */
	bool *commit_has;               /* per rule set */
	double *commit_score;
	bool *commit_has_coverage;
	double *commit_coverage;
};

struct res_summary {
	size_t entities;
	bool gate_fail;
	/* No entity at all: the gate fails (but not a shard's, which may hold none). */
	bool nothing_evaluated;
	size_t gate_failing;            /* entities that fail the gate */
	bool has_min_score;
	double min_score;
	size_t count[ST_WAIVED + 1];
	size_t gaps[SEV_CRITICAL + 1];  /* gaps by severity */
	size_t changes[BS_ABSENT + 1];  /* results by change against the baseline */
	size_t worse;                   /* of the BS_UPDATED: those whose score fell */
	size_t failing_by[4];           /* entities failing per kind of reason, by bit */
	struct res_row *rows;           /* one per entity, in report order */
	size_t rowcap;
	/*
	 * Per rule definition: how many entities have a gap on it, of which
	 * severity at most (profiles may raise it), and the first
	 * RES_RULE_ENTITIES of those entities.
	 */
	size_t nrules;
	size_t *rule_gaps;
	enum severity *rule_severity;
	const char **rule_entities;     /* nrules x RES_RULE_ENTITIES */
	struct arena *strings;          /* the rows' texts */
};

/* Entities a summary names per rule ("ARG, CHL, +6 more"). */
#define RES_RULE_ENTITIES 4

/*
 * The rule definitions with a gap for at least one entity, the most severe
 * first, then the most entities, then in rule order (an array of *n
 * indexes into run->rules, to free).
 */
size_t *res_rules_by_gaps(const struct res_summary *s, size_t *n);
/*
 * How r changed since the baseline, in words ("new since the baseline",
 * "worse since the baseline: score -0.25"), or nothing without one.
 */
void res_change_text(struct strbuf *sb, const struct res_rule *r);
/* The summary's failing_by[k] in words: "with nothing evaluated", ... */
extern const char *const res_failing_words[4];

/* ---- the gate ---- */

/*
 * Judge the gate for e from its results and run's options, the one place
 * that does: mark each rule result that fails the severity gate, and set
 * e's reasons (allocated in a), gate_fail and low_coverage. An entity
 * without a score (no rule that counts had a usable value) fails with
 * "nothing was evaluated"; one whose score is below --fail-under fails, as
 * does one whose coverage is below --min-coverage; and so does a rule of at
 * least the --fail-on severity that is partial, failed, or missing unless
 * --missing skip.
 */
struct arena;
void res_judge(const struct res_run *run, struct res_entity *e, struct arena *a);

/* ---- the summary ---- */

void res_summary_init(struct res_summary *s);
void res_summary_release(struct res_summary *s);
/* Add an entity (its row is kept: its texts are copied). */
void res_summary_add(struct res_summary *s, const struct res_run *run,
    const struct res_entity *e);
/*
 * The run fails the gate when nothing was evaluated (no entity at all),
 * unless it is a shard (run->shard_n > 0): an empty shard is no failure,
 * and the merge of the shards judges the whole.
 */
void res_summary_finish(struct res_summary *s, const struct res_run *run);

/* The format of the json report this version writes and reads back. */
#define RES_REPORT_FORMAT 1

/*
 * A file name as reports show it: itself when it is UTF-8, else a copy
 * (in a) whose other bytes are written \xHH, so that every format, the
 * json report included, shows the same text.
 */
const char *res_display_path(struct arena *a, const char *path);

/* ---- helpers for writers ---- */

struct strbuf;
/*
 * Append one line on why a rule was not passed: status, observed value and
 * year, target, gap (in the unit and in percent) and reason.
 */
void res_gap_line(struct strbuf *sb, const struct res_run *run, const struct res_rule *r);
/* Append " (N reason, M reason)" for an input's ignored rows; nothing when none. */
void res_ignored_text(struct strbuf *sb, const struct res_input *in);

/* A reported path of input i, "" when i is -1. */
const char *res_input_path(const struct res_run *run, int input);
/* The rule definition of a result. */
static inline const struct res_ruledef *
res_def(const struct res_run *run, const struct res_rule *r)
{
	return &run->rules[r->def];
}
/* Is the result a gap (partial, fail, or missing that counts)? */
bool res_is_gap(const struct res_rule *r);
/* Does a report for people show a gap for it (not when its check says no: a trend)? */
bool res_shows_gap(const struct res_rule *r);
/*
 * The entity's gaps, worst first: by severity, then fail, partial,
 * missing, then rule order. Returns a new array (free it) and sets *n.
 */
const struct res_rule **res_gaps(const struct res_entity *e, size_t *n);

#endif
