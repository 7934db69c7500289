/*
 * The table of writers: every report format, by name.
 */
#ifndef RC_WRITERS_H
#define RC_WRITERS_H

#include "writer.h"

/* Every writer, in the order --help lists them; NULL-terminated. */
extern const struct writer *const writers[];
/* The writer of a format name, or NULL. */
const struct writer *writer_find(const char *name);

#endif
