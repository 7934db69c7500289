/*
 * Economy names and codes: what a cell that names a country means. Text is
 * resolved to an economy, a former economy or an aggregate through tables
 * built into the program from ISO 3166 (Debian's iso-codes), the World
 * Bank's economy lists and UNCTADstat's (data/economies/README.md).
 *
 * An economy's canonical code is its ISO 3166-1 alpha-3 code; the two
 * economies the World Bank lists that ISO 3166-1 does not keep the World
 * Bank's code: XKX (Kosovo) and CHI (Channel Islands), so that every
 * economy of a World Bank file keeps the code the file gives it. Text is
 * read as:
 *   - 1 to 4 digits: a numeric code, with or without leading zeros: ISO
 *     3166 numeric (UN M49) and UNCTADstat's own codes ("251" France with
 *     its territories, "0000" World);
 *   - 2 or 3 letters or digits: a code, in any case: ISO 3166-1 alpha-2
 *     and alpha-3, the World Bank's codes (its 2-letter codes of
 *     aggregates such as "1W", legacy codes such as ROM, ZAR, KSV) and the
 *     codes ISO 3166-3 withdrew; 4 capital letters: ISO 3166-3's 4-letter
 *     codes (ANHH); failing that, a name;
 *   - anything else: a name, compared by its key (economies_key.h), so
 *     that case, accents, punctuation and spacing do not count; a name
 *     with one comma is also tried the other way round ("Korea, Republic
 *     of" = "Republic of Korea").
 * Every function is safe to call from several threads at once.
 */
#ifndef RC_ECONOMIES_H
#define RC_ECONOMIES_H

#include <stddef.h>

enum econ_kind {
	ECON_UNKNOWN = 0,       /* well-formed text that names nothing known */
	ECON_ECONOMY,           /* an economy of today */
	ECON_FORMER,            /* one that no longer exists (Netherlands Antilles) */
	ECON_AGGREGATE,         /* a region, income group or other group */
	ECON_BADTEXT            /* empty, over ECON_TEXT_MAX bytes, invalid
	                           UTF-8 or with control characters */
};

enum econ_via {
	ECON_VIA_NONE = 0,
	ECON_VIA_NUMERIC,
	ECON_VIA_CODE,          /* a letter code (alpha-2, alpha-3, World Bank) */
	ECON_VIA_NAME
};

struct econ_match {
	enum econ_kind kind;
	enum econ_via via;
	const char *code;       /* canonical code; NULL unless resolved */
	const char *name;       /* display name; NULL unless resolved */
};

/*
 * Leaves out the blanks around the *len bytes at *text: ASCII ones and the
 * Unicode white space of spreadsheet exports (the no-break space U+00A0,
 * U+2007, U+202F, U+3000 and the like). econ_resolve trims so itself.
 */
void econ_trim(const char **text, size_t *len);

/*
 * Resolves the len bytes at text (surrounding spaces do not count) and
 * returns out->kind. The strings out points at are static.
 */
enum econ_kind econ_resolve(const char *text, size_t len, struct econ_match *out);

/*
 * The display name of a canonical code (an economy's, a former economy's
 * or an aggregate's, in upper case), or NULL. Economies the World Bank
 * lists have its table name ("Korea, Rep."), the others ISO 3166's common
 * or short name.
 */
const char *econ_name(const char *code);

/*
 * Stores in out up to max display names of the known economies, former
 * economies and aggregates whose names are closest to the len bytes at
 * text, closest first, each once, and returns how many it stored (0 when
 * none is close or the text is not well formed). For "did you mean": it
 * reads every name, so call it once per unresolved name, not per row.
 */
size_t econ_suggest(const char *text, size_t len, const char **out, size_t max);

#endif
