# 部门整体支出绩效自评表: the whole department's budget, funds split by
# 按收入性质 / 按支出性质.
name        = dept-whole
description = 部门整体支出绩效自评表
title       = 部门整体支出绩效自评表
markers     = 按收入性质分 按支出性质分 区级预算单位名称 预算资金(万元) 年度预算申请(万元) 部门
funds       = initial budget executed weight rate score
indicators  = target actual weight score reason
scheme      = national
