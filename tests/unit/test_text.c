/*
 * test_text.c: the byte-level fast paths of the reader's text functions
 * (issue 18) give what a code point at a time gives.  text_cell copies
 * ASCII and unfolded 3-byte characters as bytes; utf8_first_invalid and
 * script_scan skip ASCII eight bytes at a time and take 3-byte characters
 * by their shape; value_parse skips bytes that cannot start a Chinese
 * numeral.  Each is compared here, over every code point of the Basic
 * Multilingual Plane and malformed sequences, with a reference written the
 * slow way (utf8_decode, one code point at a time).
 */
#include "unit.h"

#include "arena.h"
#include "read.h"
#include "text.h"
#include "value.h"

#include <stdint.h>
#include <stdlib.h>

static bool ref_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\v' || cp == '\f' ||
	       cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF || cp == 0x200B;
}

static uint32_t ref_fold(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	return cp == 0xFE66 ? '=' : cp == 0x2212 ? '-' : cp;
}

static size_t put_utf8(uint32_t cp, char *o)
{
	if (cp < 0x80)
		return o[0] = (char)cp, 1;
	if (cp < 0x800)
		return o[0] = (char)(0xC0 | cp >> 6), o[1] = (char)(0x80 | (cp & 0x3F)), 2;
	if (cp < 0x10000)
		return o[0] = (char)(0xE0 | cp >> 12), o[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
		       o[2] = (char)(0x80 | (cp & 0x3F)), 3;
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* text_cell the slow way: spaces inside collapsed to one ' ' each (none
 * at the ends) in raw, dropped in norm; invalid bytes and NUL as U+FFFD. */
static void ref_cell(const char *p, size_t n, char *raw, char *norm)
{
	size_t od = 0, om = 0, last = 0, i = 0;
	bool started = false;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		i += k ? k : 1;
		if (!k || cp == 0)
			cp = 0xFFFD;
		if (ref_space(cp)) {
			if (started)
				raw[od++] = ' ';
			continue;
		}
		started = true;
		od += put_utf8(cp, raw + od);
		om += put_utf8(ref_fold(cp), norm + om);
		last = od;
	}
	raw[last] = '\0';
	norm[om] = '\0';
}

static size_t ref_first_invalid(const char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (!k || cp == 0)
			return i;
		i += k;
	}
	return n;
}

extern const unsigned char trad_bitmap[]; /* trad_table.c */

/* script_scan one code point at a time: a character t2s changes, and a
 * byte that may lead a tone mark (U+00C0..U+01FF) */
static bool ref_script(const char *p, size_t n, bool *gloss)
{
	bool trad = false;
	*gloss = false;
	for (size_t i = 0; i < n; i++)
		*gloss |= (unsigned char)p[i] >= 0xC3 && (unsigned char)p[i] <= 0xC7;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (k && cp >= 0x4E00 && cp <= 0x9FFF)
			trad |= trad_bitmap[(cp - 0x4E00) >> 3] & (1u << ((cp - 0x4E00) & 7));
		i += k ? k : 1;
	}
	return trad;
}

static unsigned long cell_bad, invalid_bad, scan_bad;

/* One input through text_cell and utf8_first_invalid, against the references. */
static void same(struct arena *a, const char *p, size_t n)
{
	char raw[256], norm[256];
	ref_cell(p, n, raw, norm);
	const char *r, *m;
	text_cell(a, p, n, &r, &m);
	if (strcmp(r, raw) != 0 || strcmp(m, norm) != 0)
		cell_bad++;
	if (utf8_first_invalid(p, n) != ref_first_invalid(p, n))
		invalid_bad++;
	bool gloss, ref_gloss;
	size_t bad;
	bool trad = script_scan(p, n, &gloss, &bad);
	if (trad != ref_script(p, n, &ref_gloss) || gloss != ref_gloss ||
	    bad != ref_first_invalid(p, n))
		scan_bad++;
}

int main(void)
{
	struct arena *a = arena_new();
	char in[64];
	/* every code point of the BMP but the surrogates, between ASCII and a
	 * CJK character, and then eight ASCII bytes (the 8-byte step) */
	for (uint32_t cp = 1; cp < 0x10000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		size_t n = 0;
		in[n++] = 'a';
		n += put_utf8(cp, in + n);
		n += put_utf8(0x4E2D, in + n); /* 中 */
		memcpy(in + n, "12345678", 8);
		n += 8;
		n += put_utf8(cp, in + n);
		same(a, in, n);
		same(a, in + 1, n - 1); /* the code point first */
	}
	CHECK_INT(cell_bad, 0);
	CHECK_INT(invalid_bad, 0);
	CHECK_INT(scan_bad, 0);
	/* malformed: lone continuation bytes, cut sequences, overlong forms,
	 * surrogates, NUL, and bytes past U+10FFFF, at each place in a cell */
	static const char *const bad[] = {"\x80", "\xBF", "\xE4", "\xE4\xB8", "\xE0\x80\x80", "\xC0\xAF",
					  "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xFF",
					  "\xEF\xBF", "\xE9\x9B", "\x00", "\xF0\x9F\x98\x80"};
	cell_bad = invalid_bad = scan_bad = 0;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		for (size_t at = 0; at <= 10; at++) {
			size_t k = bad[i][0] ? strlen(bad[i]) : 1, n = 0;
			memcpy(in, "abcdefghij", at);
			n = at;
			memcpy(in + n, bad[i], k);
			n += k;
			memcpy(in + n, "中 文  ", 10);
			n += 10;
			same(a, in, n);
		}
	CHECK_INT(cell_bad, 0);
	CHECK_INT(invalid_bad, 0);
	CHECK_INT(scan_bad, 0);
	/* spaces of every kind at the ends and inside */
	static const char spaces[] = "\xE3\x80\x80 a\t\xC2\xA0"
				     "b  \xE2\x80\x8B c\xEF\xBB\xBF";
	same(a, spaces, sizeof spaces - 1);
	CHECK_INT(cell_bad, 0);

	/* script_scan: traditional script and glosses, wherever they stand */
	bool gloss;
	size_t at;
#define SCAN(s) script_scan(s, strlen(s), &gloss, &at)
	CHECK(SCAN("abcdefgh項目名稱") && !gloss && at == strlen("abcdefgh項目名稱"));
	CHECK(!SCAN("abcdefgh项目名称abcdefgh") && !gloss);
	CHECK(!SCAN("12345678 xiàngmù 项目") && gloss);
	CHECK(SCAN("项目名稱 míng") && gloss);
	CHECK(!script_scan("\xE4\xB8", 2, &gloss, &at) && !gloss && at == 0); /* a cut character */
	CHECK(SCAN("中\xFF項") && at == 3); /* past a bad byte, still read */
	CHECK(!script_scan("ab\0cdefghij", 11, &gloss, &at) && at == 2); /* NUL: no text */
#undef SCAN

	/* value_parse: a Chinese numeral after text, an ASCII digit after CJK */
	struct value v;
	value_parse(a, "开展活动十二次", &v);
	CHECK(v.kind == VAL_NUMBER && dec_cmp(v.num, dec_int(12)) == 0);
	value_parse(a, "培训人数两百", &v);
	CHECK(v.kind == VAL_TEXT || v.kind == VAL_NUMBER);
	value_parse(a, "达到95%", &v); /* a prefix of at most 12 bytes */
	CHECK(v.kind == VAL_NUMBER && dec_cmp(v.num, dec_int(95)) == 0);
	value_parse_plain(a, "社区党建活动开展次数", &v);
	CHECK(v.kind == VAL_TEXT);
	value_parse_plain(a, "2020年", &v);
	CHECK(v.kind == VAL_NUMBER || v.kind == VAL_DATE);
	/* a number without an ASCII digit still is one (the filter before
	 * the date and number parsers lets Chinese numerals through) */
	value_parse_plain(a, "两次", &v);
	CHECK(v.kind == VAL_NUMBER && dec_cmp(v.num, dec_int(2)) == 0);
	value_parse_plain(a, "十二个", &v);
	CHECK(v.kind == VAL_NUMBER && dec_cmp(v.num, dec_int(12)) == 0);
	value_parse_plain(a, "百分之百完成", &v);
	CHECK(v.kind == VAL_TEXT);
	/* jx_render_json_string: the one-copy path of a plain string, and the
	 * escapes at every place of a string past eight bytes */
	struct jx_buf jb;
	jx_buf_init(&jb, 0);
	jx_render_json_string(&jb, "");
	jx_render_json_string(&jb, "项目名称abcdefgh");
	CHECK(strcmp(jb.p, "\"\"\"项目名称abcdefgh\"") == 0);
	static const char *const esc[][2] = {{"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\n"},
					     {"\t", "\\t"}, {"\r", "\\r"}, {"\x01", "\\u0001"},
					     {"\x7f", "\\u007f"}};
	unsigned long json_bad = 0;
	for (size_t e = 0; e < sizeof esc / sizeof *esc; e++)
		for (size_t pos = 0; pos <= 12; pos++) {
			char str[32], want[48];
			snprintf(str, sizeof str, "%.*s%sxyz", (int)pos, "abcdefghijkl", esc[e][0]);
			snprintf(want, sizeof want, "\"%.*s%sxyz\"", (int)pos, "abcdefghijkl", esc[e][1]);
			jx_buf_reset(&jb);
			jx_render_json_string(&jb, str);
			json_bad += strcmp(jb.p, want) != 0;
		}
	CHECK_INT(json_bad, 0);
	/* a string that does not fit the room left: grown, the same bytes */
	struct jx_buf small;
	jx_buf_init(&small, 0);
	for (int k = 0; k < 300; k++)
		jx_render_json_string(&small, "一二三");
	CHECK(small.n == 300 * 11 && strncmp(small.p + 299 * 11, "\"一二三\"", 11) == 0);
	jx_buf_release(&small);
	jx_buf_release(&jb);
	arena_free(a);
	return unit_done("test_text");
}
