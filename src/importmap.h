/*
 * Import maps: how a table as a publisher lays it out becomes
 * observations. A map is a small YAML file (resilience-maps(5)) that says
 * how the CSV is written (the vocabulary of the Frictionless CSV Dialect:
 * delimiter, header rows, comment character, plus an encoding and footer
 * lines), which column names the entity (a code or an economy name), where
 * the year is (a column, a quarter to average, year columns, or none), and
 * which columns hold which indicator. Built-in maps are recognised from a
 * file's header; a user's map is given with --map.
 */
#ifndef RC_IMPORTMAP_H
#define RC_IMPORTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "arena.h"
#include "csvin.h"
#include "diag.h"
#include "obs.h"

#define IMAP_MAX_ENCODINGS 4
#define IMAP_MAX_HEADER_ROWS 5

enum imap_entity_by {
	IMAP_BY_CODE,           /* a code: resolved when known, else kept as written */
	IMAP_BY_NAME,           /* an economy name: resolved, or the row is ignored */
};

enum imap_year_kind {
	IMAP_YEAR_NONE,         /* the file has none: --data-year or the map's year */
	IMAP_YEAR_COLUMN,       /* a column of years ("2015", "YR2015") */
	IMAP_YEAR_QUARTER,      /* a column of quarters: the year's mean */
	IMAP_YEAR_COLUMNS,      /* one column per year ("2015", "2015 [YR2015]") */
};

/* A column of values and the indicator (id or alias) it holds. */
struct imap_column {
	const char *header;
	const char *indicator;
	int line;               /* where the map names it */
};

struct importmap {
	const char *name;
	const char *title;
	const char *layout;     /* "map:NAME", the layout reports show */
	const char *file;       /* the map's file, for messages */
	int line;               /* the line of its name */
	const char **match;     /* header columns that recognise the file */
	size_t nmatch;
	/* The dialect. */
	char delimiter;
	char comment_char;      /* 0: none */
	int header_rows;        /* records the header spans, joined with a space */
	const char *encodings[IMAP_MAX_ENCODINGS];      /* tried in turn */
	size_t nencodings;
	const char **footer;    /* a first field starting so ends the data */
	size_t nfooter;
	const char **missing;   /* cell texts that mean "no value", besides the usual */
	size_t nmissing;
	/* What the columns mean. */
	const char *entity;     /* the entity column */
	enum imap_entity_by entity_by;
	enum imap_year_kind year_kind;
	const char *year_column;        /* IMAP_YEAR_COLUMN, IMAP_YEAR_QUARTER */
	int year;                       /* IMAP_YEAR_NONE: the map's year, or 0 */
	const char *indicator_column;   /* long: the column of indicator codes */
	const char *indicator_name;     /* the column of the series' own names */
	const char *value_column;       /* long: the column of values */
	bool bracket_codes;     /* columns named "Series name [CODE]" hold CODE */
	struct imap_column *columns;
	size_t ncolumns;
	const char **ignore;    /* columns left out without a warning */
	size_t nignore;
	const char *filter_column;      /* rows whose cell here is not filter_value */
	const char *filter_value;       /* are left out (counted as filtered) */
	enum subject subject;
};

/* The maps known to a run: the built-in ones, or one given with --map. */
struct importmaps {
	struct arena arena;
	struct importmap *maps;
	size_t n, cap;
};

void importmaps_init(struct importmaps *ms);
void importmaps_release(struct importmaps *ms);
/*
 * Load the built-in maps (compiled in from data/maps). Returns the number
 * of problems (reported to dl; none in a sound build).
 */
int importmaps_load_builtin(struct importmaps *ms, struct diaglist *dl);
/*
 * Load a map file (YAML, len bytes of text named file in messages).
 * Problems go to dl at file:line:col; returns their number.
 */
int importmaps_load_text(struct importmaps *ms, const char *file,
    const char *text, size_t len, struct diaglist *dl);
/* The map of this name, or NULL. */
const struct importmap *importmaps_find(const struct importmaps *ms, const char *name);

/*
 * The map among ms whose header fits the first bytes of a file (head, n
 * bytes), or NULL. It reads at most a few dozen records.
 */
const struct importmap *importmap_recognise(const struct importmaps *ms,
    const char *head, size_t n);

/*
 * Read a whole file (data, size bytes, named name) through map into store,
 * filling info as csvin_read does. data_year is the year of a file whose
 * map has none (0: not given). Returns 0, or -1 after errors.
 */
int importmap_read(const struct importmap *map, const char *data, size_t size,
    const char *name, const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl);

/* Largest file read through a map (it is read whole). */
#define IMAP_MAX_FILE (256u << 20)

/*
 * Read the input open at fd (path names it) through the map of opts, or
 * the built-in map its first bytes fit. Returns 1 when no map applies
 * (nothing was read; the plain reader goes on), else as importmap_read.
 */
int importmap_try_fd(int fd, const char *path, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl);
/* The same for a stream whose first n bytes, first, were read already. */
int importmap_try_stream(FILE *fp, const char *first, size_t n, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl);

/*
 * The year of a UNCTAD quarter ("Q1 2006", "2006Q01", "2006Q1", "2006 Q1")
 * in [s, s + len), or 0 when it is not one.
 */
int importmap_quarter_year(const char *s, size_t len);

#endif
