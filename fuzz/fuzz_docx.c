/*
 * fuzz_docx.c: libFuzzer entry for the Word reader (docx.c) and everything
 * after it (drive.h).  `make fuzz FUZZ_TARGET=docx`.
 *
 * The first byte chooses: 0 the rest is a whole file (a .docx as Word or
 * LibreOffice writes it); 1 the rest is word/document.xml, packed here
 * into a valid ZIP with its content types, so that mutations reach the
 * table and paragraph reader instead of failing at the ZIP's checksum.
 * Seeds: the documents of tests/documents/made/, whole and as their XML.
 */
#include "drive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const part_names[] = {"word/document.xml"};

static const char types[] =
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd."
	"openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] == 0) {
		drive(data + 1, size - 1, JX_LAYOUT_AUTO);
		return 0;
	}
	uint8_t *zip = NULL;
	size_t n = 0;
	if (pack_parts(part_names, 1, "[Content_Types].xml", types, data + 1, size - 1, &zip, &n))
		drive(zip, n, JX_LAYOUT_AUTO);
	free(zip);
	return 0;
}
