/*
 * test_term.c: the terminal filter of cli/term.c (issue 17, item 16), the
 * file itself compiled in: control characters escaped, text kept in order
 * even when a write ends in the middle of a character.
 */
#include "../../cli/term.c"

#include "unit.h"

/* What the filter writes for the pieces, each one write, into a buffer. */
static const char *through(char *out, size_t cap, const char *const *pieces)
{
	FILE *mem = fmemopen(out, cap, "w");
	FILE *f = filtered(mem);
	setvbuf(f, NULL, _IONBF, 0); /* every fputs one write of the filter */
	for (; *pieces; pieces++)
		fputs(*pieces, f);
	fclose(f); /* flushes mem */
	fclose(mem);
	return out;
}

int main(void)
{
	char out[256];
	CHECK_STR(through(out, sizeof out, (const char *const[]){"a\x1b[8mb\n", NULL}), "a\\x1B[8mb\n");
	CHECK_STR(through(out, sizeof out, (const char *const[]){"t\tn\x07\x7f", NULL}), "t\tn\\x07\\x7F");
	/* C1 and the bidi override escaped; other CJK and Latin-1 kept */
	CHECK_STR(through(out, sizeof out, (const char *const[]){"\xc2\x9b\xe2\x80\xae\xc2\xb7妇联", NULL}),
		  "\\u009B\\u202E\xc2\xb7妇联");
	/* a character cut between writes, then another cut: in order */
	CHECK_STR(through(out, sizeof out, (const char *const[]){"A\xc2", "\xa9\xe2\x80\x9c" "B\n", NULL}),
		  "A\xc2\xa9\xe2\x80\x9c" "B\n");
	CHECK_STR(through(out, sizeof out, (const char *const[]){"x\xe2", "\x80", "\xae" "y", NULL}),
		  "x\\u202Ey");
	CHECK_STR(through(out, sizeof out, (const char *const[]){"\xe2\x80", "\x9c\xc2", "\x9b", NULL}),
		  "\xe2\x80\x9c\\u009B");
	return unit_done("test_term");
}
