/*
 * What the rule-loading tests share: a small catalogue, loading a book
 * from in-memory sources, and checking a diagnostic's text and place.
 * Included by test_rulebook.c and test_ruleset.c, after cmocka.h and
 * rulebook.h.
 */
#ifndef RC_TESTS_RULES_FIXTURE_H
#define RC_TESTS_RULES_FIXTURE_H

static const char catalogue_yaml[] =
    "indicators:\n"
    "  - id: port_energy_kwh_per_teu\n"
    "    title: Port energy per TEU\n"
    "    unit: kWh/TEU\n"
    "    type: number\n"
    "    range: [0, 1000]\n"
    "    better: lower\n"
    "  - id: lpi_customs\n"
    "    title: LPI customs score\n"
    "    unit: score\n"
    "    type: number\n"
    "    range: [1, 5]\n"
    "    better: higher\n"
    "    aliases: [LP.LPI.CUST.XQ]\n"
    "    source: World Bank LPI\n"
    "  - id: customs_single_window\n"
    "    title: Single window\n"
    "    unit: yes/no\n"
    "    type: boolean\n"
    "  - id: wto_status\n"
    "    title: WTO status\n"
    "    unit: text\n"
    "    type: text\n"
    "  - id: rail_freight_tkm\n"
    "    title: Rail freight\n"
    "    unit: tkm\n"
    "    type: count\n"
    "    better: higher\n";

struct fix {
	struct rulebook rb;
	struct diaglist dl;
	int errs;
};

static struct rule_source
src(const char *name, const char *text)
{
	struct rule_source s = { name, text, strlen(text) };

	return s;
}

/* Load the test catalogue, the given rule sets and profiles (may be NULL). */
static void
load(struct fix *f, const char *const *sets, size_t nsets, const char *profiles)
{
	struct rule_source cat = src("indicators.yaml", catalogue_yaml);
	struct rule_source rs[4], prof;
	static const char *const names[] = { "a.yaml", "b.yaml", "c.yaml", "d.yaml" };

	for (size_t i = 0; i < nsets; i++)
		rs[i] = src(names[i], sets[i]);
	if (profiles != NULL)
		prof = src("profiles.yaml", profiles);
	rulebook_init(&f->rb);
	diag_init(&f->dl);
	f->errs = rulebook_load_sources(&f->rb, &cat, rs, nsets,
	    profiles ? &prof : NULL, &f->dl);
}

static void
done(struct fix *f)
{
	rulebook_release(&f->rb);
	diag_release(&f->dl);
}

static void
expect_diag(const struct diaglist *dl, size_t i, const char *file, int line,
    int col, const char *msg)
{
	if (i >= dl->n || strcmp(dl->items[i].msg, msg) != 0 ||
	    dl->items[i].line != line || dl->items[i].col != col) {
		for (size_t j = 0; j < dl->n; j++)
			print_message("diag %zu: %s:%d:%d: %s\n", j, dl->items[j].file,
			    dl->items[j].line, dl->items[j].col, dl->items[j].msg);
		if (i >= dl->n)
			fail_msg("no diagnostic %zu", i);
	}
	assert_string_equal(dl->items[i].msg, msg);
	if (file == NULL)
		assert_null(dl->items[i].file);
	else
		assert_string_equal(dl->items[i].file, file);
	assert_int_equal(dl->items[i].line, line);
	assert_int_equal(dl->items[i].col, col);
}

#endif
