/* buf.h: internal additions to the public jx_buf (see jixiao.h). */
#ifndef JX_BUF_H
#define JX_BUF_H

#include "jixiao.h"

#include <stdarg.h>
#include <string.h>

/* jx_buf_add and jx_buf_puts inline where the bytes fit the room already
 * there (the JSON and fields writers append a few bytes at a time, two
 * million times for 3,000 forms); else the library's call, which grows. */
static inline enum jx_status buf_add(struct jx_buf *b, const char *p, size_t n)
{
	if (!b->overflow && n < b->cap - b->n && n <= b->max - b->n) {
		memcpy(b->p + b->n, p, n);
		b->n += n;
		b->p[b->n] = '\0';
		return JX_OK;
	}
	return jx_buf_add(b, p, n);
}

static inline enum jx_status buf_puts(struct jx_buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

enum jx_status buf_vprintf(struct jx_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
