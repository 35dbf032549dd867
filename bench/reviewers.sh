#!/bin/sh
# bench/reviewers.sh JIXIAO: a bureau's server under 50 reviewers (issue 19):
# 10,000 forms stored (bench/import.sh's file), 50 财政 accounts each logged
# in with a session of its own, and wrk with 50 connections, each request
# carrying one of the 50 session cookies (and its CSRF secret) in turn, for
# 10 s each: the list page, a form page, and saves (POST
# /api/forms/ID/save of 50 different forms, as the editor sends them).
# Reports requests/s, latency percentiles and errors; once on SQLite, once
# on PostgreSQL (a server of Debian's package started here, as the tests
# do: tests/lib/db.sh).
set -eu
JX=$1
command -v wrk >/dev/null 2>&1 || { echo "bench/reviewers.sh: wrk missing (sh scripts/deps.sh bench)"; exit 1; }
COPIES=${BENCH_IMPORT_COPIES:-625} # x 16 forms = 10,000
F=build/bench/import-$COPIES.txt
[ -f "$F" ] || sh bench/gen.sh "$COPIES" "$F"
# bench_on BACKEND DB: the three runs on one database
bench_on() {
B=$1
DB=$2
D=build/bench/reviewers/$B
rm -rf "$D"
mkdir -p "$D"
"$JX" import --db "$DB" "$F" >/dev/null 2>&1
for i in $(seq 50); do
	printf 'review-pass-%s\n' "$i" | "$JX" user add "fin$i" --role finance --name "财政$i" --db "$DB" 2>/dev/null
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$JX" serve --db "$DB" --listen "127.0.0.1:$port" >"$D/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; pg_down' EXIT
U=http://127.0.0.1:$port
for _ in $(seq 50); do curl -s -o /dev/null "$U/static/app.css" && break; sleep 0.1; done
# 50 sessions: a cookie and a CSRF secret each; 50 forms to save
: >"$D/sessions"
ids=$(db_q "$DB" 'SELECT id FROM forms ORDER BY id LIMIT 50')
for i in $(seq 50); do
	K=$(curl -s "$U/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | cut -d'"' -f4)
	tok=$(curl -s -o /dev/null -D - -F "csrf=$K" -F next=/ -F "login=fin$i" -F "password=review-pass-$i" "$U/login" |
		grep -o 'jixiao_session=[0-9a-f]*' | cut -d= -f2)
	csrf=$(curl -s -H "Cookie: jixiao_session=$tok" "$U/forms?page=1" | grep -o '<meta name="csrf" content="[0-9a-f]*"' | cut -d'"' -f4)
	echo "$tok $csrf" >>"$D/sessions"
done
n=0
for id in $ids; do
	n=$((n + 1))
	curl -s -H "Cookie: jixiao_session=$(head -n 1 "$D/sessions" | cut -d' ' -f1)" "$U/api/forms/$id" | jq -c '.form' >"$D/form-$n.json"
	echo "$id" >>"$D/ids"
done
id=$(head -n 1 "$D/ids")
cat >"$D/rotate.lua" <<LUA
-- each request one of the 50 sessions in turn; MODE: get (wrk's path) or save
local mode = os.getenv("MODE") or "get"
local sessions, ids, bodies = {}, {}, {}
for line in io.lines("$D/sessions") do
  local tok, csrf = line:match("(%x+) (%x+)")
  sessions[#sessions + 1] = {tok, csrf}
end
for line in io.lines("$D/ids") do ids[#ids + 1] = line end
if mode == "save" then
  for i = 1, #ids do
    local f = io.open("$D/form-" .. i .. ".json", "r")
    bodies[i] = f:read("*a")
    f:close()
  end
end
local k = 0
setup = function(thread) end
init = function(args) k = math.random(1, #sessions) end
request = function()
  k = k % #sessions + 1
  local s = sessions[k]
  local h = {["Cookie"] = "jixiao_session=" .. s[1]}
  if mode == "save" then
    h["Content-Type"] = "application/json"
    h["X-CSRF-Token"] = s[2]
    local j = k % #ids + 1
    return wrk.format("POST", "/api/forms/" .. ids[j] .. "/save", h, bodies[j])
  end
  return wrk.format("GET", nil, h, nil)
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx %d, socket errors %d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
forms=$(db_q "$DB" 'SELECT count(*) FROM forms')
run() {
	label=$1
	mode=$2
	shift 2
	sleep 1
	echo "== $B: $label ($forms forms stored, 50 reviewers' sessions, 50 connections)"
	MODE=$mode wrk -t 2 -c 50 -d 10s --latency -s "$D/rotate.lua" "$@" >"$D/wrk.out" 2>&1
	grep -E 'Requests/sec|50%|90%|99%|non-2xx' "$D/wrk.out"
}
run "GET /forms (the list, page 1)" get "$U/forms"
run "GET /forms/$id (a form)" get "$U/forms/$id"
v0=$(db_q "$DB" 'SELECT count(*) FROM history')
run "POST /api/forms/ID/save (50 forms in turn)" save "$U/"
v1=$(db_q "$DB" 'SELECT count(*) FROM history')
echo "  saves stored: $((v1 - v0)) new versions ($(awk -v n=$((v1 - v0)) 'BEGIN { printf "%.1f", n / 10 }') a second)"
# no lost update: every save answered 2xx is a version stored (those still
# in flight when wrk stops are stored unanswered: stored >= answered; a
# lost update would make it less)
answered=$(awk '/requests in/ { print $1 }' "$D/wrk.out")
lost=$([ "$((v1 - v0))" -ge "$answered" ] && echo none || echo "$((answered - v1 + v0))")
echo "  saves answered: $answered, versions stored: $((v1 - v0)), lost: $lost"
kill $pid 2>/dev/null
wait $pid 2>/dev/null || true
}
T=build/bench
. tests/lib/db.sh
bench_on sqlite "$(JX_DB_BACKEND=sqlite db_new reviewers)"
if pg_up; then
	bench_on postgresql "$(JX_DB_BACKEND=pg db_new reviewers)"
	pg_down
else
	echo "bench/reviewers.sh: PostgreSQL did not start (sh scripts/deps.sh test)"
fi
