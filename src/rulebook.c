/*
 * The rule book: the catalogue, the rule sets and the profiles, loaded from
 * the built-in files or from paths given with --rules, cross-checked (rule
 * ids unique across sets) and indexed for lookup.
 */
#include "config.h"

#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "rulebook.h"
#include "xalloc.h"
#include "yamldoc.h"

void
rulebook_init(struct rulebook *rb)
{
	memset(rb, 0, sizeof(*rb));
	arena_init(&rb->arena);
	catalogue_init(&rb->cat);
	strtab_init(&rb->rule_ids, false);
}

void
rulebook_release(struct rulebook *rb)
{
	for (size_t i = 0; i < rb->npatterns; i++)
		pattern_free(rb->patterns[i]);
	free(rb->patterns);
	free(rb->rules);
	free(rb->id_rule);
	free(rb->changes);
	strtab_release(&rb->rule_ids);
	catalogue_release(&rb->cat);
	arena_release(&rb->arena);
	memset(rb, 0, sizeof(*rb));
}

int
rulebook_read_file(const char *path, size_t max, char **out, size_t *len,
    struct diaglist *dl)
{
	FILE *fp;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;

	*out = NULL;
	*len = 0;
	if ((fp = fopen(path, "rb")) == NULL) {
		diag_error(dl, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t got;

		if (cap - n < 8192)
			xgrow(&buf, &cap, n + 8192 + 1, 1);
		got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (n > max) {
			diag_error(dl, NULL, 0, 0, "'%s' is too large (more than %zu bytes)",
			    path, max);
			goto out;
		}
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		diag_error(dl, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	fclose(fp);
	return rc;
}

/* ---- lookup ---- */

const struct rule *
rulebook_find_rule(const struct rulebook *rb, const char *id)
{
	int k = strtab_find(&rb->rule_ids, id, strlen(id));

	return k < 0 ? NULL : rb->rules[rb->id_rule[k]];
}

const struct profile *
rulebook_find_profile(const struct rulebook *rb, const char *name)
{
	for (size_t i = 0; i < rb->nprofiles; i++)
		if (strcmp(rb->profiles[i].name, name) == 0)
			return &rb->profiles[i];
	return NULL;
}

const struct profile *
rulebook_default_profile(const struct rulebook *rb, enum subject s)
{
	if (s == SUBJ_NONE)
		return NULL;
	for (size_t i = 0; i < rb->nprofiles; i++)
		if (rb->profiles[i].subject == s)
			return &rb->profiles[i];
	return NULL;
}

void
rulebook_mark_indicators(const struct rule *r, bool *used)
{
	int inds[64];
	bool prev[64];
	size_t n = check_operands(&r->target, inds, prev, 64);

	if (r->indicator >= 0)
		used[r->indicator] = true;
	for (size_t k = 0; k < n; k++)
		used[inds[k]] = true;
}

const char *
rulebook_suggest_rule(const struct rulebook *rb, const char *id)
{
	const char **ids;
	const char *best;

	if (rb->rule_ids.n == 0)
		return NULL;
	ids = xcalloc(rb->rule_ids.n, sizeof(*ids));
	for (size_t i = 0; i < rb->rule_ids.n; i++)
		ids[i] = rb->rules[rb->id_rule[i]]->id;
	best = diag_suggest(id, ids, rb->rule_ids.n);
	free(ids);
	return best;
}

/* ---- what the loaders see of the book (struct loadctx) ---- */

static void
own_pattern(void *book, struct pattern *p)
{
	struct rulebook *rb = book;

	xgrow(&rb->patterns, &rb->patcap, rb->npatterns + 1, sizeof(*rb->patterns));
	rb->patterns[rb->npatterns++] = p;
}

static const struct rule *
find_rule(const void *book, const char *id)
{
	return rulebook_find_rule(book, id);
}

static const char *
suggest_rule(const void *book, const char *id)
{
	return rulebook_suggest_rule(book, id);
}

void
rulebook_lookup(const struct rulebook *rb, struct rule_lookup *out)
{
	out->book = rb;
	out->find = find_rule;
	out->suggest = suggest_rule;
}

static void
loadctx_init(struct loadctx *lc, struct rulebook *rb)
{
	lc->arena = &rb->arena;
	lc->cat = &rb->cat;
	lc->own_pattern = own_pattern;
	lc->owner = rb;
	rulebook_lookup(rb, &lc->rules);
}

/* ---- loading ---- */

/*
 * The flat list of rules in rule-set order, and the id index. A rule id
 * given twice is an error naming both places; the first one is indexed.
 */
static void
index_rules(struct rulebook *rb, struct diaglist *dl)
{
	size_t total = 0, k = 0;

	for (size_t i = 0; i < rb->nsets; i++)
		total += rb->sets[i].nrules;
	rb->rules = xcalloc(total ? total : 1, sizeof(*rb->rules));
	rb->id_rule = xcalloc(total ? total : 1, sizeof(*rb->id_rule));
	for (size_t i = 0; i < rb->nsets; i++) {
		for (size_t j = 0; j < rb->sets[i].nrules; j++) {
			struct rule *r = &rb->sets[i].rules[j];
			size_t before = rb->rule_ids.n;
			int id;

			r->index = k;
			rb->rules[k++] = r;
			if (*r->id == '\0')
				continue;       /* reported by the rule-set loader */
			id = strtab_intern(&rb->rule_ids, r->id, strlen(r->id));
			if (rb->rule_ids.n > before) {
				rb->id_rule[id] = r->index;
			} else {
				const struct rule *first = rb->rules[rb->id_rule[id]];

				diag_error(dl, r->file, r->line, r->col,
				    "duplicate rule id '%s' (first defined at %s:%d:%d)",
				    r->id, first->file, first->line, first->col);
			}
		}
	}
	rb->nrules = total;
}

/* What a source holds; each kind has its own loader. */
enum source_kind {
	SRC_CATALOGUE,
	SRC_RULESET,
	SRC_PROFILES,
};

static int
load_one(struct rulebook *rb, const struct rule_source *src, enum source_kind kind,
    struct ruleset *rs, struct diaglist *dl)
{
	struct loadctx lc;
	struct ydoc doc;
	char sha[65];
	int rc;

	loadctx_init(&lc, rb);
	if ((rc = ydoc_parse(&doc, src->name, src->text, src->len, dl)) == 0) {
		switch (kind) {
		case SRC_CATALOGUE:
			catalogue_load(&rb->cat, &rb->arena, &doc, dl);
			break;
		case SRC_RULESET:
			digest_buffer(src->text, src->len, sha);
			ruleset_load(&lc, rs, &doc, sha, dl);
			break;
		case SRC_PROFILES:
			profiles_load(&lc, &doc, &rb->profiles, &rb->nprofiles, dl);
			break;
		}
	} else if (kind == SRC_RULESET) {
		/* Keep the set listed, with its digest, even though it is unusable. */
		memset(rs, 0, sizeof(*rs));
		rs->file = arena_strdup(&rb->arena, src->name);
		rs->id = rs->title = "";
		rs->weight = 1;
		digest_buffer(src->text, src->len, rs->sha256);
	}
	ydoc_release(&doc);
	return rc;
}

/* "; did you mean 'x'?" for an unknown sector, or "". */
static void
sector_hint(const struct catalogue *c, const char *id, char *buf, size_t size)
{
	const char *hint = catalogue_suggest_sector(c, id);

	if (hint != NULL)
		snprintf(buf, size, "; did you mean '%s'?", hint);
	else
		buf[0] = '\0';
}

/*
 * The sectors: a catalogue that declares them is the vocabulary, and a rule
 * or rule test naming another sector is a rule error (a misspelt sector
 * would make its rules silently inapplicable). A catalogue that declares
 * none takes the sectors its rules name.
 */
static void
settle_sectors(struct rulebook *rb, struct diaglist *dl)
{
	struct catalogue *c = &rb->cat;
	char hint[160];

	for (size_t i = 0; i < rb->nrules; i++) {
		const struct rule *r = rb->rules[i];

		for (size_t k = 0; k < r->nsectors; k++) {
			const char *id = r->sectors[k];
			struct sector sec = { id, NULL, r->file, r->line, r->col };

			if (!c->declared) {
				catalogue_add_sector(c, &sec);
				continue;
			}
			if (catalogue_find_sector(c, id, strlen(id)) >= 0)
				continue;
			sector_hint(c, id, hint, sizeof(hint));
			diag_error(dl, r->file, r->line, r->col, "rule '%s' names sector '%s', "
			    "which the catalogue does not declare%s", r->id, id, hint);
		}
	}
	for (size_t i = 0; i < rb->nsets; i++) {
		const struct ruleset *rs = &rb->sets[i];

		for (size_t k = 0; k < rs->ntests; k++) {
			const struct ruletest *t = &rs->tests[k];

			if (t->sector == NULL ||
			    catalogue_find_sector(c, t->sector, strlen(t->sector)) >= 0)
				continue;
			sector_hint(c, t->sector, hint, sizeof(hint));
			diag_error(dl, rs->file, t->line, t->col, "test '%s' names sector '%s', "
			    "which is not a known sector%s", t->name, t->sector, hint);
		}
	}
}

/*
 * The groups of alternatives: each id a rule lists must name another rule
 * that is in no other group and lists none of its own, so that a group is
 * one rule and the rules that stand in for it, in order.
 */
static struct rule *
rule_at(struct rulebook *rb, size_t index)
{
	for (size_t s = 0; s < rb->nsets; index -= rb->sets[s++].nrules)
		if (index < rb->sets[s].nrules)
			return &rb->sets[s].rules[index];
	return NULL;
}

static void
settle_alternatives(struct rulebook *rb, struct diaglist *dl)
{
	for (size_t i = 0; i < rb->nrules; i++) {
		struct rule *r = rule_at(rb, i);

		if (r->nalt_ids == 0)
			continue;
		if (r->nalt_ids > RULE_MAX_ALTERNATIVES) {
			diag_error(dl, r->file, r->alt_lines[0], r->alt_cols[0], "rule '%s' lists %zu "
			    "alternatives; at most %d may stand in for one rule", r->id,
			    r->nalt_ids, RULE_MAX_ALTERNATIVES);
			continue;
		}
		r->alts = arena_array(&rb->arena, r->nalt_ids, sizeof(*r->alts));
		for (size_t k = 0; k < r->nalt_ids; k++) {
			const char *id = r->alt_ids[k];
			int at = strtab_find(&rb->rule_ids, id, strlen(id));
			struct rule *a = at < 0 ? NULL : rule_at(rb, rb->id_rule[at]);
			const char *hint;

			if (a == NULL) {
				hint = rulebook_suggest_rule(rb, id);
				diag_error(dl, r->file, r->alt_lines[k], r->alt_cols[k], "rule '%s' names "
				    "unknown rule '%s' among its alternatives%s%s%s", r->id, id,
				    hint ? "; did you mean '" : "", hint ? hint : "",
				    hint ? "'?" : "");
			} else if (a == r) {
				diag_error(dl, r->file, r->alt_lines[k], r->alt_cols[k], "rule '%s' names "
				    "itself among its alternatives", r->id);
			} else if (a->alt_of != NULL) {
				diag_error(dl, r->file, r->alt_lines[k], r->alt_cols[k], "rule '%s' names '%s' "
				    "among its alternatives, but '%s' already stands in for "
				    "'%s'", r->id, id, id, a->alt_of->id);
			} else if (a->nalt_ids > 0) {
				diag_error(dl, r->file, r->alt_lines[k], r->alt_cols[k], "rule '%s' names '%s' "
				    "among its alternatives, but '%s' has alternatives of its "
				    "own; list them all on one rule", r->id, id, id);
			} else if (r->alt_of != NULL) {
				diag_error(dl, r->file, r->alt_lines[0], r->alt_cols[0], "rule '%s' has "
				    "alternatives, but stands in for '%s' itself; list them "
				    "all on '%s'", r->id, r->alt_of->id, r->alt_of->id);
				break;
			} else {
				a->alt_of = r;
				r->alts[r->nalts++] = a;
			}
		}
	}
}

/* Each profile's selection and overrides by rule index. */
static void
plan_profiles(struct rulebook *rb)
{
	for (size_t k = 0; k < rb->nprofiles; k++) {
		struct profile *p = &rb->profiles[k];

		p->selected = arena_array(&rb->arena, rb->nrules ? rb->nrules : 1,
		    sizeof(*p->selected));
		p->override = arena_array(&rb->arena, rb->nrules ? rb->nrules : 1,
		    sizeof(*p->override));
		for (size_t i = 0; i < rb->nrules; i++) {
			const struct rule *r = rb->rules[i];

			/*
			 * A default profile's globs were written without the rule
			 * sets a tailoring adds: their rules join it for the
			 * subjects they apply to (resilience-rules(5)).
			 */
			p->selected[i] = profile_selects(p, r->id) ||
			    (r->set->tailored && p->subject != SUBJ_NONE &&
			    (r->subjects & (unsigned)p->subject) != 0);
			p->override[i] = profile_override_for(p, r->id);
		}
	}
}

/* ---- tailoring and selection ---- */

void
rulebook_note_change(struct rulebook *rb, enum tailor_kind kind, const char *id,
    const char *field, const char *from, const char *to)
{
	xgrow(&rb->changes, &rb->chcap, rb->nchanges + 1, sizeof(*rb->changes));
	rb->changes[rb->nchanges++] = (struct tailor_change){ kind, id, field, from, to };
}

/*
 * Apply tailoring t to the loaded book: record what it adds (the
 * indicators from ncat on, the rule sets from nsets on), then select and
 * refine, then leave out what it unselects. Changes are recorded only for
 * a tailoring without errors.
 */
static void
tailor(struct rulebook *rb, const struct rulebook_overlay *t, const struct loadctx *lc,
    size_t ncat, size_t nsets, struct diaglist *dl)
{
	bool *drop = xcalloc(rb->nrules ? rb->nrules : 1, sizeof(*drop));

	rb->tailored = true;
	rb->tailor_name = arena_strdup(&rb->arena, t->name);
	rb->tailor_file = arena_strdup(&rb->arena, t->file);
	snprintf(rb->tailor_sha256, sizeof(rb->tailor_sha256), "%s", t->sha256);
	for (size_t i = nsets; i < rb->nsets; i++)
		rulebook_note_change(rb, TC_ADD_RULESET, rb->sets[i].id, NULL, NULL, NULL);
	for (size_t i = ncat; i < rb->cat.n; i++)
		rulebook_note_change(rb, TC_ADD_INDICATOR, rb->cat.items[i].id, NULL, NULL,
		    NULL);
	if (t->apply(t->arg, rb, lc, drop, dl) == 0 && dl->nerrors == 0)
		rulebook_drop(rb, drop);
	free(drop);
}

/* The expectations of a rule test that name a rule left in the book. */
static void
drop_expectations(struct rulebook *rb, struct ruleset *rs, const bool *drop)
{
	size_t kept = 0;

	for (size_t k = 0; k < rs->ntests; k++) {
		struct ruletest *t = &rs->tests[k];
		size_t n = 0;

		for (size_t e = 0; e < t->nexpect; e++) {
			const struct rule *r = rulebook_find_rule(rb, t->expect[e].rule_id);

			if (r != NULL && !drop[r->index])
				t->expect[n++] = t->expect[e];
		}
		t->nexpect = n;
		if (n > 0)
			rs->tests[kept++] = *t;
	}
	rs->ntests = kept;
}

void
rulebook_drop(struct rulebook *rb, const bool *drop)
{
	struct rule **moved;
	struct diaglist scratch;
	size_t ns = 0, nold = rb->nrules;
	bool any = false;

	for (size_t i = 0; i < nold; i++)
		any = any || drop[i];
	if (!any)
		return;
	moved = xcalloc(nold, sizeof(*moved));
	for (size_t s = 0; s < rb->nsets; s++) {
		struct ruleset *rs = &rb->sets[s];
		struct rule *nr;
		size_t kept = 0;

		for (size_t j = 0; j < rs->nrules; j++)
			kept += !drop[rs->rules[j].index];
		drop_expectations(rb, rs, drop);
		if (kept == 0 && rs->nrules > 0)
			continue;
		nr = arena_array(&rb->arena, kept ? kept : 1, sizeof(*nr));
		kept = 0;
		for (size_t j = 0; j < rs->nrules; j++) {
			if (drop[rs->rules[j].index])
				continue;
			nr[kept] = rs->rules[j];
			moved[rs->rules[j].index] = &nr[kept++];
		}
		rs->rules = nr;
		rs->nrules = kept;
		rb->sets[ns++] = *rs;
	}
	rb->nsets = ns;
	/* The new places, in the rules and in the groups of alternatives. */
	for (size_t s = 0; s < rb->nsets; s++) {
		for (size_t j = 0; j < rb->sets[s].nrules; j++) {
			struct rule *r = &rb->sets[s].rules[j];
			size_t n = 0;

			r->set = &rb->sets[s];
			for (size_t k = 0; k < r->nalts; k++)
				if (moved[r->alts[k]->index] != NULL)
					r->alts[n++] = moved[r->alts[k]->index];
			r->nalts = n;
			r->alt_of = r->alt_of ? moved[r->alt_of->index] : NULL;
		}
	}
	free(moved);
	free(rb->rules);
	free(rb->id_rule);
	strtab_release(&rb->rule_ids);
	strtab_init(&rb->rule_ids, false);
	/* The ids were unique before; nothing can be said here. */
	diag_init(&scratch);
	index_rules(rb, &scratch);
	diag_release(&scratch);
	plan_profiles(rb);
}

/*
 * Load catalogues, then rule sets (which resolve indicators against the
 * catalogue), then profiles (which name rules). Returns the number of
 * errors added to dl.
 */
static int
load_all(struct rulebook *rb, const struct rule_source *cats, size_t ncats,
    const struct rule_source *sets, size_t nsets,
    const struct rule_source *profs, size_t nprofs, struct diaglist *dl)
{
	const struct rulebook_overlay *t = rb->overlay;
	size_t before = dl->nerrors, nt = 0, ncat = 0;
	bool cat_ok = true;
	struct loadctx lc;

	rb->overlay = NULL;
	loadctx_init(&lc, rb);
	for (size_t i = 0; i < ncats; i++)
		if (load_one(rb, &cats[i], SRC_CATALOGUE, NULL, dl) < 0)
			cat_ok = false;
	/*
	 * Without a readable catalogue every indicator would be unknown; stop
	 * here rather than bury the real problem under those messages.
	 */
	if (!cat_ok)
		nsets = nprofs = 0;
	if (t != NULL && cat_ok) {
		ncat = rb->cat.n;
		t->add_indicators(t->arg, &rb->cat, &rb->arena, dl);
		nt = t->nsets(t->arg);
	}
	rb->sets = arena_array(&rb->arena, nsets + nt + 1, sizeof(*rb->sets));
	rb->nsets = nsets + nt;
	for (size_t i = 0; i < nsets; i++)
		load_one(rb, &sets[i], SRC_RULESET, &rb->sets[i], dl);
	for (size_t i = 0; i < nt; i++)
		t->load_set(t->arg, i, &lc, &rb->sets[nsets + i], dl);
	index_rules(rb, dl);
	settle_sectors(rb, dl);
	settle_alternatives(rb, dl);
	for (size_t i = 0; i < nprofs; i++)
		load_one(rb, &profs[i], SRC_PROFILES, NULL, dl);
	plan_profiles(rb);
	if (t != NULL && cat_ok)
		tailor(rb, t, &lc, ncat, nsets, dl);
	return (int)(dl->nerrors - before);
}

int
rulebook_load_sources(struct rulebook *rb, const struct rule_source *catalogue,
    const struct rule_source *sets, size_t nsets,
    const struct rule_source *profiles, struct diaglist *dl)
{
	return load_all(rb, catalogue, catalogue != NULL, sets, nsets, profiles,
	    profiles != NULL, dl);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

static const struct rule_source *
builtin_catalogue(void)
{
	for (size_t i = 0; i < builtin_rules_count; i++)
		if (builtin_rules[i].name != NULL &&
		    ends_with(builtin_rules[i].name, "indicators.yaml"))
			return &builtin_rules[i];
	return NULL;
}

int
rulebook_load_builtin(struct rulebook *rb, struct diaglist *dl)
{
	const struct rule_source *cat = builtin_catalogue(), *prof = NULL;
	struct rule_source *sets;
	size_t nsets = 0;
	int errs;

	rb->builtin = true;
	if (cat == NULL) {
		diag_error(dl, NULL, 0, 0, "the built-in rules have no indicators.yaml");
		return 1;
	}
	sets = xcalloc(builtin_rules_count + 1, sizeof(*sets));
	for (size_t i = 0; i < builtin_rules_count; i++) {
		const struct rule_source *s = &builtin_rules[i];

		if (s->name == NULL || s == cat)
			continue;
		if (ends_with(s->name, "profiles.yaml"))
			prof = s;
		else
			sets[nsets++] = *s;
	}
	errs = load_all(rb, cat, 1, sets, nsets, prof, prof != NULL, dl);
	free(sets);
	return errs;
}

/* ---- loading from paths ---- */

/* Sources gathered from the paths, with the buffers that back them. */
struct gather {
	struct rulebook *rb;
	struct diaglist *dl;
	struct rule_source *cats, *sets, *profs;
	size_t ncats, nsets, nprofs, capc, caps, capp;
	char **bufs;
	size_t nbufs, capb;
	char **seen;                    /* real paths already taken */
	size_t nseen, capseen;
	bool need_builtin_cat;
	bool cat_failed;                /* a catalogue could not be had */
};

/* True (and remembered) the first time a file is met. */
static bool
first_time(struct gather *g, const char *path)
{
	char *real = realpath(path, NULL);

	if (real == NULL)
		real = xstrdup(path);
	for (size_t i = 0; i < g->nseen; i++) {
		if (strcmp(g->seen[i], real) == 0) {
			free(real);
			return false;
		}
	}
	xgrow(&g->seen, &g->capseen, g->nseen + 1, sizeof(*g->seen));
	g->seen[g->nseen++] = real;
	return true;
}

static void
add_file(struct gather *g, const char *path, enum source_kind kind)
{
	struct rule_source src;
	char *buf;
	size_t len;

	if (!first_time(g, path))
		return;
	if (rulebook_read_file(path, RULEBOOK_MAX_FILE, &buf, &len, g->dl) < 0) {
		g->cat_failed = g->cat_failed || kind == SRC_CATALOGUE;
		return;
	}
	xgrow(&g->bufs, &g->capb, g->nbufs + 1, sizeof(*g->bufs));
	g->bufs[g->nbufs++] = buf;
	src.name = arena_strdup(&g->rb->arena, path);
	src.text = buf;
	src.len = len;
	switch (kind) {
	case SRC_CATALOGUE:
		xgrow(&g->cats, &g->capc, g->ncats + 1, sizeof(*g->cats));
		g->cats[g->ncats++] = src;
		break;
	case SRC_RULESET:
		xgrow(&g->sets, &g->caps, g->nsets + 1, sizeof(*g->sets));
		g->sets[g->nsets++] = src;
		break;
	case SRC_PROFILES:
		xgrow(&g->profs, &g->capp, g->nprofs + 1, sizeof(*g->profs));
		g->profs[g->nprofs++] = src;
		break;
	}
}

static char *
join(const char *dir, const char *name)
{
	size_t l = strlen(dir);

	return l > 0 && dir[l - 1] == '/' ? xasprintf("%s%s", dir, name) :
	    xasprintf("%s/%s", dir, name);
}

static bool
is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* What a file that is not a regular one is, for messages. */
static const char *
file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	return "not a regular file";
}

/*
 * Every *.yaml of a rules folder must be a readable regular file: a rule
 * set skipped without a word would leave its commitment unchecked while
 * --lint-rules said "no problems found", and a FIFO would block the run.
 * Returns true for a file to read; reports the problem otherwise.
 */
static bool
dir_entry_ok(struct gather *g, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		struct stat lst;

		if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
			diag_error(g->dl, NULL, 0, 0, "rule file '%s' is a symbolic link "
			    "to nothing (%s)", path, strerror(errno));
		else
			diag_error(g->dl, NULL, 0, 0, "cannot open '%s': %s", path,
			    strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(g->dl, NULL, 0, 0, "rule file '%s' is %s, not a regular file",
		    path, file_kind(st.st_mode));
		return false;
	}
	return true;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_dir(struct gather *g, const char *dir)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	bool has_cat = false;

	if ((d = opendir(dir)) == NULL) {
		diag_error(g->dl, NULL, 0, 0, "cannot open '%s': %s", dir, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    !(ends_with(de->d_name, ".yaml") || ends_with(de->d_name, ".yml")))
			continue;
		xgrow(&names, &cap, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++)
		has_cat = has_cat || strcmp(names[i], "indicators.yaml") == 0;
	if (!has_cat)
		diag_error(g->dl, NULL, 0, 0, "rules folder '%s' has no indicators.yaml", dir);
	for (size_t i = 0; i < n && has_cat; i++) {
		char *path = join(dir, names[i]);
		bool is_cat = strcmp(names[i], "indicators.yaml") == 0;

		if (!dir_entry_ok(g, path))
			g->cat_failed = g->cat_failed || is_cat;
		else if (is_cat)
			add_file(g, path, SRC_CATALOGUE);
		else if (strcmp(names[i], "profiles.yaml") == 0)
			add_file(g, path, SRC_PROFILES);
		else
			add_file(g, path, SRC_RULESET);
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* A lone rule-set file, with the catalogue beside it when there is one. */
static void
add_lone_file(struct gather *g, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup("./");
	char *cat = join(dir, "indicators.yaml");

	if (is_regular(cat))
		add_file(g, cat, SRC_CATALOGUE);
	else
		g->need_builtin_cat = true;
	add_file(g, path, SRC_RULESET);
	free(cat);
	free(dir);
}

int
rulebook_load_paths(struct rulebook *rb, char *const *paths, size_t n,
    struct diaglist *dl)
{
	struct gather g;
	size_t before = dl->nerrors;

	memset(&g, 0, sizeof(g));
	g.rb = rb;
	g.dl = dl;
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (stat(paths[i], &st) != 0)
			diag_error(dl, NULL, 0, 0, "cannot open '%s': %s", paths[i],
			    strerror(errno));
		else if (S_ISDIR(st.st_mode))
			add_dir(&g, paths[i]);
		else
			add_lone_file(&g, paths[i]);
	}
	/*
	 * A lone rule-set file without a catalogue beside it reads the
	 * catalogue of the other paths when they bring one, else the built-in.
	 */
	if (g.need_builtin_cat && g.ncats == 0) {
		const struct rule_source *cat = builtin_catalogue();

		if (cat == NULL) {
			diag_error(dl, NULL, 0, 0, "the built-in rules have no indicators.yaml");
			g.cat_failed = true;
		} else {
			xgrow(&g.cats, &g.capc, 1, sizeof(*g.cats));
			g.cats[g.ncats++] = *cat;
		}
	}
	/* Without its catalogue every indicator of a set would be unknown. */
	if (g.cat_failed)
		g.nsets = g.nprofs = 0;
	load_all(rb, g.cats, g.ncats, g.sets, g.nsets, g.profs, g.nprofs, dl);
	for (size_t i = 0; i < g.nbufs; i++)
		free(g.bufs[i]);
	for (size_t i = 0; i < g.nseen; i++)
		free(g.seen[i]);
	free(g.bufs);
	free(g.seen);
	free(g.cats);
	free(g.sets);
	free(g.profs);
	return (int)(dl->nerrors - before);
}
