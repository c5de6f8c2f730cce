#!/usr/bin/env bash
# Turns Stryker's JSON report into bench/results/mutation.md: the score of each file and every mutant that lived,
# with the reason it is harmless from bench/mutation-survivors.tsv (file, the mutated source line, replacement, reason;
# the line rather than its number, so that a reason survives edits above it). Usage: mutation-report.sh SECONDS ARGS REPORT.json...
# (one report per group of scripts/mutation.sh; each keeps only the files its group mutated).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=$1 args=$2
shift 2
reasons=bench/mutation-survivors.tsv
[[ -f $reasons ]] || : >"$reasons"
jq -r --rawfile reasons "$reasons" --arg seconds "$seconds" --arg args "$args" \
  --arg commit "${MUTATION_COMMIT:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src tests || echo "+changes")}" \
  --arg when "$(date -u +%Y-%m-%d)" --arg version "$(jq -r '.tools["dotnet-stryker"].version' .config/dotnet-tools.json)" '
def short: split("/") | .[-2:] | join("/");
def norm: gsub("\\s+"; " ") | sub("^ "; "") | sub(" $"; "");
def cut($n): if length > $n then .[:$n] + "…" else . end;
def code: gsub("`"; "ʼ") | "`" + . + "`";
def snippet($src; $loc):
  ($src | split("\n")) as $lines
  | if $loc.start.line == $loc.end.line then $lines[$loc.start.line - 1][$loc.start.column - 1:$loc.end.column - 1]
    else ([$lines[$loc.start.line - 1][$loc.start.column - 1:]] + $lines[$loc.start.line:$loc.end.line - 1]
          + [$lines[$loc.end.line - 1][:$loc.end.column - 1]]) | join("\n") end;
def score: if (.killed + .timeout + .survived + .nocov) == 0 then "–"
  else ((.killed + .timeout) * 1000 / (.killed + .timeout + .survived + .nocov) | round / 10 | tostring) + " %" end;
def counts: {
  killed: map(select(.status == "Killed")) | length, timeout: map(select(.status == "Timeout")) | length,
  survived: map(select(.status == "Survived")) | length, nocov: map(select(.status == "NoCoverage")) | length,
  other: map(select(.status | IN("Killed", "Timeout", "Survived", "NoCoverage") | not)) | length };
def row($name): counts as $c
  | "| \($name) | \($c.killed + $c.timeout + $c.survived + $c.nocov) | \($c.killed) | \($c.timeout) | \($c.survived) | \($c.nocov) | \($c.other) | \($c | score) |";
($reasons | split("\n") | map(select(length > 0 and (startswith("#") | not)) | split("\t") | select(length >= 4))
  | map({key: ([.[0], (.[1] | norm), (.[2] | norm)] | join("\u0001")), value: .[3]}) | from_entries) as $why
| [.files | to_entries[] | .key as $path | .value.source as $src | (.value.mutants[] | . + {
    file: ($path | short), original: (snippet($src; .location) | norm), replacement: ((.replacement // "") | norm),
    line: (($src | split("\n"))[.location.start.line - 1] | norm) })]
  # Stryker compiles every file; the ones outside the mutate filter have only ignored mutants and are left out.
  | group_by(.file) | map(select(any(.[]; .status | IN("Killed", "Timeout", "Survived", "NoCoverage")))) | (add // []) as $all
| ($all | map(select(.status | IN("Survived", "NoCoverage")))
   | map(. + {reason: ($why[[.file, .line, .replacement] | join("\u0001")] // $why[[.file, .line, "*"] | join("\u0001")])})) as $left
| "# Mutation testing of the core",
  "",
  "Stryker.NET \($version), \($when), commit \($commit), \($seconds | tonumber / 60 | floor) min; each group of files against the tests that pin it, on SQLite (see `scripts/mutation.sh`; a floor for the whole suite). Made by `scripts/mutation.sh\(if $args == "" then "" else " " + $args end)`; the files are listed in `stryker-config.json`.",
  "A mutant is killed when some test fails with it; the score is (killed + timed out) / (killed + timed out + survived + not covered). Other: compile errors and mutants Stryker ignores.",
  "",
  "| file | mutants | killed | timed out | survived | not covered | other | score |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ($all | group_by(.file)[] | row(.[0].file)),
  ($all | row("**all**")),
  "",
  "## Mutants that live, and why each is harmless",
  "",
  (if ($left | length) == 0 then "None." else
    ($left | sort_by(.file, .location.start.line)[]
     | "- \(.file):\(.location.start.line) \(.mutatorName)\(if .status == "NoCoverage" then " (no test runs it)" else "" end): \(.original | cut(90) | code) → \(.replacement | cut(90) | code). \(.reason // "**No reason recorded: a test is missing or the code can go.**")")
   end)
' < <(jq -s '{files: (map(.files | to_entries | map(select(any(.value.mutants[]; .status | IN("Killed", "Timeout", "Survived", "NoCoverage"))))) | add | from_entries)}' "$@")
