#!/usr/bin/env bash
# Mutation testing of the core with Stryker.NET (the version pinned in .config/dotnet-tools.json), on SQLite.
# Not part of CI: it takes tens of minutes. Run it before resolving an issue that touches the core files listed in
# stryker-config.json, and quote the scores from bench/results/mutation.md.
#   scripts/mutation.sh                                   every core file
#   scripts/mutation.sh --mutate '**/Hardware/ScanFramer.cs'   one file (any Stryker option passes through)
# A survivor that is harmless gets its reason in bench/mutation-survivors.tsv (file, original code, replacement,
# reason; tab-separated), and the report shows it beside the mutant; one without a reason is marked as such.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIGURATION=Release bash scripts/setup.sh --tests
dotnet tool restore >/dev/null
# The PostgreSQL half would double the time and pins nothing the SQLite half does not: those fixtures skip.
unset LAITELAINA_TEST_POSTGRES
# End-to-end suites ([EndToEnd]: Chromium, simulated tablets, nwipe) would be run again for every mutant they touch.
export LAITELAINA_MUTATION_RUN=1
out=$(mktemp -d "${TMPDIR:-/tmp}/laitelaina-mutation.XXXXXX")
started=$(date +%s)
(cd tests/LaiteLaina.Tests && dotnet stryker --config-file ../../stryker-config.json --output "$out" --skip-version-check "$@")
seconds=$(($(date +%s) - started))
report="$out/reports/mutation-report.json"
bash scripts/mutation-report.sh "$report" "$seconds" "$*" >bench/results/mutation.md
echo "mutation: report in bench/results/mutation.md (full HTML report: $out/reports/mutation-report.html)"
grep -E '^\| (\*\*all\*\*|[A-Za-z]+/)' bench/results/mutation.md
