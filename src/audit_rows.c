/*
 * audit_rows.c: checks of a form's rows as printed (audit.h) — its fund
 * rows against its scheme, and indicator rows that are incomplete, counted
 * twice, outside the known tree, or filled with a scale instead of a value.
 */
#include "audit.h"
#include "buf.h"
#include "levels.h"
#include "profile.h"
#include "score.h"
#include "text.h"
#include "value.h"

#include <string.h>

/* Does the form explain anything anywhere: an indicator's reason, the
 * closing blocks of Sichuan-style forms, the execution's own reason? */
bool audit_form_explains(const struct jx_form *f)
{
	/* (the closing blocks of Sichuan-style forms explain too) */
	for (size_t i = 0; i < f->n_ind; i++)
		if (has_reason(&f->ind[i]))
			return true;
	const struct cell *r = &f->funds[FUND_TOTAL].reason;
	return *f->problems.norm || *f->improvements.norm || (r->norm && *r->norm);
}

/* The scheme's execution points, or the profile's [weights] execution. */
static int64_t scheme_execution(const struct fctx *fc)
{
	const struct profile_scheme *sc = fc->f->scheme_rules;
	return sc ? sc->execution : fc->p->w_execution;
}

static const char *scheme_name(const struct fctx *fc)
{
	return fc->f->scheme_rules ? fc->f->scheme_rules->name : "national";
}

/* ---- fund rows --------------------------------------------------------------- */

/* 分值 and 得分 belong to the 年度资金总额 row; a 其中 row carrying them
 * too (often the same numbers) is counted twice by anyone adding the column. */
void audit_sub_row_scores(struct fctx *fc, const char *label, const struct num *weight,
			  const struct num *score, unsigned long line)
{
	int64_t w = 0, s = 0;
	bool hw = num_centi(weight, &w), hs = num_centi(score, &s);
	if (!hw && !hs)
		return;
	const char *what = hw && hs ? arena_printf(fc->a, "分值 %s、得分 %s", C(fc, w), C(fc, s))
			   : hw     ? arena_printf(fc->a, "分值 %s", C(fc, w))
				    : arena_printf(fc->a, "得分 %s", C(fc, s));
	REPORT(fc, SUB_ROW_SCORED, line, "「%s」行填写了%s：分值和得分只属于年度资金总额行，按列相加会重复计算",
	       label, what);
}

static void check_sub_rows(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	for (int k = FUND_FISCAL; k < FUND__COUNT; k++) {
		const struct fund_row *r = &f->funds[k];
		if (r->present)
			audit_sub_row_scores(fc, fund_label((enum fund_kind)k), &r->weight, &r->score, r->line);
	}
}

static void check_over_execution(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	if (!t->present || t->budget.n.state != NUM_OK || t->executed.n.state != NUM_OK ||
	    t->executed.fen <= t->budget.fen || audit_form_explains(f))
		return;
	REPORT(fc, OVER_EXECUTION, t->line,
	       "全年执行数 %s 万元超过全年预算数 %s 万元（超出 %s 万元），表中没有任何说明",
	       fmt_wan(fc->a, t->executed.fen), fmt_wan(fc->a, t->budget.fen),
	       fmt_wan(fc->a, t->executed.fen - t->budget.fen));
}

/*
 * The execution's printed 分值 against the scheme: a 分值 that is the whole
 * total (100 on a 100-point form) is an 执行率 or a budget in the wrong
 * column (on forms whose scheme prints 分值: weight-sum needs them).
 */
static void check_exec_weight(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	int64_t w;
	if (!t->present || !num_centi(&t->weight, &w))
		return;
	int64_t want = scheme_execution(fc);
	if (w >= 10000)
		REPORT(fc, WEIGHT_SUM, t->line,
		       "预算执行的分值为 %s，是全部总分：评分方案 %s 的预算执行为 %s 分（分值一格可能填了执行率或金额）",
		       C(fc, w), scheme_name(fc), C(fc, want));
}

/* Blocks of a scheme (项目决策:20 …): the 分值 of the rows under each, on a
 * form read whole (a cut form's last block is short by what was cut). */
static void check_blocks(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	const struct profile_scheme *sc = f->scheme_rules;
	if (!sc || !sc->n_blocks || !f->has_total || f->unscorable)
		return;
	for (size_t b = 0; b < sc->n_blocks; b++) {
		int64_t sum = 0, w;
		size_t n = 0;
		unsigned long line = 0;
		for (size_t i = 0; i < f->n_ind; i++) {
			const struct indicator *in = &f->ind[i];
			if (!str_starts(in->level1, sc->blocks[b].name) || !num_centi(&in->weight, &w))
				continue;
			sum += w;
			n++;
			if (!line)
				line = in->level1_line ? in->level1_line : in->line;
		}
		if (n && sum != sc->blocks[b].from)
			REPORT(fc, WEIGHT_SUM, line, "「%s」各项分值合计 %s，评分方案 %s 为 %s 分（%s）",
			       sc->blocks[b].name, C(fc, sum), sc->name, C(fc, sc->blocks[b].from),
			       scheme_rule(fc->a, fc->p, sc, SK_BLOCKS));
	}
}

/* ---- other templates' split rows ------------------------------------------- */

static const char *const split_names[] = {"", "按资金来源", "按收入性质", "按支出性质"};

static const struct money *split_col(const struct fund_split *x, int c)
{
	return c == 0 ? &x->initial : c == 1 ? &x->budget : &x->executed;
}

static const struct money *fund_col(const struct fund_row *r, int c)
{
	return c == 0 ? &r->initial : c == 1 ? &r->budget : &r->executed;
}

/* One split (g) and one column (c) against 年度资金总额's. */
static void split_sum(struct fctx *fc, int g, int c)
{
	static const char *const cols[] = {"年初预算数", "全年预算数", "全年执行数"};
	const struct jx_form *f = fc->f;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	const struct money *tot = fund_col(t, c);
	if (tot->n.state != NUM_OK)
		return;
	bool standard = f->funds[FUND_FISCAL].present || f->funds[FUND_CARRYOVER].present;
	int64_t sum = 0;
	size_t parts = 0;
	bool unread = false;
	struct jx_buf b;
	jx_buf_init(&b, 1 << 12);
	for (size_t i = 0; i < f->n_splits; i++) {
		const struct fund_split *x = &f->splits[i];
		const struct money *m = split_col(x, c);
		if (x->group != g)
			continue;
		if (x->heading) {
			if (m->n.state == NUM_OK && m->fen != tot->fen)
				REPORT(fc, FUND_SUM_MISMATCH, x->line, "「%s」的%s为 %s 万元，而年度资金总额为 %s 万元",
				       x->label, cols[c], fmt_wan(fc->a, m->fen), fmt_wan(fc->a, tot->fen));
			continue;
		}
		unread |= m->n.state == NUM_UNREAD || m->n.state == NUM_BAD;
		if (m->n.state == NUM_OK) {
			sum += m->fen;
			jx_buf_printf(&b, "%s%s %s", parts++ ? " + " : "", x->label, fmt_wan(fc->a, m->fen));
		}
	}
	const struct fund_row *o = &f->funds[FUND_OTHER];
	if (g == 1 && parts && !standard && o->present) {
		const struct money *m = fund_col(o, c);
		unread |= m->n.state == NUM_UNREAD;
		if (m->n.state == NUM_OK) {
			sum += m->fen;
			jx_buf_printf(&b, " + 其他资金 %s", fmt_wan(fc->a, m->fen));
			parts++;
		}
	}
	if (parts && !unread && sum != tot->fen)
		REPORT(fc, FUND_SUM_MISMATCH, t->line, "年度资金总额的%s为 %s 万元，而%s的各行之和为 %s 万元（%s）",
		       cols[c], fmt_wan(fc->a, tot->fen), split_names[g], fmt_wan(fc->a, sum), b.p);
	jx_buf_release(&b);
}

/*
 * Each split's rows (中央 + 地方 + 其他; 一般公共预算 + …; 基本支出 + 项目支出)
 * make up 年度资金总额, and a split's own heading row (按收入性质分) states
 * it again.  A row not read leaves its split unchecked; an empty row is 0.
 * The standard 其他资金 row is part of the split by level of government
 * when the form has no 当年财政拨款 / 上年结转 rows (transfer forms).
 */
static void check_split_sums(struct fctx *fc)
{
	if (!fc->f->funds[FUND_TOTAL].present || fc->f->splits_cut)
		return; /* rows past the cap were not read: a sum of the rest says nothing */
	for (int g = 1; g <= 3; g++)
		for (int c = 0; c < 3; c++)
			split_sum(fc, g, c);
}

/* A printed 执行率 for a row whose budget is 0 (0 / 0): no rate exists to print. */
static void zero_budget_rate(struct fctx *fc, const char *label, const struct money *budget,
			     const struct num *rate, unsigned long line)
{
	if (budget->n.state != NUM_OK || budget->fen != 0 || rate->state != NUM_OK || dec_is_zero(rate->v))
		return; /* 0 / 0 / 0%: the usual way an unused row is filled */
	char shown[48];
	dec_format(rate->v, shown, sizeof shown);
	REPORT(fc, RATE_MISMATCH, line, "%s的全年预算数为 0，执行率无从计算，表中却填写 %s%%", label, shown);
}

static void check_split_rows(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	for (int k = 0; k < FUND__COUNT; k++)
		if (f->funds[k].present)
			zero_budget_rate(fc, fund_name((enum fund_kind)k), &f->funds[k].budget,
					 &f->funds[k].rate, f->funds[k].line);
	for (size_t i = 0; i < f->n_splits; i++) {
		const struct fund_split *x = &f->splits[i];
		struct fund_row r = {.present = true, .line = x->line, .initial = x->initial,
				     .budget = x->budget, .executed = x->executed, .rate = x->rate};
		const char *label = arena_printf(fc->a, "「%s」", x->label);
		zero_budget_rate(fc, label, &x->budget, &x->rate, x->line);
		audit_rate(fc, label, &r);
		audit_sub_row_scores(fc, x->label, &x->weight, &x->score, x->line);
	}
}

/* 资金管理情况 rows left without their 情况说明 (下达及时性 blank). */
static void check_mgmt(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	for (size_t i = 0; i < f->n_mgmt; i++) {
		const struct mgmt_item *m = &f->mgmt[i];
		if (*m->label && !*m->text.norm && !m->text.unread && !*m->problem.norm)
			REPORT(fc, MISSING_FIELD, m->line, "资金管理情况「%s」的情况说明为空", m->label);
	}
}

/* ---- indicator rows ---------------------------------------------------------- */

/* A 三级指标 "name" that is a value: 2020年, 100万, 95%. */
static bool name_is_value(struct fctx *fc, const struct indicator *in)
{
	struct value v;
	const char *n = in->name.norm;
	if (!*n)
		return false;
	value_parse_plain(fc->a, n, &v); /* every indicator's name: no more than asked */
	return (v.kind == VAL_NUMBER && !*v.prefix) || v.kind == VAL_DATE;
}

/* The name ends in a number or a percentage (年度资金支付完成率100%): the
 * target written into the name.  *tail is that value. */
static bool name_ends_in_value(const char *s, const char **tail)
{
	size_t n = strlen(s), i = n;
	if (i && s[i - 1] == '%')
		i--;
	size_t digits = i;
	while (i && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.'))
		i--;
	if (i == digits || i == 0)
		return false;
	*tail = s + i;
	return true;
}

static bool empty_cell(const struct cell *c)
{
	return !*c->norm && !c->unread;
}

/*
 * A row that is not a whole indicator: no name (or a value where the name
 * goes), the target inside the name, or a row scored with neither target
 * nor actual.  Each is said once per row, in that order.
 */
static void check_incomplete(struct fctx *fc, const struct indicator *in)
{
	const char *tail;
	int64_t d, w;
	if (name_is_value(fc, in))
		REPORT(fc, INDICATOR_EMPTY, in->line,
		       "%s中有一行没有名称：三级指标一格写的是「%s」，是一个值，不是指标名称", in->level2,
		       in->name.raw);
	else if (!*in->name.norm && !in->name.unread)
		REPORT(fc, INDICATOR_EMPTY, in->line, "%s的一行没有三级指标名称", in->level2);
	else if (name_ends_in_value(in->name.norm, &tail) && !*in->target_c.norm)
		REPORT(fc, INDICATOR_EMPTY, in->line,
		       "%s以「%s」结尾，年度指标值却没有填：目标值写进了指标名称", ind_label(fc, in),
		       tail);
	else if (empty_cell(&in->target_c) && empty_cell(&in->actual_c) &&
		 num_centi(&in->declared, &d) && d > 0 &&
		 !(fc->f->scheme_rules && fc->f->scheme_rules->n_blocks))
		/* (a scheme of blocks scores 项目决策 / 项目管理 by criteria, not targets) */
		REPORT(fc, INDICATOR_EMPTY, in->line,
		       "%s没有年度指标值和实际完成值，却得分 %s%s", ind_label(fc, in), C(fc, d),
		       num_centi(&in->weight, &w) ? arena_printf(fc->a, "（分值 %s）", C(fc, w)) : "");
}

/* A 二级指标 the known trees do not have (the reader reports one under the
 * wrong 一级 itself, as a merged cell that may have moved). */
/* A 二级 cell holding only points (13分, 4012分): a block's label moved. */
static bool only_points(const char *s)
{
	while ((*s >= '0' && *s <= '9') || *s == '.')
		s++;
	return !strcmp(s, "分");
}

static void check_level(struct fctx *fc, const struct indicator *in, const struct indicator *prev)
{
	if (!*in->level2 || only_points(in->level2) || (prev && prev->level2_line == in->level2_line &&
			     !strcmp(prev->level2, in->level2)))
		return; /* once per merged label */
	if (!level2_known(in->level2))
		REPORT(fc, LEVEL_UNKNOWN, in->level2_line ? in->level2_line : in->line,
		       "二级指标「%s」不在附件2（及 2021 年成本指标）的指标体系中", in->level2);
}

/*
 * Values without the unit they need: an actual that is a bare number where
 * the target counts in 次, 人次, 个 … (17180 against 15000次), and a rate
 * or satisfaction whose target and actual are both bare (95 for ≥95%).  A
 * bare actual beside a % or money target is the usual way of the forms
 * with a 度量单位 column (and of their copies with the unit folded into
 * the target): compared in the target's unit without a word.
 */
static void check_actual_unit(struct fctx *fc, const struct indicator *in)
{
	const struct value *t = &in->target, *a = &in->actual;
	if (t->kind != VAL_NUMBER || a->kind != VAL_NUMBER || *a->unit_text || filled(&in->unit_c))
		return;
	if (*t->unit_text && t->unit && t->unit->dim == DIM_NAMED)
		REPORT(fc, ACTUAL_NO_UNIT, in->line,
		       "%s的实际完成值「%s」没有单位，年度指标值是「%s」：已按「%s」比较，请补上单位",
		       ind_label(fc, in), in->actual_c.raw, in->target_c.raw, t->unit_text);
	else if (!*t->unit_text && (str_has(in->level2, "满意度") || str_has(in->name.norm, "满意度") ||
				    str_has(in->name.norm, "率") || str_has(in->name.norm, "比例")))
		REPORT(fc, ACTUAL_NO_UNIT, in->line,
		       "%s是比率，年度指标值「%s」和实际完成值「%s」都没有写 %%：请写明单位", ind_label(fc, in),
		       in->target_c.raw, in->actual_c.raw);
}

/* A rate (…率, …比例) whose target counts things: 覆盖率 in 个. */
static void check_rate_counts(struct fctx *fc, const struct indicator *in)
{
	static const char *const counts[] = {"个", "人", "户", "家", "所", "次", "件", NULL};
	const char *n = in->name.norm, *t = in->target_c.norm;
	if ((!str_has(n, "率") && !str_has(n, "比例")) || str_has(t, "%"))
		return;
	for (const char *p = t; *p; p++) {
		if (*p < '0' || *p > '9')
			continue;
		const char *q = p;
		while ((*q >= '0' && *q <= '9') || *q == '.')
			q++;
		for (int k = 0; counts[k]; k++)
			if (str_starts(q, counts[k])) {
				REPORT(fc, UNIT_MISMATCH, in->line,
				       "%s是比率，年度指标值「%s」却是以「%s」计的数量", ind_label(fc, in),
				       in->target_c.raw, counts[k]);
				return;
			}
		p = q - 1;
	}
}

/* 实际完成值 无 (not applicable) for a target that is a value: the row
 * did not apply this year but stays in the table. */
static void check_na_actual(struct fctx *fc, const struct indicator *in)
{
	if (in->actual.kind != VAL_NA || in->target.kind <= VAL_NA)
		return;
	REPORT(fc, INDICATOR_EMPTY, in->line,
	       "%s的实际完成值写「%s」（不适用），年度指标值却是「%s」：本年不适用的指标应在设定目标时去掉%s",
	       ind_label(fc, in), in->actual_c.raw, in->target_c.raw,
	       has_reason(in) ? arena_printf(fc->a, "（表中的说明：「%s」）", in->reason.raw) : "，表中也没有说明");
}

/* A row under 服务对象满意度 that measures no satisfaction (安全事件发生数). */
static void check_satisfaction(struct fctx *fc, const struct indicator *in)
{
	static const char *const words[] = {"满意", "认可", "评价", "好评", "投诉", "知晓", "认同", NULL};
	if (!str_has(in->level2, "满意度") || !*in->name.norm || str_has_any(in->name.norm, words))
		return;
	REPORT(fc, LEVEL_UNKNOWN, in->line, "「%s」放在%s下，但它不是满意度（指标放错了二级指标）",
	       in->name.raw, in->level2);
}

/* A quantity to reach (数量指标 …数量, …个数) given as an upper bound. */
static void check_direction(struct fctx *fc, const struct indicator *in)
{
	enum val_op op = in->target.op;
	static const char *const low[] = {"事故", "投诉", "违规", "违法", "发生", "差错", "失误", NULL};
	if (!str_has(in->level2, "数量") || (op != OP_LE && op != OP_LT) || indicator_is_cost(in) ||
	    !(str_has(in->name.norm, "数量") || str_has(in->name.norm, "个数")) ||
	    str_has_any(in->name.norm, low))
		return; /* 事故数量 ≤0 is meant to be low */
	REPORT(fc, OP_DIRECTION, in->line,
	       "%s的年度指标值「%s」是上限（≤）：数量指标要完成的量应写「≥」或「=」", ind_label(fc, in),
	       in->target_c.raw);
}

static void check_poles(struct fctx *fc, const struct indicator *in)
{
	if (!value_scale_poles(in->target_c.norm) || strcmp(in->target_c.norm, in->actual_c.norm))
		return;
	int64_t d;
	REPORT(fc, QUALITATIVE_UNCHOSEN, in->line,
	       "%s的年度指标值和实际完成值都写「%s」，是评价档次本身，没有选定其中一档%s",
	       ind_label(fc, in), in->actual_c.raw,
	       num_centi(&in->declared, &d) && d > 0
		       ? arena_printf(fc->a, "，却得分 %s", C(fc, d)) : "");
}

static void check_parent_rows(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	for (size_t i = 0; i < f->n_ind; i++) {
		size_t n;
		if (f->ind[i].weight.state == NUM_OK || !indicator_parts(f, i, &n))
			continue; /* a row with its own 分值 is weighed on its own (weight-sum adds them) */
		int64_t d;
		num_centi(&f->ind[i].declared, &d);
		REPORT(fc, PARENT_ROW, f->ind[i].line,
		       "%s得分 %s，正是其后 %zu 行（第 %lu 至 %lu 行）得分之和：上级指标与各分项都计了分，合计时多算 %s 分（复核总分不计上级指标）",
		       ind_label(fc, &f->ind[i]), C(fc, d), n, f->ind[i + 1].line, f->ind[i + n].line,
		       C(fc, d));
		i += n;
	}
}

/* Forms without 分值 (items declared): rows of one 二级指标 that met their
 * targets, scored differently — with no weight printed, no one can tell
 * which of them got full marks. */
static void check_spread(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	for (size_t i = 0; i < f->n_ind; i++)
		if (f->ind[i].weight.state == NUM_OK)
			return; /* weights are printed: the scores can be checked against them */
	for (size_t i = 0; i < f->n_ind;) {
		size_t j = i;
		int64_t lo = INT64_MAX, hi = -1, d;
		size_t n = 0;
		unsigned long line = 0;
		for (; j < f->n_ind && !strcmp(f->ind[j].level2, f->ind[i].level2); j++) {
			const struct indicator *in = &f->ind[j];
			if (!in->declared_only || !in->scored || !in->target_met ||
			    !num_centi(&in->declared, &d))
				continue; /* (a heading scored with its parts is not one of them) */
			lo = d < lo ? d : lo;
			hi = d > hi ? d : hi;
			n++;
			if (!line)
				line = in->line;
		}
		if (n >= 2 && lo != hi)
			REPORT(fc, SCORE_SPREAD, line,
			       "%s下 %zu 项达成目标的指标得分从 %s 到 %s 不等，而表中不印各项分值：无法核对各项是否满分",
			       f->ind[i].level2, n, C(fc, lo), C(fc, hi));
		i = j;
	}
}

/*
 * 主管部门 names a grass-roots unit (…剧团, …中心, …站) and 实施单位 a
 * bureau (…局, …委员会): the two cells look swapped.
 */
static void check_head(struct fctx *fc)
{
	static const char *const units[] = {"团", "队", "站", "所", "中心", "院", "校", "馆", "场", NULL};
	static const char *const bureaus[] = {"局", "委员会", "厅", "局机关", "政府", NULL};
	const struct jx_form *f = fc->f;
	const char *d = f->department.norm, *im = f->implementer.norm;
	bool unit = false, bureau = false;
	for (int i = 0; units[i]; i++)
		unit |= str_ends(d, units[i]);
	for (int i = 0; bureaus[i]; i++)
		bureau |= str_ends(im, bureaus[i]);
	if (unit && bureau && !str_has(d, "局") && !str_has(d, "委"))
		REPORT(fc, HEAD_SWAPPED, f->project_line ? f->project_line : f->line,
		       "主管部门「%s」像是基层单位，实施单位「%s」像是主管机关：两格可能填反了",
		       f->department.raw, f->implementer.raw);
}

void audit_rows(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	if (f->scheme_unknown)
		REPORT(fc, SCHEME, f->line,
		       "表样「%s」的评分方案「%s」不在评分规则 %s 中（其 [scheme …] 节），已按 national 方案评分",
		       f->template_name ? f->template_name : "", f->scheme, fc->p->name);
	check_head(fc);
	check_sub_rows(fc);
	check_split_sums(fc);
	check_split_rows(fc);
	check_mgmt(fc);
	check_over_execution(fc);
	check_exec_weight(fc);
	check_blocks(fc);
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		if (in->na)
			continue;
		check_incomplete(fc, in);
		check_level(fc, in, i ? &f->ind[i - 1] : NULL);
		check_actual_unit(fc, in);
		check_rate_counts(fc, in);
		check_na_actual(fc, in);
		check_satisfaction(fc, in);
		check_direction(fc, in);
		check_poles(fc, in);
	}
	check_parent_rows(fc);
	check_spread(fc);
}
