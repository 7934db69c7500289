/*
 * The library's entry points (resilience.h): a table from command to the
 * function that carries it out.
 */
#include "config.h"

#include <stddef.h>

#include "output.h"
#include "merge.h"
#include "pattern.h"
#include "resilience.h"
#include "ruletool.h"
#include "run.h"
#include "writers.h"

static const struct {
	enum rc_command command;
	int (*fn)(const struct rc_request *req, struct diaglist *dl);
} commands[] = {
	{ RC_EVALUATE, run_evaluate },
	{ RC_RENDER, run_render },
	{ RC_MERGE, run_merge },
	{ RC_LIST_RULES, ruletool_list },
	{ RC_EXPLAIN, ruletool_explain },
	{ RC_TEMPLATE, ruletool_template },
	{ RC_LINT_RULES, ruletool_lint },
	{ RC_TEST_RULES, ruletool_test },
	{ RC_LIST_MAPS, run_list_maps },
};

int
rc_run(const struct rc_request *req, struct diaglist *dl)
{
	int rc = RC_INTERNAL;
	size_t i;

	dl->strict = req->strict;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].command == req->command)
			break;
	if (i < sizeof(commands) / sizeof(commands[0]))
		rc = commands[i].fn(req, dl);
	else
		diag_error(dl, NULL, 0, 0, "internal error: unknown command %d",
		    (int)req->command);
	/* The matching scratch of this thread's patterns. */
	pattern_thread_release();
	return rc;
}

const char *
rc_format_name(size_t i, const char **desc)
{
	for (size_t k = 0; writers[k] != NULL; k++) {
		if (k == i) {
			if (desc != NULL)
				*desc = writers[k]->desc;
			return writers[k]->name;
		}
	}
	return NULL;
}

void
rc_remove_temporaries(void)
{
	output_remove_temporaries();
}
