/*
 * levels.c: the indicator tree (levels.h).  The names are those of the
 * national form and of the 2021 framework (成本指标 as a 一级 with 经济 /
 * 社会 / 生态环境成本); provinces' own trees add none the real forms show.
 */
#include "levels.h"
#include "text.h"

#include <string.h>

static const struct {
	const char *l2, *l1;
} tree[] = {
	{"数量指标", "产出"},         {"质量指标", "产出"},       {"时效指标", "产出"},
	{"成本指标", "产出"},         {"经济效益指标", "效益"},   {"社会效益指标", "效益"},
	{"生态效益指标", "效益"},     {"可持续影响指标", "效益"}, {"服务对象满意度指标", "满意度"},
	{"经济成本指标", "成本"},     {"社会成本指标", "成本"},   {"生态环境成本指标", "成本"},
	{"生态成本指标", "成本"},
	/* the older 项目决策 / 项目管理 / 项目绩效 scheme's own items */
	{"决策依据", "项目决策"},     {"决策程序", "项目决策"},   {"项目立项", "项目决策"},
	{"绩效目标", "项目决策"},     {"资金投入", "项目决策"},   {"资金管理", "项目管理"},
	{"组织实施", "项目管理"},     {"财务管理", "项目管理"},   {"业务管理", "项目管理"},
};

/* The length of l2 without points it carries: 数量指标50分, 数量指标(20分). */
static size_t without_points(const char *l2)
{
	size_t n = strlen(l2);
	if (n > 4 && !strcmp(l2 + n - 4, "分)"))
		n -= 1; /* "分)": the ) then 分 below */
	else if (n > 6 && !strcmp(l2 + n - 6, "分）"))
		n -= 3;
	if (n < 3 || memcmp(l2 + n - 3, "分", 3) != 0)
		return strlen(l2);
	size_t e = n - 3, d = e;
	while (d && ((l2[d - 1] >= '0' && l2[d - 1] <= '9') || l2[d - 1] == '.'))
		d--;
	if (d == e)
		return strlen(l2);
	if (d && l2[d - 1] == '(')
		d--;
	else if (d >= 3 && !memcmp(l2 + d - 3, "（", 3))
		d -= 3;
	return d;
}

/* The tree's entry for l2, with or without its 指标 suffix; -1: none. */
static int entry(const char *l2)
{
	size_t n = without_points(l2);
	for (size_t i = 0; i < sizeof tree / sizeof *tree; i++) {
		size_t m = strlen(tree[i].l2);
		if ((n == m && !strncmp(l2, tree[i].l2, n)) ||
		    (n + strlen("指标") == m && !strncmp(l2, tree[i].l2, n)))
			return (int)i;
	}
	return -1;
}

bool level2_known(const char *l2)
{
	return entry(l2) >= 0;
}

bool level2_under(const char *l1, const char *l2)
{
	int i = entry(l2);
	if (i < 0)
		return true;
	if (str_starts(l1, "("))
		l1++; /* not printed: the reader's inference (fit.c, inferred_level1) */
	if (str_starts(l1, "项目绩效"))
		return true; /* the older scheme's 项目绩效 holds the 产出 / 效益 / 满意度 items */
	return str_starts(l1, tree[i].l1) ||
	       (!strcmp(tree[i].l1, "效益") && str_starts(l1, "效果")) ||
	       (!strcmp(tree[i].l2, "成本指标") && str_starts(l1, "成本"));
}
