/*
 * workflow.c: the review of stored forms (jixiao.h, "the review
 * workflow"), for every backend in the portable dialect (sql.h) on the
 * tables of migration 9.  A version's state is the to_state of its last
 * row in `reviews` (none: 未送审); an action is a row appended after the
 * rules below allowed it, inside one write transaction with the reads
 * they rest on, so that two reviewers acting at once cannot both pass.
 *
 * Who acts where (decisions; README "审核流程"):
 *   送审        clerk or unit head of the form's unit, from 未送审 or 被退回;
 *               to 待单位负责人审核 when a clerk submits and an enabled unit
 *               head covers the unit, else to 待主管部门审核 when an enabled
 *               主管部门 reviewer covers it, else to 待财政审核;
 *   审核通过    the unit head at 待单位负责人审核 (on to the 主管部门 or
 *               财政, as above), the 主管部门 at 待主管部门审核, 财政 at
 *               待财政审核 (to 审核通过); not with open error-level findings
 *               unless a reason is written;
 *   退回        the same reviewer at its step (a reason needed), and 财政
 *               at 审核通过, 抽查复核中 or 复核完成 (before 公开);
 *   取消送审    the unit, while the first review step has not acted;
 *   取消审核    the account that approved or returned, while nobody has
 *               acted after it: back to the state before;
 *   抽查、复核完成、公开   财政 (公开 from 审核通过 or 复核完成).
 * 管理员 manages accounts and does not review (separation of duties).
 */
#include "store.h"
#include "arena.h"
#include "profile.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
	const char *id, *label;
} states[JX_STATE__COUNT] = {
	[JX_STATE_DRAFT] = {"draft", "未送审"},
	[JX_STATE_UNIT_REVIEW] = {"unit-review", "待单位负责人审核"},
	[JX_STATE_DEPT_REVIEW] = {"department-review", "待主管部门审核"},
	[JX_STATE_FINANCE_REVIEW] = {"finance-review", "待财政审核"},
	[JX_STATE_APPROVED] = {"approved", "审核通过"},
	[JX_STATE_RETURNED] = {"returned", "被退回"},
	[JX_STATE_SAMPLED] = {"sampled", "抽查复核中"},
	[JX_STATE_SAMPLE_DONE] = {"sample-done", "复核完成"},
	[JX_STATE_PUBLISHED] = {"published", "已公开"},
};

static const struct {
	const char *id, *label;
} actions[JX_ACT__COUNT] = {
	[JX_ACT_SUBMIT] = {"submit", "送审"},
	[JX_ACT_CANCEL_SUBMIT] = {"cancel-submit", "取消送审"},
	[JX_ACT_APPROVE] = {"approve", "审核通过"},
	[JX_ACT_RETURN] = {"return", "退回"},
	[JX_ACT_CANCEL_REVIEW] = {"cancel-review", "取消审核"},
	[JX_ACT_SAMPLE] = {"sample", "抽查"},
	[JX_ACT_SAMPLE_DONE] = {"sample-done", "复核完成"},
	[JX_ACT_PUBLISH] = {"publish", "公开"},
};

static const struct {
	const char *id, *label;
} dispositions[JX_DISP__COUNT] = {
	[JX_DISP_OPEN] = {"open", "待核实"},
	[JX_DISP_CONFIRMED] = {"confirmed", "问题属实"},
	[JX_DISP_FALSE] = {"false-positive", "误报"},
	[JX_DISP_FIXED] = {"fixed", "已整改"},
};

#define NAMES(fn_id, fn_label, fn_from, type, table, count)                                   \
	const char *fn_id(type v) { return (unsigned)v < count ? table[v].id : "?"; }          \
	const char *fn_label(type v) { return (unsigned)v < count ? table[v].label : "?"; }    \
	bool fn_from(const char *name, type *out)                                               \
	{                                                                                       \
		for (int i = 0; name && i < count; i++)                                         \
			if (!strcmp(name, table[i].id) || !strcmp(name, table[i].label)) {     \
				*out = (type)i;                                                 \
				return true;                                                    \
			}                                                                       \
		return false;                                                                   \
	}
NAMES(jx_state_id, jx_state_label, jx_state_from_name, enum jx_state, states, JX_STATE__COUNT)
NAMES(jx_action_id, jx_action_label, jx_action_from_name, enum jx_action, actions, JX_ACT__COUNT)
NAMES(jx_disposition_id, jx_disposition_label, jx_disposition_from_name, enum jx_disposition,
      dispositions, JX_DISP__COUNT)
#undef NAMES

bool jx_score_parse(const char *s, int64_t *out)
{
	if (!(*s >= '0' && *s <= '9'))
		return false;
	char *end;
	long whole = strtol(s, &end, 10);
	if (end == s || whole < 0 || whole > 100)
		return false;
	long frac = 0;
	if (*end == '.') {
		const char *d = end + 1;
		if (!(d[0] >= '0' && d[0] <= '9'))
			return false;
		frac = (d[0] - '0') * 10;
		end = (char *)d + 1;
		if (*end >= '0' && *end <= '9')
			frac += *end++ - '0';
	}
	if (*end)
		return false;
	*out = (int64_t)whole * 100 + frac;
	return true;
}

/* ---- what a form is now ---------------------------------------------------------------- */

/* The form as the rules need it. */
struct form_now {
	int64_t version;
	enum jx_state state, prior;
	/* the last action of this version (valid when has_last) */
	bool has_last;
	enum jx_action last_action;
	enum jx_state last_from;
	int64_t last_account;
	bool unit_head, department; /* an enabled account covers that step */
	int64_t open_errors;        /* error-level findings not 误报 or 已整改 */
};

static bool state_of_text(const char *t, enum jx_state *s)
{
	return t && jx_state_from_name(t, s);
}

/* The last action of (form, version), if any. */
static bool last_action(struct jx_store *st, int64_t form, int64_t version, struct form_now *f)
{
	struct sql_stmt *s = sql_query(st, "查询审核记录失败",
				       "SELECT action, from_state, to_state, account_id FROM reviews"
				       " WHERE form_id = $1 AND version = $2 ORDER BY id DESC LIMIT 1",
				       SQL_ARGS(SQL_I(form), SQL_I(version)));
	if (!s)
		return false;
	int rc = sql_row(st, s, "查询审核记录失败");
	f->has_last = rc == SQL_ROW;
	f->state = JX_STATE_DRAFT;
	if (rc == SQL_ROW) {
		jx_action_from_name(sql_text(st, s, 0), &f->last_action);
		state_of_text(sql_text(st, s, 1), &f->last_from);
		state_of_text(sql_text(st, s, 2), &f->state);
		f->last_account = sql_int(st, s, 3);
		sql_end(st, s);
	}
	return rc != SQL_ERROR;
}

/* The state the version before was left in (the newest other version's last action). */
static bool prior_state(struct jx_store *st, int64_t form, int64_t version, enum jx_state *prior)
{
	*prior = JX_STATE_DRAFT;
	struct sql_stmt *s = sql_query(st, "查询审核记录失败",
				       "SELECT to_state FROM reviews WHERE form_id = $1 AND version <> $2"
				       " ORDER BY version DESC, id DESC LIMIT 1",
				       SQL_ARGS(SQL_I(form), SQL_I(version)));
	if (!s)
		return false;
	int rc = sql_row(st, s, "查询审核记录失败");
	if (rc == SQL_ROW) {
		state_of_text(sql_text(st, s, 0), prior);
		sql_end(st, s);
	}
	return rc != SQL_ERROR;
}

/* Whether an enabled account of `role` covers the form (its unit, or the
 * 主管部门 the registry gives its unit, else the form's own). */
#define COVERS_SQL                                                                              \
	"SELECT 1 FROM forms f, account_scope a JOIN accounts c ON c.id = a.account_id"          \
	" WHERE f.id = $1 AND c.role = $2 AND c.disabled = 0 AND a.key = CASE WHEN $2 = 'department'" \
	" THEN COALESCE((SELECT u.key_department FROM units u WHERE u.key = f.key_implementer),"  \
	" f.key_department) ELSE f.key_implementer END LIMIT 1"

static bool covered(struct jx_store *st, int64_t form, enum jx_role role, bool *yes)
{
	int64_t one;
	return sql_int_of(st, "查询审核人失败", COVERS_SQL,
			  SQL_ARGS(SQL_I(form), SQL_T(jx_role_id(role))), &one, yes);
}

static bool open_errors(struct jx_store *st, int64_t form, int64_t version, int64_t *n)
{
	bool found;
	*n = 0;
	return sql_int_of(st, "查询审核发现失败",
			  "SELECT count(*) FROM findings x WHERE x.form_id = $1 AND x.severity = 'error'"
			  " AND COALESCE((SELECT d.status FROM dispositions d WHERE d.form_id = $1"
			  " AND d.version = $2 AND d.finding_id = x.id ORDER BY d.id DESC LIMIT 1),"
			  " 'open') NOT IN ('false-positive', 'fixed')",
			  SQL_ARGS(SQL_I(form), SQL_I(version)), n, &found);
}

/* Hold the form against a save or another review of it until the
 * transaction ends (store.h: a no-op where the transaction holds the
 * whole database). */
static bool lock_form(struct jx_store *st, int64_t form)
{
	return !st->be->lock_form || st->be->lock_form(st, form);
}

/* The form's version and state, as the account sees it (false with
 * "no such form" when it may not). */
static bool form_now(struct jx_store *st, int64_t account, int64_t form, struct form_now *f,
		     bool *missing)
{
	memset(f, 0, sizeof *f);
	*missing = false;
	bool found = false;
	if (!sql_int_of(st, "查询自评表失败",
			"SELECT import_id FROM forms WHERE id = $1 AND " SQL_VISIBLE("$2", "forms"),
			SQL_ARGS(SQL_I(form), SQL_I(account)), &f->version, &found))
		return false;
	if (!found) {
		*missing = true;
		return store_fail(st, "没有这张表（id %lld）", (long long)form);
	}
	return last_action(st, form, f->version, f) && prior_state(st, form, f->version, &f->prior) &&
	       covered(st, form, JX_ROLE_UNIT_HEAD, &f->unit_head) &&
	       covered(st, form, JX_ROLE_DEPARTMENT, &f->department) &&
	       open_errors(st, form, f->version, &f->open_errors);
}

enum jx_status jx_review_state(struct jx_store *st, long long form_id, enum jx_state *state,
			       long long *version, enum jx_state *prior)
{
	struct form_now f;
	bool missing;
	st->err[0] = '\0';
	if (!form_now(st, st->scope, form_id, &f, &missing))
		return missing ? JX_ERR_ARG : JX_ERR_STORE;
	*state = f.state;
	*version = f.version;
	*prior = f.prior;
	return JX_OK;
}

/* ---- the rules ------------------------------------------------------------------------- */

/* The review step a role acts at, or JX_STATE__COUNT for none. */
static enum jx_state step_of(enum jx_role r)
{
	return r == JX_ROLE_UNIT_HEAD    ? JX_STATE_UNIT_REVIEW
	       : r == JX_ROLE_DEPARTMENT ? JX_STATE_DEPT_REVIEW
	       : r == JX_ROLE_FINANCE    ? JX_STATE_FINANCE_REVIEW
					 : JX_STATE__COUNT;
}

/* Where a form goes after `from` is passed (送审 from the unit: from is DRAFT). */
static enum jx_state next_step(const struct form_now *f, enum jx_state from, enum jx_role who)
{
	if (from == JX_STATE_DRAFT && who == JX_ROLE_CLERK && f->unit_head)
		return JX_STATE_UNIT_REVIEW;
	if ((from == JX_STATE_DRAFT || from == JX_STATE_UNIT_REVIEW) && f->department)
		return JX_STATE_DEPT_REVIEW;
	if (from == JX_STATE_FINANCE_REVIEW)
		return JX_STATE_APPROVED;
	return JX_STATE_FINANCE_REVIEW;
}

static bool denied(struct jx_store *st, enum jx_status *why, const char *msg, const struct form_now *f,
		   enum jx_status code)
{
	*why = code;
	return store_fail(st, "%s（这张表现在是「%s」）", msg, jx_state_label(f->state));
}

/* The state the action leads to, or false with *why and the message set. */
static bool transition(struct jx_store *st, const struct jx_session *who, const struct form_now *f,
		       const struct jx_review_input *in, enum jx_state *to, enum jx_status *why)
{
	enum jx_role r = who->role;
	bool unit = r == JX_ROLE_CLERK || r == JX_ROLE_UNIT_HEAD;
	switch (in->action) {
	case JX_ACT_SUBMIT:
		if (!unit)
			return denied(st, why, "只有单位经办或单位负责人能送审", f, JX_ERR_DENIED);
		if (f->state != JX_STATE_DRAFT && f->state != JX_STATE_RETURNED)
			return denied(st, why, "只有未送审或被退回的表能送审", f, JX_ERR_CONFLICT);
		*to = next_step(f, JX_STATE_DRAFT, r);
		return true;
	case JX_ACT_CANCEL_SUBMIT:
		if (!unit)
			return denied(st, why, "只有单位能取消送审", f, JX_ERR_DENIED);
		if (!f->has_last || f->last_action != JX_ACT_SUBMIT)
			return denied(st, why, "审核已经开始（或这张表没有送审），不能取消送审", f,
				      JX_ERR_CONFLICT);
		*to = f->last_from;
		return true;
	case JX_ACT_APPROVE:
	case JX_ACT_RETURN:
		if (in->action == JX_ACT_RETURN && r == JX_ROLE_FINANCE &&
		    (f->state == JX_STATE_APPROVED || f->state == JX_STATE_SAMPLED ||
		     f->state == JX_STATE_SAMPLE_DONE)) {
			/* 财政 may still return what it passed, until it is published */
		} else if (step_of(r) == JX_STATE__COUNT) {
			return denied(st, why, "这个角色不审核自评表", f, JX_ERR_DENIED);
		} else if (f->state != step_of(r)) {
			return denied(st, why, "这张表不在你这一级审核", f, JX_ERR_CONFLICT);
		}
		if (in->action == JX_ACT_RETURN) {
			if (!in->reason || !*in->reason) {
				*why = JX_ERR_ARG;
				return store_fail(st, "退回须写明原因");
			}
			*to = JX_STATE_RETURNED;
			return true;
		}
		if (f->open_errors > 0 && (!in->reason || !*in->reason)) {
			*why = JX_ERR_ARG;
			return store_fail(st, "这张表还有 %lld 个 error 级的审核发现未处理（未标为误报或已整改）："
					      "处理它们，或写明通过的理由",
					  (long long)f->open_errors);
		}
		*to = next_step(f, f->state, r);
		return true;
	case JX_ACT_CANCEL_REVIEW:
		if (!f->has_last || (f->last_action != JX_ACT_APPROVE && f->last_action != JX_ACT_RETURN) ||
		    f->last_account != who->account)
			return denied(st, why, "只能取消自己刚做的审核，而且下一步还没有处理", f, JX_ERR_CONFLICT);
		*to = f->last_from;
		return true;
	case JX_ACT_SAMPLE:
	case JX_ACT_SAMPLE_DONE:
	case JX_ACT_PUBLISH:
		if (r != JX_ROLE_FINANCE)
			return denied(st, why, "抽查、复核和公开由财政审核账号进行", f, JX_ERR_DENIED);
		if (in->action == JX_ACT_SAMPLE && f->state != JX_STATE_APPROVED)
			return denied(st, why, "只有审核通过的表能抽查", f, JX_ERR_CONFLICT);
		if (in->action == JX_ACT_SAMPLE_DONE && f->state != JX_STATE_SAMPLED)
			return denied(st, why, "只有抽查复核中的表能完成复核", f, JX_ERR_CONFLICT);
		if (in->action == JX_ACT_SAMPLE_DONE && !in->has_score) {
			*why = JX_ERR_ARG;
			return store_fail(st, "复核完成须给出复核得分");
		}
		if (in->action == JX_ACT_PUBLISH && f->state != JX_STATE_APPROVED &&
		    f->state != JX_STATE_SAMPLE_DONE)
			return denied(st, why, "只有审核通过或复核完成的表能公开", f, JX_ERR_CONFLICT);
		*to = in->action == JX_ACT_SAMPLE	  ? JX_STATE_SAMPLED
		      : in->action == JX_ACT_SAMPLE_DONE ? JX_STATE_SAMPLE_DONE
							 : JX_STATE_PUBLISHED;
		return true;
	default:
		*why = JX_ERR_ARG;
		return store_fail(st, "未知的审核操作");
	}
}

/* The cited finding ids as "1 5 9", each one of the form's current findings. */
static bool cited(struct jx_store *st, int64_t form, const struct jx_review_input *in, char *out,
		  size_t cap)
{
	out[0] = '\0';
	size_t n = 0;
	for (size_t i = 0; i < in->nfindings; i++) {
		int64_t one;
		bool found = false;
		if (!sql_int_of(st, "查询审核发现失败", "SELECT 1 FROM findings WHERE id = $1 AND form_id = $2",
				SQL_ARGS(SQL_I(in->findings[i]), SQL_I(form)), &one, &found))
			return false;
		if (!found)
			return store_fail(st, "引用的审核发现 %lld 不是这张表的", in->findings[i]);
		int k = snprintf(out + n, cap - n, "%s%lld", n ? " " : "", in->findings[i]);
		if (k < 0 || (size_t)k >= cap - n)
			return store_fail(st, "引用的审核发现太多");
		n += (size_t)k;
	}
	return true;
}

static bool log_action(struct jx_store *st, const struct jx_session *who, const char *action,
		       int64_t form, const char *detail, const char *before, const char *after)
{
	struct jx_log_entry e = {
		.login = who->login, .role = jx_role_id(who->role),
		.address = who->address[0] ? who->address : "?", .action = action, .form_id = form,
		.detail = detail, .before = before, .after = after,
	};
	return jx_log_append(st, &e) == JX_OK;
}

static bool text_ok(const char *s)
{
	return !s || strlen(s) <= 8000;
}

/* "85.5" of centi-points into buf. */
static const char *points(char *buf, size_t cap, int64_t c)
{
	snprintf(buf, cap, "%lld.%02lld", (long long)(c / 100), (long long)(c % 100));
	size_t n = strlen(buf);
	while (n && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n && buf[n - 1] == '.')
		buf[--n] = '\0';
	return buf;
}

/* A 复核得分 against the form's declared total: past the profile's gap, or
 * in another grade, a review-score-gap finding of the form (stored, and
 * counted in the tallies).  A form that declares no total is compared
 * with its rescored one. */
static bool score_gap(struct jx_store *st, int64_t form, int64_t score_c)
{
	struct sql_stmt *s = sql_query(st, "查询自评表失败",
				       "SELECT f.declared_total_c, f.total_c, i.profile_text, f.file, f.line,"
				       " f.project, f.grade FROM forms f JOIN imports i ON i.id = f.import_id WHERE f.id = $1",
				       SQL_ARGS(SQL_I(form)));
	if (!s)
		return false;
	int rc = sql_row(st, s, "查询自评表失败");
	if (rc != SQL_ROW)
		return rc == SQL_DONE;
	bool declared = sql_text(st, s, 0) != NULL;
	int64_t self = declared ? sql_int(st, s, 0) : sql_int(st, s, 1);
	/* a form that declares no total and cannot be scored has nothing to compare with */
	bool comparable = declared || (sql_text(st, s, 6) && *sql_text(st, s, 6));
	const char *text = sql_text(st, s, 2);
	struct arena *a = arena_new();
	char *profile_text = arena_strdup(a, text ? text : "");
	char *file = arena_strdup(a, sql_text(st, s, 3) ? sql_text(st, s, 3) : "");
	unsigned long line = (unsigned long)sql_int(st, s, 4);
	char *project = arena_strdup(a, sql_text(st, s, 5) ? sql_text(st, s, 5) : "");
	sql_end(st, s);
	const struct jx_profile *p = *profile_text ? store_profile_of_text(st, profile_text) : profile_national();
	bool ok = p != NULL;
	if (ok && comparable) {
		int64_t gap = score_c > self ? score_c - self : self - score_c;
		const char *g1 = profile_grade(p, self), *g2 = profile_grade(p, score_c);
		bool regraded = g1 && g2 && strcmp(g1, g2);
		if (gap > p->review_gap || regraded) {
			char a1[32], a2[32], a3[32], a4[32];
			const char *msg = arena_printf(
				a, "抽查复核得分 %s 与%s %s 相差 %s 分%s%s%s%s%s%s",
				points(a1, sizeof a1, score_c), declared ? "自评总分" : "复核总分",
				points(a2, sizeof a2, self), points(a3, sizeof a3, gap),
				gap > p->review_gap ? "（超过规则的 " : "", gap > p->review_gap ? points(a4, sizeof a4, p->review_gap) : "",
				gap > p->review_gap ? " 分）" : "", regraded ? "；等级由「" : "", regraded ? g1 : "",
				regraded ? arena_printf(a, "」变为「%s」", g2) : "");
			struct jx_diag d = {
				.check = JX_CHECK_REVIEW_SCORE_GAP,
				.severity = jx_check_default_severity(JX_CHECK_REVIEW_SCORE_GAP),
				.file = file,
				.line = line,
				.project = project,
				.message = msg,
			};
			if (p->sev_set[JX_CHECK_REVIEW_SCORE_GAP])
				d.severity = p->sev[JX_CHECK_REVIEW_SCORE_GAP];
			ok = d.severity == JX_SEV_IGNORE || st->be->put_form_finding(st, form, &d);
		}
	}
	arena_free(a);
	return ok;
}

enum jx_status jx_review_act(struct jx_store *st, const struct jx_session *who, long long form_id,
			     const struct jx_review_input *in, enum jx_state *now)
{
	st->err[0] = '\0';
	if (!who || !who->account) {
		store_fail(st, "审核操作须登录");
		return JX_ERR_DENIED;
	}
	if (!text_ok(in->opinion) || !text_ok(in->basis) || !text_ok(in->conclusion) || !text_ok(in->reason) ||
	    (in->scores && strlen(in->scores) > 64000)) {
		store_fail(st, "意见、依据、结论或原因太长（每项最多 8000 字节）");
		return JX_ERR_ARG;
	}
	if (in->has_score && (in->score_c < 0 || in->score_c > 10000)) {
		store_fail(st, "复核得分应在 0 到 100 分之间");
		return JX_ERR_ARG;
	}
	if (!sql_tx(st, SQL_BEGIN))
		return JX_ERR_STORE;
	enum jx_status why = JX_ERR_STORE;
	struct form_now f;
	if (!lock_form(st, form_id))
		return sql_tx(st, SQL_ROLLBACK), JX_ERR_STORE;
	bool missing = false;
	char ids[2048], at[32];
	enum jx_state to = JX_STATE_DRAFT;
	bool ok = form_now(st, jx_role_scoped(who->role) ? who->account : 0, form_id, &f, &missing);
	if (!ok && missing)
		why = JX_ERR_ARG;
	if (ok && in->version && in->version != f.version) {
		ok = store_fail(st, "这张表在你打开之后有了新版本（或已被替换）：请重新打开再审核");
		why = JX_ERR_CONFLICT;
	}
	ok = ok && transition(st, who, &f, in, &to, &why);
	if (ok && !cited(st, form_id, in, ids, sizeof ids)) {
		ok = false;
		why = st->err[0] && strstr(st->err, "引用") ? JX_ERR_ARG : JX_ERR_STORE;
	}
	sql_now(at);
	ok = ok && sql_exec(st, "写入审核记录失败",
			    "INSERT INTO reviews (form_id, version, action, from_state, to_state, at,"
			    " account_id, login, role, opinion, basis, conclusion, reason, findings, score_c,"
			    " scores) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
			    " $16)",
			    SQL_ARGS(SQL_I(form_id), SQL_I(f.version), SQL_T(jx_action_id(in->action)),
				     SQL_T(jx_state_id(f.state)), SQL_T(jx_state_id(to)), SQL_T(at),
				     SQL_I(who->account), SQL_T(who->login), SQL_T(jx_role_id(who->role)),
				     SQL_T(in->opinion), SQL_T(in->basis), SQL_T(in->conclusion),
				     SQL_T(in->reason), SQL_T(*ids ? ids : NULL),
				     in->has_score ? SQL_I(in->score_c) : SQL_T(NULL), SQL_T(in->scores)));
	if (ok && in->action == JX_ACT_SAMPLE_DONE)
		ok = score_gap(st, form_id, in->score_c);
	if (ok) { /* in the action's transaction: no action without its entry */
		char act[48], detail[300];
		snprintf(act, sizeof act, "review-%s", jx_action_id(in->action));
		snprintf(detail, sizeof detail, "%s：%s → %s（版本 %lld）", jx_action_label(in->action),
			 jx_state_label(f.state), jx_state_label(to), (long long)f.version);
		ok = log_action(st, who, act, form_id, detail, jx_state_id(f.state), jx_state_id(to));
	}
	ok = ok && sql_tx(st, SQL_COMMIT);
	if (!ok) {
		sql_tx(st, SQL_ROLLBACK);
		return why;
	}
	*now = to;
	return JX_OK;
}

enum jx_status jx_review_actions(struct jx_store *st, const struct jx_session *who, long long form_id,
				 bool allowed[JX_ACT__COUNT])
{
	memset(allowed, 0, JX_ACT__COUNT * sizeof *allowed);
	if (!who || !who->account)
		return JX_OK;
	struct form_now f;
	bool missing;
	if (!form_now(st, jx_role_scoped(who->role) ? who->account : 0, form_id, &f, &missing))
		return missing ? JX_ERR_ARG : JX_ERR_STORE;
	for (int a = 0; a < JX_ACT__COUNT; a++) {
		struct jx_review_input in = {.action = (enum jx_action)a, .reason = "-", .has_score = true};
		enum jx_state to;
		enum jx_status why;
		allowed[a] = transition(st, who, &f, &in, &to, &why);
	}
	st->err[0] = '\0'; /* the refusals are answers here, not errors */
	return JX_OK;
}

enum jx_status jx_review_version_state(struct jx_store *st, long long form_id, long long version,
				       enum jx_state *state)
{
	struct form_now f;
	if (!last_action(st, form_id, version, &f))
		return JX_ERR_STORE;
	*state = f.state;
	return JX_OK;
}

enum jx_status jx_review_history(struct jx_store *st, long long form_id, jx_review_fn *fn, void *ud)
{
	struct form_now f;
	bool missing;
	st->err[0] = '\0';
	if (!form_now(st, st->scope, form_id, &f, &missing))
		return missing ? JX_ERR_ARG : JX_ERR_STORE;
	struct sql_stmt *s = sql_query(st, "查询审核记录失败",
				       "SELECT id, form_id, version, action, from_state, to_state, at, login,"
				       " role, opinion, basis, conclusion, reason, findings, score_c, scores"
				       " FROM reviews WHERE form_id = $1 ORDER BY id",
				       SQL_ARGS(SQL_I(form_id)));
	if (!s)
		return JX_ERR_STORE;
	int rc;
	while ((rc = sql_row(st, s, "查询审核记录失败")) == SQL_ROW) {
		struct jx_review_event e = {
			.id = sql_int(st, s, 0),
			.form_id = sql_int(st, s, 1),
			.version = sql_int(st, s, 2),
			.at = sql_text(st, s, 6),
			.login = sql_text(st, s, 7),
			.role = sql_text(st, s, 8),
			.opinion = sql_text(st, s, 9),
			.basis = sql_text(st, s, 10),
			.conclusion = sql_text(st, s, 11),
			.reason = sql_text(st, s, 12),
			.findings = sql_text(st, s, 13),
			.has_score = sql_text(st, s, 14) != NULL,
			.score_c = sql_int(st, s, 14),
			.scores = sql_text(st, s, 15),
		};
		jx_action_from_name(sql_text(st, s, 3), &e.action);
		state_of_text(sql_text(st, s, 4), &e.from);
		state_of_text(sql_text(st, s, 5), &e.to);
		if (fn(&e, ud)) {
			sql_end(st, s);
			return JX_OK;
		}
	}
	return rc == SQL_DONE ? JX_OK : JX_ERR_STORE;
}

/* ---- findings and their dispositions ---------------------------------------------------- */

enum jx_status jx_finding_dispose(struct jx_store *st, const struct jx_session *who,
				  long long form_id, long long finding_id, enum jx_disposition d,
				  const char *reason)
{
	st->err[0] = '\0';
	if (!who || !who->account)
		return store_fail(st, "处理审核发现须登录"), JX_ERR_DENIED;
	if (step_of(who->role) == JX_STATE__COUNT)
		return store_fail(st, "审核发现由审核人（单位负责人、主管部门、财政）处理"), JX_ERR_DENIED;
	if ((unsigned)d >= JX_DISP__COUNT)
		return store_fail(st, "未知的处理状态"), JX_ERR_ARG;
	if (d == JX_DISP_FALSE && (!reason || !*reason))
		return store_fail(st, "标为误报须写明理由"), JX_ERR_ARG;
	if (!text_ok(reason))
		return store_fail(st, "理由太长（最多 8000 字节）"), JX_ERR_ARG;
	if (!sql_tx(st, SQL_BEGIN))
		return JX_ERR_STORE;
	if (!lock_form(st, form_id))
		return sql_tx(st, SQL_ROLLBACK), JX_ERR_STORE;
	int64_t version = 0, one;
	bool found = false, ok;
	enum jx_status why = JX_ERR_STORE;
	ok = sql_int_of(st, "查询自评表失败",
			"SELECT import_id FROM forms WHERE id = $1 AND " SQL_VISIBLE("$2", "forms"),
			SQL_ARGS(SQL_I(form_id), SQL_I(jx_role_scoped(who->role) ? who->account : 0)),
			&version, &found);
	if (ok && !found) {
		ok = store_fail(st, "没有这张表（id %lld）", form_id);
		why = JX_ERR_ARG;
	}
	struct form_now f;
	if (ok && !last_action(st, form_id, version, &f))
		ok = false;
	if (ok && f.state == JX_STATE_PUBLISHED) {
		ok = store_fail(st, "这张表已公开：审核发现的处理不再改动");
		why = JX_ERR_CONFLICT;
	}
	ok = ok && sql_int_of(st, "查询审核发现失败", "SELECT 1 FROM findings WHERE id = $1 AND form_id = $2",
			      SQL_ARGS(SQL_I(finding_id), SQL_I(form_id)), &one, &found);
	if (ok && !found) {
		ok = store_fail(st, "审核发现 %lld 不是这张表的", finding_id);
		why = JX_ERR_ARG;
	}
	char at[32];
	sql_now(at);
	ok = ok && sql_exec(st, "写入处理状态失败",
			    "INSERT INTO dispositions (form_id, version, finding_id, status, reason, at, login,"
			    " role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			    SQL_ARGS(SQL_I(form_id), SQL_I(version), SQL_I(finding_id),
				     SQL_T(jx_disposition_id(d)), SQL_T(reason), SQL_T(at), SQL_T(who->login),
				     SQL_T(jx_role_id(who->role))));
	if (ok) {
		char detail[600];
		snprintf(detail, sizeof detail, "审核发现 %lld 标为%s%s%.*s", finding_id, jx_disposition_label(d),
			 reason ? "：" : "", jx_text_prefix(reason, 500), reason ? reason : "");
		ok = log_action(st, who, "dispose", form_id, detail, NULL, jx_disposition_id(d));
	}
	ok = ok && sql_tx(st, SQL_COMMIT);
	if (!ok) {
		sql_tx(st, SQL_ROLLBACK);
		return why;
	}
	return JX_OK;
}

enum jx_status jx_store_findings_of(struct jx_store *st, long long form_id, jx_stored_finding_fn *fn,
				    void *ud)
{
	st->err[0] = '\0';
	int64_t version = 0;
	bool found = false;
	if (!sql_int_of(st, "查询自评表失败",
			"SELECT import_id FROM forms WHERE id = $1 AND " SQL_VISIBLE("$2", "forms"),
			SQL_ARGS(SQL_I(form_id), SQL_I(st->scope)), &version, &found))
		return JX_ERR_STORE;
	if (!found)
		return store_fail(st, "没有这张表（id %lld）", form_id), JX_ERR_ARG;
	struct sql_stmt *s = sql_query(
		st, "查询审核发现失败",
		"SELECT x.id, x.check_id, x.severity, x.file, x.line, x.project, x.message,"
		" (SELECT d.status FROM dispositions d WHERE d.form_id = $1 AND d.version = $2"
		"  AND d.finding_id = x.id ORDER BY d.id DESC LIMIT 1),"
		" (SELECT d.reason FROM dispositions d WHERE d.form_id = $1 AND d.version = $2"
		"  AND d.finding_id = x.id ORDER BY d.id DESC LIMIT 1)"
		" FROM findings x WHERE x.form_id = $1 ORDER BY x.id",
		SQL_ARGS(SQL_I(form_id), SQL_I(version)));
	if (!s)
		return JX_ERR_STORE;
	int rc;
	while ((rc = sql_row(st, s, "查询审核发现失败")) == SQL_ROW) {
		struct jx_stored_finding x = {.id = sql_int(st, s, 0)};
		if (!jx_check_from_name(sql_text(st, s, 1), &x.diag.check) ||
		    !jx_severity_from_name(sql_text(st, s, 2), &x.diag.severity))
			continue; /* a check this version does not know */
		x.diag.file = sql_text(st, s, 3);
		x.diag.line = (unsigned long)sql_int(st, s, 4);
		x.diag.project = sql_text(st, s, 5);
		x.diag.message = sql_text(st, s, 6);
		const char *disp = sql_text(st, s, 7);
		if (!disp || !jx_disposition_from_name(disp, &x.disposition))
			x.disposition = JX_DISP_OPEN;
		x.reason = sql_text(st, s, 8);
		if (fn(&x, ud)) {
			sql_end(st, s);
			return JX_OK;
		}
	}
	return rc == SQL_DONE ? JX_OK : JX_ERR_STORE;
}

/* ---- tasks -------------------------------------------------------------------------------- */

static bool date_valid(const char *d)
{
	if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return false;
	int y = atoi(d), m = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m >= 1 && m <= 12 && day >= 1 && day <= days[m - 1] + (m == 2 && leap);
}

enum jx_status jx_task_add(struct jx_store *st, const struct jx_session *who, const struct jx_task *t,
			   long long *id)
{
	st->err[0] = '\0';
	*id = 0;
	if (!who || (who->role != JX_ROLE_FINANCE && who->role != JX_ROLE_ADMIN))
		return store_fail(st, "任务由财政审核或管理员下达"), JX_ERR_DENIED;
	if (t->year < 1900 || t->year > 2999)
		return store_fail(st, "年度无效"), JX_ERR_ARG;
	if (!date_valid(t->deadline))
		return store_fail(st, "截止日期「%s」无效：应为 YYYY-MM-DD", t->deadline ? t->deadline : ""), JX_ERR_ARG;
	if (!store_text_valid(t->title, 500))
		return store_fail(st, "任务名称无效：1–500 字节的文字，不含控制字符"), JX_ERR_ARG;
	for (size_t i = 0; i < t->nunits; i++)
		if (!store_text_valid(t->units[i], 255))
			return store_fail(st, "单位名称无效：1–255 字节的文字，不含控制字符"), JX_ERR_ARG;
	char at[32];
	sql_now(at);
	if (!sql_tx(st, SQL_BEGIN))
		return JX_ERR_STORE;
	bool found = false;
	int64_t tid = 0;
	bool ok = sql_int_of(st, "写入任务失败",
			     "INSERT INTO tasks (year, title, deadline, created, login) VALUES ($1, $2, $3, $4, $5)"
			     " RETURNING id",
			     SQL_ARGS(SQL_I(t->year), SQL_T(t->title), SQL_T(t->deadline), SQL_T(at), SQL_T(who->login)),
			     &tid, &found);
	for (size_t i = 0; ok && i < t->nunits; i++) {
		char key[1024];
		text_norm_buf(t->units[i], strlen(t->units[i]), key, sizeof key);
		ok = sql_exec(st, "写入任务失败",
			      "INSERT INTO task_units (task_id, key, name) VALUES ($1, $2, $3)"
			      " ON CONFLICT (task_id, key) DO NOTHING",
			      SQL_ARGS(SQL_I(tid), SQL_T(key), SQL_T(t->units[i])));
	}
	if (ok) {
		char detail[700];
		snprintf(detail, sizeof detail, "下达任务「%.*s」：%d 年度，截止 %s，%zu 个单位%s",
			 jx_text_prefix(t->title, 400), t->title, t->year, t->deadline, t->nunits,
			 t->nunits ? "" : "（名册上的全部单位）");
		ok = log_action(st, who, "task-add", 0, detail, NULL, NULL);
	}
	ok = ok && sql_tx(st, SQL_COMMIT);
	if (!ok) {
		sql_tx(st, SQL_ROLLBACK);
		return JX_ERR_STORE;
	}
	*id = tid;
	return JX_OK;
}

struct task_row {
	int64_t id;
	int year;
	char *title, *deadline, *created, *login;
};

enum jx_status jx_task_list(struct jx_store *st, jx_task_fn *fn, void *ud)
{
	struct sql_stmt *s = sql_query(st, "查询任务失败",
				       "SELECT id, year, title, deadline, created, login FROM tasks ORDER BY id DESC",
				       SQL_NONE);
	if (!s)
		return JX_ERR_STORE;
	struct task_row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sql_row(st, s, "查询任务失败")) == SQL_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rows[n++] = (struct task_row){sql_int(st, s, 0), (int)sql_int(st, s, 1), xstrdup(sql_text(st, s, 2)),
					      xstrdup(sql_text(st, s, 3)), xstrdup(sql_text(st, s, 4)),
					      xstrdup(sql_text(st, s, 5))};
	}
	bool ok = rc == SQL_DONE, stop = false;
	for (size_t i = 0; i < n; i++) {
		char **names = NULL;
		size_t nn = 0, cap2 = 0;
		struct sql_stmt *u = ok && !stop ? sql_query(st, "查询任务失败",
							    "SELECT name FROM task_units WHERE task_id = $1 ORDER BY key",
							    SQL_ARGS(SQL_I(rows[i].id)))
						 : NULL;
		while (u && (rc = sql_row(st, u, "查询任务失败")) == SQL_ROW) {
			if (nn == cap2) {
				cap2 = cap2 ? cap2 * 2 : 8;
				names = xrealloc(names, cap2 * sizeof *names);
			}
			names[nn++] = xstrdup(sql_text(st, u, 0));
		}
		if (u && rc != SQL_DONE)
			ok = false;
		if (!u && !stop)
			ok = false;
		if (ok && !stop) {
			struct jx_task t = {rows[i].id, rows[i].year, rows[i].title, rows[i].deadline, rows[i].created,
					    rows[i].login, (const char *const *)names, nn};
			stop = fn(&t, ud) != 0;
		}
		for (size_t k = 0; k < nn; k++)
			free(names[k]);
		free(names);
		free(rows[i].title);
		free(rows[i].deadline);
		free(rows[i].created);
		free(rows[i].login);
	}
	free(rows);
	return ok ? JX_OK : JX_ERR_STORE;
}

/* A task's units: listed, or the registry's; those an account (the
 * scope, $3) covers; each with its forms of the year by state (a form's
 * state: its current version's last action, none 未送审). */
#define TASK_UNITS_SQL                                                                            \
	"WITH tu AS (SELECT key, name FROM task_units WHERE task_id = $1"                         \
	"  UNION ALL SELECT key, name FROM units WHERE NOT EXISTS"                                \
	"  (SELECT 1 FROM task_units WHERE task_id = $1)),"                                       \
	" fs AS (SELECT f.key_implementer AS key, COALESCE((SELECT r.to_state FROM reviews r"     \
	"  WHERE r.form_id = f.id AND r.version = f.import_id ORDER BY r.id DESC LIMIT 1), 'draft')" \
	"  AS state FROM forms f WHERE f.year = $2 AND " SQL_VISIBLE("$3", "f") ")"             \
	" SELECT tu.name, count(fs.key), sum(CASE WHEN fs.state = 'draft' THEN 1 ELSE 0 END),"    \
	" sum(CASE WHEN fs.state = 'returned' THEN 1 ELSE 0 END),"                                 \
	" sum(CASE WHEN fs.state IN ('unit-review', 'department-review', 'finance-review')"       \
	"  THEN 1 ELSE 0 END),"                                                                    \
	" sum(CASE WHEN fs.state IN ('approved', 'sampled', 'sample-done', 'published')"          \
	"  THEN 1 ELSE 0 END)"                                                                     \
	" FROM tu LEFT JOIN fs ON fs.key = tu.key"                                                 \
	" WHERE $3 = 0 OR EXISTS (SELECT 1 FROM accounts c WHERE c.id = $3 AND c.role IN ('finance', 'admin'))" \
	"  OR EXISTS (SELECT 1 FROM account_scope a JOIN accounts c ON c.id = a.account_id"       \
	"  WHERE a.account_id = $3 AND CASE WHEN c.role = 'department' THEN a.key ="              \
	"  COALESCE((SELECT u.key_department FROM units u WHERE u.key = tu.key),"                 \
	"  (SELECT f.key_department FROM forms f WHERE f.key_implementer = tu.key LIMIT 1), '')" \
	"  ELSE a.key = tu.key END)"                                                               \
	" GROUP BY tu.key, tu.name ORDER BY tu.key"

enum jx_status jx_task_progress(struct jx_store *st, long long task, const char *today, jx_task_unit_fn *fn,
				void *ud)
{
	st->err[0] = '\0';
	struct sql_stmt *s = sql_query(st, "查询任务失败", "SELECT year, deadline FROM tasks WHERE id = $1",
				       SQL_ARGS(SQL_I(task)));
	if (!s)
		return JX_ERR_STORE;
	int rc = sql_row(st, s, "查询任务失败");
	if (rc != SQL_ROW)
		return rc == SQL_DONE ? (store_fail(st, "没有这个任务（%lld）", task), JX_ERR_ARG) : JX_ERR_STORE;
	int year = (int)sql_int(st, s, 0);
	char deadline[16];
	snprintf(deadline, sizeof deadline, "%s", sql_text(st, s, 1) ? sql_text(st, s, 1) : "");
	sql_end(st, s);
	bool late = today && strcmp(today, deadline) > 0;
	s = sql_query(st, "查询任务失败", TASK_UNITS_SQL, SQL_ARGS(SQL_I(task), SQL_I(year), SQL_I(st->scope)));
	if (!s)
		return JX_ERR_STORE;
	while ((rc = sql_row(st, s, "查询任务失败")) == SQL_ROW) {
		struct jx_task_unit u = {
			.unit = sql_text(st, s, 0),
			.forms = (unsigned long)sql_int(st, s, 1),
			.draft = (unsigned long)sql_int(st, s, 2),
			.returned = (unsigned long)sql_int(st, s, 3),
			.in_review = (unsigned long)sql_int(st, s, 4),
			.passed = (unsigned long)sql_int(st, s, 5),
		};
		u.done = u.forms && !u.draft && !u.returned;
		u.overdue = !u.done && late;
		if (fn(&u, ud)) {
			sql_end(st, s);
			return JX_OK;
		}
	}
	return rc == SQL_DONE ? JX_OK : JX_ERR_STORE;
}
