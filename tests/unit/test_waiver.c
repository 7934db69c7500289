/*
 * Unit tests of finding waivers through their index: the first waiver in
 * the file for a rule and entity, else the first for every entity, never
 * an expired one; and, over thousands of waivers, the same answers as a
 * scan of the whole list.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "waiver.h"

static void
add(struct waivers *w, const char *rule, const char *entity, int expires)
{
	struct waiver *x;

	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->items = realloc(w->items, w->cap * sizeof(*w->items));
		assert_non_null(w->items);
	}
	x = &w->items[w->n++];
	memset(x, 0, sizeof(*x));
	x->rule_id = arena_strdup(&w->arena, rule);
	x->entity = arena_strdup(&w->arena, entity);
	x->reason = "r";
	x->expires = expires;
}

/* What waivers_find must answer, by a scan of every waiver. */
static const struct waiver *
scan(const struct waivers *w, const char *rule, const char *entity)
{
	const struct waiver *any = NULL;

	for (size_t i = 0; i < w->n; i++) {
		const struct waiver *x = &w->items[i];

		if (x->expired || strcmp(x->rule_id, rule) != 0)
			continue;
		if (strcmp(x->entity, entity) == 0)
			return x;
		if (any == NULL && strcmp(x->entity, "*") == 0)
			any = x;
	}
	return any;
}

static void
test_find_precedence_and_expiry(void **state)
{
	struct waivers w;
	char longid[300];

	(void)state;
	memset(longid, 'L', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	waivers_init(&w);
	add(&w, "HI-1.1", "*", 20991231);               /* 0 */
	add(&w, "HI-1.1", "DEU", 20991231);             /* 1: wins over 0 */
	add(&w, "HI-1.1", "DEU", 20991231);             /* 2: later, loses */
	add(&w, "HI-1.2", "DEU", 20200101);             /* 3: expired */
	add(&w, "HI-1.2", "*", 20991231);               /* 4 */
	add(&w, "HI-1.3", "FRA", 20200101);             /* 5: expired */
	add(&w, "HI-1.3", "FRA", 20991231);             /* 6 */
	add(&w, "HI-1.4", longid, 20991231);            /* 7: a long key */
	add(&w, "HI-1.5", "*", 20200101);               /* 8: expired */
	add(&w, "HI-1.6", "A B", 20991231);             /* 9: a blank in the id */
	/* Nothing is found before the list is settled. */
	assert_null(waivers_find(&w, "HI-1.1", "DEU"));
	waivers_settle(&w, 20260101);
	assert_true(w.items[3].expired && w.items[5].expired && w.items[8].expired);
	assert_false(w.items[0].expired || w.items[6].expired);
	assert_ptr_equal(waivers_find(&w, "HI-1.1", "DEU"), &w.items[1]);
	assert_ptr_equal(waivers_find(&w, "HI-1.1", "FRA"), &w.items[0]);
	assert_ptr_equal(waivers_find(&w, "HI-1.2", "DEU"), &w.items[4]);
	assert_ptr_equal(waivers_find(&w, "HI-1.3", "FRA"), &w.items[6]);
	assert_null(waivers_find(&w, "HI-1.3", "DEU"));
	assert_ptr_equal(waivers_find(&w, "HI-1.4", longid), &w.items[7]);
	longid[200] = '\0';
	assert_null(waivers_find(&w, "HI-1.4", longid));
	assert_null(waivers_find(&w, "HI-1.5", "DEU"));
	assert_ptr_equal(waivers_find(&w, "HI-1.6", "A B"), &w.items[9]);
	assert_null(waivers_find(&w, "HI-1.6", "A"));
	assert_null(waivers_find(&w, "HI-1.7", "DEU"));
	/* Settling again, on a later day, rebuilds the index. */
	waivers_settle(&w, 21000101);
	assert_null(waivers_find(&w, "HI-1.1", "DEU"));
	waivers_release(&w);
}

/*
 * 6,000 waivers (every tenth expired, every seventh for every entity)
 * over 40 rules and 500 entities: every pair gets the scan's answer.
 */
static void
test_index_agrees_with_scan(void **state)
{
	struct waivers w;
	char rule[16], ent[16];
	size_t found = 0;

	(void)state;
	waivers_init(&w);
	for (int i = 0; i < 6000; i++) {
		snprintf(rule, sizeof(rule), "R-%d", (i * 7) % 40);
		snprintf(ent, sizeof(ent), "E%d", (i * 13) % 500);
		add(&w, rule, i % 7 == 3 ? "*" : ent, i % 10 == 9 ? 20200101 : 20991231);
	}
	waivers_settle(&w, 20260101);
	for (int r = 0; r < 41; r++) {
		for (int e = 0; e < 501; e++) {
			const struct waiver *want;

			snprintf(rule, sizeof(rule), "R-%d", r);
			snprintf(ent, sizeof(ent), "E%d", e);
			want = scan(&w, rule, ent);
			assert_ptr_equal(waivers_find(&w, rule, ent), want);
			found += want != NULL;
		}
	}
	/* Both kinds of answer were asked for. */
	assert_true(found > 1000 && found < 41 * 501);
	waivers_release(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_precedence_and_expiry),
		cmocka_unit_test(test_index_agrees_with_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
