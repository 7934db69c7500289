/*
 * Unit tests for the YAML node tree: marks, scalar typing, rejected
 * constructs (anchors, aliases, tags, duplicate keys, deep nesting, huge
 * input), located syntax errors and the typed readers.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"
#include "yamldoc.h"

struct fix {
	struct ydoc doc;
	struct diaglist dl;
	int rc;
};

static void
parse(struct fix *f, const char *text)
{
	diag_init(&f->dl);
	f->rc = ydoc_parse(&f->doc, "t.yaml", text, strlen(text), &f->dl);
}

static void
done(struct fix *f)
{
	ydoc_release(&f->doc);
	diag_release(&f->dl);
}

/* Assert diagnostic i reads msg at line:col. */
static void
expect_diag(const struct diaglist *dl, size_t i, int line, int col, const char *msg)
{
	assert_true(i < dl->n);
	assert_string_equal(dl->items[i].msg, msg);
	assert_int_equal(dl->items[i].line, line);
	assert_int_equal(dl->items[i].col, col);
	assert_string_equal(dl->items[i].file, "t.yaml");
}

static void
test_tree_and_marks(void **state)
{
	struct fix f;
	const struct ynode *rules, *r0, *v;

	(void)state;
	parse(&f, "ruleset: HI-6\n"
	    "rules:\n"
	    "  - id: a\n"
	    "    weight: 2.5\n"
	    "  - {id: b, title: 'x'}\n");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.dl.n, 0);
	assert_non_null(f.doc.root);
	assert_int_equal(f.doc.root->kind, YN_MAP);
	assert_int_equal(f.doc.root->n, 2);
	assert_int_equal(f.doc.root->line, 1);
	assert_int_equal(f.doc.root->col, 1);
	rules = ynode_get(f.doc.root, "rules");
	assert_non_null(rules);
	assert_int_equal(rules->kind, YN_SEQ);
	assert_int_equal(rules->n, 2);
	r0 = rules->items[0];
	assert_int_equal(r0->kind, YN_MAP);
	assert_int_equal(r0->line, 3);
	assert_int_equal(r0->col, 5);
	v = ynode_get(r0, "weight");
	assert_int_equal(v->line, 4);
	assert_int_equal(v->col, 13);
	assert_string_equal(v->str, "2.5");
	assert_true(v->plain);
	assert_int_equal(rules->items[1]->line, 5);
	assert_int_equal(rules->items[1]->col, 5);
	v = ynode_get(rules->items[1], "title");
	assert_false(v->plain);
	assert_int_equal(v->style, '\'');
	assert_null(ynode_get(r0, "nope"));
	assert_null(ynode_get(NULL, "id"));
	assert_non_null(ynode_get_key(r0, "weight"));
	assert_int_equal(ynode_get_key(r0, "weight")->col, 5);
	done(&f);
}

static void
test_empty_document(void **state)
{
	struct fix f;

	(void)state;
	parse(&f, "");
	assert_int_equal(f.rc, 0);
	assert_null(f.doc.root);
	done(&f);
	parse(&f, "# only a comment\n");
	assert_int_equal(f.rc, 0);
	assert_null(f.doc.root);
	done(&f);
}

static void
test_scalar_types(void **state)
{
	struct fix f;
	const struct ynode *r;
	double d;
	bool b;

	(void)state;
	parse(&f, "a: 123\nb: \"123\"\nc: true\nd: no\ne: ~\nf:\ng: null\n"
	    "h: hello\ni: -1.5e2\nj: '~'\nk: !!str 12\nl: 1,234\n");
	assert_int_equal(f.rc, 0);
	r = f.doc.root;
	assert_int_equal(ynode_scalar_type(ynode_get(r, "a"), &d, NULL), YS_NUMBER);
	assert_true(d == 123);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "b"), &d, NULL), YS_STRING);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "c"), NULL, &b), YS_BOOL);
	assert_true(b);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "d"), NULL, &b), YS_BOOL);
	assert_false(b);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "e"), NULL, NULL), YS_NULL);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "f"), NULL, NULL), YS_NULL);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "g"), NULL, NULL), YS_NULL);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "h"), NULL, NULL), YS_STRING);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "i"), &d, NULL), YS_NUMBER);
	assert_true(d == -150);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "j"), NULL, NULL), YS_STRING);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "k"), NULL, NULL), YS_STRING);
	assert_int_equal(ynode_scalar_type(ynode_get(r, "l"), NULL, NULL), YS_STRING);
	assert_true(ynode_is_null(ynode_get(r, "f")));
	assert_false(ynode_is_null(ynode_get(r, "j")));
	done(&f);
}

static void
test_anchor_rejected(void **state)
{
	struct fix f;

	(void)state;
	parse(&f, "a: &x 1\nb: 2\n");
	assert_int_equal(f.rc, -1);
	assert_null(f.doc.root);
	assert_int_equal(f.dl.nerrors, 1);
	expect_diag(&f.dl, 0, 1, 4, "anchors and aliases are not allowed in rule files");
	done(&f);
}

static void
test_alias_rejected(void **state)
{
	struct fix f;

	(void)state;
	parse(&f, "a: 1\nb: *x\n");
	assert_int_equal(f.rc, -1);
	expect_diag(&f.dl, 0, 2, 4, "anchors and aliases are not allowed in rule files");
	done(&f);
	/* A billion laughs is stopped at its first anchor. */
	parse(&f, "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n");
	assert_int_equal(f.rc, -1);
	assert_true(f.dl.nerrors >= 1);
	expect_diag(&f.dl, 0, 1, 4, "anchors and aliases are not allowed in rule files");
	done(&f);
}

static void
test_tag_rejected(void **state)
{
	struct fix f;

	(void)state;
	parse(&f, "a: !!python/object:os.system x\n");
	assert_int_equal(f.rc, -1);
	expect_diag(&f.dl, 0, 1, 4,
	    "tag 'tag:yaml.org,2002:python/object:os.system' is not allowed in rule files");
	done(&f);
}

static void
test_duplicate_keys(void **state)
{
	struct fix f;

	(void)state;
	parse(&f, "id: a\ntitle: t\nid: b\nx: {k: 1, k: 2}\n");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.dl.nerrors, 2);
	expect_diag(&f.dl, 0, 4, 11, "duplicate key 'k' (first at line 4)");
	expect_diag(&f.dl, 1, 3, 1, "duplicate key 'id' (first at line 1)");
	done(&f);
}

/*
 * 20,000 repeated keys in one mapping: reported in document order, each
 * with the line of its key's first occurrence, and capped per file with
 * every one counted. Two keys alternate so that the order shows.
 */
static void
test_many_duplicate_keys(void **state)
{
	enum { NDUP = 20000 };
	struct strbuf sb;
	struct fix f;
	char msg[64];

	(void)state;
	strbuf_init(&sb);
	strbuf_adds(&sb, "a: 1\nb: 2\nc: {x: 1, y: 2, x: 3}\n");
	for (int i = 0; i < NDUP; i++)
		strbuf_adds(&sb, i % 2 == 0 ? "b: x\n" : "a: x\n");
	diag_init(&f.dl);
	f.rc = ydoc_parse(&f.doc, "t.yaml", sb.buf, sb.len, &f.dl);
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.dl.nerrors, NDUP + 1);
	assert_int_equal(f.dl.n, DIAG_MAX_PER_FILE);
	assert_int_equal(f.dl.dropped, NDUP + 1 - DIAG_MAX_PER_FILE);
	/* The inner mapping closes first. */
	expect_diag(&f.dl, 0, 3, 17, "duplicate key 'x' (first at line 3)");
	for (size_t i = 1; i < f.dl.n; i++) {
		snprintf(msg, sizeof(msg), "duplicate key '%s' (first at line %d)",
		    i % 2 == 1 ? "b" : "a", i % 2 == 1 ? 2 : 1);
		expect_diag(&f.dl, i, (int)i + 3, 1, msg);
	}
	done(&f);
	strbuf_release(&sb);
}

static void
test_syntax_error_located(void **state)
{
	struct fix f;

	(void)state;
	parse(&f, "a: 1\nb: [1, 2\n");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.dl.nerrors, 1);
	assert_int_equal(f.dl.items[0].line, 3);
	assert_int_equal(f.dl.items[0].col, 1);
	assert_string_equal(f.dl.items[0].msg,
	    "invalid YAML: did not find expected ',' or ']' while parsing a flow "
	    "sequence at line 2, column 4");
	done(&f);
	parse(&f, "a: 1\n  b: 2\n");
	assert_int_equal(f.rc, -1);
	expect_diag(&f.dl, 0, 2, 4,
	    "invalid YAML: mapping values are not allowed in this context");
	done(&f);
	parse(&f, "a: \"x\x01y\"\n");
	assert_int_equal(f.rc, -1);
	expect_diag(&f.dl, 0, 1, 6, "invalid YAML: control characters are not allowed");
	done(&f);
}

static void
test_depth_limit(void **state)
{
	struct fix f;
	char buf[2 * (YAMLDOC_MAX_DEPTH + 2) + 2];
	size_t n = 0;

	(void)state;
	for (int i = 0; i < YAMLDOC_MAX_DEPTH; i++)
		buf[n++] = '[';
	for (int i = 0; i < YAMLDOC_MAX_DEPTH; i++)
		buf[n++] = ']';
	buf[n] = '\0';
	parse(&f, buf);
	assert_int_equal(f.rc, 0);
	done(&f);

	n = 0;
	for (int i = 0; i < YAMLDOC_MAX_DEPTH + 1; i++)
		buf[n++] = '[';
	for (int i = 0; i < YAMLDOC_MAX_DEPTH + 1; i++)
		buf[n++] = ']';
	buf[n] = '\0';
	parse(&f, buf);
	assert_int_equal(f.rc, -1);
	expect_diag(&f.dl, 0, 1, YAMLDOC_MAX_DEPTH + 1, "nesting is deeper than 64 levels");
	done(&f);
}

static void
test_size_limit(void **state)
{
	struct fix f;
	size_t len = (size_t)YAMLDOC_MAX_BYTES + 1;
	char *big = xmalloc(len);

	(void)state;
	memset(big, ' ', len);
	diag_init(&f.dl);
	f.rc = ydoc_parse(&f.doc, "t.yaml", big, len, &f.dl);
	assert_int_equal(f.rc, -1);
	expect_diag(&f.dl, 0, 0, 0, "file is too large (more than 16777216 bytes)");
	done(&f);
	free(big);
}

/* A second document (files pasted together) is an error, not dropped. */
static void
test_second_document_rejected(void **state)
{
	struct fix f;

	(void)state;
	parse(&f, "a: 1\n---\nb: 2\n");
	assert_int_equal(f.rc, -1);
	expect_diag(&f.dl, 0, 2, 1,
	    "a second YAML document starts here; a file holds one document");
	done(&f);
}

/* One document with explicit markers is fine. */
static void
test_one_document_with_markers(void **state)
{
	struct fix f;

	(void)state;
	parse(&f, "---\na: 1\n...\n");
	assert_int_equal(f.rc, 0);
	assert_non_null(ynode_get(f.doc.root, "a"));
	done(&f);
}

static void
test_typed_readers(void **state)
{
	struct fix f;
	struct arena a;
	const struct ynode *r;
	const char *s;
	const char **list;
	size_t n;
	double d;
	long l;
	bool b;

	(void)state;
	arena_init(&a);
	parse(&f, "s: hello\nq: \"3\"\nn: 2.5\ni: 7\nb: yes\nl: [x, y]\none: z\n"
	    "m: {k: v}\nbadl: [x, [y]]\nnul:\n");
	assert_int_equal(f.rc, 0);
	r = f.doc.root;
	assert_int_equal(ynode_string(ynode_get(r, "s"), "'s'", "t.yaml", &f.dl, &s), 0);
	assert_string_equal(s, "hello");
	assert_int_equal(ynode_number(ynode_get(r, "n"), "'n'", "t.yaml", &f.dl, &d), 0);
	assert_true(d == 2.5);
	assert_int_equal(ynode_int(ynode_get(r, "i"), "'i'", "t.yaml", &f.dl, &l), 0);
	assert_int_equal(l, 7);
	assert_int_equal(ynode_bool(ynode_get(r, "b"), "'b'", "t.yaml", &f.dl, &b), 0);
	assert_true(b);
	assert_int_equal(ynode_strlist(ynode_get(r, "l"), "'l'", "t.yaml", &f.dl, &a,
	    &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[1], "y");
	assert_int_equal(ynode_strlist(ynode_get(r, "one"), "'one'", "t.yaml", &f.dl,
	    &a, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0], "z");
	assert_int_equal(f.dl.n, 0);

	/* Misfits are located errors naming the key. */
	assert_int_equal(ynode_number(ynode_get(r, "q"), "'q'", "t.yaml", &f.dl, &d), -1);
	expect_diag(&f.dl, 0, 2, 4, "'q' must be a number");
	assert_int_equal(ynode_int(ynode_get(r, "n"), "'n'", "t.yaml", &f.dl, &l), -1);
	expect_diag(&f.dl, 1, 3, 4, "'n' must be an integer");
	assert_int_equal(ynode_bool(ynode_get(r, "s"), "'s'", "t.yaml", &f.dl, &b), -1);
	expect_diag(&f.dl, 2, 1, 4, "'s' must be true or false");
	assert_int_equal(ynode_string(ynode_get(r, "m"), "'m'", "t.yaml", &f.dl, &s), -1);
	expect_diag(&f.dl, 3, 8, 4, "'m' must be a string, not a mapping");
	assert_int_equal(ynode_string(ynode_get(r, "nul"), "'nul'", "t.yaml", &f.dl, &s), -1);
	expect_diag(&f.dl, 4, 10, 5, "'nul' must be a string, not empty");
	assert_int_equal(ynode_strlist(ynode_get(r, "badl"), "'badl'", "t.yaml", &f.dl,
	    &a, &list, &n), -1);
	expect_diag(&f.dl, 5, 9, 11, "'badl' must be a list of strings");
	done(&f);
	arena_release(&a);
}

static void
test_check_keys(void **state)
{
	static const char *const allowed[] = { "id", "title", "severity", NULL };
	static const char *const required[] = { "id", "severity", NULL };
	struct fix f;
	const struct ynode *r;

	(void)state;
	parse(&f, "rule:\n  id: x\n  severty: high\n  colour: red\nlist: [1]\n");
	assert_int_equal(f.rc, 0);
	r = ynode_get(f.doc.root, "rule");
	assert_int_equal(ynode_check_keys(r, "a rule", allowed, required, "t.yaml",
	    &f.dl), 3);
	expect_diag(&f.dl, 0, 3, 3, "unknown key 'severty'; did you mean 'severity'?");
	expect_diag(&f.dl, 1, 4, 3, "unknown key 'colour'");
	expect_diag(&f.dl, 2, 2, 3, "missing required key 'severity'");
	assert_int_equal(ynode_check_keys(ynode_get(f.doc.root, "list"), "a rule",
	    allowed, required, "t.yaml", &f.dl), 1);
	expect_diag(&f.dl, 3, 5, 7, "a rule must be a mapping, not a list");
	done(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_and_marks),
		cmocka_unit_test(test_empty_document),
		cmocka_unit_test(test_scalar_types),
		cmocka_unit_test(test_anchor_rejected),
		cmocka_unit_test(test_alias_rejected),
		cmocka_unit_test(test_tag_rejected),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_many_duplicate_keys),
		cmocka_unit_test(test_syntax_error_located),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_second_document_rejected),
		cmocka_unit_test(test_one_document_with_markers),
		cmocka_unit_test(test_typed_readers),
		cmocka_unit_test(test_check_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
