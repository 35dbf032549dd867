/*
 * xlsx.c: forms as an Excel workbook (libxlsxwriter) whose numbers are live
 * formulas: a summary sheet, then one sheet per form in the standard
 * layout.
 *
 * Columns A–I are the printed form (nine columns, as html.c).  Where the
 * form computes something, the cell is a formula, not a number: every fund
 * row's 执行率 (=全年执行数/全年预算数), the execution score, each
 * quantitative indicator's score by the profile's formula, the total (with
 * the profile's cap by execution rate) and the grade.  Columns J–M hold
 * what the formulas need and what the form declared: an indicator's target
 * and actual as numbers in one unit (K, "可修改", is the cell to change),
 * the declared 执行率/得分, and how the row is scored.  Changing an actual
 * in K, an amount in D–F or a 分值 in G recomputes the form and the
 * summary.  Scores that follow from words (qualitative, dates) or that the
 * rules cannot compute are written as numbers, with the reason in M.
 *
 * Formulas are written without cached results, so that a spreadsheet must
 * compute them; `expect` lists jixiao's own value for each formula cell,
 * which tests/render compares with LibreOffice's recalculation.
 */
#include "arena.h"
#include "model.h"
#include "profile.h"
#include "score.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

struct jx_xlsx {
	lxw_workbook *wb;
	lxw_worksheet *summary;
	lxw_format *title, *head, *cell, *left, *wan, *pct, *score, *note;
	struct jx_buf *expect;
	unsigned nforms;
	unsigned char row_h[4096]; /* lines each row of the current sheet needs */
	lxw_row_t nrow_h;
	unsigned long srow; /* next row of the summary */
	/* the summary's 合计, in fen, for its cells' cached values: budgets and
	 * executions of the forms that have them, and of those with both */
	int64_t sum_budget, sum_exec, both_budget, both_exec;
	char err[256];
	struct arena *a;
};

static lxw_format *fmt(lxw_workbook *wb, const char *num, bool bold, bool left, bool border)
{
	lxw_format *f = workbook_add_format(wb);
	if (num)
		format_set_num_format(f, num);
	if (bold)
		format_set_bold(f);
	format_set_align(f, left ? LXW_ALIGN_LEFT : LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);
	format_set_font_name(f, "SimSun");
	format_set_font_size(f, 10);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

enum jx_status jx_xlsx_open(const char *path, struct jx_buf *expect, struct jx_xlsx **out)
{
	struct jx_xlsx *x = xcalloc(1, sizeof *x);
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE};
	x->wb = workbook_new_opt(path, &opt);
	if (!x->wb) {
		free(x);
		*out = NULL;
		return JX_ERR_IO;
	}
	x->a = arena_new();
	x->expect = expect;
	x->title = fmt(x->wb, NULL, true, false, false);
	format_set_font_size(x->title, 16);
	x->head = fmt(x->wb, NULL, true, false, true);
	x->cell = fmt(x->wb, NULL, false, false, true);
	x->left = fmt(x->wb, NULL, false, true, true);
	x->wan = fmt(x->wb, "0.000000", false, false, true); /* 万元 to the fen */
	x->pct = fmt(x->wb, "0.00%", false, false, true);
	x->score = fmt(x->wb, "0.00", false, false, true);
	x->note = fmt(x->wb, NULL, false, true, true);
	format_set_font_color(x->note, LXW_COLOR_GRAY);
	x->summary = workbook_add_worksheet(x->wb, "汇总");
	static const char *const head[] = {"项目", "实施单位", "年度", "全年预算数(万元)",
					   "全年执行数(万元)", "执行率", "申报总分", "复核总分", "等级",
					   "表"};
	for (int c = 0; c < 10; c++)
		worksheet_write_string(x->summary, 0, (lxw_col_t)c, head[c], x->head);
	worksheet_set_column(x->summary, 0, 1, 28, NULL);
	worksheet_set_paper(x->summary, 9); /* A4, across: one page wide */
	worksheet_set_landscape(x->summary);
	worksheet_fit_to_pages(x->summary, 1, 0);
	worksheet_set_column(x->summary, 2, 9, 13, NULL);
	x->srow = 1;
	*out = x;
	return JX_OK;
}

/* "A1" of (row, col), 0-based. */
static const char *A1(struct jx_xlsx *x, lxw_row_t r, lxw_col_t c)
{
	char buf[32];
	lxw_rowcol_to_cell(buf, r, c);
	return arena_strdup(x->a, buf);
}

static double dec_double(struct dec d)
{
	double v = (double)d.m;
	for (int i = 0; i < d.s; i++)
		v /= 10;
	return v;
}

static void expect(struct jx_xlsx *x, const char *sheet, lxw_row_t r, lxw_col_t c,
		   const char *value)
{
	if (x->expect && value)
		jx_buf_printf(x->expect, "%s\t%s\t%s\n", sheet, A1(x, r, c), value);
}

/*
 * A formula and jixiao's value for it.  The value is saved as the cell's
 * cached result, so that a viewer that does not recalculate shows the
 * right number; with `expect` (verification) nothing is cached, so that a
 * spreadsheet must compute every value from the formula itself.
 */
static void formula(struct jx_xlsx *x, lxw_worksheet *ws, const char *sheet, lxw_row_t r,
		    lxw_col_t c, const char *f, lxw_format *format, const char *value)
{
	char *end = NULL;
	double v = value ? strtod(value, &end) : 0;
	if (x->expect || !value)
		worksheet_write_formula(ws, r, c, f, format);
	else if (*value && end && !*end)
		worksheet_write_formula_num(ws, r, c, f, format, v);
	else
		worksheet_write_formula_str(ws, r, c, f, format, value);
	expect(x, sheet, r, c, value);
}

/* Row r tall enough for `text` wrapped in a column `width` characters
 * wide (a CJK character is two), never lower than the row already is. */
static void fit(struct jx_xlsx *x, lxw_worksheet *ws, lxw_row_t r, const char *text, double width)
{
	double lines = (double)jx_text_width(text ? text : "") / (width > 2 ? width - 1 : 1);
	int n = (int)lines + ((double)(int)lines < lines);
	if (n < 1)
		n = 1;
	if (r < x->nrow_h && x->row_h[r] >= n)
		return;
	if (r < sizeof x->row_h / sizeof x->row_h[0]) {
		x->row_h[r] = (unsigned char)(n > 255 ? 255 : n);
		x->nrow_h = x->nrow_h > r + 1 ? x->nrow_h : r + 1;
	}
	if (n > 1)
		worksheet_set_row(ws, r, 13.5 * n, NULL);
}

/* An amount in 万元 from its exact fen (the form may print 元), or its text. */
static void money_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct money *m,
		       lxw_format *f)
{
	if (m->n.state == NUM_OK)
		worksheet_write_number(ws, r, c, (double)m->fen / 1e6, f);
	else
		worksheet_write_string(ws, r, c, m->n.state == NUM_ABSENT ? "" : m->n.cell.raw, f);
}

static void num_or_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct num *n,
			lxw_format *f)
{
	if (n->state == NUM_OK && !n->percent)
		worksheet_write_number(ws, r, c, dec_double(n->v), f);
	else
		worksheet_write_string(ws, r, c, n->state == NUM_ABSENT ? "" : n->cell.raw, f);
}

/* The rate is defined: both amounts are numbers, the budget above 0 (as
 * form_rate); a blank or a word in either leaves the form without a rate. */
static const char *rate_ok(struct jx_xlsx *x, const char *budget, const char *executed)
{
	return arena_printf(x->a, "AND(ISNUMBER(%s),ISNUMBER(%s),N(%s)>0)", budget, executed, budget);
}

/* The execution score of the total row, by the profile's method. */
static const char *exec_formula(struct jx_xlsx *x, const struct jx_profile *p, const char *w,
				const char *budget, const char *executed)
{
	const char *ok = rate_ok(x, budget, executed);
	if (p->exec_method == EXEC_LINEAR)
		return arena_printf(x->a, "=IF(%s,ROUND(%s*MIN(%s/%s/%s,1),2),0)", ok, w, executed,
				    budget, fmt_centi(x->a, p->full_at / 100));
	struct jx_buf b;
	jx_buf_init(&b, 1 << 12);
	jx_buf_printf(&b, "=IF(%s,ROUND(%s*", ok, w);
	for (size_t i = 0; i < p->n_exec_bands; i++)
		jx_buf_printf(&b, "IF(%s/%s>=%s,%s,", executed, budget,
			      fmt_centi(x->a, p->exec_bands[i].from / 100),
			      fmt_centi(x->a, p->exec_bands[i].value / 100));
	jx_buf_puts(&b, "0");
	for (size_t i = 0; i < p->n_exec_bands; i++)
		jx_buf_puts(&b, ")");
	jx_buf_puts(&b, ",2),0)");
	const char *s = arena_strdup(x->a, b.p);
	jx_buf_release(&b);
	return s;
}

/* The score of a quantitative indicator: G weight, J target, K actual. */
static const char *ind_formula(struct jx_xlsx *x, const struct jx_profile *p,
			       const struct indicator *in, lxw_row_t r)
{
	const char *G = A1(x, r, 6), *J = A1(x, r, 9), *K = A1(x, r, 10);
	const char *base;
	if (!in->reverse)
		base = arena_printf(x->a, "IF(%s>=%s,%s,ROUND(%s*%s/%s,2))", K, J, G, G, K, J);
	else if (p->reverse == REVERSE_RATIO)
		base = arena_printf(x->a, "IF(%s<=%s,%s,ROUND(%s*%s/%s,2))", K, J, G, G, J, K);
	else
		base = arena_printf(x->a, "IF(%s<=%s,%s,IF(%s>=2*%s,0,ROUND(%s*(2*%s-%s)/%s,2)))", K, J,
				    G, K, J, G, J, K, J);
	if (!p->dev_share)
		return arena_printf(x->a, "=%s", base);
	/* better: beyond the target the good way */
	const char *better = in->reverse ? arena_printf(x->a, "%s<%s", K, J)
					 : arena_printf(x->a, "%s>%s", K, J);
	const char *side = p->dev_side == DEV_BOTH     ? "TRUE"
			   : p->dev_side == DEV_BETTER ? better
						       : arena_printf(x->a, "NOT(%s)", better);
	return arena_printf(x->a, "=MAX(0,%s-IF(AND(%s<>0,%s,ABS(%s-%s)/ABS(%s)>=%s),%s,0))", base,
			    J, side, K, J, J, fmt_centi(x->a, p->dev_share / 100),
			    fmt_centi(x->a, p->dev_penalty));
}

/* The cap on the total by execution rate, as nested IFs (a big number when
 * none applies). */
static const char *cap_formula(struct jx_xlsx *x, const struct jx_profile *p, const char *rate)
{
	struct jx_buf b;
	jx_buf_init(&b, 1 << 12);
	/* the lowest cap that applies: caps are in descending rate order with
	 * non-increasing values, so test from the lowest rate up */
	for (size_t i = p->n_caps; i-- > 0;)
		jx_buf_printf(&b, "IF(%s<%s,%s,", rate, fmt_centi(x->a, p->caps[i].from / 100),
			      fmt_centi(x->a, p->caps[i].value));
	jx_buf_puts(&b, "1E+9");
	for (size_t i = 0; i < p->n_caps; i++)
		jx_buf_puts(&b, ")");
	const char *s = arena_strdup(x->a, b.p);
	jx_buf_release(&b);
	return s;
}

/* A string literal for a formula: "…" with " doubled. */
static const char *literal(struct jx_xlsx *x, const char *s)
{
	struct jx_buf b;
	jx_buf_init(&b, 1 << 12);
	jx_buf_puts(&b, "\"");
	for (; *s; s++)
		jx_buf_add(&b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
	jx_buf_puts(&b, "\"");
	const char *r = arena_strdup(x->a, b.p);
	jx_buf_release(&b);
	return r;
}

static const char *grade_formula(struct jx_xlsx *x, const struct jx_profile *p, const char *t)
{
	struct jx_buf b;
	jx_buf_init(&b, 1 << 12);
	jx_buf_puts(&b, "=");
	for (size_t i = 0; i + 1 < p->n_grades; i++)
		jx_buf_printf(&b, "IF(%s%s%s,%s,", t, p->boundary_higher ? ">=" : ">",
			      fmt_centi(x->a, p->grades[i].from), literal(x, p->grades[i].name));
	jx_buf_puts(&b, literal(x, p->grades[p->n_grades - 1].name));
	for (size_t i = 0; i + 1 < p->n_grades; i++)
		jx_buf_puts(&b, ")");
	const char *s = arena_strdup(x->a, b.p);
	jx_buf_release(&b);
	return s;
}

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
static const char *sheet_name(struct jx_xlsx *x, const struct jx_form *f)
{
	char buf[128];
	int n = snprintf(buf, sizeof buf, "%02u ", x->nforms);
	size_t chars = (size_t)n;
	/* Excel counts UTF-16 units: a 4-byte UTF-8 character is two */
	for (const char *s = *f->project.raw ? f->project.raw : "表"; *s;) {
		size_t len = 1;
		unsigned char c = (unsigned char)*s;
		if (c >= 0xF0)
			len = 4;
		else if (c >= 0xE0)
			len = 3;
		else if (c >= 0xC0)
			len = 2;
		size_t units = len == 4 ? 2 : 1;
		if (chars + units > 31 || (size_t)n + len >= sizeof buf || strnlen(s, len) < len)
			break;
		if (len == 1 && (c < 0x20 || c == 0x7f || strchr("[]:*?/\\'", *s)))
			buf[n++] = '_'; /* not allowed in a sheet name, or not XML */
		else
			for (size_t i = 0; i < len; i++)
				buf[n++] = s[i];
		s += len;
		chars += units;
	}
	buf[n] = '\0';
	return arena_strdup(x->a, buf);
}

/* A row of a label and a text across the form (项目基本情况, 评价结论 …;
 * the notes after a form have no label). */
static void text_row(struct jx_xlsx *x, lxw_worksheet *ws, lxw_row_t *row, const char *label,
		     const char *text)
{
	lxw_row_t r = *row;
	if (*label) {
		worksheet_write_string(ws, r, 0, label, x->head);
		worksheet_merge_range(ws, r, 1, r, 8, text, x->left);
		fit(x, ws, r, text, 110);
	} else {
		worksheet_merge_range(ws, r, 0, r, 8, text, x->left);
		fit(x, ws, r, text, 118);
	}
	*row = r + 1;
}

static void fund_rows(struct jx_xlsx *x, lxw_worksheet *ws, const char *sheet,
		      const struct jx_form *f, lxw_row_t *row, lxw_row_t *total_row)
{
	lxw_row_t r = *row;
	/* the standard form's four rows; a Sichuan form (财政专户 or 单位资金
	 * rows) its own rows only, so that it reads back as it was */
	bool own_rows = f->funds[FUND_SPECIAL].present || f->funds[FUND_UNIT].present;
	int rows = 1;
	for (int k = 0; k < FUND__COUNT; k++)
		rows += f->funds[k].present || (k <= FUND_OTHER && !own_rows);
	worksheet_merge_range(ws, r, 0, r + (lxw_row_t)rows - 1, 0, "项目资金（万元）", x->head);
	worksheet_merge_range(ws, r, 1, r, 2, "", x->head);
	static const char *const fh[] = {"年初预算数", "全年预算数", "全年执行数", "分值",
					 "执行率", "得分", "", "", "申报执行率", "申报得分"};
	for (int c = 0; c < 6; c++)
		worksheet_write_string(ws, r, (lxw_col_t)(3 + c), fh[c], x->head);
	worksheet_write_string(ws, r, 11, fh[8], x->head);
	worksheet_write_string(ws, r, 12, fh[9], x->head);
	bool reasons = false;
	for (int k = 0; k < FUND__COUNT; k++)
		reasons |= f->funds[k].present && f->funds[k].reason.raw && *f->funds[k].reason.raw;
	if (reasons) /* Sichuan: the execution's 原因, beside the form */
		worksheet_write_string(ws, r, 9, "原因", x->head);
	r++;
	for (int k = 0; k < FUND__COUNT; k++) {
		const struct fund_row *fr = &f->funds[k];
		if (!fr->present && (k > FUND_OTHER || own_rows))
			continue;
		worksheet_merge_range(ws, r, 1, r, 2, fund_label((enum fund_kind)k), x->left);
		money_cell(ws, r, 3, &fr->initial, x->wan);
		money_cell(ws, r, 4, &fr->budget, x->wan);
		money_cell(ws, r, 5, &fr->executed, x->wan);
		/* the form's own 分值, also when the rules assumed one (the
		 * formula falls back to it), so that the workbook reads back as
		 * the form was */
		num_or_text(ws, r, 6, &fr->weight, x->score);
		const char *E = A1(x, r, 4), *F = A1(x, r, 5);
		if (fr->present && fr->budget.n.state == NUM_OK && fr->executed.n.state == NUM_OK &&
		    fr->budget.fen > 0) {
			struct jx_buf v;
			jx_buf_init(&v, 64);
			jx_render_ratio(&v, fr->executed.fen, fr->budget.fen, 6);
			formula(x, ws, sheet, r, 7,
				arena_printf(x->a, "=IF(%s,%s/%s,\"\")", rate_ok(x, E, F), F, E), x->pct,
				v.p);
			jx_buf_release(&v);
		} else {
			worksheet_write_string(ws, r, 7, "", x->cell);
		}
		if (k == FUND_TOTAL) {
			*total_row = r;
			const char *w = A1(x, r, 6);
			if (f->exec_weight_assumed)
				w = arena_printf(x->a, "IF(ISNUMBER(%s),%s,%s)", w, w,
						 fmt_centi(x->a, f->exec_weight_c));
			formula(x, ws, sheet, r, 8, exec_formula(x, f->profile, w, E, F), x->score,
				fmt_centi(x->a, f->exec_score_c));
		} else {
			num_or_text(ws, r, 8, &fr->score, x->cell);
		}
		num_or_text(ws, r, 11, &fr->rate, x->cell);
		num_or_text(ws, r, 12, &fr->score, x->cell);
		if (reasons && fr->reason.raw && *fr->reason.raw)
			worksheet_write_string(ws, r, 9, fr->reason.raw, x->left);
		r++;
	}
	*row = r;
}

/* A merged 一级 (or 二级) label over its run of rows, from the run's first row. */
static void label_run(struct jx_xlsx *x, lxw_worksheet *ws, const struct jx_form *f, size_t i,
		      lxw_row_t r, bool level2)
{
	if (!indicator_run_starts(f, i, level2))
		return;
	const char *label = level2 ? f->ind[i].level2 : f->ind[i].level1;
	lxw_col_t c = level2 ? 2 : 1;
	size_t n = indicator_run(f, i, level2);
	if (n > 1)
		worksheet_merge_range(ws, r, c, r + (lxw_row_t)n - 1, c, label, x->cell);
	else
		worksheet_write_string(ws, r, c, label, x->cell);
}

static void indicator_rows(struct jx_xlsx *x, lxw_worksheet *ws, const char *sheet,
			   const struct jx_form *f, lxw_row_t *row, lxw_row_t *first,
			   lxw_row_t *last)
{
	lxw_row_t r = *row;
	static const char *const head[] = {"一级指标", "二级指标", "三级指标", "年度指标值",
					   "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
					   "目标（数值）", "实际（数值，可修改）", "申报得分", "计分"};
	if (f->n_ind)
		worksheet_merge_range(ws, r, 0, r + (lxw_row_t)f->n_ind, 0, "绩效指标", x->head);
	else
		worksheet_write_string(ws, r, 0, "绩效指标", x->head);
	for (int c = 0; c < 12; c++)
		worksheet_write_string(ws, r, (lxw_col_t)(1 + c), head[c], x->head);
	r++;
	*first = r;
	for (size_t i = 0; i < f->n_ind; i++, r++) {
		const struct indicator *in = &f->ind[i];
		/* 一级 and 二级 merged over their runs of rows, as printed */
		label_run(x, ws, f, i, r, false);
		label_run(x, ws, f, i, r, true);
		worksheet_write_string(ws, r, 3, in->name.raw, x->left);
		worksheet_write_string(ws, r, 4,
				       arena_printf(x->a, "%s%s%s",
						    in->op_c.col && strcmp(in->op_c.raw, "定性") ? in->op_c.raw : "",
						    in->target_c.raw, in->unit_c.col ? in->unit_c.raw : ""),
				       x->cell);
		/* the 度量单位 column is the actual's unit too (3302 in a 人 column) */
		worksheet_write_string(ws, r, 5,
				       in->unit_c.col && in->actual.kind == VAL_NUMBER
					       ? arena_printf(x->a, "%s%s", in->actual_c.raw, in->unit_c.raw)
					       : in->actual_c.raw,
				       x->cell);
		if (in->na)
			worksheet_write_string(ws, r, 6, "无", x->cell);
		else
			num_or_text(ws, r, 6, &in->weight, x->score);
		worksheet_write_string(ws, r, 8, in->reason.raw, x->left);
		fit(x, ws, r, in->name.raw, 20);
		fit(x, ws, r, in->reason.raw, 26);
		fit(x, ws, r, in->level2, 12);
		fit(x, ws, r, in->target_c.raw, 13);
		fit(x, ws, r, in->actual_c.raw, 13);
		num_or_text(ws, r, 11, &in->declared, x->cell);
		struct dec A, B;
		bool assumed;
		bool live = (in->method == M_RATIO || in->method == M_REVERSE) && in->weight_c > 0 &&
			    value_comparable(&in->target, &in->actual, &A, &B, &assumed);
		if (live) {
			worksheet_write_number(ws, r, 9, dec_double(A), x->cell);
			worksheet_write_number(ws, r, 10, dec_double(B), x->cell);
			formula(x, ws, sheet, r, 7, ind_formula(x, f->profile, in, r), x->score,
				fmt_centi(x->a, in->score_c));
			worksheet_write_string(ws, r, 12, in->reverse ? "反向指标：公式" : "正向指标：公式",
					       x->note);
		} else {
			if (in->scored)
				worksheet_write_number(ws, r, 7, (double)in->score_c / 100, x->score);
			else
				worksheet_write_string(ws, r, 7, "", x->cell);
			worksheet_write_string(ws, r, 9, "", x->cell);
			worksheet_write_string(ws, r, 10, "", x->cell);
			worksheet_write_string(ws, r, 12,
					       in->scored ? arena_printf(x->a, "%s：jixiao 复核值",
									 method_name(in->method))
							  : "不计分",
					       x->note);
		}
	}
	*last = r - 1;
	*row = r;
}

/* The form's amounts into the summary's 合计, as its SUM formulas count
 * them: an amount that is not a number is not summed. */
static void add_to_total(struct jx_xlsx *x, const struct fund_row *t)
{
	bool b = t->budget.n.state == NUM_OK, e = t->executed.n.state == NUM_OK;
	x->sum_budget += b ? t->budget.fen : 0;
	x->sum_exec += e ? t->executed.fen : 0;
	if (b && e) {
		x->both_budget += t->budget.fen;
		x->both_exec += t->executed.fen;
	}
}

enum jx_status jx_xlsx_add_form(struct jx_xlsx *x, const struct jx_form *f)
{
	if (!f->scored || x->nforms >= JX_XLSX_MAX_FORMS)
		return JX_ERR_ARG;
	x->nforms++;
	const char *sheet = sheet_name(x, f);
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet);
	if (!ws)
		return JX_ERR_ARG;
	const char *qs = arena_printf(x->a, "'%s'", sheet);
	x->nrow_h = 0;
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 1);
	worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
	static const double widths[] = {8, 11, 12, 20, 13, 13, 7, 9, 26, 11, 13, 9, 16};
	for (int c = 0; c < 13; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	lxw_row_t r = 0;
	worksheet_merge_range(ws, r, 0, r, 8, "项目支出绩效自评表", x->title);
	r++;
	worksheet_merge_range(ws, r, 0, r, 8,
			      f->year ? arena_printf(x->a, "（%d年度）", f->year) : "", x->cell);
	r++;
	worksheet_write_string(ws, r, 0, "项目名称", x->head);
	/* 51000021R000000019951-工资性支出: the project's code as the form printed it */
	worksheet_merge_range(ws, r, 1, r, 8,
			      f->project_code.raw && *f->project_code.raw
				      ? arena_printf(x->a, "%s-%s", f->project_code.raw, f->project.raw)
				      : f->project.raw,
			      x->left);
	r++;
	worksheet_write_string(ws, r, 0, "主管部门", x->head);
	worksheet_merge_range(ws, r, 1, r, 4, f->department.raw, x->left);
	worksheet_write_string(ws, r, 5, "实施单位", x->head);
	worksheet_merge_range(ws, r, 6, r, 8, f->implementer.raw, x->left);
	r++;
	if (f->overview.raw && *f->overview.raw)
		text_row(x, ws, &r, "项目基本情况", f->overview.raw);
	lxw_row_t total_row = r, first = 0, last = 0;
	fund_rows(x, ws, qs, f, &r, &total_row);
	worksheet_merge_range(ws, r, 0, r + 1, 0, "年度总体目标", x->head);
	worksheet_merge_range(ws, r, 1, r, 4, "预期目标", x->head);
	worksheet_merge_range(ws, r, 5, r, 8, "实际完成情况", x->head);
	r++;
	worksheet_merge_range(ws, r, 1, r, 4, f->goal_expected.raw, x->left);
	worksheet_merge_range(ws, r, 5, r, 8, f->goal_actual.raw, x->left);
	fit(x, ws, r, f->goal_expected.raw, 56);
	fit(x, ws, r, f->goal_actual.raw, 55);
	r++;
	indicator_rows(x, ws, qs, f, &r, &first, &last);
	/* the total: execution + indicators, capped by the rate; the grade */
	worksheet_merge_range(ws, r, 0, r, 5, "总分", x->head);
	num_or_text(ws, r, 6, &f->total_weight, x->score);
	const char *E = A1(x, total_row, 4), *F = A1(x, total_row, 5);
	const char *sum = f->n_ind ? arena_printf(x->a, "ROUND(%s+SUM(%s:%s),2)", A1(x, total_row, 8),
						  A1(x, first, 7), A1(x, last, 7))
				   : arena_printf(x->a, "ROUND(%s,2)", A1(x, total_row, 8));
	const char *total = f->profile->n_caps
				    ? arena_printf(x->a, "=IF(%s,MIN(%s,%s),%s)", rate_ok(x, E, F), sum,
						   cap_formula(x, f->profile, arena_printf(x->a, "%s/%s", F, E)),
						   sum)
				    : arena_printf(x->a, "=%s", sum);
	formula(x, ws, qs, r, 7, total, x->score, fmt_centi(x->a, f->total_c));
	formula(x, ws, qs, r, 8, grade_formula(x, f->profile, A1(x, r, 7)), x->cell, f->grade);
	worksheet_write_string(ws, r, 10, "申报总分", x->head);
	num_or_text(ws, r, 11, &f->total_declared, x->cell);
	worksheet_write_string(ws, r, 12, arena_printf(x->a, "评分规则 %s", f->profile->name), x->note);
	lxw_row_t last_row = r;
	static const char *const closing[] = {"评价结论", "存在问题", "改进措施", ""};
	const struct cell *texts[] = {&f->conclusion, &f->problems, &f->improvements, &f->notes};
	for (size_t i = 0; i < 4; i++) {
		lxw_row_t at = last_row + 1;
		if (texts[i]->raw && *texts[i]->raw) {
			text_row(x, ws, &at, closing[i], texts[i]->raw);
			last_row = at - 1;
		}
	}
	worksheet_print_area(ws, 0, 0, last_row, 8);

	/* its line in the summary, by reference */
	lxw_row_t s = (lxw_row_t)x->srow++;
	worksheet_write_string(x->summary, s, 0, f->project.raw, x->left);
	worksheet_write_string(x->summary, s, 1, f->implementer.raw, x->left);
	if (f->year)
		worksheet_write_number(x->summary, s, 2, f->year, x->cell);
	/* a missing amount stays empty, not 0 */
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	add_to_total(x, t);
	formula(x, x->summary, "'汇总'", s, 3,
		arena_printf(x->a, "=IF(ISNUMBER(%s!%s),%s!%s,\"\")", qs, E, qs, E), x->wan,
		t->budget.n.state == NUM_OK ? fmt_wan(x->a, t->budget.fen) : "");
	formula(x, x->summary, "'汇总'", s, 4,
		arena_printf(x->a, "=IF(ISNUMBER(%s!%s),%s!%s,\"\")", qs, F, qs, F), x->wan,
		t->executed.n.state == NUM_OK ? fmt_wan(x->a, t->executed.fen) : "");
	struct jx_buf rate;
	jx_buf_init(&rate, 64);
	if (t->budget.n.state == NUM_OK && t->executed.n.state == NUM_OK && t->budget.fen > 0)
		jx_render_ratio(&rate, t->executed.fen, t->budget.fen, 6);
	formula(x, x->summary, "'汇总'", s, 5,
		arena_printf(x->a, "=IF(AND(ISNUMBER(%s!%s),ISNUMBER(%s!%s),N(%s!%s)>0),%s!%s/%s!%s,\"\")",
			     qs, E, qs, F, qs, E, qs, F, qs, E),
		x->pct, arena_strdup(x->a, rate.p ? rate.p : ""));
	jx_buf_release(&rate);
	num_or_text(x->summary, s, 6, &f->total_declared, x->score);
	formula(x, x->summary, "'汇总'", s, 7, arena_printf(x->a, "=%s!%s", qs, A1(x, r, 7)), x->score,
		fmt_centi(x->a, f->total_c));
	formula(x, x->summary, "'汇总'", s, 8, arena_printf(x->a, "=%s!%s", qs, A1(x, r, 8)), x->cell,
		f->grade);
	worksheet_write_string(x->summary, s, 9, sheet, x->cell);
	return JX_OK;
}

enum jx_status jx_xlsx_close(struct jx_xlsx *x, char *err, size_t errlen)
{
	if (!x)
		return JX_OK;
	/* the summary's last line: sums and the overall rate */
	lxw_row_t s = (lxw_row_t)x->srow;
	if (s > 1) {
		worksheet_write_string(x->summary, s, 0, "合计", x->head);
		const char *d0 = A1(x, 1, 3), *d1 = A1(x, s - 1, 3), *e0 = A1(x, 1, 4),
			   *e1 = A1(x, s - 1, 4);
		/* cached values are jixiao's own sums (a viewer that does not
		 * recalculate shows them), never the library's default 0 */
		formula(x, x->summary, "'汇总'", s, 3, arena_printf(x->a, "=SUM(%s:%s)", d0, d1),
			x->wan, fmt_wan(x->a, x->sum_budget));
		formula(x, x->summary, "'汇总'", s, 4, arena_printf(x->a, "=SUM(%s:%s)", e0, e1),
			x->wan, fmt_wan(x->a, x->sum_exec));
		/* the rate over the forms with both amounts, as summary does */
		const char *both = arena_printf(x->a, "ISNUMBER(%s:%s)*ISNUMBER(%s:%s)", d0, d1, e0, e1);
		struct jx_buf rate;
		jx_buf_init(&rate, 64);
		if (x->both_budget > 0)
			jx_render_ratio(&rate, x->both_exec, x->both_budget, 6);
		formula(x, x->summary, "'汇总'", s, 5,
			arena_printf(x->a, "=IFERROR(SUMPRODUCT(%s,%s:%s)/SUMPRODUCT(%s,%s:%s),\"\")",
				     both, e0, e1, both, d0, d1),
			x->pct, arena_strdup(x->a, rate.p ? rate.p : ""));
		jx_buf_release(&rate);
	}
	lxw_error e = workbook_close(x->wb);
	if (e != LXW_NO_ERROR)
		snprintf(err, errlen, "%s", lxw_strerror(e));
	arena_free(x->a);
	free(x);
	return e == LXW_NO_ERROR ? JX_OK : JX_ERR_IO;
}
