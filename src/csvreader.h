/*
 * The reader of one input (struct reader, csvrow.h): set up, fed through
 * its scanner (csvscan_feed(&r->sc, ...)), finished and released. A file
 * read on several threads has a reader per chunk, forked from the one
 * that read the header.
 */
#ifndef RC_CSVREADER_H
#define RC_CSVREADER_H

#include <stdbool.h>
#include <stdint.h>

#include "csvrow.h"

/* Set up r for one input file; -1 when it cannot be registered. */
int csvreader_start(struct reader *r, const char *name, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl);
/*
 * Set up r to read data records with m's layout (m has read the header)
 * into its own store, info and dl; lines count from 1.
 */
void csvreader_fork(struct reader *r, const struct reader *m, struct obsstore *store,
    struct input_info *info, struct diaglist *dl);
/* The input has ended: the last record, then what the whole file lacks. */
void csvreader_finish(struct reader *r);
void csvreader_release(struct reader *r);
/* Fold r's unknown-indicator tallies into m's (r's lines start at base + 1). */
void csvreader_merge_unknowns(struct reader *m, const struct reader *r, uint32_t base);

#endif
