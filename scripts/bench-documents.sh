#!/usr/bin/env bash
# Document rendering benchmark: the loan agreement PDF on one core, p50/p99 and documents per second, side by
# side with headless Chromium printing the same agreement as HTML, kept warm (Playwright: one browser, one page,
# setContent + pdf per document) and started per document. Writes bench/results/documents.md.
#   scripts/bench-documents.sh [--iterations 500] [--warm-runs 100] [--chromium-runs 5] [--out bench/results/documents.md]
#   scripts/bench-documents.sh --long   (layout time against one long value, bench/results/documents-long.md)
# Needs: taskset (util-linux); for the comparison Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  echo "bench-documents: chromium is not installed, the comparison is skipped (apt-get install chromium)" >&2
fi
dotnet build -c Release tests/LaiteLaina.DocumentsBench -v q -nologo
# One core for both sides: Chromium, started from the harness, inherits the affinity.
exec taskset -c 0 dotnet tests/LaiteLaina.DocumentsBench/bin/Release/net10.0/LaiteLaina.DocumentsBench.dll "$@"
