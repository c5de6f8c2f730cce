#!/usr/bin/env bash
# Provisioning through the real adb into simulated tablets: N tablets at once against one alone (goal at most
# 1.3 times) and the job runner's overhead per step against the same scripts run directly (goal under 10 %).
# Usage: scripts/bench-provisioning.sh [tablets=16] [results.md]   (writes bench/results/provisioning.md; needs adb, jq)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v adb >/dev/null && command -v jq >/dev/null || { echo "adb and jq are needed: apt-get install adb jq" >&2; exit 2; }
dotnet run -c Release --project tests/LaiteLaina.Benchmarks -- provisioning "$@"
