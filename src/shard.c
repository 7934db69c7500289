/* Shards: see shard.h. */
#include "shard.h"

uint64_t
shard_hash(const char *id, size_t len)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)id[i]) * 1099511628211u;
	return h;
}

bool
shard_has(int k, int n, const char *id, size_t len)
{
	return n == 0 || shard_of(id, len, n) == k;
}

int
shard_of(const char *id, size_t len, int n)
{
	return (int)(shard_hash(id, len) % (uint64_t)n) + 1;
}
