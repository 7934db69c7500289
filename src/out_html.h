/*
 * The html writer (out_html.c), for the table in writers.c.
 */
#ifndef RC_OUT_HTML_H
#define RC_OUT_HTML_H

#include "writer.h"

extern const struct writer writer_html;

#endif
