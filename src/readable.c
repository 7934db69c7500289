/*
 * Numbers and gaps in words (readable.h).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "readable.h"

void
readable_num(struct strbuf *sb, double v, int decimals)
{
	char buf[400];

	if (!isfinite(v)) {
		strbuf_adds(sb, "(not a number)");
		return;
	}
	/* Millions and more in words, so that no number has over six digits. */
	if (fabs(v) >= 1e6 && fabs(v) < 1e15) {
		double scale = fabs(v) >= 1e12 ? 1e12 : fabs(v) >= 1e9 ? 1e9 : 1e6;

		snprintf(buf, sizeof(buf), "%.*g %s", READABLE_DIGITS, v / scale,
		    scale == 1e12 ? "trillion" : scale == 1e9 ? "billion" : "million");
	} else if (decimals >= 0 && decimals <= 6 && fabs(v) < 1e6) {
		snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	} else {
		snprintf(buf, sizeof(buf), "%.*g", READABLE_DIGITS, v);
	}
	/* "-0.00" is zero. */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		strbuf_adds(sb, buf + 1);
	else
		strbuf_adds(sb, buf);
}

int
readable_decimals(const struct res_run *run, const struct res_rule *r)
{
	int ind = res_def(run, r)->indicator;

	return ind >= 0 ? run->indicators[ind].decimals : -1;
}

/* Is r's indicator a percentage ("%" unit), so that a gap is in points? */
static bool
is_percent(const struct res_run *run, const struct res_rule *r)
{
	int ind = res_def(run, r)->indicator;

	return ind >= 0 && strcmp(run->indicators[ind].unit, "%") == 0;
}

void
readable_value(struct strbuf *sb, const struct res_run *run, const struct res_rule *r,
    const struct value *v)
{
	switch (v->kind) {
	case V_NUM:
		readable_num(sb, v->num, readable_decimals(run, r));
		if (is_percent(run, r))
			strbuf_addc(sb, '%');
		break;
	case V_BOOL:
		strbuf_adds(sb, v->b ? "yes" : "no");
		break;
	case V_TEXT:
		strbuf_adds(sb, v->text);
		break;
	case V_NONE:
		strbuf_adds(sb, "(none)");
		break;
	}
}

bool
readable_gap(struct strbuf *sb, const struct res_run *run, const struct res_rule *r)
{
	const char *words;
	double ref;
	int dec = readable_decimals(run, r);
	bool pct = is_percent(run, r);

	if (!res_shows_gap(r) || r->observed.kind != V_NUM ||
	    !check_gap_words(r->target, r->observed.num, &words, &ref))
		return false;
	readable_num(sb, fabs(r->observed.num - ref), dec);
	strbuf_adds(sb, pct ? " points " : " ");
	strbuf_adds(sb, words);
	strbuf_addc(sb, ' ');
	readable_num(sb, ref, dec);
	if (pct)
		strbuf_addc(sb, '%');
	return true;
}
