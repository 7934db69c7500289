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

#include "baseline.h"
#include "csvin.h"
#include "importmap.h"
#include "importmap_load.h"
#include "output.h"
#include "par.h"
#include "report.h"
#include "results_build.h"
#include "results_load.h"
#include "run.h"
#include "shard.h"
#include "selection.h"
#include "strbuf.h"
#include "tailoring.h"
#include "writers.h"
#include "xalloc.h"

int
run_load_rules(const struct rc_request *o, struct rulebook *rb, struct diaglist *dl)
{
	struct rule_selection sel = { o->select_rules, o->nselect_rules, o->skip_rules,
	    o->nskip_rules, o->commitments };
	struct rulebook_overlay ov;
	struct tailoring t;
	int nerr;

	tailoring_init(&t);
	if (o->tailoring != NULL) {
		if (tailoring_read(&t, o->tailoring, dl) < 0) {
			tailoring_release(&t);
			return RC_RULES;
		}
		tailoring_overlay(&t, &ov);
		rb->overlay = &ov;
	}
	if (o->nrules > 0)
		nerr = rulebook_load_paths(rb, (char *const *)o->rules, o->nrules, dl);
	else
		nerr = rulebook_load_builtin(rb, dl);
	rb->overlay = NULL;
	tailoring_release(&t);
	if (nerr > 0 || dl->nerrors > 0)
		return RC_RULES;
	if ((sel.nrules > 0 || sel.nskip > 0 || sel.commitments != 0) &&
	    selection_apply(rb, &sel, dl) > 0)
		return RC_USAGE;
	return RC_OK;
}

/* Whether --shard gives entity id to this run (always without --shard). */
static bool
in_shard(const struct rc_request *o, const char *id)
{
	return shard_has(o->shard_k, o->shard_n, id, strlen(id));
}

int
run_load_maps(const struct rc_request *o, struct importmaps *ms,
    const struct importmap **forced, struct diaglist *dl)
{
	char *buf;
	size_t len;

	*forced = NULL;
	if (importmaps_load_builtin(ms, dl) > 0)
		return RC_INTERNAL;
	if (o->map == NULL)
		return RC_OK;
	if ((*forced = importmaps_find(ms, o->map)) != NULL)
		return RC_OK;
	if (strchr(o->map, '/') == NULL && strchr(o->map, '.') == NULL) {
		diag_error(dl, NULL, 0, 0, "unknown import map '%s' (see --list-maps; a "
		    "map file is named with its path)", o->map);
		return RC_USAGE;
	}
	if (rulebook_read_file(o->map, RULEBOOK_MAX_FILE, &buf, &len, dl) < 0)
		return RC_RULES;
	/* The user's map replaces the built-in ones: load it alone. */
	importmaps_release(ms);
	importmaps_init(ms);
	if (importmaps_load_text(ms, o->map, buf, len, dl) > 0 || ms->n == 0) {
		free(buf);
		return RC_RULES;
	}
	free(buf);
	*forced = &ms->maps[0];
	return RC_OK;
}

int
run_list_maps(const struct rc_request *o, struct diaglist *dl)
{
	struct importmaps ms;
	int rc = RC_OK;

	importmaps_init(&ms);
	if (importmaps_load_builtin(&ms, dl) > 0)
		rc = RC_INTERNAL;
	for (size_t i = 0; rc == RC_OK && i < ms.n; i++)
		fprintf(o->out, "%-28s %s\n", ms.maps[i].name, ms.maps[i].title);
	importmaps_release(&ms);
	return rc;
}

/* The maps live as long as the inputs' accounting, which names them. */
static int
read_inputs(const struct rc_request *o, const struct rulebook *rb,
    struct obsstore *store, struct input_info *inputs, struct importmaps *maps,
    struct diaglist *dl)
{
	struct csvin_opts co = {
		.cat = &rb->cat,
		.entities = (const char *const *)o->entities,
		.nentities = o->nentities,
		.shard_k = o->shard_k,
		.shard_n = o->shard_n,
		.jobs = o->jobs,
		.progress = o->progress,
		.progress_arg = o->progress_arg,
		.chunk_size = o->chunk_size,
		.subject = o->subject,
	};
	size_t nstdin = 0;
	int failed = 0;

	for (size_t i = 0; i < o->ninputs; i++) {
		if (strcmp(o->inputs[i], "-") == 0 && ++nstdin > 1) {
			diag_error(dl, NULL, 0, 0, "standard input ('-') can be read only once");
			return -1;
		}
	}
	const struct importmap *forced;
	int rc;

	if ((rc = run_load_maps(o, maps, &forced, dl)) != RC_OK)
		return rc;
	co.maps = maps;
	co.map = forced;
	for (size_t i = 0; i < o->ninputs; i++) {
		co.data_year = o->input_years != NULL && o->input_years[i] != 0 ?
		    o->input_years[i] : o->data_year;
		if (csvin_read(o->inputs[i], &co, store, &inputs[i], dl) != 0)
			failed = 1;
	}
	if (!failed && obs_finish(store, inputs, o->ninputs, dl, o->jobs) > 0)
		failed = 1;
	for (size_t i = 0; i < o->nentities; i++)
		if (strtab_find(&store->ids, o->entities[i], strlen(o->entities[i])) < 0 &&
		    in_shard(o, o->entities[i]))
			diag_warn(dl, NULL, 0, 0, "entity '%s' is not in the inputs", o->entities[i]);
	if (!failed)
		obs_drop_empty(store);
	return failed || diag_failed(dl) ? -1 : 0;
}

/*
 * The evaluation pass. Entities are evaluated, turned into the results
 * model and, for the writers that can, rendered on --jobs threads a batch
 * at a time, into slots; the calling thread then hands the batch in order
 * to the report pipeline, so the result does not depend on the number of
 * threads. Each entity is evaluated once.
 */
#define SLOTS_PER_THREAD 32
#define MAX_SLOTS 256           /* bounds the memory of many threads */

struct slot {
	struct entity_result er;
	struct res_entity re;
	struct arena arena;             /* re's arrays and texts */
	bool finite;
	struct strbuf *text;            /* per output: the rendered entity */
	const struct strbuf **rendered; /* per output: text[k] or NULL */
};

struct pass {
	const struct evaluator *ev;
	const struct res_builder *b;
	struct res_run *run;
	const size_t *order;
	struct slot *slots;
	size_t nslots;
	struct report *rep;
	const struct writer *const *ws;
	size_t nouts;
	void ***tstate;                 /* [thread][output] for render */
	const struct entity *not_finite;
};

static void
pass_work(void *arg, int thread, size_t i)
{
	struct pass *ps = arg;
	struct slot *sl = &ps->slots[i % ps->nslots];

	if (ps->run->opts.has_trajectory)
		eval_trajectory(ps->ev, ps->order[i], ps->run->opts.traj_from,
		    ps->run->opts.traj_to, &sl->er);
	else
		eval_entity(ps->ev, ps->order[i], &sl->er);
	arena_reset(&sl->arena);
	sl->finite = res_entity_build(ps->b, ps->run, &sl->er, &sl->re, &sl->arena);
	for (size_t k = 0; k < ps->nouts; k++) {
		sl->rendered[k] = NULL;
		if (ps->tstate[thread][k] == NULL || !sl->finite)
			continue;
		strbuf_reset(&sl->text[k]);
		ps->ws[k]->render(ps->tstate[thread][k], &sl->re, i, &sl->text[k]);
		sl->rendered[k] = &sl->text[k];
	}
}

static int
pass_consume(void *arg, size_t i)
{
	struct pass *ps = arg;
	struct slot *sl = &ps->slots[i % ps->nslots];

	/* A score that is not a number must never pass a gate, nor be reported. */
	if (!sl->finite) {
		ps->not_finite = sl->er.ent;
		return -1;
	}
	for (size_t k = 0; k < sl->re.nrules; k++)
		if (sl->re.rules[k].waiver >= 0)
			ps->run->waivers[sl->re.rules[k].waiver].used = true;
	return report_entity(ps->rep, &sl->re, sl->rendered);
}

/*
 * The pass over every entity, in report order (by id). Returns 0, or -1
 * when a report could not be written or a score is not finite.
 */
static int
run_pass(const struct rc_request *o, const struct evaluator *ev,
    const struct res_builder *b, struct res_run *run, struct report *rep,
    const struct entity **not_finite)
{
	struct pass ps = { .ev = ev, .b = b, .run = run, .rep = rep,
	    .ws = NULL, .nouts = rep->n };
	const struct writer **ws = xcalloc(rep->n ? rep->n : 1, sizeof(*ws));
	int nthreads = par_threads(o->jobs);
	size_t n = ev->obs->n;
	int rc;

	for (size_t k = 0; k < rep->n; k++)
		ws[k] = rep->outs[k].w;
	ps.ws = ws;
	ps.order = obs_sorted(ev->obs);
	if ((size_t)nthreads > n)
		nthreads = n > 1 ? (int)n : 1;
	ps.nslots = nthreads > 1 ? (size_t)nthreads * SLOTS_PER_THREAD : 1;
	if (ps.nslots > MAX_SLOTS)
		ps.nslots = MAX_SLOTS;
	ps.slots = xcalloc(ps.nslots, sizeof(*ps.slots));
	for (size_t j = 0; j < ps.nslots; j++) {
		entity_result_init(&ps.slots[j].er, ev->rb);
		arena_init(&ps.slots[j].arena);
		ps.slots[j].text = xcalloc(rep->n ? rep->n : 1, sizeof(*ps.slots[j].text));
		ps.slots[j].rendered = xcalloc(rep->n ? rep->n : 1, sizeof(*ps.slots[j].rendered));
		for (size_t k = 0; k < rep->n; k++)
			strbuf_init(&ps.slots[j].text[k]);
	}
	ps.tstate = xcalloc((size_t)nthreads, sizeof(*ps.tstate));
	for (int t = 0; t < nthreads; t++) {
		ps.tstate[t] = xcalloc(rep->n ? rep->n : 1, sizeof(**ps.tstate));
		for (size_t k = 0; k < rep->n && nthreads > 1; k++)
			if (ws[k]->render != NULL)
				ps.tstate[t][k] = ws[k]->thread_new(&rep->outs[k].ctx);
	}
	rc = par_pipeline(n, ps.nslots, nthreads, pass_work, pass_consume, &ps);
	for (int t = 0; t < nthreads; t++) {
		for (size_t k = 0; k < rep->n; k++)
			if (ps.tstate[t][k] != NULL)
				ws[k]->thread_free(ps.tstate[t][k]);
		free(ps.tstate[t]);
	}
	free(ps.tstate);
	for (size_t j = 0; j < ps.nslots; j++) {
		entity_result_release(&ps.slots[j].er);
		arena_release(&ps.slots[j].arena);
		for (size_t k = 0; k < rep->n; k++)
			strbuf_release(&ps.slots[j].text[k]);
		free(ps.slots[j].text);
		free(ps.slots[j].rendered);
	}
	free(ps.slots);
	free((void *)ps.order);
	free(ws);
	*not_finite = ps.not_finite;
	return rc != 0 ? -1 : 0;
}


/*
 * Where the whole of output k's run is written, for a cut report to point
 * to: another output's file, json first, then html, then any; or NULL.
 */
static const char *
full_report(const struct rc_request *o, size_t k)
{
	static const char *const prefer[] = { "json", "html", NULL };

	for (size_t p = 0; p <= 2; p++)
		for (size_t i = 0; i < o->noutputs; i++)
			if (i != k && o->outputs[i].file != NULL &&
			    (prefer[p] == NULL || strcmp(o->outputs[i].format, prefer[p]) == 0))
				return o->outputs[i].file;
	return NULL;
}

/*
 * Open the outputs and start the report pipeline on them. Returns 0, or
 * RC_INTERNAL (the outputs are then aborted).
 */
int
run_open_reports(const struct rc_request *o, const struct res_run *run,
    struct output_set *outs, struct report *rep, struct diaglist *dl)
{
	const struct writer **ws = xcalloc(o->noutputs ? o->noutputs : 1, sizeof(*ws));
	FILE **fps = xcalloc(o->noutputs ? o->noutputs : 1, sizeof(*fps));
	struct wopts *wo = xcalloc(o->noutputs ? o->noutputs : 1, sizeof(*wo));
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	if (output_set_open(outs, dl) != 0) {
		rc = RC_INTERNAL;
		goto out;
	}
	for (size_t i = 0; i < o->noutputs; i++) {
		ws[i] = writer_find(o->outputs[i].format);
		fps[i] = output_set_stream(outs, i);
		wo[i] = (struct wopts){ o->outputs[i].color, o->detail, o->markdown_budget,
		    full_report(o, i) };
	}
	if (report_begin(rep, run, ws, fps, wo, o->noutputs) != 0)
		rc = run_close_reports(outs, rep, true, dl);
out:
	free(ws);
	free(fps);
	free(wo);
	return rc;
}

/*
 * Finish the reports: on success (ok) put every file in place; otherwise,
 * or when a write failed, say which output and leave every file as it was.
 * Returns 0 or RC_INTERNAL.
 */
int
run_close_reports(struct output_set *outs, struct report *rep, bool ok, struct diaglist *dl)
{
	int bad, err = 0;

	if ((bad = report_failed(rep, &err)) >= 0) {
		output_set_write_error(outs, (size_t)bad, err, dl);
		output_set_abort(outs);
		return RC_INTERNAL;
	}
	if (!ok) {
		output_set_abort(outs);
		return RC_INTERNAL;
	}
	return output_set_commit(outs, dl) != 0 ? RC_INTERNAL : 0;
}

/*
 * Evaluate and write every report, all or nothing: the outputs are opened,
 * every report is written, and only then are the files put in place
 * (output.h). Sets *gate_fail from the summary.
 */
static int
write_reports(const struct rc_request *o, const struct evaluator *ev,
    const struct res_builder *b, struct res_run *run, struct output_set *outs,
    bool *gate_fail, struct diaglist *dl)
{
	const struct entity *not_finite = NULL;
	struct report rep;
	bool ok;
	int rc;

	if ((rc = run_open_reports(o, run, outs, &rep, dl)) != 0) {
		report_release(&rep);
		return rc;
	}
	ok = run_pass(o, ev, b, run, &rep, &not_finite) == 0 && report_end(&rep) == 0;
	*gate_fail = rep.sum.gate_fail;
	if (not_finite != NULL) {
		diag_error(dl, NULL, 0, 0, "internal error: the score of entity '%s' is "
		    "not a finite number; no report is written", not_finite->id);
		output_set_abort(outs);
		rc = RC_INTERNAL;
	} else {
		rc = run_close_reports(outs, &rep, ok, dl);
	}
	report_release(&rep);
	return rc;
}

/*
 * Resolve the outputs and refuse any that would overwrite an input or
 * another output, before anything is read.
 */
static int
check_outputs(const struct rc_request *o, struct output_set *outs, struct diaglist *dl)
{
	const char **inputs = xcalloc(o->ninputs + o->nrules + 3, sizeof(*inputs));
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < o->noutputs; i++)
		output_set_add(outs, o->outputs[i].file);
	for (size_t i = 0; i < o->ninputs; i++)
		inputs[n++] = strcmp(o->inputs[i], "-") == 0 ? NULL : o->inputs[i];
	for (size_t i = 0; i < o->nrules; i++)
		inputs[n++] = o->rules[i];
	if (o->waivers != NULL)
		inputs[n++] = o->waivers;
	if (o->tailoring != NULL)
		inputs[n++] = o->tailoring;
	if (o->baseline != NULL)
		inputs[n++] = o->baseline;
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
check_waiver_entities(const struct rc_request *o, const struct waivers *wv,
    const struct obsstore *store, struct diaglist *dl)
{
	for (size_t i = 0; i < wv->n; i++) {
		const struct waiver *w = &wv->items[i];
		bool filtered = o->nentities > 0;

		if (strcmp(w->entity, "*") == 0 || !in_shard(o, w->entity) ||
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
verbose_summary(const struct rc_request *o, const struct rulebook *rb,
    const struct input_info *inputs, const struct obsstore *store,
    const struct evaluator *ev, struct diaglist *dl)
{
	size_t nobs = 0;

	diag_add(dl, DIAG_NOTE, NULL, 0, 0, "rules: %s, %zu rule sets, %zu rules, %zu indicators, %zu profiles",
	    rb->builtin ? "built-in" : "from files", rb->nsets, rb->nrules, rb->cat.n, rb->nprofiles);
	for (size_t i = 0; i < o->ninputs; i++)
		diag_add(dl, DIAG_NOTE, inputs[i].path, 0, 0,
		    "%s layout, %zu rows read, %zu used, %zu ignored, sha256 %s",
		    inputs[i].layout ? inputs[i].layout : "unknown", inputs[i].read,
		    inputs[i].used, inputs[i].ignored, inputs[i].sha256);
	for (size_t i = 0; i < store->n; i++)
		nobs += store->ents[i].nobs;
	diag_add(dl, DIAG_NOTE, NULL, 0, 0, "%zu entities, %zu observations; evaluation year %d",
	    store->n, nobs, ev->year);
	for (size_t i = 0; i < o->noutputs; i++)
		diag_add(dl, DIAG_NOTE, NULL, 0, 0, "report '%s' to %s", o->outputs[i].format,
		    o->outputs[i].file ? o->outputs[i].file : "standard output");
}

/*
 * Read the baseline for run and let the builder compare each entity with
 * it; the run records the file, its digest, and which rules changed.
 */
static struct baseline *
use_baseline(const char *path, struct res_builder *b, struct res_run *run,
    struct diaglist *dl)
{
	struct baseline *base = baseline_load(path, run, dl);

	if (base == NULL)
		return NULL;
	run->has_baseline = true;
	run->baseline_file = res_display_path(&b->arena, path);
	memcpy(run->baseline_sha256, baseline_sha256(base), sizeof(run->baseline_sha256));
	for (size_t d = 0; d < run->nrules; d++)
		run->rules[d].baseline_changed = baseline_rule_changed(base, d);
	b->baseline = base;
	return base;
}

/*
 * What chose the rules and the options, for the run's record: the
 * selection of rules and of entities, the tailoring and what it changed,
 * the project file.
 */
void
run_record_choices(const struct rc_request *o, const struct rulebook *rb,
    struct res_run *run, struct arena *a)
{
	run->opts.select_rules = (const char **)o->select_rules;
	run->opts.nselect_rules = o->nselect_rules;
	run->opts.skip_rules = (const char **)o->skip_rules;
	run->opts.nskip_rules = o->nskip_rules;
	run->opts.commitments = o->commitments;
	run->opts.entities = (const char **)o->entities;
	run->opts.nentities = o->nentities;
	if (rb->tailored) {
		run->has_tailoring = true;
		run->tailoring_file = res_display_path(a, rb->tailor_file);
		run->tailoring_name = rb->tailor_name;
		memcpy(run->tailoring_sha256, rb->tailor_sha256, sizeof(run->tailoring_sha256));
		run->nchanges = rb->nchanges;
		run->changes = arena_array(a, rb->nchanges + 1, sizeof(*run->changes));
		for (size_t i = 0; i < rb->nchanges; i++) {
			const struct tailor_change *c = &rb->changes[i];

			run->changes[i] = (struct res_change){ res_change_kinds[c->kind], c->id,
			    c->field, c->from, c->to };
		}
	}
	if (o->project_file != NULL) {
		run->has_project = true;
		run->project_file = res_display_path(a, o->project_file);
		snprintf(run->project_sha256, sizeof(run->project_sha256), "%s",
		    o->project_sha256);
	}
}

int
run_evaluate(const struct rc_request *o, struct diaglist *dl)
{
	struct rulebook rb;
	struct waivers wv;
	struct obsstore store;
	struct importmaps maps;
	struct input_info *inputs = xcalloc(o->ninputs, sizeof(*inputs));
	struct evaluator ev;
	struct eval_opts eo = {0};
	struct res_builder builder;
	struct res_run run;
	struct baseline *base = NULL;
	char generated[32];
	bool gate_fail = false;
	struct output_set outs;
	const struct profile *profile = NULL;
	bool have_waivers = false;
	struct tm tm;
	int rc;

	rulebook_init(&rb);
	waivers_init(&wv);
	obs_init(&store);
	importmaps_init(&maps);
	output_set_init(&outs);
	dl->strict = o->strict;
	if (check_outputs(o, &outs, dl) != 0) {
		rc = RC_USAGE;
		goto out;
	}
	/* cli_parse keeps o->now within years 1970 to 9999. */
	if (gmtime_r(&o->now, &tm) == NULL) {
		diag_error(dl, NULL, 0, 0, "cannot convert the generation time to a date");
		rc = RC_INTERNAL;
		goto out;
	}
	if ((rc = run_load_rules(o, &rb, dl)) != RC_OK)
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
		rc = RC_USAGE;
		goto out;
	}
	if (o->waivers != NULL) {
		if (waivers_load(&wv, o->waivers, &rb, dl) > 0 || dl->nerrors > 0) {
			rc = RC_INPUT;
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
	if ((rc = read_inputs(o, &rb, &store, inputs, &maps, dl)) != 0 ||
	    check_sectors(&rb.cat, &store, dl) != 0 ||
	    (have_waivers && check_waiver_entities(o, &wv, &store, dl) != 0)) {
		/* A map that cannot be loaded is a rule error; the rest are input's. */
		rc = rc > 0 ? rc : RC_INPUT;
		goto out;
	}
	/*
	 * Values dated after this year (a forecast, a typing error) would make
	 * the year entities are judged as of, and hide the values of today.
	 */
	if (o->year == 0 && o->trajectory_to == 0 && store.any_year &&
	    store.max_year > tm.tm_year + 1900)
		diag_warn(dl, NULL, 0, 0, "values are dated up to %d, after the current year "
		    "%d: entities are judged as of the latest year of their files (give "
		    "--year to judge as of another)", store.max_year, tm.tm_year + 1900);
	eo.year = o->trajectory_to != 0 ? o->trajectory_to : o->year;
	eo.traj_from = o->trajectory_from;
	eo.traj_to = o->trajectory_to;
	eo.missing_skip = o->missing_skip;
	eo.profile = profile;
	eo.waivers = have_waivers ? &wv : NULL;
	eo.fail_on = o->fail_on;
	eo.has_fail_under = o->has_fail_under;
	eo.fail_under = o->fail_under;
	eo.has_min_coverage = o->has_min_coverage;
	eo.min_coverage = o->min_coverage;
	eo.fail_on_new = o->fail_on_new;
	eval_init(&ev, &rb, &store, &eo);
	if (o->verbose)
		verbose_summary(o, &rb, inputs, &store, &ev, dl);
	strftime(generated, sizeof(generated), "%Y-%m-%dT%H:%M:%SZ", &tm);
	res_builder_init(&builder, &run, &rb, &store, inputs, o->ninputs, eo.waivers, &eo,
	    ev.year, PACKAGE_NAME, PACKAGE_VERSION, generated);
	run.years_vary = ev.years_vary;
	run.nentities = store.n;
	run.shard_k = o->shard_k;
	run.shard_n = o->shard_n;
	run_record_choices(o, &rb, &run, &builder.arena);
	if (o->baseline != NULL && (base = use_baseline(o->baseline, &builder, &run, dl)) == NULL) {
		rc = RC_INPUT;
		res_builder_release(&builder);
		eval_release(&ev);
		goto out;
	}
	rc = write_reports(o, &ev, &builder, &run, &outs, &gate_fail, dl);
	baseline_free(base);
	res_builder_release(&builder);
	eval_release(&ev);
	if (rc == RC_OK && gate_fail)
		rc = RC_GATE;
out:
	output_set_release(&outs);
	obs_release(&store);
	importmaps_release(&maps);
	waivers_release(&wv);
	rulebook_release(&rb);
	free(inputs);
	return rc;
}

int
run_end_reports(struct output_set *outs, struct report *rep, bool ok, int rc,
    struct diaglist *dl)
{
	if (rc == RC_INPUT) {
		output_set_abort(outs);
	} else {
		rc = run_close_reports(outs, rep, ok, dl);
		if (rc == 0 && rep->sum.gate_fail)
			rc = RC_GATE;
	}
	report_release(rep);
	return rc;
}

int
run_render(const struct rc_request *o, struct diaglist *dl)
{
	const char *input = strcmp(o->render, "-") == 0 ? NULL : o->render;
	struct output_set outs;
	struct res_loader *l = NULL;
	struct res_run run;
	struct report rep;
	struct arena a;
	struct res_entity e;
	bool ok = true;
	int rc;

	output_set_init(&outs);
	arena_init(&a);
	for (size_t i = 0; i < o->noutputs; i++)
		output_set_add(&outs, o->outputs[i].file);
	if (output_set_check(&outs, &input, 1, dl) != 0) {
		rc = RC_USAGE;
		goto out;
	}
	/* Every entity is checked before a byte is written, to stdout too. */
	if ((l = res_load(o->render, PACKAGE_VERSION, &run, dl)) == NULL ||
	    res_load_check(l, dl) != 0) {
		rc = RC_INPUT;
		goto out;
	}
	if ((rc = run_open_reports(o, &run, &outs, &rep, dl)) != 0) {
		report_release(&rep);
		goto out;
	}
	for (size_t i = 0; ok && i < res_load_count(l); i++) {
		arena_reset(&a);
		if (res_load_entity(l, i, &e, &a, dl) != 0) {
			rc = RC_INPUT;
			ok = false;
		} else if (report_entity(&rep, &e, NULL) != 0) {
			ok = false;
		}
	}
	ok = ok && report_end(&rep) == 0;
	/* A report whose summary does not follow from its entities is damaged. */
	if (ok && res_load_finish(l, &rep.sum, dl) != 0) {
		rc = RC_INPUT;
		ok = false;
	}
	rc = run_end_reports(&outs, &rep, ok, rc, dl);
out:
	res_load_free(l);
	arena_release(&a);
	output_set_release(&outs);
	return rc;
}
