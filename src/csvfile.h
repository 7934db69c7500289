/*
 * File input for the reader (csvin.h): a regular file read with pread,
 * a buffer in memory read the same way (both parsed on several threads
 * when large enough), and streams.
 */
#ifndef RC_CSVFILE_H
#define RC_CSVFILE_H

#include <stddef.h>
#include <stdio.h>

#include "csvin_opts.h"
#include "diag.h"
#include "obs.h"

/*
 * Read the regular file open at fd, of size bytes (as fstat gave it),
 * named name in messages. The file ending before size bytes is an input
 * error, and nothing of it stays in the store.
 */
int csvfile_read_fd(int fd, size_t size, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl);
/* The same from [data, data + size). */
int csvfile_read_mem(const char *data, size_t size, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl);
/* The same from a stream, read in blocks. */
int csvfile_read_stream(FILE *fp, const char *name, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl);

#endif
