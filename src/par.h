/*
 * Work on several threads, consumed in order: the evaluation passes run
 * entities on --jobs threads and write them in report order.
 */
#ifndef RC_PAR_H
#define RC_PAR_H

#include <stddef.h>

/* Threads never exceed this, whatever --jobs asks. */
#define PAR_MAX_THREADS 64

/* The threads to use for --jobs N: N, or the online processors for 0. */
int par_threads(int jobs);

/*
 * Run work(arg, thread, i) for every i in [0, n) on up to nthreads threads
 * (the calling thread is thread 0), batch items at a time; after each batch,
 * run consume(arg, i) for its items in order on the calling thread. Item i
 * may use slot i % batch of the caller's storage: a slot is not reused
 * before it has been consumed. Stops at the first consume that returns
 * nonzero and returns that value; returns 0 when all were consumed.
 * consume may be NULL: the work is all there is.
 */
int par_batches(size_t n, size_t batch, int nthreads,
    void (*work)(void *arg, int thread, size_t i),
    int (*consume)(void *arg, size_t i), void *arg);

/*
 * Run work(arg, thread, i) for every i in [0, n) on up to nthreads threads
 * and consume(arg, i) for each item in order on the calling thread, as a
 * pipeline: the workers go on with later items while the calling thread
 * consumes earlier ones, and it works too whenever the next item to consume
 * is not ready. At most window items are worked and not yet consumed, so
 * item i may use slot i % window of the caller's storage. Stops handing out
 * work at the first consume that returns nonzero and returns that value;
 * returns 0 when all were consumed.
 */
int par_pipeline(size_t n, size_t window, int nthreads,
    void (*work)(void *arg, int thread, size_t i),
    int (*consume)(void *arg, size_t i), void *arg);

#endif
