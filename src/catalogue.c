/*
 * The indicator catalogue: lookup of indicators by id or alias. Loading from
 * YAML is at the end of this file.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "catalogue.h"
#include "strbuf.h"
#include "vocab.h"
#include "xalloc.h"

void
catalogue_init(struct catalogue *c)
{
	memset(c, 0, sizeof(*c));
	strtab_init(&c->names, true);
	strtab_init(&c->sector_ids, false);
}

void
catalogue_release(struct catalogue *c)
{
	free(c->items);
	free(c->name_to_ind);
	free(c->sectors);
	strtab_release(&c->names);
	strtab_release(&c->sector_ids);
	memset(c, 0, sizeof(*c));
}

int
catalogue_find_sector(const struct catalogue *c, const char *id, size_t len)
{
	return strtab_find(&c->sector_ids, id, len);
}

int
catalogue_add_sector(struct catalogue *c, const struct sector *s)
{
	size_t before = c->sector_ids.n;
	int k = strtab_intern(&c->sector_ids, s->id, strlen(s->id));

	if (c->sector_ids.n == before)
		return -1;
	xgrow(&c->sectors, &c->seccap, c->nsectors + 1, sizeof(*c->sectors));
	c->sectors[c->nsectors++] = *s;
	return k;
}

const char *
catalogue_suggest_sector(const struct catalogue *c, const char *id)
{
	const char *best = NULL;
	char *low;
	const char **ids;

	if (c->nsectors == 0)
		return NULL;
	/* A difference of case alone is the likeliest slip: it wins. */
	for (size_t i = 0; i < c->nsectors; i++)
		if (strcasecmp(c->sectors[i].id, id) == 0)
			return c->sectors[i].id;
	low = xstrdup(id);
	for (char *p = low; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	ids = xcalloc(c->nsectors, sizeof(*ids));
	for (size_t i = 0; i < c->nsectors; i++)
		ids[i] = c->sectors[i].id;
	best = diag_suggest(low, ids, c->nsectors);
	free(ids);
	free(low);
	return best;
}

int
catalogue_find(const struct catalogue *c, const char *name, size_t len)
{
	int k = strtab_find(&c->names, name, len);

	return k < 0 ? -1 : c->name_to_ind[k];
}

/*
 * Register name for indicator ind. Returns the indicator that already holds
 * the name, or -1 when it was free.
 */
int
catalogue_add_name(struct catalogue *c, const char *name, int ind)
{
	size_t before = c->names.n;
	int k = strtab_intern(&c->names, name, strlen(name));

	if (c->names.n == before)
		return c->name_to_ind[k];
	xgrow(&c->name_to_ind, &c->nnames_cap, c->names.n, sizeof(*c->name_to_ind));
	c->name_to_ind[k] = ind;
	return -1;
}

/* Append a copy of ind (strings are not copied); returns its number. */
int
catalogue_append(struct catalogue *c, const struct indicator *ind)
{
	xgrow(&c->items, &c->cap, c->n + 1, sizeof(*c->items));
	c->items[c->n] = *ind;
	return (int)c->n++;
}

const char *
catalogue_suggest(const struct catalogue *c, const char *name)
{
	const char **ids = xcalloc(c->n, sizeof(*ids));
	const char *best;

	for (size_t i = 0; i < c->n; i++)
		ids[i] = c->items[i].id;
	best = diag_suggest(name, ids, c->n);
	free(ids);
	return best;
}

/* ---- reported values ---- */

enum value_check
indicator_parse_value(const struct indicator *it, const char *s, size_t len,
    struct value *v)
{
	bool b;

	if (value_is_missing(s, len))
		return VC_MISSING;
	switch (it->type) {
	case IT_NUMBER:
	case IT_PERCENT:
	case IT_COUNT:
		v->kind = V_NUM;
		switch (value_parse_number(s, len, it->type == IT_PERCENT, &v->num)) {
		case NUM_OK:
			break;
		case NUM_THOUSANDS:
			return VC_THOUSANDS;
		case NUM_PERCENT:
			return VC_PERCENT;
		case NUM_RANGE:
			return VC_TOO_LARGE;
		default:
			return VC_NOT_NUMBER;
		}
		if (it->type == IT_COUNT && (v->num < 0 || v->num != floor(v->num)))
			return VC_NOT_COUNT;
		if (it->has_range && (v->num < it->min || v->num > it->max))
			return VC_OUT_OF_RANGE;
		return VC_OK;
	case IT_BOOLEAN:
		if (value_parse_bool(s, len, &b) < 0)
			return VC_NOT_BOOL;
		v->kind = V_BOOL;
		v->b = b;
		return VC_OK;
	default:
		v->kind = V_TEXT;
		v->text = s;
		return VC_OK;
	}
}

/* Bytes of a reported text quoted in a message. */
#define QUOTE_MAX 200

void
indicator_value_message(struct strbuf *sb, const struct indicator *it,
    enum value_check vc, const char *s, size_t len, const struct value *v,
    const char *entity)
{
	char lo[32], hi[32], num[32];
	int shown = len > QUOTE_MAX ? QUOTE_MAX : (int)len;

	/* Never cut inside a character. */
	while (shown > 0 && (size_t)shown < len && ((unsigned char)s[shown] & 0xC0) == 0x80)
		shown--;
	switch (vc) {
	case VC_OK:
	case VC_MISSING:
		return;
	case VC_OUT_OF_RANGE:
		value_format_num(v->num, num, sizeof(num));
		value_format_num(it->min, lo, sizeof(lo));
		value_format_num(it->max, hi, sizeof(hi));
		strbuf_addf(sb, "value %s is outside the range [%s, %s] of indicator '%s'",
		    num, lo, hi, it->id);
		break;
	case VC_TOO_LARGE:
		strbuf_addf(sb, "'%.*s' is out of range for indicator '%s'", shown, s, it->id);
		break;
	case VC_NOT_COUNT:
		strbuf_addf(sb, "'%.*s' is not a count for indicator '%s'", shown, s, it->id);
		break;
	case VC_NOT_BOOL:
		strbuf_addf(sb, "'%.*s' is not yes/no/true/false for indicator '%s'", shown,
		    s, it->id);
		break;
	default:
		strbuf_addf(sb, "'%.*s' is not a number for indicator '%s'", shown, s, it->id);
		break;
	}
	if (entity != NULL)
		strbuf_addf(sb, " (entity '%s')", entity);
	switch (vc) {
	case VC_THOUSANDS:
		strbuf_adds(sb, "; write numbers without thousands separators and with "
		    "'.' as the decimal point");
		break;
	case VC_PERCENT:
		strbuf_adds(sb, "; '%' is only allowed for percent indicators");
		break;
	case VC_TOO_LARGE:
		strbuf_adds(sb, ": the largest number is about 1.8e308");
		break;
	case VC_NOT_COUNT:
		strbuf_adds(sb, ": count must be a whole number ≥ 0");
		break;
	default:
		break;
	}
}

/* ---- loading from indicators.yaml ---- */

static const char *const ind_keys[] = {
	"id", "title", "unit", "type", "range", "better", "aliases", "source", NULL,
};
static const char *const ind_required[] = { "id", "title", "unit", "type", NULL };

bool
catalogue_id_valid(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return false;
	for (s++; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-'))
			return false;
	return true;
}

/* Parse one optional string field into a copy in a; NULL when absent. */
static int
opt_string(const struct ynode *entry, const char *key, const char *what,
    const char *file, struct diaglist *dl, struct arena *a, const char **out)
{
	const struct ynode *v = ynode_get(entry, key);
	const char *s;

	*out = NULL;
	if (v == NULL)
		return 0;
	if (ynode_string(v, what, file, dl, &s) < 0)
		return 1;
	*out = arena_strdup(a, s);
	return 0;
}

/* Register name for indicator ind; a conflict names the earlier holder. */
static int
add_name(struct catalogue *c, const char *name, int ind, const char *what,
    const struct ynode *at, const char *file, struct diaglist *dl)
{
	int prev = catalogue_add_name(c, name, ind);
	const struct indicator *p;

	if (prev < 0)
		return 0;
	p = &c->items[prev];
	diag_error(dl, file, at->line, at->col,
	    "%s '%s' is already used by indicator '%s' at %s:%d:%d", what, name,
	    p->id, p->file, p->line, p->col);
	return 1;
}

static int
load_indicator(struct catalogue *c, struct arena *a, const struct ynode *e,
    const char *file, struct diaglist *dl)
{
	struct indicator ind;
	const struct ynode *v, *idn;
	const char *s;
	int errs, num;

	memset(&ind, 0, sizeof(ind));
	ind.file = file;
	ind.line = e->line;
	ind.col = e->col;
	errs = ynode_check_keys(e, "an indicator", ind_keys, ind_required, file, dl);
	if (e->kind != YN_MAP)
		return errs;
	idn = ynode_get(e, "id");
	if (idn != NULL) {
		if (ynode_string(idn, "'id'", file, dl, &s) < 0) {
			errs++;
		} else if (!catalogue_id_valid(s)) {
			diag_error(dl, file, idn->line, idn->col,
			    "indicator id '%s' must start with a letter and hold only "
			    "letters, digits, '_', '.' and '-'", s);
			errs++;
		} else {
			ind.id = arena_strdup(a, s);
		}
	}
	errs += opt_string(e, "title", "'title'", file, dl, a, &ind.title);
	errs += opt_string(e, "unit", "'unit'", file, dl, a, &ind.unit);
	errs += opt_string(e, "source", "'source'", file, dl, a, &ind.source);
	if ((v = ynode_get(e, "type")) != NULL) {
		if (ynode_string(v, "'type'", file, dl, &s) < 0) {
			errs++;
		} else if ((num = vocab_index(ind_type_names, s)) < 0) {
			const char *hint = diag_suggest(s, ind_type_names, 5);

			if (hint != NULL)
				diag_error(dl, file, v->line, v->col,
				    "unknown indicator type '%s'; did you mean '%s'?", s, hint);
			else
				diag_error(dl, file, v->line, v->col,
				    "unknown indicator type '%s' (use number, percent, count, "
				    "boolean or text)", s);
			errs++;
		} else {
			ind.type = (enum ind_type)num;
		}
	}
	if ((v = ynode_get(e, "range")) != NULL) {
		if (v->kind != YN_SEQ || v->n != 2) {
			diag_error(dl, file, v->line, v->col,
			    "'range' must be a list of two numbers [min, max]");
			errs++;
		} else if (ynode_number(v->items[0], "'range' minimum", file, dl, &ind.min) < 0 ||
		    ynode_number(v->items[1], "'range' maximum", file, dl, &ind.max) < 0) {
			errs++;
		} else if (ind.min > ind.max) {
			diag_error(dl, file, v->line, v->col,
			    "'range' minimum is greater than its maximum");
			errs++;
		} else {
			ind.has_range = true;
			if (ind.type == IT_BOOLEAN || ind.type == IT_TEXT) {
				diag_error(dl, file, v->line, v->col,
				    "'range' does not fit %s indicator '%s'",
				    ind_type_names[ind.type], ind.id ? ind.id : "");
				errs++;
			}
		}
	}
	if ((v = ynode_get(e, "better")) != NULL) {
		if (ynode_string(v, "'better'", file, dl, &s) < 0) {
			errs++;
		} else if (strcmp(s, "higher") == 0) {
			ind.better = BETTER_HIGHER;
		} else if (strcmp(s, "lower") == 0) {
			ind.better = BETTER_LOWER;
		} else {
			diag_error(dl, file, v->line, v->col,
			    "'better' must be 'higher' or 'lower', not '%s'", s);
			errs++;
		}
	}
	if ((v = ynode_get(e, "aliases")) != NULL &&
	    ynode_strlist(v, "'aliases'", file, dl, a, &ind.aliases, &ind.naliases) < 0)
		errs++;
	/*
	 * An indicator without a usable id cannot be referred to; leave it out
	 * so that later messages do not pile up on it.
	 */
	if (ind.id == NULL)
		return errs;
	if (add_name(c, ind.id, (int)c->n, "indicator id", idn, file, dl) > 0)
		return errs + 1;
	num = catalogue_append(c, &ind);
	for (size_t i = 0; i < ind.naliases; i++) {
		const struct ynode *at = v->kind == YN_SEQ ? v->items[i] : v;

		errs += add_name(c, ind.aliases[i], num, "alias", at, file, dl);
	}
	return errs;
}

/* One entry of the "sectors:" list: an id and a title. */
static int
load_sector(struct catalogue *c, struct arena *a, const struct ynode *e,
    const char *file, struct diaglist *dl)
{
	static const char *const keys[] = { "id", "title", NULL };
	const struct ynode *v;
	struct sector sec = { .file = file, .line = e->line, .col = e->col };
	const char *s;
	int errs;

	errs = ynode_check_keys(e, "a sector", keys, keys, file, dl);
	if (e->kind != YN_MAP)
		return errs;
	if ((v = ynode_get(e, "title")) != NULL) {
		if (ynode_string(v, "'title'", file, dl, &s) < 0)
			errs++;
		else
			sec.title = arena_strdup(a, s);
	}
	if ((v = ynode_get(e, "id")) == NULL)
		return errs;
	if (ynode_string(v, "'id'", file, dl, &s) < 0)
		return errs + 1;
	if (!catalogue_id_valid(s)) {
		diag_error(dl, file, v->line, v->col, "invalid sector id '%s': ids start "
		    "with a letter and hold letters, digits, '_', '.' and '-'", s);
		return errs + 1;
	}
	sec.id = arena_strdup(a, s);
	sec.line = v->line;
	sec.col = v->col;
	if (errs == 0 && catalogue_add_sector(c, &sec) < 0) {
		int k = catalogue_find_sector(c, s, strlen(s));

		diag_error(dl, file, v->line, v->col, "duplicate sector '%s' (first at line %d)",
		    s, c->sectors[k].line);
		errs++;
	}
	return errs;
}

int
catalogue_load(struct catalogue *c, struct arena *a, const struct ydoc *doc,
    struct diaglist *dl)
{
	static const char *const keys[] = { "indicators", "sectors", NULL };
	static const char *const req[] = { "indicators", NULL };
	const char *file = arena_strdup(a, doc->file ? doc->file : "");
	const struct ynode *list;
	int errs;

	if (doc->root == NULL) {
		diag_error(dl, file, 1, 1, "missing required key 'indicators'");
		return 1;
	}
	errs = ynode_check_keys(doc->root, "the catalogue", keys, req, file, dl);
	if (doc->root->kind != YN_MAP)
		return errs;
	if ((list = ynode_get(doc->root, "indicators")) != NULL && list->kind != YN_SEQ) {
		diag_error(dl, file, list->line, list->col, "'indicators' must be a list");
		errs++;
	} else if (list != NULL) {
		for (size_t i = 0; i < list->n; i++)
			errs += load_indicator(c, a, list->items[i], file, dl);
	}
	if ((list = ynode_get(doc->root, "sectors")) != NULL) {
		c->declared = true;
		if (list->kind != YN_SEQ) {
			diag_error(dl, file, list->line, list->col, "'sectors' must be a list");
			errs++;
		} else {
			for (size_t i = 0; i < list->n; i++)
				errs += load_sector(c, a, list->items[i], file, dl);
		}
	}
	return errs;
}
