#include "read.h"
static void stub_feed(void *st, struct layout *lay, const struct pline *l)
{
	(void)st;
	layout_emit(lay, l->p, l->n, l->no);
}
const struct adapter adapter_html = {JX_LAYOUT_HTML, NULL, stub_feed, NULL, NULL};
const struct adapter adapter_cells = {JX_LAYOUT_CELLS, NULL, stub_feed, NULL, NULL};
const struct adapter adapter_paragraph = {JX_LAYOUT_PARAGRAPH, NULL, stub_feed, NULL, NULL};
const struct adapter adapter_space = {JX_LAYOUT_SPACE, NULL, stub_feed, NULL, NULL};
const struct adapter adapter_oneline = {JX_LAYOUT_ONELINE, NULL, stub_feed, NULL, NULL};
