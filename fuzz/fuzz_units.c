/*
 * fuzz_units.c: libFuzzer entry for the registry of units from a CSV
 * (jx_unit_import: the CSV records of src/read/csv.c, the header's
 * columns, each unit put into a store).  `make fuzz FUZZ_TARGET=units`.
 * One in-memory SQLite store for the whole run (migrations once); each
 * input is one import, all of it or nothing.
 */
#include "jixiao.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct jx_store *st;
	if (!st) {
		char err[600];
		if (jx_store_open(":memory:", JX_STORE_CREATE, &st, err, sizeof err) != JX_OK)
			abort(); /* the harness itself is broken */
	}
	unsigned long n = 0;
	enum jx_status s = jx_unit_import(st, (const char *)data, size, "fuzz.csv", &n);
	if (s == JX_OK && n == 0)
		abort(); /* an import that succeeds puts at least one unit */
	if (s != JX_OK && !*jx_store_error(st))
		abort(); /* a refusal says why */
	return 0;
}
