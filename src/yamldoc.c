/*
 * libyaml's event stream -> a small tree of struct ynode with 1-based marks,
 * and the typed readers that the rule, profile and waiver loaders share.
 * Anchors, aliases and non-standard tags are rejected; duplicate keys are
 * errors; size and nesting are capped.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "hash.h"
#include "value.h"
#include "xalloc.h"
#include "yamldoc.h"

#define STD_TAG "tag:yaml.org,2002:"

/* A container being built: its children gather in a heap vector. */
struct frame {
	struct ynode *node;
	struct ynode **items;
	size_t n, cap;
};

struct builder {
	struct ydoc *doc;
	struct diaglist *dl;
	const char *buf;
	size_t len;
	struct frame stack[YAMLDOC_MAX_DEPTH + 1];
	size_t depth;           /* frames in use */
	struct ynode *root;
	int errors;
	int ndocs;              /* documents started */
};

static const char alias_msg[] = "anchors and aliases are not allowed in rule files";

static int
mark_line(const yaml_mark_t *m)
{
	return m->line > INT32_MAX - 1 ? INT32_MAX : (int)m->line + 1;
}

static int
mark_col(const yaml_mark_t *m)
{
	return m->column > INT32_MAX - 1 ? INT32_MAX : (int)m->column + 1;
}

static struct ynode *
new_node(struct builder *b, enum ynode_kind kind, const yaml_event_t *ev)
{
	struct ynode *n = arena_alloc(&b->doc->arena, sizeof(*n));

	n->kind = kind;
	n->line = mark_line(&ev->start_mark);
	n->col = mark_col(&ev->start_mark);
	n->end_line = mark_line(&ev->end_mark);
	return n;
}

static void
berror(struct builder *b, const yaml_mark_t *m, const char *msg)
{
	diag_error(b->dl, b->doc->file, mark_line(m), mark_col(m), "%s", msg);
	b->errors++;
}

/* Reject tags outside the YAML core schema ("!foo", "!!python/object"). */
static void
check_tag(struct builder *b, const yaml_event_t *ev, const yaml_char_t *tag)
{
	static const char *const core[] = {
		"str", "int", "float", "bool", "null", "seq", "map",
	};
	const char *t = (const char *)tag;

	if (t == NULL)
		return;
	if (strncmp(t, STD_TAG, strlen(STD_TAG)) == 0)
		for (size_t i = 0; i < sizeof(core) / sizeof(core[0]); i++)
			if (strcmp(t + strlen(STD_TAG), core[i]) == 0)
				return;
	diag_error(b->dl, b->doc->file, mark_line(&ev->start_mark),
	    mark_col(&ev->start_mark), "tag '%s' is not allowed in rule files",
	    (const char *)tag);
	b->errors++;
}

static void
attach(struct builder *b, struct ynode *n)
{
	struct frame *f;

	if (b->depth == 0) {
		if (b->root == NULL)
			b->root = n;
		return;
	}
	f = &b->stack[b->depth - 1];
	if (f->node->kind == YN_MAP && f->n % 2 == 0 && n->kind != YN_SCALAR) {
		diag_error(b->dl, b->doc->file, n->line, n->col,
		    "mapping keys must be scalars");
		b->errors++;
	}
	xgrow(&f->items, &f->cap, f->n + 1, sizeof(*f->items));
	f->items[f->n++] = n;
}

/* Hash sets of up to this many keys live on the stack (twice as many slots). */
#define DUP_STACK_KEYS 32

/*
 * Report keys given twice in one mapping, in document order, each with the
 * line of the key's first occurrence. A set of the first occurrences,
 * hashed under the run's key, keeps this linear in the number of keys
 * however many are alike or chosen to collide.
 */
static void
check_duplicates(struct builder *b, const struct ynode *map)
{
	uint32_t stack_set[2 * DUP_STACK_KEYS], stack_hashes[DUP_STACK_KEYS];
	uint32_t *set = stack_set, *hashes = stack_hashes;
	const struct hashkey *key = hash_run_key();
	size_t nslots = 2 * DUP_STACK_KEYS, mask;

	if (map->n < 2)
		return;
	/* Pair numbers fit in 32 bits: a 16 MiB source holds fewer keys. */
	if (map->n > DUP_STACK_KEYS) {
		while (nslots < 2 * map->n)
			nslots *= 2;
		set = xcalloc(nslots, sizeof(*set));
		hashes = xcalloc(map->n, sizeof(*hashes));
	} else {
		memset(stack_set, 0, sizeof(stack_set));
	}
	mask = nslots - 1;
	/* set[] holds pair index + 1 of a first occurrence; 0 is empty. */
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->items[2 * i];
		size_t j;

		if (k->kind != YN_SCALAR)
			continue;
		hashes[i] = (uint32_t)hash_bytes(key, k->str, k->len, false);
		for (j = hashes[i] & mask; set[j] != 0; j = (j + 1) & mask) {
			const struct ynode *first = map->items[2 * (set[j] - 1)];

			if (hashes[set[j] - 1] == hashes[i] && first->len == k->len &&
			    memcmp(first->str, k->str, k->len) == 0)
				break;
		}
		if (set[j] == 0) {
			set[j] = (uint32_t)i + 1;
			continue;
		}
		diag_error(b->dl, b->doc->file, k->line, k->col,
		    "duplicate key '%s' (first at line %d)", k->str,
		    map->items[2 * (set[j] - 1)]->line);
		b->errors++;
	}
	if (set != stack_set) {
		free(set);
		free(hashes);
	}
}

static void
close_frame(struct builder *b, const yaml_event_t *ev)
{
	struct frame *f = &b->stack[--b->depth];
	struct ynode *n = f->node;

	n->end_line = mark_line(&ev->end_mark);
	if (f->n > 0) {
		n->items = arena_array(&b->doc->arena, f->n, sizeof(*n->items));
		memcpy(n->items, f->items, f->n * sizeof(*n->items));
	}
	n->n = n->kind == YN_MAP ? f->n / 2 : f->n;
	free(f->items);
	memset(f, 0, sizeof(*f));
	if (n->kind == YN_MAP)
		check_duplicates(b, n);
	attach(b, n);
}

/* Line and column of a byte offset, for reader errors that carry no mark. */
static void
offset_mark(const char *buf, size_t len, size_t off, int *line, int *col)
{
	size_t l = 1, c = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l > INT32_MAX ? INT32_MAX : (int)l;
	*col = c > INT32_MAX ? INT32_MAX : (int)c;
}

static void
syntax_error(struct builder *b, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "unknown problem";
	int line, col;

	if (p->error == YAML_MEMORY_ERROR) {
		diag_error(b->dl, b->doc->file, 0, 0, "out of memory while reading YAML");
	} else if (p->error == YAML_READER_ERROR) {
		offset_mark(b->buf, b->len, p->problem_offset, &line, &col);
		diag_error(b->dl, b->doc->file, line, col, "invalid YAML: %s", problem);
	} else if (p->context != NULL) {
		diag_error(b->dl, b->doc->file, mark_line(&p->problem_mark),
		    mark_col(&p->problem_mark),
		    "invalid YAML: %s %s at line %d, column %d", problem, p->context,
		    mark_line(&p->context_mark), mark_col(&p->context_mark));
	} else {
		diag_error(b->dl, b->doc->file, mark_line(&p->problem_mark),
		    mark_col(&p->problem_mark), "invalid YAML: %s", problem);
	}
	/* libyaml's message for a tab does not say that it is about the tab. */
	if (p->error == YAML_SCANNER_ERROR && p->problem_mark.index < b->len &&
	    b->buf[p->problem_mark.index] == '\t')
		diag_add(b->dl, DIAG_NOTE, b->doc->file, mark_line(&p->problem_mark),
		    mark_col(&p->problem_mark), "YAML does not allow tabs for "
		    "indentation; indent with spaces");
	b->errors++;
}

static char
scalar_style(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		return '\'';
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		return '"';
	case YAML_LITERAL_SCALAR_STYLE:
		return '|';
	case YAML_FOLDED_SCALAR_STYLE:
		return '>';
	default:
		return 0;
	}
}

/* Handle one event; returns 1 to go on, 0 at the end, -1 to abort. */
static int
on_event(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *n;

	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		/*
		 * A file holds one document: a second one (files pasted together)
		 * would otherwise be dropped without a word.
		 */
		if (b->ndocs++ > 0) {
			berror(b, &ev->start_mark, "a second YAML document starts here; "
			    "a file holds one document");
			return -1;
		}
		return 1;
	case YAML_STREAM_END_EVENT:
		return 0;
	case YAML_ALIAS_EVENT:
		berror(b, &ev->start_mark, alias_msg);
		/* Keep the tree's shape with a null in its place. */
		n = new_node(b, YN_SCALAR, ev);
		n->str = "";
		n->plain = true;
		attach(b, n);
		return 1;
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor != NULL)
			berror(b, &ev->start_mark, alias_msg);
		check_tag(b, ev, ev->data.scalar.tag);
		n = new_node(b, YN_SCALAR, ev);
		n->str = arena_strndup(&b->doc->arena,
		    (const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->style = scalar_style(ev->data.scalar.style);
		n->plain = n->style == 0 && (ev->data.scalar.tag == NULL ||
		    strcmp((const char *)ev->data.scalar.tag, STD_TAG "str") != 0);
		attach(b, n);
		return 1;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		const yaml_char_t *anchor, *tag;

		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			anchor = ev->data.sequence_start.anchor;
			tag = ev->data.sequence_start.tag;
		} else {
			anchor = ev->data.mapping_start.anchor;
			tag = ev->data.mapping_start.tag;
		}
		if (anchor != NULL)
			berror(b, &ev->start_mark, alias_msg);
		check_tag(b, ev, tag);
		if (b->depth >= YAMLDOC_MAX_DEPTH) {
			diag_error(b->dl, b->doc->file, mark_line(&ev->start_mark),
			    mark_col(&ev->start_mark),
			    "nesting is deeper than %d levels", YAMLDOC_MAX_DEPTH);
			b->errors++;
			return -1;
		}
		n = new_node(b, ev->type == YAML_SEQUENCE_START_EVENT ? YN_SEQ : YN_MAP, ev);
		b->stack[b->depth++].node = n;
		return 1;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			close_frame(b, ev);
		return 1;
	default:
		return 1;
	}
}

int
ydoc_parse(struct ydoc *doc, const char *file, const char *buf, size_t len,
    struct diaglist *dl)
{
	yaml_parser_t parser;
	struct builder *b;
	int rc = 0;

	memset(doc, 0, sizeof(*doc));
	arena_init(&doc->arena);
	doc->file = file;
	if (len > YAMLDOC_MAX_BYTES) {
		diag_error(dl, file, 0, 0, "file is too large (more than %u bytes)",
		    YAMLDOC_MAX_BYTES);
		return -1;
	}
	if (!yaml_parser_initialize(&parser)) {
		diag_error(dl, file, 0, 0, "out of memory while reading YAML");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	b = xcalloc(1, sizeof(*b));
	b->doc = doc;
	b->dl = dl;
	b->buf = buf;
	b->len = len;
	for (;;) {
		yaml_event_t ev;
		int r;

		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(b, &parser);
			break;
		}
		r = on_event(b, &ev);
		yaml_event_delete(&ev);
		if (r <= 0)
			break;
	}
	while (b->depth > 0)
		free(b->stack[--b->depth].items);
	if (b->errors > 0) {
		rc = -1;
	} else {
		doc->root = b->root;
	}
	free(b);
	yaml_parser_delete(&parser);
	return rc;
}

void
ydoc_release(struct ydoc *doc)
{
	arena_release(&doc->arena);
	doc->root = NULL;
}

const struct ynode *
ynode_get_key(const struct ynode *map, const char *key)
{
	if (map == NULL || map->kind != YN_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->items[2 * i];

		if (k->kind == YN_SCALAR && strcmp(k->str, key) == 0)
			return k;
	}
	return NULL;
}

const struct ynode *
ydoc_toplist(const struct ydoc *doc, const char *key, const char *what,
    const char *file, struct diaglist *dl, int *errs)
{
	const char *const top[] = { key, NULL };
	const struct ynode *list;

	*errs = 0;
	if (doc->root == NULL) {
		diag_error(dl, file, 1, 1, "missing required key '%s'", key);
		*errs = 1;
		return NULL;
	}
	*errs = ynode_check_keys(doc->root, what, top, top, file, dl);
	list = ynode_get(doc->root, key);
	if (list == NULL) {
		*errs += *errs == 0;
		return NULL;
	}
	if (list->kind != YN_SEQ) {
		diag_error(dl, file, list->line, list->col, "'%s' must be a list", key);
		(*errs)++;
		return NULL;
	}
	return list;
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	if (map == NULL || map->kind != YN_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->items[2 * i];

		if (k->kind == YN_SCALAR && strcmp(k->str, key) == 0)
			return map->items[2 * i + 1];
	}
	return NULL;
}

bool
ynode_is_null(const struct ynode *n)
{
	if (n == NULL || n->kind != YN_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
	    strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}

/* Plain true/false/yes/no in YAML 1.1's spellings (lower, Title, UPPER). */
static int
plain_bool(const struct ynode *n, bool *out)
{
	static const char *const t[] = { "true", "True", "TRUE", "yes", "Yes", "YES" };
	static const char *const f[] = { "false", "False", "FALSE", "no", "No", "NO" };

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (strcmp(n->str, t[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(n->str, f[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* A plain decimal number: no surrounding blanks, no '%', no grouping. */
static int
plain_number(const struct ynode *n, double *out)
{
	if (n->len == 0 || n->len != strlen(n->str))
		return -1;
	if (n->str[0] == ' ' || n->str[n->len - 1] == ' ')
		return -1;
	return value_parse_number(n->str, n->len, false, out) == NUM_OK ? 0 : -1;
}

enum yscalar_type
ynode_scalar_type(const struct ynode *n, double *num, bool *b)
{
	double d;
	bool v;

	if (!n->plain)
		return YS_STRING;
	if (ynode_is_null(n))
		return YS_NULL;
	if (plain_bool(n, &v) == 0) {
		if (b != NULL)
			*b = v;
		return YS_BOOL;
	}
	if (plain_number(n, &d) == 0) {
		if (num != NULL)
			*num = d;
		return YS_NUMBER;
	}
	return YS_STRING;
}

/*
 * Column of byte offset off inside scalar n, for regex errors. The node
 * keeps the scalar's value, not its source text, so this reconstructs the
 * source width of each character: one column per UTF-8 character, plus the
 * opening quote, a doubled '' in single quotes, and a two-character escape
 * for '\', '"' and control characters in double quotes (the short escapes
 * people write; \xNN and \uNNNN forms would be off by a few columns). A
 * scalar that spans lines, or a block scalar, is located at its start.
 */
int
ynode_offset_col(const struct ynode *n, size_t off)
{
	int col = n->col;

	if (n->end_line != n->line || n->style == '|' || n->style == '>')
		return col;
	if (n->style != 0)
		col++;
	if (off > n->len)
		off = n->len;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)n->str[i];

		if ((ch & 0xC0) == 0x80)
			continue;
		col++;
		if (n->style == '\'' && ch == '\'')
			col++;
		else if (n->style == '"' && (ch == '\\' || ch == '"' || ch < 0x20))
			col++;
	}
	return col;
}

static const char *
kind_name(const struct ynode *n)
{
	switch (n->kind) {
	case YN_SEQ:
		return "a list";
	case YN_MAP:
		return "a mapping";
	default:
		return ynode_is_null(n) ? "empty" : "a scalar";
	}
}

int
ynode_string(const struct ynode *n, const char *what, const char *file,
    struct diaglist *dl, const char **out)
{
	if (n == NULL || n->kind != YN_SCALAR || ynode_is_null(n)) {
		if (n != NULL)
			diag_error(dl, file, n->line, n->col, "%s must be a string, not %s",
			    what, kind_name(n));
		return -1;
	}
	if (strlen(n->str) != n->len) {
		diag_error(dl, file, n->line, n->col, "%s must not contain NUL characters",
		    what);
		return -1;
	}
	*out = n->str;
	return 0;
}

int
ynode_number(const struct ynode *n, const char *what, const char *file,
    struct diaglist *dl, double *out)
{
	if (n == NULL)
		return -1;
	if (n->kind != YN_SCALAR || ynode_scalar_type(n, out, NULL) != YS_NUMBER) {
		double d;

		/* A decimal beyond a double is a number all the same: say so. */
		if (n->kind == YN_SCALAR && n->plain && n->len == strlen(n->str) &&
		    value_parse_number(n->str, n->len, false, &d) == NUM_RANGE)
			diag_error(dl, file, n->line, n->col, "%s '%s' is out of range: "
			    "the largest number is about 1.8e308", what, n->str);
		else
			diag_error(dl, file, n->line, n->col, "%s must be a number", what);
		return -1;
	}
	return 0;
}

int
ynode_int(const struct ynode *n, const char *what, const char *file,
    struct diaglist *dl, long *out)
{
	double d;

	if (n == NULL)
		return -1;
	/* The range comes before the cast: converting 1e30 to long is undefined. */
	if (n->kind != YN_SCALAR || ynode_scalar_type(n, &d, NULL) != YS_NUMBER ||
	    !(d >= -9007199254740992.0 && d <= 9007199254740992.0) || d != (double)(long)d) {
		diag_error(dl, file, n->line, n->col, "%s must be an integer", what);
		return -1;
	}
	*out = (long)d;
	return 0;
}

int
ynode_bool(const struct ynode *n, const char *what, const char *file,
    struct diaglist *dl, bool *out)
{
	if (n == NULL)
		return -1;
	if (n->kind != YN_SCALAR || ynode_scalar_type(n, NULL, out) != YS_BOOL) {
		diag_error(dl, file, n->line, n->col, "%s must be true or false", what);
		return -1;
	}
	return 0;
}

int
ynode_strlist(const struct ynode *n, const char *what, const char *file,
    struct diaglist *dl, struct arena *a, const char ***out, size_t *nout)
{
	const char **v;
	const char *s;
	int bad = 0;

	if (n == NULL)
		return -1;
	if (n->kind == YN_SCALAR) {
		if (ynode_string(n, what, file, dl, &s) < 0)
			return -1;
		v = arena_alloc(a, sizeof(*v));
		v[0] = arena_strdup(a, s);
		*out = v;
		*nout = 1;
		return 0;
	}
	if (n->kind != YN_SEQ) {
		diag_error(dl, file, n->line, n->col, "%s must be a list of strings", what);
		return -1;
	}
	v = arena_array(a, n->n ? n->n : 1, sizeof(*v));
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->kind != YN_SCALAR || ynode_is_null(n->items[i]) ||
		    strlen(n->items[i]->str) != n->items[i]->len) {
			diag_error(dl, file, n->items[i]->line, n->items[i]->col,
			    "%s must be a list of strings", what);
			bad = 1;
			continue;
		}
		v[i] = arena_strdup(a, n->items[i]->str);
	}
	if (bad)
		return -1;
	*out = v;
	*nout = n->n;
	return 0;
}

int
ynode_check_keys(const struct ynode *n, const char *what,
    const char *const *allowed, const char *const *required,
    const char *file, struct diaglist *dl)
{
	size_t nallowed = 0;
	int problems = 0;

	if (n == NULL)
		return 1;
	if (n->kind != YN_MAP) {
		diag_error(dl, file, n->line, n->col, "%s must be a mapping, not %s",
		    what, kind_name(n));
		return 1;
	}
	while (allowed != NULL && allowed[nallowed] != NULL)
		nallowed++;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->items[2 * i];
		const char *hint;
		bool ok = false;

		if (k->kind != YN_SCALAR)
			continue;       /* reported by the parser */
		for (size_t j = 0; j < nallowed && !ok; j++)
			ok = strcmp(k->str, allowed[j]) == 0;
		if (ok)
			continue;
		hint = diag_suggest(k->str, allowed, nallowed);
		if (hint != NULL)
			diag_error(dl, file, k->line, k->col,
			    "unknown key '%s'; did you mean '%s'?", k->str, hint);
		else
			diag_error(dl, file, k->line, k->col, "unknown key '%s'", k->str);
		problems++;
	}
	for (size_t j = 0; required != NULL && required[j] != NULL; j++) {
		if (ynode_get_key(n, required[j]) == NULL) {
			diag_error(dl, file, n->line, n->col, "missing required key '%s'",
			    required[j]);
			problems++;
		}
	}
	return problems;
}
