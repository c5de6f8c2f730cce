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

total=$(( ${#app_packages[@]} + 4 ))
done_count=0
tick() { done_count=$((done_count + 1)); ll_progress $((100 * done_count / (total + 1))) "$1"; }

for i in "${!app_packages[@]}"; do
  package="${app_packages[$i]}" apk="${app_apks[$i]}"
  file="$apk_dir/$apk"
  [[ -f "$file" ]] || ll_failed "APK $apk for $package is not in $apk_dir: copy the organisation's own copy there (see scripts/adb/README.md)."
  tick "Installing $package ($apk)"
  adb_host install -r "$file"
  if [[ "$OUT$ERR" != *Success* ]]; then
    reason=""
    [[ "$OUT$ERR" =~ Failure\ \[[^]]*\] ]] && reason="${BASH_REMATCH[0]}"
    ll_failed "Installing $package from $apk failed: ${reason:-$OUT $ERR}"
  fi
done

tick "Settings"
[[ -n "$font_scale" ]] && adb_run settings put system font_scale "$font_scale"
[[ -n "$screen_timeout_seconds" ]] && adb_run settings put system screen_off_timeout "$((screen_timeout_seconds * 1000))"
# Without root the system locale cannot be switched from adb on every release; system_locales is what
# the Settings app writes and what the setup wizard reads.
[[ -n "$locale" ]] && adb_run settings put system system_locales "$locale"
if [[ "$device_name_from_tag" == true && -n "$tag" ]]; then
  adb_run settings put global device_name "$tag"
fi

if [[ -n "$card_target" ]]; then
  tick "Pushing the owner card to $card_target"
  adb_run mkdir -p "${card_target%/*}"
  adb_host push "$card" "$card_target"
  [[ $ADB_STATUS -eq 0 ]] || ll_failed "Pushing the card to $card_target failed: $ERR"
fi

tick "Disabling packages"
adb_run pm list users
parse_users "$OUT"
for package in "${disable_packages[@]}"; do
  for user in "${USER_IDS[@]}"; do
    adb_run pm disable-user --user "$user" "$package"
    [[ "$OUT" == *disabled* ]] || ll_failed "Disabling $package for user $user failed: $OUT $ERR"
  done
done
ll_result ok "Installed ${#app_packages[@]} app(s), applied settings${card_target:+, pushed the card}"
