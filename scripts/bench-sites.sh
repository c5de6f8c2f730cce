#!/usr/bin/env bash
# Two sites on one PostgreSQL (#20): the desk look-up (`/?tag=` with a random tag: the card, its open loan and the
# day's lists) at 20 users against one site's `laitelaina serve` alone, then against two services side by side, one
# per site, 20 users each at the same time, on a throwaway cluster (scripts/postgres-test.sh). Beside them, in the same run,
# the look-up's own SQL (the device by tag and its open loan) straight to PostgreSQL with pgbench at 20 clients: the floor
# the database sets, so the service's share of the latency is visible. Writes its section of bench/results/sites.md.
# Usage: scripts/bench-sites.sh [DEVICES=100000] [SECONDS=20]
set -euo pipefail
cd "$(dirname "$0")/.."
devices=${1:-100000}
seconds=${2:-20}
# LL_NO_SETUP=1 skips the setup (and its build) when the Release build is already there.
[[ -n ${LL_NO_SETUP:-} ]] || CONFIGURATION=Release bash scripts/setup.sh >/dev/null
# wrk is Debian's package; installed here, as scripts/setup.sh installs the rest, when it is missing.
if ! command -v wrk >/dev/null; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# shellcheck source=postgres-test.sh
source scripts/postgres-test.sh
pg_port=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$LAITELAINA_TEST_POSTGRES")
psql_() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
psql_ -d postgres -c "CREATE DATABASE laitelaina_sites"
db="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=laitelaina_sites"
dll=src/LaiteLaina/bin/Release/net10.0/laitelaina.dll
data=$(mktemp -d /tmp/laitelaina-sites.XXXXXX)
ll() { dotnet "$dll" --data "$data" --database "$db" "$@"; }
ll init >/dev/null
ll site add ITA "Itäinen palvelupiste" >/dev/null
ll site add LANSI "Läntinen palvelupiste" >/dev/null
# Half the devices at each site, a tenth of them on loan to a staff member: what the desk's card and lists read.
psql_ -d laitelaina_sites <<SQL
INSERT INTO devices (tag, kind, make, model, serial_number, status, condition, site_id, acquisition, needs_wipe, created_at, updated_at)
SELECT 'LL-' || lpad(g::text, 6, '0'), 'Tablet', 'Samsung', 'Galaxy Tab A9', 'sn' || to_hex(g), 'Ready', 'Good',
       (SELECT id FROM sites WHERE code = CASE WHEN g % 2 = 0 THEN 'ITA' ELSE 'LANSI' END), 'Purchased', FALSE, now(), now()
FROM generate_series(1, $devices) g;
UPDATE counters SET value = $devices WHERE name = 'device_tag';
ANALYZE;
SQL
pw=$(mktemp); echo "bench-password-$$" >"$pw"
ll user add bench --role manager --password-file "$pw" >/dev/null
rm -f "$pw"
export LL_TOKEN=$(ll user token bench --label bench-sites 2>/dev/null)

pids=()
serve() { # site port
  Site=$1 Provisioning__Enabled=false dotnet "$dll" --data "$data" --database "$db" serve --urls "http://127.0.0.1:$2" >"/tmp/laitelaina-sites-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.5; done
  LL_PATH="/?tag=" LL_TAGS=$devices wrk -t1 -c2 -d3s -s bench/wrk/report.lua "http://127.0.0.1:$2" >/dev/null
}
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; laitelaina_pg_stop' EXIT
run() { # name port [path]
  LL_PATH="${3:-/?tag=}" LL_TAGS=$devices wrk -t2 -c20 -d"${seconds}s" -s bench/wrk/report.lua "http://127.0.0.1:$2" >"/tmp/laitelaina-wrk-$1.log" 2>&1 || true
  grep RESULT "/tmp/laitelaina-wrk-$1.log" | sed "s/^RESULT/$1/"
}
# The same look-up as raw SQL, 20 clients, 2 threads, one line a transaction in pgbench's log (latency in µs, column 3).
sql_floor() {
  local dir; dir=$(mktemp -d)
  cat >"$dir/lookup.sql" <<'SQL'
\set n random(1, :devices)
SELECT d.*, l.* FROM devices d LEFT JOIN loans l ON l.device_id = d.id AND l.closed_at IS NULL WHERE d.tag = 'LL-' || lpad(:n::text, 6, '0');
SQL
  (cd "$dir" && "$pg_bin/pgbench" -n -h 127.0.0.1 -p "$pg_port" -U postgres -c 20 -j 2 -T "$seconds" -D devices="$devices" \
     -f lookup.sql -l laitelaina_sites >/dev/null 2>&1)
  cat "$dir"/pgbench_log.* | awk -v s="$seconds" '{print $3/1000}' | sort -g | awk -v s="$seconds" '{v[NR]=$1} END {
    printf "psql-lookup-sql requests=%d errors=0 non2xx=0 rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
      NR, NR/s, v[int(0.5*NR+0.999)], v[int(0.95*NR+0.999)], v[int(0.99*NR+0.999)], v[NR] }'
  rm -rf "$dir"
}
floor=$(sql_floor)
serve ITA 5191
alone=$(run ita-alone 5191)
# The card alone (what the desk's script fetches after a scan) without the day's lists and the page around it.
card=$(run ita-card-alone 5191 "/?handler=Card&tag=")
serve LANSI 5192
together=$(run ita-beside-lansi 5191 & run lansi-beside-ita 5192 & wait)
results=$(printf '%s\n%s\n%s\n%s\n' "$floor" "$card" "$alone" "$together")
echo "$results"
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs)
section=$(
  echo "## Two sites on one PostgreSQL (scripts/bench-sites.sh)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after (the machine is shared with"
  echo "  a CI run and other engineers' builds: read the rows against each other, all measured in this one run)."
  echo
  echo "$devices devices (half per site) on PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') (throwaway cluster, durability off as in the tests),"
  echo "\`laitelaina serve\` (Release) per site with \`Site=ITA\` / \`Site=LANSI\`, wrk 2 threads, 20 connections per site, ${seconds} s;"
  echo "$(nproc) cores ($cpu); wrk, both services and PostgreSQL on the same machine."
  echo "Request: the desk look-up \`/?tag=LL-nnnnnn\` with a random tag, signed in with a manager's API token. Goal: p95 under 100 ms."
  echo
  echo "| run | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "$results" | awk 'NF { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, v["rps"], v["p50_ms"], v["p95_ms"], v["p99_ms"], v["max_ms"], v["errors"], v["non2xx"] }'
  echo
  echo "psql-lookup-sql = the look-up's SQL alone (device by tag, its open loan) through pgbench, 20 clients, no service: the"
  echo "database's floor. ita-card-alone = \`/?handler=Card&tag=\`, the device's card only (what the desk fetches after a"
  echo "scan), one site. ita-alone = the ITA service with LANSI's not yet started; ita-beside-lansi and lansi-beside-ita ="
  echo "both at once, 40 users in all."
)
python3 scripts/bench-section.py bench/results/sites.md "## Two sites on one PostgreSQL" "# Several sites on one PostgreSQL: measured figures" <<<"$section"
echo "$section"
