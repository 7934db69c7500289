/*
 * A growable string buffer, always NUL-terminated. Reporters build text with
 * it; readers reuse one per row.
 */
#ifndef RC_STRBUF_H
#define RC_STRBUF_H

#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct strbuf {
	char *buf;      /* never NULL after strbuf_init */
	size_t len, cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Make room for extra more bytes and the NUL. */
void strbuf_grow(struct strbuf *sb, size_t extra);

/* Adding is inline: reports add millions of short pieces. */
static inline void
strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->cap - sb->len <= n)
		strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void
strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

static inline void
strbuf_addc(struct strbuf *sb, char c)
{
	if (sb->cap - sb->len <= 1)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Take the buffer; sb is left initialised and empty. */
char *strbuf_detach(struct strbuf *sb);
/* Append the rest of fp; returns 0, or -1 on a read error (errno set). */
int strbuf_read(struct strbuf *sb, FILE *fp);

#endif
