/*
 * The table of writers (see writers.h).
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "out_csv.h"
#include "out_html.h"
#include "out_json.h"
#include "out_junit.h"
#include "out_md.h"
#include "out_sarif.h"
#include "out_text.h"
#include "writers.h"

const struct writer *const writers[] = {
	&writer_text,
	&writer_json,
	&writer_csv,
	&writer_markdown,
	&writer_junit,
	&writer_sarif,
	&writer_html,
	NULL,
};

const struct writer *
writer_find(const char *name)
{
	for (size_t i = 0; writers[i] != NULL; i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}

