#!/bin/sh
# bench/serve.sh JIXIAO: `jixiao serve` under load: wrk (Debian's) with 60
# concurrent connections (the server takes 64 from one address, WEB_PER_ADDRESS)
# for 10 s against the rescoring API (POST one form's
# JSON, the editor's request) and against the list page (16 forms), on a
# server with the example imported; then, with the 100,000 forms of
# bench.sh stored, 10 clients on each page (总览, the list, a form, its
# history) and the rescoring API while one client loads the overview
# without pause, and while ten do.  Reports requests/s, latency
# percentiles and errors (non-2xx or socket errors must be 0).
set -eu
JX=$1
command -v wrk >/dev/null 2>&1 || { echo "bench/serve.sh: wrk missing (sh scripts/deps.sh bench)"; exit 1; }
D=build/bench/serve
rm -rf "$D"
mkdir -p "$D"
"$JX" import --db "$D/b.db" examples/jinfeng-shanghaixilu-2023.txt >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$JX" serve --db "$D/b.db" --listen "127.0.0.1:$port" --threads 4 >"$D/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
U=http://127.0.0.1:$port
for _ in $(seq 50); do curl -s -o /dev/null "$U/static/app.css" && break; sleep 0.1; done
K=$(curl -s "$U/upload" | grep -o 'name="csrf" content="[0-9a-f]*"' | cut -d'"' -f4)
curl -s "$U/api/forms/1" | jq -c '.form' >"$D/form.json"
cat >"$D/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-CSRF-Token"] = "$K"
local f = io.open("$D/form.json", "r")
wrk.body = f:read("*a")
f:close()
done = function(summary, latency, requests)
  io.write(string.format("non-2xx %d, socket errors %d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
cat >"$D/get.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("non-2xx %d, socket errors %d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
run() {
	label=$1
	shift
	sleep 1 # the last run's connections closed first: they count in the 64 per address
	echo "== $label"
	wrk -t 2 -c 60 -d 10s --latency "$@" 2>&1 | grep -E 'Requests/sec|Latency |50%|90%|99%|non-2xx'
}
run "POST /api/rescore (one form, 60 connections)" -s "$D/post.lua" "$U/api/rescore"
run "GET /forms (16 forms, 60 connections)" -s "$D/get.lua" "$U/forms"

# --- 100,000 forms stored (issue 18: each page under 200 ms at p99 with 10 clients) ---
BIG=build/bench/forms-${BENCH_COPIES:-6250}.txt
[ -f "$BIG" ] || sh bench/gen.sh "${BENCH_COPIES:-6250}" "$BIG"
kill $pid 2>/dev/null
wait $pid 2>/dev/null || true
"$JX" import --db "$D/big.db" "$BIG" >/dev/null 2>&1
"$JX" serve --db "$D/big.db" --listen "127.0.0.1:$port" >"$D/serve-big.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "$U/static/app.css" && break; sleep 0.1; done
n=$(sqlite3 "$D/big.db" 'SELECT count(*) FROM forms')
id=$(sqlite3 "$D/big.db" 'SELECT id FROM forms ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM forms)')
K=$(curl -s "$U/upload" | grep -o 'name="csrf" content="[0-9a-f]*"' | cut -d'"' -f4)
curl -s "$U/api/forms/$id" | jq -c '.form' >"$D/form.json"
sed -i "s/X-CSRF-Token\"\] = \"[0-9a-f]*\"/X-CSRF-Token\"] = \"$K\"/" "$D/post.lua"
ten() {
	echo "== $1 ($n forms stored, 10 connections)"
	wrk -t 2 -c 10 -d 10s --latency -s "$D/get.lua" "$U$2" 2>&1 | grep -E 'Requests/sec|50%|99%|non-2xx'
}
ten "GET / (总览)" /
ten "GET /forms (the list, page 1)" /forms
ten "GET /forms/$id (a form)" "/forms/$id"
ten "GET /forms/$id/history" "/forms/$id/history"
for c in 1 10; do
	wrk -t 1 -c $c -d 12s "$U/" >"$D/overview-load" 2>&1 &
	load=$!
	sleep 1
	echo "== POST /api/rescore (1 connection) while $c client(s) load the overview"
	wrk -t 1 -c 1 -d 10s --latency -s "$D/post.lua" "$U/api/rescore" 2>&1 | grep -E 'Requests/sec|50%|99%|non-2xx'
	wait $load
done
