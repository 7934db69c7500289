/*
 * The low k bits of an FNV-1a hash depend only on the low k bits of the
 * state before each byte: state' = (state ^ byte) * prime mod 2^k, and the
 * prime is odd, so each step can be undone. A breadth-first search back
 * from the target state over the letters and digits finds, for every
 * state, the next letter of a shortest way there (at most a few letters
 * for k up to 24); any prefix is then finished in time linear in its
 * length.
 */
#include <stdlib.h>
#include <string.h>

#include "fnvcraft.h"

/*
 * The offset basis of the table this floods (strtab before it was keyed):
 * a digit short of FNV's published 14695981039346656037, which changes
 * nothing in how it spreads.
 */
#define FNV_OFFSET UINT64_C(1469598103934665603)
#define FNV_PRIME UINT64_C(1099511628211)

static const char alphabet[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

struct fnvcraft {
	uint64_t mask;
	unsigned char *next;    /* state -> letter towards 0; 0 at the target */
};

uint64_t
fnvcraft_hash(const char *s, size_t len)
{
	uint64_t h = FNV_OFFSET;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* The inverse of the prime modulo 2^64, by Newton's iteration. */
static uint64_t
prime_inverse(void)
{
	uint64_t x = FNV_PRIME;

	for (int i = 0; i < 6; i++)
		x *= 2 - FNV_PRIME * x;
	return x;
}

struct fnvcraft *
fnvcraft_new(unsigned bits)
{
	struct fnvcraft *c;
	uint32_t *queue;
	size_t n, head = 0, tail = 0;
	uint64_t inv = prime_inverse();

	if (bits < 1 || bits > 24)
		return NULL;
	n = (size_t)1 << bits;
	c = calloc(1, sizeof(*c));
	queue = malloc(n * sizeof(*queue));
	if (c == NULL || queue == NULL ||
	    (c->next = calloc(n, sizeof(*c->next))) == NULL) {
		free(c);
		free(queue);
		return NULL;
	}
	c->mask = n - 1;
	/* Letters are never 0, so 0 marks "not reached yet" (and the target). */
	queue[tail++] = 0;
	while (head < tail) {
		uint64_t to = queue[head++];

		for (const char *a = alphabet; *a != '\0'; a++) {
			uint64_t from = ((to * inv) ^ (unsigned char)*a) & c->mask;

			if (from == 0 || c->next[from] != 0)
				continue;
			c->next[from] = (unsigned char)*a;
			queue[tail++] = (uint32_t)from;
		}
	}
	free(queue);
	/*
	 * Each letter permutes the states, but that alone does not promise a
	 * way from every state: check that the search reached them all.
	 */
	if (tail != n) {
		fnvcraft_free(c);
		return NULL;
	}
	return c;
}

void
fnvcraft_free(struct fnvcraft *c)
{
	if (c == NULL)
		return;
	free(c->next);
	free(c);
}

size_t
fnvcraft_complete(const struct fnvcraft *c, char *buf, size_t len, size_t size)
{
	uint64_t s = fnvcraft_hash(buf, len) & c->mask;

	while (s != 0) {
		unsigned char l = c->next[s];

		if (len + 2 > size)
			return 0;
		buf[len++] = (char)l;
		s = ((s ^ l) * FNV_PRIME) & c->mask;
	}
	if (len + 1 > size)
		return 0;
	buf[len] = '\0';
	return len;
}
