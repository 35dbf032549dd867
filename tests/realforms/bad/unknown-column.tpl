# a template whose fund columns name one the reader does not know
name = broken
title = 自评表
funds = budget bogus
indicators = target actual
scheme = national
