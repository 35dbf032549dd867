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
 * it was.  Last come the template it was read by and which empty columns
 * are unread or absent (marks()).
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
			      "improvements,notes,template,template_fit,unread,absent\r\n");
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

/* A list of column names, space-separated, when cond. */
static void name_if(struct jx_buf *b, bool cond, const char *name, bool *first)
{
	if (!cond)
		return;
	jx_buf_printf(b, "%s%s", *first ? "" : " ", name);
	*first = false;
}

/*
 * The form's template, and the columns of this row whose empty value is a
 * cell printed but not read ("unread") or one the form does not have
 * ("absent"): the form's columns on every row, the indicator's on its own.
 * Read back (src/read/csv.c) so that an unscorable form stays one.
 */
static void marks(struct jx_buf *b, const struct jx_form *f, const struct indicator *in)
{
	sep(b);
	csv_field(b, f->template_name ? f->template_name : "");
	sep(b);
	if (f->template_name)
		jx_buf_printf(b, "%.2f", f->template_fit);
	static const char *const fields[] = {"initial_wan", "budget_wan", "executed_wan", "weight",
					     "rate", "score"};
	for (int pass = 0; pass < 2; pass++) { /* unread, absent */
		enum num_state st = pass ? NUM_ABSENT : NUM_UNREAD;
		bool first = true;
		sep(b);
		if (!pass) {
			name_if(b, f->project.unread, "project", &first);
			name_if(b, f->department.unread, "department", &first);
			name_if(b, f->implementer.unread, "implementer", &first);
		}
		for (int k = 0; k < FUND__COUNT; k++) {
			const struct fund_row *r = &f->funds[k];
			if (!r->present || (pass && k != FUND_TOTAL))
				continue;
			const struct num *n[] = {&r->initial.n, &r->budget.n, &r->executed.n,
						 &r->weight,    &r->rate,     &r->score};
			for (int i = 0; i < 6; i++)
				if (n[i]->state == st && (!pass || i == 3 || i == 5)) {
					char name[64];
					snprintf(name, sizeof name, "fund_%s_%s", fund_id((enum fund_kind)k),
						 fields[i]);
					name_if(b, true, name, &first);
				}
		}
		if (!pass) {
			name_if(b, f->goal_expected.unread, "goal_expected", &first);
			name_if(b, f->goal_actual.unread, "goal_actual", &first);
		}
		name_if(b, f->total_weight.state == st, "total_weight", &first);
		name_if(b, f->total_declared.state == st, "total_declared", &first);
		if (!in)
			continue;
		if (!pass) {
			name_if(b, in->target_c.unread, "target", &first);
			name_if(b, in->actual_c.unread, "actual", &first);
		}
		if (!pass || !in->na) {
			name_if(b, in->weight.state == st, "weight", &first);
			name_if(b, in->declared.state == st, "declared_score", &first);
		}
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
		marks(b, f, NULL);
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
		marks(b, f, in);
		jx_buf_puts(b, "\r\n");
	}
	jx_buf_release(&k);
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}
