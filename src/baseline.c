/*
 * Baselines (baseline.h). The earlier report is read with jansson into
 * three tables keyed by stable identities:
 *
 *   entity                     -> its overall score
 *   entity, rule set           -> the commitment score
 *   entity, rule, indicator    -> the result's status and score
 *
 * A key is the ids joined by a unit separator (0x1f), which no id holds
 * (ids are checked when they are read). The tables are keyed hash tables
 * (strtab.h), so a crafted baseline cannot slow the lookups down.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "baseline.h"
#include "digest.h"
#include "results_load.h"
#include "strbuf.h"
#include "strtab.h"
#include "xalloc.h"

/* What the baseline says of one result. */
struct bl_result {
	bool gap;                       /* fail, partial, or missing that counts */
	bool has_score;
	double score;
};

/* What the baseline says of one score (an entity's or a commitment's). */
struct bl_score {
	bool has;
	double score;
};

struct baseline {
	char *path;
	char sha256[65];
	struct strtab results;          /* entity, rule, indicator */
	struct bl_result *res;
	struct strtab scores;           /* entity; entity, rule set */
	struct bl_score *sc;
	size_t rescap, sccap;
	bool *changed;                  /* per current rule definition */
	size_t nchanged;
};

/* The separator of the parts of a key. */
#define SEP '\x1f'

static void
key(struct strbuf *sb, const char *a, const char *b, const char *c)
{
	strbuf_reset(sb);
	strbuf_adds(sb, a);
	if (b != NULL) {
		strbuf_addc(sb, SEP);
		strbuf_adds(sb, b);
	}
	if (c != NULL) {
		strbuf_addc(sb, SEP);
		strbuf_adds(sb, c);
	}
}

/* A string member, or NULL (absent, null, not a string, or holding SEP). */
static const char *
str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s != NULL && strchr(s, SEP) == NULL ? s : NULL;
}

static bool
num(const json_t *o, const char *k, double *out)
{
	const json_t *v = json_object_get(o, k);

	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return false;
	*out = json_number_value(v);
	return true;
}

static void
put_score(struct baseline *b, const char *k, size_t len, bool has, double v)
{
	int i = strtab_intern(&b->scores, k, len);

	if ((size_t)i >= b->sccap) {
		b->sccap = b->sccap ? 2 * b->sccap : 64;
		b->sc = xreallocarray(b->sc, b->sccap, sizeof(*b->sc));
	}
	b->sc[i].has = has;
	b->sc[i].score = v;
}

/* What a report lacks, said once each. */
struct lacks {
	bool indicator, score, status;
};

static void
read_result(struct baseline *b, struct strbuf *sb, const char *entity,
    const json_t *r, struct lacks *lk)
{
	const char *rule = str(r, "id"), *status = str(r, "status");
	const json_t *ind = json_object_get(r, "indicator");
	struct bl_result x = { 0 };
	int i;

	if (rule == NULL)
		return;
	if (ind == NULL)
		lk->indicator = true;
	if (status == NULL) {
		lk->status = true;
		return;
	}
	x.has_score = num(r, "score", &x.score);
	if (json_object_get(r, "score") == NULL)
		lk->score = true;
	x.gap = strcmp(status, "fail") == 0 || strcmp(status, "partial") == 0 ||
	    (strcmp(status, "missing") == 0 && x.has_score);
	key(sb, entity, rule, json_is_string(ind) ? str(r, "indicator") : "");
	if (sb->buf == NULL)
		return;
	i = strtab_intern(&b->results, sb->buf, sb->len);
	if ((size_t)i >= b->rescap) {
		b->rescap = b->rescap ? 2 * b->rescap : 256;
		b->res = xreallocarray(b->res, b->rescap, sizeof(*b->res));
	}
	b->res[i] = x;
}

static void
read_entity(struct baseline *b, struct strbuf *sb, const json_t *e, struct lacks *lk)
{
	const char *id = str(e, "entity");
	const json_t *commits = json_object_get(e, "commitments"), *c, *r;
	size_t i, k;
	double v = 0;
	bool has;

	if (id == NULL)
		return;
	key(sb, id, NULL, NULL);
	has = num(e, "score", &v);
	put_score(b, sb->buf, sb->len, has, v);
	json_array_foreach(commits, i, c) {
		const char *set = str(c, "ruleset");

		if (set != NULL) {
			key(sb, id, set, NULL);
			has = num(c, "score", &v);
			put_score(b, sb->buf, sb->len, has, v);
		}
		json_array_foreach(json_object_get(c, "rules"), k, r)
			read_result(b, sb, id, r, lk);
	}
}

/*
 * The rule book: which rule sets the baseline was made with (their
 * digests) and which rule definitions differ from the current ones.
 */
static void
compare_rules(struct baseline *b, const json_t *doc, const struct res_run *run,
    struct diaglist *dl)
{
	const json_t *sets = json_object_get(doc, "rulesets"), *rules, *o;
	struct strtab ids;
	const json_t **defs;
	size_t i, nchanged = 0, nsets = json_array_size(sets), same = 0;

	json_array_foreach(sets, i, o)
		for (size_t k = 0; k < run->nrulesets; k++)
			if (str(o, "sha256") != NULL &&
			    strcmp(str(o, "sha256"), run->rulesets[k].sha256) == 0)
				same++;
	if (nsets != run->nrulesets || same != nsets)
		diag_warn(dl, b->path, 0, 0, "the baseline was made with other rules "
		    "(%zu of its %zu rule sets are the same files as the %zu of this run); "
		    "rules whose definition changed are marked", same, nsets, run->nrulesets);
	rules = json_object_get(doc, "rules");
	strtab_init(&ids, false);
	defs = xcalloc(json_array_size(rules) + 1, sizeof(*defs));
	json_array_foreach(rules, i, o) {
		const char *id = str(o, "id");

		if (id != NULL)
			defs[strtab_intern(&ids, id, strlen(id))] = o;
	}
	b->nchanged = run->nrules;
	b->changed = xcalloc(run->nrules ? run->nrules : 1, sizeof(*b->changed));
	for (size_t d = 0; d < run->nrules; d++) {
		const struct res_ruledef *rd = &run->rules[d];
		int at = strtab_find(&ids, rd->id, strlen(rd->id));
		const char *text, *sev;
		double w;

		if (at < 0) {
			b->changed[d] = true;
			nchanged++;
			continue;
		}
		text = str(defs[at], "target_text");
		sev = str(defs[at], "severity");
		b->changed[d] = (text != NULL && strcmp(text, rd->target->text) != 0) ||
		    (sev != NULL && strcmp(sev, severity_names[rd->severity]) != 0) ||
		    (num(defs[at], "weight", &w) && w != rd->weight);
		nchanged += b->changed[d];
	}
	if (nchanged > 0)
		diag_warn(dl, b->path, 0, 0, "%zu rule%s of this run %s defined otherwise "
		    "in the baseline, or not at all", nchanged, nchanged == 1 ? "" : "s",
		    nchanged == 1 ? "is" : "are");
	free(defs);
	strtab_release(&ids);
}

/* The bytes of the file at path, and their SHA-256. */
static int
read_file(const char *path, struct strbuf *out, char sha[65], struct diaglist *dl)
{
	FILE *fp = fopen(path, "rb");

	strbuf_init(out);
	if (fp == NULL || strbuf_read(out, fp) != 0) {
		diag_error(dl, NULL, 0, 0, "cannot read the baseline '%s': %s", path,
		    strerror(errno));
		if (fp != NULL)
			fclose(fp);
		strbuf_release(out);
		return -1;
	}
	fclose(fp);
	digest_buffer(out->buf, out->len, sha);
	return 0;
}

/*
 * The baseline is what the gate of --fail-on-new is judged against, so it
 * must be the report that was written. One of this version is checked as
 * --render checks a report (results_load.h): its digest, then that its
 * fields follow from one another. One of another version is read
 * leniently, but when it ends with a digest (every version since the
 * digest was added writes one the same way), the digest must match; one
 * without a digest is used with a warning that it cannot be checked.
 */
static int
check_report(const char *path, const struct strbuf *text, const char *version,
    const struct res_run *run, struct diaglist *dl)
{
	static const char digest_key[] = "\n  \"" RES_DIGEST_KEY "\": \"";
	struct res_loader *l;
	struct res_run report;
	int rc;

	if (version == NULL || strcmp(version, run->version) != 0) {
		if (text->buf != NULL && memmem(text->buf, text->len, digest_key,
		    sizeof(digest_key) - 1) != NULL)
			return res_load_digest(path, text->buf, text->len, dl);
		diag_warn(dl, path, 0, 0, "the baseline has no %s: whether it was "
		    "changed after it was written cannot be told", RES_DIGEST_KEY);
		return 0;
	}
	if ((l = res_load(path, run->version, &report, dl)) == NULL)
		return -1;
	rc = res_load_check(l, dl);
	res_load_free(l);
	return rc;
}

struct baseline *
baseline_load(const char *path, const struct res_run *run, struct diaglist *dl)
{
	struct baseline *b;
	struct strbuf sb;
	struct lacks lk = { 0 };
	struct strbuf text;
	char sha[65];
	json_error_t err;
	json_t *doc, *e;
	const char *version;
	size_t i;

	if (read_file(path, &text, sha, dl) < 0)
		return NULL;
	doc = json_loadb(text.buf ? text.buf : "", text.len, JSON_REJECT_DUPLICATES, &err);
	if (doc == NULL) {
		diag_error(dl, path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
		    "the baseline is not a json report: %s", err.text);
		strbuf_release(&text);
		return NULL;
	}
	if (!json_is_object(doc) || !json_is_array(json_object_get(doc, "entities")) ||
	    str(json_object_get(doc, "tool"), "name") == NULL ||
	    strcmp(str(json_object_get(doc, "tool"), "name"), run->tool) != 0) {
		diag_error(dl, path, 0, 0, "not a json report of %s: a baseline is the "
		    "json report (-f json) of an earlier run", run->tool);
		json_decref(doc);
		strbuf_release(&text);
		return NULL;
	}
	if (check_report(path, &text, str(json_object_get(doc, "tool"), "version"), run,
	    dl) != 0) {
		json_decref(doc);
		strbuf_release(&text);
		return NULL;
	}
	strbuf_release(&text);
	b = xcalloc(1, sizeof(*b));
	b->path = xstrdup(path);
	memcpy(b->sha256, sha, sizeof(b->sha256));
	strtab_init(&b->results, false);
	strtab_init(&b->scores, false);
	version = str(json_object_get(doc, "tool"), "version");
	if (version == NULL || strcmp(version, run->version) != 0)
		diag_warn(dl, path, 0, 0, "the baseline was written by version %s, this is "
		    "%s: results are matched on entity, rule and indicator all the same",
		    version != NULL ? version : "(unknown)", run->version);
	compare_rules(b, doc, run, dl);
	strbuf_init(&sb);
	json_array_foreach(json_object_get(doc, "entities"), i, e)
		read_entity(b, &sb, e, &lk);
	strbuf_release(&sb);
	if (lk.indicator)
		diag_warn(dl, path, 0, 0, "the baseline's results lack 'indicator': "
		    "they are matched on entity and rule alone");
	if (lk.status)
		diag_warn(dl, path, 0, 0, "some results of the baseline lack 'status': "
		    "they count as unknown, so the current results count as new");
	if (lk.score)
		diag_warn(dl, path, 0, 0, "the baseline's results lack 'score': a gap "
		    "whose score changed counts as unchanged");
	json_decref(doc);
	return b;
}

void
baseline_free(struct baseline *b)
{
	if (b == NULL)
		return;
	strtab_release(&b->results);
	strtab_release(&b->scores);
	free(b->res);
	free(b->sc);
	free(b->changed);
	free(b->path);
	free(b);
}

const char *
baseline_path(const struct baseline *b)
{
	return b->path;
}

const char *
baseline_sha256(const struct baseline *b)
{
	return b->sha256;
}

bool
baseline_rule_changed(const struct baseline *b, size_t def)
{
	return def < b->nchanged && b->changed[def];
}

static const struct bl_score *
score_of(const struct baseline *b, const struct strbuf *sb)
{
	int i = sb->buf ? strtab_find(&b->scores, sb->buf, sb->len) : -1;

	return i < 0 ? NULL : &b->sc[i];
}

/* A score delta rounded to d decimals, as the scores themselves are. */
static double
delta(double now, double then, double unit)
{
	double r = round((now - then) / unit) * unit;

	return r == 0 ? 0 : r;          /* no -0 */
}

void
baseline_compare(const struct baseline *b, const struct res_run *run,
    struct res_entity *e)
{
	const struct bl_score *s;
	struct strbuf sb;

	strbuf_init(&sb);
	key(&sb, e->id, NULL, NULL);
	s = score_of(b, &sb);
	e->has_score_delta = s != NULL && s->has && e->has_score;
	e->score_delta = e->has_score_delta ? delta(e->score, s->score, 0.01) : 0;
	for (size_t c = 0; c < e->ncommits; c++) {
		struct res_commit *cr = &e->commits[c];

		key(&sb, e->id, run->rulesets[cr->ruleset].id, NULL);
		s = score_of(b, &sb);
		cr->has_score_delta = s != NULL && s->has && cr->has_score;
		cr->score_delta = cr->has_score_delta ? delta(cr->score, s->score, 0.01) : 0;
	}
	for (size_t i = 0; i < e->nrules; i++) {
		struct res_rule *r = &e->rules[i];
		const struct res_ruledef *d = res_def(run, r);
		const struct bl_result *then = NULL;
		bool gap = res_is_gap(r);
		int at;

		key(&sb, e->id, d->id, d->indicator >= 0 ? run->indicators[d->indicator].id : "");
		at = strtab_find(&b->results, sb.buf, sb.len);
		if (at < 0) {           /* a baseline without indicators */
			key(&sb, e->id, d->id, "");
			at = strtab_find(&b->results, sb.buf, sb.len);
		}
		if (at >= 0)
			then = &b->res[at];
		r->score_delta = 0;
		if (gap && (then == NULL || !then->gap)) {
			r->baseline = BS_NEW;
		} else if (gap) {
			double now = r->counted ? r->score : 0;

			r->baseline = then->has_score && now != then->score ? BS_UPDATED :
			    BS_UNCHANGED;
			if (r->baseline == BS_UPDATED)
				r->score_delta = delta(now, then->score, 0.0001);
		} else {
			r->baseline = then != NULL && then->gap ? BS_ABSENT : BS_UNCHANGED;
		}
	}
	strbuf_release(&sb);
}
