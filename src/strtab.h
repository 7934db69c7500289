/*
 * String interning: each distinct string gets a dense index 0..n-1 and one
 * stored copy. Used for entity ids, indicator ids and aliases, file names.
 * Indices follow the order of first interning, never the hash: the table is
 * keyed (hash.h), and its keys change from run to run.
 */
#ifndef RC_STRTAB_H
#define RC_STRTAB_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include "arena.h"
#include "hash.h"

struct strtab_slot {
	uint32_t hash;          /* low bits of the string's hash */
	int32_t idx;            /* index + 1; 0 = empty */
};

struct strtab {
	struct arena arena;
	const char **strs;      /* index -> string (NUL-terminated copy) */
	size_t *lens;           /* index -> length */
	size_t n, cap;
	struct strtab_slot *slots; /* open addressing, linear probing */
	size_t nslots;          /* 0 or a power of two, at least 2 * n */
	const struct hashkey *key;
	bool fold;              /* compare ASCII case-insensitively */
};

/* A table keyed with the run's key. */
void strtab_init(struct strtab *t, bool fold_case);
/* A table keyed with key, which must outlive it (tests; reproducing a run). */
void strtab_init_keyed(struct strtab *t, bool fold_case, const struct hashkey *key);
void strtab_release(struct strtab *t);
/* Index of s (length len), adding it when absent. */
int strtab_intern(struct strtab *t, const char *s, size_t len);
/* Index of s or -1. */
int strtab_find(const struct strtab *t, const char *s, size_t len);
static inline const char *strtab_str(const struct strtab *t, int i) { return t->strs[i]; }

#endif
