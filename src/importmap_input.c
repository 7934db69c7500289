/*
 * The inputs that take the import-map reader's path: a regular file read
 * whole with pread, or a stream whose first block a map recognises.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "importmap.h"
#include "importmap_input.h"
#include "importmap_table.h"
#include "xalloc.h"

#define HEAD_SIZE (64u << 10)

static const struct importmap *
pick(const struct csvin_opts *opts, const char *head, size_t n)
{
	if (opts->map != NULL)
		return opts->map;
	if (opts->maps == NULL)
		return NULL;
	return importmap_recognise(opts->maps, head, n);
}

static void
too_large(const char *name, struct diaglist *dl)
{
	diag_error(dl, name, 0, 0, "too large to read through an import map (at most "
	    "%u MiB)", (unsigned)(IMAP_MAX_FILE >> 20));
}

int
importmap_try_fd(int fd, const char *path, const struct csvin_opts *opts,
    struct obsstore *store, struct input_info *info, struct diaglist *dl)
{
	char *buf = xmalloc(HEAD_SIZE);
	size_t len = 0, cap = HEAD_SIZE;
	const struct importmap *m;
	ssize_t got;
	int rc;

	while (len < HEAD_SIZE && (got = pread(fd, buf + len, HEAD_SIZE - len,
	    (off_t)len)) > 0)
		len += (size_t)got;
	m = pick(opts, buf, len);
	if (m == NULL) {
		free(buf);
		return 1;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= IMAP_MAX_FILE) {
				too_large(path, dl);
				free(buf);
				return -1;
			}
			xgrow(&buf, &cap, cap * 2, 1);
		}
		got = pread(fd, buf + len, cap - len, (off_t)len);
		if (got < 0) {
			diag_error(dl, NULL, 0, 0, "read error on '%s': %s", path,
			    strerror(errno));
			free(buf);
			return -1;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	rc = importmap_read(m, buf, len, path, opts, store, info, dl);
	free(buf);
	return rc;
}

int
importmap_try_stream(FILE *fp, const char *first, size_t n, const char *name,
    const struct csvin_opts *opts, struct obsstore *store,
    struct input_info *info, struct diaglist *dl)
{
	const struct importmap *m = pick(opts, first, n);
	char *buf;
	size_t len = n, cap = n * 2 + 1;
	int rc;

	if (m == NULL)
		return 1;
	buf = xmalloc(cap);
	memcpy(buf, first, n);
	for (;;) {
		size_t got;

		if (len == cap) {
			if (cap >= IMAP_MAX_FILE) {
				too_large(name, dl);
				free(buf);
				return -1;
			}
			xgrow(&buf, &cap, cap * 2, 1);
		}
		got = fread(buf + len, 1, cap - len, fp);
		len += got;
		if (got == 0) {
			if (ferror(fp)) {
				diag_error(dl, NULL, 0, 0, "read error on '%s': %s", name,
				    strerror(errno));
				free(buf);
				return -1;
			}
			break;
		}
	}
	rc = importmap_read(m, buf, len, name, opts, store, info, dl);
	free(buf);
	return rc;
}
