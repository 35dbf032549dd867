/*
 * ctx.h: the library context (settings, diagnostic callback) and the one
 * function every stage uses to report a finding.
 */
#ifndef JX_CTX_H
#define JX_CTX_H

#include "jixiao.h"

#include <stdarg.h>

struct arena;

struct jx_ctx {
	jx_diag_fn *diag;
	void *userdata;
	enum jx_severity severity[JX_CHECK__COUNT];
	unsigned long counts[JX_SEV_ERROR + 1];
	struct jx_buf msg; /* scratch for formatting messages */
};

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
