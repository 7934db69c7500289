/*
 * SHA-256 through libmd's SHA2 interface.
 */
#include "config.h"

#include <sys/types.h>
#include <stdint.h>
#include <string.h>
#include <sha2.h>

#include "digest.h"

_Static_assert(sizeof(SHA2_CTX) <= sizeof(((struct digest *)0)->ctx),
    "struct digest too small for SHA2_CTX");

void
digest_init(struct digest *d)
{
	SHA256Init((SHA2_CTX *)(void *)d->ctx);
}

void
digest_update(struct digest *d, const void *buf, size_t len)
{
	SHA256Update((SHA2_CTX *)(void *)d->ctx, buf, len);
}

void
digest_final(struct digest *d, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t md[SHA256_DIGEST_LENGTH];

	SHA256Final(md, (SHA2_CTX *)(void *)d->ctx);
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

void
digest_buffer(const void *buf, size_t len, char hex[65])
{
	struct digest d;

	digest_init(&d);
	digest_update(&d, buf, len);
	digest_final(&d, hex);
}
