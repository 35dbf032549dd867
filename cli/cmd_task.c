/*
 * cmd_task.c: `jixiao task add|list` — the self-evaluation tasks 财政
 * issues (jixiao.h, "tasks"): a year, a deadline, the units; `list`
 * shows where each unit stands (未送审, 被退回, 审核中, 通过) and which are
 * overdue, as the web app's /tasks does.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void help(void)
{
	printf("用法: jixiao task add --year 年度 --deadline YYYY-MM-DD --title 名称 [--unit 单位]... --as 账号 [--db 路径]\n"
	       "      jixiao task list [--today YYYY-MM-DD] [--format text|json] [--db 路径]\n"
	       "\n"
	       "下达自评任务（财政审核或管理员账号）：一个年度的自评表，截止日期，要交的单位（不写 --unit 则为\n"
	       "单位名册上的全部单位）。list 列出每个任务各单位的表数、未送审、被退回、审核中、已通过，\n"
	       "截止日期已过而还有表未送审（或一张表也没有）的单位标为逾期；--today 指定今天（默认本机日期）。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP);
}

struct listing {
	struct jx_store *st;
	const char *today;
	bool json, failed;
	unsigned long tasks;
	struct jx_buf b;
};

static int unit_line(const struct jx_task_unit *u, void *ud)
{
	struct listing *l = ud;
	if (l->json) {
		jx_buf_puts(&l->b, l->b.n && l->b.p[l->b.n - 1] != '[' ? ",{\"unit\":" : "{\"unit\":");
		jx_render_json_string(&l->b, u->unit);
		jx_buf_printf(&l->b, ",\"forms\":%lu,\"draft\":%lu,\"returned\":%lu,\"in_review\":%lu,\"passed\":%lu,"
				     "\"done\":%s,\"overdue\":%s}",
			      u->forms, u->draft, u->returned, u->in_review, u->passed, u->done ? "true" : "false",
			      u->overdue ? "true" : "false");
	} else {
		printf("  %s  %lu 张：未送审 %lu，被退回 %lu，审核中 %lu，已通过 %lu%s\n", u->unit, u->forms, u->draft,
		       u->returned, u->in_review, u->passed, u->overdue ? "  【逾期】" : u->done ? "  已完成" : "");
	}
	return 0;
}

static int task_line(const struct jx_task *t, void *ud)
{
	struct listing *l = ud;
	if (l->json) {
		jx_buf_printf(&l->b, "%s\n{\"id\":%lld,\"year\":%d,\"title\":", l->tasks ? "," : "", t->id, t->year);
		jx_render_json_string(&l->b, t->title);
		jx_buf_puts(&l->b, ",\"deadline\":");
		jx_render_json_string(&l->b, t->deadline);
		jx_buf_puts(&l->b, ",\"units\":[");
	} else {
		printf("%lld  %d 年度  %s  截止 %s\n", t->id, t->year, t->title, t->deadline);
	}
	l->tasks++;
	if (jx_task_progress(l->st, t->id, l->today, unit_line, l) != JX_OK)
		l->failed = true;
	if (l->json)
		jx_buf_puts(&l->b, "]}");
	return l->failed;
}

int cmd_task(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},       {"year", required_argument, NULL, 'y'},
		{"deadline", required_argument, NULL, 'D'}, {"title", required_argument, NULL, 't'},
		{"unit", required_argument, NULL, 'u'},     {"as", required_argument, NULL, 'a'},
		{"today", required_argument, NULL, 'T'},    {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *who = NULL, *today = NULL;
	struct jx_task t = {0};
	const char **units = cli_xrealloc(NULL, (size_t)argc * sizeof *units);
	bool json = false;
	int c, rc = EXIT_CLEAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:y:D:t:u:a:T:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'y':
			if (!cli_year("task", optarg, &t.year))
				rc = EXIT_USAGE;
			break;
		case 'D': t.deadline = optarg; break;
		case 't': t.title = optarg; break;
		case 'u': units[t.nunits++] = optarg; break;
		case 'a': who = optarg; break;
		case 'T': today = optarg; break;
		case 'f':
			if (!strcmp(optarg, "json"))
				json = true;
			else if (strcmp(optarg, "text"))
				rc = cli_usage_error("task", "未知格式「%s」，应为 text 或 json", optarg);
			break;
		case 'h': help(); free(units); return EXIT_CLEAN;
		default: rc = cli_option_error("task", c, argv);
		}
	}
	t.units = units;
	const char *verb = optind < argc ? argv[optind] : NULL;
	if (rc == EXIT_CLEAN && (!verb || (strcmp(verb, "add") && strcmp(verb, "list"))))
		rc = cli_usage_error("task", "子命令应为 add 或 list");
	else if (rc == EXIT_CLEAN && optind + 1 < argc)
		rc = cli_usage_error("task", "多余的参数「%s」", argv[optind + 1]);
	else if (rc == EXIT_CLEAN && !strcmp(verb, "add") && (!t.year || !t.deadline || !t.title || !who))
		rc = cli_usage_error("task", "task add 须给出 --year、--deadline、--title 和 --as");
	struct jx_store *st = NULL;
	if (rc != EXIT_CLEAN || !(st = cli_store_open(db, JX_STORE_READ))) {
		free(units);
		return rc != EXIT_CLEAN ? rc : EXIT_USAGE;
	}
	char now[16];
	if (!today) {
		time_t tt = time(NULL);
		struct tm tm;
		localtime_r(&tt, &tm);
		strftime(now, sizeof now, "%Y-%m-%d", &tm);
		today = now;
	}
	if (!strcmp(verb, "add")) {
		struct jx_session s;
		long long id = 0;
		if (jx_session_for(st, who, &s) != JX_OK || jx_task_add(st, &s, &t, &id) != JX_OK) {
			fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
			rc = EXIT_USAGE;
		} else {
			printf("任务 %lld：%d 年度「%s」，截止 %s\n", id, t.year, t.title, t.deadline);
		}
	} else {
		struct listing l = {.st = st, .today = today, .json = json};
		jx_buf_init(&l.b, 0);
		if (json)
			jx_buf_puts(&l.b, "{\"tasks\":[");
		else
			cli_text_output();
		if (jx_task_list(st, task_line, &l) != JX_OK || l.failed) {
			fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
			rc = EXIT_USAGE;
		} else if (json) {
			jx_buf_puts(&l.b, "\n]}\n");
			fwrite(l.b.p, 1, l.b.n, stdout);
		}
		jx_buf_release(&l.b);
	}
	jx_store_close(st);
	free(units);
	return rc;
}
