# The national standard form: 财预〔2020〕10号 附件2, 项目支出绩效自评表.
# Keys: see templates/README.md.
name        = national
description = 项目支出绩效自评表（财预〔2020〕10号附件2）
title       = 项目支出绩效自评表 项目自评表 项目绩效自评表 绩效支出自评表
markers     = 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额 当年财政拨款 上年结转资金 其他资金 预期目标 实际完成情况 年度指标值 实际完成值 偏差原因分析及改进措施 总分
funds       = initial budget executed weight rate score
indicators  = target actual weight score reason
scheme      = national
