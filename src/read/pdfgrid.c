/*
 * pdfgrid.c: tables rebuilt from a PDF page's ruling lines, and every
 * character put into the cell that holds its centre (see pdfgrid.h).
 */
#include "arena.h"
#include "input.h"
#include "pdfgrid.h"
#include "text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Tolerances, in points.  A rule is at least PDF_RULE_MIN_PT long and at
 * most PDF_RULE_MAX_PT thick; rules closer than SNAP are one line. */
#define PDF_RULE_MIN_PT 6.0f
#define PDF_RULE_MAX_PT 4.5f
#define SNAP 2.0f
/* dark enough to be a rule: Excel's light gray borders (#BFBFBF) are; a
 * light cell shading (#D9D9D9) is not.  A scan's paper is grayer: there
 * only what is clearly dark. */
#define GRAY_DARK 210
#define GRAY_DARK_SCAN 160

void ppage_word(struct ppage *pg, struct pword w)
{
	/* a box that is not a number, or far off the page, is no word of it */
	float lim = 1e6f;
	if (!(fabsf(w.x0) < lim && fabsf(w.x1) < lim && fabsf(w.y0) < lim && fabsf(w.y1) < lim))
		return;
	if (pg->nwords == pg->capwords) {
		pg->capwords = pg->capwords ? pg->capwords * 2 : 64;
		pg->words = xrealloc(pg->words, pg->capwords * sizeof *pg->words);
	}
	pg->words[pg->nwords++] = w;
}

void ppage_rule(struct ppage *pg, bool horizontal, struct pseg s)
{
	struct pseg **v = horizontal ? &pg->hr : &pg->vr;
	size_t *n = horizontal ? &pg->nh : &pg->nv, *cap = horizontal ? &pg->caph : &pg->capv;
	if (*n >= PDF_MAX_PAGE_RULES)
		return; /* a page of hatching: the first rules are its tables' */
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = s;
}

void ppage_free(struct ppage *pg)
{
	free(pg->words);
	free(pg->hr);
	free(pg->vr);
	*pg = (struct ppage){0};
}

/* ---- rules from the image ----------------------------------------------------------- */

/* A run of dark pixels being followed across neighbouring rows (or columns). */
struct run {
	unsigned a, b;     /* its extent along the run */
	unsigned first, last; /* the rows (columns) it spans so far */
};

/* Close a group of runs: a rule when thin enough. */
static void close_run(struct ppage *pg, bool horizontal, const struct run *r, float s_along,
		      float s_across, unsigned max_thick)
{
	if (r->last - r->first + 1 > max_thick)
		return; /* a filled area, a seal, a picture: no rule */
	struct pseg seg = {((float)r->first + (float)r->last + 1) / 2 / s_across,
			   (float)r->a / s_along, ((float)r->b + 1) / s_along};
	ppage_rule(pg, horizontal, seg);
}

/*
 * Runs of `len` cells of line k (dark[i] for i < len), continued from the
 * open runs of line k - 1 (same extent within 3 px) or opened; runs not
 * continued are closed.  A line holds at most len / min_len runs: open and
 * next have room for that many.
 */
static void follow_runs(struct ppage *pg, bool horizontal, const unsigned char *dark, unsigned len,
			unsigned k, unsigned min_len, unsigned max_thick, float s_along, float s_across,
			struct run **open, size_t *nopen, struct run **next)
{
	size_t nn = 0, j = 0;
	for (unsigned i = 0; i < len;) {
		if (!dark[i]) {
			i++;
			continue;
		}
		unsigned a = i;
		while (i < len && dark[i])
			i++;
		if (i - a < min_len)
			continue;
		unsigned b = i - 1;
		/* the open runs before this one are not continued */
		while (j < *nopen && (*open)[j].b + 3 < a) {
			close_run(pg, horizontal, &(*open)[j], s_along, s_across, max_thick);
			j++;
		}
		if (j < *nopen && (*open)[j].last + 1 == k && (*open)[j].a <= a + 3 &&
		    a <= (*open)[j].a + 3 && (*open)[j].b + 3 >= b && b + 3 >= (*open)[j].b) {
			(*next)[nn] = (*open)[j++];
			(*next)[nn].last = k;
		} else {
			(*next)[nn] = (struct run){a, b, k, k};
		}
		nn++;
	}
	for (; j < *nopen; j++)
		close_run(pg, horizontal, &(*open)[j], s_along, s_across, max_thick);
	struct run *t = *open;
	*open = *next;
	*next = t;
	*nopen = nn;
}

/* A coordinate in pixels, clamped to [0, n] before it is converted (a
 * word's box may be anywhere, or not a number, in a hostile PDF). */
static long px_at(float v, unsigned n)
{
	if (!(v > 0))
		return 0;
	return v < (float)n ? lroundf(v) : (long)n;
}

void page_rules(struct ppage *pg, const unsigned char *px, unsigned W, unsigned H)
{
	if (!W || !H || pg->w <= 0 || pg->h <= 0)
		return;
	float sx = (float)W / pg->w, sy = (float)H / pg->h;
	/* dark, and not inside a word's box (its middle: a rule may touch a
	 * box drawn to the font's full height) */
	unsigned char *dark = xmalloc((size_t)W * H);
	unsigned char gray = pg->scanned ? GRAY_DARK_SCAN : GRAY_DARK;
	for (size_t i = 0; i < (size_t)W * H; i++)
		dark[i] = px[i] < gray;
	for (size_t i = 0; i < pg->nwords; i++) {
		const struct pword *w = &pg->words[i];
		/* OCR's boxes may reach over a rule beside the word: only their
		 * middle is masked */
		float hh = (w->y1 - w->y0) * (pg->scanned ? 0.25f : 0.2f);
		float ww = pg->scanned ? (w->x1 - w->x0) * 0.25f : 0;
		long x0 = px_at((w->x0 + ww) * sx, W) + 1, x1 = px_at((w->x1 - ww) * sx, W) - 1;
		long y0 = px_at((w->y0 + hh) * sy, H), y1 = px_at((w->y1 - hh) * sy, H);
		x1 = x1 >= (long)W ? (long)W - 1 : x1;
		y1 = y1 >= (long)H ? (long)H - 1 : y1;
		for (long y = y0; y <= y1; y++)
			if (x1 >= x0)
				memset(dark + (size_t)y * W + (size_t)x0, 0, (size_t)(x1 - x0 + 1));
	}
	/* a scan's characters OCR did not find are not masked: a rule must be
	 * longer than most characters' strokes (9 pt) */
	float min_pt = pg->scanned ? 9.0f : PDF_RULE_MIN_PT;
	unsigned min_h = (unsigned)lroundf(min_pt * sx), min_v = (unsigned)lroundf(min_pt * sy);
	unsigned thick_h = (unsigned)lroundf(PDF_RULE_MAX_PT * sy), thick_v = (unsigned)lroundf(PDF_RULE_MAX_PT * sx);
	min_h += min_h < 4 ? 4 - min_h : 0;
	min_v += min_v < 4 ? 4 - min_v : 0;
	thick_h += thick_h < 2;
	thick_v += thick_v < 2;
	unsigned longest = W > H ? W : H;
	struct run *open = xmalloc((longest / 4 + 2) * sizeof *open);
	struct run *next = xmalloc((longest / 4 + 2) * sizeof *next);
	size_t nopen = 0;
	/* horizontal: each pixel row */
	for (unsigned y = 0; y < H; y++)
		follow_runs(pg, true, dark + (size_t)y * W, W, y, min_h, thick_h, sx, sy, &open, &nopen,
			    &next);
	for (size_t j = 0; j < nopen; j++)
		close_run(pg, true, &open[j], sx, sy, thick_h);
	nopen = 0;
	/* vertical: each pixel column, from the image transposed a band at a time */
	unsigned char *col = xmalloc(H);
	for (unsigned x = 0; x < W; x++) {
		for (unsigned y = 0; y < H; y++)
			col[y] = dark[(size_t)y * W + x];
		follow_runs(pg, false, col, H, x, min_v, thick_v, sy, sx, &open, &nopen, &next);
	}
	for (size_t j = 0; j < nopen; j++)
		close_run(pg, false, &open[j], sy, sx, thick_v);
	free(col);
	free(open);
	free(next);
	free(dark);
}

/* ---- tables from rules ---------------------------------------------------------------- */

/* A line of the page: rules at one position merged, as intervals. */
struct pline {
	float at;
	float a, b;   /* its whole extent */
	struct pseg *iv; /* the intervals it covers, sorted */
	size_t n, cap;
	int set;       /* its table (union-find root index into lines) */
};

/* Comparators are exact (qsort needs a consistent order); nearness is
 * decided after sorting. */
static int by_at(const void *x, const void *y)
{
	const struct pseg *p = x, *q = y;
	if (p->at != q->at)
		return p->at < q->at ? -1 : 1;
	return p->a < q->a ? -1 : p->a > q->a;
}

static int by_a(const void *x, const void *y)
{
	const struct pseg *p = x, *q = y;
	return p->a < q->a ? -1 : p->a > q->a;
}

/* Rules within SNAP of each other's position into lines, their intervals
 * merged where they overlap or nearly touch. */
static struct pline *make_lines(struct pseg *r, size_t n, size_t *nout)
{
	if (n)
		qsort(r, n, sizeof *r, by_at);
	struct pline *v = NULL;
	size_t nv = 0, cap = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double sum = 0;
		while (j < n && r[j].at - r[i].at <= SNAP)
			sum += r[j++].at;
		qsort(r + i, j - i, sizeof *r, by_a);
		if (nv == cap) {
			cap = cap * 2 + 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		struct pline *l = &v[nv++];
		*l = (struct pline){.at = (float)(sum / (double)(j - i)), .a = r[i].a, .b = r[i].b};
		for (size_t k = i; k < j; k++) {
			if (l->n && r[k].a <= l->iv[l->n - 1].b + SNAP) {
				if (r[k].b > l->iv[l->n - 1].b)
					l->iv[l->n - 1].b = r[k].b;
			} else {
				if (l->n == l->cap) {
					l->cap = l->cap * 2 + 4;
					l->iv = xrealloc(l->iv, l->cap * sizeof *l->iv);
				}
				l->iv[l->n++] = r[k];
			}
			l->a = r[k].a < l->a ? r[k].a : l->a;
			l->b = r[k].b > l->b ? r[k].b : l->b;
		}
		i = j;
	}
	*nout = nv;
	return v;
}

static void free_lines(struct pline *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].iv);
	free(v);
}

/* How much of [a, b] the line's intervals cover. */
static float covered(const struct pline *l, float a, float b)
{
	float c = 0;
	for (size_t i = 0; i < l->n; i++) {
		float lo = l->iv[i].a > a ? l->iv[i].a : a, hi = l->iv[i].b < b ? l->iv[i].b : b;
		c += hi > lo ? hi - lo : 0;
	}
	return c;
}

/* A line touches another across (an interval of one reaches the other's
 * position, within SNAP, where the other has an interval). */
static bool touch(const struct pline *h, const struct pline *v)
{
	return covered(h, v->at - SNAP, v->at + SNAP) > 0 && covered(v, h->at - SNAP, h->at + SNAP) > 0;
}

static int uf_find(int *p, int i)
{
	while (p[i] != i)
		i = p[i] = p[p[i]];
	return i;
}

struct table {
	float *ys, *xs;     /* row and column lines, sorted */
	int nys, nxs;
	int *anchor;        /* per grid cell (r * ncols + c): its merged cell's first grid cell */
	const struct pline *h, *v; /* the page's lines, and which belong to it */
	const int *hset, *vset;
	size_t nh, nv;
	int root;
};

static int cols(const struct table *t)
{
	return t->nxs - 1;
}

static int rows(const struct table *t)
{
	return t->nys - 1;
}

/* Positions within SNAP as one (their first). */
static int uniq(float *v, int n)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		if (!k || v[i] - v[k - 1] > SNAP)
			v[k++] = v[i];
	return k;
}

static int by_float(const void *x, const void *y)
{
	float a = *(const float *)x, b = *(const float *)y;
	return a < b ? -1 : a > b;
}

/* The edge between two grid cells is ruled where the table's lines at
 * that position (vertical ones for a vertical edge) cover at least half
 * of [a, b]. */
static bool ruled(const struct table *t, bool vertical, float at, float a, float b)
{
	const struct pline *l = vertical ? t->v : t->h;
	const int *set = vertical ? t->vset : t->hset;
	size_t nl = vertical ? t->nv : t->nh;
	float c = 0;
	for (size_t i = 0; i < nl; i++)
		if (set[i] == t->root && fabsf(l[i].at - at) <= SNAP)
			c += covered(&l[i], a, b);
	return c >= (b - a) * 0.5f;
}

static void build_anchors(struct table *t)
{
	int R = rows(t), C = cols(t);
	int *p = xmalloc((size_t)R * (size_t)C * sizeof *p);
	for (int i = 0; i < R * C; i++)
		p[i] = i;
	for (int r = 0; r < R; r++)
		for (int c = 0; c < C; c++) {
			if (c + 1 < C && !ruled(t, true, t->xs[c + 1], t->ys[r], t->ys[r + 1])) {
				int a = uf_find(p, r * C + c), b = uf_find(p, r * C + c + 1);
				p[a > b ? a : b] = a < b ? a : b;
			}
			if (r + 1 < R && !ruled(t, false, t->ys[r + 1], t->xs[c], t->xs[c + 1])) {
				int a = uf_find(p, r * C + c), b = uf_find(p, (r + 1) * C + c);
				p[a > b ? a : b] = a < b ? a : b;
			}
		}
	/* the smallest index of a set is its top-left cell (rows first) */
	for (int i = 0; i < R * C; i++)
		p[i] = uf_find(p, i);
	t->anchor = p;
}

/*
 * A table's outer edge where it has no rule: the lines across it (the
 * horizontal ones for the columns) reach past its last column line, two
 * or more to the same place — a browser clips a table's right border at
 * the page's margin.  The edge is added to pos (room for two more); the
 * new count returned.
 */
static int outer_edges(float *pos, int n, const struct pline *l, size_t nl, const int *set,
		       int root)
{
	if (n == 0)
		return 0; /* no line across: no table */
	float lo = pos[0], hi = pos[n - 1];
	for (size_t i = 0; i < nl; i++)
		if (set[i] == root) {
			lo = l[i].a < lo ? l[i].a : lo;
			hi = l[i].b > hi ? l[i].b : hi;
		}
	int at_lo = 0, at_hi = 0;
	for (size_t i = 0; i < nl; i++)
		if (set[i] == root) {
			at_lo += l[i].a - lo <= SNAP;
			at_hi += hi - l[i].b <= SNAP;
		}
	if (hi > pos[n - 1] + 3 * SNAP && at_hi >= 2)
		pos[n++] = hi;
	if (lo < pos[0] - 3 * SNAP && at_lo >= 2) {
		memmove(pos + 1, pos, (size_t)n * sizeof *pos);
		pos[0] = lo;
		n++;
	}
	return n;
}

/* The page's tables: lines that touch are one table; a table has at least
 * two row lines and two column lines. */
static struct table *find_tables(struct ppage *pg, struct pline **hl, size_t *nh, struct pline **vl,
				 size_t *nv, int **hset, int **vset, size_t *ntables)
{
	*hl = make_lines(pg->hr, pg->nh, nh);
	*vl = make_lines(pg->vr, pg->nv, nv);
	size_t n = *nh + *nv;
	int *p = xmalloc((n ? n : 1) * sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = (int)i;
	for (size_t i = 0; i < *nh; i++)
		for (size_t j = 0; j < *nv; j++)
			if (touch(&(*hl)[i], &(*vl)[j])) {
				int a = uf_find(p, (int)i), b = uf_find(p, (int)(*nh + j));
				p[a > b ? a : b] = a < b ? a : b;
			}
	*hset = xmalloc((*nh ? *nh : 1) * sizeof **hset);
	*vset = xmalloc((*nv ? *nv : 1) * sizeof **vset);
	for (size_t i = 0; i < *nh; i++)
		(*hset)[i] = uf_find(p, (int)i);
	for (size_t j = 0; j < *nv; j++)
		(*vset)[j] = uf_find(p, (int)(*nh + j));
	struct table *tv = NULL;
	size_t nt = 0;
	for (size_t i = 0; i < *nh; i++) {
		int root = (*hset)[i];
		if (root != (int)i)
			continue; /* each set once: at its root, an H line's index */
		struct table t = {.h = *hl, .v = *vl, .hset = *hset, .vset = *vset, .nh = *nh,
				  .nv = *nv, .root = root};
		t.ys = xmalloc(*nh * sizeof *t.ys);
		t.xs = xmalloc((*nv ? *nv : 1) * sizeof *t.xs);
		for (size_t k = 0; k < *nh; k++)
			if ((*hset)[k] == root)
				t.ys[t.nys++] = (*hl)[k].at;
		for (size_t k = 0; k < *nv; k++)
			if ((*vset)[k] == root)
				t.xs[t.nxs++] = (*vl)[k].at;
		qsort(t.ys, (size_t)t.nys, sizeof *t.ys, by_float);
		qsort(t.xs, (size_t)t.nxs, sizeof *t.xs, by_float);
		t.nys = uniq(t.ys, t.nys);
		t.nxs = uniq(t.xs, t.nxs);
		t.xs = xrealloc(t.xs, ((size_t)t.nxs + 2) * sizeof *t.xs);
		t.ys = xrealloc(t.ys, ((size_t)t.nys + 2) * sizeof *t.ys);
		t.nxs = outer_edges(t.xs, t.nxs, *hl, *nh, *hset, root);
		t.nys = outer_edges(t.ys, t.nys, *vl, *nv, *vset, root);
		/* a scan's rules include the strokes of large characters (口, 目):
		 * a table is larger than a character */
		bool tiny = pg->scanned && t.nys >= 2 && t.nxs >= 2 &&
			    (t.xs[t.nxs - 1] - t.xs[0] < 40 || t.ys[t.nys - 1] - t.ys[0] < 16);
		if (tiny || t.nys < 2 || t.nxs < 2 || t.nys > PDF_MAX_GRID || t.nxs > PDF_MAX_GRID) {
			free(t.ys);
			free(t.xs);
			continue; /* a lone rule (an underline), or hatching */
		}
		build_anchors(&t);
		tv = xrealloc(tv, (nt + 1) * sizeof *tv);
		tv[nt++] = t;
	}
	free(p);
	*ntables = nt;
	return tv;
}

/* The index i with v[i] <= x < v[i + 1], or -1. */
static int slot(const float *v, int n, float x)
{
	if (n < 2 || x < v[0] || x >= v[n - 1])
		return -1;
	int lo = 0, hi = n - 1;
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (v[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}


/* A page's tables and the lines they are made of (tables point into them). */
struct tables {
	struct table *v;
	size_t n;
	struct pline *h, *vl;
	size_t nh, nv;
	int *hset, *vset;
};

static void tables_of(struct ppage *pg, struct tables *ts)
{
	ts->v = find_tables(pg, &ts->h, &ts->nh, &ts->vl, &ts->nv, &ts->hset, &ts->vset, &ts->n);
}

static void tables_free(struct tables *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		free(ts->v[i].ys);
		free(ts->v[i].xs);
		free(ts->v[i].anchor);
	}
	free(ts->v);
	free_lines(ts->h, ts->nh);
	free_lines(ts->vl, ts->nv);
	free(ts->hset);
	free(ts->vset);
}

struct pcell *page_cells(struct ppage *pg, size_t *n)
{
	struct tables ts;
	tables_of(pg, &ts);
	size_t nc = 0, cap = 0;
	struct pcell *cv = NULL;
	for (size_t t = 0; t < ts.n; t++) {
		const struct table *tb = &ts.v[t];
		int R = rows(tb), C = cols(tb);
		for (int i = 0; i < R * C; i++) {
			if (tb->anchor[i] != i)
				continue;
			struct pcell c = {tb->xs[i % C], tb->ys[i / C], tb->xs[i % C + 1], tb->ys[i / C + 1]};
			for (int j = i + 1; j < R * C; j++)
				if (tb->anchor[j] == i) {
					c.x1 = tb->xs[j % C + 1] > c.x1 ? tb->xs[j % C + 1] : c.x1;
					c.y1 = tb->ys[j / C + 1] > c.y1 ? tb->ys[j / C + 1] : c.y1;
				}
			if (nc == cap) {
				cap = cap * 2 + 64;
				cv = xrealloc(cv, cap * sizeof *cv);
			}
			cv[nc++] = c;
		}
	}
	tables_free(&ts);
	*n = nc;
	return cv;
}

/* ---- characters into cells ---------------------------------------------------------- */

/* One character where it landed. */
struct pchar {
	int table;      /* -1: outside every table */
	int cell;       /* the merged cell's anchor grid cell */
	float line_y;   /* its line's top: characters of one line share it */
	float x;        /* its centre */
	unsigned word;  /* the word it came from (a new word after a gap: a space) */
	unsigned line;  /* poppler's line */
	char s[8];      /* the character, UTF-8 */
	bool wide;      /* a CJK or full-width character */
	bool over;      /* it crosses a ruled edge of its cell */
	float gap;      /* a word's first character: from the word before on its line */
	float height;   /* its word's box */
};

bool glued(const char *before, size_t n, const char *after)
{
	size_t back = n;
	while (back > 0 && ((unsigned char)before[back - 1] & 0xC0) == 0x80)
		back--;
	uint32_t last = 0, next = 0;
	if (back > 0)
		utf8_decode(before + back - 1, n - back + 1, &last);
	utf8_decode(after, strlen(after), &next);
	return is_wide(last) && is_wide(next);
}

bool is_wide(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	       (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x20000;
}

static bool is_numberish(const char *s)
{
	return (*s >= '0' && *s <= '9') || *s == '.' || *s == '%';
}

static int by_place(const void *x, const void *y)
{
	const struct pchar *p = x, *q = y;
	if (p->table != q->table)
		return p->table < q->table ? -1 : 1;
	if (p->cell != q->cell)
		return p->cell < q->cell ? -1 : 1;
	/* a cell's lines: poppler's, by their tops (the highest word of each:
	 * words of one line in fonts of other ascents have tops of their own) */
	if (p->line_y != q->line_y)
		return p->line_y < q->line_y ? -1 : 1;
	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	return p->x < q->x ? -1 : p->x > q->x;
}

/* A cell's text: its characters (sorted by by_place) joined. */
struct ptext {
	struct jx_buf b;
	unsigned lines;
	const struct pchar *last;
};

/*
 * Two words on one line that are one: a word processor's automatic gap
 * between CJK and Latin text (LibreOffice's and Word's "autospace", about
 * 0.15 of the line's height; a typed space is 0.23 or more), which poppler
 * takes for a word break.
 */
static bool autospace(const struct pchar *l, const struct pchar *c)
{
	return l->wide != c->wide && c->gap < 0.19f * c->height;
}

/* A wrapped line between a CJK character and a Latin one: a space or not,
 * decided when the cell is complete (settle_breaks). */
#define MIXED_BREAK '\x01'

static void text_put(struct ptext *t, const struct pchar *c)
{
	const struct pchar *l = t->last;
	if (l) {
		if (l->line != c->line) { /* a wrapped line */
			t->lines++;
			if (is_numberish(l->s) && is_numberish(c->s))
				; /* a number broken at the cell's edge */
			else if (!strcmp(l->s, "-") || !strcmp(l->s, "/"))
				; /* broken after a hyphen or a slash: 1月1日-/12月31日 */
			else if (l->wide && c->wide)
				; /* nothing between CJK characters */
			else if (l->wide || c->wide)
				jx_buf_add(&t->b, (char[]){MIXED_BREAK}, 1);
			else
				jx_buf_add(&t->b, " ", 1);
		} else if (l->word != c->word && !autospace(l, c)) {
			jx_buf_add(&t->b, " ", 1);
		}
	} else {
		t->lines = 1;
	}
	jx_buf_puts(&t->b, c->s);
	t->last = c;
}

/* A character of s at i: CJK (1), Latin letter or digit (2), else 0. */
static int char_class(const char *s, size_t n, size_t i, size_t *len)
{
	uint32_t c = 0;
	size_t k = utf8_decode(s + i, n - i, &c);
	*len = k ? k : 1;
	if (k && is_wide(c))
		return 1;
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ? 2 : 0;
}

/*
 * A line wrapped between a CJK character and a Latin one is joined as the
 * cell writes such pairs elsewhere: 「1 月 1 日-12 月」 over 「31 日」 had a
 * space there (the renderer broke at it and dropped it), 「12月31」 over
 * 「日」 did not.  A cell with no such pair on one line: no space.  The
 * marks are replaced in place; the new length returned.
 */
static size_t settle_breaks(char *s, size_t n)
{
	if (!memchr(s, MIXED_BREAK, n))
		return n;
	int spaced = 0, tight = 0, prev = 0;
	bool gap = false;
	for (size_t i = 0; i < n;) {
		size_t len;
		if (s[i] == ' ' || s[i] == MIXED_BREAK) {
			gap = s[i] == ' ';
			prev = s[i] == ' ' ? prev : 0;
			i++;
			continue;
		}
		int k = char_class(s, n, i, &len);
		if (prev && k && prev != k)
			gap ? spaced++ : tight++;
		prev = k;
		gap = false;
		i += len;
	}
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != MIXED_BREAK)
			s[o++] = s[i];
		else if (spaced > tight)
			s[o++] = ' ';
	}
	s[o] = '\0';
	return o;
}

/* A row of the document being assembled: cells (tables) or one text. */
struct prow {
	unsigned page;
	float y;
	int table;          /* -1: a text line */
	int ncells;
	char **cells;       /* ncells texts (malloc'd) */
	unsigned *lines;    /* each cell's wrapped lines */
	float *tops, *bottoms; /* each cell's extent (for the row break test) */
	bool overflow;      /* a character of it crossed a rule */
	char overflow_text[64];
};

struct rows {
	struct prow *v;
	size_t n, cap;
};

static struct prow *add_row(struct rows *rs, unsigned page, float y, int table, int ncells)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap * 2 + 64;
		rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
	}
	struct prow *r = &rs->v[rs->n++];
	*r = (struct prow){.page = page, .y = y, .table = table, .ncells = ncells};
	r->cells = xcalloc((size_t)ncells, sizeof *r->cells);
	r->lines = xcalloc((size_t)ncells, sizeof *r->lines);
	return r;
}

static int by_row_y(const void *x, const void *y)
{
	const struct prow *p = x, *q = y;
	if (p->page != q->page)
		return p->page < q->page ? -1 : 1;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return p->table < q->table ? -1 : p->table > q->table;
}

/*
 * A character's box [x0, x1] × [y0, y1] reaches a quarter of its width
 * (height) across a ruled edge of grid cell (row, col): text wider or
 * taller than its cell, drawn over the rule.  The box's height is the
 * font's, taller than the glyph: a fifth of it at each end does not count.
 */
static bool crosses(const struct table *tb, float x0, float x1, float y0, float y1, int row,
		    int col)
{
	float w = x1 - x0, h = (y1 - y0) * 0.6f;
	y0 += (y1 - y0) * 0.2f;
	for (int e = 0; e < tb->nxs; e++)
		if (tb->xs[e] > x0 + w * 0.25f && tb->xs[e] < x1 - w * 0.25f &&
		    ruled(tb, true, tb->xs[e], tb->ys[row], tb->ys[row + 1]))
			return true;
	for (int e = 0; e < tb->nys; e++)
		if (tb->ys[e] > y0 + h * 0.25f && tb->ys[e] < y0 + h * 0.75f &&
		    ruled(tb, false, tb->ys[e], tb->xs[col], tb->xs[col + 1]))
			return true;
	return false;
}

/* Split every word of the page into characters, each into the cell that
 * holds its centre; a character across a ruled edge is marked
 * (cell-overflow). */
static struct pchar *place_chars(const struct ppage *pg, const struct table *tv, size_t nt,
				 size_t *nout)
{
	struct pchar *cv = NULL;
	size_t nc = 0, cap = 0;
	/* a line's top: the highest of its words' (OCR's boxes are each
	 * glyph's own, so words of one line have tops of their own) */
	float *top = xmalloc((pg->nwords ? pg->nwords : 1) * sizeof *top);
	for (size_t i = 0, j; i < pg->nwords; i = j) {
		float t = pg->words[i].y0;
		for (j = i; j < pg->nwords && pg->words[j].line == pg->words[i].line; j++)
			t = pg->words[j].y0 < t ? pg->words[j].y0 : t;
		for (size_t k = i; k < j; k++)
			top[k] = t;
	}
	for (size_t i = 0; i < pg->nwords; i++) {
		const struct pword *w = &pg->words[i];
		size_t len = strlen(w->s);
		float units = 0; /* the characters' widths: CJK 1, others 0.55 */
		for (size_t k = 0; k < len;) {
			uint32_t c;
			size_t m = utf8_decode(w->s + k, len - k, &c);
			units += m && is_wide(c) ? 1.0f : 0.55f;
			k += m + !m;
		}
		float unit = units > 0 ? (w->x1 - w->x0) / units : 0, x = w->x0;
		float cy = (w->y0 + w->y1) / 2;
		for (size_t k = 0; k < len;) {
			uint32_t c;
			size_t m = utf8_decode(w->s + k, len - k, &c);
			bool wide = m && is_wide(c);
			m += !m;
			float cw = (wide ? 1.0f : 0.55f) * unit, cx = x + cw / 2;
			if (nc == cap) {
				cap = cap * 2 + 256;
				cv = xrealloc(cv, cap * sizeof *cv);
			}
			struct pchar *pc = &cv[nc++];
			*pc = (struct pchar){.table = -1, .cell = -1, .line_y = top[i], .x = cx,
					     .word = (unsigned)i, .line = w->line, .wide = wide,
					     .height = w->y1 - w->y0, .gap = 1e9f};
			if (k == 0 && i > 0 && pg->words[i - 1].line == w->line)
				pc->gap = w->x0 - pg->words[i - 1].x1;
			size_t keep = m < sizeof pc->s ? m : sizeof pc->s - 1;
			memcpy(pc->s, w->s + k, keep);
			pc->s[keep] = '\0';
			for (size_t t = 0; t < nt; t++) {
				const struct table *tb = &tv[t];
				int col = slot(tb->xs, tb->nxs, cx), row = slot(tb->ys, tb->nys, cy);
				if (col < 0 || row < 0)
					continue;
				pc->table = (int)t;
				pc->cell = tb->anchor[row * cols(tb) + col];
				/* (OCR's words are each cell's own: no overflow to see) */
				pc->over = !pg->scanned && crosses(tb, x, x + cw, w->y0, w->y1, row, col);
				break;
			}
			x += cw;
			k += m;
		}
	}
	free(top);
	*nout = nc;
	return cv;
}

/* ---- pages into rows -------------------------------------------------------------------- */

static int by_cell_or_line(const void *x, const void *y)
{
	const struct pchar *p = x, *q = y;
	if (p->table != q->table)
		return p->table < q->table ? -1 : 1;
	if (p->table < 0 && p->line != q->line) /* text outside: by poppler's lines */
		return p->line < q->line ? -1 : 1;
	if (p->table < 0)
		return p->x < q->x ? -1 : p->x > q->x;
	return by_place(x, y);
}

static void flush_cell(struct ptext *pt, struct prow *r, int c)
{
	if (!pt->b.n)
		return;
	jx_buf_add(&pt->b, "", 1);
	settle_breaks(pt->b.p, pt->b.n - 1);
	free(r->cells[c]);
	r->cells[c] = xstrdup(pt->b.p);
	r->lines[c] = pt->lines;
	jx_buf_reset(&pt->b);
	pt->last = NULL;
	pt->lines = 0;
}

/* A page's table rows and text lines, appended to rs in their order down
 * the page. */
static void page_rows(struct ppage *pg, unsigned page, struct rows *rs)
{
	struct tables ts;
	tables_of(pg, &ts);
	struct table *tv = ts.v;
	size_t nt = ts.n, nc;
	struct pchar *cv = place_chars(pg, tv, nt, &nc);
	if (nc)
		qsort(cv, nc, sizeof *cv, by_cell_or_line);
	size_t first = rs->n;
	size_t *base = xcalloc(nt ? nt : 1, sizeof *base);
	for (size_t t = 0; t < nt; t++) {
		base[t] = rs->n;
		for (int r = 0; r < rows(&tv[t]); r++)
			add_row(rs, page, tv[t].ys[r], (int)t, cols(&tv[t]));
	}
	struct ptext pt = {0};
	jx_buf_init(&pt.b, 1 << 20);
	struct prow *cur = NULL;
	int cur_cell = -1;
	for (size_t i = 0; i < nc; i++) {
		const struct pchar *c = &cv[i];
		if (c->table < 0) {
			if (!cur || cur->table >= 0 || !i || cv[i - 1].table >= 0 || cv[i - 1].line != c->line) {
				if (cur)
					flush_cell(&pt, cur, 0);
				cur = add_row(rs, page, c->line_y, -1, 1);
				cur_cell = 0;
			}
			text_put(&pt, c);
			continue;
		}
		const struct table *tb = &tv[c->table];
		int C = cols(tb);
		struct prow *row = &rs->v[base[c->table] + (size_t)(c->cell / C)];
		if (row != cur || cur_cell != c->cell % C) {
			if (cur)
				flush_cell(&pt, cur, cur_cell);
			cur = row;
			cur_cell = c->cell % C;
		}
		if (c->over && !row->overflow) {
			row->overflow = true;
			snprintf(row->overflow_text, sizeof row->overflow_text, "%.60s", pg->words[c->word].s);
		}
		text_put(&pt, c);
	}
	if (cur)
		flush_cell(&pt, cur, cur_cell);
	jx_buf_release(&pt.b);
	if (rs->n > first)
		qsort(rs->v + first, rs->n - first, sizeof *rs->v, by_row_y);
	free(base);
	free(cv);
	tables_free(&ts);
}

static bool row_empty(const struct prow *r)
{
	for (int c = 0; c < r->ncells; c++)
		if (r->cells[c])
			return false;
	return true;
}

/* A text line a page has above or below its table: a page number, a
 * running head — nothing that breaks a table row's continuation. */
static bool margin_line(const struct prow *r)
{
	return r->table < 0 && r->cells[0] && strlen(r->cells[0]) <= 24;
}

/*
 * The first table row of a page continues the last one of the page
 * before (a row broken across pages) when both tables have the same
 * columns, every cell it fills is one the row before filled too, and
 * either each of those held text wrapped over lines (only a tall cell is
 * broken: the short ones end on the first page) or it fills at most half
 * as many cells (a row broken after its first line).  A new row fills the
 * short cells too: its name, values, weight and score.
 */
static bool continues(const struct prow *prev, const struct prow *top)
{
	if (prev->ncells != top->ncells || prev->table < 0 || top->table < 0)
		return false;
	int filled = 0, before = 0;
	bool wrapped = true;
	for (int c = 0; c < top->ncells; c++) {
		before += prev->cells[c] != NULL;
		if (!top->cells[c])
			continue;
		if (!prev->cells[c])
			return false;
		filled++;
		wrapped &= prev->lines[c] >= 2;
	}
	return filled > 0 && (wrapped || filled * 2 <= before);
}

/* Join rows broken across pages; *joined[i]: row i was joined onto. */
static void join_continued(struct rows *rs, bool *joined)
{
	for (size_t i = 0; i < rs->n; i++) {
		struct prow *top = &rs->v[i];
		if (top->table < 0 || row_empty(top) || i == 0)
			continue;
		/* the first table row of its page? */
		size_t j = i;
		bool first = true;
		while (j-- > 0 && rs->v[j].page == top->page)
			if (!(margin_line(&rs->v[j]) || row_empty(&rs->v[j])))
				first = false;
		if (!first || top->page == 1)
			continue;
		/* the last table row of the page before */
		j = i;
		while (j-- > 0 && rs->v[j].page >= top->page)
			;
		size_t k = j + 1;
		struct prow *prev = NULL;
		while (k-- > 0 && rs->v[k].page == top->page - 1) {
			if (row_empty(&rs->v[k]) || margin_line(&rs->v[k]))
				continue;
			prev = &rs->v[k];
			break;
		}
		if (!prev || !continues(prev, top))
			continue;
		for (int c = 0; c < top->ncells; c++) {
			if (!top->cells[c])
				continue;
			const char *a = prev->cells[c], *b = top->cells[c];
			bool join = glued(a, strlen(a), b);
			char *s = NULL;
			if (asprintf(&s, "%s%s%s", a, join ? "" : " ", b) < 0)
				abort();
			free(prev->cells[c]);
			prev->cells[c] = s;
			free(top->cells[c]);
			top->cells[c] = NULL;
		}
		joined[prev - rs->v] = true;
	}
}

static void free_rows(struct rows *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		for (int c = 0; c < rs->v[i].ncells; c++)
			free(rs->v[i].cells[c]);
		free(rs->v[i].cells);
		free(rs->v[i].lines);
	}
	free(rs->v);
}

bool pdfgrid_text(struct ppage *pages, size_t n, struct doc_text *out, struct input_error *err)
{
	struct rows rs = {0};
	for (size_t p = 0; p < n; p++)
		page_rows(&pages[p], (unsigned)(p + 1), &rs);
	bool *joined = xcalloc(rs.n ? rs.n : 1, sizeof *joined);
	join_continued(&rs, joined);
	struct jx_buf line;
	jx_buf_init(&line, 4 << 20);
	bool ok = true;
	unsigned page = 0, row = 0;
	for (size_t i = 0; ok && i < rs.n; i++) {
		const struct prow *r = &rs.v[i];
		if (row_empty(r))
			continue;
		if (r->page != page) {
			page = r->page;
			row = 0;
		}
		jx_buf_reset(&line);
		int lastc = r->ncells;
		while (lastc > 0 && !r->cells[lastc - 1])
			lastc--;
		for (int c = 0; c < lastc; c++) {
			if (c)
				jx_buf_add(&line, "\t", 1);
			if (r->cells[c] && strstr(r->cells[c], UNREAD_CELL))
				jx_buf_puts(&line, UNREAD_CELL); /* a word OCR was not sure of (pdf.c) */
			else if (r->cells[c])
				part_text_cell(&line, r->cells[c]);
		}
		struct doc_place at = {.kind = PLACE_PAGE, .unit = page & 0x3FFFFFFF, .row = ++row};
		if (line.overflow || !doc_line(out, line.p ? line.p : "", line.n, at)) {
			input_fail(err, 0, "PDF 的文字超过 %d MB，未读取", DOC_MAX_BYTES >> 20);
			ok = false;
			break;
		}
		if (r->overflow)
			doc_note(out, JX_CHECK_CELL_OVERFLOW, (unsigned long)out->n,
				 "「%s」跨过了单元格的边线（文字超出单元格），已按每个字所在的格读取，请核对原表",
				 r->overflow_text);
		if (joined[i])
			doc_note(out, JX_CHECK_ROW_CONTINUED, (unsigned long)out->n,
				 "这一行在第 %u 页断开、接续到第 %u 页，已合并为一行", page, page + 1);
	}
	jx_buf_release(&line);
	free(joined);
	free_rows(&rs);
	return ok;
}
