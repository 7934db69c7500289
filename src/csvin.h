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

struct importmaps;
struct importmap;

/* Limits on what one input may hold (documented in resilience-check(1)). */
#define CSVIN_MAX_FIELD  (1u << 20)     /* bytes in one field */
#define CSVIN_MAX_RECORD (16u << 20)    /* bytes in one record */
#define CSVIN_MAX_FIELDS 100000u        /* fields in one record */

struct csvin_opts {
	const struct catalogue *cat;
	const char *const *entities;    /* --entity filter; NULL = all */
	size_t nentities;
	/*
	 * Threads for parsing a large regular file (0: online cores, 1: no
	 * threads). The observations, diagnostics and row counts are the same
	 * for every value.
	 */
	int jobs;
	/* Show progress (bytes read, rate) on standard error. */
	bool progress;
	/*
	 * The subject of the entities of an input without a subject column
	 * (SUBJ_NONE: none; World Bank layouts give SUBJ_STATE anyway).
	 */
	enum subject subject;
	/*
	 * Import maps: maps are recognised from a file's header (NULL: none),
	 * map is the one that reads every input (NULL: as recognised), and
	 * data_year the year of a file whose map gives none (0: none).
	 */
	const struct importmaps *maps;
	const struct importmap *map;
	int data_year;
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
