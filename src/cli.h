/*
 * The command line: options into a run request, --help, usage errors.
 */
#ifndef RC_CLI_H
#define RC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include "resilience.h"
#include "ruleset.h"

enum mode {
	MODE_EVAL,
	MODE_LIST,
	MODE_EXPLAIN,
	MODE_TEMPLATE,
	MODE_LINT,
	MODE_TEST,
	MODE_RENDER,
	MODE_MERGE,
	MODE_LIST_MAPS,
	MODE_HELP,
	MODE_VERSION,
	MODE_PRINT_CONFIG,      /* --print-config: print the options and exit 0 */
};

enum color_when {
	COLOR_AUTO,
	COLOR_ALWAYS,
	COLOR_NEVER,
};

struct output_spec {
	const char *format;             /* a known format name */
	const char *file;               /* NULL: standard output */
};

struct options {
	enum mode mode;
	char **rules;                   /* --rules, in order */
	size_t nrules;
	const char *tailoring;          /* --tailoring, or NULL */
	char **select_rules;            /* --rule globs */
	size_t nselect_rules;
	char **skip_rules;              /* --skip-rule globs */
	size_t nskip_rules;
	unsigned commitments;           /* --commitment N: bit n; 0: every one */
	const char *config;             /* --config, or NULL */
	bool no_config;
	/* The project file read (NULL: none), and its SHA-256. */
	const char *project_file;
	char project_sha256[65];
	const char *profile;
	struct output_spec *outs;
	size_t nouts;
	int jobs;
	const char *waivers;
	int year;                       /* 0 = latest in the inputs */
	int trajectory_from, trajectory_to;     /* --trajectory; 0: none */
	bool missing_skip;
	bool has_fail_under;
	double fail_under;
	bool has_min_coverage;
	double min_coverage;
	enum severity fail_on;
	enum detail detail;             /* DETAIL_DEFAULT: each writer's own */
	const char *baseline;           /* --baseline, or NULL */
	enum severity fail_on_new;      /* SEV_NONE: not given */
	size_t markdown_budget;         /* 0: no limit */
	char **entities;
	size_t nentities;
	int shard_k, shard_n;           /* --shard K/N; 0: the whole run */
	size_t chunk_size;              /* RESILIENCE_CHECK_CHUNK_SIZE; 0: none */
	bool strict;
	enum color_when color;
	int verbosity;                  /* -1 quiet, 0 normal, 1 verbose */
	const char *explain_id;
	const char *render;             /* --render: the json report */
	int subject;                    /* --template --subject; SUBJ_NONE = all */
	char **args;                    /* REPORT.csv... or rule PATHs */
	size_t nargs;
	const char *map;                /* --map NAME|FILE, or NULL */
	int data_year;                  /* --data-year; 0: none */
	int *input_years;               /* per argument: FILE@YEAR's year, or 0 */
	/*
	 * Evaluation: the generation time, from SOURCE_DATE_EPOCH or the
	 * clock; checked to lie in years 1970 to 9999.
	 */
	time_t now;
	/* What the parse keeps: origins of the options, strings it made. */
	struct cli_parse_state *ps;
	char **owned;
	size_t nowned;
};

/* Where an option's value came from. */
struct cli_origin {
	enum { ORIGIN_DEFAULT, ORIGIN_FILE, ORIGIN_COMMAND } kind;
	int line;                       /* ORIGIN_FILE */
};

/*
 * The state of one parse: what the checks after every option need, and
 * where each option (by index into cli_options) was set, with its values
 * as given (for --print-config).
 */
struct cli_parse_state {
	const char *output;
	const char *subject;
	const char *eval_only;          /* an option that only an evaluation takes */
	const char *rules_only;         /* an option that chooses rules (not --render) */
	bool print_config;
	struct cli_origin *origin;
	const char ***values;
	size_t *nvalues;
	/* While a project file's value is applied: where it is, for messages. */
	const char *at_file;
	int at_line, at_col;
};

/*
 * Parse argv into o (cli_config_apply may then add a project file's
 * options, and cli_check checks them all). Returns 0, or EXIT_USAGE after
 * printing the problem and a hint to standard error.
 */
int cli_parse(int argc, char **argv, struct options *o);
/*
 * Check the options as a whole and, for evaluation, read
 * SOURCE_DATE_EPOCH. Returns 0, or EXIT_USAGE (EXIT_INTERNAL when the
 * clock cannot be read) after printing the problem.
 */
int cli_check(struct options *o);
void cli_release(struct options *o);
/* Record a value of option val (NULL for a flag) and where it came from. */
void cli_note_value(struct cli_parse_state *ps, int val, const char *arg, int kind,
    int line);
/*
 * Apply option val with argument arg (NULL for a flag) to o. Returns 0,
 * or EXIT_USAGE after printing the problem (located at ps->at_file when
 * set).
 */
int cli_set_option(struct options *o, struct cli_parse_state *ps, int val, char *arg);
/* Print a usage problem, located at ps->at_file when set; returns EXIT_USAGE. */
int cli_usage_error(const struct cli_parse_state *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * The library's request for the options (o must outlive it): the command,
 * the files, and what only the program may decide, such as whether a
 * report to a terminal is in colour (--color, NO_COLOR, TERM) and whether
 * progress is shown. *outs is allocated; free it after the run.
 */
void cli_request(const struct options *o, struct rc_request *req,
    struct rc_output **outs);
/* Show reading progress on standard error (a terminal): rc_request.progress. */
void cli_progress(void *arg, const char *name, uint64_t done, uint64_t total);

#endif
