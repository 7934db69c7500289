/*
 * Name keys (economies_key.h). Pure ASCII text, nearly every name in the
 * published files, takes a path of its own that gives the bytes the
 * Unicode path would; other text is folded and decomposed by libunistring.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "economies_key.h"

struct keybuf {
	char *p;
	size_t n;
	bool space;             /* a separator is pending */
	bool full;              /* the key outgrew ECON_KEY_MAX */
};

static void
put_bytes(struct keybuf *b, const char *s, size_t n)
{
	size_t need = n + (b->space && b->n > 0);

	if (b->n + need > ECON_KEY_MAX) {
		b->full = true;
		return;
	}
	if (b->space && b->n > 0)
		b->p[b->n++] = ' ';
	b->space = false;
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* '&' is the word "and": "Bosnia & Herzegovina" = "Bosnia and Herzegovina". */
static void
put_and(struct keybuf *b)
{
	b->space = true;
	put_bytes(b, "and", 3);
	b->space = true;
}

/* Characters that join the letters around them, as in "Côte d'Ivoire". */
static bool
is_joiner(ucs4_t c)
{
	return c == '\'' || c == '`' || c == 0xb4 || c == 0xb7 ||
	    c == 0x2bc || c == 0x2018 || c == 0x2019;
}

/*
 * Latin letters of Latin-1 and Latin Extended-A that have no decomposition,
 * in their case-folded form, and how they are spelt in ASCII.
 */
static const struct {
	ucs4_t c;
	const char *ascii;
} spell[] = {
	{0xe6, "ae"}, {0xf0, "d"}, {0xf8, "o"}, {0xfe, "th"},
	{0x111, "d"}, {0x127, "h"}, {0x131, "i"}, {0x138, "k"},
	{0x142, "l"}, {0x14b, "ng"}, {0x153, "oe"}, {0x167, "t"},
};

static void
put_char(struct keybuf *b, ucs4_t c)
{
	uint8_t u[6];
	int n;

	if (c < 0x80) {
		char a = (char)c;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			put_bytes(b, &a, 1);
		else if (c >= 'A' && c <= 'Z') {
			a = (char)(c + 32);
			put_bytes(b, &a, 1);
		} else if (c == '&')
			put_and(b);
		else if (!is_joiner(c))
			b->space = true;
		return;
	}
	if (is_joiner(c) || uc_is_general_category(c, UC_CATEGORY_M))
		return;
	if (!uc_is_general_category(c, UC_CATEGORY_L) &&
	    !uc_is_general_category(c, UC_CATEGORY_N)) {
		b->space = true;
		return;
	}
	for (size_t i = 0; i < sizeof(spell) / sizeof(spell[0]); i++)
		if (spell[i].c == c) {
			put_bytes(b, spell[i].ascii, strlen(spell[i].ascii));
			return;
		}
	n = u8_uctomb(u, c, (int)sizeof(u));
	if (n > 0)
		put_bytes(b, (const char *)u, (size_t)n);
}

bool
econ_text_ok(const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;
	const uint8_t *end = u + len;

	if (len > ECON_TEXT_MAX || u8_check(u, len) != NULL)
		return false;
	while (u < end) {
		ucs4_t c;
		int n = u8_mbtouc(&c, u, (size_t)(end - u));

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    (c >= 0x7f && c < 0xa0))
			return false;
		u += n;
	}
	return true;
}

/* Drops a first and a last word "the". */
static size_t
drop_the(char *k, size_t n)
{
	if (n >= 4 && memcmp(k, "the ", 4) == 0) {
		memmove(k, k + 4, n - 4);
		n -= 4;
	}
	if (n >= 4 && memcmp(k + n - 4, " the", 4) == 0)
		n -= 4;
	else if (n == 3 && memcmp(k, "the", 3) == 0)
		n = 0;
	return n;
}

int
econ_key(const char *s, size_t len, char *key)
{
	struct keybuf b = { key, 0, false, false };
	uint8_t buf[4 * ECON_TEXT_MAX];
	size_t flen = sizeof(buf);
	uint8_t *f;
	bool ascii = true;

	if (!econ_text_ok(s, len))
		return -1;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80) {
			ascii = false;
			break;
		}
	if (ascii) {
		for (size_t i = 0; i < len; i++)
			put_char(&b, (unsigned char)s[i]);
	} else {
		const uint8_t *u, *end;

		f = u8_casefold((const uint8_t *)s, len, NULL, UNINORM_NFKD, buf, &flen);
		if (f == NULL)
			return -1;
		for (u = f, end = f + flen; u < end && !b.full; ) {
			ucs4_t c;

			u += u8_mbtouc(&c, u, (size_t)(end - u));
			put_char(&b, c);
		}
		if (f != buf)
			free(f);
	}
	if (b.full)
		return -1;
	b.n = drop_the(key, b.n);
	key[b.n] = '\0';
	return (int)b.n;
}
