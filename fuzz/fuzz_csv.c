/*
 * fuzz_csv.c: libFuzzer entry for the CSV and JSON readers (src/read/csv.c,
 * json.c, flat.c) and everything after them (drive.h).
 * `make fuzz FUZZ_TARGET=csv`.
 *
 * The first byte chooses: even, the rest follows render's CSV header (so
 * that mutations stay CSV and reach the record and form logic); odd, the
 * rest as it is (JSON, a CSV with its own header, anything).
 * Crashing inputs go to tests/inputs/regress/ (tests/inputs/check.sh).
 */
#include "drive.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (data[0] & 1) {
		drive(data + 1, size - 1, JX_LAYOUT_AUTO);
		return 0;
	}
	struct jx_buf b;
	jx_buf_init(&b, 1 << 24);
	jx_render_csv_header(&b);
	jx_buf_add(&b, (const char *)data + 1, size - 1);
	drive((const uint8_t *)b.p, b.n, JX_LAYOUT_AUTO);
	jx_buf_release(&b);
	return 0;
}
