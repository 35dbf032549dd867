/*
 * test_value.c: the value parser (SPEC §3) on real cell strings from the
 * fixture and on the grammar's other forms.  Each input goes through the
 * same normalisation as the reader (text_norm, spaces dropped).
 */
#include "arena.h"
#include "text.h"
#include "unit.h"
#include "value.h"

struct vcase {
	const char *in;
	enum val_kind kind;
	const char *describe; /* value_describe(), for numbers/dates; NULL: skip */
	enum qual qual;       /* TEXT only */
};

static const struct vcase cases[] = {
	/* real cells of fixtures/jinfeng-shanghaixilu-2023.txt */
	{"至少一次", VAL_NUMBER, "≥1次", Q_UNKNOWN},
	{"多次", VAL_FUZZY, "多次（按 ≥2次 计）", Q_ACHIEVED},
	{"100%", VAL_NUMBER, "100%", Q_UNKNOWN},
	{"已圆满 完成妇联工作", VAL_TEXT, NULL, Q_ACHIEVED},
	{"1月1日-12月31日", VAL_DATE, "1月1日-12月31日", Q_UNKNOWN},
	{"3万", VAL_NUMBER, "3万", Q_UNKNOWN},
	{"支付 0.2279 万元", VAL_NUMBER, "0.2279万元", Q_UNKNOWN},
	{"无", VAL_NA, NULL, Q_UNKNOWN},
	{"提高", VAL_TEXT, NULL, Q_ACHIEVED},
	{"98%", VAL_NUMBER, "98%", Q_UNKNOWN},
	{"1 个", VAL_NUMBER, "1个", Q_UNKNOWN},
	{"完成", VAL_TEXT, NULL, Q_ACHIEVED},
	{"1 月 1 日-12 月 31 日", VAL_DATE, "1月1日-12月31日", Q_UNKNOWN},
	{"3 万元", VAL_NUMBER, "3万元", Q_UNKNOWN},
	{"加强", VAL_TEXT, NULL, Q_ACHIEVED},
	{"95%", VAL_NUMBER, "95%", Q_UNKNOWN},
	{"1 人", VAL_NUMBER, "1人", Q_UNKNOWN},
	{"4.8 万元/年", VAL_NUMBER, "4.8万元/年", Q_UNKNOWN},
	{"4.8 万 元", VAL_NUMBER, "4.8万元", Q_UNKNOWN},
	{"正常", VAL_TEXT, NULL, Q_ACHIEVED},
	{"90%", VAL_NUMBER, "90%", Q_UNKNOWN},
	{"200 人次", VAL_NUMBER, "200人次", Q_UNKNOWN},
	{"664 人 次", VAL_NUMBER, "664人次", Q_UNKNOWN},
	{"1月1日-12 月31日", VAL_DATE, "1月1日-12月31日", Q_UNKNOWN},
	{"1月1日 -12月 31日", VAL_DATE, "1月1日-12月31日", Q_UNKNOWN},
	{"0.4916 万元", VAL_NUMBER, "0.4916万元", Q_UNKNOWN},
	{"营造良好的社会环境", VAL_TEXT, NULL, Q_ACHIEVED},
	{"7 个", VAL_NUMBER, "7个", Q_UNKNOWN},
	{"35 万元", VAL_NUMBER, "35万元", Q_UNKNOWN},
	{"23.360502 万元", VAL_NUMBER, "23.360502万元", Q_UNKNOWN},
	{"35 万", VAL_NUMBER, "35万", Q_UNKNOWN},
	{"34.9994 万", VAL_NUMBER, "34.9994万", Q_UNKNOWN},
	{"15 个", VAL_NUMBER, "15个", Q_UNKNOWN},
	{"正常开展", VAL_TEXT, NULL, Q_ACHIEVED},
	{"1.4 万", VAL_NUMBER, "1.4万", Q_UNKNOWN},
	{"0 万元", VAL_NUMBER, "0万元", Q_UNKNOWN},
	{"增强", VAL_TEXT, NULL, Q_ACHIEVED},
	{"235 元/月", VAL_NUMBER, "235元/月", Q_UNKNOWN},
	{"调动", VAL_TEXT, NULL, Q_ACHIEVED},
	{"3 万", VAL_NUMBER, "3万", Q_UNKNOWN},
	{"10 万", VAL_NUMBER, "10万", Q_UNKNOWN},
	{"5 万", VAL_NUMBER, "5万", Q_UNKNOWN},
	{"提升", VAL_TEXT, NULL, Q_ACHIEVED},
	{"1 万", VAL_NUMBER, "1万", Q_UNKNOWN},
	{"1.5 万", VAL_NUMBER, "1.5万", Q_UNKNOWN},
	{"0 万", VAL_NUMBER, "0万", Q_UNKNOWN},
	{"112 人", VAL_NUMBER, "112人", Q_UNKNOWN},
	{"6 人", VAL_NUMBER, "6人", Q_UNKNOWN},
	{"15 万", VAL_NUMBER, "15万", Q_UNKNOWN},
	{"56 个", VAL_NUMBER, "56个", Q_UNKNOWN},
	{"保证", VAL_TEXT, NULL, Q_ACHIEVED},
	{"16.8 万元", VAL_NUMBER, "16.8万元", Q_UNKNOWN},
	{"0", VAL_NUMBER, "0", Q_UNKNOWN},
	{"—", VAL_NA, NULL, Q_UNKNOWN},
	{"", VAL_EMPTY, NULL, Q_UNKNOWN},
	/* the rest of the grammar */
	{"≥95%", VAL_NUMBER, "≥95%", Q_UNKNOWN},
	{"≥=95%", VAL_NUMBER, "≥95%", Q_UNKNOWN},
	{">= 95 %", VAL_NUMBER, "≥95%", Q_UNKNOWN},
	{"＞80％", VAL_NUMBER, ">80%", Q_UNKNOWN},
	{"﹦100%", VAL_NUMBER, "=100%", Q_UNKNOWN},
	{"１００％", VAL_NUMBER, "100%", Q_UNKNOWN},
	{"不低于90%", VAL_NUMBER, "≥90%", Q_UNKNOWN},
	{"不少于 3 次", VAL_NUMBER, "≥3次", Q_UNKNOWN},
	{"不高于 5‰", VAL_NUMBER, "≤5‰", Q_UNKNOWN},
	{"不超过 15 万元", VAL_NUMBER, "≤15万元", Q_UNKNOWN},
	{"≤30万元", VAL_NUMBER, "≤30万元", Q_UNKNOWN},
	{"<=5天", VAL_NUMBER, "≤5天", Q_UNKNOWN},
	{"< 2%", VAL_NUMBER, "<2%", Q_UNKNOWN},
	{"90%以上", VAL_NUMBER, "≥90%", Q_UNKNOWN},
	{"3天以内", VAL_NUMBER, "≤3天", Q_UNKNOWN},
	{"10 人以下", VAL_NUMBER, "≤10人", Q_UNKNOWN},
	{"1,200 人", VAL_NUMBER, "1200人", Q_UNKNOWN},
	{"12,345.67 元", VAL_NUMBER, "12345.67元", Q_UNKNOWN},
	{"十二个", VAL_NUMBER, "12个", Q_UNKNOWN},
	{"2023年12月底前", VAL_DATE, "2023年12月底前", Q_UNKNOWN},
	{"12月31日前", VAL_DATE, "12月31日前", Q_UNKNOWN},
	{"2023年1月-2023年12月", VAL_DATE, "2023年1月-2023年12月", Q_UNKNOWN},
	{"部分完成", VAL_TEXT, NULL, Q_PARTIAL},
	{"基本达成", VAL_TEXT, NULL, Q_PARTIAL},
	{"未完成", VAL_TEXT, NULL, Q_NOT},
	{"有所下降", VAL_TEXT, NULL, Q_UNKNOWN}, /* good or bad depends on the target */
	{"未发生安全事故", VAL_TEXT, NULL, Q_ACHIEVED},
	{"为未来发展奠定了基础", VAL_TEXT, NULL, Q_ACHIEVED},
	{"拨付不及时", VAL_TEXT, NULL, Q_NOT},
	{"群众不满意", VAL_TEXT, NULL, Q_NOT},
	{"效果不明显", VAL_TEXT, NULL, Q_NOT},
	{"3以下", VAL_NUMBER, "≤3", Q_UNKNOWN},
	{"第一名", VAL_TEXT, NULL, Q_UNKNOWN},
	{"前三名", VAL_TEXT, NULL, Q_UNKNOWN},
	{"≥4次/年", VAL_NUMBER, "≥4次/年", Q_UNKNOWN},
	{"具有一定效果", VAL_TEXT, NULL, Q_PARTIAL},
	{"根据第7次文件执行", VAL_TEXT, NULL, Q_UNKNOWN},
	{"若干次", VAL_FUZZY, "若干次（按 ≥2次 计）", Q_ACHIEVED},
	{"/", VAL_NA, NULL, Q_UNKNOWN},
};

int main(void)
{
	/* the bands' words in one pass (value_qual): the lists' order decides */
	CHECK_INT(value_qual("未发生安全事故"), Q_ACHIEVED);   /* success despite 未 */
	CHECK_INT(value_qual("工作未完成"), Q_NOT);
	CHECK_INT(value_qual("基本完成"), Q_PARTIAL);         /* partial before done */
	CHECK_INT(value_qual("已圆满完成"), Q_ACHIEVED);
	CHECK_INT(value_qual("效果不足"), Q_NOT);             /* a word at the very end */
	CHECK_INT(value_qual("是"), Q_ACHIEVED);              /* one character */
	CHECK_INT(value_qual("好坏"), Q_UNKNOWN);             /* the scale */
	CHECK_INT(value_qual("abc"), Q_UNKNOWN);
	CHECK_INT(value_qual(""), Q_UNKNOWN);
	CHECK_INT(value_qual("\xe5\xae"), Q_UNKNOWN);         /* a character cut short */
	struct arena *a = arena_new();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct vcase *c = &cases[i];
		struct value v;
		value_parse(a, text_norm(a, c->in, strlen(c->in)), &v);
		unit_report(v.kind == c->kind, c->in, __FILE__, __LINE__);
		if (v.kind != c->kind)
			printf("    kind %d, want %d\n", v.kind, c->kind);
		if (c->describe)
			CHECK_STR(value_describe(a, &v), c->describe);
		if (c->kind == VAL_TEXT && v.qual != c->qual) {
			unit_report(0, c->in, __FILE__, __LINE__);
			printf("    qual %d, want %d\n", v.qual, c->qual);
		}
	}

	/* money stays exact, prefixes are kept apart */
	struct value v;
	value_parse(a, "支付0.2279万元", &v);
	CHECK_STR(v.prefix, "支付");
	CHECK_INT(v.num.m, 2279);
	CHECK_INT(v.num.s, 4);
	CHECK(v.unit && v.unit->dim == DIM_MONEY && v.unit->exp == 4);

	/* comparability and unit conversion */
	struct value x, y;
	struct dec xn, yn;
	bool assumed;
	value_parse(a, "3万", &x);
	value_parse(a, "30000元", &y);
	CHECK(value_comparable(&x, &y, &xn, &yn, &assumed) && dec_cmp(xn, yn) == 0 && !assumed);
	value_parse(a, "15万", &x);
	value_parse(a, "100%", &y);
	CHECK(!value_comparable(&x, &y, &xn, &yn, &assumed));
	value_parse(a, "5‰", &x);
	value_parse(a, "0.5%", &y);
	CHECK(value_comparable(&x, &y, &xn, &yn, &assumed) && dec_cmp(xn, yn) == 0);
	value_parse(a, "16.8万元", &x);
	value_parse(a, "0", &y);
	CHECK(value_comparable(&x, &y, &xn, &yn, &assumed) && assumed);
	value_parse(a, "4.8万元/年", &x);
	value_parse(a, "4.8万元", &y);
	CHECK(value_comparable(&x, &y, &xn, &yn, &assumed) && dec_cmp(xn, yn) == 0);
	value_parse(a, "235元/月", &x);
	value_parse(a, "0.282万元", &y);
	CHECK(!value_comparable(&x, &y, &xn, &yn, &assumed));
	value_parse(a, "664人次", &x);
	value_parse(a, "200人", &y);
	CHECK(!value_comparable(&x, &y, &xn, &yn, &assumed));
	value_parse(a, "≥4次/年", &x);
	value_parse(a, "4次", &y);
	CHECK(value_comparable(&x, &y, &xn, &yn, &assumed) && dec_cmp(xn, yn) == 0);
	value_parse(a, "3万人次", &x);
	value_parse(a, "30000人次", &y);
	CHECK(value_comparable(&x, &y, &xn, &yn, &assumed) && dec_cmp(xn, yn) == 0);
	arena_free(a);
	return unit_done("test_value");
}
