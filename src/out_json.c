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
#include "out_json_head.h"
#include "xalloc.h"

#define JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

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
	jw_tree(w, json_path(s));
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
		c->rule[i][RC_REMEDIATION] = dump_new(json_str_or_null(r->remediation));
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
		c->files[i] = dump_new(json_path(run->inputs[i].path));
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
		jw_tree(w, json_waiver_tree(&run->waivers[r->waiver]));
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
	json_t *h = json_head_tree(ctx->run);
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
	jw_tree(&w, json_waivers_tree(ctx->run));
	jw_key(&w, "summary");
	jw_tree(&w, json_summary_tree(ctx->sum, ctx->run->has_baseline));
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
