#!/usr/bin/env bash
# precheck.sh SERIAL PROFILE [--patch-max-months N] — can this tablet be wiped with the profile's method now? Battery,
# accounts (Google's factory reset protection, Samsung's Reactivation Lock), lock screen, Android version; a warning
# (not a refusal) when its security patch is older than N months (default 12). Changes nothing. Contract: README.md.
set -uo pipefail
here="${0%/*}"
[[ "$here" == "$0" ]] && here=.
source "$here/lib.sh"
usage="precheck.sh SERIAL PROFILE.json [--patch-max-months N]"
[[ $# -eq 2 || ( $# -eq 4 && "$3" == --patch-max-months && "$4" =~ ^[0-9]+$ ) ]] || ll_usage "$usage"
SERIAL="$1" PROFILE="$2" patch_max_months="${4:-12}"
load_profile
method="$wipe_method"
require_device

ll_progress 10 "Reading battery, Android version, accounts and lock screen"
adb_batch "dumpsys battery" "getprop ro.build.version.sdk" "getprop ro.build.version.release" "dumpsys account" "cmd lock_settings verify" \
  "getprop ro.build.version.security_patch"
battery="${BATCH_OUT[0]}" sdk="${BATCH_OUT[1]//[^0-9]/}" release="${BATCH_OUT[2]}" accounts="${BATCH_OUT[3]}"
lock="${BATCH_OUT[4]}$ERR" patch="${BATCH_OUT[5]}"

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

# A tablet past its last security update may still be lent, but the office should know: a warning the job keeps
# (LL fact=warning), never a refusal. The patch level is YYYY-MM-DD (ro.build.version.security_patch); its age is
# counted in whole calendar months against today, with bash's own clock (no date process).
if [[ "$patch" =~ ^([0-9]{4})-([0-9]{2})-[0-9]{2}$ ]]; then
  printf -v today '%(%Y-%m)T' -1
  age=$(( (10#${today%-*} * 12 + 10#${today#*-}) - (10#${BASH_REMATCH[1]} * 12 + 10#${BASH_REMATCH[2]}) ))
  if (( age > patch_max_months )); then
    ll_fact warning "The tablet's security patch level is $patch, $age months old (the limit is $patch_max_months). It gets no security updates: lend it only if the office accepts that, or retire it."
  fi
fi

ll_progress 60 "Accounts"
# Accounts of user 0 survive a user reset; Google accounts before a factory reset trigger factory reset protection.
# dumpsys account lists each user's accounts under a "User UserInfo{ID:..." heading.
owner_accounts=0 google=0 samsung=0 owner=false
while IFS= read -r line; do
  case "$line" in
    "User UserInfo{0:"*) owner=true ;;
    "User UserInfo"*) owner=false ;;
    *"Account {"*) [[ $owner == true ]] && owner_accounts=$((owner_accounts + 1)) ;;
  esac
  [[ "$line" == *"type=com.google}"* ]] && google=$((google + 1))
  [[ "$line" == *"type=com.osp.app.signin}"* ]] && samsung=$((samsung + 1))
done <<<"$accounts"
# Any method but user-reset ends in a factory reset, which Google's FRP and Samsung's Reactivation Lock survive
# (README Sources, 5): both accounts, of any user, stop it.
if [[ "$method" != user-reset ]] && (( samsung > 0 )); then
  ll_result act "A Samsung account is still on the tablet: remove it first in Settings > Accounts and backup > Manage accounts > Samsung account > Sign out, or Reactivation Lock will ask for it after the reset. Then retry."
fi
if [[ "$method" != user-reset ]] && (( google > 0 )); then
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
