/*
 * cmd_show.c: `jixiao show PROJECT` — a project's stored forms as check
 * prints them: the findings, then the table per file, then the counts; or
 * the same JSON as check --format json.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

struct show {
	struct jx_store *store;
	bool json;
	long long *ids;
	struct cli_forms_table *tables;
	char **profiles;
	size_t n, ntables;
	unsigned long counts[JX_SEV_ERROR + 1];
	unsigned long nfindings;
	struct jx_buf buf;
};

static int on_form(const struct jx_store_form *r, void *ud)
{
	struct show *sh = ud;
	sh->ids = cli_xrealloc(sh->ids, (sh->n + 1) * sizeof *sh->ids);
	sh->ids[sh->n++] = r->id;
	if (sh->json)
		return 0;
	if (!sh->ntables || strcmp(sh->tables[sh->ntables - 1].file, r->s.file) != 0) {
		sh->tables = cli_xrealloc(sh->tables, (sh->ntables + 1) * sizeof *sh->tables);
		sh->profiles = cli_xrealloc(sh->profiles, (sh->ntables + 1) * sizeof *sh->profiles);
		sh->tables[sh->ntables] = (struct cli_forms_table){.file = cli_xstrdup(r->s.file)};
		sh->profiles[sh->ntables] = cli_xstrdup(r->profile);
		sh->ntables++;
	}
	cli_table_add(&sh->tables[sh->ntables - 1], &r->s);
	return 0;
}

static void on_finding(const struct jx_diag *d, void *ud)
{
	struct show *sh = ud;
	sh->counts[d->severity]++;
	if (!sh->json) {
		cli_print_diag(stdout, d);
		return;
	}
	jx_buf_reset(&sh->buf);
	jx_render_diag_json(&sh->buf, d);
	printf("%s\n%s", sh->nfindings++ ? "," : "", sh->buf.p);
}

static void help(void)
{
	printf("用法: jixiao show [--db 路径] [--year 年度] [--format text|json] [--contains] 项目名称\n"
	       "\n"
	       "从数据库显示项目名称等于给定文字（加 --contains：包含它）的自评表，输出与 check 相同：\n"
	       "每个审核发现一行，然后每个文件一张汇总表；json 与 check --format json 相同。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP
	       "\n"
	       "退出码: 0 无 error 级问题；1 有 error 级问题；2 没有这样的项目或数据库出错。\n");
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},     {"year", required_argument, NULL, 'y'},
		{"format", required_argument, NULL, 'f'}, {"contains", no_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	struct jx_store_query q = {0};
	struct show sh = {0};
	int c, rc = EXIT_CLEAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:y:f:ch", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': q.contains = true; break;
		case 'y':
			if (!cli_year("show", optarg, &q.year))
				rc = EXIT_USAGE;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				sh.json = true;
			else if (strcmp(optarg, "text") != 0)
				rc = cli_usage_error("show", "未知格式「%s」，应为 text 或 json", optarg);
			break;
		case 'h': help(); return EXIT_CLEAN;
		default: rc = cli_option_error("show", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && optind != argc - 1)
		rc = cli_usage_error("show", "需要且只需要一个项目名称");
	if (!sh.json)
		cli_text_output(); /* a form's control characters shown escaped (term.c) */
	if (rc != EXIT_CLEAN || !(sh.store = cli_store_open(db, JX_STORE_READ)))
		return rc != EXIT_CLEAN ? rc : EXIT_USAGE;
	q.project = argv[optind];
	jx_buf_init(&sh.buf, 0);
	bool ok = jx_store_list(sh.store, &q, on_form, &sh) == JX_OK;
	if (ok && !sh.n) {
		fprintf(stderr, "%s: 数据库中没有名称%s「%s」的项目%s\n", cli_db_path(db),
			q.contains ? "包含" : "为", q.project,
			q.contains ? "" : "（名称只是其中一段时加 --contains）");
		rc = EXIT_USAGE;
	} else if (ok && sh.json) {
		fputs("{\"forms\":[", stdout);
		for (size_t i = 0; ok && i < sh.n; i++) {
			jx_buf_reset(&sh.buf);
			ok = jx_store_form_json(sh.store, sh.ids[i], &sh.buf) == JX_OK;
			printf("%s\n%s", i ? "," : "", sh.buf.p ? sh.buf.p : "null");
		}
		fputs("\n],\n\"findings\":[", stdout);
		for (size_t i = 0; ok && i < sh.n; i++)
			ok = jx_store_findings(sh.store, sh.ids[i], on_finding, &sh) == JX_OK;
		fputs("\n]}\n", stdout);
	} else if (ok) {
		for (size_t i = 0; ok && i < sh.n; i++)
			ok = jx_store_findings(sh.store, sh.ids[i], on_finding, &sh) == JX_OK;
		for (size_t i = 0; i < sh.ntables; i++)
			cli_table_print(stdout, &sh.tables[i], sh.profiles[i]);
		printf("\n%zu 张自评表：%lu 个 error，%lu 个 warning，%lu 个 info\n", sh.n,
		       sh.counts[JX_SEV_ERROR], sh.counts[JX_SEV_WARNING], sh.counts[JX_SEV_INFO]);
	}
	if (!ok) {
		fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(sh.store));
		rc = EXIT_USAGE;
	} else if (rc == EXIT_CLEAN && sh.counts[JX_SEV_ERROR]) {
		rc = EXIT_FINDINGS;
	}
	for (size_t i = 0; i < sh.ntables; i++) {
		cli_table_free(&sh.tables[i]);
		free(sh.profiles[i]);
	}
	free(sh.tables);
	free(sh.profiles);
	free(sh.ids);
	jx_buf_release(&sh.buf);
	jx_store_close(sh.store);
	return rc;
}
