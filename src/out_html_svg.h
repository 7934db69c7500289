/*
 * Building blocks of the html report (out_html.c): escaping, and SVG
 * charts that need no script.
 */
#ifndef RC_OUT_HTML_SVG_H
#define RC_OUT_HTML_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "results.h"

/* One row of a bar chart. */
struct html_bar {
	const char *label;      /* escaped when written */
	int num;                /* commitment number before the label; 0: none */
	long anchor;            /* entity section linked from the label; -1: none */
	bool has;
	double score;           /* 0..100 when has */
};

/* One line of a line chart: an entity's scores over years. */
struct html_line {
	const char *label;      /* escaped when written */
	const struct res_point *pts;
	size_t n;
};

/*
 * Write s as HTML text or attribute value: the five special characters
 * become references, and control characters, which HTML does not allow,
 * become U+FFFD. n is the number of bytes to write, or (size_t)-1 for all.
 */
void html_esc_n(FILE *fp, const char *s, size_t n);
void html_esc(FILE *fp, const char *s);
/* s escaped, cut to a chart label's length with an ellipsis. */
void html_label(FILE *fp, const char *s);
/* The fill patterns the charts use, once per page. */
void html_defs(FILE *fp);
/* The key to the bar charts' fills and threshold line. */
void html_legend(FILE *fp, const struct res_options *o);
/* A bar chart of n scores, labelled by the element with id capid. */
void html_chart(FILE *fp, const struct res_run *run, const char *capid,
    const struct html_bar *bars, size_t n);
/* A line chart of n series over the years from..to, labelled by capid. */
void html_lines(FILE *fp, const char *capid, const struct html_line *lines, size_t n,
    int from, int to);

#endif
