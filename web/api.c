/*
 * api.c: the JSON API of `jixiao serve` (README, "网页版"), used by
 * the pages and open to scripts:
 *
 *   GET  /api/forms             the stored forms (?year=, ?unit=, ?project=)
 *   GET  /api/forms/ID          one stored form and its findings
 *   POST /api/rescore           a form (the check contract's JSON) rescored
 *                               and audited, nothing stored
 *   POST /api/forms/ID/save     the form ID again, edited (its earlier
 *                               version goes to the history)
 *   POST /api/save              a new form
 *   POST /api/import            files (multipart), each imported whole or
 *                               not at all
 *
 * POSTs need the CSRF secret (http.c).  Every number and finding comes
 * from the library: the script holds no scoring rule.
 */
#include "web.h"

#include <stdlib.h>

extern const struct jx_profile *web_profile; /* serve.c: --profile (NULL: national) */

void web_api_error(struct web_resp *rs, unsigned status, const char *message)
{
	rs->status = status;
	rs->type = "application/json; charset=utf-8";
	jx_buf_reset(&rs->body);
	jx_buf_puts(&rs->body, "{\"error\":");
	jx_render_json_string(&rs->body, message);
	jx_buf_puts(&rs->body, "}\n");
}

static void json_resp(struct web_resp *rs)
{
	rs->type = "application/json; charset=utf-8";
}

/* The database to write (a connection of the request's own, closed by
 * it), or the thread's read connection (web_store, web_store_done). */
static struct jx_store *open_store(struct web_req *rq, struct web_resp *rs, enum jx_store_mode m)
{
	char err[512];
	struct jx_store *st = NULL;
	if (m == JX_STORE_READ)
		st = web_store(rq->w, web_account(rq), err, sizeof err);
	else if (jx_store_open(rq->w->db, m, &st, err, sizeof err) != JX_OK)
		st = NULL;
	if (!st) {
		web_api_error(rs, 503, err);
		return NULL;
	}
	if (m != JX_STORE_READ)
		jx_store_set_busy_timeout(st, WEB_BUSY_MS);
	return st;
}

/* ---- list and get ------------------------------------------------------------------------ */

/* A JSON array being written: the separator before each element. */
struct json_list {
	struct jx_buf *b;
	bool first;
};

static void next_element(struct json_list *l)
{
	jx_buf_puts(l->b, l->first ? "\n" : ",\n");
	l->first = false;
}

static int list_one(const struct jx_store_form *r, void *ud)
{
	next_element(ud);
	cli_form_json(((struct json_list *)ud)->b, r);
	return 0;
}

void web_api_forms(struct web_req *rq, struct web_resp *rs)
{
	struct jx_store_query q;
	char err[160];
	if (!web_query(rq, 0, &q, err, sizeof err)) {
		web_api_error(rs, 400, err);
		return;
	}
	struct jx_store *st = open_store(rq, rs, JX_STORE_READ);
	if (!st)
		return;
	json_resp(rs);
	jx_buf_puts(&rs->body, "{\"forms\":[");
	struct json_list l = {&rs->body, true};
	if (jx_store_list(st, &q, list_one, &l) != JX_OK)
		web_api_error(rs, 500, jx_store_error(st));
	else
		jx_buf_puts(&rs->body, "\n]}\n");
	web_store_done(st);
}

static void finding_json(const struct jx_diag *d, void *ud)
{
	next_element(ud);
	jx_render_diag_json(((struct json_list *)ud)->b, d);
}

/* "findings":[…] of the findings held, and the object's end. */
static void held_findings_end(struct jx_buf *b, const struct cli_held *held)
{
	jx_buf_puts(b, ",\"findings\":[");
	struct json_list fl = {b, true};
	for (size_t i = 0; i < held->n; i++)
		finding_json(&held->v[i], &fl);
	jx_buf_puts(b, "\n]}\n");
}

void web_api_form(struct web_req *rq, struct web_resp *rs, long long id)
{
	struct jx_store *st = open_store(rq, rs, JX_STORE_READ);
	if (!st)
		return;
	json_resp(rs);
	jx_buf_puts(&rs->body, "{\"id\":");
	jx_buf_printf(&rs->body, "%lld,\"form\":", id);
	struct json_list fl = {&rs->body, true};
	if (jx_store_form_json(st, id, &rs->body) != JX_OK) {
		web_api_error(rs, 404, jx_store_error(st));
	} else {
		jx_buf_puts(&rs->body, ",\"findings\":[");
		jx_store_findings(st, id, finding_json, &fl);
		jx_buf_puts(&rs->body, "\n]}\n");
	}
	web_store_done(st);
}

/* ---- rescoring ------------------------------------------------------------------------------ */

static void hold(const struct jx_diag *d, void *ud)
{
	cli_held_add(ud, d);
}

void web_api_rescore(struct web_req *rq, struct web_resp *rs)
{
	FILE *in = fmemopen((void *)rq->body, rq->body_n, "r");
	if (!rq->body_n || !in) {
		if (in)
			fclose(in);
		web_api_error(rs, 400, "请求体应为一张表的 JSON（check --format json 的格式）");
		return;
	}
	struct cli_held held = {0};
	struct jx_ctx *ctx = jx_ctx_new();
	jx_ctx_set_profile(ctx, web_profile);
	jx_ctx_set_diag(ctx, hold, &held);
	struct jx_reader *r = jx_reader_new(ctx, in, "编辑中的表");
	struct jx_audit *au = jx_audit_new(ctx);
	struct jx_form *f = NULL;
	enum jx_status st = jx_reader_next(r, &f);
	json_resp(rs);
	if (st == JX_OK) {
		jx_form_score(f, web_profile);
		jx_audit_form(au, f);
		jx_audit_finish(au);
		jx_buf_puts(&rs->body, "{\"form\":");
		jx_render_form_json(&rs->body, f);
		/* the trace of every number, for the editor's 计算过程: the
		 * execution score first, then each indicator's */
		jx_buf_puts(&rs->body, ",\"traces\":[");
		for (long i = JX_TRACE_EXECUTION; i < (long)jx_form_indicators(f); i++) {
			struct jx_buf t;
			jx_buf_init(&t, 1 << 20);
			jx_render_trace(&t, f, i);
			if (i != JX_TRACE_EXECUTION)
				jx_buf_puts(&rs->body, ",");
			jx_render_json_string(&rs->body, t.p ? t.p : "");
			jx_buf_release(&t);
		}
		jx_buf_puts(&rs->body, "]");
		held_findings_end(&rs->body, &held);
		jx_form_free(f);
	} else {
		rs->status = 400;
		jx_buf_puts(&rs->body, "{\"error\":\"无法读取这张表\"");
		held_findings_end(&rs->body, &held);
	}
	jx_audit_free(au);
	jx_reader_free(r);
	jx_ctx_free(ctx);
	cli_held_free(&held);
	fclose(in);
}

/* ---- storing ------------------------------------------------------------------------------------ */

/* The rules of uploads and saves: the server's profile, unparsed an error. */
static struct cli_rules rules_of_server(void)
{
	struct cli_rules r = {0};
	r.profile = (struct jx_profile *)web_profile;
	return r;
}

static void import_result_json(struct jx_buf *b, const char *name, const struct cli_import *res,
			       bool ok)
{
	jx_buf_puts(b, "{\"file\":");
	jx_render_json_string(b, name);
	jx_buf_printf(b, ",\"imported\":%s,\"added\":%lu,\"replaced\":%lu,\"reason\":",
		      ok ? "true" : "false", res->added, res->replaced);
	if (ok)
		jx_buf_puts(b, "null");
	else
		jx_render_json_string(b, res->why);
	jx_buf_printf(b, ",\"findings\":{\"error\":%lu,\"warning\":%lu,\"info\":%lu}}",
		      res->counts[JX_SEV_ERROR], res->counts[JX_SEV_WARNING], res->counts[JX_SEV_INFO]);
}

/*
 * Save one form from the editor.  id > 0: it must be the new version of
 * that stored form (a renamed form would replace or add another one: 409,
 * nothing stored; a form already replaced by a newer version: 409 too, so
 * that an old editor page cannot overwrite); id 0 (填报): it must be new.
 * Either way one form only.  The reply names the stored form's id, taken
 * inside the import's transaction.
 */
void web_api_save(struct web_req *rq, struct web_resp *rs, long long id)
{
	FILE *in = rq->body_n ? fmemopen((void *)rq->body, rq->body_n, "r") : NULL;
	if (!in) {
		web_api_error(rs, 400, "请求体应为一张表的 JSON");
		return;
	}
	struct jx_store *st = open_store(rq, rs, JX_STORE_CREATE);
	if (!st) {
		fclose(in);
		return;
	}
	const char *v = web_arg(rq, "version");
	char *vend = NULL;
	long long version = v ? strtoll(v, &vend, 10) : 0;
	if (v && (!*v || *vend || version <= 0)) {
		fclose(in);
		jx_store_close(st);
		web_api_error(rs, 400, "参数 version 无效：应为打开编辑时的版本号");
		return;
	}
	struct cli_import_guard guard = {.one_form = true, .must_be_new = !id, .replaces = id,
					 .version = version, .account = web_account(rq)};
	struct cli_rules rules = rules_of_server();
	struct cli_import res;
	bool ok = cli_import_stream(st, &rules, JX_LAYOUT_AUTO, in, "网页编辑", &res, NULL, NULL,
				    &guard);
	fclose(in);
	json_resp(rs);
	if (!ok) {
		rs->status = res.store_failed ? 503 : strstr(res.why, "与原表不同") || strstr(res.why, "已有同一张表") ||
										 strstr(res.why, "已被另一次保存") ||
										 strstr(res.why, "不能再存入新版本")
									 ? 409
									 : 422;
		jx_buf_puts(&rs->body, "{\"saved\":false,\"result\":");
		import_result_json(&rs->body, "网页编辑", &res, false);
		jx_buf_puts(&rs->body, "}\n");
	} else {
		char detail[160];
		snprintf(detail, sizeof detail, "%s（第 %lld 号表）", id ? "网页编辑保存新版本" : "网页填报新表",
			 res.last_id);
		web_log(rq, st, "save", res.last_id, detail);
		jx_buf_printf(&rs->body, "{\"saved\":true,\"id\":%lld,\"result\":", res.last_id);
		import_result_json(&rs->body, "网页编辑", &res, true);
		jx_buf_puts(&rs->body, "}\n");
	}
	jx_store_close(st);
}

void web_import_files(struct web_req *rq, struct cli_import *res)
{
	struct cli_rules rules = rules_of_server();
	char err[512];
	struct jx_store *st = NULL;
	if (jx_store_open(rq->w->db, JX_STORE_CREATE, &st, err, sizeof err) == JX_OK) {
		jx_store_set_busy_timeout(st, WEB_BUSY_MS);
	} else {
		for (size_t i = 0; i < rq->nfiles; i++) {
			memset(&res[i], 0, sizeof res[i]);
			res[i].store_failed = true;
			snprintf(res[i].why, sizeof res[i].why, "%s", err);
		}
		return;
	}
	for (size_t i = 0; i < rq->nfiles; i++) {
		struct web_file *f = &rq->files[i];
		FILE *in = f->spool	 ? f->spool
			   : f->data.n ? fmemopen(f->data.p, f->data.n, "r")
					 : NULL;
		if (f->spool)
			rewind(f->spool);
		if (!in) {
			memset(&res[i], 0, sizeof res[i]);
			res[i].rejected = true;
			snprintf(res[i].why, sizeof res[i].why, "%s：文件为空", f->name);
			continue;
		}
		struct cli_import_guard guard = {.account = web_account(rq)};
		bool stored = cli_import_stream(st, &rules, JX_LAYOUT_AUTO, in, f->name, &res[i], NULL,
						NULL, guard.account ? &guard : NULL);
		if (!f->spool) /* a spool is closed with the request */
			fclose(in);
		if (stored) {
			char detail[700];
			snprintf(detail, sizeof detail, "上传 %.*s：新增 %lu 张，替换 %lu 张",
				 jx_text_prefix(f->name, 400), f->name, res[i].added, res[i].replaced);
			web_log(rq, st, "import", res[i].forms == 1 ? res[i].last_id : 0, detail);
		}
	}
	jx_store_close(st);
}

void web_api_import(struct web_req *rq, struct web_resp *rs)
{
	if (!rq->nfiles) {
		web_api_error(rs, 400, "没有上传文件（multipart/form-data，字段名任意，须带文件名）");
		return;
	}
	struct cli_import *res = cli_xrealloc(NULL, rq->nfiles * sizeof *res);
	web_import_files(rq, res);
	json_resp(rs);
	jx_buf_puts(&rs->body, "{\"files\":[");
	for (size_t i = 0; i < rq->nfiles; i++) {
		jx_buf_puts(&rs->body, i ? ",\n" : "\n");
		import_result_json(&rs->body, rq->files[i].name, &res[i],
				   !res[i].rejected && !res[i].store_failed);
	}
	jx_buf_puts(&rs->body, "\n]}\n");
	/* the database could not take a file (another import holds it, a full
	 * disk): 503, as the README promises, the reason in the file's entry */
	for (size_t i = 0; i < rq->nfiles; i++)
		if (res[i].store_failed)
			rs->status = 503;
	free(res);
}
