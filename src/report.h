/*
 * The report pipeline: several writers over one stream of results. The
 * caller opens the streams (output.h), then hands over the run header,
 * each entity in report order, and says when it is done; the pipeline
 * keeps the summary, spools the entities of the writers that show the
 * summary first, and writes every report's head, entities and tail in
 * their order. The same pipeline serves an evaluation and a json report
 * read back, so both give the same bytes.
 */
#ifndef RC_REPORT_H
#define RC_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "results.h"
#include "writer.h"

struct strbuf;

struct report_out {
	const struct writer *w;
	struct wctx ctx;
	FILE *final;                    /* where the report goes */
	FILE *spool;                    /* summary_first: entities until the end */
	long *offsets;                  /* budgeted: where each entity starts in spool */
	size_t noffsets, offcap;
	FILE *digested;                 /* digests: the stream that digests final */
	int err;                        /* errno of the first write error, or 0 */
	bool failed;
};

struct report {
	const struct res_run *run;
	struct res_summary sum;
	struct report_out *outs;
	size_t n;
};

/*
 * Start: one output per writer, each with its open stream and its options
 * (NULL: none). Writes the heads that come first. Returns 0, or -1 when an
 * output failed (report_failed says which).
 */
int report_begin(struct report *r, const struct res_run *run,
    const struct writer *const *ws, FILE *const *fps, const struct wopts *opts,
    size_t n);
/*
 * One entity, in report order: added to the summary and written by every
 * writer; text[k], when not NULL, is output k's rendering of it made on
 * another thread (writer.h: render), written as it is. Returns 0 or -1.
 */
int report_entity(struct report *r, const struct res_entity *e,
    const struct strbuf *const *text);
/*
 * After the last entity: the summary is complete; the heads of the
 * summary-first writers, their spooled entities, and every tail are
 * written. Returns 0 or -1.
 */
int report_end(struct report *r);
/* The output that failed first and its errno (0: unknown), or -1. */
int report_failed(const struct report *r, int *err);
/* Free the writers' states and the spools. */
void report_release(struct report *r);

#endif
