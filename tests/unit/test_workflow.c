/*
 * test_workflow.c: the review's rules as a table, on a store in memory.
 * For every role (a clerk and a unit head of the form's unit, another
 * unit's clerk, the 主管部门 reviewer, 财政, 管理员), every state and
 * every action, the action is taken on a form brought to that state by
 * the legal path (submit, the unit head's pass, the 主管部门's, 财政's,
 * sample, sample-done, publish; a return by the 主管部门), and its
 * outcome is compared with allowed() below — written from the README's
 * table, not from workflow.c.  A refused action must leave the state as
 * it was.
 */
#include "forms.h"
#include "unit.h"

#include <stdlib.h>

enum who { C, H, C2, D, F, A, WHO__N };
static const char *const logins[WHO__N] = {"clerk", "head", "clerk2", "dept", "fin", "admin"};
static struct jx_session who[WHO__N];
static struct jx_store *st;
static int next_project;

/* A new form of 测试中心 (a fresh one for each case that changes it). */
static long long new_form(void)
{
	char name[32];
	snprintf(name, sizeof name, "项目%d", next_project++);
	struct seen s;
	struct jx_form *f = run_parts(&(struct parts){.project = name}, &s);
	enum jx_put_result put;
	long long id = 0;
	if (f && jx_store_begin(st, "w.txt", NULL) == JX_OK && jx_store_put_form(st, f, &put) == JX_OK) {
		id = jx_store_last_form(st);
		if (jx_store_commit(st) != JX_OK)
			id = 0;
	}
	jx_form_free(f);
	return id;
}

static enum jx_status act(enum who w, long long id, enum jx_action a)
{
	struct jx_review_input in = {.action = a, .reason = "理由", .has_score = true, .score_c = 9000};
	enum jx_state now;
	return jx_review_act(st, &who[w], id, &in, &now);
}

static enum jx_state state_of(long long id)
{
	enum jx_state s = JX_STATE__COUNT, prior;
	long long v;
	jx_review_state(st, id, &s, &v, &prior);
	return s;
}

/* The legal path to each state: its actions in order. */
static const struct {
	enum who w;
	enum jx_action a;
} path[] = {
	{C, JX_ACT_SUBMIT},  {H, JX_ACT_APPROVE}, {D, JX_ACT_APPROVE},     {F, JX_ACT_APPROVE},
	{F, JX_ACT_SAMPLE}, {F, JX_ACT_SAMPLE_DONE}, {F, JX_ACT_PUBLISH},
};
static const enum jx_state along[] = {
	JX_STATE_DRAFT,    JX_STATE_UNIT_REVIEW, JX_STATE_DEPT_REVIEW, JX_STATE_FINANCE_REVIEW,
	JX_STATE_APPROVED, JX_STATE_SAMPLED,     JX_STATE_SAMPLE_DONE, JX_STATE_PUBLISHED,
};

static long long form_in(enum jx_state s)
{
	long long id = new_form();
	if (s == JX_STATE_RETURNED) {
		act(C, id, JX_ACT_SUBMIT);
		act(H, id, JX_ACT_APPROVE);
		act(D, id, JX_ACT_RETURN);
		return id;
	}
	for (size_t i = 0; along[i] != s; i++)
		act(path[i].w, id, path[i].a);
	return id;
}

/* The README's rules, as a table: who may take action a at state s
 * (reached by the path above, so the last action is known). */
static bool allowed(enum who w, enum jx_state s, enum jx_action a)
{
	bool unit = w == C || w == H;
	switch (a) {
	case JX_ACT_SUBMIT: return unit && (s == JX_STATE_DRAFT || s == JX_STATE_RETURNED);
	case JX_ACT_CANCEL_SUBMIT: return unit && s == JX_STATE_UNIT_REVIEW; /* the last action a submit */
	case JX_ACT_APPROVE:
		return (w == H && s == JX_STATE_UNIT_REVIEW) || (w == D && s == JX_STATE_DEPT_REVIEW) ||
		       (w == F && s == JX_STATE_FINANCE_REVIEW);
	case JX_ACT_RETURN:
		return (w == H && s == JX_STATE_UNIT_REVIEW) || (w == D && s == JX_STATE_DEPT_REVIEW) ||
		       (w == F && (s == JX_STATE_FINANCE_REVIEW || s == JX_STATE_APPROVED || s == JX_STATE_SAMPLED ||
				   s == JX_STATE_SAMPLE_DONE));
	case JX_ACT_CANCEL_REVIEW: /* one's own last pass or return */
		return (w == H && s == JX_STATE_DEPT_REVIEW) || (w == D && s == JX_STATE_FINANCE_REVIEW) ||
		       (w == F && s == JX_STATE_APPROVED) || (w == D && s == JX_STATE_RETURNED);
	case JX_ACT_SAMPLE: return w == F && s == JX_STATE_APPROVED;
	case JX_ACT_SAMPLE_DONE: return w == F && s == JX_STATE_SAMPLED;
	case JX_ACT_PUBLISH: return w == F && (s == JX_STATE_APPROVED || s == JX_STATE_SAMPLE_DONE);
	default: return false;
	}
}

static void add_account(const char *login, enum jx_role role, const char *scope)
{
	const char *sc[1] = {scope};
	struct jx_account a = {.login = login, .name = login, .role = role, .scope = sc, .nscope = scope ? 1 : 0};
	CHECK(jx_account_add(st, &a, "password-1234") == JX_OK);
}

int main(void)
{
	char err[600];
	CHECK(jx_store_open(":memory:", JX_STORE_CREATE, &st, err, sizeof err) == JX_OK);
	if (!st)
		return 1;
	struct jx_unit u = {"测试中心", "测试局", NULL};
	CHECK(jx_unit_put(st, &u) == JX_OK);
	add_account("clerk", JX_ROLE_CLERK, "测试中心");
	add_account("head", JX_ROLE_UNIT_HEAD, "测试中心");
	add_account("clerk2", JX_ROLE_CLERK, "另一个单位");
	add_account("dept", JX_ROLE_DEPARTMENT, "测试局");
	add_account("fin", JX_ROLE_FINANCE, NULL);
	add_account("admin", JX_ROLE_ADMIN, NULL);
	for (int w = 0; w < WHO__N; w++)
		CHECK(jx_session_for(st, logins[w], &who[w]) == JX_OK);

	/* the path itself reaches each state */
	for (size_t i = 0; i < sizeof along / sizeof along[0]; i++)
		CHECK_INT(state_of(form_in(along[i])), along[i]);
	CHECK_INT(state_of(form_in(JX_STATE_RETURNED)), JX_STATE_RETURNED);

	/* every role × state × action; one form per state for what is refused */
	static const enum jx_state states[] = {
		JX_STATE_DRAFT,    JX_STATE_UNIT_REVIEW, JX_STATE_DEPT_REVIEW, JX_STATE_FINANCE_REVIEW,
		JX_STATE_APPROVED, JX_STATE_SAMPLED,     JX_STATE_SAMPLE_DONE, JX_STATE_PUBLISHED,
		JX_STATE_RETURNED,
	};
	unsigned long cases = 0, allowed_n = 0, mismatches = 0;
	for (size_t si = 0; si < sizeof states / sizeof states[0]; si++) {
		long long shared = form_in(states[si]);
		for (int w = 0; w < WHO__N; w++)
			for (int a = 0; a < JX_ACT__COUNT; a++) {
				bool want = allowed((enum who)w, states[si], (enum jx_action)a);
				long long id = want ? form_in(states[si]) : shared;
				enum jx_status got = act((enum who)w, id, (enum jx_action)a);
				cases++;
				allowed_n += want;
				if ((got == JX_OK) != want || (!want && state_of(id) != states[si])) {
					mismatches++;
					printf("not ok - %s %s at %s: %s (%s)\n", logins[w], jx_action_id((enum jx_action)a),
					       jx_state_id(states[si]), got == JX_OK ? "allowed" : "refused", jx_store_error(st));
				}
			}
	}
	CHECK_INT(cases, 9 * WHO__N * JX_ACT__COUNT);
	CHECK(allowed_n > 20);
	CHECK_INT(mismatches, 0);

	/* a return needs a reason; 复核完成 a score; a pass over an open error a reason */
	long long r = form_in(JX_STATE_DEPT_REVIEW);
	struct jx_review_input in = {.action = JX_ACT_RETURN};
	enum jx_state now;
	CHECK(jx_review_act(st, &who[D], r, &in, &now) == JX_ERR_ARG);
	long long sd = form_in(JX_STATE_SAMPLED);
	in = (struct jx_review_input){.action = JX_ACT_SAMPLE_DONE};
	CHECK(jx_review_act(st, &who[F], sd, &in, &now) == JX_ERR_ARG);
	CHECK_INT(state_of(sd), JX_STATE_SAMPLED);
	/* a stale version: 409, nothing done */
	in = (struct jx_review_input){.action = JX_ACT_APPROVE, .version = 999999, .reason = "x"};
	CHECK(jx_review_act(st, &who[D], r, &in, &now) == JX_ERR_CONFLICT);
	CHECK_INT(state_of(r), JX_STATE_DEPT_REVIEW);
	/* findings are disposed of by reviewers only */
	CHECK(jx_finding_dispose(st, &who[C], r, 1, JX_DISP_FIXED, NULL) == JX_ERR_DENIED);
	CHECK(jx_finding_dispose(st, &who[A], r, 1, JX_DISP_FIXED, NULL) == JX_ERR_DENIED);
	CHECK(jx_finding_dispose(st, &who[D], r, 1, JX_DISP_FALSE, NULL) == JX_ERR_ARG); /* 误报 needs a reason */
	/* with no unit head, a clerk's 送审 goes to the 主管部门 */
	CHECK(jx_account_set_disabled(st, "head", true) == JX_OK);
	long long nh = new_form();
	CHECK(act(C, nh, JX_ACT_SUBMIT) == JX_OK);
	CHECK_INT(state_of(nh), JX_STATE_DEPT_REVIEW);
	/* … and with no 主管部门 either, to 财政 */
	CHECK(jx_account_set_disabled(st, "dept", true) == JX_OK);
	long long nd = new_form();
	CHECK(act(C, nd, JX_ACT_SUBMIT) == JX_OK);
	CHECK_INT(state_of(nd), JX_STATE_FINANCE_REVIEW);

	jx_store_close(st);
	printf("test_workflow: %lu passed, %lu failed\n", unit_pass, unit_fail);
	return unit_fail != 0;
}
