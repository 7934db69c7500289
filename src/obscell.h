/*
 * A cell of an input table as an observation, and what a row of values
 * counts for in its input's row accounting: the part of reading that the
 * layouts of the plain reader (csvrow.h) and the import-map reader
 * (importmap.h) share, so that a value reads and counts alike in both.
 */
#ifndef RC_OBSCELL_H
#define RC_OBSCELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalogue.h"
#include "diag.h"
#include "obs.h"

/* Where a cell is, for messages and for the observation's provenance. */
struct cellat {
	const char *name;       /* the input, in messages */
	const char *ent;        /* the row's entity, in messages */
	uint32_t line;          /* the line the cell starts on */
	int col;                /* its column, from 0 */
	int file;               /* the input's number in the store */
};

/*
 * Parse the len bytes at s as a value of indicator ind of the store's
 * catalogue cat into o (NULL: only check it, for a row another shard
 * keeps). Returns 1 for a value, 0 for a missing one, -1 after reporting
 * why it is not a value of the indicator.
 */
int obscell_value(struct obsstore *st, const struct catalogue *cat, int ind,
    const char *s, size_t len, const struct cellat *at, struct diaglist *dl,
    struct obs *o);

/* Count a row of the input as ignored, for why. */
void obscell_ignore(struct input_info *info, enum ignore_reason why);

/*
 * Count a row whose values were read: nothing when it was bad (an error
 * was reported); ignored when it is another shard's (other_shard) or
 * stored no value (for none); used otherwise.
 */
void obscell_row(struct input_info *info, bool bad, bool other_shard,
    size_t stored, enum ignore_reason none);

#endif
