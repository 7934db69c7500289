/*
 * The observation store: interned entities, each with a growable array of
 * compact observations, and one text pool addressed by 32-bit offsets.
 * obs_finish sorts and de-duplicates; lookups are binary searches.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "obs.h"
#include "par.h"
#include "xalloc.h"

_Static_assert(sizeof(struct obs) == 24, "struct obs should stay compact");

struct obsblock {
	struct obsblock *next;
	struct obs obs[];
};

#define BLOCK_MIN 1024u                 /* observations in the first block */
#define BLOCK_MAX (1u << 21)            /* 48 MiB */

/* A new newest block with room for at least need observations. */
static void
arena_block(struct obsstore *s, size_t need)
{
	size_t n = s->ablock ? s->ablock : BLOCK_MIN;
	struct obsblock *b;

	while (n < need) {
		if (n > (SIZE_MAX - sizeof(*b)) / sizeof(struct obs) / 2)
			xalloc_die();
		n *= 2;
	}
	b = xmalloc(sizeof(*b) + n * sizeof(struct obs));
	b->next = s->blocks;
	s->blocks = b;
	s->atop = b->obs;
	s->aend = b->obs + n;
	if (s->ablock < BLOCK_MAX)
		s->ablock = n < BLOCK_MAX / 2 ? n * 2 : BLOCK_MAX;
}

/*
 * Room for more observations in e's array. The newest array of the arena
 * grows in place, a step at a time; a new entity's array starts there. An
 * array that a newer one has passed moves to the heap and grows as usual,
 * and so does a very large one, which realloc can move without copying.
 */
static void
obs_reserve(struct obsstore *s, struct entity *e, size_t more)
{
	size_t need, step, want;
	struct obs *p;

	if (more > SIZE_MAX / 4 - e->nobs)
		xalloc_die();
	need = e->nobs + more;
	if (need <= e->cap)
		return;
	if (e->cap == 0 || (e->in_arena && e->obs + e->cap == s->atop)) {
		step = e->cap / 2 < 8 ? 8 : e->cap / 2 > 256 ? 256 : e->cap / 2;
		want = need - e->cap > step ? need : e->cap + step;
		if (e->cap > 0 && (size_t)(s->aend - s->atop) >= want - e->cap) {
			s->atop += want - e->cap;
			e->cap = want;
			return;
		}
		if (want <= BLOCK_MAX / 4) {
			if ((size_t)(s->aend - s->atop) < want)
				arena_block(s, want);
			p = s->atop;
			if (e->nobs > 0)
				memcpy(p, e->obs, e->nobs * sizeof(*p));
			if (!e->in_arena)
				free(e->obs);
			s->atop = p + want;
			e->obs = p;
			e->cap = want;
			e->in_arena = true;
			return;
		}
	}
	if (e->in_arena) {
		want = need > e->cap * 2 ? need : e->cap * 2;
		p = xreallocarray(NULL, want, sizeof(*p));
		memcpy(p, e->obs, e->nobs * sizeof(*p));
		e->obs = p;
		e->cap = want;
		e->in_arena = false;
		return;
	}
	xgrow(&e->obs, &e->cap, need, sizeof(*e->obs));
}

void
obs_init(struct obsstore *s)
{
	memset(s, 0, sizeof(*s));
	strtab_init(&s->ids, false);
}

void
obs_release(struct obsstore *s)
{
	for (size_t i = 0; i < s->n; i++) {
		if (!s->ents[i].in_arena)
			free(s->ents[i].obs);
		free((char *)s->ents[i].sector);
	}
	while (s->blocks != NULL) {
		struct obsblock *b = s->blocks;

		s->blocks = b->next;
		free(b);
	}
	free(s->ents);
	for (size_t i = 0; i < s->nfiles; i++)
		free((char *)s->files[i]);
	free(s->files);
	free(s->file_left_year);
	free(s->pool);
	strtab_release(&s->ids);
	memset(s, 0, sizeof(*s));
}

int
obs_add_file(struct obsstore *s, const char *path)
{
	if (s->nfiles >= UINT16_MAX)
		return -1;
	xgrow(&s->files, &s->filecap, s->nfiles + 1, sizeof(*s->files));
	s->files[s->nfiles] = xstrdup(path);
	return (int)s->nfiles++;
}

void
obs_note_left_year(struct obsstore *s, int file, int year)
{
	if (file < 0 || year <= 0)
		return;
	if ((size_t)file >= s->file_years) {
		size_t cap = s->file_years;

		xgrow(&s->file_left_year, &cap, (size_t)file + 1, sizeof(*s->file_left_year));
		memset(s->file_left_year + s->file_years, 0,
		    (cap - s->file_years) * sizeof(*s->file_left_year));
		s->file_years = cap;
	}
	if (year > s->file_left_year[file])
		s->file_left_year[file] = year;
}

int
obs_entity(struct obsstore *s, const char *id, size_t len, int file,
    uint32_t line)
{
	int k = strtab_intern(&s->ids, id, len);
	struct entity *e;

	if ((size_t)k < s->n)
		return k;
	/* Interning gives dense indices, so a new id is always the next one. */
	xgrow(&s->ents, &s->cap, s->n + 1, sizeof(*s->ents));
	e = &s->ents[s->n++];
	memset(e, 0, sizeof(*e));
	e->id = strtab_str(&s->ids, k);
	e->subject = SUBJ_NONE;
	e->file = (uint16_t)file;
	e->line = line;
	return k;
}

/*
 * Forget the entities without an observation (only those first seen in
 * file, when file >= 0), keeping the order of the others. Returns how
 * many were dropped.
 */
static size_t
drop_entities(struct obsstore *s, int file)
{
	struct strtab ids;
	size_t n = 0, dropped;

	strtab_init(&ids, false);
	for (size_t i = 0; i < s->n; i++) {
		struct entity *e = &s->ents[i];
		int k;

		if (e->nobs == 0 && (file < 0 || e->file == (uint16_t)file)) {
			if (!e->in_arena)
				free(e->obs);
			free((char *)e->sector);
			continue;
		}
		k = strtab_intern(&ids, e->id, strlen(e->id));
		s->ents[n] = *e;
		s->ents[n].id = strtab_str(&ids, k);
		n++;
	}
	dropped = s->n - n;
	s->n = n;
	strtab_release(&s->ids);
	s->ids = ids;
	return dropped;
}

size_t
obs_drop_empty(struct obsstore *s)
{
	return drop_entities(s, -1);
}

void
obs_drop_file(struct obsstore *s, int file)
{
	for (size_t i = 0; i < s->n; i++) {
		struct entity *e = &s->ents[i];
		size_t kept = 0;

		for (size_t j = 0; j < e->nobs; j++)
			if (e->obs[j].file != (uint16_t)file)
				e->obs[kept++] = e->obs[j];
		e->nobs = kept;
	}
	drop_entities(s, file);
}

uint32_t
obs_text(struct obsstore *s, const char *t, size_t len)
{
	size_t off = s->poollen;

	/* Offsets are 32-bit: a pool beyond that is treated as out of memory. */
	if (len >= UINT32_MAX || off > UINT32_MAX - 1 - len)
		xmalloc(SIZE_MAX);
	if (off + len + 1 > s->poolcap)
		xgrow(&s->pool, &s->poolcap, off + len + 1, 1);
	memcpy(s->pool + off, t, len);
	s->pool[off + len] = '\0';
	s->poollen = off + len + 1;
	return (uint32_t)off;
}

void
obs_add(struct obsstore *s, int ent, const struct obs *o)
{
	struct entity *e = &s->ents[ent];

	if (e->nobs == e->cap)
		obs_reserve(s, e, 1);
	e->obs[e->nobs++] = *o;
	if (o->year != 0) {
		if (!s->any_year || o->year < s->min_year)
			s->min_year = o->year;
		if (!s->any_year || o->year > s->max_year)
			s->max_year = o->year;
		s->any_year = true;
	} else {
		s->any_noyear = true;
	}
}

static inline uint32_t
shift_line(uint32_t line, uint32_t base)
{
	return line > UINT32_MAX - base ? UINT32_MAX : line + base;
}

void
obs_rebase(struct obsstore *part, uint32_t line_base, uint32_t pool_base)
{
	for (size_t i = 0; i < part->n; i++) {
		struct entity *pe = &part->ents[i];

		pe->line = shift_line(pe->line, line_base);
		if (pe->subject != SUBJ_NONE)
			pe->subject_line = shift_line(pe->subject_line, line_base);
		if (pe->sector != NULL)
			pe->sector_line = shift_line(pe->sector_line, line_base);
		for (size_t j = 0; j < pe->nobs; j++) {
			struct obs *o = &pe->obs[j];

			o->line = shift_line(o->line, line_base);
			if (o->kind == V_TEXT)
				o->text += pool_base;
			if (o->evidence != 0)
				o->evidence += pool_base;
		}
	}
}

void
obs_texts_room(struct obsstore *s, size_t len)
{
	if (len > UINT32_MAX)
		xmalloc(SIZE_MAX);      /* offsets are 32-bit */
	xgrow(&s->pool, &s->poolcap, len, 1);
	s->poollen = len;
}

void
obs_texts_to(struct obsstore *s, struct obsstore *part, size_t at)
{
	if (part->poollen > 0)
		memcpy(s->pool + at, part->pool, part->poollen);
	free(part->pool);
	part->pool = NULL;
	part->poollen = part->poolcap = 0;
}

void
obs_absorb(struct obsstore *s, struct obsstore *part)
{
	size_t poolbase = s->poollen;

	if (part->poollen > 0) {
		if (poolbase > UINT32_MAX - part->poollen)
			xmalloc(SIZE_MAX);      /* offsets are 32-bit */
		xgrow(&s->pool, &s->poolcap, poolbase + part->poollen, 1);
		memcpy(s->pool + poolbase, part->pool, part->poollen);
		s->poollen = poolbase + part->poollen;
	}
	/* Arrays taken over stay where they are: s keeps part's blocks. */
	if (part->blocks != NULL) {
		struct obsblock *b = part->blocks;

		while (b->next != NULL)
			b = b->next;
		b->next = s->blocks;
		s->blocks = part->blocks;
		part->blocks = NULL;
	}
	for (size_t i = 0; i < part->n; i++) {
		struct entity *pe = &part->ents[i];
		int k = obs_entity(s, pe->id, strlen(pe->id), pe->file, pe->line);
		struct entity *e = &s->ents[k];

		if (e->subject == SUBJ_NONE && pe->subject != SUBJ_NONE) {
			e->subject = pe->subject;
			e->subject_file = pe->subject_file;
			e->subject_line = pe->subject_line;
		}
		if (e->sector == NULL && pe->sector != NULL) {
			e->sector = pe->sector;
			pe->sector = NULL;
			e->sector_file = pe->sector_file;
			e->sector_line = pe->sector_line;
		}
		if (e->nobs == 0) {
			/* Take the array over rather than copy it. */
			if (!e->in_arena)
				free(e->obs);
			e->obs = pe->obs;
			e->nobs = pe->nobs;
			e->cap = pe->cap;
			e->in_arena = pe->in_arena;
			pe->obs = NULL;
			pe->nobs = pe->cap = 0;
			pe->in_arena = false;
		} else if (pe->nobs > 0) {
			obs_reserve(s, e, pe->nobs);
			memcpy(e->obs + e->nobs, pe->obs, pe->nobs * sizeof(*e->obs));
			e->nobs += pe->nobs;
		}
	}
	if (part->any_year) {
		if (!s->any_year || part->min_year < s->min_year)
			s->min_year = part->min_year;
		if (!s->any_year || part->max_year > s->max_year)
			s->max_year = part->max_year;
		s->any_year = true;
	}
	s->any_noyear = s->any_noyear || part->any_noyear;
	for (size_t f = 0; f < part->file_years; f++)
		obs_note_left_year(s, (int)f, part->file_left_year[f]);
	obs_release(part);
}

static inline int
key_cmp(const struct obs *a, const struct obs *b)
{
	if (a->ind != b->ind)
		return a->ind < b->ind ? -1 : 1;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return 0;
}

/* Stable bottom-up merge sort by (ind, year); tmp holds n elements. */
static void
sort_obs(struct obs *a, size_t n, struct obs *tmp)
{
	struct obs *src = a, *dst = tmp;

	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				dst[k++] = key_cmp(&src[j], &src[i]) < 0 ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		struct obs *t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
}

static bool
same_value(const struct obsstore *s, const struct obs *a, const struct obs *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == V_TEXT) {
		if (strcmp(obs_textp(s, a->text), obs_textp(s, b->text)) != 0)
			return false;
	} else if (a->num != b->num) {
		return false;
	}
	if ((a->evidence == 0) != (b->evidence == 0))
		return false;
	return a->evidence == 0 ||
	    strcmp(obs_textp(s, a->evidence - 1), obs_textp(s, b->evidence - 1)) == 0;
}

/* The value as a message shows it. */
static void
format_value(const struct obsstore *s, const struct obs *o, char *buf, size_t size)
{
	switch (o->kind) {
	case V_NUM:
		value_format_num(o->num, buf, size);
		break;
	case V_BOOL:
		snprintf(buf, size, "%s", o->num != 0 ? "yes" : "no");
		break;
	case V_TEXT:
		snprintf(buf, size, "%s", obs_textp(s, o->text));
		break;
	default:
		snprintf(buf, size, "(none)");
		break;
	}
}

static const char *
file_name(const struct obsstore *s, unsigned file)
{
	return file < s->nfiles ? s->files[file] : "?";
}

/* " indicator 'x', year 2021" or without the year when there is none. */
static void
describe_key(const struct obsstore *s, const struct obs *o, char *buf, size_t size)
{
	char ind[32];
	const char *name;

	if (s->cat != NULL && o->ind < s->cat->n) {
		name = s->cat->items[o->ind].id;
	} else {
		snprintf(ind, sizeof(ind), "#%u", (unsigned)o->ind);
		name = ind;
	}
	if (o->year != 0)
		snprintf(buf, size, "indicator '%s', year %d", name, o->year);
	else
		snprintf(buf, size, "indicator '%s'", name);
}

/*
 * Drop later duplicates from one entity's sorted observations. The first
 * observation of each (ind, year) stays; later identical ones are counted
 * as ignored rows of their input, later different ones are errors.
 */
/* Rows that lost a value as an identical duplicate: (file << 32) | line. */
struct rowset {
	uint64_t *keys;
	size_t n, cap;
};

static uint64_t
row_key(const struct obs *o)
{
	return (uint64_t)o->file << 32 | o->line;
}

static int
key_order(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
dedup_entity(struct obsstore *s, struct entity *e, struct rowset *dups,
    struct diaglist *dl)
{
	size_t w = 0;
	int errors = 0;

	for (size_t i = 0; i < e->nobs; i++) {
		const struct obs *o = &e->obs[i];
		const struct obs *first;
		char key[256];

		if (w == 0 || key_cmp(&e->obs[w - 1], o) != 0) {
			e->obs[w++] = *o;
			continue;
		}
		first = &e->obs[w - 1];
		describe_key(s, o, key, sizeof(key));
		if (same_value(s, first, o)) {
			diag_warn(dl, file_name(s, o->file), (int)o->line, 0,
			    "duplicate row for entity '%s', %s (same value as %s:%u); ignored",
			    e->id, key, file_name(s, first->file), (unsigned)first->line);
			xgrow(&dups->keys, &dups->cap, dups->n + 1, sizeof(*dups->keys));
			dups->keys[dups->n++] = row_key(o);
		} else if (o->kind == first->kind && (o->kind == V_TEXT ?
		    strcmp(obs_textp(s, o->text), obs_textp(s, first->text)) == 0 :
		    o->num == first->num)) {
			diag_error(dl, file_name(s, o->file), (int)o->line, 0,
			    "entity '%s', %s is given twice with the same value but different "
			    "evidence: %s%s%s at %s:%u and %s%s%s at %s:%u", e->id, key,
			    first->evidence ? "'" : "", first->evidence ?
			    obs_textp(s, first->evidence - 1) : "none", first->evidence ? "'" : "",
			    file_name(s, first->file), (unsigned)first->line,
			    o->evidence ? "'" : "", o->evidence ?
			    obs_textp(s, o->evidence - 1) : "none", o->evidence ? "'" : "",
			    file_name(s, o->file), (unsigned)o->line);
			errors++;
		} else {
			char v1[128], v2[128];

			format_value(s, first, v1, sizeof(v1));
			format_value(s, o, v2, sizeof(v2));
			diag_error(dl, file_name(s, o->file), (int)o->line, 0,
			    "conflicting values for entity '%s', %s: '%s' at %s:%u and '%s' at %s:%u",
			    e->id, key, v1, file_name(s, first->file), (unsigned)first->line,
			    v2, file_name(s, o->file), (unsigned)o->line);
			errors++;
		}
	}
	e->nobs = w;
	return errors;
}

/*
 * A row whose every value was dropped as an identical duplicate moves from
 * used to ignored. A wide row holds many values: it stays used while any
 * of them remains.
 */
static void
count_duplicate_rows(const struct obsstore *s, struct rowset *dups,
    struct input_info *inputs, size_t ninputs)
{
	bool *kept;
	size_t n = 0;

	qsort(dups->keys, dups->n, sizeof(*dups->keys), key_order);
	for (size_t i = 0; i < dups->n; i++)
		if (n == 0 || dups->keys[n - 1] != dups->keys[i])
			dups->keys[n++] = dups->keys[i];
	dups->n = n;
	kept = xcalloc(n, sizeof(*kept));
	for (size_t i = 0; i < s->n; i++) {
		for (size_t k = 0; k < s->ents[i].nobs; k++) {
			uint64_t key = row_key(&s->ents[i].obs[k]);
			uint64_t *hit = bsearch(&key, dups->keys, n, sizeof(*dups->keys), key_order);

			if (hit != NULL)
				kept[hit - dups->keys] = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t file = (size_t)(dups->keys[i] >> 32);
		struct input_info *in;

		if (kept[i] || file >= ninputs)
			continue;
		in = &inputs[file];
		if (in->used > 0)
			in->used--;
		in->ignored++;
		in->ignored_by[IGN_DUPLICATE]++;
	}
	free(kept);
}

/* Observations below which obs_finish sorts on the calling thread. */
#define FINISH_MIN_THREADED 100000

/* One thread's room for sorting. */
struct sortbuf {
	struct obs *tmp;
	size_t cap;
};

struct finish {
	struct obsstore *s;
	bool *dup;                      /* per entity: two values share a key */
	struct sortbuf *bufs;           /* per thread */
};

/* par_batches work: sort entity i; note whether dedup_entity has work. */
static void
finish_sort(void *arg, int thread, size_t i)
{
	struct finish *f = arg;
	struct entity *e = &f->s->ents[i];
	struct sortbuf *b = &f->bufs[thread];
	bool sorted = true, dup = false;

	for (size_t k = 1; k < e->nobs && sorted; k++) {
		int c = key_cmp(&e->obs[k - 1], &e->obs[k]);

		sorted = c <= 0;
		dup |= c == 0;
	}
	if (!sorted) {
		if (e->nobs > b->cap) {
			b->tmp = xreallocarray(b->tmp, e->nobs, sizeof(*b->tmp));
			b->cap = e->nobs;
		}
		sort_obs(e->obs, e->nobs, b->tmp);
		for (size_t k = 1; k < e->nobs && !dup; k++)
			dup = key_cmp(&e->obs[k - 1], &e->obs[k]) == 0;
	}
	f->dup[i] = dup;
}

int
obs_finish(struct obsstore *s, struct input_info *inputs, size_t ninputs,
    struct diaglist *dl, int jobs)
{
	struct finish f = { .s = s };
	struct rowset dups = {0};
	int errors = 0, nthreads = par_threads(jobs);
	size_t total = 0;

	/* Threads pay off only for many values. */
	for (size_t i = 0; i < s->n && total < FINISH_MIN_THREADED; i++)
		total += s->ents[i].nobs;
	if (total < FINISH_MIN_THREADED)
		nthreads = 1;

	/*
	 * Sorting touches one entity at a time, so it runs on jobs threads;
	 * the duplicates are then settled here, in entity order, which keeps
	 * the messages in the order of one thread.
	 */
	f.dup = xcalloc(s->n ? s->n : 1, sizeof(*f.dup));
	f.bufs = xcalloc((size_t)nthreads, sizeof(*f.bufs));
	par_batches(s->n, s->n, nthreads, finish_sort, NULL, &f);
	for (int t = 0; t < nthreads; t++)
		free(f.bufs[t].tmp);
	free(f.bufs);
	for (size_t i = 0; i < s->n; i++)
		if (f.dup[i])
			errors += dedup_entity(s, &s->ents[i], &dups, dl);
	free(f.dup);
	if (dups.n > 0)
		count_duplicate_rows(s, &dups, inputs, ninputs);
	free(dups.keys);
	return errors;
}

/* First index in e->obs whose (ind, year) is not below (ind, year). */
static size_t
lower_bound(const struct entity *e, int ind, int year)
{
	size_t lo = 0, hi = e->nobs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct obs *o = &e->obs[mid];

		if (o->ind < ind || (o->ind == ind && o->year < year))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The latest value in [lo, hi) (one indicator's values, by year) not after
 * year (0: any), and the value for exactly year.
 */
static const struct obs *
latest_in_range(const struct obs *lo, const struct obs *hi, int year)
{
	while (year != 0 && hi > lo && hi[-1].year > year)
		hi--;
	return hi > lo ? hi - 1 : NULL;
}

static const struct obs *
at_in_range(const struct obs *lo, const struct obs *hi, int year)
{
	while (hi > lo && hi[-1].year > year)
		hi--;
	return hi > lo && hi[-1].year == year ? hi - 1 : NULL;
}

const struct obs *
obs_latest(const struct obsstore *s, const struct entity *e, int ind, int year)
{
	(void)s;
	return latest_in_range(e->obs + lower_bound(e, ind, INT16_MIN),
	    e->obs + lower_bound(e, ind + 1, INT16_MIN), year);
}

const struct obs *
obs_at(const struct obsstore *s, const struct entity *e, int ind, int year)
{
	(void)s;
	return at_in_range(e->obs + lower_bound(e, ind, INT16_MIN),
	    e->obs + lower_bound(e, ind + 1, INT16_MIN), year);
}

void
obs_index(const struct entity *e, size_t nind, uint32_t *first)
{
	size_t j = 0;

	for (size_t ind = 0; ind <= nind; ind++) {
		while (j < e->nobs && e->obs[j].ind < ind)
			j++;
		first[ind] = (uint32_t)j;
	}
}

const struct obs *
obs_latest_in(const struct entity *e, const uint32_t *first, int ind, int year)
{
	return latest_in_range(e->obs + first[ind], e->obs + first[ind + 1], year);
}

const struct obs *
obs_at_in(const struct entity *e, const uint32_t *first, int ind, int year)
{
	return at_in_range(e->obs + first[ind], e->obs + first[ind + 1], year);
}

void
obs_value(const struct obsstore *s, const struct obs *o, struct value *v)
{
	memset(v, 0, sizeof(*v));
	v->kind = (enum value_kind)o->kind;
	switch (v->kind) {
	case V_NUM:
		v->num = o->num;
		break;
	case V_BOOL:
		v->b = o->num != 0;
		v->num = o->num;
		break;
	case V_TEXT:
		v->text = obs_textp(s, o->text);
		break;
	default:
		break;
	}
}

const char *
obs_evidence(const struct obsstore *s, const struct obs *o)
{
	return o->evidence == 0 ? NULL : obs_textp(s, o->evidence - 1);
}

struct idref {
	const char *id;
	size_t idx;
};

static int
idref_cmp(const void *a, const void *b)
{
	return strcmp(((const struct idref *)a)->id, ((const struct idref *)b)->id);
}

size_t *
obs_sorted(const struct obsstore *s)
{
	struct idref *refs = xcalloc(s->n, sizeof(*refs));
	size_t *out = xcalloc(s->n, sizeof(*out));

	for (size_t i = 0; i < s->n; i++) {
		refs[i].id = s->ents[i].id;
		refs[i].idx = i;
	}
	qsort(refs, s->n, sizeof(*refs), idref_cmp);
	for (size_t i = 0; i < s->n; i++)
		out[i] = refs[i].idx;
	free(refs);
	return out;
}
