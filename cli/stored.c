/*
 * stored.c: the forms of a database, read back for the commands that need
 * whole forms (render, report): each form's stored fields are put back into
 * the model as they were (jx_render_form_fields; a database of schema 2 has
 * the form's canonical text instead, read again from its title line), the
 * form scored by the profile it was imported with, and its stored findings
 * come with it.  So a document made from the database
 * is the one its files would have made.
 */
#include "cli.h"

#include <stdlib.h>

/* The stored forms of the query: id, and the file and line they were read from. */
struct one {
	long long id;
	char *file;
	unsigned long line;
};

struct ids {
	struct one *v;
	size_t n;
};

static int collect(const struct jx_store_form *r, void *ud)
{
	struct ids *ids = ud;
	ids->v = cli_xrealloc(ids->v, (ids->n + 1) * sizeof *ids->v);
	ids->v[ids->n++] = (struct one){r->id, cli_xstrdup(r->s.file), r->s.line};
	return 0;
}

static void hold(const struct jx_diag *d, void *ud)
{
	cli_held_add(ud, d);
}

static void quiet(const struct jx_diag *d, void *ud)
{
	(void)d;
	(void)ud;
}

int cli_stored_forms(const char *db, const struct jx_store_query *q, cli_stored_fn *fn, void *ud)
{
	struct jx_store *st = cli_store_open(db, JX_STORE_READ);
	if (!st)
		return 0;
	int ok = cli_stored_forms_in(st, db, q, fn, ud);
	jx_store_close(st);
	return ok;
}

int cli_stored_forms_in(struct jx_store *st, const char *db, const struct jx_store_query *q,
			cli_stored_fn *fn, void *ud)
{
	struct ids ids = {0};
	struct jx_buf src, prof, last;
	jx_buf_init(&src, 0);
	jx_buf_init(&prof, 0);
	jx_buf_init(&last, 0);
	struct jx_profile *p = NULL;
	struct cli_held held = {0};
	struct jx_ctx *ctx = jx_ctx_new();
	jx_ctx_set_diag(ctx, quiet, NULL); /* the stored findings are the form's */
	int ok = jx_store_list(st, q, collect, &ids) == JX_OK;
	for (size_t i = 0; ok && i < ids.n; i++) {
		jx_buf_reset(&src);
		jx_buf_reset(&prof);
		ok = jx_store_form_source(st, ids.v[i].id, &src, &prof) == JX_OK;
		if (ok && !src.n) {
			fprintf(stderr, "%s: error: 数据库中的这张表没有原文（由旧版本导入）：请重新 import 后再输出\n",
				cli_db_path(db));
			ok = 0;
			break;
		}
		/* the profile, parsed again only when it changes between forms */
		if (ok && (!p || strcmp(last.p ? last.p : "", prof.p ? prof.p : "") != 0)) {
			struct jx_profile_error err;
			jx_profile_free(p);
			p = NULL;
			if (jx_profile_parse_stored("（数据库中的评分规则）", prof.p ? prof.p : "", prof.n, &p, &err) !=
			    JX_OK) {
				cli_print_profile_error(&err);
				ok = 0;
				break;
			}
			jx_buf_reset(&last);
			jx_buf_puts(&last, prof.p ? prof.p : "");
		}
		FILE *m = ok ? fmemopen(src.p, src.n, "r") : NULL;
		if (!m) {
			ok = 0;
			break;
		}
		struct jx_reader *rd = jx_reader_new(ctx, m, ids.v[i].file);
		/* the form's fields (jx_render_form_fields: read as they were), or
		 * in a database of schema 2 the form's canonical text, read from
		 * its title line */
		if (src.p[0] != '{')
			jx_reader_set_first_line(rd, ids.v[i].line);
		struct jx_form *f = NULL;
		if (jx_reader_next(rd, &f) == JX_OK) {
			jx_form_score(f, p);
			cli_held_clear(&held);
			jx_store_findings(st, ids.v[i].id, hold, &held);
			fn(f, held.v, held.n, ud);
			jx_form_free(f);
		} else {
			fprintf(stderr, "%s: error: %s:%lu 的表无法从数据库中的原文读回\n", cli_db_path(db),
				ids.v[i].file, ids.v[i].line);
			ok = 0;
		}
		jx_reader_free(rd);
		fclose(m);
	}
	if (!ok && jx_store_error(st)[0])
		fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
	cli_held_free(&held);
	jx_profile_free(p);
	jx_buf_release(&src);
	jx_buf_release(&prof);
	jx_buf_release(&last);
	for (size_t i = 0; i < ids.n; i++)
		free(ids.v[i].file);
	free(ids.v);
	jx_ctx_free(ctx);
	return ok;
}
