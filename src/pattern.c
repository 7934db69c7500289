/*
 * PCRE2 (8-bit) patterns: compiled once with UTF semantics, JIT-compiled
 * when the library supports it, and matched under match and depth limits
 * so that a catastrophic pattern ends in bounded time.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "pattern.h"
#include "xalloc.h"

struct pattern {
	pcre2_code *code;
	/* Only read during a match, so one context serves every thread. */
	pcre2_match_context *mctx;
	char *src;
	bool jit;
};

struct pattern *
pattern_compile(const char *src, char *errbuf, size_t errsize, size_t *erroff)
{
	struct pattern *p;
	pcre2_code *code;
	int err;
	PCRE2_SIZE off = 0;

	code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
	    &err, &off, NULL);
	if (code == NULL) {
		if (errbuf != NULL && errsize > 0 &&
		    pcre2_get_error_message(err, (PCRE2_UCHAR *)errbuf, errsize) < 0 &&
		    errsize > 0)
			errbuf[errsize - 1] = '\0';
		if (erroff != NULL)
			*erroff = off;
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->code = code;
	/* Fall back to the interpreter silently when JIT is not available. */
	p->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	p->mctx = pcre2_match_context_create(NULL);
	if (p->mctx == NULL) {
		pcre2_code_free(code);
		free(p);
		return xmalloc(SIZE_MAX);       /* reports out of memory */
	}
	pcre2_set_match_limit(p->mctx, PATTERN_MATCH_LIMIT);
	pcre2_set_depth_limit(p->mctx, PATTERN_DEPTH_LIMIT);
	p->src = xstrdup(src);
	return p;
}

/*
 * One match-data block per thread, reused by every match: only whether a
 * pattern matches is asked, so one pair of offsets serves every pattern
 * (pcre2_match returns 0 instead of the number of pairs that did not fit).
 */
static _Thread_local pcre2_match_data *thread_md;

void
pattern_thread_release(void)
{
	pcre2_match_data_free(thread_md);
	thread_md = NULL;
}

enum pattern_result
pattern_match(const struct pattern *p, const char *s, size_t len)
{
	int rc;

	if (thread_md == NULL) {
		thread_md = pcre2_match_data_create(1, NULL);
		if (thread_md == NULL)
			xalloc_die();
	}
	rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, 0, 0, thread_md, p->mctx);
	if (rc >= 0)
		return PAT_MATCH;
	switch (rc) {
	case PCRE2_ERROR_NOMATCH:
		return PAT_NOMATCH;
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		return PAT_LIMIT;
	default:
		return PAT_ERROR;       /* e.g. the subject is not valid UTF-8 */
	}
}

const char *
pattern_source(const struct pattern *p)
{
	return p->src;
}

void
pattern_free(struct pattern *p)
{
	if (p == NULL)
		return;
	pcre2_match_context_free(p->mctx);
	pcre2_code_free(p->code);
	free(p->src);
	free(p);
}
