/*
 * profile.c: scoring profiles: parse the file format (README "评分规则文件"),
 * follow `extends`, check the effective values as a whole.
 *
 * Loading a profile is two passes per file: the first splits the text into
 * assignments and rejects what is not the format (unknown section or key, a
 * key set twice, a line that is not `key = value`); the second, after the
 * base profile of `extends` has been loaded into the same struct, applies
 * the assignments in order, each value parsed and range-checked on its own.
 * Checks that involve several values (weights adding to 100, bands in
 * order) run once on the effective profile and point at the value set last.
 * Every error names file:line and stops the load: a profile is all or
 * nothing, so a number is never scored by a half-read rule.
 */
#include "profile.h"
#include "arena.h"
#include "dec.h"
#include "fmt.h"
#include "text.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
	MAX_FILE = 1 << 20, /* a profile is a page of text; more is a mistake */
	MAX_DEPTH = 16,     /* extends chains deeper than this are a mistake too */
	MAX_ASSIGN = 512
};

static const struct {
	const char *section, *key;
} keys[PK__COUNT] = {
#define PROFILE_KEY_ROW(e, section, key) {section, key},
	PROFILE_KEYS(PROFILE_KEY_ROW)
#undef PROFILE_KEY_ROW
};

const char *profile_key_section(enum profile_key k)
{
	return keys[k].section;
}

const char *profile_key_name(enum profile_key k)
{
	return keys[k].key;
}

static const char *const scheme_keys[SK__COUNT] = {
#define SCHEME_KEY_ROW(e, key) key,
	SCHEME_KEYS(SCHEME_KEY_ROW)
#undef SCHEME_KEY_ROW
};

static const char *const items_names[] = {"weighted", "declared", "converted", "none", NULL};

static const char *const sections[] = {"weights", "execution", "agreement", "indicators",
				       "qualitative", "grades", "caps", "review", "severity", NULL};

/* ---- errors ------------------------------------------------------------------- */

struct loader {
	struct jx_profile *p;
	struct jx_profile_error *err;
	const char *stack[MAX_DEPTH]; /* identities of the files being loaded */
	const char *shown[MAX_DEPTH]; /* their names, for the cycle message */
	int depth;
	unsigned seq; /* assignments applied so far */
};

static bool fail(struct loader *L, const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool fail(struct loader *L, const char *file, unsigned long line, const char *fmt, ...)
{
	struct jx_profile_error *e = L->err;
	if (!e)
		return false;
	snprintf(e->file, sizeof e->file, "%s", file);
	e->line = line;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof e->message) { /* cut: end on a whole character, say so */
		size_t k = sizeof e->message - 4;
		while (k && ((unsigned char)e->message[k] & 0xC0) == 0x80)
			k--;
		memcpy(e->message + k, "…", 4);
	}
	return false;
}

/* ---- value parsers: true, or false with *why set -------------------------------- */

static bool number(const char *v, int scale, int64_t min, int64_t max, int64_t *out,
		   const char **why)
{
	struct dec d;
	int64_t x;
	char norm[64]; /* full-width digits (９５) read as digits */
	text_norm_buf(v, strlen(v), norm, sizeof norm);
	if (!dec_parse(norm, &d)) {
		*why = str_has(v, "分") || str_has(v, "%")
			       ? "不是有效的非负数：只写数，不写单位「分」「%」"
			       : "不是有效的非负数（如 10、1.2）";
		return false;
	}
	if (d.s > scale || !dec_rescale(d, scale, &x)) {
		*why = scale == 2 ? "最多两位小数" : "最多三位小数";
		return false;
	}
	if (x < min || x > max) {
		*why = "超出允许范围";
		return false;
	}
	*out = x;
	return true;
}

static bool one_of(const char *v, const char *const *names, int *out, const char **why,
		   const char *expect)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(v, names[i]) == 0) {
			*out = i;
			return true;
		}
	*why = expect;
	return false;
}

/* Split a list on , ， 、 into trimmed items; false when an item is empty. */
static size_t split_list(struct arena *a, const char *v, const char **items, size_t max,
			 bool *too_many, bool *empty_item)
{
	size_t n = 0;
	*too_many = *empty_item = false;
	if (!*v)
		return 0;
	const char *p = v;
	for (;;) {
		const char *end = p;
		size_t sep = 0;
		while (*end) {
			if (*end == ',') {
				sep = 1;
				break;
			}
			if (str_starts(end, "，") || str_starts(end, "、")) {
				sep = 3;
				break;
			}
			end++;
		}
		const char *s = p, *e = end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (s == e)
			*empty_item = true;
		if (n == max) {
			*too_many = true;
			return n;
		}
		items[n++] = arena_strndup(a, s, (size_t)(e - s));
		if (!sep)
			return n;
		p = end + sep;
	}
}

/* "a:b" (or a：b) into its two trimmed halves. */
static bool split_pair(struct arena *a, const char *item, const char **left, const char **right)
{
	const char *c = strchr(item, ':');
	size_t clen = 1;
	const char *w = strstr(item, "：");
	if (w && (!c || w < c)) {
		c = w;
		clen = 3;
	}
	if (!c)
		return false;
	const char *e = c;
	while (e > item && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	const char *r = c + clen;
	while (*r == ' ' || *r == '\t')
		r++;
	*left = arena_strndup(a, item, (size_t)(e - item));
	*right = r;
	return **left && *r;
}

/*
 * A list of pairs: numbers on the left (centi-percent 0..100, or grade
 * names when `named`), numbers on the right (centi, 0..100).
 */
static bool bands(struct arena *a, const char *v, bool named, struct profile_band *out,
		  size_t *n, const char **why)
{
	const char *items[PROFILE_MAX_LIST];
	bool too_many, empty;
	size_t k = split_list(a, v, items, PROFILE_MAX_LIST, &too_many, &empty);
	if (too_many) {
		*why = "最多 16 项";
		return false;
	}
	if (empty) {
		*why = "列表中有空项（两个逗号之间没有内容）";
		return false;
	}
	for (size_t i = 0; i < k; i++) {
		const char *l, *r, *w = NULL;
		struct profile_band b = {0};
		if (strchr(items[i], ';') || str_has(items[i], "；"))
			w = "含分号：各项须用逗号分隔";
		else if (!split_pair(a, items[i], &l, &r))
			w = named ? "应写成「等级:最低分」，如 优:90；各项用逗号分隔"
				  : "应写成「数:数」，如 80:89；各项用逗号分隔";
		else if (named && strlen(l) > PROFILE_NAME_MAX)
			w = "等级名称过长";
		else if (named && strpbrk(l, "\t#;"))
			w = "等级名称中不能有制表符、# 或 ;";
		else if (named)
			number(r, 2, 0, 10000, &b.from, &w);
		else if (number(l, 2, 0, 10000, &b.from, &w))
			number(r, 2, 0, 10000, &b.value, &w);
		if (w) {
			*why = arena_printf(a, "第 %zu 项「%s」%s", i + 1, items[i], w);
			return false;
		}
		b.name = named ? l : NULL;
		out[i] = b;
	}
	*n = k;
	return true;
}

/* ---- applying one assignment ------------------------------------------------------ */

static const char *const fold_names[] = {"none", "output", "effect", NULL};

#define NAME_RULE "名称须为 1–64 个字节，不含空格、制表符和 / # ;"

/* A profile's name: it goes into file names, messages and JSON as is. */
static bool valid_name(const char *v)
{
	return *v && strlen(v) <= PROFILE_NAME_MAX && !strpbrk(v, " \t/#;");
}

static bool set_key(struct jx_profile *p, enum profile_key k, const char *v, const char **why)
{
	struct arena *a = p->arena;
	int i;
	const int64_t W = 10000; /* 100 points or 100% */
	switch (k) {
	case PK_NAME:
		if (!valid_name(v)) {
			*why = NAME_RULE;
			return false;
		}
		p->name = arena_strdup(a, v);
		return true;
	case PK_TITLE:
		if (strchr(v, '\t')) {
			*why = "说明中不能有制表符";
			return false;
		}
		p->title = arena_strdup(a, v);
		return true;
	case PK_EXTENDS:
		return true; /* followed before the assignments are applied */
	case PK_W_EXECUTION: return number(v, 2, 0, W, &p->w_execution, why);
	case PK_W_OUTPUT: return number(v, 2, 0, W, &p->w_output, why);
	case PK_W_COST: return number(v, 2, 0, W, &p->w_cost, why);
	case PK_W_EFFECT: return number(v, 2, 0, W, &p->w_effect, why);
	case PK_W_SATISFACTION: return number(v, 2, 0, W, &p->w_satisfaction, why);
	case PK_W_NO_SATISFACTION:
		if (!one_of(v, fold_names, &i, why, "应为 effect、output 或 none"))
			return false;
		p->no_satisfaction = (enum profile_fold)i;
		return true;
	case PK_W_NO_COST:
		if (!one_of(v, fold_names, &i, why, "应为 output、effect 或 none"))
			return false;
		p->no_cost = (enum profile_fold)i;
		return true;
	case PK_EXEC_METHOD: {
		static const char *const m[] = {"linear", "bands", NULL};
		if (!one_of(v, m, &i, why, "应为 linear 或 bands"))
			return false;
		p->exec_method = (enum exec_method)i;
		return true;
	}
	case PK_EXEC_FULL_AT:
		return number(v, 2, 1, W, &p->full_at, why);
	case PK_EXEC_BANDS:
		return bands(a, v, false, p->exec_bands, &p->n_exec_bands, why);
	case PK_EXEC_LOW_REASON:
		return number(v, 2, 0, W, &p->low_reason_below, why);
	case PK_AGREE_DECLARED: {
		static const char *const m[] = {"2dp", "1dp", "integer", "floor", NULL};
		const char *items[PROFILE_MAX_LIST];
		bool too_many, empty;
		size_t n = split_list(a, v, items, PROFILE_MAX_LIST, &too_many, &empty);
		if (!n || too_many || empty) {
			*why = "应为 2dp、1dp、integer、floor 中的一个或几个，用逗号分隔";
			return false;
		}
		unsigned mask = 0;
		for (size_t j = 0; j < n; j++) {
			if (!one_of(items[j], m, &i, why,
				    "应为 2dp、1dp、integer、floor 中的一个或几个，用逗号分隔"))
				return false;
			mask |= 1u << i;
		}
		p->agree = mask;
		return true;
	}
	case PK_IND_REVERSE: {
		static const char *const m[] = {"ratio", "linear", NULL};
		if (!one_of(v, m, &i, why, "应为 ratio 或 linear"))
			return false;
		p->reverse = (enum reverse_formula)i;
		return true;
	}
	case PK_IND_REVERSE_NAMES: {
		bool too_many, empty;
		size_t n = split_list(a, v, p->reverse_names, PROFILE_MAX_LIST, &too_many, &empty);
		if (too_many || empty) {
			*why = too_many ? "最多 16 个名称" : "列表中有空项";
			return false;
		}
		for (size_t j = 0; j < n; j++)
			p->reverse_names[j] = text_norm(a, p->reverse_names[j], strlen(p->reverse_names[j]));
		p->n_reverse_names = n;
		return true;
	}
	case PK_IND_OVER:
		return number(v, 3, 1000, 1000000, &p->over_milli, why);
	case PK_IND_DEV_SHARE:
		return number(v, 2, 0, 100000, &p->dev_share, why);
	case PK_IND_DEV_PENALTY:
		return number(v, 2, 0, W, &p->dev_penalty, why);
	case PK_IND_DEV_SIDE: {
		static const char *const m[] = {"both", "better", "worse", NULL};
		if (!one_of(v, m, &i, why, "应为 both、better 或 worse"))
			return false;
		p->dev_side = (enum dev_side)i;
		return true;
	}
	case PK_QUAL_ACHIEVED:
		return number(v, 2, 1, W, &p->qual_achieved, why);
	case PK_QUAL_PARTIAL:
		return number(v, 2, 1, W, &p->qual_partial, why);
	case PK_GRADE_BANDS:
		return bands(a, v, true, p->grades, &p->n_grades, why);
	case PK_GRADE_BOUNDARY: {
		static const char *const m[] = {"lower", "higher", NULL};
		if (!one_of(v, m, &i, why, "应为 higher 或 lower"))
			return false;
		p->boundary_higher = i == 1;
		return true;
	}
	case PK_CAPS_TOTAL:
		return bands(a, v, false, p->caps, &p->n_caps, why);
	case PK_REVIEW_GAP:
		return number(v, 2, 0, W, &p->review_gap, why);
	case PK__COUNT:
		break;
	}
	*why = "未知键";
	return false;
}

/* ---- scoring schemes ([scheme NAME]) ---------------------------------------------- */

/* The scheme of that name, added (its keys unset) when the profile has none:
 * a later file's section overrides an earlier one's key by key. */
static struct profile_scheme *scheme_get(struct jx_profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_schemes; i++)
		if (strcmp(p->schemes[i].name, name) == 0)
			return &p->schemes[i];
	if (p->n_schemes == PROFILE_MAX_SCHEMES)
		return NULL;
	struct profile_scheme *s = &p->schemes[p->n_schemes++];
	*s = (struct profile_scheme){.name = arena_strdup(p->arena, name), .title = ""};
	return s;
}

static bool set_scheme_key(struct jx_profile *p, struct profile_scheme *s, enum scheme_key k,
			   const char *v, const char **why)
{
	const int64_t W = 10000;
	int i;
	switch (k) {
	case SK_TITLE:
		s->title = arena_strdup(p->arena, v);
		return true;
	case SK_EXECUTION: return number(v, 2, 0, W, &s->execution, why);
	case SK_INDICATORS: return number(v, 2, 0, W, &s->indicators, why);
	case SK_ITEMS:
		if (!one_of(v, items_names, &i, why, "应为 weighted、declared、converted 或 none"))
			return false;
		s->items = (enum scheme_items)i;
		return true;
	case SK_BLOCKS:
		return bands(p->arena, v, true, s->blocks, &s->n_blocks, why);
	case SK__COUNT:
		break;
	}
	*why = "未知键";
	return false;
}

const struct profile_scheme *profile_scheme(const struct jx_profile *p, const char *name)
{
	p = profile_or_national(p);
	for (size_t i = 0; name && i < p->n_schemes; i++)
		if (strcmp(p->schemes[i].name, name) == 0)
			return &p->schemes[i];
	return NULL;
}

const char *scheme_rule(struct arena *a, const struct jx_profile *p, const struct profile_scheme *s,
			enum scheme_key k)
{
	const struct profile_src *src = &s->src[k];
	return arena_printf(a, "[scheme %s] %s = %s（%s）", s->name, scheme_keys[k],
			    src->text ? src->text : "", src->profile ? src->profile : p->name);
}

/* ---- the first pass: lines into assignments ----------------------------------------- */

struct assign {
	const char *section; /* "" before the first section */
	const char *key, *value;
	unsigned long line;
	int k;               /* enum profile_key, or the check for [severity] */
};

struct source {
	const char *label;   /* for messages: the path, or the shipped name */
	const char *profile; /* its name, once known */
	const char *dir;     /* for relative extends; NULL for a shipped one */
	const char *text;
	size_t len;
	/* a file a person wrote (jx_profile_load, or an extends path): shipped
	 * names are reserved there; text from memory (a database keeps the
	 * effective text of the profile a form was scored by) may carry one */
	bool user_file;
	/* a stored profile (jx_profile_parse_stored): the keys it does not set
	 * start from the national profile's values */
	bool defaults;
};


const char *scheme_key_name(enum scheme_key k)
{
	return scheme_keys[k];
}


const char *scheme_items_name(enum scheme_items i)
{
	return items_names[i];
}

/* "scheme NAME": the scheme's name, or NULL when s is not such a section. */
static const char *scheme_section(const char *s)
{
	if (strncmp(s, "scheme", 6) != 0 || (s[6] != ' ' && s[6] != '\t'))
		return NULL;
	s += 7;
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool valid_name(const char *v);

static bool is_section(const char *s)
{
	for (int i = 0; sections[i]; i++)
		if (strcmp(s, sections[i]) == 0)
			return true;
	const char *name = scheme_section(s);
	return name && valid_name(name) && strcmp(name, "national") != 0;
}

static int find_scheme_key(const char *key)
{
	for (int k = 0; k < SK__COUNT; k++)
		if (strcmp(scheme_keys[k], key) == 0)
			return k;
	return -1;
}

static int find_key(const char *section, const char *key)
{
	for (int k = 0; k < PK__COUNT; k++)
		if (strcmp(keys[k].section, section) == 0 && strcmp(keys[k].key, key) == 0)
			return k;
	return -1;
}

/* Strip a comment: `#`/`;` first on the line, or `#` after a space or TAB. */
static size_t strip_comment(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < n && (p[i] == '#' || p[i] == ';'))
		return 0;
	for (size_t j = i + 1; j < n; j++)
		if (p[j] == '#' && (p[j - 1] == ' ' || p[j - 1] == '\t'))
			return j;
	return n;
}

/* Spaces, TABs, CR and the ideographic space U+3000 at both ends. */
static void trim(const char **p, size_t *n)
{
	for (;;) {
		if (*n && ((*p)[0] == ' ' || (*p)[0] == '\t')) {
			(*p)++;
			(*n)--;
		} else if (*n >= 3 && memcmp(*p, "\xE3\x80\x80", 3) == 0) {
			*p += 3;
			*n -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		char c = *n ? (*p)[*n - 1] : 0;
		if (c == ' ' || c == '\t' || c == '\r')
			(*n)--;
		else if (*n >= 3 && memcmp(*p + *n - 3, "\xE3\x80\x80", 3) == 0)
			*n -= 3;
		else
			break;
	}
}

/* The first = or ＝ (U+FF1D) of <p, n>; *len its length. */
static const char *find_eq(const char *p, size_t n, size_t *len)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '=') {
			*len = 1;
			return p + i;
		}
		if (i + 3 <= n && memcmp(p + i, "\xEF\xBC\x9D", 3) == 0) {
			*len = 3;
			return p + i;
		}
	}
	return NULL;
}

/* The line of byte `at` (< the text's length), counting LF, CRLF and a lone CR
 * as line ends. */
static unsigned long line_of(const char *text, size_t at)
{
	unsigned long line = 1;
	for (size_t i = 0; i < at; i++)
		if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n'))
			line++;
	return line;
}

static bool scan(struct loader *L, const struct source *src, struct assign *out, size_t *nout)
{
	struct arena *a = L->p->arena;
	const char *text = src->text, *end = text + src->len;
	if (memchr(text, '\0', src->len))
		return fail(L, src->label, 0, "文件中有 NUL 字节，不是文本文件");
	size_t bad = utf8_first_invalid(text, src->len);
	if (bad < src->len) {
		return fail(L, src->label, line_of(text, bad), "不是有效的 UTF-8 文本（请另存为 UTF-8 编码）");
	}
	for (size_t i = 0; i < src->len; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
			return fail(L, src->label, line_of(text, i), "有控制字符（0x%02X），不是普通文本", c);
		}
	}
	text += utf8_bom(text, src->len); /* a BOM, as Windows editors write */
	const char *section = "";
	unsigned long line = 0;
	size_t n = 0;
	while (text < end) {
		/* a line ends at LF, CRLF or a lone CR (old Mac editors) */
		const char *nl = text;
		while (nl < end && *nl != '\n' && *nl != '\r')
			nl++;
		const char *p = text;
		size_t len = (size_t)(nl - text);
		text = nl < end && *nl == '\r' && nl + 1 < end && nl[1] == '\n' ? nl + 2
		       : nl < end ? nl + 1 : end;
		line++;
		len = strip_comment(p, len);
		trim(&p, &len);
		if (!len)
			continue;
		if (p[0] == '[') {
			if (p[len - 1] != ']')
				return fail(L, src->label, line, "节名缺少右方括号「]」");
			const char *s = p + 1;
			size_t sl = len - 2;
			trim(&s, &sl);
			section = arena_strndup(a, s, sl);
			if (!is_section(section))
				return fail(L, src->label, line,
					    scheme_section(section)
						    ? "评分方案「[%s]」的名称无效（" NAME_RULE "；national 是 [weights] 本身，不另写节）"
						    : "未知的节「[%s]」，应为 weights、execution、agreement、indicators、"
						      "qualitative、grades、caps、review、severity 或 scheme 名称",
					    section);
			continue;
		}
		size_t eql;
		const char *eq = find_eq(p, len, &eql);
		if (!eq)
			return fail(L, src->label, line, "应为「键 = 值」或「[节]」");
		const char *k = p, *v = eq + eql;
		size_t kl = (size_t)(eq - p), vl = len - kl - eql;
		trim(&k, &kl);
		trim(&v, &vl);
		if (!kl)
			return fail(L, src->label, line, "「=」前缺少键名");
		struct assign as = {section, arena_strndup(a, k, kl), arena_strndup(a, v, vl), line, -1};
		if (strcmp(section, "severity") == 0) {
			enum jx_check c;
			if (!jx_check_from_name(as.key, &c))
				return fail(L, src->label, line,
					    "没有名为「%s」的检查项（jixiao check --list 列出全部）", as.key);
			as.k = (int)c;
		} else if (scheme_section(section)) {
			if ((as.k = find_scheme_key(as.key)) < 0)
				return fail(L, src->label, line,
					    "[%s] 中没有键「%s」，应为 title、execution、indicators、items 或 blocks",
					    section, as.key);
		} else if ((as.k = find_key(section, as.key)) < 0) {
			if (!*section)
				return fail(L, src->label, line,
					    "未知键「%s」：节之前只能写 name、title、extends", as.key);
			if (find_key("", as.key) >= 0)
				return fail(L, src->label, line, "「%s」须写在第一个「[节]」之前",
					    as.key);
			return fail(L, src->label, line, "[%s] 中没有键「%s」", section, as.key);
		}
		for (size_t i = 0; i < n; i++)
			if (strcmp(out[i].section, section) == 0 && out[i].k == as.k)
				return fail(L, src->label, line, "「%s」在第 %lu 行已经设置过", as.key,
					    out[i].line);
		if (n == MAX_ASSIGN)
			return fail(L, src->label, line, "设置项过多（最多 %d 个）", MAX_ASSIGN);
		out[n++] = as;
	}
	*nout = n;
	return true;
}

/* ---- files and extends --------------------------------------------------------------- */

static const struct shipped_file *find_shipped(const char *name)
{
	for (size_t i = 0; i < n_shipped_profiles; i++)
		if (strcmp(shipped_profiles[i].name, name) == 0)
			return &shipped_profiles[i];
	return NULL;
}

static const char *errno_zh(int e)
{
	switch (e) {
	case ENOENT: return "文件不存在";
	case EACCES: return "没有读取权限";
	case ENOTDIR: return "路径中有一段不是目录";
	case ENAMETOOLONG: return "路径过长";
	case ELOOP: return "符号链接层数过多";
	}
	return strerror(e);
}

/* The whole of a file, in the arena; false with the reason in *why. */
static bool read_file(struct arena *a, const char *path, const char **text, size_t *len,
		      const char **why)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*why = arena_printf(a, "无法打开文件：%s", errno_zh(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		/* a directory, a FIFO, /dev/stdin: nothing a profile is, and
		 * reading some of them would never end */
		close(fd);
		*why = "不是普通文件";
		return false;
	}
	FILE *fp = fdopen(fd, "rb");
	if (!fp) {
		close(fd);
		*why = arena_printf(a, "无法打开文件：%s", strerror(errno));
		return false;
	}
	if (st.st_size > MAX_FILE) {
		fclose(fp);
		*why = "文件超过 1 MiB，不像是评分规则文件";
		return false;
	}
	/* what fstat said, and one more byte to see a file that grew meanwhile */
	size_t want = (size_t)st.st_size + 1;
	char *buf = arena_alloc(a, want);
	size_t n = fread(buf, 1, want, fp);
	bool err = ferror(fp);
	fclose(fp);
	if (err) {
		*why = "读取文件失败";
		return false;
	}
	if (n == want) {
		*why = "文件在读取时被改动";
		return false;
	}
	*text = buf;
	*len = n;
	return true;
}

static const char *dir_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? arena_strndup(a, path, (size_t)(slash - path + 1)) : "";
}

/* "my-rules" of "conf/my-rules.ini" */
static const char *stem_of(struct arena *a, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".ini") == 0)
		n -= 4;
	return arena_strndup(a, base, n);
}

static bool load_source(struct loader *L, struct source *src, const char *identity);

/* Load the base named by `extends` (a shipped name, or a path relative to
 * the extending file) into L->p. */
static bool load_base(struct loader *L, const struct source *child, const struct assign *ext)
{
	struct arena *a = L->p->arena;
	const struct shipped_file *sp = find_shipped(ext->value);
	struct source base = {0};
	const char *identity;
	if (sp) {
		base = (struct source){sp->name, sp->name, NULL, sp->text, sp->len, false, false};
		identity = arena_printf(a, "shipped:%s", sp->name);
	} else {
		if (!*ext->value)
			return fail(L, child->label, ext->line, "extends 需要一个规则名称或文件路径");
		const char *path = ext->value[0] == '/' || !child->dir
					   ? ext->value
					   : arena_printf(a, "%s%s", child->dir, ext->value);
		const char *why;
		if (!read_file(a, path, &base.text, &base.len, &why))
			return fail(L, child->label, ext->line,
				    "extends「%s」既不是内置规则（jixiao profiles 列出全部），也无法读取为文件 %s：%s",
				    ext->value, path, why);
		char *real = realpath(path, NULL);
		identity = arena_strdup(a, real ? real : path);
		free(real);
		base.label = path;
		base.dir = dir_of(a, path);
		base.user_file = true;
	}
	for (int i = 0; i < L->depth; i++) {
		if (strcmp(L->stack[i], identity) != 0)
			continue;
		struct jx_buf b;
		jx_buf_init(&b, 1 << 14);
		for (int j = i; j < L->depth; j++)
			jx_buf_printf(&b, "%s → ", L->shown[j]);
		jx_buf_puts(&b, base.label);
		const char *cycle = arena_strdup(a, b.p);
		jx_buf_release(&b);
		return fail(L, child->label, ext->line, "extends 形成循环：%s", cycle);
	}
	if (L->depth == MAX_DEPTH)
		return fail(L, child->label, ext->line, "extends 嵌套超过 %d 层", MAX_DEPTH);
	return load_source(L, &base, identity);
}

static void record(struct loader *L, enum profile_key k, const struct source *src,
		   const struct assign *as)
{
	L->p->src[k] = (struct profile_src){src->label, as->line, src->profile, as->value, ++L->seq};
}

static bool load_source(struct loader *L, struct source *src, const char *identity)
{
	struct jx_profile *p = L->p;
	struct assign *as = xmalloc(MAX_ASSIGN * sizeof *as);
	size_t n = 0;
	bool ok = scan(L, src, as, &n);
	const struct assign *ext = NULL, *name = NULL;
	for (size_t i = 0; ok && i < n; i++) {
		if (as[i].k == PK_EXTENDS && !*as[i].section)
			ext = &as[i];
		if (as[i].k == PK_NAME && !*as[i].section)
			name = &as[i];
	}
	if (ok && n == 0)
		ok = fail(L, src->label, 0, "文件中没有任何设置（空文件，或只有注释）");
	L->stack[L->depth] = identity;
	L->shown[L->depth] = src->label;
	L->depth++;
	if (ok && ext)
		ok = load_base(L, src, ext);
	L->depth--;
	if (ok && name && src->user_file && find_shipped(name->value))
		ok = fail(L, src->label, name->line,
			  "「%s」是内置规则的名称，自己的规则文件请另取名称（如 %s-本地），"
			  "以免结果被当作内置规则的结果",
			  name->value, name->value);
	/* this file's name, else its file name: never the base's */
	src->profile = name ? name->value : src->profile ? src->profile : stem_of(p->arena, src->label);
	if (ok && !name && !valid_name(src->profile))
		ok = fail(L, src->label, 0, "文件名「%s」不能作规则名称（%s）：请在文件中写 name = …",
			  src->profile, NAME_RULE);
	else if (ok && !name && src->user_file && find_shipped(src->profile))
		ok = fail(L, src->label, 0,
			  "文件名与内置规则「%s」同名而文件中没有 name：请写 name = 另一个名称，"
			  "以免结果被当作内置规则的结果",
			  src->profile);
	for (size_t i = 0; ok && i < n; i++) {
		const char *why = NULL;
		if (strcmp(as[i].section, "severity") == 0) {
			enum jx_severity sev;
			if (!jx_severity_from_name(as[i].value, &sev)) {
				ok = fail(L, src->label, as[i].line,
					  "级别「%s」无效，应为 error、warning、info 或 ignore", as[i].value);
				break;
			}
			p->sev[as[i].k] = sev;
			p->sev_set[as[i].k] = true;
			p->sev_src[as[i].k] = (struct profile_src){src->label, as[i].line, src->profile,
								   as[i].value, ++L->seq};
			continue;
		}
		if (scheme_section(as[i].section)) {
			struct profile_scheme *sc = scheme_get(p, scheme_section(as[i].section));
			if (!sc) {
				ok = fail(L, src->label, as[i].line, "评分方案过多（最多 %d 个）",
					  PROFILE_MAX_SCHEMES);
				break;
			}
			if (!set_scheme_key(p, sc, (enum scheme_key)as[i].k, as[i].value, &why)) {
				char shown[160];
				text_excerpt(as[i].value, 40, shown, sizeof shown);
				ok = fail(L, src->label, as[i].line, "[%s] %s = %s：%s", as[i].section,
					  as[i].key, shown, why);
				break;
			}
			sc->src[as[i].k] = (struct profile_src){src->label, as[i].line, src->profile,
								 as[i].value, ++L->seq};
			continue;
		}
		enum profile_key k = (enum profile_key)as[i].k;
		if (!set_key(p, k, as[i].value, &why)) {
			char shown[160];
			text_excerpt(as[i].value, 40, shown, sizeof shown);
			ok = fail(L, src->label, as[i].line, "%s%s%s%s = %s：%s",
				  *as[i].section ? "[" : "", as[i].section, *as[i].section ? "] " : "",
				  as[i].key, shown, why);
			break;
		}
		record(L, k, src, &as[i]);
	}
	bool titled = false;
	for (size_t i = 0; ok && i < n; i++)
		titled |= as[i].k == PK_TITLE && !*as[i].section;
	if (ok && !name) {
		p->name = src->profile;
		p->src[PK_NAME] = (struct profile_src){src->label, 0, src->profile, src->profile, ++L->seq};
	}
	if (ok && ext && !titled) { /* not the base's title: that describes the base */
		p->title = arena_printf(p->arena, "基于 %s 的规则（%s）", ext->value, src->label);
		p->src[PK_TITLE] = (struct profile_src){src->label, 0, src->profile, p->title, ++L->seq};
	}
	if (ok) {
		const char *base = p->chain;
		p->chain = base ? arena_printf(p->arena, "%s → %s", p->name, base) : p->name;
	}
	free(as);
	return ok;
}

/* ---- checks of the effective profile --------------------------------------------------- */

static bool check_where(struct loader *L, const struct jx_profile *p, enum profile_key k,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bool check_where(struct loader *L, const struct jx_profile *p, enum profile_key k,
			const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return fail(L, p->src[k].file, p->src[k].line, "%s", msg);
}

/* The key of a group that was set last (bases are applied first). */
static enum profile_key latest(const struct jx_profile *p, const enum profile_key *ks, size_t n)
{
	enum profile_key best = ks[0];
	for (size_t i = 1; i < n; i++)
		if (p->src[ks[i]].seq > p->src[best].seq)
			best = ks[i];
	return best;
}

static bool descending(const struct profile_band *b, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (b[i].from >= b[i - 1].from)
			return false;
	return true;
}

static bool validate(struct loader *L, const struct jx_profile *p)
{
	struct arena *a = p->arena;
	for (int k = 0; k < PK__COUNT; k++)
		if (!p->src[k].file && k != PK_EXTENDS && k != PK_TITLE)
			return fail(L, p->src[PK_NAME].file, 0,
				    "缺少 [%s] %s：不扩展其他规则（extends）的规则文件须写全部的键",
				    keys[k].section, keys[k].key);
	static const enum profile_key wk[] = {PK_W_EXECUTION, PK_W_OUTPUT, PK_W_COST, PK_W_EFFECT,
					      PK_W_SATISFACTION};
	int64_t sum = p->w_execution + p->w_output + p->w_cost + p->w_effect + p->w_satisfaction;
	if (sum != 10000)
		return check_where(L, p, latest(p, wk, 5),
				   "[weights] 合计为 %s（预算执行 %s + 产出 %s + 成本 %s + 效益 %s + 满意度 %s），应为 100",
				   fmt_centi(a, sum), fmt_centi(a, p->w_execution), fmt_centi(a, p->w_output), fmt_centi(a, p->w_cost),
				   fmt_centi(a, p->w_effect), fmt_centi(a, p->w_satisfaction));
	static const enum profile_key ek[] = {PK_EXEC_METHOD, PK_EXEC_BANDS};
	if (p->exec_method == EXEC_BANDS && !p->n_exec_bands)
		return check_where(L, p, latest(p, ek, 2), "[execution] method = bands 需要 bands，如 bands = 90:100, 80:80, 0:0");
	if (!descending(p->exec_bands, p->n_exec_bands))
		return check_where(L, p, PK_EXEC_BANDS, "[execution] bands 的执行率须从高到低排列且不重复");
	for (size_t i = 1; i < p->n_exec_bands; i++)
		if (p->exec_bands[i].value > p->exec_bands[i - 1].value)
			return check_where(L, p, PK_EXEC_BANDS,
					   "[execution] bands 中执行率更低的档次得分比例不能更高");
	if (p->qual_partial >= p->qual_achieved) {
		static const enum profile_key qk[] = {PK_QUAL_ACHIEVED, PK_QUAL_PARTIAL};
		return check_where(L, p, latest(p, qk, 2),
				   "[qualitative] partial（%s）须小于 achieved（%s）", fmt_centi(a, p->qual_partial),
				   fmt_centi(a, p->qual_achieved));
	}
	if (!p->n_grades || !descending(p->grades, p->n_grades) || p->grades[p->n_grades - 1].from)
		return check_where(L, p, PK_GRADE_BANDS,
				   "[grades] bands 须从高到低排列、分数不重复，最后一档为 0，如 优:90, 良:80, 中:60, 差:0");
	for (size_t i = 0; i < p->n_grades; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->grades[i].name, p->grades[j].name) == 0)
				return check_where(L, p, PK_GRADE_BANDS, "[grades] 等级「%s」出现两次",
						   p->grades[i].name);
	if (!descending(p->caps, p->n_caps))
		return check_where(L, p, PK_CAPS_TOTAL, "[caps] total 的执行率须从高到低排列且不重复");
	for (size_t i = 0; i < p->n_caps; i++)
		if (p->caps[i].from == 0)
			return check_where(L, p, PK_CAPS_TOTAL, "[caps] total 的执行率须大于 0");
	for (size_t i = 1; i < p->n_caps; i++)
		if (p->caps[i].value > p->caps[i - 1].value)
			return check_where(L, p, PK_CAPS_TOTAL,
					   "[caps] total 中执行率更低的档次封顶分不能更高");
	for (size_t i = 0; i < p->n_schemes; i++) {
		const struct profile_scheme *sc = &p->schemes[i];
		static const enum scheme_key need[] = {SK_EXECUTION, SK_INDICATORS, SK_ITEMS};
		for (size_t j = 0; j < sizeof need / sizeof *need; j++)
			if (!sc->src[need[j]].file)
				return fail(L, p->src[PK_NAME].file, 0, "[scheme %s] 缺少 %s", sc->name,
					    scheme_keys[need[j]]);
		const struct profile_src *at = &sc->src[SK_INDICATORS];
		if (sc->execution + sc->indicators > 10000)
			return fail(L, at->file, at->line,
				    "[scheme %s] execution（%s）与 indicators（%s）合计超过 100", sc->name,
				    fmt_centi(a, sc->execution), fmt_centi(a, sc->indicators));
		if (sc->items == ITEMS_NONE && (sc->execution || sc->indicators))
			return fail(L, sc->src[SK_ITEMS].file, sc->src[SK_ITEMS].line,
				    "[scheme %s] items = none（不计分）时 execution 与 indicators 须为 0",
				    sc->name);
		int64_t blocks = 0;
		for (size_t j = 0; j < sc->n_blocks; j++)
			blocks += sc->blocks[j].from;
		if (sc->n_blocks && blocks != sc->execution + sc->indicators)
			return fail(L, sc->src[SK_BLOCKS].file, sc->src[SK_BLOCKS].line,
				    "[scheme %s] blocks 合计 %s，应等于 execution 与 indicators 之和 %s",
				    sc->name, fmt_centi(a, blocks), fmt_centi(a, sc->execution + sc->indicators));
	}
	if ((p->dev_share == 0) != (p->dev_penalty == 0)) {
		static const enum profile_key dk[] = {PK_IND_DEV_SHARE, PK_IND_DEV_PENALTY};
		return check_where(L, p, latest(p, dk, 2),
				   "[indicators] deviation_share 与 deviation_penalty 须同时为 0（不扣分）或同时大于 0");
	}
	return true;
}

/* ---- public ------------------------------------------------------------------------ */

static enum jx_status load(struct source *src, const char *identity, struct jx_profile **out,
			   struct jx_profile_error *err)
{
	struct jx_profile *p = xcalloc(1, sizeof *p);
	p->arena = arena_new();
	struct loader L = {.p = p, .err = err};
	if (err)
		*err = (struct jx_profile_error){{0}, 0, {0}};
	/* the arena owns copies: the caller's text need not outlive the load */
	src->label = arena_strdup(p->arena, src->label);
	if (src->dir)
		src->dir = arena_strdup(p->arena, src->dir);
	bool ok = true;
	if (src->defaults) {
		/* every key a later version added has its default: the national
		 * profile's, and the stored text overrides all it sets */
		const struct shipped_file *nat = find_shipped("national");
		struct source base = {nat->name, nat->name, NULL, nat->text, nat->len, false, false};
		ok = load_source(&L, &base, "shipped:national");
		p->chain = NULL; /* the stored profile is not an extension of it */
	}
	if (!ok || !load_source(&L, src, identity) || !validate(&L, p)) {
		jx_profile_free(p);
		*out = NULL;
		return JX_ERR_PROFILE;
	}
	if (!p->title)
		p->title = "";
	*out = p;
	return JX_OK;
}

const char *jx_profile_shipped(size_t i)
{
	return i < n_shipped_profiles ? shipped_profiles[i].name : NULL;
}

enum jx_status jx_profile_parse(const char *name, const char *text, size_t len,
				struct jx_profile **out, struct jx_profile_error *err)
{
	if (!name || !text || !out)
		return JX_ERR_ARG;
	struct source src = {name, NULL, "", text, len, false, false};
	return load(&src, name, out, err);
}

enum jx_status jx_profile_parse_stored(const char *name, const char *text, size_t len,
				       struct jx_profile **out, struct jx_profile_error *err)
{
	if (!name || !text || !out)
		return JX_ERR_ARG;
	struct source src = {name, NULL, "", text, len, false, true};
	return load(&src, name, out, err);
}

enum jx_status jx_profile_load(const char *spec, struct jx_profile **out,
			       struct jx_profile_error *err)
{
	if (!spec || !out)
		return JX_ERR_ARG;
	*out = NULL;
	const struct shipped_file *sp = find_shipped(spec);
	if (sp) {
		struct source src = {sp->name, sp->name, NULL, sp->text, sp->len, false, false};
		return load(&src, spec, out, err);
	}
	struct arena *a = arena_new();
	const char *text, *why;
	size_t len;
	enum jx_status st;
	if (!read_file(a, spec, &text, &len, &why)) {
		struct jx_buf names;
		jx_buf_init(&names, 1 << 12);
		for (size_t i = 0; i < n_shipped_profiles; i++)
			jx_buf_printf(&names, "%s%s", i ? "、" : "", shipped_profiles[i].name);
		if (err) {
			*err = (struct jx_profile_error){{0}, 0, {0}};
			snprintf(err->file, sizeof err->file, "%s", spec);
			snprintf(err->message, sizeof err->message,
				 "不是内置规则（%s），也无法作为文件读取：%s", names.p, why);
		}
		jx_buf_release(&names);
		arena_free(a);
		return JX_ERR_PROFILE;
	}
	char *real = realpath(spec, NULL);
	struct source src = {spec, NULL, dir_of(a, spec), text, len, true, false};
	st = load(&src, real ? real : spec, out, err);
	free(real);
	arena_free(a);
	return st;
}

void jx_profile_free(struct jx_profile *p)
{
	if (!p)
		return;
	arena_free(p->arena);
	free(p);
}

const char *jx_profile_name(const struct jx_profile *p)
{
	return profile_or_national(p)->name;
}

const char *jx_profile_title(const struct jx_profile *p)
{
	return profile_or_national(p)->title;
}

static struct jx_profile *national;
static pthread_once_t national_once = PTHREAD_ONCE_INIT;

static void load_national(void)
{
	struct jx_profile_error err;
	if (jx_profile_load("national", &national, &err) != JX_OK) {
		/* our own data: tests/unit/test_profile.c keeps this from happening */
		fprintf(stderr, "jixiao: 内置 national 规则无效：%s:%lu: %s\n", err.file, err.line,
			err.message);
		abort();
	}
}

const struct jx_profile *profile_national(void)
{
	pthread_once(&national_once, load_national);
	return national;
}

bool profile_severity(const struct jx_profile *p, enum jx_check check, enum jx_severity *out)
{
	if ((unsigned)check >= JX_CHECK__COUNT || !p->sev_set[check])
		return false;
	*out = p->sev[check];
	return true;
}

const struct jx_profile *profile_or_national(const struct jx_profile *p)
{
	return p ? p : profile_national();
}

/* ---- what the engine asks of a profile ------------------------------------------------ */

const char *profile_rule(struct arena *a, const struct jx_profile *p, enum profile_key k)
{
	const struct profile_src *s = &p->src[k];
	return arena_printf(a, "[%s] %s = %s（%s）", keys[k].section, keys[k].key,
			    s->text ? s->text : "", s->profile ? s->profile : p->name);
}

bool profile_agrees(const struct jx_profile *p, int64_t d, int64_t r)
{
	if (d == r)
		return true; /* 2dp: equal at two decimals always agrees */
	if ((p->agree & AGREE_1DP) && d == (int64_t)div_round(r, 10) * 10)
		return true;
	if ((p->agree & AGREE_INTEGER) && d == (int64_t)div_round(r, 100) * 100)
		return true;
	if ((p->agree & AGREE_FLOOR) && d == (int64_t)div_floor(r, 100) * 100)
		return true;
	return false;
}

const char *profile_grade(const struct jx_profile *p, int64_t total)
{
	for (size_t i = 0; i + 1 < p->n_grades; i++)
		if (p->boundary_higher ? total >= p->grades[i].from : total > p->grades[i].from)
			return p->grades[i].name;
	return p->grades[p->n_grades - 1].name;
}

const char *profile_grade_legend(struct arena *a, const struct jx_profile *p)
{
	struct jx_buf b;
	jx_buf_init(&b, 1 << 12);
	if (p->n_grades == 1)
		jx_buf_puts(&b, p->grades[0].name);
	for (size_t i = 0; p->n_grades > 1 && i < p->n_grades; i++) {
		bool last = i + 1 == p->n_grades;
		const struct profile_band *g = last ? &p->grades[i - (i > 0)] : &p->grades[i];
		jx_buf_printf(&b, "%s%s %s%s", i ? "，" : "", p->grades[i].name,
			      last ? (p->boundary_higher ? "<" : "≤") : (p->boundary_higher ? "≥" : ">"),
			      fmt_centi(a, g->from));
	}
	const char *s = arena_strdup(a, b.p ? b.p : "");
	jx_buf_release(&b);
	return s;
}

bool profile_reverse_name(const struct jx_profile *p, const char *level1, const char *level2)
{
	for (size_t i = 0; i < p->n_reverse_names; i++)
		if (str_has(level2, p->reverse_names[i]) || str_has(level1, p->reverse_names[i]))
			return true;
	return false;
}
