/*
 * importer.c: one input imported into the store, as one transaction: read,
 * rescored and audited as check does, then stored with its findings, all of
 * its forms or none.  Used by `import` (a file at a time) and by `serve`
 * (an uploaded file, or one form saved from the editor).
 *
 * An input is rejected (rolled back, nothing stored) when it cannot be
 * read, holds no form, any part of any form could not be read (an
 * `unparsed` finding: storing what could be read of such a form would lose
 * the rest without a trace), a form has no year or no project name (it
 * could not be told from another such form), or it holds the same form
 * twice.  `unparsed` is an error here whatever the rules say.  Before the
 * commit the stored year-over-year findings of the years next to the
 * input's are brought up to date (jx_store_update_yoy) and reported to the
 * caller's callback.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>

/* One input's import: begun, its forms put, ended (committed or not). */
struct run {
	struct jx_store *store;
	struct cli_import *res;
	const struct cli_import_guard *guard; /* may be NULL */
	struct cli_held held; /* the current form's findings */
	bool yoy;             /* findings now come from the comparison */
	jx_diag_fn *yoy_fn;
	void *ud;
	const struct jx_profile *profile;
	const char *name;
	struct jx_audit *audit; /* the input's own: forms are compared within it */
	bool began;             /* its transaction */
	int years[64];
	size_t ny;
};

static void reject(struct cli_import *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reject(struct cli_import *res, const char *fmt, ...)
{
	if (res->rejected)
		return; /* the first reason */
	res->rejected = true;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->why, sizeof res->why, fmt, ap);
	va_end(ap);
}

static void on_diag(const struct jx_diag *d, void *ud)
{
	struct run *run = ud;
	run->res->counts[d->severity]++;
	if (run->yoy) { /* the store keeps these itself */
		if (run->yoy_fn)
			run->yoy_fn(d, run->ud);
		return;
	}
	/* a scan read by OCR: refused first, before what OCR could not read */
	if (d->check == JX_CHECK_OCR && !cli_accept_ocr)
		reject(run->res, "%s: 由 OCR 从扫描件识别，未导入：对照原件核对后加 --accept-ocr 导入", d->file);
	/* line 0: the file as a whole (a workbook's ZIP, its size): no ":0" */
	if (d->check == JX_CHECK_UNPARSED && d->line)
		reject(run->res, "%s:%lu: %s", d->file, d->line, d->message);
	else if (d->check == JX_CHECK_UNPARSED)
		reject(run->res, "%s: %s", d->file, d->message);
	cli_held_add(&run->held, d);
}

/* Store the findings held so far (unless the input is already lost). */
static void flush(struct run *run)
{
	for (size_t i = 0; i < run->held.n; i++)
		if (!run->res->rejected && !run->res->store_failed &&
		    jx_store_put_finding(run->store, &run->held.v[i]) != JX_OK)
			run->res->store_failed = true;
	cli_held_clear(&run->held);
}

static void add_year(int *years, size_t *ny, int y)
{
	for (size_t i = 0; i < *ny; i++)
		if (years[i] == y)
			return;
	if (*ny < 64 && y)
		years[(*ny)++] = y;
}

/* The stored year-over-year findings around each year of this input. */
static void update_yoy(struct run *run, struct jx_ctx *ctx, const struct jx_profile *profile,
		       const int *years, size_t ny)
{
	run->yoy = true;
	for (size_t i = 0; i < ny && !run->res->store_failed; i++) {
		unsigned long matched = 0;
		if (jx_store_update_yoy(run->store, ctx, profile, years[i], &matched) != JX_OK)
			run->res->store_failed = true;
		else if (matched && run->res->nyoy < sizeof run->res->yoy / sizeof run->res->yoy[0])
			run->res->yoy[run->res->nyoy++] =
				(struct cli_yoy){years[i], years[i] - 1, matched};
	}
	run->yoy = false;
}

/* What a save from the editor must be: one form, and new, or the new
 * version of the stored form it was opened from (the store matches year,
 * units and project as normalised: a changed spelling is the same form, a
 * changed name another one). */
static int seen_form(const struct jx_store_form *f, void *ud)
{
	(void)f;
	*(bool *)ud = true;
	return 1;
}

/* The form just stored is one the guard's account may see (its scope is
 * the store's to tell: the same rule as every page's). */
static bool in_account_scope(struct run *run)
{
	struct jx_store_query q = {.id = jx_store_last_form(run->store), .account = run->guard->account};
	bool seen = false;
	if (jx_store_list(run->store, &q, seen_form, &seen) != JX_OK) {
		run->res->store_failed = true;
		snprintf(run->res->why, sizeof run->res->why, "%s", jx_store_error(run->store));
		return true;
	}
	return seen;
}

/* A form that passed review is not replaced: its review, its sample and
 * what was published stand until 财政 returns it (the review would else
 * be escaped by saving again). */
static void check_passed(struct run *run, enum jx_put_result put, const struct jx_summary *s)
{
	enum jx_state old = JX_STATE_DRAFT;
	if (put != JX_PUT_REPLACED)
		return;
	if (jx_review_version_state(run->store, jx_store_last_replaced(run->store),
				    jx_store_last_replaced_version(run->store), &old) != JX_OK) {
		run->res->store_failed = true;
		snprintf(run->res->why, sizeof run->res->why, "%s", jx_store_error(run->store));
		return;
	}
	if (old == JX_STATE_APPROVED || old == JX_STATE_SAMPLED || old == JX_STATE_SAMPLE_DONE ||
	    old == JX_STATE_PUBLISHED)
		reject(run->res, "%s:%lu: 这张表已「%s」，不能再存入新版本：须先由财政退回（这个文件一张也没有导入）",
		       s->file, s->line, jx_state_label(old));
}

static void check_guard(struct run *run, enum jx_put_result put, const struct jx_summary *s)
{
	check_passed(run, put, s);
	const struct cli_import_guard *g = run->guard;
	if (!g)
		return;
	if (g->account && jx_store_last_form(run->store) && !in_account_scope(run))
		reject(run->res, "%s:%lu: 表的实施单位「%s」（主管部门「%s」）不在你的账号范围内：这个文件一张也没有导入",
		       s->file, s->line, s->implementer, s->department ? s->department : "");
	if (g->one_form && run->res->forms > 1)
		reject(run->res, "一次只能保存一张表");
	if (g->must_be_new && put == JX_PUT_REPLACED)
		reject(run->res, "已有同一张表（年度、主管部门、实施单位、项目名称相同）：请打开它编辑，未保存");
	if (g->replaces && (put != JX_PUT_REPLACED || jx_store_last_replaced(run->store) != g->replaces))
		reject(run->res,
		       "表的年度、主管部门、实施单位或项目名称与原表不同：保存会替换或新增另一张表，未保存"
		       "（要新建一张表，请用「填报」）");
	else if (g->version && put == JX_PUT_REPLACED &&
		 jx_store_last_replaced_version(run->store) != g->version)
		reject(run->res, "这张表在打开编辑之后已被另一次保存或导入替换：请重新打开它再修改，未保存");
}

/* ---- one input, as one transaction ---------------------------------------------- */

static void session_begin(struct run *run, struct jx_ctx *ctx, const char *name)
{
	memset(run->res, 0, sizeof *run->res);
	run->name = name;
	run->ny = 0;
	run->audit = jx_audit_new(ctx);
	run->began = jx_store_begin(run->store, name, run->profile) == JX_OK;
	if (!run->began) {
		run->res->store_failed = true; /* read on, nothing stored */
		snprintf(run->res->why, sizeof run->res->why, "%s", jx_store_error(run->store));
	}
}

/* A form, scored and audited, put into the store (or judged unfit); its
 * texts rendered ahead, or NULL (rendered here). */
static void session_form(struct run *run, struct jx_form *f, const struct jx_form_texts *texts)
{
	struct cli_import *res = run->res;
	struct jx_summary s;
	jx_form_summary(f, &s);
	res->forms++;
	if (s.ocr && !cli_accept_ocr)
		reject(res, "%s:%lu: 这张表由 OCR 从扫描件识别，未导入：对照原件核对后加 --accept-ocr 导入",
		       s.file, s.line);
	else if (!s.year || !*s.project)
		/* no identity: it would replace, or be replaced by, any other
		 * such form; the missing-field finding says which cell */
		reject(res, "%s:%lu: 表缺少%s，无法确定是哪一张表（按年度、主管部门、实施单位、项目名称识别）",
		       s.file, s.line, !s.year ? "年度" : "项目名称");
	enum jx_put_result put = JX_PUT_ADDED;
	if (!res->rejected && !res->store_failed) {
		if ((texts ? jx_store_put_form_texts(run->store, f, texts, &put)
			   : jx_store_put_form(run->store, f, &put)) != JX_OK)
			res->store_failed = true;
		else if (put == JX_PUT_DUPLICATE)
			reject(res, "%s:%lu: %s", s.file, s.line, jx_store_error(run->store));
		else
			res->last_id = jx_store_last_form(run->store);
		if (!res->store_failed)
			check_guard(run, put, &s);
		res->replaced += put == JX_PUT_REPLACED;
		res->added += put == JX_PUT_ADDED;
	}
	add_year(run->years, &run->ny, s.year);
	flush(run);
	jx_form_free(f);
}

/* The input read to its end (st): the findings that compare its forms,
 * the year-over-year ones, then commit or roll back.  True when stored. */
static bool session_end(struct run *run, struct jx_ctx *ctx, enum jx_status st)
{
	struct cli_import *res = run->res;
	jx_audit_finish(run->audit);
	flush(run);
	jx_audit_free(run->audit);
	run->audit = NULL;
	if (st != JX_DONE)
		reject(res, "%s：%s", run->name, st == JX_ERR_NOFORM ? "没有自评表" : "读取失败");
	if (!res->rejected && !res->store_failed)
		update_yoy(run, ctx, run->profile, run->years, run->ny);
	bool began = run->began;
	run->began = false;
	bool ok = began && !res->rejected && !res->store_failed;
	if (ok && jx_store_commit(run->store) != JX_OK) {
		res->store_failed = true;
		ok = false;
	}
	if (!ok) {
		if (began)
			jx_store_rollback(run->store);
		/* rolled back: nothing was added or replaced, whatever was put
		 * before the file was rejected (the counts say what is stored) */
		res->added = res->replaced = 0;
	}
	if (res->store_failed && began)
		snprintf(res->why, sizeof res->why, "%s", jx_store_error(run->store));
	cli_held_clear(&run->held);
	return ok;
}

/* The context an import reads by: the rules, and what could not be read
 * rejects the input whatever the rules say (a partial form must not be
 * stored). */
static struct jx_ctx *import_ctx(const struct cli_rules *rules, struct run *run)
{
	struct jx_ctx *ctx = jx_ctx_new();
	cli_rules_apply(rules, ctx);
	jx_ctx_set_severity(ctx, JX_CHECK_UNPARSED, JX_SEV_ERROR);
	jx_ctx_set_diag(ctx, on_diag, run);
	return ctx;
}

bool cli_import_stream(struct jx_store *store, const struct cli_rules *rules, enum jx_layout layout,
		       FILE *in, const char *name, struct cli_import *res, jx_diag_fn *yoy_fn,
		       void *ud, const struct cli_import_guard *guard)
{
	struct run run = {.store = store, .res = res, .guard = guard, .yoy_fn = yoy_fn, .ud = ud,
			  .profile = rules->profile};
	struct jx_ctx *ctx = import_ctx(rules, &run);
	session_begin(&run, ctx, name);
	struct jx_reader *r = cli_reader(ctx, in, name, layout);
	struct jx_form *f;
	enum jx_status st;
	while ((st = jx_reader_next(r, &f)) == JX_OK) {
		jx_form_score(f, rules->profile);
		jx_audit_form(run.audit, f);
		session_form(&run, f, NULL);
	}
	bool ok = session_end(&run, ctx, st);
	jx_reader_free(r);
	jx_ctx_free(ctx);
	cli_held_free(&run.held);
	return ok;
}

/* ---- many files, on every core (batch.c) -------------------------------------------- */

struct files_run {
	struct run run;
	struct cli_import res;
	struct cli_batch *batch;
	struct jx_ctx *ctx;
	cli_import_done_fn *done;
	void *done_ud;
};

/* A form with its texts, rendered in the worker: the storing thread only
 * stores (it is the one that cannot be shared out). */
struct item {
	struct jx_form *f;
	struct jx_form_texts texts;
};

static void *prepare_form(struct jx_form *f, size_t *bytes, void *ud)
{
	(void)ud;
	struct item *it = cli_xrealloc(NULL, sizeof *it);
	it->f = f;
	jx_form_texts_render(f, &it->texts);
	*bytes = jx_form_bytes(f) + it->texts.source.cap;
	return it;
}

static void take_form(void *p, void *ud)
{
	struct files_run *fr = ud;
	struct item *it = p;
	session_form(&fr->run, it->f, &it->texts);
	jx_form_texts_release(&it->texts);
	free(it);
}

static void on_file(const char *path, enum cli_file_event ev, enum jx_status st, void *ud)
{
	struct files_run *fr = ud;
	if (ev == CLI_FILE_BEGIN) {
		session_begin(&fr->run, fr->ctx, path);
		fr->batch->audit = fr->run.audit; /* its forms' facts are merged there */
		return;
	}
	bool ok = session_end(&fr->run, fr->ctx, st);
	fr->batch->audit = NULL;
	fr->done(path, ev == CLI_FILE_UNOPENED ? NULL : &fr->res, ok, fr->done_ud);
}

void cli_import_files(struct jx_store *store, const struct cli_rules *rules, enum jx_layout layout,
		      char **files, int nfiles, int jobs, jx_diag_fn *yoy_fn, cli_import_done_fn *done,
		      void *ud)
{
	struct files_run fr = {.done = done, .done_ud = ud};
	fr.run = (struct run){.store = store, .res = &fr.res, .yoy_fn = yoy_fn, .ud = ud,
			      .profile = rules->profile};
	fr.ctx = import_ctx(rules, &fr.run);
	struct cli_batch b = {.jobs = jobs, .layout = layout, .profile = rules->profile, .ctx = fr.ctx,
			      .work = prepare_form, .take = take_form, .file = on_file, .ud = &fr};
	fr.batch = &b;
	cli_batch_run(&b, files, nfiles);
	jx_ctx_free(fr.ctx);
	cli_held_free(&fr.run.held);
}
