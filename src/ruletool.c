/*
 * The rule-author commands: --list-rules, --explain, --template,
 * --lint-rules and --test-rules.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "eval.h"
#include "run.h"
#include "ruletool.h"
#include "strbuf.h"
#include "xalloc.h"

int
ruletool_list(const struct rc_request *o, struct diaglist *dl)
{
	FILE *out = o->out;

	struct rulebook rb;
	int rc;

	rulebook_init(&rb);
	if ((rc = run_load_rules(o, &rb, dl)) == RC_OK) {
		for (size_t s = 0; s < rb.nsets; s++) {
			const struct ruleset *rs = &rb.sets[s];

			fprintf(out, "%s  commitment %d (%s): ", rs->id, rs->commitment,
			    commitment_names[rs->commitment]);
			escape_puts(rs->title, out);
			fputc('\n', out);
			for (size_t i = 0; i < rs->nrules; i++) {
				const struct rule *r = &rs->rules[i];

				fprintf(out, "  %-8s %-8s %4g  ", r->id,
				    severity_names[r->severity], r->weight);
				escape_puts(r->title, out);
				fputc('\n', out);
			}
		}
		if (rb.cat.nsectors > 0)
			fprintf(out, "sectors%s:\n", rb.cat.declared ? "" : " (named by the rules)");
		for (size_t i = 0; i < rb.cat.nsectors; i++) {
			const struct sector *sec = &rb.cat.sectors[i];

			if (sec->title == NULL) {
				fprintf(out, "  %s\n", sec->id);
				continue;
			}
			fprintf(out, "  %-20s ", sec->id);
			escape_puts(sec->title, out);
			fputc('\n', out);
		}
	}
	rulebook_release(&rb);
	return rc;
}

/* Print text wrapped at 76 columns with a hanging indent. */
static void
wrap(FILE *out, const char *label, const char *text)
{
	size_t col = 0, indent = 4;
	const char *p = text;

	fprintf(out, "%s:\n", label);
	while (*p) {
		size_t n;

		while (*p == ' ' || *p == '\n')
			p++;
		n = strcspn(p, " \n");
		if (n == 0)
			break;
		if (col > 0 && col + 1 + n > 76) {
			fputc('\n', out);
			col = 0;
		}
		if (col == 0) {
			fprintf(out, "%*s", (int)indent, "");
			col = indent;
		} else {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, n, out);
		col += n;
		p += n;
	}
	if (col > 0)
		fputc('\n', out);
}

/* What the tailoring did to r: added it, or changed fields of it. */
static void
tailored_by(FILE *out, const struct rulebook *rb, const struct rule *r)
{
	if (!rb->tailored || (!r->tailored && !r->set->tailored))
		return;
	fprintf(out, "tailored: %s by '", r->set->tailored ? "added" : "refined");
	escape_puts(rb->tailor_name, out);
	fputs("' (", out);
	escape_puts(rb->tailor_file, out);
	fputs(")\n", out);
	for (size_t i = 0; i < rb->nchanges; i++) {
		const struct tailor_change *c = &rb->changes[i];

		if (c->kind != TC_REFINE || strcmp(c->id, r->id) != 0)
			continue;
		fprintf(out, "    %s: ", c->field);
		escape_puts(c->from, out);
		fputs(" -> ", out);
		escape_puts(c->to, out);
		fputc('\n', out);
	}
}

int
ruletool_explain(const struct rc_request *o, struct diaglist *dl)
{
	FILE *out = o->out;

	struct rulebook rb;
	const struct rule *r;
	int rc;

	rulebook_init(&rb);
	if ((rc = run_load_rules(o, &rb, dl)) != RC_OK)
		goto out;
	r = rulebook_find_rule(&rb, o->explain);
	for (size_t i = 0; r == NULL && i < rb.nchanges; i++) {
		if (rb.changes[i].kind != TC_UNSELECT || strcmp(rb.changes[i].id, o->explain) != 0)
			continue;
		diag_error(dl, NULL, 0, 0, "rule '%s' is left out by tailoring '%s' (%s)",
		    o->explain, rb.tailor_name, rb.tailor_file);
		rc = RC_USAGE;
		goto out;
	}
	if (r == NULL) {
		const char *hint = rulebook_suggest_rule(&rb, o->explain);

		diag_error(dl, NULL, 0, 0, "unknown rule '%s'%s%s%s (--list-rules lists every rule)",
		    o->explain, hint ? "; did you mean '" : "", hint ? hint : "",
		    hint ? "'?" : "");
		rc = RC_USAGE;
		goto out;
	}
	fprintf(out, "%s  %s\n", r->id, r->title);
	fprintf(out, "rule set %s, commitment %d (%s): %s\n", r->set->id,
	    r->set->commitment, commitment_names[r->set->commitment], r->set->title);
	if (r->set->source != NULL)
		wrap(out, "clause", r->set->source);
	fprintf(out, "severity: %s; weight: %g\n", severity_names[r->severity], r->weight);
	fprintf(out, "applies to: %s",
	    r->subjects == SUBJ_ALL ? "states and enterprises" :
	    r->subjects == SUBJ_STATE ? "states" : "enterprises");
	for (size_t i = 0; i < r->nsectors; i++)
		fprintf(out, "%s%s", i == 0 ? "; sectors: " : ", ", r->sectors[i]);
	fputc('\n', out);
	if (r->indicator >= 0) {
		const struct indicator *ind = &rb.cat.items[r->indicator];

		fprintf(out, "indicator: %s (%s, %s): %s\n", ind->id,
		    ind_type_names[ind->type], ind->unit, ind->title);
		if (ind->source != NULL)
			wrap(out, "indicator source", ind->source);
	}
	fputs("check: ", out);
	escape_puts(r->target.text, out);
	fputc('\n', out);
	if (r->max_age >= 0)
		fprintf(out, "max age: values older than %d year%s before the evaluation year "
		    "count as missing%s\n", r->max_age, r->max_age == 1 ? "" : "s",
		    r->max_age_from == AGE_CATALOGUE ? " (the indicator's default)" : "");
	else
		fputs("max age: none; values of any age count\n", out);
	if (r->target.break_factor > 0)
		fprintf(out, "series break: a change beyond a factor of %g, up or down, "
		    "counts as missing, not as a change\n", r->target.break_factor);
	if (r->nalts > 0) {
		fputs("alternatives:", out);
		for (size_t i = 0; i < r->nalts; i++)
			fprintf(out, "%s%s", i == 0 ? " " : ", ", r->alts[i]->id);
		fprintf(out, "; the first of %s and these, in this order, that has a usable "
		    "value counts, and the others do not apply\n", r->id);
	} else if (r->alt_of != NULL) {
		fprintf(out, "stands in for: %s, when it has no usable value (see --explain %s)\n",
		    r->alt_of->id, r->alt_of->id);
	}
	if (r->evidence_required || r->evidence_match != NULL)
		fprintf(out, "evidence: %s%s%s%s\n", r->evidence_required ? "required" : "optional",
		    r->evidence_match ? ", must match /" : "",
		    r->evidence_match ? pattern_source(r->evidence_match) : "",
		    r->evidence_match ? "/" : "");
	if (r->rationale != NULL)
		wrap(out, "rationale", r->rationale);
	if (r->remediation != NULL)
		wrap(out, "remediation", r->remediation);
	for (size_t i = 0; i < r->nreferences; i++)
		fprintf(out, "%s%s\n", i == 0 ? "references:\n    " : "    ", r->references[i]);
	fprintf(out, "defined at: %s:%d\n", r->file, r->line);
	tailored_by(out, &rb, r);
out:
	rulebook_release(&rb);
	return rc;
}

/* Quote a CSV field when it needs it (RFC 4180). */
static void
csv_field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

int
ruletool_template(const struct rc_request *o, struct diaglist *dl)
{
	FILE *out = o->out;

	struct rulebook rb;
	bool *need;
	int rc;

	rulebook_init(&rb);
	if ((rc = run_load_rules(o, &rb, dl)) != RC_OK) {
		rulebook_release(&rb);
		return rc;
	}
	need = xcalloc(rb.cat.n ? rb.cat.n : 1, sizeof(*need));
	for (size_t i = 0; i < rb.nrules; i++) {
		const struct rule *r = rb.rules[i];

		if (o->subject != SUBJ_NONE && (r->subjects & (unsigned)o->subject) == 0)
			continue;
		rulebook_mark_indicators(r, need);
	}
	fputs("entity,subject,sector,year,indicator,value,unit,evidence,note\n", out);
	for (size_t i = 0; i < rb.cat.n; i++) {
		const struct indicator *ind = &rb.cat.items[i];

		if (!need[i])
			continue;
		fprintf(out, ",%s,,,", o->subject != SUBJ_NONE ? subject_name(o->subject) : "");
		csv_field(out, ind->id);
		fputs(",,", out);
		csv_field(out, ind->unit);
		fputs(",,", out);
		csv_field(out, ind->title);
		fputc('\n', out);
	}
	/*
	 * Then one row per sector an enterprise may report, its id in the
	 * sector column and its title in the note: the vocabulary at hand for
	 * whoever fills the blank.
	 */
	for (size_t i = 0; o->subject != SUBJ_STATE && i < rb.cat.nsectors; i++) {
		const struct sector *sec = &rb.cat.sectors[i];

		fputs(",enterprise,", out);
		csv_field(out, sec->id);
		fputs(",,,,,,", out);
		if (sec->title != NULL) {
			struct strbuf note;

			strbuf_init(&note);
			strbuf_addf(&note, "sector: %s", sec->title);
			csv_field(out, note.buf);
			strbuf_release(&note);
		} else {
			fputs("sector named by the rules", out);
		}
		fputc('\n', out);
	}
	free(need);
	rulebook_release(&rb);
	return RC_OK;
}

/*
 * A rule on reported values with no maximum age, from itself or its
 * indicator, lets a value of any age count as current.
 */
static void
lint_ages(const struct rulebook *rb, struct diaglist *dl)
{
	for (size_t i = 0; i < rb->nrules; i++) {
		const struct rule *r = rb->rules[i];

		if (r->max_age >= 0)
			continue;
		if (r->indicator >= 0)
			diag_warn(dl, r->file, r->line, r->col, "rule '%s' has no maximum "
			    "age: neither it nor indicator '%s' gives 'max_age', so a value "
			    "of any age counts as current", r->id, rb->cat.items[r->indicator].id);
		else
			diag_warn(dl, r->file, r->line, r->col, "rule '%s' has no maximum "
			    "age: it gives no 'max_age' and not every indicator of its "
			    "expression does, so a value of any age counts as current", r->id);
	}
}

/*
 * A rule that no subject's default profile selects is not applicable to
 * any entity unless --profile names a profile that takes it: rules added
 * next to the built-ins, whose default profiles take "HI-*" only, would
 * otherwise be skipped without a word.
 */
static void
lint_profiles(const struct rulebook *rb, struct diaglist *dl)
{
	static const enum subject subjects[] = { SUBJ_STATE, SUBJ_ENTERPRISE };

	for (size_t i = 0; i < rb->nrules; i++) {
		const struct rule *r = rb->rules[i];
		const char *names[2] = { NULL, NULL };
		bool reached = false;
		size_t n = 0;

		for (size_t k = 0; k < 2 && !reached; k++) {
			const struct profile *p;

			if ((r->subjects & (unsigned)subjects[k]) == 0)
				continue;
			p = rulebook_default_profile(rb, subjects[k]);
			if (p == NULL || p->selected[r->index])
				reached = true;
			else
				names[n++] = p->name;
		}
		if (reached || n == 0)
			continue;
		diag_warn(dl, r->file, r->line, r->col, "rule '%s' is in no profile that a "
		    "subject gets: the default profile%s '%s'%s%s%s select%s it, so it is "
		    "not applicable unless --profile names a profile that does", r->id,
		    n > 1 ? "s" : "", names[0], n > 1 ? " and '" : "", n > 1 ? names[1] : "",
		    n > 1 ? "' do not" : " does not", n > 1 ? "" : "");
	}
}

int
ruletool_lint(const struct rc_request *o, struct diaglist *dl)
{
	FILE *out = o->out;

	struct rc_request lo = *o;
	struct rulebook rb;
	int rc;

	/* --lint-rules PATH... checks the paths given as arguments. */
	if (o->ninputs > 0) {
		lo.rules = o->inputs;
		lo.nrules = o->ninputs;
	}
	rulebook_init(&rb);
	rc = run_load_rules(&lo, &rb, dl);
	if (rc == RC_OK) {
		size_t before = dl->nwarnings;

		lint_ages(&rb, dl);
		lint_profiles(&rb, dl);
		if (dl->nwarnings == before)
			fprintf(out, "%zu rule sets, %zu rules, %zu indicators, %zu profiles: "
			    "no problems found\n", rb.nsets, rb.nrules, rb.cat.n, rb.nprofiles);
		else
			fprintf(out, "%zu rule sets, %zu rules, %zu indicators, %zu profiles: "
			    "%zu warning%s\n", rb.nsets, rb.nrules, rb.cat.n, rb.nprofiles,
			    dl->nwarnings - before, dl->nwarnings - before == 1 ? "" : "s");
	}
	rulebook_release(&rb);
	return rc;
}

/* Turn a rule test's data into observations of one entity. */
static int
test_store(const struct rulebook *rb, const struct ruleset *rs,
    const struct ruletest *t, struct obsstore *st, struct diaglist *dl)
{
	int file = obs_add_file(st, rs->file);
	int ent = obs_entity(st, "test", 4, file, (uint32_t)t->line);
	int nerr = 0;

	st->ents[ent].subject = t->subject;
	st->ents[ent].sector = t->sector ? xstrdup(t->sector) : NULL;
	for (size_t i = 0; i < t->ndata; i++) {
		const struct ruletest_datum *d = &t->data[i];
		const struct indicator *ind = &rb->cat.items[d->indicator];
		size_t len = strlen(d->text);
		struct value v;
		enum value_check vc = indicator_parse_value(ind, d->text, len, &v);
		struct obs ob;

		if (vc == VC_MISSING)
			continue;
		/* Test data get the checks of a self-report's values, range included. */
		if (vc != VC_OK) {
			struct strbuf msg;

			strbuf_init(&msg);
			strbuf_addf(&msg, "test '%s': ", t->name);
			indicator_value_message(&msg, ind, vc, d->text, len, &v, NULL);
			diag_error(dl, rs->file, d->line, d->col, "%s", msg.buf);
			strbuf_release(&msg);
			nerr++;
			continue;
		}
		memset(&ob, 0, sizeof(ob));
		ob.ind = (uint16_t)d->indicator;
		ob.year = (int16_t)d->year;
		ob.line = (uint32_t)d->line;
		ob.file = (uint16_t)file;
		ob.kind = (uint8_t)v.kind;
		if (v.kind == V_NUM)
			ob.num = v.num;
		else if (v.kind == V_BOOL)
			ob.num = v.b;
		else
			ob.text = obs_text(st, d->text, len);
		obs_add(st, ent, &ob);
	}
	return nerr;
}

int
ruletool_test(const struct rc_request *o, struct diaglist *dl)
{
	FILE *out = o->out;

	struct rc_request lo = *o;
	struct rulebook rb;
	size_t ncases = 0, nfailed = 0, nchecks = 0, nbroken = 0;
	int rc;

	if (o->ninputs > 0) {
		lo.rules = o->inputs;
		lo.nrules = o->ninputs;
	}
	rulebook_init(&rb);
	if ((rc = run_load_rules(&lo, &rb, dl)) != RC_OK) {
		rulebook_release(&rb);
		return rc;
	}
	for (size_t s = 0; s < rb.nsets; s++) {
		const struct ruleset *rs = &rb.sets[s];

		for (size_t k = 0; k < rs->ntests; k++) {
			const struct ruletest *t = &rs->tests[k];
			struct obsstore st;
			struct input_info info;
			struct evaluator ev;
			struct eval_opts eo = {.fail_on = SEV_NONE};
			struct entity_result er;
			bool failed = false;

			obs_init(&st);
			memset(&info, 0, sizeof(info));
			ncases++;
			/* A test whose data do not load is not run: a rule error. */
			if (test_store(&rb, rs, t, &st, dl) > 0 ||
			    obs_finish(&st, &info, 1, dl, 1) > 0) {
				obs_release(&st);
				nbroken++;
				rc = RC_RULES;
				continue;
			}
			eval_init(&ev, &rb, &st, &eo);
			entity_result_init(&er, &rb);
			eval_entity(&ev, 0, &er);
			for (size_t e = 0; e < t->nexpect; e++) {
				const struct ruletest_expect *x = &t->expect[e];
				const struct rule *r = rulebook_find_rule(&rb, x->rule_id);
				const struct rule_result *rr = &er.rules[r->index];

				nchecks++;
				if (rr->status == x->status)
					continue;
				failed = true;
				fprintf(out, "FAIL %s:%d: %s: test '%s': expected %s, got %s%s%s%s\n",
				    rs->file, x->line, r->id, t->name, status_names[x->status],
				    status_names[rr->status], rr->reason.len ? " (" : "",
				    rr->reason.buf, rr->reason.len ? ")" : "");
			}
			if (failed)
				nfailed++;
			entity_result_release(&er);
			eval_release(&ev);
			obs_release(&st);
		}
	}
	fprintf(out, "%zu rule tests, %zu expectations: %zu passed, %zu failed",
	    ncases, nchecks, ncases - nfailed - nbroken, nfailed);
	if (nbroken > 0)
		fprintf(out, ", %zu not run (their data are invalid)", nbroken);
	fputc('\n', out);
	rulebook_release(&rb);
	if (rc == RC_OK && nfailed > 0)
		rc = RC_GATE;
	return rc;
}
