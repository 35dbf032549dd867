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
 * The PDF is written to a private temporary file first (the programs read
 * files) and removed once read.  The images are read a page at a time
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

#include <errno.h>
#include <expat.h>
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

static bool run_to_buf(const char *const argv[], unsigned long pages, struct jx_buf *b,
		       struct sandbox_result *res, struct input_error *err)
{
	struct sandbox_limits lim = limits_for(pages);
	if (!sandbox_run(argv, &lim, to_buf, b, res, err))
		return false;
	if (!sandbox_ok(res)) {
		child_failed(argv[0], res, b->overflow, &lim, err);
		return false;
	}
	return true;
}

/* ---- pdfinfo ----------------------------------------------------------------------------- */

static bool page_count(const char *path, unsigned long *pages, struct input_error *err)
{
	const char *argv[] = {"pdfinfo", "--", path, NULL};
	struct jx_buf b;
	jx_buf_init(&b, 1 << 20);
	struct sandbox_result res;
	bool ok = run_to_buf(argv, 1, &b, &res, err);
	if (ok && strstr(res.err, "ncorrect password")) {
		input_fail(err, 0, "PDF 有打开密码，无法读取：请提供未加密的文件");
		ok = false;
	}
	const char *p = ok && b.p ? strstr(b.p, "\nPages:") : NULL;
	if (ok && b.p && !strncmp(b.p, "Pages:", 6))
		p = b.p - 1;
	if (ok && !p) {
		input_fail(err, 0, "不是可读的 PDF（pdfinfo 没有给出页数）");
		ok = false;
	}
	if (ok)
		*pages = strtoul(p + 7, NULL, 10);
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
	ws->w.s = arena_strndup(ws->a, ws->text.p ? ws->text.p : "", ws->text.n);
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

static bool read_words(const char *path, unsigned long pages, struct words *ws,
		       struct input_error *err)
{
	const char *argv[] = {"pdftotext", "-bbox-layout", "-enc", "UTF-8", "-q", "--", path, "-", NULL};
	struct jx_buf b;
	jx_buf_init(&b, PDF_TEXT_BYTES);
	struct sandbox_result res;
	bool ok = run_to_buf(argv, pages, &b, &res, err);
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

/* ---- pdftoppm: page images, a page at a time ---------------------------------------------- */

/* Reading the concatenated PGM images ("P5 W H 255\n" and W × H bytes). */
struct images {
	struct words *ws;
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
	if (im->page < im->ws->n)
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

static bool read_rules(const char *path, unsigned long pages, struct words *ws,
		       struct input_error *err)
{
	char px[16];
	snprintf(px, sizeof px, "%d", PDF_IMAGE_PX);
	const char *argv[] = {"pdftoppm", "-gray", "-scale-to", px, "-aa", "no", "-aaVector", "no",
			      "-thinlinemode", "solid", "-q", "--", path, NULL};
	struct images im = {.ws = ws};
	struct sandbox_result res;
	struct sandbox_limits lim = limits_for(pages);
	if (!sandbox_run(argv, &lim, on_image, &im, &res, err))
		return false;
	free(im.px);
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

bool pdf_text(const char *data, size_t n, struct doc_text *out, struct input_error *err)
{
	char path[4096];
	if (!sandbox_temp_copy(data, n, "pdf", path, sizeof path)) {
		input_fail(err, 0, "无法写临时文件来读取 PDF：%s", strerror(errno));
		return false;
	}
	struct words ws = {.a = arena_new()};
	jx_buf_init(&ws.text, 1 << 20);
	unsigned long pages = 0;
	bool ok = page_count(path, &pages, err);
	if (ok && pages > PDF_MAX_PAGES) {
		input_fail(err, 0, "PDF 有 %lu 页，超过 %d 页的上限，不像自评表，未读取（请拆分文件）", pages,
			   PDF_MAX_PAGES);
		ok = false;
	}
	ok = ok && read_words(path, pages, &ws, err);
	size_t all = 0, cjk = 0;
	if (ok) {
		count_chars(&ws, &all, &cjk);
		if (all == 0) {
			input_fail(err, 0, "PDF 没有文字层（%lu 页中没有一个字：是扫描件、图片或空白页）：jixiao 不从图像中识别文字，"
					   "请提供原始的 Word、Excel 文件或由它们导出的 PDF",
				   pages);
			ok = false;
		} else if (cjk == 0) {
			input_fail(err, 0, "PDF 的文字层读不出任何汉字（%zu 个字符都不是汉字：字体没有 ToUnicode 映射，"
					   "复制出来是乱码）：请用原始文件重新导出 PDF",
				   all);
			ok = false;
		}
	}
	ok = ok && read_rules(path, pages, &ws, err) && pdfgrid_text(ws.pages, ws.n, out, err);
	unlink(path);
	for (size_t p = 0; p < ws.n; p++)
		ppage_free(&ws.pages[p]);
	free(ws.pages);
	jx_buf_release(&ws.text);
	arena_free(ws.a);
	return ok;
}
