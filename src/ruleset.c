/*
 * Loading rule-set files: the rules, their checks (each kind parsed by its
 * row of check.c's table, fitted to the type of the indicator it reads) and
 * the tests embedded in the file. Every problem of a file is reported
 * before giving up. Each mapping's keys are listed once, in a descriptor
 * table read by yfields_read().
 */
#include "config.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ruleset.h"
#include "strbuf.h"
#include "xalloc.h"

static const char *const subject_names[] = { "state", "enterprise", NULL };

/* Report a problem at a node of the file that c reads, and count it. */
#define err(c, ...) yread_error(&(c)->rd, __VA_ARGS__)
#define err_unknown(c, ...) yread_unknown(&(c)->rd, __VA_ARGS__)

/*
 * State shared by the parsers of one file; rd.user points back here. The
 * set and its ids are there only while ruleset_load reads a whole file.
 */
struct ctx {
	struct yread rd;
	struct check_parse cp;          /* what the checks are parsed with */
	const struct loadctx *lc;
	struct ruleset *rs;
	struct strtab ids;              /* the set's rule ids, for its tests */
};

static void
ctx_init(struct ctx *c, const struct loadctx *lc, const char *file,
    struct diaglist *dl)
{
	memset(c, 0, sizeof(*c));
	c->rd.file = file;
	c->rd.dl = dl;
	c->rd.arena = lc->arena;
	c->rd.user = c;
	c->cp.rd = &c->rd;
	c->cp.cat = lc->cat;
	c->cp.own_pattern = lc->own_pattern;
	c->cp.owner = lc->owner;
	c->lc = lc;
}

const char *
weight_problem(double w)
{
	if (!(w > 0))
		return "weight must be greater than 0";
	if (!(w <= WEIGHT_MAX))
		return "weight must be at most 1000000";
	return NULL;
}

int
ruleset_check_weight(struct yread *rd, const struct ynode *v, const void *val)
{
	const char *why = weight_problem(*(const double *)val);

	if (why == NULL)
		return 0;
	yread_error(rd, v, "%s", why);
	return -1;
}

const struct rule *
ruleset_parse_rule_ref(struct yread *rd, const struct ynode *v,
    const struct rule_lookup *rl)
{
	const struct rule *r;
	const char *s;

	if (yread_string(rd, v, "'rule'", &s) < 0)
		return NULL;
	if ((r = rl->find(rl->book, s)) == NULL)
		yread_unknown(rd, v, "rule", s, rl->suggest(rl->book, s));
	return r;
}

int
ruleset_parse_severity(struct yread *rd, const struct ynode *v)
{
	const char *s;
	int sev;

	if (yread_string(rd, v, "'severity'", &s) < 0)
		return -1;
	if ((sev = severity_parse(s)) > SEV_NONE)
		return sev;
	yread_unknown(rd, v, "severity", s, diag_suggest(s, severity_names + 1,
	    vocab_count(severity_names) - 1));
	return -1;
}

static const struct indicator *
indicator_at(const struct ctx *c, int indicator)
{
	if (indicator < 0 || (size_t)indicator >= c->lc->cat->n)
		return NULL;
	return &c->lc->cat->items[indicator];
}

/* ---- checks: the keys of a rule and of its 'target', from check.c's table ---- */

/* Is row k the first of its key (so that the key is listed once)? */
static bool
first_of_key(size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (strcmp(check_table[i].key, check_table[k].key) == 0)
			return false;
	return true;
}

/*
 * Append "'a', 'b' and 'c'" (last: " and " or " or "): the forms under
 * key, or the rule's check keys when key is NULL.
 */
static void
key_list(struct strbuf *sb, const char *key, const char *last)
{
	const char *names[CHECK__COUNT];
	size_t n = 0;

	for (size_t i = 0; i < CHECK__COUNT; i++) {
		if (key == NULL && first_of_key(i))
			names[n++] = check_table[i].key;
		else if (key != NULL && strcmp(check_table[i].key, key) == 0)
			names[n++] = check_table[i].form;
	}
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s'%s'", i == 0 ? "" : i + 1 < n ? ", " : last, names[i]);
}

/*
 * The check of rule mapping n: the first kind of the one check key n has,
 * and that key's value in *v; NULL after saying that n has none or several.
 */
static const struct check_row *
find_check(struct ctx *c, const struct ynode *n, const char *id, const struct ynode **v)
{
	const struct check_row *found = NULL;
	struct strbuf keys;
	int nfound = 0;

	for (size_t i = 0; i < CHECK__COUNT; i++) {
		const struct ynode *x;

		if (first_of_key(i) && (x = ynode_get(n, check_table[i].key)) != NULL) {
			nfound++;
			found = &check_table[i];
			*v = x;
		}
	}
	if (nfound == 1)
		return found;
	strbuf_init(&keys);
	key_list(&keys, NULL, " or ");
	if (*id != '\0')
		err(c, n, "rule '%s' needs exactly one of %s", id, keys.buf);
	else
		err(c, n, "a rule needs exactly one of %s", keys.buf);
	strbuf_release(&keys);
	return NULL;
}

/*
 * The kind of a mapping of forms under key (a 'target'): its keys are
 * those of the forms of key, it has exactly one form (its key in *at),
 * and the keys that go with one form do not come with another. NULL after
 * saying so when no form can be told.
 */
static const struct check_row *
find_form(struct ctx *c, const char *key, const struct ynode *n, const struct ynode **at)
{
	const char *allowed[4 * CHECK__COUNT + 1], *const none[] = { NULL };
	const struct check_row *form = NULL;
	char what[64];
	struct strbuf sb;
	size_t na = 0;

	for (size_t i = 0; i < CHECK__COUNT; i++) {
		const struct check_row *k = &check_table[i];

		if (strcmp(k->key, key) != 0)
			continue;
		/* More keys than room is a mistake in the table, not in the input. */
		assert(na < sizeof(allowed) / sizeof(allowed[0]) - 1);
		allowed[na++] = k->form;
		for (size_t j = 0; k->more != NULL && k->more[j] != NULL; j++) {
			assert(na < sizeof(allowed) / sizeof(allowed[0]) - 1);
			allowed[na++] = k->more[j];
		}
	}
	allowed[na] = NULL;
	snprintf(what, sizeof(what), "'%s'", key);
	c->rd.errs += ynode_check_keys(n, what, allowed, none, c->rd.file, c->rd.dl);
	if (n->kind != YN_MAP)
		return NULL;
	strbuf_init(&sb);
	for (size_t i = 0; i < CHECK__COUNT; i++) {
		const struct check_row *k = &check_table[i];
		const struct ynode *fk;

		if (strcmp(k->key, key) != 0 || (fk = ynode_get_key(n, k->form)) == NULL)
			continue;
		if (form != NULL) {
			key_list(&sb, key, " and ");
			err(c, fk, "%s takes only one of %s; it has '%s' and '%s'", what,
			    sb.buf, form->form, k->form);
			form = NULL;
			goto out;
		}
		form = k;
		*at = fk;
	}
	if (form == NULL) {
		key_list(&sb, key, " or ");
		err(c, n, "%s needs one of %s", what, sb.buf);
		goto out;
	}
	for (size_t i = 0; i < CHECK__COUNT; i++) {
		const struct check_row *k = &check_table[i];

		if (k == form || strcmp(k->key, key) != 0)
			continue;
		for (size_t j = 0; k->more != NULL && k->more[j] != NULL; j++) {
			const struct ynode *mk = ynode_get_key(n, k->more[j]);

			if (mk != NULL)
				err(c, mk, "'%s' only goes with '%s'", k->more[j], k->form);
		}
	}
out:
	strbuf_release(&sb);
	return form;
}

/*
 * v, the value of a rule's check key, into out, for indicator number
 * indicator (-1: unknown, or none): a mapping of forms (a 'target') by the
 * form it has, else as the kind of that key.
 */
static void
parse_check(struct ctx *c, const char *key, const struct ynode *v, int indicator,
    struct check *out)
{
	const struct check_row *k = NULL;
	const struct ynode *at = v;

	memset(out, 0, sizeof(*out));
	out->line = v->line;
	out->col = v->col;
	for (size_t i = 0; i < CHECK__COUNT && k == NULL; i++)
		if (strcmp(check_table[i].key, key) == 0)
			k = &check_table[i];
	if (k->form != NULL)
		k = find_form(c, key, v, &at);
	if (k != NULL)
		check_parse(&c->cp, (enum check_kind)(k - check_table), v, at,
		    indicator_at(c, indicator), out);
}

int
ruleset_parse_target(const struct loadctx *lc, const struct ynode *n,
    int indicator, const char *file, struct diaglist *dl, struct check *out)
{
	struct ctx c;

	ctx_init(&c, lc, file, dl);
	parse_check(&c, "target", n, indicator, out);
	return c.rd.errs;
}

static int
resolve_indicator(struct ctx *c, const struct ynode *n)
{
	const char *s;
	int ind;

	if (yread_string(&c->rd, n, "'indicator'", &s) < 0)
		return -1;
	ind = catalogue_find(c->lc->cat, s, strlen(s));
	if (ind < 0)
		err_unknown(c, n, "indicator", s, catalogue_suggest(c->lc->cat, s));
	return ind;
}

/* ---- rules ---- */

static void
parse_evidence_match(struct yread *rd, const struct ynode *v, void *rec)
{
	struct ctx *c = rd->user;
	struct rule *r = rec;

	r->evidence_match = check_parse_pattern(&c->cp, v, "'match'");
}

static const struct yfield evidence_rows[] = {
	{ "required", YF_BOOL, 0, .off = offsetof(struct rule, evidence_required) },
	{ "match", YF_CUSTOM, 0, .parse = parse_evidence_match },
};
static const struct yfields evidence_fields = YFIELDS(evidence_rows);

static void
parse_subjects(struct yread *rd, const struct ynode *n, void *rec)
{
	struct rule *r = rec;
	const char **v;
	size_t nv = 0;

	if (yread_strlist(rd, n, "'subjects'", &v, &nv) < 0)
		return;
	if (nv == 0) {
		yread_error(rd, n, "'subjects' must not be empty");
		return;
	}
	r->subjects = 0;
	for (size_t i = 0; i < nv; i++) {
		int s = subject_parse(v[i], strlen(v[i]));
		const struct ynode *at = n->kind == YN_SEQ ? n->items[i] : n;

		if (s < 0)
			yread_unknown(rd, at, "subject", v[i],
			    diag_suggest(v[i], subject_names, 2));
		else
			r->subjects |= (unsigned)s;
	}
	if (r->subjects == 0)
		r->subjects = SUBJ_ALL;
}

static int
check_rule_id(struct yread *rd, const struct ynode *v, const void *val)
{
	return catalogue_check_id(rd, v, *(const char *const *)val, "rule id");
}

static void
parse_rule_severity(struct yread *rd, const struct ynode *v, void *rec)
{
	struct rule *r = rec;
	int sev = ruleset_parse_severity(rd, v);

	if (sev >= 0)
		r->severity = (enum severity)sev;
}

/*
 * The rule's maximum age: its own, else its indicator's; a rule without one
 * (an expression) takes the smallest of its operands' when every operand
 * has one.
 */
static void
rule_max_age(struct ctx *c, struct rule *r)
{
	const struct indicator *ind;

	if (r->max_age >= 0) {
		r->max_age_from = AGE_RULE;
		return;
	}
	r->max_age_from = AGE_NONE;
	if (r->indicator < 0) {
		int inds[64], age = -1;
		bool prev[64];
		size_t n = check_operands(&r->target, inds, prev, 64);

		for (size_t k = 0; k < n; k++) {
			int a = c->lc->cat->items[inds[k]].max_age;

			if (a < 0)
				return;
			if (age < 0 || a < age)
				age = a;
		}
		if (age >= 0) {
			r->max_age = age;
			r->max_age_from = AGE_CATALOGUE;
		}
		return;
	}
	if ((ind = indicator_at(c, r->indicator)) != NULL && ind->max_age >= 0) {
		r->max_age = ind->max_age;
		r->max_age_from = AGE_CATALOGUE;
	}
}

/* The ids of 'alternatives', where each is written; resolved by the rule book. */
static void
parse_alternatives(struct yread *rd, const struct ynode *v, void *rec)
{
	struct rule *r = rec;
	size_t n;

	if (yread_strlist(rd, v, "'alternatives'", &r->alt_ids, &n) < 0)
		return;
	r->alt_lines = arena_array(rd->arena, n ? n : 1, sizeof(*r->alt_lines));
	r->alt_cols = arena_array(rd->arena, n ? n : 1, sizeof(*r->alt_cols));
	for (size_t i = 0; i < n; i++) {
		const struct ynode *at = v->kind == YN_SEQ ? v->items[i] : v;

		r->alt_lines[i] = at->line;
		r->alt_cols[i] = at->col;
	}
	r->nalt_ids = n;
}

/* The check and its indicator are read by rule_parse: they go together. */
static const struct yfield rule_rows[] = {
	{ "id", YF_STRING, YF_REQUIRED, .off = offsetof(struct rule, id),
	    .check = check_rule_id },
	{ "title", YF_STRING, YF_REQUIRED, .off = offsetof(struct rule, title) },
	{ "severity", YF_CUSTOM, YF_REQUIRED, .parse = parse_rule_severity },
	{ "indicator", YF_DEFERRED, .flags = 0 },
	{ "weight", YF_NUMBER, 0, .off = offsetof(struct rule, weight),
	    .check = ruleset_check_weight },
	{ "subjects", YF_CUSTOM, 0, .parse = parse_subjects },
	{ "sectors", YF_STRLIST, 0, .off = offsetof(struct rule, sectors),
	    .count_off = offsetof(struct rule, nsectors) },
	{ "rationale", YF_STRING, 0, .off = offsetof(struct rule, rationale) },
	{ "remediation", YF_STRING, 0, .off = offsetof(struct rule, remediation) },
	{ "references", YF_STRLIST, 0, .off = offsetof(struct rule, references),
	    .count_off = offsetof(struct rule, nreferences) },
	{ "max_age", YF_INT, 0, .off = offsetof(struct rule, max_age),
	    .min = 0, .max = 1000 },
	{ "alternatives", YF_CUSTOM, 0, .parse = parse_alternatives },
	{ "evidence", YF_MAPPING, 0, .sub = &evidence_fields },
	CHECK_RULE_FIELDS,
};
static const struct yfields rule_fields = YFIELDS(rule_rows);

static void
rule_parse(struct ctx *c, struct ruleset *rs, const struct ynode *n, struct rule *r)
{
	const struct check_row *k;
	const struct ynode *v, *check = NULL;

	r->id = "";
	r->title = "";
	r->indicator = -1;
	r->weight = 1;
	r->subjects = SUBJ_ALL;
	r->max_age = -1;
	r->set = rs;
	r->file = rs->file;
	r->line = n->line;
	r->col = n->col;
	if (yfields_read(&c->rd, &rule_fields, "a rule", n, r) < 0)
		return;
	if ((k = find_check(c, n, r->id, &check)) == NULL)
		return;
	if (k->no_indicator != NULL) {
		if ((v = ynode_get(n, "indicator")) != NULL)
			err(c, v, "'indicator' does not go with '%s': %s", k->key,
			    k->no_indicator);
		if ((v = ynode_get(n, "evidence")) != NULL)
			err(c, v, "'evidence' does not go with '%s': "
			    "evidence belongs to one reported value", k->key);
		r->indicator = -1;
	} else if ((v = ynode_get(n, "indicator")) == NULL) {
		err(c, n, "missing required key 'indicator'");
		return;
	} else {
		r->indicator = resolve_indicator(c, v);
	}
	parse_check(c, k->key, check, r->indicator, &r->target);
	rule_max_age(c, r);
}

/* ---- embedded tests ---- */

static int
test_year(struct ctx *c, const struct ynode *k)
{
	double d;

	if (k->kind != YN_SCALAR || ynode_scalar_type(k, &d, NULL) != YS_NUMBER ||
	    !(d >= 1900 && d <= 2100) || d != (double)(int)d) {
		err(c, k, "year '%s' must be an integer from 1900 to 2100",
		    k->kind == YN_SCALAR ? k->str : "");
		return -1;
	}
	return (int)d;
}

static void
parse_test_data(struct yread *rd, const struct ynode *n, void *rec)
{
	struct ctx *c = rd->user;
	struct ruletest *t = rec;
	size_t total = 0;

	if (n->kind != YN_MAP) {
		err(c, n, "'data' must be a mapping of indicator to value");
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *v = n->items[2 * i + 1];

		total += v->kind == YN_MAP ? v->n : 1;
	}
	t->data = arena_array(c->rd.arena, total ? total : 1, sizeof(*t->data));
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
		int ind;

		if (k->kind != YN_SCALAR) {
			err(c, k, "indicator names in 'data' must be scalars");
			continue;
		}
		if ((ind = catalogue_find(c->lc->cat, k->str, k->len)) < 0) {
			err_unknown(c, k, "indicator", k->str,
			    catalogue_suggest(c->lc->cat, k->str));
			continue;
		}
		if (v->kind == YN_SCALAR) {
			struct ruletest_datum *d = &t->data[t->ndata++];

			d->indicator = ind;
			d->year = 0;
			d->text = arena_strndup(c->rd.arena, v->str, v->len);
			d->line = v->line;
			d->col = v->col;
			continue;
		}
		if (v->kind != YN_MAP) {
			err(c, v, "data for '%s' must be a value or a mapping of year "
			    "to value", k->str);
			continue;
		}
		for (size_t j = 0; j < v->n; j++) {
			const struct ynode *yk = v->items[2 * j], *yv = v->items[2 * j + 1];
			int year = test_year(c, yk);
			struct ruletest_datum *d;

			if (year < 0)
				continue;
			if (yv->kind != YN_SCALAR) {
				err(c, yv, "data for '%s' in %d must be a single value",
				    k->str, year);
				continue;
			}
			d = &t->data[t->ndata++];
			d->indicator = ind;
			d->year = year;
			d->text = arena_strndup(c->rd.arena, yv->str, yv->len);
			d->line = yv->line;
			d->col = yv->col;
		}
	}
}

static void
parse_test_expect(struct yread *rd, const struct ynode *n, void *rec)
{
	struct ctx *c = rd->user;
	const struct ruleset *rs = c->rs;
	const struct strtab *ids = &c->ids;
	struct ruletest *t = rec;

	if (n->kind != YN_MAP || n->n == 0) {
		err(c, n, "'expect' must be a mapping of rule id to status");
		return;
	}
	t->expect = arena_array(c->rd.arena, n->n, sizeof(*t->expect));
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
		struct ruletest_expect *e;
		const char *s;
		int st;

		if (k->kind != YN_SCALAR || strtab_find(ids, k->str, k->len) < 0) {
			const char **cands = xcalloc(rs->nrules + 1, sizeof(*cands));
			const char *hint;

			for (size_t j = 0; j < rs->nrules; j++)
				cands[j] = rs->rules[j].id;
			hint = k->str ? diag_suggest(k->str, cands, rs->nrules) : NULL;
			if (hint != NULL)
				err(c, k, "unknown rule '%s' in rule set '%s'; "
				    "did you mean '%s'?", k->str, rs->id ? rs->id : "", hint);
			else
				err(c, k, "unknown rule '%s' in rule set '%s'",
				    k->str ? k->str : "", rs->id ? rs->id : "");
			free(cands);
			continue;
		}
		if (yread_string(&c->rd, v, "the expected status", &s) < 0)
			continue;
		if ((st = status_parse(s)) < 0) {
			err_unknown(c, v, "status", s,
			    diag_suggest(s, status_names, vocab_count(status_names)));
			continue;
		}
		e = &t->expect[t->nexpect++];
		e->rule_id = strtab_str(ids, strtab_find(ids, k->str, k->len));
		e->status = (enum status)st;
		e->line = k->line;
		e->col = k->col;
	}
}

static void
parse_test_subject(struct yread *rd, const struct ynode *v, void *rec)
{
	struct ruletest *t = rec;
	const char *s;
	int sj;

	if (yread_string(rd, v, "'subject'", &s) < 0)
		return;
	if ((sj = subject_parse(s, strlen(s))) < 0)
		yread_unknown(rd, v, "subject", s, diag_suggest(s, subject_names, 2));
	else
		t->subject = (enum subject)sj;
}

static const struct yfield test_rows[] = {
	{ "name", YF_STRING, YF_REQUIRED, .off = offsetof(struct ruletest, name) },
	{ "subject", YF_CUSTOM, YF_LATE, .parse = parse_test_subject },
	{ "sector", YF_STRING, 0, .off = offsetof(struct ruletest, sector) },
	{ "data", YF_CUSTOM, YF_REQUIRED | YF_LATE, .parse = parse_test_data },
	{ "expect", YF_CUSTOM, YF_REQUIRED | YF_LATE, .parse = parse_test_expect },
};
static const struct yfields test_fields = YFIELDS(test_rows);

/* ---- the file ---- */

static void
parse_rules(struct yread *rd, const struct ynode *v, void *rec)
{
	struct ctx *c = rd->user;
	struct ruleset *rs = rec;

	if (v->kind != YN_SEQ || v->n == 0) {
		yread_error(rd, v, "'rules' must be a non-empty list");
		return;
	}
	rs->rules = arena_array(rd->arena, v->n, sizeof(*rs->rules));
	rs->nrules = v->n;
	for (size_t i = 0; i < v->n; i++) {
		rule_parse(c, rs, v->items[i], &rs->rules[i]);
		const char *id = rs->rules[i].id;

		if (*id != '\0')
			strtab_intern(&c->ids, id, strlen(id));
	}
}

static void
init_test(void *rec, const struct ynode *item)
{
	struct ruletest *t = rec;

	t->name = "";
	t->line = item->line;
	t->col = item->col;
}

static void
parse_tests(struct yread *rd, const struct ynode *v, void *rec)
{
	struct ruleset *rs = rec;

	if (yread_list(rd, v, "'tests'") < 0)
		return;
	rs->tests = yfields_read_list(rd, &test_fields, "a test", v,
	    sizeof(*rs->tests), init_test);
	rs->ntests = v->n;
}

/* Ids go into every report, markdown and html included: no markup. */
static int
check_set_id(struct yread *rd, const struct ynode *v, const void *val)
{
	const char *s = *(const char *const *)val;

	/* An empty id ('') is let through, as it always has been. */
	return *s == '\0' ? 0 : catalogue_check_id(rd, v, s, "rule set id");
}

static int
check_commitment(struct yread *rd, const struct ynode *v, const void *val)
{
	long commitment = *(const long *)val;

	if (commitment >= 1 && commitment <= 8)
		return 0;
	yread_error(rd, v, "'commitment' must be from 1 to 8, not %ld", commitment);
	return -1;
}

static const struct yfield ruleset_rows[] = {
	{ "ruleset", YF_STRING, YF_REQUIRED, .off = offsetof(struct ruleset, id),
	    .check = check_set_id },
	{ "commitment", YF_INT, YF_REQUIRED | YF_LATE,
	    .off = offsetof(struct ruleset, commitment), .check = check_commitment },
	{ "title", YF_STRING, YF_REQUIRED, .off = offsetof(struct ruleset, title) },
	{ "source", YF_STRING, 0, .off = offsetof(struct ruleset, source) },
	{ "weight", YF_NUMBER, YF_LATE, .off = offsetof(struct ruleset, weight),
	    .check = ruleset_check_weight },
	{ "rules", YF_CUSTOM, YF_REQUIRED | YF_LATE, .parse = parse_rules },
	{ "tests", YF_CUSTOM, YF_LATE, .parse = parse_tests },
};
static const struct yfields ruleset_fields = YFIELDS(ruleset_rows);

int
ruleset_load(const struct loadctx *lc, struct ruleset *rs,
    const struct ydoc *doc, const char *sha256, struct diaglist *dl)
{
	struct ctx c;

	memset(rs, 0, sizeof(*rs));
	rs->file = arena_strdup(lc->arena, doc->file ? doc->file : "");
	if (sha256 != NULL)
		snprintf(rs->sha256, sizeof(rs->sha256), "%s", sha256);
	rs->weight = 1;
	rs->id = rs->title = "";
	if (doc->root == NULL) {
		diag_error(dl, rs->file, 1, 1, "rule set file is empty");
		return 1;
	}
	ctx_init(&c, lc, rs->file, dl);
	c.rs = rs;
	strtab_init(&c.ids, false);
	(void)yfields_read(&c.rd, &ruleset_fields, "a rule set file", doc->root, rs);
	/* Test expectations point at the ids; keep them in the book's arena. */
	for (size_t i = 0; i < rs->ntests; i++)
		for (size_t j = 0; j < rs->tests[i].nexpect; j++)
			rs->tests[i].expect[j].rule_id =
			    arena_strdup(lc->arena, rs->tests[i].expect[j].rule_id);
	strtab_release(&c.ids);
	return c.rd.errs;
}
