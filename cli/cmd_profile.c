/*
 * cmd_profile.c: `jixiao profile show NAME|FILE` — a profile's effective
 * values, every key with the file and line that set it.  The output is
 * itself a complete profile file.
 */
#include "cli.h"

static void help(void)
{
	printf("用法: jixiao profile show 名称|文件\n"
	       "\n"
	       "显示一套评分规则的全部生效值（含从 extends 继承的），每个值注明设置它的文件和行。\n"
	       "输出本身是一个完整的规则文件：jixiao profile show national > 我的规则.ini，\n"
	       "改 name（内置规则的名称不能用于自己的文件）和要改的值即可。\n"
	       "名称见 jixiao profiles；文件格式见 README「评分规则文件」。\n");
}

int cmd_profile(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		help();
		return EXIT_CLEAN;
	}
	if (argc < 2 || strcmp(argv[1], "show") != 0)
		return cli_usage_error("profile", "用法为 jixiao profile show 名称|文件");
	if (argc != 3)
		return cli_usage_error("profile", "profile show 需要且只需要一个规则名称或文件");
	struct jx_profile *p;
	struct jx_profile_error err;
	if (jx_profile_load(argv[2], &p, &err) != JX_OK) {
		cli_print_profile_error(&err);
		return EXIT_USAGE;
	}
	struct jx_buf b;
	jx_buf_init(&b, 0);
	jx_render_profile(&b, p);
	fwrite(b.p, 1, b.n, stdout);
	jx_buf_release(&b);
	jx_profile_free(p);
	if (fflush(stdout) != 0) {
		perror("jixiao: 写出失败");
		return EXIT_USAGE;
	}
	return EXIT_CLEAN;
}
