/*
 * forms.c: the read loop of the commands that act on whole forms (render,
 * report): every form of the files read, scored and audited, handed over
 * with its own findings; then the findings that compare forms.
 */
#include "cli.h"

struct reading {
	struct cli_held held;  /* the current form's findings */
	bool done;             /* reading is over: findings now compare forms */
	struct cli_held after;
};

static void on_diag(const struct jx_diag *d, void *ud)
{
	struct reading *rd = ud;
	cli_held_add(rd->done ? &rd->after : &rd->held, d);
}

int cli_read_forms(struct jx_ctx *ctx, char **files, int nfiles, enum jx_layout layout,
		   const struct jx_profile *profile, const struct cli_form_sink *sink)
{
	struct reading rd = {0};
	jx_ctx_set_diag(ctx, on_diag, &rd);
	struct jx_audit *audit = jx_audit_new(ctx);
	int ok = 1;
	for (int i = 0; i < nfiles; i++) {
		FILE *in = cli_open(files[i]);
		if (!in) {
			ok = 0;
			continue;
		}
		struct jx_reader *r = cli_reader(ctx, in, files[i], layout);
		struct jx_form *f;
		enum jx_status st;
		while ((st = jx_reader_next(r, &f)) == JX_OK) {
			jx_form_score(f, profile);
			jx_audit_form(audit, f);
			sink->form(f, rd.held.v, rd.held.n, sink->ud);
			cli_held_clear(&rd.held);
			jx_form_free(f);
		}
		if (st != JX_DONE) { /* what made the file unreadable */
			ok = 0;
			if (sink->unreadable)
				sink->unreadable(rd.held.v, rd.held.n, sink->ud);
			else
				for (size_t k = 0; k < rd.held.n; k++)
					cli_print_diag(stderr, &rd.held.v[k]);
			cli_held_clear(&rd.held);
		}
		jx_reader_free(r);
		cli_close(in);
	}
	rd.done = true;
	jx_audit_finish(audit);
	jx_audit_free(audit);
	if (sink->between)
		sink->between(rd.after.v, rd.after.n, sink->ud);
	cli_held_free(&rd.held);
	cli_held_free(&rd.after);
	return ok;
}
bool cli_ocr, cli_accept_ocr;

struct jx_reader *cli_reader(struct jx_ctx *ctx, FILE *in, const char *name, enum jx_layout layout)
{
	struct jx_reader *r = jx_reader_new(ctx, in, name);
	jx_reader_set_layout(r, layout);
	jx_reader_set_ocr(r, cli_ocr);
	return r;
}

