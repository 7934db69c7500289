/*
 * Unit tests of the observation store: interning, the text pool, sorting,
 * duplicate and conflict detection, and lookups by year.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "diag.h"
#include "obs.h"

struct fixture {
	struct catalogue cat;
	struct obsstore s;
	struct diaglist dl;
	struct input_info in[2];
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct indicator a = { .id = "lpi_customs", .title = "LPI customs",
		.unit = "score", .type = IT_NUMBER };
	struct indicator b = { .id = "strategy", .title = "Strategy",
		.unit = "text", .type = IT_TEXT };

	catalogue_init(&fx->cat);
	catalogue_add_name(&fx->cat, a.id, catalogue_append(&fx->cat, &a));
	catalogue_add_name(&fx->cat, b.id, catalogue_append(&fx->cat, &b));
	obs_init(&fx->s);
	fx->s.cat = &fx->cat;
	diag_init(&fx->dl);
	assert_int_equal(obs_add_file(&fx->s, "a.csv"), 0);
	assert_int_equal(obs_add_file(&fx->s, "b.csv"), 1);
	fx->in[0].path = "a.csv";
	fx->in[1].path = "b.csv";
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	obs_release(&fx->s);
	diag_release(&fx->dl);
	catalogue_release(&fx->cat);
	free(fx);
	return 0;
}

static void
add_num(struct fixture *fx, int ent, int ind, int year, double v, int file,
    uint32_t line)
{
	struct obs o;

	memset(&o, 0, sizeof(o));
	o.kind = V_NUM;
	o.num = v;
	o.ind = (uint16_t)ind;
	o.year = (int16_t)year;
	o.file = (uint16_t)file;
	o.line = line;
	obs_add(&fx->s, ent, &o);
	fx->in[file].read++;
	fx->in[file].used++;
}

static void
test_entities_interned(void **state)
{
	struct fixture *fx = *state;
	int a = obs_entity(&fx->s, "DEU", 3, 0, 2);
	int b = obs_entity(&fx->s, "deu", 3, 0, 3);
	int c = obs_entity(&fx->s, "DEUX", 3, 1, 9);       /* only "DEU" */
	size_t *order;

	assert_int_equal(a, 0);
	assert_int_equal(b, 1);         /* ids are case-sensitive */
	assert_int_equal(c, 0);
	assert_int_equal(fx->s.n, 2);
	assert_string_equal(fx->s.ents[0].id, "DEU");
	assert_int_equal(fx->s.ents[0].line, 2);
	assert_int_equal(fx->s.ents[0].file, 0);
	assert_int_equal(fx->s.ents[0].subject, SUBJ_NONE);
	assert_null(fx->s.ents[0].sector);
	obs_entity(&fx->s, "AUT", 3, 0, 4);
	order = obs_sorted(&fx->s);
	assert_string_equal(fx->s.ents[order[0]].id, "AUT");
	assert_string_equal(fx->s.ents[order[1]].id, "DEU");
	assert_string_equal(fx->s.ents[order[2]].id, "deu");
	free(order);
}

static void
test_text_pool(void **state)
{
	struct fixture *fx = *state;
	uint32_t a = obs_text(&fx->s, "hello world", 5);
	uint32_t b = obs_text(&fx->s, "", 0);
	uint32_t c;
	char big[5000];

	memset(big, 'x', sizeof(big));
	c = obs_text(&fx->s, big, sizeof(big));
	assert_string_equal(obs_textp(&fx->s, a), "hello");
	assert_string_equal(obs_textp(&fx->s, b), "");
	assert_int_equal(strlen(obs_textp(&fx->s, c)), sizeof(big));
	/* Offsets survive the pool's growth. */
	assert_string_equal(obs_textp(&fx->s, a), "hello");
}

static void
test_sort_and_latest(void **state)
{
	struct fixture *fx = *state;
	int e = obs_entity(&fx->s, "FRA", 3, 0, 2);
	const struct entity *ent;
	const struct obs *o;
	struct value v;

	add_num(fx, e, 0, 2018, 3.6, 0, 5);
	add_num(fx, e, 0, 2012, 3.2, 0, 2);
	add_num(fx, e, 1, 0, 0, 0, 7);
	add_num(fx, e, 0, 2016, 3.4, 0, 3);
	add_num(fx, e, 0, 2010, 3.0, 1, 4);
	assert_int_equal(obs_finish(&fx->s, fx->in, 2, &fx->dl, 1), 0);
	assert_int_equal(fx->dl.n, 0);
	ent = &fx->s.ents[e];
	assert_int_equal(ent->nobs, 5);
	for (size_t i = 1; i < ent->nobs; i++)
		assert_true(ent->obs[i - 1].ind < ent->obs[i].ind ||
		    (ent->obs[i - 1].ind == ent->obs[i].ind &&
		    ent->obs[i - 1].year < ent->obs[i].year));
	assert_true(fx->s.any_year);
	assert_true(fx->s.any_noyear);
	assert_int_equal(fx->s.min_year, 2010);
	assert_int_equal(fx->s.max_year, 2018);

	o = obs_latest(&fx->s, ent, 0, 0);
	assert_non_null(o);
	assert_int_equal(o->year, 2018);
	o = obs_latest(&fx->s, ent, 0, 2017);
	assert_int_equal(o->year, 2016);
	obs_value(&fx->s, o, &v);
	assert_int_equal(v.kind, V_NUM);
	assert_true(v.num == 3.4);
	o = obs_latest(&fx->s, ent, 0, 2016);
	assert_int_equal(o->year, 2016);
	assert_int_equal(o->line, 3);
	assert_null(obs_latest(&fx->s, ent, 0, 2009));
	o = obs_latest(&fx->s, ent, 1, 2000);     /* undated counts as older */
	assert_non_null(o);
	assert_int_equal(o->year, 0);
	assert_null(obs_latest(&fx->s, ent, 2, 0));
	o = obs_at(&fx->s, ent, 0, 2012);
	assert_non_null(o);
	assert_true(o->num == 3.2);
	assert_null(obs_at(&fx->s, ent, 0, 2013));
	assert_null(obs_at(&fx->s, ent, 1, 2012));
	assert_null(obs_evidence(&fx->s, o));
}

static void
test_duplicate_identical(void **state)
{
	struct fixture *fx = *state;
	int e = obs_entity(&fx->s, "DEU", 3, 0, 2);

	add_num(fx, e, 0, 2018, 4.1, 0, 2);
	add_num(fx, e, 0, 2016, 3.9, 0, 3);
	add_num(fx, e, 0, 2018, 4.1, 1, 6);
	add_num(fx, e, 0, 0, 1, 1, 7);
	add_num(fx, e, 0, 0, 1, 1, 8);
	assert_int_equal(obs_finish(&fx->s, fx->in, 2, &fx->dl, 1), 0);
	assert_int_equal(fx->s.ents[e].nobs, 3);
	assert_int_equal(fx->dl.n, 2);
	assert_int_equal(fx->dl.nerrors, 0);
	assert_int_equal(fx->dl.items[0].level, DIAG_WARNING);
	assert_string_equal(fx->dl.items[0].file, "b.csv");
	assert_int_equal(fx->dl.items[0].line, 8);
	assert_string_equal(fx->dl.items[0].msg,
	    "duplicate row for entity 'DEU', indicator 'lpi_customs' "
	    "(same value as b.csv:7); ignored");
	assert_int_equal(fx->dl.items[1].line, 6);
	assert_string_equal(fx->dl.items[1].msg,
	    "duplicate row for entity 'DEU', indicator 'lpi_customs', year 2018 "
	    "(same value as a.csv:2); ignored");
	assert_int_equal(fx->in[1].read, 3);
	assert_int_equal(fx->in[1].used, 1);
	assert_int_equal(fx->in[1].ignored, 2);
	assert_int_equal(fx->in[1].ignored_by[IGN_DUPLICATE], 2);
	assert_int_equal(fx->in[0].used, 2);
	assert_int_equal(fx->in[0].ignored, 0);
	assert_string_equal(ignore_reason_names[IGN_DUPLICATE], "duplicate");
	assert_string_equal(ignore_reason_names[IGN_AGGREGATE], "aggregate");
}

static void
test_duplicate_conflict(void **state)
{
	struct fixture *fx = *state;
	int e = obs_entity(&fx->s, "DEU", 3, 0, 2);
	struct obs o;

	add_num(fx, e, 0, 2021, 3.1, 0, 4);
	add_num(fx, e, 0, 2021, 3.4, 1, 9);
	add_num(fx, e, 0, 0, 2, 0, 5);
	add_num(fx, e, 0, 0, 2.5, 0, 6);
	/* Same text, different evidence: a conflict too. */
	memset(&o, 0, sizeof(o));
	o.kind = V_TEXT;
	o.ind = 1;
	o.text = obs_text(&fx->s, "plan", 4);
	o.line = 10;
	obs_add(&fx->s, e, &o);
	o.evidence = obs_text(&fx->s, "http://x", 8) + 1;
	o.line = 11;
	obs_add(&fx->s, e, &o);
	assert_int_equal(obs_finish(&fx->s, fx->in, 2, &fx->dl, 1), 3);
	assert_int_equal(fx->dl.nerrors, 3);
	assert_string_equal(fx->dl.items[0].msg,
	    "conflicting values for entity 'DEU', indicator 'lpi_customs': "
	    "'2' at a.csv:5 and '2.5' at a.csv:6");
	assert_int_equal(fx->dl.items[0].line, 6);
	assert_string_equal(fx->dl.items[1].msg,
	    "conflicting values for entity 'DEU', indicator 'lpi_customs', year 2021: "
	    "'3.1' at a.csv:4 and '3.4' at b.csv:9");
	assert_string_equal(fx->dl.items[1].file, "b.csv");
	assert_int_equal(fx->dl.items[1].line, 9);
	assert_string_equal(fx->dl.items[2].msg,
	    "entity 'DEU', indicator 'strategy' is given twice with the same value "
	    "but different evidence: none at a.csv:10 and 'http://x' at a.csv:11");
	/* The first of each key is kept. */
	assert_true(obs_at(&fx->s, &fx->s.ents[e], 0, 2021)->num == 3.1);
}

static void
test_values_and_evidence(void **state)
{
	struct fixture *fx = *state;
	int e = obs_entity(&fx->s, "SGP", 3, 0, 2);
	struct obs o;
	struct value v;
	const struct obs *got;

	memset(&o, 0, sizeof(o));
	o.kind = V_TEXT;
	o.ind = 1;
	o.year = 2020;
	o.text = obs_text(&fx->s, "national plan", 13);
	o.evidence = obs_text(&fx->s, "https://example.org/plan", 24) + 1;
	obs_add(&fx->s, e, &o);
	memset(&o, 0, sizeof(o));
	o.kind = V_BOOL;
	o.num = 1;
	o.ind = 0;
	obs_add(&fx->s, e, &o);
	assert_int_equal(obs_finish(&fx->s, fx->in, 2, &fx->dl, 1), 0);
	got = obs_latest(&fx->s, &fx->s.ents[e], 1, 0);
	obs_value(&fx->s, got, &v);
	assert_int_equal(v.kind, V_TEXT);
	assert_string_equal(v.text, "national plan");
	assert_string_equal(obs_evidence(&fx->s, got), "https://example.org/plan");
	got = obs_latest(&fx->s, &fx->s.ents[e], 0, 0);
	obs_value(&fx->s, got, &v);
	assert_int_equal(v.kind, V_BOOL);
	assert_true(v.b);
}

static void
test_many_unsorted(void **state)
{
	struct fixture *fx = *state;
	int e = obs_entity(&fx->s, "X", 1, 0, 1);
	const struct entity *ent;

	/* Reverse order forces the merge sort; the sort is stable. */
	for (int y = 2100; y >= 1900; y--)
		add_num(fx, e, y % 2, y, y, 0, (uint32_t)(3000 - y));
	assert_int_equal(obs_finish(&fx->s, fx->in, 1, &fx->dl, 1), 0);
	ent = &fx->s.ents[e];
	assert_int_equal(ent->nobs, 201);
	for (size_t i = 1; i < ent->nobs; i++)
		assert_true(ent->obs[i - 1].ind < ent->obs[i].ind ||
		    ent->obs[i - 1].year < ent->obs[i].year);
	for (int y = 1900; y <= 2100; y++)
		assert_true(obs_at(&fx->s, ent, y % 2, y)->num == y);
	assert_int_equal(obs_latest(&fx->s, ent, 1, 2050)->year, 2049);
	assert_int_equal(obs_latest(&fx->s, ent, 0, 2050)->year, 2050);
}

/*
 * The indexed look-ups answer exactly as obs_latest and obs_at, for every
 * indicator (present or not) and every year, on entities with dated and
 * undated values, gaps between years and indicators without values.
 */
static void
test_index_agrees(void **state)
{
	struct fixture *fx = *state;
	uint32_t first[3];
	unsigned x = 12345;
	int ents[4];
	size_t found = 0;

	for (int k = 0; k < 4; k++) {
		char id[8];

		snprintf(id, sizeof(id), "E%d", k);
		ents[k] = obs_entity(&fx->s, id, strlen(id), 0, 1);
	}
	/* E0 stays empty; E1 has one indicator; E2 and E3 have both, gaps and undated values. */
	add_num(fx, ents[1], 1, 2015, 1, 0, 1);
	for (int k = 2; k < 4; k++) {
		for (int y = 1990; y <= 2030; y++) {
			x = x * 1103515245 + 12345;
			if ((x >> 16) % 3 == 0)
				add_num(fx, ents[k], (int)((x >> 8) % 2), y, y, 0, (uint32_t)y);
		}
		add_num(fx, ents[k], k - 2, 0, 7, 0, 9);
	}
	assert_int_equal(obs_finish(&fx->s, fx->in, 1, &fx->dl, 1), 0);
	for (int k = 0; k < 4; k++) {
		const struct entity *e = &fx->s.ents[ents[k]];

		obs_index(e, 2, first);
		assert_int_equal(first[2], e->nobs);
		for (int ind = 0; ind < 2; ind++) {
			assert_ptr_equal(obs_latest_in(e, first, ind, 0), obs_latest(&fx->s, e, ind, 0));
			for (int y = 1985; y <= 2035; y++) {
				assert_ptr_equal(obs_latest_in(e, first, ind, y), obs_latest(&fx->s, e, ind, y));
				assert_ptr_equal(obs_at_in(e, first, ind, y), obs_at(&fx->s, e, ind, y));
				found += obs_at_in(e, first, ind, y) != NULL;
			}
		}
	}
	assert_true(found > 10);
}

/* Add n values to ent numbered from seq; check them back with check_seq. */
static void
add_seq(struct fixture *fx, int ent, int n, int seq)
{
	for (int i = 0; i < n; i++)
		add_num(fx, ent, 0, 1, seq + i, 0, (uint32_t)(seq + i));
}

static void
check_seq(const struct entity *e, size_t from, int n, int seq)
{
	assert_true(e->nobs >= from + (size_t)n);
	assert_true(e->cap >= e->nobs);
	for (int i = 0; i < n; i++)
		assert_true(e->obs[from + (size_t)i].num == seq + i);
}

/*
 * Arrays in the arena: an entity whose rows come together grows in place
 * (across blocks too); one whose rows resume after another entity's moves
 * to the heap with its values; a very large one moves to the heap. Values
 * survive every move, and release frees both kinds.
 */
static void
test_arena_orders(void **state)
{
	struct fixture *fx = *state;
	int a = obs_entity(&fx->s, "A", 1, 0, 1);
	int b = obs_entity(&fx->s, "B", 1, 0, 1);
	int c = obs_entity(&fx->s, "C", 1, 0, 1);
	int d = obs_entity(&fx->s, "D", 1, 0, 1);
	int big = obs_entity(&fx->s, "BIG", 3, 0, 1);

	add_seq(fx, a, 3000, 0);                /* beyond the first block */
	assert_true(fx->s.ents[a].in_arena);
	for (int k = 0; k < 50; k++) {          /* B and C take turns */
		add_seq(fx, b, 7, 1000 + 7 * k);
		add_seq(fx, c, 5, 5000 + 5 * k);
	}
	assert_false(fx->s.ents[b].in_arena);
	assert_true(fx->s.ents[c].in_arena);
	add_seq(fx, d, 2, 9000);
	add_seq(fx, a, 300, 3000);              /* A resumes after D */
	assert_false(fx->s.ents[a].in_arena);
	add_seq(fx, big, 600000, 100000);
	assert_false(fx->s.ents[big].in_arena);

	check_seq(&fx->s.ents[a], 0, 3300, 0);
	check_seq(&fx->s.ents[b], 0, 350, 1000);
	check_seq(&fx->s.ents[c], 0, 250, 5000);
	check_seq(&fx->s.ents[d], 0, 2, 9000);
	check_seq(&fx->s.ents[big], 0, 600000, 100000);
	assert_int_equal(fx->s.ents[big].nobs, 600000);
}

/*
 * Absorbing a part: a new entity takes the part's array over (still in the
 * arena, now owned by the whole store), an entity already present gets the
 * part's values appended, and texts and lines are rebased.
 */
static void
test_absorb_arena(void **state)
{
	struct fixture *fx = *state;
	struct obsstore part;
	struct fixture pf;
	int a = obs_entity(&fx->s, "A", 1, 0, 1), pa, pb;
	struct obs o;

	add_seq(fx, a, 20, 0);
	(void)obs_text(&fx->s, "earlier", 7);
	obs_init(&part);
	obs_add_file(&part, "a.csv");
	pf = *fx;
	pf.s = part;
	pa = obs_entity(&pf.s, "A", 1, 0, 1);
	pb = obs_entity(&pf.s, "B", 1, 0, 1);
	add_seq(&pf, pa, 30, 20);
	add_seq(&pf, pb, 40, 500);
	memset(&o, 0, sizeof(o));
	o.kind = V_TEXT;
	o.text = obs_text(&pf.s, "words", 5);
	o.ind = 1;
	o.line = 3;
	obs_add(&pf.s, pb, &o);
	assert_true(pf.s.ents[pb].in_arena);

	obs_rebase(&pf.s, 100, (uint32_t)fx->s.poollen);
	obs_absorb(&fx->s, &pf.s);
	assert_int_equal(fx->s.n, 2);
	check_seq(&fx->s.ents[a], 0, 50, 0);
	assert_int_equal(fx->s.ents[a].obs[20].line, 120);
	check_seq(&fx->s.ents[1], 0, 40, 500);
	assert_true(fx->s.ents[1].in_arena);
	assert_string_equal(obs_textp(&fx->s, fx->s.ents[1].obs[40].text), "words");
	assert_int_equal(fx->s.ents[1].obs[40].line, 103);
	/* The store keeps growing after the merge. */
	add_seq(fx, 1, 100, 540);
	check_seq(&fx->s.ents[1], 0, 40, 500);
	check_seq(&fx->s.ents[1], 41, 100, 540);
}

/*
 * Fill the fixture with 40 entities of unsorted values, duplicates among
 * them, and two of 60 000 values each (obs_finish uses threads from
 * 100 000 values on).
 */
static void
fill_mixed(struct fixture *fx)
{
	unsigned x = 777;

	for (int k = 0; k < 40; k++) {
		char id[8];
		int e;

		snprintf(id, sizeof(id), "E%03d", k);
		e = obs_entity(&fx->s, id, strlen(id), 0, 1);
		for (int j = 0; j < 12; j++) {
			x = x * 1103515245 + 12345;
			/* Years repeat now and then: duplicates, some conflicting. */
			add_num(fx, e, (int)((x >> 8) % 2), 2000 + (int)((x >> 12) % 30),
			    (x >> 20) % 3 == 0 ? 1.0 : 2.0, k % 2, (uint32_t)(k * 100 + j));
		}
	}
	/* Two large entities in reverse order: enough values for threads. */
	for (int k = 0; k < 2; k++) {
		int e = obs_entity(&fx->s, k ? "BIG1" : "BIG0", 4, 0, 1);

		for (int y = 30000; y > 0; y--) {
			add_num(fx, e, 0, y, y, 0, (uint32_t)y);
			add_num(fx, e, 1, y, -y, 1, (uint32_t)y);
		}
	}
}

/*
 * Sorting on several threads changes nothing: the same errors, warnings
 * (in the same order), counts and sorted values as on one thread.
 */
static void
test_finish_threads(void **state)
{
	struct fixture *fx = *state, *f2;
	int e1, e2;

	fill_mixed(fx);
	assert_int_equal(setup((void **)&f2), 0);
	fill_mixed(f2);
	e1 = obs_finish(&fx->s, fx->in, 2, &fx->dl, 1);
	e2 = obs_finish(&f2->s, f2->in, 2, &f2->dl, 3);
	assert_true(e1 > 0);
	assert_int_equal(e1, e2);
	assert_true(fx->dl.n > (size_t)e1);     /* warnings too */
	assert_int_equal(fx->dl.n, f2->dl.n);
	for (size_t i = 0; i < fx->dl.n; i++) {
		assert_int_equal(fx->dl.items[i].line, f2->dl.items[i].line);
		assert_string_equal(fx->dl.items[i].msg, f2->dl.items[i].msg);
	}
	for (int k = 0; k < 2; k++) {
		assert_int_equal(fx->in[k].ignored, f2->in[k].ignored);
		assert_int_equal(fx->in[k].used, f2->in[k].used);
	}
	for (size_t i = 0; i < fx->s.n; i++) {
		const struct entity *a = &fx->s.ents[i], *b = &f2->s.ents[i];

		assert_int_equal(a->nobs, b->nobs);
		for (size_t k = 0; k < a->nobs; k++) {
			assert_int_equal(a->obs[k].line, b->obs[k].line);
			if (k > 0)
				assert_true(a->obs[k - 1].ind < a->obs[k].ind ||
				    (a->obs[k - 1].ind == a->obs[k].ind &&
				    a->obs[k - 1].year < a->obs[k].year));
		}
	}
	teardown((void **)&f2);
}

/*
 * The latest year of values left out by --shard or --entity, by file: the
 * largest noted, 0 where none is, and merged from a chunk's store.
 */
static void
test_left_years(void **state)
{
	struct fixture *fx = *state;
	struct obsstore part;

	assert_int_equal(fx->s.file_years, 0);
	obs_note_left_year(&fx->s, 1, 2015);
	obs_note_left_year(&fx->s, 1, 2012);
	obs_note_left_year(&fx->s, 0, 0);       /* no year: nothing */
	assert_true(fx->s.file_years >= 2);
	assert_int_equal(fx->s.file_left_year[0], 0);
	assert_int_equal(fx->s.file_left_year[1], 2015);
	obs_init(&part);
	obs_add_file(&part, "a.csv");
	obs_add_file(&part, "b.csv");
	obs_note_left_year(&part, 0, 2020);
	obs_note_left_year(&part, 1, 2014);
	obs_absorb(&fx->s, &part);
	assert_int_equal(fx->s.file_left_year[0], 2020);
	assert_int_equal(fx->s.file_left_year[1], 2015);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_entities_interned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_and_latest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_and_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_unsorted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_agrees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arena_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absorb_arena, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_left_years, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
