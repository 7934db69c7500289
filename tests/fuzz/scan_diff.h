/*
 * The record scanner's fast path for plain lines held against libcsv: the
 * same bytes are scanned twice, once as the reader does (csvscan.plain set)
 * and once through libcsv alone, fed in pieces of the same size, and each
 * run is written down as text: every record (the line it starts on, then
 * each field's line, length and bytes; records of blanks only, which the
 * reader skips, are left out), every record that did not parse, every
 * diagnostic, and where scanning ended. The two texts must be the same.
 * Shared by the fuzz target fuzz_scan and the unit test test_csvscan.
 */
#ifndef RC_SCAN_DIFF_H
#define RC_SCAN_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "csvscan.h"
#include "diag.h"
#include "strbuf.h"

struct scan_log {
	struct strbuf sb;
	const struct csvscan *s;
};

static void
scan_log_record(void *arg)
{
	struct scan_log *lg = arg;
	const struct csvscan *s = lg->s;

	if (!s->rec_text)
		return;
	strbuf_addf(&lg->sb, "record at %u, %zu fields:", (unsigned)s->rec_line, s->nf);
	for (size_t i = 0; i < s->nf; i++) {
		size_t len;
		const char *f = csvscan_field(s, i, &len);

		strbuf_addf(&lg->sb, " [%u %zu ", (unsigned)s->f[i].line, len);
		strbuf_add(&lg->sb, f, len);
		strbuf_addc(&lg->sb, ']');
	}
	strbuf_addc(&lg->sb, '\n');
}

static void
scan_log_bad(void *arg)
{
	struct scan_log *lg = arg;

	strbuf_adds(&lg->sb, "a record did not parse\n");
}

/*
 * Scan [data, data + size) in pieces of piece bytes (0: all at once), with
 * the fast path or without; returns the log (the caller frees it).
 */
static char *
scan_log_run(const char *data, size_t size, size_t piece, bool plain)
{
	struct scan_log lg;
	struct csvscan s;
	struct diaglist dl;
	size_t off = 0;
	char *log;

	strbuf_init(&lg.sb);
	lg.s = &s;
	diag_init(&dl);
	csvscan_init(&s, "in.csv", &dl, scan_log_record, scan_log_bad, &lg);
	s.plain = plain;
	if (piece == 0)
		piece = size > 0 ? size : 1;
	while (off < size && !s.stop) {
		size_t n = size - off < piece ? size - off : piece;
		const char *at = csvscan_feed(&s, data + off, data + off + n);

		if (at != data + off + n)
			break;          /* a NUL byte or a problem that stops */
		off += n;
	}
	csvscan_end(&s, true);
	for (size_t i = 0; i < dl.n; i++)
		strbuf_addf(&lg.sb, "diagnostic %d at %d:%d: %s\n", (int)dl.items[i].level,
		    dl.items[i].line, dl.items[i].col, dl.items[i].msg);
	strbuf_addf(&lg.sb, "ended at line %u%s\n", (unsigned)s.line,
	    s.stop ? ", stopped" : "");
	csvscan_release(&s);
	diag_release(&dl);
	log = strbuf_detach(&lg.sb);
	strbuf_release(&lg.sb);
	return log;
}

/*
 * Do both ways agree on data, scanned in pieces of piece bytes? When they
 * do not, *fast and *ref get the two logs (the caller frees them).
 */
static bool
scan_agree(const char *data, size_t size, size_t piece, char **fast, char **ref)
{
	char *a = scan_log_run(data, size, piece, true);
	char *b = scan_log_run(data, size, piece, false);
	bool same = strcmp(a, b) == 0;

	if (same || fast == NULL) {
		free(a);
		free(b);
	} else {
		*fast = a;
		*ref = b;
	}
	return same;
}

#endif
