/*
 * Profiles: loading profiles.yaml (after every rule set, so that overrides
 * can be checked against the rules they name) and selecting rules by glob.
 */
#include "config.h"

#include <fnmatch.h>
#include <stddef.h>
#include <string.h>

#include "profile.h"

static bool
any_match(const char *const *globs, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (fnmatch(globs[i], id, 0) == 0)
			return true;
	return false;
}

bool
profile_selects(const struct profile *p, const char *rule_id)
{
	if (p->ninclude > 0 && !any_match(p->include, p->ninclude, rule_id))
		return false;
	return !any_match(p->exclude, p->nexclude, rule_id);
}

const struct profile_override *
profile_override_for(const struct profile *p, const char *rule_id)
{
	for (size_t i = 0; i < p->noverrides; i++)
		if (strcmp(p->overrides[i].rule_id, rule_id) == 0)
			return &p->overrides[i];
	return NULL;
}

/* ---- loading ---- */

/* What the parsers of one profiles file share (their struct yread's user). */
struct pload {
	const struct loadctx *lc;
};

static void
parse_override_rule(struct yread *rd, const struct ynode *v, void *rec)
{
	const struct loadctx *lc = ((struct pload *)rd->user)->lc;
	struct profile_override *o = rec;
	const struct rule *r = ruleset_parse_rule_ref(rd, v, &lc->rules);

	if (r != NULL)
		o->rule_id = r->id;
}

/* Read after 'rule': only a known rule's target can be replaced. */
static void
parse_override_target(struct yread *rd, const struct ynode *v, void *rec)
{
	const struct loadctx *lc = ((struct pload *)rd->user)->lc;
	struct profile_override *o = rec;
	const struct rule *r;
	int errs;

	if (*o->rule_id == '\0' ||
	    (r = lc->rules.find(lc->rules.book, o->rule_id)) == NULL)
		return;
	if (strcmp(check_row_of(&r->target)->key, "target") != 0) {
		yread_error(rd, v, "rule '%s' has a %s check; only a 'target' can be "
		    "overridden", r->id, check_row_of(&r->target)->noun);
		return;
	}
	errs = ruleset_parse_target(lc, v, r->indicator, rd->file, rd->dl,
	    &o->target);
	rd->errs += errs;
	o->has_target = errs == 0;
}

static void
parse_override_severity(struct yread *rd, const struct ynode *v, void *rec)
{
	struct profile_override *o = rec;
	int sev = ruleset_parse_severity(rd, v);

	if (sev >= 0)
		o->severity = sev;
}

static const struct yfield override_rows[] = {
	{ "rule", YF_CUSTOM, YF_REQUIRED, .parse = parse_override_rule },
	{ "target", YF_CUSTOM, 0, .parse = parse_override_target },
	{ "weight", YF_NUMBER, 0, .off = offsetof(struct profile_override, weight),
	    .check = ruleset_check_weight },
	{ "severity", YF_CUSTOM, 0, .parse = parse_override_severity },
};
static const struct yfields override_fields = YFIELDS(override_rows);

static void
init_override(void *rec, const struct ynode *item)
{
	struct profile_override *o = rec;

	o->rule_id = "";
	o->severity = -1;
	o->line = item->line;
	o->col = item->col;
}

static void
parse_overrides(struct yread *rd, const struct ynode *v, void *rec)
{
	struct profile *p = rec;

	if (yread_list(rd, v, "'overrides'") < 0)
		return;
	p->overrides = yfields_read_list(rd, &override_fields, "an override", v,
	    sizeof(*p->overrides), init_override);
	p->noverrides = v->n;
	for (size_t i = 1; i < v->n; i++) {
		const struct profile_override *o = &p->overrides[i];

		if (*o->rule_id == '\0')
			continue;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(p->overrides[j].rule_id, o->rule_id) != 0)
				continue;
			yread_error(rd, v->items[i], "rule '%s' is overridden twice "
			    "(first at line %d)", o->rule_id, p->overrides[j].line);
			break;
		}
	}
}

static void
parse_profile_subject(struct yread *rd, const struct ynode *v, void *rec)
{
	struct profile *p = rec;
	const char *s;
	int sj;

	if (yread_string(rd, v, "'subject'", &s) < 0)
		return;
	if ((sj = subject_parse(s, strlen(s))) < 0)
		yread_error(rd, v, "unknown subject '%s' (use 'state' or "
		    "'enterprise')", s);
	else
		p->subject = (enum subject)sj;
}

static const struct yfield profile_rows[] = {
	{ "name", YF_STRING, YF_REQUIRED, .off = offsetof(struct profile, name) },
	{ "description", YF_STRING, 0, .off = offsetof(struct profile, description) },
	{ "subject", YF_CUSTOM, 0, .parse = parse_profile_subject },
	{ "include", YF_STRLIST, 0, .off = offsetof(struct profile, include),
	    .count_off = offsetof(struct profile, ninclude) },
	{ "exclude", YF_STRLIST, 0, .off = offsetof(struct profile, exclude),
	    .count_off = offsetof(struct profile, nexclude) },
	{ "overrides", YF_CUSTOM, 0, .parse = parse_overrides },
};
static const struct yfields profile_fields = YFIELDS(profile_rows);

/*
 * A second profile of the same name as one of all[0..n), or a second
 * default for a subject: reported at the profile's entry, at.
 */
static void
check_clashes(struct yread *rd, const struct profile *all, size_t n,
    const struct profile *p, const struct ynode *at)
{
	for (size_t j = 0; j < n; j++) {
		const struct profile *q = &all[j];

		if (*p->name != '\0' && strcmp(q->name, p->name) == 0)
			yread_error(rd, at, "duplicate profile '%s' (first at "
			    "%s:%d:%d)", p->name, q->file, q->line, q->col);
		if (p->subject != SUBJ_NONE && q->subject == p->subject)
			yread_error(rd, at, "profile '%s' is a second default for "
			    "subject '%s' (the first is '%s' at %s:%d:%d)", p->name,
			    subject_name(p->subject), q->name, q->file, q->line,
			    q->col);
	}
}

int
profiles_load(const struct loadctx *lc, const struct ydoc *doc,
    struct profile **profiles, size_t *nprofiles, struct diaglist *dl)
{
	struct pload pl = { lc };
	struct yread rd = { NULL, dl, lc->arena, &pl, 0 };
	const struct ynode *list;
	struct profile *all;
	int errs;

	rd.file = arena_strdup(lc->arena, doc->file ? doc->file : "");
	list = ydoc_toplist(doc, "profiles", "the profiles file", rd.file, dl, &errs);
	if (list == NULL)
		return errs;
	/* Profiles live in the arena; grow by copying into a larger array. */
	all = arena_array(lc->arena, *nprofiles + list->n + 1, sizeof(*all));
	if (*nprofiles > 0)
		memcpy(all, *profiles, *nprofiles * sizeof(*all));
	*profiles = all;
	for (size_t i = 0; i < list->n; i++) {
		struct profile *p = &all[*nprofiles];

		p->name = "";
		p->file = rd.file;
		p->line = list->items[i]->line;
		p->col = list->items[i]->col;
		(void)yfields_read(&rd, &profile_fields, "a profile",
		    list->items[i], p);
		check_clashes(&rd, all, *nprofiles, p, list->items[i]);
		(*nprofiles)++;
	}
	return errs + rd.errs;
}
