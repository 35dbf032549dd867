/*
 * test_dec.c: exact decimals, money in fen, the rounding the rules use.
 */
#include "dec.h"
#include "unit.h"

static const char *fmt(struct dec d)
{
	static char buf[64];
	dec_format(d, buf, sizeof buf);
	return buf;
}

int main(void)
{
	struct dec d;
	int64_t v;
	CHECK(dec_parse("23.360502", &d) && d.m == 23360502 && d.s == 6);
	CHECK(dec_wan_to_fen(d, &v) && v == 23360502);
	CHECK(dec_parse("164.662", &d) && dec_wan_to_fen(d, &v) && v == 164662000);
	CHECK(dec_parse("0.0000001", &d) && !dec_wan_to_fen(d, &v)); /* finer than a fen */
	CHECK(dec_parse("1,234.5", &d) && d.m == 12345 && d.s == 1);
	CHECK(!dec_parse("1,23", &d));
	CHECK(!dec_parse("1.", &d));
	CHECK(!dec_parse(".5", &d));
	CHECK(!dec_parse("12345678901234567890", &d)); /* more than 18 digits */
	CHECK(!dec_parse("", &d));
	CHECK(dec_parse("0.10", &d));
	CHECK_STR(fmt(d), "0.1");
	CHECK_STR(fmt((struct dec){115881798, 6}), "115.881798");
	CHECK_STR(fmt((struct dec){-76, 2}), "-0.76");
	CHECK(dec_cmp((struct dec){5, 1}, (struct dec){50, 2}) == 0);
	CHECK(dec_cmp((struct dec){34999940, 6}, (struct dec){349994, 4}) > 0);

	/* w × B / A to 2 decimals, half up */
	struct dec w10 = {10, 0};
	CHECK(dec_muldiv_centi(w10, (struct dec){98, 0}, (struct dec){100, 0}, &v) && v == 980);
	CHECK(dec_muldiv_centi(w10, (struct dec){22792, 5}, (struct dec){3, 0}, &v) && v == 76);
	CHECK(dec_muldiv_centi(w10, (struct dec){1, 0}, (struct dec){8, 0}, &v) && v == 125);
	CHECK(dec_muldiv_centi(w10, (struct dec){2, 0}, (struct dec){3, 0}, &v) && v == 667);
	CHECK(dec_muldiv_centi((struct dec){1, 0}, (struct dec){1, 0}, (struct dec){200, 0}, &v) &&
	      v == 1); /* 0.005 rounds half up to 0.01 */
	CHECK(!dec_muldiv_centi(w10, (struct dec){1, 0}, (struct dec){0, 0}, &v));
	CHECK(!dec_muldiv_centi((struct dec){INT64_MAX, 0}, (struct dec){INT64_MAX, 0},
				(struct dec){1, 12}, &v)); /* overflow is refused, not wrapped */
	CHECK(div_round(5, 10) == 1 && div_round(-5, 10) == -1 && div_round(4, 10) == 0);
	CHECK(div_floor(-1, 3) == -1 && div_ceil(1, 3) == 1 && div_ceil(-1, 3) == 0);
	return unit_done("test_dec");
}
