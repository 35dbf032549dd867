/*
 * profile.h: a scoring profile's effective values, as the scoring engine,
 * the audit and the renderers read them.
 *
 * A profile is data (profiles/NAME.ini, README "评分规则文件"): profile.c
 * parses it, follows `extends`, and checks the result as a whole.  Every
 * value remembers where it was set (file, line, the profile that set it), so
 * that a trace can name the rule behind a number and `jixiao profile show`
 * can say where each value comes from.
 *
 * Units: points and scores in centi-points (10 -> 1000), percentages in
 * centi-percent (80 -> 8000), ratios in milli (1.2 -> 1200).
 */
#ifndef JX_PROFILE_H
#define JX_PROFILE_H

#include "embed.h"
#include "jixiao.h"

#include <stdbool.h>
#include <stdint.h>

/* X(enum suffix, section, key): every key of the format but [severity]'s. */
#define PROFILE_KEYS(X)                                        \
	X(NAME, "", "name")                                    \
	X(TITLE, "", "title")                                  \
	X(EXTENDS, "", "extends")                              \
	X(W_EXECUTION, "weights", "execution")                 \
	X(W_OUTPUT, "weights", "output")                       \
	X(W_COST, "weights", "cost")                           \
	X(W_EFFECT, "weights", "effect")                       \
	X(W_SATISFACTION, "weights", "satisfaction")           \
	X(W_NO_SATISFACTION, "weights", "no_satisfaction")     \
	X(W_NO_COST, "weights", "no_cost")                     \
	X(EXEC_METHOD, "execution", "method")                  \
	X(EXEC_FULL_AT, "execution", "full_at")                \
	X(EXEC_BANDS, "execution", "bands")                    \
	X(EXEC_LOW_REASON, "execution", "low_reason_below")    \
	X(AGREE_DECLARED, "agreement", "declared")             \
	X(IND_REVERSE, "indicators", "reverse")                \
	X(IND_REVERSE_NAMES, "indicators", "reverse_names")    \
	X(IND_OVER, "indicators", "overachievement")           \
	X(IND_DEV_SHARE, "indicators", "deviation_share")      \
	X(IND_DEV_PENALTY, "indicators", "deviation_penalty")  \
	X(IND_DEV_SIDE, "indicators", "deviation_side")        \
	X(QUAL_ACHIEVED, "qualitative", "achieved")            \
	X(QUAL_PARTIAL, "qualitative", "partial")              \
	X(GRADE_BANDS, "grades", "bands")                      \
	X(GRADE_BOUNDARY, "grades", "boundary")                \
	X(CAPS_TOTAL, "caps", "total")                         \
	X(REVIEW_GAP, "review", "gap_points")

enum profile_key {
#define PROFILE_KEY_ENUM(e, section, key) PK_##e,
	PROFILE_KEYS(PROFILE_KEY_ENUM)
#undef PROFILE_KEY_ENUM
	PK__COUNT
};

/* Where a value was set. */
struct profile_src {
	const char *file;    /* as named to the loader, or "national" for a shipped one */
	unsigned long line;  /* 0: never set (only for a profile under construction) */
	const char *profile; /* the name of the profile whose file set it */
	const char *text;    /* the value as written */
	unsigned seq;        /* order of application: bases first */
};

/* Where a first-level weight goes when the form has no such indicator. */
enum profile_fold { FOLD_NONE, FOLD_OUTPUT, FOLD_EFFECT };

enum exec_method { EXEC_LINEAR, EXEC_BANDS };
enum reverse_formula { REVERSE_RATIO, REVERSE_LINEAR };
/* Which deviations the penalty applies to: beyond the target either way,
 * only the good way (over-achieved; under a reverse limit), only the bad. */
enum dev_side { DEV_BOTH, DEV_BETTER, DEV_WORSE };

/* Ways a declared score may agree with the rescored one (bit set). */
enum { AGREE_2DP = 1, AGREE_1DP = 2, AGREE_INTEGER = 4, AGREE_FLOOR = 8 };

enum { PROFILE_MAX_LIST = 16, PROFILE_NAME_MAX = 64, PROFILE_MAX_SCHEMES = 16 };

struct profile_band {
	int64_t from; /* centi-percent (execution, caps) or centi-points (grades) */
	int64_t value; /* execution: centi-percent of the weight; caps: centi-points */
	const char *name; /* grades */
};

/*
 * A scoring scheme: how the forms of one template family are scored
 * ([scheme NAME] of the format; templates/NAME.tpl names its scheme).  The
 * scheme "national" is the profile's own [weights] and needs no section.
 */
#define SCHEME_KEYS(X)                   \
	X(TITLE, "title")                \
	X(EXECUTION, "execution")        \
	X(INDICATORS, "indicators")      \
	X(ITEMS, "items")                \
	X(BLOCKS, "blocks")

enum scheme_key {
#define SCHEME_KEY_ENUM(e, key) SK_##e,
	SCHEME_KEYS(SCHEME_KEY_ENUM)
#undef SCHEME_KEY_ENUM
	SK__COUNT
};

/* How a scheme's indicator rows are scored. */
enum scheme_items {
	ITEMS_WEIGHTED,  /* 分值 and 得分: rescored from the weight (附件2) */
	ITEMS_DECLARED,  /* 得分 only, no 分值: kept as declared; targets, reasons and sums checked */
	ITEMS_CONVERTED, /* 权重占比 and 折算得分 = 单项指标得分 × 权重占比 (Hebei) */
	ITEMS_NONE       /* no scores at all: completion checks only, no total, no grade */
};

struct profile_scheme {
	const char *name, *title;
	int64_t execution;   /* centi-points of the budget execution; 0: not scored */
	int64_t indicators;  /* centi-points of all indicator rows together */
	enum scheme_items items;
	/* first-level blocks and their points (项目决策:20): name, `from` */
	struct profile_band blocks[PROFILE_MAX_LIST];
	size_t n_blocks;
	struct profile_src src[SK__COUNT];
};

struct jx_profile {
	struct arena *arena;
	const char *name, *title;
	const char *chain; /* "provincial-example → national" */

	int64_t w_execution, w_output, w_cost, w_effect, w_satisfaction;
	enum profile_fold no_satisfaction, no_cost;

	enum exec_method exec_method;
	int64_t full_at;      /* centi-percent */
	struct profile_band exec_bands[PROFILE_MAX_LIST];
	size_t n_exec_bands;  /* descending `from` */
	int64_t low_reason_below; /* centi-percent */

	unsigned agree;       /* AGREE_* */

	enum reverse_formula reverse;
	const char *reverse_names[PROFILE_MAX_LIST];
	size_t n_reverse_names;
	int64_t over_milli;
	int64_t dev_share;    /* centi-percent; 0 = no penalty */
	int64_t dev_penalty;  /* centi-points */
	enum dev_side dev_side;

	int64_t qual_achieved, qual_partial; /* centi-percent */

	struct profile_band grades[PROFILE_MAX_LIST];
	size_t n_grades;      /* descending `from`, the last from 0 */
	bool boundary_higher; /* a total equal to a band's minimum is in that band */

	struct profile_band caps[PROFILE_MAX_LIST];
	size_t n_caps;        /* `from` = rate below which `value` caps the total */

	int64_t review_gap;   /* centi-points: a 复核得分 this far from the declared total is a finding */

	bool sev_set[JX_CHECK__COUNT];
	enum jx_severity sev[JX_CHECK__COUNT];

	struct profile_src src[PK__COUNT];
	struct profile_src sev_src[JX_CHECK__COUNT];

	struct profile_scheme schemes[PROFILE_MAX_SCHEMES];
	size_t n_schemes;
};

/* The national profile, parsed once from the shipped text; never NULL. */
const struct jx_profile *profile_national(void);
/* p, or the national profile when p is NULL. */
/* The severity the profile sets for a check ([severity]); false when it
 * sets none (the catalogue's default applies). */
bool profile_severity(const struct jx_profile *p, enum jx_check check, enum jx_severity *out);
const struct jx_profile *profile_or_national(const struct jx_profile *p);

const char *profile_key_section(enum profile_key k);
const char *profile_key_name(enum profile_key k);

/* "[indicators] reverse = ratio（national）": the rule behind a number, for traces. */
const char *profile_rule(struct arena *a, const struct jx_profile *p, enum profile_key k);

/* Does a declared score agree with the rescored one under the profile? */
bool profile_agrees(const struct jx_profile *p, int64_t declared_c, int64_t rescored_c);
/* The grade of a total (centi-points). */
const char *profile_grade(const struct jx_profile *p, int64_t total_c);
/* "优 ≥90，良 ≥80，中 ≥60，差 <60" */
const char *profile_grade_legend(struct arena *a, const struct jx_profile *p);
/* Does a second- or first-level name default to reverse scoring? */
bool profile_reverse_name(const struct jx_profile *p, const char *level1, const char *level2);

/* The scheme of that name, or NULL: the profile has none ("national" is
 * never in the list: the profile's [weights] are that scheme). */
const struct profile_scheme *profile_scheme(const struct jx_profile *p, const char *name);
const char *scheme_key_name(enum scheme_key k);
const char *scheme_items_name(enum scheme_items i);
/* "[scheme hebei] items = converted（national）": the rule behind a number. */
const char *scheme_rule(struct arena *a, const struct jx_profile *p, const struct profile_scheme *s,
			enum scheme_key k);

/* The shipped profiles' texts (generated from profiles/NAME.ini at build time). */
extern const struct shipped_file shipped_profiles[];
extern const size_t n_shipped_profiles;

#endif
