/*
 * arena.h: one arena per parsed document.
 *
 * Everything a form owns (cell text, parsed values, traces) is allocated from
 * the form's arena and released with it in one call, so the model never has
 * to track the lifetime of single strings.  Allocation failure aborts (see
 * xalloc), so callers never check for NULL.
 */
#ifndef JX_ARENA_H
#define JX_ARENA_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);

/* Zeroed memory aligned for any object. */
void *arena_alloc(struct arena *a, size_t n);
/* Memory aligned for any object, not zeroed: for a caller that writes it. */
void *arena_alloc_raw(struct arena *a, size_t n);
/* p, the arena's last allocation, keeps only its first n bytes: the rest
 * goes to the next allocation (for a buffer sized for the worst case). */
void arena_shrink(struct arena *a, void *p, size_t n);
/* What the arena holds from malloc, its blocks whole. */
size_t arena_bytes(const struct arena *a);
/* A NUL-terminated copy of <p, n>. */
char *arena_strndup(struct arena *a, const char *p, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* malloc/realloc that print one line and abort on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
