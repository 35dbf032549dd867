/*
 * json.c: forms in the JSON of the check contract (README, "JSON"), read
 * with Debian's json-c, which keeps each number's text as written, so
 * 655.3146 stays exactly 655.3146 (no binary floating point between).
 *
 * Accepted: check's whole output ({"forms": [...], "findings": [...]}), an
 * array of forms, or one form object.  Read: the fields a form declares
 * (units, project, funds in 万元, the execution's weight and declared rate
 * and score, goals, indicators, the total row, closing texts); jixiao's own
 * results (score, rate, method, grade, sum) are output and not read.  A
 * form keeps the lines its JSON records ("line" of the form and of each
 * indicator: where the form was in its original source); a form without
 * them gets its position in the JSON (the k-th form, line k).
 */
#include "arena.h"
#include "dec.h"
#include "input.h"
#include "model.h"
#include "text.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "banned.h"

enum { JSON_MAX_DEPTH = 32 };

struct jr {
	struct arena *a;
	struct input_error *err;
	size_t form; /* 1-based, for messages */
};

static json_object *key(json_object *o, const char *k)
{
	json_object *v = NULL;
	return o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, k, &v)
		       ? v
		       : NULL;
}

/* A field as cell text: a string as it is, a number as written (an
 * exponent spelt out), null or absent as empty.  Anything else is an
 * error naming the field. */
static const char *text(struct jr *jr, json_object *o, const char *k)
{
	json_object *v = key(o, k);
	if (!v)
		return "";
	switch (json_object_get_type(v)) {
	case json_type_string: /* a mark in the text is not one (input.h) */
		return strip_marks(arena_strdup(jr->a, json_object_get_string(v)));
	case json_type_int: {
		/* json-c clamps integers beyond 64 bits; past 2^53 no amount,
		 * score or year is meant, and the text may already be changed */
		int64_t i = json_object_get_int64(v);
		if (i > (INT64_C(1) << 53) || i < -(INT64_C(1) << 53)) {
			input_fail(jr->err, 0, "第 %zu 张表的「%s」数字过大，无法精确读取", jr->form, k);
			return "";
		}
		return arena_strdup(jr->a, json_object_get_string(v));
	}
	case json_type_double: {
		const char *s = json_object_get_string(v);
		if (!strpbrk(s, "eE"))
			return arena_strdup(jr->a, s);
		char buf[64];
		sheet_number(strtod(s, NULL), NF_GENERAL, false, buf, sizeof buf);
		return arena_strdup(jr->a, buf);
	}
	default:
		input_fail(jr->err, 0, "第 %zu 张表的「%s」应为文字或数字", jr->form, k);
		return "";
	}
}

/* A declared rate: the contract gives a fraction (0.9903); the form
 * prints a percentage (99.03%). */
static const char *rate(struct jr *jr, json_object *o, const char *k)
{
	const char *s = text(jr, o, k);
	struct dec d;
	if (!*s || !dec_parse(s, &d) || !dec_shift(d, 2, &d))
		return s;
	char buf[64];
	dec_format(d, buf, sizeof buf);
	return arena_printf(jr->a, "%s%%", buf);
}

static unsigned long line_of(json_object *o, unsigned long dflt)
{
	json_object *v = key(o, "line");
	if (v && json_object_is_type(v, json_type_int)) {
		int64_t l = json_object_get_int64(v);
		if (l > 0 && l < 1000000000)
			return (unsigned long)l;
	}
	return dflt;
}

/* Does o's list `list` ("unread", "absent") name the field `name`? */
static bool listed(json_object *o, const char *list, const char *name)
{
	json_object *u = key(o, list);
	if (!u || !json_object_is_type(u, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(u); i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(u, i));
		if (s && !strcmp(s, name))
			return true;
	}
	return false;
}

/* An empty field the JSON lists under "unread" (render/json.c) is read
 * back as unread, not as empty; a value is a value whatever the list says. */
static const char *unread_or(json_object *o, const char *name, const char *v)
{
	return !*v && listed(o, "unread", name) ? UNREAD_CELL : v;
}

/* … and one it lists under "absent" as a cell the form does not have. */
static const char *absent_or(json_object *o, const char *name, const char *v)
{
	return !*v && listed(o, "absent", name) ? ABSENT_CELL : v;
}

/* A numeric field: unread, absent, or its text. */
static const char *num_of(struct jr *jr, json_object *o, const char *name)
{
	return absent_or(o, name, unread_or(o, name, text(jr, o, name)));
}

/* "splits" and "management" (render/json.c), when the form has them. */
static void extras(struct jr *jr, json_object *o, struct flat_form *f)
{
	json_object *sp = key(o, "splits"), *mg = key(o, "management"), *cut = key(o, "splits_cut");
	f->extras_cut = cut && json_object_get_boolean(cut);
	if (sp && json_object_is_type(sp, json_type_array)) {
		size_t n = json_object_array_length(sp);
		f->extras_cut |= n > FLAT_MAX_SPLITS;
		for (size_t i = 0; i < n && f->n_splits < FLAT_MAX_SPLITS; i++) {
			json_object *r = json_object_array_get_idx(sp, i);
			if (!r || !json_object_is_type(r, json_type_object))
				continue;
			struct flat_split *x = &f->splits[f->n_splits++];
			memset(x, 0, sizeof *x);
			x->label = text(jr, r, "label");
			json_object *g = key(r, "group"), *h = key(r, "heading");
			x->group = g && json_object_is_type(g, json_type_int) ? (int)json_object_get_int(g) : 1;
			if (x->group < 1 || x->group > 3)
				x->group = 1;
			x->heading = h && json_object_get_boolean(h);
			x->line = line_of(r, f->line);
			x->initial = num_of(jr, r, "initial");
			x->budget = num_of(jr, r, "budget");
			x->executed = num_of(jr, r, "executed");
			x->weight = num_of(jr, r, "weight");
			x->rate = absent_or(r, "declared_rate", unread_or(r, "declared_rate", rate(jr, r, "declared_rate")));
			x->score = num_of(jr, r, "declared_score");
		}
	}
	if (mg && json_object_is_type(mg, json_type_array)) {
		f->has_mgmt = true;
		size_t n = json_object_array_length(mg);
		f->extras_cut |= n > FLAT_MAX_MGMT;
		for (size_t i = 0; i < n && f->n_mgmt < FLAT_MAX_MGMT; i++) {
			json_object *r = json_object_array_get_idx(mg, i);
			if (!r || !json_object_is_type(r, json_type_object))
				continue;
			struct flat_mgmt *m = &f->mgmt[f->n_mgmt++];
			m->label = text(jr, r, "label");
			m->line = line_of(r, f->line);
			m->text = text(jr, r, "text");
			m->problem = text(jr, r, "problem");
		}
	}
}

static void funds(struct jr *jr, json_object *o, struct flat_form *f)
{
	json_object *fs = key(o, "funds"), *ex = key(o, "execution");
	for (int k = 0; k < FLAT_FUNDS; k++) {
		json_object *r = key(fs, fund_id((enum fund_kind)k));
		if (!r || !json_object_is_type(r, json_type_object))
			continue;
		struct flat_fund *fr = &f->funds[k];
		fr->present = true;
		fr->initial = unread_or(r, "initial", text(jr, r, "initial"));
		fr->budget = unread_or(r, "budget", text(jr, r, "budget"));
		fr->executed = unread_or(r, "executed", text(jr, r, "executed"));
		fr->rate = unread_or(r, "declared_rate", rate(jr, r, "declared_rate"));
		if (k && key(r, "weight")) /* a 其中 row's repeated 分值 / 得分 */
			fr->weight = num_of(jr, r, "weight");
		if (k && key(r, "declared_score"))
			fr->score = num_of(jr, r, "declared_score");
	}
	if (ex && f->funds[0].present) {
		f->funds[0].weight = num_of(jr, ex, "weight");
		f->funds[0].score = num_of(jr, ex, "declared_score");
		f->funds[0].reason = text(jr, ex, "reason");
	}
}

static void indicators(struct jr *jr, json_object *o, struct flat_form *f)
{
	json_object *arr = key(o, "indicators");
	if (!arr)
		return;
	if (!json_object_is_type(arr, json_type_array)) {
		input_fail(jr->err, 0, "第 %zu 张表的 indicators 应为数组", jr->form);
		return;
	}
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *x = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(x, json_type_object)) {
			input_fail(jr->err, 0, "第 %zu 张表的第 %zu 个指标应为对象", jr->form, i + 1);
			return;
		}
		struct flat_ind *in = flat_add_ind(f, jr->a);
		in->level1 = text(jr, x, "level1");
		in->level2 = text(jr, x, "level2");
		in->name = text(jr, x, "name");
		in->op = text(jr, x, "op");
		in->target = unread_or(x, "target", text(jr, x, "target"));
		in->unit = text(jr, x, "unit");
		in->actual = unread_or(x, "actual", text(jr, x, "actual"));
		in->weight = num_of(jr, x, "weight");
		in->declared = num_of(jr, x, "declared_score");
		in->reason = text(jr, x, "reason");
		in->line = line_of(x, f->line);
	}
}

static void one_form(struct jr *jr, json_object *o, struct part *p)
{
	if (!json_object_is_type(o, json_type_object)) {
		input_fail(jr->err, 0, "第 %zu 张表应为 JSON 对象", jr->form);
		return;
	}
	struct flat_form f = {0};
	f.line = line_of(o, jr->form);
	/* the template it was read by: what its columns lack makes it
	 * unscorable, read back as it was (score.c) */
	json_object *ocr = key(o, "ocr"); /* check's JSON of an OCR'd form */
	f.ocr = ocr && json_object_is_type(ocr, json_type_boolean) && json_object_get_boolean(ocr);
	json_object *tpl = key(o, "template");
	if (tpl && json_object_is_type(tpl, json_type_object) && *text(jr, tpl, "name")) {
		f.template_name = text(jr, tpl, "name");
		if (!flat_template(f.template_name, text(jr, tpl, "fit"), &f.template_fit))
			input_fail(jr->err, 0,
				   "第 %zu 张表的 template 应为表样名（不含空格，不超过 47 字节）和 0 到 1 之间的 fit",
				   jr->form);
	}
	f.year = text(jr, o, "year");
	f.project = unread_or(o, "project", text(jr, o, "project"));
	f.project_code = text(jr, o, "project_code");
	f.department = unread_or(o, "department", text(jr, o, "department"));
	f.implementer = unread_or(o, "implementer", text(jr, o, "implementer"));
	funds(jr, o, &f);
	extras(jr, o, &f);
	json_object *goal = key(o, "goal");
	f.goal_expected = unread_or(goal, "expected", text(jr, goal, "expected"));
	f.goal_actual = unread_or(goal, "actual", text(jr, goal, "actual"));
	f.has_goal = goal && json_object_is_type(goal, json_type_object);
	indicators(jr, o, &f);
	json_object *total = key(o, "total");
	if (total && json_object_is_type(total, json_type_object)) {
		f.total_weight = num_of(jr, total, "weight");
		f.total_declared = num_of(jr, total, "declared");
		/* a 总分 row: a number, or a cell of it unread; both absent, or
		 * both null (a JSON that does not say), is no row */
		bool absent = !strcmp(f.total_weight, ABSENT_CELL) && !strcmp(f.total_declared, ABSENT_CELL);
		f.has_total = !absent && (*f.total_weight || *f.total_declared);
		f.total_line = line_of(total, 0);
	}
	json_object *cl = key(o, "closing");
	f.conclusion = text(jr, cl, "conclusion");
	f.problems = text(jr, cl, "problems");
	f.improvements = text(jr, cl, "improvements");
	f.overview = text(jr, cl, "overview");
	f.notes = text(jr, cl, "notes");
	if (!*f.project && !*jr->err->msg) /* an unread name (the mark) is a name not read, not none */
		input_fail(jr->err, 0, "第 %zu 张表没有 project（项目名称）", jr->form);
	if (!*jr->err->msg)
		flat_keep(p, &f); /* into the model as fields (builder_flat), not as text */
}

/* ---- a stored form's fields (jx_render_form_fields) ------------------------- */

/* A field of a stored form: its text as stored (marks kept out of it: the
 * lists say them), or the reader's mark where the object lists it. */
static const char *field(struct jr *jr, json_object *o, const char *k)
{
	return absent_or(o, k, unread_or(o, k, text(jr, o, k)));
}

/* A member that must be an array (or absent: empty); else the input is refused. */
static size_t array_len(struct jr *jr, json_object *o, const char *k)
{
	json_object *a = key(o, k);
	if (!a)
		return 0;
	if (!json_object_is_type(a, json_type_array)) {
		input_fail(jr->err, 0, "存储的表的 %s 应为数组", k);
		return 0;
	}
	size_t n = json_object_array_length(a);
	for (size_t i = 0; i < n; i++)
		if (!json_object_is_type(json_object_array_get_idx(a, i), json_type_object)) {
			input_fail(jr->err, 0, "存储的表的 %s 第 %zu 项应为对象", k, i + 1);
			return 0;
		}
	return n;
}

/* A stored fund row's amounts (fields.c amounts), a total's or a split's. */
static void stored_amounts(struct jr *jr, json_object *r, const char **initial, const char **budget,
			   const char **executed, const char **weight, const char **rate,
			   const char **score)
{
	*initial = field(jr, r, "initial");
	*budget = field(jr, r, "budget");
	*executed = field(jr, r, "executed");
	*weight = field(jr, r, "weight");
	*rate = field(jr, r, "rate");
	*score = field(jr, r, "score");
}

static void stored_funds(struct jr *jr, json_object *o, struct flat_form *f)
{
	json_object *arr = key(o, "funds");
	size_t n = array_len(jr, o, "funds");
	for (size_t i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(arr, i);
		const char *kind = text(jr, r, "kind");
		int k = 0;
		while (k < FLAT_FUNDS && strcmp(fund_id((enum fund_kind)k), kind) != 0)
			k++;
		if (k == FLAT_FUNDS) {
			input_fail(jr->err, 0, "存储的表中有未知的资金行「%s」", kind);
			return;
		}
		struct flat_fund *fr = &f->funds[k];
		fr->present = true;
		fr->line = line_of(r, f->line);
		stored_amounts(jr, r, &fr->initial, &fr->budget, &fr->executed, &fr->weight, &fr->rate,
			       &fr->score);
		fr->reason = field(jr, r, "reason");
	}
}

/* Split fund rows and 资金管理情况 (fields.c extras). */
static void stored_extras(struct jr *jr, json_object *o, struct flat_form *f)
{
	json_object *cut = key(o, "splits_cut"), *arr = key(o, "splits");
	f->extras_cut = cut && json_object_is_type(cut, json_type_boolean) && json_object_get_boolean(cut);
	size_t n = array_len(jr, o, "splits");
	f->extras_cut |= n > FLAT_MAX_SPLITS;
	for (size_t i = 0; i < n && f->n_splits < FLAT_MAX_SPLITS; i++) {
		json_object *r = json_object_array_get_idx(arr, i), *g = key(r, "group"), *h = key(r, "heading");
		struct flat_split *x = &f->splits[f->n_splits++];
		memset(x, 0, sizeof *x);
		x->label = text(jr, r, "label");
		x->group = g && json_object_is_type(g, json_type_int) ? (int)json_object_get_int(g) : 1;
		if (x->group < 1 || x->group > 3)
			x->group = 1;
		x->heading = h && json_object_is_type(h, json_type_boolean) && json_object_get_boolean(h);
		x->line = line_of(r, f->line);
		stored_amounts(jr, r, &x->initial, &x->budget, &x->executed, &x->weight, &x->rate,
			       &x->score);
	}
	arr = key(o, "management");
	n = array_len(jr, o, "management");
	f->has_mgmt = arr != NULL;
	f->extras_cut |= n > FLAT_MAX_MGMT;
	for (size_t i = 0; i < n && f->n_mgmt < FLAT_MAX_MGMT; i++) {
		json_object *r = json_object_array_get_idx(arr, i);
		struct flat_mgmt *m = &f->mgmt[f->n_mgmt++];
		m->label = text(jr, r, "label");
		m->line = line_of(r, f->line);
		m->text = field(jr, r, "text");
		m->problem = field(jr, r, "problem");
	}
}

/* A stored form's object under k: NULL when absent, or (said) not an object. */
static json_object *stored_object(struct jr *jr, json_object *o, const char *k)
{
	json_object *v = key(o, k);
	if (v && !json_object_is_type(v, json_type_object)) {
		input_fail(jr->err, 0, "存储的表的 %s 应为对象", k);
		return NULL;
	}
	return v;
}

static void stored_form(struct jr *jr, json_object *o, struct part *p)
{
	struct flat_form f = {0};
	f.line = line_of(o, 1);
	f.file = *text(jr, o, "file") ? text(jr, o, "file") : NULL;
	const char *layout = text(jr, o, "layout");
	for (int l = JX_LAYOUT_TAB; l < JX_LAYOUT__COUNT; l++) /* any layout, workbooks too */
		if (!strcmp(jx_layout_name((enum jx_layout)l), layout))
			f.layout = (enum jx_layout)l;
	if (*layout && f.layout == JX_LAYOUT_AUTO)
		input_fail(jr->err, 0, "存储的表的版式「%s」不是 jixiao 的版式", layout);
	json_object *ocr = key(o, "ocr"); /* a stored OCR'd form (fields.c) */
	f.ocr = ocr && json_object_is_type(ocr, json_type_boolean) && json_object_get_boolean(ocr);
	json_object *tpl = key(o, "template");
	if (tpl && !flat_template((f.template_name = text(jr, tpl, "name")), text(jr, tpl, "fit"),
				  &f.template_fit))
		input_fail(jr->err, 0, "存储的表的表样「%s」不正确", f.template_name);
	f.year = text(jr, o, "year");
	f.project = field(jr, o, "project");
	f.project_code = text(jr, o, "project_code");
	f.department = field(jr, o, "department");
	f.implementer = field(jr, o, "implementer");
	f.overview = text(jr, o, "overview");
	stored_funds(jr, o, &f);
	stored_extras(jr, o, &f);
	json_object *goal = stored_object(jr, o, "goal");
	if (goal) {
		f.has_goal = true;
		f.goal_expected = field(jr, goal, "expected");
		f.goal_actual = field(jr, goal, "actual");
	}
	json_object *arr = key(o, "indicators");
	size_t n = array_len(jr, o, "indicators");
	for (size_t i = 0; i < n; i++) {
		json_object *x = json_object_array_get_idx(arr, i);
		struct flat_ind *in = flat_add_ind(&f, jr->a);
		in->level1 = text(jr, x, "level1");
		in->level2 = text(jr, x, "level2");
		in->name = field(jr, x, "name");
		in->op = field(jr, x, "op");
		in->target = field(jr, x, "target");
		in->unit = field(jr, x, "unit");
		in->actual = field(jr, x, "actual");
		in->weight = field(jr, x, "weight");
		in->declared = field(jr, x, "declared");
		in->reason = field(jr, x, "reason");
		in->line = line_of(x, f.line);
	}
	json_object *total = stored_object(jr, o, "total");
	if (total) {
		f.has_total = true;
		f.total_weight = field(jr, total, "weight");
		f.total_declared = field(jr, total, "declared");
		f.total_line = line_of(total, 0);
	}
	f.conclusion = text(jr, o, "conclusion");
	f.problems = text(jr, o, "problems");
	f.improvements = text(jr, o, "improvements");
	f.notes = text(jr, o, "notes");
	if (!*f.project && !*jr->err->msg)
		input_fail(jr->err, 0, "存储的表没有 project（项目名称）");
	if (!*jr->err->msg)
		flat_keep(p, &f);
}

/* A stored form's fields (jx_render_form_fields): "fields" is 1, exactly. */
static bool is_stored(json_object *root)
{
	json_object *v = key(root, "fields");
	return v && json_object_is_type(v, json_type_int) && json_object_get_int64(v) == 1;
}

/* Objects and arrays in <p, n>, outside strings: json-c builds each as a
 * hash table or array of its own (about 1 KB for {}), so a small file of
 * [[[…]]] or {},{},… would take gigabytes; the count is capped first. */
static size_t nests(const char *p, size_t n)
{
	size_t k = 0;
	bool str = false;
	for (size_t i = 0; i < n; i++) {
		if (str) {
			if (p[i] == '\\')
				i++;
			else if (p[i] == '"')
				str = false;
		} else if (p[i] == '"') {
			str = true;
		} else if (p[i] == '{' || p[i] == '[') {
			k++;
		}
	}
	return k;
}

/* ---- the document, one form at a time ---------------------------------------------------- */

/* The end of the JSON value at p[i] (strings, nesting; no validation:
 * json-c parses each value afterwards), or n when it does not end. */
static size_t value_end(const char *p, size_t n, size_t i)
{
	size_t depth = 0;
	bool str = false;
	for (; i < n; i++) {
		char c = p[i];
		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = false;
			if (!str && !depth)
				return i + 1;
		} else if (c == '"') {
			str = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (!depth)
				return i; /* the end of the enclosing one */
			if (!--depth)
				return i + 1;
		} else if (!depth && (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
			return i; /* a number, true, false, null */
		}
	}
	return n;
}

static size_t skip_ws(const char *p, size_t n, size_t i)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	return i;
}

static unsigned long line_at(const char *p, size_t at)
{
	unsigned long line = 1;
	for (size_t i = 0; i < at; i++)
		line += p[i] == '\n';
	return line;
}

/* <p, n> parsed as one JSON value (strict), or NULL with the error in err
 * at its line (base: the offset of p in the file, for the line). */
static json_object *parse_value(const char *file, size_t base, const char *p, size_t n,
				struct input_error *err)
{
	if (nests(p, n) > JSON_MAX_NESTS) {
		input_fail(err, line_at(file, base), "第 %lu 行：JSON 中的对象和数组超过 %d 个，不像自评表，未读取",
			   line_at(file, base), JSON_MAX_NESTS);
		return NULL;
	}
	json_tokener *tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	if (!tok)
		abort();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	json_object *v = n > (size_t)INT32_MAX ? NULL : json_tokener_parse_ex(tok, p, (int)n);
	enum json_tokener_error je = json_tokener_get_error(tok);
	size_t end = skip_ws(p, n, json_tokener_get_parse_end(tok));
	json_tokener_free(tok);
	if (!v || je != json_tokener_success || end < n) {
		unsigned long line = line_at(file, base + (end < n ? end : n));
		input_fail(err, line, "第 %lu 行：JSON 错误：%s", line,
			   je == json_tokener_continue ? "文件在 JSON 结束前就结束了"
			   : je != json_tokener_success ? json_tokener_error_desc(je)
							: "JSON 之后还有其他内容");
		json_object_put(v);
		return NULL;
	}
	return v;
}

/*
 * Where the forms' array is: the document itself ([…]) or the value of
 * its top-level "forms" key ({"forms":[…], …}, check's output).  *at is
 * the offset of its '['; false when the document is neither (one form, a
 * stored form: small, parsed whole).  Keys are compared as written (check
 * writes "forms" plainly).
 */
static bool forms_array(const char *p, size_t n, size_t *at)
{
	size_t i = skip_ws(p, n, 0);
	if (i < n && p[i] == '[') {
		*at = i;
		return true;
	}
	if (i >= n || p[i] != '{')
		return false;
	for (i = skip_ws(p, n, i + 1); i < n && p[i] == '"';) {
		size_t k = value_end(p, n, i); /* the key */
		bool forms = k - i == 7 && !memcmp(p + i, "\"forms\"", 7);
		i = skip_ws(p, n, k);
		if (i >= n || p[i] != ':')
			return false;
		i = skip_ws(p, n, i + 1);
		if (forms) {
			*at = i;
			return i < n && p[i] == '[';
		}
		i = skip_ws(p, n, value_end(p, n, i));
		if (i < n && p[i] == ',')
			i = skip_ws(p, n, i + 1);
	}
	return false;
}

/*
 * A document mapped from its file (reader.c, json_map) is read front to
 * back; the pages behind the cursor are given back as it goes
 * (MADV_DONTNEED: a later read faults them in again from the page cache),
 * so that resident memory is a window of the file, not all of it, however
 * long the file.  For a document in memory (mapped false) it does nothing.
 */
struct behind {
	const char *base; /* the mapping's start */
	bool mapped;
	size_t done;      /* bytes given back so far, a multiple of the page */
};

static void give_back(struct behind *b, size_t upto)
{
	if (!b->mapped)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t end = upto / page * page;
	if (end < b->done + (size_t)(4 << 20)) /* in steps of 4 MB: few system calls */
		return;
	(void)madvise((void *)(b->base + b->done), end - b->done, MADV_DONTNEED);
	b->done = end;
}

/*
 * The forms of the array at p[at], checked: each element parsed and read on
 * its own and dropped, so that memory holds one form's objects at a time
 * (json-c takes about 8 times a document's size), never the whole
 * document's.  The forms are read again, one at a time, as the reader
 * asks for them (json_stream_next): a file with any error gives no form.
 */
static bool each_form(struct jr *jr, struct part *p, const char *d, size_t n, size_t at,
		      struct behind *bk, size_t *end)
{
	size_t i = skip_ws(d, n, at + 1);
	bool first = true;
	while (i < n && d[i] != ']' && !*jr->err->msg) {
		if (!first) {
			if (d[i] != ',')
				break;
			i = skip_ws(d, n, i + 1);
		}
		first = false;
		/* no cap on the number of forms: none is kept (FLAT_MAX_FORMS is CSV's) */
		if (i >= n)
			break; /* said below: the file ends */
		if (d[i] == ']' || d[i] == ',') {
			unsigned long line = line_at(d, i);
			input_fail(jr->err, line, "第 %lu 行：JSON 错误：表的数组中多了逗号", line);
			return false;
		}
		size_t e = value_end(d, n, i);
		json_object *o = parse_value(d, i, d + i, e - i, jr->err);
		if (!o)
			return false;
		jr->form++;
		one_form(jr, o, p);
		json_object_put(o);
		part_drop_flat(p);
		arena_free(jr->a); /* the form's texts: none kept */
		jr->a = arena_new();
		i = skip_ws(d, n, e);
		give_back(bk, i);
	}
	if (*jr->err->msg)
		return false;
	if (i >= n || d[i] != ']') {
		unsigned long line = line_at(d, i < n ? i : n);
		input_fail(jr->err, line, "第 %lu 行：JSON 错误：%s", line,
			   i >= n ? "文件在 JSON 结束前就结束了" : "表的数组中缺少逗号或右方括号");
		return false;
	}
	*end = i + 1;
	return true;
}

/* The length of the JSON number at p[0, n) (RFC 8259's grammar), 0 when none. */
static size_t number_len(const char *p, size_t n)
{
	size_t i = 0, k;
	if (i < n && p[i] == '-')
		i++;
	if (i < n && p[i] == '0')
		i++;
	else if (i < n && p[i] >= '1' && p[i] <= '9')
		while (i < n && p[i] >= '0' && p[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && p[i] == '.') {
		for (k = ++i; i < n && p[i] >= '0' && p[i] <= '9';)
			i++;
		if (i == k)
			return 0;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		if (++i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		for (k = i; i < n && p[i] >= '0' && p[i] <= '9';)
			i++;
		if (i == k)
			return 0;
	}
	return i;
}

/*
 * Whether d[i, e) is one JSON value, dropped at once.  Objects, arrays and
 * strings are parsed by json-c; a scalar (number, true, false, null) is
 * checked here, since json-c waits for more after a scalar that ends its
 * input and gives NULL for null.  On false the error is in err.
 */
static bool valid_value(const char *d, size_t n, size_t i, size_t e, struct input_error *err)
{
	if (e > i && (d[i] == '{' || d[i] == '[' || d[i] == '"')) {
		json_object *v = parse_value(d, i, d + i, e - i, err);
		json_object_put(v);
		return v != NULL;
	}
	size_t len = e - i;
	if (len && ((len == 4 && (!memcmp(d + i, "true", 4) || !memcmp(d + i, "null", 4))) ||
		    (len == 5 && !memcmp(d + i, "false", 5)) || number_len(d + i, len) == len))
		return true;
	unsigned long line = line_at(d, i < n ? i : n);
	input_fail(err, line, "第 %lu 行：JSON 错误：%s", line, len ? "不是 JSON 的值" : "缺少值");
	return false;
}

/* The elements of the array at d[at] (its '['), each parsed on its own
 * and dropped; the offset after its ']', or 0 with the error in err. */
static size_t each_element(const char *d, size_t n, size_t at, struct behind *bk,
			   struct input_error *err)
{
	size_t i = skip_ws(d, n, at + 1);
	for (bool first = true; i < n && d[i] != ']'; first = false) {
		if (!first) {
			if (d[i] != ',')
				break;
			i = skip_ws(d, n, i + 1);
		}
		size_t e = value_end(d, n, i);
		if (e == i && i < n && (d[i] == ',' || d[i] == ']')) {
			unsigned long line = line_at(d, i);
			input_fail(err, line, "第 %lu 行：JSON 错误：数组中多了逗号", line);
			return 0;
		}
		if (!valid_value(d, n, i, e, err))
			return 0;
		i = skip_ws(d, n, e);
		give_back(bk, i);
	}
	if (i >= n || d[i] != ']') {
		unsigned long line = line_at(d, i < n ? i : n);
		input_fail(err, line, "第 %lu 行：JSON 错误：%s", line,
			   i >= n ? "文件在 JSON 结束前就结束了" : "数组中缺少逗号或右方括号");
		return 0;
	}
	return i + 1;
}

/*
 * The rest of the document, outside the forms' array d[at, at_end) (checked
 * by each_form): it must be JSON as a whole.  The top-level object is walked
 * key by key; an array value (check's findings, as long as the forms) is
 * parsed an element at a time, any other value whole, so that memory holds
 * one element's objects, never the document's.
 */
static bool rest_is_json(const char *d, size_t n, size_t at, size_t at_end, struct behind *bk,
			 struct input_error *err)
{
	size_t i = skip_ws(d, n, 0);
	if (i == at) { /* the document is the array (each_form checks its elements) */
		size_t end = skip_ws(d, n, at_end);
		if (end >= n)
			return true;
		unsigned long line = line_at(d, end);
		input_fail(err, line, "第 %lu 行：JSON 错误：JSON 之后还有其他内容", line);
		return false;
	}
	/* forms_array found the '{' and the "forms" key: the object's members */
	for (i = skip_ws(d, n, i + 1);;) {
		size_t k = value_end(d, n, i);
		json_object *key_v = i < n && d[i] == '"' ? parse_value(d, i, d + i, k - i, err) : NULL;
		if (!key_v) {
			if (!*err->msg) {
				unsigned long line = line_at(d, i < n ? i : n);
				input_fail(err, line, "第 %lu 行：JSON 错误：应为带引号的键", line);
			}
			return false;
		}
		json_object_put(key_v);
		i = skip_ws(d, n, k);
		if (i >= n || d[i] != ':') {
			unsigned long line = line_at(d, i < n ? i : n);
			input_fail(err, line, "第 %lu 行：JSON 错误：键之后缺少冒号", line);
			return false;
		}
		i = skip_ws(d, n, i + 1);
		size_t e;
		if (i == at)
			e = at_end; /* the forms: checked already */
		else if (i < n && d[i] == '[')
			e = each_element(d, n, i, bk, err);
		else {
			e = value_end(d, n, i);
			if (!valid_value(d, n, i, e, err))
				return false;
		}
		if (!e)
			return false;
		i = skip_ws(d, n, e);
		give_back(bk, i);
		if (i < n && d[i] == ',') {
			i = skip_ws(d, n, i + 1);
			continue;
		}
		if (i < n && d[i] == '}' && skip_ws(d, n, i + 1) >= n)
			return true;
		unsigned long line = line_at(d, i < n ? i : n);
		input_fail(err, line, "第 %lu 行：JSON 错误：%s", line,
			   i >= n ? "文件在 JSON 结束前就结束了"
			   : d[i] == '}' ? "JSON 之后还有其他内容" : "对象中缺少逗号或右花括号");
		return false;
	}
}

struct json_stream {
	char *doc;     /* the whole input, owned (a BOM at its start skipped) */
	size_t doc_n;  /* its length, for munmap */
	const char *d; /* the document in it */
	size_t n;
	size_t next;   /* where the next form (or the array's end) starts */
	size_t form;   /* forms read */
	struct behind bk;
};

void json_doc_free(char *doc, size_t n, bool mapped)
{
	if (mapped && doc)
		munmap(doc, n ? n : 1);
	else
		free(doc);
}

void json_stream_free(struct json_stream *js)
{
	if (!js)
		return;
	json_doc_free(js->doc, js->doc_n, js->bk.mapped);
	free(js);
}

bool json_stream_next(struct part *p)
{
	struct json_stream *js = p->js;
	part_drop_flat(p);
	if (!js)
		return false;
	size_t i = skip_ws(js->d, js->n, js->next);
	if (js->form && i < js->n && js->d[i] == ',')
		i = skip_ws(js->d, js->n, i + 1);
	if (i >= js->n || js->d[i] == ']')
		return false;
	size_t e = value_end(js->d, js->n, i);
	struct input_error err = {0};
	struct jr jr = {.a = arena_new(), .err = &err, .form = js->form + 1};
	json_object *o = parse_value(js->d, i, js->d + i, e - i, &err);
	if (o) /* checked before (each_form): it reads as it did */
		one_form(&jr, o, p);
	json_object_put(o);
	arena_free(jr.a);
	js->form++;
	js->next = e;
	give_back(&js->bk, e);
	return p->nflat > 0;
}

bool json_parts(struct jx_ctx *ctx, char **buf, size_t n, bool mapped, const char *name,
		struct parts *out, struct input_error *err)
{
	(void)ctx;
	const char *data = *buf;
	size_t doc_n = n, off = utf8_bom(data, n), at;
	data += off;
	n -= off;
	struct jr jr = {.a = arena_new(), .err = err};
	struct part *p = parts_add(out, name, JX_LAYOUT_JSON);
	p->marks = true; /* "unread" lists come back as UNREAD_CELL */
	if (forms_array(data, n, &at)) {
		struct behind check = {*buf, mapped, 0};
		size_t at_end;
		if (each_form(&jr, p, data, n, at, &check, &at_end)) {
			check.done = 0; /* the pages before the forms again */
			rest_is_json(data, n, at, at_end, &check, err);
		}
		arena_free(jr.a);
		if (*err->msg)
			return false;
		/* checked whole: now read a form at a time, the input kept */
		p->js = xmalloc(sizeof *p->js);
		*p->js = (struct json_stream){*buf, doc_n, data, n, at + 1, 0, {*buf, mapped, 0}};
		*buf = NULL;
		json_stream_next(p);
		return true;
	}
	if (n > (size_t)INPUT_MAX_BYTES) { /* parsed whole by json-c: the cap of a whole input */
		arena_free(jr.a);
		input_fail(err, 0, "文件超过 %d MB，未读取", INPUT_MAX_BYTES >> 20);
		return false;
	}
	json_object *root = parse_value(data, 0, data, n, err);
	if (!root) {
		arena_free(jr.a);
		return false;
	}
	if (is_stored(root)) { /* a stored form (jx_render_form_fields) */
		jr.form = 1;
		stored_form(&jr, root, p);
	} else if (json_object_is_type(root, json_type_object) && key(root, "project")) {
		jr.form = 1;
		one_form(&jr, root, p);
	} else {
		input_fail(err, 0, "JSON 中没有自评表：应为 check --format json 的输出、表的数组或一张表");
	}
	arena_free(jr.a);
	json_object_put(root);
	return !*err->msg;
}
