#!/usr/bin/env bash
# Sets up and runs every test: SQLite always, PostgreSQL on a throwaway cluster, the real adb, socat and
# PDF tools. Ends with one line "N passed, N failed". Safe to run twice.
set -uo pipefail
cd "$(dirname "$0")/.."
CONFIGURATION=Release bash scripts/setup.sh --tests || exit 1
# shellcheck source=postgres-test.sh
source scripts/postgres-test.sh || exit 1

log=$(mktemp)
dotnet test LaiteLaina.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" \
  | grep -E '^\s*(Failed|Skipped) |Error Message|^\s+(Passed|Failed)!|^\s*(Total tests|Passed|Failed|Skipped):|error' || true
status=${PIPESTATUS[0]}

# Each test project prints a "Passed!/Failed! - Failed: N, Passed: N, Skipped: N" line; add them up.
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- Failed:' "$log" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1  # the run itself broke (build, crash, time-out): never report that as green
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
