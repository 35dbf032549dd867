/*
 * sqlite.c: the SQLite backend of the store (store.h), the default.
 *
 * Schema (version 1; README "数据库" documents it for users):
 *   meta        key/value; schema_version
 *   imports     one row per imported file: file, profile, time
 *   forms       one row per form, unique by (year, 主管部门, 实施单位,
 *               项目名称) normalised; amounts in fen and scores in
 *               centi-points as INTEGER (exact), the whole form as JSON
 *   funds       fund rows of a form (年度资金总额, 当年财政拨款, …)
 *   indicators  indicators of a form, printed and normalised values
 *   findings    findings of an import, attached to a form where they
 *               concern one
 *   history     every replaced version of a form: its JSON and its
 *               findings as JSON, and the import that replaced it
 *
 * The database runs in WAL mode, so readers (summary, list) see the last
 * commit while an import writes; an import is one transaction, so a
 * killed import leaves the database as it was (SQLite's rollback on the
 * next open).  Migrations are SQL scripts applied in order inside one
 * transaction, each raising schema_version by one.
 */
#include "store.h"
#include "arena.h"
#include "model.h"
#include "profile.h"
#include "score.h"
#include "tally.h"
#include "text.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How tallies are kept (migration 5).  What a form adds is its rows of
 * form_tally; a fund row's, its row of fund_tally; a finding of a form
 * counts one in each of the form's rows (all, unit, year, grade, rate
 * and score band).
 *  - Rows jixiao inserts are summed by the store during an import (in
 *    memory, tally.c, the sums read back from those two views) and added
 *    to tallies before the import deletes anything and at its commit:
 *    triggers on insert cost an import 150 us a form (a dozen statements
 *    per form and its findings), the sum in memory one query.
 *  - Rows deleted, by whatever deletes them, are taken away by the
 *    triggers below: a form before it goes (its findings still there),
 *    a finding while its form exists (those a deleted form's cascade
 *    removes went with the form), a fund row after.  Rows left at 0
 *    forms are not read (sq_tallies) and are removed at an import's commit
 *    (a DELETE per trigger scanned the table for every form replaced).
 * Sums are SQLite integers: one past 64 bits turns the column REAL, which
 * the reader reports as an overflow (jx_summary_group). */
#define TALLY_SUMS                                                                                 \
	"forms, money, budget_fen, executed_fen, below_90, declared, declared_total_c, rescored_total_c"
#define TALLY_UPSERT(sign)                                                                        \
	" ON CONFLICT (dim, key) DO UPDATE SET forms = forms + excluded.forms,"                   \
	" money = money + excluded.money, budget_fen = budget_fen + excluded.budget_fen,"           \
	" executed_fen = executed_fen + excluded.executed_fen, below_90 = below_90 + excluded.below_90," \
	" declared = declared + excluded.declared,"                                                \
	" declared_total_c = declared_total_c + excluded.declared_total_c,"                        \
	" rescored_total_c = rescored_total_c + excluded.rescored_total_c,"                        \
	" info = info + excluded.info, warning = warning + excluded.warning,"                       \
	" error = error + excluded.error;"
#define TALLY_FORM(sign, id)                                                                       \
	"INSERT INTO tallies SELECT dim, key, " sign "forms, " sign "money, " sign "budget_fen, "   \
	sign "executed_fen, " sign "below_90, " sign "declared, " sign "declared_total_c, "          \
	sign "rescored_total_c, " sign "info, " sign "warning, " sign "error"                       \
	" FROM form_tally WHERE id = " id " AND true" TALLY_UPSERT(sign)
#define TALLY_FUND(sign, row)                                                                      \
	"INSERT INTO tallies SELECT 'source', " row ".kind, " sign "1, 0, " sign row ".budget_fen, "  \
	sign "coalesce(" row ".executed_fen, 0), 0, 0, 0, 0, 0, 0, 0"                               \
	" WHERE " row ".kind <> 'total' AND " row ".budget_fen IS NOT NULL" TALLY_UPSERT(sign)
/* One statement per dimension, its key looked up by the form's rowid (an
 * IN over form_tally built a temporary table per finding: 1 ms each). */
#define TALLY_FINDING_IN(sign, row, dim, col)                                                      \
	"UPDATE tallies SET info = info " sign " (" row ".severity = 'info'),"                        \
	" warning = warning " sign " (" row ".severity = 'warning'),"                                 \
	" error = error " sign " (" row ".severity = 'error')"                                        \
	" WHERE dim = '" dim "' AND key = (SELECT " col " FROM form_adds WHERE id = " row ".form_id);"
#define TALLY_FINDING(sign, row)                                                                   \
	TALLY_FINDING_IN(sign, row, "all", "''") TALLY_FINDING_IN(sign, row, "unit", "implementer")  \
	TALLY_FINDING_IN(sign, row, "year", "year") TALLY_FINDING_IN(sign, row, "grade", "grade")    \
	TALLY_FINDING_IN(sign, row, "rate", "rate") TALLY_FINDING_IN(sign, row, "score", "score")
#define TALLY_TRIGGERS                                                                             \
	"CREATE TRIGGER tally_form_out BEFORE DELETE ON forms BEGIN " TALLY_FORM("-", "OLD.id")      \
	" END;"                                                                                      \
	"CREATE TRIGGER tally_fund_out AFTER DELETE ON funds BEGIN " TALLY_FUND("-", "OLD") " END;"  \
	"CREATE TRIGGER tally_finding_out AFTER DELETE ON findings WHEN OLD.form_id IS NOT NULL"     \
	" AND EXISTS (SELECT 1 FROM forms WHERE id = OLD.form_id)"                                   \
	" BEGIN " TALLY_FINDING("-", "OLD") " END;"

/* The tallies summed from the rows (migration 6), by sum(): exact, or an
 * error past 64 bits; then by total() (REAL, the overflow the readers
 * report; its sums below 2^63 are stored as integers, inexact past 2^53
 * only, where no real bureau's fen go). */
#define TALLY_FILL(fn)                                                                             \
	"INSERT INTO tallies SELECT dim, key, sum(forms), sum(money), " fn "(budget_fen),"            \
	" " fn "(executed_fen), sum(below_90), sum(declared), " fn "(declared_total_c),"             \
	" " fn "(rescored_total_c), sum(info), sum(warning), sum(error) FROM form_tally"             \
	" GROUP BY dim, key;"                                                                          \
	"INSERT INTO tallies SELECT dim, key, sum(forms), 0, " fn "(budget_fen), " fn "(executed_fen)," \
	" 0, 0, 0, 0, 0, 0, 0 FROM fund_tally GROUP BY dim, key;"
#define TALLY_FILL_REAL "DELETE FROM tallies;" TALLY_FILL("total")
enum { MIGRATION_FILL = 6 };

/* Each migration is its statements in parts (a C string literal has a
 * length limit), run in order. */
enum { MIGRATION_PARTS = 3 };
static const char *const migrations[][MIGRATION_PARTS] = {
	/* 1 */
	{"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE imports ("
	" id INTEGER PRIMARY KEY, file TEXT NOT NULL, profile TEXT NOT NULL,"
	" imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"
	"CREATE TABLE forms ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT," /* a replaced form's id is never reused */
	" import_id INTEGER NOT NULL REFERENCES imports(id),"
	" year INTEGER NOT NULL,"
	" key_department TEXT NOT NULL, key_implementer TEXT NOT NULL, key_project TEXT NOT NULL,"
	" department TEXT NOT NULL, implementer TEXT NOT NULL, project TEXT NOT NULL,"
	" project_code TEXT, file TEXT NOT NULL, line INTEGER NOT NULL, layout TEXT NOT NULL,"
	" profile TEXT NOT NULL,"
	" budget_fen INTEGER, executed_fen INTEGER,"
	" exec_score_c INTEGER NOT NULL, declared_total_c INTEGER,"
	" sum_c INTEGER NOT NULL, total_c INTEGER NOT NULL, capped INTEGER NOT NULL,"
	" grade TEXT NOT NULL, json TEXT NOT NULL,"
	" UNIQUE (year, key_department, key_implementer, key_project));"
	"CREATE TABLE funds ("
	" form_id INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL, line INTEGER NOT NULL,"
	" initial_fen INTEGER, budget_fen INTEGER, executed_fen INTEGER, declared_rate TEXT,"
	" PRIMARY KEY (form_id, kind));"
	"CREATE TABLE indicators ("
	" form_id INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,"
	" seq INTEGER NOT NULL, line INTEGER NOT NULL,"
	" level1 TEXT NOT NULL, level2 TEXT NOT NULL, name TEXT NOT NULL,"
	" op TEXT, target TEXT NOT NULL, unit TEXT, actual TEXT NOT NULL,"
	" target_norm TEXT NOT NULL, actual_norm TEXT NOT NULL,"
	" weight_c INTEGER, declared_c INTEGER, score_c INTEGER,"
	" method TEXT NOT NULL, reverse INTEGER NOT NULL, reason TEXT,"
	" PRIMARY KEY (form_id, seq));"
	"CREATE TABLE findings ("
	" id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL REFERENCES imports(id),"
	" form_id INTEGER REFERENCES forms(id) ON DELETE CASCADE,"
	" check_id TEXT NOT NULL, severity TEXT NOT NULL, file TEXT NOT NULL,"
	" line INTEGER NOT NULL, project TEXT NOT NULL, message TEXT NOT NULL);"
	"CREATE INDEX findings_form ON findings(form_id);"
	"CREATE INDEX forms_import ON forms(import_id, file, project, line);"
	"CREATE TABLE history ("
	" id INTEGER PRIMARY KEY,"
	" form_id INTEGER NOT NULL, import_id INTEGER NOT NULL,"
	" replaced_by INTEGER NOT NULL REFERENCES imports(id),"
	" year INTEGER NOT NULL, department TEXT NOT NULL, implementer TEXT NOT NULL,"
	" project TEXT NOT NULL, json TEXT NOT NULL, findings_json TEXT NOT NULL,"
	" replaced_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"},
	/* 2: each form's canonical text, and the rules it was scored by, so that
	 * a stored form can be rendered and scored again without its file */
	{"ALTER TABLE forms ADD COLUMN source TEXT;"
	"ALTER TABLE imports ADD COLUMN profile_text TEXT;"},
	/* 3: a replaced version keeps the form's identity as it is matched
	 * (normalised), so that its versions are found whatever the spelling
	 * (信访 津贴, 信訪津貼); rows from before have none and are matched by
	 * their names as written */
	{"ALTER TABLE history ADD COLUMN key_department TEXT;"
	"ALTER TABLE history ADD COLUMN key_implementer TEXT;"
	"ALTER TABLE history ADD COLUMN key_project TEXT;"},
	/* 4: a form's source is its fields (jx_render_form_fields), no longer
	 * its canonical text; rows from before keep theirs, still read.  No
	 * table changes: the version tells an older jixiao it cannot read
	 * these sources, so it refuses the database instead of failing later */
	{"UPDATE meta SET value = value WHERE 0;"},
	/* 5: speed at 100,000 forms (README "数据库").
	 *  - tallies: the overview's sums by unit, year, grade, band of
	 *    execution rate and of total, and fund source, kept by triggers
	 *    on every write, so no page reads every form.  What one form
	 *    adds is the view form_tally, the one definition the triggers
	 *    and the first fill below share;
	 *  - findings counted per form and severity from an index alone;
	 *  - history found by a form's identity through an index, and the
	 *    list's order kept by one, so that a page of it reads that page;
	 *  - history.source: a replaced version's fields, so that its JSON
	 *    can be derived like a stored form's (forms.json is '' for rows
	 *    written from this version on: derived from source on reading) */
	{"DROP INDEX findings_form;"
	"CREATE INDEX findings_form ON findings(form_id, severity);"
	"ALTER TABLE history ADD COLUMN source BLOB;"
	"CREATE INDEX history_key ON history(year, key_project, key_implementer, key_department);"
	"CREATE INDEX history_names ON history(year, project, implementer, department);"
	"CREATE INDEX forms_order ON forms(year, implementer, file, line);"
	"CREATE TABLE tallies ("
	" dim TEXT NOT NULL, key TEXT NOT NULL,"
	" forms INTEGER NOT NULL, money INTEGER NOT NULL, budget_fen INTEGER NOT NULL,"
	" executed_fen INTEGER NOT NULL, below_90 INTEGER NOT NULL, declared INTEGER NOT NULL,"
	" declared_total_c INTEGER NOT NULL, rescored_total_c INTEGER NOT NULL,"
	" info INTEGER NOT NULL, warning INTEGER NOT NULL, error INTEGER NOT NULL,"
	" PRIMARY KEY (dim, key)) WITHOUT ROWID;",
	/* one row per dimension a form counts in, with what it adds there
	 * (the sums of jx_store_summary's add_form; the bands' keys here,
	 * their labels in store.c) */
	"CREATE VIEW form_adds AS SELECT id, implementer, CAST(year AS TEXT) AS year, grade,"
	" CASE WHEN NOT m OR budget_fen <= 0 THEN '-'"
	"  WHEN executed_fen * 10 < budget_fen * 6 THEN '1' WHEN executed_fen * 10 < budget_fen * 8 THEN '2'"
	"  WHEN executed_fen * 10 < budget_fen * 9 THEN '3' WHEN executed_fen < budget_fen THEN '4'"
	"  WHEN executed_fen = budget_fen THEN '5' ELSE '6' END AS rate,"
	" CASE WHEN grade = '' THEN '-' WHEN total_c < 6000 THEN '1' WHEN total_c < 7000 THEN '2'"
	"  WHEN total_c < 8000 THEN '3' WHEN total_c < 9000 THEN '4' ELSE '5' END AS score,"
	" 1 AS forms, m AS money,"
	" CASE WHEN m THEN budget_fen ELSE 0 END AS budget_fen,"
	" CASE WHEN m THEN executed_fen ELSE 0 END AS executed_fen,"
	" m AND budget_fen > 0 AND executed_fen * 10 < budget_fen * 9 AS below_90,"
	" declared_total_c IS NOT NULL AS declared, coalesce(declared_total_c, 0) AS declared_total_c,"
	" CASE WHEN declared_total_c IS NULL THEN 0 ELSE total_c END AS rescored_total_c,"
	" (SELECT count(*) FROM findings WHERE form_id = f.id AND severity = 'info') AS info,"
	" (SELECT count(*) FROM findings WHERE form_id = f.id AND severity = 'warning') AS warning,"
	" (SELECT count(*) FROM findings WHERE form_id = f.id AND severity = 'error') AS error"
	" FROM (SELECT *, budget_fen IS NOT NULL AND executed_fen IS NOT NULL AS m FROM forms) f;"
	/* one arm per dimension: a compound the planner takes the form's id
	 * into (each arm one rowid lookup), where a join with a table of
	 * dimensions made every trigger build that table anew */
	"CREATE VIEW form_tally AS"
	" SELECT id, 'all' AS dim, '' AS key, " TALLY_SUMS ", info, warning, error FROM form_adds"
	" UNION ALL SELECT id, 'unit', implementer, " TALLY_SUMS ", info, warning, error FROM form_adds"
	" UNION ALL SELECT id, 'year', year, " TALLY_SUMS ", info, warning, error FROM form_adds"
	" UNION ALL SELECT id, 'grade', grade, " TALLY_SUMS ", info, warning, error FROM form_adds"
	" UNION ALL SELECT id, 'rate', rate, " TALLY_SUMS ", info, warning, error FROM form_adds"
	" UNION ALL SELECT id, 'score', score, " TALLY_SUMS ", info, warning, error FROM form_adds;"
	/* what a fund row adds to its source (chart_sources: a budget read) */
	"CREATE VIEW fund_tally AS SELECT form_id, 'source' AS dim, kind AS key, 1 AS forms,"
	" budget_fen, coalesce(executed_fen, 0) AS executed_fen FROM funds"
	" WHERE kind <> 'total' AND budget_fen IS NOT NULL;",
	TALLY_TRIGGERS},
	/* 6: the tallies' first fill (migration 5): exact sums; a database
	 * whose sums pass 64 bits (sum() fails) is filled by TALLY_FILL_REAL */
	{TALLY_FILL("sum")},
	/* 7: a form's source compressed by zstd (pack.c), where 6 deflated it;
	 * no table changes: the version tells an older jixiao, which inflates
	 * only zlib, that it cannot read these sources, so it refuses the
	 * database instead of calling its forms corrupt (found in review) */
	{"UPDATE meta SET value = value WHERE 0;"},
	/* 8: a bureau's server (issue 19, accounts.c, auditlog.c): the
	 * registry of units (keyed by the normalised name, as forms'
	 * key_implementer), accounts and their scopes (units, or 主管部门
	 * for a department account), sessions (by the hash of their token;
	 * times in seconds since 1970), and the audit log, which triggers
	 * keep append-only */
	{"CREATE TABLE units (key TEXT PRIMARY KEY, name TEXT NOT NULL, department TEXT NOT NULL,"
	" key_department TEXT NOT NULL, code TEXT);"
	"CREATE INDEX units_department ON units(key_department, key);"
	"CREATE TABLE accounts (id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL, role TEXT NOT NULL, password TEXT NOT NULL,"
	" disabled INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL,"
	" failures INTEGER NOT NULL DEFAULT 0, failed_at INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE account_scope (account_id INTEGER NOT NULL REFERENCES accounts(id),"
	" key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (account_id, key));"
	"CREATE TABLE sessions (id TEXT PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id),"
	" csrf TEXT NOT NULL, created INTEGER NOT NULL, seen INTEGER NOT NULL, address TEXT NOT NULL);"
	"CREATE INDEX sessions_account ON sessions(account_id);"
	"CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, login TEXT NOT NULL,"
	" role TEXT NOT NULL, address TEXT NOT NULL, action TEXT NOT NULL, form_id INTEGER,"
	" detail TEXT, before TEXT, after TEXT);"
	"CREATE INDEX audit_log_form ON audit_log(form_id, id);"
	"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
	" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
	" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"},
	/* 9: the review workflow (workflow.c): each action on a form's
	 * version, and each disposition of a finding, appended and never
	 * changed (a version's state is its last action's to_state) */
	{"CREATE TABLE reviews (id INTEGER PRIMARY KEY, form_id INTEGER NOT NULL,"
	" version INTEGER NOT NULL, action TEXT NOT NULL, from_state TEXT NOT NULL,"
	" to_state TEXT NOT NULL, at TEXT NOT NULL, account_id INTEGER, login TEXT NOT NULL,"
	" role TEXT NOT NULL, opinion TEXT, basis TEXT, conclusion TEXT, reason TEXT,"
	" findings TEXT, score_c INTEGER);"
	"CREATE INDEX reviews_form ON reviews(form_id, version, id);"
	"CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews"
	" BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;"
	"CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews"
	" BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;"
	"CREATE TABLE dispositions (id INTEGER PRIMARY KEY, form_id INTEGER NOT NULL,"
	" version INTEGER NOT NULL, finding_id INTEGER NOT NULL, status TEXT NOT NULL,"
	" reason TEXT, at TEXT NOT NULL, login TEXT NOT NULL, role TEXT NOT NULL);"
	"CREATE INDEX dispositions_finding ON dispositions(form_id, version, finding_id, id);"
	"CREATE TRIGGER dispositions_no_update BEFORE UPDATE ON dispositions"
	" BEGIN SELECT RAISE(ABORT, 'dispositions are append-only'); END;"
	"CREATE TRIGGER dispositions_no_delete BEFORE DELETE ON dispositions"
	" BEGIN SELECT RAISE(ABORT, 'dispositions are append-only'); END;"},
	/* 10: a 复核's scores row by row (JSON: the execution's and each
	 * indicator's, as the reviewer entered them) */
	{"ALTER TABLE reviews ADD COLUMN scores TEXT;"},
	/* 11: tasks 财政 issues (workflow.c): a year's self-evaluation, its
	 * deadline, and the units it is for (none listed: every unit of the
	 * registry) */
	{"CREATE TABLE tasks (id INTEGER PRIMARY KEY, year INTEGER NOT NULL, title TEXT NOT NULL,"
	" deadline TEXT NOT NULL, created TEXT NOT NULL, login TEXT NOT NULL);"
	"CREATE TABLE task_units (task_id INTEGER NOT NULL REFERENCES tasks(id), key TEXT NOT NULL,"
	" name TEXT NOT NULL, PRIMARY KEY (task_id, key));"},
};

enum { SCHEMA_VERSION = sizeof migrations / sizeof migrations[0] };

enum stmt {
	S_IMPORT,
	S_FIND_FORM,
	S_TO_HISTORY,
	S_DELETE_FORM,
	S_INSERT_FORM,
	S_INSERT_FUND,
	S_INSERT_IND,
	S_FORM_OF_FINDING,
	S_INSERT_FINDING,
	S_FORM_ADDS,
	S_FUND_ADDS,
	S_FINDING_ROWS,
	S_TALLY_ADD,
	S__COUNT
};

static const char *const stmt_sql[S__COUNT] = {
	[S_IMPORT] = "INSERT INTO imports (file, profile, profile_text) VALUES (?1, ?2, ?3)",
	[S_FIND_FORM] = "SELECT id, import_id, line FROM forms WHERE year = ?1"
			" AND key_department = ?2 AND key_implementer = ?3 AND key_project = ?4",
	[S_TO_HISTORY] =
		"INSERT INTO history (form_id, import_id, replaced_by, year, department, implementer,"
		" project, json, findings_json, key_department, key_implementer, key_project, source)"
		" SELECT id, import_id, ?2, year, department, implementer, project, json,"
		" (SELECT json_group_array(json_object('id', check_id, 'severity', severity,"
		"   'file', file, 'line', line, 'project', project, 'message', message))"
		"  FROM (SELECT * FROM findings WHERE form_id = ?1 ORDER BY id)),"
		" key_department, key_implementer, key_project, source"
		" FROM forms WHERE id = ?1",
	[S_DELETE_FORM] = "DELETE FROM forms WHERE id = ?1",
	[S_INSERT_FORM] =
		"INSERT INTO forms (import_id, year, key_department, key_implementer, key_project,"
		" department, implementer, project, project_code, file, line, layout, profile,"
		" budget_fen, executed_fen, exec_score_c, declared_total_c, sum_c, total_c, capped,"
		" grade, json, source, id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
		" ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
	[S_INSERT_FUND] = "INSERT INTO funds (form_id, kind, line, initial_fen, budget_fen,"
			  " executed_fen, declared_rate) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_INSERT_IND] =
		"INSERT INTO indicators (form_id, seq, line, level1, level2, name, op, target, unit,"
		" actual, target_norm, actual_norm, weight_c, declared_c, score_c, method, reverse,"
		" reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
		" ?16, ?17, ?18)",
	[S_FORM_OF_FINDING] = "SELECT id FROM forms WHERE import_id = ?1 AND file = ?2"
			      " AND project = ?3 AND line <= ?4 ORDER BY line DESC LIMIT 1",
	[S_INSERT_FINDING] = "INSERT INTO findings (import_id, form_id, check_id, severity, file,"
			     " line, project, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	/* what a form just stored adds to the tallies (the dimensions' keys,
	 * then TALLY_SUMS), and its fund rows' */
	[S_FORM_ADDS] = "SELECT implementer, year, grade, rate, score, " TALLY_SUMS
			" FROM form_adds WHERE id = ?1",
	[S_FUND_ADDS] = "SELECT key, forms, budget_fen, executed_fen FROM fund_tally WHERE form_id = ?1",
	/* the keys of a stored form's finding rows (a form of another import) */
	[S_FINDING_ROWS] = "SELECT implementer, year, grade, rate, score FROM form_adds WHERE id = ?1",
	[S_TALLY_ADD] = "INSERT INTO tallies VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
			" ?13)" TALLY_UPSERT(""),
};

/* Portable statements kept prepared per connection (sql.h); past this many,
 * one is prepared for each use and finalized after it. */
enum { SQ_KEPT = 64 };

struct sq {
	sqlite3 *db;
	int busy_ms; /* how long a write waits for another's lock */
	sqlite3_stmt *st[S__COUNT];
	long long import_id;
	struct tallies *acc; /* this import's sums, not yet in tallies */
	struct {             /* the form last stored by this import (id 0: none) */
		long long id;
		unsigned long line;
		char *file, *project;
	} last;
	/* the portable statements prepared so far (sql.h), by their text's address */
	struct {
		const char *sql;
		sqlite3_stmt *s;
	} kept[SQ_KEPT];
	int nkept;
};

static void forget_last(struct sq *q)
{
	free(q->last.file);
	free(q->last.project);
	memset(&q->last, 0, sizeof q->last);
}

static struct sq *SQ(struct jx_store *st)
{
	return st->impl;
}

static bool db_fail(struct jx_store *st, const char *what)
{
	struct sq *q = SQ(st);
	if (!q || !q->db)
		return store_fail(st, "%s：无法分配内存", what);
	int rc = sqlite3_errcode(q->db) & 0xff;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return store_fail(st, "%s：数据库正被另一个导入写入，等待 %d 秒后仍未释放", what,
				  q->busy_ms / 1000);
	if (rc == SQLITE_READONLY)
		return store_fail(st, "%s：数据库只读（文件或所在目录没有写权限）", what);
	if (rc == SQLITE_CANTOPEN) /* WAL needs its -wal and -shm files beside the database */
		return store_fail(st,
				  "%s：无法打开或创建文件（数据库文件或所在目录没有读写权限，或目录不存在；"
				  "数据库旁要能创建 -wal、-shm 文件）",
				  what);
	if (rc == SQLITE_FULL)
		return store_fail(st, "%s：磁盘已满", what);
	return store_fail(st, "%s：%s", what, sqlite3_errmsg(q->db));
}

static bool exec(struct jx_store *st, const char *sql, const char *what)
{
	char *msg = NULL;
	if (sqlite3_exec(SQ(st)->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return true;
	sqlite3_free(msg);
	return db_fail(st, what); /* a lock, a full disk … said in Chinese */
}

enum { CANNOT_READ = -3, NOT_SQLITE = -2, NOT_OURS = -1 };

/* The schema version: 0 for an empty database, NOT_OURS for a database that
 * is not jixiao's (tables but no version) or whose version is not a number,
 * NOT_SQLITE for a file that is no SQLite database, CANNOT_READ when it
 * could not be read (permissions, a lock: the connection's error says
 * which).  Only reads. */
static int schema_version(sqlite3 *db)
{
	sqlite3_stmt *s;
	int v = NOT_OURS;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &s,
			       NULL) != SQLITE_OK) {
		int rc = sqlite3_errcode(db) & 0xff;
		if (rc == SQLITE_NOTADB)
			return NOT_SQLITE;
		if (rc != SQLITE_ERROR) /* SQLITE_ERROR: no such table */
			return CANNOT_READ;
		/* no meta table: empty, or somebody else's database */
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL) != SQLITE_OK)
			return (sqlite3_errcode(db) & 0xff) == SQLITE_ERROR ? NOT_OURS : CANNOT_READ;
		v = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0 ? 0 : -1;
		sqlite3_finalize(s);
		return v;
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		char *end;
		long n = t ? strtol(t, &end, 10) : 0;
		if (t && *t && !*end && n > 0 && n < 1000000)
			v = (int)n;
	}
	sqlite3_finalize(s);
	/* a meta table with a schema_version is not enough: jixiao's own
	 * tables (there since schema 1) must be there too (a newer version's
	 * database is refused as such, whatever its tables) */
	if (v > 0 && v <= SCHEMA_VERSION && sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
					" AND name IN ('imports', 'forms', 'history', 'findings')",
					-1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) != SQLITE_ROW || sqlite3_column_int(s, 0) != 4)
			v = NOT_OURS;
		sqlite3_finalize(s);
	}
	return v;
}

/* Bring the schema to SCHEMA_VERSION, each step in the one transaction.
 * An up-to-date database is only read: a reader must not wait for the
 * write lock an import holds. */
static bool migrate(struct jx_store *st, bool create)
{
	sqlite3 *db = SQ(st)->db;
	int v = schema_version(db);
	if (v == SCHEMA_VERSION)
		return true;
	if (v < 0)
		return store_fail(st, "这不是 jixiao 的数据库（有别的表，或没有有效的结构版本），不作改动");
	if (v == 0 && !create)
		return store_fail(st, "数据库是空的：先用 jixiao import 导入自评表");
	if (!exec(st, "BEGIN IMMEDIATE", "无法开始迁移"))
		return false;
	v = schema_version(db); /* again, under the lock */
	if (v < 0) {
		exec(st, "ROLLBACK", "回滚");
		return store_fail(st, "这不是 jixiao 的数据库（有别的表，或没有有效的结构版本），不作改动");
	}
	if (v > SCHEMA_VERSION) {
		exec(st, "ROLLBACK", "回滚");
		return store_fail(st, "数据库的结构版本为 %d，本程序只认识到 %d：请使用更新版本的 jixiao", v,
				  SCHEMA_VERSION);
	}
	for (; v < SCHEMA_VERSION; v++) {
		for (int k = 0; k < MIGRATION_PARTS && migrations[v][k]; k++) {
			bool ok = exec(st, migrations[v][k], "升级数据库结构失败");
			if (!ok && v + 1 == MIGRATION_FILL && strstr(st->err, "integer overflow"))
				ok = exec(st, TALLY_FILL_REAL, "升级数据库结构失败");
			if (!ok) {
				exec(st, "ROLLBACK", "回滚");
				return false;
			}
			st->err[0] = '\0';
		}
		char sql[128];
		snprintf(sql, sizeof sql,
			 "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '%d')", v + 1);
		if (!exec(st, sql, "升级数据库结构失败")) {
			exec(st, "ROLLBACK", "回滚");
			return false;
		}
	}
	return exec(st, "COMMIT", "提交数据库结构失败");
}

static void sq_close(struct jx_store *st)
{
	struct sq *q = SQ(st);
	if (!q)
		return;
	for (int i = 0; i < S__COUNT; i++)
		sqlite3_finalize(q->st[i]);
	for (int i = 0; i < q->nkept; i++)
		sqlite3_finalize(q->kept[i].s);
	sqlite3_close(q->db);
	tallies_free(q->acc);
	forget_last(q);
	free(q);
	st->impl = NULL;
}

/* SQLite's memory statistics off: they take a global mutex on every
 * allocation (a tenth of an import's storing thread) and jixiao reads
 * none.  Only before SQLite is first used; a host that used it already
 * keeps its own setting (sqlite3_config then refuses, harmlessly). */
static void sqlite_config(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static bool sq_open(struct jx_store *st, const char *path, bool create)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_config);
	struct sq *q = xcalloc(1, sizeof *q);
	q->acc = tallies_new();
	st->impl = q;
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return store_fail(st, "这是一个目录，不是数据库文件：请给出数据库文件的路径（如 %s/jixiao.db）",
				  path);
	/* NOMUTEX: a jx_store is one thread's at a time (store.h), so the
	 * connection needs no lock of its own around every call (an import
	 * spent a tenth of its storing thread in them) */
	int rc = sqlite3_open_v2(path, &q->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
					 (create ? SQLITE_OPEN_CREATE : 0),
				 NULL);
	if (rc == SQLITE_CANTOPEN && !create)
		return store_fail(st, "数据库不存在（或无法打开）：先用 jixiao import 导入自评表");
	if (rc != SQLITE_OK)
		return db_fail(st, "无法打开");
	q->busy_ms = STORE_BUSY_MS;
	sqlite3_busy_timeout(q->db, STORE_BUSY_MS);
	/* whose database it is, before anything that writes: another
	 * program's file is left exactly as it was (not even switched to WAL) */
	int v = schema_version(q->db);
	if (v == CANNOT_READ)
		return db_fail(st, "无法读取数据库");
	if (v == NOT_SQLITE)
		return store_fail(st, "这个文件不是 SQLite 数据库，不作改动");
	if (v == NOT_OURS)
		return store_fail(st, "这不是 jixiao 的数据库（有别的表，或没有有效的结构版本），不作改动");
	if (v == 0 && !create)
		return store_fail(st, "数据库是空的：先用 jixiao import 导入自评表");
	/* WAL: readers work during an import; NORMAL: a commit survives a killed
	 * process (not a power cut, which loses at most the last commits).  WAL
	 * creates -wal and -shm files beside the database: a directory without
	 * write permission fails here */
	/* cache_size: 16 MB of pages (the default 2 MB made an import of
	 * 10,000 forms read its index pages back from the file again and again) */
	if (sqlite3_exec(q->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
				"PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384;",
			 NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(st, "无法打开数据库");
	if (!migrate(st, create))
		return false;
	for (int i = 0; i < S__COUNT; i++)
		if (sqlite3_prepare_v3(q->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &q->st[i],
				       NULL) != SQLITE_OK)
			return db_fail(st, "准备语句失败");
	return true;
}

/* ---- binding helpers ------------------------------------------------------------- */

static const char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}


/* Not copied (SQLITE_STATIC): every text bound here outlives the
 * statement's use of it — each is stepped and reset (step_done, or a query
 * run to its end) before the form, finding or argument it points into is
 * freed or a local buffer leaves its scope.  An import binds about 150
 * texts a form; copying them was 5% of its storing thread. */
static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

/* A cell's text, or NULL when the cell is not on the form. */
static const char *cell_or_null(const struct cell *c)
{
	return c->col ? c->raw : NULL;
}

static void bind_money(sqlite3_stmt *s, int i, const struct money *m)
{
	if (m->n.state == NUM_OK)
		sqlite3_bind_int64(s, i, m->fen);
	else
		sqlite3_bind_null(s, i);
}

static void bind_centi(sqlite3_stmt *s, int i, const struct num *n)
{
	int64_t c;
	if (num_centi(n, &c))
		sqlite3_bind_int64(s, i, c);
	else
		sqlite3_bind_null(s, i);
}

/* A finding's columns check_id, severity, file, line, project, message
 * from parameter `first` on. */
static void bind_finding(sqlite3_stmt *s, int first, const struct jx_diag *d)
{
	bind_text(s, first, jx_check_name(d->check));
	bind_text(s, first + 1, jx_severity_name(d->severity));
	bind_text(s, first + 2, d->file);
	sqlite3_bind_int64(s, first + 3, (sqlite3_int64)d->line);
	bind_text(s, first + 4, d->project);
	bind_text(s, first + 5, d->message);
}

/* Run a statement with no result rows, then reset it. */
static bool step_done(struct jx_store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE || db_fail(st, what);
}

/* ---- writing ------------------------------------------------------------------------ */

/* ---- the kept tallies: this import's sums ------------------------------------------ */

/* The dimensions of form_tally, in its order (S_FORM_ADDS's keys after "all"). */
static const char *const tally_dims[TALLY_FINDING_DIMS] = {"all", "unit", "year", "grade", "rate", "score"};

/* Add this import's changed sums to the table (before anything deletes, so
 * that a trigger takes away only what is there, and at commit). */
static bool tally_write(struct jx_store *st)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = q->st[S_TALLY_ADD];
	for (size_t i = 0; i < tallies_count(q->acc); i++) {
		const struct tally *x = tallies_at(q->acc, i);
		if (!x->dirty)
			continue;
		bind_text(s, 1, x->dim);
		bind_text(s, 2, x->key);
		for (int c = 0; c < TALLY__N; c++) {
			/* a saturated sum is written REAL: the reader's overflow */
			if (x->overflow && (x->v[c] == INT64_MAX || x->v[c] == INT64_MIN))
				sqlite3_bind_double(s, 3 + c, (double)x->v[c]);
			else
				sqlite3_bind_int64(s, 3 + c, x->v[c]);
		}
		if (!step_done(st, s, "更新汇总失败"))
			return false;
	}
	tallies_written(q->acc);
	return true;
}

/* The form just stored (with its fund rows): its sums, and the rows its
 * findings will count in. */
static bool tally_form(struct jx_store *st, long long id)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = q->st[S_FORM_ADDS];
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		int64_t v[TALLY__N] = {0};
		for (int c = TALLY_FORMS; c <= TALLY_RESCORED_TOTAL; c++)
			v[c] = sqlite3_column_int64(s, 5 + c);
		size_t rows[TALLY_FINDING_DIMS];
		for (int d = 0; d < TALLY_FINDING_DIMS; d++) {
			rows[d] = tallies_row(q->acc, tally_dims[d], d ? col_text(s, d - 1) : "");
			tallies_add(q->acc, rows[d], v);
		}
		tallies_set_form(q->acc, id, rows);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return db_fail(st, "更新汇总失败");
	s = q->st[S_FUND_ADDS];
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t v[TALLY__N] = {0};
		v[TALLY_FORMS] = sqlite3_column_int64(s, 1);
		v[TALLY_BUDGET] = sqlite3_column_int64(s, 2);
		v[TALLY_EXECUTED] = sqlite3_column_int64(s, 3);
		tallies_add(q->acc, tallies_row(q->acc, "source", col_text(s, 0)), v);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE || db_fail(st, "更新汇总失败");
}

/* A finding stored with form `id` (this import's, or an earlier one's). */
static bool tally_finding(struct jx_store *st, long long id, enum jx_severity sev)
{
	struct sq *q = SQ(st);
	size_t rows[TALLY_FINDING_DIMS];
	if (!tallies_form(q->acc, id, rows)) {
		sqlite3_stmt *s = q->st[S_FINDING_ROWS];
		sqlite3_bind_int64(s, 1, id);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			for (int d = 0; d < TALLY_FINDING_DIMS; d++)
				rows[d] = tallies_row(q->acc, tally_dims[d], d ? col_text(s, d - 1) : "");
			tallies_set_form(q->acc, id, rows);
		}
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return true; /* no such form: the finding counts nowhere */
		if (rc != SQLITE_ROW)
			return db_fail(st, "更新汇总失败");
	}
	enum tally_col c = sev == JX_SEV_ERROR ? TALLY_ERROR : sev == JX_SEV_WARNING ? TALLY_WARNING
										      : TALLY_INFO;
	for (int d = 0; d < TALLY_FINDING_DIMS; d++)
		tallies_inc(q->acc, rows[d], c);
	return true;
}

static bool sq_begin(struct jx_store *st, const char *file, const char *profile,
		     const char *profile_text)
{
	struct sq *q = SQ(st);
	if (!exec(st, "BEGIN IMMEDIATE", "无法开始导入"))
		return false;
	sqlite3_stmt *s = q->st[S_IMPORT];
	bind_text(s, 1, file);
	bind_text(s, 2, profile);
	bind_text(s, 3, profile_text);
	if (!step_done(st, s, "记录导入失败")) {
		sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
		return false;
	}
	q->import_id = sqlite3_last_insert_rowid(q->db);
	tallies_clear(q->acc);
	forget_last(q);
	return true;
}

static bool sq_commit(struct jx_store *st)
{
	return tally_write(st) &&
	       exec(st, "DELETE FROM tallies WHERE forms = 0 AND dim <> 'all'", "更新汇总失败") &&
	       exec(st, "COMMIT", "提交导入失败");
}

static void sq_rollback(struct jx_store *st)
{
	tallies_clear(SQ(st)->acc);
	sqlite3_exec(SQ(st)->db, "ROLLBACK", NULL, NULL, NULL);
}

static bool put_funds(struct jx_store *st, long long id, const struct jx_form *f)
{
	sqlite3_stmt *s = SQ(st)->st[S_INSERT_FUND];
	for (int k = 0; k < FUND__COUNT; k++) {
		const struct fund_row *r = &f->funds[k];
		if (!r->present)
			continue;
		char rate[48];
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, fund_id((enum fund_kind)k));
		sqlite3_bind_int64(s, 3, (sqlite3_int64)r->line);
		bind_money(s, 4, &r->initial);
		bind_money(s, 5, &r->budget);
		bind_money(s, 6, &r->executed);
		if (r->rate.state == NUM_OK) {
			dec_format(r->rate.v, rate, sizeof rate);
			bind_text(s, 7, rate);
		}
		if (!step_done(st, s, "写入资金行失败"))
			return false;
	}
	return true;
}

static bool put_indicators(struct jx_store *st, long long id, const struct jx_form *f)
{
	sqlite3_stmt *s = SQ(st)->st[S_INSERT_IND];
	for (size_t i = 0; i < f->n_ind; i++) {
		const struct indicator *in = &f->ind[i];
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)in->line);
		bind_text(s, 4, in->level1);
		bind_text(s, 5, in->level2);
		bind_text(s, 6, in->name.raw);
		bind_text(s, 7, cell_or_null(&in->op_c));
		bind_text(s, 8, in->target_c.raw);
		bind_text(s, 9, cell_or_null(&in->unit_c));
		bind_text(s, 10, in->actual_c.raw);
		bind_text(s, 11, in->target.text ? in->target.text : "");
		bind_text(s, 12, in->actual.text ? in->actual.text : "");
		if (in->na)
			sqlite3_bind_int64(s, 13, 0);
		else
			bind_centi(s, 13, &in->weight);
		bind_centi(s, 14, &in->declared);
		if (in->scored)
			sqlite3_bind_int64(s, 15, in->score_c);
		bind_text(s, 16, method_name(in->method));
		sqlite3_bind_int(s, 17, in->reverse);
		bind_text(s, 18, cell_or_null(&in->reason));
		if (!step_done(st, s, "写入指标失败"))
			return false;
	}
	return true;
}

static bool sq_put_form(struct jx_store *st, const struct jx_form *f, const struct jx_buf *source,
			enum jx_put_result *result)
{
	struct sq *q = SQ(st);
	const char *kd = f->department.norm, *ki = f->implementer.norm, *kp = f->project.norm;
	sqlite3_stmt *s = q->st[S_FIND_FORM];
	sqlite3_bind_int(s, 1, f->year);
	bind_text(s, 2, kd);
	bind_text(s, 3, ki);
	bind_text(s, 4, kp);
	int rc = sqlite3_step(s);
	long long old = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	long long old_import = rc == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
	unsigned long old_line = rc == SQLITE_ROW ? (unsigned long)sqlite3_column_int64(s, 2) : 0;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "查找已存的表失败");
	if (old && old_import == q->import_id) {
		*result = JX_PUT_DUPLICATE;
		store_fail(st, "这张表与第 %lu 行的表是同一张表（年度、主管部门、实施单位、项目名称都相同）",
			   old_line);
		return true;
	}
	*result = old ? JX_PUT_REPLACED : JX_PUT_ADDED;
	st->last_replaced_id = old;
	st->last_replaced_version = old ? old_import : 0;
	if (old) {
		s = q->st[S_TO_HISTORY];
		sqlite3_bind_int64(s, 1, old);
		sqlite3_bind_int64(s, 2, q->import_id);
		if (!step_done(st, s, "把旧版本存入历史失败"))
			return false;
		s = q->st[S_DELETE_FORM];
		sqlite3_bind_int64(s, 1, old);
		if (!tally_write(st) || !step_done(st, s, "删除旧版本失败"))
			return false;
	}
	const struct fund_row *t = &f->funds[FUND_TOTAL];
	int64_t declared;
	s = q->st[S_INSERT_FORM];
	sqlite3_bind_int64(s, 1, q->import_id);
	sqlite3_bind_int(s, 2, f->year);
	bind_text(s, 3, kd);
	bind_text(s, 4, ki);
	bind_text(s, 5, kp);
	bind_text(s, 6, f->department.raw);
	bind_text(s, 7, f->implementer.raw);
	bind_text(s, 8, f->project.raw);
	bind_text(s, 9, cell_or_null(&f->project_code));
	bind_text(s, 10, f->file);
	sqlite3_bind_int64(s, 11, (sqlite3_int64)f->line);
	bind_text(s, 12, jx_layout_name(f->layout));
	bind_text(s, 13, jx_profile_name(f->profile));
	bind_money(s, 14, &t->budget);
	bind_money(s, 15, &t->executed);
	sqlite3_bind_int64(s, 16, f->exec_score_c);
	if (num_centi(&f->total_declared, &declared))
		sqlite3_bind_int64(s, 17, declared);
	sqlite3_bind_int64(s, 18, f->sum_c);
	sqlite3_bind_int64(s, 19, f->total_c);
	sqlite3_bind_int(s, 20, f->capped);
	bind_text(s, 21, f->grade ? f->grade : ""); /* "": unscorable (no grade) */
	bind_text(s, 22, ""); /* the JSON: derived from the source (schema 5) */
	sqlite3_bind_blob(s, 23, source->p, (int)source->n, SQLITE_STATIC);
	/* a new version keeps the form's id: its address (/forms/ID) and the
	 * links to it stay valid across versions; a new form gets a new one */
	if (old)
		sqlite3_bind_int64(s, 24, old);
	else
		sqlite3_bind_null(s, 24);
	if (!step_done(st, s, "写入自评表失败"))
		return false;
	long long id = sqlite3_last_insert_rowid(q->db);
	st->last_form_id = id;
	forget_last(q);
	q->last.id = id;
	q->last.line = f->line;
	q->last.file = xstrdup(f->file ? f->file : "");
	q->last.project = xstrdup(f->project.raw);
	return put_funds(st, id, f) && put_indicators(st, id, f) && tally_form(st, id);
}

static bool sq_put_finding(struct jx_store *st, const struct jx_diag *d, long long form)
{
	struct sq *q = SQ(st);
	/* the form just stored, when the finding is of it: forms come in
	 * line order, so the last one with this file and project at or
	 * before the line is the one the query would find */
	if (!form && q->last.id && d->line >= q->last.line && !strcmp(d->project, q->last.project) &&
	    !strcmp(d->file, q->last.file))
		form = q->last.id;
	if (!form && *d->project) {
		sqlite3_stmt *s = q->st[S_FORM_OF_FINDING];
		sqlite3_bind_int64(s, 1, q->import_id);
		bind_text(s, 2, d->file);
		bind_text(s, 3, d->project);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)d->line);
		if (sqlite3_step(s) == SQLITE_ROW)
			form = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
	sqlite3_stmt *s = q->st[S_INSERT_FINDING];
	sqlite3_bind_int64(s, 1, q->import_id);
	if (form)
		sqlite3_bind_int64(s, 2, form);
	bind_finding(s, 3, d);
	return step_done(st, s, "写入审核发现失败") && (!form || tally_finding(st, form, d->severity));
}

/* Forms whose identity matches a form of import ?3 in year ?4 (or all when ?4 is 0). */
#define OF_THIS_IMPORT                                                                     \
	"(?4 = 0 OR (key_department, key_implementer, key_project) IN"                     \
	" (SELECT key_department, key_implementer, key_project FROM forms"                  \
	"  WHERE import_id = ?3 AND year = ?4))"

static bool sq_drop_findings(struct jx_store *st, int year, int key_year, const char *prefix)
{
	sqlite3_stmt *s;
	if (!tally_write(st))
		return false;
	if (sqlite3_prepare_v2(SQ(st)->db,
			       "DELETE FROM findings WHERE substr(check_id, 1, length(?2)) = ?2"
			       " AND form_id IN (SELECT id FROM forms WHERE year = ?1 AND " OF_THIS_IMPORT ")",
			       -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, "删除旧的跨年度发现失败");
	sqlite3_bind_int(s, 1, year);
	bind_text(s, 2, prefix);
	sqlite3_bind_int64(s, 3, SQ(st)->import_id);
	sqlite3_bind_int(s, 4, key_year);
	bool ok = sqlite3_step(s) == SQLITE_DONE || db_fail(st, "删除旧的跨年度发现失败");
	sqlite3_finalize(s);
	return ok;
}

/* ---- reading ----------------------------------------------------------------------- */

/* The list: one form by its id (its rowid first: behind the ORs the
 * planner scanned every form for it, 10 ms at 100,000), or any other list
 * in the order of forms_order, named because the planner otherwise takes
 * the unique index for the year alone and sorts every form for one page
 * of 500. */
#define LIST_SQL(from, first)                                                                       \
	"SELECT id, year, department, implementer, project, file, line, budget_fen,"                 \
	" executed_fen, declared_total_c, total_c, grade, profile,"                                   \
	" (SELECT count(*) FROM findings WHERE form_id = forms.id AND severity = 'info'),"           \
	" (SELECT count(*) FROM findings WHERE form_id = forms.id AND severity = 'warning'),"        \
	" (SELECT count(*) FROM findings WHERE form_id = forms.id AND severity = 'error'),"          \
	" import_id, (SELECT to_state FROM reviews r WHERE r.form_id = forms.id"                      \
	"  AND r.version = forms.import_id ORDER BY r.id DESC LIMIT 1)"                               \
	" FROM " from " WHERE " first " (?1 = 0 OR year = ?1)"                                        \
	" AND (?2 IS NULL OR project = ?2 OR (?5 AND instr(project, ?2) > 0))"                      \
	" AND (?3 IS NULL OR implementer = ?3 OR (?5 AND instr(implementer, ?3) > 0))"              \
	" AND (?4 = 0 OR id = ?4)"                                                                   \
	" AND (?6 IS NULL OR instr(project, ?6) > 0 OR instr(implementer, ?6) > 0"                  \
	"  OR CAST(year AS TEXT) = ?6 OR grade = ?6)"                                                \
	" AND " SQL_VISIBLE("?9", "forms")                                                           \
	" ORDER BY year, implementer, file, line LIMIT ?7 OFFSET ?8"

static bool sq_list(struct jx_store *st, const struct jx_store_query *qq, jx_store_form_fn *fn,
		    void *ud)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s;
	const char *sql = qq && qq->id ? LIST_SQL("forms", "id = ?4 AND")
				       : LIST_SQL("forms INDEXED BY forms_order", "");
	if (sqlite3_prepare_v2(q->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, "查询失败");
	sqlite3_bind_int(s, 1, qq ? qq->year : 0);
	bind_text(s, 2, qq && qq->project && *qq->project ? qq->project : NULL);
	bind_text(s, 3, qq && qq->unit && *qq->unit ? qq->unit : NULL);
	sqlite3_bind_int64(s, 4, qq ? qq->id : 0);
	sqlite3_bind_int(s, 5, qq && qq->contains);
	bind_text(s, 6, qq && qq->any && *qq->any ? qq->any : NULL);
	sqlite3_bind_int64(s, 7, qq && qq->limit ? (sqlite3_int64)qq->limit : -1);
	sqlite3_bind_int64(s, 8, qq ? (sqlite3_int64)qq->offset : 0);
	sqlite3_bind_int64(s, 9, qq && qq->account ? qq->account : st->scope);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct jx_store_form r = {0};
		r.id = sqlite3_column_int64(s, 0);
		r.s.year = sqlite3_column_int(s, 1);
		r.department = col_text(s, 2);
		r.s.implementer = col_text(s, 3);
		r.s.project = col_text(s, 4);
		r.s.file = col_text(s, 5);
		r.s.line = (unsigned long)sqlite3_column_int64(s, 6);
		r.s.has_budget = sqlite3_column_type(s, 7) != SQLITE_NULL;
		r.s.budget_fen = sqlite3_column_int64(s, 7);
		r.s.has_executed = sqlite3_column_type(s, 8) != SQLITE_NULL;
		r.s.executed_fen = sqlite3_column_int64(s, 8);
		r.s.has_declared_total = sqlite3_column_type(s, 9) != SQLITE_NULL;
		r.s.declared_total_c = sqlite3_column_int64(s, 9);
		r.s.score_total_c = sqlite3_column_int64(s, 10);
		r.s.grade = col_text(s, 11);
		r.profile = col_text(s, 12);
		r.version = sqlite3_column_int64(s, 16);
		const char *state = (const char *)sqlite3_column_text(s, 17);
		enum jx_state es = JX_STATE_DRAFT;
		if (state)
			jx_state_from_name(state, &es);
		r.state = (int)es;
		r.findings[JX_SEV_INFO] = (unsigned long)sqlite3_column_int64(s, 13);
		r.findings[JX_SEV_WARNING] = (unsigned long)sqlite3_column_int64(s, 14);
		r.findings[JX_SEV_ERROR] = (unsigned long)sqlite3_column_int64(s, 15);
		if (fn(&r, ud))
			break;
	}
	bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
	if (!ok)
		db_fail(st, "查询失败");
	sqlite3_finalize(s);
	return ok;
}

static bool sq_findings(struct jx_store *st, long long form_id, jx_diag_fn *fn, void *ud)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(SQ(st)->db,
			       "SELECT check_id, severity, file, line, project, message FROM findings"
			       " WHERE form_id = ?1 ORDER BY id",
			       -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, "查询失败");
	sqlite3_bind_int64(s, 1, form_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct jx_diag d = {0};
		if (!jx_check_from_name(col_text(s, 0), &d.check) ||
		    !jx_severity_from_name(col_text(s, 1), &d.severity))
			continue; /* a check this version does not know */
		d.file = col_text(s, 2);
		d.line = (unsigned long)sqlite3_column_int64(s, 3);
		d.project = col_text(s, 4);
		d.message = col_text(s, 5);
		fn(&d, ud);
	}
	bool ok = rc == SQLITE_DONE || db_fail(st, "查询失败");
	sqlite3_finalize(s);
	return ok;
}

/* A stored source: packed fields (a BLOB, schema 5 on) are unpacked; the
 * TEXT of earlier versions is as it was. */
static bool source_text(struct jx_store *st, sqlite3_stmt *s, int i, struct jx_buf *out)
{
	if (sqlite3_column_type(s, i) != SQLITE_BLOB) {
		jx_buf_puts(out, col_text(s, i));
		return true;
	}
	const void *p = sqlite3_column_blob(s, i);
	size_t n = (size_t)sqlite3_column_bytes(s, i);
	return store_unpack(p, n, out) || store_fail(st, "数据库中的表原文已损坏（无法解压）");
}

/* The JSON of a row: json (columns ij, then its source and profile text):
 * stored by a version before schema 5, else derived from the source. */
static bool row_json(struct jx_store *st, sqlite3_stmt *s, int ij, struct jx_buf *out)
{
	const char *json = col_text(s, ij);
	if (*json)
		return jx_buf_puts(out, json), true;
	struct jx_buf fields;
	jx_buf_init(&fields, 0);
	bool ok = source_text(st, s, ij + 1, &fields) && fields.n &&
		  store_json_of_source(st, fields.p, fields.n, col_text(s, ij + 2), out);
	if (ok || !st->err[0])
		ok = ok || store_fail(st, "数据库中的这张表没有原文");
	jx_buf_release(&fields);
	return ok;
}

/* One form's row (`sql` binds its id as ?1); a missing form names its id. */
static bool form_row(struct jx_store *st, const char *sql, long long form_id, sqlite3_stmt **out)
{
	if (sqlite3_prepare_v2(SQ(st)->db, sql, -1, out, NULL) != SQLITE_OK)
		return db_fail(st, "查询失败");
	sqlite3_bind_int64(*out, 1, form_id);
	int rc = sqlite3_step(*out);
	if (rc == SQLITE_ROW)
		return true;
	bool ok = rc == SQLITE_DONE ? store_fail(st, "没有编号为 %lld 的表", form_id)
				    : db_fail(st, "查询失败");
	sqlite3_finalize(*out);
	*out = NULL;
	return ok;
}

static bool sq_form_json(struct jx_store *st, long long form_id, struct jx_buf *b)
{
	sqlite3_stmt *s;
	if (!form_row(st,
		      "SELECT f.json, f.source, i.profile_text FROM forms f JOIN imports i"
		      " ON i.id = f.import_id WHERE f.id = ?1",
		      form_id, &s))
		return false;
	bool ok = row_json(st, s, 0, b);
	sqlite3_finalize(s);
	return ok;
}

static bool sq_form_source(struct jx_store *st, long long form_id, struct jx_buf *source,
			   struct jx_buf *profile)
{
	sqlite3_stmt *s;
	if (!form_row(st,
		      "SELECT f.source, i.profile_text FROM forms f JOIN imports i"
		      " ON i.id = f.import_id WHERE f.id = ?1",
		      form_id, &s))
		return false;
	bool ok = source_text(st, s, 0, source);
	jx_buf_puts(profile, col_text(s, 1));
	sqlite3_finalize(s);
	return ok;
}

/* The form now, then the versions it replaced (history rows of the same
 * year, units and project: by their normalised identity, or rows from
 * before schema 3 by their names as written; each an index's search),
 * newest first; a missing form names its id. */
static bool sq_versions(struct jx_store *st, long long form_id, jx_store_version_fn *fn, void *ud)
{
	static const char sql[] =
		"SELECT 0, i.imported_at, i.file, f.json, f.source, i.profile_text, 0 AS k FROM forms f"
		" JOIN imports i ON i.id = f.import_id WHERE f.id = ?1"
		" UNION ALL"
		" SELECT h.id, i.imported_at, i.file, h.json, h.source, i.profile_text, 1 FROM forms f"
		" JOIN history h ON h.year = f.year AND h.key_project = f.key_project"
		"  AND h.key_implementer = f.key_implementer AND h.key_department = f.key_department"
		" JOIN imports i ON i.id = h.import_id WHERE f.id = ?1"
		" UNION ALL"
		" SELECT h.id, i.imported_at, i.file, h.json, h.source, i.profile_text, 1 FROM forms f"
		" JOIN history h ON h.year = f.year AND h.project = f.project"
		"  AND h.implementer = f.implementer AND h.department = f.department"
		" JOIN imports i ON i.id = h.import_id WHERE f.id = ?1 AND h.key_project IS NULL"
		" ORDER BY k, 1 DESC";
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(SQ(st)->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, "查询失败");
	sqlite3_bind_int64(s, 1, form_id);
	int rc;
	bool any = false, ok = true;
	struct jx_buf json;
	jx_buf_init(&json, 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		any = true;
		jx_buf_reset(&json);
		if (!row_json(st, s, 3, &json)) {
			ok = false;
			break;
		}
		struct jx_store_version v = {sqlite3_column_int64(s, 0), col_text(s, 1), col_text(s, 2),
					     json.p ? json.p : ""};
		if (fn(&v, ud)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (ok)
		ok = rc == SQLITE_DONE ? any || store_fail(st, "没有编号为 %lld 的表", form_id)
				       : db_fail(st, "查询失败");
	jx_buf_release(&json);
	sqlite3_finalize(s);
	return ok;
}

static void sq_set_busy(struct jx_store *st, int ms)
{
	SQ(st)->busy_ms = ms;
	sqlite3_busy_timeout(SQ(st)->db, ms);
}

static bool count_of(struct jx_store *st, const char *sql, unsigned long *n)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(SQ(st)->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, "查询失败");
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? (unsigned long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || db_fail(st, "查询失败");
}

static bool sq_history_count(struct jx_store *st, unsigned long *n)
{
	return count_of(st, "SELECT count(*) FROM history", n);
}

static bool sq_indicators(struct jx_store *st, int year, int key_year, store_indicator_fn *fn,
			  void *ud)
{
	sqlite3_stmt *s;
	const char *sql =
		"SELECT f.id, f.year, f.department, f.implementer, f.project,"
		" f.key_department || char(31) || f.key_implementer || char(31) || f.key_project,"
		" f.file, i.line, i.level1, i.level2, i.name, i.target, i.actual, i.target_norm,"
		" i.actual_norm, i.weight_c, i.declared_c, i.score_c, i.method, i.reverse"
		" FROM indicators i JOIN forms f ON f.id = i.form_id"
		" WHERE (?1 = 0 OR f.year = ?1) AND f.id IN (SELECT id FROM forms WHERE " OF_THIS_IMPORT ")"
		" ORDER BY f.year, f.file, f.line, f.id, i.seq";
	if (sqlite3_prepare_v2(SQ(st)->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, "查询失败");
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_int64(s, 3, SQ(st)->import_id);
	sqlite3_bind_int(s, 4, key_year);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_indicator in = {0};
		in.form_id = sqlite3_column_int64(s, 0);
		in.year = sqlite3_column_int(s, 1);
		in.department = col_text(s, 2);
		in.implementer = col_text(s, 3);
		in.project = col_text(s, 4);
		in.key = col_text(s, 5);
		in.file = col_text(s, 6);
		in.line = (unsigned long)sqlite3_column_int64(s, 7);
		in.level1 = col_text(s, 8);
		in.level2 = col_text(s, 9);
		in.name = col_text(s, 10);
		in.target = col_text(s, 11);
		in.actual = col_text(s, 12);
		in.target_norm = col_text(s, 13);
		in.actual_norm = col_text(s, 14);
		in.has_weight = sqlite3_column_type(s, 15) != SQLITE_NULL;
		in.weight_c = sqlite3_column_int64(s, 15);
		in.has_declared = sqlite3_column_type(s, 16) != SQLITE_NULL;
		in.declared_c = sqlite3_column_int64(s, 16);
		in.scored = sqlite3_column_type(s, 17) != SQLITE_NULL;
		in.score_c = sqlite3_column_int64(s, 17);
		in.method = col_text(s, 18);
		in.reverse = sqlite3_column_int(s, 19) != 0;
		if (fn(&in, ud))
			break;
	}
	bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE || db_fail(st, "查询失败");
	sqlite3_finalize(s);
	return ok;
}

static bool sq_years(struct jx_store *st, int *years, size_t *n)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(SQ(st)->db, "SELECT DISTINCT year FROM forms ORDER BY year", -1, &s,
			       NULL) != SQLITE_OK)
		return db_fail(st, "查询失败");
	size_t k = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (k < *n)
			years[k++] = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	*n = k;
	return rc == SQLITE_DONE || db_fail(st, "查询失败");
}

/* A kept sum: an INTEGER, or REAL once it passed 64 bits (saturated and
 * flagged, as store.c's add() does). */
static int64_t tally_sum(sqlite3_stmt *s, int i, struct jx_summary_group *g)
{
	if (sqlite3_column_type(s, i) != SQLITE_FLOAT)
		return sqlite3_column_int64(s, i);
	g->overflow = true;
	return sqlite3_column_double(s, i) < 0 ? INT64_MIN : INT64_MAX;
}

static bool sq_tallies(struct jx_store *st, const char *dim, jx_summary_group_fn *fn, void *ud)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(SQ(st)->db,
			       "SELECT key, forms, money, budget_fen, executed_fen, below_90, declared,"
			       " declared_total_c, rescored_total_c, info, warning, error FROM tallies"
			       " WHERE dim = ?1 AND (forms <> 0 OR dim = 'all') ORDER BY key",
			       -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, "查询失败");
	bind_text(s, 1, dim);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct jx_summary_group g = {.key = col_text(s, 0)};
		g.forms = (unsigned long)sqlite3_column_int64(s, 1);
		g.forms_with_money = (unsigned long)sqlite3_column_int64(s, 2);
		g.budget_fen = tally_sum(s, 3, &g);
		g.executed_fen = tally_sum(s, 4, &g);
		g.below_90 = (unsigned long)sqlite3_column_int64(s, 5);
		g.forms_declared = (unsigned long)sqlite3_column_int64(s, 6);
		g.declared_total_c = tally_sum(s, 7, &g);
		g.rescored_total_c = tally_sum(s, 8, &g);
		g.findings[JX_SEV_INFO] = (unsigned long)sqlite3_column_int64(s, 9);
		g.findings[JX_SEV_WARNING] = (unsigned long)sqlite3_column_int64(s, 10);
		g.findings[JX_SEV_ERROR] = (unsigned long)sqlite3_column_int64(s, 11);
		if (fn(&g, ud)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	bool ok = rc == SQLITE_DONE || db_fail(st, "查询失败");
	sqlite3_finalize(s);
	return ok;
}

/* A finding of a stored form made after its import (a 复核's): stored with
 * the form's version and counted in the tallies at once.  The caller holds
 * a write transaction. */
static bool sq_put_form_finding(struct jx_store *st, long long form, const struct jx_diag *d)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(q->db,
			       "INSERT INTO findings (import_id, form_id, check_id, severity, file, line,"
			       " project, message) SELECT import_id, id, ?2, ?3, ?4, ?5, ?6, ?7 FROM forms"
			       " WHERE id = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, "写入审核发现失败");
	sqlite3_bind_int64(s, 1, form);
	bind_finding(s, 2, d);
	bool ok = sqlite3_step(s) == SQLITE_DONE || db_fail(st, "写入审核发现失败");
	sqlite3_finalize(s);
	ok = ok && tally_finding(st, form, d->severity) && tally_write(st);
	tallies_clear(q->acc);
	return ok;
}

/* SQLite's online backup into a temporary file of this process beside
 * path, checked (quick_check), then linked to path — link() fails if a
 * file is there, so a backup never replaces one, even one made meanwhile
 * — and the temporary name removed: a backup that did not finish is
 * never taken for one. */
static bool sq_backup(struct jx_store *st, const char *path)
{
	struct sq *q = SQ(st);
	size_t n = strlen(path);
	char *tmp = xmalloc(n + 48);
	snprintf(tmp, n + 48, "%s.tmp-backup-%ld-%p", path, (long)getpid(), (void *)q);
	sqlite3 *dst = NULL;
	bool ok = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK;
	if (!ok) {
		store_fail(st, "无法创建备份文件 %s：%s", tmp, dst ? sqlite3_errmsg(dst) : "无法分配内存");
	} else {
		sqlite3_backup *b = sqlite3_backup_init(dst, "main", q->db, "main");
		int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
		if (b)
			sqlite3_backup_finish(b);
		ok = rc == SQLITE_DONE;
		if (!ok)
			store_fail(st, "备份失败：%s", sqlite3_errmsg(dst));
	}
	if (ok) {
		sqlite3_stmt *s = NULL;
		ok = sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &s, NULL) == SQLITE_OK &&
		     sqlite3_step(s) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(s, 0), "ok");
		sqlite3_finalize(s);
		if (!ok)
			store_fail(st, "备份文件检查未通过（PRAGMA quick_check）：未保留");
	}
	if (dst && sqlite3_close(dst) != SQLITE_OK && ok)
		ok = store_fail(st, "无法关闭备份文件 %s", tmp);
	if (ok && link(tmp, path) != 0)
		ok = store_fail(st, errno == EEXIST ? "%s 已存在：备份不覆盖已有的文件，请换一个文件名"
						   : "无法把备份放到 %s：%s",
				path, strerror(errno));
	remove(tmp);
	free(tmp);
	return ok;
}

static bool sq_snapshot(struct jx_store *st, bool on)
{
	return exec(st, on ? "BEGIN" : "COMMIT", "读取快照失败");
}

/* ---- statements of the portable dialect (sql.h) ----------------------------------- */

/* A sql_stmt is the sqlite3_stmt itself; one prepared past SQ_KEPT is
 * marked by being absent from kept[] and finalized when it ends. */
static bool kept_stmt(const struct sq *q, const sqlite3_stmt *s)
{
	for (int i = 0; i < q->nkept; i++)
		if (q->kept[i].s == s)
			return true;
	return false;
}

static struct sql_stmt *sq_sql_prepare(struct jx_store *st, const char *sql, const char *what)
{
	struct sq *q = SQ(st);
	for (int i = 0; i < q->nkept; i++)
		if (q->kept[i].sql == sql)
			return (struct sql_stmt *)q->kept[i].s;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		db_fail(st, what);
		return NULL;
	}
	if (q->nkept < SQ_KEPT) {
		q->kept[q->nkept].sql = sql;
		q->kept[q->nkept++].s = s;
	}
	return (struct sql_stmt *)s;
}

static void sq_sql_reset_of(struct sq *q, sqlite3_stmt *s)
{
	if (!kept_stmt(q, s)) {
		sqlite3_finalize(s);
		return;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* $N is bound by its name: SQLite numbers named parameters in the order
 * they first appear, which need not be N's. */
static bool sq_sql_bind(struct jx_store *st, struct sql_stmt *ss, const struct sql_arg *a, size_t n,
			const char *what)
{
	sqlite3_stmt *s = (sqlite3_stmt *)ss;
	for (size_t i = 0; i < n; i++) {
		char name[24];
		snprintf(name, sizeof name, "$%zu", i + 1);
		int k = sqlite3_bind_parameter_index(s, name);
		if (!k)
			continue; /* a statement need not use every argument */
		int rc = a[i].kind == SQL_TEXT	 ? sqlite3_bind_text(s, k, a[i].text, -1, SQLITE_STATIC)
			 : a[i].kind == SQL_INT	 ? sqlite3_bind_int64(s, k, a[i].i)
			 : a[i].kind == SQL_BLOB ? sqlite3_bind_blob(s, k, a[i].text, (int)a[i].i, SQLITE_STATIC)
						 : sqlite3_bind_null(s, k);
		if (rc != SQLITE_OK) {
			db_fail(st, what);
			sq_sql_reset_of(SQ(st), s);
			return false;
		}
	}
	return true;
}

static int sq_sql_step(struct jx_store *st, struct sql_stmt *ss, const char *what)
{
	sqlite3_stmt *s = (sqlite3_stmt *)ss;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return SQL_ROW;
	if (rc != SQLITE_DONE)
		db_fail(st, what);
	sq_sql_reset_of(SQ(st), s);
	return rc == SQLITE_DONE ? SQL_DONE : SQL_ERROR;
}

static const char *sq_sql_text(struct sql_stmt *ss, int i)
{
	return (const char *)sqlite3_column_text((sqlite3_stmt *)ss, i);
}

static int64_t sq_sql_int(struct sql_stmt *ss, int i)
{
	return sqlite3_column_int64((sqlite3_stmt *)ss, i);
}

static void sq_sql_reset(struct jx_store *st, struct sql_stmt *ss)
{
	sq_sql_reset_of(SQ(st), (sqlite3_stmt *)ss);
}

static bool sq_sql_tx(struct jx_store *st, enum sql_tx what)
{
	if (what == SQL_ROLLBACK) {
		sqlite3_exec(SQ(st)->db, "ROLLBACK", NULL, NULL, NULL);
		return true;
	}
	return what == SQL_BEGIN ? exec(st, "BEGIN IMMEDIATE", "无法开始写入")
				 : exec(st, "COMMIT", "提交失败");
}

const struct store_backend store_sqlite = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.begin = sq_begin,
	.put_form = sq_put_form,
	.put_finding = sq_put_finding,
	.drop_findings = sq_drop_findings,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.list = sq_list,
	.findings = sq_findings,
	.form_json = sq_form_json,
	.form_source = sq_form_source,
	.history_count = sq_history_count,
	.versions = sq_versions,
	.set_busy = sq_set_busy,
	.indicators = sq_indicators,
	.years = sq_years,
	.snapshot = sq_snapshot,
	.tallies = sq_tallies,
	.put_form_finding = sq_put_form_finding,
	.backup = sq_backup,
	.sql_prepare = sq_sql_prepare,
	.sql_bind = sq_sql_bind,
	.sql_step = sq_sql_step,
	.sql_text = sq_sql_text,
	.sql_int = sq_sql_int,
	.sql_reset = sq_sql_reset,
	.sql_tx = sq_sql_tx,
};
