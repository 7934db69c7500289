/*
 * Building blocks of the html report: escaping, and the SVG charts (bars of
 * scores, and lines of scores over years), drawn without scripts.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "out_html_svg.h"
#include "value.h"

/* Code points of a label drawn in a chart; longer ones end in an ellipsis
 * and the whole label is in the row's <title> (and in the tables). */
#define HTML_LABEL_MAX 26

/* Chart geometry, in SVG user units (the chart scales to the page width). */
#define CH_W 720        /* view box width */
#define CH_X0 210       /* where the score axis starts */
#define CH_UNIT 4.3     /* units per score point: 100 -> 430 */
#define CH_ROW 20       /* row pitch */
#define CH_BAR 14       /* bar height */
#define CH_TOP 24       /* room for the threshold label */
#define CH_BOTTOM 22    /* room for the axis labels */


/*
 * Write s as HTML text or attribute value: the five special characters
 * become references, and control characters (C0 other than tab, newline and
 * carriage return; DEL; C1), which HTML does not allow, become U+FFFD. The
 * inputs are valid UTF-8 already (the CSV and YAML readers check it).
 * n is the number of bytes to write, or (size_t)-1 for the whole string.
 */
void
html_esc_n(FILE *fp, const char *s, size_t n)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < n && s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '&': fputs("&amp;", fp); continue;
		case '<': fputs("&lt;", fp); continue;
		case '>': fputs("&gt;", fp); continue;
		case '"': fputs("&quot;", fp); continue;
		case '\'': fputs("&#39;", fp); continue;
		default: break;
		}
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
			fputs("\xef\xbf\xbd", fp);
		} else if (c < 0x80) {
			putc(c, fp);
		} else {
			/*
			 * A sequence reads at most 4 bytes and stops at the NUL,
			 * so no strlen is needed for NUL-terminated text.
			 */
			size_t len = utf8_seq((const unsigned char *)s + i,
			    n == (size_t)-1 ? 4 : n - i);

			if (len == 0 || (c == 0xc2 && (unsigned char)s[i + 1] <= 0x9f)) {
				/* not UTF-8 (a file name), or a C1 control */
				fputs("\xef\xbf\xbd", fp);
				if (len > 0)
					i += len - 1;
			} else {
				fwrite(s + i, 1, len, fp);
				i += len - 1;
			}
		}
	}
}

void
html_esc(FILE *fp, const char *s)
{
	html_esc_n(fp, s, (size_t)-1);
}

/* Write s escaped, cut to HTML_LABEL_MAX code points with an ellipsis. */
void
html_label(FILE *fp, const char *s)
{
	size_t cps = 0, cut = 0, i;

	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (cps == HTML_LABEL_MAX - 1)
			cut = i;
		cps++;
	}
	if (cps <= HTML_LABEL_MAX) {
		html_esc(fp, s);
		return;
	}
	html_esc_n(fp, s, cut);
	fputs("\xe2\x80\xa6", fp);
}

void
html_defs(FILE *fp)
{
	fputs("<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\">"
	    "<defs>\n"
	    "<pattern id=\"p-hi\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
	    "<rect width=\"8\" height=\"8\" fill=\"#2b7a3d\"/></pattern>\n"
	    "<pattern id=\"p-mid\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#e8b021\"/>"
	    "<rect width=\"2\" height=\"6\" fill=\"#6b4f00\"/></pattern>\n"
	    "<pattern id=\"p-lo\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
	    "<rect width=\"8\" height=\"8\" fill=\"#c0392b\"/>"
	    "<path d=\"M0 0L8 8M8 0L0 8\" stroke=\"#fff\" stroke-width=\"1.4\"/></pattern>\n"
	    "</defs></svg>\n", fp);
}

static const char *
html_band(double score)
{
	return score >= 80 ? "hi" : score >= 50 ? "mid" : "lo";
}

void
html_legend(FILE *fp, const struct res_options *o)
{
	static const struct { const char *band, *text; } keys[] = {
		{ "hi", "80 to 100: solid" },
		{ "mid", "50 to 80: hatched" },
		{ "lo", "below 50: cross-hatched" },
	};

	fputs("<p class=\"legend\">", fp);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		fprintf(fp, "<span><svg width=\"28\" height=\"14\" aria-hidden=\"true\">"
		    "<rect class=\"bar\" x=\"0.5\" y=\"0.5\" width=\"27\" height=\"13\" "
		    "fill=\"url(#p-%s)\"/></svg> %s</span> ", keys[i].band, keys[i].text);
	fputs("<span><b>n/a</b>: no rule counted</span> ", fp);
	if (o->has_fail_under)
		fprintf(fp, "<span><svg width=\"28\" height=\"14\" aria-hidden=\"true\">"
		    "<line class=\"thr\" x1=\"14\" y1=\"0\" x2=\"14\" y2=\"14\"/></svg> "
		    "dashed line: fail-under %g (scores below it are marked "
		    "\xe2\x80\x9c" "below\xe2\x80\x9d)</span>", o->fail_under);
	else
		fputs("<span>No <code>--fail-under</code> threshold was given, so no "
		    "threshold line is drawn; grid lines are at 0, 25, 50, 75 and 100.</span>", fp);
	fputs("</p>\n", fp);
}

static double
html_x(double score)
{
	if (score < 0)
		score = 0;
	if (score > 100)
		score = 100;
	return CH_X0 + score * CH_UNIT;
}

/* The y of row i's bar. */
static int
html_row_y(size_t i)
{
	return CH_TOP + (int)i * CH_ROW + (CH_ROW - CH_BAR) / 2;
}

/*
 * A horizontal bar chart of scores from 0 to 100, labelled by the element
 * with id capid. Each bar is filled with its band's pattern and carries its
 * score as text, so colour is never the only carrier. Painted in layers:
 * grid, labels and bars, the threshold, then the scores, which a white halo
 * keeps legible where the threshold line crosses them.
 */
void
html_chart(FILE *fp, const struct res_run *run, const char *capid,
    const struct html_bar *bars, size_t n)
{
	const struct res_options *o = &run->opts;
	int h = CH_TOP + (int)n * CH_ROW + CH_BOTTOM;
	int bottom = CH_TOP + (int)n * CH_ROW;

	fprintf(fp, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "role=\"img\" aria-labelledby=\"%s\">\n", CH_W, h, CH_W, h, capid);
	for (int v = 0; v <= 100; v += 25) {
		fprintf(fp, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
		    "<text class=\"tick\" x=\"%.1f\" y=\"%d\">%d</text>\n", html_x(v),
		    CH_TOP - 4, html_x(v), bottom, html_x(v), h - 6, v);
	}
	for (size_t i = 0; i < n; i++) {
		const struct html_bar *b = &bars[i];
		int y = html_row_y(i);

		fputs("<g><title>", fp);
		if (b->num)
			fprintf(fp, "%d ", b->num);
		html_esc(fp, b->label);
		fputs(": ", fp);
		if (b->has)
			fprintf(fp, "%.1f%s", b->score, o->has_fail_under &&
			    b->score < o->fail_under ? " (below fail-under)" : "");
		else
			fputs("n/a (no rule counted)", fp);
		fputs("</title>", fp);
		if (b->anchor >= 0)
			fprintf(fp, "<a href=\"#e-%ld\">", b->anchor);
		fprintf(fp, "<text class=\"lbl\" x=\"%d\" y=\"%d\">", CH_X0 - 8, y + 11);
		if (b->num)
			fprintf(fp, "%d ", b->num);
		html_label(fp, b->label);
		fputs("</text>", fp);
		if (b->anchor >= 0)
			fputs("</a>", fp);
		if (b->has && html_x(b->score) > CH_X0)
			fprintf(fp, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" "
			    "height=\"%d\" fill=\"url(#p-%s)\"/>", CH_X0, y,
			    html_x(b->score) - CH_X0, CH_BAR, html_band(b->score));
		fputs("</g>\n", fp);
	}
	if (o->has_fail_under) {
		double x = html_x(o->fail_under);
		const char *anchor = o->fail_under > 85 ? "end" : o->fail_under < 15 ? "start" : "middle";

		fprintf(fp, "<line class=\"thr\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
		    "<text class=\"thrl\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">fail-under %g</text>\n",
		    x, CH_TOP - 8, x, bottom, x, CH_TOP - 11, anchor, o->fail_under);
	}
	for (size_t i = 0; i < n; i++) {
		const struct html_bar *b = &bars[i];
		int y = html_row_y(i);

		if (b->has)
			fprintf(fp, "<text class=\"val\" x=\"%.1f\" y=\"%d\">%.1f%s</text>\n",
			    html_x(b->score) + 5, y + 11, b->score, o->has_fail_under &&
			    b->score < o->fail_under ? " below" : "");
		else
			fprintf(fp, "<text class=\"val na\" x=\"%d\" y=\"%d\">n/a</text>\n",
			    CH_X0 + 5, y + 11);
	}
	fputs("</svg>\n", fp);
}


/* Distinct strokes for the lines of several entities: colour, then dashes. */
static const char *const line_colours[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
	"#7f7f7f", "#bcbd22", "#17becf", "#ff7f0e",
};
static const char *const line_dashes[] = { "", "6 3", "2 3" };

#define LN_W 720        /* view box width */
#define LN_X0 48        /* the score axis */
#define LN_X1 560       /* the last year; the legend goes to its right */
#define LN_TOP 12
#define LN_H 200        /* height of the plot */

static double
ln_y(double score)
{
	return LN_TOP + LN_H - (score < 0 ? 0 : score > 100 ? 100 : score) * LN_H / 100.0;
}

void
html_lines(FILE *fp, const char *capid, const struct html_line *lines, size_t n,
    int from, int to)
{
	int span = to > from ? to - from : 1;
	double step = (double)(LN_X1 - LN_X0) / span;
	int h = LN_TOP + LN_H + 30 + (n > 12 ? (int)(n - 12) * 14 : 0);

	fprintf(fp, "<svg class=\"chart lines\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	    "height=\"%d\" role=\"img\" aria-labelledby=\"%s\">\n", LN_W, h, LN_W, h, capid);
	for (int v = 0; v <= 100; v += 25)
		fprintf(fp, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
		    "<text class=\"tick yt\" x=\"%d\" y=\"%.1f\">%d</text>\n",
		    LN_X0, ln_y(v), LN_X1, ln_y(v), LN_X0 - 6, ln_y(v) + 4, v);
	for (int y = from; y <= to; y++)
		fprintf(fp, "<text class=\"tick\" x=\"%.1f\" y=\"%d\">%d</text>\n", LN_X0 + (y - from) * step, LN_TOP + LN_H + 18, y);
	for (size_t i = 0; i < n; i++) {
		const struct html_line *l = &lines[i];
		const char *colour = line_colours[i % 10], *dash = line_dashes[(i / 10) % 3];
		bool open = false;

		fputs("<g><title>", fp);
		html_esc(fp, l->label);
		for (size_t k = 0; k < l->n; k++) {
			if (l->pts[k].has_score)
				fprintf(fp, "%s%d %.1f", k ? ", " : ": ", l->pts[k].year, l->pts[k].score);
			else
				fprintf(fp, "%s%d n/a", k ? ", " : ": ", l->pts[k].year);
		}
		fputs("</title>", fp);
		/* A year without a score breaks the line. */
		for (size_t k = 0; k < l->n; k++) {
			const struct res_point *p = &l->pts[k];
			double x = LN_X0 + (p->year - from) * step;

			if (!p->has_score) {
				if (open)
					fputs("\"/>", fp);
				open = false;
				continue;
			}
			if (!open)
				fprintf(fp, "<polyline class=\"ln\" stroke=\"%s\"%s%s%s points=\"",
				    colour, *dash ? " stroke-dasharray=\"" : "", dash, *dash ? "\"" : "");
			fprintf(fp, "%s%.1f,%.1f", open ? " " : "", x, ln_y(p->score));
			open = true;
		}
		if (open)
			fputs("\"/>", fp);
		for (size_t k = 0; k < l->n; k++)
			if (l->pts[k].has_score)
				fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
				    LN_X0 + (l->pts[k].year - from) * step, ln_y(l->pts[k].score), colour);
		fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
		    "stroke-width=\"2\"%s%s%s/><text class=\"lbl\" x=\"%d\" y=\"%d\">", LN_X1 + 16, LN_TOP + 8 + (int)i * 14,
		    LN_X1 + 36, LN_TOP + 8 + (int)i * 14, colour, *dash ? " stroke-dasharray=\"" : "",
		    dash, *dash ? "\"" : "", LN_X1 + 40, LN_TOP + 12 + (int)i * 14);
		html_label(fp, l->label);
		fputs("</text></g>\n", fp);
	}
	fputs("</svg>\n", fp);
}
