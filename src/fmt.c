/* fmt.c: see fmt.h. */
#include "fmt.h"

const char *fmt_centi(struct arena *a, int64_t c)
{
	char buf[48];
	dec_format((struct dec){c, 2}, buf, sizeof buf);
	return arena_strdup(a, buf);
}

const char *fmt_wan(struct arena *a, int64_t fen)
{
	char buf[48];
	dec_format((struct dec){fen, 6}, buf, sizeof buf);
	return arena_strdup(a, buf);
}

bool fmt_ratio(char *buf, size_t cap, int64_t num, int64_t den, int decimals, bool percent)
{
	if (den <= 0 || decimals < 0 || decimals > 9)
		return false;
	i128 v = div_round((i128)num * (percent ? 100 : 1) * pow10_i128(decimals), den);
	if (v > INT64_MAX || v < INT64_MIN)
		return false;
	dec_format((struct dec){(int64_t)v, decimals}, buf, cap);
	return true;
}
