/*
 * report.c: one self-contained HTML page for a unit or a whole collection
 * (jx_report_*): headline figures, the table of projects (sortable and
 * filterable in the page, no server), four SVG charts, the findings by
 * severity with links to their forms, and every form as html.c renders it.
 *
 * The report keeps, per form, the few numbers the table and the charts
 * need and the form's rendered HTML; forms themselves are freed as they
 * come.  All text from the input goes through jx_render_html_text, in the
 * table, the charts' labels and the findings alike.
 */
#include "arena.h"
#include "escape.h"
#include "model.h"
#include "score.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define T(b, s) jx_render_html_text((b), (s))

struct rform {
	const char *project, *unit, *grade, *html, *id;
	int year;
	bool money, declared, scored; /* scored: false when unscorable (no total) */
	int64_t budget, executed, declared_c, total_c;
	unsigned long findings[JX_SEV_ERROR + 1];
	int64_t fund_budget[FUND__COUNT], fund_executed[FUND__COUNT];
	bool fund[FUND__COUNT];
};

struct rfinding {
	struct jx_diag d;
	const char *form_id; /* anchor, or NULL */
};

struct jx_report {
	struct arena *a;
	const char *title;
	struct rform *f;
	size_t n, cap;
	struct rfinding *d;
	size_t nd, capd;
};

struct jx_report *jx_report_new(const char *title)
{
	struct jx_report *r = xcalloc(1, sizeof *r);
	r->a = arena_new();
	r->title = arena_strdup(r->a, title ? title : "项目支出绩效自评报告");
	return r;
}

void jx_report_free(struct jx_report *r)
{
	if (!r)
		return;
	free(r->f);
	free(r->d);
	arena_free(r->a);
	free(r);
}

static void keep_finding(struct jx_report *r, const struct jx_diag *d, const char *form_id)
{
	if (r->nd == r->capd) {
		r->capd = r->capd ? r->capd * 2 : 64;
		r->d = xrealloc(r->d, r->capd * sizeof *r->d);
	}
	struct rfinding *x = &r->d[r->nd++];
	x->d = *d;
	x->d.file = arena_strdup(r->a, d->file);
	x->d.project = arena_strdup(r->a, d->project);
	x->d.message = arena_strdup(r->a, d->message);
	x->form_id = form_id;
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
	x->id = arena_printf(r->a, "form-%zu", r->n + 1);
	r->n++;
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
	for (size_t i = 0; i < n; i++) {
		x->findings[findings[i].severity]++;
		keep_finding(r, &findings[i], x->id);
	}
	struct jx_buf b;
	jx_buf_init(&b, 0);
	jx_render_form_html(&b, f, x->id, findings, n);
	x->html = arena_strdup(r->a, b.p ? b.p : "");
	jx_buf_release(&b);
	return JX_OK;
}

enum jx_status jx_report_add_finding(struct jx_report *r, const struct jx_diag *d)
{
	/* a finding about several forms: linked to the first of that project */
	const char *id = NULL;
	for (size_t i = 0; i < r->n && !id; i++)
		if (*d->project && strcmp(r->f[i].project, d->project) == 0)
			id = r->f[i].id;
	for (size_t i = 0; i < r->n; i++)
		if (id && r->f[i].id == id)
			r->f[i].findings[d->severity]++;
	keep_finding(r, d, id);
	return JX_OK;
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

static void project_table(struct jx_buf *b, const struct jx_report *r)
{
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
		jx_buf_printf(b, "<tr%s><td><a href=\"#%s\">", low ? " class=\"low\"" : "", x->id);
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

static void chart_rates(struct jx_buf *b, const struct jx_report *r)
{
	int h = (int)r->n * ROW_H + 30;
	svg_begin(b, "chart-rate", h, "各项目预算执行率（红线为 90%）");
	for (size_t i = 0; i < r->n; i++) {
		const struct rform *x = &r->f[i];
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

static void chart_totals(struct jx_buf *b, const struct jx_report *r)
{
	int h = (int)r->n * ROW_H * 2 + 30;
	svg_begin(b, "chart-total", h, "申报总分与复核总分");
	for (size_t i = 0; i < r->n; i++) {
		const struct rform *x = &r->f[i];
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

static void findings_by_severity(struct jx_buf *b, const struct jx_report *r)
{
	static const char *const title[] = {"", "info", "warning", "error"};
	for (int sev = JX_SEV_ERROR; sev >= JX_SEV_INFO; sev--) {
		size_t n = 0;
		for (size_t i = 0; i < r->nd; i++)
			n += r->d[i].d.severity == (enum jx_severity)sev;
		jx_buf_printf(b, "<h3>%s（%zu）</h3><ol class=\"all\">", title[sev], n);
		for (size_t i = 0; i < r->nd; i++) {
			const struct rfinding *x = &r->d[i];
			if (x->d.severity != (enum jx_severity)sev)
				continue;
			jx_buf_printf(b, "<li class=\"%s\">", title[sev]);
			if (x->form_id)
				jx_buf_printf(b, "<a href=\"#%s\">", x->form_id);
			T(b, *x->d.project ? x->d.project : x->d.file);
			if (x->form_id)
				jx_buf_puts(b, "</a>");
			jx_buf_printf(b, " 第 %lu 行：", x->d.line);
			T(b, x->d.message);
			jx_buf_printf(b, " [%s]</li>", jx_check_name(x->d.check));
		}
		jx_buf_puts(b, "</ol>\n");
	}
}

const char *jx_report_css(void)
{
	return report_css;
}

enum jx_status jx_report_render_charts(struct jx_report *r, struct jx_buf *b)
{
	jx_buf_puts(b, "<div class=\"charts\">\n");
	chart_rates(b, r);
	chart_totals(b, r);
	chart_grades(b, r);
	chart_sources(b, r);
	jx_buf_puts(b, "</div>\n");
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}

enum jx_status jx_report_render(struct jx_report *r, struct jx_buf *b)
{
	jx_render_html_begin(b, r->title);
	jx_buf_printf(b, "<style>%s</style><script>document.body.className+=' report';</script>\n",
		      report_css);
	jx_buf_puts(b, "<h1>");
	T(b, r->title);
	jx_buf_puts(b, "</h1>\n<h2>概况</h2>\n");
	headline(b, r);
	jx_buf_puts(b, "<h2>项目</h2>\n");
	project_table(b, r);
	jx_buf_puts(b, "<h2>图表</h2>\n");
	jx_report_render_charts(r, b);
	jx_buf_puts(b, "<h2>审核发现</h2>\n");
	findings_by_severity(b, r);
	jx_buf_puts(b, "<h2>自评表</h2>\n");
	for (size_t i = 0; i < r->n; i++)
		jx_buf_puts(b, r->f[i].html);
	jx_buf_printf(b, "<script>%s</script>\n", report_js);
	jx_render_html_end(b);
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}
