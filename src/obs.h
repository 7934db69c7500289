/*
 * The observation store: entity x indicator x year -> value, with the input
 * file and line each value came from. Observations are compact (24 bytes);
 * texts live in one pool. Memory grows with distinct observations, not with
 * input bytes.
 */
#ifndef RC_OBS_H
#define RC_OBS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "diag.h"
#include "strtab.h"
#include "value.h"
#include "vocab.h"

struct catalogue;

struct obs {
	union {
		double num;     /* V_NUM value; V_BOOL: 0 or 1 */
		uint32_t text;  /* V_TEXT: pool offset */
	};
	uint32_t evidence;      /* pool offset + 1; 0 = no evidence */
	uint32_t line;          /* line of the input file */
	uint16_t ind;           /* catalogue number */
	int16_t year;           /* 0 = no year given */
	uint8_t kind;           /* enum value_kind */
	uint8_t pad;
	uint16_t file;          /* index into obsstore.files */
};

struct entity {
	const char *id;
	enum subject subject;   /* SUBJ_NONE when not stated */
	const char *sector;     /* NULL when not stated; owned by the store */
	uint16_t file;          /* where the entity was first seen */
	uint32_t line;
	uint32_t subject_line;  /* line that set subject/sector (for conflicts) */
	uint16_t subject_file;  /* file of subject_line */
	uint16_t sector_file;   /* file of sector_line */
	uint32_t sector_line;   /* line that set sector (0 = not set) */
	struct obs *obs;        /* sorted by (ind, year) after obs_finish */
	size_t nobs, cap;
	bool in_arena;          /* obs lies in the store's arena, not the heap */
};

/* What was read from one input file. */
struct input_info {
	const char *path;               /* as given; "-" for standard input */
	char sha256[65];
	const char *layout;             /* "long", "wide", "world-bank" */
	size_t read, used, ignored;     /* rows; read = used + ignored */
	size_t ignored_by[IGN__COUNT];
};

struct obsstore {
	struct strtab ids;              /* entity ids (case-sensitive) */
	struct entity *ents;
	size_t n, cap;
	/*
	 * The arena: blocks holding entities' observation arrays one after
	 * another, so that an entity whose rows come together (the usual
	 * order) grows its array in place, without the copies and the
	 * doubled memory of reallocating it.
	 */
	struct obsblock *blocks;
	struct obs *atop, *aend;        /* free room of the newest block */
	size_t ablock;                  /* size of the next block (observations) */
	char *pool;                     /* NUL-terminated texts */
	size_t poollen, poolcap;
	const char **files;             /* input paths, by file index */
	size_t nfiles, filecap;
	int min_year, max_year;         /* over observations with a year */
	bool any_year, any_noyear;
	/*
	 * By file: the latest year of a value left out only because its
	 * entity is another shard's or not selected (--shard, --entity), so
	 * that the file dates its entities as a run without them does; 0:
	 * none (file_years entries).
	 */
	int *file_left_year;
	size_t file_years;
	/*
	 * Indicator names for obs_finish's messages; csvin_read sets it when
	 * NULL. Without it messages name indicators by number.
	 */
	const struct catalogue *cat;
};

void obs_init(struct obsstore *s);
void obs_release(struct obsstore *s);
/* Register an input file; returns its index, or -1 beyond UINT16_MAX files. */
int obs_add_file(struct obsstore *s, const char *path);
/*
 * A value of file left out by --shard or --entity, of year year: the
 * file's latest year counts it (file_left_year).
 */
void obs_note_left_year(struct obsstore *s, int file, int year);
/* Index of the entity with this id, created when new. */
int obs_entity(struct obsstore *s, const char *id, size_t len, int file, uint32_t line);
/*
 * Forget the entities without a single observation (every row of theirs
 * was ignored: they stay in the row accounting only), keeping the order of
 * the others; indices of entities change. Returns how many were dropped.
 */
size_t obs_drop_empty(struct obsstore *s);
/*
 * Take back what a file that could not be read to its end put in the
 * store: its observations, and the entities it named first that hold no
 * other.
 */
void obs_drop_file(struct obsstore *s, int file);
/* Store a text in the pool; returns its offset. */
uint32_t obs_text(struct obsstore *s, const char *t, size_t len);
static inline const char *obs_textp(const struct obsstore *s, uint32_t off)
{
	return s->pool + off;
}
void obs_add(struct obsstore *s, int ent, const struct obs *o);
/*
 * Prepare part (a store filled from one chunk of an input, whose line
 * numbers count from 1 at the chunk's start) for obs_absorb: shift its
 * lines by line_base (the chunk's first line minus 1) and its text offsets
 * by pool_base (the length of the pool its texts will follow). It touches
 * part only, so the parts of one input can be rebased on several threads.
 */
void obs_rebase(struct obsstore *part, uint32_t line_base, uint32_t pool_base);
/*
 * Make the text pool len bytes long (len >= its length), to be filled by
 * obs_texts_to; at most UINT32_MAX bytes (offsets are 32-bit).
 */
void obs_texts_room(struct obsstore *s, size_t len);
/*
 * Copy part's texts into s's pool at offset at, inside the room made by
 * obs_texts_room, and empty part's pool: the parts of one input copy their
 * texts on several threads, each to its own place.
 */
void obs_texts_to(struct obsstore *s, struct obsstore *part, size_t at);
/*
 * Move everything of part into s, as if it had been added to s in order:
 * entities are created in part's order, each entity's observations are
 * appended, and texts still in part's pool are appended to s's (part is
 * rebased for a pool of s's present length, or for where obs_texts_to put
 * its texts). A subject or sector of part is taken only where s has none:
 * the caller checks beforehand that they do not conflict. part is left
 * released.
 */
void obs_absorb(struct obsstore *s, struct obsstore *part);
/*
 * Sort every entity's observations and check duplicates: the same entity,
 * indicator and year with different values is an error naming both lines;
 * identical ones are a warning and the later row is counted as ignored in
 * inputs. inputs[k] belongs to file index k (as returned by obs_add_file);
 * ninputs may be smaller. Messages name indicators through s->cat.
 * Observations without a year sort before those with one. Returns the
 * number of errors. Entities are sorted on jobs threads (0: one per online
 * core); the messages do not depend on jobs.
 */
int obs_finish(struct obsstore *s, struct input_info *inputs, size_t ninputs,
    struct diaglist *dl, int jobs);
/*
 * Latest observation of ind not after year (year 0: any), or NULL. An
 * observation without a year counts as older than every dated one.
 */
const struct obs *obs_latest(const struct obsstore *s, const struct entity *e,
    int ind, int year);
/* Observation of ind in exactly this year, or NULL. */
const struct obs *obs_at(const struct obsstore *s, const struct entity *e,
    int ind, int year);
/* The observation's value. */
void obs_value(const struct obsstore *s, const struct obs *o, struct value *v);
/*
 * Where each indicator's values start in e's observations (after
 * obs_finish): first[ind] up to first[ind + 1], for ind < nind; first has
 * nind + 1 elements. With it, obs_latest_in and obs_at_in answer what
 * obs_latest and obs_at do by a look-up and a short scan back from the
 * latest year, which an evaluation asks for every rule of every entity.
 */
void obs_index(const struct entity *e, size_t nind, uint32_t *first);
const struct obs *obs_latest_in(const struct entity *e, const uint32_t *first,
    int ind, int year);
const struct obs *obs_at_in(const struct entity *e, const uint32_t *first,
    int ind, int year);
/* Evidence text or NULL. */
const char *obs_evidence(const struct obsstore *s, const struct obs *o);
/* Entity indices sorted by id (bytewise); caller frees. */
size_t *obs_sorted(const struct obsstore *s);

#endif
