#!/usr/bin/env bash
# Shared by the scripts in scripts/adb/: the progress-line contract (README.md) and adb calls that tell
# "device gone" and "a person must act" apart from plain failure. Sourced, never run.
# Helpers set variables (QUOTED, STATE, COUNT, USER_IDS, OUT) rather than print into $(...), and text is
# matched in bash rather than with grep/sed/awk: a provisioning station runs these for sixteen tablets at once,
# and every subshell and tool started costs host CPU that the tablets then wait for.
# shellcheck disable=SC2034

LL_OK=0 LL_FAILED=1 LL_USAGE=2 LL_ACT=3 LL_GONE=4
LL_VERSION="1.0"
ADB="${ADB:-adb}"
STEP="${STEP:-${0##*/}}"
STEP="${STEP%.sh}"

# ll_quote TEXT: sets QUOTED to TEXT as a quoted progress-line field: one line, double quotes and backslashes escaped.
ll_quote() {
  local text="${1//$'\r'/}"
  text="${text//$'\n'/ }"
  text="${text//\\/\\\\}"
  text="${text//\"/\\\"}"
  QUOTED="\"$text\""
}

# ll_progress PERCENT MESSAGE [ACT_INSTRUCTION]
ll_progress() {
  ll_quote "$2"
  local line="LL step=$STEP progress=$1 message=$QUOTED"
  if [[ -n "${3:-}" ]]; then
    ll_quote "$3"
    line+=" act=$QUOTED"
  fi
  printf '%s\n' "$line"
}

# ll_fact NAME VALUE: something learnt about the device (identify), for the job and the certificate.
ll_fact() { ll_quote "$2"; printf 'LL fact=%s value=%s\n' "$1" "$QUOTED"; }

# ll_check NAME ok|failed DETAIL: one verification check.
ll_check() { ll_quote "$3"; printf 'LL check=%s result=%s message=%s\n' "$1" "$2" "$QUOTED"; }

# ll_result ok|act|gone|failed MESSAGE: the last line; exits with the matching code.
ll_result() {
  ll_quote "$2"
  printf 'LL result=%s message=%s\n' "$1" "$QUOTED"
  case "$1" in
    ok) exit $LL_OK ;;
    act) exit $LL_ACT ;;
    gone) exit $LL_GONE ;;
    usage) exit $LL_USAGE ;;
    *) exit $LL_FAILED ;;
  esac
}

# ll_failed MESSAGE: failed, unless the tablet has gone away meanwhile (a dropped connection can also end a
# command with status 0 and no output, which then looks like the command's own failure).
ll_failed() {
  if [[ -n "${SERIAL:-}" ]]; then
    adb_state
    [[ "$STATE" == device ]] || ll_result gone "The tablet $SERIAL disconnected in the middle of the work ($1). Check the cable and the USB hub, plug it in again and retry."
  fi
  ll_result failed "$1"
}

ll_usage() {
  printf 'usage: %s\n' "$1" >&2
  ll_quote "usage: $1"
  printf 'LL result=usage message=%s\n' "$QUOTED"
  exit $LL_USAGE
}

# The prompt shows only on an unlocked screen, and Android 11+ forgets a computer unused for 7 days (README Sources, 7),
# so a loan tablet that comes back after weeks asks again.
UNAUTHORIZED_HELP="Unlock the tablet's screen, accept 'Allow USB debugging?' and tick 'Always allow from this computer'. Android forgets a computer it has not seen for 7 days, so a tablet back from a loan asks again. No prompt? Unplug and plug the cable in again, or turn USB debugging off and on in Developer options."

# Called when adb exited non-zero. Ends the script with "gone" or "act" when adb's own error (not the device
# command's) says the device is not there or not usable. A command on the device that fails leaves adb's stderr
# without "error: ".
ll_adb_trouble() {
  local errors="$1"
  case "$errors" in
    *"error: device unauthorized"*|*"device unauthorized"*) ll_result act "The tablet has not authorised this computer. $UNAUTHORIZED_HELP" ;;
    *"error: device"*"not found"*|*"error: no devices"*|*"error: device offline"*|*"error: closed"*|*"error: protocol fault"*|*"error: connection reset"*|*"failed to connect"*|*"error: device still"*)
      ll_result gone "The tablet $SERIAL is no longer connected (${errors%%$'\n'*}). Check the cable and the USB hub, plug it in again and retry." ;;
  esac
  # When the cable is pulled in the middle of a command, adb says nothing useful and exits non-zero: a failed
  # command on a tablet that is no longer listed as a device means it is gone, not that the command failed.
  adb_state
  [[ "$STATE" == device ]] || ll_result gone "The tablet $SERIAL disconnected in the middle of a command. Check the cable and the USB hub, plug it in again and retry."
  return 0
}

# adb_run COMMAND...: runs COMMAND in the device's shell; sets OUT (stdout, no CRs), ERR and ADB_STATUS.
# Ends the script on transport trouble, so it must be called directly, never inside $(...).
adb_run() { adb_host shell "$@"; }

# adb_host ARGS...: an adb host command for SERIAL (install, push, reboot); same handling as adb_run.
# adb's stderr goes to one file per script run, read back without starting a process. The job runner names
# that file in LL_ERRFILE and removes it afterwards; run by hand, the script makes its own.
adb_host() {
  if [[ -z "${LL_ERRFILE:-}" ]]; then
    LL_ERRFILE=$(mktemp)
    trap 'rm -f "$LL_ERRFILE"' EXIT
  fi
  OUT=$("$ADB" -s "$SERIAL" "$@" 2>"$LL_ERRFILE")
  ADB_STATUS=$?
  ERR=""
  IFS= read -r -d '' ERR <"$LL_ERRFILE"
  ERR="${ERR%$'\n'}"
  OUT="${OUT//$'\r'/}"
  if [[ $ADB_STATUS -ne 0 ]]; then
    ll_adb_trouble "$ERR"
  fi
  return 0
}

# sh_quote TEXT: sets SHQ to TEXT in single quotes for the tablet's shell (plain POSIX quoting, which mksh reads).
sh_quote() { SHQ="'${1//\'/\'\\\'\'}'"; }

# adb_batch COMMAND...: runs the COMMANDs (tablet shell command lines, values quoted with sh_quote) one after
# another in one adb shell: one adb client, one stream and one tablet shell instead of one for each. Sets
# BATCH_OUT[i] (the i-th command's stdout, without CRs or trailing newlines, as $(...) gives) and BATCH_STATUS[i]
# (its exit status); stderr of them all is in ERR. Ends the script on transport trouble, as adb_run does.
adb_batch() {
  # After each command the tablet prints an ASCII record separator and the command's status. The text is cut
  # at the separators by word splitting, which takes time in proportion to its length; cutting it with
  # ${text#*"$mark"} would take time growing with the square of it, and a tablet's answers can be long.
  local - rs=$'\x1e' script="" cmd i out
  for cmd in "$@"; do script+="$cmd; echo \"$rs\$?\"; "; done
  adb_run "$script"
  local -a chunks
  set -f
  local IFS="$rs"
  chunks=($OUT)
  IFS=$' \t\n'
  BATCH_OUT=() BATCH_STATUS=()
  for ((i = 1; i < ${#chunks[@]}; i++)); do
    out="${chunks[i - 1]}"
    (( i > 1 )) && out="${out#*$'\n'}"   # the previous command's status line
    while [[ "$out" == *$'\n' ]]; do out="${out%$'\n'}"; done
    BATCH_OUT+=("$out")
    cmd="${chunks[i]}"
    BATCH_STATUS+=("${cmd%%$'\n'*}")
  done
  if (( ${#BATCH_OUT[@]} != $# )); then
    ll_failed "The tablet's shell ran ${#BATCH_OUT[@]} of $# commands (${ERR:-no error message})."
  fi
}

# ll_sleep SECONDS: sleep without starting a sleep process each time: read with a time-out from a pipe that
# nobody ever writes to (opened once, read-write, so it never reports end of file).
ll_sleep() {
  [[ -n "${LL_SLEEP_FD:-}" ]] || exec {LL_SLEEP_FD}<> <(:)
  read -r -t "$1" -u "$LL_SLEEP_FD" _ || true
}

# adb_state: sets STATE to the adb state of SERIAL: device, unauthorized, offline, recovery, ... or "gone".
adb_state() {
  local list serial state rest
  list=$("$ADB" devices 2>/dev/null)
  STATE=gone
  while read -r serial state rest; do
    if [[ "$serial" == "$SERIAL" ]]; then
      STATE="$state"
      return 0
    fi
  done <<<"$list"
}

# count_lines TEXT GLOB: sets COUNT to the number of lines of TEXT that match GLOB (grep -c).
count_lines() {
  local line
  COUNT=0
  while IFS= read -r line; do
    [[ "$line" == $2 ]] && COUNT=$((COUNT + 1))
  done <<<"$1"
}

# has_line TEXT LINE: true when LINE is one of TEXT's lines (grep -qx).
has_line() { [[ $'\n'"$1"$'\n' == *$'\n'"$2"$'\n'* ]]; }

# parse_users TEXT: from the output of 'pm list users', sets USER_IDS and USER_NAMES in the order listed.
parse_users() {
  local line re='UserInfo\{([0-9]+):([^:]*):'
  USER_IDS=() USER_NAMES=()
  while IFS= read -r line; do
    if [[ "$line" =~ $re ]]; then
      USER_IDS+=("${BASH_REMATCH[1]}")
      USER_NAMES+=("${BASH_REMATCH[2]}")
    fi
  done <<<"$1"
}

# target_user: sets TARGET_USER to the user the profile sets up (README "The borrower's user"). For user-reset that is
# the fresh user wipe.sh made: the id 'pm create-user' returned, kept in the record from before the wipe, when that user
# is still there under the profile's name; without a record, the one user besides 0 with that name. Anything else stops
# the script rather than set up the wrong user. Other methods set up user 0. Needs USER_IDS and USER_NAMES (parse_users).
target_user() {
  TARGET_USER=0
  [[ "$wipe_method" == user-reset ]] || return 0
  local line created="" i found=() re='^created_user_id=([0-9]+)$'
  reset_record_path
  if [[ -f "$RECORD" && -O "$RECORD" ]]; then
    while IFS= read -r line; do [[ "$line" =~ $re ]] && created="${BASH_REMATCH[1]}"; done <"$RECORD"
  fi
  for i in "${!USER_IDS[@]}"; do
    [[ "${USER_IDS[i]}" != 0 && "${USER_NAMES[i]}" == "$wipe_user_name" ]] || continue
    [[ -n "$created" && "${USER_IDS[i]}" == "$created" ]] && { TARGET_USER="$created"; return 0; }
    found+=("${USER_IDS[i]}")
  done
  if [[ ${#found[@]} -eq 1 && -z "$created" ]]; then
    TARGET_USER="${found[0]}"
    return 0
  fi
  [[ -n "$created" ]] && ll_failed "The borrower's user $created that the wipe created is no longer on the tablet as '$wipe_user_name'. Run the wipe step again."
  ll_failed "Cannot tell which user is the borrower's: found ${#found[@]} user(s) named '$wipe_user_name' besides user 0, expected one. Run the wipe step again."
}

# user_path PATH: sets UPATH to PATH in TARGET_USER's shared storage: /sdcard/... is user 0's, /storage/emulated/N/...
# is user N's (README "The borrower's user").
user_path() {
  UPATH="$1"
  if [[ "$TARGET_USER" != 0 && "$1" == /sdcard/* ]]; then UPATH="/storage/emulated/$TARGET_USER/${1#/sdcard/}"; fi
  return 0
}

# A TCP serial (host:port, such as a simulated tablet or a tablet on Wi-Fi debugging) needs 'adb connect'
# after a reboot; a USB one comes back by itself. A TCP transport left "offline" by the reboot is dropped
# first: the adb server would otherwise retry it only every 10 s.
# True when adb reports the TCP serial connected (now or already); false for a refusal and for a USB serial.
adb_reconnect() {
  [[ "$SERIAL" == *:* ]] || return 1
  [[ "${1:-}" == offline ]] && "$ADB" disconnect "$SERIAL" >/dev/null 2>&1
  local said
  said=$("$ADB" connect "$SERIAL" 2>&1)
  [[ "$said" == *"connected to"* ]]
}

# Fails unless the device is in state "device", with the person's instruction for the other states.
require_device() {
  adb_state
  if [[ "$STATE" == gone ]]; then
    adb_reconnect
    ll_sleep 0.3
    adb_state
  fi
  # A tablet just plugged in or connected is offline, connecting or authorizing for a moment while adb shakes
  # hands with it: give it up to 5 s. Halfway, a TCP transport that stays offline is dropped and connected again.
  local i
  for ((i = 1; i <= 20; i++)); do
    [[ "$STATE" == offline || "$STATE" == connecting || "$STATE" == authorizing ]] || break
    (( i == 10 )) && adb_reconnect "$STATE"
    ll_sleep 0.25
    adb_state
  done
  local state="$STATE"
  case "$state" in
    device) return 0 ;;
    unauthorized) ll_result act "The tablet has not authorised this computer. $UNAUTHORIZED_HELP" ;;
    recovery) ll_result act "The tablet is in recovery mode. Choose 'Reboot system now' with the volume keys and the power button, then retry." ;;
    offline|connecting|authorizing) ll_result gone "The tablet $SERIAL is $state to adb. Unplug it, plug it in again and retry." ;;
    gone) ll_result gone "The tablet $SERIAL is not connected. Check the cable and the USB hub and retry." ;;
    *) ll_result act "The tablet is in state '$state'; start it normally and retry." ;;
  esac
}

# load_profile: reads the profile file (PROFILE) into shell variables:
#   wipe_method (recovery read as guided, its former name) profile_destination wipe_user_name wipe_command min_battery profile_apk_dir font_scale screen_timeout_seconds locale
#   device_name_from_tag (true or false) card_target, and the arrays app_packages app_apks disable_packages.
# jq's start-up is the dearest thing a script does on the host (about 13 ms of CPU, more than all its adb
# calls), and a job reads the same profile five times for each tablet. So the assignments jq makes are kept in
# the user's cache under the SHA-256 of the profile's content and of this file: an edited profile, or a new
# version of the program below, is read afresh. The file is read once and that same text is hashed and parsed,
# so an edit in the middle cannot put one text's values under another's hash.
load_profile() {
  [[ -f "$PROFILE" ]] || ll_result failed "Profile file $PROFILE does not exist."
  local content hashes lib cache="" dir vars
  content=$(<"$PROFILE") || ll_result failed "Cannot read profile file $PROFILE."
  # Only in a home of one's own (system users' HOME=/nonexistent must never be created).
  if [[ -n "${HOME:-}" && -d "$HOME" && -w "$HOME" ]] && hashes=$(sha256sum - "${BASH_SOURCE[0]}" <<<"$content" 2>/dev/null); then
    lib="${hashes#*$'\n'}"
    dir="${XDG_CACHE_HOME:-$HOME/.cache}/laitelaina"
    cache="$dir/profile-${hashes:0:64}-${lib:0:16}.sh"
    # Sourced, so only a file of our own.
    if [[ -f "$cache" && -O "$cache" ]]; then
      source "$cache"
      return 0
    fi
  fi
  command -v jq >/dev/null || ll_result failed "jq is not installed (apt-get install jq)."
  vars=$(jq -r '
    def text: if . == null then "" else tostring end;
    if type != "object" then error("the profile is not a JSON object") else . end
    | @sh "wipe_method=\(.wipe.method | text | if . == "recovery" then "guided" else . end)",
      @sh "profile_destination=\(.destination | text)",
      @sh "wipe_user_name=\(.wipe.user_name // "Lainaaja" | text)",
      @sh "wipe_command=\(.wipe.command | text)",
      @sh "min_battery=\(.min_battery // 30 | text)",
      @sh "profile_apk_dir=\(.apk_dir | text)",
      @sh "font_scale=\(.settings.font_scale | text)",
      @sh "screen_timeout_seconds=\(.settings.screen_timeout_seconds | text)",
      @sh "locale=\(.settings.locale | text)",
      @sh "device_name_from_tag=\(.settings.device_name_from_tag == true)",
      @sh "card_target=\(.card.target | text)",
      "app_packages=(\([.apps[]?.package | text] | @sh))",
      "app_apks=(\([.apps[]?.apk | text] | @sh))",
      "disable_packages=(\([.disable_packages[]? | text] | @sh))"
  ' <<<"$content" 2>&1) || ll_result failed "Profile file $PROFILE is not a valid profile: ${vars%%$'\n'*}"
  [[ -n "$vars" ]] || ll_result failed "Profile file $PROFILE is empty; it must be a JSON object (see scripts/adb/README.md)."
  eval "$vars"
  # Written aside and renamed, so a script starting at the same moment never reads half a file. A cache that
  # cannot be written only costs the next script another jq run.
  if [[ -n "$cache" ]] && { [[ -d "$dir" ]] || mkdir -p -m 700 "$dir" 2>/dev/null; }; then
    printf '%s\n' "$vars" >"$cache.$$" 2>/dev/null && mv -f "$cache.$$" "$cache" 2>/dev/null || rm -f "$cache.$$" 2>/dev/null
  fi
  return 0
}

# Shared storage of user 0 as a factory reset empties it (README "Proof of a reset"): every public folder, not only
# photos and downloads; Android/media holds WhatsApp's pictures and voice messages.
SHARED_DIRS=(/sdcard/DCIM /sdcard/Download /sdcard/Pictures /sdcard/Documents /sdcard/Movies /sdcard/Music
  /sdcard/Android/media /sdcard/Podcasts /sdcard/Ringtones /sdcard/Alarms /sdcard/Notifications /sdcard/Recordings
  /sdcard/Audiobooks)

# What Test Harness Mode sets that the shell can set back (README "Wipe methods", testharness), as NAMESPACE KEY VALUE:
# automatic system updates on, install checks of adb installs on (Android 11+ writes verifier_verify_adb_installs=0,
# the first Android 10 builds package_verifier_enable=0), and no longer awake whenever charging.
# provision.sh writes them and verify.sh reads them back after a test-harness reset.
TEST_HARNESS_UNDO=(global ota_disable_automatic_update 0 global verifier_verify_adb_installs 1 global package_verifier_enable 1
  global stay_on_while_plugged_in 0)

# reset_record_path: sets RECORD to the file where wipe.sh keeps what the tablet was before the wipe (android_id,
# boot_count, the canary) for verify.sh: beside the profile cache, one file per adb serial, in the job's own HOME.
reset_record_path() {
  local name="${SERIAL//[^A-Za-z0-9._-]/_}"
  RECORD="${XDG_CACHE_HOME:-$HOME/.cache}/laitelaina/reset-$name.sh"
}
