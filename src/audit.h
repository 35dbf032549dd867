/*
 * audit.h: what the files of the audit share (audit.c drives it; the
 * checks of a form's rows are in audit_rows.c, those of its texts in
 * audit_text.c).  Not part of the library's interface.
 */
#ifndef JX_AUDIT_H
#define JX_AUDIT_H

#include "arena.h"
#include "ctx.h"
#include "fmt.h"
#include "model.h"

#include <stdbool.h>
#include <stdint.h>

struct jx_audit;
struct jx_profile;

/* One form's audit; its findings are held and delivered in line order. */
struct fctx {
	struct jx_audit *au;
	const struct jx_form *f;
	const struct jx_profile *p; /* the rules the form was scored by */
	struct arena *a; /* the form's arena, for message pieces */
	unsigned provides; /* what its scheme gives the checks (JX_NEEDS_*) */
	struct held_findings held;
};

/* A finding of the form at `line` (not formatted when the check is off). */
void audit_report(struct fctx *fc, enum jx_check check, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Is `check` reported for this form (not switched off, and its scheme has
 * the columns it needs)?  REPORT asks first, so that a finding's message
 * and the labels and numbers in it are made only for a finding shown. */
bool audit_reported(const struct fctx *fc, enum jx_check check);
#define REPORT(fc, check, line, ...)                                              \
	do {                                                                      \
		if (audit_reported((fc), JX_CHECK_##check))                       \
			audit_report((fc), JX_CHECK_##check, (line), __VA_ARGS__); \
	} while (0)

static inline const char *C(struct fctx *fc, int64_t c)
{
	return fmt_centi(fc->a, c);
}

static inline const char *ind_label(struct fctx *fc, const struct indicator *in)
{
	return arena_printf(fc->a, "%s「%s」", in->level2, in->name.raw);
}

static inline bool filled(const struct cell *c)
{
	return c->col && *c->norm;
}

static inline bool has_reason(const struct indicator *in)
{
	return filled(&in->reason);
}

/* A fund row's printed 执行率 against its amounts (rate-mismatch), the row
 * named `label`. */
void audit_rate(struct fctx *fc, const char *label, const struct fund_row *r);
/* A 其中 (or split) row carrying 分值 / 得分 of its own (sub-row-scored). */
void audit_sub_row_scores(struct fctx *fc, const char *label, const struct num *weight,
			  const struct num *score, unsigned long line);
/* Does the form explain anything anywhere (an indicator's reason, the
 * closing blocks of Sichuan-style forms, the execution's own reason)? */
bool audit_form_explains(const struct jx_form *f);

/* The checks of audit_rows.c: fund rows and indicator rows as printed. */
void audit_rows(struct fctx *fc);
/* The checks of audit_text.c: years, amounts and claims in the form's texts. */
void audit_text(struct fctx *fc);

#endif
