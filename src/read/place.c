/*
 * place.c: the values of a row of a published form put in their columns
 * (place.h): what a cell is (a number, a percentage, a dash, an operator),
 * how well each value fits each column and how consistent a row's
 * arithmetic is, every order-keeping placing scored, and runs of digits
 * with no separator cut where the placing scores best.
 */
#include "arena.h"
#include "place.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

enum { MAX_SPLIT_BYTES = 48, MAX_PIECE_DIGITS = 7 };



struct num_view view(const char *sq)
{
	struct num_view nv = {0};
	if (!strcmp(sq, "-") || !strcmp(sq, "—") || !strcmp(sq, "——") || !strcmp(sq, "/") ||
	    !strcmp(sq, "–") || !strcmp(sq, "无")) {
		nv.dash = true;
		return nv;
	}
	const char *p = sq;
	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return nv;
	char *end;
	nv.v = strtod(sq, &end);
	int dots = 0;
	for (const char *q = sq; q < end; q++)
		dots += *q == '.';
	if (dots > 1 || strchr(sq, 'e') || strchr(sq, 'x'))
		return (struct num_view){0};
	if (!*end) {
		nv.number = true;
	} else if (!strcmp(end, "%")) {
		nv.number = nv.percent = true;
	} else if (!strcmp(end, "万元") || !strcmp(end, "万") || !strcmp(end, "元") ||
		   !strcmp(end, "分")) {
		nv.number = nv.unit = true;
	}
	return nv;
}

bool is_value(const char *sq)
{
	struct num_view nv = view(sq);
	return nv.number || nv.dash;
}

bool is_operator(const char *sq)
{
	static const char *const ops[] = {"≥", "≤", "=", ">", "<", ">=", "<=", "＝", "≧", "≦",
					  "定性", "定量", NULL};
	return str_in(sq, ops);
}

/* A number OCR read with letters for digits (1OO%, l00, 9O%): digits and
 * O o l I among them.  Kept as printed, reported. */
bool letters_for_digits(const char *sq)
{
	size_t n = strlen(sq), digits = 0, letters = 0;
	if (!n || n > 12)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = sq[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (c == 'O' || c == 'o' || c == 'l' || c == 'I')
			letters++;
		else if (!(c == '.' || (c == '%' && i == n - 1)))
			return false;
	}
	return digits && letters;
}

/* ---- placing values in columns ------------------------------------------- */

static double fund_affinity(enum column c, const struct num_view *v)
{
	if (v->dash) /* the standard form prints — under 分值 and 得分 of the 其中 rows */
		return c == COL_RATE ? -0.5 : c == COL_WEIGHT || c == COL_SCORE ? 0.4 : 0.2;
	if (!v->number)
		return c == COL_SKIP ? 0 : -10;
	if (c == COL_RATE)
		return v->percent ? 2 : v->unit ? -10 : v->v <= 200 ? 0.3 : -5;
	if (v->percent)
		return -10;
	switch (c) {
	case COL_WEIGHT:
		if (v->v < 1 || v->v > 100 || v->unit)
			return -3;
		return (v->v == floor(v->v) ? 1 : -0.5) + (v->v == 10 || v->v == 20 ? 0.5 : 0) -
		       (v->v > 30 ? 0.5 : 0); /* execution weighs 10 or 20, rarely more */
	case COL_SCORE:
		return v->v > 100 || v->unit ? -3 : 1;
	default:
		return 1;
	}
}

static double fund_empty(enum column c)
{
	switch (c) {
	case COL_INITIAL: return -0.3;
	case COL_BUDGET: return -1.5;
	case COL_EXECUTED: return -1.2;
	case COL_WEIGHT: return -0.8;
	case COL_RATE: return -1.0;
	case COL_SCORE: return -0.8;
	case COL_RECEIVED: return -0.5;
	default: return 0;
	}
}

static double ind_affinity(enum column c, const char *sq)
{
	struct num_view v = view(sq);
	switch (c) {
	case COL_WEIGHT:
	case COL_SCORE:
		return v.dash ? 0.3 : v.number && !v.percent && !v.unit && v.v <= 100 ? 2 : -10;
	case COL_OP:
		return is_operator(sq) ? 3 : -10;
	case COL_UNIT:
		return !v.number && !is_operator(sq) && strlen(sq) <= 18 ? 1.5 : -5;
	case COL_TARGET:
	case COL_ACTUAL:
		return is_operator(sq) ? -3 : 1;
	case COL_REASON:
		return v.number ? -3 : 1;
	default:
		return 0.5;
	}
}

static double ind_empty(enum column c)
{
	switch (c) {
	case COL_TARGET:
	case COL_ACTUAL: return -1.5;
	case COL_WEIGHT:
	case COL_SCORE: return -1;
	case COL_OP:
	case COL_UNIT: return -0.5;
	default: return 0;
	}
}

static bool num_of(const struct val *v, double *out, bool *pct)
{
	if (!v)
		return false;
	struct num_view nv = view(v->sq);
	if (!nv.number)
		return false;
	*out = nv.v;
	if (pct)
		*pct = nv.percent;
	return true;
}

/* The arithmetic of a fund row: 执行数/预算数 = 执行率, 分值 × 执行率 = 得分. */
static double fund_consistency(const enum column *cols, const struct val *const *slot, int n)
{
	const struct val *b = NULL, *e = NULL, *r = NULL, *w = NULL, *s = NULL, *i0 = NULL;
	for (int i = 0; i < n; i++) {
		switch (cols[i]) {
		case COL_BUDGET: b = slot[i]; break;
		case COL_EXECUTED: e = slot[i]; break;
		case COL_RATE: r = slot[i]; break;
		case COL_WEIGHT: w = slot[i]; break;
		case COL_SCORE: s = slot[i]; break;
		case COL_INITIAL: i0 = slot[i]; break;
		default: break;
		}
	}
	double bv, ev, rv, wv, sv, iv, score = 0;
	bool pct;
	/* 0 of 5 at 0% holds too, but says nothing: only a rate above 0 counts */
	if (num_of(b, &bv, NULL) && num_of(e, &ev, NULL) && num_of(r, &rv, &pct) && bv > 0 &&
	    ev > 0) {
		double calc = ev / bv * 100;
		/* as printed: half its last digit (2% holds 1.5–2.5, not 2.52), or 1%
		 * of it for the forms that round loosely (97.80% for 97.81) */
		const char *dot = strchr(r->sq, '.');
		int decimals = dot ? (int)strspn(dot + 1, "0123456789") : 0;
		score += fabs(calc - rv) <= fmax(0.5 * pow(10, -decimals) + 1e-9, rv * 0.01) ? 4 : -2;
	} else if (num_of(b, &bv, NULL) && num_of(e, &ev, NULL) && num_of(r, &rv, &pct) && bv > 0 &&
		   ev == 0) {
		/* nothing spent: a rate of 0% holds (weakly), any other rate does not
		 * (10200% is 102 | 0 | 0%, not 1 | 0 | 200%) */
		score += rv == 0 ? 1 : -2;
	}
	if (num_of(w, &wv, NULL) && num_of(s, &sv, NULL)) {
		if (sv > wv)
			score -= 3;
		else if (num_of(r, &rv, NULL) && fabs(wv * fmin(rv, 100) / 100 - sv) <= 0.6)
			score += 2;
		else if (num_of(r, &rv, NULL) && fabs(wv * fmin(rv, 100) / 100 - sv) > wv * 0.05 + 0.6)
			score -= 1.5; /* 分值 × 执行率 far from 得分: not those columns */
	}
	if (num_of(i0, &iv, NULL) && num_of(b, &bv, NULL) && iv == bv)
		score += 0.3;
	return score;
}


static double placing_score(const struct placing *pl)
{
	double s = 0;
	for (int i = 0; i < pl->ncols; i++) {
		const struct val *v = pl->slot[i];
		if (!v) {
			s += pl->fund ? fund_empty(pl->cols[i]) : ind_empty(pl->cols[i]);
			continue;
		}
		if (v->unknown)
			continue; /* fits any column: it only keeps the others in place */
		if (pl->fund) {
			struct num_view nv = view(v->sq);
			s += fund_affinity(pl->cols[i], &nv);
			if (pl->sub_row && nv.number && (pl->cols[i] == COL_WEIGHT || pl->cols[i] == COL_SCORE))
				s -= 0.5;
		} else {
			s += ind_affinity(pl->cols[i], v->sq);
		}
	}
	if (pl->fund)
		s += fund_consistency(pl->cols, pl->slot, pl->ncols);
	else {
		double w, sc;
		for (int i = 0; i < pl->ncols; i++)
			for (int j = 0; j < pl->ncols; j++)
				if (pl->cols[i] == COL_WEIGHT && pl->cols[j] == COL_SCORE &&
				    num_of(pl->slot[i], &w, NULL) && num_of(pl->slot[j], &sc, NULL) && sc > w)
					s -= 3;
	}
	return s;
}

/* Every order-keeping way to put vals[v..] in cols[c..]. */
static void place_from(struct placing *pl, int c, int v)
{
	if (v == pl->nvals) {
		for (int i = c; i < pl->ncols; i++)
			pl->slot[i] = NULL;
		double s = placing_score(pl);
		if (!pl->any || s > pl->best_score + 1e-9) {
			pl->any = true;
			pl->best_score = s;
			memcpy(pl->best, pl->slot, sizeof pl->slot);
		}
		return;
	}
	if (pl->ncols - c < pl->nvals - v)
		return;
	pl->slot[c] = &pl->vals[v];
	place_from(pl, c + 1, v + 1);
	if (pl->ncols - c > pl->nvals - v) {
		pl->slot[c] = NULL;
		place_from(pl, c + 1, v);
	}
}

/* The best placing of vals in cols: best[i] the value of column i. */
double place(struct placing *pl)
{
	pl->any = false;
	memset(pl->best, 0, sizeof pl->best);
	if (pl->nvals > pl->ncols)
		pl->nvals = pl->ncols;
	place_from(pl, 0, 0);
	return pl->best_score;
}

/* ---- digit runs: 303010100% -> 30 | 30 | 10 | 100% -------------------------- */

static bool piece_ok(const char *s, size_t n)
{
	if (!n || s[0] == '.' || s[n - 1] == '.')
		return false;
	if (s[0] == '0' && n > 1 && s[1] != '.')
		return false;
	int dots = 0;
	size_t after = 0, before = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] < '0' || s[i] > '9')
			return false;
		else if (dots)
			after++;
		else
			before++;
	}
	/* an amount of at most 7 digits (万元 or 元) and 4 decimals: the cuts stay few */
	return dots <= 1 && after <= 4 && before <= MAX_PIECE_DIGITS;
}

/* A value that can only be several run together: digits, points and
 * percent signs (100.00%10), with two decimal points, a percentage over
 * 300, a percent sign inside, or more than 9 digits. */
bool digit_run(const char *sq)
{
	size_t n = strlen(sq), digits = 0, dots = 0, pcts = 0;
	if (n < 4 || n > MAX_SPLIT_BYTES || sq[0] < '0' || sq[0] > '9')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (sq[i] == '.')
			dots++;
		else if (sq[i] >= '0' && sq[i] <= '9')
			digits++;
		else if (sq[i] == '%')
			pcts++;
		else
			return false;
	}
	double v = strtod(sq, NULL);
	return dots > 1 || digits > 9 || (pcts && sq[n - 1] != '%') || pcts > 1 ||
	       (pcts && v > 300);
}

struct splitter {
	struct placing *pl;
	struct arena *a;
	struct val *vals; /* the row's values, the run at index `at` replaced by pieces */
	int nvals, at;
	const struct val *run;
	const char *s;
	size_t n;
	double best;
	struct val best_vals[MAX_VALS];
	int best_n;
	bool found;
};

/* Every cut of s[pos..] into numbers (a percent sign ends the piece it
 * follows), each scored by the placing of the row with the pieces in. */
static void split_from(struct splitter *sp, size_t pos, struct val *pieces, int np, int maxp)
{
	if (pos == sp->n) {
		if (np < 2)
			return;
		struct val row[MAX_VALS] = {0};
		int k = 0;
		for (int i = 0; i < sp->at; i++)
			row[k++] = sp->vals[i];
		for (int i = 0; i < np && k < MAX_VALS; i++)
			row[k++] = pieces[i];
		for (int i = sp->at + 1; i < sp->nvals && k < MAX_VALS; i++)
			row[k++] = sp->vals[i];
		sp->pl->vals = row;
		sp->pl->nvals = k;
		double s = place(sp->pl) - 0.5 * np; /* each cut costs: fewer pieces when equal */
		if (!sp->found || s > sp->best + 1e-9) {
			sp->found = true;
			sp->best = s;
			memcpy(sp->best_vals, row, (size_t)k * sizeof *row);
			sp->best_n = k;
		}
		return;
	}
	if (np == maxp)
		return;
	for (size_t e = pos + 1; e <= sp->n && sp->s[e - 1] != '%'; e++) {
		if (!piece_ok(sp->s + pos, e - pos))
			continue;
		bool pct = e < sp->n && sp->s[e] == '%';
		size_t len = e - pos + pct;
		char *sq = arena_strndup(sp->a, sp->s + pos, len);
		pieces[np] = (struct val){sp->run->t, sq, sq, false};
		split_from(sp, pos + len, pieces, np + 1, maxp);
	}
}

/*
 * A row whose values are fewer than its columns and one of which is a
 * digit run: the split of the run whose placing scores best replaces it in
 * vals.  True when a split was taken.
 */
bool split_run(struct placing *pl, struct arena *a, struct val *vals, int *nvals)
{
	for (int at = 0; at < *nvals; at++) {
		if (!digit_run(vals[at].sq))
			continue;
		struct splitter sp = {.pl = pl, .a = a, .vals = vals, .nvals = *nvals, .at = at,
				      .run = &vals[at], .s = vals[at].sq};
		sp.n = strlen(sp.s);
		struct val pieces[TPL_MAX_COLS] = {0};
		int maxp = pl->ncols - (*nvals - 1);
		if (maxp > 8) /* the cuts grow as 2^length; no real row has more pieces */
			maxp = 8;
		split_from(&sp, 0, pieces, 0, maxp);
		if (sp.found) {
			memcpy(vals, sp.best_vals, (size_t)sp.best_n * sizeof *vals);
			*nvals = sp.best_n;
			return true;
		}
	}
	return false;
}

