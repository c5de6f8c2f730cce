#!/usr/bin/env bash
# Shared by the scripts in scripts/adb/: the progress-line contract (README.md) and adb calls that tell
# "device gone" and "a person must act" apart from plain failure. Sourced, never run.
# shellcheck disable=SC2034

LL_OK=0 LL_FAILED=1 LL_USAGE=2 LL_ACT=3 LL_GONE=4
LL_VERSION="1.0"
ADB="${ADB:-adb}"
STEP="${STEP:-$(basename "$0" .sh)}"

# Quotes a message for a progress line: one line, double quotes and backslashes escaped.
ll_quote() {
  local text="${1//$'\r'/}"
  text="${text//$'\n'/ }"
  text="${text//\\/\\\\}"
  text="${text//\"/\\\"}"
  printf '"%s"' "$text"
}

# ll_progress PERCENT MESSAGE [ACT_INSTRUCTION]
ll_progress() {
  local line="LL step=$STEP progress=$1 message=$(ll_quote "$2")"
  [[ -n "${3:-}" ]] && line+=" act=$(ll_quote "$3")"
  printf '%s\n' "$line"
}

# ll_fact NAME VALUE: something learnt about the device (identify), for the job and the certificate.
ll_fact() { printf 'LL fact=%s value=%s\n' "$1" "$(ll_quote "$2")"; }

# ll_check NAME ok|failed DETAIL: one verification check.
ll_check() { printf 'LL check=%s result=%s message=%s\n' "$1" "$2" "$(ll_quote "$3")"; }

# ll_result ok|act|gone|failed MESSAGE: the last line; exits with the matching code.
ll_result() {
  printf 'LL result=%s message=%s\n' "$1" "$(ll_quote "$2")"
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
  if [[ -n "${SERIAL:-}" && "$(adb_state)" != device ]]; then
    ll_result gone "The tablet $SERIAL disconnected in the middle of the work ($1). Check the cable and the USB hub, plug it in again and retry."
  fi
  ll_result failed "$1"
}

ll_usage() {
  printf 'usage: %s\n' "$1" >&2
  printf 'LL result=usage message=%s\n' "$(ll_quote "usage: $1")"
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
  if [[ "${ADB_STATUS:-0}" -ne 0 && "$(adb_state)" != device ]]; then
    ll_result gone "The tablet $SERIAL disconnected in the middle of a command. Check the cable and the USB hub, plug it in again and retry."
  fi
}

# adb_run COMMAND...: runs COMMAND in the device's shell; sets OUT (stdout, no CRs), ERR and ADB_STATUS.
# Ends the script on transport trouble, so it must be called directly, never inside $(...).
adb_run() { adb_host shell "$@"; }

# adb_host ARGS...: an adb host command for SERIAL (install, push, reboot); same handling as adb_run.
adb_host() {
  local errfile
  errfile=$(mktemp)
  OUT=$("$ADB" -s "$SERIAL" "$@" 2>"$errfile")
  ADB_STATUS=$?
  ERR=$(cat "$errfile")
  rm -f "$errfile"
  OUT="${OUT//$'\r'/}"
  if [[ $ADB_STATUS -ne 0 ]]; then
    ll_adb_trouble "$ERR"
  fi
  return 0
}

# The adb state of SERIAL: device, unauthorized, offline, recovery, ... or "gone".
adb_state() {
  local line
  line=$("$ADB" devices 2>/dev/null | awk -v s="$SERIAL" '$1 == s { print $2 }')
  printf '%s' "${line:-gone}"
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
  local state
  state=$(adb_state)
  if [[ "$state" == gone ]]; then
    adb_reconnect
    sleep 0.3
    state=$(adb_state)
  fi
  case "$state" in
    device) return 0 ;;
    unauthorized) ll_result act "The tablet has not authorised this computer. $UNAUTHORIZED_HELP" ;;
    recovery) ll_result act "The tablet is in recovery mode. Choose 'Reboot system now' with the volume keys and the power button, then retry." ;;
    offline|connecting|authorizing) ll_result gone "The tablet $SERIAL is $state to adb. Unplug it, plug it in again and retry." ;;
    gone) ll_result gone "The tablet $SERIAL is not connected. Check the cable and the USB hub and retry." ;;
    *) ll_result act "The tablet is in state '$state'; start it normally and retry." ;;
  esac
}

# profile_get JQ_FILTER [DEFAULT]: a value from the profile file (PROFILE), or DEFAULT when null.
profile_get() {
  local value
  value=$(jq -r "$1 // empty" "$PROFILE" 2>/dev/null) || ll_result failed "Cannot read profile $PROFILE as JSON."
  printf '%s' "${value:-${2:-}}"
}

require_profile() {
  [[ -f "$PROFILE" ]] || ll_result failed "Profile file $PROFILE does not exist."
  command -v jq >/dev/null || ll_result failed "jq is not installed (apt-get install jq)."
  jq empty "$PROFILE" 2>/dev/null || ll_result failed "Profile file $PROFILE is not valid JSON."
}
