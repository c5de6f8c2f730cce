#!/usr/bin/env bash
# precheck.sh SERIAL PROFILE — can this tablet be wiped with the profile's method now? Battery, accounts
# (factory reset protection), lock screen, Android version. Changes nothing. Contract: README.md.
set -uo pipefail
here="${0%/*}"
[[ "$here" == "$0" ]] && here=.
source "$here/lib.sh"
[[ $# -eq 2 ]] || ll_usage "precheck.sh SERIAL PROFILE.json"
SERIAL="$1" PROFILE="$2"
load_profile
method="$wipe_method"
require_device

ll_progress 10 "Reading battery, Android version, accounts and lock screen"
adb_batch "dumpsys battery" "getprop ro.build.version.sdk" "getprop ro.build.version.release" "dumpsys account" "cmd lock_settings verify"
battery="${BATCH_OUT[0]}" sdk="${BATCH_OUT[1]//[^0-9]/}" release="${BATCH_OUT[2]}" accounts="${BATCH_OUT[3]}"
lock="${BATCH_OUT[4]}$ERR"

ll_progress 20 "Battery"
re=$'(^|\n) *level: *([0-9]+)'
level=""
[[ "$battery" =~ $re ]] && level="${BASH_REMATCH[2]}"
[[ -n "$level" ]] || ll_result failed "Could not read the battery level (dumpsys battery)."
if (( level < min_battery )); then
  ll_result act "The battery is at $level %; the profile needs at least $min_battery %. Charge the tablet and retry."
fi

ll_progress 40 "Android version"
if [[ "$method" == testharness ]] && (( ${sdk:-0} < 29 )); then
  ll_result act "This tablet runs Android $release; test-harness reset needs Android 10 or newer. Choose a profile that wipes through recovery."
fi

ll_progress 60 "Accounts"
# Accounts of user 0 survive a user reset; Google accounts before a factory reset trigger factory reset protection.
# dumpsys account lists each user's accounts under a "User UserInfo{ID:..." heading.
owner_accounts=0 google=0 owner=false
while IFS= read -r line; do
  case "$line" in
    "User UserInfo{0:"*) owner=true ;;
    "User UserInfo"*) owner=false ;;
    *"Account {"*) [[ $owner == true ]] && owner_accounts=$((owner_accounts + 1)) ;;
  esac
  [[ "$line" == *"type=com.google}"* ]] && google=$((google + 1))
done <<<"$accounts"
if [[ "$method" == testharness || "$method" == guided ]] && (( google > 0 )); then
  ll_result act "A Google account is still on the tablet: remove it first in Settings > Accounts (Tilit) > Remove account, or factory reset protection will lock the tablet after the reset. Then retry."
fi
if [[ "$method" == user-reset ]] && (( owner_accounts > 0 )); then
  ll_result act "The tablet's main user has $owner_accounts account(s); a user reset keeps them. Remove them in Settings > Accounts, or use a factory-reset profile."
fi

ll_progress 80 "Lock screen"
if [[ "$lock" != *"verified successfully"* ]]; then
  if [[ "$method" == testharness ]]; then
    ll_result act "The tablet has a screen lock (PIN, pattern or password); test-harness reset refuses it. Remove the lock in Settings > Security, or if nobody knows it, use a profile that wipes through recovery."
  fi
  ll_progress 90 "The tablet has a screen lock; the $method method does not need it removed"
fi
ll_result ok "Battery $level %, Android $release, no account or lock in the way of $method"
