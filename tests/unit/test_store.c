/*
 * test_store.c: the store's contract at the library level, on a database in
 * memory: an import is all or nothing, a form is replaced (and kept in the
 * history) by its identity, misuse is refused, and the summary adds up
 * exactly.  The command-level tests (tests/store/check.sh) cover files,
 * kills and the year-over-year audit.
 */
#include "forms.h"
#include "unit.h"

#include <stdlib.h>

static struct jx_form *form(const char *project, const char *total_row, const char *fiscal_row)
{
	struct seen s;
	return run_parts(&(struct parts){.project = project, .total_row = total_row,
					 .fiscal_row = fiscal_row},
			 &s);
}

struct count {
	unsigned long n;
	int64_t budget;
	const char *last_grade;
};

static int count_form(const struct jx_store_form *r, void *ud)
{
	struct count *c = ud;
	c->n++;
	c->budget += r->s.budget_fen;
	return 0;
}

static int first_group(const struct jx_summary_group *g, void *ud)
{
	*(struct jx_summary_group *)ud = *g;
	return 1; /* the whole only */
}

static int first_id(const struct jx_store_form *r, void *ud)
{
	*(long long *)ud = r->id;
	return 1;
}

struct versions {
	long long id;
	unsigned long n;
	long long first_history_id, second_history_id;
	int json_has_project;
};

static int count_version(const struct jx_store_version *v, void *ud)
{
	struct versions *c = ud;
	if (c->n == 0)
		c->first_history_id = v->history_id;
	else if (c->n == 1)
		c->second_history_id = v->history_id;
	c->json_has_project += strstr(v->json, "\"project\":\"甲项目\"") != NULL;
	c->n++;
	return 0;
}

int main(void)
{
	struct jx_store *st = NULL;
	char err[256];
	CHECK(jx_store_open(":memory:", JX_STORE_CREATE, &st, err, sizeof err) == JX_OK);
	/* a scheme jixiao has no backend for: refused by name, nothing opened */
	CHECK(jx_store_open("mysql://x", JX_STORE_READ, &(struct jx_store *){NULL}, err, sizeof err) == JX_ERR_ARG);
	CHECK(strstr(err, "mysql") != NULL && strstr(err, "postgresql://") != NULL);

	struct jx_form *a = form("甲项目", "10\t10\t8\t10\t80%\t8", "10\t10\t8\t—\t80%\t—");
	struct jx_form *b = form("乙项目", "30\t30\t30\t10\t100%\t10", "30\t30\t30\t—\t100%\t—");
	enum jx_put_result put = JX_PUT_REPLACED;

	/* misuse: nothing outside an import */
	CHECK(jx_store_put_form(st, a, &put) == JX_ERR_ARG);
	CHECK(jx_store_commit(st) == JX_ERR_ARG);

	/* a rolled-back import leaves nothing */
	CHECK(jx_store_begin(st, "t.txt", NULL) == JX_OK);
	CHECK(jx_store_begin(st, "t.txt", NULL) == JX_ERR_ARG); /* one at a time */
	CHECK(jx_store_put_form(st, a, &put) == JX_OK && put == JX_PUT_ADDED);
	jx_store_rollback(st);
	struct count c = {0};
	CHECK(jx_store_list(st, NULL, count_form, &c) == JX_OK && c.n == 0);

	/* committed: both; again: both replaced, two history rows */
	for (int round = 0; round < 2; round++) {
		CHECK(jx_store_begin(st, "t.txt", NULL) == JX_OK);
		enum jx_put_result want = round ? JX_PUT_REPLACED : JX_PUT_ADDED;
		CHECK(jx_store_put_form(st, a, &put) == JX_OK && put == want);
		CHECK(jx_store_put_form(st, b, &put) == JX_OK && put == want);
		/* the same form twice in one import: refused, said where */
		CHECK(jx_store_put_form(st, a, &put) == JX_OK && put == JX_PUT_DUPLICATE);
		CHECK(strstr(jx_store_error(st), "是同一张表") != NULL);
		struct jx_diag d = {.check = JX_CHECK_ALL_FULL_MARKS, .severity = JX_SEV_INFO,
				    .file = "t.txt", .line = 14, .project = "甲项目", .message = "m"};
		CHECK(jx_store_put_finding(st, &d) == JX_OK);
		CHECK(jx_store_commit(st) == JX_OK);
	}
	unsigned long history = 0;
	CHECK(jx_store_history_count(st, &history) == JX_OK && history == 2);
	c = (struct count){0};
	CHECK(jx_store_list(st, NULL, count_form, &c) == JX_OK && c.n == 2);
	CHECK_INT(c.budget, 40000000); /* 10 + 30 万元 in fen */
	c = (struct count){0};
	struct count none = {0};
	CHECK(jx_store_list(st, &(struct jx_store_query){.project = "甲"}, count_form, &none) == JX_OK &&
	      none.n == 0); /* names match exactly unless contains (issue 17, item 9) */
	CHECK(jx_store_list(st, &(struct jx_store_query){.project = "甲", .contains = true}, count_form, &c) == JX_OK &&
	      c.n == 1);

	/* the whole: Σ executed / Σ budget = 38 / 40, not the mean of 80% and 100% */
	struct jx_summary_group g = {0};
	CHECK(jx_store_summary(st, 0, JX_BY_NONE, first_group, &g) == JX_OK);
	CHECK_INT(g.forms, 2);
	CHECK_INT(g.budget_fen, 40000000);
	CHECK_INT(g.executed_fen, 38000000);
	CHECK_INT(g.below_90, 1);
	CHECK_INT(g.findings[JX_SEV_INFO], 1); /* the second import's finding, attached to 甲 */
	struct jx_buf r;
	jx_buf_init(&r, 64);
	jx_render_ratio(&r, g.executed_fen, g.budget_fen, 4);
	CHECK_STR(r.p, "0.95");
	jx_buf_release(&r);

	int years[8];
	size_t ny = 8;
	CHECK(jx_store_years(st, years, &ny) == JX_OK && ny == 1 && years[0] == 2023);

	/* versions of 甲: the current one first, then the one it replaced;
	 * its id is the current form's; another id names nothing */
	struct versions v = {0};
	CHECK(jx_store_list(st, &(struct jx_store_query){.project = "甲项目"}, first_id, &v.id) == JX_OK);
	CHECK(jx_store_versions(st, v.id, count_version, &v) == JX_OK);
	CHECK_INT(v.n, 2);
	CHECK_INT(v.first_history_id, 0);
	CHECK(v.second_history_id > 0);
	CHECK(v.json_has_project == 2);
	CHECK(jx_store_versions(st, 99999, count_version, &v) == JX_ERR_STORE);
	CHECK(strstr(jx_store_error(st), "99999") != NULL);

	jx_form_free(a);
	jx_form_free(b);
	jx_store_close(st);

	/* year over year: a form that repeats an indicator name is matched row
	 * for row (k-th to k-th), so an unchanged form gives no finding and one
	 * lowered target gives exactly one */
	CHECK(jx_store_open(":memory:", JX_STORE_CREATE, &st, err, sizeof err) == JX_OK);
	const char *rows = "\t产出指标\t数量指标\t培训人数\t≥%d人\t%d人\t30\t30\t\n"
			   "\t\t数量指标\t培训人数\t≥100人\t100人\t30\t30\t\n"
			   "\t效益指标\t社会效益指标\t群众知晓度\t提高\t提高\t20\t20\t\n"
			   "\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%%\t95%%\t10\t10\t\n";
	for (int pass = 0; pass < 2; pass++) {
		int t22 = pass ? 60 : 50;
		for (int year = 2022; year <= 2023; year++) {
			char r1[1024], text[16384];
			snprintf(r1, sizeof r1, rows, year == 2022 ? t22 : 50, year == 2022 ? t22 : 50);
			form_text(&(struct parts){.project = "培训项目", .rows = r1}, text, sizeof text);
			char *y = strstr(text, "2023");
			if (year == 2022 && y)
				y[3] = '2';
			struct seen s;
			struct jx_form *f = run_text(text, &s);
			CHECK(f && f->year == year);
			CHECK(jx_store_begin(st, "t.txt", NULL) == JX_OK);
			CHECK(f && jx_store_put_form(st, f, &put) == JX_OK);
			CHECK(jx_store_commit(st) == JX_OK);
			jx_form_free(f);
		}
		struct seen s = {0};
		struct jx_ctx *ctx = jx_ctx_new();
		jx_ctx_set_diag(ctx, seen_diag, &s);
		unsigned long matched = 0;
		CHECK(jx_store_compare(st, ctx, NULL, 2022, 2023, &matched) == JX_OK && matched == 1);
		CHECK_INT(s.count[JX_CHECK_YOY_TARGET_LOWERED], pass);
		CHECK_INT(s.count[JX_CHECK_YOY_WEIGHT_MOVED], 0);
		if (pass)
			CHECK(strstr(s.last[JX_CHECK_YOY_TARGET_LOWERED], "由 2022 年的「≥60人」降低为 2023 年的「≥50人」") != NULL);
		jx_ctx_free(ctx);
	}
	jx_store_close(st);

	/* a database that is not one */
	CHECK(jx_store_open("/nonexistent-dir/x.db", JX_STORE_CREATE, &st, err, sizeof err) == JX_ERR_STORE && !st);
	CHECK(*err != '\0');
	return unit_done("test_store");
}
