#!/usr/bin/env bash
# verify.sh SERIAL PROFILE [--wipe-only] [--tag TAG] [--card FILE] — checks that the wipe left nothing of
# the previous user and (without --wipe-only) that the profile is in place. Changes nothing. Contract: README.md.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
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
require_profile
method=$(profile_get .wipe.method)
user_name=$(profile_get .wipe.user_name "Lainaaja")
require_device
problems=()
check() { # NAME OK? DETAIL
  if [[ "$2" == ok ]]; then ll_check "$1" ok "$3"; else ll_check "$1" failed "$3"; problems+=("$3"); fi
}

ll_progress 10 "Accounts"
adb_run dumpsys account
accounts=$(printf '%s\n' "$OUT" | grep -c 'Account {')
[[ $accounts -eq 0 ]] && check accounts ok "No accounts" || check accounts failed "$accounts account(s) still on the tablet"

ll_progress 25 "Users"
adb_run pm list users
mapfile -t users < <(printf '%s\n' "$OUT" | sed -n 's/.*UserInfo{\([0-9]*\):\([^:]*\):.*/\1:\2/p')
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
mapfile -t allowed < <(jq -r '.apps[]?.package' "$PROFILE")
extra=()
for u in "${users[@]}"; do
  adb_run pm list packages -3 --user "${u%%:*}"
  for p in $(printf '%s\n' "$OUT" | sed -n 's/^package://p'); do
    [[ " ${allowed[*]} " == *" $p "* ]] || extra+=("$p")
  done
done
[[ ${#extra[@]} -eq 0 ]] && check packages ok "No apps beyond the profile's" || check packages failed "Apps not in the profile: $(printf '%s\n' "${extra[@]}" | sort -u | tr '\n' ' ')"

ll_progress 55 "Photos and downloads"
adb_run find /sdcard/DCIM /sdcard/Download -type f
files=$(printf '%s\n' "$OUT" | grep -c .)
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
    printf '%s\n' "$OUT" | grep -qx "package:$p" && check "app:$p" ok "$p installed" || check "app:$p" failed "$p is not installed"
  done
  ll_progress 85 "Settings"
  expect_setting() { # NAMESPACE KEY VALUE
    adb_run settings get "$1" "$2"
    [[ "$OUT" == "$3" ]] && check "setting:$2" ok "$2 = $3" || check "setting:$2" failed "$2 is '$OUT', expected '$3'"
  }
  font_scale=$(profile_get .settings.font_scale)
  timeout=$(profile_get .settings.screen_timeout_seconds)
  locale=$(profile_get .settings.locale)
  [[ -n "$font_scale" ]] && expect_setting system font_scale "$font_scale"
  [[ -n "$timeout" ]] && expect_setting system screen_off_timeout "$((timeout * 1000))"
  [[ -n "$locale" ]] && expect_setting system system_locales "$locale"
  [[ "$(profile_get .settings.device_name_from_tag)" == true && -n "$tag" ]] && expect_setting global device_name "$tag"
  card_target=$(profile_get .card.target)
  if [[ -n "$card_target" ]]; then
    adb_run cat "$card_target"
    if [[ $ADB_STATUS -ne 0 ]]; then
      check card failed "The card $card_target is missing"
    elif [[ -f "$card" && "$OUT" != "$(cat "$card")" ]]; then
      check card failed "The card $card_target differs from the one given"
    else
      check card ok "Card $card_target in place"
    fi
  fi
  ll_progress 95 "Disabled packages"
  adb_run pm list packages -d
  for p in $(jq -r '.disable_packages[]?' "$PROFILE"); do
    printf '%s\n' "$OUT" | grep -qx "package:$p" && check "disabled:$p" ok "$p disabled" || check "disabled:$p" failed "$p is not disabled"
  done
fi

if [[ ${#problems[@]} -gt 0 ]]; then
  ll_failed "Verification failed: $(IFS='; '; echo "${problems[*]}")"
fi
ll_result ok "Verified: $([[ $wipe_only == true ]] && echo "wipe" || echo "wipe and profile") ($method)"
