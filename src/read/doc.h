/*
 * doc.h: documents — Word (.docx) and PDF files — read as a text in the
 * tab layout, with the place of every line in the document.
 *
 *     .docx -> docx.c (libzip + expat): paragraphs and table rows
 *     .pdf  -> pdf.c (poppler-utils in a capped child): characters and
 *              ruling lines -> pdfgrid.c: the table grid rebuilt, every
 *              character into the cell that holds its centre
 *           -> struct doc_text: one line per paragraph or table row, cells
 *              TAB-separated, a merged cell's text in its first cell and
 *              the cells it covers empty (as a workbook's)
 *           -> read as any text (reader.c): the standard layouts or a
 *              template (grid.h), whichever reads more
 *
 * A finding on line L of that text is shown at the line's place: its
 * table and row (文件:表N:行), its page and row (文件:第N页:行), or its
 * paragraph (文件:第N段) — the context translates (ctx_place_file).
 */
#ifndef JX_DOC_H
#define JX_DOC_H

#include "ctx.h"
#include "jixiao.h"

#include <stdbool.h>
#include <stddef.h>

struct input_error;

enum {
	DOC_MAX_CELLS = 200000,  /* table cells of one document: a form has about 200 */
	DOC_MAX_COLS = 64,       /* grid columns of one table (Word allows 63) */
	DOC_MAX_NEST = 16,       /* tables inside tables */
	DOC_MAX_BYTES = 64 << 20, /* the text written */
	DOC_MAX_NOTES = 1000
};

/* What a reader noticed on a line that does not stop reading (a row
 * joined across pages): reported once the lines are placed. */
struct doc_note {
	enum jx_check check;
	unsigned long line;     /* of the text, 1-based */
	char msg[256];
};

struct doc_text {
	struct jx_buf text;     /* UTF-8, one line per paragraph or row */
	struct doc_place *at;   /* at[i]: the place of line i + 1 */
	size_t n, cap;
	struct doc_note *notes;
	size_t nnotes, capnotes;
	/* recognised by OCR (pdf.c): its cells may be UNREAD_CELL, a word
	 * recognised with low confidence; ocr_low counts those words */
	bool ocr;
	unsigned long ocr_pages, ocr_words, ocr_low;
};

void doc_text_init(struct doc_text *d);
void doc_text_free(struct doc_text *d);
/* Append one line (no line break inside) at `place`; false past DOC_MAX_BYTES. */
bool doc_line(struct doc_text *d, const char *s, size_t n, struct doc_place place);
/* A note on text line `line` (at most DOC_MAX_NOTES a document). */
void doc_note(struct doc_text *d, enum jx_check check, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * A Word document's body as text: body paragraphs, every table's rows in
 * the table's grid (w:gridSpan, w:vMerge, w:gridBefore); a table inside a
 * cell is read as rows of its own, written before the row that holds it.
 * False and *err when the file cannot be read or passes a cap.
 */
bool docx_text(const char *data, size_t n, struct doc_text *out, struct input_error *err);

/*
 * A PDF's pages as text (pdf.c, pdfgrid.c): tables rebuilt from their
 * ruling lines, text outside them as lines, each line placed on its page.
 * False and *err for a PDF that cannot be read, a scan (no text layer) or
 * a text layer without Unicode (no CJK characters come out).  `ocr`: a
 * scan's pages are recognised by tesseract instead (out->ocr set).
 */
bool pdf_text(const char *data, size_t n, bool ocr, struct doc_text *out, struct input_error *err);

#endif
