/*
 * web_http.c: the HTTP layer of `jixiao serve` on Debian's libmicrohttpd:
 * request bodies within a cap, the access token, CSRF protection, security
 * headers and the routing table.  Nothing here reads a file: every path is
 * matched against the routes below, and static files are in memory.
 *
 * Security, in the order a request meets it:
 *  - a path with "..", "//", a backslash or a control character: 400;
 *  - with --token, no valid token (cookie jixiao_token, a Bearer header, or
 *    ?token= which sets the cookie): 401;
 *  - a body over --max-upload: 413, nothing of it kept or imported;
 *  - a POST without this server's CSRF secret (X-CSRF-Token header, or the
 *    csrf field of a form) or from another origin: 403;
 *  - every response: Content-Security-Policy (scripts only from /static;
 *    the report's own inline script on the report page alone), nosniff,
 *    no framing, same-origin referrers only, no caching.
 */
#include "web.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>

static const char csp_default[] =
	"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
	"img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	"base-uri 'none'";
static const char csp_report[] =
	"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
	"img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/* One request's state across libmicrohttpd's calls. */
struct conn {
	struct web_req rq;
	struct jx_buf body;
	struct MHD_PostProcessor *pp;
	size_t received;
	char csrf_field[128];
	struct web_file *files;
	size_t nfiles;
	bool answered; /* a response is queued (a body over the cap, answered early) */
	bool too_many; /* more files than MAX_FILES */
};

enum { MAX_FILES = 64 }; /* files in one upload */

const char *web_arg(const struct web_req *rq, const char *key)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, key);
}

bool web_query(const struct web_req *rq, long long id, struct jx_store_query *q, char *err,
	       size_t errlen)
{
	const char *y = web_arg(rq, "year"), *match = web_arg(rq, "match");
	*q = (struct jx_store_query){.project = web_arg(rq, "project"), .unit = web_arg(rq, "unit"),
				     .id = id};
	if (y && *y) {
		/* four digits and nothing else: never atoi's "2023 OR 1=1" -> 2023 */
		bool digits = strlen(y) == 4;
		for (const char *p = y; digits && *p; p++)
			digits = *p >= '0' && *p <= '9';
		int v = digits ? atoi(y) : 0;
		if (v < 1900 || v > 2999) {
			snprintf(err, errlen, "参数 year 无效：应为四位年度，如 2023");
			return false;
		}
		q->year = v;
	}
	if (match && strcmp(match, "exact") && strcmp(match, "contains")) {
		snprintf(err, errlen, "参数 match 无效：应为 exact（名称相同，默认）或 contains（名称包含）");
		return false;
	}
	q->contains = match && !strcmp(match, "contains");
	return true;
}

/* A part of a multipart body: a file's bytes, or the csrf field. */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *filename, const char *type, const char *enc,
			       const char *data, uint64_t off, size_t size)
{
	(void)kind, (void)type, (void)enc;
	struct conn *cn = cls;
	if (!strcmp(key, "csrf")) {
		size_t have = strlen(cn->csrf_field);
		if (off == have && have + size < sizeof cn->csrf_field) {
			memcpy(cn->csrf_field + have, data, size);
			cn->csrf_field[have + size] = '\0';
		}
		return MHD_YES;
	}
	if (!filename)
		return MHD_YES; /* no other fields */
	if (off == 0) {
		if (cn->nfiles == MAX_FILES) {
			cn->too_many = true; /* the request is refused whole */
			return MHD_NO;
		}
		cn->files = cli_xrealloc(cn->files, (cn->nfiles + 1) * sizeof *cn->files);
		struct web_file *f = &cn->files[cn->nfiles++];
		f->name = cli_xstrdup(filename);
		jx_buf_init(&f->data, 0);
	}
	if (cn->nfiles)
		jx_buf_add(&cn->files[cn->nfiles - 1].data, data, size);
	return MHD_YES;
}

static struct conn *conn_new(struct web *w, struct MHD_Connection *c, const char *method,
			     const char *url)
{
	struct conn *cn = cli_xrealloc(NULL, sizeof *cn);
	memset(cn, 0, sizeof *cn);
	cn->rq.w = w;
	cn->rq.conn = c;
	cn->rq.method = method;
	cn->rq.path = url;
	jx_buf_init(&cn->body, 0);
	const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (len && strtoull(len, NULL, 10) > w->max_upload)
		cn->rq.too_big = true; /* refused before a byte is read */
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	/* a multipart body is parsed (files, the csrf field); any other body
	 * (the API's JSON) is kept as it came */
	if (!strcmp(method, "POST") && type && !strncmp(type, "multipart/form-data", 19))
		cn->pp = MHD_create_post_processor(c, 64 * 1024, on_part, cn);
	return cn;
}

static void conn_free(struct conn *cn)
{
	if (cn->pp)
		MHD_destroy_post_processor(cn->pp);
	for (size_t i = 0; i < cn->nfiles; i++) {
		free(cn->files[i].name);
		jx_buf_release(&cn->files[i].data);
	}
	free(cn->files);
	jx_buf_release(&cn->body);
	free(cn);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	if (*con_cls)
		conn_free(*con_cls);
	*con_cls = NULL;
}

/* ---- checks ------------------------------------------------------------------------ */

static bool path_safe(const char *p)
{
	if (p[0] != '/' || strstr(p, "..") || strstr(p, "//") || strchr(p, '\\'))
		return false;
	for (const unsigned char *s = (const unsigned char *)p; *s; s++)
		if (*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* Equal, in time that does not depend on where they differ. */
static bool same_secret(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	unsigned char d = (unsigned char)(n != m);
	for (size_t i = 0; i < n && i < m; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return !d && n;
}

static bool token_ok(struct web *w, struct MHD_Connection *c)
{
	if (!*w->token)
		return true;
	const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "jixiao_token");
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
	return (cookie && same_secret(cookie, w->token)) ||
	       (auth && !strncmp(auth, "Bearer ", 7) && same_secret(auth + 7, w->token)) ||
	       (arg && same_secret(arg, w->token));
}

/* The request names this server: its Host is one of the server's own
 * addresses, unless a token protects it (then any name may lead here, as
 * with --listen 0.0.0.0).  A page of another name that resolves to this
 * machine (DNS rebinding) is refused, so it can neither read nor post. */
static bool host_ok(struct web *w, struct MHD_Connection *c)
{
	if (*w->token)
		return true;
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	for (size_t i = 0; host && i < sizeof w->hosts / sizeof w->hosts[0]; i++)
		if (*w->hosts[i] && !strcmp(host, w->hosts[i]))
			return true;
	return false;
}

/* A state-changing request carries this server's secret and, when the
 * browser says where it comes from, comes from this origin. */
static bool csrf_ok(struct conn *cn)
{
	struct MHD_Connection *c = cn->rq.conn;
	const char *hdr = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
	if (!(hdr && same_secret(hdr, cn->rq.w->csrf)) && !same_secret(cn->csrf_field, cn->rq.w->csrf))
		return false;
	const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") && strcmp(site, "none"))
		return false;
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (origin && host) {
		const char *o = strstr(origin, "://");
		if (!o || strcmp(o + 3, host))
			return false;
	}
	return true;
}

/* ---- routing ------------------------------------------------------------------------- */

/* "/forms/12/edit" against "/forms/#/edit": # takes a positive id. */
static bool match(const char *path, const char *pattern, long long *id)
{
	while (*pattern) {
		if (*pattern == '#') {
			char *end;
			if (*path < '1' || *path > '9')
				return false;
			errno = 0;
			long long v = strtoll(path, &end, 10);
			if (v <= 0 || errno == ERANGE)
				return false;
			*id = v;
			path = end;
			pattern++;
			continue;
		}
		if (*path++ != *pattern++)
			return false;
	}
	return !*path;
}

static void route(struct conn *cn, struct web_resp *rs)
{
	struct web_req *rq = &cn->rq;
	const char *p = rq->path;
	long long id = 0;
	bool get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
	bool post = !strcmp(rq->method, "POST");
	static const char *const formats[] = {"xlsx", "html", "csv", "json"};
	if (get && !strcmp(p, "/static/app.js")) {
		rs->type = "text/javascript; charset=utf-8";
		for (const char *const *piece = web_app_js; *piece; piece++)
			jx_buf_puts(&rs->body, *piece);
	} else if (get && !strcmp(p, "/static/app.css")) {
		rs->type = "text/css; charset=utf-8";
		for (const char *const *piece = web_app_css; *piece; piece++)
			jx_buf_puts(&rs->body, *piece);
	} else if (get && !strcmp(p, "/static/report.css")) { /* the report's charts */
		rs->type = "text/css; charset=utf-8";
		jx_buf_puts(&rs->body, jx_report_css());
	} else if (get && !strcmp(p, "/static/form.css")) { /* the standard form's (html.c) */
		rs->type = "text/css; charset=utf-8";
		jx_buf_puts(&rs->body, jx_render_html_css());
	} else if (get && !strcmp(p, "/favicon.ico")) {
		rs->status = 204; /* none: browsers ask for it anyway */
	} else if (get && !strcmp(p, "/")) {
		web_overview(rq, rs);
	} else if (get && !strcmp(p, "/forms")) {
		web_list(rq, rs);
	} else if (get && !strcmp(p, "/forms/new")) {
		web_new(rq, rs);
	} else if (get && match(p, "/forms/#", &id)) {
		web_form(rq, rs, id);
	} else if (get && match(p, "/forms/#/edit", &id)) {
		web_edit(rq, rs, id);
	} else if (get && match(p, "/forms/#/history", &id)) {
		web_history(rq, rs, id);
	} else if (get && !strcmp(p, "/upload")) {
		web_upload_page(rq, rs);
	} else if (post && !strcmp(p, "/upload")) {
		web_upload(rq, rs);
	} else if (get && !strcmp(p, "/report")) {
		web_report(rq, rs);
	} else if (get && !strcmp(p, "/api/forms")) {
		web_api_forms(rq, rs);
	} else if (get && match(p, "/api/forms/#", &id)) {
		web_api_form(rq, rs, id);
	} else if (post && !strcmp(p, "/api/rescore")) {
		web_api_rescore(rq, rs);
	} else if (post && !strcmp(p, "/api/save")) {
		web_api_save(rq, rs, 0);
	} else if (post && match(p, "/api/forms/#/save", &id)) {
		web_api_save(rq, rs, id);
	} else if (post && !strcmp(p, "/api/import")) {
		web_api_import(rq, rs);
	} else {
		for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
			char pat[64];
			snprintf(pat, sizeof pat, "/forms/#/download.%s", formats[i]);
			if (get && match(p, pat, &id)) {
				web_download(rq, rs, id, formats[i]);
				return;
			}
			snprintf(pat, sizeof pat, "/download.%s", formats[i]);
			if (get && !strcmp(p, pat)) {
				web_download(rq, rs, 0, formats[i]);
				return;
			}
		}
		/* a known address asked with the wrong method: 405, not 404 */
		bool post_only = !strcmp(p, "/api/rescore") || !strcmp(p, "/api/import") ||
				 !strcmp(p, "/api/save") || match(p, "/api/forms/#/save", &id);
		if (get && post_only)
			web_error(rs, 405, "这个地址只接受 POST");
		else
			web_error(rs, get || post ? 404 : 405, get || post ? "没有这个页面" : "不支持的请求方法");
	}
}

static bool is_api(const char *path)
{
	return !strncmp(path, "/api/", 5);
}

static void refuse(struct conn *cn, struct web_resp *rs, unsigned status, const char *msg)
{
	if (is_api(cn->rq.path))
		web_api_error(rs, status, msg);
	else
		web_error(rs, status, msg);
}

/* <s> percent-encoded into b (all but unreserved characters). */
static void percent(struct jx_buf *b, const char *s, bool slash)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p) || (slash && *p == '/'))
			jx_buf_add(b, (const char *)p, 1);
		else
			jx_buf_printf(b, "%%%02X", *p);
}

struct query {
	struct jx_buf *b;
	bool first;
};

static enum MHD_Result keep_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	(void)kind;
	struct query *q = cls;
	if (!strcmp(key, "token"))
		return MHD_YES;
	jx_buf_puts(q->b, q->first ? "?" : "&");
	q->first = false;
	percent(q->b, key, false);
	if (value) {
		jx_buf_puts(q->b, "=");
		percent(q->b, value, false);
	}
	return MHD_YES;
}

/* The request's address without its token argument (its other arguments
 * kept), percent-encoded for a Location header. */
static void address_without_token(struct MHD_Connection *c, const char *path, char *out,
				  size_t cap)
{
	struct jx_buf b;
	jx_buf_init(&b, cap - 1);
	percent(&b, path, true);
	struct query q = {&b, true};
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, keep_arg, &q);
	snprintf(out, cap, "%s", b.overflow || !b.p ? "/" : b.p);
	jx_buf_release(&b);
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct web_resp *rs)
{
	if (rs->body.overflow) /* never a cut-off page that claims to be whole */
		web_error(rs, 500, "回应超过 512 MB，未发送");
	struct MHD_Response *r = MHD_create_response_from_buffer(
		rs->body.n, rs->body.p ? rs->body.p : (char *)"", MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				rs->type ? rs->type : "text/html; charset=utf-8");
	MHD_add_response_header(r, "Content-Security-Policy",
				rs->report_script ? csp_report : csp_default);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	/* same-origin, not no-referrer: with no-referrer a browser sends
	 * "Origin: null" on form posts, which the CSRF check must refuse */
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (*rs->disposition)
		MHD_add_response_header(r, "Content-Disposition", rs->disposition);
	if (*rs->location)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, rs->location);
	if (*rs->cookie)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, rs->cookie);
	enum MHD_Result ret = MHD_queue_response(c, rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result respond(struct web *w, struct MHD_Connection *c, struct conn *cn)
{
	struct web_resp rs = {.status = 200};
	jx_buf_init(&rs.body, (size_t)512 << 20);
	cn->rq.body = cn->body.p ? cn->body.p : "";
	cn->rq.body_n = cn->body.n;
	cn->rq.files = cn->files;
	cn->rq.nfiles = cn->nfiles;
	if (!host_ok(w, c)) {
		refuse(cn, &rs, 421, "请求的主机名不是本服务的地址（只接受 127.0.0.1 或 localhost；用其他地址访问请启动时设 --token）");
	} else if (!path_safe(cn->rq.path)) {
		refuse(cn, &rs, 400, "路径无效（不允许 ..、// 或控制字符）");
	} else if (!token_ok(w, c)) {
		refuse(cn, &rs, 401, "需要访问令牌：请使用启动 jixiao serve 时给出的地址（含 ?token=…）");
	} else if (cn->too_many) {
		char msg[160];
		snprintf(msg, sizeof msg, "一次最多上传 %d 个文件，未导入任何内容", MAX_FILES);
		refuse(cn, &rs, 413, msg);
	} else if (cn->rq.too_big) {
		char msg[160];
		snprintf(msg, sizeof msg, "上传的内容超过 %zu MB，未导入任何内容", w->max_upload >> 20);
		refuse(cn, &rs, 413, msg);
	} else if (!strcmp(cn->rq.method, "POST") && !csrf_ok(cn)) {
		refuse(cn, &rs, 403, "缺少或错误的 CSRF 令牌，或来自其他网站：请求被拒绝，未作任何修改");
	} else {
		const char *arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
		if (*w->token && arg && strcmp(cn->rq.method, "POST")) {
			/* remember it in a cookie, and take it out of the address */
			static const char cookie[] = "jixiao_token=%s; HttpOnly; SameSite=Strict; Path=/";
			snprintf(rs.cookie, sizeof rs.cookie, cookie, w->token);
			rs.status = 303;
			address_without_token(c, cn->rq.path, rs.location, sizeof rs.location);
		} else {
			route(cn, &rs);
		}
	}
	enum MHD_Result ret = send_resp(c, &rs);
	jx_buf_release(&rs.body);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct web *w = cls;
	struct conn *cn = *con_cls;
	if (!cn) {
		*con_cls = cn = conn_new(w, c, method, url);
		/* a declared length over the cap is answered before the body is
		 * sent (instead of 100 Continue); a chunked body over it is read
		 * to its end and dropped */
		if (!cn->rq.too_big)
			return MHD_YES;
		cn->answered = true;
		return respond(w, c, cn);
	}
	if (*upload_size) {
		cn->received += *upload_size;
		if (cn->received > w->max_upload)
			cn->rq.too_big = true;

		if (!cn->rq.too_big) {
			if (cn->pp)
				MHD_post_process(cn->pp, upload, *upload_size);
			else
				jx_buf_add(&cn->body, upload, *upload_size);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (cn->answered)
		return MHD_YES;
	if (cn->rq.too_big) { /* drop what was kept: nothing of it is used */
		for (size_t i = 0; i < cn->nfiles; i++)
			jx_buf_release(&cn->files[i].data);
		jx_buf_release(&cn->body);
	}
	return respond(w, c, cn);
}

void *web_start(struct web *w, const struct sockaddr *addr, unsigned threads)
{
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
					MHD_USE_EPOLL | MHD_USE_TURBO,
				0, NULL, NULL, on_request, w, MHD_OPTION_SOCK_ADDR, addr,
				MHD_OPTION_THREAD_POOL_SIZE, threads,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)256 * 1024,
				MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
}

void web_stop(void *daemon)
{
	MHD_stop_daemon(daemon);
}
