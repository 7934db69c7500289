/*
 * Baselines: what changed since an earlier report. A json report of any
 * version of the tool is read leniently (only the identities, statuses and
 * scores it needs; a field it lacks is unknown, said once in a warning),
 * and each result of the current run is matched to it by a stable
 * identity: entity, rule and indicator ids, never a line number or the
 * order of rows. The changes go into the results model (results.h).
 */
#ifndef RC_BASELINE_H
#define RC_BASELINE_H

#include <stddef.h>
#include "diag.h"
#include "results.h"

struct baseline;

/*
 * Read the report at path as a baseline for run: warnings name what differs
 * from run (tool version, rule sets, rule definitions) and what the report
 * lacks. Returns the baseline, or NULL after an input error in dl (the file
 * is unreadable or not a json report of this tool).
 */
struct baseline *baseline_load(const char *path, const struct res_run *run,
    struct diaglist *dl);
void baseline_free(struct baseline *b);
/* The path and SHA-256 of the baseline's file, as the report records them. */
const char *baseline_path(const struct baseline *b);
const char *baseline_sha256(const struct baseline *b);
/*
 * Whether rule definition def (index into run->rules) differs from the
 * baseline's definition of the same id (target, severity or weight), and
 * whether the baseline defines it at all.
 */
bool baseline_rule_changed(const struct baseline *b, size_t def);
/*
 * Give each rule result of e its change state and score delta, and e and
 * its commitments their score deltas (results.h).
 */
void baseline_compare(const struct baseline *b, const struct res_run *run,
    struct res_entity *e);

#endif
