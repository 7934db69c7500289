/*
 * The rule book: catalogue, rule sets and profiles loaded together and
 * cross-checked, from the built-in set or from files given with --rules.
 */
#ifndef RC_RULEBOOK_H
#define RC_RULEBOOK_H

#include <stddef.h>
#include "arena.h"
#include "catalogue.h"
#include "diag.h"
#include "profile.h"
#include "ruleset.h"

/* Largest rule, catalogue, profile or waiver file read. */
#define RULEBOOK_MAX_FILE (16u << 20)

/* A rule source held in memory: a built-in file or one read from disk. */
struct rule_source {
	const char *name;               /* shown in messages */
	const char *text;
	size_t len;
};

/* The built-in files, generated from rules/ at build time. */
extern const struct rule_source builtin_rules[];
extern const size_t builtin_rules_count;

/*
 * What a tailoring (tailoring.h) changed in the book, in the order of its
 * file: for the report's audit trail and for --explain. Reports name the
 * kinds with res_change_kinds (results.h), in this order.
 */
enum tailor_kind {
	TC_UNSELECT,            /* a rule left out (unselected and not selected back) */
	TC_REFINE,              /* a field of a rule changed */
	TC_ADD_RULESET,         /* a rule set added */
	TC_ADD_INDICATOR,       /* an indicator added to the catalogue */
};

struct tailor_change {
	enum tailor_kind kind;
	const char *id;                 /* the rule, rule set or indicator */
	const char *field;              /* TC_REFINE: target, severity, weight or max_age */
	const char *from, *to;          /* TC_REFINE: the old and new values, in words */
};


struct rulebook;

/*
 * An overlay on the rule book while it loads (a tailoring: tailoring.h).
 * The loader calls it at each step: add_indicators once the catalogue is
 * in, load_set for each of its nsets rule sets after the book's own, then
 * apply once the book is indexed and its profiles loaded, which sets drop
 * (one flag per rule) for the rules it leaves out. Each returns the
 * number of errors it added to dl.
 */
struct rulebook_overlay {
	const void *arg;
	const char *name, *file;        /* reports show them */
	const char *sha256;
	int (*add_indicators)(const void *arg, struct catalogue *c, struct arena *a,
	    struct diaglist *dl);
	size_t (*nsets)(const void *arg);
	int (*load_set)(const void *arg, size_t i, const struct loadctx *lc,
	    struct ruleset *rs, struct diaglist *dl);
	int (*apply)(const void *arg, struct rulebook *rb, const struct loadctx *lc,
	    bool *drop, struct diaglist *dl);
};

struct rulebook {
	struct arena arena;
	struct catalogue cat;
	struct ruleset *sets;
	size_t nsets;
	struct profile *profiles;
	size_t nprofiles;
	const struct rule **rules;      /* every rule, in rule-set order */
	size_t nrules;
	struct pattern **patterns;      /* the loaders', freed with the book */
	size_t npatterns, patcap;
	struct strtab rule_ids;         /* rule ids, interned */
	size_t *id_rule;                /* rule_ids index -> index into rules */
	bool builtin;
	/*
	 * Set by the caller before a loader runs: the overlay to apply to
	 * what is loaded (NULL: none). The loader copies what reports need of
	 * it below and clears the pointer.
	 */
	const struct rulebook_overlay *overlay;
	bool tailored;                  /* a tailoring was applied */
	const char *tailor_name, *tailor_file;
	char tailor_sha256[65];
	struct tailor_change *changes;  /* what it changed */
	size_t nchanges, chcap;
};

void rulebook_init(struct rulebook *rb);
void rulebook_release(struct rulebook *rb);
/*
 * The loaders below fill an empty book (call one of them once per book).
 * Load the built-in set. Returns the number of errors (0 = usable).
 */
int rulebook_load_builtin(struct rulebook *rb, struct diaglist *dl);
/*
 * Load from files and directories (see SPEC 5: a directory needs
 * indicators.yaml; a lone rule-set file uses the indicators.yaml beside it,
 * else the built-in catalogue). Returns the number of errors.
 */
int rulebook_load_paths(struct rulebook *rb, char *const *paths, size_t n,
    struct diaglist *dl);
/*
 * Load from sources already in memory. catalogue: the indicators document;
 * profiles may be NULL. Used by both of the above and by tests.
 */
int rulebook_load_sources(struct rulebook *rb, const struct rule_source *catalogue,
    const struct rule_source *sets, size_t nsets,
    const struct rule_source *profiles, struct diaglist *dl);
const struct rule *rulebook_find_rule(const struct rulebook *rb, const char *id);
const struct profile *rulebook_find_profile(const struct rulebook *rb, const char *name);
/* The profile that is the default for subject, or NULL. */
const struct profile *rulebook_default_profile(const struct rulebook *rb, enum subject s);
/*
 * Mark in used (one flag per catalogue indicator) every indicator that rule
 * r reads: its own, and each operand of its expression.
 */
void rulebook_mark_indicators(const struct rule *r, bool *used);
/*
 * Leave out the rules whose drop[rule index] is true: they go from their
 * rule sets, from the alternatives and tests that name them, and from the
 * index; a rule set left with no rule goes too. Rule pointers and indexes
 * taken before are no longer valid.
 */
void rulebook_drop(struct rulebook *rb, const bool *drop);
/* Record a change made by the tailoring (strings are not copied). */
void rulebook_note_change(struct rulebook *rb, enum tailor_kind kind, const char *id,
    const char *field, const char *from, const char *to);
/* Nearest rule id, for hints; NULL when none is close. */
const char *rulebook_suggest_rule(const struct rulebook *rb, const char *id);
/* The two above for a loader that does not know the book (profiles, waivers). */
void rulebook_lookup(const struct rulebook *rb, struct rule_lookup *out);
/*
 * Read a whole file of at most max bytes into a new NUL-terminated buffer
 * (*out, freed by the caller). On failure adds "cannot open 'X': ..." (or a
 * size error) to dl and returns -1.
 */
int rulebook_read_file(const char *path, size_t max, char **out, size_t *len,
    struct diaglist *dl);

#endif
