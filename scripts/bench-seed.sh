#!/usr/bin/env bash
# Creates (or reuses) a large SQLite data directory for the report and web benchmarks: 1,000,000 devices and
# 5,000,000 loans with a realistic mix, written with bulk inserts. Several GB: keep it under /tmp, not in the repo.
# Usage: scripts/bench-seed.sh DIR [devices=1000000] [loans=5000000]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 ]] || { echo "usage: scripts/bench-seed.sh DIR [devices] [loans]" >&2; exit 2; }
dotnet run -c Release --project tests/LaiteLaina.Benchmarks -- seed "$@"
