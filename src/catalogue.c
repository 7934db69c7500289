/*
 * The indicator catalogue: lookup of indicators by id or alias. Loading from
 * YAML is at the end of this file.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "catalogue.h"
#include "strbuf.h"
#include "vocab.h"
#include "xalloc.h"
#include "yamlfields.h"

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

/* Register name for indicator ind; a conflict names the earlier holder. */
static int
add_name(struct yread *rd, struct catalogue *c, const char *name, int ind,
    const char *what, const struct ynode *at)
{
	int prev = catalogue_add_name(c, name, ind);
	const struct indicator *p;

	if (prev < 0)
		return 0;
	p = &c->items[prev];
	yread_error(rd, at, "%s '%s' is already used by indicator '%s' at %s:%d:%d",
	    what, name, p->id, p->file, p->line, p->col);
	return -1;
}

int
catalogue_check_id(struct yread *rd, const struct ynode *v, const char *s,
    const char *what)
{
	if (catalogue_id_valid(s))
		return 0;
	yread_error(rd, v, "%s '%s' must start with a letter and hold only "
	    "letters, digits, '_', '.' and '-'", what, s);
	return -1;
}

static int
check_indicator_id(struct yread *rd, const struct ynode *v, const void *val)
{
	return catalogue_check_id(rd, v, *(const char *const *)val, "indicator id");
}

static void
parse_type(struct yread *rd, const struct ynode *v, void *rec)
{
	struct indicator *ind = rec;
	const char *s, *hint;
	int num;

	if (yread_string(rd, v, "'type'", &s) < 0)
		return;
	if ((num = vocab_index(ind_type_names, s)) >= 0) {
		ind->type = (enum ind_type)num;
		return;
	}
	if ((hint = diag_suggest(s, ind_type_names, 5)) != NULL)
		yread_unknown(rd, v, "indicator type", s, hint);
	else
		yread_error(rd, v, "unknown indicator type '%s' (use number, "
		    "percent, count, boolean or text)", s);
}

/* Read after 'type': a range fits only numeric types. */
static void
parse_range(struct yread *rd, const struct ynode *v, void *rec)
{
	struct indicator *ind = rec;

	if (v->kind != YN_SEQ || v->n != 2) {
		yread_error(rd, v, "'range' must be a list of two numbers "
		    "[min, max]");
		return;
	}
	if (yread_number(rd, v->items[0], "'range' minimum", &ind->min) < 0 ||
	    yread_number(rd, v->items[1], "'range' maximum", &ind->max) < 0)
		return;
	if (ind->min > ind->max) {
		yread_error(rd, v, "'range' minimum is greater than its maximum");
		return;
	}
	ind->has_range = true;
	if (ind->type == IT_BOOLEAN || ind->type == IT_TEXT)
		yread_error(rd, v, "'range' does not fit %s indicator '%s'",
		    ind_type_names[ind->type], ind->id ? ind->id : "");
}

static void
parse_better(struct yread *rd, const struct ynode *v, void *rec)
{
	struct indicator *ind = rec;
	const char *s;

	if (yread_string(rd, v, "'better'", &s) < 0)
		return;
	if (strcmp(s, "higher") == 0)
		ind->better = BETTER_HIGHER;
	else if (strcmp(s, "lower") == 0)
		ind->better = BETTER_LOWER;
	else
		yread_error(rd, v, "'better' must be 'higher' or 'lower', not '%s'",
		    s);
}

int
catalogue_check_break_factor(struct yread *rd, const struct ynode *v, const void *val)
{
	double f = *(const double *)val;

	if (f > 1 && f <= 1e6)
		return 0;
	yread_error(rd, v, "'break_factor' must be a number above 1 and at most 1000000 "
	    "(a change beyond that factor, up or down, is a break in the series)");
	return -1;
}

static const struct yfield indicator_rows[] = {
	{ "id", YF_STRING, YF_REQUIRED, .off = offsetof(struct indicator, id),
	    .check = check_indicator_id },
	{ "title", YF_STRING, YF_REQUIRED, .off = offsetof(struct indicator, title) },
	{ "unit", YF_STRING, YF_REQUIRED, .off = offsetof(struct indicator, unit) },
	{ "type", YF_CUSTOM, YF_REQUIRED | YF_LATE, .parse = parse_type },
	{ "range", YF_CUSTOM, YF_LATE, .parse = parse_range },
	{ "better", YF_CUSTOM, YF_LATE, .parse = parse_better },
	{ "aliases", YF_STRLIST, YF_LATE, .off = offsetof(struct indicator, aliases),
	    .count_off = offsetof(struct indicator, naliases) },
	{ "source", YF_STRING, 0, .off = offsetof(struct indicator, source) },
	{ "source_name", YF_STRING, 0, .off = offsetof(struct indicator, source_name) },
	{ "max_age", YF_INT, 0, .off = offsetof(struct indicator, max_age),
	    .min = 0, .max = 1000 },
	{ "break_factor", YF_NUMBER, 0, .off = offsetof(struct indicator, break_factor),
	    .check = catalogue_check_break_factor },
	{ "decimals", YF_INT, 0, .off = offsetof(struct indicator, decimals),
	    .min = 0, .max = 6 },
};
static const struct yfields indicator_fields = YFIELDS(indicator_rows);

static void
load_indicator(struct yread *rd, struct catalogue *c, const struct ynode *e)
{
	const struct ynode *aliases;
	struct indicator ind;
	int num;

	memset(&ind, 0, sizeof(ind));
	ind.max_age = -1;
	ind.decimals = -1;
	ind.file = rd->file;
	ind.line = e->line;
	ind.col = e->col;
	if (yfields_read(rd, &indicator_fields, "an indicator", e, &ind) < 0)
		return;
	/*
	 * An indicator without a usable id cannot be referred to; leave it out
	 * so that later messages do not pile up on it.
	 */
	if (ind.id == NULL || add_name(rd, c, ind.id, (int)c->n, "indicator id",
	    ynode_get(e, "id")) < 0)
		return;
	num = catalogue_append(c, &ind);
	aliases = ynode_get(e, "aliases");
	for (size_t i = 0; i < ind.naliases; i++)
		(void)add_name(rd, c, ind.aliases[i], num, "alias",
		    aliases->kind == YN_SEQ ? aliases->items[i] : aliases);
}

static void
parse_sector_id(struct yread *rd, const struct ynode *v, void *rec)
{
	struct sector *sec = rec;
	const char *s;

	if (yread_string(rd, v, "'id'", &s) < 0)
		return;
	if (!catalogue_id_valid(s)) {
		yread_error(rd, v, "invalid sector id '%s': ids start with a letter "
		    "and hold letters, digits, '_', '.' and '-'", s);
		return;
	}
	sec->id = arena_strdup(rd->arena, s);
	sec->line = v->line;
	sec->col = v->col;
}

static const struct yfield sector_rows[] = {
	{ "id", YF_CUSTOM, YF_REQUIRED | YF_LATE, .parse = parse_sector_id },
	{ "title", YF_STRING, YF_REQUIRED, .off = offsetof(struct sector, title) },
};
static const struct yfields sector_fields = YFIELDS(sector_rows);

/* One entry of the "sectors:" list: an id and a title. */
static void
load_sector(struct yread *rd, struct catalogue *c, const struct ynode *e)
{
	struct sector sec = { .file = rd->file, .line = e->line, .col = e->col };
	int before = rd->errs;

	/* An entry with any problem is left out, like an indicator without id. */
	if (yfields_read(rd, &sector_fields, "a sector", e, &sec) < 0 ||
	    sec.id == NULL || rd->errs > before)
		return;
	if (catalogue_add_sector(c, &sec) < 0)
		yread_error(rd, ynode_get(e, "id"), "duplicate sector '%s' (first at "
		    "line %d)", sec.id, c->sectors[catalogue_find_sector(c, sec.id,
		    strlen(sec.id))].line);
}

static void
parse_indicators(struct yread *rd, const struct ynode *v, void *rec)
{
	if (yread_list(rd, v, "'indicators'") < 0)
		return;
	for (size_t i = 0; i < v->n; i++)
		load_indicator(rd, rec, v->items[i]);
}

static void
parse_sectors(struct yread *rd, const struct ynode *v, void *rec)
{
	struct catalogue *c = rec;

	c->declared = true;
	if (yread_list(rd, v, "'sectors'") < 0)
		return;
	for (size_t i = 0; i < v->n; i++)
		load_sector(rd, c, v->items[i]);
}

static const struct yfield catalogue_rows[] = {
	{ "indicators", YF_CUSTOM, YF_REQUIRED, .parse = parse_indicators },
	{ "sectors", YF_CUSTOM, 0, .parse = parse_sectors },
};
static const struct yfields catalogue_fields = YFIELDS(catalogue_rows);

int
catalogue_load(struct catalogue *c, struct arena *a, const struct ydoc *doc,
    struct diaglist *dl)
{
	struct yread rd = { NULL, dl, a, NULL, 0 };

	rd.file = arena_strdup(a, doc->file ? doc->file : "");
	if (doc->root == NULL) {
		diag_error(dl, rd.file, 1, 1, "missing required key 'indicators'");
		return 1;
	}
	(void)yfields_read(&rd, &catalogue_fields, "the catalogue", doc->root, c);
	return rd.errs;
}

bool
indicator_name_fits(const struct indicator *it, const char *name, size_t len)
{
	size_t n;

	if (it->source_name == NULL || len == 0)
		return true;
	n = strlen(it->source_name);
	for (size_t i = 0; i + n <= len; i++)
		if (strncasecmp(name + i, it->source_name, n) == 0)
			return true;
	return false;
}

void
indicator_guard_message(struct strbuf *sb, const struct indicator *it,
    const char *code, const char *name, size_t rows)
{
	strbuf_addf(sb, "series '%s' is named '%s' here, but indicator '%s' is in "
	    "'%s' and needs a series name with '%s': %zu row%s not used",
	    code, name, it->id, it->unit, it->source_name, rows,
	    rows == 1 ? "" : "s");
}

void
indicator_guard_warn(struct diaglist *dl, const char *file,
    const struct catalogue *c, const char *key, char sep, size_t rows,
    uint32_t line, int col)
{
	const char *end = strchr(key, sep);
	char *code = xstrndup(key, (size_t)(end - key));
	struct strbuf sb;

	strbuf_init(&sb);
	indicator_guard_message(&sb, &c->items[catalogue_find(c, code, strlen(code))],
	    code, end + 1, rows);
	strbuf_addf(&sb, " (first at line %u)", (unsigned)line);
	diag_warn(dl, file, (int)line, col, "%s", sb.buf);
	strbuf_release(&sb);
	free(code);
}
