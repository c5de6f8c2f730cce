#!/usr/bin/env bash
# The web UI under load: the desk lookup of a random tag, the device list and the manager's dashboard, with 20
# concurrent users (wrk, 2 threads) against `laitelaina serve` on the seeded database of 1,000,000 devices and
# 5,000,000 loans (scripts/bench-seed.sh makes it, or reuses it). Writes bench/results/web.md.
# Usage: scripts/bench-web.sh [DIR=/tmp/laitelaina-bench-5m] [SECONDS=20]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/laitelaina-bench-5m}
seconds=${2:-20}
port=5181
CONFIGURATION=Release bash scripts/setup.sh >/dev/null
command -v wrk >/dev/null || { sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo; $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
[[ -f "$dir/bench-seed.done" ]] || bash scripts/bench-seed.sh "$dir"

ll() { dotnet src/LaiteLaina/bin/Release/net10.0/laitelaina.dll --data "$dir" "$@"; }
ll init >/dev/null
pw=$(mktemp); echo "bench-password-$$" >"$pw"
ll user add bench --role manager --password-file "$pw" >/dev/null 2>&1 || true
rm -f "$pw"
export LL_TOKEN=$(ll user token bench --label bench-web 2>/dev/null)
devices=$(sqlite3 "$dir/laitelaina.db" "SELECT count(*) FROM devices" 2>/dev/null || echo 1000000)
loans=$(sqlite3 "$dir/laitelaina.db" "SELECT count(*) FROM loans" 2>/dev/null || echo "?")

if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
  echo "bench-web: something already answers on port $port; stop it first" >&2
  exit 1
fi
# Started directly (not through the function) so that $! is the service itself and the trap stops it.
dotnet src/LaiteLaina/bin/Release/net10.0/laitelaina.dll --data "$dir" serve --urls "http://127.0.0.1:$port" >/tmp/laitelaina-bench-web.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
kill -0 $server 2>/dev/null || { cat /tmp/laitelaina-bench-web.log >&2; exit 1; }

run() { # name path [tags]
  local name=$1
  LL_PATH=$2 LL_TAGS=${3:-0} wrk -t2 -c20 -d"${seconds}s" -s bench/wrk/report.lua "http://127.0.0.1:$port" >"/tmp/laitelaina-wrk-$name.log" 2>&1 || true
  grep RESULT "/tmp/laitelaina-wrk-$name.log" | sed "s/^RESULT/$name/"
}
# Warm up: the first request compiles the pages and fills SQLite's cache, which a running office has long done.
LL_PATH=/devices LL_TAGS=0 wrk -t1 -c2 -d3s -s bench/wrk/report.lua "http://127.0.0.1:$port" >/dev/null
LL_PATH=/dashboard LL_TAGS=0 wrk -t1 -c2 -d3s -s bench/wrk/report.lua "http://127.0.0.1:$port" >/dev/null
results=$(
  run desk "/?tag=" "$devices"
  run devices "/devices"
  run devices-filtered "/devices?status=ready&kind=tablet&page=20"
  run dashboard "/dashboard"
  run api-device "/api/devices/" "$devices"
)
echo "$results"
kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; trap - EXIT

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs)
{
  echo "# Web UI under load ($(date -u +%Y-%m-%d))"
  echo
  echo "$devices devices, $loans loans on SQLite; \`laitelaina serve\` (Release), wrk 2 threads, 20 connections, ${seconds} s per page,"
  echo "signed in with an API token (the same authentication and role checks as a browser session). $(nproc) cores ($cpu), wrk on the same machine."
  echo "Latency is the whole response; these pages are small (a few KiB), so it is close to the time to first byte. Goal: p95 under 100 ms."
  echo
  echo "| page | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "$results" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, v["rps"], v["p50_ms"], v["p95_ms"], v["p99_ms"], v["max_ms"], v["errors"], v["non2xx"] }'
  echo
  echo "desk = \`/?tag=LL-nnnnnn\` with a random tag each request (device card and its open loan);"
  echo "devices = the first page of the device list; devices-filtered = page 20 of ready tablets;"
  echo "dashboard = the manager's dashboard (figures recomputed at most once a minute, see Reports/DashboardFigures.cs);"
  echo "api-device = \`GET /api/devices/{tag}\` for comparison with the page."
} >bench/results/web.md
cat bench/results/web.md
