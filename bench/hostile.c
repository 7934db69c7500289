/*
 * Inputs for the hostile benchmark (bench/hostile.sh), on standard output:
 * long self-reports of n entities, one row each, whose ids flood an
 * unkeyed FNV-1a table (their hashes agree in their low bits) or are
 * ordinary ids of the same lengths; a waiver file whose one waiver repeats
 * a key n times; and a waiver file of n waivers for the ordinary ids.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fnvcraft.h"

static int
usage(void)
{
	fprintf(stderr, "usage: hostile [-b BITS] [-n N] crafted|ordinary|dupkeys\n"
	    "       hostile [-n N] -e ENTITIES waivers RULE...\n");
	return 2;
}

/* splitmix64, for the letters of ordinary ids. */
static unsigned long long
next_random(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/*
 * Id number i into buf (64 bytes). An ordinary id has the crafted id's
 * prefix and length, with random letters after the prefix, so that the two
 * kinds differ only in how they hash.
 */
static void
make_id(const struct fnvcraft *c, unsigned long i, int crafted, char *buf)
{
	static const char letters[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	unsigned long long state = i + 1;
	size_t p = (size_t)snprintf(buf, 64, "X%07lu", i);
	size_t len = fnvcraft_complete(c, buf, p, 64);

	if (!crafted)
		for (size_t j = p; j < len; j++)
			buf[j] = letters[next_random(&state) % (sizeof(letters) - 1)];
}

static int
ids(const struct fnvcraft *c, unsigned long n, int crafted)
{
	printf("entity,indicator,value\n");
	for (unsigned long i = 0; i < n; i++) {
		char id[64];

		make_id(c, i, crafted, id);
		printf("%s,lpi_overall,%lu.%02lu\n", id, 1 + i % 4, i % 100);
	}
	return 0;
}

static int
dupkeys(unsigned long n)
{
	printf("waivers:\n"
	    "  - rule: HI-7.1\n"
	    "    entity: \"*\"\n"
	    "    expires: 2030-12-31\n");
	for (unsigned long i = 0; i < n + 1; i++)
		printf("    reason: r\n");
	return 0;
}

/* n distinct waivers: the rules in turn for each of the first ents ids. */
static int
waivers(const struct fnvcraft *c, unsigned long n, unsigned long ents,
    char **rules, int nrules)
{
	if (ents == 0 || nrules == 0 || n > ents * (unsigned long)nrules)
		return usage();
	printf("waivers:\n");
	for (unsigned long i = 0; i < n; i++) {
		char id[64];

		make_id(c, i % ents, 0, id);
		printf("  - rule: %s\n"
		    "    entity: %s\n"
		    "    reason: the figure is being revised by the national office\n"
		    "    expires: 2099-12-31\n", rules[i / ents], id);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct fnvcraft *c;
	unsigned long n = 100000, bits = 20, ents = 0;
	const char *what;
	int ch, rc;

	while ((ch = getopt(argc, argv, "b:e:n:")) != -1) {
		switch (ch) {
		case 'b': bits = strtoul(optarg, NULL, 10); break;
		case 'e': ents = strtoul(optarg, NULL, 10); break;
		case 'n': n = strtoul(optarg, NULL, 10); break;
		default: return usage();
		}
	}
	if (optind >= argc || bits < 1 || bits > 24 || n > 9999999 || ents > 9999999)
		return usage();
	what = argv[optind++];
	if ((c = fnvcraft_new((unsigned)bits)) == NULL) {
		fprintf(stderr, "hostile: cannot prepare %lu-bit collisions\n", bits);
		return 1;
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	if (strcmp(what, "waivers") == 0)
		rc = waivers(c, n, ents, argv + optind, argc - optind);
	else if (optind != argc)
		rc = usage();
	else if (strcmp(what, "crafted") == 0)
		rc = ids(c, n, 1);
	else if (strcmp(what, "ordinary") == 0)
		rc = ids(c, n, 0);
	else if (strcmp(what, "dupkeys") == 0)
		rc = dupkeys(n);
	else
		rc = usage();
	fnvcraft_free(c);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "hostile: cannot write the output\n");
		return 1;
	}
	return rc;
}
