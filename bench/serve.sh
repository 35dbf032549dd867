#!/bin/sh
# bench/serve.sh JIXIAO: `jixiao serve` under load: wrk (Debian's) with 200
# concurrent connections for 10 s against the rescoring API (POST one form's
# JSON, the editor's request) and against the list page (16 forms), on a
# server with the example imported.  Reports requests/s, latency
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
	echo "== $label"
	wrk -t 2 -c 200 -d 10s --latency "$@" 2>&1 | grep -E 'Requests/sec|Latency |50%|90%|99%|non-2xx'
}
run "POST /api/rescore (one form, 200 connections)" -s "$D/post.lua" "$U/api/rescore"
run "GET /forms (16 forms, 200 connections)" -s "$D/get.lua" "$U/forms"
