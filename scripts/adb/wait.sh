#!/usr/bin/env bash
# wait.sh SERIAL [SECONDS] — waits until the tablet is back after a reset, booted and with USB debugging
# on. Reconnects TCP serials (host:port). Contract: README.md.
set -uo pipefail
here="${0%/*}"
[[ "$here" == "$0" ]] && here=.
source "$here/lib.sh"
[[ $# -ge 1 && $# -le 2 ]] || ll_usage "wait.sh SERIAL [SECONDS]"
SERIAL="$1"
limit="${2:-600}"
start=$SECONDS
last=""
refused=false
while (( SECONDS - start < limit )); do
  # A TCP tablet that refused the last connect is still restarting: try to connect again, no need to ask the
  # adb server for the list of devices first. A connect that works is followed by the state at once.
  if [[ $refused == true ]]; then STATE=gone; else adb_state; fi
  refused=false
  if [[ "$STATE" != device && "$SERIAL" == *:* ]]; then
    if adb_reconnect "$STATE"; then adb_state; else refused=true; fi
  fi
  state="$STATE"
  if [[ "$state" == device ]]; then
    boot=$("$ADB" -s "$SERIAL" shell getprop sys.boot_completed 2>/dev/null)
    boot="${boot//[$'\r\n ']/}"
    if [[ "$boot" == 1 ]]; then
      ll_result ok "The tablet is back after $((SECONDS - start)) s"
    fi
  fi
  # gone and offline are the same to the person waiting: one line for both.
  if [[ "$state" != "$last" && ! ( "$state $last" =~ ^(gone|offline)\ (gone|offline)$ ) ]]; then
    case "$state" in
      unauthorized) ll_progress 50 "The tablet is back but has not authorised this computer" "$UNAUTHORIZED_HELP" ;;
      recovery) ll_progress 30 "The tablet is in recovery" "With the volume keys choose 'Wipe data/factory reset', press power, confirm 'Factory data reset'; then 'Reboot system now'." ;;
      gone|offline) ll_progress 20 "Waiting for the tablet to restart" ;;
      *) ll_progress 40 "The tablet is $state" ;;
    esac
    last="$state"
  fi
  ll_sleep 0.5
done
case "$last" in
  unauthorized) ll_result act "The tablet came back but has not authorised this computer. $UNAUTHORIZED_HELP" ;;
  recovery) ll_result act "The tablet is still in recovery after $limit s; finish the wipe on its screen and choose 'Reboot system now', then retry." ;;
  *) ll_result gone "The tablet did not come back within $limit s. Check the cable and that it finished restarting, then retry." ;;
esac
