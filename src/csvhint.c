/*
 * Hints for a CSV header that no layout fits. They are worked out once per
 * refused file, from the header record only, so they cost nothing on the
 * way of the files that are read.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "csvhint.h"
#include "strbuf.h"

#define SHOW_COLS 6             /* columns named in the message */
#define SHOW_BYTES 40           /* bytes shown of one column's name */

static int
has_col(const struct csvhint_col *cols, size_t n, const char *want)
{
	size_t wl = strlen(want);

	for (size_t i = 0; i < n; i++)
		if (cols[i].len == wl && strncasecmp(cols[i].s, want, wl) == 0)
			return 1;
	return 0;
}

/* Known files that describe economies or series rather than give values. */
static const struct {
	const char *cols[3];
	const char *what;
} metadata_kinds[] = {
	{ { "country code", "region", "incomegroup" },
	  "a World Bank country metadata file (Metadata_Country_...): it lists "
	  "economies with their region and income group, not values; give the "
	  "data file of the same download (API_...)" },
	{ { "country code", "short name", "table name" },
	  "the World Bank's country table (WDICountry.csv): it lists economies "
	  "and aggregates, not values; give the data file (WDIData.csv or "
	  "WDICSV.csv)" },
	{ { "indicator_code", "indicator_name", "source_note" },
	  "a World Bank indicator metadata file (Metadata_Indicator_...): it "
	  "describes the series, not its values; give the data file of the same "
	  "download (API_...)" },
	{ { "seriescode", "indicator name", "long definition" },
	  "the World Bank's series table (WDISeries.csv): it describes series, "
	  "not their values; give the data file" },
};

const char *
csvhint_metadata(const struct csvhint_col *cols, size_t n)
{
	for (size_t k = 0; k < sizeof(metadata_kinds) / sizeof(metadata_kinds[0]); k++) {
		int all = 1;

		for (size_t j = 0; j < 3 && all; j++)
			all = has_col(cols, n, metadata_kinds[k].cols[j]);
		if (all)
			return metadata_kinds[k].what;
	}
	return NULL;
}

char
csvhint_delimiter(const struct csvhint_col *cols, size_t n)
{
	static const char cands[] = ";\t|";
	char best = 0;
	size_t bestn = 0;

	/* A comma-separated header has several columns; this one has one. */
	if (n != 1)
		return 0;
	for (const char *c = cands; *c != '\0'; c++) {
		size_t k = 0;

		for (size_t i = 0; i < cols[0].len; i++)
			k += cols[0].s[i] == *c;
		if (k > bestn) {
			bestn = k;
			best = *c;
		}
	}
	return best;
}

void
csvhint_describe(struct strbuf *sb, const struct csvhint_col *cols, size_t n)
{
	char d = csvhint_delimiter(cols, n);

	strbuf_addf(sb, "it has %zu column%s: ", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && i < SHOW_COLS; i++) {
		size_t len = cols[i].len;

		if (len > SHOW_BYTES) {
			/* Cut at a character boundary of UTF-8. */
			len = SHOW_BYTES;
			while (len > 0 && ((unsigned char)cols[i].s[len] & 0xC0) == 0x80)
				len--;
		}
		strbuf_addf(sb, "%s'%.*s%s'", i > 0 ? ", " : "", (int)len, cols[i].s,
		    len < cols[i].len ? "..." : "");
	}
	if (n > SHOW_COLS)
		strbuf_addf(sb, ", and %zu more", n - SHOW_COLS);
	if (d != 0)
		strbuf_addf(sb, "; the file seems to be separated by '%s'",
		    d == '\t' ? "\\t" : d == ';' ? ";" : "|");
}

char *
csvhint_refusal(const struct csvhint_col *cols, size_t n, bool *known)
{
	const char *what = csvhint_metadata(cols, n);
	struct strbuf sb;
	char *msg;

	strbuf_init(&sb);
	*known = what != NULL;
	if (what != NULL) {
		strbuf_addf(&sb, "this is %s", what);
	} else {
		strbuf_adds(&sb, "cannot tell the layout from the header: need 'entity', "
		    "'indicator' and 'value' (long), 'entity' and indicator columns "
		    "(wide), or World Bank columns; ");
		csvhint_describe(&sb, cols, n);
	}
	msg = strbuf_detach(&sb);
	strbuf_release(&sb);
	return msg;
}
