/*
 * fuzz_grid.c: libFuzzer entry for the reader of published forms (grid.h):
 * the grid and its label cutting, the template matcher, the placing of
 * values and the run-together splitter, then everything after reading (as
 * drive.h does).  `make fuzz FUZZ_TARGET=grid`.
 *
 * The first byte chooses: 0 the reader as users get it (the standard
 * reader and the template reader tried, the better kept); 1..9 the text
 * read by one shipped template (jx_reader_set_template); 10 the input as a
 * template file, loaded after the shipped ones (jx_templates), which must
 * be refused cleanly or listed.  Seeds: the regression forms of
 * tests/realforms/ and the shipped templates.
 */
#include "drive.h"

#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const templates[] = {
	"national", "sichuan-dept", "yunnan-20-80", "transfer-regional", "sichuan-regional",
	"hebei", "dept-whole", "decision-management", "county-special",
};

static void row(const char *name, const char *scheme, const char *description, const char *file,
		void *ud)
{
	(void)name, (void)scheme, (void)description, (void)file, (void)ud;
}

/* The input as a template file: loaded or refused, never more. */
static void template_file(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-tpl-XXXXXX.tpl";
	int fd = mkstemps(path, 4);
	if (fd < 0)
		return;
	if (write(fd, data, size) == (ssize_t)size) {
		const char *files[] = {path};
		char err[1024];
		jx_templates(files, 1, row, NULL, err, sizeof err);
	}
	close(fd);
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	unsigned sel = data[0] % 11;
	if (sel == 10)
		template_file(data + 1, size - 1);
	else
		drive_with(data + 1, size - 1, JX_LAYOUT_AUTO, sel ? templates[sel - 1] : NULL);
	return 0;
}
