/*
 * The World Bank layout (DataBank and API downloads): country and
 * indicator (or series) codes, then a column per year; aggregates are left
 * out, a footer ends the data, and the unit guard checks each series' name.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvwb.h"

static bool
fits_wb(const struct reader *r, bool first)
{
	(void)first;
	return csvrow_find_col(r, "country code") >= 0 &&
	    (csvrow_find_col(r, "indicator code") >= 0 ||
	    csvrow_find_col(r, "series code") >= 0);
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

static int
setup_wb(struct reader *r)
{
	static const char *const names[] = {
		"country name", "indicator name", "series name",
	};

	r->c_entity = csvrow_find_col(r, "country code");
	r->c_ind = csvrow_find_col(r, "indicator code");
	if (r->c_ind < 0)
		r->c_ind = csvrow_find_col(r, "series code");
	r->c_indname = csvrow_find_col(r, "indicator name");
	if (r->c_indname < 0)
		r->c_indname = csvrow_find_col(r, "series name");
	for (size_t i = 0; i < r->sc.nf; i++) {
		size_t len;
		const char *s = fld(r, (int)i, &len);
		int col = (int)i, year;
		bool known = false;

		if (col == r->c_entity || col == r->c_ind || len == 0)
			continue;       /* World Bank files end rows with a comma */
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			known = known || csvrow_name_is(s, len, names[k]);
		if (known)
			continue;
		year = wb_year(s, len);
		if (year != 0)
			csvrow_add_vcol(r, col, -1, year);
		else
			diag_warn(r->dl, r->name, (int)r->sc.f[i].line, col + 1,
			    "unknown column '%.*s' ignored", shown(len), s);
	}
	r->aggregates = true;
	return 0;
}

/*
 * The unit guard: a row whose series name lacks what the indicator's
 * source_name says is not used. It is tallied with the unknown names
 * (so that the chunks of a file add up), under a key that starts with
 * GUARD_MARK: the code, GUARD_MARK, the name.
 */
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
	csvrow_note_unknown(r, key, 2 + (size_t)shown(clen) + (size_t)shown(nlen), r->sc.rec_line);
	csvrow_ignore(r, IGN_UNIT_MISMATCH);
	return true;
}

/* A row: one observation per year column. */
static void
row_wb(struct reader *r)
{
	int ent, ind;
	bool bad = false;
	size_t len;
	const char *s;

	ent = csvrow_begin(r, r->c_entity);
	if (ent < 0 && ent != ENT_OTHER_SHARD)
		return;
	if ((ind = csvrow_indicator_at(r, ent, &s, &len)) < 0)
		return;
	if (r->cat->items[ind].source_name != NULL && r->c_indname >= 0 &&
	    guard_fails(r, ind, s, len))
		return;
	if (csvrow_subject(r, ent, -1, -1, r->opts->subject != SUBJ_NONE ?
	    r->opts->subject : SUBJ_STATE) < 0)
		bad = true;
	csvrow_values(r, ent, ind, 0, bad);
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
	for (size_t i = 1; i < r->sc.nf; i++) {
		fld(r, (int)i, &len);
		if (len > 0)
			return false;
	}
	return true;
}

const struct layout csvwb_layout = {
	"world-bank", fits_wb, setup_wb, row_wb, is_wb_footer,
};
