/*
 * The junit report, for CI dashboards: one testsuite per entity, one
 * testcase per entity x rule. Not passed (partial, fail, counted missing) is
 * a failure; not_applicable, waived and skipped missing are skipped. Written
 * with libxml2's xmlwriter; a first property-only suite carries the audit
 * header.
 *
 * The root element's counts are known only after the last entity, so the
 * head comes last (summary_first). Each entity's testsuite is written by a
 * writer of its own into memory, inside a placeholder root so that it gets
 * the indentation of its place in the document, and cut out of it: that
 * lets entities render on several threads.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlwriter.h>

#include "strbuf.h"
#include "out_junit.h"
#include "xalloc.h"

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

/* A writer into memory, and the scratch of x(). */
struct junit {
	xmlBufferPtr buf;
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

static int
junit_open(struct junit *j)
{
	memset(j, 0, sizeof(*j));
	strbuf_init(&j->sb);
	if ((j->buf = xmlBufferCreate()) == NULL ||
	    (j->w = xmlNewTextWriterMemory(j->buf, 0)) == NULL)
		return -1;
	xmlTextWriterSetIndent(j->w, 1);
	xmlTextWriterSetIndentString(j->w, (const xmlChar *)"  ");
	return 0;
}

static void
junit_close(struct junit *j)
{
	if (j->w != NULL)
		xmlFreeTextWriter(j->w);
	if (j->buf != NULL)
		xmlBufferFree(j->buf);
	strbuf_release(&j->sb);
}

static size_t
failures(const size_t *count, bool skip_missing)
{
	return count[ST_PARTIAL] + count[ST_FAIL] + (skip_missing ? 0 : count[ST_MISSING]);
}

/*
 * The document up to the end of the audit suite, the root left open: the
 * entities follow, each starting on a line of its own.
 */
static int
junit_head(struct wctx *ctx)
{
	const struct res_run *run = ctx->run;
	const struct res_summary *sum = ctx->sum;
	struct junit j;
	char name[128];
	int rc = -1;

	if (junit_open(&j) != 0)
		goto out;
	if (xmlTextWriterStartDocument(j.w, NULL, "UTF-8", NULL) < 0)
		goto out;
	start(&j, "testsuites");
	attr(&j, "name", "resilience-check");
	attrn(&j, "tests", sum->entities * run->nrules);
	attrn(&j, "failures", failures(sum->count, run->opts.missing_skip));
	attr(&j, "errors", "0");

	start(&j, "testsuite");
	attr(&j, "name", "audit");
	attr(&j, "tests", "0");
	attr(&j, "failures", "0");
	attr(&j, "errors", "0");
	attr(&j, "timestamp", run->generated);
	start(&j, "properties");
	property(&j, "tool.version", run->version);
	property(&j, "generated", run->generated);
	property(&j, "gate", sum->gate_fail ? "fail" : "pass");
	for (size_t i = 0; i < run->nrulesets; i++) {
		snprintf(name, sizeof(name), "ruleset.%s.sha256", run->rulesets[i].id);
		property(&j, name, run->rulesets[i].sha256);
	}
	if (run->has_tailoring) {
		property(&j, "tailoring.name", run->tailoring_name);
		property(&j, "tailoring.file", run->tailoring_file);
		property(&j, "tailoring.sha256", run->tailoring_sha256);
	}
	if (run->has_project) {
		property(&j, "project_file.path", run->project_file);
		property(&j, "project_file.sha256", run->project_sha256);
	}
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct res_input *in = &run->inputs[i];
		char val[256];

		snprintf(name, sizeof(name), "input.%zu.path", i + 1);
		property(&j, name, in->path);
		snprintf(name, sizeof(name), "input.%zu.sha256", i + 1);
		property(&j, name, in->sha256);
		snprintf(name, sizeof(name), "input.%zu.rows", i + 1);
		snprintf(val, sizeof(val), "read %zu, used %zu, ignored %zu", in->read,
		    in->used, in->ignored);
		property(&j, name, val);
	}
	for (size_t i = 0; i < run->nwaivers; i++) {
		const struct res_waiver *w = &run->waivers[i];
		struct strbuf val;

		strbuf_init(&val);
		snprintf(name, sizeof(name), "waiver.%zu", i + 1);
		strbuf_addf(&val, "%s %s for %s until %s",
		    w->expired ? "expired:" : "in force:", w->rule, w->entity, w->expires);
		property(&j, name, val.buf);
		strbuf_release(&val);
	}
	end(&j);        /* properties */
	end(&j);        /* testsuite */
	if (j.rc == 0 && xmlTextWriterFlush(j.w) >= 0) {
		size_t n = (size_t)xmlBufferLength(j.buf);
		const xmlChar *text = xmlBufferContent(j.buf);

		/* The line break after the suite comes with what follows it. */
		if (n > 0 && text[n - 1] == '\n')
			n--;
		rc = fwrite(text, 1, n, ctx->fp) == n ? 0 : -1;
	}
out:
	junit_close(&j);
	return rc;
}

/* The placeholder root that gives an entity's suite its indentation. */
#define ROOT "<r>"

static void
junit_render(void *tstate, const struct res_entity *e, size_t index, struct strbuf *out)
{
	const struct res_run *run = tstate;
	bool skip_missing = run->opts.missing_skip;
	struct junit j;
	struct strbuf msg;
	const char *text;
	size_t len;

	(void)index;
	if (junit_open(&j) != 0)
		xalloc_die();
	strbuf_init(&msg);
	start(&j, "r");
	start(&j, "testsuite");
	attr(&j, "name", e->id);
	attrn(&j, "tests", e->nrules);
	attrn(&j, "failures", failures(e->count, skip_missing));
	attr(&j, "errors", "0");
	attrn(&j, "skipped", e->count[ST_NOT_APPLICABLE] + e->count[ST_WAIVED] +
	    (skip_missing ? e->count[ST_MISSING] : 0));
	start(&j, "properties");
	if (e->year) {
		char year[16];

		snprintf(year, sizeof(year), "%d", e->year);
		property(&j, "evaluation_year", year);
	}
	if (e->has_coverage) {
		char cov[32];

		snprintf(cov, sizeof(cov), "%.2f", e->coverage);
		property(&j, "coverage", cov);
	}
	property(&j, "gate", e->gate_fail ? "fail" : "pass");
	for (size_t i = 0; i < e->nreasons; i++) {
		char name[64];

		snprintf(name, sizeof(name), "gate.reason.%zu", i + 1);
		property(&j, name, e->reasons[i].text);
	}
	end(&j);
	for (size_t c = 0; c < e->ncommits; c++) {
		const struct res_commit *cr = &e->commits[c];
		const struct res_ruleset *set = &run->rulesets[cr->ruleset];
		char cls[128];

		snprintf(cls, sizeof(cls), "%s.%s", set->id, commitment_names[set->commitment]);
		for (size_t i = 0; i < cr->n; i++) {
			const struct res_rule *r = &e->rules[cr->first + i];
			const struct res_ruledef *d = res_def(run, r);

			start(&j, "testcase");
			strbuf_reset(&msg);
			strbuf_addf(&msg, "%s %s", d->id, d->title);
			attr(&j, "name", msg.buf);
			attr(&j, "classname", cls);
			if (res_is_gap(r)) {
				start(&j, "failure");
				attr(&j, "type", status_names[r->status]);
				strbuf_reset(&msg);
				res_gap_line(&msg, run, r);
				if (r->baseline != BS_NONE) {
					strbuf_adds(&msg, "; ");
					res_change_text(&msg, r);
				}
				attr(&j, "message", msg.buf);
				if (d->remediation != NULL &&
				    xmlTextWriterWriteString(j.w, x(&j.sb, d->remediation)) < 0)
					j.rc = -1;
				end(&j);
			} else if (r->status != ST_PASS) {
				start(&j, "skipped");
				attr(&j, "type", status_names[r->status]);
				attr(&j, "message", r->reason);
				end(&j);
			}
			end(&j);
		}
	}
	end(&j);        /* testsuite */
	/* Flushed without closing the root: "<r>" and the entity's suite. */
	if (j.rc != 0 || xmlTextWriterFlush(j.w) < 0)
		xalloc_die();
	text = (const char *)xmlBufferContent(j.buf);
	len = (size_t)xmlBufferLength(j.buf);
	if (len < strlen(ROOT) || memcmp(text, ROOT, strlen(ROOT)) != 0)
		xalloc_die();
	if (text[len - 1] == '\n')
		len--;
	strbuf_add(out, text + strlen(ROOT), len - strlen(ROOT));
	strbuf_release(&msg);
	junit_close(&j);
}

static int
junit_entity(struct wctx *ctx, const struct res_entity *e)
{
	struct strbuf out;
	int rc;

	strbuf_init(&out);
	junit_render((void *)ctx->run, e, ctx->nentities, &out);
	rc = fwrite(out.buf, 1, out.len, ctx->fp) == out.len ? 0 : -1;
	strbuf_release(&out);
	return rc;
}

static int
junit_tail(struct wctx *ctx)
{
	return fputs("\n</testsuites>\n", ctx->fp) == EOF ? -1 : 0;
}

static void *
junit_thread_new(const struct wctx *ctx)
{
	return (void *)ctx->run;
}

static void
junit_thread_free(void *tstate)
{
	(void)tstate;
}

const struct writer writer_junit = {
	.name = "junit",
	.desc = "JUnit XML, one testcase per entity and rule, for CI dashboards",
	.summary_first = true,
	.head = junit_head,
	.entity = junit_entity,
	.tail = junit_tail,
	.thread_new = junit_thread_new,
	.render = junit_render,
	.thread_free = junit_thread_free,
};
