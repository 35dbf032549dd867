/*
 * main.c: the jixiao tool's entry point: dispatches to one cmd_<name>.c per
 * subcommand from the table below, and holds the helpers they share.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"check", cmd_check, "读取自评表，按规则复核并审核，列出发现的问题"},
	{"explain", cmd_explain, "逐项显示复核得分及其计算过程"},
	{"profiles", cmd_profiles, "列出内置的评分规则"},
	{"templates", cmd_templates, "列出识别各地自评表所用的表样模板（可加模板文件检查）"},
	{"profile", cmd_profile, "显示一套评分规则的全部生效值（profile show 名称|文件）"},
	{"render", cmd_render, "输出为标准自评表 HTML、带公式的 XLSX、CSV、JSON 或 Markdown"},
	{"report", cmd_report, "生成一个单位或一批表的独立 HTML 报告（图表、项目表、审核发现、各表）"},
	{"template", cmd_template, "生成空白的自评表 Excel 模板（下拉列表、公式、填表说明）"},
	{"serve", cmd_serve, "网页版：查看、上传、填报、复核和下载自评表（数据库有账号时要求登录）"},
	{"import", cmd_import, "复核、审核并把自评表存入数据库（每个文件一个事务）"},
	{"list", cmd_list, "列出数据库中的自评表"},
	{"show", cmd_show, "显示数据库中某个项目的审核发现和汇总（与 check 相同）"},
	{"summary", cmd_summary, "按单位、年度、一级指标或等级汇总"},
	{"compare", cmd_compare, "跨年度比对同一项目的指标（年度指标值降低、照抄等）"},
	{"user", cmd_user, "网页版的账号：添加、列出、停用、启用、改密码"},
	{"unit", cmd_unit, "单位名册：导入各单位及其主管部门（CSV）、列出"},
	{"review", cmd_review, "审核流程的操作：送审、审核通过、退回、抽查、公开（以指定账号）"},
	{"backup", cmd_backup, "把数据库在某一时刻的完整副本写到新文件（服务运行时也可以）"},
	{"task", cmd_task, "自评任务：下达（年度、单位、截止日期）、查看各单位的进度和逾期"},
	{"sample", cmd_sample, "抽查：按单位、金额或等级分层随机抽取审核通过的表（可重现）"},
};

static void usage(FILE *out)
{
	fprintf(out,
		"用法: jixiao <命令> [选项] 文件...\n"
		"\n"
		"jixiao 读取项目支出绩效自评表（财预〔2020〕10号 附件2），按规则复核并审核。\n"
		"\n"
		"命令:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"  jixiao <命令> --help   显示该命令的用法\n"
		"  jixiao --version       显示版本\n");
}

FILE *cli_open(const char *path)
{
	if (strcmp(path, "-") == 0)
		return stdin;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fprintf(stderr, "%s: error: 无法打开文件：%s\n", path, strerror(errno));
	return fp;
}

void cli_close(FILE *fp)
{
	if (fp && fp != stdin)
		fclose(fp);
}

void cli_print_diag(FILE *out, const struct jx_diag *d)
{
	if (d->line) /* 0: the file as a whole */
		fprintf(out, "%s:%lu: %s: ", d->file, d->line, jx_severity_name(d->severity));
	else
		fprintf(out, "%s: %s: ", d->file, jx_severity_name(d->severity));
	if (*d->project)
		fprintf(out, "%s: ", d->project);
	fprintf(out, "%s [%s]\n", d->message, jx_check_name(d->check));
}

/* ID=SEV into its parts; prints the problem and returns 0 when malformed. */
static int parse_check(const char *spec, enum jx_check *check, enum jx_severity *sev)
{
	const char *eq = strchr(spec, '=');
	char id[64];
	if (!eq || (size_t)(eq - spec) >= sizeof id) {
		fprintf(stderr, "jixiao: --check 需要 ID=级别 的形式，如 --check weight-split=ignore（收到「%s」）\n",
			spec);
		return 0;
	}
	memcpy(id, spec, (size_t)(eq - spec));
	id[eq - spec] = '\0';
	if (!jx_check_from_name(id, check)) {
		fprintf(stderr, "jixiao: 没有名为「%s」的检查项（check --list 列出全部）\n", id);
		return 0;
	}
	if (!jx_severity_from_name(eq + 1, sev)) {
		fprintf(stderr, "jixiao: 级别「%s」无效，应为 error、warning、info 或 ignore\n", eq + 1);
		return 0;
	}
	return 1;
}

int cli_rules_add_check(struct cli_rules *r, const char *spec)
{
	enum jx_check check;
	enum jx_severity sev;
	if (!parse_check(spec, &check, &sev))
		return 0;
	r->checks = cli_xrealloc(r->checks, (r->nchecks + 1) * sizeof *r->checks);
	r->checks[r->nchecks++] = spec;
	return 1;
}

void cli_print_profile_error(const struct jx_profile_error *e)
{
	if (e->line)
		fprintf(stderr, "%s:%lu: error: %s\n", e->file, e->line, e->message);
	else
		fprintf(stderr, "%s: error: %s\n", e->file, e->message);
}

int cli_rules_load(struct cli_rules *r, struct jx_ctx *ctx)
{
	struct jx_profile_error err;
	if (jx_profile_load(r->profile_spec ? r->profile_spec : "national", &r->profile, &err) !=
	    JX_OK) {
		cli_print_profile_error(&err);
		return 0;
	}
	if (ctx)
		cli_rules_apply(r, ctx);
	return 1;
}

void cli_rules_apply(const struct cli_rules *r, struct jx_ctx *ctx)
{
	jx_ctx_set_profile(ctx, r->profile);
	for (size_t i = 0; i < r->nchecks; i++) {
		enum jx_check check;
		enum jx_severity sev;
		if (parse_check(r->checks[i], &check, &sev)) /* validated when added */
			jx_ctx_set_severity(ctx, check, sev);
	}
}

void cli_rules_release(struct cli_rules *r)
{
	jx_profile_free(r->profile);
	free(r->checks);
	r->profile = NULL;
	r->checks = NULL;
	r->nchecks = 0;
}

void *cli_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "jixiao: out of memory\n");
		abort();
	}
	return p;
}

char *cli_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(cli_xrealloc(NULL, n), s, n);
}

FILE *cli_temp_file(const char *prefix)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%.4000s/%.40s-XXXXXX", dir && *dir ? dir : "/tmp", prefix);
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	unlink(path);
	FILE *f = fdopen(fd, "w+b");
	if (!f) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

const char *cli_db_path(const char *option)
{
	if (option && *option)
		return option;
	const char *env = getenv("JIXIAO_DB");
	return env && *env ? env : "jixiao.db";
}

struct jx_store *cli_store_open(const char *option, enum jx_store_mode mode)
{
	const char *path = cli_db_path(option);
	struct jx_store *st;
	char err[600];
	if (jx_store_open(path, mode, &st, err, sizeof err) != JX_OK) {
		fprintf(stderr, "%s: error: 无法打开数据库：%s\n", path, err);
		return NULL;
	}
	return st;
}

int cli_year(const char *cmd, const char *arg, int *out)
{
	char *end;
	long y = strtol(arg, &end, 10);
	if (*arg && !*end && y >= 1900 && y <= 2999) {
		*out = (int)y;
		return 1;
	}
	cli_usage_error(cmd, "年度「%s」无效，应为四位数字，如 2023", arg);
	return 0;
}

bool cli_name_matches(const char *name, const char *want, bool contains)
{
	/* "" asks for nothing in particular, as the store's query does */
	return !want || !*want || strcmp(name, want) == 0 || (contains && strstr(name, want));
}

int cli_option_error(const char *cmd, int c, char *const argv[])
{
	if (c == ':')
		return cli_usage_error(cmd, "选项「%s」需要一个值", argv[optind - 1]);
	return cli_usage_error(cmd, "未知选项「%s」", argv[optind - 1]);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "jixiao %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n（jixiao %s --help 查看用法）\n", cmd);
	return EXIT_USAGE;
}

/*
 * Every command's standard output, checked once it is done: a write that
 * failed on the way (a full disk, a file past its size limit, /dev/full)
 * leaves the stream's error flag set, and the last flush may fail too.
 * Either is exit 2 with a message, never 0 with a cut output.  A command
 * that already said so (exit 2) is not told again.
 */
static int finish_stdout(int rc)
{
	errno = 0;
	bool failed = fflush(stdout) != 0;
	failed |= ferror(stdout) != 0;
	failed |= cli_text_finish() != 0; /* the filters of term.c, if any */
	failed |= fflush(stdout) != 0;
	failed |= ferror(stdout) != 0;
	if (!failed)
		return rc;
	if (rc != EXIT_USAGE)
		fprintf(stderr, "jixiao: 写出失败（磁盘已满或超过文件大小限制？）：%s；输出不完整\n",
			errno ? strerror(errno) : "写入出错");
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cli_text_errors(); /* messages quote forms: never their control characters */
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return finish_stdout(EXIT_CLEAN);
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("jixiao %s\n", jx_version());
		return finish_stdout(EXIT_CLEAN);
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return finish_stdout(commands[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "jixiao: 未知命令「%s」\n\n", cmd);
	usage(stderr);
	return finish_stdout(EXIT_USAGE); /* closes the filters of term.c too */
}

int cli_layout(const char *cmd, const char *name, enum jx_layout *out)
{
	if (jx_layout_from_name(name, out))
		return 1;
	cli_usage_error(cmd, "未知版式「%s」，应为 auto、tab、pipe、markdown、html、cells、paragraph、space 或 oneline",
			name);
	return 0;
}
