/*
 * The parts of the import-map reader shared by its files: a file parsed
 * into records with the line each starts on, the header a map sees, and
 * the forms of years and quarters. The public part of it is importmap.h.
 */
#ifndef RC_IMPORTMAP_TABLE_H
#define RC_IMPORTMAP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "importmap_types.h"

struct diaglist;

#define SCAN_RECORDS 25         /* records looked at for a header */

struct cell {
	uint32_t off, len;
};

struct record {
	uint32_t line;
	size_t first, nf;       /* cells[first .. first + nf) */
	bool blank;             /* every field empty */
};

struct table {
	char *buf;              /* cell texts, each NUL-terminated */
	size_t len, cap;
	struct cell *cells;
	size_t ncells, cellcap;
	struct record *recs;
	size_t nrecs, reccap;
	/* While parsing. */
	uint32_t line, rec_line;
	bool in_rec;
	size_t max_records;
};

static inline const char *
cell(const struct table *t, const struct record *r, size_t i, size_t *len)
{
	static const char empty[] = "";

	if (i >= r->nf) {
		*len = 0;
		return empty;
	}
	*len = t->cells[r->first + i].len;
	return t->buf + t->cells[r->first + i].off;
}

/*
 * Parse [p, end) into t (at most max_records records; 0: all), fed a line
 * at a time so that each record knows its first line. Returns 0, or -1
 * for an unterminated quoted field or a NUL byte (at *bad_line).
 */
int imt_table_parse(struct table *t, const char *p, const char *end, char delim,
    size_t max_records, uint32_t *bad_line);
void imt_table_release(struct table *t);
/* The header ending at record h, rows records joined (names allocated). */
char **imt_header_names(const struct table *t, size_t h, int rows, size_t *ncols);
void imt_names_free(char **names, size_t n);
/* The column named want (any case), or -1. */
int imt_find_name(char *const *names, size_t n, const char *want);
/* The record that ends the map's header, or -1. */
long imt_find_header(const struct importmap *m, const struct table *t);
/* p past a UTF-8 byte order mark, *n shortened to match. */
const char *imt_skip_bom(const char *p, size_t *n);
/* A year cell ("2015", "YR2015") or column name ("2015 [YR2015]"); 0: none. */
int imt_cell_year(const char *s, size_t len);
int imt_header_year(const char *s);

/*
 * The map among ms whose header fits the first bytes of a file (head, n
 * bytes), or NULL. It reads at most a few dozen records.
 */
const struct importmap *importmap_recognise(const struct importmaps *ms,
    const char *head, size_t n);
/*
 * The year of a UNCTAD quarter ("Q1 2006", "2006Q01", "2006Q1", "2006 Q1")
 * in [s, s + len), or 0 when it is not one; *quarter (unless NULL) gets
 * the quarter, 1 to 4.
 */
int importmap_quarter_year(const char *s, size_t len, int *quarter);

/*
 * The file's text as UTF-8: data itself when it is valid UTF-8 and the
 * map allows it, else converted from the first of the map's encodings
 * that converts the whole file (*owned: allocated). NULL after reporting
 * that none fits.
 */
char *imt_to_utf8(const struct importmap *m, const char *data, size_t size,
    const char *name, struct diaglist *dl, size_t *outlen, bool *owned);

#endif
