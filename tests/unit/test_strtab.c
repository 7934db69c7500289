/*
 * Unit tests of the keyed string table: SipHash-2-4 as published, names
 * that differ in case hashing alike, and ids crafted to collide under the
 * table's old unkeyed FNV-1a hash interned and found correctly, spread over
 * the slots, and given the same indices under any key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fnvcraft.h"
#include "hash.h"
#include "strtab.h"

#define NCRAFTED 4000
#define CRAFT_BITS 16

static char crafted[NCRAFTED][32];

/* The ids: 4,000 whose old hashes agree in their low 16 bits. */
static int
setup_crafted(void **state)
{
	struct fnvcraft *c = fnvcraft_new(CRAFT_BITS);

	(void)state;
	if (c == NULL)
		return -1;
	for (int i = 0; i < NCRAFTED; i++) {
		size_t p = (size_t)snprintf(crafted[i], sizeof(crafted[i]), "ENT%05d", i);

		if (fnvcraft_complete(c, crafted[i], p, sizeof(crafted[i])) == 0)
			return -1;
	}
	fnvcraft_free(c);
	return 0;
}

static struct hashkey
make_key(unsigned char first)
{
	struct hashkey k;

	for (size_t i = 0; i < sizeof(k.bytes); i++)
		k.bytes[i] = (unsigned char)(first + i);
	return k;
}

/* How far the string of index i sits from the slot its hash points at. */
static size_t
displacement(const struct strtab *t, int i)
{
	size_t mask = t->nslots - 1;

	for (size_t j = 0; j < t->nslots; j++)
		if (t->slots[j].idx == i + 1)
			return (j - (t->slots[j].hash & mask)) & mask;
	fail_msg("index %d is in no slot", i);
	return 0;
}

static void
test_siphash_reference_vectors(void **state)
{
	/* From the SipHash paper's reference vectors, key 00 01 .. 0f. */
	static const unsigned char empty[8] = {
		0x31, 0x0e, 0x0e, 0xdd, 0x47, 0xdb, 0x6f, 0x72,
	};
	static const unsigned char one[8] = {
		0xfd, 0x67, 0xdc, 0x93, 0xc5, 0x39, 0xf8, 0x74,
	};
	struct hashkey k = make_key(0);
	unsigned char zero = 0;
	uint64_t want;

	(void)state;
	memcpy(&want, empty, sizeof(want));
	assert_true(hash_bytes(&k, "", 0, false) == want);
	memcpy(&want, one, sizeof(want));
	assert_true(hash_bytes(&k, &zero, 1, false) == want);
}

static void
test_fold_hashes_folded_bytes(void **state)
{
	struct hashkey k = make_key(7);
	char upper[600], lower[600];
	struct strtab f, t;

	(void)state;
	/* Longer than the stack buffer that hash.c folds into, too. */
	for (size_t i = 0; i < sizeof(upper); i++) {
		upper[i] = (char)('A' + i % 26);
		lower[i] = (char)('a' + i % 26);
	}
	assert_true(hash_bytes(&k, "Lpi_Overall", 11, true) ==
	    hash_bytes(&k, "lpi_overall", 11, false));
	assert_true(hash_bytes(&k, upper, sizeof(upper), true) ==
	    hash_bytes(&k, lower, sizeof(lower), false));
	assert_true(hash_bytes(&k, upper, sizeof(upper), false) !=
	    hash_bytes(&k, lower, sizeof(lower), false));
	strtab_init(&f, true);
	strtab_init(&t, false);
	assert_int_equal(strtab_intern(&f, "LP.LPI.CUST.XQ", 14), 0);
	assert_int_equal(strtab_intern(&f, upper, sizeof(upper)), 1);
	assert_int_equal(strtab_find(&f, "lp.lpi.Cust.xq", 14), 0);
	assert_int_equal(strtab_find(&f, lower, sizeof(lower)), 1);
	assert_int_equal(strtab_intern(&f, lower, sizeof(lower)), 1);
	assert_string_equal(strtab_str(&f, 0), "LP.LPI.CUST.XQ");
	assert_int_equal(strtab_intern(&t, upper, sizeof(upper)), 0);
	assert_int_equal(strtab_find(&t, lower, sizeof(lower)), -1);
	strtab_release(&f);
	strtab_release(&t);
}

/* Lengths count, NUL bytes included: no prefix or padded copy matches. */
static void
test_lengths_and_nul_bytes(void **state)
{
	struct strtab t;

	(void)state;
	strtab_init(&t, false);
	assert_int_equal(strtab_intern(&t, "a\0b", 3), 0);
	assert_int_equal(strtab_intern(&t, "a\0c", 3), 1);
	assert_int_equal(strtab_intern(&t, "a", 1), 2);
	assert_int_equal(strtab_find(&t, "a\0b", 3), 0);
	assert_int_equal(strtab_find(&t, "a\0", 2), -1);
	assert_int_equal(strtab_find(&t, "ab", 2), -1);
	assert_int_equal(strtab_intern(&t, "", 0), 3);
	assert_int_equal(strtab_find(&t, "", 0), 3);
	strtab_release(&t);
}

static void
test_crafted_ids_interned_and_found(void **state)
{
	struct hashkey k = make_key(42);
	struct strtab t, r;
	size_t worst = 0;

	(void)state;
	/* The input is what it claims: one home slot in the old table. */
	for (int i = 0; i < NCRAFTED; i++)
		assert_int_equal(fnvcraft_hash(crafted[i], strlen(crafted[i])) &
		    ((1u << CRAFT_BITS) - 1), 0);
	strtab_init_keyed(&t, false, &k);
	strtab_init(&r, false);
	for (int i = 0; i < NCRAFTED; i++) {
		size_t len = strlen(crafted[i]);

		assert_int_equal(strtab_intern(&t, crafted[i], len), i);
		assert_int_equal(strtab_intern(&r, crafted[i], len), i);
	}
	assert_int_equal(t.n, NCRAFTED);
	assert_int_equal(r.n, NCRAFTED);
	for (int i = NCRAFTED - 1; i >= 0; i--) {
		size_t len = strlen(crafted[i]);

		assert_int_equal(strtab_find(&t, crafted[i], len), i);
		assert_int_equal(strtab_find(&r, crafted[i], len), i);
		assert_int_equal(strtab_intern(&t, crafted[i], len), i);
		assert_string_equal(strtab_str(&t, i), crafted[i]);
		/* Without its last letter the id is absent. */
		assert_int_equal(strtab_find(&t, crafted[i], len - 1), -1);
	}
	assert_int_equal(t.n, NCRAFTED);
	/*
	 * Under the old hash each id sat behind all those before it (3,999
	 * slots for the last); under this key none is far from its home.
	 */
	for (int i = 0; i < NCRAFTED; i++) {
		size_t d = displacement(&t, i);

		if (d > worst)
			worst = d;
	}
	assert_true(worst < 64);
	strtab_release(&t);
	strtab_release(&r);
}

static void
test_keys_change_slots_not_indices(void **state)
{
	struct hashkey k1 = make_key(1), k2 = make_key(200);
	struct strtab a, b, fa, fb;
	char buf[40];

	(void)state;
	strtab_init_keyed(&a, false, &k1);
	strtab_init_keyed(&b, false, &k2);
	strtab_init_keyed(&fa, true, &k1);
	strtab_init_keyed(&fb, true, &k2);
	/* Crafted ids, ordinary ones, repeats and case variants, interleaved. */
	for (int i = 0; i < NCRAFTED; i++) {
		const char *s[3];

		snprintf(buf, sizeof(buf), "ord%d", i * 7);
		s[0] = crafted[i];
		s[1] = buf;
		s[2] = crafted[i / 2];
		for (int j = 0; j < 3; j++) {
			size_t len = strlen(s[j]);

			assert_int_equal(strtab_intern(&a, s[j], len),
			    strtab_intern(&b, s[j], len));
			assert_int_equal(strtab_intern(&fa, s[j], len),
			    strtab_intern(&fb, s[j], len));
		}
	}
	assert_int_equal(a.n, b.n);
	assert_int_equal(a.n, 2 * NCRAFTED);
	assert_int_equal(fa.n, fb.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_string_equal(strtab_str(&a, (int)i), strtab_str(&b, (int)i));
		assert_string_equal(strtab_str(&fa, (int)i), strtab_str(&fb, (int)i));
	}
	/* Upper case finds the same index in both folding tables. */
	for (int i = 0; i < NCRAFTED; i += 13) {
		size_t len = strlen(crafted[i]);

		for (size_t j = 0; j < len; j++)
			buf[j] = (char)(crafted[i][j] >= 'a' && crafted[i][j] <= 'z' ?
			    crafted[i][j] - 32 : crafted[i][j]);
		assert_int_equal(strtab_find(&fa, buf, len), strtab_find(&fb, buf, len));
		assert_true(strtab_find(&fa, buf, len) >= 0);
	}
	/* The keys did differ where it shows: the slots. */
	assert_int_equal(a.nslots, b.nslots);
	assert_true(memcmp(a.slots, b.slots, a.nslots * sizeof(*a.slots)) != 0);
	strtab_release(&a);
	strtab_release(&b);
	strtab_release(&fa);
	strtab_release(&fb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_siphash_reference_vectors),
		cmocka_unit_test(test_fold_hashes_folded_bytes),
		cmocka_unit_test(test_lengths_and_nul_bytes),
		cmocka_unit_test(test_crafted_ids_interned_and_found),
		cmocka_unit_test(test_keys_change_slots_not_indices),
	};

	return cmocka_run_group_tests(tests, setup_crafted, NULL);
}
