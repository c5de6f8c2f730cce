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
adb_batch getprop "pm list users" "dumpsys account"
[[ ${BATCH_STATUS[0]} -eq 0 ]] || ll_result failed "getprop failed on the tablet: $ERR"
props="${BATCH_OUT[0]}"
# getprop prints "[name]: [value]" lines; the first line for a name wins.
declare -A prop=()
for name in ro.serialno ro.product.manufacturer ro.product.brand ro.product.model ro.build.version.release \
  ro.build.version.sdk ro.build.version.security_patch ro.crypto.type persist.sys.test_harness; do
  re=$'(^|\n)\\['"${name//./\\.}"$'\\]: \\[([^\n]*)\\]\r?(\n|$)'
  [[ "$props" =~ $re ]] && prop[$name]="${BASH_REMATCH[2]}" || prop[$name]=""
done
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

count_lines "${BATCH_OUT[1]}" '*UserInfo{*'
ll_fact users "$COUNT"
count_lines "${BATCH_OUT[2]}" '*Account {*'
ll_fact accounts "$COUNT"
ll_result ok "${prop[ro.product.manufacturer]} ${prop[ro.product.model]}, serial $serialno, Android ${prop[ro.build.version.release]}"
