/*
 * The record scanner. Input is fed to libcsv one line at a time, so that
 * every record and field knows the line it starts on; field bytes are
 * copied into one reused record buffer. A line that starts a record and
 * holds no quote and no carriage return is split by split_plain instead,
 * the one place where the scanner does not use libcsv; what libcsv keeps
 * to itself (whether a record has begun, where a field started) is
 * followed here from the bytes fed, never read from its parser struct.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <csv.h>

#include "csvin_opts.h"
#include "csvscan.h"
#include "value.h"
#include "xalloc.h"

#define BLOCK_SIZE      (64u << 10)     /* libcsv's growth step */


/*
 * Is [s, s+n) valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF)?
 * Runs of ASCII are skipped eight bytes at a time.
 */
static bool
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t len;

		if (i + 8 <= n) {
			uint64_t v;

			memcpy(&v, s + i, 8);
			if ((v & UINT64_C(0x8080808080808080)) == 0) {
				i += 8;
				continue;
			}
		}
		if ((len = utf8_seq(s + i, n - i)) == 0)
			return false;
		i += len;
	}
	return true;
}

/* Field i, blanks trimmed (when it was stored); *len gets its length. */
static void
reset_parser(struct csvscan *s)
{
	csv_free(&s->p);
	csv_init(&s->p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI);
	csv_set_realloc_func(&s->p, xrealloc);
	csv_set_blk_size(&s->p, BLOCK_SIZE);
	s->mid = false;
	s->inq = false;
	s->pending = 0;
	s->tail = '\n';
}

void
csvscan_init(struct csvscan *s, const char *name, struct diaglist *dl,
    void (*record)(void *arg), void (*bad)(void *arg), void *arg)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->dl = dl;
	s->record = record;
	s->bad = bad;
	s->arg = arg;
	s->plain = true;
	s->line = s->rec_line = s->fline = 1;
	csv_init(&s->p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI);
	reset_parser(s);
}

void
csvscan_release(struct csvscan *s)
{
	csv_free(&s->p);
	free(s->rbuf);
	free(s->f);
	s->rbuf = NULL;
	s->f = NULL;
}

/* ---- libcsv callbacks ---- */

static void
on_field(void *data, size_t len, void *arg)
{
	struct csvscan *s = arg;
	int col = (int)s->nf + 1;
	struct csvfield *f;

	if (s->stop)
		return;
	if (len > CSVIN_MAX_FIELD) {
		diag_error(s->dl, s->name, (int)s->fline, col,
		    "field longer than %u bytes", CSVIN_MAX_FIELD);
		s->stop = true;
		return;
	}
	if (s->nf >= CSVIN_MAX_FIELDS) {
		diag_error(s->dl, s->name, (int)s->rec_line, col,
		    "more than %u fields in a record", CSVIN_MAX_FIELDS);
		s->stop = true;
		return;
	}
	if (s->rlen + len + 1 > CSVIN_MAX_RECORD) {
		diag_error(s->dl, s->name, (int)s->rec_line, col,
		    "record longer than %u bytes", CSVIN_MAX_RECORD);
		s->stop = true;
		return;
	}
	if (s->rlen + len + 1 > s->rcap)
		xgrow(&s->rbuf, &s->rcap, s->rlen + len + 1, 1);
	if (s->nf == s->fcap)
		xgrow(&s->f, &s->fcap, s->nf + 1, sizeof(*s->f));
	f = &s->f[s->nf++];
	f->line = s->fline;
	memcpy(s->rbuf + s->rlen, data, len);
	s->rbuf[s->rlen + len] = '\0';
	{
		const char *t = s->rbuf + s->rlen;
		size_t n = len;

		value_trim(&t, &n);
		f->off = (uint32_t)(t - s->rbuf);
		f->len = (uint32_t)n;
	}
	s->rlen += len + 1;
	s->rec_text |= len > 0;
	if (!utf8_valid(data, len)) {
		/*
		 * A file in another encoding has such bytes on many lines: the
		 * first is reported with what to do, and reading stops.
		 */
		diag_error(s->dl, s->name, (int)s->fline, col, "invalid UTF-8: the "
		    "file seems to be in another encoding (such as windows-1252); "
		    "save it as UTF-8, or read it through an import map that gives "
		    "its 'encoding'");
		s->stop = true;
	}
	/* The next field starts right after the delimiter, on this line. */
	s->fline = s->line;
	s->last_end = 0;
}

static void
on_record(int c, void *arg)
{
	struct csvscan *s = arg;

	s->last_end = c;
	if (!s->stop)
		s->record(s->arg);
	s->nf = 0;
	s->rlen = 0;
	s->rec_text = false;
	s->rec_line = s->fline = s->line;
}

/*
 * libcsv stopped at a strict-mode error at p[done]: report it and skip the
 * line. In strict mode libcsv refuses a quote inside an unquoted field,
 * and a byte other than a delimiter, a line end, a blank or (right after
 * it) a second quote after the closing quote of a quoted field. So a
 * quote that follows a quote and blanks only is text after a closing
 * quote, as is any other byte; a quote after anything else is inside an
 * unquoted field (the field would have failed at its first quote before).
 */
static void
parse_error(struct csvscan *s, const char *p, size_t done)
{
	const char *hint;
	size_t i = done;
	char before;

	while (i > 0 && (p[i - 1] == ' ' || p[i - 1] == '\t'))
		i--;
	before = i > 0 ? p[i - 1] : s->tail;
	if (p[done] == '"' && before != '"')
		hint = "a quote inside an unquoted field (quote the whole field "
		    "and double the quote)";
	else
		hint = "text after the closing quote of a field (double a quote "
		    "inside a quoted field)";
	diag_error(s->dl, s->name, (int)s->line, (int)s->nf + 1, "%s: %s", hint,
	    csv_strerror(csv_error(&s->p)));
	if (s->bad != NULL)
		s->bad(s->arg);
	reset_parser(s);
	s->nf = 0;
	s->rlen = 0;
	s->rec_text = false;
}

/* libcsv's default blanks, which it trims from unquoted fields. */
static inline bool
csv_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Bytes that end a run of plain text: a field or line end, or a byte to check. */
static inline bool
is_stop(unsigned char c)
{
	return c == ',' || c == '"' || c == '\r' || c == '\n' || c >= 0x80;
}

/*
 * The stop bytes among the STOP_BLOCK bytes at s (fewer when the readable
 * end, avail bytes on, is nearer), as a mask for lowest_byte. With SSE2 (on
 * every x86-64) 16 bytes are compared at once; elsewhere 8 bytes at a time
 * in a 64-bit word, where flags above a true stop may be false ones (a
 * borrow runs on), so callers check each flagged byte with is_stop; else
 * one byte at a time. CSVIN_SCAN_SWAR and CSVIN_SCAN_BYTES choose the
 * latter two, so that tests cover them on any machine.
 */
#if defined(__SSE2__) && !defined(CSVIN_SCAN_SWAR) && !defined(CSVIN_SCAN_BYTES)
#define STOP_BLOCK 16
#define STOP_EXACT 1            /* every flagged byte is a stop */

static inline uint64_t
stop_mask(const char *s, size_t avail)
{
	uint64_t m = 0;

	if (avail >= 16) {
		__m128i v = _mm_loadu_si128((const void *)s);
		__m128i c = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));

		/* The sign bit of each byte flags the ones >= 0x80. */
		return (uint64_t)(unsigned)(_mm_movemask_epi8(c) | _mm_movemask_epi8(v));
	}
	for (size_t k = 0; k < avail; k++)
		if (is_stop((unsigned char)s[k]))
			m |= (uint64_t)1 << k;
	return m;
}

static inline int
lowest_byte(uint64_t m)
{
	return __builtin_ctzll(m);
}
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    defined(__GNUC__) && !defined(CSVIN_SCAN_BYTES)
#define STOP_BLOCK 8
#define STOP_EXACT 0            /* flags above a stop may be false */
#define ONES  UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* High bit of each byte of w that equals c (and maybe of bytes after one). */
static inline uint64_t
bytes_eq(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (ONES * c);

	return (x - ONES) & ~x & HIGHS;
}

static inline uint64_t
stop_mask(const char *s, size_t avail)
{
	uint64_t w, m = 0;

	if (avail >= 8) {
		memcpy(&w, s, sizeof(w));
		return bytes_eq(w, ',') | bytes_eq(w, '"') | bytes_eq(w, '\r') |
		    bytes_eq(w, '\n') | (w & HIGHS);
	}
	for (size_t k = 0; k < avail; k++)
		if (is_stop((unsigned char)s[k]))
			m |= (uint64_t)0x80 << (8 * k);
	return m;
}
#undef ONES
#undef HIGHS

static inline int
lowest_byte(uint64_t m)
{
	return __builtin_ctzll(m) >> 3;
}
#else
#define STOP_BLOCK 8
#define STOP_EXACT 1

static inline uint64_t
stop_mask(const char *s, size_t avail)
{
	uint64_t m = 0;

	for (size_t k = 0; k < avail && k < 8; k++)
		if (is_stop((unsigned char)s[k]))
			m |= (uint64_t)1 << (8 * k);
	return m;
}

static inline int
lowest_byte(uint64_t m)
{
	int k = 0;

	while (!(m & 0xff)) {
		m >>= 8;
		k++;
	}
	return k;
}
#endif

/*
 * Split the line at p, which starts a record, without libcsv when it holds
 * no quote and no carriage return before its end: libcsv would yield the
 * same fields (split at commas, blanks trimmed from both ends, a line of
 * blanks no record), but bypassing it saves copying every byte twice and a
 * call per byte. The line is scanned once where it lies, a block at a time,
 * up to its line feed (limit, which is not passed, bounds the search), and
 * copied block by block into the record buffer, whose fields are then
 * terminated in place; finding the line's end in the same pass spares a
 * search for it beforehand. Returns the line feed, or NULL, having stored
 * nothing, when the line needs libcsv: a quote or a carriage return, no
 * line feed before limit, a line too long for a field, or bytes that are
 * not UTF-8 (whose diagnostic names the field).
 */
static const char *
split_plain(struct csvscan *s, const char *p, const char *limit)
{
	size_t n, start = 0, nf = 0, avail = (size_t)(limit - p);
	bool high = false, text = false;
	const char *nl;
	char *d = s->rbuf;

	for (size_t w = 0;; w += STOP_BLOCK) {
		uint64_t m;

		if (w >= avail)
			return NULL;            /* no line feed before limit */
		if (w + STOP_BLOCK + 1 > s->rcap) {
			if (w >= CSVIN_MAX_FIELD)
				return NULL;
			xgrow(&s->rbuf, &s->rcap, w + STOP_BLOCK + 1, 1);
			d = s->rbuf;
		}
		if (avail - w >= STOP_BLOCK)
			memcpy(d + w, p + w, STOP_BLOCK);
		else
			memcpy(d + w, p + w, avail - w);
		for (m = stop_mask(p + w, avail - w); m != 0; m &= m - 1) {
			size_t i = w + (size_t)lowest_byte(m), a, b;
			unsigned char c = (unsigned char)p[i];

			if (c != ',') {
				if (!STOP_EXACT && !is_stop(c))
					continue;
				if (c >= 0x80) {
					high = true;
					continue;
				}
				if (c == '"')
					return NULL;
				if (c == '\r' && !(i + 1 < avail && p[i + 1] == '\n'))
					return NULL;    /* inside the line */
			}
			for (a = start; a < i && csv_blank(p[a]); a++)
				;
			for (b = i; b > a && csv_blank(p[b - 1]); b--)
				;
			if (nf == CSVIN_MAX_FIELDS)
				return NULL;
			if (nf == s->fcap)
				xgrow(&s->f, &s->fcap, nf + 1, sizeof(*s->f));
			d[b] = '\0';
			s->f[nf].off = (uint32_t)a;
			s->f[nf].len = (uint32_t)(b - a);
			s->f[nf].line = s->fline;
			nf++;
			text |= b > a;
			if (c != ',') {         /* the line's end: LF or CR LF */
				n = i;
				nl = p + i + (c == '\r');
				goto split;
			}
			start = i + 1;
		}
	}
split:
	if (n >= CSVIN_MAX_FIELD)
		return NULL;
	if (!text)                      /* a line of blanks */
		return nl;
	if (high && !utf8_valid((const unsigned char *)p, n))
		return NULL;
	s->nf = nf;
	s->rlen = n + 1;
	s->rec_text = true;
	on_record('\n', s);
	return nl;
}

/* The last byte of [p, end) that is not a blank, or c when there is none. */
static char
last_nonblank(const char *p, const char *end, char c)
{
	while (end > p && csv_blank(end[-1]))
		end--;
	return end > p ? end[-1] : c;
}

/* Quotes in [p, end), mod 2. */
static bool
odd_quotes(const char *p, const char *end)
{
	bool odd = false;

	while ((p = memchr(p, '"', (size_t)(end - p))) != NULL) {
		odd = !odd;
		p++;
	}
	return odd;
}

/*
 * The bytes of the field still open after [p, end), a piece of a record
 * that ends with quote parity inq: they start after the last delimiter or
 * line end outside quotes, found looking back from the end (inside quotes
 * a whole run is skipped at once), or go on from pending when there is
 * none in the piece. Quotes are not counted, so the count never exceeds
 * what libcsv holds by more than the blanks before an unquoted field.
 */
static size_t
open_field(const char *p, const char *end, bool inq, size_t pending)
{
	const char *x = end;
	size_t quotes = 0;

	while (x > p) {
		if (inq) {
			const char *q = memrchr(p, '"', (size_t)(x - p));

			if (q == NULL)
				break;
			quotes++;
			inq = false;
			x = q;
		} else if (x[-1] == '"') {
			quotes++;
			inq = true;
			x--;
		} else if (x[-1] == ',' || x[-1] == '\r' || x[-1] == '\n') {
			return (size_t)(end - x) - quotes;
		} else {
			x--;
		}
	}
	return pending + (size_t)(end - p) - quotes;
}

/*
 * Feed [p, end) to libcsv, line by line; a line that starts a record goes
 * to split_plain first. A record is open after a line while its quotes
 * are odd (in strict mode a record that parses has balanced quotes where
 * it ends) or while its line has not ended. With s->pause set, stop at the
 * first record start. Returns where feeding stopped.
 */
const char *
csvscan_feed(struct csvscan *s, const char *p, const char *end)
{
	const char *nul = memchr(p, '\0', (size_t)(end - p));
	const char *limit = nul != NULL ? nul : end;

	while (p < limit && !s->stop) {
		const char *nl, *seg;
		size_t n, done;

		if (s->pause && !s->skip_to_eol && !s->mid)
			return p;
		if (!s->skip_to_eol && !s->mid) {
			s->rec_line = s->fline = s->line;
			if (s->plain && (nl = split_plain(s, p, limit)) != NULL) {
				seg = nl + 1;
				goto next;
			}
		}
		nl = memchr(p, '\n', (size_t)(limit - p));
		seg = nl != NULL ? nl + 1 : limit;
		n = (size_t)(seg - p);
		if (s->skip_to_eol) {
			s->skip_to_eol = nl == NULL;
		} else {
			s->last_end = 0;
			done = csv_parse(&s->p, p, n, on_field, on_record, s);
			if (done < n && !s->stop) {
				parse_error(s, p, done);
				s->skip_to_eol = nl == NULL;
				goto next;
			}
			/*
			 * A record that libcsv ended at the line feed, the line's
			 * last byte, leaves none open (the usual case, which needs
			 * no count of the line's quotes).
			 */
			if (s->last_end == '\n')
				s->inq = false;
			else
				s->inq ^= odd_quotes(p, seg);
			s->mid = s->inq || nl == NULL;
			s->tail = nl == NULL ? last_nonblank(p, seg, s->tail) : '\n';
			if (!s->mid) {
				s->pending = 0;
			} else if ((s->pending = open_field(p, seg, s->inq, s->pending)) >
			    CSVIN_MAX_FIELD && !s->stop) {
				diag_error(s->dl, s->name, (int)s->fline, (int)s->nf + 1,
				    "field longer than %u bytes", CSVIN_MAX_FIELD);
				s->stop = true;
			}
		}
next:
		if (nl != NULL && s->line < UINT32_MAX)
			s->line++;
		p = seg;
	}
	if (nul != NULL && !s->stop && p == nul) {
		diag_error(s->dl, s->name, (int)s->line, 0, "NUL byte in input");
		s->stop = true;
	}
	return p;
}

int
csvscan_end(struct csvscan *s, bool report)
{
	if (s->stop || (report && s->skip_to_eol))
		return 0;
	if (csv_fini(&s->p, on_field, on_record, s) == 0)
		return 0;
	if (report) {
		diag_error(s->dl, s->name, (int)s->fline, (int)s->nf + 1,
		    "unterminated quoted field starting at line %u", (unsigned)s->fline);
		if (s->bad != NULL)
			s->bad(s->arg);
	} else {
		s->stop = true;
	}
	return -1;
}

bool
csvscan_cr_only(const char *p, const char *end)
{
	const char *cr = memchr(p, '\r', (size_t)(end - p));
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return cr != NULL && (nl == NULL || cr < nl) && cr + 1 < end && cr[1] != '\n';
}
