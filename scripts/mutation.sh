#!/usr/bin/env bash
# Mutation testing of the core with Stryker.NET (the version pinned in .config/dotnet-tools.json), on SQLite.
# Not part of CI: it takes about half an hour. Run it before resolving an issue that touches the core files, and
# quote the scores from bench/results/mutation.md.
#   scripts/mutation.sh                 every group below
#   scripts/mutation.sh hardware loans  only those groups
# Each group mutates its files and runs the tests that pin them (a Stryker test-case filter): every mutant restarts
# the test host, and the whole suite per mutant would take hours. A mutant one group's tests kill is killed by the
# whole suite too, so the scores are a floor. A survivor that is harmless gets its reason in
# bench/mutation-survivors.tsv (file, mutated source line, replacement, reason; tab-separated), shown beside it.
set -euo pipefail
cd "$(dirname "$0")/.."

# group | files to mutate (space-separated globs) | tests that pin them (FullyQualifiedName contains, | for or)
groups=(
  "loans|**/Loans/LoanService.cs|LaiteLaina.Tests.Loans."
  "inventory|**/Inventory/Lifecycle.cs **/Inventory/DeviceGate.cs **/Inventory/InventoryService.cs|LaiteLaina.Tests.Inventory."
  "people|**/People/IdentityCode.cs **/People/Privacy.cs **/People/RetentionWorker.cs|LaiteLaina.Tests.People.|PrivacyTests"
  "hardware|**/Hardware/ScanFramer.cs **/Hardware/PrinterStatus.cs|ScanFramerTests|DuplicateFilterTests|PrinterStatusTests|PrintQueueTests|ScannerWorkerTests"
  "documents|**/Documents/AgreementModelValues.cs|LaiteLaina.Tests.Documents."
)
wanted=("$@")

CONFIGURATION=Release bash scripts/setup.sh --tests
dotnet tool restore >/dev/null
# The PostgreSQL fixtures are filtered out (and would only skip without this variable).
unset LAITELAINA_TEST_POSTGRES
out=$(mktemp -d "${TMPDIR:-/tmp}/laitelaina-mutation.XXXXXX")
started=$(date +%s)
reports=()
for group in "${groups[@]}"; do
  IFS='|' read -r name files tests <<<"$group"
  if ((${#wanted[@]})) && [[ ! " ${wanted[*]} " == *" $name "* ]]; then
    continue
  fi
  tests=${group#"$name|$files|"}
  filter="($(sed 's/|/|FullyQualifiedName~/g; s/^/FullyQualifiedName~/' <<<"$tests"))&FullyQualifiedName!~Postgres"
  mutate=()
  set -f  # the globs are Stryker's, not the shell's
  for f in $files; do mutate+=(--mutate "$f"); done
  set +f
  echo "mutation: $name: ${files} against ${tests}"
  (cd tests/LaiteLaina.Tests && dotnet stryker --config-file ../../stryker-config.json --output "$out/$name" --skip-version-check \
    "${mutate[@]}" --test-case-filter "$filter" --reporter json --reporter html)
  reports+=("$out/$name/reports/mutation-report.json")
done
seconds=$(($(date +%s) - started))
bash scripts/mutation-report.sh "$seconds" "$*" "${reports[@]}" >bench/results/mutation.md
echo "mutation: report in bench/results/mutation.md (HTML reports under $out)"
grep -E '^\| (\*\*all\*\*|[A-Za-z]+/)' bench/results/mutation.md
