/*
 * The project file: default options read from .resilience-check.yaml in
 * the current folder, or from the file --config names, and --print-config.
 */
#ifndef RC_CLI_CONFIG_H
#define RC_CLI_CONFIG_H

#include <stdio.h>
#include "cli.h"

/*
 * Read the project file (--config, else .resilience-check.yaml in the
 * current folder when there is one; none under --no-config) and apply to
 * o, after cli_parse, the options it sets that the command line does not.
 * Returns 0, or EXIT_USAGE after printing the problem, located.
 */
int cli_config_apply(struct options *o);
/* --print-config: the options in effect and where each came from. */
void cli_print_config(const struct options *o, FILE *fp);

#endif
