/*
 * The modes of the program: evaluation (load rules, read self-reports,
 * evaluate, write every requested report atomically) and the rule-author
 * commands. Each returns an exit status and leaves problems in dl.
 */
#ifndef RC_RUN_H
#define RC_RUN_H

#include <stdio.h>
#include "cli.h"
#include "diag.h"
#include "rulebook.h"

int run_evaluate(const struct options *o, struct diaglist *dl);
/* --render: the reports of a json report read back, and its gate's status. */
int run_render(const struct options *o, struct diaglist *dl);
int run_list_rules(const struct options *o, FILE *out, struct diaglist *dl);
int run_explain(const struct options *o, FILE *out, struct diaglist *dl);
int run_template(const struct options *o, FILE *out, struct diaglist *dl);
int run_lint(const struct options *o, FILE *out, struct diaglist *dl);
int run_test_rules(const struct options *o, FILE *out, struct diaglist *dl);

/* Load the rule book that the options name (built-in or --rules). */
int run_load_rules(const struct options *o, struct rulebook *rb, struct diaglist *dl);

#endif
