/*
 * form.c: the form model's small shared pieces: lifetime, fund rows, indicator
 * runs, method
 * names and the public summary.  See model.h.
 */
#include "model.h"
#include "arena.h"
#include "jixiao.h"

#include <stdlib.h>
#include <string.h>

void jx_form_free(struct jx_form *form)
{
	struct jx_form *f = form;
	if (f)
		arena_free(f->arena); /* the form itself lives in its arena */
}

size_t jx_form_bytes(const struct jx_form *f)
{
	return f ? arena_bytes(f->arena) : 0;
}

static const struct {
	const char *id, *name, *label;
} funds[FUND__COUNT] = {
	[FUND_TOTAL] = {"total", "年度资金总额", "年度资金总额"},
	[FUND_FISCAL] = {"fiscal", "当年财政拨款", "其中：当年财政拨款"},
	[FUND_CARRYOVER] = {"carryover", "上年结转资金", "上年结转资金"},
	[FUND_OTHER] = {"other", "其他资金", "其他资金"},
	[FUND_SPECIAL] = {"special", "财政专户管理资金", "财政专户管理资金"},
	[FUND_UNIT] = {"unit", "单位资金", "单位资金"},
};

const char *fund_id(enum fund_kind k)
{
	return funds[k].id;
}

const char *fund_name(enum fund_kind k)
{
	return funds[k].name;
}

const char *fund_label(enum fund_kind k)
{
	return funds[k].label;
}

static bool same_run(const struct indicator *a, const struct indicator *b, bool level2)
{
	return strcmp(a->level1, b->level1) == 0 && (!level2 || strcmp(a->level2, b->level2) == 0);
}

bool indicator_run_starts(const struct jx_form *f, size_t i, bool level2)
{
	return i == 0 || !same_run(&f->ind[i - 1], &f->ind[i], level2);
}

size_t indicator_run(const struct jx_form *f, size_t i, bool level2)
{
	size_t j = i + 1;
	while (j < f->n_ind && same_run(&f->ind[j], &f->ind[i], level2))
		j++;
	return j - i;
}

const char *method_name(enum method m)
{
	switch (m) {
	case M_NONE: return "none";
	case M_RATIO: return "ratio";
	case M_REVERSE: return "reverse";
	case M_QUALITATIVE: return "qualitative";
	case M_DATE: return "date";
	case M_FUZZY: return "fuzzy";
	case M_UNSCORABLE: return "unscorable";
	case M_MISSING: return "missing";
	case M_UNREAD: return "unread";
	case M_DECLARED: return "declared";
	case M_COMPLETION: return "completion";
	}
	return "?";
}

void jx_form_summary(const struct jx_form *form, struct jx_summary *s)
{
	const struct jx_form *f = form;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	s->file = f->file;
	s->line = f->line;
	s->ocr = f->ocr;
	s->project = f->project.raw;
	s->implementer = f->implementer.raw;
	s->department = f->department.raw;
	s->year = f->year;
	s->has_budget = t->budget.n.state == NUM_OK;
	s->has_executed = t->executed.n.state == NUM_OK;
	s->budget_fen = s->has_budget ? t->budget.fen : 0;
	s->executed_fen = s->has_executed ? t->executed.fen : 0;
	s->has_declared_total = f->total_declared.state == NUM_OK &&
				dec_to_centi(f->total_declared.v, &s->declared_total_c);
	if (!s->has_declared_total)
		s->declared_total_c = 0;
	s->score_total_c = f->total_c;
	s->grade = f->grade ? f->grade : "";
}
