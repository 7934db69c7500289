/*
 * SHA-256 digests (through OpenSSL libcrypto), as lower-case hex. Every
 * digest_init must be followed by digest_final, which frees the state.
 */
#ifndef RC_DIGEST_H
#define RC_DIGEST_H

#include <stddef.h>

struct digest {
	_Alignas(16) unsigned char ctx[256];    /* holds an EVP_MD_CTX pointer */
};

void digest_init(struct digest *d);
void digest_update(struct digest *d, const void *buf, size_t len);
/* Write 64 hex digits and a NUL to hex. */
void digest_final(struct digest *d, char hex[65]);
void digest_buffer(const void *buf, size_t len, char hex[65]);

#endif
