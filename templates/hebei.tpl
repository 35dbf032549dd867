# Hebei 预算项目绩效自评表: 指标解释, 符号 and 单位 columns, 单项指标得分 ×
# 权重占比 = 折算得分.  The two-row header does not give the data rows'
# order, so the columns below are used as they are (fixed).
name        = hebei
description = 预算项目绩效自评表（河北，折算得分）
title       = 预算项目绩效自评表
markers     = 预算安排情况(调整后) 资金到位情况 资金执行情况 预算执行进度(%) 指标分值 预期指标值 单项指标实际完成值 单项指标完成情况 权重占比(%) 单项指标折算得分 符号 单位(文字描述)
funds       = budget received executed rate
indicators  = skip op target unit actual skip skip weight score
fixed       = yes
scheme      = hebei
