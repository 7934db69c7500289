/*
 * libFuzzer entry point for the self-report reader: the input is a CSV
 * file read against a small catalogue, then the store is finished as the
 * program does. A quarter of the inputs (by their first byte) are read as
 * a mapped file is, in chunks of 64 bytes on two threads
 * (csvin_read_buffer); the others through csvin_read_stream (from a memory
 * stream).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "diag.h"
#include "fuzz_common.h"
#include "obs.h"
#include "rulebook.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct rulebook book;
static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_book_init(&book, "fuzz_csvin");
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const only[] = { "AAA", "DEU" };
	struct csvin_opts opts = { .cat = &book.cat, .chunk_size = 64 };
	struct obsstore store;
	struct input_info info[2];
	struct diaglist dl;
	char *copy;
	FILE *fp;
	int rc;

	fp = fuzz_stream(data, size, &copy);
	if (fp == NULL)
		return 0;
	/* Half the inputs also exercise the --entity filter. */
	if (size > 0 && (data[size - 1] & 1)) {
		opts.entities = only;
		opts.nentities = 2;
	}
	obs_init(&store);
	diag_init(&dl);
	if (size > 0 && (data[0] & 3) == 1) {
		opts.jobs = 2;
		rc = csvin_read_buffer(copy, size, "fuzz.csv", &opts, &store, &info[0], &dl);
	} else {
		rc = csvin_read_stream(fp, "fuzz.csv", &opts, &store, &info[0], &dl);
	}
	if (rc == 0)
		(void)obs_finish(&store, info, 1, &dl, opts.jobs > 0 ? opts.jobs : 1);
	diag_print(&dl, devnull, "fuzz_csvin", false);
	fclose(fp);
	obs_release(&store);
	diag_release(&dl);
	free(copy);
	return 0;
}
