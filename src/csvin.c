/*
 * The self-report reader's entry points: an input named on the command
 * line (a regular file, read with pread; anything else, such as a pipe or
 * standard input, as a stream), a buffer in memory, or an open stream.
 * The reader's parts: csvfile (input), csvscan (records), csvreader (the
 * header and the table of layouts), csvlong, csvwide, csvwb (the layouts)
 * and csvrow (what their rows share).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvfile.h"
#include "csvin.h"
#include "importmap_input.h"

int
csvin_read_stream(FILE *fp, const char *name, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl)
{
	return csvfile_read_stream(fp, name, opts, store, info, dl);
}

int
csvin_read_buffer(const char *data, size_t size, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl)
{
	memset(info, 0, sizeof(*info));
	info->path = name;
	return csvfile_read_mem(data, size, name, opts, store, info, dl);
}

int
csvin_read(const char *path, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl)
{
	struct stat st;
	FILE *fp;
	int fd, rc;

	if (strcmp(path, "-") == 0)
		return csvin_read_stream(stdin, "-", opts, store, info, dl);
	memset(info, 0, sizeof(*info));
	info->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_error(dl, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		diag_error(dl, NULL, 0, 0, "cannot read '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_error(dl, NULL, 0, 0, "'%s' is a directory", path);
		close(fd);
		return -1;
	}
	/*
	 * A published table that a map reads takes its own path; a pipe or
	 * another stream is offered to the maps by the stream reader.
	 */
	if (S_ISREG(st.st_mode) && (opts->map != NULL || opts->maps != NULL) &&
	    (rc = importmap_try_fd(fd, path, opts, store, info, dl)) != 1) {
		close(fd);
		return rc;
	}
	/*
	 * A regular file is read in slices with pread: its records can be
	 * split among threads, and another process truncating it meanwhile
	 * makes an input error, not a signal.
	 */
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size <= SIZE_MAX) {
		rc = csvfile_read_fd(fd, (size_t)st.st_size, path, opts, store, info, dl);
		close(fd);
		return rc;
	}
	fp = fdopen(fd, "rb");
	if (fp == NULL) {
		diag_error(dl, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	rc = csvin_read_stream(fp, path, opts, store, info, dl);
	fclose(fp);
	return rc;
}
