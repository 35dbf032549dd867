/*
 * fuzz_pdfgrid.c: libFuzzer entry for the PDF grid builder (pdfgrid.c):
 * the rules found in a page image, the tables rebuilt from rules, every
 * character put into its cell, rows joined across pages; then the text
 * read as the reader reads a PDF's (drive.h).  No poppler here: the input
 * is the pages poppler would give.  `make fuzz FUZZ_TARGET=pdfgrid`.
 *
 * Records, each a tag byte then its fields (coordinates one byte each,
 * in units of 4 points, so a page is up to 1,020 points):
 *   'P' w h            a page
 *   'W' x0 y0 x1 y1 line len text   a word on the current page
 *   'H' at a b, 'V' at a b          a ruling line
 *   'I' W H pixels                  an image of the page (W, H <= 64)
 * Seeds: the example's pages as pdf.c reads them (seeds.sh writes them
 * from tests/documents/made/forms-browser.pdf).
 */
#include "drive.h"
#include "input.h"
#include "pdfgrid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_PAGES = 16 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ppage pages[MAX_PAGES];
	size_t np = 0, i = 0;
	char text[256];
	char *texts[4096];
	size_t nt = 0;
	while (i < size) {
		uint8_t tag = data[i++];
		if (tag == 'P' && i + 2 <= size && np < MAX_PAGES) {
			pages[np++] = (struct ppage){.w = data[i] * 4.0f, .h = data[i + 1] * 4.0f};
			i += 2;
		} else if (tag == 'W' && np && i + 6 <= size && nt < 4096) {
			size_t len = data[i + 5];
			if (i + 6 + len > size)
				break;
			memcpy(text, data + i + 6, len);
			text[len] = '\0';
			texts[nt] = strdup(text);
			struct pword w = {data[i] * 4.0f, data[i + 1] * 4.0f, data[i + 2] * 4.0f,
					  data[i + 3] * 4.0f, texts[nt++], data[i + 4]};
			ppage_word(&pages[np - 1], w);
			i += 6 + len;
		} else if ((tag == 'H' || tag == 'V') && np && i + 3 <= size) {
			float a = data[i + 1] * 4.0f, b = data[i + 2] * 4.0f;
			struct pseg s = {data[i] * 4.0f, a < b ? a : b, a < b ? b : a};
			ppage_rule(&pages[np - 1], tag == 'H', s);
			i += 3;
		} else if (tag == 'I' && np && i + 2 <= size) {
			unsigned W = data[i] % 65, H = data[i + 1] % 65;
			i += 2;
			if ((size_t)W * H > size - i)
				break;
			page_rules(&pages[np - 1], data + i, W, H);
			i += (size_t)W * H;
		} else {
			break;
		}
	}
	struct doc_text d;
	doc_text_init(&d);
	struct input_error err = {0};
	if (pdfgrid_text(pages, np, &d, &err) && d.text.n)
		drive((const uint8_t *)d.text.p, d.text.n, JX_LAYOUT_AUTO);
	doc_text_free(&d);
	for (size_t k = 0; k < np; k++)
		ppage_free(&pages[k]);
	for (size_t k = 0; k < nt; k++)
		free(texts[k]);
	return 0;
}
