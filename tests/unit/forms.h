/*
 * forms.h: build a small form in the fixture's tab layout from parts, read
 * it with the real reader, and collect the findings it produces.
 */
#ifndef JX_TEST_FORMS_H
#define JX_TEST_FORMS_H

#include "jixiao.h"
#include "model.h"
#include "score.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seen {
	int count[JX_CHECK__COUNT];
	char last[JX_CHECK__COUNT][512];
	unsigned long line[JX_CHECK__COUNT];
};

static void seen_diag(const struct jx_diag *d, void *ud)
{
	struct seen *s = ud;
	s->count[d->check]++;
	snprintf(s->last[d->check], sizeof s->last[d->check], "%s", d->message);
	s->line[d->check] = d->line;
}

/* Default parts of the test form; a NULL part keeps the default. */
struct parts {
	const char *total_row;  /* cells after 年度资金总额: 年初 全年 执行 分值 执行率 得分 */
	const char *fiscal_row; /* cells after 其中：当年财政拨款 */
	const char *goal;       /* expected \t actual */
	const char *rows;       /* indicator rows, each ending in \n */
	const char *total;      /* 分值 \t 得分 of 总分 */
	const char *implementer;
	const char *project;
};

#define STD_ROWS                                                                  \
	"\t产出指标\t数量指标\t培训人数\t100 人\t100 人\t20\t20\t\n"             \
	"\t\t质量指标\t合格率\t≥95%\t96%\t10\t10\t\n"                           \
	"\t\t时效指标\t完成时间\t2023年12月底前\t2023年11月\t10\t10\t\n"        \
	"\t\t成本指标\t人均成本\t≤500元\t480元\t10\t10\t\n"                     \
	"\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t30\t30\t\n"            \
	"\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t95%\t10\t10\t\n"

static char *form_text(const struct parts *p, char *buf, size_t n)
{
	snprintf(buf, n,
		 "项目支出绩效自评表\n"
		 "(2023 年度)\n"
		 "项目名称\t%s\n"
		 "主管部门\t测试局\t实施单位\t%s\n"
		 "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
		 "\t年度资金总额\t%s\n"
		 "\t其中：当年财政拨款\t%s\n"
		 "\t上年结转资金\t\t\t\t—\t\t—\n"
		 "\t其他资金\t\t\t\t—\t\t—\n"
		 "年度总体目标\t预期目标\t实际完成情况\n"
		 "\t%s\n"
		 "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
		 "%s"
		 "总分\t\t\t\t\t\t%s\n",
		 p->project ? p->project : "测试项目",
		 p->implementer ? p->implementer : "测试中心",
		 p->total_row ? p->total_row : "10\t10\t10\t10\t100%\t10",
		 p->fiscal_row ? p->fiscal_row : "10\t10\t10\t—\t100%\t—",
		 p->goal ? p->goal : "培训学员 100 人\t培训学员 100 人，合格率 96%",
		 p->rows ? p->rows : STD_ROWS,
		 p->total ? p->total : "100\t100");
	return buf;
}

/* The profile run_text scores by (NULL: national); it must outlive the forms. */
static const struct jx_profile *forms_profile;

/* Read, score and audit one text; returns the first form (caller frees). */
static struct jx_form *run_text(const char *text, struct seen *s)
{
	memset(s, 0, sizeof *s);
	struct jx_ctx *ctx = jx_ctx_new();
	jx_ctx_set_profile(ctx, forms_profile);
	jx_ctx_set_diag(ctx, seen_diag, s);
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct jx_reader *r = jx_reader_new(ctx, fp, "t.txt");
	struct jx_audit *au = jx_audit_new(ctx);
	struct jx_form *first = NULL, *f;
	while (jx_reader_next(r, &f) == JX_OK) {
		jx_form_score(f, forms_profile);
		jx_audit_form(au, f);
		if (!first)
			first = f;
		else
			jx_form_free(f);
	}
	jx_audit_finish(au);
	jx_audit_free(au);
	/* the traces the tests look at, built as explain builds them: none
	 * before (check builds them only for a finding that quotes one), the
	 * same numbers after */
	if (first) {
		int64_t total = first->total_c, exec = first->exec_score_c;
		CHECK(first->explained || !first->total_trace);
		/* one number explained alone says what the whole explained says */
		char *one = NULL, *etrace = NULL;
		if (!first->explained && first->n_ind) {
			score_explain_indicator(first, &first->ind[0]);
			score_explain_execution(first);
			one = first->ind[0].trace ? strdup(first->ind[0].trace) : NULL;
			etrace = first->exec_trace ? strdup(first->exec_trace) : NULL;
			CHECK(!first->explained && etrace);
		}
		score_explain(first);
		if (etrace) {
			CHECK(strcmp(etrace, first->exec_trace) == 0);
			CHECK(!one == !first->ind[0].trace && (!one || !strcmp(one, first->ind[0].trace)));
		}
		free(one);
		free(etrace);
		CHECK(first->explained && first->exec_trace && first->total_trace);
		CHECK(first->total_c == total && first->exec_score_c == exec);
	}
	jx_reader_free(r);
	fclose(fp);
	jx_ctx_free(ctx);
	return first;
}

static struct jx_form *run_parts(const struct parts *p, struct seen *s)
{
	static char buf[16384];
	return run_text(form_text(p, buf, sizeof buf), s);
}

#endif
