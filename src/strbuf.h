/*
 * A growable string buffer, always NUL-terminated. Reporters build text with
 * it; readers reuse one per row.
 */
#ifndef RC_STRBUF_H
#define RC_STRBUF_H

#include <stddef.h>
#include <stdarg.h>

struct strbuf {
	char *buf;      /* never NULL after strbuf_init */
	size_t len, cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Take the buffer; sb is left initialised and empty. */
char *strbuf_detach(struct strbuf *sb);

#endif
