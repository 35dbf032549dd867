/*
 * json.c: the JSON contract of `check --format json` (README, "JSON").
 *
 * Last stage of the pipeline for machine readers.  Numbers are printed from
 * exact decimals (amounts in 万元 without float noise: 23.360502); a value
 * absent on the form, empty or not readable is null.  Every string goes
 * through jx_render_json_string(), the one escaping path for JSON.
 */
#include "arena.h"
#include "buf.h"
#include "jixiao.h"
#include "model.h"
#include "fmt.h"
#include "profile.h"
#include "score.h"

#include <stdint.h>
#include <string.h>

/* An integer, without the printf family (every line number of every
 * form and finding is one). */
static void put_long(struct jx_buf *b, long long v)
{
	char tmp[24];
	size_t k = sizeof tmp;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--k] = '-';
	buf_add(b, tmp + k, sizeof tmp - k);
}

/* Does any of the 8 bytes in x need escaping: below 0x20, '"', '\\' or
 * 0x7f (bytes of 0x80 and above, UTF-8's, never do)? */
static bool any_special8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
#define ZERO_BYTE(v) (((v) - ones) & ~(v) & high)
	uint64_t below = (x - ones * 0x20) & ~x & high;
	return below | ZERO_BYTE(x ^ (ones * '"')) | ZERO_BYTE(x ^ (ones * '\\')) |
	       ZERO_BYTE(x ^ (ones * 0x7f));
#undef ZERO_BYTE
}

static bool special(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

/* The bytes of s[0, n) up to the first that needs escaping. */
static size_t plain_prefix(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t x; /* eight at a time */
	while (i + 8 <= n && (memcpy(&x, s + i, 8), !any_special8(x)))
		i += 8;
	while (i < n && !special((unsigned char)s[i]))
		i++;
	return i;
}

enum jx_status jx_render_json_string(struct jx_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s);
	/* most strings need no escape: quoted in one copy where they fit */
	if (!b->overflow && n + 2 < b->cap - b->n && n + 2 <= b->max - b->n &&
	    plain_prefix(s, n) == n) {
		char *d = b->p + b->n;
		d[0] = '"';
		memcpy(d + 1, s, n);
		d[n + 1] = '"';
		b->n += n + 2;
		b->p[b->n] = '\0';
		return JX_OK;
	}
	enum jx_status st = buf_add(b, "\"", 1);
	size_t i = 0, run = 0;
	for (;;) {
		i += plain_prefix(s + i, n - i); /* the bytes that need nothing */
		if (i == n)
			break;
		buf_add(b, s + run, i - run);
		unsigned char c = (unsigned char)s[i++];
		run = i;
		switch (c) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_add(b, u, 6);
		}
		}
	}
	buf_add(b, s + run, n - run);
	if (!st)
		st = buf_add(b, "\"", 1);
	return b->overflow ? JX_ERR_TOOBIG : st;
}

enum jx_status jx_render_wan(struct jx_buf *b, int64_t fen)
{
	char buf[48];
	dec_format((struct dec){fen, 6}, buf, sizeof buf);
	return buf_puts(b, buf);
}

enum jx_status jx_render_score(struct jx_buf *b, int64_t centi)
{
	char buf[48];
	dec_format((struct dec){centi, 2}, buf, sizeof buf);
	return buf_puts(b, buf);
}

enum jx_status jx_render_ratio(struct jx_buf *b, int64_t num, int64_t den, int decimals)
{
	char buf[64];
	if (!fmt_ratio(buf, sizeof buf, num, den, decimals, false))
		return JX_ERR_ARG;
	return buf_puts(b, buf);
}

enum jx_status jx_render_percent(struct jx_buf *b, int64_t num, int64_t den, int decimals)
{
	char buf[64];
	if (!fmt_ratio(buf, sizeof buf, num, den, decimals, true))
		return JX_ERR_ARG;
	/* keep the printed precision: 7.6 -> 7.60 */
	char *dot = strchr(buf, '.');
	size_t have = dot ? strlen(dot + 1) : 0;
	buf_puts(b, buf);
	if (decimals && !dot)
		buf_puts(b, ".");
	for (size_t i = have; i < (size_t)decimals; i++)
		buf_puts(b, "0");
	return buf_puts(b, "%");
}

/* Inlined where a key is written, with the field writers below, so that a
 * key's length and copy are the compiler's (constants), not strlen's and
 * memcpy's at run time: some 400 keys a form. */
#define FIELD static inline __attribute__((always_inline)) void

/* ,"k": (the comma unless first), in one append */
FIELD key(struct jx_buf *b, const char *k, bool *first)
{
	char tmp[64];
	size_t n = strlen(k), at = 0;
	if (n > sizeof tmp - 4) { /* none is, but a key is never cut */
		buf_add(b, ",", *first ? 0 : 1);
		*first = false;
		jx_render_json_string(b, k);
		buf_add(b, ":", 1);
		return;
	}
	if (!*first)
		tmp[at++] = ',';
	*first = false;
	tmp[at++] = '"';
	memcpy(tmp + at, k, n);
	at += n;
	tmp[at++] = '"';
	tmp[at++] = ':';
	buf_add(b, tmp, at);
}

FIELD str_field(struct jx_buf *b, const char *k, const char *v, bool *first)
{
	key(b, k, first);
	jx_render_json_string(b, v ? v : "");
}

FIELD null_or_str(struct jx_buf *b, const char *k, const struct cell *c, bool *first)
{
	key(b, k, first);
	if (c->col && *c->raw)
		jx_render_json_string(b, c->raw);
	else
		buf_puts(b, "null");
}

static void dec_value(struct jx_buf *b, struct dec d)
{
	char buf[48];
	dec_format(d, buf, sizeof buf);
	buf_puts(b, buf);
}

/* A 分值/得分 cell: its number, or null when not a plain number. */
FIELD num_field(struct jx_buf *b, const char *k, const struct num *n, bool *first)
{
	key(b, k, first);
	if (n->state == NUM_OK && !n->percent)
		dec_value(b, n->v);
	else
		buf_puts(b, "null");
}

FIELD money_field(struct jx_buf *b, const char *k, const struct money *m, bool *first)
{
	key(b, k, first);
	if (m->n.state == NUM_OK)
		jx_render_wan(b, m->fen);
	else
		buf_puts(b, "null");
}

/* A declared 执行率 (a percentage) as a fraction, or null. */
FIELD rate_field(struct jx_buf *b, const char *k, const struct num *rate, bool *first)
{
	key(b, k, first);
	if (rate->state == NUM_OK)
		dec_value(b, (struct dec){rate->v.m, rate->v.s + 2}); /* % -> fraction */
	else
		buf_puts(b, "null");
}

/*
 * "unread": the fields of an object that the form prints but the reader
 * could not read (null beside it means that, not empty).  Left out when
 * none, so that a null is empty unless listed.
 */
struct unread_list {
	const char *names[8];
	int n;
};

static void unread_if(struct unread_list *u, bool unread, const char *name)
{
	if (unread && u->n < 8)
		u->names[u->n++] = name;
}

static void list_field(struct jx_buf *b, const char *name, const struct unread_list *u,
		       bool *first)
{
	if (!u->n)
		return;
	key(b, name, first);
	buf_puts(b, "[");
	for (int i = 0; i < u->n; i++) {
		buf_puts(b, i ? "," : "");
		jx_render_json_string(b, u->names[i]);
	}
	buf_puts(b, "]");
}

static void unread_field(struct jx_buf *b, const struct unread_list *u, bool *first)
{
	list_field(b, "unread", u, first);
}

/*
 * "absent": the fields of an object whose cell the form does not have (a
 * template without 分值 / 得分 columns, a form without a 总分 row): null
 * beside it is neither empty nor unread.  Left out when none.  Read back
 * (read/json.c), so that such a form stays unscorable.
 */
static void absent_field(struct jx_buf *b, const struct num *const *nums, const char *const *names,
			 int n, bool *first)
{
	struct unread_list u = {{0}, 0};
	for (int i = 0; i < n; i++)
		unread_if(&u, nums[i]->state == NUM_ABSENT, names[i]);
	list_field(b, "absent", &u, first);
}

/* A fund row's amounts, declared rate and (weight non-NULL) its 分值 and
 * 得分, with the unread list of its amounts and rate. */
static void fund_fields(struct jx_buf *b, const struct money *initial, const struct money *budget,
			const struct money *executed, const struct num *rate, const struct num *weight,
			const struct num *score, bool *first)
{
	money_field(b, "initial", initial, first);
	money_field(b, "budget", budget, first);
	money_field(b, "executed", executed, first);
	rate_field(b, "declared_rate", rate, first);
	if (weight) {
		num_field(b, "weight", weight, first);
		num_field(b, "declared_score", score, first);
	}
	struct unread_list u = {{0}, 0};
	unread_if(&u, initial->n.state == NUM_UNREAD, "initial");
	unread_if(&u, budget->n.state == NUM_UNREAD, "budget");
	unread_if(&u, executed->n.state == NUM_UNREAD, "executed");
	unread_if(&u, rate->state == NUM_UNREAD, "declared_rate");
	unread_field(b, &u, first);
}

static void funds(struct jx_buf *b, const struct jx_form *f)
{
	bool first = true;
	buf_puts(b, "{");
	for (int i = 0; i < FUND__COUNT; i++) {
		const struct fund_row *r = &f->funds[i];
		key(b, fund_id((enum fund_kind)i), &first);
		if (!r->present) {
			buf_puts(b, "null");
			continue;
		}
		bool ff = true;
		buf_puts(b, "{");
		bool scores = i != FUND_TOTAL && (r->weight.state == NUM_OK || r->score.state == NUM_OK);
		/* a 其中 row that repeats 分值 / 得分 (sub-row-scored): kept */
		fund_fields(b, &r->initial, &r->budget, &r->executed, &r->rate,
			    scores ? &r->weight : NULL, &r->score, &ff);
		buf_puts(b, "}");
	}
	buf_puts(b, "}");
}

/* Other templates' split fund rows ("splits") and 资金管理情况
 * ("management"): written only when the form has them. */
static void splits(struct jx_buf *b, const struct jx_form *f, bool *first)
{
	if (f->splits_cut) {
		key(b, "splits_cut", first);
		buf_puts(b, "true");
	}
	if (!f->n_splits)
		return;
	key(b, "splits", first);
	buf_puts(b, "[");
	for (size_t i = 0; i < f->n_splits; i++) {
		const struct fund_split *x = &f->splits[i];
		bool ff = true;
		buf_puts(b, i ? ",{" : "{");
		str_field(b, "label", x->label, &ff);
		key(b, "group", &ff);
		put_long(b, (long long)x->group);
		key(b, "heading", &ff);
		buf_puts(b, x->heading ? "true" : "false");
		key(b, "line", &ff);
		put_long(b, (long long)x->line);
		fund_fields(b, &x->initial, &x->budget, &x->executed, &x->rate, &x->weight, &x->score, &ff);
		const struct num *ab[] = {&x->initial.n, &x->budget.n, &x->executed.n, &x->weight, &x->rate, &x->score};
		static const char *const an[] = {"initial", "budget", "executed", "weight", "declared_rate",
						 "declared_score"};
		absent_field(b, ab, an, 6, &ff);
		buf_puts(b, "}");
	}
	buf_puts(b, "]");
}

static void management(struct jx_buf *b, const struct jx_form *f, bool *first)
{
	if (!f->has_mgmt)
		return;
	key(b, "management", first);
	buf_puts(b, "[");
	for (size_t i = 0; i < f->n_mgmt; i++) {
		const struct mgmt_item *m = &f->mgmt[i];
		bool ff = true;
		buf_puts(b, i ? ",{" : "{");
		str_field(b, "label", m->label, &ff);
		key(b, "line", &ff);
		put_long(b, (long long)m->line);
		null_or_str(b, "text", &m->text, &ff);
		null_or_str(b, "problem", &m->problem, &ff);
		buf_puts(b, "}");
	}
	buf_puts(b, "]");
}

static void execution(struct jx_buf *b, const struct jx_form *f)
{
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	bool first = true;
	int64_t num, den;
	buf_puts(b, "{");
	num_field(b, "weight", &t->weight, &first);
	key(b, "rate", &first);
	if (form_rate(f, &num, &den)) /* 6 decimals, half up */
		dec_value(b, (struct dec){(int64_t)div_round((i128)num * 1000000, den), 6});
	else
		buf_puts(b, "null");
	rate_field(b, "declared_rate", &t->rate, &first);
	num_field(b, "declared_score", &t->score, &first);
	key(b, "score", &first);
	if (f->scheme_rules && !f->exec_weight_c)
		buf_puts(b, "null"); /* the scheme scores no execution (Hebei, completion) */
	else
		jx_render_score(b, f->exec_score_c);
	null_or_str(b, "reason", &t->reason, &first);
	struct unread_list u = {{0}, 0};
	unread_if(&u, t->present && t->weight.state == NUM_UNREAD, "weight");
	unread_if(&u, t->present && t->score.state == NUM_UNREAD, "declared_score");
	unread_field(b, &u, &first);
	if (t->present) {
		const struct num *nums[] = {&t->weight, &t->score};
		const char *const names[] = {"weight", "declared_score"};
		absent_field(b, nums, names, 2, &first);
	}
	buf_puts(b, "}");
}

static void indicator(struct jx_buf *b, const struct indicator *in)
{
	bool first = true;
	buf_puts(b, "{");
	str_field(b, "level1", in->level1, &first);
	str_field(b, "level2", in->level2, &first);
	str_field(b, "name", in->name.raw, &first);
	null_or_str(b, "op", &in->op_c, &first);
	null_or_str(b, "target", &in->target_c, &first);
	null_or_str(b, "unit", &in->unit_c, &first);
	null_or_str(b, "actual", &in->actual_c, &first);
	if (in->na) { /* SPEC §1: a 无 row is kept with weight 0 */
		key(b, "weight", &first);
		buf_puts(b, "0");
	} else {
		num_field(b, "weight", &in->weight, &first);
	}
	num_field(b, "declared_score", &in->declared, &first);
	key(b, "score", &first);
	if (in->scored)
		jx_render_score(b, in->score_c);
	else
		buf_puts(b, "null");
	str_field(b, "method", method_name(in->method), &first);
	null_or_str(b, "reason", &in->reason, &first);
	key(b, "line", &first);
	put_long(b, (long long)in->line);
	struct unread_list u = {{0}, 0};
	unread_if(&u, in->target_c.unread, "target");
	unread_if(&u, in->actual_c.unread, "actual");
	unread_if(&u, in->weight.state == NUM_UNREAD, "weight");
	unread_if(&u, in->declared.state == NUM_UNREAD, "declared_score");
	unread_field(b, &u, &first);
	if (!in->na) {
		const struct num *nums[] = {&in->weight, &in->declared};
		const char *const names[] = {"weight", "declared_score"};
		absent_field(b, nums, names, 2, &first);
	}
	buf_puts(b, "}");
}

enum jx_status jx_render_form_json(struct jx_buf *b, const struct jx_form *f)
{
	bool first = true;
	buf_puts(b, "{");
	str_field(b, "file", f->file, &first);
	key(b, "line", &first);
	put_long(b, (long long)f->line);
	str_field(b, "layout", jx_layout_name(f->layout), &first);
	if (f->ocr) { /* only when set: every other form's JSON is as before */
		key(b, "ocr", &first);
		buf_puts(b, "true");
	}
	key(b, "template", &first);
	if (f->template_name) {
		buf_puts(b, "{\"name\":");
		jx_render_json_string(b, f->template_name);
		jx_buf_printf(b, ",\"fit\":%.2f}", f->template_fit);
	} else {
		buf_puts(b, "null");
	}
	str_field(b, "profile", jx_profile_name(f->profile), &first);
	str_field(b, "scheme", f->scheme_rules ? f->scheme_rules->name : "national", &first);
	key(b, "year", &first);
	if (f->year)
		put_long(b, (long long)f->year);
	else
		buf_puts(b, "null");
	str_field(b, "project", f->project.raw, &first);
	null_or_str(b, "project_code", &f->project_code, &first);
	str_field(b, "department", f->department.raw, &first);
	struct unread_list head = {{0}, 0};
	unread_if(&head, f->project.unread, "project");
	unread_if(&head, f->department.unread, "department");
	unread_if(&head, f->implementer.unread, "implementer");
	str_field(b, "implementer", f->implementer.raw, &first);
	unread_field(b, &head, &first); /* the head fields printed but not read */
	key(b, "funds", &first);
	funds(b, f);
	splits(b, f, &first);
	management(b, f, &first);
	key(b, "execution", &first);
	execution(b, f);
	key(b, "goal", &first);
	bool fg = true;
	buf_puts(b, "{");
	null_or_str(b, "expected", &f->goal_expected, &fg);
	null_or_str(b, "actual", &f->goal_actual, &fg);
	struct unread_list gu = {{0}, 0};
	unread_if(&gu, f->goal_expected.unread, "expected");
	unread_if(&gu, f->goal_actual.unread, "actual");
	unread_field(b, &gu, &fg);
	buf_puts(b, "}");
	key(b, "indicators", &first);
	buf_puts(b, "[");
	for (size_t i = 0; i < f->n_ind; i++) {
		buf_puts(b, i ? ",\n  " : "\n  ");
		indicator(b, &f->ind[i]);
	}
	buf_puts(b, "]");
	key(b, "closing", &first);
	bool fc = true;
	buf_puts(b, "{");
	null_or_str(b, "conclusion", &f->conclusion, &fc);
	null_or_str(b, "problems", &f->problems, &fc);
	null_or_str(b, "improvements", &f->improvements, &fc);
	null_or_str(b, "overview", &f->overview, &fc);
	null_or_str(b, "notes", &f->notes, &fc);
	buf_puts(b, "}");
	key(b, "total", &first);
	bool ft = true;
	buf_puts(b, "{");
	num_field(b, "weight", &f->total_weight, &ft);
	num_field(b, "declared", &f->total_declared, &ft);
	key(b, "sum", &ft);
	if (f->unscorable)
		buf_puts(b, "null");
	else
		jx_render_score(b, f->sum_c);
	key(b, "score", &ft);
	if (f->unscorable)
		buf_puts(b, "null");
	else
		jx_render_score(b, f->total_c);
	key(b, "capped", &ft);
	buf_puts(b, f->capped ? "true" : "false");
	if (f->unscorable) { /* no total, no grade: never 0 / 差 */
		key(b, "grade", &ft);
		buf_puts(b, "null");
		str_field(b, "unscorable", f->unscorable, &ft);
	} else {
		str_field(b, "grade", f->grade, &ft);
	}
	struct unread_list tu = {{0}, 0};
	unread_if(&tu, f->total_weight.state == NUM_UNREAD, "weight");
	unread_if(&tu, f->total_declared.state == NUM_UNREAD, "declared");
	unread_field(b, &tu, &ft);
	const struct num *nums[] = {&f->total_weight, &f->total_declared};
	const char *const names[] = {"weight", "declared"};
	absent_field(b, nums, names, 2, &ft);
	buf_puts(b, "}}");
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}

enum jx_status jx_render_diag_json(struct jx_buf *b, const struct jx_diag *d)
{
	bool first = true;
	buf_puts(b, "{");
	str_field(b, "id", jx_check_name(d->check), &first);
	str_field(b, "severity", jx_severity_name(d->severity), &first);
	str_field(b, "file", d->file, &first);
	key(b, "line", &first);
	put_long(b, (long long)d->line);
	str_field(b, "project", d->project, &first);
	str_field(b, "message", d->message, &first);
	buf_puts(b, "}");
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}
