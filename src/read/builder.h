/*
 * builder.h: the form builder (builder.c), the reader's last stage: rows of
 * cells in the tab layout (a text's layout adapters, or a part of input.h)
 * -> struct jx_form, one form at a time.  The reader (reader.c) owns the
 * input and makes one builder for a text, or one for each part.
 */
#ifndef JX_BUILDER_H
#define JX_BUILDER_H

#include "jixiao.h"

#include <stdio.h>

struct builder;
struct part;

/* A builder of the forms in `in` (read, not owned), in `forced` layout
 * (JX_LAYOUT_AUTO: each form's own), lines numbered from first_line (0: 1). */
struct builder *builder_new(struct jx_ctx *ctx, FILE *in, const char *name, enum jx_layout forced,
			    unsigned long first_line);
/* `in` is part p's text: its line map, first column and layout, and what
 * the templates of its forms lack (held, not copied: p outlives b). */
void builder_set_part(struct builder *b, const struct part *p);
void builder_free(struct builder *b);
/* The next form (JX_OK), JX_DONE at the end, or the input's failure. */
enum jx_status builder_next(struct builder *b, struct jx_form **out);
/*
 * A form given field by field (input.h's struct flat_form: a JSON object,
 * a CSV's rows) into the model: each field read as the cell it names is
 * (amounts, 分值, 执行率 with the same checks and findings), never written
 * out as rows and read back.  The builder's part (builder_set_part) gives
 * the layout and whether fields may be marks.  Always JX_OK.
 */
struct flat_form;
enum jx_status builder_flat(struct builder *b, const struct flat_form *f, struct jx_form **out);
/* Forms handed out so far. */
unsigned long builder_count(const struct builder *b);
/* Blank workbook sheets it skipped (blank-sheet). */
unsigned long builder_blanks(const struct builder *b);

#endif
