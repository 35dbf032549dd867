/*
 * cmd_check.c: `jixiao check` — read every form, rescore it, audit it, and
 * print the findings and a table per file (text) or the JSON contract.
 *
 * Forms stream through one at a time (read -> score -> audit -> print ->
 * free).  In JSON the findings array follows the forms array, so findings
 * are spooled to a temporary file meanwhile; memory stays flat however many
 * forms a file holds.  The text table keeps one small row per form.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum format { FMT_TEXT, FMT_JSON };

struct run {
	enum format fmt;
	enum jx_layout layout;
	const char *template_spec; /* --template */
	FILE *out;
	FILE *spool;          /* JSON findings, until the forms are out */
	unsigned long nspooled;
	struct jx_buf buf;
	struct cli_forms_table *tables;
	size_t ntables;
	unsigned long forms;
	unsigned long unopened;
	bool unreadable;
	bool spool_failed; /* a finding could not be written to the spool */
	int spool_errno;
	const struct jx_profile *profile;
};

static void on_diag(const struct jx_diag *d, void *ud)
{
	struct run *run = ud;
	if (run->fmt == FMT_TEXT) {
		cli_print_diag(run->out, d);
		return;
	}
	jx_buf_reset(&run->buf);
	jx_buf_puts(&run->buf, run->nspooled++ ? ",\n" : "\n");
	jx_render_diag_json(&run->buf, d);
	if (fwrite(run->buf.p, 1, run->buf.n, run->spool) != run->buf.n && !run->spool_failed) {
		run->spool_failed = true;
		run->spool_errno = errno;
	}
}

static void help(void)
{
	printf("用法: jixiao check [--format text|json] [--layout 版式] [--template 模板] [--profile 规则] [--check ID=级别]... 文件...\n"
	       "\n"
	       "读取项目支出绩效自评表，按评分规则（默认国家规则，财预〔2020〕10号）复核得分，\n"
	       "审核算术、评分与填报问题。文件为 - 时读标准输入。文件可以是文本（PDF、Word、\n"
	       "网页转出的各种版式）、Excel 工作簿（.xlsx、.xls）、render 的 CSV 或 check 的 JSON，\n"
	       "按内容识别。\n"
	       "\n"
	       "选项:\n"
	       "  --format text   每个问题一行：文件:行: 级别: 项目: 说明 [检查项]，然后每个文件一张汇总表（默认）\n"
	       "  --format json   JSON（格式见 README「JSON」）\n"
	       CLI_LAYOUT_HELP
	       "  --template 模板 按指定表样模板读取文本（内置模板名，或 .tpl 文件；见 jixiao templates）\n"
	       CLI_RULES_HELP
	       CLI_JOBS_HELP
	       "  --list          列出全部检查项：编号、默认级别、名称、说明、适用的表样（按内置评分方案）\n"
	       "\n"
	       "退出码: 0 无 error 级问题；1 有 error 级问题；2 用法错误或输入无法读取。\n");
}

struct tpl_list {
	char name[64][48];
	unsigned provides[64];
	size_t n;
};

static void collect_template(const char *name, const char *scheme, const char *description,
			     const char *file, void *userdata)
{
	(void)description;
	(void)file;
	struct tpl_list *l = userdata;
	if (l->n == 64)
		return;
	snprintf(l->name[l->n], sizeof l->name[l->n], "%s", name);
	l->provides[l->n++] = jx_scheme_provides(NULL, scheme);
}

/*
 * Every check: id, default severity, Chinese name, what it looks for, and
 * the shipped templates whose scoring scheme (national profile) gives it
 * what it needs (jx_check_needs): 「全部表样」 when all of them.
 */
static void list_checks(void)
{
	struct tpl_list l = {.n = 0};
	char err[256];
	if (jx_templates(NULL, 0, collect_template, &l, err, sizeof err) != JX_OK)
		l.n = 0;
	for (int i = 0; i < JX_CHECK__COUNT; i++) {
		enum jx_check c = (enum jx_check)i;
		unsigned need = jx_check_needs(c);
		char which[2048] = "";
		size_t n = 0, len = 0;
		for (size_t k = 0; k < l.n; k++)
			if ((l.provides[k] & need) == need) {
				int w = snprintf(which + len, sizeof which - len, "%s%s", n ? "、" : "",
						 l.name[k]);
				if (w > 0 && (size_t)w < sizeof which - len)
					len += (size_t)w;
				n++;
			}
		printf("%-24s %-7s %s：%s（适用：%s）\n", jx_check_name(c),
		       jx_severity_name(jx_check_default_severity(c)), jx_check_title(c),
		       jx_check_summary(c), !l.n ? "（模板未能读取）" : n == l.n ? "全部表样" : n ? which : "无");
	}
}

/* ---- forms, in input order (batch.c) ------------------------------------------------ */

/* A form as its output: the JSON object, or the table row's summary. */
struct item {
	struct jx_buf json;
	struct jx_summary s;
	char *project, *grade;
};

static void *work(struct jx_form *f, size_t *bytes, void *ud)
{
	struct run *run = ud;
	struct item *it = cli_xrealloc(NULL, sizeof *it);
	memset(it, 0, sizeof *it);
	if (run->fmt == FMT_JSON) {
		jx_buf_init(&it->json, 0);
		jx_render_form_json(&it->json, f);
	} else {
		jx_form_summary(f, &it->s);
		it->project = cli_xstrdup(it->s.project);
		it->grade = cli_xstrdup(it->s.grade ? it->s.grade : "");
		it->s.project = it->project;
		it->s.grade = it->grade;
		it->s.file = it->s.implementer = it->s.department = NULL; /* not printed */
	}
	*bytes = sizeof *it + it->json.cap;
	jx_form_free(f);
	return it;
}

static void take(void *p, void *ud)
{
	struct run *run = ud;
	struct item *it = p;
	if (run->fmt == FMT_JSON) {
		fputs(run->forms ? ",\n" : "\n", run->out);
		fwrite(it->json.p, 1, it->json.n, run->out);
		jx_buf_release(&it->json);
	} else {
		cli_table_add(&run->tables[run->ntables - 1], &it->s);
		free(it->project);
		free(it->grade);
	}
	free(it);
	run->forms++;
}

static void on_file(const char *path, enum cli_file_event ev, enum jx_status st, void *ud)
{
	(void)st;
	struct run *run = ud;
	switch (ev) {
	case CLI_FILE_BEGIN:
		if (run->fmt == FMT_TEXT) {
			run->tables =
				cli_xrealloc(run->tables, (run->ntables + 1) * sizeof *run->tables);
			struct cli_forms_table *t = &run->tables[run->ntables++];
			memset(t, 0, sizeof *t);
			t->file = cli_xstrdup(path);
		}
		break;
	case CLI_FILE_READ: break;
	case CLI_FILE_UNOPENED: run->unopened++; /* fall through */
	case CLI_FILE_UNREADABLE: run->unreadable = true; break;
	}
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"check", required_argument, NULL, 'c'},
		{"profile", required_argument, NULL, 'P'},
		{"layout", required_argument, NULL, 'L'}, {"ocr", no_argument, NULL, 'O'},
		{"template", required_argument, NULL, 'T'},
		{"list", no_argument, NULL, 'l'},
		{"jobs", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct run run = {.fmt = FMT_TEXT, .out = stdout};
	struct cli_rules rules = {0};
	int c, rc = EXIT_CLEAN, jobs = cli_jobs_default();
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:c:lhL:P:T:Oj:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				run.fmt = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				run.fmt = FMT_JSON;
			else
				rc = cli_usage_error("check", "未知格式「%s」，应为 text 或 json", optarg);
			break;
		case 'c':
			if (!cli_rules_add_check(&rules, optarg))
				rc = EXIT_USAGE;
			break;
		case 'P':
			rules.profile_spec = optarg;
			break;
		case 'l':
			list_checks();
			cli_rules_release(&rules);
			return EXIT_CLEAN;
		case 'O': cli_ocr = true; break;
		case 'L':
			if (!cli_layout("check", optarg, &run.layout))
				rc = EXIT_USAGE;
			break;
		case 'T':
			run.template_spec = optarg;
			break;
		case 'j':
			if (!cli_jobs("check", optarg, &jobs))
				rc = EXIT_USAGE;
			break;
		case 'h':
			help();
			cli_rules_release(&rules);
			return EXIT_CLEAN;
		default:
			rc = cli_option_error("check", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && optind >= argc)
		rc = cli_usage_error("check", "缺少要检查的文件");
	if (rc == EXIT_CLEAN && run.template_spec) { /* refused once, before any file */
		char err[1024];
		struct jx_ctx *probe_ctx = jx_ctx_new();
		struct jx_reader *probe = jx_reader_new(probe_ctx, stdin, "-");
		if (jx_reader_set_template(probe, run.template_spec, err, sizeof err) != JX_OK) {
			fprintf(stderr, "jixiao: %s\n", err);
			rc = EXIT_USAGE;
		}
		jx_reader_free(probe);
		jx_ctx_free(probe_ctx);
	}
	if (run.fmt == FMT_TEXT) {
		cli_text_output(); /* a form's control characters shown escaped (term.c) */
		run.out = stdout;
	}
	struct jx_ctx *ctx = jx_ctx_new();
	if (rc == EXIT_CLEAN && !cli_rules_load(&rules, ctx))
		rc = EXIT_USAGE;
	if (rc != EXIT_CLEAN) {
		cli_rules_release(&rules);
		jx_ctx_free(ctx);
		return rc;
	}
	run.profile = rules.profile;
	jx_buf_init(&run.buf, 0);
	if (run.fmt == FMT_JSON) {
		run.spool = cli_temp_file("jixiao-findings");
		if (!run.spool) /* a TMPDIR that is not there: /tmp, as tmpfile() did */
			run.spool = tmpfile();
		if (!run.spool) {
			perror("jixiao: 无法创建临时文件（TMPDIR）");
			cli_rules_release(&rules);
			jx_ctx_free(ctx);
			return EXIT_USAGE;
		}
		/* hundreds of megabytes of JSON: written BULK_BUFFER at a time,
		 * not stdio's 4 KB (a write call each), to a terminal as it
		 * comes; buffers of ours, as glibc takes no size without one */
		static char out_buf[BULK_BUFFER], spool_buf[BULK_BUFFER];
		if (!isatty(fileno(run.out)))
			setvbuf(run.out, out_buf, _IOFBF, sizeof out_buf);
		setvbuf(run.spool, spool_buf, _IOFBF, sizeof spool_buf);
		fputs("{\"forms\":[", run.out);
	}
	jx_ctx_set_diag(ctx, on_diag, &run);
	struct jx_audit *audit = jx_audit_new(ctx);
	struct cli_batch batch = {.jobs = jobs, .layout = run.layout,
				  .template_spec = run.template_spec, .profile = run.profile,
				  .ctx = ctx, .audit = audit, .work = work, .take = take,
				  .file = on_file, .ud = &run};
	cli_batch_run(&batch, argv + optind, argc - optind);
	jx_audit_finish(audit);
	jx_audit_free(audit);

	if (run.fmt == FMT_JSON) {
		fputs("\n],\n\"findings\":[", run.out);
		/* the findings back from the spool; a spool that failed (a full
		 * temporary directory) fails the run, never shortens the list */
		if (!run.spool_failed && (fflush(run.spool) != 0 || fseek(run.spool, 0, SEEK_SET) != 0)) {
			run.spool_failed = true;
			run.spool_errno = errno;
		}
		if (run.spool_failed) {
			fprintf(stderr, "jixiao: 审核发现写入临时文件（TMPDIR）失败：%s；输出的审核发现不完整\n",
				strerror(run.spool_errno));
			run.unreadable = true;
		} else {
			char chunk[1 << 14];
			size_t n;
			while ((n = fread(chunk, 1, sizeof chunk, run.spool)) > 0)
				fwrite(chunk, 1, n, run.out);
			if (ferror(run.spool)) {
				perror("jixiao: 审核发现从临时文件读回失败；输出的审核发现不完整");
				run.unreadable = true;
			}
		}
		fclose(run.spool);
		fputs("\n]}\n", run.out);
	} else {
		for (size_t i = 0; i < run.ntables; i++) {
			if (run.tables[i].n)
				cli_table_print(run.out, &run.tables[i], jx_profile_name(run.profile));
			cli_table_free(&run.tables[i]);
		}
		free(run.tables);
		fprintf(run.out, "\n%lu 张自评表：%lu 个 error，%lu 个 warning，%lu 个 info", run.forms,
			jx_ctx_count(ctx, JX_SEV_ERROR), jx_ctx_count(ctx, JX_SEV_WARNING),
			jx_ctx_count(ctx, JX_SEV_INFO));
		if (run.unopened)
			fprintf(run.out, "；%lu 个文件无法打开", run.unopened);
		fputc('\n', run.out);
	}
	if (fflush(run.out) != 0) {
		perror("jixiao: 写出失败");
		run.unreadable = true;
	}
	rc = run.unreadable ? EXIT_USAGE
	     : jx_ctx_count(ctx, JX_SEV_ERROR) ? EXIT_FINDINGS
					       : EXIT_CLEAN;
	jx_buf_release(&run.buf);
	cli_rules_release(&rules); /* after the last form: grades point into it */
	jx_ctx_free(ctx);
	return rc;
}
