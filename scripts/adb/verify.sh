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

ll_progress 10 "Accounts"
adb_run dumpsys account
count_lines "$OUT" '*Account {*'
accounts=$COUNT
[[ $accounts -eq 0 ]] && check accounts ok "No accounts" || check accounts failed "$accounts account(s) still on the tablet"

ll_progress 25 "Users"
adb_run pm list users
parse_users "$OUT"
users=()
for i in "${!USER_IDS[@]}"; do users+=("${USER_IDS[$i]}:${USER_NAMES[$i]}"); done
others=()
for u in "${users[@]}"; do [[ "${u%%:*}" != 0 ]] && others+=("$u"); done
if [[ "$method" == user-reset ]]; then
  if [[ ${#others[@]} -eq 1 && "${others[0]#*:}" == "$user_name" ]]; then
    check users ok "User 0 and the fresh user '${others[0]}'"
  else
    check users failed "Expected user 0 and one fresh user '$user_name', found: ${users[*]}"
  fi
else
  [[ ${#others[@]} -eq 0 ]] && check users ok "Only user 0" || check users failed "Users besides 0 remain: ${others[*]}"
fi

ll_progress 40 "Apps"
allowed=("${app_packages[@]}")
extra=()
for u in "${users[@]}"; do
  adb_run pm list packages -3 --user "${u%%:*}"
  while IFS= read -r line; do
    p="${line#package:}"
    [[ "$line" == package:* && " ${allowed[*]} " != *" $p "* && " ${extra[*]} " != *" $p "* ]] && extra+=("$p")
  done <<<"$OUT"
done
[[ ${#extra[@]} -eq 0 ]] && check packages ok "No apps beyond the profile's" || check packages failed "Apps not in the profile: ${extra[*]}"

ll_progress 55 "Photos and downloads"
adb_run find /sdcard/DCIM /sdcard/Download -type f
count_lines "$OUT" '?*'
files=$COUNT
[[ $files -eq 0 ]] && check files ok "/sdcard/DCIM and /sdcard/Download are empty" || check files failed "$files file(s) left in /sdcard/DCIM or /sdcard/Download"

ll_progress 65 "Setup state"
adb_run settings get secure user_setup_complete
case "$method" in
  testharness|user-reset)
    [[ "$OUT" == 1 ]] && check setup ok "Setup complete, as $method leaves it" || check setup failed "user_setup_complete is '$OUT', expected 1 after $method" ;;
  *) check setup ok "user_setup_complete is '$OUT' (the person finished setup after $method)" ;;
esac

if [[ $wipe_only == false ]]; then
  ll_progress 75 "Profile apps"
  for p in "${allowed[@]}"; do
    adb_run pm list packages "$p"
    has_line "$OUT" "package:$p" && check "app:$p" ok "$p installed" || check "app:$p" failed "$p is not installed"
  done
  ll_progress 85 "Settings"
  expect_setting() { # NAMESPACE KEY VALUE
    adb_run settings get "$1" "$2"
    [[ "$OUT" == "$3" ]] && check "setting:$2" ok "$2 = $3" || check "setting:$2" failed "$2 is '$OUT', expected '$3'"
  }
  [[ -n "$font_scale" ]] && expect_setting system font_scale "$font_scale"
  [[ -n "$screen_timeout_seconds" ]] && expect_setting system screen_off_timeout "$((screen_timeout_seconds * 1000))"
  [[ -n "$locale" ]] && expect_setting system system_locales "$locale"
  [[ "$device_name_from_tag" == true && -n "$tag" ]] && expect_setting global device_name "$tag"
  if [[ -n "$card_target" ]]; then
    adb_run cat "$card_target"
    if [[ $ADB_STATUS -ne 0 ]]; then
      check card failed "The card $card_target is missing"
    elif [[ -f "$card" && "$OUT" != "$(<"$card")" ]]; then
      check card failed "The card $card_target differs from the one given"
    else
      check card ok "Card $card_target in place"
    fi
  fi
  ll_progress 95 "Disabled packages"
  adb_run pm list packages -d
  for p in "${disable_packages[@]}"; do
    has_line "$OUT" "package:$p" && check "disabled:$p" ok "$p disabled" || check "disabled:$p" failed "$p is not disabled"
  done
fi

if [[ ${#problems[@]} -gt 0 ]]; then
  ll_failed "Verification failed: $(IFS='; '; echo "${problems[*]}")"
fi
what="wipe and profile"
[[ $wipe_only == true ]] && what="wipe"
ll_result ok "Verified: $what ($method)"
