/*
 * Merging partial json reports (--merge): the shards of one run, or
 * separate runs on separate inputs (federation), into one report in any
 * format, as if one run had read everything.
 */
#ifndef RC_MERGE_H
#define RC_MERGE_H

#include "diag.h"
#include "request.h"

/*
 * Merge the reports o->inputs into the outputs of o. The parts must come
 * from the same rule book (else RC_RULES), the same tool version and the
 * same options, form a complete set of shards when they are shards, and
 * share no entity (else RC_INPUT); problems name the part and what
 * differs. Returns the status of the merged report's gate, or the error.
 */
int run_merge(const struct rc_request *o, struct diaglist *dl);

#endif
