/*
 * cmd_unit.c: `jixiao unit import|list` — the bureau's registry of units
 * and their 主管部门, which scopes the 主管部门 reviewers' accounts
 * (jixiao.h, "units").  A CSV as Excel saves it (UTF-8 or GBK), one
 * transaction: every row or none.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
	printf("用法: jixiao unit import 单位.csv [--db 路径]\n"
	       "      jixiao unit list [--format text|json] [--db 路径]\n"
	       "\n"
	       "单位名册：各单位及其主管部门（网页版里主管部门审核账号看到的就是名册上归它的单位的表；\n"
	       "不在名册上的单位，按表上填的主管部门）。CSV 第一行是表头，须有「单位名称」和「主管部门」\n"
	       "两列，「单位代码」可有可无；UTF-8 或 GBK（Excel 另存的 CSV）都可以。已有的单位（名称相同）\n"
	       "改为新的主管部门和代码。整个文件一个事务：有一行不对，一行也不存，并指出是哪一行。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP);
}

struct listing {
	bool json;
	unsigned long n;
	struct jx_buf b;
};

static int list_one(const struct jx_unit *u, void *ud)
{
	struct listing *l = ud;
	if (l->json) {
		struct jx_buf *b = &l->b;
		jx_buf_reset(b);
		jx_buf_puts(b, l->n ? ",\n{\"name\":" : "\n{\"name\":");
		jx_render_json_string(b, u->name);
		jx_buf_puts(b, ",\"department\":");
		jx_render_json_string(b, u->department);
		jx_buf_puts(b, ",\"code\":");
		if (u->code)
			jx_render_json_string(b, u->code);
		else
			jx_buf_puts(b, "null");
		jx_buf_puts(b, "}");
		fwrite(b->p, 1, b->n, stdout);
	} else {
		printf("%s  %s%s%s\n", u->department, u->name, u->code ? "  " : "", u->code ? u->code : "");
	}
	l->n++;
	return 0;
}

int cmd_unit(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	bool json = false;
	int c, rc = EXIT_CLEAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (!strcmp(optarg, "json"))
				json = true;
			else if (strcmp(optarg, "text"))
				rc = cli_usage_error("unit", "未知格式「%s」，应为 text 或 json", optarg);
			break;
		case 'h': help(); return EXIT_CLEAN;
		default: rc = cli_option_error("unit", c, argv);
		}
	}
	const char *verb = optind < argc ? argv[optind] : NULL;
	bool import = verb && !strcmp(verb, "import");
	if (rc == EXIT_CLEAN && (!verb || (!import && strcmp(verb, "list"))))
		rc = cli_usage_error("unit", verb ? "未知子命令「%s」：应为 import 或 list" : "缺少子命令：import 或 list%s",
				     verb ? verb : "");
	else if (rc == EXIT_CLEAN && import && optind + 2 != argc)
		rc = cli_usage_error("unit", "unit import 须给出一个 CSV 文件");
	else if (rc == EXIT_CLEAN && !import && optind + 1 != argc)
		rc = cli_usage_error("unit", "多余的参数「%s」", argv[optind + 1]);
	if (rc != EXIT_CLEAN)
		return rc;
	struct jx_buf data;
	jx_buf_init(&data, 64u << 20);
	const char *file = import ? argv[optind + 1] : NULL;
	if (import) {
		FILE *in = fopen(file, "rb");
		if (!in) {
			fprintf(stderr, "%s: error: 无法打开：%s\n", file, strerror(errno));
			jx_buf_release(&data);
			return EXIT_USAGE;
		}
		char chunk[65536];
		size_t k;
		while ((k = fread(chunk, 1, sizeof chunk, in)) > 0)
			jx_buf_add(&data, chunk, k);
		bool bad = ferror(in) || data.overflow;
		int e = errno;
		fclose(in);
		if (bad) {
			fprintf(stderr, "%s: error: %s\n", file, data.overflow ? "文件超过 64 MB，不像单位名册" : strerror(e));
			jx_buf_release(&data);
			return EXIT_USAGE;
		}
	}
	struct jx_store *st = cli_store_open(db, import ? JX_STORE_CREATE : JX_STORE_READ);
	if (!st) {
		jx_buf_release(&data);
		return EXIT_USAGE;
	}
	if (import) {
		unsigned long n = 0;
		if (jx_unit_import(st, data.p ? data.p : "", data.n, file, &n) != JX_OK) {
			fprintf(stderr, "%s\n", jx_store_error(st));
			rc = EXIT_USAGE;
		} else {
			char detail[600];
			snprintf(detail, sizeof detail, "从 %s 导入 %lu 个单位", file, n);
			struct jx_log_entry e = {.login = "(命令行)", .role = "admin", .address = "local",
						 .action = "unit-import", .detail = detail};
			if (jx_log_append(st, &e) != JX_OK)
				fprintf(stderr, "jixiao unit: warning: 未能写入审计日志：%s\n", jx_store_error(st));
			fprintf(stderr, "%s: %lu 个单位已存入名册\n", file, n);
		}
	} else {
		struct listing l = {.json = json};
		jx_buf_init(&l.b, 0);
		if (json)
			fputs("{\"units\":[", stdout);
		else
			cli_text_output();
		if (jx_unit_list(st, list_one, &l) != JX_OK) {
			fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
			rc = EXIT_USAGE;
		}
		if (json)
			fputs("\n]}\n", stdout);
		else if (rc == EXIT_CLEAN)
			printf("\n%lu 个单位\n", l.n);
		jx_buf_release(&l.b);
	}
	jx_store_close(st);
	jx_buf_release(&data);
	return rc;
}
