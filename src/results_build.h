/*
 * Filling the results model (results.h) from an evaluation: the run header
 * from the rule book, the inputs, the waivers and the options; each entity
 * from the evaluator's result, with its display facts worked out once.
 */
#ifndef RC_RESULTS_BUILD_H
#define RC_RESULTS_BUILD_H

#include <stdbool.h>
#include "arena.h"
#include "eval.h"
#include "results.h"

struct res_builder {
	struct arena arena;             /* the header's texts and arrays */
	const struct rulebook *rb;
	const struct obsstore *obs;
	int *ind_map;                   /* catalogue number -> res indicator, or -1 */
	const struct baseline *baseline;        /* NULL: none (baseline.h) */
};

/*
 * Fill run (owned by the caller, strings in b's arena) for an evaluation of
 * store against rb. waivers may be NULL. generated is the time of the run
 * as an ISO 8601 string.
 */
void res_builder_init(struct res_builder *b, struct res_run *run,
    const struct rulebook *rb, const struct obsstore *store,
    const struct input_info *inputs, size_t ninputs,
    const struct waivers *waivers, const struct eval_opts *eo, int year,
    const char *tool, const char *version, const char *generated);
void res_builder_release(struct res_builder *b);

/*
 * Fill e from er (the evaluator's result for one entity), allocating in a
 * (reset by the caller between entities; e's texts may also point into
 * er, the rule book and the store). Returns false when a score is not a
 * finite number, which must never be reported or pass a gate.
 */
bool res_entity_build(const struct res_builder *b, const struct res_run *run,
    const struct entity_result *er, struct res_entity *e, struct arena *a);

#endif
