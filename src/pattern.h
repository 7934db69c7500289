/*
 * PCRE2 patterns: compiled once (JIT when the library has it), matched with
 * match and depth limits so that a pathological pattern ends in bounded time.
 */
#ifndef RC_PATTERN_H
#define RC_PATTERN_H

#include <stddef.h>

#define PATTERN_MATCH_LIMIT 1000000u
#define PATTERN_DEPTH_LIMIT 10000u

struct pattern;

enum pattern_result {
	PAT_MATCH,
	PAT_NOMATCH,
	PAT_LIMIT,              /* match or depth limit hit */
	PAT_ERROR,
};

/*
 * Compile src (UTF-8). On failure returns NULL and writes PCRE2's message to
 * errbuf and the 0-based offset of the problem to *erroff.
 */
struct pattern *pattern_compile(const char *src, char *errbuf, size_t errsize,
    size_t *erroff);
enum pattern_result pattern_match(const struct pattern *p, const char *s,
    size_t len);
/* Free the calling thread's match data (each thread calls it as it ends). */
void pattern_thread_release(void);
const char *pattern_source(const struct pattern *p);
void pattern_free(struct pattern *p);

#endif
