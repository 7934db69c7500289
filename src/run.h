/*
 * Evaluation (rules -> waivers -> self-reports -> evaluation -> reports)
 * and the rendering of a json report read back. Each returns an enum
 * rc_status and leaves problems in dl.
 */
#ifndef RC_RUN_H
#define RC_RUN_H

#include "diag.h"
#include "request.h"
#include "rulebook.h"

int run_evaluate(const struct rc_request *req, struct diaglist *dl);
/* --render: the reports of a json report read back, and its gate's status. */
int run_render(const struct rc_request *req, struct diaglist *dl);
/* Load the rule book that the request names (built-in or --rules). */
int run_load_rules(const struct rc_request *req, struct rulebook *rb, struct diaglist *dl);

#endif
