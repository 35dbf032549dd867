/*
 * labels.c: the words of the form (SPEC §1) as the reader recognises them,
 * shared by the form builder and the layout adapters, which must know a
 * label when they see one to recover rows from text that lost them.
 *
 * Every function takes normalised text (text_norm: half-width, no spaces)
 * unless it says otherwise.
 */
#include "dec.h"
#include "model.h"
#include "read.h"
#include "text.h"

#include <string.h>

#include "banned.h"

size_t squeeze(const char *p, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	bool lead = true;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == ' ' || c == '\t' || c == '\r')
			continue;
		if (lead && c == '#')
			continue;
		/* ideographic space U+3000 = E3 80 80 */
		if (c == 0xE3 && i + 2 < n && (unsigned char)p[i + 1] == 0x80 &&
		    (unsigned char)p[i + 2] == 0x80) {
			i += 2;
			continue;
		}
		lead = false;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return o;
}

/*
 * The title: 项目支出绩效自评表 alone, perhaps with a year or an attachment
 * label around it (附件2：2023年度项目支出绩效自评表), at most about 60
 * characters.  A goal or reason that merely mentions the form is not a title.
 * `s` is squeezed (see above).
 */
bool is_title_text(const char *s)
{
	const char *at = strlen(s) <= 200 ? strstr(s, "项目支出绩效自评表") : NULL;
	if (!at)
		return false;
	/* after the words: nothing, or a note in brackets: (2023年度), （附件2） */
	const char *after = at + strlen("项目支出绩效自评表");
	if (*after && !((str_starts(after, "(") || str_starts(after, "（")) &&
			(str_ends(after, ")") || str_ends(after, "）"))))
		return false;
	/* before them: a unit, a year, 附件2：; not a sentence (注：本…，按…) */
	static const char *const sentence[] = {"，", "。", "；", "、", ",", ";", "按", "根据", NULL};
	char before[256];
	memcpy(before, s, (size_t)(at - s));
	before[at - s] = '\0';
	if (str_has_any(before, sentence) || str_starts(before, "注"))
		return false;
	if (str_has(before, "：") || str_has(before, ":"))
		return str_starts(before, "附件");
	return true;
}

/* Page markers: -1-, —1—, 12, 第1页, 第1页共5页, 1/5 */
bool is_page_marker(const char *s)
{
	size_t n = strlen(s), i = 0, d;
	if (str_starts(s, "第")) {
		i = 3;
		d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d || !str_starts(s + i, "页"))
			return false;
		i += 3;
		if (i == n)
			return true;
		if (!str_starts(s + i, "共"))
			return false;
		i += 3;
		d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		return i > d && strcmp(s + i, "页") == 0;
	}
	while (i < n && (s[i] == '-' || str_starts(s + i, "—") || str_starts(s + i, "–")))
		i += s[i] == '-' ? 1 : 3;
	d = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d)
		return false;
	if (s[i] == '/') { /* 1/5 */
		size_t e = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		return i > e && i == n;
	}
	while (i < n && (s[i] == '-' || str_starts(s + i, "—") || str_starts(s + i, "–")))
		i += s[i] == '-' ? 1 : 3;
	return i == n;
}

/* "附件2", "附件 2:" before a form: the attachment label of the document. */
bool is_attachment_label(const char *s)
{
	while (*s == '#') /* a markdown heading: ## 附件 2: */
		s++;
	return str_starts(s, "附件") && strlen(s) <= 16;
}

bool year_alone(const char *s, int *year)
{
	while (*s == ' ' || *s == '(' || str_starts(s, "（"))
		s += *s == ' ' || *s == '(' ? 1 : strlen("（");
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	const char *p = s + 4;
	if (str_starts(p, "年度"))
		p += strlen("年度");
	else if (str_starts(p, "年"))
		p += strlen("年");
	while (*p == ' ' || *p == ')' || str_starts(p, "）"))
		p += *p == ' ' || *p == ')' ? 1 : strlen("）");
	if (*p || y < 1990 || y > 2200)
		return false;
	*year = y;
	return true;
}

bool year_from(const char *s, int *year)
{
	const char *p = strstr(s, "年度");
	if (!p || p - s < 4)
		return false;
	const char *d = p - 4;
	for (int i = 0; i < 4; i++)
		if (d[i] < '0' || d[i] > '9')
			return false;
	*year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	return *year >= 1990 && *year <= 2200;
}

/*
 * The fund rows: 年度资金总额; 当年/本年财政拨款 and the Sichuan 财政资金;
 * 上年结转资金; 其他资金; Sichuan's 财政专户管理资金 and 单位资金.
 */
int fund_kind(const char *s)
{
	if (str_has(s, "资金总额") || str_has(s, "资金合计"))
		return FUND_TOTAL;
	if (str_has(s, "财政专户"))
		return FUND_SPECIAL;
	if (str_has(s, "财政拨款") || str_has(s, "财政资金"))
		return FUND_FISCAL;
	if (str_has(s, "上年结转") || str_has(s, "结转资金"))
		return FUND_CARRYOVER;
	if (str_has(s, "单位资金") || str_has(s, "单位自有资金"))
		return FUND_UNIT;
	if (str_has(s, "其他资金"))
		return FUND_OTHER;
	return -1;
}

/* "产出指标(50分)": the weight a label carries; returns the label's length
 * without it (and *points), or strlen(s) and *points = 0. */
size_t label_weight(const char *s, int *points)
{
	size_t n = strlen(s);
	*points = 0;
	size_t close = str_ends(s, ")") ? 1 : str_ends(s, "）") ? 3 : 0;
	if (!close || n < close + 4 || memcmp(s + n - close - 3, "分", 3))
		return n; /* not (...分) */
	size_t i = n - close - 3; /* at 分 */
	int v = 0, digits = 0;
	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' && digits < 4) {
		i--;
		digits++;
	}
	if (!digits)
		return n;
	for (size_t k = i; k < i + (size_t)digits; k++)
		v = v * 10 + (s[k] - '0');
	size_t open;
	if (i >= 1 && s[i - 1] == '(')
		open = i - 1;
	else if (i >= 3 && str_starts(s + i - 3, "（"))
		open = i - 3;
	else
		return n;
	*points = v;
	return open;
}

static bool starts_any(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (str_starts(s, *list))
			return true;
	return false;
}

/* 产出指标, 效益指标, 满意度指标, 成本指标 (the 2021 framework), with an
 * optional weight: 产出指标(50分). */
bool is_level1_name(const char *s)
{
	static const char *const l1[] = {"产出", "效益", "满意度", "成本", NULL};
	int pts;
	/* (产出指标)(50分): a name the form did not print, given by the
	 * template reader in parentheses (fit.c) */
	if (s[0] == '(') {
		const char *close = strchr(s, ')');
		if (!close || close - s > 30)
			return false;
		char in[32];
		memcpy(in, s + 1, (size_t)(close - s - 1));
		in[close - s - 1] = '\0';
		return is_level1_name(in);
	}
	size_t n = label_weight(s, &pts);
	return n >= 6 && n <= 24 && !memcmp(s + n - 6, "指标", 6) && starts_any(s, l1);
}

/* The second-level names of 10号 and of 财预〔2021〕101号. */
bool is_level2_name(const char *s)
{
	static const char *const l2[] = {"数量指标", "质量指标", "时效指标", "成本指标",
					 "经济效益指标", "社会效益指标", "生态效益指标",
					 "可持续影响指标", "服务对象满意度指标", "满意度指标",
					 "经济成本指标", "社会成本指标", "生态环境成本指标",
					 "生态成本指标", NULL};
	int pts;
	size_t n = label_weight(s, &pts);
	for (const char *const *p = l2; *p; p++)
		if (strlen(*p) == n && !memcmp(s, *p, n))
			return true;
	return false;
}

bool number_text(const char *s, struct dec *d)
{
	size_t n = strlen(s);
	if (n && s[n - 1] == '%')
		n--;
	return n && dec_scan(s, n, d) == n;
}

enum closing_kind closing_label(const char *s)
{
	static const struct { const char *label; enum closing_kind kind; } labels[] = {
		{"评价结论", CLOSING_CONCLUSION},   {"自评结论", CLOSING_CONCLUSION},
		{"存在问题", CLOSING_PROBLEMS},     {"主要问题", CLOSING_PROBLEMS},
		{"改进措施", CLOSING_IMPROVEMENTS}, {"改进建议", CLOSING_IMPROVEMENTS},
		{"问题及改进措施", CLOSING_IMPROVEMENTS},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(s, labels[i].label))
			return labels[i].kind;
	return CLOSING_NONE;
}

bool is_overview_label(const char *s)
{
	return str_starts(s, "项目基本情况") || str_starts(s, "项目概况");
}

bool md_separator(const char *p, size_t n)
{
	size_t dashes = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '-')
			dashes++;
		else if (p[i] != '|' && p[i] != ':' && p[i] != ' ' && p[i] != '\t')
			return false;
	}
	return dashes >= 3 && memchr(p, '|', n);
}
