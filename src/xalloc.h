/*
 * Allocation that never returns NULL: on failure it reports and exits with
 * the internal-error status, so callers need no error path for memory.
 */
#ifndef RC_XALLOC_H
#define RC_XALLOC_H

#include <stddef.h>
#include <stdlib.h>

/*
 * Report that memory ran out and exit with the internal-error status, after
 * calling the cleanup function, if one is set.
 */
void xalloc_die(void) __attribute__((noreturn));
/*
 * The function xalloc_die calls first (NULL: none), e.g. to remove
 * temporary files. It must not allocate: memory has run out.
 */
void xalloc_set_cleanup(void (*fn)(void));
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc of nmemb * size bytes, with the product checked for overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *items (of *cap elements of size sz) so that it holds at least need. */
void xgrow(void *items, size_t *cap, size_t need, size_t sz);

#endif
