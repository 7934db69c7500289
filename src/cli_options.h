/*
 * The options of the command line in one table: getopt_long's entries, the
 * --help text and how a project file may set each.
 */
#ifndef RC_CLI_OPTIONS_H
#define RC_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

/* The getopt values of the options without a short form. */
enum {
	OPT_LIST = 256,
	OPT_EXPLAIN,
	OPT_TEMPLATE,
	OPT_SUBJECT,
	OPT_LINT,
	OPT_TEST,
	OPT_WAIVERS,
	OPT_YEAR,
	OPT_MISSING,
	OPT_FAIL_UNDER,
	OPT_FAIL_ON,
	OPT_ENTITY,
	OPT_SHARD,
	OPT_STRICT,
	OPT_COLOR,
	OPT_RENDER,
	OPT_MIN_COVERAGE,
	OPT_DETAIL,
	OPT_MD_BUDGET,
	OPT_BASELINE,
	OPT_FAIL_ON_NEW,
	OPT_TRAJECTORY,
	OPT_MERGE,
	OPT_TAILORING,
	OPT_RULE,
	OPT_SKIP_RULE,
	OPT_COMMITMENT,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_PRINT_CONFIG,
	OPT_MAP,
	OPT_DATA_YEAR,
	OPT_LIST_MAPS,
};

/* The most options the table may hold (getopt's tables are this size). */
#define CLI_MAX_OPTIONS 64

/* The groups of --help, in order. */
enum group { G_EVAL, G_GATE, G_OUTPUT, G_AUTHOR, G_OTHER, G__COUNT };

/* How a project file may set an option (struct cli_option.cfg). */
#define CO_FILE   0x01u         /* a project file may set it */
#define CO_REPEAT 0x02u         /* repeatable: the file gives a list */
#define CO_PATH   0x04u         /* a path, relative to the file's folder (FMT:FILE's FILE) */
#define CO_EVAL   0x08u         /* only an evaluation takes it */
#define CO_RULES  0x10u         /* chooses the rules: not with --render or --merge */
#define CO_OUT    0x20u         /* a report option: evaluation, --render, --merge */

struct cli_option {
	const char *name;
	int has_arg;
	int val;                        /* the short option, or an OPT_ */
	const char *arg;                /* shown after the name */
	const char *help;
	enum group group;
	unsigned cfg;                   /* CO_ flags */
	const char *def;                /* the default, for --print-config; NULL: none */
};

extern const struct cli_option cli_options[];
extern const size_t cli_noptions;

/* The index in cli_options of the option with getopt value val. */
size_t cli_option_index(int val);
void cli_help(FILE *fp);

#endif
