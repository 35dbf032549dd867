/*
 * test_pdfgrid.c: the PDF table rebuild (src/read/pdfgrid.c) on pages made
 * here, without poppler: rules found in an image, cells and merged cells,
 * characters into the cell holding their centre, a cell's lines and words
 * joined, rows broken across pages, text over a rule.
 */
#include "doc.h"
#include "input.h"
#include "pdfgrid.h"

#include "unit.h"

#include <stdlib.h>
#include <string.h>

static void rule(struct ppage *pg, bool h, float at, float a, float b)
{
	ppage_rule(pg, h, (struct pseg){at, a, b});
}

/* A table of `rows` × `cols` equal cells from (x, y), cells w × h points. */
static void grid(struct ppage *pg, float x, float y, int rows, int cols, float w, float h)
{
	for (int r = 0; r <= rows; r++)
		rule(pg, true, y + r * h, x, x + cols * w);
	for (int c = 0; c <= cols; c++)
		rule(pg, false, x + c * w, y, y + rows * h);
}

static void word(struct ppage *pg, float x0, float y0, float x1, float y1, const char *s,
		 unsigned line)
{
	ppage_word(pg, (struct pword){x0, y0, x1, y1, s, line});
}

/* The pages' text, rows as lines, cells TAB-separated, into out. */
static const char *text_of(struct ppage *pages, size_t n, char *out, size_t cap, size_t *notes)
{
	struct doc_text d;
	doc_text_init(&d);
	struct input_error err = {0};
	*out = '\0';
	if (pdfgrid_text(pages, n, &d, &err) && d.text.n && d.text.n < cap) {
		memcpy(out, d.text.p, d.text.n);
		out[d.text.n] = '\0';
	}
	*notes = d.nnotes;
	doc_text_free(&d);
	for (size_t i = 0; i < n; i++)
		ppage_free(&pages[i]);
	return out;
}

int main(void)
{
	char out[1024];
	size_t notes;
	/* two cells; a word in each, one of them beside its cell's centre */
	struct ppage p1 = {.w = 200, .h = 100};
	grid(&p1, 10, 10, 1, 2, 50, 20);
	word(&p1, 12, 14, 36, 26, "项目", 1);
	word(&p1, 62, 14, 98, 26, "妇联经费", 1);
	CHECK_STR(text_of(&p1, 1, out, sizeof out, &notes), "项目\t妇联经费\n");
	/* one line in two fonts (tops 0.6 pt apart): still in order */
	struct ppage p2 = {.w = 200, .h = 100};
	grid(&p2, 10, 10, 1, 1, 100, 20);
	word(&p2, 12, 14.6f, 36, 26, "完成", 7);
	word(&p2, 42, 14, 64, 26, "95%", 7); /* a typed space apart */
	CHECK_STR(text_of(&p2, 1, out, sizeof out, &notes), "完成 95%\n");
	/* a cell's wrapped lines: nothing between CJK, nothing inside a number */
	struct ppage p3 = {.w = 200, .h = 100};
	grid(&p3, 10, 10, 1, 2, 60, 40);
	word(&p3, 12, 12, 60, 22, "妇联组织凝", 1);
	word(&p3, 12, 24, 40, 34, "聚力", 2);
	word(&p3, 72, 12, 110, 22, "0.227", 1);
	word(&p3, 72, 24, 90, 34, "92", 2);
	CHECK_STR(text_of(&p3, 1, out, sizeof out, &notes), "妇联组织凝聚力\t0.22792\n");
	/* no rule between two cells: one merged cell, its text in the first */
	struct ppage p4 = {.w = 200, .h = 100};
	rule(&p4, true, 10, 10, 110);
	rule(&p4, true, 30, 10, 110);
	rule(&p4, true, 50, 10, 110);
	rule(&p4, false, 10, 10, 50);
	rule(&p4, false, 60, 30, 50); /* only in the second row */
	rule(&p4, false, 110, 10, 50);
	word(&p4, 40, 14, 80, 26, "项目名称", 1);
	word(&p4, 12, 34, 40, 46, "A", 2);
	word(&p4, 62, 34, 100, 46, "B", 2);
	CHECK_STR(text_of(&p4, 1, out, sizeof out, &notes), "项目名称\nA\tB\n");
	/* a row broken across two pages: joined, and noted */
	struct ppage p5[2] = {{.w = 200, .h = 100}, {.w = 200, .h = 100}};
	grid(&p5[0], 10, 10, 2, 3, 50, 30);
	grid(&p5[1], 10, 10, 1, 3, 50, 30);
	word(&p5[0], 12, 14, 40, 26, "名称", 1);
	word(&p5[0], 62, 14, 90, 26, "目标", 1);
	word(&p5[0], 112, 14, 140, 26, "原因", 1);
	word(&p5[0], 12, 44, 40, 56, "次数", 2);
	word(&p5[0], 62, 44, 90, 56, "3", 2);
	word(&p5[0], 112, 42, 155, 50, "因财政支付", 3);
	word(&p5[0], 112, 51, 155, 59, "本级资金", 4);
	word(&p5[1], 112, 14, 150, 26, "时间少", 1);
	CHECK_STR(text_of(p5, 2, out, sizeof out, &notes), "名称\t目标\t原因\n次数\t3\t因财政支付本级资金时间少\n");
	CHECK(notes == 1);
	/* text drawn over a column rule: read by each character's centre, noted */
	struct ppage p6 = {.w = 200, .h = 100};
	grid(&p6, 10, 10, 1, 2, 50, 20);
	word(&p6, 46, 14, 73, 26, "超出格", 1);
	CHECK_STR(text_of(&p6, 1, out, sizeof out, &notes), "超出\t格\n");
	CHECK(notes == 1);
	/* words that are no numbers, or far off the page, are not words */
	struct ppage p7 = {.w = 200, .h = 100};
	grid(&p7, 10, 10, 1, 1, 50, 20);
	word(&p7, 1e20f, 14, 1e21f, 26, "x", 1);
	word(&p7, __builtin_nanf(""), 14, 30, 26, "y", 1);
	CHECK(p7.nwords == 0);
	text_of(&p7, 1, out, sizeof out, &notes);
	/* rules from an image: a 2-pixel frame of 40 × 20, at 1 point a pixel */
	struct ppage p8 = {.w = 60, .h = 40};
	unsigned char img[60 * 40];
	memset(img, 255, sizeof img);
	for (int x = 10; x < 50; x++)
		img[10 * 60 + x] = img[11 * 60 + x] = img[29 * 60 + x] = img[30 * 60 + x] = 0;
	for (int y = 10; y < 31; y++)
		img[y * 60 + 10] = img[y * 60 + 11] = img[y * 60 + 48] = img[y * 60 + 49] = 0;
	page_rules(&p8, img, 60, 40);
	CHECK(p8.nh == 2 && p8.nv == 2);
	word(&p8, 20, 15, 40, 25, "格", 1);
	CHECK_STR(text_of(&p8, 1, out, sizeof out, &notes), "格\n");
	return unit_done("test_pdfgrid");
}
