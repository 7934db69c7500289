/*
 * The options of the command line in one table (getopt_long's entries, the
 * --help text and how a project file may set each), and --help itself, so
 * that the table, the help and the man page cannot drift apart.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_options.h"
#include "resilience.h"
#include "strbuf.h"

static const char *const group_titles[G__COUNT] = {
	"Evaluation:",
	"Gate (exit 1 when it fails):",
	"Output:",
	"Rule authoring:",
	NULL,
};

/*
 * Every option: getopt_long's entry, the --help line and how a project file
 * may set it, which all come from here. help may hold line breaks for
 * more lines; NULL hides an alias.
 */
const struct cli_option cli_options[] = {
	{ "rules", required_argument, 'r', "PATH",
	  "rule file or folder (repeatable); replaces the built-in set", G_EVAL,
	  CO_FILE | CO_REPEAT | CO_PATH | CO_RULES, NULL },
	{ "tailoring", required_argument, OPT_TAILORING, "FILE",
	  "overlay on the rules: unselect, select, refine, add", G_EVAL,
	  CO_FILE | CO_PATH | CO_RULES, NULL },
	{ "rule", required_argument, OPT_RULE, "GLOB",
	  "only the rules whose id matches GLOB (repeatable)", G_EVAL,
	  CO_FILE | CO_REPEAT | CO_RULES, NULL },
	{ "skip-rule", required_argument, OPT_SKIP_RULE, "GLOB",
	  "leave out the rules whose id matches GLOB (repeatable)", G_EVAL,
	  CO_FILE | CO_REPEAT | CO_RULES, NULL },
	{ "commitment", required_argument, OPT_COMMITMENT, "N",
	  "only the rule sets of commitment N, 1-8 (repeatable)", G_EVAL,
	  CO_FILE | CO_REPEAT | CO_RULES, NULL },
	{ "profile", required_argument, 'p', "NAME",
	  "profile to apply (default: by each entity's subject)", G_EVAL,
	  CO_FILE | CO_EVAL, NULL },
	{ "waivers", required_argument, OPT_WAIVERS, "FILE",
	  "accepted exceptions, with expiry dates", G_EVAL,
	  CO_FILE | CO_PATH | CO_EVAL, NULL },
	{ "year", required_argument, OPT_YEAR, "YYYY",
	  "evaluate as of this year (default: per entity, latest of its inputs)", G_EVAL,
	  CO_FILE | CO_EVAL, NULL },
	{ "trajectory", required_argument, OPT_TRAJECTORY, "FROM:TO",
	  "also evaluate as of every year FROM to TO and report each\n"
	  "entity's scores per year; the details are TO's", G_EVAL,
	  CO_FILE | CO_EVAL, NULL },
	{ "missing", required_argument, OPT_MISSING, "fail|skip",
	  "missing data counts as a gap (fail) or is left out (skip)", G_EVAL,
	  CO_FILE | CO_EVAL, "fail" },
	{ "map", required_argument, OPT_MAP, "NAME|FILE",
	  "read every input through this import map (a built-in\n"
	  "map's name or a map file) instead of recognising one", G_EVAL,
	  CO_FILE | CO_EVAL, NULL },
	{ "data-year", required_argument, OPT_DATA_YEAR, "YYYY",
	  "the year of inputs that have none (an LPI edition\n"
	  "table); FILE@YYYY gives one input its own", G_EVAL,
	  CO_FILE | CO_EVAL, NULL },
	{ "entity", required_argument, OPT_ENTITY, "ID",
	  "evaluate only this entity (repeatable)", G_EVAL,
	  CO_FILE | CO_REPEAT | CO_EVAL, NULL },
	{ "shard", required_argument, OPT_SHARD, "K/N",
	  "evaluate only the entities of part K of N (by a hash\n"
	  "of the entity id); --merge joins the parts' json reports", G_EVAL,
	  CO_EVAL, NULL },
	{ "strict", no_argument, OPT_STRICT, NULL,
	  "warnings about the input become errors", G_EVAL, CO_FILE | CO_EVAL, "false" },
	{ "jobs", required_argument, 'j', "N",
	  "threads for parsing large inputs and evaluating\n"
	  "entities (default: online cores); the report is\n"
	  "the same for every N", G_EVAL, CO_FILE, NULL },
	{ "config", required_argument, OPT_CONFIG, "FILE",
	  "read default options from FILE (default:\n"
	  ".resilience-check.yaml when it is there)", G_EVAL, 0, NULL },
	{ "no-config", no_argument, OPT_NO_CONFIG, NULL,
	  "read no project file", G_EVAL, 0, NULL },
	{ "print-config", no_argument, OPT_PRINT_CONFIG, NULL,
	  "print the options in effect and where each came\n"
	  "from, and exit", G_EVAL, 0, NULL },
	{ "fail-under", required_argument, OPT_FAIL_UNDER, "SCORE",
	  "fail when an entity's overall score is below SCORE (0-100)", G_GATE,
	  CO_FILE | CO_EVAL, NULL },
	{ "min-coverage", required_argument, OPT_MIN_COVERAGE, "PCT",
	  "fail when an entity's coverage is below PCT (0-100): the\n"
	  "share of its rules' weight that had usable data", G_GATE,
	  CO_FILE | CO_EVAL, NULL },
	{ "fail-on", required_argument, OPT_FAIL_ON, "SEVERITY",
	  "fail when a rule of at least this severity is not passed:\n"
	  "critical, high, medium, low (default) or none", G_GATE,
	  CO_FILE | CO_EVAL, "low" },
	{ "baseline", required_argument, OPT_BASELINE, "PREV.json",
	  "compare with an earlier json report: each result is new,\n"
	  "unchanged, updated or absent (its gap closed)", G_GATE,
	  CO_FILE | CO_PATH | CO_EVAL, NULL },
	{ "fail-on-new", required_argument, OPT_FAIL_ON_NEW, "SEVERITY",
	  "with --baseline, instead of --fail-on: fail only on gaps\n"
	  "of at least this severity that are new or worse", G_GATE,
	  CO_FILE | CO_EVAL, NULL },
	{ "format", required_argument, 'f', "FMT[:FILE]",
	  NULL, G_OUTPUT,               /* written by format_help() */
	  CO_FILE | CO_REPEAT | CO_PATH | CO_OUT, "text" },
	{ "output", required_argument, 'o', "FILE",
	  "write the report to FILE (atomically) instead of stdout", G_OUTPUT,
	  CO_FILE | CO_PATH | CO_OUT, NULL },
	{ "detail", required_argument, OPT_DETAIL, "LEVEL",
	  "text, markdown, html: summary, gaps (text's default)\n"
	  "or full (markdown's and html's default)", G_OUTPUT, CO_FILE | CO_OUT, NULL },
	{ "markdown-budget", required_argument, OPT_MD_BUDGET, "CHARS",
	  "the most characters of a markdown report (default\n"
	  "60000, for a pull-request comment; 0: no limit)", G_OUTPUT,
	  CO_FILE | CO_OUT, "60000" },
	{ "render", required_argument, OPT_RENDER, "REPORT.json",
	  "write the reports (-f) of a json report made\n"
	  "before, with the exit status of its gate", G_OUTPUT, 0, NULL },
	{ "merge", no_argument, OPT_MERGE, NULL,
	  "write the reports (-f) of one run from the json reports\n"
	  "given as arguments: the shards of a run, or runs on\n"
	  "separate inputs", G_OUTPUT, 0, NULL },
	{ "color", required_argument, OPT_COLOR, "WHEN",
	  "auto (default), always or never; NO_COLOR is honoured", G_OUTPUT,
	  CO_FILE, "auto" },
	{ "colour", required_argument, OPT_COLOR, "WHEN", NULL, G_OUTPUT, CO_FILE, NULL },
	{ "quiet", no_argument, 'q', NULL, "only errors on standard error", G_OUTPUT,
	  CO_FILE, "false" },
	{ "verbose", no_argument, 'v', NULL, "more detail on standard error", G_OUTPUT,
	  CO_FILE, "false" },
	{ "list-rules", no_argument, OPT_LIST, NULL, "list rule sets and rules", G_AUTHOR,
	  0, NULL },
	{ "list-maps", no_argument, OPT_LIST_MAPS, NULL,
	  "list the built-in import maps, one a line", G_AUTHOR, 0, NULL },
	{ "explain", required_argument, OPT_EXPLAIN, "RULE-ID",
	  "describe one rule: clause, rationale, check, remediation", G_AUTHOR, 0, NULL },
	{ "template", no_argument, OPT_TEMPLATE, NULL,
	  "print a blank long-layout self-report for the rules", G_AUTHOR, 0, NULL },
	{ "subject", required_argument, OPT_SUBJECT, "S",
	  "state or enterprise: the subject of the template, or of\n"
	  "the entities of inputs that have no subject column", G_AUTHOR, 0, NULL },
	{ "lint-rules", no_argument, OPT_LINT, NULL,
	  "validate rule files (no PATH: the built-in set)", G_AUTHOR, 0, NULL },
	{ "test-rules", no_argument, OPT_TEST, NULL,
	  "run the tests written in rule files", G_AUTHOR, 0, NULL },
	{ "help", no_argument, 'h', NULL, "show this help", G_OTHER, 0, NULL },
	{ "version", no_argument, 'V', NULL, "show the version", G_OTHER, 0, NULL },
};

const size_t cli_noptions = sizeof(cli_options) / sizeof(cli_options[0]);
_Static_assert(sizeof(cli_options) / sizeof(cli_options[0]) <= CLI_MAX_OPTIONS,
    "cli_options outgrows getopt's tables: raise CLI_MAX_OPTIONS");

size_t
cli_option_index(int val)
{
	for (size_t i = 0; i < cli_noptions; i++)
		if (cli_options[i].val == val)
			return i;
	return 0;
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
		for (size_t i = 0; i < cli_noptions; i++)
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
