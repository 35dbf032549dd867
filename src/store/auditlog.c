/*
 * auditlog.c: the append-only log of jixiao.h's jx_log_* for every
 * backend (sql.h).  The table's triggers (migration 8) refuse updates and
 * deletes, so this file only ever inserts and reads.
 */
#include "store.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum jx_status jx_log_append(struct jx_store *st, const struct jx_log_entry *e)
{
	char now[32];
	const char *at = e->at;
	if (!at) {
		sql_now(now);
		at = now;
	}
	if (!e->action || !*e->action || !e->login) {
		store_fail(st, "审计日志的条目缺少操作或操作人");
		return JX_ERR_ARG;
	}
	return sql_exec(st, "写入审计日志失败",
			"INSERT INTO audit_log (at, login, role, address, action, form_id, detail,"
			" before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
			SQL_ARGS(SQL_T(at), SQL_T(e->login), SQL_T(e->role ? e->role : ""),
				 SQL_T(e->address ? e->address : ""), SQL_T(e->action),
				 e->form_id > 0 ? SQL_I(e->form_id) : SQL_T(NULL), SQL_T(e->detail),
				 SQL_T(e->before), SQL_T(e->after)))
		       ? JX_OK
		       : JX_ERR_STORE;
}

/* An account sees the entries of the forms it may see and its own; a
 * page of them by id (the primary key: a range of it is an index's). */
#define LOG_WHERE                                                                                \
	"SELECT id, at, login, role, address, action, form_id, detail, before, after"            \
	" FROM audit_log l WHERE ($1 = 0 OR form_id = $1) AND ($2 = 0"                           \
	" OR login = (SELECT login FROM accounts WHERE id = $2)"                                 \
	" OR EXISTS (SELECT 1 FROM forms WHERE forms.id = l.form_id AND "                         \
	SQL_VISIBLE("$2", "forms") "))"                                                          \
	" AND id > $3 AND ($4 = 0 OR id < $4)"
static const char log_oldest[] = LOG_WHERE " ORDER BY id LIMIT $5";
static const char log_newest[] = LOG_WHERE " ORDER BY id DESC LIMIT $5";

enum jx_status jx_log_list(struct jx_store *st, const struct jx_log_query *q, jx_log_fn *fn, void *ud)
{
	int64_t limit = q->limit ? (int64_t)q->limit : INT64_MAX;
	struct sql_stmt *s = sql_query(st, "查询审计日志失败", q->newest_first ? log_newest : log_oldest,
				       SQL_ARGS(SQL_I(q->form_id), SQL_I(q->account), SQL_I(q->after),
						SQL_I(q->before), SQL_I(limit)));
	if (!s)
		return JX_ERR_STORE;
	int rc;
	while ((rc = sql_row(st, s, "查询审计日志失败")) == SQL_ROW) {
		struct jx_log_entry e = {
			.id = sql_int(st, s, 0),
			.at = sql_text(st, s, 1),
			.login = sql_text(st, s, 2),
			.role = sql_text(st, s, 3),
			.address = sql_text(st, s, 4),
			.action = sql_text(st, s, 5),
			.form_id = sql_int(st, s, 6),
			.detail = sql_text(st, s, 7),
			.before = sql_text(st, s, 8),
			.after = sql_text(st, s, 9),
		};
		if (fn(&e, ud)) {
			sql_end(st, s);
			return JX_OK;
		}
	}
	return rc == SQL_DONE ? JX_OK : JX_ERR_STORE;
}
