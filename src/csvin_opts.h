/*
 * What the CSV reader is asked to do (csvin.h), in a header of types
 * alone so that the readers it hands files to (importmap.h) can take the
 * same options without depending on it.
 */
#ifndef RC_CSVIN_OPTS_H
#define RC_CSVIN_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "catalogue.h"
#include "vocab.h"

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
	 * Called now and then while a regular file is read (NULL: never):
	 * bytes read so far of total, and once with done == total at the
	 * end. Calls may come from any of the reading threads, never from
	 * two at once. Throttling is the callee's.
	 */
	void (*progress)(void *arg, const char *name, uint64_t done, uint64_t total);
	void *progress_arg;
	/*
	 * Split a regular file into chunks of this many bytes for the threads,
	 * however small it is (0: by size, the default); for tests, which
	 * must see small files cut at every kind of place.
	 */
	size_t chunk_size;
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

#endif
