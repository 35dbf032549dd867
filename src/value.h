/*
 * value.h: the indicator value language of SPEC §3.
 *
 * A cell of 年度指标值 or 实际完成值 is one of: empty; not applicable (无 — /);
 * a number with optional operator and unit (`≥95%`, `4.8 万元/年`, `至少一次`);
 * a date or date range (`1月1日-12月31日`, `2023年12月底前`); a fuzzy count
 * (`多次`); or qualitative text (`提高`), classified as achieved, partial or
 * not achieved.  value_parse() never fails: what is not a number or a date is
 * text.  The parser works on normalised text (text_norm, spaces dropped).
 */
#ifndef JX_VALUE_H
#define JX_VALUE_H

#include "dec.h"

#include <stdbool.h>

struct arena;

enum val_kind {
	VAL_EMPTY,
	VAL_NA,     /* 无, —, / : not applicable */
	VAL_NUMBER,
	VAL_FUZZY,  /* 多次, 若干: a count known only from below (num) */
	VAL_DATE,
	VAL_TEXT
};

enum val_op { OP_NONE, OP_GE, OP_GT, OP_LE, OP_LT, OP_EQ };

/* What a unit measures; values compare only within one dimension. */
enum unit_dim {
	DIM_MONEY,   /* base: 元 */
	DIM_RATIO,   /* base: %   */
	DIM_AREA,    /* base: 亩  */
	DIM_LENGTH,  /* base: 米  */
	DIM_WEIGHT,  /* base: 吨? kept by name */
	DIM_NAMED    /* counts and everything else: equal names only */
};

struct unit {
	const char *name; /* canonical, as printed in traces */
	enum unit_dim dim;
	int exp;          /* value in base units = number × 10^exp (‰: -1 of %) */
	const char *per;  /* "月", "年" for rates like 元/月; NULL otherwise */
};

enum qual { Q_UNKNOWN, Q_ACHIEVED, Q_PARTIAL, Q_NOT };

struct date_point {
	int y, m, d; /* 0 = not given; d = 32 for 月底/月末 */
};

struct value {
	enum val_kind kind;
	enum val_op op;          /* explicit or from words; OP_NONE if neither */
	struct dec num;          /* NUMBER, FUZZY (lower bound) */
	const struct unit *unit; /* NULL: bare number or unknown unit */
	const char *unit_text;   /* unit as written, "" for a bare number */
	const char *prefix;      /* text before the number (支付), or "" */
	struct date_point from, to; /* DATE: from == to for a single date */
	enum qual qual;          /* TEXT (and a guess for FUZZY: achieved) */
	const char *text;        /* the normalised cell */
};

/* Parse normalised cell text; strings in *out live in the arena. */
void value_parse(struct arena *a, const char *norm, struct value *out);
/* Only whether norm is a number or a date (VAL_NUMBER, VAL_DATE, as
 * value_parse reads them; else VAL_EMPTY, VAL_NA or VAL_TEXT without the
 * fuzzy and qualitative readings): for a cell asked nothing more. */
void value_parse_plain(struct arena *a, const char *norm, struct value *out);

/* 无, —, /, N/A …: the cell says "not applicable" (normalised text). */
bool value_is_na(const char *norm);

/* Classify qualitative text (SPEC §4 bands). */
enum qual value_qual(const char *norm);
/* A text that is a scale's poles, nothing chosen: 好坏, 优良中差, 是否. */
bool value_scale_poles(const char *norm);

/* The value as a trace writes it: "≥1次", "98%", "1月1日-12月31日". */
const char *value_describe(struct arena *a, const struct value *v);
const char *op_symbol(enum val_op op);

/*
 * Bring a and b to comparable integers in a common base unit.  Returns false
 * when the units are incomparable.  A bare number takes the other's unit
 * (*assumed is set).  Money per year (万元/年) counts as money: the form
 * covers one budget year.
 */
bool value_comparable(const struct value *a, const struct value *b,
		      struct dec *an, struct dec *bn, bool *assumed);

#endif
