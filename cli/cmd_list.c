/*
 * cmd_list.c: `jixiao list` — the forms in the database, one line each:
 * year, unit, project, amounts, totals, grade and the count of findings.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

enum { NCOLS = 10 };

struct rows {
	char *(*cell)[NCOLS];
	size_t n, cap;
	bool json;
	unsigned long count;
	struct jx_buf buf;
};

static char *dup_or_dash(const char *s)
{
	return cli_xstrdup(*s ? s : "—");
}

static int on_form(const struct jx_store_form *r, void *ud)
{
	struct rows *t = ud;
	if (t->json) {
		struct jx_buf *b = &t->buf;
		jx_buf_reset(b);
		jx_buf_puts(b, t->count++ ? ",\n" : "\n");
		cli_form_json(b, r);
		fwrite(b->p, 1, b->n, stdout);
		return 0;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cell = cli_xrealloc(t->cell, t->cap * sizeof *t->cell);
	}
	char **c = t->cell[t->n++];
	struct jx_buf b;
	jx_buf_init(&b, 256);
	char year[16];
	snprintf(year, sizeof year, "%d", r->s.year);
	c[0] = dup_or_dash(r->s.year ? year : "");
	c[1] = dup_or_dash(r->s.implementer);
	c[2] = dup_or_dash(r->s.project);
#define CELL(i, cond, expr)                      \
	do {                                     \
		jx_buf_reset(&b);                \
		if (cond)                        \
			expr;                    \
		c[i] = dup_or_dash(b.p ? b.p : ""); \
	} while (0)
	CELL(3, r->s.has_budget, jx_render_wan(&b, r->s.budget_fen));
	CELL(4, r->s.has_executed, jx_render_wan(&b, r->s.executed_fen));
	CELL(5, r->s.has_budget && r->s.has_executed && r->s.budget_fen > 0,
	     jx_render_percent(&b, r->s.executed_fen, r->s.budget_fen, 2));
	CELL(6, r->s.has_declared_total, jx_render_score(&b, r->s.declared_total_c));
	CELL(7, true, jx_render_score(&b, r->s.score_total_c));
#undef CELL
	c[8] = dup_or_dash(r->s.grade);
	jx_buf_reset(&b);
	jx_buf_printf(&b, "%lu/%lu/%lu", r->findings[JX_SEV_ERROR], r->findings[JX_SEV_WARNING],
		      r->findings[JX_SEV_INFO]);
	c[9] = dup_or_dash(b.p);
	jx_buf_release(&b);
	return 0;
}

static void print(const struct rows *t)
{
	static const char *const head[NCOLS] = {"年度", "实施单位", "项目", "全年预算数(万元)",
						"全年执行数(万元)", "执行率", "申报总分", "复核总分",
						"等级", "问题(E/W/I)"};
	size_t w[NCOLS];
	for (int k = 0; k < NCOLS; k++) {
		w[k] = jx_text_width(head[k]);
		for (size_t i = 0; i < t->n; i++)
			if (jx_text_width(t->cell[i][k]) > w[k])
				w[k] = jx_text_width(t->cell[i][k]);
	}
	for (size_t i = 0; i <= t->n; i++) {
		for (int k = 0; k < NCOLS; k++) {
			const char *s = i ? t->cell[i - 1][k] : head[k];
			if (k)
				fputs("  ", stdout);
			cli_pad(stdout, s, k == NCOLS - 1 ? 0 : w[k], k >= 3 && k <= 7);
		}
		fputc('\n', stdout);
	}
	printf("\n%zu 张自评表\n", t->n);
}

static void help(void)
{
	printf("用法: jixiao list [--db 路径] [--year 年度] [--unit 实施单位 [--contains]] [--format text|json]\n"
	       "\n"
	       "列出数据库中的自评表：年度、实施单位、项目、预算与执行、申报与复核总分、等级和\n"
	       "审核发现的个数（error/warning/info）；--unit 为实施单位的全称（「单位1」不含「单位11」），\n"
	       "加 --contains 则列出名称中含这段文字的所有单位。json：每张表一个\n"
	       "对象（year、department、unit、project、file、line、budget、executed、declared_total、\n"
	       "total、grade、profile、findings）；整张表的 JSON 用 show --format json。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP);
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},   {"year", required_argument, NULL, 'y'},
		{"unit", required_argument, NULL, 'u'}, {"format", required_argument, NULL, 'f'},
		{"contains", no_argument, NULL, 'c'},   {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	struct jx_store_query q = {0};
	struct rows t = {0};
	int c, rc = EXIT_CLEAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:y:u:f:ch", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': q.contains = true; break;
		case 'y':
			if (!cli_year("list", optarg, &q.year))
				rc = EXIT_USAGE;
			break;
		case 'u': q.unit = optarg; break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				t.json = true;
			else if (strcmp(optarg, "text") != 0)
				rc = cli_usage_error("list", "未知格式「%s」，应为 text 或 json", optarg);
			break;
		case 'h': help(); return EXIT_CLEAN;
		default: rc = cli_option_error("list", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && optind < argc)
		rc = cli_usage_error("list", "多余的参数「%s」", argv[optind]);
	struct jx_store *st = NULL;
	if (!t.json)
		cli_text_output(); /* a form's control characters shown escaped (term.c) */
	if (rc != EXIT_CLEAN || !(st = cli_store_open(db, JX_STORE_READ)))
		return rc != EXIT_CLEAN ? rc : EXIT_USAGE;
	jx_buf_init(&t.buf, 0);
	if (t.json)
		fputs("{\"forms\":[", stdout);
	if (jx_store_list(st, &q, on_form, &t) != JX_OK) {
		fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
		rc = EXIT_USAGE;
	}
	if (t.json)
		fputs("\n]}\n", stdout);
	else if (rc == EXIT_CLEAN)
		print(&t);
	for (size_t i = 0; i < t.n; i++)
		for (int k = 0; k < NCOLS; k++)
			free(t.cell[i][k]);
	free(t.cell);
	jx_buf_release(&t.buf);
	jx_store_close(st);
	return rc;
}
