/*
 * test_pg.c: the code written once for every backend (accounts.c,
 * auditlog.c, through sql.h) run on PostgreSQL (pg.c, in progress), on a
 * server this test starts: Debian's initdb and pg_ctl in a temporary
 * directory, as the unprivileged postgres user when run as root, a Unix
 * socket only (no TCP), stopped and removed at the end.
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
		/* the audit log: appended, listed, never changed (the forms' table
		 * is pg.c's to come: its keys alone here, for SQL_VISIBLE) */
		CHECK(sql_exec(&st, "建表", "CREATE TABLE forms (id BIGINT PRIMARY KEY, key_implementer TEXT,"
					   " key_department TEXT)", SQL_NONE));
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
