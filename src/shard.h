/*
 * Shards (--shard K/N): which part of a run evaluates an entity. The part
 * is fixed by the entity id alone, the same on every machine and in every
 * version, so that the shards of a run, run anywhere, share out its
 * entities with none left over and none twice:
 *
 *     part = FNV-1a-64(id bytes) mod N + 1
 *
 * FNV-1a 64 is the Fowler-Noll-Vo hash with offset basis
 * 14695981039346656037 and prime 1099511628211, over the id's bytes as
 * the input gives them (resilience-check(1) states it, so that other
 * tools can place an entity without this program).
 */
#ifndef RC_SHARD_H
#define RC_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest N of --shard K/N. */
#define SHARD_MAX 1000000

/* FNV-1a 64 of the len bytes at id. */
uint64_t shard_hash(const char *id, size_t len);
/* The part (1 to n) that evaluates entity id, for n >= 1. */
int shard_of(const char *id, size_t len, int n);
/*
 * Whether part k of n evaluates the len bytes at id; n == 0 (no --shard):
 * always.
 */
bool shard_has(int k, int n, const char *id, size_t len);

#endif
