/*
 * Collected diagnostics: every problem of a file is kept (up to a cap per
 * file) so that users fix them all in one round.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "escape.h"
#include "xalloc.h"

void
diag_init(struct diaglist *dl)
{
	memset(dl, 0, sizeof(*dl));
}

void
diag_release(struct diaglist *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		free(dl->items[i].file);
		free(dl->items[i].msg);
		free(dl->items[i].excerpt);
	}
	free(dl->items);
	memset(dl, 0, sizeof(*dl));
}

/* Diagnostics of this level kept for file; bounded by the cap, so cheap. */
static size_t
kept_in_file(const struct diaglist *dl, const char *file, enum diag_level lvl)
{
	size_t n = 0;

	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->items[i];

		if (d->level != lvl)
			continue;
		if ((d->file == NULL && file == NULL) ||
		    (d->file != NULL && file != NULL && strcmp(d->file, file) == 0))
			n++;
	}
	return n;
}

bool
diag_would_keep(const struct diaglist *dl, enum diag_level lvl, const char *file)
{
	return lvl == DIAG_NOTE || kept_in_file(dl, file, lvl) < DIAG_MAX_PER_FILE;
}

void
diag_vadd(struct diaglist *dl, enum diag_level lvl, const char *file, int line,
    int col, const char *fmt, va_list ap)
{
	struct diag *d;
	va_list cp;
	int n;

	if (lvl == DIAG_ERROR) {
		dl->nerrors++;
		if (kept_in_file(dl, file, lvl) >= DIAG_MAX_PER_FILE) {
			dl->dropped++;
			return;
		}
	} else if (lvl == DIAG_WARNING) {
		/*
		 * Warnings are capped too: a header of 100,000 unnamed columns
		 * must not print 100,000 lines (nor make each add scan them all).
		 */
		dl->nwarnings++;
		if (kept_in_file(dl, file, lvl) >= DIAG_MAX_PER_FILE) {
			dl->dropped_warnings++;
			return;
		}
	}
	xgrow(&dl->items, &dl->cap, dl->n + 1, sizeof(*dl->items));
	d = &dl->items[dl->n++];
	memset(d, 0, sizeof(*d));
	d->level = lvl;
	d->file = file ? xstrdup(file) : NULL;
	d->line = line;
	d->col = col;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	d->msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	vsnprintf(d->msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
}

void
diag_add(struct diaglist *dl, enum diag_level lvl, const char *file, int line,
    int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(dl, lvl, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_error(struct diaglist *dl, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(dl, DIAG_ERROR, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_warn(struct diaglist *dl, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(dl, DIAG_WARNING, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_set_excerpt(struct diaglist *dl, const char *text, int caret)
{
	struct diag *d;

	if (dl->n == 0)
		return;
	d = &dl->items[dl->n - 1];
	free(d->excerpt);
	d->excerpt = xstrdup(text);
	d->caret = caret;
}

bool
diag_failed(const struct diaglist *dl)
{
	return dl->nerrors > 0 || (dl->strict && dl->nwarnings > 0);
}

void
diag_print(const struct diaglist *dl, FILE *fp, const char *prog, bool quiet)
{
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->items[i];
		const char *tag = "";

		if (quiet && d->level != DIAG_ERROR &&
		    !(dl->strict && d->level == DIAG_WARNING))
			continue;
		if (d->level == DIAG_WARNING)
			tag = dl->strict ? "error: " : "warning: ";
		else if (d->level == DIAG_NOTE)
			tag = "note: ";
		/*
		 * File names and messages quote inputs and rule files: they are
		 * escaped, so that no control character reaches the terminal.
		 */
		fprintf(fp, "%s: ", prog);
		if (d->file != NULL) {
			escape_puts(d->file, fp);
			fputc(':', fp);
			if (d->line > 0) {
				fprintf(fp, "%d:", d->line);
				if (d->col > 0)
					fprintf(fp, "%d:", d->col);
			}
			fputc(' ', fp);
		}
		fputs(tag, fp);
		escape_puts(d->msg, fp);
		fputc('\n', fp);
		if (d->excerpt != NULL) {
			fputs("    ", fp);
			escape_puts(d->excerpt, fp);
			fputc('\n', fp);
			if (d->caret > 0)
				fprintf(fp, "    %*s^\n",
				    (int)escape_width(d->excerpt, (size_t)d->caret - 1), "");
		}
	}
	if (dl->dropped > 0)
		fprintf(fp, "%s: %zu more error%s not shown (at most %d per file)\n",
		    prog, dl->dropped, dl->dropped == 1 ? "" : "s", DIAG_MAX_PER_FILE);
	if (dl->dropped_warnings > 0 && (!quiet || dl->strict))
		fprintf(fp, "%s: %zu more warning%s not shown (at most %d per file)\n",
		    prog, dl->dropped_warnings, dl->dropped_warnings == 1 ? "" : "s",
		    DIAG_MAX_PER_FILE);
}

static size_t
levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row, best;

	if (la > 64 || lb > 64)
		return (size_t)-1;
	row = xcalloc(lb + 1, sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = prev + cost;

			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

const char *
diag_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	size_t wl = strlen(word);
	size_t limit = wl < 4 ? 1 : wl / 3 + 1;

	for (size_t i = 0; i < n; i++) {
		size_t d = levenshtein(word, cands[i]);

		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= limit ? best : NULL;
}
