/*
 * escape.h: user text into each document format (escape.c is the one
 * place; JSON's escaping is json.c's).  jx_render_html_text is public.
 */
#ifndef JX_ESCAPE_H
#define JX_ESCAPE_H

#include "jixiao.h"

/* A CSV field (RFC 4180), quoted when needed; text that a spreadsheet
 * would take for a formula (=, +, -, @, TAB or CR first, and not a plain
 * number) is quoted and prefixed with an apostrophe; control characters
 * become spaces. */
void csv_field(struct jx_buf *b, const char *s);
/* Text inside a Markdown table cell: | and Markdown marks escaped, HTML
 * specials as entities, line breaks as <br>. */
void md_cell(struct jx_buf *b, const char *s);

/* Text of a Markdown paragraph or list item (a finding's message): the same
 * escaping, public for the tool. */

#endif
