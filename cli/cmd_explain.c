/*
 * cmd_explain.c: `jixiao explain` — each form with its rescored numbers and
 * the trace behind every one, followed by the findings about that form.
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>

struct explain {
	struct jx_buf findings; /* the current form's findings, printed after it */
};

static void on_diag(const struct jx_diag *d, void *ud)
{
	struct explain *ex = ud;
	jx_buf_printf(&ex->findings, "  %s:%lu: %s: %s [%s]\n", d->file, d->line,
		      jx_severity_name(d->severity), d->message, jx_check_name(d->check));
}

static void help(void)
{
	printf("用法: jixiao explain [--project 名称 [--contains]] [--layout 版式] [--profile 规则] [--check ID=级别]... 文件\n"
	       "\n"
	       "逐张显示自评表的复核结果：预算执行率、每项指标和总分的复核得分，\n"
	       "以及每个数字背后的公式、输入和所依据的评分规则；其后列出该表的审核问题。\n"
	       "\n"
	       "选项:\n"
	       "  --project 名称  只显示项目名称为该名称的表（加 --contains：名称包含该文字的表）\n"
	       CLI_LAYOUT_HELP
	       CLI_RULES_HELP);
}

static void flush_findings(struct explain *ex)
{
	if (ex->findings.n) {
		printf("审核发现:\n%s\n", ex->findings.p);
		jx_buf_reset(&ex->findings);
	}
}

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{"project", required_argument, NULL, 'p'},
		{"check", required_argument, NULL, 'c'},
		{"profile", required_argument, NULL, 'P'},
		{"layout", required_argument, NULL, 'L'}, {"ocr", no_argument, NULL, 'O'},
		{"contains", no_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *project = NULL;
	bool contains = false;
	int c, rc = EXIT_CLEAN;
	enum jx_layout layout = JX_LAYOUT_AUTO;
	struct cli_rules rules = {0};
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":p:c:hL:P:CO", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			contains = true;
			break;
		case 'p':
			project = optarg;
			break;
		case 'c':
			if (!cli_rules_add_check(&rules, optarg))
				rc = EXIT_USAGE;
			break;
		case 'P':
			rules.profile_spec = optarg;
			break;
		case 'O': cli_ocr = true; break;
		case 'L':
			if (!cli_layout("explain", optarg, &layout))
				rc = EXIT_USAGE;
			break;
		case 'h':
			help();
			cli_rules_release(&rules);
			return EXIT_CLEAN;
		default:
			rc = cli_option_error("explain", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && optind != argc - 1)
		rc = cli_usage_error("explain", "需要且只需要一个文件");
	struct jx_ctx *ctx = jx_ctx_new();
	if (rc == EXIT_CLEAN && !cli_rules_load(&rules, ctx))
		rc = EXIT_USAGE;
	if (rc != EXIT_CLEAN) {
		cli_rules_release(&rules);
		jx_ctx_free(ctx);
		return rc;
	}
	const char *path = argv[optind];
	cli_text_output(); /* a form's control characters shown escaped (term.c) */
	FILE *in = cli_open(path);
	if (!in) {
		cli_rules_release(&rules);
		jx_ctx_free(ctx);
		return EXIT_USAGE;
	}
	struct explain ex;
	jx_buf_init(&ex.findings, 0);
	jx_ctx_set_diag(ctx, on_diag, &ex);
	struct jx_reader *r = cli_reader(ctx, in, path, layout);
	struct jx_audit *audit = jx_audit_new(ctx);
	struct jx_buf out;
	jx_buf_init(&out, 0);
	struct jx_form *f;
	enum jx_status st;
	unsigned long shown = 0;
	while ((st = jx_reader_next(r, &f)) == JX_OK) {
		struct jx_summary s;
		jx_form_score(f, rules.profile);
		jx_form_summary(f, &s);
		bool want = cli_name_matches(s.project, project, contains);
		if (want) {
			jx_audit_form(audit, f);
			jx_buf_reset(&out);
			jx_render_explain(&out, f);
			fwrite(out.p, 1, out.n, stdout);
			flush_findings(&ex);
			shown++;
		} else {
			jx_buf_reset(&ex.findings); /* reading notes of a form not shown */
		}
		jx_form_free(f);
	}
	if (st != JX_DONE) {
		fputs(ex.findings.p ? ex.findings.p : "", stderr);
		rc = EXIT_USAGE;
	} else {
		jx_buf_reset(&ex.findings);
		jx_audit_finish(audit);
		if (ex.findings.n)
			printf("跨表审核发现:\n%s", ex.findings.p);
		if (project && !shown) {
			fprintf(stderr, "%s: 没有名称为「%s」的项目（共 %lu 张表）\n", path, project,
				jx_reader_count(r));
			rc = EXIT_USAGE;
		}
	}
	jx_audit_free(audit);
	jx_reader_free(r);
	cli_close(in);
	jx_buf_release(&out);
	jx_buf_release(&ex.findings);
	cli_rules_release(&rules);
	jx_ctx_free(ctx);
	return rc;
}
