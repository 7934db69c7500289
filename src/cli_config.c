/*
 * The project file: default options for a project (for CI), read from
 * .resilience-check.yaml in the current folder or the file --config names.
 * Its top-level keys are long option names without the dashes; a value
 * given on the command line wins. Only the command line reads it: the
 * library gets plain options, and the file's path and SHA-256 to record.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_config.h"
#include "cli_options.h"
#include "diag.h"
#include "digest.h"
#include "escape.h"
#include "exitcode.h"
#include "rulebook.h"
#include "xalloc.h"
#include "yamldoc.h"

#define PROJECT_FILE ".resilience-check.yaml"

static char *
keep(struct options *o, char *s)
{
	o->owned = xreallocarray(o->owned, o->nowned + 1, sizeof(*o->owned));
	o->owned[o->nowned++] = s;
	return s;
}

/* A path of the file, taken relative to the file's folder dir ("" for "."). */
static char *
rebase(struct options *o, const char *dir, const char *path)
{
	if (*dir == '\0' || *path == '/' || *path == '\0' || strcmp(path, "-") == 0)
		return keep(o, xstrdup(path));
	return keep(o, xasprintf("%s%s", dir, path));
}

/* Does an option set in the file apply in this mode? Others are left alone. */
static bool
applies(const struct options *o, const struct cli_option *c)
{
	switch (o->mode) {
	case MODE_EVAL:
	case MODE_PRINT_CONFIG:
		return true;
	case MODE_RENDER:
	case MODE_MERGE:
		return (c->cfg & (CO_EVAL | CO_RULES)) == 0;
	default:
		return (c->cfg & (CO_EVAL | CO_OUT)) == 0;
	}
}

/* The option a key names: the long name exactly; NULL when none. */
static const struct cli_option *
find_option(const char *key)
{
	for (size_t i = 0; i < cli_noptions; i++)
		if (strcmp(cli_options[i].name, key) == 0)
			return &cli_options[i];
	return NULL;
}

static int
unknown_key(struct cli_parse_state *ps, const char *key)
{
	const char **names = xcalloc(cli_noptions, sizeof(*names));
	const struct cli_option *c = find_option(key);
	const char *hint;
	size_t n = 0;
	int rc;

	if (c != NULL) {
		rc = cli_usage_error(ps, "option '--%s' cannot be set in a project file",
		    key);
		free(names);
		return rc;
	}
	for (size_t i = 0; i < cli_noptions; i++)
		if (cli_options[i].cfg & CO_FILE)
			names[n++] = cli_options[i].name;
	hint = diag_suggest(key, names, n);
	rc = cli_usage_error(ps, "unknown key '%s' (keys are long option names without "
	    "the dashes)%s%s%s", key, hint ? "; did you mean '" : "", hint ? hint : "",
	    hint ? "'?" : "");
	free(names);
	return rc;
}

/* One value v of option c, located at v. */
static int
apply_value(struct options *o, struct cli_parse_state *ps, const struct cli_option *c,
    const struct ynode *v, const char *dir)
{
	double num;
	bool b;
	enum yscalar_type ty;
	char *arg, *colon;

	ps->at_line = v->line;
	ps->at_col = v->col;
	if (v->kind != YN_SCALAR)
		return cli_usage_error(ps, "'%s' takes %s, not a %s", c->name,
		    c->cfg & CO_REPEAT ? "a value or a list of values" : "one value",
		    v->kind == YN_MAP ? "mapping" : "list of lists");
	ty = ynode_scalar_type(v, &num, &b);
	if (c->has_arg == no_argument) {
		if (ty != YS_BOOL)
			return cli_usage_error(ps, "'%s' takes true or false, not '%s'",
			    c->name, v->str);
		if (!b)
			return 0;
		cli_note_value(ps, c->val, NULL, ORIGIN_FILE, v->line);
		return cli_set_option(o, ps, c->val, NULL);
	}
	if (ty == YS_NULL)
		return cli_usage_error(ps, "'%s' needs a value", c->name);
	if (strlen(v->str) != v->len)
		return cli_usage_error(ps, "the value of '%s' holds a NUL byte", c->name);
	arg = keep(o, xstrdup(v->str));
	if (c->cfg & CO_PATH) {
		if (c->val != 'f')
			arg = rebase(o, dir, arg);
		else if ((colon = strchr(arg, ':')) != NULL && colon[1] != '\0')
			arg = keep(o, xasprintf("%.*s:%s", (int)(colon - arg), arg,
			    rebase(o, dir, colon + 1)));
	}
	cli_note_value(ps, c->val, arg, ORIGIN_FILE, v->line);
	return cli_set_option(o, ps, c->val, arg);
}

static int
apply_file(struct options *o, struct cli_parse_state *ps, const struct ydoc *doc,
    const char *dir)
{
	const struct ynode *root = doc->root;

	if (root == NULL)
		return 0;
	ps->at_line = root->line;
	ps->at_col = root->col;
	if (root->kind != YN_MAP)
		return cli_usage_error(ps, "%s", "a project file is a mapping of option "
		    "names to values, such as 'fail-under: 95'");
	for (size_t i = 0; i < root->n; i++) {
		const struct ynode *k = root->items[2 * i], *v = root->items[2 * i + 1];
		const struct cli_option *c;
		int rc = 0;

		ps->at_line = k->line;
		ps->at_col = k->col;
		if (k->kind != YN_SCALAR)
			return cli_usage_error(ps, "%s", "a key must be an option name");
		c = find_option(k->str);
		if (c == NULL || (c->cfg & CO_FILE) == 0)
			return unknown_key(ps, k->str);
		/* The command line wins, and some options go with some modes only. */
		if (ps->origin[cli_option_index(c->val)].kind == ORIGIN_COMMAND ||
		    !applies(o, c))
			continue;
		if (v->kind == YN_SEQ) {
			if ((c->cfg & CO_REPEAT) == 0) {
				ps->at_line = v->line;
				ps->at_col = v->col;
				return cli_usage_error(ps, "'%s' takes one value, not a list",
				    c->name);
			}
			for (size_t j = 0; j < v->n && rc == 0; j++)
				rc = apply_value(o, ps, c, v->items[j], dir);
		} else {
			rc = apply_value(o, ps, c, v, dir);
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
cli_config_apply(struct options *o)
{
	struct cli_parse_state *ps = o->ps;
	const char *path = o->config;
	struct diaglist dl;
	struct ydoc doc;
	char *text = NULL, *dir;
	const char *slash;
	size_t len;
	int rc = EXIT_USAGE;

	if (o->no_config && o->config != NULL)
		return cli_usage_error(ps, "%s", "--config and --no-config do not go together");
	if (o->no_config || o->mode == MODE_HELP || o->mode == MODE_VERSION)
		return 0;
	if (path == NULL) {
		if (access(PROJECT_FILE, F_OK) != 0)
			return 0;
		path = PROJECT_FILE;
	}
	diag_init(&dl);
	memset(&doc, 0, sizeof(doc));
	slash = strrchr(path, '/');
	dir = keep(o, slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup(""));
	if (rulebook_read_file(path, RULEBOOK_MAX_FILE, &text, &len, &dl) == 0 &&
	    ydoc_parse(&doc, path, text, len, &dl) == 0) {
		o->project_file = path;
		digest_buffer(text, len, o->project_sha256);
		ps->at_file = path;
		rc = apply_file(o, ps, &doc, dir);
		ps->at_file = NULL;
	} else {
		diag_print(&dl, stderr, "resilience-check", false);
	}
	ydoc_release(&doc);
	free(text);
	diag_release(&dl);
	return rc;
}

/* ---- --print-config ---- */

static void
origin_text(FILE *fp, const struct options *o, const struct cli_origin *org)
{
	switch (org->kind) {
	case ORIGIN_DEFAULT:
		fputs("default", fp);
		break;
	case ORIGIN_FILE:
		escape_puts(o->project_file, fp);
		fprintf(fp, ":%d", org->line);
		break;
	case ORIGIN_COMMAND:
		fputs("command line", fp);
		break;
	}
}

void
cli_print_config(const struct options *o, FILE *fp)
{
	const struct cli_parse_state *ps = o->ps;

	if (o->project_file != NULL) {
		fputs("# project file: ", fp);
		escape_puts(o->project_file, fp);
		fprintf(fp, " (sha256 %s)\n", o->project_sha256);
	} else {
		fputs("# project file: none\n", fp);
	}
	for (size_t i = 0; i < cli_noptions; i++) {
		const struct cli_option *c = &cli_options[i];
		struct cli_origin def = { ORIGIN_DEFAULT, 0 };
		const struct cli_origin *org = &ps->origin[i];
		size_t n = ps->nvalues[i], col;
		bool list = (c->cfg & CO_REPEAT) != 0 && n > 1;

		if ((c->cfg & CO_FILE) == 0 || cli_option_index(c->val) != i)
			continue;
		if (n == 0 && c->def == NULL)
			continue;
		col = (size_t)fprintf(fp, "%s: %s", c->name, list ? "[" : "");
		if (n == 0) {
			col += (size_t)fprintf(fp, "%s", c->def);
			org = &def;
		}
		for (size_t k = 0; k < n; k++) {
			const char *v = ps->values[i][k] ? ps->values[i][k] : "true";

			col += (size_t)fprintf(fp, "%s", k > 0 ? ", " : "") + strlen(v);
			escape_puts(v, fp);
		}
		if (list)
			col += (size_t)fprintf(fp, "]");
		fprintf(fp, "%*s# ", col < 40 ? (int)(40 - col) : 2, "");
		origin_text(fp, o, org);
		fputc('\n', fp);
	}
}
