/*
 * The indicator catalogue: what each indicator measures, its unit, type,
 * plausible range and better direction, and the aliases (such as World Bank
 * series codes) under which reports may name it.
 */
#ifndef RC_CATALOGUE_H
#define RC_CATALOGUE_H

#include <stdbool.h>
#include <stdint.h>
#include "arena.h"
#include "diag.h"
#include "strtab.h"
#include "value.h"
#include "yamldoc.h"
#include "yamlfields.h"

enum better {
	BETTER_NONE,
	BETTER_HIGHER,
	BETTER_LOWER,
};

struct indicator {
	const char *id, *title, *unit, *source;
	enum ind_type type;
	bool has_range;
	double min, max;
	enum better better;
	const char **aliases;
	size_t naliases;
	/*
	 * Defaults for the rules on it: the oldest value, in years before the
	 * evaluation year, that still counts (-1: no limit), and the factor
	 * beyond which a change between two years is a break in the series,
	 * not a real change (0: none).
	 */
	int max_age;
	double break_factor;
	int decimals;                   /* shown to people with these; -1: by type */
	/*
	 * The unit guard: text that the source's own name of the series (a
	 * World Bank file's Indicator Name) must contain, such as a base
	 * year ("2005 US$"), or NULL. Rows whose name lacks it are not used.
	 */
	const char *source_name;
	const char *file;
	int line, col;
};

/* A sector that rules and self-reports may name (an enterprise's industry). */
struct sector {
	const char *id;
	const char *title;              /* NULL when taken from a rule */
	const char *file;
	int line, col;
};

struct catalogue {
	struct indicator *items;        /* index = indicator number */
	size_t n, cap;
	struct strtab names;            /* case-folded ids and aliases */
	int *name_to_ind;               /* strtab index -> indicator number */
	size_t nnames_cap;
	/*
	 * The sectors: those the catalogue declares (its "sectors:" list), or,
	 * when it declares none, those its rules name (see declared).
	 */
	struct sector *sectors;
	size_t nsectors, seccap;
	struct strtab sector_ids;       /* exact ids; index = sector number */
	bool declared;                  /* the catalogue has a "sectors:" list */
};

void catalogue_init(struct catalogue *c);
void catalogue_release(struct catalogue *c);
/*
 * Add the entries of an indicators.yaml document (top-level key
 * "indicators:"). Strings are copied into a. Returns the number of errors.
 */
int catalogue_load(struct catalogue *c, struct arena *a, const struct ydoc *doc,
    struct diaglist *dl);
/* What parsing a reported value for an indicator found. */
enum value_check {
	VC_OK,
	VC_MISSING,             /* an empty cell or a missing marker ("NA", "..") */
	VC_NOT_NUMBER,
	VC_THOUSANDS,           /* "1,234": a separator or a decimal comma */
	VC_PERCENT,             /* a '%' for an indicator that is no percentage */
	VC_TOO_LARGE,           /* beyond the largest double */
	VC_NOT_COUNT,           /* a count with a fraction or below 0 */
	VC_OUT_OF_RANGE,        /* outside the indicator's declared range */
	VC_NOT_BOOL,
};

/*
 * Parse the reported text [s, s + len) as a value of indicator it, with
 * the checks every value gets wherever it comes from (a self-report or a
 * rule test): its type, a count's wholeness, the declared range. On VC_OK
 * *v holds the value (a V_TEXT value points into s).
 */
enum value_check indicator_parse_value(const struct indicator *it, const char *s,
    size_t len, struct value *v);
struct strbuf;
/*
 * Append to sb what is wrong (vc from indicator_parse_value on the same
 * text, v the value it parsed): e.g. "'1,5' is not a number for indicator
 * 'x' (entity 'E'); write numbers ...". entity may be NULL. A long text is
 * quoted up to 200 bytes, cut between characters.
 */
void indicator_value_message(struct strbuf *sb, const struct indicator *it,
    enum value_check vc, const char *s, size_t len, const struct value *v,
    const char *entity);

/*
 * The unit guard: does the source's name of the series, len bytes at name,
 * contain the indicator's source_name (ignoring ASCII case)? True when the
 * indicator states none or the file gives no name.
 */
bool indicator_name_fits(const struct indicator *it, const char *name, size_t len);
/*
 * Append the warning for rows left out by the guard: the file names series
 * code as name, which lacks the indicator's source_name.
 */
void indicator_guard_message(struct strbuf *sb, const struct indicator *it,
    const char *code, const char *name, size_t rows);

struct diaglist;
/*
 * Warn, at file:line:col, of rows left out by the guard: key is the
 * series code, the byte sep, and its name in the file.
 */
void indicator_guard_warn(struct diaglist *dl, const char *file,
    const struct catalogue *c, const char *key, char sep, size_t rows,
    uint32_t line, int col);

/* Sector number of an id (compared exactly), or -1. */
int catalogue_find_sector(const struct catalogue *c, const char *id, size_t len);
/*
 * Add a sector; returns its number, or -1 when the id is already there.
 * Strings are not copied.
 */
int catalogue_add_sector(struct catalogue *c, const struct sector *s);
/*
 * The sector closest to id for a "did you mean" hint, compared without
 * regard to ASCII case (so 'Integrated-Circuits' finds 'integrated-circuits'),
 * or NULL when none is close.
 */
const char *catalogue_suggest_sector(const struct catalogue *c, const char *id);
/* Indicator number for an id or alias (ASCII case-insensitive), or -1. */
int catalogue_find(const struct catalogue *c, const char *name, size_t len);
/* Append a copy of ind (strings are not copied); returns its number. */
int catalogue_append(struct catalogue *c, const struct indicator *ind);
/*
 * Register an id or alias for indicator ind. Returns the indicator that
 * already holds the name (a conflict), or -1 when it was free.
 */
int catalogue_add_name(struct catalogue *c, const char *name, int ind);
/*
 * Is s a valid id? Ids of indicators and rules start with a letter and hold
 * letters, digits, '_', '.' and '-'.
 */
bool catalogue_id_valid(const char *s);
/*
 * A field check of an id s read at v: 0 when valid, else -1 after "WHAT
 * 'S' must start with a letter and hold only ..." (what: "rule id").
 */
int catalogue_check_id(struct yread *rd, const struct ynode *v, const char *s,
    const char *what);
/*
 * A field check of a break factor read at v (catalogue or trend): 0 when it
 * is above 1 and at most 10^6, else -1 after an error.
 */
int catalogue_check_break_factor(struct yread *rd, const struct ynode *v,
    const void *val);
/* Nearest id to name, for "did you mean" hints, or NULL. */
const char *catalogue_suggest(const struct catalogue *c, const char *name);

#endif
