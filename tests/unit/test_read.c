/*
 * test_read.c: the reader's vocabulary and script handling (src/read):
 * weights in labels, level names, page markers, pinyin glosses, detection
 * and conversion of traditional script, and a form read from memory in each
 * layout that loses rows.
 */
#include "jixiao.h"
#include "model.h"
#include "read.h"
#include "text.h"
#include "unit.h"

#include <stdlib.h>

static const char *strip(const char *s)
{
	static char buf[256];
	size_t n = strlen(s);
	memcpy(buf, s, n + 1);
	n = script_strip_glosses(buf, n);
	buf[n] = '\0';
	return buf;
}

static int nforms;
static char last_msg[4][512];
static int nmsg;

static void keep(const struct jx_diag *d, void *ud)
{
	(void)ud;
	if (nmsg < 4)
		snprintf(last_msg[nmsg++], sizeof last_msg[0], "%s", d->message);
}

/* Read text in a forced layout; returns the first form's total weight ×100. */
static long read_total(const char *text, enum jx_layout layout, char *project, size_t cap)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct jx_ctx *ctx = jx_ctx_new();
	jx_ctx_set_diag(ctx, keep, NULL);
	struct jx_reader *r = jx_reader_new(ctx, fp, "t");
	jx_reader_set_layout(r, layout);
	struct jx_form *f;
	long w = -1;
	nforms = 0;
	nmsg = 0;
	while (jx_reader_next(r, &f) == JX_OK) {
		if (!nforms++) {
			struct jx_summary s;
			jx_form_score(f, NULL);
			jx_form_summary(f, &s);
			snprintf(project, cap, "%s", s.project);
			w = f->n_ind;
		}
		jx_form_free(f);
	}
	jx_reader_free(r);
	jx_ctx_free(ctx);
	fclose(fp);
	return w;
}

int main(void)
{
	int pts;
	/* weights in labels */
	CHECK_INT(label_weight("产出指标(50分)", &pts), strlen("产出指标"));
	CHECK_INT(pts, 50);
	CHECK_INT(label_weight("产出指标（50分）", &pts), strlen("产出指标"));
	CHECK_INT(pts, 50);
	CHECK_INT(label_weight("产出指标", &pts), strlen("产出指标"));
	CHECK_INT(pts, 0);
	CHECK_INT(label_weight("产出指标(分)", &pts), strlen("产出指标(分)")); /* no number */
	CHECK_INT(label_weight("(50分)", &pts), 0);
	CHECK(is_level1_name("成本指标(20分)"));
	CHECK(!is_level1_name("成本指标完成率"));
	CHECK(is_level2_name("生态环境成本指标"));
	CHECK(is_level2_name("成本指标"));
	CHECK(!is_level2_name("数量"));
	/* a CJK character in a line, as memmem finds it (has_char3) */
	CHECK(has_char3("项目支出绩效自评表", strlen("项目支出绩效自评表"), "表"));
	CHECK(has_char3("表", 3, "表"));
	CHECK(!has_char3("表", 2, "表"));          /* cut: not all of it */
	CHECK(!has_char3("项目支出绩效自评", strlen("项目支出绩效自评"), "表"));
	CHECK(has_char3("a\xa8\xa8表b", strlen("a\xa8\xa8表b"), "表")); /* its last byte seen before */
	CHECK(!has_char3("", 0, "名"));
	/* page markers vs numbers: the stream layouts tell them apart */
	CHECK(is_page_marker("-3-"));
	CHECK(is_page_marker("第5页共9页"));
	CHECK(!is_page_marker("第5页共"));
	/* pinyin glosses */
	CHECK_STR(strip("項(xiàng)目(mù)資(zī)金(jīn)"), "項目資金");
	CHECK_STR(strip("績(jì)效（xiào）"), "績效");
	CHECK_STR(strip("年度(2023)"), "年度(2023)");     /* digits: not a gloss */
	CHECK_STR(strip("全年预算数(A)"), "全年预算数(A)"); /* upper case: a label */
	CHECK_STR(strip("(xiàng)开头"), "(xiàng)开头");   /* nothing glossed before it */
	CHECK_STR(strip("里程(km)"), "里程(km)");          /* no tone mark: a unit */
	/* traditional script */
	CHECK(script_is_traditional("項目資金", strlen("項目資金")));
	CHECK(!script_is_traditional("项目资金", strlen("项目资金")));
	char *s = script_to_simplified("績效指標\t萬元", strlen("績效指標\t萬元"));
	CHECK(s && !strcmp(s, "绩效指标\t万元"));
	free(s);
	s = script_to_simplified("項\0目", 4); /* a NUL inside: made '?' */
	CHECK(s && !strcmp(s, "项?"));
	free(s);

	/* one cell per paragraph: a reason or the next name is decided by fit */
	static const char para[] =
		"项目支出绩效自评表\n\n(2023年度)\n\n项目名称\n\n测试项目\n\n"
		"项目资金（万元）\n\n年初预算数\n\n全年预算数\n\n全年执行数\n\n分值\n\n执行率\n\n得分\n\n"
		"年度资金总额\n\n1\n\n1\n\n1\n\n10\n\n100%\n\n10\n\n"
		"年度总体目标\n\n预期目标\n\n实际完成情况\n\n甲\n\n乙\n\n"
		"绩效指标\n\n一级指标\n\n二级指标\n\n三级指标\n\n年度指标值\n\n实际完成值\n\n分值\n\n得分\n\n偏差原因分析及改进措施\n\n"
		"产出指标\n\n数量指标\n\n次数\n\n10次\n\n8次\n\n50\n\n40\n\n因天气原因推迟两次\n\n"
		"质量指标\n\n合格率\n\n100%\n\n100%\n\n40\n\n40\n\n总分\n\n100\n\n90\n";
	char project[64];
	CHECK_INT(read_total(para, JX_LAYOUT_PARAGRAPH, project, sizeof project), 2);
	CHECK_STR(project, "测试项目");
	CHECK_INT(nforms, 1);
	/* the same with the reason left out: still two indicators */
	static const char noreason[] =
		"项目支出绩效自评表\n\n项目名称\n\n测试项目\n\n"
		"绩效指标\n\n一级指标\n\n二级指标\n\n三级指标\n\n年度指标值\n\n实际完成值\n\n分值\n\n得分\n\n偏差原因分析及改进措施\n\n"
		"产出指标\n\n数量指标\n\n次数\n\n10次\n\n10次\n\n50\n\n50\n\n"
		"质量指标\n\n合格率\n\n100%\n\n100%\n\n40\n\n40\n\n总分\n\n100\n\n90\n";
	CHECK_INT(read_total(noreason, JX_LAYOUT_PARAGRAPH, project, sizeof project), 2);
	/* a row that fits nowhere is reported, not placed */
	static const char bad[] =
		"项目支出绩效自评表\n\n项目名称\n\n测试项目\n\n"
		"绩效指标\n\n一级指标\n\n二级指标\n\n三级指标\n\n年度指标值\n\n实际完成值\n\n分值\n\n得分\n\n"
		"产出指标\n\n数量指标\n\n次数\n\n10次\n\n多\n\n少\n\n总分\n\n100\n\n90\n";
	CHECK_INT(read_total(bad, JX_LAYOUT_PARAGRAPH, project, sizeof project), 0);
	int reported = 0;
	for (int i = 0; i < nmsg; i++)
		reported |= strstr(last_msg[i], "无法按绩效指标表的列对齐") != NULL;
	CHECK(reported);
	/* layout names */
	enum jx_layout l;
	CHECK(jx_layout_from_name("markdown", &l) && l == JX_LAYOUT_MARKDOWN);
	CHECK(!jx_layout_from_name("xlsx", &l));
	CHECK_STR(jx_layout_name(JX_LAYOUT_ONELINE), "oneline");
	CHECK(jx_layout_name(JX_LAYOUT__COUNT) == NULL);
	return unit_done("test_read");
}
