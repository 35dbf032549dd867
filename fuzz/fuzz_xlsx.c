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
	if (pack_parts(part_names, sizeof part_names / sizeof part_names[0], "_rels/.rels", rels,
		       data + 1, size - 1, &zip, &n))
		drive(zip, n, JX_LAYOUT_AUTO);
	free(zip);
	return 0;
}
