/*
 * The threaded rendering shared by the writers that write an entity with
 * stdio.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
