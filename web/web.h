/*
 * web.h: `jixiao serve`, the local web app (serve.c): the HTTP layer
 * (http.c: libmicrohttpd, limits, token, CSRF, security headers,
 * routing), the pages (pages.c), the JSON API (api.c) and the
 * static script and style (assets.c).  Every page is rendered on the
 * server; the script only sorts and filters tables and drives the editor,
 * whose scores all come from the library through /api/rescore.
 */
#ifndef JX_WEB_H
#define JX_WEB_H

#include "cli.h"

#include <microhttpd.h>
#include <netinet/in.h>

struct web_req;

struct web {
	const char *db;          /* the database (--db) */
	bool secure_cookie;      /* --secure-cookie: the session cookie only over HTTPS */
	/* --trusted-proxy: requests from this address (network order; 0:
	 * none) are a reverse proxy's, the client the last address of their
	 * X-Forwarded-For */
	uint32_t trusted_proxy;
	/* --sso-header: the trusted proxy names the logged-in account in this
	 * header (a bureau's single sign-on in front); "" for none */
	char sso_header[64];
	/* whether the database holds accounts (http.c): once seen, for good
	 * (accounts are disabled, never removed); none is asked again at
	 * most every ACCOUNTS_RECHECK_S, so that the local mode's requests
	 * do not each open the database before their body */
	int accounts_seen;       /* 1: yes (atomic) */
	long long accounts_none_at; /* when none were seen last (CLOCK_MONOTONIC seconds, atomic) */
	char token[256];         /* --token, "" for none */
	char csrf[65];           /* this server's secret for state-changing requests */
	char sso_key[65];        /* the key of SSO accounts' CSRF secrets: never sent out */
	size_t max_upload;       /* bytes of one request body */
	/* the Host headers this server answers to without a token ("127.0.0.1:8080",
	 * "localhost:8080"): another name that resolves here (DNS rebinding)
	 * is not this server's page */
	char hosts[2][64];
	/* bytes of request bodies held in memory by all requests together
	 * (http.c): past max_inflight a request is answered 503 */
	size_t inflight, max_inflight;
	struct web_guard *guard; /* guard.c */
};

/* ---- store.c: each server thread's read connection ---- */

/* The calling thread's connection to w->db, open for reading (kept for
 * its next requests), limited to what `account` may see (0: everything;
 * jx_store_set_scope); NULL with why in err.  Never closed by the caller:
 * web_store_done() after each use ends a snapshot left open and the
 * scope (another request of the thread uses the connection next). */
struct jx_store *web_store(struct web *w, long long account, char *err, size_t errlen);
void web_store_done(struct jx_store *st);
/* The account a request acts for: its session's, 0 in the local mode
 * (no accounts in the database). */
long long web_account(const struct web_req *rq);

/* ---- guard.c: the listening socket, the head deadline, wrong tokens ---- */

/* A socket bound and listening at addr, or -1 with why in err ("端口已被占用"…). */
int web_listen(const struct sockaddr_in *addr, char *err, size_t errlen);
/* A request head must be complete within this many seconds of the
 * connection's start (or of the last answer on a kept-alive connection). */
enum { WEB_HEAD_DEADLINE_S = 10, WEB_PER_ADDRESS = 64, WEB_CONNECTIONS = 1000 };
/* A body must come at this many bytes a second on average, after a grace of
 * WEB_HEAD_DEADLINE_S: 8 KB/s, a slow mobile line; a byte every few seconds
 * is an attack on the server's connections. */
enum { WEB_BODY_MIN_RATE = 8 * 1024 };
struct web_guard *web_guard_new(unsigned deadline_s);
void web_guard_free(struct web_guard *g);
/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback; cls is the struct web. */
void web_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		      enum MHD_ConnectionNotificationCode toe);
/* A request of the connection started (its head came) or was answered. */
void web_guard_request(struct web_guard *g, struct MHD_Connection *c, bool started);
/* A request's body began (n 0) or n more bytes of it came. */
void web_guard_body(struct web_guard *g, struct MHD_Connection *c, size_t n);
/* Too many wrong tokens from the client's address lately: answer 429. */
/* By the client's address (web_req.addr4: behind --trusted-proxy, the one
 * the proxy forwarded). */
bool web_guard_throttled(struct web_guard *g, uint32_t addr);
void web_guard_strike(struct web_guard *g, uint32_t addr);

/* A file of a multipart upload: in memory while small, spooled to an
 * unlinked temporary file (spool) past WEB_SPOOL_AT bytes. */
struct web_file {
	char *name;              /* as the browser sent it: only shown, never a path */
	struct jx_buf data;
	FILE *spool;             /* the whole file when not NULL (data is empty then) */
	size_t size;
};
enum { WEB_SPOOL_AT = 256 * 1024 };

struct web_req {
	struct web *w;
	const char *method, *path;
	void *conn;              /* struct MHD_Connection */
	const char *body;        /* a raw body (JSON), NUL-terminated */
	size_t body_n;
	struct web_file *files;  /* multipart uploads */
	size_t nfiles;
	bool too_big;            /* the body passed max_upload: nothing of it is kept */
	bool http10;             /* not HTTP/1.1: a body ends when the connection does */
	/* the logged-in account (accounts mode), or NULL: the local mode, or
	 * a request to a page that needs no login (/login, /static) */
	const struct jx_session *who;
	bool accounts;           /* the database holds accounts: a login is needed */
	const char *address;     /* the client's address, for the audit log */
	uint32_t addr4;          /* … as a number (network order), for the throttles */
	bool from_proxy;         /* the peer is --trusted-proxy */
	/* the text fields of a multipart form (login, password, next …) */
	struct web_field *fields;
	size_t nfields;
};

/* The session's cookie: HttpOnly, SameSite=Strict, Path=/ (auth.c). */
#define WEB_SESSION_COOKIE "jixiao_session"

/* A text field of a multipart form post: at most WEB_FIELD_MAX bytes, at
 * most WEB_FIELDS of them (more, or longer: the request is refused). */
struct web_field {
	char *key;
	struct jx_buf value;
	size_t base; /* where the value of the key's last occurrence starts */
};
/* 128: a 复核 page's rows, one field each (a form has tens of indicators) */
enum { WEB_FIELDS = 128, WEB_FIELD_MAX = 16 * 1024 };
/* A field's text, or NULL. */
const char *web_field(const struct web_req *rq, const char *key);
/* The secret a state-changing request of this client carries: its
 * session's, else the server's (the login form, the local mode). */
const char *web_csrf(const struct web_req *rq);
/* Append an entry to the audit log for the request's account (errors are
 * logged on stderr: the action itself has happened). */
void web_log(struct web_req *rq, struct jx_store *st, const char *action, long long form_id,
	     const char *detail);

/* A response written while it is sent (a download of many forms): the
 * server asks next() for each part as the client takes the bytes before;
 * false ends the response (*failed: with an error: the chunked transfer
 * is broken off, which an HTTP/1.1 client reports; HTTP/1.0 has no chunks,
 * so such a client is answered from a buffer instead, never with a short
 * file that looks whole).  part starts with what was rendered before the
 * response was queued; free() when the response ends or the client goes. */
struct web_stream {
	bool (*next)(struct web_stream *s, struct jx_buf *part, bool *failed);
	void (*free)(struct web_stream *s);
	struct jx_buf part; /* the part being sent, from off */
	size_t off;
	bool ended;
};

struct web_resp {
	struct web_stream *stream; /* set: the body is the stream's, not body */
	unsigned status;
	const char *type;        /* Content-Type */
	struct jx_buf body;
	char disposition[512];   /* Content-Disposition, or "" */
	bool report_script;      /* the page is the report, whose script is inline */
	char location[2048];     /* a redirect's target, or "" */
	char cookie[400];        /* Set-Cookie, or "" */
};

/* A request that writes waits this long for another writer (a CLI import)
 * before it answers 503: a server thread is not held for minutes. */
enum { WEB_BUSY_MS = 5000 };

/* A query parameter of the request, or NULL. */
const char *web_arg(const struct web_req *rq, const char *key);
/* The stored forms an address asks for: ?year= (four digits), ?unit=,
 * ?project= (names matched exactly) and ?match=contains (names contained);
 * false with a message in err when an argument is not valid (answer 400). */
bool web_query(const struct web_req *rq, long long id, struct jx_store_query *q, char *err,
	       size_t errlen);

/* Pages (pages.c), each filling rs. */
/* The review of a stored form (review.c): its state, history, actions
 * and findings with their dispositions, at the end of the form's page;
 * POST /forms/ID/review (an action) and /forms/ID/dispose (a finding's
 * disposition). */
void web_review_panel(struct web_req *rq, struct jx_store *st, struct jx_buf *b, long long id);
void web_review_post(struct web_req *rq, struct web_resp *rs, long long id);
void web_dispose_post(struct web_req *rq, struct web_resp *rs, long long id);
/* GET /forms/ID/recheck: 财政's 复核 of a sampled form, row by row. */
void web_recheck_page(struct web_req *rq, struct web_resp *rs, long long id);

/* Tasks (tasks.c): GET /tasks, POST /tasks (财政, 管理员). */
void web_tasks(struct web_req *rq, struct web_resp *rs);
void web_task_post(struct web_req *rq, struct web_resp *rs);

/* Login, logout and the audit log (auth.c). */
void web_login_page(struct web_req *rq, struct web_resp *rs, const char *message, unsigned status);
void web_login(struct web_req *rq, struct web_resp *rs);
void web_logout(struct web_req *rq, struct web_resp *rs);
void web_log_page(struct web_req *rq, struct web_resp *rs, long long form_id);
void web_log_csv(struct web_req *rq, struct web_resp *rs);
/* Whether the request's account may change forms (upload, save, import):
 * not a 主管部门 reviewer's; false with a 403 set in rs. */
bool web_may_write(struct web_req *rq, struct web_resp *rs, bool api);
void web_overview(struct web_req *rq, struct web_resp *rs);
void web_list(struct web_req *rq, struct web_resp *rs);
void web_units(struct web_req *rq, struct web_resp *rs);
void web_form(struct web_req *rq, struct web_resp *rs, long long id);
void web_edit(struct web_req *rq, struct web_resp *rs, long long id);
void web_new(struct web_req *rq, struct web_resp *rs);
void web_history(struct web_req *rq, struct web_resp *rs, long long id);
void web_upload_page(struct web_req *rq, struct web_resp *rs);
void web_upload(struct web_req *rq, struct web_resp *rs);
void web_report(struct web_req *rq, struct web_resp *rs);
/* Downloads: one form (id > 0) or the forms of ?unit=&year= (id 0), as
 * xlsx, html, csv or json. */
void web_download(struct web_req *rq, struct web_resp *rs, long long id, const char *format);
/* A page's head, navigation (the account and 退出 when logged in) and
 * title as h1; its end (pages.c: every page looks the same). */
void web_page_begin(struct web_req *rq, struct jx_buf *b, const char *title);
void web_page_end(struct jx_buf *b);
/* An error page (HTML) with a Chinese message. */
void web_error(struct web_resp *rs, unsigned status, const char *message);

/* API (api.c). */
void web_api_forms(struct web_req *rq, struct web_resp *rs);
void web_api_form(struct web_req *rq, struct web_resp *rs, long long id);
void web_api_rescore(struct web_req *rq, struct web_resp *rs);
void web_api_save(struct web_req *rq, struct web_resp *rs, long long id);
void web_api_import(struct web_req *rq, struct web_resp *rs);
/* A JSON error {"error": message}. */
void web_api_error(struct web_resp *rs, unsigned status, const char *message);
/* Import each uploaded file (one transaction each) into res[i]. */
void web_import_files(struct web_req *rq, struct cli_import *res);

/* Static files (assets.c): pieces to concatenate, NULL-ended. */
extern const char *const web_app_js[], *const web_app_css[];

/* Escaped user text into HTML (the one escaping path, jx_render_html_text). */
static inline void H(struct jx_buf *b, const char *s)
{
	jx_render_html_text(b, s ? s : "");
}

#endif
