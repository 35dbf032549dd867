# 县级专项资金绩效目标自评表 (Hunan): completion only, no scores.
name        = county-special
description = 专项资金绩效目标自评表（无分值）
title       = 专项资金绩效目标自评表
markers     = 专项资金名称 负责人及电话 县级主管部门 年初设定目标 全年完成值 未完成原因和改进措施
funds       = budget executed rate
indicators  = target actual reason
scheme      = completion
