/*
 * test_pg.c: the PostgreSQL backend (pg.c) from the inside, on a server
 * this test starts: Debian's initdb and pg_ctl in a temporary directory,
 * as the unprivileged postgres user when run as root, a Unix socket only
 * (no TCP), stopped and removed at the end.  Whose database it opens (a
 * foreign one, a newer one, an empty one read only: each left as it was),
 * and the code written once for every backend (accounts.c, auditlog.c,
 * through sql.h).  The forms' operations are compared with SQLite's
 * through the commands in tests/store/backends.sh.
 */
#include "store.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PG_BIN "/usr/lib/postgresql/15/bin"

static char dir[256];

static int run(const char *cmd)
{
	char line[1024];
	if (geteuid() == 0)
		snprintf(line, sizeof line, "runuser -u postgres -- %s >>%s/pg.log 2>&1", cmd, dir);
	else
		snprintf(line, sizeof line, "%s >>%s/pg.log 2>&1", cmd, dir);
	return system(line);
}

static bool server_up(void)
{
	snprintf(dir, sizeof dir, "/tmp/jixiao-pg-XXXXXX");
	if (!mkdtemp(dir))
		return false;
	char cmd[900];
	if (geteuid() == 0) {
		snprintf(cmd, sizeof cmd, "chown postgres %s", dir);
		if (system(cmd) != 0)
			return false;
	}
	snprintf(cmd, sizeof cmd, PG_BIN "/initdb -D %s/data -A trust -U jixiao -E UTF8 --locale=C.UTF-8 --no-instructions", dir);
	if (run(cmd) != 0)
		return false;
	snprintf(cmd, sizeof cmd, PG_BIN "/pg_ctl -D %s/data -o \"-k %s -c listen_addresses=''\" -w -l %s/server.log start", dir,
		 dir, dir);
	return run(cmd) == 0;
}

static void server_down(void)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, PG_BIN "/pg_ctl -D %s/data -m fast -w stop", dir);
	run(cmd);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("test_pg: could not remove %s\n", dir);
}

/* Run SQL with psql on database db; its exit status. */
static int psql(const char *db, const char *sql)
{
	char cmd[1600];
	snprintf(cmd, sizeof cmd, "psql -X -q -v ON_ERROR_STOP=1 -h %s -U jixiao -d %s -c \"%s\" >>%s/pg.log 2>&1", dir, db,
		 sql, dir);
	return system(cmd);
}

/* jx_store_open of database db: its status, the error in err. */
static enum jx_status open_db(const char *db, enum jx_store_mode mode, char *err, size_t n)
{
	char spec[400];
	snprintf(spec, sizeof spec, "postgresql:///%s?host=%s&user=jixiao", db, dir);
	struct jx_store *st = NULL;
	err[0] = '\0';
	enum jx_status r = jx_store_open(spec, mode, &st, err, n);
	jx_store_close(st);
	return r;
}

static void whose_database(void)
{
	char err[512];
	/* somebody else's: refused, untouched (no meta made) */
	CHECK(psql("postgres", "CREATE DATABASE foreign_db") == 0);
	CHECK(psql("foreign_db", "CREATE TABLE other (x integer)") == 0);
	CHECK(open_db("foreign_db", JX_STORE_CREATE, err, sizeof err) == JX_ERR_STORE);
	CHECK(strstr(err, "不是 jixiao 的数据库") != NULL);
	CHECK(psql("foreign_db", "SELECT 1 / (CASE WHEN to_regclass('meta') IS NULL THEN 1 ELSE 0 END)") == 0);
	/* a newer jixiao's: refused, naming both versions */
	CHECK(psql("postgres", "CREATE DATABASE newer_db") == 0);
	CHECK(psql("newer_db", "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
			       " INSERT INTO meta VALUES ('schema_version', '99')") == 0);
	CHECK(open_db("newer_db", JX_STORE_CREATE, err, sizeof err) == JX_ERR_STORE);
	CHECK(strstr(err, "结构版本为 99") != NULL);
	/* an empty one: read only, it says so and makes nothing; a write makes the schema */
	CHECK(psql("postgres", "CREATE DATABASE empty_db") == 0);
	CHECK(open_db("empty_db", JX_STORE_READ, err, sizeof err) == JX_ERR_STORE);
	CHECK(strstr(err, "数据库是空的") != NULL);
	CHECK(psql("empty_db", "SELECT 1 / (SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM pg_tables"
			       " WHERE schemaname = 'public')") == 0);
	CHECK(open_db("empty_db", JX_STORE_CREATE, err, sizeof err) == JX_OK);
	CHECK(open_db("empty_db", JX_STORE_READ, err, sizeof err) == JX_OK);
	CHECK(psql("empty_db", "SELECT 1 / (SELECT CASE WHEN value = '11' THEN 1 ELSE 0 END FROM meta"
			       " WHERE key = 'schema_version')") == 0);
	/* no such database: the server's reason, in the message */
	CHECK(open_db("no_such_db", JX_STORE_READ, err, sizeof err) == JX_ERR_STORE);
	CHECK(strstr(err, "无法连接 PostgreSQL") != NULL && strstr(err, "no_such_db") != NULL);
	if (!strstr(err, "no_such_db"))
		printf("    %s\n", err);
}

static int count_accounts(const struct jx_account *a, void *ud)
{
	(void)a;
	(*(int *)ud)++;
	return 0;
}

static int count_log(const struct jx_log_entry *e, void *ud)
{
	(void)e;
	(*(int *)ud)++;
	return 0;
}

int main(void)
{
	if (access(PG_BIN "/initdb", X_OK) != 0) {
		printf("not ok - PostgreSQL's server is not installed (sh scripts/deps.sh test)\n");
		printf("test_pg: 0 passed, 1 failed\n");
		return 1;
	}
	CHECK(server_up());
	whose_database();
	struct jx_store st = {.be = &store_pg, .busy_ms = 5000};
	char conninfo[400];
	snprintf(conninfo, sizeof conninfo, "host=%s user=jixiao dbname=postgres", dir);
	bool open = store_pg.open(&st, conninfo, true);
	CHECK(open);
	if (!open)
		printf("    %s\n", st.err);
	if (open) {
		/* accounts, written once for every backend */
		const char *scope[] = {"测试中心"};
		struct jx_account a = {.login = "clerk", .name = "张三", .role = JX_ROLE_CLERK, .scope = scope, .nscope = 1};
		CHECK(jx_account_add(&st, &a, "password-1234") == JX_OK);
		CHECK(jx_account_add(&st, &a, "password-1234") == JX_ERR_ARG); /* taken */
		CHECK(strstr(st.err, "已存在") != NULL);
		struct jx_account f = {.login = "fin", .name = "王五", .role = JX_ROLE_FINANCE};
		CHECK(jx_account_add(&st, &f, "password-5678") == JX_OK);
		int n = 0;
		CHECK(jx_account_list(&st, NULL, count_accounts, &n) == JX_OK);
		if (n != 2)
			printf("    %s\n", st.err);
		CHECK_INT(n, 2);
		bool any = false;
		CHECK(jx_account_any(&st, &any) == JX_OK && any);
		/* sessions: a login, a resume, a wrong password counted, the lock */
		enum jx_login_result res;
		struct jx_session s, again;
		bool found = false;
		CHECK(jx_session_login(&st, "clerk", "password-1234", "127.0.0.1", &res, &s) == JX_OK && res == JX_LOGIN_OK);
		CHECK(jx_session_resume(&st, s.token, &again, &found) == JX_OK && found && again.account == s.account);
		CHECK(jx_session_end(&st, s.token) == JX_OK);
		CHECK(jx_session_resume(&st, s.token, &again, &found) == JX_OK && !found);
		for (int i = 0; i < JX_LOGIN_FAILURES; i++)
			CHECK(jx_session_login(&st, "fin", "wrong-pass", "x", &res, &s) == JX_OK && res == JX_LOGIN_DENIED);
		CHECK(jx_session_login(&st, "fin", "password-5678", "x", &res, &s) == JX_OK && res == JX_LOGIN_THROTTLED);
		CHECK(jx_account_set_password(&st, "fin", "another-pass-1") == JX_OK);
		CHECK(jx_account_set_disabled(&st, "clerk", true) == JX_OK);
		CHECK(jx_session_login(&st, "clerk", "password-1234", "x", &res, &s) == JX_OK && res == JX_LOGIN_DENIED);
		/* units */
		struct jx_unit u = {"测试中心", "测试局", "001"};
		CHECK(jx_unit_put(&st, &u) == JX_OK);
		u.department = "另一个局";
		CHECK(jx_unit_put(&st, &u) == JX_OK); /* ON CONFLICT … DO UPDATE */
		unsigned long k = 0;
		const char csv[] = "单位名称,主管部门\n甲,乙\n丙,丁\n";
		CHECK(jx_unit_import(&st, csv, sizeof csv - 1, "u.csv", &k) == JX_OK);
		CHECK_INT(k, 2);
		/* the audit log: appended, listed, never changed */
		struct jx_log_entry e = {.login = "fin", .role = "finance", .address = "x", .action = "test", .detail = "一条"};
		CHECK(jx_log_append(&st, &e) == JX_OK);
		int m = 0;
		CHECK(jx_log_list(&st, &(struct jx_log_query){0}, count_log, &m) == JX_OK);
		if (m != 1)
			printf("    %s\n", st.err);
		CHECK_INT(m, 1);
		struct sql_stmt *q = sql_query(&st, "改审计日志", "UPDATE audit_log SET login = $1", SQL_ARGS(SQL_T("x")));
		CHECK(q && sql_row(&st, q, "改审计日志") == SQL_ERROR && strstr(st.err, "append-only"));
		store_pg.close(&st);
	}
	server_down();
	printf("test_pg: %lu passed, %lu failed\n", unit_pass, unit_fail);
	return unit_fail != 0;
}
