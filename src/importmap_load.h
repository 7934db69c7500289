/*
 * Loading import maps: the built-in ones (compiled in from data/maps) and
 * map files (resilience-maps(5)), checked as rule files are.
 */
#ifndef RC_IMPORTMAP_LOAD_H
#define RC_IMPORTMAP_LOAD_H

#include <stddef.h>
#include "diag.h"
#include "importmap_types.h"

void importmaps_init(struct importmaps *ms);
void importmaps_release(struct importmaps *ms);
/*
 * Load the built-in maps (compiled in from data/maps). Returns the number
 * of problems (reported to dl; none in a sound build).
 */
int importmaps_load_builtin(struct importmaps *ms, struct diaglist *dl);
/*
 * Load a map file (YAML, len bytes of text named file in messages).
 * Problems go to dl at file:line:col; returns their number.
 */
int importmaps_load_text(struct importmaps *ms, const char *file,
    const char *text, size_t len, struct diaglist *dl);
/* The map of this name, or NULL. */
const struct importmap *importmaps_find(const struct importmaps *ms, const char *name);

#endif
