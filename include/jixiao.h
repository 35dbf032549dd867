/*
 * jixiao.h: the whole public API of libjixiao.
 *
 * libjixiao reads 项目支出绩效自评表 (project-expenditure performance
 * self-evaluation forms, 财预〔2020〕10号 attachment 2), rescores them by the
 * rules of a scoring profile and audits them.  The pipeline is
 *
 *     read (jx_reader) -> model (jx_form) -> score -> audit -> render
 *
 * Conventions:
 *  - Every handle is opaque and created by a _new() and released by a _free();
 *    _free(NULL) is a no-op.
 *  - The library never prints and never exits, except on out-of-memory, where
 *    it prints one line to stderr and aborts (there is nothing sensible a
 *    caller could do with half a form).
 *  - Every finding (diagnostic) goes to the callback installed with
 *    jx_ctx_set_diag(); nothing is returned through stdout or errno.
 *  - Strings are UTF-8, NUL-terminated unless passed as <ptr, len>.
 */
#ifndef JIXIAO_H
#define JIXIAO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JX_VERSION "0.1.0"

const char *jx_version(void);

/* ---- status ---------------------------------------------------------- */

enum jx_status {
	JX_OK = 0,
	JX_DONE,        /* no more forms in the stream (not an error) */
	JX_ERR_IO,      /* reading the input failed */
	JX_ERR_NOFORM,  /* the input holds no 项目支出绩效自评表 */
	JX_ERR_TOOBIG,  /* an output buffer reached its size cap */
	JX_ERR_ARG,     /* a caller passed an invalid argument */
	JX_ERR_PROFILE, /* a scoring profile could not be loaded (see jx_profile_error) */
	JX_ERR_STORE,   /* the store failed (see jx_store_error) */
	JX_ERR_DENIED,  /* the account may not do this (see jx_store_error) */
	JX_ERR_CONFLICT /* the form changed meanwhile, or its state does not allow it */
};

/* A short Chinese description of a status; never NULL. */
const char *jx_strerror(enum jx_status status);

/* ---- the check catalogue --------------------------------------------- */

/*
 * Every finding the library can report, declared once:
 * X(enum suffix, id users type, default severity).
 * The ids are stable: scripts and --check options depend on them.
 */
#define JX_CHECKS(X)                                                   \
	X(TOTAL_MISMATCH, "total-mismatch", ERROR)                     \
	X(FUND_SUM_MISMATCH, "fund-sum-mismatch", ERROR)               \
	X(SCORE_OVER_WEIGHT, "score-over-weight", ERROR)               \
	X(WEIGHT_SUM, "weight-sum", ERROR)                             \
	X(MISSING_FIELD, "missing-field", ERROR)                       \
	X(RATE_MISMATCH, "rate-mismatch", WARNING)                     \
	X(SCORE_MISMATCH, "score-mismatch", WARNING)                   \
	X(MISSED_TARGET_FULL_SCORE, "missed-target-full-score", WARNING) \
	X(MISSING_REASON, "missing-reason", WARNING)                   \
	X(LOW_EXECUTION_REASON, "low-execution-reason", WARNING)       \
	X(QUALITATIVE_BAND, "qualitative-band", WARNING)               \
	X(UNIT_MISMATCH, "unit-mismatch", WARNING)                     \
	X(TEXT_FOR_NUMBER, "text-for-number", WARNING)                 \
	X(COST_VS_EXECUTED, "cost-vs-executed", WARNING)               \
	X(CROSS_FORM, "cross-form", WARNING)                           \
	X(INCONSISTENT_METHOD, "inconsistent-method", WARNING)         \
	X(WEIGHT_SPLIT, "weight-split", WARNING)                       \
	X(OVERACHIEVED, "overachieved", INFO)                          \
	X(GOAL_COPIED, "goal-copied", INFO)                            \
	X(ALL_FULL_MARKS, "all-full-marks", INFO)                      \
	X(QUALITATIVE_SHARE, "qualitative-share", INFO)                \
	X(COST_IS_BUDGET, "cost-is-budget", INFO)                      \
	X(UNPARSED, "unparsed", ERROR)                                 \
	X(YOY_TARGET_LOWERED, "yoy-target-lowered", WARNING)           \
	X(YOY_TARGET_STALE, "yoy-target-stale", WARNING)               \
	X(YOY_ACTUAL_IS_TARGET, "yoy-actual-is-target", INFO)          \
	X(YOY_WEIGHT_MOVED, "yoy-weight-moved", INFO)                  \
	X(RECONSTRUCTED, "reconstructed", INFO)                        \
	X(SCORE_UNVERIFIED, "score-unverified", WARNING)               \
	X(BLANK_SHEET, "blank-sheet", INFO)                            \
	X(CELL_OVERFLOW, "cell-overflow", WARNING)                     \
	X(ROW_CONTINUED, "row-continued", INFO)                        \
	X(OCR, "ocr", WARNING)                                         \
	X(YEAR_MISMATCH, "year-mismatch", WARNING)                     \
	X(OTHER_YEAR, "other-year", WARNING)                           \
	X(UNIT_CONTRADICTED, "unit-contradicted", WARNING)             \
	X(INDICATOR_EMPTY, "indicator-empty", WARNING)                 \
	X(LEVEL_UNKNOWN, "level-unknown", INFO)                        \
	X(GOAL_AMOUNT, "goal-amount", WARNING)                         \
	X(SUB_ROW_SCORED, "sub-row-scored", WARNING)                   \
	X(OVER_EXECUTION, "over-execution", WARNING)                   \
	X(EXECUTION_CLAIM, "execution-claim", WARNING)                 \
	X(ACTUAL_NO_UNIT, "actual-no-unit", INFO)                      \
	X(PARENT_ROW, "parent-row", WARNING)                           \
	X(QUALITATIVE_UNCHOSEN, "qualitative-unchosen", WARNING)       \
	X(SCHEME, "scheme", WARNING)                                   \
	X(AMOUNT_UNIT, "amount-unit", INFO)                            \
	X(SCORE_SPREAD, "score-spread", INFO)                          \
	X(HEAD_SWAPPED, "head-swapped", INFO)                          \
	X(OP_DIRECTION, "op-direction", INFO)                          \
	X(REVIEW_SCORE_GAP, "review-score-gap", WARNING)

enum jx_check {
#define JX_CHECK_ENUM(e, name, sev) JX_CHECK_##e,
	JX_CHECKS(JX_CHECK_ENUM)
#undef JX_CHECK_ENUM
	JX_CHECK__COUNT
};

enum jx_severity {
	JX_SEV_IGNORE = 0, /* the finding is not reported at all */
	JX_SEV_INFO,
	JX_SEV_WARNING,
	JX_SEV_ERROR
};

const char *jx_check_name(enum jx_check check);
enum jx_severity jx_check_default_severity(enum jx_check check);
/* What the check looks for, one Chinese sentence (for --help and docs). */
const char *jx_check_summary(enum jx_check check);
/* Its short Chinese name (总分合计不符), shown beside the id. */
const char *jx_check_title(enum jx_check check);
/*
 * What a check needs of the template a form was read by, and what a
 * scoring scheme gives (profiles, [scheme NAME]): a check applies to the
 * forms of a template when (needs & provides) == needs.  A scheme of NULL
 * or "national" is the profile's own [weights]; p NULL is national.
 */
enum { JX_NEEDS_WEIGHTS = 1, /* 分值 per indicator row */
       JX_NEEDS_SCORES = 2,  /* 得分 (declared scores) */
       JX_NEEDS_SPLIT = 4    /* the profile's [weights] split of first-level weights */ };
unsigned jx_check_needs(enum jx_check check);
struct jx_profile;
unsigned jx_scheme_provides(const struct jx_profile *p, const char *scheme);
/* Look a check up by its id; returns false when there is no such id. */
bool jx_check_from_name(const char *name, enum jx_check *out);
/* "error", "warning", "info", "ignore" */
const char *jx_severity_name(enum jx_severity sev);
bool jx_severity_from_name(const char *name, enum jx_severity *out);

/* ---- context and diagnostics ----------------------------------------- */

/*
 * One finding.  All pointers are valid only during the callback; copy what
 * you keep.  `line` is 1-based; 0 means "the file as a whole".
 */
struct jx_diag {
	enum jx_check check;
	enum jx_severity severity; /* after the user's --check overrides */
	const char *file;
	unsigned long line;
	const char *project; /* "" when the form's name is not known */
	const char *message; /* Simplified Chinese */
};

typedef void jx_diag_fn(const struct jx_diag *diag, void *userdata);

/*
 * A context holds the settings shared by reading, scoring and auditing: the
 * diagnostic callback and the severity of each check.  It also counts the
 * findings delivered, by severity.
 */
struct jx_ctx;

struct jx_ctx *jx_ctx_new(void);
void jx_ctx_free(struct jx_ctx *ctx);
void jx_ctx_set_diag(struct jx_ctx *ctx, jx_diag_fn *fn, void *userdata);
void jx_ctx_set_severity(struct jx_ctx *ctx, enum jx_check check,
			 enum jx_severity sev);
/* Findings delivered so far with the given (effective) severity. */
unsigned long jx_ctx_count(const struct jx_ctx *ctx, enum jx_severity sev);
/*
 * For work split between threads: a context with the settings of `ctx`
 * (severities, as set so far), no callback, no counts and nothing of the
 * inputs `ctx` has read (jx_ctx_merge brings that back), for one thread;
 * and a finding one such context delivered (copied by the thread's callback)
 * delivered again through `ctx`, counted there, as it was.
 */
struct jx_ctx *jx_ctx_new_like(const struct jx_ctx *ctx);
void jx_ctx_deliver(struct jx_ctx *ctx, const struct jx_diag *diag);
/* What a thread's context `from` learnt of the inputs it read (where each
 * line of a Word or PDF document is, for the findings that compare forms
 * and name their lines) moved into `into`; `from` keeps its settings. */
void jx_ctx_merge(struct jx_ctx *into, struct jx_ctx *from);

/* ---- reading ---------------------------------------------------------- */

struct jx_reader;
struct jx_form;

/*
 * The text layouts a reader understands (SPEC §2).  AUTO detects the layout
 * of each form from its first lines; any other value forces one.
 */
enum jx_layout {
	JX_LAYOUT_AUTO,
	JX_LAYOUT_TAB,       /* one row per line, cells split by TAB */
	JX_LAYOUT_PIPE,      /* a | b | c |, || for merged cells */
	JX_LAYOUT_MARKDOWN,  /* | a | b | with a |---| separator row */
	JX_LAYOUT_HTML,      /* <table> with rowspan/colspan */
	JX_LAYOUT_CELLS,     /* one cell per line, each ending " |" */
	JX_LAYOUT_PARAGRAPH, /* one cell per paragraph */
	JX_LAYOUT_SPACE,     /* cells split by runs of spaces, rows may wrap */
	JX_LAYOUT_ONELINE,   /* the whole form on one line (best effort) */
	/* Inputs that are not text, told by their content (never forced):
	 * a form read from one of them reports it as its layout. */
	JX_LAYOUT_XLSX,      /* an Excel workbook (Office Open XML) */
	JX_LAYOUT_XLS,       /* an Excel 97–2003 workbook */
	JX_LAYOUT_CSV,       /* the CSV of `render --format csv` (UTF-8 or GBK) */
	JX_LAYOUT_JSON,      /* the JSON of `check --format json` */
	JX_LAYOUT__COUNT
};
#define JX_LAYOUT_LAST_TEXT JX_LAYOUT_ONELINE

/* "auto", "tab", "pipe", ...; NULL for a value out of range. */
const char *jx_layout_name(enum jx_layout layout);
/* The layout of a name; false when there is none. */
bool jx_layout_from_name(const char *name, enum jx_layout *layout);

/*
 * A reader takes forms one at a time from a stream: text in any of the
 * layouts above (published PDFs, Word and web pages turned into text), an
 * Excel workbook (.xlsx, .xls), the CSV of `render --format csv` or the
 * JSON of the check contract, told apart by the stream's first bytes.  A
 * text stream is read as it comes, one form in memory at a time; any other
 * input is read whole (up to 256 MB) and checked before its first form is
 * returned, so that an input that cannot be read yields no form.  A
 * workbook's forms carry "<name>:<sheet>" as their file and the sheet's
 * rows as their lines.  `name` is used in diagnostics and provenance and is copied.  The
 * stream is not closed by the reader.
 */
struct jx_reader *jx_reader_new(struct jx_ctx *ctx, FILE *in, const char *name);
void jx_reader_free(struct jx_reader *reader);
/* Force a text layout (default JX_LAYOUT_AUTO; up to JX_LAYOUT_LAST_TEXT):
 * a workbook is still read as one, CSV and JSON as text; only before the
 * first jx_reader_next(). */
enum jx_status jx_reader_set_layout(struct jx_reader *reader, enum jx_layout layout);
/* Read a PDF without a text layer (a scan) by OCR: tesseract (chi_sim) on
 * each page's image, inside the same table rebuild; default off.  Every
 * such form is marked (jx_summary.ocr, "ocr" in JSON, an `ocr` finding)
 * and a word recognised with low confidence is an unread cell.  Only
 * before the first jx_reader_next(). */
enum jx_status jx_reader_set_ocr(struct jx_reader *reader, bool on);
/* Number the stream's lines from `line` (default 1), e.g. to read a stored
 * form (jx_render_form_tab) with its original line numbers; only before the
 * first jx_reader_next(). */
enum jx_status jx_reader_set_first_line(struct jx_reader *reader, unsigned long line);

/*
 * A large text input in pieces that readers may read apart, in parallel:
 * each piece read by a reader of its own over its bytes, numbered from its
 * first line (jx_reader_set_first_line), gives the forms and findings that
 * one reader of the whole input gives for those lines, and the pieces in
 * order give them all.  Cut only where nothing of the reading carries over
 * the cut (read.h, layout_cut_ok): before a form's title, after a form that
 * ended with its 总分 row, the next form in a layout that starts afresh.
 *
 * jx_text_cuttable: is <data, n>, to be read with `layout`, an input that
 * may be cut at all — a text read as a stream (a small text is read whole
 * and tried against the templates; a workbook, a document, CSV and JSON
 * are not texts), its layout not forced?
 * jx_text_cut: the end of the piece that starts at `start` (0, or a cut
 * returned before): the first cut at least `bytes` past it, or n when the
 * rest is one piece (no place to cut, or HTML, which is read as HTML to
 * the end); *lines: the lines of the piece (0 for the rest: not counted,
 * no piece follows it).  Scans from `bytes` past
 * `start` to the first title it may cut before, at most 8 × `bytes`
 * further (no cut there: the rest is one piece).
 */
bool jx_text_cuttable(const char *data, size_t n, enum jx_layout layout);
size_t jx_text_cut(const char *data, size_t n, size_t start, size_t bytes, unsigned long *lines);

/*
 * Read the next form.  On JX_OK *out is a new form the caller owns (free it
 * with jx_form_free()).  JX_DONE: end of input.  JX_ERR_NOFORM: the input
 * ended without a single form.  JX_ERR_IO: the stream failed.  Both are
 * reported once, as `unparsed` errors that no severity setting silences.  Problems inside a form are not errors here: they are
 * `unparsed` / `missing-field` findings delivered to the callback, and the
 * form is returned with what could be read.
 */
enum jx_status jx_reader_next(struct jx_reader *reader, struct jx_form **out);

/* Forms returned so far. */
unsigned long jx_reader_count(const struct jx_reader *reader);

void jx_form_free(struct jx_form *form);
/* The memory a form holds (its arena's blocks), for a caller that keeps
 * forms waiting (check --jobs bounds what it holds by it). */
size_t jx_form_bytes(const struct jx_form *form);

/* ---- scoring profiles ------------------------------------------------- */

/*
 * A scoring profile: the rules' numbers and options as data (README,
 * "评分规则").  The library ships some (national, the default, and others,
 * listed by jx_profile_shipped); a bureau writes its own file, usually
 * extending a shipped one.  A profile is immutable once loaded and may be
 * shared by any number of forms; it must outlive every form scored with it.
 */
struct jx_profile;

/* Where and why a profile could not be loaded.  line 0: the file as a whole. */
struct jx_profile_error {
	char file[512];
	unsigned long line;
	char message[512]; /* Simplified Chinese */
};

/*
 * The form templates the reader matches published forms against: the
 * shipped ones (templates/NAME.tpl, compiled in), then each of `files`, a
 * later one replacing an earlier of its name.  fn is called once for each,
 * in order.  JX_ERR_ARG and *err ("file:line: what", Chinese) when a file
 * is malformed: nothing is listed then.
 */
typedef void jx_template_fn(const char *name, const char *scheme, const char *description,
			    const char *file, void *userdata);
enum jx_status jx_templates(const char *const *files, size_t nfiles, jx_template_fn *fn,
			    void *userdata, char *err, size_t errcap);

/*
 * Read every text input of r by one form template, the best fit not
 * sought: a shipped template's name, or a template file (a path: it holds
 * '/' or ends in .tpl), loaded after the shipped ones.  Before the first
 * jx_reader_next().  JX_ERR_ARG and *err ("file:line: what" or the unknown
 * name, Chinese) when it cannot be loaded.
 */
enum jx_status jx_reader_set_template(struct jx_reader *r, const char *name_or_file, char *err,
				      size_t errcap);

/* The name of the i-th shipped profile (0 = national); NULL past the end. */
const char *jx_profile_shipped(size_t i);

/*
 * Load a shipped profile by name, or else a profile file by path (an
 * `extends` path is relative to the file that names it).  JX_OK: *out is
 * the profile, free it with jx_profile_free().  JX_ERR_PROFILE: *out is
 * NULL and *err (when not NULL) says file, line and what is wrong.
 */
enum jx_status jx_profile_load(const char *name_or_path, struct jx_profile **out,
			       struct jx_profile_error *err);
/* The same from memory; `name` is used in messages; `extends` may name
 * shipped profiles and files relative to the working directory.  Unlike a
 * file, the text may use a shipped profile's name (a stored profile's). */
enum jx_status jx_profile_parse(const char *name, const char *text, size_t len,
				struct jx_profile **out, struct jx_profile_error *err);
/* A profile a database stored (the effective text of an earlier import):
 * as jx_profile_parse, but a key the text does not set (one a later version
 * added) takes the national profile's value instead of being an error, so
 * that stored forms keep being read across versions.  A key the text sets
 * that this version does not know is still an error. */
enum jx_status jx_profile_parse_stored(const char *name, const char *text, size_t len,
				       struct jx_profile **out, struct jx_profile_error *err);
void jx_profile_free(struct jx_profile *profile);
/* Its name and one-line Chinese description; NULL means national. */
const char *jx_profile_name(const struct jx_profile *profile);
const char *jx_profile_title(const struct jx_profile *profile);

/*
 * Make the profile's [severity] settings the context's severities.  Call
 * it before jx_ctx_set_severity() for the user's own overrides, which win.
 */
void jx_ctx_set_profile(struct jx_ctx *ctx, const struct jx_profile *profile);

/* ---- scoring ---------------------------------------------------------- */

/*
 * Rescore a form by a profile (NULL: national, SPEC §4): execution score,
 * every indicator, the total and the grade, each with a trace and the
 * profile rule behind it.  The form keeps a pointer to the profile (the
 * audit and renderers use the same rules).  Idempotent.
 */
void jx_form_score(struct jx_form *form, const struct jx_profile *profile);

/* Scores are in centi-points (score × 100), exact. */
struct jx_summary {
	const char *file;
	unsigned long line; /* the form's title line */
	const char *project;
	const char *implementer;
	int year;            /* 0 when unknown */
	bool has_budget, has_executed;
	int64_t budget_fen;   /* 全年预算数, 年度资金总额 row, in fen */
	int64_t executed_fen; /* 全年执行数 */
	bool has_declared_total;
	int64_t declared_total_c;
	int64_t score_total_c; /* after jx_form_score() */
	const char *grade;     /* 优 良 中 差; "" when unscorable (a cell it needs could not be read) */
	const char *department; /* 主管部门 */
	bool ocr;               /* read by OCR from a scan (jx_reader_set_ocr): every value unchecked */
};

void jx_form_summary(const struct jx_form *form, struct jx_summary *out);

/* ---- auditing --------------------------------------------------------- */

/*
 * An audit checks each form on its own (jx_audit_form) and remembers the
 * few facts it needs to compare forms of one unit and year; jx_audit_finish
 * reports what differs between them.  Forms must be scored first: an
 * unscored form has no rescored numbers to compare and is not audited.
 */
struct jx_audit;

struct jx_audit *jx_audit_new(struct jx_ctx *ctx);
void jx_audit_free(struct jx_audit *audit);
void jx_audit_form(struct jx_audit *audit, const struct jx_form *form);
void jx_audit_finish(struct jx_audit *audit);
/*
 * For forms audited in several threads: a worker's audit checks each form
 * as jx_audit_form does but only records the facts the cross-form checks
 * need, in order; jx_audit_merge moves them into the audit that compares
 * (call it in input order, on one thread), leaving `worker` empty.
 * jx_audit_finish of a worker's audit reports nothing.
 */
struct jx_audit *jx_audit_new_worker(struct jx_ctx *ctx);
void jx_audit_merge(struct jx_audit *into, struct jx_audit *worker);

/* ---- output ----------------------------------------------------------- */

/*
 * A growable byte buffer with a size cap, used by every renderer.  The
 * contents are always NUL-terminated.  Writes past `max` fail with
 * JX_ERR_TOOBIG and set `overflow`; what fitted stays.
 */
struct jx_buf {
	char *p;
	size_t n, cap, max;
	bool overflow;
};

#define JX_BUF_DEFAULT_MAX ((size_t)256 << 20)

void jx_buf_init(struct jx_buf *b, size_t max);
void jx_buf_release(struct jx_buf *b);
void jx_buf_reset(struct jx_buf *b);
enum jx_status jx_buf_add(struct jx_buf *b, const char *p, size_t n);
enum jx_status jx_buf_puts(struct jx_buf *b, const char *s);
enum jx_status jx_buf_printf(struct jx_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* One form as a JSON object of the check contract (README, "JSON"). */
enum jx_status jx_render_form_json(struct jx_buf *b, const struct jx_form *form);
/* One finding as a JSON object. */
enum jx_status jx_render_diag_json(struct jx_buf *b, const struct jx_diag *diag);
/* A JSON string literal with quotes, escaped. */
enum jx_status jx_render_json_string(struct jx_buf *b, const char *s);
/* The rescored form with the trace behind every number (`jixiao explain`).
 * This and jx_render_trace build the form's traces on first use, in the
 * form itself (jx_form_score leaves them out): a form is one thread's at a
 * time. */
enum jx_status jx_render_explain(struct jx_buf *b, const struct jx_form *form);
/* The trace behind one number, as explain prints it: the execution score,
 * the total, or indicator `which` (0-based, below jx_form_indicators). */
enum { JX_TRACE_EXECUTION = -1, JX_TRACE_TOTAL = -2 };
enum jx_status jx_render_trace(struct jx_buf *b, const struct jx_form *form, long which);
size_t jx_form_indicators(const struct jx_form *form);
/* ---- documents: HTML, Markdown, CSV (src/render/) ---- */

/* User text escaped for HTML (& < > " ' and control characters): the one
 * place every HTML renderer escapes through. */
enum jx_status jx_render_html_text(struct jx_buf *b, const char *s);
/* Text as one CSV field (RFC 4180), the one CSV escaper of jixiao: quoted
 * when needed, text a spreadsheet would take for a formula (=, +, -, @ …)
 * quoted with a leading apostrophe, control characters as spaces. */
enum jx_status jx_render_csv_field(struct jx_buf *b, const char *s);
/* User text escaped for Markdown (| \\ * _ ` [ ] and HTML specials): for
 * text the tool writes around jx_render_form_md, such as findings. */
enum jx_status jx_render_md_text(struct jx_buf *b, const char *s);
/* The style sheet of jx_render_form_html (what jx_render_html_begin puts
 * inline), for a page that links it instead. */
const char *jx_render_html_css(void);
/* An HTML document's head (print CSS for A4, the toggle between the
 * reviewed and the clean form) and its end; sections go between. */
enum jx_status jx_render_html_begin(struct jx_buf *b, const char *title);
enum jx_status jx_render_html_end(struct jx_buf *b);
/* The same head without the toggle: for the clean form alone. */
enum jx_status jx_render_html_begin_clean(struct jx_buf *b, const char *title);
/*
 * One form as the standard 自评表 (财预〔2020〕10号 附件2) in HTML: merged
 * cells, the (YYYY年度) line, and beside each declared number the rescored
 * one, then the form's findings (hidden in the clean view and in print when
 * the reader chooses so).  A row a finding concerns (by line) is marked
 * with the worst severity (class flag-error …) and the messages as its
 * title; a row with a rescored number names its trace (data-trace="exec",
 * "ind-N", "total": jx_render_trace).  id: the anchor of the section.
 */
enum jx_status jx_render_form_html(struct jx_buf *b, const struct jx_form *form, const char *id,
				   const struct jx_diag *findings, size_t nfindings);
/* The form as printed and nothing else (`render --format html --clean`): no
 * rescored number, grade, finding, mark or trace in the document at all,
 * so that a copy, a print or a conversion of it holds only the form. */
enum jx_status jx_render_form_html_clean(struct jx_buf *b, const struct jx_form *form,
					 const char *id);
/*
 * One form as canonical text: the reader's tab layout, each row on its
 * original line when the input's order allows (blank lines between), amounts
 * in 万元.  Read back with jx_reader_set_first_line(the form's title line),
 * it gives the same form (Sichuan 指标性质/度量单位 folded into the values).
 */
enum jx_status jx_render_form_tab(struct jx_buf *b, const struct jx_form *form);
/*
 * One form as its fields (the store's source, src/render/fields.c): every
 * cell's printed text and line, which were printed but not read, which the
 * form does not have, its file, layout and template, as a JSON object that
 * jx_reader_new() reads back into the same form field by field.  Not the
 * check contract: internal to jixiao, it may change between versions.
 */
enum jx_status jx_render_form_fields(struct jx_buf *b, const struct jx_form *form);
/* One form as Markdown: a heading and a pipe table. */
enum jx_status jx_render_form_md(struct jx_buf *b, const struct jx_form *form);
/* CSV, one row per indicator with the form's keys repeated (for pivot
 * tables): the header line, then each form's rows. */
enum jx_status jx_render_csv_header(struct jx_buf *b);
enum jx_status jx_render_form_csv(struct jx_buf *b, const struct jx_form *form);

/*
 * Forms as an Excel workbook (src/render/xlsx.c): a summary sheet and one
 * sheet per form in the standard layout, with live formulas wherever the
 * form computes something.  expect (may be NULL) receives, per formula
 * cell, "sheet<TAB>cell<TAB>jixiao's value" for checking a spreadsheet's
 * recalculation.  Forms must be scored.
 */
struct jx_xlsx;
enum { JX_XLSX_MAX_FORMS = 4096 }; /* sheets per workbook; more: JX_ERR_ARG */
enum jx_status jx_xlsx_open(const char *path, struct jx_buf *expect, struct jx_xlsx **out);
enum jx_status jx_xlsx_add_form(struct jx_xlsx *xlsx, const struct jx_form *form);
/* Write the file; err says why it failed. */
enum jx_status jx_xlsx_close(struct jx_xlsx *xlsx, char *err, size_t errlen);

/*
 * A report (src/render/report.c): one self-contained HTML page for a unit
 * or a collection: headline figures, a sortable and filterable table of
 * projects, SVG charts (execution rate per project with the 90% line,
 * declared vs rescored totals, grades, budget by source), the findings by
 * severity linked to their forms, and every form as jx_render_form_html.
 * Forms may be freed after jx_report_add_form.  The forms' HTML and the
 * findings' lines are kept in a temporary file ($TMPDIR, else /tmp) past
 * 1 MB, so that a report's memory is a few numbers per form; when no file
 * can be made or it fills up, in memory up to the buffer's cap.
 * jx_report_write hands the page out in pieces of about 256 KB.
 */
struct jx_report;
struct jx_report *jx_report_new(const char *title);
/* A fragment of HTML (the caller's, not escaped) shown below the title. */
void jx_report_set_note(struct jx_report *report, const char *html);
enum jx_status jx_report_add_form(struct jx_report *report, const struct jx_form *form,
				  const struct jx_diag *findings, size_t nfindings);
/* A finding about several forms (cross-form), after the forms. */
enum jx_status jx_report_add_finding(struct jx_report *report, const struct jx_diag *diag);
/* The page into b (JX_ERR_TOOBIG past its cap), or through write: the
 * pieces in order; after write returns false nothing more is written
 * (JX_ERR_IO).  JX_ERR_IO or JX_ERR_TOOBIG with jx_report_error set: the
 * report's own keeping failed (its temporary file, or memory without one). */
enum jx_status jx_report_render(struct jx_report *report, struct jx_buf *b);
typedef bool jx_write_fn(const char *p, size_t n, void *userdata);
enum jx_status jx_report_write(struct jx_report *report, jx_write_fn *write, void *userdata);
/* Why the last render or write failed when it was the report's keeping
 * (Chinese, for the user), else NULL. */
const char *jx_report_error(const struct jx_report *report);
/* Only its four charts (inline SVG, no script), for a page of one's own,
 * and the style sheet they need. */
enum jx_status jx_report_render_charts(struct jx_report *report, struct jx_buf *b);
const char *jx_report_css(void);
void jx_report_free(struct jx_report *report);
/* One chart in the report's style: a bar per label, scaled to the largest
 * value; counts of forms (value, an alert bar red) or, money = true,
 * budget (value) and executed (value2) in fen, drawn in 万元. */
struct jx_bar {
	const char *label;
	int64_t value, value2;
	bool alert;
};
enum jx_status jx_render_bars(struct jx_buf *b, const char *cls, const char *title,
			      const char *caption, const struct jx_bar *bars, size_t n, bool money);

/*
 * A blank workbook for clerks to fill in (src/render/template.c): an
 * instructions sheet, then `projects` sheets in the standard layout with
 * JX_TEMPLATE_INDICATORS indicator rows each, drop-down lists for 一级/二级
 * 指标 and 指标性质, formulas for 执行率, scores and total, input cells
 * marked.  A filled one, saved by a spreadsheet program, reads as forms.
 */
enum { JX_TEMPLATE_INDICATORS = 20, JX_TEMPLATE_MAX_PROJECTS = 200 };
enum jx_status jx_template_write(const char *path, unsigned projects, char *err, size_t errlen);

/* A profile's effective values in the profile file format, each with where
 * it was set (`jixiao profile show`); the output loads as a profile. */
enum jx_status jx_render_profile(struct jx_buf *b, const struct jx_profile *profile);

/* Amount in 万元, exact, without trailing zeros: 23360502 fen -> "23.360502". */
enum jx_status jx_render_wan(struct jx_buf *b, int64_t fen);
/* Centi-points as a score: 9800 -> "98", 76 -> "0.76". */
enum jx_status jx_render_score(struct jx_buf *b, int64_t centi);

/* num/den as a percentage with `decimals` decimals, half up, exact:
 * (22792, 300000, 2) -> "7.60%".  den must be > 0. */
enum jx_status jx_render_percent(struct jx_buf *b, int64_t num, int64_t den, int decimals);

/* ---- the store -------------------------------------------------------- */

/*
 * A store keeps scored and audited forms year after year: forms, fund rows,
 * indicators, findings and where each came from, with every earlier
 * version of a replaced form in a history (README, "数据库").  The backend
 * is chosen by the spec given to jx_store_open(): "sqlite:PATH" or a plain
 * PATH (SQLite, the default); callers see only this interface.
 *
 * Writing is one import at a time: jx_store_begin(), then jx_store_put_form()
 * and jx_store_put_finding() for each form, then jx_store_commit() — all of
 * the import or, after jx_store_rollback() or a crash, none of it.  Readers
 * may query while another process imports (they see the last commit).
 * A store handle is one thread's at a time (each thread opens its own):
 * it takes no lock of its own.
 */
struct jx_store;

/* The last error of a store, in Chinese; "" when none.  Never NULL. */
const char *jx_store_error(const struct jx_store *store);

/* How to open a store: readers need an existing jixiao database; an
 * importer may create one (only where nothing is, or in an empty file). */
enum jx_store_mode { JX_STORE_READ, JX_STORE_CREATE };

/* Open a store, migrating an older schema.  On failure *out is NULL and
 * err (errlen bytes) says why. */
enum jx_status jx_store_open(const char *spec, enum jx_store_mode mode, struct jx_store **out,
			     char *err, size_t errlen);
void jx_store_close(struct jx_store *store);
/* How long a write waits for another writer's lock before it fails
 * (default 10 minutes: imports queue behind each other); a server that
 * must answer sets less. */
void jx_store_set_busy_timeout(struct jx_store *store, int ms);
/* Whether the store's connection still works: false once a server database
 * (PostgreSQL) dropped it, so that a long-lived holder opens another; a
 * SQLite store is always alive. */
bool jx_store_alive(const struct jx_store *store);
/* Whether a --db names a database server (postgresql://…) rather than a file. */
bool jx_store_spec_is_server(const char *spec);

/* Start an import of one input file scored by `profile` (NULL: national;
 * its effective text is kept, to score the forms again later). */
enum jx_status jx_store_begin(struct jx_store *store, const char *file,
			      const struct jx_profile *profile);
enum jx_put_result {
	JX_PUT_ADDED,
	JX_PUT_REPLACED, /* the earlier version, with its findings, went to the history */
	JX_PUT_DUPLICATE /* this import stored the same form already: nothing stored;
			    jx_store_error() says where the first one is */
};

/*
 * Store a scored and audited form.  A form is identified by (year, 主管部门,
 * 实施单位, 项目名称); one stored by an earlier import is moved to the
 * history and replaced.  A form without a year or 项目名称 cannot be
 * identified and is refused (JX_ERR_ARG).
 */
enum jx_status jx_store_put_form(struct jx_store *store, const struct jx_form *form,
				 enum jx_put_result *result);
/*
 * The text jx_store_put_form stores of a form besides its columns: its
 * fields (jx_render_form_fields), packed (the store derives the form's
 * JSON from them when asked: jx_store_form_json), rendered ahead in the
 * thread that read the form (import --jobs); then
 * jx_store_put_form_texts stores the form with them, as jx_store_put_form
 * does.  Released with jx_form_texts_release.
 */
struct jx_form_texts {
	struct jx_buf source; /* the form's fields, packed as the store keeps them */
	bool ok;              /* false: too large to store */
};
void jx_form_texts_render(const struct jx_form *form, struct jx_form_texts *texts);
void jx_form_texts_release(struct jx_form_texts *texts);
enum jx_status jx_store_put_form_texts(struct jx_store *store, const struct jx_form *form,
				       const struct jx_form_texts *texts, enum jx_put_result *result);
/* The id the last jx_store_put_form gave its form (0: it stored none):
 * the form's id once the import is committed; and the id of the form it
 * replaced (0: it added one). */
long long jx_store_last_form(const struct jx_store *store);
long long jx_store_last_replaced(const struct jx_store *store);
/* The version (jx_store_form.version) the last put replaced (0: none). */
long long jx_store_last_replaced_version(const struct jx_store *store);
/* Store a finding of this import; it belongs to the form of this import
 * with the same file and project, or to the import as a whole. */
enum jx_status jx_store_put_finding(struct jx_store *store, const struct jx_diag *diag);
enum jx_status jx_store_commit(struct jx_store *store);
void jx_store_rollback(struct jx_store *store);

/* Which stored forms a query is about; zero/NULL fields match all.  Names
 * match exactly ("单位1" is not "单位11"); with `contains`, a name that
 * holds the text matches too (an explicit choice: --contains, ?match=contains). */
struct jx_store_query {
	int year;
	const char *project;   /* 项目名称 */
	const char *unit;      /* 实施单位 */
	long long id;          /* this form only */
	bool contains;         /* project and unit: contained in, not only equal to */
	const char *any;       /* 项目名称 or 实施单位 containing it, or 年度 or 等级 equal to it */
	unsigned long offset;  /* the forms to pass over first, in list order */
	unsigned long limit;   /* at most this many (0: all) */
	long long account;     /* only the forms this account may see (0: no limit) */
};

/* One stored form as listed. */
struct jx_store_form {
	long long id;                /* the form's, the same across its versions */
	long long version;           /* the import that stored this version */
	struct jx_summary s;         /* file, line: where it was imported from */
	const char *department;
	const char *profile;
	unsigned long findings[JX_SEV_ERROR + 1]; /* by severity */
	int state;                   /* its review's state (enum jx_state; JX_STATE_DRAFT: none) */
};

/* Return non-zero from a callback to stop early. */
typedef int jx_store_form_fn(const struct jx_store_form *form, void *userdata);

/* Run the queries that follow on one snapshot of the store (on = true)
 * until snapshot(false): several queries of one report agree.  Starting
 * one that is started, or ending none, does nothing. */
enum jx_status jx_store_snapshot(struct jx_store *store, bool on);

/* Forms in (year, 实施单位, file, line) order (an index serves it: a page
 * of offset and limit reads that page, not every form). */
enum jx_status jx_store_list(struct jx_store *store, const struct jx_store_query *q,
			     jx_store_form_fn *fn, void *userdata);
/* A stored form's findings, in the order they were reported. */
enum jx_status jx_store_findings(struct jx_store *store, long long form_id, jx_diag_fn *fn,
				 void *userdata);
/* A stored form as the JSON object of the check contract. */
enum jx_status jx_store_form_json(struct jx_store *store, long long form_id, struct jx_buf *b);
/*
 * A stored form's source and the text of the profile it was scored by
 * (jx_profile_parse it; "" for a database of schema 1, whose forms have no
 * source either: source "" then).  The source is the form's fields
 * (jx_render_form_fields, a JSON object: read it with jx_reader_new to get
 * the form back) or, in a database written before them, its canonical
 * text (jx_render_form_tab: read it with jx_reader_set_first_line(its line)).
 */
enum jx_status jx_store_form_source(struct jx_store *store, long long form_id,
				    struct jx_buf *source, struct jx_buf *profile);
/* One version of a stored form: the current one or one it replaced. */
struct jx_store_version {
	long long history_id;    /* 0: the current version */
	const char *imported_at; /* when the import that stored it ran (UTC, ISO 8601) */
	const char *file;        /* what that import read */
	const char *json;        /* the form then, as jx_store_form_json gives it */
};
typedef int jx_store_version_fn(const struct jx_store_version *v, void *userdata);
/* Every version of the form that `form_id` is now, newest first: the
 * current one, then those it replaced (same year, units and project). */
enum jx_status jx_store_versions(struct jx_store *store, long long form_id,
				 jx_store_version_fn *fn, void *userdata);
/* Rows in the history table (replaced versions). */
enum jx_status jx_store_history_count(struct jx_store *store, unsigned long *n);

/* ---- summaries ---- */

enum jx_summary_by {
	JX_BY_NONE, JX_BY_UNIT, JX_BY_YEAR, JX_BY_LEVEL1, JX_BY_GRADE,
	/* the overview's distributions, kept by the store over every year
	 * (year must be 0): forms by band of execution rate (全年执行数 /
	 * 全年预算数) and of the rescored total, each band a group in band
	 * order (also when empty), keyed by its label (“低于 60%” …); and the
	 * fund rows by source (当年财政拨款 …: forms = rows with a budget,
	 * budget_fen and executed_fen their sums) */
	JX_BY_RATE_BAND, JX_BY_SCORE_BAND, JX_BY_SOURCE
};

/*
 * One group of a summary (or the whole, key "").  Amounts add up exactly;
 * the rate is Σ executed / Σ budget (not a mean of rates).  Totals are
 * summed over the forms that declare one, declared and rescored alike, so
 * the two compare.  For JX_BY_LEVEL1 the indicator fields are filled and
 * the money fields are not.
 */
struct jx_summary_group {
	const char *key;
	unsigned long forms;
	int64_t budget_fen, executed_fen;  /* over forms with both */
	unsigned long forms_with_money;
	int64_t declared_total_c, rescored_total_c; /* over forms with a declared total */
	unsigned long forms_declared;
	unsigned long below_90;            /* forms executed below 90% */
	bool overflow;                     /* a sum passed 64 bits (saturated) */
	unsigned long indicators;          /* JX_BY_LEVEL1 */
	int64_t weight_c, declared_c, score_c;
	unsigned long findings[JX_SEV_ERROR + 1];
};

typedef int jx_summary_group_fn(const struct jx_summary_group *g, void *userdata);
typedef int jx_summary_grade_fn(const char *grade, unsigned long forms, void *userdata);

/* The whole (key ""), then one group per key in key order. */
enum jx_status jx_store_summary(struct jx_store *store, int year, enum jx_summary_by by,
				jx_summary_group_fn *fn, void *userdata);
/* Forms per grade of the rescored total: the national grades first, in
 * order and also when no form has them, then any other grade names. */
enum jx_status jx_store_grades(struct jx_store *store, int year, jx_summary_grade_fn *fn,
			       void *userdata);

/*
 * Year over year: the indicators of each project stored for both years,
 * matched by unit, project and indicator; what changed suspiciously is
 * reported through ctx (yoy-* checks) at the later year's form and line.
 * The profile (NULL: national) gives the over-achievement threshold that
 * makes a target "far exceeded".  *matched: projects found in both years.
 */
enum jx_status jx_store_compare(struct jx_store *store, struct jx_ctx *ctx,
				const struct jx_profile *profile, int year1, int year2,
				unsigned long *matched);
/*
 * After an import has stored forms of `year` (between jx_store_put_form and
 * jx_store_commit): bring the stored year-over-year findings of the
 * neighbouring years up to date.  For each of (year−1, year) and (year,
 * year+1) that the store holds, the later year's yoy-* findings are dropped
 * and the comparison is run again; its findings are stored and reported
 * through ctx.  So the stored findings never depend on the order in which
 * years were imported.  *matched: projects of `year` found in year−1.
 */
enum jx_status jx_store_update_yoy(struct jx_store *store, struct jx_ctx *ctx,
				   const struct jx_profile *profile, int year,
				   unsigned long *matched);
/* A copy of the whole store at one moment into a new file `path` (SQLite's
 * online backup: readers and writers go on meanwhile); the file is
 * written beside its name and renamed into place when complete and
 * checked, and an existing file is never overwritten (JX_ERR_ARG). */
enum jx_status jx_store_backup(struct jx_store *store, const char *path);
/* The years stored, ascending; *n on input is the capacity of years. */
enum jx_status jx_store_years(struct jx_store *store, int *years, size_t *n);

/* ---- accounts, units, sessions and the audit log (a bureau's server) ---- */

/*
 * Who may do what in `jixiao serve` once its store holds accounts
 * (README, "财政局的服务器").  The store keeps the accounts, the bureau's
 * registry of units and their 主管部门, the sessions of those logged in
 * and an append-only log of every action; the server asks it.  A role's
 * scope:
 *   clerk, unit-head  the forms whose 实施单位 is one of its units;
 *   department        the forms of the units under its 主管部门 (the
 *                     registry's, else the 主管部门 the form prints);
 *   finance, admin    every form.
 * Names of units and departments are matched normalised, as forms are
 * (full-width, spaces, traditional script).
 */
enum jx_role {
	JX_ROLE_CLERK,      /* 单位经办: fills and submits its units' forms */
	JX_ROLE_UNIT_HEAD,  /* 单位负责人: the optional second step inside the unit */
	JX_ROLE_DEPARTMENT, /* 主管部门审核: reviews the units under its 主管部门 */
	JX_ROLE_FINANCE,    /* 财政审核: reviews, samples and publishes every form */
	JX_ROLE_ADMIN,      /* 管理员: accounts, units, tasks */
	JX_ROLE__COUNT
};
/* The stable id ("clerk", "unit-head", "department", "finance", "admin")
 * and the Chinese name of a role. */
const char *jx_role_id(enum jx_role role);
const char *jx_role_label(enum jx_role role);
/* A role from its id or its Chinese name; false if none. */
bool jx_role_from_name(const char *name, enum jx_role *out);
/* Whether the role sees only its scope (clerk, unit-head, department). */
bool jx_role_scoped(enum jx_role role);

/* Passwords: at least this many characters (code points), at most 1,024
 * bytes; kept only as an argon2id hash (libsodium). */
enum { JX_PASSWORD_MIN = 8 };

struct jx_account {
	long long id;            /* the store's (0 when adding) */
	const char *login;       /* 1–63 bytes of letters, digits, . _ - @ */
	const char *name;        /* as shown: 张三 (1–127 bytes) */
	enum jx_role role;
	bool disabled;
	const char *created;     /* UTC, ISO 8601 (set by the store) */
	/* the units (clerk, unit-head) or 主管部门 (department) it is scoped
	 * to, as written; none for finance and admin */
	const char *const *scope;
	size_t nscope;
};
typedef int jx_account_fn(const struct jx_account *account, void *userdata);

/* Add an account (JX_ERR_ARG with why in jx_store_error: a login taken or
 * malformed, a password too short or equal to the login, a scoped role
 * without a scope or an unscoped one with one). */
enum jx_status jx_account_add(struct jx_store *store, const struct jx_account *account,
			      const char *password);
/* Set an account's password (its sessions end); JX_ERR_ARG: no such login. */
enum jx_status jx_account_set_password(struct jx_store *store, const char *login,
				       const char *password);
/* Disable (its sessions end) or enable an account; JX_ERR_ARG: no such login. */
enum jx_status jx_account_set_disabled(struct jx_store *store, const char *login, bool disabled);
/* Every account in login order, or the one with `login` (NULL: all). */
enum jx_status jx_account_list(struct jx_store *store, const char *login, jx_account_fn *fn,
			       void *userdata);
/* Limit every later list and summary of this handle to the forms `account`
 * may see, as jx_store_query.account does (0: no limit again).  Summaries
 * under a scope are summed from its forms; the distributions kept over
 * every form (JX_BY_RATE_BAND, JX_BY_SCORE_BAND, JX_BY_SOURCE) are not
 * given under one (JX_ERR_ARG). */
void jx_store_set_scope(struct jx_store *store, long long account);
/* Whether the store holds any account (the server then asks for a login). */
enum jx_status jx_account_any(struct jx_store *store, bool *any);

/* A unit of the bureau's registry. */
struct jx_unit {
	const char *name;       /* 实施单位 as written */
	const char *department; /* its 主管部门 */
	const char *code;       /* 单位代码, or NULL */
};
typedef int jx_unit_fn(const struct jx_unit *unit, void *userdata);
/* Add a unit or change its 主管部门 and code (matched by normalised name). */
enum jx_status jx_unit_put(struct jx_store *store, const struct jx_unit *unit);
/* Units from a CSV text (UTF-8 or GBK, as Excel saves it) whose header
 * row names the columns 单位名称 (or 单位、实施单位), 主管部门 and, if
 * wanted, 单位代码; every row put as jx_unit_put does, in one transaction:
 * all of them or, on the first bad row, none.  *count: the rows put.
 * JX_ERR_ARG when the file is not such a CSV, jx_store_error saying
 * "name:line: why". */
enum jx_status jx_unit_import(struct jx_store *store, const char *data, size_t n, const char *name,
			      unsigned long *count);
/* The registry in department, then name order. */
enum jx_status jx_unit_list(struct jx_store *store, jx_unit_fn *fn, void *userdata);

/* A logged-in session.  The token is the cookie's value: 64 hex digits of
 * randomness, which the store keeps only hashed; csrf is the secret the
 * session's state-changing requests carry. */
struct jx_session {
	long long account;
	enum jx_role role;
	char login[64];
	char name[128];
	char token[65];
	char csrf[65];
	char address[64]; /* the client's, for the audit log (set by the caller) */
};
/* Sessions end after this long idle, and this long after login. */
enum { JX_SESSION_IDLE_S = 2 * 3600, JX_SESSION_MAX_S = 12 * 3600 };
/* Wrong passwords per login before it is refused for JX_LOGIN_LOCK_S. */
enum { JX_LOGIN_FAILURES = 5, JX_LOGIN_LOCK_S = 15 * 60 };
enum jx_login_result {
	JX_LOGIN_OK,
	JX_LOGIN_DENIED,   /* no such login, a wrong password or a disabled account (one answer for all) */
	JX_LOGIN_THROTTLED /* too many wrong passwords lately: not even checked */
};
/* Log in from `address` (the client's, for the log): a new session, whose
 * token never was another's (no fixation). */
enum jx_status jx_session_login(struct jx_store *store, const char *login, const char *password,
				const char *address, enum jx_login_result *result,
				struct jx_session *out);
/* The session of a token, if it is valid (*found false: unknown, expired
 * or its account disabled); its idle clock restarts. */
enum jx_status jx_session_resume(struct jx_store *store, const char *token,
				 struct jx_session *out, bool *found);
/* A session for an account without its password, for a tool that has the
 * database file itself (the CLI: whoever can write the file has every
 * right already); no token is made.  JX_ERR_ARG: no such enabled login. */
enum jx_status jx_session_for(struct jx_store *store, const char *login, struct jx_session *out);
/* End a session (a token that is none: nothing to do). */
enum jx_status jx_session_end(struct jx_store *store, const char *token);

/*
 * The audit log: one row per action, appended and never changed — the
 * store refuses any update or delete of it (a trigger), so nothing
 * through jixiao can edit or remove an entry.  before and after are what
 * changed, as the action's own text (JSON or words).
 */
struct jx_log_entry {
	long long id;
	const char *at;       /* UTC, ISO 8601 (set by the store when appending) */
	const char *login;    /* who: an account's login, or "(命令行)" for the CLI */
	const char *role;     /* its role's id */
	const char *address;  /* the client's address, or "local" */
	const char *action;   /* a stable id: login, login-failed, logout, import, save, user-add … */
	long long form_id;    /* the form it concerns (0: none) */
	const char *detail, *before, *after; /* or NULL */
};
typedef int jx_log_fn(const struct jx_log_entry *entry, void *userdata);
enum jx_status jx_log_append(struct jx_store *store, const struct jx_log_entry *entry);
/* Which entries: of one form (form_id > 0), of the forms an account may
 * see and its own actions (account > 0), or all (both 0); those with an
 * id above `after` and below `before` (0: no bound), at most `limit`
 * (0: all), oldest first or newest first.  A log grows without end: pages
 * and downloads ask for it a part at a time. */
struct jx_log_query {
	long long form_id, account;
	long long after, before;
	unsigned long limit;
	bool newest_first;
};
enum jx_status jx_log_list(struct jx_store *store, const struct jx_log_query *q, jx_log_fn *fn,
			   void *userdata);

/* ---- the review workflow (a bureau's server) ---- */

/*
 * Each stored version of a form moves through the review by actions that
 * are appended, never changed (README, "审核流程"):
 *   未送审 -送审-> [待单位负责人审核] -> 待主管部门审核 -> 待财政审核 -> 审核通过
 *   -> [抽查复核中 -> 复核完成] -> 已公开, and 被退回 from any review step
 *   back to the unit.
 * A step in brackets, and the 主管部门 step, are taken only when an
 * enabled account can act there (a unit head of the form's unit, a
 * 主管部门 reviewer of its department); otherwise 送审 goes on to the
 * next one.  取消送审 and 取消审核 undo the last action while nobody has
 * acted after it.  A new version of the form (an import, a save) starts
 * at 未送审 again: the review of the version it replaced is void (the
 * state says what it was, JX_REVIEW_STATE's prior).
 */
enum jx_state {
	JX_STATE_DRAFT,          /* 未送审 */
	JX_STATE_UNIT_REVIEW,    /* 待单位负责人审核 */
	JX_STATE_DEPT_REVIEW,    /* 待主管部门审核 */
	JX_STATE_FINANCE_REVIEW, /* 待财政审核 */
	JX_STATE_APPROVED,       /* 审核通过 */
	JX_STATE_RETURNED,       /* 被退回 */
	JX_STATE_SAMPLED,        /* 抽查复核中 */
	JX_STATE_SAMPLE_DONE,    /* 复核完成 */
	JX_STATE_PUBLISHED,      /* 已公开 */
	JX_STATE__COUNT
};
const char *jx_state_id(enum jx_state s);    /* draft, unit-review, … (stable) */
const char *jx_state_label(enum jx_state s); /* 未送审 … */
bool jx_state_from_name(const char *name, enum jx_state *out);

enum jx_action {
	JX_ACT_SUBMIT,        /* 送审 */
	JX_ACT_CANCEL_SUBMIT, /* 取消送审 */
	JX_ACT_APPROVE,       /* 审核通过 (this step) */
	JX_ACT_RETURN,        /* 退回 (a reason needed; may cite findings) */
	JX_ACT_CANCEL_REVIEW, /* 取消审核: undo one's own approval or return */
	JX_ACT_SAMPLE,        /* 抽查 (财政) */
	JX_ACT_SAMPLE_DONE,   /* 复核完成 (财政, with its 复核得分) */
	JX_ACT_PUBLISH,       /* 公开 (财政) */
	JX_ACT__COUNT
};
const char *jx_action_id(enum jx_action a);    /* submit, cancel-submit, … (stable) */
const char *jx_action_label(enum jx_action a); /* 送审 … */
bool jx_action_from_name(const char *name, enum jx_action *out);

/* What an action says: a reviewer's opinion (内容、依据、结论) and 复核得分,
 * shown to the unit; the reason of a return, or of an approval that
 * passes open error-level findings; the findings cited (their ids). */
struct jx_review_input {
	enum jx_action action;
	long long version;   /* the version acted on, as the page showed it (0: the current) */
	const char *opinion, *basis, *conclusion, *reason; /* or NULL */
	bool has_score;
	int64_t score_c;     /* 复核得分, centi-points */
	const long long *findings;
	size_t nfindings;
	const char *scores;  /* 复核完成: the scores row by row, as JSON (kept as given), or NULL */
};

/* A 复核得分 as typed ("87.5") into centi-points: digits, at most two
 * decimals, nothing else (no sign, no space: "-0.5" is no score), at
 * most 100 before the point; false otherwise.  The web's 复核 and the
 * CLI read scores through it alike. */
bool jx_score_parse(const char *s, int64_t *out);

/* One action of a form's review. */
struct jx_review_event {
	long long id, form_id, version;
	enum jx_action action;
	enum jx_state from, to;
	const char *at, *login, *role; /* UTC ISO 8601; who, and its role's id */
	const char *opinion, *basis, *conclusion, *reason; /* or NULL */
	const char *findings; /* the cited ids, space-separated, or NULL */
	bool has_score;
	int64_t score_c;
	const char *scores;   /* row by row (复核完成), JSON, or NULL */
};
typedef int jx_review_fn(const struct jx_review_event *e, void *userdata);

/* A form's state: of its current version (*version), and the state its
 * previous version was left in when it was replaced (*prior: JX_STATE_DRAFT
 * when none was under review). */
enum jx_status jx_review_state(struct jx_store *store, long long form_id, enum jx_state *state,
			       long long *version, enum jx_state *prior);
/* Act on a form as the session's account: JX_OK with *now its new state;
 * JX_ERR_DENIED (not its step, not its scope), JX_ERR_CONFLICT (another
 * version now, or the state does not allow the action), JX_ERR_ARG (a
 * return without a reason, an approval over open error-level findings
 * without one) — jx_store_error says why, in Chinese. */
enum jx_status jx_review_act(struct jx_store *store, const struct jx_session *who, long long form_id,
			     const struct jx_review_input *in, enum jx_state *now);
/* The state one version of a form was left in (JX_STATE_DRAFT: no action).
 * An import replaces no version that passed review (审核通过 and after:
 * the importer refuses the file; 财政's 退回 reopens it). */
enum jx_status jx_review_version_state(struct jx_store *store, long long form_id, long long version,
				       enum jx_state *state);
/* Which actions the session's account could take on the form now, by the
 * rules jx_review_act applies (a reason and a score taken as given: the
 * page asks for them), so that a page offers what the library allows. */
enum jx_status jx_review_actions(struct jx_store *store, const struct jx_session *who, long long form_id,
				 bool allowed[JX_ACT__COUNT]);
/* The actions of every version of a form, oldest first. */
enum jx_status jx_review_history(struct jx_store *store, long long form_id, jx_review_fn *fn,
				 void *userdata);

/* A self-evaluation task 财政 issues: a year's forms, by a deadline, of
 * the units listed (none: every unit of the registry). */
struct jx_task {
	long long id;
	int year;
	const char *title;
	const char *deadline; /* YYYY-MM-DD, the last day */
	const char *created, *login; /* set by the store */
	const char *const *units;
	size_t nunits;
};
typedef int jx_task_fn(const struct jx_task *task, void *userdata);
/* Issue a task (财政 or 管理员); *id its id.  JX_ERR_ARG: a bad year,
 * deadline or title; JX_ERR_DENIED: another role. */
enum jx_status jx_task_add(struct jx_store *store, const struct jx_session *who,
			   const struct jx_task *task, long long *id);
/* The tasks, newest first (units: those listed). */
enum jx_status jx_task_list(struct jx_store *store, jx_task_fn *fn, void *userdata);
/* Where a task stands for one unit: its forms of the task's year by state. */
struct jx_task_unit {
	const char *unit;
	unsigned long forms, draft, returned, in_review, passed; /* passed: 审核通过 and after */
	bool done;    /* forms, none of them 未送审 or 被退回 */
	bool overdue; /* not done, and `today` is past the deadline */
};
typedef int jx_task_unit_fn(const struct jx_task_unit *u, void *userdata);
/* A task's units (those of the store's scope, jx_store_set_scope) in the
 * order of their names normalised, as of `today` (YYYY-MM-DD). */
enum jx_status jx_task_progress(struct jx_store *store, long long task, const char *today,
				jx_task_unit_fn *fn, void *userdata);

/* How a finding of a stored form is dealt with (latest wins; every change kept). */
enum jx_disposition {
	JX_DISP_OPEN,      /* 待核实 (none yet) */
	JX_DISP_CONFIRMED, /* 问题属实 */
	JX_DISP_FALSE,     /* 误报 (a reason needed) */
	JX_DISP_FIXED,     /* 已整改 */
	JX_DISP__COUNT
};
const char *jx_disposition_id(enum jx_disposition d);    /* open, confirmed, false-positive, fixed */
const char *jx_disposition_label(enum jx_disposition d); /* 待核实 … */
bool jx_disposition_from_name(const char *name, enum jx_disposition *out);
/* Set a finding's disposition (finding_id: a stored finding of form_id's
 * current version; the account must see the form). */
enum jx_status jx_finding_dispose(struct jx_store *store, const struct jx_session *who,
				  long long form_id, long long finding_id, enum jx_disposition d,
				  const char *reason);
/* A stored finding with its id and disposition (of the current version). */
struct jx_stored_finding {
	long long id;
	struct jx_diag diag;
	enum jx_disposition disposition;
	const char *reason;          /* of the disposition, or NULL */
};
typedef int jx_stored_finding_fn(const struct jx_stored_finding *f, void *userdata);
enum jx_status jx_store_findings_of(struct jx_store *store, long long form_id,
				    jx_stored_finding_fn *fn, void *userdata);

/* num/den as a decimal fraction with at most `decimals` decimals, half up,
 * exact, trailing zeros dropped: (115881798, 164662000, 4) -> "0.7038". */
enum jx_status jx_render_ratio(struct jx_buf *b, int64_t num, int64_t den, int decimals);

/* The length of s's longest prefix of at most max bytes that does not cut
 * a UTF-8 character (for "%.*s" in messages and logs). */
int jx_text_prefix(const char *s, size_t max);
/* Columns a UTF-8 string takes in a terminal (CJK = 2). */
size_t jx_text_width(const char *s);

#ifdef __cplusplus
}
#endif
#endif
