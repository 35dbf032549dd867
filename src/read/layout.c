/*
 * layout.c: chooses the layout of each form and drives its adapter, which
 * turns physical lines into rows of the tab layout (see read.h).
 *
 * Detection looks at a title line (项目支出绩效自评表) and the lines after
 * it, up to the next title and within the look-ahead bound, and counts the
 * shapes it sees: TAB-split rows, pipe rows, markdown separator rows, lines
 * ending in " |", a 项目名称 label alone or with its value beside it.  An
 * HTML document is HTML from its first line to its last; every other layout
 * is chosen again at each title, since a compiled document may join forms
 * published in different shapes.  The text before the first title (metadata,
 * a fragment of a table) goes through the layout of the first form.
 */
#include "arena.h"
#include "read.h"
#include "text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct vrow {
	struct jx_buf text;
	unsigned long line;
	bool too_long;
	bool diag; /* a finding, delivered in order with the rows */
	enum jx_layout layout; /* of the adapter that emitted it */
	unsigned long cell_lines[ROW_CELL_LINES];
	int ncl;
};

struct layout {
	struct lines *ls;
	enum jx_layout forced, cur;
	const struct adapter *ad;
	void *st;
	layout_diag_fn *diag;
	void *ud;
	enum jx_layout row_layout; /* of the row last returned */
	struct vrow *q; /* FIFO of rows: q[qhead .. qhead+qn) modulo qcap */
	size_t qcap, qhead, qn;
	bool started, done;
};

static const struct adapter *adapter_of(enum jx_layout l)
{
	switch (l) {
	case JX_LAYOUT_PIPE: return &adapter_pipe;
	case JX_LAYOUT_MARKDOWN: return &adapter_markdown;
	case JX_LAYOUT_HTML: return &adapter_html;
	case JX_LAYOUT_CELLS: return &adapter_cells;
	case JX_LAYOUT_PARAGRAPH: return &adapter_paragraph;
	case JX_LAYOUT_SPACE: return &adapter_space;
	case JX_LAYOUT_ONELINE: return &adapter_oneline;
	default: return &adapter_tab;
	}
}

struct layout *layout_new(FILE *in, enum jx_layout forced, layout_diag_fn *diag, void *ud)
{
	struct layout *lay = xcalloc(1, sizeof *lay);
	lay->ls = lines_new(in);
	lay->forced = forced;
	lay->diag = diag;
	lay->ud = ud;
	return lay;
}

void layout_set_first_line(struct layout *lay, unsigned long line)
{
	lines_set_first(lay->ls, line);
}

static void close_adapter(struct layout *lay)
{
	if (lay->ad && lay->ad->close)
		lay->ad->close(lay->st);
	lay->ad = NULL;
	lay->st = NULL;
}

void layout_free(struct layout *lay)
{
	if (!lay)
		return;
	close_adapter(lay);
	for (size_t i = 0; i < lay->qcap; i++)
		jx_buf_release(&lay->q[i].text);
	free(lay->q);
	lines_free(lay->ls);
	free(lay);
}

bool layout_io_error(const struct layout *lay)
{
	return lines_io_error(lay->ls);
}

bool layout_unterminated(const struct layout *lay)
{
	return lines_unterminated(lay->ls);
}

enum jx_layout layout_current(const struct layout *lay)
{
	return lay->row_layout;
}

const struct pline *layout_peek(struct layout *lay, size_t i)
{
	return lines_peek(lay->ls, i);
}

/* ---- the row FIFO -------------------------------------------------------- */

static struct vrow *push_slot(struct layout *lay)
{
	if (lay->qn == lay->qcap) {
		size_t cap = lay->qcap ? lay->qcap * 2 : 16;
		struct vrow *q = xcalloc(cap, sizeof *q);
		for (size_t i = 0; i < lay->qn; i++)
			q[i] = lay->q[(lay->qhead + i) % lay->qcap];
		for (size_t i = lay->qn; i < cap; i++)
			jx_buf_init(&q[i].text, LINE_MAX_BYTES + 4096);
		free(lay->q);
		lay->q = q;
		lay->qcap = cap;
		lay->qhead = 0;
	}
	struct vrow *v = &lay->q[(lay->qhead + lay->qn++) % lay->qcap];
	jx_buf_reset(&v->text);
	v->too_long = v->diag = false;
	v->ncl = 0;
	return v;
}

void layout_emit_lines(struct layout *lay, const char *row, size_t n, unsigned long line,
		       const unsigned long *cell_lines, int ncl)
{
	layout_emit(lay, row, n, line);
	struct vrow *v = &lay->q[(lay->qhead + lay->qn - 1) % lay->qcap];
	v->ncl = ncl < ROW_CELL_LINES ? ncl : ROW_CELL_LINES;
	memcpy(v->cell_lines, cell_lines, (size_t)v->ncl * sizeof *cell_lines);
}

void layout_emit(struct layout *lay, const char *row, size_t n, unsigned long line)
{
	struct vrow *v = push_slot(lay);
	v->line = line;
	v->layout = lay->cur;
	if (n > LINE_MAX_BYTES)
		v->too_long = true;
	else
		jx_buf_add(&v->text, row, n);
}

/*
 * Findings wait in the FIFO behind the rows emitted before them, so that
 * the builder has the form they concern when they come out.
 */
void layout_report(struct layout *lay, unsigned long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct vrow *v = push_slot(lay);
	v->line = line;
	v->diag = true;
	jx_buf_puts(&v->text, msg);
}

/* ---- detection ------------------------------------------------------------- */

/* The squeezed start of a line, glosses removed, in simplified script. */
static size_t line_key(const struct pline *l, char *out, size_t cap)
{
	char tmp[512];
	size_t n = l->n < sizeof tmp - 1 ? l->n : sizeof tmp - 1;
	memcpy(tmp, l->p, n);
	/* an HTML heading or a markdown row: look at its text */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (tmp[i] == '<') {
			while (i < n && tmp[i] != '>')
				i++;
			continue;
		}
		if (tmp[i] == '|' || tmp[i] == '*')
			continue; /* table and bold markup */
		tmp[k++] = tmp[i];
	}
	k = script_strip_glosses(tmp, k);
	if (script_is_traditional(tmp, k)) {
		char *s = script_to_simplified(tmp, k);
		if (s) {
			size_t m = strlen(s);
			size_t r = squeeze(s, m, out, cap);
			free(s);
			return r;
		}
	}
	return squeeze(tmp, k, out, cap);
}

/* Filled TAB cells of a line, up to 2. */
static int tab_cells(const struct pline *l)
{
	int filled = 0;
	bool in = false;
	for (size_t i = 0; i < l->n && filled < 2; i++) {
		if (l->p[i] == '\t')
			in = false;
		else if (l->p[i] != ' ' && !in) {
			in = true;
			filled++;
		}
	}
	return filled;
}

/* A title line; *whole: the title opens a line that carries the whole form. */
static bool title_line_of(const struct pline *l, bool *whole)
{
	char key[256];
	*whole = false;
	if (l->too_long)
		return false;
	/* every title has 表 (in both scripts, glossed or not): most lines are
	 * rejected here without normalising them */
	size_t head = l->n < 700 ? l->n : 700;
	if (!has_char3(l->p, head, "表"))
		return false;
	line_key(l, key, sizeof key);
	const char *at = strstr(key, "项目支出绩效自评表");
	if (!at)
		return false;
	if (tab_cells(l) <= 1 && is_title_text(key))
		return true;
	/* 项目支出绩效自评表 (2023年度) 项目名称 … on one line: the line starts
	 * with the title (and what may stand before one: 附件2, a year, a
	 * unit), and 项目名称 comes right after it or its bracketed year */
	char before[256];
	memcpy(before, key, (size_t)(at - key));
	before[at - key] = '\0';
	static const char *const sentence[] = {"，", "。", "；", "、", ",", ";", "按", "根据", "见",
					       "附", NULL};
	if (at - key > 40 || (str_has_any(before, sentence) && !str_starts(before, "附件")))
		return false;
	const char *after = at + strlen("项目支出绩效自评表");
	if (*after == '(' || str_starts(after, "（")) {
		const char *close = strstr(after, ")");
		const char *fclose = strstr(after, "）");
		const char *end = close && (!fclose || close < fclose) ? close + 1
				: fclose ? fclose + strlen("）") : NULL;
		if (!end || end - after > 24)
			return false;
		after = end;
	}
	if (str_starts(after, "项目名称")) {
		*whole = true;
		return true;
	}
	return false;
}

enum title_memo { MEMO_NONE, MEMO_NO, MEMO_TITLE, MEMO_WHOLE };

/* title_line_of, asked once a line: detection looks ahead at the lines that
 * layout_next then reads */
static bool title_line(struct pline *l, bool *whole)
{
	if (l->title_memo == MEMO_NONE) {
		bool t = title_line_of(l, whole);
		l->title_memo = !t ? MEMO_NO : *whole ? MEMO_WHOLE : MEMO_TITLE;
	}
	*whole = l->title_memo == MEMO_WHOLE;
	return l->title_memo != MEMO_NO;
}

/* <p, n> contains one of the tag starts `tags` ("<table", …; NULL at the
 * end), in any case: one pass over the line, for all of them. */
static bool has_tag(const char *p, size_t n, const char *const *tags)
{
	for (const char *q = memchr(p, '<', n); q; q = memchr(q + 1, '<', n - (size_t)(q + 1 - p)))
		for (const char *const *t = tags; *t; t++) {
			size_t k = strlen(*t);
			if ((size_t)(p + n - q) >= k && !strncasecmp(q, *t, k))
				return true;
		}
	return false;
}

static const char *const table_tags[] = {"<table", "<tr", NULL};
static const char *const page_tags[] = {"<html", "<!doctype", NULL};
static const char *const markup_tags[] = {"<table", "<tr", "<html", "<!doctype", NULL};

static size_t count_pipes(const struct pline *l)
{
	size_t k = 0;
	const char *p = l->p, *end = p + l->n;
	for (const char *q = memchr(p, '|', l->n); q; q = memchr(q + 1, '|', (size_t)(end - q - 1)))
		if (q == p || q[-1] != '\\')
			k++;
	return k;
}

static bool ends_with_pipe(const struct pline *l)
{
	size_t n = text_rtrim(l->p, l->n);
	return n && l->p[n - 1] == '|';
}

/* Two cells split by a run of two or more spaces. */
static bool has_space_run(const struct pline *l)
{
	/* two spaces after a character, and a character after them */
	const char *p = l->p;
	size_t n = l->n;
	for (size_t i = 1; i + 2 < n;) {
		const char *q = memmem(p + i, n - i, "  ", 2);
		if (!q)
			return false;
		i = (size_t)(q - p);
		if (i + 2 >= n)
			return false;
		if (p[i - 1] != ' ') {
			size_t j = i;
			while (j < n && p[j] == ' ')
				j++;
			return j < n; /* else spaces to the end: none after */
		}
		i++; /* within the spaces that open the line */
	}
	return false;
}

/*
 * The layout of the form whose title is `title` (NULL at the start of the
 * input), from the lines after it; JX_LAYOUT_AUTO when they show none.
 */
static enum jx_layout detect(struct layout *lay, struct pline *title)
{
	bool whole = false;
	if (title && has_tag(title->p, title->n, table_tags))
		return JX_LAYOUT_HTML;
	if (title && title_line(title, &whole) && whole)
		return JX_LAYOUT_ONELINE;
	int tab = 0, pipe = 0, mdsep = 0, cellend = 0, space = 0, seen = 0;
	int label_alone = 0, label_with_value = 0;
	for (size_t i = 0;; i++) {
		struct pline *l = lines_peek(lay->ls, i);
		if (!l)
			break;
		if (l->too_long || !l->n)
			continue;
		/* markup first: a page squeezed onto one line also looks like a
		 * form written on one line */
		if (!title && !seen && has_tag(l->p, l->n, page_tags))
			return JX_LAYOUT_HTML;
		if (has_tag(l->p, l->n, table_tags))
			return JX_LAYOUT_HTML;
		bool w;
		if (title_line(l, &w)) {
			if (title || w || seen)
				break; /* the next form */
			continue;
		}
		seen++;
		size_t pipes = count_pipes(l);
		if (tab_cells(l) >= 2)
			tab++;
		if (md_separator(l->p, l->n))
			mdsep++;
		else if (pipes >= 2)
			pipe++;
		else if (pipes == 1 && ends_with_pipe(l))
			cellend++;
		if (!memchr(l->p, '\t', l->n) && !pipes && has_space_run(l))
			space++;
		/* 项目名称 (項目名稱, 名(míng)…) has 名: other lines skip line_key */
		char key[256];
		if (!has_char3(l->p, l->n < 600 ? l->n : 600, "名"))
			continue;
		line_key(l, key, sizeof key);
		if (str_starts(key, "项目名称")) {
			if (!key[strlen("项目名称")])
				label_alone++;
			else if (!memchr(l->p, '\t', l->n) && !pipes)
				label_with_value++;
		}
	}
	if (mdsep && pipe >= 2)
		return JX_LAYOUT_MARKDOWN;
	if (tab >= 2 && tab >= pipe)
		return JX_LAYOUT_TAB;
	if (pipe >= 3)
		return JX_LAYOUT_PIPE;
	if (cellend >= 3)
		return JX_LAYOUT_CELLS;
	if (label_alone)
		return JX_LAYOUT_PARAGRAPH;
	if (label_with_value || space >= 3)
		return JX_LAYOUT_SPACE;
	return JX_LAYOUT_AUTO; /* no evidence: a running header mid-form, say */
}

static void use(struct layout *lay, enum jx_layout l)
{
	if (lay->ad && lay->cur == l)
		return;
	if (lay->ad && lay->ad->flush)
		lay->ad->flush(lay->st, lay);
	close_adapter(lay);
	lay->cur = l;
	lay->ad = adapter_of(l);
	lay->st = lay->ad->open ? lay->ad->open(lay) : NULL;
}

bool layout_next(struct layout *lay, struct jx_buf *out, unsigned long *line, bool *too_long,
		 unsigned long cell_lines[ROW_CELL_LINES], int *ncl)
{
	for (;;) {
		if (lay->qn) {
			struct vrow *v = &lay->q[lay->qhead];
			lay->qhead = (lay->qhead + 1) % lay->qcap;
			lay->qn--;
			if (v->diag) {
				if (lay->diag)
					lay->diag(lay->ud, v->line, v->text.p ? v->text.p : "");
				continue;
			}
			jx_buf_reset(out);
			jx_buf_add(out, v->text.p ? v->text.p : "", v->text.n);
			*line = v->line;
			*too_long = v->too_long;
			*ncl = v->ncl;
			memcpy(cell_lines, v->cell_lines, (size_t)v->ncl * sizeof *cell_lines);
			lay->row_layout = v->layout;
			return true;
		}
		if (lay->done)
			return false;
		if (!lay->started) {
			lay->started = true;
			enum jx_layout first = lay->forced ? lay->forced : detect(lay, NULL);
			use(lay, first == JX_LAYOUT_AUTO ? JX_LAYOUT_TAB : first);
		}
		struct pline *l = lines_next(lay->ls);
		if (!l) {
			if (lay->ad->flush)
				lay->ad->flush(lay->st, lay);
			lay->done = true;
			continue;
		}
		bool whole;
		if (lay->cur != JX_LAYOUT_HTML && title_line(l, &whole)) {
			enum jx_layout next = lay->forced ? lay->forced : detect(lay, l);
			if (next == JX_LAYOUT_AUTO)
				next = lay->cur; /* nothing says otherwise: go on as before */
			if (next != lay->cur)
				use(lay, next); /* flushes the previous adapter */
			else if (lay->ad->begin_form)
				lay->ad->begin_form(lay->st, lay);
		}
		if (l->too_long) {
			if (lay->ad->too_long) {
				lay->ad->too_long(lay->st, lay, l->no);
				continue;
			}
			struct vrow *v = push_slot(lay);
			v->line = l->no;
			v->too_long = true;
			v->layout = lay->cur;
			continue;
		}
		lay->ad->feed(lay->st, lay, l);
	}
}

/* ---- where a text may be cut (jx_text_cut) ------------------------------------- */

/*
 * The first cell of a line as the builder's rows give it: before a TAB, a
 * pipe or a run of two spaces, markup (| * #) and spaces dropped, squeezed.
 */
static void first_cell(const char *p, size_t n, char *out, size_t cap)
{
	size_t i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '|' || p[i] == '*' || p[i] == '\t'))
		i++;
	size_t e = i;
	while (e < n && p[e] != '\t' && p[e] != '|' && !(p[e] == ' ' && e + 1 < n && p[e + 1] == ' '))
		e++;
	while (e > i && p[e - 1] == '*')
		e--;
	squeeze(p + i, e - i, out, cap);
}

/* Does <p, n> hold `word` once spaces are left out (金额单 位, a PDF's)? */
static bool has_spaced(const char *p, size_t n, const char *word)
{
	size_t k = strlen(word);
	for (size_t i = 0; i < n; i++) {
		size_t j = i, m = 0;
		while (j < n && m < k) {
			if (p[j] == ' ' || p[j] == '\t') {
				j++;
				continue;
			}
			if (p[j] != word[m])
				break;
			j++;
			m++;
		}
		if (m == k)
			return true;
	}
	return false;
}

/* Does a line name a 单位 (金额单位：元 above the next title is that form's)?
 * In any script, spacing and length: 金額單位, 金额单 位, a line of
 * leading blanks; and glossed (單(dān)位, line_key). */
static bool names_unit(const struct pline *l)
{
	if (has_spaced(l->p, l->n, "单位") || has_spaced(l->p, l->n, "單位"))
		return true;
	char key[1024];
	line_key(l, key, sizeof key);
	return strstr(key, "单位") != NULL;
}

/*
 * Does the form before the line at `at` end with its 总分 row (its first
 * cell exactly 总分, 合计 or 总计, as the builder takes it), with no line
 * after that row naming a 单位 (names_unit)?  Looks back a few lines
 * only: when it cannot tell, the answer is no.
 */
static bool ends_with_total(const char *p, size_t at)
{
	static const char *const totals[] = {"总分", "合计", "总计", NULL};
	size_t end = at; /* the line before ends at end - 1 (its '\n') */
	for (int k = 0; k < 64 && end > 0; k++) {
		size_t start = end - 1;
		while (start > 0 && p[start - 1] != '\n')
			start--;
		size_t len = end - 1 - start;
		if (len && p[start + len - 1] == '\r')
			len--;
		struct pline l = {.p = (char *)p + start, .n = len};
		if (len > LINE_MAX_BYTES || names_unit(&l))
			return false;
		bool whole;
		if (title_line(&l, &whole))
			return false;
		char cell[256];
		first_cell(l.p, len, cell, sizeof cell);
		if (str_in(cell, totals))
			return true;
		end = start;
	}
	return false;
}

/*
 * Is the title t one the builder also takes for a title as it stands (one
 * cell, no markup, simplified script: is_title in builder.c), so that both
 * readers start a form on it?
 */
static bool plain_title(const struct pline *t)
{
	if (t->n > 600 || tab_cells(t) > 1 || memchr(t->p, '|', t->n) || memchr(t->p, '*', t->n) ||
	    memchr(t->p, '<', t->n))
		return false;
	char buf[256];
	squeeze(t->p, t->n, buf, sizeof buf);
	return is_title_text(buf);
}

/*
 * Does the form after the title open with its 项目名称 row (past blank
 * lines, page markers and a year line)?  Then the title starts a form in
 * one reader too, even after a form whose 总分 row it missed (a running
 * header repeating the title mid-table is followed by the table instead).
 */
static bool opens_with_project(struct layout *lay)
{
	for (size_t i = 0; i < 8; i++) {
		struct pline *l = lines_peek(lay->ls, i);
		if (!l || l->too_long)
			return false;
		char buf[256];
		size_t k = squeeze(l->p, l->n, buf, sizeof buf);
		int y;
		if (k == 0 || is_page_marker(buf) || (k < 24 && year_from(buf, &y)))
			continue;
		char cell[256];
		first_cell(l->p, l->n, cell, sizeof cell);
		return str_starts(cell, "项目名称");
	}
	return false;
}

bool layout_cut_ok(const char *p, size_t n, size_t at)
{
	if (at == 0 || at >= n || p[at - 1] != '\n' || !ends_with_total(p, at))
		return false;
	FILE *in = fmemopen((char *)p + at, n - at, "r");
	if (!in)
		return false;
	struct layout lay = {.ls = lines_new(in)};
	struct pline *t = lines_next(lay.ls);
	bool whole = false;
	bool ok = t && !t->too_long && title_line(t, &whole) && !whole && plain_title(t) &&
		  opens_with_project(&lay);
	if (ok) {
		enum jx_layout l = detect(&lay, t);
		/* adapters that keep nothing from one form to the next */
		ok = l == JX_LAYOUT_TAB || l == JX_LAYOUT_PIPE || l == JX_LAYOUT_MARKDOWN;
	}
	lines_free(lay.ls);
	fclose(in);
	return ok;
}

bool layout_has_title(const char *p, size_t n)
{
	static const char title[] = "项目支出绩效自评表";
	for (const char *t = p; (t = memmem(t, (size_t)(p + n - t), title, strlen(title))) != NULL;
	     t += strlen(title)) {
		const char *b = t, *e = t;
		while (b > p && b[-1] != '\n')
			b--;
		while (e < p + n && *e != '\n')
			e++;
		size_t len = (size_t)(e - b);
		if (len && b[len - 1] == '\r')
			len--;
		struct pline l = {.p = (char *)b, .n = len};
		bool whole;
		if (len <= 600 && title_line(&l, &whole) && !whole && plain_title(&l))
			return true;
	}
	return false;
}

bool layout_has_markup(const char *p, size_t n)
{
	return has_tag(p, n, markup_tags);
}

/* ---- names ------------------------------------------------------------------- */

static const char *const layout_names[JX_LAYOUT__COUNT] = {
	"auto", "tab", "pipe", "markdown", "html", "cells", "paragraph", "space", "oneline",
	"xlsx", "xls",  "csv",  "json",
};

const char *jx_layout_name(enum jx_layout l)
{
	return (int)l >= 0 && l < JX_LAYOUT__COUNT ? layout_names[l] : NULL;
}

bool jx_layout_from_name(const char *name, enum jx_layout *out)
{
	for (int i = 0; name && i <= JX_LAYOUT_LAST_TEXT; i++) /* the text layouts only */
		if (!strcmp(name, layout_names[i])) {
			*out = (enum jx_layout)i;
			return true;
		}
	return false;
}
