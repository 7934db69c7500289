/*
 * File input for the reader. A regular file is read with pread in slices
 * of SLICE_SIZE into a buffer of each reading thread, so that memory does
 * not grow with the file and a file cut short while it is read is an
 * input error like any other; a buffer in memory is read the same way,
 * without the copies. A large file's data records are parsed in chunks on
 * the program's thread pool (par.h), the SHA-256 of the file computed
 * there too; streams (pipes, standard input) are read in blocks.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "csvfile.h"
#include "csvreader.h"
#include "digest.h"
#include "importmap_input.h"
#include "par.h"
#include "xalloc.h"

#define BLOCK_SIZE      (64u << 10)     /* a stream is read at a time */
#define PAR_MIN_SIZE    (8u << 20)      /* smaller files are read on one thread */
#define SLICE_SIZE      (256u << 10)    /* read, hashed and fed at a time */

static const char shrank_msg[] = "the file shrank while it was being read; "
    "run again when it is complete";

/* Where the bytes come from: a file (fd >= 0) or memory. */
struct source {
	int fd;
	const char *mem;
	size_t size;
	_Atomic bool shrank;    /* the file ended before size */
	_Atomic int err;        /* a read failed with this errno */
};

/* Progress: bytes parsed so far, by every thread. */
struct progress {
	_Atomic size_t done;
	size_t total;
	const char *name;
	const struct csvin_opts *opts;
	atomic_flag busy;       /* a thread is reporting */
};

/*
 * Bytes [off, off + n) of the source: in place for memory, else read into
 * buf. NULL when they cannot be read (the source says why).
 */
static const char *
src_get(struct source *s, size_t off, size_t n, char *buf)
{
	size_t got = 0;

	if (s->fd < 0)
		return s->mem + off;
	while (got < n) {
		ssize_t k = pread(s->fd, buf + got, n - got, (off_t)(off + got));

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			atomic_store(&s->err, errno);
			return NULL;
		}
		if (k == 0) {
			atomic_store(&s->shrank, true);
			return NULL;
		}
		got += (size_t)k;
	}
	return buf;
}

/* Report progress to the caller from one thread at a time. */
static void
progress_show(struct progress *pg, bool last)
{
	if (pg == NULL || atomic_flag_test_and_set(&pg->busy))
		return;
	pg->opts->progress(pg->opts->progress_arg, pg->name,
	    last ? pg->total : atomic_load(&pg->done), pg->total);
	atomic_flag_clear(&pg->busy);
}

/* How one reader is fed from a source. */
struct feeder {
	struct source *src;
	char *buf;              /* slice bytes, for a file */
	size_t slice;           /* bytes read at a time, at most SLICE_SIZE */
	struct digest *dg;      /* hash what is read (NULL: not here) */
	size_t *hashed;         /* with dg: how far hashing got */
	_Atomic bool *abort;    /* a chunk's reader: set to stop every chunk */
	struct progress *prog;  /* NULL: no progress shown */
};

/*
 * Feed [off, end) of the source to r in slices. Returns where feeding
 * stopped (r paused, stopped, or the source failed).
 */
static size_t
feed_range(struct feeder *fd, struct reader *r, size_t off, size_t end)
{
	while (off < end && !r->sc.stop) {
		size_t n = end - off > fd->slice ? fd->slice : end - off, used;
		const char *p = src_get(fd->src, off, n, fd->buf), *stopped;

		if (p == NULL) {
			r->sc.stop = true;
			if (fd->abort != NULL)
				atomic_store(fd->abort, true);
			return off;
		}
		if (fd->dg != NULL && *fd->hashed < off + n) {
			digest_update(fd->dg, p + (*fd->hashed - off), off + n - *fd->hashed);
			*fd->hashed = off + n;
		}
		stopped = csvscan_feed(&r->sc, p, p + n);
		used = (size_t)(stopped - p);
		/*
		 * A chunk with a problem fails the whole parallel parse, so it
		 * stops the others at once rather than let them finish work that
		 * is then thrown away.
		 */
		if (fd->abort != NULL) {
			if (r->sc.stop || r->dl->n > 0 || r->dl->dropped > 0)
				atomic_store(fd->abort, true);
			if (atomic_load(fd->abort)) {
				r->sc.stop = true;
				return off + used;
			}
		}
		if (fd->prog != NULL) {
			atomic_fetch_add(&fd->prog->done, used);
			progress_show(fd->prog, false);
		}
		off += used;
		if (used != n)
			return off;
	}
	return off;
}

/* ---- parsing on several threads ---- */

/* One chunk of the data records, parsed into its own store. */
struct chunk {
	size_t off, end;        /* its bytes of the source */
	struct reader r;
	struct obsstore store;
	struct input_info info;
	struct diaglist dl;
	bool ok;                /* parsed without any diagnostic */
	uint32_t line_base;     /* lines of the input before the chunk */
	size_t pool_base;       /* where its texts go in the whole pool */
	struct obsstore *main;  /* the whole */
};

/* One attempt at a parallel parse: the par_batches argument. */
struct pass {
	struct source *src;
	struct chunk *cs;
	size_t n;
	_Atomic bool abort;     /* a chunk failed: the others stop */
	struct progress *prog;
	/* Item 0 hashes [hashed, size) into dg when set; the chunks follow. */
	bool hash;
	struct digest *dg;
	size_t hashed;
};

static void
chunk_init(struct chunk *c, const struct reader *m)
{
	memset(c, 0, sizeof(*c));
	obs_init(&c->store);
	c->store.cat = m->store->cat;
	for (size_t i = 0; i < m->store->nfiles; i++)
		obs_add_file(&c->store, m->store->files[i]);
	diag_init(&c->dl);
	csvreader_fork(&c->r, m, &c->store, &c->info, &c->dl);
}

static void
chunk_release(struct chunk *c)
{
	csvreader_release(&c->r);
	obs_release(&c->store);
	diag_release(&c->dl);
}

static void
chunk_parse(struct pass *ps, struct chunk *c)
{
	struct reader *r = &c->r;
	struct feeder fd = { .src = ps->src, .abort = &ps->abort, .prog = ps->prog };

	/* Small chunks (tests ask for them) need no more than their size. */
	fd.slice = c->end - c->off < SLICE_SIZE ? c->end - c->off : SLICE_SIZE;
	if (ps->src->fd >= 0 && fd.slice > 0)
		fd.buf = xmalloc(fd.slice);
	feed_range(&fd, r, c->off, c->end);
	free(fd.buf);
	csvscan_end(&r->sc, false);     /* ended inside a quoted field: stop */
	c->ok = !r->sc.stop && c->dl.n == 0 && c->dl.dropped == 0 && !r->sc.skip_to_eol;
}

/* The rest of the file into the digest, alongside the chunks. */
static void
hash_rest(struct pass *ps)
{
	struct source *s = ps->src;
	char *buf = s->fd >= 0 ? xmalloc(SLICE_SIZE) : NULL;

	while (ps->hashed < s->size) {
		size_t n = s->size - ps->hashed > SLICE_SIZE ? SLICE_SIZE : s->size - ps->hashed;
		const char *p = src_get(s, ps->hashed, n, buf);

		if (p == NULL) {
			atomic_store(&ps->abort, true);
			break;
		}
		digest_update(ps->dg, p, n);
		ps->hashed += n;
	}
	free(buf);
}

/* par_batches work: item i of a pass. */
static void
pass_work(void *arg, int thread, size_t i)
{
	struct pass *ps = arg;

	(void)thread;
	if (ps->hash && i == 0)
		hash_rest(ps);
	else
		chunk_parse(ps, &ps->cs[i - ps->hash]);
}

/*
 * Offset just after the first '\n' in [off, end) that quote parity (inq
 * at off; with exact unset, ignored) puts outside quotes; end when there
 * is none. In a file that parses cleanly a quote either opens or closes a
 * quoted field or is one of a doubled pair, so quote parity tells whether
 * a byte is inside quotes; in one that does not, the chunk holding the
 * first error reports it and the whole file is read again on one thread.
 */
static size_t
record_start(struct source *s, size_t off, size_t end, bool exact, bool inq, char *buf)
{
	/* A record starts soon after a cut: read a block at a time. */
	while (off < end) {
		size_t n = end - off > BLOCK_SIZE ? BLOCK_SIZE : end - off;
		const char *p = src_get(s, off, n, buf);

		if (p == NULL)
			return end;
		for (size_t k = 0; k < n; k++) {
			if (p[k] == '"' && exact)
				inq = !inq;
			else if (p[k] == '\n' && !inq)
				return off + k + 1;
		}
		off += n;
	}
	return end;
}

/* Quotes in [off, end) of the source, mod 2. */
static bool
quote_parity(struct source *s, size_t off, size_t end, char *buf)
{
	bool odd = false;

	while (off < end) {
		size_t n = end - off > SLICE_SIZE ? SLICE_SIZE : end - off;
		const char *p = src_get(s, off, n, buf), *x = p, *q = p + n;

		if (p == NULL)
			break;
		while ((x = memchr(x, '"', (size_t)(q - x))) != NULL) {
			odd = !odd;
			x++;
		}
		off += n;
	}
	return odd;
}

/*
 * Would merging the chunks in order set an entity's subject or sector to
 * two different things (within the chunks or against earlier inputs)? Then
 * the sequential reader must run to report it where it happens.
 */
static bool
chunks_conflict(const struct obsstore *g, const struct chunk *cs, size_t n)
{
	struct strtab seen;
	int *subj = NULL;
	const char **sect = NULL;
	size_t cap1 = 0, cap2 = 0;
	bool conflict = false;

	strtab_init(&seen, false);
	for (size_t k = 0; k < n && !conflict; k++) {
		const struct obsstore *ps = &cs[k].store;

		for (size_t i = 0; i < ps->n && !conflict; i++) {
			const struct entity *pe = &ps->ents[i];
			size_t len = strlen(pe->id), before = seen.n;
			int x = strtab_intern(&seen, pe->id, len);

			if (seen.n > before) {
				int gi = strtab_find(&g->ids, pe->id, len);

				xgrow(&subj, &cap1, seen.n, sizeof(*subj));
				xgrow(&sect, &cap2, seen.n, sizeof(*sect));
				subj[x] = gi >= 0 ? (int)g->ents[gi].subject : SUBJ_NONE;
				sect[x] = gi >= 0 ? g->ents[gi].sector : NULL;
			}
			if (pe->subject != SUBJ_NONE) {
				if (subj[x] == SUBJ_NONE)
					subj[x] = (int)pe->subject;
				else if (subj[x] != (int)pe->subject)
					conflict = true;
			}
			if (pe->sector != NULL) {
				if (sect[x] == NULL)
					sect[x] = pe->sector;
				else if (strcmp(sect[x], pe->sector) != 0)
					conflict = true;
			}
		}
	}
	strtab_release(&seen);
	free(subj);
	free(sect);
	return conflict;
}

/*
 * par_batches work: rebase chunk i's store for its place in the whole, and
 * copy its texts to theirs in the main store's pool.
 */
static void
chunk_rebase(void *arg, int thread, size_t i)
{
	struct chunk *c = (struct chunk *)arg + i;

	(void)thread;
	obs_rebase(&c->store, c->line_base, (uint32_t)c->pool_base);
	obs_texts_to(c->main, &c->store, c->pool_base);
}

enum split {
	SPLIT_GUESS,            /* chunks end at the first line feed after a cut */
	SPLIT_EXACT,            /* ... that quote parity puts outside quotes */
};

enum parallel {
	PAR_DONE,               /* merged into the main store */
	PAR_QUOTES,             /* a guessed end may be inside quotes: split exactly */
	PAR_SERIAL,             /* read [off, end) on one thread instead */
};

/* Where the chunks of [off, end) end, guessed or exact (see parse_parallel). */
static void
chunk_bounds(struct pass *ps, const struct reader *m, size_t off, size_t end,
    enum split how)
{
	size_t size = end - off, at = off, n = ps->n;
	char *buf = ps->src->fd >= 0 ? xmalloc(SLICE_SIZE) : NULL;
	bool inq = false;

	for (size_t k = 0; k < n; k++) {
		size_t want = off + size / n * (k + 1), stop;

		if (k == n - 1 || want < at)
			want = k == n - 1 ? end : at;
		if (k == n - 1) {
			stop = end;
		} else if (how == SPLIT_EXACT) {
			inq ^= quote_parity(ps->src, at, want, buf);
			stop = record_start(ps->src, want, end, true, inq, buf);
		} else {
			stop = record_start(ps->src, want, end, false, false, buf);
		}
		chunk_init(&ps->cs[k], m);
		ps->cs[k].off = at;
		ps->cs[k].end = stop;
		if (k < n - 1)
			inq = false;    /* stop is outside quotes */
		at = stop;
	}
	free(buf);
}

/* Merge the chunks that all parsed into m, in order. */
static void
chunks_merge(struct reader *m, struct chunk *cs, size_t n, int jobs)
{
	uint32_t base = m->sc.line - 1;
	size_t pool = m->store->poollen;

	/* Where each chunk's lines and texts fall in the whole. */
	for (size_t k = 0; k < n; k++) {
		cs[k].line_base = base;
		cs[k].pool_base = pool;
		base = cs[k].r.sc.line - 1 > UINT32_MAX - base ?
		    UINT32_MAX : base + cs[k].r.sc.line - 1;
		pool += cs[k].store.poollen;
	}
	obs_texts_room(m->store, pool);
	for (size_t k = 0; k < n; k++)
		cs[k].main = m->store;
	par_batches(n, n, jobs, chunk_rebase, NULL, cs);
	for (size_t k = 0; k < n; k++) {
		struct input_info *in = &cs[k].info;

		m->info->read += in->read;
		m->info->used += in->used;
		m->info->ignored += in->ignored;
		for (int i = 0; i < IGN__COUNT; i++)
			m->info->ignored_by[i] += in->ignored_by[i];
		csvreader_merge_unknowns(m, &cs[k].r, cs[k].line_base);
		obs_absorb(m->store, &cs[k].store);
	}
	m->sc.line = m->sc.rec_line = m->sc.fline = base + 1;
}

/*
 * Parse the data records [off, end) on jobs threads, in four chunks per
 * thread (taken in turn, so that a thread slowed by the hashing or by
 * another process does not leave the others waiting); with ps->hash, the
 * rest of the file is hashed as the first item of the same pool.
 *
 * Chunk ends are guessed first: the first line feed after each cut, which
 * needs no pass over the file beforehand. The guesses are then proven, in
 * order: the first chunk starts a record, and a chunk that starts a record
 * and parses to its end outside quotes (libcsv's strict end says so) has
 * ended a record, so the next chunk starts one too. When a guessed end
 * falls inside a quoted field, the chunk before it ends inside quotes, and
 * the one after it soon meets a problem, which stops every chunk. Any
 * failure merges nothing. The call then returns PAR_QUOTES unless the
 * first chunk, which surely starts a record, had a diagnostic: the caller
 * splits exactly, by quote parity, and tries again. PAR_SERIAL is for a
 * failure with the exact split or in the first chunk: reading on one
 * thread reports it in order.
 */
static enum parallel
parse_parallel(struct pass *ps, struct reader *m, size_t off, size_t end,
    int jobs, size_t chunk_size, enum split how)
{
	size_t size = end - off, n;
	bool ok = true, quotes;

	n = chunk_size > 0 ? (size + chunk_size - 1) / chunk_size : (size_t)jobs * 4;
	if (n < 2)
		return PAR_SERIAL;
	if (n > 4096)
		n = 4096;
	ps->cs = xcalloc(n, sizeof(*ps->cs));
	ps->n = n;
	atomic_store(&ps->abort, false);
	chunk_bounds(ps, m, off, end, how);
	par_batches(n + ps->hash, n + ps->hash, jobs, pass_work, NULL, ps);
	ps->hash = false;

	for (size_t k = 0; k < n && ok; k++)
		ok = ps->cs[k].ok;
	/*
	 * The first chunk starts a record, so a problem there is in the file;
	 * one elsewhere may come from a guessed end inside quotes.
	 */
	quotes = !ok && how == SPLIT_GUESS && ps->cs[0].dl.n == 0 &&
	    ps->cs[0].dl.dropped == 0;
	if (ok)
		ok = !chunks_conflict(m->store, ps->cs, n);
	/*
	 * A World Bank footer ends the data; rows in a later chunk must be
	 * reported where they are, by the sequential reader.
	 */
	for (size_t k = 0; ok && k + 1 < n; k++)
		if (ps->cs[k].r.wb_footer)
			for (size_t j = k + 1; ok && j < n; j++)
				ok = ps->cs[j].info.read == 0;
	if (ok)
		chunks_merge(m, ps->cs, n, jobs);
	for (size_t k = 0; k < n; k++)
		chunk_release(&ps->cs[k]);
	free(ps->cs);
	ps->cs = NULL;
	return ok ? PAR_DONE : quotes ? PAR_QUOTES : PAR_SERIAL;
}

/* ---- whole inputs ---- */

/*
 * Read a source: the header on this thread; the data records on jobs
 * threads when there is enough of them, else here.
 */
static int
read_source(struct source *src, const char *name, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl)
{
	struct reader r;
	struct progress pg;
	struct digest dg;
	struct pass ps;
	struct feeder fd = { .src = src, .slice = SLICE_SIZE, .dg = &dg };
	size_t errors = dl->nerrors, off = 0, end = src->size, hashed = 0;
	size_t chunk_size = opts->chunk_size;
	int jobs = par_threads(opts->jobs);
	char *buf = src->fd >= 0 ? xmalloc(SLICE_SIZE) : NULL;

	if (csvreader_start(&r, name, opts, store, info, dl) != 0) {
		free(buf);
		return -1;
	}
	if (opts->progress != NULL) {
		memset(&pg, 0, sizeof(pg));
		pg.total = end;
		pg.name = r.name;
		pg.opts = opts;
		atomic_flag_clear(&pg.busy);
		fd.prog = &pg;
	}
	fd.buf = buf;
	fd.hashed = &hashed;
	digest_init(&dg);
	if (end > 0) {
		/* As the stream reader does, judging the first block. */
		size_t n = end < BLOCK_SIZE ? end : BLOCK_SIZE;
		const char *p = src_get(src, 0, n, buf);

		if (p != NULL && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			digest_update(&dg, p, 3);
			hashed = off = 3;
		}
		if (p != NULL && csvscan_cr_only(p + off, p + n)) {
			diag_error(dl, r.name, 1, 0, "lines end with a carriage "
			    "return alone; save the file with LF or CRLF line endings");
			r.sc.stop = true;
		}
	}
	r.pause = true;
	off = feed_range(&fd, &r, off, end);
	r.pause = r.sc.pause = false;
	if (jobs > 1 && !r.sc.stop && r.state == RS_DATA &&
	    (chunk_size > 0 || end - off >= PAR_MIN_SIZE)) {
		/* Bytes of an attempt that failed are read again: not counted twice. */
		size_t done = fd.prog != NULL ? atomic_load(&pg.done) : 0;
		enum parallel pr;

		memset(&ps, 0, sizeof(ps));
		ps.src = src;
		ps.prog = fd.prog;
		ps.hash = true;
		ps.dg = &dg;
		ps.hashed = hashed;
		pr = parse_parallel(&ps, &r, off, end, jobs, chunk_size, SPLIT_GUESS);
		hashed = ps.hashed;
		if (pr != PAR_DONE && fd.prog != NULL)
			atomic_store(&pg.done, done);
		if (pr == PAR_QUOTES && !atomic_load(&src->shrank) && atomic_load(&src->err) == 0)
			pr = parse_parallel(&ps, &r, off, end, jobs, chunk_size, SPLIT_EXACT);
		if (pr != PAR_DONE && fd.prog != NULL)
			atomic_store(&pg.done, done);
		if (pr == PAR_DONE)
			off = end;
	}
	if (off < end && !r.sc.stop && !atomic_load(&src->shrank) && atomic_load(&src->err) == 0)
		off = feed_range(&fd, &r, off, end);
	/* What was not fed (a refusal stopped the reading) is hashed all the same. */
	while (hashed < end && !atomic_load(&src->shrank) && atomic_load(&src->err) == 0) {
		size_t n = end - hashed > SLICE_SIZE ? SLICE_SIZE : end - hashed;
		const char *p = src_get(src, hashed, n, buf);

		if (p != NULL)
			digest_update(&dg, p, n);
		hashed += n;
	}
	digest_final(&dg, info->sha256);
	free(buf);
	progress_show(fd.prog, true);
	if (atomic_load(&src->shrank)) {
		diag_error(dl, r.name, 0, 0, "%s", shrank_msg);
		obs_drop_file(store, r.file);
	} else if (atomic_load(&src->err) != 0) {
		diag_error(dl, NULL, 0, 0, "read error on '%s': %s", name,
		    strerror(atomic_load(&src->err)));
		obs_drop_file(store, r.file);
	} else {
		csvreader_finish(&r);
	}
	csvreader_release(&r);
	return dl->nerrors > errors ? -1 : 0;
}

int
csvfile_read_fd(int fd, size_t size, const char *name, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl)
{
	struct source src = { .fd = fd, .size = size };

	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

	return read_source(&src, name, opts, store, info, dl);
}

int
csvfile_read_mem(const char *data, size_t size, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl)
{
	struct source src = { .fd = -1, .mem = data, .size = size };

	return read_source(&src, name, opts, store, info, dl);
}

int
csvfile_read_stream(FILE *fp, const char *name, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl)
{
	struct reader r;
	struct digest dg;
	char *buf;
	size_t errors = dl->nerrors, pending = 0;
	bool first = true, ioerr = false, have_pending = false;

	buf = xmalloc(BLOCK_SIZE);
	/* The first block tells whether a map reads the input instead. */
	if (opts->map != NULL || opts->maps != NULL) {
		int rc;

		pending = fread(buf, 1, BLOCK_SIZE, fp);
		have_pending = true;
		if ((rc = importmap_try_stream(fp, buf, pending, name, opts, store,
		    info, dl)) != 1) {
			free(buf);
			return rc;
		}
	}
	if (csvreader_start(&r, name, opts, store, info, dl) != 0) {
		free(buf);
		return -1;
	}
	digest_init(&dg);
	for (;;) {
		size_t n = have_pending ? pending : fread(buf, 1, BLOCK_SIZE, fp);
		const char *p = buf;

		have_pending = false;
		if (n > 0) {
			digest_update(&dg, buf, n);
			/* A UTF-8 byte order mark at the very start is skipped. */
			if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
				p += 3;
			if (first && csvscan_cr_only(p, buf + n)) {
				diag_error(dl, r.name, 1, 0, "lines end with a carriage "
				    "return alone; save the file with LF or CRLF line endings");
				r.sc.stop = true;
				break;
			}
			first = false;
			csvscan_feed(&r.sc, p, buf + n);
			if (r.sc.stop)
				break;
		}
		if (n < BLOCK_SIZE) {
			if (ferror(fp)) {
				diag_error(dl, NULL, 0, 0, "read error on '%s': %s",
				    name, strerror(errno));
				ioerr = true;
			}
			break;
		}
	}
	free(buf);
	digest_final(&dg, info->sha256);
	if (!ioerr)
		csvreader_finish(&r);
	csvreader_release(&r);
	return ioerr || dl->nerrors > errors ? -1 : 0;
}
