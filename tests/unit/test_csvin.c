/*
 * Unit tests of the self-report reader: the three layouts, encodings and
 * line endings, quoting and line numbers, row accounting, and every
 * malformed case with its exact message and location.
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
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogue.h"
#include "csvin.h"
#include "digest.h"
#include "obs.h"
#include "obscell.h"
#include "strbuf.h"

struct fx {
	char dir[64];
	char path[128];
	int nfiles;
	struct catalogue cat;
	struct obsstore s;
	struct diaglist dl;
	struct input_info info;
	struct csvin_opts opts;
};

enum {
	I_CUSTOMS, I_BORDER, I_RD, I_PORTS, I_WINDOW, I_URL,
};

static void
add_ind(struct catalogue *c, const char *id, const char *unit, enum ind_type t,
    bool range, double lo, double hi, const char *alias)
{
	struct indicator it = { .id = id, .title = id, .unit = unit, .type = t,
		.has_range = range, .min = lo, .max = hi };
	int k = catalogue_append(c, &it);

	catalogue_add_name(c, id, k);
	if (alias != NULL)
		catalogue_add_name(c, alias, k);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/rc-csvin-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	catalogue_init(&f->cat);
	add_ind(&f->cat, "lpi_customs", "score", IT_NUMBER, true, 1, 5, "LP.LPI.CUST.XQ");
	add_ind(&f->cat, "export_border_days", "days", IT_NUMBER, false, 0, 0, "IC.EXP.DURS");
	add_ind(&f->cat, "rd_spend_pct", "%", IT_PERCENT, true, 0, 100, "GB.XPD.RSDV.GD.ZS");
	add_ind(&f->cat, "port_count", "ports", IT_COUNT, false, 0, 0, NULL);
	add_ind(&f->cat, "single_window", "yes/no", IT_BOOLEAN, false, 0, 0, NULL);
	add_ind(&f->cat, "strategy_url", "url", IT_TEXT, false, 0, 0, NULL);
	obs_init(&f->s);
	diag_init(&f->dl);
	f->opts.cat = &f->cat;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	obs_release(&f->s);
	diag_release(&f->dl);
	catalogue_release(&f->cat);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Write len bytes to a new file in the test folder; f->path names it. */
static void
write_file(struct fx *f, const char *data, size_t len)
{
	FILE *fp;

	snprintf(f->path, sizeof(f->path), "%s/in%d.csv", f->dir, f->nfiles++);
	fp = fopen(f->path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static int
readn(struct fx *f, const char *data, size_t len)
{
	write_file(f, data, len);
	return csvin_read(f->path, &f->opts, &f->s, &f->info, &f->dl);
}

static int
readz(struct fx *f, const char *data)
{
	return readn(f, data, strlen(data));
}

static void
dump(const struct fx *f)
{
	for (size_t i = 0; i < f->dl.n; i++) {
		const struct diag *d = &f->dl.items[i];

		fprintf(stderr, "  [%d] %s:%d:%d: %s\n", d->level,
		    d->file ? d->file : "(none)", d->line, d->col, d->msg);
	}
}

/* Assert that a diagnostic with exactly this level, place and text exists. */
static void
expect(const struct fx *f, enum diag_level lvl, int line, int col, const char *msg)
{
	for (size_t i = 0; i < f->dl.n; i++) {
		const struct diag *d = &f->dl.items[i];

		if (d->level == lvl && d->line == line && d->col == col &&
		    strcmp(d->msg, msg) == 0 && d->file != NULL &&
		    strcmp(d->file, f->path) == 0)
			return;
	}
	fprintf(stderr, "missing %s %d:%d: %s\nhave:\n",
	    lvl == DIAG_ERROR ? "error" : "warning", line, col, msg);
	dump(f);
	fail();
}

static void
expect_counts(const struct fx *f, size_t errors, size_t warnings)
{
	if (f->dl.nerrors != errors || f->dl.nwarnings != warnings) {
		fprintf(stderr, "expected %zu errors, %zu warnings; have:\n", errors,
		    warnings);
		dump(f);
		fail();
	}
}

static const struct entity *
ent(const struct fx *f, const char *id)
{
	int k = strtab_find(&f->s.ids, id, strlen(id));

	assert_true(k >= 0);
	return &f->s.ents[k];
}

static double
num_at(const struct fx *f, const char *id, int ind, int year)
{
	const struct obs *o = obs_at(&f->s, ent(f, id), ind, year);

	assert_non_null(o);
	assert_int_equal(o->kind, V_NUM);
	return o->num;
}

/* ---- layouts ---- */

static void
test_long_basic(void **state)
{
	struct fx *f = *state;
	static const char data[] =
	    "Entity , INDICATOR,value,year,unit,subject,sector,evidence,note\n"
	    "DEU,lpi_customs,3.9,2016,score,state,,,first\n"
	    "DEU,LP.LPI.CUST.XQ,4.1,2018,,,,https://lpi.worldbank.org,\n"
	    "DEU,rd_spend_pct,3.1%,2018,%,,,,\n"
	    "DEU,port_count,12,2018,,,,,\n"
	    "DEU,single_window,Yes,2018,,,,,\n"
	    "DEU,strategy_url, https://x.example/plan ,2018,,,,,\n"
	    "ACME,single_window,no,2018,,Enterprise,logistics,,\n"
	    "DEU,export_border_days,NA,2018,,,,,\n"
	    "DEU,mystery,1,2018,,,,,\n"
	    "DEU,Mystery,2,2017,,,,,\n";
	char hex[65];
	const struct entity *e;
	const struct obs *o;
	struct value v;

	assert_int_equal(readz(f, data), 0);
	expect_counts(f, 0, 1);
	expect(f, DIAG_WARNING, 10, 2,
	    "unknown indicator 'mystery' (2 rows ignored, first at line 10)");
	assert_string_equal(f->info.layout, "long");
	assert_string_equal(f->info.path, f->path);
	digest_buffer(data, sizeof(data) - 1, hex);
	assert_string_equal(f->info.sha256, hex);
	assert_int_equal(f->info.read, 10);
	assert_int_equal(f->info.used, 7);
	assert_int_equal(f->info.ignored, 3);
	assert_int_equal(f->info.ignored_by[IGN_MISSING_VALUE], 1);
	assert_int_equal(f->info.ignored_by[IGN_UNKNOWN_INDICATOR], 2);

	assert_int_equal(obs_finish(&f->s, &f->info, 1, &f->dl, 1), 0);
	assert_int_equal(f->s.n, 2);
	e = ent(f, "DEU");
	assert_int_equal(e->subject, SUBJ_STATE);
	assert_int_equal(e->line, 2);
	assert_null(e->sector);
	assert_true(num_at(f, "DEU", I_CUSTOMS, 2016) == 3.9);
	assert_true(num_at(f, "DEU", I_CUSTOMS, 2018) == 4.1);
	assert_true(num_at(f, "DEU", I_RD, 2018) == 3.1);
	assert_true(num_at(f, "DEU", I_PORTS, 2018) == 12);
	o = obs_at(&f->s, e, I_CUSTOMS, 2018);
	assert_int_equal(o->line, 3);
	assert_int_equal(o->file, 0);
	assert_string_equal(obs_evidence(&f->s, o), "https://lpi.worldbank.org");
	assert_null(obs_evidence(&f->s, obs_at(&f->s, e, I_CUSTOMS, 2016)));
	obs_value(&f->s, obs_at(&f->s, e, I_WINDOW, 2018), &v);
	assert_int_equal(v.kind, V_BOOL);
	assert_true(v.b);
	obs_value(&f->s, obs_at(&f->s, e, I_URL, 2018), &v);
	assert_int_equal(v.kind, V_TEXT);
	assert_string_equal(v.text, "https://x.example/plan");
	assert_null(obs_at(&f->s, e, I_BORDER, 2018));
	e = ent(f, "ACME");
	assert_int_equal(e->subject, SUBJ_ENTERPRISE);
	assert_string_equal(e->sector, "logistics");
	obs_value(&f->s, obs_at(&f->s, e, I_WINDOW, 2018), &v);
	assert_int_equal(v.kind, V_BOOL);
	assert_false(v.b);
	assert_int_equal(f->s.min_year, 2016);
	assert_int_equal(f->s.max_year, 2018);
	assert_false(f->s.any_noyear);
}

/* Every stored observation as text, in a canonical order. */
static char *
snapshot(struct fx *f)
{
	size_t *order;
	size_t cap = 4096, len = 0;
	char *out = malloc(cap);

	assert_int_equal(obs_finish(&f->s, &f->info, 1, &f->dl, 1), 0);
	order = obs_sorted(&f->s);
	out[0] = '\0';
	for (size_t i = 0; i < f->s.n; i++) {
		const struct entity *e = &f->s.ents[order[i]];

		for (size_t k = 0; k < e->nobs; k++) {
			const struct obs *o = &e->obs[k];

			len += (size_t)snprintf(out + len, cap - len, "%s %u %d %d %.17g\n",
			    e->id, (unsigned)o->ind, o->year, o->kind, o->num);
			assert_true(len < cap);
		}
	}
	free(order);
	return out;
}

static void
reset_store(struct fx *f)
{
	obs_release(&f->s);
	obs_init(&f->s);
}

static void
test_layouts_agree(void **state)
{
	struct fx *f = *state;
	char *want, *got;

	assert_int_equal(readz(f,
	    "entity,indicator,value,year\n"
	    "DEU,lpi_customs,3.9,2016\n"
	    "DEU,lpi_customs,4.1,2018\n"
	    "DEU,export_border_days,1,2018\n"
	    "FRA,lpi_customs,3.6,2018\n"), 0);
	want = snapshot(f);
	assert_string_equal(want,
	    "DEU 0 2016 1 3.8999999999999999\n"
	    "DEU 0 2018 1 4.0999999999999996\n"
	    "DEU 1 2018 1 1\n"
	    "FRA 0 2018 1 3.6000000000000001\n");

	reset_store(f);
	assert_int_equal(readz(f,
	    "entity,year,LPI_Customs,IC.EXP.DURS\n"
	    "DEU,2016,3.9,\n"
	    "DEU,2018,4.1,1\n"
	    "FRA,2018,3.6,..\n"), 0);
	assert_string_equal(f->info.layout, "wide");
	assert_int_equal(f->info.read, 3);
	assert_int_equal(f->info.used, 3);
	got = snapshot(f);
	assert_string_equal(got, want);
	free(got);

	/* The World Bank bulk download: preamble, quotes, trailing comma. */
	reset_store(f);
	assert_int_equal(readz(f,
	    "\"Data Source\",\"World Development Indicators\",\n"
	    "\n"
	    "\"Last Updated Date\",\"2024-06-28\",\n"
	    "\n"
	    "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\","
	    "\"2016\",\"2017\",\"2018\",\n"
	    "\"Germany\",\"DEU\",\"Customs\",\"LP.LPI.CUST.XQ\",\"3.9\",\"\",\"4.1\",\n"
	    "\"France\",\"FRA\",\"Customs\",\"LP.LPI.CUST.XQ\",\"..\",\"\",\"3.6\",\n"
	    "\"World\",\"WLD\",\"Customs\",\"LP.LPI.CUST.XQ\",\"2.9\",\"\",\"3.0\",\n"
	    "\"Germany\",\"DEU\",\"Time to export\",\"IC.EXP.DURS\",\"\",\"\",\"1\",\n"
	    "\"France\",\"FRA\",\"Time to export\",\"IC.EXP.DURS\",\"\",\"\",\"\",\n"), 0);
	expect_counts(f, 0, 0);
	assert_string_equal(f->info.layout, "world-bank");
	assert_int_equal(f->info.read, 5);
	assert_int_equal(f->info.used, 3);
	assert_int_equal(f->info.ignored_by[IGN_AGGREGATE], 1);
	assert_int_equal(f->info.ignored_by[IGN_NO_VALUES], 1);
	assert_int_equal(f->info.ignored, 2);
	assert_int_equal(ent(f, "DEU")->subject, SUBJ_STATE);
	assert_int_equal(obs_at(&f->s, ent(f, "DEU"), I_CUSTOMS, 2018)->line, 6);
	got = snapshot(f);
	assert_string_equal(got, want);
	free(got);

	/* The DataBank export: series columns, [YRyyyy] headers, a footer. */
	reset_store(f);
	assert_int_equal(readz(f,
	    "Country Name,Country Code,Series Name,Series Code,"
	    "2016 [YR2016],2017 [YR2017],2018 [YR2018]\r\n"
	    "Germany,DEU,Customs,LP.LPI.CUST.XQ,3.9,..,4.1\r\n"
	    "France,FRA,Customs,LP.LPI.CUST.XQ,..,..,3.6\r\n"
	    "Germany,DEU,Time,IC.EXP.DURS,..,..,1\r\n"
	    "France,FRA,Time,IC.EXP.DURS,..,..,..\r\n"
	    "East Asia & Pacific,EAS,Time,IC.EXP.DURS,..,..,3\r\n"
	    ",,,,,,\r\n"
	    "\r\n"
	    "Data from database: World Development Indicators\r\n"
	    "Last Updated: 06/28/2024\r\n"), 0);
	expect_counts(f, 0, 0);
	assert_string_equal(f->info.layout, "world-bank");
	assert_int_equal(f->info.read, 5);
	assert_int_equal(f->info.used, 3);
	assert_int_equal(f->info.ignored_by[IGN_AGGREGATE], 1);
	assert_int_equal(f->info.ignored_by[IGN_NO_VALUES], 1);
	got = snapshot(f);
	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void
test_world_bank_details(void **state)
{
	struct fx *f = *state;

	assert_int_equal(readz(f,
	    "Country Name,Country Code,Indicator Name,Indicator Code,2012,2013,\n"
	    "Kosovo,XKX,Customs,LP.LPI.CUST.XQ,2.5,..,\n"
	    "Kosovo,KSV,Customs,LP.LPI.CUST.XQ,2.6,..,\n"
	    "Kosovo,XKX,Patents,IP.PAT.RESD,12,13,\n"
	    "Kosovo,XKX,Patents,IP.PAT.RESD,12,13,\n"
	    "Euro area,EMU,Customs,LP.LPI.CUST.XQ,3.5,..,\n"
	    "High income,HIC,Customs,LP.LPI.CUST.XQ,3.5,..,\n"
	    "Germany,DEU,Customs,LP.LPI.CUST.XQ,7,..,\n"), -1);
	expect_counts(f, 1, 1);
	expect(f, DIAG_WARNING, 4, 4,
	    "unknown indicator 'IP.PAT.RESD' (2 rows ignored, first at line 4)");
	expect(f, DIAG_ERROR, 8, 5,
	    "value 7 is outside the range [1, 5] of indicator 'lpi_customs' (entity 'DEU')");
	assert_int_equal(f->info.read, 7);
	assert_int_equal(f->info.ignored_by[IGN_AGGREGATE], 2);
	assert_int_equal(f->info.ignored_by[IGN_UNKNOWN_INDICATOR], 2);
	assert_true(num_at(f, "XKX", I_CUSTOMS, 2012) == 2.5);
	assert_true(num_at(f, "KSV", I_CUSTOMS, 2012) == 2.6);
	assert_int_equal(ent(f, "XKX")->subject, SUBJ_STATE);
}

static void
test_bom_crlf(void **state)
{
	struct fx *f = *state;

	assert_int_equal(readz(f,
	    "\xEF\xBB\xBF" "entity,indicator,value\r\n"
	    "DEU,lpi_customs,3.9\r\n"
	    "\r\n"
	    "FRA,lpi_customs,x\r\n"
	    "GBR,strategy_url,plan\r\n"), -1);
	expect_counts(f, 1, 0);
	expect(f, DIAG_ERROR, 4, 3,
	    "'x' is not a number for indicator 'lpi_customs' (entity 'FRA')");
	assert_string_equal(f->info.layout, "long");
	assert_true(num_at(f, "DEU", I_CUSTOMS, 0) == 3.9);
	assert_string_equal(obs_textp(&f->s,
	    obs_at(&f->s, ent(f, "GBR"), I_URL, 0)->text), "plan");
	assert_int_equal(obs_at(&f->s, ent(f, "GBR"), I_URL, 0)->line, 5);
	assert_true(f->s.any_noyear);
	assert_false(f->s.any_year);
}

static void
test_quoting_and_lines(void **state)
{
	struct fx *f = *state;
	const struct obs *o;

	assert_int_equal(readz(f,
	    "entity,indicator,value,year,evidence\n"            /* 1 */
	    "DEU,strategy_url,\"first line\n"                   /* 2 */
	    "second, with \"\"quotes\"\"\",2020,\"a,b\"\n"      /* 3 */
	    "\"F\"\"RA\",strategy_url,\"x\n"                    /* 4 */
	    "y\n"                                               /* 5 */
	    "z\",2020,\n"                                       /* 6 */
	    "DEU,lpi_customs,\"3.5\n"                           /* 7 */
	    "\",20x0,\n"                                        /* 8 */
	    "DEU,lpi_customs,abc,2020,\n"                       /* 9 */
	    "\"GBR\" , lpi_customs , \" 2.5 \",2020,\n"         /* 10 */
	    "ITA,lpi_customs,3,2020,\"\"\n"), -1);              /* 11 */
	expect_counts(f, 2, 0);
	expect(f, DIAG_ERROR, 8, 4, "bad year '20x0'");
	expect(f, DIAG_ERROR, 9, 3,
	    "'abc' is not a number for indicator 'lpi_customs' (entity 'DEU')");
	o = obs_at(&f->s, ent(f, "DEU"), I_URL, 2020);
	assert_non_null(o);
	assert_string_equal(obs_textp(&f->s, o->text),
	    "first line\nsecond, with \"quotes\"");
	assert_string_equal(obs_evidence(&f->s, o), "a,b");
	assert_int_equal(o->line, 2);
	o = obs_at(&f->s, ent(f, "F\"RA"), I_URL, 2020);
	assert_non_null(o);
	assert_string_equal(obs_textp(&f->s, o->text), "x\ny\nz");
	assert_int_equal(o->line, 4);
	assert_true(num_at(f, "GBR", I_CUSTOMS, 2020) == 2.5);
	o = obs_at(&f->s, ent(f, "ITA"), I_CUSTOMS, 2020);
	assert_int_equal(o->line, 11);
	assert_null(obs_evidence(&f->s, o));
}

/* Records crossing 64 KiB block boundaries keep their line numbers. */
static void
test_block_boundaries(void **state)
{
	struct fx *f = *state;
	size_t cap = 4u << 20, len = 0;
	char *buf = malloc(cap);
	int line = 1, rows = 0;
	char msg[128];

	len += (size_t)sprintf(buf, "entity,indicator,value,year\n");
	for (int i = 0; i < 30000; i++) {
		if (i % 997 == 0) {
			/* A multi-line quoted text of varying size. */
			len += (size_t)sprintf(buf + len, "E%d,strategy_url,\"%0*d\n\n%d\",2020\n",
			    i, 1 + i % 50, 0, i);
			line += 3;
		} else {
			len += (size_t)sprintf(buf + len, "E%d,lpi_customs,%d.%d,2020\n",
			    i, 1 + i % 4, i % 10);
			line++;
		}
		rows++;
	}
	len += (size_t)sprintf(buf + len, "LAST,lpi_customs,9,2020\nEND,lpi_customs,1,2020");
	line++;
	rows++;
	assert_int_equal(readn(f, buf, len), -1);
	expect_counts(f, 1, 0);
	snprintf(msg, sizeof(msg),
	    "value 9 is outside the range [1, 5] of indicator 'lpi_customs' (entity 'LAST')");
	expect(f, DIAG_ERROR, line, 3, msg);
	/* The last record has no final newline but is read. */
	assert_int_equal(f->info.read, (size_t)rows + 1);
	assert_int_equal(obs_at(&f->s, ent(f, "END"), I_CUSTOMS, 2020)->line,
	    (uint32_t)line + 1);
	assert_int_equal(obs_at(&f->s, ent(f, "E29999"), I_CUSTOMS, 2020)->line,
	    (uint32_t)line - 1);
	assert_true(num_at(f, "E29999", I_CUSTOMS, 2020) == 4.9);
	free(buf);
}

static void
test_stream(void **state)
{
	struct fx *f = *state;
	FILE *fp = tmpfile();
	static const char *const none[] = { NULL };

	/* An empty --entity list selects every entity. */
	f->opts.entities = none;
	f->opts.nentities = 0;

	fputs("entity,lpi_customs\nDEU,3\n", fp);
	rewind(fp);
	assert_int_equal(csvin_read_stream(fp, "-", &f->opts, &f->s, &f->info, &f->dl), 0);
	fclose(fp);
	assert_string_equal(f->info.path, "-");
	assert_string_equal(f->s.files[0], "-");
	assert_true(num_at(f, "DEU", I_CUSTOMS, 0) == 3);
}

/* ---- malformed input ---- */

static void
test_nul_byte(void **state)
{
	struct fx *f = *state;
	static const char data[] =
	    "entity,indicator,value\n"
	    "DEU,lpi_customs,3\n"
	    "FRA,lpi\0_customs,3\n"
	    "GBR,lpi_customs,9\n";

	assert_int_equal(readn(f, data, sizeof(data) - 1), -1);
	expect_counts(f, 1, 0);
	expect(f, DIAG_ERROR, 3, 0, "NUL byte in input");
	assert_true(num_at(f, "DEU", I_CUSTOMS, 0) == 3);
}

/*
 * Lines without quotes are split without libcsv. Each line below is read
 * twice: as it is, and with every field quoted, which makes libcsv split it;
 * both must give the same observations, diagnostics and row counts. The
 * lines put commas, blanks, tabs and multi-byte characters at every offset
 * of an 8-byte word, and include empty fields and lines of blanks.
 */
static char *
quote_all(const char *text)
{
	char *q = malloc(3 * strlen(text) + 3), *d = q;

	assert_non_null(q);
	for (const char *p = text; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p), blank = strspn(p, " \t,");

		/* Quoted blanks are text, not a blank line: leave those alone. */
		if (blank >= n) {
			memcpy(d, p, n + 1);
			d += n + 1;
			p = nl + 1;
			continue;
		}
		*d++ = '"';
		for (; p < nl; p++) {
			if (*p == ',') {
				memcpy(d, "\",\"", 3);
				d += 3;
			} else {
				*d++ = *p;
			}
		}
		memcpy(d, "\"\n", 2);
		d += 2;
		p = nl + 1;
	}
	*d = '\0';
	return q;
}

static void
store_text(const struct fx *f, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < f->s.n; i++) {
		const struct entity *e = &f->s.ents[i];

		len += (size_t)snprintf(buf + len, size - len, "[%s %d]", e->id, e->subject);
		for (size_t k = 0; k < e->nobs; k++) {
			const struct obs *o = &e->obs[k];

			len += (size_t)snprintf(buf + len, size - len, " %u/%d/%u:%g:%s:%s",
			    o->ind, o->year, o->line, o->num,
			    o->kind == V_TEXT ? obs_textp(&f->s, o->text) : "",
			    o->evidence ? obs_evidence(&f->s, o) : "-");
		}
		assert_true(len < size);
	}
	for (size_t i = 0; i < f->dl.n; i++)
		len += (size_t)snprintf(buf + len, size - len, " {%d:%d %s}",
		    f->dl.items[i].line, f->dl.items[i].col, f->dl.items[i].msg);
	len += (size_t)snprintf(buf + len, size - len, " read %zu used %zu ignored %zu",
	    f->info.read, f->info.used, f->info.ignored);
	assert_true(len < size);
}

static void
test_plain_lines_agree(void **state)
{
	static const char text[] =
	    "entity,subject,indicator,year,value,evidence\n"
	    "DEU,state,lpi_customs,2020,3.5,\n"
	    " FRA ,\tstate\t, lpi_customs ,2020 , 2.5,https://e.org/a\n"
	    "ABCDEFG,state,lpi_customs,2021,3,x\n"
	    "ABCDEFGH,state,strategy_url,2021,a b  c,\n"
	    "Z\xc3\xbcrich,state,strategy_url,2020,caf\xc3\xa9 \xe2\x82\xac,\n"
	    "  ,\t, ,,,\n"
	    ",,,,,\n"
	    "ITA,state,port_count,2019,12,\n"
	    "ITA,state,lpi_customs,2019,,\n"
	    "ESP,state,lpi_customs,2019,7,\n"
	    "PRT,state,not_known,2019,1,\n"
	    "GRC,state,lpi_customs,2019,2,,extra\n"
	    "AUT,state,single_window,2019,yes,\n"
	    "P\xff" "RT,state,lpi_customs,2019,1,\n";
	struct fx *f = *state;
	char *quoted = quote_all(text);
	static char a[8192], b[8192];
	int rca, rcb;

	rca = readz(f, text);
	store_text(f, a, sizeof(a));
	obs_release(&f->s);
	obs_init(&f->s);
	diag_release(&f->dl);
	diag_init(&f->dl);
	memset(&f->info, 0, sizeof(f->info));
	rcb = readz(f, quoted);
	store_text(f, b, sizeof(b));
	free(quoted);
	assert_int_equal(rca, rcb);
	assert_string_equal(a, b);
	/* And what both say is right. */
	assert_non_null(strstr(a, "[FRA 1] 0/2020/3:2.5::https://e.org/a"));
	assert_non_null(strstr(a, "a b  c"));
	assert_non_null(strstr(a, "{15:1 invalid UTF-8:"));
	assert_non_null(strstr(a, "{13:7 expected 6 fields, found 7}"));
}

static void
test_invalid_utf8(void **state)
{
	static const struct {
		const char *text;
		int line, col;
	} bad[] = {
		{ "entity,indicator,value\nD\xff" "U,lpi_customs,3\nFRA,strategy_url,\xe2\x82\n", 2, 1 },
		{ "entity,indicator,value\nFRA,strategy_url,\xe2\x82\n", 2, 3 },
		{ "entity,indicator,value\nDEU,lpi_customs,3\nGBR,strategy_url,\xc0\xaf\n", 3, 3 },
		{ "entity,indicator,value\nITA,strategy_url,\xed\xa0\x80\n", 2, 3 },
		{ "entity,indicator,value\nESP,strategy_url,\xf4\x90\x80\x80\n", 2, 3 },
	};
	struct fx *f = *state;

	assert_int_equal(readz(f,
	    "entity,indicator,value\n"
	    "Z\xc3\xbcrich,strategy_url,caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\xa2\n"), 0);
	assert_string_equal(obs_textp(&f->s,
	    obs_at(&f->s, ent(f, "Z\xc3\xbcrich"), I_URL, 0)->text),
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\xa2");
	/* The first bad sequence of a file is reported, with a hint, and ends it. */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(readz(f, bad[i].text), -1);
		expect(f, DIAG_ERROR, bad[i].line, bad[i].col, "invalid UTF-8: the file "
		    "seems to be in another encoding (such as windows-1252); save it as "
		    "UTF-8, or read it through an import map that gives its 'encoding'");
	}
	expect_counts(f, 5, 0);
}

static void
test_unterminated_quote(void **state)
{
	struct fx *f = *state;

	assert_int_equal(readz(f,
	    "entity,indicator,value\n"
	    "DEU,lpi_customs,3\n"
	    "DEU,strategy_url,\"abc\n"
	    "more,\n"), -1);
	expect_counts(f, 1, 0);
	expect(f, DIAG_ERROR, 3, 3, "unterminated quoted field starting at line 3");
}

static void
test_stray_quotes(void **state)
{
	struct fx *f = *state;

	assert_int_equal(readz(f,
	    "entity,indicator,value\n"
	    "DEU,lpi\"customs,3\n"
	    "FRA,lpi_customs,3.2\n"
	    "GBR,strategy_url,\"abc\"def\n"
	    "ITA,lpi_customs,2\n"), -1);
	expect_counts(f, 2, 0);
	expect(f, DIAG_ERROR, 2, 2,
	    "a quote inside an unquoted field (quote the whole field and double "
	    "the quote): error parsing data while strict checking enabled");
	expect(f, DIAG_ERROR, 4, 3,
	    "text after the closing quote of a field (double a quote inside a "
	    "quoted field): error parsing data while strict checking enabled");
	/* Reading goes on after the bad lines. */
	assert_true(num_at(f, "FRA", I_CUSTOMS, 0) == 3.2);
	assert_true(num_at(f, "ITA", I_CUSTOMS, 0) == 2);
}

static void
test_empty_and_header_only(void **state)
{
	struct fx *f = *state;

	assert_int_equal(readz(f, ""), -1);
	expect(f, DIAG_ERROR, 0, 0, "empty file: no header");
	assert_int_equal(readz(f, "\xEF\xBB\xBF\r\n\n"), -1);
	expect(f, DIAG_ERROR, 0, 0, "empty file: no header");
	expect_counts(f, 2, 0);
	assert_int_equal(readz(f, "entity,indicator,value\n\n"), 0);
	expect(f, DIAG_WARNING, 0, 0, "no data rows");
	expect_counts(f, 2, 1);
	assert_int_equal(f->info.read, 0);
	assert_string_equal(f->info.layout, "long");
}

static void
test_no_layout(void **state)
{
	struct fx *f = *state;
	static const char *const msg =
	    "cannot tell the layout from the header: need 'entity', 'indicator' "
	    "and 'value' (long), 'entity' and indicator columns (wide), or World "
	    "Bank columns";

	char want[512];

	assert_int_equal(readz(f, "country,indicator,value\nDEU,lpi_customs,3\n"), -1);
	snprintf(want, sizeof(want), "%s; it has 3 columns: 'country', 'indicator', 'value'", msg);
	expect(f, DIAG_ERROR, 1, 0, want);
	assert_int_equal(readz(f, "entity,indicator,val\nDEU,lpi_customs,3\n"), -1);
	snprintf(want, sizeof(want), "%s; it has 3 columns: 'entity', 'indicator', 'val'", msg);
	expect(f, DIAG_ERROR, 1, 0, want);
	assert_int_equal(readz(f, "entity;indicator;value\nDEU;lpi_customs;3\n"), -1);
	snprintf(want, sizeof(want), "%s; it has 1 column: 'entity;indicator;value'; "
	    "the file seems to be separated by ';'", msg);
	expect(f, DIAG_ERROR, 1, 0, want);
	assert_int_equal(readz(f, "\"Country Code\",\"Region\",\"IncomeGroup\",\"SpecialNotes\","
	    "\"TableName\",\n\"ABW\",\"Latin America & Caribbean\",\"High income\",\"\",\"Aruba\",\n"), -1);
	expect(f, DIAG_ERROR, 1, 0, "this is a World Bank country metadata file "
	    "(Metadata_Country_...): it lists economies with their region and income "
	    "group, not values; give the data file of the same download (API_...)");
	expect_counts(f, 4, 0);
	assert_int_equal(f->s.n, 0);
}

static void
test_header_problems(void **state)
{
	struct fx *f = *state;

	assert_int_equal(readz(f, "entity,indicator,value, VALUE \nDEU,lpi_customs,3,4\n"), -1);
	expect(f, DIAG_ERROR, 1, 4, "duplicate column 'VALUE' (also column 3)");
	expect_counts(f, 1, 0);
	assert_int_equal(readz(f,
	    "entity,indicator,value,colour,\nDEU,lpi_customs,3,red,\n"), 0);
	expect(f, DIAG_WARNING, 1, 4, "unknown column 'colour' ignored");
	expect(f, DIAG_WARNING, 1, 5, "column 5 has no name; its cells are ignored");
	expect_counts(f, 1, 2);
	assert_int_equal(readz(f, "entity,lpi_customs,LP.LPI.CUST.XQ\nDEU,3,3\n"), -1);
	expect(f, DIAG_ERROR, 1, 3, "columns 'lpi_customs' and 'LP.LPI.CUST.XQ' "
	    "both hold values of indicator 'lpi_customs'");
	expect_counts(f, 2, 2);
}

static void
test_value_errors(void **state)
{
	struct fx *f = *state;

	assert_int_equal(readz(f,
	    "entity,indicator,value,year,unit,subject\n"        /* 1 */
	    "DEU,lpi_customs,\"1,234\",2018,,\n"                /* 2 */
	    "DEU,lpi_customs,abc,2018,,\n"                      /* 3 */
	    "DEU,port_count,2.5,2018,,\n"                       /* 4 */
	    "DEU,port_count,-1,2018,,\n"                        /* 5 */
	    "DEU,single_window,maybe,2018,,\n"                  /* 6 */
	    "DEU,lpi_customs,7,2018,,\n"                        /* 7 */
	    "DEU,export_border_days,3,2018,km,\n"               /* 8 */
	    "DEU,lpi_customs,3,1850,,\n"                        /* 9 */
	    "DEU,lpi_customs,3,,,\n"                            /* 10 */
	    "DEU,lpi_customs,3,2018,,country\n"                 /* 11 */
	    ",lpi_customs,3,2018,,\n"                           /* 12 */
	    "DEU,lpi_customs,3,2018\n"                          /* 13 */
	    "DEU,lpi_customs,5%,2018,,\n"                       /* 14 */
	    "DEU,rd_spend_pct,101,2018,,\n"                     /* 15 */
	    "DEU,lpi_customs,3,2018,SCORE ,state\n"             /* 16 */
	    "DEU,port_count,12,2018,,,x\n"                      /* 17 */
	    "DEU,,1,2018,,\n"                                   /* 18 */
	    "DEU,port_count,1e2,2019,,\n"), -1);                /* 19 */
	expect(f, DIAG_ERROR, 2, 3, "'1,234' is not a number for indicator "
	    "'lpi_customs' (entity 'DEU'); write numbers without thousands "
	    "separators and with '.' as the decimal point");
	expect(f, DIAG_ERROR, 3, 3,
	    "'abc' is not a number for indicator 'lpi_customs' (entity 'DEU')");
	expect(f, DIAG_ERROR, 4, 3, "'2.5' is not a count for indicator "
	    "'port_count' (entity 'DEU'): count must be a whole number ≥ 0");
	expect(f, DIAG_ERROR, 5, 3, "'-1' is not a count for indicator "
	    "'port_count' (entity 'DEU'): count must be a whole number ≥ 0");
	expect(f, DIAG_ERROR, 6, 3, "'maybe' is not yes/no/true/false for "
	    "indicator 'single_window' (entity 'DEU')");
	expect(f, DIAG_ERROR, 7, 3, "value 7 is outside the range [1, 5] of "
	    "indicator 'lpi_customs' (entity 'DEU')");
	expect(f, DIAG_ERROR, 8, 5, "unit 'km' does not match the unit 'days' of "
	    "indicator 'export_border_days'");
	expect(f, DIAG_ERROR, 9, 4, "bad year '1850'");
	expect(f, DIAG_ERROR, 10, 4, "missing year");
	expect(f, DIAG_ERROR, 11, 6, "unknown subject 'country'; use 'state' or 'enterprise'");
	expect(f, DIAG_ERROR, 12, 1, "empty entity");
	expect(f, DIAG_ERROR, 13, 5, "expected 6 fields, found 4");
	expect(f, DIAG_ERROR, 14, 3, "'5%' is not a number for indicator "
	    "'lpi_customs' (entity 'DEU'); '%' is only allowed for percent indicators");
	expect(f, DIAG_ERROR, 15, 3, "value 101 is outside the range [0, 100] of "
	    "indicator 'rd_spend_pct' (entity 'DEU')");
	expect(f, DIAG_ERROR, 17, 7, "expected 6 fields, found 7");
	expect(f, DIAG_ERROR, 18, 2, "empty indicator");
	expect_counts(f, 16, 0);
	/* Good rows among bad ones are still read. */
	assert_true(num_at(f, "DEU", I_CUSTOMS, 2018) == 3);
	assert_true(num_at(f, "DEU", I_PORTS, 2019) == 100);
	assert_int_equal(f->info.read, 18);
}

static void
test_subject_conflicts(void **state)
{
	struct fx *f = *state;
	char msg[512];

	assert_int_equal(readz(f,
	    "entity,indicator,value,subject,sector\n"
	    "ACME,lpi_customs,3,enterprise,ports\n"
	    "ACME,rd_spend_pct,3,state,\n"
	    "ACME,port_count,3,,rail\n"
	    "ACME,single_window,yes,ENTERPRISE,ports\n"), -1);
	snprintf(msg, sizeof(msg),
	    "entity 'ACME' is a state here but an enterprise at %s:2", f->path);
	expect(f, DIAG_ERROR, 3, 4, msg);
	snprintf(msg, sizeof(msg),
	    "entity 'ACME' has sector 'rail' here but 'ports' at %s:2", f->path);
	expect(f, DIAG_ERROR, 4, 5, msg);
	expect_counts(f, 2, 0);
}

/*
 * Rows that agree with their entity's subject are not checked again; rows
 * that conflict are reported every time, even when they repeat.
 */
static void
test_subject_conflicts_repeated(void **state)
{
	struct fx *f = *state;
	char msg[512];

	assert_int_equal(readz(f,
	    "entity,indicator,year,value,subject\n"
	    "AAA,lpi_customs,2020,3,state\n"
	    "AAA,lpi_customs,2021,3,enterprise\n"
	    "AAA,lpi_customs,2022,3,enterprise\n"
	    "AAA,lpi_customs,2023,3,state\n"
	    "AAA,lpi_customs,2024,3,enterprise\n"), -1);
	snprintf(msg, sizeof(msg),
	    "entity 'AAA' is an enterprise here but a state at %s:2", f->path);
	expect(f, DIAG_ERROR, 3, 5, msg);
	expect(f, DIAG_ERROR, 4, 5, msg);
	expect(f, DIAG_ERROR, 6, 5, msg);
	expect_counts(f, 3, 0);
	assert_int_equal(f->info.used, 2);
}

/*
 * Input that ends on the last byte of a page, with a page that cannot be
 * read right after it, read as a mapped file is (in chunks on two threads):
 * the scanner of plain lines must not read past the end, or the test
 * faults. Every last-line length from 20 to 52 (the row padded with blanks)
 * ends the input once, and a last line without a line feed too.
 */
static void
test_buffer_page_end(void **state)
{
	struct fx *f = *state;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *buf;

	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + page, page, PROT_NONE), 0);
	buf = map;
	f->opts.chunk_size = 100;
	f->opts.jobs = 2;
	for (int last = 20; last <= 53; last++) {
		size_t len = 0;
		int n = 0;

		len += (size_t)snprintf(buf, page, "entity,indicator,year,value\n");
		/* Rows, blank lines, then one padded row that ends the page. */
		while (len + 60 + (size_t)last < page)
			len += (size_t)snprintf(buf + len, page - len,
			    "E%d,lpi_customs,%d,3\n", n % 7, 1900 + n / 7), n++;
		while (len < page - (size_t)last)
			buf[len++] = '\n';
		len += (size_t)snprintf(buf + len, page - len, "%-*s",
		    last - 1, "Z,port_count,2020,7");
		assert_int_equal(len, page - 1);
		/* The last round leaves the line feed out. */
		buf[len++] = last == 53 ? ' ' : '\n';
		obs_release(&f->s);
		obs_init(&f->s);
		memset(&f->info, 0, sizeof(f->info));
		assert_int_equal(csvin_read_buffer(buf, len, "buffer", &f->opts,
		    &f->s, &f->info, &f->dl), 0);
		assert_int_equal(f->dl.n, 0);
		assert_int_equal(f->info.used, (size_t)n + 1);
		assert_true(num_at(f, "Z", I_PORTS, 2020) == 7);
	}
	f->opts.chunk_size = 0;
	munmap(map, 2 * page);
}

/*
 * Chunk ends are guessed at line feeds and proven afterwards; a guess inside
 * a quoted field sends the read back to an exact split. Rows whose evidence
 * holds line feeds, commas and doubled quotes, read in chunks of many sizes
 * (so that guesses land inside quotes, on quotes and between rows), give the
 * store that one thread gives, value for value and line for line.
 */
static void
test_chunks_guess_in_quotes(void **state)
{
	struct fx *f = *state;
	struct obsstore one;
	struct strbuf sb;
	size_t used;

	strbuf_init(&sb);
	strbuf_adds(&sb, "entity,indicator,year,value,evidence\n");
	for (int i = 0; i < 60; i++)
		strbuf_addf(&sb, i % 3 == 0 ?
		    "E%d,lpi_customs,%d,%d.5,\"see\nline, and \"\"%d\"\"\n\"\n" :
		    "E%d,lpi_customs,%d,%d.5,url%d\n", i % 4, 1950 + i, 1 + i % 4, i);
	assert_int_equal(csvin_read_buffer(sb.buf, sb.len, "buffer", &f->opts,
	    &f->s, &f->info, &f->dl), 0);
	used = f->info.used;
	assert_int_equal(used, 60);
	one = f->s;
	obs_init(&f->s);
	f->opts.jobs = 2;
	for (int size = 1; size <= 300; size += size < 40 ? 1 : 13) {
		f->opts.chunk_size = (size_t)size;
		obs_release(&f->s);
		obs_init(&f->s);
		memset(&f->info, 0, sizeof(f->info));
		assert_int_equal(csvin_read_buffer(sb.buf, sb.len, "buffer", &f->opts,
		    &f->s, &f->info, &f->dl), 0);
		assert_int_equal(f->dl.n, 0);
		assert_int_equal(f->info.used, used);
		assert_int_equal(f->s.n, one.n);
		for (size_t e = 0; e < one.n; e++) {
			const struct entity *a = &one.ents[e], *b = &f->s.ents[e];

			assert_string_equal(a->id, b->id);
			assert_int_equal(a->nobs, b->nobs);
			for (size_t k = 0; k < a->nobs; k++) {
				assert_true(a->obs[k].num == b->obs[k].num);
				assert_int_equal(a->obs[k].year, b->obs[k].year);
				assert_int_equal(a->obs[k].line, b->obs[k].line);
				assert_string_equal(obs_evidence(&one, &a->obs[k]),
				    obs_evidence(&f->s, &b->obs[k]));
			}
		}
	}
	f->opts.chunk_size = 0;
	obs_release(&one);
	strbuf_release(&sb);
}

/*
 * Rows take turns between two entities whose ids differ in one byte only,
 * at every place of ids 1 to 20 bytes long: the reader's check that a row
 * has the previous row's entity must see each difference.
 */
static void
test_entity_ids_differ_by_one_byte(void **state)
{
	struct fx *f = *state;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "entity,indicator,year,value\n");
	for (int len = 1; len <= 20; len++) {
		for (int pos = 0; pos < len; pos++) {
			char a[24], b[24];

			memset(a, 'k', (size_t)len);
			a[len] = '\0';
			a[0] = (char)('A' + len);       /* ids of each length apart */
			memcpy(b, a, (size_t)len + 1);
			b[pos] = pos == 0 ? 'a' : 'q';
			strbuf_addf(&sb, "%s,port_count,%d,%d\n", a, 2000 + pos, len);
			strbuf_addf(&sb, "%s,port_count,%d,%d\n", b, 2000 + pos, 100 + pos);
		}
	}
	assert_int_equal(readn(f, sb.buf, sb.len), 0);
	assert_int_equal(obs_finish(&f->s, &f->info, 1, &f->dl, 1), 0);
	assert_int_equal(f->dl.n, 0);
	for (int len = 1; len <= 20; len++) {
		for (int pos = 0; pos < len; pos++) {
			char b[24];

			memset(b, 'k', (size_t)len);
			b[len] = '\0';
			b[0] = (char)('A' + len);
			b[pos] = pos == 0 ? 'a' : 'q';
			assert_true(num_at(f, b, I_PORTS, 2000 + pos) == 100 + pos);
			b[pos] = pos == 0 ? (char)('A' + len) : 'k';
			assert_true(num_at(f, b, I_PORTS, 2000 + pos) == len);
		}
	}
	strbuf_release(&sb);
}

static void
test_entity_filter(void **state)
{
	struct fx *f = *state;
	static const char *const only[] = { "FRA" };

	f->opts.entities = only;
	f->opts.nentities = 1;
	assert_int_equal(readz(f,
	    "entity,indicator,value\n"
	    "DEU,lpi_customs,3\n"
	    "DEU,lpi_customs,abc\n"
	    "FRA,lpi_customs,2\n"
	    "fra,lpi_customs,2\n"), 0);
	assert_int_equal(f->info.read, 4);
	assert_int_equal(f->info.used, 1);
	assert_int_equal(f->info.ignored_by[IGN_ENTITY_NOT_SELECTED], 3);
	assert_int_equal(f->s.n, 1);
	assert_string_equal(f->s.ents[0].id, "FRA");
	assert_int_equal(readz(f,
	    "entity,year,lpi_customs\nDEU,2020,3\nFRA,2020,4\n"), 0);
	assert_int_equal(f->info.used, 1);
	assert_int_equal(f->info.ignored_by[IGN_ENTITY_NOT_SELECTED], 1);
	expect_counts(f, 0, 0);
}

static void
test_wide_details(void **state)
{
	struct fx *f = *state;
	const struct obs *o;

	assert_int_equal(readz(f,
	    "entity,year,subject,lpi_customs,LPI_Customs.Evidence,colour,"
	    "single_window,orphan_thing.evidence,port_count.evidence\n"
	    "DEU,2018,state,3.9,https://e,red,yes,,x\n"
	    "FRA,2018,,..,,blue,,,\n"
	    "GBR,2018,,N/A,,,maybe,,\n"), -1);
	expect(f, DIAG_WARNING, 1, 6, "unknown indicator column 'colour' ignored");
	expect(f, DIAG_WARNING, 1, 8,
	    "unknown indicator column 'orphan_thing.evidence' ignored");
	expect(f, DIAG_WARNING, 1, 9, "evidence column 'port_count.evidence' has "
	    "no column for indicator 'port_count'; ignored");
	expect(f, DIAG_ERROR, 4, 7, "'maybe' is not yes/no/true/false for "
	    "indicator 'single_window' (entity 'GBR')");
	expect_counts(f, 1, 3);
	assert_string_equal(f->info.layout, "wide");
	assert_int_equal(f->info.read, 3);
	assert_int_equal(f->info.used, 1);
	assert_int_equal(f->info.ignored_by[IGN_NO_VALUES], 1);
	o = obs_at(&f->s, ent(f, "DEU"), I_CUSTOMS, 2018);
	assert_string_equal(obs_evidence(&f->s, o), "https://e");
	assert_int_equal(o->line, 2);
	o = obs_at(&f->s, ent(f, "DEU"), I_WINDOW, 2018);
	assert_null(obs_evidence(&f->s, o));
	assert_int_equal(ent(f, "DEU")->subject, SUBJ_STATE);
	assert_int_equal(ent(f, "DEU")->nobs, 2);
}

static void
test_duplicates_across_rows(void **state)
{
	struct fx *f = *state;
	char msg[512];

	assert_int_equal(readz(f,
	    "entity,indicator,value,year\n"
	    "DEU,lpi_customs,3.1,2021\n"
	    "DEU,lpi_customs,3.10,2021\n"
	    "DEU,lpi_customs,3.4,2021\n"
	    "DEU,rd_spend_pct,2%,2021\n"
	    "DEU,rd_spend_pct,2,2021\n"), 0);
	assert_int_equal(obs_finish(&f->s, &f->info, 1, &f->dl, 1), 1);
	snprintf(msg, sizeof(msg), "duplicate row for entity 'DEU', indicator "
	    "'lpi_customs', year 2021 (same value as %s:2); ignored", f->path);
	expect(f, DIAG_WARNING, 3, 0, msg);
	snprintf(msg, sizeof(msg), "conflicting values for entity 'DEU', indicator "
	    "'lpi_customs', year 2021: '3.1' at %s:2 and '3.4' at %s:4",
	    f->path, f->path);
	expect(f, DIAG_ERROR, 4, 0, msg);
	snprintf(msg, sizeof(msg), "duplicate row for entity 'DEU', indicator "
	    "'rd_spend_pct', year 2021 (same value as %s:5); ignored", f->path);
	expect(f, DIAG_WARNING, 6, 0, msg);
	assert_int_equal(f->info.read, 5);
	assert_int_equal(f->info.used, 3);
	assert_int_equal(f->info.ignored, 2);
	assert_int_equal(f->info.ignored_by[IGN_DUPLICATE], 2);
}

/*
 * Many distinct indicator names: the reader keeps the names it has seen in
 * a table that stops growing when half full; names beyond it, known or
 * not, must still resolve, in any case and whatever came before.
 */
static void
test_many_indicator_names(void **state)
{
	struct fx *f = *state;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "entity,indicator,year,value\n");
	for (int i = 0; i < 300; i++) {
		strbuf_addf(&sb, "DEU,unknown_%03d,2020,1\n", i);
		if (i % 50 == 0)
			strbuf_addf(&sb, "DEU,%s,%d,%d\n", i % 100 ? "LPI_Customs" : "lpi_customs",
			    2000 + i / 50, 1 + i / 100);
	}
	strbuf_adds(&sb, "DEU,port_count,2020,7\nDEU,unknown_007,2021,1\nDEU,PORT_COUNT,2021,8\n");
	assert_int_equal(readz(f, sb.buf), 0);
	strbuf_release(&sb);
	assert_int_equal(f->info.read, 309);
	assert_int_equal(f->info.used, 8);
	assert_int_equal(f->info.ignored_by[IGN_UNKNOWN_INDICATOR], 301);
	assert_true(num_at(f, "DEU", I_CUSTOMS, 2000) == 1);
	assert_true(num_at(f, "DEU", I_CUSTOMS, 2005) == 3);
	assert_true(num_at(f, "DEU", I_PORTS, 2020) == 7);
	assert_true(num_at(f, "DEU", I_PORTS, 2021) == 8);
}

/*
 * Indicator names that all share one home slot of the reader's table of
 * names seen (FNV-1a, 32 bits, modulo 256), more of them than it probes
 * for one name: each must still resolve to its own indicator, in any
 * case, rows cycling through them so that no row repeats the one before.
 */
static void
test_colliding_indicator_names(void **state)
{
	enum { NCOLL = 20 };
	struct fx *f = *state;
	struct strbuf sb;
	char names[NCOLL][16];
	int first = (int)f->cat.n, n = 0;

	for (unsigned i = 0; n < NCOLL; i++) {
		uint32_t h = 2166136261u;
		size_t len;

		snprintf(names[n], sizeof(names[n]), "c_%05u", i);
		len = strlen(names[n]);
		for (size_t j = 0; j < len; j++)
			h = (h ^ (unsigned char)names[n][j]) * 16777619u;
		if (h % 256 == 0) {
			add_ind(&f->cat, names[n], "n", IT_NUMBER, false, 0, 0, NULL);
			n++;
		}
	}
	strbuf_init(&sb);
	strbuf_adds(&sb, "entity,indicator,year,value\n");
	for (int y = 0; y < 3; y++)
		for (int k = 0; k < NCOLL; k++)
			strbuf_addf(&sb, "DEU,%s,%d,%d\n", names[k],
			    2020 + y, 100 * y + k);
	/* The same names in upper case. */
	for (int k = 0; k < NCOLL; k++)
		strbuf_addf(&sb, "DEU,C%s,2023,%d\n", names[k] + 1, 300 + k);
	assert_int_equal(readz(f, sb.buf), 0);
	strbuf_release(&sb);
	expect_counts(f, 0, 0);
	assert_int_equal(f->info.used, 4 * NCOLL);
	assert_int_equal(obs_finish(&f->s, &f->info, 1, &f->dl, 1), 0);
	for (int y = 0; y < 4; y++)
		for (int k = 0; k < NCOLL; k++)
			assert_true(num_at(f, "DEU", first + k, 2020 + y) == 100 * y + k);
}

static void
test_limits(void **state)
{
	struct fx *f = *state;
	size_t n = CSVIN_MAX_FIELD + 100;
	char *buf = malloc(n + 200);
	size_t len = 0;
	char msg[64];

	len += (size_t)sprintf(buf, "entity,indicator,value\nDEU,strategy_url,\"");
	memset(buf + len, 'a', n);
	len += n;
	len += (size_t)sprintf(buf + len, "\"\nFRA,lpi_customs,9\n");
	assert_int_equal(readn(f, buf, len), -1);
	snprintf(msg, sizeof(msg), "field longer than %u bytes", CSVIN_MAX_FIELD);
	expect(f, DIAG_ERROR, 2, 3, msg);
	/* Reading stops: the range error of line 3 is not reported. */
	expect_counts(f, 1, 0);
	free(buf);
}

/* The file that shrink_on_progress cuts to half its size, once. */
static const char *cut_path;

static void
shrink_on_progress(void *arg, const char *name, uint64_t done, uint64_t total)
{
	(void)arg;
	(void)name;
	(void)done;
	if (cut_path != NULL) {
		assert_int_equal(truncate(cut_path, (off_t)(total / 2)), 0);
		cut_path = NULL;
	}
}

/*
 * A file that another process cuts short while it is read (here: between
 * two reads, from the progress callback, which the reader calls between
 * slices) is an input error located at the file, on one thread and on
 * several, and nothing of it stays in the store.
 */
static void
test_file_shrinks(void **state)
{
	struct fx *f = *state;
	struct strbuf sb;
	int jobs[] = { 1, 2 };

	strbuf_init(&sb);
	strbuf_adds(&sb, "entity,indicator,value\n");
	for (int i = 0; sb.len < (4u << 20); i++)
		strbuf_addf(&sb, "E%06d,lpi_customs,%d\n", i, 1 + i % 5);
	for (size_t k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		struct obsstore s;
		struct diaglist dl;
		struct input_info info;
		struct csvin_opts opts = f->opts;

		write_file(f, sb.buf, sb.len);
		obs_init(&s);
		diag_init(&dl);
		opts.jobs = jobs[k];
		opts.chunk_size = jobs[k] > 1 ? 256u << 10 : 0;
		opts.progress = shrink_on_progress;
		cut_path = f->path;
		assert_int_equal(csvin_read(f->path, &opts, &s, &info, &dl), -1);
		assert_null(cut_path);          /* cut between two reads */
		assert_int_equal(dl.nerrors, 1);
		assert_string_equal(dl.items[dl.n - 1].file, f->path);
		assert_int_equal(dl.items[dl.n - 1].line, 0);
		assert_string_equal(dl.items[dl.n - 1].msg, "the file shrank while "
		    "it was being read; run again when it is complete");
		assert_int_equal(s.n, 0);
		assert_int_equal(s.nfiles, 1);
		obs_release(&s);
		diag_release(&dl);
	}
	strbuf_release(&sb);
}

static void
test_open_errors(void **state)
{
	struct fx *f = *state;
	char path[160], msg[256];

	snprintf(path, sizeof(path), "%s/nope.csv", f->dir);
	assert_int_equal(csvin_read(path, &f->opts, &f->s, &f->info, &f->dl), -1);
	snprintf(msg, sizeof(msg), "cannot open '%s': No such file or directory", path);
	assert_int_equal(f->dl.n, 1);
	assert_null(f->dl.items[0].file);
	assert_int_equal(f->dl.items[0].line, 0);
	assert_string_equal(f->dl.items[0].msg, msg);
	assert_int_equal(csvin_read(f->dir, &f->opts, &f->s, &f->info, &f->dl), -1);
	snprintf(msg, sizeof(msg), "'%s' is a directory", f->dir);
	assert_string_equal(f->dl.items[1].msg, msg);
	assert_int_equal(f->s.nfiles, 0);
}

/*
 * A cell as an observation and a row's accounting, as both readers (the
 * layouts and the import maps) use them.
 */
static void
test_obscell(void **state)
{
	struct fx *f = *state;
	struct cellat at = { "in.csv", "DEU", 7, 2, 0 };
	struct input_info info;
	struct obs o;

	at.file = obs_add_file(&f->s, "in.csv");
	memset(&o, 0xff, sizeof(o));
	assert_int_equal(obscell_value(&f->s, &f->cat, I_CUSTOMS, "3.25", 4, &at,
	    &f->dl, &o), 1);
	assert_int_equal(o.kind, V_NUM);
	assert_true(o.num == 3.25);
	assert_int_equal(o.ind, I_CUSTOMS);
	assert_int_equal(o.line, 7);
	assert_int_equal(o.file, at.file);
	assert_int_equal(o.year, 0);
	assert_int_equal(o.evidence, 0);
	assert_int_equal(obscell_value(&f->s, &f->cat, I_WINDOW, "yes", 3, &at,
	    &f->dl, &o), 1);
	assert_int_equal(o.kind, V_BOOL);
	assert_true(o.num == 1);
	assert_int_equal(obscell_value(&f->s, &f->cat, I_URL, "https://x.example", 17,
	    &at, &f->dl, &o), 1);
	assert_int_equal(o.kind, V_TEXT);
	assert_string_equal(obs_textp(&f->s, o.text), "https://x.example");
	/* Missing: no value, no message; checked only: o untouched. */
	assert_int_equal(obscell_value(&f->s, &f->cat, I_CUSTOMS, "", 0, &at, &f->dl,
	    &o), 0);
	assert_int_equal(obscell_value(&f->s, &f->cat, I_CUSTOMS, "2", 1, &at, &f->dl,
	    NULL), 1);
	assert_int_equal(f->dl.n, 0);
	/* Out of range: one error at the cell, naming the entity. */
	assert_int_equal(obscell_value(&f->s, &f->cat, I_CUSTOMS, "9", 1, &at, &f->dl,
	    &o), -1);
	assert_int_equal(f->dl.nerrors, 1);
	assert_string_equal(f->dl.items[0].file, "in.csv");
	assert_int_equal(f->dl.items[0].line, 7);
	assert_int_equal(f->dl.items[0].col, 3);
	assert_non_null(strstr(f->dl.items[0].msg, "DEU"));

	memset(&info, 0, sizeof(info));
	obscell_row(&info, false, false, 2, IGN_NO_VALUES);     /* used */
	obscell_row(&info, false, false, 0, IGN_MISSING_VALUE); /* no value */
	obscell_row(&info, false, true, 0, IGN_NO_VALUES);      /* another shard */
	obscell_row(&info, false, true, 3, IGN_NO_VALUES);      /* another shard */
	obscell_row(&info, true, false, 1, IGN_NO_VALUES);      /* bad: not counted */
	obscell_ignore(&info, IGN_DUPLICATE);
	assert_int_equal(info.used, 1);
	assert_int_equal(info.ignored, 4);
	assert_int_equal(info.ignored_by[IGN_MISSING_VALUE], 1);
	assert_int_equal(info.ignored_by[IGN_OTHER_SHARD], 2);
	assert_int_equal(info.ignored_by[IGN_DUPLICATE], 1);
	assert_int_equal(info.ignored_by[IGN_NO_VALUES], 0);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_long_basic),
		T(test_layouts_agree),
		T(test_world_bank_details),
		T(test_bom_crlf),
		T(test_quoting_and_lines),
		T(test_block_boundaries),
		T(test_stream),
		T(test_nul_byte),
		T(test_plain_lines_agree),
		T(test_invalid_utf8),
		T(test_unterminated_quote),
		T(test_stray_quotes),
		T(test_empty_and_header_only),
		T(test_no_layout),
		T(test_header_problems),
		T(test_value_errors),
		T(test_subject_conflicts),
		T(test_subject_conflicts_repeated),
		T(test_buffer_page_end),
		T(test_chunks_guess_in_quotes),
		T(test_entity_ids_differ_by_one_byte),
		T(test_entity_filter),
		T(test_wide_details),
		T(test_duplicates_across_rows),
		T(test_many_indicator_names),
		T(test_colliding_indicator_names),
		T(test_limits),
		T(test_open_errors),
		T(test_file_shrinks),
		T(test_obscell),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
