/*
 * Located diagnostics. Library code adds problems to a list; only main.c
 * prints them, as "resilience-check: FILE:LINE:COL: message".
 */
#ifndef RC_DIAG_H
#define RC_DIAG_H

#include <stdio.h>
#include <stddef.h>
#include <stdbool.h>

/*
 * At most this many errors, and this many warnings, are kept per file;
 * later ones are counted.
 */
#define DIAG_MAX_PER_FILE 50

enum diag_level {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE,
};

struct diag {
	enum diag_level level;
	char *file;             /* NULL when the problem has no file */
	int line, col;          /* 1-based; 0 = unknown */
	char *msg;
	char *excerpt;          /* optional second line (a source line), or NULL */
	int caret;              /* 1-based column of '^' under excerpt, 0 = none */
};

struct diaglist {
	struct diag *items;
	size_t n, cap;
	size_t nerrors, nwarnings;
	size_t dropped;         /* errors beyond the per-file cap */
	size_t dropped_warnings; /* warnings beyond it */
	bool strict;            /* warnings count as errors */
};

void diag_init(struct diaglist *dl);
void diag_release(struct diaglist *dl);
void diag_add(struct diaglist *dl, enum diag_level lvl, const char *file,
    int line, int col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diag_vadd(struct diaglist *dl, enum diag_level lvl, const char *file,
    int line, int col, const char *fmt, va_list ap);
/*
 * Whether a diagnostic of level lvl for file would be kept, not dropped by
 * the per-file cap: work that only feeds its text can be skipped.
 */
bool diag_would_keep(const struct diaglist *dl, enum diag_level lvl,
    const char *file);
/* Shorthands. */
void diag_error(struct diaglist *dl, const char *file, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void diag_warn(struct diaglist *dl, const char *file, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Attach a source excerpt with a caret to the last diagnostic added. */
void diag_set_excerpt(struct diaglist *dl, const char *text, int caret);
/* True when the list holds an error (or a warning in strict mode). */
bool diag_failed(const struct diaglist *dl);
/* Print every diagnostic as "PROG: FILE:LINE:COL: [warning: ]msg". */
void diag_print(const struct diaglist *dl, FILE *fp, const char *prog, bool quiet);

/* Levenshtein-nearest candidate to word, or NULL when none is close. */
const char *diag_suggest(const char *word, const char *const *cands, size_t n);

#endif
