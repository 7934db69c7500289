/*
 * The threaded rendering shared by the writers that write an entity with
 * stdio.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "strbuf.h"
#include "writer.h"
#include "xalloc.h"

/*
 * Threaded rendering for writers that write an entity with stdio and keep
 * no state of their own: each thread runs the writer's entity function on
 * its own memory stream.
 */
struct stream_render {
	struct wctx ctx;
	int (*entity)(struct wctx *ctx, const struct res_entity *e);
	char *buf;
	size_t size;
};

void *
writer_stream_new(const struct wctx *ctx,
    int (*entity)(struct wctx *ctx, const struct res_entity *e))
{
	struct stream_render *s = xcalloc(1, sizeof(*s));

	s->ctx = *ctx;
	s->entity = entity;
	s->ctx.fp = open_memstream(&s->buf, &s->size);
	if (s->ctx.fp == NULL)
		xalloc_die();
	return s;
}

void
writer_stream_render(void *tstate, const struct res_entity *e, size_t index,
    struct strbuf *out)
{
	struct stream_render *s = tstate;
	off_t n;

	s->ctx.nentities = index;
	rewind(s->ctx.fp);
	/* A memory stream fails only when memory runs out. */
	if (s->entity(&s->ctx, e) != 0 || fflush(s->ctx.fp) != 0 ||
	    (n = ftello(s->ctx.fp)) < 0)
		xalloc_die();
	strbuf_add(out, s->buf, (size_t)n);
}

void
writer_stream_free(void *tstate)
{
	struct stream_render *s = tstate;

	if (s == NULL)
		return;
	fclose(s->ctx.fp);
	free(s->buf);
	free(s);
}

/* ---- streams that digest what goes through them ---- */

struct wdigest {
	FILE *to;
	struct digest d;
	bool done;                      /* finalised: no more digesting */
};

static ssize_t
wdigest_write(void *cookie, const char *buf, size_t n)
{
	struct wdigest *w = cookie;

	if (w->to == NULL)              /* dropped: its output is gone */
		return (ssize_t)n;
	if (!w->done)
		digest_update(&w->d, buf, n);
	if (fwrite(buf, 1, n, w->to) != n)
		return -1;
	return (ssize_t)n;
}

static int
wdigest_close(void *cookie)
{
	struct wdigest *w = cookie;
	char hex[65];

	if (!w->done)
		digest_final(&w->d, hex);
	free(w);
	return 0;
}

FILE *
wctx_digest_open(FILE *to, struct wdigest **out)
{
	static const cookie_io_functions_t io = { NULL, wdigest_write, NULL, wdigest_close };
	struct wdigest *w = xcalloc(1, sizeof(*w));
	FILE *fp;

	w->to = to;
	digest_init(&w->d);
	if ((fp = fopencookie(w, "w", io)) == NULL) {
		digest_final(&w->d, (char[65]){ 0 });
		free(w);
		return NULL;
	}
	/*
	 * Unbuffered: a writer hands over whole entities, which go to the
	 * digest and on to the file without a copy into a buffer of this
	 * stream (the file's own stream buffers small writes).
	 */
	setvbuf(fp, NULL, _IONBF, 0);
	*out = w;
	return fp;
}

void
wctx_digest_drop(struct wdigest *w)
{
	if (w != NULL)
		w->to = NULL;
}

int
wctx_digest(struct wctx *ctx, char hex[65])
{
	struct wdigest *w = ctx->digest;

	if (w == NULL || w->done || fflush(ctx->fp) != 0)
		return -1;
	digest_final(&w->d, hex);
	w->done = true;
	return 0;
}
