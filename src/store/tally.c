/*
 * tally.c: an import's sums for the kept tallies (tally.h).  Rows are an
 * array found through an open-addressing hash of "dim\x1fkey"; forms are
 * a second hash from a form's id to the rows its findings count in.  A
 * bureau's import touches thousands of rows and holds one entry per form.
 */
#include "tally.h"
#include "arena.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

struct form_rows {
	long long id; /* 0: an empty slot (ids start at 1) */
	size_t rows[TALLY_FINDING_DIMS];
};

struct tallies {
	struct tally *v;
	size_t n, cap;
	size_t *slot; /* row index + 1, 0 empty; nslot a power of two */
	size_t nslot;
	struct form_rows *forms;
	size_t nforms, form_slots; /* form_slots a power of two, or 0 */
};

static uint64_t hash_key(const char *dim, const char *key)
{
	return text_hash(text_hash(TEXT_HASH_SEED, dim) ^ 0x1f, key);
}

struct tallies *tallies_new(void)
{
	return xcalloc(1, sizeof(struct tallies));
}

void tallies_clear(struct tallies *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].dim);
		free(t->v[i].key);
	}
	t->n = 0;
	if (t->slot)
		memset(t->slot, 0, t->nslot * sizeof *t->slot);
	if (t->forms)
		memset(t->forms, 0, t->form_slots * sizeof *t->forms);
	t->nforms = 0;
}

void tallies_free(struct tallies *t)
{
	if (!t)
		return;
	tallies_clear(t);
	free(t->v);
	free(t->slot);
	free(t->forms);
	free(t);
}

static void rehash_rows(struct tallies *t)
{
	size_t n = t->nslot ? t->nslot * 2 : 256;
	free(t->slot);
	t->slot = xcalloc(n, sizeof *t->slot);
	t->nslot = n;
	for (size_t i = 0; i < t->n; i++) {
		size_t s = hash_key(t->v[i].dim, t->v[i].key) & (n - 1);
		while (t->slot[s])
			s = (s + 1) & (n - 1);
		t->slot[s] = i + 1;
	}
}

size_t tallies_row(struct tallies *t, const char *dim, const char *key)
{
	if ((t->n + 1) * 2 > t->nslot)
		rehash_rows(t);
	size_t s = hash_key(dim, key) & (t->nslot - 1);
	for (; t->slot[s]; s = (s + 1) & (t->nslot - 1)) {
		struct tally *x = &t->v[t->slot[s] - 1];
		if (strcmp(x->dim, dim) == 0 && strcmp(x->key, key) == 0)
			return t->slot[s] - 1;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	t->v[t->n] = (struct tally){.dim = xstrdup(dim), .key = xstrdup(key)};
	t->slot[s] = ++t->n;
	return t->n - 1;
}

void tallies_add(struct tallies *t, size_t i, const int64_t *v)
{
	struct tally *x = &t->v[i];
	for (int c = 0; c < TALLY__N; c++)
		if (__builtin_add_overflow(x->v[c], v[c], &x->v[c])) {
			x->v[c] = v[c] > 0 ? INT64_MAX : INT64_MIN;
			x->overflow = true;
		}
	x->dirty = true;
}

void tallies_inc(struct tallies *t, size_t i, enum tally_col c)
{
	int64_t v[TALLY__N] = {0};
	v[c] = 1;
	tallies_add(t, i, v);
}

static struct form_rows *form_slot(const struct tallies *t, long long id)
{
	size_t s = (size_t)((uint64_t)id * 11400714819323198485ull >> 20) & (t->form_slots - 1);
	while (t->forms[s].id && t->forms[s].id != id)
		s = (s + 1) & (t->form_slots - 1);
	return &t->forms[s];
}

void tallies_set_form(struct tallies *t, long long id, const size_t rows[TALLY_FINDING_DIMS])
{
	if ((t->nforms + 1) * 2 > t->form_slots) {
		struct form_rows *old = t->forms;
		size_t n = t->form_slots;
		t->form_slots = n ? n * 2 : 1024;
		t->forms = xcalloc(t->form_slots, sizeof *t->forms);
		for (size_t i = 0; i < n; i++)
			if (old[i].id)
				*form_slot(t, old[i].id) = old[i];
		free(old);
	}
	struct form_rows *f = form_slot(t, id);
	if (!f->id)
		t->nforms++;
	f->id = id;
	memcpy(f->rows, rows, sizeof f->rows);
}

bool tallies_form(const struct tallies *t, long long id, size_t rows[TALLY_FINDING_DIMS])
{
	if (!t->form_slots)
		return false;
	const struct form_rows *f = form_slot(t, id);
	if (!f->id)
		return false;
	memcpy(rows, f->rows, sizeof f->rows);
	return true;
}

size_t tallies_count(const struct tallies *t)
{
	return t->n;
}

struct tally *tallies_at(struct tallies *t, size_t i)
{
	return &t->v[i];
}

void tallies_written(struct tallies *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].dirty) {
			memset(t->v[i].v, 0, sizeof t->v[i].v);
			t->v[i].overflow = false;
			t->v[i].dirty = false;
		}
}
