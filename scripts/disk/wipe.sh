#!/usr/bin/env bash
# Wipes one whole disk with Debian's nwipe, unattended, and says how it went in LL lines (see README.md).
#   scripts/disk/wipe.sh DEVICE --method zero|prng|dodshort [--verify last|all] [--log FILE] [--dry-run]
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

usage() { echo "usage: $0 DEVICE --method zero|prng|dodshort [--verify last|all] [--log FILE] [--dry-run]" >&2; exit $EXIT_USAGE; }

dev="" method="" verify="last" log="" dry=0
while (($#)); do
  case "$1" in
    --method) method=${2:-}; shift 2 || usage ;;
    --method=*) method=${1#*=}; shift ;;
    --verify) verify=${2:-}; shift 2 || usage ;;
    --verify=*) verify=${1#*=}; shift ;;
    --log) log=${2:-}; shift 2 || usage ;;
    --log=*) log=${1#*=}; shift ;;
    --dry-run) dry=1; shift ;;
    -h|--help) usage ;;
    -*) echo "$0: unknown option $1" >&2; usage ;;
    *) [[ -z "$dev" ]] || usage; dev=$1; shift ;;
  esac
done
[[ -n "$dev" ]] || usage
case "$method" in zero|prng|dodshort) ;; *) echo "$0: --method must be zero, prng or dodshort, not '$method'" >&2; usage ;; esac
# A wipe that is not verified is never recorded as a wipe, so there is no --verify off.
case "$verify" in last|all) ;; *) echo "$0: --verify must be last or all, not '$verify'" >&2; usage ;; esac

ll_step check 0 "checking $dev"
check_disk "$dev"
dev=$(readlink -f "$dev")
size=$(disk_size "$dev")
if ((dry)); then
  ll_result ok "dry run: $dev ($size bytes) is free to wipe with nwipe --method=$method --verify=$verify" $EXIT_OK
fi
nwipe_bin=$(command -v nwipe || { [[ -x /usr/sbin/nwipe ]] && echo /usr/sbin/nwipe; })
if [[ -z "$nwipe_bin" ]]; then
  ll_result act "nwipe is not installed: sudo apt-get install nwipe" $EXIT_ACT
fi
if [[ $(id -u) -ne 0 ]]; then
  ll_result act "wiping a disk needs root: run it with sudo" $EXIT_ACT
fi

log=${log:-nwipe-$(basename "$dev")-$(date +%Y%m%d-%H%M%S).log}
mkdir -p "$(dirname "$log")"
: >"$log" || ll_result failed "cannot write the log $log" $EXIT_FAILED

ll_step wipe 5 "nwipe $method on $dev ($size bytes), verify $verify"
# nwipe's own chatter (dmidecode, "waiting for wipe thread") goes to stderr; the log file is the record.
"$nwipe_bin" --autonuke --nogui --nowait --method="$method" --verify="$verify" --logfile="$log" "$dev" >&2 &
pid=$!
# Progress from the log: each pass, the blanking pass and the read-back verification.
last=""
while kill -0 "$pid" 2>/dev/null; do
  sleep 0.5
  line=$(grep -aE 'Starting pass [0-9]+/[0-9]+|Blanking device|Verifying' "$log" 2>/dev/null | tail -n 1)
  [[ -z "$line" || "$line" == "$last" ]] && continue
  last=$line
  if [[ "$line" =~ Starting\ pass\ ([0-9]+)/([0-9]+) ]]; then
    ll_step wipe $((5 + 70 * (BASH_REMATCH[1] - 1) / BASH_REMATCH[2])) "pass ${BASH_REMATCH[1]} of ${BASH_REMATCH[2]}"
  elif [[ "$line" == *Blanking* ]]; then
    ll_step blank 80 "blanking pass: writing zeros"
  else
    ll_step verify 90 "verifying: reading the disk back"
  fi
done
wait "$pid"
rc=$?

if [[ ! -b "$dev" ]]; then
  ll_result gone "$dev disappeared during the wipe (unplugged?); the wipe did not finish, wipe it again" $EXIT_GONE
fi
status=$(grep -aE '^[! ] +[^ ]+ \| *(Erased|-FAILED-|UABORTED|INSANITY) *\|' "$log" | tail -n 1 | awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
errors=$(grep -aE '^[! ] +[^ ]+ \| +[0-9]+ \| +[0-9]+ \| +[0-9]+' "$log" | tail -n 1 | awk -F'|' '{ gsub(/ /, ""); print "pass errors " $2 ", verification errors " $3 ", sync errors " $4 }')
if [[ $rc -eq 0 && "$status" == "Erased" ]]; then
  ll_result ok "Erased $dev: $size bytes, $errors; log $log" $EXIT_OK
fi
ll_result failed "nwipe exit $rc, status ${status:-unknown} on $dev: ${errors:-no summary}; see $log" $EXIT_FAILED
