/*
 * test_inputs.c: the pieces of the non-text readers that a spreadsheet's
 * file format does not show directly: a number as Excel displays it
 * (15 significant digits, percentages, date serials in both date systems),
 * cell references, and telling an input's kind from its first bytes.  The
 * readers as a whole are tested on real files in tests/inputs/check.sh.
 */
#include "input.h"
#include "unit.h"

static const char *num(double v, enum num_format nf, bool date1904)
{
	static char buf[64];
	sheet_number(v, nf, date1904, buf, sizeof buf);
	return buf;
}

static void numbers(void)
{
	CHECK_STR(num(3, NF_GENERAL, false), "3");
	CHECK_STR(num(0.22792, NF_GENERAL, false), "0.22792");
	/* what LibreOffice writes for 655.3146 */
	CHECK_STR(num(655.31460000000004, NF_GENERAL, false), "655.3146");
	CHECK_STR(num(1.2e-3, NF_GENERAL, false), "0.0012");
	CHECK_STR(num(1e15, NF_GENERAL, false), "1000000000000000");
	CHECK_STR(num(-2.5, NF_GENERAL, false), "-2.5");
	CHECK_STR(num(-0.0, NF_GENERAL, false), "0");
	CHECK_STR(num(0.1 + 0.2, NF_GENERAL, false), "0.3"); /* 15 digits, as Excel shows it */
	CHECK_STR(num(0.9903, NF_PERCENT, false), "99.03%");
	CHECK_STR(num(0.07599, NF_PERCENT, false), "7.599%");
	CHECK_STR(num(1.05, NF_PERCENT, false), "105%");
	/* date serials: 1900 system with Lotus's 1900-02-29 (serial 60) */
	CHECK_STR(num(45291, NF_DATE, false), "2023年12月31日");
	CHECK_STR(num(45292.75, NF_DATE, false), "2024年1月1日");
	CHECK_STR(num(1, NF_DATE, false), "1900年1月1日");
	CHECK_STR(num(59, NF_DATE, false), "1900年2月28日");
	CHECK_STR(num(61, NF_DATE, false), "1900年3月1日");
	CHECK_STR(num(43830, NF_DATE, true), "2024年1月1日"); /* 1904 system: 1462 days later */
	CHECK_STR(num(0, NF_DATE, false), "0"); /* no date: the number */
}

static void refs(void)
{
	unsigned long r;
	unsigned c;
	CHECK(sheet_ref("F7", &r, &c) && r == 7 && c == 6);
	CHECK(sheet_ref("$AB$12", &r, &c) && r == 12 && c == 28);
	CHECK(sheet_ref("XFD1048576", &r, &c) && r == 1048576 && c == 16384);
	CHECK(!sheet_ref("XFE1", &r, &c));
	CHECK(!sheet_ref("A0", &r, &c));
	CHECK(!sheet_ref("A1048577", &r, &c));
	CHECK(!sheet_ref("7F", &r, &c));
	CHECK(!sheet_ref("f7", &r, &c));
	CHECK(!sheet_ref("", &r, &c));
	char name[8];
	sheet_col_name(1, name);
	CHECK_STR(name, "A");
	sheet_col_name(28, name);
	CHECK_STR(name, "AB");
	sheet_col_name(16384, name);
	CHECK_STR(name, "XFD");
}

#define SNIFF(s, text) input_sniff((s), sizeof(s) - 1, (text))

static void sniffing(void)
{
	CHECK_INT(SNIFF("PK\x03\x04rest", false), IN_XLSX);
	CHECK_INT(SNIFF("PK\x03\x04rest", true), IN_XLSX); /* a forced layout never reads a ZIP */
	CHECK_INT(SNIFF("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....", false), IN_XLS);
	CHECK_INT(SNIFF("{\"forms\": []}", false), IN_JSON);
	CHECK_INT(SNIFF("  \n[ {\"project\": 1}]", false), IN_JSON);
	CHECK_INT(SNIFF("\xEF\xBB\xBF{}", false), IN_JSON);
	CHECK_INT(SNIFF("{\"forms\": []}", true), IN_TEXT);
	CHECK_INT(SNIFF("[附件2]\n项目支出绩效自评表\n", false), IN_TEXT);
	CHECK_INT(SNIFF("{ 项目 }", false), IN_TEXT);
	CHECK_INT(SNIFF("\xEF\xBB\xBF" "file,form_line,project,level1,name\r\nx", false), IN_CSV);
	CHECK_INT(SNIFF("name,\"level1\",x,project\n", false), IN_CSV);
	CHECK_INT(SNIFF("file,form_line,project\n", false), IN_TEXT); /* not our columns */
	CHECK_INT(SNIFF("name,level1,project\n", true), IN_TEXT);
	CHECK_INT(SNIFF("项目支出绩效自评表\n(2023年度)\n", false), IN_TEXT);
	CHECK_INT(SNIFF("", false), IN_TEXT);
}

int main(void)
{
	numbers();
	refs();
	sniffing();
	return unit_done("test_inputs");
}
