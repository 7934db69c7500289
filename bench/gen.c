/*
 * Benchmark input generator: deterministic (seeded) long or wide
 * self-reports of entities x indicators x years, using the indicator ids,
 * types and ranges of a catalogue (rules/indicators.yaml), with realistic
 * values, some evidence URLs, some quoted fields (commas, doubled quotes,
 * line breaks) and some missing values. Output goes to standard output.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "rulebook.h"

static uint64_t rng_state;

/* splitmix64: small, fast and the same everywhere. */
static uint64_t
rng(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
unif(void)
{
	return (double)(rng() >> 11) * (1.0 / 9007199254740992.0);
}

static unsigned
below(unsigned n)
{
	return (unsigned)(unif() * n);
}

static const char *const notes[] = {
	"\"provisional, to be confirmed\"",
	"\"revised figure; see \"\"annex B\"\"\"",
	"\"two sources:\nnational office, ministry\"",
	"estimate",
};

/* One value of indicator it, as text, into buf; "" for a missing one. */
static void
gen_value_text(const struct indicator *it, double base, char *buf, size_t size)
{
	double lo, hi, v;
	unsigned r = below(100);

	if (r < 2) {
		snprintf(buf, size, "%s", r == 0 ? "" : "NA");
		return;
	}
	switch (it->type) {
	case IT_BOOLEAN:
		snprintf(buf, size, "%s", unif() < 0.6 ? "yes" : "no");
		return;
	case IT_TEXT:
		snprintf(buf, size, "%s", unif() < 0.5 ? "targets set" :
		    "\"under review, expected 2026\"");
		return;
	case IT_PERCENT:
		lo = it->has_range ? it->min : 0;
		hi = it->has_range ? it->max : 100;
		break;
	default:
		lo = it->has_range ? it->min : 0;
		hi = it->has_range ? it->max : 100000;
		break;
	}
	/* A per-entity level with a little year-to-year noise. */
	v = lo + (hi - lo) * base;
	v += (hi - lo) * 0.02 * (unif() - 0.5);
	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	if (it->type == IT_COUNT)
		snprintf(buf, size, "%.0f", floor(v));
	else if (hi - lo <= 10)
		snprintf(buf, size, "%.2f", floor(v * 100) / 100);
	else
		snprintf(buf, size, "%.1f", floor(v * 10) / 10);
}

static void
evidence(char *buf, size_t size, unsigned long e, size_t ind)
{
	if (below(100) < 10)
		snprintf(buf, size, "https://stats.example.org/report/E%06lu/%zu", e, ind);
	else
		buf[0] = '\0';
}

static int
usage(void)
{
	fprintf(stderr, "usage: gen [-l long|wide] [-e ENTITIES] [-i INDICATORS] "
	    "[-y YEARS] [-s SEED] [-r ROWS] [-q PERMILLE] RULES-DIR\n"
	    "  -r ROWS picks the number of entities for about ROWS long rows\n"
	    "  -q PERMILLE long rows in 1000 with a quoted note (default 4)\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct rulebook rb;
	struct diaglist dl;
	const char *layout = "long";
	unsigned long nent = 100, nyears = 10, nind = 0, rows = 0, seed = 1, quoted = 4;
	char *paths[1];
	int c;

	while ((c = getopt(argc, argv, "l:e:i:y:s:r:q:")) != -1) {
		switch (c) {
		case 'l': layout = optarg; break;
		case 'e': nent = strtoul(optarg, NULL, 10); break;
		case 'i': nind = strtoul(optarg, NULL, 10); break;
		case 'y': nyears = strtoul(optarg, NULL, 10); break;
		case 's': seed = strtoul(optarg, NULL, 10); break;
		case 'r': rows = strtoul(optarg, NULL, 10); break;
		case 'q': quoted = strtoul(optarg, NULL, 10); break;
		default: return usage();
		}
	}
	if (optind + 1 != argc || nyears == 0 || nyears > 100 || quoted > 1000 ||
	    (strcmp(layout, "long") != 0 && strcmp(layout, "wide") != 0))
		return usage();
	rulebook_init(&rb);
	diag_init(&dl);
	paths[0] = argv[optind];
	if (rulebook_load_paths(&rb, paths, 1, &dl) > 0 || dl.nerrors > 0) {
		diag_print(&dl, stderr, "gen", false);
		return 1;
	}
	if (nind == 0 || nind > rb.cat.n)
		nind = rb.cat.n;
	if (rows > 0)
		nent = (rows + nind * nyears - 1) / (nind * nyears);
	rng_state = seed;

	static char obuf[1 << 16];
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	double *base = calloc(nind, sizeof(*base));
	char val[128], ev[128];

	if (strcmp(layout, "long") == 0) {
		printf("entity,subject,indicator,year,value,evidence,note\n");
		for (unsigned long e = 0; e < nent; e++) {
			const char *subj = e % 5 == 4 ? "enterprise" : "state";

			for (size_t i = 0; i < nind; i++)
				base[i] = unif();
			for (size_t i = 0; i < nind; i++) {
				for (unsigned long y = 0; y < nyears; y++) {
					unsigned r = below(1000);

					gen_value_text(&rb.cat.items[i], base[i], val, sizeof(val));
					evidence(ev, sizeof(ev), e, i);
					printf("E%06lu,%s,%s,%lu,%s,%s,%s\n", e, subj,
					    rb.cat.items[i].id, 2024 - nyears + 1 + y, val, ev,
					    r < quoted ? notes[r % 4] : "");
				}
			}
		}
	} else {
		printf("entity,year,subject");
		for (size_t i = 0; i < nind; i++)
			printf(",%s", rb.cat.items[i].id);
		for (size_t i = 0; i < nind; i += 8)
			printf(",%s.evidence", rb.cat.items[i].id);
		printf("\n");
		for (unsigned long e = 0; e < nent; e++) {
			const char *subj = e % 5 == 4 ? "enterprise" : "state";

			for (size_t i = 0; i < nind; i++)
				base[i] = unif();
			for (unsigned long y = 0; y < nyears; y++) {
				printf("E%06lu,%lu,%s", e, 2024 - nyears + 1 + y, subj);
				for (size_t i = 0; i < nind; i++) {
					gen_value_text(&rb.cat.items[i], base[i], val, sizeof(val));
					printf(",%s", val);
				}
				for (size_t i = 0; i < nind; i += 8) {
					evidence(ev, sizeof(ev), e, i);
					printf(",%s", ev);
				}
				printf("\n");
			}
		}
	}
	free(base);
	diag_release(&dl);
	rulebook_release(&rb);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
