/*
 * The import-map reader's view of a file: records with the line each
 * starts on, the header a map sees (several header rows joined), which
 * built-in map a header fits, and the forms of years and quarters.
 */
#include "config.h"

#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "diag.h"
#include "importmap_table.h"
#include "strbuf.h"
#include "value.h"
#include "xalloc.h"

/* ---- records ---- */

static void
on_cell(void *data, size_t len, void *arg)
{
	struct table *t = arg;
	const char *s = data != NULL ? data : "";
	struct record *r;

	if (t->max_records != 0 && t->nrecs >= t->max_records)
		return;
	if (!t->in_rec) {
		xgrow(&t->recs, &t->reccap, t->nrecs + 1, sizeof(*t->recs));
		r = &t->recs[t->nrecs++];
		r->line = t->rec_line;
		r->first = t->ncells;
		r->nf = 0;
		r->blank = true;
		t->in_rec = true;
	}
	r = &t->recs[t->nrecs - 1];
	value_trim(&s, &len);
	xgrow(&t->buf, &t->cap, t->len + len + 1, 1);
	memcpy(t->buf + t->len, s, len);
	t->buf[t->len + len] = '\0';
	xgrow(&t->cells, &t->cellcap, t->ncells + 1, sizeof(*t->cells));
	t->cells[t->ncells++] = (struct cell){ (uint32_t)t->len, (uint32_t)len };
	t->len += len + 1;
	r->nf++;
	r->blank = r->blank && len == 0;
}

static void
on_row(int c, void *arg)
{
	struct table *t = arg;

	(void)c;
	if (!t->in_rec && (t->max_records == 0 || t->nrecs < t->max_records)) {
		/* An empty line: a record of one empty field. */
		on_cell(NULL, 0, t);
	}
	t->in_rec = false;
	t->rec_line = t->line;
}

/*
 * Where a line leaves libcsv's (non-strict) parser, followed from its
 * bytes rather than read from the parser's private state: a quote opens a
 * quoted field only as a field's first byte but for blanks; inside one, a
 * quote closes it, and then a second quote (right after it, or after
 * blanks, which stay) or any other text goes on inside the field.
 */
enum qstate {
	Q_FIELD,                /* at the start of a field (or record) */
	Q_PLAIN,                /* in an unquoted field */
	Q_QUOTED,               /* in a quoted field */
	Q_CLOSED,               /* right after a quote in a quoted field */
	Q_CLOSED_BLANK,         /* ... and blanks */
};

static enum qstate
quote_state(enum qstate q, const char *p, const char *end, char delim)
{
	for (; p < end; p++) {
		char c = *p;
		bool term = c == delim || c == '\r' || c == '\n';
		bool blank = c == ' ' || c == '\t';

		switch (q) {
		case Q_FIELD:
			q = term || blank ? Q_FIELD : c == '"' ? Q_QUOTED : Q_PLAIN;
			break;
		case Q_PLAIN:
			q = term ? Q_FIELD : Q_PLAIN;
			break;
		case Q_QUOTED:
			q = c == '"' ? Q_CLOSED : Q_QUOTED;
			break;
		case Q_CLOSED:
		case Q_CLOSED_BLANK:
			q = term ? Q_FIELD : blank ? Q_CLOSED_BLANK :
			    c == '"' && q == Q_CLOSED_BLANK ? Q_CLOSED : Q_QUOTED;
			break;
		}
	}
	return q;
}

/*
 * Parse [p, end) into t, fed a line at a time so that each record knows
 * its first line. Returns 0, or -1 for an unterminated quoted field (at
 * *bad_line) or a NUL byte.
 */
int
imt_table_parse(struct table *t, const char *p, const char *end, char delim,
    size_t max_records, uint32_t *bad_line)
{
	struct csv_parser cp;
	enum qstate q = Q_FIELD;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	t->line = t->rec_line = 1;
	t->max_records = max_records;
	csv_init(&cp, CSV_APPEND_NULL);
	csv_set_realloc_func(&cp, xrealloc);
	csv_set_delim(&cp, (unsigned char)delim);
	while (p < end && (max_records == 0 || t->nrecs < max_records)) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl != NULL ? nl + 1 : end;

		if (memchr(p, '\0', (size_t)(stop - p)) != NULL) {
			*bad_line = t->line;
			rc = -1;
			break;
		}
		csv_parse(&cp, p, (size_t)(stop - p), on_cell, on_row, t);
		q = quote_state(q, p, stop, delim);
		p = stop;
		if (nl != NULL)
			t->line++;
		if (!t->in_rec && q == Q_FIELD)
			t->rec_line = t->line;
	}
	if (rc == 0 && (max_records == 0 || t->nrecs < max_records)) {
		if ((q == Q_QUOTED || q == Q_CLOSED || q == Q_CLOSED_BLANK) && p >= end) {
			*bad_line = t->rec_line;
			rc = -1;
		} else {
			csv_fini(&cp, on_cell, on_row, t);
		}
	}
	csv_free(&cp);
	return rc;
}

void
imt_table_release(struct table *t)
{
	free(t->buf);
	free(t->cells);
	free(t->recs);
}

/* ---- the header ---- */

/*
 * The header ending at record h, headerRows records joined: a column's
 * name is its texts in those records joined with a space, where an empty
 * text of a record above the last takes the text to its left (a group
 * heading spans the columns under it). names[i] are allocated.
 */
char **
imt_header_names(const struct table *t, size_t h, int rows, size_t *ncols)
{
	const struct record *last = &t->recs[h];
	size_t n = last->nf, top = h + 1 - (size_t)rows;
	char **names = xcalloc(n ? n : 1, sizeof(*names));
	/* Each record above the last: its latest non-empty text so far. */
	const char *head[IMAP_MAX_HEADER_ROWS] = { NULL };
	size_t headlen[IMAP_MAX_HEADER_ROWS] = { 0 };

	for (size_t c = 0; c < n; c++) {
		struct strbuf sb;

		strbuf_init(&sb);
		for (size_t k = top; k <= h; k++) {
			const struct record *r = &t->recs[k];
			size_t len = 0;
			const char *s = cell(t, r, c, &len);

			if (k < h && len > 0) {
				head[k - top] = s;
				headlen[k - top] = len;
			} else if (k < h) {
				s = head[k - top];
				len = headlen[k - top];
			}
			if (len == 0)
				continue;
			if (sb.len > 0)
				strbuf_addc(&sb, ' ');
			strbuf_add(&sb, s, len);
		}
		names[c] = strbuf_detach(&sb);
		strbuf_release(&sb);
	}
	*ncols = n;
	return names;
}

void
imt_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int
imt_find_name(char *const *names, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(names[i], want) == 0)
			return (int)i;
	return -1;
}

/* Does the header ending at record h hold every column of map's match? */
static bool
fits(const struct importmap *m, const struct table *t, size_t h)
{
	size_t n;
	char **names;
	bool ok = true;

	if (h + 1 < (size_t)m->header_rows || t->recs[h].blank)
		return false;
	names = imt_header_names(t, h, m->header_rows, &n);
	for (size_t i = 0; i < m->nmatch && ok; i++)
		ok = imt_find_name(names, n, m->match[i]) >= 0;
	imt_names_free(names, n);
	return ok;
}

/* The record that ends the map's header, or -1. */
long
imt_find_header(const struct importmap *m, const struct table *t)
{
	for (size_t h = 0; h < t->nrecs && h < SCAN_RECORDS; h++)
		if (fits(m, t, h))
			return (long)h;
	return -1;
}

const char *
imt_skip_bom(const char *p, size_t *n)
{
	if (*n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		*n -= 3;
		return p + 3;
	}
	return p;
}

const struct importmap *
importmap_recognise(const struct importmaps *ms, const char *head, size_t n)
{
	struct table t[2];
	bool parsed[2] = { false, false };
	const struct importmap *found = NULL;
	uint32_t bad;

	head = imt_skip_bom(head, &n);
	for (size_t i = 0; i < ms->n && found == NULL; i++) {
		const struct importmap *m = &ms->maps[i];
		int k = m->delimiter == ',' ? 0 : 1;

		if (k == 1 && parsed[1]) {
			/* Another delimiter than the last one parsed: parse again. */
			imt_table_release(&t[1]);
			parsed[1] = false;
		}
		if (!parsed[k]) {
			imt_table_parse(&t[k], head, head + n, m->delimiter, SCAN_RECORDS + 1, &bad);
			parsed[k] = true;
		}
		if (imt_find_header(m, &t[k]) >= 0)
			found = m;
	}
	for (int k = 0; k < 2; k++)
		if (parsed[k])
			imt_table_release(&t[k]);
	return found;
}

/* ---- years ---- */

static int
digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
year_ok(int y)
{
	return y >= 1900 && y <= 2100 ? y : 0;
}

int
importmap_quarter_year(const char *s, size_t len, int *quarter)
{
	int q = 0, y = 0;

	/* "Q1 2006" (any spaces between), and "2006Q01", "2006Q1", "2006 Q1". */
	if (len >= 7 && (s[0] == 'Q' || s[0] == 'q') && s[1] >= '1' && s[1] <= '4') {
		size_t i = 2;

		while (i < len && s[i] == ' ')
			i++;
		if (i > 2 && len - i == 4) {
			q = s[1] - '0';
			y = year_ok(digits(s + i, 4));
		}
	} else if (len >= 6 && len <= 8) {
		size_t i = 4;
		int yy = digits(s, 4);

		if (yy < 0)
			return 0;
		if (s[i] == ' ')
			i++;
		if (i < len && (s[i] == 'Q' || s[i] == 'q')) {
			q = digits(s + i + 1, len - i - 1);
			if (len - i - 1 >= 1 && len - i - 1 <= 2 && q >= 1 && q <= 4)
				y = year_ok(yy);
		}
	}
	if (y != 0 && quarter != NULL)
		*quarter = q;
	return y;
}

/* A year cell: "2015" or DataBank's "YR2015"; 0 when it is not one. */
int
imt_cell_year(const char *s, size_t len)
{
	if (len == 6 && (s[0] == 'Y' || s[0] == 'y') && (s[1] == 'R' || s[1] == 'r'))
		s += 2, len -= 2;
	return len == 4 ? year_ok(digits(s, 4)) : 0;
}

/*
 * A year column's name: "2015", "2015 [YR2015]" or DataBank's code form
 * "YR2015"; 0 when it is not one.
 */
int
imt_header_year(const char *s)
{
	size_t len = strlen(s);

	if (len == 6 && (s[0] == 'Y' || s[0] == 'y') && (s[1] == 'R' || s[1] == 'r'))
		return imt_cell_year(s, len);
	if (len == 13 && memcmp(s + 4, " [YR", 4) == 0 && memcmp(s + 8, s, 4) == 0 &&
	    s[12] == ']')
		len = 4;
	return len == 4 ? year_ok(digits(s, 4)) : 0;
}

char *
imt_to_utf8(const struct importmap *m, const char *data, size_t size,
    const char *name, struct diaglist *dl, size_t *outlen, bool *owned)
{
	size_t bad_at = size;

	for (size_t e = 0; e < m->nencodings; e++) {
		const char *enc = m->encodings[e];
		iconv_t cd;
		char *out, *in = (char *)data, *op;
		size_t inleft = size, cap, outleft;

		if (strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0) {
			size_t i = 0, l;

			while (i < size && (l = utf8_seq((const unsigned char *)data + i,
			    size - i)) > 0)
				i += l;
			if (i == size) {
				*outlen = size;
				*owned = false;
				return (char *)data;
			}
			bad_at = i;
			continue;
		}
		if ((cd = iconv_open("UTF-8", enc)) == (iconv_t)-1)
			continue;
		cap = size * 3 + 16;
		out = xmalloc(cap);
		op = out;
		outleft = cap;
		if (iconv(cd, &in, &inleft, &op, &outleft) == (size_t)-1) {
			free(out);
			iconv_close(cd);
			continue;
		}
		iconv_close(cd);
		*outlen = cap - outleft;
		*owned = true;
		return out;
	}
	{
		uint32_t line = 1;
		struct strbuf tried;

		for (size_t i = 0; i < bad_at && i < size; i++)
			line += data[i] == '\n';
		strbuf_init(&tried);
		for (size_t e = 0; e < m->nencodings; e++)
			strbuf_addf(&tried, "%s%s", e > 0 ? ", " : "", m->encodings[e]);
		if (m->builtin)
			diag_error(dl, name, bad_at < size ? (int)line : 0, 0, "the file is "
			    "in none of the encodings built-in map '%s' tries (%s): convert "
			    "it to UTF-8, or give a map file naming its encoding with --map "
			    "FILE", m->name, tried.buf);
		else
			diag_error(dl, name, bad_at < size ? (int)line : 0, 0, "the file is "
			    "in none of the encodings import map '%s' tries (%s): name its "
			    "encoding in the map's 'encoding' (%s)", m->name, tried.buf,
			    m->file);
		strbuf_release(&tried);
	}
	return NULL;
}
