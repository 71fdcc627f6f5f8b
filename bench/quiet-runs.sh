#!/bin/bash
# The quiet-machine runs of issue 20 (nothing else may run): three rounds of qr, submit, form, then submit pinned to one core.
set -u
cd "$(dirname "$0")/.."
B="dotnet bench/HaiLong.Bench/bin/Release/net10.0/HaiLong.Bench.dll"
R="--results bench/results.md"
dotnet build -c Release bench/HaiLong.Bench 2>&1 | grep -E "rror\(s\)"
$B qr --database perf_code --seconds 15 --publish $R > /tmp/bench-quiet-qr1.log 2>&1
for i in 1 2 3; do
  uptime
  [ $i -gt 1 ] && $B qr --database perf_code --seconds 15 $R > /tmp/bench-quiet-qr$i.log 2>&1
  $B submit --database perf_code --seconds 15 $R > /tmp/bench-quiet-submit$i.log 2>&1
  $B form --database perf_code --seconds 15 $R > /tmp/bench-quiet-form$i.log 2>&1
done
# One core for everything: the cluster is restarted under taskset so its backends inherit the affinity.
$B stop > /dev/null 2>&1
for i in 1 2 3; do
  taskset -c 0 $B submit --database perf_code --seconds 15 $R > /tmp/bench-quiet-submit-1core$i.log 2>&1
done
$B stop > /dev/null 2>&1
grep -hE "RATIO|CPU per|accepted|requests/s|issued|batch|open loop|CHECK|tps" /tmp/bench-quiet-*.log
echo done
