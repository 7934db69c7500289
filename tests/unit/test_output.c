/*
 * Unit tests of the report outputs: links followed to the file they end at,
 * the same file under two names, all-or-nothing commit and abort, and the
 * removal of temporary files that a signal handler or xalloc_die relies on.
 * Each test works in a fresh folder of its own.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "output.h"
#include "xalloc.h"

struct fixture {
	char dir[PATH_MAX];
	int home;               /* the folder to go back to */
	struct output_set os;
	struct diaglist dl;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	const char *tmp = getenv("TMPDIR");

	snprintf(fx->dir, sizeof(fx->dir), "%s/rc-output-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	fx->home = open(".", O_RDONLY | O_DIRECTORY);
	if (fx->home < 0 || chdir(fx->dir) != 0)
		return -1;
	output_set_init(&fx->os);
	diag_init(&fx->dl);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	DIR *d;
	struct dirent *e;

	output_set_release(&fx->os);
	diag_release(&fx->dl);
	if ((d = opendir(".")) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
				unlink(e->d_name);
		closedir(d);
	}
	rmdir("sub");
	if (fchdir(fx->home) != 0)
		return -1;
	close(fx->home);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
get(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* How many temporary files are in the current folder. */
static int
ntemporaries(void)
{
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, ".resilience-check-", 18) == 0)
			n++;
	closedir(d);
	return n;
}

static void
test_link_chain_is_followed(void **state)
{
	struct fixture *fx = *state;
	char want[PATH_MAX + 16], real[PATH_MAX], buf[64];
	struct stat sb;

	put("target.txt", "old\n");
	assert_int_equal(mkdir("sub", 0777), 0);
	assert_int_equal(symlink("target.txt", "mid.txt"), 0);
	assert_int_equal(symlink("../mid.txt", "sub/link.txt"), 0);
	output_set_add(&fx->os, "sub/link.txt");
	assert_int_equal(output_set_check(&fx->os, NULL, 0, &fx->dl), 0);
	assert_int_equal(fx->os.items[0].kind, OUTPUT_RENAME);
	assert_non_null(realpath(".", real));
	snprintf(want, sizeof(want), "%s/target.txt", real);
	assert_string_equal(fx->os.items[0].path, want);

	assert_int_equal(output_set_open(&fx->os, &fx->dl), 0);
	fputs("new\n", output_set_stream(&fx->os, 0));
	assert_int_equal(output_set_commit(&fx->os, &fx->dl), 0);
	assert_string_equal(get("target.txt", buf, sizeof(buf)), "new\n");
	assert_int_equal(lstat("sub/link.txt", &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	assert_int_equal(lstat("mid.txt", &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	assert_int_equal(ntemporaries(), 0);
	unlink("sub/link.txt");
}

static void
test_same_file_before_it_exists(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(mkdir("sub", 0777), 0);
	output_set_add(&fx->os, "x");
	output_set_add(&fx->os, "sub/../x");
	assert_int_equal(output_set_check(&fx->os, NULL, 0, &fx->dl), -1);
	assert_int_equal(fx->dl.nerrors, 1);
	assert_string_equal(fx->dl.items[0].msg, "output 'sub/../x' is the same file as "
	    "output 'x'; give each report its own file");
}

static void
test_output_is_an_input(void **state)
{
	struct fixture *fx = *state;
	const char *inputs[] = { "in.csv", NULL };

	put("in.csv", "entity,indicator,value\n");
	assert_int_equal(link("in.csv", "other.csv"), 0);
	output_set_add(&fx->os, "other.csv");
	assert_int_equal(output_set_check(&fx->os, inputs, 1, &fx->dl), -1);
	assert_string_equal(fx->dl.items[0].msg, "output 'other.csv' is the same file as "
	    "input 'in.csv'; write the report to another file");
}

static void
test_devices_may_be_shared(void **state)
{
	struct fixture *fx = *state;

	output_set_add(&fx->os, "/dev/null");
	output_set_add(&fx->os, "/dev/zero");
	assert_int_equal(output_set_check(&fx->os, NULL, 0, &fx->dl), 0);
	assert_int_equal(fx->os.items[0].kind, OUTPUT_DIRECT);
}

static void
test_abort_keeps_every_file(void **state)
{
	struct fixture *fx = *state;
	char buf[64];

	put("a.txt", "old a\n");
	output_set_add(&fx->os, "a.txt");
	output_set_add(&fx->os, "b.txt");
	assert_int_equal(output_set_check(&fx->os, NULL, 0, &fx->dl), 0);
	assert_int_equal(output_set_open(&fx->os, &fx->dl), 0);
	assert_int_equal(ntemporaries(), 2);
	fputs("new a\n", output_set_stream(&fx->os, 0));
	fputs("new b\n", output_set_stream(&fx->os, 1));
	output_set_abort(&fx->os);
	assert_int_equal(ntemporaries(), 0);
	assert_string_equal(get("a.txt", buf, sizeof(buf)), "old a\n");
	assert_null(get("b.txt", buf, sizeof(buf)));
}

static void
test_failed_open_removes_the_others(void **state)
{
	struct fixture *fx = *state;

	output_set_add(&fx->os, "a.txt");
	output_set_add(&fx->os, "no/such/dir/b.txt");
	assert_int_equal(output_set_check(&fx->os, NULL, 0, &fx->dl), 0);
	assert_int_equal(output_set_open(&fx->os, &fx->dl), -1);
	assert_string_equal(fx->dl.items[0].msg, "cannot create a file beside "
	    "'no/such/dir/b.txt': No such file or directory");
	assert_int_equal(ntemporaries(), 0);
	assert_int_equal(access("a.txt", F_OK), -1);
}

static void
test_remove_temporaries(void **state)
{
	struct fixture *fx = *state;
	char buf[64];

	put("a.txt", "old\n");
	output_set_add(&fx->os, "a.txt");
	assert_int_equal(output_set_check(&fx->os, NULL, 0, &fx->dl), 0);
	assert_int_equal(output_set_open(&fx->os, &fx->dl), 0);
	assert_int_equal(ntemporaries(), 1);
	output_remove_temporaries();
	assert_int_equal(ntemporaries(), 0);
	assert_string_equal(get("a.txt", buf, sizeof(buf)), "old\n");
	/* Nothing is left to rename, and the set can still be released. */
	assert_int_equal(fx->os.items[0].live, 0);
}

/* What xalloc_die does when memory runs out while reports are written. */
static void
test_out_of_memory_removes_temporaries(void **state)
{
	struct fixture *fx = *state;
	int status;
	pid_t pid;

	output_set_add(&fx->os, "a.txt");
	assert_int_equal(output_set_check(&fx->os, NULL, 0, &fx->dl), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDERR_FILENO);
		if (output_set_open(&fx->os, &fx->dl) != 0 || ntemporaries() != 1)
			_exit(1);
		xalloc_set_cleanup(output_remove_temporaries);
		xalloc_die();
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 5);
	assert_int_equal(ntemporaries(), 0);
}

/*
 * With standard output closed, no output takes its descriptor, and a report
 * for standard output fails when the outputs are opened, not after the
 * renames.
 */
static void
test_closed_stdout_stays_closed(void **state)
{
	struct fixture *fx = *state;
	struct output_set os2;
	int status;
	pid_t pid;

	output_set_add(&fx->os, "a.txt");
	output_set_add(&fx->os, "b.txt");
	assert_int_equal(output_set_check(&fx->os, NULL, 0, &fx->dl), 0);
	output_set_init(&os2);
	output_set_add(&os2, "c.txt");
	output_set_add(&os2, NULL);
	assert_int_equal(output_set_check(&os2, NULL, 0, &fx->dl), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(STDOUT_FILENO);
		if (output_set_open(&fx->os, &fx->dl) != 0)
			_exit(1);
		if (fileno(output_set_stream(&fx->os, 0)) <= STDERR_FILENO ||
		    fileno(output_set_stream(&fx->os, 1)) <= STDERR_FILENO)
			_exit(2);
		output_set_abort(&fx->os);
		if (output_set_open(&os2, &fx->dl) != -1 || ntemporaries() != 0)
			_exit(3);
		if (strcmp(fx->dl.items[fx->dl.n - 1].msg,
		    "cannot write to 'standard output': Bad file descriptor") != 0)
			_exit(4);
		_exit(0);
	}
	output_set_release(&os2);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_link_chain_is_followed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_file_before_it_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_is_an_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_devices_may_be_shared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_keeps_every_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_open_removes_the_others, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_temporaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory_removes_temporaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_stdout_stays_closed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
