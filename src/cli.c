/*
 * Option parsing with getopt_long. Long option names are the contract; the
 * help text below and resilience-check(1) list the same options (a test
 * keeps them in step).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "escape.h"
#include "exitcode.h"
#include "strbuf.h"
#include "xalloc.h"

enum {
	OPT_LIST = 256,
	OPT_EXPLAIN,
	OPT_TEMPLATE,
	OPT_SUBJECT,
	OPT_LINT,
	OPT_TEST,
	OPT_WAIVERS,
	OPT_YEAR,
	OPT_MISSING,
	OPT_FAIL_UNDER,
	OPT_FAIL_ON,
	OPT_ENTITY,
	OPT_STRICT,
	OPT_COLOR,
	OPT_RENDER,
	OPT_MIN_COVERAGE,
	OPT_DETAIL,
	OPT_MD_BUDGET,
	OPT_BASELINE,
	OPT_FAIL_ON_NEW,
	OPT_TRAJECTORY,
	OPT_MERGE,
	OPT_MAP,
	OPT_DATA_YEAR,
	OPT_LIST_MAPS,
};

/* The groups of --help, in order. */
enum group { G_EVAL, G_GATE, G_OUTPUT, G_AUTHOR, G_OTHER, G__COUNT };

static const char *const group_titles[G__COUNT] = {
	"Evaluation:",
	"Gate (exit 1 when it fails):",
	"Output:",
	"Rule authoring:",
	NULL,
};

/*
 * Every option: getopt_long's entry and the --help line, which both come
 * from here. help may hold line breaks for more lines; NULL hides an alias.
 */
static const struct cli_option {
	const char *name;
	int has_arg;
	int val;                        /* the short option, or an OPT_ */
	const char *arg;                /* shown after the name */
	const char *help;
	enum group group;
} cli_options[] = {
	{ "rules", required_argument, 'r', "PATH",
	  "rule file or folder (repeatable); replaces the built-in set", G_EVAL },
	{ "profile", required_argument, 'p', "NAME",
	  "profile to apply (default: by each entity's subject)", G_EVAL },
	{ "waivers", required_argument, OPT_WAIVERS, "FILE",
	  "accepted exceptions, with expiry dates", G_EVAL },
	{ "year", required_argument, OPT_YEAR, "YYYY",
	  "evaluate as of this year (default: per entity, latest of its inputs)", G_EVAL },
	{ "trajectory", required_argument, OPT_TRAJECTORY, "FROM:TO",
	  "also evaluate as of every year FROM to TO and report each\n"
	  "entity's scores per year; the details are TO's", G_EVAL },
	{ "missing", required_argument, OPT_MISSING, "fail|skip",
	  "missing data counts as a gap (fail) or is left out (skip)", G_EVAL },
	{ "map", required_argument, OPT_MAP, "NAME|FILE",
	  "read every input through this import map (a built-in\n"
	  "map's name or a map file) instead of recognising one", G_EVAL },
	{ "data-year", required_argument, OPT_DATA_YEAR, "YYYY",
	  "the year of inputs that have none (an LPI edition\n"
	  "table); FILE@YYYY gives one input its own", G_EVAL },
	{ "entity", required_argument, OPT_ENTITY, "ID",
	  "evaluate only this entity (repeatable)", G_EVAL },
	{ "strict", no_argument, OPT_STRICT, NULL,
	  "warnings about the input become errors", G_EVAL },
	{ "jobs", required_argument, 'j', "N",
	  "threads for parsing large inputs and evaluating\n"
	  "entities (default: online cores); the report is\n"
	  "the same for every N", G_EVAL },
	{ "fail-under", required_argument, OPT_FAIL_UNDER, "SCORE",
	  "fail when an entity's overall score is below SCORE (0-100)", G_GATE },
	{ "min-coverage", required_argument, OPT_MIN_COVERAGE, "PCT",
	  "fail when an entity's coverage is below PCT (0-100): the\n"
	  "share of its rules' weight that had usable data", G_GATE },
	{ "fail-on", required_argument, OPT_FAIL_ON, "SEVERITY",
	  "fail when a rule of at least this severity is not passed:\n"
	  "critical, high, medium, low (default) or none", G_GATE },
	{ "baseline", required_argument, OPT_BASELINE, "PREV.json",
	  "compare with an earlier json report: each result is new,\n"
	  "unchanged, updated or absent (its gap closed)", G_GATE },
	{ "fail-on-new", required_argument, OPT_FAIL_ON_NEW, "SEVERITY",
	  "with --baseline, instead of --fail-on: fail only on gaps\n"
	  "of at least this severity that are new or worse", G_GATE },
	{ "format", required_argument, 'f', "FMT[:FILE]",
	  NULL, G_OUTPUT },             /* written by format_help() */
	{ "output", required_argument, 'o', "FILE",
	  "write the report to FILE (atomically) instead of stdout", G_OUTPUT },
	{ "detail", required_argument, OPT_DETAIL, "LEVEL",
	  "text, markdown, html: summary, gaps (text's default)\n"
	  "or full (markdown's and html's default)", G_OUTPUT },
	{ "markdown-budget", required_argument, OPT_MD_BUDGET, "CHARS",
	  "the most characters of a markdown report (default\n"
	  "60000, for a pull-request comment; 0: no limit)", G_OUTPUT },
	{ "render", required_argument, OPT_RENDER, "REPORT.json",
	  "write the reports (-f) of a json report made\n"
	  "before, with the exit status of its gate", G_OUTPUT },
	{ "merge", no_argument, OPT_MERGE, NULL,
	  "write the reports (-f) of one run from the json reports\n"
	  "given as arguments: the shards of a run, or runs on\n"
	  "separate inputs", G_OUTPUT },
	{ "color", required_argument, OPT_COLOR, "WHEN",
	  "auto (default), always or never; NO_COLOR is honoured", G_OUTPUT },
	{ "colour", required_argument, OPT_COLOR, "WHEN", NULL, G_OUTPUT },
	{ "quiet", no_argument, 'q', NULL, "only errors on standard error", G_OUTPUT },
	{ "verbose", no_argument, 'v', NULL, "more detail on standard error", G_OUTPUT },
	{ "list-rules", no_argument, OPT_LIST, NULL, "list rule sets and rules", G_AUTHOR },
	{ "list-maps", no_argument, OPT_LIST_MAPS, NULL,
	  "list the built-in import maps, one a line", G_AUTHOR },
	{ "explain", required_argument, OPT_EXPLAIN, "RULE-ID",
	  "describe one rule: clause, rationale, check, remediation", G_AUTHOR },
	{ "template", no_argument, OPT_TEMPLATE, NULL,
	  "print a blank long-layout self-report for the rules", G_AUTHOR },
	{ "subject", required_argument, OPT_SUBJECT, "S",
	  "state or enterprise: the subject of the template, or of\n"
	  "the entities of inputs that have no subject column", G_AUTHOR },
	{ "lint-rules", no_argument, OPT_LINT, NULL,
	  "validate rule files (no PATH: the built-in set)", G_AUTHOR },
	{ "test-rules", no_argument, OPT_TEST, NULL,
	  "run the tests written in rule files", G_AUTHOR },
	{ "help", no_argument, 'h', NULL, "show this help", G_OTHER },
	{ "version", no_argument, 'V', NULL, "show the version", G_OTHER },
};

#define NLONG (sizeof(cli_options) / sizeof(cli_options[0]))

/* getopt_long's table and option string, made from cli_options once. */
static struct option long_options[NLONG + 1];
static char short_options[2 * NLONG + 2];

static void
make_getopt_tables(void)
{
	char *p = short_options;

	*p++ = ':';
	for (size_t i = 0; i < NLONG; i++) {
		const struct cli_option *c = &cli_options[i];

		long_options[i] = (struct option){ c->name, c->has_arg, NULL, c->val };
		if (c->val < 256 && strchr(short_options, c->val) == NULL) {
			*p++ = (char)c->val;
			if (c->has_arg == required_argument)
				*p++ = ':';
		}
	}
	*p = '\0';
	memset(&long_options[NLONG], 0, sizeof(long_options[NLONG]));
}

/* The description of --format: the formats of the library's table. */
static void
format_help(struct strbuf *sb)
{
	const char *name;
	size_t n = 0, col = 0;

	while (rc_format_name(n, NULL) != NULL)
		n++;
	for (size_t i = 0; (name = rc_format_name(i, NULL)) != NULL; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		size_t w = strlen(sep) + strlen(name) + (i == 0 ? 10 : 0);

		if (col + w > 50) {
			strbuf_adds(sb, i + 1 == n ? "\nor " : ",\n");
			col = 0;
			sep = "";
		}
		strbuf_adds(sb, sep);
		strbuf_adds(sb, name);
		if (i == 0)
			strbuf_adds(sb, " (default)");
		col += w;
	}
	strbuf_adds(sb, "; repeatable, each with its own file");
}

/* One option's lines of --help: "  -r, --rules PATH" then the text at column 26. */
static void
option_help(FILE *fp, const struct cli_option *c)
{
	struct strbuf head, text;
	const char *p;

	strbuf_init(&head);
	strbuf_init(&text);
	if (c->val < 256)
		strbuf_addf(&head, "  -%c, --%s", c->val, c->name);
	else
		strbuf_addf(&head, "      --%s", c->name);
	if (c->arg != NULL)
		strbuf_addf(&head, " %s", c->arg);
	if (c->help != NULL)
		strbuf_adds(&text, c->help);
	else
		format_help(&text);
	fputs(head.buf, fp);
	/* A long head takes its text on the same line, two blanks after it. */
	fprintf(fp, "%*s", head.len < 26 ? (int)(26 - head.len) : 2, "");
	for (p = text.buf; *p; p++) {
		putc(*p, fp);
		if (*p == '\n')
			fprintf(fp, "%26s", "");
	}
	putc('\n', fp);
	strbuf_release(&head);
	strbuf_release(&text);
}

void
cli_help(FILE *fp)
{
	fputs(
"Usage: resilience-check [OPTION]... REPORT.csv...\n"
"       resilience-check --list-rules | --list-maps | --explain RULE-ID | --template [--subject S]\n"
"       resilience-check --lint-rules [PATH]... | --test-rules [PATH]...\n"
"       resilience-check --render REPORT.json [-f FMT[:FILE]]...\n"
"\n"
"Score self-reports against the eight commitments of the 2022 Hangzhou\n"
"Initiative on resilient and stable supply chains and write a gap report.\n"
"REPORT '-' reads standard input. The built-in rules apply unless --rules is given.\n",
	    fp);
	for (int g = 0; g < G__COUNT; g++) {
		fputs("\n", fp);
		if (group_titles[g] != NULL)
			fprintf(fp, "%s\n", group_titles[g]);
		for (size_t i = 0; i < NLONG; i++)
			if (cli_options[i].group == (enum group)g &&
			    (cli_options[i].help != NULL || cli_options[i].val == 'f'))
				option_help(fp, &cli_options[i]);
	}
	fputs(
"\n"
"Exit status: 0 gate passed, 1 gate failed, 2 usage error, 3 input error,\n"
"4 rule error, 5 internal error. See resilience-check(1) and resilience-rules(5).\n",
	    fp);
}

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("resilience-check: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'resilience-check --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

/*
 * A whole number written in decimal digits only, from lo to hi: no sign,
 * blanks, hex or exponent.
 */
static bool
parse_whole(const char *s, long long lo, long long hi, long long *out)
{
	long long v = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		/* Stop before v passes hi, so that it never overflows. */
		if (v > (hi - (*s - '0')) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/*
 * A score: decimal digits with an optional fraction ("60", "62.5"), from
 * 0 to 100. strtod alone would also take blanks before it, a sign, hex,
 * infinity, NaN and exponents.
 */
static bool
parse_score(const char *s, double *out)
{
	const char *p = s;
	double v;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s)
		return false;
	if (*p == '.') {
		const char *f = ++p;

		while (*p >= '0' && *p <= '9')
			p++;
		if (p == f)
			return false;
	}
	if (*p != '\0')
		return false;
	v = strtod(s, NULL);
	if (!(v >= 0 && v <= 100))
		return false;
	*out = v;
	return true;
}

/*
 * The last second of year 9999: the generation time and the waiver
 * expiry date are printed with four-digit years, and every time up to it
 * converts to a date without overflow.
 */
#define EPOCH_MAX 253402300799LL

/*
 * The generation time: SOURCE_DATE_EPOCH when set and not empty (for
 * reproducible reports), else the clock.
 */
static int
read_clock(struct options *o)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	long long v;

	if (s == NULL || *s == '\0') {
		o->now = time(NULL);
		if (o->now == (time_t)-1) {
			fprintf(stderr, "resilience-check: cannot read the clock: %s\n",
			    strerror(errno));
			return EXIT_INTERNAL;
		}
		return 0;
	}
	if (!parse_whole(s, 0, EPOCH_MAX, &v) || (long long)(time_t)v != v) {
		fprintf(stderr, "resilience-check: SOURCE_DATE_EPOCH must be a whole "
		    "number of seconds from 0 to %lld (the end of year 9999), not '%s'\n",
		    EPOCH_MAX, s);
		return EXIT_USAGE;
	}
	o->now = (time_t)v;
	return 0;
}

/*
 * Say what is wrong with the long option in arg, "--NAME" or
 * "--NAME=VALUE", which getopt_long refused: no option has NAME as its
 * name or prefix (with a suggestion when one is close), several do
 * (listed; an alias such as --colour is the same option), or the one it
 * names needs an argument or takes none.
 */
static int
long_option_error(const char *arg, bool missing_arg)
{
	const char *name = arg + 2;
	size_t len = strcspn(name, "=");
	const struct option *found[NLONG];
	const char *names[NLONG], *hint;
	char word[64], list[512];
	size_t n = 0, used = 0;

	if (len == 0)                   /* "--=VALUE" names no option */
		return usage_error("unknown option '%s'", arg);
	for (size_t i = 0; i < NLONG; i++) {
		const struct option *lo = &long_options[i];
		bool same = false;

		if (strncmp(lo->name, name, len) != 0)
			continue;
		if (strlen(lo->name) == len) {
			found[0] = lo;
			n = 1;
			break;
		}
		for (size_t k = 0; k < n; k++)
			if (found[k]->val == lo->val && found[k]->has_arg == lo->has_arg)
				same = true;
		if (!same)
			found[n++] = lo;
	}
	if (n > 1) {
		list[0] = '\0';
		for (size_t k = 0; k < n && used < sizeof(list); k++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s--%s",
			    k > 0 ? ", " : "", found[k]->name);
		return usage_error("option '--%.*s' is ambiguous: %s", (int)len, name, list);
	}
	if (n == 1 && missing_arg)
		return usage_error("option '--%s' needs an argument", found[0]->name);
	if (n == 1 && name[len] == '=' && found[0]->has_arg == no_argument)
		return usage_error("option '--%s' takes no argument", found[0]->name);
	for (size_t i = 0; i < NLONG; i++)
		names[i] = long_options[i].name;
	snprintf(word, sizeof(word), "%.*s", (int)len, name);
	hint = len < sizeof(word) ? diag_suggest(word, names, NLONG) : NULL;
	return usage_error("unknown option '--%.*s'%s%s%s", (int)len, name,
	    hint ? "; did you mean '--" : "", hint ? hint : "", hint ? "'?" : "");
}

/*
 * Was the option getopt_long refused with optopt the long one in arg?
 * A long option that may not take a value sets optopt to its own value,
 * as an unknown short option does.
 */
static bool
is_long_error(const char *arg)
{
	const char *name = arg + 2;
	size_t len = strcspn(name, "=");

	if (strncmp(arg, "--", 2) != 0)
		return false;
	if (optopt == 0 || optopt >= 256)
		return true;
	if (name[len] != '=')
		return false;
	for (size_t i = 0; i < NLONG; i++)
		if (long_options[i].val == optopt && long_options[i].has_arg == no_argument &&
		    strncmp(long_options[i].name, name, len) == 0)
			return true;
	return false;
}

static void
push(char ***arr, size_t *n, char *s)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
	(*arr)[(*n)++] = s;
}

static int
add_format(struct options *o, char *arg)
{
	char *colon = strchr(arg, ':');
	char name[32];
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
	const char *rep = NULL, *fmt;

	if (len >= sizeof(name))
		return usage_error("unknown format '%s'", arg);
	memcpy(name, arg, len);
	name[len] = '\0';
	for (size_t i = 0; (fmt = rc_format_name(i, NULL)) != NULL; i++)
		if (strcmp(fmt, name) == 0)
			rep = fmt;
	if (rep == NULL) {
		fprintf(stderr, "resilience-check: unknown format '%s'; known formats:", name);
		for (size_t i = 0; (fmt = rc_format_name(i, NULL)) != NULL; i++)
			fprintf(stderr, " %s", fmt);
		fputs("\nTry 'resilience-check --help' for more information.\n", stderr);
		return EXIT_USAGE;
	}
	if (colon != NULL && colon[1] == '\0')
		return usage_error("format '%s' has an empty file name", arg);
	o->outs = xreallocarray(o->outs, o->nouts + 1, sizeof(*o->outs));
	o->outs[o->nouts].format = rep;
	o->outs[o->nouts].file = colon ? colon + 1 : NULL;
	o->nouts++;
	return 0;
}

/*
 * FILE@YYYY: the input FILE, whose year is YYYY. An argument that names
 * an existing file is that file, even when it ends so.
 */
static int
split_input_years(struct options *o)
{
	o->input_years = xcalloc(o->nargs ? o->nargs : 1, sizeof(*o->input_years));
	for (size_t i = 0; i < o->nargs; i++) {
		char *a = o->args[i], *at = strrchr(a, '@');
		long long y;

		if (at == NULL || at == a || strlen(at + 1) != 4 || access(a, F_OK) == 0)
			continue;
		if (!parse_whole(at + 1, 1900, 2100, &y))
			return usage_error("'%s': the year after '@' must be from 1900 to "
			    "2100", a);
		*at = '\0';
		o->input_years[i] = (int)y;
	}
	return 0;
}

static int
set_mode(struct options *o, enum mode m)
{
	if (o->mode != MODE_EVAL && o->mode != m)
		return usage_error("%s", "--list-rules, --list-maps, --explain, "
		    "--template, --lint-rules, --test-rules and --render cannot be combined");
	o->mode = m;
	return 0;
}

int
cli_parse(int argc, char **argv, struct options *o)
{
	const char *output = NULL;
	const char *subject = NULL;
	const char *eval_only = NULL;   /* an option that only an evaluation takes */
	long long v;
	int c, rc;

	memset(o, 0, sizeof(*o));
	o->fail_on = SEV_LOW;
	o->markdown_budget = 60000;
	o->subject = SUBJ_NONE;
	opterr = 0;
	optind = 1;
	make_getopt_tables();
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		switch (c) {
		case 'r':
			push(&o->rules, &o->nrules, optarg);
			break;
		case 'p':
			o->profile = optarg;
			eval_only = eval_only ? eval_only : "--profile";
			break;
		case 'f':
			if ((rc = add_format(o, optarg)) != 0)
				return rc;
			break;
		case 'o':
			if (output != NULL)
				return usage_error("%s", "--output given twice");
			if (*optarg == '\0')
				return usage_error("%s", "--output needs a file name, not ''");
			output = optarg;
			break;
		case 'j':
			if (!parse_whole(optarg, 1, 1024, &v))
				return usage_error("--jobs needs a whole number from 1 to 1024, not '%s'", optarg);
			o->jobs = (int)v;
			break;
		case OPT_DETAIL:
			if ((rc = vocab_index(detail_names, optarg)) <= DETAIL_DEFAULT)
				return usage_error("--detail takes 'summary', 'gaps' or 'full', "
				    "not '%s'", optarg);
			o->detail = (enum detail)rc;
			break;
		case OPT_MD_BUDGET:
			if (!parse_whole(optarg, 0, 1000000000, &v) || (v > 0 && v < 1000))
				return usage_error("--markdown-budget needs a number of characters, "
				    "0 (no limit) or from 1000 to 1000000000, not '%s'", optarg);
			o->markdown_budget = (size_t)v;
			break;
		case OPT_WAIVERS:
			o->waivers = optarg;
			eval_only = eval_only ? eval_only : "--waivers";
			break;
		case OPT_YEAR:
			eval_only = eval_only ? eval_only : "--year";
			if (!parse_whole(optarg, 1900, 2100, &v))
				return usage_error("--year needs a year from 1900 to 2100, not '%s'", optarg);
			o->year = (int)v;
			break;
		case OPT_MAP:
			eval_only = eval_only ? eval_only : "--map";
			o->map = optarg;
			break;
		case OPT_DATA_YEAR:
			eval_only = eval_only ? eval_only : "--data-year";
			if (!parse_whole(optarg, 1900, 2100, &v))
				return usage_error("--data-year needs a year from 1900 to 2100, "
				    "not '%s'", optarg);
			o->data_year = (int)v;
			break;
		case OPT_LIST_MAPS:
			if ((rc = set_mode(o, MODE_LIST_MAPS)) != 0)
				return rc;
			break;
		case OPT_MISSING:
			eval_only = eval_only ? eval_only : "--missing";
			if (strcmp(optarg, "fail") == 0)
				o->missing_skip = false;
			else if (strcmp(optarg, "skip") == 0)
				o->missing_skip = true;
			else
				return usage_error("--missing takes 'fail' or 'skip', not '%s'", optarg);
			break;
		case OPT_FAIL_UNDER:
			eval_only = eval_only ? eval_only : "--fail-under";
			if (!parse_score(optarg, &o->fail_under))
				return usage_error("--fail-under needs a decimal score from 0 "
				    "to 100, such as 60 or 62.5, not '%s'", optarg);
			o->has_fail_under = true;
			break;
		case OPT_MIN_COVERAGE:
			eval_only = eval_only ? eval_only : "--min-coverage";
			if (!parse_score(optarg, &o->min_coverage))
				return usage_error("--min-coverage needs a decimal percentage from "
				    "0 to 100, such as 50 or 62.5, not '%s'", optarg);
			o->has_min_coverage = true;
			break;
		case OPT_FAIL_ON: {
			int s = severity_parse(optarg);

			eval_only = eval_only ? eval_only : "--fail-on";
			if (s < 0)
				return usage_error("--fail-on takes critical, high, medium, low or none, not '%s'", optarg);
			o->fail_on = (enum severity)s;
			break;
		}
		case OPT_TRAJECTORY: {
			const char *colon = strchr(optarg, ':');
			long long from, to;
			char head[16];

			eval_only = eval_only ? eval_only : "--trajectory";
			if (colon == NULL || (size_t)(colon - optarg) >= sizeof(head))
				return usage_error("--trajectory needs two years FROM:TO, such as "
				    "2005:2013, not '%s'", optarg);
			memcpy(head, optarg, (size_t)(colon - optarg));
			head[colon - optarg] = '\0';
			if (!parse_whole(head, 1900, 2100, &from) ||
			    !parse_whole(colon + 1, 1900, 2100, &to) || from >= to)
				return usage_error("--trajectory needs two years from 1900 to 2100, "
				    "the first before the second, such as 2005:2013, not '%s'", optarg);
			o->trajectory_from = (int)from;
			o->trajectory_to = (int)to;
			break;
		}
		case OPT_BASELINE:
			o->baseline = optarg;
			eval_only = eval_only ? eval_only : "--baseline";
			break;
		case OPT_FAIL_ON_NEW: {
			int s = severity_parse(optarg);

			eval_only = eval_only ? eval_only : "--fail-on-new";
			if (s <= SEV_NONE)
				return usage_error("--fail-on-new takes critical, high, medium or low, "
				    "not '%s'", optarg);
			o->fail_on_new = (enum severity)s;
			break;
		}
		case OPT_ENTITY:
			push(&o->entities, &o->nentities, optarg);
			eval_only = eval_only ? eval_only : "--entity";
			break;
		case OPT_STRICT:
			o->strict = true;
			eval_only = eval_only ? eval_only : "--strict";
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				o->color = COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				o->color = COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				o->color = COLOR_NEVER;
			else
				return usage_error("--color takes auto, always or never, not '%s'", optarg);
			break;
		case 'q':
			o->verbosity = -1;
			break;
		case 'v':
			o->verbosity = 1;
			break;
		case OPT_RENDER:
			if ((rc = set_mode(o, MODE_RENDER)) != 0)
				return rc;
			o->render = optarg;
			break;
		case OPT_MERGE:
			if ((rc = set_mode(o, MODE_MERGE)) != 0)
				return rc;
			break;
		case OPT_LIST:
			if ((rc = set_mode(o, MODE_LIST)) != 0)
				return rc;
			break;
		case OPT_EXPLAIN:
			if ((rc = set_mode(o, MODE_EXPLAIN)) != 0)
				return rc;
			o->explain_id = optarg;
			break;
		case OPT_TEMPLATE:
			if ((rc = set_mode(o, MODE_TEMPLATE)) != 0)
				return rc;
			break;
		case OPT_SUBJECT:
			subject = optarg;
			break;
		case OPT_LINT:
			if ((rc = set_mode(o, MODE_LINT)) != 0)
				return rc;
			break;
		case OPT_TEST:
			if ((rc = set_mode(o, MODE_TEST)) != 0)
				return rc;
			break;
		case 'h':
			o->mode = MODE_HELP;
			return 0;
		case 'V':
			o->mode = MODE_VERSION;
			return 0;
		/*
		 * A missing argument is at the end of argv; a refused long
		 * option has been stepped over: either way the word is
		 * argv[optind - 1]. A refused short option may be inside a
		 * group ("-qx") still being read.
		 */
		case ':':
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				return long_option_error(argv[optind - 1], true);
			return usage_error("option '-%c' needs an argument", optopt);
		default:
			if (optind > 1 && is_long_error(argv[optind - 1]))
				return long_option_error(argv[optind - 1], false);
			return usage_error("unknown option '-%c'", optopt);
		}
	}
	for (int i = optind; i < argc; i++)
		push(&o->args, &o->nargs, argv[i]);
	if (o->mode == MODE_EVAL && (rc = split_input_years(o)) != 0)
		return rc;

	if (subject != NULL) {
		int s = subject_parse(subject, strlen(subject));

		if (o->mode != MODE_TEMPLATE && o->mode != MODE_EVAL)
			return usage_error("%s", "--subject goes with --template or "
			    "with the inputs of an evaluation");
		if (s < 0)
			return usage_error("--subject takes 'state' or 'enterprise', not '%s'", subject);
		o->subject = s;
	}
	if (o->trajectory_from != 0 && o->year != 0)
		return usage_error("%s", "--trajectory and --year do not go together: the "
		    "trajectory's last year is the evaluation year");
	if (o->fail_on_new != SEV_NONE && o->baseline == NULL)
		return usage_error("%s", "--fail-on-new needs --baseline: new and worse are "
		    "measured against an earlier report");
	if (o->mode == MODE_RENDER) {
		/* A report is rendered as it was made: no evaluation option. */
		if (eval_only != NULL || o->nrules > 0)
			return usage_error("%s goes with an evaluation, not with --render: the "
			    "report was made with its own", eval_only ? eval_only : "--rules");
		if (o->nargs > 0)
			return usage_error("unexpected argument '%s': --render reads one json "
			    "report", o->args[0]);
	}
	if (o->mode == MODE_MERGE) {
		/* Parts are merged as they were made: no evaluation option. */
		if (eval_only != NULL || o->nrules > 0)
			return usage_error("%s goes with an evaluation, not with --merge: the "
			    "parts were made with their own", eval_only ? eval_only : "--rules");
		if (o->nargs == 0)
			return usage_error("%s", "--merge needs the json reports of the parts");
	}
	if (o->mode == MODE_EVAL || o->mode == MODE_RENDER || o->mode == MODE_MERGE) {
		size_t nstdout = 0;

		if (o->mode == MODE_EVAL && o->nargs == 0)
			return usage_error("%s", "no self-report given (use '-' for standard input)");
		if (o->nouts == 0 && (rc = add_format(o, (char *)"text")) != 0)
			return rc;
		/* -o gives a file to the one format that has none. */
		for (size_t i = 0; i < o->nouts; i++) {
			if (o->outs[i].file == NULL && output != NULL) {
				o->outs[i].file = output;
				output = NULL;
			}
			if (o->outs[i].file == NULL)
				nstdout++;
		}
		if (output != NULL)
			return usage_error("%s", "--output has no format to take it: every --format names its own file");
		if (nstdout > 1)
			return usage_error("%s", "only one format can go to standard output; "
			    "give the others a file (--format FMT:FILE)");
		for (size_t i = 0; i < o->nouts; i++)
			for (size_t k = i + 1; k < o->nouts; k++)
				if (o->outs[i].file && o->outs[k].file &&
				    strcmp(o->outs[i].file, o->outs[k].file) == 0)
					return usage_error("'%s' is named for two reports; give each "
					    "its own file", o->outs[i].file);
		if ((o->mode == MODE_EVAL || o->mode == MODE_MERGE) && (rc = read_clock(o)) != 0)
			return rc;
	} else {
		if (output != NULL || o->nouts > 0)
			return usage_error("%s", "--format and --output go with evaluation "
			    "and --render only");
		if ((o->mode == MODE_LIST || o->mode == MODE_EXPLAIN ||
		    o->mode == MODE_TEMPLATE || o->mode == MODE_LIST_MAPS) && o->nargs > 0)
			return usage_error("unexpected argument '%s'", o->args[0]);
	}
	return 0;
}

void
cli_release(struct options *o)
{
	free(o->rules);
	free(o->outs);
	free(o->entities);
	free(o->args);
	free(o->input_years);
	memset(o, 0, sizeof(*o));
}

/* Colour in a report: asked for, or to a terminal that takes it. */
static bool
want_color(const struct options *o, const struct output_spec *spec)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->color == COLOR_ALWAYS)
		return true;
	if (o->color == COLOR_NEVER || spec->file != NULL)
		return false;
	if (nc != NULL && *nc != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDOUT_FILENO);
}

static const enum rc_command commands[] = {
	[MODE_EVAL] = RC_EVALUATE,
	[MODE_LIST] = RC_LIST_RULES,
	[MODE_EXPLAIN] = RC_EXPLAIN,
	[MODE_TEMPLATE] = RC_TEMPLATE,
	[MODE_LINT] = RC_LINT_RULES,
	[MODE_TEST] = RC_TEST_RULES,
	[MODE_RENDER] = RC_RENDER,
	[MODE_MERGE] = RC_MERGE,
	[MODE_LIST_MAPS] = RC_LIST_MAPS,
};

void
cli_request(const struct options *o, struct rc_request *req, struct rc_output **outs)
{
	memset(req, 0, sizeof(*req));
	*outs = xcalloc(o->nouts ? o->nouts : 1, sizeof(**outs));
	for (size_t i = 0; i < o->nouts; i++) {
		(*outs)[i].format = o->outs[i].format;
		(*outs)[i].file = o->outs[i].file;
		(*outs)[i].color = want_color(o, &o->outs[i]);
	}
	req->command = commands[o->mode];
	req->inputs = (const char *const *)o->args;
	req->ninputs = o->nargs;
	req->rules = (const char *const *)o->rules;
	req->nrules = o->nrules;
	req->profile = o->profile;
	req->outputs = *outs;
	req->noutputs = o->nouts;
	req->jobs = o->jobs;
	req->waivers = o->waivers;
	req->year = o->year;
	req->missing_skip = o->missing_skip;
	req->has_fail_under = o->has_fail_under;
	req->fail_under = o->fail_under;
	req->has_min_coverage = o->has_min_coverage;
	req->min_coverage = o->min_coverage;
	req->fail_on = o->fail_on;
	req->detail = o->detail;
	req->trajectory_from = o->trajectory_from;
	req->trajectory_to = o->trajectory_to;
	req->baseline = o->baseline;
	req->fail_on_new = o->fail_on_new;
	req->markdown_budget = o->markdown_budget;
	req->entities = (const char *const *)o->entities;
	req->nentities = o->nentities;
	req->strict = o->strict;
	req->verbose = o->verbosity > 0;
	req->explain = o->explain_id;
	req->subject = (enum subject)o->subject;
	req->render = o->render;
	req->map = o->map;
	req->data_year = o->data_year;
	req->input_years = o->input_years;
	req->now = o->now;
	req->out = stdout;
	if (o->verbosity >= 0 && isatty(STDERR_FILENO))
		req->progress = cli_progress;
}

static double
seconds_since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * The progress line, redrawn in place: nothing during the first second
 * (short runs stay quiet), then at most four times a second, and a last
 * time at the end when anything was shown.
 */
void
cli_progress(void *arg, const char *name, uint64_t done, uint64_t total)
{
	static struct timespec start, last;
	static const char *file;
	static bool shown;
	struct timespec now;
	double t, mb;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (file != name) {
		file = name;
		start = now;
		shown = false;
	}
	t = seconds_since(&start, &now);
	if (done < total && (t < 1 || (shown && seconds_since(&last, &now) < 0.25)))
		return;
	if (done >= total && !shown)
		return;
	last = now;
	shown = true;
	mb = (double)done / 1e6;
	fputs("\rresilience-check: reading '", stderr);
	escape_puts(name, stderr);
	fprintf(stderr, "': %.0f / %.0f MB (%.0f MB/s)%s", mb, (double)total / 1e6,
	    t > 0 ? mb / t : 0.0, done >= total ? "\n" : "");
}
