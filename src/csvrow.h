/*
 * The reader's state for one input, and what every layout's rows share:
 * resolving the entity, the indicator, the year, the subject and sector,
 * and the values of a row. A layout (csvlong.h, csvwide.h, csvwb.h) is a
 * setup for its header and a function for its rows.
 */
#ifndef RC_CSVROW_H
#define RC_CSVROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalogue.h"
#include "csvin_opts.h"
#include "csvscan.h"
#include "diag.h"
#include "obs.h"
#include "strtab.h"

#define SHOW_MAX        200     /* bytes of a value quoted in messages */

struct reader;

/* One layout: its name, its header's setup (errors found) and its rows. */
struct layout {
	const char *name;
	/* Does the header record fit this layout (first: it is record 1)? */
	bool (*fits)(const struct reader *r, bool first);
	int (*setup)(struct reader *r);
	void (*row)(struct reader *r);
	/* A record that ends the data (NULL: none does). */
	bool (*footer)(const struct reader *r);
};

enum rstate {
	RS_HEADER,              /* looking for the header */
	RS_DATA,
	RS_DONE,                /* stopped: no layout */
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

#define IND_SEEN 256             /* names remembered by csvrow_indicator */
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

	struct csvscan sc;      /* the records; sc.stop: read no further */
	bool pause;             /* stop feeding once the header is read */

	enum rstate state;
	int nscanned;
	uint32_t first_line;
	char *first_hint;       /* what the first record shows, for a refusal */
	bool wb_footer;

	/* The layout. */
	const struct layout *layout;
	bool aggregates;        /* World Bank aggregates are left out */
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
	/* Indicator names seen, for csvrow_indicator: IND_SEEN slots. */
	struct ind_seen {
		char name[47];
		unsigned char len;      /* 0: empty */
		int idx;
	} ind_seen[IND_SEEN];
	size_t nind_seen;
	/* The previous row's indicator name. */
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
 * The unit guard's tallies are kept with the unknown names, under a key
 * that starts with GUARD_MARK: the code, GUARD_MARK, the name.
 */
#define GUARD_MARK '\001'

/* Field i of the current record, blanks trimmed; *len gets its length. */
static inline const char *
fld(const struct reader *r, int i, size_t *len)
{
	return csvscan_field(&r->sc, (size_t)i, len);
}

static inline int
shown(size_t len)
{
	return len > SHOW_MAX ? SHOW_MAX : (int)len;
}

/* Is [s, s + len) the header name want, in any case? */
bool csvrow_name_is(const char *s, size_t len, const char *want);
/* Column index of the header name want, or -1. */
int csvrow_find_col(const struct reader *r, const char *want);
void csvrow_warn_nameless(struct reader *r, int col);
void csvrow_add_vcol(struct reader *r, int col, int ind, int year);
void csvrow_ignore(struct reader *r, enum ignore_reason why);
/*
 * A row left out by --entity: the latest year of a value it holds still
 * dates its file (obs_note_left_year), read without a word about errors.
 */
void csvrow_note_left_year(struct reader *r);
/* Tally an unknown indicator name seen at line. */
void csvrow_note_unknown(struct reader *r, const char *s, size_t len, uint32_t line);
/* Set or check the entity's subject and sector. Returns -1 on a conflict. */
int csvrow_subject(struct reader *r, int ent, int csubj, int csect, enum subject fixed);
/*
 * Parse cell c as a value of indicator ind into o (NULL: only check it).
 * Returns 1 for a value, 0 for a missing one, -1 after an error.
 */
int csvrow_value(struct reader *r, int c, int ind, const char *ent, struct obs *o);
/* Evidence of cell c (c < 0: none) as an obs.evidence reference. */
static inline uint32_t
csvrow_evidence(struct reader *r, int c)
{
	size_t len;
	const char *s;

	if (c < 0)
		return 0;
	s = fld(r, c, &len);
	return len == 0 ? 0 : obs_text(r->store, s, len) + 1;
}

/* The id of entity ent of the current row, for messages. */
static inline const char *
csvrow_entity_id(const struct reader *r, int ent)
{
	return ent >= 0 ? r->store->ents[ent].id : r->ent_id;
}

/*
 * Entity of a data row from column c; < 0 when the row is not stored
 * (counted or an error), except ENT_OTHER_SHARD (see csvrow.c).
 */
int csvrow_begin(struct reader *r, int c);
/*
 * The indicator of a row's indicator column, or -1 when the row ends
 * there: an empty cell (an error), an unknown name (tallied and counted)
 * or another shard's row with an unknown name (counted). *s and *len get
 * the cell.
 */
int csvrow_indicator_at(struct reader *r, int ent, const char **s, size_t *len);
/* The row's year from column c: 0 for none, -1 after an error. */
int csvrow_year(struct reader *r, int c);

/*
 * The row's year (0: no year column) and its entity's subject and sector
 * from their columns; false after an error. Inline: it is on every row.
 */
static inline bool
csvrow_year_subject(struct reader *r, int ent, int *year)
{
	bool ok = true;

	/* A file without a year column has the year given for it, if any. */
	*year = r->c_year < 0 ? r->opts->data_year : 0;
	if (r->c_year >= 0 && (*year = csvrow_year(r, r->c_year)) < 0)
		ok = false;
	if (csvrow_subject(r, ent, r->c_subject, r->c_sector,
	    r->c_subject < 0 ? r->opts->subject : SUBJ_NONE) < 0)
		ok = false;
	return ok;
}
/*
 * Store the row's value columns (r->vcols) for entity ent, indicator ind
 * (for columns without their own) and year (for columns without their
 * own); bad: the row already had an error. Counts the row.
 */
void csvrow_values(struct reader *r, int ent, int ind, int year, bool bad);

#endif
