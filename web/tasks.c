/*
 * tasks.c: /tasks in `jixiao serve` — the self-evaluation tasks 财政
 * issues and where each unit stands (the account's scope only): its forms
 * of the year by state, done, due or overdue (red), returned ones shown;
 * 财政 and 管理员 issue a task from the page.
 */
#include "web.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct tasks_page {
	struct web_req *rq;
	struct jx_store *st;
	struct jx_buf *b;
	char today[16];
	unsigned long n;
	bool failed;
};

static int unit_row(const struct jx_task_unit *u, void *ud)
{
	struct tasks_page *tp = ud;
	struct jx_buf *b = tp->b;
	const char *cls = u->overdue ? "bad" : u->done ? "ok" : "";
	jx_buf_printf(b, "<tr class=\"%s\" data-overdue=\"%s\"><td class=\"l\">", cls, u->overdue ? "1" : "0");
	H(b, u->unit);
	jx_buf_printf(b, "</td><td>%lu</td><td>%lu</td><td>%lu</td><td>%lu</td><td>%lu</td><td class=\"l\">%s</td></tr>\n",
		      u->forms, u->draft, u->returned, u->in_review, u->passed,
		      u->overdue ? "逾期" : u->done ? "已完成" : u->returned ? "有被退回的表" : "未到期");
	return 0;
}

static int task_block(const struct jx_task *t, void *ud)
{
	struct tasks_page *tp = ud;
	struct jx_buf *b = tp->b;
	tp->n++;
	jx_buf_printf(b, "<h2 id=\"task-%lld\">", t->id);
	H(b, t->title);
	jx_buf_printf(b, "</h2>\n<p>%d 年度，截止 ", t->year);
	H(b, t->deadline);
	jx_buf_puts(b, "（");
	H(b, t->login);
	jx_buf_puts(b, " 下达）</p>\n<table class=\"data sortable\"><thead><tr><th>单位</th><th>表数</th><th>未送审</th>"
		       "<th>被退回</th><th>审核中</th><th>已通过</th><th>状况</th></tr></thead><tbody>\n");
	if (jx_task_progress(tp->st, t->id, tp->today, unit_row, tp) != JX_OK)
		tp->failed = true;
	jx_buf_puts(b, "</tbody></table>\n");
	return tp->failed;
}

void web_tasks(struct web_req *rq, struct web_resp *rs)
{
	char err[512];
	struct jx_store *st = web_store(rq->w, web_account(rq), err, sizeof err);
	if (!st) {
		web_error(rs, 503, err);
		return;
	}
	struct tasks_page tp = {rq, st, &rs->body, "", 0, false};
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(tp.today, sizeof tp.today, "%Y-%m-%d", &tm);
	struct jx_buf *b = &rs->body;
	web_page_begin(rq, b, "自评任务");
	jx_buf_printf(b, "<p class=\"note\">今天 %s；截止日期已过、还有表未送审（或一张也没有）的单位标为逾期。</p>\n", tp.today);
	if (jx_task_list(st, task_block, &tp) != JX_OK || tp.failed) {
		web_error(rs, 500, jx_store_error(st));
		web_store_done(st);
		return;
	}
	if (!tp.n)
		jx_buf_puts(b, "<p>还没有任务。</p>\n");
	if (rq->who && (rq->who->role == JX_ROLE_FINANCE || rq->who->role == JX_ROLE_ADMIN)) {
		jx_buf_puts(b, "<h2>下达任务</h2>\n<form method=\"post\" action=\"/tasks\" enctype=\"multipart/form-data\" id=\"task-form\">"
			       "<input type=\"hidden\" name=\"csrf\" value=\"");
		H(b, web_csrf(rq));
		jx_buf_puts(b, "\"><p><label>名称 <input name=\"title\" required maxlength=\"500\"></label></p>"
			       "<p><label>年度 <input name=\"year\" required size=\"6\" inputmode=\"numeric\"></label> "
			       "<label>截止日期 <input name=\"deadline\" type=\"date\" required></label></p>"
			       "<p><label>单位（每行一个；不填为单位名册上的全部单位）<textarea name=\"units\" rows=\"4\"></textarea></label></p>"
			       "<p><button type=\"submit\">下达</button></p></form>\n");
	}
	web_page_end(b);
	web_store_done(st);
}

void web_task_post(struct web_req *rq, struct web_resp *rs)
{
	if (!rq->who || (rq->who->role != JX_ROLE_FINANCE && rq->who->role != JX_ROLE_ADMIN)) {
		web_error(rs, 403, "任务由财政审核或管理员下达");
		return;
	}
	const char *year = web_field(rq, "year"), *units = web_field(rq, "units");
	struct jx_task t = {.title = web_field(rq, "title"), .deadline = web_field(rq, "deadline")};
	char *end = NULL;
	long y = year ? strtol(year, &end, 10) : 0;
	if (!year || *end || y < 1900 || y > 2999) {
		web_error(rs, 422, "年度无效：应为四位数字");
		return;
	}
	t.year = (int)y;
	/* the units, one a line */
	char *copy = cli_xstrdup(units ? units : "");
	const char **names = cli_xrealloc(NULL, (strlen(copy) / 2 + 1) * sizeof *names);
	for (char *line = copy, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t n = strlen(line);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		while (*line == ' ')
			line++;
		if (*line)
			names[t.nunits++] = line;
	}
	t.units = names;
	char err[512];
	struct jx_store *st = web_store(rq->w, 0, err, sizeof err);
	long long id = 0;
	if (!st) {
		web_error(rs, 503, err);
	} else {
		enum jx_status s = jx_task_add(st, rq->who, &t, &id);
		if (s != JX_OK) {
			web_error(rs, s == JX_ERR_ARG ? 422 : s == JX_ERR_DENIED ? 403 : 503, jx_store_error(st));
		} else {
			rs->status = 303;
			snprintf(rs->location, sizeof rs->location, "/tasks#task-%lld", id);
		}
	}
	web_store_done(st);
	free(names);
	free(copy);
}
