# 中央对地方转移支付区域（项目）绩效目标自评表: completion only, no 分值 or
# 得分 per indicator; 资金管理情况 rows.
name        = transfer-regional
description = 转移支付区域（项目）绩效目标自评表
title       = 区域(项目)绩效目标自评表 区域绩效目标自评表 转移支付项目绩效目标自评表 补助资金绩效自评表 资金绩效自评表
markers     = 中央主管部门 地方主管部门 资金使用单位 资金投入情况 全年预算数(A) 全年执行数(B) 预算执行率 资金管理情况 分配科学性 全年实际完成值 未完成原因和改进措施 中央财政资金 中央补助 地方资金
funds       = budget executed rate
indicators  = target actual reason
scheme      = completion
