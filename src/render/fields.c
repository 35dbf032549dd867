/*
 * fields.c: a form as its fields (jx_render_form_fields), the store's
 * source of each form: every cell's printed text with the line it was on,
 * the cells that were printed but not read ("unread") and those the form
 * does not have ("absent"), the template it was read by.  Read back by the
 * JSON reader (src/read/json.c, "fields") straight into the model, field by
 * field (builder_flat), so a stored form is the form it was, never a table
 * written out and read again.  Amounts are written as their exact value in
 * 万元 (4650.00 comes back 4650; an amount printed in 元 under a 金额单位
 * line comes back in 万元), every other cell as printed, a text's line
 * breaks kept.  Empty members are left out.  Internal to jixiao: not the
 * check contract.
 */
#include "arena.h"
#include "buf.h"
#include "jixiao.h"
#include "model.h"

#include <stdbool.h>
#include <string.h>

struct out {
	struct jx_buf *b;
	bool first;             /* no member written yet in the open object */
	const char *unread[10], *absent[10];
	int nu, na;             /* the open object's lists */
};

static void key(struct out *o, const char *k)
{
	buf_puts(o->b, o->first ? "\"" : ",\"");
	buf_puts(o->b, k);
	buf_puts(o->b, "\":");
	o->first = false;
}

/* A text member; left out when empty (read back as empty). */
static void str(struct out *o, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	key(o, k);
	jx_render_json_string(o->b, v);
}

static void line(struct out *o, const char *k, unsigned long l)
{
	key(o, k);
	jx_buf_printf(o->b, "%lu", l);
}

static void open_obj(struct out *o)
{
	buf_puts(o->b, "{");
	o->first = true;
	o->nu = o->na = 0;
}

static void list(struct out *o, const char *k, const char *const *v, int n)
{
	if (!n)
		return;
	key(o, k);
	buf_puts(o->b, "[");
	for (int i = 0; i < n; i++) {
		buf_puts(o->b, i ? "," : "");
		jx_render_json_string(o->b, v[i]);
	}
	buf_puts(o->b, "]");
}

static void close_obj(struct out *o)
{
	list(o, "unread", o->unread, o->nu);
	list(o, "absent", o->absent, o->na);
	buf_puts(o->b, "}");
	o->first = false;
}

static void mark(struct out *o, const char *k, enum num_state st)
{
	if (st == NUM_UNREAD && o->nu < 10)
		o->unread[o->nu++] = k;
	if (st == NUM_ABSENT && o->na < 10)
		o->absent[o->na++] = k;
}

/* A text cell: its text, or listed as unread; absent (col 0) when `may_be_absent`. */
static void text(struct out *o, const char *k, const struct cell *c, bool may_be_absent)
{
	if (c->unread)
		mark(o, k, NUM_UNREAD);
	else if (may_be_absent && !c->col)
		mark(o, k, NUM_ABSENT);
	else
		str(o, k, c->raw);
}

static void num(struct out *o, const char *k, const struct num *n)
{
	if (n->state == NUM_UNREAD || n->state == NUM_ABSENT)
		mark(o, k, n->state);
	else
		str(o, k, n->cell.raw);
}

static void money(struct out *o, const char *k, const struct money *m)
{
	if (m->n.state == NUM_OK) {
		key(o, k);
		buf_puts(o->b, "\"");
		jx_render_wan(o->b, m->fen);
		buf_puts(o->b, "\"");
	} else {
		num(o, k, &m->n);
	}
}

/* A fund row's amounts, a 年度资金总额 row's or a split row's alike. */
static void amounts(struct out *in, const struct money *initial, const struct money *budget,
		    const struct money *executed, const struct num *weight, const struct num *rate,
		    const struct num *score)
{
	money(in, "initial", initial);
	money(in, "budget", budget);
	money(in, "executed", executed);
	num(in, "weight", weight);
	num(in, "rate", rate);
	num(in, "score", score);
}

static void funds(struct out *o, const struct jx_form *f)
{
	key(o, "funds");
	buf_puts(o->b, "[");
	bool any = false;
	for (int k = 0; k < FUND__COUNT; k++) {
		const struct fund_row *r = &f->funds[k];
		if (!r->present)
			continue;
		buf_puts(o->b, any ? "," : "");
		any = true;
		struct out in = {o->b, true, {0}, {0}, 0, 0};
		open_obj(&in);
		str(&in, "kind", fund_id((enum fund_kind)k));
		line(&in, "line", r->line);
		amounts(&in, &r->initial, &r->budget, &r->executed, &r->weight, &r->rate, &r->score);
		text(&in, "reason", &r->reason, false);
		close_obj(&in);
	}
	buf_puts(o->b, "]");
}

/* Other templates' split fund rows (其中：中央补助 …) and 资金管理情况, when
 * the form has them; "splits_cut": more split rows than were read. */
static void extras(struct out *o, const struct jx_form *f)
{
	if (f->splits_cut) {
		key(o, "splits_cut");
		buf_puts(o->b, "true");
	}
	if (f->n_splits) {
		key(o, "splits");
		buf_puts(o->b, "[");
		for (size_t i = 0; i < f->n_splits; i++) {
			const struct fund_split *x = &f->splits[i];
			buf_puts(o->b, i ? "," : "");
			struct out in = {o->b, true, {0}, {0}, 0, 0};
			open_obj(&in);
			str(&in, "label", x->label);
			key(&in, "group");
			jx_buf_printf(o->b, "%d", x->group);
			if (x->heading) {
				key(&in, "heading");
				buf_puts(o->b, "true");
			}
			line(&in, "line", x->line);
			amounts(&in, &x->initial, &x->budget, &x->executed, &x->weight, &x->rate, &x->score);
			close_obj(&in);
		}
		buf_puts(o->b, "]");
	}
	if (f->has_mgmt) {
		key(o, "management");
		buf_puts(o->b, "[");
		for (size_t i = 0; i < f->n_mgmt; i++) {
			const struct mgmt_item *m = &f->mgmt[i];
			buf_puts(o->b, i ? "," : "");
			struct out in = {o->b, true, {0}, {0}, 0, 0};
			open_obj(&in);
			str(&in, "label", m->label);
			line(&in, "line", m->line);
			text(&in, "text", &m->text, false);
			text(&in, "problem", &m->problem, false);
			close_obj(&in);
		}
		buf_puts(o->b, "]");
	}
}

static void indicators(struct out *o, const struct jx_form *f)
{
	key(o, "indicators");
	buf_puts(o->b, "[");
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *x = &f->ind[i];
		buf_puts(o->b, i ? ",\n" : "\n");
		struct out in = {o->b, true, {0}, {0}, 0, 0};
		open_obj(&in);
		/* merged cells: a level on the first row of its run, "" below */
		str(&in, "level1", indicator_run_starts(f, i, false) ? x->level1 : "");
		str(&in, "level2", indicator_run_starts(f, i, true) ? x->level2 : "");
		text(&in, "name", &x->name, false);
		text(&in, "op", &x->op_c, true);
		text(&in, "target", &x->target_c, false);
		text(&in, "unit", &x->unit_c, true);
		text(&in, "actual", &x->actual_c, false);
		num(&in, "weight", &x->weight);
		num(&in, "declared", &x->declared);
		text(&in, "reason", &x->reason, false);
		line(&in, "line", x->line);
		close_obj(&in);
	}
	buf_puts(o->b, "]");
}

enum jx_status jx_render_form_fields(struct jx_buf *b, const struct jx_form *f)
{
	struct out o = {b, true, {0}, {0}, 0, 0};
	open_obj(&o);
	key(&o, "fields");
	buf_puts(b, "1");
	str(&o, "file", f->file);
	line(&o, "line", f->line);
	str(&o, "layout", jx_layout_name(f->layout));
	if (f->ocr) { /* only when set: other forms' stored fields as before */
		key(&o, "ocr");
		buf_puts(b, "true");
	}
	if (f->template_name) {
		key(&o, "template");
		buf_puts(b, "{\"name\":");
		jx_render_json_string(b, f->template_name);
		jx_buf_printf(b, ",\"fit\":\"%.2f\"}", f->template_fit);
	}
	if (f->year) {
		key(&o, "year");
		jx_buf_printf(b, "\"%d\"", f->year);
	}
	text(&o, "project", &f->project, false);
	str(&o, "project_code", f->project_code.raw);
	text(&o, "department", &f->department, false);
	text(&o, "implementer", &f->implementer, false);
	str(&o, "overview", f->overview.raw);
	funds(&o, f);
	extras(&o, f);
	if (f->has_goal) {
		key(&o, "goal");
		struct out g = {b, true, {0}, {0}, 0, 0};
		open_obj(&g);
		text(&g, "expected", &f->goal_expected, false);
		text(&g, "actual", &f->goal_actual, false);
		close_obj(&g);
	}
	indicators(&o, f);
	if (f->has_total) {
		key(&o, "total");
		struct out t = {b, true, {0}, {0}, 0, 0};
		open_obj(&t);
		num(&t, "weight", &f->total_weight);
		num(&t, "declared", &f->total_declared);
		line(&t, "line", f->total_line);
		close_obj(&t);
	}
	str(&o, "conclusion", f->conclusion.raw);
	str(&o, "problems", f->problems.raw);
	str(&o, "improvements", f->improvements.raw);
	str(&o, "notes", f->notes.raw);
	close_obj(&o);
	buf_puts(b, "\n");
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}
