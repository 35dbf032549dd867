# tests/store/check.sh: the database (issue 5).  Sourced by tests/run.sh
# (uses its pass counter, failed, JX and T).  Needs the sqlite3 CLI to look
# inside the database independently of jixiao.
#   JX_UPDATE=1 sh tests/run.sh   rewrites the *.expect files here, for
#                                 review with `git diff` (never unread).
ok() { pass=$((pass + 1)); }
no() { failed "store: $*"; }
is() { # is DESCRIPTION GOT WANT
	if [ "$2" = "$3" ]; then ok; else no "$1: got «$2», want «$3»"; fi
}
EX=examples/jinfeng-shanghaixilu-2023.txt
SX=tests/store

# tallies_agree WHAT DB [YEAR]: the sums the triggers keep (migration 5) are
# the sums of the rows as they are now (summed again here by sqlite3), and
# the summary over every year (from those sums) is the summary the forms of
# the one year give (summed by jixiao from every form); YEAR: the database
# has that year only
tallies_agree() {
	kept=$(sqlite3 "$2" "SELECT dim, key, forms, money, budget_fen, executed_fen, below_90, declared,
		declared_total_c, rescored_total_c, info, warning, error FROM tallies
		WHERE forms <> 0 OR dim = 'all' ORDER BY dim, key")
	fresh=$(sqlite3 "$2" "SELECT dim, key, sum(forms), sum(money), sum(budget_fen), sum(executed_fen),
		sum(below_90), sum(declared), sum(declared_total_c), sum(rescored_total_c), sum(info),
		sum(warning), sum(error) FROM (SELECT * FROM form_tally UNION ALL
		SELECT form_id, dim, key, forms, 0, budget_fen, executed_fen, 0, 0, 0, 0, 0, 0, 0
		FROM fund_tally) GROUP BY dim, key ORDER BY dim, key")
	if [ -n "$kept" ] && [ "$kept" = "$fresh" ]; then ok; else
		no "$1: the kept tallies are not the rows' sums"; printf '%s\n---\n%s\n' "$kept" "$fresh" | head -n 20; fi
	[ -n "${3:-}" ] || return 0
	for by in unit year grade; do
		a=$("$JX" summary --db "$2" --by $by --format json | jq -c '[.all, .groups, .grades]')
		b=$("$JX" summary --db "$2" --by $by --year "$3" --format json | jq -c '[.all, .groups, .grades]')
		if [ -n "$a" ] && [ "$a" = "$b" ]; then ok; else
			no "$1: summary --by $by from the kept sums differs from the forms' of $3"
			printf '%s\n%s\n' "$a" "$b" | cut -c 1-300; fi
	done
}
DB=$T/store.db
q() { sqlite3 "$DB" "$1"; }
rm -f "$DB" "$DB-wal" "$DB-shm"

# --- the example, imported twice ---------------------------------------------------
"$JX" import --db "$DB" "$EX" >"$T/imp1" 2>&1
is "first import exits 0" "$?" 0
is "first import adds 16" "$(grep -c '新增 16 张，替换 0 张' "$T/imp1")" 1
"$JX" import --db "$DB" "$EX" >"$T/imp2" 2>&1
is "second import exits 0" "$?" 0
is "second import replaces 16" "$(grep -c '新增 0 张，替换 16 张' "$T/imp2")" 1
is "forms after two imports" "$(q 'SELECT count(*) FROM forms')" 16
is "history rows after two imports" "$(q 'SELECT count(*) FROM history')" 16
is "history keeps the old findings" "$(q 'SELECT sum(json_array_length(findings_json)) FROM history')" 72
is "amounts stored exactly (fen)" "$(q 'SELECT sum(budget_fen) || "|" || sum(executed_fen) FROM forms')" \
	"164662000|115881798"
is "findings stored, each with its form" \
	"$(q "SELECT count(*) || '|' || count(form_id) FROM findings WHERE import_id = 2")" "72|72"
is "schema version" "$(q "SELECT value FROM meta WHERE key = 'schema_version'")" 11
is "WAL mode" "$(q 'PRAGMA journal_mode')" wal
tallies_agree "two imports, the second replacing every form" "$DB" 2023
"$JX" summary --db "$DB" --format json >"$T/sum.json"
is "summary exits 0" "$?" 0
if jq -e '.all.forms == 16 and .all.budget == 164.662 and .all.executed == 115.881798
	and .all.rate == 0.7038 and .grades == {"优": 15, "良": 1, "中": 0, "差": 0}
	and .all.findings == {"error": 3, "warning": 29, "info": 40}
	and .most_findings[0].project == "小区党支部网格补贴"' "$T/sum.json" >/dev/null; then ok; else
	no "summary --format json: $(head -c 400 "$T/sum.json")"; fi
jq -e '.groups | length == 1 and .[0].key == "银川市金凤区上海西路办事处" and .[0].rate == 0.7038' \
	<"$("$JX" summary --db "$DB" --by unit --format json >"$T/u.json"; echo "$T/u.json")" >/dev/null &&
	ok || no "summary --by unit"
is "summary --by grade --format csv" "$("$JX" summary --db "$DB" --by grade --format csv | sed -n 3p)" \
	"优,15,147.862,115.881798,0.7837,9,15,1407,1440.86,2,26,37"
# show prints what check prints for the project
"$JX" check "$EX" | grep ': 残联工作经费: ' >"$T/chk"
"$JX" show --db "$DB" 残联工作经费 | grep ': 残联工作经费: ' >"$T/shw"
if [ -s "$T/chk" ] && cmp -s "$T/chk" "$T/shw"; then ok; else no "show 残联工作经费 differs from check"; fi
"$JX" check --format json "$EX" | jq -S '.forms[] | select(.project == "残联工作经费")' >"$T/chk.json"
"$JX" show --db "$DB" --format json 残联工作经费 | jq -S '.forms[0]' >"$T/shw.json"
if [ -s "$T/chk.json" ] && cmp -s "$T/chk.json" "$T/shw.json"; then ok; else
	no "show --format json differs from check --format json"; fi
is "JIXIAO_DB chooses the database" "$(JIXIAO_DB="$DB" "$JX" list | tail -n 1)" "16 张自评表"
# issue 17, item 9: list --unit and show match names exactly unless --contains
is "list --unit a part of a unit's name: no form" "$("$JX" list --db "$DB" --format json --unit 上海西路 | jq '.forms | length')" 0
is "list --unit --contains: the unit's 16" "$("$JX" list --db "$DB" --format json --unit 上海西路 --contains | jq '.forms | length')" 16
is "list --unit the full name: 16" \
	"$("$JX" list --db "$DB" --format json --unit 银川市金凤区上海西路办事处 | jq '.forms | length')" 16
"$JX" show --db "$DB" 工作经费 >/dev/null 2>"$T/err"
is "show a part of a name: exit 2, and says --contains" "$?:$(grep -c -- '--contains' "$T/err")" "2:1"
is "show --contains: every form whose name holds it" \
	"$("$JX" show --db "$DB" --contains --format json 工作经费 | jq '.forms | length > 1')" true
"$JX" show --db "$DB" 没有这个项目 >/dev/null 2>&1
is "show of an unknown project exits 2" "$?" 2

# --- a file whose third form cannot be read: nothing of it is stored -----------------
awk 'NR <= 79' "$EX" | sed '62s/\t4.8\t4.8\t4.8\t/\t4.8\t四点八\t4.8\t/' >"$T/three.txt"
before=$(q 'SELECT count(*) FROM forms; SELECT count(*) FROM imports; SELECT count(*) FROM findings; SELECT count(*) FROM history' | tr '\n' ' ')
"$JX" import --db "$DB" "$T/three.txt" >"$T/imp3" 2>&1
is "import of an unreadable file exits 2" "$?" 2
is "the rejection names the line" "$(grep -c "three.txt：未导入（整份文件不存入）：$T/three.txt:62: " "$T/imp3")" 1
is "nothing of the rejected file stored" "$(q 'SELECT count(*) FROM forms; SELECT count(*) FROM imports; SELECT count(*) FROM findings; SELECT count(*) FROM history' | tr '\n' ' ')" "$before"
is "no row names the rejected file" "$(q "SELECT count(*) FROM forms WHERE file LIKE '%three.txt'")" 0

# --check unparsed=ignore does not let a partial form in
"$JX" import --db "$DB" --check unparsed=ignore "$T/three.txt" >"$T/imp5" 2>&1
is "import with unparsed ignored still exits 2" "$?" 2
is "… and stores nothing" "$(q 'SELECT count(*) FROM forms; SELECT count(*) FROM imports; SELECT count(*) FROM findings; SELECT count(*) FROM history' | tr '\n' ' ')" "$before"
# the same form twice in one file: rejected, naming both lines
{ awk 'NR <= 29' "$EX"; awk 'NR <= 29' "$EX"; } >"$T/dup.txt"
"$JX" import --db "$DB" "$T/dup.txt" >"$T/imp6" 2>&1
is "a file with the same form twice exits 2" "$?" 2
is "… naming both lines" "$(grep -c 'dup.txt:34: 这张表与第 5 行的表是同一张表' "$T/imp6")" 1
is "… and stores nothing" "$(q 'SELECT count(*) FROM forms; SELECT count(*) FROM imports; SELECT count(*) FROM findings; SELECT count(*) FROM history' | tr '\n' ' ')" "$before"

# a form without a year cannot be told from another such form: rejected too
awk 'NR <= 29 && NR != 7' "$EX" >"$T/noyear.txt"
"$JX" import --db "$DB" "$T/noyear.txt" >"$T/imp4" 2>&1
is "import of a form without a year exits 2" "$?" 2
is "… naming its line" "$(grep -c "noyear.txt:5: 表缺少年度" "$T/imp4")" 1
is "… and storing nothing" "$(q 'SELECT count(*) FROM forms; SELECT count(*) FROM imports; SELECT count(*) FROM findings; SELECT count(*) FROM history' | tr '\n' ' ')" "$before"

# --- a killed import leaves the database as it was; readers work meanwhile -----------
sh bench/gen.sh 2500 "$T/big.txt"
before=$(q 'SELECT count(*) FROM forms; SELECT count(*) FROM imports; SELECT count(*) FROM findings; SELECT count(*) FROM history' | tr '\n' ' ')
"$JX" import --db "$DB" "$T/big.txt" >"$T/impk" 2>&1 &
pid=$!
i=0
while [ "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" -lt 4000000 ] && [ $i -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
"$JX" summary --db "$DB" --format json >"$T/during.json" 2>"$T/during.err"
is "summary during an import exits 0" "$?" 0
is "summary during an import sees the last commit" "$(jq '.all.forms' "$T/during.json")" 16
if kill -9 "$pid" 2>/dev/null; then ok; else no "the import ended before it could be killed (make the file bigger)"; fi
wait "$pid" 2>/dev/null
is "the killed import printed no result" "$(grep -c '已导入' "$T/impk")" 0
is "integrity after the kill" "$(q 'PRAGMA integrity_check')" ok
is "the database is as before the killed import" "$(q 'SELECT count(*) FROM forms; SELECT count(*) FROM imports; SELECT count(*) FROM findings; SELECT count(*) FROM history' | tr '\n' ' ')" "$before"
is "summary after the kill" "$("$JX" summary --db "$DB" --format json | jq '.all.budget')" 164.662
tallies_agree "after an import killed midway" "$DB" 2023
rm -f "$T/big.txt"

# --- year over year: 2022 derived from the example, then 2023 --------------------------
YDB=$T/yoy.db
rm -f "$YDB"*
python3 "$SX/derive-2022.py" "$EX" "$T/y2022.txt"
"$JX" import --db "$YDB" "$T/y2022.txt" >/dev/null 2>&1
is "2022 imported" "$?" 0
"$JX" import --db "$YDB" "$EX" >"$T/yoy-import" 2>&1
is "2023 imported" "$?" 0
"$JX" compare --db "$YDB" --years 2022,2023 >"$T/compare" 2>&1
is "compare exits 0 (no error-level finding)" "$?" 0
for name in yoy-import compare; do
	sed "s|$T|\$T|g" "$T/$name" >"$T/$name.out" # the scratch directory differs per run
	[ "${JX_UPDATE:-}" = 1 ] && cp "$T/$name.out" "$SX/$name.expect"
	if cmp -s "$T/$name.out" "$SX/$name.expect"; then ok; else
		no "$name differs from $SX/$name.expect"; diff "$SX/$name.expect" "$T/$name.out" | head -n 10; fi
done
is "yoy findings stored with the 2023 forms" \
	"$(sqlite3 "$YDB" "SELECT count(*) FROM findings WHERE check_id LIKE 'yoy-%' AND form_id IS NOT NULL")" 21
tallies_agree "2022, then 2023 with its yoy findings" "$YDB"

# the stored findings do not depend on the order of import: 2023 first, then
# 2022, then 2022 again with the lowered target undone (its finding goes)
ODB=$T/order.db
rm -f "$ODB"*
"$JX" import --db "$ODB" "$EX" >/dev/null 2>&1
"$JX" import --db "$ODB" "$T/y2022.txt" >"$T/order-import" 2>&1
is "2022 after 2023: the 2023 forms get their yoy findings" \
	"$(sqlite3 "$ODB" "SELECT count(*) FROM findings f JOIN forms m ON m.id = f.form_id WHERE f.check_id LIKE 'yoy-%' AND m.year = 2023")" 21
is "… printed by that import" "$(grep -c 'yoy-' "$T/order-import")" 21
sed '119s/\t8 个\t8 个\t/\t7 个\t7 个\t/' "$T/y2022.txt" >"$T/y2022b.txt"
"$JX" import --db "$ODB" "$T/y2022b.txt" >/dev/null 2>&1
is "re-importing 2022 updates the 2023 findings" \
	"$(sqlite3 "$ODB" "SELECT count(*) || '|' || sum(check_id = 'yoy-target-lowered') FROM findings WHERE check_id LIKE 'yoy-%'")" "20|1"
tallies_agree "yoy findings dropped and stored again by a later import of the earlier year" "$ODB"

# --- issue 18, item 3: a form is stored as its fields, packed; its JSON is derived ----------------
# every form of the example, of each layout and of a form with split fund rows and 资金管理情况:
# show (the JSON derived from the stored fields) is check's JSON of the file
for f in "$EX" tests/layouts/corpus/cells.txt tests/layouts/corpus/html.html tests/layouts/corpus/markdown.md \
	tests/layouts/corpus/paragraph.txt tests/layouts/corpus/pipe.txt tests/layouts/corpus/space.txt \
	tests/layouts/corpus/tab.txt tests/schemes/completion.txt; do
	rm -f "$T/derive.db"*
	"$JX" import --db "$T/derive.db" "$f" >/dev/null 2>&1
	"$JX" check --format json "$f" 2>/dev/null | jq -S '.forms | sort_by(.file, .line)' >"$T/d-check.json"
	"$JX" show --db "$T/derive.db" --format json --contains "" 2>/dev/null | jq -S '.forms | sort_by(.file, .line)' >"$T/d-show.json"
	if [ "$(jq length "$T/d-show.json")" -gt 0 ] && cmp -s "$T/d-check.json" "$T/d-show.json"; then ok; else
		no "$f: the JSON derived from the stored fields is not check's"; diff "$T/d-check.json" "$T/d-show.json" | head -n 6; fi
done
is "… the split fund rows and 资金管理情况 are among the fields (render --db lost them before)" \
	"$("$JX" render --db "$T/derive.db" --format json | jq -c '[.forms[] | [(.splits | length), (.management | length)]]')" \
	"$(jq -c '[.[] | [(.splits | length), (.management | length)]]' "$T/d-check.json")"
is "… no JSON stored, the source a deflated BLOB" \
	"$(sqlite3 "$T/derive.db" "SELECT count(*) FROM forms WHERE json = '' AND typeof(source) = 'blob'"):$(sqlite3 "$T/derive.db" "SELECT count(*) FROM forms")" \
	"$(jq length "$T/d-show.json"):$(jq length "$T/d-show.json")"
# the size: 1,008 forms (63 units of the example) in under 5,000 bytes a form, all pages
# counted (9,700 before: the JSON beside the fields, and a form a page of its own)
sh bench/gen.sh 63 "$T/g63.txt"
rm -f "$T/size.db"*
"$JX" import --db "$T/size.db" "$T/g63.txt" >/dev/null 2>&1
sqlite3 "$T/size.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
per=$(sqlite3 "$T/size.db" "SELECT (SELECT sum(pgsize) FROM dbstat) / count(*) FROM forms")
is "1,008 forms stored in under 5,000 bytes each ($per)" "$((per > 0 && per < 5000))" 1
tallies_agree "1,008 forms of 63 units" "$T/size.db" 2023
for by in rate score; do
	is "summary --by $by: the bands hold every form and every finding once" \
		"$("$JX" summary --db "$T/size.db" --by $by --format json | jq -c '[([.groups[].forms] | add), ([.groups[].findings | .error + .warning + .info] | add)]')" \
		"$("$JX" summary --db "$T/size.db" --format json | jq -c '[.all.forms, (.all.findings | .error + .warning + .info)]')"
done

# a database where every import was rejected: readers report 0 forms
EDB=$T/empty.db
# (a database whose forms were all deleted: import leaves none behind when it stores nothing)
"$JX" import --db "$EDB" "$EX" >/dev/null 2>&1
sqlite3 "$EDB" "DELETE FROM findings; DELETE FROM forms;"
"$JX" summary --db "$EDB" >"$T/esum" 2>&1
is "summary of a database without forms exits 0" "$?" 0
is "… and says 0 forms" "$(grep -c '0 张自评表' "$T/esum")" 1

# --- bad use --------------------------------------------------------------------------
"$JX" list --db tests >/dev/null 2>"$T/err"
is "a directory as the database exits 2" "$?" 2
"$JX" list --db "$T/nope.db" >/dev/null 2>"$T/err"
is "a reader on a missing database exits 2" "$?" 2
is "… and creates nothing" "$(ls "$T"/nope.db* 2>/dev/null | wc -l)" 0
sqlite3 "$T/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
"$JX" import --db "$T/other.db" "$EX" >/dev/null 2>"$T/err"
is "somebody else's SQLite database is refused" "$?" 2
is "… untouched" "$(sqlite3 "$T/other.db" "SELECT count(*) FROM sqlite_schema")" 1
# issue 17, item 8: not a byte changed, not even switched to WAL, by any command
cp "$T/other.db" "$T/other.before"
for c in import list summary; do
	if [ $c = import ]; then "$JX" import --db "$T/other.db" "$EX"; else "$JX" $c --db "$T/other.db"; fi >/dev/null 2>"$T/err"
	is "$c --db somebody else's database: exit 2, says so, the file byte for byte as it was, no -wal/-shm" \
		"$?:$(grep -c '这不是 jixiao 的数据库' "$T/err"):$(cmp -s "$T/other.db" "$T/other.before" && echo same):$(ls "$T"/other.db-* 2>/dev/null | wc -l)" \
		"2:1:same:0"
done
# … nor one with a meta table and a schema_version of its own, but not jixiao's tables
sqlite3 "$T/meta.db" "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('schema_version', '2');
	CREATE TABLE users (name TEXT);"
cp "$T/meta.db" "$T/meta.before"
"$JX" list --db "$T/meta.db" >/dev/null 2>"$T/err"
is "a foreign database with meta.schema_version: refused, byte for byte as it was, still not WAL" \
	"$?:$(grep -c '这不是 jixiao 的数据库' "$T/err"):$(cmp -s "$T/meta.db" "$T/meta.before" && echo same):$(sqlite3 "$T/meta.db" 'PRAGMA journal_mode')" \
	"2:1:same:delete"
cp README.md "$T/text.db"
"$JX" import --db "$T/text.db" "$EX" >/dev/null 2>"$T/err"
is "a file that is no SQLite database: exit 2, said so, untouched" \
	"$?:$(grep -c '不是 SQLite 数据库，不作改动' "$T/err"):$(cmp -s README.md "$T/text.db" && echo same)" "2:1:same"
"$JX" list --db tests >/dev/null 2>"$T/err"
is "a directory as --db says it is a directory (issue 17, item 17)" "$(grep -c '这是一个目录，不是数据库文件' "$T/err")" 1
# a directory the user cannot write (root may write anywhere: run as nobody,
# when nobody can run the binary where it is)
nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
chmod 755 "$T"
if [ "$(id -u)" = 0 ] && nobody "$JX" --version >/dev/null 2>&1; then
	mkdir -p "$T/ro" && "$JX" import --db "$T/ro/a.db" "$EX" >/dev/null 2>&1
	chmod 755 "$T/ro"
	nobody "$JX" import --db "$T/ro/new.db" "$EX" >/dev/null 2>"$T/err"
	is "a database in a directory without write permission: says so, not 「不是 SQLite 数据库」" \
		"$?:$(grep -c '没有读写权限' "$T/err"):$(grep -c 'SQLite 数据库？' "$T/err")" "2:1:0"
	nobody "$JX" list --db "$T/ro/a.db" >/dev/null 2>"$T/err"
	is "… and a stored database there cannot be read: says why" "$?:$(grep -c '没有写权限' "$T/err")" "2:1"
else
	echo "store: note: the read-only directory checks need root and a binary nobody may run; not run"
fi
"$JX" compare --db "$YDB" --years 2021,2022 >/dev/null 2>"$T/err"
is "compare with a year not stored exits 2" "$?" 2
sqlite3 "$T/future.db" "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
	INSERT INTO meta VALUES ('schema_version', '99');"
"$JX" list --db "$T/future.db" >/dev/null 2>"$T/err"
is "a database from a newer version exits 2" "$?" 2
is "… and says so" "$(grep -c '结构版本为 99' "$T/err")" 1
"$JX" compare --db "$YDB" --years 2023,2022 >/dev/null 2>&1
is "compare with the years reversed exits 2" "$?" 2
"$JX" summary --db "$YDB" --by department >/dev/null 2>&1
is "summary --by an unknown grouping exits 2" "$?" 2

# issue 17 item 7: summary's CSV goes through the one CSV escaper (a formula is text)
sed 's/实施单位\t某局/实施单位\t=HYPERLINK("http:\/\/x","y")/' tests/realforms/values.txt >"$T/hl.txt"
"$JX" import --db "$T/hl.db" "$T/hl.txt" >/dev/null 2>&1
is "summary --format csv: a unit named =HYPERLINK(…) is quoted text with an apostrophe" \
	"$("$JX" summary --db "$T/hl.db" --by unit --format csv | grep -c "^\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1,")" 1

# --- issue 17, item 10: a database written by an earlier release keeps working ---------------------
# release-0.1.0.sql is `sqlite3 .dump` of a database jixiao 0.1.0 wrote (two forms of the
# example); every later version must read it.  Never regenerate it: add a new one per release.
sqlite3 "$T/r010.db" <tests/store/release-0.1.0.sql
"$JX" render --format json --db "$T/r010.db" >"$T/r010.json" 2>"$T/err"
is "render --db of release 0.1.0's database: exit 0, both forms, their totals" \
	"$?:$(jq -c '[.forms[] | [.project, .total.score]]' "$T/r010.json")" \
	'0:[["妇联工作经费",90.56],["基层武装工作经费",99.5]]'
tallies_agree "release 0.1.0's database, migrated: the first fill" "$T/r010.db" 2023
is "… list and summary read it" \
	"$("$JX" list --db "$T/r010.db" --format json | jq '.forms | length'):$("$JX" summary --db "$T/r010.db" >/dev/null 2>&1; echo $?)" "2:0"
# a key added since (here: the stored profile without [execution] low_reason_below, as a
# release before that key stored it): the key takes its default, the forms still render
cp "$T/r010.db" "$T/r-old.db"
sqlite3 "$T/r-old.db" "UPDATE imports SET profile_text = replace(profile_text, 'low_reason_below = 90', '')"
is "… its stored profile lacks a key this version has" \
	"$(sqlite3 "$T/r-old.db" "SELECT count(*) FROM imports WHERE profile_text LIKE '%low_reason_below%'"):$(sqlite3 "$T/r-old.db" "SELECT count(*) FROM imports")" "0:1"
"$JX" render --format json --db "$T/r-old.db" >"$T/r-old.json" 2>"$T/err"
is "render --db with a stored profile missing a key added later: exit 0, the same totals" \
	"$?:$(jq -c '[.forms[] | [.project, .total.score]]' "$T/r-old.json")" \
	'0:[["妇联工作经费",90.56],["基层武装工作经费",99.5]]'

# --- accounts, units and the audit log (issue 19) -----------------------------
. tests/lib/db.sh
. tests/store/accounts.sh

# --- the same on PostgreSQL (issue 19): a server of its own, the accounts suite
# above again, and every flow of this file compared with SQLite's answers ------
. tests/lib/db.sh
if pg_up; then
	. tests/store/backends.sh
	JX_DB_BACKEND=pg
	. tests/store/accounts.sh
	JX_DB_BACKEND=
	pg_down
else
	no "PostgreSQL: the test's server did not start (sh scripts/deps.sh test installs it); ${PG_DIR:+see $PG_DIR}"
fi
