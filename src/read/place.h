/*
 * place.h: putting a row's values in its columns by what is consistent
 * (place.c), for the template reader (fit.c).  Of all the ways to place a
 * row's values in its columns in order, the one whose types fit (a
 * percentage in 执行率, points no more than 100) and whose arithmetic holds
 * (执行数 / 预算数 = 执行率, 得分 ≤ 分值) wins.
 */
#ifndef JX_PLACE_H
#define JX_PLACE_H

#include "grid.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum { MAX_VALS = 24 }; /* values of one row */

struct val {
	const struct tok *t;
	const char *raw, *sq; /* a piece of t when a digit run was split */
	bool unknown;         /* a cell OCR garbled (1OO%): it holds its column, unread */
};

/* A parsed value cell: a number (perhaps a percentage, perhaps in 万元/元),
 * a dash, or text. */
struct num_view {
	bool number, percent, dash, unit; /* unit: 万元, 元, 分 after the number */
	double v;
};

/* A cell's text (squeezed) as a value. */
struct num_view view(const char *sq);
/* A number (perhaps a percentage, 万元, 元, 分) or a dash. */
bool is_value(const char *sq);
/* ≥ ≤ = > < and 定性 / 定量: the 指标性质 column's values. */
bool is_operator(const char *sq);
/* A number OCR read with letters for digits (1OO%, 3O). */
bool letters_for_digits(const char *sq);
/* Digits run together with no separator (303010100%, 1484631.00%). */
bool digit_run(const char *sq);

struct placing {
	const enum column *cols;
	int ncols;
	const struct val *vals;
	int nvals;
	bool fund;
	bool sub_row; /* a fund row under the total (其中…): 分值 / 得分 are mostly — there */
	const struct val *slot[TPL_MAX_COLS], *best[TPL_MAX_COLS];
	double best_score;
	bool any;
};

/* The best placing of pl->vals in pl->cols: pl->best[i] the value of
 * column i (NULL: none); returns its score. */
double place(struct placing *pl);
/*
 * A row with fewer values than columns, one of them a digit run: the cut
 * of the run whose placing scores best replaces it in vals (pieces in a).
 * True when a cut was taken.
 */
bool split_run(struct placing *pl, struct arena *a, struct val *vals, int *nvals);

#endif
