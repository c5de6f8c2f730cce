#!/usr/bin/env bash
# Sets up and runs every test: SQLite always, PostgreSQL on a throwaway cluster, the real adb, socat and
# PDF tools. Ends with one line "N passed, N failed". Safe to run twice.
set -uo pipefail
cd "$(dirname "$0")/.."
CONFIGURATION=Release bash scripts/setup.sh --tests || exit 1
# shellcheck source=postgres-test.sh
source scripts/postgres-test.sh || exit 1

log=$(mktemp)
# Shown: each failure with the first lines of its message (a CI log must say why), and the totals.
{ dotnet test LaiteLaina.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1; echo $? >"$log.rc"; } | tee "$log" \
  | awk '/Error Message:/ { n = 12 }
         n > 0 { if (/Stack Trace:/) n = 0; else { print; n--; next } }
         /^[ \t]*(Failed|Skipped) |^[ \t]*(Total tests|Passed|Failed|Skipped):|error CS|Test Run/ { print }' || true
status=$(cat "$log.rc")

# Each test project ends with a block "Total tests: N / Passed: N / Failed: N / Skipped: N"; add them up.
count() { grep -E "^\s+$1: [0-9]+\s*$" "$log" | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
rm -f "$log" "$log.rc"
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1  # the run itself broke (build, crash, time-out): never report that as green
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
