#!/usr/bin/env bash
# Fault test "kill" (BENCHMARKS.md, "Fault tests"); extra options are passed to the tool. Last line: PASS: … or FAIL: …
source "$(dirname "$0")/lib.sh"
run_fault kill "$@"
