/*
 * table.c: the table of forms that check, show and list print: project,
 * 全年预算数, 全年执行数, 执行率, declared and rescored totals, grade, and a
 * last line with the sums (执行率 = Σ执行数 / Σ预算数).  Rows keep copies of
 * the few strings they print, so a row outlives the form or query row it
 * came from.
 */
#include "cli.h"

#include <stdlib.h>

void cli_table_add(struct cli_forms_table *t, const struct jx_summary *s)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->rows = cli_xrealloc(t->rows, t->cap * sizeof *t->rows);
	}
	struct cli_form_row *r = &t->rows[t->n++];
	r->s = *s;
	r->project = cli_xstrdup(*s->project ? s->project : "（项目名称缺失）");
	r->grade = cli_xstrdup(s->grade ? s->grade : "");
	r->s.project = r->project;
	r->s.grade = r->grade;
	r->s.file = r->s.implementer = NULL; /* not printed */
}

void cli_table_free(struct cli_forms_table *t)
{
	for (size_t k = 0; k < t->n; k++) {
		free(t->rows[k].project);
		free(t->rows[k].grade);
	}
	free(t->rows);
	free(t->file);
	*t = (struct cli_forms_table){0};
}

enum { NCOLS = 7 };

/* Move what b holds into a table cell ("—" when nothing), and empty b. */
static void take(char *cell, struct jx_buf *b)
{
	snprintf(cell, 160, "%s", b->n ? b->p : "—");
	jx_buf_reset(b);
}

static void cells_of(const struct jx_summary *s, const char *name, char cell[NCOLS][160])
{
	struct jx_buf b;
	jx_buf_init(&b, 64);
	snprintf(cell[0], 160, "%s", name);
	if (s->has_budget)
		jx_render_wan(&b, s->budget_fen);
	take(cell[1], &b);
	if (s->has_executed)
		jx_render_wan(&b, s->executed_fen);
	take(cell[2], &b);
	if (s->has_budget && s->has_executed && s->budget_fen > 0)
		jx_render_percent(&b, s->executed_fen, s->budget_fen, 2);
	take(cell[3], &b);
	if (s->has_declared_total)
		jx_render_score(&b, s->declared_total_c);
	take(cell[4], &b);
	/* no grade: unscorable (a cell it needs was not read), never 0 / 差 */
	bool scored = s->grade && *s->grade;
	if (scored)
		jx_render_score(&b, s->score_total_c);
	else
		jx_buf_puts(&b, "—");
	take(cell[5], &b);
	snprintf(cell[6], 160, "%s", scored ? s->grade : "无法评分");
	jx_buf_release(&b);
}

/* The 合计 line: the sums, and the rate of the forms with both amounts. */
static void total_cells(const struct jx_summary *sum, const struct jx_summary *both,
			char cell[NCOLS][160])
{
	cells_of(sum, "合计", cell);
	cell[4][0] = cell[5][0] = cell[6][0] = '\0'; /* no total or grade of a sum */
	struct jx_buf b;
	jx_buf_init(&b, 64);
	if (both->has_budget && both->budget_fen > 0)
		jx_render_percent(&b, both->executed_fen, both->budget_fen, 2);
	take(cell[3], &b);
	jx_buf_release(&b);
}

void cli_pad(FILE *out, const char *s, size_t width, bool right)
{
	size_t w = jx_text_width(s);
	if (right)
		for (size_t i = w; i < width; i++)
			fputc(' ', out);
	fputs(s, out);
	if (!right)
		for (size_t i = w; i < width; i++)
			fputc(' ', out);
}

static void print_line(FILE *out, char cell[NCOLS][160], const size_t *width)
{
	for (int c = 0; c < NCOLS; c++) {
		if (c)
			fputs("  ", out);
		cli_pad(out, cell[c], c == NCOLS - 1 ? 0 : width[c], c > 0 && c < NCOLS - 1);
	}
	fputc('\n', out);
}

void cli_table_print(FILE *out, const struct cli_forms_table *t, const char *profile)
{
	static const char *const head[NCOLS] = {"项目", "全年预算数(万元)", "全年执行数(万元)",
						"执行率", "申报总分", "复核总分", "等级"};
	char cell[NCOLS][160];
	size_t width[NCOLS];
	struct jx_summary sum = {.has_budget = true, .has_executed = true, .grade = ""};
	/* the rate of the 合计 line: over the forms with both amounts (a form
	 * whose budget is unreadable must not add its executed amount alone) */
	struct jx_summary both = {.has_budget = true, .has_executed = true};
	size_t budgets = 0, executeds = 0;
	for (int c = 0; c < NCOLS; c++)
		width[c] = jx_text_width(head[c]);
	/* two passes over the rows, widths then lines: formatting a row again
	 * is cheaper than keeping every formatted row of a large file */
	for (size_t i = 0; i <= t->n; i++) {
		if (i < t->n) {
			const struct jx_summary *s = &t->rows[i].s;
			cells_of(s, t->rows[i].project, cell);
			/* amounts are below 10^15 fen each; a file of forms may add up past 64 bits */
			if (s->has_budget && __builtin_add_overflow(sum.budget_fen, s->budget_fen, &sum.budget_fen))
				sum.has_budget = false;
			if (s->has_executed &&
			    __builtin_add_overflow(sum.executed_fen, s->executed_fen, &sum.executed_fen))
				sum.has_executed = false;
			budgets += s->has_budget;
			executeds += s->has_executed;
			if (s->has_budget && s->has_executed &&
			    (__builtin_add_overflow(both.budget_fen, s->budget_fen, &both.budget_fen) ||
			     __builtin_add_overflow(both.executed_fen, s->executed_fen, &both.executed_fen)))
				both.has_budget = false;
		} else {
			sum.has_budget &= budgets > 0; /* no form has one: no sum either */
			sum.has_executed &= executeds > 0;
			total_cells(&sum, &both, cell);
		}
		for (int c = 0; c < NCOLS; c++)
			if (jx_text_width(cell[c]) > width[c])
				width[c] = jx_text_width(cell[c]);
	}
	fprintf(out, "\n%s：%zu 张自评表（评分规则 %s）\n", t->file, t->n, profile);
	char hc[NCOLS][160];
	for (int c = 0; c < NCOLS; c++)
		snprintf(hc[c], 160, "%s", head[c]);
	print_line(out, hc, width);
	for (size_t i = 0; i < t->n; i++) {
		cells_of(&t->rows[i].s, t->rows[i].project, cell);
		print_line(out, cell, width);
	}
	total_cells(&sum, &both, cell);
	print_line(out, cell, width);
}


static void money_or_null(struct jx_buf *b, bool has, int64_t fen)
{
	if (has)
		jx_render_wan(b, fen);
	else
		jx_buf_puts(b, "null");
}

void cli_form_json(struct jx_buf *b, const struct jx_store_form *r)
{
	jx_buf_printf(b, "{\"id\":%lld,\"year\":%d,\"department\":", r->id, r->s.year);
	jx_render_json_string(b, r->department);
	jx_buf_puts(b, ",\"unit\":");
	jx_render_json_string(b, r->s.implementer);
	jx_buf_puts(b, ",\"project\":");
	jx_render_json_string(b, r->s.project);
	jx_buf_puts(b, ",\"file\":");
	jx_render_json_string(b, r->s.file);
	jx_buf_printf(b, ",\"line\":%lu,\"budget\":", r->s.line);
	money_or_null(b, r->s.has_budget, r->s.budget_fen);
	jx_buf_puts(b, ",\"executed\":");
	money_or_null(b, r->s.has_executed, r->s.executed_fen);
	jx_buf_puts(b, ",\"rate\":");
	if (r->s.has_budget && r->s.has_executed && r->s.budget_fen > 0)
		jx_render_ratio(b, r->s.executed_fen, r->s.budget_fen, 6);
	else
		jx_buf_puts(b, "null");
	jx_buf_puts(b, ",\"declared_total\":");
	if (r->s.has_declared_total)
		jx_render_score(b, r->s.declared_total_c);
	else
		jx_buf_puts(b, "null");
	jx_buf_puts(b, ",\"total\":");
	jx_render_score(b, r->s.score_total_c);
	jx_buf_puts(b, ",\"grade\":");
	jx_render_json_string(b, r->s.grade ? r->s.grade : "");
	jx_buf_puts(b, ",\"profile\":");
	jx_render_json_string(b, r->profile ? r->profile : "");
	jx_buf_printf(b, ",\"findings\":{\"error\":%lu,\"warning\":%lu,\"info\":%lu},\"state\":\"%s\"}",
		      r->findings[JX_SEV_ERROR], r->findings[JX_SEV_WARNING], r->findings[JX_SEV_INFO],
		      jx_state_id((enum jx_state)r->state));
}
