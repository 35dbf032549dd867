/*
 * cmd_report.c: `jixiao report` — one self-contained HTML page for the
 * forms of the inputs: headline figures, the project table, charts, the
 * findings and every form (jx_report_*).  Written to DIR/report.html.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <sys/stat.h>

struct rep {
	struct jx_report *report;
	unsigned long forms;
};

static void each_form(const struct jx_form *f, const struct jx_diag *d, size_t n, void *ud)
{
	struct rep *r = ud;
	jx_report_add_form(r->report, f, d, n);
	r->forms++;
}

static void between(const struct jx_diag *d, size_t n, void *ud)
{
	struct rep *r = ud;
	for (size_t i = 0; i < n; i++)
		jx_report_add_finding(r->report, &d[i]);
}

static void help(void)
{
	printf("用法: jixiao report [-o 目录] [--title 标题] [--layout 版式] [--profile 规则] [--check ID=级别]... 文件...\n"
	       "       jixiao report [-o 目录] [--title 标题] --db 路径 [--year 年度]\n"
	       "\n"
	       "生成一个独立的 HTML 报告（不引用任何外部资源）：概况数字、项目表（可排序、筛选）、\n"
	       "图表（各项目执行率及 90%% 线、申报与复核总分、等级分布、按资金来源的预算与执行）、\n"
	       "按级别分组的审核发现（链接到对应的表），以及每张表的标准版式。写到 目录/report.html\n"
	       "（默认当前目录）。\n"
	       "\n"
	       "选项:\n"
	       "  -o 目录         报告所在目录（不存在则创建）\n"
	       "  --title 标题    报告标题（默认：项目支出绩效自评报告）\n"
	       "  --db 路径       汇总数据库中的表（按导入时的原文和评分规则，审核发现取自数据库）\n"
	       "  --year 年度     与 --db 同用：只汇总该年度\n"
	       CLI_LAYOUT_HELP CLI_RULES_HELP CLI_JOBS_HELP);
}

struct out_file {
	FILE *f;
	int err; /* the first failed write's errno */
};

static bool write_piece(const char *p, size_t n, void *ud)
{
	struct out_file *o = ud;
	if (fwrite(p, 1, n, o->f) == n)
		return true;
	o->err = errno;
	return false;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'}, {"title", required_argument, NULL, 't'},
		{"layout", required_argument, NULL, 'L'}, {"ocr", no_argument, NULL, 'O'}, {"profile", required_argument, NULL, 'P'},
		{"check", required_argument, NULL, 'c'},  {"help", no_argument, NULL, 'h'}, {"jobs", required_argument, NULL, 'j'},
		{"db", required_argument, NULL, 'd'},     {"year", required_argument, NULL, 'y'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = ".", *title = NULL, *db = NULL;
	int year = 0;
	enum jx_layout layout = JX_LAYOUT_AUTO;
	struct cli_rules rules = {0};
	int c, rc = EXIT_CLEAN, jobs = cli_jobs_default();
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:t:L:P:c:hd:y:Oj:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'y':
			if (!cli_year("report", optarg, &year))
				rc = EXIT_USAGE;
			break;
		case 'o': dir = optarg; break;
		case 't': title = optarg; break;
		case 'O': cli_ocr = true; break;
		case 'L':
			if (!cli_layout("report", optarg, &layout))
				rc = EXIT_USAGE;
			break;
		case 'P': rules.profile_spec = optarg; break;
		case 'c':
			if (!cli_rules_add_check(&rules, optarg))
				rc = EXIT_USAGE;
			break;
		case 'j':
			if (!cli_jobs("report", optarg, &jobs))
				rc = EXIT_USAGE;
			break;
		case 'h':
			help();
			cli_rules_release(&rules);
			return EXIT_CLEAN;
		default: rc = cli_option_error("report", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && !db && optind >= argc)
		rc = cli_usage_error("report", "缺少要汇总的文件（或 --db 数据库）");
	if (rc == EXIT_CLEAN && db && optind < argc)
		rc = cli_usage_error("report", "--db 与文件只能二选一");
	if (rc == EXIT_CLEAN && year && !db)
		rc = cli_usage_error("report", "--year 只用于 --db");
	if (rc == EXIT_CLEAN && db && (rules.profile_spec || rules.nchecks || layout != JX_LAYOUT_AUTO))
		rc = cli_usage_error("report", "--db 的表按导入时的评分规则复核、用导入时的审核发现："
					       "--profile、--check、--layout 不能与 --db 同用");
	struct jx_ctx *ctx = jx_ctx_new();
	if (rc == EXIT_CLEAN && !cli_rules_load(&rules, ctx))
		rc = EXIT_USAGE;
	if (rc == EXIT_CLEAN && mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: error: 无法创建目录：%s\n", dir, strerror(errno));
		rc = EXIT_USAGE;
	}
	if (rc != EXIT_CLEAN) {
		cli_rules_release(&rules);
		jx_ctx_free(ctx);
		return rc;
	}
	struct rep r = {.report = jx_report_new(title)};
	bool unreadable = false;
	if (db) {
		struct jx_store_query q = {.year = year};
		if (!cli_stored_forms(db, &q, each_form, &r))
			unreadable = true;
	}
	struct cli_form_sink sink = {each_form, between, NULL, &r};
	if (!db && !cli_read_forms(ctx, argv + optind, argc - optind, layout, rules.profile, jobs, &sink))
		unreadable = true;
	char *path = NULL;
	if (asprintf(&path, "%s/report.html", dir) < 0)
		abort();
	/* the page is written as it is made (the forms' HTML kept in a
	 * temporary file, not in memory); a page not written whole is removed */
	struct out_file out = {r.forms ? fopen(path, "wb") : NULL, 0};
	if (r.forms && !out.f)
		out.err = errno;
	enum jx_status st = out.f ? jx_report_write(r.report, write_piece, &out) : JX_ERR_IO;
	if (out.f && fclose(out.f) != 0 && st == JX_OK) {
		st = JX_ERR_IO;
		out.err = errno;
	}
	if (!r.forms) {
		fprintf(stderr, "jixiao report: 没有可汇总的表\n");
		rc = EXIT_USAGE;
	} else if (st != JX_OK) {
		const char *why = jx_report_error(r.report);
		if (why) /* the report's temporary file, or its memory: not the output */
			fprintf(stderr, "%s: error: 报告未写出：%s\n", path, why);
		else
			fprintf(stderr, "%s: error: 无法写入（磁盘已满？）：%s\n", path,
				strerror(out.err ? out.err : EIO));
		if (out.f)
			remove(path); /* ours, cut: gone */
		rc = EXIT_USAGE;
	} else {
		printf("%s：%lu 张自评表\n", path, r.forms);
		rc = unreadable ? EXIT_USAGE : EXIT_CLEAN;
	}
	free(path);
	jx_report_free(r.report);
	cli_rules_release(&rules);
	jx_ctx_free(ctx);
	return rc;
}
