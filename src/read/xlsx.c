/*
 * xlsx.c: Excel workbooks in Office Open XML (.xlsx): a ZIP (libzip) of
 * XML parts (expat).  The parts read: the package relationships (where the
 * workbook is), the workbook (its sheets in order, the 1904 date system),
 * its relationships (where each sheet, the shared strings and the styles
 * are), the shared strings, the styles (which number formats are
 * percentages and dates), and every sheet's cells.  Cells become text as
 * Excel displays them (sheet.c); the grid becomes parts (book_parts).
 *
 * Hostile files are bounded: at most UNZIP_MAX_BYTES of XML are
 * decompressed in all (a ZIP bomb stops there), an XML part that declares
 * an entity is refused (no entity expansion at all), rows, cells and
 * strings have the caps of input.h.  Any of these refuses the whole
 * workbook with a message naming the part and its line.
 */
#include "arena.h"
#include "input.h"
#include "ooxml.h"
#include "read.h"
#include "text.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "banned.h"

enum { SST_MAX_BYTES = 64 << 20, SST_MAX_COUNT = 2000000,
       STYLE_MAX = 65536 };

struct xlsx {
	struct ooxml o; /* the ZIP, the error, the bytes unzipped */
	struct input_error *err;
	struct book *book;
	/* shared strings: offsets into sst */
	struct jx_buf sst;
	size_t *sst_off;
	size_t n_sst, cap_sst;
	/* styles: cell format index -> how numbers display */
	unsigned char *xf_kind;
	size_t n_xf;
	/* relationships of the part being read: id -> target */
	struct rel {
		char *id, *type, *target;
	} *rels;
	size_t n_rels, cap_rels;
	/* the workbook's sheets in order */
	struct wsheet {
		char *name, *rid;
	} *sheets;
	size_t n_sheets, cap_sheets;
};

/*
 * Excel writes characters XML cannot hold (a pasted CR, other controls) as
 * _xHHHH_, and a literal "_x" that would look like one as _x005F_x…:
 * decode them in place in <s, n> (never longer); returns the new length.
 */
static size_t unescape_x(char *s, size_t n)
{
	if (!s || !memmem(s, n, "_x", 2))
		return n;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned v = 0;
		bool esc = i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
		for (size_t k = 2; esc && k < 6; k++) {
			char c = s[i + k];
			int d = c >= '0' && c <= '9' ? c - '0'
				: c >= 'A' && c <= 'F' ? c - 'A' + 10
				: c >= 'a' && c <= 'f' ? c - 'a' + 10
						       : -1;
			esc = d >= 0;
			v = v * 16 + (unsigned)(d < 0 ? 0 : d);
		}
		if (!esc || !v || (v >= 0xD800 && v <= 0xDFFF)) { /* NUL or a surrogate: as written */
			s[o++] = s[i++];
			continue;
		}
		if (v < 0x80) {
			s[o++] = (char)v;
		} else if (v < 0x800) {
			s[o++] = (char)(0xC0 | v >> 6);
			s[o++] = (char)(0x80 | (v & 0x3F));
		} else {
			s[o++] = (char)(0xE0 | v >> 12);
			s[o++] = (char)(0x80 | (v >> 6 & 0x3F));
			s[o++] = (char)(0x80 | (v & 0x3F));
		}
		i += 7;
	}
	s[o] = '\0';
	return o;
}

/* ---- relationships ------------------------------------------------------------------ */

static void rels_clear(struct xlsx *x)
{
	for (size_t i = 0; i < x->n_rels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].type);
		free(x->rels[i].target);
	}
	x->n_rels = 0;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xp *xp = ud;
	struct xlsx *x = xp->owner;
	if (strcmp(xml_local(name), "Relationship"))
		return;
	const char *id = xml_attr(atts, "Id"), *type = xml_attr(atts, "Type"), *t = xml_attr(atts, "Target");
	if (!id || !t)
		return;
	if (x->n_rels == 4096) {
		xp_fail(xp, "关系超过 %s 个", "4096");
		return;
	}
	if (x->n_rels == x->cap_rels) {
		x->cap_rels = x->cap_rels ? 2 * x->cap_rels : 16;
		x->rels = xrealloc(x->rels, x->cap_rels * sizeof *x->rels);
	}
	x->rels[x->n_rels++] = (struct rel){xstrdup(id), xstrdup(type ? type : ""), xstrdup(t)};
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

/* A relationship's target as a ZIP path: relative to the folder of the
 * part that names it (`dir`, "xl/"), or absolute from the root. */
static char *target_path(const char *dir, const char *target)
{
	char *p = NULL;
	if (target[0] == '/')
		p = xstrdup(target + 1);
	else if (asprintf(&p, "%s%s", dir, target) < 0)
		abort();
	return p;
}

static const struct rel *rel_by_type(const struct xlsx *x, const char *suffix)
{
	size_t k = strlen(suffix);
	for (size_t i = 0; i < x->n_rels; i++) {
		size_t n = strlen(x->rels[i].type);
		if (n >= k && !strcmp(x->rels[i].type + n - k, suffix))
			return &x->rels[i];
	}
	return NULL;
}

/* ---- workbook ------------------------------------------------------------------------ */

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xp *xp = ud;
	struct xlsx *x = xp->owner;
	const char *n = xml_local(name);
	if (!strcmp(n, "workbookPr")) {
		const char *d = xml_attr(atts, "date1904");
		x->book->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	} else if (!strcmp(n, "sheet")) {
		const char *sn = xml_attr(atts, "name"), *rid = xml_attr(atts, "id");
		if (!sn || !rid)
			return;
		if (x->n_sheets == BOOK_MAX_SHEETS) {
			xp_fail(xp, "工作表超过 %s 张", "4096");
			return;
		}
		if (x->n_sheets == x->cap_sheets) {
			x->cap_sheets = x->cap_sheets ? 2 * x->cap_sheets : 16;
			x->sheets = xrealloc(x->sheets, x->cap_sheets * sizeof *x->sheets);
		}
		x->sheets[x->n_sheets++] = (struct wsheet){xstrdup(sn), xstrdup(rid)};
	}
}

/* ---- shared strings ------------------------------------------------------------------- */

struct sst_state {
	int depth_si, depth_rph;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct xp *xp = ud;
	struct sst_state *st = xp->state;
	const char *n = xml_local(name);
	if (!strcmp(n, "si")) {
		st->depth_si = 1;
		st->depth_rph = 0;
		jx_buf_reset(&xp->text);
	} else if (!strcmp(n, "rPh") && st->depth_si) {
		st->depth_rph++; /* phonetic guide: not the cell's text */
	} else if (!strcmp(n, "t") && st->depth_si && !st->depth_rph) {
		xp->collect = true;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct xp *xp = ud;
	struct sst_state *st = xp->state;
	struct xlsx *x = xp->owner;
	const char *n = xml_local(name);
	if (!strcmp(n, "t")) {
		xp->collect = false;
	} else if (!strcmp(n, "rPh")) {
		st->depth_rph -= st->depth_rph > 0;
	} else if (!strcmp(n, "si") && st->depth_si) {
		st->depth_si = 0;
		if (x->n_sst == SST_MAX_COUNT) {
			xp_fail(xp, "共享字符串超过 %s 个，未读取", "2000000");
			return;
		}
		if (x->n_sst == x->cap_sst) {
			x->cap_sst = x->cap_sst ? 2 * x->cap_sst : 1024;
			x->sst_off = xrealloc(x->sst_off, (x->cap_sst + 1) * sizeof *x->sst_off);
		}
		x->sst_off[x->n_sst++] = x->sst.n;
		xp->text.n = unescape_x(xp->text.p, xp->text.n);
		if (jx_buf_add(&x->sst, xp->text.p ? xp->text.p : "", xp->text.n) != JX_OK ||
		    jx_buf_add(&x->sst, "", 1) != JX_OK)
			xp_fail(xp, "共享字符串超过 %s，未读取", "64 MB");
	}
}

/* ---- styles ----------------------------------------------------------------------------- */

/* A custom number format's kind: % outside quotes is a percentage; y, d
 * (or m with them) outside quotes and [brackets] a date. */
static enum num_format format_kind(const char *code)
{
	bool quote = false, bracket = false, pct = false, date = false;
	for (const char *p = code; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '"')
			quote = !quote;
		else if (!quote && *p == '[')
			bracket = true;
		else if (!quote && *p == ']')
			bracket = false;
		else if (!quote && !bracket && *p == '%')
			pct = true;
		else if (!quote && !bracket && strchr("yYdD", *p))
			date = true;
	}
	return pct ? NF_PERCENT : date ? NF_DATE : NF_GENERAL;
}

/* Built-in formats: 9, 10 percentages; 14–17 and 22 (date and time)
 * dates, and 27–36, 50–58 the East Asian date formats of Chinese Excel.
 * 18–21 and 45–47 are times of day, which a form does not hold: their
 * numbers are read as numbers. */
static enum num_format builtin_kind(unsigned long id)
{
	if (id == 9 || id == 10)
		return NF_PERCENT;
	if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
		return NF_DATE;
	return NF_GENERAL;
}

struct style_state {
	bool in_xfs;
	struct fmt {
		unsigned long id;
		enum num_format kind;
	} custom[512];
	size_t n_custom;
};

static void XMLCALL style_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xp *xp = ud;
	struct style_state *st = xp->state;
	struct xlsx *x = xp->owner;
	const char *n = xml_local(name);
	if (!strcmp(n, "numFmt")) {
		const char *id = xml_attr(atts, "numFmtId"), *code = xml_attr(atts, "formatCode");
		if (!id || !code)
			return;
		if (st->n_custom == sizeof st->custom / sizeof st->custom[0]) {
			xp_fail(xp, "自定义数字格式超过 %s 个", "512");
			return;
		}
		st->custom[st->n_custom++] = (struct fmt){strtoul(id, NULL, 10), format_kind(code)};
	} else if (!strcmp(n, "cellXfs")) {
		st->in_xfs = true;
	} else if (!strcmp(n, "xf") && st->in_xfs) {
		if (x->n_xf == STYLE_MAX) {
			xp_fail(xp, "单元格格式超过 %s 个", "65536");
			return;
		}
		const char *id = xml_attr(atts, "numFmtId");
		unsigned long fid = id ? strtoul(id, NULL, 10) : 0;
		enum num_format k = builtin_kind(fid);
		for (size_t i = 0; i < st->n_custom; i++)
			if (st->custom[i].id == fid)
				k = st->custom[i].kind;
		if (!(x->n_xf & 255))
			x->xf_kind = xrealloc(x->xf_kind, x->n_xf + 256);
		x->xf_kind[x->n_xf++] = (unsigned char)k;
	}
}

static void XMLCALL style_end(void *ud, const XML_Char *name)
{
	struct xp *xp = ud;
	struct style_state *st = xp->state;
	if (!strcmp(xml_local(name), "cellXfs"))
		st->in_xfs = false;
}

/* ---- a worksheet ------------------------------------------------------------------------- */

struct ws_state {
	struct sheet *sheet;
	unsigned long row;     /* the current <row>'s number */
	unsigned col;          /* the last cell's column */
	bool in_c, has_f, has_v;
	int depth_is, depth_rph;
	char type[16];
	unsigned long style;
	unsigned long cell_row;
	unsigned cell_col;
};

static void XMLCALL ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xp *xp = ud;
	struct ws_state *st = xp->state;
	const char *n = xml_local(name);
	if (!strcmp(n, "row")) {
		const char *r = xml_attr(atts, "r");
		unsigned long rn = r ? strtoul(r, NULL, 10) : st->row + 1;
		if (rn < 1 || rn > 1048576) {
			xp_fail(xp, "行号「%s」无效", r ? r : "");
			return;
		}
		st->row = rn;
		st->col = 0;
	} else if (!strcmp(n, "c")) {
		const char *r = xml_attr(atts, "r"), *t = xml_attr(atts, "t"), *s = xml_attr(atts, "s");
		if (r) {
			if (!sheet_ref(r, &st->cell_row, &st->cell_col)) {
				xp_fail(xp, "单元格引用「%s」无效", r);
				return;
			}
		} else {
			st->cell_row = st->row ? st->row : 1;
			st->cell_col = st->col + 1;
		}
		st->col = st->cell_col;
		snprintf(st->type, sizeof st->type, "%s", t ? t : "n");
		st->style = s ? strtoul(s, NULL, 10) : 0;
		st->in_c = true;
		st->has_f = st->has_v = false;
		st->depth_is = st->depth_rph = 0;
		jx_buf_reset(&xp->text);
	} else if (!st->in_c) {
		return;
	} else if (!strcmp(n, "f")) {
		st->has_f = true;
	} else if (!strcmp(n, "v")) {
		st->has_v = true;
		jx_buf_reset(&xp->text);
		xp->collect = true;
	} else if (!strcmp(n, "is")) {
		st->depth_is = 1;
		st->has_v = true;
	} else if (!strcmp(n, "rPh")) {
		st->depth_rph++;
	} else if (!strcmp(n, "t") && st->depth_is && !st->depth_rph) {
		xp->collect = true;
	}
}

/* A number's text as SpreadsheetML writes it: [-]digits[.digits][E[+-]digits]
 * (strtod alone would take "nan", hex and leading spaces). */
static bool xml_number(const char *v)
{
	const char *p = v + (*v == '-' || *v == '+');
	size_t digits = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		p += *p == '-' || *p == '+';
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return !*p;
}

/* The text of the cell just closed, as Excel displays it. */
static void cell_text(struct xp *xp, struct ws_state *st, const char *v, char *num, size_t cap,
		      const char **out)
{
	struct xlsx *x = xp->owner;
	*out = v;
	if (!strcmp(st->type, "s")) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (*end || end == v || i >= x->n_sst) {
			xp_fail(xp, "共享字符串序号「%s」不存在", v);
			*out = "";
			return;
		}
		*out = x->sst.p + x->sst_off[i];
	} else if (!strcmp(st->type, "b")) {
		*out = !strcmp(v, "1") ? "TRUE" : "FALSE";
	} else if (!strcmp(st->type, "n") && *v) {
		if (!xml_number(v)) {
			char ex[64];
			text_excerpt(v, 20, ex, sizeof ex);
			xp_fail(xp, "数值单元格的值「%s」不是数", ex);
			return;
		}
		double d = strtod(v, NULL);
		enum num_format k = st->style < x->n_xf ? (enum num_format)x->xf_kind[st->style]
							 : NF_GENERAL;
		sheet_number(d, k, x->book->date1904, num, cap);
		*out = num;
	}
	/* str (a formula's text), inlineStr, e (#DIV/0!), d (ISO date): as written */
}

static void XMLCALL ws_end(void *ud, const XML_Char *name)
{
	struct xp *xp = ud;
	struct ws_state *st = xp->state;
	const char *n = xml_local(name);
	if (!strcmp(n, "v") || !strcmp(n, "t")) {
		xp->collect = false;
	} else if (!strcmp(n, "rPh")) {
		st->depth_rph -= st->depth_rph > 0;
	} else if (!strcmp(n, "is")) {
		st->depth_is = 0;
	} else if (!strcmp(n, "c") && st->in_c) {
		st->in_c = false;
		if (!st->has_v && !st->has_f)
			return; /* a formatted, empty cell */
		char num[64];
		const char *text = "";
		unsigned flags = 0;
		if (st->has_v && !strcmp(st->type, "inlineStr"))
			xp->text.n = unescape_x(xp->text.p, xp->text.n);
		/* a formula whose <v> is missing, or empty in a numeric cell
		 * (what programs that do not calculate write), has no result;
		 * an empty <v> of a string formula (t="str") is an empty result */
		bool empty_v = st->has_v && !(xp->text.p && *xp->text.p) && !strcmp(st->type, "n");
		if (st->has_v && !(st->has_f && empty_v))
			cell_text(xp, st, xp->text.p ? xp->text.p : "", num, sizeof num, &text);
		else
			flags = CELL_NO_CACHE;
		if (*xp->o->err->msg)
			return;
		/* a shared string stays in x->sst, used by any number of cells */
		bool shared = st->has_v && !strcmp(st->type, "s");
		if (!sheet_put(((struct xlsx *)xp->owner)->book, st->sheet, st->cell_row, st->cell_col, text,
			       strlen(text), flags, shared, xp->o->err))
			XML_StopParser(xp->p, XML_FALSE);
	}
}

/* ---- the workbook as a whole ---------------------------------------------------------------- */

static bool read_book(struct xlsx *x)
{
	bool missing;
	/* where the workbook is */
	if (!ooxml_parse(&x->o, x, "_rels/.rels", NULL, rels_start, no_end, false, &missing))
		return false;
	const struct rel *office = rel_by_type(x, "/officeDocument");
	char *book = office ? target_path("", office->target) : xstrdup("xl/workbook.xml");
	rels_clear(x);
	char *dir = xstrdup(book);
	char *slash = strrchr(dir, '/');
	slash ? (void)(slash[1] = '\0') : (void)(dir[0] = '\0');
	char *book_rels = NULL;
	if (asprintf(&book_rels, "%s_rels/%s.rels", dir, book + strlen(dir)) < 0)
		abort();
	bool ok = ooxml_parse(&x->o, x, book, NULL, book_start, no_end, true, &missing) &&
		  ooxml_parse(&x->o, x, book_rels, NULL, rels_start, no_end, true, &missing);
	free(book);
	free(book_rels);
	if (ok) {
		const struct rel *r = rel_by_type(x, "/sharedStrings");
		char *p = target_path(dir, r ? r->target : "sharedStrings.xml");
		struct sst_state sst = {0};
		ok = ooxml_parse(&x->o, x, p, &sst, sst_start, sst_end, false, &missing);
		free(p);
	}
	if (ok) {
		const struct rel *r = rel_by_type(x, "/styles");
		char *p = target_path(dir, r ? r->target : "styles.xml");
		struct style_state *ss = xcalloc(1, sizeof *ss);
		ok = ooxml_parse(&x->o, x, p, ss, style_start, style_end, false, &missing);
		free(ss);
		free(p);
	}
	for (size_t i = 0; ok && i < x->n_sheets; i++) {
		const struct rel *r = NULL;
		for (size_t k = 0; k < x->n_rels && !r; k++)
			if (!strcmp(x->rels[k].id, x->sheets[i].rid))
				r = &x->rels[k];
		if (!r || !strstr(r->type, "/worksheet"))
			continue; /* a chart sheet, a macro sheet: no cells */
		char *p = target_path(dir, r->target);
		struct ws_state ws = {.sheet = book_sheet(x->book, x->sheets[i].name)};
		ok = ooxml_parse(&x->o, x, p, &ws, ws_start, ws_end, true, &missing);
		if (!ok && !strstr(x->err->msg, x->sheets[i].name)) {
			char msg[sizeof x->err->msg];
			memcpy(msg, x->err->msg, sizeof msg);
			int k = snprintf(x->err->msg, sizeof x->err->msg, "工作表「%.200s」：",
					 x->sheets[i].name);
			if (k > 0 && (size_t)k < sizeof x->err->msg)
				snprintf(x->err->msg + k, sizeof x->err->msg - (size_t)k, "%.300s", msg);
		}
		free(p);
	}
	free(dir);
	return ok;
}

bool xlsx_parts(struct jx_ctx *ctx, const char *data, size_t n, const char *name,
		struct parts *out, struct input_error *err)
{
	struct xlsx x = {.err = err};
	if (!ooxml_open(&x.o, data, n, "不是有效的 ZIP 文件（.xlsx 工作簿和 .docx 文档都是 ZIP），无法读取", err))
		return false;
	x.book = book_new();
	jx_buf_init(&x.sst, SST_MAX_BYTES);
	bool ok = read_book(&x) && book_parts(ctx, x.book, name, JX_LAYOUT_XLSX, out, err);
	ooxml_close(&x.o);
	rels_clear(&x);
	free(x.rels);
	for (size_t i = 0; i < x.n_sheets; i++) {
		free(x.sheets[i].name);
		free(x.sheets[i].rid);
	}
	free(x.sheets);
	free(x.sst_off);
	free(x.xf_kind);
	jx_buf_release(&x.sst);
	book_free(x.book);
	return ok;
}
