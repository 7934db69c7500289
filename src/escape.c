/*
 * Terminal-safe text (see escape.h): control characters, bidirectional
 * controls and bytes that are not UTF-8 become visible ASCII escapes.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "strbuf.h"
#include "value.h"

/* The code point of the valid UTF-8 sequence of k bytes at s. */
static uint32_t
code_point(const unsigned char *s, size_t k)
{
	uint32_t c = s[0] & (k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07);

	for (size_t i = 1; i < k; i++)
		c = c << 6 | (s[i] & 0x3F);
	return c;
}

static bool
unsafe_cp(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
	    (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0x2028 || c == 0x2029 || c == 0xFEFF;
}

/*
 * The escape for the character at s (at most n bytes), written to out (at
 * least 8 bytes), and its length in *k; 0 when it is shown as it is.
 */
static size_t
escape_one(const unsigned char *s, size_t n, size_t *k, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b = s[0];
	uint32_t c;

	*k = 1;
	if (b >= 0x20 && b < 0x7F)
		return 0;
	if (b < 0x80) {
		out[0] = '\\';
		switch (b) {
		case '\t': out[1] = 't'; return 2;
		case '\n': out[1] = 'n'; return 2;
		case '\r': out[1] = 'r'; return 2;
		}
		out[1] = 'x';
		out[2] = hex[b >> 4];
		out[3] = hex[b & 15];
		return 4;
	}
	if ((*k = utf8_seq(s, n)) == 0) {
		*k = 1;
		out[0] = '\\';
		out[1] = 'x';
		out[2] = hex[b >> 4];
		out[3] = hex[b & 15];
		return 4;
	}
	c = code_point(s, *k);
	if (!unsafe_cp(c))
		return 0;
	out[0] = '\\';
	out[1] = 'u';
	for (int i = 0; i < 4; i++)
		out[2 + i] = hex[(c >> (12 - 4 * i)) & 15];
	return 6;
}

/* A byte that may start something to escape (a quick first test). */
static inline bool
suspect(unsigned char b)
{
	return b < 0x20 || b >= 0x7F;
}

bool
escape_needed(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char out[8];
	size_t k;

	for (size_t i = 0; i < len; i += k) {
		k = 1;
		if (suspect(p[i]) && escape_one(p + i, len - i, &k, out) > 0)
			return true;
	}
	return false;
}

void
escape_add(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, k;
	char out[8];

	while (i < len) {
		size_t m;

		if (!suspect(p[i])) {
			i++;
			continue;
		}
		if ((m = escape_one(p + i, len - i, &k, out)) == 0) {
			i += k;
			continue;
		}
		strbuf_add(sb, s + run, i - run);
		strbuf_add(sb, out, m);
		i += k;
		run = i;
	}
	strbuf_add(sb, s + run, len - run);
}

int
escape_puts(const char *s, FILE *fp)
{
	size_t len = strlen(s);
	struct strbuf sb;
	int rc;

	if (!escape_needed(s, len))
		return fputs(s, fp) == EOF ? EOF : 0;
	strbuf_init(&sb);
	escape_add(&sb, s, len);
	rc = fwrite(sb.buf, 1, sb.len, fp) == sb.len ? 0 : EOF;
	strbuf_release(&sb);
	return rc;
}

size_t
escape_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), w = 0, i = 0, k;
	char out[8];

	for (size_t c = 0; c < n && i < len; c++) {
		size_t m = escape_one(p + i, len - i, &k, out);

		w += m > 0 ? m : 1;
		i += k;
	}
	return w;
}
