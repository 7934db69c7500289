/*
 * Terminal-safe text: any text that comes from an input or a rule file is
 * shown through these functions in the text and markdown reports and in
 * diagnostics, so that a crafted entity id or value cannot move the cursor,
 * erase lines, set the window title or reverse the reading order of what
 * follows it.
 */
#ifndef RC_ESCAPE_H
#define RC_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct strbuf;

/*
 * What is escaped, always visibly and always as ASCII:
 *  - C0 controls and DEL as \xHH (tab, line feed and carriage return as
 *    \t, \n and \r);
 *  - C1 controls (U+0080..U+009F), the bidirectional controls (U+061C,
 *    U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), the line and paragraph
 *    separators (U+2028, U+2029) and U+FEFF as \uHHHH;
 *  - bytes that are not UTF-8 as \xHH.
 * Everything else, backslashes included, is kept as it is.
 */

/* Does [s, s + len) hold anything to escape? */
bool escape_needed(const char *s, size_t len);
/* Append [s, s + len) to sb, escaped. */
void escape_add(struct strbuf *sb, const char *s, size_t len);
/* Write the NUL-terminated s to fp, escaped; returns EOF on a write error. */
int escape_puts(const char *s, FILE *fp);
/*
 * How many characters the escaped form of the first n characters (UTF-8
 * sequences) of s takes, so that a caret under a source line can be moved
 * to where its character is shown.
 */
size_t escape_width(const char *s, size_t n);

#endif
