/*
 * Strings whose FNV-1a 64-bit hashes agree in their low bits: the input
 * that floods a table indexed by the low bits of an unkeyed FNV-1a hash,
 * for the hostile benchmark and the tests that such input stays correct.
 */
#ifndef RC_FNVCRAFT_H
#define RC_FNVCRAFT_H

#include <stddef.h>
#include <stdint.h>

struct fnvcraft;

/* FNV-1a, 64 bits, of the bytes as they are (with the old table's basis). */
uint64_t fnvcraft_hash(const char *s, size_t len);
/*
 * Suffixes that bring any string's hash to 0 in its low 'bits' bits (1 to
 * 24); NULL when out of memory or bits is out of range.
 */
struct fnvcraft *fnvcraft_new(unsigned bits);
void fnvcraft_free(struct fnvcraft *c);
/*
 * Append to buf, which holds len bytes, the letters and digits that make
 * the low bits of its hash 0, and a NUL. Returns the new length, or 0 when
 * that would not fit in size bytes.
 */
size_t fnvcraft_complete(const struct fnvcraft *c, char *buf, size_t len,
    size_t size);

#endif
