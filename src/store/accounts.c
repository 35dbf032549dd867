/*
 * accounts.c: accounts, the registry of units and the sessions of
 * jixiao.h's "accounts, units, sessions" section, written once for every
 * backend in the portable dialect (sql.h) on the tables of migration 8.
 *
 * Passwords are kept only as libsodium's argon2id strings (crypto_pwhash_str,
 * the interactive limits: 64 MiB and 2 passes, about 0.1 s); at most
 * KDF_AT_ONCE hashes run at a time in a process, so that fifty logins at
 * once cost 128 MiB, not 3 GiB.  A session's token is 32 random bytes
 * (hex in the cookie); the store keeps the BLAKE2b hash of it, so that a
 * copy of the database opens no session.  Wrong passwords are counted per
 * account: past JX_LOGIN_FAILURES within JX_LOGIN_LOCK_S the password is
 * not even checked (the server's throttle per address is in web/guard.c).
 */
#include "store.h"
#include "arena.h"
#include "input.h"
#include "text.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- roles ---------------------------------------------------------------------- */

static const struct {
	const char *id, *label;
	bool scoped;
} roles[JX_ROLE__COUNT] = {
	[JX_ROLE_CLERK] = {"clerk", "单位经办", true},
	[JX_ROLE_UNIT_HEAD] = {"unit-head", "单位负责人", true},
	[JX_ROLE_DEPARTMENT] = {"department", "主管部门审核", true},
	[JX_ROLE_FINANCE] = {"finance", "财政审核", false},
	[JX_ROLE_ADMIN] = {"admin", "管理员", false},
};

const char *jx_role_id(enum jx_role r)
{
	return (unsigned)r < JX_ROLE__COUNT ? roles[r].id : "?";
}

const char *jx_role_label(enum jx_role r)
{
	return (unsigned)r < JX_ROLE__COUNT ? roles[r].label : "?";
}

bool jx_role_scoped(enum jx_role r)
{
	return (unsigned)r < JX_ROLE__COUNT && roles[r].scoped;
}

bool jx_role_from_name(const char *name, enum jx_role *out)
{
	for (int i = 0; name && i < JX_ROLE__COUNT; i++)
		if (!strcmp(name, roles[i].id) || !strcmp(name, roles[i].label)) {
			*out = (enum jx_role)i;
			return true;
		}
	return false;
}

/* ---- clock, randomness, hashing ---------------------------------------------------- */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static bool sodium_ok;

static void sodium_start(void)
{
	sodium_ok = sodium_init() >= 0;
}

static bool crypto_ready(struct jx_store *st)
{
	pthread_once(&sodium_once, sodium_start);
	return sodium_ok || store_fail(st, "无法初始化密码库（libsodium）");
}

static void random_hex(char out[65])
{
	unsigned char b[32];
	randombytes_buf(b, sizeof b);
	sodium_bin2hex(out, 65, b, sizeof b);
}

/* What the store keeps of a token: the hex of its BLAKE2b-256. */
static void token_id(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

enum { KDF_AT_ONCE = 2 };
static pthread_mutex_t kdf_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t kdf_cv = PTHREAD_COND_INITIALIZER;
static int kdf_running;

static void kdf_enter(void)
{
	pthread_mutex_lock(&kdf_mu);
	while (kdf_running >= KDF_AT_ONCE)
		pthread_cond_wait(&kdf_cv, &kdf_mu);
	kdf_running++;
	pthread_mutex_unlock(&kdf_mu);
}

static void kdf_leave(void)
{
	pthread_mutex_lock(&kdf_mu);
	kdf_running--;
	pthread_cond_signal(&kdf_cv);
	pthread_mutex_unlock(&kdf_mu);
}

static bool hash_password(struct jx_store *st, const char *pw, char out[crypto_pwhash_STRBYTES])
{
	kdf_enter();
	int rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	kdf_leave();
	return rc == 0 || store_fail(st, "计算密码摘要失败（内存不足）");
}

static bool password_matches(const char *hash, const char *pw)
{
	kdf_enter();
	bool ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	kdf_leave();
	return ok;
}

/* A hash of nothing anyone knows, verified against for an unknown login so
 * that its answer takes as long as a known one's. */
static pthread_once_t decoy_once = PTHREAD_ONCE_INIT;
static char decoy[crypto_pwhash_STRBYTES];

static void decoy_make(void)
{
	char pw[65];
	random_hex(pw);
	if (crypto_pwhash_str(decoy, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		decoy[0] = '\0';
}

/* ---- checks of what an account is given ----------------------------------------- */

static bool login_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 63)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("._-@", s[i])))
			return false;
	return true;
}

/* Printable UTF-8 of 1..max bytes (a name, a unit): no control characters. */
bool store_text_valid(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > max || utf8_first_invalid(s, n) < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *u = (const unsigned char *)s + i;
		if (u[0] < 0x20 || u[0] == 0x7f)
			return false;
		/* C1 controls (U+0080–U+009F: C2 80–9F) and the bidirectional
		 * overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
		 * make a name on a page or in the log read as another */
		if (u[0] == 0xc2 && i + 1 < n && u[1] >= 0x80 && u[1] <= 0x9f)
			return false;
		if (u[0] == 0xe2 && i + 2 < n && ((u[1] == 0x80 && u[2] >= 0xaa && u[2] <= 0xae) ||
						 (u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9)))
			return false;
	}
	return true;
}

static size_t code_points(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static bool password_ok(struct jx_store *st, const char *login, const char *pw)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n > 1024 || utf8_first_invalid(pw ? pw : "", n) < n)
		return store_fail(st, "密码无效（最长 1024 字节，须为 UTF-8 文本）");
	if (!pw || code_points(pw) < JX_PASSWORD_MIN)
		return store_fail(st, "密码太短：至少 %d 个字符", JX_PASSWORD_MIN);
	if (login && !strcmp(pw, login))
		return store_fail(st, "密码不能与账号相同");
	return true;
}

/* ---- accounts --------------------------------------------------------------------- */

static enum jx_status status_of(bool ok, bool arg_error)
{
	return ok ? JX_OK : arg_error ? JX_ERR_ARG : JX_ERR_STORE;
}

static bool account_args_ok(struct jx_store *st, const struct jx_account *a)
{
	if (!login_valid(a->login))
		return store_fail(st, "账号「%s」无效：1–63 个字母、数字或 . _ - @", a->login ? a->login : "");
	if (!store_text_valid(a->name, 127))
		return store_fail(st, "姓名无效：1–127 字节的文字，不含控制字符");
	if ((unsigned)a->role >= JX_ROLE__COUNT)
		return store_fail(st, "角色无效");
	if (jx_role_scoped(a->role) && a->nscope == 0)
		return store_fail(st, "%s须指定%s", jx_role_label(a->role),
				  a->role == JX_ROLE_DEPARTMENT ? "主管部门（--department）" : "所属单位（--unit）");
	if (!jx_role_scoped(a->role) && a->nscope > 0)
		return store_fail(st, "%s看到全部自评表，不指定单位或主管部门", jx_role_label(a->role));
	for (size_t i = 0; i < a->nscope; i++)
		if (!store_text_valid(a->scope[i], 255))
			return store_fail(st, "单位或主管部门名称无效：1–255 字节的文字，不含控制字符");
	return true;
}

static bool login_taken(struct jx_store *st, const char *login, bool *taken)
{
	int64_t id;
	return sql_int_of(st, "查询账号失败", "SELECT id FROM accounts WHERE login = $1",
			  SQL_ARGS(SQL_T(login)), &id, taken);
}

static bool add_scope(struct jx_store *st, int64_t id, const char *name)
{
	char key[1024];
	text_norm_buf(name, strlen(name), key, sizeof key);
	return sql_exec(st, "写入账号范围失败",
			"INSERT INTO account_scope (account_id, key, name) VALUES ($1, $2, $3)"
			" ON CONFLICT (account_id, key) DO NOTHING",
			SQL_ARGS(SQL_I(id), SQL_T(key), SQL_T(name)));
}

enum jx_status jx_account_add(struct jx_store *st, const struct jx_account *a, const char *password)
{
	if (!account_args_ok(st, a) || !password_ok(st, a->login, password))
		return JX_ERR_ARG;
	if (!crypto_ready(st))
		return JX_ERR_STORE;
	char hash[crypto_pwhash_STRBYTES], now[32];
	if (!hash_password(st, password, hash))
		return JX_ERR_STORE;
	sql_now(now);
	if (!sql_tx(st, SQL_BEGIN))
		return JX_ERR_STORE;
	bool taken = false, arg_error = false;
	int64_t id = 0;
	bool found = false;
	bool ok = login_taken(st, a->login, &taken);
	if (ok && taken) {
		ok = store_fail(st, "账号「%s」已存在", a->login);
		arg_error = true;
	}
	ok = ok && sql_int_of(st, "写入账号失败",
			      "INSERT INTO accounts (login, name, role, password, created)"
			      " VALUES ($1, $2, $3, $4, $5) RETURNING id",
			      SQL_ARGS(SQL_T(a->login), SQL_T(a->name), SQL_T(jx_role_id(a->role)),
				       SQL_T(hash), SQL_T(now)),
			      &id, &found);
	for (size_t i = 0; ok && i < a->nscope; i++)
		ok = add_scope(st, id, a->scope[i]);
	ok = ok && sql_tx(st, SQL_COMMIT);
	if (!ok)
		sql_tx(st, SQL_ROLLBACK);
	sodium_memzero(hash, sizeof hash);
	return status_of(ok, arg_error);
}

/* The id of a login into *id; false with "no such account" (arg_error set). */
static bool account_id(struct jx_store *st, const char *login, int64_t *id, bool *arg_error)
{
	bool found = false;
	if (!sql_int_of(st, "查询账号失败", "SELECT id FROM accounts WHERE login = $1",
			SQL_ARGS(SQL_T(login ? login : "")), id, &found))
		return false;
	if (!found) {
		*arg_error = true;
		return store_fail(st, "没有账号「%s」", login ? login : "");
	}
	return true;
}

static bool end_sessions_of(struct jx_store *st, int64_t id)
{
	return sql_exec(st, "结束会话失败", "DELETE FROM sessions WHERE account_id = $1",
			SQL_ARGS(SQL_I(id)));
}

enum jx_status jx_account_set_password(struct jx_store *st, const char *login, const char *password)
{
	if (!password_ok(st, login, password))
		return JX_ERR_ARG;
	if (!crypto_ready(st))
		return JX_ERR_STORE;
	char hash[crypto_pwhash_STRBYTES];
	if (!hash_password(st, password, hash))
		return JX_ERR_STORE;
	bool arg_error = false;
	int64_t id = 0;
	bool ok = sql_tx(st, SQL_BEGIN);
	ok = ok && account_id(st, login, &id, &arg_error) &&
	     sql_exec(st, "修改密码失败",
		      "UPDATE accounts SET password = $2, failures = 0, failed_at = 0 WHERE id = $1",
		      SQL_ARGS(SQL_I(id), SQL_T(hash))) &&
	     end_sessions_of(st, id) && sql_tx(st, SQL_COMMIT);
	if (!ok)
		sql_tx(st, SQL_ROLLBACK);
	sodium_memzero(hash, sizeof hash);
	return status_of(ok, arg_error);
}

enum jx_status jx_account_set_disabled(struct jx_store *st, const char *login, bool disabled)
{
	bool arg_error = false;
	int64_t id = 0;
	bool ok = sql_tx(st, SQL_BEGIN);
	ok = ok && account_id(st, login, &id, &arg_error) &&
	     sql_exec(st, "修改账号失败", "UPDATE accounts SET disabled = $2 WHERE id = $1",
		      SQL_ARGS(SQL_I(id), SQL_I(disabled))) &&
	     (!disabled || end_sessions_of(st, id)) && sql_tx(st, SQL_COMMIT);
	if (!ok)
		sql_tx(st, SQL_ROLLBACK);
	return status_of(ok, arg_error);
}

/* One account's scope names, in key order, into a NULL-free array the
 * caller frees (names and array in one block). */
static bool scope_of(struct jx_store *st, int64_t id, char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	struct sql_stmt *s = sql_query(st, "查询账号范围失败",
				       "SELECT name FROM account_scope WHERE account_id = $1 ORDER BY key",
				       SQL_ARGS(SQL_I(id)));
	if (!s)
		return false;
	size_t cap = 0;
	int rc;
	while ((rc = sql_row(st, s, "查询账号范围失败")) == SQL_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*names = xrealloc(*names, cap * sizeof **names);
		}
		(*names)[(*n)++] = xstrdup(sql_text(st, s, 0));
	}
	return rc == SQL_DONE;
}

static void names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

struct account_row {
	int64_t id;
	char *login, *name, *role, *created;
	bool disabled;
};

enum jx_status jx_account_list(struct jx_store *st, const char *login, jx_account_fn *fn, void *ud)
{
	/* the rows first, then each one's scope: a backend steps one query
	 * of a connection at a time */
	struct sql_stmt *s = sql_query(st, "查询账号失败",
				       "SELECT id, login, name, role, disabled, created FROM accounts"
				       " WHERE CAST($1 AS TEXT) IS NULL OR login = $1 ORDER BY login",
				       SQL_ARGS(SQL_T(login)));
	if (!s)
		return JX_ERR_STORE;
	struct account_row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sql_row(st, s, "查询账号失败")) == SQL_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rows[n++] = (struct account_row){
			.id = sql_int(st, s, 0),
			.login = xstrdup(sql_text(st, s, 1)),
			.name = xstrdup(sql_text(st, s, 2)),
			.role = xstrdup(sql_text(st, s, 3)),
			.disabled = sql_int(st, s, 4) != 0,
			.created = xstrdup(sql_text(st, s, 5)),
		};
	}
	bool ok = rc == SQL_DONE, stop = false;
	for (size_t i = 0; i < n; i++) {
		char **names = NULL;
		size_t nn = 0;
		if (ok && !stop && (ok = scope_of(st, rows[i].id, &names, &nn))) {
			struct jx_account a = {
				.id = rows[i].id,
				.login = rows[i].login,
				.name = rows[i].name,
				.disabled = rows[i].disabled,
				.created = rows[i].created,
				.scope = (const char *const *)names,
				.nscope = nn,
			};
			if (!jx_role_from_name(rows[i].role, &a.role))
				a.role = JX_ROLE_CLERK; /* never written: every role is one of ours */
			stop = fn(&a, ud) != 0;
		}
		names_free(names, nn);
		free(rows[i].login);
		free(rows[i].name);
		free(rows[i].role);
		free(rows[i].created);
	}
	free(rows);
	return ok ? JX_OK : JX_ERR_STORE;
}

enum jx_status jx_account_any(struct jx_store *st, bool *any)
{
	int64_t one;
	return sql_int_of(st, "查询账号失败", "SELECT 1 FROM accounts LIMIT 1", SQL_NONE, &one, any)
		       ? JX_OK
		       : JX_ERR_STORE;
}

/* ---- units ------------------------------------------------------------------------ */

enum jx_status jx_unit_put(struct jx_store *st, const struct jx_unit *u)
{
	if (!store_text_valid(u->name, 255) || !store_text_valid(u->department, 255) ||
	    (u->code && *u->code && !store_text_valid(u->code, 64))) {
		store_fail(st, "单位名称、主管部门无效（1–255 字节的文字，不含控制字符）或单位代码过长");
		return JX_ERR_ARG;
	}
	char key[1024], dkey[1024];
	text_norm_buf(u->name, strlen(u->name), key, sizeof key);
	text_norm_buf(u->department, strlen(u->department), dkey, sizeof dkey);
	const char *code = u->code && *u->code ? u->code : NULL;
	return sql_exec(st, "写入单位失败",
			"INSERT INTO units (key, name, department, key_department, code)"
			" VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO UPDATE SET"
			" name = excluded.name, department = excluded.department,"
			" key_department = excluded.key_department, code = excluded.code",
			SQL_ARGS(SQL_T(key), SQL_T(u->name), SQL_T(u->department), SQL_T(dkey),
				 SQL_T(code)))
		       ? JX_OK
		       : JX_ERR_STORE;
}

/* The registry's CSV: its columns found by the header's names. */
struct unit_csv {
	struct jx_store *st;
	struct input_error *err;
	int name, department, code; /* field indexes, -1: absent */
	bool header, store_failed;
	unsigned long count;
};

static int column_of(const char *const *f, size_t n, const char *const *names)
{
	for (size_t k = 0; k < n; k++) {
		char key[256];
		text_norm_buf(f[k], strlen(f[k]), key, sizeof key);
		for (const char *const *w = names; *w; w++)
			if (!strcmp(key, *w))
				return (int)k;
	}
	return -1;
}

static bool unit_record(unsigned long line, const char *const *f, size_t n, void *ud)
{
	struct unit_csv *u = ud;
	if (!u->header) {
		static const char *const names[] = {"单位名称", "单位", "实施单位", "预算单位", NULL};
		static const char *const departments[] = {"主管部门", "主管单位", NULL};
		static const char *const codes[] = {"单位代码", "代码", "单位编码", NULL};
		u->name = column_of(f, n, names);
		u->department = column_of(f, n, departments);
		u->code = column_of(f, n, codes);
		if (u->name < 0 || u->department < 0) {
			input_fail(u->err, line, "第一行须是表头，含「单位名称」和「主管部门」两列");
			return false;
		}
		u->header = true;
		return true;
	}
	const char *name = (size_t)u->name < n ? f[u->name] : "";
	const char *dept = (size_t)u->department < n ? f[u->department] : "";
	const char *code = u->code >= 0 && (size_t)u->code < n ? f[u->code] : NULL;
	if (!*name || !*dept) {
		input_fail(u->err, line, "这一行缺少%s", !*name ? "单位名称" : "主管部门");
		return false;
	}
	struct jx_unit unit = {name, dept, code};
	enum jx_status s = jx_unit_put(u->st, &unit);
	if (s != JX_OK) {
		u->store_failed = s == JX_ERR_STORE;
		input_fail(u->err, line, "%s", jx_store_error(u->st));
		return false;
	}
	u->count++;
	return true;
}

enum jx_status jx_unit_import(struct jx_store *st, const char *data, size_t n, const char *name,
			      unsigned long *count)
{
	*count = 0;
	struct input_error err = {0};
	struct unit_csv u = {.st = st, .err = &err, .name = -1, .department = -1, .code = -1};
	if (!sql_tx(st, SQL_BEGIN))
		return JX_ERR_STORE;
	if (!csv_records(data, n, unit_record, &u, &err) || !u.count) {
		sql_tx(st, SQL_ROLLBACK);
		if (!err.msg[0])
			input_fail(&err, 1, "文件里没有单位：须有表头「单位名称」「主管部门」和至少一行单位");
		store_fail(st, "%s:%lu: %s", name, err.line, err.msg);
		return u.store_failed ? JX_ERR_STORE : JX_ERR_ARG;
	}
	if (!sql_tx(st, SQL_COMMIT)) {
		sql_tx(st, SQL_ROLLBACK);
		return JX_ERR_STORE;
	}
	*count = u.count;
	return JX_OK;
}

enum jx_status jx_unit_list(struct jx_store *st, jx_unit_fn *fn, void *ud)
{
	struct sql_stmt *s = sql_query(st, "查询单位失败",
				       "SELECT name, department, code FROM units"
				       " ORDER BY key_department, key",
				       SQL_NONE);
	if (!s)
		return JX_ERR_STORE;
	int rc;
	while ((rc = sql_row(st, s, "查询单位失败")) == SQL_ROW) {
		struct jx_unit u = {sql_text(st, s, 0), sql_text(st, s, 1), sql_text(st, s, 2)};
		if (fn(&u, ud)) {
			sql_end(st, s);
			return JX_OK;
		}
	}
	return rc == SQL_DONE ? JX_OK : JX_ERR_STORE;
}

/* ---- sessions --------------------------------------------------------------------- */

static void copy_text(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* Sessions past their idle or total time are removed (at each login). */
static bool expire_sessions(struct jx_store *st, int64_t now)
{
	return sql_exec(st, "清理过期会话失败", "DELETE FROM sessions WHERE seen < $1 OR created < $2",
			SQL_ARGS(SQL_I(now - JX_SESSION_IDLE_S), SQL_I(now - JX_SESSION_MAX_S)));
}

struct login_row {
	int64_t id, failures, failed_at;
	bool disabled;
	char hash[crypto_pwhash_STRBYTES];
	char role[32], name[128];
};

static bool login_row(struct jx_store *st, const char *login, struct login_row *r, bool *found)
{
	struct sql_stmt *s = sql_query(st, "查询账号失败",
				       "SELECT id, password, role, name, disabled, failures, failed_at"
				       " FROM accounts WHERE login = $1",
				       SQL_ARGS(SQL_T(login)));
	if (!s)
		return false;
	int rc = sql_row(st, s, "查询账号失败");
	*found = rc == SQL_ROW;
	if (rc == SQL_ROW) {
		r->id = sql_int(st, s, 0);
		copy_text(r->hash, sizeof r->hash, sql_text(st, s, 1));
		copy_text(r->role, sizeof r->role, sql_text(st, s, 2));
		copy_text(r->name, sizeof r->name, sql_text(st, s, 3));
		r->disabled = sql_int(st, s, 4) != 0;
		r->failures = sql_int(st, s, 5);
		r->failed_at = sql_int(st, s, 6);
		sql_end(st, s);
	}
	return rc != SQL_ERROR;
}

/* An attempt counted as a wrong password before the password is checked
 * (a right one sets the count back): parallel guesses cannot pass the
 * limit between a check and its count.  *taken false: the limit is
 * reached, the attempt not made.  A store that cannot count (locked)
 * fails, and the password is not checked either. */
static bool take_attempt(struct jx_store *st, const struct login_row *r, int64_t now, bool *taken)
{
	int64_t n;
	return sql_int_of(st, "记录登录尝试失败",
			  "UPDATE accounts SET failures = CASE WHEN $2 - failed_at >= $3 THEN 1"
			  " ELSE failures + 1 END, failed_at = $2 WHERE id = $1"
			  " AND NOT (failures >= $4 AND $2 - failed_at < $3) RETURNING failures",
			  SQL_ARGS(SQL_I(r->id), SQL_I(now), SQL_I(JX_LOGIN_LOCK_S), SQL_I(JX_LOGIN_FAILURES)),
			  &n, taken);
}

static bool open_session(struct jx_store *st, const struct login_row *r, const char *login,
			 const char *address, int64_t now, struct jx_session *out)
{
	memset(out, 0, sizeof *out);
	char id[65];
	random_hex(out->token);
	random_hex(out->csrf);
	token_id(out->token, id);
	out->account = r->id;
	if (!jx_role_from_name(r->role, &out->role))
		return store_fail(st, "账号的角色「%s」无效", r->role);
	copy_text(out->login, sizeof out->login, login);
	copy_text(out->name, sizeof out->name, r->name);
	return sql_exec(st, "登录失败",
			"UPDATE accounts SET failures = 0, failed_at = 0 WHERE id = $1",
			SQL_ARGS(SQL_I(r->id))) &&
	       expire_sessions(st, now) &&
	       sql_exec(st, "登录失败",
			"INSERT INTO sessions (id, account_id, csrf, created, seen, address)"
			" VALUES ($1, $2, $3, $4, $4, $5)",
			SQL_ARGS(SQL_T(id), SQL_I(r->id), SQL_T(out->csrf), SQL_I(now),
				 SQL_T(address ? address : "")));
}

enum jx_status jx_session_login(struct jx_store *st, const char *login, const char *password,
				const char *address, enum jx_login_result *result,
				struct jx_session *out)
{
	*result = JX_LOGIN_DENIED;
	memset(out, 0, sizeof *out);
	if (!crypto_ready(st))
		return JX_ERR_STORE;
	pthread_once(&decoy_once, decoy_make);
	struct login_row r = {0};
	bool found = false;
	int64_t now = (int64_t)time(NULL);
	if (!login_valid(login) || !password || strlen(password) > 1024) {
		password_matches(decoy, "");
		return JX_OK;
	}
	if (!login_row(st, login, &r, &found))
		return JX_ERR_STORE;
	if (!found) {
		password_matches(decoy, password);
		return JX_OK;
	}
	bool taken = false;
	if (!take_attempt(st, &r, now, &taken)) {
		sodium_memzero(r.hash, sizeof r.hash);
		return JX_ERR_STORE;
	}
	/* a locked login takes as long as any other answer: the time tells nothing */
	bool match = password_matches(taken ? r.hash : decoy, password) && taken;
	sodium_memzero(r.hash, sizeof r.hash);
	if (!taken) {
		*result = JX_LOGIN_THROTTLED;
		return JX_OK;
	}
	if (!match || r.disabled)
		return JX_OK;
	if (!sql_tx(st, SQL_BEGIN))
		return JX_ERR_STORE;
	if (!open_session(st, &r, login, address, now, out) || !sql_tx(st, SQL_COMMIT)) {
		sql_tx(st, SQL_ROLLBACK);
		memset(out, 0, sizeof *out);
		return JX_ERR_STORE;
	}
	*result = JX_LOGIN_OK;
	return JX_OK;
}

/* A token as the server issues them: 64 lowercase hex digits. */
static bool token_shaped(const char *t)
{
	if (!t || strlen(t) != 64)
		return false;
	for (int i = 0; i < 64; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
			return false;
	return true;
}

/* The idle clock is written at most once in this many seconds (a write
 * per request would serialise the server on the database's lock). */
enum { SEEN_EVERY_S = 60, SEEN_BUSY_MS = 50 };

enum jx_status jx_session_resume(struct jx_store *st, const char *token, struct jx_session *out,
				 bool *found)
{
	*found = false;
	memset(out, 0, sizeof *out);
	if (!token_shaped(token))
		return JX_OK;
	char id[65];
	token_id(token, id);
	struct sql_stmt *s = sql_query(st, "查询会话失败",
				       "SELECT s.account_id, s.csrf, s.created, s.seen, a.role, a.login,"
				       " a.name, a.disabled FROM sessions s JOIN accounts a"
				       " ON a.id = s.account_id WHERE s.id = $1",
				       SQL_ARGS(SQL_T(id)));
	if (!s)
		return JX_ERR_STORE;
	int rc = sql_row(st, s, "查询会话失败");
	if (rc != SQL_ROW)
		return rc == SQL_DONE ? JX_OK : JX_ERR_STORE;
	int64_t now = (int64_t)time(NULL);
	int64_t created = sql_int(st, s, 2), seen = sql_int(st, s, 3);
	bool live = sql_int(st, s, 7) == 0 && now - seen < JX_SESSION_IDLE_S &&
		    now - created < JX_SESSION_MAX_S && jx_role_from_name(sql_text(st, s, 4), &out->role);
	out->account = sql_int(st, s, 0);
	copy_text(out->csrf, sizeof out->csrf, sql_text(st, s, 1));
	copy_text(out->login, sizeof out->login, sql_text(st, s, 5));
	copy_text(out->name, sizeof out->name, sql_text(st, s, 6));
	copy_text(out->token, sizeof out->token, token);
	sql_end(st, s);
	if (!live) {
		memset(out, 0, sizeof *out);
		return sql_exec(st, "结束会话失败", "DELETE FROM sessions WHERE id = $1",
				SQL_ARGS(SQL_T(id)))
			       ? JX_OK
			       : JX_ERR_STORE;
	}
	if (now - seen >= SEEN_EVERY_S) {
		/* best effort: a writer holding the database (an import) must not
		 * log anyone out, nor hold the request for the busy timeout */
		st->be->set_busy(st, SEEN_BUSY_MS);
		if (!sql_exec(st, "更新会话失败", "UPDATE sessions SET seen = $2 WHERE id = $1",
			      SQL_ARGS(SQL_T(id), SQL_I(now))))
			st->err[0] = '\0';
		st->be->set_busy(st, st->busy_ms);
	}
	*found = true;
	return JX_OK;
}

enum jx_status jx_session_for(struct jx_store *st, const char *login, struct jx_session *out)
{
	memset(out, 0, sizeof *out);
	struct login_row r = {0};
	bool found = false;
	if (!login_valid(login))
		return store_fail(st, "账号「%s」无效", login ? login : ""), JX_ERR_ARG;
	if (!login_row(st, login, &r, &found))
		return JX_ERR_STORE;
	sodium_memzero(r.hash, sizeof r.hash);
	if (!found || r.disabled)
		return store_fail(st, "没有可用的账号「%s」（不存在或已停用）", login), JX_ERR_ARG;
	if (!jx_role_from_name(r.role, &out->role))
		return store_fail(st, "账号的角色「%s」无效", r.role), JX_ERR_STORE;
	out->account = r.id;
	copy_text(out->login, sizeof out->login, login);
	copy_text(out->name, sizeof out->name, r.name);
	copy_text(out->address, sizeof out->address, "local");
	return JX_OK;
}

enum jx_status jx_session_end(struct jx_store *st, const char *token)
{
	if (!token_shaped(token))
		return JX_OK;
	char id[65];
	token_id(token, id);
	return sql_exec(st, "结束会话失败", "DELETE FROM sessions WHERE id = $1", SQL_ARGS(SQL_T(id)))
		       ? JX_OK
		       : JX_ERR_STORE;
}
