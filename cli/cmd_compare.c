/*
 * cmd_compare.c: `jixiao compare --years Y1,Y2` — the year-over-year audit
 * of the stored forms: each project's indicators in Y1 against Y2, the
 * findings printed as check prints them (file:line of the Y2 form).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

static void on_diag(const struct jx_diag *d, void *ud)
{
	(void)ud;
	cli_print_diag(stdout, d);
}

static void help(void)
{
	printf("用法: jixiao compare [--db 路径] [--profile 规则] [--check ID=级别]... --years 年度1,年度2\n"
	       "\n"
	       "比对数据库中同一项目（主管部门、实施单位、项目名称相同）两个年度的指标（一级、二级、\n"
	       "三级指标名称相同）：年度指标值降低（反向指标上限提高）[yoy-target-lowered]、\n"
	       "年度指标值照抄而上一年实际已远超 [yoy-target-stale]、两年实际值都与指标值一字不差\n"
	       "[yoy-actual-is-target]、分值改变 [yoy-weight-moved]。每个发现写出两年的值，\n"
	       "位置是后一年度的表和行。「远超」按评分规则的超额完成倍数（national 为 1.2）。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP CLI_RULES_HELP
	       "\n"
	       "退出码: 0 无 error 级问题；1 有 error 级问题；2 用法错误、某一年度没有表或数据库出错。\n");
}

/* "2022,2023" */
static int years_of(const char *arg, int *y1, int *y2)
{
	const char *comma = strchr(arg, ',');
	char a[16];
	if (!comma || (size_t)(comma - arg) >= sizeof a)
		return cli_usage_error("compare", "--years 应写成 年度1,年度2，如 2022,2023"), 0;
	memcpy(a, arg, (size_t)(comma - arg));
	a[comma - arg] = '\0';
	if (!cli_year("compare", a, y1) || !cli_year("compare", comma + 1, y2))
		return 0;
	if (*y1 >= *y2)
		return cli_usage_error("compare", "--years 的第一个年度应早于第二个（收到 %d,%d）", *y1, *y2), 0;
	return 1;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},      {"years", required_argument, NULL, 'y'},
		{"profile", required_argument, NULL, 'P'}, {"check", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	int y1 = 0, y2 = 0, c, rc = EXIT_CLEAN;
	struct cli_rules rules = {0};
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:y:P:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'y':
			if (!years_of(optarg, &y1, &y2))
				rc = EXIT_USAGE;
			break;
		case 'P': rules.profile_spec = optarg; break;
		case 'c':
			if (!cli_rules_add_check(&rules, optarg))
				rc = EXIT_USAGE;
			break;
		case 'h':
			help();
			cli_rules_release(&rules);
			return EXIT_CLEAN;
		default: rc = cli_option_error("compare", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && !y1)
		rc = cli_usage_error("compare", "缺少 --years 年度1,年度2");
	if (rc == EXIT_CLEAN && optind < argc)
		rc = cli_usage_error("compare", "多余的参数「%s」", argv[optind]);
	struct jx_ctx *ctx = jx_ctx_new();
	if (rc == EXIT_CLEAN && !cli_rules_load(&rules, ctx))
		rc = EXIT_USAGE;
	struct jx_store *st = NULL;
	cli_text_output(); /* a form's control characters shown escaped (term.c) */
	if (rc == EXIT_CLEAN && !(st = cli_store_open(db, JX_STORE_READ)))
		rc = EXIT_USAGE;
	if (rc != EXIT_CLEAN) {
		cli_rules_release(&rules);
		jx_ctx_free(ctx);
		return rc;
	}
	jx_ctx_set_diag(ctx, on_diag, NULL);
	int years[1024];
	size_t ny = sizeof years / sizeof years[0];
	bool has1 = false, has2 = false;
	if (jx_store_years(st, years, &ny) == JX_OK)
		for (size_t i = 0; i < ny; i++) {
			has1 |= years[i] == y1;
			has2 |= years[i] == y2;
		}
	if (!has1 || !has2) {
		fprintf(stderr, "%s: 数据库中没有 %d 年度的表，无从比对\n", cli_db_path(db), !has1 ? y1 : y2);
		jx_store_close(st);
		cli_rules_release(&rules);
		jx_ctx_free(ctx);
		return EXIT_USAGE;
	}
	unsigned long matched = 0;
	if (jx_store_compare(st, ctx, rules.profile, y1, y2, &matched) != JX_OK) {
		fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
		rc = EXIT_USAGE;
	} else {
		printf("\n%d → %d 年度：%lu 个项目两年都有；%lu 个 error，%lu 个 warning，%lu 个 info\n", y1,
		       y2, matched, jx_ctx_count(ctx, JX_SEV_ERROR), jx_ctx_count(ctx, JX_SEV_WARNING),
		       jx_ctx_count(ctx, JX_SEV_INFO));
		rc = jx_ctx_count(ctx, JX_SEV_ERROR) ? EXIT_FINDINGS : EXIT_CLEAN;
	}
	jx_store_close(st);
	cli_rules_release(&rules);
	jx_ctx_free(ctx);
	return rc;
}
