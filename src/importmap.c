/*
 * Reading a file through an import map. The file is small next to what
 * the plain reader is made for (a published table, not a generated
 * self-report), so it is held in memory whole: converted to UTF-8 when the
 * map names another encoding, parsed into records with the line each one
 * starts on, and then turned row by row into observations. The inputs
 * that come this way: importmap_input.c.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvscan.h"
#include "digest.h"
#include "economies.h"
#include "importmap.h"
#include "importmap_table.h"
#include "obscell.h"
#include "shard.h"
#include "strbuf.h"
#include "strtab.h"
#include "xalloc.h"

#define SHOW 200                /* bytes of a cell quoted in messages */

/* ---- reading ---- */

/* A column of values: its indicator (or -1: the row's) and year (or 0). */
struct vcolumn {
	int col, ind, year;
};

/* One quarter's value, to be averaged into its year. */
struct quarter {
	int ent, ind, year, q;
	double v;
	uint32_t line;
};

/* Per-file tally of one name or code that was left out. */
struct tally {
	size_t rows;
	uint32_t line;
};

struct mreader {
	const struct importmap *m;
	const struct csvin_opts *opts;
	const struct catalogue *cat;
	struct obsstore *store;
	struct input_info *info;
	struct diaglist *dl;
	const char *name;
	int file;
	struct table t;
	char **names;
	size_t ncols;
	int c_entity, c_year, c_ind, c_value, c_filter, c_indname;
	struct strtab guards;           /* unit guard: "CODE\001NAME" */
	struct tally *uguards;
	size_t uguards_cap;
	struct vcolumn *vcols;
	size_t nvcols;
	int data_year;
	/* Entities by their text in the file: index, or ENT_*. */
	struct strtab ent_text;
	int *ent_of;
	size_t ent_cap;
	struct strtab unknown_names, unknown_inds;
	struct tally *unames, *uinds;
	size_t unames_cap, uinds_cap;
	struct quarter *qs;
	size_t nq, qcap;
	int row_quarter;                /* the quarter of the row being read */
	/* Economies by canonical code: the text of the file that names each. */
	struct strtab claimed;
	int *claimer;
	size_t claimer_cap;
	struct strtab same_as;          /* texts left out for naming a claimed one */
	struct tally *usame;
	size_t usame_cap;
};

#define ENT_NOT_SELECTED (-2)
#define ENT_AGGREGATE    (-3)
#define ENT_FORMER       (-4)
#define ENT_UNKNOWN      (-5)
#define ENT_SAME_AS      (-6)
#define ENT_OTHER_SHARD  (-7)  /* --shard: checked, counted, not kept */

static void
ignore(struct mreader *r, enum ignore_reason why)
{
	obscell_ignore(r->info, why);
}

static void
tally(struct strtab *tab, struct tally **arr, size_t *cap, const char *s,
    size_t len, uint32_t line)
{
	size_t before = tab->n;
	int k = strtab_intern(tab, s, len);

	if (tab->n > before) {
		xgrow(arr, cap, tab->n, sizeof(**arr));
		(*arr)[k] = (struct tally){ 0, line };
	}
	(*arr)[k].rows++;
}

/* Whether --shard gives the len bytes at key to another part. */
static bool
other_part(const struct mreader *r, const char *key, size_t len)
{
	return !shard_has(r->opts->shard_k, r->opts->shard_n, key, len);
}

static bool
selected(const struct csvin_opts *o, const char *id)
{
	if (o->entities == NULL || o->nentities == 0)
		return true;
	for (size_t i = 0; i < o->nentities; i++)
		if (strcmp(o->entities[i], id) == 0)
			return true;
	return false;
}

/*
 * Does an earlier code of this file name the economy id too? UNCTAD lists
 * some economies twice, with and without their territories (250 France
 * and 251 France with its overseas departments): the first code of the
 * file is taken, and the rows of the other are left out (counted as
 * filtered, and said once). Names are not codes: two spellings of one
 * economy's name ("China", "CHINA") are the same economy, and their rows
 * meet as any two rows of it do (a duplicate, or a conflict).
 */
static bool
claimed_by_other(struct mreader *r, const char *id, int text)
{
	size_t before = r->claimed.n;
	int k = strtab_intern(&r->claimed, id, strlen(id));

	if (r->claimed.n > before) {
		xgrow(&r->claimer, &r->claimer_cap, r->claimed.n, sizeof(*r->claimer));
		r->claimer[k] = text;
		return false;
	}
	return r->claimer[k] != text;
}

static bool
all_digits(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return len > 0 && i == len;
}

/* The entity of a row's text, resolved once per distinct text. */
static int
row_entity(struct mreader *r, const char *s, size_t len, uint32_t line)
{
	size_t before = r->ent_text.n;
	int k = strtab_intern(&r->ent_text, s, len), idx;
	struct econ_match em;
	enum econ_kind kind;
	const char *id = NULL;
	enum subject subj;

	if (r->ent_text.n == before)
		return r->ent_of[k];
	kind = econ_resolve(s, len, &em);
	if (kind == ECON_ECONOMY)
		id = em.code;
	if (kind == ECON_AGGREGATE)
		idx = ENT_AGGREGATE;
	else if (kind == ECON_FORMER)
		idx = ENT_FORMER;
	else if (id == NULL && (r->m->entity_by == IMAP_BY_NAME || all_digits(s, len)))
		idx = ENT_UNKNOWN;      /* a number nothing lists: UNCTAD's groups */
	else if (id != NULL && r->m->entity_by != IMAP_BY_NAME &&
	    claimed_by_other(r, id, k))
		idx = ENT_SAME_AS;
	else if (!selected(r->opts, id != NULL ? id : strtab_str(&r->ent_text, k)))
		idx = ENT_NOT_SELECTED;
	else {
		/* A code nobody lists (DataBank's CHN_BEI) is kept as written. */
		if (id == NULL)
			id = strtab_str(&r->ent_text, k);
		if (other_part(r, id, strlen(id))) {
			/* The part is that of the code, as in every other layout. */
			xgrow(&r->ent_of, &r->ent_cap, r->ent_text.n, sizeof(*r->ent_of));
			r->ent_of[k] = ENT_OTHER_SHARD;
			return ENT_OTHER_SHARD;
		}
		idx = obs_entity(r->store, id, strlen(id), r->file, line);
		subj = r->opts->subject != SUBJ_NONE ? r->opts->subject : r->m->subject;
		if (r->store->ents[idx].subject == SUBJ_NONE) {
			r->store->ents[idx].subject = subj;
			r->store->ents[idx].subject_file = (uint16_t)r->file;
			r->store->ents[idx].subject_line = line;
		}
	}
	xgrow(&r->ent_of, &r->ent_cap, r->ent_text.n, sizeof(*r->ent_of));
	r->ent_of[k] = idx;
	return idx;
}

static bool
is_missing(const struct importmap *m, const char *s, size_t len)
{
	for (size_t i = 0; i < m->nmissing; i++)
		if (strlen(m->missing[i]) == len && strncasecmp(m->missing[i], s, len) == 0)
			return true;
	return false;
}

/*
 * Parse the cell of column c as a value of ind into o (NULL: only check
 * it): 1 for a value, 0 for none, -1 after an error.
 */
static int
row_value(struct mreader *r, const struct record *rec, int c, int ind,
    const char *ent, struct obs *o)
{
	size_t len;
	const char *s = cell(&r->t, rec, (size_t)c, &len);
	struct cellat at = { r->name, ent, rec->line, c, r->file };

	if (len == 0 || is_missing(r->m, s, len))
		return 0;
	return obscell_value(r->store, r->cat, ind, s, len, &at, r->dl, o);
}

static bool
is_footer(const struct importmap *m, const struct table *t, const struct record *rec)
{
	size_t len;
	const char *s = cell(t, rec, 0, &len);

	for (size_t i = 0; i < m->nfooter; i++) {
		size_t fl = strlen(m->footer[i]);

		if (len >= fl && strncasecmp(s, m->footer[i], fl) == 0) {
			for (size_t k = 1; k < rec->nf; k++) {
				cell(t, rec, k, &len);
				if (len > 0)
					return false;
			}
			return true;
		}
	}
	return false;
}

static bool
ignored_column(const struct importmap *m, const char *name)
{
	for (size_t i = 0; i < m->nignore; i++)
		if (strcasecmp(m->ignore[i], name) == 0)
			return true;
	return false;
}

/* A column the map needs; -1 after reporting that the header lacks it. */
static int
need(struct mreader *r, const char *col, uint32_t line)
{
	int c = imt_find_name(r->names, r->ncols, col);

	if (c < 0)
		diag_error(r->dl, r->name, (int)line, 0, "import map '%s' needs a "
		    "column '%s', which the header lacks", r->m->name, col);
	return c;
}

static void
add_vcol(struct mreader *r, size_t *cap, int col, int ind, int year)
{
	xgrow(&r->vcols, cap, r->nvcols + 1, sizeof(*r->vcols));
	r->vcols[r->nvcols++] = (struct vcolumn){ col, ind, year };
}

/*
 * A column the map reads must be the only one of its name in the header:
 * of two, nothing tells which holds the value, and reading one would
 * leave the other unread without a word. Reported once per name; the
 * number of errors.
 */
static int
check_read_twice(struct mreader *r, uint32_t line)
{
	size_t n = r->ncols ? r->ncols : 1;
	bool *reads = xcalloc(n, sizeof(*reads));       /* by column */
	bool *read = xcalloc(n, sizeof(*read));         /* by name */
	int *first = xcalloc(n, sizeof(*first));
	size_t *count = xcalloc(n, sizeof(*count));
	const int roles[] = { r->c_entity, r->c_year, r->c_ind, r->c_value,
		r->c_filter, r->c_indname };
	struct strtab seen;
	int errs = 0;

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (roles[i] >= 0)
			reads[roles[i]] = true;
	for (size_t k = 0; k < r->nvcols; k++)
		reads[r->vcols[k].col] = true;
	strtab_init(&seen, true);
	for (size_t c = 0; c < r->ncols; c++) {
		size_t before = seen.n, len = strlen(r->names[c]);
		int k;

		if (len == 0)
			continue;
		k = strtab_intern(&seen, r->names[c], len);
		if (seen.n > before)
			first[k] = (int)c;
		count[k]++;
		read[k] = read[k] || reads[c];
	}
	for (size_t k = 0; k < seen.n; k++) {
		if (count[k] < 2 || !read[k])
			continue;
		diag_error(r->dl, r->name, (int)line, first[k] + 1, "column '%s' is in "
		    "the header %zu times: import map '%s' reads it and cannot tell "
		    "which holds the values", r->names[first[k]], count[k], r->m->name);
		errs++;
	}
	strtab_release(&seen);
	free(reads);
	free(read);
	free(first);
	free(count);
	return errs;
}

/*
 * The unit guard for a "Series name [CODE]" column: the name before the
 * bracket must say what the indicator's source_name says, or the column
 * is not read, with a warning naming it.
 */
static bool
bracket_name_fits(struct mreader *r, const char *s, const char *open,
    uint32_t line, int c, int ind)
{
	const struct indicator *it = &r->cat->items[ind];
	size_t n = (size_t)(open - s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (indicator_name_fits(it, s, n))
		return true;
	diag_warn(r->dl, r->name, (int)line, c + 1, "column '%s' is not read: "
	    "indicator '%s' is in '%s' and needs a series name with '%s'", s,
	    it->id, it->unit, it->source_name);
	return false;
}

/*
 * Two columns of values for one indicator (and, for year columns, one
 * year) leave nothing to tell which holds the value, as a column named
 * twice: an error naming the first two, once per indicator and year; the
 * number of errors.
 */
static int
check_same_target(struct mreader *r, uint32_t line)
{
	size_t n = r->nvcols ? r->nvcols : 1;
	int *first = xcalloc(n, sizeof(*first));        /* by target: vcol + 1 */
	bool *said = xcalloc(n, sizeof(*said));
	struct strtab seen;
	int errs = 0;

	strtab_init(&seen, false);
	for (size_t k = 0; k < r->nvcols; k++) {
		const struct vcolumn *v = &r->vcols[k];
		char key[32];
		int len = snprintf(key, sizeof(key), "%d %d", v->ind, v->year);
		int t = strtab_intern(&seen, key, (size_t)len);
		const struct vcolumn *f;

		if (first[t] == 0) {
			first[t] = (int)k + 1;
			continue;
		}
		if (said[t])
			continue;
		said[t] = true;
		f = &r->vcols[first[t] - 1];
		if (v->ind >= 0)
			diag_error(r->dl, r->name, (int)line, v->col + 1, "columns '%s' and "
			    "'%s' both hold indicator '%s': import map '%s' cannot tell "
			    "which holds the values", r->names[f->col], r->names[v->col],
			    r->cat->items[v->ind].id, r->m->name);
		else
			diag_error(r->dl, r->name, (int)line, v->col + 1, "columns '%s' and "
			    "'%s' both hold year %d: import map '%s' cannot tell which "
			    "holds the values", r->names[f->col], r->names[v->col], v->year,
			    r->m->name);
		errs++;
	}
	strtab_release(&seen);
	free(first);
	free(said);
	return errs;
}

/*
 * A year given for the file (FILE@YEAR or --data-year: the reader sees
 * one number) that its map's own year overrides: said once per file.
 */
static void
warn_year_unused(struct mreader *r)
{
	const struct importmap *m = r->m;
	struct strbuf from;

	strbuf_init(&from);
	if (m->year_kind == IMAP_YEAR_COLUMN)
		strbuf_addf(&from, "its column '%s'", m->year_column);
	else if (m->year_kind == IMAP_YEAR_QUARTER)
		strbuf_addf(&from, "its quarter column '%s'", m->year_column);
	else if (m->year_kind == IMAP_YEAR_COLUMNS)
		strbuf_adds(&from, "its year columns");
	else
		strbuf_addf(&from, "'year: {fixed: %d}'", m->year);
	diag_warn(r->dl, r->name, 0, 0, "year %d given for this file (FILE@YEAR or "
	    "--data-year) is not used: import map '%s' takes the year from %s",
	    r->opts->data_year, m->name, from.buf);
	strbuf_release(&from);
}

/* Work out the columns from the header; the number of errors. */
static int
setup(struct mreader *r, uint32_t line)
{
	const struct importmap *m = r->m;
	size_t cap = 0;
	int errs = 0, refused = 0;      /* columns the unit guard refused */

	r->c_entity = need(r, m->entity, line);
	errs += r->c_entity < 0;
	r->c_year = r->c_ind = r->c_value = r->c_filter = r->c_indname = -1;
	if (m->indicator_name != NULL)
		r->c_indname = imt_find_name(r->names, r->ncols, m->indicator_name);
	if (m->year_kind == IMAP_YEAR_COLUMN || m->year_kind == IMAP_YEAR_QUARTER)
		errs += (r->c_year = need(r, m->year_column, line)) < 0;
	if (m->indicator_column != NULL)
		errs += (r->c_ind = need(r, m->indicator_column, line)) < 0;
	if (m->value_column != NULL)
		errs += (r->c_value = need(r, m->value_column, line)) < 0;
	if (m->filter_column != NULL)
		errs += (r->c_filter = need(r, m->filter_column, line)) < 0;
	if (errs > 0)
		return errs;
	if (m->value_column != NULL) {
		add_vcol(r, &cap, r->c_value, -1, 0);
	} else if (m->year_kind == IMAP_YEAR_COLUMNS) {
		for (size_t c = 0; c < r->ncols; c++) {
			int y = imt_header_year(r->names[c]);

			if (y != 0)
				add_vcol(r, &cap, (int)c, -1, y);
		}
	} else if (m->bracket_codes) {
		for (size_t c = 0; c < r->ncols; c++) {
			const char *s = r->names[c], *open;
			size_t len = strlen(s);
			int ind;

			if ((int)c == r->c_entity || (int)c == r->c_year || len < 3 ||
			    s[len - 1] != ']' || (open = strrchr(s, '[')) == NULL ||
			    ignored_column(m, s))
				continue;
			ind = catalogue_find(r->cat, open + 1, (size_t)(s + len - 1 - open - 1));
			if (ind >= 0 && !bracket_name_fits(r, s, open, line, (int)c, ind)) {
				refused++;
				continue;
			}
			if (ind >= 0)
				add_vcol(r, &cap, (int)c, ind, 0);
			else
				tally(&r->unknown_inds, &r->uinds, &r->uinds_cap, open + 1,
				    (size_t)(s + len - 1 - open - 1), line);
		}
	} else {
		for (size_t k = 0; k < m->ncolumns; k++) {
			const struct imap_column *mc = &m->columns[k];
			int c = imt_find_name(r->names, r->ncols, mc->header);
			int ind = catalogue_find(r->cat, mc->indicator, strlen(mc->indicator));

			if (c < 0)
				continue;       /* a map may serve files with fewer columns */
			if (ind < 0) {
				diag_warn(r->dl, r->name, (int)line, c + 1, "column '%s': "
				    "import map '%s' gives it to indicator '%s', which the "
				    "catalogue does not have; ignored", mc->header, m->name,
				    mc->indicator);
				continue;
			}
			add_vcol(r, &cap, c, ind, 0);
		}
	}
	if ((errs = check_read_twice(r, line)) > 0 ||
	    (errs = check_same_target(r, line)) > 0)
		return errs;
	if (r->nvcols == 0 && r->uinds == NULL && refused == 0)
		diag_warn(r->dl, r->name, (int)line, 0, "import map '%s' finds no column "
		    "of values in this header", m->name);
	if (r->opts->data_year != 0 && (m->year_kind != IMAP_YEAR_NONE || m->year != 0))
		warn_year_unused(r);
	if (m->year_kind == IMAP_YEAR_NONE) {
		r->data_year = m->year != 0 ? m->year : r->opts->data_year;
		if (r->data_year == 0) {
			diag_error(r->dl, r->name, (int)line, 0, "the file has no year "
			    "(import map '%s'): give it with --data-year YEAR, or as "
			    "FILE@YEAR for this file alone", m->name);
			errs++;
		}
	}
	return errs;
}

/* The row's year; 0 for none, -1 after an error. */
static int
row_year(struct mreader *r, const struct record *rec)
{
	size_t len;
	const char *s;
	int y;

	if (r->c_year < 0)
		return r->data_year;
	s = cell(&r->t, rec, (size_t)r->c_year, &len);
	y = r->m->year_kind == IMAP_YEAR_QUARTER ?
	    importmap_quarter_year(s, len, &r->row_quarter) : imt_cell_year(s, len);
	if (y == 0) {
		diag_error(r->dl, r->name, (int)rec->line, r->c_year + 1, "bad %s '%.*s'",
		    r->m->year_kind == IMAP_YEAR_QUARTER ? "quarter" : "year",
		    len > SHOW ? SHOW : (int)len, s);
		return -1;
	}
	return y;
}

static void
row(struct mreader *r, const struct record *rec)
{
	size_t len;
	const char *s;
	int ent, ent_k, year, ind = -1;
	size_t stored = 0;
	bool bad = false;

	r->info->read++;
	if (r->c_filter >= 0) {
		s = cell(&r->t, rec, (size_t)r->c_filter, &len);
		if (strlen(r->m->filter_value) != len ||
		    strncasecmp(s, r->m->filter_value, len) != 0) {
			/* Counted by one part only, as the rows left out below. */
			s = cell(&r->t, rec, (size_t)r->c_entity, &len);
			econ_trim(&s, &len);
			ignore(r, other_part(r, s, len) ? IGN_OTHER_SHARD : IGN_FILTERED);
			return;
		}
	}
	s = cell(&r->t, rec, (size_t)r->c_entity, &len);
	econ_trim(&s, &len);
	if (len == 0) {
		diag_error(r->dl, r->name, (int)rec->line, r->c_entity + 1, "empty entity");
		return;
	}
	ent = row_entity(r, s, len, rec->line);
	ent_k = strtab_find(&r->ent_text, s, len);
	/*
	 * Rows left out whatever they hold are counted by one part only (by
	 * the text that names them), so that merged parts count as one run.
	 */
	if (ent < 0 && ent != ENT_OTHER_SHARD && other_part(r, s, len)) {
		ignore(r, IGN_OTHER_SHARD);
		return;
	}
	switch (ent) {
	case ENT_NOT_SELECTED:
		ignore(r, IGN_ENTITY_NOT_SELECTED);
		return;
	case ENT_AGGREGATE:
		ignore(r, IGN_AGGREGATE);
		return;
	case ENT_FORMER:
		ignore(r, IGN_FORMER_ECONOMY);
		return;
	case ENT_UNKNOWN:
		tally(&r->unknown_names, &r->unames, &r->unames_cap, s, len, rec->line);
		ignore(r, IGN_UNKNOWN_ECONOMY);
		return;
	case ENT_SAME_AS:
		tally(&r->same_as, &r->usame, &r->usame_cap, s, len, rec->line);
		ignore(r, IGN_FILTERED);
		return;
	default:
		break;
	}
	if (r->c_ind >= 0) {
		s = cell(&r->t, rec, (size_t)r->c_ind, &len);
		ind = len > 0 ? catalogue_find(r->cat, s, len) : -1;
		if (ind < 0 && ent == ENT_OTHER_SHARD) {
			ignore(r, IGN_OTHER_SHARD);
			return;
		}
		if (ind < 0) {
			tally(&r->unknown_inds, &r->uinds, &r->uinds_cap, s, len, rec->line);
			ignore(r, IGN_UNKNOWN_INDICATOR);
			return;
		}
		if (r->c_indname >= 0) {
			size_t nlen;
			const char *nm = cell(&r->t, rec, (size_t)r->c_indname, &nlen);

			if (!indicator_name_fits(&r->cat->items[ind], nm, nlen) &&
			    ent == ENT_OTHER_SHARD) {
				ignore(r, IGN_OTHER_SHARD);
				return;
			}
			if (!indicator_name_fits(&r->cat->items[ind], nm, nlen)) {
				struct strbuf key;

				strbuf_init(&key);
				strbuf_add(&key, s, len);
				strbuf_addc(&key, '\001');
				strbuf_add(&key, nm, nlen);
				tally(&r->guards, &r->uguards, &r->uguards_cap, key.buf,
				    key.len, rec->line);
				strbuf_release(&key);
				ignore(r, IGN_UNIT_MISMATCH);
				return;
			}
		}
	}
	if ((year = row_year(r, rec)) < 0)
		return;
	for (size_t k = 0; k < r->nvcols; k++) {
		const struct vcolumn *vc = &r->vcols[k];
		struct obs o;
		int cind = vc->ind >= 0 ? vc->ind : ind, rc;

		rc = row_value(r, rec, vc->col, cind, ent >= 0 ? r->store->ents[ent].id :
		    strtab_str(&r->ent_text, ent_k), ent >= 0 ? &o : NULL);
		if (rc < 0)
			bad = true;
		if (rc <= 0 || bad || ent < 0)
			continue;
		o.year = (int16_t)(vc->year != 0 ? vc->year : year);
		if (r->m->year_kind == IMAP_YEAR_QUARTER) {
			if (o.kind != V_NUM) {
				diag_error(r->dl, r->name, (int)rec->line, vc->col + 1,
				    "indicator '%s' is not a number: quarters cannot be "
				    "averaged into a year", r->cat->items[cind].id);
				bad = true;
				continue;
			}
			xgrow(&r->qs, &r->qcap, r->nq + 1, sizeof(*r->qs));
			r->qs[r->nq++] = (struct quarter){ ent, cind, o.year, r->row_quarter,
			    o.num, rec->line };
		} else {
			obs_add(r->store, ent, &o);
		}
		stored++;
	}
	obscell_row(r->info, bad, ent == ENT_OTHER_SHARD, stored,
	    r->c_value >= 0 ? IGN_MISSING_VALUE : IGN_NO_VALUES);
}

static int
quarter_cmp(const void *a, const void *b)
{
	const struct quarter *x = a, *y = b;

	if (x->ent != y->ent)
		return x->ent < y->ent ? -1 : 1;
	if (x->ind != y->ind)
		return x->ind < y->ind ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->q != y->q)
		return x->q < y->q ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* A line of the file and whether a value of it went into a year's mean. */
struct qline {
	uint32_t line;
	bool kept;
};

static int
qline_cmp(const void *a, const void *b)
{
	const struct qline *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (int)y->kept - (int)x->kept;     /* kept first */
}

/*
 * A quarter given again is a duplicate row when the value is the same
 * (a warning; the row, if none of its values is kept, moves from used to
 * ignored), and an error when it differs: the mean is of distinct
 * quarters only.
 */
static void
quarter_again(struct mreader *r, const struct quarter *first,
    const struct quarter *again)
{
	const char *ent = r->store->ents[first->ent].id;
	const char *ind = r->cat->items[first->ind].id;

	if (again->v == first->v) {
		diag_warn(r->dl, r->name, (int)again->line, 0, "duplicate row for "
		    "entity '%s', indicator '%s', Q%d %d (same value as line %u); "
		    "ignored", ent, ind, again->q, again->year, (unsigned)first->line);
		return;
	}
	diag_error(r->dl, r->name, (int)again->line, 0, "conflicting values for "
	    "entity '%s', indicator '%s', Q%d %d: %.15g at line %u and %.15g at "
	    "line %u", ent, ind, again->q, again->year, first->v,
	    (unsigned)first->line, again->v, (unsigned)again->line);
}

/*
 * A year's value is the mean of its distinct quarters that have one; it
 * is located at the year's last quarter in the file.
 */
static void
quarters_finish(struct mreader *r)
{
	struct qline *lines;
	size_t nl = 0;

	if (r->nq == 0)
		return;
	qsort(r->qs, r->nq, sizeof(*r->qs), quarter_cmp);
	lines = xcalloc(r->nq, sizeof(*lines));
	for (size_t i = 0; i < r->nq;) {
		size_t j = i, n = 0, first = i;
		double sum = 0;
		uint32_t line = 0;
		struct obs o;

		for (; j < r->nq && r->qs[j].ent == r->qs[i].ent &&
		    r->qs[j].ind == r->qs[i].ind && r->qs[j].year == r->qs[i].year; j++) {
			const struct quarter *q = &r->qs[j];

			/* The first of a quarter counts (the earliest line); later ones not. */
			if (j > i && q->q == r->qs[first].q) {
				quarter_again(r, &r->qs[first], q);
				lines[nl++] = (struct qline){ q->line, false };
				continue;
			}
			first = j;
			lines[nl++] = (struct qline){ q->line, true };
			sum += q->v;
			n++;
			line = q->line > line ? q->line : line;
		}
		memset(&o, 0, sizeof(o));
		o.kind = V_NUM;
		o.num = sum / (double)n;
		o.ind = (uint16_t)r->qs[i].ind;
		o.year = (int16_t)r->qs[i].year;
		o.line = line;
		o.file = (uint16_t)r->file;
		obs_add(r->store, r->qs[i].ent, &o);
		i = j;
	}
	/* A row none of whose values is kept was a duplicate, not used. */
	qsort(lines, nl, sizeof(*lines), qline_cmp);
	for (size_t i = 0; i < nl; i++) {
		if (i > 0 && lines[i].line == lines[i - 1].line)
			continue;
		if (!lines[i].kept) {
			r->info->used--;
			obscell_ignore(r->info, IGN_DUPLICATE);
		}
	}
	free(lines);
}

static void
report_left_out(struct mreader *r)
{
	for (size_t k = 0; k < r->guards.n; k++)
		indicator_guard_warn(r->dl, r->name, r->cat, strtab_str(&r->guards, (int)k),
		    '\001', r->uguards[k].rows, r->uguards[k].line, r->c_indname + 1);
	for (size_t k = 0; k < r->same_as.n; k++) {
		const char *s = strtab_str(&r->same_as, (int)k);
		struct econ_match em;
		int first;

		econ_resolve(s, strlen(s), &em);
		first = r->claimer[strtab_find(&r->claimed, em.code, strlen(em.code))];
		diag_warn(r->dl, r->name, (int)r->usame[k].line, r->c_entity + 1,
		    "'%s' names the same economy (%s) as '%s' before it: its %zu row%s "
		    "ignored", s, em.code, strtab_str(&r->ent_text, first), r->usame[k].rows,
		    r->usame[k].rows == 1 ? " is" : "s are");
	}
	for (size_t k = 0; k < r->unknown_names.n; k++) {
		const char *s = strtab_str(&r->unknown_names, (int)k);
		const char *sug[3];
		/* The scan of every name only for the warnings that are kept. */
		size_t ns = all_digits(s, strlen(s)) ||
		    !diag_would_keep(r->dl, DIAG_WARNING, r->name) ? 0 :
		    econ_suggest(s, strlen(s), sug, 3);
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "unknown economy '%s' (%zu row%s ignored, first at line "
		    "%u)", s, r->unames[k].rows, r->unames[k].rows == 1 ? "" : "s",
		    (unsigned)r->unames[k].line);
		for (size_t i = 0; i < ns; i++)
			strbuf_addf(&sb, "%s'%s'", i == 0 ? "; closest known names: " : ", ",
			    sug[i]);
		diag_warn(r->dl, r->name, (int)r->unames[k].line, r->c_entity + 1, "%s",
		    sb.buf);
		strbuf_release(&sb);
	}
	for (size_t k = 0; k < r->unknown_inds.n; k++) {
		const struct tally *u = &r->uinds[k];

		if (r->c_ind >= 0)
			diag_warn(r->dl, r->name, (int)u->line, r->c_ind + 1,
			    "unknown indicator '%s' (%zu row%s ignored, first at line %u)",
			    strtab_str(&r->unknown_inds, (int)k), u->rows,
			    u->rows == 1 ? "" : "s", (unsigned)u->line);
	}
	if (r->c_ind < 0 && r->unknown_inds.n > 0)
		diag_warn(r->dl, r->name, (int)r->uinds[0].line, 0, "%zu column%s of "
		    "series no indicator knows ignored (the first: '%s')",
		    r->unknown_inds.n, r->unknown_inds.n == 1 ? "" : "s",
		    strtab_str(&r->unknown_inds, 0));
}

int
importmap_read(const struct importmap *m, const char *data, size_t size,
    const char *name, const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl)
{
	struct mreader r;
	struct digest dg;
	size_t errors = dl->nerrors, textlen;
	bool owned = false, footer = false;
	char *text;
	long h;
	uint32_t bad;

	memset(info, 0, sizeof(*info));
	digest_init(&dg);
	digest_update(&dg, data, size);
	digest_final(&dg, info->sha256);
	if (store->cat == NULL)
		store->cat = opts->cat;
	memset(&r, 0, sizeof(r));
	r.file = obs_add_file(store, name);
	if (r.file < 0) {
		diag_error(dl, name, 0, 0, "too many input files (at most %u)",
		    (unsigned)UINT16_MAX);
		return -1;
	}
	info->path = store->files[r.file];
	info->layout = m->layout;
	r.name = info->path;
	r.m = m;
	r.opts = opts;
	r.cat = opts->cat;
	r.store = store;
	r.info = info;
	r.dl = dl;
	strtab_init(&r.ent_text, false);
	strtab_init(&r.unknown_names, false);
	strtab_init(&r.unknown_inds, true);
	strtab_init(&r.claimed, false);
	strtab_init(&r.guards, false);
	strtab_init(&r.same_as, false);

	data = imt_skip_bom(data, &size);
	text = imt_to_utf8(m, data, size, r.name, dl, &textlen, &owned);
	if (text == NULL)
		goto out;
	if (csvscan_cr_only(text, text + textlen)) {
		diag_error(dl, r.name, 1, 0, "lines end with a carriage return alone; "
		    "save the file with LF or CRLF line endings");
		goto out;
	}
	if (imt_table_parse(&r.t, text, text + textlen, m->delimiter, 0, &bad) != 0) {
		diag_error(dl, r.name, (int)bad, 0, "unterminated quoted field or NUL byte");
		goto out;
	}
	h = imt_find_header(m, &r.t);
	if (h < 0) {
		diag_error(dl, r.name, 1, 0, "the header does not fit import map '%s': it "
		    "needs the columns named in its 'match'", m->name);
		goto out;
	}
	r.names = imt_header_names(&r.t, (size_t)h, m->header_rows, &r.ncols);
	if (setup(&r, r.t.recs[h].line) > 0)
		goto out;
	for (size_t i = (size_t)h + 1; i < r.t.nrecs; i++) {
		const struct record *rec = &r.t.recs[i];
		size_t len;

		if (rec->blank)
			continue;
		/* As in the plain reader: files joined, a BOM would join an id. */
		if (strncmp(cell(&r.t, rec, 0, &len), "\xEF\xBB\xBF", 3) == 0) {
			diag_error(dl, r.name, (int)rec->line, 1, "a byte order mark "
			    "(U+FEFF) starts this line: the file seems to be several files "
			    "joined together; remove it and any header line that came "
			    "with it");
			info->read++;
			continue;
		}
		if (m->comment_char != 0 && cell(&r.t, rec, 0, &len)[0] == m->comment_char)
			continue;
		if (is_footer(m, &r.t, rec)) {
			footer = true;
			continue;
		}
		if (footer) {
			struct strbuf fs;

			strbuf_init(&fs);
			for (size_t k = 0; k < m->nfooter; k++)
				strbuf_addf(&fs, "%s\"%s\"", k > 0 ? ", " : "", m->footer[k]);
			diag_error(dl, r.name, (int)rec->line, 1, "a row after the footer "
			    "(%s): the file seems to be several downloads joined together",
			    fs.buf);
			strbuf_release(&fs);
			info->read++;
			continue;
		}
		if (rec->nf != r.ncols) {
			diag_error(dl, r.name, (int)rec->line,
			    (int)(rec->nf > r.ncols ? r.ncols : rec->nf) + 1,
			    "expected %zu fields, found %zu", r.ncols, rec->nf);
			info->read++;
			continue;
		}
		row(&r, rec);
	}
	quarters_finish(&r);
	if (dl->nerrors == errors)
		report_left_out(&r);
out:
	if (owned)
		free(text);
	if (r.names != NULL)
		imt_names_free(r.names, r.ncols);
	imt_table_release(&r.t);
	free(r.vcols);
	free(r.ent_of);
	free(r.unames);
	free(r.uinds);
	free(r.qs);
	strtab_release(&r.ent_text);
	strtab_release(&r.unknown_names);
	strtab_release(&r.unknown_inds);
	strtab_release(&r.claimed);
	strtab_release(&r.guards);
	free(r.uguards);
	strtab_release(&r.same_as);
	free(r.claimer);
	free(r.usame);
	return dl->nerrors > errors ? -1 : 0;
}
