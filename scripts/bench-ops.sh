#!/usr/bin/env bash
# Backup and /metrics costs on a seeded SQLite data directory (scripts/bench-seed.sh): the scheduled backup run
# (copy, manifest, check) against VACUUM INTO for the same database, the backup's size, and the time of a /metrics
# scrape. Results go to bench/results/ops.md by hand.
# Usage: scripts/bench-ops.sh DIR [devices=100000] [loans=500000]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 ]] || { echo "usage: scripts/bench-ops.sh DIR [devices] [loans]" >&2; exit 2; }
dir=$1 devices=${2:-100000} loans=${3:-500000}
app=src/LaiteLaina/bin/Release/net10.0/laitelaina.dll
[[ -f $dir/laitelaina.db ]] || scripts/bench-seed.sh "$dir" "$devices" "$loans"
ll() { dotnet "$app" --data "$dir" "$@"; }
echo "database: $(du -h "$dir/laitelaina.db" | cut -f1) ($(sqlite3 "$dir/laitelaina.db" 'SELECT count(*) FROM devices') devices, $(sqlite3 "$dir/laitelaina.db" 'SELECT count(*) FROM loans') loans)"
for run in 1 2 3; do
  start=$(date +%s.%N); ll backup now >/dev/null; end=$(date +%s.%N)
  echo "backup now (run $run, whole process): $(echo "$end - $start" | bc) s"
done
latest=$(ls -d "$dir"/backups/*/ | sort | tail -1)
echo "backup folder: $(du -sh "$latest" | cut -f1)"
for run in 1 2 3; do
  rm -f /tmp/laitelaina-vacuum-into.db
  start=$(date +%s.%N); sqlite3 "$dir/laitelaina.db" "VACUUM INTO '/tmp/laitelaina-vacuum-into.db'"; end=$(date +%s.%N)
  echo "VACUUM INTO (run $run): $(echo "$end - $start" | bc) s, $(du -h /tmp/laitelaina-vacuum-into.db | cut -f1)"
done
rm -f /tmp/laitelaina-vacuum-into.db
drill=$(mktemp -d -u /tmp/laitelaina-drill-XXXX)
start=$(date +%s.%N); ll backup drill "$drill" >/dev/null; end=$(date +%s.%N)
echo "backup drill: $(echo "$end - $start" | bc) s"; rm -rf "$drill"
port=5199
dotnet "$app" --data "$dir" serve --urls "http://127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
curl -s "http://127.0.0.1:$port/metrics" >/dev/null
for _ in $(seq 1 20); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/metrics"; done | sort -n |
  awk '{a[NR]=$1} END {printf "/metrics scrape over 20: min %.4f s, median %.4f s, max %.4f s\n", a[1], a[int((NR+1)/2)], a[NR]}'
echo "/metrics size: $(curl -s "http://127.0.0.1:$port/metrics" | wc -c) bytes"
