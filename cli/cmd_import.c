/*
 * cmd_import.c: `jixiao import` — read, rescore and audit each file as
 * check does, then store its forms, scores and findings in the database,
 * one transaction per file: all of its forms or none (importer.c says when
 * a file is rejected).  Prints what each file added or replaced, or why it
 * was not stored, and the year-over-year findings brought up to date.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <getopt.h>
#include <stdlib.h>

static void help(void)
{
	printf("用法: jixiao import [--db 路径] [--profile 规则] [--layout 版式] [--ocr [--accept-ocr]] [--check ID=级别]... 文件...\n"
	       "\n"
	       "读取、复核并审核每个文件中的自评表（同 check），把表、复核得分和审核发现存入数据库。\n"
	       "每个文件一个事务：要么全部存入，要么一张都不存。文件无法读取、没有自评表、任何一张表\n"
	       "有无法读取的部分（unparsed，此时不受 --check 影响）、有表缺少年度或项目名称，或同一张表\n"
	       "出现两次时，整份文件不存入，并指出第一处的文件和行。\n"
	       "同一张表（年度、主管部门、实施单位、项目名称相同）再次导入时替换旧的，旧版本存入历史表。\n"
	       "数据库中有上一年度（或下一年度）的表时，自动跨年度比对（见 jixiao compare），\n"
	       "并更新已存的跨年度发现。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP CLI_LAYOUT_HELP
	       "  --accept-ocr    导入由 OCR 识别的表（默认不导入：先对照原件核对）\n" CLI_RULES_HELP
	       CLI_JOBS_HELP
	       "\n"
	       "退出码: 0 全部文件已导入；2 有文件未导入或数据库出错。\n");
}

/* A year-over-year finding brought up to date: printed as it comes. */
static void print_yoy(const struct jx_diag *d, void *ud)
{
	(void)ud;
	cli_print_diag(stdout, d);
}

/* What one file added or replaced, or why it was not stored. */
struct tally {
	unsigned long done, rejected;
};

static void file_done(const char *path, const struct cli_import *res, bool stored, void *ud)
{
	struct tally *t = ud;
	if (stored)
		t->done++;
	else
		t->rejected++;
	if (!res)
		return; /* not opened: said on stderr */
	for (size_t i = 0; i < res->nyoy; i++)
		printf("%s：%d 年度与 %d 年度比对（两个年度的全部表），%lu 个项目两年都有\n", path,
		       res->yoy[i].year, res->yoy[i].previous, res->yoy[i].matched);
	if (res->store_failed)
		fprintf(stderr, "%s: error: 数据库出错，本文件未导入：%s\n", path, res->why);
	else if (res->rejected)
		printf("%s：未导入（整份文件不存入）：%s\n", path, res->why);
	else
		printf("%s：新增 %lu 张，替换 %lu 张（旧版本已存入历史）；审核发现 %lu 个 error，%lu 个 warning，%lu 个 info\n",
		       path, res->added, res->replaced, res->counts[JX_SEV_ERROR],
		       res->counts[JX_SEV_WARNING], res->counts[JX_SEV_INFO]);
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"check", required_argument, NULL, 'c'},
		{"profile", required_argument, NULL, 'P'},
		{"layout", required_argument, NULL, 'L'}, {"ocr", no_argument, NULL, 'O'},
		{"accept-ocr", no_argument, NULL, 'A'},
		{"jobs", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	enum jx_layout layout = JX_LAYOUT_AUTO;
	struct cli_rules rules = {0};
	int c, rc = EXIT_CLEAN, jobs = cli_jobs_default();
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:c:P:L:hOAj:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c':
			if (!cli_rules_add_check(&rules, optarg))
				rc = EXIT_USAGE;
			break;
		case 'P': rules.profile_spec = optarg; break;
		case 'O': cli_ocr = true; break;
		case 'A': cli_accept_ocr = true; break;
		case 'L':
			if (!cli_layout("import", optarg, &layout))
				rc = EXIT_USAGE;
			break;
		case 'j':
			if (!cli_jobs("import", optarg, &jobs))
				rc = EXIT_USAGE;
			break;
		case 'h':
			help();
			cli_rules_release(&rules);
			return EXIT_CLEAN;
		default: rc = cli_option_error("import", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && optind >= argc)
		rc = cli_usage_error("import", "缺少要导入的文件");
	/* each file gets its own context (import_file) */
	if (rc == EXIT_CLEAN && !cli_rules_load(&rules, NULL))
		rc = EXIT_USAGE;
	struct jx_store *store = NULL;
	/* no database is created for inputs that cannot even be opened (a
	 * mistyped file name): each is said, and nothing is left behind.  A
	 * database is never removed afterwards: another import may be using it */
	bool any_input = false;
	for (int i = optind; rc == EXIT_CLEAN && i < argc; i++)
		any_input |= !strcmp(argv[i], "-") || access(argv[i], R_OK) == 0;
	if (rc == EXIT_CLEAN && !any_input) {
		for (int i = optind; i < argc; i++)
			if (access(argv[i], R_OK) != 0)
				fprintf(stderr, "%s: error: 无法打开文件：%s\n", argv[i], strerror(errno));
		printf("0 个文件已导入，%d 个未导入；没有可读的文件，未打开数据库 %s\n", argc - optind,
		       cli_db_path(db));
		cli_rules_release(&rules);
		return EXIT_USAGE;
	}
	if (rc == EXIT_CLEAN && !(store = cli_store_open(db, JX_STORE_CREATE)))
		rc = EXIT_USAGE;
	if (rc != EXIT_CLEAN) {
		cli_rules_release(&rules);
		return rc;
	}
	struct tally t = {0, 0};
	cli_import_files(store, &rules, layout, argv + optind, argc - optind, jobs, print_yoy,
			 file_done, &t);
	unsigned long history = 0;
	jx_store_history_count(store, &history);
	printf("%lu 个文件已导入，%lu 个未导入；数据库 %s 的历史表共 %lu 条\n", t.done, t.rejected,
	       cli_db_path(db), history);
	jx_store_close(store);
	cli_rules_release(&rules);
	return t.rejected ? EXIT_USAGE : EXIT_CLEAN;
}
