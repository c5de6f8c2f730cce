#!/usr/bin/env bash
# Push/pull throughput and shell round trip through Debian's adb into simulated tablets.
# Usage: scripts/bench-adb.sh [megabytes=20] [tablets=16] [round-trips=100]
# Writes bench/results/adb-sim.md (needs: apt-get install adb).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench-lib.sh
source scripts/bench-lib.sh
command -v adb >/dev/null || { echo "adb not installed: apt-get install adb" >&2; exit 2; }
out=bench/results/adb-sim.md
mkdir -p bench/results
dotnet build -c Release -v quiet -nologo tests/LaiteLaina.DeviceSim.Bench >/dev/null
table=$(dotnet tests/LaiteLaina.DeviceSim.Bench/bin/Release/net10.0/LaiteLaina.DeviceSim.Bench.dll "$@")
{
  echo "# ADB device simulator: throughput through the real adb client"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(machine), shared with other builds"
  echo "- adb: $(adb version | sed -n 2p), dotnet $(dotnet --version), Release build"
  echo "- arguments: ${*:-defaults (20 MiB, 16 tablets, 100 round trips)}"
  echo
  echo "$table"
} > "$out"
cat "$out"
