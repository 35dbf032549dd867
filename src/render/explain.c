/*
 * explain.c: the rescored form with the trace behind every number,
 * for people (`jixiao explain`).  Plain text, Simplified Chinese.  User text
 * passes through put_text(), the one place that neutralises control
 * characters (a cell must not be able to drive the terminal).
 */
#include "arena.h"
#include "jixiao.h"
#include "model.h"
#include "profile.h"
#include "score.h"

#include <string.h>

static void put_text(struct jx_buf *b, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != 0x7f)
			continue;
		jx_buf_add(b, run, (size_t)(s - run));
		jx_buf_add(b, " ", 1);
		run = s + 1;
	}
	jx_buf_add(b, run, (size_t)(s - run));
}

static void put_num(struct jx_buf *b, const struct num *n)
{
	char buf[48];
	switch (n->state) {
	case NUM_OK:
		dec_format(n->v, buf, sizeof buf);
		jx_buf_printf(b, "%s%s", buf, n->percent ? "%" : "");
		break;
	case NUM_BAD:
		jx_buf_puts(b, "「");
		put_text(b, n->cell.raw);
		jx_buf_puts(b, "」");
		break;
	case NUM_DASH:
		jx_buf_puts(b, "—");
		break;
	default:
		jx_buf_puts(b, "（空）");
	}
}

/* The profile rule behind a number, under its trace. */
static void rule(struct jx_buf *b, const char *r)
{
	if (!r)
		return;
	jx_buf_puts(b, "    规则：");
	put_text(b, r);
	jx_buf_puts(b, "\n");
}

static void agreement(struct jx_buf *b, const struct jx_form *f, const struct num *declared,
		      int64_t rescored)
{
	int64_t d;
	if (!num_centi(declared, &d))
		jx_buf_puts(b, "  [未申报得分]");
	else if (d == rescored)
		jx_buf_puts(b, "  [一致]");
	else if (score_agrees(f, d, rescored))
		jx_buf_puts(b, "  [按取整一致]");
	else
		jx_buf_puts(b, "  [不一致]");
}

static void execution(struct jx_buf *b, const struct jx_form *f)
{
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	jx_buf_puts(b, "预算执行  分值 ");
	if (f->exec_weight_assumed) {
		put_num(b, &t->weight);
		jx_buf_puts(b, "（按 ");
		jx_render_score(b, f->exec_weight_c);
		jx_buf_puts(b, " 计）");
	} else {
		jx_render_score(b, f->exec_weight_c);
	}
	jx_buf_puts(b, "  申报执行率 ");
	put_num(b, &t->rate);
	jx_buf_puts(b, "  申报得分 ");
	put_num(b, &t->score);
	jx_buf_puts(b, "  复核得分 ");
	jx_render_score(b, f->exec_score_c);
	agreement(b, f, &t->score, f->exec_score_c);
	jx_buf_printf(b, "\n    %s\n", f->exec_trace);
	rule(b, f->exec_rule);
}

static void total(struct jx_buf *b, const struct jx_form *f);

static void indicator(struct jx_buf *b, const struct jx_form *f, const struct indicator *in)
{
	jx_buf_printf(b, "第 %lu 行  ", in->line);
	put_text(b, in->level1);
	jx_buf_puts(b, " / ");
	put_text(b, in->level2);
	jx_buf_puts(b, " / ");
	put_text(b, in->name.raw);
	jx_buf_puts(b, "\n    目标 ");
	put_text(b, *in->target_c.raw ? in->target_c.raw : "（空）");
	jx_buf_puts(b, "  实际 ");
	put_text(b, *in->actual_c.raw ? in->actual_c.raw : "（空）");
	jx_buf_puts(b, "  分值 ");
	put_num(b, &in->weight);
	jx_buf_puts(b, "  申报 ");
	put_num(b, &in->declared);
	if (in->scored) {
		jx_buf_puts(b, "  复核 ");
		jx_render_score(b, in->score_c);
		agreement(b, f, &in->declared, in->score_c);
	}
	jx_buf_printf(b, "  (%s)\n    ", method_name(in->method));
	put_text(b, in->trace ? in->trace : "");
	jx_buf_puts(b, "\n");
	rule(b, in->rule);
}

enum jx_status jx_render_explain(struct jx_buf *b, const struct jx_form *f)
{
	score_explain((struct jx_form *)f); /* a form is one thread's at a time */
	jx_buf_puts(b, "== ");
	put_text(b, *f->project.raw ? f->project.raw : "（项目名称缺失）");
	jx_buf_printf(b, "  %s:%lu", f->file, f->line);
	if (f->year)
		jx_buf_printf(b, "  %d 年度", f->year);
	jx_buf_puts(b, "\n");
	const struct jx_profile *p = profile_or_national(f->profile);
	jx_buf_puts(b, "评分规则 ");
	put_text(b, p->chain);
	jx_buf_puts(b, "；申报得分与复核得分一致的取整：");
	put_text(b, profile_rule(f->arena, p, PK_AGREE_DECLARED));
	jx_buf_puts(b, "\n");
	if (f->scheme_rules) { /* the template's scheme: how this form is scored */
		jx_buf_printf(b, "评分方案 %s（表样 %s）：", f->scheme_rules->name,
			      f->template_name ? f->template_name : "");
		put_text(b, f->scheme_rules->title);
		jx_buf_puts(b, "\n");
	}
	execution(b, f);
	for (size_t i = 0; i < f->n_ind; i++)
		indicator(b, f, &f->ind[i]);
	total(b, f);
	jx_buf_puts(b, "\n");
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}

enum jx_status jx_render_trace(struct jx_buf *b, const struct jx_form *f, long which)
{
	if (!f->scored || which < JX_TRACE_TOTAL || (which >= 0 && (size_t)which >= f->n_ind))
		return JX_ERR_ARG;
	score_explain((struct jx_form *)f);
	if (which == JX_TRACE_EXECUTION)
		execution(b, f);
	else if (which == JX_TRACE_TOTAL)
		total(b, f);
	else
		indicator(b, f, &f->ind[which]);
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}

size_t jx_form_indicators(const struct jx_form *f)
{
	return f->n_ind;
}

static void total(struct jx_buf *b, const struct jx_form *f)
{
	jx_buf_puts(b, "总分  分值 ");
	put_num(b, &f->total_weight);
	jx_buf_puts(b, "  申报 ");
	put_num(b, &f->total_declared);
	jx_buf_puts(b, "  复核 ");
	if (f->unscorable)
		jx_buf_puts(b, "—");
	else
		jx_render_score(b, f->total_c);
	jx_buf_puts(b, "  等级 ");
	put_text(b, f->grade ? f->grade : "无法评分");
	jx_buf_puts(b, "\n    ");
	put_text(b, f->total_trace);
	jx_buf_puts(b, "\n");
	rule(b, f->total_rule);
}
