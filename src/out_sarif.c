/*
 * The sarif report (SARIF 2.1.0): every rule described in tool.driver.rules,
 * one result per entity x rule not passed, located at the self-report's
 * file and the line of the value used (for missing data, the line where the
 * entity first appears), so review tools annotate the self-report itself.
 * The run's head is built with jansson; results are streamed one per line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "strbuf.h"
#include "digest.h"
#include "out_sarif.h"
#include "xalloc.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* A relative URI reference for a path: unreserved bytes and '/' stay. */
static char *
uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb;
	char *s;

	strbuf_init(&sb);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL) {
			strbuf_addc(&sb, (char)*p);
		} else {
			strbuf_addc(&sb, '%');
			strbuf_addc(&sb, hex[*p >> 4]);
			strbuf_addc(&sb, hex[*p & 15]);
		}
	}
	s = strbuf_detach(&sb);
	strbuf_release(&sb);            /* detach leaves sb initialised */
	return s;
}

static const char *
level(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return "error";
	case SEV_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

static json_t *
text(const char *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "text", json_string(s ? s : ""));
	return o;
}

static json_t *
driver_rules(const struct res_run *run)
{
	json_t *a = json_array();

	for (size_t i = 0; i < run->nrules; i++) {
		const struct res_ruledef *r = &run->rules[i];
		const struct res_ruleset *set = &run->rulesets[r->ruleset];
		json_t *o = json_object(), *cfg = json_object(), *props = json_object();

		json_object_set_new(o, "id", json_string(r->id));
		json_object_set_new(o, "name", json_string(r->id));
		json_object_set_new(o, "shortDescription", text(r->title));
		json_object_set_new(o, "fullDescription", text(r->rationale ? r->rationale : r->title));
		json_object_set_new(o, "help", text(r->remediation ? r->remediation : r->title));
		json_object_set_new(cfg, "level", json_string(level(r->severity)));
		json_object_set_new(o, "defaultConfiguration", cfg);
		json_object_set_new(props, "severity", json_string(severity_names[r->severity]));
		json_object_set_new(props, "ruleset", json_string(set->id));
		json_object_set_new(props, "commitment", json_integer(set->commitment));
		json_object_set_new(o, "properties", props);
		json_array_append_new(a, o);
	}
	return a;
}

struct sarif {
	size_t nresults;
	/*
	 * The invocation, written after the results because its notifications
	 * (why entities fail the gate) are known only once every entity has
	 * been seen.
	 */
	json_t *notes;
};

/* The state, made by the first entity or by the head, whichever comes first. */
static struct sarif *
state(struct wctx *ctx)
{
	struct sarif *st = ctx->state;

	if (st == NULL) {
		st = xcalloc(1, sizeof(*st));
		st->notes = json_array();
		ctx->state = st;
	}
	return st;
}

static int
sarif_head(struct wctx *ctx)
{
	struct sarif *st = state(ctx);
	const struct res_run *run = ctx->run;
	json_t *doc = json_object(), *runs = json_array(), *r = json_object();
	json_t *tool = json_object(), *driver = json_object(), *arts = json_array();
	json_t *props = json_object(), *sets = json_array();
	char *dump, *cut;
	int rc = 0;

	json_object_set_new(doc, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(doc, "version", json_string("2.1.0"));
	json_object_set_new(driver, "name", json_string(PACKAGE_NAME));
	json_object_set_new(driver, "version", json_string(run->version));
	json_object_set_new(driver, "rules", driver_rules(run));
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(r, "tool", tool);
	for (size_t i = 0; i < run->ninputs; i++) {
		json_t *a = json_object(), *loc = json_object(), *h = json_object();
		char *u = uri(run->inputs[i].path);

		json_object_set_new(loc, "uri", json_string(u));
		free(u);
		json_object_set_new(a, "location", loc);
		json_object_set_new(h, "sha-256", json_string(run->inputs[i].sha256));
		json_object_set_new(a, "hashes", h);
		json_array_append_new(arts, a);
	}
	json_object_set_new(r, "artifacts", arts);
	for (size_t i = 0; i < run->nrulesets; i++)
		json_array_append_new(sets, json_pack("{s:s, s:s}", "id", run->rulesets[i].id,
		    "sha256", run->rulesets[i].sha256));
	json_object_set_new(props, "rulesets", sets);
	if (run->has_tailoring)
		json_object_set_new(props, "tailoring", json_pack("{s:s, s:s, s:s}", "file",
		    run->tailoring_file, "name", run->tailoring_name, "sha256",
		    run->tailoring_sha256));
	if (run->has_project)
		json_object_set_new(props, "projectFile", json_pack("{s:s, s:s}", "file",
		    run->project_file, "sha256", run->project_sha256));
	json_object_set_new(props, "gate", json_string(ctx->sum->gate_fail ? "fail" : "pass"));
	json_object_set_new(r, "properties", props);
	json_object_set_new(r, "results", json_array());
	json_array_append_new(runs, r);
	json_object_set_new(doc, "runs", runs);
	dump = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (dump == NULL)
		return -1;
	/*
	 * Cut at the empty results array, the run's last member: results are
	 * streamed into it, and sarif_end writes the rest.
	 */
	cut = strstr(dump, "\"results\": []");
	if (cut == NULL) {
		free(dump);
		return -1;
	}
	cut += strlen("\"results\": [");
	if (fwrite(dump, 1, (size_t)(cut - dump), ctx->fp) != (size_t)(cut - dump))
		rc = -1;
	if (ctx->sum->nothing_evaluated)
		json_array_append_new(st->notes, json_pack("{s:s, s:{s:s}, s:{s:s}}",
		    "level", "error", "message", "text",
		    "gate: nothing was evaluated: no entity in the inputs",
		    "descriptor", "id", "gate"));
	free(dump);
	return rc;
}

/*
 * The stable identity of a result across runs, as SARIF's
 * partialFingerprints: the SHA-256 of the entity, rule and indicator ids
 * joined by a unit separator (never a line number or row order), under a
 * key of this tool's own with its version, so that a later change of
 * identity gets a new key.
 */
#define FINGERPRINT_KEY "resilienceCheckIdentity/v1"

static void
fingerprint(const struct res_run *run, const struct res_entity *e,
    const struct res_rule *r, struct strbuf *out)
{
	const struct res_ruledef *d = res_def(run, r);
	struct strbuf id;
	char hex[65];

	strbuf_init(&id);
	strbuf_addf(&id, "%s\x1f%s\x1f%s", e->id, d->id,
	    d->indicator >= 0 ? run->indicators[d->indicator].id : "");
	digest_buffer(id.buf, id.len, hex);
	strbuf_release(&id);
	strbuf_reset(out);
	strbuf_adds(out, hex);
}

static int
sarif_entity(struct wctx *ctx, const struct res_entity *e)
{
	const struct res_run *run = ctx->run;
	struct sarif *st = state(ctx);
	struct strbuf msg;
	int rc = 0;

	strbuf_init(&msg);
	for (size_t i = 0; i < e->nreasons; i++) {
		strbuf_reset(&msg);
		strbuf_addf(&msg, "%s: gate: %s", e->id, e->reasons[i].text);
		json_array_append_new(st->notes, json_pack("{s:s, s:{s:s}, s:{s:s}, s:{s:s}}",
		    "level", "error", "message", "text", msg.buf, "descriptor", "id", "gate",
		    "properties", "entity", e->id));
	}
	for (size_t i = 0; i < e->nrules && rc == 0; i++) {
		const struct res_rule *r = &e->rules[i];
		const struct res_ruledef *d = res_def(run, r);
		struct res_source src = r->src;
		json_t *res, *loc, *phys, *art, *region, *props;
		char *u, *dump;

		/*
		 * A waived gap is a result too, marked as an accepted
		 * suppression; so is a baseline's gap now closed ("absent").
		 */
		if (!res_is_gap(r) && r->status != ST_WAIVED && r->baseline != BS_ABSENT)
			continue;
		if (src.input < 0 && r->nops > 0 && r->ops[0].value.kind != V_NONE)
			src = r->ops[0].src;
		if (src.input < 0)
			src = e->first;
		res = json_object();
		json_object_set_new(res, "ruleId", json_string(d->id));
		json_object_set_new(res, "ruleIndex", json_integer((json_int_t)r->def));
		if (r->baseline == BS_ABSENT && !res_is_gap(r)) {
			json_object_set_new(res, "kind", json_string("pass"));
			json_object_set_new(res, "level", json_string("none"));
		} else {
			json_object_set_new(res, "level", json_string(level(r->severity)));
		}
		strbuf_reset(&msg);
		strbuf_addf(&msg, "%s: %s: ", e->id, d->title);
		res_gap_line(&msg, run, r);
		json_object_set_new(res, "message", text(msg.buf));
		u = uri(res_input_path(run, src.input));
		art = json_pack("{s:s, s:i}", "uri", u, "index", src.input);
		free(u);
		region = json_pack("{s:I}", "startLine", src.line > 0 ? (json_int_t)src.line : 1);
		phys = json_pack("{s:o, s:o}", "artifactLocation", art, "region", region);
		loc = json_pack("{s:o}", "physicalLocation", phys);
		json_object_set_new(res, "locations", json_pack("[o]", loc));
		fingerprint(run, e, r, &msg);
		json_object_set_new(res, "partialFingerprints",
		    json_pack("{s:s}", FINGERPRINT_KEY, msg.buf));
		if (r->baseline != BS_NONE)
			json_object_set_new(res, "baselineState",
			    json_string(baseline_state_names[r->baseline]));
		if (r->waiver >= 0)
			json_object_set_new(res, "suppressions", json_pack("[{s:s, s:s, s:s}]",
			    "kind", "external", "status", "accepted", "justification",
			    run->waivers[r->waiver].reason));
		props = json_object();
		json_object_set_new(props, "entity", json_string(e->id));
		json_object_set_new(props, "status", json_string(status_names[r->status]));
		json_object_set_new(props, "score", json_real(r->score));
		json_object_set_new(props, "severity", json_string(severity_names[r->severity]));
		json_object_set_new(res, "properties", props);
		dump = json_dumps(res, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
		json_decref(res);
		if (dump == NULL)
			return -1;
		if (fprintf(ctx->fp, "%s\n        %s", st->nresults++ ? "," : "", dump) < 0)
			rc = -1;
		free(dump);
	}
	strbuf_release(&msg);
	return rc;
}

static int
sarif_tail(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	struct sarif *st = state(ctx);
	json_t *inv = json_object(), *invs;
	char *dump;
	int rc = 0;

	if (st->nresults > 0 && fputs("\n      ", ctx->fp) == EOF)
		return -1;
	json_object_set_new(inv, "executionSuccessful", json_true());
	json_object_set_new(inv, "endTimeUtc", json_string(run->generated));
	json_object_set(inv, "toolExecutionNotifications", st->notes);
	invs = json_pack("[o]", inv);
	dump = json_dumps(invs, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(invs);
	if (dump == NULL)
		return -1;
	/* The invocations array, indented for its place in the run. */
	if (fputs("],\n      \"invocations\": ", ctx->fp) == EOF)
		rc = -1;
	for (const char *p = dump; *p && rc == 0; p++)
		if (putc(*p, ctx->fp) == EOF || (*p == '\n' && fputs("      ", ctx->fp) == EOF))
			rc = -1;
	free(dump);
	if (rc == 0 && fputs("\n    }\n  ]\n}\n", ctx->fp) == EOF)
		rc = -1;
	return rc;
}

static void
sarif_release(struct wctx *ctx)
{
	struct sarif *st = ctx->state;

	if (st != NULL) {
		json_decref(st->notes);
		free(st);
		ctx->state = NULL;
	}
}

const struct writer writer_sarif = {
	.name = "sarif",
	.desc = "SARIF 2.1.0, results located in the self-report, for code review",
	.summary_first = true,
	.head = sarif_head,
	.entity = sarif_entity,
	.tail = sarif_tail,
	.release = sarif_release,
};
