# tests/store/accounts.sh: `jixiao user` and `jixiao unit` (issue 19):
# accounts kept with an argon2id hash, scopes checked, the registry from a
# CSV all or nothing, and an audit log that nothing can change.  Sourced by
# tests/store/check.sh (ok, no, is, JX, T) once per backend (tests/lib/db.sh:
# db_new, db_q; JX_DB_BACKEND).
A=$(db_new accounts)
aq() { db_q "$A" "$1"; }
add() { # add PASSWORD ARGS...: user add with the password on stdin; prints the exit status
	pw=$1; shift
	printf '%s\n' "$pw" | "$JX" user add "$@" --db "$A" >"$T/u.out" 2>"$T/u.err"
	echo $?
}
is "user add admin into a new database: exit 0" "$(add 'admin-pass-1' admin --role admin --name 管理员甲)" 0
is "the password is kept as an argon2id hash, never as typed" \
	"$(aq "SELECT substr(password, 1, 10), CASE WHEN password LIKE '%admin-pass-1%' THEN 1 ELSE 0 END FROM accounts WHERE login = 'admin'")" '$argon2id$|0'
is "a password of 7 characters: refused, nothing added" \
	"$(add '1234567' c0 --role clerk --name 甲 --unit 单位一):$(aq "SELECT count(*) FROM accounts WHERE login = 'c0'")" "2:0"
is "... and the message says the minimum" "$(grep -c '至少 8 个字符' "$T/u.err")" 1
is "8 Chinese characters are 8 characters" "$(add '八个汉字的密码呀' c8 --role clerk --name 甲 --unit 单位一)" 0
is "a password equal to the login: refused" "$(add 'clerkone' clerkone --role clerk --name 甲 --unit 单位一)" 2
is "a login taken: refused" "$(add 'another-pass' admin --role admin --name 乙)" 2
is "... said so" "$(grep -c '账号「admin」已存在' "$T/u.err")" 1
is "a login with a space: refused" "$(add 'good-pass-1' 'a b' --role admin --name 乙)" 2
is "a clerk without a unit: refused" "$(add 'good-pass-1' c1 --role clerk --name 乙)" 2
is "a department reviewer with --unit: refused" "$(add 'good-pass-1' d1 --role department --name 乙 --unit 单位一)" 2
is "finance with a scope: refused" "$(add 'good-pass-1' f1 --role finance --name 乙 --department 教育局)" 2
is "an unknown role: refused" "$(add 'good-pass-1' x1 --role boss --name 乙)" 2
is "a name with a control character: refused" "$(add 'good-pass-1' x2 --role admin --name "$(printf 'a\tb')")" 2
is "a name with a right-to-left override (reads as another name): refused" \
	"$(add 'good-pass-1' x3 --role admin --name "$(printf 'ab\342\200\256cd')")" 2
is "a name with a C1 control: refused" "$(add 'good-pass-1' x4 --role admin --name "$(printf 'ab\302\205cd')")" 2
is "a clerk of two units (Chinese role name)" \
	"$(add 'clerk-pass-1' clerk1 --role 单位经办 --name 张三 --unit '上海市金丰小学' --unit '上海市 西路中学')" 0
is "... an unknown unit is said (the account would see nothing), not refused" \
	"$(grep -c '不在单位名册上，也没有这个单位的表' "$T/u.err")" 2
is "... its scope keys are the names normalised (spaces gone), as forms' are" \
	"$(aq "SELECT key FROM account_scope s JOIN accounts a ON a.id = s.account_id WHERE login = 'clerk1' ORDER BY key" | paste -sd '|')" \
	"上海市西路中学|上海市金丰小学"
is "the password from stdin must be there" \
	"$("$JX" user add c2 --role clerk --name 乙 --unit 单位一 --db "$A" </dev/null >/dev/null 2>&1; echo $?)" 2
"$JX" user list --db "$A" --format json >"$T/u.json"
is "user list --format json: logins, roles and scopes" \
	"$(jq -c '[.accounts[] | [.login, .role, .disabled, (.scope | length)]]' "$T/u.json")" \
	'[["admin","admin",false,0],["c8","clerk",false,1],["clerk1","clerk",false,2]]'
is "user list (text) names the role in Chinese" "$("$JX" user list --db "$A" | grep -c '张三  单位经办  上海市 西路中学、上海市金丰小学')" 1
"$JX" user disable clerk1 --db "$A" 2>/dev/null
is "user disable" "$(aq "SELECT disabled FROM accounts WHERE login = 'clerk1'")" 1
"$JX" user enable clerk1 --db "$A" 2>/dev/null
is "user enable" "$(aq "SELECT disabled FROM accounts WHERE login = 'clerk1'")" 0
is "user disable of no such login: exit 2" "$("$JX" user disable nobody --db "$A" 2>/dev/null; echo $?)" 2
old=$(aq "SELECT password FROM accounts WHERE login = 'clerk1'")
printf 'new-clerk-pass\n' | "$JX" user passwd clerk1 --db "$A" 2>/dev/null
is "user passwd: a new hash" "$([ "$old" != "$(aq "SELECT password FROM accounts WHERE login = 'clerk1'")" ] && echo changed)" changed
is "user passwd with a short password: exit 2" "$(printf 'short\n' | "$JX" user passwd clerk1 --db "$A" 2>/dev/null; echo $?)" 2
is "user without a subcommand: exit 2" "$("$JX" user --db "$A" 2>/dev/null; echo $?)" 2
if db_is_pg "$A"; then
	E=$(db_new empty)
	is "user list of an empty database: exit 2, no table made" \
		"$("$JX" user list --db "$E" 2>/dev/null; echo $?):$(db_q "$E" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" "2:0"
	is "user list of a database that is not there: exit 2" \
		"$("$JX" user list --db "${E%%\?*}-none?${E#*\?}" 2>/dev/null; echo $?)" 2
else
	is "user list of a database that is not there: exit 2, nothing made" \
		"$("$JX" user list --db "$T/none.db" 2>/dev/null; echo $?):$([ -e "$T/none.db" ] && echo made)" "2:"
fi

# the registry of units
printf '\357\273\277单位名称,主管部门,单位代码\r\n上海市金丰小学,上海市教育局,001\r\n"上海市西路中学",上海市教育局,\r\n' >"$T/units.csv"
"$JX" unit import "$T/units.csv" --db "$A" 2>"$T/u.err"
is "unit import (UTF-8 with BOM, CRLF): 2 units" "$?:$(aq 'SELECT count(*) FROM units')" "0:2"
is "... keyed as forms' units are, the code kept or NULL" \
	"$(aq "SELECT key || '|' || coalesce(code, 'NULL') FROM units ORDER BY key")" \
	"$(printf '上海市西路中学|NULL\n上海市金丰小学|001')"
printf '单位名称,主管部门\n上海市金丰小学,上海市财政局\n' | iconv -f UTF-8 -t GBK >"$T/units-gbk.csv"
"$JX" unit import "$T/units-gbk.csv" --db "$A" 2>/dev/null
is "unit import (GBK): the unit moves to its new 主管部门" \
	"$(aq "SELECT department FROM units WHERE key = '上海市金丰小学'")" 上海市财政局
printf '单位名称,主管部门\n单位甲,部门甲\n单位乙,\n' >"$T/units-bad.csv"
"$JX" unit import "$T/units-bad.csv" --db "$A" 2>"$T/u.err"
is "a row without its 主管部门: exit 2, the file:line said, no row kept" \
	"$?:$(cat "$T/u.err"):$(aq "SELECT count(*) FROM units WHERE name = '单位甲'")" \
	"2:$T/units-bad.csv:3: 这一行缺少主管部门:0"
printf '单位名称,主管部门\n' >"$T/units-empty.csv"
is "a CSV of the header alone: exit 2 (no unit is no import)" \
	"$("$JX" unit import "$T/units-empty.csv" --db "$A" 2>&1 >/dev/null | grep -c '文件里没有单位')" 1
printf '名称,部门\na,b\n' >"$T/units-head.csv"
is "a CSV without the header: exit 2" "$("$JX" unit import "$T/units-head.csv" --db "$A" 2>/dev/null; echo $?)" 2
printf '单位名称,主管部门\n"a,b\n' >"$T/units-quote.csv"
is "an unclosed quote: exit 2 with its line" \
	"$("$JX" unit import "$T/units-quote.csv" --db "$A" 2>&1 >/dev/null | grep -c 'units-quote.csv:2: ')" 1
is "unit list --format json" "$("$JX" unit list --db "$A" --format json | jq -c '[.units[] | .name]')" \
	'["上海市西路中学","上海市金丰小学"]'

# the audit log: every change above, and nothing can change or remove an entry
is "the CLI's changes are in the audit log" \
	"$(aq "SELECT action FROM audit_log ORDER BY id" | paste -sd ' ')" \
	"user-add user-add user-add user-disable user-enable user-passwd unit-import unit-import"
is "an entry cannot be changed" "$(aq "UPDATE audit_log SET login = 'x'" 2>&1 | grep -c 'append-only')" 1
is "an entry cannot be deleted" "$(aq "DELETE FROM audit_log" 2>&1 | grep -c 'append-only'):$(aq 'SELECT count(*) FROM audit_log')" "1:8"

# the review from the command line, and the sample (jixiao review, jixiao sample)
S=$(db_new sample)
sed 's/上海西路办事处/满城北街办事处/g' "$EX" >"$T/B.txt"
"$JX" import --db "$S" "$EX" "$T/B.txt" >/dev/null 2>&1
printf 'clerk-pass-1\n' | "$JX" user add c --role clerk --name 甲 --unit 银川市金凤区上海西路办事处 \
	--unit 银川市金凤区满城北街办事处 --db "$S" 2>/dev/null
printf 'finan-pass-1\n' | "$JX" user add f --role finance --name 乙 --db "$S" 2>/dev/null
ids=$(db_q "$S" 'SELECT id FROM forms ORDER BY id' | tr '\n' ' ')
# shellcheck disable=SC2086
"$JX" review approve $ids --as c --db "$S" >/dev/null 2>"$T/r.err"
is "review approve by a clerk: exit 2, each form says why" "$?:$(grep -c '只有单位\|这个角色不审核' "$T/r.err")" "2:32"
# shellcheck disable=SC2086
"$JX" review submit $ids --as c --db "$S" >"$T/r.out" 2>&1
is "review submit: with no 主管部门 account, every form to 待财政审核" "$?:$(grep -c '待财政审核' "$T/r.out")" "0:32"
# shellcheck disable=SC2086
"$JX" review approve $ids --as f --reason '批量通过（测试）' --db "$S" >"$T/r.out" 2>&1
is "review approve by 财政: 审核通过" "$?:$(grep -c '审核通过' "$T/r.out")" "0:32"
"$JX" review return 1 --as f --db "$S" >/dev/null 2>"$T/r.err"
is "review return without --reason: exit 2, says so" "$?:$(grep -c '退回须写明原因' "$T/r.err")" "2:1"
is "sample without --seed: exit 2" "$("$JX" sample --year 2023 --rate 10% --dry-run --db "$S" 2>/dev/null; echo $?)" 2
is "sample as a clerk: exit 2" "$("$JX" sample --year 2023 --rate 10% --seed 1 --as c --db "$S" 2>/dev/null; echo $?)" 2
a=$("$JX" sample --year 2023 --rate 10% --seed 7 --dry-run --format json --db "$S")
b=$("$JX" sample --year 2023 --rate 10% --seed 7 --dry-run --format json --db "$S")
is "sample --dry-run: the same seed, the same forms" "$(echo "$a" | jq -c '.forms')" "$(echo "$b" | jq -c '.forms')"
is "… ⌈10% × 16⌉ = 2 from each unit's 16 forms" \
	"$(echo "$a" | jq -c '[.candidates, .sampled, ([.forms[].stratum] | group_by(.) | map(length))]')" '[32,4,[2,2]]'
c8=$("$JX" sample --year 2023 --rate 10% --seed 8 --dry-run --format json --db "$S" | jq -c '[.forms[].id]')
is "… another seed, another draw" "$([ "$c8" != "$(echo "$a" | jq -c '[.forms[].id]')" ] && echo differs)" differs
is "… --dry-run changed nothing" "$(db_q "$S" "SELECT count(*) FROM reviews WHERE action = 'sample'")" 0
"$JX" sample --year 2023 --rate 10% --seed 7 --as f --format json --db "$S" >"$T/s.json"
is "sample --as f: the dry run's forms, now 抽查复核中" \
	"$(jq -c '[.forms[].id]' "$T/s.json"):$(db_q "$S" "SELECT count(*) FROM reviews WHERE action = 'sample' AND login = 'f'")" \
	"$(echo "$a" | jq -c '[.forms[].id]'):4"
is "… in the audit log too" "$(db_q "$S" "SELECT count(*) FROM audit_log WHERE action = 'review-sample' AND address = 'local'")" 4
is "a second sample draws from what is still 审核通过" \
	"$("$JX" sample --year 2023 --rate 10% --seed 7 --dry-run --format json --db "$S" | jq -c '.candidates')" 28
"$JX" sample --year 2023 --rate 50% --seed 3 --by amount --dry-run --format json --db "$S" >"$T/s2.json"
is "sample --by amount: strata by 全年预算数" \
	"$(jq -r '[.forms[].stratum] | unique | all(test("万元|无预算数"))' "$T/s2.json")" true

# tasks (jixiao task)
printf '单位名称,主管部门\n银川市金凤区上海西路办事处,金凤区\n银川市金凤区满城北街办事处,金凤区\n银川市金凤区长城路办事处,金凤区\n' >"$T/u3.csv"
"$JX" unit import "$T/u3.csv" --db "$S" 2>/dev/null
is "task add by a clerk: exit 2" "$("$JX" task add --year 2023 --deadline 2024-03-31 --title 自评 --as c --db "$S" 2>/dev/null; echo $?)" 2
is "task add with a bad deadline: exit 2" "$("$JX" task add --year 2023 --deadline 2024-13-01 --title 自评 --as f --db "$S" 2>/dev/null; echo $?)" 2
"$JX" task add --year 2023 --deadline 2024-03-31 --title '2023年度项目支出绩效自评' --as f --db "$S" >/dev/null
"$JX" task list --today 2024-04-01 --format json --db "$S" >"$T/t.json"
is "task list: every unit of the registry, its forms by state, the one without forms overdue" \
	"$(jq -c '[.tasks[0].units[] | [.forms, .passed + .in_review, .done, .overdue]]' "$T/t.json")" \
	'[[16,16,true,false],[16,16,true,false],[0,0,false,true]]'
"$JX" task list --today 2024-03-01 --format json --db "$S" >"$T/t2.json"
is "… before the deadline nothing is overdue" "$(jq -c '[.tasks[0].units[] | .overdue] | any' "$T/t2.json")" false
is "… the task in the audit log" "$(db_q "$S" "SELECT count(*) FROM audit_log WHERE action = 'task-add'")" 1
is "task add with 2024-02-30: exit 2" "$("$JX" task add --year 2023 --deadline 2024-02-30 --title 自评 --as f --db "$S" 2>/dev/null; echo $?)" 2
is "task add with a control character in the title: exit 2" \
	"$("$JX" task add --year 2023 --deadline 2024-02-29 --title "$(printf 'a\tb')" --as f --db "$S" 2>/dev/null; echo $?)" 2
long=$(python3 -c 'print("项目支出绩效自评" * 20)')
"$JX" task add --year 2023 --deadline 2024-02-29 --title "$long" --as f --db "$S" >/dev/null
is "a long title is cut in the audit log at a character, not inside one" \
	"$(db_q "$S" "SELECT detail FROM audit_log WHERE action = 'task-add' ORDER BY id DESC LIMIT 1" |
		python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8"); print("utf-8")')" utf-8
is "sample at a tiny rate: still one form from each unit" \
	"$("$JX" sample --year 2023 --rate 0.000001 --seed 1 --dry-run --format json --db "$S" | jq -c '[.sampled, ([.forms[].stratum] | unique | length)]')" "[2,2]"

# backup (jixiao backup): a consistent copy while a writer holds the database;
# PostgreSQL's are pg_dump's (README 部署), and jixiao backup says so
if db_is_pg "$S"; then
	rm -f "$T/backup.db"
	"$JX" backup "$T/backup.db" --db "$S" 2>"$T/b.err"
	is "backup of a PostgreSQL database: exit 2, names pg_dump, no file made" \
		"$?:$(grep -c 'pg_dump' "$T/b.err"):$([ -e "$T/backup.db" ] && echo made)" "2:1:"
else
rm -f "$T/backup.db"
python3 -c "
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute('BEGIN IMMEDIATE'); c.execute(\"INSERT INTO meta VALUES ('x-held', '1')\")
open(sys.argv[2], 'w').close(); time.sleep(3); c.rollback()" "$S" "$T/held" &
held=$!
for _ in $(seq 50); do [ -e "$T/held" ] && break; sleep 0.1; done
is "… (the writer holds the lock before the backup starts)" "$([ -e "$T/held" ] && echo held)" held
"$JX" backup "$T/backup.db" --db "$S" 2>"$T/b.err"
is "backup while a writer holds the database: exit 0" "$?" 0
wait $held
is "… the copy has every form and review, not the writer's uncommitted row" \
	"$(sqlite3 "$T/backup.db" "SELECT (SELECT count(*) FROM forms) || ':' || (SELECT count(*) FROM reviews) || ':' || (SELECT count(*) FROM meta WHERE key = 'x-held')")" \
	"$(db_q "$S" "SELECT (SELECT count(*) FROM forms) || ':' || (SELECT count(*) FROM reviews)"):0"
is "… and jixiao reads it" "$("$JX" list --db "$T/backup.db" | tail -n 1)" "32 张自评表"
is "backup onto an existing file: exit 2, the file untouched" \
	"$("$JX" backup "$T/backup.db" --db "$S" 2>/dev/null; echo $?):$(sqlite3 "$T/backup.db" 'SELECT count(*) FROM forms')" "2:32"
is "… no temporary file left" "$(ls "$T" | grep -c 'tmp-backup')" 0
fi
