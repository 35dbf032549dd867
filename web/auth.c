/*
 * auth.c: who is asking, in `jixiao serve` with accounts (README,
 * "财政局的服务器"): the login page and its post, logout, the audit log's
 * pages, and the rule of who may change forms.  The sessions themselves
 * are the store's (jx_session_*); http.c finds a request's session before
 * anything else and refuses what needs one.
 *
 * The cookie is HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Path=/, and Secure with --secure-cookie (behind a
 * TLS proxy).  A login always makes a new token and ends the one the
 * browser brought, so a token planted before login is worth nothing
 * (session fixation); a token never appears in an address.
 */
#include "web.h"

#include <stdlib.h>
#include <string.h>

long long web_account(const struct web_req *rq)
{
	return rq->who && jx_role_scoped(rq->who->role) ? rq->who->account : 0;
}

/* The login form carries the server's secret whoever is logged in (its
 * page is the same for all); everything else a session's own. */
const char *web_csrf(const struct web_req *rq)
{
	return rq->who && strcmp(rq->path, "/login") ? rq->who->csrf : rq->w->csrf;
}

void web_log(struct web_req *rq, struct jx_store *st, const char *action, long long form_id,
	     const char *detail)
{
	struct jx_log_entry e = {
		.login = rq->who ? rq->who->login : rq->accounts ? "(未登录)" : "(本机)",
		.role = rq->who ? jx_role_id(rq->who->role) : "",
		.address = rq->address && *rq->address ? rq->address : "?",
		.action = action,
		.form_id = form_id,
		.detail = detail,
	};
	if (jx_log_append(st, &e) != JX_OK)
		fprintf(stderr, "jixiao serve: 未能写入审计日志（%s）：%s\n", action, jx_store_error(st));
}

bool web_may_write(struct web_req *rq, struct web_resp *rs, bool api)
{
	if (!rq->who || rq->who->role != JX_ROLE_DEPARTMENT)
		return true;
	const char *msg = "主管部门审核账号不能上传或修改自评表（只能审核）";
	if (api)
		web_api_error(rs, 403, msg);
	else
		web_error(rs, 403, msg);
	return false;
}

/* A `next` address to go to after login: a path of this server only
 * ("/forms?x", never "//evil" or "http://…"), else "/". */
static const char *next_path(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 900)
		return "/";
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "/";
	return next;
}

void web_login_page(struct web_req *rq, struct web_resp *rs, const char *message, unsigned status)
{
	if (!rq->accounts) {
		rs->status = 303;
		snprintf(rs->location, sizeof rs->location, "/");
		return;
	}
	rs->status = status;
	struct jx_buf *b = &rs->body;
	jx_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		       "<title>登录 · jixiao</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
		       "</head><body><nav><b>jixiao 绩效自评</b></nav><main><h1>登录</h1>\n");
	if (message) {
		jx_buf_puts(b, "<p class=\"error\" id=\"login-error\">");
		H(b, message);
		jx_buf_puts(b, "</p>\n");
	}
	if (rq->who) {
		jx_buf_puts(b, "<p>已登录为 ");
		H(b, rq->who->name);
		jx_buf_puts(b, "（");
		H(b, jx_role_label(rq->who->role));
		jx_buf_puts(b, "）。登录另一个账号会结束这个会话。</p>\n");
	}
	const char *next = web_field(rq, "next");
	if (!next)
		next = web_arg(rq, "next");
	jx_buf_puts(b, "<form method=\"post\" action=\"/login\" enctype=\"multipart/form-data\" id=\"login\">"
		       "<input type=\"hidden\" name=\"csrf\" value=\"");
	H(b, rq->w->csrf);
	jx_buf_puts(b, "\"><input type=\"hidden\" name=\"next\" value=\"");
	H(b, next_path(next));
	jx_buf_puts(b, "\"><p><label>账号 <input name=\"login\" autocomplete=\"username\" required "
		       "maxlength=\"63\"></label></p><p><label>密码 <input type=\"password\" name=\"password\" "
		       "autocomplete=\"current-password\" required></label></p>"
		       "<p><button type=\"submit\">登录</button></p></form>\n"
		       "<p class=\"note\">账号由管理员用 jixiao user add 创建；忘记密码请找管理员（jixiao user passwd）。</p>\n"
		       "</main></body></html>\n");
}

/* The session cookie: the token for max_age seconds (0: removed). */
static void session_cookie(struct web_req *rq, char *out, size_t cap, const char *token, long max_age)
{
	snprintf(out, cap, "%s=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%ld%s", WEB_SESSION_COOKIE,
		 token, max_age, rq->w->secure_cookie ? "; Secure" : "");
}

void web_login(struct web_req *rq, struct web_resp *rs)
{
	if (!rq->accounts) {
		web_error(rs, 404, "这个数据库没有账号：网页版是本机模式，不需要登录");
		return;
	}
	const char *login = web_field(rq, "login"), *password = web_field(rq, "password");
	char err[512];
	struct jx_store *st = web_store(rq->w, 0, err, sizeof err);
	if (!st) {
		web_error(rs, 503, err);
		return;
	}
	enum jx_login_result res = JX_LOGIN_DENIED;
	struct jx_session s;
	enum jx_status status = jx_session_login(st, login ? login : "", password ? password : "",
						 rq->address, &res, &s);
	char detail[200];
	snprintf(detail, sizeof detail, "账号 %.*s", jx_text_prefix(login, 63), login ? login : "");
	/* one answer for a wrong password, an unknown login, a disabled
	 * account and a locked one (which login exists is not told); a store
	 * that cannot count the attempt checks no password either */
	static const char denied[] = "账号或密码错误、账号已停用，或密码错误的次数过多（15 分钟后再试）";
	if (status != JX_OK) {
		web_guard_strike(rq->w->guard, rq->addr4);
		fprintf(stderr, "jixiao serve: 登录失败（数据库）：%s\n", jx_store_error(st));
		web_login_page(rq, rs, "登录暂时无法处理（数据库正忙），请稍后再试", 503);
	} else if (res != JX_LOGIN_OK) {
		web_guard_strike(rq->w->guard, rq->addr4);
		web_log(rq, st, res == JX_LOGIN_THROTTLED ? "login-throttled" : "login-failed", 0, detail);
		web_login_page(rq, rs, denied, 401);
	} else {
		/* the token the browser brought (if any) ends: one session a login */
		const char *old = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, WEB_SESSION_COOKIE);
		if (old)
			jx_session_end(st, old);
		rq->who = &s;
		web_log(rq, st, "login", 0, NULL);
		rq->who = NULL;
		rs->status = 303;
		session_cookie(rq, rs->cookie, sizeof rs->cookie, s.token, JX_SESSION_MAX_S);
		snprintf(rs->location, sizeof rs->location, "%s", next_path(web_field(rq, "next")));
	}
	web_store_done(st);
}

void web_logout(struct web_req *rq, struct web_resp *rs)
{
	rs->status = 303;
	snprintf(rs->location, sizeof rs->location, rq->accounts ? "/login" : "/");
	if (!rq->who)
		return;
	char err[512];
	struct jx_store *st = web_store(rq->w, 0, err, sizeof err);
	if (!st || jx_session_end(st, rq->who->token) != JX_OK) {
		web_error(rs, 503, st ? jx_store_error(st) : err);
		web_store_done(st);
		return;
	}
	web_log(rq, st, "logout", 0, NULL);
	web_store_done(st);
	session_cookie(rq, rs->cookie, sizeof rs->cookie, "", 0);
}

/* ---- the audit log ---------------------------------------------------------------------- */

/* Decision: the whole log is for 财政 and 管理员; another account sees the
 * entries of the forms it may see and its own, a form's page its entries. */
static long long log_scope(const struct web_req *rq)
{
	if (!rq->who || !jx_role_scoped(rq->who->role))
		return 0;
	return rq->who->account;
}

static const char *action_label(const char *a)
{
	static const struct {
		const char *id, *label;
	} names[] = {
		{"login", "登录"},          {"login-failed", "登录失败"},     {"login-throttled", "登录被限制"},
		{"logout", "退出"},         {"import", "上传导入"},          {"save", "保存"},
		{"user-add", "添加账号"},   {"user-disable", "停用账号"},    {"user-enable", "启用账号"},
		{"user-passwd", "修改密码"}, {"unit-import", "导入单位名册"},
		{"dispose", "处理审核发现"},
	};
	enum jx_action act;
	if (!strncmp(a, "review-", 7) && jx_action_from_name(a + 7, &act))
		return jx_action_label(act);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(a, names[i].id))
			return names[i].label;
	return a;
}

struct log_rows {
	struct jx_buf *b;
	unsigned long n;
	bool csv;
	long long last; /* the id of the last row written */
};

/* Entries a page shows (newest first; 更早的 for the ones before). */
enum { LOG_PAGE = 500, LOG_CHUNK = 2000 };

static void csv_cell(struct jx_buf *b, const char *s, bool last)
{
	jx_render_csv_field(b, s ? s : "");
	jx_buf_puts(b, last ? "\r\n" : ",");
}

static int log_row(const struct jx_log_entry *e, void *ud)
{
	struct log_rows *l = ud;
	struct jx_buf *b = l->b;
	l->n++;
	l->last = e->id;
	char form[32] = "";
	if (e->form_id)
		snprintf(form, sizeof form, "%lld", e->form_id);
	if (l->csv) {
		char id[32];
		snprintf(id, sizeof id, "%lld", e->id);
		csv_cell(b, id, false);
		csv_cell(b, e->at, false);
		csv_cell(b, e->login, false);
		csv_cell(b, e->role, false);
		csv_cell(b, e->address, false);
		csv_cell(b, e->action, false);
		csv_cell(b, form, false);
		csv_cell(b, e->detail, false);
		csv_cell(b, e->before, false);
		csv_cell(b, e->after, true);
		return 0;
	}
	jx_buf_printf(b, "<tr><td>%lld</td><td class=\"l\">", e->id);
	H(b, e->at);
	jx_buf_puts(b, "</td><td class=\"l\">");
	H(b, e->login);
	jx_buf_puts(b, "</td><td class=\"l\">");
	enum jx_role r;
	H(b, jx_role_from_name(e->role, &r) ? jx_role_label(r) : e->role);
	jx_buf_puts(b, "</td><td class=\"l\">");
	H(b, e->address);
	jx_buf_puts(b, "</td><td class=\"l\" data-action=\"");
	H(b, e->action);
	jx_buf_puts(b, "\">");
	H(b, action_label(e->action));
	jx_buf_puts(b, "</td><td>");
	if (e->form_id)
		jx_buf_printf(b, "<a href=\"/forms/%lld\">%lld</a>", e->form_id, e->form_id);
	jx_buf_puts(b, "</td><td class=\"l\">");
	H(b, e->detail ? e->detail : "");
	jx_buf_puts(b, "</td></tr>\n");
	return 0;
}

/* A page's rows: LOG_PAGE of them; one more says there are older ones. */
struct log_page {
	struct log_rows *l;
	bool more;
};

static int log_page_row(const struct jx_log_entry *e, void *ud)
{
	struct log_page *lp = ud;
	if (lp->l->n == LOG_PAGE) {
		lp->more = true;
		return 1;
	}
	return log_row(e, lp->l);
}

void web_log_page(struct web_req *rq, struct web_resp *rs, long long form_id)
{
	char err[512];
	struct jx_store *st = web_store(rq->w, web_account(rq), err, sizeof err);
	if (!st) {
		web_error(rs, 503, err);
		return;
	}
	/* a form's log only for a form the account may see: 404 like no form */
	struct jx_buf json;
	jx_buf_init(&json, 0);
	bool visible = !form_id || jx_store_form_json(st, form_id, &json) == JX_OK;
	jx_buf_release(&json);
	if (!visible) {
		web_error(rs, 404, "没有这张表");
		web_store_done(st);
		return;
	}
	struct jx_buf *b = &rs->body;
	char title[64];
	snprintf(title, sizeof title, form_id ? "第 %lld 号表的审计日志" : "审计日志", form_id);
	web_page_begin(rq, b, title);
	if (form_id)
		jx_buf_printf(b, "<p><a href=\"/forms/%lld\">回到这张表</a></p>\n", form_id);
	else
		jx_buf_puts(b, "<p class=\"note\">每一次登录、上传、保存和账号的变动，只增不改：jixiao 不能修改或删除任何一条。"
			       " <a href=\"/log.csv\">下载 CSV</a></p>\n");
	jx_buf_puts(b, "<table class=\"data sortable\" id=\"log\"><thead><tr><th>序号</th><th>时间（UTC）</th>"
		       "<th>账号</th><th>角色</th><th>地址</th><th>操作</th><th>表</th><th>说明</th></tr></thead><tbody>\n");
	const char *before = web_arg(rq, "before");
	struct jx_log_query q = {.form_id = form_id, .account = form_id ? 0 : log_scope(rq),
				 .before = before ? strtoll(before, NULL, 10) : 0, .limit = LOG_PAGE + 1,
				 .newest_first = true};
	struct log_rows l = {b, 0, false, 0};
	struct log_page lp = {&l, 0};
	enum jx_status s = jx_log_list(st, &q, log_page_row, &lp);
	jx_buf_puts(b, "</tbody></table>\n");
	if (s != JX_OK) {
		web_error(rs, 500, jx_store_error(st));
	} else {
		jx_buf_printf(b, "<p class=\"pages\">这一页 %lu 条（最新的在前）", l.n);
		if (lp.more) {
			if (form_id)
				jx_buf_printf(b, " · <a href=\"/forms/%lld/log?before=%lld\" id=\"older\">更早的记录</a>", form_id,
					      l.last);
			else
				jx_buf_printf(b, " · <a href=\"/log?before=%lld\" id=\"older\">更早的记录</a>", l.last);
		}
		jx_buf_puts(b, "</p>\n");
		web_page_end(b);
	}
	web_store_done(st);
}

/* /log.csv as it is sent: LOG_CHUNK entries a part, each part asked of
 * the store after the last id sent (the log grows while it is read: what
 * was appended before the end is in it), so a log of any length takes
 * one part's memory. */
struct log_stream {
	struct web_stream s;
	struct web *w;
	long long scope, last;
	bool done;
};

static bool log_stream_next(struct web_stream *s, struct jx_buf *part, bool *failed)
{
	struct log_stream *ls = (struct log_stream *)s;
	if (ls->done)
		return false;
	char err[512];
	struct jx_store *st = web_store(ls->w, 0, err, sizeof err);
	struct log_rows l = {part, 0, true, ls->last};
	struct jx_log_query q = {.account = ls->scope, .after = ls->last, .limit = LOG_CHUNK};
	bool ok = st && jx_log_list(st, &q, log_row, &l) == JX_OK;
	web_store_done(st);
	*failed = !ok;
	ls->last = l.last;
	ls->done = l.n < LOG_CHUNK;
	return ok && (l.n || part->n);
}

static void log_stream_free(struct web_stream *s)
{
	free(s);
}

void web_log_csv(struct web_req *rq, struct web_resp *rs)
{
	struct log_stream *ls = cli_xrealloc(NULL, sizeof *ls);
	memset(ls, 0, sizeof *ls);
	ls->s.next = log_stream_next;
	ls->s.free = log_stream_free;
	ls->w = rq->w;
	ls->scope = log_scope(rq);
	jx_buf_init(&ls->s.part, 0);
	jx_buf_puts(&ls->s.part, "\xef\xbb\xbf序号,时间（UTC）,账号,角色,地址,操作,表,说明,改前,改后\r\n");
	rs->type = "text/csv; charset=utf-8";
	snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"audit-log.csv\"");
	if (!rq->http10) {
		rs->stream = &ls->s;
		return;
	}
	/* HTTP/1.0 has no chunks to break off on an error: the whole file
	 * from a buffer, or an error page, never a short file that looks whole */
	jx_buf_add(&rs->body, ls->s.part.p, ls->s.part.n);
	bool failed = false;
	for (;;) {
		jx_buf_reset(&ls->s.part);
		if (!log_stream_next(&ls->s, &ls->s.part, &failed))
			break;
		jx_buf_add(&rs->body, ls->s.part.p, ls->s.part.n);
	}
	if (failed || rs->body.overflow) {
		rs->disposition[0] = '\0';
		web_error(rs, 500, "审计日志无法读出");
	}
	jx_buf_release(&ls->s.part);
	free(ls);
}
