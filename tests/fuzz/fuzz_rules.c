/*
 * libFuzzer entry point for the rule loader: the input is loaded as a
 * rule-set file against a fixed catalogue, as a catalogue under a fixed
 * rule set, and as a profiles file beside both. Every diagnostic is
 * formatted, as the program would print it.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fuzz_common.h"
#include "rulebook.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL)
		abort();
	return 0;
}

static void
load(const struct rule_source *cat, const struct rule_source *set,
    const struct rule_source *prof)
{
	struct rulebook rb;
	struct diaglist dl;

	rulebook_init(&rb);
	diag_init(&dl);
	(void)rulebook_load_sources(&rb, cat, set, set != NULL, prof, &dl);
	if (dl.nerrors == 0) {
		/* Exercise the lookups the other modes use. */
		for (size_t i = 0; i < rb.nrules; i++)
			(void)rulebook_find_rule(&rb, rb.rules[i]->id);
		(void)rulebook_suggest_rule(&rb, "FZ-1.9");
		(void)rulebook_find_profile(&rb, "fz");
	}
	diag_print(&dl, devnull, "fuzz_rules", false);
	diag_release(&dl);
	rulebook_release(&rb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rule_source cat = fuzz_source("indicators.yaml", fuzz_indicators_yaml);
	struct rule_source set = fuzz_source("01-fz.yaml", fuzz_ruleset_yaml);
	struct rule_source in;
	char *text;

	/* Files read from disk are NUL-terminated; keep that contract. */
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	in.text = text;
	in.len = size;

	in.name = "02-input.yaml";
	load(&cat, &in, NULL);
	in.name = "indicators.yaml";
	load(&in, &set, NULL);
	in.name = "profiles.yaml";
	load(&cat, &set, &in);
	free(text);
	return 0;
}
