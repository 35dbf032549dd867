/*
 * xls.c: Excel 97–2003 workbooks (.xls, BIFF8 in an OLE2 compound file)
 * through Debian's libfreexl, into the same grid as .xlsx (sheet.c).
 *
 * libfreexl allocates every sheet's rows × columns cells, as the file's
 * DIMENSION records declare them, inside freexl_open, before any check of
 * ours: a 90 KB file can ask for gigabytes (and under memory pressure it
 * drops sheets without an error).  So libfreexl runs only in a child
 * process whose address space and time are capped; the child sends the
 * cells back through a pipe, and refuses a sheet whose declared size is
 * beyond any form.  A child that dies, or ends without saying it is done,
 * refuses the file: nothing is read in part.
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
#include "sandbox.h"

#include <errno.h>
#include <freexl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "banned.h"

enum {
	XLS_CHILD_BYTES = 512 << 20,  /* the child's address space */
	XLS_CHILD_SECONDS = 30,
	XLS_SHEET_CELLS = 4 << 20,     /* rows × columns a sheet may declare */
	XLS_STREAM_BYTES = 256 << 20   /* what the child may send */
};

#if defined(__SANITIZE_ADDRESS__)
#define JX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JX_ASAN 1
#endif
#endif

/* ---- the child: libfreexl -> records on a pipe ------------------------------------ */

/*
 * Records: a type byte, then fields.  'S' name: a sheet begins; 'C' row
 * col text: a cell (1-based); 'E' code: libfreexl could not open the file;
 * 'B' rows cols name: a sheet declares a size beyond any form; 'D': done.
 * Numbers are 4 bytes, texts a 4-byte length and the bytes.
 */
struct out {
	int fd;
	bool failed;
};

static void put(struct out *o, const void *p, size_t n)
{
	const char *c = p;
	while (!o->failed && n) {
		ssize_t w = write(o->fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->failed = true;
			return;
		}
		c += w;
		n -= (size_t)w;
	}
}

static void put_u32(struct out *o, uint32_t v)
{
	put(o, &v, sizeof v);
}

static void put_text(struct out *o, const char *s)
{
	size_t n = strlen(s);
	put_u32(o, (uint32_t)n);
	put(o, s, n);
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

/* A cell's text as displayed, or NULL for an empty cell. */
static const char *cell_text(const FreeXL_CellValue *v, char *num, size_t cap)
{
	switch (v->type) {
	case FREEXL_CELL_INT:
		snprintf(num, cap, "%d", v->value.int_value);
		return num;
	case FREEXL_CELL_DOUBLE:
		sheet_number(v->value.double_value, NF_GENERAL, false, num, cap);
		return num;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_TIME:
		return v->value.text_value;
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
		date_text(v->value.text_value ? v->value.text_value : "", num, cap);
		return num;
	default:
		return NULL;
	}
}

static int child_sheet(const void *h, unsigned short i, struct out *o)
{
	const char *name = NULL;
	unsigned int rows = 0;
	unsigned short cols = 0;
	if (freexl_get_worksheet_name(h, i, &name) != FREEXL_OK ||
	    freexl_select_active_worksheet(h, i) != FREEXL_OK ||
	    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
		return 3;
	if (rows > SHEET_MAX_ROWS || (uint64_t)rows * cols > XLS_SHEET_CELLS) {
		put(o, "B", 1);
		put_u32(o, rows);
		put_u32(o, cols);
		put_text(o, name ? name : "");
		return 0;
	}
	put(o, "S", 1);
	put_text(o, name ? name : "");
	for (unsigned int r = 0; r < rows && !o->failed; r++)
		for (unsigned short c = 0; c < cols; c++) {
			FreeXL_CellValue v;
			char num[64];
			const char *t;
			if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK ||
			    !(t = cell_text(&v, num, sizeof num)) || !*t)
				continue;
			put(o, "C", 1);
			put_u32(o, r + 1);
			put_u32(o, c + 1u);
			put_text(o, t);
		}
	return 0;
}

static void child(const char *path, int fd)
{
	/* nothing of the parent's but the pipe: not a server's sockets, its
	 * database or other requests' pipes (which would stay open while this
	 * child lives) */
	if (fd != 3) {
		dup2(fd, 3);
		fd = 3;
	}
	close_range(4, ~0U, 0);
#ifndef JX_ASAN /* a sanitizer reserves terabytes of address space */
	struct rlimit rl = {XLS_CHILD_BYTES, XLS_CHILD_BYTES};
	setrlimit(RLIMIT_AS, &rl);
#endif
	alarm(XLS_CHILD_SECONDS);
	struct out o = {fd, false};
	const void *h = NULL;
	int rc = freexl_open(path, &h);
	unsigned int count = 0, password = 0;
	if (rc == FREEXL_OK && freexl_get_info(h, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK &&
	    password == FREEXL_BIFF_OBFUSCATED)
		rc = FREEXL_BIFF_OBFUSCATED;
	if (rc == FREEXL_OK && freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK)
		rc = FREEXL_BIFF_ILLEGAL_SHEET_INDEX;
	if (rc != FREEXL_OK) {
		put(&o, "E", 1);
		put_u32(&o, (uint32_t)rc);
		_exit(0);
	}
	int st = 0;
	for (unsigned int i = 0; i < count && i <= BOOK_MAX_SHEETS && !st; i++)
		st = child_sheet(h, (unsigned short)i, &o);
	if (!st && count <= BOOK_MAX_SHEETS)
		put(&o, "D", 1);
	_exit(o.failed ? 3 : st);
}

/* ---- the parent: records -> the book ------------------------------------------------- */

struct in {
	const unsigned char *p;
	size_t n, i;
};

static bool get_u32(struct in *in, uint32_t *v)
{
	if (in->n - in->i < sizeof *v)
		return false;
	memcpy(v, in->p + in->i, sizeof *v);
	in->i += sizeof *v;
	return true;
}

static bool get_text(struct in *in, const char **s, size_t *n)
{
	uint32_t len;
	if (!get_u32(in, &len) || in->n - in->i < len)
		return false;
	*s = (const char *)in->p + in->i;
	*n = len;
	in->i += len;
	return true;
}

/* The child's records into the book; true once 'D' is read. */
static bool replay(struct in *in, struct book *b, struct input_error *err)
{
	struct sheet *s = NULL;
	while (in->i < in->n) {
		char type = (char)in->p[in->i++];
		const char *t;
		size_t n;
		uint32_t row, col;
		switch (type) {
		case 'S':
			if (!get_text(in, &t, &n))
				return false;
			s = book_sheet(b, arena_strndup(b->a, t, n));
			break;
		case 'C':
			if (!s || !get_u32(in, &row) || !get_u32(in, &col) || !get_text(in, &t, &n))
				return false;
			if (!sheet_put(b, s, row, col, t, n, 0, false, err))
				return false;
			break;
		case 'B':
			if (!get_u32(in, &row) || !get_u32(in, &col) || !get_text(in, &t, &n))
				return false;
			input_fail(err, 0, "工作表「%.*s」声明了 %u 行 × %u 列，不像自评表，未读取",
				   (int)(n > 200 ? 200 : n), t, row, col);
			return false;
		case 'E':
			if (!get_u32(in, &row))
				return false;
			if ((int)row == FREEXL_BIFF_OBFUSCATED)
				input_fail(err, 0, "工作簿有密码保护，无法读取");
			else if ((int)row == FREEXL_INSUFFICIENT_MEMORY ||
				 (int)row == FREEXL_BIFF_ILLEGAL_SHEET_INDEX)
				input_fail(err, 0, "无法读取工作表：文件损坏，或工作表声明的大小要用超过 %d MB 内存（可能是恶意文件），未读取",
					   XLS_CHILD_BYTES >> 20);
			else
				input_fail(err, 0, "不是可读的 Excel 97–2003 工作簿（.xls），无法读取（libfreexl 错误 %d）",
					   (int)row);
			return false;
		case 'D':
			return true;
		default:
			return false;
		}
	}
	return false;
}

/* Run the child on `path` and collect what it sends (up to the cap). */
static bool run_child(const char *path, struct jx_buf *got, int *status, struct input_error *err)
{
	int fds[2];
	if (pipe(fds) < 0) {
		input_fail(err, 0, "无法创建管道来读取 .xls：%s", strerror(errno));
		return false;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		input_fail(err, 0, "无法创建进程来读取 .xls：%s", strerror(errno));
		return false;
	}
	if (pid == 0) {
		close(fds[0]);
		child(path, fds[1]);
	}
	close(fds[1]);
	char buf[1 << 16];
	for (;;) {
		ssize_t k = read(fds[0], buf, sizeof buf);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		if (jx_buf_add(got, buf, (size_t)k) != JX_OK) {
			kill(pid, SIGKILL); /* more than any workbook of forms */
			break;
		}
	}
	close(fds[0]);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return true;
}

bool xls_parts(struct jx_ctx *ctx, const char *data, size_t n, const char *name,
	       struct parts *out, struct input_error *err)
{
	char path[4096];
	if (!sandbox_temp_copy(data, n, "xls", path, sizeof path)) {
		input_fail(err, 0, "无法写临时文件来读取 .xls：%s", strerror(errno));
		return false;
	}
	struct jx_buf got;
	jx_buf_init(&got, XLS_STREAM_BYTES);
	int status = 0;
	bool ok = run_child(path, &got, &status, err);
	unlink(path);
	struct book *b = book_new();
	if (ok) {
		struct in in = {(const unsigned char *)got.p, got.n, 0};
		bool done = !got.overflow && replay(&in, b, err);
		bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
		if (!*err->msg && (!done || !clean))
			input_fail(err, 0,
				   "读取这个 .xls 需要超过 %d MB 内存或 %d 秒，或工作表超过 %d 张（工作簿声明的大小异常，可能是恶意文件），未读取",
				   XLS_CHILD_BYTES >> 20, XLS_CHILD_SECONDS, BOOK_MAX_SHEETS);
		ok = !*err->msg && book_parts(ctx, b, name, JX_LAYOUT_XLS, out, err);
	}
	book_free(b);
	jx_buf_release(&got);
	return ok;
}
