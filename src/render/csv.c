/*
 * csv.c: one row per indicator, the form's keys repeated on each row (for
 * pivot tables); amounts in 万元 and scores exact, empty when absent.
 * UTF-8 with a byte-order mark, lines ending in CRLF (RFC 4180).
 * Fields go through csv_field (escape.c).
 *
 * After the columns for pivot tables come the rest of the form (every fund
 * row as printed, goals, the total row, closing texts), so that the CSV
 * reads back into the same form (src/read/csv.c).  A form without
 * indicators has one row with the indicator columns empty.  A declared
 * number the form did not write as a number (/, 无, words) is written as
 * it was.
 */
#include "escape.h"
#include "model.h"

#include <stdio.h>

enum jx_status jx_render_csv_header(struct jx_buf *b)
{
	/* UTF-8 with a BOM: Excel on Chinese Windows reads it as UTF-8, not GBK */
	jx_buf_puts(b, "\xEF\xBB\xBF");
	return jx_buf_puts(b, "file,form_line,year,department,implementer,project,project_code,"
			      "budget_wan,executed_wan,rate,exec_score,total_declared,total_score,grade,"
			      "profile,line,level1,level2,name,op,target,unit,actual,weight,"
			      "declared_score,score,method,reason,fund_rows"
#define FUND_COLS(k) ",fund_"k"_initial_wan,fund_"k"_budget_wan,fund_"k"_executed_wan," \
		     "fund_"k"_weight,fund_"k"_rate,fund_"k"_score,fund_"k"_reason"
			      FUND_COLS("total") FUND_COLS("fiscal") FUND_COLS("carryover")
			      FUND_COLS("other") FUND_COLS("special") FUND_COLS("unit")
#undef FUND_COLS
			      ",goal_expected,goal_actual,total_weight,overview,conclusion,problems,"
			      "improvements,notes\r\n");
}

static void sep(struct jx_buf *b)
{
	jx_buf_puts(b, ",");
}

/* A declared number: canonical when it is one, else the text as written. */
static void num_field(struct jx_buf *b, const struct num *n)
{
	char buf[48];
	if (n->state == NUM_OK) {
		dec_format(n->v, buf, sizeof buf);
		jx_buf_printf(b, "%s%s", buf, n->percent ? "%" : "");
	} else if (n->state == NUM_BAD || n->state == NUM_DASH) {
		csv_field(b, n->cell.raw);
	}
}

static void money_field(struct jx_buf *b, const struct money *m)
{
	if (m->n.state == NUM_OK)
		jx_render_wan(b, m->fen);
	else
		num_field(b, &m->n);
}

/* The rest of the form, after the indicator's columns. */
static void form_rest(struct jx_buf *b, const struct jx_form *f)
{
	sep(b);
	const char *space = "";
	for (int k = 0; k < FUND__COUNT; k++)
		if (f->funds[k].present) {
			jx_buf_printf(b, "%s%s", space, fund_id((enum fund_kind)k));
			space = " ";
		}
	for (int k = 0; k < FUND__COUNT; k++) {
		const struct fund_row *r = &f->funds[k];
		const struct money *m[] = {&r->initial, &r->budget, &r->executed};
		for (size_t i = 0; i < 3; i++) {
			sep(b);
			if (r->present)
				money_field(b, m[i]);
		}
		const struct num *n[] = {&r->weight, &r->rate, &r->score};
		for (size_t i = 0; i < 3; i++) {
			sep(b);
			if (r->present)
				num_field(b, n[i]);
		}
		sep(b);
		if (r->present)
			csv_field(b, r->reason.raw ? r->reason.raw : "");
	}
	const struct cell *c[] = {&f->goal_expected, &f->goal_actual};
	for (size_t i = 0; i < 2; i++) {
		sep(b);
		csv_field(b, c[i]->raw ? c[i]->raw : "");
	}
	sep(b);
	num_field(b, &f->total_weight);
	const struct cell *t[] = {&f->overview, &f->conclusion, &f->problems, &f->improvements,
				  &f->notes};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		sep(b);
		csv_field(b, t[i]->raw ? t[i]->raw : "");
	}
}

enum jx_status jx_render_form_csv(struct jx_buf *b, const struct jx_form *f)
{
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	struct jx_buf k; /* the form's keys, once */
	jx_buf_init(&k, 1 << 20);
	csv_field(&k, f->file);
	jx_buf_printf(&k, ",%lu,", f->line);
	if (f->year)
		jx_buf_printf(&k, "%d", f->year);
	sep(&k);
	csv_field(&k, f->department.raw);
	sep(&k);
	csv_field(&k, f->implementer.raw);
	sep(&k);
	csv_field(&k, f->project.raw);
	sep(&k);
	csv_field(&k, f->project_code.raw ? f->project_code.raw : "");
	sep(&k);
	if (t->budget.n.state == NUM_OK)
		jx_render_wan(&k, t->budget.fen);
	sep(&k);
	if (t->executed.n.state == NUM_OK)
		jx_render_wan(&k, t->executed.fen);
	sep(&k);
	if (t->budget.n.state == NUM_OK && t->executed.n.state == NUM_OK && t->budget.fen > 0)
		jx_render_ratio(&k, t->executed.fen, t->budget.fen, 6);
	sep(&k);
	jx_render_score(&k, f->exec_score_c);
	sep(&k);
	num_field(&k, &f->total_declared);
	sep(&k);
	if (!f->unscorable)
		jx_render_score(&k, f->total_c);
	sep(&k);
	csv_field(&k, f->grade ? f->grade : "无法评分");
	sep(&k);
	csv_field(&k, jx_profile_name(f->profile));
	if (!f->n_ind) { /* the form still has a row */
		jx_buf_add(b, k.p, k.n);
		jx_buf_puts(b, ",,,,,,,,,,,,,");
		form_rest(b, f);
		jx_buf_puts(b, "\r\n");
	}
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		jx_buf_add(b, k.p, k.n);
		jx_buf_printf(b, ",%lu,", in->line);
		csv_field(b, in->level1);
		sep(b);
		csv_field(b, in->level2);
		sep(b);
		csv_field(b, in->name.raw);
		sep(b);
		csv_field(b, in->op_c.col ? in->op_c.raw : "");
		sep(b);
		csv_field(b, in->target_c.raw);
		sep(b);
		csv_field(b, in->unit_c.col ? in->unit_c.raw : "");
		sep(b);
		csv_field(b, in->actual_c.raw);
		sep(b);
		if (in->na && in->weight.state != NUM_OK)
			jx_buf_puts(b, "无");
		else
			num_field(b, &in->weight);
		sep(b);
		num_field(b, &in->declared);
		sep(b);
		if (in->scored)
			jx_render_score(b, in->score_c);
		sep(b);
		csv_field(b, method_name(in->method));
		sep(b);
		csv_field(b, in->reason.raw);
		form_rest(b, f);
		jx_buf_puts(b, "\r\n");
	}
	jx_buf_release(&k);
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}
