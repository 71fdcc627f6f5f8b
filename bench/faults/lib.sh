# Shared by the fault scripts: publish the app (Release) and build the fault tool once, then run one fault test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
app_dir="${HAILONG_FAULTS_APP:-/tmp/hailong-faults-app}"
fault_tool="$root/bench/HaiLong.Faults/bin/Release/net10.0/HaiLong.Faults.dll"

prepare() {
  if [[ "${FAULTS_SKIP_BUILD:-0}" != 1 ]]; then
    echo "faults: publishing the app (Release) to $app_dir and building bench/HaiLong.Faults" >&2
    dotnet publish "$root/src/HaiLong.Api" -c Release -o "$app_dir" --nologo -v q >&2
    dotnet build "$root/bench/HaiLong.Faults" -c Release --nologo -v q >&2
  fi
}

run_fault() {
  prepare
  exec dotnet "$fault_tool" "$@" --app "$app_dir/HaiLong.Api.dll"
}
