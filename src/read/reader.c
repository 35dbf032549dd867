/*
 * reader.c: the reader handle (jixiao.h) and what an input is.  A text is
 * read by the form builder (builder.c) as it streams, or, when it is small
 * and the template reader (grid.h) reads more of it, as the parts that
 * reader writes; a workbook, CSV or JSON is read whole into parts (input.h),
 * each part then read by a builder of its own.  The form builder sees rows
 * of cells (the tab layout) of every table input; a CSV's or JSON's forms
 * are given to it as their fields (builder_flat), never as rows.
 */
#include "arena.h"
#include "builder.h"
#include "ctx.h"
#include "doc.h"
#include "grid.h"
#include "input.h"
#include "model.h"
#include "read.h"
#include "text.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "banned.h"

struct jx_reader {
	struct jx_ctx *ctx;
	FILE *in;
	char *name;
	enum jx_layout forced;
	unsigned long first_line; /* the stream's first line number (0: 1) */
	unsigned long count;
	struct builder *text;     /* a text input's builder, made on the first form */
	/* inputs that are not text (input.h), and texts the template reader
	 * read: the whole input turned into parts, each read by a builder of
	 * its own (sub) */
	bool sniffed, in_parts;
	enum jx_status failed;    /* the input could not be read: said once, returned again */
	FILE *prefixed;           /* the text input behind its sniffed bytes */
	struct parts parts;
	size_t part_next;
	struct builder *sub;
	FILE *sub_in;
	size_t flat_next;         /* the part's next form given field by field */
	/* --template: the lexicon holding it and the template every text is read by */
	struct lexicon *forced_lx;
	const struct template *forced_tpl;
	unsigned long blanks; /* blank workbook sheets skipped (blank-sheet) */
	bool ocr;             /* jx_reader_set_ocr */
};

/* ---- public ----------------------------------------------------------------- */

struct jx_reader *jx_reader_new(struct jx_ctx *ctx, FILE *in, const char *name)
{
	if (!ctx || !in)
		return NULL;
	struct jx_reader *r = xcalloc(1, sizeof *r);
	r->ctx = ctx;
	r->in = in;
	r->name = xstrdup(name ? name : "-");
	return r;
}

void jx_reader_free(struct jx_reader *r)
{
	if (!r)
		return;
	builder_free(r->text);
	builder_free(r->sub);
	if (r->sub_in)
		fclose(r->sub_in);
	if (r->prefixed)
		fclose(r->prefixed);
	parts_free(&r->parts);
	lexicon_free(r->forced_lx);
	free(r->name);
	free(r);
}

unsigned long jx_reader_count(const struct jx_reader *r)
{
	return r->count;
}

enum jx_status jx_reader_set_first_line(struct jx_reader *r, unsigned long line)
{
	if (!r || r->text || r->sniffed || !line)
		return JX_ERR_ARG;
	r->first_line = line;
	r->sniffed = true; /* a stored form's canonical text: text by definition */
	return JX_OK;
}

enum jx_status jx_reader_set_template(struct jx_reader *r, const char *name_or_file, char *err,
				      size_t errcap)
{
	if (!r || !name_or_file || r->text || r->sniffed)
		return JX_ERR_ARG;
	size_t n = strlen(name_or_file);
	bool file = strchr(name_or_file, '/') || (n > 4 && !strcmp(name_or_file + n - 4, ".tpl"));
	struct lexicon *lx = lexicon_load(file ? &name_or_file : NULL, file, err, errcap);
	if (!lx)
		return JX_ERR_ARG;
	const struct template *all, *t = NULL;
	size_t k = lexicon_templates(lx, &all);
	for (size_t i = 0; i < k; i++) /* a file's own template: the last one it named */
		if (file ? !strcmp(all[i].file, name_or_file) : !strcmp(all[i].name, name_or_file))
			t = &all[i];
	if (!t) {
		snprintf(err, errcap, file ? "%s: 文件中没有模板" : "未知的模板「%s」（jixiao templates 列出全部）",
			 name_or_file);
		lexicon_free(lx);
		return JX_ERR_ARG;
	}
	lexicon_free(r->forced_lx);
	r->forced_lx = lx;
	r->forced_tpl = t;
	return JX_OK;
}

enum jx_status jx_reader_set_ocr(struct jx_reader *r, bool on)
{
	if (!r || r->text || r->sniffed)
		return JX_ERR_ARG;
	r->ocr = on;
	return JX_OK;
}

enum jx_status jx_reader_set_layout(struct jx_reader *r, enum jx_layout layout)
{
	if (!r || r->text || r->sniffed || layout < 0 || layout > JX_LAYOUT_LAST_TEXT)
		return JX_ERR_ARG;
	r->forced = layout;
	return JX_OK;
}

/* ---- inputs that are not text ---------------------------------------------- */

/*
 * The text input again, its sniffed bytes first: a stream that replays
 * <head> and then reads the original FILE (which may be a pipe).
 */
struct replay {
	FILE *in;
	char *head; /* malloc'd: the sniffed bytes, or all of a small text */
	size_t n, pos;
};

static ssize_t replay_read(void *c, char *buf, size_t size)
{
	struct replay *rp = c;
	if (rp->pos < rp->n) {
		size_t k = rp->n - rp->pos < size ? rp->n - rp->pos : size;
		memcpy(buf, rp->head + rp->pos, k);
		rp->pos += k;
		return (ssize_t)k;
	}
	if (!rp->in) /* a whole text: all of it was in head */
		return 0;
	size_t k = fread(buf, 1, size, rp->in);
	return k == 0 && ferror(rp->in) ? -1 : (ssize_t)k;
}

static int replay_close(void *c)
{
	struct replay *rp = c;
	free(rp->head);
	free(rp);
	return 0;
}

/* The rest of the input after <head, n> into one buffer, up to the cap. */
static char *slurp(struct jx_reader *r, const char *head, size_t n, size_t *len)
{
	struct jx_buf b;
	jx_buf_init(&b, (size_t)INPUT_MAX_BYTES + 1);
	jx_buf_add(&b, head, n);
	char chunk[1 << 16];
	size_t k;
	while (!b.overflow && (k = fread(chunk, 1, sizeof chunk, r->in)) > 0)
		jx_buf_add(&b, chunk, k);
	if (ferror(r->in) || b.overflow) {
		if (b.overflow)
			ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 0, "",
					  "文件超过 %d MB，未读取", INPUT_MAX_BYTES >> 20);
		else
			ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 0, "",
					  "读取文件时失败：%s", strerror(errno));
		jx_buf_release(&b);
		return NULL;
	}
	*len = b.n;
	if (!b.p)
		return xcalloc(1, 1);
	return b.p;
}

/* fd is a regular file that map_file can map. */
static bool map_file_ok(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

/* A JSON input that is no file is read into memory up to this, and spooled
 * to a temporary file to be mapped only beyond. */
enum { SMALL_JSON = 1 << 20 };

/* The file behind fd, mapped read-only, if it is a regular file whose
 * first n bytes are <head, n> (it was opened at its start); else NULL. */
static char *map_file(int fd, const char *head, size_t n, size_t *len)
{
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uintmax_t)st.st_size < n || (uintmax_t)st.st_size > SIZE_MAX)
		return NULL;
	char *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return NULL;
	if (memcmp(m, head, n) != 0) {
		munmap(m, (size_t)st.st_size);
		return NULL;
	}
	(void)madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
	*len = (size_t)st.st_size;
	return m;
}

/*
 * A JSON document (<head, n> and the rest of r->in) as a read-only mapping:
 * of its file, or of an unnamed temporary copy when the input is no regular
 * file (a pipe).  Unlike slurp there is no cap: json.c reads it a form at a
 * time and gives the pages behind back, so memory stays that of one form
 * however many forms check wrote.  NULL: reported.
 */
static char *json_map(struct jx_reader *r, const char *head, size_t n, size_t *len)
{
	char *m = map_file(r->prefixed ? -1 : fileno(r->in), head, n, len);
	if (m)
		return m;
	FILE *spool = tmpfile();
	if (!spool) {
		ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 0, "",
				  "无法建立临时文件来读取 JSON：%s", strerror(errno));
		return NULL;
	}
	bool ok = fwrite(head, 1, n, spool) == n;
	char chunk[1 << 16];
	size_t k;
	while (ok && (k = fread(chunk, 1, sizeof chunk, r->in)) > 0)
		ok = fwrite(chunk, 1, k, spool) == k;
	int read_errno = ferror(r->in) ? errno : 0;
	ok = ok && !read_errno && fflush(spool) == 0;
	if (ok)
		m = map_file(fileno(spool), head, n, len);
	if (!m)
		ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 0, "",
				  read_errno ? "读取文件时失败：%s" : "写入临时文件失败：%s",
				  strerror(read_errno ? read_errno : errno));
	fclose(spool); /* the mapping stays valid after the file is closed */
	return m;
}

/* ---- forms as units publish them (grid.h) ---------------------------------------- */

/* A text this small is read whole and tried by both readers. */
enum { REAL_MAX_BYTES = 4 << 20 };

/* How much of a form was read: one for each field holding a value. */
static unsigned form_fields(const struct jx_form *f)
{
	unsigned q = (*f->project.norm != 0) + (*f->department.norm != 0) +
		     (*f->implementer.norm != 0) + (f->year != 0);
	for (int k = 0; k < FUND__COUNT; k++) {
		const struct fund_row *fr = &f->funds[k];
		if (!fr->present)
			continue;
		q += (fr->initial.n.state == NUM_OK) + (fr->budget.n.state == NUM_OK) +
		     (fr->executed.n.state == NUM_OK) + (fr->weight.state == NUM_OK) +
		     (fr->rate.state == NUM_OK) + (fr->score.state == NUM_OK);
	}
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		q += 1 + (*in->name.norm != 0) + (*in->target_c.norm != 0) + (*in->actual_c.norm != 0) +
		     (in->weight.state == NUM_OK) + (in->declared.state == NUM_OK);
	}
	return q + (f->total_weight.state == NUM_OK) + (f->total_declared.state == NUM_OK);
}

/* A form the standard reader read whole: its name, budget, indicators and total. */
static bool form_complete(const struct jx_form *f)
{
	return *f->project.norm && f->funds[FUND_TOTAL].present &&
	       f->funds[FUND_TOTAL].budget.n.state == NUM_OK && f->n_ind > 0 && f->has_total;
}

/* The fields a reader reads from `in` (a text, or parts), findings dropped;
 * *complete: most of its forms were read whole (a file of standard forms
 * cut short in its last one is still the standard reader's) and it could
 * place nearly every line (at most one reading error a form). */
static unsigned trial(struct jx_ctx *quiet, struct jx_reader *t, bool *complete)
{
	unsigned q = 0;
	unsigned long forms = 0, whole = 0, errors = jx_ctx_count(quiet, JX_SEV_ERROR);
	struct jx_form *f;
	while (jx_reader_next(t, &f) == JX_OK) {
		forms++;
		q += form_fields(f);
		whole += form_complete(f);
		jx_form_free(f);
	}
	errors = jx_ctx_count(quiet, JX_SEV_ERROR) - errors;
	*complete = forms > 0 && whole * 2 > forms && errors <= forms;
	return q;
}

static pthread_once_t lexicon_once = PTHREAD_ONCE_INIT;
static struct lexicon *shipped_lexicon;

static void load_lexicon(void)
{
	char err[512];
	shipped_lexicon = lexicon_load(NULL, 0, err, sizeof err);
}

/*
 * Should the text <data, n> be read as a published form (fit.c) rather than
 * by the standard layouts?  Both read it with findings dropped; the grid
 * reader is taken when the standard reader did not read most forms whole
 * and the grid reader reads clearly more fields.  Then its parts are in *out.
 */
static bool real_form(struct jx_reader *r, const char *data, size_t n, struct parts *out)
{
	pthread_once(&lexicon_once, load_lexicon);
	if (!shipped_lexicon)
		return false;
	struct jx_ctx *quiet = jx_ctx_new();
	FILE *in = fmemopen((char *)data, n ? n : 1, "r");
	if (!in)
		abort();
	struct jx_reader *t = jx_reader_new(quiet, in, r->name);
	t->sniffed = true;
	bool complete;
	unsigned q_std = n ? trial(quiet, t, &complete) : 0;
	jx_reader_free(t);
	fclose(in);
	bool take = false;
	struct parts ps = {0};
	struct input_error err = {0};
	if (n && !complete && realform_parts(quiet, shipped_lexicon, NULL, data, n, r->name, &ps, &err)) {
		struct jx_reader *g = jx_reader_new(quiet, stdin, r->name);
		g->sniffed = g->in_parts = true;
		g->parts = ps;
		ps = (struct parts){0};
		unsigned q_grid = trial(quiet, g, &complete);
		jx_reader_free(g);
		/* the standard reader knows its layouts exactly: the template
		 * reader must read clearly more (an eighth) */
		take = q_grid > q_std + q_std / 8;
	}
	parts_free(&ps);
	jx_ctx_free(quiet);
	/* read again, for real, with findings */
	return take && realform_parts(r->ctx, shipped_lexicon, NULL, data, n, r->name, out, &err);
}

/* The input goes on as a text stream: <head, n> (taken), then the rest of
 * r->in (none when `whole`). */
static void text_stream(struct jx_reader *r, char *head, size_t n, bool whole)
{
	struct replay *rp = xcalloc(1, sizeof *rp);
	rp->in = whole ? NULL : r->in;
	rp->head = head;
	rp->n = n;
	cookie_io_functions_t io = {.read = replay_read, .close = replay_close};
	r->prefixed = fopencookie(rp, "r", io);
	if (!r->prefixed)
		abort(); /* out of memory: as xmalloc */
	r->in = r->prefixed;
}

/* What no reader of jixiao's reads, said with what to do: the input is
 * refused (JX_ERR_IO). */
static enum jx_status refuse(struct jx_reader *r, const char *what)
{
	ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 0, "", "%s", what);
	return JX_ERR_IO;
}

/* The input's parts from the reader of its kind; `data` is taken. */
static enum jx_status read_parts(struct jx_reader *r, enum input_kind kind, char *data, size_t n,
				 bool mapped)
{
	struct input_error err = {0};
	/* a text read by the template --template named: its parts, or none */
	bool by_template = kind == IN_TEXT, ok;
	if (by_template)
		ok = realform_parts(r->ctx, r->forced_lx, r->forced_tpl, data, n, r->name, &r->parts,
				    &err) || !err.msg[0];
	else
		ok = kind == IN_XLSX  ? xlsx_parts(r->ctx, data, n, r->name, &r->parts, &err)
		     : kind == IN_XLS ? xls_parts(r->ctx, data, n, r->name, &r->parts, &err)
		     : kind == IN_CSV ? csv_parts(r->ctx, &data, n, r->name, &r->parts, &err)
				      : json_parts(r->ctx, &data, n, mapped, r->name, &r->parts, &err);
	json_doc_free(data, n, mapped);
	if (!ok) {
		ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, err.line, "", "%s", err.msg);
		parts_free(&r->parts);
		return JX_ERR_IO;
	}
	bool any = false; /* a part with rows: a CSV of blank lines has none */
	for (size_t i = 0; i < r->parts.n; i++)
		any |= r->parts.v[i].text.n > 0 || r->parts.v[i].nflat > 0;
	if (!any) {
		if (by_template)
			ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 0, "",
					  "按模板「%s」未读出任何自评表", r->forced_tpl->name);
		else
			ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 0, "",
					  "%s", kind == IN_XLSX || kind == IN_XLS
							? "工作簿中没有项目支出绩效自评表（没有一张工作表有「项目支出绩效自评表」标题或「项目名称」行）"
							: "文件中没有项目支出绩效自评表");
		parts_free(&r->parts);
		return JX_ERR_NOFORM;
	}
	r->part_next = 0;
	r->in_parts = true;
	return JX_OK;
}

/*
 * A whole input that is UTF-8 text (as read, decoded, or written by the
 * Word and PDF readers), taken: a CSV or JSON document into parts; a text
 * by the --template named, or, when small, as a published form if the
 * template reader reads more of it (real_form); else a text stream.
 */
static enum jx_status whole_text(struct jx_reader *r, char *data, size_t n, bool of_document)
{
	enum input_kind kind = of_document ? IN_TEXT
					   : input_sniff(data, n < SNIFF_BYTES ? n : SNIFF_BYTES,
							 r->forced != JX_LAYOUT_AUTO);
	if (kind == IN_CSV || kind == IN_JSON || r->forced_tpl)
		return read_parts(r, kind == IN_CSV || kind == IN_JSON ? kind : IN_TEXT, data, n, false);
	if (r->forced == JX_LAYOUT_AUTO && n <= REAL_MAX_BYTES && real_form(r, data, n, &r->parts)) {
		free(data);
		r->part_next = 0;
		r->in_parts = true;
		return JX_OK;
	}
	text_stream(r, data, n, true);
	return JX_OK;
}

/* A text not in UTF-8: its head <head, n> and the rest of the input,
 * decoded whole (decode.c), then read as any text. */
static enum jx_status decoded_text(struct jx_reader *r, enum text_enc enc, char *head, size_t n)
{
	size_t len = 0, dn = 0;
	char *data = slurp(r, head, n, &len);
	free(head);
	if (!data)
		return JX_ERR_IO;
	struct input_error err = {0};
	char *dec = text_decode(data, len, enc, &dn, &err);
	free(data);
	if (!dec) {
		ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, err.line, "", "%s", err.msg);
		return JX_ERR_IO;
	}
	return whole_text(r, dec, dn, false);
}

/* The message for a file that is no text (NULs or control characters in
 * <p, n>, which is taken) and of no kind jixiao reads: says so, guesses no
 * encoding. */
static enum jx_status binary(struct jx_reader *r, char *p, size_t n)
{
	size_t at = 0;
	while (at < n && ((unsigned char)p[at] >= 0x20 || (p[at] && strchr("\t\n\r\f\v\x1a", p[at]))))
		at++;
	ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 0, "",
			  "不是文本文件（第 %zu 字节是控制字符 0x%02X），也不是 jixiao 能读的 Excel（.xlsx、.xls）、Word（.docx）、PDF、CSV 或 JSON 文件",
			  at + 1, at < n ? (unsigned char)p[at] : 0);
	free(p);
	return JX_ERR_IO;
}

/*
 * A scan's recognised text as a part of tab rows with marks: a word of low
 * confidence made its cell UNREAD_CELL, which the builder reads as unread
 * (never as empty or as a wrong value); the standard layouts read it (the
 * template reader takes no marks from a text).  Each form it gives is
 * marked as OCR'd (parts_next).
 */
static enum jx_status ocr_part(struct jx_reader *r, const struct doc_text *d)
{
	struct part *p = parts_add(&r->parts, r->name, JX_LAYOUT_TAB);
	p->marks = true;
	p->ocr = true;
	p->ocr_words = d->ocr_words;
	p->ocr_low = d->ocr_low;

	const char *s = d->text.p ? d->text.p : "";
	for (size_t i = 0, at = 0; i < d->n; i++) {
		const char *nl = memchr(s + at, '\n', d->text.n - at);
		size_t len = nl ? (size_t)(nl - (s + at)) : d->text.n - at;
		if (!part_row(p, s + at, len, (unsigned long)i + 1)) {
			parts_free(&r->parts);
			return refuse(r, "OCR 识别出的文字超过上限，未读取");
		}
		at += len + 1;
	}
	r->part_next = 0;
	r->in_parts = true;
	return JX_OK;
}

/* A Word or PDF document <data, n> (taken) as its text, each line's place
 * given to the context (doc.h), then read as any text. */
static enum jx_status document(struct jx_reader *r, enum input_kind kind, char *data, size_t n)
{
	struct doc_text d;
	doc_text_init(&d);
	struct input_error err = {0};
	bool ok = kind == IN_DOCX ? docx_text(data, n, &d, &err)
				  : pdf_text(data, n, r->ocr, &d, &err);
	free(data);
	if (!ok) {
		doc_text_free(&d);
		return refuse(r, err.msg);
	}
	if (!d.n) {
		doc_text_free(&d);
		ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 0, "", "%s",
				  kind == IN_DOCX ? "Word 文档中没有文字" : "PDF 中没有文字");
		return JX_ERR_NOFORM;
	}
	ctx_place_file(r->ctx, r->name, d.at, d.n);
	if (d.ocr) /* said first, before anything read from it: what follows is OCR's */
		ctx_report(r->ctx, JX_CHECK_OCR, r->name, 0, "",
			   "PDF 有 %lu 页没有可用的文字层，由 OCR 从图像识别（%lu 个词中 %lu 个置信度低，作为未能读取的格）："
			   "每个值都须对照原件核对",
			   d.ocr_pages, d.ocr_words, d.ocr_low);
	for (size_t i = 0; i < d.nnotes; i++)
		ctx_report(r->ctx, d.notes[i].check, r->name, d.notes[i].line, "", "%s", d.notes[i].msg);
	if (d.ocr) {
		enum jx_status st = ocr_part(r, &d);
		doc_text_free(&d);
		return st;
	}
	char *text = d.text.p;
	size_t len = d.text.n;
	d.text.p = NULL;
	doc_text_free(&d);
	return whole_text(r, text, len, true);
}

/* An input that is not text, read whole: by its reader, or refused with
 * what it is and what to do. */
static enum jx_status other_input(struct jx_reader *r, enum input_kind kind, char *data, size_t n)
{
	if (kind == IN_XLSX)
		kind = zip_kind(data, n);
	else if (kind == IN_XLS)
		kind = ole2_kind(data, n);
	const char *why = NULL;
	switch (kind) {
	case IN_DOC:
		why = "Word 97–2003 文档（.doc）：jixiao 不读这种旧格式，请在 Word 或 WPS 中「另存为」.docx 后再读";
		break;
	case IN_IMAGE:
		why = "图片（扫描件或照片）：jixiao 不从图片中识别文字，请提供原始的 Word、Excel 文件或由它们导出的 PDF";
		break;
	case IN_PDF:
	case IN_DOCX:
		return document(r, kind, data, n);
	default:
		return read_parts(r, kind, data, n, false);
	}
	free(data);
	return refuse(r, why);
}

/*
 * Tell what the input is from its first bytes.  A UTF-8 text goes on as a
 * stream (r->in replaced by one that replays the bytes read), or, when
 * small, is read whole and may be read as a published form (real_form); a
 * text in another encoding is decoded whole first; anything else is read
 * whole and turned into parts.  JX_OK: go on; otherwise the input could
 * not be read (reported).
 */
static enum jx_status sniff(struct jx_reader *r)
{
	r->sniffed = true;
	char *head = xmalloc(SNIFF_BYTES);
	size_t n = fread(head, 1, SNIFF_BYTES, r->in);
	enum input_kind kind = input_sniff(head, n, r->forced != JX_LAYOUT_AUTO);
	if (kind != IN_TEXT && kind != IN_CSV && kind != IN_JSON) {
		size_t len = 0;
		char *data = slurp(r, head, n, &len);
		free(head);
		return data ? other_input(r, kind, data, len) : JX_ERR_IO;
	}
	/* a layout forced (--layout): the user says it is a text, read as such */
	enum text_enc enc = text_encoding(head, n);
	if (enc == ENC_BINARY && r->forced != JX_LAYOUT_AUTO)
		enc = ENC_UTF8;
	if (enc == ENC_BINARY)
		return binary(r, head, n);
	if (enc != ENC_UTF8)
		return decoded_text(r, enc, head, n);
	if (kind == IN_JSON && !r->forced_tpl &&
	    !(r->in && !r->prefixed && fileno(r->in) >= 0 && map_file_ok(fileno(r->in)))) {
		/* no file to map (a pipe, a stored form's fields in memory): up to
		 * SMALL_JSON more read here; all of it in that: read from memory,
		 * no temporary file (a stored form is read whatever /tmp is) */
		head = xrealloc(head, SMALL_JSON + 1);
		size_t k;
		while (n <= SMALL_JSON && (k = fread(head + n, 1, SMALL_JSON + 1 - n, r->in)) > 0)
			n += k;
		if (n <= SMALL_JSON && !ferror(r->in))
			return read_parts(r, IN_JSON, head, n, false);
	}
	if (kind == IN_JSON && !r->forced_tpl) { /* any size: mapped, read a form at a time */
		size_t len = 0;
		char *data = json_map(r, head, n, &len);
		free(head);
		return data ? read_parts(r, IN_JSON, data, len, true) : JX_ERR_IO;
	}
	if (kind != IN_TEXT || r->forced_tpl) {
		size_t len = 0;
		char *data = slurp(r, head, n, &len);
		free(head);
		return data ? whole_text(r, data, len, false) : JX_ERR_IO;
	}
	if (r->forced == JX_LAYOUT_AUTO && n == SNIFF_BYTES) {
		/* the rest of a small text, up to the cap and one byte */
		head = xrealloc(head, REAL_MAX_BYTES + 1);
		size_t k;
		while (n <= REAL_MAX_BYTES && (k = fread(head + n, 1, REAL_MAX_BYTES + 1 - n, r->in)) > 0)
			n += k;
	}
	if (r->forced == JX_LAYOUT_AUTO && n <= REAL_MAX_BYTES && !ferror(r->in)) {
		/* all of it is here: its encoding from all of it */
		enc = text_encoding(head, n);
		if (enc == ENC_BINARY)
			return binary(r, head, n);
		if (enc != ENC_UTF8)
			return decoded_text(r, enc, head, n);
		return whole_text(r, head, n, false);
	}
	text_stream(r, head, n, false);
	return JX_OK;
}

/* ---- pieces (jixiao.h) ------------------------------------------------------------ */

static unsigned long count_lines(const char *p, size_t n)
{
	unsigned long k = 0;
	for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
		k++;
	return k;
}

bool jx_text_cuttable(const char *data, size_t n, enum jx_layout layout)
{
	size_t head = n < SNIFF_BYTES ? n : SNIFF_BYTES;
	/* what sniff() reads as a stream: an automatic text past the whole-read size */
	return layout == JX_LAYOUT_AUTO && n > REAL_MAX_BYTES &&
	       input_sniff(data, head, false) == IN_TEXT && text_encoding(data, head) == ENC_UTF8;
}

size_t jx_text_cut(const char *data, size_t n, size_t start, size_t bytes, unsigned long *lines)
{
	static const char title[] = "项目支出绩效自评表";
	size_t cut = n;
	/* no further than 8 pieces' worth: a text with no place to cut in
	 * that stretch is read on as one piece, its pages never all looked at */
	size_t limit = n - start > 9 * bytes ? start + 9 * bytes : n;
	for (size_t from = bytes < n - start ? start + bytes : n; from < limit;) {
		const char *t = memmem(data + from, n - from, title, strlen(title));
		if (!t)
			break;
		size_t at = (size_t)(t - data);
		while (at > start && data[at - 1] != '\n')
			at--;
		/* and a form before it: not only text before the file's first form */
		if (at > start && layout_cut_ok(data, n, at) &&
		    layout_has_title(data + start, at - start)) {
			cut = at;
			break;
		}
		const char *nl = memchr(t, '\n', n - (size_t)(t - data));
		from = nl ? (size_t)(nl - data) + 1 : n;
	}
	if (cut < n && layout_has_markup(data + start, cut - start))
		cut = n; /* HTML stays HTML to the end */
	/* the last piece's lines are nobody's business (no piece follows), and
	 * counting them would read all of the rest */
	*lines = cut < n ? count_lines(data + start, cut - start) : 0;
	return cut;
}

/*
 * The scoring scheme of the template a form was read by (templates/NAME.tpl
 * `scheme`), from the lexicon of --template or the shipped one; NULL for
 * the standard reader, or a template no lexicon knows (a stored form whose
 * template file is not given again): it is scored by the national scheme.
 */
static const char *template_scheme(struct jx_reader *r, const char *name)
{
	if (!name)
		return NULL;
	pthread_once(&lexicon_once, load_lexicon);
	const struct lexicon *lxs[] = {r->forced_lx, shipped_lexicon};
	for (size_t i = 0; i < 2; i++) {
		const struct template *all;
		size_t k = lxs[i] ? lexicon_templates(lxs[i], &all) : 0;
		for (size_t j = k; j-- > 0;) /* the last of a name replaces the earlier */
			if (!strcmp(all[j].name, name))
				return all[j].scheme;
	}
	return NULL;
}

static void set_scheme(struct jx_reader *r, struct jx_form *f)
{
	const char *s = template_scheme(r, f->template_name);
	f->scheme = s ? arena_strdup(f->arena, s) : NULL;
}

/* The next form from the parts: each part read by a reader of its own. */
static enum jx_status parts_next(struct jx_reader *r, struct jx_form **out)
{
	*out = NULL;
	for (;;) {
		if (r->sub && !r->sub_in) { /* a part of forms given field by field */
			struct part *p = &r->parts.v[r->part_next - 1];
			if (r->flat_next == p->nflat && part_stream_next(p))
				r->flat_next = 0; /* the file's next form (json.c, csv.c) */
			if (r->flat_next < p->nflat) {
				builder_flat(r->sub, &p->flat[r->flat_next++], out);
				if (*out)
					set_scheme(r, *out);
				r->count++;
				return JX_OK;
			}
			builder_free(r->sub);
			r->sub = NULL;
		}
		if (r->sub) {
			enum jx_status st = builder_next(r->sub, out);
			if (st == JX_OK) {
				const struct part *p = &r->parts.v[r->part_next - 1];
				unsigned long k = builder_count(r->sub) - 1;
				if (p->ocr)
					(*out)->ocr = true;
				if (k < p->ntpl) { /* read by a template (grid.h) */
					(*out)->template_name = arena_strdup((*out)->arena, p->tpl[k].name);
					(*out)->template_fit = p->tpl[k].fit;
					(*out)->layout = p->tpl[k].layout;
					set_scheme(r, *out);
				}
				r->count++;
				return JX_OK;
			}
			r->blanks += builder_blanks(r->sub);
			builder_free(r->sub);
			fclose(r->sub_in);
			r->sub = NULL;
			r->sub_in = NULL;
			if (st != JX_DONE && st != JX_ERR_NOFORM)
				return st;
		}
		if (r->part_next == r->parts.n && !r->count && r->blanks)
			ctx_report_always(r->ctx, JX_CHECK_UNPARSED, r->name, 0, "",
					  "工作簿中的 %lu 张自评表都是空白的（没有填写），没有可读的表",
					  r->blanks);
		if (r->part_next == r->parts.n)
			return r->count ? JX_DONE : JX_ERR_NOFORM;
		struct part *p = &r->parts.v[r->part_next++];
		if (p->nflat) {
			r->sub = builder_new(r->ctx, NULL, p->name, JX_LAYOUT_TAB, 0);
			builder_set_part(r->sub, p);
			r->flat_next = 0;
			continue;
		}
		if (!p->text.n)
			continue;
		r->sub_in = fmemopen(p->text.p ? p->text.p : (char *)"", p->text.n, "r");
		if (!r->sub_in)
			abort();
		r->sub = builder_new(r->ctx, r->sub_in, p->name, JX_LAYOUT_TAB, 0);
		builder_set_part(r->sub, p);
	}
}

enum jx_status jx_reader_next(struct jx_reader *r, struct jx_form **out)
{
	*out = NULL;
	if (r->failed)
		return r->failed;
	if (!r->sniffed) {
		enum jx_status st = sniff(r);
		if (st != JX_OK)
			return r->failed = st;
	}
	if (r->in_parts)
		return parts_next(r, out);
	if (!r->text)
		r->text = builder_new(r->ctx, r->in, r->name, r->forced, r->first_line);
	enum jx_status st = builder_next(r->text, out);
	if (st == JX_OK)
		r->count++;
	return st;
}
