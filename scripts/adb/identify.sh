#!/usr/bin/env bash
# identify.sh SERIAL — who is this tablet: hardware serial, make, model, Android version, patch level,
# encryption, users and accounts. Changes nothing. Contract: README.md.
set -uo pipefail
here="${0%/*}"
[[ "$here" == "$0" ]] && here=.
source "$here/lib.sh"
[[ $# -eq 1 ]] || ll_usage "identify.sh SERIAL"
SERIAL="$1"

ll_progress 10 "Connecting to $SERIAL"
require_device
ll_progress 40 "Reading properties, users and accounts"
# Only the properties needed, one getprop each: a whole getprop listing runs to tens of kilobytes.
names=(ro.serialno ro.product.manufacturer ro.product.brand ro.product.model ro.build.version.release
  ro.build.version.sdk ro.build.version.security_patch ro.crypto.type persist.sys.test_harness)
reads=()
for name in "${names[@]}"; do reads+=("getprop $name"); done
adb_batch "${reads[@]}" "pm list users" "dumpsys account"
[[ ${BATCH_STATUS[0]} -eq 0 ]] || ll_result failed "getprop failed on the tablet: $ERR"
declare -A prop=()
for i in "${!names[@]}"; do prop[${names[i]}]="${BATCH_OUT[i]}"; done
users_out="${BATCH_OUT[${#names[@]}]}" accounts_out="${BATCH_OUT[${#names[@]} + 1]}"
serialno="${prop[ro.serialno]}"
[[ -n "$serialno" ]] || ll_result failed "The tablet did not report ro.serialno."
ll_fact serial "$serialno"
ll_fact manufacturer "${prop[ro.product.manufacturer]}"
ll_fact brand "${prop[ro.product.brand]}"
ll_fact model "${prop[ro.product.model]}"
ll_fact android_version "${prop[ro.build.version.release]}"
ll_fact sdk "${prop[ro.build.version.sdk]}"
ll_fact security_patch "${prop[ro.build.version.security_patch]}"
ll_fact encryption "${prop[ro.crypto.type]}"
ll_fact test_harness "${prop[persist.sys.test_harness]}"

count_lines "$users_out" '*UserInfo{*'
ll_fact users "$COUNT"
count_lines "$accounts_out" '*Account {*'
ll_fact accounts "$COUNT"
ll_result ok "${prop[ro.product.manufacturer]} ${prop[ro.product.model]}, serial $serialno, Android ${prop[ro.build.version.release]}"
