#!/usr/bin/env bash
# Seeds a million devices through the CSV import on SQLite and times look-ups, list pages and the export.
# Usage: scripts/bench.sh [rows] [results.md]   (defaults: 1000000 bench/results/inventory-1m.md)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project tests/LaiteLaina.Benchmarks -- "$@"
