# Sichuan 区域绩效目标自评表 of a central transfer: block scores (自评得分,
# 预算执行 20, 年度目标 20, 绩效指标 50) and one score per indicator.
name        = sichuan-regional
description = 区域绩效目标自评表（四川，分块计分）
title       = 区域绩效目标自评表
markers     = 专项名称 自评得分 省级财政部门 省级主管部门 预算执行情况 年度目标完成情况 目标实际完成情况 实际完成指标值
funds       = budget executed score
indicators  = target actual score
scheme      = sichuan-regional
