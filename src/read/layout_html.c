/*
 * layout_html.c: forms published as web pages: <table> markup, with merged
 * cells written as rowspan/colspan (SPEC §2; issue 3).
 *
 * The page is parsed by libxml2's HTML push parser (Debian's libxml2), fed
 * line by line, so memory stays bounded and malformed markup is handled by
 * a parser that is built for it.  Its SAX events are turned into rows of the
 * tab layout: a cell spanning n columns is its text and n-1 empty cells; a
 * cell spanning rows leaves empty cells in the rows below, exactly as a PDF
 * flattening leaves them.  Text outside tables (the <h2> title, the year
 * line, notes) becomes rows of one cell, one per block element.  Text in
 * <head>, <script> and <style> is not part of the form.
 */
#include "arena.h"
#include "read.h"
#include "text.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

enum { MAX_COLS = 64, MAX_ROWSPAN = 10000, MAX_COLSPAN = MAX_COLS, CELL_MAX = 1 << 18 };

struct html {
	struct layout *lay;
	htmlParserCtxtPtr ctxt;
	int skip;              /* inside head/script/style */
	int table_depth;
	bool in_row, in_cell, in_caption;
	int col, colspan, rowspan;
	int below[MAX_COLS];   /* rows still covered by a rowspan from above */
	struct jx_buf row, cell, block;
	unsigned long row_line, cell_line, block_line;
	bool too_wide_reported;
	size_t fed; /* bytes given to this document's parser */
	unsigned long feeding; /* the physical line being fed */
	unsigned long lines[MAX_COLS]; /* each cell's line in the row */
	bool utf8;             /* ignore the page's declared encoding (looks_utf8) */
	bool cut_reported;     /* the text being gathered hit CELL_MAX */
};

/*
 * The source line of the element or text being parsed: the physical line
 * being fed when the parser reports it.  (libxml2's own count restarts with
 * every document and trails the push by a line.)
 */
static unsigned long cur_line(const struct html *h)
{
	return h->feeding;
}

static bool is_block(const char *n)
{
	static const char *const blocks[] = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6",
					     "caption", "li", "section", "article", "center",
					     "blockquote", "pre", NULL};
	for (const char *const *b = blocks; *b; b++)
		if (!strcasecmp(n, *b))
			return true;
	return false;
}

static void emit_block(struct html *h)
{
	size_t n = h->block.n;
	const char *p = h->block.p ? h->block.p : "";
	bool blank = true;
	for (size_t i = 0; i < n; i++)
		blank &= p[i] == ' ';
	if (!blank)
		layout_emit(h->lay, p, n, h->block_line);
	jx_buf_reset(&h->block);
	h->cut_reported = false;
}

static void add_cell(struct html *h, const char *p, size_t n)
{
	if (h->col >= MAX_COLS) {
		if (!h->too_wide_reported)
			layout_report(h->lay, h->row_line, "表格行超过 %d 列，多出的列未读取",
				      MAX_COLS);
		h->too_wide_reported = true;
		return;
	}
	if (h->col > 0)
		jx_buf_add(&h->row, "\t", 1);
	jx_buf_add(&h->row, p, n);
	h->lines[h->col] = n ? h->cell_line : 0;
	h->col++;
}

/* Columns covered by a rowspan from above, up to the next free one. */
static void skip_covered(struct html *h)
{
	while (h->col < MAX_COLS && h->below[h->col] > 0) {
		h->below[h->col]--;
		add_cell(h, "", 0);
	}
}

static int span_attr(const xmlChar **atts, const char *name, int max)
{
	for (const xmlChar **a = atts; a && a[0]; a += 2)
		if (!strcasecmp((const char *)a[0], name) && a[1]) {
			long v = strtol((const char *)a[1], NULL, 10);
			return v < 1 ? 1 : v > max ? max : (int)v;
		}
	return 1;
}

static void end_row(struct html *h)
{
	if (!h->in_row)
		return;
	/* a row that stops before columns still covered from above uses up
	 * those rowspans too (else they shift the rows below) */
	int last = -1;
	for (int c = h->col; c < MAX_COLS; c++)
		if (h->below[c] > 0)
			last = c;
	while (h->col <= last) {
		if (h->below[h->col] > 0)
			h->below[h->col]--;
		add_cell(h, "", 0);
	}
	if (h->row.overflow)
		layout_report(h->lay, h->row_line, "表格行超过 %d 字节，其后的格未读取", LINE_MAX_BYTES);
	layout_emit_lines(h->lay, h->row.p ? h->row.p : "", h->row.n, h->row_line, h->lines, h->col);
	jx_buf_reset(&h->row);
	h->in_row = false;
}

static void end_cell(struct html *h)
{
	if (!h->in_cell)
		return;
	h->in_cell = false;
	int at = h->col;
	/* trim: the builder trims too, but a cell of spaces must stay empty */
	const char *p = h->cell.p ? h->cell.p : "";
	size_t n = h->cell.n;
	while (n && p[n - 1] == ' ')
		n--;
	while (n && *p == ' ')
		p++, n--;
	add_cell(h, p, n);
	for (int k = 1; k < h->colspan; k++)
		add_cell(h, "", 0);
	for (int k = 0; k < h->colspan && at + k < MAX_COLS; k++)
		h->below[at + k] = h->rowspan - 1;
	jx_buf_reset(&h->cell);
}

static void on_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
	struct html *h = ud;
	const char *n = (const char *)name;
	if (!strcasecmp(n, "head") || !strcasecmp(n, "script") || !strcasecmp(n, "style") ||
	    !strcasecmp(n, "title")) {
		h->skip++;
		return;
	}
	if (!strcasecmp(n, "table")) {
		if (++h->table_depth == 1) {
			emit_block(h);
			memset(h->below, 0, sizeof h->below);
		}
		return;
	}
	if (h->table_depth > 1) /* a table inside a cell: its text joins the cell */
		return;
	if (h->table_depth == 1 && !strcasecmp(n, "tr")) {
		end_cell(h);
		end_row(h);
		h->in_row = true;
		h->col = 0;
		h->row_line = cur_line(h);
		return;
	}
	if (h->table_depth == 1 && (!strcasecmp(n, "td") || !strcasecmp(n, "th"))) {
		end_cell(h);
		if (!h->in_row) { /* a cell without <tr> */
			h->in_row = true;
			h->col = 0;
			h->row_line = cur_line(h);
		}
		skip_covered(h);
		h->in_cell = true;
		h->colspan = span_attr(atts, "colspan", MAX_COLSPAN);
		h->rowspan = span_attr(atts, "rowspan", MAX_ROWSPAN);
		h->cell_line = cur_line(h);
		h->cut_reported = false;
		jx_buf_reset(&h->cell);
		return;
	}
	if (h->table_depth == 1 && !strcasecmp(n, "caption")) {
		emit_block(h);
		h->in_caption = true; /* a title over the table: a row of its own */
		return;
	}
	if (!strcasecmp(n, "br")) {
		if (h->in_cell)
			jx_buf_add(&h->cell, " ", 1);
		else if (!h->table_depth)
			emit_block(h);
		return;
	}
	if (!h->table_depth && is_block(n))
		emit_block(h);
}

static void on_end(void *ud, const xmlChar *name)
{
	struct html *h = ud;
	const char *n = (const char *)name;
	if (!strcasecmp(n, "head") || !strcasecmp(n, "script") || !strcasecmp(n, "style") ||
	    !strcasecmp(n, "title")) {
		if (h->skip)
			h->skip--;
		return;
	}
	if (!strcasecmp(n, "table")) {
		if (h->table_depth == 1) {
			end_cell(h);
			end_row(h);
		}
		if (h->table_depth)
			h->table_depth--;
		return;
	}
	if (h->table_depth > 1)
		return;
	if (!strcasecmp(n, "caption") && h->in_caption) {
		h->in_caption = false;
		emit_block(h);
	} else if (!strcasecmp(n, "td") || !strcasecmp(n, "th"))
		end_cell(h);
	else if (!strcasecmp(n, "tr")) {
		end_cell(h);
		end_row(h);
	} else if (!h->table_depth && is_block(n))
		emit_block(h);
}

/* Does b end inside a UTF-8 character (its lead byte there, not all of its
 * continuation bytes)? */
static bool open_char(const struct jx_buf *b)
{
	size_t k = 0;
	while (k < 3 && k < b->n && ((unsigned char)b->p[b->n - 1 - k] & 0xC0) == 0x80)
		k++;
	if (k == b->n)
		return false;
	unsigned char lead = (unsigned char)b->p[b->n - 1 - k];
	size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	return k + 1 < len;
}

/* Text: whitespace runs become one space (HTML's own rule); TABs never split. */
static void on_text(void *ud, const xmlChar *ch, int len)
{
	struct html *h = ud;
	if (h->skip)
		return;
	struct jx_buf *b = h->in_cell ? &h->cell
			 : !h->table_depth || h->in_caption ? &h->block
							     : NULL;
	if (!b)
		return; /* text between cells */
	if (b == &h->block && !b->n)
		h->block_line = cur_line(h);
	for (int i = 0; i < len; i++) {
		char c = (char)ch[i];
		bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
		if (space) {
			if (b->n && b->p[b->n - 1] != ' ' && b->n < CELL_MAX)
				jx_buf_add(b, " ", 1);
		} else if (b->n < CELL_MAX || (((unsigned char)c & 0xC0) == 0x80 && open_char(b))) {
			jx_buf_add(b, &c, 1); /* finish a character begun under the cap */
		} else if (!h->cut_reported) {
			h->cut_reported = true;
			layout_report(h->lay, cur_line(h), "单元格文字超过 %d 字节，其后的部分未读取",
				      CELL_MAX);
		}
	}
}

/* libxml2's messages: the library never prints (malformed markup is the
 * normal case here; what it costs the form is reported as `unparsed`) */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/*
 * Is the page UTF-8 whatever its <meta charset> says?  Saved and converted
 * pages often keep a stale GBK declaration; when every byte in view is
 * valid UTF-8 the declaration is ignored.  A page really in GBK is decoded
 * by libxml2 as it declares.
 */
static bool looks_utf8(struct layout *lay)
{
	for (size_t i = 0;; i++) {
		const struct pline *l = layout_peek(lay, i);
		if (!l)
			return true;
		if (!l->too_long && utf8_first_invalid(l->p, l->n) < l->n)
			return false;
	}
}

/*
 * libxml2 2.9 reports some errors (an encoding conversion that fails on a
 * page's bytes) through its process-wide generic handler, which prints to
 * stderr; the library never prints, so each call into the parser runs with
 * a silent handler and puts the caller's back afterwards.
 */
static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void parse_chunk(htmlParserCtxtPtr ctxt, const char *p, int n, int terminate)
{
	xmlGenericErrorFunc old = xmlGenericError;
	void *old_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, silent);
	htmlParseChunk(ctxt, p, n, terminate);
	xmlSetGenericErrorFunc(old_ctx, old);
}

static void start_parser(struct html *h)
{
	htmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.warning = quiet;
	sax.error = quiet;
	sax.fatalError = quiet;
	h->ctxt = htmlCreatePushParserCtxt(&sax, h, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
	if (!h->ctxt) { /* only out of memory fails here */
		fputs("jixiao: out of memory (HTML parser)\n", stderr);
		abort();
	}
	htmlCtxtUseOptions(h->ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR |
					    HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT |
					    (h->utf8 ? HTML_PARSE_IGNORE_ENC : 0));
	h->fed = 0;
	h->skip = h->table_depth = 0;
}

static void *html_open(struct layout *lay)
{
	struct html *h = xcalloc(1, sizeof *h);
	h->lay = lay;
	jx_buf_init(&h->row, LINE_MAX_BYTES);
	jx_buf_init(&h->cell, CELL_MAX + 8);
	jx_buf_init(&h->block, CELL_MAX + 8);
	h->utf8 = looks_utf8(lay);
	start_parser(h);
	return h;
}

static void html_flush(void *st, struct layout *lay);

/* A second document in the same file (pages saved one after another):
 * libxml2 ignores what follows </html>, so each document gets a parser. */
static bool starts_document(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	return (n >= 9 && !strncasecmp(p, "<!doctype", 9)) || (n >= 5 && !strncasecmp(p, "<html", 5));
}

static void html_feed(void *st, struct layout *lay, const struct pline *l)
{
	struct html *h = st;
	if (h->fed && starts_document(l->p, l->n)) {
		html_flush(h, lay);
		start_parser(h);
	}
	h->feeding = l->no;
	parse_chunk(h->ctxt, l->p, (int)l->n, 0);
	parse_chunk(h->ctxt, "\n", 1, 0);
	h->fed += l->n + 1;
}

static void html_flush(void *st, struct layout *lay)
{
	struct html *h = st;
	(void)lay;
	if (!h->ctxt)
		return;
	parse_chunk(h->ctxt, NULL, 0, 1);
	end_cell(h);
	end_row(h);
	emit_block(h);
	htmlFreeParserCtxt(h->ctxt);
	h->ctxt = NULL;
}

static void html_close(void *st)
{
	struct html *h = st;
	if (h->ctxt)
		htmlFreeParserCtxt(h->ctxt);
	jx_buf_release(&h->row);
	jx_buf_release(&h->cell);
	jx_buf_release(&h->block);
	free(h);
}

const struct adapter adapter_html = {.layout = JX_LAYOUT_HTML, .open = html_open,
				     .feed = html_feed, .flush = html_flush, .close = html_close};
