/*
 * resilience-check: parse the command line, run the mode it asks for, print
 * what went wrong, and map the outcome to the documented exit status.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_config.h"
#include "cli_options.h"
#include "exitcode.h"
#include "resilience.h"
#include "xalloc.h"

/* The library's answers as the documented exit statuses. */
static const int exit_for[] = {
	[RC_OK] = EXIT_OK,
	[RC_GATE] = EXIT_GATE,
	[RC_USAGE] = EXIT_USAGE,
	[RC_INPUT] = EXIT_INPUT,
	[RC_RULES] = EXIT_RULES,
	[RC_INTERNAL] = EXIT_INTERNAL,
};

/*
 * The signals that end the program by default and can come while reports
 * are written: the temporary files go first. SIGPIPE and SIGXFSZ come from
 * writing itself (a reader that left, a file size limit).
 */
static const int fatal_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGXCPU, SIGXFSZ,
};

static void
on_fatal_signal(int sig)
{
	rc_remove_temporaries();
	/*
	 * SA_RESETHAND put the default action back, and the signal is blocked
	 * until this returns: then it ends the program as it would have, with
	 * the status (and core file) a shell expects.
	 */
	raise(sig);
}

static void
catch_fatal_signals(void)
{
	struct sigaction sa, old;
	size_t n = sizeof(fatal_signals) / sizeof(fatal_signals[0]);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < n; i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	for (size_t i = 0; i < n; i++) {
		/* A signal ignored by the caller (nohup, a background job) stays so. */
		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(fatal_signals[i], &sa, NULL);
	}
}

int
main(int argc, char **argv)
{
	struct options o;
	struct diaglist dl;
	struct rc_request req;
	struct rc_output *outs = NULL;
	int rc;

	catch_fatal_signals();
	xalloc_set_cleanup(rc_remove_temporaries);
	if ((rc = cli_parse(argc, argv, &o)) != 0 || (rc = cli_config_apply(&o)) != 0 ||
	    (rc = cli_check(&o)) != 0) {
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
	case MODE_PRINT_CONFIG:
		cli_print_config(&o, stdout);
		rc = EXIT_OK;
		break;
	default:
		cli_request(&o, &req, &outs);
		rc = rc_run(&req, &dl);
		rc = rc >= 0 && (size_t)rc < sizeof(exit_for) / sizeof(exit_for[0]) ?
		    exit_for[rc] : EXIT_INTERNAL;
		free(outs);
		break;
	}
	diag_print(&dl, stderr, "resilience-check", o.verbosity < 0);
	diag_release(&dl);
	cli_release(&o);
	/* A report that did not reach standard output is not a success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (rc != EXIT_INTERNAL)
			fprintf(stderr, "resilience-check: cannot write to standard output: %s\n",
			    strerror(errno ? errno : EIO));
		rc = EXIT_INTERNAL;
	}
	return rc;
}
