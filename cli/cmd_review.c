/*
 * cmd_review.c: `jixiao review ACTION ID...` — the review's actions from
 * the command line, as a named account (jx_session_for: whoever holds the
 * database file has every right already), for a bureau's batch work (送审
 * a unit's forms, 公开 what passed) and for scripts.  The rules are the
 * library's (jx_review_act), as in the web app; each action is in the
 * review history and the audit log with the address "local".
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
	printf("用法: jixiao review 操作 表号... --as 账号 [--reason 原因] [--opinion 意见] [--basis 依据]\n"
	       "                    [--conclusion 结论] [--score 复核得分] [--db 路径]\n"
	       "      jixiao review status 表号... [--db 路径]\n"
	       "\n"
	       "以 --as 的账号对表执行审核流程的操作（与网页版相同的规则，记入审核记录和审计日志）。操作：\n"
	       "  submit 送审、cancel-submit 取消送审、approve 审核通过、return 退回（须 --reason）、\n"
	       "  cancel-review 取消审核、sample 抽查、sample-done 复核完成（须 --score）、publish 公开\n"
	       "status 列出每张表的状态。表号是 list --format json 的 id（网页版的 /forms/表号）。\n"
	       "有一张表不能执行时说明原因，其余照做，退出码 2。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP);
}

int cmd_review(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},      {"as", required_argument, NULL, 'a'},
		{"reason", required_argument, NULL, 'r'},  {"opinion", required_argument, NULL, 'o'},
		{"basis", required_argument, NULL, 'b'},   {"conclusion", required_argument, NULL, 'c'},
		{"score", required_argument, NULL, 's'},   {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL, *who = NULL;
	struct jx_review_input in = {0};
	int c, rc = EXIT_CLEAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:a:r:o:b:c:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': who = optarg; break;
		case 'r': in.reason = optarg; break;
		case 'o': in.opinion = optarg; break;
		case 'b': in.basis = optarg; break;
		case 'c': in.conclusion = optarg; break;
		case 's':
			if (!jx_score_parse(optarg, &in.score_c))
				rc = cli_usage_error("review", "--score「%s」无效：应为 0 到 100 的分数，至多两位小数", optarg);
			in.has_score = true;
			break;
		case 'h': help(); return EXIT_CLEAN;
		default: rc = cli_option_error("review", c, argv);
		}
	}
	const char *verb = optind < argc ? argv[optind] : NULL;
	bool status = verb && !strcmp(verb, "status");
	if (rc == EXIT_CLEAN && !verb)
		rc = cli_usage_error("review", "缺少操作：submit、approve、return、publish …或 status");
	else if (rc == EXIT_CLEAN && !status && !jx_action_from_name(verb, &in.action))
		rc = cli_usage_error("review", "未知操作「%s」", verb);
	else if (rc == EXIT_CLEAN && optind + 1 >= argc)
		rc = cli_usage_error("review", "缺少表号");
	else if (rc == EXIT_CLEAN && !status && !who)
		rc = cli_usage_error("review", "须用 --as 指定执行操作的账号");
	for (int i = optind + 1; rc == EXIT_CLEAN && i < argc; i++) {
		char *end;
		long long id = strtoll(argv[i], &end, 10);
		if (!*argv[i] || *end || id <= 0)
			rc = cli_usage_error("review", "表号「%s」无效：应为正整数", argv[i]);
	}
	struct jx_store *st = NULL;
	if (rc != EXIT_CLEAN || !(st = cli_store_open(db, JX_STORE_READ)))
		return rc != EXIT_CLEAN ? rc : EXIT_USAGE;
	struct jx_session s;
	if (!status && jx_session_for(st, who, &s) != JX_OK) {
		fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
		jx_store_close(st);
		return EXIT_USAGE;
	}
	if (!status && jx_role_scoped(s.role))
		jx_store_set_scope(st, s.account);
	cli_text_output();
	for (int i = optind + 1; i < argc; i++) {
		long long id = strtoll(argv[i], NULL, 10);
		enum jx_state now, prior;
		long long version;
		enum jx_status r = status ? jx_review_state(st, id, &now, &version, &prior)
					  : jx_review_act(st, &s, id, &in, &now);
		if (r != JX_OK) {
			fprintf(stderr, "%s: error: 第 %lld 号表：%s\n", cli_db_path(db), id, jx_store_error(st));
			rc = EXIT_USAGE;
		} else {
			printf("%lld  %s\n", id, jx_state_label(now));
		}
	}
	jx_store_close(st);
	return rc;
}
