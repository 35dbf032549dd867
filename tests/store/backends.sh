# tests/store/backends.sh: PostgreSQL answers as SQLite does (issue 19).  The
# store suite's flows, through jixiao's commands only, run once on each
# backend: every output and exit status must be the same (the database's
# name and the times of day aside).  Sourced by tests/store/check.sh with a
# server up (pg_up); uses ok, no, is, JX, T, EX, SX.
SDB=$(JX_DB_BACKEND=sqlite db_new same-s)
PDB=$(JX_DB_BACKEND=pg db_new same_p)
# on: a command on one database, its output with the name and times made alike
on() { # on DB ARGS...
	d=$1; shift
	"$JX" "$@" --db "$d" >"$T/on.out" 2>&1
	rc=$?
	sed -e "s|$d|DB|g" -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z\{0,1\}/TIME/g' "$T/on.out"
	echo "exit $rc"
}
both() { # both ARGS...: the same on both
	on "$SDB" "$@" >"$T/both-s"
	on "$PDB" "$@" >"$T/both-p"
	if [ -s "$T/both-s" ] && cmp -s "$T/both-s" "$T/both-p"; then ok; else
		no "PostgreSQL differs from SQLite: jixiao $*"; diff "$T/both-s" "$T/both-p" | head -n 10; fi
}
python3 "$SX/derive-2022.py" "$EX" "$T/same-2022.txt"
awk 'NR <= 79' "$EX" | sed '62s/\t4.8\t4.8\t4.8\t/\t4.8\t四点八\t4.8\t/' >"$T/same-three.txt"
{ awk 'NR <= 29' "$EX"; awk 'NR <= 29' "$EX"; } >"$T/same-dup.txt"
sed 's/上海西路办事处/满城北街办事处/g' "$EX" >"$T/same-B.txt"
both import "$EX"
both import "$EX"
both list
both list --format json
both list --unit 上海西路 --contains --format json
both show --format json 残联工作经费
both show --contains 工作经费
both show 没有这个项目
for by in unit year level1 grade rate score source; do
	both summary --by $by
	both summary --by $by --format json --year 2023
done
both render --format json
both render --format csv
# the report is a file (-o DIR): the same file from each
"$JX" report -o "$T/same-report-s" --db "$SDB" >/dev/null 2>&1
"$JX" report -o "$T/same-report-p" --db "$PDB" >/dev/null 2>&1
alike() { sed -e "s|$2|DB|g" -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]\(:[0-9][0-9]\)\{0,1\}Z\{0,1\}/TIME/g' "$1"; }
if [ -s "$T/same-report-s/report.html" ] &&
	[ "$(alike "$T/same-report-s/report.html" "$SDB" | md5sum)" = "$(alike "$T/same-report-p/report.html" "$PDB" | md5sum)" ]; then
	ok
else
	no "PostgreSQL differs from SQLite: jixiao report --db"
fi
both import "$T/same-three.txt"
both import "$T/same-dup.txt"
both import "$T/same-2022.txt"
both import "$EX" "$T/same-B.txt"
both compare --years 2022,2023
both compare --years 2022,2023 --format json
both summary --format json
both summary --by year
both list --year 2022 --format json
# the workflow and the registry
printf '单位名称,主管部门\n银川市金凤区上海西路办事处,金凤区\n银川市金凤区满城北街办事处,金凤区\n' >"$T/same-units.csv"
both unit import "$T/same-units.csv"
both unit list --format json
for d in "$SDB" "$PDB"; do
	printf 'clerk-pass-1\n' | "$JX" user add c --role clerk --name 甲 --unit 银川市金凤区上海西路办事处 --db "$d" 2>/dev/null
	printf 'depart-pass-1\n' | "$JX" user add d --role department --name 乙 --department 金凤区 --db "$d" 2>/dev/null
	printf 'finan-pass-1\n' | "$JX" user add f --role finance --name 丙 --db "$d" 2>/dev/null
done
both user list --format json
both review submit 1 2 3 17 --as c
both review approve 1 2 --as d --reason 材料齐全
both review return 3 --as d --reason 请补充偏差原因
both review approve 1 2 --as f --reason 同意
both sample --year 2023 --rate 10% --seed 5 --as f --format json
both review publish 1 --as f
both list --format json
both task add --year 2023 --deadline 2024-03-31 --title 自评 --as f
both task list --today 2024-04-01 --format json
both summary --by unit --format json
is "both databases were written (the comparison is not of two empty answers)" \
	"$(db_q "$PDB" 'SELECT count(*) FROM forms'):$(db_q "$PDB" 'SELECT count(*) FROM history'):$(db_q "$PDB" 'SELECT count(*) FROM reviews')" \
	"$(db_q "$SDB" 'SELECT count(*) FROM forms'):$(db_q "$SDB" 'SELECT count(*) FROM history'):$(db_q "$SDB" 'SELECT count(*) FROM reviews')"
