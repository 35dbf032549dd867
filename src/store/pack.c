/*
 * pack.c: a stored form's source as the store keeps it (store.h): its
 * fields text (jx_render_form_fields) compressed by zstd, level -1 (a
 * negative level: ratio traded for speed).  A form's fields are 2-3 KB of
 * JSON; the SQLite
 * backend stored a form in a page of its own before, and two to four to a
 * page packed.  Measured on the 10,000 fields of the import bench
 * (2026-12-03): zlib level 1 with a 4 KB window (what schema 6 wrote
 * first) 57 µs a form and 36.9%; zstd level 1 14-16 µs and 38.3% with
 * its context kept per thread (40 µs when made per call), level -1 6.4 µs
 * and 41.9%.  Level -1 took 11% off the import's time (the workers'
 * compression is on its critical path) for 1% more database (4,222 to
 * 4,265 bytes a form, pages counted: the source is a fifth of a form's
 * bytes).  The level changes no format: rows of any level are read, and
 * rows zlib wrote too (store_unpack tells them by their first bytes).
 */
#include "store.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

/* Each thread's compression context, made at its first form and freed
 * when the thread ends (the main thread's at exit, by the key's owner). */
static pthread_key_t cctx_key;
static pthread_once_t cctx_once = PTHREAD_ONCE_INIT;

static void cctx_free(void *c)
{
	ZSTD_freeCCtx(c);
}

static void cctx_key_make(void)
{
	if (pthread_key_create(&cctx_key, cctx_free) != 0)
		abort(); /* PTHREAD_KEYS_MAX keys taken: not a state to go on in */
}

static ZSTD_CCtx *thread_cctx(void)
{
	pthread_once(&cctx_once, cctx_key_make);
	ZSTD_CCtx *c = pthread_getspecific(cctx_key);
	if (!c && (c = ZSTD_createCCtx()) != NULL && pthread_setspecific(cctx_key, c) != 0) {
		ZSTD_freeCCtx(c);
		c = NULL;
	}
	return c;
}

enum { PACK_LEVEL = -1 };

bool store_pack(const char *text, size_t n, struct jx_buf *out)
{
	jx_buf_reset(out);
	if (n > UINT32_MAX / 2)
		return false;
	ZSTD_CCtx *c = thread_cctx();
	size_t cap = ZSTD_compressBound(n);
	char *tmp = c ? malloc(cap ? cap : 1) : NULL;
	if (!tmp)
		return false;
	size_t got = ZSTD_compressCCtx(c, tmp, cap, text, n, PACK_LEVEL);
	bool ok = !ZSTD_isError(got) && jx_buf_add(out, tmp, got) == JX_OK;
	free(tmp);
	return ok;
}

/* A zstd frame: its magic number, little-endian 0xFD2FB528. */
static bool is_zstd(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 0x28 && p[1] == 0xB5 && p[2] == 0x2F && p[3] == 0xFD;
}

/* One zstd frame, its size recorded (store_pack's): into out. */
static bool unpack_zstd(const void *packed, size_t n, struct jx_buf *out)
{
	unsigned long long size = ZSTD_getFrameContentSize(packed, n);
	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
	    size > UINT32_MAX / 2 || (out->max && out->n + size > out->max))
		return false;
	char *tmp = malloc(size ? (size_t)size : 1);
	if (!tmp)
		return false;
	size_t got = ZSTD_decompress(tmp, (size_t)size, packed, n);
	bool ok = !ZSTD_isError(got) && got == size && jx_buf_add(out, tmp, got) == JX_OK;
	free(tmp);
	return ok;
}

bool store_unpack(const void *packed, size_t n, struct jx_buf *out)
{
	if (is_zstd(packed, n))
		return unpack_zstd(packed, n, out);
	z_stream z = {0}; /* a row zlib wrote (schema 6) */
	if (n > UINT32_MAX / 2 || inflateInit(&z) != Z_OK)
		return false;
	z.next_in = (Bytef *)(uintptr_t)packed;
	z.avail_in = (uInt)n;
	char chunk[16384];
	int rc;
	do {
		z.next_out = (Bytef *)chunk;
		z.avail_out = sizeof chunk;
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			break;
		if (jx_buf_add(out, chunk, sizeof chunk - z.avail_out) != JX_OK) {
			rc = Z_MEM_ERROR; /* past the buffer's limit: not a form's fields */
			break;
		}
	} while (rc != Z_STREAM_END && (z.avail_in || !z.avail_out));
	inflateEnd(&z);
	return rc == Z_STREAM_END && z.avail_in == 0;
}
