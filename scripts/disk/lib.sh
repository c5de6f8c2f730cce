# Shared by wipe.sh and image.sh: the LL progress/result lines and the checks that keep a wipe or an image
# off any disk the machine is using. Sourced, not run.

# Exit codes, the same contract as scripts/adb/: 0 ok, 1 failed, 2 usage, 3 a person must act, 4 device gone;
# and 5 refused: the disk is in use (mounted, swap) or holds the running system, or is not a disk at all.
readonly EXIT_OK=0 EXIT_FAILED=1 EXIT_USAGE=2 EXIT_ACT=3 EXIT_GONE=4 EXIT_REFUSED=5

# Messages go inside double quotes: a double quote or a line break in them would break the line format.
ll_clean() { local m=${1//\"/\'}; m=${m//$'\n'/ }; printf '%s' "$m"; }
ll_step() { printf 'LL step=%s progress=%s message="%s"\n' "$1" "$2" "$(ll_clean "$3")"; }
ll_result() {
  # ll_result ok|act|gone|failed|refused MESSAGE EXIT_CODE
  printf 'LL result=%s message="%s"\n' "$1" "$(ll_clean "$2")"
  exit "$3"
}

# Every device node that belongs to the disk: the disk, its partitions and whatever sits on them (LVM, crypt).
disk_tree() { lsblk -nrpo NAME "$1" 2>/dev/null; }

# The disk (and partition) under each of the running system's mounts and swap areas, with their ancestors.
system_nodes() {
  local target src
  for target in / /boot /boot/efi /usr /var; do
    src=$(findmnt -nvo SOURCE --target "$target" 2>/dev/null | head -n 1) || continue
    [[ -b "$src" ]] && lsblk -nrpso NAME "$src" 2>/dev/null
  done
  while read -r src _; do
    [[ "$src" == /dev/* && -b "$src" ]] && lsblk -nrpso NAME "$src" 2>/dev/null
  done < <(tail -n +2 /proc/swaps)
}

# check_disk DEVICE: exits with a refusal unless DEVICE is a block device nothing on this machine is using.
check_disk() {
  local dev=$1 node mounts
  if [[ ! -e "$dev" ]]; then
    ll_result gone "$dev does not exist: is the disk plugged in? (lsblk lists the disks)" $EXIT_GONE
  fi
  if [[ ! -b "$dev" ]]; then
    ll_result refused "$dev is not a block device; give a whole disk such as /dev/sdb (lsblk lists them)" $EXIT_REFUSED
  fi
  dev=$(readlink -f "$dev")
  local system
  system=$(system_nodes | sort -u)
  while read -r node; do
    if [[ -n "$node" ]] && grep -qxF "$node" <<<"$system"; then
      ll_result refused "$dev holds the running system ($node is under /, /boot or swap); it is never wiped or written from here" $EXIT_REFUSED
    fi
  done < <(disk_tree "$dev")
  # lsblk reads the mount table for every node of the tree; /proc/mounts and /proc/swaps catch what it may miss.
  mounts=$(lsblk -nrpo NAME,MOUNTPOINTS "$dev" 2>/dev/null | awk 'NF > 1 { print $1 " on " $2 }')
  while read -r node; do
    [[ -z "$node" ]] && continue
    mounts+=$(awk -v n="$node" '$1 == n { print "\n" n " on " $2 }' /proc/mounts)
    mounts+=$(awk -v n="$node" '$1 == n { print "\n" n " as swap" }' /proc/swaps)
  done < <(disk_tree "$dev")
  mounts=$(sed '/^$/d' <<<"$mounts" | sort -u | paste -sd ',' | sed 's/,/, /g')
  if [[ -n "$mounts" ]]; then
    ll_result refused "$dev is in use: $mounts; unmount it first (umount), or choose another disk" $EXIT_REFUSED
  fi
}

# Bytes in the disk.
disk_size() { blockdev --getsize64 "$1"; }
