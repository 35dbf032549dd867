/*
 * test_profile.c: scoring profiles: the shipped ones load with the numbers
 * of SPEC §4, the parser reports what is wrong at the right line, and each
 * rule moves scores exactly at its edges (the whole-fixture effects are in
 * tests/profiles/).
 */
#include "ctx.h"
#include "forms.h"
#include "profile.h"
#include "unit.h"

#include <stdlib.h>

static enum jx_severity ctx_severity(const struct jx_ctx *ctx, enum jx_check c)
{
	return ctx->severity[c];
}

/* Parse a profile text; NULL on error, with the error in *e. */
static struct jx_profile *parse(const char *text, struct jx_profile_error *e)
{
	struct jx_profile *p = NULL;
	if (jx_profile_parse("t.ini", text, strlen(text), &p, e) != JX_OK)
		return NULL;
	return p;
}

/* The error line and message of a text that must not load. */
static void check_error(const char *text, unsigned long line, const char *msg, int at)
{
	struct jx_profile_error e;
	struct jx_profile *p = parse(text, &e);
	unit_report(p == NULL, "malformed profile refused", __FILE__, at);
	unit_report(e.line == line, "error line", __FILE__, at);
	unit_report(strstr(e.message, msg) != NULL, "error message", __FILE__, at);
	if (p || e.line != line || !strstr(e.message, msg))
		printf("    got %s:%lu: %s\n    want line %lu: …%s…\n", e.file, e.line, e.message,
		       line, msg);
	jx_profile_free(p);
}
#define ERR(text, line, msg) check_error(text, line, msg, __LINE__)

static void test_shipped(void)
{
	const struct jx_profile *n = profile_national();
	CHECK_STR(n->name, "national");
	CHECK_INT(n->w_execution, 1000);
	CHECK_INT(n->w_output + n->w_cost, 5000);
	CHECK_INT(n->w_effect, 3000);
	CHECK_INT(n->w_satisfaction, 1000);
	CHECK(n->no_satisfaction == FOLD_EFFECT);
	CHECK(n->exec_method == EXEC_LINEAR);
	CHECK_INT(n->full_at, 10000);
	CHECK_INT(n->low_reason_below, 9000);
	CHECK_INT(n->agree, AGREE_2DP | AGREE_INTEGER);
	CHECK(n->reverse == REVERSE_RATIO);
	CHECK_INT(n->n_reverse_names, 1);
	CHECK_STR(n->reverse_names[0], "成本");
	CHECK_INT(n->over_milli, 1200);
	CHECK_INT(n->dev_share, 0);
	CHECK_INT(n->qual_achieved, 8000);
	CHECK_INT(n->qual_partial, 6000);
	CHECK_INT(n->n_grades, 4);
	CHECK_STR(n->grades[1].name, "良");
	CHECK_INT(n->grades[1].from, 8000);
	CHECK(n->boundary_higher);
	CHECK_INT(n->n_caps, 0);
	CHECK(profile_or_national(NULL) == n);
	CHECK_STR(jx_profile_name(NULL), "national");

	size_t i;
	const char *name;
	for (i = 0; (name = jx_profile_shipped(i)); i++) {
		struct jx_profile *p = NULL;
		struct jx_profile_error e;
		CHECK(jx_profile_load(name, &p, &e) == JX_OK);
		CHECK(p && strcmp(jx_profile_name(p), name) == 0);
		CHECK(p && *jx_profile_title(p));
		jx_profile_free(p);
	}
	CHECK_INT(i, 3);
	CHECK_STR(jx_profile_shipped(0), "national");

	struct jx_profile *c = NULL, *pe = NULL;
	jx_profile_load("central-2021", &c, NULL);
	jx_profile_load("provincial-example", &pe, NULL);
	CHECK(c && c->w_cost == 2000 && c->w_output == 4000 && c->w_effect == 2000 &&
	      c->w_satisfaction == 1000 && c->no_cost == FOLD_NONE);
	CHECK_STR(c->chain, "central-2021 → national");
	CHECK(pe && pe->n_caps == 4 && pe->caps[0].from == 8000 && pe->caps[0].value == 8900 &&
	      pe->caps[3].from == 5000 && pe->caps[3].value == 5900);
	CHECK(pe && pe->dev_share == 3000 && pe->dev_penalty == 200 && pe->over_milli == 1300);
	CHECK(pe && pe->sev_set[JX_CHECK_OVERACHIEVED] && pe->sev[JX_CHECK_OVERACHIEVED] == JX_SEV_WARNING);
	/* provenance: inherited values name the profile that set them */
	CHECK_STR(pe->src[PK_QUAL_ACHIEVED].profile, "national");
	CHECK_STR(pe->src[PK_CAPS_TOTAL].profile, "provincial-example");
	CHECK(pe->src[PK_CAPS_TOTAL].line > 0);
	jx_profile_free(c);
	jx_profile_free(pe);
	jx_profile_free(NULL);
}

static void test_syntax(void)
{
	struct jx_profile_error e;
	/* BOM, CRLF, comments (line, after a space), full-width list marks */
	struct jx_profile *p = parse("\xEF\xBB\xBF# a comment\r\n"
				     "extends = national\r\n"
				     "name = t   # inline\r\n"
				     "; also a comment\r\n"
				     "[grades]\r\n"
				     "bands = 甲：95，乙、丙:0\r\n", &e);
	CHECK(p == NULL); /* 乙 without a minimum */
	CHECK_INT(e.line, 6);
	p = parse("extends = national\nname = t   # inline\n[grades]\r\nbands = 甲：95，乙:70、丙:0\r\n"
		  "[agreement]\ndeclared = 1dp,floor\n", &e);
	CHECK(p != NULL);
	if (p) {
		CHECK_STR(p->name, "t");
		CHECK_INT(p->n_grades, 3);
		CHECK_STR(p->grades[2].name, "丙");
		CHECK_INT(p->grades[1].from, 7000);
		CHECK_INT(p->agree, AGREE_1DP | AGREE_FLOOR);
		CHECK_STR(p->chain, "t → national");
		CHECK_STR(profile_grade(p, 9500), "甲");
		CHECK_STR(profile_grade(p, 9499), "乙");
		CHECK_STR(profile_grade(p, 6999), "丙");
		/* 1dp: 9.8 for 9.76; floor: 9 for 9.76; neither 10 */
		CHECK(profile_agrees(p, 980, 976));
		CHECK(profile_agrees(p, 900, 976));
		CHECK(!profile_agrees(p, 1000, 976));
		CHECK(profile_agrees(p, 976, 976));
	}
	jx_profile_free(p);

	/* what a clerk types: full-width ＝, digits and spaces */
	p = parse("extends = national\nname　＝　t\n[execution]\nfull_at＝９５\n", &e);
	CHECK(p && p->full_at == 9500 && strcmp(p->name, "t") == 0);
	jx_profile_free(p);
	ERR("extends = national\n[grades]\nbands = 优:90, 良:八十, 差:0\n", 3, "第 2 项「良:八十」");
	ERR("extends = national\n[weights]\nexecution = 10\nexecution = 10\n", 4, "已经设置过");
	ERR("extends = national\n\n[indicators]\nreverse = ratio\noverachievement = x\n", 5,
	    "不是有效的非负数");
	ERR("extends = national\n[indicators]\noverachievement = 0.9\n", 3, "超出允许范围");
	ERR("extends = national\n[indicators]\noverachievement = 1.2345\n", 3, "最多三位小数");
	ERR("extends = national\n[weights]\noutput = 40\n", 3, "合计为 90");
	ERR("extends = national\n[qualitative]\npartial = 80\n", 3, "须小于 achieved");
	ERR("extends = national\n[execution]\nmethod = bands\nbands = 60:60, 90:100\n", 4,
	    "从高到低");
	ERR("extends = national\n[execution]\nmethod = bands\nbands = 90:60, 60:100\n", 4,
	    "得分比例不能更高");
	ERR("extends = national\n[caps]\ntotal = 0:59\n", 3, "须大于 0");
	ERR("extends = national\n[grades]\nbands = 优:90, 优:0\n", 3, "出现两次");
	ERR("extends = national\n[agreement]\ndeclared =\n", 3, "中的一个或几个");
	ERR("extends = national\n[agreement]\ndeclared = 2dp,,integer\n", 3, "中的一个或几个");
	ERR("extends = national\n[indicators]\nreverse_names = 成本,,费用\n", 3, "空项");
	ERR("extends = national\n[weights]\n= 10\n", 3, "缺少键名");
	ERR("extends = \n", 1, "extends 需要");
	ERR("extends = national\n[grades]\nbands = 优 90\n", 3, "等级:最低分");
	CHECK(jx_profile_parse("t.ini", "x\0y", 3, &p, &e) == JX_ERR_PROFILE && p == NULL);
	CHECK(e.line == 0 && strstr(e.message, "NUL") != NULL);
	/* a name can be at most 64 bytes; a title anything */
	ERR("extends = national\nname = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 2,
	    "名称须为");
	CHECK(jx_profile_parse(NULL, "", 0, &p, &e) == JX_ERR_ARG);
	CHECK(jx_profile_load(NULL, &p, &e) == JX_ERR_ARG);
	CHECK(jx_profile_load("/nonexistent/x.ini", &p, &e) == JX_ERR_PROFILE && p == NULL);
	CHECK(strstr(e.message, "national、central-2021、provincial-example") != NULL);
}

/* Score the standard test form with some parts under a profile text. */
static struct jx_form *score_with(const char *profile, const struct parts *parts,
				  struct seen *s, struct jx_profile **keep)
{
	struct jx_profile_error e;
	*keep = parse(profile, &e);
	if (!*keep) {
		printf("    profile: %lu: %s\n", e.line, e.message);
		return NULL;
	}
	forms_profile = *keep;
	struct jx_form *f = run_parts(parts, s);
	forms_profile = NULL;
	return f;
}

static void test_edges(void)
{
	struct seen s;
	struct jx_profile *p;
	struct jx_form *f;

	/* caps: "below 80%" — exactly 80% is not capped, 79.99% is */
	const char *caps = "extends = national\n[caps]\ntotal = 80:89\n";
	f = score_with(caps, &(struct parts){.total_row = "100\t100\t80\t10\t80%\t8",
					       .fiscal_row = "100\t100\t80\t—\t80%\t—",
					       .total = "100\t98"}, &s, &p);
	CHECK(f && !f->capped && f->total_c == 9800);
	jx_form_free(f);
	jx_profile_free(p);
	f = score_with(caps, &(struct parts){.total_row = "100\t100\t79.99\t10\t79.99%\t8",
					       .fiscal_row = "100\t100\t79.99\t—\t79.99%\t—",
					       .total = "100\t98"}, &s, &p);
	CHECK(f && f->capped && f->sum_c == 9800 && f->total_c == 8900);
	CHECK(f && strcmp(f->grade, "良") == 0);
	CHECK_INT(s.count[JX_CHECK_SCORE_MISMATCH], 1); /* declared 98 above the cap */
	CHECK(strstr(s.last[JX_CHECK_SCORE_MISMATCH], "执行率 79.99% 低于 80%，按 t 的规则总分至多 89 分") != NULL);
	jx_form_free(f);
	jx_profile_free(p);

	/* deviation: 30% is "30% or more"; 29% is not */
	const char *dev = "extends = national\n[indicators]\ndeviation_share = 30\ndeviation_penalty = 2\n";
	const char *rows30 = "\t产出指标\t数量指标\t培训人数\t100 人\t130 人\t60\t60\t超额\n"
			     "\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t20\t20\t\n"
			     "\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t95%\t10\t10\t\n";
	f = score_with(dev, &(struct parts){.rows = rows30}, &s, &p);
	CHECK(f && f->ind[0].deviated && f->ind[0].score_c == 5800);
	CHECK(f && !f->ind[2].deviated && f->ind[2].score_c == 1000); /* 95 vs 90: 5.6% */
	jx_form_free(f);
	jx_profile_free(p);
	const char *rows29 = "\t产出指标\t数量指标\t培训人数\t100 人\t129 人\t60\t60\t\n"
			     "\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t20\t20\t\n"
			     "\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t95%\t10\t10\t\n";
	f = score_with(dev, &(struct parts){.rows = rows29}, &s, &p);
	CHECK(f && !f->ind[0].deviated && f->ind[0].score_c == 6000);
	jx_form_free(f);
	jx_profile_free(p);
	/* the penalty never takes a score below 0 */
	const char *rows0 = "\t产出指标\t数量指标\t培训人数\t100 人\t1 人\t60\t1\t未开展\n"
			    "\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t30\t30\t\n";
	f = score_with(dev, &(struct parts){.rows = rows0, .total = "100\t41"}, &s, &p);
	CHECK(f && f->ind[0].deviated && f->ind[0].score_c == 0);
	jx_form_free(f);
	jx_profile_free(p);

	/* reverse linear: 0 from twice the target on */
	const char *lin = "extends = national\n[indicators]\nreverse = linear\n";
	const char *rev = "\t产出指标\t成本指标\t人均成本\t≤500元\t%s\t50\t0\t超支\n"
			  "\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t30\t30\t\n"
			  "\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%%\t95%%\t10\t10\t\n";
	char rows[1024];
	snprintf(rows, sizeof rows, rev, "1000元");
	f = score_with(lin, &(struct parts){.rows = rows}, &s, &p);
	CHECK(f && f->ind[0].method == M_REVERSE && f->ind[0].score_c == 0);
	jx_form_free(f);
	jx_profile_free(p);
	snprintf(rows, sizeof rows, rev, "999元");
	f = score_with(lin, &(struct parts){.rows = rows}, &s, &p);
	CHECK(f && f->ind[0].score_c == 10); /* 50 × (1 − 499/500) = 0.1 */
	jx_form_free(f);
	jx_profile_free(p);
	snprintf(rows, sizeof rows, rev, "600元");
	f = score_with(lin, &(struct parts){.rows = rows}, &s, &p);
	CHECK(f && f->ind[0].score_c == 4000); /* 50 × 0.8 (ratio would be 41.67) */
	CHECK(f && strstr(f->ind[0].rule, "reverse = linear") != NULL);
	jx_form_free(f);
	jx_profile_free(p);

	/* execution bands: exactly at a band's lower edge is in it */
	const char *bands = "extends = national\n[execution]\nmethod = bands\nbands = 90:100, 60:60\n";
	f = score_with(bands, &(struct parts){.total_row = "10\t10\t9\t10\t90%\t10",
						.fiscal_row = "10\t10\t9\t—\t90%\t—"}, &s, &p);
	CHECK(f && f->exec_score_c == 1000);
	jx_form_free(f);
	jx_profile_free(p);
	f = score_with(bands, &(struct parts){.total_row = "10\t10\t5.99\t10\t59.9%\t0",
						.fiscal_row = "10\t10\t5.99\t—\t59.9%\t—"}, &s, &p);
	CHECK(f && f->exec_score_c == 0); /* below the last band */
	jx_form_free(f);
	jx_profile_free(p);

	/* reverse_names: 费用 makes an operator-less 费用 indicator reverse */
	const char *names = "extends = national\n[indicators]\nreverse_names = 费用\n";
	const char *fee = "\t产出指标\t费用指标\t培训费用\t500元\t600元\t60\t50\t\n"
			  "\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t30\t30\t\n";
	f = score_with(names, &(struct parts){.rows = fee, .total = "100\t90"}, &s, &p);
	CHECK(f && f->ind[0].method == M_REVERSE && f->ind[0].score_c == 5000);
	jx_form_free(f);
	jx_profile_free(p);

	/* the profile's severities reach the context; --check (set later) wins */
	const char *sev = "extends = national\n[severity]\nall-full-marks = error\n";
	f = score_with(sev, &(struct parts){0}, &s, &p);
	CHECK_INT(s.count[JX_CHECK_ALL_FULL_MARKS], 1);
	struct jx_ctx *ctx = jx_ctx_new();
	jx_ctx_set_profile(ctx, p);
	CHECK(ctx_severity(ctx, JX_CHECK_ALL_FULL_MARKS) == JX_SEV_ERROR);
	jx_ctx_set_severity(ctx, JX_CHECK_ALL_FULL_MARKS, JX_SEV_IGNORE);
	CHECK(ctx_severity(ctx, JX_CHECK_ALL_FULL_MARKS) == JX_SEV_IGNORE);
	jx_ctx_set_profile(ctx, NULL); /* back to the catalogue's defaults */
	CHECK(ctx_severity(ctx, JX_CHECK_ALL_FULL_MARKS) == JX_SEV_INFO);
	jx_ctx_free(ctx);
	jx_form_free(f);
	jx_profile_free(p);
}

/* What the code review found, kept fixed. */
static void test_review(void)
{
	struct seen s;
	struct jx_profile *p;
	struct jx_form *f;
	struct jx_profile_error e;

	/* one grade only: the legend is its name */
	p = parse("extends = national\n[grades]\nbands = 合格:0\n", &e);
	CHECK(p && strcmp(profile_grade_legend(p->arena, p), "合格") == 0);
	jx_profile_free(p);

	/* over-achievement compares exactly: 1.1995 is not 1.2 (B/A rounded to
	 * milli would say it is) */
	const char *over = "\t产出指标\t数量指标\t培训人数\t2000 人\t%s 人\t60\t60\t\n"
			   "\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t20\t20\t\n"
			   "\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%%\t95%%\t10\t10\t\n";
	char rows[1024];
	snprintf(rows, sizeof rows, over, "2399");
	f = run_parts(&(struct parts){.rows = rows}, &s);
	CHECK(f && !f->ind[0].overachieved);
	CHECK_INT(s.count[JX_CHECK_OVERACHIEVED], 0);
	jx_form_free(f);
	snprintf(rows, sizeof rows, over, "2400");
	f = run_parts(&(struct parts){.rows = rows}, &s);
	CHECK(f && f->ind[0].overachieved);
	CHECK_INT(s.count[JX_CHECK_OVERACHIEVED], 1);
	CHECK(strstr(s.last[JX_CHECK_OVERACHIEVED], "1.2 倍（≥ 1.2）") != NULL);
	jx_form_free(f);

	/* the execution weight a form leaves empty is the profile's */
	f = score_with("extends = national\n[weights]\nexecution = 20\noutput = 40\n",
		       &(struct parts){.total_row = "10\t10\t10\t\t100%\t10"}, &s, &p);
	CHECK(f && f->exec_weight_c == 2000 && f->exec_score_c == 2000);
	CHECK(strstr(s.last[JX_CHECK_MISSING_FIELD], "默认 20 分") != NULL);
	jx_form_free(f);
	jx_profile_free(p);

	/* control characters, CR-only line ends */
	ERR("extends = national\n[grades]\nbands = A\x1b[31m:90, B:0\n", 3, "控制字符");
	ERR("extends = national\r[execution]\rfull_at = 95\rbad = 1\r", 4, "没有键「bad」");
	ERR("extends = national\n[grades]\nbands = A #1:90, B:0\n", 3, "第 1 项");

	/* a form audited without being scored is skipped (nothing to compare), not a crash */
	struct jx_ctx *ctx = jx_ctx_new();
	const char *text = form_text(&(struct parts){0}, (char[16384]){0}, 16384);
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct jx_reader *r = jx_reader_new(ctx, fp, "t.txt");
	struct jx_audit *au = jx_audit_new(ctx);
	if (jx_reader_next(r, &f) == JX_OK) {
		jx_audit_form(au, f);
		jx_form_free(f);
	}
	jx_audit_finish(au);
	CHECK(jx_ctx_count(ctx, JX_SEV_ERROR) + jx_ctx_count(ctx, JX_SEV_WARNING) == 0);
	jx_audit_free(au);
	jx_reader_free(r);
	fclose(fp);
	jx_ctx_free(ctx);
}

int main(void)
{
	test_shipped();
	test_syntax();
	test_edges();
	test_review();
	return unit_done("test_profile");
}
