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
#include "csvin_opts.h"


/*
 * Read one self-report (path "-" = standard input) into store, filling info.
 * Problems go to dl located at path:line:col (col = field number).
 * Returns 0 on success, -1 when the file could not be read or has errors.
 */
int csvin_read(const char *path, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl);
/*
 * Read a self-report held in memory the way a regular file is read (in
 * chunks on opts->jobs threads when it is large enough); data must stay
 * valid and unchanged until the call returns.
 */
int csvin_read_buffer(const char *data, size_t size, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl);
/* The same from an open stream, named name in messages. */
int csvin_read_stream(FILE *fp, const char *name, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl);

#endif
