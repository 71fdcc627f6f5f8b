#!/usr/bin/env bash
# Fault test "sweep" (BENCHMARKS.md, "Fault tests"): the bad-input sweep at scale; extra options are passed to the tool.
source "$(dirname "$0")/lib.sh"
run_fault sweep "$@"
