/*
 * libFuzzer entry point for the record scanner's fast path: the input is
 * scanned with the fast path for plain lines and through libcsv alone,
 * whole and in pieces (of 1 to 64 bytes, by its first byte), and the
 * records, fields, lines and diagnostics must be the same (scan_diff.h);
 * the target aborts when they are not.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "scan_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	size_t pieces[2] = { 0, size > 0 ? 1 + data[0] % 64 : 1 };

	for (size_t k = 0; k < 2; k++) {
		char *fast, *ref;

		if (!scan_agree(p, size, pieces[k], &fast, &ref)) {
			fprintf(stderr, "the fast path and libcsv differ (pieces of %zu "
			    "bytes)\n--- fast path:\n%s--- libcsv:\n%s", pieces[k], fast, ref);
			abort();
		}
	}
	return 0;
}
