/*
 * fuzz_text.c: libFuzzer entry for the text reader and everything after it
 * (score, audit, the renderers, and the canonical text read back).  `make fuzz FUZZ_SECONDS=N` runs it; any
 * crashing input found goes under tests/bad/fuzz-* as a regression case.
 *
 * The first byte chooses the layout: 0 detects it as users do, the others
 * force one (JX_LAYOUT_TAB ...), so that every layout adapter is fuzzed on
 * every input, including shapes its detection would never pick.  The seeds
 * are the layout corpus, each with the byte of its own layout.
 */
#include "drive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	drive(data + 1, size - 1, (enum jx_layout)(data[0] % (JX_LAYOUT_LAST_TEXT + 1)));
	return 0;
}
