/*
 * dec.c: exact decimal arithmetic for money, weights and scores.
 */
#include "dec.h"

#include <stdio.h>
#include <string.h>

#include "banned.h"

static bool isdig(char c)
{
	return c >= '0' && c <= '9';
}

size_t dec_scan(const char *p, size_t n, struct dec *out)
{
	size_t i = 0, digits = 0;
	int scale = 0;
	int64_t m = 0;
	if (n == 0 || !isdig(p[0]))
		return 0;
	while (i < n) {
		if (isdig(p[i])) {
			if (digits >= DEC_MAX_DIGITS)
				return 0;
			m = m * 10 + (p[i] - '0');
			if (m)
				digits++;
			i++;
		} else if (p[i] == ',' && i + 3 < n && isdig(p[i + 1]) &&
			   isdig(p[i + 2]) && isdig(p[i + 3]) &&
			   (i + 4 >= n || !isdig(p[i + 4]))) {
			i++; /* thousands separator */
		} else {
			break;
		}
	}
	if (i + 1 < n && p[i] == '.' && isdig(p[i + 1])) {
		i++;
		while (i < n && isdig(p[i])) {
			if (digits >= DEC_MAX_DIGITS || scale >= DEC_MAX_SCALE)
				return 0;
			m = m * 10 + (p[i] - '0');
			if (m)
				digits++;
			scale++;
			i++;
		}
	}
	out->m = m;
	out->s = scale;
	return i;
}

bool dec_parse(const char *s, struct dec *out)
{
	size_t n = strlen(s);
	return n && dec_scan(s, n, out) == n;
}

struct dec dec_int(int64_t v)
{
	return (struct dec){v, 0};
}

struct dec dec_norm(struct dec d)
{
	while (d.s > 0 && d.m % 10 == 0) {
		d.m /= 10;
		d.s--;
	}
	return d;
}

static const int64_t pow10_64[19] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
	10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
	1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000};

i128 pow10_i128(int e)
{
	if (e >= 0 && e <= 18) /* asked for every number compared or scaled */
		return pow10_64[e];
	i128 r = 1;
	while (e-- > 0)
		r *= 10;
	return r;
}

int dec_cmp(struct dec a, struct dec b)
{
	int s = a.s > b.s ? a.s : b.s;
	i128 x = (i128)a.m * pow10_i128(s - a.s);
	i128 y = (i128)b.m * pow10_i128(s - b.s);
	return (x > y) - (x < y);
}

bool dec_is_zero(struct dec d)
{
	return d.m == 0;
}

/* d × 10^exp as a decimal; false on overflow. */
bool dec_shift(struct dec d, int exp, struct dec *out)
{
	d.s -= exp;
	if (d.s < 0) {
		i128 m = (i128)d.m * pow10_i128(-d.s);
		if (m > INT64_MAX)
			return false;
		d.m = (int64_t)m;
		d.s = 0;
	}
	*out = d;
	return true;
}

bool dec_rescale(struct dec a, int s, int64_t *out)
{
	if (s < 0)
		return false; /* no scale below 0: as dec_norm leaves it */
	if (a.s > s) { /* exact only when the digits past scale s are zeros */
		int k = a.s - s;
		if (k <= 18) {
			if (a.m % pow10_64[k])
				return false;
			*out = a.m / pow10_64[k];
			return true;
		}
		a = dec_norm(a); /* more digits than int64 has: zero, or refused */
		if (s < a.s)
			return false;
	}
	i128 v = (i128)a.m * pow10_i128(s - a.s);
	if (v > INT64_MAX || v < INT64_MIN)
		return false;
	*out = (int64_t)v;
	return true;
}

bool dec_to_centi(struct dec a, int64_t *out)
{
	return dec_rescale(a, 2, out);
}

bool dec_wan_to_fen(struct dec a, int64_t *out)
{
	return dec_rescale(a, 6, out);
}

i128 div_floor(i128 num, i128 den)
{
	i128 q = num / den;
	if ((num % den != 0) && (num < 0))
		q--;
	return q;
}

i128 div_ceil(i128 num, i128 den)
{
	i128 q = num / den;
	if ((num % den != 0) && (num > 0))
		q++;
	return q;
}

i128 div_round(i128 num, i128 den)
{
	if (num >= 0)
		return (num * 2 + den) / (den * 2);
	return -((-num * 2 + den) / (den * 2));
}

static bool mul_ok(i128 a, i128 b, i128 *out)
{
	return !__builtin_mul_overflow(a, b, out);
}

bool dec_muldiv_centi(struct dec x, struct dec b, struct dec a, int64_t *out)
{
	if (a.m == 0)
		return false;
	/* x.m/10^xs * b.m/10^bs / (a.m/10^as) * 100 */
	i128 num, den;
	if (!mul_ok((i128)x.m, (i128)b.m, &num) ||
	    !mul_ok(num, pow10_i128(a.s + 2), &num) ||
	    !mul_ok((i128)a.m, pow10_i128(x.s + b.s), &den))
		return false;
	if (den < 0) {
		num = -num;
		den = -den;
	}
	i128 r = div_round(num, den);
	if (r > INT64_MAX || r < INT64_MIN)
		return false;
	*out = (int64_t)r;
	return true;
}

/* Without the printf family: a decimal is formatted for every number of
 * every form's JSON, and snprintf was a fifteenth of check's time. */
void dec_format(struct dec d, char *out, size_t size)
{
	d = dec_norm(d);
	uint64_t u = d.m < 0 ? (uint64_t)0 - (uint64_t)d.m : (uint64_t)d.m;
	char tmp[64]; /* 20 digits, the point, the sign, and zeros up to the scale */
	size_t k = sizeof tmp;
	int s = d.s < 0 ? 0 : d.s > 40 ? 40 : d.s, ndig = 0;
	do {
		tmp[--k] = (char)('0' + u % 10);
		u /= 10;
		if (++ndig == s)
			tmp[--k] = '.';
	} while (u || ndig <= s);
	if (d.m < 0)
		tmp[--k] = '-';
	if (!size)
		return;
	size_t n = sizeof tmp - k, m = n < size - 1 ? n : size - 1; /* cut as snprintf cuts */
	memcpy(out, tmp + k, m);
	out[m] = '\0';
}

bool dec_add(struct dec a, struct dec b, struct dec *out)
{
	int s = a.s > b.s ? a.s : b.s;
	if (s > DEC_MAX_SCALE)
		return false;
	i128 x = (i128)a.m * pow10_i128(s - a.s) + (i128)b.m * pow10_i128(s - b.s);
	if (x > INT64_MAX || x < INT64_MIN)
		return false;
	*out = (struct dec){(int64_t)x, s};
	return true;
}
