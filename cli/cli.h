/*
 * cli.h: what the subcommands of the jixiao tool share.  The tool uses only
 * the public header; everything here is presentation.
 */
#ifndef JX_CLI_H
#define JX_CLI_H

#include "jixiao.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../src/banned.h"

/* Exit codes of every subcommand. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

/* The stdio buffer of an output of hundreds of megabytes (check's JSON):
 * 64 KB, a write call each (stdio's 4 KB made 126,000 of them for the
 * 100,000 forms of make bench, 64 KB 7,000); more gained nothing, and its
 * pages are memory (tests/props.sh bounds what 16,000 forms add). */
enum { BULK_BUFFER = 64 << 10 };

/* ---- importer.c: one input into the store, one transaction ---- */

struct cli_rules;

struct cli_yoy {
	int year, previous;
	unsigned long matched; /* projects found in both years */
};

/* What an import did: added/replaced forms, or why nothing was stored. */
struct cli_import {
	bool rejected;      /* the input is unfit: why says where and what */
	bool store_failed;  /* the database failed: why says how */
	char why[1200];
	unsigned long added, replaced;
	unsigned long forms;   /* read from the input */
	long long last_id;     /* the id of the last form stored */
	unsigned long counts[JX_SEV_ERROR + 1]; /* findings by severity */
	struct cli_yoy yoy[16];
	size_t nyoy;
};

/*
 * Read, rescore, audit and store every form of `in` (named `name`) as one
 * transaction: all or nothing (see importer.c for when an input is
 * rejected; guard, when not NULL, adds its conditions).  Year-over-year
 * findings brought up to date go to yoy_fn (may be NULL).  True when the
 * input was stored.
 */
/* What an input must be to be stored (a save from the web editor): one
 * form, new or the new version of one stored form. */
struct cli_import_guard {
	bool one_form;
	bool must_be_new;      /* refuse to replace a stored form */
	long long replaces;    /* the form must replace this stored one (0: any) */
	long long version;     /* … in this version, the one the editor opened (0: any) */
	long long account;     /* every form must be one this account may see (0: any) */
};

bool cli_import_stream(struct jx_store *store, const struct cli_rules *rules, enum jx_layout layout,
		       FILE *in, const char *name, struct cli_import *res, jx_diag_fn *yoy_fn,
		       void *ud, const struct cli_import_guard *guard);
/*
 * The same for each of `files`, each its own transaction, read on `jobs`
 * threads (batch.c) and stored in order on this one: done() after each,
 * with its result (NULL: it could not be opened, said on stderr) and
 * whether it was stored.  yoy_fn and done get `ud`.
 */
typedef void cli_import_done_fn(const char *path, const struct cli_import *res, bool stored,
				void *ud);
void cli_import_files(struct jx_store *store, const struct cli_rules *rules, enum jx_layout layout,
		      char **files, int nfiles, int jobs, jx_diag_fn *yoy_fn, cli_import_done_fn *done,
		      void *ud);

int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);

/* Open FILE for reading, "-" = stdin; prints the reason and returns NULL. */
FILE *cli_open(const char *path);
void cli_close(FILE *fp);

/* file:line: severity: project: message [id] */
void cli_print_diag(FILE *out, const struct jx_diag *d);

/*
 * The rules a scoring command runs by: --profile NAME|FILE and the --check
 * overrides, which win over the profile's [severity] whatever their order
 * on the command line.
 */
struct cli_rules {
	const char *profile_spec; /* NULL: national */
	const char **checks;      /* the --check ID=SEV arguments, in order */
	size_t nchecks;
	struct jx_profile *profile;
};

/* A --check ID=SEV: remembered when well-formed; prints the problem and
 * returns false otherwise. */
int cli_rules_add_check(struct cli_rules *r, const char *spec);
/* Load the profile and, unless ctx is NULL, cli_rules_apply() it.  Prints
 * "file:line: error: …" and returns false when the profile cannot be loaded. */
int cli_rules_load(struct cli_rules *r, struct jx_ctx *ctx);
/* Set the context's severities: the profile's, then the --check ones (for a
 * command that makes one context per file). */
void cli_rules_apply(const struct cli_rules *r, struct jx_ctx *ctx);
void cli_rules_release(struct cli_rules *r);
/* "file:line: error: message" (or "file: error: …" for the file as a whole). */
void cli_print_profile_error(const struct jx_profile_error *e);

/* The --profile and --check lines of a command's help. */
#define CLI_RULES_HELP \
	"  --profile 规则  评分规则：内置规则名（national、central-2021、provincial-example，\n" \
	"                  见 jixiao profiles）或规则文件路径；默认 national\n" \
	"  --check ID=级别 修改某一检查项的级别：error、warning、info 或 ignore（可重复，\n" \
	"                  优先于规则文件中的 [severity]）\n"

int cmd_profiles(int argc, char **argv);
int cmd_templates(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_unit(int argc, char **argv);
int cmd_sample(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_task(int argc, char **argv);
int cmd_backup(int argc, char **argv);

/* realloc and strdup that print one line and abort when memory runs out. */
void *cli_xrealloc(void *p, size_t n);
char *cli_xstrdup(const char *s);

/* A temporary file for reading and writing, already unlinked, in $TMPDIR
 * (else /tmp; tmpfile() would ignore TMPDIR), its name starting `prefix`;
 * NULL with errno set when none can be made. */
FILE *cli_temp_file(const char *prefix);

/* Findings copied out of the callback (held.c). */
struct cli_held {
	struct jx_diag *v; /* strings owned by the list */
	size_t n, cap;
};

void cli_held_add(struct cli_held *h, const struct jx_diag *d);
void cli_held_clear(struct cli_held *h); /* forget them, keep the array */
void cli_held_free(struct cli_held *h);

/* What a command does with forms (forms.c, stored.c). */
typedef void cli_stored_fn(const struct jx_form *form, const struct jx_diag *findings, size_t n,
			   void *userdata);
typedef void cli_findings_fn(const struct jx_diag *findings, size_t n, void *userdata);

struct cli_form_sink {
	cli_stored_fn *form;          /* each form, scored and audited, with its findings */
	cli_findings_fn *between;     /* then the findings that compare forms (may be NULL) */
	cli_findings_fn *unreadable;  /* what made a file unreadable (NULL: to stderr) */
	void *ud;
};

/* Read, score (by profile) and audit every form of the files (forms.c).
 * Returns 0 when a file could not be opened or read. */
/* --ocr (check, explain, render, report, import): a scanned PDF is read by
 * OCR (jx_reader_set_ocr); --accept-ocr (import): such forms may be stored.
 * Set by the command's options, read where readers are made. */
extern bool cli_ocr, cli_accept_ocr;
/* A new reader of `in` with the command's layout and --ocr. */
struct jx_reader *cli_reader(struct jx_ctx *ctx, FILE *in, const char *name, enum jx_layout layout);

int cli_read_forms(struct jx_ctx *ctx, char **files, int nfiles, enum jx_layout layout,
		   const struct jx_profile *profile, int jobs, const struct cli_form_sink *sink);

/* batch.c: the files' forms read, scored and audited on `jobs` threads,
 * handed over in input order (see batch.c). */
enum cli_file_event {
	CLI_FILE_BEGIN,      /* before the file's first finding or form */
	CLI_FILE_READ,       /* after its last: it was read */
	CLI_FILE_UNREADABLE, /* it could not be read (its findings said why) */
	CLI_FILE_UNOPENED    /* it could not be opened (said on stderr) */
};
struct cli_batch {
	int jobs;                      /* 1: on the calling thread, nothing cut */
	enum jx_layout layout;
	const char *template_spec;     /* --template, or NULL */
	const struct jx_profile *profile;
	struct jx_ctx *ctx;            /* findings come through its callback, in order */
	struct jx_audit *audit;        /* the cross-form facts are merged into it */
	/* in a worker: a form, scored and audited, made into an item (the
	 * form freed, or kept in the item), *bytes what the item holds; then
	 * take() gets the item on the calling thread, after the findings that
	 * came before it */
	void *(*work)(struct jx_form *f, size_t *bytes, void *ud);
	void (*take)(void *item, void *ud);
	/* may be NULL; st: how the file's reading ended (at its last event) */
	void (*file)(const char *path, enum cli_file_event ev, enum jx_status st, void *ud);
	void *ud;
};
void cli_batch_run(struct cli_batch *b, char **files, int nfiles);
/* --jobs N: the cores this process may use by default; an option's value
 * checked (prints the problem and returns 0). */
int cli_jobs_default(void);
int cli_jobs(const char *cmd, const char *arg, int *out);
#define CLI_JOBS_HELP \
	"  --jobs N        同时使用的 CPU 核数（默认：可用的全部核数）；结果与 --jobs 1 逐字节相同\n"

/* The stored forms of a query, each read back from its canonical text and
 * scored by its import's profile, with its stored findings (stored.c).
 * Prints what went wrong and returns 0 on failure. */
int cli_stored_forms(const char *db, const struct jx_store_query *q, cli_stored_fn *fn, void *ud);
/* The same from a store already open (db: named in the messages). */
int cli_stored_forms_in(struct jx_store *st, const char *db, const struct jx_store_query *q,
			cli_stored_fn *fn, void *ud);

/* The database: --db PATH, else $JIXIAO_DB, else jixiao.db here. */
const char *cli_db_path(const char *option);
/* Open it; prints "PATH: error: …" and returns NULL on failure. */
struct jx_store *cli_store_open(const char *option, enum jx_store_mode mode);
#define CLI_DB_HELP \
	"  --db 路径       数据库文件或 postgresql://… 地址（默认：环境变量 JIXIAO_DB，否则当前目录下的 jixiao.db）\n"
/* A year option: 1900–2999; prints the problem and returns 0 otherwise. */
int cli_year(const char *cmd, const char *arg, int *out);
/* term.c: from now on, stdout shows control characters escaped (a text
 * output for a terminal; never JSON or CSV); stderr always does (main).
 * cli_text_finish flushes and restores both: non-zero when writing failed. */
void cli_text_output(void);
void cli_text_errors(void);
int cli_text_finish(void);
/* A project or unit name asked for: NULL (all), equal, or (contains) one that
 * holds the text.  Exact by default: 「单位1」 is not 「单位11」. */
bool cli_name_matches(const char *name, const char *want, bool contains);

/* --layout NAME; prints the problem and returns false when unknown. */
int cli_layout(const char *cmd, const char *name, enum jx_layout *out);

/* The --layout line of a command's help. */
#define CLI_LAYOUT_HELP \
	"  --layout 版式   指定文本版式，不自动识别：tab、pipe、markdown、html、cells、\n" \
	"                  paragraph、space 或 oneline（默认 auto，逐表自动识别）\n" \
	"  --ocr           没有文字层的 PDF（扫描件）用 tesseract 按图像识别：每张表标为 OCR，\n" \
	"                  置信度低的词作为未能读取的格，每个值都须对照原件核对\n"

/* ---- the table of forms (table.c) ---- */

/* A stored form as listed, as one JSON object (list --format json and
 * serve's /api/forms): id, year, department, unit, project, file, line,
 * budget, executed (万元), rate, declared_total, total, grade, profile,
 * findings by severity. */
struct jx_store_form;
void cli_form_json(struct jx_buf *b, const struct jx_store_form *r);

struct cli_form_row {
	char *project, *grade;
	struct jx_summary s; /* project and grade point at the copies above */
};

struct cli_forms_table {
	char *file; /* malloc'd; printed as the table's title */
	struct cli_form_row *rows;
	size_t n, cap;
};

void cli_table_add(struct cli_forms_table *t, const struct jx_summary *s);
/* "FILE：N 张自评表（评分规则 P）", the rows, the 合计 line. */
void cli_table_print(FILE *out, const struct cli_forms_table *t, const char *profile);
void cli_table_free(struct cli_forms_table *t);
/* s padded to `width` terminal columns, right-aligned or left. */
void cli_pad(FILE *out, const char *s, size_t width, bool right);

/* Print a usage error and the hint to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* What getopt_long (with a leading ':' in its option string) returned for
 * a bad option: a missing value (':') or an unknown option.  The usage
 * error names the option; returns EXIT_USAGE. */
int cli_option_error(const char *cmd, int c, char *const argv[]);

#endif
