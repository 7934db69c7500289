/*
 * The indicator catalogue: lookup of indicators by id or alias. Loading from
 * YAML is at the end of this file.
 */
#include "config.h"

#include <string.h>

#include "catalogue.h"
#include "xalloc.h"

void
catalogue_init(struct catalogue *c)
{
	memset(c, 0, sizeof(*c));
	strtab_init(&c->names, true);
}

void
catalogue_release(struct catalogue *c)
{
	free(c->items);
	free(c->name_to_ind);
	strtab_release(&c->names);
	memset(c, 0, sizeof(*c));
}

int
catalogue_find(const struct catalogue *c, const char *name, size_t len)
{
	int k = strtab_find(&c->names, name, len);

	return k < 0 ? -1 : c->name_to_ind[k];
}

/*
 * Register name for indicator ind. Returns the indicator that already holds
 * the name, or -1 when it was free.
 */
int
catalogue_add_name(struct catalogue *c, const char *name, int ind)
{
	size_t before = c->names.n;
	int k = strtab_intern(&c->names, name, strlen(name));

	if (c->names.n == before)
		return c->name_to_ind[k];
	xgrow(&c->name_to_ind, &c->nnames_cap, c->names.n, sizeof(*c->name_to_ind));
	c->name_to_ind[k] = ind;
	return -1;
}

/* Append a copy of ind (strings are not copied); returns its number. */
int
catalogue_append(struct catalogue *c, const struct indicator *ind)
{
	xgrow(&c->items, &c->cap, c->n + 1, sizeof(*c->items));
	c->items[c->n] = *ind;
	return (int)c->n++;
}

const char *
catalogue_suggest(const struct catalogue *c, const char *name)
{
	const char **ids = xcalloc(c->n, sizeof(*ids));
	const char *best;

	for (size_t i = 0; i < c->n; i++)
		ids[i] = c->items[i].id;
	best = diag_suggest(name, ids, c->n);
	free(ids);
	return best;
}

/* ---- loading from indicators.yaml ---- */
