#!/usr/bin/env bash
# Writes an operating-system image (raw, as from `dd`) to a wiped disk and verifies it by reading it back.
#   scripts/disk/image.sh DEVICE IMAGE [--sha256 SUM] [--dry-run]
# With --sha256 the image file itself is checked first, so a broken download is never written.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

usage() { echo "usage: $0 DEVICE IMAGE [--sha256 SUM] [--dry-run]" >&2; exit $EXIT_USAGE; }

dev="" image="" expected="" dry=0
while (($#)); do
  case "$1" in
    --sha256) expected=${2:-}; shift 2 || usage ;;
    --sha256=*) expected=${1#*=}; shift ;;
    --dry-run) dry=1; shift ;;
    -h|--help) usage ;;
    -*) echo "$0: unknown option $1" >&2; usage ;;
    *) if [[ -z "$dev" ]]; then dev=$1; elif [[ -z "$image" ]]; then image=$1; else usage; fi; shift ;;
  esac
done
[[ -n "$dev" && -n "$image" ]] || usage
expected=${expected,,}
if [[ -n "$expected" && ! "$expected" =~ ^[0-9a-f]{64}$ ]]; then
  echo "$0: --sha256 must be 64 hexadecimal digits, not '$expected'" >&2
  usage
fi
[[ -f "$image" && -r "$image" ]] || ll_result act "image $image is not a readable file" $EXIT_ACT

ll_step check 0 "checking $dev"
check_disk "$dev"
dev=$(readlink -f "$dev")
size=$(stat -c %s "$image")
disk=$(disk_size "$dev")
((size > 0)) || ll_result act "image $image is empty" $EXIT_ACT
((size <= disk)) || ll_result act "image $image ($size bytes) does not fit on $dev ($disk bytes); use a larger disk" $EXIT_ACT

ll_step checksum 5 "computing the image's SHA-256"
sum=$(sha256sum "$image" | cut -d' ' -f1)
if [[ -n "$expected" && "$sum" != "$expected" ]]; then
  ll_result failed "image $image has SHA-256 $sum, not the expected $expected; download it again" $EXIT_FAILED
fi
if ((dry)); then
  ll_result ok "dry run: $image ($size bytes, SHA-256 $sum) fits on $dev ($disk bytes)" $EXIT_OK
fi
if [[ $(id -u) -ne 0 && ! -w "$dev" ]]; then
  ll_result act "writing to $dev needs root: run it with sudo" $EXIT_ACT
fi

ll_step write 10 "writing $size bytes to $dev"
# Direct, synced writes: the read-back below must come from the disk, not from the page cache.
if ! dd if="$image" of="$dev" bs=4M conv=fsync,notrunc oflag=direct status=none 2>/dev/null \
   && ! dd if="$image" of="$dev" bs=4M conv=fsync,notrunc status=none; then
  [[ -b "$dev" ]] || ll_result gone "$dev disappeared while writing (unplugged?)" $EXIT_GONE
  ll_result failed "writing $image to $dev failed" $EXIT_FAILED
fi
sync
# Drop the device's cached pages so that the comparison reads what the disk holds.
blockdev --flushbufs "$dev" 2>/dev/null || true

ll_step verify 80 "reading $size bytes back from $dev"
back=$(head -c "$size" "$dev" | sha256sum | cut -d' ' -f1)
[[ -b "$dev" ]] || ll_result gone "$dev disappeared while verifying (unplugged?)" $EXIT_GONE
if [[ "$back" != "$sum" ]]; then
  ll_result failed "read back from $dev: SHA-256 $back, but the image is $sum; the disk may be failing" $EXIT_FAILED
fi
ll_result ok "wrote and verified $size bytes of $image on $dev, SHA-256 $sum" $EXIT_OK
