/*
 * What to tell the user of a CSV file that no layout and no import map
 * fits: the columns it has, the delimiter it seems to use, and what kind
 * of file it is when it is a known file that holds no values (the World
 * Bank's country and indicator metadata).
 */
#ifndef RC_CSVHINT_H
#define RC_CSVHINT_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/* One header field as read. */
struct csvhint_col {
	const char *s;
	size_t len;
};

/*
 * What a header of n columns belongs to when it is a known file without
 * values (a sentence to put after "'FILE' is "), else NULL.
 */
const char *csvhint_metadata(const struct csvhint_col *cols, size_t n);

/*
 * Append to sb what the header shows: "it has N columns: 'a', 'b', ..."
 * (the first few, each cut short) and, when the columns look like one
 * line of another delimiter, "; the file seems to be separated by ';'".
 */
void csvhint_describe(struct strbuf *sb, const struct csvhint_col *cols, size_t n);

/*
 * The message refusing a header that no layout fits (allocated): what the
 * file is when *known (a file without values), else "cannot tell the
 * layout" with what the header shows.
 */
char *csvhint_refusal(const struct csvhint_col *cols, size_t n, bool *known);

/*
 * The delimiter the header seems to use, when it is not a comma: the
 * character of ';', '\t' and '|' that occurs most in the single column the
 * header was read as, or 0.
 */
char csvhint_delimiter(const struct csvhint_col *cols, size_t n);

#endif
