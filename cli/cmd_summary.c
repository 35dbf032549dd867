/*
 * cmd_summary.c: `jixiao summary` — the stored forms added up, as a whole
 * and by unit, year, first-level indicator or grade: budget and executed
 * with the overall rate (Σ executed / Σ budget, never a mean of rates),
 * forms below 90%, declared vs rescored totals, grades, findings, and the
 * forms with the most findings.  Text, JSON or CSV.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

enum format { F_TEXT, F_JSON, F_CSV };

struct sum {
	enum format fmt;
	enum jx_summary_by by;
	struct jx_buf b;
	unsigned long ngroups;
	bool whole_done;
};

/* Copies of what the "most findings" list prints. */
struct worst {
	char *project, *unit, *file;
	int year;
	unsigned long line, f[JX_SEV_ERROR + 1];
};

struct worst_list {
	struct worst *v;
	size_t n, cap;
};

static const char *by_name(enum jx_summary_by by)
{
	switch (by) {
	case JX_BY_UNIT: return "unit";
	case JX_BY_YEAR: return "year";
	case JX_BY_LEVEL1: return "level1";
	case JX_BY_GRADE: return "grade";
	case JX_BY_RATE_BAND: return "rate";
	case JX_BY_SCORE_BAND: return "score";
	case JX_BY_SOURCE: return "source";
	case JX_BY_NONE: break;
	}
	return "none";
}

static const char *by_label(enum jx_summary_by by)
{
	switch (by) {
	case JX_BY_UNIT: return "实施单位";
	case JX_BY_YEAR: return "年度";
	case JX_BY_LEVEL1: return "一级指标";
	case JX_BY_GRADE: return "等级";
	case JX_BY_RATE_BAND: return "执行率";
	case JX_BY_SCORE_BAND: return "复核总分";
	case JX_BY_SOURCE: return "资金来源";
	case JX_BY_NONE: break;
	}
	return "";
}

/* A rate as a fraction with 4 decimals, exact, half up: 0.7038; null without a budget. */
static void put_rate(struct jx_buf *b, int64_t num, int64_t den)
{
	if (den <= 0 || jx_render_ratio(b, num, den, 4) != JX_OK)
		jx_buf_puts(b, "null");
}

static const char *text_of(struct jx_buf *b, void (*fn)(struct jx_buf *, int64_t), int64_t v)
{
	jx_buf_reset(b);
	fn(b, v);
	return b->p ? b->p : "";
}

static void wan(struct jx_buf *b, int64_t fen)
{
	jx_render_wan(b, fen);
}

static void score(struct jx_buf *b, int64_t c)
{
	jx_render_score(b, c);
}

static void group_json(struct jx_buf *o, const struct jx_summary_group *g, bool level1)
{
	struct jx_buf t;
	jx_buf_init(&t, 256);
	jx_buf_puts(o, "{\"key\":");
	jx_render_json_string(o, g->key);
	jx_buf_printf(o, ",\"forms\":%lu%s", g->forms, g->overflow ? ",\"overflow\":true" : "");
	if (level1) { /* findings belong to forms, not to first levels: none here */
		jx_buf_printf(o, ",\"indicators\":%lu,\"weight\":%s", g->indicators,
			      text_of(&t, score, g->weight_c));
		jx_buf_printf(o, ",\"declared\":%s", text_of(&t, score, g->declared_c));
		jx_buf_printf(o, ",\"rescored\":%s", text_of(&t, score, g->score_c));
	} else {
		jx_buf_printf(o, ",\"budget\":%s", text_of(&t, wan, g->budget_fen));
		jx_buf_printf(o, ",\"executed\":%s,\"rate\":", text_of(&t, wan, g->executed_fen));
		put_rate(o, g->executed_fen, g->budget_fen);
		jx_buf_printf(o, ",\"below_90\":%lu,\"forms_declared\":%lu", g->below_90,
			      g->forms_declared);
		jx_buf_printf(o, ",\"declared_total\":%s", text_of(&t, score, g->declared_total_c));
		jx_buf_printf(o, ",\"rescored_total\":%s", text_of(&t, score, g->rescored_total_c));
	}
	if (!level1)
		jx_buf_printf(o, ",\"findings\":{\"error\":%lu,\"warning\":%lu,\"info\":%lu}",
			      g->findings[JX_SEV_ERROR], g->findings[JX_SEV_WARNING],
			      g->findings[JX_SEV_INFO]);
	jx_buf_puts(o, "}");
	jx_buf_release(&t);
}

/* A CSV field, by the library's one CSV escaper (render's: a unit named
 * =HYPERLINK(…) is text, not a formula). */
static void csv_field(const char *s, bool last)
{
	struct jx_buf b;
	jx_buf_init(&b, 0);
	jx_render_csv_field(&b, s);
	fputs(b.p ? b.p : "", stdout);
	fputc(last ? '\n' : ',', stdout);
	jx_buf_release(&b);
}

static void group_csv(const struct jx_summary_group *g, bool level1)
{
	struct jx_buf t, r;
	jx_buf_init(&t, 256);
	jx_buf_init(&r, 64);
	csv_field(*g->key ? g->key : "合计", false);
	printf("%lu,", g->forms);
	if (level1) {
		printf("%lu,", g->indicators);
		printf("%s,", text_of(&t, score, g->weight_c));
		printf("%s,", text_of(&t, score, g->declared_c));
		printf("%s\n", text_of(&t, score, g->score_c));
		jx_buf_release(&t);
		jx_buf_release(&r);
		return;
	} else {
		printf("%s,", text_of(&t, wan, g->budget_fen));
		printf("%s,", text_of(&t, wan, g->executed_fen));
		put_rate(&r, g->executed_fen, g->budget_fen);
		printf("%s,%lu,%lu,", strcmp(r.p, "null") ? r.p : "", g->below_90, g->forms_declared);
		printf("%s,", text_of(&t, score, g->declared_total_c));
		printf("%s,", text_of(&t, score, g->rescored_total_c));
	}
	printf("%lu,%lu,%lu\n", g->findings[JX_SEV_ERROR], g->findings[JX_SEV_WARNING],
	       g->findings[JX_SEV_INFO]);
	jx_buf_release(&t);
	jx_buf_release(&r);
}

static void group_text(const struct jx_summary_group *g, bool level1)
{
	struct jx_buf t;
	jx_buf_init(&t, 256);
	if (!*g->key) {
		printf("%lu 张自评表\n", g->forms);
		printf("全年预算数 %s 万元，", text_of(&t, wan, g->budget_fen));
		printf("全年执行数 %s 万元，执行率 ", text_of(&t, wan, g->executed_fen));
		jx_buf_reset(&t);
		if (g->budget_fen > 0)
			jx_render_percent(&t, g->executed_fen, g->budget_fen, 2);
		printf("%s（Σ执行数 / Σ预算数，%lu 张有预算和执行数）；执行率低于 90%% 的 %lu 张\n",
		       t.p ? t.p : "—", g->forms_with_money, g->below_90);
		printf("申报总分合计 %s，", text_of(&t, score, g->declared_total_c));
		printf("复核总分合计 %s（%lu 张申报了总分的表）\n", text_of(&t, score, g->rescored_total_c),
		       g->forms_declared);
		printf("审核发现：%lu 个 error，%lu 个 warning，%lu 个 info\n", g->findings[JX_SEV_ERROR],
		       g->findings[JX_SEV_WARNING], g->findings[JX_SEV_INFO]);
		if (g->overflow)
			printf("注意：有合计超出 64 位整数的范围，已按上限显示\n");
	} else if (level1) {
		printf("  %s：%lu 张表 %lu 项指标，分值合计 %s，", g->key, g->forms, g->indicators,
		       text_of(&t, score, g->weight_c));
		printf("申报得分合计 %s，", text_of(&t, score, g->declared_c));
		printf("复核得分合计 %s\n", text_of(&t, score, g->score_c));
	} else {
		printf("  %s：%lu 张，预算 %s 万元，", g->key, g->forms, text_of(&t, wan, g->budget_fen));
		printf("执行 %s 万元，执行率 ", text_of(&t, wan, g->executed_fen));
		jx_buf_reset(&t);
		if (g->budget_fen > 0)
			jx_render_percent(&t, g->executed_fen, g->budget_fen, 2);
		printf("%s，低于 90%% 的 %lu 张，申报总分合计 ", t.p ? t.p : "—", g->below_90);
		printf("%s，复核总分合计 ", text_of(&t, score, g->declared_total_c));
		printf("%s，问题 %lu/%lu/%lu\n", text_of(&t, score, g->rescored_total_c),
		       g->findings[JX_SEV_ERROR], g->findings[JX_SEV_WARNING], g->findings[JX_SEV_INFO]);
	}
	jx_buf_release(&t);
}

static int on_group(const struct jx_summary_group *g, void *ud)
{
	struct sum *s = ud;
	bool level1 = s->by == JX_BY_LEVEL1 && *g->key;
	switch (s->fmt) {
	case F_JSON:
		if (!*g->key) {
			jx_buf_puts(&s->b, "\"all\":");
			group_json(&s->b, g, false);
			jx_buf_puts(&s->b, ",\"groups\":[");
		} else {
			jx_buf_puts(&s->b, s->ngroups++ ? ",\n" : "\n");
			group_json(&s->b, g, level1);
		}
		break;
	case F_CSV:
		group_csv(g, s->by == JX_BY_LEVEL1);
		break;
	case F_TEXT:
		group_text(g, level1);
		if (!*g->key && s->by != JX_BY_NONE)
			printf("\n按%s：\n", by_label(s->by));
		break;
	}
	return 0;
}

static int on_grade(const char *grade, unsigned long n, void *ud)
{
	struct sum *s = ud;
	if (s->fmt == F_JSON) {
		jx_buf_puts(&s->b, s->ngroups++ ? "," : "");
		jx_render_json_string(&s->b, grade);
		jx_buf_printf(&s->b, ":%lu", n);
	} else {
		printf("%s%s %lu", s->ngroups++ ? "，" : "", grade, n);
	}
	return 0;
}

static int on_form(const struct jx_store_form *r, void *ud)
{
	struct worst_list *w = ud;
	unsigned long total = r->findings[0] + r->findings[1] + r->findings[2] + r->findings[3];
	if (!total)
		return 0;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->v = cli_xrealloc(w->v, w->cap * sizeof *w->v);
	}
	struct worst *x = &w->v[w->n++];
	x->project = cli_xstrdup(r->s.project);
	x->unit = cli_xstrdup(r->s.implementer);
	x->file = cli_xstrdup(r->s.file);
	x->year = r->s.year;
	x->line = r->s.line;
	memcpy(x->f, r->findings, sizeof x->f);
	return 0;
}

/* Most errors first, then warnings, then infos; ties by year, file, line. */
static int by_findings(const void *a, const void *b)
{
	const struct worst *x = a, *y = b;
	for (int k = JX_SEV_ERROR; k >= JX_SEV_INFO; k--)
		if (x->f[k] != y->f[k])
			return x->f[k] > y->f[k] ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

enum { WORST = 10 };

static void print_worst(struct sum *s, struct worst_list *w)
{
	if (w->n)
		qsort(w->v, w->n, sizeof *w->v, by_findings);
	size_t n = w->n < WORST ? w->n : WORST;
	if (s->fmt == F_JSON) {
		jx_buf_puts(&s->b, ",\n\"most_findings\":[");
		for (size_t i = 0; i < n; i++) {
			struct worst *x = &w->v[i];
			jx_buf_puts(&s->b, i ? ",\n{" : "\n{");
			jx_buf_puts(&s->b, "\"project\":");
			jx_render_json_string(&s->b, x->project);
			jx_buf_puts(&s->b, ",\"unit\":");
			jx_render_json_string(&s->b, x->unit);
			jx_buf_printf(&s->b, ",\"year\":%d,\"file\":", x->year);
			jx_render_json_string(&s->b, x->file);
			jx_buf_printf(&s->b, ",\"line\":%lu,\"findings\":{\"error\":%lu,\"warning\":%lu,\"info\":%lu}}",
				      x->line, x->f[JX_SEV_ERROR], x->f[JX_SEV_WARNING], x->f[JX_SEV_INFO]);
		}
		jx_buf_puts(&s->b, "]");
	} else if (s->fmt == F_TEXT && n) {
		printf("\n问题最多的表（error/warning/info）：\n");
		for (size_t i = 0; i < n; i++) {
			struct worst *x = &w->v[i];
			printf("  %zu. %s（%d 年度，%s，%s:%lu）：%lu/%lu/%lu\n", i + 1, x->project, x->year,
			       x->unit, x->file, x->line, x->f[JX_SEV_ERROR], x->f[JX_SEV_WARNING],
			       x->f[JX_SEV_INFO]);
		}
	}
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].project);
		free(w->v[i].unit);
		free(w->v[i].file);
	}
	free(w->v);
}

static void help(void)
{
	printf("用法: jixiao summary [--db 路径] [--year 年度] [--by 分组] [--format text|json|csv]\n"
	       "\n"
	       "汇总数据库中的自评表：全年预算数、全年执行数和总执行率（Σ执行数 / Σ预算数，不是\n"
	       "各表执行率的平均）、执行率低于 90%% 的表数、申报与复核总分、按复核总分的等级分布、\n"
	       "审核发现，以及问题最多的 10 张表。--by 另按实施单位（unit）、年度（year）、一级指标\n"
	       "（level1）或等级（grade）分组；不给 --year 时还可按执行率分段（rate）、复核总分分段\n"
	       "（score）或资金来源（source：各来源的预算数与执行数）分组。\n"
	       "csv 只输出各组（及合计）一行一组。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP);
}

int cmd_summary(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},     {"year", required_argument, NULL, 'y'},
		{"by", required_argument, NULL, 'b'},     {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	int year = 0, c, rc = EXIT_CLEAN;
	struct sum s = {.fmt = F_TEXT};
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:y:b:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'y':
			if (!cli_year("summary", optarg, &year))
				rc = EXIT_USAGE;
			break;
		case 'b':
			if (strcmp(optarg, "unit") == 0) s.by = JX_BY_UNIT;
			else if (strcmp(optarg, "year") == 0) s.by = JX_BY_YEAR;
			else if (strcmp(optarg, "level1") == 0) s.by = JX_BY_LEVEL1;
			else if (strcmp(optarg, "grade") == 0) s.by = JX_BY_GRADE;
			else if (strcmp(optarg, "rate") == 0) s.by = JX_BY_RATE_BAND;
			else if (strcmp(optarg, "score") == 0) s.by = JX_BY_SCORE_BAND;
			else if (strcmp(optarg, "source") == 0) s.by = JX_BY_SOURCE;
			else rc = cli_usage_error("summary", "--by「%s」无效，应为 unit、year、level1、grade、rate、score 或 source", optarg);
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0) s.fmt = F_JSON;
			else if (strcmp(optarg, "csv") == 0) s.fmt = F_CSV;
			else if (strcmp(optarg, "text") != 0)
				rc = cli_usage_error("summary", "未知格式「%s」，应为 text、json 或 csv", optarg);
			break;
		case 'h': help(); return EXIT_CLEAN;
		default: rc = cli_option_error("summary", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && optind < argc)
		rc = cli_usage_error("summary", "多余的参数「%s」", argv[optind]);
	if (rc == EXIT_CLEAN && year &&
	    (s.by == JX_BY_RATE_BAND || s.by == JX_BY_SCORE_BAND || s.by == JX_BY_SOURCE))
		rc = cli_usage_error("summary", "--by %s 是全部年度的汇总，不能与 --year 同用", by_name(s.by));
	struct jx_store *st = NULL;
	if (s.fmt == F_TEXT)
		cli_text_output(); /* a form's control characters shown escaped (term.c) */
	if (rc != EXIT_CLEAN || !(st = cli_store_open(db, JX_STORE_READ)))
		return rc != EXIT_CLEAN ? rc : EXIT_USAGE;
	jx_buf_init(&s.b, 0);
	if (s.fmt == F_JSON) {
		jx_buf_printf(&s.b, "{\"year\":");
		if (year)
			jx_buf_printf(&s.b, "%d", year);
		else
			jx_buf_puts(&s.b, "null");
		jx_buf_printf(&s.b, ",\"by\":\"%s\",", by_name(s.by));
	} else if (s.fmt == F_CSV) {
		printf(s.by == JX_BY_LEVEL1
			       ? "%s,forms,indicators,weight,declared,rescored\n"
			       : "%s,forms,budget_wan,executed_wan,rate,below_90,forms_declared,declared_total,rescored_total,errors,warnings,infos\n",
		       s.by == JX_BY_NONE ? "key" : by_name(s.by));
	} else {
		printf("数据库 %s，", cli_db_path(db));
		if (year)
			printf("%d 年度：", year);
		else
			printf("全部年度：");
	}
	struct worst_list w = {0};
	struct jx_store_query q = {.year = year};
	/* groups, grades and the worst forms from one state of the database */
	bool ok = jx_store_snapshot(st, true) == JX_OK;
	ok = ok && jx_store_summary(st, year, s.by, on_group, &s) == JX_OK;
	if (s.fmt == F_JSON)
		jx_buf_puts(&s.b, "],\n\"grades\":{");
	else if (s.fmt == F_TEXT)
		printf("\n等级（按复核总分）：");
	s.ngroups = 0;
	if (s.fmt != F_CSV)
		ok = ok && jx_store_grades(st, year, on_grade, &s) == JX_OK;
	if (s.fmt == F_JSON)
		jx_buf_puts(&s.b, "}");
	else if (s.fmt == F_TEXT)
		fputc('\n', stdout);
	ok = ok && jx_store_list(st, &q, on_form, &w) == JX_OK;
	jx_store_snapshot(st, false);
	print_worst(&s, &w);
	if (s.fmt == F_JSON) {
		jx_buf_puts(&s.b, "}\n");
		if (ok)
			fwrite(s.b.p, 1, s.b.n, stdout);
	}
	if (!ok) {
		fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
		rc = EXIT_USAGE;
	}
	jx_buf_release(&s.b);
	jx_store_close(st);
	return rc;
}
