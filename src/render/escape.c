/*
 * escape.c: the one place where user text (cells, names, messages, paths)
 * is escaped for each document format but JSON (json.c has its own single
 * path).  Everything a renderer writes that came from an input goes
 * through one of these; a project named `<script>` stays text.
 */
#include "escape.h"

#include <string.h>

/* Control characters cannot drive a browser or a terminal: a space each. */
static bool control(unsigned char c)
{
	return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
}

enum jx_status jx_render_html_text(struct jx_buf *b, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if (control((unsigned char)*s))
				rep = " ";
		}
		if (!rep)
			continue;
		jx_buf_add(b, run, (size_t)(s - run));
		jx_buf_puts(b, rep);
		run = s + 1;
	}
	return jx_buf_add(b, run, (size_t)(s - run));
}

/* A plain number (-12.5, 3,000): safe to leave for a spreadsheet to read. */
static bool plain_number(const char *s)
{
	if (*s == '-')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '.' || *s == ','))
			return false;
	return true;
}

/* Would a spreadsheet take the text for a formula (CSV injection)? */
static bool formula_like(const char *s)
{
	return (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r') &&
	       !plain_number(s);
}

void csv_field(struct jx_buf *b, const char *s)
{
	bool controls = false;
	for (const char *p = s; *p; p++)
		controls |= control((unsigned char)*p);
	if (!strpbrk(s, ",\"\r\n") && !formula_like(s) && !controls) {
		jx_buf_puts(b, s);
		return;
	}
	/* quoted; text that starts like a formula gets a leading apostrophe */
	jx_buf_puts(b, "\"");
	if (formula_like(s))
		jx_buf_puts(b, "'");
	for (; *s; s++) {
		if (*s == '"')
			jx_buf_puts(b, "\"\"");
		else if (control((unsigned char)*s))
			jx_buf_puts(b, " ");
		else
			jx_buf_add(b, s, 1);
	}
	jx_buf_puts(b, "\"");
}

enum jx_status jx_render_csv_field(struct jx_buf *b, const char *s)
{
	csv_field(b, s ? s : "");
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}

void md_cell(struct jx_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '|': jx_buf_puts(b, "\\|"); break;
		case '\\': jx_buf_puts(b, "\\\\"); break;
		case '<': jx_buf_puts(b, "&lt;"); break;
		case '>': jx_buf_puts(b, "&gt;"); break;
		case '&': jx_buf_puts(b, "&amp;"); break;
		case '*': case '_': case '`': case '[': case ']':
			jx_buf_puts(b, "\\");
			jx_buf_add(b, s, 1);
			break;
		case '\n': jx_buf_puts(b, "<br>"); break;
		default:
			if (control((unsigned char)*s))
				jx_buf_puts(b, " ");
			else
				jx_buf_add(b, s, 1);
		}
	}
}

enum jx_status jx_render_md_text(struct jx_buf *b, const char *s)
{
	md_cell(b, s);
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}
