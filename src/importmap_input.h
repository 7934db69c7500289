/*
 * The inputs that take the import-map reader's path (importmap.h): an
 * input is offered to the maps first, and read by the plain reader when
 * none applies.
 */
#ifndef RC_IMPORTMAP_INPUT_H
#define RC_IMPORTMAP_INPUT_H

#include <stddef.h>
#include <stdio.h>
#include "csvin_opts.h"
#include "diag.h"
#include "obs.h"

/*
 * Read the regular file open at fd (path names it) through the map of
 * opts, or the built-in map its first bytes fit. Returns 1 when no map
 * applies (nothing was read; the plain reader goes on), else as
 * importmap_read.
 */
int importmap_try_fd(int fd, const char *path, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl);
/* The same for a stream whose first n bytes, first, were read already. */
int importmap_try_stream(FILE *fp, const char *first, size_t n, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl);

#endif
