#!/usr/bin/env bash
# The return audit for a year, the overdue and other reports, and the streamed CSV export of every loan, on the
# seeded database (seeded first if DIR is empty). Writes bench/results/reports.md.
# Usage: scripts/bench-reports.sh [DIR=/tmp/laitelaina-bench-5m] [results.md]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/laitelaina-bench-5m}
shift || true
dotnet run -c Release --project tests/LaiteLaina.Benchmarks -- reports "$dir" "$@"
