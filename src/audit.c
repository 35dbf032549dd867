/*
 * audit.c: the checks of SPEC §5.
 *
 * Fourth stage of the pipeline: it compares what a scored form declares
 * with what its own numbers and the rules support, and reports every
 * difference as a finding through the context (ctx_report).  Checks that
 * need several forms (cross-form, inconsistent-method) keep small
 * observations per unit and year and report in jx_audit_finish().
 */
#include "audit.h"
#include "arena.h"
#include "ctx.h"
#include "model.h"
#include "profile.h"
#include "score.h"
#include "text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- observations kept across forms ---------------------------------------- */

/*
 * What the cross-form checks remember is bounded per unit, year and fact:
 * each distinct value keeps a count and the first MAX_LOCS places it was
 * seen, not every form, so memory does not grow with the number of forms
 * that agree.
 */
enum { MAX_LOCS = 8, MAX_VARIANTS = 32 };

/* The two ways of scoring that inconsistent-method tells apart. */
#define METHOD_RULE "按评分规则"
#define METHOD_RATE "按预算执行率"

struct loc {
	const char *project, *file;
	unsigned long line;
};

/* Most values are seen once (a fact of one form): the first place is
 * kept inline, the others (up to MAX_LOCS) in an array made at the second. */
struct variant {
	struct variant *next;
	const char *value;   /* the fact's value, or the method class */
	unsigned long n;
	struct loc first;
	struct loc *more;    /* places 2 … MAX_LOCS */
};

static const struct loc *loc_at(const struct variant *v, unsigned long i)
{
	return i ? &v->more[i - 1] : &v->first;
}

/* A group is one fact (or one kind's method) of one unit in one year; its
 * unit and the names of places are shared with the groups and places
 * before it where they are the same (intern_*), which is the common case:
 * a unit's forms come together, a form's facts one after another. */
struct group {
	struct group *hnext, *next; /* hash chain; insertion order */
	const char *unit;
	const char *label;           /* the fact's name, or the kind; for messages */
	int year;
	bool method;                 /* an inconsistent-method group */
	struct variant *vars, **tail;
	unsigned long n;
	unsigned long untracked; /* values beyond MAX_VARIANTS */
};

enum { NBUCKETS = 1 << 16 };

/* A fact as a worker's audit records it (jx_audit_new_worker), to be
 * compared by the audit it is merged into. */
struct fact {
	struct fact *next;
	bool method;
	int year;
	const char *unit, *label, *value, *project, *file;
	unsigned long line;
};

struct jx_audit {
	struct jx_ctx *ctx;
	struct arena *arena;
	struct group **buckets;
	struct group *first, **last;
	const char *file, *unit, *project; /* the last of each interned */
	bool worker;        /* records facts (below) instead of comparing them */
	struct fact *facts, **facts_tail;
};

/* s in the audit's arena, the copy made last time when it is the same. */
static const char *intern(struct jx_audit *au, const char **last, const char *s)
{
	if (!*last || strcmp(*last, s) != 0)
		*last = arena_strdup(au->arena, s);
	return *last;
}

static struct group *group_get(struct jx_audit *au, bool method, const char *unit,
			       int year, const char *label)
{
	size_t h = (size_t)(text_hash(text_hash(TEXT_HASH_SEED, unit) ^ (uint64_t)(year * 2 + method), label) &
			   (NBUCKETS - 1));
	for (struct group *g = au->buckets[h]; g; g = g->hnext)
		if (g->year == year && g->method == method && strcmp(g->label, label) == 0 &&
		    strcmp(g->unit, unit) == 0)
			return g;
	struct group *g = arena_alloc(au->arena, sizeof *g);
	g->unit = intern(au, &au->unit, unit);
	g->label = arena_strdup(au->arena, label);
	g->year = year;
	g->method = method;
	g->tail = &g->vars;
	g->hnext = au->buckets[h];
	au->buckets[h] = g;
	*au->last = g;
	au->last = &g->next;
	return g;
}

static void observe(struct jx_audit *au, struct group *g, const char *value,
		    const char *project, const char *file, unsigned long line)
{
	if (!g)
		return;
	struct variant *v = g->vars;
	unsigned nvars = 0;
	while (v && strcmp(v->value, value) != 0) {
		v = v->next;
		nvars++;
	}
	if (!v && nvars >= MAX_VARIANTS) {
		g->n++; /* counted, not itemised: see finish_group */
		g->untracked++;
		return;
	}
	if (!v) {
		v = arena_alloc(au->arena, sizeof *v);
		v->value = arena_strdup(au->arena, value);
		*g->tail = v;
		g->tail = &v->next;
	}
	if (v->n < MAX_LOCS) {
		struct loc l = {intern(au, &au->project, project), intern(au, &au->file, file), line};
		if (v->n == 0) {
			v->first = l;
		} else {
			if (!v->more)
				v->more = arena_alloc(au->arena, (MAX_LOCS - 1) * sizeof *v->more);
			v->more[v->n - 1] = l;
		}
	}
	v->n++;
	g->n++;
}

/*
 * A fact of form f about `unit` in `year`: a value of `label` (method:
 * the way `label`'s indicators were scored).  Compared at once, or, in a
 * worker's audit, recorded for the audit it is merged into.
 */
static void note(struct jx_audit *au, bool method, const char *unit, int year, const char *label,
		 const char *value, const struct jx_form *f, unsigned long line)
{
	if (!au->worker) {
		observe(au, group_get(au, method, unit, year, label), value, f->project.raw, f->file,
			line);
		return;
	}
	struct fact *x = arena_alloc(au->arena, sizeof *x);
	*x = (struct fact){NULL,
			   method,
			   year,
			   intern(au, &au->unit, unit),
			   arena_strdup(au->arena, label),
			   arena_strdup(au->arena, value),
			   intern(au, &au->project, f->project.raw),
			   intern(au, &au->file, f->file),
			   line};
	*au->facts_tail = x;
	au->facts_tail = &x->next;
}

/* A worker keeps no groups (its facts are compared where they are merged):
 * a task costs no hash table. */
static struct jx_audit *audit_new(struct jx_ctx *ctx, bool worker)
{
	struct jx_audit *au = xcalloc(1, sizeof *au);
	au->ctx = ctx;
	au->arena = arena_new();
	au->worker = worker;
	au->buckets = worker ? NULL : xcalloc(NBUCKETS, sizeof *au->buckets);
	au->last = &au->first;
	au->facts_tail = &au->facts;
	return au;
}

struct jx_audit *jx_audit_new(struct jx_ctx *ctx)
{
	return audit_new(ctx, false);
}

struct jx_audit *jx_audit_new_worker(struct jx_ctx *ctx)
{
	return audit_new(ctx, true);
}

void jx_audit_merge(struct jx_audit *into, struct jx_audit *w)
{
	for (const struct fact *x = w->facts; x; x = x->next)
		observe(into, group_get(into, x->method, x->unit, x->year, x->label), x->value,
			x->project, x->file, x->line);
	w->facts = NULL;
	w->facts_tail = &w->facts;
	w->file = w->unit = w->project = NULL;
	arena_free(w->arena); /* the facts, and nothing else: a worker keeps no groups */
	w->arena = arena_new();
}

void jx_audit_free(struct jx_audit *au)
{
	if (!au)
		return;
	arena_free(au->arena);
	free(au->buckets);
	free(au);
}

/* ---- helpers ---------------------------------------------------------------- */

/* (check --list: 适用 names the columns each check needs.)  Nothing of a
 * check not reported is formatted, nor a trace built for it. */
bool audit_reported(const struct fctx *fc, enum jx_check check)
{
	unsigned need = jx_check_needs(check);
	return fc->au->ctx->severity[check] != JX_SEV_IGNORE && (need & fc->provides) == need;
}

void audit_report(struct fctx *fc, enum jx_check check, unsigned long line, const char *fmt, ...)
{
	if (!audit_reported(fc, check))
		return;
	va_list ap;
	va_start(ap, fmt);
	held_vadd(&fc->held, fc->a, check, line, 0, fmt, ap);
	va_end(ap);
}

/* The trace of the execution or of one indicator, for a message that
 * quotes it (score.h: the audit's form is the caller's, on this thread,
 * already scored). */
static void explain_exec(struct fctx *fc, enum jx_check check)
{
	if (audit_reported(fc, check)) /* not for a check switched off */
		score_explain_execution((struct jx_form *)fc->f);
}

static void explain(struct fctx *fc, const struct indicator *in, enum jx_check check)
{
	if (audit_reported(fc, check))
		score_explain_indicator((struct jx_form *)fc->f, in);
}

static void deliver(struct fctx *fc)
{
	held_sort(&fc->held);
	for (size_t i = 0; i < fc->held.n; i++) {
		const struct held_finding *h = &fc->held.v[i];
		ctx_report(fc->au->ctx, h->check, fc->f->file, h->line, fc->f->project.raw, "%s",
			   h->msg);
	}
	free(fc->held.v);
}

/* ---- single-form checks ------------------------------------------------------ */

/* The over-achievement threshold as set: "1.2", "1.315" */
static const char *over_text(struct fctx *fc)
{
	char buf[48];
	dec_format((struct dec){fc->p->over_milli, 3}, buf, sizeof buf);
	return arena_strdup(fc->a, buf);
}

static void check_missing(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	if (!*f->project.norm && f->project.unread)
		REPORT(fc, UNPARSED, f->project_line ? f->project_line : f->line,
		       "项目名称未能读取（文本中没有「项目名称」一格：表格片段，或表头被截去）");
	else if (!*f->project.norm)
		REPORT(fc, MISSING_FIELD, f->project_line ? f->project_line : f->line,
		       "项目名称为空");
	if (!f->year)
		REPORT(fc, MISSING_FIELD, f->line, "缺少年度（如「(2023 年度)」）");
	if (t->present) {
		if (t->budget.n.state == NUM_EMPTY)
			REPORT(fc, MISSING_FIELD, t->line, "年度资金总额的全年预算数为空");
		if (t->executed.n.state == NUM_EMPTY)
			REPORT(fc, MISSING_FIELD, t->line, "年度资金总额的全年执行数为空");
		bool tpl = f->template_name != NULL; /* a template without the column: absent */
		if (f->exec_weight_assumed && t->weight.state != NUM_BAD && t->weight.state != NUM_UNREAD &&
		    !(tpl && t->weight.state == NUM_ABSENT))
			REPORT(fc, MISSING_FIELD, t->line,
			       "年度资金总额的分值为空（复核时按规则默认 %s 分计）",
			       C(fc, f->exec_weight_c));
		if (t->score.state == NUM_EMPTY || (t->score.state == NUM_ABSENT && !tpl && f->has_fund_header && false))
			REPORT(fc, MISSING_FIELD, t->line, "年度资金总额的得分为空");
	}
	if (f->has_total && f->total_declared.state == NUM_EMPTY)
		REPORT(fc, MISSING_FIELD, f->total_line, "总分的得分为空");
	if (f->has_total && f->total_weight.state == NUM_EMPTY)
		REPORT(fc, MISSING_FIELD, f->total_line, "总分的分值为空");
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		if (in->na)
			continue;
		const char *what[5];
		int n = 0;
		if (!filled(&in->name))
			what[n++] = "三级指标";
		bool tpl_absent = f->template_name != NULL; /* a column its table lacks */
		if (!filled(&in->target_c) && !in->target_c.unread && (in->target_c.col || !tpl_absent))
			what[n++] = "年度指标值";
		if (!filled(&in->actual_c) && !in->actual_c.unread && (in->actual_c.col || !tpl_absent))
			what[n++] = "实际完成值";
		/* a template without the column (转移支付 forms): absent, not empty */
		bool tpl = f->template_name != NULL;
		if (in->weight.state == NUM_EMPTY || (in->weight.state == NUM_ABSENT && !tpl))
			what[n++] = "分值";
		if (in->declared.state == NUM_EMPTY || (in->declared.state == NUM_ABSENT && !tpl))
			what[n++] = "得分";
		for (int k = 0; k < n; k++)
			REPORT(fc, MISSING_FIELD, in->line, "%s的%s为空", ind_label(fc, in), what[k]);
	}
}

/* Cells printed but not read (a published form's cells run together or
 * split by spaces): one finding a row, so that a person reads them off the
 * original; they are never reported as empty. */
static void check_unread(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	static const char *const cols[] = {"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"};
	for (int k = 0; k < FUND__COUNT; k++) {
		const struct fund_row *r = &f->funds[k];
		const enum num_state st[] = {r->initial.n.state, r->budget.n.state, r->executed.n.state,
					     r->weight.state, r->rate.state, r->score.state};
		char what[256] = "";
		for (int c = 0; r->present && c < 6; c++)
			if (st[c] == NUM_UNREAD)
				snprintf(what + strlen(what), sizeof what - strlen(what), "%s%s",
					 *what ? "、" : "", cols[c]);
		if (*what)
			REPORT(fc, UNPARSED, r->line, "%s的%s未能读取（原表有这些格，无法确定其内容），请对照原表", fund_name(k), what);
	}
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		char what[256] = "";
		const bool u[] = {in->target_c.unread, in->actual_c.unread, in->weight.state == NUM_UNREAD,
				  in->declared.state == NUM_UNREAD};
		static const char *const names[] = {"年度指标值", "实际完成值", "分值", "得分"};
		for (int c = 0; c < 4; c++)
			if (u[c])
				snprintf(what + strlen(what), sizeof what - strlen(what), "%s%s",
					 *what ? "、" : "", names[c]);
		if (*what)
			REPORT(fc, UNPARSED, in->line, "%s的%s未能读取（原表有这些格，无法确定其内容），请对照原表",
			       ind_label(fc, in), what);
	}
	if (f->unscorable && !f->unscored) /* a form its scheme does not score: by design */
		REPORT(fc, UNPARSED, f->line, "无法评分：%s；不给出复核总分和等级", f->unscorable);
}

static void check_fund_sum(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	static const char *const cols[] = {"年初预算数", "全年预算数", "全年执行数"};
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	if (!t->present)
		return;
	for (int c = 0; c < 3; c++) {
		const struct money *tot = c == 0 ? &t->initial : c == 1 ? &t->budget : &t->executed;
		if (tot->n.state != NUM_OK)
			continue;
		int64_t sum = 0;
		int parts = 0;
		bool unread = false; /* a part not read: its sum cannot be checked */
		for (int k = FUND_FISCAL; k < FUND__COUNT; k++) {
			const struct fund_row *r = &f->funds[k];
			const struct money *m = c == 0 ? &r->initial : c == 1 ? &r->budget : &r->executed;
			unread |= r->present && m->n.state == NUM_UNREAD;
		}
		if (unread)
			continue;
		for (int k = FUND_FISCAL; k < FUND__COUNT; k++) {
			const struct fund_row *r = &f->funds[k];
			const struct money *m = c == 0 ? &r->initial : c == 1 ? &r->budget : &r->executed;
			if (r->present && m->n.state == NUM_OK) {
				sum += m->fen;
				parts++;
			}
		}
		if (parts && sum != tot->fen)
			REPORT(fc, FUND_SUM_MISMATCH, t->line,
			       "年度资金总额的%s为 %s 万元，而当年财政拨款、上年结转资金与其他资金之和为 %s 万元",
			       cols[c], fmt_wan(fc->a, tot->fen), fmt_wan(fc->a, sum));
	}
}

/*
 * A total that is the indicators' scores alone while the execution has a
 * weight of its own outside it (分值 10 + 100 on a 100-point form, 总分 98
 * = 20 + 20 + 20 + 18 + 20): the execution is left out of the total.  Said
 * whether or not the execution's own 得分 could be read.
 */
static bool total_without_execution(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	int64_t declared, total_w, exec_w, w, d, sum = 0, wsum = 0;
	if (!num_centi(&f->total_declared, &declared) || !num_centi(&f->total_weight, &total_w) ||
	    !num_centi(&f->funds[FUND_TOTAL].weight, &exec_w) || exec_w <= 0 || !f->n_ind)
		return false;
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		if (in->na)
			continue;
		if (!num_centi(&in->declared, &d) || !num_centi(&in->weight, &w))
			return false;
		sum += d;
		wsum += w;
	}
	if (wsum != total_w || sum != declared)
		return false;
	REPORT(fc, TOTAL_MISMATCH, f->total_line,
	       "申报总分 %s 正是各指标得分之和，指标分值合计已是总分值 %s：预算执行（分值 %s）没有计入总分",
	       C(fc, declared), C(fc, total_w), C(fc, exec_w));
	return true;
}

static void check_total(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	int64_t declared, sum = 0, d;
	if (total_without_execution(fc))
		return;
	if (f->unscorable || !num_centi(&f->total_declared, &declared))
		return; /* parts not read: a sum of the rest says nothing */
	/* a declared score that is empty or could not be read is already
	 * reported (missing-field, unparsed); a sum without it would only
	 * say the same again */
	enum num_state es = f->funds[FUND_TOTAL].score.state;
	if (es != NUM_OK && !(es == NUM_ABSENT && f->scheme_rules && !f->exec_weight_c))
		return; /* (a scheme without an execution score has none to add) */
	for (size_t i = 0; i < f->n_ind; i++)
		if (!f->ind[i].na && f->ind[i].declared.state != NUM_OK)
			return;
	bool exec = num_centi(&f->funds[FUND_TOTAL].score, &d);
	if (exec)
		sum += d;
	for (size_t i = 0; i < f->n_ind; i++)
		if (!f->ind[i].na && num_centi(&f->ind[i].declared, &d))
			sum += d;
	if (sum == declared || !audit_reported(fc, JX_CHECK_TOTAL_MISMATCH))
		return;
	/* the sum written out, only for the finding */
	struct jx_buf b;
	jx_buf_init(&b, 1 << 16);
	jx_buf_puts(&b, exec && num_centi(&f->funds[FUND_TOTAL].score, &d) ? C(fc, d) : "0");
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		if (!in->na && num_centi(&in->declared, &d))
			jx_buf_printf(&b, " + %s", C(fc, d));
	}
	REPORT(fc, TOTAL_MISMATCH, f->total_line,
	       "申报总分为 %s，而各项申报得分之和为 %s（%s = %s）", C(fc, declared),
	       C(fc, sum), b.p, C(fc, sum));
	jx_buf_release(&b);
}

/* A declared total above the profile's cap by execution rate ([caps] total). */
static void check_total_cap(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	int64_t declared;
	if (!f->capped || !num_centi(&f->total_declared, &declared) || declared <= f->total_c)
		return;
	int64_t num, den;
	if (!form_rate(f, &num, &den))
		return;
	REPORT(fc, SCORE_MISMATCH, f->total_line,
	       "申报总分 %s 高于复核总分 %s：各项复核得分合计 %s，执行率 %s 低于 %s%%，按 %s 的规则总分至多 %s 分（%s）",
	       C(fc, declared), C(fc, f->total_c), C(fc, f->sum_c),
	       rate_below_text(fc->a, num, den, f->cap_below),
	       C(fc, f->cap_below), fc->p->name, C(fc, f->total_c),
	       profile_rule(fc->a, fc->p, PK_CAPS_TOTAL));
}

static void check_over_weight(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	int64_t d, w;
	if (num_centi(&t->score, &d) && num_centi(&t->weight, &w) && d > w)
		REPORT(fc, SCORE_OVER_WEIGHT, t->line, "预算执行申报得分 %s 高于分值 %s",
		       C(fc, d), C(fc, w));
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		if (num_centi(&in->declared, &d) && num_centi(&in->weight, &w) && d > w)
			REPORT(fc, SCORE_OVER_WEIGHT, in->line, "%s申报得分 %s 高于分值 %s",
			       ind_label(fc, in), C(fc, d), C(fc, w));
	}
	if (num_centi(&f->total_declared, &d) && num_centi(&f->total_weight, &w) && d > w)
		REPORT(fc, SCORE_OVER_WEIGHT, f->total_line, "申报总分 %s 高于总分值 %s",
		       C(fc, d), C(fc, w));
}

/*
 * Weights written in labels (产出指标(50分), 绩效指标(90分)) against the
 * weights of the rows under them.  A first-level label is one group of
 * consecutive rows (its merged cell).
 */
static void check_label_weights(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	int64_t all = 0, w;
	for (size_t i = 0; i < f->n_ind; i++)
		if (!f->ind[i].na && num_centi(&f->ind[i].weight, &w))
			all += w;
	if (f->ind_points && all != (int64_t)f->ind_points * 100)
		REPORT(fc, WEIGHT_SUM, f->ind_line, "绩效指标标注 %d 分，各指标分值合计为 %s",
		       f->ind_points, C(fc, all));
	for (size_t i = 0; i < f->n_ind;) {
		const struct indicator *first = &f->ind[i];
		int64_t sum = 0;
		size_t j = i;
		for (; j < f->n_ind && f->ind[j].level1_line == first->level1_line; j++)
			if (!f->ind[j].na && num_centi(&f->ind[j].weight, &w))
				sum += w;
		if (first->level1_points && sum != (int64_t)first->level1_points * 100)
			REPORT(fc, WEIGHT_SUM, first->level1_line,
			       "一级指标「%s」标注 %d 分，其下各指标分值合计为 %s", first->level1,
			       first->level1_points, C(fc, sum));
		i = j;
	}
}

static void check_split(struct fctx *fc, const int64_t *form);

static void check_weights(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	int64_t sum = f->exec_weight_c, w;
	int64_t out = 0, eff = 0, sat = 0, cost1 = 0, other = 0;
	if (f->funds[FUND_TOTAL].weight.state == NUM_BAD)
		return; /* reported as unparsed; a sum without it says nothing */
	if (!f->has_total || f->unscorable)
		return; /* a form cut short or not read whole (unparsed): its weights cannot add up */
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		if (!in->na && (in->weight.state == NUM_BAD || in->weight.state == NUM_UNREAD))
			return;
		if (in->na || !num_centi(&in->weight, &w))
			continue;
		sum += w;
		if (str_has(in->level1, "产出"))
			out += w;
		else if (str_has(in->level1, "效益"))
			eff += w;
		else if (str_has(in->level1, "满意"))
			sat += w;
		else if (str_has(in->level1, "成本"))
			cost1 += w;
		else
			other += w;
	}
	check_label_weights(fc);
	if (sum != 10000)
		REPORT(fc, WEIGHT_SUM, f->total_line ? f->total_line : f->line,
		       "各项分值合计为 %s（预算执行 %s%s + 各指标 %s），应为 100", C(fc, sum),
		       C(fc, f->exec_weight_c), f->exec_weight_assumed ? "（默认）" : "",
		       C(fc, sum - f->exec_weight_c));
	if (num_centi(&f->total_weight, &w) && w != 10000)
		REPORT(fc, WEIGHT_SUM, f->total_line, "总分的分值为 %s，应为 100", C(fc, w));
	if (!f->n_ind || sum != 10000)
		return;
	check_split(fc, (int64_t[]){out, cost1, eff, sat, other});
}

/* Move a first-level weight the form lacks to where the profile says. */
static void fold(enum profile_fold to, int64_t w, int64_t *out, int64_t *eff, int64_t *keep)
{
	if (to == FOLD_OUTPUT)
		*out += w;
	else if (to == FOLD_EFFECT)
		*eff += w;
	else
		*keep = w;
}

/*
 * The first-level split against the profile's [weights]: with cost = 0 a
 * first-level 成本指标 counts with 产出 (national); a 满意度 (or 成本) the
 * form lacks moves its weight as no_satisfaction (no_cost) says.
 */
static void check_split(struct fctx *fc, const int64_t *form)
{
	const struct jx_form *f = fc->f;
	const struct jx_profile *p = fc->p;
	int64_t out = form[0], cost = form[1], eff = form[2], sat = form[3], other = form[4];
	int64_t w_out = p->w_output, w_cost = p->w_cost, w_eff = p->w_effect,
		w_sat = p->w_satisfaction;
	if (!w_cost) {
		out += cost;
		cost = 0;
	} else if (!cost) {
		int64_t keep = 0;
		fold(p->no_cost, w_cost, &w_out, &w_eff, &keep);
		w_cost = keep;
	}
	if (!sat) {
		int64_t keep = 0;
		fold(p->no_satisfaction, w_sat, &w_out, &w_eff, &keep);
		w_sat = keep;
	}
	if (f->exec_weight_c == p->w_execution && out == w_out && cost == w_cost && eff == w_eff &&
	    sat == w_sat && !other)
		return;
	bool costs = p->w_cost || cost;
	REPORT(fc, WEIGHT_SPLIT, f->total_line ? f->total_line : f->line,
	       "一级指标权重为 预算执行 %s、产出 %s%s、效益 %s、满意度 %s%s，规则（%s）为 %s、%s%s、%s、%s",
	       C(fc, f->exec_weight_c), C(fc, out),
	       costs ? arena_printf(fc->a, "、成本 %s", C(fc, cost)) : "", C(fc, eff), C(fc, sat),
	       other ? arena_printf(fc->a, "、其他 %s", C(fc, other)) : "", p->name,
	       C(fc, p->w_execution), C(fc, w_out),
	       costs ? arena_printf(fc->a, "、%s", C(fc, w_cost)) : "", C(fc, w_eff), C(fc, w_sat));
}

void audit_rate(struct fctx *fc, const char *label, const struct fund_row *r)
{
	if (printed_rate_agrees(r))
		return; /* or nothing to compare */
	struct dec d = r->rate.v; /* a percentage (see read_rate) */
	int s = d.s;              /* digits after the % point */
	i128 num = (i128)r->executed.fen * 100 * pow10_i128(s), den = r->budget.fen;
	char shown[48], exact[48];
	dec_format(d, shown, sizeof shown);
	dec_format((struct dec){(int64_t)div_round(num * 1000, den), s + 3}, exact, sizeof exact);
	REPORT(fc, RATE_MISMATCH, r->line, "%s申报执行率 %s%%，按 %s / %s 计算为 %s%%", label, shown,
	       fmt_wan(fc->a, r->executed.fen), fmt_wan(fc->a, r->budget.fen), exact);
}

/* Each fund row's printed 执行率 against its amounts (printed_rate_agrees). */
static void check_rates(struct fctx *fc)
{
	for (int k = 0; k < FUND__COUNT; k++)
		audit_rate(fc, fund_name((enum fund_kind)k), &fc->f->funds[k]);
}

static void check_exec_score(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	int64_t d;
	if (!t->present || !num_centi(&t->score, &d) || score_agrees(f, d, f->exec_score_c))
		return;
	if (t->budget.n.state == NUM_BAD || t->executed.n.state == NUM_BAD ||
	    t->weight.state == NUM_BAD || t->budget.n.state == NUM_UNREAD ||
	    t->executed.n.state == NUM_UNREAD || t->weight.state == NUM_UNREAD)
		return; /* the unreadable cell is reported; this would only echo it */
	explain_exec(fc, JX_CHECK_SCORE_MISMATCH);
	REPORT(fc, SCORE_MISMATCH, t->line, "预算执行申报得分 %s，复核为 %s：%s", C(fc, d),
	       C(fc, f->exec_score_c), f->exec_trace);
}

static void check_cost(struct fctx *fc, const struct indicator *in)
{
	const struct fund_row *t = &fc->f->funds[FUND_TOTAL];
	struct dec target, actual;
	if (!indicator_is_cost(in) || !money_wan(&in->target, &target))
		return;
	bool is_budget = cost_target_is_budget(fc->f, in, &target);
	if (is_budget)
		REPORT(fc, COST_IS_BUDGET, in->line,
		       "%s的目标值 %s 等于项目全年预算数 %s 万元：它衡量的是预算执行，而不是成本",
		       ind_label(fc, in), in->target_c.raw, fmt_wan(fc->a, t->budget.fen));
	if (!is_budget && !str_has(in->name.norm, "资金成本"))
		return;
	if (t->executed.n.state != NUM_OK)
		return;
	if (!actual_money_wan(in, &actual) || wan_agrees(actual, t->executed.fen))
		return;
	REPORT(fc, COST_VS_EXECUTED, in->line,
	       "%s的实际完成值为「%s」，而本项目全年执行数为 %s 万元", ind_label(fc, in),
	       in->actual_c.raw, fmt_wan(fc->a, t->executed.fen));
}

/* Target and actual that cannot be compared: units, or text for a number. */
/* Labels are made in the REPORTs' arguments: only for a finding shown (an
 * indicator has none, mostly). */
static void check_values(struct fctx *fc, const struct indicator *in)
{
	if (in->unit_mismatch)
		REPORT(fc, UNIT_MISMATCH, in->line, "%s的目标「%s」与实际「%s」单位无法比较", ind_label(fc, in),
		       in->target_c.raw, in->actual_c.raw);
	if (in->text_for_number)
		REPORT(fc, TEXT_FOR_NUMBER, in->line, "%s的目标「%s」是数值，实际完成值却是文字「%s」",
		       ind_label(fc, in), in->target_c.raw, in->actual_c.raw);
}

/*
 * A row of a scheme without 分值 (declared_only): what can be checked is
 * whether its target was met and, if not, whether a reason is given; the
 * declared score cannot be compared with anything on the row.
 */
static void check_completion(struct fctx *fc, const struct indicator *in)
{
	check_values(fc, in);
	enum method m = in->judged;
	bool judged = m == M_RATIO || m == M_REVERSE || m == M_DATE || m == M_FUZZY ||
		      (m == M_QUALITATIVE && in->band != BAND_NONE);
	if (judged && !in->target_met && !has_reason(in))
		REPORT(fc, MISSING_REASON, in->line, "%s未达到目标（目标「%s」，实际「%s」），但未说明原因",
		       ind_label(fc, in), in->target_c.raw, in->actual_c.raw);
	check_cost(fc, in);
}

static void check_indicator(struct fctx *fc, const struct indicator *in)
{
	int64_t d;
	if (in->declared_only) {
		check_completion(fc, in);
		return;
	}
	bool declared = num_centi(&in->declared, &d);
	check_values(fc, in);
	if (in->method == M_QUALITATIVE || (in->method == M_DATE && !in->target_met) ||
	    (in->method == M_UNSCORABLE && in->band == BAND_NONE && in->actual.kind == VAL_TEXT)) {
		if (in->band == BAND_NONE && in->method != M_DATE && !value_scale_poles(in->actual_c.norm))
			REPORT(fc, QUALITATIVE_BAND, in->line,
			       "%s的实际完成值「%s」无法判断是否达成目标「%s」，请人工核定档次", ind_label(fc, in),
			       in->actual_c.raw, in->target_c.raw);
		else if (declared && in->score_c != d) {
			explain(fc, in, JX_CHECK_QUALITATIVE_BAND);
			REPORT(fc, QUALITATIVE_BAND, in->line, "%s申报得分 %s 不在其实际完成情况对应的档次内：%s",
			       ind_label(fc, in), C(fc, d), in->trace);
		}
	} else if (declared && in->method != M_UNSCORABLE && in->method != M_NONE &&
		   in->method != M_MISSING && !score_agrees(fc->f, d, in->score_c)) {
		explain(fc, in, JX_CHECK_SCORE_MISMATCH);
		REPORT(fc, SCORE_MISMATCH, in->line, "%s申报得分 %s，复核为 %s：%s", ind_label(fc, in), C(fc, d),
		       C(fc, in->score_c), in->trace);
	}
	/* a score kept from the form is never silent: the ones above say why
	 * already (units, a number for text, an actual no band fits) */
	bool told = in->unit_mismatch || in->text_for_number || value_scale_poles(in->actual_c.norm) ||
		    (in->band == BAND_NONE && in->actual.kind == VAL_TEXT);
	if (in->method == M_UNSCORABLE && !told) {
		explain(fc, in, JX_CHECK_SCORE_UNVERIFIED);
		REPORT(fc, SCORE_UNVERIFIED, in->line, "%s：%s，请人工核定", ind_label(fc, in),
		       in->trace);
	}
	/* M_MISSING: an empty or unreadable cell, reported as such already */
	bool judged = in->method == M_RATIO || in->method == M_REVERSE || in->method == M_DATE ||
		      in->method == M_FUZZY ||
		      (in->method == M_QUALITATIVE && in->band != BAND_NONE);
	bool missed = judged && !in->target_met;
	if (missed && declared && d == in->weight_c && in->weight_c > 0)
		REPORT(fc, MISSED_TARGET_FULL_SCORE, in->line,
		       "%s未达到年度指标值（目标「%s」，实际「%s」），却申报满分 %s", ind_label(fc, in),
		       in->target_c.raw, in->actual_c.raw, C(fc, d));
	if (!has_reason(in) && in->method != M_MISSING && ((declared && d < in->weight_c) || missed))
		REPORT(fc, MISSING_REASON, in->line, "%s%s，但未填写偏差原因分析及改进措施", ind_label(fc, in),
		       missed ? arena_printf(fc->a, "未达到目标（目标「%s」，实际「%s」）",
					     in->target_c.raw, in->actual_c.raw)
			      : arena_printf(fc->a, "得分 %s 低于分值 %s", C(fc, d),
					     C(fc, in->weight_c)));
	if (in->overachieved && declared &&
	    d == in->weight_c && !has_reason(in))
		REPORT(fc, OVERACHIEVED, in->line,
		       "%s实际「%s」是目标「%s」的 %s 倍（≥ %s），得满分且未说明原因（10号文：应分析原因，按偏离度适度调减分值）",
		       ind_label(fc, in), in->actual_c.raw, in->target_c.raw,
		       fmt_centi(fc->a, (in->ratio_milli + 5) / 10),
		       over_text(fc));
	check_cost(fc, in);
}

static void check_form_level(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	size_t scored = 0, full = 0, qual = 0;
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		int64_t d;
		if (!in->scored)
			continue;
		scored++;
		if (num_centi(&in->declared, &d) && d == in->weight_c)
			full++;
		if (in->method == M_QUALITATIVE)
			qual++;
	}
	if (scored && full == scored)
		REPORT(fc, ALL_FULL_MARKS, f->total_line ? f->total_line : f->line,
		       "全部 %zu 项指标均申报满分", scored);
	if (scored && qual * 2 > scored)
		REPORT(fc, QUALITATIVE_SHARE, f->total_line ? f->total_line : f->line,
		       "%zu 项已评分指标中有 %zu 项是定性指标，超过一半", scored, qual);
	if (f->has_goal && *f->goal_expected.norm &&
	    strcmp(f->goal_expected.norm, f->goal_actual.norm) == 0)
		REPORT(fc, GOAL_COPIED, f->goal_actual.line ? f->goal_actual.line : f->line,
		       "年度总体目标的实际完成情况与预期目标一字不差");
	int64_t num, den;
	int64_t low = fc->p->low_reason_below;
	if (form_rate(f, &num, &den) && rate_below(num, den, low) && !audit_form_explains(f))
		REPORT(fc, LOW_EXECUTION_REASON, f->funds[FUND_TOTAL].line,
		       "预算执行率 %s%% 低于 %s%%，表中没有任何偏差原因说明",
		       fmt_centi(fc->a, (int64_t)div_round((i128)num * 10000, den)), C(fc, low));
}

/* ---- cross-form observations --------------------------------------------- */

/* A count of things the unit has, under 数量指标, named as a number (…数/数量). */
static bool is_entity_count(const struct indicator *in)
{
	static const char *const entity_units[] = {"个", "家", "所", "户", "人", "名", "座",
						   "处", "台", "辆", NULL};
	const struct value *v = &in->actual;
	return str_has(in->level2, "数量") && str_has(in->name.norm, "数") &&
	       !str_has(in->name.norm, "次数") && v->kind == VAL_NUMBER && v->unit &&
	       str_in(v->unit->name, entity_units);
}

static void observe_form(struct fctx *fc)
{
	const struct jx_form *f = fc->f;
	struct jx_audit *au = fc->au;
	int64_t num, den;
	bool rate = form_rate(f, &num, &den);
	/* nothing to remember for checks the user has switched off */
	bool facts = au->ctx->severity[JX_CHECK_CROSS_FORM] != JX_SEV_IGNORE;
	bool methods = au->ctx->severity[JX_CHECK_INCONSISTENT_METHOD] != JX_SEV_IGNORE;
	for (size_t i = 0; i < f->n_ind && (facts || methods); i++) {
		const struct indicator *in = &f->ind[i];
		if (!in->scored)
			continue;
		/* facts: how many of something the unit has (辖区社区数量 7个),
		 * not how often it did something (开展活动次数 12次) */
		if (facts && *f->implementer.norm && is_entity_count(in))
			note(au, false, f->implementer.norm, f->year, in->name.norm,
			     value_describe(f->arena, &in->actual), f, in->line);
		/* methods: did the unit score by the rules or by the execution rate? */
		int64_t d;
		if (!methods || !rate || !num_centi(&in->declared, &d) || in->method == M_NONE ||
		    in->method == M_MISSING)
			continue;
		/*
		 * Only where the two methods give different scores can the
		 * declared one tell them apart; at 100% execution "by rate" is
		 * just full marks, which says nothing about the method.
		 */
		if (num >= den)
			continue;
		if (div_round((i128)in->weight_c * num, (i128)den * 100) >= div_round(in->weight_c, 100))
			continue; /* by rate rounds to full marks (99.9998%) */
		int64_t by_rate = (int64_t)div_round((i128)in->weight_c * num, den);
		int64_t rule = in->score_c;
		bool rule_known = in->method != M_UNSCORABLE;
		if (rule_known && (by_rate == rule || div_round(by_rate, 100) == div_round(rule, 100)))
			continue;
		const char *cls = NULL;
		if (rule_known && score_agrees(f, d, rule))
			cls = METHOD_RULE;
		else if (score_agrees(f, d, by_rate))
			cls = METHOD_RATE;
		if (cls)
			note(au, true, f->implementer.norm, f->year, in->level2, cls, f, in->line);
	}
}

void jx_audit_form(struct jx_audit *au, const struct jx_form *f)
{
	if (!f->scored)
		return; /* a caller's mistake (see jixiao.h): nothing to compare with */
	struct fctx fc = {.au = au, .f = f, .p = f->profile, .a = f->arena,
			  .provides = jx_scheme_provides(f->profile, f->scheme)};
	check_missing(&fc);
	check_unread(&fc);
	check_fund_sum(&fc);
	check_total(&fc);
	check_total_cap(&fc);
	check_over_weight(&fc);
	check_weights(&fc);
	check_rates(&fc);
	check_exec_score(&fc);
	for (size_t i = 0; i < f->n_ind; i++)
		if (f->ind[i].scored || f->ind[i].declared_only)
			check_indicator(&fc, &f->ind[i]);
	check_form_level(&fc);
	audit_rows(&fc);
	audit_text(&fc);
	observe_form(&fc);
	deliver(&fc);
}

/* The most frequent value of a group (first seen wins a tie). */
static const struct variant *majority(const struct group *g)
{
	const struct variant *best = NULL;
	for (const struct variant *v = g->vars; v; v = v->next)
		if (!best || v->n > best->n)
			best = v;
	return best;
}

/* "社区党建经费（第 12 行）、…" for the forms of one value. */
static const char *where(struct arena *a, const struct variant *v)
{
	struct jx_buf b;
	jx_buf_init(&b, 1 << 16);
	for (unsigned long i = 0; i < v->n && i < MAX_LOCS; i++)
		jx_buf_printf(&b, "%s%s（第 %lu 行）", i ? "、" : "", loc_at(v, i)->project,
			      loc_at(v, i)->line);
	if (v->n > MAX_LOCS)
		jx_buf_printf(&b, " 等 %lu 张表", v->n);
	const char *s = arena_strdup(a, b.p ? b.p : "");
	jx_buf_release(&b);
	return s;
}

/* Every value but the majority, as "甲（第 1 行）；乙（第 9 行）". */
static const char *where_others(struct arena *a, const struct group *g,
				const struct variant *top, unsigned long *n)
{
	struct jx_buf b;
	jx_buf_init(&b, 1 << 16);
	*n = 0;
	for (const struct variant *v = g->vars; v; v = v->next) {
		if (v == top)
			continue;
		jx_buf_printf(&b, "%s%s", *n ? "；" : "", where(a, v));
		*n += v->n;
	}
	const char *s = arena_strdup(a, b.p ? b.p : "");
	jx_buf_release(&b);
	return s;
}

static void finish_group(struct jx_audit *au, const struct group *g)
{
	const struct variant *top = majority(g);
	if (!top || top->n == g->n)
		return;
	if (!g->method) {
		const char *top_where = where(au->arena, top);
		/* each form that differs from the unit's majority (the first
		 * MAX_LOCS of each value; the last one says how many more) */
		for (const struct variant *v = g->vars; v; v = v->next) {
			if (v == top)
				continue;
			for (unsigned long i = 0; i < v->n && i < MAX_LOCS; i++) {
				const struct loc *l = loc_at(v, i);
				bool more = i == MAX_LOCS - 1 && v->n > MAX_LOCS;
				ctx_report(au->ctx, JX_CHECK_CROSS_FORM, l->file, l->line, l->project,
					   "「%s」为 %s，而本单位 %d 年度其他 %lu 张表为 %s：%s%s", g->label,
					   v->value, g->year, top->n, top->value, top_where,
					   more ? arena_printf(au->arena, "（为 %s 的另有 %lu 张表未逐一列出）",
							       v->value, v->n - MAX_LOCS)
						: "");
			}
		}
		return;
	}
	/*
	 * One finding per unit, year and kind, at the first form that did not
	 * follow the rules (whichever side is the majority): that is the form
	 * someone has to look at.
	 */
	const struct variant *by_rate = g->vars;
	while (by_rate && strcmp(by_rate->value, METHOD_RATE) != 0)
		by_rate = by_rate->next;
	if (!by_rate)
		return; /* only two classes exist: all followed the rules */
	unsigned long n_rule;
	const char *rule_where = where_others(au->arena, g, by_rate, &n_rule);
	ctx_report(au->ctx, JX_CHECK_INCONSISTENT_METHOD, by_rate->first.file,
		   by_rate->first.line, by_rate->first.project,
		   "本单位 %d 年度的%s打分方法不一致：%s %lu 项（%s）；另有 %lu 项%s（%s）", g->year,
		   g->label, METHOD_RATE, by_rate->n, where(au->arena, by_rate), n_rule,
		   METHOD_RULE, rule_where);
}

void jx_audit_finish(struct jx_audit *au)
{
	for (const struct group *g = au->first; g; g = g->next)
		if (g->n > 1)
			finish_group(au, g);
}
