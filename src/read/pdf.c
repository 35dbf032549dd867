/*
 * pdf.c: PDF files through Debian's poppler-utils, run as programs in a
 * capped child process (sandbox.h), never linked: poppler is GPL, and a
 * PDF parser is the largest attack surface jixiao has.
 *
 *     pdfinfo      the page count (a file past PDF_MAX_PAGES is refused
 *                  before any page is drawn), whether it is encrypted
 *     pdftotext -bbox-layout
 *                  every word with its box and its line (XHTML, read with
 *                  expat: no entity is expanded)
 *     pdftoppm -gray -scale-to PDF_IMAGE_PX
 *                  each page drawn without anti-aliasing, thin lines
 *                  solid, its longer side PDF_IMAGE_PX pixels: the ruling
 *                  lines are found in the image (pdfgrid.c), which works
 *                  whatever drew them (strokes, thin filled rectangles,
 *                  a browser's borders)
 * The PDF is given to them as an anonymous file in memory (memfd), open as
 * descriptor 3 in the child: nothing is written to disk, so nothing can be
 * left there whatever ends jixiao.  The images are read a page at a time
 * from the pipe: the parent holds one page image, never the document's.
 *
 * What is refused, each with its message: a file poppler cannot open, an
 * encrypted one it cannot read, more pages than the cap, a child past its
 * memory or time, a PDF with no text layer (a scan: 「扫描件」, see --ocr), a
 * text layer that yields no CJK character (fonts without a ToUnicode map).
 */
#include "arena.h"
#include "doc.h"
#include "input.h"
#include "ooxml.h"
#include "pdfgrid.h"
#include "sandbox.h"
#include "text.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "banned.h"

enum {
	PDF_MAX_PAGES = 1000,
	PDF_IMAGE_PX = 1600,               /* the longer side of a page's image */
	PDF_CHILD_BYTES = 1024 << 20,      /* each program's address space */
	/* each program's time: a form's page takes poppler about 0.1 s to
	 * draw; a page that takes seconds is a stream bomb */
	PDF_CHILD_SECONDS = 5,             /* and per page: */
	PDF_PAGE_SECONDS_X2 = 1,           /* half a second */
	PDF_TEXT_BYTES = 64 << 20,         /* pdftotext's XHTML */
	PDF_MAX_WORDS = 2000000
};

/* The limits of each program for a PDF of that many pages. */
static struct sandbox_limits limits_for(unsigned long pages)
{
	unsigned long s = PDF_CHILD_SECONDS + pages * PDF_PAGE_SECONDS_X2 / 2 + pages % 2;
	return (struct sandbox_limits){PDF_CHILD_BYTES, (unsigned)s};
}

/* ---- a program's output into a buffer ------------------------------------------------- */

static bool to_buf(void *ud, const char *p, size_t n)
{
	return jx_buf_add(ud, p, n) == JX_OK;
}

/* Why a program did not finish, in Chinese, into err. */
static void child_failed(const char *prog, const struct sandbox_result *res, bool too_much,
			 const struct sandbox_limits *lim, struct input_error *err)
{
	if (res->missing)
		input_fail(err, 0, "读 PDF 需要 poppler-utils 中的 %s，但没有安装（apt-get install poppler-utils）", prog);
	else if (too_much)
		input_fail(err, 0, "PDF 的内容超过上限（%s 的输出过大），可能是恶意文件，未读取", prog);
	else if (WIFSIGNALED(res->status))
		input_fail(err, 0, "读取这个 PDF 需要超过 %zu MB 内存或 %u 秒（%s 被终止），可能是恶意文件，未读取",
			   lim->as_bytes >> 20, lim->seconds, prog);
	else {
		char first[200];
		snprintf(first, sizeof first, "%.199s", res->err);
		char *nl = strchr(first, '\n');
		if (nl)
			*nl = '\0';
		input_fail(err, 0, "不是可读的 PDF（%s：%s）", prog, *first ? first : "无法打开");
	}
}

static bool run_to_buf(const char *const argv[], const struct sandbox_file *file,
		       unsigned long pages, struct jx_buf *b, struct sandbox_result *res,
		       struct input_error *err)
{
	struct sandbox_limits lim = limits_for(pages);
	if (!sandbox_run_file(argv, &lim, file, to_buf, b, res, err))
		return false;
	if (!sandbox_ok(res)) {
		child_failed(argv[0], res, b->overflow, &lim, err);
		return false;
	}
	return true;
}

/* ---- pdfinfo ----------------------------------------------------------------------------- */

static bool page_count(const struct sandbox_file *file, unsigned long *pages,
		       struct input_error *err)
{
	const char *argv[] = {"pdfinfo", "--", SANDBOX_FILE, NULL};
	struct jx_buf b;
	jx_buf_init(&b, 1 << 20);
	struct sandbox_result res;
	struct sandbox_limits lim = limits_for(1);
	bool ok = sandbox_run_file(argv, &lim, file, to_buf, &b, &res, err);
	if (ok && strstr(res.err, "ncorrect password")) { /* pdfinfo exits 1 then */
		input_fail(err, 0, "PDF 有打开密码，无法读取：请提供未加密的文件");
		ok = false;
	} else if (ok && !sandbox_ok(&res)) {
		child_failed(argv[0], &res, b.overflow, &lim, err);
		ok = false;
	}
	/* the last "Pages:" line: a Title or Subject printed before it may
	 * hold one of its own */
	const char *p = NULL;
	if (ok && b.p) {
		jx_buf_add(&b, "", 1);
		for (const char *q = b.p; (q = strstr(q, "Pages:")); q++)
			if (q == b.p || q[-1] == '\n')
				p = q;
	}
	if (ok && !p) {
		input_fail(err, 0, "不是可读的 PDF（pdfinfo 没有给出页数）");
		ok = false;
	}
	if (ok)
		*pages = strtoul(p + 6, NULL, 10);
	jx_buf_release(&b);
	return ok;
}

/* ---- pdftotext -bbox-layout: words -------------------------------------------------------- */

struct words {
	struct ppage *pages;
	size_t n, cap;
	bool *want;          /* per page: read by OCR (pdf_text) */
	bool *inked_blank;   /* per page: no words, yet ink on it (image_done) */
	struct arena *a;
	unsigned line;       /* poppler's lines, numbered */
	size_t count;
	bool in_word;
	struct pword w;
	struct jx_buf text;
	bool failed;
	XML_Parser p;
};

static float fattr(const char **atts, const char *name)
{
	const char *v = xml_attr(atts, name);
	return v ? strtof(v, NULL) : 0;
}

static void XMLCALL w_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct words *ws = ud;
	const char *n = xml_local(name);
	if (!strcmp(n, "page")) {
		if (ws->n == ws->cap) {
			ws->cap = ws->cap * 2 + 16;
			ws->pages = xrealloc(ws->pages, ws->cap * sizeof *ws->pages);
		}
		struct ppage *pg = &ws->pages[ws->n++];
		*pg = (struct ppage){.w = fattr(atts, "width"), .h = fattr(atts, "height")};
	} else if (!strcmp(n, "line")) {
		ws->line++;
	} else if (!strcmp(n, "word") && ws->n) {
		ws->in_word = true;
		ws->w = (struct pword){fattr(atts, "xMin"), fattr(atts, "yMin"), fattr(atts, "xMax"),
				       fattr(atts, "yMax"), NULL, ws->line};
		jx_buf_reset(&ws->text);
	}
}

static void XMLCALL w_end(void *ud, const XML_Char *name)
{
	struct words *ws = ud;
	if (!ws->in_word || strcmp(xml_local(name), "word"))
		return;
	ws->in_word = false;
	struct ppage *pg = &ws->pages[ws->n - 1];
	if (++ws->count > PDF_MAX_WORDS || pg->nwords >= PDF_MAX_PAGE_WORDS) {
		ws->failed = true;
		XML_StopParser(ws->p, XML_FALSE);
		return;
	}
	/* a text layer never holds the reader's marks (input.h): only OCR writes one */
	ws->w.s = strip_marks(arena_strndup(ws->a, ws->text.p ? ws->text.p : "", ws->text.n));
	ppage_word(pg, ws->w);
}

static void XMLCALL w_chars(void *ud, const XML_Char *s, int len)
{
	struct words *ws = ud;
	if (ws->in_word)
		jx_buf_add(&ws->text, s, (size_t)len);
}

static void XMLCALL w_entity(void *ud, const XML_Char *name, int pe, const XML_Char *value,
			     int vlen, const XML_Char *base, const XML_Char *sys,
			     const XML_Char *pub, const XML_Char *notation)
{
	(void)name, (void)pe, (void)value, (void)vlen, (void)base, (void)sys, (void)pub, (void)notation;
	struct words *ws = ud;
	ws->failed = true;
	XML_StopParser(ws->p, XML_FALSE);
}

static bool read_words(const struct sandbox_file *file, unsigned long pages, struct words *ws,
		       struct input_error *err)
{
	const char *argv[] = {"pdftotext", "-bbox-layout", "-enc", "UTF-8", "-q", "--", SANDBOX_FILE, "-",
			      NULL};
	struct jx_buf b;
	jx_buf_init(&b, PDF_TEXT_BYTES);
	struct sandbox_result res;
	bool ok = run_to_buf(argv, file, pages, &b, &res, err);
	if (ok) {
		ws->p = XML_ParserCreate("UTF-8");
		if (!ws->p)
			abort();
		XML_SetUserData(ws->p, ws);
		XML_SetElementHandler(ws->p, w_start, w_end);
		XML_SetCharacterDataHandler(ws->p, w_chars);
		XML_SetEntityDeclHandler(ws->p, w_entity);
		XML_SetParamEntityParsing(ws->p, XML_PARAM_ENTITY_PARSING_NEVER);
		if (XML_Parse(ws->p, b.p ? b.p : "", (int)b.n, 1) == XML_STATUS_ERROR || ws->failed) {
			if (ws->failed)
				input_fail(err, 0, "PDF 的文字超过 %d 个词（或一页超过 %d 个），不像自评表，未读取",
					   PDF_MAX_WORDS, PDF_MAX_PAGE_WORDS);
			else
				input_fail(err, 0, "pdftotext 的输出无法解析（第 %lu 行：%s）",
					   (unsigned long)XML_GetCurrentLineNumber(ws->p),
					   XML_ErrorString(XML_GetErrorCode(ws->p)));
			ok = false;
		}
		XML_ParserFree(ws->p);
	}
	jx_buf_release(&b);
	return ok;
}

/* ---- tesseract: the words of a scanned page ------------------------------------------------- */

/*
 * OCR (jx_reader_set_ocr).  A page's image, as pdftoppm drew it, first
 * gives the rules of its tables (page_rules, no words to mask: a rule must
 * be longer than most strokes, pdfgrid.c); then every merged cell is cut
 * out and recognised on its own, and so is the page with its tables
 * blanked (the title, the year, the unit lines).  One tesseract (chi_sim,
 * a block of text, TSV) reads all of a page's pieces, pages of one TIFF
 * in memory (tiff_page), in the same sandbox as poppler.  A cell's words become one word in that cell; a word below
 * OCR_MIN_CONF (tesseract's 0..100) makes its cell UNREAD_CELL: unread,
 * never a guessed value.  Words that are only a rule's stroke read as a
 * character (| 丨 ｜ _ —) are dropped.
 */
enum {
	OCR_MIN_CONF = 60,
	OCR_MARGIN = 12,           /* white pixels around each piece */
	OCR_INSET = 4,             /* pixels inside a cell's rules: none of the rule's stroke */
	OCR_PAGE_SECONDS = 180,
	OCR_TSV_BYTES = 16 << 20,
	OCR_TIFF_BYTES = 64 << 20, /* a page's pieces: about twice its image */
	OCR_MAX_CELLS = 2000
};

struct ocr {
	struct input_error *err;
	unsigned long pages, words, low; /* pages read, words recognised, below OCR_MIN_CONF */
	bool failed;
};

static bool rule_stroke(const char *s)
{
	static const char *const strokes[] = {"|", "丨", "｜", "_", "—", "I", "l", "]", "[", "!"};
	for (const char *p = s; *p;) {
		size_t k = 0;
		for (size_t i = 0; i < sizeof strokes / sizeof *strokes && !k; i++)
			if (!strncmp(p, strokes[i], strlen(strokes[i])))
				k = strlen(strokes[i]);
		if (!k)
			return false;
		p += k;
	}
	return true;
}

/*
 * The pieces of a page as one multi-page TIFF in memory (baseline: 8-bit
 * gray, uncompressed, one strip a page), handed to tesseract as a memfd:
 * nothing of the user's document is written to disk.  Each piece gets a
 * white margin of OCR_MARGIN pixels (tesseract reads text that touches its
 * image's edge poorly) and the page's resolution.
 */
struct tiff {
	struct jx_buf b;
	size_t last_next; /* where the previous page's next-IFD offset is */
};

static void put16(struct jx_buf *b, unsigned v)
{
	unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
	jx_buf_add(b, (const char *)c, 2);
}

static void put32(struct jx_buf *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};
	jx_buf_add(b, (const char *)c, 4);
}

static void patch32(struct jx_buf *b, size_t at, uint32_t v)
{
	if (b->overflow || at + 4 > b->n)
		return;
	for (int k = 0; k < 4; k++)
		b->p[at + (size_t)k] = (char)(v >> (8 * k));
}

static void tiff_entry(struct jx_buf *b, unsigned tag, unsigned type, uint32_t value)
{
	put16(b, tag);
	put16(b, type);
	put32(b, 1);
	if (type == 3) { /* SHORT: in the first two bytes */
		put16(b, value);
		put16(b, 0);
	} else {
		put32(b, value);
	}
}

/* Append the w × h piece of the W-wide image at (x, y) (all of it white
 * when px is NULL) as the TIFF's next page. */
static void tiff_page(struct tiff *t, const unsigned char *px, unsigned W, unsigned x, unsigned y,
		      unsigned w, unsigned h, unsigned dpi)
{
	struct jx_buf *b = &t->b;
	unsigned m = OCR_MARGIN, ow = w + 2 * m, oh = h + 2 * m;
	uint32_t data = (uint32_t)b->n;
	unsigned char *row = xmalloc(ow);
	for (unsigned r = 0; r < oh; r++) {
		memset(row, 255, ow);
		if (px && r >= m && r < m + h)
			memcpy(row + m, px + (size_t)(y + r - m) * W + x, w);
		jx_buf_add(b, (const char *)row, ow);
	}
	free(row);
	if (b->n % 2)
		jx_buf_add(b, "", 1);
	uint32_t ifd = (uint32_t)b->n, rational = ifd + 2 + 12 * 12 + 4;
	patch32(b, t->last_next, ifd);
	put16(b, 12);
	tiff_entry(b, 256, 4, ow);           /* ImageWidth */
	tiff_entry(b, 257, 4, oh);           /* ImageLength */
	tiff_entry(b, 258, 3, 8);            /* BitsPerSample */
	tiff_entry(b, 259, 3, 1);            /* Compression: none */
	tiff_entry(b, 262, 3, 1);            /* Photometric: black is zero */
	tiff_entry(b, 273, 4, data);         /* StripOffsets */
	tiff_entry(b, 277, 3, 1);            /* SamplesPerPixel */
	tiff_entry(b, 278, 4, oh);           /* RowsPerStrip */
	tiff_entry(b, 279, 4, ow * oh);      /* StripByteCounts */
	tiff_entry(b, 282, 5, rational);     /* XResolution */
	tiff_entry(b, 283, 5, rational + 8); /* YResolution */
	tiff_entry(b, 296, 3, 2);            /* ResolutionUnit: inch */
	t->last_next = b->n;
	put32(b, 0);
	for (int k = 0; k < 2; k++) {
		put32(b, dpi);
		put32(b, 1);
	}
}

/* A recognised piece's text, joined as pdfgrid.c joins a cell's lines. */
struct piece {
	struct jx_buf text;
	bool low;       /* a word of it below OCR_MIN_CONF */
};

static void piece_add(struct piece *pc, const char *word)
{
	if (pc->text.n && !glued(pc->text.p, pc->text.n, word))
		jx_buf_add(&pc->text, " ", 1);
	jx_buf_puts(&pc->text, word);
}

/* Split a TSV line into its 12 fields; false when it has fewer. */
static bool tsv_fields(char *line, char *f[12])
{
	int k = 0;
	for (char *p = line; k < 12; k++) {
		f[k] = p;
		char *t = strchr(p, '\t');
		if (!t)
			return k == 11;
		*t = '\0';
		p = t + 1;
	}
	return true;
}

/*
 * tesseract's TSV of the pieces: words of piece k (page_num k + 1) into
 * pieces[k] for a cell; those of the last piece (the page outside its
 * tables) straight into the page, their boxes scaled by (sx, sy).
 */
static void ocr_tsv(struct ocr *o, struct words *ws, struct ppage *pg, char *tsv, struct piece *pieces,
		    size_t ncells, float sx, float sy)
{
	for (char *p = tsv, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		char *f[12];
		if (!tsv_fields(p, f) || strcmp(f[0], "5"))
			continue;
		strip_marks(f[11]);
		if (!*f[11] || rule_stroke(f[11]))
			continue;
		unsigned long k = strtoul(f[1], NULL, 10);
		float conf = strtof(f[10], NULL);
		bool low = !(conf >= OCR_MIN_CONF); /* NaN too */
		o->words++;
		o->low += low;
		if (k >= 1 && k <= ncells) {
			pieces[k - 1].low |= low;
			piece_add(&pieces[k - 1], f[11]);
		} else if (k == ncells + 1 && pg->nwords < PDF_MAX_PAGE_WORDS) {
			/* the piece has a margin the page has not */
			float left = strtof(f[6], NULL) - OCR_MARGIN, top = strtof(f[7], NULL) - OCR_MARGIN;
			float w = strtof(f[8], NULL), h = strtof(f[9], NULL);
			/* a line's id, apart from the cells' (2000000 + i) */
			unsigned id = (unsigned)(10000000 + strtoul(f[2], NULL, 10) % 100 * 100000 +
						 strtoul(f[3], NULL, 10) % 100 * 1000 + strtoul(f[4], NULL, 10) % 1000);
			struct pword pw = {left / sx, top / sy, (left + w) / sx, (top + h) / sy,
					   arena_strdup(ws->a, low ? UNREAD_CELL : f[11]), id};
			ppage_word(pg, pw);
		}
	}
}

/* The pieces of a page into a TIFF: a cell each (inside its rules), then
 * the page with its cells blanked (its title, year and unit lines). */
static void cut_pieces(struct tiff *t, const unsigned char *px, unsigned W, unsigned H,
		       const struct pcell *cells, size_t nc, float sx, float sy, unsigned dpi)
{
	jx_buf_add(&t->b, "II*\0", 4);
	t->last_next = t->b.n;
	put32(&t->b, 0);
	unsigned char *rest = xmalloc((size_t)W * H);
	memcpy(rest, px, (size_t)W * H);
	for (size_t i = 0; i < nc; i++) {
		long x0 = lroundf(cells[i].x0 * sx) + OCR_INSET, x1 = lroundf(cells[i].x1 * sx) - OCR_INSET;
		long y0 = lroundf(cells[i].y0 * sy) + OCR_INSET, y1 = lroundf(cells[i].y1 * sy) - OCR_INSET;
		x0 = x0 < 0 ? 0 : x0;
		y0 = y0 < 0 ? 0 : y0;
		x1 = x1 > (long)W ? (long)W : x1;
		y1 = y1 > (long)H ? (long)H : y1;
		if (x1 - x0 < 4 || y1 - y0 < 4) { /* a sliver: a blank page keeps the numbering */
			tiff_page(t, NULL, W, 0, 0, 8, 8, dpi);
			continue;
		}
		tiff_page(t, px, W, (unsigned)x0, (unsigned)y0, (unsigned)(x1 - x0), (unsigned)(y1 - y0), dpi);
		for (long r = y0; r < y1; r++) /* not the page's text */
			memset(rest + (size_t)r * W + (size_t)x0, 255, (size_t)(x1 - x0));
	}
	tiff_page(t, rest, W, 0, 0, W, H, dpi);
	free(rest);
}

static void ocr_page(struct ocr *o, struct words *ws, struct ppage *pg, const unsigned char *px,
		     unsigned W, unsigned H)
{
	if (o->failed || pg->w <= 0 || pg->h <= 0)
		return;
	pg->scanned = true;
	o->pages++;
	page_rules(pg, px, W, H);
	size_t nc = 0;
	struct pcell *cells = page_cells(pg, &nc);
	if (nc > OCR_MAX_CELLS)
		nc = OCR_MAX_CELLS; /* the rest of such a page is text */
	float sx = (float)W / pg->w, sy = (float)H / pg->h;
	unsigned dpi = (unsigned)lroundf(sx * 72);
	struct tiff t = {0};
	jx_buf_init(&t.b, OCR_TIFF_BYTES);
	cut_pieces(&t, px, W, H, cells, nc, sx, sy, dpi ? dpi : 72);
	struct sandbox_file file = {-1};
	if (t.b.overflow || !sandbox_memfile(t.b.p, t.b.n, &file)) {
		input_fail(o->err, 0, "无法为识别扫描件建立内存文件：%s",
			   t.b.overflow ? "页面图像过大" : strerror(errno));
		o->failed = true;
		jx_buf_release(&t.b);
		free(cells);
		return;
	}
	jx_buf_release(&t.b);
	const char *argv[] = {"tesseract", SANDBOX_FILE, "stdout", "-l", "chi_sim", "--psm", "6", "tsv", NULL};
	struct jx_buf b;
	jx_buf_init(&b, OCR_TSV_BYTES);
	struct sandbox_result res;
	struct sandbox_limits lim = {PDF_CHILD_BYTES, OCR_PAGE_SECONDS};
	struct piece *pieces = xcalloc(nc ? nc : 1, sizeof *pieces);
	for (size_t i = 0; i < nc; i++)
		jx_buf_init(&pieces[i].text, 1 << 16);
	if (!sandbox_run_file(argv, &lim, &file, to_buf, &b, &res, o->err)) {
		o->failed = true;
	} else if (!sandbox_ok(&res)) {
		if (res.missing || strstr(res.err, "Error opening data file"))
			input_fail(o->err, 0, "--ocr 需要 tesseract 和中文模型（apt-get install tesseract-ocr tesseract-ocr-chi-sim）");
		else
			input_fail(o->err, 0, "tesseract 未能识别这一页（%.200s），未读取", res.err);
		o->failed = true;
	} else {
		jx_buf_add(&b, "", 1);
		ocr_tsv(o, ws, pg, b.p, pieces, nc, sx, sy);
		/* each cell's text as one word filling the cell */
		for (size_t i = 0; i < nc && pg->nwords < PDF_MAX_PAGE_WORDS; i++) {
			if (!pieces[i].text.n)
				continue;
			jx_buf_add(&pieces[i].text, "", 1);
			float dx = (cells[i].x1 - cells[i].x0) / 4, dy = (cells[i].y1 - cells[i].y0) / 4;
			struct pword pw = {cells[i].x0 + dx, cells[i].y0 + dy, cells[i].x1 - dx,
					   cells[i].y1 - dy,
					   arena_strdup(ws->a, pieces[i].low ? UNREAD_CELL : pieces[i].text.p),
					   (unsigned)(2000000 + i)};
			ppage_word(pg, pw);
		}
	}
	for (size_t i = 0; i < nc; i++)
		jx_buf_release(&pieces[i].text);
	free(pieces);
	sandbox_file_close(&file);
	jx_buf_release(&b);
	free(cells);
}

/* ---- pdftoppm: page images, a page at a time ---------------------------------------------- */

/* Reading the concatenated PGM images ("P5 W H 255\n" and W × H bytes). */
struct images {
	struct words *ws;
	struct ocr *ocr;     /* the pages' words are recognised from the images */
	size_t page;         /* the next page's index */
	char head[64];
	size_t nhead;
	unsigned W, H;
	unsigned char *px;
	size_t got, need;    /* bytes of the current image */
	bool bad;
};

/* The header in im->head complete? Parse it; false while more is needed. */
static bool pgm_header(struct images *im, bool *bad)
{
	*bad = false;
	unsigned W, H, max;
	int used = 0;
	im->head[im->nhead] = '\0';
	/* P5, whitespace, width, height, maxval, one whitespace byte */
	if (sscanf(im->head, "P5 %u %u %u%n", &W, &H, &max, &used) != 3 || used >= (int)im->nhead) {
		*bad = im->nhead >= sizeof im->head - 1;
		return false;
	}
	if (max != 255 || !W || !H || W > PDF_IMAGE_PX + 2 || H > PDF_IMAGE_PX + 2) {
		*bad = true;
		return false;
	}
	im->W = W;
	im->H = H;
	im->need = (size_t)W * H;
	im->px = xmalloc(im->need);
	/* the bytes after the header's last whitespace are pixels */
	size_t rest = im->nhead - (size_t)used - 1;
	memcpy(im->px, im->head + used + 1, rest);
	im->got = rest;
	im->nhead = 0;
	return true;
}

/* A page image with ink on it: more than 0.5% of its pixels dark (a blank
 * page, or one with a page number, has less). */
static bool inked(const unsigned char *px, size_t n)
{
	size_t dark = 0;
	for (size_t i = 0; i < n; i++)
		dark += px[i] < 160;
	return dark * 200 > n;
}

static void image_done(struct images *im)
{
	/* pdftotext gives a page's size before its /Rotate, its words' boxes
	 * after it, and pdftoppm draws it rotated: the size as displayed is
	 * the image's orientation */
	if (im->page < im->ws->n) {
		struct ppage *pg = &im->ws->pages[im->page];
		if ((im->W > im->H) != (pg->w > pg->h) && im->W != im->H) {
			float t = pg->w;
			pg->w = pg->h;
			pg->h = t;
		}
	}
	struct words *ws = im->ws;
	if (im->page < ws->n && im->ocr && ws->want && ws->want[im->page])
		/* the rules first, then its cells' words */
		ocr_page(im->ocr, ws, &ws->pages[im->page], im->px, im->W, im->H);
	else if (im->page < ws->n)
		page_rules(&ws->pages[im->page], im->px, im->W, im->H);
	if (im->page < ws->n && !ws->pages[im->page].nwords && inked(im->px, (size_t)im->W * im->H)) {
		if (!ws->inked_blank)
			ws->inked_blank = xcalloc(ws->n, sizeof *ws->inked_blank);
		ws->inked_blank[im->page] = true;
	}
	im->page++;
	free(im->px);
	im->px = NULL;
	im->got = im->need = 0;
}

static bool on_image(void *ud, const char *p, size_t n)
{
	struct images *im = ud;
	while (n > 0) {
		if (!im->px) {
			im->head[im->nhead++] = *p++;
			n--;
			bool bad;
			if (!pgm_header(im, &bad) && bad) {
				im->bad = true;
				return false;
			}
			if (im->px && im->got == im->need)
				image_done(im);
			continue;
		}
		size_t k = im->need - im->got < n ? im->need - im->got : n;
		memcpy(im->px + im->got, p, k);
		im->got += k;
		p += k;
		n -= k;
		if (im->got == im->need)
			image_done(im);
	}
	return true;
}

static bool read_rules(const struct sandbox_file *file, unsigned long pages, struct words *ws,
		       struct ocr *ocr, struct input_error *err)
{
	char px[16];
	snprintf(px, sizeof px, "%d", PDF_IMAGE_PX);
	const char *argv[] = {"pdftoppm", "-gray", "-scale-to", px, "-aa", "no", "-aaVector", "no",
			      "-thinlinemode", "solid", "-q", "--", SANDBOX_FILE, NULL};
	struct images im = {.ws = ws, .ocr = ocr};
	struct sandbox_result res;
	struct sandbox_limits lim = limits_for(pages);
	/* tesseract runs while pdftoppm waits for its next page to be read:
	 * pdftoppm's wall clock includes it */
	if (ocr)
		lim.seconds += (unsigned)(pages * OCR_PAGE_SECONDS);
	if (!sandbox_run_file(argv, &lim, file, on_image, &im, &res, err))
		return false;
	free(im.px);
	if (ocr && ocr->failed)
		return false;
	if (!sandbox_ok(&res) || im.bad) {
		if (im.bad)
			input_fail(err, 0, "pdftoppm 给出的页面图像无法读取（第 %zu 页），未读取", im.page + 1);
		else
			child_failed("pdftoppm", &res, false, &lim, err);
		return false;
	}
	return true;
}

/* ---- the text layer ------------------------------------------------------------------------ */

/* Characters of the words, and how many are CJK. */
static void count_chars(const struct ppage *pg, size_t *all, size_t *cjk)
{
	for (size_t i = 0; i < pg->nwords; i++)
		for (const unsigned char *s = (const unsigned char *)pg->words[i].s; *s; s++) {
			if ((*s & 0xC0) == 0x80)
				continue;
			(*all)++;
			/* U+3400..U+9FFF: lead bytes E3 90.. to E9 */
			*cjk += (*s == 0xE3 && s[1] >= 0x90) || (*s >= 0xE4 && *s <= 0xE9);
		}
}

bool pdf_text(const char *data, size_t n, bool ocr, struct doc_text *out, struct input_error *err)
{
	/* the programs read a file: one in memory, named only in the child */
	struct sandbox_file file;
	if (!sandbox_memfile(data, n, &file)) {
		input_fail(err, 0, "无法为读取 PDF 建立内存文件：%s", strerror(errno));
		return false;
	}
	struct words ws = {.a = arena_new()};
	jx_buf_init(&ws.text, 1 << 20);
	unsigned long pages = 0;
	bool ok = page_count(&file, &pages, err);
	if (ok && pages > PDF_MAX_PAGES) {
		input_fail(err, 0, "PDF 有 %lu 页，超过 %d 页的上限，不像自评表，未读取（请拆分文件）", pages,
			   PDF_MAX_PAGES);
		ok = false;
	}
	ok = ok && read_words(&file, pages, &ws, err);
	size_t all = 0, cjk = 0;
	struct ocr o = {.err = err};
	if (ok) {
		/* with --ocr, a page without a CJK character (a scanned page, or
		 * fonts without Unicode) is read from its image (images.want) */
		ws.want = xcalloc(ws.n ? ws.n : 1, sizeof *ws.want);
		for (size_t p = 0; p < ws.n; p++) {
			size_t a = 0, c = 0;
			count_chars(&ws.pages[p], &a, &c);
			all += a;
			cjk += c;
			if (ocr && c == 0) {
				ws.want[p] = true;
				ws.pages[p].nwords = 0;
			}
		}
		if (!ocr && all == 0) {
			input_fail(err, 0, "PDF 没有文字层（%lu 页中没有一个字：是扫描件、图片或空白页）：请提供原始的 Word、Excel "
					   "文件或由它们导出的 PDF；只有扫描件时可加 --ocr 识别（每个值都须核对）",
				   pages);
			ok = false;
		} else if (!ocr && cjk == 0) {
			input_fail(err, 0, "PDF 的文字层读不出任何汉字（%zu 个字符都不是汉字：字体没有 ToUnicode 映射，"
					   "复制出来是乱码）：请用原始文件重新导出 PDF，或加 --ocr 按图像识别",
				   all);
			ok = false;
		}
	}
	ok = ok && read_rules(&file, pages, &ws, ocr ? &o : NULL, err) &&
	     pdfgrid_text(ws.pages, ws.n, out, err);
	if (ok && o.words) { /* a page was read by OCR: the whole document is marked */
		out->ocr = true;
		out->ocr_pages = o.pages;
		out->ocr_words = o.words;
		out->ocr_low = o.low;
	}
	/* pages with ink and no text, not read by OCR: unread, said per page */
	for (size_t p = 0; ok && p < ws.n; p++)
		if (ws.inked_blank && ws.inked_blank[p])
			doc_note(out, JX_CHECK_UNPARSED, 0,
				 "第 %zu 页没有文字层（是扫描的图像），未读取%s", p + 1,
				 ocr ? "：OCR 没有识别出文字" : "：加 --ocr 可按图像识别（每个值都须核对）");
	free(ws.want);
	free(ws.inked_blank);
	sandbox_file_close(&file);
	for (size_t p = 0; p < ws.n; p++)
		ppage_free(&ws.pages[p]);
	free(ws.pages);
	jx_buf_release(&ws.text);
	arena_free(ws.a);
	return ok;
}
