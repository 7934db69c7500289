/*
 * Unit tests for the YAML node tree: marks, scalar typing, rejected
 * constructs (anchors, aliases, tags, duplicate keys, deep nesting, huge
 * input), located syntax errors and the typed readers; and for the
 * descriptor-table reader built on them: every kind of field stored where
 * its row says, unknown, missing and mistyped keys with their exact
 * messages and places, checks, custom parsers, and the order of problems.
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
#include "yamlfields.h"

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

/*
 * Columns inside a scalar follow its source: characters, not bytes; the
 * opening quote; a doubled quote or an escape is two columns. A scalar that
 * spans lines is located at its start.
 */
static void
test_offset_col(void **state)
{
	struct fix f;
	const struct ynode *r;

	(void)state;
	parse(&f, "p: ab(c\n"
	    "s: 'it''s('\n"
	    "d: \"a\\\"b(\"\n"
	    "u: \u00e9\u00e9(\n"
	    "m: \"one\n  two(\"\n");
	assert_int_equal(f.rc, 0);
	r = f.doc.root;
	assert_int_equal(ynode_offset_col(ynode_get(r, "p"), 2), 6);
	assert_int_equal(ynode_offset_col(ynode_get(r, "p"), 99), 8);
	/* After the quote, and '' is two columns. */
	assert_int_equal(ynode_offset_col(ynode_get(r, "s"), 4), 10);
	/* An escaped quote is two columns too. */
	assert_int_equal(ynode_offset_col(ynode_get(r, "d"), 3), 9);
	/* Two-byte characters count once. */
	assert_int_equal(ynode_offset_col(ynode_get(r, "u"), 4), 6);
	assert_int_equal(ynode_offset_col(ynode_get(r, "m"), 5), 4);
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

struct inner {
	bool on;
	const char *label;
};

/* A record with a field of every kind. */
struct rec {
	const char *s;
	double num;
	int i;
	bool b;
	const char **list;
	size_t nlist;
	struct inner in;
	/* what the custom parser saw */
	int custom_calls;
	const char *custom_text;
	void *custom_user;
};

/* ---- the descriptor-table reader (yamlfields) ---- */

/* A record with a field of every kind, and its reading. */
struct tfix {
	struct fix f;
	struct arena arena;
	struct yread rd;
	struct rec r;
	int user;                       /* rd.user points here */
};

static void
tsetup(struct tfix *t, const char *text)
{
	memset(t, 0, sizeof(*t));
	parse(&t->f, text);
	assert_int_equal(t->f.rc, 0);
	arena_init(&t->arena);
	t->rd.file = "t.yaml";
	t->rd.dl = &t->f.dl;
	t->rd.arena = &t->arena;
	t->rd.user = &t->user;
	t->r.s = "default";
	t->r.num = -1;
	t->r.i = -1;
}

static void
tdone(struct tfix *t)
{
	arena_release(&t->arena);
	done(&t->f);
}

/* Read the document's root into the record with table tab. */
static int
read_root(struct tfix *t, const struct yfields *tab)
{
	return yfields_read(&t->rd, tab, "a thing", t->f.doc.root, &t->r);
}

static void
parse_custom(struct yread *rd, const struct ynode *v, void *rec)
{
	struct rec *r = rec;

	r->custom_calls++;
	r->custom_text = v->kind == YN_SCALAR ? v->str : NULL;
	r->custom_user = rd->user;
	if (v->kind != YN_SCALAR)
		yread_error(rd, v, "'c' wants a scalar");
}

static const struct yfield inner_rows[] = {
	{ "on", YF_BOOL, YF_REQUIRED, .off = offsetof(struct inner, on) },
	{ "label", YF_STRING, 0, .off = offsetof(struct inner, label) },
};
static const struct yfields inner_fields = YFIELDS(inner_rows);

static const struct yfield rec_rows[] = {
	{ "s", YF_STRING, YF_REQUIRED, .off = offsetof(struct rec, s) },
	{ "num", YF_NUMBER, 0, .off = offsetof(struct rec, num) },
	{ "i", YF_INT, 0, .off = offsetof(struct rec, i) },
	{ "b", YF_BOOL, 0, .off = offsetof(struct rec, b) },
	{ "list", YF_STRLIST, 0, .off = offsetof(struct rec, list),
	    .count_off = offsetof(struct rec, nlist) },
	{ "in", YF_MAPPING, 0, .off = offsetof(struct rec, in),
	    .sub = &inner_fields },
	{ "c", YF_CUSTOM, 0, .parse = parse_custom },
	{ "later", YF_DEFERRED, .flags = 0 },
	{ "severity", YF_STRING, YF_REQUIRED, .off = offsetof(struct rec, s) },
};
static const struct yfields rec_fields = YFIELDS(rec_rows);

static void
test_every_kind(void **state)
{
	static const char text[] =
	    "s: hello\n"
	    "num: 2.5\n"
	    "i: -7\n"
	    "b: yes\n"
	    "list: [a, b]\n"
	    "in: {on: true, label: inside}\n"
	    "c: raw\n"
	    "later: [anything, {at: all}]\n"
	    "severity: high\n";
	struct tfix t;

	(void)state;
	tsetup(&t, text);
	assert_int_equal(read_root(&t, &rec_fields), 0);
	assert_int_equal(t.f.dl.n, 0);
	assert_int_equal(t.rd.errs, 0);
	/* Read in table order: 'severity' comes last and wins. */
	assert_string_equal(t.r.s, "high");
	/* Strings are copies in the reader's arena, not the document's. */
	assert_ptr_not_equal(t.r.s, ynode_get(t.f.doc.root, "severity")->str);
	assert_true(t.r.num == 2.5);
	assert_int_equal(t.r.i, -7);
	assert_true(t.r.b);
	assert_int_equal(t.r.nlist, 2);
	assert_string_equal(t.r.list[0], "a");
	assert_string_equal(t.r.list[1], "b");
	assert_true(t.r.in.on);
	assert_string_equal(t.r.in.label, "inside");
	assert_int_equal(t.r.custom_calls, 1);
	assert_string_equal(t.r.custom_text, "raw");
	assert_ptr_equal(t.r.custom_user, &t.user);
	tdone(&t);

	/* Absent optional keys leave the record as it was. */
	tsetup(&t, "s: x\nseverity: y\n");
	assert_int_equal(read_root(&t, &rec_fields), 0);
	assert_int_equal(t.f.dl.n, 0);
	assert_true(t.r.num == -1);
	assert_int_equal(t.r.i, -1);
	assert_null(t.r.list);
	assert_int_equal(t.r.custom_calls, 0);
	tdone(&t);
}

static void
test_unknown_and_missing_keys(void **state)
{
	struct tfix t;

	(void)state;
	tsetup(&t, "sevrity: high\ncolour: red\nnum: 3\n");
	assert_int_equal(read_root(&t, &rec_fields), 0);
	expect_diag(&t.f.dl, 0, 1, 1, "unknown key 'sevrity'; did you mean 'severity'?");
	expect_diag(&t.f.dl, 1, 2, 1, "unknown key 'colour'");
	/* Missing keys in table order, at the mapping. */
	expect_diag(&t.f.dl, 2, 1, 1, "missing required key 's'");
	expect_diag(&t.f.dl, 3, 1, 1, "missing required key 'severity'");
	assert_int_equal(t.f.dl.n, 4);
	assert_int_equal(t.rd.errs, 4);
	/* The known keys are read all the same: every problem of a file counts. */
	assert_true(t.r.num == 3);
	tdone(&t);

	/* A required key of a nested mapping, named by its key. */
	tsetup(&t, "s: x\nseverity: y\nin: {label: z, onn: 1}\n");
	assert_int_equal(read_root(&t, &rec_fields), 0);
	expect_diag(&t.f.dl, 0, 3, 16, "unknown key 'onn'; did you mean 'on'?");
	expect_diag(&t.f.dl, 1, 3, 5, "missing required key 'on'");
	assert_int_equal(t.rd.errs, 2);
	assert_string_equal(t.r.in.label, "z");
	tdone(&t);
}

static void
test_mistyped_values(void **state)
{
	static const char text[] =
	    "s: [1]\n"
	    "num: ten\n"
	    "i: 1.5\n"
	    "b: maybe\n"
	    "list: {a: 1}\n"
	    "in: flat\n"
	    "c: {x: 1}\n"
	    "severity: ~\n";
	struct tfix t;

	(void)state;
	tsetup(&t, text);
	assert_int_equal(read_root(&t, &rec_fields), 0);
	expect_diag(&t.f.dl, 0, 1, 4, "'s' must be a string, not a list");
	expect_diag(&t.f.dl, 1, 2, 6, "'num' must be a number");
	expect_diag(&t.f.dl, 2, 3, 4, "'i' must be an integer");
	expect_diag(&t.f.dl, 3, 4, 4, "'b' must be true or false");
	expect_diag(&t.f.dl, 4, 5, 7, "'list' must be a list of strings");
	expect_diag(&t.f.dl, 5, 6, 5, "'in' must be a mapping, not a scalar");
	expect_diag(&t.f.dl, 6, 7, 4, "'c' wants a scalar");
	expect_diag(&t.f.dl, 7, 8, 11, "'severity' must be a string, not empty");
	assert_int_equal(t.f.dl.n, 8);
	assert_int_equal(t.rd.errs, 8);
	/* Nothing mistyped was stored. */
	assert_string_equal(t.r.s, "default");
	assert_true(t.r.num == -1);
	assert_int_equal(t.r.i, -1);
	assert_false(t.r.b);
	assert_null(t.r.list);
	assert_null(t.r.in.label);
	tdone(&t);

	/* Not a mapping at all: reported, and nothing is read. */
	tsetup(&t, "- s: x\n");
	assert_int_equal(read_root(&t, &rec_fields), -1);
	expect_diag(&t.f.dl, 0, 1, 1, "a thing must be a mapping, not a list");
	assert_int_equal(t.rd.errs, 1);
	assert_int_equal(yfields_read(&t.rd, &rec_fields, "a thing", NULL, &t.r), -1);
	assert_int_equal(t.f.dl.n, 1);
	assert_int_equal(t.rd.errs, 1);
	tdone(&t);
}

static int
check_positive(struct yread *rd, const struct ynode *v, const void *val)
{
	if (*(const double *)val > 0)
		return 0;
	yread_error(rd, v, "'num' must be greater than 0");
	return -1;
}

static int
check_small(struct yread *rd, const struct ynode *v, const void *val)
{
	if (*(const long *)val < 100)
		return 0;
	yread_error(rd, v, "'i' must be below 100, not %ld", *(const long *)val);
	return -1;
}

static int
check_word(struct yread *rd, const struct ynode *v, const void *val)
{
	if (strchr(*(const char *const *)val, ' ') == NULL)
		return 0;
	yread_error(rd, v, "'s' must be one word");
	return -1;
}

static int
check_true(struct yread *rd, const struct ynode *v, const void *val)
{
	if (*(const bool *)val)
		return 0;
	yread_error(rd, v, "'b' must be true");
	return -1;
}

static const struct yfield checked_rows[] = {
	{ "s", YF_STRING, 0, .off = offsetof(struct rec, s), .check = check_word },
	{ "num", YF_NUMBER, 0, .off = offsetof(struct rec, num),
	    .check = check_positive },
	{ "i", YF_INT, 0, .off = offsetof(struct rec, i), .check = check_small },
	{ "b", YF_BOOL, 0, .off = offsetof(struct rec, b), .check = check_true },
};
static const struct yfields checked_fields = YFIELDS(checked_rows);

/* A check sees the typed value; a value it refuses is not stored. */
static void
test_checks(void **state)
{
	struct tfix t;

	(void)state;
	tsetup(&t, "s: two words\nnum: -1.5\ni: 100\nb: no\n");
	assert_int_equal(read_root(&t, &checked_fields), 0);
	expect_diag(&t.f.dl, 0, 1, 4, "'s' must be one word");
	expect_diag(&t.f.dl, 1, 2, 6, "'num' must be greater than 0");
	expect_diag(&t.f.dl, 2, 3, 4, "'i' must be below 100, not 100");
	expect_diag(&t.f.dl, 3, 4, 4, "'b' must be true");
	assert_int_equal(t.rd.errs, 4);
	assert_string_equal(t.r.s, "default");
	assert_true(t.r.num == -1);
	assert_int_equal(t.r.i, -1);
	assert_false(t.r.b);
	tdone(&t);

	tsetup(&t, "s: one\nnum: 0.5\ni: 99\nb: true\n");
	assert_int_equal(read_root(&t, &checked_fields), 0);
	assert_int_equal(t.f.dl.n, 0);
	assert_string_equal(t.r.s, "one");
	assert_true(t.r.num == 0.5);
	assert_int_equal(t.r.i, 99);
	assert_true(t.r.b);
	tdone(&t);

	/* An integer beyond int, with no check to bound it, is not truncated. */
	tsetup(&t, "i: 4294967296\n");
	assert_int_equal(read_root(&t, &rec_fields), 0);
	expect_diag(&t.f.dl, 2, 1, 4, "'i' must be from -2147483648 to 2147483647");
	assert_int_equal(t.r.i, -1);
	tdone(&t);
}

static void
parse_first(struct yread *rd, const struct ynode *v, void *rec)
{
	(void)rec;
	yread_error(rd, v, "first");
}

static const struct yfield late_rows[] = {
	{ "zeta", YF_NUMBER, YF_REQUIRED | YF_LATE,
	    .off = offsetof(struct rec, num) },
	{ "alpha", YF_CUSTOM, YF_REQUIRED, .parse = parse_first },
	{ "beta", YF_NUMBER, YF_REQUIRED, .off = offsetof(struct rec, num) },
	{ "gamma", YF_DEFERRED, .flags = 0 },
};
static const struct yfields late_fields = YFIELDS(late_rows);

/*
 * Key checks follow the table's order (hints prefer the earlier of two
 * keys as close, missing keys are named in it); values are read in it
 * too, but for YF_LATE fields, which come last.
 */
static void
test_order(void **state)
{
	struct tfix t;

	(void)state;
	tsetup(&t, "zeta: x\nalpha: 1\nbeta: y\ngamma: [whatever]\n");
	assert_int_equal(read_root(&t, &late_fields), 0);
	expect_diag(&t.f.dl, 0, 2, 8, "first");
	expect_diag(&t.f.dl, 1, 3, 7, "'beta' must be a number");
	expect_diag(&t.f.dl, 2, 1, 7, "'zeta' must be a number");
	assert_int_equal(t.f.dl.n, 3);
	tdone(&t);

	/* 'xeta' is as close to 'zeta' as to 'beta': the first row wins. */
	tsetup(&t, "xeta: 1\n");
	assert_int_equal(read_root(&t, &late_fields), 0);
	expect_diag(&t.f.dl, 0, 1, 1, "unknown key 'xeta'; did you mean 'zeta'?");
	expect_diag(&t.f.dl, 1, 1, 1, "missing required key 'zeta'");
	expect_diag(&t.f.dl, 2, 1, 1, "missing required key 'alpha'");
	expect_diag(&t.f.dl, 3, 1, 1, "missing required key 'beta'");
	assert_int_equal(t.rd.errs, 4);
	tdone(&t);
}

static void
init_inner(void *rec, const struct ynode *item)
{
	struct inner *in = rec;

	in->label = item->line == 2 ? "second" : "unset";
}

/* Each item of a list gets its defaults, then its own mapping's values. */
static void
test_read_list(void **state)
{
	struct tfix t;
	const struct ynode *list;
	struct inner *v;

	(void)state;
	tsetup(&t, "- {on: true, label: one}\n- {on: false}\n- {label: x}\n"
	    "- [not, a, mapping]\n");
	list = t.f.doc.root;
	v = yfields_read_list(&t.rd, &inner_fields, "an inner", list, sizeof(*v),
	    init_inner);
	assert_non_null(v);
	assert_true(v[0].on);
	assert_string_equal(v[0].label, "one");
	assert_false(v[1].on);
	assert_string_equal(v[1].label, "second");
	assert_string_equal(v[2].label, "x");
	assert_string_equal(v[3].label, "unset");
	expect_diag(&t.f.dl, 0, 3, 3, "missing required key 'on'");
	expect_diag(&t.f.dl, 1, 4, 3, "an inner must be a mapping, not a list");
	assert_int_equal(t.rd.errs, 2);
	tdone(&t);

	tsetup(&t, "[]\n");
	assert_null(yfields_read_list(&t.rd, &inner_fields, "an inner", t.f.doc.root,
	    sizeof(*v), init_inner));
	assert_int_equal(t.f.dl.n, 0);
	tdone(&t);
}

static void
test_helpers(void **state)
{
	struct tfix t;
	const char **list;
	size_t n = 0;

	(void)state;
	tsetup(&t, "l: [a]\nm: {a: 1}\nword: x\n");
	assert_int_equal(yread_list(&t.rd, ynode_get(t.f.doc.root, "l"), "'l'"), 0);
	assert_int_equal(yread_list(&t.rd, ynode_get(t.f.doc.root, "m"), "'m'"), -1);
	expect_diag(&t.f.dl, 0, 2, 4, "'m' must be a list");
	yread_unknown(&t.rd, ynode_get(t.f.doc.root, "word"), "colour", "x", "y");
	expect_diag(&t.f.dl, 1, 3, 7, "unknown colour 'x'; did you mean 'y'?");
	yread_unknown(&t.rd, NULL, "colour", "x", NULL);
	assert_string_equal(t.f.dl.items[2].msg, "unknown colour 'x'");
	assert_int_equal(t.f.dl.items[2].line, 0);
	assert_int_equal(yread_strlist(&t.rd, ynode_get(t.f.doc.root, "word"), "'word'",
	    &list, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0], "x");
	assert_int_equal(t.rd.errs, 3);
	tdone(&t);
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
		cmocka_unit_test(test_offset_col),
		cmocka_unit_test(test_typed_readers),
		cmocka_unit_test(test_check_keys),
		cmocka_unit_test(test_every_kind),
		cmocka_unit_test(test_unknown_and_missing_keys),
		cmocka_unit_test(test_mistyped_values),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_read_list),
		cmocka_unit_test(test_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
