/*
 * score.h: the scoring engine's helpers shared with the audit and renderers.
 */
#ifndef JX_SCORE_H
#define JX_SCORE_H

#include "fmt.h" /* numbers as printed: fmt_centi, fmt_wan */
#include "model.h"

#include <stdint.h>

struct arena;

/*
 * The traces and rules of a scored form's numbers (what explain, the web
 * and a few findings print), which jx_form_score leaves out: built here
 * once, by scoring it again with them (the same numbers).  A form is used
 * by one thread at a time, so a reader of a const form may call it.
 */
void score_explain(struct jx_form *f);
/* The same for one number only: the execution's trace, or one indicator's
 * (a finding that quotes it); nothing else of the form changes. */
void score_explain_execution(struct jx_form *f);
void score_explain_indicator(struct jx_form *f, const struct indicator *in);

/* Under 成本指标 (second level, or first level in the 2021 framework). */
bool indicator_is_cost(const struct indicator *in);
/* A declared score agrees with the rescored one by the rounding the form's
 * profile accepts ([agreement] declared). */
bool score_agrees(const struct jx_form *f, int64_t declared_c, int64_t rescored_c);
/* Declared score in centi-points; false when absent or not a number. */
bool num_centi(const struct num *n, int64_t *out);
/* Execution rate of the 年度资金总额 row in per-mille-of-percent etc.: the
 * exact fraction executed/budget as numerator/denominator (fen). */
bool form_rate(const struct jx_form *f, int64_t *num, int64_t *den);

/* Is num/den (a rate) below `pc` centi-percent?  Exact. */
bool rate_below(int64_t num, int64_t den, int64_t pc);

/* A rate num/den below `below` (centi-percent) as a percentage with 4
 * decimals, rounded, or truncated where rounding would print the threshold
 * itself ("79.9999%", not "80%"). */
const char *rate_below_text(struct arena *a, int64_t num, int64_t den, int64_t below);

/*
 * Does a fund row's printed 执行率 state executed/budget?  It agrees when it
 * is the computed rate rounded, truncated or raised at its own printed
 * precision (|declared − computed| < one unit of the last printed digit);
 * a row without a printed rate or without both amounts has nothing to
 * disagree with.
 */
bool printed_rate_agrees(const struct fund_row *r);

/* The value in 万元 when it is a total amount of money (not per month). */
bool money_wan(const struct value *v, struct dec *out);
/* Does a printed amount (万元) state `fen` within its printed precision? */
bool wan_agrees(struct dec d, int64_t fen);
/* The indicator's actual in 万元 when it is money; a bare number takes the
 * target's unit. */
bool actual_money_wan(const struct indicator *in, struct dec *out);
/* A cost indicator whose money target (*target, 万元) is the project's
 * 全年预算数: it measures execution, not cost (cost-is-budget). */
bool cost_target_is_budget(const struct jx_form *f, const struct indicator *in,
			   struct dec *target);

/*
 * Is indicator i a heading scored with its parts: its declared score the
 * sum of those of the 2 or more rows right after it under the same 二级指标
 * (示范区建立 15 = 5 + 5 + 5), its numeric target the sum of theirs too
 * where it has one?  *nparts: how many.  (parent-row; a scheme without
 * 分值 leaves the heading out of its total.)
 */
bool indicator_parts(const struct jx_form *f, size_t i, size_t *nparts);

#endif
