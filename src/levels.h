/*
 * levels.h: the indicator tree of 财预〔2020〕10号 (一级 产出 / 效益 / 满意度,
 * their 二级 indicators) and of the 2021 framework's 成本指标, shared by the
 * reader (a row that inherited the wrong merged label) and the audit (a
 * 二级指标 outside the known trees).
 */
#ifndef JX_LEVELS_H
#define JX_LEVELS_H

#include <stdbool.h>

/* Is l2 a known 二级指标 name (its 指标 suffix optional: 数量, 数量指标)? */
bool level2_known(const char *l2);
/* Does a known l2 belong under l1?  An unknown l2 belongs anywhere (true).
 * l1 may be the reader's inferred "(产出指标)"; 效果指标 is 效益指标. */
bool level2_under(const char *l1, const char *l2);

#endif
