/*
 * decode.c: the text encodings users save, told from the bytes and turned
 * into UTF-8 before any reader sees them (see input.h, text_encoding).
 *
 * What is decided, and why:
 *  - a byte-order mark is certain: UTF-32 (checked before UTF-16, whose
 *    mark is UTF-32LE's first half), UTF-16, UTF-8;
 *  - UTF-16 without a mark only where it is certain: the sample has a NUL
 *    byte, its units decode strictly in that byte order (no lone
 *    surrogate, no NUL, no control character but TAB/CR/LF/FF), it holds
 *    a line break unit and no TAB, LF, CR or space of the other order
 *    (0x0A00 …), which a text in the other order is full of;
 *  - otherwise NUL bytes and control characters no text holds, 2% of the
 *    bytes or more (and at least four), mean binary: said so, no encoding
 *    guessed.  A few of them in a text (an escape sequence pasted into a
 *    cell, a damaged line) leave it a text, read line by line, the bad
 *    lines reported;
 *  - bytes that are not UTF-8 are GB18030 (which contains GBK and GB2312)
 *    only when they are not UTF-8 with a few damaged bytes: more invalid
 *    positions than valid multi-byte sequences.  A UTF-8 file with one bad
 *    byte stays UTF-8 (the builder shows the byte as U+FFFD and says so):
 *    decoding it as GB18030 would turn every line into mojibake.
 * Conversion is glibc's iconv; a byte it cannot convert stops the input
 * with its line, never a silent replacement.
 */
#include "arena.h"
#include "input.h"
#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static bool text_control(uint32_t c)
{
	/* VT: Word's manual line break (Shift+Enter) in text it exports */
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v';
}

/* Code unit i of a UTF-16 sample, little- or big-endian. */
static uint32_t unit16(const unsigned char *p, size_t i, bool le)
{
	return le ? (uint32_t)p[2 * i] | (uint32_t)p[2 * i + 1] << 8
		  : (uint32_t)p[2 * i] << 8 | (uint32_t)p[2 * i + 1];
}

/* <p, n> (no mark) is certainly UTF-16 of that byte order (see above). */
static bool utf16_certain(const unsigned char *p, size_t n, bool le)
{
	size_t units = n / 2, breaks = 0, swapped = 0;
	for (size_t i = 0; i < units; i++) {
		uint32_t u = unit16(p, i, le);
		if (u >= 0xD800 && u <= 0xDBFF) { /* a pair, unless cut by the sample */
			if (i + 1 == units)
				break;
			uint32_t lo = unit16(p, ++i, le);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return false;
			continue;
		}
		if ((u >= 0xDC00 && u <= 0xDFFF) || u == 0 || text_control(u) || u == 0xFFFE)
			return false;
		breaks += u == '\n';
		/* TAB, LF, CR and space of the other byte order */
		swapped += u == 0x0900 || u == 0x0A00 || u == 0x0D00 || u == 0x2000;
	}
	return breaks > 0 && swapped == 0;
}

/* More invalid positions than valid multi-byte sequences: not UTF-8 with
 * damage but another encoding. */
static bool mostly_not_utf8(const char *p, size_t n)
{
	size_t valid = 0, invalid = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (!k) {
			/* a sequence cut by the end of a sample is not a fault */
			if (n - i < 4 && (unsigned char)p[i] >= 0xC2)
				break;
			invalid++;
			i++;
			continue;
		}
		valid += k > 1;
		i += k;
	}
	return invalid > valid;
}

enum text_enc text_encoding(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n >= 4 && !memcmp(p, "\xFF\xFE\0\0", 4))
		return ENC_UTF32LE;
	if (n >= 4 && !memcmp(p, "\0\0\xFE\xFF", 4))
		return ENC_UTF32BE;
	if (n >= 2 && !memcmp(p, "\xFF\xFE", 2))
		return ENC_UTF16LE;
	if (n >= 2 && !memcmp(p, "\xFE\xFF", 2))
		return ENC_UTF16BE;
	if (utf8_bom(s, n))
		return ENC_UTF8;
	if (n >= 4 && memchr(s, '\0', n)) {
		if (utf16_certain(p, n, true))
			return ENC_UTF16LE_NOBOM;
		if (utf16_certain(p, n, false))
			return ENC_UTF16BE_NOBOM;
	}
	size_t controls = 0;
	for (size_t i = 0; i < n; i++)
		controls += text_control(p[i]) && p[i] != 0x1A; /* ^Z: DOS's end of file */
	if (controls >= 4 && controls * 50 > n)
		return ENC_BINARY;
	return mostly_not_utf8(s, n) ? ENC_GB18030 : ENC_UTF8;
}

const char *text_encoding_name(enum text_enc e)
{
	switch (e) {
	case ENC_UTF8: return "UTF-8";
	case ENC_UTF16LE: case ENC_UTF16LE_NOBOM: return "UTF-16LE";
	case ENC_UTF16BE: case ENC_UTF16BE_NOBOM: return "UTF-16BE";
	case ENC_UTF32LE: return "UTF-32LE";
	case ENC_UTF32BE: return "UTF-32BE";
	case ENC_GB18030: return "GB18030";
	case ENC_BINARY: break;
	}
	return "binary";
}

/* Bytes of the byte-order mark an encoding starts with. */
static size_t mark_bytes(enum text_enc e)
{
	return e == ENC_UTF32LE || e == ENC_UTF32BE ? 4 : e == ENC_UTF16LE || e == ENC_UTF16BE ? 2 : 0;
}

/* The line of the input byte `at`, counting line breaks as the encoding
 * writes them: a whole unit of its width equal to U+000A (not a byte of
 * one: 上 is U+4E0A). */
static unsigned long line_at(const char *s, size_t at, enum text_enc e)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = e == ENC_UTF32LE || e == ENC_UTF32BE ? 4 : e == ENC_GB18030 ? 1 : 2;
	bool le = e == ENC_UTF16LE || e == ENC_UTF16LE_NOBOM || e == ENC_UTF32LE;
	unsigned long line = 1;
	for (size_t i = 0; i + w <= at; i += w) {
		uint32_t u = 0;
		for (size_t k = 0; k < w; k++)
			u |= (uint32_t)p[i + k] << (8 * (le ? k : w - 1 - k));
		line += u == '\n';
	}
	return line;
}

char *text_decode(const char *data, size_t n, enum text_enc enc, size_t *len,
		  struct input_error *err)
{
	size_t skip = mark_bytes(enc);
	data += skip;
	n -= skip;
	const char *from = text_encoding_name(enc);
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		input_fail(err, 0, "无法把 %s 文本转换为 UTF-8：%s", from, strerror(errno));
		return NULL;
	}
	/* UTF-8 of a 2-byte unit is at most 3 bytes; of GB18030's 4-byte
	 * sequence 4; of a 1-byte one 1: twice the input always holds it */
	size_t cap = n * 2 + 4, left = cap - 1, in_left = n;
	char *out = xmalloc(cap), *o = out;
	char *in = (char *)data;
	if (iconv(cd, &in, &in_left, &o, &left) == (size_t)-1) {
		size_t at = (size_t)(in - data);
		unsigned long line = line_at(data, at, enc);
		if (errno == EINVAL)
			input_fail(err, line, "%s 文本在第 %lu 行的末尾被截断（最后一个字符不完整），未读取", from,
				   line);
		else
			input_fail(err, line, "第 %lu 行有不是 %s%s 的字节（文件第 %zu 字节），无法读取", line,
				   enc == ENC_GB18030 ? "UTF-8 也不是 " : "", /* both were tried */
				   enc == ENC_GB18030 ? "GB18030/GBK" : from, at + skip + 1);
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*o = '\0';
	*len = (size_t)(o - out);
	/* a BOM the conversion kept (GB18030's own, UTF-16 without one ours) */
	size_t bom = utf8_bom(out, *len);
	memmove(out, out + bom, *len - bom + 1);
	*len -= bom;
	const char *nul = memchr(out, '\0', *len);
	if (nul) {
		unsigned long line = 1;
		for (const char *q = out; q < nul; q++)
			line += *q == '\n';
		input_fail(err, line, "第 %lu 行有 NUL 字符：不是文本文件，无法读取", line);
		free(out);
		return NULL;
	}
	return out;
}
