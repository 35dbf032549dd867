/*
 * doc.c: the text of a document, with each line's place (doc.h).
 */
#include "arena.h"
#include "doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "banned.h"

void doc_text_init(struct doc_text *d)
{
	*d = (struct doc_text){0};
	jx_buf_init(&d->text, DOC_MAX_BYTES);
}

void doc_text_free(struct doc_text *d)
{
	jx_buf_release(&d->text);
	free(d->at);
	free(d->notes);
	*d = (struct doc_text){0};
}

bool doc_line(struct doc_text *d, const char *s, size_t n, struct doc_place place)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->at = xrealloc(d->at, d->cap * sizeof *d->at);
	}
	for (size_t i = 0; i < n; i++)
		if (jx_buf_add(&d->text, s[i] == '\n' || s[i] == '\r' ? " " : s + i, 1) != JX_OK)
			return false;
	if (jx_buf_add(&d->text, "\n", 1) != JX_OK)
		return false;
	d->at[d->n++] = place;
	return true;
}

void doc_note(struct doc_text *d, enum jx_check check, unsigned long line, const char *fmt, ...)
{
	if (d->nnotes == DOC_MAX_NOTES)
		return;
	if (d->nnotes == d->capnotes) {
		d->capnotes = d->capnotes ? d->capnotes * 2 : 16;
		d->notes = xrealloc(d->notes, d->capnotes * sizeof *d->notes);
	}
	struct doc_note *nt = &d->notes[d->nnotes++];
	nt->check = check;
	nt->line = line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(nt->msg, sizeof nt->msg, fmt, ap);
	va_end(ap);
}
