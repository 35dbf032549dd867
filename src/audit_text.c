/*
 * audit_text.c: checks of what a form's texts say (audit.h) — the years
 * it names, the amounts in its goal, the unit its header gives, and what
 * it claims about its own execution — against its table.
 */
#include "audit.h"
#include "buf.h"
#include "profile.h"
#include "score.h"
#include "text.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_YEARS = 16, MAX_AMOUNTS = 32 };

/* ---- years ------------------------------------------------------------------- */

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A 三级指标's "指标1:" / "指标1" numbering, which runs into a year
 * (指标12021年11月30日前): the text after it. */
static const char *unnumbered(const char *s)
{
	if (!str_starts(s, "指标"))
		return s;
	const char *p = s + strlen("指标");
	if (!digit(*p))
		return s;
	p++;
	if (str_starts(p, ":") || str_starts(p, "："))
		p += *p == ':' ? 1 : 3;
	return p;
}

/* Is the year at p compared with (较2023年, 比2023年, 同比, 与2023年相比)? */
static bool compared(const char *s, const char *p)
{
	static const char *const words[] = {"较", "比", "与", "相对", "对比", NULL};
	for (int i = 0; words[i]; i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(p - s) >= n && !memcmp(p - n, words[i], n))
			return true;
	}
	return false;
}

/* The years 2000–2099 a text names as 20XX年 (not part of a longer number,
 * not a year the text compares with). */
static size_t years_in(const char *s, int *out, size_t max)
{
	size_t n = 0;
	/* from one 2 to the next (strchr: texts are mostly CJK, few digits) */
	for (const char *p = strchr(s, '2'); p && n < max; p = strchr(p + 1, '2')) {
		if (p[1] != '0' || !digit(p[2]) || !digit(p[3]) || !str_starts(p + 4, "年") ||
		    (p > s && digit(p[-1])) || compared(s, p))
			continue;
		out[n++] = 2000 + (p[2] - '0') * 10 + (p[3] - '0');
		p += 3;
	}
	return n;
}

static int first_year(const char *s)
{
	int y[1];
	return years_in(s, y, 1) ? y[0] : 0;
}

/* The year the goal texts name most (the first of a tie), 0 if none. */
static int goal_year(const struct jx_form *f)
{
	int y[2 * MAX_YEARS];
	size_t n = years_in(f->goal_expected.norm, y, MAX_YEARS);
	n += years_in(f->goal_actual.norm, y + n, MAX_YEARS);
	int best = 0, count = 0;
	for (size_t i = 0; i < n; i++) {
		int c = 0;
		for (size_t j = 0; j < n; j++)
			c += y[j] == y[i];
		if (c > count) {
			best = y[i];
			count = c;
		}
	}
	return best;
}

/*
 * The project's name may carry the year of its funds (2021年中央…补助资金
 * spent and evaluated in 2022): a later year than the form's is impossible;
 * without a printed year, a name and a goal that name different years leave
 * the evaluated year open.
 */
static void check_year(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	int named = first_year(f->project.norm);
	unsigned long line = f->project_line ? f->project_line : f->line;
	if (!named)
		return;
	if (f->year && named > f->year) {
		REPORT(fc, YEAR_MISMATCH, line, "项目名称写 %d 年，而本表是 %d 年度的自评", named,
		       f->year);
		return;
	}
	int g = goal_year(f);
	if (!f->year && g && g != named)
		REPORT(fc, YEAR_MISMATCH, line,
		       "本表没有写年度；项目名称写 %d 年，年度总体目标写 %d 年：请核对评价的是哪一年", named,
		       g);
}

/* Does a text name a year before the form's, other than the project's own
 * (its funds' year)?  The first such year, or 0. */
static int earlier_year(const struct jx_form *f, const char *s)
{
	int y[MAX_YEARS], own = first_year(f->project.norm);
	size_t n = years_in(unnumbered(s), y, MAX_YEARS);
	for (size_t i = 0; i < n; i++)
		if (y[i] < f->year && y[i] != own)
			return y[i];
	return 0;
}

static void check_other_year(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	if (!f->year)
		return;
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		const struct cell *cells[] = {&in->name, &in->target_c, &in->actual_c};
		for (size_t k = 0; k < 3; k++) {
			int y = earlier_year(f, cells[k]->norm);
			if (!y)
				continue;
			REPORT(fc, OTHER_YEAR, in->line,
			       "%s写的是 %d 年（「%s」），而本表是 %d 年度：疑似照抄往年的表",
			       ind_label(fc, in), y, cells[k]->raw, f->year);
			break;
		}
	}
	int y = earlier_year(f, f->goal_expected.norm);
	if (y)
		REPORT(fc, OTHER_YEAR, f->goal_expected.line ? f->goal_expected.line : f->line,
		       "年度总体目标写的是 %d 年，而本表是 %d 年度：疑似照抄往年的表", y, f->year);
}

/* ---- amounts ------------------------------------------------------------------ */

struct amount {
	struct dec v;      /* as written */
	bool wan;          /* 万元 (or 万), else 元 */
	size_t at;         /* byte offset in the text */
	int64_t fen;       /* in fen, when exact */
	bool exact;
};

/* The amounts of money a text names: X万元, X万 (before 元 or not), X元. */
static size_t amounts_in(const char *s, struct amount *out, size_t max)
{
	size_t n = 0;
	const char *end = s + strlen(s);
	for (const char *p = s; *p && n < max; p++) {
		if (!digit(*p) || (p > s && (digit(p[-1]) || p[-1] == '.')))
			continue;
		struct dec d;
		/* a number is at most a few dozen bytes: never scan the rest of a long text */
		size_t room = (size_t)(end - p) < 64 ? (size_t)(end - p) : 64;
		size_t len = dec_scan(p, room, &d);
		if (!len)
			continue;
		const char *u = p + len;
		bool wan = str_starts(u, "万元"), yuan = !wan && str_starts(u, "元");
		if (!wan && !yuan) {
			p += len - 1;
			continue;
		}
		struct amount a = {d, wan, (size_t)(p - s), 0, false};
		struct dec w;
		a.exact = dec_shift(d, wan ? 0 : -4, &w) && dec_wan_to_fen(w, &a.fen);
		out[n++] = a;
		p += len - 1;
	}
	return n;
}

/* The goal's texts, expected and actual, one after the other. */
static const char *goal_text(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	size_t ne = strlen(f->goal_expected.norm), na = strlen(f->goal_actual.norm);
	char *s = arena_alloc_raw(fc->a, ne + na + 1);
	memcpy(s, f->goal_expected.norm, ne);
	memcpy(s + ne, f->goal_actual.norm, na + 1);
	return s;
}

/*
 * An amount in 元 that is, read as 万元, the sum of two or more 万元
 * amounts that follow or precede it in the same text (补助471.23元，其中
 * 中央补助189.63万元，地方财政补助281.6万元): its unit is wrong, as the
 * text itself shows.  The parts are a run of consecutive 万元 amounts.
 */
static bool run_sums(struct fctx *fc, const struct amount *am, size_t n, size_t i, i128 want,
		     const char **parts)
{
	for (size_t j = 0; j < n; j++) {
		i128 sum = 0;
		struct jx_buf b;
		jx_buf_init(&b, 1 << 12);
		size_t k = j, count = 0;
		for (; k < n && k != i && am[k].wan && am[k].exact && sum < want; k++, count++) {
			sum += am[k].fen;
			jx_buf_printf(&b, "%s%s", count ? " + " : "", fmt_wan(fc->a, am[k].fen));
		}
		if (count >= 2 && sum == want) {
			*parts = arena_strdup(fc->a, b.p);
			jx_buf_release(&b);
			return true;
		}
		jx_buf_release(&b);
	}
	return false;
}

/* what: the text's name; NULL: indicator in's actual (its label made only
 * for a finding: this runs for every indicator of every form). */
static void check_yuan_in_text(struct fctx *fc, const char *what, const struct indicator *in,
			       const char *s, unsigned long line)
{
	struct amount am[MAX_AMOUNTS];
	size_t n = amounts_in(s, am, MAX_AMOUNTS);
	for (size_t i = 0; i < n; i++) {
		const char *parts;
		if (am[i].wan || !am[i].exact || !am[i].fen || am[i].fen > INT64_MAX / 10000 ||
		    !run_sums(fc, am, n, i, (i128)am[i].fen * 10000, &parts))
			continue;
		char shown[48];
		dec_format(am[i].v, shown, sizeof shown);
		REPORT(fc, UNIT_CONTRADICTED, line, "%s中的「%s元」等于同段的 %s = %s 万元：单位应为万元，不是元",
		       what ? what : ind_label(fc, in), shown, parts, fmt_wan(fc->a, am[i].fen * 10000));
	}
}

/* Words that introduce the project's whole amount in a goal text. */
static const char *const total_words[] = {"共申请", "申请资金", "资金总额", "总投资", "共计", "总计",
					  "共安排", "安排资金", "预算资金", NULL};

/* The whole-project amounts the goal text states (a total word, then an
 * amount within 12 characters): up to `max` into out. */
static size_t goal_totals(const char *s, struct amount *out, size_t max)
{
	struct amount am[MAX_AMOUNTS];
	size_t n = amounts_in(s, am, MAX_AMOUNTS), k = 0;
	for (int w = 0; total_words[w]; w++)
		for (const char *p = strstr(s, total_words[w]); p; p = strstr(p + 1, total_words[w])) {
			size_t at = (size_t)(p - s) + strlen(total_words[w]);
			for (size_t i = 0; i < n && k < max; i++)
				if (am[i].at >= at && am[i].at <= at + 36 && am[i].exact) {
					out[k++] = am[i];
					break;
				}
		}
	return k;
}

/*
 * The goal's stated total against the table: 「共申请资金50万元」 beside a
 * 年度资金总额 of 0; or the table's amounts exactly 1/10000 of it (a header
 * read as 元 where the amounts are 万元: 3 万元 become 0.0003 万元).
 */
static void check_goal_amount(struct fctx *fc, const char *goal)
{
	const struct jx_form *f = fc->f;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	struct amount gs[MAX_AMOUNTS];
	size_t ng = f->has_goal && t->present ? goal_totals(goal, gs, MAX_AMOUNTS) : 0;
	if (!ng)
		return;
	const struct money *ms[] = {&t->initial, &t->budget};
	bool any = false;
	/* 总投资500万元，本年安排资金20万元: a stated amount that is the table's is enough */
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < ng; k++)
			if (ms[i]->n.state == NUM_OK && ms[i]->fen == gs[k].fen)
				return;
	struct amount g = gs[0];
	for (size_t i = 0; i < 2; i++) {
		if (ms[i]->n.state != NUM_OK)
			continue;
		any = true;
		if ((i128)ms[i]->fen * 10000 == g.fen && g.fen) {
			REPORT(fc, UNIT_CONTRADICTED, t->line,
			       "年度资金总额读作 %s 万元，而年度总体目标写 %s 万元，正好是它的一万倍：表头的单位（元 / 万元）与金额不符",
			       fmt_wan(fc->a, ms[i]->fen), fmt_wan(fc->a, g.fen));
			return;
		}
	}
	if (!any)
		return;
	char shown[48];
	dec_format(g.v, shown, sizeof shown);
	REPORT(fc, GOAL_AMOUNT, f->goal_expected.line ? f->goal_expected.line : t->line,
	       "年度总体目标写「%s%s」，而年度资金总额的全年预算数为 %s 万元", shown,
	       g.wan ? "万元" : "元",
	       t->budget.n.state == NUM_OK ? fmt_wan(fc->a, t->budget.fen) : fmt_wan(fc->a, t->initial.fen));
}

/* A cost indicator's money target 10,000 times the budget, or 1/10,000 of
 * it: the header's 元 / 万元 and the indicator's unit disagree. */
static void check_cost_unit(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	if (!t->present || t->budget.n.state != NUM_OK || t->budget.fen <= 0)
		return;
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		struct dec w;
		int64_t fen;
		if (!indicator_is_cost(in) || !money_wan(&in->target, &w) || !dec_wan_to_fen(w, &fen))
			continue;
		if ((i128)fen == (i128)t->budget.fen * 10000 || (i128)fen * 10000 == t->budget.fen)
			REPORT(fc, UNIT_CONTRADICTED, in->line,
			       "%s的目标「%s」与全年预算数 %s 万元相差正好一万倍：表头的金额单位（元 / 万元）与指标的单位不符",
			       ind_label(fc, in), in->target_c.raw, fmt_wan(fc->a, t->budget.fen));
	}
}

/* ---- claims about execution --------------------------------------------------- */

/* Phrases by which a form says its execution did not deviate. */
static const char *const accurate[] = {"不存在执行数偏离预算数较多", "执行准确", "执行无偏差",
				       "未出现执行偏差", "不存在偏离", NULL};

/* "；其中「中央财政资金」102 万元执行 0（0%）": the split row with the lowest
 * rate below `low`, or "". */
static const char *lowest_split(struct fctx *fc, int64_t low)
{
	const struct jx_form *f = fc->f;
	const struct fund_split *worst = NULL;
	for (size_t i = 0; i < f->n_splits; i++) {
		const struct fund_split *x = &f->splits[i];
		if (x->heading || x->budget.n.state != NUM_OK || x->executed.n.state != NUM_OK ||
		    x->budget.fen <= 0 || !rate_below(x->executed.fen, x->budget.fen, low))
			continue;
		if (!worst || (i128)x->executed.fen * worst->budget.fen <
				      (i128)worst->executed.fen * x->budget.fen)
			worst = x;
	}
	if (!worst)
		return "";
	const char *label = worst->label;
	if (str_starts(label, "其中:") || str_starts(label, "其中："))
		label += str_starts(label, "其中:") ? strlen("其中:") : strlen("其中：");
	return arena_printf(fc->a, "；其中「%s」%s 万元只执行 %s 万元（%s）", label,
			    fmt_wan(fc->a, worst->budget.fen), fmt_wan(fc->a, worst->executed.fen),
			    rate_below_text(fc->a, worst->executed.fen, worst->budget.fen, INT64_MAX));
}

static void check_claim(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	int64_t num, den, low = fc->p->low_reason_below;
	if (!form_rate(f, &num, &den) || !rate_below(num, den, low))
		return;
	const struct cell *texts[7 + 2 * 16];
	size_t nt = 0;
	/* what the form says happened, not what it aimed at (确保资金执行准确) */
	const struct cell *fixed[] = {&f->goal_actual, &f->conclusion, &f->problems,
				      &f->notes, &f->overview, &f->funds[FUND_TOTAL].reason};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		texts[nt++] = fixed[i];
	for (size_t i = 0; i < f->n_mgmt && nt + 2 <= sizeof texts / sizeof *texts; i++) {
		texts[nt++] = &f->mgmt[i].text;
		texts[nt++] = &f->mgmt[i].problem;
	}
	for (size_t i = 0; i < nt; i++) {
		const char *s = texts[i]->norm;
		for (int k = 0; s && accurate[k]; k++) {
			if (!str_has(s, accurate[k]))
				continue;
			REPORT(fc, EXECUTION_CLAIM, texts[i]->line ? texts[i]->line : f->line,
			       "表中说「%s」，而执行率只有 %s%%（%s / %s 万元，低于 %s%%），未执行 %s 万元%s",
			       accurate[k], fmt_centi(fc->a, (int64_t)div_round((i128)num * 10000, den)),
			       fmt_wan(fc->a, num), fmt_wan(fc->a, den), C(fc, low), fmt_wan(fc->a, den - num),
			       lowest_split(fc, low));
			return;
		}
	}
}

/* ---- the goal's actual text -------------------------------------------------- */

/* s without 了 (有效的打击了毒品犯罪 is 有效的打击毒品犯罪 said as done). */
static const char *without_le(struct fctx *fc, const char *s)
{
	struct jx_buf b;
	jx_buf_init(&b, 1 << 16);
	for (const char *p = s; *p;) {
		if (str_starts(p, "了")) {
			p += strlen("了");
			continue;
		}
		jx_buf_add(&b, p, 1);
		p++;
	}
	const char *r = arena_strdup(fc->a, b.p ? b.p : "");
	jx_buf_release(&b);
	return r;
}

/* The longest run of bytes a and b have in common (each cut at 4 KB). */
static size_t common_run(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), best = 0;
	n = n > 4096 ? 4096 : n;
	m = m > 4096 ? 4096 : m;
	unsigned short *prev = xcalloc(m + 1, sizeof *prev), *cur = xcalloc(m + 1, sizeof *cur);
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			cur[j] = a[i - 1] == b[j - 1] ? (unsigned short)(prev[j - 1] + 1) : 0;
			if (cur[j] > best)
				best = cur[j];
		}
		unsigned short *t = prev;
		prev = cur;
		cur = t;
	}
	free(prev);
	free(cur);
	return best;
}

/*
 * The actual text restating the expected one (有效的打击了毒品犯罪 for
 * 有效的打击毒品犯罪): most of it, 了 dropped, is one run of the goal's
 * words and it names no number, so it states no result of its own.  (完成
 * …收容所1间200平方米 repeats the goal too, but as a measured result.)  An
 * identical text is goal-copied's own case (audit.c).
 */
static void check_goal_restated(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	if (!f->has_goal || !*f->goal_actual.norm || !*f->goal_expected.norm ||
	    !strcmp(f->goal_expected.norm, f->goal_actual.norm))
		return;
	const char *e = without_le(fc, f->goal_expected.norm), *a = without_le(fc, f->goal_actual.norm);
	size_t run = common_run(e, a), len = strlen(a);
	if (len >= 30 && run * 10 >= len * 6 && !strpbrk(a, "0123456789"))
		REPORT(fc, GOAL_COPIED, f->goal_actual.line ? f->goal_actual.line : f->line,
		       "年度总体目标的实际完成情况大半照搬预期目标的文字（去掉「了」后，%zu%% 是预期目标中的一段），没有写出可衡量的结果",
		       run * 100 / len);
}

void audit_text(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	check_year(fc);
	check_other_year(fc);
	const char *goal = f->has_goal ? goal_text(fc) : ""; /* once: two checks read it */
	if (f->has_goal)
		check_yuan_in_text(fc, "年度总体目标", NULL, goal,
				   f->goal_expected.line ? f->goal_expected.line : f->line);
	for (size_t i = 0; i < f->n_ind; i++)
		check_yuan_in_text(fc, NULL, &f->ind[i], f->ind[i].actual_c.norm,
				   f->ind[i].line);
	check_goal_amount(fc, goal);
	check_cost_unit(fc);
	check_claim(fc);
	check_goal_restated(fc);
}
