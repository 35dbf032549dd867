/*
 * cmd_import.c: `jixiao import` — read, rescore and audit each file as
 * check does, then store its forms, scores and findings in the database,
 * one transaction per file: all of its forms or none.
 *
 * A file is rejected (rolled back, nothing stored) when it cannot be read,
 * holds no form, any part of any form could not be read (an `unparsed`
 * finding: storing what could be read of such a form would lose the rest
 * without a trace), or a form has no year or no project name (it could not
 * be told from another such form), or holds the same form twice.  `unparsed`
 * is an error here whatever --check or the profile say.  Before the commit the stored
 * year-over-year findings of the years next to the file's are brought up to
 * date (jx_store_update_yoy) and printed.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

struct import {
	struct jx_store *store;
	const struct jx_profile *profile;
	const char *path;   /* the file being imported */
	struct cli_held held; /* the current form's findings */
	unsigned long counts[JX_SEV_ERROR + 1];
	bool yoy;           /* findings now come from the comparison: print them */
	bool rejected;
	char why[1200];     /* the first reason for rejecting the file */
	bool failed;        /* the store failed */
};

static void on_diag(const struct jx_diag *d, void *ud)
{
	struct import *im = ud;
	im->counts[d->severity]++;
	if (im->yoy) { /* the store keeps these itself */
		cli_print_diag(stdout, d);
		return;
	}
	if (d->check == JX_CHECK_UNPARSED && !im->rejected) {
		im->rejected = true;
		snprintf(im->why, sizeof im->why, "%s:%lu: %s", d->file, d->line, d->message);
	}
	cli_held_add(&im->held, d);
}

/* Store the findings held so far (unless the file is already lost). */
static void flush(struct import *im)
{
	for (size_t i = 0; i < im->held.n; i++)
		if (!im->rejected && !im->failed &&
		    jx_store_put_finding(im->store, &im->held.v[i]) != JX_OK)
			im->failed = true;
	cli_held_clear(&im->held);
}

static void help(void)
{
	printf("用法: jixiao import [--db 路径] [--profile 规则] [--layout 版式] [--check ID=级别]... 文件...\n"
	       "\n"
	       "读取、复核并审核每个文件中的自评表（同 check），把表、复核得分和审核发现存入数据库。\n"
	       "每个文件一个事务：要么全部存入，要么一张都不存。文件无法读取、没有自评表、任何一张表\n"
	       "有无法读取的部分（unparsed，此时不受 --check 影响）、有表缺少年度或项目名称，或同一张表\n"
	       "出现两次时，整份文件不存入，并指出第一处的文件和行。\n"
	       "同一张表（年度、主管部门、实施单位、项目名称相同）再次导入时替换旧的，旧版本存入历史表。\n"
	       "数据库中有上一年度（或下一年度）的表时，自动跨年度比对（见 jixiao compare），\n"
	       "并更新已存的跨年度发现。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP CLI_LAYOUT_HELP CLI_RULES_HELP
	       "\n"
	       "退出码: 0 全部文件已导入；2 有文件未导入或数据库出错。\n");
}

/* The stored year-over-year findings around each year of this import,
 * brought up to date (see jx_store_update_yoy); printed as they come. */
static void update_yoy(struct import *im, struct jx_ctx *ctx, const int *years, size_t ny)
{
	im->yoy = true;
	for (size_t i = 0; i < ny && !im->failed; i++) {
		unsigned long matched = 0;
		if (jx_store_update_yoy(im->store, ctx, im->profile, years[i], &matched) != JX_OK)
			im->failed = true;
		else if (matched)
			printf("%s：%d 年度与 %d 年度比对（两个年度的全部表），%lu 个项目两年都有\n", im->path,
			       years[i], years[i] - 1, matched);
	}
	im->yoy = false;
}

static void add_year(int *years, size_t *ny, int y)
{
	for (size_t i = 0; i < *ny; i++)
		if (years[i] == y)
			return;
	if (*ny < 64 && y)
		years[(*ny)++] = y;
}

/* Import one file; returns false when it was not stored. */
static bool import_file(struct import *im, const struct cli_rules *rules, enum jx_layout layout,
			const char *path)
{
	FILE *in = cli_open(path);
	if (!in)
		return false;
	struct jx_ctx *ctx = jx_ctx_new();
	cli_rules_apply(rules, ctx);
	/* what could not be read rejects the file whatever --check or the
	 * profile say: a partial form must not be stored */
	jx_ctx_set_severity(ctx, JX_CHECK_UNPARSED, JX_SEV_ERROR);
	jx_ctx_set_diag(ctx, on_diag, im);
	im->path = path;
	im->rejected = im->failed = false;
	im->why[0] = '\0';
	memset(im->counts, 0, sizeof im->counts);
	if (jx_store_begin(im->store, path, rules->profile) != JX_OK) {
		fprintf(stderr, "%s: error: %s\n", path, jx_store_error(im->store));
		jx_ctx_free(ctx);
		cli_close(in);
		return false;
	}
	struct jx_reader *r = jx_reader_new(ctx, in, path);
	jx_reader_set_layout(r, layout);
	struct jx_audit *au = jx_audit_new(ctx);
	struct jx_form *f;
	enum jx_status st;
	unsigned long added = 0, replaced = 0;
	int years[64];
	size_t ny = 0;
	while ((st = jx_reader_next(r, &f)) == JX_OK) {
		jx_form_score(f, rules->profile);
		jx_audit_form(au, f);
		struct jx_summary s;
		jx_form_summary(f, &s);
		if ((!s.year || !*s.project) && !im->rejected) {
			/* no identity: it would replace, or be replaced by, any other
			 * such form; the missing-field finding says which cell */
			im->rejected = true;
			snprintf(im->why, sizeof im->why,
				 "%s:%lu: 表缺少%s，无法确定是哪一张表（按年度、主管部门、实施单位、项目名称识别）",
				 path, s.line, !s.year ? "年度" : "项目名称");
		}
		enum jx_put_result put = JX_PUT_ADDED;
		if (!im->rejected && !im->failed) {
			if (jx_store_put_form(im->store, f, &put) != JX_OK) {
				im->failed = true;
			} else if (put == JX_PUT_DUPLICATE) {
				im->rejected = true;
				snprintf(im->why, sizeof im->why, "%s:%lu: %s", path, s.line,
					 jx_store_error(im->store));
			}
			replaced += put == JX_PUT_REPLACED;
			added += put == JX_PUT_ADDED;
		}
		add_year(years, &ny, s.year);
		flush(im);
		jx_form_free(f);
	}
	jx_audit_finish(au);
	flush(im);
	if (st != JX_DONE && !im->rejected) {
		im->rejected = true;
		snprintf(im->why, sizeof im->why, "%s", st == JX_ERR_NOFORM ? "没有自评表" : "读取失败");
	}
	if (!im->rejected && !im->failed)
		update_yoy(im, ctx, years, ny);
	bool ok = !im->rejected && !im->failed;
	if (ok && jx_store_commit(im->store) != JX_OK) {
		im->failed = true;
		ok = false;
	}
	if (!ok)
		jx_store_rollback(im->store);
	if (im->failed)
		fprintf(stderr, "%s: error: 数据库出错，本文件未导入：%s\n", path, jx_store_error(im->store));
	else if (im->rejected)
		printf("%s：未导入（整份文件不存入）：%s\n", path, im->why);
	else
		printf("%s：新增 %lu 张，替换 %lu 张（旧版本已存入历史）；审核发现 %lu 个 error，%lu 个 warning，%lu 个 info\n",
		       path, added, replaced, im->counts[JX_SEV_ERROR], im->counts[JX_SEV_WARNING],
		       im->counts[JX_SEV_INFO]);
	jx_audit_free(au);
	jx_reader_free(r);
	jx_ctx_free(ctx);
	cli_close(in);
	return ok;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"check", required_argument, NULL, 'c'},
		{"profile", required_argument, NULL, 'P'},
		{"layout", required_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	enum jx_layout layout = JX_LAYOUT_AUTO;
	struct cli_rules rules = {0};
	int c, rc = EXIT_CLEAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:c:P:L:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c':
			if (!cli_rules_add_check(&rules, optarg))
				rc = EXIT_USAGE;
			break;
		case 'P': rules.profile_spec = optarg; break;
		case 'L':
			if (!cli_layout("import", optarg, &layout))
				rc = EXIT_USAGE;
			break;
		case 'h':
			help();
			cli_rules_release(&rules);
			return EXIT_CLEAN;
		default: rc = cli_option_error("import", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && optind >= argc)
		rc = cli_usage_error("import", "缺少要导入的文件");
	/* each file gets its own context (import_file) */
	if (rc == EXIT_CLEAN && !cli_rules_load(&rules, NULL))
		rc = EXIT_USAGE;
	struct import im = {0};
	if (rc == EXIT_CLEAN && !(im.store = cli_store_open(db, JX_STORE_CREATE)))
		rc = EXIT_USAGE;
	if (rc != EXIT_CLEAN) {
		cli_rules_release(&rules);
		return rc;
	}
	im.profile = rules.profile;
	unsigned long done = 0, rejected = 0;
	for (int i = optind; i < argc; i++) {
		if (import_file(&im, &rules, layout, argv[i]))
			done++;
		else
			rejected++;
	}
	unsigned long history = 0;
	jx_store_history_count(im.store, &history);
	printf("%lu 个文件已导入，%lu 个未导入；数据库 %s 的历史表共 %lu 条\n", done, rejected,
	       cli_db_path(db), history);
	cli_held_free(&im.held);
	jx_store_close(im.store);
	cli_rules_release(&rules);
	return rejected ? EXIT_USAGE : EXIT_CLEAN;
}
