#!/usr/bin/env bash
# The packaged program against today's `dotnet laitelaina.dll serve`, side by side: cold start to READY=1 (the moment
# systemctl start returns for a Type=notify unit), idle memory (RSS 10 s after READY=1) and the package's size.
# Each start is a new process on an initialised data directory (a restart, the daily case), RUNS times in turn A B A B;
# the median is what counts. Writes bench/results/package.md.
# Usage: scripts/bench-package.sh [RUNS=7]   (builds the package with scripts/package.sh unless DEB=path is given)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

deb=${DEB:-}
if [[ -z "$deb" ]]; then
  deb=$(scripts/package.sh --out "$work/dist" | tail -1)
fi
dpkg-deb -x "$deb" "$work/root"
single="$work/root/usr/lib/laitelaina/laitelaina"
dotnet build src/LaiteLaina -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dll=src/LaiteLaina/bin/Release/net10.0/laitelaina.dll
"$single" init --data "$work/data" >/dev/null

# One start: the process is given NOTIFY_SOCKET as systemd would and timed from exec to the READY=1 datagram; then
# idle for 10 s and its resident memory read from /proc; then SIGTERM. Prints "seconds rss_kib".
measure() {
  python3 - "$work" "$@" <<'PY'
import os, signal, socket, subprocess, sys, time
work, cmd = sys.argv[1], sys.argv[2:]
path = os.path.join(work, "notify")
if os.path.exists(path): os.unlink(path)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(path); s.settimeout(120)
env = dict(os.environ, NOTIFY_SOCKET=path, LAITELAINA_DATA=os.path.join(work, "data"))
t0 = time.monotonic()
p = subprocess.Popen(cmd + ["serve", "--urls", "http://127.0.0.1:5189"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while b"READY=1" not in s.recv(4096): pass
ready = time.monotonic() - t0
time.sleep(10)
rss = next(int(l.split()[1]) for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS:"))
p.send_signal(signal.SIGTERM); p.wait(30)
print(f"{ready:.3f} {rss}")
PY
}

: >"$work/a"; : >"$work/b"
for i in $(seq "$runs"); do
  measure "$single" >>"$work/a"
  measure dotnet "$dll" >>"$work/b"
done
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
a_start=$(cut -d' ' -f1 "$work/a" | median); b_start=$(cut -d' ' -f1 "$work/b" | median)
a_rss=$(cut -d' ' -f2 "$work/a" | median); b_rss=$(cut -d' ' -f2 "$work/b" | median)
size=$(stat -c %s "$deb"); installed=$(du -sk "$work/root" | cut -f1)
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k/1024}'; }

cat >bench/results/package.md <<MD
# Package: cold start, idle memory, size

\`scripts/bench-package.sh $runs\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo);
$runs starts of each, in turn, on an initialised SQLite data directory; medians.

| | single-file package (\`/usr/lib/laitelaina/laitelaina serve\`) | \`dotnet laitelaina.dll serve\` | goal |
| --- | --- | --- | --- |
| start to READY=1 | ${a_start} s | ${b_start} s | < 1.5 s |
| idle RSS 10 s after READY=1 | $(mib "$a_rss") MiB | $(mib "$b_rss") MiB | < 120 MiB |

Package \`$(basename "$deb")\`: $(mib $((size / 1024))) MiB as a .deb, $(mib "$installed") MiB installed.

Every run (seconds to READY=1, RSS KiB): single file: $(tr '\n' ';' <"$work/a") dotnet: $(tr '\n' ';' <"$work/b")
MD
cat bench/results/package.md
