/*
 * layout_grid.c: the layouts that keep a table's grid, one row per line:
 * TAB-split rows (the tab layout itself), pipe rows and markdown tables.
 *
 * Pipe rows (SPEC §2.2): `a | b | c |`; runs like `||||` are empty cells
 * (merged cells of the PDF), so cells keep their columns as in the tab
 * layout.  Outer pipes are optional and decided per form, from that form's
 * rows only: the trailing pipe when most rows end with one; the leading pipe
 * when a row with a section label (项目名称 …) starts with one (otherwise a
 * leading pipe is an empty first cell).  When rows end
 * with a pipe, a row that does not is broken over lines and continues on
 * the next ones (joined without a separator: the text was wrapped, not
 * spaced).  `\|` is a pipe inside a cell.  Markdown tables are pipe rows
 * with both outer pipes and a `|---|` separator row, which is skipped.
 * Lines without a pipe (the title, a page marker) are rows of one cell.
 */
#include "arena.h"
#include "read.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* ---- tab ------------------------------------------------------------------ */

static void tab_feed(void *st, struct layout *lay, const struct pline *l)
{
	(void)st;
	layout_emit(lay, l->p, l->n, l->no);
}

const struct adapter adapter_tab = {.layout = JX_LAYOUT_TAB, .feed = tab_feed};

/* ---- pipe and markdown ---------------------------------------------------- */

enum { JOIN_MAX_LINES = 20 };

struct pipe {
	bool markdown;
	bool lead_outer, trail_outer;
	int header_cells; /* cells of the indicator table's header row (三级指标), 0 before it */
	struct jx_buf pending; /* a row broken over lines, joined so far */
	unsigned long pending_line;
	int pending_lines;
	struct jx_buf row;
};

static size_t skip_space(const char *p, size_t n, size_t i)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i;
}

static bool unescaped_pipe(const char *p, size_t i)
{
	return p[i] == '|' && (i == 0 || p[i - 1] != '\\');
}

static bool has_pipe(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (unescaped_pipe(p, i))
			return true;
	return false;
}

/* Outer pipes of this form: look at the rows that start with a label. */
static void decide_outer(struct pipe *ps, struct layout *lay)
{
	int ends = 0, rows = 0;
	for (size_t i = 0;; i++) {
		const struct pline *l = layout_peek(lay, i);
		if (!l)
			break;
		if (l->too_long)
			continue;
		char key[64];
		squeeze(l->p, l->n < 60 ? l->n : 60, key, sizeof key);
		if (i > 0 && strstr(key, "自评表") && !has_pipe(l->p, l->n))
			break; /* the next form decides for itself */
		if (!has_pipe(l->p, l->n))
			continue;
		rows++;
		size_t n = text_rtrim(l->p, l->n);
		if (n && l->p[n - 1] == '|')
			ends++;
		size_t s = skip_space(l->p, l->n, 0);
		if (s < l->n && l->p[s] == '|') {
			size_t t = skip_space(l->p, l->n, s + 1);
			squeeze(l->p + t, l->n - t < 40 ? l->n - t : 40, key, sizeof key);
			if (str_starts(key, "项目名称") || str_starts(key, "项目资金") ||
			    str_starts(key, "主管部门") || str_starts(key, "总分"))
				ps->lead_outer = true;
		}
		if (rows >= 40)
			break;
	}
	/* rows end with a pipe in the trailing-pipe style, but for the few broken
	 * over lines; where many do not, a trailing pipe is an empty last cell */
	ps->trail_outer = rows && ends * 100 >= rows * 85;
	if (ps->markdown)
		ps->lead_outer = ps->trail_outer = true;
}

static void *pipe_open_common(struct layout *lay, bool markdown)
{
	struct pipe *ps = xcalloc(1, sizeof *ps);
	ps->markdown = markdown;
	jx_buf_init(&ps->pending, LINE_MAX_BYTES + 1);
	jx_buf_init(&ps->row, LINE_MAX_BYTES + 1);
	decide_outer(ps, lay);
	return ps;
}

static void *pipe_open(struct layout *lay)
{
	return pipe_open_common(lay, false);
}

static void *markdown_open(struct layout *lay)
{
	return pipe_open_common(lay, true);
}

static void pipe_close(void *st)
{
	struct pipe *ps = st;
	jx_buf_release(&ps->pending);
	jx_buf_release(&ps->row);
	free(ps);
}

/*
 * Markdown's markup inside text at p: ** and __ (bold) go, the entities
 * converters write (&nbsp; &amp; &lt; &gt;) become their characters.
 * Returns the bytes it covers (0: none) and what replaces them.
 */
static size_t md_markup(const char *p, size_t n, const char **rep)
{
	static const struct { const char *from, *to; } m[] = {
		{"**", ""}, {"__", ""}, {"&nbsp;", " "}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
	};
	for (size_t k = 0; k < sizeof m / sizeof *m; k++) {
		size_t len = strlen(m[k].from);
		if (n >= len && !memcmp(p, m[k].from, len)) {
			*rep = m[k].to;
			return len;
		}
	}
	return 0;
}

/* <br>, <br/>, <br /> (any case) at p: a line break inside a markdown cell. */
static bool is_br(const char *p, size_t n)
{
	if (n < 4 || strncasecmp(p, "<br", 3))
		return false;
	size_t i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '/'))
		i++;
	return i < n && p[i] == '>';
}

/* The cells of p[i, n): its unescaped pipes and one. */
static int count_cells(const char *p, size_t i, size_t n)
{
	int k = 1;
	for (; i < n; i++)
		k += unescaped_pipe(p, i);
	return k;
}

/*
 * Split one complete pipe row into TAB-separated cells and emit it.  A
 * leading pipe is the form's choice (decide_outer) unless, in the indicator
 * table, the other reading gives the header's number of cells and this one
 * does not: then the row's own count decides, so that a row is never
 * shifted by a pipe that is decoration on one line and an empty merged cell
 * on the next.
 */
static void emit_pipe_row(struct pipe *ps, struct layout *lay, const char *p, size_t n,
			  unsigned long line)
{
	n = text_rtrim(p, n);
	size_t i = skip_space(p, n, 0);
	size_t e = ps->trail_outer && n > i + 1 && unescaped_pipe(p, n - 1) ? n - 1 : n;
	bool lead = i < n && p[i] == '|', skip = ps->lead_outer && lead;
	if (lead && ps->header_cells && !ps->markdown) {
		int dec = count_cells(p, i + 1, e), empty = dec + 1;
		if (!skip && dec == ps->header_cells && empty != ps->header_cells)
			skip = true;
		else if (skip && empty == ps->header_cells && dec != ps->header_cells)
			skip = false;
	}
	if (skip)
		i++;
	n = e;
	{
		char key[256];
		squeeze(p + i, n - i < 240 ? n - i : 240, key, sizeof key);
		if (strstr(key, "三级指标"))
			ps->header_cells = count_cells(p, i, n);
	}
	struct jx_buf *b = &ps->row;
	jx_buf_reset(b);
	for (; i < n; i++) {
		char c = p[i];
		size_t k;
		const char *rep;
		if (c == '\\' && i + 1 < n && p[i + 1] == '|') {
			jx_buf_add(b, "|", 1);
			i++;
		} else if (c == '|') {
			jx_buf_add(b, "\t", 1);
		} else if (c == '\t') {
			jx_buf_add(b, " ", 1);
		} else if (ps->markdown && (k = md_markup(p + i, n - i, &rep)) > 0) {
			jx_buf_puts(b, rep); /* **粗体**, &nbsp; */
			i += k - 1;
		} else if (ps->markdown && c == '<' && is_br(p + i, n - i)) {
			while (p[i] != '>')
				i++;
			jx_buf_add(b, " ", 1);
		} else {
			jx_buf_add(b, &p[i], 1);
		}
	}
	if (b->overflow)
		layout_emit(lay, "", LINE_MAX_BYTES + 1, line); /* too long */
	else
		layout_emit(lay, b->p ? b->p : "", b->n, line);
}

static void flush_pending(struct pipe *ps, struct layout *lay)
{
	if (!ps->pending_lines)
		return;
	emit_pipe_row(ps, lay, ps->pending.p ? ps->pending.p : "", ps->pending.n,
		      ps->pending_line);
	jx_buf_reset(&ps->pending);
	ps->pending_lines = 0;
}

static void pipe_feed(void *st, struct layout *lay, const struct pline *l)
{
	struct pipe *ps = st;
	size_t n = text_rtrim(l->p, l->n);
	bool piped = has_pipe(l->p, n);
	if (ps->pending_lines) {
		if (!n) { /* a blank line ends a broken row */
			flush_pending(ps, lay);
			return;
		}
		jx_buf_add(&ps->pending, l->p + skip_space(l->p, n, 0),
			   n - skip_space(l->p, n, 0));
		ps->pending_lines++;
		if (ps->pending.overflow)
			layout_report(lay, ps->pending_line,
				      "从第 %lu 行起的表格行接续后超过 %d 字节，第 %lu 行起的部分未读取",
				      ps->pending_line, LINE_MAX_BYTES, l->no);
		if ((n && l->p[n - 1] == '|') || ps->pending_lines >= JOIN_MAX_LINES ||
		    ps->pending.overflow) {
			if (ps->pending_lines >= JOIN_MAX_LINES && !(n && l->p[n - 1] == '|'))
				layout_report(lay, ps->pending_line,
					      "从第 %lu 行起的表格行跨越超过 %d 行仍未以「|」结束，按已读部分处理",
					      ps->pending_line, JOIN_MAX_LINES);
			flush_pending(ps, lay);
		}
		return;
	}
	if (!piped) {
		if (!ps->markdown) {
			layout_emit(lay, l->p, l->n, l->no);
			return;
		}
		struct jx_buf *b = &ps->row; /* a heading, the year line: markup off */
		jx_buf_reset(b);
		for (size_t i = 0; i < l->n; i++) {
			const char *rep;
			size_t k = md_markup(l->p + i, l->n - i, &rep);
			if (k) {
				jx_buf_puts(b, rep);
				i += k - 1;
			} else {
				jx_buf_add(b, l->p[i] == '\t' ? " " : &l->p[i], 1);
			}
		}
		layout_emit(lay, b->p ? b->p : "", b->n, l->no);
		return;
	}
	if (ps->markdown && md_separator(l->p, n))
		return;
	if (ps->trail_outer && !(n && l->p[n - 1] == '|')) {
		/* broken over lines: gather until a line ends with a pipe */
		jx_buf_reset(&ps->pending);
		jx_buf_add(&ps->pending, l->p, n);
		ps->pending_line = l->no;
		ps->pending_lines = 1;
		return;
	}
	emit_pipe_row(ps, lay, l->p, n, l->no);
}

static void pipe_flush(void *st, struct layout *lay)
{
	flush_pending(st, lay);
}

/* A new form: what was pending belongs to the last one; outer pipes are
 * decided again from the new form's rows. */
static void pipe_begin_form(void *st, struct layout *lay)
{
	struct pipe *ps = st;
	flush_pending(ps, lay);
	ps->lead_outer = ps->trail_outer = false;
	decide_outer(ps, lay);
}

const struct adapter adapter_pipe = {
	.layout = JX_LAYOUT_PIPE, .open = pipe_open, .feed = pipe_feed, .flush = pipe_flush,
	.close = pipe_close, .begin_form = pipe_begin_form};
const struct adapter adapter_markdown = {
	.layout = JX_LAYOUT_MARKDOWN, .open = markdown_open, .feed = pipe_feed,
	.flush = pipe_flush, .close = pipe_close, .begin_form = pipe_begin_form};
