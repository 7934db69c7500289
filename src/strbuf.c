/*
 * Growable NUL-terminated buffers.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

void
strbuf_init(struct strbuf *sb)
{
	sb->cap = 64;
	sb->buf = xmalloc(sb->cap);
	sb->buf[0] = '\0';
	sb->len = 0;
}

void
strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->buf[0] = '\0';
}

void
strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (extra >= SIZE_MAX - sb->len)
		xalloc_die();
	xgrow(&sb->buf, &sb->cap, sb->len + extra + 1, 1);
}

void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= sb->cap - sb->len) {
		strbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *
strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf;

	strbuf_init(sb);
	return p;
}

int
strbuf_read(struct strbuf *sb, FILE *fp)
{
	size_t n;

	do {
		strbuf_grow(sb, 65536);
		n = fread(sb->buf + sb->len, 1, 65536, fp);
		sb->len += n;
		sb->buf[sb->len] = '\0';
	} while (n > 0);
	return ferror(fp) ? -1 : 0;
}
