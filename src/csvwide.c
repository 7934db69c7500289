/*
 * The wide layout: entity (and optional year, subject, sector) columns,
 * then a column per indicator, each with an optional evidence column
 * ("<indicator>.evidence").
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvwide.h"
#include "xalloc.h"

static bool
fits_wide(const struct reader *r, bool first)
{
	return first && csvrow_find_col(r, "entity") >= 0 &&
	    csvrow_find_col(r, "indicator") < 0;
}

static int
setup_wide(struct reader *r)
{
	int *evcol = xcalloc(r->cat->n + 1, sizeof(*evcol));
	int *valcol = xcalloc(r->cat->n + 1, sizeof(*valcol));
	int errors = 0;

	r->c_entity = csvrow_find_col(r, "entity");
	r->c_year = csvrow_find_col(r, "year");
	r->c_subject = csvrow_find_col(r, "subject");
	r->c_sector = csvrow_find_col(r, "sector");
	for (size_t i = 0; i < r->sc.nf; i++) {
		size_t len;
		const char *s = fld(r, (int)i, &len);
		int ind, col = (int)i;
		int *slot;

		if (col == r->c_entity || col == r->c_year || col == r->c_subject ||
		    col == r->c_sector)
			continue;
		if (len == 0) {
			csvrow_warn_nameless(r, col);
			continue;
		}
		slot = valcol;
		ind = catalogue_find(r->cat, s, len);
		if (ind < 0 && len > 9 && strncasecmp(s + len - 9, ".evidence", 9) == 0) {
			ind = catalogue_find(r->cat, s, len - 9);
			slot = evcol;
		}
		if (ind < 0) {
			diag_warn(r->dl, r->name, (int)r->sc.f[i].line, col + 1,
			    "unknown indicator column '%.*s' ignored", shown(len), s);
			continue;
		}
		if (slot[ind] != 0) {
			size_t plen;
			const char *prev = fld(r, slot[ind] - 1, &plen);

			diag_error(r->dl, r->name, (int)r->sc.f[i].line, col + 1,
			    "columns '%.*s' and '%.*s' both hold %s of indicator '%s'",
			    shown(plen), prev, shown(len), s,
			    slot == evcol ? "the evidence" : "values",
			    r->cat->items[ind].id);
			errors++;
			continue;
		}
		slot[ind] = col + 1;
		if (slot == valcol)
			csvrow_add_vcol(r, col, ind, 0);
	}
	for (size_t k = 0; k < r->nvcols; k++)
		r->vcols[k].evcol = evcol[r->vcols[k].ind] - 1;
	for (size_t ind = 0; ind < r->cat->n; ind++) {
		if (evcol[ind] != 0 && valcol[ind] == 0) {
			size_t len;
			const char *s = fld(r, evcol[ind] - 1, &len);

			diag_warn(r->dl, r->name, (int)r->sc.f[evcol[ind] - 1].line,
			    evcol[ind], "evidence column '%.*s' has no column for "
			    "indicator '%s'; ignored", shown(len), s, r->cat->items[ind].id);
		}
	}
	free(evcol);
	free(valcol);
	return errors;
}

static void
row_wide(struct reader *r)
{
	int ent, year = 0;
	bool bad = false;

	ent = csvrow_begin(r, r->c_entity);
	if (ent < 0 && ent != ENT_OTHER_SHARD)
		return;
	bad = !csvrow_year_subject(r, ent, &year);
	csvrow_values(r, ent, -1, year, bad);
}

const struct layout csvwide_layout = {
	"wide", fits_wide, setup_wide, row_wide, NULL,
};
