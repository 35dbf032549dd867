/*
 * score.c: the scoring engine (SPEC §4), driven by a profile (profile.h).
 *
 * Third stage of the pipeline: it takes a form as read and adds, for the
 * execution rate, every indicator and the total, the rescored value, a
 * trace (formula, inputs, result) that says why, and the profile rule that
 * chose the formula.  It reports nothing: the audit compares what it
 * computed with what the form declares.
 *
 * All arithmetic is exact: amounts in fen, scores in centi-points, ratios
 * through 128-bit integers, rounded half up to 2 decimals where the rules
 * say scores are kept to 2 decimals.
 */
#include "score.h"
#include "arena.h"
#include "jixiao.h"
#include "profile.h"
#include "text.h"

#include <string.h>

/*
 * Traces and rules (what explain, the web's 计算过程 and some findings
 * print) are built only in a scoring pass that explains (score_explain):
 * check prints them only inside a few messages, and building them for
 * every number was a sixth of its time.  XP formats one, XPV keeps an
 * expression's text; neither evaluates its arguments otherwise.
 */
#define XP(f, ...) ((f)->explaining ? arena_printf((f)->arena, __VA_ARGS__) : NULL)
#define XPV(f, e) ((f)->explaining ? (e) : NULL)

bool indicator_is_cost(const struct indicator *in)
{
	return str_has(in->level2, "成本") || str_has(in->level1, "成本");
}

bool score_agrees(const struct jx_form *f, int64_t declared, int64_t rescored)
{
	return profile_agrees(profile_or_national(f->profile), declared, rescored);
}

bool num_centi(const struct num *n, int64_t *out)
{
	return n->state == NUM_OK && !n->percent && dec_to_centi(n->v, out);
}

bool form_rate(const struct jx_form *f, int64_t *num, int64_t *den)
{
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	if (t->budget.n.state != NUM_OK || t->executed.n.state != NUM_OK ||
	    t->budget.fen <= 0)
		return false;
	*num = t->executed.fen;
	*den = t->budget.fen;
	return true;
}

bool printed_rate_agrees(const struct fund_row *r)
{
	if (!r->present || r->rate.state != NUM_OK || r->budget.n.state != NUM_OK ||
	    r->executed.n.state != NUM_OK || r->budget.fen <= 0)
		return true;
	int s = r->rate.v.s; /* digits after the % point */
	if (s > 12)
		return true; /* more digits than any rate is printed with */
	i128 num = (i128)r->executed.fen * 100 * pow10_i128(s), den = r->budget.fen;
	return r->rate.v.m == div_floor(num, den) || r->rate.v.m == div_ceil(num, den);
}

/* The value in 万元 when it is a total amount of money (not per month). */
bool money_wan(const struct value *v, struct dec *out)
{
	if (v->kind != VAL_NUMBER || !v->unit || v->unit->dim != DIM_MONEY)
		return false;
	if (v->unit->per && strcmp(v->unit->per, "年") != 0)
		return false;
	struct dec d;
	/* 元 (exp 0) -> 万元 (exp 4): four more decimals */
	if (!dec_shift(v->num, v->unit->exp - 4, &d) || d.s > DEC_MAX_SCALE)
		return false;
	*out = d;
	return true;
}

/*
 * Does a printed amount (万元, d) state `fen`?  Exactly, or as `fen`
 * rounded or truncated to the printed decimals (0.2279 for 0.22792).  An
 * amount printed without decimals gets no such tolerance: "1万" is not a
 * rounding of 0.6784 万元 but a different amount.
 */
bool wan_agrees(struct dec d, int64_t fen)
{
	d = dec_norm(d);
	if (d.s >= 6)
		return (i128)fen * pow10_i128(d.s - 6) == d.m;
	i128 den = pow10_i128(6 - d.s);
	if (fen % den == 0)
		return fen / den == d.m;
	return d.s > 0 && (div_floor(fen, den) == d.m || div_round(fen, den) == d.m);
}

bool actual_money_wan(const struct indicator *in, struct dec *out)
{
	struct value av = in->actual;
	if (av.kind == VAL_NUMBER && !*av.unit_text)
		av.unit = in->target.unit; /* a bare number takes the target's unit */
	return money_wan(&av, out);
}

bool cost_target_is_budget(const struct jx_form *f, const struct indicator *in,
			   struct dec *target)
{
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	return indicator_is_cost(in) && money_wan(&in->target, target) &&
	       t->budget.n.state == NUM_OK && wan_agrees(*target, t->budget.fen);
}

bool indicator_parts(const struct jx_form *f, size_t i, size_t *nparts)
{
	const struct indicator *head = &f->ind[i];
	int64_t want, d, sum = 0;
	if (!num_centi(&head->declared, &want) || want <= 0)
		return false;
	struct dec tsum = dec_int(0), t;
	bool targets = head->target.kind == VAL_NUMBER;
	for (size_t j = i + 1; j < f->n_ind && !strcmp(f->ind[j].level2, head->level2); j++) {
		const struct indicator *in = &f->ind[j];
		if (!num_centi(&in->declared, &d))
			return false;
		sum += d;
		if (targets && in->target.kind == VAL_NUMBER &&
		    !strcmp(in->target.unit_text, head->target.unit_text) &&
		    dec_add(tsum, in->target.num, &t))
			tsum = t;
		else
			targets = false;
		if (sum == want && j - i >= 2) {
			if (head->target.kind == VAL_NUMBER && !(targets && !dec_cmp(tsum, head->target.num)))
				return false; /* targets that do not add up: not its parts */
			*nparts = j - i;
			return true;
		}
		if (sum > want)
			return false;
	}
	return false;
}

/* ---- execution ------------------------------------------------------------ */

/* rate as a percentage with 4 decimals, for traces: 7.5973% */
static const char *pct(struct arena *a, int64_t num, int64_t den)
{
	struct jx_buf b;
	jx_buf_init(&b, 64);
	jx_render_percent(&b, num, den, 4);
	const char *s = arena_strdup(a, b.p ? b.p : "");
	jx_buf_release(&b);
	return s;
}

const char *rate_below_text(struct arena *a, int64_t num, int64_t den, int64_t below)
{
	char buf[48];
	i128 m = div_round((i128)num * 1000000, den); /* percent with 4 decimals */
	if (m >= (i128)below * 100)
		m = div_floor((i128)num * 1000000, den); /* 79.99996% is not "80%" */
	dec_format((struct dec){m > INT64_MAX ? INT64_MAX : (int64_t)m, 4}, buf, sizeof buf);
	return arena_printf(a, "%s%%", buf);
}

/* Is num/den (a rate) below `pc` centi-percent? */
bool rate_below(int64_t num, int64_t den, int64_t pc)
{
	return (i128)num * 10000 < (i128)den * pc;
}

static void exec_linear(struct jx_form *f, int64_t w, const char *wn, int64_t num, int64_t den)
{
	struct arena *a = f->arena;
	const struct jx_profile *p = f->profile;
	const char *rate = XP(f, "执行率 = 全年执行数 / 全年预算数 = %s / %s = %s",
					fmt_wan(a, num), fmt_wan(a, den), pct(a, num, den));
	f->exec_rule = XP(f, "%s；%s", profile_rule(a, p, PK_EXEC_METHOD),
				    profile_rule(a, p, PK_EXEC_FULL_AT));
	if (p->full_at == 10000) {
		int64_t capped = num < den ? num : den;
		f->exec_score_c = (int64_t)div_round((i128)w * capped, den);
		f->exec_trace = XP(f, "%s；得分 = 分值 × min(执行率, 1) = %s × %s = %s", rate,
					     wn, num >= den ? "1" : pct(a, num, den),
					     fmt_centi(a, f->exec_score_c));
		return;
	}
	/* full marks from full_at: w × min(rate / full_at, 1) */
	i128 n = (i128)num * 10000, d = (i128)den * p->full_at;
	bool full = n >= d;
	f->exec_score_c = full ? w : (int64_t)div_round((i128)w * n, d);
	f->exec_trace = XP(f, "%s；得分 = 分值 × min(执行率 / %s%%, 1) = %s × %s = %s", rate,
				     fmt_centi(a, p->full_at), wn,
				     full ? "1" : arena_printf(a, "%s / %s%%", pct(a, num, den),
							       fmt_centi(a, p->full_at)),
				     fmt_centi(a, f->exec_score_c));
}

static void exec_bands(struct jx_form *f, int64_t w, const char *wn, int64_t num, int64_t den)
{
	struct arena *a = f->arena;
	const struct jx_profile *p = f->profile;
	f->exec_rule = XP(f, "%s；%s", profile_rule(a, p, PK_EXEC_METHOD),
				    profile_rule(a, p, PK_EXEC_BANDS));
	const char *rate = XP(f, "执行率 = 全年执行数 / 全年预算数 = %s / %s = %s",
					fmt_wan(a, num), fmt_wan(a, den), pct(a, num, den));
	for (size_t i = 0; i < p->n_exec_bands; i++) {
		const struct profile_band *b = &p->exec_bands[i];
		if (rate_below(num, den, b->from))
			continue;
		f->exec_score_c = (int64_t)div_round((i128)w * b->value, 10000);
		f->exec_trace = XP(f, "%s，不低于 %s%%；按分档得分 = 分值 × %s%% = %s × %s%% = %s",
					     rate, fmt_centi(a, b->from), fmt_centi(a, b->value), wn,
					     fmt_centi(a, b->value), fmt_centi(a, f->exec_score_c));
		return;
	}
	f->exec_score_c = 0;
	int64_t last = p->exec_bands[p->n_exec_bands - 1].from;
	f->exec_trace = XP(f, "执行率 = 全年执行数 / 全年预算数 = %s / %s = %s，低于最低一档 %s%%，得 0 分",
				     fmt_wan(a, num), fmt_wan(a, den), rate_below_text(a, num, den, last),
				     fmt_centi(a, last));
}

static void score_execution(struct jx_form *f)
{
	struct arena *a = f->arena;
	const struct jx_profile *p = f->profile;
	const struct profile_scheme *sc = f->scheme_rules;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	int64_t w;
	f->exec_weight_assumed = false;
	if (!num_centi(&t->weight, &w)) {
		w = sc ? sc->execution : p->w_execution;
		f->exec_weight_assumed = true;
	}
	f->exec_weight_c = w;
	if (sc && !w) { /* the scheme scores no budget execution (Hebei: a row of its own) */
		int64_t num, den;
		f->has_rate = form_rate(f, &num, &den);
		f->exec_score_c = 0;
		f->exec_rule = XPV(f, scheme_rule(a, p, sc, SK_EXECUTION));
		f->exec_trace = XP(f, "评分方案 %s 不单独计预算执行分（%s）", sc->name,
					     sc->title);
		return;
	}
	const char *wn = XP(f, "%s%s", fmt_centi(a, w),
				      f->exec_weight_assumed
					      ? arena_printf(a, "（表中分值%s，按规则默认 %s 分）",
							     t->weight.state == NUM_ABSENT ? "一列没有"
							     : t->weight.state == NUM_UNREAD ? "未能读取"
											   : "为空",
							     fmt_centi(a, w))
					      : "");
	int64_t num, den;
	f->has_rate = form_rate(f, &num, &den);
	if (!f->has_rate) {
		f->exec_score_c = 0;
		f->exec_rule = NULL;
		if (t->budget.n.state == NUM_OK && t->budget.fen == 0)
			f->exec_trace = "全年预算数为 0，执行率无定义，得 0 分";
		else
			f->exec_trace = "缺少全年预算数或全年执行数，无法计算执行率，得 0 分";
		return;
	}
	if (p->exec_method == EXEC_BANDS)
		exec_bands(f, w, wn, num, den);
	else
		exec_linear(f, w, wn, num, den);
	if (f->exec_weight_assumed)
		f->exec_rule = XP(f, "%s；%s", f->exec_rule,
					    sc ? scheme_rule(a, p, sc, SK_EXECUTION)
					       : profile_rule(a, p, PK_W_EXECUTION));
}

/* ---- indicators ----------------------------------------------------------- */

/* The band's score range in centi-points: [lo, hi] with hi inclusive. */
static void band_range(const struct jx_profile *p, enum band b, int64_t w, int64_t *lo,
		       int64_t *hi)
{
	int64_t top = (int64_t)div_ceil((i128)w * p->qual_achieved, 10000);
	int64_t mid = (int64_t)div_ceil((i128)w * p->qual_partial, 10000);
	switch (b) {
	case BAND_ACHIEVED:
		*lo = top;
		*hi = w;
		break;
	case BAND_PARTIAL:
		*lo = mid;
		*hi = top - 1;
		break;
	default:
		*lo = 0;
		*hi = mid - 1;
		break;
	}
	if (*hi < *lo)
		*hi = *lo;
}

static const char *band_name(struct arena *a, const struct jx_profile *p, enum band b)
{
	const char *hi = fmt_centi(a, p->qual_achieved), *mid = fmt_centi(a, p->qual_partial);
	switch (b) {
	case BAND_ACHIEVED: return arena_printf(a, "达成年度指标 [%s%%, 100%%]", hi);
	case BAND_PARTIAL:
		return arena_printf(a, "部分达成年度指标并具有一定效果 [%s%%, %s%%)", mid, hi);
	case BAND_NOT: return arena_printf(a, "未达成年度指标且效果较差 [0, %s%%)", mid);
	case BAND_NONE: break;
	}
	return "无法判断";
}

static const char *band_rule(struct arena *a, const struct jx_profile *p)
{
	return arena_printf(a, "%s；%s", profile_rule(a, p, PK_QUAL_ACHIEVED),
			    profile_rule(a, p, PK_QUAL_PARTIAL));
}

/*
 * Qualitative scoring: the band follows from the actual text; the declared
 * score stands when it lies in the band, else the nearest edge; with no
 * declared score, the band's top.
 */
static void score_band(struct jx_form *f, struct indicator *in, enum band b, const char *why)
{
	struct arena *a = f->arena;
	int64_t w = in->weight_c, lo, hi, d;
	in->band = b;
	in->target_met = b == BAND_ACHIEVED;
	in->rule = XPV(f, band_rule(a, f->profile));
	band_range(f->profile, b, w, &lo, &hi);
	const char *range = XP(f, "%s–%s 分", fmt_centi(a, lo), fmt_centi(a, hi));
	const char *bn = XPV(f, band_name(a, f->profile, b));
	if (!num_centi(&in->declared, &d)) {
		in->score_c = hi;
		in->trace = XP(f, "%s → %s，%s；未申报得分，取档次上限 %s", why, bn, range,
					 fmt_centi(a, hi));
	} else if (d >= lo && d <= hi) {
		in->score_c = d;
		in->trace = XP(f, "%s → %s，%s；申报 %s 在档次内，保留", why, bn, range,
					 fmt_centi(a, d));
	} else {
		in->score_c = d < lo ? lo : hi;
		in->trace = XP(f, "%s → %s，%s；申报 %s 不在档次内，取最近的档次边界 %s",
					 why, bn, range, fmt_centi(a, d), fmt_centi(a, in->score_c));
	}
}

static enum band band_of_qual(enum qual q)
{
	switch (q) {
	case Q_ACHIEVED: return BAND_ACHIEVED;
	case Q_PARTIAL: return BAND_PARTIAL;
	case Q_NOT: return BAND_NOT;
	case Q_UNKNOWN: break;
	}
	return BAND_NONE;
}

static void keep_declared(struct jx_form *f, struct indicator *in, const char *why)
{
	struct arena *a = f->arena;
	int64_t d;
	in->method = M_UNSCORABLE;
	in->rule = NULL;
	if (num_centi(&in->declared, &d)) {
		in->score_c = d > in->weight_c ? in->weight_c : d;
		in->trace = XP(f, "%s；无法按规则复核，沿用申报得分 %s%s", why,
					 fmt_centi(a, d),
					 d > in->weight_c ? "（超过分值，按分值计）" : "");
	} else {
		in->score_c = 0;
		in->trace = XP(f, "%s；无法按规则复核且未申报得分，得 0 分", why);
	}
}

static void score_qualitative(struct jx_form *f, struct indicator *in)
{
	in->method = M_QUALITATIVE;
	const char *t = in->target.text, *v = in->actual.text;
	if (in->actual.kind == VAL_TEXT && value_scale_poles(in->actual_c.norm)) {
		keep_declared(f, in, XP(f, "实际「%s」是评价档次本身，没有选定其中一档",
						  in->actual_c.raw));
		return;
	}
	if (in->actual.kind == VAL_EMPTY || in->actual.kind == VAL_NA) {
		score_band(f, in, BAND_NOT, "实际完成值为空");
		return;
	}
	if (strcmp(t, v) == 0) {
		score_band(f, in, BAND_ACHIEVED, XP(f, "实际「%s」与目标相同", in->actual_c.raw));
		return;
	}
	if (*t && str_has(v, t) && value_qual(v) != Q_NOT && value_qual(v) != Q_PARTIAL) {
		/* 发病率明显下降 for 发病率下降: the target's words, and more */
		score_band(f, in, BAND_ACHIEVED,
			   XP(f, "实际「%s」包含目标「%s」", in->actual_c.raw,
					in->target_c.raw));
		return;
	}
	enum band b = band_of_qual(in->actual.kind == VAL_TEXT || in->actual.kind == VAL_FUZZY
					   ? in->actual.qual
					   : value_qual(v));
	if (b == BAND_NONE) {
		in->band = BAND_NONE;
		keep_declared(f, in, XP(f, "实际「%s」无法判断是否达成目标「%s」",
						  in->actual_c.raw, in->target_c.raw));
		return;
	}
	score_band(f, in, b, XP(f, "实际「%s」（目标「%s」）", in->actual_c.raw,
					  in->target_c.raw));
}

static const char *dec_str(struct arena *a, struct dec d)
{
	char buf[48];
	dec_format(d, buf, sizeof buf);
	return arena_strdup(a, buf);
}

/* A and B at one scale (both values have at most DEC_MAX_SCALE decimals). */
static void common_scale(struct dec A, struct dec B, i128 *a, i128 *b)
{
	int s = A.s > B.s ? A.s : B.s;
	*a = (i128)A.m * pow10_i128(s - A.s);
	*b = (i128)B.m * pow10_i128(s - B.s);
}

/* Reverse, missed: w × A / B (ratio), or w × (1 − (B − A) / A), 0 from B ≥ 2A (linear). */
static void reverse_missed(struct jx_form *f, struct indicator *in, struct dec A, struct dec B,
			   const char *note)
{
	struct arena *a = f->arena;
	int64_t w = in->weight_c, s = 0;
	if (f->profile->reverse == REVERSE_RATIO) {
		dec_muldiv_centi((struct dec){w, 2}, A, B, &s);
		in->score_c = s < 0 ? 0 : s;
		in->trace = XP(f, "反向指标（越低越好）：分值 × 目标 / 实际 = %s × %s / %s = %s%s",
					 fmt_centi(a, w), dec_str(a, A), dec_str(a, B),
					 fmt_centi(a, in->score_c), note);
		return;
	}
	i128 ia, ib;
	common_scale(A, B, &ia, &ib);
	if (ia <= 0 || ib >= 2 * ia) {
		in->score_c = 0;
		in->trace = XP(f, "反向指标（越低越好）：实际 %s 达到目标 %s 的 2 倍及以上，按线性扣分得 0 分%s",
					 dec_str(a, B), dec_str(a, A), note);
		return;
	}
	in->score_c = (int64_t)div_round((i128)w * (2 * ia - ib), ia);
	in->trace = XP(f, "反向指标（越低越好）：分值 × (1 − (实际 − 目标) / 目标) = %s × (1 − (%s − %s) / %s) = %s%s",
				 fmt_centi(a, w), dec_str(a, B), dec_str(a, A), dec_str(a, A),
				 fmt_centi(a, in->score_c), note);
}

/*
 * The profile's deviation penalty: an actual that differs from its target
 * by the set share or more (over or under) loses the set points, down to 0.
 */
static void deviation_penalty(struct jx_form *f, struct indicator *in, struct dec A, struct dec B,
			      const char *ts, const char *as)
{
	const struct jx_profile *p = f->profile;
	struct arena *a = f->arena;
	in->deviated = false;
	if (!p->dev_share || dec_is_zero(A))
		return;
	i128 ia, ib;
	common_scale(A, B, &ia, &ib);
	/* better: beyond the target the good way (more, or less for reverse) */
	bool better = in->reverse ? ib < ia : ib > ia;
	if ((p->dev_side == DEV_BETTER && !better) || (p->dev_side == DEV_WORSE && better))
		return;
	i128 diff = ib > ia ? ib - ia : ia - ib;
	if (ia < 0)
		ia = -ia;
	if (diff * 10000 < ia * p->dev_share)
		return;
	int64_t before = in->score_c;
	i128 share = div_round(diff * 10000, ia); /* centi-percent */
	in->score_c = before > p->dev_penalty ? before - p->dev_penalty : 0;
	in->deviated = true;
	in->trace = XP(f, "%s；实际 %s 偏离目标 %s 达 %s%%（≥ %s%%），扣 %s 分：%s − %s = %s%s",
				 in->trace, as, ts,
				 share > INT64_MAX ? "极大" : fmt_centi(a, (int64_t)share),
				 fmt_centi(a, p->dev_share), fmt_centi(a, p->dev_penalty),
				 fmt_centi(a, before), fmt_centi(a, p->dev_penalty), fmt_centi(a, in->score_c),
				 before < p->dev_penalty ? "（不低于 0）" : "");
	in->rule = XP(f, "%s；%s；%s；%s", in->rule, profile_rule(a, p, PK_IND_DEV_SHARE),
				profile_rule(a, p, PK_IND_DEV_PENALTY), profile_rule(a, p, PK_IND_DEV_SIDE));
}

/* by_name: reverse because of reverse_names; deviation: the target is a
 * real target (not the 2 that 多次 stands for), so the penalty may apply. */
static void score_quantitative(struct jx_form *f, struct indicator *in, bool by_name,
			       bool deviation)
{
	struct arena *a = f->arena;
	const struct jx_profile *p = f->profile;
	struct dec A, B;
	bool assumed;
	if (!value_comparable(&in->target, &in->actual, &A, &B, &assumed)) {
		in->unit_mismatch = true;
		keep_declared(f, in, XP(f, "目标「%s」与实际「%s」单位不可比",
						  in->target_c.raw, in->actual_c.raw));
		return;
	}
	in->assumed_unit = assumed;
	int64_t w = in->weight_c;
	const char *ts = XPV(f, value_describe(a, &in->target)),
		   *as = XPV(f, value_describe(a, &in->actual));
	const char *note = assumed ? "（一方未写单位，按另一方的单位比较）" : "";
	if (!dec_is_zero(A)) {
		i128 num = (i128)B.m * pow10_i128(A.s), den = (i128)A.m * pow10_i128(B.s);
		i128 milli = div_round(num * 1000, den);
		in->ratio_milli = milli > INT64_MAX ? INT64_MAX : milli < INT64_MIN ? INT64_MIN
										 : (int64_t)milli;
		in->has_ratio = true;
	}
	int cmp = dec_cmp(B, A);
	if (!in->reverse && !dec_is_zero(A)) {
		i128 ia, ib;
		common_scale(A, B, &ia, &ib);
		in->overachieved = ib * 1000 >= ia * p->over_milli; /* exact: 1.1995 is not 1.2 */
	}
	if (!in->reverse) {
		in->method = M_RATIO;
		in->rule = "正向指标按完成比例计分（固定规则，不随评分规则文件变化）";
		in->target_met = cmp >= 0;
		if (in->target_met) {
			in->score_c = w;
			in->trace = XP(f, "正向指标：实际 %s ≥ 目标 %s%s，得满分 %s", as,
						 ts, note, fmt_centi(a, w));
		} else {
			int64_t s = 0;
			dec_muldiv_centi((struct dec){w, 2}, B, A, &s);
			in->score_c = s < 0 ? 0 : s;
			in->trace = XP(f, "正向指标：分值 × 实际 / 目标 = %s × %s / %s = %s%s",
						 fmt_centi(a, w), dec_str(a, B), dec_str(a, A),
						 fmt_centi(a, in->score_c), note);
		}
	} else {
		in->method = M_REVERSE;
		in->rule = XPV(f, profile_rule(a, p, PK_IND_REVERSE));
		if (by_name)
			in->rule = XP(f, "%s；未写比较符号，%s", in->rule,
						profile_rule(a, p, PK_IND_REVERSE_NAMES));
		in->target_met = cmp <= 0;
		if (in->target_met) {
			in->score_c = w;
			in->trace = XP(f, "反向指标（越低越好）：实际 %s ≤ 目标 %s%s，得满分 %s",
						 as, ts, note, fmt_centi(a, w));
		} else {
			reverse_missed(f, in, A, B, note);
		}
	}
	if (deviation)
		deviation_penalty(f, in, A, B, ts, as);
}

/* Day of year-ish ordinal for comparing date ends; d 0/32 = end of month.
 * A date without a year is in `year`. */
static long date_ord(struct date_point p, int year)
{
	int y = p.y ? p.y : year;
	int m = p.m ? p.m : 12;
	int d = (p.d == 0 || p.d == 32) ? 31 : p.d;
	return (long)y * 400 + m * 32 + d;
}

/* The first day of a date point: 2023年6月 -> 6月1日, 2023年 -> 1月1日. */
static long date_ord_start(struct date_point p, int year)
{
	int y = p.y ? p.y : year;
	int m = p.m ? p.m : 1;
	int d = (p.d == 0 || p.d == 32) ? 1 : p.d;
	return (long)y * 400 + m * 32 + d;
}

static void score_date(struct jx_form *f, struct indicator *in)
{
	struct arena *a = f->arena;
	in->method = M_DATE;
	/* a date without a year takes the form's year, or the other date's */
	int ty = in->target.to.y, vy = in->actual.to.y;
	int y = f->year ? f->year : ty ? ty : vy;
	long t = date_ord(in->target.to, y), v = date_ord(in->actual.to, y);
	const char *ts = XPV(f, value_describe(a, &in->target)),
		   *as = XPV(f, value_describe(a, &in->actual));
	/* 早于 / <: before the period begins (早于6月: by 5月31日); the day
	 * itself is late */
	bool strict = in->target.op == OP_LT;
	if (strict)
		t = date_ord_start(in->target.from, y);
	if (strict ? v < t : v <= t) {
		in->target_met = true;
		in->band = BAND_ACHIEVED;
		in->score_c = in->weight_c;
		in->rule = "时效指标不晚于目标即得满分（固定规则，不随评分规则文件变化）";
		in->trace = XP(f, "时效：实际 %s %s目标 %s，得满分 %s", as,
					 strict ? "早于" : "不晚于", ts, fmt_centi(a, in->weight_c));
	} else {
		score_band(f, in, BAND_NOT, XP(f, "时效：实际 %s %s目标 %s", as,
							 strict && v == t ? "不早于" : "晚于", ts));
		in->method = M_DATE;
	}
}

static void score_fuzzy(struct jx_form *f, struct indicator *in)
{
	struct arena *a = f->arena;
	struct dec A, B;
	bool assumed;
	in->method = M_FUZZY;
	if (value_comparable(&in->target, &in->actual, &A, &B, &assumed) &&
	    dec_cmp(B, A) >= 0) {
		in->target_met = true;
		in->score_c = in->weight_c;
		in->rule = "「多次」等模糊数量按至少 2 计，不少于目标得满分（固定规则，不随评分规则文件变化）";
		in->trace = XP(f, "实际「%s」至少为 %s，不少于目标 %s，得满分 %s",
					 in->actual_c.raw, dec_str(a, B),
					 value_describe(a, &in->target), fmt_centi(a, in->weight_c));
		return;
	}
	keep_declared(f, in, XP(f, "实际「%s」是模糊数量，无法与目标「%s」比较",
					  in->actual_c.raw, in->target_c.raw));
}

static void score_indicator(struct jx_form *f, struct indicator *in)
{
	in->scored = false;
	in->band = BAND_NONE;
	in->target_met = false;
	in->unit_mismatch = in->text_for_number = in->assumed_unit = false;
	in->has_ratio = in->deviated = in->overachieved = false;
	in->score_c = 0;
	in->rule = NULL;
	if (in->na) {
		in->method = M_NONE;
		in->weight_c = 0;
		in->trace = "不适用（无），不计分";
		return;
	}
	const char *unread = in->weight.state == NUM_UNREAD ? "分值"
			     : in->target_c.unread ? "年度指标值"
			     : in->actual_c.unread ? "实际完成值" : NULL;
	if (unread) {
		in->method = M_UNREAD;
		in->weight_c = 0;
		/* always: unscorable() quotes it in the form's own output */
		in->trace = arena_printf(f->arena, "%s未能读取，无法复核", unread);
		return;
	}
	in->scored = true;
	if (!num_centi(&in->weight, &in->weight_c)) {
		in->weight_c = 0;
		in->method = M_MISSING;
		in->trace = "缺少分值，无法计分，得 0 分";
		return;
	}
	enum val_op op = in->target.op;
	bool by_name = op == OP_NONE && profile_reverse_name(f->profile, in->level1, in->level2);
	in->reverse = op == OP_LE || op == OP_LT || by_name;
	enum val_kind tk = in->target.kind, ak = in->actual.kind;
	if (tk == VAL_EMPTY || tk == VAL_NA) {
		in->method = M_MISSING;
		in->trace = "缺少年度指标值，无法判断是否达成，得 0 分";
		return;
	}
	if (ak == VAL_EMPTY || ak == VAL_NA) {
		in->method = M_MISSING;
		in->trace = "缺少实际完成值，视为未完成，得 0 分";
		return;
	}
	if (tk == VAL_TEXT) {
		score_qualitative(f, in);
	} else if (tk == VAL_DATE) {
		if (ak == VAL_DATE)
			score_date(f, in);
		else
			score_qualitative(f, in);
	} else if (ak == VAL_TEXT) {
		/* numeric target, text actual: judged as qualitative, flagged */
		in->text_for_number = true;
		score_qualitative(f, in);
	} else if (ak == VAL_DATE) {
		in->unit_mismatch = true;
		keep_declared(f, in, XP(f, "目标「%s」是数值，实际「%s」是日期",
						  in->target_c.raw, in->actual_c.raw));
	} else if (tk == VAL_FUZZY && ak == VAL_NUMBER) {
		/* 多次 as a target: at least 2, compared as a positive quantity */
		in->reverse = false;
		score_quantitative(f, in, false, false);
		in->method = M_FUZZY;
	} else if (ak == VAL_FUZZY) {
		score_fuzzy(f, in);
	} else {
		score_quantitative(f, in, by_name, true);
	}
}

/*
 * An indicator of a scheme without 分值 (items declared or none) is judged
 * as if it weighed 100 points, for whether its target was met and how far;
 * its score is then the declared one (declared) or none at all (none):
 * no score is invented for a row the form gives no weight.
 */
static void judge_only(struct jx_form *f, struct indicator *in)
{
	struct arena *a = f->arena;
	const struct profile_scheme *sc = f->scheme_rules;
	struct num weight = in->weight;
	in->weight = (struct num){.cell = weight.cell, .state = NUM_OK, .v = dec_int(100)};
	score_indicator(f, in);
	in->weight = weight;
	in->declared_only = true;
	if (in->method == M_NONE || in->method == M_UNREAD)
		return;
	/* what was judged, without the nominal 100 points it was judged with */
	const char *judged =
		!f->explaining ? NULL
		: in->method == M_UNSCORABLE || in->method == M_MISSING
			? arena_printf(a, "无法判断是否达成（目标「%s」，实际「%s」）", in->target_c.raw,
				       in->actual_c.raw)
			: arena_printf(a, "%s目标（目标「%s」，实际「%s」）",
				       in->target_met ? "达成" : "未达成", in->target_c.raw, in->actual_c.raw);
	int64_t d;
	in->judged = in->method;
	in->method = sc->items == ITEMS_NONE ? M_COMPLETION : M_DECLARED;
	in->weight_c = 0;
	in->rule = XPV(f, scheme_rule(a, f->profile, sc, SK_ITEMS));
	if (sc->items == ITEMS_NONE) {
		in->scored = false;
		in->score_c = 0;
		in->trace = XP(f, "本表样不计分，只看完成情况：%s", judged);
	} else if (num_centi(&in->declared, &d)) {
		in->score_c = d;
		in->trace = XP(f, "本表样各指标没有分值，得分按申报 %s（不复核）；完成情况：%s",
					 fmt_centi(a, d), judged);
	} else {
		in->score_c = 0;
		in->trace = XP(f, "本表样各指标没有分值，且未申报得分，计 0 分；完成情况：%s", judged);
	}
}

/* Hebei: 折算得分 = 单项指标得分 × 权重占比, the weight being the 权重占比
 * in points; the rescored 折算得分 is weight × the rules' share, as on the
 * national form, and the trace says it in the form's own terms. */
static void converted(struct jx_form *f, struct indicator *in)
{
	struct arena *a = f->arena;
	if (!in->scored || in->weight_c <= 0 ||
	    (in->method != M_RATIO && in->method != M_REVERSE && in->method != M_QUALITATIVE &&
	     in->method != M_DATE && in->method != M_FUZZY))
		return; /* not rescored: nothing to convert */
	int64_t item = (int64_t)div_round((i128)in->score_c * 10000, in->weight_c);
	struct dec A, B;
	bool assumed;
	if ((in->method == M_RATIO || (in->method == M_REVERSE && f->profile->reverse == REVERSE_RATIO)) &&
	    !in->deviated && item < 10000 &&
	    value_comparable(&in->target, &in->actual, &A, &B, &assumed)) {
		/* below full marks: 100 × the share itself, not the rounded 折算得分 back */
		int64_t exact;
		if (in->method == M_RATIO ? dec_muldiv_centi(dec_int(100), B, A, &exact)
					  : dec_muldiv_centi(dec_int(100), A, B, &exact))
			item = exact < 10000 ? exact : 10000;
	}
	in->trace = XP(f, "%s；折算得分 = 单项指标得分 × 权重占比 = %s × %s%% = %s", in->trace,
				 fmt_centi(a, item), fmt_centi(a, in->weight_c), fmt_centi(a, in->score_c));
	in->rule = XPV(f, in->rule ? arena_printf(a, "%s；%s", in->rule,
						  scheme_rule(a, f->profile, f->scheme_rules, SK_ITEMS))
				   : scheme_rule(a, f->profile, f->scheme_rules, SK_ITEMS));
}

/*
 * A cost indicator whose target is the project's budget measures execution;
 * the rules still give it full marks when less was spent.  Say so where it
 * happens, so that a rescored 10 for 0 spent is not read as an endorsement.
 */
static void note_budget_target(struct jx_form *f, struct indicator *in)
{
	struct dec target, actual;
	if (!in->reverse || !in->target_met || !cost_target_is_budget(f, in, &target) ||
	    !actual_money_wan(in, &actual) || dec_cmp(actual, target) >= 0)
		return; /* only where less than the budget was spent */
	in->trace = XP(f, in->deviated ? "%s（注意：目标值等于项目预算，该指标实际衡量的是预算执行而不是成本，"
						"见 cost-is-budget）"
					      : "%s（注意：目标值等于项目预算，该指标实际衡量的是预算执行而不是成本；"
						"按规则实际不高于目标即得满分，见 cost-is-budget）",
				 in->trace);
}

/* The profile's cap on the total by execution rate: the lowest that applies. */
static bool total_cap(const struct jx_form *f, int64_t *cap, int64_t *below)
{
	const struct jx_profile *p = f->profile;
	int64_t num, den;
	bool any = false;
	if (!f->has_rate || !form_rate(f, &num, &den))
		return false;
	for (size_t i = 0; i < p->n_caps; i++)
		if (rate_below(num, den, p->caps[i].from) && (!any || p->caps[i].value < *cap)) {
			*cap = p->caps[i].value;
			*below = p->caps[i].from;
			any = true;
		}
	return any;
}

/*
 * Why the form can have no total: its budget execution or an indicator's
 * cell could not be read (never scored as empty or 0), or no indicator was
 * read at all.  NULL: it can be scored.
 */
static const char *unscorable(const struct jx_form *f)
{
	struct arena *a = f->arena;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	if (t->present && (t->budget.n.state == NUM_UNREAD || t->executed.n.state == NUM_UNREAD))
		return arena_printf(a, "第 %lu 行年度资金总额的%s未能读取", t->line,
				    t->budget.n.state == NUM_UNREAD ? "全年预算数" : "全年执行数");
	for (size_t i = 0; i < f->n_ind; i++)
		if (f->ind[i].method == M_UNREAD)
			return arena_printf(a, "第 %lu 行指标「%s」的%s", f->ind[i].line,
					    f->ind[i].name.raw, f->ind[i].trace);
	const struct profile_scheme *sc = f->scheme_rules;
	if (sc && sc->items == ITEMS_NONE)
		return arena_printf(a, "本表样不计分（评分方案 %s：%s）", sc->name, sc->title);
	bool weights = !sc || sc->items == ITEMS_WEIGHTED || sc->items == ITEMS_CONVERTED;
	for (size_t i = 0; weights && i < f->n_ind; i++)
		if (!f->ind[i].na && f->ind[i].weight.state == NUM_ABSENT && f->template_name)
			return arena_printf(a, "表中各指标没有分值列（表样 %s），不按分值计分",
					    f->template_name);
	if (!f->n_ind)
		return "绩效指标未能读取（没有读出任何指标行）";
	/* a published form read by a template (grid.h) may be cut anywhere: no
	 * budget row, or no 总分 row under its indicators, leaves parts unread.
	 * (The standard reader reports a cut table itself and scores what it
	 * read, as before.) */
	if (f->template_name && !t->present)
		return "预算执行情况未能读取（没有读出年度资金总额行）";
	if (f->template_name && !f->has_total)
		return "没有读到总分行（表格可能在指标表中截断），可能还有未读到的指标";
	return NULL;
}

static void score_total(struct jx_form *f, const char *sum)
{
	struct arena *a = f->arena;
	const struct jx_profile *p = f->profile;
	int64_t cap = 0, below = 0, num, den;
	f->capped = false;
	f->cap_below = 0;
	f->total_c = f->sum_c;
	f->total_rule = XP(f, "%s；%s", profile_rule(a, p, PK_GRADE_BANDS),
				     profile_rule(a, p, PK_GRADE_BOUNDARY));
	const char *capped = "";
	if (total_cap(f, &cap, &below) && form_rate(f, &num, &den)) {
		f->total_rule = XP(f, "%s；%s", profile_rule(a, p, PK_CAPS_TOTAL),
					     f->total_rule);
		if (f->sum_c > cap) {
			f->capped = true;
			f->cap_below = below;
			f->total_c = cap;
			capped = XP(f, "；执行率 %s 低于 %s%%，总分至多 %s，按 %s 计",
					      rate_below_text(a, num, den, below), fmt_centi(a, below),
					      fmt_centi(a, cap), fmt_centi(a, cap));
		} else {
			capped = XP(f, "（执行率 %s 低于 %s%%，总分至多 %s，未超过）",
					      rate_below_text(a, num, den, below), fmt_centi(a, below),
					      fmt_centi(a, cap));
		}
	}
	f->grade = profile_grade(p, f->total_c);
	f->total_trace = XP(f, "%s = %s%s，等级 %s（%s）", sum, fmt_centi(a, f->sum_c), capped,
				      f->grade, profile_grade_legend(a, p));
}

/* Score indicator i of f (its scheme's way); false when it does not count
 * towards the total.  Depends on no other indicator's score. */
static bool score_item(struct jx_form *f, size_t i)
{
	const struct profile_scheme *sc = f->scheme_rules;
	bool judge = sc && (sc->items == ITEMS_DECLARED || sc->items == ITEMS_NONE);
	struct indicator *in = &f->ind[i];
	in->declared_only = false;
	if (judge)
		judge_only(f, in);
	else
		score_indicator(f, in);
	if (sc && sc->items == ITEMS_CONVERTED)
		converted(f, in);
	if (!in->scored)
		return false;
	size_t parts;
	if (in->method == M_DECLARED && indicator_parts(f, i, &parts)) {
		/* a heading scored with its parts: its score is theirs */
		in->scored = false;
		in->trace = XP(f, "%s；上级指标，得分是其后 %zu 项之和，不计入总分", in->trace, parts);
		return false;
	}
	note_budget_target(f, in);
	return true;
}

void score_explain_execution(struct jx_form *f)
{
	if (f->explained || !f->scored)
		return;
	f->explaining = true;
	score_execution(f); /* the same numbers, with their trace */
	f->explaining = false;
}

void score_explain_indicator(struct jx_form *f, const struct indicator *in)
{
	if (f->explained || !f->scored || in < f->ind || in >= f->ind + f->n_ind)
		return;
	f->explaining = true;
	score_item(f, (size_t)(in - f->ind));
	f->explaining = false;
}

void score_explain(struct jx_form *f)
{
	if (f->explained || !f->scored)
		return;
	f->explaining = true;
	jx_form_score(f, f->profile); /* the same numbers, with their traces */
	f->explaining = false;
	f->explained = true;
}

void jx_form_score(struct jx_form *f, const struct jx_profile *profile)
{
	struct arena *a = f->arena;
	f->explained = false; /* a new scoring: its traces when asked (score_explain) */
	f->profile = profile_or_national(profile);
	f->scheme_rules = profile_scheme(f->profile, f->scheme);
	f->scheme_unknown = f->scheme && strcmp(f->scheme, "national") != 0 && !f->scheme_rules;
	const struct profile_scheme *sc = f->scheme_rules;
	score_execution(f);
	int64_t total = f->exec_score_c;
	struct jx_buf b; /* the sum, for the total's trace */
	jx_buf_init(&b, 1 << 20);
	if (f->explaining)
		jx_buf_printf(&b, "%s（预算执行）", fmt_centi(a, f->exec_score_c));
	for (size_t i = 0; i < f->n_ind; i++) {
		struct indicator *in = &f->ind[i];
		if (!score_item(f, i))
			continue;
		total += in->score_c;
		if (f->explaining)
			jx_buf_printf(&b, " + %s", fmt_centi(a, in->score_c));
	}
	f->sum_c = total;
	score_total(f, b.p);
	jx_buf_release(&b);
	f->unscorable = unscorable(f);
	f->unscored = sc && sc->items == ITEMS_NONE;
	if (f->unscorable) {
		f->grade = NULL;
		f->total_trace = XP(f, "无法评分：%s", f->unscorable);
	}
	f->scored = true;
}
