/*
 * What the two halves of the command line share: cli.c (the options and
 * their table) and cli_config.c (the project file, which sets options by
 * their long names, and --print-config).
 */
#ifndef RC_CLI_INT_H
#define RC_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include "cli.h"

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

/* The index in cli_options of the option with getopt value val. */
size_t cli_option_index(int val);
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
 * Read the project file (--config, else .resilience-check.yaml in the
 * current folder when there is one; none under --no-config) and apply the
 * options it sets that the command line does not. Returns 0 or EXIT_USAGE.
 */
int cli_config_apply(struct options *o, struct cli_parse_state *ps);

#endif
