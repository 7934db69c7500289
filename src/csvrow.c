/*
 * What the rows of every layout share: the entity of a row (kept from the
 * previous row while it is the same), its indicator, year, subject and
 * sector, and the checked values it holds.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvrow.h"
#include "economies.h"
#include "obscell.h"
#include "shard.h"
#include "value.h"
#include "strbuf.h"
#include "xalloc.h"

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

bool
csvrow_name_is(const char *s, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(s, want, len) == 0;
}

int
csvrow_find_col(const struct reader *r, const char *want)
{
	for (size_t i = 0; i < r->sc.nf; i++) {
		size_t len;
		const char *s = fld(r, (int)i, &len);

		if (csvrow_name_is(s, len, want))
			return (int)i;
	}
	return -1;
}

void
csvrow_add_vcol(struct reader *r, int col, int ind, int year)
{
	xgrow(&r->vcols, &r->vcap, r->nvcols + 1, sizeof(*r->vcols));
	r->vcols[r->nvcols++] = (struct vcol){ col, ind, year, -1 };
}

void
csvrow_warn_nameless(struct reader *r, int col)
{
	diag_warn(r->dl, r->name, (int)r->sc.f[col].line, col + 1,
	    "column %d has no name; its cells are ignored", col + 1);
}

void
csvrow_ignore(struct reader *r, enum ignore_reason why)
{
	obscell_ignore(r->info, why);
}

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

/*
 * The entity of the current row: its index, ENT_NOT_SELECTED,
 * ENT_AGGREGATE or ENT_OTHER_SHARD. Consecutive rows usually name the
 * same entity, so the previous answer is kept.
 */
static int
row_entity(struct reader *r, const char *s, size_t len, uint32_t line)
{
	int idx;

	if (r->ent_valid && len == r->ent_len && same_bytes(s, r->ent_id, len))
		return r->ent_idx;
	if (r->aggregates && is_aggregate(s, len)) {
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
csvrow_indicator(struct reader *r, const char *s, size_t len)
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

void
csvrow_note_unknown(struct reader *r, const char *s, size_t len, uint32_t line)
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

int
csvrow_year(struct reader *r, int c)
{
	size_t len;
	const char *s = fld(r, c, &len);
	int y = 0;

	if (len == 0) {
		diag_error(r->dl, r->name, (int)r->sc.f[c].line, c + 1, "missing year");
		return -1;
	}
	if (len == 4 && (unsigned)(s[0] - '0') < 10 && (unsigned)(s[1] - '0') < 10 &&
	    (unsigned)(s[2] - '0') < 10 && (unsigned)(s[3] - '0') < 10)
		y = ((s[0] - '0') * 10 + (s[1] - '0')) * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	else
		y = -1;
	if (y < 1900 || y > 2100) {
		diag_error(r->dl, r->name, (int)r->sc.f[c].line, c + 1,
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

int
csvrow_subject(struct reader *r, int ent, int csubj, int csect, enum subject fixed)
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
			diag_error(r->dl, r->name, (int)r->sc.f[csubj].line, csubj + 1,
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
		uint32_t line = csubj >= 0 ? r->sc.f[csubj].line : r->sc.rec_line;
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
		uint32_t line = r->sc.f[csect].line;

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

int
csvrow_value(struct reader *r, int c, int ind, const char *ent, struct obs *o)
{
	size_t len;
	const char *s = fld(r, c, &len);
	struct cellat at = { r->name, ent, r->sc.f[c].line, c, r->file };

	return obscell_value(r->store, r->cat, ind, s, len, &at, r->dl, o);
}

/*
 * Entity of a data row; < 0 when the row is not stored (counted or an
 * error), except ENT_OTHER_SHARD: a row of another shard's entity is
 * checked all the same, so that a malformed row fails every shard as it
 * fails the whole run; the caller counts it when it is well formed.
 * Checks that compare an entity's rows with each other (its subject,
 * its sector) are left to the entity's own shard.
 */
int
csvrow_begin(struct reader *r, int c)
{
	size_t len;
	const char *s = fld(r, c, &len);
	int ent;

	if (len == 0) {
		diag_error(r->dl, r->name, (int)r->sc.f[c].line, c + 1, "empty entity");
		return -1;
	}
	ent = row_entity(r, s, len, r->sc.rec_line);
	if (ent != ENT_NOT_SELECTED && ent != ENT_AGGREGATE)
		return ent;
	if (ent == ENT_NOT_SELECTED)
		csvrow_note_left_year(r);
	/*
	 * Left out whatever it holds; with --shard, counted by one shard
	 * only, so that the merged accounting is the whole run's.
	 */
	if (!shard_has(r->opts->shard_k, r->opts->shard_n, s, len))
		csvrow_ignore(r, IGN_OTHER_SHARD);
	else
		csvrow_ignore(r, ent == ENT_AGGREGATE ? IGN_AGGREGATE : IGN_ENTITY_NOT_SELECTED);
	return ent;
}

/* A year cell read without a word: the year, or 0. */
static int
quiet_year(const char *s, size_t len)
{
	int y = 0;

	if (len != 4)
		return 0;
	for (size_t i = 0; i < 4; i++) {
		if ((unsigned)(s[i] - '0') >= 10)
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	return y >= 1900 && y <= 2100 ? y : 0;
}

void
csvrow_note_left_year(struct reader *r)
{
	int rowyear = r->opts->data_year, y = 0;
	size_t len;
	const char *s;

	if (r->c_year >= 0) {
		s = fld(r, r->c_year, &len);
		rowyear = quiet_year(s, len);
	}
	if (r->c_value >= 0) {
		s = fld(r, r->c_value, &len);
		if (!value_is_missing(s, len))
			y = rowyear;
	}
	for (size_t k = 0; k < r->nvcols; k++) {
		int vy = r->vcols[k].year != 0 ? r->vcols[k].year : rowyear;

		s = fld(r, r->vcols[k].col, &len);
		if (vy > y && !value_is_missing(s, len))
			y = vy;
	}
	obs_note_left_year(r->store, r->file, y);
}

int
csvrow_indicator_at(struct reader *r, int ent, const char **s, size_t *len)
{
	int ind;

	*s = fld(r, r->c_ind, len);
	if (*len == 0) {
		diag_error(r->dl, r->name, (int)r->sc.f[r->c_ind].line, r->c_ind + 1,
		    "empty indicator");
		return -1;
	}
	ind = csvrow_indicator(r, *s, *len);
	if (ind < 0 && ent == ENT_OTHER_SHARD) {
		csvrow_ignore(r, IGN_OTHER_SHARD);
		return -1;
	}
	if (ind < 0) {
		csvrow_note_unknown(r, *s, *len, r->sc.rec_line);
		csvrow_ignore(r, IGN_UNKNOWN_INDICATOR);
		return -1;
	}
	return ind;
}

void
csvrow_values(struct reader *r, int ent, int ind, int year, bool bad)
{
	size_t stored = 0;

	for (size_t k = 0; k < r->nvcols; k++) {
		const struct vcol *vc = &r->vcols[k];
		int cind = vc->ind >= 0 ? vc->ind : ind;
		struct obs o;
		int rc = csvrow_value(r, vc->col, cind, csvrow_entity_id(r, ent),
		    ent == ENT_OTHER_SHARD ? NULL : &o);

		if (rc < 0)
			bad = true;
		if (rc > 0 && ent == ENT_OTHER_SHARD)
			obs_note_left_year(r->store, r->file, vc->year != 0 ? vc->year : year);
		if (rc <= 0 || bad || ent == ENT_OTHER_SHARD)
			continue;
		o.year = (int16_t)(vc->year != 0 ? vc->year : year);
		o.evidence = csvrow_evidence(r, vc->evcol);
		obs_add(r->store, ent, &o);
		stored++;
	}
	obscell_row(r->info, bad, ent == ENT_OTHER_SHARD, stored, IGN_NO_VALUES);
}
