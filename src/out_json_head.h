/*
 * The head and tail of the json report: jansson trees that out_json.c
 * dumps around the entities it streams.
 */
#ifndef RC_OUT_JSON_HEAD_H
#define RC_OUT_JSON_HEAD_H

#include <stdbool.h>
#include <jansson.h>
#include "results.h"

/*
 * A string that may not be UTF-8, such as a file name as given on the
 * command line: if it is not, its bytes above 0x7F are shown as '?'.
 */
json_t *json_path(const char *path);
/* The string s, or null when s is NULL (s is valid UTF-8). */
json_t *json_str_or_null(const char *s);
/* One waiver, as in "waivers" and in the results it changed. */
json_t *json_waiver_tree(const struct res_waiver *w);
/* The members of the report before "entities". */
json_t *json_head_tree(const struct res_run *run);
/* "waivers": the file, its digest and each waiver with whether it was used. */
json_t *json_waivers_tree(const struct res_run *run);
/* "summary". */
json_t *json_summary_tree(const struct res_summary *sum, bool has_baseline);

#endif
