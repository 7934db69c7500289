/*
 * Keyed hashing for the tables whose keys come from input (entity ids,
 * indicator names, YAML keys): SipHash-2-4 under a key drawn once per run
 * from the system's random source, so that no file can be written whose
 * keys all collide. Hash values change from run to run: nothing that is
 * printed may depend on them.
 */
#ifndef RC_HASH_H
#define RC_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HASH_KEYBYTES 16

struct hashkey {
	unsigned char bytes[HASH_KEYBYTES];
};

/*
 * The run's key, drawn from the system's random source on the first call
 * (from any thread). libsodium aborts the program when there is no random
 * source at all.
 */
const struct hashkey *hash_run_key(void);
/*
 * SipHash-2-4 of the len bytes at p under key; with fold, of those bytes
 * with ASCII upper-case letters taken as lower case, so that names that
 * differ only in case hash alike.
 */
uint64_t hash_bytes(const struct hashkey *key, const void *p, size_t len, bool fold);

#endif
