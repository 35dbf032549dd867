/*
 * sql.c: the helpers of sql.h over a backend's statement primitives
 * (store.h): bind, step, and the first column of a one-row query.
 */
#include "sql.h"
#include "store.h"

#include <time.h>

bool sql_exec(struct jx_store *st, const char *what, const char *sql, const struct sql_arg *args,
	      size_t n)
{
	struct sql_stmt *s = sql_query(st, what, sql, args, n);
	if (!s)
		return false;
	int rc;
	while ((rc = sql_row(st, s, what)) == SQL_ROW)
		;
	return rc == SQL_DONE;
}

struct sql_stmt *sql_query(struct jx_store *st, const char *what, const char *sql,
			   const struct sql_arg *args, size_t n)
{
	struct sql_stmt *s = st->be->sql_prepare(st, sql, what);
	if (!s || !st->be->sql_bind(st, s, args, n, what))
		return NULL;
	return s;
}

int sql_row(struct jx_store *st, struct sql_stmt *s, const char *what)
{
	return st->be->sql_step(st, s, what);
}

void sql_end(struct jx_store *st, struct sql_stmt *s)
{
	if (s)
		st->be->sql_reset(st, s);
}

const char *sql_text(struct jx_store *st, struct sql_stmt *s, int i)
{
	return st->be->sql_text(s, i);
}

int64_t sql_int(struct jx_store *st, struct sql_stmt *s, int i)
{
	return st->be->sql_int(s, i);
}

bool sql_int_of(struct jx_store *st, const char *what, const char *sql, const struct sql_arg *args,
		size_t n, int64_t *out, bool *found)
{
	struct sql_stmt *s = sql_query(st, what, sql, args, n);
	if (!s)
		return false;
	int rc = sql_row(st, s, what);
	*found = rc == SQL_ROW;
	if (rc == SQL_ROW) {
		*out = sql_int(st, s, 0);
		sql_end(st, s);
	}
	return rc != SQL_ERROR;
}

bool sql_tx(struct jx_store *st, enum sql_tx what)
{
	return st->be->sql_tx(st, what);
}

void sql_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
