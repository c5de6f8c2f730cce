#!/usr/bin/env bash
# Check-out plus return transactions per second on SQLite, staff and client loans side by side.
# Usage: scripts/bench-loans.sh [pairs=5000] [results.md]   (writes bench/results/loans.md)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project tests/LaiteLaina.Benchmarks -- loans "$@"
