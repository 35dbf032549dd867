/*
 * cmd_render.c: `jixiao render` — the forms of the inputs in a document
 * format: the standard 自评表 as printable HTML (the rescored numbers and
 * findings beside the declared ones), XLSX with live formulas, CSV one row
 * per indicator, the check JSON, or Markdown.
 *
 * Forms stream through as in check: read, score, audit, render, free; the
 * findings of a form are held until it is rendered, and the findings that
 * compare forms (cross-form, inconsistent-method) close the document.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>

enum format { F_HTML, F_XLSX, F_CSV, F_JSON, F_MD };

struct render {
	enum format fmt;
	const char *project;   /* only forms named so (or containing it) */
	FILE *out;
	struct jx_buf buf;
	struct jx_xlsx *xlsx;
	unsigned long forms, json_findings;
	struct cli_held after; /* the findings that compare forms, for the end */
	struct jx_buf findings_json;
	bool too_many;         /* the workbook is full */
	bool contains;         /* --contains: a project whose name holds --project */
	bool clean;            /* --clean: html of the forms as printed, no review at all */
	bool failed;           /* a form could not go into the workbook: none is written */
};


static bool wanted_name(const struct render *r, const char *project)
{
	return cli_name_matches(project, r->project, r->contains);
}

static bool wanted(const struct render *r, const struct jx_form *f)
{
	struct jx_summary s;
	jx_form_summary(f, &s);
	return wanted_name(r, s.project);
}

static void put_findings_md(struct jx_buf *b, const struct jx_diag *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		jx_buf_printf(b, "- %s 第 %lu 行：", jx_severity_name(d[i].severity), d[i].line);
		/* a finding quotes cells: escaped like them (escape.c) */
		jx_render_md_text(b, d[i].message);
		jx_buf_printf(b, " [%s]\n", jx_check_name(d[i].check));
	}
	if (n)
		jx_buf_puts(b, "\n");
}

static void json_findings(struct render *r, const struct jx_diag *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		jx_buf_puts(&r->findings_json, r->json_findings++ ? ",\n" : "\n");
		jx_render_diag_json(&r->findings_json, &d[i]);
	}
}

static void one_form(struct render *r, const struct jx_form *f, const struct jx_diag *d, size_t n)
{
	struct jx_buf *b = &r->buf;
	char id[32];
	snprintf(id, sizeof id, "form-%lu", r->forms + 1);
	switch (r->fmt) {
	case F_HTML:
		if (r->clean)
			jx_render_form_html_clean(b, f, id);
		else
			jx_render_form_html(b, f, id, d, n);
		break;
	case F_MD:
		jx_render_form_md(b, f);
		put_findings_md(b, d, n);
		break;
	case F_CSV: jx_render_form_csv(b, f); break;
	case F_JSON: {
		struct jx_buf one;
		jx_buf_init(&one, 0);
		jx_render_form_json(&one, f);
		fprintf(r->out, "%s\n%s", r->forms ? "," : "", one.p);
		jx_buf_release(&one);
		json_findings(r, d, n); /* kept until the forms are out */
		break;
	}
	case F_XLSX:
		/* past the cap the forms are only counted: the workbook is
		 * refused at the end, never written with the first 4,096 */
		if (r->forms >= JX_XLSX_MAX_FORMS)
			r->too_many = true;
		else if (jx_xlsx_add_form(r->xlsx, f) != JX_OK) {
			fprintf(stderr, "jixiao render: 表 %lu 未能写入 xlsx：不写出缺表的工作簿\n", r->forms + 1);
			r->failed = true;
		}
		break;
	}
	r->forms++;
	if (r->fmt != F_JSON && b->n && r->fmt != F_XLSX) {
		fwrite(b->p, 1, b->n, r->out);
		jx_buf_reset(b);
	}
}

static void each_form(const struct jx_form *f, const struct jx_diag *d, size_t n, void *ud)
{
	struct render *r = ud;
	if (wanted(r, f))
		one_form(r, f, d, n);
}

/* The findings that compare forms: kept for the end of the document. */
static void between(const struct jx_diag *d, size_t n, void *ud)
{
	struct render *r = ud;
	for (size_t i = 0; i < n; i++)
		if (wanted_name(r, d[i].project)) /* about a form rendered */
			cli_held_add(&r->after, &d[i]);
}

static void unreadable_json(const struct jx_diag *d, size_t n, void *ud)
{
	json_findings(ud, d, n);
}

static void help(void)
{
	printf("用法: jixiao render --format html|xlsx|csv|json|md [-o 输出文件] [--project 名称 [--contains]]\n"
	       "                     [--layout 版式] [--profile 规则] [--check ID=级别]... 文件...\n"
	       "       jixiao render --format … [-o 输出文件] [--project 名称] --db 路径 [--year 年度]\n"
	       "\n"
	       "把自评表输出为：\n"
	       "  html  标准自评表版式（合并单元格、年度行），A4 打印每表一页；申报数旁显示复核数和\n"
	       "        审核发现，页面顶部可切换为只显示原表；加 --clean 只输出原表（文档中没有复核数、\n"
	       "        等级和审核发现，复制、打印、转为 PDF 或 Word 后只有原表）\n"
	       "  xlsx  每表一个工作表，执行率、执行得分、定量指标得分、总分和等级为公式，改动实际值\n"
	       "        即重算；另有汇总表（需要 -o）\n"
	       "  csv   每个指标一行，重复表的主要字段，便于数据透视\n"
	       "  json  同 check --format json\n"
	       "  md    每表一个标题和两张管道表\n"
	       "\n"
	       "选项:\n"
	       "  -o 文件         写入文件（默认标准输出；xlsx 必须指定）\n"
	       "  --project 名称  只输出项目名称为该名称的表（加 --contains：名称包含该文字的表）\n"
	       "  --expect 文件   xlsx：另写每个公式单元格的 jixiao 复核值（工作表、单元格、值），供核对\n"
	       "  --db 路径       输出数据库中的表（按导入时的原文和评分规则重新复核，审核发现取自数据库）\n"
	       "  --year 年度     与 --db 同用：只输出该年度\n"
	       CLI_LAYOUT_HELP CLI_RULES_HELP CLI_JOBS_HELP
	       "\n"
	       "退出码: 0 已输出；2 用法错误、输入无法读取或写出失败。\n");
}

static int parse_format(const char *s, enum format *f)
{
	static const char *const names[] = {"html", "xlsx", "csv", "json", "md"};
	for (int i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum format)i;
			return 1;
		}
	return cli_usage_error("render", "未知格式「%s」，应为 html、xlsx、csv、json 或 md", s), 0;
}

int cmd_render(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
		{"project", required_argument, NULL, 'p'}, {"expect", required_argument, NULL, 'e'},
		{"contains", no_argument, NULL, 'C'}, {"clean", no_argument, NULL, 'K'},
		{"layout", required_argument, NULL, 'L'}, {"ocr", no_argument, NULL, 'O'}, {"profile", required_argument, NULL, 'P'},
		{"check", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'}, {"jobs", required_argument, NULL, 'j'},
		{"db", required_argument, NULL, 'd'},    {"year", required_argument, NULL, 'y'},
		{NULL, 0, NULL, 0},
	};
	struct render r = {.fmt = F_HTML, .out = stdout};
	const char *db = NULL;
	int year = 0;
	struct cli_rules rules = {0};
	const char *output = NULL, *expect_path = NULL;
	enum jx_layout layout = JX_LAYOUT_AUTO;
	bool have_format = false;
	int c, rc = EXIT_CLEAN, jobs = cli_jobs_default();
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:o:p:e:L:P:c:hd:y:CKOj:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'y':
			if (!cli_year("render", optarg, &year))
				rc = EXIT_USAGE;
			break;
		case 'f':
			have_format = true;
			if (!parse_format(optarg, &r.fmt))
				rc = EXIT_USAGE;
			break;
		case 'o': output = optarg; break;
		case 'p': r.project = optarg; break;
		case 'C': r.contains = true; break;
		case 'K': r.clean = true; break;
		case 'e': expect_path = optarg; break;
		case 'O': cli_ocr = true; break;
		case 'L':
			if (!cli_layout("render", optarg, &layout))
				rc = EXIT_USAGE;
			break;
		case 'P': rules.profile_spec = optarg; break;
		case 'c':
			if (!cli_rules_add_check(&rules, optarg))
				rc = EXIT_USAGE;
			break;
		case 'j':
			if (!cli_jobs("render", optarg, &jobs))
				rc = EXIT_USAGE;
			break;
		case 'h':
			help();
			cli_rules_release(&rules);
			return EXIT_CLEAN;
		default: rc = cli_option_error("render", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && !have_format)
		rc = cli_usage_error("render", "缺少 --format（html、xlsx、csv、json 或 md）");
	if (rc == EXIT_CLEAN && !db && optind >= argc)
		rc = cli_usage_error("render", "缺少要输出的文件（或 --db 数据库）");
	if (rc == EXIT_CLEAN && db && optind < argc)
		rc = cli_usage_error("render", "--db 与文件只能二选一");
	if (rc == EXIT_CLEAN && year && !db)
		rc = cli_usage_error("render", "--year 只用于 --db");
	if (rc == EXIT_CLEAN && db && (rules.profile_spec || rules.nchecks || layout != JX_LAYOUT_AUTO))
		rc = cli_usage_error("render", "--db 的表按导入时的评分规则复核、用导入时的审核发现："
					       "--profile、--check、--layout 不能与 --db 同用");
	if (rc == EXIT_CLEAN && r.fmt == F_XLSX && !output)
		rc = cli_usage_error("render", "xlsx 需要 -o 输出文件");
	if (rc == EXIT_CLEAN && r.clean && r.fmt != F_HTML)
		rc = cli_usage_error("render", "--clean 只用于 html");
	if (rc == EXIT_CLEAN && expect_path && r.fmt != F_XLSX)
		rc = cli_usage_error("render", "--expect 只用于 xlsx");
	struct jx_ctx *ctx = jx_ctx_new();
	if (rc == EXIT_CLEAN && !cli_rules_load(&rules, ctx))
		rc = EXIT_USAGE;
	if (rc == EXIT_CLEAN && output && r.fmt != F_XLSX && !(r.out = fopen(output, "wb"))) {
		fprintf(stderr, "%s: error: 无法写入：%s\n", output, strerror(errno));
		rc = EXIT_USAGE;
	}
	struct jx_buf expect;
	jx_buf_init(&expect, 0);
	if (rc == EXIT_CLEAN && r.fmt == F_XLSX &&
	    jx_xlsx_open(output, expect_path ? &expect : NULL, &r.xlsx) != JX_OK) {
		fprintf(stderr, "%s: error: 无法创建 xlsx 文件\n", output);
		rc = EXIT_USAGE;
	}
	if (rc != EXIT_CLEAN) {
		if (r.out && r.out != stdout)
			fclose(r.out);
		cli_rules_release(&rules);
		jx_ctx_free(ctx);
		jx_buf_release(&expect);
		return rc;
	}
	jx_buf_init(&r.buf, 0);
	jx_buf_init(&r.findings_json, 0);
	if (r.fmt == F_HTML && r.clean)
		jx_render_html_begin_clean(&r.buf, "项目支出绩效自评表");
	else if (r.fmt == F_HTML)
		jx_render_html_begin(&r.buf, "项目支出绩效自评表");
	else if (r.fmt == F_CSV)
		jx_render_csv_header(&r.buf);
	else if (r.fmt == F_JSON)
		fputs("{\"forms\":[", r.out);
	bool unreadable = false;
	if (db) {
		/* stored forms, each with its own findings (cross-form ones included) */
		struct jx_store_query q = {.year = year, .project = r.project, .contains = r.contains};
		if (!cli_stored_forms(db, &q, each_form, &r))
			unreadable = true;
	}
	struct cli_form_sink sink = {each_form, between, r.fmt == F_JSON ? unreadable_json : NULL,
				     &r};
	if (!db && !cli_read_forms(ctx, argv + optind, argc - optind, layout, rules.profile, jobs, &sink))
		unreadable = true;
	switch (r.fmt) {
	case F_HTML:
		if (r.after.n && !r.clean) { /* findings between forms, at the end */
			/* review only: hidden with the rest in the clean view */
			jx_buf_puts(&r.buf, "<section class=\"form review\"><h1>跨表审核发现</h1><ol class=\"findings\">");
			for (size_t k = 0; k < r.after.n; k++) {
				jx_buf_printf(&r.buf, "<li class=\"%s\">", jx_severity_name(r.after.v[k].severity));
				jx_render_html_text(&r.buf, r.after.v[k].file);
				jx_buf_printf(&r.buf, ":%lu ", r.after.v[k].line);
				jx_render_html_text(&r.buf, r.after.v[k].project);
				jx_buf_puts(&r.buf, "：");
				jx_render_html_text(&r.buf, r.after.v[k].message);
				jx_buf_printf(&r.buf, " [%s]</li>", jx_check_name(r.after.v[k].check));
			}
			jx_buf_puts(&r.buf, "</ol></section>\n");
		}
		jx_render_html_end(&r.buf);
		break;
	case F_MD:
		if (r.after.n) {
			jx_buf_puts(&r.buf, "## 跨表审核发现\n\n");
			put_findings_md(&r.buf, r.after.v, r.after.n);
		}
		break;
	case F_JSON:
		json_findings(&r, r.after.v, r.after.n);
		fputs("\n],\n\"findings\":[", r.out);
		fwrite(r.findings_json.p ? r.findings_json.p : "", 1, r.findings_json.n, r.out);
		fputs("\n]}\n", r.out);
		break;
	default: break;
	}
	if (r.fmt != F_XLSX)
		fwrite(r.buf.p ? r.buf.p : "", 1, r.buf.n, r.out);
	char err[256] = "";
	if (r.fmt == F_XLSX && jx_xlsx_close(r.xlsx, err, sizeof err) != JX_OK) {
		fprintf(stderr, "%s: error: 写出 xlsx 失败：%s\n", output, err);
		remove(output); /* whatever part of it was written */
		unreadable = true;
	}
	if (expect_path && r.too_many)
		remove(expect_path); /* checks of a workbook not written */
	else if (expect_path) {
		FILE *e = fopen(expect_path, "wb");
		if (!e || fwrite(expect.p ? expect.p : "", 1, expect.n, e) != expect.n || fclose(e)) {
			fprintf(stderr, "%s: error: 无法写入\n", expect_path);
			unreadable = true;
		}
	}
	/* a write that failed on the way leaves the error flag; the last
	 * flush may fail too: either is a cut document, removed if it is ours */
	bool cut = r.out && ferror(r.out);
	if (r.out && (r.out != stdout ? fclose(r.out) != 0 : fflush(r.out) != 0))
		cut = true;
	if (cut) {
		fprintf(stderr, "jixiao: 写出失败（磁盘已满或超过文件大小限制？）：%s；%s\n",
			errno ? strerror(errno) : "写入出错",
			output ? "不完整的输出文件已删除" : "输出不完整");
		if (output && r.fmt != F_XLSX)
			remove(output);
		unreadable = true;
	}
	if (r.failed && output) {
		remove(output);
		unreadable = true;
	}
	if (r.too_many) {
		fprintf(stderr,
			"jixiao render: 一个 xlsx 工作簿最多 %d 张表，符合条件的有 %lu 张：未写出工作簿%s。"
			"请用 --project、--year 分批输出，或输出 csv / json\n",
			JX_XLSX_MAX_FORMS, r.forms, output ? "（已删除未完成的文件）" : "");
		if (output)
			remove(output);
	}
	if (!r.forms && !unreadable)
		fprintf(stderr, "jixiao render: 没有符合条件的表%s%s%s\n", r.project ? "（--project " : "",
			r.project ? r.project : "", r.project ? "）" : "");
	if (!r.forms && output)
		remove(output); /* no document: no file that looks like one */
	jx_buf_release(&r.buf);
	jx_buf_release(&r.findings_json);
	jx_buf_release(&expect);
	cli_held_free(&r.after);
	cli_rules_release(&rules);
	jx_ctx_free(ctx);
	return unreadable || r.too_many || !r.forms ? EXIT_USAGE : EXIT_CLEAN;
}
