# The older scheme: 项目决策 / 项目管理 / 项目绩效 (20 / 25 / 55), with
# 分值, 自评分, 复核分 and 评价标准.
name        = decision-management
description = 项目绩效目标自评表（项目决策 / 项目管理 / 项目绩效）
title       = 项目绩效目标自评表 预算支出项目绩效目标自评表
markers     = 项目决策 项目管理 项目绩效 自评分 复核分 评价标准及依据 项目权重 评价内容 年初指标值 年终完成值
funds       = budget executed rate
indicators  = target actual score skip skip
scheme      = decision-management
