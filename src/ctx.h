/*
 * ctx.h: the library context (settings, diagnostic callback) and the one
 * function every stage uses to report a finding.
 */
#ifndef JX_CTX_H
#define JX_CTX_H

#include "jixiao.h"

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

#endif
