#!/usr/bin/env bash
# wipe.sh SERIAL PROFILE — starts the profile's wipe: testharness, recovery, user-reset or custom.
# A factory reset ends with the tablet rebooting; run wait.sh next. Contract: README.md.
set -uo pipefail
here="${0%/*}"
[[ "$here" == "$0" ]] && here=.
source "$here/lib.sh"
[[ $# -eq 2 ]] || ll_usage "wipe.sh SERIAL PROFILE.json"
SERIAL="$1" PROFILE="$2"
load_profile
method="$wipe_method"
require_device

# Waits until adb no longer sees the tablet as a device: the reset has started.
wait_down() {
  local i
  for ((i = 0; i < ${WIPE_DOWN_SECONDS:-60} * 5; i++)); do
    adb_state
    [[ "$STATE" != device ]] && return 0
    ll_sleep 0.2
  done
  ll_failed "The tablet did not restart within ${WIPE_DOWN_SECONDS:-60} s after the $1 command."
}

case "$method" in
  testharness)
    ll_progress 20 "Starting a factory reset in test-harness mode (adb stays authorised)"
    adb_run cmd testharness enable
    if [[ $ADB_STATUS -ne 0 ]]; then
      case "$OUT$ERR" in
        *"lock screen"*) ll_result act "The tablet has a screen lock; test-harness reset refuses it. Remove it in Settings > Security, or use a profile that wipes through recovery." ;;
        *"Can't find service"*) ll_result act "This tablet has no test-harness mode (Android 9 or older); use a profile that wipes through recovery." ;;
        *) ll_failed "cmd testharness enable failed: ${OUT}${ERR}" ;;
      esac
    fi
    ll_progress 60 "Factory reset running; waiting for the tablet to restart"
    wait_down "testharness"
    ll_result ok "Factory reset started (test harness); the tablet is restarting"
    ;;
  recovery)
    ll_progress 20 "Restarting the tablet into recovery mode"
    adb_host reboot recovery
    [[ $ADB_STATUS -eq 0 ]] || ll_failed "adb reboot recovery failed: $ERR"
    wait_down "reboot recovery"
    ll_progress 60 "The tablet is in recovery" "On the tablet: with the volume keys choose 'Wipe data/factory reset' and press the power button; choose 'Factory data reset' (Yes) and press power; when it is done choose 'Reboot system now'. After the welcome screens: Settings > About tablet > tap 'Build number' 7 times; Developer options > USB debugging on; accept 'Allow USB debugging?'."
    ll_result ok "The tablet is in recovery, waiting for a person to wipe it"
    ;;
  user-reset)
    user_name="$wipe_user_name"
    ll_progress 10 "Reading users"
    adb_run pm list users
    parse_users "$OUT"
    ids=()
    for id in "${USER_IDS[@]}"; do [[ "$id" != 0 ]] && ids+=("$id"); done
    step=0
    for id in "${ids[@]}"; do
      step=$((step + 1))
      ll_progress $((10 + 50 * step / (${#ids[@]} + 1))) "Removing user $id and all its data"
      adb_run pm remove-user "$id"
      [[ "$OUT" == *Success* ]] || ll_failed "pm remove-user $id failed: $OUT $ERR"
    done
    ll_progress 70 "Emptying the main user's downloads and photos"
    for dir in /sdcard/Download /sdcard/DCIM; do
      adb_run rm -rf "$dir"
      adb_run mkdir -p "$dir"
    done
    ll_progress 85 "Creating a fresh user '$user_name'"
    # One word for the tablet's shell, whatever the name holds (spaces, quotes, ä).
    sh_quote "$user_name"
    adb_run pm create-user "$SHQ"
    [[ "$OUT" == *"Success: created user id"* ]] || ll_failed "pm create-user failed: $OUT $ERR"
    ll_result ok "Removed ${#ids[@]} user(s); created a fresh user ($OUT)"
    ;;
  custom)
    command="$wipe_command"
    [[ -n "$command" ]] || ll_failed "The profile's wipe method is custom but wipe.command is empty."
    ll_progress 20 "Running the profile's own wipe command"
    export SERIAL ADB
    if ! bash -c "$command"; then
      ll_failed "The custom wipe command failed: $command"
    fi
    ll_result ok "Custom wipe command finished"
    ;;
  *)
    ll_failed "Unknown wipe method '$method' in $PROFILE (use testharness, recovery, user-reset or custom)."
    ;;
esac
