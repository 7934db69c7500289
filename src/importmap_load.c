/*
 * Loading import maps from YAML: the built-in ones compiled in from
 * data/maps, or a user's file given with --map. Every problem of a file is
 * reported at its line and column before the file is refused, as for rule
 * files.
 */
#include "config.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "importmap_load.h"
#include "rulebook.h"
#include "strtab.h"
#include "xalloc.h"
#include "yamldoc.h"

extern const struct rule_source builtin_maps[];
extern const size_t builtin_maps_count;

void
importmaps_init(struct importmaps *ms)
{
	memset(ms, 0, sizeof(*ms));
	arena_init(&ms->arena);
}

void
importmaps_release(struct importmaps *ms)
{
	free(ms->maps);
	arena_release(&ms->arena);
	memset(ms, 0, sizeof(*ms));
}

const struct importmap *
importmaps_find(const struct importmaps *ms, const char *name)
{
	for (size_t i = 0; i < ms->n; i++)
		if (strcmp(ms->maps[i].name, name) == 0)
			return &ms->maps[i];
	return NULL;
}

static const char *
astr(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n + 1);
	return p;
}

/* A one-character dialect setting ("," or "\t"). */
static int
one_char(const struct ynode *v, const char *what, const char *file,
    struct diaglist *dl, char *out)
{
	const char *s;

	if (ynode_string(v, what, file, dl, &s) != 0)
		return -1;
	if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r') {
		diag_error(dl, file, v->line, v->col, "%s must be one character other "
		    "than a quote or a line break", what);
		return -1;
	}
	*out = s[0];
	return 0;
}

static int
load_dialect(struct importmap *m, const struct ynode *d, const char *file,
    struct diaglist *dl, struct arena *a)
{
	static const char *const keys[] = {
		"delimiter", "headerRows", "commentChar", "encoding", "footer", NULL,
	};
	const struct ynode *v;
	int errs = ynode_check_keys(d, "'dialect'", keys, NULL, file, dl);
	long n;

	/* The keys it knows are read even beside unknown ones: every problem is said. */
	if (d->kind != YN_MAP)
		return errs;
	if ((v = ynode_get(d, "delimiter")) != NULL)
		errs += one_char(v, "'delimiter'", file, dl, &m->delimiter) != 0;
	if ((v = ynode_get(d, "commentChar")) != NULL)
		errs += one_char(v, "'commentChar'", file, dl, &m->comment_char) != 0;
	if ((v = ynode_get(d, "headerRows")) != NULL) {
		if (ynode_int(v, "'headerRows'", file, dl, &n) != 0) {
			errs++;
		} else if (n < 1 || n > IMAP_MAX_HEADER_ROWS) {
			diag_error(dl, file, v->line, v->col, "'headerRows' must be 1 to %d",
			    IMAP_MAX_HEADER_ROWS);
			errs++;
		} else {
			m->header_rows = (int)n;
		}
	}
	if ((v = ynode_get(d, "encoding")) != NULL) {
		const char **list;
		size_t nl;

		if (ynode_strlist(v, "'encoding'", file, dl, a, &list, &nl) != 0) {
			errs++;
		} else if (nl == 0 || nl > IMAP_MAX_ENCODINGS) {
			diag_error(dl, file, v->line, v->col, "'encoding' names 1 to %d "
			    "encodings, tried in turn", IMAP_MAX_ENCODINGS);
			errs++;
		} else {
			for (size_t i = 0; i < nl; i++) {
				iconv_t cd = iconv_open("UTF-8", list[i]);

				if (cd == (iconv_t)-1) {
					diag_error(dl, file, v->line, v->col, "unknown encoding "
					    "'%s' (iconv names such as UTF-8, WINDOWS-1252, "
					    "ISO-8859-1)", list[i]);
					errs++;
					continue;
				}
				iconv_close(cd);
				m->encodings[i] = list[i];
			}
			m->nencodings = nl;
		}
	}
	if ((v = ynode_get(d, "footer")) != NULL &&
	    ynode_strlist(v, "'footer'", file, dl, a, &m->footer, &m->nfooter) != 0)
		errs++;
	return errs;
}

static int
load_entity(struct importmap *m, const struct ynode *e, const char *file,
    struct diaglist *dl)
{
	static const char *const keys[] = { "column", "by", NULL };
	static const char *const req[] = { "column", NULL };
	const struct ynode *v;
	const char *by;
	int errs = ynode_check_keys(e, "'entity'", keys, req, file, dl);

	if (e->kind != YN_MAP || ynode_get(e, "column") == NULL)
		return errs;
	errs += ynode_string(ynode_get(e, "column"), "'column'", file, dl, &m->entity) != 0;
	m->entity_by = IMAP_BY_CODE;
	if ((v = ynode_get(e, "by")) != NULL) {
		if (ynode_string(v, "'by'", file, dl, &by) != 0) {
			errs++;
		} else if (strcmp(by, "name") == 0) {
			m->entity_by = IMAP_BY_NAME;
		} else if (strcmp(by, "code") != 0) {
			diag_error(dl, file, v->line, v->col, "'by' is 'code' or 'name', "
			    "not '%s'", by);
			errs++;
		}
	}
	return errs;
}

static int
load_year(struct importmap *m, const struct ynode *y, const char *file,
    struct diaglist *dl)
{
	static const char *const keys[] = { "column", "quarter", "columns", "fixed", NULL };
	int errs = ynode_check_keys(y, "'year'", keys, NULL, file, dl);
	const struct ynode *v;
	int kinds = 0;
	long n;

	if (errs > 0)
		return errs;
	if ((v = ynode_get(y, "column")) != NULL) {
		kinds++;
		m->year_kind = IMAP_YEAR_COLUMN;
		errs += ynode_string(v, "'column'", file, dl, &m->year_column) != 0;
	}
	if ((v = ynode_get(y, "quarter")) != NULL) {
		kinds++;
		m->year_kind = IMAP_YEAR_QUARTER;
		errs += ynode_string(v, "'quarter'", file, dl, &m->year_column) != 0;
	}
	if ((v = ynode_get(y, "columns")) != NULL) {
		bool b;

		kinds++;
		m->year_kind = IMAP_YEAR_COLUMNS;
		if (ynode_bool(v, "'columns'", file, dl, &b) != 0) {
			errs++;
		} else if (!b) {
			diag_error(dl, file, v->line, v->col, "'columns' can only be "
			    "true (leave it out otherwise)");
			errs++;
		}
	}
	if ((v = ynode_get(y, "fixed")) != NULL) {
		kinds++;
		m->year_kind = IMAP_YEAR_NONE;
		if (ynode_int(v, "'fixed'", file, dl, &n) != 0) {
			errs++;
		} else if (n < 1900 || n > 2100) {
			diag_error(dl, file, v->line, v->col, "'fixed' is a year from 1900 to 2100");
			errs++;
		} else {
			m->year = (int)n;
		}
	}
	if (kinds > 1) {
		diag_error(dl, file, y->line, y->col, "'year' takes one of 'column', "
		    "'quarter', 'columns' and 'fixed'");
		errs++;
	}
	return errs;
}

static int
load_columns(struct importmap *m, const struct ynode *c, const char *file,
    struct diaglist *dl, struct arena *a)
{
	struct strtab seen;     /* headers so far, without case */
	int errs = 0;

	if (c->kind != YN_MAP) {
		diag_error(dl, file, c->line, c->col, "'columns' maps header texts to "
		    "indicator ids");
		return 1;
	}
	m->columns = arena_alloc(a, (c->n ? c->n : 1) * sizeof(*m->columns));
	strtab_init(&seen, true);
	for (size_t i = 0; i < c->n; i++) {
		const struct ynode *k = c->items[2 * i], *v = c->items[2 * i + 1];
		const char *h, *ind;
		size_t n;
		int j;

		if (ynode_string(k, "a column's header", file, dl, &h) != 0 ||
		    ynode_string(v, "an indicator id", file, dl, &ind) != 0) {
			errs++;
			continue;
		}
		n = strlen(h);
		if ((j = strtab_find(&seen, h, n)) >= 0) {
			diag_error(dl, file, k->line, k->col, "column '%s' is already in "
			    "'columns' as '%s' (headers are matched ignoring case)", h,
			    strtab_str(&seen, j));
			errs++;
			continue;
		}
		(void)strtab_intern(&seen, h, n);
		m->columns[m->ncolumns++] = (struct imap_column){
			astr(a, h), astr(a, ind), k->line
		};
	}
	strtab_release(&seen);
	return errs;
}

static int
load_filter(struct importmap *m, const struct ynode *f, const char *file,
    struct diaglist *dl)
{
	static const char *const keys[] = { "column", "equals", NULL };
	int errs = ynode_check_keys(f, "'filter'", keys, keys, file, dl);

	if (errs > 0)
		return errs;
	errs += ynode_string(ynode_get(f, "column"), "'column'", file, dl,
	    &m->filter_column) != 0;
	errs += ynode_string(ynode_get(f, "equals"), "'equals'", file, dl,
	    &m->filter_value) != 0;
	return errs;
}

/* One map document; its strings are copied into ms's arena. */
static int
load_map(struct importmaps *ms, const struct ydoc *doc, const char *file,
    struct diaglist *dl)
{
	static const char *const keys[] = {
		"map", "title", "match", "dialect", "entity", "year", "indicator",
		"indicator_name",
		"value", "codes_in_brackets", "columns", "ignore", "missing", "filter",
		"subject", NULL,
	};
	static const char *const req[] = { "map", "match", "entity", NULL };
	const struct ynode *root = doc->root, *v;
	struct importmap m;
	struct arena *a = &ms->arena;
	const char *s;
	int errs;

	if (root == NULL || root->kind != YN_MAP) {
		diag_error(dl, file, root ? root->line : 1, root ? root->col : 1,
		    "an import map is a mapping with 'map', 'match' and 'entity'");
		return 1;
	}
	if ((errs = ynode_check_keys(root, "an import map", keys, req, file, dl)) > 0)
		return errs;
	memset(&m, 0, sizeof(m));
	m.file = astr(a, file);
	m.delimiter = ',';
	m.header_rows = 1;
	m.encodings[0] = "UTF-8";
	m.nencodings = 1;
	m.subject = SUBJ_STATE;
	v = ynode_get(root, "map");
	m.line = v->line;
	if (ynode_string(v, "'map'", file, dl, &s) != 0) {
		errs++;
	} else if (s[0] == '\0' || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(s)) {
		diag_error(dl, file, v->line, v->col, "a map's name is lower-case letters, "
		    "digits and '-', not '%s'", s);
		errs++;
	} else if (importmaps_find(ms, s) != NULL) {
		diag_error(dl, file, v->line, v->col, "a map named '%s' is already loaded", s);
		errs++;
	} else {
		m.name = astr(a, s);
	}
	if ((v = ynode_get(root, "title")) != NULL)
		errs += ynode_string(v, "'title'", file, dl, &m.title) != 0;
	errs += ynode_strlist(ynode_get(root, "match"), "'match'", file, dl, a,
	    &m.match, &m.nmatch) != 0;
	if ((v = ynode_get(root, "dialect")) != NULL)
		errs += load_dialect(&m, v, file, dl, a);
	errs += load_entity(&m, ynode_get(root, "entity"), file, dl);
	if ((v = ynode_get(root, "year")) != NULL)
		errs += load_year(&m, v, file, dl);
	if ((v = ynode_get(root, "indicator")) != NULL)
		errs += ynode_string(v, "'indicator'", file, dl, &m.indicator_column) != 0;
	if ((v = ynode_get(root, "indicator_name")) != NULL)
		errs += ynode_string(v, "'indicator_name'", file, dl, &m.indicator_name) != 0;
	if ((v = ynode_get(root, "value")) != NULL)
		errs += ynode_string(v, "'value'", file, dl, &m.value_column) != 0;
	if ((v = ynode_get(root, "codes_in_brackets")) != NULL)
		errs += ynode_bool(v, "'codes_in_brackets'", file, dl, &m.bracket_codes) != 0;
	if ((v = ynode_get(root, "columns")) != NULL)
		errs += load_columns(&m, v, file, dl, a);
	if ((v = ynode_get(root, "ignore")) != NULL)
		errs += ynode_strlist(v, "'ignore'", file, dl, a, &m.ignore, &m.nignore) != 0;
	if ((v = ynode_get(root, "missing")) != NULL)
		errs += ynode_strlist(v, "'missing'", file, dl, a, &m.missing, &m.nmissing) != 0;
	if ((v = ynode_get(root, "filter")) != NULL)
		errs += load_filter(&m, v, file, dl);
	if ((v = ynode_get(root, "subject")) != NULL) {
		int subj;

		if (ynode_string(v, "'subject'", file, dl, &s) != 0) {
			errs++;
		} else if ((subj = subject_parse(s, strlen(s))) < 0) {
			diag_error(dl, file, v->line, v->col, "'subject' is 'state' or "
			    "'enterprise', not '%s'", s);
			errs++;
		} else {
			m.subject = (enum subject)subj;
		}
	}
	/* Where the values are: exactly one way. */
	if (m.value_column != NULL && m.indicator_column == NULL) {
		v = ynode_get(root, "value");
		diag_error(dl, file, v->line, v->col, "'value' goes with 'indicator': "
		    "it names the column of values of a file with one indicator a row");
		errs++;
	}
	if (errs == 0) {
		int ways = (m.ncolumns > 0) + m.bracket_codes +
		    (m.indicator_column != NULL);

		if (ways != 1) {
			diag_error(dl, file, root->line, root->col, "an import map says where "
			    "the values are in one way: 'columns' (header text to indicator), "
			    "'codes_in_brackets', or 'indicator' with 'value' or year columns");
			errs++;
		} else if (m.indicator_column != NULL &&
		    (m.value_column != NULL) == (m.year_kind == IMAP_YEAR_COLUMNS)) {
			diag_error(dl, file, root->line, root->col, "with 'indicator', the "
			    "values are in the 'value' column or in year columns "
			    "('year: {columns: true}'), one of the two");
			errs++;
		} else if (m.year_kind == IMAP_YEAR_COLUMNS && m.indicator_column == NULL) {
			diag_error(dl, file, root->line, root->col, "year columns "
			    "('year: {columns: true}') go with an 'indicator' column");
			errs++;
		}
	}
	/* Strings read by ynode_string live in the document: copy them. */
	if (errs == 0) {
		const char **strs[] = {
			&m.title, &m.entity, &m.year_column, &m.indicator_column,
			&m.indicator_name,
			&m.value_column, &m.filter_column, &m.filter_value,
		};

		for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
			if (*strs[i] != NULL)
				*strs[i] = astr(a, *strs[i]);
		for (size_t i = 0; i < m.nencodings; i++)
			m.encodings[i] = astr(a, m.encodings[i]);
		if (m.title == NULL)
			m.title = m.name;
		{
			char *lay = arena_alloc(a, strlen(m.name) + 5);

			memcpy(lay, "map:", 4);
			memcpy(lay + 4, m.name, strlen(m.name) + 1);
			m.layout = lay;
		}
		xgrow(&ms->maps, &ms->cap, ms->n + 1, sizeof(*ms->maps));
		ms->maps[ms->n++] = m;
	}
	return errs;
}

int
importmaps_load_text(struct importmaps *ms, const char *file, const char *text,
    size_t len, struct diaglist *dl)
{
	struct ydoc doc;
	int errs;

	if (ydoc_parse(&doc, file, text, len, dl) != 0) {
		ydoc_release(&doc);
		return 1;
	}
	errs = load_map(ms, &doc, file, dl);
	ydoc_release(&doc);
	return errs;
}

int
importmaps_load_builtin(struct importmaps *ms, struct diaglist *dl)
{
	int errs = 0;

	for (size_t i = 0; i < builtin_maps_count; i++) {
		size_t before = ms->n;

		errs += importmaps_load_text(ms, builtin_maps[i].name,
		    builtin_maps[i].text, builtin_maps[i].len, dl);
		if (ms->n > before)
			ms->maps[before].builtin = true;
	}
	return errs;
}
