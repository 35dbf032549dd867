/*
 * embed.h: a data file compiled into the library (scripts/embed-data.sh
 * writes the arrays): the shipped scoring profiles (profile.h) and the form
 * templates with their lexicon (grid.h), so that nothing is read from disk
 * at run time.
 */
#ifndef JX_EMBED_H
#define JX_EMBED_H

#include <stddef.h>

struct shipped_file {
	const char *name; /* the file's name without its extension */
	const char *text;
	size_t len;
};

#endif
