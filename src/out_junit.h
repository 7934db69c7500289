/*
 * The junit writer (out_junit.c), for the table in writers.c.
 */
#ifndef RC_OUT_JUNIT_H
#define RC_OUT_JUNIT_H

#include "writer.h"

extern const struct writer writer_junit;

#endif
