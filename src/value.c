/*
 * value.c: parse the value language of SPEC §3 (see value.h).  Called by the
 * reader for every target and actual; the scoring engine compares the
 * results.
 */
#include "value.h"
#include "arena.h"
#include "text.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Longest first within a shared prefix: the table is searched in order. */
static const struct unit units[] = {
	{"万元/年", DIM_MONEY, 4, "年"}, {"万元/月", DIM_MONEY, 4, "月"},
	{"元/年", DIM_MONEY, 0, "年"},   {"元/月", DIM_MONEY, 0, "月"},
	{"元/人", DIM_MONEY, 0, "人"},   {"万元/人", DIM_MONEY, 4, "人"},
	{"亿元", DIM_MONEY, 8, NULL},    {"万元", DIM_MONEY, 4, NULL},
	{"千元", DIM_MONEY, 3, NULL},    {"元", DIM_MONEY, 0, NULL},
	/* A bare 万 after a number is money on these forms (3万, 15 万). */
	{"万", DIM_MONEY, 4, NULL},
	{"%", DIM_RATIO, 0, NULL},       {"‰", DIM_RATIO, -1, NULL},
	{"万亩", DIM_AREA, 4, NULL},     {"亩", DIM_AREA, 0, NULL},
	{"公里", DIM_LENGTH, 3, NULL},   {"千米", DIM_LENGTH, 3, NULL},
	{"米", DIM_LENGTH, 0, NULL},
	{"人次", DIM_NAMED, 0, NULL},    {"万人次", DIM_NAMED, 4, NULL},
	{"个", DIM_NAMED, 0, NULL},      {"人", DIM_NAMED, 0, NULL},
	{"次", DIM_NAMED, 0, NULL},      {"件", DIM_NAMED, 0, NULL},
	{"户", DIM_NAMED, 0, NULL},      {"项", DIM_NAMED, 0, NULL},
	{"场", DIM_NAMED, 0, NULL},      {"家", DIM_NAMED, 0, NULL},
	{"所", DIM_NAMED, 0, NULL},      {"名", DIM_NAMED, 0, NULL},
	{"天", DIM_NAMED, 0, NULL},      {"日", DIM_NAMED, 0, NULL},
	{"月", DIM_NAMED, 0, NULL},      {"年", DIM_NAMED, 0, NULL},
	{"台", DIM_NAMED, 0, NULL},      {"套", DIM_NAMED, 0, NULL},
	{"期", DIM_NAMED, 0, NULL},      {"批", DIM_NAMED, 0, NULL},
	{"份", DIM_NAMED, 0, NULL},      {"篇", DIM_NAMED, 0, NULL},
	{"条", DIM_NAMED, 0, NULL},      {"处", DIM_NAMED, 0, NULL},
	{"座", DIM_NAMED, 0, NULL},      {"辆", DIM_NAMED, 0, NULL},
	{"吨", DIM_WEIGHT, 0, NULL},     {"公斤", DIM_WEIGHT, -3, NULL},
	{"小时", DIM_NAMED, 0, NULL},    {"课时", DIM_NAMED, 0, NULL},
	{"平方米", DIM_NAMED, 0, NULL},  {"㎡", DIM_NAMED, 0, NULL},
	{"万平方米", DIM_NAMED, 4, NULL}, {"平方公里", DIM_NAMED, 0, NULL},
	{"公顷", DIM_NAMED, 0, NULL},    {"万公顷", DIM_NAMED, 4, NULL},
};

static const struct unit *unit_lookup(const char *s)
{
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(s, units[i].name) == 0)
			return &units[i];
	if (strcmp(s, "平米") == 0)
		return unit_lookup("平方米");
	/* 次/年, 人/年: a count per year is the year's count on an annual form */
	size_t n = strlen(s);
	if (n > 4 && strcmp(s + n - 4, "/年") == 0) {
		char base[32];
		if (n - 4 >= sizeof base)
			return NULL;
		memcpy(base, s, n - 4);
		base[n - 4] = '\0';
		const struct unit *u = unit_lookup(base);
		return u && u->dim == DIM_NAMED ? u : NULL;
	}
	return NULL;
}

struct word_op {
	const char *w;
	enum val_op op;
};

static const struct word_op prefix_ops[] = {
	{"≥=", OP_GE}, {">=", OP_GE}, {"≥", OP_GE}, {"≧", OP_GE},
	{"<=", OP_LE}, {"≤", OP_LE},  {"≦", OP_LE}, {">", OP_GT},
	{"<", OP_LT},  {"==", OP_EQ}, {"=", OP_EQ}, {"═", OP_EQ}, /* ═: a box-drawing =, as printed */
	{"不低于", OP_GE}, {"不少于", OP_GE}, {"不小于", OP_GE},
	{"大于等于", OP_GE}, {"大于或等于", OP_GE}, {"至少", OP_GE},
	{"大于", OP_GT}, {"多于", OP_GT}, {"超过", OP_GT},
	{"不高于", OP_LE}, {"不超过", OP_LE}, {"不大于", OP_LE},
	{"不多于", OP_LE}, {"小于等于", OP_LE}, {"小于或等于", OP_LE},
	{"控制在", OP_LE}, {"小于", OP_LT}, {"低于", OP_LT},
	{"等于", OP_EQ},
};

static const struct word_op suffix_ops[] = {
	{"及以上", OP_GE}, {"以上", OP_GE}, {"及以下", OP_LE},
	{"以下", OP_LE},   {"以内", OP_LE}, {"之内", OP_LE},
};

/* value_is_na looks here only for a text of at most 9 bytes whose first
 * byte is the first of one of these words: keep it in step. */
static const char *const na_words[] = {
	"无", "—", "——", "-", "--", "/", "\\", "N/A", "n/a", "不适用", "/无", NULL
};

bool value_is_na(const char *norm)
{
	/* asked of every cell: the words are at most 9 bytes and start with
	 * one of a few bytes */
	unsigned c = (unsigned char)norm[0];
	if (!c || !memchr("\xe6\xe2-/\\Nn\xe4", (int)c, 9) || strnlen(norm, 10) > 9)
		return false;
	return str_in(norm, na_words);
}

/* Strip a leading operator; returns the rest. */
static const char *take_prefix_op(const char *s, enum val_op *op)
{
	/* asked some fifty times a form: a text that starts with a digit or
	 * other ASCII but < > = holds none, and a CJK word must match its
	 * first character's three bytes before it is compared */
	unsigned char c0 = (unsigned char)s[0];
	if (c0 < 0x80 && c0 != '<' && c0 != '>' && c0 != '=')
		return s;
	for (size_t i = 0; i < sizeof prefix_ops / sizeof prefix_ops[0]; i++) {
		const char *w = prefix_ops[i].w;
		if ((unsigned char)w[0] != c0 || (c0 >= 0x80 && (w[1] != s[1] || w[2] != s[2])))
			continue;
		if (str_starts(s, w)) {
			*op = prefix_ops[i].op;
			return s + strlen(w);
		}
	}
	return s;
}

/* Strip a trailing operator word; returns the new length. */
static size_t take_suffix_op(const char *s, size_t n, enum val_op *op)
{
	for (size_t i = 0; i < sizeof suffix_ops / sizeof suffix_ops[0]; i++) {
		size_t k = strlen(suffix_ops[i].w);
		if (n >= k && memcmp(s + n - k, suffix_ops[i].w, k) == 0) {
			if (*op == OP_NONE)
				*op = suffix_ops[i].op;
			return n - k;
		}
	}
	return n;
}

/* A Chinese digit at p, or -1; safe on a NUL-terminated text (a byte is
 * read only after the one before it fits).  Every one starts with E4, E5
 * or E9, which rejects most characters at the first byte. */
static int cn_digit(const char *p, size_t *len)
{
	const unsigned char *u = (const unsigned char *)p;
	*len = 3;
	if ((u[0] != 0xe4 && u[0] != 0xe5 && u[0] != 0xe9) || (u[1] & 0xC0) != 0x80 ||
	    (u[2] & 0xC0) != 0x80)
		return -1;
	switch (utf8_cp3(u)) {
	case 0x96F6: return 0; /* 零 */
	case 0x4E00: return 1; /* 一 */
	case 0x4E8C: return 2; /* 二 */
	case 0x4E24: return 2; /* 两 */
	case 0x4E09: return 3; /* 三 */
	case 0x56DB: return 4; /* 四 */
	case 0x4E94: return 5; /* 五 */
	case 0x516D: return 6; /* 六 */
	case 0x4E03: return 7; /* 七 */
	case 0x516B: return 8; /* 八 */
	case 0x4E5D: return 9; /* 九 */
	}
	return -1;
}

/* Does a Chinese number (cn_number) start at p: a digit but 零, or 十? */
static bool cn_starts(const char *p)
{
	size_t len;
	return cn_digit(p, &len) > 0 || strncmp(p, "十", 3) == 0;
}

/* Chinese numerals 1..99 (一, 十二, 二十, 九十九). Returns bytes used. */
static size_t cn_number(const char *p, size_t n, int64_t *out)
{
	size_t len, i = 0;
	int64_t v = 0;
	int a = n >= 3 ? cn_digit(p, &len) : -1;
	if (a > 0) {
		v = a;
		i = 3;
	}
	if (n - i >= 3 && (unsigned char)p[i] == 0xe5 && strncmp(p + i, "十", 3) == 0) {
		v = (i ? v : 1) * 10;
		i += 3;
		int b = n - i >= 3 ? cn_digit(p + i, &len) : -1;
		if (b > 0) {
			v += b;
			i += 3;
		}
	}
	if (i == 0)
		return 0;
	*out = v;
	return i;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool has_digit(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_digit(p[i]))
			return true;
	return false;
}

/* ---- dates -------------------------------------------------------------- */

static size_t scan_int(const char *p, size_t n, int *out, int maxdig)
{
	size_t i = 0;
	int v = 0;
	while (i < n && is_digit(p[i]) && (int)i < maxdig)
		v = v * 10 + (p[i++] - '0');
	if (i < n && is_digit(p[i]))
		return 0;
	*out = v;
	return i;
}

/* [YYYY年][M月][D日|底|末|初] ; returns bytes used, 0 when no date. */
static size_t scan_date_point(const char *p, size_t n, struct date_point *dp)
{
	size_t i = 0, k;
	int v;
	memset(dp, 0, sizeof *dp);
	k = scan_int(p, n, &v, 4);
	if (k == 4 && n - k >= 3 && strncmp(p + k, "年", 3) == 0 && v >= 1900 &&
	    v <= 2200) {
		dp->y = v;
		i = k + 3;
		if (n - i >= 3 && strncmp(p + i, "度", 3) == 0)
			i += 3;
		if (n - i >= 3 && (strncmp(p + i, "底", 3) == 0 ||
				   strncmp(p + i, "末", 3) == 0)) {
			dp->m = 12, dp->d = 32;
			return i + 3;
		}
		k = scan_int(p + i, n - i, &v, 2);
		if (!k)
			return i;
	} else if (k == 0 || k > 2) {
		return 0;
	}
	k = scan_int(p + i, n - i, &v, 2);
	if (!k || v < 1 || v > 12 || n - i - k < 3 || strncmp(p + i + k, "月", 3) != 0)
		return dp->y ? i : 0;
	dp->m = v;
	i += k + 3;
	if (n - i >= 3 && (strncmp(p + i, "底", 3) == 0 || strncmp(p + i, "末", 3) == 0)) {
		dp->d = 32;
		return i + 3;
	}
	if (n - i >= 3 && strncmp(p + i, "初", 3) == 0) {
		dp->d = 1;
		return i + 3;
	}
	k = scan_int(p + i, n - i, &v, 2);
	if (k && v >= 1 && v <= 31 && n - i - k >= 3 &&
	    (strncmp(p + i + k, "日", 3) == 0 || strncmp(p + i + k, "号", 3) == 0)) {
		dp->d = v;
		i += k + 3;
	}
	return i;
}

/* YYYY.MM[.DD] (2023.07): a date as spreadsheets print it; bytes used, 0
 * when none.  Two digits of month, so that 2023.5 stays a number. */
static size_t scan_dotted_date(const char *p, size_t n, struct date_point *dp)
{
	int y, m, d;
	memset(dp, 0, sizeof *dp);
	size_t k = scan_int(p, n, &y, 4);
	if (k != 4 || y < 1900 || y > 2200 || k + 3 > n || p[k] != '.')
		return 0;
	size_t j = scan_int(p + k + 1, n - k - 1, &m, 2);
	if (j != 2 || m < 1 || m > 12)
		return 0;
	dp->y = y, dp->m = m;
	size_t i = k + 1 + j;
	if (i + 2 < n && p[i] == '.') {
		size_t e = scan_int(p + i + 1, n - i - 1, &d, 2);
		if (e && d >= 1 && d <= 31) {
			dp->d = d;
			i += 1 + e;
		}
	}
	return i;
}

static const char *const range_seps[] = {"-", "~", "至", "—", "–", "到", "－", NULL};
static const char *const deadline_words[] = {"之前", "以前", "前", NULL};

/* Words before a deadline (不晚于12月31日): the operator they mean. */
static const struct word_op date_prefix_ops[] = {
	{"不晚于", OP_LE}, {"不迟于", OP_LE}, {"截至", OP_LE}, {"截止", OP_LE}, {"早于", OP_LT},
};

/* The operator before a date: the number operators that make sense for a
 * deadline (≤, <, =; what the template's 指标性质 drop-down offers) or a
 * deadline word.  ≥ or > before a date ("no earlier than") is not a
 * deadline: such a text is not read as a date (it stays text, and its score
 * is kept and reported as unverified). */
static const char *take_date_op(const char *s, enum val_op *op, bool *refused)
{
	for (size_t i = 0; i < sizeof date_prefix_ops / sizeof date_prefix_ops[0]; i++)
		if (str_starts(s, date_prefix_ops[i].w)) {
			*op = date_prefix_ops[i].op;
			return s + strlen(date_prefix_ops[i].w);
		}
	const char *rest = take_prefix_op(s, op);
	*refused = *op == OP_GE || *op == OP_GT;
	return rest;
}

static bool parse_date(const char *text, struct value *v)
{
	enum val_op op = OP_NONE;
	bool refused = false;
	const char *s = take_date_op(text, &op, &refused);
	size_t n = strlen(s), i;
	struct date_point a, b;
	bool dotted = false;
	if (refused)
		return false;
	if (!(i = scan_date_point(s, n, &a)) && (dotted = true, !(i = scan_dotted_date(s, n, &a))))
		return false;
	b = a;
	for (const char *const *sep = range_seps; *sep; sep++) {
		size_t k = strlen(*sep);
		if (n - i > k && strncmp(s + i, *sep, k) == 0) {
			size_t j = dotted ? scan_dotted_date(s + i + k, n - i - k, &b)
					  : scan_date_point(s + i + k, n - i - k, &b);
			if (j) {
				i += k + j;
				if (!b.y)
					b.y = a.y;
				if (!b.m) /* "1日-31日" is rare; keep the month */
					b.m = a.m;
			}
			break;
		}
	}
	for (const char *const *w = deadline_words; *w; w++)
		if (strcmp(s + i, *w) == 0) {
			if (op == OP_NONE || op == OP_EQ)
				op = OP_LE;
			i = n;
			break;
		}
	if (i != n)
		return false;
	/* A bare year (`2023年`) is a date; "3年" was rejected by scan_date_point. */
	v->kind = VAL_DATE;
	v->from = a;
	v->to = b;
	v->op = op;
	return true;
}

/* ---- numbers ------------------------------------------------------------ */

static const char *const fuzzy_words[] = {"多", "若干", "数", "几", NULL};

static bool parse_fuzzy(struct arena *ar, const char *s, struct value *v)
{
	for (const char *const *w = fuzzy_words; *w; w++) {
		if (!str_starts(s, *w))
			continue;
		const char *rest = s + strlen(*w);
		const struct unit *u = unit_lookup(rest);
		if (!u || u->dim != DIM_NAMED)
			continue;
		v->kind = VAL_FUZZY;
		v->num = dec_int(2);
		v->unit = u;
		v->unit_text = arena_strdup(ar, rest);
		v->qual = Q_ACHIEVED;
		return true;
	}
	return false;
}

/* Prefix text before a number: at most 4 characters, no digits (支付, 约). */
static bool ok_prefix(const char *p, size_t n)
{
	if (n > 12 || has_digit(p, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x80 && p[i] != ':')
			return false;
	return true;
}

static bool parse_number(struct arena *ar, const char *s, struct value *v)
{
	enum val_op op = OP_NONE;
	const char *p = take_prefix_op(s, &op);
	size_t n = strlen(p);
	size_t start = 0;
	/* find the first digit or Chinese numeral (whose characters all
	 * start with byte E4, E5 or E9: cn_digit, 十) */
	while (start < n && !is_digit(p[start])) {
		unsigned char c = (unsigned char)p[start];
		int64_t cn;
		if ((c == 0xe4 || c == 0xe5 || c == 0xe9) && cn_number(p + start, n - start, &cn))
			break;
		start++;
	}
	if (start >= n || !ok_prefix(p, start))
		return false;
	/* 第一名, 前三名: ranks, where lower is better; not quantities */
	if (start >= 3 && (strncmp(p + start - 3, "第", 3) == 0 || strncmp(p + start - 3, "前", 3) == 0))
		return false;
	struct dec d;
	bool chinese = false;
	size_t k = dec_scan(p + start, n - start, &d);
	if (!k) {
		int64_t cn;
		k = cn_number(p + start, n - start, &cn);
		if (!k)
			return false;
		d = dec_int(cn);
		chinese = true;
	}
	const char *rest = p + start + k;
	size_t rn = take_suffix_op(rest, strlen(rest), &op);
	if (rn >= 6 && memcmp(rest + rn - 6, "左右", 6) == 0)
		rn -= 6;
	char *unit = arena_strndup(ar, rest, rn);
	const struct unit *u = unit_lookup(unit);
	if (!u && rn) {
		/* An unknown unit is a short CJK word after digits (3 台套), or
		 * two such words per each other (0.82 元/头份, 1250 元/生·年); a
		 * Chinese numeral needs a known unit, or 一定 would be a number. */
		const char *slash = memchr(unit, '/', rn);
		if (chinese || rn > (slash ? 24u : 9u) || (slash && memchr(slash + 1, '/', rn - (size_t)(slash + 1 - unit))))
			return false;
		for (size_t i = 0; i < rn; i++)
			if ((unsigned char)unit[i] < 0x80 && unit[i] != '/')
				return false;
	}
	v->kind = VAL_NUMBER;
	v->op = op;
	v->num = d;
	v->unit = u;
	v->unit_text = unit;
	v->prefix = arena_strndup(ar, p, start);
	return true;
}

/* ---- qualitative -------------------------------------------------------- */

/*
 * Word lists for the bands, tried in this order: phrases that mean success
 * despite a negation (未发生安全事故), then negations and failures, then
 * partial, then success.  A bare 未 or 下降 is not enough: 为未来…, 发病率下降
 * are no failures.
 */
static const char *const q_done_neg[] = {"未发生", "零发生", "无发生", NULL};
static const char *const q_not[] = {
	"未完成", "未达成", "未达到", "未实现", "未开展", "未按时", "未及时", "未落实",
	"未到位", "未能", "没有完成", "较差", "不达标", "不合格", "不及时", "不满意",
	"不明显", "不到位", "不足", "不理想", "滞后", "无法", NULL
};
static const char *const q_partial[] = {"部分", "基本", "大部", "一定", NULL};
static const char *const q_done[] = {
	"完成", "达成", "达到", "实现", "提高", "提升", "正常", "加强", "增强",
	"保证", "保障", "有效", "良好", "明显", "显著", "满意", "调动", "按时",
	"及时", "圆满", "改善", "到位", "稳定", "合格", "达标", "规范", "营造",
	"发挥", "促进", "推进", "落实", "增加", "改进", "健全", "完善", "建立",
	"形成", "奠定", "是", "优", "好", "持续", "长期", "全覆盖", "准确", "安全", NULL
};

bool value_scale_poles(const char *s)
{
	/* opposite poles, or a whole scale: never 良好 or 优良, which are a grade */
	static const char *const scales[] = {"好坏", "好差", "优劣", "优差", "是否", "高低", "强弱",
					     "有无", "优良中差", "好中差", "高中低", "优良差", "好较好差", NULL};
	/* two to four CJK characters: 6, 9 or 12 bytes (asked of every value) */
	size_t n = strnlen(s, 13);
	return n >= 6 && n <= 12 && n % 3 == 0 && str_in(s, scales);
}

/*
 * The four lists in one pass over the text: every cell's value is asked,
 * and a strstr per word (77 of them) was a twentieth of check's time.  The
 * words, all of them CJK, are kept sorted by their first three bytes; the
 * text is scanned once, and at each byte that could start one (a 3-byte
 * lead, E0–EF) the words starting there are compared.  The same answers as
 * strstr of each word: a word can only match where its first byte is.
 */
struct qword {
	uint32_t head; /* its first three bytes */
	const char *w;
	size_t n;
	unsigned list; /* bit: 1 done_neg, 2 not, 4 partial, 8 done */
};

static struct qword qwords[128];
static size_t nqwords;
static pthread_once_t qwords_once = PTHREAD_ONCE_INIT;

static uint32_t head3(const char *p)
{
	return (uint32_t)(unsigned char)p[0] << 16 | (uint32_t)(unsigned char)p[1] << 8 |
	       (unsigned char)p[2];
}

static int by_head(const void *a, const void *b)
{
	uint32_t x = ((const struct qword *)a)->head, y = ((const struct qword *)b)->head;
	return x < y ? -1 : x > y;
}

static void index_qwords(void)
{
	const char *const *lists[] = {q_done_neg, q_not, q_partial, q_done};
	for (unsigned l = 0; l < 4; l++)
		for (const char *const *w = lists[l]; *w; w++)
			if (nqwords < sizeof qwords / sizeof *qwords && strlen(*w) >= 3)
				qwords[nqwords++] = (struct qword){head3(*w), *w, strlen(*w), 1u << l};
	qsort(qwords, nqwords, sizeof *qwords, by_head);
}

enum qual value_qual(const char *s)
{
	if (value_scale_poles(s))
		return Q_UNKNOWN; /* 好坏: the scale, nothing chosen */
	pthread_once(&qwords_once, index_qwords);
	unsigned found = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i + 3 <= n; i++) {
		if (((unsigned char)s[i] & 0xf0) != 0xe0)
			continue;
		struct qword key = {.head = head3(s + i)};
		const struct qword *q = bsearch(&key, qwords, nqwords, sizeof *qwords, by_head);
		if (!q)
			continue;
		while (q > qwords && q[-1].head == key.head)
			q--; /* the first word of that head */
		for (; q < qwords + nqwords && q->head == key.head; q++)
			if (!(found & q->list) && q->n <= n - i && !memcmp(s + i, q->w, q->n))
				found |= q->list;
	}
	if (found & 1)
		return Q_ACHIEVED;
	if (found & 2)
		return Q_NOT;
	if (found & 4)
		return Q_PARTIAL;
	if (found & 8)
		return Q_ACHIEVED;
	return Q_UNKNOWN;
}

/* Could s hold a number or a date: an ASCII digit (every date has one),
 * or a Chinese numeral that starts a number (cn_number)?  Most names and
 * texts have neither, and need not be parsed as either. */
static bool may_hold_number(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			return true;
		if (*p >= 0xe4 && cn_starts((const char *)p))
			return true;
	}
	return false;
}

static bool parse_plain(struct arena *ar, const char *s, struct value *v)
{
	memset(v, 0, sizeof *v);
	v->text = s;
	v->unit_text = "";
	v->prefix = "";
	if (!*s) {
		v->kind = VAL_EMPTY;
		return true;
	}
	if (value_is_na(s)) {
		v->kind = VAL_NA;
		return true;
	}
	return may_hold_number(s) && (parse_date(s, v) || parse_number(ar, s, v));
}

void value_parse_plain(struct arena *ar, const char *s, struct value *v)
{
	if (!parse_plain(ar, s, v))
		v->kind = VAL_TEXT;
}

void value_parse(struct arena *ar, const char *s, struct value *v)
{
	if (parse_plain(ar, s, v))
		return;
	enum val_op op = OP_NONE;
	const char *rest = take_prefix_op(s, &op);
	if (parse_fuzzy(ar, rest, v)) {
		v->op = op;
		return;
	}
	v->kind = VAL_TEXT;
	v->qual = value_qual(s);
}

const char *op_symbol(enum val_op op)
{
	switch (op) {
	case OP_GE: return "≥";
	case OP_GT: return ">";
	case OP_LE: return "≤";
	case OP_LT: return "<";
	case OP_EQ: return "=";
	case OP_NONE: break;
	}
	return "";
}

static const char *date_point_str(struct arena *a, struct date_point p)
{
	const char *y = p.y ? arena_printf(a, "%d年", p.y) : "";
	if (!p.m)
		return y;
	if (p.d == 32)
		return arena_printf(a, "%s%d月底", y, p.m);
	if (!p.d)
		return arena_printf(a, "%s%d月", y, p.m);
	return arena_printf(a, "%s%d月%d日", y, p.m, p.d);
}

const char *value_describe(struct arena *a, const struct value *v)
{
	char num[48];
	switch (v->kind) {
	case VAL_EMPTY: return "（空）";
	case VAL_NA: return "无";
	case VAL_TEXT: return v->text;
	case VAL_FUZZY:
		dec_format(v->num, num, sizeof num);
		return arena_printf(a, "%s（按 ≥%s%s 计）", v->text, num, v->unit_text);
	case VAL_NUMBER:
		dec_format(v->num, num, sizeof num);
		return arena_printf(a, "%s%s%s", op_symbol(v->op), num, v->unit_text);
	case VAL_DATE:
		if (memcmp(&v->from, &v->to, sizeof v->from) == 0)
			return arena_printf(a, "%s%s%s", v->op == OP_LT ? "早于" : "",
					    date_point_str(a, v->from), v->op == OP_LE ? "前" : "");
		return arena_printf(a, "%s-%s", date_point_str(a, v->from),
				    date_point_str(a, v->to));
	}
	return "";
}

/* 万人次 -> 人次: the 万 is carried by exp. */
static const char *base_name(const char *name)
{
	return str_starts(name, "万") && name[3] ? name + 3 : name;
}

static bool units_match(const struct value *a, const struct value *b)
{
	const struct unit *ua = a->unit, *ub = b->unit;
	if (ua && ub) {
		if (ua->dim != ub->dim)
			return false;
		if (ua->dim == DIM_NAMED)
			return strcmp(base_name(ua->name), base_name(ub->name)) == 0;
		const char *pa = ua->per && strcmp(ua->per, "年") ? ua->per : NULL;
		const char *pb = ub->per && strcmp(ub->per, "年") ? ub->per : NULL;
		if (pa || pb)
			return pa && pb && strcmp(pa, pb) == 0;
		return true;
	}
	/* unknown units: equal text only */
	return strcmp(a->unit_text, b->unit_text) == 0;
}

bool value_comparable(const struct value *a, const struct value *b,
		      struct dec *an, struct dec *bn, bool *assumed)
{
	*assumed = false;
	bool abare = !*a->unit_text, bbare = !*b->unit_text;
	if (abare != bbare) {
		*assumed = true;
		*an = a->num;
		*bn = b->num;
		return true;
	}
	if (!units_match(a, b))
		return false;
	int ea = a->unit ? a->unit->exp : 0, eb = b->unit ? b->unit->exp : 0;
	return dec_shift(a->num, ea, an) && dec_shift(b->num, eb, bn);
}
