/*
 * input.h: inputs that are not text: Excel workbooks (.xlsx, .xls), the
 * CSV that `render --format csv` writes, and the JSON of the check
 * contract.  Each is turned into "parts", one per sheet or file: a sheet's
 * rows in the tab layout (read.h), with a map from each row back to its
 * sheet row, read by the form builder like any text; a CSV's or JSON's
 * forms as their fields (flat forms), put into the model by the builder
 * field by field (builder_flat), never written out as rows and re-read.
 *
 *     FILE -> input_sniff (by content, not by name)
 *          -> xlsx.c / xls.c -> grid (sheet.c) -> part (tab rows)
 *          -> csv.c / json.c -> flat forms (flat.c, flat_keep) -> part
 *          -> builder.c, one part after another
 *
 * A whole input is read and checked before its first form is handed out,
 * so that an input that cannot be read yields no form at all.  Every
 * reader is bounded: input size, decompressed bytes, rows, cells and
 * strings have caps (below), beyond which the input is refused with a
 * message, never read in part.
 */
#ifndef JX_INPUT_H
#define JX_INPUT_H

#include "jixiao.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* ---- caps ---------------------------------------------------------------- */

enum {
	INPUT_MAX_BYTES = 256 << 20,    /* a workbook, CSV or JSON file as a whole */
	UNZIP_MAX_BYTES = 128 << 20,    /* XML decompressed from one workbook, all parts */
	SHEET_MAX_ROWS = 100000,        /* a row number above this refuses the workbook */
	SHEET_MAX_COLS = 16384,         /* XFD, Excel's last column */
	BOOK_MAX_CELLS = 2000000,       /* filled cells of one workbook */
	BOOK_MAX_SHEETS = 4096,         /* as many as `render --format xlsx` writes, and a summary */
	CSV_MAX_FIELDS = 256,           /* fields on one CSV line */
	PART_MAX_BYTES = 128 << 20,     /* the tab text of one sheet or file */
	JSON_MAX_NESTS = 300000,        /* objects and arrays of one JSON form (each costs json-c ~1 KB) */
	/* indicator rows of one form given field by field (CSV, JSON): a form
	 * has a few dozen; past this the file is refused before more rows are
	 * collected (the builder's MAX_INDICATORS is the same figure) */
	FLAT_MAX_INDICATORS = 10000,
	/* forms of one CSV or JSON file: each keeps about 1 KB of fields until
	 * it is read, so 200,000 tiny forms are 200 MB (more: split the file) */
	FLAT_MAX_FORMS = 200000
};

/* A cell the text has but a reader could not place (grid.h): written into a
 * part in its column, read by the builder as unread, never as empty.
 * U+FFFC OBJECT REPLACEMENT CHARACTER, which the grid removes from input. */
#define UNREAD_CELL "\xef\xbf\xbc"
/* A cell a form's row does not have (a column of another table of the same
 * form, 项目决策 rows under a header of 项目绩效's): absent, not empty.
 * U+FFFB, which the grid removes from input too. */
#define ABSENT_CELL "\xef\xbf\xbb"

/* Remove the two marks from s, in place: a text given as fields (a CSV's,
 * a JSON's) never holds a mark, only the reader writes them.  Returns s. */
char *strip_marks(char *s);

/* ---- what an input is ------------------------------------------------------ */

enum input_kind {
	IN_TEXT, IN_XLSX, IN_XLS, IN_CSV, IN_JSON,
	IN_DOCX,  /* a ZIP holding word/document.xml (told after it is read whole) */
	IN_DOC,   /* an OLE2 file holding a WordDocument stream (the same) */
	IN_PDF,
	IN_IMAGE  /* PNG, JPEG, TIFF, GIF, BMP: a scan or a photograph */
};

/* Enough of an input's start to tell its kind. */
enum { SNIFF_BYTES = 4096 };

/*
 * The kind of an input from its first bytes <p, n> (n <= SNIFF_BYTES):
 * %PDF- a PDF, an image's signature an image, a ZIP (PK\3\4) a workbook
 * and an OLE2 compound file an .xls until zip_kind / ole2_kind have seen
 * the whole file (a .docx and a .doc are such files too), a first
 * character { or [ JSON, a first line naming the CSV's columns (in UTF-8
 * or GBK) CSV; anything else text.  `text_layouts`: a layout was forced,
 * so JSON and CSV are read as text (a ZIP or OLE2 file never is).
 */
enum input_kind input_sniff(const char *p, size_t n, bool text_layouts);
/* IN_DOCX for a ZIP with word/document.xml, else IN_XLSX (docx.c). */
enum input_kind zip_kind(const char *data, size_t n);
/* IN_DOC for an OLE2 file with a WordDocument stream and no workbook. */
enum input_kind ole2_kind(const char *data, size_t n);

struct input_error;

/* ---- decode.c: text encodings ----------------------------------------------- */

enum text_enc {
	ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE, ENC_UTF16LE_NOBOM, ENC_UTF16BE_NOBOM,
	ENC_UTF32LE, ENC_UTF32BE, ENC_GB18030,
	ENC_BINARY /* not text: a NUL or a control character no text holds */
};

/* The encoding of a text from <p, n>, its start or all of it (decode.c
 * states what is decided and why). */
enum text_enc text_encoding(const char *p, size_t n);
const char *text_encoding_name(enum text_enc e);
/* <data, n> in `enc` (not ENC_UTF8 or ENC_BINARY) as UTF-8, its mark
 * removed, NUL-terminated, *len bytes; NULL and *err (line and what) when a
 * byte is not of the encoding or a character is cut at the end. */
char *text_decode(const char *data, size_t n, enum text_enc enc, size_t *len,
		  struct input_error *err);

/* ---- parts ----------------------------------------------------------------- */

struct part {
	char *name;            /* the file name forms and findings carry */
	enum jx_layout layout; /* JX_LAYOUT_XLSX, … : how the forms were written */
	struct jx_buf text;    /* rows in the tab layout, one per line */
	unsigned long *map;    /* map[i]: the input's line of text line i + 1 */
	size_t nmap, capmap;
	unsigned col_base;     /* the text's first cell is column col_base + 1 */
	bool ocr;              /* its text was recognised by OCR (pdf.c): every form it gives is marked */
	unsigned long ocr_words, ocr_low; /* …its words, and those of low confidence */
	bool marks;            /* written with UNREAD_CELL / ABSENT_CELL marks (fit.c, json.c):
				* only then is a cell of exactly a mark one */
	/* forms read by a template (grid.h): the i-th form's template and fit */
	struct part_template {
		char name[48];
		double fit;
		enum jx_layout layout; /* the text's, which the form reports */
		bool no_weight, no_score; /* its indicators have no such column */
		bool fund_no_weight, fund_no_score; /* nor its fund rows */
		/* its split fund rows and 资金管理情况, which the standard
		 * layout has no rows for (texts in the part's arena fa) */
		struct flat_split *splits;
		size_t n_splits;
		struct flat_mgmt *mgmt;
		size_t n_mgmt;
		bool has_mgmt, extras_cut;
	} *tpl;
	size_t ntpl, captpl;
	/* forms given field by field (JSON, CSV): read by builder_flat straight
	 * into the model, never written out as text; their texts live in fa */
	struct flat_form *flat;
	size_t nflat, capflat;
	struct arena *fa;
	/* a JSON document of forms read one at a time (json.c): flat holds the
	 * current one only, json_stream_next puts the next there */
	struct json_stream *js;
	struct csv_stream *cs; /* the same for a CSV file (csv.c) */
};

struct parts {
	struct part *v;
	size_t n, cap;
};

/* A new part (text empty), appended. */
struct part *parts_add(struct parts *ps, const char *name, enum jx_layout layout);
/* Append one row (cells already TAB-separated, no line break) from input
 * line `line`; false when the part would pass PART_MAX_BYTES. */
bool part_row(struct part *p, const char *row, size_t n, unsigned long line);
/* Append a cell's text to a row on one line (a TAB or line break inside a
 * cell would split it: they become spaces); false past the row's cap. */
bool part_cell(struct jx_buf *row, const char *text);
/* The same for a cell of the input (a workbook's): the reader's marks
 * (UNREAD_CELL, ABSENT_CELL) removed, as a text never holds one. */
bool part_text_cell(struct jx_buf *row, const char *text);
void parts_free(struct parts *ps);
/* The part's forms given field by field dropped (their texts freed): a
 * checking pass keeps none, a stream only the current one. */
void part_drop_flat(struct part *p);
/* The next form of a part read a form at a time (its js or cs) into its
 * flat forms; false when it has no more, or is not such a part. */
bool part_stream_next(struct part *p);

/* Why an input cannot be read: where (line 0: the input as a whole) and
 * what, in Chinese.  The reader reports it as an `unparsed` error that no
 * setting silences. */
struct input_error {
	unsigned long line;
	char msg[512];
};

void input_fail(struct input_error *err, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Any CSV text (UTF-8 with or without a BOM, or GBK; RFC 4180 quotes):
 * fn gets each record that is not blank, its fields and its first line;
 * fn returns false to stop (it fills err then).  False on a malformed
 * record (err: its line) or when fn stopped.  err must start zeroed. */
typedef bool csv_record_fn(unsigned long line, const char *const *fields, size_t n, void *ud);
bool csv_records(const char *data, size_t n, csv_record_fn *fn, void *ud, struct input_error *err);

/*
 * The readers.  data/n: the whole input; name: the file's name.  Each
 * appends its parts and returns true, or fills *err and returns false
 * (parts then holds nothing to read).  Findings that do not stop reading
 * (a formula without its cached value) go to ctx.
 */
bool xlsx_parts(struct jx_ctx *ctx, const char *data, size_t n, const char *name,
		struct parts *out, struct input_error *err);
bool xls_parts(struct jx_ctx *ctx, const char *data, size_t n, const char *name,
	       struct parts *out, struct input_error *err);
/* *data may be taken (set to NULL), as json_parts does. */
bool csv_parts(struct jx_ctx *ctx, char **data, size_t n, const char *name,
	       struct parts *out, struct input_error *err);
/* *data may be taken (set to NULL): a document of forms is kept and read a
 * form at a time, after all of it has been checked once.  mapped: *data is
 * a read-only mmap of n bytes (reader.c), given back page by page as it is
 * read and released with json_doc_free; else it is malloc'd. */
bool json_parts(struct jx_ctx *ctx, char **data, size_t n, bool mapped, const char *name,
		struct parts *out, struct input_error *err);
/* Release a document json_parts did not take. */
void json_doc_free(char *doc, size_t n, bool mapped);
/* The part's next form of its JSON document into p->flat (nflat 1, the one
 * before freed); false when there is none (nflat 0). */
bool json_stream_next(struct part *p);
void json_stream_free(struct json_stream *js);
bool csv_stream_next(struct part *p);
void csv_stream_free(struct csv_stream *cs);

/* ---- sheet.c: a worksheet's cells -> a part ----------------------------------- */

/* A cell whose formula has no cached result: its value is unknown. */
enum { CELL_NO_CACHE = 1 };

struct sheet_cell {
	unsigned long row; /* 1-based */
	unsigned col;      /* 1-based: A = 1 */
	unsigned flags;
	const char *text;  /* as displayed: numbers formatted (sheet_number) */
};

struct sheet {
	char *name;
	struct sheet_cell *v;
	size_t n, cap;
};

struct book {
	struct arena *a;  /* cell text */
	struct sheet *v;
	size_t n, cap;
	size_t cells;     /* over all sheets, against BOOK_MAX_CELLS */
	bool date1904;    /* serial numbers count from 1904 (old Mac Excel) */
};

struct book *book_new(void);
void book_free(struct book *b);
struct sheet *book_sheet(struct book *b, const char *name);
/* Put one cell; false (and *err) past a cap.  The text is copied unless
 * `stable` (a shared string, alive as long as the book): a string used by
 * many cells is then held once. */
bool sheet_put(struct book *b, struct sheet *s, unsigned long row, unsigned col,
	       const char *text, size_t n, unsigned flags, bool stable, struct input_error *err);

/* How a number is displayed, from its cell's number format. */
enum num_format { NF_GENERAL, NF_PERCENT, NF_DATE };
/* A number as text: at most 15 significant digits (what Excel keeps),
 * no exponent (beyond 1e21 or below 1e-15 it keeps one, so that the form
 * builder reports it rather than reading 0); a percentage as value × 100
 * with "%", a date as 2023年12月31日. */
void sheet_number(double v, enum num_format nf, bool date1904, char *out, size_t cap);
/* "F7" -> row 7, col 6; false when it is not a cell reference. */
bool sheet_ref(const char *s, unsigned long *row, unsigned *col);
/* The column's letters: 6 -> "F". */
void sheet_col_name(unsigned col, char out[8]);

/*
 * The sheets that hold a form (a 项目支出绩效自评表 title or a 项目名称 row)
 * as parts named "<file>:<sheet>", rows on their sheet rows and cells in
 * their columns (so that line:cell is the sheet's own row and column).
 * A sheet written by `render --format xlsx` is read as the form it shows:
 * its declared values (申报执行率, 申报得分, 申报总分) in the form's columns,
 * its formulas and helper columns (J–M) left out.  Sheets without a form
 * (a summary, instructions) are skipped; a cell the forms use whose formula
 * has no cached value is reported.  False (and *err) when a row or a sheet
 * passes its cap or a cell is there twice: the workbook is not read.
 */
bool book_parts(struct jx_ctx *ctx, struct book *b, const char *file, enum jx_layout layout,
		struct parts *out, struct input_error *err);

/* ---- flat.c: forms given field by field (CSV, JSON) -> a part ------------------- */

struct flat_ind {
	const char *level1, *level2, *name, *op, *target, *unit, *actual, *weight, *declared,
		*reason;
	unsigned long line;
};

enum { FLAT_FUNDS = 6 }; /* total, fiscal, carryover, other, special, unit (model.h order) */

struct flat_fund {
	bool present;
	const char *initial, *budget, *executed, *weight, *rate, *score; /* 万元, text */
	const char *reason; /* Sichuan: the execution's 原因 column */
	unsigned long line; /* where the row is (0: the form's line) */
};

/* A fund row of another template's split (其中：中央财政资金, 地方资金,
 * 按收入性质分 …), as its texts; `heading` a row that opens a split of its
 * own (按支出性质分), whose rows after it make up the total again. */
struct flat_split {
	const char *label, *initial, *budget, *executed, *weight, *rate, *score;
	int group;     /* 1 by government level, 2 by income, 3 by expenditure (model.h) */
	bool heading;
	unsigned long line;
};

/* A transfer form's 资金管理情况 row (分配科学性 …): its 情况说明 and its
 * 存在问题和改进措施. */
struct flat_mgmt {
	const char *label, *text, *problem;
	unsigned long line;
};

enum { FLAT_MAX_SPLITS = 32, FLAT_MAX_MGMT = 16 };

/* A form as the texts of its cells; NULL or "" is an empty cell.  Each
 * line is where the field came from (0: the form's line). */
struct flat_form {
	unsigned long line;
	const char *year, *project, *project_code, *department, *implementer;
	struct flat_fund funds[FLAT_FUNDS];
	bool has_goal;
	const char *goal_expected, *goal_actual;
	struct flat_ind *ind;
	size_t n_ind, cap_ind;
	bool has_total;
	const char *total_weight, *total_declared;
	unsigned long total_line;
	const char *overview, *conclusion, *problems, *improvements, *notes;
	/* the form's template has no 分值 / 得分 column for its indicators (or,
	 * fund_*, for its fund rows): written without them (absent, not empty) */
	bool no_weight, no_score, fund_no_weight, fund_no_score;
	/* the template a form given field by field was read by (JSON), or NULL */
	const char *template_name;
	double template_fit;
	bool ocr;               /* read by OCR from a scan ("ocr": true): kept marked */
	struct flat_split splits[FLAT_MAX_SPLITS];
	size_t n_splits;
	bool extras_cut;        /* more split or 资金管理情况 rows than the caps: the rest not read */
	bool has_mgmt;
	struct flat_mgmt mgmt[FLAT_MAX_MGMT];
	size_t n_mgmt;
	/* a stored form's file and layout as recorded (jx_render_form_fields);
	 * NULL and JX_LAYOUT_AUTO: the input's */
	const char *file;
	enum jx_layout layout;
};

/* One form in the standard layout, appended to part p; false (and *err)
 * when a row or the part passes its cap.  (The template reader's forms,
 * read off a grid of cells, go on to the builder this way.) */
bool flat_write(struct part *p, const struct flat_form *f, struct input_error *err);
/* A template a form given as fields names (JSON, CSV): a name as a
 * template file may have one (no space or control character, under 48
 * bytes), and its fit "" or a number from 0 to 1, into *fit.  False: not
 * so (the reader refuses the input). */
bool flat_template(const char *name, const char *fit, double *out);
/* One form kept in part p as its fields, every text copied into the part's
 * arena (f may be freed after): read by builder_flat. */
void flat_keep(struct part *p, const struct flat_form *f);
/* The split rows and 资金管理情况 of f copied into arena a (for a part's
 * template meta, or a kept form). */
void flat_keep_extras(struct arena *a, const struct flat_form *f, struct flat_split **splits,
		      size_t *n_splits, struct flat_mgmt **mgmt, size_t *n_mgmt);
/* Room for one more indicator (zeroed), in arena a. */
struct flat_ind *flat_add_ind(struct flat_form *f, struct arena *a);

#endif
