/*
 * Option parsing with getopt_long, from the table of src/cli_options.c.
 * Long option names are the contract; the help text and resilience-check(1)
 * list the same options (a test keeps them in step).
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
#include "cli_options.h"
#include "diag.h"
#include "escape.h"
#include "exitcode.h"
#include "shard.h"
#include "strbuf.h"
#include "xalloc.h"



#define NLONG cli_noptions

/* getopt_long's table and option string, made from cli_options once. */
static struct option long_options[CLI_MAX_OPTIONS + 1];
static char short_options[2 * CLI_MAX_OPTIONS + 2];

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

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* "resilience-check: ", then where a project file's value is, when it is one. */
static void
error_head(const struct cli_parse_state *ps)
{
	fputs("resilience-check: ", stderr);
	if (ps != NULL && ps->at_file != NULL) {
		escape_puts(ps->at_file, stderr);
		fprintf(stderr, ":%d:%d: ", ps->at_line, ps->at_col);
	}
}

static int
usage_verror(const struct cli_parse_state *ps, const char *fmt, va_list ap)
{
	error_head(ps);
	vfprintf(stderr, fmt, ap);
	fputs("\nTry 'resilience-check --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static int
usage_error(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = usage_verror(NULL, fmt, ap);
	va_end(ap);
	return rc;
}

int
cli_usage_error(const struct cli_parse_state *ps, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = usage_verror(ps, fmt, ap);
	va_end(ap);
	return rc;
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
 * Two whole numbers from lo to hi (parse_whole) separated by sep, such as
 * "2005:2013" or "1/4".
 */
static bool
parse_two(const char *s, int sep, long long lo, long long hi, long long *a, long long *b)
{
	const char *mid = strchr(s, sep);
	char head[24];

	if (mid == NULL || (size_t)(mid - s) >= sizeof(head))
		return false;
	memcpy(head, s, (size_t)(mid - s));
	head[mid - s] = '\0';
	return parse_whole(head, lo, hi, a) && parse_whole(mid + 1, lo, hi, b);
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
 * RESILIENCE_CHECK_CHUNK_SIZE, for tests: split regular inputs into chunks
 * of that many bytes however small they are (resilience-check(1), ENVIRONMENT).
 */
static int
read_chunk_size(struct options *o)
{
	const char *s = getenv("RESILIENCE_CHECK_CHUNK_SIZE");
	long long v;

	if (s == NULL || *s == '\0')
		return 0;
	if (!parse_whole(s, 1, 1LL << 40, &v)) {
		fprintf(stderr, "resilience-check: RESILIENCE_CHECK_CHUNK_SIZE must be a "
		    "whole number of bytes from 1, not '%s'\n", s);
		return EXIT_USAGE;
	}
	o->chunk_size = (size_t)v;
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
	const struct option *found[CLI_MAX_OPTIONS];
	const char *names[CLI_MAX_OPTIONS], *hint;
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

void
cli_note_value(struct cli_parse_state *ps, int val, const char *arg, int kind, int line)
{
	size_t i = cli_option_index(val);

	/* A single-valued option keeps its last value. */
	if ((cli_options[i].cfg & CO_REPEAT) == 0 || (int)ps->origin[i].kind != kind)
		ps->nvalues[i] = 0;
	ps->values[i] = xreallocarray(ps->values[i], ps->nvalues[i] + 1,
	    sizeof(*ps->values[i]));
	ps->values[i][ps->nvalues[i]++] = arg;
	ps->origin[i].kind = kind;
	ps->origin[i].line = line;
}

static void
push(char ***arr, size_t *n, char *s)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
	(*arr)[(*n)++] = s;
}

static int
add_format(struct options *o, const struct cli_parse_state *ps, char *arg)
{
	char *colon = strchr(arg, ':');
	char name[32];
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
	const char *rep = NULL, *fmt;

	if (len >= sizeof(name))
		return cli_usage_error(ps, "unknown format '%s'", arg);
	memcpy(name, arg, len);
	name[len] = '\0';
	for (size_t i = 0; (fmt = rc_format_name(i, NULL)) != NULL; i++)
		if (strcmp(fmt, name) == 0)
			rep = fmt;
	if (rep == NULL) {
		error_head(ps);
		fprintf(stderr, "unknown format '%s'; known formats:", name);
		for (size_t i = 0; (fmt = rc_format_name(i, NULL)) != NULL; i++)
			fprintf(stderr, " %s", fmt);
		fputs("\nTry 'resilience-check --help' for more information.\n", stderr);
		return EXIT_USAGE;
	}
	if (colon != NULL && colon[1] == '\0')
		return cli_usage_error(ps, "format '%s' has an empty file name", arg);
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
set_mode(struct options *o, const struct cli_parse_state *ps, enum mode m)
{
	if (o->mode != MODE_EVAL && o->mode != m)
		return cli_usage_error(ps, "%s", "--list-rules, --list-maps, --explain, "
		    "--template, --lint-rules, --test-rules and --render cannot be combined");
	o->mode = m;
	return 0;
}

int
cli_set_option(struct options *o, struct cli_parse_state *ps, int c, char *arg)
{
	long long v;
	int rc;

	switch (c) {
	case 'r':
		push(&o->rules, &o->nrules, arg);
		break;
	case 'p':
		o->profile = arg;
		ps->eval_only = ps->eval_only ? ps->eval_only : "--profile";
		break;
	case 'f':
		if ((rc = add_format(o, ps, arg)) != 0)
			return rc;
		break;
	case 'o':
		if (ps->output != NULL)
			return cli_usage_error(ps, "%s", "--output given twice");
		if (*arg == '\0')
			return cli_usage_error(ps, "%s", "--output needs a file name, not ''");
		ps->output = arg;
		break;
	case 'j':
		if (!parse_whole(arg, 1, 1024, &v))
			return cli_usage_error(ps, "--jobs needs a whole number from 1 to 1024, not '%s'", arg);
		o->jobs = (int)v;
		break;
	case OPT_DETAIL:
		if ((rc = vocab_index(detail_names, arg)) <= DETAIL_DEFAULT)
			return cli_usage_error(ps, "--detail takes 'summary', 'gaps' or 'full', "
			    "not '%s'", arg);
		o->detail = (enum detail)rc;
		break;
	case OPT_MD_BUDGET:
		if (!parse_whole(arg, 0, 1000000000, &v) || (v > 0 && v < 1000))
			return cli_usage_error(ps, "--markdown-budget needs a number of characters, "
			    "0 (no limit) or from 1000 to 1000000000, not '%s'", arg);
		o->markdown_budget = (size_t)v;
		break;
	case OPT_WAIVERS:
		o->waivers = arg;
		ps->eval_only = ps->eval_only ? ps->eval_only : "--waivers";
		break;
	case OPT_YEAR:
		ps->eval_only = ps->eval_only ? ps->eval_only : "--year";
		if (!parse_whole(arg, 1900, 2100, &v))
			return cli_usage_error(ps, "--year needs a year from 1900 to 2100, not '%s'", arg);
		o->year = (int)v;
		break;
	case OPT_MISSING:
		ps->eval_only = ps->eval_only ? ps->eval_only : "--missing";
		if (strcmp(arg, "fail") == 0)
			o->missing_skip = false;
		else if (strcmp(arg, "skip") == 0)
			o->missing_skip = true;
		else
			return cli_usage_error(ps, "--missing takes 'fail' or 'skip', not '%s'", arg);
		break;
	case OPT_FAIL_UNDER:
		ps->eval_only = ps->eval_only ? ps->eval_only : "--fail-under";
		if (!parse_score(arg, &o->fail_under))
			return cli_usage_error(ps, "--fail-under needs a decimal score from 0 "
			    "to 100, such as 60 or 62.5, not '%s'", arg);
		o->has_fail_under = true;
		break;
	case OPT_MIN_COVERAGE:
		ps->eval_only = ps->eval_only ? ps->eval_only : "--min-coverage";
		if (!parse_score(arg, &o->min_coverage))
			return cli_usage_error(ps, "--min-coverage needs a decimal percentage from "
			    "0 to 100, such as 50 or 62.5, not '%s'", arg);
		o->has_min_coverage = true;
		break;
	case OPT_FAIL_ON: {
		int s = severity_parse(arg);

		ps->eval_only = ps->eval_only ? ps->eval_only : "--fail-on";
		if (s < 0)
			return cli_usage_error(ps, "--fail-on takes critical, high, medium, low or none, not '%s'", arg);
		o->fail_on = (enum severity)s;
		break;
	}
	case OPT_TRAJECTORY: {
		long long from, to;

		ps->eval_only = ps->eval_only ? ps->eval_only : "--trajectory";
		if (strchr(arg, ':') == NULL)
			return cli_usage_error(ps, "--trajectory needs two years FROM:TO, such as "
			    "2005:2013, not '%s'", arg);
		if (!parse_two(arg, ':', 1900, 2100, &from, &to) || from >= to)
			return cli_usage_error(ps, "--trajectory needs two years from 1900 to 2100, "
			    "the first before the second, such as 2005:2013, not '%s'", arg);
		o->trajectory_from = (int)from;
		o->trajectory_to = (int)to;
		break;
	}
	case OPT_BASELINE:
		o->baseline = arg;
		ps->eval_only = ps->eval_only ? ps->eval_only : "--baseline";
		break;
	case OPT_FAIL_ON_NEW: {
		int s = severity_parse(arg);

		ps->eval_only = ps->eval_only ? ps->eval_only : "--fail-on-new";
		if (s <= SEV_NONE)
			return cli_usage_error(ps, "--fail-on-new takes critical, high, medium or low, "
			    "not '%s'", arg);
		o->fail_on_new = (enum severity)s;
		break;
	}
	case OPT_ENTITY:
		push(&o->entities, &o->nentities, arg);
		ps->eval_only = ps->eval_only ? ps->eval_only : "--entity";
		break;
	case OPT_SHARD: {
		long long k, n;

		ps->eval_only = ps->eval_only ? ps->eval_only : "--shard";
		if (strchr(arg, '/') == NULL)
			return cli_usage_error(ps, "--shard needs K/N, part K of N, such as 1/4, "
			    "not '%s'", arg);
		if (!parse_two(arg, '/', 1, SHARD_MAX, &k, &n) || k > n)
			return cli_usage_error(ps, "--shard needs K/N with N from 1 to %d and K "
			    "from 1 to N, such as 1/4, not '%s'", SHARD_MAX, arg);
		o->shard_k = (int)k;
		o->shard_n = (int)n;
		break;
	}
	case OPT_STRICT:
		o->strict = true;
		ps->eval_only = ps->eval_only ? ps->eval_only : "--strict";
		break;
	case OPT_COLOR:
		if (strcmp(arg, "auto") == 0)
			o->color = COLOR_AUTO;
		else if (strcmp(arg, "always") == 0)
			o->color = COLOR_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			o->color = COLOR_NEVER;
		else
			return cli_usage_error(ps, "--color takes auto, always or never, not '%s'", arg);
		break;
	case 'q':
		o->verbosity = -1;
		break;
	case 'v':
		o->verbosity = 1;
		break;
	case OPT_RENDER:
		if ((rc = set_mode(o, ps, MODE_RENDER)) != 0)
			return rc;
		o->render = arg;
		break;
	case OPT_MERGE:
		if ((rc = set_mode(o, ps, MODE_MERGE)) != 0)
			return rc;
		break;
	case OPT_LIST:
		if ((rc = set_mode(o, ps, MODE_LIST)) != 0)
			return rc;
		break;
	case OPT_LIST_MAPS:
		if ((rc = set_mode(o, ps, MODE_LIST_MAPS)) != 0)
			return rc;
		break;
	case OPT_MAP:
		ps->eval_only = ps->eval_only ? ps->eval_only : "--map";
		o->map = arg;
		break;
	case OPT_DATA_YEAR:
		ps->eval_only = ps->eval_only ? ps->eval_only : "--data-year";
		if (!parse_whole(arg, 1900, 2100, &v))
			return cli_usage_error(ps, "--data-year needs a year from 1900 to 2100, "
			    "not '%s'", arg);
		o->data_year = (int)v;
		break;
	case OPT_EXPLAIN:
		if ((rc = set_mode(o, ps, MODE_EXPLAIN)) != 0)
			return rc;
		o->explain_id = arg;
		break;
	case OPT_TEMPLATE:
		if ((rc = set_mode(o, ps, MODE_TEMPLATE)) != 0)
			return rc;
		break;
	case OPT_SUBJECT:
		ps->subject = arg;
		break;
	case OPT_LINT:
		if ((rc = set_mode(o, ps, MODE_LINT)) != 0)
			return rc;
		break;
	case OPT_TEST:
		if ((rc = set_mode(o, ps, MODE_TEST)) != 0)
			return rc;
		break;
	case OPT_TAILORING:
		o->tailoring = arg;
		break;
	case OPT_RULE:
		push(&o->select_rules, &o->nselect_rules, arg);
		break;
	case OPT_SKIP_RULE:
		push(&o->skip_rules, &o->nskip_rules, arg);
		break;
	case OPT_COMMITMENT:
		if (!parse_whole(arg, 1, 8, &v))
			return cli_usage_error(ps, "--commitment needs a commitment number from "
			    "1 to 8, not '%s'", arg);
		o->commitments |= 1u << v;
		break;
	case OPT_CONFIG:
		if (*arg == '\0')
			return cli_usage_error(ps, "%s", "--config needs a file name, not ''");
		o->config = arg;
		break;
	case OPT_NO_CONFIG:
		o->no_config = true;
		break;
	case OPT_PRINT_CONFIG:
		ps->print_config = true;
		break;
	case 'h':
		o->mode = MODE_HELP;
		return 0;
	case 'V':
		o->mode = MODE_VERSION;
		return 0;
	}
	return 0;
}

int
cli_parse(int argc, char **argv, struct options *o)
{
	struct cli_parse_state *ps;
	int c, rc;

	memset(o, 0, sizeof(*o));
	o->fail_on = SEV_LOW;
	o->markdown_budget = 60000;
	o->subject = SUBJ_NONE;
	ps = o->ps = xcalloc(1, sizeof(*ps));
	ps->origin = xcalloc(NLONG, sizeof(*ps->origin));
	ps->values = xcalloc(NLONG, sizeof(*ps->values));
	ps->nvalues = xcalloc(NLONG, sizeof(*ps->nvalues));
	opterr = 0;
	optind = 1;
	make_getopt_tables();
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		switch (c) {
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
		case '?':
			if (optind > 1 && is_long_error(argv[optind - 1]))
				return long_option_error(argv[optind - 1], false);
			return usage_error("unknown option '-%c'", optopt);
		default:
			cli_note_value(ps, c, optarg, ORIGIN_COMMAND, 0);
			if ((rc = cli_set_option(o, ps, c, optarg)) != 0)
				return rc;
			if ((cli_options[cli_option_index(c)].cfg & CO_RULES) != 0 &&
			    ps->rules_only == NULL)
				ps->rules_only = long_options[cli_option_index(c)].name;
			if (o->mode == MODE_HELP || o->mode == MODE_VERSION)
				return 0;
		}
	}
	for (int i = optind; i < argc; i++)
		push(&o->args, &o->nargs, argv[i]);
	return 0;
}

int
cli_check(struct options *o)
{
	struct cli_parse_state *ps = o->ps;
	int rc;

	if (o->mode == MODE_HELP || o->mode == MODE_VERSION)
		return 0;
	if (ps->print_config) {
		o->mode = MODE_PRINT_CONFIG;
		return 0;
	}

	if (o->mode == MODE_EVAL && (rc = split_input_years(o)) != 0)
		return rc;
	if (ps->subject != NULL) {
		int s = subject_parse(ps->subject, strlen(ps->subject));

		if (o->mode != MODE_TEMPLATE && o->mode != MODE_EVAL)
			return usage_error("%s", "--subject goes with --template or "
			    "with the inputs of an evaluation");
		if (s < 0)
			return usage_error("--subject takes 'state' or 'enterprise', not '%s'", ps->subject);
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
		if (ps->eval_only != NULL || ps->rules_only != NULL)
			return usage_error("%s%s goes with an evaluation, not with --render: "
			    "the report was made with its own", ps->eval_only ? "" : "--",
			    ps->eval_only ? ps->eval_only : ps->rules_only);
		if (o->nargs > 0)
			return usage_error("unexpected argument '%s': --render reads one json "
			    "report", o->args[0]);
	}
	if (o->mode == MODE_MERGE) {
		/* Parts are merged as they were made: no evaluation option. */
		if (ps->eval_only != NULL || ps->rules_only != NULL)
			return usage_error("%s%s goes with an evaluation, not with --merge: "
			    "the parts were made with their own", ps->eval_only ? "" : "--",
			    ps->eval_only ? ps->eval_only : ps->rules_only);
		if (o->nargs == 0)
			return usage_error("%s", "--merge needs the json reports of the parts");
	}
	if (o->mode == MODE_EVAL || o->mode == MODE_RENDER || o->mode == MODE_MERGE) {
		size_t nstdout = 0;

		if (o->mode == MODE_EVAL && o->nargs == 0)
			return usage_error("%s", "no self-report given (use '-' for standard input)");
		if (o->nouts == 0 && (rc = add_format(o, NULL, (char *)"text")) != 0)
			return rc;
		/* -o gives a file to the one format that has none. */
		for (size_t i = 0; i < o->nouts; i++) {
			if (o->outs[i].file == NULL && ps->output != NULL) {
				o->outs[i].file = ps->output;
				ps->output = NULL;
			}
			if (o->outs[i].file == NULL)
				nstdout++;
		}
		if (ps->output != NULL)
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
		if (o->mode == MODE_EVAL && (rc = read_chunk_size(o)) != 0)
			return rc;
	} else {
		if (ps->output != NULL || o->nouts > 0)
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
	if (o->ps != NULL) {
		for (size_t i = 0; i < NLONG; i++)
			free(o->ps->values[i]);
		free(o->ps->values);
		free(o->ps->nvalues);
		free(o->ps->origin);
		free(o->ps);
	}
	for (size_t i = 0; i < o->nowned; i++)
		free(o->owned[i]);
	free(o->owned);
	free(o->select_rules);
	free(o->skip_rules);
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
	req->tailoring = o->tailoring;
	req->select_rules = (const char *const *)o->select_rules;
	req->nselect_rules = o->nselect_rules;
	req->skip_rules = (const char *const *)o->skip_rules;
	req->nskip_rules = o->nskip_rules;
	req->commitments = o->commitments;
	req->project_file = o->project_file;
	req->project_sha256 = o->project_file != NULL ? o->project_sha256 : NULL;
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
	req->shard_k = o->shard_k;
	req->shard_n = o->shard_n;
	req->chunk_size = o->chunk_size;
	req->strict = o->strict;
	req->verbose = o->verbosity > 0;
	req->explain = o->explain_id;
	req->subject = (enum subject)o->subject;
	req->map = o->map;
	req->data_year = o->data_year;
	req->input_years = o->input_years;
	req->render = o->render;
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
