/*
 * form.c: the form model's small shared pieces: lifetime, method
 * names and the public summary.  See model.h.
 */
#include "model.h"
#include "arena.h"
#include "jixiao.h"

#include <stdlib.h>

void jx_form_free(struct jx_form *form)
{
	struct jx_form *f = form;
	if (f)
		arena_free(f->arena); /* the form itself lives in its arena */
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
	}
	return "?";
}

void jx_form_summary(const struct jx_form *form, struct jx_summary *s)
{
	const struct jx_form *f = form;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	s->file = f->file;
	s->line = f->line;
	s->project = f->project.raw;
	s->implementer = f->implementer.raw;
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
