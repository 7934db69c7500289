/*
 * What a program asks of the library and what it answers (the types of
 * resilience.h, apart so that the modules that carry a request out can
 * name them without depending on the entry point).
 */
#ifndef RC_REQUEST_H
#define RC_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "vocab.h"

/* What the library answers; the program maps it to its exit status. */
enum rc_status {
	RC_OK,                  /* done; an evaluation's gate passed */
	RC_GATE,                /* evaluated and the gate failed (or a rule test failed) */
	RC_USAGE,               /* the request cannot be carried out as asked */
	RC_INPUT,               /* a self-report, waiver file or json report is bad */
	RC_RULES,               /* a rule, profile or catalogue file is invalid */
	RC_INTERNAL,            /* out of memory, a report could not be written */
};

enum rc_command {
	RC_EVALUATE,            /* score the inputs and write the reports */
	RC_RENDER,              /* write the reports of a json report (render) */
	RC_MERGE,               /* write one report of partial json reports (inputs) */
	RC_LIST_RULES,
	RC_EXPLAIN,
	RC_TEMPLATE,
	RC_LINT_RULES,          /* inputs are rule paths (none: the rules of the request) */
	RC_TEST_RULES,          /* likewise */
	RC_LIST_MAPS,           /* the import maps, one a line */
};

/* One report to write. */
struct rc_output {
	const char *format;     /* a name of rc_format_name */
	const char *file;       /* NULL: the request's out stream (standard output) */
	bool color;             /* text: ANSI colours */
};

struct rc_request {
	enum rc_command command;
	const char *const *inputs;      /* self-reports ("-": in), or rule paths */
	size_t ninputs;
	const char *const *rules;       /* --rules paths; none: the built-in set */
	size_t nrules;
	const char *tailoring;          /* --tailoring: an overlay on the rules, or NULL */
	/* --rule, --skip-rule: rule-id globs; --commitment: bit n for commitment n */
	const char *const *select_rules;
	size_t nselect_rules;
	const char *const *skip_rules;
	size_t nskip_rules;
	unsigned commitments;           /* 0: every commitment */
	/*
	 * The project file the options were partly read from (the program
	 * reads it), and its SHA-256, for the report's record; NULL: none.
	 */
	const char *project_file;
	const char *project_sha256;
	const char *profile;            /* NULL: by each entity's subject */
	const struct rc_output *outputs;
	size_t noutputs;
	int jobs;                       /* 0: one thread per online processor */
	const char *waivers;            /* NULL: none */
	int year;                       /* 0: from the inputs */
	int trajectory_from, trajectory_to;     /* --trajectory; 0: none */
	bool missing_skip;
	bool has_fail_under;
	double fail_under;
	bool has_min_coverage;
	double min_coverage;            /* 0..100 */
	enum severity fail_on;
	const char *baseline;           /* --baseline: an earlier json report, or NULL */
	enum severity fail_on_new;      /* SEV_NONE: off; else replaces fail_on */
	enum detail detail;             /* text, markdown, html; DETAIL_DEFAULT: each its own */
	size_t markdown_budget;         /* the most characters of markdown; 0: no limit */
	const char *const *entities;    /* --entity; none: every entity */
	size_t nentities;
	int shard_k, shard_n;           /* --shard K/N (shard.h); 0: the whole run */
	bool strict;                    /* warnings about inputs are errors */
	bool verbose;                   /* notes on what was read */
	const char *explain;            /* RC_EXPLAIN: the rule id */
	/*
	 * RC_TEMPLATE: the template's subject (SUBJ_NONE for every subject);
	 * RC_EVALUATE: the subject of the entities of inputs without a
	 * subject column (SUBJ_NONE: World Bank layouts and maps give theirs).
	 */
	enum subject subject;
	const char *render;             /* RC_RENDER: the json report ("-": in) */
	/*
	 * Import maps: map is a built-in map's name or a map file that reads
	 * every input (NULL: maps are recognised from each input's header);
	 * data_year is the year of inputs whose map gives none (0: none), and
	 * input_years[i] (when not NULL and not 0) that of input i alone.
	 */
	const char *map;
	int data_year;
	const int *input_years;
	time_t now;                     /* the time of the run (reports, waivers) */
	FILE *out;                      /* where the rule-author commands write */
	/*
	 * Called now and then while a large input is read (may be NULL): bytes
	 * read so far of total; done == total once at the end.
	 */
	void (*progress)(void *arg, const char *name, uint64_t done, uint64_t total);
	void *progress_arg;
	/* Chunks of a regular input for the threads, in bytes (0: by size). */
	size_t chunk_size;
};

#endif
