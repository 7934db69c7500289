/*
 * The head of a json report read back: the loader's state, shared by
 * results_load.c (the document and its entities) and results_head.c (the
 * members before the entities).
 */
#ifndef RC_RESULTS_HEAD_H
#define RC_RESULTS_HEAD_H

#include <stddef.h>
#include <jansson.h>
#include "jread.h"
#include "results.h"
#include "strtab.h"

struct res_loader {
	json_t *doc;
	json_t *entities;               /* the array */
	struct arena arena;             /* the header's arrays */
	struct res_run *run;
	const char *file;               /* for messages */
	struct strtab rule_ids;         /* index = rule number */
	struct strtab ind_ids;          /* index = indicator number */
	struct strtab set_ids;          /* index = rule-set number */
	/* The inputs by path: input_at[k] is the first input of path k. */
	struct strtab input_ids;
	int *input_at;
	char sha256[65];                /* of the report's bytes */
};

/* A cursor on the document (jread.h) and the loader it fills. */
struct jc {
	struct jread r;
	struct res_loader *l;
};

/* Copy the string member key of o, of at most size - 1 bytes, into buf. */
void res_head_fixed(struct jc *c, const json_t *o, const char *key, char *buf, size_t size);
/* The SHA-256 member key of o (64 hex digits) into buf (65 bytes). */
void res_head_sha(struct jc *c, const json_t *o, const char *key, char *buf);
/* A source (input path and line) member key of o into src. */
void res_head_source(struct jc *c, const json_t *o, const char *key, struct res_source *src);
/* An id looked up in a table of the header, or -1 with a message naming what. */
int res_head_lookup(struct jc *c, const struct strtab *t, const char *id, const char *what);
/* The first waiver of run (sorted by place) at line and col, or -1. */
long res_head_waiver_at(const struct res_run *run, int line, int col);
/* A waiver object o into w. */
void res_head_waiver(struct jc *c, const json_t *o, struct res_waiver *w);
/* An entity's "trajectory" into e, its arrays in a. */
void res_head_trajectory(struct jc *c, const json_t *o, struct res_entity *e, struct arena *a);
/*
 * Every member of doc before "entities" into run (c->l->entities is set
 * to the entities array); version is this program's, which the report's
 * must be. Problems go to c's diagnostics with their JSON paths.
 */
void res_head_load(struct jc *c, const json_t *doc, struct res_run *run, const char *version);

#endif
