/*
 * Unit tests of the table of check kinds: one test per kind through the
 * table (parsed from a YAML snippet, judged on both sides of its
 * threshold, worded, written to json and read back into the same check),
 * and the table itself (a row for every kind, keys that cannot be
 * confused). How a rule file names its check, and the messages worded
 * from the table's keys, are test_ruleset's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "check.h"
#include "eval.h"
#include "jread.h"
#include "pattern.h"
#include "yamlfields.h"

static const char catalogue_yaml[] =
    "indicators:\n"
    "  - {id: score, title: S, unit: score, type: number, range: [1, 5]}\n"
    "  - {id: status, title: W, unit: text, type: text}\n"
    "  - {id: flag, title: F, unit: yes/no, type: boolean}\n"
    "  - {id: rail, title: R, unit: tkm, type: count, break_factor: 50}\n"
    "  - {id: total, title: T, unit: tkm, type: count}\n";

struct fixture {
	struct arena arena;
	struct catalogue cat;
	struct diaglist dl;
	struct yread rd;
	struct check_parse cp;
	struct pattern *patterns[8];
	size_t npatterns;
	struct ydoc docs[8];
	size_t ndocs;
};

static void
own_pattern(void *owner, struct pattern *p)
{
	struct fixture *f = owner;

	assert_true(f->npatterns < 8);
	f->patterns[f->npatterns++] = p;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ydoc doc;

	arena_init(&f->arena);
	catalogue_init(&f->cat);
	diag_init(&f->dl);
	if (ydoc_parse(&doc, "cat.yaml", catalogue_yaml, strlen(catalogue_yaml), &f->dl) < 0 ||
	    catalogue_load(&f->cat, &f->arena, &doc, &f->dl) != 0)
		return -1;
	ydoc_release(&doc);
	f->rd = (struct yread){ .file = "r.yaml", .dl = &f->dl, .arena = &f->arena };
	f->cp = (struct check_parse){ &f->rd, &f->cat, own_pattern, f };
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < f->npatterns; i++)
		pattern_free(f->patterns[i]);
	for (size_t i = 0; i < f->ndocs; i++)
		ydoc_release(&f->docs[i]);
	catalogue_release(&f->cat);
	diag_release(&f->dl);
	arena_release(&f->arena);
	free(f);
	return 0;
}

/* The root node of yaml, kept until teardown. */
static const struct ynode *
node(struct fixture *f, const char *yaml)
{
	struct ydoc *doc;

	assert_true(f->ndocs < 8);
	doc = &f->docs[f->ndocs++];
	assert_int_equal(ydoc_parse(doc, "r.yaml", yaml, strlen(yaml), &f->dl), 0);
	return doc->root;
}

static const struct indicator *
ind(struct fixture *f, const char *id)
{
	int k = catalogue_find(&f->cat, id, strlen(id));

	assert_true(k >= 0);
	return &f->cat.items[k];
}

/*
 * Parse a check of the kind for indicator id (NULL: none), from the value
 * of its rule's key; no error.
 */
static void
parse(struct fixture *f, enum check_kind kind, const char *yaml, const char *id,
    struct check *out)
{
	const struct ynode *n = node(f, yaml);

	memset(out, 0, sizeof(*out));
	out->line = n->line;
	out->col = n->col;
	check_parse(&f->cp, kind, n, n, id ? ind(f, id) : NULL, out);
	if (f->rd.errs != 0)
		diag_print(&f->dl, stderr, "test_check", false);
	assert_int_equal(f->rd.errs, 0);
	assert_non_null(out->text);
}

static enum status
judge_num(const struct check *c, double x, double *score)
{
	struct value v = { .kind = V_NUM, .num = x };
	const char *why = NULL;
	enum status st = check_judge(c, &v, score, &why);

	assert_null(why);
	return st;
}

static enum status
judge_text(const struct check *c, const char *s, const char **why)
{
	struct value v = { .kind = V_TEXT, .text = s };
	double score;
	enum status st = check_judge(c, &v, &score, why);

	assert_true(score == (st == ST_PASS ? 1 : 0));
	return st;
}

static void
assert_same_value(const struct value *a, const struct value *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_true(a->num == b->num);
	assert_int_equal(a->b, b->b);
	if (a->kind == V_TEXT)
		assert_string_equal(a->text, b->text);
}

static void
assert_same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/*
 * c as json (compact, keys sorted, reals as the report writes them) must be
 * want; read back it must be the
 * same check, but for what a report does not keep (the compiled pattern or
 * expression, and where it was written).
 */
static void
round_trip(struct fixture *f, const struct check *c, const char *want)
{
	json_t *j = check_json(c), *k;
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
	struct jread r;
	struct check back;

	assert_string_equal(text, want);
	free(text);
	jread_init(&r, "report.json", &f->dl, &f->arena);
	check_from_json(&r, j, c->text, &back);
	assert_int_equal(r.errors, 0);
	jread_release(&r);
	assert_int_equal(back.kind, c->kind);
	assert_int_equal(back.op, c->op);
	assert_same_value(&back.value, &c->value);
	assert_int_equal(back.has_partial, c->has_partial);
	assert_true(back.partial_from == c->partial_from);
	assert_true(back.lo == c->lo && back.hi == c->hi);
	assert_int_equal(back.nset, c->nset);
	for (size_t i = 0; i < c->nset; i++)
		assert_same_value(&back.set[i], &c->set[i]);
	assert_same_str(back.pattern_src, c->pattern_src);
	assert_null(back.pattern);
	assert_int_equal(back.direction, c->direction);
	assert_true(back.min_change_pct == c->min_change_pct);
	assert_int_equal(back.years, c->years);
	assert_true(back.break_factor == c->break_factor);
	assert_same_str(back.expr_src, c->expr_src);
	assert_null(back.expr);
	assert_string_equal(back.text, c->text);
	k = check_json(&back);
	assert_true(json_equal(j, k));
	json_decref(k);
	json_decref(j);
}

static void
assert_words(const struct check *c, const char *want)
{
	struct strbuf sb;

	strbuf_init(&sb);
	check_format(&sb, c);
	assert_string_equal(sb.buf, want);
	assert_string_equal(c->text, want);
	strbuf_release(&sb);
}

/* ---- one test per kind ---- */

static void
test_compare(void **state)
{
	struct fixture *f = *state;
	struct check c, t;
	double score, gap = 0, pct = 0;
	bool has_pct = false;
	const char *why = NULL;

	parse(f, CHECK_COMPARE, "{op: '>=', value: 3, partial_from: 2}", "score", &c);
	assert_int_equal(c.kind, CHECK_COMPARE);
	assert_int_equal(check_row_of(&c)->input, CHECK_ON_VALUE);
	assert_int_equal(judge_num(&c, 3, &score), ST_PASS);
	assert_true(score == 1);
	assert_int_equal(judge_num(&c, 2.5, &score), ST_PARTIAL);
	assert_float_equal(score, 0.5, 1e-12);
	assert_int_equal(judge_num(&c, 2, &score), ST_FAIL);
	assert_true(score == 0);
	assert_true(check_gap(&c, 2.5, &gap, &pct, &has_pct));
	assert_float_equal(gap, -0.5, 1e-12);
	assert_true(has_pct);
	assert_float_equal(pct, -100.0 / 6, 1e-9);
	assert_true(check_shows_gap(&c));
	assert_words(&c, ">= 3 (partial from 2)");
	round_trip(f, &c, "{\"op\":\">=\",\"partial_from\":2.0,\"value\":3.0}");
	{
		/* The gap in words says which side of the target the value is. */
		const char *words = NULL;
		double ref = 0;

		assert_true(check_gap_words(&c, 2.5, &words, &ref));
		assert_string_equal(words, "below the target of");
		assert_float_equal(ref, 3, 0);
		assert_true(check_gap_words(&c, 3.5, &words, &ref));
		assert_string_equal(words, "above the target of");
		assert_false(check_gap_words(&c, 3, &words, &ref));
		t = c;
		t.op = OP_LE;
		assert_true(check_gap_words(&t, 4, &words, &ref));
		assert_string_equal(words, "over the limit of");
		assert_true(check_gap_words(&t, 2, &words, &ref));
		assert_string_equal(words, "under the limit of");
	}

	/* A text compared for equality: no gap, the value quoted in words. */
	parse(f, CHECK_COMPARE, "{op: '!=', value: observer}", "status", &t);
	assert_int_equal(judge_text(&t, "member", &why), ST_PASS);
	assert_int_equal(judge_text(&t, "observer", &why), ST_FAIL);
	assert_false(check_gap(&t, 1, &gap, &pct, &has_pct));
	assert_words(&t, "!= 'observer'");
	round_trip(f, &t, "{\"op\":\"!=\",\"value\":\"observer\"}");

	/* The edges of partial credit. */
	t = c;
	t.op = OP_GT;
	t.partial_from = 1;
	assert_int_equal(judge_num(&t, 3, &score), ST_PARTIAL); /* "> 3" at 3 */
	assert_true(score < 1 && score > 0.99);
	assert_int_equal(judge_num(&t, 1, &score), ST_FAIL);    /* at partial_from */
	assert_true(score == 0);
	t.op = OP_LT;
	t.partial_from = 5;
	assert_int_equal(judge_num(&t, 4.5, &score), ST_PARTIAL); /* (5-4.5)/(5-3) */
	assert_float_equal(score, 0.25, 1e-12);
}

static void
test_between(void **state)
{
	struct fixture *f = *state;
	struct check c;
	double score, gap = 0, pct = 0;
	bool has_pct = false;

	parse(f, CHECK_BETWEEN, "{between: [20, 80]}", "score", &c);
	assert_int_equal(c.kind, CHECK_BETWEEN);
	assert_int_equal(judge_num(&c, 80, &score), ST_PASS);
	assert_true(score == 1);
	assert_int_equal(judge_num(&c, 80.0001, &score), ST_FAIL);
	assert_int_equal(judge_num(&c, 19.9999, &score), ST_FAIL);
	assert_true(score == 0);
	assert_true(check_gap(&c, 90, &gap, &pct, &has_pct));      /* from the bound passed */
	assert_float_equal(gap, 10, 1e-12);
	assert_float_equal(pct, 12.5, 1e-12);
	assert_true(check_gap(&c, 50, &gap, &pct, &has_pct));      /* inside: none */
	assert_true(gap == 0 && pct == 0 && has_pct);
	assert_words(&c, "between 20 and 80");
	round_trip(f, &c, "{\"between\":[20.0,80.0]}");
}

static void
test_in(void **state)
{
	struct fixture *f = *state;
	struct check c;
	struct value v = { .kind = V_NUM, .num = 1 };
	double score = 1, gap, pct;
	bool has_pct;
	const char *why = NULL;

	parse(f, CHECK_IN, "{in: [member, observer]}", "status", &c);
	assert_int_equal(c.kind, CHECK_IN);
	assert_int_equal(judge_text(&c, "observer", &why), ST_PASS);
	assert_int_equal(judge_text(&c, "Observer", &why), ST_FAIL);
	assert_int_equal(check_judge(&c, &v, &score, &why), ST_FAIL);
	assert_true(score == 0);
	assert_false(check_gap(&c, 1, &gap, &pct, &has_pct));
	assert_words(&c, "one of 'member', 'observer'");
	round_trip(f, &c, "{\"in\":[\"member\",\"observer\"]}");
}

static void
test_match(void **state)
{
	struct fixture *f = *state;
	struct check c;
	struct value v = { .kind = V_NUM, .num = 2030 };
	double score = 1;
	const char *why = NULL;

	parse(f, CHECK_MATCH, "{match: '^Plan [0-9]{4}$'}", "status", &c);
	assert_int_equal(c.kind, CHECK_MATCH);
	assert_non_null(c.pattern);
	assert_int_equal(judge_text(&c, "Plan 2030", &why), ST_PASS);
	assert_int_equal(judge_text(&c, "Plan 30", &why), ST_FAIL);
	assert_null(why);
	assert_int_equal(check_judge(&c, &v, &score, &why), ST_FAIL);  /* not a text */
	assert_true(score == 0);
	assert_words(&c, "matches /^Plan [0-9]{4}$/");
	round_trip(f, &c, "{\"match\":\"^Plan [0-9]{4}$\"}");
}

static void
test_present(void **state)
{
	struct fixture *f = *state;
	struct check c;
	struct value v = { .kind = V_BOOL, .b = false };
	double score;
	const char *why = NULL;

	parse(f, CHECK_PRESENT, "{present: true}", "flag", &c);
	assert_int_equal(c.kind, CHECK_PRESENT);
	assert_int_equal(check_judge(&c, &v, &score, &why), ST_PASS);  /* "no" is a value */
	assert_true(score == 1);
	v.kind = V_NONE;
	assert_int_equal(check_judge(&c, &v, &score, &why), ST_FAIL);
	assert_true(score == 0);
	assert_words(&c, "reported");
	round_trip(f, &c, "{\"present\":true}");
}

/*
 * Trends and expressions are judged by the evaluator, which alone sees
 * other years and other indicators: a one-set book, and entities on both
 * sides of each check.
 */
static const char judged_set[] =
    "ruleset: J\ncommitment: 1\ntitle: j\nrules:\n"
    "  - {id: J-1, title: t, severity: low, indicator: rail,\n"
    "     trend: {direction: up, min_change_pct: 10, years: 1}}\n"
    "  - {id: J-2, title: e, severity: low, expr: 'rail / total >= 0.15'}\n";

/* The statuses of J-1 and J-2 for rail in 2020 and 2021 and total in 2021. */
static void
judged(double rail2020, double rail2021, double total, enum status *trend,
    enum status *expr)
{
	struct rule_source cat = { "cat.yaml", catalogue_yaml, strlen(catalogue_yaml) };
	struct rule_source set = { "j.yaml", judged_set, strlen(judged_set) };
	const double vals[3][2] = { { 2020, rail2020 }, { 2021, rail2021 }, { 2021, total } };
	struct eval_opts eo = { .fail_on = SEV_NONE };
	struct rulebook rb;
	struct obsstore st;
	struct diaglist dl;
	struct input_info info;
	struct evaluator ev;
	struct entity_result er;
	int file, e;

	rulebook_init(&rb);
	diag_init(&dl);
	assert_int_equal(rulebook_load_sources(&rb, &cat, &set, 1, NULL, &dl), 0);
	obs_init(&st);
	file = obs_add_file(&st, "in.csv");
	e = obs_entity(&st, "AAA", 3, file, 1);
	for (int i = 0; i < 3; i++) {
		struct obs o = {0};

		o.ind = (uint16_t)catalogue_find(&rb.cat, i < 2 ? "rail" : "total", i < 2 ? 4 : 5);
		o.year = (int16_t)vals[i][0];
		o.kind = V_NUM;
		o.num = vals[i][1];
		o.file = (uint16_t)file;
		o.line = (uint32_t)i + 2;
		obs_add(&st, e, &o);
	}
	memset(&info, 0, sizeof(info));
	assert_int_equal(obs_finish(&st, &info, 1, &dl, 1), 0);
	eval_init(&ev, &rb, &st, &eo);
	entity_result_init(&er, &rb);
	eval_entity(&ev, (size_t)e, &er);
	*trend = er.rules[rulebook_find_rule(&rb, "J-1")->index].status;
	*expr = er.rules[rulebook_find_rule(&rb, "J-2")->index].status;
	entity_result_release(&er);
	eval_release(&ev);
	obs_release(&st);
	rulebook_release(&rb);
	diag_release(&dl);
}

static void
test_trend(void **state)
{
	struct fixture *f = *state;
	struct check c;
	enum status trend, expr;
	double gap, pct;
	bool has_pct;

	parse(f, CHECK_TREND, "{direction: up, min_change_pct: 10, years: 2}", "rail", &c);
	assert_int_equal(c.kind, CHECK_TREND);
	assert_int_equal(check_row_of(&c)->input, CHECK_ON_HISTORY);
	assert_true(c.break_factor == 50);              /* the indicator's */
	judged(100, 110, 1000, &trend, &expr);          /* +10% */
	assert_int_equal(trend, ST_PASS);
	judged(100, 109.9, 1000, &trend, &expr);
	assert_int_equal(trend, ST_FAIL);
	/* Its gap is the change, which its reason words: reports show none. */
	assert_false(check_shows_gap(&c));
	assert_false(check_gap(&c, 1, &gap, &pct, &has_pct));
	assert_words(&c, "up by at least 10% over 2 years");
	round_trip(f, &c, "{\"trend\":{\"break_factor\":50.0,\"direction\":\"up\","
	    "\"min_change_pct\":10.0,\"years\":2}}");
	parse(f, CHECK_TREND, "{direction: down, min_change_pct: 1.9, years: 1}", NULL, &c);
	assert_words(&c, "down by at least 1.9% over 1 year");
	round_trip(f, &c, "{\"trend\":{\"break_factor\":null,\"direction\":\"down\","
	    "\"min_change_pct\":1.9,\"years\":1}}");
}

static void
test_expr(void **state)
{
	struct fixture *f = *state;
	struct check c;
	enum status trend, expr;
	int inds[4];
	bool prev[4];

	parse(f, CHECK_EXPR, "'rail / prev(total) >= 0.15'", NULL, &c);
	assert_int_equal(c.kind, CHECK_EXPR);
	assert_int_equal(check_row_of(&c)->input, CHECK_ON_OPERANDS);
	assert_non_null(check_row_of(&c)->no_indicator);
	assert_int_equal(check_operands(&c, inds, prev, 4), 2);
	assert_int_equal(inds[0], catalogue_find(&f->cat, "rail", 4));
	assert_false(prev[0]);
	assert_int_equal(inds[1], catalogue_find(&f->cat, "total", 5));
	assert_true(prev[1]);
	judged(100, 150, 1000, &trend, &expr);          /* 0.15 */
	assert_int_equal(expr, ST_PASS);
	judged(100, 149, 1000, &trend, &expr);
	assert_int_equal(expr, ST_FAIL);
	assert_words(&c, "rail / prev(total) >= 0.15");
	round_trip(f, &c, "{\"expr\":\"rail / prev(total) >= 0.15\"}");
}

/* ---- the table ---- */

static void
test_table(void **state)
{
	static const struct yfield fields[] = { CHECK_RULE_FIELDS };
	size_t nkeys = 0;

	(void)state;
	assert_int_equal(sizeof(check_table) / sizeof(check_table[0]), CHECK__COUNT);
	for (size_t i = 0; i < CHECK__COUNT; i++) {
		const struct check_row *k = &check_table[i];
		const char *jkey = k->form != NULL ? k->form : k->key;
		bool first = true;

		/* Every kind has a row, with what every caller calls. */
		assert_non_null(k->key);
		assert_non_null(k->noun);
		assert_non_null(k->parse);
		assert_non_null(k->words);
		assert_non_null(k->json);
		/* The kind's own judge exactly when nobody else judges it. */
		assert_int_equal(k->judge != NULL, k->input == CHECK_ON_VALUE);
		assert_true(k->gap == NULL || k->input == CHECK_ON_VALUE);
		for (size_t j = 0; j < CHECK__COUNT; j++) {
			const struct check_row *o = &check_table[j];

			if (j == i)
				continue;
			/* No two rows read or write as the same check. */
			assert_string_not_equal(jkey, o->form != NULL ? o->form : o->key);
			assert_string_not_equal(k->noun, o->noun);
			if (strcmp(k->key, o->key) != 0)
				continue;
			/* The kinds of one key agree on what the key is. */
			assert_int_equal(k->form != NULL, o->form != NULL);
			assert_int_equal(k->no_indicator != NULL, o->no_indicator != NULL);
			first = first && j > i;
		}
		/* The rule's table lists each check key once, in the table's order. */
		if (first) {
			assert_true(nkeys < sizeof(fields) / sizeof(fields[0]));
			assert_string_equal(fields[nkeys].key, k->key);
			assert_int_equal(fields[nkeys].kind, YF_DEFERRED);
			nkeys++;
		}
	}
	assert_int_equal(nkeys, sizeof(fields) / sizeof(fields[0]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_compare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_between, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_present, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expr, setup, teardown),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
