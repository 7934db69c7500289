/*
 * Unit tests of import maps: the quarter and year forms UNCTAD and the
 * World Bank write, the map parser (every built-in map loads; a user's
 * map is read key by key; each problem of a bad map is located), and the
 * reading of a table through a map, with the quarter reduction: a year's
 * value is the mean of its quarters that have one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "csvin.h"
#include "importmap.h"
#include "importmap_load.h"
#include "importmap_table.h"
#include "rulebook.h"
#include "strbuf.h"

static void
test_quarter_year(void **state)
{
	static const struct {
		const char *s;
		int year, quarter;
	} cases[] = {
		{ "Q1 2006", 2006, 1 }, { "Q4 2024", 2024, 4 }, { "q2 2010", 2010, 2 },
		{ "Q1   2018", 2018, 1 }, { "2006Q01", 2006, 1 }, { "2006Q1", 2006, 1 },
		{ "2006 Q3", 2006, 3 }, { "2024Q04", 2024, 4 }, { "2024q2", 2024, 2 },
		{ "Q5 2006", 0, 0 }, { "Q0 2006", 0, 0 }, { "2006Q05", 0, 0 },
		{ "Q1 06", 0, 0 }, { "Q12006", 0, 0 }, { "2006", 0, 0 }, { "", 0, 0 },
		{ "Q1 1800", 0, 0 }, { "2006S01", 0, 0 }, { "Q1 20x6", 0, 0 },
		{ "1800Q2", 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int q = 0, y = importmap_quarter_year(cases[i].s, strlen(cases[i].s), &q);

		if (y != cases[i].year || q != cases[i].quarter) {
			print_error("'%s': got %d Q%d, want %d Q%d\n", cases[i].s, y, q,
			    cases[i].year, cases[i].quarter);
			fail();
		}
		assert_int_equal(importmap_quarter_year(cases[i].s, strlen(cases[i].s),
		    NULL), y);
	}
}

/* Year columns: "2015", "2015 [YR2015]" and DataBank's code form "YR2015". */
static void
test_header_year(void **state)
{
	(void)state;
	assert_int_equal(imt_header_year("2015"), 2015);
	assert_int_equal(imt_header_year("2015 [YR2015]"), 2015);
	assert_int_equal(imt_header_year("YR2015"), 2015);
	assert_int_equal(imt_header_year("yr2018"), 2018);
	assert_int_equal(imt_header_year("2015 [YR2016]"), 0);
	assert_int_equal(imt_header_year("YR15"), 0);
	assert_int_equal(imt_header_year("YR20155"), 0);
	assert_int_equal(imt_header_year("XR2015"), 0);
	assert_int_equal(imt_header_year("Y2015"), 0);
	assert_int_equal(imt_header_year("YR1066"), 0);
}

static void
test_builtin_maps_load(void **state)
{
	struct importmaps ms;
	struct diaglist dl;

	(void)state;
	importmaps_init(&ms);
	diag_init(&dl);
	assert_int_equal(importmaps_load_builtin(&ms, &dl), 0);
	assert_int_equal(dl.n, 0);
	assert_true(ms.n >= 10);
	assert_non_null(importmaps_find(&ms, "lpi-2023"));
	assert_non_null(importmaps_find(&ms, "unctad-lsci-quarterly"));
	assert_null(importmaps_find(&ms, "no-such-map"));
	assert_string_equal(importmaps_find(&ms, "lpi-2018")->layout, "map:lpi-2018");
	assert_int_equal(importmaps_find(&ms, "lpi-2018")->header_rows, 3);
	importmaps_release(&ms);
	diag_release(&dl);
}

static void
test_map_parser(void **state)
{
	static const char text[] =
	    "map: office\n"
	    "match: [economy, period]\n"
	    "dialect:\n"
	    "  delimiter: \";\"\n"
	    "  headerRows: 2\n"
	    "  commentChar: \"#\"\n"
	    "  encoding: [UTF-8, ISO-8859-1]\n"
	    "  footer: [\"Source:\"]\n"
	    "entity: {column: economy, by: name}\n"
	    "year: {quarter: period}\n"
	    "columns:\n"
	    "  connectivity: liner_connectivity_unctad_2023\n"
	    "  throughput: container_port_traffic_teu\n"
	    "ignore: [note]\n"
	    "missing: [\"-\", \"n/a\"]\n"
	    "filter: {column: kind, equals: all}\n"
	    "subject: enterprise\n";
	struct importmaps ms;
	struct diaglist dl;
	const struct importmap *m;

	(void)state;
	importmaps_init(&ms);
	diag_init(&dl);
	assert_int_equal(importmaps_load_text(&ms, "m.yaml", text, strlen(text), &dl), 0);
	assert_int_equal(ms.n, 1);
	m = &ms.maps[0];
	assert_string_equal(m->name, "office");
	assert_string_equal(m->title, "office");
	assert_int_equal(m->nmatch, 2);
	assert_int_equal(m->delimiter, ';');
	assert_int_equal(m->header_rows, 2);
	assert_int_equal(m->comment_char, '#');
	assert_int_equal(m->nencodings, 2);
	assert_string_equal(m->encodings[1], "ISO-8859-1");
	assert_int_equal(m->nfooter, 1);
	assert_string_equal(m->entity, "economy");
	assert_int_equal(m->entity_by, IMAP_BY_NAME);
	assert_int_equal(m->year_kind, IMAP_YEAR_QUARTER);
	assert_string_equal(m->year_column, "period");
	assert_int_equal(m->ncolumns, 2);
	assert_string_equal(m->columns[1].header, "throughput");
	assert_string_equal(m->columns[1].indicator, "container_port_traffic_teu");
	assert_int_equal(m->columns[1].line, 13);
	assert_int_equal(m->nignore, 1);
	assert_int_equal(m->nmissing, 2);
	assert_string_equal(m->filter_column, "kind");
	assert_string_equal(m->filter_value, "all");
	assert_int_equal(m->subject, SUBJ_ENTERPRISE);
	/* The same name twice is refused. */
	assert_int_equal(importmaps_load_text(&ms, "m2.yaml", text, strlen(text), &dl), 1);
	assert_int_equal(dl.n, 1);
	assert_string_equal(dl.items[0].msg, "a map named 'office' is already loaded");
	importmaps_release(&ms);
	diag_release(&dl);
}

/* Each bad map gives its problems at their lines and columns. */
static void
test_map_errors(void **state)
{
	static const struct {
		const char *text;
		int line, col;
		const char *msg;
	} cases[] = {
		{ "match: [a]\nentity: {column: a}\n", 1, 1,
		  "missing required key 'map'" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\n", 1, 1,
		  "an import map says where the values are in one way: 'columns' (header "
		  "text to indicator), 'codes_in_brackets', or 'indicator' with 'value' or "
		  "year columns" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\nindicator: b\ncolumns: {c: d}\n",
		  1, 1, "an import map says where the values are in one way: 'columns' "
		  "(header text to indicator), 'codes_in_brackets', or 'indicator' with "
		  "'value' or year columns" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\nindicator: b\n", 1, 1,
		  "with 'indicator', the values are in the 'value' column or in year "
		  "columns ('year: {columns: true}'), one of the two" },
		{ "map: x\nmatch: [a]\ndialect: {headerRows: 9}\nentity: {column: a}\n"
		  "columns: {b: c}\n", 3, 23, "'headerRows' must be 1 to 5" },
		{ "map: x\nmatch: [a]\ndialect: {delimiter: '\"'}\nentity: {column: a}\n"
		  "columns: {b: c}\n", 3, 22,
		  "'delimiter' must be one character other than a quote or a line break" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\nyear: {fixed: 1066}\n"
		  "columns: {b: c}\n", 4, 15, "'fixed' is a year from 1900 to 2100" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\ncolumns: {b: c}\nsubject: firm\n",
		  5, 10, "'subject' is 'state' or 'enterprise', not 'firm'" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\ncolumns: {b: c}\ncolour: red\n",
		  5, 1, "unknown key 'colour'" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\nindicator: b\n"
		  "year: {columns: $rue}\n", 5, 17, "'columns' must be true or false" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\nindicator: b\n"
		  "year: {columns: false}\n", 5, 17,
		  "'columns' can only be true (leave it out otherwise)" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\nvalue: v\ncolumns: {v: b}\n",
		  4, 8, "'value' goes with 'indicator': it names the column of values "
		  "of a file with one indicator a row" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\nvalue: v\n"
		  "codes_in_brackets: true\n", 4, 8, "'value' goes with 'indicator': it "
		  "names the column of values of a file with one indicator a row" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\nvalue: v\n", 4, 8,
		  "'value' goes with 'indicator': it names the column of values of a "
		  "file with one indicator a row" },
		{ "map: x\nmatch: [a]\nentity: {column: a}\ncolumns: {v: b, w: c, V: d}\n",
		  4, 23, "column 'V' is already in 'columns' as 'v' (headers are matched "
		  "ignoring case)" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct importmaps ms;
		struct diaglist dl;
		bool found = false;

		importmaps_init(&ms);
		diag_init(&dl);
		assert_true(importmaps_load_text(&ms, "m.yaml", cases[i].text,
		    strlen(cases[i].text), &dl) > 0);
		assert_int_equal(ms.n, 0);
		for (size_t k = 0; k < dl.n; k++)
			found = found || (dl.items[k].line == cases[i].line &&
			    dl.items[k].col == cases[i].col &&
			    strcmp(dl.items[k].msg, cases[i].msg) == 0);
		if (!found) {
			print_error("case %zu: want %d:%d: %s; have:\n", i, cases[i].line,
			    cases[i].col, cases[i].msg);
			for (size_t k = 0; k < dl.n; k++)
				print_error("  %d:%d: %s\n", dl.items[k].line, dl.items[k].col,
				    dl.items[k].msg);
			fail();
		}
		importmaps_release(&ms);
		diag_release(&dl);
	}
}

/* The built-in rules and a store, diagnostics and accounting to read into. */
struct mfx {
	struct rulebook rb;
	struct obsstore st;
	struct input_info info;
	struct diaglist dl;
};

static int
mfx_setup(void **state)
{
	struct mfx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	rulebook_init(&f->rb);
	diag_init(&f->dl);
	obs_init(&f->st);
	assert_int_equal(rulebook_load_builtin(&f->rb, &f->dl), 0);
	*state = f;
	return 0;
}

static int
mfx_teardown(void **state)
{
	struct mfx *f = *state;

	obs_release(&f->st);
	diag_release(&f->dl);
	rulebook_release(&f->rb);
	free(f);
	return 0;
}

/* An empty store and no diagnostics, for the next read of a test. */
static void
mfx_reset(struct mfx *f)
{
	obs_release(&f->st);
	diag_release(&f->dl);
	obs_init(&f->st);
	diag_init(&f->dl);
}

/*
 * The built-in maps of read_with: the accounting of what it read names its
 * map, so they live until the test program ends.
 */
static struct importmaps ms;
static bool ms_loaded;
static int shard_k, shard_n;            /* read_with's --shard; 0: none */

/* Read text through the built-in map name into a store. */
static int
read_with(const char *name, const char *text, int data_year, struct rulebook *rb,
    struct obsstore *st, struct input_info *info, struct diaglist *dl)
{
	struct csvin_opts co;
	int rc;

	memset(&co, 0, sizeof(co));
	co.cat = &rb->cat;
	co.data_year = data_year;
	co.shard_k = shard_k;
	co.shard_n = shard_n;
	if (!ms_loaded) {
		importmaps_init(&ms);
		assert_int_equal(importmaps_load_builtin(&ms, dl), 0);
		ms_loaded = true;
	}
	assert_ptr_equal(importmap_recognise(&ms, text, strlen(text)),
	    importmaps_find(&ms, name));
	rc = importmap_read(importmaps_find(&ms, name), text, strlen(text), "t.csv",
	    &co, st, info, dl);
	return rc;
}

/* Read text through the built-in map name into f's store. */
static int
mread(struct mfx *f, const char *name, const char *text, int data_year)
{
	return read_with(name, text, data_year, &f->rb, &f->st, &f->info, &f->dl);
}

static const struct entity *
entity(const struct obsstore *st, const char *id)
{
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->ents[i].id, id) == 0)
			return &st->ents[i];
	fail_msg("no entity '%s'", id);
	return NULL;
}

static void
test_quarter_reduction(void **state)
{
	static const char text[] =
	    "Quarter,Quarter Label,Economy,Economy Label,Index (Average Q1 2023 = 100),"
	    "Index (Average Q1 2023 = 100) Footnote,"
	    "Index (Average Q1 2023 = 100) Missing value\n"
	    "2022Q01,\"Q1 2022\",276,\"Germany\",100,,\n"
	    "2022Q01,\"Q1 2022\",012,\"Algeria\",10,,\n"
	    "2022Q02,\"Q2 2022\",276,\"Germany\",110,,\n"
	    "2022Q02,\"Q2 2022\",012,\"Algeria\",,,\"No value reported or collected\"\n"
	    "2022Q03,\"Q3 2022\",276,\"Germany\",120,,\n"
	    "2022Q04,\"Q4 2022\",276,\"Germany\",130,,\n"
	    "2023Q01,\"Q1 2023\",276,\"Germany\",200,,\n"
	    "2023Q01,\"Q1 2023\",530,\"Netherlands Antilles\",,,\"Not applicable\"\n";
	struct mfx *f = *state;
	int ind;
	const struct obs *o;

	ind = catalogue_find(&f->rb.cat, "liner_connectivity_unctad_2023", 30);
	assert_true(ind >= 0);
	assert_int_equal(mread(f, "unctad-lsci-quarterly", text, 0), 0);
	assert_int_equal(f->info.read, 8);
	assert_int_equal(f->info.used, 6);
	assert_int_equal(f->info.ignored_by[IGN_NO_VALUES], 1);
	assert_int_equal(f->info.ignored_by[IGN_FORMER_ECONOMY], 1);
	assert_string_equal(f->info.layout, "map:unctad-lsci-quarterly");
	assert_int_equal(obs_finish(&f->st, &f->info, 1, &f->dl, 1), 0);
	/* Germany: 2022 is the mean of four quarters, 2023 has one. */
	o = obs_at(&f->st, entity(&f->st, "DEU"), ind, 2022);
	assert_non_null(o);
	assert_true(o->num == 115.0);
	assert_int_equal(o->line, 7);           /* the year's last quarter */
	o = obs_at(&f->st, entity(&f->st, "DEU"), ind, 2023);
	assert_true(o->num == 200.0);
	/* Algeria (012, leading zero kept): one quarter of two has a value. */
	o = obs_at(&f->st, entity(&f->st, "DZA"), ind, 2022);
	assert_true(o->num == 10.0);
	assert_int_equal(f->st.ents[0].subject, SUBJ_STATE);
}

static void
test_names_and_no_year(void **state)
{
	static const char text[] =
	    "Economy,LPI Score,LPI Grouped Rank,Customs Score\n"
	    "\"Korea, Rep.\",3.8,17,3.9\n"
	    "TC<rkiye,3.4,39,3.0\n"
	    "Atlantis,2.0,100,2.0\n";
	struct mfx *f = *state;

	/* Without a year the file is refused, saying how to give one. */
	assert_int_equal(mread(f, "lpi-2023", text, 0), -1);
	assert_int_equal(f->dl.nerrors, 1);
	assert_string_equal(f->dl.items[0].msg, "the file has no year (import map "
	    "'lpi-2023'): give it with --data-year YEAR, or as FILE@YEAR for this "
	    "file alone");
	mfx_reset(f);
	assert_int_equal(mread(f, "lpi-2023", text, 2023), 0);
	assert_int_equal(f->info.used, 2);
	assert_int_equal(f->info.ignored_by[IGN_UNKNOWN_ECONOMY], 1);
	assert_int_equal(f->st.n, 2);
	assert_string_equal(f->st.ents[0].id, "KOR");
	assert_string_equal(f->st.ents[1].id, "TUR");
	assert_int_equal(f->dl.nwarnings, 1);
	assert_non_null(strstr(f->dl.items[0].msg,
	    "unknown economy 'Atlantis' (1 row ignored"));
}

/*
 * A column the map reads, named twice or a hundred thousand times: one
 * error naming it and the count, nothing read; the same name in a column
 * the map does not read is no problem.
 */
static void
test_column_read_twice(void **state)
{
	enum { COPIES = 100000 };
	struct mfx *f = *state;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "Economy,LPI Score,LPI Grouped Rank");
	for (int i = 0; i < COPIES; i++)
		strbuf_adds(&sb, ",customs score");
	strbuf_adds(&sb, ",Note,note\nKenya,2.8,68");
	for (int i = 0; i < COPIES; i++)
		strbuf_addf(&sb, ",%d.0", 1 + i % 4);
	strbuf_adds(&sb, ",a,b\n");
	assert_int_equal(mread(f, "lpi-2023", sb.buf, 2023), -1);
	assert_int_equal(f->dl.nerrors, 1);
	assert_int_equal(f->dl.items[0].line, 1);
	assert_int_equal(f->dl.items[0].col, 4);
	assert_string_equal(f->dl.items[0].msg, "column 'customs score' is in the header "
	    "100000 times: import map 'lpi-2023' reads it and cannot tell which holds "
	    "the values");
	assert_int_equal(f->st.n, 0);
	mfx_reset(f);
	strbuf_release(&sb);

	/* Twice, in a column the map passes over: read as usual. */
	assert_int_equal(mread(f, "lpi-2023", "Economy,LPI Score,LPI Grouped Rank,Note,"
	    "NOTE\nKenya,2.8,68,a,b\n", 2023), 0);
	assert_int_equal(f->dl.n, 0);
	assert_int_equal(f->info.used, 1);
}

/*
 * A quarter given twice: with the same value a duplicate row (a warning,
 * counted as ignored, the mean of distinct quarters unchanged); with
 * another value an error. A hundred thousand copies cost linear time.
 */
static void
test_quarter_repeated(void **state)
{
	static const char head[] =
	    "Quarter,Quarter Label,Economy,Economy Label,Index (Average Q1 2023 = 100),"
	    "Index (Average Q1 2023 = 100) Footnote,"
	    "Index (Average Q1 2023 = 100) Missing value\n";
	enum { COPIES = 100000 };
	struct mfx *f = *state;
	struct strbuf sb;
	const struct obs *o;
	int ind;

	ind = catalogue_find(&f->rb.cat, "liner_connectivity_unctad_2023", 30);
	strbuf_init(&sb);
	strbuf_adds(&sb, head);
	strbuf_adds(&sb, "2022Q01,\"Q1 2022\",276,\"Germany\",100,,\n"
	    "2022Q02,\"Q2 2022\",276,\"Germany\",200,,\n");
	for (int i = 0; i < COPIES; i++)
		strbuf_adds(&sb, "2022Q01,\"Q1 2022\",276,\"Germany\",100,,\n");
	assert_int_equal(mread(f, "unctad-lsci-quarterly", sb.buf, 0), 0);
	assert_int_equal(f->dl.nerrors, 0);
	assert_true(f->dl.nwarnings > 0);
	assert_string_equal(f->dl.items[0].msg, "duplicate row for entity 'DEU', "
	    "indicator 'liner_connectivity_unctad_2023', Q1 2022 (same value as line "
	    "2); ignored");
	assert_int_equal(f->dl.items[0].line, 4);
	assert_int_equal(f->info.read, COPIES + 2);
	assert_int_equal(f->info.used, 2);
	assert_int_equal(f->info.ignored, COPIES);
	assert_int_equal(f->info.ignored_by[IGN_DUPLICATE], COPIES);
	assert_int_equal(obs_finish(&f->st, &f->info, 1, &f->dl, 1), 0);
	o = obs_at(&f->st, entity(&f->st, "DEU"), ind, 2022);
	assert_non_null(o);
	assert_true(o->num == 150.0);           /* (100 + 200) / 2 */
	assert_int_equal(o->line, 3);
	mfx_reset(f);
	strbuf_release(&sb);

	/* Another value for the same quarter: an error naming both. */
	strbuf_init(&sb);
	strbuf_adds(&sb, head);
	strbuf_adds(&sb, "2022Q01,\"Q1 2022\",276,\"Germany\",100,,\n"
	    "2022Q02,\"Q2 2022\",276,\"Germany\",200,,\n"
	    "2022Q01,\"Q1 2022\",276,\"Germany\",130.5,,\n");
	assert_int_equal(mread(f, "unctad-lsci-quarterly", sb.buf, 0), -1);
	assert_int_equal(f->dl.nerrors, 1);
	assert_int_equal(f->dl.items[0].line, 4);
	assert_string_equal(f->dl.items[0].msg, "conflicting values for entity 'DEU', "
	    "indicator 'liner_connectivity_unctad_2023', Q1 2022: 100 at line 2 and "
	    "130.5 at line 4");
	strbuf_release(&sb);
}

/*
 * The unit guard in "Series name [CODE]" columns: a name that says another
 * unit than the indicator's source_name leaves the column unread, with one
 * warning naming it.
 */
static void
test_bracket_unit_guard(void **state)
{
	static const char text[] =
	    "Time,Time Code,Country Name,Country Code,"
	    "CO2 emissions (kg per 2015 US$ of GDP) [EN.ATM.CO2E.KD.GD]\n"
	    "2014,YR2014,Germany,DEU,0.15\n"
	    "2015,YR2015,Germany,DEU,0.14\n";
	struct mfx *f = *state;

	assert_int_equal(mread(f, "databank-time-rows", text, 0), 0);
	assert_int_equal(f->dl.n, 1);
	assert_int_equal(f->dl.items[0].line, 1);
	assert_int_equal(f->dl.items[0].col, 5);
	assert_string_equal(f->dl.items[0].msg, "column 'CO2 emissions (kg per 2015 US$ "
	    "of GDP) [EN.ATM.CO2E.KD.GD]' is not read: indicator 'co2_intensity_gdp' "
	    "is in 'kg per 2005 US$' and needs a series name with '2005 US$'");
	assert_int_equal(f->info.used, 0);
}

/*
 * The rows a map's filter leaves out are counted by one part of a run
 * split with --shard, as the rows left out for other reasons: the parts'
 * counts add up to the whole run's.
 */
static void
test_filter_shards(void **state)
{
	static const char text[] =
	    "Year,Economy,Economy Label,CommercialMarket,CommercialMarket Label,"
	    "Median time in port (days)\n"
	    "2022,276,Germany,1,All ships,1.0\n"
	    "2022,276,Germany,2,Container ships,0.9\n"
	    "2022,250,France,1,All ships,1.1\n"
	    "2022,250,France,2,Container ships,1.2\n"
	    "2022,0000,World,2,Container ships,1.0\n"
	    "2022,840,USA,1,All ships,1.5\n";
	struct rulebook rb;
	struct diaglist dl;
	size_t filtered = 0, used = 0;

	(void)state;
	rulebook_init(&rb);
	diag_init(&dl);
	assert_int_equal(rulebook_load_builtin(&rb, &dl), 0);
	for (shard_k = 1, shard_n = 3; shard_k <= shard_n; shard_k++) {
		struct obsstore st;
		struct input_info info;

		obs_init(&st);
		assert_int_equal(read_with("unctad-port-calls", text, 0, &rb, &st, &info,
		    &dl), 0);
		assert_int_equal(info.read, 6);
		filtered += info.ignored_by[IGN_FILTERED];
		used += info.used;
		obs_release(&st);
	}
	shard_k = shard_n = 0;
	assert_int_equal(filtered, 3);
	assert_int_equal(used, 2);
	diag_release(&dl);
	rulebook_release(&rb);
}

/*
 * A number nothing lists (UNCTAD's group codes 2111, 5530) is an unknown
 * economy, warned about once with no suggestion, never an entity.
 */
static void
test_numeric_group_codes(void **state)
{
	static const char text[] =
	    "Quarter,Quarter Label,Economy,Economy Label,Index (Average Q1 2023 = 100)\n"
	    "2022Q01,Q1 2022,5530,Micronesia,12\n"
	    "2022Q01,Q1 2022,2111,Some group,40\n"
	    "2022Q02,Q2 2022,2111,Some group,41\n"
	    "2022Q01,Q1 2022,276,Germany,60\n";
	struct mfx *f = *state;

	assert_int_equal(mread(f, "unctad-lsci-quarterly", text, 0), 0);
	assert_int_equal(f->info.used, 1);
	assert_int_equal(f->info.ignored_by[IGN_UNKNOWN_ECONOMY], 3);
	assert_int_equal(f->st.n, 1);
	assert_string_equal(f->st.ents[0].id, "DEU");
	assert_int_equal(f->dl.n, 2);
	assert_string_equal(f->dl.items[1].msg, "unknown economy '2111' (2 rows ignored, "
	    "first at line 3)");
}

/*
 * Two columns of values for one indicator (wb-api-wide's LPI_Infrastructure
 * and Infrastructure_Quality), or for one year of year columns (DataBank's
 * 2015 and "2015 [YR2015]"): an error naming both, nothing read.
 */
static void
test_two_columns_one_target(void **state)
{
	struct mfx *f = *state;

	assert_int_equal(mread(f, "wb-api-wide", "country_id,country_name,year,"
	    "LPI_Infrastructure,Infrastructure_Quality\nFR,France,2022,3.9,3.9\n", 0), -1);
	assert_int_equal(f->dl.nerrors, 1);
	assert_int_equal(f->dl.items[0].col, 5);
	assert_string_equal(f->dl.items[0].msg, "columns 'LPI_Infrastructure' and "
	    "'Infrastructure_Quality' both hold indicator 'lpi_infrastructure': "
	    "import map 'wb-api-wide' cannot tell which holds the values");
	assert_int_equal(f->st.n, 0);
	mfx_reset(f);

	assert_int_equal(mread(f, "databank", "Country Code,Series Code,2015,YR2016,"
	    "2015 [YR2015],2016\nDEU,LP.LPI.OVRL.XQ,..,4.2,1,2\n", 0), -1);
	assert_int_equal(f->dl.nerrors, 2);
	assert_string_equal(f->dl.items[0].msg, "columns '2015' and '2015 [YR2015]' "
	    "both hold year 2015: import map 'databank' cannot tell which holds the "
	    "values");
	assert_int_equal(f->dl.items[1].col, 6);
	assert_int_equal(f->st.n, 0);
}

/*
 * A byte order mark at the start of a later line (files joined with cat)
 * is an input error at that line, as in the plain reader.
 */
static void
test_bom_later_line(void **state)
{
	static const char text[] =
	    "\xEF\xBB\xBF" "Economy,LPI Score,LPI Grouped Rank\n"
	    "Germany,4.1,3\n"
	    "\xEF\xBB\xBF" "Economy,LPI Score,LPI Grouped Rank\n"
	    "France,3.9,13\n";
	struct mfx *f = *state;

	assert_int_equal(mread(f, "lpi-2023", text, 2023), -1);
	assert_int_equal(f->dl.nerrors, 1);
	assert_int_equal(f->dl.items[0].line, 3);
	assert_int_equal(f->dl.items[0].col, 1);
	assert_string_equal(f->dl.items[0].msg, "a byte order mark (U+FEFF) starts this "
	    "line: the file seems to be several files joined together; remove it and "
	    "any header line that came with it");
}

/* Lines that end in a carriage return alone: refused before reading. */
static void
test_cr_line_ends(void **state)
{
	static const char text[] =
	    "Economy,LPI Score,LPI Grouped Rank\rGermany,4.1,3\rFrance,3.9,13\r";
	struct mfx *f = *state;

	assert_int_equal(mread(f, "lpi-2023", text, 2023), -1);
	assert_int_equal(f->dl.n, 1);
	assert_int_equal(f->dl.items[0].line, 1);
	assert_string_equal(f->dl.items[0].msg, "lines end with a carriage return alone; "
	    "save the file with LF or CRLF line endings");
	assert_int_equal(f->st.n, 0);
}

/*
 * A header of three records and a hundred thousand columns: a group
 * heading spans the empty texts to its right (joined in linear time; the
 * names are what is checked here, the time is the benchmark's to tell).
 */
static void
test_wide_header(void **state)
{
	enum { COLS = 100000 };
	struct strbuf sb;
	struct table t;
	uint32_t bad;
	size_t n;
	char **names;

	(void)state;
	strbuf_init(&sb);
	strbuf_adds(&sb, ",,overall LPI score,Customs");
	for (int i = 0; i < COLS; i++)
		strbuf_addc(&sb, ',');
	strbuf_addc(&sb, '\n');
	for (int i = 0; i < COLS + 3; i++)
		strbuf_addc(&sb, ',');
	strbuf_adds(&sb, "\nCountry,Code,score,score");
	for (int i = 0; i < COLS; i++)
		strbuf_adds(&sb, ",x");
	strbuf_addc(&sb, '\n');
	memset(&t, 0, sizeof(t));
	assert_int_equal(imt_table_parse(&t, sb.buf, sb.buf + sb.len, ',', 0, &bad), 0);
	assert_int_equal(t.nrecs, 3);
	names = imt_header_names(&t, 2, 3, &n);
	assert_int_equal(n, COLS + 4);
	assert_string_equal(names[0], "Country");
	assert_string_equal(names[2], "overall LPI score score");
	assert_string_equal(names[3], "Customs score");
	assert_string_equal(names[COLS + 3], "Customs x");
	imt_names_free(names, n);
	imt_table_release(&t);
	strbuf_release(&sb);
}

/*
 * A year given for a file whose map has its own (a year column, quarters,
 * a fixed year) is not used, and said once; a map without one takes it
 * silently.
 */
static void
test_year_given_unused(void **state)
{
	static const char quarters[] =
	    "Quarter,Quarter Label,Economy,Economy Label,Index (Average Q1 2023 = 100)\n"
	    "2022Q01,Q1 2022,276,Germany,60\n"
	    "2022Q02,Q2 2022,276,Germany,62\n";
	struct mfx *f = *state;

	assert_int_equal(mread(f, "unctad-lsci-quarterly", quarters, 2019), 0);
	assert_int_equal(f->dl.n, 1);
	assert_int_equal(f->dl.items[0].line, 0);
	assert_string_equal(f->dl.items[0].msg, "year 2019 given for this file "
	    "(FILE@YEAR or --data-year) is not used: import map "
	    "'unctad-lsci-quarterly' takes the year from its quarter column 'Quarter'");
	assert_int_equal(f->info.used, 2);
	mfx_reset(f);

	assert_int_equal(mread(f, "lpi-2023", "Economy,LPI Score,LPI Grouped Rank\n"
	    "Germany,4.1,3\n", 2023), 0);
	assert_int_equal(f->dl.n, 0);
}

/*
 * A hundred thousand distinct unknown names: each is counted and warned
 * about, but the closest known names are looked for only for the warnings
 * kept under the per-file cap (a scan of every name each: seconds else).
 */
static void
test_many_unknown_names(void **state)
{
	enum { NAMES = 100000 };
	struct mfx *f = *state;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "Economy,LPI Score,LPI Grouped Rank\nGermany,4.1,3\n");
	for (int i = 0; i < NAMES; i++)
		strbuf_addf(&sb, "Zq%dxland,3.0,5\n", i);
	assert_int_equal(mread(f, "lpi-2023", sb.buf, 2023), 0);
	assert_int_equal(f->info.used, 1);
	assert_int_equal(f->info.ignored_by[IGN_UNKNOWN_ECONOMY], NAMES);
	assert_int_equal(f->dl.nwarnings, NAMES);
	assert_int_equal(f->dl.n, DIAG_MAX_PER_FILE);
	assert_int_equal(f->dl.dropped_warnings, NAMES - DIAG_MAX_PER_FILE);
	assert_non_null(strstr(f->dl.items[0].msg, "unknown economy 'Zq0xland' (1 row "
	    "ignored, first at line 3)"));
	strbuf_release(&sb);
}

/*
 * A file in none of its map's encodings: the message names the encodings
 * tried and, for a built-in map, says to convert the file or give a map
 * file; for a user's map, to name the encoding in it.
 */
static void
test_encoding_none(void **state)
{
	static const char user[] =
	    "map: fx\nmatch: [econ, v]\ndialect: {encoding: [UTF-8, ASCII]}\n"
	    "entity: {column: econ}\nyear: {fixed: 2020}\ncolumns: {v: lpi_overall}\n";
	static const char data[] = "econ,v\nT\xfcrkiye,3.1\n";
	struct mfx *f = *state;
	struct importmaps mine;
	struct csvin_opts co;

	assert_int_equal(mread(f, "lpi-2023", "Economy,LPI Score,LPI Grouped Rank\n"
	    "Germany,4.1,3\nT\xfcrkiye,3.4,39\n", 2023), -1);
	assert_int_equal(f->dl.n, 1);
	assert_int_equal(f->dl.items[0].line, 3);
	assert_string_equal(f->dl.items[0].msg, "the file is in none of the encodings "
	    "built-in map 'lpi-2023' tries (UTF-8): convert it to UTF-8, or give a "
	    "map file naming its encoding with --map FILE");
	mfx_reset(f);

	importmaps_init(&mine);
	assert_int_equal(importmaps_load_text(&mine, "fx.yaml", user, strlen(user),
	    &f->dl), 0);
	assert_false(mine.maps[0].builtin);
	assert_true(importmaps_find(&ms, "lpi-2023")->builtin);
	memset(&co, 0, sizeof(co));
	co.cat = &f->rb.cat;
	assert_int_equal(importmap_read(&mine.maps[0], data, sizeof(data) - 1, "t.csv",
	    &co, &f->st, &f->info, &f->dl), -1);
	assert_int_equal(f->dl.n, 1);
	assert_string_equal(f->dl.items[0].msg, "the file is in none of the encodings "
	    "import map 'fx' tries (UTF-8, ASCII): name its encoding in the map's "
	    "'encoding' (fx.yaml)");
	importmaps_release(&mine);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quarter_year),
		cmocka_unit_test(test_header_year),
		cmocka_unit_test(test_builtin_maps_load),
		cmocka_unit_test(test_map_parser),
		cmocka_unit_test(test_map_errors),
		cmocka_unit_test_setup_teardown(test_quarter_reduction, mfx_setup, mfx_teardown),
		cmocka_unit_test_setup_teardown(test_names_and_no_year, mfx_setup, mfx_teardown),
		cmocka_unit_test_setup_teardown(test_column_read_twice, mfx_setup, mfx_teardown),
		cmocka_unit_test_setup_teardown(test_quarter_repeated, mfx_setup, mfx_teardown),
		cmocka_unit_test_setup_teardown(test_bracket_unit_guard, mfx_setup, mfx_teardown),
		cmocka_unit_test(test_filter_shards),
		cmocka_unit_test_setup_teardown(test_numeric_group_codes, mfx_setup, mfx_teardown),
		cmocka_unit_test_setup_teardown(test_two_columns_one_target, mfx_setup, mfx_teardown),
		cmocka_unit_test_setup_teardown(test_bom_later_line, mfx_setup, mfx_teardown),
		cmocka_unit_test_setup_teardown(test_cr_line_ends, mfx_setup, mfx_teardown),
		cmocka_unit_test(test_wide_header),
		cmocka_unit_test_setup_teardown(test_year_given_unused, mfx_setup, mfx_teardown),
		cmocka_unit_test_setup_teardown(test_many_unknown_names, mfx_setup, mfx_teardown),
		cmocka_unit_test_setup_teardown(test_encoding_none, mfx_setup, mfx_teardown),
	};

	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	if (ms_loaded)
		importmaps_release(&ms);
	return failed;
}
