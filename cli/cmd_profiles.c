/*
 * cmd_profiles.c: `jixiao profiles` — the shipped scoring profiles, one line
 * each: name and what it is.
 */
#include "cli.h"

static void help(void)
{
	printf("用法: jixiao profiles\n"
	       "\n"
	       "列出内置的评分规则，每行一个：名称和说明。--profile 名称 使用其中之一；\n"
	       "jixiao profile show 名称 显示它的全部生效值。\n");
}

int cmd_profiles(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		help();
		return EXIT_CLEAN;
	}
	if (argc > 1)
		return cli_usage_error("profiles", "不需要参数（收到「%s」）", argv[1]);
	const char *name;
	for (size_t i = 0; (name = jx_profile_shipped(i)); i++) {
		struct jx_profile *p;
		struct jx_profile_error err;
		if (jx_profile_load(name, &p, &err) != JX_OK) {
			cli_print_profile_error(&err);
			return EXIT_USAGE;
		}
		printf("%-20s %s\n", name, jx_profile_title(p));
		jx_profile_free(p);
	}
	return EXIT_CLEAN;
}
