/*
 * read.h: the reader's internal stages.
 *
 *     FILE -> lines (physical lines, with a bounded look-ahead)
 *          -> layout (one adapter per text layout, chosen per form)
 *          -> rows in the tab layout ("virtual lines"), each with the
 *             source line of its first cell
 *          -> builder.c (the form builder: labels, sections, cells -> model)
 *
 * Every layout is turned into the tab layout of SPEC §2.1 (one table row per
 * line, cells split by TAB, empty cells where merged cells were), so that
 * the form builder, which finds fields by their labels and cells by their
 * column, exists once.  A layout adapter's only job is to recover rows and
 * columns from its shape of text.
 */
#ifndef JX_READ_H
#define JX_READ_H

#include "jixiao.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Lines longer than this are skipped (and reported), never buffered whole. */
enum { LINE_MAX_BYTES = 1 << 20 };

/* ---- lines.c: physical lines -------------------------------------------- */

struct pline {
	char *p;              /* the line without its newline (and CR), NUL-terminated */
	size_t n;
	unsigned long no;     /* 1-based */
	bool too_long;        /* longer than LINE_MAX_BYTES: p holds nothing */
	/* layout.c's answer to "is this a title line?", kept so that a line
	 * looked ahead at is not asked again when it is read: 0 not asked
	 * (a zeroed pline), else enum title_memo there */
	unsigned char title_memo;
};

struct lines;

struct lines *lines_new(FILE *in);
/* The next line read is number `line` (before any is read). */
void lines_set_first(struct lines *ls, unsigned long line);
void lines_free(struct lines *ls);
/* The next line, or NULL at the end of input.  Valid until the next call. */
struct pline *lines_next(struct lines *ls);
/*
 * The i-th line after the one last returned (0 = the next), without
 * consuming it, or NULL past the end or beyond the look-ahead bound
 * (PEEK_LINES lines or PEEK_BYTES bytes).
 */
enum { PEEK_LINES = 80, PEEK_BYTES = 256 * 1024 };
struct pline *lines_peek(struct lines *ls, size_t i);
bool lines_io_error(const struct lines *ls);
/* The input ended inside a line (no final newline): it may be cut short. */
bool lines_unterminated(const struct lines *ls);
unsigned long lines_count(const struct lines *ls);

/* ---- layout.c: physical lines -> rows ------------------------------------ */

struct layout;

/* A finding about the input's shape, reported by the adapter. */
typedef void layout_diag_fn(void *ud, unsigned long line, const char *msg);

struct layout *layout_new(FILE *in, enum jx_layout forced, layout_diag_fn *diag, void *ud);
/* Number lines from `line` (before the first row is read). */
void layout_set_first_line(struct layout *lay, unsigned long line);
void layout_free(struct layout *lay);

/* Cells of a row whose source line is kept one by one (ROW_CELL_LINES). */
enum { ROW_CELL_LINES = 64 };

/*
 * The next row in the tab layout into *out (reset first), with the source
 * line of its first cell in *line.  *too_long: the row's line was over
 * LINE_MAX_BYTES and was skipped (out is empty).  cell_lines[0..*ncl): the
 * line of each cell when the layout spreads a row over lines (0 = *line);
 * *ncl is 0 when every cell is on *line.  False at the end.
 */
bool layout_next(struct layout *lay, struct jx_buf *out, unsigned long *line, bool *too_long,
		 unsigned long cell_lines[ROW_CELL_LINES], int *ncl);
bool layout_io_error(const struct layout *lay);
bool layout_unterminated(const struct layout *lay);
/*
 * May the text <p, n> be cut before its line at offset `at`, each side read
 * by a reader of its own, and give what one reader of the whole gives
 * (jx_text_cut)?  Only where nothing of the reading carries over that
 * line: it is a title both the layout and the builder take for one (one
 * cell, no markup, not a whole form on one line), after a form that ended
 * with its 总分 row (first cell exactly 总分, 合计 or 总计) and no line
 * naming a 单位 after it (in any script), the form it opens starts with
 * its 项目名称 row (so that even a missed 总分 row cannot make the title a
 * running header) and shows its layout in its own rows (not the previous
 * form's by default), one of tab, pipe and markdown, whose adapters keep
 * nothing from one form to the next.  False whenever it cannot tell.
 */
bool layout_cut_ok(const char *p, size_t n, size_t at);
/* <p, n> has a line the builder starts a form at: a piece must hold a
 * form (one reader finds none before the first title either). */
bool layout_has_title(const char *p, size_t n);
/* <p, n> holds HTML markup (<table, <tr, <html, <!doctype, any case): an
 * HTML form is read as HTML to the end of its document, never cut after. */
bool layout_has_markup(const char *p, size_t n);
/* The layout of the row last returned by layout_next(). */
enum jx_layout layout_current(const struct layout *lay);

/* ---- adapters (layout_*.c) ------------------------------------------------ */

/* The i-th physical line after the current one (see lines_peek). */
const struct pline *layout_peek(struct layout *lay, size_t i);

/* Where adapters put their rows: a FIFO the layout drains. */
void layout_emit(struct layout *lay, const char *row, size_t n, unsigned long line);
/* The same with the line of each cell (see layout_next). */
void layout_emit_lines(struct layout *lay, const char *row, size_t n, unsigned long line,
		       const unsigned long *cell_lines, int ncl);
void layout_report(struct layout *lay, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct adapter {
	enum jx_layout layout;
	void *(*open)(struct layout *lay);
	/* one physical line of the form; may emit any number of rows */
	void (*feed)(void *st, struct layout *lay, const struct pline *l);
	/* the input ended, or another layout takes over: emit what is pending */
	void (*flush)(void *st, struct layout *lay);
	void (*close)(void *st);
	/* a title line starts a form in the same layout (before it is fed);
	 * NULL: the adapter sees the title in feed() and decides itself */
	void (*begin_form)(void *st, struct layout *lay);
	/* a line over LINE_MAX_BYTES at `line`; NULL: the layout reports it as
	 * a too-long row in place */
	void (*too_long)(void *st, struct layout *lay, unsigned long line);
};

extern const struct adapter adapter_tab, adapter_pipe, adapter_markdown, adapter_html,
	adapter_cells, adapter_paragraph, adapter_space, adapter_oneline;

/* ---- labels.c: the vocabulary of the form, shared by builder and adapters - */

/* Copy <p, n> without spaces, tabs, ideographic spaces and leading '#' into
 * out (cap bytes, NUL-terminated); returns the length. */
size_t squeeze(const char *p, size_t n, char *out, size_t cap);
/* A title line (see labels.c), squeezed. */
bool is_title_text(const char *squeezed);
bool is_page_marker(const char *squeezed);
bool is_attachment_label(const char *squeezed);
bool year_from(const char *s, int *year);
/* A cell that is only a year: 2024, 2024年, 2024年度, (2024) — what a clerk
 * types into the template's year cell instead of 「（2024年度）」. */
bool year_alone(const char *s, int *year);
int fund_kind(const char *norm);
bool is_level1_name(const char *norm);
bool is_level2_name(const char *norm);
/* A cell that is one number, perhaps a percentage: 3, 0.22792, 7.599%. */
struct dec;
bool number_text(const char *norm, struct dec *d);
/* The closing blocks after 总分 (Sichuan forms). */
enum closing_kind { CLOSING_NONE, CLOSING_CONCLUSION, CLOSING_PROBLEMS, CLOSING_IMPROVEMENTS };
enum closing_kind closing_label(const char *norm);
/* 项目基本情况 / 项目概况: the project's description row. */
bool is_overview_label(const char *norm);
/* A markdown table's separator row: | --- | :---: | */
bool md_separator(const char *p, size_t n);

/* "产出指标(50分)" -> length of "产出指标" and *points = 50; 0 if no weight. */
size_t label_weight(const char *norm, int *points);

/* ---- script.c: traditional script and pinyin glosses ---------------------- */

/*
 * Remove inline pinyin glosses (項(xiàng)目 -> 項目) from <p, n> in place;
 * returns the new length.  Glosses are reading aids added by converters,
 * not content, so they go from the displayed text too.
 */
size_t script_strip_glosses(char *p, size_t n);
/* True when <p, n> holds a character that only traditional script uses. */
bool script_is_traditional(const char *p, size_t n);
/* The same, and *gloss: <p, n> may hold a pinyin gloss (a tone mark), and
 * *bad: utf8_first_invalid(p, n), in one pass over the text. */
bool script_scan(const char *p, size_t n, bool *gloss, size_t *bad);
/*
 * <p, n> in simplified script, as a malloc'd NUL-terminated string with
 * the same TABs (NULL if the converter is unavailable: the caller keeps
 * the original).
 */
char *script_to_simplified(const char *p, size_t n);

#endif
