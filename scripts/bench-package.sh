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
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
idle=${IDLE:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

deb=${DEB:-}
if [[ -n "${PUBLISHED:-}" ]]; then
  single="$PUBLISHED/laitelaina"
else
  [[ -n "$deb" ]] || deb=$(scripts/package.sh --out "$work/dist" | tail -1)
  dpkg-deb -x "$deb" "$work/root"
  single="$work/root/usr/lib/laitelaina/laitelaina"
fi
dotnet build src/LaiteLaina -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dll=src/LaiteLaina/bin/Release/net10.0/laitelaina.dll
"$single" init --data "$work/data" >/dev/null

# One start: the process is given NOTIFY_SOCKET as systemd would and timed from exec to the READY=1 datagram, its CPU
# time read at that moment; then idle for IDLE s and its resident memory read from /proc; then SIGTERM.
# Prints "wall_seconds cpu_seconds rss_kib".
measure() {
  python3 - "$work" "$idle" "$@" <<'PY'
import os, signal, socket, subprocess, sys, time
work, idle, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
path = os.path.join(work, "notify")
if os.path.exists(path): os.unlink(path)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(path); s.settimeout(180)
env = dict(os.environ, NOTIFY_SOCKET=path, LAITELAINA_DATA=os.path.join(work, "data"))
t0 = time.monotonic()
p = subprocess.Popen(cmd + ["serve", "--urls", "http://127.0.0.1:5189"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while b"READY=1" not in s.recv(4096): pass
ready = time.monotonic() - t0
# utime and stime, fields 14 and 15 of /proc/PID/stat, count every thread of the process.
fields = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
time.sleep(idle)
rss = next(int(l.split()[1]) for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS:"))
p.send_signal(signal.SIGTERM); p.wait(60)
print(f"{ready:.3f} {cpu:.2f} {rss}")
PY
}

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
  echo "| p50 / p95 | single file (\`/usr/lib/laitelaina/laitelaina serve\`) | \`dotnet laitelaina.dll serve\` | ratio single / dll, pair by pair | goal |"
  echo "| --- | --- | --- | --- | --- |"
  row "start to READY=1, wall" 1 s "< 1.5 s"
  row "CPU used up to READY=1" 2 s ""
  row "idle RSS ${idle} s after READY=1" 3 MiB "< 120 MiB"
  echo
  echo "Package $size"
  echo
  echo "Every run (wall s, CPU s, RSS KiB): single file: $(tr '\n' ';' <"$work/a") dll: $(tr '\n' ';' <"$work/b")"
)
python3 scripts/bench-section.py bench/results/package.md "## Cold start, idle memory, size" "# Package and start-up: measured figures" <<<"$section"
echo "$section"
