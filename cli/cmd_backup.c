/*
 * cmd_backup.c: `jixiao backup FILE` — a consistent copy of the database
 * into a new file while it is in use (jx_store_backup: SQLite's online
 * backup; a server database is backed up with its own tools, pg_dump).
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static void help(void)
{
	printf("用法: jixiao backup 备份文件 [--db 路径]\n"
	       "\n"
	       "把数据库在某一时刻的完整副本写到一个新文件（SQLite 的在线备份：jixiao serve 和导入照常进行）。\n"
	       "副本先写到旁边的临时文件，检查无误后放到这个文件名；已有的文件不覆盖。恢复：停止 jixiao serve，\n"
	       "把备份文件复制为数据库文件（并删除旧的 -wal、-shm 文件）。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP);
}

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	int c, rc = EXIT_CLEAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': help(); return EXIT_CLEAN;
		default: rc = cli_option_error("backup", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && optind + 1 != argc)
		rc = cli_usage_error("backup", "须给出一个备份文件的路径");
	struct jx_store *st = NULL;
	if (rc != EXIT_CLEAN || !(st = cli_store_open(db, JX_STORE_READ)))
		return rc != EXIT_CLEAN ? rc : EXIT_USAGE;
	if (jx_store_backup(st, argv[optind]) != JX_OK) {
		fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
		rc = EXIT_USAGE;
	} else {
		struct jx_log_entry e = {.login = "(命令行)", .role = "admin", .address = "local", .action = "backup",
					 .detail = argv[optind]};
		if (jx_log_append(st, &e) != JX_OK)
			fprintf(stderr, "jixiao backup: warning: 未能写入审计日志：%s\n", jx_store_error(st));
		fprintf(stderr, "%s: 已备份到 %s\n", cli_db_path(db), argv[optind]);
	}
	jx_store_close(st);
	return rc;
}
