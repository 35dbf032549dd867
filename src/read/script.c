/*
 * script.c: text converted to traditional script, often with inline pinyin
 * glosses (項(xiàng)目資金), as some publications and machine converters
 * print it (SPEC §2.5).
 *
 * Glosses are removed from the text itself: they are reading aids, not
 * content.  Traditional characters are mapped to simplified ones by OpenCC
 * (Debian's libopencc, config t2s.json) for matching and parsing only; the
 * original text stays for display.  Which lines need it is decided by a
 * bitmap of the characters t2s changes (trad_table.c, generated), so that
 * simplified text never pays for the converter.
 */
#include "arena.h"
#include "read.h"
#include "text.h"

#include <opencc/opencc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

extern const unsigned char trad_bitmap[];

enum { CJK_FIRST = 0x4E00, CJK_LAST = 0x9FFF };

bool script_is_traditional(const char *p, size_t n)
{
	bool gloss;
	size_t bad;
	return script_scan(p, n, &gloss, &bad);
}

bool script_scan(const char *p, size_t n, bool *gloss, size_t *bad)
{
	/* asked of every line: one pass for the script, the glosses and the
	 * line's UTF-8 (as utf8_first_invalid, so that the reader need not
	 * walk the line again) */
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	bool trad = false;
	*gloss = false;
	*bad = n;
	const unsigned char *u = (const unsigned char *)p;
	for (size_t i = 0; i < n;) {
		unsigned char c = u[i];
		uint64_t x; /* ASCII without NUL (no gloss, no CJK) eight bytes at a time */
		if (c && c < 0x80 && i + 8 <= n &&
		    (memcpy(&x, u + i, 8), !(x & high) && !((x - ones) & ~x & high))) {
			i += 8;
			continue;
		}
		if (c && c < 0x80) {
			i++;
			continue;
		}
		/* a run of CJK characters of three well-formed bytes (leads
		 * E4-E9 are never overlong nor surrogates): no decoding */
		if (c >= 0xE4 && c <= 0xE9) {
			size_t j = i;
			while (utf8_cjk3_at(u, j, n)) {
				uint32_t cp = utf8_cp3(u + j);
				if (cp >= CJK_FIRST) { /* E4 holds U+4000.. too; E9 ends at U+9FFF */
					uint32_t b = cp - CJK_FIRST;
					trad |= trad_bitmap[b >> 3] & (1u << (b & 7));
				}
				j += 3;
			}
			if (j > i) {
				i = j;
				continue;
			}
		}
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (!k || cp == 0) { /* a NUL byte is no text */
			if (*bad == n)
				*bad = i;
			/* a tone mark (U+00C0..U+01FF: leads C3..C7) may be a gloss */
			*gloss |= c >= 0xC3 && c <= 0xC7;
			i++;
			continue;
		}
		*gloss |= c >= 0xC3 && c <= 0xC7;
		i += k; /* not U+4E00..U+9FFF: well-formed E4-E9 are taken above */
	}
	return trad;
}

/* A vowel with a tone mark, or ü: the letters pinyin adds to ASCII. */
static bool is_tone_letter(uint32_t cp)
{
	static const uint32_t tones[] = {0x101, 0xE1, 0x1CE, 0xE0, 0x113, 0xE9, 0x11B, 0xE8,
					 0x12B, 0xED, 0x1D0, 0xEC, 0x14D, 0xF3, 0x1D2, 0xF2,
					 0x16B, 0xFA, 0x1D4, 0xF9, 0x1D6, 0x1D8, 0x1DA, 0x1DC,
					 0xFC, 0xEA};
	for (size_t i = 0; i < sizeof tones / sizeof *tones; i++)
		if (tones[i] == cp)
			return true;
	return false;
}

/*
 * A gloss at p[i] (an opening bracket) right after a Chinese character:
 * pinyin letters, spaces and apostrophes up to the closing bracket, with a
 * tone mark somewhere.  Without one, "(km)" or "(kg)" after a label is a
 * unit, not a gloss, so it stays.  Returns its length in bytes, or 0.
 */
static size_t gloss_at(const char *p, size_t n, size_t i, bool after_cjk)
{
	size_t open = p[i] == '(' ? 1 : (n - i >= 3 && !memcmp(p + i, "（", 3)) ? 3 : 0;
	if (!open || !after_cjk)
		return 0;
	bool tone = false;
	size_t letters = 0;
	for (size_t j = i + open; j < n && j - i < 64;) {
		if (p[j] == ')')
			return letters && tone ? j + 1 - i : 0;
		if (n - j >= 3 && !memcmp(p + j, "）", 3))
			return letters && tone ? j + 3 - i : 0;
		uint32_t cp;
		size_t k = utf8_decode(p + j, n - j, &cp);
		if (!k)
			return 0;
		if (cp >= 'a' && cp <= 'z')
			letters++;
		else if (is_tone_letter(cp))
			tone = true, letters++;
		else if (cp != ' ' && cp != '\'')
			return 0;
		j += k;
	}
	return 0;
}

size_t script_strip_glosses(char *p, size_t n)
{
	bool bracket = false; /* ( or （ (EF BC 88) anywhere: one pass */
	for (size_t i = 0; i < n && !bracket; i++)
		bracket = p[i] == '(' || ((unsigned char)p[i] == 0xEF && i + 2 < n &&
					  (unsigned char)p[i + 1] == 0xBC &&
					  (unsigned char)p[i + 2] == 0x88);
	if (!bracket)
		return n;
	size_t o = 0;
	bool after_cjk = false;
	for (size_t i = 0; i < n;) {
		size_t g = gloss_at(p, n, i, after_cjk);
		if (g) {
			i += g;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (!k)
			k = 1;
		after_cjk = cp >= 0x3400 && cp <= 0x9FFF;
		memmove(p + o, p + i, k);
		o += k;
		i += k;
	}
	if (o < n)
		p[o] = '\0';
	return o;
}

/*
 * One converter for the process, opened on first use.  OpenCC's converter
 * is not documented as thread-safe, so conversions are serialised; they
 * only happen on lines in traditional script.
 */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static opencc_t converter = (opencc_t)-1;

static void open_converter(void)
{
	converter = opencc_open("t2s.json");
}

char *script_to_simplified(const char *p, size_t n)
{
	pthread_once(&once, open_converter);
	if (converter == (opencc_t)-1)
		return NULL;
	/* OpenCC reads whole UTF-8 sequences up to a NUL whatever the length
	 * given: hand it a NUL-terminated copy with every invalid byte made '?'
	 * (one byte for one, so TABs stay where they were) */
	char *in = xmalloc(n + 1);
	memcpy(in, p, n);
	in[n] = '\0';
	utf8_mask_invalid(in, n);
	pthread_mutex_lock(&lock);
	char *s = opencc_convert_utf8(converter, in, n);
	pthread_mutex_unlock(&lock);
	free(in);
	if (!s)
		return NULL;
	char *copy = xstrdup(s); /* ours to free(), whatever allocator OpenCC uses */
	opencc_convert_utf8_free(s);
	return copy;
}
