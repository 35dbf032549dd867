/*
 * test_score.c: the scoring engine (SPEC §4, national profile) on forms read
 * by the real reader: execution, each indicator method, bands, total, grade.
 */
#include "forms.h"
#include "profile.h"
#include "score.h"
#include "unit.h"

#include <stdlib.h>

/* Score a form whose only indicator row is `row` (weights need not add up). */
static struct jx_form *one(const char *row, struct seen *s)
{
	struct parts p = {.rows = row};
	return run_parts(&p, s);
}

static const struct indicator *ind(const struct jx_form *f)
{
	return f && f->n_ind ? &f->ind[0] : NULL;
}

int main(void)
{
	struct seen s;
	struct jx_form *f;
	const struct indicator *in;

	/* execution: 10 × min(0.22792 / 3, 1) = 0.76 */
	f = run_parts(&(struct parts){.total_row = "3\t3\t0.22792\t10\t7.599%\t1",
				      .fiscal_row = "3\t3\t0.22792\t—\t7.599%\t—"}, &s);
	CHECK_INT(f->exec_score_c, 76);
	CHECK(f->has_rate && !f->exec_weight_assumed);
	CHECK(f->explained); /* run_parts explains: the traces below exist */
	CHECK(strstr(f->exec_trace, "0.22792 / 3 = 7.5973%") != NULL);
	jx_form_free(f);
	/* over-execution is capped at the weight */
	f = run_parts(&(struct parts){.total_row = "10\t10\t12\t10\t120%\t10"}, &s);
	CHECK_INT(f->exec_score_c, 1000);
	jx_form_free(f);
	/* empty 分值: the profile's 10, said in the trace */
	f = run_parts(&(struct parts){.total_row = "1.4\t1.4\t0\t\t0%\t0"}, &s);
	CHECK(f->exec_weight_assumed && f->exec_weight_c == 1000 && f->exec_score_c == 0);
	CHECK(s.count[JX_CHECK_MISSING_FIELD] == 1);
	jx_form_free(f);
	/* a header in 元: amounts converted exactly to 万元 */
	{
		static char buf[16384];
		form_text(&(struct parts){.total_row = "30000\t30000\t2279.2\t10\t7.6%\t1",
					  .fiscal_row = "30000\t30000\t2279.2\t—\t7.6%\t—"},
			  buf, sizeof buf);
		char *h = strstr(buf, "项目资金 (万元)");
		memcpy(h, "项目资金 (   元)", strlen("项目资金 (   元)")); /* same length */
		f = run_text(buf, &s);
		CHECK_INT(f->funds[FUND_TOTAL].budget.fen, 3000000);
		CHECK_INT(f->funds[FUND_TOTAL].executed.fen, 227920);
		CHECK_INT(f->exec_score_c, 76);
		jx_form_free(f);
		/* the size bound is on 万元: 20 亿元 in a 元 table is fine */
		form_text(&(struct parts){.total_row = "2000000000\t2000000000\t1000000000\t10\t50%\t5",
					  .fiscal_row = "2000000000\t2000000000\t1000000000\t—\t50%\t—"},
			  buf, sizeof buf);
		h = strstr(buf, "项目资金 (万元)");
		memcpy(h, "项目资金 (   元)", strlen("项目资金 (   元)"));
		f = run_text(buf, &s);
		CHECK_INT(f->funds[FUND_TOTAL].budget.fen, 200000000000LL);
		CHECK_INT(s.count[JX_CHECK_UNPARSED], 0);
		jx_form_free(f);
	}
	/* budget 0: rate undefined */
	f = run_parts(&(struct parts){.total_row = "0\t0\t0\t10\t—\t0"}, &s);
	CHECK(!f->has_rate && f->exec_score_c == 0);
	jx_form_free(f);

	/* positive ratio: 10 × 98 / 100 = 9.8 */
	f = one("\t满意度指标\t服务对象满意度指标\t满意度\t100%\t98%\t10\t10\t\n", &s);
	in = ind(f);
	CHECK(in && in->method == M_RATIO && in->score_c == 980 && !in->target_met);
	CHECK(in && strstr(in->trace, "10 × 98 / 100 = 9.8") != NULL);
	jx_form_free(f);
	/* positive, met and over-achieved */
	f = one("\t产出指标\t数量指标\t咨询人次\t200 人次\t664 人 次\t10\t10\t\n", &s);
	in = ind(f);
	CHECK(in && in->score_c == 1000 && in->target_met && in->ratio_milli == 3320);
	jx_form_free(f);
	/* explicit reverse: 10 × 30 / 40 = 7.5 */
	f = one("\t产出指标\t质量指标\t投诉率\t≤30万元\t40万元\t10\t10\t\n", &s);
	in = ind(f);
	CHECK(in && in->method == M_REVERSE && in->score_c == 750);
	jx_form_free(f);
	/* reverse by being a cost indicator, unit 万 vs 万元 */
	f = one("\t产出指标\t成本指标\t资金成本\t3 万元\t0.4916 万元\t10\t2\t\n", &s);
	in = ind(f);
	CHECK(in && in->reverse && in->score_c == 1000 && in->target_met);
	jx_form_free(f);
	f = one("\t产出指标\t成本指标\t资金成本\t3万\t4 万元\t10\t10\t\n", &s);
	in = ind(f);
	CHECK(in && in->score_c == 750 && !in->target_met);
	jx_form_free(f);
	/* an explicit ≥ under 成本指标 wins over the default direction */
	f = one("\t产出指标\t成本指标\t节支率\t≥5%\t4%\t10\t10\t\n", &s);
	in = ind(f);
	CHECK(in && !in->reverse && in->score_c == 800);
	jx_form_free(f);

	/* qualitative bands */
	f = one("\t效益指标\t社会效益指标\t知晓度\t提高\t部分提高\t10\t10\t\n", &s);
	in = ind(f);
	CHECK(in && in->method == M_QUALITATIVE && in->band == BAND_PARTIAL && in->score_c == 799);
	jx_form_free(f);
	f = one("\t效益指标\t社会效益指标\t知晓度\t提高\t部分提高\t10\t7\t\n", &s);
	CHECK_INT(ind(f)->score_c, 700);
	jx_form_free(f);
	f = one("\t效益指标\t社会效益指标\t知晓度\t提高\t部分提高\t10\t5\t\n", &s);
	CHECK_INT(ind(f)->score_c, 600); /* below the partial band: its lower edge, 60% */
	jx_form_free(f);
	f = one("\t效益指标\t社会效益指标\t知晓度\t提高\t部分提高\t10\t6\t\n", &s);
	CHECK_INT(ind(f)->score_c, 600); /* 60% is inside */
	jx_form_free(f);
	f = one("\t效益指标\t社会效益指标\t知晓度\t完成\t未完成\t10\t\t\n", &s);
	in = ind(f);
	CHECK(in && in->band == BAND_NOT && in->score_c == 599);
	jx_form_free(f);
	f = one("\t效益指标\t社会效益指标\t知晓度\t提高\t提高\t15\t5\t\n", &s);
	CHECK_INT(ind(f)->score_c, 1200); /* below the achieved band: its edge, 80% of 15 */
	jx_form_free(f);
	f = one("\t效益指标\t社会效益指标\t知晓度\t提高\t有改观\t15\t15\t\n", &s);
	in = ind(f);
	CHECK(in && in->method == M_UNSCORABLE && in->band == BAND_NONE && in->score_c == 1500);
	CHECK(s.count[JX_CHECK_QUALITATIVE_BAND] == 1);
	jx_form_free(f);

	/* dates */
	f = one("\t产出指标\t时效指标\t完成时间\t2023年6月底前\t2023年8月31日\t20\t20\t\n", &s);
	in = ind(f);
	CHECK(in && in->method == M_DATE && !in->target_met && in->score_c == 1199);
	jx_form_free(f);
	f = one("\t产出指标\t时效指标\t资金使用时间\t1月1日-12月31日\t1 月 1 日-12 月 31 日\t20\t20\t\n", &s);
	in = ind(f);
	CHECK(in && in->target_met && in->score_c == 2000);
	jx_form_free(f);

	/* incomparable units keep the declared score and say so */
	f = one("\t产出指标\t成本指标\t工资成本\t15 万\t100%\t10\t7\t原因\n", &s);
	in = ind(f);
	CHECK(in && in->method == M_UNSCORABLE && in->unit_mismatch && in->score_c == 700);
	CHECK(s.count[JX_CHECK_UNIT_MISMATCH] == 1);
	jx_form_free(f);
	/* a text actual for a numeric target */
	f = one("\t产出指标\t质量指标\t完成率\t100%\t已圆满 完成\t10\t10\t\n", &s);
	in = ind(f);
	CHECK(in && in->text_for_number && in->method == M_QUALITATIVE && in->score_c == 1000);
	CHECK(s.count[JX_CHECK_TEXT_FOR_NUMBER] == 1);
	jx_form_free(f);
	/* fuzzy counts */
	f = one("\t产出指标\t数量指标\t活动次数\t至少一次\t多次\t10\t10\t\n", &s);
	in = ind(f);
	CHECK(in && in->method == M_FUZZY && in->score_c == 1000);
	jx_form_free(f);
	/* 无 rows are kept and not scored; an empty actual scores 0 */
	f = one("\t效益指标\t经济效益指标\t无\t无\t无\t无\t无\t\n"
		"\t\t社会效益指标\t知晓度\t提高\t\t10\t0\t\n", &s);
	CHECK(f->n_ind == 2 && f->ind[0].na && !f->ind[0].scored);
	CHECK(f->ind[1].method == M_MISSING && f->ind[1].score_c == 0);
	jx_form_free(f);

	/* the standard test form: total and grade */
	f = run_parts(&(struct parts){0}, &s);
	CHECK_INT(f->total_c, 10000);
	CHECK_STR(f->grade, "优");
	CHECK_INT(f->n_ind, 6);
	jx_form_free(f);
	f = run_parts(&(struct parts){.total_row = "10\t10\t5\t10\t50%\t5",
				      .fiscal_row = "10\t10\t5\t—\t50%\t—"}, &s);
	CHECK_INT(f->total_c, 9500);
	jx_form_free(f);

	const struct jx_profile *nat = profile_national();
	CHECK_STR(profile_grade(nat, 9000), "优");
	CHECK_STR(profile_grade(nat, 8999), "良");
	CHECK_STR(profile_grade(nat, 8000), "良");
	CHECK_STR(profile_grade(nat, 7999), "中");
	CHECK_STR(profile_grade(nat, 6000), "中");
	CHECK_STR(profile_grade(nat, 5999), "差");
	CHECK(profile_agrees(nat, 100, 76));   /* 1 vs 0.76 */
	CHECK(profile_agrees(nat, 1000, 980)); /* 10 vs 9.8 */
	CHECK(profile_agrees(nat, 1000, 950)); /* 10 vs 9.5: half up */
	CHECK(!profile_agrees(nat, 900, 980)); /* 9 vs 9.8 */
	CHECK(!profile_agrees(nat, 1000, 940));
	CHECK(profile_agrees(nat, 980, 980));
	return unit_done("test_score");
}
