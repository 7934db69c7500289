/*
 * The reader of one input: records from the scanner, the header that
 * decides the layout (the table below), and each data record handed to
 * its layout's row function; what a whole file ends with (an empty file,
 * no header, unknown indicators) is reported by csvreader_finish.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvhint.h"
#include "csvlong.h"
#include "csvreader.h"
#include "csvwb.h"
#include "csvwide.h"
#include "importmap.h"
#include "xalloc.h"

#define MAX_PREAMBLE    20      /* records scanned for a header */

/* The layouts, in the order a header is tried against them. */
static const struct layout *const layouts[] = {
	&csvlong_layout, &csvwb_layout, &csvwide_layout,
};

/* Duplicate header names (case-insensitive) are errors. */
static int
check_duplicates(struct reader *r)
{
	struct strtab seen;
	int *first = xcalloc(r->sc.nf, sizeof(*first));
	int errors = 0;

	strtab_init(&seen, true);
	for (size_t i = 0; i < r->sc.nf; i++) {
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
		diag_error(r->dl, r->name, (int)r->sc.f[i].line, (int)i + 1,
		    "duplicate column '%.*s' (also column %d)", shown(len), s,
		    first[k] + 1);
		errors++;
	}
	strtab_release(&seen);
	free(first);
	return errors;
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
	struct csvhint_col *c = xcalloc(r->sc.nf ? r->sc.nf : 1, sizeof(*c));
	bool known;

	for (size_t i = 0; i < r->sc.nf; i++)
		c[i].s = fld(r, (int)i, &c[i].len);
	r->first_hint = csvhint_refusal(c, r->sc.nf, &known);
	if (known) {
		diag_error(r->dl, r->name, (int)r->sc.rec_line, 0, "%s", r->first_hint);
		r->state = RS_DONE;
		r->sc.stop = true;
	}
	free(c);
}

static void
detect_header(struct reader *r)
{
	bool first = r->nscanned++ == 0;
	const struct layout *lay = NULL;

	if (first)
		r->first_line = r->sc.rec_line;
	for (size_t k = 0; lay == NULL && k < sizeof(layouts) / sizeof(layouts[0]); k++)
		if (layouts[k]->fits(r, first))
			lay = layouts[k];
	if (lay == NULL) {
		if (first)
			first_unfit(r);
		if (r->sc.stop)
			return;
		if (r->nscanned >= MAX_PREAMBLE) {
			layout_error(r);
			r->state = RS_DONE;
			r->sc.stop = true;
		}
		return;
	}
	r->layout = lay;
	r->ncols = r->sc.nf;
	r->info->layout = lay->name;
	r->state = RS_DATA;
	if (check_duplicates(r) > 0 || lay->setup(r) > 0) {
		r->sc.stop = true;
		return;
	}
	/* A year given for a file that dates its own rows is not used: say so. */
	if (r->opts->data_year != 0 && (r->c_year >= 0 || lay == &csvwb_layout))
		diag_warn(r->dl, r->name, (int)r->sc.rec_line, 0, "year %d given for this "
		    "file (FILE@YEAR or --data-year) is not used: %s", r->opts->data_year,
		    r->c_year >= 0 ? "its rows give their year in column 'year'" :
		    "it gives its years as columns");
	if (r->pause)
		r->sc.pause = true;     /* the data records are read from here */
}

/* The scanner's record callback. */
static void
process_record(void *arg)
{
	struct reader *r = arg;
	size_t len;
	const char *first;

	/* A record of empty fields (",,,") is a blank line. */
	if (!r->sc.rec_text)
		return;
	/*
	 * A byte order mark belongs at the start of a file only; one at the
	 * start of a later line means files were joined, and it would become
	 * an invisible part of an entity id.
	 */
	first = fld(r, 0, &len);
	if (len >= 3 && memcmp(first, "\xEF\xBB\xBF", 3) == 0 &&
	    !(r->state == RS_HEADER && r->nscanned == 0 && r->sc.rec_line == 1)) {
		diag_error(r->dl, r->name, (int)r->sc.rec_line, 1, "a byte order mark "
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
	if (r->layout->footer != NULL && r->layout->footer(r)) {
		r->wb_footer = true;
		return;
	}
	if (r->wb_footer) {
		diag_error(r->dl, r->name, (int)r->sc.rec_line, 1, "a row after the World "
		    "Bank footer (\"Data from database\", \"Last Updated\"): the file "
		    "seems to be several downloads joined together");
		r->info->read++;
		return;
	}
	if (r->sc.nf != r->ncols) {
		diag_error(r->dl, r->name, (int)r->sc.rec_line,
		    (int)(r->sc.nf > r->ncols ? r->ncols : r->sc.nf) + 1,
		    "expected %zu fields, found %zu", r->ncols, r->sc.nf);
		r->info->read++;
		return;
	}
	r->info->read++;
	r->layout->row(r);
}

/* The scanner's callback for a record that does not parse: it was read. */
static void
bad_record(void *arg)
{
	struct reader *r = arg;

	r->info->read += r->state == RS_DATA;
}

void
csvreader_finish(struct reader *r)
{
	csvscan_end(&r->sc, true);
	if (r->state == RS_HEADER && !r->sc.stop) {
		if (r->nscanned == 0)
			diag_error(r->dl, r->name, 0, 0, "empty file: no header");
		else
			layout_error(r);
	} else if (r->state == RS_DATA && !r->sc.stop && r->info->read == 0 &&
	    r->dl->nerrors == r->errors_at_start) {
		diag_warn(r->dl, r->name, 0, 0, "no data rows");
	}
	/* After a problem that stopped the reading, they are noise. */
	for (size_t k = 0; !r->sc.stop && k < r->unk.n; k++) {
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

void
csvreader_release(struct reader *r)
{
	csvscan_release(&r->sc);
	free(r->vcols);
	free(r->ent_id);
	free(r->ind_name);
	free(r->unks);
	free(r->first_hint);
	strtab_release(&r->unk);
}

int
csvreader_start(struct reader *r, const char *name, const struct csvin_opts *opts,
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
	r->c_entity = r->c_ind = r->c_value = r->c_year = r->c_indname = -1;
	r->c_unit = r->c_subject = r->c_sector = r->c_evidence = -1;
	strtab_init(&r->unk, true);
	csvscan_init(&r->sc, r->name, dl, process_record, bad_record, r);
	return 0;
}

void
csvreader_fork(struct reader *r, const struct reader *m, struct obsstore *store,
    struct input_info *info, struct diaglist *dl)
{
	memset(r, 0, sizeof(*r));
	info->path = m->info->path;
	info->layout = m->info->layout;
	r->name = m->name;
	r->opts = m->opts;
	r->cat = m->cat;
	r->store = store;
	r->info = info;
	r->dl = dl;
	r->file = m->file;
	r->state = RS_DATA;
	r->layout = m->layout;
	r->aggregates = m->aggregates;
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
	csvscan_init(&r->sc, r->name, dl, process_record, bad_record, r);
	r->sc.plain = m->sc.plain;
}

void
csvreader_merge_unknowns(struct reader *m, const struct reader *r, uint32_t base)
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
