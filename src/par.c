/*
 * Work on POSIX threads, in two shapes. A batch runner: workers are started
 * once per call and woken for each batch; items of a batch are handed out
 * by an atomic counter, so a slow entity does not hold the others up; the
 * calling thread works too, then consumes the batch in order while the
 * workers wait. A pipeline: the workers never wait for the consumer unless
 * they are a window ahead of it. Both consume in item order, which keeps the
 * output (and so the report's bytes) independent of the number of threads.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "par.h"
#include "pattern.h"
#include "xalloc.h"

struct par {
	void (*work)(void *arg, int thread, size_t i);
	void *arg;
	size_t lo, hi;                  /* the current batch */
	_Atomic size_t next;
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	unsigned long gen;              /* batches started */
	int busy;                       /* workers still on this batch */
	bool quit;
};

/* A thread of either shape: p is its struct par or struct pipe. */
struct worker {
	void *p;
	int thread;
	pthread_t tid;
};

/*
 * Start threads 1 to nthreads - 1 on fn, into ws; returns how many
 * started. Fewer threads than asked for is slower, never wrong.
 */
static int
start_workers(struct worker *ws, int nthreads, void *p, void *(*fn)(void *))
{
	int nw = 0;

	for (int t = 1; t < nthreads; t++) {
		ws[nw].p = p;
		ws[nw].thread = t;
		if (pthread_create(&ws[nw].tid, NULL, fn, &ws[nw]) != 0)
			break;
		nw++;
	}
	return nw;
}

static void
run_batch(struct par *p, int thread)
{
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->hi - p->lo)
		p->work(p->arg, thread, p->lo + i);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct par *p = w->p;
	unsigned long seen = 0;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->gen == seen && !p->quit)
			pthread_cond_wait(&p->go, &p->mu);
		seen = p->gen;
		if (p->quit) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		pthread_mutex_unlock(&p->mu);
		run_batch(p, w->thread);
		pthread_mutex_lock(&p->mu);
		if (--p->busy == 0)
			pthread_cond_signal(&p->done);
		pthread_mutex_unlock(&p->mu);
	}
	pattern_thread_release();
	return NULL;
}

int
par_threads(int jobs)
{
	long n = jobs > 0 ? jobs : sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > PAR_MAX_THREADS ? PAR_MAX_THREADS : (int)n;
}

int
par_batches(size_t n, size_t batch, int nthreads,
    void (*work)(void *arg, int thread, size_t i),
    int (*consume)(void *arg, size_t i), void *arg)
{
	struct par p = { .work = work, .arg = arg };
	struct worker *ws = NULL;
	int nw = 0, rc = 0;

	if (batch == 0)
		batch = 1;
	if (nthreads > 1 && n > 1) {
		pthread_mutex_init(&p.mu, NULL);
		pthread_cond_init(&p.go, NULL);
		pthread_cond_init(&p.done, NULL);
		ws = xcalloc((size_t)nthreads - 1, sizeof(*ws));
		nw = start_workers(ws, nthreads, &p, worker_main);
	}
	for (size_t lo = 0; lo < n && rc == 0; lo += batch) {
		p.lo = lo;
		p.hi = n - lo > batch ? lo + batch : n;
		atomic_store(&p.next, 0);
		if (nw > 0) {
			pthread_mutex_lock(&p.mu);
			p.busy = nw;
			p.gen++;
			pthread_cond_broadcast(&p.go);
			pthread_mutex_unlock(&p.mu);
		}
		run_batch(&p, 0);
		if (nw > 0) {
			pthread_mutex_lock(&p.mu);
			while (p.busy > 0)
				pthread_cond_wait(&p.done, &p.mu);
			pthread_mutex_unlock(&p.mu);
		}
		for (size_t i = p.lo; consume != NULL && i < p.hi && rc == 0; i++)
			rc = consume(arg, i);
	}
	if (ws != NULL) {
		pthread_mutex_lock(&p.mu);
		p.quit = true;
		pthread_cond_broadcast(&p.go);
		pthread_mutex_unlock(&p.mu);
		for (int t = 0; t < nw; t++)
			pthread_join(ws[t].tid, NULL);
		pthread_cond_destroy(&p.done);
		pthread_cond_destroy(&p.go);
		pthread_mutex_destroy(&p.mu);
		free(ws);
	}
	return rc;
}

/* ---- the pipeline ---- */

struct pipe {
	void (*work)(void *arg, int thread, size_t i);
	void *arg;
	size_t n, window;
	pthread_mutex_t mu;
	pthread_cond_t room;            /* a worker may go on */
	pthread_cond_t ready;           /* an item was worked */
	size_t next;                    /* the next item to hand out */
	size_t consumed;                /* items consumed so far */
	bool *done;                     /* per slot: worked, not yet consumed */
	bool stop;
};

/* Under the lock: the item to work next, or n when there is none now. */
static size_t
pipe_take(struct pipe *p)
{
	if (p->stop || p->next >= p->n || p->next >= p->consumed + p->window)
		return p->n;
	return p->next++;
}

/* Work item i (the lock is held on entry and on return). */
static void
pipe_work(struct pipe *p, int thread, size_t i)
{
	pthread_mutex_unlock(&p->mu);
	p->work(p->arg, thread, i);
	pthread_mutex_lock(&p->mu);
	p->done[i % p->window] = true;
	pthread_cond_signal(&p->ready);
}

static void *
pipe_main(void *arg)
{
	struct worker *w = arg;
	struct pipe *p = w->p;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t i = pipe_take(p);

		if (i < p->n) {
			pipe_work(p, w->thread, i);
			continue;
		}
		if (p->stop || p->next >= p->n)
			break;
		pthread_cond_wait(&p->room, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	pattern_thread_release();
	return NULL;
}

int
par_pipeline(size_t n, size_t window, int nthreads,
    void (*work)(void *arg, int thread, size_t i),
    int (*consume)(void *arg, size_t i), void *arg)
{
	struct pipe p = { .work = work, .arg = arg, .n = n };
	struct worker *ws;
	int nw = 0, rc = 0;

	if (nthreads <= 1 || n <= 1)
		return par_batches(n, 1, 1, work, consume, arg);
	p.window = window > 0 ? window : 1;
	p.done = xcalloc(p.window, sizeof(*p.done));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.room, NULL);
	pthread_cond_init(&p.ready, NULL);
	ws = xcalloc((size_t)nthreads - 1, sizeof(*ws));
	nw = start_workers(ws, nthreads, &p, pipe_main);
	pthread_mutex_lock(&p.mu);
	while (p.consumed < n && rc == 0) {
		size_t c = p.consumed;
		bool *d = &p.done[c % p.window];

		/* The calling thread works while the item it needs is not ready. */
		while (!*d) {
			size_t i = pipe_take(&p);

			if (i < n)
				pipe_work(&p, 0, i);
			else
				pthread_cond_wait(&p.ready, &p.mu);
		}
		*d = false;
		pthread_mutex_unlock(&p.mu);
		rc = consume(arg, c);
		pthread_mutex_lock(&p.mu);
		p.consumed++;
		p.stop = rc != 0;
		pthread_cond_broadcast(&p.room);
	}
	p.stop = true;
	pthread_cond_broadcast(&p.room);
	pthread_mutex_unlock(&p.mu);
	for (int t = 0; t < nw; t++)
		pthread_join(ws[t].tid, NULL);
	pthread_cond_destroy(&p.ready);
	pthread_cond_destroy(&p.room);
	pthread_mutex_destroy(&p.mu);
	free(ws);
	free(p.done);
	return rc;
}
