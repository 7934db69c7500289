/*
 * The long layout: a header of known names (entity, indicator, value and
 * optional year, unit, subject, sector, evidence, note), one value a row.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvlong.h"
#include "obscell.h"

static bool
fits_long(const struct reader *r, bool first)
{
	return first && csvrow_find_col(r, "entity") >= 0 &&
	    csvrow_find_col(r, "indicator") >= 0 && csvrow_find_col(r, "value") >= 0;
}

static int
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

	for (size_t i = 0; i < r->sc.nf; i++) {
		size_t len, k;
		const char *s = fld(r, (int)i, &len);

		for (k = 0; k < nknown && !csvrow_name_is(s, len, known[k].name); k++)
			;
		if (k < nknown) {
			if (known[k].slot != NULL)
				*known[k].slot = (int)i;
		} else if (len == 0) {
			csvrow_warn_nameless(r, (int)i);
		} else {
			diag_warn(r->dl, r->name, (int)r->sc.f[i].line, (int)i + 1,
			    "unknown column '%.*s' ignored", shown(len), s);
		}
	}
	return 0;
}

static void
row_long(struct reader *r)
{
	size_t len;
	const char *s;
	int ent, ind, year = 0, rc;
	bool bad = false;
	struct obs o;

	ent = csvrow_begin(r, r->c_entity);
	if (ent < 0 && ent != ENT_OTHER_SHARD)
		return;
	if ((ind = csvrow_indicator_at(r, ent, &s, &len)) < 0)
		return;
	if (!csvrow_year_subject(r, ent, &year))
		bad = true;
	if (r->c_unit >= 0) {
		const char *unit = r->cat->items[ind].unit;

		s = fld(r, r->c_unit, &len);
		if (len > 0 && unit != NULL &&
		    (strlen(unit) != len || strncasecmp(unit, s, len) != 0)) {
			diag_error(r->dl, r->name, (int)r->sc.f[r->c_unit].line,
			    r->c_unit + 1, "unit '%.*s' does not match the unit '%s' "
			    "of indicator '%s'", shown(len), s, unit, r->cat->items[ind].id);
			bad = true;
		}
	}
	rc = csvrow_value(r, r->c_value, ind, csvrow_entity_id(r, ent),
	    ent == ENT_OTHER_SHARD ? NULL : &o);
	if (rc > 0 && !bad && ent == ENT_OTHER_SHARD)
		obs_note_left_year(r->store, r->file, year);
	if (rc > 0 && !bad && ent != ENT_OTHER_SHARD) {
		o.year = (int16_t)year;
		o.evidence = csvrow_evidence(r, r->c_evidence);
		obs_add(r->store, ent, &o);
	}
	obscell_row(r->info, rc < 0 || bad, ent == ENT_OTHER_SHARD, rc > 0,
	    IGN_MISSING_VALUE);
}

const struct layout csvlong_layout = {
	"long", fits_long, setup_long, row_long, NULL,
};
