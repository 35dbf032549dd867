/*
 * store.c: jx_store, the public face of the storage backends (store.h), and
 * what is built on their primitives whatever the backend: summaries by
 * unit, year, first-level indicator or grade.
 */
#include "store.h"
#include "arena.h"
#include "model.h"
#include "profile.h"

#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool store_fail(struct jx_store *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->err, sizeof st->err, fmt, ap);
	va_end(ap);
	return false;
}

const char *jx_store_error(const struct jx_store *st)
{
	return st ? st->err : "";
}

/* "sqlite:PATH" or PATH: SQLite; postgresql://… or postgres://…: PostgreSQL
 * (libpq's URI, given to it whole: its host may be a socket's directory,
 * ?host=/run/postgresql); other schemes are refused by name. */
enum jx_status jx_store_open(const char *spec, enum jx_store_mode mode, struct jx_store **out,
			     char *err, size_t errlen)
{
	*out = NULL;
	if (!spec || !*spec) {
		snprintf(err, errlen, "没有指定数据库");
		return JX_ERR_ARG;
	}
	const char *path = spec;
	const struct store_backend *be = &store_sqlite;
	if (strncmp(spec, "sqlite:", 7) == 0) {
		path = spec + 7;
	} else if (jx_store_spec_is_server(spec)) {
		be = &store_pg;
	} else {
		const char *colon = strstr(spec, "://");
		if (colon) {
			snprintf(err, errlen,
				 "不支持的数据库「%.*s」：可用 sqlite（文件路径或 sqlite:路径）或 postgresql://…",
				 (int)(colon - spec), spec);
			return JX_ERR_ARG;
		}
	}
	struct jx_store *st = xcalloc(1, sizeof *st);
	st->be = be;
	st->busy_ms = STORE_BUSY_MS;
	if (!st->be->open(st, path, mode == JX_STORE_CREATE)) {
		snprintf(err, errlen, "%s", st->err);
		st->be->close(st);
		free(st);
		return JX_ERR_STORE;
	}
	*out = st;
	return JX_OK;
}

void jx_store_close(struct jx_store *st)
{
	if (!st)
		return;
	if (st->in_import)
		st->be->rollback(st); /* an import never committed is not kept */
	st->be->close(st);
	jx_profile_free(st->profile);
	free(st->profile_text);
	free(st);
}

static enum jx_status result(bool ok)
{
	return ok ? JX_OK : JX_ERR_STORE;
}

enum jx_status jx_store_begin(struct jx_store *st, const char *file,
			      const struct jx_profile *profile)
{
	if (st->in_import)
		return store_fail(st, "上一次导入尚未提交或回滚"), JX_ERR_ARG;
	st->err[0] = '\0';
	struct jx_buf text;
	jx_buf_init(&text, 0);
	jx_render_profile(&text, profile);
	bool ok = st->be->begin(st, file, jx_profile_name(profile), text.p ? text.p : "");
	jx_buf_release(&text);
	st->in_import = ok;
	return result(ok);
}

void jx_form_texts_render(const struct jx_form *f, struct jx_form_texts *t)
{
	struct jx_buf fields;
	jx_buf_init(&fields, 0);
	jx_buf_init(&t->source, 0);
	jx_render_form_fields(&fields, f); /* the form's fields: read back as they were */
	t->ok = !fields.overflow && fields.p && store_pack(fields.p, fields.n, &t->source);
	jx_buf_release(&fields);
}

void jx_form_texts_release(struct jx_form_texts *t)
{
	jx_buf_release(&t->source);
}

enum jx_status jx_store_put_form_texts(struct jx_store *st, const struct jx_form *f,
				       const struct jx_form_texts *t, enum jx_put_result *put)
{
	enum jx_put_result dummy;
	if (!st->in_import || !f->scored)
		return store_fail(st, st->in_import ? "表尚未复核" : "没有进行中的导入"), JX_ERR_ARG;
	if (!f->year || !*f->project.norm)
		return store_fail(st, "表缺少%s，无法确定是哪一张表", !f->year ? "年度" : "项目名称"),
		       JX_ERR_ARG;
	st->last_form_id = st->last_replaced_id = st->last_replaced_version = 0;
	if (!t->ok) {
		store_fail(st, "表过大，无法存储");
		return result(false);
	}
	return result(st->be->put_form(st, f, &t->source, put ? put : &dummy));
}

/* The first finding of an error reading a stored form back: what to say. */
static void first_error(const struct jx_diag *d, void *ud)
{
	char *msg = ud;
	if (d->severity == JX_SEV_ERROR && !*msg)
		snprintf(msg, 256, "%s", d->message);
}

/* The profile of a stored text, parsed once per connection and text (a
 * form's JSON, a version on the history page: most share their import's). */
const struct jx_profile *store_profile_of_text(struct jx_store *st, const char *text)
{
	if (st->profile && strcmp(st->profile_text, text) == 0)
		return st->profile;
	jx_profile_free(st->profile);
	free(st->profile_text);
	st->profile = NULL;
	st->profile_text = NULL;
	struct jx_profile_error perr;
	if (jx_profile_parse_stored("（数据库中的评分规则）", text, strlen(text), &st->profile, &perr) !=
	    JX_OK) {
		store_fail(st, "数据库中的评分规则无法读取：%s", perr.message);
		st->profile = NULL;
		return NULL;
	}
	st->profile_text = xstrdup(text);
	return st->profile;
}

bool store_json_of_source(struct jx_store *st, const char *fields, size_t n, const char *profile,
			  struct jx_buf *out)
{
	const struct jx_profile *p = store_profile_of_text(st, profile);
	if (!p)
		return false;
	FILE *m = fmemopen((void *)(uintptr_t)fields, n, "r");
	if (!m)
		return store_fail(st, "无法分配内存");
	char why[256] = "";
	struct jx_ctx *ctx = jx_ctx_new();
	jx_ctx_set_diag(ctx, first_error, why); /* the stored findings are the form's */
	struct jx_reader *rd = jx_reader_new(ctx, m, "");
	struct jx_form *f = NULL;
	bool ok = jx_reader_next(rd, &f) == JX_OK;
	if (ok) {
		jx_form_score(f, p);
		jx_render_form_json(out, f);
		ok = !out->overflow || store_fail(st, "表过大，无法输出");
	} else {
		store_fail(st, "数据库中的表无法从原文读回%s%s", *why ? "：" : "", why);
	}
	jx_form_free(f);
	jx_reader_free(rd);
	fclose(m);
	jx_ctx_free(ctx);
	return ok;
}

enum jx_status jx_store_put_form(struct jx_store *st, const struct jx_form *f,
				 enum jx_put_result *put)
{
	struct jx_form_texts t;
	jx_form_texts_render(f, &t);
	enum jx_status s = jx_store_put_form_texts(st, f, &t, put);
	jx_form_texts_release(&t);
	return s;
}

enum jx_status jx_store_put_finding(struct jx_store *st, const struct jx_diag *d)
{
	if (!st->in_import)
		return store_fail(st, "没有进行中的导入"), JX_ERR_ARG;
	return result(st->be->put_finding(st, d, 0));
}

enum jx_status jx_store_commit(struct jx_store *st)
{
	if (!st->in_import)
		return store_fail(st, "没有进行中的导入"), JX_ERR_ARG;
	bool ok = st->be->commit(st);
	if (!ok)
		st->be->rollback(st);
	st->in_import = false;
	return result(ok);
}

void jx_store_rollback(struct jx_store *st)
{
	if (st->in_import)
		st->be->rollback(st);
	st->in_import = false;
}

enum jx_status jx_store_snapshot(struct jx_store *st, bool on)
{
	if (st->in_import || on == st->in_snapshot)
		return JX_OK; /* an import is its own snapshot; none to end */
	bool ok = st->be->snapshot(st, on);
	if (ok)
		st->in_snapshot = on;
	return result(ok);
}

enum jx_status jx_store_list(struct jx_store *st, const struct jx_store_query *q,
			     jx_store_form_fn *fn, void *ud)
{
	st->err[0] = '\0'; /* a long-lived store says only this call's error */
	return result(st->be->list(st, q, fn, ud));
}

static int found_one(const struct jx_store_form *f, void *ud)
{
	(void)f;
	*(bool *)ud = true;
	return 1;
}

/* Under a scope (jx_store_set_scope) a form outside it is no form: the
 * same answer as an id that is not there, so that ids outside one's scope
 * cannot be told from unused ones. */
static bool in_scope(struct jx_store *st, long long id)
{
	if (!st->scope)
		return true;
	struct jx_store_query q = {.id = id};
	bool found = false;
	if (!st->be->list(st, &q, found_one, &found))
		return false;
	return found || store_fail(st, "没有这张表（id %lld）", id);
}

enum jx_status jx_store_findings(struct jx_store *st, long long id, jx_diag_fn *fn, void *ud)
{
	st->err[0] = '\0'; /* a long-lived store says only this call's error */
	return result(in_scope(st, id) && st->be->findings(st, id, fn, ud));
}

enum jx_status jx_store_form_json(struct jx_store *st, long long id, struct jx_buf *b)
{
	st->err[0] = '\0'; /* a long-lived store says only this call's error */
	return result(in_scope(st, id) && st->be->form_json(st, id, b));
}

enum jx_status jx_store_form_source(struct jx_store *st, long long id, struct jx_buf *source,
				    struct jx_buf *profile)
{
	st->err[0] = '\0'; /* a long-lived store says only this call's error */
	return result(in_scope(st, id) && st->be->form_source(st, id, source, profile));
}

bool jx_store_alive(const struct jx_store *st)
{
	return st && (!st->be->alive || st->be->alive(st));
}

bool jx_store_spec_is_server(const char *spec)
{
	return spec && (strncmp(spec, "postgresql://", 13) == 0 || strncmp(spec, "postgres://", 11) == 0);
}

void jx_store_set_busy_timeout(struct jx_store *st, int ms)
{
	if (st && ms > 0) {
		st->busy_ms = ms;
		st->be->set_busy(st, ms);
	}
}

long long jx_store_last_form(const struct jx_store *st)
{
	return st->last_form_id;
}

long long jx_store_last_replaced(const struct jx_store *st)
{
	return st->last_replaced_id;
}

long long jx_store_last_replaced_version(const struct jx_store *st)
{
	return st->last_replaced_version;
}

enum jx_status jx_store_versions(struct jx_store *st, long long form_id, jx_store_version_fn *fn,
				 void *ud)
{
	st->err[0] = '\0'; /* a long-lived store says only this call's error */
	return result(in_scope(st, form_id) && st->be->versions(st, form_id, fn, ud));
}

enum jx_status jx_store_history_count(struct jx_store *st, unsigned long *n)
{
	return result(st->be->history_count(st, n));
}

enum jx_status jx_store_years(struct jx_store *st, int *years, size_t *n)
{
	return result(st->be->years(st, years, n));
}

/* Which of the years around `year` the store holds (one query for both). */
static bool neighbours(struct jx_store *st, int year, bool *before, bool *after)
{
	int years[1024];
	size_t n = sizeof years / sizeof years[0];
	if (!st->be->years(st, years, &n))
		return false;
	*before = *after = false;
	for (size_t i = 0; i < n; i++) {
		*before |= years[i] == year - 1;
		*after |= years[i] == year + 1;
	}
	return true;
}

enum jx_status jx_store_update_yoy(struct jx_store *st, struct jx_ctx *ctx,
				   const struct jx_profile *profile, int year, unsigned long *matched)
{
	bool before, after;
	if (matched)
		*matched = 0;
	if (!st->in_import)
		return store_fail(st, "没有进行中的导入"), JX_ERR_ARG;
	if (!neighbours(st, year, &before, &after))
		return JX_ERR_STORE;
	/* only the projects of this import: its forms of `year` are new (no
	 * findings yet); the year after's matching forms get theirs anew */
	bool ok = true;
	if (before)
		ok = store_compare(st, ctx, profile, year - 1, year, year, matched);
	if (ok && after)
		ok = st->be->drop_findings(st, year + 1, year, "yoy-") &&
		     store_compare(st, ctx, profile, year, year + 1, year, NULL);
	return result(ok);
}

/* ---- summaries ------------------------------------------------------------------- */

/* Groups in key order, kept in a small sorted array (a bureau has hundreds
 * of units, not millions). */
struct groups {
	struct arena *a;
	struct jx_summary_group all, *v;
	size_t n, cap;
	/* JX_BY_LEVEL1: the current form and the first levels it has shown */
	long long form;
	const char *seen[32];
	size_t nseen;
};

static struct jx_summary_group *group(struct groups *g, const char *key)
{
	size_t lo = 0, hi = g->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(g->v[mid].key, key);
		if (c == 0)
			return &g->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = xrealloc(g->v, g->cap * sizeof *g->v);
	}
	memmove(&g->v[lo + 1], &g->v[lo], (g->n - lo) * sizeof *g->v);
	g->n++;
	g->v[lo] = (struct jx_summary_group){.key = arena_strdup(g->a, key)};
	return &g->v[lo];
}

/* *sum += v, saturating (and flagged) past 64 bits: never undefined. */
static void add(struct jx_summary_group *x, int64_t *sum, int64_t v)
{
	if (__builtin_add_overflow(*sum, v, sum)) {
		*sum = v > 0 ? INT64_MAX : INT64_MIN;
		x->overflow = true;
	}
}

static void add_form(struct jx_summary_group *x, const struct jx_store_form *r)
{
	const struct jx_summary *s = &r->s;
	x->forms++;
	if (s->has_budget && s->has_executed) {
		add(x, &x->budget_fen, s->budget_fen);
		add(x, &x->executed_fen, s->executed_fen);
		x->forms_with_money++;
		if (s->budget_fen > 0 && (i128)s->executed_fen * 10 < (i128)s->budget_fen * 9)
			x->below_90++;
	}
	if (s->has_declared_total) {
		add(x, &x->declared_total_c, s->declared_total_c);
		add(x, &x->rescored_total_c, s->score_total_c);
		x->forms_declared++;
	}
	for (int k = 0; k <= JX_SEV_ERROR; k++)
		x->findings[k] += r->findings[k];
}

struct by_form {
	struct groups *g;
	enum jx_summary_by by;
};

static int on_form(const struct jx_store_form *r, void *ud)
{
	struct by_form *b = ud;
	char year[16];
	add_form(&b->g->all, r);
	const char *key = NULL;
	switch (b->by) {
	case JX_BY_UNIT: key = r->s.implementer; break;
	case JX_BY_YEAR:
		snprintf(year, sizeof year, "%d", r->s.year);
		key = year;
		break;
	case JX_BY_GRADE: key = r->s.grade; break;
	default: break;
	}
	if (key)
		add_form(group(b->g, key), r);
	return 0;
}

static void add_indicator(struct jx_summary_group *x, const struct store_indicator *in)
{
	x->indicators++;
	add(x, &x->weight_c, in->weight_c);
	add(x, &x->declared_c, in->has_declared ? in->declared_c : 0);
	add(x, &x->score_c, in->score_c);
}

static int on_indicator(const struct store_indicator *in, void *ud)
{
	struct groups *g = ud;
	if (!in->scored)
		return 0; /* 无 rows */
	struct jx_summary_group *x = group(g, in->level1);
	add_indicator(x, in);
	add_indicator(&g->all, in);
	/* rows come form by form: count the form once for each first level */
	if (in->form_id != g->form) {
		g->form = in->form_id;
		g->nseen = 0;
	}
	size_t i = 0;
	while (i < g->nseen && strcmp(g->seen[i], x->key) != 0)
		i++;
	if (i == g->nseen) {
		x->forms++;
		if (g->nseen < sizeof g->seen / sizeof g->seen[0])
			g->seen[g->nseen++] = x->key;
	}
	return 0;
}

/* ---- kept sums (over every year) ------------------------------------------------------ */

/* The bands of the overview's distributions: the backend's keys ("1".."6",
 * "-": none) and their labels, in order. */
struct kept_band {
	const char *key, *label;
};

static const struct kept_band rate_bands[] = {
	{"1", "低于 60%"}, {"2", "60%–80%"}, {"3", "80%–90%"}, {"4", "90%–100%"},
	{"5", "100%"},     {"6", "超过 100%"}, {"-", "无预算或执行数"},
};

static const struct kept_band score_bands[] = {
	{"1", "低于 60 分"}, {"2", "60–70 分"}, {"3", "70–80 分"}, {"4", "80–90 分"},
	{"5", "90 分及以上"}, {"-", "无法评分"},
};

/* The kept groups of one dimension, copied (their keys into the arena). */
struct kept {
	struct arena *a;
	struct jx_summary_group *v;
	size_t n, cap;
};

static int keep_group(const struct jx_summary_group *g, void *ud)
{
	struct kept *k = ud;
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 16;
		k->v = xrealloc(k->v, k->cap * sizeof *k->v);
	}
	k->v[k->n] = *g;
	k->v[k->n].key = arena_strdup(k->a, g->key);
	k->n++;
	return 0;
}

/* One group per band, in the bands' order, labelled, zero where none is kept. */
static void emit_bands(const struct kept *k, const struct kept_band *b, size_t n,
		       jx_summary_group_fn *fn, void *ud)
{
	for (size_t i = 0; i < n; i++) {
		struct jx_summary_group x = {0};
		for (size_t j = 0; j < k->n; j++)
			if (strcmp(k->v[j].key, b[i].key) == 0)
				x = k->v[j];
		x.key = b[i].label;
		if (fn(&x, ud))
			return;
	}
}

static int keep_whole(const struct jx_summary_group *g, void *ud)
{
	*(struct jx_summary_group *)ud = *g;
	return 1;
}

/* The summary over every year from the backend's kept sums: the whole,
 * then the groups (JX_BY_UNIT, JX_BY_YEAR, JX_BY_GRADE in key order, as
 * the backend gives them; the bands and sources in their order). */
static bool kept_summary(struct jx_store *st, enum jx_summary_by by, jx_summary_group_fn *fn,
			 void *ud)
{
	static const char *const dims[] = {
		[JX_BY_UNIT] = "unit", [JX_BY_YEAR] = "year", [JX_BY_GRADE] = "grade",
		[JX_BY_RATE_BAND] = "rate", [JX_BY_SCORE_BAND] = "score", [JX_BY_SOURCE] = "source",
	};
	struct jx_summary_group whole = {0};
	if (!st->be->tallies(st, "all", keep_whole, &whole))
		return false;
	whole.key = "";
	bool banded = by == JX_BY_RATE_BAND || by == JX_BY_SCORE_BAND || by == JX_BY_SOURCE;
	if (!banded) {
		if (fn(&whole, ud) || by == JX_BY_NONE)
			return true;
		return st->be->tallies(st, dims[by], fn, ud);
	}
	struct kept k = {.a = arena_new()};
	bool ok = st->be->tallies(st, dims[by], keep_group, &k);
	if (ok && !fn(&whole, ud)) {
		if (by == JX_BY_RATE_BAND) {
			emit_bands(&k, rate_bands, sizeof rate_bands / sizeof *rate_bands, fn, ud);
		} else if (by == JX_BY_SCORE_BAND) {
			emit_bands(&k, score_bands, sizeof score_bands / sizeof *score_bands, fn, ud);
		} else {
			struct kept_band sources[FUND__COUNT];
			size_t n = 0;
			for (int f = FUND_FISCAL; f < FUND__COUNT; f++, n++)
				sources[n] = (struct kept_band){fund_id((enum fund_kind)f),
								fund_name((enum fund_kind)f)};
			emit_bands(&k, sources, n, fn, ud);
		}
	}
	free(k.v);
	arena_free(k.a);
	return ok;
}

enum jx_status jx_store_backup(struct jx_store *st, const char *path)
{
	st->err[0] = '\0';
	if (!path || !*path)
		return store_fail(st, "没有给出备份文件的路径"), JX_ERR_ARG;
	struct stat sb;
	if (stat(path, &sb) == 0)
		return store_fail(st, "%s 已存在：备份不覆盖已有的文件，请换一个文件名", path), JX_ERR_ARG;
	return result(st->be->backup(st, path));
}

void jx_store_set_scope(struct jx_store *st, long long account)
{
	st->scope = account > 0 ? account : 0;
}

enum jx_status jx_store_summary(struct jx_store *st, int year, enum jx_summary_by by,
				jx_summary_group_fn *fn, void *ud)
{
	bool kept_dim = by == JX_BY_RATE_BAND || by == JX_BY_SCORE_BAND || by == JX_BY_SOURCE;
	if (kept_dim && year)
		return store_fail(st, "执行率、总分分布和资金来源只有全部年度的汇总"), JX_ERR_ARG;
	if (kept_dim && st->scope)
		return store_fail(st, "执行率、总分分布和资金来源只有全部表的汇总，不按账号的范围"), JX_ERR_ARG;
	if (by == JX_BY_LEVEL1 && st->scope)
		return store_fail(st, "一级指标的汇总不按账号的范围"), JX_ERR_ARG;
	/* over every year the backend's kept sums answer without reading a
	 * form; a year, an account's scope or the first-level indicators are
	 * summed here */
	if (!year && !st->scope && by != JX_BY_LEVEL1)
		return result(kept_summary(st, by, fn, ud));

	struct groups g = {.a = arena_new()};
	g.all.key = "";
	struct by_form b = {&g, by};
	struct jx_store_query q = {.year = year};
	bool ok = st->be->list(st, &q, on_form, &b);
	if (ok && by == JX_BY_LEVEL1)
		ok = st->be->indicators(st, year, 0, on_indicator, &g);
	if (ok && !fn(&g.all, ud))
		for (size_t i = 0; i < g.n; i++)
			if (fn(&g.v[i], ud))
				break;
	free(g.v);
	arena_free(g.a);
	return result(ok);
}

struct grade_count {
	const struct jx_profile *order; /* national: the grades' order */
	const char *names[64];
	unsigned long n[64];
	size_t k;
};

static int count_grade(const struct jx_store_form *r, void *ud)
{
	struct grade_count *c = ud;
	size_t i = 0;
	while (i < c->k && strcmp(c->names[i], r->s.grade) != 0)
		i++;
	if (i == c->k && c->k < 64)
		c->names[c->k++] = xstrdup(r->s.grade);
	if (i < c->k)
		c->n[i]++;
	return 0;
}

/* The position of a grade among the national ones (优 良 中 差), others after. */
static size_t grade_rank(const struct jx_profile *p, const char *g)
{
	for (size_t i = 0; i < p->n_grades; i++)
		if (strcmp(p->grades[i].name, g) == 0)
			return i;
	return p->n_grades;
}

/* The kept forms per grade, counted as count_grade counts a form. */
static int count_kept_grade(const struct jx_summary_group *g, void *ud)
{
	struct grade_count *c = ud;
	size_t i = 0;
	while (i < c->k && strcmp(c->names[i], g->key) != 0)
		i++;
	if (i == c->k && c->k < 64)
		c->names[c->k++] = xstrdup(g->key);
	if (i < c->k)
		c->n[i] += g->forms;
	return 0;
}

enum jx_status jx_store_grades(struct jx_store *st, int year, jx_summary_grade_fn *fn, void *ud)
{
	struct grade_count c = {.order = profile_national()};
	struct jx_store_query q = {.year = year};
	/* the national grades always, with 0 where no form has them */
	for (size_t i = 0; i < c.order->n_grades && c.k < 64; i++)
		c.names[c.k++] = xstrdup(c.order->grades[i].name);
	bool ok = year || st->scope ? st->be->list(st, &q, count_grade, &c)
				    : st->be->tallies(st, "grade", count_kept_grade, &c);
	/* the national grades first, in their order; any other names after */
	for (size_t i = 1; i < c.k; i++)
		for (size_t j = i; j > 0 && grade_rank(c.order, c.names[j]) <
						    grade_rank(c.order, c.names[j - 1]);
		     j--) {
			const char *tn = c.names[j];
			unsigned long tc = c.n[j];
			c.names[j] = c.names[j - 1];
			c.n[j] = c.n[j - 1];
			c.names[j - 1] = tn;
			c.n[j - 1] = tc;
		}
	for (size_t i = 0; ok && i < c.k; i++)
		if (fn(c.names[i], c.n[i], ud))
			break;
	for (size_t i = 0; i < c.k; i++)
		free((char *)c.names[i]);
	return result(ok);
}
