/*
 * pack.c: a stored form's source as the store keeps it (store.h): its
 * fields text (jx_render_form_fields) deflated by zlib.  A form's fields
 * are 2-3 KB of JSON that deflate to a third; the SQLite backend stored a
 * form in a page of its own before, and two to four to a page packed.
 * Level 1: it runs in the import's workers, and the higher levels gained
 * 7% for twice the time (measured on the bench corpus).
 */
#include "store.h"

#include <stdlib.h>
#include <zlib.h>

bool store_pack(const char *text, size_t n, struct jx_buf *out)
{
	jx_buf_reset(out);
	if (n > UINT32_MAX / 2)
		return false;
	/* a 4 KB window and a small hash: a form's fields are 2-3 KB, and
	 * the default state (256 KB set up per call) cost more than the
	 * deflating itself; the stream records its window for inflate */
	z_stream z = {0};
	if (deflateInit2(&z, 1, Z_DEFLATED, 12, 5, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	uLong cap = deflateBound(&z, (uLong)n);
	char *tmp = malloc(cap ? cap : 1);
	bool ok = false;
	if (tmp) {
		z.next_in = (Bytef *)(uintptr_t)text;
		z.avail_in = (uInt)n;
		z.next_out = (Bytef *)tmp;
		z.avail_out = (uInt)cap;
		ok = deflate(&z, Z_FINISH) == Z_STREAM_END && jx_buf_add(out, tmp, z.total_out) == JX_OK;
	}
	deflateEnd(&z);
	free(tmp);
	return ok;
}

bool store_unpack(const void *packed, size_t n, struct jx_buf *out)
{
	z_stream z = {0};
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
