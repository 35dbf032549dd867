/*
 * fuzz_profile.c: libFuzzer entry for the profile reader, and for scoring
 * and auditing with whatever profile it accepts (extreme but valid values:
 * full_at 0.01%, caps at 0, 16 bands, penalties of 100 points…).
 * `make fuzz FUZZ_TARGET=profile FUZZ_SECONDS=N` runs it; seeds are the
 * shipped profiles and the test profiles.  `extends` may name the shipped
 * profiles; a path is looked up relative to the working directory, as the
 * API documents, and the seeds contain none that resolve.
 */
#include "jixiao.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void ignore(const struct jx_diag *d, void *ud)
{
	(void)d;
	(void)ud;
}

/* A form with every kind of indicator, scored by each accepted profile. */
static const char form[] =
	"项目支出绩效自评表\n(2023 年度)\n项目名称\t测试\n主管部门\t局\t实施单位\t中心\n"
	"项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
	"\t年度资金总额\t10\t10\t6.5\t10\t65%\t6.5\n"
	"\t其中：当年财政拨款\t10\t10\t6.5\t—\t65%\t—\n"
	"绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
	"\t产出指标\t数量指标\t人数\t100 人\t260 人\t20\t20\t\n"
	"\t\t质量指标\t合格率\t≥95%\t60%\t10\t6\t\n"
	"\t\t时效指标\t完成时间\t2023年12月底前\t2024年2月\t10\t4\t\n"
	"\t\t成本指标\t人均成本\t500元\t980元\t10\t5\t\n"
	"\t效益指标\t社会效益指标\t知晓度\t提高\t部分提高\t30\t20\t\n"
	"\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t0%\t10\t0\t\n"
	"总分\t\t\t\t\t\t100\t61.5\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jx_profile *p = NULL;
	struct jx_profile_error err;
	struct jx_buf b;
	if (jx_profile_parse("fuzz.ini", (const char *)data, size, &p, &err) != JX_OK)
		return 0;
	jx_buf_init(&b, 1 << 24);
	jx_render_profile(&b, p);
	FILE *fp = fmemopen((void *)form, sizeof form - 1, "r");
	if (fp) {
		struct jx_ctx *ctx = jx_ctx_new();
		jx_ctx_set_diag(ctx, ignore, NULL);
		jx_ctx_set_profile(ctx, p);
		struct jx_reader *r = jx_reader_new(ctx, fp, "fuzz");
		struct jx_audit *au = jx_audit_new(ctx);
		struct jx_form *f;
		while (jx_reader_next(r, &f) == JX_OK) {
			jx_form_score(f, p);
			jx_audit_form(au, f);
			jx_render_form_json(&b, f);
			jx_render_explain(&b, f);
			jx_form_free(f);
		}
		jx_audit_finish(au);
		jx_audit_free(au);
		jx_reader_free(r);
		jx_ctx_free(ctx);
		fclose(fp);
	}
	jx_buf_release(&b);
	jx_profile_free(p);
	return 0;
}
