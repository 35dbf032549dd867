/*
 * review.c: the review of a stored form in `jixiao serve` (README,
 * "审核流程"): at the end of the form's page its state, what the version
 * before was left in, every action with the reviewers' opinions (shown to
 * the unit as to the reviewers), the actions this account may take, and
 * the findings with their dispositions; the posts that act.  The rules
 * are the library's (jx_review_act); this file only shows and asks.
 */
#include "web.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

/* ---- the panel -------------------------------------------------------------------------- */

static int event_row(const struct jx_review_event *e, void *ud)
{
	struct jx_buf *b = ud;
	jx_buf_printf(b, "<tr data-action=\"%s\" data-to=\"%s\"><td class=\"l\">", jx_action_id(e->action),
		      jx_state_id(e->to));
	H(b, e->at);
	jx_buf_puts(b, "</td><td class=\"l\">");
	H(b, e->login);
	enum jx_role r;
	if (jx_role_from_name(e->role, &r)) {
		jx_buf_puts(b, "（");
		H(b, jx_role_label(r));
		jx_buf_puts(b, "）");
	}
	jx_buf_printf(b, "</td><td class=\"l\">%s</td><td class=\"l\">%s → %s</td><td class=\"l\">",
		      jx_action_label(e->action), jx_state_label(e->from), jx_state_label(e->to));
	const struct {
		const char *label, *text;
	} parts[] = {{"原因", e->reason}, {"审核意见", e->opinion}, {"依据", e->basis}, {"结论", e->conclusion},
		     {"引用的审核发现", e->findings}};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (parts[i].text && *parts[i].text) {
			jx_buf_printf(b, "<div><b>%s</b>：", parts[i].label);
			H(b, parts[i].text);
			jx_buf_puts(b, "</div>");
		}
	if (e->has_score) {
		jx_buf_puts(b, "<div><b>复核得分</b>：");
		jx_render_score(b, e->score_c);
		jx_buf_puts(b, "</div>");
	}
	jx_buf_printf(b, "</td><td>%lld</td></tr>\n", e->version);
	return 0;
}

struct finding_rows {
	struct web_req *rq;
	struct jx_buf *b;
	long long id;
	unsigned long n;
	bool can_dispose, can_cite;
};

static int finding_row(const struct jx_stored_finding *x, void *ud)
{
	struct finding_rows *fr = ud;
	struct jx_buf *b = fr->b;
	fr->n++;
	jx_buf_printf(b, "<tr id=\"finding-%lld\" data-disposition=\"%s\"><td>%lld</td><td class=\"l\">%s</td>"
			 "<td class=\"l\">%s</td><td class=\"l\">",
		      x->id, jx_disposition_id(x->disposition), x->id, jx_severity_name(x->diag.severity),
		      jx_check_name(x->diag.check));
	H(b, x->diag.message);
	jx_buf_printf(b, "</td><td class=\"l\">%s", jx_disposition_label(x->disposition));
	if (x->reason && *x->reason) {
		jx_buf_puts(b, "：");
		H(b, x->reason);
	}
	jx_buf_puts(b, "</td><td class=\"l\">");
	if (fr->can_cite)
		jx_buf_printf(b, "<label><input type=\"checkbox\" name=\"cite\" value=\"%lld\" form=\"review-form\"> 引用</label> ",
			      x->id);
	if (fr->can_dispose) {
		jx_buf_printf(b, "<form method=\"post\" action=\"/forms/%lld/dispose\" enctype=\"multipart/form-data\""
				 " class=\"dispose\"><input type=\"hidden\" name=\"csrf\" value=\"",
			      fr->id);
		H(b, web_csrf(fr->rq));
		jx_buf_printf(b, "\"><input type=\"hidden\" name=\"finding\" value=\"%lld\"><select name=\"status\">", x->id);
		for (int d = JX_DISP_OPEN; d < JX_DISP__COUNT; d++)
			jx_buf_printf(b, "<option value=\"%s\"%s>%s</option>", jx_disposition_id((enum jx_disposition)d),
				      d == (int)x->disposition ? " selected" : "",
				      jx_disposition_label((enum jx_disposition)d));
		jx_buf_puts(b, "</select> <input name=\"reason\" placeholder=\"理由（误报必填）\" maxlength=\"2000\"> "
			       "<button type=\"submit\">处理</button></form>");
	}
	jx_buf_puts(b, "</td></tr>\n");
	return 0;
}

/* The actions the library allows the account now, as buttons (复核完成 is
 * posted from the 复核 page, with its scores). */
static void offer(struct jx_buf *b, struct jx_store *st, const struct jx_session *who, long long id, bool *any)
{
	bool allowed[JX_ACT__COUNT];
	if (jx_review_actions(st, who, id, allowed) != JX_OK)
		return;
	for (int a = 0; a < JX_ACT__COUNT; a++)
		if (allowed[a] && a != JX_ACT_SAMPLE_DONE) {
			jx_buf_printf(b, "<button type=\"submit\" name=\"action\" value=\"%s\" id=\"act-%s\">%s</button> ",
				      jx_action_id((enum jx_action)a), jx_action_id((enum jx_action)a),
				      jx_action_label((enum jx_action)a));
			*any = true;
		}
}

void web_review_panel(struct web_req *rq, struct jx_store *st, struct jx_buf *b, long long id)
{
	jx_buf_puts(b, "<section id=\"review\"><h2>审核</h2>\n");
	enum jx_state state, prior;
	long long version;
	if (jx_review_state(st, id, &state, &version, &prior) != JX_OK) {
		jx_buf_puts(b, "<p class=\"error\">");
		H(b, jx_store_error(st));
		jx_buf_puts(b, "</p></section>\n");
		return;
	}
	jx_buf_printf(b, "<p>状态：<b id=\"state\" data-state=\"%s\">%s</b>（版本 %lld）</p>\n", jx_state_id(state),
		      jx_state_label(state), version);
	if (state == JX_STATE_DRAFT && prior != JX_STATE_DRAFT && prior != JX_STATE_RETURNED)
		jx_buf_printf(b, "<p class=\"error\" id=\"review-void\">上一版本在「%s」时被新版本替换："
				 "那次审核已作废，这一版本须重新送审。</p>\n",
			      jx_state_label(prior));
	jx_buf_puts(b, "<table class=\"data\" id=\"review-history\"><thead><tr><th>时间（UTC）</th><th>账号</th>"
		       "<th>操作</th><th>状态</th><th>意见</th><th>版本</th></tr></thead><tbody>\n");
	jx_review_history(st, id, event_row, b);
	jx_buf_puts(b, "</tbody></table>\n");
	bool reviewer = rq->who && (rq->who->role == JX_ROLE_UNIT_HEAD || rq->who->role == JX_ROLE_DEPARTMENT ||
				    rq->who->role == JX_ROLE_FINANCE);
	if (rq->who) {
		struct jx_buf acts;
		jx_buf_init(&acts, 0);
		bool any = false;
		offer(&acts, st, rq->who, id, &any);
		if (any) {
			jx_buf_printf(b, "<form method=\"post\" action=\"/forms/%lld/review\" enctype=\"multipart/form-data\""
					 " id=\"review-form\"><input type=\"hidden\" name=\"csrf\" value=\"",
				      id);
			H(b, web_csrf(rq));
			jx_buf_printf(b, "\"><input type=\"hidden\" name=\"version\" value=\"%lld\">", version);
			if (reviewer)
				jx_buf_puts(b, "<p><label>审核意见（内容）<textarea name=\"opinion\" rows=\"2\" maxlength=\"8000\"></textarea></label></p>"
					       "<p><label>依据<textarea name=\"basis\" rows=\"2\" maxlength=\"8000\"></textarea></label></p>"
					       "<p><label>结论<input name=\"conclusion\" maxlength=\"8000\"></label></p>"
					       "<p><label>复核得分 <input name=\"score\" inputmode=\"decimal\" size=\"6\"></label></p>");
			jx_buf_puts(b, "<p><label>原因（退回必填；有未处理的 error 时通过也须写明）"
				       "<textarea name=\"reason\" rows=\"2\" maxlength=\"8000\"></textarea></label></p><p>");
			jx_buf_add(b, acts.p, acts.n);
			jx_buf_puts(b, "</p></form>\n");
		}
		jx_buf_release(&acts);
	} else {
		jx_buf_puts(b, "<p class=\"note\">审核流程需要账号（jixiao user add）；本机模式只查看和编辑。</p>\n");
	}
	if (rq->who && rq->who->role == JX_ROLE_FINANCE && state == JX_STATE_SAMPLED)
		jx_buf_printf(b, "<p><a href=\"/forms/%lld/recheck\" id=\"recheck-link\">逐项复核（录入复核得分）</a></p>\n", id);
	jx_buf_puts(b, "<h3>审核发现的处理</h3>\n<table class=\"data\" id=\"dispositions\"><thead><tr><th>编号</th>"
		       "<th>级别</th><th>检查项</th><th>问题</th><th>处理状态</th><th></th></tr></thead><tbody>\n");
	/* dispositions are the reviewers', until the form is published */
	struct finding_rows fr = {rq, b, id, 0, reviewer && state != JX_STATE_PUBLISHED, reviewer};
	jx_store_findings_of(st, id, finding_row, &fr);
	jx_buf_puts(b, "</tbody></table>\n");
	if (!fr.n)
		jx_buf_puts(b, "<p class=\"note\">没有审核发现。</p>\n");
	jx_buf_printf(b, "<p><a href=\"/forms/%lld/log\">这张表的审计日志</a></p></section>\n", id);
}

/* ---- the posts ------------------------------------------------------------------------------ */

static double num_of(json_object *o, const char *key, bool *has);

/* The 分值 of a 复核 row ("exec", "ind-N") of the form's JSON; false for a
 * row the form has not.  *has: the row prints a 分值 (a cap). */
static bool row_weight(json_object *form, const char *key, int64_t *cap, bool *has)
{
	json_object *row = NULL;
	if (!strcmp(key, "exec")) {
		json_object_object_get_ex(form, "execution", &row);
	} else if (!strncmp(key, "ind-", 4) && key[4] >= '0' && key[4] <= '9') {
		char *end;
		long i = strtol(key + 4, &end, 10);
		json_object *inds = NULL;
		if (*end || !json_object_object_get_ex(form, "indicators", &inds) || i < 0 ||
		    (size_t)i >= json_object_array_length(inds))
			return false;
		row = json_object_array_get_idx(inds, (size_t)i);
	}
	if (!row)
		return false;
	double w = num_of(row, "weight", has);
	*cap = (int64_t)(w * 100 + 0.5);
	return true;
}

/* "1 5 9" into ids (at most cap); false on anything else. */
static bool parse_ids(const char *s, long long *ids, size_t cap, size_t *n)
{
	*n = 0;
	while (s && *s) {
		while (*s == ' ' || *s == ',')
			s++;
		if (!*s)
			break;
		char *end;
		long long v = strtoll(s, &end, 10);
		if (end == s || v <= 0 || *n == cap)
			return false;
		ids[(*n)++] = v;
		s = end;
	}
	return true;
}


static void back_to_form(struct web_resp *rs, long long id)
{
	rs->status = 303;
	snprintf(rs->location, sizeof rs->location, "/forms/%lld#review", id);
}

static unsigned status_of(enum jx_status s)
{
	return s == JX_ERR_DENIED ? 403 : s == JX_ERR_CONFLICT ? 409 : s == JX_ERR_ARG ? 422 : 503;
}

/* Each 复核 row is one of the form's, at most its 分值; else a 422 page. */
static bool rows_within_weights(struct web_req *rq, struct web_resp *rs, struct jx_store *st, long long id)
{
	struct jx_buf json;
	jx_buf_init(&json, 0);
	json_object *form = jx_store_form_json(st, id, &json) == JX_OK ? json_tokener_parse(json.p ? json.p : "") : NULL;
	jx_buf_release(&json);
	if (!form) {
		web_error(rs, 404, "没有这张表");
		return false;
	}
	bool ok = true;
	for (size_t i = 0; ok && i < rq->nfields; i++) {
		const char *k = rq->fields[i].key, *v = rq->fields[i].value.p ? rq->fields[i].value.p : "";
		int64_t c, cap;
		bool has;
		if (strncmp(k, "score-", 6) || !*v)
			continue;
		if (!row_weight(form, k + 6, &cap, &has)) {
			web_error(rs, 422, "复核得分的行不是这张表的");
			ok = false;
		} else if (jx_score_parse(v, &c) && has && c > cap) {
			char msg[200];
			snprintf(msg, sizeof msg, "复核得分超过这一项的分值（%s）", k + 6);
			web_error(rs, 422, msg);
			ok = false;
		}
	}
	json_object_put(form);
	return ok;
}

void web_review_post(struct web_req *rq, struct web_resp *rs, long long id)
{
	if (!rq->who) {
		web_error(rs, 403, "审核流程需要账号：这个服务是本机模式");
		return;
	}
	struct jx_review_input in = {0};
	const char *action = web_field(rq, "action"), *version = web_field(rq, "version");
	const char *score = web_field(rq, "score");
	long long ids[64];
	if (!action || !jx_action_from_name(action, &in.action)) {
		web_error(rs, 400, "缺少或未知的审核操作");
		return;
	}
	in.version = version ? strtoll(version, NULL, 10) : 0;
	in.opinion = web_field(rq, "opinion");
	in.basis = web_field(rq, "basis");
	in.conclusion = web_field(rq, "conclusion");
	in.reason = web_field(rq, "reason");
	if (score && *score) {
		if (!jx_score_parse(score, &in.score_c)) {
			web_error(rs, 422, "复核得分应为 0 到 100 的数，至多两位小数");
			return;
		}
		in.has_score = true;
	}
	if (!parse_ids(web_field(rq, "cite"), ids, sizeof ids / sizeof ids[0], &in.nfindings)) {
		web_error(rs, 422, "引用的审核发现编号无效");
		return;
	}
	in.findings = ids;
	/* a 复核's rows (score-exec, score-ind-N): their sum is the 复核得分 */
	struct jx_buf rows;
	jx_buf_init(&rows, 0);
	int64_t sum = 0;
	size_t nrows = 0;
	for (size_t i = 0; i < rq->nfields; i++) {
		const char *k = rq->fields[i].key, *v = rq->fields[i].value.p ? rq->fields[i].value.p : "";
		if (strncmp(k, "score-", 6) || !*v)
			continue;
		int64_t c;
		if (!jx_score_parse(v, &c)) {
			jx_buf_release(&rows);
			web_error(rs, 422, "每一项的复核得分应为 0 到 100 的数，至多两位小数");
			return;
		}
		sum += c;
		jx_buf_puts(&rows, nrows++ ? "," : "{");
		jx_render_json_string(&rows, k + 6);
		jx_buf_puts(&rows, ":");
		jx_render_score(&rows, c);
	}
	if (nrows) {
		jx_buf_puts(&rows, "}");
		in.scores = rows.p;
		in.score_c = sum;
		in.has_score = true;
	}
	char err[512];
	struct jx_store *st = web_store(rq->w, web_account(rq), err, sizeof err);
	if (!st) {
		web_error(rs, 503, err);
		jx_buf_release(&rows);
		return;
	}
	if (nrows && !rows_within_weights(rq, rs, st, id)) {
		web_store_done(st);
		jx_buf_release(&rows);
		return;
	}
	/* the audit log's entry is the library's, in the action's transaction */
	enum jx_state now;
	enum jx_status s = jx_review_act(st, rq->who, id, &in, &now);
	if (s != JX_OK)
		web_error(rs, s == JX_ERR_ARG && strstr(jx_store_error(st), "没有这张表") ? 404 : status_of(s),
			  jx_store_error(st));
	else
		back_to_form(rs, id);
	web_store_done(st);
	jx_buf_release(&rows);
}

void web_dispose_post(struct web_req *rq, struct web_resp *rs, long long id)
{
	if (!rq->who) {
		web_error(rs, 403, "处理审核发现需要账号：这个服务是本机模式");
		return;
	}
	const char *finding = web_field(rq, "finding"), *status = web_field(rq, "status");
	enum jx_disposition d;
	char *end = NULL;
	long long fid = finding ? strtoll(finding, &end, 10) : 0;
	if (!finding || *end || fid <= 0 || !status || !jx_disposition_from_name(status, &d)) {
		web_error(rs, 400, "缺少审核发现的编号或处理状态");
		return;
	}
	char err[512];
	struct jx_store *st = web_store(rq->w, web_account(rq), err, sizeof err);
	if (!st) {
		web_error(rs, 503, err);
		return;
	}
	const char *reason = web_field(rq, "reason");
	enum jx_status s = jx_finding_dispose(st, rq->who, id, fid, d, reason && *reason ? reason : NULL);
	if (s != JX_OK) {
		web_error(rs, s == JX_ERR_ARG && strstr(jx_store_error(st), "没有这张表") ? 404 : status_of(s),
			  jx_store_error(st));
	} else {
		back_to_form(rs, id);
	}
	web_store_done(st);
}

/* ---- 抽查复核: the scores row by row ------------------------------------------------------- */

static double num_of(json_object *o, const char *key, bool *has)
{
	json_object *v;
	*has = json_object_object_get_ex(o, key, &v) && v && (json_object_is_type(v, json_type_double) ||
							     json_object_is_type(v, json_type_int));
	return *has ? json_object_get_double(v) : 0;
}

static void score_cell(struct jx_buf *b, bool has, double v)
{
	if (has)
		jx_buf_printf(b, "%.2f", v);
	else
		jx_buf_puts(b, "—");
}

/* One row: its label, 分值, 自评, jixiao's 复核 and the input, prefilled
 * with jixiao's (the starting point the reviewer corrects). */
static void recheck_row(struct jx_buf *b, const char *key, const char *label, json_object *o,
			const char *declared_key)
{
	bool hw, hd, hs;
	double w = num_of(o, "weight", &hw), d = num_of(o, declared_key, &hd), sc = num_of(o, "score", &hs);
	jx_buf_puts(b, "<tr><td class=\"l\">");
	H(b, label);
	jx_buf_puts(b, "</td><td>");
	score_cell(b, hw, w);
	jx_buf_puts(b, "</td><td>");
	score_cell(b, hd, d);
	jx_buf_puts(b, "</td><td>");
	score_cell(b, hs, sc);
	jx_buf_printf(b, "</td><td><input name=\"score-%s\" inputmode=\"decimal\" size=\"6\" value=\"", key);
	if (hs)
		jx_buf_printf(b, "%.2f", sc);
	jx_buf_puts(b, "\"></td></tr>\n");
}

void web_recheck_page(struct web_req *rq, struct web_resp *rs, long long id)
{
	if (!rq->who || rq->who->role != JX_ROLE_FINANCE) {
		web_error(rs, 403, "逐项复核由财政审核账号进行");
		return;
	}
	char err[512];
	struct jx_store *st = web_store(rq->w, 0, err, sizeof err);
	if (!st) {
		web_error(rs, 503, err);
		return;
	}
	enum jx_state state, prior;
	long long version;
	struct jx_buf json;
	jx_buf_init(&json, 0);
	if (jx_review_state(st, id, &state, &version, &prior) != JX_OK || jx_store_form_json(st, id, &json) != JX_OK) {
		web_error(rs, 404, "没有这张表");
		goto done;
	}
	if (state != JX_STATE_SAMPLED) {
		web_error(rs, 409, "只有抽查复核中的表能逐项复核");
		goto done;
	}
	json_object *form = json_tokener_parse(json.p ? json.p : "");
	if (!form) {
		web_error(rs, 500, "表的 JSON 无法读取");
		goto done;
	}
	struct jx_buf *b = &rs->body;
	json_object *name = NULL, *exec = NULL, *inds = NULL, *total = NULL;
	json_object_object_get_ex(form, "project", &name);
	json_object_object_get_ex(form, "execution", &exec);
	json_object_object_get_ex(form, "indicators", &inds);
	json_object_object_get_ex(form, "total", &total);
	char title[600];
	snprintf(title, sizeof title, "逐项复核：%.500s", name ? json_object_get_string(name) : "");
	web_page_begin(rq, b, title);
	jx_buf_printf(b, "<p>每一项的复核得分已填入 jixiao 按规则复核的得分，请对照佐证材料修改；"
			 "合计即复核得分。与自评总分相差超过规则的分数或等级改变时，记为审核发现（review-score-gap）。</p>\n"
			 "<form method=\"post\" action=\"/forms/%lld/review\" enctype=\"multipart/form-data\" id=\"recheck\">"
			 "<input type=\"hidden\" name=\"csrf\" value=\"",
		      id);
	H(b, web_csrf(rq));
	jx_buf_printf(b, "\"><input type=\"hidden\" name=\"version\" value=\"%lld\">"
			 "<input type=\"hidden\" name=\"action\" value=\"sample-done\">"
			 "<table class=\"data\" id=\"recheck-rows\"><thead><tr><th>项目</th><th>分值</th><th>自评得分</th>"
			 "<th>jixiao 复核</th><th>复核得分</th></tr></thead><tbody>\n",
		      version);
	if (exec)
		recheck_row(b, "exec", "预算执行率", exec, "declared_score");
	size_t n = inds && json_object_is_type(inds, json_type_array) ? json_object_array_length(inds) : 0;
	for (size_t i = 0; i < n; i++) {
		json_object *ind = json_object_array_get_idx(inds, i), *nm = NULL;
		json_object_object_get_ex(ind, "name", &nm);
		char key[32];
		snprintf(key, sizeof key, "ind-%zu", i);
		recheck_row(b, key, nm ? json_object_get_string(nm) : "", ind, "declared_score");
	}
	bool hd;
	double declared = total ? num_of(total, "declared", &hd) : 0;
	jx_buf_puts(b, "</tbody></table>\n<p>自评总分：");
	score_cell(b, total && hd, declared);
	jx_buf_puts(b, "</p><p><label>审核意见<textarea name=\"opinion\" rows=\"2\" maxlength=\"8000\"></textarea></label></p>"
		       "<p><label>依据<textarea name=\"basis\" rows=\"2\" maxlength=\"8000\"></textarea></label></p>"
		       "<p><label>结论<input name=\"conclusion\" maxlength=\"8000\"></label></p>"
		       "<p><button type=\"submit\" id=\"act-sample-done\">复核完成</button></p></form>\n");
	web_page_end(b);
	json_object_put(form);
done:
	jx_buf_release(&json);
	web_store_done(st);
}
