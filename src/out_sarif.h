/*
 * The sarif writer (out_sarif.c), for the table in writers.c.
 */
#ifndef RC_OUT_SARIF_H
#define RC_OUT_SARIF_H

#include "writer.h"

extern const struct writer writer_sarif;

#endif
