/*
 * cmd_templates.c: `jixiao templates [FILE...]` — the form templates the
 * reader matches published forms against, one line each: name, scoring
 * scheme, what it is and the file it comes from.  Template files given are
 * loaded after the shipped ones (a file of a shipped name replaces it), so
 * that a bureau can check its own template before using it; a malformed
 * one is refused at file:line.
 */
#include "cli.h"

static void help(void)
{
	printf("用法: jixiao templates [模板文件...]\n"
	       "\n"
	       "列出识别自评表所用的表样模板，每行一个：名称、评分方案、说明和来源文件。\n"
	       "给出模板文件时，先读内置模板，再读这些文件（同名的替换内置的）；\n"
	       "文件有误时指出「文件:行」并以状态 2 退出。模板文件的写法见 README「表样模板」。\n");
}

static void row(const char *name, const char *scheme, const char *description, const char *file,
		void *ud)
{
	(void)ud;
	printf("%-20s %-20s %s（%s）\n", name, scheme, description, file);
}

int cmd_templates(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		help();
		return EXIT_CLEAN;
	}
	char err[1024];
	if (jx_templates((const char *const *)argv + 1, (size_t)(argc - 1), row, NULL, err,
			 sizeof err) != JX_OK) {
		fprintf(stderr, "jixiao: %s\n", err);
		return EXIT_USAGE;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("jixiao: 写出失败");
		return EXIT_USAGE;
	}
	return EXIT_CLEAN;
}
