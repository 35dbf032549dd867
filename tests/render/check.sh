# tests/render/check.sh: render and report (issue 6).  Sourced by
# tests/run.sh (uses its pass counter, failed, JX and T).  The XLSX is
# recalculated by LibreOffice, the report and a printed form are loaded in
# headless Chromium: both are Debian packages that `make test` installs
# (scripts/deps.sh test).  Screenshots go to $OUT (build/test-output).
ok() { pass=$((pass + 1)); }
no() { failed "render: $*"; }
is() { if [ "$2" = "$3" ]; then ok; else no "$1: got «$2», want «$3»"; fi; }
EX=examples/jinfeng-shanghaixilu-2023.txt
RX=tests/render
OUT=${OUT:-build/test-output}
mkdir -p "$OUT"
chrome() { chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "$@" 2>/dev/null; }

# --- user text is text ---------------------------------------------------------------
sed '9s/妇联工作经费/<script>alert(1)<\/script>妇联"\&工作经费/' "$EX" | awk 'NR <= 29' >"$T/xss.txt"
"$JX" render --format html "$T/xss.txt" >"$T/xss.html" 2>/dev/null
is "render html of a hostile project name exits 0" "$?" 0
is "… shows it as text" "$(grep -c '&lt;script&gt;alert(1)&lt;/script&gt;妇联&quot;&amp;工作经费' "$T/xss.html")" 1
is "… and runs nothing" "$(grep -c '<script>alert' "$T/xss.html")" 0
"$JX" report -o "$T/xss" "$T/xss.txt" >/dev/null 2>&1
is "… nor in the report" "$(grep -c '<script>alert' "$T/xss/report.html")" 0
"$JX" render --format md "$T/xss.txt" | grep -c '&lt;script&gt;' >"$T/n"
is "… nor in Markdown" "$(cat "$T/n")" 1
"$JX" render --format csv "$T/xss.txt" | sed -n 2p | grep -c '"<script>alert(1)</script>妇联""&工作经费"' >"$T/n"
is "… CSV quotes it" "$(cat "$T/n")" 1

# --- issue 17, item 16: a form's control characters never reach the terminal raw ------------------
# ESC [ 8 m (conceal), ESC ] 0 ; … BEL (window title), a right-to-left override (U+202E)
printf '9s/妇联工作经费/妇联\033[8m工作\033]0;T\007经费\342\200\256/\n' >"$T/esc.sed"
sed -f "$T/esc.sed" "$EX" | awk 'NR <= 29' >"$T/esc.txt"
is "… the test form carries ESC, BEL and U+202E" "$(grep -c "$(printf '\033')" "$T/esc.txt")" 1
"$JX" import --db "$T/esc.db" "$T/esc.txt" >/dev/null 2>&1
for c in "check $T/esc.txt" "explain $T/esc.txt" "list --db $T/esc.db" "show --db $T/esc.db --contains 工作" \
	"summary --db $T/esc.db --by unit"; do
	"$JX" $c >"$T/esc.out" 2>&1
	is "jixiao ${c%% *}: no raw ESC, BEL or U+202E in its text output" \
		"$(LC_ALL=C grep -c "$(printf '\033\\|\007\\|\342\200\256')" "$T/esc.out")" 0
done
is "… check shows them escaped: \\x1B[8m, \\x07, \\u202E" \
	"$("$JX" check "$T/esc.txt" 2>&1 | grep -q '妇联\\x1B\[8m工作\\x1B\]0;T\\x07经费\\u202E' && echo yes)" yes
is "… JSON keeps the text exactly (escaped as JSON: both ESC there)" \
	"$("$JX" check --format json "$T/esc.txt" | jq -r '.forms[0].project' | od -An -c | grep -o '033' | wc -l)" 2

# --- JSON is check's ------------------------------------------------------------------
"$JX" render --format json "$EX" >"$T/r.json"
"$JX" check --format json "$EX" >"$T/c.json"
if cmp -s "$T/r.json" "$T/c.json"; then ok; else no "render --format json differs from check --format json"; fi
is "csv: one row per indicator (144) plus the header" "$("$JX" render --format csv "$EX" | wc -l)" 145

# --- XLSX: LibreOffice recalculates every formula to jixiao's values ---------------------
LO=$T/lo
mkdir -p "$LO/profile/user"
cat >"$LO/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
# recalc FILE.xlsx DIR: every sheet as DIR/FILE-<sheet>.csv, computed by LibreOffice
recalc() {
	soffice -env:UserInstallation=file://$LO/profile --headless \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
		--outdir "$2" "$1" >/dev/null 2>&1
}
"$JX" render --format xlsx -o "$T/f.xlsx" --expect "$T/f.tsv" "$EX"
is "render --format xlsx exits 0" "$?" 0
is "formula cells of the 16 forms and the summary (its 合计 row too)" "$(wc -l <"$T/f.tsv")" 210
mkdir -p "$LO/a"
recalc "$T/f.xlsx" "$LO/a"
python3 "$RX/xlsx_check.py" "$T/f.tsv" "$LO/a" f >"$T/xlsx.out" 2>&1
if [ $? = 0 ]; then ok; else no "LibreOffice's values differ from jixiao's: $(tail -n 5 "$T/xlsx.out")"; fi
is "… every formula cell agrees" "$(tail -n 1 "$T/xlsx.out")" "xlsx: 210 cells agree, 0 differ"
# issue 17, item 5: without --expect every formula caches jixiao's own result
# (before: the 汇总 sheet's 合计 row was saved with 0)
"$JX" render --format xlsx -o "$T/cached.xlsx" "$EX"
python3 "$RX/xlsx_cached.py" "$T/cached.xlsx" "$T/f.tsv" >"$T/cached.out" 2>&1
is "every formula cell's cached value is jixiao's (汇总 合计 included)" "$(tail -n 1 "$T/cached.out")" \
	"cached: 210 cells agree, 0 differ"
# change an actual in the workbook (妇联 满意度 98% -> 50%): the form recomputes
python3 "$RX/xlsx_edit.py" "$T/f.xlsx" "$T/g.xlsx" 2 K21 50
mkdir -p "$LO/b"
recalc "$T/g.xlsx" "$LO/b"
is "a changed actual rescores its indicator (10 x 50 / 100)" \
	"$(python3 "$RX/xlsx_cell.py" "$LO/b" g '01 妇联工作经费' H21)" 5
is "… and the total (90.56 - 9.8 + 5)" "$(python3 "$RX/xlsx_cell.py" "$LO/b" g '01 妇联工作经费' H22)" 85.76
is "… and the grade" "$(python3 "$RX/xlsx_cell.py" "$LO/b" g '01 妇联工作经费' I22)" 良
is "… and the summary sheet" "$(python3 "$RX/xlsx_cell.py" "$LO/b" g '汇总' H2)" 85.76

# --- the report in a browser ------------------------------------------------------------
"$JX" report -o "$T/rep" "$EX" >/dev/null
is "report exits 0" "$?" 0
chrome --dump-dom "file://$T/rep/report.html" >"$T/dom.html"
is "the report lists the 16 projects" \
	"$(grep -o '<tr[^>]*><td><a href="#form-[0-9]*"' "$T/dom.html" | wc -l)" 16
for p in 妇联工作经费 基层武装工作经费 人大联络员工资及社保 人民调解工作经费 社区党建经费 社区运转保障经费 \
	基层团组织工作经费 信访津贴 信访维稳工作经费 职工食堂运营经费 综合执法专项经费 残联工作经费 \
	政协工作经费 专职网格小区支部委员津补贴 疫情防控聘用人员工资 小区党支部网格补贴; do
	grep -q "#form-[0-9]*\">$p</a>" "$T/dom.html" || no "the report has no row for $p"
done
ok
is "… and its four charts" "$(grep -o '<svg class="chart-[a-z]*"' "$T/dom.html" | sort -u | wc -l)" 4
is "… and the 16 forms" "$(grep -c '<section class="form" id="form-' "$T/dom.html")" 16
chrome --screenshot="$OUT/report.png" --window-size=1100,1600 "file://$T/rep/report.html"
if [ -s "$OUT/report.png" ]; then ok; else no "no screenshot of the report"; fi
# one form printed to PDF is one A4 page
"$JX" render --format html --project 残联工作经费 -o "$T/one.html" "$EX"
chrome --no-pdf-header-footer --print-to-pdf="$T/one.pdf" "file://$T/one.html"
is "a printed form is one page" "$(pdfinfo "$T/one.pdf" | sed -n 's/^Pages: *//p')" 1
is "… of A4" "$(pdfinfo "$T/one.pdf" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1x\2/p')" 594.96x841.92
chrome --screenshot="$OUT/form.png" --window-size=900,1250 "file://$T/one.html"
if [ -s "$OUT/form.png" ]; then ok; else no "no screenshot of a form"; fi

# --- from the database: the same forms as from the file -------------------------------------
RDB=$T/render.db
rm -f "$RDB"*
"$JX" import --db "$RDB" "$EX" >/dev/null 2>&1
"$JX" render --format json --db "$RDB" >"$T/db.json"
is "render --db exits 0" "$?" 0
jq -S .forms "$T/db.json" >"$T/db.forms"
jq -S .forms "$T/c.json" >"$T/c.forms"
if cmp -s "$T/db.forms" "$T/c.forms"; then ok; else no "render --db gives other forms than the file"; fi
jq -S '.findings | sort_by(.line, .id, .message)' "$T/db.json" >"$T/db.findings"
jq -S '.findings | sort_by(.line, .id, .message)' "$T/c.json" >"$T/c.findings"
if cmp -s "$T/db.findings" "$T/c.findings"; then ok; else no "render --db gives other findings than the file"; fi
"$JX" report --db "$RDB" -o "$T/repdb" >/dev/null
is "report --db exits 0" "$?" 0
is "… with the 16 projects" "$(grep -o '<tr[^>]*><td><a href="#form-[0-9]*"' "$T/repdb/report.html" | wc -l)" 16
"$JX" render --format html --db "$RDB" --year 2022 >/dev/null 2>&1
is "render --db of a year without forms exits 2" "$?" 2
# a database of schema 1 is migrated; its forms have no source to render from
cp "$RDB" "$T/v1.db"
# (what schemas 2-8 added taken away: their columns, schema 5's tallies, views, triggers, indexes,
# schema 8's tables of accounts)
sqlite3 "$T/v1.db" "DROP TABLE task_units; DROP TABLE tasks; DROP TABLE dispositions; DROP TABLE reviews; DROP TABLE audit_log; DROP TABLE sessions; DROP TABLE account_scope; DROP TABLE accounts;
	DROP TABLE units; DROP TRIGGER tally_form_out; DROP TRIGGER tally_fund_out; DROP TRIGGER tally_finding_out;
	DROP VIEW form_tally; DROP VIEW form_adds; DROP VIEW fund_tally; DROP TABLE tallies;
	DROP INDEX forms_order; DROP INDEX history_key; DROP INDEX history_names; DROP INDEX findings_form;
	CREATE INDEX findings_form ON findings(form_id); ALTER TABLE history DROP COLUMN source;
	ALTER TABLE forms DROP COLUMN source; ALTER TABLE imports DROP COLUMN profile_text;
	ALTER TABLE history DROP COLUMN key_department; ALTER TABLE history DROP COLUMN key_implementer;
	ALTER TABLE history DROP COLUMN key_project; UPDATE meta SET value = '1' WHERE key = 'schema_version';"
is "a schema-1 database still lists" "$("$JX" list --db "$T/v1.db" | tail -n 1)" "16 张自评表"
is "… and is migrated to 11" "$(sqlite3 "$T/v1.db" "SELECT value FROM meta WHERE key = 'schema_version'")" 11
is "… its tallies filled by the migration: the summary over every year is the year's" \
	"$("$JX" summary --db "$T/v1.db" --format json | jq -c .all)" "$("$JX" summary --db "$T/v1.db" --year 2023 --format json | jq -c .all)"
"$JX" render --format html --db "$T/v1.db" >/dev/null 2>"$T/err"
is "… its old forms cannot be rendered (exit 2)" "$?" 2
is "… and it says why" "$(grep -c '没有原文' "$T/err")" 1

# --- what a review broke once (tests/render/inputs/README.md) ----------------------------
IN=$RX/inputs
for case in "yuan.txt" "noexec.txt --profile $IN/caps.ini" "textexec.txt" "ctl.txt" \
	"inj.txt --profile $IN/quoted-grades.ini"; do
	set -- $case
	name=${1%.txt}
	shift
	"$JX" render --format xlsx -o "$T/$name.xlsx" --expect "$T/$name.tsv" "$@" "$IN/$name.txt" 2>/dev/null
	mkdir -p "$LO/$name"
	recalc "$T/$name.xlsx" "$LO/$name"
	python3 "$RX/xlsx_check.py" "$T/$name.tsv" "$LO/$name" "$name" >"$T/$name.out" 2>&1
	if [ $? = 0 ]; then ok; else no "$name.xlsx: $(tail -n 3 "$T/$name.out")"; fi
done
is "amounts in 元 are written in 万元" "$(python3 "$RX/xlsx_cell.py" "$LO/yuan" yuan '汇总' D2)" 3
is "a sheet name without control characters" "$(ls "$LO/ctl" | grep -c "$(printf '\001')")" 0
"$JX" render --format csv "$IN/inj.txt" | grep -c "\"'-1+" >"$T/n"
is "a formula-like cell in CSV gets an apostrophe" "$(cat "$T/n")" 1
"$JX" render --format md "$IN/mdi.txt" >"$T/mdi.md"
is "Markdown marks quoted in a finding stay text" "$(grep -c -E '(^|[^\\])\[点击' "$T/mdi.md")" 0
is "… escaped in the table and both findings" "$(grep -c -F '\[点击\](http' "$T/mdi.md")" 3
"$JX" render --format md --profile "$IN/quoted-grades.ini" "$EX" | grep -c '<img' >"$T/n"
is "a grade name with HTML stays text in Markdown" "$(cat "$T/n")" 0
"$JX" render --format html --db "$RDB" --profile "$IN/caps.ini" >/dev/null 2>&1
is "--profile with --db is refused" "$?" 2
# issue 17, item 9: --project is the name; a part of it with --contains
"$JX" render --format csv --project 工作经费 "$EX" >/dev/null 2>&1
is "render --project a part of a name: no form, exit 2" "$?" 2
is "… with --contains: every project whose name holds it" \
	"$("$JX" render --format json --project 工作经费 --contains "$EX" | jq '[.forms[].project | test("工作经费")] | all and length > 1')" true
"$JX" render --format html --project 不存在 -o "$T/none.html" "$EX" >/dev/null 2>&1
is "no matching form: exit 2" "$?" 2
is "… and no file left behind" "$(ls "$T/none.html" 2>/dev/null | wc -l)" 0

# --- issue 17, item 1: a write that fails is exit 2 and a message, never 0 with a cut file ---
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$EX"; done >"$T/ex10.txt" # 160 forms, ~0.8 MB of CSV
for fmt in csv html md json; do
	(ulimit -f 100; trap '' XFSZ; exec "$JX" render --format "$fmt" -o "$T/cut.$fmt" "$T/ex10.txt") \
		>/dev/null 2>"$T/cut.err"
	is "render --format $fmt -o past the file-size limit: exit 2" "$?" 2
	is "… the cut file removed, and said" \
		"$([ -e "$T/cut.$fmt" ] && echo kept || echo removed) $(grep -c '写出失败' "$T/cut.err")" "removed 1"
done
mkdir -p "$T/rep-cut"
(ulimit -f 100; trap '' XFSZ; exec "$JX" report -o "$T/rep-cut" "$T/ex10.txt") >/dev/null 2>&1
is "report past the file-size limit: exit 2, no cut report.html" \
	"$? $([ -e "$T/rep-cut/report.html" ] && echo kept || echo removed)" "2 removed"
# issue 18, item 4: a report is written as it is made, its forms' HTML spooled (past 1 MB to a
# temporary file) and not held (the commit before held it twice: check's memory and 2.4 times the page): 1,280 forms, each form as render prints it, every finding listed once
# (under a sanitizer 320 forms: still past the first megabyte, in a quarter of the time)
sh bench/gen.sh "$([ -n "${JX_SANITIZED:-}" ] && echo 20 || echo 80)" "$T/g80.txt"
n80=$(($(grep -c '^项目名称' "$T/g80.txt")))
/usr/bin/time -f %M -o "$T/rep80.rss" "$JX" report -o "$T/rep80" "$T/g80.txt" >/dev/null 2>&1
is "report of $n80 forms: exit 0" "$?" 0
"$JX" render --format html "$T/g80.txt" >"$T/g80.html" 2>/dev/null
forms_of() { sed -n '/<section class="form"/,/<\/section>/p' "$1" | md5sum; }
is "… its $n80 forms are render's, byte for byte, in order" \
	"$(grep -c '<section class="form"' "$T/rep80/report.html"):$(forms_of "$T/rep80/report.html")" \
	"$n80:$(forms_of "$T/g80.html")"
is "… its findings are check's, each once, and the page is closed" \
	"$(sed -n '/<h2>审核发现<\/h2>/,/<h2>自评表<\/h2>/p' "$T/rep80/report.html" | grep -o '<li class="[a-z]*">' | wc -l):$(tail -c 50 "$T/rep80/report.html" | grep -c '</html>')" \
	"$("$JX" check --format json "$T/g80.txt" 2>/dev/null | jq '.findings | length'):1"
# the temporary file in $TMPDIR; none to be made, or one that fills up: the same page, from memory
TMPDIR=/nonexistent "$JX" report -o "$T/rep80-notmp" "$T/g80.txt" >/dev/null 2>&1
is "… with no temporary file to be made (TMPDIR=/nonexistent): exit 0, the same page" \
	"$?:$(cmp -s "$T/rep80/report.html" "$T/rep80-notmp/report.html" && echo same)" "0:same"
mkdir -p "$T/tiny"
if unshare -m true 2>/dev/null; then
	unshare -m sh -c "mount -t tmpfs -o size=1200k none '$T/tiny' && TMPDIR='$T/tiny' '$JX' report -o '$T/rep80-full' '$T/g80.txt'" >/dev/null 2>&1
	is "… with a temporary directory that fills up after its first megabyte (a 1.2 MB tmpfs): exit 0, the same page" \
		"$?:$(cmp -s "$T/rep80/report.html" "$T/rep80-full/report.html" && echo same)" "0:same"
	# check --format json spools its findings there: one that fills up fails the run, loudly
	unshare -m sh -c "mount -t tmpfs -o size=64k none '$T/tiny' && TMPDIR='$T/tiny' '$JX' check --format json '$T/g80.txt'" >"$T/c80-full.json" 2>"$T/c80-full.err"
	is "check --format json with a temporary directory too small for its findings (64 KB): exit 2, says so" \
		"$?:$(grep -c '审核发现写入临时文件（TMPDIR）失败' "$T/c80-full.err")" "2:1"
fi
"$JX" check --format json "$T/g80.txt" >"$T/c80.json" 2>/dev/null
TMPDIR=/nonexistent "$JX" check --format json "$T/g80.txt" >"$T/c80-notmp.json" 2>/dev/null
is "check --format json with TMPDIR=/nonexistent: /tmp, the same output" \
	"$(cmp -s "$T/c80.json" "$T/c80-notmp.json" && echo same):$(jq '.findings | length' "$T/c80-notmp.json")" \
	"same:$(jq '.findings | length' "$T/c80.json")"
if [ -z "${JX_SANITIZED:-}" ]; then
	/usr/bin/time -f %M -o "$T/check80.rss" "$JX" check "$T/g80.txt" >/dev/null 2>&1
	size=$(wc -c <"$T/rep80/report.html")
	is "… in less memory than check's and the page ($(($(cat "$T/rep80.rss") >> 10)) MB; page $((size >> 20)) MB)" \
		"$(($(tail -n 1 "$T/rep80.rss") * 1024 < $(tail -n 1 "$T/check80.rss") * 1024 + size))" 1
fi
for c in "render --format csv $EX" "explain $EX" "check --list" "profiles" "--help" "templates"; do
	"$JX" $c >/dev/full 2>"$T/full.err"
	is "jixiao $c > /dev/full: exit 2 with a message" "$? $(grep -c '写出失败' "$T/full.err")" "2 1"
done

# --- issue 17, item 2: past 4,096 forms no workbook that looks whole -------------------------
for i in $(seq 257); do cat "$EX"; echo; done >"$T/ex257.txt" # 4,112 forms
"$JX" render --format xlsx -o "$T/many.xlsx" "$T/ex257.txt" >/dev/null 2>"$T/many.err"
is "render --format xlsx of 4,112 forms: exit 2" "$?" 2
is "… no workbook left with the first 4,096" "$([ -e "$T/many.xlsx" ] && echo kept || echo removed)" removed
is "… and says how many and what to do" "$(grep -c '最多 4096 张表，符合条件的有 4112 张：未写出工作簿' "$T/many.err")" 1
