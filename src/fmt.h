/*
 * fmt.h: numbers as jixiao prints them, the bottom of the library (it uses
 * only dec.h and the arena): scores in centi-points (90.56), amounts in
 * fen as 万元 (0.22792), ratios at a given precision.  The scoring engine,
 * the profiles, the audit and every renderer print through it, so that a
 * number reads the same in a trace, a message and a document.
 */
#ifndef JX_FMT_H
#define JX_FMT_H

#include "arena.h"
#include "dec.h"

#include <stdint.h>

/* Into the arena: 9056 -> "90.56", 10000 -> "100"; 22792 fen -> "0.22792". */
const char *fmt_centi(struct arena *a, int64_t centi);
const char *fmt_wan(struct arena *a, int64_t fen);
/* Into buf (cap bytes): num/den rounded half up to `decimals` decimals
 * (times 100 when `percent`), trailing zeros dropped; false when den <= 0,
 * decimals is outside 0..9 or the value does not fit. */
bool fmt_ratio(char *buf, size_t cap, int64_t num, int64_t den, int decimals, bool percent);

#endif
