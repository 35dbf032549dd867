/*
 * unit.h: a minimal harness for the C unit tests.  Each CHECK is one test
 * case: it prints "ok" or "not ok" with the expression and place, and the
 * binary ends with "N passed, N failed" (tests/run.sh adds them up).
 */
#ifndef JX_UNIT_H
#define JX_UNIT_H

#include <stdio.h>
#include <string.h>

static unsigned long unit_pass, unit_fail;

static inline void unit_report(int ok, const char *what, const char *file, int line)
{
	if (ok) {
		unit_pass++;
	} else {
		unit_fail++;
		printf("not ok - %s (%s:%d)\n", what, file, line);
	}
}

#define CHECK(expr) unit_report(!!(expr), #expr, __FILE__, __LINE__)

/* Compare strings, showing both on failure. */
#define CHECK_STR(got, want)                                                      \
	do {                                                                      \
		const char *g_ = (got), *w_ = (want);                              \
		int ok_ = g_ && strcmp(g_, w_) == 0;                               \
		unit_report(ok_, #got " == \"" #want "\"", __FILE__, __LINE__);    \
		if (!ok_)                                                          \
			printf("    got: \"%s\"\n    want: \"%s\"\n", g_ ? g_ : "(null)", w_); \
	} while (0)

#define CHECK_INT(got, want)                                                      \
	do {                                                                      \
		long long g_ = (long long)(got), w_ = (long long)(want);           \
		unit_report(g_ == w_, #got " == " #want, __FILE__, __LINE__);      \
		if (g_ != w_)                                                      \
			printf("    got: %lld\n    want: %lld\n", g_, w_);           \
	} while (0)

static inline int unit_done(const char *name)
{
	printf("%s: %lu passed, %lu failed\n", name, unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}

#endif
