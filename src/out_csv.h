/*
 * The csv writer (out_csv.c), for the table in writers.c.
 */
#ifndef RC_OUT_CSV_H
#define RC_OUT_CSV_H

#include "writer.h"

extern const struct writer writer_csv;

#endif
