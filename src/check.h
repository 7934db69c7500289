/*
 * The kinds of check a rule makes, in one table (check.c): for each, the
 * keys it is written with, how it is parsed from a rule file, how it judges
 * a value, and how reports word it, write it to json and read it back. A
 * new kind is an enum value, a row of that table and the row's functions
 * (and, for a new key of a rule, a line of CHECK_RULE_FIELDS); the loaders,
 * the evaluator, the results model and the writers call through the table
 * and never ask which kind a check is.
 */
#ifndef RC_CHECK_H
#define RC_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include "value.h"
#include "vocab.h"

struct catalogue;
struct expr;
struct indicator;
struct jread;
struct json_t;
struct pattern;
struct strbuf;
struct ynode;
struct yread;

enum check_kind {
	CHECK_COMPARE,
	CHECK_BETWEEN,
	CHECK_IN,
	CHECK_MATCH,
	CHECK_PRESENT,
	CHECK_TREND,
	CHECK_EXPR,
	CHECK__COUNT,
};

/*
 * A check, as a rule file or a profile's override gives it, or as a json
 * report gives it back. A check read back from a report has the sources of
 * its pattern and expression but neither compiled: reports only show it.
 */
struct check {
	enum check_kind kind;
	/* CHECK_COMPARE */
	enum cmp_op op;
	struct value value;
	bool has_partial;
	double partial_from;
	/* CHECK_BETWEEN */
	double lo, hi;
	/* CHECK_IN */
	struct value *set;
	size_t nset;
	/* CHECK_MATCH */
	const char *pattern_src;
	struct pattern *pattern;        /* NULL when read from a report */
	/* CHECK_PRESENT: nothing more */
	/* CHECK_TREND */
	int direction;                  /* +1 up, -1 down */
	double min_change_pct;
	int years;
	double break_factor;            /* a larger change is a series break; 0: none */
	/* CHECK_EXPR */
	const char *expr_src;
	struct expr *expr;              /* NULL when read from a report */
	const char *text;               /* in words, e.g. ">= 3 (partial from 2)" */
	int line, col;                  /* where it is written; 0 when read from a report */
};

/* What a kind judges, and so who judges it. */
enum check_input {
	CHECK_ON_VALUE,         /* the value used: the kind's judge */
	/*
	 * The value used and the one its years earlier: the evaluator judges
	 * it, as it alone sees the other years.
	 */
	CHECK_ON_HISTORY,
	/* The values of the indicators its expression names: the evaluator. */
	CHECK_ON_OPERANDS,
};

/*
 * Where the words of a check go (check_words): plain text, or text with
 * markup. Each function gets ctx.
 */
struct check_words {
	void (*text)(void *ctx, const char *s);         /* words as they are */
	void (*num)(void *ctx, double v);               /* a number of the check */
	void (*value)(void *ctx, const struct value *v);/* a value it compares with */
	void (*code)(void *ctx, bool open);             /* a pattern or expression opens or ends */
	void *ctx;
};

/* What parsing a check needs of the loader that reads the rule. */
struct check_parse {
	struct yread *rd;               /* problems go here; what is read lives in its arena */
	const struct catalogue *cat;    /* expressions name its indicators */
	/* Take ownership of a compiled pattern; owner is passed back. */
	void (*own_pattern)(void *owner, struct pattern *p);
	void *owner;
};

struct check_row {
	const char *key;                /* the rule's key that holds it: "target", ... */
	/*
	 * Under a key that holds a mapping of several forms ("target"): the
	 * key that picks this one ("op"), and the others it takes (NULL-ended,
	 * or NULL). NULL when the key's value is the check itself.
	 */
	const char *form;
	const char *const *more;
	const char *noun;               /* "comparison", "trend", ... */
	/*
	 * NULL when the check reads the rule's indicator; else why it reads
	 * none, said when a rule gives one. Every kind of one key agrees.
	 */
	const char *no_indicator;
	enum check_input input;
	/* Reports for people show its gap (a trend's is a change, in its reason). */
	bool shows_gap;
	/*
	 * Fill out (zeroed, with its place and kind) from n, the value of its
	 * key, for indicator ind (NULL: unknown, or none): at is the node a
	 * misfit to the indicator is reported at.
	 */
	void (*parse)(const struct check_parse *p, const struct ynode *n,
	    const struct ynode *at, const struct indicator *ind, struct check *out);
	/*
	 * CHECK_ON_VALUE: the status and score (0..1) of observed value v;
	 * *why is set to a static explanation when the check could not be
	 * made, else left alone.
	 */
	enum status (*judge)(const struct check *c, const struct value *v,
	    double *score, const char **why);
	/*
	 * The signed distance of x to the nearest value that passes, and that
	 * value; false when there is none to speak of. NULL: never a gap.
	 */
	bool (*gap)(const struct check *c, double x, double *gap, double *ref);
	/*
	 * What a gap of that sign means, in words before the value it is
	 * measured from ("below the target of"); NULL with gap.
	 */
	const char *(*gap_words)(const struct check *c, double gap);
	void (*words)(const struct check *c, const struct check_words *w);
	/* The json report's "target" object (a new reference). */
	struct json_t *(*json)(const struct check *c);
	/*
	 * Read that object, t, into out (its kind set). NULL: there is nothing
	 * more to read.
	 */
	void (*from_json)(struct jread *r, const struct json_t *t, struct check *out);
	/*
	 * The indicators it reads besides the rule's own, each with whether it
	 * is read as prev(); at most max. NULL: none.
	 */
	size_t (*operands)(const struct check *c, int *inds, bool *prev, size_t max);
};

/* The table, indexed by enum check_kind. */
extern const struct check_row check_table[CHECK__COUNT];

static inline const struct check_row *
check_row_of(const struct check *c)
{
	return &check_table[c->kind];
}

/*
 * The keys of a rule that hold its check, as rows of the rule's descriptor
 * table (yamlfields.h): the rule loader reads them itself, through the
 * table. test_check holds them against the table's keys.
 */
#define CHECK_RULE_FIELDS \
	{ "target", YF_DEFERRED, .flags = 0 }, \
	{ "trend", YF_DEFERRED, .flags = 0 }, \
	{ "expr", YF_DEFERRED, .flags = 0 }

/* ---- reading a rule file ---- */

/*
 * Parse n, the value of a rule's key that holds a check of this kind, into
 * out (cleared, with its place, by the caller) for indicator ind (NULL:
 * unknown, or none); at is where a misfit to the indicator is said.
 * Problems go to p->rd; the check is worded (its text) when it has none.
 */
void check_parse(const struct check_parse *p, enum check_kind kind,
    const struct ynode *n, const struct ynode *at, const struct indicator *ind,
    struct check *out);
/*
 * Compile the regular expression in scalar n (what names it in messages),
 * handing it to p->own_pattern; NULL after reporting PCRE2's message at
 * the place in the file that it points at.
 */
struct pattern *check_parse_pattern(const struct check_parse *p,
    const struct ynode *n, const char *what);

/* ---- judging ---- */

/*
 * Judge a CHECK_ON_VALUE check c on observed value v: the status and score
 * (0..1); *why is set to a static explanation when the check could not be
 * made (a pattern limit), else left alone.
 */
enum status check_judge(const struct check *c, const struct value *v,
    double *score, const char **why);
/*
 * The gap of x to c, in the unit and in percent of the value it is
 * measured from; false (nothing set) when c has none or it is not finite.
 */
bool check_gap(const struct check *c, double x, double *gap, double *pct,
    bool *has_pct);
/*
 * A non-zero gap of x to c in words: *words before *ref, the value it is
 * measured from ("below the target of" 3); false when c has none.
 */
bool check_gap_words(const struct check *c, double x, const char **words, double *ref);
/* Indicators c reads besides its rule's own (see struct check_row). */
size_t check_operands(const struct check *c, int *inds, bool *prev, size_t max);

/* ---- showing ---- */

/* The words of c, e.g. ">= 3 (partial from 2)", into w. */
void check_words(const struct check *c, const struct check_words *w);
/* The words of c as plain text, appended to sb. */
void check_format(struct strbuf *sb, const struct check *c);
/* Does a report for people show a gap for c? */
bool check_shows_gap(const struct check *c);
/* c as the json report's "target" object (a new reference). */
struct json_t *check_json(const struct check *c);
/*
 * Read a json report's "target" object t (r's value in hand) into out,
 * with text as its words: its kind is the member that names it (a form's
 * key, else a rule's key). Sets are allocated in r's arena; strings point
 * into the document. Problems go to r.
 */
void check_from_json(struct jread *r, const struct json_t *t, const char *text,
    struct check *out);

#endif
