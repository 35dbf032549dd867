/*
 * flat.c: a form given field by field.  A CSV's rows and a JSON object are
 * kept as their fields (flat_keep) for the builder to put straight into
 * the model (builder_flat).  The template reader's forms, read off a grid
 * of cells, are written as the standard form in the tab layout
 * (flat_write), each row carrying the input line its cells came from; when
 * an indicator has a 指标性质 (operator) or 度量单位 of its own, the table
 * gets those columns, as the Sichuan form prints them.
 */
#include "arena.h"
#include "dec.h"
#include "input.h"
#include "model.h"
#include "read.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct out {
	struct part *p;
	struct jx_buf row;
	bool full; /* a row or the part passed its cap */
	unsigned long full_line;
};

static bool filled(const char *s)
{
	return s && *s;
}

static void cell(struct out *o, const char *s)
{
	part_cell(&o->row, s);
}

static void tab(struct out *o)
{
	jx_buf_add(&o->row, "\t", 1);
}

static void end(struct out *o, unsigned long line)
{
	if (!o->full && (o->row.overflow || !part_row(o->p, o->row.p ? o->row.p : "", o->row.n, line))) {
		o->full = true;
		o->full_line = line;
	}
	jx_buf_reset(&o->row);
}

static void funds(struct out *o, const struct flat_form *f)
{
	bool reasons = false;
	for (int k = 0; k < FLAT_FUNDS; k++)
		reasons |= f->funds[k].present && filled(f->funds[k].reason);
	jx_buf_puts(&o->row, "项目资金（万元）\t\t\t年初预算数\t全年预算数\t全年执行数");
	if (!f->fund_no_weight)
		jx_buf_puts(&o->row, "\t分值");
	jx_buf_puts(&o->row, "\t执行率");
	if (!f->fund_no_score)
		jx_buf_puts(&o->row, "\t得分");
	if (reasons)
		jx_buf_puts(&o->row, "\t原因");
	end(o, f->line);
	for (int k = 0; k < FLAT_FUNDS; k++) {
		const struct flat_fund *r = &f->funds[k];
		if (!r->present)
			continue;
		tab(o);
		cell(o, fund_label((enum fund_kind)k));
		tab(o);
		const char *v[] = {r->initial, r->budget, r->executed, r->weight, r->rate, r->score};
		for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
			if ((i == 3 && f->fund_no_weight) || (i == 5 && f->fund_no_score))
				continue; /* the form has no such column */
			tab(o);
			cell(o, v[i]);
		}
		if (reasons) {
			tab(o);
			cell(o, r->reason);
		}
		end(o, r->line ? r->line : f->line);
	}
}

/* An indicator has its own 指标性质 or 度量单位: the table gets those columns. */
static bool own_op_unit(const struct flat_form *f)
{
	for (size_t i = 0; i < f->n_ind; i++)
		if (filled(f->ind[i].op) || filled(f->ind[i].unit))
			return true;
	return false;
}

static void indicators(struct out *o, const struct flat_form *f)
{
	bool sichuan = own_op_unit(f);
	jx_buf_puts(&o->row, sichuan ? "绩效指标\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t"
				       "实际完成值"
				     : "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值");
	if (!f->no_weight)
		jx_buf_puts(&o->row, "\t分值");
	if (!f->no_score)
		jx_buf_puts(&o->row, "\t得分");
	jx_buf_puts(&o->row, "\t偏差原因分析及改进措施");
	end(o, f->n_ind && f->ind[0].line ? f->ind[0].line : f->line);
	const char *l1 = NULL, *l2 = NULL;
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct flat_ind *in = &f->ind[i];
		const char *a = in->level1 ? in->level1 : "", *b = in->level2 ? in->level2 : "";
		/* merged label cells: a label on the first row of its run only */
		bool new1 = !l1 || strcmp(l1, a) != 0;
		bool new2 = new1 || !l2 || strcmp(l2, b) != 0;
		l1 = a;
		l2 = b;
		tab(o);
		cell(o, new1 ? a : "");
		tab(o);
		cell(o, new2 ? b : "");
		tab(o);
		cell(o, in->name);
		tab(o);
		if (sichuan) {
			cell(o, in->op);
			tab(o);
			cell(o, in->target);
			tab(o);
			cell(o, in->unit);
		} else {
			cell(o, in->target);
		}
		tab(o);
		cell(o, in->actual);
		if (!f->no_weight) {
			tab(o);
			cell(o, in->weight);
		}
		if (!f->no_score) {
			tab(o);
			cell(o, in->declared);
		}
		tab(o);
		cell(o, in->reason);
		end(o, in->line ? in->line : f->line);
	}
}

static void block(struct out *o, const char *label, const char *text, unsigned long line)
{
	if (!filled(text))
		return;
	cell(o, label);
	tab(o);
	cell(o, text);
	end(o, line);
}

bool flat_write(struct part *p, const struct flat_form *f, struct input_error *err)
{
	struct out o = {p, {0}, false, 0};
	jx_buf_init(&o.row, LINE_MAX_BYTES);
	unsigned long last = f->n_ind && f->ind[f->n_ind - 1].line ? f->ind[f->n_ind - 1].line
								    : f->line;
	unsigned long total = f->total_line ? f->total_line : last;
	jx_buf_puts(&o.row, "项目支出绩效自评表");
	end(&o, f->line);
	if (filled(f->year)) {
		jx_buf_puts(&o.row, "(");
		cell(&o, f->year);
		jx_buf_puts(&o.row, "年度)");
		end(&o, f->line);
	}
	jx_buf_puts(&o.row, "项目名称\t");
	if (filled(f->project_code)) {
		cell(&o, f->project_code);
		jx_buf_puts(&o.row, "-");
	}
	cell(&o, f->project);
	end(&o, f->line);
	jx_buf_puts(&o.row, "主管部门\t");
	cell(&o, f->department);
	jx_buf_puts(&o.row, "\t\t\t实施单位\t");
	cell(&o, f->implementer);
	end(&o, f->line);
	block(&o, "项目基本情况", f->overview, f->line);
	funds(&o, f);
	if (f->has_goal) {
		jx_buf_puts(&o.row, "年度总体目标\t预期目标\t\t\t\t实际完成情况");
		end(&o, f->line);
		tab(&o);
		cell(&o, f->goal_expected);
		jx_buf_puts(&o.row, "\t\t\t\t");
		cell(&o, f->goal_actual);
		end(&o, f->line);
	}
	indicators(&o, f);
	if (f->has_total) {
		jx_buf_puts(&o.row, own_op_unit(f) ? "总分\t\t\t\t\t\t\t\t" : "总分\t\t\t\t\t\t");
		cell(&o, f->total_weight);
		tab(&o);
		cell(&o, f->total_declared);
		end(&o, total);
	}
	block(&o, "评价结论", f->conclusion, total);
	block(&o, "存在问题", f->problems, total);
	block(&o, "改进措施", f->improvements, total);
	if (filled(f->notes)) {
		cell(&o, f->notes);
		end(&o, total);
	}
	jx_buf_release(&o.row);
	if (o.full)
		input_fail(err, o.full_line, "第 %lu 行的表「%s」：一行文字超过 %d MB 或全部文字超过 %d MB，未读取",
			   o.full_line, f->project ? f->project : "", LINE_MAX_BYTES >> 20,
			   PART_MAX_BYTES >> 20);
	return !o.full;
}

bool flat_template(const char *name, const char *fit, double *out)
{
	*out = 0;
	size_t n = strlen(name);
	if (!n || n >= 48)
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	struct dec d;
	if (!*fit)
		return true;
	if (!dec_parse(fit, &d) || dec_cmp(d, dec_int(0)) < 0 || dec_cmp(d, dec_int(1)) > 0)
		return false;
	*out = strtod(fit, NULL); /* 0..1, printed again with 2 decimals */
	return true;
}

static const char *keep(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

void flat_keep(struct part *p, const struct flat_form *src)
{
	if (!p->fa)
		p->fa = arena_new();
	if (p->nflat == p->capflat) {
		p->capflat = p->capflat ? 2 * p->capflat : 16;
		p->flat = xrealloc(p->flat, p->capflat * sizeof *p->flat);
	}
	struct arena *a = p->fa;
	struct flat_form *f = &p->flat[p->nflat++];
	*f = *src;
	const char **texts[] = {&f->year, &f->project, &f->project_code, &f->department,
				&f->implementer, &f->goal_expected, &f->goal_actual,
				&f->total_weight, &f->total_declared, &f->overview, &f->conclusion,
				&f->problems, &f->improvements, &f->notes, &f->template_name, &f->file};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		*texts[i] = keep(a, *texts[i]);
	for (int k = 0; k < FLAT_FUNDS; k++) {
		struct flat_fund *r = &f->funds[k];
		const char **v[] = {&r->initial, &r->budget, &r->executed, &r->weight,
				    &r->rate,    &r->score,  &r->reason};
		for (size_t i = 0; i < sizeof v / sizeof *v; i++)
			*v[i] = keep(a, *v[i]);
	}
	for (size_t i = 0; i < f->n_splits; i++) {
		struct flat_split *r = &f->splits[i];
		const char **v[] = {&r->label, &r->initial, &r->budget, &r->executed,
				    &r->weight, &r->rate, &r->score};
		for (size_t j = 0; j < sizeof v / sizeof *v; j++)
			*v[j] = keep(a, *v[j]);
	}
	for (size_t i = 0; i < f->n_mgmt; i++) {
		struct flat_mgmt *m = &f->mgmt[i];
		m->label = keep(a, m->label);
		m->text = keep(a, m->text);
		m->problem = keep(a, m->problem);
	}
	f->ind = src->n_ind ? arena_alloc(a, src->n_ind * sizeof *f->ind) : NULL;
	f->cap_ind = f->n_ind = src->n_ind;
	for (size_t i = 0; i < src->n_ind; i++) {
		struct flat_ind *in = &f->ind[i];
		*in = src->ind[i];
		const char **v[] = {&in->level1, &in->level2, &in->name,   &in->op,
				    &in->target, &in->unit,   &in->actual, &in->weight,
				    &in->declared, &in->reason};
		for (size_t j = 0; j < sizeof v / sizeof *v; j++)
			*v[j] = keep(a, *v[j]);
	}
}

void flat_keep_extras(struct arena *a, const struct flat_form *f, struct flat_split **splits,
		      size_t *n_splits, struct flat_mgmt **mgmt, size_t *n_mgmt)
{
	*n_splits = f->n_splits;
	*splits = f->n_splits ? arena_alloc(a, f->n_splits * sizeof **splits) : NULL;
	for (size_t i = 0; i < f->n_splits; i++) {
		struct flat_split *r = &(*splits)[i];
		*r = f->splits[i];
		const char **v[] = {&r->label, &r->initial, &r->budget, &r->executed,
				    &r->weight, &r->rate, &r->score};
		for (size_t j = 0; j < sizeof v / sizeof *v; j++)
			*v[j] = keep(a, *v[j]);
	}
	*n_mgmt = f->n_mgmt;
	*mgmt = f->n_mgmt ? arena_alloc(a, f->n_mgmt * sizeof **mgmt) : NULL;
	for (size_t i = 0; i < f->n_mgmt; i++) {
		struct flat_mgmt *m = &(*mgmt)[i];
		*m = f->mgmt[i];
		m->label = keep(a, m->label);
		m->text = keep(a, m->text);
		m->problem = keep(a, m->problem);
	}
}

struct flat_ind *flat_add_ind(struct flat_form *f, struct arena *a)
{
	if (f->n_ind == f->cap_ind) {
		size_t cap = f->cap_ind ? 2 * f->cap_ind : 16;
		struct flat_ind *v = arena_alloc(a, cap * sizeof *v);
		if (f->n_ind)
			memcpy(v, f->ind, f->n_ind * sizeof *v);
		f->ind = v;
		f->cap_ind = cap;
	}
	struct flat_ind *in = &f->ind[f->n_ind++];
	memset(in, 0, sizeof *in);
	return in;
}
