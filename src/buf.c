/*
 * buf.c: the growable, capped output buffer every renderer writes into.
 */
#include "jixiao.h"
#include "arena.h"
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jx_buf_init(struct jx_buf *b, size_t max)
{
	b->p = NULL;
	b->n = b->cap = 0;
	b->max = max ? max : JX_BUF_DEFAULT_MAX;
	b->overflow = false;
}

void jx_buf_release(struct jx_buf *b)
{
	free(b->p);
	jx_buf_init(b, b->max);
}

void jx_buf_reset(struct jx_buf *b)
{
	b->n = 0;
	b->overflow = false;
	if (b->p)
		b->p[0] = '\0';
}

static enum jx_status grow(struct jx_buf *b, size_t extra)
{
	if (b->overflow || extra > b->max - b->n) {
		b->overflow = true;
		return JX_ERR_TOOBIG;
	}
	size_t need = b->n + extra + 1;
	if (need > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < need)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	return JX_OK;
}

enum jx_status jx_buf_add(struct jx_buf *b, const char *p, size_t n)
{
	enum jx_status st = grow(b, n);
	if (st)
		return st;
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
	return JX_OK;
}

enum jx_status jx_buf_puts(struct jx_buf *b, const char *s)
{
	return jx_buf_add(b, s, strlen(s));
}

enum jx_status buf_vprintf(struct jx_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	if (b->cap > b->n + 1 && !b->overflow) {
		/* one pass when it fits the room already there */
		size_t room = b->cap - b->n;
		va_copy(cp, ap);
		int n = vsnprintf(b->p + b->n, room, fmt, cp);
		va_end(cp);
		if (n < 0)
			return JX_ERR_ARG;
		if ((size_t)n < room && (size_t)n <= b->max - b->n) {
			b->n += (size_t)n;
			return JX_OK;
		}
		b->p[b->n] = '\0';
	}
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return JX_ERR_ARG;
	enum jx_status st = grow(b, (size_t)n);
	if (st)
		return st;
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	b->n += (size_t)n;
	return JX_OK;
}

enum jx_status jx_buf_printf(struct jx_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum jx_status st = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return st;
}
