/*
 * Economy names and codes (economies.h): lookups by bsearch in the sorted
 * tables that gen-economies built, so that resolving a cell costs a key
 * and a few comparisons, never a walk over the names. Only the suggestions
 * for a name that resolves to nothing read every name.
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "economies.h"
#include "economies_key.h"
#include "economies_table.h"
#include "xalloc.h"

static int
cmp_ref(const void *key, const void *elem)
{
	return strcmp(key, ((const struct econ_ref *)elem)->key);
}

static int
cmp_num(const void *key, const void *elem)
{
	unsigned a = *(const unsigned *)key, b = ((const struct econ_num *)elem)->num;

	return a < b ? -1 : a > b;
}

static int
cmp_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const struct econ_entry *)elem)->code);
}

static enum econ_kind
found(struct econ_match *out, unsigned entry, enum econ_via via)
{
	const struct econ_entry *e = &econ_entries[entry];

	out->kind = (enum econ_kind)e->kind;
	out->via = via;
	out->code = e->code;
	out->name = e->name;
	return out->kind;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Unicode white space, not a control character (U+0085 stays bad text). */
static bool
is_blank(ucs4_t c)
{
	return c >= 0xa0 && uc_is_property_white_space(c);
}

void
econ_trim(const char **text, size_t *len)
{
	const uint8_t *s = (const uint8_t *)*text, *end = s + *len;

	while (s < end) {
		ucs4_t c;
		int n = u8_mbtouc(&c, s, (size_t)(end - s));

		if (!(c < 0x80 ? is_space((char)c) : is_blank(c)))
			break;
		s += n;
	}
	while (end > s) {
		ucs4_t c;
		const uint8_t *p = u8_prev(&c, end, s);

		if (p == NULL ||
		    !(c < 0x80 ? is_space((char)c) : is_blank(c)))
			break;
		end = p;
	}
	*text = (const char *)s;
	*len = (size_t)(end - s);
}

static bool
is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * Whether text may be a code: 2 or 3 letters or digits in any case, or 4
 * capital letters (ISO 3166-3's codes of former countries), so that
 * "Cuba" and "Peru" go straight to the names.
 */
static bool
is_code(const char *text, size_t len)
{
	if (len == 2 || len == 3) {
		for (size_t i = 0; i < len; i++)
			if (!is_alnum(text[i]))
				return false;
		return true;
	}
	if (len != 4)
		return false;
	for (size_t i = 0; i < len; i++)
		if (text[i] < 'A' || text[i] > 'Z')
			return false;
	return true;
}

/* A name's key looked up; -1 when it has none or is not known. */
static int
by_name(const char *s, size_t len)
{
	char key[ECON_KEY_MAX + 1];
	const struct econ_ref *r;

	if (econ_key(s, len, key) <= 0)
		return -1;
	r = bsearch(key, econ_names, econ_names_count, sizeof(*r), cmp_ref);
	return r != NULL ? r->entry : -1;
}

enum econ_kind
econ_resolve(const char *text, size_t len, struct econ_match *out)
{
	const char *comma;
	size_t digits = 0;
	unsigned num = 0;
	int e;

	memset(out, 0, sizeof(*out));
	econ_trim(&text, &len);
	if (len == 0 || !econ_text_ok(text, len))
		return out->kind = ECON_BADTEXT;

	/* text is not NUL-terminated: the digits are read here, not by atoi. */
	for (; digits < len && text[digits] >= '0' && text[digits] <= '9'; digits++)
		if (digits < 4)
			num = num * 10 + (unsigned)(text[digits] - '0');
	if (digits == len && len <= 4) {
		const struct econ_num *n = bsearch(&num, econ_numbers,
		    econ_numbers_count, sizeof(*n), cmp_num);

		return n != NULL ? found(out, n->entry, ECON_VIA_NUMERIC) : ECON_UNKNOWN;
	}
	if (is_code(text, len)) {
		char code[5];
		const struct econ_ref *r;

		for (size_t i = 0; i < len; i++)
			code[i] = text[i] >= 'a' && text[i] <= 'z' ? (char)(text[i] - 32) : text[i];
		code[len] = '\0';
		r = bsearch(code, econ_codes, econ_codes_count, sizeof(*r), cmp_ref);
		if (r != NULL)
			return found(out, r->entry, ECON_VIA_CODE);
	}

	if ((e = by_name(text, len)) >= 0)
		return found(out, (unsigned)e, ECON_VIA_NAME);
	/*
	 * "China, Hong Kong SAR" the other way round. The tables hold both
	 * orders of their own names with one comma; this covers a name whose
	 * comma only the file has.
	 */
	comma = memchr(text, ',', len);
	if (comma != NULL && memchr(comma + 1, ',', len - (size_t)(comma + 1 - text)) == NULL) {
		char other[ECON_TEXT_MAX + 1];
		size_t a = (size_t)(comma - text), b = len - a - 1;

		memcpy(other, comma + 1, b);
		other[b] = ' ';
		memcpy(other + b + 1, text, a);
		if ((e = by_name(other, len)) >= 0)
			return found(out, (unsigned)e, ECON_VIA_NAME);
	}
	return ECON_UNKNOWN;
}

const char *
econ_name(const char *code)
{
	const struct econ_entry *e;

	if (code == NULL)
		return NULL;
	e = bsearch(code, econ_entries, econ_entries_count, sizeof(*e), cmp_entry);
	return e != NULL ? e->name : NULL;
}

/* ---- suggestions ---- */

/*
 * The optimal string alignment distance of a and b (insertions,
 * deletions, substitutions, transpositions of neighbours), or limit + 1
 * when it is over limit.
 */
static unsigned
distance(const char *a, size_t m, const char *b, size_t n, unsigned limit)
{
	unsigned rows[3][ECON_KEY_MAX + 1];
	unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if ((m > n ? m - n : n - m) > limit)
		return limit + 1;
	for (size_t j = 0; j <= n; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= m; i++) {
		unsigned low;
		unsigned *t;

		cur[0] = (unsigned)i;
		low = cur[0];
		for (size_t j = 1; j <= n; j++) {
			unsigned cost = a[i - 1] != b[j - 1];
			unsigned v = prev[j - 1] + cost;

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < low)
				low = v;
		}
		if (low > limit)
			return limit + 1;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[n];
}

static size_t
count_words(const char *s)
{
	size_t n = *s != '\0';

	for (; *s; s++)
		n += *s == ' ';
	return n;
}

/* How many edits a word of n bytes may be off and still match. */
static unsigned
word_limit(size_t n)
{
	return n <= 3 ? 0 : n <= 6 ? 1 : 2;
}

/*
 * How far the words of q are from those of k: for each word of q, the
 * distance to the closest word of k (which must be within word_limit),
 * summed, plus the number of words k has more. "korea repblic" is 2 from
 * "korea republic of", "hong kong sar" 1 from "hong kong sar china".
 * UINT_MAX when some word of q has no close word in k.
 */
static unsigned
word_distance(const char *q, size_t qwords, const char *k)
{
	size_t kwords = count_words(k);
	unsigned sum = 0;

	if (kwords < qwords || kwords - qwords > 4)
		return UINT_MAX;
	for (const char *w = q; *w != '\0'; ) {
		const char *end = strchr(w, ' ');
		size_t n = end != NULL ? (size_t)(end - w) : strlen(w);
		unsigned lim = word_limit(n), best = lim + 1;

		for (const char *p = k; best > 0; ) {
			const char *pend = strchr(p, ' ');
			size_t pn = pend != NULL ? (size_t)(pend - p) : strlen(p);
			unsigned d = distance(w, n, p, pn, lim);

			if (d < best)
				best = d;
			if (pend == NULL)
				break;
			p = pend + 1;
		}
		if (best > lim)
			return UINT_MAX;
		sum += best;
		w += n + (end != NULL);
	}
	return sum + (unsigned)(kwords - qwords);
}

/*
 * How far the query key q is from the name key k, or UINT_MAX when not
 * close: the smaller of the edit distance of the whole keys, within a
 * limit that grows with the length, and the distance of their words
 * (at most 4: "vatican" is 4 from "holy see vatican city state").
 */
static unsigned
closeness(const char *q, size_t qlen, size_t qwords, const char *k)
{
	unsigned limit = qlen <= 4 ? 1 : qlen <= 8 ? 2 : qlen <= 16 ? 3 : 4;
	unsigned d = distance(q, qlen, k, strlen(k), limit);
	unsigned w = word_distance(q, qwords, k);

	if (d > limit)
		d = UINT_MAX;
	return w <= 4 && w < d ? w : d;
}

struct candidate {
	unsigned score;
	unsigned entry;
};

static int
cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return strcmp(econ_entries[x->entry].name, econ_entries[y->entry].name);
}

size_t
econ_suggest(const char *text, size_t len, const char **out, size_t max)
{
	char key[ECON_KEY_MAX + 1];
	struct candidate *best;
	size_t nbest = 0, klen, kwords;
	int n = econ_key(text, len, key);

	if (n <= 0 || max == 0)
		return 0;
	klen = (size_t)n;
	kwords = count_words(key);
	/* One slot per entry: the closest of its names counts. */
	best = xcalloc(econ_entries_count, sizeof(*best));
	for (size_t i = 0; i < econ_entries_count; i++)
		best[i] = (struct candidate){ UINT_MAX, (unsigned)i };
	for (size_t i = 0; i < econ_names_count; i++) {
		unsigned s = closeness(key, klen, kwords, econ_names[i].key);
		struct candidate *c = &best[econ_names[i].entry];

		if (s < c->score)
			c->score = s;
	}
	for (size_t i = 0; i < econ_entries_count; i++)
		if (best[i].score != UINT_MAX)
			best[nbest++] = best[i];
	qsort(best, nbest, sizeof(*best), cmp_candidate);
	if (nbest > max)
		nbest = max;
	for (size_t i = 0; i < nbest; i++)
		out[i] = econ_entries[best[i].entry].name;
	free(best);
	return nbest;
}
