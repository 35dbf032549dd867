/*
 * ctx.h: the library context (settings, diagnostic callback) and the one
 * function every stage uses to report a finding.
 */
#ifndef JX_CTX_H
#define JX_CTX_H

#include "jixiao.h"

#include <stdarg.h>

struct arena;

/* Where a line of a document's text is (Word and PDF files, read/doc.h). */
enum place_kind { PLACE_PARAGRAPH, PLACE_TABLE, PLACE_PAGE };
struct doc_place {
	unsigned kind : 2;
	unsigned unit : 30; /* paragraph, table or page number, 1-based */
	unsigned row;       /* row of the table or line of the page, 1-based; 0 for a paragraph */
};

struct jx_ctx {
	jx_diag_fn *diag;
	void *userdata;
	enum jx_severity severity[JX_CHECK__COUNT];
	unsigned long counts[JX_SEV_ERROR + 1];
	struct jx_buf msg; /* scratch for formatting messages */
	/* documents whose lines have places (ctx_place_file) */
	struct placed {
		char *file;
		struct doc_place *at;
		size_t n;
	} *placed;
	size_t nplaced;
	char where[640]; /* a finding's file and place, as delivered */
};

/*
 * Findings on line L of `file` are delivered at the line's place in the
 * document: the file as "file:表N", "file:第N页" or "file:第N段", the line
 * as the row (0 for a paragraph).  at[L - 1] is line L's place; copied.
 * Lines past n, and line 0, are delivered as they are.
 */
void ctx_place_file(struct jx_ctx *ctx, const char *file, const struct doc_place *at, size_t n);

/*
 * Report a finding with a printf-style Chinese message.  Dropped when its
 * severity is `ignore`.  Safe to call with no callback installed.
 */
void ctx_report(struct jx_ctx *ctx, enum jx_check check, const char *file,
		unsigned long line, const char *project, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * The same for what no --check setting may hide: input that could not be
 * read at all.  Reported as an error even when the check is ignored.
 */
void ctx_report_always(struct jx_ctx *ctx, enum jx_check check, const char *file,
		       unsigned long line, const char *project, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Findings of one form held until the form is done, then delivered in line
 * order (ties in the order they were held), so that a reader walks the form
 * from top to bottom whatever order the checks ran in.  Used by the audit
 * and by the year-on-year comparison of the store.
 */
struct held_finding {
	enum jx_check check;
	unsigned long line;
	size_t seq;
	const char *msg; /* in the arena given to held_vadd() */
	long long tag;   /* the caller's: the comparison keeps the form id */
};

struct held_findings {
	struct held_finding *v;
	size_t n, cap;
};

/* Hold one finding, its message formatted into `a`. */
void held_vadd(struct held_findings *h, struct arena *a, enum jx_check check,
	       unsigned long line, long long tag, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));
/* Put the held findings in line order. */
void held_sort(struct held_findings *h);

#endif
