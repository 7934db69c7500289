/*
 * A bump allocator: many small allocations freed at once. Rule data and
 * interned strings live in arenas.
 */
#ifndef RC_ARENA_H
#define RC_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
/* Free everything allocated, keeping one block for reuse. */
void arena_reset(struct arena *a);
/* Zeroed, aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* Allocate an array of nmemb elements, checking the product for overflow. */
void *arena_array(struct arena *a, size_t nmemb, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);

#endif
