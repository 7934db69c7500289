/*
 * The report pipeline (see report.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "strbuf.h"
#include "xalloc.h"

/* Note the first write error of output o. */
static int
fail(struct report_out *o)
{
	if (!o->failed) {
		o->failed = true;
		o->err = errno;
	}
	return -1;
}


int
report_begin(struct report *r, const struct res_run *run,
    const struct writer *const *ws, FILE *const *fps, const struct wopts *opts,
    size_t n)
{
	int rc = 0;

	memset(r, 0, sizeof(*r));
	r->run = run;
	res_summary_init(&r->sum);
	r->n = n;
	r->outs = xcalloc(n ? n : 1, sizeof(*r->outs));
	for (size_t k = 0; k < n; k++) {
		struct report_out *o = &r->outs[k];

		o->w = ws[k];
		o->final = fps[k];
		o->ctx.run = run;
		o->ctx.color = opts != NULL && opts[k].color;
		o->ctx.detail = opts != NULL && opts[k].detail != DETAIL_DEFAULT ?
		    opts[k].detail : o->w->detail != DETAIL_DEFAULT ? o->w->detail : DETAIL_FULL;
		o->ctx.budget = opts != NULL && o->w->budgeted ? opts[k].budget : 0;
		o->ctx.full_report = opts != NULL ? opts[k].full_report : NULL;
		if (o->w->digests && !o->w->summary_first) {
			if ((o->digested = wctx_digest_open(o->final, &o->ctx.digest)) == NULL) {
				rc = fail(o);
				break;
			}
			o->final = o->digested;
		}
		if (o->w->summary_first) {
			/* Entities wait in an unlinked file until the head is known. */
			if ((o->spool = tmpfile()) == NULL) {
				rc = fail(o);
				break;
			}
			o->ctx.fp = o->spool;
		} else {
			o->ctx.fp = o->final;
			errno = 0;
			if (o->w->head(&o->ctx) != 0) {
				rc = fail(o);
				break;
			}
		}
	}
	return rc;
}

int
report_entity(struct report *r, const struct res_entity *e,
    const struct strbuf *const *text)
{
	res_summary_add(&r->sum, r->run, e);
	for (size_t k = 0; k < r->n; k++) {
		struct report_out *o = &r->outs[k];
		int rc;

		errno = 0;
		if (o->ctx.budget > 0 && o->spool != NULL) {
			xgrow(&o->offsets, &o->offcap, o->noffsets + 1, sizeof(*o->offsets));
			if ((o->offsets[o->noffsets++] = ftell(o->spool)) < 0)
				return fail(o);
		}
		if (text != NULL && text[k] != NULL)
			rc = fwrite(text[k]->buf, 1, text[k]->len, o->ctx.fp) == text[k]->len ?
			    0 : -1;
		else
			rc = o->w->entity(&o->ctx, e);
		o->ctx.nentities++;
		if (rc != 0)
			return fail(o);
	}
	return 0;
}

/* Copy what was spooled to the final stream. */
static int
copy_spool(struct report_out *o)
{
	char buf[1 << 16];
	size_t n;

	if (fflush(o->spool) != 0 || fseek(o->spool, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), o->spool)) > 0)
		if (fwrite(buf, 1, n, o->final) != n)
			return -1;
	return ferror(o->spool) ? -1 : 0;
}

/* Copy bytes [from, to) of the spool to the final stream. */
static int
copy_range(struct report_out *o, long from, long to)
{
	char buf[1 << 16];

	if (fseek(o->spool, from, SEEK_SET) != 0)
		return -1;
	while (from < to) {
		size_t want = to - from < (long)sizeof(buf) ? (size_t)(to - from) : sizeof(buf);

		if (fread(buf, 1, want, o->spool) != want || fwrite(buf, 1, want, o->final) != want)
			return -1;
		from += (long)want;
	}
	return 0;
}

/* What fn writes for o, measured in memory. */
static long
measure(struct report_out *o, int (*fn)(struct wctx *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	long n = -1;

	if (mem == NULL)
		return -1;
	o->ctx.fp = mem;
	if (fn(&o->ctx) == 0 && fflush(mem) == 0)
		n = (long)len;
	fclose(mem);
	free(buf);
	o->ctx.fp = o->final;
	return n;
}

/*
 * A budgeted report: the head, then the entities in order while they fit
 * with the tail, then the tail, which says how many were left out. The
 * cut falls between entities, so never inside a table or a character.
 */
static int
end_budgeted(struct report_out *o)
{
	long head, tail, end, used;
	size_t fit = 0, n = o->noffsets;

	if (fflush(o->spool) != 0 || fseek(o->spool, 0, SEEK_END) != 0 ||
	    (end = ftell(o->spool)) < 0)
		return -1;
	o->ctx.omitted = n;             /* the longest note the tail may write */
	if ((head = measure(o, o->w->head)) < 0 || (tail = measure(o, o->w->tail)) < 0)
		return -1;
	used = head + tail;
	while (fit < n) {
		long size = (fit + 1 < n ? o->offsets[fit + 1] : end) - o->offsets[fit];

		if (used + size > (long)o->ctx.budget)
			break;
		used += size;
		fit++;
	}
	o->ctx.omitted = n - fit;
	o->ctx.fp = o->final;
	if (o->w->head(&o->ctx) != 0)
		return -1;
	if (n > 0 && copy_range(o, o->offsets[0], fit < n ? o->offsets[fit] : end) != 0)
		return -1;
	return 0;
}

int
report_end(struct report *r)
{
	res_summary_finish(&r->sum, r->run);
	for (size_t k = 0; k < r->n; k++) {
		struct report_out *o = &r->outs[k];

		o->ctx.sum = &r->sum;
		errno = 0;
		if (o->w->summary_first && o->ctx.budget > 0) {
			if (end_budgeted(o) != 0)
				return fail(o);
		} else if (o->w->summary_first) {
			o->ctx.fp = o->final;
			if (o->w->head(&o->ctx) != 0 || copy_spool(o) != 0)
				return fail(o);
		}
		if (o->w->tail(&o->ctx) != 0 || fflush(o->final) != 0 || ferror(o->final))
			return fail(o);
	}
	return 0;
}

int
report_failed(const struct report *r, int *err)
{
	for (size_t k = 0; k < r->n; k++) {
		if (r->outs[k].failed) {
			*err = r->outs[k].err;
			return (int)k;
		}
	}
	return -1;
}

void
report_release(struct report *r)
{
	for (size_t k = 0; k < r->n; k++) {
		struct report_out *o = &r->outs[k];

		/* report_begin stops at the first output that fails: the rest are bare. */
		if (o->w == NULL)
			continue;
		if (o->w->release != NULL)
			o->w->release(&o->ctx);
		if (o->spool != NULL)
			fclose(o->spool);
		/*
		 * Written reports were flushed by report_end; the outputs are
		 * closed or given up by now, so nothing may reach them.
		 */
		if (o->digested != NULL) {
			wctx_digest_drop(o->ctx.digest);
			fclose(o->digested);
		}
		free(o->offsets);
	}
	free(r->outs);
	res_summary_release(&r->sum);
	memset(r, 0, sizeof(*r));
}
