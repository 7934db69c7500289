/*
 * Waivers: accepted exceptions for one rule and one entity (or every entity),
 * with a reason and an expiry date through which they hold.
 */
#ifndef RC_WAIVER_H
#define RC_WAIVER_H

#include <stddef.h>
#include <stdbool.h>
#include "arena.h"
#include "diag.h"
#include "strtab.h"

struct rulebook;

struct waiver {
	const char *rule_id;
	const char *entity;             /* "*" = every entity */
	const char *reason, *approved_by;
	int expires;                    /* yyyymmdd */
	char expires_text[11];          /* "YYYY-MM-DD" */
	bool expired;                   /* set by waivers_settle() */
	bool used;                      /* applied to a result (set after the evaluation) */
	size_t index;                   /* position in struct waivers */
	const char *file;
	int line, col;
};

struct waivers {
	struct arena arena;
	struct waiver *items;
	size_t n, cap;
	char sha256[65];
	const char *file;
	/*
	 * Built by waivers_settle(): "RULE ENTITY" (rule ids hold no blank)
	 * -> the first waiver in force for that rule and entity (or "*"), so
	 * that finding one costs the same however many there are.
	 */
	struct strtab index;
	size_t *first;
};

void waivers_init(struct waivers *w);
void waivers_release(struct waivers *w);
/*
 * Load a waiver file (top-level key "waivers:"). Unknown rules, missing keys
 * and impossible dates are errors. Returns the number of errors.
 */
int waivers_load(struct waivers *w, const char *file, const struct rulebook *rb,
    struct diaglist *dl);
/* Mark waivers expired before today (yyyymmdd), and index those in force. */
void waivers_settle(struct waivers *w, int today);
/*
 * The waiver that applies to rule and entity (not expired), or NULL: the
 * first in the file for this entity, else the first for every entity.
 * Only waivers settled by waivers_settle() are found.
 */
const struct waiver *waivers_find(const struct waivers *w, const char *rule_id,
    const char *entity);
/* Parse "YYYY-MM-DD" into yyyymmdd, checking the calendar; -1 if invalid. */
int date_parse(const char *s, size_t len);

#endif
