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
  [[ -n "${SERIAL:-}" ]] && adb_state
  if [[ -n "${SERIAL:-}" && "$STATE" != device ]]; then
    ll_result gone "The tablet $SERIAL disconnected in the middle of the work ($1). Check the cable and the USB hub, plug it in again and retry."
  fi
  ll_result failed "$1"
}

ll_usage() {
  printf 'usage: %s\n' "$1" >&2
  ll_quote "usage: $1"
  printf 'LL result=usage message=%s\n' "$QUOTED"
  exit $LL_USAGE
}

UNAUTHORIZED_HELP="On the tablet's screen, accept 'Allow USB debugging?' and tick 'Always allow from this computer'. No prompt? Unplug and plug the cable in again, or turn USB debugging off and on in Developer options."

# Ends the script with "gone" or "act" when adb's own error (not the device command's) says the device is
# not there or not usable. A command on the device that fails leaves adb's stderr without "error: ".
ll_adb_trouble() {
  local errors="$1"
  case "$errors" in
    *"error: device unauthorized"*|*"device unauthorized"*) ll_result act "The tablet has not authorised this computer. $UNAUTHORIZED_HELP" ;;
    *"error: device"*"not found"*|*"error: no devices"*|*"error: device offline"*|*"error: closed"*|*"error: protocol fault"*|*"error: connection reset"*|*"failed to connect"*|*"error: device still"*)
      ll_result gone "The tablet $SERIAL is no longer connected (${errors%%$'\n'*}). Check the cable and the USB hub, plug it in again and retry." ;;
  esac
  # When the cable is pulled in the middle of a command, adb says nothing useful and exits non-zero: a failed
  # command on a tablet that is no longer listed as a device means it is gone, not that the command failed.
  [[ "${ADB_STATUS:-0}" -ne 0 ]] && adb_state
  if [[ "${ADB_STATUS:-0}" -ne 0 && "$STATE" != device ]]; then
    ll_result gone "The tablet $SERIAL disconnected in the middle of a command. Check the cable and the USB hub, plug it in again and retry."
  fi
}

# adb_run COMMAND...: runs COMMAND in the device's shell; sets OUT (stdout, no CRs), ERR and ADB_STATUS.
# Ends the script on transport trouble, so it must be called directly, never inside $(...).
adb_run() { adb_host shell "$@"; }

# adb_host ARGS...: an adb host command for SERIAL (install, push, reboot); same handling as adb_run.
# adb's stderr goes to one file per script run, read back without starting a process.
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

# A TCP serial (host:port, such as a simulated tablet or a tablet on Wi-Fi debugging) needs 'adb connect'
# after a reboot; a USB one comes back by itself. A TCP transport left "offline" by the reboot is dropped
# first: the adb server would otherwise retry it only every 10 s.
adb_reconnect() {
  if [[ "$SERIAL" == *:* ]]; then
    [[ "${1:-}" == offline ]] && "$ADB" disconnect "$SERIAL" >/dev/null 2>&1
    "$ADB" connect "$SERIAL" >/dev/null 2>&1 || true
  fi
}

# Fails unless the device is in state "device", with the person's instruction for the other states.
require_device() {
  adb_state
  if [[ "$STATE" == gone ]]; then
    adb_reconnect
    sleep 0.3
    adb_state
  fi
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

# load_profile: reads the profile file (PROFILE) once, with one jq run (jq's start-up is the dearest thing a
# script does on the host; sixteen tablets at once pay it per call), into shell variables:
#   wipe_method wipe_user_name wipe_command min_battery profile_apk_dir font_scale screen_timeout_seconds locale
#   device_name_from_tag (true or false) card_target, and the arrays app_packages app_apks disable_packages.
load_profile() {
  [[ -f "$PROFILE" ]] || ll_result failed "Profile file $PROFILE does not exist."
  command -v jq >/dev/null || ll_result failed "jq is not installed (apt-get install jq)."
  local vars
  vars=$(jq -r '
    def text: if . == null then "" else tostring end;
    @sh "wipe_method=\(.wipe.method | text)",
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
  ' "$PROFILE" 2>&1) || ll_result failed "Profile file $PROFILE is not valid JSON or not a profile: ${vars%%$'\n'*}"
  eval "$vars"
}
