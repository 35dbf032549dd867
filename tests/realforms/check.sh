# tests/realforms/check.sh: the template reader (src/read/grid.h) — the facts
# its goldens pin, stated, and what hostile texts cost.  Sourced by
# tests/run.sh (JX, T, pass, failed).  The 21 published forms themselves are
# measured by ../shared/real-forms/score.py (README 「各地表样」), outside the
# repository.
ok() { pass=$((pass + 1)); }
no() { failed "realforms: $*"; }
is() { if [ "$2" = "$3" ]; then ok; else no "$1: got «$2», want «$3»"; fi; }
R=tests/realforms

# --- what each shape reads ----------------------------------------------------------
j() { "$JX" check --format json "$R/$1" 2>/dev/null | jq -c "$2"; }
is "pipe rows, 年初预算数 empty: 50 and 45 stay budget and executed" \
	"$(j pipe-shift.txt '.forms[0].funds.total | [.budget, .executed, .declared_rate]')" '[50,45,0.9]'
is "… and its initial is unread, not empty" "$(j pipe-shift.txt '.forms[0].funds.total.unread')" '["initial"]'
is "a digit run split by the column order and 执行率 (5050100.00%10)" \
	"$(j runtogether.txt '.forms[0].funds.total | [.budget, .executed, .declared_rate]')" '[50,50,1]'
is "… and reported as reconstructed" \
	"$("$JX" check "$R/runtogether.txt" 2>&1 | grep -c '已按列的顺序和执行率拆分')" 2
is "OCR indicator rows read by their values" \
	"$(j ocr-indicators.txt '[.forms[0].indicators[] | [.name, .target, .actual, .weight]]')" \
	'[["清淤渠道长度","20公里","21公里",30],["清淤验收合格率","100%","100%",30],["受益农户满意度","≥90%","95%",30]]'
is "a leading pipe read by the header's cell count: no shifted row" \
	"$(j pipe-extra.txt '[.forms[0].indicators[] | .name]')" '["服务老人数","服务合格率","老人满意度"]'
is "one cell per paragraph" "$(j paragraphs.txt '[.forms[0].indicators[] | [.target, .actual, .declared_score]]')" \
	'[["4批","4批",10],["100%","100%",10],["0次","0次",10]]'
is "a scrambled head and fund block" \
	"$(j scrambled.txt '[.forms[0].project, .forms[0].funds.total.budget, .forms[0].funds.fiscal.executed]')" \
	'["农村环境整治经费",88.5,80.1]'
is "the title's year in the cells after it, header words split over lines" \
	"$(j space-rows.txt '[.forms[0].year, (.forms[0].indicators | length)]')" '[2024,5]'

# --- unread is not empty, and an unreadable form has no total ------------------------
for f in "$R"/*.txt; do
	n=$("$JX" check "$f" 2>&1 | grep -c '为空')
	is "$(basename "$f"): no cell called empty" "$n" 0
done
is "an unscorable form: no total, no grade, a reason" \
	"$(j scrambled.txt '.forms[0].total | [.score, .grade, (.unscorable | length > 0)]')" '[null,null,true]'
is "… 「无法评分」 in the table" "$("$JX" check "$R/scrambled.txt" 2>/dev/null | grep -c '无法评分$')" 1
"$JX" check --format json "$R/pipe-shift.txt" >"$T/rf.json" 2>/dev/null
is "unread lists survive check's JSON read back" \
	"$("$JX" check --format json "$T/rf.json" 2>/dev/null | jq -c '.forms[0].funds.total.unread')" '["initial"]'
# the reader's own mark typed into a standard form is text, never "unread"
sed '37s/\t3\t/\t\xef\xbf\xbc\t/' examples/jinfeng-shanghaixilu-2023.txt >"$T/mark.txt"
is "U+FFFC in a cell of the input is not a mark" "$("$JX" check "$T/mark.txt" 2>&1 | grep -c '未能读取')" 0

# --- templates as data -----------------------------------------------------------------
is "a template file changes what is read" \
	"$("$JX" check --format json --template "$R/ningxia.tpl" "$R/ningxia.txt" 2>/dev/null |
		jq -c '.forms[0].indicators[0] | [.target, .actual, .weight]')" '["500亩","520亩",10]'
"$JX" check --template "$R/bad/unknown-column.tpl" "$R/ningxia.txt" >/dev/null 2>"$T/tpl.err"
is "a broken template file: exit 2" "$?" 2
is "… named at file:line" "$(grep -c 'unknown-column.tpl:4:' "$T/tpl.err")" 1

# --- hostile texts: bounded CPU and memory (ulimit, never elapsed time) ----------------
bounded() { # bounded DESC FILE: check finishes within 20 CPU seconds and 2 GB
	# (under ASan the address space cannot be capped: CPU only, and more of it)
	if [ -n "${JX_SANITIZED:-}" ]; then
		(ulimit -t 120 && exec "$JX" check "$2" >/dev/null 2>&1)
	else
		(ulimit -t 20 && ulimit -v 2000000 && exec "$JX" check "$2" >/dev/null 2>&1)
	fi
	c=$?
	if [ "$c" -le 2 ]; then ok; else no "$1: exit $c (killed: over its CPU or memory bound?)"; fi
}
awk 'BEGIN { print "项目支出绩效自评表"; for (i = 0; i < 20000; i++) print "项目支出绩效自评表" }' >"$T/titles.txt"
bounded "20,000 titles" "$T/titles.txt"
{ cat "$R/space-rows.txt"; echo "评价结论"; awk 'BEGIN { for (i = 0; i < 30000; i++) print "结论文字" i }'; } >"$T/closing.txt"
bounded "30,000 closing lines" "$T/closing.txt"
awk 'BEGIN { printf "项目支出绩效自评表\n项目名称 测试\n一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n产出指标 数量指标";
	for (i = 0; i < 60000; i++) printf " 指标%d 5个 5个 1 1", i; print "" }' >"$T/runline.txt"
bounded "one row of 300,000 cells" "$T/runline.txt"
awk 'BEGIN { printf "项目支出绩效自评表\n年度资金总额"; for (i = 0; i < 4000; i++) printf "1234567.1234"; print "" }' >"$T/digits.txt"
bounded "a digit run of 48,000 bytes" "$T/digits.txt"

# --- a rate agrees within its printed precision: 27.6 / 30 = 92%, not 7.6 / 302 = 2.5% ≈ 2%
is "a 其中 row run together, split by its rate's printed precision" \
	"$(j ocr-rate.txt '.forms[0].funds.fiscal | [.budget, .executed, .declared_rate]')" '[30,27.6,0.92]'
is "a 总分 with a decimal score run together" "$(j ocr-rate.txt '.forms[0].total | [.weight, .declared]')" '[100,97.2]'
is "a run-together goal: its actual is unread" "$(j ocr-rate.txt '.forms[0].goal.unread')" '["actual"]'

# --- file metadata, paired labels, split labels, and what import makes of a rebuilt reading
is "# key: lines at the top are where the text came from, not a form" \
	"$(j ocr-whole.txt '.forms | length')" 1
is "实施单位/项目负责人 | 某县园林所/李明: the unit" "$(j ocr-whole.txt '.forms[0].implementer')" '"某县园林所"'
is "a block's points after its 二级指标 label (数量指标50分补植株数…)" \
	"$(j ocr-whole.txt '.forms[0].indicators[0] | [.level2, .name, .target, .weight]')" '["数量指标50分","补植株数","300株",50]'
is "a 其中 row run together without 分值 and 得分: read, and they are absent, not unread" \
	"$(j ocr-whole.txt '.forms[0].funds.fiscal | [.budget, .executed, .unread]')" '[80,72,null]'
"$JX" check "$R/ocr-whole.txt" >"$T/ow.out" 2>&1
is "reconstructions are info, never errors: 7 of them, 0 errors" \
	"$(grep -c ' info: .*\[reconstructed\]$' "$T/ow.out") $(grep -c ' error: ' "$T/ow.out")" "7 0"
"$JX" import --db "$T/rf.db" "$R/ocr-whole.txt" >"$T/rf-import.out" 2>&1
is "a form read by reconstruction only is imported" "$?" 0
is "… with its reconstructed findings stored" \
	"$("$JX" list --db "$T/rf.db" --format json 2>/dev/null | jq '.forms[0].findings.info')" 8
is "a level label and its points split over three cells (效益指 | 标(30 | 分))" \
	"$(j split-labels.txt '[.forms[0].indicators[] | .level1]')" '["产出指标","效益指标","满意度指标"]'

# --- what could not be read stays so through check's JSON and render's CSV ------------
for f in "$R"/*.txt; do
	n=$(basename "$f")
	"$JX" check --format json "$f" >"$T/rt.json" 2>/dev/null
	"$JX" render --format csv "$f" >"$T/rt.csv" 2>/dev/null
	want=$(jq -c '[.forms[] | [.total.score, .total.grade, (.total.unscorable != null), (.indicators | length)]]' "$T/rt.json")
	is "$n: its JSON read back scores the same (unscorable stays unscorable)" \
		"$("$JX" check --format json "$T/rt.json" 2>/dev/null | jq -c '[.forms[] | [.total.score, .total.grade, (.total.unscorable != null), (.indicators | length)]]')" "$want"
	is "$n: … and its CSV" \
		"$("$JX" check --format json "$T/rt.csv" 2>/dev/null | jq -c '[.forms[] | [.total.score, .total.grade, (.total.unscorable != null), (.indicators | length)]]')" "$want"
done
is "the JSON says which cells a form does not have" \
	"$(j fragment.txt '.forms[0].indicators[0].absent')" '["weight","declared_score"]'

# --- a stored form is its fields (jx_render_form_fields), put back as they were ------------
"$JX" import --db "$T/rf2.db" "$R/ocr-rate.txt" >/dev/null 2>&1
"$JX" render --format json --db "$T/rf2.db" 2>/dev/null | jq -S .forms >"$T/rf-db.forms"
"$JX" check --format json "$R/ocr-rate.txt" 2>/dev/null | jq -S .forms >"$T/rf-file.forms"
if cmp -s "$T/rf-db.forms" "$T/rf-file.forms"; then ok; else no "ocr-rate.txt: render --db gives another form than the file"; fi
is "… its template, layout and unread goal among them" \
	"$(jq -c '.[0] | [.template.name, .layout, .goal.unread]' "$T/rf-db.forms")" '["national","oneline",["actual"]]'
is "… stored as fields, not as a table's text (compressed: read here by Debian's zstd)" \
	"$(python3 -c 'import sqlite3, subprocess, sys
for (s,) in sqlite3.connect(sys.argv[1]).execute("SELECT source FROM forms"):
    print(subprocess.run(["zstd", "-dc"], input=s, capture_output=True, check=True).stdout[:11].decode())' "$T/rf2.db")" '{"fields":1'
# a row that zlib deflated (schema 6, as d187188 wrote it) still reads back the same, in a database at 7
python3 -c 'import sqlite3, subprocess, sys, zlib
db = sqlite3.connect(sys.argv[1])
for (i, s) in db.execute("SELECT id, source FROM forms").fetchall():
    text = subprocess.run(["zstd", "-dc"], input=s, capture_output=True, check=True).stdout
    db.execute("UPDATE forms SET source = ? WHERE id = ?", (zlib.compress(text, 1), i))
db.commit()' "$T/rf2.db"
"$JX" render --format json --db "$T/rf2.db" 2>/dev/null | jq -S .forms >"$T/rf-zlib.forms"
is "… and from a row deflated by zlib (the source before zstd)" \
	"$(cmp -s "$T/rf-zlib.forms" "$T/rf-file.forms" && echo same):$(sqlite3 "$T/rf2.db" "SELECT substr(hex(source), 1, 2) FROM forms")" "same:78"
# a database whose source is a form's canonical text (schema 2 and 3 before fields) still renders
"$JX" import --db "$T/rf3.db" "$R/values.txt" >/dev/null 2>&1
sqlite3 "$T/rf3.db" "UPDATE forms SET source = CAST(readfile('$R/values.txt') AS TEXT)"
"$JX" render --format json --db "$T/rf3.db" 2>/dev/null | jq -S .forms >"$T/rf3-db.forms"
"$JX" check --format json "$R/values.txt" 2>/dev/null | jq -S .forms >"$T/rf3-file.forms"
if cmp -s "$T/rf3-db.forms" "$T/rf3-file.forms"; then ok; else no "a stored form's canonical text no longer renders as its file"; fi
# … every cell as it was: notes' line breaks, 無 rows, a workbook's layout
for f in tests/review/a3-h12_nav_plain.html tests/variants/traditional.txt; do
	rm -f "$T/rf4.db"
	"$JX" import --db "$T/rf4.db" "$f" >/dev/null 2>&1
	"$JX" render --format json --db "$T/rf4.db" 2>/dev/null | jq -S '.forms | sort_by(.line)' >"$T/rf4-db.json"
	"$JX" check --format json "$f" 2>/dev/null | jq -S '.forms | sort_by(.line)' >"$T/rf4-file.json"
	"$JX" render --format md --db "$T/rf4.db" >"$T/rf4-db.md" 2>/dev/null
	"$JX" render --format md "$f" >"$T/rf4-file.md" 2>/dev/null
	if [ -s "$T/rf4-db.md" ] && cmp -s "$T/rf4-db.json" "$T/rf4-file.json" && cmp -s "$T/rf4-db.md" "$T/rf4-file.md"; then
		ok
	else no "$f: stored and read back, its JSON or Markdown differs from the file's"; fi
done
"$JX" render --format xlsx -o "$T/rf.xlsx" "$R/values.txt" >/dev/null 2>&1
rm -f "$T/rf5.db"
"$JX" import --db "$T/rf5.db" "$T/rf.xlsx" >/dev/null 2>&1
is "a stored workbook form keeps its layout" \
	"$("$JX" render --format json --db "$T/rf5.db" 2>/dev/null | jq -r '.forms[0].layout')" xlsx
"$JX" check --format json "$R/values.txt" | jq '.forms[0] + {"fields": [1]}' >"$T/notfields.json"
is "a check form with a \"fields\" member that is not 1 is read as a check form" \
	"$("$JX" check --format json "$T/notfields.json" 2>/dev/null | jq -c '.forms[0].total | [.declared, .score]')" \
	"$("$JX" check --format json "$R/values.txt" 2>/dev/null | jq -c '.forms[0].total | [.declared, .score]')"
