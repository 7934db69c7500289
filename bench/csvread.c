/*
 * The reader alone: load the built-in rules, read one self-report into the
 * observation store (with its SHA-256) and finish it, without evaluating or
 * reporting. Separates the reader's cost from the reporters' in the
 * benchmark. Usage: csvread [-j JOBS] FILE.csv
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "csvin.h"
#include "diag.h"
#include "obs.h"
#include "rulebook.h"

int
main(int argc, char **argv)
{
	struct rulebook rb;
	struct diaglist dl;
	struct obsstore store;
	struct input_info info;
	struct csvin_opts co = {0};
	size_t nobs = 0;
	int c, rc;

	while ((c = getopt(argc, argv, "j:")) != -1) {
		if (c != 'j')
			return 2;
		co.jobs = atoi(optarg);
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: csvread [-j JOBS] FILE.csv\n");
		return 2;
	}
	rulebook_init(&rb);
	diag_init(&dl);
	obs_init(&store);
	if (rulebook_load_builtin(&rb, &dl) > 0)
		return 4;
	co.cat = &rb.cat;
	rc = csvin_read(argv[optind], &co, &store, &info, &dl);
	if (rc == 0 && obs_finish(&store, &info, 1, &dl, co.jobs) > 0)
		rc = -1;
	for (size_t i = 0; i < store.n; i++)
		nobs += store.ents[i].nobs;
	diag_print(&dl, stderr, "csvread", true);
	printf("%zu rows read, %zu used, %zu entities, %zu observations, sha256 %s\n",
	    info.read, info.used, store.n, nobs, info.sha256);
	obs_release(&store);
	diag_release(&dl);
	rulebook_release(&rb);
	return rc == 0 ? 0 : 3;
}
