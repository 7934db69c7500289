/*
 * libFuzzer entry point for reading published tables through import maps,
 * against the built-in catalogue and maps, as the program reads them. The
 * first byte of an input chooses how the rest is read:
 *   bits 0-1  0, 1: the built-in map the header fits, if any (as a file
 *             named on the command line is read);
 *             2: the built-in map numbered by bits 3-7, forced (--map NAME);
 *             3: the text up to the first NUL byte is a map file (--map
 *             FILE), the rest the table it reads;
 *   bit 2     a year for files whose map gives none (--data-year 2021).
 * The store is finished as the program finishes it.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz_common.h"
#include "importmap.h"
#include "importmap_input.h"
#include "importmap_load.h"
#include "obs.h"
#include "rulebook.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct rulebook book;
static struct importmaps builtin;
static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diaglist dl;

	(void)argc;
	(void)argv;
	diag_init(&dl);
	rulebook_init(&book);
	importmaps_init(&builtin);
	if (rulebook_load_builtin(&book, &dl) != 0 ||
	    importmaps_load_builtin(&builtin, &dl) != 0 || dl.nerrors > 0 ||
	    builtin.n == 0) {
		diag_print(&dl, stderr, "fuzz_maps", false);
		abort();
	}
	diag_release(&dl);
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL)
		abort();
	return 0;
}

/* Read [p, p + n) as the stream of a file through opts; 1: no map fits. */
static int
read_table(const char *p, size_t n, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl)
{
	char *copy;
	FILE *fp = fuzz_stream(p, n, &copy);
	int rc;

	if (fp == NULL)
		return 1;
	if (opts->map != NULL) {
		rc = importmap_read(opts->map, copy, n, "fuzz.csv", opts, store, info, dl);
	} else {
		char head[4096];
		size_t got = fread(head, 1, sizeof(head), fp);

		rc = importmap_try_stream(fp, head, got, "fuzz.csv", opts, store, info, dl);
	}
	fclose(fp);
	free(copy);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvin_opts opts = { .cat = &book.cat, .maps = &builtin };
	struct importmaps user;
	struct obsstore store;
	struct input_info info;
	struct diaglist dl;
	const char *table;
	size_t tlen;
	int mode, rc = 1;

	if (size == 0)
		return 0;
	mode = data[0] & 3;
	opts.data_year = (data[0] & 4) ? 2021 : 0;
	table = (const char *)data + 1;
	tlen = size - 1;
	obs_init(&store);
	diag_init(&dl);
	importmaps_init(&user);
	memset(&info, 0, sizeof(info));
	if (mode == 2) {
		opts.map = &builtin.maps[(data[0] >> 3) % builtin.n];
	} else if (mode == 3) {
		const char *nul = memchr(table, '\0', tlen);
		size_t mlen = nul != NULL ? (size_t)(nul - table) : tlen;

		if (importmaps_load_text(&user, "fuzz.yaml", table, mlen, &dl) == 0 &&
		    user.n > 0)
			opts.map = &user.maps[0];
		table += mlen < tlen ? mlen + 1 : mlen;
		tlen -= mlen < tlen ? mlen + 1 : mlen;
	}
	if (mode != 3 || opts.map != NULL)
		rc = read_table(table, tlen, &opts, &store, &info, &dl);
	if (rc == 0)
		(void)obs_finish(&store, &info, 1, &dl, 1);
	diag_print(&dl, devnull, "fuzz_maps", false);
	importmaps_release(&user);
	obs_release(&store);
	diag_release(&dl);
	return 0;
}
