/*
 * Reported values and their parsing from text: numbers without locale
 * guessing, booleans, missing markers.
 */
#ifndef RC_VALUE_H
#define RC_VALUE_H

#include <stddef.h>
#include <stdbool.h>

enum value_kind {
	V_NONE,                 /* no value (missing) */
	V_NUM,
	V_BOOL,
	V_TEXT,
};

/*
 * A value: one reported (the store hands them out), one a rule compares
 * with, or one a report shows.
 */
struct value {
	enum value_kind kind;
	bool b;                 /* V_BOOL */
	double num;             /* V_NUM (and V_BOOL as 0 or 1, in the store) */
	const char *text;       /* V_TEXT: NUL-terminated, owned elsewhere */
};

enum ind_type {
	IT_NUMBER,
	IT_PERCENT,
	IT_COUNT,
	IT_BOOLEAN,
	IT_TEXT,
};

enum numparse {
	NUM_OK,
	NUM_BAD,                /* not a decimal number */
	NUM_THOUSANDS,          /* looks like "1,234" or "1.234,5" */
	NUM_PERCENT,            /* trailing % where none is allowed */
	NUM_NOT_INTEGER,        /* a count with a fraction or below zero */
	NUM_RANGE,              /* a decimal beyond the largest double */
};

/* Names of indicator types, indexed by enum ind_type; NULL-terminated. */
extern const char *const ind_type_names[];
bool ind_type_is_numeric(enum ind_type t);

/* Empty (after trimming), "NA", "N/A" or ".." (case-insensitive). */
bool value_is_missing(const char *s, size_t len);
/*
 * Parse a decimal number: optional sign, digits with an optional fraction,
 * optional exponent, surrounding blanks trimmed; a trailing '%' when
 * allow_pct. No hex, inf or nan. Any number of digits, rounded once to the
 * nearest double (exact for short decimals; below the smallest double
 * that is zero); NUM_RANGE when the magnitude is beyond the largest.
 */
enum numparse value_parse_number(const char *s, size_t len, bool allow_pct,
    double *out);
/* yes/no/true/false, case-insensitive, blanks trimmed. 0 or -1. */
int value_parse_bool(const char *s, size_t len, bool *out);
/* Trim ASCII blanks from both ends of [*s, *s + *len). */
static inline bool
value_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline void
value_trim(const char **s, size_t *len)
{
	while (*len > 0 && value_is_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && value_is_blank((*s)[*len - 1]))
		(*len)--;
}
/*
 * Length of the valid UTF-8 sequence at s (at most n bytes: no overlongs,
 * no surrogates, at most U+10FFFF), or 0 when the bytes there are not one.
 */
size_t utf8_seq(const unsigned char *s, size_t n);
/*
 * Is [s, s + len) empty or made only of white space: ASCII blanks and the
 * Unicode spaces (no-break space U+00A0, U+1680, U+2000..U+200B, U+202F,
 * U+205F, U+3000, U+FEFF)? A required text such as a waiver's reason must
 * say something visible.
 */
bool utf8_is_blank(const char *s, size_t len);
/*
 * Cut s where its first byte that does not begin a valid UTF-8 sequence
 * is (a text cut short by snprintf can end inside a character); returns
 * the new length.
 */
size_t utf8_clip(char *s);
/*
 * printf's "%.15g" of v, exactly, for 1e-4 <= |v| < 1e15 (where %.15g has
 * no exponent), without printf's exact arithmetic: the 15 digits come from
 * one multiplication by a power of ten, whose error is far below what
 * could change them unless v lies within an eighth of a unit of the 15th
 * digit from a tie. Writes to buf (at least 24 bytes) and returns the
 * length; returns 0 for those near-ties and any other v.
 */
size_t value_format_g15(double v, char *buf);
/* v in decimal into buf (at least 21 bytes, not terminated); the length. */
size_t value_format_int(long long v, char *buf);
/* Format a number the way reports show it (shortest of %.10g). */
void value_format_num(double v, char *buf, size_t size);

struct strbuf;
/* Append v formatted by value_format_num. */
void value_add_num(struct strbuf *sb, double v);
/* Append v as reports show it: 3.5, yes, no, 'text' (quoted), (none). */
void value_text(struct strbuf *sb, const struct value *v, bool quote_text);

#endif
