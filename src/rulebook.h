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
