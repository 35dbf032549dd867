/*
 * grid.c: a text as cells.  Each line is split into cells by what
 * separates them on that line — pipes, TABs, or runs of spaces — and every
 * cell is cut at the lexicon's labels inside it, so that text copied out of
 * a PDF or OCR without separators (项目名称演出设备更新专项经费主管部门…)
 * becomes label, value, label, value.  A cell cut so is marked, so that
 * what is read from it can be reported as reconstructed.
 *
 * Rows: the cells of one line form a row; in pipe text a line that starts
 * with | continues the row above when either holds more than one cell
 * (a row broken across lines by the page's width), unless nearly every
 * line opens with | (then it is decoration).  A line is run together
 * (one cell, cut at its labels) when its labels touch the text beside them
 * or it is long and has no space at all; then the cut cells are marked
 * `run`, and a cell broken by the line's wrap is joined again.  Header
 * words split over two cells are joined, and whole cells one character
 * off a label are read as it (lexicon_near, reported by fit.c).
 */
#include "arena.h"
#include "grid.h"
#include "read.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* A cell this long (characters) without separators is run-together text:
 * short labels are looked for inside it too. */
enum { RUN_TOGETHER_CHARS = 40, PAREN_MAX_BYTES = 36 };

static void push(struct grid *g, struct tok t)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 256;
		g->v = xrealloc(g->v, g->cap * sizeof *g->v);
	}
	g->v[g->n++] = t;
}

void grid_free(struct grid *g)
{
	free(g->v);
	*g = (struct grid){0};
}

static bool is_space_at(const char *p, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)p[i];
	if (c == ' ' || c == '\t' || c == '\r') {
		*len = 1;
		return true;
	}
	if (c == 0xC2 && i + 1 < n && (unsigned char)p[i + 1] == 0xA0) { /* NBSP */
		*len = 2;
		return true;
	}
	if (c == 0xE3 && i + 2 < n && (unsigned char)p[i + 1] == 0x80 &&
	    (unsigned char)p[i + 2] == 0x80) { /* ideographic space */
		*len = 3;
		return true;
	}
	return false;
}

/*
 * The folded text of a cell with, for each byte of it, the raw offset of
 * the character it came from (so that a cut in folded text is a cut in the
 * printed text).
 */
struct folded {
	char *s;
	size_t *at;
	size_t n;
};

static void fold_cell(struct arena *a, const char *p, size_t n, struct folded *f)
{
	f->s = arena_alloc(a, n * 3 + 1);
	f->at = arena_alloc(a, (n * 3 + 1) * sizeof *f->at);
	f->n = 0;
	size_t i = 0;
	while (i < n) {
		size_t sl;
		if (is_space_at(p, n, i, &sl)) {
			i += sl;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (!k)
			k = 1;
		if (cp == 0xFFFC || cp == 0xFFFB) { /* the reader's own marks (input.h) */
			i += k;
			continue;
		}
		char tmp[16];
		size_t e = text_norm_buf(p + i, k, tmp, sizeof tmp);
		for (size_t j = 0; j < e; j++) {
			f->s[f->n] = tmp[j];
			f->at[f->n++] = i;
		}
		i += k;
	}
	f->s[f->n] = '\0';
	f->at[f->n] = n;
}

/* "(50分)" -> 50; 0 when the group gives no points. */
static int group_points(const char *s, size_t n)
{
	int v = 0;
	size_t i = 1;
	if (n < 4 || s[0] != '(')
		return 0;
	while (i < n && s[i] >= '0' && s[i] <= '9' && v < 1000)
		v = v * 10 + (s[i++] - '0');
	return i > 1 && i + 4 <= n && memcmp(s + i, "分)", 4) == 0 ? v : 0;
}

/* After a label: a "(A)", "(万元)", "(50分)" group and a colon belong to it. */
static size_t label_tail(const char *s, size_t n, size_t at, int *points)
{
	size_t i = at;
	*points = 0;
	if (i < n && s[i] == '(') {
		const char *close = memchr(s + i, ')', n - i < PAREN_MAX_BYTES ? n - i : PAREN_MAX_BYTES);
		if (close) {
			*points = group_points(s + i, (size_t)(close - (s + i)) + 1);
			i = (size_t)(close - s) + 1;
		}
	}
	if (i < n && s[i] == ':')
		i++;
	return i;
}

static const char *raw_piece(struct arena *a, const char *p, const struct folded *f, size_t from,
			     size_t to)
{
	size_t rs = f->at[from], re = f->at[to];
	while (rs < re && (p[rs] == ' ' || p[rs] == '\t'))
		rs++;
	while (re > rs && (p[re - 1] == ' ' || p[re - 1] == '\t'))
		re--;
	/* without the reader's own marks (U+FFFC, U+FFFB, input.h): a value
	 * never carries one from the input */
	char *s = arena_strndup(a, p + rs, re - rs), *o = s;
	for (const char *c = s; *c;) {
		if ((unsigned char)c[0] == 0xEF && (unsigned char)c[1] == 0xBF &&
		    ((unsigned char)c[2] == 0xBC || (unsigned char)c[2] == 0xBB)) {
			c += 3;
			continue;
		}
		*o++ = *c++;
	}
	*o = '\0';
	return s;
}

/* "……", "…", "...": a placeholder row's filler, not content. */
static bool only_ellipsis(const char *sq)
{
	while (*sq) {
		if (strncmp(sq, "\xe2\x80\xa6", 3) == 0) /* … */
			sq += 3;
		else if (*sq == '.')
			sq++;
		else
			return false;
	}
	return true;
}

static void emit(struct grid *g, const char *raw, const char *sq, unsigned long line,
		 uint64_t mask, int points, bool cut)
{
	if (!*sq || only_ellipsis(sq))
		return;
	push(g, (struct tok){raw, sq, line, g->rows, mask, points, cut, false, NULL});
}

/* The longest whole label at the start of s (0: none), short ones too. */
static size_t label_prefix(const struct lexicon *lx, struct arena *a, const char *s, size_t n,
			   uint64_t *mask)
{
	for (size_t k = n < 96 ? n : 96; k > 0; k--) {
		if (((unsigned char)s[k - 1] & 0xC0) == 0x80 && k < n &&
		    ((unsigned char)s[k] & 0xC0) == 0x80)
			continue; /* not a character boundary */
		const char *w = arena_strndup(a, s, k);
		if ((*mask = lexicon_label(lx, w)))
			return k;
	}
	return 0;
}

/*
 * A piece left between labels that is itself short labels run together
 * (分值得分 of 分 值得 分): those labels, so that a header keeps its
 * columns; a piece with anything else in it (没有不得分) stays text.
 */
static bool emit_labels(struct grid *g, struct arena *a, const struct lexicon *lx,
			const char *sq, unsigned long line)
{
	size_t n = strlen(sq), i = 0, k = 0;
	size_t at[16];
	uint64_t masks[16];
	while (i < n && k < 16) {
		size_t len = label_prefix(lx, a, sq + i, n - i, &masks[k]);
		if (!len)
			return false;
		at[k++] = i;
		i += len;
	}
	if (i < n || k < 2)
		return false;
	for (size_t j = 0; j < k; j++) {
		size_t e = j + 1 < k ? at[j + 1] : n;
		const char *w = arena_strndup(a, sq + at[j], e - at[j]);
		emit(g, w, w, line, masks[j], 0, true);
	}
	return true;
}

/* The last token, text ending in a two-character label (…评价内容分值), when
 * a label follows: the text and that label. */
static void split_short_tail(struct grid *g, struct arena *a, const struct lexicon *lx)
{
	struct tok *t = &g->v[g->n - 1];
	size_t n = strlen(t->sq);
	if (n <= 6)
		return;
	const char *tail = t->sq + n - 6; /* two characters of three bytes */
	uint64_t m = lexicon_label(lx, tail);
	if (!m || !(m & (KBIT(K_HDR_WEIGHT) | KBIT(K_HDR_SCORE))))
		return;
	size_t rn = strlen(t->raw);
	if (rn < 6 || strcmp(t->raw + rn - 6, tail) != 0)
		return; /* the raw text differs (spaces, full-width): leave it */
	struct tok label = *t;
	label.sq = label.raw = arena_strdup(a, tail);
	label.mask = m;
	t->sq = arena_strndup(a, t->sq, n - 6);
	t->raw = arena_strndup(a, t->raw, rn - 6);
	push(g, label);
}

/* One cell: a label, a value, or run-together text cut at its labels. */
static void add_cell(struct grid *g, struct arena *a, const struct lexicon *lx, const char *p,
		     size_t n, unsigned long line)
{
	struct folded f;
	fold_cell(a, p, n, &f);
	if (!f.n)
		return;
	size_t chars = 0;
	for (size_t i = 0; i < f.n; i++)
		chars += ((unsigned char)f.s[i] & 0xC0) != 0x80;
	uint64_t whole = lexicon_label(lx, f.s);
	const char *near = NULL;
	if (!whole && chars >= 4 && chars < RUN_TOGETHER_CHARS &&
	    (whole = lexicon_near(lx, f.s, &near))) {
		emit(g, raw_piece(a, p, &f, 0, f.n), near, line, whole, 0, false);
		g->v[g->n - 1].near = near; /* reported by fit.c as an OCR look-alike */
		return;
	}
	int pts = 0;
	if (whole || chars < 4) {
		emit(g, raw_piece(a, p, &f, 0, f.n), f.s, line, whole, 0, false);
		return;
	}
	bool run_together = chars >= RUN_TOGETHER_CHARS;
	size_t start = 0, i = 0, first = g->n;
	bool cut = false;
	while (i < f.n) {
		uint64_t m;
		size_t title = lexicon_title_at(lx, f.s + i, f.n - i);
		if (title) { /* a title is not cut at the labels inside it */
			i += title;
			continue;
		}
		/* a short cell is cut only at a label that opens it (年度资金总额：50…);
		 * inside a name (指标1：服务对象满意度) a label is part of it */
		size_t len = run_together || i == start
				     ? lexicon_match(lx, f.s + i, f.n - i, run_together, &m) : 0;
		if (!len && i == 0) { /* 执行率(全年: a short label opens the cell */
			len = lexicon_match(lx, f.s, f.n, true, &m);
			if (len < 9) /* three characters at least: 其他 opens 其他试验 */
				len = 0;
		}
		if (!len || (i == 0 && len == f.n)) {
			i++;
			while (i < f.n && ((unsigned char)f.s[i] & 0xC0) == 0x80)
				i++;
			continue;
		}
		size_t end = label_tail(f.s, f.n, i + len, &pts);
		if (i > start) {
			const char *sq = arena_strndup(a, f.s + start, i - start);
			if (!emit_labels(g, a, lx, sq, line))
				emit(g, raw_piece(a, p, &f, start, i), sq, line, lexicon_label(lx, sq), 0,
				     true);
		}
		/* a header's 分值 glued to the text before it (评价内容分值|自评分):
		 * a short label ending the piece just cut, before a label */
		if (run_together && g->n > first && !g->v[g->n - 1].mask)
			split_short_tail(g, a, lx);
		/* the label without its colon for matching; the group kept in raw */
		size_t lend = end;
		if (lend > i + len && f.s[lend - 1] == ':')
			lend--;
		emit(g, raw_piece(a, p, &f, i, lend), arena_strndup(a, f.s + i, len), line, m, pts,
		     start > 0 || end < f.n);
		cut = true;
		start = i = end;
	}
	if (start < f.n) {
		const char *sq = arena_strndup(a, f.s + start, f.n - start);
		if (!(cut && emit_labels(g, a, lx, sq, line)))
			emit(g, raw_piece(a, p, &f, start, f.n), sq, line, lexicon_label(lx, sq), 0,
			     cut);
	}
	for (size_t k = first; run_together && k < g->n; k++)
		g->v[k].run = true;
}

static bool delimiter_at(const char *p, size_t n, size_t i)
{
	size_t sl;
	return i >= n || is_space_at(p, n, i, &sl) || p[i] == ':' || p[i] == '(' || p[i] == ')';
}

/*
 * Is a line OCR run together, its spaces where the scan wrapped a cell
 * rather than between cells?  Then most of its labels touch the text next
 * to them (100%质量 指标县级储备粮…), where a line of cells split by spaces
 * has them apart (项目名称 建档立卡… 主管部门 …).
 */
static bool glued_labels(struct arena *a, const struct lexicon *lx, const char *p, size_t n)
{
	struct folded f;
	fold_cell(a, p, n, &f);
	unsigned labels = 0, glued = 0;
	for (size_t i = 0; i < f.n;) {
		uint64_t m;
		size_t len = lexicon_match(lx, f.s + i, f.n - i, false, &m);
		if (!len) {
			i++;
			continue;
		}
		/* the label's raw end: after its last character, not at the next
		 * character folded (which skips the spaces between) */
		uint32_t cp;
		size_t last = f.at[i + len - 1], cl = utf8_decode(p + last, n - last, &cp);
		size_t rs = f.at[i], re = last + (cl ? cl : 1);
		bool before = rs == 0 || delimiter_at(p, n, rs - 1) ||
			      (rs >= 3 && (unsigned char)p[rs - 3] == 0xEF); /* full-width （ ： */
		bool after = delimiter_at(p, n, re) || (unsigned char)p[re] == 0xEF;
		labels++;
		glued += !before || !after;
		i += len;
	}
	return glued >= 3 && glued * 3 >= labels * 2;
}

/* The number of non-empty cells of a pipe line. */
static size_t pipe_cells(const char *p, size_t n)
{
	size_t cells = 0, i = 0;
	while (i < n) {
		const char *bar = memchr(p + i, '|', n - i);
		size_t e = bar ? (size_t)(bar - p) : n;
		for (size_t j = i; j < e; j++) {
			size_t sl;
			if (!is_space_at(p, n, j, &sl)) {
				cells++;
				break;
			}
		}
		i = e + 1;
	}
	return cells;
}

static size_t skip_space(const char *p, size_t n, size_t i)
{
	size_t sl;
	while (i < n && is_space_at(p, n, i, &sl))
		i += sl;
	return i;
}

/* Page prefixes of re-hosted documents: "2、" at the start of a long line. */
static size_t page_prefix(const char *p, size_t n)
{
	size_t i = skip_space(p, n, 0);
	if (n < 200 || i >= n || p[i] < '1' || p[i] > '9')
		return 0;
	size_t j = i + 1;
	if (j < n && p[j] >= '0' && p[j] <= '9')
		j++;
	return j + 3 <= n && memcmp(p + j, "、", 3) == 0 ? j + 3 : 0;
}

static void add_line(struct grid *g, struct arena *a, const struct lexicon *lx, const char *p,
		     size_t n, unsigned long line, size_t *prev_cells)
{
	if (skip_space(p, n, 0) == n)
		return; /* a blank line is no row (paragraphs are separated by them) */
	if (memchr(p, '|', n)) {
		g->pipes = true;
		size_t cells = pipe_cells(p, n);
		size_t s = skip_space(p, n, 0);
		/* where every row opens with a pipe (| a | b |) it is decoration,
		 * and a line opening with one is a row of its own */
		bool continues = !g->lead_pipes && s < n && p[s] == '|' && (cells > 1 || *prev_cells > 1);
		if (!continues)
			g->rows++;
		*prev_cells = cells;
		size_t i = 0;
		while (i <= n) {
			const char *bar = i < n ? memchr(p + i, '|', n - i) : NULL;
			size_t e = bar ? (size_t)(bar - p) : n;
			if (e > i)
				add_cell(g, a, lx, p + i, e - i, line);
			i = e + 1;
		}
		return;
	}
	*prev_cells = 0;
	g->rows++;
	bool tabs = memchr(p, '\t', n) != NULL;
	size_t spaces = 0;
	for (size_t k = 0; k < n; k++)
		spaces += p[k] == ' ';
	if (!tabs && ((n >= 200 && spaces == 0) || (n >= 100 && glued_labels(a, lx, p, n)))) {
		/* OCR run together: the few spaces are the scan's, not cells' */
		size_t s0 = page_prefix(p, n);
		add_cell(g, a, lx, p + s0, n - s0, line);
		return;
	}
	size_t i = page_prefix(p, n);
	while (i < n) {
		i = tabs ? i : skip_space(p, n, i);
		size_t s = i, sl;
		while (i < n && (tabs ? p[i] != '\t' : !is_space_at(p, n, i, &sl)))
			i++;
		if (i > s)
			add_cell(g, a, lx, p + s, i - s, line);
		if (i < n && tabs)
			i++;
	}
}

/*
 * Header words split across cells or lines (一级 / 指标, 可持续影 / 响指标,
 * 服务对象 / 满意度指标): two neighbouring cells whose text together is a
 * label, one of which is none alone, are one label.
 */
static void join_split_labels(struct grid *g, struct arena *a, const struct lexicon *lx)
{
	size_t o = 0;
	for (size_t i = 0; i < g->n; i++) {
		struct tok *t = &g->v[i];
		if (o && (!t->mask || !g->v[o - 1].mask) && strlen(t->sq) < 40 &&
		    strlen(g->v[o - 1].sq) < 40) {
			struct tok *p = &g->v[o - 1];
			const char *sq = arena_printf(a, "%s%s", p->sq, t->sq);
			uint64_t m = lexicon_label(lx, sq);
			if (m) {
				p->sq = sq;
				p->raw = arena_printf(a, "%s%s", p->raw, t->raw);
				p->mask = m;
				continue;
			}
		}
		/* 效益指 | 标(30 | 分): a label and its points split over three
		 * cells (a merged cell's text wrapped in the PDF) */
		if (o && i + 1 < g->n && !t->mask && !g->v[o - 1].mask && !g->v[i + 1].mask &&
		    strlen(g->v[o - 1].sq) < 40 && strlen(t->sq) < 40 && strlen(g->v[i + 1].sq) < 8) {
			struct tok *p = &g->v[o - 1];
			const char *sq = arena_printf(a, "%s%s%s", p->sq, t->sq, g->v[i + 1].sq);
			const char *open = strchr(sq, '(');
			size_t ln = open ? (size_t)(open - sq) : 0;
			int pts = open ? group_points(open, strlen(open)) : 0;
			uint64_t m = pts && strlen(open) == strcspn(open, ")") + 1
					     ? lexicon_label(lx, arena_strndup(a, sq, ln)) : 0;
			if (m) {
				p->sq = arena_strndup(a, sq, ln);
				p->raw = arena_printf(a, "%s%s%s", p->raw, t->raw, g->v[i + 1].raw);
				p->mask = m;
				p->points = pts;
				i++;
				continue;
			}
		}
		/* a (30分) of its own after a label is that label's weight */
		int pts = group_points(t->sq, strlen(t->sq));
		if (o && pts && g->v[o - 1].mask && !g->v[o - 1].points &&
		    strlen(t->sq) == strcspn(t->sq, ")") + 1) {
			g->v[o - 1].points = pts;
			g->v[o - 1].raw = arena_printf(a, "%s%s", g->v[o - 1].raw, t->raw);
			continue;
		}
		g->v[o++] = *t;
	}
	g->n = o;
}

/* Run-together text wrapped by the page: a cut cell ending one line and a
 * cut cell opening the next are one cell (…库存数量真实率100% / 100%质量…). */
static void join_wrapped_cells(struct grid *g, struct arena *a)
{
	size_t o = 0;
	for (size_t i = 0; i < g->n; i++) {
		struct tok *t = &g->v[i];
		struct tok *p = o ? &g->v[o - 1] : NULL;
		if (p && p->run && t->run && !p->mask && !t->mask && t->row == p->row + 1 &&
		    (i + 1 == g->n || g->v[i + 1].row == t->row) && (i == 0 || g->v[i - 1].row == p->row)) {
			p->sq = arena_printf(a, "%s%s", p->sq, t->sq);
			p->raw = arena_printf(a, "%s%s", p->raw, t->raw);
			continue;
		}
		g->v[o++] = *t;
	}
	g->n = o;
}

/*
 * A `# key: value` line (an ASCII word, then a colon) at the top of a text:
 * where the text came from, written by whoever saved it (# source: URL,
 * # publisher: …), not a line of the form.  Its words can be labels (a
 * publisher line naming 项目决策/项目管理), so it is never read as cells.
 */
static bool metadata_line(const char *p, size_t n)
{
	size_t i = 0;
	if (n < 3 || p[0] != '#' || p[1] != ' ')
		return false;
	for (i = 2; i < n && ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_' || p[i] == '-'); i++)
		;
	return i > 2 && i < n && p[i] == ':';
}

void grid_build(struct grid *g, struct arena *a, const struct lexicon *lx, const char *text,
		size_t n)
{
	*g = (struct grid){0};
	size_t i = utf8_bom(text, n), prev_cells = 0;
	unsigned long line = 0;
	{ /* lines with a pipe, and how many of them open with one */
		size_t piped = 0, opening = 0;
		for (size_t k = i; k < n;) {
			const char *nl = memchr(text + k, '\n', n - k);
			size_t e = nl ? (size_t)(nl - text) : n;
			if (memchr(text + k, '|', e - k)) {
				piped++;
				opening += text[skip_space(text + k, e - k, 0) + k] == '|';
			}
			k = e + 1;
		}
		g->lead_pipes = piped >= 3 && opening * 10 >= piped * 9;
	}
	bool top = true; /* no line of the form yet: metadata lines are skipped */
	while (i < n) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - text) : n;
		line++;
		if (top && metadata_line(text + i, e - i)) {
			i = e + 1;
			continue;
		}
		top = false;
		char *l = arena_strndup(a, text + i, e - i);
		size_t ln = script_strip_glosses(l, e - i);
		char *simple = NULL;
		if (script_is_traditional(l, ln) && (simple = script_to_simplified(l, ln))) {
			l = arena_strdup(a, simple);
			ln = strlen(l);
			free(simple);
		}
		add_line(g, a, lx, l, ln, line, &prev_cells);
		i = e + 1;
	}
	join_split_labels(g, a, lx);
	join_wrapped_cells(g, a);
}
