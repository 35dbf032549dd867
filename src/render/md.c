/*
 * md.c: one form as Markdown (jx_render_form_md): a heading with the year,
 * the units, then two pipe tables, 项目资金 and 绩效指标, each declared
 * number with the rescored one beside it, and the total.  Cell text goes
 * through md_cell (escape.c).
 */
#include "escape.h"
#include "model.h"

#include <string.h>

static void num(struct jx_buf *b, const struct num *n)
{
	md_cell(b, n->state == NUM_ABSENT ? "" : n->cell.raw);
}

static void fund_table(struct jx_buf *b, const struct jx_form *f)
{
	jx_buf_puts(b, "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | "
		       "复核执行率 | 复核得分 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (int k = 0; k < FUND__COUNT; k++) {
		const struct fund_row *r = &f->funds[k];
		if (!r->present)
			continue;
		jx_buf_printf(b, "| %s | ", fund_label((enum fund_kind)k));
		num(b, &r->initial.n);
		jx_buf_puts(b, " | ");
		num(b, &r->budget.n);
		jx_buf_puts(b, " | ");
		num(b, &r->executed.n);
		jx_buf_puts(b, " | ");
		num(b, &r->weight);
		jx_buf_puts(b, " | ");
		num(b, &r->rate);
		jx_buf_puts(b, " | ");
		num(b, &r->score);
		jx_buf_puts(b, " | ");
		if (r->budget.n.state == NUM_OK && r->executed.n.state == NUM_OK && r->budget.fen > 0)
			jx_render_percent(b, r->executed.fen, r->budget.fen, 2);
		jx_buf_puts(b, " | ");
		if (k == FUND_TOTAL)
			jx_render_score(b, f->exec_score_c);
		jx_buf_puts(b, " |\n");
	}
}

static void indicator_table(struct jx_buf *b, const struct jx_form *f)
{
	jx_buf_puts(b, "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 复核得分 | "
		       "偏差原因分析及改进措施 |\n|---|---|---|---|---|---:|---:|---:|---|\n");
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		jx_buf_puts(b, "| ");
		md_cell(b, in->level1);
		jx_buf_puts(b, " | ");
		md_cell(b, in->level2);
		jx_buf_puts(b, " | ");
		md_cell(b, in->name.raw);
		jx_buf_puts(b, " | ");
		if (in->op_c.col && strcmp(in->op_c.raw, "定性") != 0)
			md_cell(b, in->op_c.raw);
		md_cell(b, in->target_c.raw);
		if (in->unit_c.col)
			md_cell(b, in->unit_c.raw);
		jx_buf_puts(b, " | ");
		md_cell(b, in->actual_c.raw);
		jx_buf_puts(b, " | ");
		if (in->na)
			jx_buf_puts(b, "无");
		else
			num(b, &in->weight);
		jx_buf_puts(b, " | ");
		num(b, &in->declared);
		jx_buf_puts(b, " | ");
		if (in->scored)
			jx_render_score(b, in->score_c);
		jx_buf_puts(b, " | ");
		md_cell(b, in->reason.raw);
		jx_buf_puts(b, " |\n");
	}
}

enum jx_status jx_render_form_md(struct jx_buf *b, const struct jx_form *f)
{
	jx_buf_puts(b, "## ");
	md_cell(b, *f->project.raw ? f->project.raw : "（项目名称缺失）");
	if (f->year)
		jx_buf_printf(b, "（%d年度）", f->year);
	jx_buf_puts(b, "\n\n主管部门：");
	md_cell(b, f->department.raw);
	jx_buf_puts(b, "　实施单位：");
	md_cell(b, f->implementer.raw);
	jx_buf_puts(b, "\n\n");
	fund_table(b, f);
	jx_buf_puts(b, "\n年度总体目标——预期：");
	md_cell(b, f->goal_expected.raw);
	jx_buf_puts(b, "　实际：");
	md_cell(b, f->goal_actual.raw);
	jx_buf_puts(b, "\n\n");
	indicator_table(b, f);
	jx_buf_puts(b, "\n总分：分值 ");
	num(b, &f->total_weight);
	jx_buf_puts(b, "，申报 ");
	num(b, &f->total_declared);
	jx_buf_puts(b, "，复核 ");
	if (f->unscorable)
		jx_buf_puts(b, "—");
	else
		jx_render_score(b, f->total_c);
	jx_buf_puts(b, "，等级 ");
	md_cell(b, f->grade ? f->grade : "无法评分");
	jx_buf_puts(b, "\n\n");
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}
