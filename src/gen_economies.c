/*
 * Build-time generator of the economy tables (economies_table.h): reads ISO
 * 3166-1 and 3166-3 from Debian's iso-codes and the cut-down World Bank,
 * UNCTADstat and LPI lists in data/economies, joins them, and writes C.
 * Usage: gen-economies ISO-CODES-JSON-DIR DATA-DIR > economies_table.c
 * Anything it cannot place (a code of one source that no other explains,
 * two economies behind one name) stops the build with a message: the
 * tables never guess.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "economies.h"
#include "economies_key.h"

/*
 * Codes and names come in tiers: a code or name of a lower tier never
 * displaces one of a higher tier (an alpha-2 code that ISO 3166-3 withdrew
 * and later gave to another country means the country of today).
 */
enum tier {
	TIER_ISO,               /* ISO 3166-1 */
	TIER_WB,                /* the World Bank's current codes */
	TIER_FORMER,            /* ISO 3166-3 */
	TIER_LEGACY             /* older World Bank codes, UNCTADstat's */
};

struct entry {
	char *code;
	char *name;
	int kind;
	int numeric;            /* ISO 3166 numeric, -1 if none */
};

struct code {
	char *text;
	int entry;              /* -1: two entries of one tier claim it */
	int tier;
};

struct name {
	char *key;
	int entry;
	bool derived;           /* the other way round of a name with a comma */
	size_t seq;
};

static struct entry *entries;
static size_t nentries, centries;
static struct code *codes;
static size_t ncodes, ccodes;
struct number {
	int num;
	int entry;              /* as in struct code */
	int tier;
};

static struct number *numbers;
static size_t nnumbers, cnumbers;
static struct name *names;
static size_t nnames, cnames;
static const char *progname = "gen-economies";
static const char *where;       /* the file being read, for messages */

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	if (where != NULL)
		fprintf(stderr, "%s: ", where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	*cap = *cap ? *cap * 2 : 64;
	if (*cap < need)
		*cap = need;
	p = realloc(p, *cap * size);
	if (p == NULL)
		die("out of memory");
	return p;
}

static char *
dup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		die("out of memory");
	return d;
}

static int
new_entry(const char *code, const char *name, int kind, int numeric)
{
	entries = grow(entries, &centries, nentries + 1, sizeof(*entries));
	entries[nentries] = (struct entry){ dup(code), dup(name), kind, numeric };
	return (int)nentries++;
}

static const char *const kind_names[] = {
	[ECON_ECONOMY] = "economy", [ECON_FORMER] = "former economy",
	[ECON_AGGREGATE] = "aggregate",
};

/* ---- codes ---- */

static struct code *
find_code_slot(const char *text)
{
	for (size_t i = 0; i < ncodes; i++)
		if (strcmp(codes[i].text, text) == 0)
			return &codes[i];
	return NULL;
}

/* The entry of a letter code, or -1. */
static int
find_code(const char *text)
{
	struct code *c = find_code_slot(text);

	return c != NULL ? c->entry : -1;
}

static void
add_code(const char *text, int entry, int tier)
{
	struct code *c;

	if (text[0] == '\0')
		return;
	c = find_code_slot(text);
	if (c == NULL) {
		codes = grow(codes, &ccodes, ncodes + 1, sizeof(*codes));
		codes[ncodes++] = (struct code){ dup(text), entry, tier };
		return;
	}
	if (c->entry == entry)
		return;
	/* ISO 3166-1 and the World Bank must agree on today's codes. */
	if (c->tier <= TIER_WB && tier <= TIER_WB)
		die("code '%s' is both %s and %s", text,
		    entries[c->entry].code, entries[entry].code);
	if (c->tier < tier)
		return;
	if (c->tier > tier) {
		c->entry = entry;
		c->tier = tier;
		return;
	}
	/*
	 * One tier below today's, two entries: ISO 3166-3 gave "CS" to
	 * Czechoslovakia and to Serbia and Montenegro. Such a code is
	 * ambiguous and not read at all.
	 */
	c->entry = -1;
}

static struct number *
find_number_slot(int num)
{
	for (size_t i = 0; i < nnumbers; i++)
		if (numbers[i].num == num)
			return &numbers[i];
	return NULL;
}

static int
find_number(int num)
{
	struct number *c = find_number_slot(num);

	return c != NULL ? c->entry : -1;
}

static void
add_number(int num, int entry, int tier)
{
	struct number *c;

	if (num < 0)
		return;
	c = find_number_slot(num);
	if (c == NULL) {
		numbers = grow(numbers, &cnumbers, nnumbers + 1, sizeof(*numbers));
		numbers[nnumbers++] = (struct number){ num, entry, tier };
		return;
	}
	if (c->entry == entry)
		return;
	if (c->tier == TIER_ISO && tier == TIER_ISO)
		die("numeric code %03d is both %s and %s", num,
		    entries[c->entry].code, entries[entry].code);
	if (c->tier < tier)
		return;
	if (c->tier > tier) {
		c->entry = entry;
		c->tier = tier;
		return;
	}
	c->entry = -1;
}

/* ---- names ---- */

static bool
make_key(const char *text, char *key)
{
	int n = econ_key(text, strlen(text), key);

	if (n < 0)
		die("name '%s' is not valid text or too long", text);
	return n > 0;
}

static void
add_key(const char *key, int entry, bool derived)
{
	static size_t seq;

	for (size_t i = 0; i < nnames; i++)
		if (names[i].entry == entry && strcmp(names[i].key, key) == 0) {
			if (!derived)
				names[i].derived = false;
			return;
		}
	names = grow(names, &cnames, nnames + 1, sizeof(*names));
	names[nnames++] = (struct name){ dup(key), entry, derived, seq++ };
}

/*
 * Adds a name, and for a name with one comma its other order, which is
 * how the sources differ most: the World Bank's "Hong Kong SAR, China" is
 * UNCTAD's "China, Hong Kong SAR", ISO's "Korea, Republic of" UNCTAD's
 * "Republic of Korea".
 */
static void
add_name(const char *text, int entry)
{
	char key[ECON_KEY_MAX + 1];
	const char *comma;

	if (text[0] == '\0')
		return;
	if (make_key(text, key))
		add_key(key, entry, false);
	comma = strchr(text, ',');
	if (comma != NULL && strchr(comma + 1, ',') == NULL) {
		char other[2 * ECON_TEXT_MAX + 2];

		snprintf(other, sizeof(other), "%s %.*s", comma + 1,
		    (int)(comma - text), text);
		if (make_key(other, key))
			add_key(key, entry, true);
	}
}

/*
 * The entry a name's key stands for, as the final table will have it:
 * names given by a source come before derived ones; -1 when there is none
 * or it is ambiguous (two entries, not all aggregates).
 */
static int
lookup_key(const char *key, bool report)
{
	bool given = false, ambiguous = false;
	int best = -1, other = -1;
	size_t seq = 0;

	for (size_t i = 0; i < nnames; i++)
		if (!names[i].derived && strcmp(names[i].key, key) == 0)
			given = true;
	for (size_t i = 0; i < nnames; i++) {
		struct name *n = &names[i];

		if ((given && n->derived) || strcmp(n->key, key) != 0)
			continue;
		if (best < 0) {
			best = n->entry;
			seq = n->seq;
		} else if (n->entry != best) {
			if (entries[best].kind == ECON_AGGREGATE &&
			    entries[n->entry].kind == ECON_AGGREGATE) {
				/* Regions of two sources under one name: the first. */
				if (n->seq < seq) {
					best = n->entry;
					seq = n->seq;
				}
			} else {
				ambiguous = true;
				other = n->entry;
			}
		}
	}
	if (ambiguous && report && given)
		die("name key '%s' is both %s (%s) and %s (%s)", key,
		    entries[best].code, kind_names[entries[best].kind],
		    entries[other].code, kind_names[entries[other].kind]);
	return ambiguous ? -1 : best;
}

static int
find_name(const char *text)
{
	char key[ECON_KEY_MAX + 1];

	if (!make_key(text, key))
		return -1;
	return lookup_key(key, false);
}

/* ---- reading the tab-separated lists ---- */

struct tsv {
	FILE *fp;
	char *line;
	size_t cap;
	long lineno;
	bool header;            /* the header line has been read */
	char *field[16];
	size_t nfields;
	size_t ncols;
};

static void
tsv_open(struct tsv *t, const char *dir, const char *file, size_t ncols)
{
	char path[4096];

	memset(t, 0, sizeof(*t));
	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		die("path too long: %s", file);
	t->fp = fopen(path, "r");
	if (t->fp == NULL)
		die("cannot open '%s': %s", path, strerror(errno));
	t->ncols = ncols;
	where = file;
}

/*
 * The next record, split at tabs, with at least the columns asked for.
 * Lines starting with '#' are comments; the first other line is the
 * header.
 */
static bool
tsv_next(struct tsv *t)
{
	ssize_t n;

	while ((n = getline(&t->line, &t->cap, t->fp)) >= 0) {
		char *p = t->line;

		t->lineno++;
		if (n > 0 && p[n - 1] == '\n')
			p[--n] = '\0';
		if (p[0] == '#' || p[0] == '\0')
			continue;
		if (!t->header) {
			t->header = true;
			continue;
		}
		t->nfields = 0;
		for (;;) {
			char *tab = strchr(p, '\t');

			if (t->nfields == sizeof(t->field) / sizeof(t->field[0]))
				die("line %ld: too many fields", t->lineno);
			t->field[t->nfields++] = p;
			if (tab == NULL)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (t->nfields < t->ncols)
			die("line %ld: %zu fields, not %zu", t->lineno, t->nfields, t->ncols);
		return true;
	}
	if (ferror(t->fp))
		die("read error");
	return false;
}

static void
tsv_close(struct tsv *t)
{
	fclose(t->fp);
	free(t->line);
	where = NULL;
}

/* ---- the sources ---- */

static const char *
json_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_t *
load_json(const char *dir, const char *file, const char *array)
{
	char path[4096];
	json_error_t err;
	json_t *root, *list;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	root = json_load_file(path, 0, &err);
	if (root == NULL)
		die("cannot read '%s': line %d: %s", path, err.line, err.text);
	list = json_object_get(root, array);
	if (!json_is_array(list))
		die("'%s' has no array '%s'", path, array);
	json_incref(list);
	json_decref(root);
	return list;
}

static int
parse_numeric(const char *s)
{
	char *end;
	long v;

	if (s == NULL || s[0] == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < 0 || v > 9999)
		die("bad numeric code '%s'", s);
	return (int)v;
}

static void
read_iso_current(const char *dir)
{
	json_t *list = load_json(dir, "iso_3166-1.json", "3166-1");
	size_t i;
	json_t *o;

	json_array_foreach(list, i, o) {
		const char *a3 = json_str(o, "alpha_3"), *a2 = json_str(o, "alpha_2");
		const char *name = json_str(o, "name"), *common = json_str(o, "common_name");
		const char *official = json_str(o, "official_name");
		int num = parse_numeric(json_str(o, "numeric")), e;

		if (a3 == NULL || a2 == NULL || name == NULL)
			die("iso_3166-1.json: an entry without alpha_3, alpha_2 or name");
		e = new_entry(a3, common != NULL ? common : name, ECON_ECONOMY, num);
		add_code(a3, e, TIER_ISO);
		add_code(a2, e, TIER_ISO);
		add_number(num, e, TIER_ISO);
		add_name(name, e);
		if (common != NULL)
			add_name(common, e);
		if (official != NULL)
			add_name(official, e);
	}
	json_decref(list);
}

/*
 * One World Bank economy list: code, alpha2, wb2, aggregate, short, table,
 * long. The first list read (the newest) gives the display names.
 */
static void
read_wb(const char *dir, const char *file, bool names_from_it)
{
	struct tsv t;

	tsv_open(&t, dir, file, 7);
	while (tsv_next(&t)) {
		char **f = t.field;
		int kind = strcmp(f[3], "1") == 0 ? ECON_AGGREGATE : ECON_ECONOMY;
		int e = find_code(f[0]);

		if (e < 0)
			e = new_entry(f[0], f[5], kind, -1);
		else if (entries[e].kind != kind)
			die("line %ld: '%s' is an %s here, else an %s", t.lineno, f[0],
			    kind_names[kind], kind_names[entries[e].kind]);
		if (names_from_it) {
			free(entries[e].name);
			entries[e].name = dup(f[5]);
		}
		add_code(f[0], e, TIER_WB);
		add_code(f[1], e, TIER_WB);
		add_code(f[2], e, TIER_LEGACY);
		add_name(f[4], e);
		add_name(f[5], e);
		add_name(f[6], e);
	}
	tsv_close(&t);
}

static void
read_wb_metadata(const char *dir)
{
	struct tsv t;

	tsv_open(&t, dir, "wb-metadata-country.tsv", 3);
	while (tsv_next(&t)) {
		int e = find_code(t.field[0]);
		int kind = strcmp(t.field[1], "1") == 0 ? ECON_AGGREGATE : ECON_ECONOMY;

		if (e < 0 || entries[e].kind != kind)
			die("line %ld: '%s' is not an %s of the economy lists",
			    t.lineno, t.field[0], kind_names[kind]);
		add_name(t.field[2], e);
	}
	tsv_close(&t);
}

/*
 * The exceptions kept by hand (exceptions.tsv: kind, code, name, where it
 * is attested). Aggregates and former economies are read before the lists
 * that use them, names after every list.
 */
static void
read_exceptions(const char *dir, bool names_pass)
{
	struct tsv t;

	tsv_open(&t, dir, "exceptions.tsv", 4);
	while (tsv_next(&t)) {
		char **f = t.field;
		int e;

		if (strcmp(f[0], "name") == 0) {
			if (!names_pass)
				continue;
			e = find_code(f[1]);
			if (e < 0)
				die("line %ld: unknown code '%s'", t.lineno, f[1]);
			add_name(f[2], e);
		} else if (strcmp(f[0], "aggregate") == 0 || strcmp(f[0], "former") == 0) {
			bool num = strspn(f[1], "0123456789") == strlen(f[1]);

			if (names_pass)
				continue;
			if ((num ? find_number(atoi(f[1])) : find_code(f[1])) >= 0)
				die("line %ld: '%s' is known already", t.lineno, f[1]);
			e = new_entry(f[1], f[2], f[0][0] == 'a' ? ECON_AGGREGATE : ECON_FORMER, -1);
			if (num)
				add_number(atoi(f[1]), e, TIER_FORMER);
			else
				add_code(f[1], e, TIER_FORMER);
			add_name(f[2], e);
		} else
			die("line %ld: unknown kind '%s'", t.lineno, f[0]);
	}
	tsv_close(&t);
}

/*
 * ISO 3166-3, the codes withdrawn. A withdrawn numeric code that a
 * current country has is a country renamed (Zaire, 180, is the Democratic
 * Republic of the Congo; East Timor, 626, Timor-Leste), except where
 * iso-codes says the country was split or divided (the Gilbert and Ellice
 * Islands' 296 is Kiribati's but covered Tuvalu too). Withdrawn entries
 * that share a numeric code are one state renamed, and the last name
 * stands for it (Yugoslavia, 891, became Serbia and Montenegro). The rest
 * are former economies of their own.
 */
static void
read_iso_former(const char *dir)
{
	json_t *list = load_json(dir, "iso_3166-3.json", "3166-3");
	size_t i, j;
	json_t *o, *p;

	json_array_foreach(list, i, o) {
		const char *a3 = json_str(o, "alpha_3"), *a2 = json_str(o, "alpha_2");
		const char *name = json_str(o, "name"), *comment = json_str(o, "comment");
		const char *date = json_str(o, "withdrawal_date");
		int num = parse_numeric(json_str(o, "numeric")), e = -1;
		bool split = comment != NULL &&
		    (strstr(comment, "split") != NULL || strstr(comment, "divided") != NULL);

		if (a3 == NULL || name == NULL || date == NULL)
			die("iso_3166-3.json: an entry without alpha_3, name or withdrawal_date");
		if (num >= 0 && !split)
			for (size_t k = 0; k < nentries; k++)
				if (entries[k].numeric == num && entries[k].kind == ECON_ECONOMY)
					e = (int)k;
		if (e < 0 && num >= 0) {
			/* The latest withdrawal of this numeric code names the state. */
			const char *last = a3, *last_date = date;

			json_array_foreach(list, j, p) {
				const char *d = json_str(p, "withdrawal_date");

				if (parse_numeric(json_str(p, "numeric")) == num &&
				    d != NULL && strcmp(d, last_date) > 0) {
					last = json_str(p, "alpha_3");
					last_date = d;
				}
			}
			if (strcmp(last, a3) != 0)
				continue;       /* added when its successor is */
		}
		if (e < 0) {
			/*
			 * The code of a former economy is its alpha-3 code, or
			 * its 4-letter ISO 3166-3 code where the alpha-3 code
			 * went to a country of today (ATF, FQHH).
			 */
			const char *a4 = json_str(o, "alpha_4");

			if (find_code(a3) >= 0 && a4 == NULL)
				die("iso_3166-3.json: '%s' is taken and has no alpha_4", a3);
			e = new_entry(find_code(a3) >= 0 ? a4 : a3, name, ECON_FORMER, num);
			if (find_code(a3) >= 0)
				add_code(a4, e, TIER_FORMER);
			if (num >= 0)
				json_array_foreach(list, j, p)
					if (parse_numeric(json_str(p, "numeric")) == num) {
						add_code(json_str(p, "alpha_3"), e, TIER_FORMER);
						if (json_str(p, "alpha_2") != NULL)
							add_code(json_str(p, "alpha_2"), e, TIER_FORMER);
						if (json_str(p, "alpha_4") != NULL)
							add_code(json_str(p, "alpha_4"), e, TIER_FORMER);
						if (json_str(p, "name") != NULL)
							add_name(json_str(p, "name"), e);
					}
		}
		add_code(a3, e, TIER_FORMER);
		if (a2 != NULL)
			add_code(a2, e, TIER_FORMER);
		if (json_str(o, "alpha_4") != NULL)
			add_code(json_str(o, "alpha_4"), e, TIER_FORMER);
		add_number(num, e, TIER_FORMER);
		add_name(name, e);
	}
	json_decref(list);
}

/*
 * The World Development Indicators of 2013 (code, name): a code the lists
 * know gets the name; an unknown code whose name is an economy's is a
 * legacy code of it (ROM Romania, ZAR Congo, Dem. Rep., KSV Kosovo).
 */
static void
read_wdi_2013(const char *dir)
{
	struct tsv t;

	tsv_open(&t, dir, "wb-wdi-2013.tsv", 2);
	while (tsv_next(&t)) {
		int e = find_code(t.field[0]);

		if (e < 0) {
			e = find_name(t.field[1]);
			if (e < 0 || entries[e].kind != ECON_ECONOMY)
				die("line %ld: code '%s' (%s) is in no list and its name is no "
				    "economy's: say what it is in exceptions.tsv", t.lineno,
				    t.field[0], t.field[1]);
			add_code(t.field[0], e, TIER_LEGACY);
		}
		add_name(t.field[1], e);
	}
	tsv_close(&t);
}

/*
 * UNCTADstat's codes and labels. A 4-digit code is an aggregate of its
 * own (0000 World, 5100 Africa); a 3-digit code is an economy, found by
 * its numeric code or else by its label; codes that only UNCTAD uses
 * (251 France with its territories) then resolve too. Rounds repeat until
 * nothing more is placed, since a label placed by one row can place
 * another with the same code.
 */
static void
read_unctad(const char *dir)
{
	struct tsv t;
	char (*code)[8] = NULL;
	char **label = NULL;
	long *line = NULL;
	bool *done;
	size_t n = 0, cap = 0, capl = 0, capn = 0, left;
	bool progress = true;

	tsv_open(&t, dir, "unctad-economies.tsv", 2);
	while (tsv_next(&t)) {
		size_t len = strlen(t.field[0]);

		if ((len != 3 && len != 4) || strspn(t.field[0], "0123456789") != len)
			die("line %ld: code '%s' is not 3 or 4 digits", t.lineno, t.field[0]);
		code = grow(code, &cap, n + 1, sizeof(*code));
		label = grow(label, &capl, n + 1, sizeof(*label));
		line = grow(line, &capn, n + 1, sizeof(*line));
		line[n] = t.lineno;
		memcpy(code[n], t.field[0], len + 1);
		label[n++] = dup(t.field[1]);
	}
	done = calloc(n ? n : 1, sizeof(*done));
	if (done == NULL)
		die("out of memory");
	while (progress) {
		progress = false;
		for (size_t i = 0; i < n; i++) {
			int num = atoi(code[i]), by_num, by_name, e;

			if (done[i])
				continue;
			by_num = find_number(num);
			if (strlen(code[i]) == 4) {
				e = by_num;
				if (e < 0)
					e = new_entry(code[i], label[i], ECON_AGGREGATE, -1);
				else if (entries[e].kind != ECON_AGGREGATE)
					die("line %ld: code %s is an aggregate's, not an %s's",
					    line[i], code[i], kind_names[entries[e].kind]);
			} else {
				by_name = find_name(label[i]);
				if (by_num >= 0 && by_name >= 0 && by_num != by_name)
					die("line %ld: code %s is %s but '%s' is %s", line[i],
					    code[i], entries[by_num].code, label[i], entries[by_name].code);
				e = by_num >= 0 ? by_num : by_name;
				if (e < 0)
					continue;
			}
			add_number(num, e, TIER_LEGACY);
			add_name(label[i], e);
			done[i] = progress = true;
		}
	}
	left = 0;
	for (size_t i = 0; i < n; i++)
		if (!done[i]) {
			fprintf(stderr, "%s: unctad-economies.tsv: line %ld: code %s '%s' is "
			    "no known economy: say what it is in exceptions.tsv\n", progname,
			    line[i], code[i], label[i]);
			left++;
		}
	if (left > 0)
		exit(1);
	for (size_t i = 0; i < n; i++)
		free(label[i]);
	free(label);
	free(line);
	free(code);
	free(done);
	tsv_close(&t);
}

/* LPI edition tables (code, name, edition): each name is its code's. */
static void
read_lpi(const char *dir)
{
	struct tsv t;

	tsv_open(&t, dir, "lpi-codes.tsv", 3);
	while (tsv_next(&t)) {
		int e = find_code(t.field[0]);

		if (e < 0)
			die("line %ld: code '%s' (%s) is no known economy's", t.lineno,
			    t.field[0], t.field[1]);
		add_name(t.field[1], e);
	}
	tsv_close(&t);
}

/* ---- output ---- */

static void
put_string(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '?')
			putchar(*p);
		else
			printf("\\%03o", *p);
	}
	putchar('"');
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(entries[*(const int *)a].code, entries[*(const int *)b].code);
}

static int
cmp_name(const void *a, const void *b)
{
	const struct name *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct code *)a)->text, ((const struct code *)b)->text);
}

struct numref {
	int num, entry;
};

static int
cmp_num(const void *a, const void *b)
{
	return ((const struct numref *)a)->num - ((const struct numref *)b)->num;
}

static void
emit(void)
{
	int *map = malloc(nentries * sizeof(*map));
	int *order = malloc(nentries * sizeof(*order));
	struct numref *nums = malloc((nnumbers ? nnumbers : 1) * sizeof(*nums));
	size_t count = 0;

	if (map == NULL || order == NULL || nums == NULL)
		die("out of memory");
	if (nentries > 65535)
		die("too many entries");
	/* Entries keep their places: names and codes point at them. */
	for (size_t i = 0; i < nentries; i++)
		order[i] = (int)i;
	qsort(order, nentries, sizeof(*order), cmp_entry);
	for (size_t i = 0; i < nentries; i++) {
		if (i > 0 && strcmp(entries[order[i - 1]].code, entries[order[i]].code) == 0)
			die("two entries have the code '%s'", entries[order[i]].code);
		map[order[i]] = (int)i;
	}

	printf("/* Generated by gen-economies from iso-codes and data/economies; do not edit. */\n");
	printf("#include \"config.h\"\n#include \"economies_table.h\"\n\n");
	printf("const struct econ_entry econ_entries[] = {\n");
	for (size_t i = 0; i < nentries; i++) {
		const struct entry *e = &entries[order[i]];

		printf("\t{");
		put_string(e->code);
		printf(", ");
		put_string(e->name);
		printf(", %d},\n", e->kind);
	}
	printf("};\nconst size_t econ_entries_count = %zu;\n\n", nentries);

	/*
	 * Names: each key once, for the entry lookup_key gives; the sort puts
	 * a key's rows together.
	 */
	qsort(names, nnames, sizeof(*names), cmp_name);
	printf("const struct econ_ref econ_names[] = {\n");
	for (size_t i = 0; i < nnames; i++) {
		int e;

		if (i > 0 && strcmp(names[i - 1].key, names[i].key) == 0)
			continue;
		e = lookup_key(names[i].key, true);
		if (e < 0)
			continue;
		printf("\t{");
		put_string(names[i].key);
		printf(", %d},\n", map[e]);
		count++;
	}
	printf("};\nconst size_t econ_names_count = %zu;\n\n", count);

	qsort(codes, ncodes, sizeof(*codes), cmp_code);
	count = 0;
	printf("const struct econ_ref econ_codes[] = {\n");
	for (size_t i = 0; i < ncodes; i++) {
		if (codes[i].entry < 0)
			continue;
		printf("\t{");
		put_string(codes[i].text);
		printf(", %d},\n", map[codes[i].entry]);
		count++;
	}
	printf("};\nconst size_t econ_codes_count = %zu;\n\n", count);

	count = 0;
	for (size_t i = 0; i < nnumbers; i++)
		if (numbers[i].entry >= 0)
			nums[count++] = (struct numref){ numbers[i].num, map[numbers[i].entry] };
	qsort(nums, count, sizeof(*nums), cmp_num);
	printf("const struct econ_num econ_numbers[] = {\n");
	for (size_t i = 0; i < count; i++)
		printf("\t{%d, %d},\n", nums[i].num, nums[i].entry);
	printf("};\nconst size_t econ_numbers_count = %zu;\n", count);
	free(map);
	free(order);
	free(nums);
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: gen-economies ISO-CODES-JSON-DIR DATA-DIR\n", stderr);
		return 2;
	}
	read_iso_current(argv[1]);
	read_wb(argv[2], "wb-wdicountry-2026.tsv", true);
	read_wb(argv[2], "wb-wdicountry-2019.tsv", false);
	read_wb_metadata(argv[2]);
	read_exceptions(argv[2], false);
	read_iso_former(argv[1]);
	read_wdi_2013(argv[2]);
	read_unctad(argv[2]);
	read_lpi(argv[2]);
	read_exceptions(argv[2], true);
	emit();
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error");
	return 0;
}
