/*
 * Keys of economy names: the one form in which names are compared, shared
 * by the build-time generator of the name tables and by the lookups, so
 * that a name in a table and the same name in a file give the same bytes.
 */
#ifndef RC_ECONOMIES_KEY_H
#define RC_ECONOMIES_KEY_H

#include <stdbool.h>
#include <stddef.h>

/* The longest text taken as a name or code, and the longest key, in bytes. */
#define ECON_TEXT_MAX 256
#define ECON_KEY_MAX 256

/*
 * Whether the len bytes at s can be a name: at most ECON_TEXT_MAX bytes of
 * valid UTF-8 with no control character other than tab, line feed and
 * carriage return (which count as spaces).
 */
bool econ_text_ok(const char *s, size_t len);

/*
 * Writes the key of the len bytes at s to key (ECON_KEY_MAX + 1 bytes,
 * NUL-terminated) and returns its length, or -1 when !econ_text_ok or the
 * key would be longer than ECON_KEY_MAX. The key is the text case-folded
 * (Unicode full folding), decomposed (NFKD) with its combining marks
 * dropped, so that accents do not count; the few Latin letters that do not
 * decompose are spelt in ASCII (æ ae, ø o, ł l...); apostrophes are
 * dropped, '&' reads "and", every other run of characters that are not
 * letters or digits becomes one space, and a leading or trailing word
 * "the" goes ("Bahamas, The" and "The Bahamas" are "bahamas").
 */
int econ_key(const char *s, size_t len, char *key);

#endif
