/*
 * html.c: the standard 自评表 in HTML (jx_render_form_html) and the
 * document around it.
 *
 * The grid is the printed form's: nine columns.  The fund block puts the
 * row label across columns 2–3 and 年初预算数, 全年预算数, 全年执行数, 分值,
 * 执行率, 得分 in 4–9; the indicator block 一级, 二级, 三级, 年度指标值,
 * 实际完成值, 分值, 得分, 偏差原因 in 2–9, with the merged cells of 一级 and
 * 二级 spanning their rows.  Declared cells show what the form says;
 * beside them (class "re") what jixiao computed, red where the two do not
 * agree by the profile's rounding.  Every text from the input goes through
 * jx_render_html_text (escape.c).
 */
#include "arena.h"
#include "escape.h"
#include "model.h"
#include "profile.h"
#include "score.h"

#include <string.h>

#define T(b, s) jx_render_html_text((b), (s))

static const char css[] =
	"@page{size:A4;margin:10mm}"
	"body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei','PingFang SC',sans-serif;"
	"font-size:10pt;color:#000;margin:0 auto}"
	/* the A4 width is the form's, not the page's: in the web app the same
	 * style must not narrow the navigation around the form */
	"section.form{max-width:190mm;margin:0 auto}"
	".toolbar{position:sticky;top:0;background:#f4f4f4;padding:4px 8px;border-bottom:1px solid #ccc;"
	"font-size:9pt;z-index:1}"
	"section.form{break-after:page;page-break-after:always;padding-top:2mm}"
	"section.form:last-of-type{break-after:auto;page-break-after:auto}"
	"section.form h1{text-align:center;font-size:15pt;margin:2mm 0 0}"
	"section.form .year{text-align:center;margin:1mm 0 2mm}"
	"table.jx{border-collapse:collapse;width:100%;table-layout:fixed}"
	"table.jx td{border:1px solid #000;padding:1px 2px;font-size:8pt;line-height:1.25;"
	"text-align:center;vertical-align:middle;word-break:break-all;overflow-wrap:anywhere}"
	"table.jx td.l{text-align:left}"
	".re{display:block;font-size:7pt;color:#555}"
	".re.bad{color:#c00;font-weight:bold}"
	"ol.findings{font-size:7.5pt;margin:1mm 0 0;padding-left:5mm}"
	"ol.findings li.error{color:#c00}ol.findings li.warning{color:#a60}ol.findings li.info{color:#555}"
	"tr.flag-error td{background:#fde8e8}tr.flag-warning td{background:#fff4dc}"
	"tr.flag-info td{background:#eef3fa}"
	"body.clean .re,body.clean ol.findings,body.clean section.review{display:none}"
	"body.clean tr[class^=flag] td{background:none}"
	"@media print{.toolbar{display:none}}";

const char *jx_render_html_css(void)
{
	return css;
}

static void html_begin(struct jx_buf *b, const char *title, bool clean)
{
	jx_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>");
	T(b, title);
	jx_buf_printf(b, "</title><style>%s</style></head>\n<body>\n", css);
	if (clean)
		return;
	jx_buf_puts(b, "<div class=\"toolbar\"><label><input type=\"checkbox\" id=\"clean\" "
		       "onchange=\"document.body.classList.toggle('clean',this.checked)\"> "
		       "只显示原表（隐藏复核结果和审核发现，用于打印）</label></div>\n");
}

enum jx_status jx_render_html_begin(struct jx_buf *b, const char *title)
{
	html_begin(b, title, false);
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}

enum jx_status jx_render_html_begin_clean(struct jx_buf *b, const char *title)
{
	html_begin(b, title, true);
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}

enum jx_status jx_render_html_end(struct jx_buf *b)
{
	return jx_buf_puts(b, "</body></html>\n");
}

/* <td> with optional colspan/rowspan and class (left open). */
static void td_open(struct jx_buf *b, int colspan, int rowspan, const char *cls)
{
	jx_buf_puts(b, "<td");
	if (colspan > 1)
		jx_buf_printf(b, " colspan=\"%d\"", colspan);
	if (rowspan > 1)
		jx_buf_printf(b, " rowspan=\"%d\"", rowspan);
	if (cls)
		jx_buf_printf(b, " class=\"%s\"", cls);
	jx_buf_puts(b, ">");
}

/* A whole cell of escaped text. */
static void td(struct jx_buf *b, int colspan, int rowspan, const char *cls, const char *text)
{
	td_open(b, colspan, rowspan, cls);
	if (text)
		T(b, text);
	jx_buf_puts(b, "</td>");
}

static const char *cell_text(const struct num *n)
{
	return n->state == NUM_ABSENT ? "" : n->cell.raw;
}

/* " <span class="re">复核 0.76</span>", red when it disagrees. */
static void re_score(struct jx_buf *b, const struct jx_form *f, const struct num *declared,
		     int64_t rescored)
{
	int64_t d;
	bool ok = num_centi(declared, &d) && score_agrees(f, d, rescored);
	jx_buf_printf(b, "<span class=\"re%s\">复核 ", ok ? "" : " bad");
	jx_render_score(b, rescored);
	jx_buf_puts(b, "</span>");
}

/* The findings of a form, to mark the rows they concern; `clean`: the
 * form as printed, with no review markup at all. */
struct marks {
	const struct jx_diag *d;
	size_t n;
	bool clean;
};

/*
 * A row's <tr>: data-trace (which trace explains its rescored number, or
 * NULL) and, when findings concern its line, a class by the worst of
 * them and their messages as its title: the findings on the cells they
 * concern, besides the list under the form.
 */
static void tr_open(struct jx_buf *b, const char *trace, const struct marks *m,
		    unsigned long line)
{
	jx_buf_puts(b, "<tr");
	if (m->clean) {
		jx_buf_puts(b, ">");
		return;
	}
	if (trace)
		jx_buf_printf(b, " data-trace=\"%s\"", trace);
	enum jx_severity worst = JX_SEV_IGNORE;
	for (size_t i = 0; line && i < m->n; i++)
		if (m->d[i].line == line && m->d[i].severity > worst)
			worst = m->d[i].severity;
	if (worst != JX_SEV_IGNORE) {
		jx_buf_printf(b, " class=\"flag-%s\" title=\"", jx_severity_name(worst));
		const char *sep = "";
		for (size_t i = 0; i < m->n; i++)
			if (m->d[i].line == line) {
				jx_buf_puts(b, sep);
				T(b, m->d[i].message);
				sep = "；";
			}
		jx_buf_puts(b, "\"");
	}
	jx_buf_puts(b, ">");
}

static void fund_row(struct jx_buf *b, const struct jx_form *f, enum fund_kind k,
		     const struct marks *m)
{
	const struct fund_row *r = &f->funds[k];
	tr_open(b, k == FUND_TOTAL ? "exec" : NULL, m, r->present ? r->line : 0);
	td(b, 2, 1, "l", fund_label(k));
	td(b, 1, 1, NULL, r->present ? cell_text(&r->initial.n) : "");
	td(b, 1, 1, NULL, r->present ? cell_text(&r->budget.n) : "");
	td(b, 1, 1, NULL, r->present ? cell_text(&r->executed.n) : "");
	td(b, 1, 1, NULL, r->present ? cell_text(&r->weight) : "");
	/* 执行率: as printed, and computed */
	jx_buf_puts(b, "<td>");
	if (r->present)
		T(b, cell_text(&r->rate));
	if (!m->clean && r->present && r->budget.n.state == NUM_OK && r->executed.n.state == NUM_OK &&
	    r->budget.fen > 0) {
		jx_buf_printf(b, "<span class=\"re%s\">", printed_rate_agrees(r) ? "" : " bad");
		jx_render_percent(b, r->executed.fen, r->budget.fen, 2);
		jx_buf_puts(b, "</span>");
	}
	jx_buf_puts(b, "</td><td>");
	if (r->present)
		T(b, cell_text(&r->score));
	if (!m->clean && k == FUND_TOTAL && r->present)
		re_score(b, f, &r->score, f->exec_score_c);
	jx_buf_puts(b, "</td></tr>\n");
}

static void indicator_rows(struct jx_buf *b, const struct jx_form *f, const struct marks *m)
{
	jx_buf_printf(b, "<tr>");
	td(b, 1, (int)f->n_ind + 1, NULL, "绩效指标");
	static const char *const head[] = {"一级指标", "二级指标", "三级指标", "年度指标值",
					   "实际完成值", "分值", "得分", "偏差原因分析及改进措施"};
	for (size_t k = 0; k < 8; k++)
		td(b, 1, 1, NULL, head[k]);
	jx_buf_puts(b, "</tr>\n");
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		char trace[32];
		snprintf(trace, sizeof trace, "ind-%zu", i);
		tr_open(b, trace, m, in->line);
		if (indicator_run_starts(f, i, false))
			td(b, 1, (int)indicator_run(f, i, false), NULL, in->level1);
		if (indicator_run_starts(f, i, true))
			td(b, 1, (int)indicator_run(f, i, true), NULL, in->level2);
		td(b, 1, 1, "l", in->name.raw);
		/* Sichuan forms print 指标性质 and 度量单位 in columns of their
		 * own: the standard form writes them into the value */
		td_open(b, 1, 1, NULL);
		T(b, in->op_c.col && strcmp(in->op_c.raw, "定性") ? in->op_c.raw : "");
		T(b, in->target_c.raw);
		T(b, in->unit_c.col ? in->unit_c.raw : "");
		jx_buf_puts(b, "</td>");
		td_open(b, 1, 1, NULL);
		T(b, in->actual_c.raw);
		T(b, in->unit_c.col && in->actual.kind == VAL_NUMBER ? in->unit_c.raw : "");
		jx_buf_puts(b, "</td>");
		td(b, 1, 1, NULL, in->na ? "无" : cell_text(&in->weight));
		jx_buf_puts(b, "<td>");
		T(b, cell_text(&in->declared));
		if (!m->clean && in->scored)
			re_score(b, f, &in->declared, in->score_c);
		jx_buf_puts(b, "</td>");
		td(b, 1, 1, "l", in->reason.raw);
		jx_buf_puts(b, "</tr>\n");
	}
}

static void findings_list(struct jx_buf *b, const struct jx_diag *d, size_t n)
{
	if (!n)
		return;
	jx_buf_puts(b, "<ol class=\"findings\">");
	for (size_t i = 0; i < n; i++) {
		jx_buf_printf(b, "<li class=\"%s\">第 %lu 行 ", jx_severity_name(d[i].severity),
			      d[i].line);
		T(b, d[i].message);
		jx_buf_printf(b, " [%s]</li>", jx_check_name(d[i].check));
	}
	jx_buf_puts(b, "</ol>\n");
}

static void form_html(struct jx_buf *b, const struct jx_form *f, const char *id,
		      const struct marks *mk)
{
	jx_buf_puts(b, "<section class=\"form\"");
	if (id) {
		jx_buf_puts(b, " id=\"");
		T(b, id);
		jx_buf_puts(b, "\"");
	}
	jx_buf_puts(b, "><h1>项目支出绩效自评表</h1><p class=\"year\">");
	if (f->year)
		jx_buf_printf(b, "（%d年度）", f->year);
	jx_buf_puts(b, "</p>\n<table class=\"jx\" border=\"1\"><colgroup>"
		       "<col style=\"width:6%\"><col style=\"width:9%\"><col style=\"width:10%\">"
		       "<col style=\"width:15%\"><col style=\"width:11%\"><col style=\"width:11%\">"
		       "<col style=\"width:6%\"><col style=\"width:10%\"><col style=\"width:22%\">"
		       "</colgroup>\n");
	jx_buf_puts(b, "<tr>");
	td(b, 1, 1, NULL, "项目名称");
	td(b, 8, 1, "l", f->project.raw);
	jx_buf_puts(b, "</tr>\n<tr>");
	td(b, 1, 1, NULL, "主管部门");
	td(b, 4, 1, "l", f->department.raw);
	td(b, 1, 1, NULL, "实施单位");
	td(b, 3, 1, "l", f->implementer.raw);
	jx_buf_puts(b, "</tr>\n<tr>");
	/* the standard four rows always; a Sichuan form's 财政专户管理资金 and
	 * 单位资金 rows when it has them */
	int rows = 5 + f->funds[FUND_SPECIAL].present + f->funds[FUND_UNIT].present;
	td(b, 1, rows, NULL, "项目资金（万元）");
	td(b, 2, 1, NULL, "");
	static const char *const fh[] = {"年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
					 "得分"};
	for (int k = 0; k < 6; k++)
		td(b, 1, 1, NULL, fh[k]);
	jx_buf_puts(b, "</tr>\n");
	for (int k = 0; k < FUND__COUNT; k++)
		if (k <= FUND_OTHER || f->funds[k].present)
			fund_row(b, f, (enum fund_kind)k, mk);
	jx_buf_puts(b, "<tr>");
	td(b, 1, 2, NULL, "年度总体目标");
	td(b, 4, 1, NULL, "预期目标");
	td(b, 4, 1, NULL, "实际完成情况");
	jx_buf_puts(b, "</tr>\n<tr>");
	td(b, 4, 1, "l", f->goal_expected.raw ? f->goal_expected.raw : "");
	td(b, 4, 1, "l", f->goal_actual.raw ? f->goal_actual.raw : "");
	jx_buf_puts(b, "</tr>\n");
	indicator_rows(b, f, mk);
	tr_open(b, "total", mk, f->has_total ? f->total_line : 0);
	td(b, 6, 1, NULL, "总分");
	td(b, 1, 1, NULL, cell_text(&f->total_weight));
	jx_buf_puts(b, "<td>");
	T(b, cell_text(&f->total_declared));
	if (!mk->clean) {
		if (!f->unscorable)
			re_score(b, f, &f->total_declared, f->total_c);
		jx_buf_puts(b, "<span class=\"re\">");
		T(b, f->grade ? f->grade : "无法评分");
		jx_buf_puts(b, "</span>");
	}
	jx_buf_puts(b, "</td>");
	td(b, 1, 1, NULL, "");
	jx_buf_puts(b, "</tr>\n</table>\n");
	if (!mk->clean)
		findings_list(b, mk->d, mk->n);
	jx_buf_puts(b, "</section>\n");
}

enum jx_status jx_render_form_html(struct jx_buf *b, const struct jx_form *f, const char *id,
				   const struct jx_diag *findings, size_t n)
{
	const struct marks m = {findings, n, false};
	form_html(b, f, id, &m);
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}

enum jx_status jx_render_form_html_clean(struct jx_buf *b, const struct jx_form *f, const char *id)
{
	const struct marks m = {NULL, 0, true};
	form_html(b, f, id, &m);
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}
