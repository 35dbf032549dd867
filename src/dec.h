/*
 * dec.h: exact decimal numbers.
 *
 * Money, weights, scores and indicator values are decimals as printed on the
 * form: a 64-bit mantissa and a power-of-ten scale, so `23.360502` is held
 * exactly.  Products and quotients go through 128-bit integers and are
 * rounded half up only where a rule says so.  No floating point anywhere in
 * the pipeline.
 */
#ifndef JX_DEC_H
#define JX_DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

__extension__ typedef __int128 i128;

/* value = m / 10^s */
struct dec {
	int64_t m;
	int s;
};

enum { DEC_MAX_SCALE = 12, DEC_MAX_DIGITS = 18 };

/*
 * Scan a number at the start of <p, n>: digits, optional `,` thousands
 * separators (only between digit groups of three), optional fraction.  No
 * sign.  Returns bytes consumed, 0 when there is no number or it has more
 * than DEC_MAX_DIGITS digits / DEC_MAX_SCALE decimals.
 */
size_t dec_scan(const char *p, size_t n, struct dec *out);
/* The whole of s is one number (as dec_scan). */
bool dec_parse(const char *s, struct dec *out);

struct dec dec_int(int64_t v);
/* Drop trailing zero decimals. */
struct dec dec_norm(struct dec d);
int dec_cmp(struct dec a, struct dec b);
bool dec_is_zero(struct dec d);
/* a + b exactly; false when it does not fit. */
bool dec_add(struct dec a, struct dec b, struct dec *out);

/* d × 10^exp (exp may be negative), exactly; false on overflow. */
bool dec_shift(struct dec d, int exp, struct dec *out);
/* a at scale s exactly (s >= a.s); false on overflow or lost digits. */
bool dec_rescale(struct dec a, int s, int64_t *out);
/* Exact value as centi-units (score × 100); false when it has more decimals. */
bool dec_to_centi(struct dec a, int64_t *out);
/* 万元 -> fen (× 10^6); false when finer than a fen or too large. */
bool dec_wan_to_fen(struct dec a, int64_t *out);

i128 pow10_i128(int e);
/* num/den rounded half away from zero; den > 0. */
i128 div_round(i128 num, i128 den);
/* floor and ceiling of num/den, den > 0. */
i128 div_floor(i128 num, i128 den);
i128 div_ceil(i128 num, i128 den);

/*
 * round_half_up(x × b / a × 100) for decimals: the scaled ratio every score
 * formula uses (w × B / A).  False on overflow or a == 0.
 */
bool dec_muldiv_centi(struct dec x, struct dec b, struct dec a, int64_t *out);

/* Write d into out (at least 48 bytes), no trailing zeros: "23.360502". */
void dec_format(struct dec d, char *out, size_t size);

#endif
