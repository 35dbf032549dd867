/*
 * lexicon.c: the labels of every form template (templates/lexicon.txt) and
 * the templates themselves (templates/NAME.tpl), parsed from the copies
 * compiled into the library or from files given by the user, and the
 * choice of the template a form fits best.
 *
 * A malformed file is refused at file:line, like a malformed profile: a
 * template that silently lost a key would read forms wrongly.
 */
#include "arena.h"
#include "grid.h"
#include "read.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char *const concept_names[K__COUNT] = {
	"project", "department", "implementer", "skiplabel", "year_label",
	"fund_block", "col_initial", "col_budget", "col_received", "col_executed", "col_weight", "col_rate",
	"col_score", "row_total", "row_fiscal", "row_carryover", "row_other", "row_source",
	"row_income", "row_expense", "row_income_head", "row_expense_head", "mgmt_block", "mgmt_item",
	"goal_block", "goal_expected", "goal_actual",
	"ind_block", "hdr_level1", "hdr_level2", "hdr_name", "hdr_op", "hdr_unit", "hdr_target",
	"hdr_actual", "hdr_weight", "hdr_score", "hdr_reason", "hdr_skip", "level1", "level2",
	"total", "total_declared", "closing_conclusion", "closing_problems",
	"closing_improvements", "form_end",
};

static const char *const column_names[COL__COUNT] = {
	"", "initial", "budget", "received", "executed", "weight", "rate", "score", "op",
	"target", "unit", "actual", "reason", "skip",
};

struct syn {
	const char *s; /* squeezed */
	size_t n;
	size_t chars;
	uint64_t mask;
	bool ocr;      /* ~: a misreading kept as a synonym, no base for lexicon_near */
};

struct lexicon {
	struct arena *a;
	struct syn *syn;
	size_t nsyn, capsyn;
	size_t first[257]; /* syn sorted by first byte, then longest first: [first[c], first[c+1]) */
	struct template *tpl;
	size_t ntpl, captpl;
	const char *words[LEX_MAX_WORDS];
	size_t nwords;
	/* parent lines: parents[i] the 一级指标 of children[i] */
	const char **parents, **children;
	size_t nparents, capparents;
};

/* Squeezed and folded (full-width to half-width, spaces dropped), in `a`. */
static char *fold(struct arena *a, const char *p, size_t n)
{
	char *out = arena_alloc(a, n * 3 + 1);
	char tmp[4096];
	size_t k = squeeze(p, n, tmp, sizeof tmp);
	text_norm_buf(tmp, k, out, n * 3 + 1);
	return out;
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static void add_syn(struct lexicon *lx, const char *s, size_t n, enum concept k)
{
	bool ocr = n > 1 && s[0] == '~';
	if (ocr)
		s++, n--;
	for (size_t i = 0; i < lx->nsyn; i++)
		if (lx->syn[i].n == n && memcmp(lx->syn[i].s, s, n) == 0) {
			lx->syn[i].mask |= KBIT(k);
			return;
		}
	if (lx->nsyn == lx->capsyn) {
		lx->capsyn = lx->capsyn ? 2 * lx->capsyn : 256;
		lx->syn = xrealloc(lx->syn, lx->capsyn * sizeof *lx->syn);
	}
	lx->syn[lx->nsyn++] = (struct syn){s, n, utf8_chars(s, n), KBIT(k), ocr};
}

static int syn_cmp(const void *x, const void *y)
{
	const struct syn *a = x, *b = y;
	unsigned char ca = (unsigned char)a->s[0], cb = (unsigned char)b->s[0];
	if (ca != cb)
		return ca < cb ? -1 : 1;
	return a->n > b->n ? -1 : a->n < b->n;
}

static void index_syn(struct lexicon *lx)
{
	qsort(lx->syn, lx->nsyn, sizeof *lx->syn, syn_cmp);
	size_t j = 0;
	for (int c = 0; c <= 256; c++) {
		while (j < lx->nsyn && (unsigned char)lx->syn[j].s[0] < c)
			j++;
		lx->first[c] = j;
	}
}

/* One line of a data file: <p, n> without its comment and outer spaces. */
static const char *next_line(const char **cur, const char *end, size_t *n)
{
	if (*cur >= end)
		return NULL;
	const char *p = *cur, *nl = memchr(p, '\n', (size_t)(end - p));
	const char *e = nl ? nl : end;
	*cur = nl ? nl + 1 : end;
	const char *hash = memchr(p, '#', (size_t)(e - p));
	if (hash)
		e = hash;
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*n = (size_t)(e - p);
	return p;
}

/* The words of <p, n> split by spaces and TABs, each squeezed into `a`. */
static size_t words(struct arena *a, const char *p, size_t n, const char ***out)
{
	size_t cap = 8, k = 0;
	const char **v = arena_alloc(a, cap * sizeof *v);
	size_t i = 0;
	while (i < n) {
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		size_t s = i;
		while (i < n && p[i] != ' ' && p[i] != '\t')
			i++;
		if (i == s)
			break;
		if (k == cap) {
			const char **w = arena_alloc(a, 2 * cap * sizeof *w);
			memcpy(w, v, k * sizeof *v);
			v = w, cap *= 2;
		}
		v[k++] = fold(a, p + s, i - s);
	}
	*out = v;
	return k;
}

static bool parse_lexicon(struct lexicon *lx, const char *file, const char *text, size_t len,
			  char *err, size_t errcap)
{
	const char *cur = text, *end = text + len, *p;
	size_t n;
	unsigned long lineno = 0;
	while ((p = next_line(&cur, end, &n))) {
		lineno++;
		if (!n)
			continue;
		size_t i = 0;
		while (i < n && p[i] != ' ' && p[i] != '\t')
			i++;
		if (i == 6 && memcmp(p, "parent", 6) == 0) {
			const char **w;
			size_t nw = words(lx->a, p + i, n - i, &w);
			if (nw < 2) {
				snprintf(err, errcap, "%s:%lu: parent 应为「一级指标 二级指标…」", file, lineno);
				return false;
			}
			for (size_t j = 1; j < nw; j++) {
				if (lx->nparents == lx->capparents) {
					lx->capparents = lx->capparents ? 2 * lx->capparents : 32;
					lx->parents = xrealloc(lx->parents, lx->capparents * sizeof *lx->parents);
					lx->children = xrealloc(lx->children, lx->capparents * sizeof *lx->children);
				}
				lx->parents[lx->nparents] = w[0];
				lx->children[lx->nparents++] = w[j];
			}
			continue;
		}
		int k = -1;
		for (int c = 0; c < K__COUNT; c++)
			if (strlen(concept_names[c]) == i && memcmp(concept_names[c], p, i) == 0)
				k = c;
		if (k < 0) {
			snprintf(err, errcap, "%s:%lu: 未知的概念「%.*s」", file, lineno, (int)i, p);
			return false;
		}
		const char **w;
		size_t nw = words(lx->a, p + i, n - i, &w);
		if (!nw) {
			snprintf(err, errcap, "%s:%lu: 概念「%s」没有同义词", file, lineno,
				 concept_names[k]);
			return false;
		}
		for (size_t j = 0; j < nw; j++)
			if (*w[j])
				add_syn(lx, w[j], strlen(w[j]), (enum concept)k);
	}
	return true;
}

/* A template's name: letters, digits, - and _ (it is typed after --template). */
static bool name_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return false;
	return true;
}

/* Column names, each known and each once (skip may repeat). */
static bool parse_columns(const char *const *w, size_t nw, enum column *out, int *nout)
{
	if (nw > TPL_MAX_COLS)
		return false;
	for (size_t i = 0; i < nw; i++) {
		int c = -1;
		for (int j = 1; j < COL__COUNT; j++)
			if (strcmp(w[i], column_names[j]) == 0)
				c = j;
		if (c < 0)
			return false;
		for (size_t k = 0; k < i; k++)
			if (out[k] == (enum column)c && c != COL_SKIP)
				return false;
		out[i] = (enum column)c;
	}
	*nout = (int)nw;
	return true;
}

static bool parse_template(struct lexicon *lx, const char *file, const char *text, size_t len,
			   char *err, size_t errcap)
{
	struct template t = {.file = arena_strdup(lx->a, file)};
	size_t bom = utf8_bom(text, len); /* Notepad's, harmless */
	const char *cur = text + bom, *end = text + len, *p;
	char seen[8][32] = {{0}};
	int nseen = 0;
	size_t n;
	unsigned long lineno = 0;
	while ((p = next_line(&cur, end, &n))) {
		lineno++;
		if (!n)
			continue;
		const char *eq = memchr(p, '=', n);
		if (!eq) {
			snprintf(err, errcap, "%s:%lu: 应为「键 = 值」", file, lineno);
			return false;
		}
		size_t kn = (size_t)(eq - p);
		while (kn && (p[kn - 1] == ' ' || p[kn - 1] == '\t'))
			kn--;
		const char *v = eq + 1;
		size_t vn = n - (size_t)(v - p);
		while (vn && (*v == ' ' || *v == '\t'))
			v++, vn--;
		char key[32];
		snprintf(key, sizeof key, "%.*s", (int)(kn < 31 ? kn : 31), p);
		for (int s = 0; s < nseen; s++)
			if (!strcmp(seen[s], key)) {
				snprintf(err, errcap, "%s:%lu: 键「%s」重复（每个键只写一次）", file, lineno, key);
				return false;
			}
		if (nseen < 8 && strlen(key) < sizeof seen[0])
			snprintf(seen[nseen++], sizeof seen[0], "%s", key);
		const char **w;
		size_t nw = words(lx->a, v, vn, &w);
		bool ok = true;
		if (strcmp(key, "name") == 0)
			t.name = arena_strndup(lx->a, v, vn), ok = vn > 0 && name_ok(t.name);
		else if (strcmp(key, "description") == 0)
			t.description = arena_strndup(lx->a, v, vn);
		else if (strcmp(key, "scheme") == 0)
			t.scheme = arena_strndup(lx->a, v, vn), ok = vn > 0;
		else if (strcmp(key, "title") == 0)
			t.titles = w, t.ntitles = nw, ok = nw > 0;
		else if (strcmp(key, "markers") == 0)
			t.markers = w, t.nmarkers = nw;
		else if (strcmp(key, "funds") == 0)
			ok = parse_columns(w, nw, t.funds, &t.nfunds);
		else if (strcmp(key, "indicators") == 0)
			ok = parse_columns(w, nw, t.inds, &t.ninds);
		else if (strcmp(key, "fixed") == 0)
			t.fixed = vn == 3 && memcmp(v, "yes", 3) == 0, ok = t.fixed || (vn == 2 && memcmp(v, "no", 2) == 0);
		else {
			snprintf(err, errcap, "%s:%lu: 未知的键「%s」", file, lineno, key);
			return false;
		}
		if (!ok) {
			snprintf(err, errcap, "%s:%lu: 「%s」的值无效：「%.*s」", file, lineno, key,
				 (int)(vn < 200 ? vn : 200), v);
			return false;
		}
	}
	const char *need = !t.name ? "name" : !t.ntitles ? "title" : !t.nfunds ? "funds"
			 : !t.ninds ? "indicators" : !t.scheme ? "scheme" : NULL;
	if (need) {
		snprintf(err, errcap, "%s:%lu: 缺少「%s」", file, lineno, need);
		return false;
	}
	for (size_t i = 0; i < lx->ntpl; i++)
		if (strcmp(lx->tpl[i].name, t.name) == 0) {
			lx->tpl[i] = t; /* a later file of the same name replaces it */
			return true;
		}
	if (lx->ntpl == lx->captpl) {
		lx->captpl = lx->captpl ? 2 * lx->captpl : 16;
		lx->tpl = xrealloc(lx->tpl, lx->captpl * sizeof *lx->tpl);
	}
	lx->tpl[lx->ntpl++] = t;
	return true;
}

/* A whole file into memory (a template a user gives: at most 1 MB). */
static char *read_file(const char *path, size_t *len, char *err, size_t errcap)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errcap, "%s: 无法打开模板文件：%s", path, strerror(errno));
		return NULL;
	}
	struct jx_buf b;
	jx_buf_init(&b, 1 << 20);
	char chunk[8192];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0 && !b.overflow)
		jx_buf_add(&b, chunk, k);
	bool bad = ferror(f) || b.overflow;
	fclose(f);
	if (bad) {
		snprintf(err, errcap, "%s: %s", path, b.overflow ? "模板文件超过 1 MB" : "读取模板文件失败");
		jx_buf_release(&b);
		return NULL;
	}
	*len = b.n;
	return b.p ? b.p : xcalloc(1, 1);
}

static void index_words(struct lexicon *lx);

struct lexicon *lexicon_load(const char *const *extra, size_t nextra, char *err, size_t errcap)
{
	struct lexicon *lx = xcalloc(1, sizeof *lx);
	lx->a = arena_new();
	bool ok = true;
	for (size_t i = 0; ok && i < n_shipped_templates; i++) {
		const struct shipped_file *s = &shipped_templates[i];
		char file[128];
		snprintf(file, sizeof file, "templates/%s.%s", s->name,
			 strcmp(s->name, "lexicon") == 0 ? "txt" : "tpl");
		ok = strcmp(s->name, "lexicon") == 0
			     ? parse_lexicon(lx, file, s->text, s->len, err, errcap)
			     : parse_template(lx, file, s->text, s->len, err, errcap);
	}
	for (size_t i = 0; ok && i < nextra; i++) {
		size_t len;
		char *text = read_file(extra[i], &len, err, errcap);
		ok = text && parse_template(lx, extra[i], text, len, err, errcap);
		free(text);
	}
	if (!ok) {
		lexicon_free(lx);
		return NULL;
	}
	index_syn(lx);
	index_words(lx);
	return lx;
}

void lexicon_free(struct lexicon *lx)
{
	if (!lx)
		return;
	free(lx->syn);
	free(lx->tpl);
	free(lx->parents);
	free(lx->children);
	arena_free(lx->a);
	free(lx);
}

size_t lexicon_templates(const struct lexicon *lx, const struct template **out)
{
	*out = lx->tpl;
	return lx->ntpl;
}

size_t lexicon_match(const struct lexicon *lx, const char *s, size_t n, bool short_ok,
		     uint64_t *mask)
{
	*mask = 0;
	if (!n)
		return 0;
	unsigned char c = (unsigned char)s[0];
	for (size_t i = lx->first[c]; i < lx->first[c + 1]; i++) {
		const struct syn *y = &lx->syn[i];
		/* inside run-together text a two-character label (部门, 其他, 得分
		 * of 不得分) is too often part of a word: only a whole cell is one,
		 * or what is left between two labels cut (全年执行|分值|执行率) */
		const uint64_t short_safe = KBIT(K_TOTAL);
		if (y->n > n || (!short_ok && y->chars < 4) ||
		    (short_ok && y->chars < 3 && y->n != n && !(y->mask & short_safe)) ||
		    memcmp(y->s, s, y->n) != 0)
			continue;
		*mask = y->mask;
		return y->n;
	}
	return 0;
}

const char *lexicon_parent(const struct lexicon *lx, const char *level2)
{
	for (size_t i = 0; level2 && i < lx->nparents; i++)
		if (!strcmp(lx->children[i], level2))
			return lx->parents[i];
	return NULL;
}

size_t lexicon_title_at(const struct lexicon *lx, const char *s, size_t n)
{
	size_t best = 0;
	for (size_t i = 0; i < lx->ntpl; i++)
		for (size_t j = 0; j < lx->tpl[i].ntitles; j++) {
			size_t k = strlen(lx->tpl[i].titles[j]);
			if (k > best && k <= n && !memcmp(s, lx->tpl[i].titles[j], k))
				best = k;
		}
	return best;
}

uint64_t lexicon_near(const struct lexicon *lx, const char *sq, const char **canon)
{
	size_t n = strlen(sq), chars = utf8_chars(sq, n);
	if (chars < 4 || chars > 24)
		return 0;
	/* four characters: only header words (三级指林), which no name resembles */
	const uint64_t headers = (KBIT(K_HDR_SKIP) << 1) - KBIT(K_HDR_LEVEL1);
	uint64_t found = 0;
	for (size_t i = 0; i < lx->nsyn; i++) {
		const struct syn *y = &lx->syn[i];
		if (y->ocr || y->chars != chars || (chars == 4 && !(y->mask & headers)))
			continue;
		/* code point by code point: exactly one differs */
		size_t a = 0, b = 0;
		int diff = 0;
		while (a < n && b < y->n && diff < 2) {
			uint32_t ca, cb;
			size_t la = utf8_decode(sq + a, n - a, &ca), lb = utf8_decode(y->s + b, y->n - b, &cb);
			if (!la || !lb)
				break;
			diff += ca != cb;
			a += la, b += lb;
		}
		if (diff == 1 && a == n && b == y->n) {
			if (found && found != y->mask)
				return 0; /* one off from two labels (三级指林: 一级? 三级?): neither */
			found = y->mask;
			*canon = y->s;
		}
	}
	return found;
}

uint64_t lexicon_label(const struct lexicon *lx, const char *sq)
{
	size_t n = strlen(sq);
	uint64_t m;
	return lexicon_match(lx, sq, n, true, &m) == n ? m : 0;
}

/* ---- the best template ----------------------------------------------------- */

static int word_index(struct lexicon *lx, const char *w)
{
	for (size_t i = 0; i < lx->nwords; i++)
		if (strcmp(lx->words[i], w) == 0)
			return (int)i;
	if (lx->nwords == LEX_MAX_WORDS)
		return -1; /* past the cap: that word is no evidence */
	lx->words[lx->nwords] = w;
	return (int)lx->nwords++;
}

/* Each template's title words and markers as indexes into lx->words. */
static void index_words(struct lexicon *lx)
{
	for (size_t i = 0; i < lx->ntpl; i++) {
		struct template *t = &lx->tpl[i];
		t->title_ix = arena_alloc(lx->a, (t->ntitles + 1) * sizeof *t->title_ix);
		t->marker_ix = arena_alloc(lx->a, (t->nmarkers + 1) * sizeof *t->marker_ix);
		for (size_t j = 0; j < t->ntitles; j++)
			t->title_ix[j] = word_index(lx, t->titles[j]);
		for (size_t j = 0; j < t->nmarkers; j++)
			t->marker_ix[j] = word_index(lx, t->markers[j]);
	}
}

void lexicon_words_in(const struct lexicon *lx, const char *sq, struct wordset *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < lx->nwords; i++) {
		/* a short word (部门) is evidence as a cell of its own, not inside
		 * another label (主管部门) */
		const char *w = lx->words[i];
		if (utf8_chars(w, strlen(w)) < 4 ? !strcmp(sq, w) : strstr(sq, w) != NULL)
			out->w[i / 64] |= (uint64_t)1 << (i % 64);
	}
}

static bool has_word(const struct wordset *ws, int ix)
{
	return ix >= 0 && (ws->w[ix / 64] >> (ix % 64) & 1);
}

/*
 * Each template's evidence: a title word found counts 3 (a longer one a
 * little more: it is more specific), each marker 1; fit is the evidence
 * found over the evidence possible.  The template with the most evidence
 * wins (ties: the earlier, national first).
 */
/* The evidence a template finds in the words, and the evidence it could. */
static double evidence(const struct template *t, const struct wordset *found, double *possible)
{
	double got = 0;
	size_t longest = 0;
	*possible = 8 + (double)t->nmarkers;
	for (size_t j = 0; j < t->ntitles; j++)
		if (has_word(found, t->title_ix[j]) && strlen(t->titles[j]) > longest)
			longest = strlen(t->titles[j]);
	if (longest) /* the title says what the form is: it outweighs the generic markers */
		got += 8 + (double)longest / 100;
	for (size_t j = 0; j < t->nmarkers; j++)
		got += has_word(found, t->marker_ix[j]);
	return got;
}

double template_fit(const struct template *t, const struct wordset *found)
{
	double possible, got = evidence(t, found, &possible);
	double fit = got > possible ? 1 : got / possible;
	return floor(fit * 100 + 0.5) / 100;
}

struct fit_score template_best(const struct lexicon *lx, const struct wordset *found)
{
	struct fit_score best = {lx->ntpl ? &lx->tpl[0] : NULL, 0};
	double best_found = -1;
	for (size_t i = 0; i < lx->ntpl; i++) {
		double possible, got = evidence(&lx->tpl[i], found, &possible);
		if (got > best_found) {
			best_found = got;
			best.t = &lx->tpl[i];
			best.fit = template_fit(best.t, found);
		}
	}
	return best;
}

enum jx_status jx_templates(const char *const *files, size_t nfiles, jx_template_fn *fn,
			    void *userdata, char *err, size_t errcap)
{
	struct lexicon *lx = lexicon_load(files, nfiles, err, errcap);
	if (!lx)
		return JX_ERR_ARG;
	for (size_t i = 0; i < lx->ntpl; i++)
		fn(lx->tpl[i].name, lx->tpl[i].scheme,
		   lx->tpl[i].description ? lx->tpl[i].description : "", lx->tpl[i].file, userdata);
	lexicon_free(lx);
	return JX_OK;
}
