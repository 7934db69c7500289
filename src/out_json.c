/*
 * The json report: the full structure of a run (SPEC section 7). The header
 * is built as one object; entities are written one by one as they are
 * evaluated, so memory does not grow with the number of entities.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>

#include "strbuf.h"
#include "value.h"
#include "out_json.h"
#include "xalloc.h"

#define JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

/*
 * A string that may not be UTF-8, such as a file name as given on the
 * command line: if it is not, its bytes above 0x7F are shown as '?', so the
 * report stays valid JSON. Every other string of the report comes from
 * input that was checked for UTF-8 when read, which is why most of this
 * file uses the _nocheck variants.
 */
static json_t *
jpath(const char *path)
{
	json_t *j = json_string(path);
	char *copy;

	if (j != NULL)
		return j;
	copy = xstrdup(path);
	for (unsigned char *p = (unsigned char *)copy; *p; p++)
		if (*p >= 0x80)
			*p = '?';
	j = json_string_nocheck(copy);
	free(copy);
	return j;
}

static json_t *
jstr(const char *s)
{
	return s != NULL ? json_string_nocheck(s) : json_null();
}

static json_t *
jwaiver(const struct res_waiver *w)
{
	json_t *j = json_object();

	json_object_set_new_nocheck(j, "rule", json_string_nocheck(w->rule));
	json_object_set_new_nocheck(j, "entity", json_string_nocheck(w->entity));
	json_object_set_new_nocheck(j, "reason", json_string_nocheck(w->reason));
	json_object_set_new_nocheck(j, "expires", json_string_nocheck(w->expires));
	json_object_set_new_nocheck(j, "approved_by", jstr(w->approved_by));
	json_object_set_new_nocheck(j, "file", jpath(w->file));
	json_object_set_new_nocheck(j, "line", json_integer(w->line));
	json_object_set_new_nocheck(j, "column", json_integer(w->col));
	return j;
}

static json_t *
jstatuses(const size_t *count)
{
	json_t *j = json_object();

	for (int s = 0; s <= ST_WAIVED; s++)
		json_object_set_new_nocheck(j, status_names[s], json_integer((json_int_t)count[s]));
	return j;
}

static json_t *
jstrings(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/* The tailoring: which overlay, and what it changed; null without one. */
static json_t *
jtailoring(const struct res_run *run)
{
	json_t *t, *a;

	if (!run->has_tailoring)
		return json_null();
	t = json_object();
	json_object_set_new_nocheck(t, "file", jpath(run->tailoring_file));
	json_object_set_new_nocheck(t, "name", json_string(run->tailoring_name));
	json_object_set_new_nocheck(t, "sha256", json_string_nocheck(run->tailoring_sha256));
	a = json_array();
	for (size_t i = 0; i < run->nchanges; i++) {
		const struct res_change *c = &run->changes[i];
		json_t *o = json_object();

		json_object_set_new_nocheck(o, "change", json_string_nocheck(c->kind));
		json_object_set_new_nocheck(o, "id", json_string(c->id));
		json_object_set_new_nocheck(o, "field", jstr(c->field));
		json_object_set_new_nocheck(o, "from", jstr(c->from));
		json_object_set_new_nocheck(o, "to", jstr(c->to));
		json_array_append_new(a, o);
	}
	json_object_set_new_nocheck(t, "changes", a);
	return t;
}

/* The head of the report: what the run read and how, before its entities. */
static json_t *
jheader(const struct res_run *run)
{
	const struct res_options *eo = &run->opts;
	json_t *h = json_object(), *t, *a, *o, *r, *alts;

	json_object_set_new_nocheck(h, "report_format", json_integer(RES_REPORT_FORMAT));
	t = json_object();
	json_object_set_new_nocheck(t, "name", json_string_nocheck(run->tool));
	json_object_set_new_nocheck(t, "version", json_string_nocheck(run->version));
	json_object_set_new_nocheck(h, "tool", t);
	json_object_set_new_nocheck(h, "generated", json_string_nocheck(run->generated));
	json_object_set_new_nocheck(h, "evaluation_year",
	    run->year ? json_integer(run->year) : json_null());

	o = json_object();
	json_object_set_new_nocheck(o, "rules", json_string_nocheck(eo->builtin ? "built-in" : "files"));
	json_object_set_new_nocheck(o, "profile", jstr(eo->profile));
	json_object_set_new_nocheck(o, "missing", json_string_nocheck(eo->missing_skip ? "skip" : "fail"));
	json_object_set_new_nocheck(o, "fail_on", json_string_nocheck(severity_names[eo->fail_on]));
	json_object_set_new_nocheck(o, "fail_under", eo->has_fail_under ? json_real(eo->fail_under) : json_null());
	json_object_set_new_nocheck(o, "min_coverage", eo->has_min_coverage ?
	    json_real(eo->min_coverage) : json_null());
	json_object_set_new_nocheck(o, "fail_on_new", eo->fail_on_new != SEV_NONE ?
	    json_string_nocheck(severity_names[eo->fail_on_new]) : json_null());
	json_object_set_new_nocheck(o, "year", eo->year != 0 ? json_integer(eo->year) :
	    json_null());
	json_object_set_new_nocheck(o, "trajectory", eo->has_trajectory ?
	    json_pack("{s:i, s:i}", "from", eo->traj_from, "to", eo->traj_to) : json_null());
	json_object_set_new_nocheck(o, "rule", jstrings(eo->select_rules, eo->nselect_rules));
	json_object_set_new_nocheck(o, "skip_rule", jstrings(eo->skip_rules, eo->nskip_rules));
	a = json_array();
	for (int c = 1; c <= 8; c++)
		if (eo->commitments & (1u << c))
			json_array_append_new(a, json_integer(c));
	json_object_set_new_nocheck(o, "commitment", a);
	json_object_set_new_nocheck(h, "options", o);

	a = json_array();
	for (size_t i = 0; i < run->nrulesets; i++) {
		const struct res_ruleset *rs = &run->rulesets[i];

		o = json_object();
		json_object_set_new_nocheck(o, "id", json_string_nocheck(rs->id));
		json_object_set_new_nocheck(o, "commitment", json_integer(rs->commitment));
		json_object_set_new_nocheck(o, "title", json_string_nocheck(rs->title));
		json_object_set_new_nocheck(o, "file", jpath(rs->file));
		json_object_set_new_nocheck(o, "sha256", json_string_nocheck(rs->sha256));
		json_object_set_new_nocheck(o, "weight", json_real(rs->weight));
		json_object_set_new_nocheck(o, "rules", json_integer((json_int_t)rs->nrules));
		json_array_append_new(a, o);
	}
	json_object_set_new_nocheck(h, "rulesets", a);

	/* The rules as defined, for what a result does not repeat. */
	a = json_array();
	for (size_t i = 0; i < run->nrules; i++) {
		const struct res_ruledef *d = &run->rules[i];

		o = json_object();
		json_object_set_new_nocheck(o, "id", json_string_nocheck(d->id));
		json_object_set_new_nocheck(o, "ruleset", json_string_nocheck(run->rulesets[d->ruleset].id));
		json_object_set_new_nocheck(o, "title", json_string_nocheck(d->title));
		json_object_set_new_nocheck(o, "severity", json_string_nocheck(severity_names[d->severity]));
		json_object_set_new_nocheck(o, "weight", json_real(d->weight));
		json_object_set_new_nocheck(o, "indicator", d->indicator >= 0 ?
		    json_string_nocheck(run->indicators[d->indicator].id) : json_null());
		json_object_set_new_nocheck(o, "max_age", d->max_age >= 0 ?
		    json_integer(d->max_age) : json_null());
		alts = json_array();
		for (size_t k = 0; k < d->nalternatives; k++)
			json_array_append_new(alts, json_string_nocheck(d->alternatives[k]));
		json_object_set_new_nocheck(o, "alternatives", alts);
		json_object_set_new_nocheck(o, "baseline_changed", json_boolean(d->baseline_changed));
		json_object_set_new_nocheck(o, "target", check_json(d->target));
		json_object_set_new_nocheck(o, "target_text", json_string_nocheck(d->target->text));
		json_object_set_new_nocheck(o, "rationale", jstr(d->rationale));
		json_object_set_new_nocheck(o, "remediation", jstr(d->remediation));
		json_array_append_new(a, o);
	}
	json_object_set_new_nocheck(h, "rules", a);

	a = json_array();
	for (size_t i = 0; i < run->nindicators; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "id", run->indicators[i].id,
		    "unit", run->indicators[i].unit, "decimals", run->indicators[i].decimals >= 0 ?
		    json_integer(run->indicators[i].decimals) : json_null()));
	json_object_set_new_nocheck(h, "indicators", a);

	a = json_array();
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct res_input *in = &run->inputs[i];
		json_t *ig = json_object();

		o = json_object();
		json_object_set_new_nocheck(o, "path", jpath(in->path));
		json_object_set_new_nocheck(o, "sha256", json_string_nocheck(in->sha256));
		json_object_set_new_nocheck(o, "layout", jstr(in->layout));
		r = json_object();
		json_object_set_new_nocheck(r, "read", json_integer((json_int_t)in->read));
		json_object_set_new_nocheck(r, "used", json_integer((json_int_t)in->used));
		json_object_set_new_nocheck(r, "ignored", json_integer((json_int_t)in->ignored));
		for (int k = 0; k < IGN__COUNT; k++) {
			char key[64];

			if (in->ignored_by[k] == 0)
				continue;
			/* Keys are snake_case like every other key of the report. */
			snprintf(key, sizeof(key), "%s", ignore_reason_names[k]);
			for (char *p = key; *p; p++)
				if (*p == ' ')
					*p = '_';
			json_object_set_new_nocheck(ig, key, json_integer((json_int_t)in->ignored_by[k]));
		}
		json_object_set_new_nocheck(r, "ignored_by", ig);
		json_object_set_new_nocheck(o, "rows", r);
		json_array_append_new(a, o);
	}
	json_object_set_new_nocheck(h, "inputs", a);
	json_object_set_new_nocheck(h, "baseline", run->has_baseline ? json_pack("{s:o, s:s}",
	    "file", jpath(run->baseline_file), "sha256", run->baseline_sha256) : json_null());
	json_object_set_new_nocheck(h, "tailoring", jtailoring(run));
	json_object_set_new_nocheck(h, "project_file", run->has_project ?
	    json_pack("{s:o, s:s}", "file", jpath(run->project_file), "sha256",
	    run->project_sha256) : json_null());
	json_object_set_new_nocheck(h, "shard", run->shard_n > 0 ? json_pack("{s:i, s:i}",
	    "k", run->shard_k, "n", run->shard_n) : json_null());
	if (run->nparts > 0) {
		a = json_array();
		for (size_t i = 0; i < run->nparts; i++)
			json_array_append_new(a, json_pack("{s:o, s:s}", "file",
			    jpath(run->parts[i].file), "sha256", run->parts[i].sha256));
		json_object_set_new_nocheck(h, "merged_from", a);
	} else {
		json_object_set_new_nocheck(h, "merged_from", json_null());
	}
	json_object_set_new_nocheck(h, "entity_count", json_integer((json_int_t)run->nentities));
	return h;
}

/* The waivers: they are known to have been used or not once every entity is. */
static json_t *
jwaivers(const struct res_run *run)
{
	json_t *o = json_object(), *a = json_array(), *r = json_array(), *t = json_array();

	json_object_set_new_nocheck(o, "file", run->has_waivers ? jpath(run->waivers_file) : json_null());
	json_object_set_new_nocheck(o, "sha256", run->has_waivers ?
	    json_string_nocheck(run->waivers_sha256) : json_null());
	for (size_t i = 0; i < run->nwaivers; i++) {
		const struct res_waiver *w = &run->waivers[i];

		json_array_append_new(w->expired ? r : a, jwaiver(w));
		if (!w->expired && !w->used)
			json_array_append_new(t, jwaiver(w));
	}
	json_object_set_new_nocheck(o, "applied", a);
	json_object_set_new_nocheck(o, "expired", r);
	json_object_set_new_nocheck(o, "unused", t);
	return o;
}

static json_t *
jsummary(const struct res_summary *sum, bool has_baseline)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new_nocheck(o, "entities", json_integer((json_int_t)sum->entities));
	json_object_set_new_nocheck(o, "gate", json_string_nocheck(sum->gate_fail ? "fail" : "pass"));
	json_object_set_new_nocheck(o, "gate_failing", json_integer((json_int_t)sum->gate_failing));
	if (sum->entities == 0)
		json_array_append_new(a, json_pack("{s:s, s:s}", "kind", "nothing_evaluated",
		    "message", "nothing was evaluated: no entity in the inputs"));
	json_object_set_new_nocheck(o, "gate_reasons", a);
	json_object_set_new_nocheck(o, "min_score", sum->has_min_score ?
	    json_real(sum->min_score) : json_null());
	json_object_set_new_nocheck(o, "statuses", jstatuses(sum->count));
	json_object_set_new_nocheck(o, "baseline", !has_baseline ? json_null() :
	    json_pack("{s:I, s:I, s:I, s:I, s:I}", "new", (json_int_t)sum->changes[BS_NEW],
	    "unchanged", (json_int_t)sum->changes[BS_UNCHANGED], "updated",
	    (json_int_t)sum->changes[BS_UPDATED], "worse", (json_int_t)sum->worse, "absent",
	    (json_int_t)sum->changes[BS_ABSENT]));
	return o;
}

/*
 * Entities are written by a small streaming writer rather than built as
 * jansson trees: a large report holds millions of rule results, and
 * building, dumping and freeing a tree for each costs several times the
 * reading of the input. The writer lays out members exactly as
 * json_dumps(JSON_INDENT(2)) does, so the header and the entities read as
 * one document. Every scalar is still encoded by jansson: strings and
 * objects that repeat (rule ids, titles, targets, file names) once per run,
 * reals through a cache of their jansson encoding, and other strings as they
 * come, unless they need no escaping at all.
 */
struct json_thread;

struct jw {
	struct strbuf *sb;
	int depth;                      /* open objects and arrays */
	bool first;                     /* nothing written yet at this depth */
	struct json_thread *t;
};

static void
jw_newline(struct jw *w, int depth)
{
	static const char nl[] = "\n"
	    "                                                                ";
	size_t n = (size_t)depth * 2;

	if (n < sizeof(nl) - 1) {
		strbuf_add(w->sb, nl, n + 1);
		return;
	}
	strbuf_addc(w->sb, '\n');
	for (; n > 0; n--)
		strbuf_addc(w->sb, ' ');
}

/*
 * Start a member ("key": ) of an object, or an element when key is NULL:
 * the comma, the line break, the indent and the key in one piece, as this
 * runs for every value of the report.
 */
static inline void
jw_key(struct jw *w, const char *key)
{
	struct strbuf *sb = w->sb;
	size_t klen = key != NULL ? strlen(key) : 0;
	size_t indent = (size_t)w->depth * 2;
	size_t need = 2 + indent + 16 + klen + 4;
	char *p;

	if (sb->cap - sb->len <= need)
		strbuf_grow(sb, need);
	p = sb->buf + sb->len;
	if (!w->first)
		*p++ = ',';
	w->first = false;
	*p++ = '\n';
	/* Whole blocks of blanks: the room is there, and the key comes after. */
	for (size_t i = 0; i < indent; i += 16)
		memcpy(p + i, "                ", 16);
	p += indent;
	if (key != NULL) {
		*p++ = '"';
		memcpy(p, key, klen);
		p += klen;
		memcpy(p, "\": ", 3);
		p += 3;
	}
	*p = '\0';
	sb->len = (size_t)(p - sb->buf);
}

static void
jw_open(struct jw *w, char c)
{
	strbuf_addc(w->sb, c);
	w->depth++;
	w->first = true;
}

static void
jw_close(struct jw *w, char c)
{
	w->depth--;
	if (!w->first)
		jw_newline(w, w->depth);
	strbuf_addc(w->sb, c);
	w->first = false;
}

static void
jw_null(struct jw *w)
{
	strbuf_add(w->sb, "null", 4);
}

/*
 * Text made by jansson at depth 0, placed at the writer's depth: JSON text
 * has no raw newline inside a string, so every newline starts a line that
 * moves right by the depth.
 */
static void
jw_text(struct jw *w, const char *text)
{
	for (const char *p = text;;) {
		const char *nl = strchr(p, '\n');

		if (nl == NULL) {
			strbuf_adds(w->sb, p);
			return;
		}
		strbuf_add(w->sb, p, (size_t)(nl - p));
		jw_newline(w, w->depth);
		p = nl + 1;
	}
}

/*
 * Text made once by jansson, measured, to be placed many times. A text of
 * several lines (a target) is kept indented too for the depth where it is
 * usually placed, so that placing it there is one copy.
 */
struct jtext {
	char *s;                        /* at depth 0 */
	size_t len;
	bool multiline;
	char *at;                       /* multiline: s indented for depth */
	size_t atlen;
	int depth;
};

/* Where a rule's members are written: entities, commitments and rules nest. */
#define RULE_DEPTH 7

static void
jw_jtext(struct jw *w, const struct jtext *t)
{
	if (!t->multiline)
		strbuf_add(w->sb, t->s, t->len);
	else if (t->at != NULL && t->depth == w->depth)
		strbuf_add(w->sb, t->at, t->atlen);
	else
		jw_text(w, t->s);
}

/* A jansson value, dumped and placed at the writer's depth; takes j. */
static void
jw_tree(struct jw *w, json_t *j)
{
	char *text = json_dumps(j, JSON_FLAGS | JSON_ENCODE_ANY);

	json_decref(j);
	if (text == NULL)       /* strings are valid UTF-8: out of memory */
		xalloc_die();
	jw_text(w, text);
	free(text);
}

/*
 * A string: as it is when nothing in it needs escaping, else by jansson.
 * Texts of the report are valid UTF-8 (inputs are checked when read, and
 * texts cut short are cut between characters); should one not be, its bad
 * bytes become '?' rather than invalid JSON.
 */
static void
jw_str(struct jw *w, const char *s)
{
	const unsigned char *p;
	bool ascii = true;

	if (s == NULL) {
		jw_null(w);
		return;
	}
	for (p = (const unsigned char *)s; *p >= 0x20 && *p != '"' && *p != '\\'; p++)
		ascii &= *p < 0x80;
	if (*p == '\0' && ascii) {
		strbuf_addc(w->sb, '"');
		strbuf_add(w->sb, s, (size_t)(p - (const unsigned char *)s));
		strbuf_addc(w->sb, '"');
		return;
	}
	jw_tree(w, jpath(s));
}

static void
jw_int(struct jw *w, long long v)
{
	char buf[24];

	strbuf_add(w->sb, buf, value_format_int(v, buf));
}

/*
 * Reals as jansson writes them (JSON_REAL_PRECISION(15)), remembered by
 * their bits: reports repeat a small set of scores, weights and observed
 * values, and formatting a double is the dearest step of the report.
 */
#define REAL_CACHE_BITS 12

struct real_slot {
	uint64_t bits;
	unsigned char len;              /* 0: empty */
	char text[31];
};

/* What every thread reads: jansson's encoding of repeated values. */
enum {
	TPL_HEAD, TPL_SEVERITY, TPL_INDICATOR, TPL_TARGET, TPL_REMEDIATION,
	TPL__COUNT
};

struct json_state {
	/* Per rule of the book. */
	struct jtext (*rule)[6];
	/*
	 * Per rule, the runs of a rule's object that do not change from entity
	 * to entity, laid out for RULE_DEPTH: TPL_HEAD from the opening brace
	 * to the "status" key, TPL_INDICATOR the indicator up to the "observed"
	 * key, TPL_SEVERITY the rule's own severity and weight followed by
	 * TPL_INDICATOR (for results that no profile changed; NULL when the
	 * weight has no json form), TPL_TARGET the target and its text up to the "gap" key,
	 * TPL_REMEDIATION the remediation up to the "source" key. Each is one
	 * copy where the writer would make several.
	 */
	struct jtext (*tpl)[TPL__COUNT];
	size_t nrules;
	struct jtext status[ST_WAIVED + 1];
	struct jtext severity[SEV_CRITICAL + 1];
	struct jtext evidence[EVID_MISMATCH + 1];
	struct jtext *files;            /* per input file index */
	size_t nfiles;
	struct json_thread *main;       /* the writing thread's own */
};

/* What one rendering thread changes. */
struct json_thread {
	const struct res_run *run;
	const struct json_state *c;
	json_t *real;                   /* scratch for encoding reals */
	struct real_slot reals[1 << REAL_CACHE_BITS];
	struct strbuf out;              /* one entity's text (writing thread) */
};

enum { RC_ID, RC_TITLE, RC_INDICATOR, RC_TARGET, RC_TARGET_TEXT, RC_REMEDIATION };

/*
 * A finite real as jansson writes it, into buf (32 bytes): 15 significant
 * digits (JSON_REAL_PRECISION(15)), or 17 when 15 would not read back as
 * the same double, so that a report read back holds the very numbers of
 * the run (--render gives the same bytes). scratch is a jansson real to
 * encode with. Returns the length, 0 when it does not fit.
 */
static size_t
real_text(double v, json_t *scratch, char *buf, size_t size)
{
	/*
	 * jansson writes "%.15g" and adds ".0" when that has no point or
	 * exponent; value_format_g15 does the first part for most reals
	 * without printf's exact arithmetic.
	 */
	size_t n = value_format_g15(v, buf);

	if (n == 0) {
		json_real_set(scratch, v);
		n = json_dumpb(scratch, buf, size - 1,
		    JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
		if (n >= size)
			return 0;
		buf[n] = '\0';
	}
	if (strtod(buf, NULL) != v) {
		json_real_set(scratch, v);
		n = json_dumpb(scratch, buf, size - 1,
		    JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));
		if (n >= size)
			return 0;
		buf[n] = '\0';
	} else if (memchr(buf, '.', n) == NULL && memchr(buf, 'e', n) == NULL) {
		memcpy(buf + n, ".0", 3);
		n += 2;
	}
	return n < size ? n : 0;
}

static void
jw_real(struct jw *w, double v)
{
	struct json_thread *st = w->t;
	uint64_t bits;
	struct real_slot *slot;
	size_t n;

	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	memcpy(&bits, &v, sizeof(bits));
	slot = &st->reals[(bits * UINT64_C(0x9e3779b97f4a7c15)) >> (64 - REAL_CACHE_BITS)];
	if (slot->len == 0 || slot->bits != bits) {
		n = real_text(v, st->real, slot->text, sizeof(slot->text));
		if (n == 0 || n >= sizeof(slot->text)) {
			slot->len = 0;
			jw_null(w);
			return;
		}
		slot->bits = bits;
		slot->len = (unsigned char)n;
	}
	strbuf_add(w->sb, slot->text, slot->len);
}

static struct jtext
dump_new(json_t *j)
{
	char *text = json_dumps(j, JSON_FLAGS | JSON_ENCODE_ANY);
	struct jtext t = { 0 };

	json_decref(j);
	if (text == NULL)       /* strings are valid UTF-8: out of memory */
		xalloc_die();
	t.s = text;
	t.len = strlen(t.s);
	t.multiline = strchr(t.s, '\n') != NULL;
	return t;
}

/* dump_new, and the text indented for depth when it has several lines. */
static struct jtext
dump_at(json_t *j, int depth)
{
	struct jtext t = dump_new(j);

	if (t.multiline) {
		struct strbuf sb;
		struct jw w = { .sb = &sb, .depth = depth };

		strbuf_init(&sb);
		jw_text(&w, t.s);
		t.atlen = sb.len;
		t.at = strbuf_detach(&sb);
		strbuf_release(&sb);    /* detach leaves it ready for reuse */
		t.depth = depth;
	}
	return t;
}

/* What the writer put in sb since the last take, as a template. */
static struct jtext
tpl_take(struct strbuf *sb)
{
	struct jtext t = { 0 };

	t.len = sb->len;
	t.s = strbuf_detach(sb);        /* leaves sb ready for reuse */
	return t;
}

/* "max_age": the rule's limit in years, or null. */
static void
jw_max_age(struct jw *w, int max_age)
{
	jw_key(w, "max_age");
	if (max_age >= 0)
		jw_int(w, max_age);
	else
		jw_null(w);
}

/* The templates of rule i (see struct json_state). */
static void
tpl_build(struct json_state *c, size_t i, const struct res_ruledef *r, json_t *scratch)
{
	const struct jtext *rc = c->rule[i];
	char wbuf[32];
	struct strbuf sb;
	struct jw w = { .sb = &sb, .depth = RULE_DEPTH - 1 };

	strbuf_init(&sb);
	jw_open(&w, '{');
	jw_key(&w, "id");
	jw_jtext(&w, &rc[RC_ID]);
	jw_key(&w, "title");
	jw_jtext(&w, &rc[RC_TITLE]);
	jw_key(&w, "status");
	c->tpl[i][TPL_HEAD] = tpl_take(&sb);
	jw_key(&w, "indicator");
	jw_jtext(&w, &rc[RC_INDICATOR]);
	jw_key(&w, "observed");
	c->tpl[i][TPL_INDICATOR] = tpl_take(&sb);
	if (isfinite(r->weight) &&
	    real_text(r->weight, scratch, wbuf, sizeof(wbuf)) > 0) {
		jw_key(&w, "severity");
		jw_jtext(&w, &c->severity[r->severity]);
		jw_key(&w, "weight");
		strbuf_adds(&sb, wbuf);
		strbuf_add(&sb, c->tpl[i][TPL_INDICATOR].s, c->tpl[i][TPL_INDICATOR].len);
		c->tpl[i][TPL_SEVERITY] = tpl_take(&sb);
	}
	jw_key(&w, "target");
	jw_jtext(&w, &rc[RC_TARGET]);
	jw_key(&w, "target_text");
	jw_jtext(&w, &rc[RC_TARGET_TEXT]);
	jw_max_age(&w, r->max_age);
	jw_key(&w, "gap");
	c->tpl[i][TPL_TARGET] = tpl_take(&sb);
	jw_key(&w, "remediation");
	jw_jtext(&w, &rc[RC_REMEDIATION]);
	jw_key(&w, "source");
	c->tpl[i][TPL_REMEDIATION] = tpl_take(&sb);
	strbuf_release(&sb);
}

static struct json_state *
state_new(const struct res_run *run)
{
	struct json_state *c = xcalloc(1, sizeof(*c));
	json_t *scratch;

	c->nrules = run->nrules;
	c->rule = xcalloc(c->nrules ? c->nrules : 1, sizeof(*c->rule));
	c->tpl = xcalloc(c->nrules ? c->nrules : 1, sizeof(*c->tpl));
	for (size_t i = 0; i < c->nrules; i++) {
		const struct res_ruledef *r = &run->rules[i];

		c->rule[i][RC_ID] = dump_new(json_string_nocheck(r->id));
		c->rule[i][RC_TITLE] = dump_new(json_string_nocheck(r->title));
		c->rule[i][RC_INDICATOR] = dump_new(r->indicator >= 0 ?
		    json_string_nocheck(run->indicators[r->indicator].id) : json_null());
		c->rule[i][RC_TARGET] = dump_at(check_json(r->target), RULE_DEPTH);
		c->rule[i][RC_TARGET_TEXT] = dump_new(json_string_nocheck(r->target->text));
		c->rule[i][RC_REMEDIATION] = dump_new(jstr(r->remediation));
	}
	for (int k = 0; k <= ST_WAIVED; k++)
		c->status[k] = dump_new(json_string_nocheck(status_names[k]));
	for (int k = 0; k <= SEV_CRITICAL; k++)
		c->severity[k] = dump_new(json_string_nocheck(severity_names[k]));
	for (int k = 0; k <= EVID_MISMATCH; k++)
		c->evidence[k] = dump_new(k == EVID_NONE ? json_null() :
		    json_string_nocheck(evidence_names[k]));
	scratch = json_real(0);
	if (scratch == NULL)
		xalloc_die();
	for (size_t i = 0; i < c->nrules; i++)
		tpl_build(c, i, &run->rules[i], scratch);
	json_decref(scratch);
	c->nfiles = run->ninputs;
	c->files = xcalloc(c->nfiles ? c->nfiles : 1, sizeof(*c->files));
	for (size_t i = 0; i < c->nfiles; i++)
		c->files[i] = dump_new(jpath(run->inputs[i].path));
	return c;
}

static void
state_free(struct json_state *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nrules; i++) {
		for (int k = 0; k < 6; k++) {
			free(c->rule[i][k].s);
			free(c->rule[i][k].at);
		}
		for (int k = 0; k < TPL__COUNT; k++)
			free(c->tpl[i][k].s);
	}
	for (int k = 0; k <= ST_WAIVED; k++)
		free(c->status[k].s);
	for (int k = 0; k <= SEV_CRITICAL; k++)
		free(c->severity[k].s);
	for (int k = 0; k <= EVID_MISMATCH; k++)
		free(c->evidence[k].s);
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i].s);
	free(c->files);
	free(c->rule);
	free(c->tpl);
	free(c);
}

/* The value of "source" (its key written). */
static void
jw_source_value(struct jw *w, struct res_source src)
{
	const struct json_state *c = w->t->c;

	if (src.input < 0) {
		jw_null(w);
		return;
	}
	jw_open(w, '{');
	jw_key(w, "file");
	jw_jtext(w, &c->files[src.input]);
	jw_key(w, "line");
	jw_int(w, src.line);
	jw_close(w, '}');
}

static void
jw_source(struct jw *w, struct res_source src)
{
	jw_key(w, "source");
	jw_source_value(w, src);
}

/*
 * The value of "observed" (its key written) and "year", of a value used
 * (both null when there is none).
 */
static void
jw_observed_value(struct jw *w, const struct value *v, int year)
{
	switch (v->kind) {
	case V_NUM: jw_real(w, v->num); break;
	case V_BOOL: strbuf_adds(w->sb, v->b ? "true" : "false"); break;
	case V_TEXT: jw_str(w, v->text); break;
	case V_NONE: jw_null(w); break;
	}
	jw_key(w, "year");
	if (year && v->kind != V_NONE)
		jw_int(w, year);
	else
		jw_null(w);
}

static void
jw_observed(struct jw *w, const struct value *v, int year)
{
	jw_key(w, "observed");
	jw_observed_value(w, v, year);
}

/* Place a template: it leaves the writer inside a rule, after a member. */
static void
jw_tpl(struct jw *w, const struct jtext *t)
{
	strbuf_add(w->sb, t->s, t->len);
	w->depth = RULE_DEPTH;
	w->first = false;
}

static void
jw_rule(struct jw *w, const struct res_rule *r)
{
	const struct res_run *run = w->t->run;
	const struct json_state *c = w->t->c;
	const struct res_ruledef *d = res_def(run, r);
	const struct jtext *rc = c->rule[r->def];
	const struct jtext *tpl = w->depth == RULE_DEPTH - 1 ? c->tpl[r->def] : NULL;

	if (tpl != NULL) {
		jw_tpl(w, &tpl[TPL_HEAD]);
	} else {
		jw_open(w, '{');
		jw_key(w, "id");
		jw_jtext(w, &rc[RC_ID]);
		jw_key(w, "title");
		jw_jtext(w, &rc[RC_TITLE]);
		jw_key(w, "status");
	}
	jw_jtext(w, &c->status[r->status]);
	jw_key(w, "score");
	if (!r->counted)
		jw_null(w);
	else
		jw_real(w, r->score);
	jw_key(w, "baseline_state");
	if (r->baseline != BS_NONE)
		jw_str(w, baseline_state_names[r->baseline]);
	else
		jw_null(w);
	jw_key(w, "score_delta");
	if (r->baseline == BS_UPDATED)
		jw_real(w, r->score_delta);
	else
		jw_null(w);
	if (tpl != NULL && tpl[TPL_SEVERITY].s != NULL &&
	    r->severity == d->severity && r->weight == d->weight) {
		jw_tpl(w, &tpl[TPL_SEVERITY]);
	} else if (tpl != NULL) {
		jw_key(w, "severity");
		jw_jtext(w, &c->severity[r->severity]);
		jw_key(w, "weight");
		jw_real(w, r->weight);
		jw_tpl(w, &tpl[TPL_INDICATOR]);
	} else {
		jw_key(w, "severity");
		jw_jtext(w, &c->severity[r->severity]);
		jw_key(w, "weight");
		jw_real(w, r->weight);
		jw_key(w, "indicator");
		jw_jtext(w, &rc[RC_INDICATOR]);
		jw_key(w, "observed");
	}
	jw_observed_value(w, &r->observed, r->year);
	if (r->target == d->target && tpl != NULL) {
		jw_tpl(w, &tpl[TPL_TARGET]);
	} else if (r->target == d->target) {
		jw_key(w, "target");
		jw_jtext(w, &rc[RC_TARGET]);
		jw_key(w, "target_text");
		jw_jtext(w, &rc[RC_TARGET_TEXT]);
		jw_max_age(w, d->max_age);
		jw_key(w, "gap");
	} else {                        /* a profile's override */
		jw_key(w, "target");
		jw_tree(w, check_json(r->target));
		jw_key(w, "target_text");
		jw_str(w, r->target->text);
		jw_max_age(w, d->max_age);
		jw_key(w, "gap");
	}
	if (r->has_gap)
		jw_real(w, r->gap);
	else
		jw_null(w);
	jw_key(w, "gap_pct");
	if (r->has_gap_pct)
		jw_real(w, r->gap_pct);
	else
		jw_null(w);
	jw_key(w, "evidence");
	jw_jtext(w, &c->evidence[r->evidence]);
	jw_key(w, "evidence_text");
	jw_str(w, r->evidence_text);
	jw_key(w, "reason");
	jw_str(w, r->reason[0] != '\0' ? r->reason : NULL);
	if (tpl != NULL) {
		jw_tpl(w, &tpl[TPL_REMEDIATION]);
	} else {
		jw_key(w, "remediation");
		jw_jtext(w, &rc[RC_REMEDIATION]);
		jw_key(w, "source");
	}
	jw_source_value(w, r->observed.kind != V_NONE ? r->src :
	    (struct res_source){ -1, 0 });
	if (r->has_base) {
		jw_key(w, "baseline");
		jw_open(w, '{');
		jw_observed(w, &r->base, r->base_year);
		jw_source(w, r->base_src);
		jw_close(w, '}');
	}
	if (r->nops > 0) {
		jw_key(w, "operands");
		jw_open(w, '[');
		for (size_t i = 0; i < r->nops; i++) {
			const struct res_operand *op = &r->ops[i];

			jw_key(w, NULL);
			jw_open(w, '{');
			jw_key(w, "indicator");
			jw_str(w, run->indicators[op->indicator].id);
			jw_key(w, "prev");
			strbuf_adds(w->sb, op->prev ? "true" : "false");
			jw_observed(w, &op->value, op->year);
			jw_source(w, op->value.kind != V_NONE ? op->src :
			    (struct res_source){ -1, 0 });
			jw_close(w, '}');
		}
		jw_close(w, ']');
	}
	if (r->waiver >= 0) {
		jw_key(w, "waiver");
		jw_tree(w, jwaiver(&run->waivers[r->waiver]));
	}
	jw_close(w, '}');
}

static const char *const gate_kind_names[] = {
	[GATE_NOTHING] = "nothing_evaluated",
	[GATE_UNDER] = "score_below",
	[GATE_SEVERITY] = "severity",
	[GATE_COVERAGE] = "coverage_below",
};

/*
 * One entry of gate_reasons: its kind, the message every format shows,
 * and for a severity reason the severity and the rules.
 */
static void
jw_gate_reason(struct jw *w, const struct res_entity *e, const struct res_reason *rs)
{
	jw_key(w, NULL);
	jw_open(w, '{');
	jw_key(w, "kind");
	jw_str(w, gate_kind_names[rs->kind]);
	jw_key(w, "message");
	jw_str(w, rs->text);
	if (rs->kind == GATE_SEVERITY) {
		jw_key(w, "severity");
		jw_str(w, severity_names[rs->severity]);
		jw_key(w, "rules");
		jw_open(w, '[');
		for (size_t i = 0; i < e->nrules; i++) {
			if (!e->rules[i].gate || e->rules[i].severity != rs->severity)
				continue;
			jw_key(w, NULL);
			jw_str(w, res_def(w->t->run, &e->rules[i])->id);
		}
		jw_close(w, ']');
	}
	jw_close(w, '}');
}

static void
jw_entity(struct jw *w, const struct res_entity *e)
{
	const struct res_run *run = w->t->run;

	jw_open(w, '{');
	jw_key(w, "entity");
	jw_str(w, e->id);
	jw_key(w, "name");
	jw_str(w, e->name);
	jw_key(w, "subject");
	jw_str(w, subject_name(e->subject));
	jw_key(w, "sector");
	jw_str(w, e->sector);
	jw_key(w, "profile");
	jw_str(w, e->profile);
	jw_key(w, "evaluation_year");
	if (e->year)
		jw_int(w, e->year);
	else
		jw_null(w);
	jw_key(w, "source");
	jw_source_value(w, e->first);
	jw_key(w, "score");
	if (e->has_score)
		jw_real(w, e->score);
	else
		jw_null(w);
	jw_key(w, "score_delta");
	if (e->has_score_delta)
		jw_real(w, e->score_delta);
	else
		jw_null(w);
	jw_key(w, "trajectory");
	if (e->ntrajectory == 0) {
		jw_null(w);
	} else {
		jw_open(w, '[');
		for (size_t i = 0; i < e->ntrajectory; i++) {
			const struct res_point *p = &e->trajectory[i];

			jw_key(w, NULL);
			jw_open(w, '{');
			jw_key(w, "year");
			jw_int(w, p->year);
			jw_key(w, "score");
			if (p->has_score)
				jw_real(w, p->score);
			else
				jw_null(w);
			jw_key(w, "coverage");
			if (p->has_coverage)
				jw_real(w, p->coverage);
			else
				jw_null(w);
			jw_close(w, '}');
		}
		jw_close(w, ']');
	}
	jw_key(w, "coverage");
	if (e->has_coverage)
		jw_real(w, e->coverage);
	else
		jw_null(w);
	jw_key(w, "low_coverage");
	strbuf_adds(w->sb, e->low_coverage ? "true" : "false");
	jw_key(w, "gate");
	jw_str(w, e->gate_fail ? "fail" : "pass");
	jw_key(w, "gate_reasons");
	jw_open(w, '[');
	for (size_t i = 0; i < e->nreasons; i++)
		jw_gate_reason(w, e, &e->reasons[i]);
	jw_close(w, ']');
	jw_key(w, "statuses");
	jw_open(w, '{');
	for (int k = 0; k <= ST_WAIVED; k++) {
		jw_key(w, status_names[k]);
		jw_int(w, (long long)e->count[k]);
	}
	jw_close(w, '}');
	jw_key(w, "commitments");
	jw_open(w, '[');
	for (size_t k = 0; k < e->ncommits; k++) {
		const struct res_commit *cr = &e->commits[k];
		const struct res_ruleset *set = &run->rulesets[cr->ruleset];

		jw_key(w, NULL);
		jw_open(w, '{');
		jw_key(w, "ruleset");
		jw_str(w, set->id);
		jw_key(w, "commitment");
		jw_int(w, set->commitment);
		jw_key(w, "name");
		jw_str(w, commitment_names[set->commitment]);
		jw_key(w, "score");
		if (cr->has_score)
			jw_real(w, cr->score);
		else
			jw_null(w);
		jw_key(w, "score_delta");
		if (cr->has_score_delta)
			jw_real(w, cr->score_delta);
		else
			jw_null(w);
		jw_key(w, "coverage");
		if (cr->has_coverage)
			jw_real(w, cr->coverage);
		else
			jw_null(w);
		jw_key(w, "rules");
		jw_open(w, '[');
		for (size_t i = 0; i < cr->n; i++) {
			jw_key(w, NULL);
			jw_rule(w, &e->rules[cr->first + i]);
		}
		jw_close(w, ']');
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

static void *
json_thread_new(const struct wctx *ctx)
{
	struct json_thread *t = xcalloc(1, sizeof(*t));

	t->run = ctx->run;
	t->c = ctx->state;
	t->real = json_real(0);
	if (t->real == NULL)
		xalloc_die();
	strbuf_init(&t->out);
	return t;
}

static void
json_thread_free(void *tstate)
{
	struct json_thread *t = tstate;

	if (t == NULL)
		return;
	json_decref(t->real);
	strbuf_release(&t->out);
	free(t);
}

static int
json_head(struct wctx *ctx)
{
	json_t *h = jheader(ctx->run);
	char *text = json_dumps(h, JSON_FLAGS);
	size_t len;
	int rc = 0;

	json_decref(h);
	if (text == NULL)
		return -1;
	ctx->state = state_new(ctx->run);
	((struct json_state *)ctx->state)->main = json_thread_new(ctx);
	/* Drop the closing "\n}" so that the entities can follow. */
	len = strlen(text);
	if (len >= 2)
		len -= 2;
	if (fwrite(text, 1, len, ctx->fp) != len ||
	    fputs(",\n  \"entities\": [", ctx->fp) == EOF)
		rc = -1;
	free(text);
	return rc;
}

static void
json_render(void *tstate, const struct res_entity *e, size_t index,
    struct strbuf *out)
{
	struct jw w = { .sb = out, .depth = 2, .first = index == 0, .t = tstate };

	jw_key(&w, NULL);
	jw_entity(&w, e);
}

static int
json_entity(struct wctx *ctx, const struct res_entity *e)
{
	struct json_state *c = ctx->state;
	struct strbuf *out = &c->main->out;

	strbuf_reset(out);
	json_render(c->main, e, ctx->nentities, out);
	return fwrite(out->buf, 1, out->len, ctx->fp) == out->len ? 0 : -1;
}

/* After the entities: the waivers (used or not) and the summary. */
static int
json_tail(struct wctx *ctx)
{
	struct json_state *c = ctx->state;
	struct strbuf *out = &c->main->out;
	struct jw w = { .sb = out, .depth = 1, .first = false, .t = c->main };
	char hex[65];
	int rc;

	strbuf_reset(out);
	strbuf_adds(out, ctx->nentities > 0 ? "\n  ]" : "]");
	jw_key(&w, "waivers");
	jw_tree(&w, jwaivers(ctx->run));
	jw_key(&w, "summary");
	jw_tree(&w, jsummary(ctx->sum, ctx->run->has_baseline));
	/*
	 * The last member is the SHA-256 of every byte before its line, so that
	 * a report edited after it was written can be told (results_load.h).
	 */
	strbuf_adds(out, ",\n");
	if (fwrite(out->buf, 1, out->len, ctx->fp) != out->len || wctx_digest(ctx, hex) != 0)
		return -1;
	strbuf_reset(out);
	strbuf_addf(out, "  \"" RES_DIGEST_KEY "\": \"%s\"\n}\n", hex);
	rc = fwrite(out->buf, 1, out->len, ctx->fp) == out->len ? 0 : -1;
	return rc;
}

static void
json_release(struct wctx *ctx)
{
	if (ctx->state != NULL)
		json_thread_free(((struct json_state *)ctx->state)->main);
	state_free(ctx->state);
	ctx->state = NULL;
}

const struct writer writer_json = {
	.name = "json",
	.digests = true,
	.desc = "the full structure, for programs",
	.head = json_head,
	.entity = json_entity,
	.tail = json_tail,
	.thread_new = json_thread_new,
	.render = json_render,
	.thread_free = json_thread_free,
	.release = json_release,
};
