/*
 * Unit tests of the library's entry point: a run that writes every format
 * at once evaluates each entity exactly once (on one thread and on
 * several), its reports read back (render) give the same bytes, and an
 * entity's result does not depend on which other inputs come with it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "eval.h"
#include "resilience.h"

static const char *const formats[] = {
	"text", "json", "csv", "markdown", "junit", "sarif", "html",
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

struct fixture {
	char dir[64];
	char csv[96];
	char files[2][NFORMATS][96];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	FILE *fp;

	snprintf(f->dir, sizeof(f->dir), "/tmp/rc-run-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->csv, sizeof(f->csv), "%s/in.csv", f->dir);
	if ((fp = fopen(f->csv, "w")) == NULL)
		return -1;
	/* 90 entities: more than one batch of the threaded pass. */
	fputs("entity,subject,indicator,value,year\n", fp);
	for (int e = 0; e < 90; e++) {
		fprintf(fp, "E%02d,state,lpi_overall,%.2f,2023\n", e, 1.5 + (e % 30) / 10.0);
		fprintf(fp, "E%02d,state,lpi_customs,%.2f,2023\n", e, 1.2 + (e % 25) / 10.0);
	}
	fclose(fp);
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < NFORMATS; i++)
			snprintf(f->files[k][i], sizeof(f->files[k][i]), "%s/%d.%s", f->dir, k,
			    formats[i]);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < NFORMATS; i++)
			unlink(f->files[k][i]);
	unlink(f->csv);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
request(struct fixture *f, struct rc_request *req, struct rc_output *outs, int k)
{
	static const char *inputs[1];

	memset(req, 0, sizeof(*req));
	inputs[0] = f->csv;
	for (size_t i = 0; i < NFORMATS; i++)
		outs[i] = (struct rc_output){ formats[i], f->files[k][i], false };
	req->inputs = inputs;
	req->ninputs = 1;
	req->outputs = outs;
	req->noutputs = NFORMATS;
	req->fail_on = SEV_LOW;
	req->now = 1767225600;
	req->out = stdout;
}

/* Two files hold the same bytes. */
static int
same_file(const char *a, const char *b)
{
	FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
	int same = x != NULL && y != NULL, c;

	while (same && (c = getc(x)) != EOF)
		same = c == getc(y);
	same = same && getc(y) == EOF;
	if (x != NULL)
		fclose(x);
	if (y != NULL)
		fclose(y);
	return same;
}

static void
test_each_entity_evaluated_once(void **state)
{
	struct fixture *f = *state;
	struct rc_request req;
	struct rc_output outs[NFORMATS];
	struct diaglist dl;

	for (int jobs = 1; jobs <= 3; jobs += 2) {
		size_t before = eval_count();

		request(f, &req, outs, 0);
		req.jobs = jobs;
		diag_init(&dl);
		/* Gates fail here (low LPI scores): evaluated, reports written. */
		assert_int_equal(rc_run(&req, &dl), RC_GATE);
		assert_int_equal(dl.nerrors, 0);
		diag_release(&dl);
		assert_int_equal(eval_count() - before, 90);
	}
}

/* A trajectory of four years evaluates each entity once per year. */
static void
test_trajectory_evaluates_once_per_year(void **state)
{
	struct fixture *f = *state;
	struct rc_request req;
	struct rc_output outs[NFORMATS];
	struct diaglist dl;

	for (int jobs = 1; jobs <= 3; jobs += 2) {
		size_t before = eval_count();

		request(f, &req, outs, 0);
		req.jobs = jobs;
		req.trajectory_from = 2020;
		req.trajectory_to = 2023;
		diag_init(&dl);
		assert_int_equal(rc_run(&req, &dl), RC_GATE);
		assert_int_equal(dl.nerrors, 0);
		diag_release(&dl);
		assert_int_equal(eval_count() - before, 90 * 4);
	}
}

static void
test_render_gives_the_same_bytes(void **state)
{
	struct fixture *f = *state;
	struct rc_request req;
	struct rc_output outs[NFORMATS];
	struct diaglist dl;
	size_t before;

	request(f, &req, outs, 0);
	diag_init(&dl);
	assert_int_equal(rc_run(&req, &dl), RC_GATE);
	diag_release(&dl);

	before = eval_count();
	request(f, &req, outs, 1);
	req.command = RC_RENDER;
	req.inputs = NULL;
	req.ninputs = 0;
	req.render = f->files[0][1];            /* the json report */
	diag_init(&dl);
	assert_int_equal(rc_run(&req, &dl), RC_GATE);
	assert_int_equal(dl.nerrors, 0);
	diag_release(&dl);
	assert_int_equal(eval_count(), before);  /* nothing evaluated */
	for (size_t i = 0; i < NFORMATS; i++)
		assert_true(same_file(f->files[0][i], f->files[1][i]));
}

/*
 * A random input file of n entities named PREFIX00.., each reporting some
 * indicators for some years between lo and hi (the years differ from file
 * to file, so that the latest year of one file is not that of another).
 */
static void
random_input(const char *path, const char *prefix, int n, int lo, int hi,
    unsigned *seed)
{
	static const char *const ind[] = {
		"lpi_overall", "lpi_customs", "lpi_infrastructure", "lpi_tracking",
		"lpi_timeliness", "export_time_days", "import_time_days",
		"export_cost_container", "export_border_hours",
	};
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs("entity,subject,indicator,value,year\n", fp);
	for (int e = 0; e < n; e++)
		for (size_t i = 0; i < sizeof(ind) / sizeof(ind[0]); i++) {
			if (rand_r(seed) % 3 == 0)
				continue;
			for (int y = lo; y <= hi; y++)
				if (rand_r(seed) % 2 == 0)      /* LPI scores run 1 to 5 */
					fprintf(fp, "%s%02d,state,%s,%.1f,%d\n", prefix, e, ind[i],
					    i < 5 ? (10 + rand_r(seed) % 41) / 10.0 :
					    1.0 + rand_r(seed) % 40, y);
		}
	fclose(fp);
}

/* Run json on the inputs; the report's entities by id. */
static json_t *
entities_of(struct fixture *f, const char **inputs, size_t n)
{
	struct rc_request req;
	struct rc_output outs[NFORMATS];
	struct diaglist dl;
	json_t *rep, *by = json_object(), *e;
	size_t i;

	request(f, &req, outs, 0);
	req.inputs = inputs;
	req.ninputs = n;
	req.outputs = &outs[1];                 /* json */
	req.noutputs = 1;
	diag_init(&dl);
	assert_true(rc_run(&req, &dl) <= RC_GATE);
	assert_int_equal(dl.nerrors, 0);
	diag_release(&dl);
	rep = json_load_file(f->files[0][1], 0, NULL);
	assert_non_null(rep);
	json_array_foreach(json_object_get(rep, "entities"), i, e)
		json_object_set(by, json_string_value(json_object_get(e, "entity")), e);
	json_decref(rep);
	return by;
}

/*
 * Property: adding an input that reports other entities, before or after,
 * leaves each entity's whole result (scores, statuses, reasons, its
 * evaluation year) byte for byte as it was.
 */
static void
test_entities_independent_of_other_inputs(void **state)
{
	struct fixture *f = *state;
	char a[96], b[96];
	unsigned seed = 20221;

	snprintf(a, sizeof(a), "%s/a.csv", f->dir);
	snprintf(b, sizeof(b), "%s/b.csv", f->dir);
	for (int trial = 0; trial < 12; trial++) {
		int lo = 2010 + rand_r(&seed) % 8;
		const char *alone[] = {a}, *after[] = {a, b}, *before[] = {b, a};
		json_t *x, *y, *z, *e;
		const char *id;

		random_input(a, "A", 1 + rand_r(&seed) % 6, lo, lo + rand_r(&seed) % 6, &seed);
		lo = 2010 + rand_r(&seed) % 8;
		random_input(b, "B", 1 + rand_r(&seed) % 6, lo, lo + rand_r(&seed) % 6, &seed);
		x = entities_of(f, alone, 1);
		y = entities_of(f, after, 2);
		z = entities_of(f, before, 2);
		json_object_foreach(x, id, e) {
			char *want = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
			char *got = json_dumps(json_object_get(y, id), JSON_COMPACT | JSON_PRESERVE_ORDER);
			char *got2 = json_dumps(json_object_get(z, id), JSON_COMPACT | JSON_PRESERVE_ORDER);

			assert_non_null(got);
			assert_non_null(got2);
			assert_string_equal(want, got);
			assert_string_equal(want, got2);
			free(want);
			free(got);
			free(got2);
		}
		json_decref(x);
		json_decref(y);
		json_decref(z);
	}
	unlink(a);
	unlink(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_each_entity_evaluated_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render_gives_the_same_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trajectory_evaluates_once_per_year, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_entities_independent_of_other_inputs, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
