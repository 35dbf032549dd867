/*
 * drive.h: what every fuzz target does with an input: read every form of
 * it, score, audit and render each (JSON, explain, HTML, Markdown, CSV),
 * and read its canonical text back, as the store does.  Included by the
 * fuzz_*.c entries, which differ only in how they make the input.
 */
#ifndef JX_FUZZ_DRIVE_H
#define JX_FUZZ_DRIVE_H

#include "jixiao.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static void ignore(const struct jx_diag *d, void *ud)
{
	(void)d;
	(void)ud;
}

/* Every form of <data, size>, read with `layout` (AUTO: by content) or, if
 * `tpl` is a template's name, by that template (jx_reader_set_template). */
static void drive_with(const uint8_t *data, size_t size, enum jx_layout layout, const char *tpl)
{
	FILE *fp = fmemopen((void *)data, size, "r");
	if (!fp)
		return;
	struct jx_ctx *ctx = jx_ctx_new();
	jx_ctx_set_diag(ctx, ignore, NULL);
	struct jx_reader *r = jx_reader_new(ctx, fp, "fuzz");
	jx_reader_set_layout(r, layout);
	char err[512];
	if (tpl && jx_reader_set_template(r, tpl, err, sizeof err) != JX_OK)
		__builtin_trap(); /* a shipped template always loads */
	struct jx_audit *au = jx_audit_new(ctx);
	struct jx_buf b;
	jx_buf_init(&b, 1 << 24);
	struct jx_form *f;
	while (jx_reader_next(r, &f) == JX_OK) {
		jx_form_score(f, NULL);
		jx_audit_form(au, f);
		jx_buf_reset(&b);
		jx_render_form_json(&b, f);
		jx_render_explain(&b, f);
		jx_render_form_html(&b, f, "form-1", NULL, 0);
		jx_render_form_md(&b, f);
		jx_render_form_csv(&b, f);
		/* the canonical text reads back (the store relies on it) */
		struct jx_buf t;
		jx_buf_init(&t, 1 << 24);
		jx_render_form_tab(&t, f);
		FILE *m = t.n ? fmemopen(t.p, t.n, "r") : NULL;
		if (m) {
			struct jx_summary s;
			jx_form_summary(f, &s);
			struct jx_reader *r2 = jx_reader_new(ctx, m, "fuzz-tab");
			jx_reader_set_first_line(r2, s.line ? s.line : 1);
			struct jx_form *g;
			while (jx_reader_next(r2, &g) == JX_OK) {
				jx_form_score(g, NULL);
				jx_form_free(g);
			}
			jx_reader_free(r2);
			fclose(m);
		}
		jx_buf_release(&t);
		jx_form_free(f);
	}
	jx_audit_finish(au);
	jx_buf_release(&b);
	jx_audit_free(au);
	jx_reader_free(r);
	jx_ctx_free(ctx);
	fclose(fp);
}

static void drive(const uint8_t *data, size_t size, enum jx_layout layout)
{
	drive_with(data, size, layout, NULL);
}

/* The parts of <p, n> (split at "\n@@\n"), named names[0], names[1], …,
 * and one fixed part (fixed_name: fixed) as a stored ZIP in *out
 * (malloc'd): an Office package whose XML the fuzzer writes. */
static bool pack_parts(const char *const *names, size_t nnames, const char *fixed_name,
		       const char *fixed, const uint8_t *p, size_t n, uint8_t **out, size_t *outn)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	zip_error_fini(&ze);
	if (!z) {
		if (src)
			zip_source_free(src);
		return false;
	}
	zip_source_keep(src);
	zip_source_t *r = zip_source_buffer(z, fixed, strlen(fixed), 0);
	zip_file_add(z, fixed_name, r, ZIP_FL_OVERWRITE);
	size_t k = 0;
	while (n && k < nnames) {
		const uint8_t *sep = memmem(p, n, "\n@@\n", 4);
		size_t len = sep ? (size_t)(sep - p) : n;
		zip_source_t *s = zip_source_buffer(z, p, len, 0);
		zip_int64_t i = zip_file_add(z, names[k++], s, ZIP_FL_OVERWRITE);
		if (i >= 0)
			zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
		if (!sep)
			break;
		p = sep + 4;
		n -= len + 4;
	}
	bool ok = zip_close(z) == 0;
	if (!ok)
		zip_discard(z);
	zip_stat_t st;
	if (ok && zip_source_open(src) == 0) {
		zip_stat_init(&st);
		ok = zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE);
		if (ok) {
			*out = malloc(st.size ? st.size : 1);
			*outn = (size_t)zip_source_read(src, *out, st.size);
		}
		zip_source_close(src);
	} else {
		ok = false;
	}
	zip_source_free(src);
	return ok;
}

#endif
