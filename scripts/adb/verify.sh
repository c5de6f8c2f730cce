#!/usr/bin/env bash
# verify.sh SERIAL PROFILE [--wipe-only] [--tag TAG] [--card FILE] — checks that the wipe left nothing of
# the previous user and (without --wipe-only) that the profile is in place. Changes nothing. Contract: README.md.
set -uo pipefail
here="${0%/*}"
[[ "$here" == "$0" ]] && here=.
source "$here/lib.sh"
usage="verify.sh SERIAL PROFILE.json [--wipe-only] [--tag TAG] [--card FILE]"
[[ $# -ge 2 ]] || ll_usage "$usage"
SERIAL="$1" PROFILE="$2"
shift 2
wipe_only=false tag="" card=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --wipe-only) wipe_only=true; shift ;;
    --tag) tag="${2:-}"; shift 2 ;;
    --card) card="${2:-}"; shift 2 ;;
    *) ll_usage "$usage" ;;
  esac
done
load_profile
method="$wipe_method" user_name="$wipe_user_name"
require_device
problems=()
check() { # NAME OK? DETAIL
  if [[ "$2" == ok ]]; then ll_check "$1" ok "$3"; else ll_check "$1" failed "$3"; problems+=("$3"); fi
}

# Everything is read in two adb shells (the third-party apps need the user ids first); the checks follow
# in the order they are printed.
allowed=("${app_packages[@]}")
# The tablet counts the files itself: a returned tablet may hold thousands of photos. Folders a reset leaves out
# are not an error (find says so on stderr; wc still counts what there is).
# Reads 4-8 prove the reset (README "Proof of a reset"): compared with what wipe.sh recorded before it.
reset_record_path
before_serial="" before_android_id="" before_boot_count="" before_canary="" before_method="" before_user_android_ids=""
if [[ $wipe_only == true && -f "$RECORD" && -O "$RECORD" ]]; then source "$RECORD"; fi
canary="${before_canary:-/sdcard/Download/.ll-canary-none}"
sh_quote "$canary"
reads=("dumpsys account" "pm list users" "find ${SHARED_DIRS[*]} -type f 2>/dev/null | wc -l" "settings get secure user_setup_complete"
  "getprop ro.serialno" "settings get secure android_id" "settings get global boot_count" "ls $SHQ" "getprop ro.crypto.type")
TARGET_USER=0
if [[ $wipe_only == false ]]; then
  # The profile's part is read back from the user it set up (lib.sh target_user): the borrower's after a user-reset.
  if [[ "$method" == user-reset ]]; then
    adb_batch "pm list users"
    parse_users "${BATCH_OUT[0]}"
    target_user
  fi
  for p in "${allowed[@]}"; do sh_quote "$p"; reads+=("pm list packages --user $TARGET_USER $SHQ"); done
  settings=()  # NAMESPACE KEY VALUE, three entries each
  [[ -n "$font_scale" ]] && settings+=(system font_scale "$font_scale")
  [[ -n "$screen_timeout_seconds" ]] && settings+=(system screen_off_timeout "$((screen_timeout_seconds * 1000))")
  [[ -n "$locale" ]] && settings+=(system system_locales "$locale")
  [[ "$device_name_from_tag" == true && -n "$tag" ]] && settings+=(global device_name "$tag")
  for ((i = 0; i < ${#settings[@]}; i += 3)); do sh_quote "${settings[i + 1]}"; reads+=("settings get --user $TARGET_USER ${settings[i]} $SHQ"); done
  if [[ -n "$card_target" ]]; then user_path "$card_target"; card_path="$UPATH"; sh_quote "$card_path"; reads+=("cat $SHQ"); fi
  reads+=("pm list packages -d")
  # After a test-harness reset, what provision.sh set back (lib.sh TEST_HARNESS_UNDO), read last.
  undo_first=${#reads[@]}
  if [[ "$method" == testharness ]]; then
    for ((i = 0; i < ${#TEST_HARNESS_UNDO[@]}; i += 3)); do reads+=("settings get ${TEST_HARNESS_UNDO[i]} ${TEST_HARNESS_UNDO[i + 1]}"); done
  fi
fi
ll_progress 10 "Reading accounts, users, files, setup state and the profile's apps and settings"
adb_batch "${reads[@]}"
read_out=("${BATCH_OUT[@]}") read_status=("${BATCH_STATUS[@]}")

ll_progress 25 "Accounts"
count_lines "${read_out[0]}" '*Account {*'
accounts=$COUNT
[[ $accounts -eq 0 ]] && check accounts ok "No accounts" || check accounts failed "$accounts account(s) still on the tablet"

ll_progress 35 "Users"
parse_users "${read_out[1]}"
users=() others=()  # "id:name" each
for i in "${!USER_IDS[@]}"; do
  users+=("${USER_IDS[i]}:${USER_NAMES[i]}")
  [[ "${USER_IDS[i]}" != 0 ]] && others+=("${users[-1]}")
done
if [[ "$method" == user-reset ]]; then
  if [[ ${#others[@]} -eq 1 && "${others[0]#*:}" == "$user_name" ]]; then
    check users ok "User 0 and the fresh user '${others[0]}'"
  else
    check users failed "Expected user 0 and one fresh user '$user_name', found: ${users[*]}"
  fi
else
  [[ ${#others[@]} -eq 0 ]] && check users ok "Only user 0" || check users failed "Users besides 0 remain: ${others[*]}"
fi

ll_progress 45 "Apps"
per_user=()
for id in "${USER_IDS[@]}"; do per_user+=("pm list packages -3 --user $id"); done
extra=()
if [[ ${#per_user[@]} -gt 0 ]]; then
  adb_batch "${per_user[@]}"
  for out in "${BATCH_OUT[@]}"; do
    while IFS= read -r line; do
      p="${line#package:}"
      [[ "$line" == package:* && " ${allowed[*]} " != *" $p "* && " ${extra[*]} " != *" $p "* ]] && extra+=("$p")
    done <<<"$out"
  done
fi
[[ ${#extra[@]} -eq 0 ]] && check packages ok "No apps beyond the profile's" || check packages failed "Apps not in the profile: ${extra[*]}"

ll_progress 55 "Shared storage"
files="${read_out[2]//[^0-9]/}"
files="${files:-0}"
# After provisioning the profile's own card is the one file allowed (its own check follows).
card_here=0
if [[ $wipe_only == false && -n "$card_target" && "$TARGET_USER" == 0 ]]; then
  for dir in "${SHARED_DIRS[@]}"; do [[ "$card_target" == "$dir"/* ]] && card_here=1; done
  (( card_here == 1 && files > 0 )) && files=$((files - 1))
fi
[[ $files -eq 0 ]] && check files ok "Shared storage is empty (${#SHARED_DIRS[@]} folders: DCIM, Download, Pictures, Documents, Movies, Music, Android/media ...)" \
  || check files failed "$files file(s) left in shared storage (DCIM, Download, Pictures, Documents, Movies, Music, Android/media ...)"

ll_progress 65 "Setup state"
setup="${read_out[3]}"
case "$method" in
  testharness|user-reset)
    [[ "$setup" == 1 ]] && check setup ok "Setup complete, as $method leaves it" || check setup failed "user_setup_complete is '$setup', expected 1 after $method" ;;
  *) check setup ok "user_setup_complete is '$setup' (the person finished setup after $method)" ;;
esac

# Proof of a reset, for the wipe's own verification only: a tablet that merely restarted keeps its android_id, counts
# one more boot and still holds the canary, so it never passes as wiped.
if [[ $wipe_only == true ]]; then
  ll_progress 70 "Proof of the reset"
  serial_now="${read_out[4]}" id_now="${read_out[5]}" boots_now="${read_out[6]}" crypto="${read_out[8]}"
  if [[ -z "$before_android_id" || "$before_serial" != "$serial_now" ]]; then
    check proof failed "No record of this tablet from before the wipe (wipe.sh keeps it), so the reset cannot be proven; run the wipe step again"
  else
    [[ "${read_status[7]}" != 0 ]] && check canary ok "The canary file written before the wipe is gone" \
      || check canary failed "The canary file $before_canary written before the wipe is still there: the tablet was not wiped"
    case "$method" in
      user-reset)
        # Not a factory reset: user 0 keeps its android_id; the fresh user must not be one of the borrower's.
        fresh_id="" fresh=""
        for i in "${!USER_IDS[@]}"; do [[ "${USER_IDS[i]}" != 0 ]] && fresh="${USER_IDS[i]}"; done
        if [[ -n "$fresh" ]]; then
          adb_batch "settings get --user $fresh secure android_id"
          fresh_id="${BATCH_OUT[0]}"
        fi
        if [[ -n "$fresh_id" && "$fresh_id" != null && " $before_user_android_ids " != *" $fresh_id "* ]]; then
          check new-user ok "User $fresh is new (android_id $fresh_id, none of the removed users')"
        else
          check new-user failed "User ${fresh:-?} is not a fresh user (android_id '${fresh_id}')"
        fi ;;
      *)
        [[ -n "$id_now" && "$id_now" != null && "$id_now" != "$before_android_id" ]] \
          && check android_id ok "New android_id ($before_android_id before, $id_now now)" \
          || check android_id failed "android_id is still $before_android_id: the tablet was not factory reset"
        if [[ "$boots_now" == null || -z "$boots_now" ]]; then
          check boot_count ok "This Android keeps no boot_count; the proof rests on android_id and the canary"
        elif [[ "$boots_now" =~ ^[0-9]+$ && "$before_boot_count" =~ ^[0-9]+$ ]] && (( boots_now <= 3 && boots_now < before_boot_count )); then
          check boot_count ok "boot_count restarted ($before_boot_count before, $boots_now now)"
        else
          check boot_count failed "boot_count is $boots_now (it was $before_boot_count): it did not restart, so no factory reset happened"
        fi
        case "$crypto" in
          file) check crypto ok "ro.crypto.type=file: the reset destroyed the file-based encryption keys (cryptographic erase)" ;;
          block) check crypto ok "ro.crypto.type=block: full-disk encryption, wiped with the data partition (not called a cryptographic erase)" ;;
          *) check crypto failed "ro.crypto.type is '${crypto:-empty}': the tablet is not encrypted, so a reset is no cryptographic erase; a person must decide" ;;
        esac ;;
    esac
  fi
fi

if [[ $wipe_only == false ]]; then
  next=9
  ll_progress 75 "Profile apps"
  for p in "${allowed[@]}"; do
    has_line "${read_out[next]}" "package:$p" && check "app:$p" ok "$p installed" || check "app:$p" failed "$p is not installed"
    next=$((next + 1))
  done
  ll_progress 85 "Settings"
  for ((i = 0; i < ${#settings[@]}; i += 3)); do
    key="${settings[i + 1]}" want="${settings[i + 2]}" got="${read_out[next]}"
    [[ "$got" == "$want" ]] && check "setting:$key" ok "$key = $want" || check "setting:$key" failed "$key is '$got', expected '$want'"
    next=$((next + 1))
  done
  if [[ -n "$card_target" ]]; then
    if [[ "${read_status[next]}" -ne 0 ]]; then
      check card failed "The card $card_path is missing"
    elif [[ -f "$card" && "${read_out[next]}" != "$(<"$card")" ]]; then
      check card failed "The card $card_path differs from the one given"
    else
      check card ok "Card $card_path in place"
    fi
    next=$((next + 1))
  fi
  ll_progress 95 "Disabled packages"
  for p in "${disable_packages[@]}"; do
    has_line "${read_out[next]}" "package:$p" && check "disabled:$p" ok "$p disabled" || check "disabled:$p" failed "$p is not disabled"
  done
fi

if [[ $wipe_only == false && "$method" == testharness ]]; then
  ll_progress 97 "Settings Test Harness Mode changed"
  for ((i = 0; i < ${#TEST_HARNESS_UNDO[@]}; i += 3)); do
    key="${TEST_HARNESS_UNDO[i + 1]}" want="${TEST_HARNESS_UNDO[i + 2]}" got="${read_out[undo_first + i / 3]}"
    [[ "$got" == "$want" ]] && check "undo:$key" ok "$key = $want, set back after Test Harness Mode" \
      || check "undo:$key" failed "$key is '$got', expected '$want' after Test Harness Mode"
  done
fi

if [[ ${#problems[@]} -gt 0 ]]; then
  ll_failed "Verification failed: $(IFS='; '; echo "${problems[*]}")"
fi
what="wipe and profile"
[[ $wipe_only == true ]] && what="wipe"
ll_result ok "Verified: $what ($method)"
