/*
 * The economy tables that gen-economies writes into economies_table.c at
 * build time (see data/economies/README.md). Only economies.c reads them.
 * Every array is sorted for bsearch: entries by code, names by key, codes
 * by their upper-case text, numeric codes by value (all bytewise).
 */
#ifndef RC_ECONOMIES_TABLE_H
#define RC_ECONOMIES_TABLE_H

#include <stddef.h>

struct econ_entry {
	const char *code;       /* canonical code */
	const char *name;       /* display name */
	unsigned char kind;     /* enum econ_kind */
};

struct econ_ref {
	const char *key;        /* a name's key (economies_key.h) or a code */
	unsigned short entry;   /* index into econ_entries */
};

struct econ_num {
	unsigned short num;     /* ISO 3166 numeric or UNCTAD code */
	unsigned short entry;
};

extern const struct econ_entry econ_entries[];
extern const size_t econ_entries_count;
extern const struct econ_ref econ_names[];
extern const size_t econ_names_count;
extern const struct econ_ref econ_codes[];
extern const size_t econ_codes_count;
extern const struct econ_num econ_numbers[];
extern const size_t econ_numbers_count;

#endif
