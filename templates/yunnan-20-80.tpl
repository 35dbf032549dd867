# Yunnan / Hubei: 预算执行 20 分 × 执行率 + 年度绩效目标 80 分; one 得分
# column per indicator, no 分值.
name        = yunnan-20-80
description = 项目支出绩效自评表（预算执行 20 分 + 年度绩效目标 80 分）
title       = 项目支出绩效自评表
markers     = 预算执行情况(万元)(20分) 年度绩效目标(80分) 年初目标值(A) 实际完成值(B) 得分(20分*执行率) 项目类别 项目属性 年度财政资金总额
funds       = budget executed rate score
indicators  = target actual score
scheme      = yunnan-20-80
