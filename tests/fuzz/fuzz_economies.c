/*
 * libFuzzer entry point for economy names: the input is resolved as a
 * code or name and, when it names nothing, suggestions are asked for, so
 * that case folding, decomposition, keys that outgrow their text, the
 * other order of names with a comma and the distances are all reached.
 * Whatever resolves must have a display name that its code gives back.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "economies.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *out[8];
	struct econ_match m;
	size_t n;

	switch (econ_resolve(text, size, &m)) {
	case ECON_ECONOMY:
	case ECON_FORMER:
	case ECON_AGGREGATE:
		if (m.name == NULL || econ_name(m.code) != m.name)
			abort();
		break;
	case ECON_UNKNOWN:
	case ECON_BADTEXT:
		if (m.code != NULL || m.name != NULL)
			abort();
		n = econ_suggest(text, size, out, 8);
		if (n > 8)
			abort();
		for (size_t i = 0; i < n; i++)
			if (out[i] == NULL || strlen(out[i]) == 0)
				abort();
		break;
	}
	return 0;
}
