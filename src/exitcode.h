/*
 * Exit statuses: the contract with CI pipelines. Numbered, documented in
 * resilience-check(1), never reordered.
 */
#ifndef RC_EXITCODE_H
#define RC_EXITCODE_H

enum exit_code {
	EXIT_OK = 0,            /* evaluated, gate passed */
	EXIT_GATE = 1,          /* evaluated, gate failed (or a rule test failed) */
	EXIT_USAGE = 2,         /* usage error */
	EXIT_INPUT = 3,         /* a self-report or waiver file is unreadable or malformed */
	EXIT_RULES = 4,         /* a rule, profile or catalogue file is invalid */
	EXIT_INTERNAL = 5,      /* out of memory, I/O failure */
};

#endif
