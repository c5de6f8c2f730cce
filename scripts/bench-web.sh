#!/usr/bin/env bash
# The web UI under load: the desk (its lists alone, with the card of a random tag, and a look-up by a random serial
# number), the device list and the manager's dashboard, with 20 concurrent users (wrk, 2 threads) against
# `laitelaina serve` on the seeded database of 1,000,000 devices and 5,000,000 loans (scripts/bench-seed.sh makes it,
# or reuses it). Writes bench/results/web.md.
# Usage: scripts/bench-web.sh [DIR=/tmp/laitelaina-bench-5m] [SECONDS=20]
# BASELINE=path/to/an/older/laitelaina.dll first measures that build's desk on the same database, for a ratio. It must
# run on a database that build can open: one not yet migrated by this build (a fresh copy of the seeded one), since
# this build's migrations run after it.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/laitelaina-bench-5m}
seconds=${2:-20}
port=5181
CONFIGURATION=Release bash scripts/setup.sh >/dev/null
command -v wrk >/dev/null || { sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo; $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
[[ -f "$dir/bench-seed.done" ]] || bash scripts/bench-seed.sh "$dir"

dll=src/LaiteLaina/bin/Release/net10.0/laitelaina.dll
baseline=${BASELINE:-}
# The user and token are made by the build that opens the database first, so that the baseline still can.
first=${baseline:-$dll}
ll() { dotnet "$first" --data "$dir" "$@"; }
ll init >/dev/null
pw=$(mktemp); echo "bench-password-$$" >"$pw"
# A manager: sees the dashboard, and the desk's lists with borrowers' names and contacts (their heaviest view).
ll user add bench --role manager --password-file "$pw" >/dev/null 2>&1 || true
rm -f "$pw"
export LL_TOKEN=$(ll user token bench --label bench-web 2>/dev/null)
devices=$(sqlite3 "$dir/laitelaina.db" "SELECT count(*) FROM devices" 2>/dev/null || echo 1000000)
loans=$(sqlite3 "$dir/laitelaina.db" "SELECT count(*) FROM loans" 2>/dev/null || echo "?")

if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
  echo "bench-web: something already answers on port $port; stop it first" >&2
  exit 1
fi
serve() { # dll: started directly (not in a subshell) so that $server is the service itself and the trap stops it
  dotnet "$1" --data "$dir" serve --urls "http://127.0.0.1:$port" >/tmp/laitelaina-bench-web.log 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  kill -0 $server 2>/dev/null || { cat /tmp/laitelaina-bench-web.log >&2; exit 1; }
  # Warm up: the first request compiles the pages and fills SQLite's cache, which a running office has long done.
  LL_PATH=/ LL_TAGS=0 wrk -t1 -c2 -d3s -s bench/wrk/report.lua "http://127.0.0.1:$port" >/dev/null
  LL_PATH=/devices LL_TAGS=0 wrk -t1 -c2 -d3s -s bench/wrk/report.lua "http://127.0.0.1:$port" >/dev/null
}
stop() { kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; trap - EXIT; }

run() { # name path [tags] [serials]
  local name=$1
  LL_PATH=$2 LL_TAGS=${3:-0} LL_SERIALS=${4:-0} wrk -t2 -c20 -d"${seconds}s" -s bench/wrk/report.lua "http://127.0.0.1:$port" >"/tmp/laitelaina-wrk-$name.log" 2>&1 || true
  grep RESULT "/tmp/laitelaina-wrk-$name.log" | sed "s/^RESULT/$name/"
}
before=""
if [[ -n $baseline ]]; then
  serve "$baseline"
  before=$(run desk-before "/?tag=" "$devices")
  stop
fi
ll() { dotnet "$dll" --data "$dir" "$@"; }
ll init >/dev/null
serve "$dll"
LL_PATH=/dashboard LL_TAGS=0 wrk -t1 -c2 -d3s -s bench/wrk/report.lua "http://127.0.0.1:$port" >/dev/null
results=$(
  [[ -n $before ]] && echo "$before"
  run desk "/?tag=" "$devices"
  run desk-lists "/"
  run desk-serial "/?tag=" 0 "$devices"
  run devices "/devices"
  run devices-filtered "/devices?status=ready&kind=tablet&page=20"
  run dashboard "/dashboard"
  run api-device "/api/devices/" "$devices"
)
echo "$results"
# How long the desk's lists are on this database: what every desk page reads.
lists=$(sqlite3 "$dir/laitelaina.db" "SELECT (SELECT count(*) FROM loans WHERE state = 'Open' AND due_on < date('now')) || ' overdue, ' ||
  (SELECT count(*) FROM loans WHERE state = 'Open' AND due_on = date('now')) || ' due today, ' ||
  (SELECT count(*) FROM devices WHERE status = 'AwaitingWipe') || ' awaiting a wipe'" 2>/dev/null || echo "?")
stop

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs)
{
  echo "# Web UI under load ($(date -u +%Y-%m-%d))"
  echo
  echo "$devices devices, $loans loans on SQLite; \`laitelaina serve\` (Release), wrk 2 threads, 20 connections, ${seconds} s per page,"
  echo "signed in with a manager's API token (the same authentication and role checks as a browser session). $(nproc) cores ($cpu), wrk on the same machine."
  echo "Latency is the whole response; these pages are small (a few KiB), so it is close to the time to first byte. Goal: p95 under 100 ms."
  echo
  echo "| page | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "$results" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, v["rps"], v["p50_ms"], v["p95_ms"], v["p99_ms"], v["max_ms"], v["errors"], v["non2xx"] }'
  echo
  echo "desk = \`/?tag=LL-nnnnnn\` with a random tag each request: the look-up, the device card and its open loan, and the day's lists"
  echo "(due today, overdue with contacts, awaiting a wipe, reservations starting today; 20 rows each; here $lists);"
  echo "desk-before = the same request to the baseline build (\`BASELINE\`), whose desk had the card only and looked up tags only;"
  echo "desk-lists = \`/\`, the lists alone; desk-serial = \`/?tag=snXXXXXXXX\`, a random serial number typed in lower case;"
  echo "devices = the first page of the device list; devices-filtered = page 20 of ready tablets;"
  echo "dashboard = the manager's dashboard (figures recomputed at most once a minute, see Reports/DashboardFigures.cs);"
  echo "api-device = \`GET /api/devices/{tag}\` for comparison with the page."
} >bench/results/web.md
cat bench/results/web.md
