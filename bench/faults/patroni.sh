#!/usr/bin/env bash
# Fault test "patroni" (BENCHMARKS.md, "High availability"): one etcd and three PostgreSQL 15 nodes under Patroni on loopback
# ports, synchronous_mode, the app on a multi-host connection string under submission load; the tool kills -9 the primary's
# postmaster and asks Patroni for planned switchovers, then checks the stored data. Extra options go to the tool
# (--kills 10 --switchovers 5 --workers 8 --tokens 300000). Last line: PASS: … or FAIL: …
# Runs as root (it installs patroni and etcd-server when missing); PostgreSQL and etcd run as the postgres user. Everything it
# starts is stopped and its folder removed on exit, Ctrl+C included.
source "$(dirname "$0")/lib.sh"

[[ $(id -u) == 0 ]] || { echo "patroni.sh: run as root (it installs packages and runs PostgreSQL as the postgres user)" >&2; exit 2; }
pg_bin=/usr/lib/postgresql/15/bin
if ! command -v patroni >/dev/null || ! command -v etcd >/dev/null || [[ ! -x $pg_bin/postgres ]]; then
  echo "patroni: installing patroni, etcd-server and postgresql-15" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends patroni etcd-server postgresql-15 >/dev/null
fi

# Ports away from the defaults (5432, 2379, 8008) so a developer's own servers are left alone; override if taken.
etcd_port=${PATRONI_FAULTS_ETCD_PORT:-23790}
pg_base=${PATRONI_FAULTS_PG_PORT:-5441}
api_base=${PATRONI_FAULTS_API_PORT:-8441}
nodes=(pg1 pg2 pg3)
for port in "$etcd_port" $((etcd_port + 1)) $(for i in 0 1 2; do echo $((pg_base + i)) $((api_base + i)); done); do
  if ss -Hltn "sport = :$port" | grep -q .; then echo "patroni.sh: port $port is taken; see the PATRONI_FAULTS_* ports" >&2; exit 2; fi
done

work=$(mktemp -d /tmp/hailong-patroni.XXXXXX)
chown postgres:postgres "$work"
chmod 700 "$work"
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
pids=()

# A command prefix, not a function: `"${as_postgres[@]}" etcd … &` makes $! the server's own pid (setpriv execs it), where a
# function would have run in a subshell whose pid is not the server's.
as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --reset-env)

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  echo "patroni: stopping Patroni, PostgreSQL and etcd; removing $work" >&2
  # Patroni stops its PostgreSQL on SIGTERM; etcd goes last so Patroni can still release its leader key.
  for pid in "${pids[@]:1}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]:1}"; do timeout 60 tail --pid="$pid" -f /dev/null || kill -KILL "$pid" 2>/dev/null || true; done
  for node in "${nodes[@]}"; do
    if [[ -f $work/$node/postmaster.pid ]]; then "${as_postgres[@]}" "$pg_bin/pg_ctl" stop -m immediate -D "$work/$node" >/dev/null 2>&1 || true; fi
  done
  if ((${#pids[@]})); then
    kill -TERM "${pids[0]}" 2>/dev/null || true
    timeout 30 tail --pid="${pids[0]}" -f /dev/null || kill -KILL "${pids[0]}" 2>/dev/null || true
  fi
  # Patroni's and etcd's logs outlive the cluster, beside the app's, for a failed run to be read.
  mkdir -p /tmp/hailong-faults-logs/patroni-cluster
  cp "$work"/*.log /tmp/hailong-faults-logs/patroni-cluster/ 2>/dev/null || true
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prepare

"${as_postgres[@]}" etcd --name hailong-faults --data-dir "$work/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$((etcd_port + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((etcd_port + 1))" \
  --initial-cluster "hailong-faults=http://127.0.0.1:$((etcd_port + 1))" >"$work/etcd.log" 2>&1 &
pids+=($!)

apis=()
for i in 0 1 2; do
  node=${nodes[$i]}
  apis+=("http://127.0.0.1:$((api_base + i))")
  # loop_wait 2 s and primary_start_timeout 0: a crashed primary is failed over at once (to the synchronous standby, so no
  # acknowledged commit is lost) instead of being restarted in place; pg_rewind brings the old primary back as a replica.
  cat >"$work/$node.yml" <<EOF
scope: hailong-faults
name: $node
restapi:
  listen: 127.0.0.1:$((api_base + i))
  connect_address: 127.0.0.1:$((api_base + i))
etcd3:
  hosts: 127.0.0.1:$etcd_port
bootstrap:
  dcs:
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    primary_start_timeout: 0
    maximum_lag_on_failover: 16777216
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      remove_data_directory_on_rewind_failure: true
      remove_data_directory_on_diverged_timelines: true
      parameters:
        wal_log_hints: 'on'
        max_connections: 200
        shared_buffers: 64MB
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
  pg_hba:
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
postgresql:
  listen: 127.0.0.1:$((pg_base + i))
  connect_address: 127.0.0.1:$((pg_base + i))
  data_dir: $work/$node
  bin_dir: $pg_bin
  pgpass: $work/$node.pgpass
  authentication:
    superuser: {username: postgres, password: '$password'}
    replication: {username: replicator, password: '$password'}
    rewind: {username: rewinder, password: '$password'}
  parameters:
    unix_socket_directories: '$work'
EOF
  chown postgres:postgres "$work/$node.yml"
  "${as_postgres[@]}" patroni "$work/$node.yml" >"$work/$node.log" 2>&1 &
  pids+=($!)
done

# The cluster is ready when it has a leader and a synchronous standby; then the app's role and database are made.
echo "patroni: waiting for a leader and a synchronous standby (logs in $work)" >&2
for _ in $(seq 180); do
  state=$(curl -fsS "${apis[0]}/cluster" 2>/dev/null || true)
  if grep -q '"role": *"leader"' <<<"$state" && grep -q '"role": *"sync_standby"' <<<"$state"; then break; fi
  sleep 1
done
grep -q '"role": *"sync_standby"' <<<"$state" || { echo "patroni: the cluster did not form; see $work/*.log" >&2; tail -n 20 "$work"/*.log >&2; exit 1; }
hosts="127.0.0.1:$pg_base,127.0.0.1:$((pg_base + 1)),127.0.0.1:$((pg_base + 2))"
PGPASSWORD=$password psql -q -v ON_ERROR_STOP=1 \
  "host=127.0.0.1,127.0.0.1,127.0.0.1 port=$pg_base,$((pg_base + 1)),$((pg_base + 2)) user=postgres dbname=postgres target_session_attrs=read-write" \
  -c "CREATE ROLE hailong LOGIN PASSWORD '$password'" -c "CREATE DATABASE hailong OWNER hailong" >/dev/null

connection="Host=$hosts;Database=hailong;Username=hailong;Password=$password;Target Session Attributes=read-write"
apis_csv=$(IFS=,; echo "${apis[*]}")
# A hard stop for the tool, whatever happens to the cluster; it cleans up after itself on SIGTERM, the trap does the rest.
timeout --signal=TERM 3600 dotnet "$fault_tool" patroni --connection "$connection" --patroni "$apis_csv" --data-root "$work" \
  --app "$app_dir/HaiLong.Api.dll" "$@"
