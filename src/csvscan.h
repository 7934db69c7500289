/*
 * The record scanner: CSV bytes (RFC 4180, strict) to records of fields,
 * each field knowing the line it starts on. libcsv parses; a line with no
 * quote and no carriage return may take a faster path that yields the same
 * records (csvscan.plain), which a differential test holds against libcsv.
 * Problems are reported to a diagnostic list located by line and field.
 */
#ifndef RC_CSVSCAN_H
#define RC_CSVSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <csv.h>

#include "diag.h"

/* One field of the current record, in the record buffer, blanks trimmed. */
struct csvfield {
	uint32_t off, len;
	uint32_t line;          /* line the field starts on */
};

struct csvscan {
	const char *name;       /* the input, in messages */
	struct diaglist *dl;
	/* A record is complete (fields in f[0 .. nf)); not called after stop. */
	void (*record)(void *arg);
	/* A record did not parse; it has been reported. */
	void (*bad)(void *arg);
	void *arg;
	bool plain;             /* lines of plain text take the fast path */

	struct csv_parser p;
	uint32_t line;          /* line being fed */
	uint32_t rec_line;      /* line the current record starts on */
	uint32_t fline;         /* line the current field starts on */
	bool skip_to_eol;       /* resynchronising after a parse error */
	bool stop;              /* a fatal problem: read no further */
	bool pause;             /* return at the next record start */
	bool mid;               /* the parser is inside a record */
	bool inq;               /* quotes of the record so far are odd */
	size_t pending;         /* bytes so far of the field being parsed */
	char tail;              /* last byte but blanks of a line fed in part */
	int last_end;           /* what ended the last record of a line, or 0 */

	/* The current record: field bytes (each NUL-terminated) and fields. */
	char *rbuf;
	size_t rlen, rcap;
	struct csvfield *f;
	size_t nf, fcap;
	bool rec_text;          /* a field had a byte before trimming */
};

/* Set s up to report to record and bad (bad may be NULL) with arg. */
void csvscan_init(struct csvscan *s, const char *name, struct diaglist *dl,
    void (*record)(void *arg), void (*bad)(void *arg), void *arg);
void csvscan_release(struct csvscan *s);
/*
 * Scan [p, end), which continues what was scanned before. Stops at a NUL
 * byte (an error), at stop, and with pause at the first record start.
 * Returns where scanning stopped.
 */
const char *csvscan_feed(struct csvscan *s, const char *p, const char *end);
/*
 * The input has ended: complete the last record. Returns -1 when it ends
 * inside a quoted field (reported when report is set, else only stop is
 * set), 0 otherwise.
 */
int csvscan_end(struct csvscan *s, bool report);

/* Field i of the current record; *len gets its length. */
static inline const char *
csvscan_field(const struct csvscan *s, size_t i, size_t *len)
{
	*len = s->f[i].len;
	return s->rbuf + s->f[i].off;
}

/*
 * Does the first line end with a bare CR (classic Mac OS line endings)?
 * Lines are counted at LF, so such a file would be one long line. Every
 * reader refuses such a file before reading it.
 */
bool csvscan_cr_only(const char *p, const char *end);

#endif
