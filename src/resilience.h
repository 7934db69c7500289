/*
 * The library of resilience-check: what a program asks of it (a request)
 * and what it answers (a status, and the problems in a diagnostic list).
 * The library reads the files a request names and writes the reports it
 * asks for; it never looks at the command line, the environment or the
 * terminal, installs no signal handler, prints nothing on standard error
 * and never exits: src/main.c and src/cli.c do all that.
 */
#ifndef RC_RESILIENCE_H
#define RC_RESILIENCE_H

#include <stddef.h>
#include "diag.h"
#include "request.h"

/* Carry out req; problems go to dl. Returns an enum rc_status. */
int rc_run(const struct rc_request *req, struct diaglist *dl);

/* The report formats: name i (0, 1, ...) and its description; NULL after the last. */
const char *rc_format_name(size_t i, const char **desc);

/*
 * Remove the temporary files of reports being written. Async-signal-safe
 * (unlink alone): for a signal handler, or before exiting when memory runs
 * out.
 */
void rc_remove_temporaries(void);

#endif
