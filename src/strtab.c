/*
 * String interning with open addressing (FNV-1a, linear probing). Strings
 * are copied once into an arena; indices are dense and stable.
 */
#include "config.h"

#include <string.h>

#include "strtab.h"
#include "xalloc.h"

static inline unsigned char
fold(unsigned char c, bool on)
{
	return on && c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static size_t
hash(const char *s, size_t len, bool f)
{
	size_t h = 1469598103934665603u;

	for (size_t i = 0; i < len; i++) {
		h ^= fold((unsigned char)s[i], f);
		h *= 1099511628211u;
	}
	return h;
}

static bool
equal(const char *a, const char *b, size_t len, bool f)
{
	if (!f)
		return memcmp(a, b, len) == 0 && a[len] == '\0';
	for (size_t i = 0; i < len; i++)
		if (fold((unsigned char)a[i], true) != fold((unsigned char)b[i], true))
			return false;
	return a[len] == '\0';
}

void
strtab_init(struct strtab *t, bool fold_case)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->arena);
	t->fold = fold_case;
}

void
strtab_release(struct strtab *t)
{
	arena_release(&t->arena);
	free(t->strs);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static size_t
probe(const struct strtab *t, const char *s, size_t len)
{
	size_t mask = t->nslots - 1;
	size_t i = hash(s, len, t->fold) & mask;

	while (t->slots[i] != 0) {
		const char *c = t->strs[t->slots[i] - 1];

		if (equal(c, s, len, t->fold) && strlen(c) == len)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static void
rehash(struct strtab *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 64;

	free(t->slots);
	t->slots = xcalloc(n, sizeof(*t->slots));
	t->nslots = n;
	for (size_t i = 0; i < t->n; i++) {
		size_t j = probe(t, t->strs[i], strlen(t->strs[i]));

		t->slots[j] = (int)i + 1;
	}
}

int
strtab_find(const struct strtab *t, const char *s, size_t len)
{
	size_t i;

	if (t->nslots == 0)
		return -1;
	i = probe(t, s, len);
	return t->slots[i] - 1;
}

int
strtab_intern(struct strtab *t, const char *s, size_t len)
{
	size_t i;

	if (t->nslots == 0 || (t->n + 1) * 2 > t->nslots)
		rehash(t);
	i = probe(t, s, len);
	if (t->slots[i] != 0)
		return t->slots[i] - 1;
	xgrow(&t->strs, &t->cap, t->n + 1, sizeof(*t->strs));
	t->strs[t->n] = arena_strndup(&t->arena, s, len);
	t->slots[i] = (int)++t->n;
	return (int)t->n - 1;
}
