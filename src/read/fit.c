/*
 * fit.c: the forms of a grid (grid.c) read by their template: the head's
 * label/value pairs, the fund rows, the goal, the indicator table and the
 * total, each found by its labels in the lexicon, whatever the layout.
 *
 * Values whose cells were lost (an empty cell is invisible in text split
 * by spaces, OCR runs cells together) are put in their columns by what is
 * consistent, never by position alone: of all the ways to place a row's
 * values in its columns in order, the one whose types fit (a percentage in
 * 执行率, points no more than 100) and whose arithmetic holds (执行数 /
 * 预算数 = 执行率, 得分 ≤ 分值) wins (place.c).  A run of digits with no
 * separator (年度资金总额303010100%) is split the same way, and reported as
 * reconstructed so that a person checks it.  What could not be placed is
 * left unread and said so, never filled with a guess.
 */
#include "arena.h"
#include "ctx.h"
#include "grid.h"
#include "input.h"
#include "model.h"
#include "place.h"
#include "read.h"
#include "text.h"
#include "value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

enum { MAX_PEND = 8 };

enum state { ST_HEAD, ST_FUNDS, ST_MGMT, ST_GOAL, ST_IND, ST_AFTER };

/* The length of the first of list that s starts with, 0 if none. */
static size_t starts_any(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (str_starts(s, list[i]))
			return strlen(list[i]);
	return 0;
}

/* What OCR makes of ≥ before a number (工5%, ^80%, 5=50%): part of the
 * value as printed, reported (ocr_prefix), never repaired. */
static size_t ocr_prefix(const char *s)
{
	static const char *const junk[] = {"工", "^", "＾", "丄", NULL};
	size_t k = starts_any(s, junk);
	if (k)
		return k;
	if (s[0] >= '0' && s[0] <= '9' && s[1] == '=' && s[2] >= '0' && s[2] <= '9')
		return 2;
	return 0;
}

/* ---- the form being read ---------------------------------------------------- */

struct fund_acc {
	int kind;                 /* FUND_*, or -1: a split row (split) or one not kept */
	int split;                /* 1 by government level, 2 by income, 3 by expenditure */
	bool heading;             /* 按收入性质分: the split's own total */
	const struct tok *label;
	const struct val *fixed[COL__COUNT]; /* by column: values given next to its label */
	struct val vals[MAX_VALS];
	int nvals;
};

struct fitter {
	struct jx_ctx *ctx;
	const struct lexicon *lx;
	const struct template *forced, *t;
	double fit; /* of t */
	enum jx_layout layout; /* of the text, as forms report it */
	struct arena *a;
	const struct grid *g;
	struct wordset *words; /* per cell: the template words in it */
	const char *name;
	struct part *part;
	struct input_error *err;
	bool failed;

	struct flat_form f;
	size_t from;         /* the form's first token */
	bool content;        /* funds or indicators were read */
	enum state st;
	int year;

	enum concept head;   /* a head label waiting for its value (K__COUNT: none) */
	bool saw_project, saw_department, saw_implementer; /* their labels were in the text */
	unsigned head_row;
	bool head_pair;      /* the label names two things (实施单位/项目负责人) */

	enum column fcols[TPL_MAX_COLS];
	int nfcols;
	struct fund_acc pend[MAX_PEND];
	int npend;
	bool fund_cols_from_header;
	int last_col;        /* a column label just seen (pairs: 预算数 6.84), -1 none */
	int fund_points;     /* the fund block's label gave the execution's weight (20分) */

	enum column icols[TPL_MAX_COLS];
	int nicols;
	bool stream;
	int stream_width;
	const char *l1, *l2;
	bool l2_fresh;     /* l2 is a label just read, no row under it yet */
	struct flat_ind *cur;
	bool pending_dash; /* ind_start put the name's glued dash in ivals[0] */
	int l1_points;     /* a "(50分)" of its own where the 一级指标 was (not printed) */
	const char *inferred_for; /* the 二级指标 whose 一级指标 was last reported inferred */
	bool second_header; /* a header row under indicators: collecting it */
	bool skip_text;     /* text of a goal inside the table, up to its next label */
	bool goal_run;      /* the goal's text came out of run-together text */
	unsigned long goal_line; /* … from this line */
	struct val ivals[MAX_VALS];
	int nivals;
	unsigned cur_row;

	/* cells before any label of a title-less text (a fragment that starts
	 * inside the indicator table): rows of it, once the table is known */
	size_t pre[48];
	int npre;
	bool titled;
	/* run-together text of the indicator table, held until a label ends it */
	const struct tok *run_tok, *run_last;
	struct jx_buf run;     /* its text, cells apart by a space where they were apart */
	/* texts of many cells (a goal, a closing block), gathered in buffers and
	 * copied once when the form is done: in TEXT_* order */
	struct jx_buf texts[5];
	unsigned *rowlen; /* cells on each row of the grid */

	enum concept closing;
	bool total_open;
	int total_vals;
	unsigned total_row;
	unsigned goal_row;
	int goal_cells;
	unsigned mgmt_row; /* the 资金管理情况 row being read */
	int mgmt_cells;
	bool mgmt_open, mgmt_glue;
	bool goal_glue; /* the next piece of a cut goal cell goes on the one before */
};

/*
 * Findings of the reading itself, reported as they are found, with the
 * form's name when it is known: `unparsed` for a cell not read (or kept as
 * printed text where it should be a number); `reconstructed` for a reading
 * rebuilt from text run together or out of order — read, but a person
 * should check it against the paper.
 */
static void report(struct fitter *ft, enum jx_check check, unsigned long line, const char *fmt,
		   va_list ap)
{
	const char *m = arena_vprintf(ft->a, fmt, ap);
	ctx_report(ft->ctx, check, ft->name, line, ft->f.project ? ft->f.project : "", "%s", m);
}

static void unparsed(struct fitter *ft, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void unparsed(struct fitter *ft, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(ft, JX_CHECK_UNPARSED, line, fmt, ap);
	va_end(ap);
}

static void reconstructed(struct fitter *ft, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void reconstructed(struct fitter *ft, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(ft, JX_CHECK_RECONSTRUCTED, line, fmt, ap);
	va_end(ap);
}

static enum column col_of_concept(uint64_t m, bool fund)
{
	if (fund) {
		if (m & KBIT(K_COL_INITIAL)) return COL_INITIAL;
		if (m & KBIT(K_COL_BUDGET)) return COL_BUDGET;
		if (m & KBIT(K_COL_RECEIVED)) return COL_RECEIVED;
		if (m & KBIT(K_COL_EXECUTED)) return COL_EXECUTED;
		if (m & KBIT(K_COL_WEIGHT)) return COL_WEIGHT;
		if (m & KBIT(K_COL_RATE)) return COL_RATE;
		if (m & KBIT(K_COL_SCORE)) return COL_SCORE;
		return COL_NONE;
	}
	if (m & KBIT(K_HDR_OP)) return COL_OP;
	if (m & KBIT(K_HDR_UNIT)) return COL_UNIT;
	if (m & KBIT(K_HDR_TARGET)) return COL_TARGET;
	if (m & KBIT(K_HDR_ACTUAL)) return COL_ACTUAL;
	if (m & KBIT(K_HDR_WEIGHT)) return COL_WEIGHT;
	if (m & KBIT(K_HDR_SCORE)) return COL_SCORE;
	if (m & KBIT(K_HDR_REASON)) return COL_REASON;
	if (m & KBIT(K_HDR_SKIP)) return COL_SKIP;
	return COL_NONE;
}

static int fund_kind_of(uint64_t m)
{
	if (m & KBIT(K_ROW_TOTAL)) return FUND_TOTAL;
	if (m & KBIT(K_ROW_FISCAL)) return FUND_FISCAL;
	if (m & KBIT(K_ROW_CARRYOVER)) return FUND_CARRYOVER;
	if (m & KBIT(K_ROW_OTHER)) return FUND_OTHER;
	return -1;
}

static bool has_col(const enum column *cols, int n, enum column c)
{
	for (int i = 0; i < n; i++)
		if (cols[i] == c)
			return true;
	return false;
}

/* The fund columns: the header's as printed, or the template's when the
 * header was not read (fund_place adds the template's others when a row
 * has more values than the header has columns). */
static int fund_columns(struct fitter *ft, enum column *out)
{
	const enum column *src = ft->nfcols ? ft->fcols : ft->t->funds;
	int n = ft->nfcols ? ft->nfcols : ft->t->nfunds;
	memcpy(out, src, (size_t)n * sizeof *out);
	return n;
}

static const char *col_text(const struct val *v)
{
	return !v ? NULL : v->unknown ? UNREAD_CELL : v->raw;
}

/*
 * A fund row's texts by column into to[] (initial, budget, executed,
 * weight, rate, score).  A row without any value gets none; on a row with
 * values a column none was placed in is unread, except 分值 / 得分 where
 * `scores_absent` (see set_fund).
 */
static void fund_texts(const enum column *cols, int n, const struct val *const *slot,
		       bool scores_absent, const char **to[6])
{
	bool any = false;
	for (int i = 0; i < n; i++)
		any |= slot[i] != NULL;
	for (int i = 0; i < n && any; i++) {
		const char *v = col_text(slot[i]);
		bool score = cols[i] == COL_WEIGHT || cols[i] == COL_SCORE;
		if (!v)
			v = scores_absent && score ? ABSENT_CELL : UNREAD_CELL;
		switch (cols[i]) {
		case COL_INITIAL: *to[0] = v; break;
		case COL_BUDGET: *to[1] = v; break;
		case COL_EXECUTED: *to[2] = v; break;
		case COL_WEIGHT: *to[3] = v; break;
		case COL_RATE: *to[4] = v; break;
		case COL_SCORE: *to[5] = v; break;
		default: break;
		}
	}
}

/*
 * A fund row into the form.  A column of a row that has values, but none
 * placed in that column, is unread (UNREAD_CELL): with cells split by
 * spaces or run together an empty cell cannot be told from a lost one.
 * Except 分值 and 得分 of a 其中 row: no template scores those rows (the
 * paper has a dash or a merged cell there), so with no value placed they
 * are absent (ABSENT_CELL), not a printed cell lost.
 */
static void set_fund(struct fitter *ft, int kind, const enum column *cols, int n,
		     const struct val *const *slot, unsigned long line)
{
	struct flat_fund *fr = &ft->f.funds[kind];
	fr->present = true;
	if (!fr->line && line)
		fr->line = line;
	if (kind == FUND_TOTAL && ft->fund_points && !has_col(cols, n, COL_WEIGHT))
		fr->weight = arena_printf(ft->a, "%d", ft->fund_points); /* printed in the label */
	const char **to[] = {&fr->initial, &fr->budget, &fr->executed, &fr->weight, &fr->rate, &fr->score};
	fund_texts(cols, n, slot, kind != FUND_TOTAL, to);
	ft->content = true;
}

/* A split row (中央财政资金, 按支出性质分 …) into the form's splits: its
 * values by column, as set_fund puts a standard row's. */
static void set_split(struct fitter *ft, const struct fund_acc *acc, const enum column *cols, int n,
		      const struct val *const *slot)
{
	if (ft->f.n_splits == FLAT_MAX_SPLITS) {
		unparsed(ft, acc->label->line, "资金行超过 %d 行，「%s」未读取", FLAT_MAX_SPLITS,
			 acc->label->raw);
		ft->f.extras_cut = true;
		return;
	}
	struct flat_split *sp = &ft->f.splits[ft->f.n_splits++];
	memset(sp, 0, sizeof *sp);
	sp->label = acc->label->raw;
	sp->line = acc->label->line;
	sp->heading = acc->heading;
	const char **to[] = {&sp->initial, &sp->budget, &sp->executed, &sp->weight, &sp->rate, &sp->score};
	fund_texts(cols, n, slot, true, to);
	sp->group = acc->split;
	ft->content = true;
}

/* A cell's text that is there (an ABSENT_CELL mark is a column the row lacks). */
static bool filled_cell(const char *s)
{
	return s && strcmp(s, ABSENT_CELL) != 0;
}

/* One fund row's values into its columns. */
static double fund_place(struct fitter *ft, struct fund_acc *acc, bool apply)
{
	enum column all[TPL_MAX_COLS], cols[TPL_MAX_COLS];
	int nall = fund_columns(ft, all), n = 0;
	for (int i = 0; i < nall; i++) /* columns given by label pairs are taken */
		if (!acc->fixed[all[i]])
			cols[n++] = all[i];
	/* more values than the header's columns: the template's others too */
	for (int i = 0; acc->nvals > n && i < ft->t->nfunds; i++)
		if (!has_col(all, nall, ft->t->funds[i]) && nall < TPL_MAX_COLS) {
			all[nall++] = ft->t->funds[i];
			cols[n++] = ft->t->funds[i];
		}
	struct placing pl = {.cols = cols, .ncols = n, .vals = acc->vals, .nvals = acc->nvals,
			     .fund = true, .sub_row = acc->kind != FUND_TOTAL};
	bool split = false;
	if (acc->nvals < n)
		split = split_run(&pl, ft->a, acc->vals, &acc->nvals);
	pl.vals = acc->vals;
	pl.nvals = acc->nvals;
	double s = place(&pl);
	if (!apply)
		return s;
	if (acc->nvals > n)
		unparsed(ft, acc->label->line, "资金行「%s」有 %d 个数值，多于表头的 %d 列：多出的未读取",
		     acc->label->raw, acc->nvals, n);
	if (split)
		reconstructed(ft, acc->label->line,
		     "资金行「%s」的数字连在一起（没有分隔），已按列的顺序和执行率拆分，请核对原表", acc->label->raw);
	const struct val *slot[TPL_MAX_COLS] = {0};
	for (int i = 0, j = 0; i < nall; i++)
		slot[i] = acc->fixed[all[i]] ? acc->fixed[all[i]] : (j < n ? pl.best[j++] : NULL);
	if (acc->kind < 0) {
		if (acc->split)
			set_split(ft, acc, all, nall, slot);
		else if (acc->nvals)
			unparsed(ft, acc->label->line, "资金行「%s」不是标准表的资金来源行，未读取",
			     acc->label->raw);
		return s;
	}
	set_fund(ft, acc->kind, all, nall, slot, acc->label->line);
	return s;
}

/*
 * The pending fund rows are done.  Several labels before one run of values
 * (a scrambled reading order: 年度资金总额 其中：当年财政拨款 65.66 65.07 …)
 * share the values: they are cut into as many groups as the cuts score best.
 */
static void fund_flush(struct fitter *ft)
{
	if (!ft->npend)
		return;
	struct fund_acc *last = &ft->pend[ft->npend - 1];
	int empty = 0;
	for (int i = 0; i < ft->npend - 1; i++)
		empty += ft->pend[i].nvals == 0;
	if (ft->npend == 2 && empty == 1 && last->nvals >= 4) {
		/* two rows, one run: try every cut */
		struct fund_acc a0 = ft->pend[0], a1 = *last;
		double best = -1e18;
		int cut = -1;
		for (int k = 1; k < last->nvals; k++) {
			struct fund_acc x = a0, y = a1;
			x.nvals = k;
			memcpy(x.vals, last->vals, (size_t)k * sizeof *x.vals);
			y.nvals = last->nvals - k;
			memmove(y.vals, last->vals + k, (size_t)y.nvals * sizeof *y.vals);
			double s = fund_place(ft, &x, false) + fund_place(ft, &y, false);
			if (s > best)
				best = s, cut = k;
		}
		struct fund_acc x = a0, y = a1;
		x.nvals = cut;
		memcpy(x.vals, last->vals, (size_t)cut * sizeof *x.vals);
		y.nvals = last->nvals - cut;
		memmove(y.vals, last->vals + cut, (size_t)y.nvals * sizeof *y.vals);
		fund_place(ft, &x, true);
		fund_place(ft, &y, true);
		reconstructed(ft, a0.label->line, "资金行「%s」与「%s」的数值没有按行排列，已按执行率拆分，请核对原表",
		     a0.label->raw, a1.label->raw);
	} else {
		for (int i = 0; i < ft->npend; i++)
			if (ft->pend[i].nvals || ft->pend[i].kind >= 0)
				fund_place(ft, &ft->pend[i], true);
	}
	ft->npend = 0;
}

static void fund_open(struct fitter *ft, const struct tok *t, int kind)
{
	struct fund_acc *lastp = ft->npend ? &ft->pend[ft->npend - 1] : NULL;
	if (lastp && lastp->kind == kind && kind >= 0)
		return; /* 其中：财政资金 6.84 其中：财政资金 6.84: one row in columns */
	if (lastp && kind < 0 && lastp->kind < 0 && lastp->label && !strcmp(lastp->label->sq, t->sq))
		return; /* the same for a split row: 其中:中央补助 2.38 万元 其中:中央补助 2.38万元 */
	bool any_fixed = false;
	if (lastp)
		for (int i = 0; i < COL__COUNT; i++)
			any_fixed |= lastp->fixed[i] != NULL;
	if (lastp && (lastp->nvals || any_fixed))
		fund_flush(ft);
	if (ft->npend == MAX_PEND)
		fund_flush(ft);
	struct fund_acc *acc = &ft->pend[ft->npend++];
	memset(acc, 0, sizeof *acc);
	acc->kind = kind;
	acc->label = t;
}

/* One value of a fund row.  `alone`: the value stands between two labels,
 * so a column label just before it names its column (预算数 6.84 到位数
 * 6.84); a run of values after the header's last label is placed as a row. */
static void fund_value(struct fitter *ft, const struct tok *t, bool alone)
{
	if (!alone)
		ft->last_col = -1;
	if (!ft->npend) {
		/* a value before any row label: the total row, its label lost
		 * (预算数 6.84 到位数 6.84 of the Hebei form) */
		if (ft->last_col < 0)
			return;
		fund_open(ft, t, FUND_TOTAL);
	}
	struct fund_acc *acc = &ft->pend[ft->npend - 1];
	struct val v = {t, t->raw, t->sq, letters_for_digits(t->sq)};
	if (ft->last_col > COL_NONE && ft->last_col < COL__COUNT && !acc->fixed[ft->last_col]) {
		struct val *keep = arena_alloc(ft->a, sizeof *keep);
		*keep = v;
		acc->fixed[ft->last_col] = keep;
		ft->last_col = -1;
		return;
	}
	ft->last_col = -1;
	if (acc->nvals < MAX_VALS)
		acc->vals[acc->nvals++] = v;
}

/* Values kept apart by spaces inside a run-together line (620.82万元 620.82万元
 * 100% 10): each a value, when every piece is one. */
static void fund_values_spaced(struct fitter *ft, const struct tok *t)
{
	const char *p = t->raw;
	struct tok pieces[MAX_VALS];
	int n = 0;
	while (*p && n < MAX_VALS) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (!len)
			break;
		struct tok *x = &pieces[n++];
		*x = *t;
		x->raw = arena_strndup(ft->a, p, len);
		x->sq = text_norm(ft->a, p, len);
		if (!is_value(x->sq) && !digit_run(x->sq))
			return;
		p += len;
	}
	for (int i = 0; i < n; i++) {
		struct tok *keep = arena_alloc(ft->a, sizeof *keep);
		*keep = pieces[i];
		fund_value(ft, keep, n == 1);
	}
}

/* ---- indicators ---------------------------------------------------------------- */

static bool placeholder_name(const char *sq)
{
	/* 指标1： / 指标2: with nothing after, or several run together
	 * (指标1:指标2:): empty rows of the template */
	if (!str_starts(sq, "指标"))
		return false;
	while (str_starts(sq, "指标")) {
		const char *p = sq + strlen("指标");
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == ':')
			p++;
		else if (str_starts(p, "："))
			p += strlen("：");
		sq = p;
	}
	return !*sq;
}

static void ind_columns(struct fitter *ft, enum column *out, int *n)
{
	if (ft->stream && ft->nicols < 2 && ft->stream_width > 0) {
		/* one cell per line and no header: as many columns as the rows
		 * show, the template's target and actual first */
		int k = 0;
		static const enum column first[] = {COL_TARGET, COL_ACTUAL};
		for (size_t i = 0; i < 2 && k < ft->stream_width; i++)
			if (has_col(ft->t->inds, ft->t->ninds, first[i]))
				out[k++] = first[i];
		for (int i = 0; i < ft->t->ninds && k < ft->stream_width; i++)
			if (ft->t->inds[i] != COL_TARGET && ft->t->inds[i] != COL_ACTUAL)
				out[k++] = ft->t->inds[i];
		*n = k;
		return;
	}
	if (ft->t->fixed || ft->nicols < 2) {
		memcpy(out, ft->t->inds, (size_t)ft->t->ninds * sizeof *out);
		*n = ft->t->ninds;
		return;
	}
	memcpy(out, ft->icols, (size_t)ft->nicols * sizeof *out);
	*n = ft->nicols;
	/* a header shorter than the template's row (an unlabelled score
	 * column): the template's columns after the header's, when its start
	 * agrees */
	if (*n < ft->t->ninds && !memcmp(out, ft->t->inds, (size_t)*n * sizeof *out)) {
		memcpy(out, ft->t->inds, (size_t)ft->t->ninds * sizeof *out);
		*n = ft->t->ninds;
	}
}

static void ind_finish(struct fitter *ft)
{
	struct flat_ind *in = ft->cur;
	if (!in)
		return;
	ft->cur = NULL;
	if (!ft->nivals && placeholder_name(text_norm(ft->a, in->name, strlen(in->name)))) {
		ft->f.n_ind--; /* an empty 指标2： row */
		return;
	}
	if (!ft->nivals && ft->f.n_ind > 1 && in->level1 == in[-1].level1 &&
	    in->level2 == in[-1].level2) {
		/* a name and nothing else (the text is cut after it): written as a
		 * row of its own it would read as the name above continued */
		unparsed(ft, in->line, "指标「%s」只有名称，其余单元格未能读取（文本可能在此截断）", in->name);
		ft->f.n_ind--;
		return;
	}
	enum column cols[TPL_MAX_COLS];
	int n;
	ind_columns(ft, cols, &n);
	const struct val *slot[TPL_MAX_COLS] = {0};
	if (ft->stream) {
		for (int i = 0; i < n && i < ft->nivals; i++)
			slot[i] = &ft->ivals[i];
	} else {
		struct placing pl = {.cols = cols, .ncols = n, .vals = ft->ivals, .nvals = ft->nivals};
		place(&pl);
		memcpy(slot, pl.best, sizeof slot);
	}
	/* a name with no cell read (the text cut, cells lost), or cells placed
	 * but not in every column: what was not placed is unread, not empty */
	bool any = true;
	for (int i = 0; i < n; i++) {
		const char *s = col_text(slot[i]);
		/* a row with values, none in this column: unread, not empty (a
		 * 偏差原因 is often left blank, an operator or unit too) */
		if (!s && any && (cols[i] == COL_TARGET || cols[i] == COL_ACTUAL ||
				  cols[i] == COL_WEIGHT || cols[i] == COL_SCORE))
			s = UNREAD_CELL;
		/* (columns this row's table lacks: ABSENT_CELL below) */
		if (!s)
			continue;
		if ((cols[i] == COL_TARGET || cols[i] == COL_ACTUAL) && slot[i] && ocr_prefix(slot[i]->sq))
			unparsed(ft, in->line, "指标「%s」的「%s」开头疑似 OCR 误读（≥ 读成了其他字符），按原文保留，请核对原表",
			     in->name, s);
		switch (cols[i]) {
		case COL_OP: in->op = s; break;
		case COL_TARGET: in->target = s; break;
		case COL_UNIT: in->unit = s; break;
		case COL_ACTUAL: in->actual = s; break;
		case COL_WEIGHT: in->weight = s; break;
		case COL_SCORE: in->declared = s; break;
		case COL_REASON: in->reason = s; break;
		default: break;
		}
	}
	/* a column the form's other table has but this row's does not */
	static const enum column kinds[] = {COL_TARGET, COL_ACTUAL, COL_WEIGHT, COL_SCORE};
	const char **fields[] = {&in->target, &in->actual, &in->weight, &in->declared};
	for (int k = 0; k < 4; k++)
		if (!has_col(cols, n, kinds[k]) && !*fields[k])
			*fields[k] = ABSENT_CELL;
	if (ft->nivals > n)
		unparsed(ft, in->line, "指标「%s」有 %d 个单元格，多于表头的 %d 列：多出的未读取", in->name,
		     ft->nivals, n);
	ft->content = true;
}

/*
 * A row whose 一级指标 the text does not print (a merged cell lost: only
 * "(50分)" left, or nothing): the 一级指标 its 二级指标 belongs to, in
 * parentheses to show it was not printed, with the points the text gave.
 * Reported once for each 二级指标.
 */
static const char *inferred_level1(struct fitter *ft, unsigned long line)
{
	if (!ft->l2)
		return NULL;
	const char *sq = text_norm(ft->a, ft->l2, strlen(ft->l2));
	const char *parent = lexicon_parent(ft->lx, sq);
	if (!parent)
		return NULL;
	const char *l1 = ft->l1_points ? arena_printf(ft->a, "(%s)(%d分)", parent, ft->l1_points)
				       : arena_printf(ft->a, "(%s)", parent);
	if (ft->inferred_for != ft->l2) {
		ft->inferred_for = ft->l2;
		reconstructed(ft, line, "一级指标未印出，按二级指标「%s」归入%s，请核对原表", ft->l2, l1);
	}
	return l1;
}

static void ind_start(struct fitter *ft, const struct tok *t)
{
	ind_finish(ft);
	struct flat_ind *in = flat_add_ind(&ft->f, ft->a);
	in->level1 = ft->l1 ? ft->l1 : inferred_level1(ft, t->line);
	in->level2 = ft->l2;
	in->name = t->raw;
	ft->l2_fresh = false;
	ft->nivals = 0;
	/* 指标1：/ — an empty row of the template, its first cell a dash glued
	 * to the name by a space lost: the name, and the dash as a value */
	const char *colon = strstr(t->raw, "：") ? strstr(t->raw, "：") + 3
			    : strchr(t->raw, ':') ? strchr(t->raw, ':') + 1 : NULL;
	if (colon && str_starts(t->sq, "指标") && *colon && value_is_na(colon) &&
	    ft->nivals < MAX_VALS) {
		in->name = arena_strndup(ft->a, t->raw, (size_t)(colon - t->raw));
		ft->ivals[0] = (struct val){t, colon, colon, false};
		ft->pending_dash = true;
	}
	in->line = t->line;
	ft->cur = in;
	ft->nivals = ft->pending_dash ? 1 : 0;
	ft->pending_dash = false;
	ft->cur_row = t->row;
}

/* Does the indicator table hold one cell per line (paragraphs, cells on
 * lines of their own)?  Then a row is its name and as many cells as the
 * table has columns. */
static bool stream_table(const struct grid *g, size_t from)
{
	size_t toks = 0, rows = 0;
	unsigned last = 0;
	for (size_t i = from; i < g->n && toks < 20; i++, toks++)
		if (g->v[i].row != last)
			rows++, last = g->v[i].row;
	return toks >= 6 && rows * 10 >= toks * 7;
}

/* The cells of a row in a table of one cell per line without a header:
 * the most common run of content cells between labels, less the name. */
static int stream_width(const struct grid *g, size_t from)
{
	int count[8] = {0}, run = 0;
	for (size_t i = from; i < g->n && i < from + 120; i++) {
		if (!g->v[i].mask) {
			run++;
			continue;
		}
		if (run >= 2 && run < 8)
			count[run]++;
		run = 0;
	}
	int best = 0;
	for (int k = 2; k < 8; k++)
		if (count[k] > count[best])
			best = k;
	return best ? best - 1 : 0;
}

/* Text that reads as a sentence, not a cell: a full stop inside it, or
 * longer than any indicator's name. */
static bool prose(const char *raw)
{
	const char *stop = strstr(raw, "。");
	size_t n = strlen(raw);
	return (stop && (size_t)(stop - raw) + 3 < n) || n > 150 ||
	       (stop && (raw[0] >= '0' && raw[0] <= '9') && raw[1] == '.');
}

static void ind_content(struct fitter *ft, const struct tok *t)
{
	enum column cols[TPL_MAX_COLS];
	int n;
	ind_columns(ft, cols, &n);
	bool start;
	if (!ft->cur)
		start = true;
	else if (ft->stream)
		start = ft->nivals >= n;
	else if (t->row != ft->cur_row)
		start = ft->nivals > 0 ||
			placeholder_name(text_norm(ft->a, ft->cur->name, strlen(ft->cur->name))) ||
			(t + 1 < ft->g->v + ft->g->n && t[1].row == t->row && !t[1].mask);
	else
		start = false;
	if (start && prose(t->raw) && ft->f.n_ind) {
		/* a sentence where a name would be: the table has ended (a
		 * fragment inside a report, text after a form cut short) */
		ind_finish(ft);
		ft->st = ST_AFTER;
		return;
	}
	if (start) {
		ind_start(ft, t);
		return;
	}
	if (ft->nivals < MAX_VALS)
		ft->ivals[ft->nivals++] = (struct val){t, t->raw, t->sq, letters_for_digits(t->sq)};
	ft->cur_row = t->row;
}


/* ---- indicator rows run together (OCR) ---------------------------------------- */



static const char *const units[] = {
	"万平方米", "万立方米", "万人次", "平方公里", "平方米", "立方米", "万元", "万粒", "万亩", "万株",
	"万头", "万只", "万人", "人次", "课时", "学时", "小时", "分钟", "公里", "千米", "公顷", "公斤",
	"千克", "元", "粒", "亩", "件", "个", "人", "次", "起", "吨", "户", "组", "年", "月", "日",
	"天", "场", "份", "家", "所", "米", "套", "台", "辆", "盏", "处", "项", "批", "本", "册", "名",
	"位", "间", "座", "条", "张", "期", "篇", "株", "棵", "头", "只", "箱", "块", "部", "栋", "宗",
	"例", "段", "眼", "类", "分", "%", NULL};

/* Qualitative values that close a row of run-together text (…质量等合格合格). */
static const char *const qualities[] = {
	"基本达到", "逐步提高", "明显改善", "有所提升", "已完成", "合格", "达标", "完成", "良好",
	"满意", "有效", "及时", "是", "否", "高", "无", NULL};



/* The length of a value at s: [≥≤<>=]digits[.digits][unit]; 0 if none. */
static size_t value_len(const char *s)
{
	size_t i = 0, op;
	static const char *const ops[] = {"≥", "≤", "≧", "≦", ">=", "<=", ">", "<", "=", NULL};
	if ((op = starts_any(s, ops)))
		i = op;
	else if ((op = ocr_prefix(s)) && s[op] >= '0' && s[op] <= '9')
		i = op;
	size_t d = i;
	if (s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
		i++; /* 00: two zeros */
	else
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	if (i == d)
		return 0;
	if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i + starts_any(s + i, units);
}

/* The value cells of a row the table's columns expect: target, actual,
 * 分值, 得分 as the template or header has them. */
static int row_values(struct fitter *ft)
{
	enum column cols[TPL_MAX_COLS];
	int n, k = 0;
	ind_columns(ft, cols, &n);
	for (int i = 0; i < n; i++)
		k += cols[i] == COL_TARGET || cols[i] == COL_ACTUAL || cols[i] == COL_WEIGHT ||
		     cols[i] == COL_SCORE;
	return k;
}

struct piece {
	size_t s, e;
};

/*
 * Where a row's name starts in run-together text: after the previous row's
 * values, a template with a text column after them (评价标准, 偏差原因) has
 * that text first, up to its last full stop (…没有不得分。组织机构22).
 */
static size_t text_tail(struct fitter *ft, const char *sq, size_t from, size_t to)
{
	enum column cols[TPL_MAX_COLS];
	int n;
	ind_columns(ft, cols, &n);
	if (!n || (cols[n - 1] != COL_REASON && cols[n - 1] != COL_SKIP))
		return from;
	size_t at = from;
	static const char *const stops[] = {"。", ";", "；", "不得分", "扣完为止", NULL};
	for (size_t i = from; i < to; i++)
		for (size_t k = 0; stops[k]; k++)
			if (!strncmp(sq + i, stops[k], strlen(stops[k])))
				at = i + strlen(stops[k]);
	return at < to ? at : from;
}

/* One row read out of the run: name and values into the indicator table. */
static void run_row(struct fitter *ft, const char *sq, size_t ns, size_t ne, const struct piece *v,
		    int nv)
{
	if (ne <= ns)
		return;
	struct tok *t = arena_alloc(ft->a, sizeof *t);
	*t = *ft->run_tok;
	/* 2分决策依据: a block's weight before the row's name (项目决策 2分) —
	 * the 二级指标 itself where no 二级指标 label came before it, else that
	 * label's points (数量指标 15分派车次数: 数量指标15分, as printed) */
	size_t wl = value_len(sq + ns);
	if (wl > 3 && ns + wl < ne && !strncmp(sq + ns + wl - 3, "分", 3)) {
		ft->l2 = ft->l2_fresh && ft->l2 ? arena_printf(ft->a, "%s%.*s", ft->l2, (int)wl, sq + ns)
				      : arena_strndup(ft->a, sq + ns, wl);
		ns += wl;
	}
	char *name = arena_strndup(ft->a, sq + ns, ne - ns), *o = name;
	for (const char *c = name; *c; c++) /* the cells' separators */
		if (*c != ' ')
			*o++ = *c;
	*o = '\0';
	if (!*name)
		return;
	t->raw = t->sq = name;
	ind_start(ft, t);
	for (int i = 0; i < nv && ft->nivals < MAX_VALS; i++) {
		const char *x = arena_strndup(ft->a, sq + v[i].s, v[i].e - v[i].s);
		if (ocr_prefix(x))
			unparsed(ft, t->line, "指标「%s」的「%s」开头疑似 OCR 误读（≥ 读成了其他字符），按原文保留，请核对原表",
			     name, x);
		ft->ivals[ft->nivals++] = (struct val){ft->run_tok, x, x, false};
	}
	ind_finish(ft);
}

/* A plain number of the run cut in two (2020 -> 20 | 20; 8550万粒 -> 8 |
 * 550万粒) where the row is one value short: the cut whose placing scores
 * best, if it scores better than leaving the row short. */
static bool cut_value(struct fitter *ft, const char *sq, struct piece *v, int *nv)
{
	enum column cols[TPL_MAX_COLS];
	int n;
	ind_columns(ft, cols, &n);
	double best = -1e18;
	int best_i = -1;
	size_t best_at = 0;
	struct val vals[MAX_VALS] = {0};
	for (int i = 0; i < *nv; i++)
		for (size_t at = v[i].s + 1; at < v[i].e; at++) {
			if (sq[at] < '0' || sq[at] > '9' || sq[at - 1] < '0' || sq[at - 1] > '9' ||
			    (sq[at] == '0' && at + 1 < v[i].e && sq[at + 1] >= '0' && sq[at + 1] <= '9'))
				continue;
			int k = 0;
			for (int j = 0; j < *nv && k + 1 < MAX_VALS; j++) {
				if (j == i) {
					vals[k].sq = vals[k].raw = arena_strndup(ft->a, sq + v[j].s, at - v[j].s);
					vals[k++].t = ft->run_tok;
					vals[k].sq = vals[k].raw = arena_strndup(ft->a, sq + at, v[j].e - at);
					vals[k++].t = ft->run_tok;
				} else {
					vals[k].sq = vals[k].raw = arena_strndup(ft->a, sq + v[j].s, v[j].e - v[j].s);
					vals[k++].t = ft->run_tok;
				}
			}
			struct placing pl = {.cols = cols, .ncols = n, .vals = vals, .nvals = k};
			double sc = place(&pl);
			if (sc > best)
				best = sc, best_i = i, best_at = at;
		}
	if (best_i < 0)
		return false;
	for (int j = *nv; j > best_i; j--)
		v[j] = v[j - 1];
	v[best_i].e = best_at;
	v[best_i + 1].s = best_at;
	(*nv)++;
	return true;
}

/*
 * Run-together rows (OCR without separators: 5000吨稻谷、500吨成品粮储备到位
 * 率100%100%库存数量真实率100%100%): a row ends at a run of values as long as
 * the table's value columns; shorter runs are part of the name (5000吨稻谷).
 * A run one short has a number cut in two, or the qualitative words before
 * it taken; each run so read is reported once as reconstructed.
 */
static void run_flush(struct fitter *ft)
{
	if (!ft->run_tok)
		return;
	const char *sq = arena_strndup(ft->a, ft->run.p ? ft->run.p : "", ft->run.n);
	const struct tok *rt = ft->run_tok; /* run_row's rows carry its line; cleared at the end */
	int k = row_values(ft);
	if (k < 1)
		k = 1;
	size_t n = strlen(sq), row = 0, i = 0;
	int rows = 0;
	const char *first_name = NULL;
	while (i < n) {
		struct piece v[MAX_VALS + 1];
		bool numeric[MAX_VALS + 1];
		int nv = 0, nnum = 0;
		size_t rs = i;
		/* a run of values: numbers, and qualitative words among them */
		while (i < n && nv < MAX_VALS) {
			size_t sp = 0;
			while (nv && sq[i + sp] == ' ')
				sp++; /* between two values */
			size_t len = value_len(sq + i + sp),
			       q = len ? 0 : starts_any(sq + i + sp, qualities);
			/* 331、单位…: the 1 numbers the list after the values (1、2、) */
			if (len && str_starts(sq + i + sp + len, "、") &&
			    sq[i + sp + len - 1] >= '0' && sq[i + sp + len - 1] <= '9') {
				len--; /* one digit: the list's number */
				q = 0;
			}
			if ((len || q) && sp)
				i += sp;
			if (!len && !q)
				break;
			numeric[nv] = len > 0;
			v[nv++] = (struct piece){i, i + (len ? len : q)};
			nnum += len > 0;
			i += len ? len : q;
		}
		while (nv && !numeric[nv - 1] && nv > k) /* 完成 after the values: the next name's */
			i = v[--nv].s;
		if (!nnum) {
			if (nv) {
				i = v[0].s; /* words of a name (是否, 完成率) */
			}
			uint32_t cp;
			size_t cl = utf8_decode(sq + i, n - i, &cp);
			i += cl ? cl : 1;
			continue;
		}
		int lead = 0; /* qualitative words before the numbers belong to the name when too many */
		while (nv - lead > k && !numeric[lead])
			lead++;
		if (lead) {
			memmove(v, v + lead, (size_t)(nv - lead) * sizeof *v);
			memmove(numeric, numeric + lead, (size_t)(nv - lead) * sizeof *numeric);
			nv -= lead;
		}
		/* one short: a number cut in two — a lone value only when it is a
		 * bare number (22 of 决策依据22: 分值 2, 得分 2), not 500吨 of a name */
		bool bare = true;
		for (size_t c = v[nv - 1].s; c < v[nv - 1].e; c++)
			bare &= (sq[c] >= '0' && sq[c] <= '9') || sq[c] == '.';
		if (nv + 1 == k && (nv > 1 || bare))
			cut_value(ft, sq, v, &nv);
		if (rs == row || (nv < 2 && k > 1))
			continue; /* a number inside the name */
		if (nv > k && nv >= 2 * k) {
			/* the values of several rows whose names are elsewhere (a
			 * scrambled reading order): this row's are the first, the
			 * others are not placed */
			unparsed(ft, rt->line, "连写的指标「%.*s」后有 %d 个数值，多于一行的 %d 列：多出的未读取",
			     (int)(v[0].s - row), sq + row, nv, k);
			nv = k;
		} else if (nv > k) { /* the first of them belong to the name (指标1 / 2021年…) */
			memmove(v, v + (nv - k), (size_t)k * sizeof *v);
			nv = k;
		}
		run_row(ft, sq, text_tail(ft, sq, row, v[0].s), v[0].s, v, nv);
		if (!rows && ft->f.n_ind)
			first_name = ft->f.ind[ft->f.n_ind - 1].name;
		rows++;
		row = i;
	}
	if (row < n) {
		/* no values at the end: qualitative ones (…安全性高高), or the name
		 * of a row whose values are cut off */
		struct piece v[4];
		int nv = 0;
		size_t e = n;
		while (nv < k && nv < 4) {
			size_t q = 0;
			for (size_t j = 0; qualities[j]; j++) {
				size_t l = strlen(qualities[j]);
				if (e - row > l && !memcmp(sq + e - l, qualities[j], l)) {
					q = l;
					break;
				}
			}
			if (!q)
				break;
			e -= q;
			memmove(v + 1, v, (size_t)nv * sizeof *v);
			v[0] = (struct piece){e, e + q};
			nv++;
		}
		if (nv == k)
			run_row(ft, sq, row, e, v, nv), rows++;
		else if (!rows)
			run_row(ft, sq, row, n, NULL, 0);
		else
			unparsed(ft, rt->line, "连写的指标文字「%s」没有数值，未读取", sq + row);
	}
	if (rows)
		reconstructed(ft, rt->line, "第 %lu 行的指标连在一起（没有分隔），已按数值拆成 %d 行（自「%s」起），请核对原表",
		     rt->line, rows, first_name ? first_name : "");
	ft->run_tok = NULL;
}

/* A cell of the table read as running text: cut out of run-together text,
 * or on a row that holds the whole form (a sheet saved as one line). */
enum { ONE_LINE_CELLS = 40 };
static bool run_cell(const struct fitter *ft, const struct tok *t)
{
	return t->run || ft->rowlen[t->row] > ONE_LINE_CELLS;
}

static void run_add(struct fitter *ft, const struct tok *t)
{
	if (!ft->run_tok) {
		ind_finish(ft);
		ft->run_tok = t;
		jx_buf_reset(&ft->run);
		jx_buf_puts(&ft->run, t->sq);
		ft->run_last = t;
		return;
	}
	/* cells that were apart stay apart (a space, which no value holds) */
	bool joined = t->run && ft->run_last->run && t->line == ft->run_last->line;
	if (!joined)
		jx_buf_puts(&ft->run, " ");
	jx_buf_puts(&ft->run, t->sq);
	ft->run_last = t;
}

/* ---- forms ------------------------------------------------------------------------ */

static void form_reset(struct fitter *ft, size_t from)
{
	memset(&ft->f, 0, sizeof ft->f);
	for (int k = 0; k < 5; k++)
		jx_buf_reset(&ft->texts[k]);
	ft->from = from;
	ft->content = false;
	ft->st = ST_HEAD;
	ft->year = 0;
	ft->head = K__COUNT;
	ft->npre = 0;
	ft->saw_project = ft->saw_department = ft->saw_implementer = false;
	ft->nfcols = ft->npend = ft->nicols = 0;
	ft->last_col = -1;
	ft->fund_points = 0;
	ft->stream = false;
	ft->l1 = ft->l2 = NULL;
	ft->l2_fresh = false;
	ft->l1_points = 0;
	ft->inferred_for = NULL;
	ft->cur = NULL;
	ft->second_header = ft->skip_text = false;
	ft->run_tok = NULL;
	ft->closing = K__COUNT;
	ft->total_open = false;
	ft->goal_cells = 0;
}

/* Where a form's evidence for its template is looked for: its first cells,
 * their template words found once per cell (words[]), so that a file of
 * many short forms costs a window each, not the rest of the file each. */
enum { FIT_WINDOW = 600 };

static const struct template *choose(struct fitter *ft, size_t from)
{
	struct wordset all = {{0}};
	size_t to = ft->g->n - from > FIT_WINDOW ? from + FIT_WINDOW : ft->g->n;
	for (size_t i = from; i < to; i++)
		for (size_t k = 0; k < LEX_MAX_WORDS / 64; k++)
			all.w[k] |= ft->words[i].w[k];
	struct fit_score fs = template_best(ft->lx, &all);
	if (ft->forced) {
		fs.t = ft->forced;
		fs.fit = template_fit(ft->forced, &all);
		if (fs.fit < 0.2)
			unparsed(ft, ft->g->n ? ft->g->v[from < ft->g->n ? from : 0].line : 0,
			     "按 --template 指定的表样「%s」读取，但本表与它几乎不符（吻合度 %.2f）", ft->forced->name,
			     fs.fit);
	}
	ft->fit = fs.fit;
	return fs.t;
}

static bool title_token(const struct lexicon *lx, const struct tok *t)
{
	const struct template *tpl;
	size_t n = lexicon_templates(lx, &tpl);
	if (strlen(t->sq) > 240)
		return false;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < tpl[i].ntitles; j++)
			if (strstr(t->sq, tpl[i].titles[j]))
				return true;
	return strstr(t->sq, "绩效自评表") || strstr(t->sq, "绩效目标自评表") ||
	       strstr(t->sq, "指标评分表");
}

enum { TEXT_EXPECTED, TEXT_ACTUAL, TEXT_CONCLUSION, TEXT_PROBLEMS, TEXT_IMPROVEMENTS };

/* The gathered texts into the form (form_finish), the buffers emptied. */
static void texts_finish(struct fitter *ft)
{
	/* a goal run together with no separator (预期目标实际完成情况…): the two
	 * texts cannot be told apart; what was read is the expected one, the
	 * actual is unread, not empty */
	if (ft->goal_run && ft->texts[TEXT_EXPECTED].n && !ft->texts[TEXT_ACTUAL].n) {
		jx_buf_puts(&ft->texts[TEXT_ACTUAL], UNREAD_CELL);
		/* nothing is lost (all of it is kept as the expected text): a
		 * reading to check, not a part left out */
		reconstructed(ft, ft->goal_line,
			      "年度总体目标的预期目标与实际完成情况连在一起（没有分隔），无法分开：全部文字记为预期目标，"
			      "实际完成情况未能读取，请核对原表");
	}
	ft->goal_run = false;
	const char **dst[] = {&ft->f.goal_expected, &ft->f.goal_actual, &ft->f.conclusion,
			      &ft->f.problems, &ft->f.improvements};
	for (int k = 0; k < 5; k++) {
		if (ft->texts[k].n && ft->texts[k].p)
			*dst[k] = arena_strndup(ft->a, ft->texts[k].p, ft->texts[k].n);
		jx_buf_reset(&ft->texts[k]);
	}
}

/* Indicators of a form that hold at least one value: a title-less fragment
 * is a form when two of its rows are read. */
static bool rows_with_values(const struct flat_form *f)
{
	size_t k = 0;
	for (size_t i = 0; i < f->n_ind; i++)
		k += f->ind[i].target || f->ind[i].actual || f->ind[i].weight || f->ind[i].declared;
	return k >= 2;
}

/* The form is done: into the part (a form with nothing read is dropped). */
static void form_finish(struct fitter *ft)
{
	run_flush(ft);
	fund_flush(ft);
	texts_finish(ft);
	ind_finish(ft);
	if (!ft->content && !ft->f.project)
		return;
	if (!ft->f.project && !ft->f.funds[FUND_TOTAL].present && !rows_with_values(&ft->f))
		return; /* no name, no budget, no indicator with values: page text, not a form */
	if (!strcmp(ft->t->name, "dept-whole")) {
		if (!ft->f.implementer)
			ft->f.implementer = ft->f.department;
		if (!ft->f.department)
			ft->f.department = ft->f.implementer;
	}
	/* a head field whose label is not in the text (a fragment, a head cut
	 * off, OCR that lost it) is unread; with its label and no value, empty */
	if (!ft->f.project && !ft->saw_project)
		ft->f.project = UNREAD_CELL;
	if (!ft->f.department && !ft->saw_department)
		ft->f.department = UNREAD_CELL;
	if (!ft->f.implementer && !ft->saw_implementer)
		ft->f.implementer = UNREAD_CELL;
	if (ft->year)
		ft->f.year = arena_printf(ft->a, "%d", ft->year);
	{ /* fund columns neither the header nor the template has: absent */
		enum column fc[TPL_MAX_COLS];
		int nf = fund_columns(ft, fc);
		ft->f.fund_no_weight = !has_col(fc, nf, COL_WEIGHT) && !ft->f.funds[FUND_TOTAL].weight;
		ft->f.fund_no_score = !has_col(fc, nf, COL_SCORE) && !ft->f.funds[FUND_TOTAL].score;
		for (int k = 1; k < FLAT_FUNDS; k++) {
			ft->f.fund_no_weight &= !ft->f.funds[k].weight;
			ft->f.fund_no_score &= !ft->f.funds[k].score;
		}
	}
	if (ft->f.has_total && !ft->f.total_weight) /* a 总分 whose numbers were not read */
		ft->f.total_weight = UNREAD_CELL;
	if (ft->f.has_total && !ft->f.total_declared)
		ft->f.total_declared = UNREAD_CELL;
	if (ft->f.n_ind) { /* columns the table does not have are absent, not empty */
		enum column cols[TPL_MAX_COLS];
		int n;
		ind_columns(ft, cols, &n);
		ft->f.no_weight = !has_col(cols, n, COL_WEIGHT);
		ft->f.no_score = !has_col(cols, n, COL_SCORE);
		for (size_t i = 0; i < ft->f.n_ind; i++) { /* an earlier table of the form had them */
			ft->f.no_weight &= !filled_cell(ft->f.ind[i].weight);
			ft->f.no_score &= !filled_cell(ft->f.ind[i].declared);
		}
	}
	if (!ft->f.line)
		ft->f.line = ft->g->v[ft->from].line;
	if (!ft->failed && !flat_write(ft->part, &ft->f, ft->err))
		ft->failed = true;
	if (!ft->failed) {
		struct part *p = ft->part;
		if (p->ntpl == p->captpl) {
			p->captpl = p->captpl ? 2 * p->captpl : 8;
			p->tpl = xrealloc(p->tpl, p->captpl * sizeof *p->tpl);
		}
		struct part_template *pt = &p->tpl[p->ntpl++];
		snprintf(pt->name, sizeof pt->name, "%s", ft->t->name);
		pt->fit = ft->fit;
		pt->layout = ft->layout;
		pt->no_weight = ft->f.no_weight;
		pt->no_score = ft->f.no_score;
		pt->fund_no_weight = ft->f.fund_no_weight;
		pt->fund_no_score = ft->f.fund_no_score;
		if (!p->fa)
			p->fa = arena_new();
		flat_keep_extras(p->fa, &ft->f, &pt->splits, &pt->n_splits, &pt->mgmt, &pt->n_mgmt);
		pt->has_mgmt = ft->f.has_mgmt;
		pt->extras_cut = ft->f.extras_cut;
	}
}

static void head_value(struct fitter *ft, const struct tok *t)
{
	const char **dst = ft->head == K_PROJECT ? &ft->f.project
			   : ft->head == K_DEPARTMENT ? &ft->f.department
			   : ft->head == K_IMPLEMENTER ? &ft->f.implementer : NULL;
	if (ft->head == K_YEAR_LABEL && !ft->year) {
		int y = atoi(t->sq);
		if (y >= 1990 && y <= 2200)
			ft->year = y;
	}
	if (dst && !*dst && strlen(t->raw) <= 180) { /* a name, not a paragraph run on */
		*dst = t->raw;
		/* 实施单位/项目负责人 | 某中心/张三: the first of the value's two */
		const char *slash = ft->head_pair ? strchr(t->raw, '/') : NULL;
		if (slash && slash > t->raw && !strchr(slash + 1, '/'))
			*dst = arena_strndup(ft->a, t->raw, (size_t)(slash - t->raw));
		if (ft->head == K_PROJECT)
			ft->f.line = t->line;
	}
	ft->head = K__COUNT;
}

static bool any_bit(uint64_t m, uint64_t bits)
{
	return (m & bits) != 0;
}

#define HEAD_BITS (KBIT(K_PROJECT) | KBIT(K_DEPARTMENT) | KBIT(K_IMPLEMENTER) | KBIT(K_SKIPLABEL) | KBIT(K_YEAR_LABEL))
#define FUND_COL_BITS (KBIT(K_COL_INITIAL) | KBIT(K_COL_BUDGET) | KBIT(K_COL_RECEIVED) | KBIT(K_COL_EXECUTED) | KBIT(K_COL_WEIGHT) | KBIT(K_COL_RATE) | KBIT(K_COL_SCORE))
#define SPLIT_BITS (KBIT(K_ROW_SOURCE) | KBIT(K_ROW_INCOME) | KBIT(K_ROW_EXPENSE) | \
		    KBIT(K_ROW_INCOME_HEAD) | KBIT(K_ROW_EXPENSE_HEAD))
#define FUND_ROW_BITS (KBIT(K_ROW_TOTAL) | KBIT(K_ROW_FISCAL) | KBIT(K_ROW_CARRYOVER) | KBIT(K_ROW_OTHER) | SPLIT_BITS)
#define GOAL_BITS (KBIT(K_GOAL_BLOCK) | KBIT(K_GOAL_EXPECTED) | KBIT(K_GOAL_ACTUAL))
#define HDR_BITS (KBIT(K_HDR_LEVEL1) | KBIT(K_HDR_LEVEL2) | KBIT(K_HDR_NAME) | KBIT(K_HDR_OP) | KBIT(K_HDR_UNIT) | KBIT(K_HDR_TARGET) | KBIT(K_HDR_ACTUAL) | KBIT(K_HDR_WEIGHT) | KBIT(K_HDR_SCORE) | KBIT(K_HDR_REASON) | KBIT(K_HDR_SKIP))
#define IND_BITS (KBIT(K_IND_BLOCK) | KBIT(K_LEVEL1) | KBIT(K_LEVEL2) | HDR_BITS | KBIT(K_TOTAL) | KBIT(K_TOTAL_DECLARED) | CLOSING_BITS | KBIT(K_FORM_END))
#define CLOSING_BITS (KBIT(K_CLOSING_CONCLUSION) | KBIT(K_CLOSING_PROBLEMS) | KBIT(K_CLOSING_IMPROVEMENTS))

static void ind_content(struct fitter *ft, const struct tok *t);

static void enter_ind(struct fitter *ft, size_t i)
{
	if (ft->st == ST_FUNDS)
		fund_flush(ft);
	if (ft->st != ST_IND) {
		ft->st = ST_IND;
		ft->stream = stream_table(ft->g, i);
		ft->stream_width = stream_width(ft->g, i);
		/* a fragment's first rows, above its first label: indicators with
		 * their levels not in the text */
		for (int k = 0; k < ft->npre;) {
			int e = k, values = 0;
			unsigned row = ft->g->v[ft->pre[k]].row;
			while (e < ft->npre && ft->g->v[ft->pre[e]].row == row) {
				const char *sq = ft->g->v[ft->pre[e]].sq;
				values += is_value(sq) || is_operator(sq);
				e++;
			}
			/* a row of the table: values among its cells (公益性讲座知晓率 =
			 * 100 % 100 5 5), not a line of the page (…page 12 of…) */
			if (values >= 2 && values * 3 >= e - k)
				for (int j = k; j < e; j++)
					ind_content(ft, &ft->g->v[ft->pre[j]]);
			k = e;
		}
		if (ft->npre)
			ind_finish(ft);
		ft->npre = 0;
	}
}

static void total_value(struct fitter *ft, const struct tok *t)
{
	const char *sq = t->sq;
	size_t n = strlen(sq);
	/* 总分10098, 总分10097.2: 100 and the score run together */
	if (!ft->total_vals && n > 3 && n <= 9 && str_starts(sq, "100") && sq[3] != '.' &&
	    strspn(sq, "0123456789.") == n && atof(sq + 3) <= 100 && (sq[3] != '0' || n == 4)) {
		ft->f.total_weight = "100";
		ft->f.total_declared = arena_strdup(ft->a, sq + 3); /* the folded digits: raw may be full-width */
		ft->total_vals = 2;
		reconstructed(ft, t->line, "总分行的「%s」是分值与得分连在一起，已拆为 100 与 %s，请核对原表", t->raw,
		     sq + 3);
		return;
	}
	struct num_view nv = view(sq);
	const char *v = t->raw;
	if (nv.number && nv.v > 200) { /* no total weighs that: digits run together, not read */
		unparsed(ft, t->line, "总分行的「%s」无法拆分（数字连在一起），未读取，请核对原表", t->raw);
		v = UNREAD_CELL;
	}
	if (ft->total_vals == 0)
		ft->f.total_weight = v;
	else if (ft->total_vals == 1)
		ft->f.total_declared = v;
	ft->total_vals++;
	ft->f.has_total = true;
	ft->f.total_line = t->line;
}

static void closing_text(struct fitter *ft, const struct tok *t)
{
	int k = ft->closing == K_CLOSING_CONCLUSION ? TEXT_CONCLUSION
		: ft->closing == K_CLOSING_PROBLEMS ? TEXT_PROBLEMS : TEXT_IMPROVEMENTS;
	jx_buf_puts(&ft->texts[k], t->raw);
}

static void goal_text(struct fitter *ft, const struct tok *t)
{
	if (t->row != ft->goal_row) {
		ft->goal_row = t->row;
		ft->goal_cells = 0;
	}
	ft->f.has_goal = true;
	if (t->run && !ft->goal_run)
		ft->goal_line = t->line;
	ft->goal_run |= t->run;
	if (ft->goal_glue && t->cut && ft->goal_cells) { /* the rest of the cell cut before */
		ft->goal_glue = false;
		jx_buf_puts(&ft->texts[(ft->goal_cells - 1) % 2 == 0 ? TEXT_EXPECTED : TEXT_ACTUAL], t->raw);
		return;
	}
	jx_buf_puts(&ft->texts[ft->goal_cells++ % 2 == 0 ? TEXT_EXPECTED : TEXT_ACTUAL], t->raw);
}

/* The cells after a 资金管理情况 label on its row: 情况说明, then 存在问题.
 * A label word a cell begins with (执行数与预算数一致) cuts it: the piece
 * after it goes on the same field (glue). */
static void mgmt_text(struct fitter *ft, const struct tok *t, bool label)
{
	if (!ft->mgmt_open || t->row != ft->mgmt_row || !ft->f.n_mgmt)
		return; /* the block's own header cells (情况说明 …) */
	struct flat_mgmt *mg = &ft->f.mgmt[ft->f.n_mgmt - 1];
	bool glue = ft->mgmt_glue && t->cut;
	if (!glue)
		ft->mgmt_cells++;
	const char **to = ft->mgmt_cells <= 1 ? &mg->text : &mg->problem;
	*to = *to ? arena_printf(ft->a, "%s%s", *to, t->raw) : t->raw;
	ft->mgmt_glue = label && t->cut;
}

/*
 * A fund row's label inside the goal's prose (…2300.67万元，中央补助442.43
 * 万元…) cut the cell: the label and the piece after it are that cell's
 * text, not a fund row nor the next cell.
 */
static bool goal_label(struct fitter *ft, const struct tok *t)
{
	if (ft->st != ST_GOAL || !t->cut || !ft->goal_cells ||
	    !(t->mask & SPLIT_BITS))
		return false;
	jx_buf_puts(&ft->texts[(ft->goal_cells - 1) % 2 == 0 ? TEXT_EXPECTED : TEXT_ACTUAL], t->raw);
	ft->goal_glue = true;
	return true;
}

static void on_label(struct fitter *ft, size_t i)
{
	const struct tok *t = &ft->g->v[i];
	uint64_t m = t->mask;
	ft->head = K__COUNT; /* a label where a head value would be: that value is empty */
	/* a goal repeated inside the table (项目年度目标：…): its text is no row */
	if (ft->st == ST_IND && any_bit(m, GOAL_BITS) && !any_bit(m, IND_BITS)) {
		run_flush(ft);
		ind_finish(ft);
		ft->skip_text = true;
		return;
	}
	if (any_bit(m, IND_BITS))
		ft->skip_text = false;
	if (ft->run_tok) {
		if (run_cell(ft, t) && !any_bit(m, IND_BITS)) {
			run_add(ft, t); /* 执行率 inside 严格执行率100%: part of the run */
			return;
		}
		run_flush(ft);
	}
	if (ft->total_open && !any_bit(m, KBIT(K_TOTAL))) {
		ft->total_open = false;
		ft->st = ST_AFTER; /* the table ends at its 总分 row: a 注 below is not rows */
	}
	ft->closing = K__COUNT;
	if (any_bit(m, KBIT(K_TOTAL_DECLARED))) {
		ft->head = K_TOTAL_DECLARED;
		return;
	}
	if (any_bit(m, KBIT(K_FORM_END)) && ft->content) {
		ind_finish(ft);
		ft->st = ST_AFTER;
		return;
	}
	if (any_bit(m, KBIT(K_PROJECT)) && ft->content) {
		/* a second 项目名称: the next form, its title lost (its year the
		 * document's, as the form before it) */
		int year = ft->year;
		form_finish(ft);
		form_reset(ft, i);
		ft->year = year;
		ft->t = choose(ft, i);
		ft->head = K_PROJECT;
		ft->head_row = t->row;
		ft->head_pair = false;
		ft->saw_project = true;
		return;
	}
	if (ft->st == ST_AFTER && !any_bit(m, CLOSING_BITS))
		return;
	if (any_bit(m, CLOSING_BITS) && (ft->st == ST_IND || ft->st == ST_AFTER)) {
		ind_finish(ft);
		ft->st = ST_AFTER;
		ft->closing = any_bit(m, KBIT(K_CLOSING_CONCLUSION)) ? K_CLOSING_CONCLUSION
			      : any_bit(m, KBIT(K_CLOSING_PROBLEMS)) ? K_CLOSING_PROBLEMS
								     : K_CLOSING_IMPROVEMENTS;
		return;
	}
	if (any_bit(m, KBIT(K_TOTAL)) && (ft->st == ST_IND || ft->f.n_ind)) {
		ind_finish(ft);
		ft->total_open = true;
		ft->total_vals = 0;
		ft->total_row = t->row;
		ft->f.has_total = true;
		ft->f.total_line = t->line;
		return;
	}
	/* the indicator table */
	/* a header word only the indicator table has (自评分, 年度指标值) opens
	 * it too, once the form has begun; 分值 and 得分 are the fund table's
	 * as long as it lasts */
	bool ind_only_header = any_bit(m, HDR_BITS) && !any_bit(m, FUND_COL_BITS) &&
			       (ft->st == ST_FUNDS || ft->st == ST_GOAL);
	if (ft->st == ST_IND || ind_only_header ||
	    any_bit(m, KBIT(K_IND_BLOCK) | KBIT(K_LEVEL1) | KBIT(K_LEVEL2) | KBIT(K_HDR_LEVEL1) |
			       KBIT(K_HDR_LEVEL2) | KBIT(K_HDR_NAME))) {
		if (ft->st == ST_FUNDS && !any_bit(m, KBIT(K_IND_BLOCK) | KBIT(K_LEVEL1) | HDR_BITS | KBIT(K_LEVEL2)))
			goto funds;
		if (any_bit(m, KBIT(K_LEVEL1) | KBIT(K_LEVEL2) | HDR_BITS | KBIT(K_IND_BLOCK)) ||
		    ft->st == ST_IND) {
			enter_ind(ft, i);
			if (any_bit(m, KBIT(K_LEVEL1))) {
				ind_finish(ft);
				ft->l1 = t->raw;
				ft->l2 = NULL;
				ft->l2_fresh = false;
				ft->l1_points = 0;
				return;
			}
			if (any_bit(m, KBIT(K_LEVEL2))) {
				ind_finish(ft);
				ft->l2 = t->raw;
				ft->l2_fresh = true;
				return;
			}
			enum column c = col_of_concept(m, false);
			if (any_bit(m, KBIT(K_HDR_LEVEL1) | KBIT(K_HDR_NAME)) && ft->f.n_ind &&
			    !any_bit(ft->g->v[i - 1].mask, HDR_BITS)) {
				/* a second table's header (项目绩效 under 项目决策 and
				 * 项目管理): its own columns from here on */
				ind_finish(ft);
				ft->nicols = 0;
				ft->second_header = true;
			}
			if (ind_only_header && !ft->nicols) {
				/* 分值 just before 自评分 was this header's, not the fund table's */
				size_t b = i;
				while (b > 0 && any_bit(ft->g->v[b - 1].mask, HDR_BITS) &&
				       ft->g->v[b - 1].row == t->row)
					b--;
				for (; b < i && ft->nicols < TPL_MAX_COLS; b++) {
					enum column pc = col_of_concept(ft->g->v[b].mask, false);
					if (pc != COL_NONE && !has_col(ft->icols, ft->nicols, pc))
						ft->icols[ft->nicols++] = pc;
				}
			}
			if (any_bit(m, HDR_BITS) && (!ft->f.n_ind || ft->second_header)) {
				if (c != COL_NONE && ft->nicols < TPL_MAX_COLS &&
				    !(c != COL_SKIP && has_col(ft->icols, ft->nicols, c)))
					ft->icols[ft->nicols++] = c;
				ft->stream = stream_table(ft->g, i + 1);
				return;
			}
			if (any_bit(m, HDR_BITS | KBIT(K_IND_BLOCK)))
				return; /* a header repeated on the next page */
			if (any_bit(m, HEAD_BITS | FUND_ROW_BITS | FUND_COL_BITS | GOAL_BITS)) {
				/* a label word as a cell of a row (a value); never a row of
				 * its own (预算执行率 under the Hebei table) */
				if (ft->cur && t->row == ft->cur_row)
					ind_content(ft, t);
				return;
			}
			return;
		}
	}
	/* 资金管理情况: each row's label, then its 情况说明 and 存在问题 */
	if (any_bit(m, KBIT(K_MGMT_BLOCK) | KBIT(K_MGMT_ITEM)) && ft->st != ST_IND) {
		if (ft->st == ST_FUNDS)
			fund_flush(ft);
		ft->st = ST_MGMT;
		ft->f.has_mgmt = true;
		ft->mgmt_row = t->row;
		ft->mgmt_cells = 0;
		ft->mgmt_open = ft->mgmt_glue = false;
		if (any_bit(m, KBIT(K_MGMT_ITEM))) {
			if (ft->f.n_mgmt == FLAT_MAX_MGMT) {
				unparsed(ft, t->line, "资金管理情况超过 %d 行，「%s」未读取", FLAT_MAX_MGMT, t->raw);
				ft->f.extras_cut = true;
				return;
			}
			struct flat_mgmt *mg = &ft->f.mgmt[ft->f.n_mgmt++];
			memset(mg, 0, sizeof *mg);
			mg->label = t->raw;
			mg->line = t->line;
			ft->mgmt_open = true;
		}
		return;
	}
	/* the goal */
	if (any_bit(m, GOAL_BITS) && ft->st != ST_IND) {
		if (ft->st == ST_FUNDS)
			fund_flush(ft);
		ft->st = ST_GOAL;
		ft->goal_row = t->row;
		ft->goal_cells = 0;
		return;
	}
funds:
	if (goal_label(ft, t))
		return;
	if (ft->st == ST_MGMT && ft->mgmt_open && t->row == ft->mgmt_row) {
		mgmt_text(ft, t, true); /* a label word inside a 情况说明 (执行数与预算数一致) */
		return;
	}
	if (any_bit(m, FUND_ROW_BITS) && ft->st != ST_IND) {
		ft->st = ST_FUNDS;
		ft->last_col = -1;
		bool split = any_bit(m, SPLIT_BITS);
		fund_open(ft, t, split ? -1 : fund_kind_of(m));
		if (split) {
			struct fund_acc *acc = &ft->pend[ft->npend - 1];
			acc->split = any_bit(m, KBIT(K_ROW_SOURCE)) ? 1
				     : any_bit(m, KBIT(K_ROW_INCOME) | KBIT(K_ROW_INCOME_HEAD)) ? 2 : 3;
			acc->heading = any_bit(m, KBIT(K_ROW_INCOME_HEAD) | KBIT(K_ROW_EXPENSE_HEAD));
		}
		return;
	}
	if (any_bit(m, FUND_COL_BITS) && (ft->st == ST_FUNDS || ft->st == ST_HEAD)) {
		enum column c = col_of_concept(m, true);
		ft->st = ST_FUNDS;
		if (!has_col(ft->fcols, ft->nfcols, c) && ft->nfcols < TPL_MAX_COLS)
			ft->fcols[ft->nfcols++] = c;
		ft->last_col = (int)c;
		return;
	}
	if (any_bit(m, KBIT(K_FUND_BLOCK))) {
		ft->st = ST_FUNDS;
		ft->fund_points = t->points; /* 预算执行情况（万元）(20分): the execution's 分值 */
		return;
	}
	if (any_bit(m, HEAD_BITS)) { /* (a second 项目名称 was taken above) */
		ft->saw_project |= any_bit(m, KBIT(K_PROJECT));
		ft->saw_department |= any_bit(m, KBIT(K_DEPARTMENT));
		ft->saw_implementer |= any_bit(m, KBIT(K_IMPLEMENTER));
		ft->head = any_bit(m, KBIT(K_PROJECT)) ? K_PROJECT
			   : any_bit(m, KBIT(K_IMPLEMENTER)) ? K_IMPLEMENTER
			   : any_bit(m, KBIT(K_DEPARTMENT)) ? K_DEPARTMENT
			   : any_bit(m, KBIT(K_YEAR_LABEL)) ? K_YEAR_LABEL : K_SKIPLABEL;
		ft->head_row = t->row;
		ft->head_pair = strchr(t->sq, '/') != NULL;
	}
}


/*
 * Is the value at i one of label/value pairs (预算数 6.84 到位数 6.84 执行数
 * 6.84 100.00) rather than a row of values after a header's last label?
 * A label follows it, or it alternates with labels: value, label, it.
 */
static bool alone(const struct grid *g, size_t i)
{
	if (i + 1 == g->n || g->v[i + 1].mask)
		return true;
	return i >= 2 && g->v[i - 1].mask && !g->v[i - 2].mask && is_value(g->v[i - 2].sq);
}

static void on_content(struct fitter *ft, size_t i)
{
	const struct tok *t = &ft->g->v[i];
	int y;
	if (!ft->year && ft->st == ST_HEAD && year_from(t->sq, &y))
		ft->year = y;
	if (ft->head == K_TOTAL_DECLARED) {
		struct num_view nv = view(t->sq);
		if (nv.number) {
			ft->f.total_declared = arena_strndup(ft->a, t->sq, strspn(t->sq, "0123456789."));
			ft->f.has_total = true;
			ft->f.total_line = t->line;
		}
		ft->head = K__COUNT;
		return;
	}
	if (ft->head != K__COUNT) {
		if (t->row <= ft->head_row + 1)
			head_value(ft, t);
		ft->head = K__COUNT;
		return;
	}
	if (ft->total_open) {
		if (is_value(t->sq) && t->row <= ft->total_row + 1) {
			total_value(ft, t);
			return;
		}
		ft->total_open = false;
		ft->st = ST_AFTER;
	}
	if (ft->closing != K__COUNT) {
		closing_text(ft, t);
		return;
	}
	if ((ft->st == ST_FUNDS || ft->st == ST_IND) && letters_for_digits(t->sq))
		unparsed(ft, t->line, "「%s」疑似 OCR 把数字读成字母（O、l、I），按原文保留、不作数值，请核对原表", t->raw);
	/* a title-less text's cells before any label: kept for the table */
	if (ft->st == ST_HEAD && !ft->titled && !ft->content && !ft->saw_project &&
	    ft->npre < (int)(sizeof ft->pre / sizeof ft->pre[0]) && ft->rowlen[t->row] >= 3)
		ft->pre[ft->npre++] = i;
	switch (ft->st) {
	case ST_FUNDS:
		if (is_value(t->sq) || digit_run(t->sq) || letters_for_digits(t->sq))
			fund_value(ft, t, alone(ft->g, i));
		else if (t->run && strchr(t->raw, ' '))
			fund_values_spaced(ft, t);
		break;
	case ST_MGMT:
		mgmt_text(ft, t, false);
		break;
	case ST_GOAL:
		goal_text(ft, t);
		break;
	case ST_IND:
		ft->second_header = false;
		if (ft->skip_text)
			break;
		{
			/* (50分) alone: the 一级指标 cell with its name lost */
			int pts = 0;
			const char *s = t->sq;
			if (s[0] == '(' && (pts = atoi(s + 1)) > 0 && pts <= 100 &&
			    str_ends(s, "分)") && strspn(s + 1, "0123456789") + 5 == strlen(s)) {
				ind_finish(ft);
				ft->l1 = NULL;
				ft->l2 = NULL;
				ft->l2_fresh = false;
				ft->l1_points = pts;
				break;
			}
		}
		if (run_cell(ft, t)) {
			run_add(ft, t);
			break;
		}
		run_flush(ft);
		ind_content(ft, t);
		break;
	default:
		break;
	}
}

/* The layout a grid's text had, as the JSON names it: pipes, OCR run
 * together, one cell per line, or cells split by spaces. */
static enum jx_layout grid_layout(const struct grid *g)
{
	size_t run = 0;
	for (size_t i = 0; i < g->n; i++)
		run += g->v[i].run;
	if (g->pipes)
		return JX_LAYOUT_PIPE;
	if (run * 2 > g->n)
		return JX_LAYOUT_ONELINE;
	if ((size_t)g->rows * 10 >= g->n * 7)
		return JX_LAYOUT_PARAGRAPH;
	return JX_LAYOUT_SPACE;
}

/* The year of a title: in it, or in the cells just after it, split by the
 * spaces of ( 2021 年度). 0 when none. */
static int title_year(const struct grid *g, size_t i, struct arena *a)
{
	int y;
	if (year_from(g->v[i].sq, &y))
		return y;
	const char *s = "";
	for (size_t k = i + 1; k < g->n && k <= i + 4 && g->v[k].row <= g->v[i].row + 1; k++) {
		if (g->v[k].mask)
			break;
		s = arena_printf(a, "%s%s", s, g->v[k].sq);
		if (year_from(s, &y))
			return y;
	}
	return 0;
}

bool realform_parts(struct jx_ctx *ctx, const struct lexicon *lx, const struct template *forced,
		    const char *text, size_t n, const char *name, struct parts *out,
		    struct input_error *err)
{
	struct arena *a = arena_new();
	struct grid g;
	grid_build(&g, a, lx, text, n);
	struct fitter ft = {.ctx = ctx, .lx = lx, .forced = forced, .a = a, .g = &g,
			    .name = name, .err = err};
	jx_buf_init(&ft.run, 4 << 20);
	for (int k = 0; k < 5; k++)
		jx_buf_init(&ft.texts[k], 4 << 20); /* beyond, a text is cut (as the builder's) */
	ft.words = xcalloc(g.n ? g.n : 1, sizeof *ft.words);
	ft.rowlen = xcalloc((size_t)g.rows + 2, sizeof *ft.rowlen);
	for (size_t i = 0; i < g.n; i++)
		ft.rowlen[g.v[i].row]++;
	for (size_t i = 0; i < g.n; i++)
		lexicon_words_in(lx, g.v[i].sq, &ft.words[i]);
	/* the builder reads the part as tab rows; the form reports the text's layout */
	ft.part = parts_add(out, name, JX_LAYOUT_TAB);
	ft.part->marks = true; /* its unread and absent cells are marked (input.h) */
	ft.layout = grid_layout(&g);
	size_t before = 0;
	form_reset(&ft, 0);
	ft.t = choose(&ft, 0);
	for (size_t i = 0; i < g.n && !ft.failed; i++) {
		const struct tok *t = &g.v[i];
		if (t->near)
			reconstructed(&ft, t->line, "「%s」按「%s」读（相差一个字，疑似 OCR 把形近字读错），请核对原表", t->raw,
			     t->near);
		if (title_token(lx, t) && (!t->mask || ft.st == ST_HEAD)) {
			if (ft.content)
				form_finish(&ft);
			/* a title before anything was read starts the form afresh:
			 * what came before was the page around it */
			form_reset(&ft, i);
			ft.from = i;
			ft.titled = true;
			ft.f.line = t->line;
			ft.t = choose(&ft, i);
			ft.year = title_year(&g, i, a);
			continue;
		}
		if (t->mask)
			on_label(&ft, i);
		else
			on_content(&ft, i);
	}
	if (!ft.failed)
		form_finish(&ft);
	bool any = ft.part->text.n > before;
	if (!any || ft.failed) { /* nothing of it is handed on */
		struct part *p = &out->v[--out->n];
		jx_buf_release(&p->text);
		free(p->map);
		free(p->tpl);
		free(p->name);
	}
	free(ft.words);
	free(ft.rowlen);
	jx_buf_release(&ft.run);
	for (int k = 0; k < 5; k++)
		jx_buf_release(&ft.texts[k]);
	grid_free(&g);
	arena_free(a);
	return any && !ft.failed;
}
