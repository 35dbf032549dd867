name = county-special
description = 县级专项资金（本地改写）
title = 专项资金绩效目标自评表
funds = budget executed rate
indicators = target actual weight score reason
scheme = national
