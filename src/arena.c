/*
 * arena.c: bump allocator in growing blocks, and the aborting x-allocators.
 * Sits under every stage of the pipeline.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct block {
	struct block *next;
	size_t cap, used;
	max_align_t data[];
};

struct arena {
	struct block *head;
};

enum { BLOCK_MIN = 16 * 1024 };

static void oom(size_t n)
{
	fprintf(stderr, "jixiao: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

size_t arena_bytes(const struct arena *a)
{
	size_t n = 0;
	for (const struct block *b = a ? a->head : NULL; b; b = b->next)
		n += sizeof *b + b->cap;
	return n;
}

void *arena_alloc_raw(struct arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	struct block *b = a->head;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > BLOCK_MIN ? n : BLOCK_MIN;
		if (cap > SIZE_MAX - sizeof(struct block))
			oom(n);
		b = xmalloc(sizeof(struct block) + cap);
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = arena_alloc_raw(a, n);
	memset(p, 0, n);
	return p;
}

void arena_shrink(struct arena *a, void *p, size_t n)
{
	const size_t align = sizeof(max_align_t);
	struct block *b = a->head;
	char *data = (char *)b->data;
	size_t at = (size_t)((char *)p - data);
	size_t used = at + (n + align - 1) / align * align;
	if ((char *)p >= data && at <= b->used && used < b->used)
		b->used = used;
}

char *arena_strndup(struct arena *a, const char *p, size_t n)
{
	char *s = arena_alloc(a, n + 1);
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	/* one pass when the text fits what is left of the current block */
	struct block *b = a->head;
	if (b && b->cap - b->used > 64) {
		char *p = (char *)b->data + b->used;
		size_t room = b->cap - b->used;
		va_list cp;
		va_copy(cp, ap);
		int n = vsnprintf(p, room, fmt, cp);
		va_end(cp);
		if (n >= 0 && (size_t)n < room) {
			const size_t align = sizeof(max_align_t);
			size_t used = ((size_t)n + 1 + align - 1) / align * align;
			b->used += used > room ? room : used;
			return p;
		}
	}
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return arena_strdup(a, "");
	char *s = arena_alloc(a, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}
