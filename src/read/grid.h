/*
 * grid.h: reading forms as units publish them — provincial templates, text
 * copied out of web pages and PDFs, OCR without separators.
 *
 *     text -> grid.c      cells ("tokens") of rows, with their lines; a
 *                         run-together cell cut at the lexicon's labels
 *          -> template.c  the lexicon (every label's synonyms) and the form
 *                         templates (templates/NAME.tpl), the best fit chosen
 *          -> fit.c       the template's blocks read off the cells: head
 *                         fields, fund rows (values put in their columns by
 *                         what is consistent), goal, indicators, total
 *          -> flat forms (input.h) -> a part for the form builder
 *
 * The builder reads the standard layouts it knows; this reader is chosen
 * for a text input when it reads more of it (see builder.c, sniff()).
 * Knowledge of labels and templates is data (templates/), never code.
 */
#ifndef JX_GRID_H
#define JX_GRID_H

#include "embed.h"
#include "jixiao.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct parts;
struct input_error;

/* The shipped templates and lexicon (generated from templates/ at build time). */
extern const struct shipped_file shipped_templates[];
extern const size_t n_shipped_templates;

/* ---- the lexicon: concepts and their synonyms -------------------------- */

/* The concepts of templates/lexicon.txt, in its order of sections. */
enum concept {
	K_PROJECT, K_DEPARTMENT, K_IMPLEMENTER, K_SKIPLABEL, K_YEAR_LABEL,
	K_FUND_BLOCK, K_COL_INITIAL, K_COL_BUDGET, K_COL_RECEIVED, K_COL_EXECUTED, K_COL_WEIGHT, K_COL_RATE,
	K_COL_SCORE, K_ROW_TOTAL, K_ROW_FISCAL, K_ROW_CARRYOVER, K_ROW_OTHER, K_ROW_SOURCE,
	K_ROW_INCOME, K_ROW_EXPENSE, K_ROW_INCOME_HEAD, K_ROW_EXPENSE_HEAD, K_MGMT_BLOCK, K_MGMT_ITEM,
	K_GOAL_BLOCK, K_GOAL_EXPECTED, K_GOAL_ACTUAL,
	K_IND_BLOCK, K_HDR_LEVEL1, K_HDR_LEVEL2, K_HDR_NAME, K_HDR_OP, K_HDR_UNIT, K_HDR_TARGET,
	K_HDR_ACTUAL, K_HDR_WEIGHT, K_HDR_SCORE, K_HDR_REASON, K_HDR_SKIP, K_LEVEL1, K_LEVEL2,
	K_TOTAL, K_TOTAL_DECLARED, K_CLOSING_CONCLUSION, K_CLOSING_PROBLEMS,
	K_CLOSING_IMPROVEMENTS, K_FORM_END, K__COUNT
};
#define KBIT(k) ((uint64_t)1 << (k))

/* The columns a template names for its fund rows and indicator rows. */
enum column {
	COL_NONE, COL_INITIAL, COL_BUDGET, COL_RECEIVED, COL_EXECUTED, COL_WEIGHT, COL_RATE,
	COL_SCORE, COL_OP, COL_TARGET, COL_UNIT, COL_ACTUAL, COL_REASON, COL_SKIP, COL__COUNT
};
enum { TPL_MAX_COLS = 16 };
/* Distinct title words and markers of all templates, indexed for matching. */
enum { LEX_MAX_WORDS = 256 };
struct wordset {
	uint64_t w[LEX_MAX_WORDS / 64];
};

struct template {
	const char *name, *description, *scheme, *file;
	const char **titles;   /* squeezed title words */
	size_t ntitles;
	const char **markers;  /* squeezed labels whose presence is evidence */
	size_t nmarkers;
	int *title_ix, *marker_ix; /* their indexes in the lexicon's words (-1: past the cap) */
	enum column funds[TPL_MAX_COLS], inds[TPL_MAX_COLS];
	int nfunds, ninds;
	bool fixed;            /* the indicator columns hold whatever the header says */
};

struct lexicon;

/*
 * The shipped lexicon and templates, then `extra` template files (a
 * --template FILE), each later one replacing an earlier of its name.  NULL
 * and *err (file:line and what) when a file is malformed.
 */
struct lexicon *lexicon_load(const char *const *extra, size_t nextra, char *err, size_t errcap);
void lexicon_free(struct lexicon *lx);
size_t lexicon_templates(const struct lexicon *lx, const struct template **out);
/*
 * The longest synonym at the start of the squeezed text <s, n>: its length
 * (0: none) and its concepts in *mask.  `short_ok`: synonyms under four
 * characters count too (else only four or more, found inside words).
 */
size_t lexicon_match(const struct lexicon *lx, const char *s, size_t n, bool short_ok,
		     uint64_t *mask);
/* The 一级指标 a 二级指标 (squeezed) belongs to (lexicon.txt's parent lines),
 * or NULL. */
const char *lexicon_parent(const struct lexicon *lx, const char *level2);
/* The length of the longest template title word at the start of s (0:
 * none): a title is not cut at the labels inside it (项目绩效目标自评表). */
size_t lexicon_title_at(const struct lexicon *lx, const char *s, size_t n);
/*
 * A whole cell of five characters or more that is a label but for one
 * character (一级指林 for 一级指标: OCR's look-alikes): its concepts and, in
 * *canon, the label it was taken for; 0 when none.
 */
uint64_t lexicon_near(const struct lexicon *lx, const char *squeezed, const char **canon);
/* One whole cell as a label: its concepts, 0 when it is none. */
uint64_t lexicon_label(const struct lexicon *lx, const char *squeezed);

/* ---- grid.c: text -> tokens ------------------------------------------------ */

struct tok {
	const char *raw;     /* as printed (trimmed), in simplified script */
	const char *sq;      /* squeezed and folded: the text labels are matched on */
	unsigned long line;  /* 1-based line of the input */
	unsigned row;        /* tokens of one table row share it */
	uint64_t mask;       /* concepts when the token is a label; 0: content */
	int points;          /* the (50分) a label carried; 0 none */
	bool cut;            /* cut out of a longer cell */
	bool run;            /* …of a run-together cell (OCR without separators) */
	const char *near;    /* read as this label, one character off (lexicon_near) */
};

struct grid {
	struct tok *v;
	size_t n, cap;
	unsigned rows;
	bool pipes;          /* the text has | cell separators */
	bool lead_pipes;     /* nearly every pipe line opens with one: decoration */
};

/* The tokens of a text (UTF-8, whole).  Traditional script is read in
 * simplified; every cell longer than a label is cut at the labels inside. */
void grid_build(struct grid *g, struct arena *a, const struct lexicon *lx, const char *text,
		size_t n);
void grid_free(struct grid *g);

/* ---- template.c: which template a text fits -------------------------------- */

struct fit_score {
	const struct template *t;
	double fit; /* 0..1: the share of its title and markers found */
};

/* The template words (titles, markers) inside a cell's squeezed text. */
void lexicon_words_in(const struct lexicon *lx, const char *sq, struct wordset *out);
/* The best template for the words found in a form's cells (their union). */
struct fit_score template_best(const struct lexicon *lx, const struct wordset *found);
/* How well one template fits those words (0..1). */
double template_fit(const struct template *t, const struct wordset *found);

/* ---- fit.c: tokens -> flat forms -> a part ---------------------------------- */

/*
 * Read every form of <text, n> and append them as one part named `name`.
 * `forced`: the template to use (NULL: the best fit of each form).  False
 * when nothing like a form was found (parts unchanged).
 */
bool realform_parts(struct jx_ctx *ctx, const struct lexicon *lx, const struct template *forced,
		    const char *text, size_t n, const char *name, struct parts *out,
		    struct input_error *err);

#endif
