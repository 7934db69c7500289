/*
 * The markdown writer (out_md.c), for the table in writers.c.
 */
#ifndef RC_OUT_MD_H
#define RC_OUT_MD_H

#include "writer.h"

extern const struct writer writer_markdown;

#endif
