#!/usr/bin/env bash
# Scan-to-event latency over a real pty (socat) at 10 scans/s, loss at 50 scans/s, label jobs/s through the queue.
# Usage: scripts/bench-serial.sh [seconds=60] [burst-seconds=10] [jobs=300]
# Writes bench/results/serial.md (needs: apt-get install socat).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench-lib.sh
source scripts/bench-lib.sh
command -v socat >/dev/null || { echo "socat not installed: apt-get install socat" >&2; exit 2; }
out=bench/results/serial.md
mkdir -p bench/results
dotnet build -c Release -v quiet -nologo tests/LaiteLaina.HardwareBench >/dev/null
table=$(dotnet tests/LaiteLaina.HardwareBench/bin/Release/net10.0/LaiteLaina.HardwareBench.dll "$@")
{
  echo "# Serial scanners and label printers: latency, loss, queue throughput"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(machine), shared with other builds"
  echo "- socat $(socat -V | awk '/socat version/{print $3}'), dotnet $(dotnet --version), Release build, SQLite"
  echo "- arguments: ${*:-defaults (60 s at 10 scans/s, 10 s at 50 scans/s, 300 jobs)}"
  echo "- latency: from write() of the whole frame on the scanner's pty end to the event reaching a ScanEvents subscriber"
  echo "  (framing, duplicate filter, device lookup in SQLite, publish); the scan log row is written after publishing."
  echo
  echo "$table"
} > "$out"
cat "$out"
