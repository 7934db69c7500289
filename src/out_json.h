/*
 * The json writer (out_json.c), for the table in writers.c.
 */
#ifndef RC_OUT_JSON_H
#define RC_OUT_JSON_H

#include "writer.h"

extern const struct writer writer_json;

#endif
