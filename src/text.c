/*
 * text.c: UTF-8 decoding and the SPEC §2 normalisation.  Used by the reader
 * (labels, cells) and the value parser.
 */
#include "text.h"
#include "arena.h"
#include "jixiao.h"

#include <string.h>

size_t utf8_bom(const char *p, size_t n)
{
	return n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

size_t utf8_first_invalid(const char *p, size_t n)
{
	/* asked of every line: ASCII eight bytes at a time, and the 3-byte
	 * characters that cannot be overlong or surrogates (leads E1-EC,
	 * EE-EF: U+1000-CFFF, U+E000-FFFF) by their bytes' shape alone */
	const unsigned char *u = (const unsigned char *)p;
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	size_t i = 0;
	while (i < n) {
		uint64_t x;
		if (i + 8 <= n && (memcpy(&x, u + i, 8), !(x & high) && !((x - ones) & ~x & high))) {
			i += 8;
			continue;
		}
		unsigned c = u[i];
		if (c && c < 0x80) {
			i++;
			continue;
		}
		if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF && i + 2 < n &&
		    (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (!k || cp == 0) /* a NUL byte is no text */
			return i;
		i += k;
	}
	return n;
}

void utf8_mask_invalid(char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (!k || cp == 0)
			p[i++] = '?';
		else
			i += k;
	}
}

static size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static bool is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' ||
	       cp == '\v' || cp == '\f' || cp == 0xA0 || cp == 0x3000 ||
	       cp == 0xFEFF || cp == 0x200B;
}

/* The half-width equivalent of a code point, for matching and parsing. */
static uint32_t fold_cp(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	switch (cp) {
	case 0xFE66: /* ﹦ */
		return '=';
	case 0x2212: /* minus sign */
		return '-';
	case 0x3001: /* 、 is kept: it separates items */
	default:
		return cp;
	}
}

/* A 3-byte code point (U+0800..FFFF) that text_cell copies as it is: not
 * a space (is_space_cp: U+200B, U+3000, U+FEFF) and not folded (fold_cp:
 * U+2212, U+FE66, U+FF01..FF5E).  Inline: asked of every CJK character. */
static inline bool kept_cp3(uint32_t cp)
{
	if (cp < 0xFE66)
		return cp != 0x3000 && cp != 0x200B && cp != 0x2212;
	return cp != 0xFE66 && cp != 0xFEFF && (cp < 0xFF01 || cp > 0xFF5E);
}

void text_cell(struct arena *a, const char *p, size_t n, const char **raw,
	       const char **norm)
{
	/* one decoding pass for both forms of a cell (the reader's hot loop);
	 * each takes at most 3 bytes per input byte (an invalid byte becomes
	 * U+FFFD), and the two are moved together and trimmed at the end */
	if (!n) { /* an empty cell (most rows have some): nothing to keep */
		*raw = *norm = "";
		return;
	}
	const unsigned char *u = (const unsigned char *)p;
	char *d = arena_alloc_raw(a, n * 6 + 2), *m = d + n * 3 + 1;
	size_t od = 0, om = 0, last = 0, i = 0;
	bool started = false;
	while (i < n) {
		unsigned c = u[i];
		/* the common characters, copied as bytes: ASCII other than
		 * spaces, and 3-byte characters (CJK) that are not folded */
		if (c > ' ' && c < 0x7f) {
			d[od++] = (char)c;
			m[om++] = (char)c;
			last = od;
			started = true;
			i++;
			continue;
		}
		/* a run of CJK characters (leads E4-E9: U+4000-9FFF, all kept
		 * as they are) copied at once */
		if (c >= 0xE4 && c <= 0xE9) {
			size_t j = i;
			while (utf8_cjk3_at(u, j, n))
				j += 3;
			if (j > i) {
				memcpy(d + od, p + i, j - i);
				memcpy(m + om, p + i, j - i);
				od += j - i;
				om += j - i;
				last = od;
				started = true;
				i = j;
				continue;
			}
		}
		if (c >= 0xE0 && c <= 0xEF && i + 2 < n && (u[i + 1] & 0xC0) == 0x80 &&
		    (u[i + 2] & 0xC0) == 0x80) {
			uint32_t cp3 = utf8_cp3(u + i);
			if (cp3 >= 0x800 && (cp3 < 0xD800 || cp3 > 0xDFFF) && kept_cp3(cp3)) {
				memcpy(d + od, p + i, 3);
				memcpy(m + om, p + i, 3);
				od += 3;
				om += 3;
				last = od;
				started = true;
				i += 3;
				continue;
			}
		}
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		i += k ? k : 1;
		if (!k || cp == 0)
			cp = 0xFFFD;
		if (is_space_cp(cp)) {
			if (started)
				d[od++] = ' ';
			continue;
		}
		started = true;
		if (cp < 0x80) {
			d[od++] = (char)cp;
			m[om++] = (char)cp;
		} else {
			od += utf8_encode(cp, d + od);
			om += utf8_encode(fold_cp(cp), m + om);
		}
		last = od;
	}
	d[last] = '\0';
	m[om] = '\0';
	memmove(d + last + 1, m, om + 1);
	arena_shrink(a, d, last + 1 + om + 1);
	*raw = d;
	*norm = d + last + 1;
}

const char *text_norm(struct arena *a, const char *p, size_t n)
{
	const char *raw, *norm;
	text_cell(a, p, n, &raw, &norm);
	return norm;
}

void text_excerpt(const char *s, size_t max_chars, char *out, size_t cap)
{
	size_t n = strlen(s), i = 0, chars = 0;
	while (i < n && chars < max_chars) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		k = k ? k : 1;
		if (i + k + 4 > cap)
			break;
		i += k;
		chars++;
	}
	memcpy(out, s, i);
	if (i < n && i + 4 <= cap) { /* "…" */
		memcpy(out + i, "\xe2\x80\xa6", 3);
		i += 3;
	}
	out[i] = '\0';
	utf8_mask_invalid(out, i); /* an invalid byte kept whole is still invalid */
}

size_t text_norm_buf(const char *p, size_t n, char *out, size_t cap)
{
	size_t o = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		i += k ? k : 1;
		if (!k || cp == 0)
			cp = 0xFFFD;
		if (is_space_cp(cp))
			continue;
		char enc[4];
		size_t e = cp < 0x80 ? (enc[0] = (char)cp, 1) : utf8_encode(fold_cp(cp), enc);
		if (o + e + 1 > cap)
			break; /* only whole characters */
		memcpy(out + o, enc, e);
		o += e;
	}
	out[o] = '\0';
	return o;
}

size_t text_rtrim(const char *p, size_t n)
{
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n;
}

bool str_starts(const char *s, const char *prefix)
{
	/* the first byte decides most calls (millions a run) without strncmp */
	if (*s != *prefix)
		return !*prefix;
	return !*prefix || strncmp(s + 1, prefix + 1, strlen(prefix + 1)) == 0;
}

bool str_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

bool str_has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

bool str_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

bool str_has_any(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strstr(s, *list))
			return true;
	return false;
}

static bool is_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t jx_text_width(const char *s)
{
	size_t w = 0, n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		w += is_wide(cp) ? 2 : 1;
	}
	return w;
}

int jx_text_prefix(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--; /* s[max] continues a character: cut before it starts */
	return (int)max;
}
