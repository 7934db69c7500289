/*
 * The self-report reader. Input is streamed in 64 KiB blocks and fed to
 * libcsv one line at a time, so that every record and field knows the line
 * it starts on; field bytes are copied into one reused record buffer. The
 * header decides the layout (long, wide, world-bank) and each data record
 * becomes typed observations in the store.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "csvhint.h"
#include "csvin.h"
#include "digest.h"
#include "economies.h"
#include "importmap.h"
#include "par.h"
#include "shard.h"
#include "strbuf.h"
#include "xalloc.h"

#define BLOCK_SIZE      (64u << 10)
#define MAX_PREAMBLE    20      /* records scanned for a header */
#define SHOW_MAX        200     /* bytes of a value quoted in messages */

/* libcsv 3.0.3's parser states (csv_parser.pstate), which csv.h exposes. */
enum {
	PS_ROW_NOT_BEGUN = 0,
	PS_FIELD_NOT_BEGUN = 1,
	PS_FIELD_BEGUN = 2,
	PS_FIELD_MIGHT_HAVE_ENDED = 3,
};

enum layout {
	LAYOUT_NONE,
	LAYOUT_LONG,
	LAYOUT_WIDE,
	LAYOUT_WB,
};

static const char *const layout_names[] = {
	NULL, "long", "wide", "world-bank",
};

enum rstate {
	RS_HEADER,              /* looking for the header */
	RS_DATA,
	RS_DONE,                /* stopped: no layout */
};

/* One field of the current record, in the record buffer. */
struct field {
	uint32_t off, len;
	uint32_t line;          /* line the field starts on */
};

/* A column holding values: an indicator (wide) or a year (world-bank). */
struct vcol {
	int col;
	int ind;                /* wide: indicator; world-bank: -1 */
	int year;               /* world-bank: the column's year */
	int evcol;              /* wide: its evidence column, or -1 */
};

/* Per-file tally of one unknown indicator name. */
struct unknown {
	size_t rows;
	uint32_t line;
};

#define IND_SEEN 256             /* names remembered by row_indicator */
#define IND_SEEN_PROBES 8        /* slots looked at for one name */

struct reader {
	size_t errors_at_start;         /* dl->nerrors when the file began */
	const char *name;
	const struct csvin_opts *opts;
	const struct catalogue *cat;
	struct obsstore *store;
	struct input_info *info;
	struct diaglist *dl;
	int file;

	struct csv_parser p;
	uint32_t line;          /* line being fed to libcsv */
	uint32_t rec_line;      /* line the current record starts on */
	uint32_t fline;         /* line the current field starts on */
	bool skip_to_eol;       /* resynchronising after a parse error */
	bool stop;              /* a fatal problem: read no further */
	bool pause;             /* stop feeding once the header is read */
	bool keep_pages;        /* the input is not a file mapping: keep it */
	struct progress *prog;  /* NULL: no progress shown */
	_Atomic bool *abort;    /* a chunk's reader: set to stop every chunk */

	/*
	 * The current record: field bytes (each NUL-terminated) and the
	 * offsets of the fields with blanks trimmed.
	 */
	char *rbuf;
	size_t rlen, rcap;
	struct field *f;
	size_t nf, fcap;
	bool rec_bad;
	bool rec_text;          /* a field had a byte before trimming */

	enum rstate state;
	int nscanned;
	uint32_t first_line;
	char *first_hint;       /* what the first record shows, for a refusal */
	bool wb_footer;

	/* The layout. */
	enum layout layout;
	size_t ncols;
	int c_entity, c_ind, c_value, c_year, c_unit, c_subject, c_sector, c_evidence;
	int c_indname;          /* world-bank: the series' own name, or -1 */
	struct vcol *vcols;
	size_t nvcols, vcap;

	/* The previous row's entity: its id and resolution. */
	char *ent_id;
	size_t ent_len, ent_cap;
	int ent_idx;            /* >= 0, or ENT_* */
	bool ent_valid;
	/*
	 * The subject and sector fields of the last row that agreed with its
	 * entity; a row of the same entity with the same fields agrees too.
	 */
	bool subj_valid;
	int subj_ent;
	int subj_fixed;
	char subj_text[64];     /* subject field, NUL, sector field */
	size_t subj_len;
	/* Indicator names seen (long layout), for row_indicator: IND_SEEN slots. */
	struct ind_seen {
		char name[47];
		unsigned char len;      /* 0: empty */
		int idx;
	} ind_seen[IND_SEEN];
	size_t nind_seen;
	/* The previous row's indicator name (long layout). */
	char *ind_name;
	size_t ind_len, ind_cap;
	int ind_idx;
	bool ind_valid;

	struct strtab unk;      /* unknown indicator names, in order seen */
	struct unknown *unks;
	size_t unkcap;
};

#define ENT_NOT_SELECTED (-2)
#define ENT_AGGREGATE    (-3)
#define ENT_OTHER_SHARD  (-4)  /* --shard: checked, counted, not kept */

/*
 * Is the code a World Bank aggregate (a region, income or lending group)?
 * The economy tables know every aggregate code of the World Bank's lists,
 * current and of older editions; economies are never aggregates (XKX is
 * Kosovo, CHI the Channel Islands).
 */
static bool
is_aggregate(const char *s, size_t len)
{
	struct econ_match m;

	return econ_resolve(s, len, &m) == ECON_AGGREGATE;
}

/* ---- small helpers ---- */

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
static inline const char *
fld(const struct reader *r, int i, size_t *len)
{
	*len = r->f[i].len;
	return r->rbuf + r->f[i].off;
}

static inline int
shown(size_t len)
{
	return len > SHOW_MAX ? SHOW_MAX : (int)len;
}

static void
ignore_row(struct reader *r, enum ignore_reason why)
{
	r->info->ignored++;
	r->info->ignored_by[why]++;
}

static void
reset_parser(struct reader *r)
{
	csv_free(&r->p);
	csv_init(&r->p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI);
	csv_set_realloc_func(&r->p, xrealloc);
	csv_set_blk_size(&r->p, BLOCK_SIZE);
}

/* ---- header ---- */

static bool
name_is(const char *s, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(s, want, len) == 0;
}

/* Column index of the header name want, or -1. */
static int
find_col(const struct reader *r, const char *want)
{
	for (size_t i = 0; i < r->nf; i++) {
		size_t len;
		const char *s = fld(r, (int)i, &len);

		if (name_is(s, len, want))
			return (int)i;
	}
	return -1;
}

/* Year of a world-bank column name: "2013" or "2017 [YR2017]"; else 0. */
static int
wb_year(const char *s, size_t len)
{
	int y = 0;

	if (len != 4 && !(len == 13 && memcmp(s + 4, " [YR", 4) == 0 &&
	    memcmp(s + 8, s, 4) == 0 && s[12] == ']'))
		return 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	return y >= 1900 && y <= 2100 ? y : 0;
}

static void
add_vcol(struct reader *r, int col, int ind, int year)
{
	xgrow(&r->vcols, &r->vcap, r->nvcols + 1, sizeof(*r->vcols));
	r->vcols[r->nvcols++] = (struct vcol){ col, ind, year, -1 };
}

static void
warn_nameless(struct reader *r, int col)
{
	diag_warn(r->dl, r->name, (int)r->f[col].line, col + 1,
	    "column %d has no name; its cells are ignored", col + 1);
}

/* Duplicate header names (case-insensitive) are errors. */
static int
check_duplicates(struct reader *r)
{
	struct strtab seen;
	int *first = xcalloc(r->nf, sizeof(*first));
	int errors = 0;

	strtab_init(&seen, true);
	for (size_t i = 0; i < r->nf; i++) {
		size_t len, before = seen.n;
		const char *s = fld(r, (int)i, &len);
		int k;

		if (len == 0)
			continue;
		k = strtab_intern(&seen, s, len);
		if (seen.n > before) {
			first[k] = (int)i;
			continue;
		}
		diag_error(r->dl, r->name, (int)r->f[i].line, (int)i + 1,
		    "duplicate column '%.*s' (also column %d)", shown(len), s,
		    first[k] + 1);
		errors++;
	}
	strtab_release(&seen);
	free(first);
	return errors;
}

static void
setup_long(struct reader *r)
{
	const struct {
		const char *name;
		int *slot;              /* NULL: known but unused */
	} known[] = {
		{ "entity", &r->c_entity },
		{ "indicator", &r->c_ind },
		{ "value", &r->c_value },
		{ "year", &r->c_year },
		{ "unit", &r->c_unit },
		{ "subject", &r->c_subject },
		{ "sector", &r->c_sector },
		{ "evidence", &r->c_evidence },
		{ "note", NULL },
	};
	const size_t nknown = sizeof(known) / sizeof(known[0]);

	for (size_t i = 0; i < r->nf; i++) {
		size_t len, k;
		const char *s = fld(r, (int)i, &len);

		for (k = 0; k < nknown && !name_is(s, len, known[k].name); k++)
			;
		if (k < nknown) {
			if (known[k].slot != NULL)
				*known[k].slot = (int)i;
		} else if (len == 0) {
			warn_nameless(r, (int)i);
		} else {
			diag_warn(r->dl, r->name, (int)r->f[i].line, (int)i + 1,
			    "unknown column '%.*s' ignored", shown(len), s);
		}
	}
}

static int
setup_wide(struct reader *r)
{
	int *evcol = xcalloc(r->cat->n + 1, sizeof(*evcol));
	int *valcol = xcalloc(r->cat->n + 1, sizeof(*valcol));
	int errors = 0;

	r->c_entity = find_col(r, "entity");
	r->c_year = find_col(r, "year");
	r->c_subject = find_col(r, "subject");
	r->c_sector = find_col(r, "sector");
	for (size_t i = 0; i < r->nf; i++) {
		size_t len;
		const char *s = fld(r, (int)i, &len);
		int ind, col = (int)i;
		int *slot;

		if (col == r->c_entity || col == r->c_year || col == r->c_subject ||
		    col == r->c_sector)
			continue;
		if (len == 0) {
			warn_nameless(r, col);
			continue;
		}
		slot = valcol;
		ind = catalogue_find(r->cat, s, len);
		if (ind < 0 && len > 9 && strncasecmp(s + len - 9, ".evidence", 9) == 0) {
			ind = catalogue_find(r->cat, s, len - 9);
			slot = evcol;
		}
		if (ind < 0) {
			diag_warn(r->dl, r->name, (int)r->f[i].line, col + 1,
			    "unknown indicator column '%.*s' ignored", shown(len), s);
			continue;
		}
		if (slot[ind] != 0) {
			size_t plen;
			const char *prev = fld(r, slot[ind] - 1, &plen);

			diag_error(r->dl, r->name, (int)r->f[i].line, col + 1,
			    "columns '%.*s' and '%.*s' both hold %s of indicator '%s'",
			    shown(plen), prev, shown(len), s,
			    slot == evcol ? "the evidence" : "values",
			    r->cat->items[ind].id);
			errors++;
			continue;
		}
		slot[ind] = col + 1;
		if (slot == valcol)
			add_vcol(r, col, ind, 0);
	}
	for (size_t k = 0; k < r->nvcols; k++)
		r->vcols[k].evcol = evcol[r->vcols[k].ind] - 1;
	for (size_t ind = 0; ind < r->cat->n; ind++) {
		if (evcol[ind] != 0 && valcol[ind] == 0) {
			size_t len;
			const char *s = fld(r, evcol[ind] - 1, &len);

			diag_warn(r->dl, r->name, (int)r->f[evcol[ind] - 1].line,
			    evcol[ind], "evidence column '%.*s' has no column for "
			    "indicator '%s'; ignored", shown(len), s, r->cat->items[ind].id);
		}
	}
	free(evcol);
	free(valcol);
	return errors;
}

static void
setup_wb(struct reader *r)
{
	static const char *const names[] = {
		"country name", "indicator name", "series name",
	};

	r->c_entity = find_col(r, "country code");
	r->c_ind = find_col(r, "indicator code");
	if (r->c_ind < 0)
		r->c_ind = find_col(r, "series code");
	r->c_indname = find_col(r, "indicator name");
	if (r->c_indname < 0)
		r->c_indname = find_col(r, "series name");
	for (size_t i = 0; i < r->nf; i++) {
		size_t len;
		const char *s = fld(r, (int)i, &len);
		int col = (int)i, year;
		bool known = false;

		if (col == r->c_entity || col == r->c_ind || len == 0)
			continue;       /* World Bank files end rows with a comma */
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			known = known || name_is(s, len, names[k]);
		if (known)
			continue;
		year = wb_year(s, len);
		if (year != 0)
			add_vcol(r, col, -1, year);
		else
			diag_warn(r->dl, r->name, (int)r->f[i].line, col + 1,
			    "unknown column '%.*s' ignored", shown(len), s);
	}
}

/*
 * Try the current record as a header. Long and wide headers must be the
 * first record; a world-bank header may follow a few preamble records.
 */
static void
layout_error(struct reader *r)
{
	diag_error(r->dl, r->name, (int)r->first_line, 0, "%s", r->first_hint);
}

/*
 * A first record that no layout fits: a known file without values is
 * refused at once; otherwise the message is kept for when no later
 * record fits either.
 */
static void
first_unfit(struct reader *r)
{
	struct csvhint_col *c = xcalloc(r->nf ? r->nf : 1, sizeof(*c));
	bool known;

	for (size_t i = 0; i < r->nf; i++)
		c[i].s = fld(r, (int)i, &c[i].len);
	r->first_hint = csvhint_refusal(c, r->nf, &known);
	if (known) {
		diag_error(r->dl, r->name, (int)r->rec_line, 0, "%s", r->first_hint);
		r->state = RS_DONE;
		r->stop = true;
	}
	free(c);
}

static void
detect_header(struct reader *r)
{
	bool first = r->nscanned++ == 0;
	bool has_entity = find_col(r, "entity") >= 0;
	bool has_ind = find_col(r, "indicator") >= 0;
	enum layout lay = LAYOUT_NONE;

	if (first)
		r->first_line = r->rec_line;
	if (first && has_entity && has_ind && find_col(r, "value") >= 0)
		lay = LAYOUT_LONG;
	else if (find_col(r, "country code") >= 0 &&
	    (find_col(r, "indicator code") >= 0 || find_col(r, "series code") >= 0))
		lay = LAYOUT_WB;
	else if (first && has_entity && !has_ind)
		lay = LAYOUT_WIDE;

	if (lay == LAYOUT_NONE) {
		if (first)
			first_unfit(r);
		if (r->stop)
			return;
		if (r->nscanned >= MAX_PREAMBLE) {
			layout_error(r);
			r->state = RS_DONE;
			r->stop = true;
		}
		return;
	}
	r->layout = lay;
	r->ncols = r->nf;
	r->info->layout = layout_names[lay];
	r->state = RS_DATA;
	if (check_duplicates(r) > 0) {
		r->stop = true;
		return;
	}
	switch (lay) {
	case LAYOUT_LONG:
		setup_long(r);
		break;
	case LAYOUT_WIDE:
		if (setup_wide(r) > 0)
			r->stop = true;
		break;
	default:
		setup_wb(r);
		break;
	}
}

/* ---- rows ---- */

/*
 * The entity of the current row: its index, ENT_NOT_SELECTED,
 * ENT_AGGREGATE or ENT_OTHER_SHARD. Consecutive rows usually name the
 * same entity, so the previous answer is kept.
 */
/*
 * memcmp(a, b, n) == 0, inline: the reader compares a few short strings
 * of every row with the previous row's, where a call costs more than the
 * comparison. Loads overlap rather than pass the end of either string.
 */
static inline bool
same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	uint32_t u, v;
	uint16_t h, k;

	if (n >= 8) {
		for (size_t i = 0; i + 8 < n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return false;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		if (u != v)
			return false;
		memcpy(&u, a + n - 4, 4);
		memcpy(&v, b + n - 4, 4);
		return u == v;
	}
	if (n >= 2) {
		memcpy(&h, a, 2);
		memcpy(&k, b, 2);
		return h == k && a[n - 1] == b[n - 1];
	}
	return n == 0 || a[0] == b[0];
}

static int
row_entity(struct reader *r, const char *s, size_t len, uint32_t line)
{
	int idx;

	if (r->ent_valid && len == r->ent_len && same_bytes(s, r->ent_id, len))
		return r->ent_idx;
	if (r->layout == LAYOUT_WB && is_aggregate(s, len)) {
		idx = ENT_AGGREGATE;
	} else {
		bool sel = r->opts->entities == NULL || r->opts->nentities == 0;

		for (size_t i = 0; !sel && i < r->opts->nentities; i++)
			sel = strlen(r->opts->entities[i]) == len &&
			    memcmp(r->opts->entities[i], s, len) == 0;
		if (!sel)
			idx = ENT_NOT_SELECTED;
		else if (!shard_has(r->opts->shard_k, r->opts->shard_n, s, len))
			idx = ENT_OTHER_SHARD;
		else
			idx = obs_entity(r->store, s, len, r->file, line);
	}
	xgrow(&r->ent_id, &r->ent_cap, len + 1, 1);
	memcpy(r->ent_id, s, len);
	r->ent_id[len] = '\0';
	r->ent_len = len;
	r->ent_idx = idx;
	r->ent_valid = true;
	return idx;
}

/*
 * The slot of the table of names seen that holds [s, s + len), filled on
 * first sight, or NULL when the name is too long to keep, the table is
 * half full, or the name is not within IND_SEEN_PROBES slots of its hash.
 * Open addressing on an unkeyed FNV-1a hash: anyone can write names that
 * collide, and the bound on probing is what keeps them cheap. Such names
 * miss the table and go to the catalogue's keyed look-up, so a row costs
 * at most a few comparisons more than without the table.
 */
static struct ind_seen *
seen_slot(struct reader *r, const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	for (uint32_t k = 0; k < IND_SEEN_PROBES; k++) {
		struct ind_seen *c = &r->ind_seen[(h + k) % IND_SEEN];

		if (c->len == 0) {
			if (len >= sizeof(c->name) || r->nind_seen >= IND_SEEN / 2)
				return NULL;
			memcpy(c->name, s, len);
			c->len = (unsigned char)len;
			c->idx = catalogue_find(r->cat, s, len);
			r->nind_seen++;
			return c;
		}
		if (c->len == len && same_bytes(c->name, s, len))
			return c;
	}
	return NULL;
}

/*
 * Indicator number of a long row's indicator name, or -1. Besides the
 * previous row's name, the names seen in the file are kept as written: a
 * long file cycles through a few dozen of them, and the catalogue's own
 * look-up, which ignores case, costs far more.
 */
static int
row_indicator(struct reader *r, const char *s, size_t len)
{
	const struct ind_seen *c;

	if (r->ind_valid && len == r->ind_len && same_bytes(s, r->ind_name, len))
		return r->ind_idx;
	c = seen_slot(r, s, len);
	xgrow(&r->ind_name, &r->ind_cap, len + 1, 1);
	memcpy(r->ind_name, s, len);
	r->ind_len = len;
	r->ind_idx = c != NULL ? c->idx : catalogue_find(r->cat, s, len);
	r->ind_valid = true;
	return r->ind_idx;
}

static void
note_unknown(struct reader *r, const char *s, size_t len, uint32_t line)
{
	size_t before = r->unk.n;
	int k = strtab_intern(&r->unk, s, len);

	if (r->unk.n > before) {
		xgrow(&r->unks, &r->unkcap, r->unk.n, sizeof(*r->unks));
		r->unks[k].rows = 0;
		r->unks[k].line = line;
	}
	r->unks[k].rows++;
}

/* The row's year from column c: 0 for none, -1 after an error. */
static int
row_year(struct reader *r, int c)
{
	size_t len;
	const char *s = fld(r, c, &len);
	int y = 0;

	if (len == 0) {
		diag_error(r->dl, r->name, (int)r->f[c].line, c + 1, "missing year");
		return -1;
	}
	if (len == 4 && (unsigned)(s[0] - '0') < 10 && (unsigned)(s[1] - '0') < 10 &&
	    (unsigned)(s[2] - '0') < 10 && (unsigned)(s[3] - '0') < 10)
		y = ((s[0] - '0') * 10 + (s[1] - '0')) * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	else
		y = -1;
	if (y < 1900 || y > 2100) {
		diag_error(r->dl, r->name, (int)r->f[c].line, c + 1,
		    "bad year '%.*s'", shown(len), s);
		return -1;
	}
	return y;
}

/* "state" or "enterprise" in any case; -1 otherwise. */
static int
parse_subject(const char *s, size_t len)
{
	for (int k = SUBJ_STATE; k <= SUBJ_ENTERPRISE; k++) {
		const char *name = subject_name((enum subject)k);

		if (name != NULL && strlen(name) == len &&
		    (memcmp(name, s, len) == 0 || strncasecmp(name, s, len) == 0))
			return k;
	}
	return -1;
}

/* Set or check the entity's subject and sector. Returns -1 on a conflict. */
static int
row_subject(struct reader *r, int ent, int csubj, int csect, enum subject fixed)
{
	int rc = 0;
	size_t len, slen = 0, clen = 0;
	const char *s, *subj_s = NULL, *sect_s = NULL;

	if (csubj >= 0)
		subj_s = fld(r, csubj, &slen);
	if (csect >= 0)
		sect_s = fld(r, csect, &clen);
	if (ent < 0) {
		/* another shard's entity: only what the row says on its own */
		if (slen > 0 && parse_subject(subj_s, slen) < 0) {
			diag_error(r->dl, r->name, (int)r->f[csubj].line, csubj + 1,
			    "unknown subject '%.*s'; use 'state' or 'enterprise'",
			    shown(slen), subj_s);
			return -1;
		}
		return 0;
	}
	if (r->subj_valid && ent == r->subj_ent && (int)fixed == r->subj_fixed &&
	    slen + clen + 1 == r->subj_len &&
	    same_bytes(r->subj_text, subj_s, slen) &&
	    r->subj_text[slen] == '\0' &&
	    same_bytes(r->subj_text + slen + 1, sect_s, clen))
		return 0;

	if (csubj >= 0 || fixed != SUBJ_NONE) {
		int subj = fixed;
		uint32_t line = csubj >= 0 ? r->f[csubj].line : r->rec_line;
		struct entity *e = &r->store->ents[ent];

		s = subj_s;
		len = slen;
		if (csubj >= 0 && len == 0) {
			subj = SUBJ_NONE;
		} else if (csubj >= 0 && (subj = parse_subject(s, len)) < 0) {
			diag_error(r->dl, r->name, (int)line, csubj + 1,
			    "unknown subject '%.*s'; use 'state' or 'enterprise'",
			    shown(len), s);
			rc = -1;
			subj = SUBJ_NONE;
		}
		if (subj == SUBJ_NONE) {
			/* nothing stated */
		} else if (e->subject == SUBJ_NONE) {
			e->subject = (enum subject)subj;
			e->subject_file = (uint16_t)r->file;
			e->subject_line = line;
		} else if (e->subject != (enum subject)subj) {
			diag_error(r->dl, r->name, (int)line, csubj + 1,
			    "entity '%s' is a%s %s here but a%s %s at %s:%u",
			    e->id, subj == SUBJ_ENTERPRISE ? "n" : "",
			    subject_name((enum subject)subj),
			    e->subject == SUBJ_ENTERPRISE ? "n" : "",
			    subject_name(e->subject), r->store->files[e->subject_file],
			    (unsigned)e->subject_line);
			rc = -1;
		}
	}
	if (clen > 0) {
		struct entity *e = &r->store->ents[ent];
		uint32_t line = r->f[csect].line;

		if (e->sector == NULL) {
			e->sector = xstrndup(sect_s, clen);
			e->sector_file = (uint16_t)r->file;
			e->sector_line = line;
		} else if (strlen(e->sector) != clen || memcmp(e->sector, sect_s, clen) != 0) {
			diag_error(r->dl, r->name, (int)line, csect + 1,
			    "entity '%s' has sector '%.*s' here but '%s' at %s:%u",
			    e->id, shown(clen), sect_s, e->sector,
			    r->store->files[e->sector_file], (unsigned)e->sector_line);
			rc = -1;
		}
	}
	if (rc == 0 && slen + clen + 1 <= sizeof(r->subj_text)) {
		r->subj_valid = true;
		r->subj_ent = ent;
		r->subj_fixed = (int)fixed;
		if (slen > 0)
			memcpy(r->subj_text, subj_s, slen);
		r->subj_text[slen] = '\0';
		if (clen > 0)
			memcpy(r->subj_text + slen + 1, sect_s, clen);
		r->subj_len = slen + clen + 1;
	}
	return rc;
}

/*
 * Parse cell c as a value of indicator ind into o (NULL: only check it).
 * Returns 1 for a value, 0 for a missing one, -1 after an error.
 */
static int
row_value(struct reader *r, int c, int ind, const char *ent, struct obs *o)
{
	const struct indicator *it = &r->cat->items[ind];
	size_t len;
	const char *s = fld(r, c, &len);
	struct value v;
	enum value_check vc = indicator_parse_value(it, s, len, &v);

	if (vc == VC_MISSING)
		return 0;
	if (vc != VC_OK) {
		struct strbuf msg;

		strbuf_init(&msg);
		indicator_value_message(&msg, it, vc, s, len, &v, ent);
		diag_error(r->dl, r->name, (int)r->f[c].line, c + 1, "%s", msg.buf);
		strbuf_release(&msg);
		return -1;
	}
	if (o == NULL)
		return 1;
	o->kind = (uint8_t)v.kind;
	if (v.kind == V_NUM)
		o->num = v.num;
	else if (v.kind == V_BOOL)
		o->num = v.b ? 1 : 0;
	else
		o->text = obs_text(r->store, s, len);
	o->ind = (uint16_t)ind;
	o->line = r->f[c].line;
	o->file = (uint16_t)r->file;
	return 1;
}

/* Evidence of cell c (c < 0: none) as an obs.evidence reference. */
static uint32_t
row_evidence(struct reader *r, int c)
{
	size_t len;
	const char *s;

	if (c < 0)
		return 0;
	s = fld(r, c, &len);
	return len == 0 ? 0 : obs_text(r->store, s, len) + 1;
}

/* The id of entity ent of the current row, for messages. */
static const char *
row_entity_id(const struct reader *r, int ent)
{
	return ent >= 0 ? r->store->ents[ent].id : r->ent_id;
}

/*
 * Entity of a data row; < 0 when the row is not stored (counted or an
 * error), except ENT_OTHER_SHARD: a row of another shard's entity is
 * checked all the same, so that a malformed row fails every shard as it
 * fails the whole run; the caller counts it when it is well formed.
 * Checks that compare an entity's rows with each other (its subject,
 * its sector) are left to the entity's own shard.
 */
static int
row_begin(struct reader *r, int c)
{
	size_t len;
	const char *s = fld(r, c, &len);
	int ent;

	if (len == 0) {
		diag_error(r->dl, r->name, (int)r->f[c].line, c + 1, "empty entity");
		return -1;
	}
	ent = row_entity(r, s, len, r->rec_line);
	if (ent != ENT_NOT_SELECTED && ent != ENT_AGGREGATE)
		return ent;
	/*
	 * Left out whatever it holds; with --shard, counted by one shard
	 * only, so that the merged accounting is the whole run's.
	 */
	if (!shard_has(r->opts->shard_k, r->opts->shard_n, s, len))
		ignore_row(r, IGN_OTHER_SHARD);
	else
		ignore_row(r, ent == ENT_AGGREGATE ? IGN_AGGREGATE : IGN_ENTITY_NOT_SELECTED);
	return ent;
}

static void
row_long(struct reader *r)
{
	size_t len;
	const char *s;
	int ent, ind, year = 0, rc;
	bool bad = false;
	struct obs o;

	ent = row_begin(r, r->c_entity);
	if (ent < 0 && ent != ENT_OTHER_SHARD)
		return;
	s = fld(r, r->c_ind, &len);
	if (len == 0) {
		diag_error(r->dl, r->name, (int)r->f[r->c_ind].line, r->c_ind + 1,
		    "empty indicator");
		return;
	}
	ind = row_indicator(r, s, len);
	if (ind < 0 && ent == ENT_OTHER_SHARD) {
		ignore_row(r, IGN_OTHER_SHARD);
		return;
	}
	if (ind < 0) {
		note_unknown(r, s, len, r->rec_line);
		ignore_row(r, IGN_UNKNOWN_INDICATOR);
		return;
	}
	if (r->c_year >= 0 && (year = row_year(r, r->c_year)) < 0)
		bad = true;
	if (row_subject(r, ent, r->c_subject, r->c_sector,
	    r->c_subject < 0 ? r->opts->subject : SUBJ_NONE) < 0)
		bad = true;
	if (r->c_unit >= 0) {
		const char *unit = r->cat->items[ind].unit;

		s = fld(r, r->c_unit, &len);
		if (len > 0 && unit != NULL &&
		    (strlen(unit) != len || strncasecmp(unit, s, len) != 0)) {
			diag_error(r->dl, r->name, (int)r->f[r->c_unit].line,
			    r->c_unit + 1, "unit '%.*s' does not match the unit '%s' "
			    "of indicator '%s'", shown(len), s, unit, r->cat->items[ind].id);
			bad = true;
		}
	}
	memset(&o, 0, sizeof(o));
	rc = row_value(r, r->c_value, ind, row_entity_id(r, ent),
	    ent == ENT_OTHER_SHARD ? NULL : &o);
	if (rc < 0 || bad)
		return;
	if (ent == ENT_OTHER_SHARD) {
		ignore_row(r, IGN_OTHER_SHARD);
		return;
	}
	if (rc == 0) {
		ignore_row(r, IGN_MISSING_VALUE);
		return;
	}
	o.year = (int16_t)year;
	o.evidence = row_evidence(r, r->c_evidence);
	obs_add(r->store, ent, &o);
	r->info->used++;
}

/*
 * The unit guard: a row whose series name lacks what the indicator's
 * source_name says is not used. It is tallied with the unknown names
 * (so that the chunks of a file add up), under a key that starts with
 * GUARD_MARK: the code, GUARD_MARK, the name.
 */
#define GUARD_MARK '\001'

static bool
guard_fails(struct reader *r, int ind, const char *code, size_t clen)
{
	size_t nlen;
	const char *name = fld(r, r->c_indname, &nlen);
	char key[2 * SHOW_MAX + 2];

	if (indicator_name_fits(&r->cat->items[ind], name, nlen))
		return false;
	key[0] = GUARD_MARK;
	memcpy(key + 1, code, (size_t)shown(clen));
	key[1 + shown(clen)] = GUARD_MARK;
	memcpy(key + 2 + shown(clen), name, (size_t)shown(nlen));
	note_unknown(r, key, 2 + (size_t)shown(clen) + (size_t)shown(nlen), r->rec_line);
	ignore_row(r, IGN_UNIT_MISMATCH);
	return true;
}

/* Wide and world-bank rows: one observation per value column. */
static void
row_multi(struct reader *r)
{
	int ent, ind = -1, year = 0;
	bool bad = false;
	size_t stored = 0;

	ent = row_begin(r, r->c_entity);
	if (ent < 0 && ent != ENT_OTHER_SHARD)
		return;
	if (r->layout == LAYOUT_WB) {
		size_t len;
		const char *s = fld(r, r->c_ind, &len);

		if (len == 0) {
			diag_error(r->dl, r->name, (int)r->f[r->c_ind].line,
			    r->c_ind + 1, "empty indicator");
			return;
		}
		ind = catalogue_find(r->cat, s, len);
		if (ind < 0 && ent == ENT_OTHER_SHARD) {
			ignore_row(r, IGN_OTHER_SHARD);
			return;
		}
		if (ind < 0) {
			note_unknown(r, s, len, r->rec_line);
			ignore_row(r, IGN_UNKNOWN_INDICATOR);
			return;
		}
		if (r->cat->items[ind].source_name != NULL && r->c_indname >= 0 &&
		    guard_fails(r, ind, s, len))
			return;
		if (row_subject(r, ent, -1, -1, r->opts->subject != SUBJ_NONE ?
		    r->opts->subject : SUBJ_STATE) < 0)
			bad = true;
	} else {
		if (r->c_year >= 0 && (year = row_year(r, r->c_year)) < 0)
			bad = true;
		if (row_subject(r, ent, r->c_subject, r->c_sector,
		    r->c_subject < 0 ? r->opts->subject : SUBJ_NONE) < 0)
			bad = true;
	}
	for (size_t k = 0; k < r->nvcols; k++) {
		const struct vcol *vc = &r->vcols[k];
		int cind = vc->ind >= 0 ? vc->ind : ind;
		struct obs o;
		int rc;

		memset(&o, 0, sizeof(o));
		rc = row_value(r, vc->col, cind, row_entity_id(r, ent),
		    ent == ENT_OTHER_SHARD ? NULL : &o);
		if (rc < 0)
			bad = true;
		if (rc <= 0 || bad || ent == ENT_OTHER_SHARD)
			continue;
		o.year = (int16_t)(vc->year != 0 ? vc->year : year);
		o.evidence = row_evidence(r, vc->evcol);
		obs_add(r->store, ent, &o);
		stored++;
	}
	if (bad)
		return;
	if (ent == ENT_OTHER_SHARD)
		ignore_row(r, IGN_OTHER_SHARD);
	else if (stored > 0)
		r->info->used++;
	else
		ignore_row(r, IGN_NO_VALUES);
}

/*
 * Is the record a World Bank footer line ("Data from database: ...",
 * "Last Updated: ..."), alone or padded with empty fields to the header's
 * width as DataBank writes it?
 */
static bool
is_wb_footer(const struct reader *r)
{
	size_t len;
	const char *s = fld(r, 0, &len);

	if (!((len >= 19 && strncasecmp(s, "Data from database:", 19) == 0) ||
	    (len >= 13 && strncasecmp(s, "Last Updated:", 13) == 0)))
		return false;
	for (size_t i = 1; i < r->nf; i++) {
		fld(r, (int)i, &len);
		if (len > 0)
			return false;
	}
	return true;
}

static void
process_record(struct reader *r)
{
	size_t len;
	const char *first;

	/* A record of empty fields (",,,") is a blank line. */
	if (!r->rec_text)
		return;
	/*
	 * A byte order mark belongs at the start of a file only; one at the
	 * start of a later line means files were joined, and it would become
	 * an invisible part of an entity id.
	 */
	first = fld(r, 0, &len);
	if (len >= 3 && memcmp(first, "\xEF\xBB\xBF", 3) == 0 &&
	    !(r->state == RS_HEADER && r->nscanned == 0 && r->rec_line == 1)) {
		diag_error(r->dl, r->name, (int)r->rec_line, 1, "a byte order mark "
		    "(U+FEFF) starts this line: the file seems to be several files "
		    "joined together; remove it and any header line that came with it");
		r->info->read += r->state == RS_DATA;
		return;
	}
	if (r->state == RS_HEADER) {
		detect_header(r);
		return;
	}
	if (r->state != RS_DATA)
		return;
	/*
	 * A World Bank footer ends the data: after it only more footer lines
	 * may come. A data row after it is an error, never read as if the
	 * footer were not there.
	 */
	if (r->layout == LAYOUT_WB && is_wb_footer(r)) {
		r->wb_footer = true;
		return;
	}
	if (r->wb_footer) {
		diag_error(r->dl, r->name, (int)r->rec_line, 1, "a row after the World "
		    "Bank footer (\"Data from database\", \"Last Updated\"): the file "
		    "seems to be several downloads joined together");
		r->info->read++;
		return;
	}
	if (r->nf != r->ncols) {
		diag_error(r->dl, r->name, (int)r->rec_line,
		    (int)(r->nf > r->ncols ? r->ncols : r->nf) + 1,
		    "expected %zu fields, found %zu", r->ncols, r->nf);
		r->info->read++;
		return;
	}
	r->info->read++;
	if (r->layout == LAYOUT_LONG)
		row_long(r);
	else
		row_multi(r);
}

/* ---- libcsv callbacks ---- */

static void
on_field(void *data, size_t len, void *arg)
{
	struct reader *r = arg;
	int col = (int)r->nf + 1;
	struct field *f;

	if (r->stop)
		return;
	if (len > CSVIN_MAX_FIELD) {
		diag_error(r->dl, r->name, (int)r->fline, col,
		    "field longer than %u bytes", CSVIN_MAX_FIELD);
		r->stop = true;
		return;
	}
	if (r->nf >= CSVIN_MAX_FIELDS) {
		diag_error(r->dl, r->name, (int)r->rec_line, col,
		    "more than %u fields in a record", CSVIN_MAX_FIELDS);
		r->stop = true;
		return;
	}
	if (r->rlen + len + 1 > CSVIN_MAX_RECORD) {
		diag_error(r->dl, r->name, (int)r->rec_line, col,
		    "record longer than %u bytes", CSVIN_MAX_RECORD);
		r->stop = true;
		return;
	}
	if (r->rlen + len + 1 > r->rcap)
		xgrow(&r->rbuf, &r->rcap, r->rlen + len + 1, 1);
	if (r->nf == r->fcap)
		xgrow(&r->f, &r->fcap, r->nf + 1, sizeof(*r->f));
	f = &r->f[r->nf++];
	f->line = r->fline;
	memcpy(r->rbuf + r->rlen, data, len);
	r->rbuf[r->rlen + len] = '\0';
	{
		const char *s = r->rbuf + r->rlen;
		size_t n = len;

		value_trim(&s, &n);
		f->off = (uint32_t)(s - r->rbuf);
		f->len = (uint32_t)n;
	}
	r->rlen += len + 1;
	r->rec_text |= len > 0;
	if (!utf8_valid(data, len)) {
		/*
		 * A file in another encoding has such bytes on many lines: the
		 * first is reported with what to do, and reading stops.
		 */
		diag_error(r->dl, r->name, (int)r->fline, col, "invalid UTF-8: the "
		    "file seems to be in another encoding (such as windows-1252); "
		    "save it as UTF-8, or read it through an import map that gives "
		    "its 'encoding'");
		r->rec_bad = true;
		r->stop = true;
	}
	/* The next field starts right after the delimiter, on this line. */
	r->fline = r->line;
}

static void
on_record(int c, void *arg)
{
	struct reader *r = arg;

	(void)c;
	if (!r->stop && !r->rec_bad)
		process_record(r);
	else if (r->rec_bad && r->state == RS_HEADER)
		r->stop = true;         /* no layout comes from an unreadable header */
	r->nf = 0;
	r->rlen = 0;
	r->rec_bad = false;
	r->rec_text = false;
	r->rec_line = r->fline = r->line;
}

/* ---- the stream ---- */

/* libcsv stopped at a strict-mode error: report it and skip the line. */
static void
parse_error(struct reader *r)
{
	const char *hint;

	if (r->p.pstate == PS_FIELD_BEGUN && !r->p.quoted)
		hint = "a quote inside an unquoted field (quote the whole field "
		    "and double the quote)";
	else
		hint = "text after the closing quote of a field (double a quote "
		    "inside a quoted field)";
	diag_error(r->dl, r->name, (int)r->line, (int)r->nf + 1, "%s: %s", hint,
	    csv_strerror(csv_error(&r->p)));
	r->info->read += r->state == RS_DATA;
	reset_parser(r);
	r->nf = 0;
	r->rlen = 0;
	r->rec_bad = false;
	r->rec_text = false;
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
split_plain(struct reader *r, const char *p, const char *limit)
{
	size_t n, start = 0, nf = 0, avail = (size_t)(limit - p);
	bool high = false, text = false;
	const char *nl;
	char *d = r->rbuf;

	for (size_t w = 0;; w += STOP_BLOCK) {
		uint64_t m;

		if (w >= avail)
			return NULL;            /* no line feed before limit */
		if (w + STOP_BLOCK + 1 > r->rcap) {
			if (w >= CSVIN_MAX_FIELD)
				return NULL;
			xgrow(&r->rbuf, &r->rcap, w + STOP_BLOCK + 1, 1);
			d = r->rbuf;
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
			if (nf == r->fcap)
				xgrow(&r->f, &r->fcap, nf + 1, sizeof(*r->f));
			d[b] = '\0';
			r->f[nf].off = (uint32_t)a;
			r->f[nf].len = (uint32_t)(b - a);
			r->f[nf].line = r->fline;
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
	r->nf = nf;
	r->rlen = n + 1;
	r->rec_text = true;
	on_record('\n', r);
	return nl;
}

/*
 * Feed [p, end), line by line. With r->pause set, stop at the first line
 * boundary after the header has been found. Returns where feeding stopped.
 */
static const char *
feed(struct reader *r, const char *p, const char *end)
{
	const char *nul = memchr(p, '\0', (size_t)(end - p));
	const char *limit = nul != NULL ? nul : end;

	while (p < limit && !r->stop) {
		const char *nl, *seg;
		size_t n, done;

		if (r->pause && r->state != RS_HEADER && !r->skip_to_eol &&
		    r->p.pstate == PS_ROW_NOT_BEGUN)
			return p;
		if (!r->skip_to_eol && r->p.pstate == PS_ROW_NOT_BEGUN) {
			r->rec_line = r->fline = r->line;
			nl = split_plain(r, p, limit);
			if (nl != NULL) {
				seg = nl + 1;
				goto next;
			}
		}
		nl = memchr(p, '\n', (size_t)(limit - p));
		seg = nl != NULL ? nl + 1 : limit;
		n = (size_t)(seg - p);
		if (r->skip_to_eol) {
			r->skip_to_eol = nl == NULL;
		} else {
			done = csv_parse(&r->p, p, n, on_field, on_record, r);
			if (done < n && !r->stop) {
				parse_error(r);
				r->skip_to_eol = nl == NULL;
			} else if (r->p.entry_pos > CSVIN_MAX_FIELD && !r->stop) {
				diag_error(r->dl, r->name, (int)r->fline, (int)r->nf + 1,
				    "field longer than %u bytes", CSVIN_MAX_FIELD);
				r->stop = true;
			}
		}
next:
		if (nl != NULL && r->line < UINT32_MAX)
			r->line++;
		p = seg;
	}
	if (nul != NULL && !r->stop && p == nul) {
		diag_error(r->dl, r->name, (int)r->line, 0, "NUL byte in input");
		r->stop = true;
	}
	return p;
}

static void
finish(struct reader *r)
{
	if (!r->stop && !r->skip_to_eol &&
	    csv_fini(&r->p, on_field, on_record, r) != 0) {
		diag_error(r->dl, r->name, (int)r->fline, (int)r->nf + 1,
		    "unterminated quoted field starting at line %u", (unsigned)r->fline);
		r->info->read += r->state == RS_DATA;
	}
	if (r->state == RS_HEADER && !r->stop) {
		if (r->nscanned == 0)
			diag_error(r->dl, r->name, 0, 0, "empty file: no header");
		else
			layout_error(r);
	} else if (r->state == RS_DATA && !r->stop && r->info->read == 0 &&
	    r->dl->nerrors == r->errors_at_start) {
		diag_warn(r->dl, r->name, 0, 0, "no data rows");
	}
	/* After a problem that stopped the reading, they are noise. */
	for (size_t k = 0; !r->stop && k < r->unk.n; k++) {
		const struct unknown *u = &r->unks[k];
		const char *key = strtab_str(&r->unk, (int)k);

		if (key[0] == GUARD_MARK) {
			indicator_guard_warn(r->dl, r->name, r->cat, key + 1, GUARD_MARK,
			    u->rows, u->line, r->c_indname + 1);
			continue;
		}

		diag_warn(r->dl, r->name, (int)u->line, r->c_ind + 1,
		    "unknown indicator '%s' (%zu row%s ignored, first at line %u)",
		    strtab_str(&r->unk, (int)k), u->rows, u->rows == 1 ? "" : "s",
		    (unsigned)u->line);
	}
}

/*
 * Does the first line end with a bare CR (classic Mac OS line endings)?
 * Lines are counted at LF, so such a file would be one long line.
 */
static bool
cr_only(const char *p, const char *end)
{
	const char *cr = memchr(p, '\r', (size_t)(end - p));
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return cr != NULL && (nl == NULL || cr < nl) && cr + 1 < end && cr[1] != '\n';
}

static void
reader_release(struct reader *r)
{
	csv_free(&r->p);
	free(r->rbuf);
	free(r->f);
	free(r->vcols);
	free(r->ent_id);
	free(r->ind_name);
	free(r->unks);
	free(r->first_hint);
	strtab_release(&r->unk);
}

/* Set up a reader for one input file; -1 when it cannot be registered. */
static int
reader_start(struct reader *r, const char *name, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl)
{
	memset(info, 0, sizeof(*info));
	info->path = name;
	if (store->cat == NULL)
		store->cat = opts->cat;
	memset(r, 0, sizeof(*r));
	r->errors_at_start = dl->nerrors;
	r->file = obs_add_file(store, name);
	if (r->file < 0) {
		diag_error(dl, name, 0, 0, "too many input files (at most %u)",
		    (unsigned)UINT16_MAX);
		return -1;
	}
	info->path = store->files[r->file];
	r->name = info->path;
	r->opts = opts;
	r->cat = opts->cat;
	r->store = store;
	r->info = info;
	r->dl = dl;
	r->line = r->rec_line = r->fline = 1;
	r->c_entity = r->c_ind = r->c_value = r->c_year = r->c_indname = -1;
	r->c_unit = r->c_subject = r->c_sector = r->c_evidence = -1;
	strtab_init(&r->unk, true);
	reset_parser(r);
	return 0;
}

int
csvin_read_stream(FILE *fp, const char *name, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl)
{
	struct reader r;
	struct digest dg;
	char *buf;
	size_t errors = dl->nerrors, pending = 0;
	bool first = true, ioerr = false, have_pending = false;

	buf = xmalloc(BLOCK_SIZE);
	/* The first block tells whether a map reads the input instead. */
	if (opts->map != NULL || opts->maps != NULL) {
		int rc;

		pending = fread(buf, 1, BLOCK_SIZE, fp);
		have_pending = true;
		if ((rc = importmap_try_stream(fp, buf, pending, name, opts, store,
		    info, dl)) != 1) {
			free(buf);
			return rc;
		}
	}
	if (reader_start(&r, name, opts, store, info, dl) != 0) {
		free(buf);
		return -1;
	}
	digest_init(&dg);
	for (;;) {
		size_t n = have_pending ? pending : fread(buf, 1, BLOCK_SIZE, fp);
		const char *p = buf;

		have_pending = false;
		if (n > 0) {
			digest_update(&dg, buf, n);
			/* A UTF-8 byte order mark at the very start is skipped. */
			if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
				p += 3;
			if (first && cr_only(p, buf + n)) {
				diag_error(dl, r.name, 1, 0, "lines end with a carriage "
				    "return alone; save the file with LF or CRLF line endings");
				r.stop = true;
				break;
			}
			first = false;
			feed(&r, p, buf + n);
			if (r.stop)
				break;
		}
		if (n < BLOCK_SIZE) {
			if (ferror(fp)) {
				diag_error(dl, NULL, 0, 0, "read error on '%s': %s",
				    name, strerror(errno));
				ioerr = true;
			}
			break;
		}
	}
	free(buf);
	digest_final(&dg, info->sha256);
	if (!ioerr)
		finish(&r);
	reader_release(&r);
	return ioerr || dl->nerrors > errors ? -1 : 0;
}

/* ---- large regular files: mapped, optionally parsed on several threads ---- */

#define MAP_MIN_SIZE    (8u << 20)      /* smaller files are streamed */
#define SLICE_SIZE      (1u << 20)      /* hashed and fed at a time */

/* Progress: bytes parsed so far, by every thread. */
struct progress {
	_Atomic size_t done;
	size_t total;
	const char *name;
	pthread_t owner;        /* the thread that reports it */
	const struct csvin_opts *opts;
};

/* Report progress to the caller, from the reading thread only. */
static void
progress_show(struct progress *pg, bool last)
{
	if (pg == NULL || !pthread_equal(pthread_self(), pg->owner))
		return;
	pg->opts->progress(pg->opts->progress_arg, pg->name,
	    last ? pg->total : atomic_load(&pg->done), pg->total);
}

/*
 * Let the kernel take back the mapped pages wholly inside [p, q): they have
 * been read, and a mapped file must not count in the resident memory that
 * grows with the input. Another thread still reading them faults them in
 * again from the page cache.
 */
static void
drop_pages(const char *p, const char *q)
{
	static _Atomic uintptr_t pagesz;
	uintptr_t ps = atomic_load(&pagesz), a, b;

	if (ps == 0) {
		long v = sysconf(_SC_PAGESIZE);

		ps = v > 0 ? (uintptr_t)v : 4096;
		atomic_store(&pagesz, ps);
	}
	a = ((uintptr_t)p + ps - 1) & ~(ps - 1);
	b = (uintptr_t)q & ~(ps - 1);
	if (a < b)
		(void)madvise((void *)a, b - a, MADV_DONTNEED);
}

/*
 * Feed [p, end) in slices. With dg, bytes up to each slice's end are hashed
 * before it is fed (*hashed: how far hashing got), while they are in cache.
 */
static const char *
feed_slices(struct reader *r, const char *p, const char *end, struct digest *dg,
    const char **hashed)
{
	while (p < end && !r->stop) {
		const char *q = (size_t)(end - p) > SLICE_SIZE ? p + SLICE_SIZE : end;
		const char *stopped;

		if (dg != NULL && *hashed < q) {
			digest_update(dg, *hashed, (size_t)(q - *hashed));
			*hashed = q;
		}
		stopped = feed(r, p, q);
		if (!r->keep_pages)
			drop_pages(p, stopped);
		/*
		 * A chunk with a problem fails the whole parallel parse, so it
		 * stops the others at once rather than let them finish work that
		 * is then thrown away.
		 */
		if (r->abort != NULL) {
			if (r->stop || r->dl->n > 0 || r->dl->dropped > 0)
				atomic_store(r->abort, true);
			if (atomic_load(r->abort)) {
				r->stop = true;
				return stopped;
			}
		}
		if (r->prog != NULL) {
			atomic_fetch_add(&r->prog->done, (size_t)(stopped - p));
			progress_show(r->prog, false);
		}
		if (stopped != q)
			return stopped;
		p = q;
	}
	return p;
}

/* One chunk of the data records, parsed into its own store. */
struct chunk {
	const char *p, *end;
	struct reader r;
	struct obsstore store;
	struct input_info info;
	struct diaglist dl;
	bool ok;                /* parsed without any diagnostic */
	uint32_t line_base;     /* lines of the input before the chunk */
	size_t pool_base;       /* where its texts go in the whole pool */
	struct obsstore *main;  /* the whole */
};

struct pool {
	struct chunk *chunks;
	size_t nchunks;
	_Atomic size_t next;
	_Atomic bool abort;     /* a chunk failed: the others stop */
};

static void
chunk_parse(struct chunk *c)
{
	struct reader *r = &c->r;

	feed_slices(r, c->p, c->end, NULL, NULL);
	if (!r->stop && csv_fini(&r->p, on_field, on_record, r) != 0)
		r->stop = true;         /* ended inside a quoted field */
	c->ok = !r->stop && c->dl.n == 0 && c->dl.dropped == 0 && !r->skip_to_eol;
}

static void *
pool_work(void *arg)
{
	struct pool *pl = arg;
	size_t k;

	while ((k = atomic_fetch_add(&pl->next, 1)) < pl->nchunks)
		chunk_parse(&pl->chunks[k]);
	return NULL;
}

/*
 * Where the record after pos starts: the first '\n' not inside a quoted
 * field, given the quote parity at pos (inq). In a file that parses cleanly
 * a quote either opens or closes a quoted field or is one of a doubled pair,
 * so quote parity tells whether a byte is inside quotes; in one that does
 * not, the chunk holding the first error reports it and the whole file is
 * read again on one thread.
 */
static const char *
record_start(const char *pos, const char *end, bool inq)
{
	for (const char *p = pos; p < end; p++) {
		if (*p == '"')
			inq = !inq;
		else if (*p == '\n' && !inq)
			return p + 1;
	}
	return end;
}

/* Quotes in [p, end), mod 2. */
static bool
quote_parity(const char *p, const char *end, bool keep_pages)
{
	bool odd = false;

	while (p < end) {
		const char *q = (size_t)(end - p) > SLICE_SIZE ? p + SLICE_SIZE : end;
		const char *x = p;

		while ((x = memchr(x, '"', (size_t)(q - x))) != NULL) {
			odd = !odd;
			x++;
		}
		if (!keep_pages)
			drop_pages(p, q);
		p = q;
	}
	return odd;
}

/* A chunk's reader: the main reader's layout, its own parser and store. */
static void
chunk_init(struct chunk *c, const struct reader *m)
{
	struct reader *r = &c->r;

	memset(c, 0, sizeof(*c));
	obs_init(&c->store);
	c->store.cat = m->store->cat;
	for (size_t i = 0; i < m->store->nfiles; i++)
		obs_add_file(&c->store, m->store->files[i]);
	diag_init(&c->dl);
	c->info.path = m->info->path;
	c->info.layout = m->info->layout;
	r->name = m->name;
	r->opts = m->opts;
	r->keep_pages = m->keep_pages;
	r->cat = m->cat;
	r->store = &c->store;
	r->info = &c->info;
	r->dl = &c->dl;
	r->file = m->file;
	r->line = r->rec_line = r->fline = 1;
	r->state = RS_DATA;
	r->layout = m->layout;
	r->ncols = m->ncols;
	r->c_entity = m->c_entity;
	r->c_ind = m->c_ind;
	r->c_value = m->c_value;
	r->c_year = m->c_year;
	r->c_unit = m->c_unit;
	r->c_subject = m->c_subject;
	r->c_sector = m->c_sector;
	r->c_evidence = m->c_evidence;
	r->c_indname = m->c_indname;
	if (m->nvcols > 0) {
		r->vcols = xcalloc(m->nvcols, sizeof(*r->vcols));
		memcpy(r->vcols, m->vcols, m->nvcols * sizeof(*r->vcols));
		r->nvcols = r->vcap = m->nvcols;
	}
	strtab_init(&r->unk, true);
	reset_parser(r);
}

static void
chunk_release(struct chunk *c)
{
	reader_release(&c->r);
	obs_release(&c->store);
	diag_release(&c->dl);
}

/*
 * Would merging the chunks in order set an entity's subject or sector to
 * two different things (within the chunks or against earlier inputs)? Then
 * the sequential reader must run to report it where it happens.
 */
static bool
chunks_conflict(const struct obsstore *g, const struct chunk *cs, size_t n)
{
	struct strtab seen;
	int *subj = NULL;
	const char **sect = NULL;
	size_t cap1 = 0, cap2 = 0;
	bool conflict = false;

	strtab_init(&seen, false);
	for (size_t k = 0; k < n && !conflict; k++) {
		const struct obsstore *ps = &cs[k].store;

		for (size_t i = 0; i < ps->n && !conflict; i++) {
			const struct entity *pe = &ps->ents[i];
			size_t len = strlen(pe->id), before = seen.n;
			int x = strtab_intern(&seen, pe->id, len);

			if (seen.n > before) {
				int gi = strtab_find(&g->ids, pe->id, len);

				xgrow(&subj, &cap1, seen.n, sizeof(*subj));
				xgrow(&sect, &cap2, seen.n, sizeof(*sect));
				subj[x] = gi >= 0 ? (int)g->ents[gi].subject : SUBJ_NONE;
				sect[x] = gi >= 0 ? g->ents[gi].sector : NULL;
			}
			if (pe->subject != SUBJ_NONE) {
				if (subj[x] == SUBJ_NONE)
					subj[x] = (int)pe->subject;
				else if (subj[x] != (int)pe->subject)
					conflict = true;
			}
			if (pe->sector != NULL) {
				if (sect[x] == NULL)
					sect[x] = pe->sector;
				else if (strcmp(sect[x], pe->sector) != 0)
					conflict = true;
			}
		}
	}
	strtab_release(&seen);
	free(subj);
	free(sect);
	return conflict;
}

/*
 * par_batches work: rebase chunk i's store for its place in the whole, and
 * copy its texts to theirs in the main store's pool.
 */
static void
chunk_rebase(void *arg, int thread, size_t i)
{
	struct chunk *c = (struct chunk *)arg + i;

	(void)thread;
	obs_rebase(&c->store, c->line_base, (uint32_t)c->pool_base);
	obs_texts_to(c->main, &c->store, c->pool_base);
}

/* Fold a chunk's unknown-indicator tallies into the main reader's. */
static void
merge_unknowns(struct reader *m, const struct reader *r, uint32_t base)
{
	for (size_t k = 0; k < r->unk.n; k++) {
		const char *name = strtab_str(&r->unk, (int)k);
		size_t before = m->unk.n;
		int x = strtab_intern(&m->unk, name, strlen(name));

		if (m->unk.n > before) {
			xgrow(&m->unks, &m->unkcap, m->unk.n, sizeof(*m->unks));
			m->unks[x].rows = 0;
			m->unks[x].line = r->unks[k].line > UINT32_MAX - base ?
			    UINT32_MAX : r->unks[k].line + base;
		}
		m->unks[x].rows += r->unks[k].rows;
	}
}

enum split {
	SPLIT_GUESS,            /* chunks end at the first line feed after a cut */
	SPLIT_EXACT,            /* ... that quote parity puts outside quotes */
};

enum parallel {
	PAR_DONE,               /* merged into the main store */
	PAR_QUOTES,             /* a guessed end may be inside quotes: split exactly */
	PAR_SERIAL,             /* read [p, end) on one thread instead */
};

/*
 * Parse the data records [p, end) on jobs threads, in four chunks per thread
 * (taken in turn, so that a thread slowed by the hashing thread or by
 * another process does not leave the others waiting).
 *
 * Chunk ends are guessed first: the first line feed after each cut, which
 * needs no pass over the file beforehand. The guesses are then proven, in
 * order: the first chunk starts a record, and a chunk that starts a record
 * and parses to its end outside quotes (libcsv's strict end says so) has
 * ended a record, so the next chunk starts one too. When a guessed end
 * falls inside a quoted field, the chunk before it ends inside quotes, and
 * the one after it soon meets a problem, which stops every chunk. Any
 * failure merges nothing. The call then returns PAR_QUOTES unless the
 * first chunk, which surely starts a record, had a diagnostic: the caller
 * splits exactly, by quote parity, and tries again. PAR_SERIAL is for a
 * failure with the exact split or in the first chunk: reading on one
 * thread reports it in order.
 */
static enum parallel
parse_parallel(struct reader *m, const char *p, const char *end, int jobs,
    size_t chunk_size, enum split how)
{
	size_t size = (size_t)(end - p), n, nthreads;
	struct chunk *cs;
	struct pool pl;
	pthread_t *tids;
	const char *at = p;
	bool inq = false, ok = true, quotes = false;
	uint32_t base = m->line - 1;

	n = chunk_size > 0 ? (size + chunk_size - 1) / chunk_size : (size_t)jobs * 4;
	if (n < 2)
		return PAR_SERIAL;
	if (n > 4096)
		n = 4096;
	cs = xcalloc(n, sizeof(*cs));
	for (size_t k = 0; k < n; k++) {
		const char *want = p + size / n * (k + 1);
		const char *stop;

		if (k == n - 1 || want < at)
			want = k == n - 1 ? end : at;
		if (k == n - 1) {
			stop = end;
		} else if (how == SPLIT_EXACT) {
			inq ^= quote_parity(at, want, m->keep_pages);
			stop = record_start(want, end, inq);
		} else {
			stop = memchr(want, '\n', (size_t)(end - want));
			stop = stop != NULL ? stop + 1 : end;
		}
		chunk_init(&cs[k], m);
		cs[k].p = at;
		cs[k].end = stop;
		if (k < n - 1)
			inq = false;    /* stop is outside quotes */
		at = stop;
	}
	pl.chunks = cs;
	pl.nchunks = n;
	atomic_init(&pl.next, 0);
	atomic_init(&pl.abort, false);
	for (size_t k = 0; k < n; k++)
		cs[k].r.abort = &pl.abort;
	nthreads = (size_t)jobs - 1 < n ? (size_t)jobs - 1 : n;
	tids = xcalloc(nthreads + 1, sizeof(*tids));
	/* Set before any worker starts: the workers read it. */
	for (size_t k = 0; k < n; k++)
		cs[k].r.prog = m->prog;
	for (size_t t = 0; t < nthreads; t++) {
		if (pthread_create(&tids[t], NULL, pool_work, &pl) != 0) {
			nthreads = t;   /* the calling thread does the rest */
			break;
		}
	}
	pool_work(&pl);
	for (size_t t = 0; t < nthreads; t++)
		pthread_join(tids[t], NULL);
	free(tids);

	for (size_t k = 0; k < n && ok; k++)
		ok = cs[k].ok;
	/*
	 * The first chunk starts a record, so a problem there is in the file;
	 * one elsewhere may come from a guessed end inside quotes.
	 */
	quotes = !ok && how == SPLIT_GUESS && cs[0].dl.n == 0 && cs[0].dl.dropped == 0;
	if (ok)
		ok = !chunks_conflict(m->store, cs, n);
	/*
	 * A World Bank footer ends the data; rows in a later chunk must be
	 * reported where they are, by the sequential reader.
	 */
	for (size_t k = 0; ok && k + 1 < n; k++)
		if (cs[k].r.wb_footer)
			for (size_t j = k + 1; ok && j < n; j++)
				ok = cs[j].info.read == 0;
	if (ok) {
		/* Where each chunk's lines and texts fall in the whole. */
		size_t pool = m->store->poollen;

		for (size_t k = 0; k < n; k++) {
			cs[k].line_base = base;
			cs[k].pool_base = pool;
			base = cs[k].r.line - 1 > UINT32_MAX - base ?
			    UINT32_MAX : base + cs[k].r.line - 1;
			pool += cs[k].store.poollen;
		}
		obs_texts_room(m->store, pool);
		for (size_t k = 0; k < n; k++)
			cs[k].main = m->store;
		par_batches(n, n, jobs, chunk_rebase, NULL, cs);
	}
	for (size_t k = 0; k < n; k++) {
		if (ok) {
			struct input_info *in = &cs[k].info;

			m->info->read += in->read;
			m->info->used += in->used;
			m->info->ignored += in->ignored;
			for (int i = 0; i < IGN__COUNT; i++)
				m->info->ignored_by[i] += in->ignored_by[i];
			merge_unknowns(m, &cs[k].r, cs[k].line_base);
			obs_absorb(m->store, &cs[k].store);
		}
		chunk_release(&cs[k]);
	}
	free(cs);
	if (ok)
		m->line = m->rec_line = m->fline = base + 1;
	return ok ? PAR_DONE : quotes ? PAR_QUOTES : PAR_SERIAL;
}

struct hasher {
	const char *p;
	size_t len;
	bool keep_pages;
	struct digest dg;
};

static void *
hash_work(void *arg)
{
	struct hasher *h = arg;

	for (size_t off = 0; off < h->len; off += SLICE_SIZE) {
		size_t n = h->len - off < SLICE_SIZE ? h->len - off : SLICE_SIZE;

		digest_update(&h->dg, h->p + off, n);
		if (!h->keep_pages)
			drop_pages(h->p + off, h->p + off + n);
	}
	return NULL;
}

/*
 * Read a mapped file: the header on this thread; the data records on
 * jobs threads when there is enough of them, else here. The SHA-256 is
 * computed on its own thread when parsing is threaded.
 */
static int
read_mapped(const char *data, size_t size, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl, size_t chunk_size,
    bool keep_pages)
{
	struct reader r;
	struct progress pg;
	struct hasher h;
	pthread_t htid;
	bool hashing = false;
	const char *p = data, *end = data + size, *hashed = data;
	size_t errors = dl->nerrors;
	int jobs = par_threads(opts->jobs);

	if (reader_start(&r, name, opts, store, info, dl) != 0)
		return -1;
	r.keep_pages = keep_pages;
	if (opts->progress != NULL) {
		memset(&pg, 0, sizeof(pg));
		pg.total = size;
		pg.name = r.name;
		pg.owner = pthread_self();
		pg.opts = opts;
		r.prog = &pg;
	}
	h.p = data;
	h.len = size;
	h.keep_pages = keep_pages;
	digest_init(&h.dg);
	if (jobs > 1 && pthread_create(&htid, NULL, hash_work, &h) == 0)
		hashing = true;
	if (size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	/* As the stream reader does, judging the first block. */
	if (cr_only(p, data + (size < BLOCK_SIZE ? size : BLOCK_SIZE))) {
		diag_error(dl, r.name, 1, 0, "lines end with a carriage "
		    "return alone; save the file with LF or CRLF line endings");
		r.stop = true;
	}
	r.pause = true;
	p = feed_slices(&r, p, end, hashing ? NULL : &h.dg, &hashed);
	r.pause = false;
	if (jobs > 1 && !r.stop && r.state == RS_DATA &&
	    (chunk_size > 0 || (size_t)(end - p) >= MAP_MIN_SIZE)) {
		/* Bytes of an attempt that failed are read again: not counted twice. */
		size_t done = r.prog != NULL ? atomic_load(&r.prog->done) : 0;
		enum parallel pr = parse_parallel(&r, p, end, jobs, chunk_size,
		    SPLIT_GUESS);

		if (pr != PAR_DONE && r.prog != NULL)
			atomic_store(&r.prog->done, done);
		if (pr == PAR_QUOTES)
			pr = parse_parallel(&r, p, end, jobs, chunk_size, SPLIT_EXACT);
		if (pr != PAR_DONE && r.prog != NULL)
			atomic_store(&r.prog->done, done);
		if (pr == PAR_DONE)
			p = end;
	}
	if (p < end && !r.stop)
		p = feed_slices(&r, p, end, hashing ? NULL : &h.dg, &hashed);
	if (hashing)
		pthread_join(htid, NULL);
	else if (hashed < end)
		digest_update(&h.dg, hashed, (size_t)(end - hashed));
	digest_final(&h.dg, info->sha256);
	progress_show(r.prog, true);
	finish(&r);
	reader_release(&r);
	return dl->nerrors > errors ? -1 : 0;
}

int
csvin_read_buffer(const char *data, size_t size, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl)
{
	memset(info, 0, sizeof(*info));
	info->path = name;
	return read_mapped(data, size, name, opts, store, info, dl,
	    opts->chunk_size, true);
}

int
csvin_read(const char *path, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl)
{
	struct stat st;
	FILE *fp;
	int fd, rc;
	size_t chunk_size = opts->chunk_size;

	if (strcmp(path, "-") == 0)
		return csvin_read_stream(stdin, "-", opts, store, info, dl);
	memset(info, 0, sizeof(*info));
	info->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_error(dl, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		diag_error(dl, NULL, 0, 0, "cannot read '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_error(dl, NULL, 0, 0, "'%s' is a directory", path);
		close(fd);
		return -1;
	}
	/* A published table that a map reads takes its own path. */
	if ((opts->map != NULL || opts->maps != NULL) &&
	    (rc = importmap_try_fd(fd, path, opts, store, info, dl)) != 1) {
		close(fd);
		return rc;
	}
	/*
	 * A large regular file is mapped: no copy through a buffer, and its
	 * records can be split among threads. Another process truncating it
	 * meanwhile makes reads past the new end raise SIGBUS, which the
	 * program (not this library) turns into a message and the input-error
	 * status; no report has been opened yet while inputs are read.
	 */
	if (S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size <= SIZE_MAX &&
	    ((uint64_t)st.st_size >= MAP_MIN_SIZE || chunk_size > 0)) {
		void *data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (data != MAP_FAILED) {
			close(fd);
			(void)madvise(data, (size_t)st.st_size, MADV_SEQUENTIAL);
			rc = read_mapped(data, (size_t)st.st_size, path, opts, store,
			    info, dl, chunk_size, false);
			munmap(data, (size_t)st.st_size);
			return rc;
		}
	}
	fp = fdopen(fd, "rb");
	if (fp == NULL) {
		diag_error(dl, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	rc = csvin_read_stream(fp, path, opts, store, info, dl);
	fclose(fp);
	return rc;
}
