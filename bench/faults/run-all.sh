#!/usr/bin/env bash
# Runs the six fault tests one after another; prints each one's PASS/FAIL line and exits non-zero if any failed.
source "$(dirname "$0")/lib.sh"
prepare
export FAULTS_SKIP_BUILD=1
status=0
summary=()
for t in kill pg-outage hangfire-kill two-instances flood sweep; do
  echo "=== $t"
  set +e
  "$(dirname "$0")/$t.sh" | tee "/tmp/hailong-faults-$t.out"
  code=${PIPESTATUS[0]}
  set -e
  summary+=("$t: $(tail -n 1 "/tmp/hailong-faults-$t.out")")
  ((code == 0)) || status=1
done
echo "=== summary"
printf '%s\n' "${summary[@]}"
exit "$status"
