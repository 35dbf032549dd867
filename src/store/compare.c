/*
 * compare.c: the year-over-year audit (jx_store_compare): the indicators of
 * one project in two stored years, matched by unit, project and indicator
 * names (normalised), and what changed in a way an auditor asks about:
 *
 *   yoy-target-lowered    a positive target lowered, or a reverse limit
 *                         raised (≤25 万元 → ≤30 万元): easier to meet;
 *   yoy-target-stale      a positive target copied unchanged although last
 *                         year's actual already beat it by the profile's
 *                         over-achievement factor: a target set too low;
 *   yoy-actual-is-target  the actual is the target, word for word, in both
 *                         years: nobody measured anything (one finding
 *                         per form, listing the indicators);
 *   yoy-weight-moved      the same indicator carries another 分值.
 *
 * Works on the backend's primitive indicator rows, for any backend.
 */
#include "arena.h"
#include "ctx.h"
#include "profile.h"
#include "score.h"
#include "store.h"
#include "text.h"
#include "value.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* An indicator of the earlier year, kept by its matching key. */
struct prior {
	struct prior *next;
	const char *key;
	const char *target, *actual, *target_norm, *actual_norm;
	bool has_weight, reverse;
	int64_t weight_c;
	int year;
};

enum { NBUCKETS = 1 << 14 };

struct cmp {
	struct jx_store *st;
	bool keep;        /* store the findings too (inside an import) */
	bool failed;
	struct arena *a;
	struct prior **buckets;
	struct jx_ctx *ctx;
	const struct jx_profile *p;
	int year1, year2;
	/* projects seen in year 2 that have a match, counted once each */
	const char *last_key;
	unsigned long matched;
	/* yoy-actual-is-target of the current form: the first row, the names */
	long long copied_form;
	struct store_indicator copied_at;
	unsigned long copied_n;
	struct jx_buf copied;
	struct held_findings held; /* the current form's (tag: its id) */
	const char *form_file, *form_project;
	/* the current form's indicator keys so far (for ind_key's k) */
	long long key_form;
	const char **keys;
	size_t nkeys, capkeys;
};

/*
 * form key \x1f level1 \x1f level2 \x1f name \x1f k, the names normalised,
 * k counting the rows of the form with the same names: a form that lists
 * 培训人数 twice is matched first to first, second to second.
 */
static const char *ind_key(struct cmp *c, const struct store_indicator *in)
{
	struct arena *a = c->a;
	if (in->form_id != c->key_form) {
		c->key_form = in->form_id;
		c->nkeys = 0;
	}
	const char *base = arena_printf(a, "%s\x1f%s\x1f%s\x1f%s", in->key,
					text_norm(a, in->level1, strlen(in->level1)),
					text_norm(a, in->level2, strlen(in->level2)),
					text_norm(a, in->name, strlen(in->name)));
	unsigned k = 0;
	for (size_t i = 0; i < c->nkeys; i++)
		k += strcmp(c->keys[i], base) == 0;
	if (c->nkeys == c->capkeys) {
		c->capkeys = c->capkeys ? c->capkeys * 2 : 32;
		c->keys = xrealloc(c->keys, c->capkeys * sizeof *c->keys);
	}
	c->keys[c->nkeys++] = base;
	return arena_printf(a, "%s\x1f%u", base, k);
}

static int remember(const struct store_indicator *in, void *ud)
{
	struct cmp *c = ud;
	if (!in->scored)
		return 0; /* 无 rows */
	struct prior *p = arena_alloc(c->a, sizeof *p);
	p->key = ind_key(c, in);
	p->target = arena_strdup(c->a, in->target);
	p->actual = arena_strdup(c->a, in->actual);
	p->target_norm = arena_strdup(c->a, in->target_norm);
	p->actual_norm = arena_strdup(c->a, in->actual_norm);
	p->has_weight = in->has_weight;
	p->weight_c = in->weight_c;
	p->reverse = in->reverse;
	p->year = in->year;
	size_t h = (size_t)(text_hash(TEXT_HASH_SEED, p->key) & (NBUCKETS - 1));
	p->next = c->buckets[h];
	c->buckets[h] = p;
	return 0;
}

static const struct prior *find(const struct cmp *c, const char *key)
{
	for (const struct prior *p = c->buckets[text_hash(TEXT_HASH_SEED, key) & (NBUCKETS - 1)]; p; p = p->next)
		if (strcmp(p->key, key) == 0)
			return p;
	return NULL;
}

static void hold(struct cmp *c, enum jx_check check, const struct store_indicator *in,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void hold(struct cmp *c, enum jx_check check, const struct store_indicator *in,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	held_vadd(&c->held, c->a, check, in->line, in->form_id, fmt, ap);
	va_end(ap);
	if (!c->form_file) {
		c->form_file = arena_strdup(c->a, in->file);
		c->form_project = arena_strdup(c->a, in->project);
	}
}

#define REPORT(c, check, in, ...) hold((c), JX_CHECK_##check, (in), __VA_ARGS__)

static void compare_values(struct cmp *c, const struct store_indicator *in,
			   const struct prior *old, const char *label)
{
	struct value t1, t2, a1;
	value_parse(c->a, old->target_norm, &t1);
	value_parse(c->a, in->target_norm, &t2);
	value_parse(c->a, old->actual_norm, &a1);
	struct dec x1, x2;
	bool assumed;
	bool numbers = t1.kind == VAL_NUMBER && t2.kind == VAL_NUMBER &&
		       value_comparable(&t1, &t2, &x1, &x2, &assumed) && !assumed;
	if (numbers) {
		int cmp = dec_cmp(x2, x1);
		if ((!in->reverse && cmp < 0) || (in->reverse && cmp > 0))
			REPORT(c, YOY_TARGET_LOWERED, in,
			       "%s的年度指标值由 %d 年的「%s」%s为 %d 年的「%s」，%s", label, c->year1,
			       old->target, in->reverse ? "放宽" : "降低", c->year2, in->target,
			       in->reverse ? "上限提高，更容易达到" : "目标降低，更容易达到");
	}
	/* a positive target copied unchanged, beaten last year by the
	 * over-achievement factor: set too low (a reverse limit far above its
	 * actual is mostly a cost target equal to the budget: cost-is-budget) */
	struct dec t, v;
	if (!in->reverse && numbers && dec_cmp(x1, x2) == 0 && a1.kind == VAL_NUMBER &&
	    value_comparable(&t1, &a1, &t, &v, &assumed) && !dec_is_zero(t)) {
		int s = t.s > v.s ? t.s : v.s;
		i128 it = (i128)t.m * pow10_i128(s - t.s), iv = (i128)v.m * pow10_i128(s - v.s);
		if (iv * 1000 >= it * c->p->over_milli) {
			char f[48], r[48];
			dec_format((struct dec){c->p->over_milli, 3}, f, sizeof f);
			i128 ratio = div_round(iv * 100, it);
			dec_format((struct dec){ratio > INT64_MAX ? INT64_MAX : (int64_t)ratio, 2}, r, sizeof r);
			REPORT(c, YOY_TARGET_STALE, in,
			       "%s%d 年的年度指标值「%s」照抄 %d 年，而 %d 年实际完成「%s」已是目标的 %s 倍（≥ %s）：目标定得过低",
			       label, c->year2, in->target, c->year1, c->year1, old->actual, r, f);
		}
	}
}

/* The current form is done: one finding for the indicators whose actual
 * copied the target in both years (many such rows are one story: nobody
 * measured), then all of its findings in line order. */
static void flush_form(struct cmp *c)
{
	if (c->copied_n)
		REPORT(c, YOY_ACTUAL_IS_TARGET, &c->copied_at,
		       "%lu 项指标 %d 年和 %d 年的实际完成值都与年度指标值一字不差：%s", c->copied_n,
		       c->year1, c->year2, c->copied.p ? c->copied.p : "");
	held_sort(&c->held);
	for (size_t i = 0; i < c->held.n; i++) {
		const struct held_finding *h = &c->held.v[i];
		ctx_report(c->ctx, h->check, c->form_file, h->line, c->form_project, "%s", h->msg);
		struct jx_diag d = {h->check, c->ctx->severity[h->check], c->form_file, h->line,
				    c->form_project, h->msg};
		if (c->keep && d.severity != JX_SEV_IGNORE &&
		    !c->st->be->put_finding(c->st, &d, h->tag))
			c->failed = true;
	}
	c->held.n = 0;
	c->form_file = c->form_project = NULL;
	c->copied_n = 0;
	jx_buf_reset(&c->copied);
}

static int against_prior(const struct store_indicator *in, void *ud)
{
	struct cmp *c = ud;
	if (!in->scored)
		return 0;
	const char *key = ind_key(c, in);
	const struct prior *old = find(c, key);
	if (!old)
		return 0;
	if (!c->last_key || strcmp(c->last_key, in->key) != 0) {
		c->last_key = arena_strdup(c->a, in->key);
		c->matched++;
	}
	if (in->form_id != c->copied_form) { /* the previous form's are complete */
		flush_form(c);
		c->copied_form = in->form_id;
	}
	const char *label = arena_printf(c->a, "%s「%s」", in->level2, in->name);
	compare_values(c, in, old, label);
	if (*in->actual_norm && strcmp(in->actual_norm, in->target_norm) == 0 && *old->actual_norm &&
	    strcmp(old->actual_norm, old->target_norm) == 0 && !value_is_na(in->actual_norm)) {
		if (!c->copied_n++) {
			c->copied_at = *in;
			c->copied_at.file = arena_strdup(c->a, in->file);
			c->copied_at.project = arena_strdup(c->a, in->project);
		}
		jx_buf_printf(&c->copied, "%s%s「%s」（%s）", c->copied_n > 1 ? "、" : "", in->level2,
			      in->name, in->target);
	}
	if (old->has_weight && in->has_weight && old->weight_c != in->weight_c)
		REPORT(c, YOY_WEIGHT_MOVED, in, "%s的分值由 %d 年的 %s 变为 %d 年的 %s", label, c->year1,
		       fmt_centi(c->a, old->weight_c), c->year2, fmt_centi(c->a, in->weight_c));
	return 0;
}

bool store_compare(struct jx_store *st, struct jx_ctx *ctx, const struct jx_profile *profile,
		   int year1, int year2, int key_year, unsigned long *matched)
{
	struct cmp c = {.st = st, .keep = key_year != 0, .a = arena_new(), .ctx = ctx,
			.p = profile_or_national(profile), .year1 = year1, .year2 = year2};
	c.buckets = xcalloc(NBUCKETS, sizeof *c.buckets);
	jx_buf_init(&c.copied, 1 << 20);
	bool ok = st->be->indicators(st, year1, key_year, remember, &c) &&
		  st->be->indicators(st, year2, key_year, against_prior, &c);
	flush_form(&c);
	free(c.held.v);
	free(c.keys);
	jx_buf_release(&c.copied);
	if (matched)
		*matched = c.matched;
	free(c.buckets);
	arena_free(c.a);
	return ok && !c.failed;
}

enum jx_status jx_store_compare(struct jx_store *st, struct jx_ctx *ctx,
				const struct jx_profile *profile, int year1, int year2,
				unsigned long *matched)
{
	return store_compare(st, ctx, profile, year1, year2, 0, matched) ? JX_OK : JX_ERR_STORE;
}
