#!/usr/bin/env bash
# The packaged program against today's `dotnet laitelaina.dll serve`, side by side: cold start to READY=1 (the moment
# systemctl start returns for a Type=notify unit), idle memory (RSS IDLE seconds after READY=1) and the package's size.
# Each start is a new process on an initialised data directory (a restart, the daily case), ROUNDS rounds of A then B,
# so both sides meet the same machine; p50 and p95 of each side and of the ratio A/B pair by pair. Besides the wall
# time, the CPU seconds the process used up to READY=1 (user + system, all threads, from /proc): on a shared machine
# the wall time says how long a start waited for a core, the CPU time how much work the start is.
# Writes its section of bench/results/package.md.
# Usage: scripts/bench-package.sh [ROUNDS=7]
#   DEB=path        measure this package instead of building one with scripts/package.sh
#   PUBLISHED=dir   measure an already published single-file directory (no package size then)
#   IDLE=10         seconds idle before RSS is read
#   BEFORE=rev      side B is `dotnet laitelaina.dll serve` of that revision (built in a temporary worktree), for a
#                   before/after of a change, instead of this tree's own dll
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
idle=${IDLE:-10}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/before" 2>/dev/null; rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

deb=${DEB:-}
if [[ -n "${PUBLISHED:-}" ]]; then
  single="$PUBLISHED/laitelaina"
else
  [[ -n "$deb" ]] || deb=$(scripts/package.sh --out "$work/dist" | tail -1)
  dpkg-deb -x "$deb" "$work/root"
  single="$work/root/usr/lib/laitelaina/laitelaina"
fi
if [[ -n "${BEFORE:-}" ]]; then
  git worktree add -q --detach "$work/before" "$BEFORE"
  dotnet build "$work/before/src/LaiteLaina" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
  dll="$work/before/src/LaiteLaina/bin/Release/net10.0/laitelaina.dll"
  side_b="\`dotnet laitelaina.dll serve\` of $(git rev-parse --short "$BEFORE") (before)"
else
  dotnet build src/LaiteLaina -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
  dll=src/LaiteLaina/bin/Release/net10.0/laitelaina.dll
  side_b="\`dotnet laitelaina.dll serve\`"
fi
"$single" init --data "$work/data" >/dev/null

# One start, measured by bench-start.py: "wall_seconds cpu_seconds idle_rss_kib used_rss_kib".
measure() { python3 scripts/bench-start.py "$work" "$idle" "$@"; }

: >"$work/a"; : >"$work/b"
for _ in $(seq "$rounds"); do
  measure "$single" >>"$work/a"
  measure dotnet "$dll" >>"$work/b"
done

# p50 and p95 by nearest rank, of column $1 of a file, or of the ratio of column $1 in a to b pair by pair.
pct() { sort -g | awk -v p="$1" '{v[NR]=$1} END {i=int(p*NR+0.999); if (i<1) i=1; print v[i]}'; }
col() { cut -d' ' -f"$1" "$2"; }
ratio() { paste -d' ' <(col "$1" "$work/a") <(col "$1" "$work/b") | awk '{printf "%.2f\n", $1/$2}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k/1024}'; }
row() { # name column unit scale
  local a50 a95 b50 b95 r50 r95
  a50=$(col "$2" "$work/a" | pct 0.5); a95=$(col "$2" "$work/a" | pct 0.95)
  b50=$(col "$2" "$work/b" | pct 0.5); b95=$(col "$2" "$work/b" | pct 0.95)
  r50=$(ratio "$2" | pct 0.5); r95=$(ratio "$2" | pct 0.95)
  if [[ $3 == MiB ]]; then a50=$(mib "$a50"); a95=$(mib "$a95"); b50=$(mib "$b50"); b95=$(mib "$b95"); fi
  printf '| %s | %s / %s %s | %s / %s %s | %s / %s | %s |\n' "$1" "$a50" "$a95" "$3" "$b50" "$b95" "$3" "$r50" "$r95" "$4"
}
if [[ -n "$deb" ]]; then
  size="\`$(basename "$deb")\`: $(mib $(($(stat -c %s "$deb") / 1024))) MiB as a .deb (xz), $(mib "$(du -sk "$work/root" | cut -f1)") MiB installed."
else
  size="not measured in this run (PUBLISHED=$PUBLISHED; the published directory is $(mib "$(du -sk "$PUBLISHED" | cut -f1)") MiB)."
fi
section=$(
  echo "## Cold start, idle memory, size (scripts/bench-package.sh)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); \`scripts/bench-package.sh $rounds\`: $rounds rounds, each one start of the single file then"
  echo "  one of \`dotnet laitelaina.dll serve\` (Release build), each a new process on the same initialised SQLite data directory."
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo);"
  echo "  load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after. The machine is shared (CI, other engineers' builds),"
  echo "  so the wall times measure the wait for a core as much as the start: read the ratios, and the CPU seconds."
  echo
  echo "| p50 / p95 | single file (\`/usr/lib/laitelaina/laitelaina serve\`) of $(git rev-parse --short HEAD) | $side_b | ratio A / B, pair by pair | goal |"
  echo "| --- | --- | --- | --- | --- |"
  row "start to READY=1, wall" 1 s "< 1.5 s"
  row "CPU used up to READY=1" 2 s ""
  row "idle RSS ${idle} s after READY=1" 3 MiB "< 120 MiB"
  row "RSS ${idle} s after a first use (sign-in page, /metrics twice)" 4 MiB ""
  echo
  echo "Package $size"
  echo
  echo "Every run (wall s, CPU s, idle RSS KiB, RSS after use KiB): single file: $(tr '\n' ';' <"$work/a") dll: $(tr '\n' ';' <"$work/b")"
)
python3 scripts/bench-section.py bench/results/package.md "## Cold start, idle memory, size" "# Package and start-up: measured figures" <<<"$section"
echo "$section"
