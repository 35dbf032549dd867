/*
 * fuzz_xlsx.c: libFuzzer entry for the workbook reader (src/read/xlsx.c,
 * sheet.c) and everything after it (drive.h).  `make fuzz FUZZ_TARGET=xlsx`.
 *
 * Mutating a ZIP mostly breaks its checksums, which would fuzz libzip's
 * refusals and never our XML handling, so the first byte chooses:
 *   even: the rest is the file as it is (ZIP parsing, corrupt archives);
 *   odd:  the rest is the workbook's XML parts, separated by a line
 *         "\n@@\n" (workbook, its relationships, shared strings, styles,
 *         then sheets), packed here into a valid ZIP, so that mutations
 *         reach the XML readers.
 * Crashing inputs go to tests/inputs/regress/ (tests/inputs/check.sh).
 */
#include "drive.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const part_names[] = {
	"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml",
	"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
};

static const char rels[] =
	"<Relationships><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
	"officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";

/* The parts of <p, n> (split at "\n@@\n") as a stored ZIP in *out. */
static bool pack(const uint8_t *p, size_t n, uint8_t **out, size_t *outn)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	zip_error_fini(&ze);
	if (!z) {
		if (src)
			zip_source_free(src);
		return false;
	}
	zip_source_keep(src);
	zip_source_t *r = zip_source_buffer(z, rels, sizeof rels - 1, 0);
	zip_file_add(z, "_rels/.rels", r, ZIP_FL_OVERWRITE);
	size_t k = 0;
	while (n && k < sizeof part_names / sizeof part_names[0]) {
		const uint8_t *sep = memmem(p, n, "\n@@\n", 4);
		size_t len = sep ? (size_t)(sep - p) : n;
		zip_source_t *s = zip_source_buffer(z, p, len, 0);
		zip_int64_t i = zip_file_add(z, part_names[k++], s, ZIP_FL_OVERWRITE);
		if (i >= 0)
			zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
		if (!sep)
			break;
		p = sep + 4;
		n -= len + 4;
	}
	bool ok = zip_close(z) == 0;
	if (!ok)
		zip_discard(z);
	zip_stat_t st;
	if (ok && zip_source_open(src) == 0) {
		zip_stat_init(&st);
		ok = zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE);
		if (ok) {
			*out = malloc(st.size ? st.size : 1);
			*outn = (size_t)zip_source_read(src, *out, st.size);
		}
		zip_source_close(src);
	} else {
		ok = false;
	}
	zip_source_free(src);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (!(data[0] & 1)) {
		drive(data + 1, size - 1, JX_LAYOUT_AUTO);
		return 0;
	}
	uint8_t *zip = NULL;
	size_t n = 0;
	if (pack(data + 1, size - 1, &zip, &n))
		drive(zip, n, JX_LAYOUT_AUTO);
	free(zip);
	return 0;
}
