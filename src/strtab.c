/*
 * String interning with open addressing: SipHash-2-4 under the run's key
 * (hash.h), linear probing, at most half full. A table indexed by an
 * unkeyed hash lets a file of ids that share their hash's low bits turn
 * every insertion into a walk over all the others; under a secret key no
 * one can choose such ids. Strings are copied once into an arena; indices
 * are dense and stable.
 */
#include "config.h"

#include <string.h>

#include "strtab.h"
#include "xalloc.h"

static inline unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static bool
equal(const struct strtab *t, int i, const char *s, size_t len)
{
	const char *c = t->strs[i];

	if (t->lens[i] != len)
		return false;
	if (!t->fold)
		return memcmp(c, s, len) == 0;
	for (size_t j = 0; j < len; j++)
		if (fold((unsigned char)c[j]) != fold((unsigned char)s[j]))
			return false;
	return true;
}

void
strtab_init_keyed(struct strtab *t, bool fold_case, const struct hashkey *key)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->arena);
	t->fold = fold_case;
	t->key = key;
}

void
strtab_init(struct strtab *t, bool fold_case)
{
	strtab_init_keyed(t, fold_case, hash_run_key());
}

void
strtab_release(struct strtab *t)
{
	arena_release(&t->arena);
	free(t->strs);
	free(t->lens);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* The slot that holds s, or the empty slot where it would go. */
static size_t
probe(const struct strtab *t, uint32_t h, const char *s, size_t len)
{
	size_t mask = t->nslots - 1;
	size_t i = h & mask;

	while (t->slots[i].idx != 0) {
		if (t->slots[i].hash == h && equal(t, t->slots[i].idx - 1, s, len))
			break;
		i = (i + 1) & mask;
	}
	return i;
}

/* Double the slots, placing each string by the hash kept in its slot. */
static void
grow(struct strtab *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 64;
	struct strtab_slot *old = t->slots;
	size_t nold = t->nslots;

	t->slots = xcalloc(n, sizeof(*t->slots));
	t->nslots = n;
	for (size_t i = 0; i < nold; i++) {
		size_t j;

		if (old[i].idx == 0)
			continue;
		for (j = old[i].hash & (n - 1); t->slots[j].idx != 0; j = (j + 1) & (n - 1))
			;
		t->slots[j] = old[i];
	}
	free(old);
}

int
strtab_find(const struct strtab *t, const char *s, size_t len)
{
	uint32_t h;

	if (t->nslots == 0)
		return -1;
	h = (uint32_t)hash_bytes(t->key, s, len, t->fold);
	return t->slots[probe(t, h, s, len)].idx - 1;
}

int
strtab_intern(struct strtab *t, const char *s, size_t len)
{
	uint32_t h = (uint32_t)hash_bytes(t->key, s, len, t->fold);
	size_t i, cap = t->cap;

	if (t->nslots == 0 || (t->n + 1) * 2 > t->nslots)
		grow(t);
	i = probe(t, h, s, len);
	if (t->slots[i].idx != 0)
		return t->slots[i].idx - 1;
	/* Indices are ints: more strings than that would not fit in memory. */
	if (t->n >= INT32_MAX)
		xalloc_die();
	xgrow(&t->strs, &t->cap, t->n + 1, sizeof(*t->strs));
	if (t->cap != cap)
		t->lens = xreallocarray(t->lens, t->cap, sizeof(*t->lens));
	t->strs[t->n] = arena_strndup(&t->arena, s, len);
	t->lens[t->n] = len;
	t->slots[i].hash = h;
	t->slots[i].idx = (int32_t)++t->n;
	return (int)t->n - 1;
}
