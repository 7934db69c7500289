/*
 * The files a run writes its reports to, all or nothing: named files are
 * written to temporary files beside their targets and renamed into place
 * only when every report is complete; standard output comes last.
 */
#ifndef RC_OUTPUT_H
#define RC_OUTPUT_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include "diag.h"

enum output_kind {
	OUTPUT_RENAME,          /* a regular file (or none yet): temporary file + rename */
	OUTPUT_DIRECT,          /* a device, FIFO or descriptor link: written in place */
	OUTPUT_STDOUT,          /* standard output, the only output: written as it goes */
	OUTPUT_SPOOL,           /* standard output among others: copied out last */
};

struct output {
	const char *name;       /* as given, for messages; NULL: standard output */
	enum output_kind kind;
	int err;                /* found when resolving: the file cannot be opened */
	char *path;             /* OUTPUT_RENAME: the file replaced, links resolved */
	char *tmp;              /* OUTPUT_RENAME: the temporary file's name */
	FILE *fp;               /* NULL when not open */
	bool exists;            /* dev and ino are the file's */
	bool chardev;           /* a character device (/dev/null): may be shared */
	dev_t dev;
	ino_t ino;
	/*
	 * The temporary file exists and is not renamed yet: the signal
	 * cleanup removes it. Set only after tmp is complete.
	 */
	volatile sig_atomic_t live;
};

struct output_set {
	struct output *items;
	size_t n;
	bool opened;
	struct output_set *next;        /* in the list the cleanup walks */
};

void output_set_init(struct output_set *os);
/*
 * Add an output (NULL: standard output). name is not copied and must live
 * as long as the set. Only before output_set_check.
 */
void output_set_add(struct output_set *os, const char *name);
/*
 * Resolve every output (symbolic links are followed to the file they end
 * at) and check that no output is an input or another output: the same
 * device and inode, or the same directory and name for a file that does
 * not exist yet. inputs are the files the run will read (NULL: standard
 * input). Returns 0, or -1 after adding the problems to dl (a usage error:
 * nothing has been read or written).
 */
int output_set_check(struct output_set *os, const char *const *inputs,
    size_t ninputs, struct diaglist *dl);
/*
 * Open every output, in order: a temporary file in the target's directory
 * for a regular file, the file itself for a device or FIFO, an unlinked
 * spool file for standard output when there are other outputs. Returns 0,
 * or -1 after adding the problem to dl and removing what it made.
 */
int output_set_open(struct output_set *os, struct diaglist *dl);
/* The stream output i is written to (after output_set_open). */
FILE *output_set_stream(const struct output_set *os, size_t i);
/*
 * Writing output i failed with errnum (0: unknown, found from the stream):
 * add "cannot write to 'NAME': REASON" to dl. The caller then aborts.
 */
void output_set_write_error(struct output_set *os, size_t i, int errnum,
    struct diaglist *dl);
/*
 * Finish: flush every output and fsync the temporary files; when all that
 * worked, rename every temporary file onto its target and then copy the
 * spooled report to standard output. Returns 0, or -1 after adding the
 * problem to dl; a failure before the renames removes every temporary
 * file, so no named file changes and nothing goes to standard output.
 */
int output_set_commit(struct output_set *os, struct diaglist *dl);
/* Close everything and remove the temporary files; nothing is renamed. */
void output_set_abort(struct output_set *os);
/* Abort what is still open and free the set's contents. */
void output_set_release(struct output_set *os);

/*
 * Remove the temporary files of every open set. Async-signal-safe (only
 * unlink(2)): for a signal handler, or before exiting when memory runs out.
 */
void output_remove_temporaries(void);

#endif
