/*
 * cmd_template.c: `jixiao template` — a blank 项目支出绩效自评表 workbook for
 * clerks to fill in (src/render/template.c): drop-down lists, formulas for
 * 执行率, scores and total, input cells marked, instructions in Chinese.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

static void help(void)
{
	printf("用法: jixiao template [-o 文件.xlsx] [--projects N]\n"
	       "\n"
	       "生成空白的项目支出绩效自评表工作簿（财预〔2020〕10号附件2 格式），供填表人在\n"
	       "Excel 或 WPS 中填写：黄色格填写，蓝色格是公式（执行率、得分、总分）；一级、二级\n"
	       "指标和指标性质有下拉列表；第一张工作表是填表说明。填好并保存后，可直接用\n"
	       "jixiao check、import 等读取。\n"
	       "\n"
	       "  -o, --output 文件   输出文件（默认 自评表模板.xlsx）\n"
	       "  --projects N       项目表的张数，1 到 %d（默认 1）；每张表 %d 行指标\n",
	       JX_TEMPLATE_MAX_PROJECTS, JX_TEMPLATE_INDICATORS);
}

int cmd_template(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"projects", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *out = "自评表模板.xlsx";
	unsigned long projects = 1;
	int c, rc = EXIT_CLEAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'n': {
			char *end;
			projects = strtoul(optarg, &end, 10);
			if (*end || !*optarg || projects < 1 || projects > JX_TEMPLATE_MAX_PROJECTS)
				rc = cli_usage_error("template", "--projects 应为 1 到 %d 的整数（收到「%s」）",
						     JX_TEMPLATE_MAX_PROJECTS, optarg);
			break;
		}
		case 'h': help(); return EXIT_CLEAN;
		default: rc = cli_option_error("template", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && optind < argc)
		rc = cli_usage_error("template", "不需要文件参数（收到「%s」）", argv[optind]);
	if (rc != EXIT_CLEAN)
		return rc;
	char err[512];
	if (jx_template_write(out, (unsigned)projects, err, sizeof err) != JX_OK) {
		fprintf(stderr, "jixiao template: %s\n", err);
		return EXIT_USAGE;
	}
	fprintf(stderr, "已生成 %s：%lu 张项目表，每张 %d 行指标\n", out, projects,
		JX_TEMPLATE_INDICATORS);
	return EXIT_CLEAN;
}
