/*
 * sheet.c: a workbook's cells, whatever file format they came from (xlsx.c,
 * xls.c), turned into parts of the tab layout (input.h).  A row of text is
 * a row of the sheet, its cells the sheet's columns from the leftmost one
 * the sheet uses, so that a finding's line and cell are the sheet's own.
 */
#include "arena.h"
#include "ctx.h"
#include "input.h"
#include "read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct book *book_new(void)
{
	struct book *b = xcalloc(1, sizeof *b);
	b->a = arena_new();
	return b;
}

void book_free(struct book *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].name);
		free(b->v[i].v);
	}
	free(b->v);
	arena_free(b->a);
	free(b);
}

struct sheet *book_sheet(struct book *b, const char *name)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 8;
		b->v = xrealloc(b->v, b->cap * sizeof *b->v);
	}
	struct sheet *s = &b->v[b->n++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	return s;
}

bool sheet_put(struct book *b, struct sheet *s, unsigned long row, unsigned col,
	       const char *text, size_t n, unsigned flags, bool stable, struct input_error *err)
{
	if (row > SHEET_MAX_ROWS) {
		input_fail(err, 0, "工作表「%s」的第 %lu 行有内容：超过 %d 行，不像自评表，未读取",
			   s->name, row, SHEET_MAX_ROWS);
		return false;
	}
	if (++b->cells > BOOK_MAX_CELLS) {
		input_fail(err, 0, "工作簿的单元格超过 %d 个，不像自评表，未读取", BOOK_MAX_CELLS);
		return false;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = (struct sheet_cell){row, col, flags, stable ? text : arena_strndup(b->a, text, n)};
	return true;
}

/* ---- numbers and references -------------------------------------------------- */

/* Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm). */
static void civil(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned long doe = (unsigned long)(z - era * 146097);
	unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned long mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

/* <digits, exponent> of v with 15 significant digits, as plain decimal text. */
static void plain(double v, char *out, size_t cap)
{
	char e[40];
	snprintf(e, sizeof e, "%.14e", v); /* -d.dddddddddddddde+XX */
	bool neg = e[0] == '-';
	const char *m = e + neg;
	char digits[16];
	size_t nd = 0;
	for (const char *p = m; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && nd < 15)
			digits[nd++] = *p;
	int exp = atoi(strchr(e, 'e') + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	struct jx_buf b;
	jx_buf_init(&b, cap);
	if (neg)
		jx_buf_add(&b, "-", 1);
	if (exp < 0) {
		jx_buf_add(&b, "0.", 2);
		for (int i = -1; i > exp; i--)
			jx_buf_add(&b, "0", 1);
		jx_buf_add(&b, digits, nd);
	} else {
		for (int i = 0; i <= exp || i < (int)nd; i++) {
			if (i == exp + 1)
				jx_buf_add(&b, ".", 1);
			jx_buf_add(&b, i < (int)nd ? &digits[i] : "0", 1);
		}
	}
	snprintf(out, cap, "%s", b.p && !b.overflow ? b.p : "0");
	jx_buf_release(&b);
	if (!strcmp(out, "-0"))
		snprintf(out, cap, "0");
}

void sheet_number(double v, enum num_format nf, bool date1904, char *out, size_t cap)
{
	if (!isfinite(v)) {
		snprintf(out, cap, "#NUM!");
		return;
	}
	double mag = fabs(nf == NF_PERCENT ? v * 100 : v);
	if (mag != 0 && (mag >= 1e21 || mag < 1e-15)) {
		/* beyond any amount or score: left in exponent form, which the
		 * form builder reports as unreadable instead of reading 0 */
		snprintf(out, cap, "%.15g%s", nf == NF_PERCENT ? v * 100 : v,
			 nf == NF_PERCENT ? "%" : "");
		return;
	}
	if (nf == NF_DATE && v >= 1 && v < 2958466) { /* up to 9999-12-31 */
		long serial = (long)floor(v);
		/* 1900 system: serial 1 is 1900-01-01 and Lotus's 1900-02-29 is
		 * serial 60, so later serials are one day ahead */
		long days = date1904 ? serial - 24107 : serial - 25569 + (serial < 61);
		long y;
		unsigned m, d;
		civil(days, &y, &m, &d);
		snprintf(out, cap, "%ld年%u月%u日", y, m, d);
		return;
	}
	if (nf == NF_PERCENT) {
		char n[64];
		plain(v * 100, n, sizeof n);
		snprintf(out, cap, "%s%%", n);
		return;
	}
	plain(v, out, cap);
}

bool sheet_ref(const char *s, unsigned long *row, unsigned *col)
{
	unsigned c = 0;
	unsigned long r = 0;
	const char *p = s;
	while (*p == '$')
		p++;
	for (; *p >= 'A' && *p <= 'Z'; p++) {
		c = c * 26 + (unsigned)(*p - 'A' + 1);
		if (c > SHEET_MAX_COLS)
			return false;
	}
	while (*p == '$')
		p++;
	for (; *p >= '0' && *p <= '9'; p++) {
		r = r * 10 + (unsigned long)(*p - '0');
		if (r > 1048576)
			return false;
	}
	if (*p || !c || !r)
		return false;
	*row = r;
	*col = c;
	return true;
}

void sheet_col_name(unsigned col, char out[8])
{
	char tmp[8];
	int n = 0;
	while (col && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* ---- sheets -> parts ----------------------------------------------------------- */

static int by_place(const void *a, const void *b)
{
	const struct sheet_cell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

static bool text_is(const char *s, const char *word)
{
	char buf[64];
	squeeze(s, strlen(s), buf, sizeof buf);
	return !strcmp(buf, word);
}

/* A cell that starts a form: the title, or a 项目名称 label. */
static bool starts_form(const char *s)
{
	char buf[256];
	if (strlen(s) > 200)
		return false;
	squeeze(s, strlen(s), buf, sizeof buf);
	return is_title_text(buf) || !strcmp(buf, "项目名称");
}

/* The cell at (row, col) of a sorted row run [v, v + n), or NULL. */
static struct sheet_cell *at(struct sheet_cell *v, size_t n, unsigned col)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].col == col)
			return &v[i];
	return NULL;
}

/* Move the text of cell `from` into column `to` of the row [v, v + n)
 * (sorted by column), leaving `from` empty. */
static void move(struct sheet_cell *v, size_t n, unsigned from, unsigned to)
{
	struct sheet_cell *src = at(v, n, from), *dst = at(v, n, to);
	if (dst) {
		dst->text = src ? src->text : "";
		dst->flags = src ? src->flags : 0;
		if (src)
			src->text = "";
	} else if (src) {
		/* the form's column was never written: the source cell moves
		 * there, and the row is sorted again */
		src->col = to;
		qsort(v, n, sizeof *v, by_place);
	}
}

/*
 * A sheet of `render --format xlsx` (its fund header has 申报执行率 and
 * 申报得分 in L and M) shows rescored values and formulas in the form's
 * columns and what the form declared in L–M: put the declared values back
 * in the form's columns, and leave out the helper columns J–M.
 */
enum { COL_H = 8, COL_I = 9, COL_J = 10, COL_K = 11, COL_L = 12, COL_M = 13 };

static bool jixiao_sheet(struct sheet *s)
{
	for (size_t i = 0; i + 1 < s->n; i++)
		if (s->v[i].col == COL_L && text_is(s->v[i].text, "申报执行率") &&
		    s->v[i + 1].row == s->v[i].row && s->v[i + 1].col == COL_M &&
		    text_is(s->v[i + 1].text, "申报得分"))
			return true;
	return false;
}

static void unrender(struct sheet *s)
{
	enum { NONE, FUNDS, INDICATORS } mode = NONE;
	for (size_t i = 0; i < s->n;) {
		size_t j = i;
		while (j < s->n && s->v[j].row == s->v[i].row)
			j++;
		struct sheet_cell *v = s->v + i;
		size_t n = j - i;
		struct sheet_cell *l = at(v, n, COL_L), *k = at(v, n, COL_K), *jc = at(v, n, COL_J);
		if (l && text_is(l->text, "申报执行率")) {
			mode = FUNDS;
		} else if (jc && text_is(jc->text, "目标（数值）")) {
			mode = INDICATORS;
		} else if (k && text_is(k->text, "申报总分")) {
			move(v, n, COL_L, COL_H);
			struct sheet_cell *grade = at(v, n, COL_I);
			if (grade) {
				grade->text = "";
				grade->flags = 0;
			}
			mode = NONE;
		} else if (mode == FUNDS && at(v, n, 1) && text_is(at(v, n, 1)->text, "年度总体目标")) {
			mode = NONE;
		} else if (mode == FUNDS) {
			move(v, n, COL_L, COL_H);
			move(v, n, COL_M, COL_I);
		} else if (mode == INDICATORS) {
			move(v, n, COL_L, COL_H);
		}
		/* helper columns out; in the fund table J is the 原因 column */
		for (size_t c = i; c < j; c++)
			if (s->v[c].col >= (mode == FUNDS ? COL_K : COL_J)) {
				s->v[c].text = "";
				s->v[c].flags = 0;
			}
		i = j;
	}
}

static void report_no_cache(struct jx_ctx *ctx, const char *part, const struct sheet_cell *c)
{
	char col[8];
	sheet_col_name(c->col, col);
	ctx_report(ctx, JX_CHECK_UNPARSED, part, c->row, "",
		   "%s%lu 格是公式，文件里没有保存它的计算结果，未能读取（请在 Excel 或 WPS 中打开并保存后再读）",
		   col, c->row);
}

/* The sheet's rows as a part; false (and *err) when a row or the part
 * passes its cap, or a cell is there twice. */
static bool sheet_part(struct jx_ctx *ctx, struct sheet *s, const char *file,
		       enum jx_layout layout, struct parts *out, struct input_error *err)
{
	char *name = NULL;
	if (asprintf(&name, "%s:%s", file, s->name) < 0)
		abort();
	struct part *p = parts_add(out, name, layout);
	p->marks = true; /* a formula without its result is an unread cell */
	unsigned first = SHEET_MAX_COLS;
	for (size_t i = 0; i < s->n; i++)
		if (*s->v[i].text && s->v[i].col < first)
			first = s->v[i].col;
	p->col_base = first - 1;
	struct jx_buf row;
	jx_buf_init(&row, LINE_MAX_BYTES);
	bool ok = true;
	for (size_t i = 0; ok && i < s->n;) {
		size_t j = i;
		while (j < s->n && s->v[j].row == s->v[i].row)
			j++;
		jx_buf_reset(&row);
		unsigned col = first;
		bool filled = false;
		for (size_t c = i; c < j; c++) {
			const struct sheet_cell *sc = &s->v[c];
			if (!*sc->text && !(sc->flags & CELL_NO_CACHE))
				continue;
			if (c > i && sc->col == sc[-1].col) {
				char cn[8];
				sheet_col_name(sc->col, cn);
				input_fail(err, 0, "工作表「%s」的 %s%lu 格出现了两次（文件损坏？），未读取",
					   s->name, cn, sc->row);
				break;
			}
			if (sc->flags & CELL_NO_CACHE)
				report_no_cache(ctx, name, sc);
			for (; col < sc->col; col++)
				jx_buf_add(&row, "\t", 1);
			if (sc->flags & CELL_NO_CACHE ? jx_buf_puts(&row, UNREAD_CELL) != JX_OK
						      : !part_text_cell(&row, sc->text))
				break;
			filled = true;
		}
		if (!*err->msg && row.overflow)
			input_fail(err, 0, "工作表「%s」第 %lu 行的文字超过 %d MB，不像自评表，未读取", s->name,
				   s->v[i].row, LINE_MAX_BYTES >> 20);
		else if (!*err->msg && filled && !part_row(p, row.p, row.n, s->v[i].row))
			input_fail(err, 0, "工作表「%s」展开后的文字超过 %d MB，不像自评表，未读取", s->name,
				   PART_MAX_BYTES >> 20);
		ok = !*err->msg;
		i = j;
	}
	jx_buf_release(&row);
	free(name);
	return ok;
}

bool book_parts(struct jx_ctx *ctx, struct book *b, const char *file, enum jx_layout layout,
		struct parts *out, struct input_error *err)
{
	for (size_t k = 0; k < b->n; k++) {
		struct sheet *s = &b->v[k];
		if (s->n) /* qsort(NULL, 0) is undefined */
			qsort(s->v, s->n, sizeof *s->v, by_place);
		bool form = false;
		for (size_t i = 0; i < s->n && !form; i++)
			form = starts_form(s->v[i].text);
		if (!form)
			continue; /* a summary, a list, instructions */
		if (jixiao_sheet(s))
			unrender(s);
		if (!sheet_part(ctx, s, file, layout, out, err))
			return false;
	}
	return true;
}
