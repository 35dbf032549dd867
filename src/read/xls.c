/*
 * xls.c: Excel 97–2003 workbooks (.xls, BIFF8 in an OLE2 compound file)
 * through Debian's libfreexl, into the same grid as .xlsx (sheet.c).
 *
 * libfreexl opens files by path only, so the input (which may be a pipe)
 * is written to a private temporary file first, removed once read.  It
 * gives a formula's cached result and dates as text; it does not give
 * number formats, so a percentage formatted cell reads as its fraction
 * (0.9903 for 99.03%), which is what the form builder takes an 执行率
 * without % to be anyway.
 */
#include "arena.h"
#include "input.h"

#include <errno.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

/* A temporary file holding <data, n>; its path in `path` (cap bytes). */
static bool temp_copy(const char *data, size_t n, char *path, size_t cap)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, cap, "%s/jixiao-xls.XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return false;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, data + off, n - off);
		if (w <= 0) {
			close(fd);
			unlink(path);
			return false;
		}
		off += (size_t)w;
	}
	return close(fd) == 0;
}

/* "2023-12-31" (and a time after it) -> 2023年12月31日 */
static void date_text(const char *iso, char *out, size_t cap)
{
	int y, m, d;
	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3)
		snprintf(out, cap, "%d年%d月%d日", y, m, d);
	else
		snprintf(out, cap, "%s", iso);
}

static bool read_sheet(const void *h, struct book *b, unsigned short i, struct input_error *err)
{
	const char *name = NULL;
	if (freexl_get_worksheet_name(h, i, &name) != FREEXL_OK ||
	    freexl_select_active_worksheet(h, i) != FREEXL_OK) {
		input_fail(err, 0, "无法读取第 %u 张工作表", i + 1u);
		return false;
	}
	struct sheet *s = book_sheet(b, name ? name : "");
	unsigned int rows = 0;
	unsigned short cols = 0;
	if (freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
		input_fail(err, 0, "无法读取工作表「%s」的大小", s->name);
		return false;
	}
	if (rows > SHEET_MAX_ROWS) {
		input_fail(err, 0, "工作表「%s」有 %u 行：超过 %d 行，不像自评表，未读取", s->name, rows,
			   SHEET_MAX_ROWS);
		return false;
	}
	for (unsigned int r = 0; r < rows; r++)
		for (unsigned short c = 0; c < cols; c++) {
			FreeXL_CellValue v;
			if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
				continue;
			char num[64];
			const char *text = num;
			switch (v.type) {
			case FREEXL_CELL_INT:
				snprintf(num, sizeof num, "%d", v.value.int_value);
				break;
			case FREEXL_CELL_DOUBLE:
				sheet_number(v.value.double_value, NF_GENERAL, false, num, sizeof num);
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
				text = v.value.text_value ? v.value.text_value : "";
				break;
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
				date_text(v.value.text_value ? v.value.text_value : "", num, sizeof num);
				break;
			case FREEXL_CELL_TIME:
				text = v.value.text_value ? v.value.text_value : "";
				break;
			default:
				continue;
			}
			if (!*text)
				continue;
			if (!sheet_put(b, s, r + 1ul, c + 1u, text, strlen(text), 0, err))
				return false;
		}
	return true;
}

bool xls_parts(struct jx_ctx *ctx, const char *data, size_t n, const char *name,
	       struct parts *out, struct input_error *err)
{
	char path[4096];
	if (!temp_copy(data, n, path, sizeof path)) {
		input_fail(err, 0, "无法写临时文件来读取 .xls：%s", strerror(errno));
		return false;
	}
	const void *h = NULL;
	int rc = freexl_open(path, &h);
	unlink(path);
	if (rc != FREEXL_OK) {
		input_fail(err, 0, "不是可读的 Excel 97–2003 工作簿（.xls），无法读取（libfreexl 错误 %d）",
			   rc);
		if (h)
			freexl_close(h);
		return false;
	}
	unsigned int count = 0, password = 0;
	bool ok = true;
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK &&
	    password == FREEXL_BIFF_OBFUSCATED) {
		input_fail(err, 0, "工作簿有密码保护，无法读取");
		ok = false;
	} else if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK) {
		input_fail(err, 0, "无法读取工作表的数目");
		ok = false;
	}
	struct book *b = book_new();
	for (unsigned int i = 0; ok && i < count && i < BOOK_MAX_SHEETS; i++)
		ok = read_sheet(h, b, (unsigned short)i, err);
	freexl_close(h);
	if (ok)
		book_parts(ctx, b, name, JX_LAYOUT_XLS, out);
	book_free(b);
	return ok;
}
