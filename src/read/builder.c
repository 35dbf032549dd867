/*
 * builder.c: the form builder, last stage of the reader (see read.h; the
 * reader handle and what an input is are reader.c).  It reads rows in the
 * tab layout (SPEC §2.1: one table row per line, cells
 * split by TAB, empty cells where merged cells were), whatever layout the
 * input had, and builds struct jx_form.  The reader holds
 * one form at a time: it reads lines until the next 项目支出绩效自评表 title
 * (or the end), building the form as it goes, and hands the form to the
 * caller.  Fields are found by their labels, never by line numbers; cells are
 * matched to columns by their position relative to the header row, so an
 * empty cell stays an empty value.
 *
 * Problems inside a form do not stop reading: each becomes an `unparsed`
 * finding with its line, delivered when the form is complete (so that it can
 * name the project).
 */
#include "arena.h"
#include "builder.h"
#include "ctx.h"
#include "input.h"
#include "levels.h"
#include "model.h"
#include "read.h"
#include "text.h"
#include "value.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

enum { MAX_CELLS = 64 };

/*
 * Bounds on what a form may hold, far above any real form, so that every
 * sum in scoring and auditing stays inside 64 bits: at most MAX_INDICATORS
 * indicator rows, numbers (分值, 得分, 执行率, amounts in 万元) below 10^9
 * (so amounts below 10^15 fen).  Beyond them a cell is reported, not read.
 */
enum { MAX_INDICATORS = 10000 };
/* Reading findings kept per form; beyond, they are counted in one line.
 * Rows read per form (a form has a few dozen; MAX_INDICATORS bounds it). */
enum { MAX_PENDING = 1000, MAX_FORM_ROWS = 4 * MAX_INDICATORS };
#define MAX_NUMBER_INT 1000000000LL

struct pending {
	struct pending *next;
	enum jx_check check;
	unsigned long line;
	const char *msg;
	bool no_project; /* about text that is not part of the form */
};

/* S_FRAGMENT: after the 总分 row, rows of a table without a title (a piece
 * of another form): skipped to the next title and reported, never merged */
enum section { S_HEAD, S_FUNDS, S_GOAL, S_IND, S_AFTER, S_FRAGMENT };

enum text_field { TF_GOAL_EXPECTED, TF_GOAL_ACTUAL, TF_REASON, TF_CLOSING, TF__N };
enum { TEXT_MAX_BYTES = 4 << 20 };

struct text_builder {
	struct jx_buf raw, norm;
	struct cell first; /* provenance: where the text starts */
	bool active, overflow_reported;
};

enum fund_col { FC_INITIAL, FC_BUDGET, FC_EXECUTED, FC_WEIGHT, FC_RATE, FC_SCORE, FC_REASON, FC__N };
enum ind_col { IC_L1, IC_L2, IC_NAME, IC_OP, IC_TARGET, IC_UNIT, IC_ACTUAL, IC_WEIGHT, IC_SCORE,
	       IC_REASON, IC__N };

struct builder {
	struct jx_ctx *ctx;
	FILE *in;
	enum jx_layout forced;
	unsigned long first_line; /* the stream's first line number (0: 1) */
	struct layout *lay;       /* created on the first jx_reader_next() */
	char *name;
	unsigned long lineno;     /* the source line of the current row */
	struct jx_buf line;       /* the current row, in the tab layout */
	char *cline;              /* the row in simplified script, or NULL (see cl()) */
	unsigned long cell_lines[ROW_CELL_LINES]; /* each cell's line, when they differ */
	int ncl;
	bool line_too_long;
	size_t line_bad; /* utf8_first_invalid of line, found by read_line */
	bool eof, io_error;
	unsigned long count;
	struct arena *scratch; /* messages outside any form */
	/* a title line seen while finishing the previous form */
	bool have_title;
	unsigned long title_line;
	int title_year;   /* the year on or under the title, 0 if none */
	bool replay;      /* r->line belongs to the next form: process it first */
	unsigned long bad_utf8_outside, long_outside;
	unsigned long nonblank_outside;

	/* the form being built */
	struct jx_form *f;
	struct pending *pend, **pend_tail;
	unsigned long npend, dropped, dropped_last; /* findings of this form, and those not kept */
	unsigned long form_rows;
	enum section sec;
	int fcol[FC__N];
	int gcol_expected, gcol_actual;
	bool fund_yuan;
	bool amount_unit_said; /* a fund cell's own 万元 / 元 reported (read_money) */
	bool unit_contradiction_said;
	/* builder_flat: the form given field by field names a template (without 得分) */
	bool flat_tpl, flat_no_score;
	bool flat_kept; /* read_extras of a form given field by field */
	int icol[IC__N];
	const char *l1, *l2;
	int l1_points;
	unsigned long l1_line, l2_line;
	struct cell *closing; /* the closing block being read (评价结论 …) */
	bool doc_yuan;        /* a 金额单位：元 line of this form */
	bool next_doc_yuan;   /* one above the next title */
	bool untitled;        /* the next form starts at a 项目名称 row, no title */
	unsigned long frag_first, frag_last; /* S_FRAGMENT: its lines */
	unsigned long pre_first, pre_last;   /* table rows before the first title */
	struct text_builder tb[TF__N];

	/* reading a part (input.h): the input line of each text line, the
	 * column of the text's first cell, and the part's layout */
	const unsigned long *map;
	size_t nmap;
	unsigned col_base;
	enum jx_layout part_layout;
	/* a part's forms read by a template: what each template lacks (input.h) */
	const struct part_template *tplmeta;
	size_t ntplmeta;
	bool marks; /* the part's cells may be marks (input.h); a text's never are */
	bool ind_full; /* builder_flat: MAX_INDICATORS reached, said once */
	bool blank;    /* the form just read is a blank workbook sheet (blank_sheet_form) */
	unsigned long blanks; /* … and how many were skipped */
	bool bad_field_utf8; /* builder_flat: a field not UTF-8, said once */
};

/* ---- rows ------------------------------------------------------------- */

/* Line `line` of a part's text as the input's line (a sheet row, a CSV
 * line); 0 stays 0. */
static unsigned long map_line(const struct builder *r, unsigned long line)
{
	return line && line <= r->nmap ? r->map[line - 1] : line;
}

/*
 * The next row into r->line, from the layout stage.  Glosses are removed
 * from it; a row in traditional script gets r->cline, its simplified twin
 * with the same cells, used for every match and parse.  False at the end.
 */
static bool read_line(struct builder *r)
{
	free(r->cline);
	r->cline = NULL;
	if (!layout_next(r->lay, &r->line, &r->lineno, &r->line_too_long, r->cell_lines,
			 &r->ncl)) {
		jx_buf_reset(&r->line);
		r->line_bad = 0;
		r->eof = true;
		r->io_error = layout_io_error(r->lay);
		return false;
	}
	if (r->map) { /* a part's text line -> the input's line */
		r->lineno = map_line(r, r->lineno);
		for (int k = 0; k < r->ncl; k++)
			r->cell_lines[k] = map_line(r, r->cell_lines[k]);
	}
	bool gloss = false, trad = false;
	r->line_bad = r->line.n;
	if (r->line.p)
		trad = script_scan(r->line.p, r->line.n, &gloss, &r->line_bad);
	if (gloss) {
		r->line.n = script_strip_glosses(r->line.p, r->line.n);
		r->line.p[r->line.n] = '\0';
		r->line_bad = utf8_first_invalid(r->line.p, r->line.n);
	}
	if (trad)
		r->cline = script_to_simplified(r->line.p, r->line.n);
	return true;
}

/* The current row for matching: simplified when it was traditional. */
static const char *cl(const struct builder *r)
{
	return r->cline ? r->cline : r->line.p ? r->line.p : "";
}

static size_t cln(const struct builder *r)
{
	return r->cline ? strlen(r->cline) : r->line.n;
}

/* ---- reporting ------------------------------------------------------------ */

static void queue(struct builder *r, enum jx_check check, unsigned long line,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void read_extras(struct builder *r, const struct flat_split *sp, size_t ns,
			const struct flat_mgmt *mg, size_t nm, bool has_mgmt, bool cut);

static void queue(struct builder *r, enum jx_check check, unsigned long line,
		  const char *fmt, ...)
{
	if (r->npend == MAX_PENDING) { /* a form of garbage: its memory stays bounded */
		r->dropped++;
		r->dropped_last = line;
		return;
	}
	r->npend++;
	struct pending *p = arena_alloc(r->f->arena, sizeof *p);
	va_list ap;
	va_start(ap, fmt);
	p->msg = arena_vprintf(r->f->arena, fmt, ap);
	va_end(ap);
	p->check = check;
	p->line = line;
	*r->pend_tail = p;
	r->pend_tail = &p->next;
}

static void flush_pending(struct builder *r)
{
	for (struct pending *p = r->pend; p; p = p->next)
		ctx_report(r->ctx, p->check, r->name, p->line,
			   p->no_project ? "" : r->f->project.raw, "%s", p->msg);
	if (r->dropped)
		ctx_report(r->ctx, JX_CHECK_UNPARSED, r->name, r->dropped_last, r->f->project.raw,
			   "本表另有 %lu 处无法读取（最后一处在第 %lu 行），超过 %d 条后不再逐条列出",
			   r->dropped, r->dropped_last, MAX_PENDING);
	r->pend = NULL;
	r->pend_tail = &r->pend;
	r->npend = r->dropped = 0;
}

/* A short excerpt of a line for messages: at most ~40 characters. */
static const char *excerpt(struct arena *a, const char *s)
{
	char buf[40 * 4 + 4];
	text_excerpt(s, 40, buf, sizeof buf);
	return strcmp(buf, s) ? arena_strdup(a, buf) : s;
}

/* A cell for messages: "第 6 格" of a text line, "F7 格" of a sheet; of a
 * CSV or JSON form nothing (its cells are fields, and the line names the
 * row; the text quoted names the field). */
static const char *cell_where(struct builder *r, const struct cell *c)
{
	if (r->part_layout == JX_LAYOUT_CSV || r->part_layout == JX_LAYOUT_JSON)
		return "";
	if (r->part_layout == JX_LAYOUT_XLSX || r->part_layout == JX_LAYOUT_XLS) {
		char col[8];
		sheet_col_name(c->col, col);
		return arena_printf(r->f->arena, "%s%lu 格", col, c->line);
	}
	return arena_printf(r->f->arena, "第 %u 格", c->col);
}

/* ---- line classification (no allocation) ------------------------------- */

/*
 * The current row is a title row: one filled cell holding the title (see
 * is_title_text), matched as cl() gives it.
 */
static bool is_title(const struct builder *r)
{
	const char *p = cl(r);
	size_t n = cln(r);
	char buf[256];
	/* the title's words end in 表: most rows are rejected without a walk.
	 * Squeezing cannot make a 表 of valid UTF-8; of a malformed row it can
	 * (a space among a character's bytes), so such a row is squeezed and
	 * looked at as before */
	if (n > 600 || (!has_char3(p, n, "表") && r->line_bad == r->line.n))
		return false;
	int filled = 0;
	bool in_filled = false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\t')
			in_filled = false;
		else if (p[i] != ' ' && p[i] != '\r' && !in_filled) {
			in_filled = true;
			if (++filled > 1)
				return false; /* a table row, not a title */
		}
	}
	squeeze(p, n, buf, sizeof buf);
	return is_title_text(buf);
}

/* ---- cells ----------------------------------------------------------------- */

struct row {
	struct cell c[MAX_CELLS];
	unsigned long line;
	int n;
	int first; /* first non-empty cell, -1 when blank */
	bool too_many;
	unsigned col_base; /* cell index k is column k + 1 + col_base */
};

/* Cells of <p, n> split by TAB: cell k is p[start[k] .. end[k]). */
static int tab_cells(const char *p, size_t n, size_t *start, size_t *end, int max, bool *more)
{
	int k = 0;
	size_t s = 0;
	*more = false;
	for (;;) {
		const char *tab = s < n ? memchr(p + s, '\t', n - s) : NULL;
		size_t i = tab ? (size_t)(tab - p) : n;
		if (k == max) {
			*more = true;
			break;
		}
		start[k] = s;
		end[k] = i;
		k++;
		if (!tab)
			break;
		s = i + 1;
	}
	return k;
}

/*
 * The current row's cells: original text from r->line, normalised text
 * from its simplified twin when there is one (same cells, same TABs).
 */
static void split_row(struct builder *r, struct row *row)
{
	struct arena *a = r->f->arena;
	const char *p = r->line.p ? r->line.p : "";
	size_t s0[MAX_CELLS], e0[MAX_CELLS], s1[MAX_CELLS], e1[MAX_CELLS];
	bool more, more1;
	int n = tab_cells(p, r->line.n, s0, e0, MAX_CELLS, &more);
	int n1 = r->cline ? tab_cells(r->cline, strlen(r->cline), s1, e1, MAX_CELLS, &more1) : -1;
	row->n = 0;
	row->first = -1;
	row->too_many = more;
	row->line = r->lineno;
	row->col_base = r->col_base;
	for (int k = 0; k < n; k++) {
		struct cell *c = &row->c[k];
		text_cell(a, p + s0[k], e0[k] - s0[k], &c->raw, &c->norm);
		if (n1 == n)
			c->norm = text_norm(a, r->cline + s1[k], e1[k] - s1[k]);
		c->unread = r->marks && strcmp(c->raw, UNREAD_CELL) == 0;
		c->line = k < r->ncl && r->cell_lines[k] ? r->cell_lines[k] : r->lineno;
		c->col = (unsigned)k + 1 + r->col_base;
		if (c->unread)
			c->raw = c->norm = "";
		if (r->marks && strcmp(c->raw, ABSENT_CELL) == 0) /* not a cell of this row (input.h) */
			c->raw = c->norm = "", c->col = 0;
		if (row->first < 0 && *c->norm)
			row->first = k;
	}
	row->n = n;
}

/*
 * The cell under column i, by value.  A column the header does not have
 * (i < 0) is absent (col 0); a column the header has but this row stops
 * short of is an empty cell of this row: the table has the cell, nobody
 * filled it.
 */
static struct cell cell_at(const struct row *row, int i)
{
	if (i < 0)
		return (struct cell){"", "", 0, 0, false};
	if (i >= row->n)
		return (struct cell){"", "", row->line, (unsigned)i + 1 + row->col_base, false};
	return row->c[i];
}

/* The first non-empty cell after index i, or NULL. */
static const struct cell *next_filled(const struct row *row, int i, int *at)
{
	for (int k = i + 1; k < row->n; k++)
		if (*row->c[k].norm) {
			if (at)
				*at = k;
			return &row->c[k];
		}
	return NULL;
}

/* ---- numeric cells ----------------------------------------------------- */

/* A digit, spaces, a digit: two numbers in one cell (spaces are dropped
 * from numbers only around units: 4.8 万 元). */
static bool digits_split_by_space(const char *s)
{
	for (const char *p = s; *p; p++)
		if (*p >= '0' && *p <= '9' && (p[1] == ' ' || p[1] == '\t')) {
			const char *q = p + 1;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q >= '0' && *q <= '9')
				return true;
		}
	return false;
}

static void num_from_cell(struct num *num, const struct cell *c)
{
	memset(num, 0, sizeof *num);
	num->cell = *c;
	const char *s = c->norm;
	if (!c->col) {
		num->state = NUM_ABSENT;
		return;
	}
	if (c->unread) {
		num->state = NUM_UNREAD;
		return;
	}
	if (!*s) {
		num->state = NUM_EMPTY;
		return;
	}
	if (digits_split_by_space(c->raw)) {
		/* "0.22792 10", "3 3": two numbers, not 0.2279210 or 33 */
		num->state = NUM_BAD;
		return;
	}
	if (value_is_na(s)) {
		num->state = NUM_DASH;
		return;
	}
	size_t n = strlen(s);
	if (n > 1 && s[n - 1] == '%') {
		num->percent = true;
		n--;
	}
	size_t k = dec_scan(s, n, &num->v);
	num->state = (k && k == n) ? NUM_OK : NUM_BAD;
}

/* A number read but beyond the bounds above: reported, then not used. */
static bool too_big(struct builder *r, struct num *num, const struct cell *c,
		    const char *unit)
{
	if (num->state != NUM_OK || dec_cmp(num->v, dec_int(MAX_NUMBER_INT)) < 0)
		return false;
	num->state = NUM_BAD;
	queue(r, JX_CHECK_UNPARSED, c->line, "%s「%s」数额过大（不小于 10 亿%s），不予读取",
	      cell_where(r, c), excerpt(r->f->arena, c->raw), unit);
	return true;
}

static void bad_cell(struct builder *r, const struct cell *c, const char *what)
{
	queue(r, JX_CHECK_UNPARSED, c->line, "%s「%s」应为%s，无法读取", cell_where(r, c),
	      excerpt(r->f->arena, c->raw), what);
}

static void read_num(struct builder *r, struct num *num, const struct cell *c,
		     const char *what)
{
	num_from_cell(num, c);
	if (num->state == NUM_BAD)
		bad_cell(r, c, what);
	else
		too_big(r, num, c, "");
}

/*
 * 分值 and 得分: scores are kept to 2 decimals by the rules; a finer number
 * cannot be compared exactly, so it is reported and left out, not rounded.
 */
static void read_score(struct builder *r, struct num *num, const struct cell *c,
		       const char *what)
{
	read_num(r, num, c, what);
	if (num->state == NUM_OK && (num->percent || dec_norm(num->v).s > 2)) {
		num->state = NUM_BAD;
		queue(r, JX_CHECK_UNPARSED, c->line,
		      "%s%s「%s」%s，无法按两位小数的规则比较，未计入", cell_where(r, c), what,
		      excerpt(r->f->arena, c->raw),
		      num->percent ? "是百分数而不是分数" : "超过两位小数");
	}
}

/*
 * 执行率 is a percentage.  Written without %, a number up to 1 is a fraction
 * (0.076) and anything larger a percentage whose sign was lost (76); both are
 * kept as the percentage they mean.
 */
static void read_rate(struct builder *r, struct num *num, const struct cell *c)
{
	read_num(r, num, c, "执行率");
	if (num->state != NUM_OK || num->percent)
		return;
	if (dec_cmp(num->v, dec_int(1)) <= 0)
		dec_shift(num->v, 2, &num->v); /* × 100; at most 100, cannot overflow */
	num->percent = true;
}

/* An amount in 万元; a cell may say 元 or 万元 itself. */
static void read_money(struct builder *r, struct money *m, const struct cell *c)
{
	struct cell cc = *c;
	bool yuan = r->fund_yuan; /* the header said (元) */
	size_t cut = str_ends(cc.norm, "万元") ? 6 : str_ends(cc.norm, "万") ? 3
		     : str_ends(cc.norm, "元") ? 3 : 0;
	if (cut) {
		bool wan = cut == 6 || !str_ends(cc.norm, "元");
		cc.norm = arena_strndup(r->f->arena, cc.norm, strlen(cc.norm) - cut);
		/* a unit in the cell: said once a form, as agreeing with the
		 * header or not; the cell's own unit is the one taken */
		if (r->f->has_fund_header && wan == !yuan && !r->amount_unit_said) {
			r->amount_unit_said = true;
			queue(r, JX_CHECK_AMOUNT_UNIT, c->line,
				      "金额「%s」自带单位「%s」，与表头的单位（%s）相同，按%s读取（表中其他金额同此）",
				      excerpt(r->f->arena, c->raw), wan ? "万" : "元", yuan ? "元" : "万元",
				      wan ? "万元" : "元");
		} else if (r->f->has_fund_header && wan != !yuan && !r->unit_contradiction_said) {
			r->unit_contradiction_said = true; /* once a form, whatever agreed before */
			queue(r, JX_CHECK_UNIT_CONTRADICTED, c->line,
				      "金额「%s」写的是%s，而表头的单位是%s：按单元格的%s读取，请核对",
				      excerpt(r->f->arena, c->raw), wan ? "万元" : "元", yuan ? "元" : "万元",
				      wan ? "万元" : "元");
		}
		yuan = !wan;
	}
	num_from_cell(&m->n, &cc);
	m->n.cell = *c;
	if (m->n.state == NUM_OK && m->n.percent)
		m->n.state = NUM_BAD;
	if (m->n.state == NUM_BAD) {
		bad_cell(r, c, "金额（万元）");
		return;
	}
	if (m->n.state != NUM_OK)
		return;
	struct dec v = m->n.v;
	if (yuan)
		v.s += 4; /* 元 -> 万元 */
	struct num in_wan = m->n;
	in_wan.v = v;
	if (too_big(r, &in_wan, c, "万元")) { /* the bound is on 万元, whatever the cell's unit */
		m->n.state = NUM_BAD;
		return;
	}
	if (v.s > DEC_MAX_SCALE || !dec_wan_to_fen(v, &m->fen)) {
		m->n.state = NUM_BAD;
		queue(r, JX_CHECK_UNPARSED, c->line,
		      "%s金额「%s」精度细于 1 分，无法精确表示",
		      cell_where(r, c), excerpt(r->f->arena, c->raw));
	}
}

/* ---- sections ------------------------------------------------------------ */

/*
 * A column of a header row: the words that name it (any of them).  A
 * header's columns are tried in table order (年初 before 预算数: 年初预算数
 * holds both) and the leftmost cell a column matches is its own.
 */
struct header_col {
	int kind;
	const char *words[2];
};

static void find_columns(const struct row *row, const struct header_col *cols, size_t ncols,
			 int *col, int nkinds)
{
	for (int i = 0; i < nkinds; i++)
		col[i] = -1;
	for (int i = row->first + 1; i < row->n; i++) {
		const char *s = row->c[i].norm;
		if (!*s)
			continue; /* an empty cell names no column */
		for (size_t j = 0; j < ncols; j++) {
			const struct header_col *h = &cols[j];
			if (str_has(s, h->words[0]) || (h->words[1] && str_has(s, h->words[1]))) {
				if (col[h->kind] < 0)
					col[h->kind] = i;
				break;
			}
		}
	}
}

/* An unparsed finding for each required column the header lacks. */
static void missing_columns(struct builder *r, const int *col, int nkinds, unsigned optional,
			    const char *table, const char *const *names)
{
	for (int i = 0; i < nkinds; i++)
		if (col[i] < 0 && !(optional & 1u << i))
			queue(r, JX_CHECK_UNPARSED, r->lineno, "%s表头缺少「%s」列", table, names[i]);
}

/* The 分值 / 得分 columns (bits `weight`, `score`) that the template of the
 * form being read (a part's, input.h) does not have: absent, not missing. */
static unsigned template_lacks(const struct builder *r, bool fund, int weight, int score)
{
	const struct part_template *m = r->count < r->ntplmeta ? &r->tplmeta[r->count] : NULL;
	if (!m)
		return 0;
	return ((fund ? m->fund_no_weight : m->no_weight) ? 1u << weight : 0) |
	       ((fund ? m->fund_no_score : m->no_score) ? 1u << score : 0);
}

static void fund_header(struct builder *r, const struct row *row)
{
	static const struct header_col cols[] = {
		{FC_INITIAL, {"年初"}},
		{FC_RATE, {"执行率"}},
		{FC_EXECUTED, {"执行数"}},
		{FC_BUDGET, {"预算数"}},
		{FC_WEIGHT, {"分值", "权重"}},
		{FC_SCORE, {"得分"}},
		{FC_REASON, {"原因", "说明"}}, /* Sichuan: 偏差原因 of the execution */
	};
	static const char *const names[FC__N] = {"年初预算数", "全年预算数", "全年执行数", "分值",
						 "执行率", "得分", "原因"};
	/* amounts are in 万元 unless the header says 元: 项目资金（元） */
	const char *label = row->c[row->first].norm;
	r->fund_yuan = str_has(label, "万元")  ? false
		     : str_has(label, "元") ? true
					     : r->doc_yuan; /* 项目资金 alone: the document's unit */
	find_columns(row, cols, sizeof cols / sizeof cols[0], r->fcol, FC__N);
	r->f->has_fund_header = true;
	r->sec = S_FUNDS;
	missing_columns(r, r->fcol, FC__N,
			1u << FC_INITIAL | 1u << FC_REASON | template_lacks(r, true, FC_WEIGHT, FC_SCORE),
			"项目资金", names);
}

/* A fund row's cells, in FC_ order, into its amounts, 分值, 执行率, 得分, 原因. */
static void fund_cells(struct builder *r, struct fund_row *fr, const struct cell *c)
{
	read_money(r, &fr->initial, &c[FC_INITIAL]);
	read_money(r, &fr->budget, &c[FC_BUDGET]);
	read_money(r, &fr->executed, &c[FC_EXECUTED]);
	read_score(r, &fr->weight, &c[FC_WEIGHT], "分值");
	read_rate(r, &fr->rate, &c[FC_RATE]);
	read_score(r, &fr->score, &c[FC_SCORE], "得分");
	fr->reason = c[FC_REASON];
}

static void fund_row(struct builder *r, const struct row *row, int kind)
{
	struct fund_row *fr = &r->f->funds[kind];
	if (fr->present) {
		queue(r, JX_CHECK_UNPARSED, r->lineno,
		      "重复的资金行「%s」（首次在第 %lu 行），已忽略",
		      row->c[row->first].raw, fr->line);
		return;
	}
	/*
	 * Cells sit under their header.  When PDF extraction moved the row
	 * (its label at or right of the first amount column, or amounts
	 * between the label and that column), realign it so that the label
	 * sits just before the first amount.  Empty cells between label and
	 * amounts are merged cells and move nothing.
	 */
	int first_col = r->fcol[FC_INITIAL] >= 0 ? r->fcol[FC_INITIAL] : r->fcol[FC_BUDGET];
	int shift = 0;
	if (first_col >= 0 && row->first + 1 != first_col) {
		/* label not right before the amounts: right of them, or left
		 * with something filled in between, means the row moved */
		bool gap_empty = row->first < first_col;
		for (int i = row->first + 1; i < first_col && i < row->n; i++)
			gap_empty &= !*row->c[i].norm;
		if (!gap_empty)
			shift = row->first + 1 - first_col;
	}
	fr->present = true;
	fr->line = r->lineno;
	struct cell c[FC__N];
	for (int k = 0; k < FC__N; k++)
		c[k] = cell_at(row, r->fcol[k] < 0 ? -1 : r->fcol[k] + shift);
	fund_cells(r, fr, c);
	/* cells beyond the header's columns hold something we cannot place */
	int last = -1;
	for (int i = 0; i < FC__N; i++)
		if (r->fcol[i] + shift > last)
			last = r->fcol[i] + shift;
	int at;
	if (next_filled(row, last, &at))
		queue(r, JX_CHECK_UNPARSED, r->lineno,
		      "第 %d 格「%s」在资金表各列之外，无法归属", at + 1,
		      excerpt(r->f->arena, row->c[at].raw));
}

static void goal_header(struct builder *r, const struct row *row)
{
	r->gcol_expected = r->gcol_actual = -1;
	for (int i = row->first + 1; i < row->n; i++) {
		if (str_has(row->c[i].norm, "预期目标") && r->gcol_expected < 0)
			r->gcol_expected = i;
		else if ((str_has(row->c[i].norm, "实际完成") ||
			  str_has(row->c[i].norm, "完成情况")) && r->gcol_actual < 0)
			r->gcol_actual = i;
	}
	r->sec = S_GOAL;
	r->f->has_goal = true;
	if (r->gcol_expected < 0 && r->gcol_actual < 0)
		r->gcol_expected = row->first + 1; /* 年度总体目标 | text */
}

/*
 * Text that spans lines (a goal, a reason broken over two rows) is gathered
 * in a builder and copied into the form once, when the field is complete:
 * joining it line by line would copy it again for every line.
 */
static void append_cell(struct builder *r, enum text_field tf, const struct cell *c)
{
	struct text_builder *tb = &r->tb[tf];
	if (!*c->norm) {
		if (c->unread && !tb->active) { /* printed, not read (input.h): kept as such */
			tb->active = true;
			tb->first = *c;
			jx_buf_reset(&tb->raw);
			jx_buf_reset(&tb->norm);
		}
		return;
	}
	if (!tb->active) {
		tb->active = true;
		tb->first = *c;
		jx_buf_reset(&tb->raw);
		jx_buf_reset(&tb->norm);
	}
	if ((jx_buf_puts(&tb->raw, c->raw) || jx_buf_puts(&tb->norm, c->norm)) &&
	    !tb->overflow_reported) {
		tb->overflow_reported = true;
		queue(r, JX_CHECK_UNPARSED, c->line, "跨行文本超过 %d 字节，其后的部分未读取",
		      TEXT_MAX_BYTES);
	}
}

static void append_text(struct builder *r, enum text_field tf, const struct row *row,
			int from, int to)
{
	for (int i = from < 0 ? 0 : from; i < to && i < row->n; i++)
		append_cell(r, tf, &row->c[i]);
}

/* Move a builder's text into the form; nothing happens when it is empty. */
static void finish_text(struct builder *r, enum text_field tf, struct cell *dst)
{
	struct text_builder *tb = &r->tb[tf];
	if (!tb->active)
		return;
	*dst = tb->first;
	dst->raw = arena_strndup(r->f->arena, tb->raw.p ? tb->raw.p : "", tb->raw.n);
	dst->norm = arena_strndup(r->f->arena, tb->norm.p ? tb->norm.p : "", tb->norm.n);
	dst->unread = tb->first.unread && !tb->raw.n;
	tb->active = false;
	tb->overflow_reported = false;
}

/* The reason of the last indicator, once no more lines can continue it. */
static void finish_reason(struct builder *r)
{
	if (r->tb[TF_REASON].active && r->f->n_ind)
		finish_text(r, TF_REASON, &r->f->ind[r->f->n_ind - 1].reason);
}

/* The leftmost column of the goal texts. */
static int goal_first_col(const struct builder *r)
{
	int e = r->gcol_expected, a = r->gcol_actual;
	if (e < 0)
		return a < 0 ? 1 : a;
	return a < 0 || e < a ? e : a;
}

static void goal_text(struct builder *r, const struct row *row)
{
	int e = r->gcol_expected, a = r->gcol_actual;
	if (e < 0)
		e = row->first;
	if (a < 0)
		a = MAX_CELLS;
	/* the goal text may start one cell left of its header (merged cells) */
	append_text(r, TF_GOAL_EXPECTED, row, e > 0 && row->first < e ? row->first : e, a);
	append_text(r, TF_GOAL_ACTUAL, row, a, MAX_CELLS);
}

static void ind_header(struct builder *r, const struct row *row)
{
	static const struct header_col cols[] = {
		{IC_L1, {"一级指标"}},
		{IC_L2, {"二级指标"}},
		{IC_NAME, {"三级指标"}},
		{IC_OP, {"指标性质"}},
		{IC_UNIT, {"度量单位", "计量单位"}},
		{IC_TARGET, {"指标值"}},
		{IC_ACTUAL, {"完成值", "实际值"}},
		{IC_WEIGHT, {"分值", "权重"}},
		{IC_SCORE, {"得分"}},
		{IC_REASON, {"原因", "改进措施"}},
	};
	static const char *const names[IC__N] = {"一级指标", "二级指标", "三级指标", "指标性质",
						 "年度指标值", "度量单位", "实际完成值", "分值",
						 "得分", "偏差原因分析及改进措施"};
	find_columns(row, cols, sizeof cols / sizeof cols[0], r->icol, IC__N);
	/* 绩效指标(90分): the indicators' weights must add up to it */
	int pts;
	label_weight(row->c[row->first].norm, &pts);
	r->f->ind_points = pts;
	r->f->ind_line = r->lineno;
	missing_columns(r, r->icol, IC__N,
			1u << IC_OP | 1u << IC_UNIT | template_lacks(r, false, IC_WEIGHT, IC_SCORE),
			"绩效指标", names);
	r->f->has_ind_header = true;
	r->sec = S_IND;
}

/* Move every cell `by` columns right (keeping each cell's provenance). */
static void shift_row(struct row *row, int by)
{
	int n = row->n + by > MAX_CELLS ? MAX_CELLS : row->n + by;
	for (int i = n - 1; i >= 0; i--)
		row->c[i] = i >= by ? row->c[i - by]
				    : (struct cell){"", "", row->line, 0, false};
	row->n = n;
	row->first += by;
}

static struct indicator *new_indicator(struct jx_form *f)
{
	if (f->n_ind == f->cap_ind) {
		size_t cap = f->cap_ind ? f->cap_ind * 2 : 16;
		struct indicator *n = arena_alloc_raw(f->arena, cap * sizeof *n); /* each set when added */
		if (f->n_ind)
			memcpy(n, f->ind, f->n_ind * sizeof *n);
		f->ind = n;
		f->cap_ind = cap;
	}
	struct indicator *in = &f->ind[f->n_ind++];
	memset(in, 0, sizeof *in);
	return in;
}

static bool is_na_text(const char *s)
{
	return !*s || value_is_na(s);
}

/*
 * The value a Sichuan-style row means: its 指标性质 (≥ ≤ = …; 定性 adds
 * nothing), the printed value, and its 度量单位 when the value is a bare
 * number (95 and % make 95%; 达到预期 stays text).  Other forms have no
 * such columns and the cell is used as printed.
 */
static const char *composed_value(struct arena *a, const struct cell *op, const struct cell *v,
				  const struct cell *unit)
{
	const char *o = op && op->col && !str_has(op->norm, "定性") ? op->norm : "";
	const char *u = "";
	struct dec d;
	if (unit->col && *unit->norm && dec_parse(v->norm, &d)) {
		/* Hebei's 度量单位 says what it is: %(百分比), 人(数量) */
		const char *paren = strstr(unit->norm, "(");
		const char *wide = strstr(unit->norm, "（");
		if (wide && (!paren || wide < paren))
			paren = wide;
		u = paren && paren > unit->norm ? arena_strndup(a, unit->norm, (size_t)(paren - unit->norm))
						 : unit->norm;
	}
	if (!*o && !*u)
		return v->norm;
	if (!*v->norm)
		return v->norm; /* an empty value stays empty: missing, not "≥" */
	return arena_printf(a, "%s%s%s", o, v->norm, u);
}

/*
 * Did an earlier run of rows of this form have first-level label s, with
 * another label in between?  (The label printed again on a new page for
 * the run in progress is not that.)
 */
static bool l1_seen_before(const struct builder *r, const char *s)
{
	int pts;
	size_t n = label_weight(s, &pts);
	if (r->l1 && strlen(r->l1) == n && !memcmp(r->l1, s, n))
		return false; /* the run in progress */
	for (size_t i = 0; i < r->f->n_ind; i++) {
		const char *l = r->f->ind[i].level1;
		if (strlen(l) == n && !memcmp(l, s, n))
			return true;
	}
	return false;
}

/* Does second-level l2 belong under first-level l1 in the indicator tree
 * (10号 and 财预〔2021〕101号)?  Names outside the tree are not judged. */

static void ind_row(struct builder *r, const struct row *row)
{
	struct jx_form *f = r->f;
	struct cell c[IC__N];
	for (int k = 0; k < IC__N; k++)
		c[k] = cell_at(row, r->icol[k]);
	const struct cell *l1 = &c[IC_L1], *l2 = &c[IC_L2], *name = &c[IC_NAME];
	const struct cell *tgt = &c[IC_TARGET], *act = &c[IC_ACTUAL];
	const struct cell *w = &c[IC_WEIGHT], *sc = &c[IC_SCORE], *why = &c[IC_REASON];
	bool others_empty = !*l1->norm && !*l2->norm && !*name->norm && !*tgt->norm &&
			    !*act->norm && !*w->norm && !*sc->norm;
	if (!*l1->norm && !*l2->norm && *name->norm && !*tgt->norm && !*act->norm && !*w->norm &&
	    !*sc->norm && !*why->norm && f->n_ind && (!c[IC_OP].col || !*c[IC_OP].norm) &&
	    (!c[IC_UNIT].col || !*c[IC_UNIT].norm)) {
		/* a long 三级指标 name wrapped onto a row of its own */
		struct indicator *prev = &f->ind[f->n_ind - 1];
		prev->name.raw = arena_printf(f->arena, "%s%s", prev->name.raw, name->raw);
		prev->name.norm = arena_printf(f->arena, "%s%s", prev->name.norm, name->norm);
		return;
	}
	if (others_empty && *why->norm && f->n_ind) {
		/* a reason broken over two lines */
		struct indicator *prev = &f->ind[f->n_ind - 1];
		if (!r->tb[TF_REASON].active)
			append_cell(r, TF_REASON, &prev->reason); /* its own first line */
		append_text(r, TF_REASON, row, r->icol[IC_REASON], r->icol[IC_REASON] + 1);
		return;
	}
	/* a filled cell outside every known column (cell 1 is the section label) */
	for (int i = 1; i < row->n; i++) {
		bool known = false;
		for (int k = 0; k < IC__N; k++)
			known |= r->icol[k] == i;
		if (!known && *row->c[i].norm) {
			queue(r, JX_CHECK_UNPARSED, r->lineno,
			      "第 %d 格「%s」不在绩效指标表的任何一列下，无法归属", i + 1,
			      excerpt(f->arena, row->c[i].raw));
			break;
		}
	}
	if (others_empty && !*why->norm)
		return; /* nothing under any column: reported above */
	if (*l1->norm && l1_seen_before(r, l1->norm)) {
		/* 产出指标 again after 满意度指标: the rows of another form
		 * whose top is missing, not more of this one */
		r->sec = S_FRAGMENT;
		r->frag_first = r->frag_last = r->lineno;
		return;
	}
	if (*l1->norm) {
		int pts;
		size_t n = label_weight(l1->norm, &pts);
		r->l1 = arena_strndup(f->arena, l1->norm, n);
		r->l1_points = pts;
		r->l1_line = r->lineno;
		r->l2 = NULL;
	}
	if (*l2->norm) {
		int pts;
		r->l2 = arena_strndup(f->arena, l2->norm, label_weight(l2->norm, &pts));
		r->l2_line = r->lineno;
	}
	if (f->n_ind == MAX_INDICATORS) {
		queue(r, JX_CHECK_UNPARSED, r->lineno,
		      "一张表超过 %d 行绩效指标，从本行起不再读取", MAX_INDICATORS);
		r->sec = S_AFTER;
		return;
	}
	finish_reason(r); /* before the array may move */
	struct indicator *in = new_indicator(f);
	in->line = r->lineno;
	in->level1 = r->l1 ? r->l1 : "";
	in->level2 = r->l2 ? r->l2 : "";
	in->level1_points = r->l1_points;
	in->level1_line = r->l1_line;
	in->level2_line = r->l2_line;
	in->name = *name;
	in->target_c = *tgt;
	in->actual_c = *act;
	in->reason = *why;
	in->op_c = c[IC_OP];
	in->unit_c = c[IC_UNIT];
	value_parse(f->arena, composed_value(f->arena, &c[IC_OP], tgt, &c[IC_UNIT]), &in->target);
	value_parse(f->arena, composed_value(f->arena, NULL, act, &c[IC_UNIT]), &in->actual);
	in->na = is_na_text(name->norm) && in->target.kind <= VAL_NA &&
		 in->actual.kind <= VAL_NA && (is_na_text(w->norm) || strcmp(w->norm, "0") == 0);
	read_score(r, &in->weight, w, "分值");
	read_score(r, &in->declared, sc, "得分");
	if (!r->l1)
		queue(r, JX_CHECK_UNPARSED, r->lineno, "指标「%s」没有一级指标",
		      excerpt(f->arena, name->raw));
	else if (r->l2 && *l2->norm && !level2_under(r->l1, r->l2))
		/* e.g. a merged 一级 label printed mid-span: the row inherited
		 * the wrong one */
		queue(r, JX_CHECK_UNPARSED, r->lineno,
		      "二级指标「%s」不属于一级指标「%s」（合并单元格可能错位），请核对",
		      r->l2, r->l1);
}

static void total_row(struct builder *r, const struct row *row)
{
	/*
	 * The total row's merged cells shift by one from form to form in real
	 * extractions (妇联工作经费 in the fixture), so its two numbers are taken
	 * in order: 分值 then 得分.  A single number is placed by its column.
	 */
	int a = -1, b = -1;
	const struct cell *x = next_filled(row, row->first, &a);
	const struct cell *y = x ? next_filled(row, a, &b) : NULL;
	/* the number not on the row is an empty cell of it (missing-field), or
	 * unread where the row holds cells not read (input.h) */
	bool unread = false;
	for (int k = 0; k < row->n; k++)
		unread |= row->c[k].unread;
	const struct cell no_weight = {"", "", row->line,
				       (unsigned)(r->icol[IC_WEIGHT] + 1) + r->col_base, unread};
	const struct cell no_score = {"", "", row->line,
				      (unsigned)(r->icol[IC_SCORE] + 1) + r->col_base, unread};
	if (x && y) {
		read_score(r, &r->f->total_weight, x, "分值");
		read_score(r, &r->f->total_declared, y, "得分");
		int extra;
		if (next_filled(row, b, &extra))
			queue(r, JX_CHECK_UNPARSED, r->lineno,
			      "总分行第 %d 格「%s」多余，无法归属", extra + 1,
			      excerpt(r->f->arena, row->c[extra].raw));
	} else if (x && r->icol[IC_SCORE] >= 0 && a >= r->icol[IC_SCORE]) {
		read_num(r, &r->f->total_weight, &no_weight, "分值");
		read_score(r, &r->f->total_declared, x, "得分");
	} else if (x) {
		read_score(r, &r->f->total_weight, x, "分值");
		read_num(r, &r->f->total_declared, &no_score, "得分");
	} else {
		read_num(r, &r->f->total_weight, &no_weight, "分值");
		read_num(r, &r->f->total_declared, &no_score, "得分");
	}
	/* absent cells get the total row's line for diagnostics */
	if (!r->f->total_weight.cell.col)
		r->f->total_weight.cell.line = r->lineno;
	if (!r->f->total_declared.cell.col)
		r->f->total_declared.cell.line = r->lineno;
	r->f->has_total = true;
	r->f->total_line = r->lineno;
	r->sec = S_AFTER;
}

static void set_text_field(struct builder *r, struct cell *dst, const struct row *row,
			   int after)
{
	const struct cell *c = next_filled(row, after, NULL);
	if (c && !str_has(c->norm, "实施单位")) {
		*dst = *c;
		return;
	}
	dst->line = r->lineno;
	for (int k = after + 1; k < row->n && !*row->c[k].norm; k++)
		if (row->c[k].unread) { /* printed, not read (input.h) */
			*dst = row->c[k];
			return;
		}
}

/*
 * "51000021R000000019951-工资性支出": Sichuan's project code glued to the
 * name.  A code is at least 10 letters and digits, 6 of them digits, then a
 * separator; the name is what follows.
 */
static void split_project_code(struct jx_form *f)
{
	const char *s = f->project.raw;
	size_t i = 0, digits = 0;
	while (s[i] && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
			(s[i] >= 'a' && s[i] <= 'z')))
		digits += s[i] >= '0' && s[i] <= '9', i++;
	if (i < 10 || digits < 6)
		return;
	size_t sep = s[i] == '-' || s[i] == '_' || s[i] == ' ' ? 1
		   : str_starts(s + i, "—") || str_starts(s + i, "－") || str_starts(s + i, "：") ? 3
															: 0;
	if (!sep || !s[i + sep])
		return;
	f->project_code = f->project;
	f->project_code.raw = arena_strndup(f->arena, s, i);
	f->project_code.norm = f->project_code.raw;
	const char *name = s + i + sep;
	while (*name == ' ')
		name++;
	f->project.raw = name;
	f->project.norm = text_norm(f->arena, name, strlen(name));
}

/*
 * Lines that describe the document, not the form: 报表编号：…, 填报单位：…,
 * 项目负责人：…, 联系电话：…, 单位：万元.  Known keys only; anything else is
 * reported.  金额单位：元 sets the unit of a 项目资金 header that names none.
 */
static bool is_metadata(const char *label, bool *doc_yuan)
{
	static const char *const keys[] = {"报表编号", "填报单位", "填表单位", "单位名称",
					   "部门名称", "公开时间", "发布时间", "填报日期",
					   "填表日期", "项目负责人", "财务负责人", "单位负责人",
					   "填报人", "填表人", "联系人", "联系电话", "审核人",
					   "单位", "金额单位", "单位(盖章)", NULL};
	const char *colon = strstr(label, "：");
	size_t klen = colon ? (size_t)(colon - label) : 0;
	if (!colon) {
		colon = strchr(label, ':');
		klen = colon ? (size_t)(colon - label) : 0;
	}
	if (!colon)
		return false;
	for (const char *const *k = keys; *k; k++)
		if (strlen(*k) == klen && !memcmp(label, *k, klen)) {
			const char *v = colon + (*colon == ':' ? 1 : 3);
			/* 单位：元 or 单位：万元 exactly; 单位：元宝山区妇联 names a unit */
			if ((!strcmp(*k, "单位") || !strcmp(*k, "金额单位")) &&
			    (!strcmp(v, "元") || !strcmp(v, "万元")))
				*doc_yuan = !strcmp(v, "元");
			return true;
		}
	return false;
}

/* The closing blocks of Sichuan-style forms, after 总分. */
static struct cell *closing_block(struct jx_form *f, const char *label)
{
	switch (closing_label(label)) {
	case CLOSING_CONCLUSION: return &f->conclusion;
	case CLOSING_PROBLEMS: return &f->problems;
	case CLOSING_IMPROVEMENTS: return &f->improvements;
	default: return NULL;
	}
}

static void finish_closing(struct builder *r)
{
	if (r->closing)
		finish_text(r, TF_CLOSING, r->closing);
	r->closing = NULL;
}

/*
 * A row of a form's table: a label of one, or five cells filled of which
 * two are numbers (a web page's menu or footer table is neither).
 */
static bool tabular(const struct row *row, const char *label)
{
	int filled = 0, numbers = 0;
	struct dec d;
	for (int i = 0; i < row->n; i++) {
		filled += *row->c[i].norm != '\0';
		numbers += number_text(row->c[i].norm, &d);
	}
	return (filled >= 5 && numbers >= 2) || is_level1_name(label) || is_level2_name(label) ||
	       fund_kind(label) >= 0 || str_starts(label, "项目名称") ||
	       str_starts(label, "项目资金") || str_starts(label, "绩效指标") ||
	       str_starts(label, "总分") || str_starts(label, "合计") || str_has(label, "总体目标");
}

enum { NOTES_MAX_BYTES = 64 * 1024 };

/* A row of text after the form, joined to the form's notes (bounded). */
static void add_note(struct builder *r, const struct row *row)
{
	struct jx_form *f = r->f;
	size_t have = strlen(f->notes.raw);
	for (int i = row->first; i < row->n; i++) {
		const struct cell *c = &row->c[i];
		if (!*c->norm)
			continue;
		if (have + strlen(c->raw) > NOTES_MAX_BYTES) {
			queue(r, JX_CHECK_UNPARSED, r->lineno, "表后文字超过 %d 字节，其余未读取",
			      NOTES_MAX_BYTES);
			return;
		}
		if (!*f->notes.raw)
			f->notes = *c;
		else {
			f->notes.raw = arena_printf(f->arena, "%s%s%s", f->notes.raw,
						    i > row->first ? " " : "\n", c->raw);
			f->notes.norm = arena_printf(f->arena, "%s%s", f->notes.norm, c->norm);
		}
		have = strlen(f->notes.raw);
	}
}

/*
 * After the 总分 row: closing blocks and their continuation lines; a table
 * row starts a fragment of another form.  Returns true when the row was
 * taken.
 */
static bool after_total(struct builder *r, const struct row *row, const char *label)
{
	struct cell *dst = row->first == 0 ? closing_block(r->f, label) : NULL;
	if (dst) {
		finish_closing(r);
		r->closing = dst;
		dst->line = r->lineno;
		const struct cell *c = next_filled(row, row->first, NULL);
		if (c)
			append_cell(r, TF_CLOSING, c);
		else
			*dst = (struct cell){"", "", r->lineno, (unsigned)row->first + 2 + r->col_base, false};
		return true;
	}
	if (r->closing && row->first > 0) { /* a block's text continued */
		append_text(r, TF_CLOSING, row, row->first, MAX_CELLS);
		return true;
	}
	if (!tabular(row, label)) {
		/* prose after the form (注：…, a page's footer): kept as the
		 * form's notes, not read as cells */
		add_note(r, row);
		return true;
	}
	finish_closing(r);
	r->sec = S_FRAGMENT;
	r->frag_first = r->frag_last = r->lineno;
	return true;
}

/* The 总分 row's label: exact, so that an indicator may begin with 合计. */
static const char *const total_labels[] = {"总分", "合计", "总计", NULL};

/* Dispatch one line of the current form. */
static void form_line(struct builder *r)
{
	struct jx_form *f = r->f;
	struct row row;
	if (++r->form_rows > MAX_FORM_ROWS) {
		/* no form has this many rows: the rest up to the next title is
		 * not read (its cells would fill the form's memory) */
		if (r->form_rows == MAX_FORM_ROWS + 1)
			queue(r, JX_CHECK_UNPARSED, r->lineno,
			      "一张表超过 %d 行，从第 %lu 行起到下一张表之前的内容未读取",
			      MAX_FORM_ROWS, r->lineno);
		return;
	}
	if (r->line_too_long) {
		queue(r, JX_CHECK_UNPARSED, r->lineno,
		      "该行超过 %d 字节，已跳过", LINE_MAX_BYTES);
		return;
	}
	size_t bad = r->line_bad;
	if (bad < r->line.n)
		queue(r, JX_CHECK_UNPARSED, r->lineno,
		      "第 %zu 字节起不是有效的 UTF-8（文件可能是 GBK 等其他编码），已按 U+FFFD 显示",
		      bad + 1);
	split_row(r, &row);
	if (row.too_many)
		queue(r, JX_CHECK_UNPARSED, r->lineno, "该行超过 %d 格，多出的格已忽略",
		      MAX_CELLS);
	if (row.first < 0)
		return;
	const char *label = row.c[row.first].norm;
	int kind, year;

	/* a year typed alone in the head (the template's year cell: 2024), not
	 * a page number: page numbers are not years from 1990 on */
	if (r->sec == S_HEAD && !f->year && year_alone(label, &year) &&
	    next_filled(&row, row.first, NULL) == NULL) {
		f->year = year;
		f->year_line = r->lineno;
		return;
	}
	if (is_page_marker(label) && next_filled(&row, row.first, NULL) == NULL)
		return;
	if (r->sec == S_FRAGMENT) {
		r->frag_last = r->lineno;
		return;
	}
	if (r->sec == S_HEAD && is_metadata(label, &r->doc_yuan))
		return;
	if (r->sec == S_AFTER && is_metadata(label, &r->next_doc_yuan))
		return; /* after 总分: it heads the next form */
	if (r->sec == S_AFTER && after_total(r, &row, label))
		return;
	if (r->sec == S_HEAD && strlen(label) < 24 && year_from(label, &year) &&
	    !next_filled(&row, row.first, NULL)) {
		if (f->year && f->year != year)
			queue(r, JX_CHECK_UNPARSED, r->lineno,
			      "年度「%s」与标题中的 %d 年度不一致，按标题", row.c[row.first].raw,
			      f->year);
		else if (!f->year) {
			f->year = year;
			f->year_line = r->lineno;
		}
		return;
	}
	/*
	 * Inside a table, a row whose first filled cell lies at or right of
	 * the section's first content column is content, whatever it says: an
	 * indicator named 项目资金到位率 or 合计发放人数 is an indicator whose
	 * 一级/二级 cells are merged, not a new section.
	 */
	if (r->sec == S_IND && r->icol[IC_L1] >= 0 && row.first >= r->icol[IC_L1] &&
	    !str_in(label, total_labels)) {
		ind_row(r, &row);
		return;
	}
	if (r->sec == S_IND && r->icol[IC_L1] > row.first && is_level1_name(label)) {
		/* the row lost its leading empty cells (merged 绩效指标 column):
		 * its first cell names a first-level indicator, so it belongs
		 * under 一级指标 */
		shift_row(&row, r->icol[IC_L1] - row.first);
		ind_row(r, &row);
		return;
	}
	if (r->sec == S_GOAL && row.first > 0 && row.first >= goal_first_col(r)) {
		goal_text(r, &row);
		return;
	}
	if (str_starts(label, "项目名称")) {
		set_text_field(r, &f->project, &row, row.first);
		split_project_code(f);
		f->project_line = r->lineno;
		return;
	}
	if (str_starts(label, "主管部门")) {
		set_text_field(r, &f->department, &row, row.first);
		for (int i = row.first + 1; i < row.n; i++)
			if (str_starts(row.c[i].norm, "实施单位")) {
				set_text_field(r, &f->implementer, &row, i);
				break;
			}
		return;
	}
	if (str_starts(label, "实施单位")) {
		set_text_field(r, &f->implementer, &row, row.first);
		return;
	}
	if (str_starts(label, "项目资金") || str_starts(label, "预算执行情况")) {
		fund_header(r, &row);
		return;
	}
	if (is_overview_label(label)) {
		set_text_field(r, &f->overview, &row, row.first);
		return;
	}
	if (r->sec == S_FUNDS && (kind = fund_kind(label)) >= 0) {
		fund_row(r, &row, kind);
		return;
	}
	if (str_has(label, "总体目标") && row.first <= 1) {
		goal_header(r, &row);
		return;
	}
	if (str_starts(label, "绩效指标")) {
		ind_header(r, &row);
		return;
	}
	if (str_starts(label, "总分") || str_starts(label, "合计")) {
		total_row(r, &row);
		return;
	}
	if (r->sec == S_GOAL) {
		goal_text(r, &row);
		return;
	}
	if (r->sec == S_IND && r->icol[IC_L1] < 0) {
		ind_row(r, &row); /* no usable header: reported there */
		return;
	}
	if (r->sec == S_AFTER && is_attachment_label(label))
		return;
	queue(r, JX_CHECK_UNPARSED, r->lineno, "无法识别的行「%s」",
	      excerpt(f->arena, row.c[row.first].raw));
}

/* Structural checks once the form's last line (end) is read. */
static void form_end(struct builder *r, unsigned long end)
{
	struct jx_form *f = r->f;
	f->end_line = end;
	finish_reason(r);
	finish_closing(r);
	if (r->sec == S_FRAGMENT) {
		queue(r, JX_CHECK_UNPARSED, r->frag_first,
		      "第 %lu–%lu 行是一段没有标题的表格（从表格中间开始，可能是缺页的另一张表），未读取，也未并入本表",
		      r->frag_first, r->frag_last);
		for (struct pending *p = r->pend; p; p = p->next)
			if (!p->next)
				p->no_project = true; /* not this form's */
	}
	finish_text(r, TF_GOAL_EXPECTED, &f->goal_expected);
	finish_text(r, TF_GOAL_ACTUAL, &f->goal_actual);
	const char *missing[6];
	int n = 0;
	if (!f->has_fund_header)
		missing[n++] = "项目资金";
	else if (!f->funds[FUND_TOTAL].present)
		missing[n++] = "年度资金总额";
	/* a provincial template that reaches its 总分 without a 总体目标 block
	 * has none (Yunnan's 年度绩效目标(80分) is its indicator table) */
	bool in_meta = r->count < r->ntplmeta;
	bool templated = in_meta || r->flat_tpl;
	bool no_score = in_meta ? r->tplmeta[r->count].no_score : r->flat_tpl && r->flat_no_score;
	if (!f->has_goal && !(templated && f->has_total))
		missing[n++] = "年度总体目标";
	if (!f->has_ind_header)
		missing[n++] = "绩效指标";
	else if (!f->n_ind)
		missing[n++] = "绩效指标行";
	/* a template without 得分 (completion forms) has no 总分 row either */
	if (!f->has_total && !(templated && no_score))
		missing[n++] = "总分";
	if (!n)
		return;
	char list[128] = "";
	size_t o = 0;
	for (int i = 0; i < n; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s「%s」",
				      i ? "、" : "", missing[i]);
	queue(r, JX_CHECK_UNPARSED, f->end_line ? f->end_line : f->line,
	      "表格在第 %lu 行结束，缺少%s部分（表格可能被截断）", f->end_line, list);
}

static void form_begin(struct builder *r, unsigned long title_line)
{
	struct arena *a = arena_new();
	struct jx_form *f = arena_alloc(a, sizeof *f);
	f->arena = a;
	f->file = arena_strdup(a, r->name);
	f->line = title_line;
	f->layout = r->part_layout ? r->part_layout : layout_current(r->lay);
	f->project.raw = f->project.norm = "";
	f->department.raw = f->department.norm = "";
	f->implementer.raw = f->implementer.norm = "";
	f->goal_expected.raw = f->goal_expected.norm = "";
	f->goal_actual.raw = f->goal_actual.norm = "";
	f->total_weight.state = f->total_declared.state = NUM_ABSENT;
	r->f = f;
	r->pend = NULL;
	r->pend_tail = &r->pend;
	r->sec = S_HEAD;
	r->l1 = r->l2 = NULL;
	r->l1_line = r->l2_line = 0;
	for (int i = 0; i < FC__N; i++)
		r->fcol[i] = -1;
	for (int i = 0; i < IC__N; i++)
		r->icol[i] = -1;
	r->gcol_expected = r->gcol_actual = -1;
	r->fund_yuan = false;
	r->amount_unit_said = r->unit_contradiction_said = false;
	r->closing = NULL;
	r->l1_points = 0;
	r->form_rows = 0;
	r->doc_yuan = r->next_doc_yuan; /* 金额单位 above the title, else 万元 */
	r->next_doc_yuan = false;
	f->project_code.raw = f->project_code.norm = "";
	f->conclusion.raw = f->conclusion.norm = "";
	f->problems.raw = f->problems.norm = "";
	f->improvements.raw = f->improvements.norm = "";
	f->overview.raw = f->overview.norm = "";
	f->notes.raw = f->notes.norm = "";
	for (int i = 0; i < TF__N; i++)
		r->tb[i].active = r->tb[i].overflow_reported = false;
	if (r->title_year) {
		f->year = r->title_year;
		f->year_line = title_line;
	}
	if (r->untitled) {
		r->untitled = false;
		queue(r, JX_CHECK_UNPARSED, title_line,
		      "第 %lu 行起的表格前没有「项目支出绩效自评表」标题，按一张新表读取", title_line);
	}
	if (f->layout == JX_LAYOUT_ONELINE)
		queue(r, JX_CHECK_UNPARSED, title_line,
		      "整张表写在一行（第 %lu 行）：单元格之间与单元格之内的空格无法区分，"
		      "各格按表格结构推定，请逐项核对", title_line);
}

/* The year on the current line when it is a title or a year line. */
static int line_year(const struct builder *r)
{
	char buf[256];
	int year;
	squeeze(cl(r), cln(r), buf, sizeof buf);
	return year_from(buf, &year) ? year : 0;
}

/*
 * Does r->line continue the current form's table (after a page break), as
 * opposed to starting something else?  Its first filled cell decides: a row
 * of the section under way, or the label of a section that comes later.
 */
static bool continues_form(const struct builder *r)
{
	const char *p = cl(r);
	size_t n = cln(r), i = 0;
	int idx = 0;
	char first[256];
	for (;;) { /* the first filled cell, and its index */
		size_t e = i;
		while (e < n && p[e] != '\t')
			e++;
		if (squeeze(p + i, e - i, first, sizeof first) || e >= n)
			break;
		i = e + 1;
		idx++;
	}
	if (str_starts(first, "项目名称") || str_starts(first, "项目资金") ||
	    str_starts(first, "预算执行情况"))
		return false;
	if (str_has(first, "总体目标") || str_starts(first, "绩效指标") ||
	    str_starts(first, "总分") || str_starts(first, "合计"))
		return true;
	switch (r->sec) {
	case S_FUNDS:
		return fund_kind(first) >= 0;
	case S_GOAL:
		return idx > 0;
	case S_IND:
		return (r->icol[IC_L1] >= 0 && idx >= r->icol[IC_L1]) || is_level1_name(first);
	default:
		return false;
	}
}

/*
 * A 项目名称 row with a name (into value, squeezed and normalised, when
 * value is not NULL).
 */
static bool project_row(const struct builder *r, char value[256])
{
	const char *p = cl(r);
	size_t n = cln(r), i = 0;
	/* 项目名称 has 名 in every script and gloss (項目名稱, 名(míng)): most
	 * rows are rejected here, before their cells are squeezed */
	if (!has_char3(p, n, "名"))
		return false;
	char cell[256], norm[256];
	int filled = 0;
	bool is_project = false;
	while (i <= n && filled <= 2) {
		size_t e = i;
		while (e < n && p[e] != '\t')
			e++;
		if (squeeze(p + i, e - i, cell, sizeof cell)) {
			text_norm_buf(cell, strlen(cell), norm, sizeof norm);
			if (filled++ == 0)
				is_project = str_starts(norm, "项目名称");
			else if (value && filled == 2)
				memcpy(value, norm, sizeof norm);
		}
		i = e + 1;
	}
	return is_project && filled == 2;
}

/* A 项目名称 row naming another project than the form's: the next form. */
static bool starts_untitled_form(const struct builder *r)
{
	char value[256];
	if (!r->f->project_line || !project_row(r, value))
		return false;
	return strcmp(value, r->f->project.norm) != 0;
}

/* 金额单位：元 on a line before a title: the unit of that form. */
static void note_pre_title_unit(struct builder *r)
{
	char first[256], norm[256];
	const char *p = cl(r);
	size_t n = cln(r), e = 0;
	while (e < n && p[e] != '\t')
		e++;
	if (!squeeze(p, e, first, sizeof first))
		return;
	text_norm_buf(first, strlen(first), norm, sizeof norm);
	is_metadata(norm, &r->next_doc_yuan);
}

/* A row of a table outside any form (see tabular()), without splitting it. */
static bool line_tabular(const struct builder *r)
{
	const char *p = cl(r);
	size_t n = cln(r), i = 0;
	int filled = 0, numbers = 0;
	struct dec d;
	char first[256] = "";
	while (i <= n) {
		size_t e = i;
		while (e < n && p[e] != '\t')
			e++;
		char cell[256], cn[256];
		if (squeeze(p + i, e - i, cell, sizeof cell)) {
			if (filled++ == 0)
				memcpy(first, cell, sizeof first);
			text_norm_buf(cell, strlen(cell), cn, sizeof cn);
			numbers += number_text(cn, &d);
		}
		i = e + 1;
	}
	char norm[256];
	text_norm_buf(first, strlen(first), norm, sizeof norm);
	return (filled >= 5 && numbers >= 2) || is_level1_name(norm) || is_level2_name(norm) ||
	       str_starts(norm, "总分") || str_starts(norm, "项目资金") || str_starts(norm, "绩效指标");
}

/*
 * A title inside a form that has no 总分 row yet is either the next form
 * (the previous one was cut short) or the page's running header repeating
 * the title mid-table.  The next line with content decides: when it
 * continues the table (continues_form), the title and its year line were
 * page furniture; otherwise a new form starts there.  Returns true for a
 * new form, with r->line holding its first row, to be replayed.
 */
static bool title_starts_form(struct builder *r, unsigned long title_line, int *year)
{
	*year = line_year(r);
	while (read_line(r)) {
		if (r->line_too_long)
			return false;
		char buf[256];
		size_t k = squeeze(cl(r), cln(r), buf, sizeof buf);
		int y;
		if (k == 0 || is_page_marker(buf))
			continue;
		if (k < 24 && year_from(buf, &y)) {
			if (!*year)
				*year = y;
			continue;
		}
		return !continues_form(r);
	}
	queue(r, JX_CHECK_UNPARSED, title_line,
	      "第 %lu 行的「项目支出绩效自评表」标题之后到文件结束没有表格内容", title_line);
	return false;
}

/* A message piece that lives until the reader is freed. */
static const char *reader_printf(struct builder *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const char *reader_printf(struct builder *r, const char *fmt, ...)
{
	if (!r->scratch)
		r->scratch = arena_new();
	va_list ap;
	va_start(ap, fmt);
	const char *s = arena_vprintf(r->scratch, fmt, ap);
	va_end(ap);
	return s;
}

/* ---- the builder's handle (builder.h) ---------------------------------------- */

struct builder *builder_new(struct jx_ctx *ctx, FILE *in, const char *name, enum jx_layout forced,
			    unsigned long first_line)
{
	struct builder *r = xcalloc(1, sizeof *r);
	r->ctx = ctx;
	r->in = in;
	r->name = xstrdup(name ? name : "-");
	r->forced = forced;
	r->first_line = first_line;
	jx_buf_init(&r->line, LINE_MAX_BYTES + 1);
	for (int i = 0; i < TF__N; i++) {
		jx_buf_init(&r->tb[i].raw, TEXT_MAX_BYTES);
		jx_buf_init(&r->tb[i].norm, TEXT_MAX_BYTES);
	}
	return r;
}

void builder_set_part(struct builder *r, const struct part *p)
{
	r->map = p->map;
	r->nmap = p->nmap;
	r->col_base = p->col_base;
	r->part_layout = p->layout;
	r->tplmeta = p->tpl;
	r->ntplmeta = p->ntpl;
	r->marks = p->marks;
}

void builder_free(struct builder *r)
{
	if (!r)
		return;
	jx_buf_release(&r->line);
	for (int i = 0; i < TF__N; i++) {
		jx_buf_release(&r->tb[i].raw);
		jx_buf_release(&r->tb[i].norm);
	}
	arena_free(r->scratch);
	layout_free(r->lay);
	free(r->cline);
	free(r->name);
	free(r);
}

unsigned long builder_blanks(const struct builder *r)
{
	return r->blanks;
}

unsigned long builder_count(const struct builder *r)
{
	return r->count;
}

/*
 * What a layout adapter could not place: a finding of the form being read,
 * or, before the first form, of the file.
 */
static void layout_diag(void *ud, unsigned long line, const char *msg)
{
	struct builder *r = ud;
	if (r->f)
		queue(r, JX_CHECK_UNPARSED, line, "%s", msg);
	else
		ctx_report(r->ctx, JX_CHECK_UNPARSED, r->name, line, "", "%s", msg);
}

/*
 * A sheet of a workbook left as it came (the template's second project
 * sheet, never filled in): no project, units or amounts, no indicator
 * named.  It is no form: skipped with a note, never rejected as a cut one.
 */
static bool cell_filled(const struct cell *c)
{
	return *c->raw || c->unread;
}

static bool num_filled(const struct num *n)
{
	return n->state != NUM_EMPTY && n->state != NUM_ABSENT;
}

static bool blank_sheet_form(const struct builder *r, const struct jx_form *f)
{
	if (r->part_layout != JX_LAYOUT_XLSX && r->part_layout != JX_LAYOUT_XLS)
		return false;
	if (cell_filled(&f->project) || cell_filled(&f->department) || cell_filled(&f->implementer))
		return false;
	for (int k = 0; k < FUND__COUNT; k++) {
		const struct fund_row *fr = &f->funds[k];
		if (num_filled(&fr->initial.n) || num_filled(&fr->budget.n) || num_filled(&fr->executed.n))
			return false;
	}
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		if (cell_filled(&in->name) || cell_filled(&in->target_c) || cell_filled(&in->actual_c) ||
		    num_filled(&in->weight) || num_filled(&in->declared))
			return false;
	}
	return true;
}

static enum jx_status builder_next_one(struct builder *r, struct jx_form **out);

enum jx_status builder_next(struct builder *r, struct jx_form **out)
{
	for (;;) {
		enum jx_status st = builder_next_one(r, out);
		if (st != JX_OK || !r->blank)
			return st;
		/* its findings were dropped (builder_next_one); one note instead */
		ctx_report(r->ctx, JX_CHECK_BLANK_SHEET, r->name, (*out)->line, "",
			   "工作表是空白的自评表（没有项目名称、单位、金额或指标），未填写，已跳过");
		jx_form_free(*out);
		*out = NULL;
		r->blank = false;
		r->blanks++;
	}
}

static enum jx_status builder_next_one(struct builder *r, struct jx_form **out)
{
	*out = NULL;
	if (!r->lay) {
		r->lay = layout_new(r->in, r->forced, layout_diag, r);
		if (r->first_line > 1)
			layout_set_first_line(r->lay, r->first_line);
	}
	/* skip to the first title */
	while (!r->have_title) {
		if (!read_line(r))
			break;
		bool untitled = !r->line_too_long && project_row(r, NULL);
		if (untitled || is_title(r)) {
			r->have_title = true;
			r->title_line = r->lineno;
			r->title_year = untitled ? 0 : line_year(r);
			r->untitled = r->replay = untitled;
			if (r->pre_first && !r->count)
				ctx_report(r->ctx, JX_CHECK_UNPARSED, r->name, r->pre_first, "",
					   "第 %lu–%lu 行是一段没有标题的表格（从表格中间开始，可能是上一页的另一张表），未读取",
					   r->pre_first, r->pre_last);
			break;
		}
		if (!r->line_too_long)
			note_pre_title_unit(r);
		if (!r->count && !r->line_too_long && line_tabular(r)) {
			if (!r->pre_first)
				r->pre_first = r->lineno;
			r->pre_last = r->lineno;
		}
		if (r->line_too_long)
			r->long_outside++;
		else if (r->line_bad < r->line.n)
			r->bad_utf8_outside++;
		if (r->line.n || r->line_too_long)
			r->nonblank_outside++;
	}
	if (!r->have_title) {
		if (r->io_error) {
			ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, r->lineno + 1, "",
					  "读取第 %lu 行时失败：%s", r->lineno + 1, strerror(errno));
			return JX_ERR_IO;
		}
		if (r->count || r->blanks)
			return JX_DONE;
		if (r->lineno == 0 || (!r->nonblank_outside))
			ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 1, "",
					  "文件为空，没有项目支出绩效自评表");
		else
			ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 1, "",
				   "未找到「项目支出绩效自评表」标题（共 %lu 行%s%s）", r->lineno,
				   r->bad_utf8_outside
					   ? reader_printf(r, "；%lu 行不是有效的 UTF-8 文本，可能是二进制文件或 GBK 等其他编码",
							      r->bad_utf8_outside)
					   : "",
				   r->long_outside
					   ? reader_printf(r, "；%lu 行超过 %d 字节，未读取", r->long_outside,
							      LINE_MAX_BYTES)
					   : "");
		return JX_ERR_NOFORM;
	}
	r->have_title = false;
	form_begin(r, r->title_line);
	if (r->replay) {
		r->replay = false;
		form_line(r);
	}
	while (read_line(r)) {
		if (!r->line_too_long && starts_untitled_form(r)) {
			/* a second 项目名称: the next form, its title lost */
			r->have_title = r->replay = r->untitled = true;
			r->title_line = r->lineno;
			r->title_year = 0;
			form_end(r, r->lineno - 1);
			goto done;
		}
		if (r->line_too_long || !is_title(r)) {
			form_line(r);
			continue;
		}
		unsigned long title_line = r->lineno;
		int year = line_year(r);
		struct jx_form *f = r->f;
		if (!f->has_total && (f->has_fund_header || f->has_ind_header)) {
			if (!title_starts_form(r, title_line, &year)) {
				if (!r->eof || r->line.n)
					form_line(r); /* a running header: go on with the form */
				continue;
			}
			r->replay = true;
		}
		r->have_title = true;
		r->title_line = title_line;
		r->title_year = year;
		form_end(r, title_line - 1); /* the form ends on the line before */
		goto done;
	}
	form_end(r, r->lineno);
	if (layout_unterminated(r->lay) && r->f->has_total &&
	    (r->f->total_declared.state == NUM_EMPTY || r->f->total_declared.state == NUM_ABSENT))
		queue(r, JX_CHECK_UNPARSED, r->f->total_line,
		      "文件在第 %lu 行中途结束（没有换行符），总分行的得分缺失：表格可能被截断",
		      r->lineno);
	if (r->io_error)
		queue(r, JX_CHECK_UNPARSED, r->lineno + 1, "读取第 %lu 行时失败：%s", r->lineno + 1,
		      strerror(errno));
done:
	if (r->count < r->ntplmeta) { /* read by a template: its rows the layout has none for */
		const struct part_template *m = &r->tplmeta[r->count];
		read_extras(r, m->splits, m->n_splits, m->mgmt, m->n_mgmt, m->has_mgmt, m->extras_cut);
	}
	r->blank = blank_sheet_form(r, r->f);
	if (r->blank)
		r->pend = NULL, r->pend_tail = &r->pend; /* in the form's arena: freed with it */
	flush_pending(r);
	r->count += !r->blank;
	*out = r->f;
	r->f = NULL;
	return JX_OK;
}

/* ---- forms given field by field (JSON, CSV) ---------------------------------- */

/*
 * A field as a cell: its text trimmed and normalised as a table cell's (a
 * line break or TAB is a space, as in any cell), simplified for matching
 * when it is in traditional script, at `line`, in field position `col`
 * (never 0: the field is on the form).  The readers' marks (input.h) are
 * a cell printed but not read, and a cell the form does not have.
 */
static struct cell field_cell(struct builder *r, const char *s, unsigned long line, unsigned col);

/*
 * The rows the standard layout has no place for — other templates' split
 * fund rows and 资金管理情况 — from their texts (a template part's meta,
 * or a form given field by field) into the form, read as fund cells are.
 */
static void read_extras(struct builder *r, const struct flat_split *sp, size_t ns,
			const struct flat_mgmt *mg, size_t nm, bool has_mgmt, bool cut)
{
	struct jx_form *f = r->f;
	f->splits_cut = cut;
	if (cut && r->flat_kept) /* (a template part's reader said which row) */
		queue(r, JX_CHECK_UNPARSED, f->line,
		      "资金分项超过 %d 行或资金管理情况超过 %d 行，其余未读取；资金分项之和不核对",
		      FLAT_MAX_SPLITS, FLAT_MAX_MGMT);
	unsigned long keep = r->lineno;
	bool yuan = r->fund_yuan;
	f->splits = ns ? arena_alloc(f->arena, ns * sizeof *f->splits) : NULL;
	for (size_t i = 0; i < ns; i++) {
		struct fund_split *x = &f->splits[f->n_splits++];
		unsigned long line = sp[i].line ? sp[i].line : f->line;
		memset(x, 0, sizeof *x);
		x->label = arena_strdup(f->arena, sp[i].label ? sp[i].label : "");
		x->line = line;
		x->group = sp[i].group;
		x->heading = sp[i].heading;
		r->lineno = line;
		struct cell c[6];
		const char *v[] = {sp[i].initial, sp[i].budget, sp[i].executed, sp[i].weight, sp[i].rate, sp[i].score};
		for (int k = 0; k < 6; k++) {
			c[k] = field_cell(r, v[k], line, (unsigned)k + 2);
			if (!v[k])
				c[k].col = 0; /* not on the row at all */
		}
		read_money(r, &x->initial, &c[0]);
		read_money(r, &x->budget, &c[1]);
		read_money(r, &x->executed, &c[2]);
		read_score(r, &x->weight, &c[3], "分值");
		read_rate(r, &x->rate, &c[4]);
		read_score(r, &x->score, &c[5], "得分");
	}
	f->has_mgmt = has_mgmt;
	f->mgmt = nm ? arena_alloc(f->arena, nm * sizeof *f->mgmt) : NULL;
	for (size_t i = 0; i < nm; i++) {
		struct mgmt_item *m = &f->mgmt[f->n_mgmt++];
		unsigned long line = mg[i].line ? mg[i].line : f->line;
		m->label = arena_strdup(f->arena, mg[i].label ? mg[i].label : "");
		m->line = line;
		m->text = field_cell(r, mg[i].text, line, 2);
		m->problem = field_cell(r, mg[i].problem, line, 3);
	}
	r->lineno = keep;
	r->fund_yuan = yuan;
}

static struct cell field_cell(struct builder *r, const char *s, unsigned long line, unsigned col)
{
	struct cell c = {"", "", line, col, false};
	if (!s || !*s)
		return c;
	if (r->marks && !strcmp(s, UNREAD_CELL)) {
		c.unread = true;
		return c;
	}
	if (r->marks && !strcmp(s, ABSENT_CELL)) {
		c.col = 0;
		return c;
	}
	struct arena *a = r->f->arena;
	size_t n = strlen(s);
	if (n > TEXT_MAX_BYTES) { /* as a table's text field: past the cap, not read */
		queue(r, JX_CHECK_UNPARSED, line, "第 %lu 行有字段超过 %d MB，未读取", line,
		      TEXT_MAX_BYTES >> 20);
		c.unread = true;
		return c;
	}
	/* as read_line does for a row: glosses out, matched in simplified script */
	bool gloss;
	size_t bad;
	bool traditional = script_scan(s, n, &gloss, &bad);
	if (bad < n && !r->bad_field_utf8) {
		r->bad_field_utf8 = true; /* once a form: the form has such text */
		queue(r, JX_CHECK_UNPARSED, line,
		      "第 %lu 行的字段含有不是有效 UTF-8 的字节，已按 U+FFFD 显示", line);
	}
	const char *t = s;
	if (gloss) {
		char *g = arena_strndup(a, s, n);
		n = script_strip_glosses(g, n);
		g[n] = '\0';
		t = g;
	}
	text_cell(a, t, n, &c.raw, &c.norm);
	char *simple = traditional ? script_to_simplified(t, n) : NULL;
	if (simple) {
		c.norm = text_norm(a, simple, strlen(simple));
		free(simple);
	}
	return c;
}

/* A text of lines (the notes after a form, joined by line breaks as the
 * builder joins them): each line a cell's text, the breaks kept. */
static struct cell field_lines(struct builder *r, const char *s, unsigned long line)
{
	if (!s || !strchr(s, '\n'))
		return field_cell(r, s, line, 1);
	struct jx_buf raw, norm;
	jx_buf_init(&raw, 0);
	jx_buf_init(&norm, 0);
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");
		struct cell c = field_cell(r, arena_strndup(r->f->arena, p, n), line, 1);
		if (*c.raw) {
			jx_buf_puts(&raw, raw.n ? "\n" : "");
			jx_buf_puts(&raw, c.raw);
			jx_buf_puts(&norm, c.norm);
		}
		p += n + (p[n] == '\n');
	}
	struct cell c = {arena_strndup(r->f->arena, raw.p ? raw.p : "", raw.n),
			 arena_strndup(r->f->arena, norm.p ? norm.p : "", norm.n), line, 1, false};
	jx_buf_release(&raw);
	jx_buf_release(&norm);
	return c;
}

static void flat_funds(struct builder *r, const struct flat_form *ff)
{
	struct jx_form *f = r->f;
	f->has_fund_header = true; /* the fields name every column */
	for (int k = 0; k < FLAT_FUNDS; k++) {
		const struct flat_fund *in = &ff->funds[k];
		if (!in->present)
			continue;
		struct fund_row *fr = &f->funds[k];
		unsigned long line = in->line ? in->line : ff->line;
		fr->present = true;
		fr->line = line;
		struct cell c[FC__N];
		const char *v[FC__N] = {in->initial, in->budget, in->executed, in->weight,
					in->rate,    in->score,  in->reason};
		for (int i = 0; i < FC__N; i++)
			c[i] = field_cell(r, v[i], line, (unsigned)i + 1);
		if (ff->fund_no_weight)
			c[FC_WEIGHT].col = 0; /* the template has no such column: absent */
		if (ff->fund_no_score)
			c[FC_SCORE].col = 0;
		r->lineno = line;
		fund_cells(r, fr, c);
	}
}

/* A level's name as the table's label cell gives it: its (50分) apart. */
static const char *flat_level(struct builder *r, const struct cell *c, int *points)
{
	return arena_strndup(r->f->arena, c->norm, label_weight(c->norm, points));
}

/*
 * One indicator, as ind_row reads a table's row, but from its own fields:
 * nothing is joined to the row before (a name alone is an indicator, not a
 * wrapped name), no label is taken for a section (合计, 总分, 项目名称 are
 * names like any other).  An empty 一级/二级指标 is the one above, as a
 * merged cell of the table is.
 */
static bool same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static void flat_indicator(struct builder *r, const struct flat_form *ff, const struct flat_ind *x,
			   const struct flat_ind *prev)
{
	struct jx_form *f = r->f;
	unsigned long line = x->line ? x->line : ff->line;
	r->lineno = line;
	const char *v[IC__N] = {x->level1, x->level2, x->name,     x->op,       x->target,
				x->unit,   x->actual, x->weight,   x->declared, x->reason};
	bool any = false;
	for (int i = 0; i < IC__N; i++)
		any |= v[i] && *v[i];
	if (!any)
		return; /* an indicator with no field at all ({}): a blank row of the table */
	/* a level the same as the row above's is that merged cell, not a new
	 * one: its 二级指标 and its line (where its (50分) applies) go on */
	bool new1 = !prev || !same_text(prev->level1, x->level1);
	bool new2 = new1 || !same_text(prev->level2, x->level2);
	if (!new1)
		v[IC_L1] = NULL;
	if (!new2)
		v[IC_L2] = NULL;
	struct cell c[IC__N];
	for (int i = 0; i < IC__N; i++)
		c[i] = field_cell(r, v[i], line, (unsigned)i + 1);
	if (ff->no_weight)
		c[IC_WEIGHT].col = 0;
	if (ff->no_score)
		c[IC_SCORE].col = 0;
	if (*c[IC_L1].norm) {
		r->l1 = flat_level(r, &c[IC_L1], &r->l1_points);
		r->l1_line = line;
		r->l2 = NULL;
	}
	if (*c[IC_L2].norm) {
		int pts;
		r->l2 = flat_level(r, &c[IC_L2], &pts);
		r->l2_line = line;
	}
	if (f->n_ind == MAX_INDICATORS) {
		if (!r->ind_full)
			queue(r, JX_CHECK_UNPARSED, line, "一张表超过 %d 行绩效指标，从本行起不再读取",
			      MAX_INDICATORS);
		r->ind_full = true;
		return;
	}
	struct indicator *in = new_indicator(f);
	in->line = line;
	in->level1 = r->l1 ? r->l1 : "";
	in->level2 = r->l2 ? r->l2 : "";
	in->level1_points = r->l1_points;
	in->level1_line = r->l1_line;
	in->level2_line = r->l2_line;
	in->name = c[IC_NAME];
	in->target_c = c[IC_TARGET];
	in->actual_c = c[IC_ACTUAL];
	in->reason = c[IC_REASON];
	/* 指标性质 and 度量单位 are fields of every such form: on the form
	 * when given (the Sichuan columns), absent when not */
	in->op_c = c[IC_OP];
	in->unit_c = c[IC_UNIT];
	if (!*in->op_c.norm && !in->op_c.unread)
		in->op_c.col = 0;
	if (!*in->unit_c.norm && !in->unit_c.unread)
		in->unit_c.col = 0;
	value_parse(f->arena, composed_value(f->arena, &in->op_c, &in->target_c, &in->unit_c),
		    &in->target);
	value_parse(f->arena, composed_value(f->arena, NULL, &in->actual_c, &in->unit_c),
		    &in->actual);
	const struct cell *w = &c[IC_WEIGHT];
	in->na = is_na_text(in->name.norm) && in->target.kind <= VAL_NA &&
		 in->actual.kind <= VAL_NA && (is_na_text(w->norm) || strcmp(w->norm, "0") == 0);
	read_score(r, &in->weight, w, "分值");
	read_score(r, &in->declared, &c[IC_SCORE], "得分");
	if (!r->l1)
		queue(r, JX_CHECK_UNPARSED, line, "指标「%s」没有一级指标",
		      excerpt(f->arena, in->name.raw));
	else if (r->l2 && *c[IC_L2].norm && !level2_under(r->l1, r->l2))
		queue(r, JX_CHECK_UNPARSED, line, "二级指标「%s」不属于一级指标「%s」，请核对", r->l2,
		      r->l1);
}

enum jx_status builder_flat(struct builder *r, const struct flat_form *ff, struct jx_form **out)
{
	*out = NULL;
	r->title_year = 0;
	form_begin(r, ff->line);
	struct jx_form *f = r->f;
	r->lineno = ff->line;
	r->ind_full = r->bad_field_utf8 = false;
	f->ocr = ff->ocr; /* a stored or exported OCR'd form stays marked */
	if (ff->template_name) {
		f->template_name = arena_strdup(f->arena, ff->template_name);
		f->template_fit = ff->template_fit;
	}
	if (ff->file) /* a stored form: where it was read from, and how written */
		f->file = arena_strdup(f->arena, ff->file);
	if (ff->layout != JX_LAYOUT_AUTO)
		f->layout = ff->layout;
	struct cell year = field_cell(r, ff->year, ff->line, 1);
	if (*year.norm) {
		int y;
		char *e;
		long v = strtol(year.norm, &e, 10);
		if (!*e && v >= 1900 && v <= 2200)
			f->year = (int)v;
		else if (year_from(year.norm, &y))
			f->year = y;
		else
			queue(r, JX_CHECK_UNPARSED, ff->line, "年度「%s」不是年份，未读取",
			      excerpt(f->arena, year.raw));
		f->year_line = ff->line;
	}
	f->project = field_cell(r, ff->project, ff->line, 1);
	f->project_code = field_cell(r, ff->project_code, ff->line, 1);
	if (!*f->project_code.norm)
		split_project_code(f); /* a code glued to the name, as a table's cell has it */
	f->project_line = ff->line;
	f->department = field_cell(r, ff->department, ff->line, 1);
	f->implementer = field_cell(r, ff->implementer, ff->line, 1);
	f->overview = field_cell(r, ff->overview, ff->line, 1);
	flat_funds(r, ff);
	if (ff->has_goal) {
		f->has_goal = true;
		f->goal_expected = field_cell(r, ff->goal_expected, ff->line, 1);
		f->goal_actual = field_cell(r, ff->goal_actual, ff->line, 2);
	}
	f->has_ind_header = true;
	f->ind_line = ff->n_ind && ff->ind[0].line ? ff->ind[0].line : ff->line;
	for (size_t i = 0; i < ff->n_ind; i++)
		flat_indicator(r, ff, &ff->ind[i], i ? &ff->ind[i - 1] : NULL);
	unsigned long last = ff->n_ind && ff->ind[ff->n_ind - 1].line ? ff->ind[ff->n_ind - 1].line
								      : ff->line;
	unsigned long total = ff->total_line ? ff->total_line : last;
	if (ff->has_total) {
		r->lineno = total;
		struct cell w = field_cell(r, ff->total_weight, total, 1);
		struct cell d = field_cell(r, ff->total_declared, total, 2);
		read_score(r, &f->total_weight, &w, "分值");
		read_score(r, &f->total_declared, &d, "得分");
		f->has_total = true;
		f->total_line = total;
	}
	f->conclusion = field_cell(r, ff->conclusion, total, 1);
	f->problems = field_cell(r, ff->problems, total, 1);
	f->improvements = field_cell(r, ff->improvements, total, 1);
	f->notes = field_lines(r, ff->notes, total);
	r->flat_kept = true;
	read_extras(r, ff->splits, ff->n_splits, ff->mgmt, ff->n_mgmt, ff->has_mgmt, ff->extras_cut);
	r->flat_kept = false;
	r->flat_tpl = ff->template_name != NULL;
	r->flat_no_score = ff->no_score || ff->n_ind; /* every 得分 absent (JSON's lists): no column */
	for (size_t i = 0; i < ff->n_ind && !ff->no_score; i++)
		r->flat_no_score &= r->marks && ff->ind[i].declared && !strcmp(ff->ind[i].declared, ABSENT_CELL);
	form_end(r, total);
	r->flat_tpl = r->flat_no_score = false;
	flush_pending(r);
	r->count++;
	*out = r->f;
	r->f = NULL;
	return JX_OK;
}
