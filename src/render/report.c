/*
 * report.c: one self-contained HTML page for a unit or a whole collection
 * (jx_report_*): headline figures, the table of projects (sortable and
 * filterable in the page, no server), four SVG charts, the findings by
 * severity with links to their forms, and every form as html.c renders it.
 *
 * The report keeps, per form, the few numbers the table and the charts
 * need; the form's rendered HTML and each finding's line are spooled as
 * they come (struct spool: memory up to SPOOL_MEM, then a temporary file),
 * and forms themselves are freed.  The page is written in pieces
 * (jx_report_write), so neither a report of 100,000 forms nor its writer
 * holds the page: memory is about 100 bytes and the strings of each form.
 * All text from the input goes through jx_render_html_text, in the table,
 * the charts' labels and the findings alike.
 */
#include "arena.h"
#include "escape.h"
#include "model.h"
#include "score.h"
#include "text.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#define T(b, s) jx_render_html_text((b), (s))

struct rform {
	const char *project, *unit, *grade; /* its anchor: form-(index + 1) */
	int year;
	bool money, declared, scored; /* scored: false when unscorable (no total) */
	int64_t budget, executed, declared_c, total_c;
	unsigned long findings[JX_SEV_ERROR + 1];
	int64_t fund_budget[FUND__COUNT], fund_executed[FUND__COUNT];
	bool fund[FUND__COUNT];
};

/* Where a page goes: pieces through `write` (b flushed to it every
 * OUT_CHUNK), or, write NULL, all of it in b. */
enum { OUT_CHUNK = 256 << 10 };

struct out {
	struct jx_buf *b;
	jx_write_fn *write;
	void *ud;
	bool failed;
};

static void out_flush(struct out *o, size_t at_least)
{
	if (!o->write || o->b->n < at_least || o->b->n == 0)
		return;
	if (!o->failed && !o->write(o->b->p, o->b->n, o->ud))
		o->failed = true;
	jx_buf_reset(o->b);
}

/*
 * What grows with the forms, kept in writing order: in memory, and each
 * SPOOL_MEM of it written to a temporary file (in $TMPDIR, else /tmp,
 * unlinked at once).  When no file can be made, or one stops taking bytes
 * (a full /tmp), what it holds is read back and the spool goes on in
 * memory, up to the buffer's cap: a report fails only when neither holds
 * it (`failed`; `err` the temporary file's errno, 0 when memory was full).
 */
enum { SPOOL_MEM = 1 << 20 };

struct spool {
	struct jx_buf mem;   /* the bytes after the file's */
	int fd;              /* -1: none (yet, or any more) */
	off_t in_file;
	bool failed, no_file;
	int err;
};

static void spool_init(struct spool *s)
{
	memset(s, 0, sizeof *s);
	jx_buf_init(&s->mem, 0);
	s->fd = -1;
}

/* A temporary file of our own, already unlinked; -1 and errno when none. */
static int temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%.4000s/jixiao-report-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		p += k;
		n -= (size_t)k;
	}
	return true;
}

/* The file's bytes into b, a chunk at a time, o (if not NULL) flushed
 * between chunks and stopping once its writer failed; false, and s->err,
 * when they cannot be read back (or b is full: err 0). */
static bool file_into(struct spool *s, struct jx_buf *b, struct out *o)
{
	char chunk[1 << 16];
	for (off_t at = 0; at < s->in_file && !(o && o->failed);) {
		size_t want = (size_t)(s->in_file - at) < sizeof chunk ? (size_t)(s->in_file - at) : sizeof chunk;
		ssize_t k = pread(s->fd, chunk, want, at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0 || jx_buf_add(b, chunk, (size_t)k) != JX_OK) {
			s->err = k < 0 ? errno : 0;
			return false;
		}
		at += k;
		if (o)
			out_flush(o, OUT_CHUNK);
	}
	return true;
}

/* The file's bytes read back into memory ahead of the rest, the file
 * dropped: the spool goes on in memory. */
static void spool_unfile(struct spool *s)
{
	struct jx_buf all;
	jx_buf_init(&all, 0);
	s->failed = !file_into(s, &all, NULL) ||
		    jx_buf_add(&all, s->mem.p ? s->mem.p : "", s->mem.n) != JX_OK;
	jx_buf_release(&s->mem);
	s->mem = all;
	close(s->fd);
	s->fd = -1;
	s->in_file = 0;
	s->no_file = true;
}

/* Memory past SPOOL_MEM to the file (made at the first time). */
static void spool_flush(struct spool *s)
{
	if (s->fd < 0) {
		s->fd = temp_file();
		if (s->fd < 0) {
			s->err = errno;
			s->no_file = true; /* stays in memory */
			return;
		}
	}
	if (write_all(s->fd, s->mem.p, s->mem.n)) {
		s->in_file += (off_t)s->mem.n;
		jx_buf_reset(&s->mem);
		return;
	}
	s->err = errno;
	spool_unfile(s);
}

static void spool_add(struct spool *s, const char *p, size_t n)
{
	if (s->failed || !n)
		return;
	if (jx_buf_add(&s->mem, p, n) != JX_OK) {
		s->failed = true; /* memory full, and no file to take it */
		return;
	}
	if (!s->no_file && s->mem.n >= SPOOL_MEM)
		spool_flush(s);
}

static void spool_release(struct spool *s)
{
	if (s->fd >= 0)
		close(s->fd);
	jx_buf_release(&s->mem);
}

/* The spool's bytes after what o holds; false when they cannot be read. */
static bool spool_copy(struct spool *s, struct out *o)
{
	return !s->failed && file_into(s, o->b, o) &&
	       jx_buf_add(o->b, s->mem.p ? s->mem.p : "", s->mem.n) == JX_OK;
}

struct jx_report {
	struct arena *a;
	const char *title, *note;
	struct rform *f;
	size_t n, cap;
	size_t *first;      /* open addressing: project -> index + 1 of its first form (0: empty) */
	size_t nfirst_slot; /* a power of two, more than twice the forms */
	struct spool forms; /* every form's HTML, in order */
	struct spool items[JX_SEV_ERROR + 1]; /* each finding's <li>, by severity */
	unsigned long nitems[JX_SEV_ERROR + 1];
	char why[320]; /* jx_report_error */
};

struct jx_report *jx_report_new(const char *title)
{
	struct jx_report *r = xcalloc(1, sizeof *r);
	r->a = arena_new();
	r->title = arena_strdup(r->a, title ? title : "项目支出绩效自评报告");
	spool_init(&r->forms);
	for (int k = 0; k <= JX_SEV_ERROR; k++)
		spool_init(&r->items[k]);
	return r;
}

void jx_report_set_note(struct jx_report *r, const char *html)
{
	r->note = html ? arena_strdup(r->a, html) : NULL;
}

void jx_report_free(struct jx_report *r)
{
	if (!r)
		return;
	free(r->f);
	free(r->first);
	spool_release(&r->forms);
	for (int k = 0; k <= JX_SEV_ERROR; k++)
		spool_release(&r->items[k]);
	arena_free(r->a);
	free(r);
}

/* The slot of project: its entry, or the empty one where it would go. */
static size_t *first_slot(const struct jx_report *r, const char *project)
{
	size_t mask = r->nfirst_slot - 1, s = (size_t)text_hash(TEXT_HASH_SEED, project) & mask;
	while (r->first[s] && strcmp(r->f[r->first[s] - 1].project, project) != 0)
		s = (s + 1) & mask;
	return &r->first[s];
}

/* Remember form i as its project's first (if it is). */
static void note_first(struct jx_report *r, size_t i)
{
	if (2 * r->n >= r->nfirst_slot) {
		size_t old = r->nfirst_slot, *was = r->first;
		r->nfirst_slot = old ? old * 2 : 256;
		r->first = xcalloc(r->nfirst_slot, sizeof *r->first);
		for (size_t k = 0; k < old; k++)
			if (was[k])
				*first_slot(r, r->f[was[k] - 1].project) = was[k];
		free(was);
	}
	size_t *slot = first_slot(r, r->f[i].project);
	if (!*slot)
		*slot = i + 1;
}

/* A finding's line in the list of its severity, linked to form `form`
 * (its index + 1; 0: none). */
static void keep_finding(struct jx_report *r, const struct jx_diag *d, size_t form)
{
	struct jx_buf b;
	jx_buf_init(&b, 0);
	jx_buf_printf(&b, "<li class=\"%s\">", jx_severity_name(d->severity));
	if (form)
		jx_buf_printf(&b, "<a href=\"#form-%zu\">", form);
	T(&b, *d->project ? d->project : d->file);
	if (form)
		jx_buf_puts(&b, "</a>");
	jx_buf_printf(&b, " 第 %lu 行：", d->line);
	T(&b, d->message);
	jx_buf_printf(&b, " [%s]</li>", jx_check_name(d->check));
	spool_add(&r->items[d->severity], b.p, b.n);
	r->nitems[d->severity]++;
	jx_buf_release(&b);
}

enum jx_status jx_report_add_form(struct jx_report *r, const struct jx_form *f,
				  const struct jx_diag *findings, size_t n)
{
	if (!f->scored)
		return JX_ERR_ARG;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->f = xrealloc(r->f, r->cap * sizeof *r->f);
	}
	struct rform *x = &r->f[r->n];
	memset(x, 0, sizeof *x);
	size_t form = ++r->n;
	x->project = arena_strdup(r->a, *f->project.raw ? f->project.raw : "（项目名称缺失）");
	x->unit = arena_strdup(r->a, f->implementer.raw);
	x->grade = arena_strdup(r->a, f->grade ? f->grade : "无法评分");
	x->year = f->year;
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	x->money = t->budget.n.state == NUM_OK && t->executed.n.state == NUM_OK;
	x->budget = x->money ? t->budget.fen : 0;
	x->executed = x->money ? t->executed.fen : 0;
	x->declared = num_centi(&f->total_declared, &x->declared_c);
	x->total_c = f->total_c;
	x->scored = !f->unscorable;
	for (int k = FUND_FISCAL; k < FUND__COUNT; k++) {
		const struct fund_row *fr = &f->funds[k];
		x->fund[k] = fr->present && fr->budget.n.state == NUM_OK;
		x->fund_budget[k] = x->fund[k] ? fr->budget.fen : 0;
		x->fund_executed[k] = x->fund[k] && fr->executed.n.state == NUM_OK ? fr->executed.fen : 0;
	}
	note_first(r, form - 1);
	for (size_t i = 0; i < n; i++) {
		x->findings[findings[i].severity]++;
		keep_finding(r, &findings[i], form);
	}
	struct jx_buf b;
	jx_buf_init(&b, 0);
	char id[32];
	snprintf(id, sizeof id, "form-%zu", form);
	jx_render_form_html(&b, f, id, findings, n);
	spool_add(&r->forms, b.p, b.n);
	jx_buf_release(&b);
	return r->forms.failed ? (r->forms.err ? JX_ERR_IO : JX_ERR_TOOBIG) : JX_OK;
}

enum jx_status jx_report_add_finding(struct jx_report *r, const struct jx_diag *d)
{
	/* a finding about several forms: linked to the first of that project */
	size_t form = r->n && *d->project ? *first_slot(r, d->project) : 0;
	if (form)
		r->f[form - 1].findings[d->severity]++;
	keep_finding(r, d, form);
	const struct spool *sp = &r->items[d->severity];
	return sp->failed ? (sp->err ? JX_ERR_IO : JX_ERR_TOOBIG) : JX_OK;
}

/* ---- pieces ------------------------------------------------------------------------- */

static const char report_css[] =
	"body.report{max-width:260mm}"
	".report h2{font-size:13pt;border-bottom:2px solid #333;margin:6mm 0 2mm}"
	".cards{display:flex;flex-wrap:wrap;gap:6px}"
	".card{border:1px solid #bbb;border-radius:4px;padding:4px 10px;min-width:30mm}"
	".card b{display:block;font-size:14pt}"
	"table.list{border-collapse:collapse;width:100%;font-size:9pt}"
	"table.list th,table.list td{border:1px solid #999;padding:2px 4px}"
	"table.list th{background:#eee;cursor:pointer;user-select:none}"
	"table.list td:first-child,table.list td:nth-child(2){max-width:60mm;overflow-wrap:anywhere}"
	"table.list td.n{text-align:right;font-variant-numeric:tabular-nums}"
	"table.list tr.low td.rate{color:#c00;font-weight:bold}"
	".charts{display:flex;flex-wrap:wrap;gap:10px}"
	".charts figure{margin:0;border:1px solid #ddd;padding:4px}"
	".charts figcaption{font-size:9pt;text-align:center}"
	"svg text{font-size:9px;font-family:inherit}"
	"ol.all li.error{color:#c00}ol.all li.warning{color:#a60}ol.all li.info{color:#555}"
	"ol.all{font-size:9pt}";

static const char report_js[] =
	"(function(){var t=document.getElementById('projects');if(!t)return;"
	"var tb=t.tBodies[0],dir={};"
	"t.tHead.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){"
	"var rows=Array.prototype.slice.call(tb.rows),num=th.dataset.num==='1';dir[i]=!dir[i];"
	"rows.sort(function(a,b){var x=a.cells[i].dataset.v||a.cells[i].textContent,"
	"y=b.cells[i].dataset.v||b.cells[i].textContent;"
	"var c=num?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y,'zh');return dir[i]?c:-c;});"
	"rows.forEach(function(r){tb.appendChild(r);});});});"
	"var q=document.getElementById('filter');q.addEventListener('input',function(){"
	"var s=q.value.trim();Array.prototype.forEach.call(tb.rows,function(r){"
	"r.style.display=!s||r.textContent.indexOf(s)>=0?'':'none';});});})();";

static void wan(struct jx_buf *b, int64_t fen)
{
	jx_render_wan(b, fen);
}

static void headline(struct jx_buf *b, const struct jx_report *r)
{
	i128 budget128 = 0, executed128 = 0; /* no overflow however many forms */
	unsigned long below = 0, f[JX_SEV_ERROR + 1] = {0};
	for (size_t i = 0; i < r->n; i++) {
		const struct rform *x = &r->f[i];
		if (x->money) {
			budget128 += x->budget;
			executed128 += x->executed;
			below += x->budget > 0 && (i128)x->executed * 10 < (i128)x->budget * 9;
		}
		for (int k = 0; k <= JX_SEV_ERROR; k++)
			f[k] += x->findings[k];
	}
	int64_t budget = budget128 > INT64_MAX ? INT64_MAX : (int64_t)budget128;
	int64_t executed = executed128 > INT64_MAX ? INT64_MAX : (int64_t)executed128;
	jx_buf_printf(b, "<div class=\"cards\"><div class=\"card\">自评表<b>%zu</b></div>", r->n);
	jx_buf_puts(b, "<div class=\"card\">全年预算数（万元）<b>");
	wan(b, budget);
	jx_buf_puts(b, "</b></div><div class=\"card\">全年执行数（万元）<b>");
	wan(b, executed);
	jx_buf_puts(b, "</b></div><div class=\"card\">执行率（Σ执行/Σ预算）<b>");
	if (budget > 0)
		jx_render_percent(b, executed, budget, 2);
	else
		jx_buf_puts(b, "—");
	jx_buf_printf(b, "</b></div><div class=\"card\">执行率低于 90%%<b>%lu 张</b></div>", below);
	jx_buf_printf(b, "<div class=\"card\">审核发现<b>%lu / %lu / %lu</b>error / warning / info</div></div>\n",
		      f[JX_SEV_ERROR], f[JX_SEV_WARNING], f[JX_SEV_INFO]);
}

static void project_table(struct out *o, const struct jx_report *r)
{
	struct jx_buf *b = o->b;
	jx_buf_puts(b, "<p><label>筛选：<input id=\"filter\" type=\"search\" placeholder=\"项目、单位或等级\"></label>"
		       "（点击表头排序）</p>\n<table class=\"list\" id=\"projects\"><thead><tr>"
		       "<th>项目</th><th>实施单位</th><th data-num=\"1\">年度</th>"
		       "<th data-num=\"1\">全年预算数</th><th data-num=\"1\">全年执行数</th>"
		       "<th data-num=\"1\">执行率</th><th data-num=\"1\">申报总分</th>"
		       "<th data-num=\"1\">复核总分</th><th>等级</th><th data-num=\"1\">问题数</th>"
		       "</tr></thead><tbody>\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct rform *x = &r->f[i];
		bool low = x->money && x->budget > 0 && (i128)x->executed * 10 < (i128)x->budget * 9;
		out_flush(o, OUT_CHUNK);
		jx_buf_printf(b, "<tr%s><td><a href=\"#form-%zu\">", low ? " class=\"low\"" : "", i + 1);
		T(b, x->project);
		jx_buf_puts(b, "</a></td><td>");
		T(b, x->unit);
		jx_buf_printf(b, "</td><td class=\"n\">%d</td><td class=\"n\">", x->year);
		if (x->money)
			wan(b, x->budget);
		jx_buf_puts(b, "</td><td class=\"n\">");
		if (x->money)
			wan(b, x->executed);
		jx_buf_puts(b, "</td><td class=\"n rate\"");
		if (x->money && x->budget > 0) {
			jx_buf_puts(b, " data-v=\"");
			jx_render_ratio(b, x->executed, x->budget, 6);
			jx_buf_puts(b, "\">");
			jx_render_percent(b, x->executed, x->budget, 2);
		} else {
			jx_buf_puts(b, ">—");
		}
		jx_buf_puts(b, "</td><td class=\"n\">");
		if (x->declared)
			jx_render_score(b, x->declared_c);
		jx_buf_puts(b, "</td><td class=\"n\">");
		if (x->scored)
			jx_render_score(b, x->total_c);
		else
			jx_buf_puts(b, "—");
		jx_buf_puts(b, "</td><td>");
		T(b, x->grade);
		unsigned long total = x->findings[1] + x->findings[2] + x->findings[3];
		jx_buf_printf(b, "</td><td class=\"n\" data-v=\"%lu\">%lu/%lu/%lu</td></tr>\n", total,
			      x->findings[JX_SEV_ERROR], x->findings[JX_SEV_WARNING],
			      x->findings[JX_SEV_INFO]);
	}
	jx_buf_puts(b, "</tbody></table>\n");
}

/* Per-project bars: a label column, then bars scaled to `max`. */
enum { LABEL_W = 170, BAR_W = 300, ROW_H = 14, RIGHT_W = 150 };

/* cls and title escaped: jx_render_bars takes them from its caller. */
static void svg_begin(struct jx_buf *b, const char *cls, int h, const char *title)
{
	jx_buf_puts(b, "<figure><svg class=\"");
	T(b, cls);
	jx_buf_printf(b, "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
			 "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>",
		      LABEL_W + BAR_W + RIGHT_W, h, LABEL_W + BAR_W + RIGHT_W, h);
	T(b, title);
	jx_buf_puts(b, "</title>");
}

/* A label that fits its column: at most 15 characters and "…", the whole
 * name in a tooltip. */
static void svg_label(struct jx_buf *b, int y, const char *text)
{
	jx_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"><title>", LABEL_W - 4, y + 10);
	T(b, text);
	jx_buf_puts(b, "</title>");
	char cut[128];
	text_excerpt(text, 15, cut, sizeof cut);
	T(b, cut);
	jx_buf_puts(b, "</text>");
}

static void chart_rates(struct out *o, const struct jx_report *r)
{
	struct jx_buf *b = o->b;
	int h = (int)r->n * ROW_H + 30;
	svg_begin(b, "chart-rate", h, "各项目预算执行率（红线为 90%）");
	for (size_t i = 0; i < r->n; i++) {
		const struct rform *x = &r->f[i];
		out_flush(o, OUT_CHUNK);
		int y = 10 + (int)i * ROW_H;
		svg_label(b, y, x->project);
		if (!x->money || x->budget <= 0)
			continue;
		i128 permille = (i128)x->executed * 1000 / x->budget;
		int w = (int)(permille > 1000 ? BAR_W : permille * BAR_W / 1000);
		bool low = permille < 900;
		jx_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
			      LABEL_W, y, w, ROW_H - 3, low ? "#d66" : "#4a8");
		jx_buf_printf(b, "<text x=\"%d\" y=\"%d\">", LABEL_W + w + 3, y + 10);
		jx_render_percent(b, x->executed, x->budget, 1);
		jx_buf_puts(b, "</text>");
	}
	int x90 = LABEL_W + BAR_W * 9 / 10;
	jx_buf_printf(b, "<line x1=\"%d\" y1=\"4\" x2=\"%d\" y2=\"%d\" stroke=\"#c00\" stroke-dasharray=\"4 2\"/>"
			 "<text x=\"%d\" y=\"%d\" fill=\"#c00\">90%%</text>",
		      x90, x90, h - 14, x90 - 8, h - 4);
	jx_buf_puts(b, "</svg><figcaption>预算执行率（全年执行数 / 全年预算数），红色低于 90%</figcaption></figure>\n");
}

static void chart_totals(struct out *o, const struct jx_report *r)
{
	struct jx_buf *b = o->b;
	int h = (int)r->n * ROW_H * 2 + 30;
	svg_begin(b, "chart-total", h, "申报总分与复核总分");
	for (size_t i = 0; i < r->n; i++) {
		const struct rform *x = &r->f[i];
		out_flush(o, OUT_CHUNK);
		int y = 10 + (int)i * ROW_H * 2;
		svg_label(b, y + ROW_H / 2, x->project);
		if (x->declared) {
			int w = (int)(x->declared_c > 10000 ? BAR_W : x->declared_c * BAR_W / 10000);
			jx_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#9ab\"/>",
				      LABEL_W, y, w < 0 ? 0 : w, ROW_H - 3);
			jx_buf_printf(b, "<text x=\"%d\" y=\"%d\">申报 ", LABEL_W + (w < 0 ? 0 : w) + 3, y + 10);
			jx_render_score(b, x->declared_c);
			jx_buf_puts(b, "</text>");
		}
		if (!x->scored) {
			jx_buf_printf(b, "<text x=\"%d\" y=\"%d\">复核 无法评分</text>", LABEL_W + 3,
				      y + ROW_H + 10);
			continue;
		}
		int w = (int)(x->total_c > 10000 ? BAR_W : x->total_c * BAR_W / 10000);
		jx_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#357\"/>",
			      LABEL_W, y + ROW_H, w < 0 ? 0 : w, ROW_H - 3);
		jx_buf_printf(b, "<text x=\"%d\" y=\"%d\">复核 ", LABEL_W + (w < 0 ? 0 : w) + 3, y + ROW_H + 10);
		jx_render_score(b, x->total_c);
		jx_buf_puts(b, "</text>");
	}
	jx_buf_puts(b, "</svg><figcaption>申报总分（浅）与复核总分（深）</figcaption></figure>\n");
}

/* One bar per label, scaled to the largest: counts of forms ("N 张", an
 * alert bar red), or budget and executed side by side in 万元. */
enum jx_status jx_render_bars(struct jx_buf *b, const char *cls, const char *title,
			      const char *caption, const struct jx_bar *bars, size_t n, bool money)
{
	int64_t max = 1;
	for (size_t i = 0; i < n; i++) {
		max = bars[i].value > max ? bars[i].value : max;
		max = money && bars[i].value2 > max ? bars[i].value2 : max;
	}
	int step = money ? 34 : 22;
	svg_begin(b, cls, (int)n * step + 20, title);
	for (size_t i = 0; i < n; i++) {
		const struct jx_bar *x = &bars[i];
		int y = 8 + (int)i * step;
		int w = (int)((i128)(x->value < 0 ? 0 : x->value) * BAR_W / max);
		if (!money) {
			svg_label(b, y + 2, x->label);
			jx_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"%s\"/>"
					 "<text x=\"%d\" y=\"%d\">%lld 张</text>",
				      LABEL_W, y, w, x->alert ? "#d66" : "#579", LABEL_W + w + 3, y + 12,
				      (long long)x->value);
			continue;
		}
		int we = (int)((i128)(x->value2 < 0 ? 0 : x->value2) * BAR_W / max);
		svg_label(b, y + 6, x->label);
		jx_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"13\" fill=\"#9ab\"/>",
			      LABEL_W, y, w);
		jx_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"13\" fill=\"#357\"/>",
			      LABEL_W, y + 15, we);
		jx_buf_printf(b, "<text x=\"%d\" y=\"%d\">预算 ", LABEL_W + w + 3, y + 10);
		wan(b, x->value);
		jx_buf_printf(b, " 万元</text><text x=\"%d\" y=\"%d\">执行 ", LABEL_W + we + 3, y + 25);
		wan(b, x->value2);
		jx_buf_puts(b, " 万元</text>");
	}
	jx_buf_puts(b, "</svg><figcaption>");
	T(b, caption);
	jx_buf_puts(b, "</figcaption></figure>\n");
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}

static void chart_grades(struct jx_buf *b, const struct jx_report *r)
{
	struct jx_bar bars[16] = {{0}};
	size_t k = 0;
	static const char *const national[] = {"优", "良", "中", "差"};
	for (; k < 4; k++)
		bars[k].label = national[k];
	for (size_t i = 0; i < r->n; i++) {
		size_t g = 0;
		while (g < k && strcmp(bars[g].label, r->f[i].grade) != 0)
			g++;
		if (g == k && k < 16)
			bars[k++].label = r->f[i].grade;
		if (g < k)
			bars[g].value++;
	}
	jx_render_bars(b, "chart-grade", "等级分布", "按复核总分的等级分布", bars, k, false);
}

/*
 * The form has no field for a project's purpose; what it does break the
 * budget into is the source of the money (当年财政拨款, 上年结转, 其他…).
 * Decision: "budget by first-level purpose" is drawn as budget and
 * executed by that first-level split of 年度资金总额.
 */
static void chart_sources(struct jx_buf *b, const struct jx_report *r)
{
	struct jx_bar bars[FUND__COUNT] = {{0}};
	size_t n = 0;
	for (int k = FUND_FISCAL; k < FUND__COUNT; k++, n++) {
		struct jx_bar *x = &bars[n];
		x->label = fund_name((enum fund_kind)k);
		for (size_t i = 0; i < r->n; i++) {
			if (__builtin_add_overflow(x->value, r->f[i].fund_budget[k], &x->value))
				x->value = INT64_MAX;
			if (__builtin_add_overflow(x->value2, r->f[i].fund_executed[k], &x->value2))
				x->value2 = INT64_MAX;
		}
	}
	jx_render_bars(b, "chart-source", "预算按资金来源", "预算（浅）与执行（深），按资金来源", bars, n,
		       true);
}

/* The findings' lists, each severity's lines as they were spooled. */
static bool findings_by_severity(struct out *o, struct jx_report *r)
{
	bool ok = true;
	for (int sev = JX_SEV_ERROR; sev >= JX_SEV_INFO; sev--) {
		jx_buf_printf(o->b, "<h3>%s（%lu）</h3><ol class=\"all\">",
			      jx_severity_name((enum jx_severity)sev), r->nitems[sev]);
		ok &= spool_copy(&r->items[sev], o);
		jx_buf_puts(o->b, "</ol>\n");
	}
	return ok;
}

const char *jx_report_css(void)
{
	return report_css;
}

static void charts(struct out *o, const struct jx_report *r)
{
	jx_buf_puts(o->b, "<div class=\"charts\">\n");
	chart_rates(o, r);
	chart_totals(o, r);
	chart_grades(o->b, r);
	chart_sources(o->b, r);
	jx_buf_puts(o->b, "</div>\n");
}

enum jx_status jx_report_render_charts(struct jx_report *r, struct jx_buf *b)
{
	struct out o = {b, NULL, NULL, false};
	charts(&o, r);
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}

static enum jx_status report_status(struct jx_report *r, const struct jx_buf *b, bool read,
				    bool write_failed);

/* The page into o; JX_ERR_IO when a spool cannot be read back or a write
 * failed, JX_ERR_TOOBIG when a buffer reached its cap. */
static enum jx_status report_out(struct jx_report *r, struct out *o)
{
	struct jx_buf *b = o->b;
	jx_render_html_begin(b, r->title);
	jx_buf_printf(b, "<style>%s</style><script>document.body.className+=' report';</script>\n",
		      report_css);
	jx_buf_puts(b, "<h1>");
	T(b, r->title);
	jx_buf_puts(b, "</h1>\n");
	if (r->note)
		jx_buf_puts(b, r->note);
	jx_buf_puts(b, "<h2>概况</h2>\n");
	headline(b, r);
	jx_buf_puts(b, "<h2>项目</h2>\n");
	project_table(o, r);
	jx_buf_puts(b, "<h2>图表</h2>\n");
	charts(o, r);
	jx_buf_puts(b, "<h2>审核发现</h2>\n");
	bool read = findings_by_severity(o, r);
	jx_buf_puts(b, "<h2>自评表</h2>\n");
	read &= spool_copy(&r->forms, o);
	jx_buf_printf(b, "<script>%s</script>\n", report_js);
	jx_render_html_end(b);
	out_flush(o, 1);
	return report_status(r, b, read, o->failed);
}

/* What a page that was made says: the report's own keeping first (its
 * reason in r->why), then the writer's. */
static enum jx_status report_status(struct jx_report *r, const struct jx_buf *b, bool read,
				    bool write_failed)
{
	r->why[0] = '\0';
	const struct spool *bad = r->forms.failed || (!read && r->forms.err) ? &r->forms : NULL;
	for (int k = 0; k <= JX_SEV_ERROR && !bad; k++)
		if (r->items[k].failed || (!read && r->items[k].err))
			bad = &r->items[k];
	if (bad && bad->err) {
		const char *dir = getenv("TMPDIR");
		snprintf(r->why, sizeof r->why, "临时文件（%s）无法写入或读回：%s", dir && *dir ? dir : "/tmp",
			 strerror(bad->err));
		return JX_ERR_IO;
	}
	if (bad || b->overflow) {
		snprintf(r->why, sizeof r->why, "报告超过 %zu MB%s", (size_t)((bad ? bad->mem.max : b->max) >> 20),
			 bad ? "，且无法使用临时文件" : "");
		return JX_ERR_TOOBIG;
	}
	return read && !write_failed ? JX_OK : JX_ERR_IO;
}

const char *jx_report_error(const struct jx_report *r)
{
	return r->why[0] ? r->why : NULL;
}

enum jx_status jx_report_render(struct jx_report *r, struct jx_buf *b)
{
	struct out o = {b, NULL, NULL, false};
	return report_out(r, &o);
}

enum jx_status jx_report_write(struct jx_report *r, jx_write_fn *write, void *ud)
{
	struct jx_buf b;
	jx_buf_init(&b, 0);
	struct out o = {&b, write, ud, false};
	enum jx_status st = report_out(r, &o);
	jx_buf_release(&b);
	return st;
}
