/*
 * The junit report, for CI dashboards: one testsuite per entity, one
 * testcase per entity x rule. Not passed (partial, fail, counted missing) is
 * a failure; not_applicable, waived and skipped missing are skipped. Written
 * with libxml2's xmlwriter; a first property-only suite carries the audit
 * header.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlwriter.h>

#include "report.h"
#include "strbuf.h"

/*
 * XML 1.0 cannot carry most control characters, even escaped: replace
 * them with U+FFFD. Inputs are valid UTF-8 already.
 */
static const xmlChar *
x(struct strbuf *sb, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	strbuf_reset(sb);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = utf8_seq((const unsigned char *)s + i, n - i);

		/* File names from the command line may not be UTF-8. */
		if (len == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
			strbuf_adds(sb, "\xef\xbf\xbd");
			i++;
		} else {
			strbuf_add(sb, s + i, len);
			i += len;
		}
	}
	return (const xmlChar *)sb->buf;
}

struct junit {
	xmlTextWriterPtr w;
	struct strbuf sb;
	int rc;
};

static void
attr(struct junit *j, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(j->w, (const xmlChar *)name, x(&j->sb, value)) < 0)
		j->rc = -1;
}

static void
attrn(struct junit *j, const char *name, size_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", n);
	attr(j, name, buf);
}

static void
start(struct junit *j, const char *name)
{
	if (xmlTextWriterStartElement(j->w, (const xmlChar *)name) < 0)
		j->rc = -1;
}

static void
end(struct junit *j)
{
	if (xmlTextWriterEndElement(j->w) < 0)
		j->rc = -1;
}

static void
property(struct junit *j, const char *name, const char *value)
{
	start(j, "property");
	attr(j, "name", name);
	attr(j, "value", value);
	end(j);
}

static size_t
failures(const size_t *count, bool skip_missing)
{
	return count[ST_PARTIAL] + count[ST_FAIL] + (skip_missing ? 0 : count[ST_MISSING]);
}

static int
junit_begin(struct report_ctx *ctx)
{
	const struct run_info *run = ctx->run;
	struct junit *j = calloc(1, sizeof(*j));
	xmlOutputBufferPtr out;
	size_t tests = run->summary.entities * run->rb->nrules;
	char name[128];

	if (j == NULL)
		return -1;
	ctx->state = j;
	strbuf_init(&j->sb);
	out = xmlOutputBufferCreateFile(ctx->fp, NULL);
	if (out == NULL || (j->w = xmlNewTextWriter(out)) == NULL)
		return -1;
	xmlTextWriterSetIndent(j->w, 1);
	xmlTextWriterSetIndentString(j->w, (const xmlChar *)"  ");
	if (xmlTextWriterStartDocument(j->w, NULL, "UTF-8", NULL) < 0)
		return -1;
	start(j, "testsuites");
	attr(j, "name", "resilience-check");
	attrn(j, "tests", tests);
	attrn(j, "failures", failures(run->summary.count, run->ev->opts.missing_skip));
	attr(j, "errors", "0");

	start(j, "testsuite");
	attr(j, "name", "audit");
	attr(j, "tests", "0");
	attr(j, "failures", "0");
	attr(j, "errors", "0");
	attr(j, "timestamp", run->generated);
	start(j, "properties");
	property(j, "tool.version", run->version);
	property(j, "generated", run->generated);
	property(j, "gate", run->summary.gate_fail ? "fail" : "pass");
	for (size_t i = 0; i < run->rb->nsets; i++) {
		snprintf(name, sizeof(name), "ruleset.%s.sha256", run->rb->sets[i].id);
		property(j, name, run->rb->sets[i].sha256);
	}
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct input_info *in = &run->inputs[i];
		char val[256];

		snprintf(name, sizeof(name), "input.%zu.path", i + 1);
		property(j, name, in->path);
		snprintf(name, sizeof(name), "input.%zu.sha256", i + 1);
		property(j, name, in->sha256);
		snprintf(name, sizeof(name), "input.%zu.rows", i + 1);
		snprintf(val, sizeof(val), "read %zu, used %zu, ignored %zu", in->read,
		    in->used, in->ignored);
		property(j, name, val);
	}
	for (size_t i = 0; run->waivers && i < run->waivers->n; i++) {
		const struct waiver *w = &run->waivers->items[i];
		char val[512];

		snprintf(name, sizeof(name), "waiver.%zu", i + 1);
		snprintf(val, sizeof(val), "%s %s for %s until %s",
		    w->expired ? "expired:" : "in force:", w->rule_id, w->entity, w->expires_text);
		property(j, name, val);
	}
	end(j);         /* properties */
	end(j);         /* testsuite */
	return j->rc;
}

struct reason_props {
	struct junit *j;
	size_t n;
};

/* The entity's gate reasons as properties gate.reason.1, .2, ... */
static void
reason_property(void *arg, enum gate_reason kind, enum severity sev, const char *text)
{
	struct reason_props *rp = arg;
	char name[64];

	(void)kind;
	(void)sev;
	snprintf(name, sizeof(name), "gate.reason.%zu", ++rp->n);
	property(rp->j, name, text);
}

static int
junit_entity(struct report_ctx *ctx, const struct entity_result *er)
{
	const struct run_info *run = ctx->run;
	struct junit *j = ctx->state;
	bool skip_missing = run->ev->opts.missing_skip;
	struct reason_props rp = { j, 0 };
	struct strbuf msg;
	char cls[128];

	start(j, "testsuite");
	attr(j, "name", er->ent->id);
	attrn(j, "tests", er->nrules);
	attrn(j, "failures", failures(er->count, skip_missing));
	attr(j, "errors", "0");
	attrn(j, "skipped", er->count[ST_NOT_APPLICABLE] + er->count[ST_WAIVED] +
	    (skip_missing ? er->count[ST_MISSING] : 0));
	start(j, "properties");
	property(j, "gate", er->gate_fail ? "fail" : "pass");
	eval_gate_reasons(run->ev, er, reason_property, &rp);
	end(j);
	strbuf_init(&msg);
	for (size_t c = 0; c < er->ncommits; c++) {
		const struct commit_result *cr = &er->commits[c];

		snprintf(cls, sizeof(cls), "%s.%s", cr->set->id, commitment_names[cr->set->commitment]);
		for (size_t i = 0; i < cr->n; i++) {
			const struct rule_result *rr = &er->rules[cr->first + i];

			start(j, "testcase");
			strbuf_reset(&msg);
			strbuf_addf(&msg, "%s %s", rr->rule->id, rr->rule->title);
			attr(j, "name", msg.buf);
			attr(j, "classname", cls);
			if (report_is_gap(rr)) {
				start(j, "failure");
				attr(j, "type", status_names[rr->status]);
				strbuf_reset(&msg);
				report_gap(&msg, run, rr);
				attr(j, "message", msg.buf);
				if (rr->rule->remediation != NULL &&
				    xmlTextWriterWriteString(j->w, x(&j->sb, rr->rule->remediation)) < 0)
					j->rc = -1;
				end(j);
			} else if (rr->status != ST_PASS) {
				start(j, "skipped");
				attr(j, "type", status_names[rr->status]);
				attr(j, "message", rr->reason.buf);
				end(j);
			}
			end(j);
		}
	}
	end(j);
	strbuf_release(&msg);
	return j->rc;
}

static int
junit_end(struct report_ctx *ctx)
{
	struct junit *j = ctx->state;

	end(j);         /* testsuites */
	if (xmlTextWriterEndDocument(j->w) < 0 || xmlTextWriterFlush(j->w) < 0)
		j->rc = -1;
	return j->rc;
}

static void
junit_release(struct report_ctx *ctx)
{
	struct junit *j = ctx->state;

	if (j == NULL)
		return;
	if (j->w != NULL)
		xmlFreeTextWriter(j->w);
	strbuf_release(&j->sb);
	free(j);
	ctx->state = NULL;
}

const struct reporter report_junit = {
	.name = "junit",
	.desc = "JUnit XML, one testcase per entity and rule, for CI dashboards",
	.begin = junit_begin,
	.entity = junit_entity,
	.end = junit_end,
	.release = junit_release,
};
