/*
 * Evaluation mode: rules -> waivers -> self-reports -> evaluation ->
 * reports. Nothing is written until every input has been read and checked,
 * and files named for reports are replaced only when complete.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "csvin.h"
#include "exitcode.h"
#include "output.h"
#include "par.h"
#include "run.h"
#include "strbuf.h"
#include "xalloc.h"

int
run_load_rules(const struct options *o, struct rulebook *rb, struct diaglist *dl)
{
	int nerr;

	if (o->nrules > 0)
		nerr = rulebook_load_paths(rb, o->rules, o->nrules, dl);
	else
		nerr = rulebook_load_builtin(rb, dl);
	return nerr > 0 || dl->nerrors > 0 ? EXIT_RULES : EXIT_OK;
}

static bool
want_color(const struct options *o, const struct output_spec *spec)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->color == COLOR_ALWAYS)
		return true;
	if (o->color == COLOR_NEVER || spec->file != NULL)
		return false;
	if (nc != NULL && *nc != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDOUT_FILENO);
}

static int
read_inputs(const struct options *o, const struct rulebook *rb,
    struct obsstore *store, struct input_info *inputs, struct diaglist *dl)
{
	struct csvin_opts co = {
		.cat = &rb->cat,
		.entities = (const char *const *)o->entities,
		.nentities = o->nentities,
		.jobs = o->jobs,
		.progress = o->verbosity >= 0 && isatty(STDERR_FILENO),
	};
	size_t nstdin = 0;
	int failed = 0;

	for (size_t i = 0; i < o->nargs; i++) {
		if (strcmp(o->args[i], "-") == 0 && ++nstdin > 1) {
			diag_error(dl, NULL, 0, 0, "standard input ('-') can be read only once");
			return -1;
		}
	}
	for (size_t i = 0; i < o->nargs; i++)
		if (csvin_read(o->args[i], &co, store, &inputs[i], dl) != 0)
			failed = 1;
	if (!failed && obs_finish(store, inputs, o->nargs, dl, o->jobs) > 0)
		failed = 1;
	for (size_t i = 0; i < o->nentities; i++)
		if (strtab_find(&store->ids, o->entities[i], strlen(o->entities[i])) < 0)
			diag_warn(dl, NULL, 0, 0, "entity '%s' is not in the inputs", o->entities[i]);
	return failed || diag_failed(dl) ? -1 : 0;
}

/*
 * The evaluation passes. Entities are evaluated (and, for reports that can,
 * rendered) on --jobs threads a batch at a time, into slots; the calling
 * thread then takes the batch in order, so the result does not depend on the
 * number of threads.
 */
#define SLOTS_PER_THREAD 32
#define MAX_SLOTS 256           /* bounds the memory of many threads */

struct slot {
	struct entity_result er;
	struct strbuf *text;            /* per output: the rendered entity */
};

struct pass {
	const struct options *o;
	const struct evaluator *ev;
	const size_t *order;            /* NULL: store order */
	struct slot *slots;
	size_t nslots;
	struct report_ctx *ctxs;        /* NULL: the summary pass */
	void ***tstate;                 /* [thread][output] for render */
	struct eval_summary *sum;
	bool failed;                    /* a report could not be written: */
	size_t bad;                     /* which one */
	int err;                        /* and errno then */
};

static void
pass_work(void *arg, int thread, size_t i)
{
	struct pass *ps = arg;
	struct slot *sl = &ps->slots[i % ps->nslots];

	eval_entity(ps->ev, ps->order ? ps->order[i] : i, &sl->er);
	if (ps->ctxs == NULL)
		return;
	for (size_t k = 0; k < ps->o->nouts; k++) {
		const struct reporter *rep = ps->o->outs[k].rep;

		if (ps->tstate[thread][k] == NULL)
			continue;
		strbuf_reset(&sl->text[k]);
		rep->render(ps->tstate[thread][k], &sl->er, i, &sl->text[k]);
	}
}

static int
pass_consume(void *arg, size_t i)
{
	struct pass *ps = arg;
	struct slot *sl = &ps->slots[i % ps->nslots];

	if (ps->ctxs == NULL) {
		eval_summary_add(ps->sum, &sl->er);
		return 0;
	}
	for (size_t k = 0; k < ps->o->nouts; k++) {
		struct report_ctx *ctx = &ps->ctxs[k];
		int rc;

		if (ps->tstate[0][k] != NULL)
			rc = fwrite(sl->text[k].buf, 1, sl->text[k].len, ctx->fp) ==
			    sl->text[k].len ? 0 : -1;
		else
			rc = ps->o->outs[k].rep->entity(ctx, &sl->er);
		ctx->nentities++;
		if (rc != 0) {
			ps->err = errno;
			ps->bad = k;
			ps->failed = true;
			return -1;
		}
	}
	return 0;
}

/*
 * One pass over every entity: the summary when ctxs is NULL, else the
 * reports. Returns 0, or -1 when a report could not be written, with the
 * output in *bad and errno then in *err.
 */
static int
run_pass(const struct options *o, const struct evaluator *ev,
    const size_t *order, struct report_ctx *ctxs, struct eval_summary *sum,
    size_t *bad, int *err)
{
	struct pass ps = { .o = o, .ev = ev, .order = order, .ctxs = ctxs,
	    .sum = sum };
	int nthreads = par_threads(o->jobs);
	size_t n = ev->obs->n;

	if ((size_t)nthreads > n)
		nthreads = n > 1 ? (int)n : 1;
	ps.nslots = nthreads > 1 ? (size_t)nthreads * SLOTS_PER_THREAD : 1;
	if (ps.nslots > MAX_SLOTS)
		ps.nslots = MAX_SLOTS;
	ps.slots = xcalloc(ps.nslots, sizeof(*ps.slots));
	for (size_t j = 0; j < ps.nslots; j++) {
		entity_result_init(&ps.slots[j].er, ev->rb);
		if (ctxs != NULL) {
			ps.slots[j].text = xcalloc(o->nouts, sizeof(*ps.slots[j].text));
			for (size_t k = 0; k < o->nouts; k++)
				strbuf_init(&ps.slots[j].text[k]);
		}
	}
	ps.tstate = xcalloc((size_t)nthreads, sizeof(*ps.tstate));
	for (int t = 0; t < nthreads && ctxs != NULL; t++) {
		ps.tstate[t] = xcalloc(o->nouts, sizeof(**ps.tstate));
		for (size_t k = 0; k < o->nouts && nthreads > 1; k++)
			if (o->outs[k].rep->render != NULL)
				ps.tstate[t][k] = o->outs[k].rep->thread_new(&ctxs[k]);
	}
	if (sum != NULL) {
		bool *used = sum->waiver_used;

		memset(sum, 0, sizeof(*sum));
		sum->waiver_used = used;
	}
	par_batches(n, ps.nslots, nthreads, pass_work, pass_consume, &ps);
	for (int t = 0; t < nthreads; t++) {
		for (size_t k = 0; ctxs != NULL && k < o->nouts; k++)
			if (ps.tstate[t][k] != NULL)
				o->outs[k].rep->thread_free(ps.tstate[t][k]);
		free(ps.tstate[t]);
	}
	free(ps.tstate);
	for (size_t j = 0; j < ps.nslots; j++) {
		entity_result_release(&ps.slots[j].er);
		for (size_t k = 0; ctxs != NULL && k < o->nouts; k++)
			strbuf_release(&ps.slots[j].text[k]);
		free(ps.slots[j].text);
	}
	free(ps.slots);
	if (ps.failed) {
		*bad = ps.bad;
		*err = ps.err;
		return -1;
	}
	return 0;
}

/*
 * Every report, all or nothing: the outputs are opened, every report is
 * written, and only then are the files put in place (output.h).
 */
static int
write_reports(const struct options *o, struct run_info *run,
    struct output_set *outs, struct diaglist *dl)
{
	struct report_ctx *ctxs = xcalloc(o->nouts, sizeof(*ctxs));
	size_t *order, bad = 0;
	bool failed = false;
	int err = 0, rc = EXIT_OK;

	if (output_set_open(outs, dl) != 0) {
		free(ctxs);
		return EXIT_INTERNAL;
	}
	for (size_t i = 0; i < o->nouts; i++) {
		ctxs[i].fp = output_set_stream(outs, i);
		ctxs[i].run = run;
		ctxs[i].color = want_color(o, &o->outs[i]);
	}
	for (size_t i = 0; i < o->nouts && !failed; i++) {
		if (o->outs[i].rep->begin(&ctxs[i]) != 0) {
			err = errno;
			bad = i;
			failed = true;
		}
	}
	if (!failed) {
		order = obs_sorted(run->obs);
		if (run_pass(o, run->ev, order, ctxs, NULL, &bad, &err) != 0)
			failed = true;
		free(order);
	}
	for (size_t i = 0; i < o->nouts && !failed; i++) {
		if (o->outs[i].rep->end(&ctxs[i]) != 0) {
			err = errno;
			bad = i;
			failed = true;
		}
	}
	for (size_t i = 0; i < o->nouts; i++)
		if (o->outs[i].rep->release != NULL)
			o->outs[i].rep->release(&ctxs[i]);
	if (failed) {
		output_set_write_error(outs, bad, err, dl);
		output_set_abort(outs);
		rc = EXIT_INTERNAL;
	} else if (output_set_commit(outs, dl) != 0) {
		rc = EXIT_INTERNAL;
	}
	free(ctxs);
	return rc;
}

/*
 * Resolve the outputs and refuse any that would overwrite an input or
 * another output, before anything is read.
 */
static int
check_outputs(const struct options *o, struct output_set *outs, struct diaglist *dl)
{
	const char **inputs = xcalloc(o->nargs + o->nrules + 1, sizeof(*inputs));
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < o->nouts; i++)
		output_set_add(outs, o->outs[i].file);
	for (size_t i = 0; i < o->nargs; i++)
		inputs[n++] = strcmp(o->args[i], "-") == 0 ? NULL : o->args[i];
	for (size_t i = 0; i < o->nrules; i++)
		inputs[n++] = o->rules[i];
	if (o->waivers != NULL)
		inputs[n++] = o->waivers;
	rc = output_set_check(outs, inputs, n, dl);
	free(inputs);
	return rc;
}

/*
 * Sectors outside the vocabulary (see catalogue.h): one warning per
 * distinct value, at the first place it was given, with the closest known
 * sector; an input error under --strict. Such an entity is outside every
 * sector rule, so the slip must not go unnoticed.
 */
static int
check_sectors(const struct catalogue *cat, const struct obsstore *store,
    struct diaglist *dl)
{
	struct strtab seen;

	strtab_init(&seen, false);
	for (size_t i = 0; i < store->n; i++) {
		const struct entity *e = &store->ents[i];
		size_t len, before = seen.n;
		const char *hint;

		if (e->sector == NULL)
			continue;
		len = strlen(e->sector);
		if (catalogue_find_sector(cat, e->sector, len) >= 0)
			continue;
		strtab_intern(&seen, e->sector, len);
		if (seen.n == before)
			continue;
		hint = catalogue_suggest_sector(cat, e->sector);
		if (hint != NULL)
			diag_warn(dl, store->files[e->sector_file], (int)e->sector_line, 0,
			    "unknown sector '%s' of entity '%s'; did you mean '%s'?",
			    e->sector, e->id, hint);
		else
			diag_warn(dl, store->files[e->sector_file], (int)e->sector_line, 0,
			    "unknown sector '%s' of entity '%s' (--list-rules lists the sectors)",
			    e->sector, e->id);
	}
	strtab_release(&seen);
	return diag_failed(dl) ? -1 : 0;
}

/*
 * A waiver for an entity that is not in the inputs is most likely a typing
 * slip: a warning (an input error under --strict) at the waiver. Entities
 * left out with --entity are not "missing".
 */
static int
check_waiver_entities(const struct options *o, const struct waivers *wv,
    const struct obsstore *store, struct diaglist *dl)
{
	for (size_t i = 0; i < wv->n; i++) {
		const struct waiver *w = &wv->items[i];
		bool filtered = o->nentities > 0;

		if (strcmp(w->entity, "*") == 0 ||
		    strtab_find(&store->ids, w->entity, strlen(w->entity)) >= 0)
			continue;
		for (size_t k = 0; k < o->nentities; k++)
			if (strcmp(o->entities[k], w->entity) == 0)
				filtered = false;
		if (filtered)
			continue;
		diag_warn(dl, w->file, w->line, w->col, "waiver for '%s' names entity '%s', "
		    "which is not in the inputs", w->rule_id, w->entity);
	}
	return diag_failed(dl) ? -1 : 0;
}

/* -v: what was loaded and read, as notes on standard error. */
static void
verbose_summary(const struct options *o, const struct rulebook *rb,
    const struct input_info *inputs, const struct obsstore *store,
    const struct evaluator *ev, struct diaglist *dl)
{
	size_t nobs = 0;

	diag_add(dl, DIAG_NOTE, NULL, 0, 0, "rules: %s, %zu rule sets, %zu rules, %zu indicators, %zu profiles",
	    rb->builtin ? "built-in" : "from files", rb->nsets, rb->nrules, rb->cat.n, rb->nprofiles);
	for (size_t i = 0; i < o->nargs; i++)
		diag_add(dl, DIAG_NOTE, inputs[i].path, 0, 0,
		    "%s layout, %zu rows read, %zu used, %zu ignored, sha256 %s",
		    inputs[i].layout ? inputs[i].layout : "unknown", inputs[i].read,
		    inputs[i].used, inputs[i].ignored, inputs[i].sha256);
	for (size_t i = 0; i < store->n; i++)
		nobs += store->ents[i].nobs;
	diag_add(dl, DIAG_NOTE, NULL, 0, 0, "%zu entities, %zu observations; evaluation year %d",
	    store->n, nobs, ev->year);
	for (size_t i = 0; i < o->nouts; i++)
		diag_add(dl, DIAG_NOTE, NULL, 0, 0, "report '%s' to %s", o->outs[i].rep->name,
		    o->outs[i].file ? o->outs[i].file : "standard output");
}

int
run_evaluate(const struct options *o, struct diaglist *dl)
{
	struct rulebook rb;
	struct waivers wv;
	struct obsstore store;
	struct input_info *inputs = xcalloc(o->nargs, sizeof(*inputs));
	struct evaluator ev;
	struct eval_opts eo = {0};
	struct run_info run = {0};
	struct output_set outs;
	const struct profile *profile = NULL;
	bool have_waivers = false;
	struct tm tm;
	int rc;

	rulebook_init(&rb);
	waivers_init(&wv);
	obs_init(&store);
	output_set_init(&outs);
	dl->strict = o->strict;
	if (check_outputs(o, &outs, dl) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	/* cli_parse keeps o->now within years 1970 to 9999. */
	if (gmtime_r(&o->now, &tm) == NULL) {
		diag_error(dl, NULL, 0, 0, "cannot convert the generation time to a date");
		rc = EXIT_INTERNAL;
		goto out;
	}
	if ((rc = run_load_rules(o, &rb, dl)) != EXIT_OK)
		goto out;
	if (o->profile != NULL && (profile = rulebook_find_profile(&rb, o->profile)) == NULL) {
		const char **names = xcalloc(rb.nprofiles, sizeof(*names));
		const char *hint;

		for (size_t i = 0; i < rb.nprofiles; i++)
			names[i] = rb.profiles[i].name;
		hint = diag_suggest(o->profile, names, rb.nprofiles);
		diag_error(dl, NULL, 0, 0, "unknown profile '%s'%s%s%s", o->profile,
		    hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
		free(names);
		rc = EXIT_USAGE;
		goto out;
	}
	if (o->waivers != NULL) {
		if (waivers_load(&wv, o->waivers, &rb, dl) > 0 || dl->nerrors > 0) {
			rc = EXIT_INPUT;
			goto out;
		}
		waivers_settle(&wv, (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
		for (size_t i = 0; i < wv.n; i++)
			if (wv.items[i].expired)
				diag_add(dl, DIAG_NOTE, wv.items[i].file, wv.items[i].line, wv.items[i].col,
				    "waiver for '%s' (entity '%s') expired on %s and does not apply",
				    wv.items[i].rule_id, wv.items[i].entity, wv.items[i].expires_text);
		have_waivers = true;
	}
	if (read_inputs(o, &rb, &store, inputs, dl) != 0 ||
	    check_sectors(&rb.cat, &store, dl) != 0 ||
	    (have_waivers && check_waiver_entities(o, &wv, &store, dl) != 0)) {
		rc = EXIT_INPUT;
		goto out;
	}
	eo.year = o->year;
	eo.missing_skip = o->missing_skip;
	eo.profile = profile;
	eo.waivers = have_waivers ? &wv : NULL;
	eo.fail_on = o->fail_on;
	eo.has_fail_under = o->has_fail_under;
	eo.fail_under = o->fail_under;
	eval_init(&ev, &rb, &store, &eo);
	/* The summary needs statuses and scores, not the reasons. */
	{
		struct evaluator quiet = ev;

		quiet.quiet = true;
		size_t bad;
		int err;

		if (have_waivers)
			run.summary.waiver_used = xcalloc(wv.n ? wv.n : 1, sizeof(bool));
		run_pass(o, &quiet, NULL, NULL, &run.summary, &bad, &err);
		eval_summary_finish(&run.summary);
		for (size_t i = 0; have_waivers && i < wv.n; i++)
			wv.items[i].used = run.summary.waiver_used[i];
		free(run.summary.waiver_used);
		run.summary.waiver_used = NULL;
	}
	/* A score that is not a number must never pass a gate, nor be reported. */
	if (run.summary.not_finite != NULL) {
		diag_error(dl, NULL, 0, 0, "internal error: the score of entity '%s' is "
		    "not a finite number; no report is written", run.summary.not_finite->id);
		rc = EXIT_INTERNAL;
		goto out;
	}
	if (o->verbosity > 0)
		verbose_summary(o, &rb, inputs, &store, &ev, dl);

	run.version = PACKAGE_VERSION;
	strftime(run.generated, sizeof(run.generated), "%Y-%m-%dT%H:%M:%SZ", &tm);
	run.rb = &rb;
	run.obs = &store;
	run.inputs = inputs;
	run.ninputs = o->nargs;
	run.waivers = eo.waivers;
	run.ev = &ev;
	rc = write_reports(o, &run, &outs, dl);
	if (rc == EXIT_OK && run.summary.gate_fail)
		rc = EXIT_GATE;
out:
	output_set_release(&outs);
	obs_release(&store);
	waivers_release(&wv);
	rulebook_release(&rb);
	free(inputs);
	return rc;
}
