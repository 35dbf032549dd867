/*
 * pdfgrid.h: a PDF page as poppler gives it — words with their boxes, and
 * the page's image — turned into the rows of its tables (pdfgrid.c).  No
 * process or file here: pdf.c runs poppler, this is geometry, so it is
 * what the fuzzer and the unit tests drive.
 *
 *     image -> page_rules: dark runs, not inside words, thin, at least
 *              PDF_RULE_MIN_PT long: the ruling lines (pt)
 *     rules -> tables: rules that touch are one table; its row and column
 *              lines; two grid cells are one merged cell where no rule
 *              covers their common edge
 *     words -> every character into the cell holding its centre (a word's
 *              characters spread over its box by their widths); a cell's
 *              lines joined (nothing between CJK characters, nothing inside
 *              a number broken at the cell's edge, else a space); text
 *              outside every table kept as lines
 *     pages -> rows in page order; a row broken across two pages joined
 *              (row-continued), a character across a rule reported
 *              (cell-overflow)
 */
#ifndef JX_PDFGRID_H
#define JX_PDFGRID_H

#include "doc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Coordinates are points, from the page's top left, y down. */
struct pword {
	float x0, y0, x1, y1;
	const char *s;      /* UTF-8, NUL-terminated */
	unsigned line;      /* poppler's text line: words of one line share it */
};

struct pseg {
	float at;           /* y of a horizontal rule, x of a vertical one */
	float a, b;         /* its extent along the other axis, a < b */
};

struct ppage {
	float w, h;
	struct pword *words;
	size_t nwords, capwords;
	struct pseg *hr, *vr; /* horizontal and vertical rules */
	bool scanned;         /* its words are OCR's: what they miss is not masked (page_rules) */
	size_t nh, nv, caph, capv;
};

enum {
	PDF_MAX_PAGE_WORDS = 100000,  /* words of one page */
	PDF_MAX_PAGE_RULES = 20000,   /* rules of one page, each direction */
	PDF_MAX_GRID = 400            /* row or column lines of one table */
};

void ppage_word(struct ppage *pg, struct pword w);
void ppage_rule(struct ppage *pg, bool horizontal, struct pseg s);
void ppage_free(struct ppage *pg);

/*
 * The ruling lines of a page from its image: `px` W × H bytes of gray (0
 * black), the page pg->w × pg->h points, pg's words already known (their
 * boxes are masked: a glyph's stroke is no rule).  Appended to pg->hr/vr.
 */
void page_rules(struct ppage *pg, const unsigned char *px, unsigned W, unsigned H);

/* A CJK or full-width character: nothing is put between two of them when
 * a text is joined. */
bool is_wide(uint32_t c);
/* Nothing goes between the text <before, n> and `after` when they are
 * joined: the characters that meet are both CJK. */
bool glued(const char *before, size_t n, const char *after);

/* A merged cell of a page's tables, in points. */
struct pcell {
	float x0, y0, x1, y1;
};

/* The merged cells of the page's tables, from its rules (page_rules
 * first); malloc'd, *n of them.  For OCR (pdf.c): each is recognised on
 * its own. */
struct pcell *page_cells(struct ppage *pg, size_t *n);

/*
 * The pages' text into out, one line per table row or text line, each on
 * its page (doc.h); notes (row-continued, cell-overflow) into out too.
 * The pages' rules are sorted in place.
 * False and *err past a cap.
 */
bool pdfgrid_text(struct ppage *pages, size_t n, struct doc_text *out,
		  struct input_error *err);

#endif
