/*
 * pg.c: the PostgreSQL backend of the store (store.h), for a bureau's
 * server where many reviewers write at once, through Debian's libpq.
 * jx_store_open gives it a postgresql:// (or postgres://) address.
 *
 * The schema is sqlite.c's at version SCHEMA_VERSION_PG, in PostgreSQL's
 * words: BIGINT GENERATED identities for SQLite's INTEGER PRIMARY KEY,
 * bytea for the packed sources, every text column COLLATE "C" so that
 * text sorts by its bytes as SQLite's BINARY does (the list's order, the
 * summaries' keys), whatever locale the database was created with.  A
 * new database gets the whole schema in one transaction; a later version
 * of it is a migration here as in sqlite.c.
 *
 * Differences from SQLite, and why:
 *  - the overview's sums are not kept in a tallies table: they are
 *    summed by GROUP BY when read (pg_tallies).  Kept sums are one row
 *    per key that every writer updates, which would make concurrent
 *    imports wait for each other (and deadlock), the opposite of why a
 *    bureau runs PostgreSQL;
 *  - a write of a form locks that form only (an advisory lock on its
 *    identity, and on its id when it replaces one; reviews take the id's
 *    too, lock_form), where SQLite takes the whole file: two saves of one
 *    form run one after the other, and the second sees the first's
 *    version (the editor's 409), while other forms are written at once;
 *  - times are bound by C (sql_now), never the server's clock.
 *
 * Statements are prepared once per connection (PQprepare, named by their
 * place in the cache) and run with text parameters (bytea as its hex
 * text); a statement's rows are fetched whole (PQexecPrepared) on its
 * first step.
 */
#include "store.h"
#include "arena.h"
#include "model.h"
#include "profile.h"
#include "score.h"
#include "text.h"

#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PG_KEPT = 160, PG_MAX_ARGS = 32, SCHEMA_VERSION_PG = 11 };

struct pg_stmt {
	char name[16];
	const char *sql;
	int nparams;
	/* the bound values, as text (NULL: SQL NULL) */
	char *values[PG_MAX_ARGS];
	char ints[PG_MAX_ARGS][24];
	char *owned[PG_MAX_ARGS]; /* bytea's hex texts, freed when the statement ends */
	PGresult *res; /* the rows of the run in progress, or NULL */
	int row, rows;
};

struct pg {
	PGconn *conn;
	int busy_ms;
	struct pg_stmt kept[PG_KEPT];
	int nkept;
	long long import_id;
	struct { /* the form last stored by this import (id 0: none) */
		long long id;
		unsigned long line;
		char *file, *project;
	} last;
};

static struct pg *PG(struct jx_store *st)
{
	return st->impl;
}

static void forget_last(struct pg *p)
{
	free(p->last.file);
	free(p->last.project);
	memset(&p->last, 0, sizeof p->last);
}

/* The server's reason in Chinese where it is one a user can act on (its
 * SQLSTATE), else its own message. */
static bool pg_fail(struct jx_store *st, const char *what, const PGresult *r)
{
	struct pg *p = PG(st);
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state && !strcmp(state, "55P03"))
		return store_fail(st, "%s：数据库正被另一个写入占用，等待 %d 秒后仍未释放", what,
				  p->busy_ms / 1000);
	if (state && (!strcmp(state, "40P01") || !strcmp(state, "40001")))
		return store_fail(st, "%s：与同时进行的另一次写入互相等待（两次导入以不同的顺序写同样的表），本次未存入，请重试",
				  what);
	if (state && !strcmp(state, "23505"))
		return store_fail(st, "%s：同一张表正被另一次写入同时存入，请重试", what);
	if (state && (!strcmp(state, "53100") || !strcmp(state, "53000")))
		return store_fail(st, "%s：数据库服务器磁盘已满", what);
	if (state && !strcmp(state, "25006"))
		return store_fail(st, "%s：数据库只读", what);
	if (r && p && p->conn && PQstatus(p->conn) == CONNECTION_BAD)
		return store_fail(st, "%s：与 PostgreSQL 的连接已断开", what);
	const char *msg = r ? PQresultErrorMessage(r) : p && p->conn ? PQerrorMessage(p->conn) : "无法分配内存";
	char clean[400];
	snprintf(clean, sizeof clean, "%s", msg ? msg : "");
	size_t n = strlen(clean);
	while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
		clean[--n] = '\0';
	return store_fail(st, "%s：%s", what, clean);
}

/* The number of $N placeholders a statement takes (the highest N), and
 * which it uses: one it skips (the dialect allows it, sqlite.c binds by
 * name) is given the type text, as the server cannot infer one. */
static int placeholders(const char *sql, bool used[PG_MAX_ARGS + 1])
{
	int max = 0;
	memset(used, 0, (PG_MAX_ARGS + 1) * sizeof used[0]);
	for (const char *s = sql; (s = strchr(s, '$')); s++) {
		int n = atoi(s + 1);
		if (n > max)
			max = n;
		if (n > 0 && n <= PG_MAX_ARGS)
			used[n] = true;
	}
	return max;
}

static bool exec_plain(struct jx_store *st, const char *sql, const char *what)
{
	PGresult *r = PQexec(PG(st)->conn, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		pg_fail(st, what, r);
	PQclear(r);
	return ok;
}

/* Text compared and sorted by its bytes (SQLite's BINARY). */
#define T "TEXT COLLATE \"C\""
#define ID "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
#define APPEND_ONLY(table)                                                                         \
	"CREATE TRIGGER " table "_append_only BEFORE UPDATE OR DELETE ON " table                  \
	" FOR EACH ROW EXECUTE FUNCTION jixiao_append_only();"

/* sqlite.c's schema at SCHEMA_VERSION_PG (its migrations 1 to 11 as they
 * end), in parts run in order inside one transaction. */
static const char *const pg_schema[] = {
	"CREATE TABLE meta (key " T " PRIMARY KEY, value " T " NOT NULL);"
	"CREATE TABLE imports (id " ID ", file " T " NOT NULL, profile " T " NOT NULL,"
	" imported_at " T " NOT NULL, profile_text " T ");"
	"CREATE TABLE forms (id " ID ", import_id BIGINT NOT NULL REFERENCES imports(id),"
	" year INTEGER NOT NULL,"
	" key_department " T " NOT NULL, key_implementer " T " NOT NULL, key_project " T " NOT NULL,"
	" department " T " NOT NULL, implementer " T " NOT NULL, project " T " NOT NULL,"
	" project_code " T ", file " T " NOT NULL, line BIGINT NOT NULL, layout " T " NOT NULL,"
	" profile " T " NOT NULL, budget_fen BIGINT, executed_fen BIGINT,"
	" exec_score_c BIGINT NOT NULL, declared_total_c BIGINT,"
	" sum_c BIGINT NOT NULL, total_c BIGINT NOT NULL, capped INTEGER NOT NULL,"
	" grade " T " NOT NULL, json " T " NOT NULL, source BYTEA,"
	" UNIQUE (year, key_department, key_implementer, key_project));"
	"CREATE TABLE funds (form_id BIGINT NOT NULL REFERENCES forms(id) ON DELETE CASCADE,"
	" kind " T " NOT NULL, line BIGINT NOT NULL, initial_fen BIGINT, budget_fen BIGINT,"
	" executed_fen BIGINT, declared_rate " T ", PRIMARY KEY (form_id, kind));"
	"CREATE TABLE indicators (form_id BIGINT NOT NULL REFERENCES forms(id) ON DELETE CASCADE,"
	" seq INTEGER NOT NULL, line BIGINT NOT NULL,"
	" level1 " T " NOT NULL, level2 " T " NOT NULL, name " T " NOT NULL,"
	" op " T ", target " T " NOT NULL, unit " T ", actual " T " NOT NULL,"
	" target_norm " T " NOT NULL, actual_norm " T " NOT NULL,"
	" weight_c BIGINT, declared_c BIGINT, score_c BIGINT,"
	" method " T " NOT NULL, reverse INTEGER NOT NULL, reason " T ","
	" PRIMARY KEY (form_id, seq));"
	"CREATE TABLE findings (id " ID ", import_id BIGINT NOT NULL REFERENCES imports(id),"
	" form_id BIGINT REFERENCES forms(id) ON DELETE CASCADE,"
	" check_id " T " NOT NULL, severity " T " NOT NULL, file " T " NOT NULL,"
	" line BIGINT NOT NULL, project " T " NOT NULL, message " T " NOT NULL);"
	"CREATE INDEX findings_form ON findings(form_id, severity);"
	"CREATE INDEX forms_import ON forms(import_id, file, project, line);"
	"CREATE INDEX forms_order ON forms(year, implementer, file, line);"
	"CREATE TABLE history (id " ID ", form_id BIGINT NOT NULL, import_id BIGINT NOT NULL,"
	" replaced_by BIGINT NOT NULL REFERENCES imports(id),"
	" year INTEGER NOT NULL, department " T " NOT NULL, implementer " T " NOT NULL,"
	" project " T " NOT NULL, json " T " NOT NULL, findings_json " T " NOT NULL,"
	" replaced_at " T " NOT NULL, key_department " T ", key_implementer " T ","
	" key_project " T ", source BYTEA);"
	"CREATE INDEX history_key ON history(year, key_project, key_implementer, key_department);",
	/* what one form adds to the overview's sums (sqlite.c's form_adds) */
	"CREATE VIEW form_adds AS SELECT id, implementer, CAST(year AS TEXT) COLLATE \"C\" AS year, grade,"
	" CASE WHEN m = 0 OR budget_fen <= 0 THEN '-'"
	"  WHEN executed_fen::numeric * 10 < budget_fen::numeric * 6 THEN '1'"
	"  WHEN executed_fen::numeric * 10 < budget_fen::numeric * 8 THEN '2'"
	"  WHEN executed_fen::numeric * 10 < budget_fen::numeric * 9 THEN '3'"
	"  WHEN executed_fen < budget_fen THEN '4' WHEN executed_fen = budget_fen THEN '5' ELSE '6' END"
	"  COLLATE \"C\" AS rate,"
	" CASE WHEN grade = '' THEN '-' WHEN total_c < 6000 THEN '1' WHEN total_c < 7000 THEN '2'"
	"  WHEN total_c < 8000 THEN '3' WHEN total_c < 9000 THEN '4' ELSE '5' END COLLATE \"C\" AS score,"
	" 1 AS forms, m AS money,"
	" CASE WHEN m = 1 THEN budget_fen ELSE 0 END AS budget_fen,"
	" CASE WHEN m = 1 THEN executed_fen ELSE 0 END AS executed_fen,"
	" CASE WHEN m = 1 AND budget_fen > 0 AND executed_fen::numeric * 10 < budget_fen::numeric * 9"
	"  THEN 1 ELSE 0 END AS below_90,"
	" CASE WHEN declared_total_c IS NULL THEN 0 ELSE 1 END AS declared,"
	" coalesce(declared_total_c, 0) AS declared_total_c,"
	" CASE WHEN declared_total_c IS NULL THEN 0 ELSE total_c END AS rescored_total_c,"
	" (SELECT count(*) FROM findings WHERE form_id = f.id AND severity = 'info') AS info,"
	" (SELECT count(*) FROM findings WHERE form_id = f.id AND severity = 'warning') AS warning,"
	" (SELECT count(*) FROM findings WHERE form_id = f.id AND severity = 'error') AS error"
	" FROM (SELECT *, CASE WHEN budget_fen IS NOT NULL AND executed_fen IS NOT NULL THEN 1 ELSE 0 END"
	"  AS m FROM forms) f;",
	/* migrations 8 to 11: the registry, accounts, sessions, the audit log,
	 * the workflow's records and tasks; what is appended is never changed */
	"CREATE TABLE units (key " T " PRIMARY KEY, name " T " NOT NULL, department " T " NOT NULL,"
	" key_department " T " NOT NULL, code " T ");"
	"CREATE INDEX units_department ON units(key_department, key);"
	"CREATE TABLE accounts (id " ID ", login " T " NOT NULL UNIQUE, name " T " NOT NULL,"
	" role " T " NOT NULL, password " T " NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,"
	" created " T " NOT NULL, failures INTEGER NOT NULL DEFAULT 0, failed_at BIGINT NOT NULL DEFAULT 0);"
	"CREATE TABLE account_scope (account_id BIGINT NOT NULL REFERENCES accounts(id),"
	" key " T " NOT NULL, name " T " NOT NULL, PRIMARY KEY (account_id, key));"
	"CREATE TABLE sessions (id " T " PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts(id),"
	" csrf " T " NOT NULL, created BIGINT NOT NULL, seen BIGINT NOT NULL, address " T " NOT NULL);"
	"CREATE INDEX sessions_account ON sessions(account_id);"
	"CREATE TABLE audit_log (id " ID ", at " T " NOT NULL, login " T " NOT NULL,"
	" role " T " NOT NULL, address " T " NOT NULL, action " T " NOT NULL, form_id BIGINT,"
	" detail " T ", before " T ", after " T ");"
	"CREATE INDEX audit_log_form ON audit_log(form_id, id);"
	"CREATE OR REPLACE FUNCTION jixiao_append_only() RETURNS trigger AS $$"
	" BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql;"
	APPEND_ONLY("audit_log")
	"CREATE TABLE reviews (id " ID ", form_id BIGINT NOT NULL, version BIGINT NOT NULL,"
	" action " T " NOT NULL, from_state " T " NOT NULL, to_state " T " NOT NULL, at " T " NOT NULL,"
	" account_id BIGINT, login " T " NOT NULL, role " T " NOT NULL, opinion " T ", basis " T ","
	" conclusion " T ", reason " T ", findings " T ", score_c BIGINT, scores " T ");"
	"CREATE INDEX reviews_form ON reviews(form_id, version, id);" APPEND_ONLY("reviews")
	"CREATE TABLE dispositions (id " ID ", form_id BIGINT NOT NULL, version BIGINT NOT NULL,"
	" finding_id BIGINT NOT NULL, status " T " NOT NULL, reason " T ", at " T " NOT NULL,"
	" login " T " NOT NULL, role " T " NOT NULL);"
	"CREATE INDEX dispositions_finding ON dispositions(form_id, version, finding_id, id);"
	APPEND_ONLY("dispositions")
	"CREATE TABLE tasks (id " ID ", year INTEGER NOT NULL, title " T " NOT NULL,"
	" deadline " T " NOT NULL, created " T " NOT NULL, login " T " NOT NULL);"
	"CREATE TABLE task_units (task_id BIGINT NOT NULL REFERENCES tasks(id), key " T " NOT NULL,"
	" name " T " NOT NULL, PRIMARY KEY (task_id, key));",
};

/* The schema's version: 0 for a database with no tables, -1 for one that
 * is not jixiao's (tables but no meta), -2 when it could not be read. */
static int pg_version(struct jx_store *st)
{
	PGresult *r = PQexec(PG(st)->conn,
			     "SELECT to_regclass('meta') IS NOT NULL,"
			     " (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())");
	int v = -2;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		pg_fail(st, "无法读取数据库", r);
	} else if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
		v = atoi(PQgetvalue(r, 0, 1)) == 0 ? 0 : -1;
	} else {
		PQclear(r);
		r = PQexec(PG(st)->conn, "SELECT value FROM meta WHERE key = 'schema_version'");
		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			pg_fail(st, "无法读取数据库", r);
		else if (PQntuples(r) == 1 && atoi(PQgetvalue(r, 0, 0)) > 0)
			v = atoi(PQgetvalue(r, 0, 0));
		else
			v = -1;
	}
	PQclear(r);
	return v;
}

static bool not_ours(struct jx_store *st)
{
	return store_fail(st, "这不是 jixiao 的数据库（有别的表，或没有有效的结构版本），不作改动");
}

/* Create the schema in an empty database, under a lock so that two
 * servers starting at once do not both create it. */
static bool pg_create(struct jx_store *st)
{
	if (!exec_plain(st, "BEGIN; SELECT pg_advisory_xact_lock(7254)", "无法开始建立数据库结构"))
		return false;
	int v = pg_version(st);
	bool ok = v >= 0;
	if (v == 0) {
		for (size_t i = 0; ok && i < sizeof pg_schema / sizeof pg_schema[0]; i++)
			ok = exec_plain(st, pg_schema[i], "建立数据库结构失败");
		char sql[96];
		snprintf(sql, sizeof sql, "INSERT INTO meta VALUES ('schema_version', '%d')", SCHEMA_VERSION_PG);
		ok = ok && exec_plain(st, sql, "建立数据库结构失败");
	}
	if (ok)
		return exec_plain(st, "COMMIT", "提交数据库结构失败");
	char keep[sizeof st->err];
	memcpy(keep, st->err, sizeof keep);
	exec_plain(st, "ROLLBACK", "回滚");
	memcpy(st->err, keep, sizeof keep);
	return v == -1 ? not_ours(st) : false;
}

static bool pg_open(struct jx_store *st, const char *conninfo, bool create)
{
	struct pg *p = xcalloc(1, sizeof *p);
	st->impl = p;
	p->busy_ms = STORE_BUSY_MS;
	p->conn = PQconnectdb(conninfo);
	if (!p->conn || PQstatus(p->conn) != CONNECTION_OK)
		return pg_fail(st, "无法连接 PostgreSQL", NULL);
	if (!exec_plain(st, "SET client_min_messages = warning; SET client_encoding = 'UTF8'",
			"无法连接 PostgreSQL"))
		return false;
	int v = pg_version(st);
	if (v == -2)
		return false;
	if (v == -1)
		return not_ours(st);
	if (v == 0 && !create)
		return store_fail(st, "数据库是空的：先用 jixiao import 导入自评表");
	if (v == 0 && !pg_create(st))
		return false;
	if (v > SCHEMA_VERSION_PG)
		return store_fail(st, "数据库的结构版本为 %d，本程序只认识到 %d：请使用更新版本的 jixiao", v,
				  SCHEMA_VERSION_PG);
	if (v > 0 && v < SCHEMA_VERSION_PG)
		return not_ours(st); /* PostgreSQL databases begin at SCHEMA_VERSION_PG */
	char sql[64];
	snprintf(sql, sizeof sql, "SET lock_timeout = %d", p->busy_ms);
	return exec_plain(st, sql, "无法连接 PostgreSQL");
}

static void stmt_clear(struct pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = s->rows = 0;
	for (int i = 0; i < PG_MAX_ARGS; i++) {
		free(s->owned[i]);
		s->owned[i] = NULL;
	}
	memset(s->values, 0, sizeof s->values);
}

static void pg_close(struct jx_store *st)
{
	struct pg *p = PG(st);
	if (!p)
		return;
	for (int i = 0; i < p->nkept; i++)
		stmt_clear(&p->kept[i]);
	PQfinish(p->conn);
	forget_last(p);
	free(p);
	st->impl = NULL;
}

/* ---- statements of the portable dialect ------------------------------------------------ */

static struct sql_stmt *pg_sql_prepare(struct jx_store *st, const char *sql, const char *what)
{
	struct pg *p = PG(st);
	for (int i = 0; i < p->nkept; i++)
		if (p->kept[i].sql == sql)
			return (struct sql_stmt *)&p->kept[i];
	if (p->nkept == PG_KEPT) {
		store_fail(st, "%s：语句太多（%d）", what, PG_KEPT);
		return NULL;
	}
	struct pg_stmt *s = &p->kept[p->nkept];
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "jx%d", p->nkept);
	bool used[PG_MAX_ARGS + 1];
	s->nparams = placeholders(sql, used);
	if (s->nparams > PG_MAX_ARGS) {
		store_fail(st, "%s：参数太多", what);
		return NULL;
	}
	/* untyped parameters (0): the server infers each from its use */
	Oid types[PG_MAX_ARGS];
	for (int i = 0; i < s->nparams; i++)
		types[i] = used[i + 1] ? 0 : 25 /* text */;
	PGresult *r = PQprepare(p->conn, s->name, sql, s->nparams, types);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		pg_fail(st, what, r);
	PQclear(r);
	if (!ok)
		return NULL;
	s->sql = sql;
	p->nkept++;
	return (struct sql_stmt *)s;
}

/* bytea's hex input form: \x and two digits a byte. */
static char *hex_of(const char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *h = xmalloc(2 * n + 3), *o = h;
	*o++ = '\\';
	*o++ = 'x';
	for (size_t i = 0; i < n; i++) {
		*o++ = digits[(unsigned char)p[i] >> 4];
		*o++ = digits[(unsigned char)p[i] & 15];
	}
	*o = '\0';
	return h;
}

static bool pg_sql_bind(struct jx_store *st, struct sql_stmt *ss, const struct sql_arg *a, size_t n,
			const char *what)
{
	struct pg_stmt *s = (struct pg_stmt *)ss;
	stmt_clear(s);
	if ((int)n < s->nparams)
		return store_fail(st, "%s：缺少参数", what);
	for (int i = 0; i < s->nparams; i++) {
		if (a[i].kind == SQL_TEXT) {
			s->values[i] = (char *)a[i].text;
		} else if (a[i].kind == SQL_INT) {
			snprintf(s->ints[i], sizeof s->ints[i], "%lld", (long long)a[i].i);
			s->values[i] = s->ints[i];
		} else if (a[i].kind == SQL_BLOB) {
			s->values[i] = s->owned[i] = hex_of(a[i].text, (size_t)a[i].i);
		}
	}
	return true;
}

static int pg_sql_step(struct jx_store *st, struct sql_stmt *ss, const char *what)
{
	struct pg_stmt *s = (struct pg_stmt *)ss;
	if (!s->res) {
		s->res = PQexecPrepared(PG(st)->conn, s->name, s->nparams, (const char *const *)s->values, NULL,
					NULL, 0);
		ExecStatusType t = PQresultStatus(s->res);
		if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
			pg_fail(st, what, s->res);
			stmt_clear(s);
			return SQL_ERROR;
		}
		s->rows = t == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
		s->row = -1;
	}
	if (++s->row < s->rows)
		return SQL_ROW;
	stmt_clear(s);
	return SQL_DONE;
}

static const char *pg_sql_text(struct sql_stmt *ss, int i)
{
	struct pg_stmt *s = (struct pg_stmt *)ss;
	if (!s->res || s->row < 0 || s->row >= s->rows || PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

static int64_t pg_sql_int(struct sql_stmt *ss, int i)
{
	const char *t = pg_sql_text(ss, i);
	return t ? strtoll(t, NULL, 10) : 0;
}

static void pg_sql_reset(struct jx_store *st, struct sql_stmt *ss)
{
	(void)st;
	stmt_clear((struct pg_stmt *)ss);
}

static bool pg_sql_tx(struct jx_store *st, enum sql_tx what)
{
	if (what == SQL_ROLLBACK) {
		PGresult *r = PQexec(PG(st)->conn, "ROLLBACK");
		PQclear(r);
		return true;
	}
	return exec_plain(st, what == SQL_BEGIN ? "BEGIN" : "COMMIT", what == SQL_BEGIN ? "无法开始写入" : "提交失败");
}

static void pg_set_busy(struct jx_store *st, int ms)
{
	PG(st)->busy_ms = ms;
	char sql[64];
	snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms);
	PGresult *r = PQexec(PG(st)->conn, sql);
	PQclear(r);
}

/* Take a form's lock until the transaction ends (store.h). */
static bool pg_lock_form(struct jx_store *st, long long form_id)
{
	return sql_exec(st, "锁定自评表失败", "SELECT pg_advisory_xact_lock($1)", SQL_ARGS(SQL_I(form_id)));
}

static bool pg_alive(const struct jx_store *st)
{
	const struct pg *p = st->impl;
	return p && p->conn && PQstatus(p->conn) == CONNECTION_OK;
}

/* ---- column helpers ------------------------------------------------------------------- */

/* A column's text, "" for NULL (sqlite.c's col_text). */
static const char *col(struct jx_store *st, struct sql_stmt *s, int i)
{
	const char *t = sql_text(st, s, i);
	return t ? t : "";
}

static bool is_null(struct jx_store *st, struct sql_stmt *s, int i)
{
	return sql_text(st, s, i) == NULL;
}

static struct sql_arg money_arg(const struct money *m)
{
	return m->n.state == NUM_OK ? SQL_I(m->fen) : SQL_T(NULL);
}

static struct sql_arg centi_arg(const struct num *n)
{
	int64_t c;
	return num_centi(n, &c) ? SQL_I(c) : SQL_T(NULL);
}

/* A cell's text, or NULL when the cell is not on the form. */
static const char *cell_or_null(const struct cell *c)
{
	return c->col ? c->raw : NULL;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A stored source: bytea in its hex output form, unpacked into out. */
static bool source_text(struct jx_store *st, struct sql_stmt *s, int i, struct jx_buf *out)
{
	const char *h = sql_text(st, s, i);
	if (!h)
		return true;
	size_t n = strlen(h);
	if (n < 2 || h[0] != '\\' || h[1] != 'x' || n % 2)
		return store_fail(st, "数据库中的表原文已损坏（不是 bytea 的十六进制形式）");
	size_t len = (n - 2) / 2;
	unsigned char *bytes = xmalloc(len ? len : 1);
	bool ok = true;
	for (size_t k = 0; ok && k < len; k++) {
		int hi = hexval(h[2 + 2 * k]), lo = hexval(h[3 + 2 * k]);
		ok = hi >= 0 && lo >= 0;
		bytes[k] = (unsigned char)(hi << 4 | lo);
	}
	ok = ok && store_unpack(bytes, len, out);
	free(bytes);
	return ok || store_fail(st, "数据库中的表原文已损坏（无法解压）");
}

/* The JSON of a row: columns ij (json), ij + 1 (source), ij + 2 (profile
 * text); the json column is '' for every row this backend writes. */
static bool row_json(struct jx_store *st, struct sql_stmt *s, int ij, struct jx_buf *out)
{
	const char *json = col(st, s, ij);
	if (*json)
		return jx_buf_puts(out, json), true;
	struct jx_buf fields;
	jx_buf_init(&fields, 0);
	bool ok = source_text(st, s, ij + 1, &fields) && fields.n &&
		  store_json_of_source(st, fields.p, fields.n, col(st, s, ij + 2), out);
	if (ok || !st->err[0])
		ok = ok || store_fail(st, "数据库中的这张表没有原文");
	jx_buf_release(&fields);
	return ok;
}

/* ---- writing -------------------------------------------------------------------------- */

static bool pg_begin(struct jx_store *st, const char *file, const char *profile, const char *profile_text)
{
	struct pg *p = PG(st);
	char now[32];
	sql_now(now);
	int64_t id = 0;
	bool found = false;
	if (!sql_tx(st, SQL_BEGIN))
		return false;
	if (!sql_int_of(st, "记录导入失败",
			"INSERT INTO imports (file, profile, profile_text, imported_at) VALUES ($1, $2, $3, $4)"
			" RETURNING id",
			SQL_ARGS(SQL_T(file), SQL_T(profile), SQL_T(profile_text), SQL_T(now)), &id, &found) ||
	    !found) {
		sql_tx(st, SQL_ROLLBACK);
		return false;
	}
	p->import_id = id;
	forget_last(p);
	return true;
}

static bool pg_commit(struct jx_store *st)
{
	forget_last(PG(st));
	return sql_tx(st, SQL_COMMIT);
}

static void pg_rollback(struct jx_store *st)
{
	forget_last(PG(st));
	sql_tx(st, SQL_ROLLBACK);
}

static bool put_funds(struct jx_store *st, long long id, const struct jx_form *f)
{
	for (int k = 0; k < FUND__COUNT; k++) {
		const struct fund_row *r = &f->funds[k];
		if (!r->present)
			continue;
		char rate[48];
		const char *rt = NULL;
		if (r->rate.state == NUM_OK) {
			dec_format(r->rate.v, rate, sizeof rate);
			rt = rate;
		}
		if (!sql_exec(st, "写入资金行失败",
			      "INSERT INTO funds (form_id, kind, line, initial_fen, budget_fen, executed_fen,"
			      " declared_rate) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			      SQL_ARGS(SQL_I(id), SQL_T(fund_id((enum fund_kind)k)), SQL_I(r->line),
				       money_arg(&r->initial), money_arg(&r->budget), money_arg(&r->executed),
				       SQL_T(rt))))
			return false;
	}
	return true;
}

static bool put_indicators(struct jx_store *st, long long id, const struct jx_form *f)
{
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		if (!sql_exec(st, "写入指标失败",
			      "INSERT INTO indicators (form_id, seq, line, level1, level2, name, op, target, unit,"
			      " actual, target_norm, actual_norm, weight_c, declared_c, score_c, method, reverse,"
			      " reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
			      " $16, $17, $18)",
			      SQL_ARGS(SQL_I(id), SQL_I(i), SQL_I(in->line), SQL_T(in->level1), SQL_T(in->level2),
				       SQL_T(in->name.raw), SQL_T(cell_or_null(&in->op_c)), SQL_T(in->target_c.raw),
				       SQL_T(cell_or_null(&in->unit_c)), SQL_T(in->actual_c.raw),
				       SQL_T(in->target.text ? in->target.text : ""),
				       SQL_T(in->actual.text ? in->actual.text : ""),
				       in->na ? SQL_I(0) : centi_arg(&in->weight), centi_arg(&in->declared),
				       in->scored ? SQL_I(in->score_c) : SQL_T(NULL), SQL_T(method_name(in->method)),
				       SQL_I(in->reverse), SQL_T(cell_or_null(&in->reason)))))
			return false;
	}
	return true;
}

/* A form's identity as one text, for its lock. */
static char *identity_of(const struct jx_form *f)
{
	size_t n = strlen(f->department.norm) + strlen(f->implementer.norm) + strlen(f->project.norm) + 32;
	char *k = xmalloc(n);
	snprintf(k, n, "%d\x1f%s\x1f%s\x1f%s", f->year, f->department.norm, f->implementer.norm,
		 f->project.norm);
	return k;
}

/* The form this one replaces (0: none), its import and line, under the
 * lock of its identity: a save of the same form elsewhere waits here for
 * that one's commit, then sees its version. */
static bool find_form(struct jx_store *st, const struct jx_form *f, long long *old, long long *old_import,
		      unsigned long *old_line)
{
	char *key = identity_of(f);
	bool ok = sql_exec(st, "锁定自评表失败", "SELECT pg_advisory_xact_lock(2, hashtext($1))",
			   SQL_ARGS(SQL_T(key)));
	free(key);
	struct sql_stmt *s = ok ? sql_query(st, "查找已存的表失败",
					    "SELECT id, import_id, line FROM forms WHERE year = $1"
					    " AND key_department = $2 AND key_implementer = $3 AND key_project = $4",
					    SQL_ARGS(SQL_I(f->year), SQL_T(f->department.norm),
						     SQL_T(f->implementer.norm), SQL_T(f->project.norm)))
				: NULL;
	if (!s)
		return false;
	int rc = sql_row(st, s, "查找已存的表失败");
	*old = *old_import = 0;
	*old_line = 0;
	if (rc == SQL_ROW) {
		*old = sql_int(st, s, 0);
		*old_import = sql_int(st, s, 1);
		*old_line = (unsigned long)sql_int(st, s, 2);
		sql_end(st, s);
	}
	return rc != SQL_ERROR && (!*old || pg_lock_form(st, *old));
}

static bool pg_put_form(struct jx_store *st, const struct jx_form *f, const struct jx_buf *source,
			enum jx_put_result *result)
{
	struct pg *p = PG(st);
	long long old, old_import;
	unsigned long old_line;
	if (!find_form(st, f, &old, &old_import, &old_line))
		return false;
	if (old && old_import == p->import_id) {
		*result = JX_PUT_DUPLICATE;
		store_fail(st, "这张表与第 %lu 行的表是同一张表（年度、主管部门、实施单位、项目名称都相同）",
			   old_line);
		return true;
	}
	*result = old ? JX_PUT_REPLACED : JX_PUT_ADDED;
	st->last_replaced_id = old;
	st->last_replaced_version = old ? old_import : 0;
	char now[32];
	sql_now(now);
	if (old && !(sql_exec(st, "把旧版本存入历史失败",
			      "INSERT INTO history (form_id, import_id, replaced_by, year, department, implementer,"
			      " project, json, findings_json, key_department, key_implementer, key_project, source,"
			      " replaced_at)"
			      " SELECT id, import_id, $2, year, department, implementer, project, json,"
			      " COALESCE((SELECT json_agg(json_build_object('id', check_id, 'severity', severity,"
			      "   'file', file, 'line', line, 'project', project, 'message', message) ORDER BY id)"
			      "  FROM findings WHERE form_id = $1)::text, '[]'),"
			      " key_department, key_implementer, key_project, source, $3 FROM forms WHERE id = $1",
			      SQL_ARGS(SQL_I(old), SQL_I(p->import_id), SQL_T(now))) &&
		      sql_exec(st, "删除旧版本失败", "DELETE FROM forms WHERE id = $1", SQL_ARGS(SQL_I(old)))))
		return false;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	int64_t id = 0;
	bool found = false;
	/* a new version keeps the form's id (its address /forms/ID); a new
	 * form gets the identity's next */
	if (!sql_int_of(st, "写入自评表失败",
			"INSERT INTO forms (import_id, year, key_department, key_implementer, key_project,"
			" department, implementer, project, project_code, file, line, layout, profile,"
			" budget_fen, executed_fen, exec_score_c, declared_total_c, sum_c, total_c, capped,"
			" grade, json, source, id)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
			" $18, $19, $20, $21, '', $22,"
			" COALESCE(CAST($23 AS BIGINT), nextval(pg_get_serial_sequence('forms', 'id'))))"
			" RETURNING id",
			SQL_ARGS(SQL_I(p->import_id), SQL_I(f->year), SQL_T(f->department.norm),
				 SQL_T(f->implementer.norm), SQL_T(f->project.norm), SQL_T(f->department.raw),
				 SQL_T(f->implementer.raw), SQL_T(f->project.raw),
				 SQL_T(cell_or_null(&f->project_code)), SQL_T(f->file ? f->file : ""),
				 SQL_I(f->line), SQL_T(jx_layout_name(f->layout)),
				 SQL_T(jx_profile_name(f->profile)), money_arg(&t->budget), money_arg(&t->executed),
				 SQL_I(f->exec_score_c), centi_arg(&f->total_declared), SQL_I(f->sum_c),
				 SQL_I(f->total_c), SQL_I(f->capped), SQL_T(f->grade ? f->grade : ""),
				 SQL_B(source->p, source->n), old ? SQL_I(old) : SQL_T(NULL)),
			&id, &found) ||
	    !found)
		return false;
	st->last_form_id = id;
	forget_last(p);
	p->last.id = id;
	p->last.line = f->line;
	p->last.file = xstrdup(f->file ? f->file : "");
	p->last.project = xstrdup(f->project.raw);
	return put_funds(st, id, f) && put_indicators(st, id, f);
}

static struct sql_arg *finding_args(const struct jx_diag *d, struct sql_arg a[6])
{
	a[0] = SQL_T(jx_check_name(d->check));
	a[1] = SQL_T(jx_severity_name(d->severity));
	a[2] = SQL_T(d->file);
	a[3] = SQL_I(d->line);
	a[4] = SQL_T(d->project);
	a[5] = SQL_T(d->message);
	return a;
}

static bool pg_put_finding(struct jx_store *st, const struct jx_diag *d, long long form)
{
	struct pg *p = PG(st);
	/* the form just stored, when the finding is of it (sqlite.c's reason) */
	if (!form && p->last.id && d->line >= p->last.line && !strcmp(d->project, p->last.project) &&
	    !strcmp(d->file, p->last.file))
		form = p->last.id;
	if (!form && *d->project) {
		int64_t id = 0;
		bool found = false;
		if (!sql_int_of(st, "查找审核发现的表失败",
				"SELECT id FROM forms WHERE import_id = $1 AND file = $2"
				" AND project = $3 AND line <= $4 ORDER BY line DESC LIMIT 1",
				SQL_ARGS(SQL_I(p->import_id), SQL_T(d->file), SQL_T(d->project), SQL_I(d->line)),
				&id, &found))
			return false;
		if (found)
			form = id;
	}
	struct sql_arg a[6];
	finding_args(d, a);
	return sql_exec(st, "写入审核发现失败",
			"INSERT INTO findings (import_id, form_id, check_id, severity, file, line, project,"
			" message) VALUES ($1, CAST($2 AS BIGINT), $3, $4, $5, $6, $7, $8)",
			SQL_ARGS(SQL_I(p->import_id), form ? SQL_I(form) : SQL_T(NULL), a[0], a[1], a[2], a[3],
				 a[4], a[5]));
}

static bool pg_put_form_finding(struct jx_store *st, long long form, const struct jx_diag *d)
{
	struct sql_arg a[6];
	finding_args(d, a);
	return sql_exec(st, "写入审核发现失败",
			"INSERT INTO findings (import_id, form_id, check_id, severity, file, line, project,"
			" message) SELECT import_id, id, $2, $3, $4, $5, $6, $7 FROM forms WHERE id = $1",
			SQL_ARGS(SQL_I(form), a[0], a[1], a[2], a[3], a[4], a[5]));
}

/* Forms whose identity matches a form of import $3 in year $4 (or all when $4 is 0). */
#define OF_THIS_IMPORT                                                                     \
	"($4 = 0 OR (key_department, key_implementer, key_project) IN"                     \
	" (SELECT key_department, key_implementer, key_project FROM forms"                  \
	"  WHERE import_id = $3 AND year = $4))"

static bool pg_drop_findings(struct jx_store *st, int year, int key_year, const char *prefix)
{
	return sql_exec(st, "删除旧的跨年度发现失败",
			"DELETE FROM findings WHERE substr(check_id, 1, length($2)) = $2"
			" AND form_id IN (SELECT id FROM forms WHERE year = $1 AND " OF_THIS_IMPORT ")",
			SQL_ARGS(SQL_I(year), SQL_T(prefix), SQL_I(PG(st)->import_id), SQL_I(key_year)));
}

/* ---- reading -------------------------------------------------------------------------- */

#define LIST_SQL(first)                                                                             \
	"SELECT id, year, department, implementer, project, file, line, budget_fen,"                 \
	" executed_fen, declared_total_c, total_c, grade, profile,"                                   \
	" (SELECT count(*) FROM findings WHERE form_id = forms.id AND severity = 'info'),"           \
	" (SELECT count(*) FROM findings WHERE form_id = forms.id AND severity = 'warning'),"        \
	" (SELECT count(*) FROM findings WHERE form_id = forms.id AND severity = 'error'),"          \
	" import_id, (SELECT to_state FROM reviews r WHERE r.form_id = forms.id"                      \
	"  AND r.version = forms.import_id ORDER BY r.id DESC LIMIT 1)"                               \
	" FROM forms WHERE " first " ($1 = 0 OR year = $1)"                                           \
	" AND (CAST($2 AS TEXT) IS NULL OR project = $2 OR ($5 = 1 AND strpos(project, $2) > 0))"   \
	" AND (CAST($3 AS TEXT) IS NULL OR implementer = $3 OR ($5 = 1 AND strpos(implementer, $3) > 0))" \
	" AND ($4 = 0 OR id = $4)"                                                                   \
	" AND (CAST($6 AS TEXT) IS NULL OR strpos(project, $6) > 0 OR strpos(implementer, $6) > 0"  \
	"  OR CAST(year AS TEXT) = $6 OR grade = $6)"                                                \
	" AND " SQL_VISIBLE("$9", "forms")                                                           \
	" ORDER BY year, implementer, file, line LIMIT $7 OFFSET $8"

static bool pg_list(struct jx_store *st, const struct jx_store_query *qq, jx_store_form_fn *fn, void *ud)
{
	static const char by_id[] = LIST_SQL("id = $4 AND"), all[] = LIST_SQL("");
	struct sql_stmt *s =
		sql_query(st, "查询失败", qq && qq->id ? by_id : all,
			  SQL_ARGS(SQL_I(qq ? qq->year : 0),
				   SQL_T(qq && qq->project && *qq->project ? qq->project : NULL),
				   SQL_T(qq && qq->unit && *qq->unit ? qq->unit : NULL), SQL_I(qq ? qq->id : 0),
				   SQL_I(qq && qq->contains), SQL_T(qq && qq->any && *qq->any ? qq->any : NULL),
				   qq && qq->limit ? SQL_I(qq->limit) : SQL_T(NULL), SQL_I(qq ? qq->offset : 0),
				   SQL_I(qq && qq->account ? qq->account : st->scope)));
	if (!s)
		return false;
	int rc;
	while ((rc = sql_row(st, s, "查询失败")) == SQL_ROW) {
		struct jx_store_form r = {0};
		r.id = sql_int(st, s, 0);
		r.s.year = (int)sql_int(st, s, 1);
		r.department = col(st, s, 2);
		r.s.implementer = col(st, s, 3);
		r.s.project = col(st, s, 4);
		r.s.file = col(st, s, 5);
		r.s.line = (unsigned long)sql_int(st, s, 6);
		r.s.has_budget = !is_null(st, s, 7);
		r.s.budget_fen = sql_int(st, s, 7);
		r.s.has_executed = !is_null(st, s, 8);
		r.s.executed_fen = sql_int(st, s, 8);
		r.s.has_declared_total = !is_null(st, s, 9);
		r.s.declared_total_c = sql_int(st, s, 9);
		r.s.score_total_c = sql_int(st, s, 10);
		r.s.grade = col(st, s, 11);
		r.profile = col(st, s, 12);
		r.version = sql_int(st, s, 16);
		const char *state = sql_text(st, s, 17);
		enum jx_state es = JX_STATE_DRAFT;
		if (state)
			jx_state_from_name(state, &es);
		r.state = (int)es;
		r.findings[JX_SEV_INFO] = (unsigned long)sql_int(st, s, 13);
		r.findings[JX_SEV_WARNING] = (unsigned long)sql_int(st, s, 14);
		r.findings[JX_SEV_ERROR] = (unsigned long)sql_int(st, s, 15);
		if (fn(&r, ud)) {
			sql_end(st, s);
			return true;
		}
	}
	return rc == SQL_DONE;
}

static bool pg_findings(struct jx_store *st, long long form_id, jx_diag_fn *fn, void *ud)
{
	struct sql_stmt *s = sql_query(st, "查询失败",
				       "SELECT check_id, severity, file, line, project, message FROM findings"
				       " WHERE form_id = $1 ORDER BY id",
				       SQL_ARGS(SQL_I(form_id)));
	if (!s)
		return false;
	int rc;
	while ((rc = sql_row(st, s, "查询失败")) == SQL_ROW) {
		struct jx_diag d = {0};
		if (!jx_check_from_name(col(st, s, 0), &d.check) ||
		    !jx_severity_from_name(col(st, s, 1), &d.severity))
			continue; /* a check this version does not know */
		d.file = col(st, s, 2);
		d.line = (unsigned long)sql_int(st, s, 3);
		d.project = col(st, s, 4);
		d.message = col(st, s, 5);
		fn(&d, ud);
	}
	return rc == SQL_DONE;
}

/* One form's row; a missing form names its id. */
static struct sql_stmt *form_row(struct jx_store *st, const char *sql, long long form_id)
{
	struct sql_stmt *s = sql_query(st, "查询失败", sql, SQL_ARGS(SQL_I(form_id)));
	int rc = s ? sql_row(st, s, "查询失败") : SQL_ERROR;
	if (rc == SQL_DONE)
		store_fail(st, "没有编号为 %lld 的表", form_id);
	return rc == SQL_ROW ? s : NULL;
}

static bool pg_form_json(struct jx_store *st, long long form_id, struct jx_buf *b)
{
	struct sql_stmt *s = form_row(st,
				      "SELECT f.json, f.source, i.profile_text FROM forms f JOIN imports i"
				      " ON i.id = f.import_id WHERE f.id = $1",
				      form_id);
	if (!s)
		return false;
	bool ok = row_json(st, s, 0, b);
	sql_end(st, s);
	return ok;
}

static bool pg_form_source(struct jx_store *st, long long form_id, struct jx_buf *source,
			   struct jx_buf *profile)
{
	struct sql_stmt *s = form_row(st,
				      "SELECT f.source, i.profile_text FROM forms f JOIN imports i"
				      " ON i.id = f.import_id WHERE f.id = $1",
				      form_id);
	if (!s)
		return false;
	bool ok = source_text(st, s, 0, source);
	jx_buf_puts(profile, col(st, s, 1));
	sql_end(st, s);
	return ok;
}

/* The form now, then the versions it replaced (by its normalised
 * identity: every history row here has one), newest first. */
static bool pg_versions(struct jx_store *st, long long form_id, jx_store_version_fn *fn, void *ud)
{
	struct sql_stmt *s = sql_query(
		st, "查询失败",
		"SELECT 0, i.imported_at, i.file, f.json, f.source, i.profile_text, 0 AS k FROM forms f"
		" JOIN imports i ON i.id = f.import_id WHERE f.id = $1"
		" UNION ALL"
		" SELECT h.id, i.imported_at, i.file, h.json, h.source, i.profile_text, 1 FROM forms f"
		" JOIN history h ON h.year = f.year AND h.key_project = f.key_project"
		"  AND h.key_implementer = f.key_implementer AND h.key_department = f.key_department"
		" JOIN imports i ON i.id = h.import_id WHERE f.id = $1"
		" ORDER BY k, 1 DESC",
		SQL_ARGS(SQL_I(form_id)));
	if (!s)
		return false;
	int rc;
	bool any = false, ok = true;
	struct jx_buf json;
	jx_buf_init(&json, 0);
	while ((rc = sql_row(st, s, "查询失败")) == SQL_ROW) {
		any = true;
		jx_buf_reset(&json);
		if (!row_json(st, s, 3, &json)) {
			ok = false;
			sql_end(st, s);
			break;
		}
		struct jx_store_version v = {sql_int(st, s, 0), col(st, s, 1), col(st, s, 2),
					     json.p ? json.p : ""};
		if (fn(&v, ud)) {
			sql_end(st, s);
			rc = SQL_DONE;
			break;
		}
	}
	if (ok)
		ok = rc == SQL_DONE && (any || store_fail(st, "没有编号为 %lld 的表", form_id));
	jx_buf_release(&json);
	return ok;
}

static bool pg_history_count(struct jx_store *st, unsigned long *n)
{
	int64_t v = 0;
	bool found = false;
	bool ok = sql_int_of(st, "查询失败", "SELECT count(*) FROM history", SQL_NONE, &v, &found);
	*n = (unsigned long)v;
	return ok;
}

static bool pg_indicators(struct jx_store *st, int year, int key_year, store_indicator_fn *fn, void *ud)
{
	struct sql_stmt *s = sql_query(
		st, "查询失败",
		"SELECT f.id, f.year, f.department, f.implementer, f.project,"
		" f.key_department || chr(31) || f.key_implementer || chr(31) || f.key_project,"
		" f.file, i.line, i.level1, i.level2, i.name, i.target, i.actual, i.target_norm,"
		" i.actual_norm, i.weight_c, i.declared_c, i.score_c, i.method, i.reverse"
		" FROM indicators i JOIN forms f ON f.id = i.form_id"
		" WHERE ($1 = 0 OR f.year = $1) AND f.id IN (SELECT id FROM forms WHERE " OF_THIS_IMPORT ")"
		" ORDER BY f.year, f.file, f.line, f.id, i.seq",
		SQL_ARGS(SQL_I(year), SQL_T(NULL), SQL_I(PG(st)->import_id), SQL_I(key_year)));
	if (!s)
		return false;
	int rc;
	while ((rc = sql_row(st, s, "查询失败")) == SQL_ROW) {
		struct store_indicator in = {0};
		in.form_id = sql_int(st, s, 0);
		in.year = (int)sql_int(st, s, 1);
		in.department = col(st, s, 2);
		in.implementer = col(st, s, 3);
		in.project = col(st, s, 4);
		in.key = col(st, s, 5);
		in.file = col(st, s, 6);
		in.line = (unsigned long)sql_int(st, s, 7);
		in.level1 = col(st, s, 8);
		in.level2 = col(st, s, 9);
		in.name = col(st, s, 10);
		in.target = col(st, s, 11);
		in.actual = col(st, s, 12);
		in.target_norm = col(st, s, 13);
		in.actual_norm = col(st, s, 14);
		in.has_weight = !is_null(st, s, 15);
		in.weight_c = sql_int(st, s, 15);
		in.has_declared = !is_null(st, s, 16);
		in.declared_c = sql_int(st, s, 16);
		in.scored = !is_null(st, s, 17);
		in.score_c = sql_int(st, s, 17);
		in.method = col(st, s, 18);
		in.reverse = sql_int(st, s, 19) != 0;
		if (fn(&in, ud)) {
			sql_end(st, s);
			return true;
		}
	}
	return rc == SQL_DONE;
}

static bool pg_years(struct jx_store *st, int *years, size_t *n)
{
	struct sql_stmt *s = sql_query(st, "查询失败", "SELECT DISTINCT year FROM forms ORDER BY year", SQL_NONE);
	if (!s)
		return false;
	size_t k = 0;
	int rc;
	while ((rc = sql_row(st, s, "查询失败")) == SQL_ROW)
		if (k < *n)
			years[k++] = (int)sql_int(st, s, 0);
	*n = k;
	return rc == SQL_DONE;
}

/* A sum (numeric, exact): past 64 bits saturated and flagged, as
 * store.c's add() does. */
static int64_t tally_sum(struct jx_store *st, struct sql_stmt *s, int i, struct jx_summary_group *g)
{
	const char *t = col(st, s, i);
	errno = 0;
	long long v = strtoll(t, NULL, 10);
	if (errno == ERANGE)
		g->overflow = true;
	return v;
}

/* The sums of one dimension, by GROUP BY over form_adds (the file's
 * comment says why they are not kept); the key's column per dimension. */
#define TALLY_SQL(keycol)                                                                          \
	"SELECT " keycol ", count(*), sum(money), sum(budget_fen), sum(executed_fen), sum(below_90),"   \
	" sum(declared), sum(declared_total_c), sum(rescored_total_c), sum(info), sum(warning),"          \
	" sum(error) FROM form_adds GROUP BY 1 ORDER BY 1"

static bool pg_tallies(struct jx_store *st, const char *dim, jx_summary_group_fn *fn, void *ud)
{
	static const struct {
		const char *dim, *sql;
	} dims[] = {
		{"all", "SELECT '' COLLATE \"C\", count(*), sum(money), sum(budget_fen), sum(executed_fen),"
			" sum(below_90), sum(declared), sum(declared_total_c), sum(rescored_total_c), sum(info),"
			" sum(warning), sum(error) FROM form_adds"},
		{"unit", TALLY_SQL("implementer")},
		{"year", TALLY_SQL("year")},
		{"grade", TALLY_SQL("grade")},
		{"rate", TALLY_SQL("rate")},
		{"score", TALLY_SQL("score")},
		{"source", "SELECT kind, count(*), 0, sum(budget_fen), sum(coalesce(executed_fen, 0)), 0, 0, 0,"
			   " 0, 0, 0, 0 FROM funds WHERE kind <> 'total' AND budget_fen IS NOT NULL"
			   " GROUP BY 1 ORDER BY 1"},
	};
	const char *sql = NULL;
	for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++)
		if (!strcmp(dims[i].dim, dim))
			sql = dims[i].sql;
	if (!sql)
		return store_fail(st, "未知的汇总维度 %s", dim);
	struct sql_stmt *s = sql_query(st, "查询失败", sql, SQL_NONE);
	if (!s)
		return false;
	int rc;
	while ((rc = sql_row(st, s, "查询失败")) == SQL_ROW) {
		struct jx_summary_group g = {.key = col(st, s, 0)};
		g.forms = (unsigned long)sql_int(st, s, 1);
		g.forms_with_money = (unsigned long)sql_int(st, s, 2);
		g.budget_fen = tally_sum(st, s, 3, &g);
		g.executed_fen = tally_sum(st, s, 4, &g);
		g.below_90 = (unsigned long)sql_int(st, s, 5);
		g.forms_declared = (unsigned long)sql_int(st, s, 6);
		g.declared_total_c = tally_sum(st, s, 7, &g);
		g.rescored_total_c = tally_sum(st, s, 8, &g);
		g.findings[JX_SEV_INFO] = (unsigned long)sql_int(st, s, 9);
		g.findings[JX_SEV_WARNING] = (unsigned long)sql_int(st, s, 10);
		g.findings[JX_SEV_ERROR] = (unsigned long)sql_int(st, s, 11);
		if (fn(&g, ud)) {
			sql_end(st, s);
			return true;
		}
	}
	return rc == SQL_DONE;
}

static bool pg_snapshot(struct jx_store *st, bool on)
{
	return exec_plain(st, on ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "COMMIT", "读取快照失败");
}

static bool pg_backup(struct jx_store *st, const char *path)
{
	(void)path;
	return store_fail(st, "PostgreSQL 的数据库请用 pg_dump 备份（见 README「部署」），jixiao backup 只备份 SQLite 数据库");
}

const struct store_backend store_pg = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.begin = pg_begin,
	.put_form = pg_put_form,
	.put_finding = pg_put_finding,
	.drop_findings = pg_drop_findings,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.list = pg_list,
	.findings = pg_findings,
	.form_json = pg_form_json,
	.form_source = pg_form_source,
	.history_count = pg_history_count,
	.versions = pg_versions,
	.set_busy = pg_set_busy,
	.indicators = pg_indicators,
	.snapshot = pg_snapshot,
	.years = pg_years,
	.tallies = pg_tallies,
	.backup = pg_backup,
	.put_form_finding = pg_put_form_finding,
	.lock_form = pg_lock_form,
	.alive = pg_alive,
	.sql_prepare = pg_sql_prepare,
	.sql_bind = pg_sql_bind,
	.sql_step = pg_sql_step,
	.sql_text = pg_sql_text,
	.sql_int = pg_sql_int,
	.sql_reset = pg_sql_reset,
	.sql_tx = pg_sql_tx,
};
