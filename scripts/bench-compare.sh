#!/usr/bin/env bash
# Before and after, side by side (issue 14): bench-loans, bench-web and bench-serial of two revisions in one session.
# Each revision is checked out into a temporary git worktree, built there in Release, and measured with its own copy
# of the bench scripts (each revision with its own code). The runs alternate (round 1 before then after, round 2 after
# then before, ...), so the machine's drift hits both sides alike; the report gives per figure the median of each side
# and the ratio after/before. The worktrees are removed at the end, also on failure, Ctrl-C or kill (once the step that
# is running ends); safe to run twice.
#
# Usage: scripts/bench-compare.sh BEFORE_REV AFTER_REV [ROUNDS=3]
#   e.g. scripts/bench-compare.sh 01c6f40 HEAD        # about 12 min on 2 cores (+2 min to seed the database if missing)
# Sizes (environment; the defaults make one round about 3 minutes on 2 cores, the two builds about 2 minutes):
#   LOANS_PAIRS=5000        pairs per path for bench-loans (its default; one run is about 15 s)
#   WEB_SECONDS=6           wrk seconds per page for bench-web (5 pages; its default is 20)
#   WEB_DATA=/tmp/laitelaina-bench-5m   the seeded database bench-web reads (seeded once by AFTER's bench-seed.sh
#                           when missing, about 2-4 min and 2.4 GB, then reused by both sides; the schema is the same)
#   SERIAL_ARGS="20 5 300"  bench-serial: seconds at 10 scans/s, burst seconds at 50 scans/s, label jobs
#   BENCHES="loans web serial"          which of the three to run (e.g. BENCHES=serial to look again at one)
#   OUT=bench/results/architecture.md   the report; raw logs stay in a directory printed at the end
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[[ $# -ge 2 && $# -le 3 ]] || { sed -n '9,18p' "$0" >&2; exit 2; }
rounds=${3:-3}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "bench-compare: ROUNDS must be a positive number, not '$rounds'" >&2; exit 2; }
loans_pairs=${LOANS_PAIRS:-5000}
web_seconds=${WEB_SECONDS:-6}
web_data=${WEB_DATA:-/tmp/laitelaina-bench-5m}
serial_args=${SERIAL_ARGS:-20 5 300}
benches=${BENCHES:-loans web serial}
for bench in $benches; do
  [[ $bench == loans || $bench == web || $bench == serial ]] || { echo "bench-compare: BENCHES takes loans, web and serial, not '$bench'" >&2; exit 2; }
done
out=${OUT:-$root/bench/results/architecture.md}
[[ $out == /* ]] || out=$PWD/$out

declare -A rev subject
for side in before after; do
  [[ $side == before ]] && name=$1 || name=$2
  rev[$side]=$(git -C "$root" rev-parse --verify --quiet "$name^{commit}") || { echo "bench-compare: no such revision: $name" >&2; exit 2; }
  subject[$side]=$(git -C "$root" log -1 --format=%s "${rev[$side]}" | cut -c1-100)
done
command -v socat >/dev/null || { echo "bench-compare: bench-serial needs socat (apt-get install socat)" >&2; exit 2; }

logs=$(mktemp -d "${TMPDIR:-/tmp}/laitelaina-bench-compare.XXXXXX")
declare -A tree
cleanup() {
  local status=$?
  for side in before after; do
    if [[ -n ${tree[$side]:-} && -d ${tree[$side]} ]]; then
      git -C "$root" worktree remove --force "${tree[$side]}" 2>/dev/null || rm -rf "${tree[$side]}"
    fi
  done
  git -C "$root" worktree prune 2>/dev/null || true
  echo "bench-compare: worktrees removed; logs in $logs" >&2
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stamp() { date -u +%H:%M:%S; }
start=$(date +%s)
uptime_start=$(uptime)
for side in before after; do
  tree[$side]=$(mktemp -d "${TMPDIR:-/tmp}/laitelaina-$side.XXXXXX")
  git -C "$root" worktree add --detach "${tree[$side]}" "${rev[$side]}" >/dev/null 2>&1
  echo "$(stamp) bench-compare: $side = ${rev[$side]:0:7} in ${tree[$side]}; building (Release)" >&2
  # What bench-web's setup.sh builds, plus the two bench projects, so the bench scripts' own builds find nothing to do.
  (cd "${tree[$side]}" && dotnet build LaiteLaina.sln -c Release -nologo -v quiet -clp:ErrorsOnly) >"$logs/build-$side.log" 2>&1 \
    || { tail -30 "$logs/build-$side.log" >&2; echo "bench-compare: the $side build failed" >&2; exit 1; }
done
build_done=$(date +%s)
if [[ " $benches " == *" web "* && ! -f $web_data/bench-seed.done ]]; then
  echo "$(stamp) bench-compare: seeding $web_data with the after revision's bench-seed.sh (once; reused later)" >&2
  (cd "${tree[after]}" && bash scripts/bench-seed.sh "$web_data") >"$logs/seed.log" 2>&1 || { tail -30 "$logs/seed.log" >&2; exit 1; }
fi
seed_done=$(date +%s)

# Each parser reads one run's output and prints "figure<TAB>better<TAB>value" lines (better: higher or lower).
parse_loans() {
  awk -F'|' '
    /^\|/ && NF >= 5 {
      name = tolower($2); n = ""; ms1 = ""; ms2 = ""
      for (i = 3; i < NF; i++) { c = $i; gsub(/^ +| +$/, "", c)
        if (n == "" && c ~ /^[0-9]+(\.[0-9]+)?$/) n = c
        else if (c ~ /^[0-9.]+ ms$/) { sub(/ ms$/, "", c); if (ms1 == "") ms1 = c; else if (ms2 == "") ms2 = c } }
      if (n == "") next
      path = name ~ /raw/ ? "raw SQL staff loan" : name ~ /client/ ? "client loan" : name ~ /staff/ ? "staff loan" : ""
      if (path == "") next
      printf "loans: %s pairs/s\thigher\t%s\n", path, n
      if (ms1 != "") printf "loans: %s p50 ms per pair\tlower\t%s\n", path, ms1
      if (ms2 != "") printf "loans: %s p99 ms per pair\tlower\t%s\n", path, ms2 }
    /Ratio service\/raw/ { if (match($0, /[0-9]+(\.[0-9]+)?×/)) printf "loans: service/raw time per pair\tlower\t%s\n", substr($0, RSTART, RLENGTH - length("×")) }'
}
parse_web() {
  awk '
    $0 ~ /^[a-z-]+ .*rps=/ {
      delete v; for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "web: %s requests/s\thigher\t%s\n", $1, v["rps"]
      printf "web: %s p50 ms\tlower\t%s\n", $1, v["p50_ms"]
      printf "web: %s p95 ms\tlower\t%s\n", $1, v["p95_ms"]
      printf "web: %s p99 ms\tlower\t%s\n", $1, v["p99_ms"]
      printf "web: %s errors + non-2xx\tlower\t%d\n", $1, v["errors"] + v["non2xx"] }'
}
parse_serial() {
  awk -F'|' '
    /^\|/ && NF >= 4 {
      m = $2; r = $3; gsub(/^ +| +$/, "", m); gsub(/^ +| +$/, "", r)
      if (!match(r, /[0-9]+(\.[0-9]+)?/)) next
      x = substr(r, RSTART, RLENGTH)
      if (m ~ /^scan-to-event.*p50/) { ctx = "scan"; printf "serial: scan-to-event p50 ms (10 scans/s)\tlower\t%s\n", x }
      else if (m ~ /^same, p99 latency/ && ctx == "burst") printf "serial: burst p99 ms (50 scans/s)\tlower\t%s\n", x
      else if (m ~ /^same, p99/ && ctx == "scan") printf "serial: scan-to-event p99 ms (10 scans/s)\tlower\t%s\n", x
      else if (m ~ /^burst.*events received/) { ctx = "burst"; split(r, f, "/"); if (f[2] + 0 > 0) printf "serial: burst events received %%\thigher\t%.1f\n", 100 * f[1] / f[2] }
      else if (m ~ /^label jobs queued/) printf "serial: label jobs queued/s\thigher\t%s\n", x
      else if (m ~ /^label jobs printed/) printf "serial: label jobs printed/s\thigher\t%s\n", x }'
}

# The commands, as run in each side's worktree (the results file of bench-loans goes to the log directory, so the
# worktree's own bench/results/loans.md is not appended to).
cmd_loans="bash scripts/bench-loans.sh $loans_pairs LOGDIR/loans-SIDE-ROUND.md"
cmd_web="bash scripts/bench-web.sh $web_data $web_seconds"
cmd_serial="bash scripts/bench-serial.sh $serial_args"
failures=0
: >"$logs/figures.tsv"
: >"$logs/loads.tsv"
run() { # bench side round
  local bench=$1 side=$2 round=$3 cmd log
  case $bench in
    loans) cmd=${cmd_loans//LOGDIR/$logs}; cmd=${cmd//SIDE/$side}; cmd=${cmd//ROUND/$round} ;;
    web) cmd=$cmd_web ;;
    serial) cmd=$cmd_serial ;;
  esac
  log=$logs/$bench-$side-$round.log
  printf '%s\t%s\t%s\t%s\n' "$bench" "$side" "$round" "$(cut -d' ' -f1 /proc/loadavg)" >>"$logs/loads.tsv"
  echo "$(stamp) bench-compare: round $round, $bench, $side (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  local t0=$(date +%s)
  if (cd "${tree[$side]}" && $cmd) >"$log" 2>&1; then
    "parse_$bench" <"$log" | awk -v s="$side" -v r="$round" -F'\t' '{ print s "\t" r "\t" $0 }' >>"$logs/figures.tsv"
  else
    failures=$((failures + 1))
    echo "bench-compare: $bench failed for $side in round $round; its last lines:" >&2
    tail -15 "$log" >&2
  fi
  echo "$(stamp) bench-compare:   $(($(date +%s) - t0)) s" >&2
}
for round in $(seq 1 "$rounds"); do
  if ((round % 2)); then order="before after"; else order="after before"; fi
  for bench in $benches; do
    for side in $order; do run "$bench" "$side" "$round"; done
  done
done
end=$(date +%s)
uptime_end=$(uptime)
per_round=$(((end - seed_done) / rounds))

# Per figure: median of each side, ratio after/before and the change read in the figure's direction.
table=$(awk -F'\t' '
  function median(list,   a, n, i, j, t) { n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  !($3 in better) { order[++count] = $3; better[$3] = $4 }
  { vals[$3, $1] = vals[$3, $1] (vals[$3, $1] == "" ? "" : " ") $5 }
  END {
    for (k = 1; k <= count; k++) { f = order[k]; b = vals[f, "before"]; a = vals[f, "after"]
      mb = b == "" ? "—" : median(b); ma = a == "" ? "—" : median(a); ratio = "—"; change = "—"
      if (b != "" && a != "" && mb + 0 != 0) { q = ma / mb; ratio = sprintf("%.3f", q)
        if (f ~ /errors/ || f ~ /received/) change = ma == mb ? "same" : "differs"
        else { g = better[f] == "higher" ? q - 1 : 1 - q
               change = sprintf("%+.1f %% (%s)", 100 * (q - 1), g > 0.01 ? "better" : g < -0.01 ? "worse" : "within 1 %") } }
      else if (b != "" && a != "" && f ~ /errors/) change = ma == mb ? "same" : "differs"
      if (a != "" && b == "") change = "after only"
      gsub(/ /, ", ", b); gsub(/ /, ", ", a)
      printf "| %s | %s | %s | %s | %s | %s | %s / %s |\n", f, better[f], mb, ma, ratio, change, (b == "" ? "—" : b), (a == "" ? "—" : a) } }' "$logs/figures.tsv")

mkdir -p "$(dirname "$out")"
{
  echo "# Architecture (issue 14): benchmarks before and after the redesign, side by side"
  echo
  if ((rounds < 3)); then
    echo "**Trial run with ROUNDS=$rounds: it proves that scripts/bench-compare.sh works end to end; with one run per side on a"
    echo "noisy machine the ratios below are not a result to quote. Run it with ROUNDS=3 (the default) or more for that.**"
    echo
  fi
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ), $((end - start)) s in all (builds $((build_done - start)) s, seeding $((seed_done - build_done)) s, $per_round s per round)"
  echo "- before: \`${rev[before]:0:10}\` $(printf '%s' "${subject[before]}" | sed 's/|/\\|/g')"
  echo "- after: \`${rev[after]:0:10}\` $(printf '%s' "${subject[after]}" | sed 's/|/\\|/g')"
  echo "- rounds: $rounds; in each round every benchmark runs once per side, back to back, before first in odd rounds and after first in even ones"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM, shared with other engineers' builds and tests, dotnet $(dotnet --version)"
  echo "- uptime at the start: \`$(echo "$uptime_start" | xargs)\`"
  echo "- uptime at the end: \`$(echo "$uptime_end" | xargs)\`"
  echo "- 1-minute load average at the start of each run: $(awk -F'\t' '{ printf "%s%s %s %s", (NR > 1 ? ", " : ""), $1, $2, $4 }' "$logs/loads.tsv")"
  echo
  echo "Commands, each run in its own revision's worktree (built there first with \`dotnet build LaiteLaina.sln -c Release\`):"
  echo
  echo "    LOANS_PAIRS=$loans_pairs WEB_SECONDS=$web_seconds WEB_DATA=$web_data SERIAL_ARGS=\"$serial_args\" BENCHES=\"$benches\" scripts/bench-compare.sh ${1} ${2} $rounds"
  [[ " $benches " == *" loans "* ]] && echo "    ${cmd_loans//LOGDIR/\$LOGS}"
  [[ " $benches " == *" web "* ]] && echo "    $cmd_web"
  [[ " $benches " == *" serial "* ]] && echo "    $cmd_serial"
  echo
  echo "bench-web reads one database seeded once (1,000,000 devices, 5,000,000 loans; scripts/bench-seed.sh), the same"
  echo "for both sides. A loan pair is a check-out plus its return (two transactions). The raw-SQL rows and the"
  echo "service/raw ratio exist only where that revision's bench-loans measures them."
  echo
  echo "| figure | better | before (median) | after (median) | after/before | change | runs before / after |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  echo "$table"
  echo
  echo "after/before is the ratio of the medians; change is that ratio − 1, marked better or worse by the figure's direction"
  echo "(more per second is better, a shorter time is better). The dashboard's tail (p95, p99) depends on whether its once a"
  echo "minute recomputation (about a second) falls inside a ${web_seconds} s window; compare its requests/s and p50 rather than its tail."
  if ((failures)); then echo; echo "**$failures run(s) failed; their figures are missing above. Logs: \`$logs\`.**"; fi
} >"$out"
cat "$out"
echo "bench-compare: written to $out; a further round takes about $per_round s" >&2
((failures == 0))
