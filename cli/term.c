/*
 * term.c: text for a terminal never carries a form's control characters.
 * A project name with ESC [ 8 m would hide what follows it, ESC ] 0 ; would
 * set the window title, ESC [ 2 J clear the screen; a right-to-left override
 * would reorder what a reviewer reads.  Text output (check, explain, list,
 * show, summary and compare as text, and every message on stderr) goes
 * through a filter that writes them visibly escaped instead: C0 controls
 * but TAB and LF, and DEL, as \xHH; C1 controls and the bidirectional
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) as \uHHHH.
 * JSON, CSV, HTML and Markdown escape what they must themselves and are not
 * filtered (a CSV field may hold a CR that is data).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct filter {
	FILE *to;
	unsigned char held[3]; /* the start of a sequence cut by a write */
	size_t nheld;
};

/* Bytes of the sequence starting at p (n available) that is escaped: 1, 2
 * or 3; 0 when it is text; -1 when more bytes are needed to tell. */
static int escaped_len(const unsigned char *p, size_t n)
{
	if ((p[0] < 0x20 && p[0] != '\t' && p[0] != '\n') || p[0] == 0x7f)
		return 1;
	if (p[0] == 0xc2) {
		if (n < 2)
			return -1;
		return p[1] >= 0x80 && p[1] <= 0x9f ? 2 : 0;
	}
	if (p[0] == 0xe2) {
		if (n < 3)
			return n == 2 && p[1] != 0x80 && p[1] != 0x81 ? 0 : -1;
		if (p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae)
			return 3;
		if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
			return 3;
	}
	return 0;
}

static void put_escaped(FILE *to, const unsigned char *p, int k)
{
	if (k == 1)
		fprintf(to, "\\x%02X", p[0]);
	else if (k == 2)
		fprintf(to, "\\u%04X", (unsigned)(p[1] & 0x3f) | 0x80);
	else
		fprintf(to, "\\u%04X",
			((unsigned)(p[0] & 0x0f) << 12) | ((unsigned)(p[1] & 0x3f) << 6) | (p[2] & 0x3f));
}

/* Write <p, n> with what escaped_len marks escaped; runs of text at once. */
static void filter_out(struct filter *f, const unsigned char *p, size_t n)
{
	size_t run = 0, i = 0;
	while (i < n) {
		int k = escaped_len(p + i, n - i);
		if (k == 0) {
			i++;
			continue;
		}
		fwrite(p + run, 1, i - run, f->to);
		if (k < 0) { /* cut: keep it for the next write */
			memcpy(f->held, p + i, n - i);
			f->nheld = n - i;
			return;
		}
		put_escaped(f->to, p + i, k);
		i += (size_t)k;
		run = i;
	}
	fwrite(p + run, 1, n - run, f->to);
}

static ssize_t filter_write(void *cookie, const char *buf, size_t n)
{
	struct filter *f = cookie;
	if (!f->nheld) {
		filter_out(f, (const unsigned char *)buf, n);
	} else { /* the held start of a sequence, then this write: as one text */
		unsigned char *all = malloc(f->nheld + n);
		if (!all)
			abort();
		memcpy(all, f->held, f->nheld);
		memcpy(all + f->nheld, buf, n);
		size_t k = f->nheld + n;
		f->nheld = 0;
		filter_out(f, all, k);
		free(all);
	}
	/* an error of the real stream is this stream's: a cut output is
	 * reported at exit (main.c) */
	return ferror(f->to) ? -1 : (ssize_t)n;
}

static int filter_close(void *cookie)
{
	struct filter *f = cookie;
	if (f->nheld)
		fwrite(f->held, 1, f->nheld, f->to);
	int rc = fflush(f->to) == 0 && !ferror(f->to) ? 0 : EOF;
	free(f);
	return rc;
}

static FILE *filtered(FILE *to)
{
	struct filter *f = calloc(1, sizeof *f);
	if (!f)
		abort();
	f->to = to;
	cookie_io_functions_t io = {.write = filter_write, .close = filter_close};
	FILE *out = fopencookie(f, "w", io);
	if (!out)
		abort();
	return out;
}

static FILE *real_stdout, *real_stderr;

void cli_text_output(void)
{
	if (real_stdout)
		return;
	fflush(stdout);
	real_stdout = stdout;
	stdout = filtered(real_stdout);
	if (isatty(fileno(real_stdout))) /* lines as they come, between stderr's */
		setvbuf(stdout, NULL, _IOLBF, 0);
}

void cli_text_errors(void)
{
	if (real_stderr)
		return;
	real_stderr = stderr;
	stderr = filtered(real_stderr);
	setvbuf(stderr, NULL, _IOLBF, 0); /* messages as they come, a line at a time */
}

int cli_text_finish(void)
{
	int rc = 0;
	if (real_stdout) {
		rc |= fclose(stdout); /* flushes the filter into the real stream */
		stdout = real_stdout;
		real_stdout = NULL;
	}
	if (real_stderr) {
		fclose(stderr);
		stderr = real_stderr;
		real_stderr = NULL;
	}
	return rc;
}
