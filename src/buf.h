/* buf.h: internal additions to the public jx_buf (see jixiao.h). */
#ifndef JX_BUF_H
#define JX_BUF_H

#include "jixiao.h"

#include <stdarg.h>

enum jx_status buf_vprintf(struct jx_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
