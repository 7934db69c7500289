/*
 * Expression lexer, recursive-descent parser with type checking, and
 * evaluator. Errors carry the 0-based offset of the offending token so that
 * the rule loader can point at the exact column inside the YAML scalar.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "expr.h"
#include "value.h"

/* The binary operators run from T_PLUS to T_OR. */
enum tok {
	T_END, T_NUM, T_ID, T_LP, T_RP, T_COMMA,
	T_PLUS, T_MINUS, T_STAR, T_SLASH,
	T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE,
	T_AND, T_OR, T_NOT, T_BAD,
};

struct parser {
	const char *src;
	size_t len;
	size_t pos;                     /* scan position */
	enum tok tok;                   /* current token */
	size_t tpos, tlen;
	double num;
	int depth;
	const struct catalogue *cat;
	struct arena *a;
	struct expr_error *err;
	bool failed;
};

static void fail(struct parser *p, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	p->err->pos = (int)pos;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
}

static bool
is_idstart(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
is_idchar(char c)
{
	return is_idstart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/*
 * Characters people type for an operator of the language, as in "≥" for
 * ">=" or "&&" for "and".
 */
static const struct {
	const char *ch;
	const char *op;
} lookalikes[] = {
	{"=", "=="}, {"!", "not"}, {"&", "and"}, {"|", "or"},
	{"\u2265", ">="}, {"\u2264", "<="}, {"\u2260", "!="},
	{"\u00d7", "*"}, {"\u00b7", "*"}, {"\u00f7", "/"},
	{"\u2212", "-"}, {"\u2013", "-"},
};

/*
 * A character that starts no token: the token is the whole character
 * (a UTF-8 sequence is echoed whole), and the expression fails there.
 */
static void
bad_char(struct parser *p, size_t i)
{
	const unsigned char *u = (const unsigned char *)p->src + i;
	size_t n = utf8_seq(u, p->len - i);

	if (n == 0) {
		p->tlen = 1;
		fail(p, i, "unexpected byte 0x%02x: the expression is not UTF-8", u[0]);
		return;
	}
	p->tlen = n;
	if (u[0] < 0x20 || u[0] == 0x7f) {
		fail(p, i, "unexpected control character U+%04X", u[0]);
		return;
	}
	for (size_t k = 0; k < sizeof(lookalikes) / sizeof(lookalikes[0]); k++) {
		if (strlen(lookalikes[k].ch) == n && memcmp(lookalikes[k].ch, u, n) == 0) {
			fail(p, i, "unexpected character '%.*s'; did you mean '%s'?", (int)n,
			    (const char *)u, lookalikes[k].op);
			return;
		}
	}
	fail(p, i, "unexpected character '%.*s'", (int)n, (const char *)u);
}

static void
next(struct parser *p)
{
	const char *s = p->src;
	size_t i = p->pos;

	while (i < p->len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	p->tpos = i;
	if (i >= p->len) {
		p->tok = T_END;
		p->tlen = 0;
		p->pos = i;
		return;
	}
	if ((s[i] >= '0' && s[i] <= '9') || (s[i] == '.' && i + 1 < p->len &&
	    s[i + 1] >= '0' && s[i + 1] <= '9')) {
		size_t j = i;

		while (j < p->len && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.'))
			j++;
		if (j < p->len && (s[j] == 'e' || s[j] == 'E')) {
			size_t k = j + 1;

			if (k < p->len && (s[k] == '+' || s[k] == '-'))
				k++;
			if (k < p->len && s[k] >= '0' && s[k] <= '9') {
				while (k < p->len && s[k] >= '0' && s[k] <= '9')
					k++;
				j = k;
			}
		}
		p->tlen = j - i;
		p->pos = j;
		switch (value_parse_number(s + i, j - i, false, &p->num)) {
		case NUM_OK:
			p->tok = T_NUM;
			break;
		case NUM_RANGE:
			p->tok = T_BAD;
			fail(p, i, "number '%.*s' is out of range (the largest is about 1.8e308)",
			    (int)(p->tlen > 40 ? 40 : p->tlen), s + i);
			break;
		default:
			p->tok = T_BAD;
			fail(p, i, "'%.*s' is not a number", (int)(p->tlen > 40 ? 40 : p->tlen),
			    s + i);
			break;
		}
		return;
	}
	if (is_idstart(s[i])) {
		size_t j = i;

		/* '-' may sit inside an id only between id characters (no spaces). */
		while (j < p->len && (is_idchar(s[j]) && !(s[j] == '-' &&
		    (j + 1 >= p->len || !is_idstart(s[j + 1])))))
			j++;
		/* A name with a letter outside ASCII fails at that letter. */
		if (j < p->len && (unsigned char)s[j] >= 0x80) {
			p->tpos = j;
			p->tok = T_BAD;
			bad_char(p, j);
			p->pos = j + p->tlen;
			return;
		}
		p->tlen = j - i;
		p->pos = j;
		if (p->tlen == 3 && memcmp(s + i, "and", 3) == 0)
			p->tok = T_AND;
		else if (p->tlen == 2 && memcmp(s + i, "or", 2) == 0)
			p->tok = T_OR;
		else if (p->tlen == 3 && memcmp(s + i, "not", 3) == 0)
			p->tok = T_NOT;
		else
			p->tok = T_ID;
		return;
	}
	p->tlen = 1;
	switch (s[i]) {
	case '(': p->tok = T_LP; break;
	case ')': p->tok = T_RP; break;
	case ',': p->tok = T_COMMA; break;
	case '+': p->tok = T_PLUS; break;
	case '-': p->tok = T_MINUS; break;
	case '*': p->tok = T_STAR; break;
	case '/': p->tok = T_SLASH; break;
	case '<':
	case '>':
	case '=':
	case '!':
		if (i + 1 < p->len && s[i + 1] == '=') {
			p->tlen = 2;
			p->tok = s[i] == '<' ? T_LE : s[i] == '>' ? T_GE : s[i] == '=' ? T_EQ : T_NE;
		} else if (s[i] == '<' || s[i] == '>') {
			p->tok = s[i] == '<' ? T_LT : T_GT;
		} else {
			p->tok = T_BAD;
		}
		break;
	default:
		p->tok = T_BAD;
		break;
	}
	if (p->tok == T_BAD)
		bad_char(p, i);
	p->pos = i + p->tlen;
}

static struct expr *
node(struct parser *p, enum expr_kind k, enum expr_type t, size_t pos, size_t end)
{
	struct expr *e = arena_alloc(p->a, sizeof(*e));

	e->kind = k;
	e->type = t;
	e->pos = (int)pos;
	e->len = (int)(end > pos ? end - pos : 1);
	return e;
}

static struct expr *
binary(struct parser *p, enum expr_kind k, enum expr_type t, struct expr *l,
    struct expr *r)
{
	struct expr *e = node(p, k, t, (size_t)l->pos, (size_t)(r->pos + r->len));

	e->args = arena_array(p->a, 2, sizeof(*e->args));
	e->args[0] = l;
	e->args[1] = r;
	e->nargs = 2;
	return e;
}

static const char *
tok_text(const struct parser *p, char *buf, size_t size)
{
	if (p->tok == T_END)
		return "the end";
	snprintf(buf, size, "'%.*s'", (int)(p->tlen > 40 ? 40 : p->tlen), p->src + p->tpos);
	return buf;
}

/* A bad token has failed already, in the lexer. */
static void
unexpected(struct parser *p, const char *wanted)
{
	char buf[64];

	fail(p, p->tpos, "expected %s, found %s", wanted, tok_text(p, buf, sizeof(buf)));
}

/*
 * Does a '(' follow the current token? Decides whether a name is a call
 * before the lexer moves on, so that an unknown name is reported before
 * a bad character after it.
 */
static bool
call_follows(const struct parser *p)
{
	size_t i = p->pos;

	while (i < p->len && (p->src[i] == ' ' || p->src[i] == '\t' ||
	    p->src[i] == '\n' || p->src[i] == '\r'))
		i++;
	return i < p->len && p->src[i] == '(';
}

static void
need(struct parser *p, const struct expr *e, enum expr_type t, const char *what)
{
	if (p->failed || e->type == t)
		return;
	fail(p, (size_t)e->pos, "%s needs %s", what,
	    t == EXT_NUM ? "a number, not a true/false value" : "a true/false value, not a number");
}

static struct expr *parse_or(struct parser *p);

static int
find_indicator(struct parser *p, size_t pos, size_t len)
{
	int ind = catalogue_find(p->cat, p->src + pos, len);
	char name[128];
	const char *hint;

	if (ind >= 0) {
		if (p->cat->items[ind].type == IT_TEXT) {
			fail(p, pos, "text indicator '%.*s' cannot be used in an expression",
			    (int)len, p->src + pos);
			return -1;
		}
		return ind;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(len > 100 ? 100 : len), p->src + pos);
	hint = catalogue_suggest(p->cat, name);
	fail(p, pos, "unknown indicator '%s'%s%s%s", name, hint ? "; did you mean '" : "",
	    hint ? hint : "", hint ? "'?" : "");
	return -1;
}

static struct expr *
parse_call(struct parser *p, size_t npos, size_t nlen)
{
	static const struct {
		const char *name;
		enum expr_kind kind;
		size_t min, max;
	} funcs[] = {
		{"abs", EX_ABS, 1, 1},
		{"min", EX_MIN, 2, 16},
		{"max", EX_MAX, 2, 16},
		{"prev", EX_PREV, 1, 1},
	};
	struct expr *args[16], *e;
	size_t f, n = 0;

	for (f = 0; f < sizeof(funcs) / sizeof(funcs[0]); f++)
		if (strlen(funcs[f].name) == nlen && memcmp(funcs[f].name, p->src + npos, nlen) == 0)
			break;
	if (f == sizeof(funcs) / sizeof(funcs[0])) {
		fail(p, npos, "unknown function '%.*s'; known: abs, min, max, prev",
		    (int)(nlen > 40 ? 40 : nlen), p->src + npos);
		return NULL;
	}
	next(p);                        /* past '(' */
	if (funcs[f].kind == EX_PREV) {
		size_t ipos = p->tpos, ilen = p->tlen;
		int ind;

		/* The value of the year before is a stored value: no nesting. */
		if (p->tok != T_ID) {
			unexpected(p, "an indicator inside prev()");
			return NULL;
		}
		if (call_follows(p)) {
			if (ilen == 4 && memcmp(p->src + ipos, "prev", 4) == 0)
				fail(p, ipos, "prev() takes an indicator and cannot be nested");
			else
				fail(p, ipos, "prev() takes an indicator, not a function call");
			return NULL;
		}
		if ((ind = find_indicator(p, ipos, ilen)) < 0)
			return NULL;
		next(p);
		if (p->tok != T_RP) {
			if (p->tok == T_COMMA)
				fail(p, p->tpos, "prev() takes 1 argument");
			else if (p->tok >= T_PLUS && p->tok <= T_OR)
				fail(p, p->tpos, "prev() takes a single indicator, not an expression");
			else
				unexpected(p, "')'");
			return NULL;
		}
		e = node(p, EX_PREV, p->cat->items[ind].type == IT_BOOLEAN ? EXT_BOOL : EXT_NUM,
		    npos, p->tpos + 1);
		e->ind = ind;
		next(p);
		return e;
	}
	if (p->tok != T_RP) {
		for (;;) {
			struct expr *a = parse_or(p);

			if (a == NULL)
				return NULL;
			if (n == funcs[f].max) {
				fail(p, (size_t)a->pos, "%s() takes at most %zu argument%s",
				    funcs[f].name, funcs[f].max, funcs[f].max == 1 ? "" : "s");
				return NULL;
			}
			need(p, a, EXT_NUM, "a function argument");
			args[n++] = a;
			if (p->tok == T_COMMA) {
				next(p);
				continue;
			}
			if (p->tok != T_RP) {
				unexpected(p, "',' or ')'");
				return NULL;
			}
			break;
		}
	}
	if (n < funcs[f].min) {
		fail(p, npos, "%s() takes %s%zu argument%s", funcs[f].name,
		    funcs[f].min == funcs[f].max ? "" : "at least ", funcs[f].min,
		    funcs[f].min == 1 ? "" : "s");
		return NULL;
	}
	e = node(p, funcs[f].kind, EXT_NUM, npos, p->tpos + 1);
	e->args = arena_array(p->a, n, sizeof(*e->args));
	memcpy(e->args, args, n * sizeof(*args));
	e->nargs = n;
	next(p);
	return p->failed ? NULL : e;
}

static struct expr *
parse_primary(struct parser *p)
{
	struct expr *e;
	size_t pos = p->tpos, len = p->tlen;

	switch (p->tok) {
	case T_NUM:
		e = node(p, EX_NUM, EXT_NUM, pos, pos + len);
		e->num = p->num;
		next(p);
		return e;
	case T_ID: {
		int ind;

		if (call_follows(p)) {
			next(p);
			return parse_call(p, pos, len);
		}
		if ((ind = find_indicator(p, pos, len)) < 0)
			return NULL;
		next(p);
		e = node(p, EX_IND, p->cat->items[ind].type == IT_BOOLEAN ? EXT_BOOL : EXT_NUM,
		    pos, pos + len);
		e->ind = ind;
		return e;
	}
	case T_LP:
		if (++p->depth > EXPR_MAX_DEPTH) {
			fail(p, pos, "expression nested too deeply (at most %d levels)", EXPR_MAX_DEPTH);
			return NULL;
		}
		next(p);
		e = parse_or(p);
		if (e == NULL)
			return NULL;
		if (p->tok != T_RP) {
			if (p->tok == T_END)
				fail(p, pos, "unbalanced parenthesis: '(' is never closed");
			else
				unexpected(p, "')'");
			return NULL;
		}
		p->depth--;
		next(p);
		return e;
	case T_RP:
		fail(p, pos, "unbalanced parenthesis: ')' without '('");
		return NULL;
	default:
		unexpected(p, "a number, an indicator or '('");
		return NULL;
	}
}

static struct expr *
parse_unary(struct parser *p)
{
	size_t pos = p->tpos;
	struct expr *e, *a;

	if (p->tok != T_MINUS && p->tok != T_NOT)
		return parse_primary(p);
	if (++p->depth > EXPR_MAX_DEPTH) {
		fail(p, pos, "expression nested too deeply (at most %d levels)", EXPR_MAX_DEPTH);
		return NULL;
	}
	if (p->tok == T_MINUS) {
		next(p);
		if ((a = parse_unary(p)) == NULL)
			return NULL;
		need(p, a, EXT_NUM, "'-'");
		e = node(p, EX_NEG, EXT_NUM, pos, (size_t)(a->pos + a->len));
	} else {
		next(p);
		if ((a = parse_unary(p)) == NULL)
			return NULL;
		need(p, a, EXT_BOOL, "'not'");
		e = node(p, EX_NOT, EXT_BOOL, pos, (size_t)(a->pos + a->len));
	}
	p->depth--;
	e->args = arena_array(p->a, 1, sizeof(*e->args));
	e->args[0] = a;
	e->nargs = 1;
	return p->failed ? NULL : e;
}

/* One level of left-associative binary operators. */
struct level {
	enum tok toks[4];
	enum expr_kind kinds[4];
	size_t n;
	enum expr_type operand, result;
	const char *name[4];
};

static const struct level levels[] = {
	{{T_OR}, {EX_OR}, 1, EXT_BOOL, EXT_BOOL, {"'or'"}},
	{{T_AND}, {EX_AND}, 1, EXT_BOOL, EXT_BOOL, {"'and'"}},
	{{T_EQ, T_NE}, {EX_EQ, EX_NE}, 2, EXT_NUM, EXT_BOOL, {"'=='", "'!='"}},
	{{T_LT, T_LE, T_GT, T_GE}, {EX_LT, EX_LE, EX_GT, EX_GE}, 4, EXT_NUM, EXT_BOOL,
	    {"'<'", "'<='", "'>'", "'>='"}},
	{{T_PLUS, T_MINUS}, {EX_ADD, EX_SUB}, 2, EXT_NUM, EXT_NUM, {"'+'", "'-'"}},
	{{T_STAR, T_SLASH}, {EX_MUL, EX_DIV}, 2, EXT_NUM, EXT_NUM, {"'*'", "'/'"}},
};
#define NLEVELS (sizeof(levels) / sizeof(levels[0]))

static struct expr *
parse_level(struct parser *p, size_t lv)
{
	struct expr *l, *r;

	if (lv == NLEVELS)
		return parse_unary(p);
	if ((l = parse_level(p, lv + 1)) == NULL)
		return NULL;
	for (;;) {
		const struct level *L = &levels[lv];
		size_t k;

		for (k = 0; k < L->n; k++)
			if (p->tok == L->toks[k])
				break;
		if (k == L->n)
			return l;
		next(p);
		if ((r = parse_level(p, lv + 1)) == NULL)
			return NULL;
		if (L->kinds[k] == EX_EQ || L->kinds[k] == EX_NE) {
			/* Equality compares two numbers or two true/false values. */
			if (l->type != r->type) {
				fail(p, (size_t)r->pos, "%s compares a %s with a %s", L->name[k],
				    l->type == EXT_NUM ? "number" : "true/false value",
				    r->type == EXT_NUM ? "number" : "true/false value");
				return NULL;
			}
		} else {
			need(p, l, L->operand, L->name[k]);
			need(p, r, L->operand, L->name[k]);
		}
		if (p->failed)
			return NULL;
		l = binary(p, L->kinds[k], L->result, l, r);
	}
}

static struct expr *
parse_or(struct parser *p)
{
	return parse_level(p, 0);
}

static bool
reads_indicator(const struct expr *e)
{
	if (e->kind == EX_IND || e->kind == EX_PREV)
		return true;
	for (size_t i = 0; i < e->nargs; i++)
		if (reads_indicator(e->args[i]))
			return true;
	return false;
}

struct expr *
expr_parse(const char *src, size_t len, const struct catalogue *cat,
    struct arena *a, struct expr_error *err)
{
	struct parser p = {
		.src = src, .len = len, .cat = cat, .a = a, .err = err,
	};
	struct expr *e;

	memset(err, 0, sizeof(*err));
	if (len > EXPR_MAX_LEN) {
		fail(&p, 0, "expression longer than %d bytes", EXPR_MAX_LEN);
		return NULL;
	}
	if (memchr(src, '\0', len) != NULL) {
		fail(&p, (size_t)((const char *)memchr(src, '\0', len) - src), "NUL byte in expression");
		return NULL;
	}
	next(&p);
	if (p.tok == T_END) {
		fail(&p, 0, "empty expression");
		return NULL;
	}
	e = parse_or(&p);
	if (e != NULL && p.tok != T_END) {
		if (p.tok == T_RP)
			fail(&p, p.tpos, "unbalanced parenthesis: ')' without '('");
		else
			unexpected(&p, "an operator or the end");
	}
	if (e != NULL && !p.failed && e->type != EXT_BOOL)
		fail(&p, 0, "the expression must be true or false (a comparison), not a number");
	/* An expression of constants is true or false whatever was reported. */
	if (e != NULL && !p.failed && !reads_indicator(e))
		fail(&p, 0, "the expression reads no indicator; a rule must test reported data");
	return p.failed ? NULL : e;
}

static enum expr_result
missing(char *why, size_t whysize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum expr_result
missing(char *why, size_t whysize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whysize, fmt, ap);
	va_end(ap);
	return EXPR_MISSING;
}

enum expr_result
expr_eval(const struct expr *e, const struct expr_env *env, double *out,
    char *why, size_t whysize)
{
	double v[16];
	enum expr_result r;

	switch (e->kind) {
	case EX_NUM:
		*out = e->num;
		return EXPR_OK;
	case EX_IND:
	case EX_PREV:
		if (env->value(env->ctx, e->ind, e->kind == EX_PREV, out, why, whysize) != 0)
			return EXPR_MISSING;
		return EXPR_OK;
	default:
		break;
	}
	/* Every operand is evaluated: a missing one makes the whole missing. */
	for (size_t i = 0; i < e->nargs; i++)
		if ((r = expr_eval(e->args[i], env, &v[i], why, whysize)) != EXPR_OK)
			return r;
	switch (e->kind) {
	case EX_NEG: *out = -v[0]; break;
	case EX_NOT: *out = v[0] == 0; break;
	case EX_ADD: *out = v[0] + v[1]; break;
	case EX_SUB: *out = v[0] - v[1]; break;
	case EX_MUL: *out = v[0] * v[1]; break;
	case EX_DIV:
		if (v[1] == 0) {
			const struct expr *d = e->args[1];

			return missing(why, whysize, "division by zero: '%.*s' is 0",
			    d->len, env->src ? env->src + d->pos : "?");
		}
		*out = v[0] / v[1];
		break;
	case EX_LT: *out = v[0] < v[1]; break;
	case EX_LE: *out = v[0] <= v[1]; break;
	case EX_GT: *out = v[0] > v[1]; break;
	case EX_GE: *out = v[0] >= v[1]; break;
	case EX_EQ: *out = v[0] == v[1]; break;
	case EX_NE: *out = v[0] != v[1]; break;
	case EX_AND: *out = v[0] != 0 && v[1] != 0; break;
	case EX_OR: *out = v[0] != 0 || v[1] != 0; break;
	case EX_ABS: *out = fabs(v[0]); break;
	case EX_MIN:
	case EX_MAX:
		*out = v[0];
		for (size_t i = 1; i < e->nargs; i++)
			if (e->kind == EX_MIN ? v[i] < *out : v[i] > *out)
				*out = v[i];
		break;
	default:
		return missing(why, whysize, "cannot evaluate the expression");
	}
	if (!isfinite(*out))
		return missing(why, whysize, "'%.*s' is not a finite number", e->len,
		    env->src ? env->src + e->pos : "?");
	return EXPR_OK;
}

static void
collect(const struct expr *e, int *inds, bool *prev, size_t max, size_t *n)
{
	if (e->kind == EX_IND || e->kind == EX_PREV) {
		bool pv = e->kind == EX_PREV;

		for (size_t i = 0; i < *n && i < max; i++)
			if (inds[i] == e->ind && prev[i] == pv)
				return;
		if (*n < max) {
			inds[*n] = e->ind;
			prev[*n] = pv;
		}
		(*n)++;
		return;
	}
	for (size_t i = 0; i < e->nargs; i++)
		collect(e->args[i], inds, prev, max, n);
}

size_t
expr_operands(const struct expr *e, int *inds, bool *prev, size_t max)
{
	size_t n = 0;

	collect(e, inds, prev, max, &n);
	return n < max ? n : max;
}
