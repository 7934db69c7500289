/* SHA-256 digests (through libmd), as lower-case hex. */
#ifndef RC_DIGEST_H
#define RC_DIGEST_H

#include <stddef.h>

struct digest {
	_Alignas(16) unsigned char ctx[256];    /* holds a SHA2_CTX */
};

void digest_init(struct digest *d);
void digest_update(struct digest *d, const void *buf, size_t len);
/* Write 64 hex digits and a NUL to hex. */
void digest_final(struct digest *d, char hex[65]);
void digest_buffer(const void *buf, size_t len, char hex[65]);

#endif
