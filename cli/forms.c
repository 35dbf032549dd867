/*
 * forms.c: the read loop of the commands that act on whole forms (render,
 * report): every form of the files read, scored and audited, handed over
 * with its own findings; then the findings that compare forms.
 */
#include "cli.h"

struct reading {
	const struct cli_form_sink *sink;
	struct cli_held held;  /* the current form's findings */
	bool done;             /* reading is over: findings now compare forms */
	struct cli_held after;
	int ok;
};

static void on_diag(const struct jx_diag *d, void *ud)
{
	struct reading *rd = ud;
	cli_held_add(rd->done ? &rd->after : &rd->held, d);
}

/* The form itself is the item: the sink acts on it in input order. */
static void *keep_form(struct jx_form *f, size_t *bytes, void *ud)
{
	(void)ud;
	*bytes = jx_form_bytes(f);
	return f;
}

static void take_form(void *item, void *ud)
{
	struct reading *rd = ud;
	struct jx_form *f = item;
	rd->sink->form(f, rd->held.v, rd->held.n, rd->sink->ud);
	cli_held_clear(&rd->held);
	jx_form_free(f);
}

static void on_file(const char *path, enum cli_file_event ev, enum jx_status st, void *ud)
{
	(void)st;
	(void)path;
	struct reading *rd = ud;
	if (ev == CLI_FILE_UNOPENED)
		rd->ok = 0;
	if (ev != CLI_FILE_UNREADABLE)
		return;
	rd->ok = 0; /* what made the file unreadable */
	if (rd->sink->unreadable)
		rd->sink->unreadable(rd->held.v, rd->held.n, rd->sink->ud);
	else
		for (size_t k = 0; k < rd->held.n; k++)
			cli_print_diag(stderr, &rd->held.v[k]);
	cli_held_clear(&rd->held);
}

int cli_read_forms(struct jx_ctx *ctx, char **files, int nfiles, enum jx_layout layout,
		   const struct jx_profile *profile, int jobs, const struct cli_form_sink *sink)
{
	struct reading rd = {.sink = sink, .ok = 1};
	jx_ctx_set_diag(ctx, on_diag, &rd);
	struct jx_audit *audit = jx_audit_new(ctx);
	struct cli_batch b = {.jobs = jobs, .layout = layout, .profile = profile, .ctx = ctx,
			      .audit = audit, .work = keep_form, .take = take_form, .file = on_file,
			      .ud = &rd};
	cli_batch_run(&b, files, nfiles);
	rd.done = true;
	jx_audit_finish(audit);
	jx_audit_free(audit);
	if (sink->between)
		sink->between(rd.after.v, rd.after.n, sink->ud);
	cli_held_free(&rd.held);
	cli_held_free(&rd.after);
	return rd.ok;
}
bool cli_ocr, cli_accept_ocr;

struct jx_reader *cli_reader(struct jx_ctx *ctx, FILE *in, const char *name, enum jx_layout layout)
{
	struct jx_reader *r = jx_reader_new(ctx, in, name);
	jx_reader_set_layout(r, layout);
	jx_reader_set_ocr(r, cli_ocr);
	return r;
}

