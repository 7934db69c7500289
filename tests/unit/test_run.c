/*
 * Unit tests of the library's entry point: a run that writes every format
 * at once evaluates each entity exactly once (on one thread and on
 * several), and its reports read back (render) give the same bytes.
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_each_entity_evaluated_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render_gives_the_same_bytes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
