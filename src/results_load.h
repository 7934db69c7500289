/*
 * Reading a json report back into the results model (results.h), so that
 * any format can be rendered from it. The report must be one this version
 * writes (report_format RES_REPORT_FORMAT, the same tool version); every
 * field is checked, and a problem is an input error that names the JSON
 * path of the field (e.g. entities[3].commitments[0].rules[2].status).
 * The gate is judged again on the model, and must agree with the report.
 */
#ifndef RC_RESULTS_LOAD_H
#define RC_RESULTS_LOAD_H

#include <stddef.h>
#include "arena.h"
#include "diag.h"
#include "results.h"

struct res_loader;

/*
 * Load the report at path (NULL or "-": standard input) into run: the
 * header now, the entities one by one with res_load_entity. version is the
 * tool version the report must have. Returns a loader, or NULL after
 * adding the problems to dl.
 */
struct res_loader *res_load(const char *path, const char *version,
    struct res_run *run, struct diaglist *dl);
/*
 * Check that the report text (len bytes, read from file) ends with the
 * SHA-256 of its content (RES_DIGEST_KEY) and that it matches: a report
 * edited after it was written does not. Returns 0, or -1 after adding the
 * problem to dl. res_load does this itself.
 */
int res_load_digest(const char *file, const char *text, size_t len,
    struct diaglist *dl);
/* The SHA-256 of the report's bytes. */
const char *res_load_sha256(const struct res_loader *l);
/* The number of entities of the report. */
size_t res_load_count(const struct res_loader *l);
/* The id of entity i as the report gives it (NULL: none). */
const char *res_load_entity_id(const struct res_loader *l, size_t i);
/*
 * Entity i (in report order) into e, allocated in a. Returns 0, or -1
 * after adding the problems to dl.
 */
int res_load_entity(struct res_loader *l, size_t i, struct res_entity *e,
    struct arena *a, struct diaglist *dl);
/*
 * After the last entity: check the report's waivers and summary against
 * what the entities say. Returns 0 or -1.
 */
int res_load_finish(struct res_loader *l, const struct res_summary *sum,
    struct diaglist *dl);
/*
 * Check every entity and the summary at once, before anything is written
 * from the report (res_load_entity and res_load_finish on a scratch
 * summary). Returns 0, or -1 after adding the problems to dl.
 */
int res_load_check(struct res_loader *l, struct diaglist *dl);
void res_load_free(struct res_loader *l);

#endif
