/*
 * ctx.c: the check catalogue (generated from JX_CHECKS), severities, status
 * strings and the context that routes findings to the caller's callback.
 */
#include "ctx.h"
#include "arena.h"
#include "buf.h"
#include "profile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum jx_severity sev;
} catalogue[] = {
#define JX_CHECK_ROW(e, name, sev) {name, JX_SEV_##sev},
	JX_CHECKS(JX_CHECK_ROW)
#undef JX_CHECK_ROW
};

/* In JX_CHECKS order; one sentence each, shown by `jixiao check --list`. */
static const char *const summaries[] = {
	"申报总分不等于各项申报得分之和",
	"年度资金总额不等于当年财政拨款、上年结转资金与其他资金之和",
	"申报得分高于其分值",
	"分值合计不等于 100",
	"必填单元格为空（如预算执行率的分值）",
	"申报执行率与按执行数/预算数计算的结果不符（超出其打印精度）",
	"申报得分与按规则复核的得分不符",
	"未达到年度指标值却给了满分",
	"得分低于分值或未达目标，但未填写偏差原因",
	"预算执行率低于 90%，且表中没有任何说明",
	"定性指标得分不在实际完成情况所对应的档次内",
	"年度指标值与实际完成值的单位无法比较",
	"数值型指标的实际完成值填写为文字",
	"资金成本类指标的实际完成值不等于全年执行数",
	"同一单位同一年度的不同表中，同一事实的数值不一致",
	"同一单位对同类指标采用了不同的打分方法",
	"一级指标权重与规则的分配不一致",
	"超额完成（实际/目标 ≥ 1.2）仍得满分且未说明原因",
	"实际完成情况照抄预期目标",
	"所有指标均为满分",
	"定性指标超过已评分指标的一半",
	"成本指标的目标值等于项目预算（衡量的是执行而非成本）",
	"输入中有无法读取的部分",
	"同一项目的年度指标值比上一年降低（反向指标为提高）",
	"年度指标值与上一年相同，而上一年实际完成值已远超该值（目标定得过低）",
	"各年度实际完成值都与年度指标值一字不差",
	"同一指标的分值与上一年不同",
	"原表文字连在一起或次序打乱，已按表样拆分重建（请对照原表核对）",
	"指标无法按规则复核（目标与实际无法比较），沿用了申报得分：请人工核定",
	"工作簿中未填写的空白自评表（如模板多出的项目表），已跳过",
	"PDF 中的文字跨过了单元格的边线（超出单元格），已按每个字所在的格读取",
	"表格的一行在页末断开、接续到下一页，已合并为一行",
	"本表由 OCR 从扫描件识别：每个值都须对照原件核对（导入需加 --accept-ocr）",
	"标题、项目名称与表中填写的年度不一致",
	"年度目标或指标写的是往年的日期或年度（疑似照抄旧表）",
	"表头的金额单位（元 / 万元）与表中其他金额或成本指标矛盾",
	"指标行不完整：没有名称、名称写的是值、目标写进了名称、没有目标和实际却得分、实际写「无」",
	"二级指标不在已知的指标体系中，或满意度下放了不是满意度的指标",
	"年度总体目标文字中的金额与表中资金不符",
	"「其中」资金行重复填写了总额行的分值、得分",
	"全年执行数超过全年预算数，且表中没有任何说明",
	"自评称执行无偏差（如「不存在执行数偏离预算数较多的问题」），而执行率低于规则的阈值",
	"指标值缺少应有的单位（实际完成值只写了数，或比率不写 %）",
	"上级指标与其下各分项都计了分（重复计分）",
	"定性指标的目标、实际写的是档次的两端（如「好坏」），没有选定",
	"表样所用的评分方案不在评分规则中，已按 national 方案评分",
	"金额单元格自带单位（如「3359.62万」），与表头的单位一致，已按表头读取",
	"表中各指标不印分值，而达成目标的指标得分不一，无法核对",
	"主管部门与实施单位两格疑似填反（主管部门像基层单位，实施单位像主管机关）",
	"年度指标值的比较符号与指标的含义相反（如数量指标写「≤」）",
	"抽查复核得分与自评总分相差超过规则的分数（[review] gap_points），或等级因此改变",
};

/* In JX_CHECKS order: the check's short name, shown beside its id. */
static const char *const titles[] = {
	"总分合计不符", "资金合计不符", "得分超过分值", "分值合计不符", "必填项为空",
	"执行率不符", "得分与规则不符", "未达标却满分", "缺少偏差原因", "低执行率无说明",
	"定性档次不符", "单位不可比", "数值指标填文字", "成本与执行数不符", "跨表事实不一致",
	"打分方法不一致", "一级权重分配不符", "超额完成仍满分", "实际照抄目标", "全部满分",
	"定性指标过多", "成本即预算", "无法读取", "目标比上年降低", "目标多年未变",
	"实际总等于目标", "分值较上年变动", "已拆分重建", "无法复核", "空白表",
	"文字超出单元格", "跨页续行", "OCR 识别", "年度不一致", "写的是往年",
	"金额单位矛盾", "指标行不完整", "二级指标不在体系内", "目标金额与资金不符",
	"其中行重复计分", "超预算执行", "执行偏差自评不实", "单位缺失", "上下级重复计分",
	"定性档次未选", "评分方案未知", "金额自带单位", "得分无法核对", "主管与实施单位填反",
	"比较符号方向不符", "复核得分与自评不符",
};

const char *jx_version(void)
{
	return JX_VERSION;
}

const char *jx_strerror(enum jx_status st)
{
	switch (st) {
	case JX_OK: return "成功";
	case JX_DONE: return "已读完";
	case JX_ERR_IO: return "读取输入失败";
	case JX_ERR_NOFORM: return "未找到项目支出绩效自评表";
	case JX_ERR_TOOBIG: return "输出超过大小上限";
	case JX_ERR_ARG: return "参数无效";
	case JX_ERR_PROFILE: return "评分规则文件无效";
	case JX_ERR_STORE: return "数据库操作失败";
	case JX_ERR_DENIED: return "没有权限";
	case JX_ERR_CONFLICT: return "与表的当前状态冲突";
	}
	return "未知错误";
}

const char *jx_check_name(enum jx_check c)
{
	return (unsigned)c < JX_CHECK__COUNT ? catalogue[c].name : "?";
}

enum jx_severity jx_check_default_severity(enum jx_check c)
{
	return (unsigned)c < JX_CHECK__COUNT ? catalogue[c].sev : JX_SEV_IGNORE;
}

/*
 * What each check needs of a form's template (JX_NEEDS_*), in JX_CHECKS
 * order: a check that compares scores with weights cannot apply to a form
 * that prints no 分值, nor a sum of scores to a form that scores nothing.
 */
#define W JX_NEEDS_WEIGHTS
#define S JX_NEEDS_SCORES
#define P JX_NEEDS_SPLIT
static const unsigned char needs[] = {
	S,     0, W | S, W,     0, 0, S, W | S, 0, 0, /* total-mismatch … low-execution-reason */
	W | S, 0, 0,     0,     0, W | S, W | P, W | S, 0, W | S, /* qualitative-band … all-full-marks */
	W,     0, 0,     0,     0, 0, W, 0, W | S, 0, /* qualitative-share … blank-sheet */
	0,     0, 0,     0,     0, 0, 0, 0, 0, S,     /* cell-overflow … sub-row-scored */
	0,     0, 0,     S,     0, 0, 0, S, 0, 0,     /* over-execution … op-direction */
	0,                                            /* review-score-gap */
};
#undef W
#undef S
#undef P

_Static_assert(sizeof summaries / sizeof *summaries == JX_CHECK__COUNT, "a summary per check");
_Static_assert(sizeof titles / sizeof *titles == JX_CHECK__COUNT, "a title per check");
_Static_assert(sizeof needs / sizeof *needs == JX_CHECK__COUNT, "needs per check");

unsigned jx_check_needs(enum jx_check c)
{
	return (unsigned)c < JX_CHECK__COUNT ? needs[c] : 0;
}

unsigned jx_scheme_provides(const struct jx_profile *p, const char *scheme)
{
	const unsigned all = JX_NEEDS_WEIGHTS | JX_NEEDS_SCORES | JX_NEEDS_SPLIT;
	if (!scheme || !strcmp(scheme, "national"))
		return all;
	const struct profile_scheme *s = profile_scheme(p, scheme);
	if (!s)
		return all; /* scored by national (the scheme check says so) */
	switch (s->items) {
	case ITEMS_WEIGHTED: /* the [weights] split holds where the execution's share is its */
		return s->execution == profile_or_national(p)->w_execution ? all : all & ~JX_NEEDS_SPLIT;
	case ITEMS_CONVERTED: return JX_NEEDS_WEIGHTS | JX_NEEDS_SCORES;
	case ITEMS_DECLARED: /* the older scheme prints 分值 per row, its blocks add them up */
		return s->n_blocks ? JX_NEEDS_WEIGHTS | JX_NEEDS_SCORES : JX_NEEDS_SCORES;
	case ITEMS_NONE: break;
	}
	return 0;
}

const char *jx_check_title(enum jx_check c)
{
	return (unsigned)c < JX_CHECK__COUNT ? titles[c] : "";
}

const char *jx_check_summary(enum jx_check c)
{
	return (unsigned)c < JX_CHECK__COUNT ? summaries[c] : "";
}

bool jx_check_from_name(const char *name, enum jx_check *out)
{
	for (int i = 0; i < JX_CHECK__COUNT; i++)
		if (strcmp(name, catalogue[i].name) == 0) {
			*out = (enum jx_check)i;
			return true;
		}
	return false;
}

static const char *const sev_names[] = {"ignore", "info", "warning", "error"};

const char *jx_severity_name(enum jx_severity s)
{
	return (unsigned)s <= JX_SEV_ERROR ? sev_names[s] : "?";
}

bool jx_severity_from_name(const char *name, enum jx_severity *out)
{
	for (int i = 0; i <= JX_SEV_ERROR; i++)
		if (strcmp(name, sev_names[i]) == 0) {
			*out = (enum jx_severity)i;
			return true;
		}
	return false;
}

struct jx_ctx *jx_ctx_new(void)
{
	struct jx_ctx *ctx = xcalloc(1, sizeof *ctx);
	for (int i = 0; i < JX_CHECK__COUNT; i++)
		ctx->severity[i] = catalogue[i].sev;
	jx_buf_init(&ctx->msg, 0); /* messages quote cells: up to 1 MiB each */
	return ctx;
}

struct jx_ctx *jx_ctx_new_like(const struct jx_ctx *like)
{
	struct jx_ctx *ctx = jx_ctx_new();
	memcpy(ctx->severity, like->severity, sizeof ctx->severity);
	return ctx;
}

void jx_ctx_deliver(struct jx_ctx *ctx, const struct jx_diag *d)
{
	if ((unsigned)d->severity > JX_SEV_ERROR)
		return;
	ctx->counts[d->severity]++;
	if (ctx->diag)
		ctx->diag(d, ctx->userdata);
}

void jx_ctx_merge(struct jx_ctx *into, struct jx_ctx *from)
{
	if (!from->nplaced)
		return;
	into->placed = xrealloc(into->placed, (into->nplaced + from->nplaced) * sizeof *into->placed);
	memcpy(into->placed + into->nplaced, from->placed, from->nplaced * sizeof *from->placed);
	into->nplaced += from->nplaced;
	free(from->placed);
	from->placed = NULL;
	from->nplaced = 0;
}

void jx_ctx_free(struct jx_ctx *ctx)
{
	if (!ctx)
		return;
	jx_buf_release(&ctx->msg);
	for (size_t i = 0; i < ctx->nplaced; i++) {
		free(ctx->placed[i].file);
		free(ctx->placed[i].at);
	}
	free(ctx->placed);
	free(ctx);
}

void jx_ctx_set_profile(struct jx_ctx *ctx, const struct jx_profile *profile)
{
	const struct jx_profile *p = profile_or_national(profile);
	for (int i = 0; i < JX_CHECK__COUNT; i++)
		if (!profile_severity(p, (enum jx_check)i, &ctx->severity[i]))
			ctx->severity[i] = catalogue[i].sev;
}

void jx_ctx_set_diag(struct jx_ctx *ctx, jx_diag_fn *fn, void *userdata)
{
	ctx->diag = fn;
	ctx->userdata = userdata;
}

void jx_ctx_set_severity(struct jx_ctx *ctx, enum jx_check c, enum jx_severity s)
{
	if ((unsigned)c < JX_CHECK__COUNT && (unsigned)s <= JX_SEV_ERROR)
		ctx->severity[c] = s;
}

unsigned long jx_ctx_count(const struct jx_ctx *ctx, enum jx_severity s)
{
	return (unsigned)s <= JX_SEV_ERROR ? ctx->counts[s] : 0;
}

void ctx_place_file(struct jx_ctx *ctx, const char *file, const struct doc_place *at, size_t n)
{
	ctx->placed = xrealloc(ctx->placed, (ctx->nplaced + 1) * sizeof *ctx->placed);
	struct placed *p = &ctx->placed[ctx->nplaced++];
	p->file = xstrdup(file);
	p->at = xmalloc((n ? n : 1) * sizeof *at);
	memcpy(p->at, at, n * sizeof *at);
	p->n = n;
}

/* The placed document of that file (ctx_place_file), or NULL. */
static const struct placed *placed_of(const struct jx_ctx *ctx, const char *file)
{
	for (size_t i = ctx->nplaced; i-- > 0;)
		if (!strcmp(ctx->placed[i].file, file))
			return &ctx->placed[i];
	return NULL;
}

/* A line of a placed document as its place. */
static void place(struct jx_ctx *ctx, const struct placed *p, const char **file,
		  unsigned long *line)
{
	if (*line > p->n)
		return;
	const struct doc_place *at = &p->at[*line - 1];
	snprintf(ctx->where, sizeof ctx->where,
		 at->kind == PLACE_TABLE ? "%.500s:表%u" : at->kind == PLACE_PAGE ? "%.500s:第%u页" : "%.500s:第%u段",
		 *file, (unsigned)at->unit);
	*file = ctx->where;
	*line = at->row;
}

/*
 * A message's own 「第 N 行」 (the builder's and the audit's: 「表格在第 15
 * 行结束」) as the place of line N in the document, as the finding's
 * location is: 「表1第 13 行」, 「第2页第 6 行」, 「第3段」.  Into ctx->msg.
 */
static void place_message(struct jx_ctx *ctx, const struct placed *p)
{
	const char *m = ctx->msg.p;
	if (!m || !strstr(m, "第 "))
		return;
	struct jx_buf out;
	jx_buf_init(&out, ctx->msg.max ? ctx->msg.max : JX_BUF_DEFAULT_MAX);
	while (*m) {
		const char *d = m + strlen("第 ");
		char *end;
		unsigned long l = strncmp(m, "第 ", strlen("第 ")) ? 0 : strtoul(d, &end, 10);
		if (l && end > d && *d >= '0' && *d <= '9' && !strncmp(end, " 行", strlen(" 行")) &&
		    l <= p->n) {
			const struct doc_place *at = &p->at[l - 1];
			if (at->kind == PLACE_TABLE)
				jx_buf_printf(&out, "表%u第 %u 行", (unsigned)at->unit, at->row);
			else if (at->kind == PLACE_PAGE)
				jx_buf_printf(&out, "第%u页第 %u 行", (unsigned)at->unit, at->row);
			else
				jx_buf_printf(&out, "第%u段", (unsigned)at->unit);
			m = end + strlen(" 行");
			continue;
		}
		jx_buf_add(&out, m, 1);
		m++;
	}
	jx_buf_release(&ctx->msg);
	ctx->msg = out;
}

static void deliver(struct jx_ctx *ctx, enum jx_check check, enum jx_severity sev,
		    const char *file, unsigned long line, const char *project,
		    const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

static void deliver(struct jx_ctx *ctx, enum jx_check check, enum jx_severity sev,
		    const char *file, unsigned long line, const char *project,
		    const char *fmt, va_list ap)
{
	ctx->counts[sev]++;
	if (!ctx->diag)
		return;
	const struct placed *p = file && ctx->nplaced ? placed_of(ctx, file) : NULL;
	jx_buf_reset(&ctx->msg);
	buf_vprintf(&ctx->msg, fmt, ap); /* an over-long message is cut */
	if (p) {
		place_message(ctx, p);
		if (line)
			place(ctx, p, &file, &line);
	}
	struct jx_diag d = {
		.check = check,
		.severity = sev,
		.file = file ? file : "",
		.line = line,
		.project = project ? project : "",
		.message = ctx->msg.p ? ctx->msg.p : "",
	};
	ctx->diag(&d, ctx->userdata);
}

void ctx_report(struct jx_ctx *ctx, enum jx_check check, const char *file,
		unsigned long line, const char *project, const char *fmt, ...)
{
	enum jx_severity sev = ctx->severity[check];
	if (sev == JX_SEV_IGNORE)
		return;
	va_list ap;
	va_start(ap, fmt);
	deliver(ctx, check, sev, file, line, project, fmt, ap);
	va_end(ap);
}

void ctx_report_always(struct jx_ctx *ctx, enum jx_check check, const char *file,
		       unsigned long line, const char *project, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	deliver(ctx, check, JX_SEV_ERROR, file, line, project, fmt, ap);
	va_end(ap);
}

void held_vadd(struct held_findings *h, struct arena *a, enum jx_check check,
	       unsigned long line, long long tag, const char *fmt, va_list ap)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->v = xrealloc(h->v, h->cap * sizeof *h->v);
	}
	h->v[h->n] = (struct held_finding){check, line, h->n, arena_vprintf(a, fmt, ap), tag};
	h->n++;
}

static int by_line(const void *x, const void *y)
{
	const struct held_finding *a = x, *b = y;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void held_sort(struct held_findings *h)
{
	if (h->n)
		qsort(h->v, h->n, sizeof *h->v, by_line);
}
