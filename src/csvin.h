/*
 * Self-report reader: streams RFC 4180 CSV through libcsv, detects the
 * layout from the header (long, wide, world-bank) and turns every cell into
 * typed observations, checking values against the catalogue.
 */
#ifndef RC_CSVIN_H
#define RC_CSVIN_H

#include <stdio.h>
#include <stdbool.h>
#include "catalogue.h"
#include "diag.h"
#include "obs.h"

/* Limits on what one input may hold (documented in resilience-check(1)). */
#define CSVIN_MAX_FIELD  (1u << 20)     /* bytes in one field */
#define CSVIN_MAX_RECORD (16u << 20)    /* bytes in one record */
#define CSVIN_MAX_FIELDS 100000u        /* fields in one record */

struct csvin_opts {
	const struct catalogue *cat;
	const char *const *entities;    /* --entity filter; NULL = all */
	size_t nentities;
	/*
	 * --shard K/N (shard.h): rows of entities of other parts are read and
	 * checked like any row, then counted as IGN_OTHER_SHARD and not kept.
	 * shard_n 0: the whole run.
	 */
	int shard_k, shard_n;
	/*
	 * Threads for parsing a large regular file (0: online cores, 1: no
	 * threads). The observations, diagnostics and row counts are the same
	 * for every value.
	 */
	int jobs;
	/*
	 * Called now and then from the reading thread while a large file is
	 * read (NULL: never): bytes read so far of total, and once with done
	 * == total at the end. Throttling is the callee's.
	 */
	void (*progress)(void *arg, const char *name, uint64_t done, uint64_t total);
	void *progress_arg;
	/*
	 * Split a mapped file into chunks of this many bytes for the threads,
	 * however small it is (0: by size, the default); for tests, which
	 * must see small files cut at every kind of place.
	 */
	size_t chunk_size;
};

/*
 * Read one self-report (path "-" = standard input) into store, filling info.
 * Problems go to dl located at path:line:col (col = field number).
 * Returns 0 on success, -1 when the file could not be read or has errors.
 */
int csvin_read(const char *path, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl);
/*
 * Read a self-report held in memory the way a large mapped file is read
 * (in chunks on opts->jobs threads when it is large enough); data must
 * stay valid and unchanged until the call returns.
 */
int csvin_read_buffer(const char *data, size_t size, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl);
/* The same from an open stream, named name in messages. */
int csvin_read_stream(FILE *fp, const char *name, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl);

#endif
