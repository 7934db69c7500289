/*
 * libFuzzer entry point for the self-report reader: the input is a CSV
 * file read through csvin_read_stream (from a memory stream) against a
 * small catalogue, then the store is finished as the program does.
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
	struct csvin_opts opts = { .cat = &book.cat };
	struct obsstore store;
	struct input_info info[2];
	struct diaglist dl;
	char *copy;
	FILE *fp;

	/* glibc's fmemopen refuses an empty buffer; an empty file is read as such. */
	copy = malloc(size + 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	fp = size > 0 ? fmemopen(copy, size, "r") : fopen("/dev/null", "r");
	if (fp == NULL) {
		free(copy);
		return 0;
	}
	/* Half the inputs also exercise the --entity filter. */
	if (size > 0 && (data[size - 1] & 1)) {
		opts.entities = only;
		opts.nentities = 2;
	}
	obs_init(&store);
	diag_init(&dl);
	if (csvin_read_stream(fp, "fuzz.csv", &opts, &store, &info[0], &dl) == 0)
		(void)obs_finish(&store, info, 1, &dl);
	diag_print(&dl, devnull, "fuzz_csvin", false);
	fclose(fp);
	obs_release(&store);
	diag_release(&dl);
	free(copy);
	return 0;
}
