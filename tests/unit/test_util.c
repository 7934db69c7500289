/*
 * Unit tests of the small utilities: arena, string table, string buffer,
 * diagnostics and their "did you mean" hints, SHA-256, the thread pipeline.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "digest.h"
#include "par.h"
#include "strbuf.h"
#include "strtab.h"

static void
test_arena_alloc_is_zeroed_and_aligned(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	for (int i = 1; i < 2000; i += 37) {
		unsigned char *p = arena_alloc(&a, (size_t)i);

		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xff, (size_t)i);
	}
	/* A large request gets a block of its own. */
	char *big = arena_alloc(&a, 1u << 20);
	big[(1u << 20) - 1] = 'x';
	assert_string_equal(arena_strndup(&a, "hello world", 5), "hello");
	arena_release(&a);
}

static void
test_strtab_interns_and_folds(void **state)
{
	struct strtab t, f;
	char buf[32];

	(void)state;
	strtab_init(&t, false);
	strtab_init(&f, true);
	assert_int_equal(strtab_intern(&t, "CHN", 3), 0);
	assert_int_equal(strtab_intern(&t, "USA", 3), 1);
	assert_int_equal(strtab_intern(&t, "CHN", 3), 0);
	assert_int_equal(strtab_find(&t, "chn", 3), -1);
	assert_int_equal(strtab_find(&t, "USAX", 3), 1);   /* length counts */
	assert_int_equal(strtab_intern(&f, "LP.LPI.CUST.XQ", 14), 0);
	assert_int_equal(strtab_find(&f, "lp.lpi.cust.xq", 14), 0);
	assert_string_equal(strtab_str(&f, 0), "LP.LPI.CUST.XQ");
	/* Growth keeps every index. */
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "e%d", i);
		assert_int_equal(strtab_intern(&t, buf, strlen(buf)), i + 2);
	}
	for (int i = 0; i < 5000; i += 97) {
		snprintf(buf, sizeof(buf), "e%d", i);
		assert_int_equal(strtab_find(&t, buf, strlen(buf)), i + 2);
	}
	strtab_release(&t);
	strtab_release(&f);
}

static void
test_strbuf_grows(void **state)
{
	struct strbuf sb;
	char *s;

	(void)state;
	strbuf_init(&sb);
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i % 10);
	assert_int_equal(sb.len, 2000);
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "ab");
	strbuf_addc(&sb, 'c');
	s = strbuf_detach(&sb);
	assert_string_equal(s, "abc");
	assert_int_equal(sb.len, 0);
	free(s);
	strbuf_release(&sb);
}

static void
test_diag_caps_per_file_and_prints_location(void **state)
{
	struct diaglist dl;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	diag_init(&dl);
	for (int i = 0; i < DIAG_MAX_PER_FILE + 5; i++)
		diag_error(&dl, "a.csv", i + 1, 2, "bad value '%d'", i);
	diag_error(&dl, "b.yaml", 3, 4, "unknown key 'x'");
	diag_warn(&dl, "c.csv", 9, 0, "no data rows");
	assert_int_equal(dl.nerrors, DIAG_MAX_PER_FILE + 6);
	assert_int_equal(dl.dropped, 5);
	assert_true(diag_failed(&dl));
	fp = open_memstream(&text, &len);
	diag_print(&dl, fp, "prog", false);
	fclose(fp);
	assert_non_null(strstr(text, "prog: a.csv:1:2: bad value '0'\n"));
	assert_non_null(strstr(text, "prog: b.yaml:3:4: unknown key 'x'\n"));
	assert_non_null(strstr(text, "prog: c.csv:9: warning: no data rows\n"));
	assert_non_null(strstr(text, "prog: 5 more errors not shown (at most 50 per file)\n"));
	assert_null(strstr(text, "bad value '50'"));
	free(text);
	diag_release(&dl);
}

static void
test_diag_strict_turns_warnings_into_failure(void **state)
{
	struct diaglist dl;

	(void)state;
	diag_init(&dl);
	diag_warn(&dl, "x.csv", 1, 0, "duplicate row");
	assert_false(diag_failed(&dl));
	dl.strict = true;
	assert_true(diag_failed(&dl));
	diag_release(&dl);
}

static void
test_diag_suggest(void **state)
{
	static const char *const keys[] = {"severity", "indicator", "weight", "title"};

	(void)state;
	assert_string_equal(diag_suggest("severty", keys, 4), "severity");
	assert_string_equal(diag_suggest("wieght", keys, 4), "weight");
	assert_string_equal(diag_suggest("indicatr", keys, 4), "indicator");
	assert_null(diag_suggest("colour", keys, 4));
}

static void
test_digest_known_vectors(void **state)
{
	char hex[65];
	struct digest d;

	(void)state;
	digest_buffer("", 0, hex);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	digest_init(&d);
	digest_update(&d, "a", 1);
	digest_update(&d, "bc", 2);
	digest_final(&d, hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/*
 * The pipeline's contract, on every shape of pool: each item is worked
 * once, never by two items on one thread index at a time, and consumed
 * in order while its slot (i % window) still holds it; a consume that
 * fails stops the work a window after it at most, and its value is
 * returned.
 */
#define PIPE_N 3000
#define PIPE_MAX_WINDOW 64

struct pipe_check {
	size_t window;
	size_t stop_at;                 /* consume fails here (PIPE_N: never) */
	_Atomic int worked[PIPE_N];
	_Atomic bool busy[PAR_MAX_THREADS];
	_Atomic bool clash;
	size_t slot[PIPE_MAX_WINDOW];
	size_t consumed;
	bool out_of_order;
};

static void
pipe_check_work(void *arg, int thread, size_t i)
{
	struct pipe_check *pc = arg;
	volatile unsigned spin = 0;

	if (atomic_exchange(&pc->busy[thread], true))
		atomic_store(&pc->clash, true);
	atomic_fetch_add(&pc->worked[i], 1);
	/* Uneven work, so that items finish out of order. */
	for (unsigned k = 0; k < (unsigned)(i * 7919 % 13) * 200; k++)
		spin++;
	pc->slot[i % pc->window] = i;
	atomic_store(&pc->busy[thread], false);
}

static int
pipe_check_consume(void *arg, size_t i)
{
	struct pipe_check *pc = arg;

	if (i != pc->consumed || pc->slot[i % pc->window] != i)
		pc->out_of_order = true;
	pc->consumed++;
	return i == pc->stop_at ? 7 : 0;
}

static void
test_par_pipeline(void **state)
{
	static const int threads[] = { 1, 2, 3, 8 };
	static const size_t windows[] = { 1, 2, 5, 64 };

	(void)state;
	for (size_t t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
			for (int fail = 0; fail < 2; fail++) {
				struct pipe_check *pc = calloc(1, sizeof(*pc));
				int rc;

				assert_non_null(pc);
				pc->window = windows[w];
				pc->stop_at = fail ? 1234 : PIPE_N;
				rc = par_pipeline(PIPE_N, pc->window, threads[t],
				    pipe_check_work, pipe_check_consume, pc);
				assert_false(pc->out_of_order);
				assert_false(atomic_load(&pc->clash));
				if (!fail) {
					assert_int_equal(rc, 0);
					assert_int_equal(pc->consumed, PIPE_N);
					for (size_t i = 0; i < PIPE_N; i++)
						assert_int_equal(atomic_load(&pc->worked[i]), 1);
				} else {
					assert_int_equal(rc, 7);
					assert_int_equal(pc->consumed, 1235);
					for (size_t i = 0; i < PIPE_N; i++)
						assert_true(i < 1235 ? atomic_load(&pc->worked[i]) == 1 :
						    i < 1235 + pc->window ? atomic_load(&pc->worked[i]) <= 1 :
						    atomic_load(&pc->worked[i]) == 0);
				}
				free(pc);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_is_zeroed_and_aligned),
		cmocka_unit_test(test_strtab_interns_and_folds),
		cmocka_unit_test(test_strbuf_grows),
		cmocka_unit_test(test_diag_caps_per_file_and_prints_location),
		cmocka_unit_test(test_diag_strict_turns_warnings_into_failure),
		cmocka_unit_test(test_diag_suggest),
		cmocka_unit_test(test_digest_known_vectors),
		cmocka_unit_test(test_par_pipeline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
