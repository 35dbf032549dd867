/*
 * pages.c: the pages of `jixiao serve`, rendered on the server in
 * Simplified Chinese: 总览, 项目列表, 表单 (the standard form with declared
 * and rescored values, findings and the trace of every number), 填报/编辑,
 * 历史, 上传 and the downloads.  User text goes through H() (the one HTML
 * escaping path); the only script is /static/app.js.
 */
#include "web.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

extern const struct jx_profile *web_profile;

/* ---- the page around ---------------------------------------------------------------------- */

/* form_css: the page shows the standard form (its print style sheet too) */
static void page_with(struct web_req *rq, struct jx_buf *b, const char *title, bool form_css)
{
	jx_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>");
	H(b, title);
	jx_buf_puts(b, " · jixiao</title><meta name=\"csrf\" content=\"");
	H(b, web_csrf(rq));
	if (form_css)
		jx_buf_puts(b, "\"><link rel=\"stylesheet\" href=\"/static/form.css");
	jx_buf_puts(b, "\"><link rel=\"stylesheet\" href=\"/static/report.css");
	jx_buf_puts(b, "\"><link rel=\"stylesheet\" href=\"/static/app.css\">"
		       "<script src=\"/static/app.js\" defer></script></head>\n<body>\n"
		       "<nav><b>jixiao 绩效自评</b> <a href=\"/\">总览</a> <a href=\"/forms\">项目列表</a> ");
	if (!rq->who || rq->who->role != JX_ROLE_DEPARTMENT)
		jx_buf_puts(b, "<a href=\"/upload\">上传</a> <a href=\"/forms/new\">填报</a> ");
	jx_buf_puts(b, "<a href=\"/tasks\">自评任务</a> <a href=\"/log\">审计日志</a>");
	if (rq->who) {
		jx_buf_puts(b, "<span class=\"who\" id=\"who\">");
		H(b, rq->who->name);
		jx_buf_puts(b, "（");
		H(b, jx_role_label(rq->who->role));
		jx_buf_puts(b, "）<form method=\"post\" action=\"/logout\" enctype=\"multipart/form-data\">"
			       "<input type=\"hidden\" name=\"csrf\" value=\"");
		H(b, rq->who->csrf);
		jx_buf_puts(b, "\"><button type=\"submit\" id=\"logout\">退出</button></form></span>");
	}
	jx_buf_puts(b, "</nav>\n<main>\n<h1>");
	H(b, title);
	jx_buf_puts(b, "</h1>\n");
}

static void page_begin(struct web_req *rq, struct jx_buf *b, const char *title)
{
	page_with(rq, b, title, false);
}

static void page_end(struct jx_buf *b)
{
	jx_buf_puts(b, "</main></body></html>\n");
}

void web_page_begin(struct web_req *rq, struct jx_buf *b, const char *title)
{
	page_with(rq, b, title, false);
}

void web_page_end(struct jx_buf *b)
{
	page_end(b);
}

void web_error(struct web_resp *rs, unsigned status, const char *message)
{
	rs->status = status;
	rs->type = "text/html; charset=utf-8";
	jx_buf_reset(&rs->body);
	jx_buf_puts(&rs->body, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
			       "<title>错误 · jixiao</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
			       "</head><body><main><h1>出错了</h1><p class=\"error\">");
	H(&rs->body, message);
	jx_buf_printf(&rs->body, "</p><p>HTTP %u · <a href=\"/\">回到总览</a></p></main></body></html>\n",
		      status);
}

static struct jx_store *open_read(struct web_req *rq, struct web_resp *rs)
{
	char err[512];
	struct jx_store *st = web_store(rq->w, web_account(rq), err, sizeof err);
	if (!st) {
		page_begin(rq, &rs->body, "还没有数据");
		jx_buf_puts(&rs->body, "<p>数据库还不存在或无法打开：");
		H(&rs->body, err);
		jx_buf_puts(&rs->body, "</p><p><a href=\"/upload\">上传自评表</a>开始。</p>");
		page_end(&rs->body);
		return NULL;
	}
	return st;
}

static void wan(struct jx_buf *b, bool has, int64_t fen)
{
	if (has)
		jx_render_wan(b, fen);
	else
		jx_buf_puts(b, "—");
}

/* ---- 总览 ------------------------------------------------------------------------------------ */

/* The groups of a summary table: the whole first (合计), then the groups
 * from the offset-th on, at most limit of them (0: all); every group counted. */
struct groups {
	struct jx_buf *b;
	const char *what;
	unsigned long offset, limit;
	unsigned long n; /* groups seen, the whole not counted */
	bool whole_done;
};

static int group_row(const struct jx_summary_group *g, void *ud)
{
	struct groups *gs = ud;
	struct jx_buf *b = gs->b;
	if (gs->whole_done) {
		unsigned long i = gs->n++;
		if (i < gs->offset || (gs->limit && i >= gs->offset + gs->limit))
			return 0;
	}
	gs->whole_done = true;
	jx_buf_puts(b, "<tr><td class=\"l\">");
	H(b, *g->key ? g->key : "合计");
	jx_buf_printf(b, "</td><td>%lu</td><td>", g->forms);
	wan(b, g->forms_with_money, g->budget_fen);
	jx_buf_puts(b, "</td><td>");
	wan(b, g->forms_with_money, g->executed_fen);
	jx_buf_puts(b, "</td><td>");
	if (g->budget_fen > 0)
		jx_render_percent(b, g->executed_fen, g->budget_fen, 2);
	else
		jx_buf_puts(b, "—");
	jx_buf_printf(b, "</td><td>%lu</td><td>%lu / %lu / %lu</td></tr>\n", g->below_90,
		      g->findings[JX_SEV_ERROR], g->findings[JX_SEV_WARNING], g->findings[JX_SEV_INFO]);
	return 0;
}

static int grade_cell(const char *grade, unsigned long forms, void *ud)
{
	struct jx_buf *b = ud;
	jx_buf_puts(b, "<li>");
	H(b, grade);
	jx_buf_printf(b, "：<b>%lu</b> 张</li>", forms);
	return 0;
}

/* A summary table of the groups from offset on (at most limit, 0: all);
 * returns how many groups there are. */
static unsigned long summary_table(struct jx_store *st, struct jx_buf *b, enum jx_summary_by by,
				   const char *key, unsigned long offset, unsigned long limit)
{
	jx_buf_puts(b, "<table class=\"data\"><thead><tr><th>");
	H(b, key);
	jx_buf_puts(b, "</th><th>表数</th><th>全年预算数（万元）</th><th>全年执行数（万元）</th>"
		       "<th>执行率</th><th>执行率低于 90%</th><th>审核发现 error / warning / info</th>"
		       "</tr></thead><tbody>\n");
	struct groups gs = {b, key, offset, limit, 0, false};
	jx_store_summary(st, 0, by, group_row, &gs);
	jx_buf_puts(b, "</tbody></table>\n");
	return gs.n;
}

/* Units the overview lists; a bureau's thousands are on /units, by page.
 * Decision: the first ones in name order, as the table always was, with
 * the count and the link, rather than a ranking nobody asked for. */
enum { OVERVIEW_UNITS = 100, UNITS_PAGE = 500 };

/* ---- the overview's charts, from the store's kept sums -------------------------------- */

/* Decision: at a bureau's scale (thousands of forms) a bar per project
 * says nothing, and drawing one means reading every form; the overview
 * draws distributions the store keeps instead (forms per band of
 * execution rate and of rescored total, per grade, and budget and
 * executed per fund source).  A unit's report (/report) keeps a bar per
 * project. */
enum { MAX_BARS = 16 };

struct bars {
	struct jx_bar v[MAX_BARS];
	char *labels[MAX_BARS];
	size_t n;
	bool skip_whole; /* the first group (the whole) is not a bar */
	bool money;
};

static int add_bar(const struct jx_summary_group *g, void *ud)
{
	struct bars *bs = ud;
	if (bs->skip_whole) {
		bs->skip_whole = false;
		return 0;
	}
	if (bs->n == MAX_BARS)
		return 1;
	struct jx_bar *x = &bs->v[bs->n];
	x->label = bs->labels[bs->n] = cli_xstrdup(g->key);
	x->value = bs->money ? g->budget_fen : (int64_t)g->forms;
	x->value2 = g->executed_fen;
	bs->n++;
	return 0;
}

static int add_grade_bar(const char *grade, unsigned long forms, void *ud)
{
	struct jx_summary_group g = {.key = *grade ? grade : "无法评分", .forms = forms};
	return add_bar(&g, ud);
}

static void bars_free(struct bars *bs)
{
	for (size_t i = 0; i < bs->n; i++)
		free(bs->labels[i]);
	bs->n = 0;
}

static void distribution(struct jx_store *st, struct jx_buf *b, enum jx_summary_by by,
			 const char *cls, const char *title, const char *caption)
{
	struct bars bs = {.skip_whole = true, .money = by == JX_BY_SOURCE};
	if (by == JX_BY_GRADE) {
		bs.skip_whole = false;
		jx_store_grades(st, 0, add_grade_bar, &bs);
	} else {
		jx_store_summary(st, 0, by, add_bar, &bs);
	}
	/* the rate bands below 90% (the first three) in red, as the report's bars */
	for (size_t i = 0; by == JX_BY_RATE_BAND && i < bs.n && i < 3; i++)
		bs.v[i].alert = true;
	jx_render_bars(b, cls, title, caption, bs.v, bs.n, bs.money);
	bars_free(&bs);
}

static void charts(struct jx_store *st, struct jx_buf *b)
{
	jx_buf_puts(b, "<div class=\"charts\">\n");
	distribution(st, b, JX_BY_RATE_BAND, "chart-rate", "预算执行率分布",
		     "各执行率段的表数（全年执行数 / 全年预算数），红色低于 90%");
	distribution(st, b, JX_BY_SCORE_BAND, "chart-total", "复核总分分布", "各复核总分段的表数");
	distribution(st, b, JX_BY_GRADE, "chart-grade", "等级分布", "按复核总分的等级分布");
	distribution(st, b, JX_BY_SOURCE, "chart-source", "预算按资金来源",
		     "预算（浅）与执行（深），按资金来源");
	jx_buf_puts(b, "</div>\n");
}

void web_overview(struct web_req *rq, struct web_resp *rs)
{
	struct jx_store *st = open_read(rq, rs);
	if (!st)
		return;
	struct jx_buf *b = &rs->body;
	page_begin(rq, b, "总览");
	jx_store_snapshot(st, true);
	jx_buf_puts(b, "<h2>按单位</h2>\n");
	unsigned long units = summary_table(st, b, JX_BY_UNIT, "实施单位", 0, OVERVIEW_UNITS);
	if (units > OVERVIEW_UNITS)
		jx_buf_printf(b, "<p class=\"note\">共 %lu 个单位，这里列出按名称的前 %d 个："
				 "<a href=\"/units\">全部单位</a></p>\n",
			      units, OVERVIEW_UNITS);
	jx_buf_puts(b, "<h2>按年度</h2>\n");
	summary_table(st, b, JX_BY_YEAR, "年度", 0, 0);
	jx_buf_puts(b, "<h2>等级（复核）</h2><ul class=\"grades\">");
	jx_store_grades(st, 0, grade_cell, b);
	jx_buf_puts(b, "</ul>\n");
	if (web_account(rq)) {
		/* the distributions are kept over every form, not per scope */
		jx_buf_puts(b, "<p class=\"note\" id=\"scoped\">这里只汇总你的账号范围内的表；"
			       "各项目的执行率、总分和等级图见单位报告。</p>\n");
	} else {
		jx_buf_puts(b, "<h2>图表</h2>\n");
		charts(st, b);
	}
	jx_buf_puts(b, "<p><a href=\"/report\">单位报告（图表：各项目执行率、申报与复核总分、等级、"
		       "资金来源；审核发现；各表）</a> · 下载全部："
		       "<a href=\"/download.xlsx\">XLSX</a> <a href=\"/download.html\">HTML</a> "
		       "<a href=\"/download.csv\">CSV</a> <a href=\"/download.json\">JSON</a></p>\n");
	jx_store_snapshot(st, false);
	web_store_done(st);
	page_end(b);
}

/* Text in a URL's query: every byte but the unreserved ones %-encoded. */
static void url_text(struct jx_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-_.~", *p))
			jx_buf_add(b, (const char *)p, 1);
		else
			jx_buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

/* A link to page n of a paged page (path: /forms, /units), the search q kept. */
static void page_link(struct jx_buf *b, const char *path, const char *q, unsigned long n,
		      const char *text)
{
	jx_buf_printf(b, " · <a href=\"%s?page=%lu", path, n);
	if (q && *q) {
		jx_buf_puts(b, "&amp;q=");
		url_text(b, q);
	}
	jx_buf_printf(b, "\">%s</a>", text);
}

/* The links to the page before (if page > 1) and after (if more). */
static void page_links(struct jx_buf *b, const char *path, const char *q, unsigned long page,
		       bool more)
{
	if (page > 1)
		page_link(b, path, q, page - 1, "上一页");
	if (more)
		page_link(b, path, q, page + 1, "下一页");
}

/* ?page=N, from 1 (1 when not given); else false and a 400 page. */
static bool page_arg(struct web_req *rq, struct web_resp *rs, unsigned long *page)
{
	const char *pg = web_arg(rq, "page");
	char *end = NULL;
	*page = pg && *pg ? strtoul(pg, &end, 10) : 1;
	if ((end && *end) || *page < 1 || *page > 1000000 || (pg && *pg == '-')) {
		web_error(rs, 400, "参数 page 无效：应为从 1 起的页码");
		return false;
	}
	return true;
}

/* Every unit's row, a page at a time (/units?page=N). */
void web_units(struct web_req *rq, struct web_resp *rs)
{
	unsigned long page;
	if (!page_arg(rq, rs, &page))
		return;
	struct jx_store *st = open_read(rq, rs);
	if (!st)
		return;
	struct jx_buf *b = &rs->body;
	page_begin(rq, b, "全部单位");
	unsigned long from = (page - 1) * UNITS_PAGE;
	unsigned long n = summary_table(st, b, JX_BY_UNIT, "实施单位", from, UNITS_PAGE);
	jx_buf_puts(b, "<p class=\"pages\">");
	if (from < n)
		jx_buf_printf(b, "第 %lu–%lu 个单位，共 %lu 个", from + 1,
			      from + UNITS_PAGE < n ? from + UNITS_PAGE : n, n);
	else
		jx_buf_printf(b, "这一页没有单位（共 %lu 个）", n);
	page_links(b, "/units", NULL, page, from + UNITS_PAGE < n);
	jx_buf_puts(b, "</p>\n");
	web_store_done(st);
	page_end(b);
}

/* ---- 项目列表 -------------------------------------------------------------------------------- */

static int list_row(const struct jx_store_form *r, void *ud)
{
	struct jx_buf *b = ud;
	jx_buf_printf(b, "<tr><td>%d</td><td class=\"l\">", r->s.year);
	H(b, r->s.implementer);
	jx_buf_printf(b, "</td><td class=\"l\"><a href=\"/forms/%lld\">", r->id);
	H(b, *r->s.project ? r->s.project : "（项目名称缺失）");
	jx_buf_puts(b, "</a></td><td>");
	wan(b, r->s.has_budget, r->s.budget_fen);
	jx_buf_puts(b, "</td><td>");
	wan(b, r->s.has_executed, r->s.executed_fen);
	jx_buf_puts(b, "</td><td>");
	if (r->s.has_budget && r->s.has_executed && r->s.budget_fen > 0)
		jx_render_percent(b, r->s.executed_fen, r->s.budget_fen, 2);
	else
		jx_buf_puts(b, "—");
	jx_buf_puts(b, "</td><td>");
	if (r->s.has_declared_total)
		jx_render_score(b, r->s.declared_total_c);
	else
		jx_buf_puts(b, "—");
	jx_buf_puts(b, "</td><td>");
	jx_render_score(b, r->s.score_total_c);
	jx_buf_puts(b, "</td><td>");
	H(b, r->s.grade);
	jx_buf_printf(b, "</td><td>%lu</td><td class=\"l\" data-state=\"%s\">%s</td></tr>\n",
		      r->findings[JX_SEV_ERROR] + r->findings[JX_SEV_WARNING] + r->findings[JX_SEV_INFO],
		      jx_state_id((enum jx_state)r->state), jx_state_label((enum jx_state)r->state));
	return 0;
}

/* Rows a list page shows: at a bureau's 100,000 forms the whole list is
 * tens of megabytes no browser sorts; a page is read from the store's
 * index, and 搜索 asks the store (项目 or 单位 containing it, or a 年度 or
 * 等级).  Sorting and the filter box work within the page. */
enum { LIST_PAGE = 500 };

struct list_page {
	struct jx_buf *b;
	unsigned long rows;
};

static int list_page_row(const struct jx_store_form *r, void *ud)
{
	struct list_page *lp = ud;
	if (++lp->rows > LIST_PAGE)
		return 1; /* the row past the page: there is a next one */
	return list_row(r, lp->b);
}

void web_list(struct web_req *rq, struct web_resp *rs)
{
	const char *q = web_arg(rq, "q");
	unsigned long page;
	if (!page_arg(rq, rs, &page))
		return;
	struct jx_store *st = open_read(rq, rs);
	if (!st)
		return;
	struct jx_buf *b = &rs->body;
	page_begin(rq, b, "项目列表");
	jx_buf_puts(b, "<form method=\"get\" action=\"/forms\" class=\"search\"><input name=\"q\" "
		       "type=\"search\" placeholder=\"在全部表中搜索项目、单位、年度、等级\" value=\"");
	H(b, q ? q : "");
	jx_buf_puts(b, "\"> <button>搜索</button></form>\n"
		       "<p><input id=\"filter\" type=\"search\" placeholder=\"在本页中筛选…\" "
		       "autocomplete=\"off\"> <span id=\"shown\"></span></p>\n"
		       "<table class=\"data sortable\" id=\"forms\"><thead><tr><th>年度</th><th>实施单位</th>"
		       "<th>项目</th><th>全年预算数（万元）</th><th>全年执行数（万元）</th><th>执行率</th>"
		       "<th>申报总分</th><th>复核总分</th><th>等级</th><th>审核发现</th><th>状态</th></tr></thead><tbody>\n");
	/* one row past the page tells whether there is a next one */
	struct jx_store_query sq = {.any = q, .offset = (page - 1) * LIST_PAGE, .limit = LIST_PAGE + 1};
	struct list_page lp = {b, 0};
	if (jx_store_list(st, &sq, list_page_row, &lp) != JX_OK) {
		jx_buf_reset(b);
		web_error(rs, 500, jx_store_error(st));
		web_store_done(st);
		return;
	}
	bool more = lp.rows > LIST_PAGE;
	jx_buf_puts(b, "</tbody></table>\n<p class=\"pages\">");
	unsigned long shown = more ? LIST_PAGE : lp.rows;
	if (shown)
		jx_buf_printf(b, "第 %lu–%lu 张", sq.offset + 1, sq.offset + shown);
	else
		jx_buf_puts(b, q && *q ? "没有符合搜索的表" : "没有表");
	page_links(b, "/forms", q, page, more);
	jx_buf_printf(b, "</p>\n<p class=\"note\">每页 %d 张；点击表头在本页中排序，输入文字在本页中筛选。</p>\n",
		      LIST_PAGE);
	web_store_done(st);
	page_end(b);
}

/* ---- 表单 ------------------------------------------------------------------------------------- */

struct one_form {
	struct web_req *rq;
	struct jx_buf *b;
	long long id;
	bool found;
};

/* The traces behind the rescored numbers, shown when a row is clicked. */
static void traces(struct jx_buf *b, const struct jx_form *f)
{
	jx_buf_puts(b, "<section id=\"traces\"><h2>计算过程</h2><p class=\"note\">点击表中的预算执行、"
		       "指标或总分行，显示它的复核计算过程。</p>\n");
	for (long i = JX_TRACE_TOTAL; i < (long)jx_form_indicators(f); i++) {
		struct jx_buf t;
		jx_buf_init(&t, 1 << 20);
		jx_render_trace(&t, f, i);
		if (i == JX_TRACE_TOTAL)
			jx_buf_puts(b, "<pre class=\"trace\" id=\"trace-total\" hidden>");
		else if (i == JX_TRACE_EXECUTION)
			jx_buf_puts(b, "<pre class=\"trace\" id=\"trace-exec\" hidden>");
		else
			jx_buf_printf(b, "<pre class=\"trace\" id=\"trace-ind-%ld\" hidden>", i);
		H(b, t.p);
		jx_buf_puts(b, "</pre>\n");
		jx_buf_release(&t);
	}
	jx_buf_puts(b, "</section>\n");
}

static void show_form(const struct jx_form *f, const struct jx_diag *findings, size_t n, void *ud)
{
	struct one_form *of = ud;
	struct jx_buf *b = of->b;
	struct jx_summary s;
	jx_form_summary(f, &s);
	of->found = true;
	page_with(of->rq, b, *s.project ? s.project : "（项目名称缺失）", true);
	jx_buf_printf(b, "<p class=\"actions\"><a href=\"/forms/%lld/edit\">编辑</a> "
			 "<a href=\"/forms/%lld/history\">历史</a> 下载："
			 "<a href=\"/forms/%lld/download.xlsx\">XLSX</a> "
			 "<a href=\"/forms/%lld/download.html\">HTML</a> "
			 "<a href=\"/forms/%lld/download.csv\">CSV</a> "
			 "<a href=\"/forms/%lld/download.json\">JSON</a></p>\n",
		      of->id, of->id, of->id, of->id, of->id, of->id);
	jx_render_form_html(b, f, "form", findings, n);
	traces(b, f);
	/* the page ends in web_form, after the review (review.c) */
}

/* The database, open for reading; else NULL and a 503 page that says why
 * (a missing or locked database is not a missing form). */
static struct jx_store *store_or_503(struct web_req *rq, struct web_resp *rs)
{
	char err[512];
	struct jx_store *st = web_store(rq->w, web_account(rq), err, sizeof err);
	if (!st)
		web_error(rs, 503, err);
	return st;
}

void web_form(struct web_req *rq, struct web_resp *rs, long long id)
{
	struct jx_store *st = store_or_503(rq, rs);
	if (!st)
		return;
	struct one_form of = {rq, &rs->body, id, false};
	struct jx_store_query q = {.id = id};
	if (!cli_stored_forms_in(st, rq->w->db, &q, show_form, &of) || !of.found) {
		web_error(rs, 404, "没有这张表（可能已被新版本替换：请从项目列表打开）");
	} else {
		web_review_panel(rq, st, &rs->body, id);
		page_end(&rs->body);
	}
	web_store_done(st);
}

/* ---- 填报/编辑 ------------------------------------------------------------------------------------- */

/* The editor around a form's JSON (id 0: a new form) in its stored
 * version (0: none); a save names the version, so that one that another
 * save or import replaced meanwhile is refused (409), not overwritten. */
static void editor_page(struct web_req *rq, struct web_resp *rs, long long id, long long version,
			const char *json)
{
	struct jx_buf *b = &rs->body;
	page_begin(rq, b, id ? "编辑自评表" : "填报新的自评表");
	jx_buf_printf(b, "<p class=\"note\">修改后自动复核（由 jixiao 按评分规则计算，"
			 "页面不含任何评分逻辑）；保存时同一张表（年度、主管部门、实施单位、项目名称相同）"
			 "的旧版本存入历史。</p>\n<div id=\"editor\" data-id=\"%lld\" data-version=\"%lld\"></div>\n",
		      id, version);
	/* the form as data for the script: JSON in a non-executed block, with
	 * < escaped so that no text can close the block */
	jx_buf_puts(b, "<script type=\"application/json\" id=\"form-data\">");
	for (const char *p = json; p && *p; p++)
		if (*p == '<')
			jx_buf_puts(b, "\\u003c");
		else
			jx_buf_add(b, p, 1);
	jx_buf_puts(b, "</script>\n");
	page_end(b);
}

/* A blank form: the standard rows of 附件2 to fill in (year: last year,
 * the one a self-evaluation is usually of). */
void web_new(struct web_req *rq, struct web_resp *rs)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	struct jx_buf json;
	jx_buf_init(&json, 0);
	jx_buf_printf(&json,
		      "{\"year\":%d,\"project\":\"\",\"department\":\"\",\"implementer\":\"\","
		      "\"funds\":{\"total\":{\"initial\":null,\"budget\":null,\"executed\":null,"
		      "\"declared_rate\":null},\"fiscal\":{},\"carryover\":{},\"other\":{}},"
		      "\"execution\":{\"weight\":10,\"declared_score\":null},"
		      "\"goal\":{\"expected\":\"\",\"actual\":\"\"},\"indicators\":[",
		      tm.tm_year + 1900 - 1);
	static const char *const rows[][2] = {
		{"产出指标", "数量指标"}, {"产出指标", "质量指标"}, {"产出指标", "时效指标"},
		{"产出指标", "成本指标"}, {"效益指标", "社会效益指标"}, {"效益指标", "可持续影响指标"},
		{"满意度指标", "服务对象满意度指标"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		jx_buf_printf(&json, "%s{\"level1\":\"%s\",\"level2\":\"%s\",\"name\":\"\",\"target\":\"\","
				     "\"actual\":\"\",\"weight\":null,\"declared_score\":null,\"reason\":\"\"}",
			      i ? "," : "", rows[i][0], rows[i][1]);
	jx_buf_puts(&json, "],\"total\":{\"weight\":100,\"declared\":null}}");
	editor_page(rq, rs, 0, 0, json.p);
	jx_buf_release(&json);
}

static int version_of(const struct jx_store_form *f, void *ud)
{
	*(long long *)ud = f->version;
	return 1;
}

void web_edit(struct web_req *rq, struct web_resp *rs, long long id)
{
	struct jx_store *st = store_or_503(rq, rs);
	if (!st)
		return;
	struct jx_buf json;
	jx_buf_init(&json, 0);
	if (jx_store_form_json(st, id, &json) != JX_OK) {
		web_error(rs, 404, jx_store_error(st));
		web_store_done(st);
		jx_buf_release(&json);
		return;
	}
	long long version = 0;
	struct jx_store_query q = {.id = id};
	jx_store_list(st, &q, version_of, &version);
	web_store_done(st);
	editor_page(rq, rs, id, version, json.p);
	jx_buf_release(&json);
}

/* ---- 历史 --------------------------------------------------------------------------------------- */

enum { MAX_VERSIONS = 200 }; /* versions a history page shows */

struct version {
	long long history_id;
	char *at, *file;
	json_object *json;
};

struct versions {
	struct version *v;
	size_t n;
};

static int keep_version(const struct jx_store_version *v, void *ud)
{
	struct versions *vs = ud;
	if (vs->n == MAX_VERSIONS)
		return 1;
	vs->v = cli_xrealloc(vs->v, (vs->n + 1) * sizeof *vs->v);
	vs->v[vs->n++] = (struct version){v->history_id, cli_xstrdup(v->imported_at),
					  cli_xstrdup(v->file), json_tokener_parse(v->json)};
	return 0;
}

static void versions_free(struct versions *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		free(vs->v[i].at);
		free(vs->v[i].file);
		json_object_put(vs->v[i].json);
	}
	free(vs->v);
}

static const char *field(json_object *o, const char *path)
{
	/* "a.b": nested keys */
	char key[64];
	const char *dot;
	while (o && (dot = strchr(path, '.'))) {
		size_t n = (size_t)(dot - path) < sizeof key - 1 ? (size_t)(dot - path) : sizeof key - 1;
		memcpy(key, path, n);
		key[n] = '\0';
		json_object *next = NULL;
		o = json_object_object_get_ex(o, key, &next) ? next : NULL;
		path = dot + 1;
	}
	json_object *v = NULL;
	if (!o || !json_object_object_get_ex(o, path, &v) || !v)
		return "";
	return json_object_get_string(v);
}

/* One change between two versions: "名称：旧 → 新". */
static void change(struct jx_buf *b, bool *any, const char *what, const char *old, const char *now)
{
	if (!strcmp(old, now))
		return;
	jx_buf_puts(b, *any ? "" : "<ul class=\"changes\">");
	*any = true;
	jx_buf_puts(b, "<li>");
	H(b, what);
	jx_buf_puts(b, "：<del>");
	H(b, *old ? old : "（空）");
	jx_buf_puts(b, "</del> → <ins>");
	H(b, *now ? now : "（空）");
	jx_buf_puts(b, "</ins></li>");
}

/* What changed from `old` to `now`: the form's fields, funds and each
 * indicator (matched by position) that differ. */
static void diff(struct jx_buf *b, json_object *old, json_object *now)
{
	static const struct {
		const char *path, *name;
	} fields[] = {
		{"project", "项目名称"},           {"department", "主管部门"},
		{"implementer", "实施单位"},       {"funds.total.budget", "全年预算数"},
		{"funds.total.executed", "全年执行数"}, {"execution.declared_rate", "申报执行率"},
		{"execution.declared_score", "预算执行申报得分"}, {"execution.score", "预算执行复核得分"},
		{"goal.expected", "预期目标"},     {"goal.actual", "实际完成情况"},
		{"total.declared", "申报总分"},    {"total.score", "复核总分"},
		{"total.grade", "等级"},
	};
	bool any = false;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		change(b, &any, fields[i].name, field(old, fields[i].path), field(now, fields[i].path));
	json_object *io = NULL, *in = NULL;
	json_object_object_get_ex(old, "indicators", &io);
	json_object_object_get_ex(now, "indicators", &in);
	size_t no = io ? json_object_array_length(io) : 0, nn = in ? json_object_array_length(in) : 0;
	static const struct {
		const char *key, *name;
	} ind[] = {{"name", "名称"}, {"target", "年度指标值"}, {"actual", "实际完成值"},
		   {"weight", "分值"}, {"declared_score", "申报得分"}, {"score", "复核得分"},
		   {"reason", "偏差原因"}};
	for (size_t i = 0; i < no || i < nn; i++) {
		json_object *a = i < no ? json_object_array_get_idx(io, i) : NULL;
		json_object *c = i < nn ? json_object_array_get_idx(in, i) : NULL;
		const char *label = field(c ? c : a, "name");
		for (size_t k = 0; k < sizeof ind / sizeof ind[0]; k++) {
			char what[512];
			snprintf(what, sizeof what, "指标「%.300s」%s", label, ind[k].name);
			change(b, &any, what, a ? field(a, ind[k].key) : "", c ? field(c, ind[k].key) : "");
		}
	}
	jx_buf_puts(b, any ? "</ul>" : "<p class=\"note\">表的内容没有变化（重新导入）。</p>");
}

/* A stored time ("2026-12-02T03:33:53Z", UTC) as the server's local time,
 * "2026-12-02 11:33:53"; a text that is not such a time as it is. */
static const char *local_time(const char *utc, char *out, size_t cap)
{
	struct tm tm = {0};
	const char *end = strptime(utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return utc;
	time_t t = timegm(&tm);
	struct tm lt;
	if (!localtime_r(&t, &lt) || !strftime(out, cap, "%Y-%m-%d %H:%M:%S", &lt))
		return utc;
	return out;
}

void web_history(struct web_req *rq, struct web_resp *rs, long long id)
{
	struct jx_store *st = store_or_503(rq, rs);
	if (!st)
		return;
	struct versions vs = {0};
	if (jx_store_versions(st, id, keep_version, &vs) != JX_OK) {
		web_error(rs, 404, jx_store_error(st));
		web_store_done(st);
		versions_free(&vs); /* what was kept before the store failed */
		return;
	}
	web_store_done(st);
	struct jx_buf *b = &rs->body;
	page_begin(rq, b, "历史版本");
	jx_buf_printf(b, "<p>%s %zu 个版本，最新的在前。<a href=\"/forms/%lld\">回到表单</a></p>\n<ol class=\"versions\">\n",
		      vs.n == MAX_VERSIONS ? "最近的" : "共", vs.n, id);
	for (size_t i = 0; i < vs.n; i++) {
		struct version *v = &vs.v[i];
		jx_buf_puts(b, "<li><b>");
		H(b, v->history_id ? "历史版本" : "当前版本");
		jx_buf_puts(b, "</b> 导入于 ");
		char local[32];
		H(b, local_time(v->at, local, sizeof local));
		jx_buf_puts(b, "，来自 ");
		H(b, v->file);
		jx_buf_puts(b, "；复核总分 ");
		H(b, field(v->json, "total.score"));
		if (i + 1 < vs.n) {
			jx_buf_puts(b, "<br>相对上一版本的变化：");
			diff(b, vs.v[i + 1].json, v->json);
		}
		jx_buf_puts(b, "</li>\n");
	}
	jx_buf_puts(b, "</ol>\n");
	page_end(b);
	versions_free(&vs);
}

/* ---- 上传 --------------------------------------------------------------------------------------- */

void web_upload_page(struct web_req *rq, struct web_resp *rs)
{
	struct jx_buf *b = &rs->body;
	page_begin(rq, b, "上传自评表");
	jx_buf_printf(b, "<form method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\">"
			 "<input type=\"hidden\" name=\"csrf\" value=\"");
	H(b, web_csrf(rq));
	jx_buf_printf(b, "\"><p><input type=\"file\" name=\"files\" multiple required></p>"
			 "<p><button type=\"submit\">上传并导入</button></p></form>\n"
			 "<p class=\"note\">可一次选多个文件：文本（PDF、Word、网页转出）、Excel（.xlsx、.xls）、"
			 "CSV、JSON。每个文件单独导入：要么全部存入，要么一张都不存（并说明原因和行）。"
			 "同一张表再次导入时替换旧版本，旧版本存入历史。单次上传最多 %zu MB。</p>\n",
		      rq->w->max_upload >> 20);
	page_end(b);
}

void web_upload(struct web_req *rq, struct web_resp *rs)
{
	struct jx_buf *b = &rs->body;
	if (!rq->nfiles) {
		web_error(rs, 400, "没有选择文件");
		return;
	}
	struct cli_import *res = cli_xrealloc(NULL, rq->nfiles * sizeof *res);
	web_import_files(rq, res);
	page_begin(rq, b, "上传结果");
	jx_buf_puts(b, "<table class=\"data\" id=\"results\"><thead><tr><th>文件</th><th>结果</th>"
		       "<th>新增</th><th>替换</th><th>审核发现 error / warning / info</th><th>原因</th>"
		       "</tr></thead><tbody>\n");
	for (size_t i = 0; i < rq->nfiles; i++) {
		bool ok = !res[i].rejected && !res[i].store_failed;
		jx_buf_puts(b, ok ? "<tr class=\"ok\"><td class=\"l\">" : "<tr class=\"bad\"><td class=\"l\">");
		H(b, rq->files[i].name);
		jx_buf_printf(b, "</td><td>%s</td><td>%lu</td><td>%lu</td><td>%lu / %lu / %lu</td><td class=\"l\">",
			      ok ? "已导入" : "未导入", res[i].added, res[i].replaced,
			      res[i].counts[JX_SEV_ERROR], res[i].counts[JX_SEV_WARNING],
			      res[i].counts[JX_SEV_INFO]);
		if (!ok)
			H(b, res[i].why);
		jx_buf_puts(b, "</td></tr>\n");
		if (res[i].store_failed) /* the database could not take it: try again later */
			rs->status = 503;
	}
	jx_buf_puts(b, "</tbody></table>\n<p><a href=\"/forms\">查看项目列表</a></p>\n");
	page_end(b);
	free(res);
}

/* ---- report and downloads ----------------------------------------------------------------------- */

struct doc {
	const char *format;
	struct jx_buf *b;
	struct jx_report *report;
	struct jx_xlsx *xlsx;
	bool first;
	unsigned n;
};

static void add_form(const struct jx_form *f, const struct jx_diag *findings, size_t n, void *ud)
{
	struct doc *d = ud;
	d->n++;
	if (d->report) {
		jx_report_add_form(d->report, f, findings, n);
	} else if (d->xlsx) {
		if (d->n <= JX_XLSX_MAX_FORMS) /* past it: only counted, refused below */
			jx_xlsx_add_form(d->xlsx, f);
	} else if (!strcmp(d->format, "csv")) {
		jx_render_form_csv(d->b, f);
	} else if (!strcmp(d->format, "json")) {
		jx_buf_puts(d->b, d->first ? "\n" : ",\n");
		jx_render_form_json(d->b, f);
	} else {
		char id[32];
		snprintf(id, sizeof id, "form-%u", d->n);
		jx_render_form_html(d->b, f, id, findings, n);
	}
	d->first = false;
}

/* The forms the address asks for; false (a 400 page) when it is not valid. */
static bool query_of(struct web_req *rq, struct web_resp *rs, struct jx_store_query *q, long long id)
{
	char err[160];
	if (web_query(rq, id, q, err, sizeof err))
		return true;
	web_error(rs, 400, err);
	return false;
}

/* A report is one page of at most REPORT_PAGE forms (?page=N, the unit
 * and year filters kept): every form's HTML is in it, and at a bureau's
 * 100,000 forms the whole would be hundreds of megabytes no browser shows.
 * Its figures and charts are those of the page's forms, and it says so;
 * the sums of all of them are on 总览, the whole as one file is `jixiao
 * report`. */
enum { REPORT_PAGE = 500 };

static int count_one(const struct jx_store_form *r, void *ud)
{
	(void)r;
	++*(unsigned long *)ud;
	return 0;
}

/* "第 P 页" and the links to the pages before and after, the query kept. */
static void report_note(struct jx_buf *b, const struct jx_store_query *q, unsigned long page,
			unsigned long shown, bool more)
{
	unsigned long from = (page - 1) * REPORT_PAGE;
	jx_buf_printf(b, "<p class=\"pages\">本报告第 %lu 页：第 %lu–%lu 张表（每页 %d 张；概况、项目表、"
			 "图表与审核发现只含本页的表，全部表的合计见总览）",
		      page, from + 1, from + shown, REPORT_PAGE);
	for (int k = 0; k < 2; k++) {
		unsigned long to = k == 0 ? page - 1 : page + 1;
		if ((k == 0 && page == 1) || (k == 1 && !more))
			continue;
		jx_buf_printf(b, " · <a href=\"/report?page=%lu", to);
		const char *name[] = {"unit", "project"}, *value[] = {q->unit, q->project};
		for (int i = 0; i < 2; i++)
			if (value[i] && *value[i]) {
				jx_buf_printf(b, "&amp;%s=", name[i]);
				url_text(b, value[i]);
			}
		if (q->contains)
			jx_buf_puts(b, "&amp;match=contains");
		if (q->year)
			jx_buf_printf(b, "&amp;year=%d", q->year);
		jx_buf_puts(b, k == 0 ? "\">上一页</a>" : "\">下一页</a>");
	}
	jx_buf_puts(b, "</p>\n");
}

void web_report(struct web_req *rq, struct web_resp *rs)
{
	struct jx_store_query q;
	unsigned long page;
	if (!query_of(rq, rs, &q, 0) || !page_arg(rq, rs, &page))
		return;
	struct jx_store *st = store_or_503(rq, rs);
	if (!st)
		return;
	q.offset = (page - 1) * REPORT_PAGE;
	q.limit = REPORT_PAGE;
	struct doc d = {"html", &rs->body, jx_report_new("jixiao 单位报告"), NULL, true, 0};
	/* one snapshot: the page and whether one follows agree */
	bool ok = jx_store_snapshot(st, true) == JX_OK;
	ok = ok && cli_stored_forms_in(st, rq->w->db, &q, add_form, &d);
	unsigned long after = 0;
	struct jx_store_query next = q;
	next.offset += REPORT_PAGE;
	next.limit = 1;
	ok = ok && jx_store_list(st, &next, count_one, &after) == JX_OK;
	jx_store_snapshot(st, false);
	web_store_done(st);
	if (ok && d.n) {
		if (page > 1 || after) {
			struct jx_buf note;
			jx_buf_init(&note, 0);
			report_note(&note, &q, page, d.n, after > 0);
			jx_report_set_note(d.report, note.p);
			jx_buf_release(&note);
		}
		if (jx_report_render(d.report, &rs->body) != JX_OK) {
			const char *why = jx_report_error(d.report);
			jx_buf_reset(&rs->body);
			web_error(rs, 500, why ? why : "报告无法生成");
		} else {
			rs->report_script = true; /* its table and charts are one page with an inline script */
		}
	} else {
		web_error(rs, ok ? 404 : 500, ok ? (page > 1 ? "报告没有这一页" : "数据库中没有表")
					: "数据库中的表无法读出（详见服务的日志）");
	}
	jx_report_free(d.report);
}

/* ---- downloads of many forms: streamed, a form at a time ------------------------------ */

/* The forms of a download, rendered one by one as the client takes them:
 * memory is the list of ids and one form, whatever the number of forms. */
struct form_stream {
	struct web_stream s;
	struct web *w;
	long long account; /* whose download: the forms are read in its scope */
	const char *format; /* csv, json or html */
	long long *ids;
	size_t n, i;
	int stage; /* 0 the head, 1 the forms, 2 the tail, 3 done */
};

static int collect_id(const struct jx_store_form *r, void *ud)
{
	struct form_stream *fs = ud;
	if ((fs->n & (fs->n - 1)) == 0) /* 0, 1, 2, 4 …: double */
		fs->ids = cli_xrealloc(fs->ids, (fs->n ? fs->n * 2 : 1) * sizeof *fs->ids);
	fs->ids[fs->n++] = r->id;
	return 0;
}

static bool form_stream_next(struct web_stream *s, struct jx_buf *part, bool *failed)
{
	struct form_stream *fs = (struct form_stream *)s;
	if (fs->stage == 0) {
		fs->stage = 1;
		if (!strcmp(fs->format, "csv"))
			jx_render_csv_header(part);
		else if (!strcmp(fs->format, "json"))
			jx_buf_puts(part, "{\"forms\":[");
		else
			jx_render_html_begin(part, "自评表");
		return true;
	}
	if (fs->stage == 1 && fs->i < fs->n) {
		char err[512];
		struct jx_store *st = web_store(fs->w, fs->account, err, sizeof err);
		/* form-N and the JSON's separators as one document of them all */
		struct doc d = {fs->format, part, NULL, NULL, fs->i == 0, (unsigned)fs->i};
		struct jx_store_query q = {.id = fs->ids[fs->i++]};
		bool ok = st && cli_stored_forms_in(st, fs->w->db, &q, add_form, &d) && d.n > fs->i - 1;
		web_store_done(st);
		*failed = !ok;
		return ok;
	}
	if (fs->stage == 1) {
		fs->stage = 2;
		if (!strcmp(fs->format, "json"))
			jx_buf_puts(part, "\n]}\n");
		else if (strcmp(fs->format, "csv"))
			jx_render_html_end(part);
		return part->n > 0 || form_stream_next(s, part, failed);
	}
	return false;
}

static void form_stream_free(struct web_stream *s)
{
	struct form_stream *fs = (struct form_stream *)s;
	free(fs->ids);
	free(fs);
}

/* A download of csv, json or html; false (and the error page set) when no
 * form matches or one cannot be read.  One form, or an HTTP/1.0 client
 * (no chunked transfer to break off on an error), is answered from a
 * buffer, the whole file or an error page; more forms are streamed, the
 * first rendered before the answer is queued (so that a store that cannot
 * read them still gets an error page).  The forms are listed once: a
 * download taken while an import commits may show forms of both states. */
static bool stream_forms(struct web_req *rq, struct web_resp *rs, struct jx_store *st,
			 const struct jx_store_query *q, const char *format)
{
	struct form_stream *fs = cli_xrealloc(NULL, sizeof *fs);
	memset(fs, 0, sizeof *fs);
	fs->s.next = form_stream_next;
	fs->s.free = form_stream_free;
	fs->w = rq->w;
	fs->account = web_account(rq);
	fs->format = !strcmp(format, "csv") ? "csv" : !strcmp(format, "json") ? "json" : "html";
	jx_buf_init(&fs->s.part, 0);
	bool ok = jx_store_list(st, q, collect_id, fs) == JX_OK, failed = false;
	if (!ok || !fs->n) {
		web_error(rs, ok ? 404 : 500, ok ? "没有这张表，或数据库中没有表" : jx_store_error(st));
		jx_buf_release(&fs->s.part);
		form_stream_free(&fs->s);
		return false;
	}
	bool whole = fs->n == 1 || rq->http10;
	struct jx_buf *into = whole ? &rs->body : &fs->s.part;
	/* the head and the first form; a whole answer: every part */
	bool too_big = false;
	for (int parts = 0; !failed && (whole || parts < 2) && fs->s.next(&fs->s, into, &failed); parts++)
		if (into->overflow)
			failed = too_big = true;
	if (failed) {
		web_error(rs, 500, too_big ? "下载超过 512 MB，HTTP/1.0 的客户端无法分块接收：未生成下载，"
					     "请用 HTTP/1.1 下载，或用 ?unit=、?year= 分批"
					   : "数据库中的表无法读出，未生成下载（详见服务的日志）");
		jx_buf_release(&fs->s.part);
		form_stream_free(&fs->s);
		return false;
	}
	if (whole) {
		jx_buf_release(&fs->s.part);
		form_stream_free(&fs->s);
	} else {
		rs->stream = &fs->s;
	}
	return true;
}

/* A download's type and file name. */
static void download_headers(struct web_resp *rs, long long id, const char *format)
{
	static const struct {
		const char *format, *type;
	} types[] = {{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		     {"html", "text/html; charset=utf-8"},
		     {"csv", "text/csv; charset=utf-8"},
		     {"json", "application/json; charset=utf-8"}};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(types[i].format, format))
			rs->type = types[i].type;
	if (id)
		snprintf(rs->disposition, sizeof rs->disposition,
			 "attachment; filename=\"jixiao-%lld.%s\"", id, format);
	else
		snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"jixiao.%s\"",
			 format);
}

/* A workbook: libxlsxwriter writes a file (a private temporary one), sent
 * whole once written; at most JX_XLSX_MAX_FORMS forms, more refused. */
static void download_xlsx(struct web_req *rq, struct web_resp *rs, struct jx_store *st,
			  const struct jx_store_query *q, long long id)
{
	struct doc d = {"xlsx", &rs->body, NULL, NULL, true, 0};
	char path[4096];
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%.4000s/jixiao-web-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0 || jx_xlsx_open(path, NULL, &d.xlsx) != JX_OK) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		web_error(rs, 500, "无法生成 XLSX");
		return;
	}
	close(fd);
	bool ok = cli_stored_forms_in(st, rq->w->db, q, add_form, &d) && d.n;
	bool too_many = d.n > JX_XLSX_MAX_FORMS;
	char err[256];
	ok = jx_xlsx_close(d.xlsx, err, sizeof err) == JX_OK && ok && !too_many;
	if (ok) {
		FILE *fp = fopen(path, "rb");
		char buf[1 << 16];
		size_t k;
		while (fp && (k = fread(buf, 1, sizeof buf, fp)) > 0)
			jx_buf_add(&rs->body, buf, k);
		if (fp)
			fclose(fp);
	}
	unlink(path);
	if (too_many) { /* never the first 4,096 in a file that looks whole */
		char msg[256];
		snprintf(msg, sizeof msg,
			 "一个 XLSX 工作簿最多 %d 张表，符合条件的有 %u 张：未生成工作簿。"
			 "请用 ?unit= 或 ?year= 分批下载，或下载 CSV / JSON",
			 JX_XLSX_MAX_FORMS, d.n);
		web_error(rs, 422, msg);
	} else if (!ok) {
		web_error(rs, 404, "没有这张表，或数据库中没有表");
	} else {
		download_headers(rs, id, "xlsx");
	}
}

void web_download(struct web_req *rq, struct web_resp *rs, long long id, const char *format)
{
	struct jx_store_query q;
	if (!query_of(rq, rs, &q, id))
		return;
	struct jx_store *st = store_or_503(rq, rs);
	if (!st)
		return;
	if (!strcmp(format, "xlsx"))
		download_xlsx(rq, rs, st, &q, id);
	else if (stream_forms(rq, rs, st, &q, format))
		download_headers(rs, id, format);
	web_store_done(st);
}
