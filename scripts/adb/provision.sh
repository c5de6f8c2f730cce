#!/usr/bin/env bash
# provision.sh SERIAL PROFILE [--tag TAG] [--card FILE] [--apk-dir DIR] — installs the profile's APKs,
# applies its settings, pushes the "this tablet belongs to" card and disables packages. Contract: README.md.
set -uo pipefail
here="${0%/*}"
[[ "$here" == "$0" ]] && here=.
source "$here/lib.sh"
usage="provision.sh SERIAL PROFILE.json [--tag TAG] [--card FILE] [--apk-dir DIR]"
[[ $# -ge 2 ]] || ll_usage "$usage"
SERIAL="$1" PROFILE="$2"
shift 2
tag="" card="" apk_dir="${APK_DIR:-}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tag) tag="${2:-}"; shift 2 ;;
    --card) card="${2:-}"; shift 2 ;;
    --apk-dir) apk_dir="${2:-}"; shift 2 ;;
    *) ll_usage "$usage" ;;
  esac
done
load_profile
profile_dir="${PROFILE%/*}"
[[ "$profile_dir" == "$PROFILE" ]] && profile_dir=.
apk_dir="${apk_dir:-${profile_apk_dir:-$profile_dir/../../apks}}"
if [[ -n "$card_target" && ! -f "$card" ]]; then
  ll_failed "The profile pushes a card to $card_target: give the card text file with --card FILE."
fi
require_device

# The user this profile sets up: for user-reset the borrower's fresh user, started first, since vold mounts a user's
# shared storage only while it runs (README "The borrower's user"); otherwise user 0, as after a factory reset.
TARGET_USER=0 as_user=()
if [[ "$wipe_method" == user-reset ]]; then
  adb_batch "pm list users"
  parse_users "${BATCH_OUT[0]}"
  target_user
  as_user=(--user "$TARGET_USER")
  ll_progress 2 "Starting the borrower's user $TARGET_USER"
  # -w waits until the user is unlocked; releases before it know only 'start-user N'. It says "Error: could not start
  # user" and still exits 0, so the text decides.
  adb_run am start-user -w "$TARGET_USER"
  [[ "$OUT" == *"Success: user started"* ]] || adb_run am start-user "$TARGET_USER"
  [[ "$OUT" == *"Success: user started"* ]] || ll_failed "Could not start the borrower's user $TARGET_USER: $OUT $ERR"
fi

# The borrower's storage may be closed to the shell even with the user started (not confirmed on Android 11+,
# README): then a person acts, and the card never goes to user 0 instead.
card_unreachable() {
  ll_result act "The card did not reach the borrower's user $TARGET_USER ($card_path): its storage is closed to this computer. Switch to that user on the tablet once (pull down the quick settings, tap the user icon), switch back, and retry."
}

total=$(( ${#app_packages[@]} + 4 ))
done_count=0
tick() { done_count=$((done_count + 1)); ll_progress $((100 * done_count / (total + 1))) "$1"; }

for i in "${!app_packages[@]}"; do
  package="${app_packages[$i]}" apk="${app_apks[$i]}"
  file="$apk_dir/$apk"
  [[ -f "$file" ]] || ll_failed "APK $apk for $package is not in $apk_dir: copy the organisation's own copy there (see scripts/adb/README.md)."
  tick "Installing $package ($apk)"
  adb_host install -r "${as_user[@]}" "$file"
  if [[ "$OUT$ERR" != *Success* ]]; then
    reason=""
    [[ "$OUT$ERR" =~ Failure\ \[[^]]*\] ]] && reason="${BASH_REMATCH[0]}"
    ll_failed "Installing $package from $apk failed: ${reason:-$OUT $ERR}"
  fi
done

tick "Settings"
# The settings, the card's folder and the user list in one adb shell.
writes=() what=()
put() { # NAMESPACE KEY VALUE
  sh_quote "$3"
  writes+=("settings put --user $TARGET_USER $1 $2 $SHQ")
  what+=("setting $2 = $3")
}
# After a test-harness reset: set back what Test Harness Mode turned off and the shell may turn on again (lib.sh
# TEST_HARNESS_UNDO, README "Wipe methods", testharness); verify.sh reads them back. The rest stays until a plain factory reset.
undo_test_harness_writes() {
  [[ "$wipe_method" == testharness ]] || return 0
  local i
  for ((i = 0; i < ${#TEST_HARNESS_UNDO[@]}; i += 3)); do put "${TEST_HARNESS_UNDO[@]:i:3}"; done
}
[[ -n "$font_scale" ]] && put system font_scale "$font_scale"
[[ -n "$screen_timeout_seconds" ]] && put system screen_off_timeout "$((screen_timeout_seconds * 1000))"
# Without root the system locale cannot be switched from adb on every release; system_locales is what
# the Settings app writes and what the setup wizard reads.
[[ -n "$locale" ]] && put system system_locales "$locale"
[[ "$device_name_from_tag" == true && -n "$tag" ]] && put global device_name "$tag"
card_path=""
if [[ -n "$card_target" ]]; then
  user_path "$card_target"
  card_path="$UPATH"
  card_dir="${card_path%/*}"
  [[ "$card_path" == */* ]] || card_dir=.
  card_dir="${card_dir:-/}"
  sh_quote "$card_dir"
  writes+=("mkdir -p $SHQ")
  what+=("the folder $card_dir")
fi
undo_test_harness_writes
writes+=("pm list users")
adb_batch "${writes[@]}"
for i in "${!what[@]}"; do
  [[ "${BATCH_STATUS[i]}" -eq 0 || "${what[i]}" != "the folder $card_dir" || "$TARGET_USER" == 0 ]] || card_unreachable
  [[ "${BATCH_STATUS[i]}" -eq 0 ]] || ll_failed "Could not set ${what[i]} on the tablet: ${BATCH_OUT[i]} $ERR"
done
parse_users "${BATCH_OUT[${#what[@]}]}"
[[ "$wipe_method" == testharness ]] && ll_progress $((100 * done_count / (total + 1))) "Turned automatic updates and install checks back on, which Test Harness Mode had turned off"

if [[ -n "$card_target" ]]; then
  tick "Pushing the owner card to $card_path"
  adb_host push "$card" "$card_path"
  [[ $ADB_STATUS -eq 0 || "$TARGET_USER" == 0 ]] || card_unreachable
  [[ $ADB_STATUS -eq 0 ]] || ll_failed "Pushing the card to $card_path failed: $ERR"
  if [[ "$TARGET_USER" != 0 ]]; then
    sh_quote "$card_path"
    adb_batch "ls $SHQ"
    [[ "${BATCH_STATUS[0]}" == 0 ]] || card_unreachable
  fi
fi

tick "Disabling packages"
disables=() targets=()
for package in "${disable_packages[@]}"; do
  sh_quote "$package"
  for user in "${USER_IDS[@]}"; do
    disables+=("pm disable-user --user $user $SHQ")
    targets+=("$package for user $user")
  done
done
if [[ ${#disables[@]} -gt 0 ]]; then
  adb_batch "${disables[@]}"
  for i in "${!targets[@]}"; do
    [[ "${BATCH_OUT[i]}" == *disabled* ]] || ll_failed "Disabling ${targets[i]} failed: ${BATCH_OUT[i]} $ERR"
  done
fi
ll_result ok "Installed ${#app_packages[@]} app(s), applied settings${card_target:+, pushed the card}"
