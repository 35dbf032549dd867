/*
 * store.h: the storage backend interface behind jx_store (jixiao.h).
 *
 * A backend implements the primitive operations below; everything built on
 * them (summaries, the year-over-year comparison) lives in store.c and
 * compare.c and works with any backend: SQLite (sqlite.c), the embedded
 * default, and PostgreSQL (pg.c) for a bureau's server.
 * Every operation returns false on failure after store_fail() has set the
 * store's error message; none prints.
 */
#ifndef JX_STORE_H
#define JX_STORE_H

#include "jixiao.h"
#include "sql.h"

#include <stdbool.h>
#include <stdint.h>

struct jx_store;

/* One stored indicator with the identity of its form (for summaries and
 * the year-over-year comparison). */
struct store_indicator {
	long long form_id;
	int year;
	const char *department, *implementer, *project; /* as printed */
	const char *key;      /* 主管部门 \x1f 实施单位 \x1f 项目名称, normalised */
	const char *file;
	unsigned long line;   /* the indicator's line */
	const char *level1, *level2, *name;
	const char *target, *actual;           /* as printed */
	const char *target_norm, *actual_norm; /* what the value parser reads */
	bool has_weight, has_declared, scored;
	int64_t weight_c, declared_c, score_c;
	const char *method;
	bool reverse;
};

typedef int store_indicator_fn(const struct store_indicator *in, void *userdata);

struct store_backend {
	const char *name;
	bool (*open)(struct jx_store *st, const char *path, bool create);
	void (*close)(struct jx_store *st);
	/* profile_text: the effective profile (jx_render_profile), to score again */
	bool (*begin)(struct jx_store *st, const char *file, const char *profile,
		      const char *profile_text);
	/* source: the form's fields, packed (store_pack); the form's JSON is
	 * derived from it when read (store_json_of_source).  A form this
	 * import stored already is not stored again (JX_PUT_DUPLICATE, the
	 * store's error says which line) */
	bool (*put_form)(struct jx_store *st, const struct jx_form *f, const struct jx_buf *source,
			 enum jx_put_result *result);
	/* form_id 0: the form of this import with the finding's file and
	 * project whose title is at or before its line (none: the import's) */
	bool (*put_finding)(struct jx_store *st, const struct jx_diag *d, long long form_id);
	/* drop the findings whose check id starts with `prefix` of the forms of
	 * `year` (only those matching a form of this import in `key_year`, if set) */
	bool (*drop_findings)(struct jx_store *st, int year, int key_year, const char *prefix);
	bool (*commit)(struct jx_store *st);
	void (*rollback)(struct jx_store *st);
	bool (*list)(struct jx_store *st, const struct jx_store_query *q, jx_store_form_fn *fn,
		     void *ud);
	bool (*findings)(struct jx_store *st, long long form_id, jx_diag_fn *fn, void *ud);
	/* the form's JSON: as stored by a version before schema 5, else
	 * derived (store_json_of_source) */
	bool (*form_json)(struct jx_store *st, long long form_id, struct jx_buf *b);
	/* the form's fields (unpacked; a database of schema 2: its canonical
	 * text) and its import's profile text ("" if none) */
	bool (*form_source)(struct jx_store *st, long long form_id, struct jx_buf *source,
			    struct jx_buf *profile);
	bool (*history_count)(struct jx_store *st, unsigned long *n);
	bool (*versions)(struct jx_store *st, long long form_id, jx_store_version_fn *fn, void *ud);
	void (*set_busy)(struct jx_store *st, int ms);
	/* year 0: every year; key_year != 0: only forms whose identity matches a
	 * form of the current import in key_year; in (year, file, line) order,
	 * a form's rows together */
	bool (*indicators)(struct jx_store *st, int year, int key_year, store_indicator_fn *fn,
			   void *ud);
	/* one read snapshot for several queries; end it with snapshot(st, false) */
	bool (*snapshot)(struct jx_store *st, bool on);
	bool (*years)(struct jx_store *st, int *years, size_t *n);
	/* the sums kept over every year for one dimension ("all", "unit",
	 * "year", "grade", "rate", "score", "source"), in key order: rate
	 * and score keys are their bands "1".."6" and "-" (none), source
	 * keys fund_id()'s; the backend keeps them up to date on every write */
	bool (*tallies)(struct jx_store *st, const char *dim, jx_summary_group_fn *fn, void *ud);

	/* a consistent copy of the store into a new file at path */
	bool (*backup)(struct jx_store *st, const char *path);
	/* a finding of a stored form made after its import (workflow.c: a
	 * 复核's), counted in the tallies; inside the caller's transaction */
	bool (*put_form_finding)(struct jx_store *st, long long form_id, const struct jx_diag *d);
	/* hold form_id against other writers of it until the caller's
	 * transaction ends (a review against a save of the same form); NULL
	 * where a write transaction holds the whole database (SQLite) */
	bool (*lock_form)(struct jx_store *st, long long form_id);
	/* whether the connection still works (NULL: always) */
	bool (*alive)(const struct jx_store *st);

	/* statements of the portable dialect (sql.h), for the code written
	 * once for every backend.  prepare keeps the statement for the next
	 * call with the same text (sql is a string literal: its address is
	 * the key); step ends a statement at SQL_DONE or SQL_ERROR (reset,
	 * bindings cleared), reset ends one early. */
	struct sql_stmt *(*sql_prepare)(struct jx_store *st, const char *sql, const char *what);
	bool (*sql_bind)(struct jx_store *st, struct sql_stmt *s, const struct sql_arg *args,
			 size_t n, const char *what);
	int (*sql_step)(struct jx_store *st, struct sql_stmt *s, const char *what);
	const char *(*sql_text)(struct sql_stmt *s, int i);
	int64_t (*sql_int)(struct sql_stmt *s, int i);
	void (*sql_reset)(struct jx_store *st, struct sql_stmt *s);
	bool (*sql_tx)(struct jx_store *st, enum sql_tx what);
};

/* How long a writer waits for another's lock by default: imports of a
 * large file hold it while they read, score and audit. */
enum { STORE_BUSY_MS = 10 * 60 * 1000 };

struct jx_store {
	const struct store_backend *be;
	void *impl;
	bool in_import;
	bool in_snapshot; /* between jx_store_snapshot(true) and (false) */
	/* the stored profile text last parsed, and it (store_json_of_source) */
	char *profile_text;
	struct jx_profile *profile;
	long long last_form_id; /* set by put_form: the id it gave the form (0: none) */
	long long last_replaced_id; /* and the id of the form it replaced (0: none) */
	long long last_replaced_version; /* and that version's import (0: none) */
	long long scope; /* jx_store_set_scope: lists limited to this account's forms (0: none) */
	int busy_ms;     /* how long a write waits for another's lock (jx_store_set_busy_timeout) */
	char err[512];
};

extern const struct store_backend store_sqlite;
/* pg.c: a postgresql:// or postgres:// address (libpq's URI). */
extern const struct store_backend store_pg;

/* The comparison of compare.c.  key_year != 0 (inside an import): only the
 * projects of this import's forms of key_year, and the findings are also
 * stored. */
bool store_compare(struct jx_store *st, struct jx_ctx *ctx, const struct jx_profile *profile,
		   int year1, int year2, int key_year, unsigned long *matched);

/* A form's source as every backend stores it (pack.c): its fields text,
 * compressed by zstd (rows of schema 6: by zlib).  store_unpack appends the text to out; false for bytes that
 * are not a packed source (or pass out's limit). */
bool store_pack(const char *text, size_t n, struct jx_buf *out);
bool store_unpack(const void *packed, size_t n, struct jx_buf *out);

/* A stored form's JSON from its fields and its import's profile text:
 * read back, scored and rendered as the import did (the database keeps
 * no JSON of its own since schema 5).  Appends to out; false with the
 * store's error set when the fields do not read back. */
bool store_json_of_source(struct jx_store *st, const char *fields, size_t n, const char *profile,
			  struct jx_buf *out);

/* The profile of a stored profile text (imports.profile_text; "" the
 * national), parsed once per connection and text; NULL with the store's
 * error set when it does not parse. */
const struct jx_profile *store_profile_of_text(struct jx_store *st, const char *text);

/* Printable UTF-8 of 1..max bytes: no control characters (C0, C1) nor
 * bidirectional overrides (a name shown on pages and in the log). */
bool store_text_valid(const char *s, size_t max);

/* Set the store's error message (printf-style, Chinese); returns false. */
bool store_fail(struct jx_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
