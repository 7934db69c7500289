/*
 * libFuzzer entry point for the expression language: the input is parsed
 * against a small catalogue and, when it parses, its operands are listed
 * and it is evaluated with values (some missing, some zero) derived from
 * the input, so that division by zero and missing operands are reached.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "expr.h"
#include "fuzz_common.h"
#include "rulebook.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct rulebook book;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_book_init(&book, "fuzz_expr");
	return 0;
}

/* Values by indicator number: a seed picks which are missing or zero. */
static int
value_of(void *ctx, int ind, bool prev, double *out, char *why, size_t whysize)
{
	unsigned seed = *(const unsigned *)ctx;
	unsigned k = (unsigned)ind * 2 + (prev ? 1 : 0);

	switch ((seed >> (k % 16) * 2) & 3) {
	case 0:
		snprintf(why, whysize, "no value of indicator %d%s", ind,
		    prev ? " the year before" : "");
		return -1;
	case 1:
		*out = 0;
		return 0;
	case 2:
		*out = -1.5 * (ind + 1);
		return 0;
	default:
		*out = 1e308;
		return 0;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct expr_error err;
	struct expr *e;
	char *src;

	if (size > EXPR_MAX_LEN + 16)
		return 0;
	/*
	 * The parser takes a length: give it exactly those bytes (no NUL after
	 * them) so that ASan catches any read past the end. Rule files hand it
	 * NUL-terminated text, so a terminator is only skipped, never needed.
	 */
	src = malloc(size ? size : 1);
	if (src == NULL)
		return 0;
	memcpy(src, data, size);
	arena_init(&a);
	memset(&err, 0, sizeof(err));
	e = expr_parse(src, size, &book.cat, &a, &err);
	if (e != NULL) {
		int inds[16];
		bool prev[16];
		unsigned seeds[] = { 0x00000000u, 0x55555555u, 0xAAAAAAAAu,
			0xFFFFFFFFu, 0x12345678u };
		double v;
		char why[256];

		(void)expr_operands(e, inds, prev, 16);
		for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
			struct expr_env env = { value_of, &seeds[i], &book.cat, src };

			why[0] = '\0';
			(void)expr_eval(e, &env, &v, why, sizeof(why));
		}
	} else if (err.pos < 0 || (size_t)err.pos > size || err.msg[0] == '\0') {
		/* Every error must point inside (or just past) the source. */
		abort();
	}
	arena_release(&a);
	free(src);
	return 0;
}
