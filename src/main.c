/*
 * resilience-check: parse the command line, run the mode it asks for, print
 * what went wrong, and map the outcome to the documented exit status.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "exitcode.h"
#include "pattern.h"
#include "run.h"

static const struct {
	enum mode mode;
	int (*fn)(const struct options *, FILE *, struct diaglist *);
} modes[] = {
	{MODE_LIST, run_list_rules},
	{MODE_EXPLAIN, run_explain},
	{MODE_TEMPLATE, run_template},
	{MODE_LINT, run_lint},
	{MODE_TEST, run_test_rules},
};

int
main(int argc, char **argv)
{
	struct options o;
	struct diaglist dl;
	int rc;

	if ((rc = cli_parse(argc, argv, &o)) != 0) {
		cli_release(&o);
		return rc;
	}
	diag_init(&dl);
	switch (o.mode) {
	case MODE_HELP:
		cli_help(stdout);
		rc = EXIT_OK;
		break;
	case MODE_VERSION:
		printf("resilience-check %s\n", PACKAGE_VERSION);
		rc = EXIT_OK;
		break;
	case MODE_EVAL:
		rc = run_evaluate(&o, &dl);
		break;
	default:
		rc = EXIT_USAGE;
		for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
			if (modes[i].mode == o.mode)
				rc = modes[i].fn(&o, stdout, &dl);
		break;
	}
	diag_print(&dl, stderr, "resilience-check", o.verbosity < 0);
	diag_release(&dl);
	cli_release(&o);
	pattern_thread_release();
	/* A report that did not reach standard output is not a success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (rc != EXIT_INTERNAL)
			fprintf(stderr, "resilience-check: cannot write to standard output: %s\n",
			    strerror(errno ? errno : EIO));
		rc = EXIT_INTERNAL;
	}
	return rc;
}
