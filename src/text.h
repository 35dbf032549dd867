/*
 * text.h: UTF-8 handling and the normalisation of SPEC §2.
 *
 * The reader keeps two forms of every cell: the original text (for display,
 * trimmed, invalid bytes replaced by U+FFFD so output stays valid UTF-8) and
 * the normalised text used for matching labels and parsing values:
 * full-width ASCII to half-width, NBSP and ideographic space to space, and
 * (for labels and values) every space removed.
 */
#ifndef JX_TEXT_H
#define JX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct arena;

/* Does <p, n> hold the character c (its UTF-8 bytes, 3 of them: a CJK
 * character)?  The hot path asks it of every line (表 for a title, 名 for
 * 项目名称): memchr on the last byte, which varies most, beats memmem's
 * general search by an order of magnitude on short needles. */
static inline bool has_char3(const char *p, size_t n, const char *c)
{
	const unsigned char last = (unsigned char)c[2];
	for (size_t i = 2; i < n;) {
		const char *q = memchr(p + i, last, n - i);
		if (!q)
			return false;
		size_t at = (size_t)(q - p);
		if (p[at - 2] == c[0] && p[at - 1] == c[1])
			return true;
		i = at + 1;
	}
	return false;
}

/* FNV-1a of s continued from h (TEXT_HASH_SEED to start): the one string
 * hash of the hash tables (audit, compare, tallies, report). */
#define TEXT_HASH_SEED 14695981039346656037ull
static inline uint64_t text_hash(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return h;
}

/* The code point of the 3-byte UTF-8 character at u (its shape checked). */
static inline uint32_t utf8_cp3(const unsigned char *u)
{
	return (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
}

/* A well-formed CJK character at u[i] of <u, n>: lead E4-E9 (U+4000-9FFF,
 * never overlong nor a surrogate) and two continuation bytes, told by their
 * shape alone (the hot loops' runs of Chinese text). */
static inline bool utf8_cjk3_at(const unsigned char *u, size_t i, size_t n)
{
	return i + 2 < n && u[i] >= 0xE4 && u[i] <= 0xE9 && (u[i + 1] & 0xC0) == 0x80 &&
	       (u[i + 2] & 0xC0) == 0x80;
}

/*
 * Decode one code point at <p, n>.  Returns its length in bytes (1..4), or 0
 * when the bytes are not valid UTF-8 (overlong, surrogate, truncated); then
 * *cp is U+FFFD and one byte should be skipped.
 */
static inline size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	*cp = 0xFFFD;
	if (n == 0)
		return 0;
	unsigned c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* The length of a UTF-8 byte-order mark at the start of <p, n>: 3 or 0. */
size_t utf8_bom(const char *p, size_t n);

/* Offset of the first invalid byte, or n when all of <p, n> is valid. */
size_t utf8_first_invalid(const char *p, size_t n);

/* Every byte of <p, n> that starts no valid UTF-8 sequence, and every NUL,
 * made '?' in place (one byte for one, so offsets stay). */
void utf8_mask_invalid(char *p, size_t n);

/* Both forms of a cell in one pass: *raw the original text (trimmed,
 * invalid bytes as U+FFFD), *norm the normalised text (see above). */
void text_cell(struct arena *a, const char *p, size_t n, const char **raw,
	       const char **norm);
/* The normalised text alone. */
const char *text_norm(struct arena *a, const char *p, size_t n);

/* The normalised text of <p, n> into out (at most cap bytes with the NUL,
 * whole characters only); returns its length.  For keys that need no arena. */
size_t text_norm_buf(const char *p, size_t n, char *out, size_t cap);

/* At most max_chars characters of s into out (cap bytes), whole characters
 * only, "…" when cut, invalid bytes as '?': for quoting input in messages. */
void text_excerpt(const char *s, size_t max_chars, char *out, size_t cap);

/* The length of <p, n> without its trailing spaces and TABs. */
size_t text_rtrim(const char *p, size_t n);

bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);
bool str_has(const char *s, const char *needle);
/* True when s is one of the NULL-terminated list. */
bool str_in(const char *s, const char *const *list);
/* True when s contains any of the NULL-terminated list. */
bool str_has_any(const char *s, const char *const *list);

#endif
