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
 * a block of text, TSV) reads all of a page's pieces from a list, in the
 * same sandbox as poppler, from a private temporary directory removed
 * afterwards.  A cell's words become one word in that cell; a word below
 * OCR_MIN_CONF (tesseract's 0..100) makes its cell UNREAD_CELL: unread,
 * never a guessed value.  Words that are only a rule's stroke read as a
 * character (| 丨 ｜ _ —) are dropped.
 */
enum { OCR_MIN_CONF = 60, OCR_MARGIN = 12,
       OCR_INSET = 4, /* pixels inside a cell's rules: none of the rule's stroke */ OCR_PAGE_SECONDS = 180, OCR_TSV_BYTES = 16 << 20,
       OCR_MAX_CELLS = 2000 };

struct ocr {
	struct input_error *err;
	unsigned long words, low;
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

/* Write the w × h piece of the W-wide image at (x, y) as a PGM file, with
 * a white margin of OCR_MARGIN pixels: tesseract reads text that touches
 * its image's edge poorly. */
static bool write_pgm(const char *path, const unsigned char *px, unsigned W, unsigned x, unsigned y,
		      unsigned w, unsigned h)
{
	FILE *f = fopen(path, "wbx");
	if (!f)
		return false;
	unsigned m = OCR_MARGIN, ow = w + 2 * m;
	unsigned char *white = xmalloc(ow);
	memset(white, 255, ow);
	fprintf(f, "P5\n%u %u\n255\n", ow, h + 2 * m);
	for (unsigned r = 0; r < m; r++)
		fwrite(white, 1, ow, f);
	for (unsigned r = 0; r < h; r++) {
		fwrite(white, 1, m, f);
		fwrite(px + (size_t)(y + r) * W + x, 1, w, f);
		fwrite(white, 1, m, f);
	}
	for (unsigned r = 0; r < m; r++)
		fwrite(white, 1, ow, f);
	free(white);
	bool ok = !ferror(f);
	return fclose(f) == 0 && ok;
}

/* A recognised piece's text, joined as pdfgrid.c joins a cell's lines. */
struct piece {
	struct jx_buf text;
	bool low;       /* a word of it below OCR_MIN_CONF */
	uint32_t last;  /* its last character */
};

static void piece_add(struct piece *pc, const char *word)
{
	uint32_t first = 0;
	utf8_decode(word, strlen(word), &first);
	if (pc->text.n && !(is_wide(pc->last) && is_wide(first)))
		jx_buf_add(&pc->text, " ", 1);
	jx_buf_puts(&pc->text, word);
	size_t n = strlen(word), back = n;
	while (back > 0 && ((unsigned char)word[back - 1] & 0xC0) == 0x80)
		back--;
	if (back > 0)
		utf8_decode(word + back - 1, n - back + 1, &pc->last);
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
		bool low = strtof(f[10], NULL) < OCR_MIN_CONF;
		o->words++;
		o->low += low;
		if (k >= 1 && k <= ncells) {
			pieces[k - 1].low |= low;
			piece_add(&pieces[k - 1], f[11]);
		} else if (k == ncells + 1 && pg->nwords < PDF_MAX_PAGE_WORDS) {
			float left = strtof(f[6], NULL), top = strtof(f[7], NULL);
			float w = strtof(f[8], NULL), h = strtof(f[9], NULL);
			unsigned id = (unsigned)(1000000 + strtoul(f[2], NULL, 10) * 10000 +
						 strtoul(f[3], NULL, 10) * 100 + strtoul(f[4], NULL, 10));
			struct pword pw = {left / sx, top / sy, (left + w) / sx, (top + h) / sy,
					   arena_strdup(ws->a, low ? UNREAD_CELL : f[11]), id};
			ppage_word(pg, pw);
		}
	}
}

/* The pieces of a page into dir: a cell each (inside its rules), then the
 * page with its cells blanked; their paths listed in dir/list. */
static bool cut_pieces(const char *dir, const unsigned char *px, unsigned W, unsigned H,
		       const struct pcell *cells, size_t nc, float sx, float sy, size_t *written)
{
	char path[4200], list[4200];
	snprintf(list, sizeof list, "%s/list", dir);
	FILE *lf = fopen(list, "wx");
	if (!lf)
		return false;
	unsigned char *rest = xmalloc((size_t)W * H);
	memcpy(rest, px, (size_t)W * H);
	bool ok = true;
	*written = 0;
	for (size_t i = 0; ok && i <= nc; i++) {
		unsigned x = 0, y = 0, w = W, h = H;
		if (i < nc) { /* inside the rules: 3 pixels in */
			long x0 = lroundf(cells[i].x0 * sx) + OCR_INSET, x1 = lroundf(cells[i].x1 * sx) - OCR_INSET;
			long y0 = lroundf(cells[i].y0 * sy) + OCR_INSET, y1 = lroundf(cells[i].y1 * sy) - OCR_INSET;
			x0 = x0 < 0 ? 0 : x0;
			y0 = y0 < 0 ? 0 : y0;
			x1 = x1 > (long)W ? (long)W : x1;
			y1 = y1 > (long)H ? (long)H : y1;
			if (x1 - x0 < 4 || y1 - y0 < 4) {
				x0 = y0 = x1 = y1 = 0; /* a sliver: a blank piece keeps the numbering */
			} else {
				for (long r = y0; r < y1; r++) /* not the page's text */
					memset(rest + (size_t)r * W + (size_t)x0, 255, (size_t)(x1 - x0));
			}
			x = (unsigned)x0, y = (unsigned)y0, w = (unsigned)(x1 - x0), h = (unsigned)(y1 - y0);
		}
		unsigned char blank[64];
		memset(blank, 255, sizeof blank);
		snprintf(path, sizeof path, "%s/p%05zu.pgm", dir, i);
		ok = (w ? write_pgm(path, i < nc ? px : rest, W, x, y, w, h)
			: write_pgm(path, blank, 8, 0, 0, 8, 8)) &&
		     fprintf(lf, "%s\n", path) > 0;
		*written += ok;
	}
	free(rest);
	bool closed = fclose(lf) == 0;
	return ok && closed;
}

static void remove_pieces(const char *dir, size_t n)
{
	char path[4200];
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/p%05zu.pgm", dir, i);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/list", dir);
	unlink(path);
	rmdir(dir);
}

static void ocr_page(struct ocr *o, struct words *ws, struct ppage *pg, const unsigned char *px,
		     unsigned W, unsigned H)
{
	if (o->failed || pg->w <= 0 || pg->h <= 0)
		return;
	pg->scanned = true;
	page_rules(pg, px, W, H);
	size_t nc = 0, written = 0;
	struct pcell *cells = page_cells(pg, &nc);
	if (nc > OCR_MAX_CELLS)
		nc = OCR_MAX_CELLS; /* the rest of such a page is text */
	float sx = (float)W / pg->w, sy = (float)H / pg->h;
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/jixiao-ocr.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir) || !cut_pieces(dir, px, W, H, cells, nc, sx, sy, &written)) {
		input_fail(o->err, 0, "无法写临时文件来识别扫描件：%s", strerror(errno));
		o->failed = true;
		if (*dir)
			remove_pieces(dir, written);
		free(cells);
		return;
	}
	char list[4200];
	snprintf(list, sizeof list, "%s/list", dir);
	const char *argv[] = {"tesseract", list, "stdout", "-l", "chi_sim", "--psm", "6", "tsv", NULL};
	struct jx_buf b;
	jx_buf_init(&b, OCR_TSV_BYTES);
	struct sandbox_result res;
	struct sandbox_limits lim = {PDF_CHILD_BYTES, OCR_PAGE_SECONDS};
	struct piece *pieces = xcalloc(nc ? nc : 1, sizeof *pieces);
	for (size_t i = 0; i < nc; i++)
		jx_buf_init(&pieces[i].text, 1 << 16);
	if (!sandbox_run(argv, &lim, to_buf, &b, &res, o->err)) {
		o->failed = true;
	} else if (!sandbox_ok(&res)) {
		if (res.missing)
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
	remove_pieces(dir, written);
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
	if (im->page < im->ws->n && im->ocr) /* the rules first, then its cells' words */
		ocr_page(im->ocr, im->ws, &im->ws->pages[im->page], im->px, im->W, im->H);
	else if (im->page < im->ws->n)
		page_rules(&im->ws->pages[im->page], im->px, im->W, im->H);
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
static void count_chars(const struct words *ws, size_t *all, size_t *cjk)
{
	*all = *cjk = 0;
	for (size_t p = 0; p < ws->n; p++)
		for (size_t i = 0; i < ws->pages[p].nwords; i++)
			for (const unsigned char *s = (const unsigned char *)ws->pages[p].words[i].s; *s; s++) {
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
	bool by_ocr = false;
	if (ok) {
		count_chars(&ws, &all, &cjk);
		if (ocr && cjk == 0) {
			/* a scan, or a text layer without Unicode: the pages' words
			 * come from their images */
			by_ocr = true;
			for (size_t p = 0; p < ws.n; p++)
				ws.pages[p].nwords = 0;
		} else if (all == 0) {
			input_fail(err, 0, "PDF 没有文字层（%lu 页中没有一个字：是扫描件、图片或空白页）：请提供原始的 Word、Excel "
					   "文件或由它们导出的 PDF；只有扫描件时可加 --ocr 识别（每个值都须核对）",
				   pages);
			ok = false;
		} else if (cjk == 0) {
			input_fail(err, 0, "PDF 的文字层读不出任何汉字（%zu 个字符都不是汉字：字体没有 ToUnicode 映射，"
					   "复制出来是乱码）：请用原始文件重新导出 PDF，或加 --ocr 按图像识别",
				   all);
			ok = false;
		}
	}
	ok = ok && read_rules(&file, pages, &ws, by_ocr ? &o : NULL, err) &&
	     pdfgrid_text(ws.pages, ws.n, out, err);
	if (ok && by_ocr) {
		out->ocr = true;
		out->ocr_words = o.words;
		out->ocr_low = o.low;
	}
	sandbox_file_close(&file);
	for (size_t p = 0; p < ws.n; p++)
		ppage_free(&ws.pages[p]);
	free(ws.pages);
	jx_buf_release(&ws.text);
	arena_free(ws.a);
	return ok;
}
