/*
 * Evaluation (rules -> waivers -> self-reports -> evaluation -> reports)
 * and the rendering of a json report read back. Each returns an enum
 * rc_status and leaves problems in dl.
 */
#ifndef RC_RUN_H
#define RC_RUN_H

#include "diag.h"
#include "request.h"
#include "rulebook.h"

int run_evaluate(const struct rc_request *req, struct diaglist *dl);
/* --render: the reports of a json report read back, and its gate's status. */
int run_render(const struct rc_request *req, struct diaglist *dl);
struct output_set;
struct report;
struct res_run;
/*
 * Open the request's outputs and start the report pipeline for run; 0, or
 * RC_INTERNAL (the outputs are then aborted).
 */
int run_open_reports(const struct rc_request *req, const struct res_run *run,
    struct output_set *outs, struct report *rep, struct diaglist *dl);
/*
 * Commit the outputs when ok and every report was written (0), else abort
 * them (RC_INTERNAL).
 */
int run_close_reports(struct output_set *outs, struct report *rep, bool ok,
    struct diaglist *dl);
/*
 * The end of a run that reads json reports: abort the outputs after an
 * input error (rc RC_INPUT), else commit them (when ok) and release the
 * pipeline. Returns rc, RC_INTERNAL, or RC_GATE when the gate fails.
 */
int run_end_reports(struct output_set *outs, struct report *rep, bool ok, int rc,
    struct diaglist *dl);
struct arena;
/*
 * Record in run what chose its rules and options: the selection, the
 * tailoring of rb and its changes, the project file (texts in a).
 */
void run_record_choices(const struct rc_request *o, const struct rulebook *rb,
    struct res_run *run, struct arena *a);
/* --list-maps: each built-in import map's name and title, one a line. */
int run_list_maps(const struct rc_request *req, struct diaglist *dl);
struct importmaps;
struct importmap;
/*
 * The import maps of a request: the built-in ones, and *forced the one
 * --map names (a built-in map, or a map file loaded alone), else NULL.
 * Returns RC_OK, RC_USAGE (an unknown name) or RC_RULES (a bad map file).
 */
int run_load_maps(const struct rc_request *req, struct importmaps *ms,
    const struct importmap **forced, struct diaglist *dl);
/*
 * Load the rule book that the request names (built-in or --rules), with
 * its tailoring and selection: RC_RULES for a problem of the rules or the
 * tailoring, RC_USAGE for a selection that matches nothing.
 */
int run_load_rules(const struct rc_request *req, struct rulebook *rb, struct diaglist *dl);

#endif
