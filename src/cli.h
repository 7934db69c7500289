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
};

/*
 * Parse argv, and for evaluation SOURCE_DATE_EPOCH, into o. Returns 0, or
 * EXIT_USAGE after printing the problem and a hint to standard error.
 */
int cli_parse(int argc, char **argv, struct options *o);
void cli_release(struct options *o);
void cli_help(FILE *fp);
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
