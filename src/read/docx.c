/*
 * docx.c: Word documents (.docx, WordprocessingML) read as text (doc.h).
 *
 * word/document.xml is read with expat through the package bounds of
 * ooxml.h.  What becomes text:
 *  - a body paragraph (w:p outside tables): its runs' w:t, a w:tab as a
 *    space, a w:br / w:cr as a line break inside it; a text box's
 *    paragraphs (w:txbxContent) join the paragraph that holds them, and
 *    the VML copy of a drawing (mc:Fallback) is skipped, as are deleted
 *    text (w:delText), the old place of moved text (w:moveFrom), hidden
 *    runs (w:vanish in the run's own properties) and field codes
 *    (w:instrText): what Word shows; a symbol (w:sym, Symbol font) is the
 *    character it shows (≥ ≤ ± × ÷ ≠ …), U+FFFD when it is none of those;
 *  - a table row (w:tr): its cells at their grid columns — w:gridBefore
 *    empty cells first, a cell spanning w:gridSpan columns its text then
 *    empty cells, a w:vMerge continuation (no value, or "continue") empty,
 *    as the cell above holds the text; paragraphs of a cell joined by
 *    line breaks (the builder reads them as spaces);
 *  - a table inside a cell: rows of its own, numbered as the next table,
 *    written when it ends — before the row that holds it, whose other
 *    cells follow as a row.  A wrapper table (one cell holding the form)
 *    so gives the form's rows and nothing else.
 * Empty paragraphs and rows are not written.  Caps: DOC_MAX_CELLS cells,
 * DOC_MAX_COLS columns, DOC_MAX_NEST levels, DOC_MAX_BYTES of text.
 */
#include "arena.h"
#include "doc.h"
#include "input.h"
#include "ooxml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* One table being read: its number and the row being built. */
struct dtable {
	unsigned number;
	unsigned rows;          /* rows written */
	unsigned col;           /* the next cell's grid column */
	struct jx_buf row;      /* the row's cells so far, TAB-separated */
	struct jx_buf cell;     /* the current cell's paragraphs */
	bool row_filled;        /* a cell of the row holds text */
	unsigned span;          /* the current cell's w:gridSpan */
	bool merged;            /* the current cell continues the one above */
};

struct docx {
	struct doc_text *out;
	struct dtable tables[DOC_MAX_NEST];
	int depth;              /* tables open */
	unsigned ntables, nparas;
	size_t cells;
	int para_depth;         /* w:p open (a text box's inside another) */
	int skip;               /* inside mc:Fallback, w:delText, w:instrText, w:moveFrom */
	bool in_rpr;            /* inside a run's properties (w:r/w:rPr) */
	bool hidden;            /* the run is w:vanish: Word does not show it */
	int in_run;
	struct jx_buf para;     /* the paragraph being collected */
};

static bool text_add(struct xp *xp, struct jx_buf *b, const char *s, size_t n)
{
	if (jx_buf_add(b, s, n) == JX_OK)
		return true;
	xp_fail(xp, "一个段落或单元格的文字超过 %s，未读取", "1 MB");
	return false;
}

static unsigned attr_uint(const char **atts, const char *name, unsigned dflt)
{
	const char *v = xml_attr(atts, name);
	if (!v)
		return dflt;
	char *end;
	unsigned long k = strtoul(v, &end, 10);
	return end != v && k < 1000000 ? (unsigned)k : dflt;
}

/* Append k empty cells to a row. */
static bool empty_cells(struct xp *xp, struct dtable *t, unsigned k)
{
	for (unsigned i = 0; i < k; i++) {
		if (++t->col > DOC_MAX_COLS) {
			char n[16];
			snprintf(n, sizeof n, "%d", DOC_MAX_COLS);
			xp_fail(xp, "表格一行超过 %s 列（Word 最多 63 列，文件异常），未读取", n);
			return false;
		}
		if (t->col > 1 && !text_add(xp, &t->row, "\t", 1))
			return false;
	}
	return true;
}

static void emit_line(struct xp *xp, struct docx *d, const char *s, size_t n, struct doc_place at)
{
	if (!doc_line(d->out, s, n, at)) {
		char m[16];
		snprintf(m, sizeof m, "%d MB", DOC_MAX_BYTES >> 20);
		xp_fail(xp, "文档的文字超过 %s，未读取", m);
	}
}

/* The trimmed <s, n> is not empty. */
static bool filled(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return true;
	return false;
}

/* Elements whose text Word does not show as the document's. */
static bool skipped(const char *n)
{
	return !strcmp(n, "Fallback") || !strcmp(n, "delText") || !strcmp(n, "instrText") ||
	       !strcmp(n, "moveFrom");
}

/* A w:sym's character (w:char, hexadecimal, Symbol font's codes F0xx). */
static const char *symbol(const char *hex)
{
	static const struct {
		unsigned code;
		const char *utf8;
	} map[] = {
		{0xB3, "≥"}, {0xA3, "≤"}, {0xB1, "±"}, {0xB4, "×"}, {0xB8, "÷"}, {0xB9, "≠"},
		{0x3C, "<"}, {0x3E, ">"}, {0x3D, "="}, {0xB0, "°"}, {0x25, "%"}, {0xD6, "√"},
		{0xAE, "→"}, {0xAC, "←"}, {0xB7, "•"}, {0x2B, "+"}, {0x2D, "−"},
	};
	unsigned long c = hex ? strtoul(hex, NULL, 16) : 0;
	c = c >= 0xF000 ? c - 0xF000 : c;
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (map[i].code == c)
			return map[i].utf8;
	return "\xef\xbf\xbd"; /* U+FFFD: a symbol there, which one unknown */
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xp *xp = ud;
	struct docx *d = xp->owner;
	const char *n = xml_local(name);
	struct dtable *t = d->depth ? &d->tables[d->depth - 1] : NULL;
	if (skipped(n)) {
		d->skip++;
	} else if (d->skip) {
		return;
	} else if (!strcmp(n, "t")) {
		jx_buf_reset(&xp->text); /* its characters are text (ooxml.c) */
		xp->collect = true;
	} else if (!strcmp(n, "r")) {
		d->in_run++;
		d->hidden = false;
	} else if (!strcmp(n, "rPr")) {
		d->in_rpr = d->in_run > 0;
	} else if (!strcmp(n, "vanish") && d->in_rpr) {
		const char *v = xml_attr(atts, "val");
		d->hidden = !v || (strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "off"));
	} else if (!strcmp(n, "sym") && d->para_depth && !d->hidden) {
		text_add(xp, &d->para, symbol(xml_attr(atts, "char")), strlen(symbol(xml_attr(atts, "char"))));
	} else if (!strcmp(n, "tab")) {
		if (d->para_depth)
			text_add(xp, &d->para, " ", 1);
	} else if (!strcmp(n, "br") || !strcmp(n, "cr")) {
		if (d->para_depth)
			text_add(xp, &d->para, "\n", 1);
	} else if (!strcmp(n, "noBreakHyphen")) {
		text_add(xp, &d->para, "-", 1);
	} else if (!strcmp(n, "p")) {
		if (d->para_depth++ == 0)
			jx_buf_reset(&d->para);
		else
			text_add(xp, &d->para, " ", 1); /* a text box's paragraph */
	} else if (!strcmp(n, "tbl")) {
		if (d->depth == DOC_MAX_NEST) {
			char k[16];
			snprintf(k, sizeof k, "%d", DOC_MAX_NEST);
			xp_fail(xp, "表格嵌套超过 %s 层，未读取", k);
			return;
		}
		struct dtable *nt = &d->tables[d->depth++];
		jx_buf_reset(&nt->row);
		nt->number = ++d->ntables;
		nt->rows = 0;
		nt->col = 0;
	} else if (t && !strcmp(n, "tr")) {
		jx_buf_reset(&t->row);
		t->col = 0;
		t->row_filled = false;
	} else if (t && !strcmp(n, "gridBefore")) {
		empty_cells(xp, t, attr_uint(atts, "val", 0));
	} else if (t && !strcmp(n, "tc")) {
		t->span = 1;
		t->merged = false;
		jx_buf_reset(&t->cell);
	} else if (t && !strcmp(n, "gridSpan")) {
		t->span = attr_uint(atts, "val", 1);
		t->span += t->span == 0;
	} else if (t && !strcmp(n, "vMerge")) {
		const char *v = xml_attr(atts, "val");
		t->merged = !v || !strcmp(v, "continue");
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct xp *xp = ud;
	struct docx *d = xp->owner;
	const char *n = xml_local(name);
	struct dtable *t = d->depth ? &d->tables[d->depth - 1] : NULL;
	if (skipped(n)) {
		d->skip -= d->skip > 0;
	} else if (d->skip) {
		return;
	} else if (!strcmp(n, "t")) {
		xp->collect = false;
		if (d->para_depth && !d->hidden)
			text_add(xp, &d->para, xp->text.p ? xp->text.p : "", xp->text.n);
	} else if (!strcmp(n, "rPr")) {
		d->in_rpr = false;
	} else if (!strcmp(n, "r")) {
		d->in_run -= d->in_run > 0;
		d->hidden = false;
	} else if (!strcmp(n, "p") && d->para_depth > 0) {
		if (--d->para_depth)
			return;
		if (t) { /* a paragraph of a cell */
			if (t->cell.n)
				text_add(xp, &t->cell, "\n", 1);
			text_add(xp, &t->cell, d->para.p ? d->para.p : "", d->para.n);
		} else if (filled(d->para.p, d->para.n)) {
			d->nparas++;
			struct doc_place at = {.kind = PLACE_PARAGRAPH, .unit = d->nparas & 0x3FFFFFFF};
			emit_line(xp, d, d->para.p, d->para.n, at);
		}
		jx_buf_reset(&d->para);
	} else if (t && !strcmp(n, "tc")) {
		if (++d->cells > DOC_MAX_CELLS) {
			char k[16];
			snprintf(k, sizeof k, "%d", DOC_MAX_CELLS);
			xp_fail(xp, "文档的表格超过 %s 格，未读取", k);
			return;
		}
		if (!empty_cells(xp, t, 1))
			return;
		if (!t->merged) {
			jx_buf_add(&t->cell, "", 1); /* NUL-terminated for part_text_cell */
			if (!part_text_cell(&t->row, t->cell.p)) {
				xp_fail(xp, "表格一行的文字超过 %s，未读取", "1 MB");
				return;
			}
			t->row_filled |= filled(t->cell.p, t->cell.n - 1);
		}
		empty_cells(xp, t, t->span - 1);
		jx_buf_reset(&t->cell);
	} else if (t && !strcmp(n, "tr")) {
		t->rows++;
		if (t->row_filled) {
			struct doc_place at = {.kind = PLACE_TABLE, .unit = t->number & 0x3FFFFFFF,
					       .row = t->rows};
			emit_line(xp, d, t->row.p, t->row.n, at);
		}
		jx_buf_reset(&t->row);
	} else if (t && !strcmp(n, "tbl")) {
		d->depth--; /* back in the outer cell, whose text so far is kept */
	}
}

bool docx_text(const char *data, size_t n, struct doc_text *out, struct input_error *err)
{
	struct ooxml o;
	if (!ooxml_open(&o, data, n, "不是有效的 ZIP 文件（.docx 文档是 ZIP），无法读取", err))
		return false;
	struct docx *d = xcalloc(1, sizeof *d);
	d->out = out;
	jx_buf_init(&d->para, OOXML_TEXT_MAX);
	for (int i = 0; i < DOC_MAX_NEST; i++) {
		jx_buf_init(&d->tables[i].row, OOXML_TEXT_MAX);
		jx_buf_init(&d->tables[i].cell, OOXML_TEXT_MAX);
	}
	bool missing;
	bool ok = ooxml_parse(&o, d, "word/document.xml", NULL, on_start, on_end, true, &missing);
	ooxml_close(&o);
	jx_buf_release(&d->para);
	for (int i = 0; i < DOC_MAX_NEST; i++) {
		jx_buf_release(&d->tables[i].row);
		jx_buf_release(&d->tables[i].cell);
	}
	free(d);
	return ok;
}

enum input_kind zip_kind(const char *data, size_t n)
{
	struct input_error err = {0};
	struct ooxml o;
	if (!ooxml_open(&o, data, n, "", &err))
		return IN_XLSX; /* the workbook reader says what is wrong */
	enum input_kind k = ooxml_has(&o, "word/document.xml") && !ooxml_has(&o, "xl/workbook.xml")
				    ? IN_DOCX
				    : IN_XLSX;
	ooxml_close(&o);
	return k;
}
