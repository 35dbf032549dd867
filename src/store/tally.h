/*
 * tally.h: the sums an import adds to the store's kept tallies, held in
 * memory until the backend writes them (sqlite.c: before it deletes
 * anything, and at commit).  One row per (dimension, key) as the table
 * tallies has them, and the rows each form of the import counts its
 * findings in.  Pure C: no backend here.
 */
#ifndef JX_TALLY_H
#define JX_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The columns of a tally after (dim, key), in the table's order. */
enum tally_col {
	TALLY_FORMS, TALLY_MONEY, TALLY_BUDGET, TALLY_EXECUTED, TALLY_BELOW_90, TALLY_DECLARED,
	TALLY_DECLARED_TOTAL, TALLY_RESCORED_TOTAL, TALLY_INFO, TALLY_WARNING, TALLY_ERROR,
	TALLY__N
};

/* The dimensions a form and its findings count in (form_tally's six). */
enum { TALLY_FINDING_DIMS = 6 };

struct tally {
	char *dim, *key;
	int64_t v[TALLY__N];
	bool overflow; /* a sum passed 64 bits: saturated */
	bool dirty;    /* changed since the last tallies_written() */
};

struct tallies;

struct tallies *tallies_new(void);
void tallies_free(struct tallies *t);
/* Forget every row and form (a new import, or a rolled back one). */
void tallies_clear(struct tallies *t);

/* The row of (dim, key), made when new; its index stays valid until
 * tallies_clear(). */
size_t tallies_row(struct tallies *t, const char *dim, const char *key);
/* Add v (TALLY__N values) to row i, saturating. */
void tallies_add(struct tallies *t, size_t i, const int64_t *v);
/* Add one to column c of row i. */
void tallies_inc(struct tallies *t, size_t i, enum tally_col c);

/* The rows a form's findings count in; false if the form is unknown. */
void tallies_set_form(struct tallies *t, long long form_id, const size_t rows[TALLY_FINDING_DIMS]);
bool tallies_form(const struct tallies *t, long long form_id, size_t rows[TALLY_FINDING_DIMS]);

size_t tallies_count(const struct tallies *t);
struct tally *tallies_at(struct tallies *t, size_t i);
/* After the changed rows were written: their sums start again from 0. */
void tallies_written(struct tallies *t);

#endif
