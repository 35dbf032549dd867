/*
 * layout_stream.c: layouts that lost the table's rows, where only the order
 * of the cells is left (SPEC §2.3, §2.6):
 *
 *   cells      one cell per line, each ending " |" (a line that does not
 *              continues the cell; a line of just "|" is an empty cell);
 *   paragraph  one cell per paragraph (blank lines between cells);
 *   space      cells split by runs of two or more spaces, a row wrapping to
 *              the next line when a long cell pushes the numbers there;
 *   oneline    the whole form on one line, cells split by single spaces
 *              (best effort: a cell holding a space is split too).
 *
 * Merged cells are simply absent, and so (except in `cells`) are empty ones.
 * The rows are recovered from the grammar of the form: a section label is
 * followed by its header labels, then by rows whose shape the header gives.
 * Fund rows are a label and up to one value per header column; when values
 * are missing the 执行率 (the only value with %) anchors the others, placed
 * so that 执行数 / 预算数 gives that rate.  Indicator rows are [一级] [二级]
 * then one cell per remaining column, the 分值 and 得分 cells numbers;
 * whether a text after 得分 is the row's 偏差原因 or the next indicator's
 * name is decided by which reading lets more rows parse after it.  What fits
 * nowhere is reported and not placed; where two readings remain, the one
 * taken is reported for the user to check.
 *
 * The tokens of a form are kept until its end (the next title or the end of
 * input), then turned into rows in the tab layout for the form builder.
 */
#include "arena.h"
#include "dec.h"
#include "read.h"
#include "text.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* A form of more than this many cells or bytes is read in pieces. */
enum { MAX_TOKENS = 100000, MAX_TOKEN_BYTES = 16 << 20, KEY_MAX = 96, MAX_LONG = 8 };

enum kind {
	K_TEXT, K_TITLE, K_YEAR, K_PAGE, K_PROJECT, K_DEPT, K_IMPL, K_FUNDS, K_FUNDROW,
	K_GOAL, K_IND, K_L1, K_L2, K_TOTAL, K_CLOSING
};

struct token {
	size_t off, len;   /* raw text in st->text */
	unsigned long line;
	enum kind kind;
	char key[KEY_MAX]; /* squeezed, simplified: for matching */
};

struct stream {
	enum jx_layout layout;
	struct token *tok;
	size_t n, cap;
	struct jx_buf text;    /* raw token texts, back to back */
	struct jx_buf pending; /* cells/paragraph: a cell spanning lines */
	unsigned long pending_line;
	bool pending_open;
	struct jx_buf row;     /* the row being emitted */
	bool overflow_reported;
	bool line_cells;       /* paragraph layout without blank lines: a cell per line */
	bool has_total;        /* a 总分 among the tokens: the form is complete */
	unsigned long long_lines[8]; /* lines over LINE_MAX_BYTES, skipped */
	size_t nlong;
};

/* ---- tokens ------------------------------------------------------------------ */

static const char *tok_text(const struct stream *st, const struct token *t)
{
	return st->text.p ? st->text.p + t->off : "";
}

/* "(2023年度)", "2023年度", "（2023 年度）": a year on its own, not a name
 * that starts with one (2023年度党建经费). */
static bool is_year_line(const char *k)
{
	const char *p = strstr(k, "年度");
	const char *after = p + strlen("年度");
	return p && (!*after || !strcmp(after, ")") || !strcmp(after, "）"));
}

static enum kind classify(const char *k)
{
	size_t n = strlen(k);
	int year;
	if (!n)
		return K_TEXT;
	if (is_title_text(k))
		return K_TITLE;
	if (n < 24 && year_from(k, &year) && is_year_line(k))
		return K_YEAR;
	struct dec d;
	if (is_page_marker(k) && !dec_parse(k, &d)) /* a bare number is a value here */
		return K_PAGE;
	if (n > 60)
		return K_TEXT;
	if (str_starts(k, "项目名称"))
		return K_PROJECT;
	if (str_starts(k, "主管部门"))
		return K_DEPT;
	if (str_starts(k, "实施单位"))
		return K_IMPL;
	if (str_starts(k, "项目资金") || str_starts(k, "预算执行情况"))
		return K_FUNDS;
	if (n <= 45 && fund_kind(k) >= 0)
		return K_FUNDROW;
	if (n <= 30 && str_has(k, "总体目标"))
		return K_GOAL;
	if (str_starts(k, "绩效指标"))
		return K_IND;
	if (is_level1_name(k))
		return K_L1;
	if (is_level2_name(k))
		return K_L2;
	if (!strcmp(k, "总分") || !strcmp(k, "合计") || !strcmp(k, "总计"))
		return K_TOTAL;
	if (closing_label(k) != CLOSING_NONE || is_overview_label(k))
		return K_CLOSING;
	return K_TEXT;
}

static void make_key(const char *p, size_t n, char *key)
{
	if (script_is_traditional(p, n)) {
		char *s = script_to_simplified(p, n);
		if (s) {
			text_norm_buf(s, strlen(s), key, KEY_MAX);
			free(s);
			return;
		}
	}
	text_norm_buf(p, n, key, KEY_MAX);
}

static void parse_tokens(struct stream *st, struct layout *lay);
static void report_long_lines(struct stream *st, struct layout *lay);

static void add_token(struct stream *st, struct layout *lay, const char *p, size_t n,
		      unsigned long line)
{
	while (n && (*p == ' ' || *p == '\t')) /* trim */
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (st->n == MAX_TOKENS || st->text.n + n + 1 > MAX_TOKEN_BYTES) {
		if (!st->overflow_reported)
			layout_report(lay, line, "一张表超过 %d 格或 %d 字节，从第 %lu 行起分段读取",
				      MAX_TOKENS, MAX_TOKEN_BYTES, line);
		st->overflow_reported = true;
		parse_tokens(st, lay); /* the tokens so far; the open cell stays open */
	}
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 256;
		st->tok = xrealloc(st->tok, st->cap * sizeof *st->tok);
	}
	char key[KEY_MAX];
	make_key(p, n, key);
	enum kind kind = classify(key);
	if (kind == K_TITLE && st->has_total) {
		/* the form before is complete: out with it (a title before
		 * its 总分 is a running page header, kept in the stream) */
		parse_tokens(st, lay);
		report_long_lines(st, lay);
	}
	struct token *t = &st->tok[st->n++];
	t->off = st->text.n;
	t->len = n;
	t->line = line;
	jx_buf_add(&st->text, p, n);
	jx_buf_add(&st->text, "", 1); /* NUL */
	memcpy(t->key, key, KEY_MAX);
	t->kind = kind;
	st->has_total |= kind == K_TOTAL;
}

/* ---- rows out ------------------------------------------------------------------ */

static void row_cell(struct stream *st, const char *p, size_t n, bool first)
{
	if (!first)
		jx_buf_add(&st->row, "\t", 1);
	for (size_t i = 0; i < n; i++) /* a TAB inside a cell would split it */
		jx_buf_add(&st->row, p[i] == '\t' ? " " : &p[i], 1);
}

/* Emit cells[0..n) (NULL = an empty cell) as one row. */
static void emit(struct stream *st, struct layout *lay, const struct token *const *cells,
		 int n, unsigned long line)
{
	unsigned long lines[ROW_CELL_LINES];
	jx_buf_reset(&st->row);
	for (int i = 0; i < n; i++) {
		const struct token *t = cells[i];
		row_cell(st, t ? tok_text(st, t) : "", t ? t->len : 0, i == 0);
		if (t && !line)
			line = t->line;
		if (i < ROW_CELL_LINES)
			lines[i] = t ? t->line : 0;
	}
	layout_emit_lines(lay, st->row.p ? st->row.p : "", st->row.n, line, lines,
			  n < ROW_CELL_LINES ? n : ROW_CELL_LINES);
}

/* ---- the grammar ------------------------------------------------------------------- */

enum { MAX_COLS = 24 };

enum role { R_L1, R_L2, R_NAME, R_OP, R_TARGET, R_UNIT, R_ACTUAL, R_WEIGHT, R_SCORE, R_REASON,
	    R_OTHER };

static enum role ind_role(const char *k)
{
	if (str_has(k, "一级指标")) return R_L1;
	if (str_has(k, "二级指标")) return R_L2;
	if (str_has(k, "三级指标")) return R_NAME;
	if (str_has(k, "指标性质")) return R_OP;
	if (str_has(k, "度量单位") || str_has(k, "计量单位")) return R_UNIT;
	if (str_has(k, "指标值")) return R_TARGET;
	if (str_has(k, "完成值") || str_has(k, "实际值")) return R_ACTUAL;
	if (str_has(k, "分值") || str_has(k, "权重")) return R_WEIGHT;
	if (str_has(k, "得分")) return R_SCORE;
	if (str_has(k, "原因") || str_has(k, "改进措施")) return R_REASON;
	return R_OTHER;
}

static bool is_fund_col(const char *k)
{
	static const char *const cols[] = {"年初", "预算数", "执行数", "执行率", "分值", "权重",
					   "得分", "原因", NULL};
	return strlen(k) <= 45 && str_has_any(k, cols);
}

/* A 分值/得分 cell: a number, empty, or 无/—. */
static bool numberish(const struct token *t)
{
	struct dec d;
	return !t->key[0] || value_is_na(t->key) || dec_parse(t->key, &d);
}

struct parser {
	struct stream *st;
	struct layout *lay;
	const struct token *t;
	size_t n, i;
	/* the indicator table's header */
	enum role role[MAX_COLS];
	int ncols;
	int body[MAX_COLS], nbody; /* column indices after 一级/二级 */
	int need;                  /* body cells a row must have (偏差原因 optional) */
	int l1col, l2col;
};

/* Empty cells right after a section label pad its merged header cell. */
static void skip_empty(struct parser *ps)
{
	while (ps->i < ps->n && !ps->t[ps->i].key[0] && ps->t[ps->i].kind == K_TEXT)
		ps->i++;
}

static bool ends_ind(enum kind k)
{
	return k == K_TOTAL || k == K_CLOSING || k == K_TITLE || k == K_IND;
}

/*
 * At a title inside the indicator rows: the page's running header (title,
 * year, page number) when indicator rows follow it, skipped; the next form
 * when its 项目名称 follows.  Returns true when it skipped.
 */
static bool skip_running_header(struct parser *ps)
{
	size_t j = ps->i;
	if (ps->t[j].kind != K_TITLE)
		return false;
	while (j < ps->n && (ps->t[j].kind == K_TITLE || ps->t[j].kind == K_YEAR ||
			     ps->t[j].kind == K_PAGE))
		j++;
	if (j == ps->n || ps->t[j].kind == K_PROJECT || ps->t[j].kind == K_DEPT ||
	    ps->t[j].kind == K_FUNDS)
		return false;
	ps->i = j;
	return true;
}

/* Do the tokens from j on make an indicator row? */
static bool fits(const struct parser *ps, size_t j)
{
	if (j < ps->n && ps->t[j].kind == K_L1)
		j++;
	if (j < ps->n && ps->t[j].kind == K_L2)
		j++;
	if (j + (size_t)ps->need > ps->n)
		return false;
	bool na_row = false; /* 无 as the name: a not-applicable row, 无 everywhere */
	for (int b = 0; b < ps->need; b++) {
		const struct token *t = &ps->t[j + (size_t)b];
		if (ps->role[ps->body[b]] == R_NAME)
			na_row = !t->key[0] || value_is_na(t->key);
	}
	for (int b = 0; b < ps->need; b++) {
		const struct token *t = &ps->t[j + (size_t)b];
		if (ends_ind(t->kind) || t->kind == K_L1 || t->kind == K_L2)
			return false;
		enum role r = ps->role[ps->body[b]];
		if ((r == R_WEIGHT || r == R_SCORE) &&
		    (!numberish(t) || (value_is_na(t->key) && !na_row)))
			return false; /* 分值 无 beside a real indicator is no reading */
	}
	return true;
}

/* Is the text after a row's 得分 more like a reason than a name? */
static bool reason_like(const struct token *t)
{
	static const char *const marks[] = {"，", "。", "；", "因", "由于", "原因", "措施", NULL};
	return t->len > 36 || str_has_any(t->key, marks);
}

/* Tokens from j that can follow a complete row as its 偏差原因. */
static bool reason_candidate(const struct parser *ps, size_t j)
{
	return j < ps->n && !ends_ind(ps->t[j].kind) && ps->t[j].kind != K_L1 &&
	       ps->t[j].kind != K_L2 && ps->t[j].kind != K_PAGE;
}

/* Rows that parse one after another from j (at most `limit`). */
static int chain(const struct parser *ps, size_t j, int limit);

/*
 * Is the token at j, right after a row's 得分, that row's 偏差原因?  When
 * only one reading lets the next row fit, that one.  When both do, the
 * reading under which more rows parse after it; when that ties too, the
 * text's look decides and (if `say`) the choice is reported.
 */
static bool takes_reason(const struct parser *ps, size_t j, bool say)
{
	if (!reason_candidate(ps, j))
		return false;
	if (j + 1 >= ps->n || ends_ind(ps->t[j + 1].kind))
		return true; /* the last row's reason */
	bool here = fits(ps, j), after = fits(ps, j + 1);
	if (here != after)
		return after;
	if (!here)
		return true; /* fits nowhere: the row's own text */
	int a = chain(ps, j + 1, 4), b = chain(ps, j, 4);
	if (a != b)
		return a > b;
	bool take = reason_like(&ps->t[j]);
	if (say) {
		char ex[96];
		text_excerpt(tok_text(ps->st, &ps->t[j]), 20, ex, sizeof ex);
		layout_report(ps->lay, ps->t[j].line,
			      "第 %lu 行「%s」既可能是上一项指标的偏差原因，也可能是下一项指标的名称：按%s读取，请核对",
			      ps->t[j].line, ex, take ? "偏差原因" : "指标名称");
	}
	return take;
}

static int chain(const struct parser *ps, size_t j, int limit)
{
	int rows = 0;
	while (rows < limit && fits(ps, j)) {
		if (j < ps->n && ps->t[j].kind == K_L1)
			j++;
		if (j < ps->n && ps->t[j].kind == K_L2)
			j++;
		j += (size_t)ps->need;
		rows++;
		if (ps->nbody > ps->need && reason_candidate(ps, j)) {
			/* decide as takes_reason would, without looking further */
			bool here = fits(ps, j), after = fits(ps, j + 1);
			if (here != after ? after : !here || reason_like(&ps->t[j]))
				j++;
		}
	}
	return rows;
}

static void ind_rows(struct parser *ps)
{
	const struct token *cells[MAX_COLS + 1];
	bool has_reason = ps->nbody > ps->need;
	while (ps->i < ps->n && (!ends_ind(ps->t[ps->i].kind) || skip_running_header(ps))) {
		size_t i = ps->i;
		if (ps->t[i].kind == K_PAGE) {
			ps->i++;
			continue;
		}
		if (!fits(ps, i)) {
			/* skip to where a row fits again, and say what was skipped */
			size_t j = i + 1;
			while (j < ps->n && !ends_ind(ps->t[j].kind) && !fits(ps, j))
				j++;
			char ex[128];
			text_excerpt(tok_text(ps->st, &ps->t[i]), 30, ex, sizeof ex);
			layout_report(ps->lay, ps->t[i].line,
				      "第 %lu 行起的 %zu 格（「%s」…）无法按绩效指标表的列对齐，未读取",
				      ps->t[i].line, j - i, ex);
			ps->i = j;
			continue;
		}
		for (int c = 0; c <= ps->ncols; c++)
			cells[c] = NULL;
		if (ps->t[i].kind == K_L1)
			cells[1 + ps->l1col] = &ps->t[i++];
		if (ps->t[i].kind == K_L2)
			cells[1 + ps->l2col] = &ps->t[i++];
		for (int b = 0; b < ps->need; b++)
			cells[1 + ps->body[b]] = &ps->t[i++];
		if (has_reason && takes_reason(ps, i, true))
			cells[1 + ps->body[ps->nbody - 1]] = &ps->t[i++];
		emit(ps->st, ps->lay, cells, ps->ncols + 1, 0);
		ps->i = i;
	}
}

static void ind_header(struct parser *ps)
{
	const struct token *cells[MAX_COLS + 1];
	cells[0] = &ps->t[ps->i++];
	ps->ncols = ps->nbody = 0;
	ps->l1col = ps->l2col = -1;
	skip_empty(ps);
	while (ps->i < ps->n && ps->ncols < MAX_COLS) {
		const struct token *t = &ps->t[ps->i];
		enum role r = strlen(t->key) <= 45 ? ind_role(t->key) : R_OTHER;
		if (r == R_OTHER || t->kind == K_L1)
			break;
		ps->role[ps->ncols] = r;
		cells[1 + ps->ncols] = t;
		if (r == R_L1)
			ps->l1col = ps->ncols;
		else if (r == R_L2)
			ps->l2col = ps->ncols;
		else
			ps->body[ps->nbody++] = ps->ncols;
		ps->ncols++;
		ps->i++;
	}
	emit(ps->st, ps->lay, cells, ps->ncols + 1, 0);
	ps->need = ps->nbody;
	if (ps->nbody && ps->role[ps->body[ps->nbody - 1]] == R_REASON)
		ps->need--; /* an empty 偏差原因 is often left out */
	if (ps->l1col < 0 || ps->l2col < 0 || ps->need < 3) {
		layout_report(ps->lay, cells[0]->line,
			      "绩效指标表头不完整（%d 列），其下各行无法按列读取", ps->ncols);
		return;
	}
	ind_rows(ps);
}

/* executed / budget agrees with the rate (in %) within half a point. */
static bool rate_fits(const struct token *budget, const struct token *executed,
		      const struct token *rate)
{
	struct dec b, e, r;
	if (!budget || !executed || !rate || !number_text(budget->key, &b) ||
	    !number_text(executed->key, &e) || !number_text(rate->key, &r) || b.m <= 0)
		return false;
	/* |e/b × 100 − r| ≤ 0.5  ⇔  |200·e − 2·r·b| ≤ b, all scaled to one exponent */
	int s = b.s > e.s ? b.s : e.s;
	s = s > r.s ? s : r.s;
	i128 bb = b.m, ee = e.m, rr = r.m;
	for (int k = b.s; k < s; k++) bb *= 10;
	for (int k = e.s; k < s; k++) ee *= 10;
	for (int k = r.s; k < s; k++) rr *= 10;
	i128 scale = 1;
	for (int k = 0; k < s; k++) scale *= 10;
	i128 diff = 200 * ee * scale - 2 * rr * bb;
	return (diff < 0 ? -diff : diff) <= bb * scale;
}

static bool all_na_from(const struct token *const *vals, int from, int nv)
{
	for (int v = from; v < nv; v++)
		if (vals[v]->key[0] && !value_is_na(vals[v]->key))
			return false;
	return true;
}

/*
 * Values after a fund row's label, under the header's columns.  When there
 * are fewer values than columns (empty cells vanish in these layouts), the
 * % value sits under 执行率 and the values before it are placed so that
 * 执行数 / 预算数 gives that rate; when no placement or several do, they are
 * read from the left and the row is reported.
 */
static void fund_row(struct parser *ps, char (*hdr)[KEY_MAX], int nh)
{
	const struct token *cells[3 + MAX_COLS];
	const struct token *vals[MAX_COLS];
	int nv = 0;
	const struct token *label = &ps->t[ps->i++];
	while (ps->i < ps->n && ps->t[ps->i].kind == K_TEXT && nv < nh)
		vals[nv++] = &ps->t[ps->i++];
	for (int c = 0; c < 3 + nh; c++)
		cells[c] = NULL;
	cells[1] = label;
	int rate_col = -1, rate_val = -1, bcol = -1, ecol = -1;
	for (int c = 0; c < nh; c++) {
		if (str_has(hdr[c], "执行率"))
			rate_col = c;
		else if (str_has(hdr[c], "执行数"))
			ecol = c;
		else if (str_has(hdr[c], "预算数") && !str_has(hdr[c], "年初"))
			bcol = c;
	}
	for (int v = 0; v < nv; v++)
		if (str_ends(vals[v]->key, "%"))
			rate_val = v;
	bool guessed = false;
	if (nv == nh) {
		for (int v = 0; v < nv; v++)
			cells[3 + v] = vals[v];
	} else if (rate_col >= 0 && rate_val >= 0 && rate_val <= rate_col &&
		   nv - rate_val <= nh - rate_col) {
		for (int v = rate_val; v < nv; v++)
			cells[3 + rate_col + (v - rate_val)] = vals[v];
		int missing = rate_col - rate_val, fits = 0, at = -1;
		if (missing == 0) {
			for (int v = 0; v < rate_val; v++)
				cells[3 + v] = vals[v];
		} else if (missing == 1 && bcol >= 0 && ecol >= 0) {
			for (int skip = 0; skip < rate_col; skip++) { /* the empty column */
				const struct token *col[MAX_COLS] = {NULL};
				for (int v = 0, c = 0; v < rate_val; v++, c++)
					col[c += c == skip] = vals[v];
				if (rate_fits(col[bcol], col[ecol], vals[rate_val]))
					fits++, at = skip;
			}
		}
		if (missing > 0) {
			guessed = fits != 1;
			for (int v = 0, c = 0; v < rate_val; v++, c++)
				cells[3 + (c += !guessed && c == at)] = vals[v];
		}
	} else {
		for (int v = 0; v < nv; v++)
			cells[3 + v] = vals[v];
		/* 3 3 0.22792 — — (every amount, then dashes for what a
		 * sub-row does not have) or dashes alone is no guess */
		int namt = 0, k = 0;
		for (int c = 0; c < nh; c++)
			namt += str_has(hdr[c], "预算") || str_has(hdr[c], "执行数") ||
				str_has(hdr[c], "年初");
		while (k < nv && vals[k]->key[0] && !value_is_na(vals[k]->key))
			k++;
		guessed = !((k == 0 || k == namt) && all_na_from(vals, k, nv));
	}
	emit(ps->st, ps->lay, cells, 3 + nh, label->line);
	if (guessed) {
		char ex[96];
		text_excerpt(tok_text(ps->st, label), 20, ex, sizeof ex);
		layout_report(ps->lay, label->line,
			      "资金行「%s」有 %d 个值而表头有 %d 列，无法确定哪一列为空：按从左到右读取，请核对",
			      ex, nv, nh);
	}
}

static void funds(struct parser *ps)
{
	const struct token *cells[3 + MAX_COLS];
	char hdr[MAX_COLS][KEY_MAX];
	int nh = 0;
	cells[0] = &ps->t[ps->i++];
	cells[1] = cells[2] = NULL;
	skip_empty(ps);
	while (ps->i < ps->n && nh < MAX_COLS && ps->t[ps->i].kind == K_TEXT &&
	       is_fund_col(ps->t[ps->i].key)) {
		memcpy(hdr[nh], ps->t[ps->i].key, KEY_MAX);
		cells[3 + nh++] = &ps->t[ps->i++];
	}
	emit(ps->st, ps->lay, cells, 3 + nh, 0);
	while (ps->i < ps->n && (ps->t[ps->i].kind == K_FUNDROW || ps->t[ps->i].kind == K_PAGE)) {
		if (ps->t[ps->i].kind == K_PAGE) {
			ps->i++;
			continue;
		}
		fund_row(ps, hdr, nh);
	}
}

static void goal(struct parser *ps)
{
	const struct token *cells[4] = {&ps->t[ps->i++], NULL, NULL, NULL};
	int nh = 1;
	skip_empty(ps);
	while (ps->i < ps->n && nh < 3 && ps->t[ps->i].kind == K_TEXT &&
	       (str_has(ps->t[ps->i].key, "预期目标") || str_has(ps->t[ps->i].key, "实际完成")) &&
	       strlen(ps->t[ps->i].key) <= 30)
		cells[nh++] = &ps->t[ps->i++];
	emit(ps->st, ps->lay, cells, nh, 0);
	size_t from = ps->i;
	while (ps->i < ps->n && (ps->t[ps->i].kind == K_TEXT || ps->t[ps->i].kind == K_PAGE))
		ps->i++;
	size_t k = 0;
	const struct token *texts[2] = {NULL, NULL};
	for (size_t j = from; j < ps->i; j++)
		if (ps->t[j].kind == K_TEXT && k++ < 2)
			texts[k - 1] = &ps->t[j];
	if (k > 2 || (k == 1 && nh == 3))
		layout_report(ps->lay, ps->t[from].line,
			      "年度总体目标有 %zu 段文字，与表头的 %d 列对不上：只读取%s", k, nh - 1,
			      k > 2 ? "前两段（预期目标、实际完成情况），其余未读取" : "这一段，作为预期目标");
	const struct token *row[3] = {NULL, texts[0], texts[1]};
	if (k)
		emit(ps->st, ps->lay, row, 3, 0);
}

/* A label and the value after it, unless the next token is a label too. */
static void label_value(struct parser *ps, const struct token **cells, int *nc)
{
	cells[(*nc)++] = &ps->t[ps->i++];
	if (ps->i < ps->n && (ps->t[ps->i].kind == K_TEXT || ps->t[ps->i].kind == K_YEAR))
		cells[(*nc)++] = &ps->t[ps->i++];
	else
		cells[(*nc)++] = NULL;
}

static void parse(struct stream *st, struct layout *lay)
{
	struct parser ps = {.st = st, .lay = lay, .t = st->tok, .n = st->n};
	const struct token *cells[8];
	/* 成本指标 is second-level under 产出指标 (10号) and first-level in the
	 * 2021 framework, where second-level 经济成本指标 etc. follow it */
	for (size_t i = 0; i < st->n; i++)
		if (st->tok[i].kind == K_L1 && is_level2_name(st->tok[i].key) &&
		    (i + 1 == st->n || st->tok[i + 1].kind != K_L2))
			st->tok[i].kind = K_L2;
	while (ps.i < ps.n) {
		const struct token *t = &ps.t[ps.i];
		int nc = 0;
		switch (t->kind) {
		case K_PROJECT:
		case K_IMPL:
			label_value(&ps, cells, &nc);
			emit(st, lay, cells, nc, 0);
			break;
		case K_DEPT:
			label_value(&ps, cells, &nc);
			if (ps.i < ps.n && ps.t[ps.i].kind == K_IMPL)
				label_value(&ps, cells, &nc);
			emit(st, lay, cells, nc, 0);
			break;
		case K_FUNDS:
			funds(&ps);
			break;
		case K_GOAL:
			goal(&ps);
			break;
		case K_IND:
			ind_header(&ps);
			break;
		case K_TOTAL:
			cells[nc++] = &ps.t[ps.i++];
			while (ps.i < ps.n && nc < 3 && ps.t[ps.i].kind == K_TEXT && numberish(&ps.t[ps.i]))
				cells[nc++] = &ps.t[ps.i++];
			emit(st, lay, cells, nc, 0);
			break;
		case K_CLOSING:
			cells[nc++] = &ps.t[ps.i++];
			if (ps.i < ps.n && ps.t[ps.i].kind == K_TEXT)
				cells[nc++] = &ps.t[ps.i++];
			emit(st, lay, cells, nc, 0);
			break;
		case K_TEXT: { /* text outside any section: one row per run (the
				* builder reports it), not a row per cell */
			const struct token *run[64];
			int nr = 0;
			while (ps.i < ps.n && ps.t[ps.i].kind == K_TEXT && nr < 64)
				run[nr++] = &ps.t[ps.i++];
			emit(st, lay, run, nr, 0);
			break;
		}
		default: /* a title, a year, a page marker: a row of its own */
			cells[nc++] = &ps.t[ps.i++];
			emit(st, lay, cells, nc, 0);
			break;
		}
	}
}

static void parse_tokens(struct stream *st, struct layout *lay)
{
	parse(st, lay);
	st->n = 0;
	st->has_total = false;
	jx_buf_reset(&st->text);
}

static void report_long_lines(struct stream *st, struct layout *lay)
{
	for (size_t i = 0; i < st->nlong && i < MAX_LONG; i++)
		layout_report(lay, st->long_lines[i], "该行超过 %d 字节，已跳过（其中的单元格未读取）",
			      LINE_MAX_BYTES);
	if (st->nlong > MAX_LONG)
		layout_report(lay, st->long_lines[MAX_LONG - 1],
			      "另有 %zu 行超过 %d 字节，已跳过", st->nlong - MAX_LONG, LINE_MAX_BYTES);
	st->nlong = 0;
}

static void end_pending(struct stream *st, struct layout *lay);

static void stream_flush(void *vst, struct layout *lay)
{
	struct stream *st = vst;
	end_pending(st, lay);
	parse_tokens(st, lay);
	report_long_lines(st, lay);
}

/* ---- tokenizers ------------------------------------------------------------------ */

static void pend(struct stream *st, const char *p, size_t n, unsigned long line)
{
	if (!st->pending_open) {
		st->pending_open = true;
		st->pending_line = line;
		jx_buf_reset(&st->pending);
	}
	jx_buf_add(&st->pending, p, n);
}

static void end_pending(struct stream *st, struct layout *lay)
{
	if (!st->pending_open)
		return;
	st->pending_open = false;
	add_token(st, lay, st->pending.p ? st->pending.p : "", st->pending.n, st->pending_line);
}

static bool blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

/* A line that is a cell on its own even without " |": a heading, a title, a year. */
static bool standalone(const char *p, size_t n)
{
	char key[KEY_MAX];
	make_key(p, n, key);
	enum kind k = classify(key);
	return k == K_TITLE || k == K_YEAR || k == K_PAGE || (n && p[0] == '#');
}

static void cells_feed(void *vst, struct layout *lay, const struct pline *l)
{
	struct stream *st = vst;
	size_t n = text_rtrim(l->p, l->n);
	if (!n)
		return;
	if (l->p[n - 1] == '|' && (n < 2 || l->p[n - 2] != '\\')) {
		pend(st, l->p, n - 1, l->no);
		end_pending(st, lay);
		return;
	}
	if (!st->pending_open && standalone(l->p, n)) {
		add_token(st, lay, l->p, n, l->no);
		return;
	}
	pend(st, l->p, n, l->no);
}

static void paragraph_feed(void *vst, struct layout *lay, const struct pline *l)
{
	struct stream *st = vst;
	if (blank(l->p, l->n)) {
		end_pending(st, lay);
		return;
	}
	if (st->line_cells) {
		add_token(st, lay, l->p, text_rtrim(l->p, l->n), l->no);
		return;
	}
	pend(st, l->p, text_rtrim(l->p, l->n), l->no);
}

/* A word of the space layout that is a number, a percentage or a dash. */
static bool number_word(const char *p, size_t n)
{
	char key[KEY_MAX];
	struct dec d;
	text_norm_buf(p, n, key, sizeof key);
	return number_text(key, &d) || value_is_na(key);
}

/*
 * A cell of the space layout, unless it is numbers with single spaces
 * between them ("0.22792 10"): a narrow column's neighbours, split, never
 * one number 0.2279210.
 */
static void add_numbers_or_cell(struct stream *st, struct layout *lay, const char *p,
				size_t n, unsigned long line)
{
	size_t words = 0, i = 0;
	bool all = true;
	while (i < n && all) {
		size_t s = i;
		while (i < n && p[i] != ' ')
			i++;
		all = number_word(p + s, i - s);
		words++;
		while (i < n && p[i] == ' ')
			i++;
	}
	if (words < 2 || !all) {
		add_token(st, lay, p, n, line);
		return;
	}
	for (i = 0; i < n;) {
		size_t s = i;
		while (i < n && p[i] != ' ')
			i++;
		add_token(st, lay, p + s, i - s, line);
		while (i < n && p[i] == ' ')
			i++;
	}
}

static void split_feed(struct stream *st, struct layout *lay, const struct pline *l,
		       size_t min_run)
{
	size_t i = 0, n = l->n;
	while (i < n) {
		while (i < n && (l->p[i] == ' ' || l->p[i] == '\t'))
			i++;
		size_t s = i;
		for (;;) {
			while (i < n && l->p[i] != ' ' && l->p[i] != '\t')
				i++;
			size_t run = 0;
			while (i + run < n && l->p[i + run] == ' ')
				run++;
			if (i + run < n && l->p[i + run] != '\t' && run && run < min_run) {
				i += run; /* a single space inside a cell */
				continue;
			}
			break;
		}
		if (i > s)
			add_numbers_or_cell(st, lay, l->p + s, i - s, l->no);
	}
}

static void space_feed(void *vst, struct layout *lay, const struct pline *l)
{
	split_feed(vst, lay, l, 2);
}

static void oneline_feed(void *vst, struct layout *lay, const struct pline *l)
{
	split_feed(vst, lay, l, 1);
}

/* ---- adapters ---------------------------------------------------------------------- */

static void *stream_open_as(enum jx_layout layout)
{
	struct stream *st = xcalloc(1, sizeof *st);
	st->layout = layout;
	jx_buf_init(&st->text, MAX_TOKEN_BYTES + LINE_MAX_BYTES * 2);
	jx_buf_init(&st->pending, LINE_MAX_BYTES * 2);
	jx_buf_init(&st->row, (size_t)LINE_MAX_BYTES * 4);
	return st;
}

static void *cells_open(struct layout *lay) { (void)lay; return stream_open_as(JX_LAYOUT_CELLS); }
/*
 * One cell per paragraph, or, when the form has (almost) no blank lines,
 * one cell per line without the " |" (a table pasted as plain lines); a
 * cell spanning lines cannot be told from two cells then.
 */
static void *paragraph_open(struct layout *lay)
{
	struct stream *st = stream_open_as(JX_LAYOUT_PARAGRAPH);
	int blanks = 0, lines = 0;
	for (size_t i = 0;; i++) {
		const struct pline *l = layout_peek(lay, i);
		if (!l)
			break;
		if (blank(l->p, l->n))
			blanks++;
		else
			lines++;
	}
	st->line_cells = lines >= 8 && blanks * 4 < lines;
	return st;
}
static void *space_open(struct layout *lay) { (void)lay; return stream_open_as(JX_LAYOUT_SPACE); }
static void *oneline_open(struct layout *lay) { (void)lay; return stream_open_as(JX_LAYOUT_ONELINE); }

/* A line over LINE_MAX_BYTES: its cell is lost; said after the form's rows,
 * so that the finding reaches the form it was in. */
static void stream_too_long(void *vst, struct layout *lay, unsigned long line)
{
	struct stream *st = vst;
	end_pending(st, lay);
	if (st->nlong < MAX_LONG)
		st->long_lines[st->nlong] = line;
	st->nlong++;
}

static void stream_close(void *vst)
{
	struct stream *st = vst;
	jx_buf_release(&st->text);
	jx_buf_release(&st->pending);
	jx_buf_release(&st->row);
	free(st->tok);
	free(st);
}

#define STREAM(l, name)                                                                     \
	{.layout = l, .open = name##_open, .feed = name##_feed, .flush = stream_flush,      \
	 .close = stream_close, .too_long = stream_too_long}
const struct adapter adapter_cells = STREAM(JX_LAYOUT_CELLS, cells);
const struct adapter adapter_paragraph = STREAM(JX_LAYOUT_PARAGRAPH, paragraph);
const struct adapter adapter_space = STREAM(JX_LAYOUT_SPACE, space);
const struct adapter adapter_oneline = STREAM(JX_LAYOUT_ONELINE, oneline);
