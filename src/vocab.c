/*
 * The words of a report (see vocab.h).
 */
#include "config.h"

#include <string.h>

#include "vocab.h"

const char *const severity_names[] = {
	"none", "low", "medium", "high", "critical", NULL,
};

const char *const cmp_op_names[] = {
	"<", "<=", ">", ">=", "==", "!=", NULL,
};

const char *const status_names[] = {
	"pass", "partial", "fail", "missing", "not_applicable", "waived", NULL,
};

const char *const commitment_names[] = {
	NULL, "open-trade", "innovation", "green", "digital", "key-industries",
	"logistics-infrastructure", "logistics-efficiency", "business-support",
};

const char *const evidence_names[] = {
	"none", "not_required", "ok", "absent", "mismatch", NULL,
};

const char *const detail_names[] = {
	"default", "summary", "gaps", "full", NULL,
};

const char *const baseline_state_names[] = {
	"none", "new", "unchanged", "updated", "absent", NULL,
};

const char *const ignore_reason_names[] = {
	"missing value",
	"unknown indicator",
	"entity not selected",
	"duplicate",
	"no values",
	"aggregate",
	"other shard",
	"unknown economy",
	"former economy",
	"filtered",
	"unit mismatch",
	NULL,
};

int
vocab_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

size_t
vocab_count(const char *const *names)
{
	size_t n = 0;

	while (names[n] != NULL)
		n++;
	return n;
}

int
severity_parse(const char *s)
{
	return vocab_index(severity_names, s);
}

int
status_parse(const char *s)
{
	return vocab_index(status_names, s);
}

const char *
subject_name(enum subject s)
{
	switch (s) {
	case SUBJ_STATE:
		return "state";
	case SUBJ_ENTERPRISE:
		return "enterprise";
	default:
		return NULL;
	}
}

int
subject_parse(const char *s, size_t len)
{
	if (len == 5 && memcmp(s, "state", 5) == 0)
		return SUBJ_STATE;
	if (len == 10 && memcmp(s, "enterprise", 10) == 0)
		return SUBJ_ENTERPRISE;
	return -1;
}
