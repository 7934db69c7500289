/*
 * Writers: one module per report format behind one interface. A writer
 * renders the results model (results.h) and sees nothing else. The
 * pipeline (pipeline.h) calls head, then entity for each entity in report
 * order, then tail; a writer that shows the summary first (a table of
 * entities before their details) has its entities spooled and its head
 * written after the last one, when the summary is known.
 */
#ifndef RC_WRITER_H
#define RC_WRITER_H

#include <stdbool.h>
#include <stdio.h>
#include "results.h"

struct strbuf;

struct wctx {
	FILE *fp;
	const struct res_run *run;
	/*
	 * The summary: complete in tail, and in head of a writer with
	 * summary_first; NULL in head otherwise.
	 */
	const struct res_summary *sum;
	bool color;                     /* ANSI colours allowed (text) */
	enum detail detail;             /* text, markdown, html: never DETAIL_DEFAULT */
	/*
	 * A budget of characters (markdown): the pipeline writes the head, as
	 * many entities as fit with the tail, then the tail, which says how
	 * many were left out (omitted) and where the whole report is
	 * (full_report: another output's file, or NULL).
	 */
	size_t budget;
	size_t omitted;
	const char *full_report;
	/*
	 * A writer that digests itself: every byte it writes to fp goes through
	 * this SHA-256 too (wctx_digest reads it).
	 */
	struct wdigest *digest;
	size_t nentities;               /* entities written so far */
	void *state;                    /* the writer's own */
};

/* What the caller asks of one output beside its format. */
struct wopts {
	bool color;                     /* text: ANSI colours */
	enum detail detail;             /* DETAIL_DEFAULT: the writer's */
	size_t budget;                  /* markdown: the most characters, 0: none */
	const char *full_report;        /* another output's file, for a cut report */
};

struct writer {
	const char *name;
	const char *desc;
	bool summary_first;
	bool budgeted;                  /* takes wopts.budget (summary_first only) */
	bool digests;                   /* its stream is digested (wctx_digest) */
	enum detail detail;             /* its default --detail (for people's formats) */
	/* Each returns 0, or -1 on a write error. */
	int (*head)(struct wctx *ctx);
	int (*entity)(struct wctx *ctx, const struct res_entity *e);
	int (*tail)(struct wctx *ctx);
	/* Optional: free ctx->state; called once whether or not tail ran. */
	void (*release)(struct wctx *ctx);
	/*
	 * Optional, so that entities can be rendered on several threads while
	 * one thread writes them in order: thread_new (after head) makes the
	 * state of one rendering thread; render appends entity number index
	 * (0 first) to out exactly as entity would write it, reading nothing
	 * but ctx's state and its own; thread_free frees what thread_new made.
	 */
	void *(*thread_new)(const struct wctx *ctx);
	void (*render)(void *tstate, const struct res_entity *e, size_t index,
	    struct strbuf *out);
	void (*thread_free)(void *tstate);
};


/*
 * The SHA-256 of every byte written to ctx->fp so far (a writer with
 * .digests), as 64 hex digits; after it, writes are no longer digested.
 * Returns 0, or -1 on a write error.
 */
int wctx_digest(struct wctx *ctx, char hex[65]);
/*
 * A stream that writes to to and digests what it writes, for a writer with
 * .digests; *out is what wctx_digest reads (ctx->digest). Closing the
 * stream frees it; to stays open. NULL when the stream cannot be made.
 */
FILE *wctx_digest_open(FILE *to, struct wdigest **out);
/*
 * Let w write nothing more to its stream: what it still holds is dropped
 * when it is closed. For a stream whose output was closed or abandoned
 * first (another report failed, and every output was given up).
 */
void wctx_digest_drop(struct wdigest *w);

/*
 * thread_new, render and thread_free for a writer whose entity function
 * writes with stdio and uses no ctx->state: each thread runs entity on a
 * memory stream of its own.
 */
void *writer_stream_new(const struct wctx *ctx,
    int (*entity)(struct wctx *ctx, const struct res_entity *e));
void writer_stream_render(void *tstate, const struct res_entity *e,
    size_t index, struct strbuf *out);
void writer_stream_free(void *tstate);

#endif
