/*
 * text.h: UTF-8 handling and the normalisation of SPEC §2.
 *
 * The reader keeps two forms of every cell: the original text (for display,
 * trimmed, invalid bytes replaced by U+FFFD so output stays valid UTF-8) and
 * the normalised text used for matching labels and parsing values:
 * full-width ASCII to half-width, NBSP and ideographic space to space, and
 * (for labels and values) every space removed.
 */
#ifndef JX_TEXT_H
#define JX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/*
 * Decode one code point at <p, n>.  Returns its length in bytes (1..4), or 0
 * when the bytes are not valid UTF-8 (overlong, surrogate, truncated); then
 * *cp is U+FFFD and one byte should be skipped.
 */
size_t utf8_decode(const char *p, size_t n, uint32_t *cp);
/* Offset of the first invalid byte, or n when all of <p, n> is valid. */
size_t utf8_first_invalid(const char *p, size_t n);

/* Original text: trimmed of ASCII/NBSP/ideographic spaces, invalid bytes -> U+FFFD. */
char *text_display(struct arena *a, const char *p, size_t n);
/* Normalised text (see above); drop_spaces removes every space. */
char *text_norm(struct arena *a, const char *p, size_t n, bool drop_spaces);

bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);
bool str_has(const char *s, const char *needle);
/* True when s is one of the NULL-terminated list. */
bool str_in(const char *s, const char *const *list);
/* True when s contains any of the NULL-terminated list. */
bool str_has_any(const char *s, const char *const *list);

#endif
