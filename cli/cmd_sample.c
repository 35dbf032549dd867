/*
 * cmd_sample.c: `jixiao sample` — 财政's 抽查: a reproducible random sample
 * of a year's forms that passed review (审核通过), drawn in strata, each
 * sampled form moved to 抽查复核中 as the given finance account
 * (jx_review_act), or only listed with --dry-run.
 *
 * Decisions: from each stratum ceil(rate × its forms) are drawn (at least one), so every
 * unit (or band, or grade) with a passed form has at least one sampled —
 * what a bureau's 抽查 means by 覆盖; the draw is a Fisher–Yates shuffle
 * of the stratum's forms in id order by SplitMix64 seeded with --seed, so
 * the same database and seed give the same sample on any machine.
 * Amount strata (全年预算数, 万元): under 10, 10–50, 50–100, 100–500, 500
 * and more, and none.
 */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum strata { BY_UNIT, BY_AMOUNT, BY_GRADE };

struct cand {
	long long id;
	char *stratum, *unit, *project;
	int64_t budget_fen;
	bool has_budget;
	bool picked;
};

struct cands {
	struct cand *v;
	size_t n, cap;
	enum strata by;
	struct jx_store *st;
	bool failed;
};

static const char *amount_band(bool has, int64_t fen)
{
	if (!has)
		return "无预算数";
	int64_t wan = fen / 1000000; /* fen → 万元: 1 万元 = 1,000,000 fen */
	return wan < 10 ? "10 万元以下" : wan < 50 ? "10–50 万元" : wan < 100 ? "50–100 万元"
	       : wan < 500 ? "100–500 万元" : "500 万元及以上";
}

static int add_cand(const struct jx_store_form *f, void *ud)
{
	struct cands *c = ud;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = cli_xrealloc(c->v, c->cap * sizeof *c->v);
	}
	const char *s = c->by == BY_UNIT ? f->s.implementer
			: c->by == BY_GRADE ? (*f->s.grade ? f->s.grade : "无法评分")
					    : amount_band(f->s.has_budget, f->s.budget_fen);
	c->v[c->n++] = (struct cand){
		.id = f->id,
		.stratum = cli_xstrdup(s),
		.unit = cli_xstrdup(f->s.implementer),
		.project = cli_xstrdup(f->s.project),
		.budget_fen = f->s.budget_fen,
		.has_budget = f->s.has_budget,
	};
	return 0;
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int by_stratum_then_id(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c = strcmp(x->stratum, y->stratum);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Mark ceil(rate × n) of each stratum (v sorted by stratum, then id). */
static size_t draw(struct cand *v, size_t n, double rate, uint64_t seed)
{
	uint64_t rng = seed;
	size_t picked = 0;
	size_t *idx = cli_xrealloc(NULL, (n ? n : 1) * sizeof *idx);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && !strcmp(v[j].stratum, v[i].stratum))
			j++;
		size_t m = j - i, k = (size_t)ceil(rate * (double)m - 1e-9);
		if (k < 1)
			k = 1; /* every stratum with a form, at any rate */
		if (k > m)
			k = m;
		for (size_t t = 0; t < m; t++)
			idx[t] = i + t;
		for (size_t t = 0; t < k; t++) { /* the first k of a Fisher–Yates shuffle */
			size_t r = t + (size_t)(splitmix(&rng) % (uint64_t)(m - t));
			size_t tmp = idx[t];
			idx[t] = idx[r];
			idx[r] = tmp;
			v[idx[t]].picked = true;
		}
		picked += k;
		i = j;
	}
	free(idx);
	return picked;
}

static void help(void)
{
	printf("用法: jixiao sample --year 年度 --rate 比例 --seed 种子 --as 财政账号 [--by unit|amount|grade]\n"
	       "                     [--dry-run] [--format text|json] [--db 路径]\n"
	       "\n"
	       "从一个年度审核通过的表中随机抽查：按单位（unit，默认）、预算金额段（amount：10 万元以下、\n"
	       "10–50、50–100、100–500、500 万元及以上）或等级（grade）分层，每层抽 ⌈比例 × 该层表数⌉ 张\n"
	       "（每层至少一张）。同一数据库、同一种子，抽中的总是同一批表。抽中的表以 --as 的财政审核账号\n"
	       "转为「抽查复核中」（记入审核记录和审计日志），再在网页版的「逐项复核」录入复核得分；\n"
	       "--dry-run 只列出、不改动。比例写成 10%% 或 0.1。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP);
}

static bool parse_rate(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s)
		return false;
	if (*end == '%') {
		v /= 100;
		end++;
	}
	if (*end || !(v > 0) || v > 1)
		return false;
	*out = v;
	return true;
}

static void print_json(const struct cands *c, int year, const char *by, double rate, unsigned long long seed,
		       size_t picked, bool dry)
{
	struct jx_buf b;
	jx_buf_init(&b, 0);
	jx_buf_printf(&b, "{\"year\":%d,\"by\":\"%s\",\"rate\":%g,\"seed\":%llu,\"candidates\":%zu,"
			  "\"sampled\":%zu,\"dry_run\":%s,\"forms\":[",
		      year, by, rate, seed, c->n, picked, dry ? "true" : "false");
	bool first = true;
	for (size_t i = 0; i < c->n; i++) {
		if (!c->v[i].picked)
			continue;
		jx_buf_printf(&b, "%s\n{\"id\":%lld,\"stratum\":", first ? "" : ",", c->v[i].id);
		jx_render_json_string(&b, c->v[i].stratum);
		jx_buf_puts(&b, ",\"unit\":");
		jx_render_json_string(&b, c->v[i].unit);
		jx_buf_puts(&b, ",\"project\":");
		jx_render_json_string(&b, c->v[i].project);
		jx_buf_puts(&b, "}");
		first = false;
	}
	jx_buf_puts(&b, "\n]}\n");
	fwrite(b.p, 1, b.n, stdout);
	jx_buf_release(&b);
}

int cmd_sample(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},   {"year", required_argument, NULL, 'y'},
		{"rate", required_argument, NULL, 'r'}, {"seed", required_argument, NULL, 's'},
		{"by", required_argument, NULL, 'b'},   {"as", required_argument, NULL, 'a'},
		{"dry-run", no_argument, NULL, 'n'},    {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *who = NULL, *by_name = "unit";
	int year = 0, c, rc = EXIT_CLEAN;
	double rate = 0;
	unsigned long long seed = 0;
	bool have_seed = false, dry = false, json = false;
	struct cands cs = {.by = BY_UNIT};
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:y:r:s:b:a:nf:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'y':
			if (!cli_year("sample", optarg, &year))
				rc = EXIT_USAGE;
			break;
		case 'r':
			if (!parse_rate(optarg, &rate))
				rc = cli_usage_error("sample", "--rate「%s」无效：应为 (0, 100%%] 的比例，如 10%% 或 0.1", optarg);
			break;
		case 's': {
			char *end;
			seed = strtoull(optarg, &end, 10);
			have_seed = *optarg && !*end && *optarg != '-';
			if (!have_seed)
				rc = cli_usage_error("sample", "--seed「%s」无效：应为非负整数", optarg);
			break;
		}
		case 'b':
			by_name = optarg;
			if (!strcmp(optarg, "unit"))
				cs.by = BY_UNIT;
			else if (!strcmp(optarg, "amount"))
				cs.by = BY_AMOUNT;
			else if (!strcmp(optarg, "grade"))
				cs.by = BY_GRADE;
			else
				rc = cli_usage_error("sample", "--by「%s」无效：应为 unit、amount 或 grade", optarg);
			break;
		case 'a': who = optarg; break;
		case 'n': dry = true; break;
		case 'f':
			if (!strcmp(optarg, "json"))
				json = true;
			else if (strcmp(optarg, "text"))
				rc = cli_usage_error("sample", "未知格式「%s」，应为 text 或 json", optarg);
			break;
		case 'h': help(); return EXIT_CLEAN;
		default: rc = cli_option_error("sample", c, argv);
		}
	}
	if (rc == EXIT_CLEAN && optind < argc)
		rc = cli_usage_error("sample", "多余的参数「%s」", argv[optind]);
	if (rc == EXIT_CLEAN && (!year || !rate || !have_seed))
		rc = cli_usage_error("sample", "须给出 --year、--rate 和 --seed（抽查要能重现）");
	if (rc == EXIT_CLEAN && !dry && !who)
		rc = cli_usage_error("sample", "须用 --as 指定执行抽查的财政审核账号（或 --dry-run 只列出）");
	struct jx_store *st = NULL;
	if (rc != EXIT_CLEAN || !(st = cli_store_open(db, JX_STORE_READ)))
		return rc != EXIT_CLEAN ? rc : EXIT_USAGE;
	struct jx_session s;
	if (who && jx_session_for(st, who, &s) != JX_OK) {
		fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
		jx_store_close(st);
		return EXIT_USAGE;
	}
	if (who && s.role != JX_ROLE_FINANCE) {
		fprintf(stderr, "%s: error: 抽查由财政审核账号进行（%s 是%s）\n", cli_db_path(db), who, jx_role_label(s.role));
		jx_store_close(st);
		return EXIT_USAGE;
	}
	/* the year's forms, then those that passed review */
	struct cands all = cs;
	struct jx_store_query q = {.year = year};
	if (jx_store_list(st, &q, add_cand, &all) != JX_OK) {
		fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
		rc = EXIT_USAGE;
	}
	cs.v = cli_xrealloc(NULL, (all.n ? all.n : 1) * sizeof *cs.v);
	for (size_t i = 0; i < all.n; i++) {
		enum jx_state state = JX_STATE_DRAFT, prior;
		long long version;
		if (rc == EXIT_CLEAN && jx_review_state(st, all.v[i].id, &state, &version, &prior) != JX_OK) {
			fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
			rc = EXIT_USAGE;
		} else if (rc == EXIT_CLEAN && state == JX_STATE_APPROVED) {
			cs.v[cs.n++] = all.v[i];
			continue;
		}
		/* not a candidate (or the run failed): its strings go now */
		free(all.v[i].stratum);
		free(all.v[i].unit);
		free(all.v[i].project);
	}
	size_t picked = 0;
	if (rc == EXIT_CLEAN) {
		qsort(cs.v, cs.n, sizeof *cs.v, by_stratum_then_id);
		picked = draw(cs.v, cs.n, rate, seed);
	}
	size_t done = 0;
	for (size_t i = 0; rc == EXIT_CLEAN && !dry && i < cs.n; i++) {
		if (!cs.v[i].picked)
			continue;
		struct jx_review_input in = {.action = JX_ACT_SAMPLE, .opinion = "jixiao sample"};
		char note[200];
		snprintf(note, sizeof note, "抽查：%d 年度，按%s分层，比例 %g%%，种子 %llu", year,
			 cs.by == BY_UNIT ? "单位" : cs.by == BY_AMOUNT ? "预算金额段" : "等级", rate * 100, seed);
		in.basis = note;
		enum jx_state now;
		if (jx_review_act(st, &s, cs.v[i].id, &in, &now) != JX_OK) {
			fprintf(stderr, "%s: error: 第 %lld 号表：%s（已转为抽查的 %zu 张保留）\n", cli_db_path(db),
				cs.v[i].id, jx_store_error(st), done);
			rc = EXIT_USAGE;
		} else {
			done++;
		}
	}
	if (rc == EXIT_CLEAN) {
		if (json) {
			print_json(&cs, year, by_name, rate, seed, picked, dry);
		} else {
			cli_text_output();
			for (size_t i = 0; i < cs.n; i++)
				if (cs.v[i].picked)
					printf("%lld  %s  %s  %s\n", cs.v[i].id, cs.v[i].stratum, cs.v[i].unit, cs.v[i].project);
			printf("\n%d 年度审核通过的 %zu 张表中抽中 %zu 张%s\n", year, cs.n, picked,
			       dry ? "（--dry-run：未改动）" : "，已转为「抽查复核中」");
		}
	}
	for (size_t i = 0; i < cs.n; i++) {
		free(cs.v[i].stratum);
		free(cs.v[i].unit);
		free(cs.v[i].project);
	}
	free(cs.v);
	free(all.v);
	jx_store_close(st);
	return rc;
}
