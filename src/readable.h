/*
 * Numbers and gaps in words, for the reports people read (text, markdown,
 * html): values with the precision of their indicator, a gap said the way
 * its check reads ("0.38 below the target of 3"). The json and csv
 * reports keep full precision and signed gaps.
 */
#ifndef RC_READABLE_H
#define RC_READABLE_H

#include "results.h"
#include "strbuf.h"

/* The most significant digits a number is shown with when it has no decimals of its own. */
#define READABLE_DIGITS 6

/* v with decimals places (0..6), or READABLE_DIGITS significant digits when decimals is -1. */
void readable_num(struct strbuf *sb, double v, int decimals);
/* The decimals of rule result r's indicator (-1 for an expression). */
int readable_decimals(const struct res_run *run, const struct res_rule *r);
/* A value of r's indicator: a number as readable_num, "yes"/"no", or the text. */
void readable_value(struct strbuf *sb, const struct res_run *run,
    const struct res_rule *r, const struct value *v);
/*
 * r's gap in words when it has one that its check can say ("0.38 below the
 * target of 3", "10.5 over the limit of 10", "4 above the range 20 to 80");
 * adds nothing and returns false otherwise.
 */
bool readable_gap(struct strbuf *sb, const struct res_run *run, const struct res_rule *r);

#endif
