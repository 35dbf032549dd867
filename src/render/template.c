/*
 * template.c: a blank 项目支出绩效自评表 workbook for clerks to fill in
 * (`jixiao template`), with libxlsxwriter.
 *
 * Sheets: 填表说明 (how to fill it in, in Chinese), then one sheet per
 * project in the layout of 财预〔2020〕10号 附件2.  Input cells are yellow; cells that compute are
 * formulas: each fund row's 执行率, the execution score (national rule:
 * 分值 × min(执行率, 100%)), each quantitative indicator's score (positive:
 * 分值 × 实际/目标, reverse (≤, ＜): 分值 × 目标/实际, full marks when the
 * target is met), the total 分值 and 得分.  The indicator table has the
 * operator (指标性质), value and unit (度量单位) in columns of their own,
 * as the Sichuan form prints them, so that the formulas see numbers; a
 * qualitative (定性) indicator's score is typed over its formula.  jixiao
 * rescores every form anyway: the formulas are the clerk's aid, the
 * rescoring is the rules'.
 *
 * Formulas carry a cached result ("" for an unfilled row), so that the
 * untouched template reads as blank forms; a filled one must be saved by
 * a spreadsheet program, which computes them.
 */
#include "arena.h"
#include "model.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "banned.h"

struct tpl {
	lxw_workbook *wb;
	lxw_format *title, *head, *label, *input, *input_center, *input_num, *calc, *calc_pct, *note;
};

/* Layout of a project sheet (0-based rows). */
enum {
	R_TITLE = 0, R_YEAR, R_PROJECT, R_UNITS, R_FUND_HEAD, R_FUND0, /* 4 fund rows */
	R_GOAL_HEAD = R_FUND0 + 4, R_GOAL, R_IND_HEAD, R_IND0,
	R_TOTAL = R_IND0 + JX_TEMPLATE_INDICATORS
};

static lxw_format *fmt(lxw_workbook *wb, bool bold, bool left, const char *num, lxw_color_t bg)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, "SimSun");
	format_set_font_size(f, 10);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_text_wrap(f);
	format_set_align(f, left ? LXW_ALIGN_LEFT : LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (bold)
		format_set_bold(f);
	if (num)
		format_set_num_format(f, num);
	if (bg)
		format_set_bg_color(f, bg);
	return f;
}

enum { YELLOW = 0xFFF2CC, BLUE = 0xDDEBF7 };

static const char *const level1_list[] = {"产出指标", "效益指标", "满意度指标", "成本指标", NULL};
static const char *const level2_list[] = {
	"数量指标",       "质量指标",       "时效指标",       "成本指标",
	"经济效益指标",   "社会效益指标",   "生态效益指标",   "可持续影响指标",
	"服务对象满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标", NULL};
static const char *const op_list[] = {"≥", "≤", "=", "＞", "＜", "定性", NULL};

/* The lists are written into the validation itself (each well under
 * Excel's 255 characters): a list formula pointing at a sheet of lists
 * would do the same, but libxlsxwriter 1.1.4 leaks its copy of the
 * formula. */
static void dropdown(lxw_worksheet *ws, lxw_col_t c, const char *const *list, const char *title)
{
	lxw_data_validation dv = {0};
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	dv.value_list = (char **)list;
	dv.input_title = (char *)title;
	dv.input_message = (char *)"从下拉列表中选择";
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
	worksheet_data_validation_range(ws, R_IND0, c, R_TOTAL - 1, c, &dv);
}

static void instructions(struct tpl *t, unsigned projects)
{
	lxw_worksheet *ws = workbook_add_worksheet(t->wb, "填表说明");
	worksheet_set_column(ws, 0, 0, 100, NULL);
	static const char *const lines[] = {
		"项目支出绩效自评表 填表说明",
		"本工作簿按财预〔2020〕10号附件2的格式制作，每个项目一张工作表（「项目1」「项目2」…）。",
		"1. 黄色单元格由填表人填写；蓝色单元格是公式，自动计算执行率、得分和总分，不必填写。",
		"2. 年度：在标题下的黄色格填写，如「2024年度」。",
		"3. 项目资金以万元为单位，填数字（如 3 或 0.22792），不要带单位。年度资金总额的分值一般为 10。",
		"4. 绩效指标：一级指标、二级指标和指标性质从下拉列表中选择；指标值和实际完成值填数字，单位填在「度量单位」列（如 个、%、万元）。",
		"5. 指标性质：≥、＞、= 为正向指标（越高越好），≤、＜ 为反向指标（越低越好，如成本），定性指标选「定性」。",
		"6. 定量指标的得分由公式计算：正向 = 分值 × 实际完成值 / 指标值，反向 = 分值 × 指标值 / 实际完成值，达到目标得满分，保留两位小数。",
		"7. 定性指标（如「提高」「达到预期」）的得分请直接在得分格中填写（覆盖公式）。",
		"8. 未完成目标的指标，请在「偏差原因分析及改进措施」中说明原因。",
		"9. 各指标分值与年度资金总额的分值之和应为 100；不用的指标行留空即可。",
		"10. 填好后用 Excel 或 WPS 保存（保存时会计算公式），再交给财务部门或用 jixiao 检查：jixiao check 文件.xlsx。",
		"jixiao 会按评分规则重新计算每个得分，并指出计算错误、缺少的说明和不符合规则的打分。",
	};
	for (lxw_row_t r = 0; r < sizeof lines / sizeof lines[0]; r++)
		worksheet_write_string(ws, r, 0, lines[r], r == 0 ? t->title : t->note);
	char buf[128];
	snprintf(buf, sizeof buf, "本工作簿共有 %u 张项目表。", projects);
	worksheet_write_string(ws, sizeof lines / sizeof lines[0] + 1, 0, buf, t->note);
}

/* "A1" of (row, col), 0-based. */
static void a1(char *buf, lxw_row_t r, lxw_col_t c)
{
	lxw_rowcol_to_cell(buf, r, c);
}

static void funds(struct tpl *t, lxw_worksheet *ws)
{
	worksheet_merge_range(ws, R_FUND_HEAD, 0, R_FUND0 + 3, 0, "项目资金（万元）", t->head);
	worksheet_merge_range(ws, R_FUND_HEAD, 1, R_FUND_HEAD, 2, "", t->head);
	static const char *const head[] = {"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"};
	for (lxw_col_t c = 0; c < 6; c++)
		worksheet_write_string(ws, R_FUND_HEAD, 3 + c, head[c], t->head);
	for (int k = 0; k < 4; k++) {
		lxw_row_t r = (lxw_row_t)(R_FUND0 + k);
		worksheet_merge_range(ws, r, 1, r, 2, fund_label((enum fund_kind)k), t->label);
		for (lxw_col_t c = 3; c <= 5; c++)
			worksheet_write_blank(ws, r, c, t->input_num);
		char e[16], f[16], g[16], h[16], formula[256];
		a1(e, r, 4);
		a1(f, r, 5);
		a1(g, r, 6);
		a1(h, r, 7);
		snprintf(formula, sizeof formula, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s),N(%s)>0),%s/%s,\"\")",
			 e, f, e, f, e);
		worksheet_write_formula_str(ws, r, 7, formula, t->calc_pct, "");
		if (k == 0) {
			worksheet_write_number(ws, r, 6, 10, t->input_num);
			snprintf(formula, sizeof formula,
				 "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),ROUND(%s*MIN(%s,1),2),\"\")", g, h, g, h);
			worksheet_write_formula_str(ws, r, 8, formula, t->calc, "");
		} else {
			worksheet_write_string(ws, r, 6, "—", t->label);
			worksheet_write_string(ws, r, 8, "—", t->label);
		}
	}
}

static void indicators(struct tpl *t, lxw_worksheet *ws)
{
	static const char *const head[] = {"一级指标", "二级指标", "三级指标", "指标性质", "指标值",
					   "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"};
	worksheet_merge_range(ws, R_IND_HEAD, 0, R_TOTAL - 1, 0, "绩效指标", t->head);
	for (lxw_col_t c = 0; c < 10; c++)
		worksheet_write_string(ws, R_IND_HEAD, 1 + c, head[c], t->head);
	for (lxw_row_t r = R_IND0; r < R_TOTAL; r++) {
		for (lxw_col_t c = 1; c <= 10; c++)
			if (c != 9)
				worksheet_write_blank(ws, r, c, c == 6 || c == 8 || c == 9 ? t->input_num
												   : t->input);
		char E[16], F[16], H[16], I[16], formula[512];
		a1(E, r, 4);
		a1(F, r, 5);
		a1(H, r, 7);
		a1(I, r, 8);
		/* positive (≥ ＞ =): met -> full marks, else w × actual / target;
		 * reverse (≤ ＜): met -> full marks, else w × target / actual */
		snprintf(formula, sizeof formula,
			 "=IF(OR(%s=\"定性\",NOT(ISNUMBER(%s)),NOT(ISNUMBER(%s)),NOT(ISNUMBER(%s))),\"\","
			 "IF(OR(%s=\"≤\",%s=\"＜\"),IF(%s<=%s,%s,IF(%s=0,0,ROUND(%s*%s/%s,2))),"
			 "IF(%s>=%s,%s,IF(%s=0,0,ROUND(%s*%s/%s,2)))))",
			 E, F, H, I, E, E, H, F, I, H, I, F, H, H, F, I, F, I, H, F);
		worksheet_write_formula_str(ws, r, 9, formula, t->calc, "");
	}
	dropdown(ws, 1, level1_list, "一级指标");
	dropdown(ws, 2, level2_list, "二级指标");
	dropdown(ws, 4, op_list, "指标性质");
}

static void project_sheet(struct tpl *t, unsigned i)
{
	char name[32];
	snprintf(name, sizeof name, "项目%u", i);
	lxw_worksheet *ws = workbook_add_worksheet(t->wb, name);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 1);
	static const double widths[] = {8, 11, 12, 20, 8, 10, 8, 10, 7, 8, 26};
	for (lxw_col_t c = 0; c < 11; c++)
		worksheet_set_column(ws, c, c, widths[c], NULL);
	worksheet_merge_range(ws, R_TITLE, 0, R_TITLE, 10, "项目支出绩效自评表", t->title);
	/* the year line, as the form prints it: one cell, "（2024年度）" */
	worksheet_merge_range(ws, R_YEAR, 0, R_YEAR, 10, "", t->input_center);
	lxw_data_validation dv = {0};
	dv.validate = LXW_VALIDATION_TYPE_ANY;
	dv.input_title = (char *)"年度";
	dv.input_message = (char *)"填写评价年度，如：2024年度";
	worksheet_data_validation_cell(ws, R_YEAR, 0, &dv);
	worksheet_write_string(ws, R_PROJECT, 0, "项目名称", t->head);
	worksheet_merge_range(ws, R_PROJECT, 1, R_PROJECT, 10, "", t->input);
	worksheet_write_string(ws, R_UNITS, 0, "主管部门", t->head);
	worksheet_merge_range(ws, R_UNITS, 1, R_UNITS, 4, "", t->input);
	worksheet_write_string(ws, R_UNITS, 5, "实施单位", t->head);
	worksheet_merge_range(ws, R_UNITS, 6, R_UNITS, 10, "", t->input);
	funds(t, ws);
	worksheet_merge_range(ws, R_GOAL_HEAD, 0, R_GOAL, 0, "年度总体目标", t->head);
	worksheet_merge_range(ws, R_GOAL_HEAD, 1, R_GOAL_HEAD, 5, "预期目标", t->head);
	worksheet_merge_range(ws, R_GOAL_HEAD, 6, R_GOAL_HEAD, 10, "实际完成情况", t->head);
	worksheet_merge_range(ws, R_GOAL, 1, R_GOAL, 5, "", t->input);
	worksheet_merge_range(ws, R_GOAL, 6, R_GOAL, 10, "", t->input);
	worksheet_set_row(ws, R_GOAL, 60, NULL);
	indicators(t, ws);
	worksheet_merge_range(ws, R_TOTAL, 0, R_TOTAL, 7, "总分", t->head);
	char g6[16], i6[16], i0[16], i1[16], j0[16], j1[16], formula[256];
	a1(g6, R_FUND0, 6);
	a1(i6, R_FUND0, 8);
	a1(i0, R_IND0, 8);
	a1(i1, R_TOTAL - 1, 8);
	a1(j0, R_IND0, 9);
	a1(j1, R_TOTAL - 1, 9);
	snprintf(formula, sizeof formula, "=N(%s)+SUM(%s:%s)", g6, i0, i1);
	worksheet_write_formula_num(ws, R_TOTAL, 8, formula, t->calc, 10);
	snprintf(formula, sizeof formula, "=ROUND(N(%s)+SUM(%s:%s),2)", i6, j0, j1);
	worksheet_write_formula_num(ws, R_TOTAL, 9, formula, t->calc, 0);
	worksheet_write_blank(ws, R_TOTAL, 10, t->label);
	worksheet_print_area(ws, 0, 0, R_TOTAL, 10);
	if (i == 1)
		worksheet_activate(ws);
}

enum jx_status jx_template_write(const char *path, unsigned projects, char *err, size_t errlen)
{
	if (!path || projects < 1 || projects > JX_TEMPLATE_MAX_PROJECTS) {
		snprintf(err, errlen, "项目数应为 1 到 %d", JX_TEMPLATE_MAX_PROJECTS);
		return JX_ERR_ARG;
	}
	struct tpl t = {0};
	t.wb = workbook_new(path);
	if (!t.wb) {
		snprintf(err, errlen, "无法创建 %s", path);
		return JX_ERR_IO;
	}
	t.title = fmt(t.wb, true, false, NULL, 0);
	format_set_font_size(t.title, 16);
	format_set_border(t.title, LXW_BORDER_NONE);
	t.head = fmt(t.wb, true, false, NULL, 0);
	t.label = fmt(t.wb, false, true, NULL, 0);
	t.input = fmt(t.wb, false, true, NULL, YELLOW);
	t.input_num = fmt(t.wb, false, false, NULL, YELLOW);
	t.input_center = fmt(t.wb, false, false, NULL, YELLOW);
	format_set_border(t.input_center, LXW_BORDER_NONE);
	t.calc = fmt(t.wb, false, false, "0.00", BLUE);
	t.calc_pct = fmt(t.wb, false, false, "0.00%", BLUE);
	t.note = fmt(t.wb, false, true, NULL, 0);
	format_set_border(t.note, LXW_BORDER_NONE);
	instructions(&t, projects);
	for (unsigned i = 1; i <= projects; i++)
		project_sheet(&t, i);
	lxw_error e = workbook_close(t.wb);
	if (e != LXW_NO_ERROR) {
		snprintf(err, errlen, "写入 %s 失败：%s", path, lxw_strerror(e));
		return JX_ERR_IO;
	}
	return JX_OK;
}
