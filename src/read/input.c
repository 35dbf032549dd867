/*
 * input.c: telling an input's kind by its first bytes, and the parts every
 * non-text reader produces (see input.h).
 */
#include "arena.h"
#include "input.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first line of <p, n> names the CSV's columns: it has the fields
 * project, level1 and name (the header of `render --format csv`, whatever
 * the order Excel saved it in).  The header is ASCII, so GBK reads the same. */
static bool csv_header(const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n);
	size_t len = nl ? (size_t)(nl - p) : n;
	bool project = false, level1 = false, name = false;
	size_t s = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && p[i] != ',')
			continue;
		size_t e = i;
		if (e > s && p[e - 1] == '\r')
			e--;
		size_t k = e - s;
		const char *f = p + s;
		if (k >= 2 && f[0] == '"' && f[k - 1] == '"') {
			f++;
			k -= 2;
		}
		project |= k == 7 && !memcmp(f, "project", 7);
		level1 |= k == 6 && !memcmp(f, "level1", 6);
		name |= k == 4 && !memcmp(f, "name", 4);
		s = i + 1;
	}
	return project && level1 && name;
}

static size_t skip_space(const char *p, size_t n, size_t i)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	return i;
}

/*
 * <junk, k> before a "%PDF-" header at <pdf, rest> is what PDF readers
 * skip, not a text that mentions it: white space or a byte-order mark
 * only; bytes no text holds; or a header of its own line (%PDF-1. or
 * %PDF-2.) followed by a binary body (an HTTP header or mail around a PDF).
 */
static bool pdf_junk(const char *junk, size_t k, const char *pdf, size_t rest)
{
	size_t i = utf8_bom(junk, k);
	while (i < k && (junk[i] == ' ' || junk[i] == '\t' || junk[i] == '\r' || junk[i] == '\n'))
		i++;
	if (i == k || utf8_first_invalid(junk, k) < k)
		return true;
	bool own_line = junk[k - 1] == '\n' && rest >= 7 &&
			(!memcmp(pdf, "%PDF-1.", 7) || !memcmp(pdf, "%PDF-2.", 7));
	return own_line && utf8_first_invalid(pdf, rest) < rest;
}

/* An image file's signature: a scan or a photograph of a form. */
static bool image_signature(const unsigned char *p, size_t n)
{
	return (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) ||
	       (n >= 3 && !memcmp(p, "\xFF\xD8\xFF", 3)) ||
	       (n >= 4 && (!memcmp(p, "II*\0", 4) || !memcmp(p, "MM\0*", 4))) ||
	       (n >= 6 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6))) ||
	       (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4)) ||
	       (n >= 2 && !memcmp(p, "BM", 2) && n >= 26 && p[14] >= 12 && p[15] == 0 &&
		p[16] == 0 && p[17] == 0);
}

enum input_kind input_sniff(const char *p, size_t n, bool text_layouts)
{
	/* PDF readers accept up to 1 KB of junk before the header; a text that
	 * mentions %PDF- is not one: junk is bytes no text holds */
	const char *pdf = memmem(p, n < 1024 ? n : 1024, "%PDF-", 5);
	if (pdf && pdf_junk(p, (size_t)(pdf - p), pdf, n - (size_t)(pdf - p)))
		return IN_PDF;
	if (image_signature((const unsigned char *)p, n))
		return IN_IMAGE;
	if (n >= 4 && !memcmp(p, "PK\x03\x04", 4))
		return IN_XLSX;
	if (n >= 8 && !memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return IN_XLS;
	if (text_layouts)
		return IN_TEXT;
	size_t i = utf8_bom(p, n);
	if (csv_header(p + i, n - i))
		return IN_CSV;
	i = skip_space(p, n, i);
	/* { "…  or [ {… / [ ]: a JSON document, not a text that starts with a bracket */
	if (i < n && (p[i] == '{' || p[i] == '[')) {
		size_t j = skip_space(p, n, i + 1);
		if (j == n || (p[i] == '{' && (p[j] == '"' || p[j] == '}')) ||
		    (p[i] == '[' && (p[j] == '{' || p[j] == ']')))
			return IN_JSON;
	}
	return IN_TEXT;
}

void input_fail(struct input_error *err, unsigned long line, const char *fmt, ...)
{
	if (*err->msg)
		return; /* the first reason is the one that stopped reading */
	err->line = line;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof err->msg) /* cut: not inside a character */
		err->msg[utf8_first_invalid(err->msg, strlen(err->msg))] = '\0';
}

struct part *parts_add(struct parts *ps, const char *name, enum jx_layout layout)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 8;
		ps->v = xrealloc(ps->v, ps->cap * sizeof *ps->v);
	}
	struct part *p = &ps->v[ps->n++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(name);
	p->layout = layout;
	jx_buf_init(&p->text, PART_MAX_BYTES);
	return p;
}

bool part_row(struct part *p, const char *row, size_t n, unsigned long line)
{
	if (jx_buf_add(&p->text, row, n) != JX_OK || jx_buf_add(&p->text, "\n", 1) != JX_OK)
		return false;
	if (p->nmap == p->capmap) {
		p->capmap = p->capmap ? 2 * p->capmap : 64;
		p->map = xrealloc(p->map, p->capmap * sizeof *p->map);
	}
	p->map[p->nmap++] = line;
	return true;
}

bool part_cell(struct jx_buf *row, const char *t)
{
	for (; t && *t; t++)
		if (jx_buf_add(row, *t == '\t' || *t == '\n' || *t == '\r' ? " " : t, 1) != JX_OK)
			return false;
	return true;
}

bool part_text_cell(struct jx_buf *row, const char *t)
{
	for (; t && *t; t++) {
		if (!strncmp(t, UNREAD_CELL, 3) || !strncmp(t, ABSENT_CELL, 3)) {
			t += 2;
			continue;
		}
		if (jx_buf_add(row, *t == '\t' || *t == '\n' || *t == '\r' ? " " : t, 1) != JX_OK)
			return false;
	}
	return true;
}

char *strip_marks(char *s)
{
	char *o = s;
	for (const char *p = s; *p;) {
		if (!strncmp(p, UNREAD_CELL, 3) || !strncmp(p, ABSENT_CELL, 3)) {
			p += 3;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return s;
}

void part_drop_flat(struct part *p)
{
	arena_free(p->fa);
	p->fa = NULL;
	p->nflat = 0;
}

bool part_stream_next(struct part *p)
{
	return p->js ? json_stream_next(p) : p->cs ? csv_stream_next(p) : false;
}

void parts_free(struct parts *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->v[i].name);
		free(ps->v[i].map);
		free(ps->v[i].tpl);
		free(ps->v[i].flat);
		arena_free(ps->v[i].fa);
		json_stream_free(ps->v[i].js);
		csv_stream_free(ps->v[i].cs);
		jx_buf_release(&ps->v[i].text);
	}
	free(ps->v);
	memset(ps, 0, sizeof *ps);
}

/* A directory entry's name in an OLE2 file, as the file stores it
 * (UTF-16LE), followed by its NUL unit. */
static bool ole2_has(const char *data, size_t n, const char *ascii)
{
	char name[64];
	size_t k = 0;
	for (const char *c = ascii; *c && k + 4 <= sizeof name; c++) {
		name[k++] = *c;
		name[k++] = 0;
	}
	name[k++] = 0;
	name[k++] = 0;
	return memmem(data, n, name, k) != NULL;
}

/* The directory's names are not parsed: a Word file has a WordDocument
 * stream and no Workbook (BIFF8) or Book (BIFF5) one, and those names,
 * NUL-terminated UTF-16, are what its directory sectors hold. */
enum input_kind ole2_kind(const char *data, size_t n)
{
	return ole2_has(data, n, "WordDocument") && !ole2_has(data, n, "Workbook") &&
			       !ole2_has(data, n, "Book")
		       ? IN_DOC
		       : IN_XLS;
}
