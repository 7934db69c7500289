/*
 * Report outputs, all or nothing. Every output is opened before any is
 * written; named regular files are written to temporary files in their
 * target's directory and renamed only when every report is complete, and a
 * report for standard output next to others is spooled and copied out after
 * the renames. A signal handler in main.c removes the temporary files
 * through output_remove_temporaries(), so their names are made before the
 * files exist and the list of sets changes only with signals blocked.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/magic.h>
#include <sys/vfs.h>
#endif

#include "output.h"
#include "xalloc.h"

/*
 * Temporary files are hidden and short whatever the target's name, so a
 * target of up to NAME_MAX characters works and a file left by SIGKILL
 * says what made it.
 */
#define TMP_TEMPLATE ".resilience-check-XXXXXX"
#define MAX_LINKS 40            /* as the kernel's limit for one lookup */
#define COPY_CHUNK 65536

#ifndef P_tmpdir
#define P_tmpdir "/tmp"
#endif

/* The sets that have temporary files, for the signal cleanup. */
static struct output_set *volatile live_sets;

/*
 * Block the signals that could end the program while a temporary file is
 * made or the files are put in place. Faults stay deliverable.
 */
static void
block_signals(sigset_t *old)
{
	sigset_t set;

	sigfillset(&set);
	sigdelset(&set, SIGSEGV);
	sigdelset(&set, SIGBUS);
	sigdelset(&set, SIGFPE);
	sigdelset(&set, SIGILL);
	sigdelset(&set, SIGABRT);
	sigdelset(&set, SIGTRAP);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void
restore_signals(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

void
output_remove_temporaries(void)
{
	int saved = errno;

	for (struct output_set *os = live_sets; os != NULL; os = os->next)
		for (size_t i = 0; i < os->n; i++)
			if (os->items[i].live) {
				(void)unlink(os->items[i].tmp);
				os->items[i].live = 0;
			}
	errno = saved;
}

void
output_set_init(struct output_set *os)
{
	memset(os, 0, sizeof(*os));
}

void
output_set_add(struct output_set *os, const char *name)
{
	struct output *out;

	os->items = xreallocarray(os->items, os->n + 1, sizeof(*os->items));
	out = &os->items[os->n++];
	memset(out, 0, sizeof(*out));
	out->name = name;
	out->kind = OUTPUT_RENAME;
}

/* "output 'x'" or "standard output", for messages. */
static char *
output_label(const struct output *out)
{
	return out->name ? xasprintf("output '%s'", out->name) : xstrdup("standard output");
}

static const char *
output_name(const struct output *out)
{
	return out->name ? out->name : "standard output";
}

/* The directory part of path: "." when it has none. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	return xasprintf("%s%s%s", dir, n > 0 && dir[n - 1] == '/' ? "" : "/", name);
}

/* The target of a symbolic link, or NULL with errno set. */
static char *
read_link(const char *path)
{
	for (size_t cap = 256;; cap *= 2) {
		char *buf = xmalloc(cap);
		ssize_t n = readlink(path, buf, cap);

		if (n >= 0 && (size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		if (n < 0)
			return NULL;
		if (cap >= 65536) {
			errno = ENAMETOOLONG;
			return NULL;
		}
	}
}

/*
 * A link of /proc such as /proc/self/fd/1 (where /dev/stdout leads) names
 * an open file description, not a path: its text may be "pipe:[1234]" or a
 * deleted file. Such an output is opened through the link and written in
 * place, as a shell redirection would be, never replaced.
 */
static bool
link_is_magic(const char *path)
{
#ifdef __linux__
	struct statfs sf;
	char *dir = dir_of(path);
	bool magic = statfs(dir, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;

	free(dir);
	return magic;
#else
	(void)path;
	return false;
#endif
}

static void
set_id(struct output *out, const struct stat *sb)
{
	out->exists = true;
	out->dev = sb->st_dev;
	out->ino = sb->st_ino;
	out->chardev = S_ISCHR(sb->st_mode);
}

/*
 * Decide how a named output is written and what it replaces. A regular file
 * (or one not there yet) is reached through its symbolic links, so that the
 * rename replaces the file the links end at and the links stay.
 */
static void
output_resolve(struct output *out)
{
	struct stat sb;
	char *path, *dir, *canon;
	const char *base;

	if (stat(out->name, &sb) == 0) {
		set_id(out, &sb);
		if (S_ISDIR(sb.st_mode)) {
			out->err = EISDIR;
			return;
		}
		if (!S_ISREG(sb.st_mode)) {
			out->kind = OUTPUT_DIRECT;
			return;
		}
	}
	path = xstrdup(out->name);
	for (int hops = 0;; hops++) {
		char *target, *ldir;

		if (lstat(path, &sb) != 0 || !S_ISLNK(sb.st_mode))
			break;
		if (hops == MAX_LINKS) {
			out->err = ELOOP;
			goto out;
		}
		if (link_is_magic(path)) {
			out->kind = OUTPUT_DIRECT;
			goto out;
		}
		if ((target = read_link(path)) == NULL) {
			out->err = errno;
			goto out;
		}
		if (target[0] == '/') {
			free(path);
			path = target;
		} else {
			ldir = dir_of(path);
			free(path);
			path = path_join(ldir, target);
			free(ldir);
			free(target);
		}
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		out->err = EISDIR;
		goto out;
	}
	dir = dir_of(path);
	/* The real directory, so that "x", "./x" and "d/../x" compare equal. */
	if ((canon = realpath(dir, NULL)) != NULL) {
		free(dir);
		dir = xstrdup(canon);
		free(canon);
	}
	out->path = path_join(dir, base);
	out->tmp = path_join(dir, TMP_TEMPLATE);
	free(dir);
	/*
	 * The name reached a file that the links do not lead to (a link of
	 * /proc outside Linux, say): write it in place rather than replace
	 * the wrong file.
	 */
	if (out->exists && (lstat(out->path, &sb) != 0 || sb.st_dev != out->dev ||
	    sb.st_ino != out->ino))
		out->kind = OUTPUT_DIRECT;
out:
	free(path);
}

static bool
same_file(const struct output *a, const struct output *b)
{
	if (a->err != 0 || b->err != 0)
		return false;
	/* Several reports may well be thrown away into one /dev/null. */
	if (a->exists && b->exists && !a->chardev && !b->chardev &&
	    a->dev == b->dev && a->ino == b->ino)
		return true;
	return a->kind == OUTPUT_RENAME && b->kind == OUTPUT_RENAME &&
	    a->path != NULL && b->path != NULL && strcmp(a->path, b->path) == 0;
}

int
output_set_check(struct output_set *os, const char *const *inputs,
    size_t ninputs, struct diaglist *dl)
{
	struct stat sb;
	int bad = 0;

	for (size_t i = 0; i < os->n; i++) {
		struct output *out = &os->items[i];

		if (out->name != NULL) {
			output_resolve(out);
			continue;
		}
		out->kind = os->n > 1 ? OUTPUT_SPOOL : OUTPUT_STDOUT;
		/*
		 * A file can be overwritten by the standard output report, and a
		 * pipe or socket written twice (through /dev/stdout as well).
		 */
		if (fstat(STDOUT_FILENO, &sb) == 0 && (S_ISREG(sb.st_mode) ||
		    S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode)))
			set_id(out, &sb);
	}
	for (size_t i = 0; i < os->n; i++) {
		for (size_t k = 0; k < i; k++) {
			char *a, *b;

			if (!same_file(&os->items[k], &os->items[i]))
				continue;
			a = output_label(&os->items[k]);
			b = output_label(&os->items[i]);
			diag_error(dl, NULL, 0, 0, "%s is the same file as %s; give each "
			    "report its own file", b, a);
			free(a);
			free(b);
			bad = 1;
		}
	}
	for (size_t j = 0; j < ninputs; j++) {
		int rc = inputs[j] ? stat(inputs[j], &sb) : fstat(STDIN_FILENO, &sb);

		if (rc != 0 || S_ISCHR(sb.st_mode) || S_ISDIR(sb.st_mode))
			continue;
		for (size_t i = 0; i < os->n; i++) {
			const struct output *out = &os->items[i];
			char *a, *b;

			if (!out->exists || out->chardev || out->dev != sb.st_dev ||
			    out->ino != sb.st_ino)
				continue;
			a = output_label(out);
			b = inputs[j] ? xasprintf("input '%s'", inputs[j]) : xstrdup("standard input");
			diag_error(dl, NULL, 0, 0, "%s is the same file as %s; write the "
			    "report to another file", a, b);
			free(a);
			free(b);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/*
 * Keep descriptors 0 to 2 for what they are: with standard output closed, a
 * new file would get descriptor 1 and the report for standard output would
 * land in it.
 */
static int
fd_above_std(int fd)
{
	int nfd, saved;

	if (fd < 0 || fd > STDERR_FILENO)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	saved = errno;
	close(fd);
	errno = saved;
	return nfd;
}

/* An unlinked file for the standard output report, or -1. */
static int
spool_open(void)
{
	char name[] = P_tmpdir "/" TMP_TEMPLATE;
	sigset_t old;
	int fd;

#ifdef O_TMPFILE
	if ((fd = open(P_tmpdir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0)
		return fd_above_std(fd);
#endif
	block_signals(&old);
	if ((fd = mkostemp(name, O_CLOEXEC)) >= 0)
		(void)unlink(name);
	restore_signals(&old);
	return fd_above_std(fd);
}

/* A temporary file beside out->path, registered for the cleanup. */
static int
tmp_open(struct output *out, mode_t mode)
{
	sigset_t old;
	int fd, saved;

	block_signals(&old);
	fd = mkostemp(out->tmp, O_CLOEXEC);
	if (fd >= 0)
		out->live = 1;
	restore_signals(&old);
	if (fd < 0)
		return -1;
	if ((fd = fd_above_std(fd)) < 0 || fchmod(fd, mode) != 0) {
		saved = errno;
		if (fd >= 0)
			close(fd);
		(void)unlink(out->tmp);
		out->live = 0;
		errno = saved;
		return -1;
	}
	return fd;
}

/*
 * Standard output closed or read-only: known to fail now, so fail before
 * any file is replaced rather than after.
 */
static int
stdout_usable(struct diaglist *dl)
{
	int fl = fcntl(STDOUT_FILENO, F_GETFL);

	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY) {
		diag_error(dl, NULL, 0, 0, "cannot write to 'standard output': %s",
		    strerror(fl < 0 ? errno : EBADF));
		return -1;
	}
	return 0;
}

static int
output_open(struct output *out, mode_t mode, struct diaglist *dl)
{
	int fd;

	if (out->err != 0) {
		diag_error(dl, NULL, 0, 0, "cannot write to '%s': %s", out->name,
		    strerror(out->err));
		return -1;
	}
	switch (out->kind) {
	case OUTPUT_STDOUT:
		if (stdout_usable(dl) != 0)
			return -1;
		out->fp = stdout;
		return 0;
	case OUTPUT_SPOOL:
		if (stdout_usable(dl) != 0)
			return -1;
		if ((fd = spool_open()) < 0) {
			diag_error(dl, NULL, 0, 0, "cannot make a temporary file in '%s' for "
			    "the standard output report: %s", P_tmpdir, strerror(errno));
			return -1;
		}
		break;
	case OUTPUT_DIRECT:
		/* Like a shell redirection: a FIFO waits here for its reader. */
		fd = fd_above_std(open(out->name, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC));
		if (fd < 0) {
			diag_error(dl, NULL, 0, 0, "cannot write to '%s': %s", out->name,
			    strerror(errno));
			return -1;
		}
		break;
	case OUTPUT_RENAME:
	default:
		if ((fd = tmp_open(out, mode)) < 0) {
			diag_error(dl, NULL, 0, 0, "cannot create a file beside '%s': %s",
			    out->name, strerror(errno));
			return -1;
		}
		break;
	}
	if ((out->fp = fdopen(fd, out->kind == OUTPUT_SPOOL ? "w+" : "w")) == NULL) {
		diag_error(dl, NULL, 0, 0, "cannot write to '%s': %s", output_name(out),
		    strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

int
output_set_open(struct output_set *os, struct diaglist *dl)
{
	sigset_t old;
	mode_t mask;

	if (!os->opened) {
		block_signals(&old);
		os->next = live_sets;
		live_sets = os;
		os->opened = true;
		restore_signals(&old);
	}
	/* New files get the mode a shell redirection would give them. */
	mask = umask(0);
	umask(mask);
	for (size_t i = 0; i < os->n; i++) {
		if (output_open(&os->items[i], 0666 & ~mask, dl) != 0) {
			output_set_abort(os);
			return -1;
		}
	}
	return 0;
}

FILE *
output_set_stream(const struct output_set *os, size_t i)
{
	return os->items[i].fp;
}

void
output_set_write_error(struct output_set *os, size_t i, int errnum,
    struct diaglist *dl)
{
	struct output *out = &os->items[i];

	if (errnum == 0 && out->fp != NULL && fflush(out->fp) != 0)
		errnum = errno;
	if (out->kind == OUTPUT_SPOOL)
		diag_error(dl, NULL, 0, 0, "cannot write to a temporary file in '%s' "
		    "for the standard output report: %s", P_tmpdir,
		    strerror(errnum ? errnum : EIO));
	else
		diag_error(dl, NULL, 0, 0, "cannot write to '%s': %s", output_name(out),
		    strerror(errnum ? errnum : EIO));
}

/* Flush (and for a temporary file fsync and close) one output. */
static int
output_finish(struct output *out, struct diaglist *dl)
{
	int err = 0;

	if (out->fp == NULL || out->kind == OUTPUT_STDOUT)
		return 0;
	errno = 0;
	if (fflush(out->fp) != 0 || ferror(out->fp))
		err = errno ? errno : EIO;
	/* The data must be on disk before the rename makes it the file. */
	else if (out->kind == OUTPUT_RENAME && fsync(fileno(out->fp)) != 0 &&
	    errno != EINVAL && errno != ENOTSUP)
		err = errno;
	if (out->kind != OUTPUT_SPOOL) {
		if (fclose(out->fp) != 0 && err == 0)
			err = errno;
		out->fp = NULL;
	}
	if (err != 0) {
		if (out->kind == OUTPUT_SPOOL)
			diag_error(dl, NULL, 0, 0, "cannot write to a temporary file in '%s' "
			    "for the standard output report: %s", P_tmpdir, strerror(err));
		else
			diag_error(dl, NULL, 0, 0, "cannot write to '%s': %s", out->name,
			    strerror(err));
		return -1;
	}
	return 0;
}

/* Copy the spooled report to standard output. */
static int
spool_copy(struct output *out, struct diaglist *dl)
{
	char *buf = xmalloc(COPY_CHUNK);
	size_t n;
	int rc = 0;

	rewind(out->fp);
	errno = 0;
	while ((n = fread(buf, 1, COPY_CHUNK, out->fp)) > 0) {
		if (fwrite(buf, 1, n, stdout) != n) {
			diag_error(dl, NULL, 0, 0, "cannot write to 'standard output': %s",
			    strerror(errno ? errno : EIO));
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(out->fp)) {
		diag_error(dl, NULL, 0, 0, "cannot read back the standard output report: %s",
		    strerror(errno ? errno : EIO));
		rc = -1;
	}
	free(buf);
	return rc;
}

/*
 * Make a rename durable: fsync the directory that holds path. A file
 * system that cannot (EINVAL, say) keeps the rename all the same, so
 * errors here are not reported.
 */
static void
sync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") :
	    slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int
output_set_commit(struct output_set *os, struct diaglist *dl)
{
	struct output *out;
	sigset_t old;
	int rc = 0;

	for (size_t i = 0; i < os->n; i++) {
		if (output_finish(&os->items[i], dl) != 0) {
			output_set_abort(os);
			return -1;
		}
	}
	/*
	 * Signals wait while the files are put in place, so that a run cut
	 * short by one has replaced every file or none.
	 */
	block_signals(&old);
	for (size_t i = 0; i < os->n; i++) {
		out = &os->items[i];
		if (!out->live)
			continue;
		if (rc == 0 && rename(out->tmp, out->path) != 0) {
			diag_error(dl, NULL, 0, 0, "cannot replace '%s': %s", out->name,
			    strerror(errno));
			rc = -1;
		}
		if (rc != 0)
			(void)unlink(out->tmp);
		out->live = 0;
	}
	restore_signals(&old);
	for (size_t i = 0; rc == 0 && i < os->n; i++)
		if (os->items[i].kind == OUTPUT_RENAME)
			sync_dir_of(os->items[i].path);
	for (size_t i = 0; i < os->n; i++) {
		out = &os->items[i];
		if (out->kind == OUTPUT_SPOOL && out->fp != NULL) {
			if (rc == 0 && spool_copy(out, dl) != 0)
				rc = -1;
			fclose(out->fp);
			out->fp = NULL;
		}
		if (out->kind == OUTPUT_SPOOL || out->kind == OUTPUT_STDOUT) {
			out->fp = NULL;
			errno = 0;
			if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
				diag_error(dl, NULL, 0, 0, "cannot write to 'standard output': %s",
				    strerror(errno ? errno : EIO));
				rc = -1;
			}
		}
	}
	return rc;
}

void
output_set_abort(struct output_set *os)
{
	for (size_t i = 0; i < os->n; i++) {
		struct output *out = &os->items[i];

		if (out->fp != NULL && out->kind != OUTPUT_STDOUT)
			fclose(out->fp);
		out->fp = NULL;
		if (out->live) {
			(void)unlink(out->tmp);
			out->live = 0;
		}
	}
}

void
output_set_release(struct output_set *os)
{
	sigset_t old;

	output_set_abort(os);
	if (os->opened) {
		block_signals(&old);
		for (struct output_set *volatile *pp = &live_sets; *pp != NULL; pp = &(*pp)->next) {
			if (*pp == os) {
				*pp = os->next;
				break;
			}
		}
		restore_signals(&old);
	}
	for (size_t i = 0; i < os->n; i++) {
		free(os->items[i].path);
		free(os->items[i].tmp);
	}
	free(os->items);
	memset(os, 0, sizeof(*os));
}
