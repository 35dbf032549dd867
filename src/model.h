/*
 * model.h: the form model of SPEC §1, shared by the reader (which fills it),
 * the scoring engine (which adds scores and traces), the audit and the
 * renderers.  All of a form's memory lives in its arena.
 *
 * Every cell keeps its provenance (file, line, cell index) so that findings
 * and traces can point back at the input long after reading.
 */
#ifndef JX_MODEL_H
#define JX_MODEL_H

#include "dec.h"
#include "jixiao.h"
#include "value.h"

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct profile_scheme;

/* One cell as read. */
struct cell {
	const char *raw;   /* original text, trimmed ("" when empty) */
	const char *norm;  /* normalised, spaces dropped */
	unsigned long line;
	unsigned col;      /* 1-based cell index on its line; 0 = absent */
	bool unread;       /* printed, but its text could not be placed (raw is ""): not empty */
};

/* A numeric cell: 分值, 得分, 执行率, amounts. */
enum num_state {
	NUM_ABSENT, /* the cell is not on the form at all */
	NUM_EMPTY,  /* the cell is there, not filled */
	NUM_DASH,   /* —, 无: filled with "not applicable" */
	NUM_OK,
	NUM_BAD,    /* filled with something that is not a number */
	NUM_UNREAD  /* printed, but could not be read: never taken as empty or 0 */
};

struct num {
	struct cell cell;
	enum num_state state;
	struct dec v;       /* NUM_OK */
	bool percent;       /* the text ended in % (v is then the percentage) */
};

struct money {
	struct num n;
	int64_t fen;        /* NUM_OK and exact */
};

/* The parts after TOTAL add up to it (fund-sum-mismatch); SPECIAL (财政专户
 *管理资金) and UNIT (单位资金) are the Sichuan form's rows. */
enum fund_kind { FUND_TOTAL, FUND_FISCAL, FUND_CARRYOVER, FUND_OTHER, FUND_SPECIAL,
		 FUND_UNIT, FUND__COUNT };

struct fund_row {
	bool present;
	unsigned long line;
	struct money initial, budget, executed;
	struct num weight, rate, score; /* 分值, 执行率, 得分 */
	struct cell reason;             /* Sichuan: the execution's 偏差原因 column */
};

/* A fund row of another template's split (其中：中央财政资金, 地方资金,
 * 按收入性质分 …): the rows of one `group` make up 年度资金总额 together; a
 * heading row (按支出性质分) opens a new group. */
struct fund_split {
	const char *label;
	unsigned long line;
	int group;
	bool heading;
	struct money initial, budget, executed;
	struct num weight, rate, score;
};

/* A transfer form's 资金管理情况 row (分配科学性, 执行准确性 …). */
struct mgmt_item {
	const char *label;
	struct cell text, problem;
	unsigned long line;
};

/* How an indicator was (re)scored: the `method` of the JSON contract. */
enum method {
	M_NONE,          /* not applicable (无) row */
	M_RATIO,         /* quantitative, positive: w × B / A */
	M_REVERSE,       /* quantitative, reverse: w × A / B */
	M_QUALITATIVE,   /* bands */
	M_DATE,          /* 时效: achieved or not */
	M_FUZZY,         /* 多次 against a count */
	M_UNSCORABLE,    /* incomparable values: the declared score is kept */
	M_MISSING,       /* no weight or no values: scored 0 */
	M_UNREAD,        /* a cell it needs could not be read: not scored, the form has no total */
	M_DECLARED,      /* a scheme without 分值 (items declared): the declared score, not rescored */
	M_COMPLETION     /* a scheme that scores nothing (items none): judged for completion only */
};

const char *method_name(enum method m);

/* A fund row's id in the JSON contract and the database (total, fiscal, …),
 * its name (年度资金总额, 当年财政拨款, …) and its label as the standard form
 * prints it (其中：当年财政拨款). */
const char *fund_id(enum fund_kind k);
const char *fund_name(enum fund_kind k);
const char *fund_label(enum fund_kind k);

enum band { BAND_NONE, BAND_ACHIEVED, BAND_PARTIAL, BAND_NOT };

struct indicator {
	const char *level1, *level2; /* inherited from merged cells, without "(50分)" */
	unsigned long level1_line, level2_line;
	int level1_points;           /* the weight its label gives: 产出指标(50分); 0 if none */
	struct cell name, target_c, actual_c, reason;
	/* Sichuan-style forms: 指标性质 (the operator) and 度量单位 in their own
	 * columns; target_c/actual_c are then the cells as printed and
	 * target/actual are parsed from operator + value + unit */
	struct cell op_c, unit_c;
	struct num weight, declared;
	struct value target, actual;
	bool na;               /* every cell 无: kept, weight 0, not scored */
	unsigned long line;

	/* Filled by score.c */
	enum method method;
	enum band band;
	bool scored;
	int64_t weight_c, score_c;     /* centi-points */
	bool target_met;               /* by the rule's comparison */
	bool reverse;
	bool unit_mismatch, text_for_number, assumed_unit;
	bool has_ratio;                /* B/A known (quantitative) */
	int64_t ratio_milli;           /* B/A × 1000, rounded half up */
	bool overachieved;             /* positive, B/A >= the profile's threshold (exact) */
	bool deviated;                 /* the profile's deviation penalty was taken */
	bool declared_only;            /* the scheme has no 分值: judged for completion, score as declared */
	enum method judged;            /* declared_only: the method its target was judged by */
	const char *trace;
	const char *rule;              /* the profile rule(s) behind score_c; NULL: none */
};

struct jx_form;

/* Does indicator i start a run of rows sharing its first level (and, with
 * level2, its second): the first row of a merged label cell?  How many rows
 * does that run hold (its rowspan)? */
bool indicator_run_starts(const struct jx_form *f, size_t i, bool level2);
size_t indicator_run(const struct jx_form *f, size_t i, bool level2);

struct jx_form {
	struct arena *arena;
	const char *file;
	enum jx_layout layout; /* how the form was written */
	const char *template_name; /* the template it was read by (grid.h); NULL: the standard reader */
	double template_fit;       /* 0..1: how much of that template's evidence it showed */
	const char *scheme;        /* that template's scoring scheme (profile.h); NULL: national */
	bool ocr;                  /* read by OCR from a scan: no value of it is certain */
	unsigned long line;   /* title line */
	int year;
	unsigned long year_line;
	struct cell project, department, implementer;
	struct cell project_code; /* 51000021R000000019951 of "51000021R000000019951-工资性支出" */
	unsigned long project_line;
	struct fund_row funds[FUND__COUNT];
	bool has_fund_header;
	struct fund_split *splits; /* in the arena */
	size_t n_splits;
	bool splits_cut;           /* more rows than were read: their sums are not checked */
	bool has_mgmt;             /* the form has a 资金管理情况 block */
	struct mgmt_item *mgmt;
	size_t n_mgmt;
	struct cell goal_expected, goal_actual;
	bool has_goal;
	struct indicator *ind;
	size_t n_ind, cap_ind;
	bool has_ind_header;
	int ind_points;       /* 绩效指标(90分): the weight the label gives; 0 if none */
	unsigned long ind_line;
	/* closing blocks of Sichuan-style forms */
	struct cell conclusion, problems, improvements;
	struct cell overview; /* 项目基本情况 */
	struct cell notes;    /* text after the form (注：…), lines joined */
	struct num total_weight, total_declared;
	bool has_total;
	unsigned long total_line, end_line;

	/* Filled by score.c */
	bool scored;
	/* the traces and rules below (trace, rule, exec_*, total_*): built by
	 * score_explain, NULL until then; explaining during that pass */
	bool explained, explaining;
	const struct jx_profile *profile; /* the rules it was scored by */
	const struct profile_scheme *scheme_rules; /* its scheme there; NULL: national ([weights]) */
	bool scheme_unknown;  /* the template names a scheme the profile does not have */
	bool unscored;        /* the scheme scores nothing (items none): no total by design */
	bool has_rate;
	int64_t exec_weight_c, exec_score_c;
	bool exec_weight_assumed;
	const char *exec_trace, *exec_rule;
	int64_t sum_c;        /* execution + indicators, before any cap */
	bool capped;          /* the profile's cap by execution rate lowered the total */
	int64_t cap_below;    /* when capped: the rate (centi-percent) it is below */
	int64_t total_c;
	const char *total_trace, *total_rule;
	const char *grade;    /* NULL when unscorable */
	/* Why no total can be given (「……未能读取」): execution or indicators
	 * could not be read.  NULL: scored. */
	const char *unscorable;
};

#endif
