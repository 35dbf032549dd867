/*
 * csv.c: the CSV that `render --format csv` writes (one row per indicator,
 * the form's fields repeated on each row; src/render/csv.c), as Excel
 * saves it again: UTF-8 with or without a byte-order mark, or GBK (Excel
 * on Chinese Windows), CRLF or LF, columns in any order (found by the
 * header's names; unknown columns are ignored).
 *
 * Strict where a clerk's edit could lose data silently: quotes must pair
 * (RFC 4180), every line has the header's number of fields, and the rows
 * of one form (same file, form_line, year, units, project) must agree on
 * every form-level field.  Any of these refuses the file with its line.
 * The rescored columns (rate, exec_score, total_score, grade, score,
 * method, profile) are jixiao's output and are not read.
 */
#include "arena.h"
#include "input.h"
#include "model.h"
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

enum { FIELD_MAX_BYTES = 1 << 20 };

/* The columns read, by header name. */
enum col {
	C_FILE, C_FORM_LINE, C_YEAR, C_DEPARTMENT, C_IMPLEMENTER, C_PROJECT, C_PROJECT_CODE,
	C_BUDGET, C_EXECUTED, C_TOTAL_DECLARED, C_LINE, C_LEVEL1, C_LEVEL2, C_NAME, C_OP,
	C_TARGET, C_UNIT, C_ACTUAL, C_WEIGHT, C_DECLARED, C_REASON, C_FUND_ROWS,
	C_FUND0, /* 6 funds × 7 fields (fund_fields), in model.h order */
	C_GOAL_EXPECTED = C_FUND0 + 6 * 7, C_GOAL_ACTUAL, C_TOTAL_WEIGHT, C_OVERVIEW, C_CONCLUSION,
	C_PROBLEMS, C_IMPROVEMENTS, C_NOTES, C_TEMPLATE, C_TEMPLATE_FIT, C_UNREAD, C_ABSENT, C__N
};

/* The columns that identify a form: rows agreeing on them are one form. */
static const enum col key_cols[] = {C_FILE, C_FORM_LINE, C_YEAR, C_DEPARTMENT, C_IMPLEMENTER,
				    C_PROJECT, C_PROJECT_CODE};

enum { FUND_FIELDS = 7 };
static const char *const fund_fields[FUND_FIELDS] = {"initial_wan", "budget_wan", "executed_wan",
						     "weight",      "rate",       "score",
						     "reason"};

static const char *col_name(struct arena *a, int c)
{
	static const char *const names[] = {
		"file", "form_line", "year", "department", "implementer", "project", "project_code",
		"budget_wan", "executed_wan", "total_declared", "line", "level1", "level2", "name",
		"op", "target", "unit", "actual", "weight", "declared_score", "reason", "fund_rows"};
	static const char *const tail[] = {"goal_expected", "goal_actual", "total_weight", "overview",
					   "conclusion", "problems", "improvements", "notes",
					   "template", "template_fit", "unread", "absent"};
	if (c < C_FUND0)
		return names[c];
	if (c < C_GOAL_EXPECTED)
		return arena_printf(a, "fund_%s_%s",
				    fund_id((enum fund_kind)((c - C_FUND0) / FUND_FIELDS)),
				    fund_fields[(c - C_FUND0) % FUND_FIELDS]);
	return tail[c - C_GOAL_EXPECTED];
}

/* ---- records ------------------------------------------------------------------- */

struct rec {
	unsigned long line; /* where the record starts */
	size_t n;
	char **f;           /* in the arena */
};

struct csv {
	struct arena *a;
	const char *p;
	size_t n, i;
	unsigned long line;
	struct input_error *err;
	struct jx_buf field;
	/* the record being read: its fields' text, NUL-terminated, one
	 * after another in rec, each at off[k]; copied to the arena only
	 * when the record is kept (a blank one costs nothing) */
	struct jx_buf rec;
	size_t off[CSV_MAX_FIELDS];
};

/* The record just read: blank (no field has text: an empty line, or a
 * row of commas that Excel writes for cleared cells)? */
static bool blank_rec(const struct csv *c, size_t nf)
{
	for (size_t k = 0; k < nf; k++)
		if (c->rec.p[c->off[k]])
			return false;
	return true;
}

/* The record just read as r's fields, in the arena. */
static void keep_rec(struct csv *c, struct rec *r)
{
	r->f = arena_alloc(c->a, r->n * sizeof *r->f);
	for (size_t k = 0; k < r->n; k++)
		r->f[k] = strip_marks(arena_strdup(c->a, c->rec.p + c->off[k]));
}

/* The next record that is not blank; false at the end or on an error (err
 * set). */
static bool next_rec(struct csv *c, struct rec *r)
{
again:
	if (c->i >= c->n)
		return false;
	r->line = c->line;
	r->n = 0;
	jx_buf_reset(&c->rec);
	for (;;) { /* one field */
		jx_buf_reset(&c->field);
		bool quoted = c->i < c->n && c->p[c->i] == '"';
		if (quoted) {
			unsigned long opened = c->line;
			c->i++;
			for (;;) {
				if (c->i >= c->n) {
					input_fail(c->err, opened, "第 %lu 行的引号没有闭合（到文件末尾也没有找到配对的 \"）",
						   opened);
					return false;
				}
				char ch = c->p[c->i++];
				if (ch == '"') {
					if (c->i < c->n && c->p[c->i] == '"') {
						c->i++;
						jx_buf_add(&c->field, "\"", 1);
						continue;
					}
					break;
				}
				if (ch == '\n')
					c->line++;
				jx_buf_add(&c->field, &ch, 1);
			}
			if (c->i < c->n && c->p[c->i] != ',' && c->p[c->i] != '\n' &&
			    !(c->p[c->i] == '\r' && (c->i + 1 == c->n || c->p[c->i + 1] == '\n'))) {
				input_fail(c->err, c->line,
					   "第 %lu 行第 %zu 个字段：引号后还有文字（引号不配对）", c->line,
					   r->n + 1);
				return false;
			}
		} else {
			while (c->i < c->n && c->p[c->i] != ',' && c->p[c->i] != '\n') {
				if (c->p[c->i] == '"') {
					input_fail(c->err, c->line,
						   "第 %lu 行第 %zu 个字段：字段中间有引号（引号不配对）",
						   c->line, r->n + 1);
					return false;
				}
				jx_buf_add(&c->field, &c->p[c->i], 1);
				c->i++;
			}
			if (c->field.n && c->field.p[c->field.n - 1] == '\r')
				c->field.p[--c->field.n] = '\0';
		}
		if (c->field.overflow) {
			input_fail(c->err, c->line, "第 %lu 行有字段超过 1 MB，未读取", c->line);
			return false;
		}
		if (r->n == CSV_MAX_FIELDS) {
			input_fail(c->err, r->line, "第 %lu 行超过 %d 个字段，不像 jixiao 的 CSV", r->line,
				   CSV_MAX_FIELDS);
			return false;
		}
		const char *f = c->field.p ? c->field.p : "";
		size_t fn = c->field.n;
		/* render's CSV neutralises text that starts like a formula with
		 * an apostrophe (escape.c); Excel drops it on reading, so do we */
		if (quoted && fn > 1 && f[0] == '\'' && f[1] && strchr("=+-@ ", f[1])) {
			f++;
			fn--;
		}
		c->off[r->n++] = c->rec.n;
		jx_buf_add(&c->rec, f, fn);
		jx_buf_add(&c->rec, "", 1);
		if (c->i < c->n && c->p[c->i] == ',') {
			c->i++;
			continue;
		}
		if (c->i < c->n && c->p[c->i] == '\r')
			c->i++;
		if (c->i < c->n && c->p[c->i] == '\n') {
			c->i++;
			c->line++;
		}
		break;
	}
	if (blank_rec(c, r->n))
		goto again;
	keep_rec(c, r);
	return true;
}

/* ---- encoding ----------------------------------------------------------------------- */

/* <data, n> as UTF-8: as it is, or converted from GBK (GB18030).  NULL on
 * bytes that are neither (err says where). */
static char *to_utf8(const char *data, size_t n, size_t *len, struct input_error *err)
{
	size_t bom = utf8_bom(data, n);
	data += bom;
	n -= bom;
	const char *nul = memchr(data, '\0', n);
	if (nul) { /* text has none: a field would end there unseen */
		unsigned long line = 1;
		for (const char *p = data; p < nul; p++)
			line += *p == '\n';
		input_fail(err, line, "第 %lu 行有 NUL 字节：不是文本文件，无法读取", line);
		return NULL;
	}
	if (utf8_first_invalid(data, n) == n) {
		char *s = xmalloc(n + 1);
		memcpy(s, data, n);
		s[n] = '\0';
		*len = n;
		return s;
	}
	return text_decode(data, n, ENC_GB18030, len, err); /* decode.c */
}

/* ---- any CSV's records (input.h) ------------------------------------------------------ */

bool csv_records(const char *data, size_t n, csv_record_fn *fn, void *ud, struct input_error *err)
{
	size_t len = 0;
	char *text = to_utf8(data, n, &len, err);
	if (!text)
		return false;
	struct csv c = {.a = arena_new(), .p = text, .n = len, .line = 1, .err = err};
	jx_buf_init(&c.field, FIELD_MAX_BYTES);
	jx_buf_init(&c.rec, (size_t)CSV_MAX_FIELDS * (FIELD_MAX_BYTES + 1));
	struct rec r;
	bool ok = true;
	while (ok && next_rec(&c, &r))
		ok = fn(r.line, (const char *const *)r.f, r.n, ud);
	ok = ok && !err->msg[0];
	jx_buf_release(&c.field);
	jx_buf_release(&c.rec);
	arena_free(c.a);
	free(text);
	return ok;
}

/* ---- forms --------------------------------------------------------------------------- */

struct reading {
	struct csv c;
	int at[C__N]; /* the field index of each column, -1 when absent */
	struct part *part;
	struct flat_form form;
	struct rec first; /* the form's first row */
	bool open;
	unsigned long forms; /* begun so far: at most FLAT_MAX_FORMS */
};

static const char *get(const struct reading *rd, const struct rec *r, enum col c)
{
	return rd->at[c] >= 0 ? r->f[rd->at[c]] : "";
}

static bool same_key(const struct reading *rd, const struct rec *a, const struct rec *b)
{
	for (size_t i = 0; i < sizeof key_cols / sizeof key_cols[0]; i++)
		if (strcmp(get(rd, a, key_cols[i]), get(rd, b, key_cols[i])))
			return false;
	return true;
}

/* A form-level column: every row of a form must say the same. */
static bool form_level(enum col c)
{
	return c == C_BUDGET || c == C_EXECUTED || c == C_TOTAL_DECLARED ||
	       (c >= C_FUND_ROWS && c != C_UNREAD && c != C_ABSENT);
}

/* Is `name` one of the space-separated words of `list`? */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *s = list; (s = strstr(s, name)); s += n)
		if ((s == list || s[-1] == ' ') && (s[n] == ' ' || !s[n]))
			return true;
	return false;
}

/*
 * Column c of row r, or the reader's mark (input.h) where the row's
 * unread or absent column names it: an empty cell that was printed and
 * not read, or one the form does not have (render/csv.c, marks()).
 */
static const char *cell(const struct reading *rd, const struct rec *r, enum col c)
{
	const char *v = get(rd, r, c);
	const char *unread = get(rd, r, C_UNREAD), *absent = get(rd, r, C_ABSENT);
	if (*v || (!*unread && !*absent)) /* the lists speak of empty cells only */
		return v;
	const char *name = col_name(rd->c.a, c);
	if (listed(unread, name))
		return UNREAD_CELL;
	if (listed(absent, name))
		return ABSENT_CELL;
	return v;
}

/* The indicator's columns among the markable ones; the others are the form's. */
static bool row_column(const char *w, size_t n)
{
	static const char *const row[] = {"target", "actual", "weight", "declared_score", NULL};
	for (const char *const *k = row; *k; k++)
		if (strlen(*k) == n && !memcmp(*k, w, n))
			return true;
	return false;
}

/* The columns a mark may name: the form's head, amounts, goals, total, and
 * the indicator's values. */
static bool markable(const struct reading *rd, const char *w, size_t n)
{
	static const enum col cols[] = {C_PROJECT, C_DEPARTMENT, C_IMPLEMENTER, C_GOAL_EXPECTED,
					C_GOAL_ACTUAL, C_TOTAL_WEIGHT, C_TOTAL_DECLARED};
	if (row_column(w, n))
		return true;
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		const char *name = col_name(rd->c.a, cols[i]);
		if (strlen(name) == n && !memcmp(name, w, n))
			return true;
	}
	for (int c = C_FUND0; c < C_GOAL_EXPECTED; c++) {
		const char *name = col_name(rd->c.a, c);
		if (strlen(name) == n && !memcmp(name, w, n))
			return true;
	}
	return false;
}

/*
 * Row r's unread and absent lists: every name a column they may name,
 * and the form's names (not the indicator's) the same as on the form's
 * first row, as every form-level field must be.  False (and err) if not.
 */
static bool marks_ok(struct reading *rd, const struct rec *r)
{
	static const enum col lists[] = {C_UNREAD, C_ABSENT};
	for (size_t li = 0; li < 2; li++) {
		struct jx_buf mine, first;
		jx_buf_init(&mine, 0);
		jx_buf_init(&first, 0);
		bool ok = true;
		for (int pass = 0; pass < 2 && ok; pass++) {
			const char *s = get(rd, pass ? &rd->first : r, lists[li]);
			while (*s && ok) {
				size_t n = strcspn(s, " ");
				if (n && !markable(rd, s, n)) {
					input_fail(rd->c.err, r->line, "第 %lu 行 %s 列中的「%.*s」不是可标记的列名",
						   r->line, col_name(rd->c.a, lists[li]), (int)n, s);
					ok = false;
				}
				if (n && !row_column(s, n)) {
					jx_buf_add(pass ? &first : &mine, s, n);
					jx_buf_add(pass ? &first : &mine, " ", 1);
				}
				s += n;
				s += strspn(s, " ");
			}
		}
		if (ok && (mine.n != first.n || (mine.n && memcmp(mine.p, first.p, mine.n)))) {
			input_fail(rd->c.err, r->line,
				   "第 %lu 行 %s 列中表级的列名与本表第 %lu 行的不同：同一张表的每一行，表级字段应相同",
				   r->line, col_name(rd->c.a, lists[li]), rd->first.line);
			ok = false;
		}
		jx_buf_release(&mine);
		jx_buf_release(&first);
		if (!ok)
			return false;
	}
	return true;
}

static bool agrees(struct reading *rd, const struct rec *r)
{
	for (int c = 0; c < C__N; c++)
		if (form_level((enum col)c) && strcmp(get(rd, r, c), get(rd, &rd->first, c))) {
			input_fail(rd->c.err, r->line,
				   "第 %lu 行的 %s「%s」与本表第 %lu 行的「%s」不同：同一张表的每一行，表级字段应相同",
				   r->line, col_name(rd->c.a, c), get(rd, r, c), rd->first.line,
				   get(rd, &rd->first, c));
			return false;
		}
	return true;
}

static void begin_form(struct reading *rd, const struct rec *r)
{
	struct flat_form *f = &rd->form;
	memset(f, 0, sizeof *f);
	rd->first = *r;
	rd->open = true;
	f->line = r->line;
	f->year = get(rd, r, C_YEAR);
	f->project = cell(rd, r, C_PROJECT);
	f->project_code = get(rd, r, C_PROJECT_CODE);
	f->department = cell(rd, r, C_DEPARTMENT);
	f->implementer = cell(rd, r, C_IMPLEMENTER);
	bool listed = rd->at[C_FUND_ROWS] >= 0;
	const char *rows = get(rd, r, C_FUND_ROWS);
	for (int k = 0; k < FLAT_FUNDS; k++) {
		struct flat_fund *fr = &f->funds[k];
		const char *id = fund_id((enum fund_kind)k);
		size_t idn = strlen(id);
		for (const char *s = rows; (s = strstr(s, id)); s += idn)
			if ((s == rows || s[-1] == ' ') && (s[idn] == ' ' || !s[idn]))
				fr->present = true;
		const char **v[FUND_FIELDS] = {&fr->initial, &fr->budget, &fr->executed, &fr->weight,
					       &fr->rate,    &fr->score,  &fr->reason};
		for (int i = 0; i < FUND_FIELDS; i++)
			*v[i] = cell(rd, r, (enum col)(C_FUND0 + FUND_FIELDS * k + i));
	}
	if (!listed) { /* a CSV of the first columns only: the total's amounts */
		f->funds[0].present = true;
		f->funds[0].budget = get(rd, r, C_BUDGET);
		f->funds[0].executed = get(rd, r, C_EXECUTED);
	}
	f->goal_expected = cell(rd, r, C_GOAL_EXPECTED);
	f->goal_actual = cell(rd, r, C_GOAL_ACTUAL);
	f->has_goal = *f->goal_expected || *f->goal_actual;
	f->total_weight = cell(rd, r, C_TOTAL_WEIGHT);
	f->total_declared = cell(rd, r, C_TOTAL_DECLARED);
	f->has_total = (*f->total_weight || *f->total_declared) &&
		       !(!strcmp(f->total_weight, ABSENT_CELL) && !strcmp(f->total_declared, ABSENT_CELL));
	if (*get(rd, r, C_TEMPLATE)) {
		f->template_name = get(rd, r, C_TEMPLATE);
		if (!flat_template(f->template_name, get(rd, r, C_TEMPLATE_FIT), &f->template_fit))
			input_fail(rd->c.err, r->line,
				   "第 %lu 行的 template 应为表样名（不含空格，不超过 47 字节），template_fit 应为 0 到 1 之间的数",
				   r->line);
	}
	f->overview = get(rd, r, C_OVERVIEW);
	f->conclusion = get(rd, r, C_CONCLUSION);
	f->problems = get(rd, r, C_PROBLEMS);
	f->improvements = get(rd, r, C_IMPROVEMENTS);
	f->notes = get(rd, r, C_NOTES);
}

static bool add_indicator(struct reading *rd, const struct rec *r)
{
	static const enum col cols[] = {C_LEVEL1, C_LEVEL2, C_NAME,   C_OP,       C_TARGET,
					C_UNIT,   C_ACTUAL, C_WEIGHT, C_DECLARED, C_REASON};
	bool any = false;
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		any |= *get(rd, r, cols[i]) != '\0';
	if (!any)
		return true; /* the row of a form without indicators */
	if (rd->form.n_ind == FLAT_MAX_INDICATORS) {
		input_fail(rd->c.err, r->line,
			   "第 %lu 行：一张表超过 %d 行绩效指标，不像自评表，未读取", r->line,
			   FLAT_MAX_INDICATORS);
		return false;
	}
	struct flat_ind *in = flat_add_ind(&rd->form, rd->c.a);
	in->level1 = get(rd, r, C_LEVEL1);
	in->level2 = get(rd, r, C_LEVEL2);
	in->name = get(rd, r, C_NAME);
	in->op = get(rd, r, C_OP);
	in->target = cell(rd, r, C_TARGET);
	in->unit = get(rd, r, C_UNIT);
	in->actual = cell(rd, r, C_ACTUAL);
	in->weight = cell(rd, r, C_WEIGHT);
	in->declared = cell(rd, r, C_DECLARED);
	in->reason = get(rd, r, C_REASON);
	in->line = r->line;
	return true;
}

static bool end_form(struct reading *rd)
{
	if (rd->open) /* into the model as fields (builder_flat), not as text */
		flat_keep(rd->part, &rd->form);
	rd->open = false;
	return true;
}

/*
 * A form is written out when its rows end; its rows are then dropped, so
 * that memory holds one form's rows, not the file's: the row that starts
 * the next form moves to a new arena and the old one is freed.
 */
static void next_form_arena(struct reading *rd, struct rec *r)
{
	struct arena *a = arena_new();
	char **f = arena_alloc(a, r->n * sizeof *f);
	for (size_t i = 0; i < r->n; i++)
		f[i] = arena_strdup(a, r->f[i]);
	r->f = f;
	arena_free(rd->c.a);
	rd->c.a = a;
}

static bool read_header(struct reading *rd, const struct rec *h)
{
	for (int c = 0; c < C__N; c++) {
		rd->at[c] = -1;
		const char *name = col_name(rd->c.a, c);
		for (size_t i = 0; i < h->n; i++)
			if (!strcmp(h->f[i], name)) {
				if (rd->at[c] >= 0) {
					input_fail(rd->c.err, h->line, "表头有两列「%s」", name);
					return false;
				}
				rd->at[c] = (int)i;
			}
	}
	if (rd->at[C_PROJECT] < 0 || rd->at[C_NAME] < 0) {
		input_fail(rd->c.err, h->line, "表头缺少 project 或 name 列，不是 jixiao 的 CSV");
		return false;
	}
	return true;
}

/*
 * The records of one form, from where the reading is: 1 when a form was
 * kept into rd->part (the record that starts the next one already read
 * into rd), 0 at the end of the file, -1 on an error (in rd->c.err).
 */
static int read_form(struct reading *rd, size_t nhead)
{
	struct rec r;
	while (next_rec(&rd->c, &r)) {
		if (r.n != nhead) {
			input_fail(rd->c.err, r.line, "第 %lu 行有 %zu 个字段，表头有 %zu 个（引号或逗号不配对？）",
				   r.line, r.n, nhead);
			return -1;
		}
		bool ended = false;
		if (rd->open && !same_key(rd, &rd->first, &r)) {
			end_form(rd);
			next_form_arena(rd, &r);
			ended = true;
		}
		if (!rd->open && ++rd->forms > FLAT_MAX_FORMS) {
			input_fail(rd->c.err, r.line, "第 %lu 行：文件中超过 %d 张表，请分成几个文件", r.line,
				   FLAT_MAX_FORMS);
			return -1;
		}
		if (!rd->open)
			begin_form(rd, &r);
		else if (!agrees(rd, &r))
			return -1;
		if (!marks_ok(rd, &r) || !add_indicator(rd, &r))
			return -1;
		if (ended)
			return 1;
	}
	if (*rd->c.err->msg)
		return -1;
	if (!rd->open)
		return 0;
	end_form(rd);
	return 1;
}

/* A CSV read a form at a time (csv_stream_next), after it was checked whole. */
struct csv_stream {
	char *text; /* the file in UTF-8, owned */
	struct reading rd;
	size_t nhead;
	struct input_error err;
};

void csv_stream_free(struct csv_stream *cs)
{
	if (!cs)
		return;
	jx_buf_release(&cs->rd.c.field);
	jx_buf_release(&cs->rd.c.rec);
	arena_free(cs->rd.c.a);
	free(cs->text);
	free(cs);
}

bool csv_stream_next(struct part *p)
{
	struct csv_stream *cs = p->cs;
	part_drop_flat(p);
	if (!cs)
		return false;
	cs->rd.part = p;
	return read_form(&cs->rd, cs->nhead) == 1;
}

/* The reading at the start of the file's rows (after its header), or false. */
static bool start(struct reading *rd, char *text, size_t len, struct input_error *err,
		  struct rec *h)
{
	*rd = (struct reading){.c = {.a = arena_new(), .p = text, .n = len, .line = 1, .err = err}};
	jx_buf_init(&rd->c.field, FIELD_MAX_BYTES);
	jx_buf_init(&rd->c.rec, (size_t)CSV_MAX_FIELDS * (FIELD_MAX_BYTES + 1));
	return next_rec(&rd->c, h) && read_header(rd, h);
}

/*
 * Two passes: every form read and dropped (a file with any error gives no
 * form), then read again a form at a time as the reader asks: memory holds
 * the file and one form, never every form's fields.
 */
bool csv_parts(struct jx_ctx *ctx, char **buf, size_t n, const char *name,
	       struct parts *out, struct input_error *err)
{
	(void)ctx;
	/* UTF-8 already (the usual case): the reader's buffer is taken, not
	 * copied; GBK is converted into a buffer of its own */
	const char *data = *buf;
	size_t bom = utf8_bom(data, n), len = 0;
	char *own, *text;
	if (!memchr(data + bom, '\0', n - bom) && utf8_first_invalid(data + bom, n - bom) == n - bom) {
		own = *buf;
		*buf = NULL;
		text = own + bom;
		len = n - bom;
	} else if (!(own = text = to_utf8(data, n, &len, err))) {
		return false;
	}
	if (!memchr(text, '\n', len)) /* lines ending in CR alone (old Mac Excel) */
		for (char *p = text; (p = memchr(p, '\r', len - (size_t)(p - text))); p++)
			*p = '\n';
	struct reading rd;
	struct rec h;
	bool ok = start(&rd, text, len, err, &h);
	struct part *p = NULL;
	if (ok) {
		p = parts_add(out, name, JX_LAYOUT_CSV);
		p->marks = true; /* the unread and absent columns come back as marks */
		rd.part = p;
	}
	int k;
	while (ok && (k = read_form(&rd, h.n)) != 0) {
		ok = k > 0;
		part_drop_flat(p); /* checked, dropped */
	}
	ok = ok && !*err->msg;
	size_t nhead = h.n;
	jx_buf_release(&rd.c.field);
	jx_buf_release(&rd.c.rec);
	arena_free(rd.c.a);
	if (!ok) {
		free(own);
		return false;
	}
	struct csv_stream *cs = xmalloc(sizeof *cs);
	cs->text = own;
	cs->nhead = nhead;
	cs->err = (struct input_error){0};
	if (!start(&cs->rd, text, len, &cs->err, &h)) { /* read before: cannot fail */
		csv_stream_free(cs);
		return false;
	}
	p->cs = cs;
	csv_stream_next(p);
	return true;
}
