/*
 * sql.h: statements of the portable dialect, for what is written once for
 * every backend (accounts.c, auditlog.c) instead of once per backend.
 *
 * The dialect is the part of SQL that SQLite and PostgreSQL run alike:
 * placeholders $1..$N (SQLite binds them by name, so their order in the
 * text does not matter), INSERT … ON CONFLICT, RETURNING, COALESCE; a
 * parameter only tested for NULL is cast (CAST($1 AS TEXT) IS NULL:
 * PostgreSQL infers no type from IS NULL alone); no
 * AUTOINCREMENT, strftime, INSERT OR REPLACE, json_group_array or
 * sqlite_schema.  Times are bound by the caller (C's clock, UTC), never
 * the database's.  Tables themselves are made by each backend's own
 * migrations (the types and the row ids differ).
 *
 * A backend provides the primitives in struct store_backend (store.h);
 * these helpers bind, step and report through them.  Every function that
 * fails sets the store's error (store_fail: "<what>：<why>") and returns
 * false, NULL or SQL_ERROR.
 */
#ifndef JX_SQL_H
#define JX_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct jx_store;
struct sql_stmt; /* a backend's prepared statement, kept by it for reuse */

enum sql_kind { SQL_NULL, SQL_TEXT, SQL_INT, SQL_BLOB };

/* One bound value: $1 is args[0]. */
struct sql_arg {
	enum sql_kind kind;
	const char *text; /* SQL_TEXT, SQL_BLOB: must outlive the statement's use of it */
	int64_t i;        /* SQL_INT; SQL_BLOB: its length */
};

/* A text, NULL as SQL NULL; an integer. */
static inline struct sql_arg sql_arg_text(const char *s)
{
	return (struct sql_arg){.kind = s ? SQL_TEXT : SQL_NULL, .text = s};
}
#define SQL_T(s) sql_arg_text(s)
#define SQL_I(n) ((struct sql_arg){.kind = SQL_INT, .i = (int64_t)(n)})
/* Bytes (a packed source): SQLite's BLOB, PostgreSQL's bytea. */
#define SQL_B(p, n) ((struct sql_arg){.kind = SQL_BLOB, .text = (const char *)(p), .i = (int64_t)(n)})
/* The arguments of a call, as (array, count). */
#define SQL_ARGS(...)                                                                         \
	(const struct sql_arg[]){__VA_ARGS__},                                                \
		sizeof((const struct sql_arg[]){__VA_ARGS__}) / sizeof(struct sql_arg)
#define SQL_NONE NULL, 0

enum { SQL_ERROR = -1, SQL_DONE = 0, SQL_ROW = 1 };

/* A condition: account P (a placeholder's text, "$9") may see the form of
 * row F (a table's name or alias with the forms' key columns): P is 0, or
 * an enabled finance or admin account, or one whose scope holds the
 * form's unit (department: the unit's 主管部门 in the registry, else the
 * one the form prints).  jx_role_scoped's rule, in SQL. */
#define SQL_VISIBLE(P, F)                                                                        \
	"(" P " = 0 OR EXISTS (SELECT 1 FROM accounts c WHERE c.id = " P                         \
	" AND c.disabled = 0 AND c.role IN ('finance', 'admin'))"                                 \
	" OR EXISTS (SELECT 1 FROM account_scope a JOIN accounts c ON c.id = a.account_id"        \
	"  WHERE a.account_id = " P " AND c.disabled = 0 AND CASE WHEN c.role = 'department'"    \
	"  THEN a.key = COALESCE((SELECT u.key_department FROM units u"                           \
	"   WHERE u.key = " F ".key_implementer), " F ".key_department)"                         \
	"  ELSE a.key = " F ".key_implementer END))"

enum sql_tx { SQL_BEGIN, SQL_COMMIT, SQL_ROLLBACK };

/* Run a statement that returns no rows wanted (any it returns are passed
 * over).  what: the action, in Chinese, for the error message. */
bool sql_exec(struct jx_store *st, const char *what, const char *sql, const struct sql_arg *args,
	      size_t n);

/* Start a query; then sql_row() until it returns SQL_DONE or SQL_ERROR
 * (both end the statement), or sql_end() to leave it early. */
struct sql_stmt *sql_query(struct jx_store *st, const char *what, const char *sql,
			   const struct sql_arg *args, size_t n);
int sql_row(struct jx_store *st, struct sql_stmt *s, const char *what);
void sql_end(struct jx_store *st, struct sql_stmt *s);

/* Column i of the current row: its text (NULL for NULL; valid until the
 * next sql_row or sql_end), or its integer (0 for NULL). */
const char *sql_text(struct jx_store *st, struct sql_stmt *s, int i);
int64_t sql_int(struct jx_store *st, struct sql_stmt *s, int i);

/* The first column of a query's first row as an integer into *out
 * (*found false and *out untouched when there is no row). */
bool sql_int_of(struct jx_store *st, const char *what, const char *sql, const struct sql_arg *args,
		size_t n, int64_t *out, bool *found);

/* A write transaction (SQLite: BEGIN IMMEDIATE, so that two writers never
 * both read before either writes), its commit or its rollback.  A
 * rollback leaves the store's error as it was (the reason it rolled back). */
bool sql_tx(struct jx_store *st, enum sql_tx what);

/* Now in UTC as every table keeps it: 2026-12-04T02:10:00Z (times come
 * from C's clock, never the database's: the dialect has no common now). */
void sql_now(char out[32]);

#endif
