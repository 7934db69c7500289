/*
 * The text writer (out_text.c), for the table in writers.c.
 */
#ifndef RC_OUT_TEXT_H
#define RC_OUT_TEXT_H

#include "writer.h"

extern const struct writer writer_text;

#endif
