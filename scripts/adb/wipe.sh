#!/usr/bin/env bash
# wipe.sh SERIAL PROFILE — starts the profile's wipe: guided (a person resets the tablet), testharness, user-reset or custom.
# A factory reset ends with the tablet rebooting; run wait.sh next. Contract: README.md.
set -uo pipefail
here="${0%/*}"
[[ "$here" == "$0" ]] && here=.
source "$here/lib.sh"
[[ $# -eq 2 ]] || ll_usage "wipe.sh SERIAL PROFILE.json"
SERIAL="$1" PROFILE="$2"
load_profile
method="$wipe_method"
# Test Harness Mode outlives its reset, so a tablet a client keeps never gets it (the program refuses such a profile
# when it loads it; this is for the scripts run by hand).
if [[ "$method" == testharness && "$profile_destination" == handover ]]; then
  ll_result failed "The profile $PROFILE is for a handover, but a test-harness reset leaves the tablet in Test Harness Mode; use the wipe method guided."
fi
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

# Before anything irreversible: what proves the reset afterwards (README "Proof of a reset"). The tablet's
# android_id and boot_count, and a canary file in shared storage that only a wipe removes. Kept in the job's HOME for
# verify.sh; without that record verify.sh refuses to call the tablet wiped, so a record that cannot be kept stops here.
record_before() {
  local canary="/sdcard/Download/.ll-canary-${EPOCHSECONDS}-$RANDOM$RANDOM" dir
  sh_quote "$canary"
  ll_progress 5 "Recording android_id, boot_count and a canary file, to prove the reset afterwards"
  adb_batch "getprop ro.serialno" "settings get secure android_id" "settings get global boot_count" \
    "mkdir -p /sdcard/Download && echo laitelaina-canary > $SHQ && ls $SHQ"
  [[ "${BATCH_STATUS[3]}" == 0 ]] || ll_failed "Could not write the canary file $canary in shared storage (${ERR:-no error message})."
  [[ -n "${BATCH_OUT[1]}" && "${BATCH_OUT[1]}" != null ]] || ll_failed "The tablet gave no android_id; a reset could not be proven."
  reset_record_path
  dir="${RECORD%/*}"
  { [[ -d "$dir" ]] || mkdir -p -m 700 "$dir"; } 2>/dev/null || ll_failed "Cannot keep the record before the wipe in $dir."
  printf 'before_serial=%q before_android_id=%q before_boot_count=%q before_canary=%q before_method=%q before_user_android_ids=%q\n' \
    "${BATCH_OUT[0]}" "${BATCH_OUT[1]}" "${BATCH_OUT[2]}" "$canary" "$method" "${1:-}" >"$RECORD.$$" && mv -f "$RECORD.$$" "$RECORD" \
    || ll_failed "Cannot keep the record before the wipe in $RECORD."
}

case "$method" in
  testharness|guided|custom) record_before ;;
esac

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
  guided)
    # A person does the reset on the tablet (the provisioning page shows the steps for its model); the job then waits
    # for it to come back and proves the reset. Restarting into recovery spares them the key combination.
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
    # Before anything is removed: a model without several users (AOSP's default config_multiuserMaximumUsers is 1,
    # fw.max_users overrides it) could not make the fresh user, and would be left with none.
    adb_batch "pm get-max-users" "pm list users"
    max_users=""
    [[ "${BATCH_OUT[0]}" =~ Maximum\ supported\ users:\ *([0-9]+) ]] && max_users="${BASH_REMATCH[1]}"
    if [[ -z "$max_users" || "$max_users" -lt 2 ]]; then
      ll_result act "This tablet supports only one user (pm get-max-users: ${max_users:-no answer}), so a user reset cannot be done on it. Use a profile with a guided factory reset instead."
    fi
    parse_users "${BATCH_OUT[1]}"
    ids=()
    for id in "${USER_IDS[@]}"; do [[ "$id" != 0 ]] && ids+=("$id"); done
    # The borrower's android_ids, so that verify.sh can tell the fresh user from one of theirs.
    reads=()
    for id in "${ids[@]}"; do reads+=("settings get --user $id secure android_id"); done
    old_ids=""
    if [[ ${#reads[@]} -gt 0 ]]; then
      adb_batch "${reads[@]}"
      old_ids="${BATCH_OUT[*]}"
    fi
    record_before "$old_ids"
    step=0
    for id in "${ids[@]}"; do
      step=$((step + 1))
      ll_progress $((10 + 50 * step / (${#ids[@]} + 1))) "Removing user $id and all its data"
      adb_run pm remove-user "$id"
      [[ "$OUT" == *Success* ]] || ll_failed "pm remove-user $id failed: $OUT $ERR"
    done
    ll_progress 70 "Emptying the main user's shared storage (photos, downloads, documents, media)"
    empty=()
    for dir in "${SHARED_DIRS[@]}"; do empty+=("rm -rf $dir" "mkdir -p $dir"); done
    adb_batch "${empty[@]}"
    ll_progress 85 "Creating a fresh user '$user_name'"
    # One word for the tablet's shell, whatever the name holds (spaces, quotes, ä).
    sh_quote "$user_name"
    adb_run pm create-user "$SHQ"
    [[ "$OUT" == *"Success: created user id"* ]] || ll_failed "pm create-user failed: $OUT $ERR"
    # The id it returned is the user provision.sh and verify.sh set up and check (lib.sh target_user).
    [[ "$OUT" =~ created\ user\ id\ ([0-9]+) ]] && printf 'created_user_id=%s\n' "${BASH_REMATCH[1]}" >>"$RECORD"
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
    ll_failed "Unknown wipe method '$method' in $PROFILE (use guided, testharness, user-reset or custom)."
    ;;
esac
