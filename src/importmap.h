/*
 * Import maps: how a table as a publisher lays it out becomes
 * observations. A map is a small YAML file (resilience-maps(5)) that says
 * how the CSV is written (the vocabulary of the Frictionless CSV Dialect:
 * delimiter, header rows, comment character, plus an encoding and footer
 * lines), which column names the entity (a code or an economy name), where
 * the year is (a column, a quarter to average, year columns, or none), and
 * which columns hold which indicator. Built-in maps are recognised from a
 * file's header; a user's map is given with --map.
 */
#ifndef RC_IMPORTMAP_H
#define RC_IMPORTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "arena.h"
#include "csvin_opts.h"
#include "importmap_types.h"
#include "diag.h"
#include "obs.h"

/*
 * Read a whole file (data, size bytes, named name) through map into store,
 * filling info as csvin_read does. data_year is the year of a file whose
 * map has none (0: not given). Returns 0, or -1 after errors.
 */
int importmap_read(const struct importmap *map, const char *data, size_t size,
    const char *name, const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl);

/* Largest file read through a map (it is read whole). */
#define IMAP_MAX_FILE (256u << 20)

#endif
