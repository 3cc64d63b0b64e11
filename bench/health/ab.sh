#!/bin/bash
# GET /api/health throughput, this checkout against an older commit (default dae00f6: /api/health queried nothing),
# alternated over ROUNDS so the shared machine's load falls on both alike. Empty PostgreSQL database, no background
# jobs, autocannon with 50 connections for 8 s after a 2 s warm-up.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/health_bench bench/health/ab.sh [OLD_COMMIT] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
old_commit=${1:-dae00f6}
rounds=${2:-2}
port=${PORT:-3077}
old=$(mktemp -d)
git -C "$here" archive "$old_commit" src bin drizzle package.json tsconfig.json | tar -x -C "$old"
ln -s "$here/node_modules" "$old/node_modules"
export XINFANG_DEMO=off XINFANG_SCAN_MINUTES=0 XINFANG_NOTIFY_SECONDS=0 XINFANG_SWEEP_MINUTES=0 LOG_LEVEL=warn
export XINFANG_DATA_DIR="$old/data"
ac="$here/node_modules/.bin/autocannon"
for round in $(seq "$rounds"); do
  for dir in "$old" "$here"; do
    (cd "$dir" && exec node bin/xinfang.js serve --port "$port" >"$old/serve.log" 2>&1) &
    pid=$!
    until curl -sf "localhost:$port/api/health" >/dev/null; do sleep 0.2; done
    "$ac" -c 50 -d 2 "localhost:$port/api/health" >/dev/null 2>&1
    r=$("$ac" -c 50 -d 8 -j "localhost:$port/api/health" 2>/dev/null |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(`${Math.round(j.requests.average)} req/s, p50 ${j.latency.p50} ms, p99 ${j.latency.p99} ms, non-2xx ${j.non2xx}`)})')
    name=$([ "$dir" = "$here" ] && echo "this checkout" || echo "$old_commit")
    echo "round $round, $name: $r (load $(cut -d' ' -f1-3 /proc/loadavg))"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
rm -rf "$old"
