/*
 * lines.c: physical lines of the input, with a bounded look-ahead so that
 * the layout stage can see how a form is written before reading it.
 *
 * Lines are read in CHUNK-sized pieces; a line over LINE_MAX_BYTES is
 * consumed but not kept (too_long).  The look-ahead holds at most
 * PEEK_LINES lines and PEEK_BYTES bytes, so memory stays bounded whatever
 * the input.
 */
#include "arena.h"
#include "read.h"

#include <stdlib.h>
#include <string.h>

enum { CHUNK = 64 * 1024, RING = PEEK_LINES + 1 };

struct slot {
	struct jx_buf buf;
	struct pline l;
};

struct lines {
	FILE *in;
	char *chunk;
	size_t pos, len;
	bool eof, io_error;
	bool last_unterminated; /* the last line read had no newline */
	unsigned long lineno;
	struct slot ring[RING]; /* ring[head] is the line last returned */
	size_t head, ahead;     /* lines read ahead, after head */
	size_t ahead_bytes;
};

void lines_set_first(struct lines *ls, unsigned long line)
{
	if (!ls->lineno && line)
		ls->lineno = line - 1;
}

struct lines *lines_new(FILE *in)
{
	struct lines *ls = xcalloc(1, sizeof *ls);
	ls->in = in;
	ls->chunk = xmalloc(CHUNK);
	ls->head = RING - 1; /* so that the first line lands in slot 0 */
	for (size_t i = 0; i < RING; i++)
		jx_buf_init(&ls->ring[i].buf, LINE_MAX_BYTES + CHUNK);
	return ls;
}

void lines_free(struct lines *ls)
{
	if (!ls)
		return;
	for (size_t i = 0; i < RING; i++)
		jx_buf_release(&ls->ring[i].buf);
	free(ls->chunk);
	free(ls);
}

static bool fill(struct lines *ls)
{
	ls->pos = 0;
	ls->len = fread(ls->chunk, 1, CHUNK, ls->in);
	if (ls->len == 0) {
		if (ferror(ls->in))
			ls->io_error = true;
		ls->eof = true;
		return false;
	}
	return true;
}

/* Read one physical line into slot s; false at the end of input. */
static bool read_into(struct lines *ls, struct slot *s)
{
	struct jx_buf *b = &s->buf;
	jx_buf_reset(b);
	bool too_long = false, got = false;
	for (;;) {
		if (ls->pos == ls->len && (ls->eof || !fill(ls)))
			break;
		got = true;
		const char *p = ls->chunk + ls->pos;
		size_t avail = ls->len - ls->pos;
		const char *nl = memchr(p, '\n', avail);
		size_t n = nl ? (size_t)(nl - p) : avail;
		if (!too_long) {
			if (b->n + n > LINE_MAX_BYTES)
				too_long = true;
			else
				jx_buf_add(b, p, n);
		}
		ls->pos += n + (nl ? 1 : 0);
		ls->last_unterminated = !nl;
		if (nl)
			break;
	}
	if (!got)
		return false;
	if (too_long)
		jx_buf_reset(b);
	if (b->n && b->p[b->n - 1] == '\r')
		b->p[--b->n] = '\0';
	s->l.p = b->p ? b->p : (char *)"";
	s->l.n = b->n;
	s->l.no = ++ls->lineno;
	s->l.too_long = too_long;
	s->l.title_memo = 0;
	return true;
}

struct pline *lines_next(struct lines *ls)
{
	if (ls->ahead) {
		ls->head = (ls->head + 1) % RING;
		ls->ahead--;
		ls->ahead_bytes -= ls->ring[ls->head].l.n;
		return &ls->ring[ls->head].l;
	}
	ls->head = (ls->head + 1) % RING;
	if (!read_into(ls, &ls->ring[ls->head]))
		return NULL;
	return &ls->ring[ls->head].l;
}

struct pline *lines_peek(struct lines *ls, size_t i)
{
	if (i >= PEEK_LINES)
		return NULL;
	while (ls->ahead <= i) {
		if (ls->ahead_bytes > PEEK_BYTES)
			return NULL;
		size_t at = (ls->head + 1 + ls->ahead) % RING;
		if (!read_into(ls, &ls->ring[at]))
			return NULL;
		ls->ahead++;
		ls->ahead_bytes += ls->ring[at].l.n;
	}
	return &ls->ring[(ls->head + 1 + i) % RING].l;
}

bool lines_io_error(const struct lines *ls)
{
	return ls->io_error;
}

unsigned long lines_count(const struct lines *ls)
{
	return ls->lineno - ls->ahead;
}

bool lines_unterminated(const struct lines *ls)
{
	return ls->eof && ls->last_unterminated;
}
