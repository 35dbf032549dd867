/*
 * http.c: the HTTP layer of `jixiao serve` on Debian's libmicrohttpd:
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

#include <arpa/inet.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

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
	size_t held;           /* bytes of this request counted in w->inflight */
	char csrf_field[128];
	struct web_file *files;
	size_t nfiles;
	bool answered;         /* a response is queued (refused before its body) */
	bool too_many;         /* more files than MAX_FILES */
	bool csrf_pending;     /* a multipart post: its csrf field must come before its files */
	bool csrf_refused;     /* … and did not */
	bool busy;             /* the bodies in memory passed w->max_inflight: 503 */
	bool spool_failed;     /* a temporary file could not be written: 503 */
	bool fields_refused;   /* more than WEB_FIELDS fields, or one too long: 413 */
	bool sso_unknown;      /* the proxy named an account jixiao has not (or disabled): 403 */
	struct jx_session session; /* the logged-in account (rq.who points here) */
	char address[64];      /* the client's address (rq.address) */
	char location[1024];   /* where a request refused before its body is sent (303) */
	struct web_field fields[WEB_FIELDS];
};

enum { MAX_FILES = 64 }; /* files in one upload */

/* n more bytes of body held in memory for cn, if all requests together stay
 * within the server's bound; false (and nothing counted) otherwise. */
static bool hold(struct conn *cn, size_t n)
{
	struct web *w = cn->rq.w;
	size_t now = __atomic_add_fetch(&w->inflight, n, __ATOMIC_RELAXED);
	if (now > w->max_inflight) {
		__atomic_sub_fetch(&w->inflight, n, __ATOMIC_RELAXED);
		return false;
	}
	cn->held += n;
	return true;
}

static void unhold(struct conn *cn, size_t n)
{
	__atomic_sub_fetch(&cn->rq.w->inflight, n, __ATOMIC_RELAXED);
	cn->held -= n;
}

/* A piece of an uploaded file: in memory while the file is small, then in
 * a temporary file, so that large uploads do not hold memory. */
static void file_add(struct conn *cn, struct web_file *f, const char *data, size_t size)
{
	f->size += size;
	if (!f->spool && f->data.n + size > WEB_SPOOL_AT) {
		f->spool = cli_temp_file("jixiao-up");
		if (!f->spool || (f->data.n && fwrite(f->data.p, 1, f->data.n, f->spool) != f->data.n)) {
			cn->spool_failed = true;
			return;
		}
		unhold(cn, f->data.n);
		jx_buf_release(&f->data);
		jx_buf_init(&f->data, 0);
	}
	if (f->spool) {
		if (fwrite(data, 1, size, f->spool) != size)
			cn->spool_failed = true;
	} else if (hold(cn, size)) {
		jx_buf_add(&f->data, data, size);
	} else {
		cn->busy = true;
	}
}

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

static bool csrf_secret_ok(struct conn *cn, const char *field);

const char *web_field(const struct web_req *rq, const char *key)
{
	for (size_t i = 0; i < rq->nfields; i++)
		if (!strcmp(rq->fields[i].key, key))
			return rq->fields[i].value.p ? rq->fields[i].value.p : "";
	return NULL;
}

/* size bytes at off of field `key`; false (the request refused whole)
 * past WEB_FIELDS fields or WEB_FIELD_MAX bytes of one, or without the
 * memory to hold it. */
static bool field_add(struct conn *cn, const char *key, const char *data, uint64_t off, size_t size)
{
	struct web_req *rq = &cn->rq;
	struct web_field *f = NULL;
	for (size_t i = 0; i < rq->nfields; i++)
		if (!strcmp(rq->fields[i].key, key))
			f = &rq->fields[i];
	if (!f && off == 0) {
		if (rq->nfields == WEB_FIELDS) {
			cn->fields_refused = true;
			return false;
		}
		f = &cn->fields[rq->nfields++];
		f->key = cli_xstrdup(key);
		jx_buf_init(&f->value, WEB_FIELD_MAX);
	}
	if (f && off == 0 && f->value.n) { /* a field named again (checkboxes): joined by a space */
		jx_buf_add(&f->value, " ", 1);
		f->base = f->value.n;
	}
	if (!f || f->base + off != f->value.n)
		return true;
	if (!hold(cn, size)) {
		cn->busy = true;
		return false;
	}
	jx_buf_add(&f->value, data, size);
	if (f->value.overflow) {
		cn->fields_refused = true;
		return false;
	}
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
	if (!filename) /* a text field (a login form's, a review's) */
		return field_add(cn, key, data, off, size) ? MHD_YES : MHD_NO;
	if (cn->csrf_pending) {
		/* a file before (or without) this server's secret: nothing of
		 * the body is kept, the rest is not parsed */
		cn->csrf_pending = false;
		if (!csrf_secret_ok(cn, cn->csrf_field)) {
			cn->csrf_refused = true;
			return MHD_NO;
		}
	}
	if (cn->busy || cn->spool_failed || cn->csrf_refused)
		return MHD_NO;
	if (off == 0) {
		if (cn->nfiles == MAX_FILES) {
			cn->too_many = true; /* the request is refused whole */
			return MHD_NO;
		}
		cn->files = cli_xrealloc(cn->files, (cn->nfiles + 1) * sizeof *cn->files);
		struct web_file *f = &cn->files[cn->nfiles++];
		memset(f, 0, sizeof *f);
		f->name = cli_xstrdup(filename);
		jx_buf_init(&f->data, 0);
	}
	if (cn->nfiles)
		file_add(cn, &cn->files[cn->nfiles - 1], data, size);
	return MHD_YES;
}

/* The client's address: the peer's, or behind --trusted-proxy the last
 * address of the X-Forwarded-For the proxy set (the ones before it are
 * whatever the client claimed).  0 when neither is IPv4. */
static uint32_t client_of(struct web *w, struct MHD_Connection *c, bool *from_proxy)
{
	*from_proxy = false;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr || ci->client_addr->sa_family != AF_INET)
		return 0;
	uint32_t peer = ((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr.s_addr;
	*from_proxy = w->trusted_proxy && peer == w->trusted_proxy;
	const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
	if (!*from_proxy || !xff)
		return peer;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	char ip[INET_ADDRSTRLEN];
	size_t n = strcspn(last, " ");
	struct in_addr a;
	if (n >= sizeof ip)
		return peer;
	memcpy(ip, last, n);
	ip[n] = '\0';
	return inet_pton(AF_INET, ip, &a) == 1 ? a.s_addr : peer;
}

static struct conn *conn_new(struct web *w, struct MHD_Connection *c, const char *method,
			     const char *url, const char *version)
{
	struct conn *cn = cli_xrealloc(NULL, sizeof *cn);
	memset(cn, 0, sizeof *cn);
	cn->rq.w = w;
	cn->rq.conn = c;
	cn->rq.method = method;
	cn->rq.path = url;
	cn->rq.http10 = !version || strcmp(version, MHD_HTTP_VERSION_1_1) != 0;
	jx_buf_init(&cn->body, 0);
	cn->rq.fields = cn->fields;
	cn->rq.address = cn->address;
	cn->rq.addr4 = client_of(w, c, &cn->rq.from_proxy);
	struct in_addr a = {cn->rq.addr4};
	inet_ntop(AF_INET, &a, cn->address, sizeof cn->address);
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
		if (cn->files[i].spool)
			fclose(cn->files[i].spool);
	}
	free(cn->files);
	for (size_t i = 0; i < cn->rq.nfields; i++) {
		free(cn->fields[i].key);
		jx_buf_release(&cn->fields[i].value);
	}
	sodium_memzero(&cn->session, sizeof cn->session);
	jx_buf_release(&cn->body);
	if (cn->held)
		unhold(cn, cn->held);
	free(cn);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	if (*con_cls)
		conn_free(*con_cls);
	*con_cls = NULL;
	web_guard_request(((struct web *)cls)->guard, c, false);
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

static bool token_presented(struct MHD_Connection *c)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	return MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "jixiao_token") ||
	       MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token") ||
	       (auth && !strncmp(auth, "Bearer ", 7));
}

/* The request names this server: its Host is one of the server's own
 * addresses, unless a token protects it (then any name may lead here, as
 * with --listen 0.0.0.0).  A page of another name that resolves to this
 * machine (DNS rebinding) is refused, so it can neither read nor post. */
static bool host_ok(struct web *w, struct MHD_Connection *c, bool accounts)
{
	if (*w->token || accounts) /* a login guards it: behind a proxy, any name */
		return true;
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	for (size_t i = 0; host && i < sizeof w->hosts / sizeof w->hosts[0]; i++)
		if (*w->hosts[i] && !strcmp(host, w->hosts[i]))
			return true;
	return false;
}

/* The request comes from this server's own pages, as far as the browser
 * says: Sec-Fetch-Site same-origin or none (typed, a bookmark), and an
 * Origin, when there is one, of exactly http:// or https:// and this Host
 * (https: behind a TLS proxy that keeps the Host).  Another scheme (null,
 * file://, an extension's) is another origin. */
static bool origin_ok(struct MHD_Connection *c)
{
	const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") && strcmp(site, "none"))
		return false;
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (!origin)
		return true;
	const char *o = !strncmp(origin, "http://", 7) ? origin + 7
			: !strncmp(origin, "https://", 8) ? origin + 8
							   : NULL;
	return o && host && !strcmp(o, host);
}

/* A state-changing request carries this server's secret (the X-CSRF-Token
 * header, or a multipart post's csrf field: `field`) and comes from this
 * origin. */
static bool csrf_secret_ok(struct conn *cn, const char *field)
{
	struct MHD_Connection *c = cn->rq.conn;
	const char *hdr = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
	const char *secret = web_csrf(&cn->rq);
	if (!(hdr && same_secret(hdr, secret)) && !(field && same_secret(field, secret)))
		return false;
	return origin_ok(c);
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
	} else if (get && !strcmp(p, "/login")) {
		web_login_page(rq, rs, NULL, 200);
	} else if (post && !strcmp(p, "/login")) {
		web_login(rq, rs);
	} else if (post && !strcmp(p, "/logout")) {
		web_logout(rq, rs);
	} else if (get && !strcmp(p, "/tasks")) {
		web_tasks(rq, rs);
	} else if (post && !strcmp(p, "/tasks")) {
		web_task_post(rq, rs);
	} else if (get && !strcmp(p, "/log")) {
		web_log_page(rq, rs, 0);
	} else if (get && !strcmp(p, "/log.csv")) {
		web_log_csv(rq, rs);
	} else if (get && match(p, "/forms/#/log", &id)) {
		web_log_page(rq, rs, id);
	} else if (get && match(p, "/forms/#/recheck", &id)) {
		web_recheck_page(rq, rs, id);
	} else if (post && match(p, "/forms/#/review", &id)) {
		web_review_post(rq, rs, id);
	} else if (post && match(p, "/forms/#/dispose", &id)) {
		web_dispose_post(rq, rs, id);
	} else if (get && !strcmp(p, "/")) {
		web_overview(rq, rs);
	} else if (get && !strcmp(p, "/forms")) {
		web_list(rq, rs);
	} else if (get && !strcmp(p, "/units")) {
		web_units(rq, rs);
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
		if (web_may_write(rq, rs, false))
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
		if (web_may_write(rq, rs, true))
			web_api_save(rq, rs, 0);
	} else if (post && match(p, "/api/forms/#/save", &id)) {
		if (web_may_write(rq, rs, true))
			web_api_save(rq, rs, id);
	} else if (post && !strcmp(p, "/api/import")) {
		if (web_may_write(rq, rs, true))
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
		bool post_only = !strcmp(p, "/api/rescore") || !strcmp(p, "/api/import") || !strcmp(p, "/logout") ||
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

/* libmicrohttpd asks a stream for up to max bytes at pos. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct web_stream *s = cls;
	while (s->off == s->part.n) {
		bool failed = false;
		jx_buf_reset(&s->part);
		s->off = 0;
		if (s->ended || !s->next(s, &s->part, &failed) || s->part.overflow) {
			bool broken = failed || s->part.overflow;
			s->ended = true;
			jx_buf_reset(&s->part);
			return broken ? MHD_CONTENT_READER_END_WITH_ERROR : MHD_CONTENT_READER_END_OF_STREAM;
		}
	}
	size_t k = s->part.n - s->off < max ? s->part.n - s->off : max;
	memcpy(buf, s->part.p + s->off, k);
	s->off += k;
	return (ssize_t)k;
}

static void stream_free(void *cls)
{
	struct web_stream *s = cls;
	jx_buf_release(&s->part);
	s->free(s);
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct web_resp *rs)
{
	if (rs->body.overflow) /* never a cut-off page that claims to be whole */
		web_error(rs, 500, "回应超过 512 MB，未发送");
	struct MHD_Response *r;
	if (rs->stream) {
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, rs->stream,
						      stream_free);
	} else {
		r = MHD_create_response_from_buffer(rs->body.n, rs->body.p ? rs->body.p : (char *)"",
						    MHD_RESPMEM_MUST_COPY);
	}
	if (!r) { /* no memory: the connection is closed (a stream freed here) */
		if (rs->stream)
			stream_free(rs->stream);
		return MHD_NO;
	}
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

/* A header named `key` (any case) and how often it came. */
struct header_count {
	const char *key;
	unsigned n;
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind, (void)value;
	struct header_count *h = cls;
	h->n += !strcasecmp(key, h->key);
	return MHD_YES;
}

static unsigned header_times(struct MHD_Connection *c, const char *key)
{
	struct header_count h = {key, 0};
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &h);
	return h.n;
}

/* Paths served without a login: the login page and the static files it uses. */
static bool is_public(const char *path)
{
	return !strncmp(path, "/static/", 8) || !strcmp(path, "/favicon.ico");
}

enum { ACCOUNTS_RECHECK_S = 2 };

static long long mono_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec;
}

/* Whether the database holds accounts, and the session the request's
 * cookie names (rq.who), on the thread's connection. */
static void find_session(struct conn *cn, bool public)
{
	struct web *w = cn->rq.w;
	long long now = mono_s();
	bool seen = __atomic_load_n(&w->accounts_seen, __ATOMIC_ACQUIRE);
	long long none_at = __atomic_load_n(&w->accounts_none_at, __ATOMIC_RELAXED);
	if (!seen && none_at && now - none_at < ACCOUNTS_RECHECK_S)
		return; /* the local mode, asked a moment ago */
	char err[512];
	struct jx_store *st = web_store(w, 0, err, sizeof err);
	bool any = false;
	if (st && jx_account_any(st, &any) == JX_OK && any)
		__atomic_store_n(&w->accounts_seen, 1, __ATOMIC_RELEASE);
	else if (!seen)
		__atomic_store_n(&w->accounts_none_at, now, __ATOMIC_RELAXED);
	/* once accounts were seen, a database that cannot be read now is no
	 * reason to serve without a login: closed, not open */
	cn->rq.accounts = any || seen;
	const char *sso = *w->sso_header && cn->rq.from_proxy
				  ? MHD_lookup_connection_value(cn->rq.conn, MHD_HEADER_KIND, w->sso_header)
				  : NULL;
	if (st && cn->rq.accounts && !public && sso) {
		/* the proxy's single sign-on names the account: no cookie, no
		 * password; the CSRF secret is the login's under a key of this
		 * run that no page shows (the login form's secret is public) */
		if (jx_session_for(st, sso, &cn->session) == JX_OK) {
			unsigned char h[32];
			crypto_generichash(h, sizeof h, (const unsigned char *)sso, strlen(sso),
					   (const unsigned char *)w->sso_key, strlen(w->sso_key));
			sodium_bin2hex(cn->session.csrf, sizeof cn->session.csrf, h, sizeof h);
			snprintf(cn->session.address, sizeof cn->session.address, "%s", cn->address);
			cn->rq.who = &cn->session;
		} else {
			cn->sso_unknown = true;
		}
	} else if (st && cn->rq.accounts && !public) {
		const char *cookie = MHD_lookup_connection_value(cn->rq.conn, MHD_COOKIE_KIND, WEB_SESSION_COOKIE);
		bool found = false;
		if (cookie && jx_session_resume(st, cookie, &cn->session, &found) == JX_OK && found) {
			cn->rq.who = &cn->session;
			snprintf(cn->session.address, sizeof cn->session.address, "%s", cn->address);
		}
	}
	web_store_done(st);
}

/* /login?next=<the address asked for>, percent-encoded. */
static void login_location(struct MHD_Connection *c, const char *path, char *out, size_t cap)
{
	char here[900];
	address_without_token(c, path, here, sizeof here);
	struct jx_buf b;
	jx_buf_init(&b, cap - 1);
	jx_buf_puts(&b, "/login?next=");
	percent(&b, here, true);
	snprintf(out, cap, "%s", b.overflow || !b.p ? "/login" : b.p);
	jx_buf_release(&b);
}

/*
 * The checks a request meets on libmicrohttpd's first call, before a byte
 * of its body is read: 0 when it may go on, else the status to answer at
 * once (msg: why, in Chinese).  A client without the token or the CSRF
 * secret never makes the server hold its body.
 */
static unsigned gate(struct conn *cn, char *msg, size_t cap)
{
	struct web *w = cn->rq.w;
	struct MHD_Connection *c = cn->rq.conn;
	bool post = !strcmp(cn->rq.method, "POST");
	const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *mode = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Mode");
	const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
	if (!path_safe(cn->rq.path))
		return snprintf(msg, cap, "路径无效（不允许 ..、// 或控制字符）"), 400;
	bool public = is_public(cn->rq.path);
	find_session(cn, public);
	if (!host_ok(w, c, cn->rq.accounts))
		return snprintf(msg, cap, "请求的主机名不是本服务的地址（只接受 127.0.0.1 或 localhost；"
					  "用其他地址访问请启动时设 --token）"), 421;
	if (*w->token && web_guard_throttled(w->guard, cn->rq.addr4))
		return snprintf(msg, cap, "错误的访问令牌次数过多，请一分钟后再试"), 429;
	if (!token_ok(w, c)) {
		if (token_presented(c)) /* a page opened without one is no guess */
			web_guard_strike(w->guard, cn->rq.addr4);
		return snprintf(msg, cap, "需要访问令牌：请使用启动 jixiao serve 时给出的地址（含 ?token=…）"), 401;
	}
	if (cn->sso_unknown)
		return snprintf(msg, cap, "单点登录的账号在 jixiao 中不存在或已停用：请管理员用 jixiao user add 创建"), 403;
	if (cn->rq.accounts && !cn->rq.who && !public && strcmp(cn->rq.path, "/login")) {
		bool get = !strcmp(cn->rq.method, "GET") || !strcmp(cn->rq.method, "HEAD");
		if (!get || is_api(cn->rq.path))
			return snprintf(msg, cap, "请先登录（会话不存在或已过期）"), 401;
		login_location(c, cn->rq.path, cn->location, sizeof cn->location);
		return snprintf(msg, cap, "请先登录"), 303;
	}
	if (cn->rq.accounts && !strcmp(cn->rq.path, "/login") && !strcmp(cn->rq.method, "POST") &&
	    web_guard_throttled(w->guard, cn->rq.addr4))
		return snprintf(msg, cap, "这个地址登录失败的次数过多，请一分钟后再试"), 429;
	if (header_times(c, MHD_HTTP_HEADER_CONTENT_LENGTH) > 1)
		return snprintf(msg, cap, "请求有多个 Content-Length"), 400;
	if (te && strcasecmp(te, "chunked"))
		return snprintf(msg, cap, "不支持的 Transfer-Encoding「%.40s」", te), 501;
	if (te && len)
		return snprintf(msg, cap, "请求同时有 Content-Length 和 Transfer-Encoding"), 400;
	bool get = !strcmp(cn->rq.method, "GET") || !strcmp(cn->rq.method, "HEAD");
	if (get && (te || (len && strtoull(len, NULL, 10) > 0)))
		return snprintf(msg, cap, "GET 请求不应有请求体"), 400;
	if (len && strtoull(len, NULL, 10) > w->max_upload)
		return snprintf(msg, cap, "上传的内容超过 %zu MB，未导入任何内容", w->max_upload >> 20), 413;
	/* another site's page may make the browser fetch here (an image, a
	 * script, fetch in no-cors mode): only a navigation (a link followed)
	 * is served across sites, never a heavy page's work for a third party */
	if (site && !strcmp(site, "cross-site") && !(mode && !strcmp(mode, "navigate") && !post))
		return snprintf(msg, cap, "来自其他网站的请求被拒绝"), 403;
	if (post && !MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token") && cn->pp) {
		cn->csrf_pending = true; /* its csrf field comes first (on_part) */
	} else if (post && !csrf_secret_ok(cn, NULL)) {
		return snprintf(msg, cap, "缺少或错误的 CSRF 令牌，或来自其他网站：请求被拒绝，未作任何修改"), 403;
	}
	return 0;
}

/* The answer to a request whose body has come: what went wrong while it
 * was read, else the route's. */
static enum MHD_Result respond(struct web *w, struct MHD_Connection *c, struct conn *cn)
{
	struct web_resp rs = {.status = 200};
	jx_buf_init(&rs.body, (size_t)512 << 20);
	cn->rq.body = cn->body.p ? cn->body.p : "";
	cn->rq.body_n = cn->body.n;
	cn->rq.files = cn->files;
	cn->rq.nfiles = cn->nfiles;
	if (cn->csrf_pending) /* a multipart post without files: its field is in */
		cn->csrf_refused = !csrf_secret_ok(cn, cn->csrf_field);
	if (cn->rq.too_big) {
		char msg[160];
		snprintf(msg, sizeof msg, "上传的内容超过 %zu MB，未导入任何内容", w->max_upload >> 20);
		refuse(cn, &rs, 413, msg);
	} else if (cn->csrf_refused) {
		refuse(cn, &rs, 403, "缺少或错误的 CSRF 令牌（表单的 csrf 字段须在文件之前），或来自其他网站：请求被拒绝，未作任何修改");
	} else if (cn->fields_refused) {
		char msg[160];
		snprintf(msg, sizeof msg, "表单的字段太多（最多 %d 个）或太长（每个最多 %d KB）", WEB_FIELDS,
			 WEB_FIELD_MAX / 1024);
		refuse(cn, &rs, 413, msg);
	} else if (cn->too_many) {
		char msg[160];
		snprintf(msg, sizeof msg, "一次最多上传 %d 个文件，未导入任何内容", MAX_FILES);
		refuse(cn, &rs, 413, msg);
	} else if (cn->busy) {
		refuse(cn, &rs, 503, "服务器正在接收其他上传，内存已到上限：未导入任何内容，请稍后再试");
	} else if (cn->spool_failed) {
		refuse(cn, &rs, 503, "服务器无法写入临时文件（磁盘已满？）：未导入任何内容");
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

/* A request refused before its body: answered at once (libmicrohttpd then
 * closes the connection without reading the body). */
static enum MHD_Result refuse_now(struct conn *cn, unsigned status, const char *msg)
{
	struct web_resp rs = {.status = 200};
	jx_buf_init(&rs.body, (size_t)1 << 20);
	refuse(cn, &rs, status, msg);
	if (status == 303)
		snprintf(rs.location, sizeof rs.location, "%s", cn->location);
	cn->answered = true;
	enum MHD_Result ret = send_resp(cn->rq.conn, &rs);
	jx_buf_release(&rs.body);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct web *w = cls;
	struct conn *cn = *con_cls;
	if (!cn) {
		web_guard_request(w->guard, c, true); /* its head came in time */
		*con_cls = cn = conn_new(w, c, method, url, version);
		char msg[400];
		unsigned status = gate(cn, msg, sizeof msg);
		if (!status)
			web_guard_body(w->guard, c, 0); /* its body, if any, is timed from now */
		return status ? refuse_now(cn, status, msg) : MHD_YES;
	}
	if (*upload_size) {
		web_guard_body(w->guard, c, *upload_size);
		cn->received += *upload_size;
		if (cn->received > w->max_upload)
			cn->rq.too_big = true; /* a chunked body: read to its end, dropped */
		bool keep = !cn->rq.too_big && !cn->answered && !cn->busy && !cn->spool_failed &&
			    !cn->csrf_refused;
		if (keep && cn->pp) {
			MHD_post_process(cn->pp, upload, *upload_size);
		} else if (keep) {
			if (hold(cn, *upload_size))
				jx_buf_add(&cn->body, upload, *upload_size);
			else
				cn->busy = true;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (cn->answered)
		return MHD_YES;
	web_guard_request(w->guard, c, true); /* the body is in: no rate to keep now */
	for (size_t i = 0; i < cn->nfiles; i++) /* a spool's last writes, checked */
		if (cn->files[i].spool && (fflush(cn->files[i].spool) != 0 || ferror(cn->files[i].spool)))
			cn->spool_failed = true;
	if (cn->rq.too_big || cn->busy || cn->spool_failed || cn->csrf_refused) {
		/* drop what was kept: nothing of it is used */
		for (size_t i = 0; i < cn->nfiles; i++) {
			unhold(cn, cn->files[i].data.n);
			jx_buf_release(&cn->files[i].data);
		}
		unhold(cn, cn->body.n);
		jx_buf_release(&cn->body);
		jx_buf_init(&cn->body, 0);
	}
	return respond(w, c, cn);
}

/* The server: libmicrohttpd's daemon on a socket of its own (web_listen),
 * and the guard's thread. */
struct server {
	struct MHD_Daemon *d;
	struct web_guard *guard;
};

void *web_start(struct web *w, const struct sockaddr_in *addr, unsigned threads, char *err,
		size_t errlen)
{
	/* the bodies in memory, all requests together: a few uploads' worth,
	 * at least 64 MB (files past WEB_SPOOL_AT go to temporary files) */
	w->max_inflight = 4 * w->max_upload < ((size_t)64 << 20) ? (size_t)64 << 20 : 4 * w->max_upload;
	int fd = web_listen(addr, err, errlen);
	if (fd < 0)
		return NULL;
	struct server *sv = cli_xrealloc(NULL, sizeof *sv);
	sv->guard = w->guard = web_guard_new(WEB_HEAD_DEADLINE_S);
	sv->d = !sv->guard ? NULL
		: MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
					   MHD_USE_EPOLL | MHD_USE_TURBO,
				   0, NULL, NULL, on_request, w, MHD_OPTION_LISTEN_SOCKET, fd,
				   MHD_OPTION_THREAD_POOL_SIZE, threads,
				   MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				   MHD_OPTION_CONNECTION_LIMIT, (unsigned)WEB_CONNECTIONS,
				   MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)WEB_PER_ADDRESS,
				   MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)256 * 1024,
				   MHD_OPTION_NOTIFY_CONNECTION, web_guard_notify, w,
				   MHD_OPTION_NOTIFY_COMPLETED, on_completed, w, MHD_OPTION_END);
	if (!sv->d) {
		snprintf(err, errlen, "无法启动 HTTP 服务");
		close(fd);
		web_guard_free(sv->guard);
		free(sv);
		return NULL;
	}
	return sv;
}

void web_stop(void *server)
{
	struct server *sv = server;
	MHD_stop_daemon(sv->d);
	web_guard_free(sv->guard);
	free(sv);
}
