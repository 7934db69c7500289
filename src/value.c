/*
 * Parsing reported values: decimal numbers of any length without locale
 * guessing (an exact fast path for short decimals, strtod for the rest),
 * booleans and missing-value markers.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "value.h"
#include "xalloc.h"

const char *const ind_type_names[] = {
	"number", "percent", "count", "boolean", "text", NULL,
};

bool
ind_type_is_numeric(enum ind_type t)
{
	return t == IT_NUMBER || t == IT_PERCENT || t == IT_COUNT;
}

bool
value_is_missing(const char *s, size_t len)
{
	value_trim(&s, &len);
	if (len == 0)
		return true;
	/* Most values start with a digit: decide without a call. */
	if (s[0] != 'N' && s[0] != 'n' && s[0] != '.')
		return false;
	if (len == 2 && (strncasecmp(s, "NA", 2) == 0 || memcmp(s, "..", 2) == 0))
		return true;
	return len == 3 && strncasecmp(s, "N/A", 3) == 0;
}

static const double pow10tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15,
};

/* Does [s, s+len) look like a number written with grouping separators? */
static bool
looks_grouped(const char *s, size_t len)
{
	size_t digits = 0, seps = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == ',' || s[i] == '.' || s[i] == ' ' || s[i] == '\'')
			seps++;
		else if (!(i == 0 && (s[i] == '-' || s[i] == '+')))
			return false;
	}
	return digits > 0 && seps > 0 && memchr(s, ',', len) != NULL;
}

enum numparse
value_parse_number(const char *s, size_t len, bool allow_pct, double *out)
{
	const char *p, *end;
	bool neg = false, pct = false;
	uint64_t mant = 0;
	int ndig = 0, frac = 0;
	bool any = false, exp = false;
	char buf[64];
	double v;

	value_trim(&s, &len);
	if (len > 0 && s[len - 1] == '%') {
		pct = true;
		len--;
		value_trim(&s, &len);
	}
	if (len == 0)
		return NUM_BAD;
	p = s;
	end = s + len;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	for (; p < end && *p >= '0' && *p <= '9'; p++, any = true) {
		if (ndig < 19) {
			mant = mant * 10 + (uint64_t)(*p - '0');
			if (mant != 0)
				ndig++;
		} else {
			ndig = 99;
		}
	}
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, any = true) {
			if (ndig < 19) {
				mant = mant * 10 + (uint64_t)(*p - '0');
				if (mant != 0)
					ndig++;
				frac++;
			} else {
				ndig = 99;
			}
		}
	}
	if (any && p < end && (*p == 'e' || *p == 'E')) {
		const char *q = p + 1;

		if (q < end && (*q == '-' || *q == '+'))
			q++;
		if (q < end && *q >= '0' && *q <= '9') {
			while (q < end && *q >= '0' && *q <= '9')
				q++;
			p = q;
			exp = true;
		}
	}
	if (!any || p != end)
		return looks_grouped(s, len) ? NUM_THOUSANDS : NUM_BAD;
	if (pct && !allow_pct)
		return NUM_PERCENT;
	if (!exp && ndig <= 15 && frac < (int)(sizeof(pow10tab) / sizeof(pow10tab[0]))) {
		/* Exact: both the mantissa and 10^frac are representable. */
		v = (double)mant / pow10tab[frac];
		*out = neg ? -v : v;
		return NUM_OK;
	}
	/*
	 * strtod rounds every digit into the result, and the syntax is
	 * checked above, so it reads exactly what was written. It needs a
	 * terminated copy; a number as long as a buffer is rare enough for
	 * one allocation.
	 */
	if (len < sizeof(buf)) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		v = strtod(buf, NULL);
	} else {
		char *big = xstrndup(s, len);

		v = strtod(big, NULL);
		free(big);
	}
	/* Overflow gives infinity; underflow the nearest double, fine as it is. */
	if (isinf(v))
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

int
value_parse_bool(const char *s, size_t len, bool *out)
{
	value_trim(&s, &len);
	if ((len == 3 && strncasecmp(s, "yes", 3) == 0) ||
	    (len == 4 && strncasecmp(s, "true", 4) == 0)) {
		*out = true;
		return 0;
	}
	if ((len == 2 && strncasecmp(s, "no", 2) == 0) ||
	    (len == 5 && strncasecmp(s, "false", 5) == 0)) {
		*out = false;
		return 0;
	}
	return -1;
}

size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c, lo = 0x80, hi = 0xBF;
	size_t need;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (n <= need || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k <= need; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return need + 1;
}

void
value_format_num(double v, char *buf, size_t size)
{
	if (v == 0)
		v = 0;          /* no "-0" */
	snprintf(buf, size, "%.10g", v);
}

void
value_add_num(struct strbuf *sb, double v)
{
	char num[64];

	value_format_num(v, num, sizeof(num));
	strbuf_adds(sb, num);
}

void
value_text(struct strbuf *sb, const struct value *v, bool quote_text)
{
	switch (v->kind) {
	case V_NUM:
		value_add_num(sb, v->num);
		break;
	case V_BOOL:
		strbuf_adds(sb, v->b ? "yes" : "no");
		break;
	case V_TEXT:
		if (quote_text)
			strbuf_addc(sb, '\'');
		strbuf_adds(sb, v->text);
		if (quote_text)
			strbuf_addc(sb, '\'');
		break;
	case V_NONE:
		strbuf_adds(sb, "(none)");
		break;
	}
}

bool
utf8_is_blank(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < len) {
		uint32_t c;

		if (p[i] < 0x80) {
			if (!value_is_blank((char)p[i]) && p[i] != '\v' && p[i] != '\f')
				return false;
			i++;
			continue;
		}
		if ((k = utf8_seq(p + i, len - i)) == 0)
			return false;
		c = p[i] & (k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07);
		for (size_t j = 1; j < k; j++)
			c = c << 6 | (p[i + j] & 0x3F);
		if (!(c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
		    c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF))
			return false;
		i += k;
	}
	return true;
}

size_t
utf8_clip(char *s)
{
	size_t len = strlen(s), i = 0, k;

	while (i < len && (k = utf8_seq((const unsigned char *)s + i, len - i)) > 0)
		i += k;
	s[i] = '\0';
	return i;
}

size_t
value_format_int(long long v, char *buf)
{
	char d[24], *q = d + sizeof(d);
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--q = '-';
	memcpy(buf, q, (size_t)(d + sizeof(d) - q));
	return (size_t)(d + sizeof(d) - q);
}

size_t
value_format_g15(double v, char *buf)
{
	static const double p10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
	};
	static const double tens[] = {  /* 10^(i - 4) */
		1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
		1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	};
	double a = fabs(v), m, frac;
	char d[16];
	uint64_t r;
	size_t len = 0, nd;
	int e, k;

	if (!(a >= 1e-4 && a < 1e15))
		return 0;
	/*
	 * A short decimal first (most values of a report): when a times 10^k
	 * rounds to a whole number N below 10^15 for some k up to 6, a lies
	 * within 2^-53 of N / 10^k, relatively, while digits of %.15g are
	 * 10^-15 apart: printf rounds a to N / 10^k, whose digits are N's.
	 * Zeros at the end of N come off with the point moving left.
	 */
	for (k = 0; k <= 6; k++) {
		m = a * p10[k];
		if (m < 1e15 && (double)(uint64_t)m == m) {
			for (r = (uint64_t)m; k > 0 && r % 10 == 0; k--)
				r /= 10;
			for (nd = 0; r != 0 || nd <= (size_t)k; r /= 10)
				d[nd++] = (char)('0' + r % 10);
			if (v < 0)
				buf[len++] = '-';
			while (nd > (size_t)k)
				buf[len++] = d[--nd];
			if (k > 0)
				buf[len++] = '.';
			while (nd > 0)
				buf[len++] = d[--nd];
			buf[len] = '\0';
			return len;
		}
	}
	/*
	 * e, the decimal exponent (10^e <= a < 10^(e+1)): a first guess, since
	 * the negative powers of ten are not exact, then checked on m below.
	 */
	for (e = -4; e < 14 && a >= tens[e + 5]; e++)
		;
	k = 14 - e;
	m = a * p10[k];
	if (m < 1e14 && k < 20) {
		e--;
		m = a * p10[++k];
	} else if (m >= 1e15 && k > 0) {
		e++;
		m = a * p10[--k];
	}
	if (m < 1e14 || m >= 1e15)
		return 0;
	/*
	 * m is a times 10^k (an exact power) rounded once; fma gives what the
	 * rounding lost, so rounding to an integer is decided exactly as
	 * printf decides it. m is at least 2^46, so its fraction is a multiple
	 * of 1/64 and the lost part is at most half of that: only a fraction
	 * of exactly one half needs it. An exact tie is left to printf.
	 */
	frac = m - floor(m);
	if (frac == 0.5) {
		double lost = fma(a, p10[k], -m);

		if (lost == 0)
			return 0;
		r = (uint64_t)floor(m) + (lost > 0);
	} else {
		r = (uint64_t)floor(m) + (frac > 0.5);
	}
	if (r >= UINT64_C(1000000000000000)) {
		if (e + 1 >= 15)
			return 0;       /* printf would switch to an exponent */
		r = UINT64_C(100000000000000);
		e++;
	}
	/* Trailing zeros go first (r has at most 14), then the digits left. */
	nd = 15;
	if (r % 100000000 == 0)
		r /= 100000000, nd -= 8;
	if (r % 10000 == 0)
		r /= 10000, nd -= 4;
	if (r % 100 == 0)
		r /= 100, nd -= 2;
	if (r % 10 == 0)
		r /= 10, nd -= 1;
	for (size_t i = nd; i-- > 0; r /= 10)
		d[i] = (char)('0' + r % 10);
	if (e >= 0 && (size_t)e + 1 > nd)  /* zeros before the point */
		memset(d + nd, '0', (size_t)e + 1 - nd);
	if (v < 0)
		buf[len++] = '-';
	if (e >= 0) {
		memcpy(buf + len, d, (size_t)e + 1);
		len += (size_t)e + 1;
		if (nd > (size_t)e + 1) {
			buf[len++] = '.';
			memcpy(buf + len, d + e + 1, nd - (size_t)e - 1);
			len += nd - (size_t)e - 1;
		}
	} else {
		buf[len++] = '0';
		buf[len++] = '.';
		for (int i = -1; i > e; i--)
			buf[len++] = '0';
		memcpy(buf + len, d, nd);
		len += nd;
	}
	buf[len] = '\0';
	return len;
}
