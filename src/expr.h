/*
 * The expression language of `expr` rules: numbers, indicator ids,
 * + - * /, unary minus, comparisons, and/or/not, parentheses and the
 * functions abs, min, max and prev. Parsed once when a rule file loads into
 * a typed tree with source offsets; evaluated per entity.
 *
 * Grammar (precedence as in C, lowest first):
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := eq ("and" eq)*
 *   eq      := rel (("==" | "!=") rel)*
 *   rel     := add (("<" | "<=" | ">" | ">=") add)*
 *   add     := mul (("+" | "-") mul)*
 *   mul     := unary (("*" | "/") unary)*
 *   unary   := ("-" | "not") unary | primary
 *   primary := NUMBER | INDICATOR | FUNC "(" args ")" | "(" expr ")"
 */
#ifndef RC_EXPR_H
#define RC_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include "arena.h"
#include "catalogue.h"

/* Longest expression source and deepest nesting accepted. */
#define EXPR_MAX_LEN   4096
#define EXPR_MAX_DEPTH 64

enum expr_kind {
	EX_NUM, EX_IND, EX_PREV,
	EX_NEG, EX_NOT,
	EX_ADD, EX_SUB, EX_MUL, EX_DIV,
	EX_LT, EX_LE, EX_GT, EX_GE, EX_EQ, EX_NE,
	EX_AND, EX_OR,
	EX_ABS, EX_MIN, EX_MAX,
};

enum expr_type {
	EXT_NUM,
	EXT_BOOL,
};

struct expr {
	enum expr_kind kind;
	enum expr_type type;
	int pos, len;                   /* 0-based offset and length in the source */
	double num;                     /* EX_NUM */
	int ind;                        /* EX_IND, EX_PREV: catalogue number */
	struct expr **args;             /* operands */
	size_t nargs;
};

struct expr_error {
	int pos;                        /* 0-based offset of the problem */
	char msg[256];
};

/*
 * Parse src against the catalogue. Nodes live in a. On error returns NULL
 * and fills err. The result must be a true/false expression.
 */
struct expr *expr_parse(const char *src, size_t len, const struct catalogue *cat,
    struct arena *a, struct expr_error *err);

/* How an evaluation fetches an operand's value. */
struct expr_env {
	/*
	 * The value of indicator ind (prev: of the year before its latest
	 * value's year). Returns 0 with *out set, or -1 when there is none,
	 * after writing the reason to why.
	 */
	int (*value)(void *ctx, int ind, bool prev, double *out, char *why,
	    size_t whysize);
	void *ctx;
	const struct catalogue *cat;
	const char *src;                /* the expression, for messages */
};

enum expr_result {
	EXPR_OK,
	EXPR_MISSING,                   /* an operand is missing, or x / 0 */
};

/* Evaluate e. On EXPR_MISSING, why says which operand and why. */
enum expr_result expr_eval(const struct expr *e, const struct expr_env *env,
    double *out, char *why, size_t whysize);

/*
 * The indicators e reads, in order of first appearance, without repeats;
 * prev() operands are flagged. Returns how many there are (up to max).
 */
size_t expr_operands(const struct expr *e, int *inds, bool *prev, size_t max);

#endif
