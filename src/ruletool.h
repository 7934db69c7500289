/*
 * The rule-author commands: --list-rules, --explain, --template,
 * --lint-rules and --test-rules. Each writes to req->out, leaves problems in
 * dl and returns an enum rc_status.
 */
#ifndef RC_RULETOOL_H
#define RC_RULETOOL_H

#include "diag.h"
#include "request.h"

int ruletool_list(const struct rc_request *req, struct diaglist *dl);
int ruletool_explain(const struct rc_request *req, struct diaglist *dl);
int ruletool_template(const struct rc_request *req, struct diaglist *dl);
int ruletool_lint(const struct rc_request *req, struct diaglist *dl);
int ruletool_test(const struct rc_request *req, struct diaglist *dl);

#endif
