/*
 * The types of import maps (importmap.h): what a map says, and the maps a
 * run knows. Types alone, shared by the map loader, the header matcher
 * and the reader.
 */
#ifndef RC_IMPORTMAP_TYPES_H
#define RC_IMPORTMAP_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include "arena.h"
#include "vocab.h"

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
	bool builtin;           /* compiled in from data/maps, not a user's file */
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

#endif
