# Sichuan 部门预算项目支出绩效自评表: 指标性质 and 度量单位 in their own
# columns, 项目基本情况, and the closing blocks 评价结论 / 存在问题 / 改进措施.
name        = sichuan-dept
description = 部门预算项目支出绩效自评表（四川）
title       = 部门预算项目支出绩效自评表
markers     = 项目基本情况 指标性质 度量单位 评价结论 存在问题 改进措施 财政专户管理资金 单位资金 项目年度目标 年度目标完成情况
funds       = initial budget executed weight rate score
indicators  = op target unit actual weight score reason
scheme      = sichuan
