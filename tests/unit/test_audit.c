/*
 * test_audit.c: every check of SPEC §5 on a form made to trip it, and the
 * same form without the fault, which must not.
 */
#include "forms.h"
#include "unit.h"

#include <stdlib.h>

#define ROW_Q "\t\t质量指标\t合格率\t≥95%\t96%\t10\t10\t\n"
#define ROW_T "\t\t时效指标\t完成时间\t2023年12月底前\t2023年11月\t10\t10\t\n"
#define ROW_C "\t\t成本指标\t人均成本\t≤500元\t480元\t10\t10\t\n"
#define ROW_E "\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t30\t30\t\n"
#define ROW_S "\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t95%\t10\t10\t\n"
#define ROW_N(n, d, reason) "\t产出指标\t数量指标\t培训人数\t100 人\t" n "\t20\t" d "\t" reason "\n"

static int count(const struct parts *p, enum jx_check c, struct seen *s)
{
	struct jx_form *f = run_parts(p, s);
	jx_form_free(f);
	return s->count[c];
}

int main(void)
{
	struct seen s;
	struct parts std = {0};

	/* the standard form trips nothing but all-full-marks */
	jx_form_free(run_parts(&std, &s));
	for (int i = 0; i < JX_CHECK__COUNT; i++)
		if (i != JX_CHECK_ALL_FULL_MARKS && s.count[i]) {
			unit_report(0, jx_check_name((enum jx_check)i), __FILE__, __LINE__);
			printf("    %s\n", s.last[i]);
		}
	CHECK_INT(s.count[JX_CHECK_ALL_FULL_MARKS], 1);

	CHECK_INT(count(&(struct parts){.total = "100\t95"}, JX_CHECK_TOTAL_MISMATCH, &s), 1);
	CHECK(strstr(s.last[JX_CHECK_TOTAL_MISMATCH], "申报总分为 95，而各项申报得分之和为 100"));
	CHECK_INT(count(&(struct parts){.fiscal_row = "10\t8\t10\t—\t100%\t—"},
			JX_CHECK_FUND_SUM_MISMATCH, &s), 1);
	CHECK(strstr(s.last[JX_CHECK_FUND_SUM_MISMATCH], "全年预算数为 10 万元，而"));
	CHECK_INT(count(&(struct parts){.rows = ROW_N("100 人", "22", "") ROW_Q ROW_T ROW_C ROW_E ROW_S,
					.total = "100\t102"},
			JX_CHECK_SCORE_OVER_WEIGHT, &s), 2); /* the row and the total */
	CHECK_INT(count(&(struct parts){.rows = ROW_N("100 人", "20", "") ROW_Q ROW_T ROW_C ROW_E,
					.total = "100\t90"},
			JX_CHECK_WEIGHT_SUM, &s), 1);
	CHECK_INT(s.count[JX_CHECK_WEIGHT_SPLIT], 0); /* the split is not judged on a bad sum */
	CHECK_INT(count(&(struct parts){.rows = ROW_N("100 人", "", "") ROW_Q ROW_T ROW_C ROW_E ROW_S,
					.total = "100\t80"},
			JX_CHECK_MISSING_FIELD, &s), 1);
	CHECK_INT(count(&(struct parts){.total_row = "10\t10\t10\t10\t60%\t10"},
			JX_CHECK_RATE_MISMATCH, &s), 1);
	/* 66.75% for 23.360502 / 35 = 66.744%: within one unit of the last digit */
	CHECK_INT(count(&(struct parts){.total_row = "35\t35\t23.360502\t10\t66.75%\t7",
					.fiscal_row = "35\t35\t23.360502\t—\t66.75%\t—",
					.total = "100\t97"},
			JX_CHECK_RATE_MISMATCH, &s), 0);

	/* a missed target with full marks: three findings, then the reason silences one */
	const struct parts missed = {.rows = ROW_N("80 人", "20", "") ROW_Q ROW_T ROW_C ROW_E ROW_S};
	jx_form_free(run_parts(&missed, &s));
	CHECK_INT(s.count[JX_CHECK_SCORE_MISMATCH], 1);
	CHECK(strstr(s.last[JX_CHECK_SCORE_MISMATCH], "20 × 80 / 100 = 16"));
	CHECK_INT(s.count[JX_CHECK_MISSED_TARGET_FULL_SCORE], 1);
	CHECK_INT(s.count[JX_CHECK_MISSING_REASON], 1);
	CHECK_INT(count(&(struct parts){.rows = ROW_N("80 人", "16", "报名人数不足") ROW_Q ROW_T ROW_C
					ROW_E ROW_S, .total = "100\t96"},
			JX_CHECK_MISSING_REASON, &s), 0);
	CHECK_INT(s.count[JX_CHECK_SCORE_MISMATCH] + s.count[JX_CHECK_MISSED_TARGET_FULL_SCORE], 0);

	const char *low = "10\t10\t5\t10\t50%\t5";
	CHECK_INT(count(&(struct parts){.total_row = low, .fiscal_row = "10\t10\t5\t—\t50%\t—",
					.total = "100\t95"},
			JX_CHECK_LOW_EXECUTION_REASON, &s), 1);
	CHECK_INT(count(&(struct parts){.total_row = low, .fiscal_row = "10\t10\t5\t—\t50%\t—",
					.rows = ROW_N("100 人", "20", "") ROW_Q ROW_T
						"\t\t成本指标\t人均成本\t≤500元\t480元\t10\t10\t年底资金未拨付\n"
						ROW_E ROW_S,
					.total = "100\t95"},
			JX_CHECK_LOW_EXECUTION_REASON, &s), 0);

	CHECK_INT(count(&(struct parts){.rows = ROW_N("100 人", "20", "") ROW_Q ROW_T ROW_C
					"\t效益指标\t社会效益指标\t群众知晓度\t提高\t部分提高\t30\t30\t\n" ROW_S},
			JX_CHECK_QUALITATIVE_BAND, &s), 1);
	CHECK(strstr(s.last[JX_CHECK_QUALITATIVE_BAND], "申报得分 30 不在"));

	/* 资金成本 that is not what was executed; its target is the budget */
	const char *cost = ROW_N("100 人", "20", "") ROW_Q ROW_T
		"\t\t成本指标\t资金成本\t10万元\t10万元\t10\t10\t\n" ROW_E ROW_S;
	jx_form_free(run_parts(&(struct parts){.total_row = "10\t10\t8\t10\t80%\t8",
					       .fiscal_row = "10\t10\t8\t—\t80%\t—",
					       .rows = cost, .total = "100\t98"}, &s));
	CHECK_INT(s.count[JX_CHECK_COST_VS_EXECUTED], 1);
	CHECK_INT(s.count[JX_CHECK_COST_IS_BUDGET], 1);
	jx_form_free(run_parts(&(struct parts){.rows = cost}, &s));
	CHECK_INT(s.count[JX_CHECK_COST_VS_EXECUTED], 0); /* executed 10 = actual 10 */

	CHECK_INT(count(&(struct parts){.rows = ROW_N("150 人", "20", "") ROW_Q ROW_T ROW_C ROW_E ROW_S},
			JX_CHECK_OVERACHIEVED, &s), 1);
	CHECK_INT(count(&(struct parts){.rows = ROW_N("110 人", "20", "") ROW_Q ROW_T ROW_C ROW_E ROW_S},
			JX_CHECK_OVERACHIEVED, &s), 0);
	CHECK_INT(count(&(struct parts){.rows = ROW_N("150 人", "20", "报名踊跃，增开两期") ROW_Q ROW_T
					ROW_C ROW_E ROW_S},
			JX_CHECK_OVERACHIEVED, &s), 0); /* a reason given */
	/* 执行率 as a fraction reads as the percentage it means */
	CHECK_INT(count(&(struct parts){.total_row = "10\t10\t5\t10\t0.5\t5",
					.fiscal_row = "10\t10\t5\t—\t0.5\t—", .total = "100\t95"},
			JX_CHECK_RATE_MISMATCH, &s), 0);
	CHECK_INT(count(&(struct parts){.total_row = "10\t10\t5\t10\t0.6\t5",
					.fiscal_row = "10\t10\t5\t—\t0.5\t—", .total = "100\t95"},
			JX_CHECK_RATE_MISMATCH, &s), 1);
	CHECK(strstr(s.last[JX_CHECK_RATE_MISMATCH], "申报执行率 60%"));
	/* a third number on the 总分 row is not silently dropped */
	CHECK_INT(count(&(struct parts){.total = "100\t100\t5"}, JX_CHECK_UNPARSED, &s), 1);
	CHECK_INT(count(&(struct parts){.goal = "培训学员\t培训学员"}, JX_CHECK_GOAL_COPIED, &s), 1);
	/* a goal that mentions the form's title does not start a new form */
	CHECK_INT(count(&(struct parts){.goal = "按时完成项目支出绩效自评表填报\t按时完成项目支出绩效自评表填报"},
			JX_CHECK_GOAL_COPIED, &s), 1);
	CHECK_INT(s.count[JX_CHECK_UNPARSED], 0);
	CHECK_INT(count(&(struct parts){.rows = "\t产出指标\t数量指标\t培训人数\t提高\t提高\t20\t20\t\n"
					"\t\t质量指标\t合格率\t正常\t正常\t10\t10\t\n"
					"\t\t时效指标\t完成时间\t及时\t及时\t10\t10\t\n" ROW_C ROW_E ROW_S},
			JX_CHECK_QUALITATIVE_SHARE, &s), 1);
	CHECK_INT(count(&(struct parts){.rows = "\t产出指标\t数量指标\t培训人数\t100 人\t100 人\t30\t30\t\n"
					ROW_Q ROW_T ROW_C
					"\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t20\t20\t\n" ROW_S},
			JX_CHECK_WEIGHT_SPLIT, &s), 1);
	CHECK_INT(count(&(struct parts){.rows = ROW_N("100 人", "20", "") ROW_Q ROW_T ROW_C
					"\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t40\t40\t\n"},
			JX_CHECK_WEIGHT_SPLIT, &s), 0); /* 效益 40 without 满意度 */
	CHECK_INT(count(&(struct parts){.rows = ROW_N("100 人", "20", "") "\t\t这一行\t多了\t一\t些\t格\t子\t出\t来\n"
					ROW_Q ROW_T ROW_C ROW_E ROW_S},
			JX_CHECK_UNPARSED, &s), 3); /* a cell past the columns, 分值 and 得分 not numbers */
	CHECK(strstr(s.last[JX_CHECK_UNPARSED], "第 8 格「子」应为得分"));

	/* across forms of one unit and year */
	static char a[8192], b[8192], c[8192], all[30000];
	const char *n7 = "\t产出指标\t数量指标\t辖区社区数量\t7 个\t7 个\t20\t20\t\n" ROW_Q ROW_T ROW_C ROW_E ROW_S;
	const char *n15 = "\t产出指标\t数量指标\t辖区社区数量\t15 个\t15 个\t20\t20\t\n" ROW_Q ROW_T ROW_C ROW_E ROW_S;
	form_text(&(struct parts){.rows = n7, .project = "甲"}, a, sizeof a);
	form_text(&(struct parts){.rows = n15, .project = "乙"}, b, sizeof b);
	form_text(&(struct parts){.rows = n7, .project = "丙"}, c, sizeof c);
	snprintf(all, sizeof all, "%s%s%s", a, b, c);
	jx_form_free(run_text(all, &s));
	CHECK_INT(s.count[JX_CHECK_CROSS_FORM], 1);
	CHECK(strstr(s.last[JX_CHECK_CROSS_FORM], "为 15个，而本单位 2023 年度其他 2 张表为 7个"));
	form_text(&(struct parts){.rows = n15, .project = "乙", .implementer = "另一单位"}, b, sizeof b);
	snprintf(all, sizeof all, "%s%s%s", a, b, c);
	jx_form_free(run_text(all, &s));
	CHECK_INT(s.count[JX_CHECK_CROSS_FORM], 0);

	/* cost scored by the execution rate on one form, by the rules on another */
	const char *by_rate = ROW_N("100 人", "20", "") ROW_Q ROW_T
		"\t\t成本指标\t资金成本\t10万元\t5万元\t10\t5\t未支付\n" ROW_E ROW_S;
	const char *by_rule = ROW_N("100 人", "20", "") ROW_Q ROW_T
		"\t\t成本指标\t资金成本\t10万元\t5万元\t10\t10\t未支付\n" ROW_E ROW_S;
	const char *half = "10\t10\t5\t10\t50%\t5", *half_f = "10\t10\t5\t—\t50%\t—";
	form_text(&(struct parts){.rows = by_rate, .total_row = half, .fiscal_row = half_f,
				  .total = "100\t90", .project = "甲"}, a, sizeof a);
	form_text(&(struct parts){.rows = by_rule, .total_row = half, .fiscal_row = half_f,
				  .total = "100\t95", .project = "乙"}, b, sizeof b);
	snprintf(all, sizeof all, "%s%s", a, b);
	jx_form_free(run_text(all, &s));
	CHECK_INT(s.count[JX_CHECK_INCONSISTENT_METHOD], 1);
	CHECK(strstr(s.last[JX_CHECK_INCONSISTENT_METHOD], "按预算执行率 1 项（甲"));
	snprintf(all, sizeof all, "%s%s", a, a);
	jx_form_free(run_text(all, &s));
	CHECK_INT(s.count[JX_CHECK_INCONSISTENT_METHOD], 0);

	/* severities: ignore drops a finding, the counts follow the override */
	struct jx_ctx *ctx = jx_ctx_new();
	CHECK(jx_ctx_count(ctx, JX_SEV_ERROR) == 0);
	jx_ctx_set_severity(ctx, JX_CHECK_TOTAL_MISMATCH, JX_SEV_IGNORE);
	enum jx_check id;
	enum jx_severity sev;
	CHECK(jx_check_from_name("cross-form", &id) && id == JX_CHECK_CROSS_FORM);
	CHECK(!jx_check_from_name("cross_form", &id));
	CHECK(jx_severity_from_name("info", &sev) && sev == JX_SEV_INFO);
	CHECK(jx_check_default_severity(JX_CHECK_UNPARSED) == JX_SEV_ERROR);
	CHECK(jx_check_default_severity(JX_CHECK_GOAL_COPIED) == JX_SEV_INFO);
	for (int i = 0; i < JX_CHECK__COUNT; i++)
		CHECK(*jx_check_summary((enum jx_check)i));
	jx_ctx_free(ctx);
	return unit_done("test_audit");
}
