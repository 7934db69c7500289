/*
 * String interning: each distinct string gets a dense index 0..n-1 and one
 * stored copy. Used for entity ids, indicator ids and aliases, file names.
 */
#ifndef RC_STRTAB_H
#define RC_STRTAB_H

#include <stddef.h>
#include <stdbool.h>
#include "arena.h"

struct strtab {
	struct arena arena;
	const char **strs;      /* index -> string */
	size_t n, cap;
	int *slots;             /* open addressing: index + 1, 0 = empty */
	size_t nslots;
	bool fold;              /* compare ASCII case-insensitively */
};

void strtab_init(struct strtab *t, bool fold_case);
void strtab_release(struct strtab *t);
/* Index of s (length len), adding it when absent. */
int strtab_intern(struct strtab *t, const char *s, size_t len);
/* Index of s or -1. */
int strtab_find(const struct strtab *t, const char *s, size_t len);
static inline const char *strtab_str(const struct strtab *t, int i) { return t->strs[i]; }

#endif
