/*
 * Reporters: one module per output format behind one interface. A run
 * evaluates each entity once and hands the result to every reporter.
 */
#ifndef RC_REPORT_H
#define RC_REPORT_H

#include <stdio.h>
#include <stdbool.h>
#include "eval.h"

struct run_info {
	const char *version;
	char generated[32];             /* ISO 8601 UTC */
	const struct rulebook *rb;
	const struct obsstore *obs;
	const struct input_info *inputs;
	size_t ninputs;
	const struct waivers *waivers;  /* may be NULL */
	const struct evaluator *ev;
	struct eval_summary summary;
};

struct strbuf;

struct report_ctx {
	FILE *fp;
	const struct run_info *run;
	bool color;                     /* ANSI colours allowed */
	size_t nentities;               /* entities written so far */
	void *state;                    /* the reporter's own */
};

struct reporter {
	const char *name;
	const char *desc;
	/* Each returns 0, or -1 on a write error. */
	int (*begin)(struct report_ctx *ctx);
	int (*entity)(struct report_ctx *ctx, const struct entity_result *er);
	int (*end)(struct report_ctx *ctx);
	/* Optional: free ctx->state; called once whether or not end ran. */
	void (*release)(struct report_ctx *ctx);
	/*
	 * Optional, so that entities can be rendered on several threads while
	 * one thread writes them in order: thread_new (after begin) makes the
	 * state of one rendering thread; render appends entity number index
	 * (0 first) to out exactly as entity would write it, reading nothing
	 * but ctx's state and its own; thread_free frees what thread_new made.
	 */
	void *(*thread_new)(const struct report_ctx *ctx);
	void (*render)(void *tstate, const struct entity_result *er, size_t index,
	    struct strbuf *out);
	void (*thread_free)(void *tstate);
};

extern const struct reporter *const reporters[];   /* NULL-terminated */
const struct reporter *reporter_find(const char *name);

extern const struct reporter report_text;
extern const struct reporter report_json;
extern const struct reporter report_csv;
extern const struct reporter report_markdown;
extern const struct reporter report_junit;
extern const struct reporter report_sarif;
extern const struct reporter report_html;

/*
 * thread_new, render and thread_free for a reporter whose entity function
 * writes with stdio and uses no ctx->state: each thread runs entity on a
 * memory stream of its own.
 */
void *report_stream_new(const struct report_ctx *ctx,
    int (*entity)(struct report_ctx *ctx, const struct entity_result *er));
void report_stream_render(void *tstate, const struct entity_result *er,
    size_t index, struct strbuf *out);
void report_stream_free(void *tstate);

/*
 * Shared helpers for reporters. Each appends to sb and never cuts: a text
 * from the input or the rules is shown whole.
 */
/* The target as one line, e.g. ">= 3 (partial from 2)". */
void report_target(struct strbuf *sb, const struct target *t);
/* The observed value as text (nothing when o is NULL). */
void report_value(struct strbuf *sb, const struct obsstore *s, const struct obs *o);
/* One line on why a rule was not passed: observed, target, gap, reason. */
void report_gap(struct strbuf *sb, const struct run_info *run,
    const struct rule_result *rr);
/* Is the result a gap (partial, fail, or missing that counts)? */
bool report_is_gap(const struct rule_result *rr);
/*
 * The entity's gaps, worst first: by severity, then fail, partial,
 * missing, then rule order. Returns a new array (free it) and sets *n.
 */
const struct rule_result **report_gaps(const struct entity_result *er, size_t *n);
/* " (N reason, M reason)" for an input's ignored rows; nothing when none. */
void report_ignored(struct strbuf *sb, const struct input_info *in);

#endif
