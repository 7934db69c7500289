/*
 * SipHash-2-4 from libsodium (crypto_shorthash) and its key from
 * randombytes_buf, drawn once.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "hash.h"
#include "xalloc.h"

_Static_assert(HASH_KEYBYTES == crypto_shorthash_KEYBYTES,
    "HASH_KEYBYTES must be libsodium's key size");
_Static_assert(crypto_shorthash_BYTES == sizeof(uint64_t),
    "crypto_shorthash must give 64 bits");

/* Names folded on the stack up to this length; longer ones on the heap. */
#define FOLD_STACK 256

static struct hashkey run_key;
static pthread_once_t run_key_once = PTHREAD_ONCE_INIT;

static void
draw_run_key(void)
{
	/*
	 * sodium_init() fails only when it cannot take a lock of its own. What
	 * is used here needs nothing else that it sets up (SipHash has no
	 * CPU-specific code, and this runs once), so open the random source
	 * directly then. libsodium aborts when there is none.
	 */
	if (sodium_init() < 0)
		randombytes_stir();
	randombytes_buf(run_key.bytes, sizeof(run_key.bytes));
}

const struct hashkey *
hash_run_key(void)
{
	pthread_once(&run_key_once, draw_run_key);
	return &run_key;
}

uint64_t
hash_bytes(const struct hashkey *key, const void *p, size_t len, bool fold)
{
	unsigned char out[crypto_shorthash_BYTES], stack[FOLD_STACK];
	const unsigned char *s = p;
	unsigned char *f = NULL;
	uint64_t h;

	if (fold && len > 0) {
		f = len <= sizeof(stack) ? stack : xmalloc(len);
		for (size_t i = 0; i < len; i++)
			f[i] = s[i] >= 'A' && s[i] <= 'Z' ? (unsigned char)(s[i] + 32) : s[i];
		s = f;
	}
	crypto_shorthash(out, s, len, key->bytes);
	if (f != NULL && f != stack)
		free(f);
	memcpy(&h, out, sizeof(h));
	return h;
}
