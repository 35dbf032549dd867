/*
 * tab.c: a form as canonical text (jx_render_form_tab): the tab layout of
 * the reader (one row per line, nine TAB-separated cells, merged cells
 * empty), which the reader reads back into the same form.  The store keeps
 * it as each form's source, so that a stored form can be rendered, scored
 * and audited again without the original file.
 *
 * Each row is written on the line it had in the input, as far as the
 * input's order allows (blank lines fill the gaps); reading the text with
 * jx_reader_set_first_line(title line) gives every cell its original line
 * again.  Amounts are written in 万元 from their exact fen (the input may
 * have printed them in 元 under a 金额单位 line), and a Sichuan form's
 * 指标性质 and 度量单位 columns are written into the values, as the standard
 * form prints them.
 */
#include "arena.h"
#include "model.h"

#include <string.h>

struct out {
	struct jx_buf *b;
	unsigned long line; /* the line the next row goes on */
};

/* Start a row on its original line when that is still ahead. */
static void at(struct out *o, unsigned long line)
{
	while (line > o->line) {
		jx_buf_puts(o->b, "\n");
		o->line++;
	}
}

static void end_row(struct out *o)
{
	jx_buf_puts(o->b, "\n");
	o->line++;
}

/* A cell's text on one line (a TAB or line break inside would split it). */
static void cell(struct out *o, const char *s)
{
	for (; s && *s; s++)
		jx_buf_add(o->b, *s == '\t' || *s == '\n' || *s == '\r' ? " " : s, 1);
}

static void tab(struct out *o)
{
	jx_buf_puts(o->b, "\t");
}

static void money(struct out *o, const struct money *m)
{
	if (m->n.state == NUM_OK)
		jx_render_wan(o->b, m->fen);
	else if (m->n.state != NUM_ABSENT)
		cell(o, m->n.cell.raw);
}

static void num(struct out *o, const struct num *n)
{
	if (n->state != NUM_ABSENT)
		cell(o, n->cell.raw);
}

static void funds(struct out *o, const struct jx_form *f)
{
	jx_buf_puts(o->b, "项目资金（万元）\t\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分");
	end_row(o);
	for (int k = 0; k < FUND__COUNT; k++) {
		const struct fund_row *r = &f->funds[k];
		if (!r->present)
			continue;
		at(o, r->line);
		jx_buf_printf(o->b, "\t%s\t\t", fund_label((enum fund_kind)k));
		money(o, &r->initial);
		tab(o);
		money(o, &r->budget);
		tab(o);
		money(o, &r->executed);
		tab(o);
		num(o, &r->weight);
		tab(o);
		num(o, &r->rate);
		tab(o);
		num(o, &r->score);
		end_row(o);
	}
}

static void indicators(struct out *o, const struct jx_form *f)
{
	/* the header just above the first indicator (a form that repeats its
	 * header on every page has ind_line on the last repeat) */
	at(o, f->n_ind && f->ind[0].line > 1 ? f->ind[0].line - 1 : f->ind_line);
	jx_buf_puts(o->b, "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t"
			  "偏差原因分析及改进措施");
	end_row(o);
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		at(o, in->line);
		tab(o); /* merged cells: the label on the first row of its run */
		if (indicator_run_starts(f, i, false))
			cell(o, in->level1);
		tab(o);
		if (indicator_run_starts(f, i, true))
			cell(o, in->level2);
		tab(o);
		cell(o, in->name.raw);
		tab(o);
		if (in->op_c.col && strcmp(in->op_c.raw, "定性") != 0)
			cell(o, in->op_c.raw);
		cell(o, in->target_c.raw);
		if (in->unit_c.col && in->target.kind == VAL_NUMBER)
			cell(o, in->unit_c.raw);
		tab(o);
		cell(o, in->actual_c.raw);
		if (in->unit_c.col && in->actual.kind == VAL_NUMBER)
			cell(o, in->unit_c.raw);
		tab(o);
		if (in->na && in->weight.state != NUM_OK)
			cell(o, "无");
		else
			num(o, &in->weight);
		tab(o);
		if (in->na && in->declared.state != NUM_OK)
			cell(o, "无");
		else
			num(o, &in->declared);
		tab(o);
		cell(o, in->reason.raw);
		end_row(o);
	}
}

static void block(struct out *o, const char *label, const struct cell *c)
{
	if (!c->raw || !*c->raw)
		return;
	at(o, c->line);
	jx_buf_printf(o->b, "%s\t", label);
	cell(o, c->raw);
	end_row(o);
}

enum jx_status jx_render_form_tab(struct jx_buf *b, const struct jx_form *f)
{
	struct out o = {b, f->line};
	jx_buf_puts(b, "项目支出绩效自评表");
	end_row(&o);
	if (f->year) {
		at(&o, f->year_line);
		jx_buf_printf(b, "(%d年度)", f->year);
		end_row(&o);
	}
	at(&o, f->project_line);
	jx_buf_puts(b, "项目名称\t");
	if (f->project_code.raw && *f->project_code.raw) {
		cell(&o, f->project_code.raw);
		jx_buf_puts(b, "-");
	}
	cell(&o, f->project.raw);
	end_row(&o);
	at(&o, f->implementer.line ? f->implementer.line : f->department.line);
	jx_buf_puts(b, "主管部门\t");
	cell(&o, f->department.raw);
	jx_buf_puts(b, "\t\t\t实施单位\t");
	cell(&o, f->implementer.raw);
	end_row(&o);
	funds(&o, f);
	if (f->has_goal) {
		jx_buf_puts(b, "年度总体目标\t预期目标\t\t\t\t实际完成情况");
		end_row(&o);
		at(&o, f->goal_expected.line);
		tab(&o);
		cell(&o, f->goal_expected.raw);
		jx_buf_puts(b, "\t\t\t\t");
		cell(&o, f->goal_actual.raw);
		end_row(&o);
	}
	indicators(&o, f);
	if (f->has_total) {
		at(&o, f->total_line);
		jx_buf_puts(b, "总分\t\t\t\t\t\t");
		num(&o, &f->total_weight);
		tab(&o);
		num(&o, &f->total_declared);
		end_row(&o);
	}
	block(&o, "评价结论", &f->conclusion);
	block(&o, "存在问题", &f->problems);
	block(&o, "改进措施", &f->improvements);
	if (f->notes.raw && *f->notes.raw) { /* text after the form: 注：… */
		at(&o, f->notes.line);
		cell(&o, f->notes.raw);
		end_row(&o);
	}
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}
