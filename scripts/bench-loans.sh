#!/usr/bin/env bash
# Check-out plus return transactions per second on SQLite, staff and client loans side by side.
# Service against raw SQL (the same writes with Dapper and no service code) in the same run, and their ratio.
# Usage: scripts/bench-loans.sh [pairs=5000] [results.md]   (adds a dated section to bench/results/loans.md)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project tests/LaiteLaina.Benchmarks -- loans "$@"
