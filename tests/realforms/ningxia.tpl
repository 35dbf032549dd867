# A county's own template (a test of templates as data): its indicator rows
# print 分值 before 年度指标值 and 全年实际值, then 得分, with no header row.
name        = ningxia-example
description = 项目绩效目标自评表（分值在指标值之前，测试用）
title       = 绩效目标自评表
markers     = 市县主管部门
funds       = budget executed rate
indicators  = weight target actual score
fixed       = yes
scheme      = national
