/*
 * test_pieces.c: a large text cut into pieces (jx_text_cuttable,
 * jx_text_cut) that readers read apart: the pieces' forms and findings,
 * read one reader per piece, are those of one reader of the whole text, in
 * order; and no cut where the reading would carry something over it (HTML
 * before, a 金额单位 line above the title).
 */
#include "jixiao.h"
#include "unit.h"

#include <stdlib.h>

struct seen {
	char *log; /* a line per form and finding: "F line project" / "D line check message" */
	size_t n, cap;
};

static void add(struct seen *s, const char *fmt, const char *a, unsigned long line, const char *b)
{
	char tmp[4096];
	int k = snprintf(tmp, sizeof tmp, fmt, line, a, b);
	if (k < 0)
		return;
	if ((size_t)k >= sizeof tmp)
		k = sizeof tmp - 1;
	if (s->n + (size_t)k + 1 > s->cap) {
		s->cap = (s->n + (size_t)k + 1) * 2;
		s->log = realloc(s->log, s->cap);
	}
	memcpy(s->log + s->n, tmp, (size_t)k + 1);
	s->n += (size_t)k;
}

static void on_diag(const struct jx_diag *d, void *ud)
{
	add(ud, "D %lu %s %s\n", jx_check_name(d->check), d->line, d->message);
}

/* Read <p, n> as a stream from `first_line` (0: as an input is read),
 * logging its forms and findings into s. */
static void read_into(struct seen *s, const char *p, size_t n, unsigned long first_line)
{
	FILE *in = fmemopen((void *)p, n, "r");
	struct jx_ctx *ctx = jx_ctx_new();
	jx_ctx_set_diag(ctx, on_diag, s);
	struct jx_reader *r = jx_reader_new(ctx, in, "big.txt");
	if (first_line)
		jx_reader_set_first_line(r, first_line);
	struct jx_form *f;
	while (jx_reader_next(r, &f) == JX_OK) {
		struct jx_summary sum;
		jx_form_score(f, NULL);
		jx_form_summary(f, &sum);
		char what[64];
		snprintf(what, sizeof what, "%s %lld %lld %lld", sum.grade, (long long)sum.budget_fen,
			 (long long)sum.executed_fen, (long long)sum.score_total_c);
		add(s, "F %lu %s %s\n", sum.project, sum.line, what);
		jx_form_free(f);
	}
	jx_reader_free(r);
	jx_ctx_free(ctx);
	fclose(in);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *p = NULL;
	size_t cap = 0, k;
	*n = 0;
	do {
		if (*n + 65536 > cap)
			p = realloc(p, cap = (*n + 65536) * 2);
		k = fread(p + *n, 1, 65536, f);
		*n += k;
	} while (k > 0);
	fclose(f);
	return p;
}

/* `copies` of <p, n>, with `between` before every copy but the first. */
static char *repeat(const char *p, size_t n, int copies, const char *between, size_t *len)
{
	size_t b = strlen(between);
	char *out = malloc((n + b) * (size_t)copies + 1);
	*len = 0;
	for (int i = 0; i < copies; i++) {
		if (i) {
			memcpy(out + *len, between, b);
			*len += b;
		}
		memcpy(out + *len, p, n);
		*len += n;
	}
	out[*len] = '\0';
	return out;
}

static unsigned long lines_of(const char *p, size_t n)
{
	unsigned long k = 0;
	for (size_t i = 0; i < n; i++)
		k += p[i] == '\n';
	return k;
}

/* Cut <text, n> every `bytes`; the pieces in order, each read apart, must
 * log what the whole does.  Returns the number of pieces. */
static size_t check_pieces(const char *text, size_t n, size_t bytes)
{
	struct seen whole = {0}, parts = {0};
	read_into(&whole, text, n, 0);
	size_t start = 0, pieces = 0;
	unsigned long line = 1, total = 0;
	int at_titles = 1, long_enough = 1;
	while (start < n) {
		unsigned long lines;
		size_t end = jx_text_cut(text, n, start, bytes, &lines);
		if (end < n) {
			const char *nl = memchr(text + end, '\n', n - end);
			size_t len = nl ? (size_t)(nl - (text + end)) : n - end;
			at_titles &= end > 0 && text[end - 1] == '\n' &&
				     memmem(text + end, len, "项目支出绩效自评表", strlen("项目支出绩效自评表")) != NULL;
			long_enough &= end - start >= bytes;
		}
		if (end < n) /* the rest's lines are not counted */
			CHECK_INT(lines, lines_of(text + start, end - start));
		else
			CHECK_INT(lines, 0);
		read_into(&parts, text + start, end - start, line);
		lines = lines_of(text + start, end - start);
		line += lines;
		total += lines;
		start = end;
		pieces++;
	}
	CHECK(at_titles);   /* every cut before a title line */
	CHECK(long_enough); /* and at least `bytes` after the one before */
	CHECK_INT(total, lines_of(text, n));
	CHECK_INT(parts.n, whole.n);
	CHECK(whole.n && parts.n == whole.n && memcmp(parts.log, whole.log, whole.n) == 0);
	free(whole.log);
	free(parts.log);
	return pieces;
}

int main(void)
{
	size_t n;
	char *form = slurp("examples/jinfeng-shanghaixilu-2023.txt", &n);
	CHECK(form != NULL);
	if (!form)
		return unit_done("test_pieces");
	size_t len;
	int copies = (int)((5u << 20) / n) + 2; /* past the 4 MB read whole */
	char *big = repeat(form, n, copies, "", &len);

	/* what may be cut at all */
	CHECK(jx_text_cuttable(big, len, JX_LAYOUT_AUTO));
	CHECK(!jx_text_cuttable(big, len, JX_LAYOUT_TAB)); /* a forced layout is never cut */
	CHECK(!jx_text_cuttable(big, 4u << 20, JX_LAYOUT_AUTO)); /* read whole, tried by templates */
	char *json = strdup(big);
	memcpy(json, "{\"forms\":[{", 11);
	CHECK(!jx_text_cuttable(json, len, JX_LAYOUT_AUTO));
	free(json);

	/* the pieces read apart give what the whole gives */
	size_t pieces = check_pieces(big, len, 512u << 10);
	CHECK(pieces >= 8);
	CHECK(check_pieces(big, len, 3u << 20) >= 2);
	CHECK_INT(check_pieces(big, len, len), 1); /* too few bytes left to cut */

	/* HTML before: no cut after it */
	size_t hlen;
	char *html = repeat(form, n, copies, "", &hlen);
	memcpy(html + n / 2, "<table>", 7); /* in the first form, before any cut */
	unsigned long lines;
	CHECK_INT(jx_text_cut(html, hlen, 0, 512u << 10, &lines), hlen);
	free(html);

	/* a 金额单位 line above every title is the next form's: no cut there */
	char *marked = malloc(n * 2 + 1);
	size_t m = 0;
	for (const char *l = form; l < form + n;) {
		const char *e = memchr(l, '\n', (size_t)(form + n - l));
		e = e ? e + 1 : form + n;
		if (memmem(l, (size_t)(e - l), "项目支出绩效自评表", strlen("项目支出绩效自评表"))) {
			memcpy(marked + m, "金额单位：元\n", strlen("金额单位：元\n"));
			m += strlen("金额单位：元\n");
		}
		memcpy(marked + m, l, (size_t)(e - l));
		m += (size_t)(e - l);
		l = e;
	}
	size_t ylen;
	char *yuan = repeat(marked, m, copies, "", &ylen);
	free(marked);
	CHECK_INT(jx_text_cut(yuan, ylen, 0, 512u << 10, &lines), ylen);
	CHECK_INT(check_pieces(yuan, ylen, 512u << 10), 1);
	free(yuan);

	free(big);
	free(form);
	return unit_done("test_pieces");
}
