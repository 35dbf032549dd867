/*
 * held.c: findings copied while their form is read and audited, for the
 * commands that act on a form together with its findings (import stores
 * them, render prints them beside the form).  A finding's strings are
 * valid only during the callback; these copies are the command's.
 */
#include "cli.h"

#include <stdlib.h>

void cli_held_add(struct cli_held *h, const struct jx_diag *d)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->v = cli_xrealloc(h->v, h->cap * sizeof *h->v);
	}
	struct jx_diag *c = &h->v[h->n++];
	*c = *d;
	c->file = cli_xstrdup(d->file);
	c->project = cli_xstrdup(d->project);
	c->message = cli_xstrdup(d->message);
}

void cli_held_clear(struct cli_held *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free((char *)h->v[i].file);
		free((char *)h->v[i].project);
		free((char *)h->v[i].message);
	}
	h->n = 0;
}

void cli_held_free(struct cli_held *h)
{
	cli_held_clear(h);
	free(h->v);
	*h = (struct cli_held){0};
}
