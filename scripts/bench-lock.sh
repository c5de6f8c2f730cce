#!/usr/bin/env bash
# How long a colleague's loan waits while two desks lend under agreements: this build against an earlier commit
# (default: the last one that laid agreements out inside the write lock), built side by side and run in turns so
# that machine noise hits both alike. Writes bench/results/write-lock.md.
# Usage: scripts/bench-lock.sh [base-commit=4fd1b81] [pairs=300] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-4fd1b81}
pairs=${2:-300}
rounds=${3:-3}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/base" "$base"
# The earlier commit gets this benchmark's own harness, so both builds run exactly the same measurement.
cp tests/LaiteLaina.Benchmarks/LockBench.cs tests/LaiteLaina.Benchmarks/Program.cs "$work/base/tests/LaiteLaina.Benchmarks/"
dotnet build tests/LaiteLaina.Benchmarks -c Release -nologo -v q >/dev/null
dotnet build "$work/base/tests/LaiteLaina.Benchmarks" -c Release -nologo -v q >/dev/null
rows=()
for ((r = 1; r <= rounds; r++)); do
  rows+=("$(dotnet "$work/base/tests/LaiteLaina.Benchmarks/bin/Release/net10.0/LaiteLaina.Benchmarks.dll" lock "$pairs" "$base, round $r" | tail -1)")
  rows+=("$(dotnet tests/LaiteLaina.Benchmarks/bin/Release/net10.0/LaiteLaina.Benchmarks.dll lock "$pairs" "$(git rev-parse --short HEAD), round $r" | tail -1)")
done
{
  echo "# The write lock while agreements are laid out (SQLite, in process)"
  echo
  echo "Run $(date -u '+%Y-%m-%d %H:%M') UTC with \`scripts/bench-lock.sh $base $pairs $rounds\` (Release), load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores."
  echo "A colleague's loan (check-out and return, no paperwork) is timed $pairs times alone, then $pairs times while two desks lend to clients without pause"
  echo "(agreement and receipt laid out, names of 200 characters, 4,000 characters of return notes). The builds run in turns."
  echo
  echo "| build | colleague's loan alone, p50 / p99 | the same while 2 desks lend to clients, p50 / p95 / p99 / max | writes refused as busy, either kind | client loans/s meanwhile |"
  echo "| --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
} | tee bench/results/write-lock.md
