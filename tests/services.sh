#!/usr/bin/env bash
# Throwaway PostgreSQL and RabbitMQ for the test suite, on loopback only, and the code sandbox's tools.
# Also installs Debian's prometheus package (the server and promtool) when missing: the observability
# tests start their own Prometheus on a free loopback port and stop it; this script never starts one.
#
#   bash tests/services.sh start    installs the Debian packages when missing (postgresql, rabbitmq-server,
#                                   bubblewrap and python3 for the code sandbox, python3-torch, python3-onnx,
#                                   python3-regex and libopenblas0-pthread for the training tools), starts both servers,
#                                   creates a throwaway database and vhost, writes the environment to
#                                   tests/.tmp/services/env (source it)
#   source tests/services.sh start  the same, and exports the variables into the calling shell
#   bash tests/services.sh stop     stops exactly what start started and removes its files
#   bash tests/services.sh env      prints the environment of the running services
#   source tests/services.sh start-durable
#                                   after start: a second throwaway PostgreSQL cluster with the durable
#                                   settings (fsync, synchronous_commit and full_page_writes on), for the
#                                   ingest benchmark's side-by-side run; exports DATAFACTORY_TEST_POSTGRES_DURABLE;
#                                   stop stops it too
#   bash tests/services.sh restart-postgres|restart-rabbitmq [--app]
#                                   restarts one server in place (same port and data), for fault tests
#
# DATAFACTORY_TEST_PG_PARENT (default /tmp) is the folder the throwaway cluster's data goes under.
# Exported: DATAFACTORY_TEST_POSTGRES (Npgsql connection string), DATAFACTORY_TEST_RABBITMQ (amqp URI),
# DATAFACTORY_TEST_RABBITMQ_MANAGEMENT and DATAFACTORY_TEST_RABBITMQ_PROMETHEUS (http base URIs).
# Works as root (CI) and as a user with sudo-free access to already installed binaries; idempotent:
# a second start reuses the running servers, a second stop does nothing.

_df_services_script="${BASH_SOURCE[0]}"

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: do the work in a child bash (so `set -e` and traps never leak into the caller's shell),
  # then export what it wrote.
  _df_state="${DATAFACTORY_SERVICES_DIR:-$(cd "$(dirname "$_df_services_script")" && pwd)/.tmp/services}"
  if bash "$_df_services_script" "$@"; then
    if [[ ( "${1:-}" == "start" || "${1:-}" == "start-durable" ) && -f "$_df_state/env" ]]; then
      set -a
      # shellcheck disable=SC1091
      . "$_df_state/env"
      set +a
    elif [[ "${1:-}" == "stop" ]]; then
      unset DATAFACTORY_TEST_POSTGRES DATAFACTORY_TEST_POSTGRES_DURABLE DATAFACTORY_TEST_RABBITMQ \
        DATAFACTORY_TEST_RABBITMQ_MANAGEMENT DATAFACTORY_TEST_RABBITMQ_PROMETHEUS
    fi
    unset _df_state _df_services_script
    return 0
  else
    _df_rc=$?
    unset _df_state _df_services_script
    return "$_df_rc"
  fi
fi

set -euo pipefail

ROOT="$(cd "$(dirname "$_df_services_script")/.." && pwd)"
STATE="${DATAFACTORY_SERVICES_DIR:-$ROOT/tests/.tmp/services}"
PG_DATABASE=datafactory_test
MQ_USER=datafactory
MQ_PASSWORD=datafactory
MQ_VHOST=datafactory_test

log() { printf 'services: %s\n' "$*" >&2; }

is_root() { [[ "$(id -u)" == 0 ]]; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# First free loopback port at or above $1 (callers pass increasing bases, so ports never repeat).
free_port() {
  local port=$1
  while port_in_use "$port"; do
    port=$((port + 1))
  done
  echo "$port"
}

pg_bindir() {
  local dir
  if command -v pg_ctl >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/pg_ctl" && -x "$dir/postgres" && -x "$dir/initdb" ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

rabbit_sbin() {
  local dir
  for dir in /usr/lib/rabbitmq/bin /usr/local/lib/rabbitmq/bin; do
    if [[ -x "$dir/rabbitmq-server" ]]; then
      echo "$dir"
      return 0
    fi
  done
  if command -v rabbitmq-server >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v rabbitmq-server)")"
    return 0
  fi
  return 1
}

install_missing() {
  local packages=()
  pg_bindir >/dev/null || packages+=(postgresql)
  rabbit_sbin >/dev/null || packages+=(rabbitmq-server)
  # The code sandbox runs /usr/bin/bwrap and /usr/bin/python3 by path, not whichever python3 is first on PATH.
  [[ -x /usr/bin/bwrap ]] || packages+=(bubblewrap)
  [[ -x /usr/bin/python3 ]] || packages+=(python3)
  [[ -x /usr/bin/prometheus && -x /usr/bin/promtool ]] || packages+=(prometheus)
  # The model training tools (finetune.py's smoke test): Debian's PyTorch and onnx, with a threaded BLAS.
  /usr/bin/python3 -c 'import torch, onnx, regex' >/dev/null 2>&1 || packages+=(python3-torch python3-onnx python3-regex)
  [[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 || "$(uname -m)" != x86_64 ]] || packages+=(libopenblas0-pthread)
  ((${#packages[@]})) || return 0
  if ! is_root; then
    log "missing ${packages[*]}; run this script as root (or install them) once"
    return 1
  fi
  log "installing ${packages[*]} from Debian packages"
  # Packages must not start their own system-wide servers: only this script starts servers.
  local policy_added=
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq update &&
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq install -y \
        --no-install-recommends "${packages[@]}" </dev/null >/dev/null
  } || rc=$?
  [[ -n "$policy_added" ]] && rm -f /usr/sbin/policy-rc.d
  return "$rc"
}

# Runs a command as the server account when root (initdb and postgres refuse to run as root).
as_pg() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

services_alive() {
  [[ -f "$STATE/state" ]] || return 1
  # shellcheck disable=SC1091
  . "$STATE/state"
  [[ -n "${PG_DATA:-}" && -f "$PG_DATA/data/postmaster.pid" ]] || return 1
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || return 1
  [[ -n "${MQ_PID:-}" ]] && kill -0 "$MQ_PID" 2>/dev/null
}

start_postgres() {
  local bin=$1
  if is_root && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  # Random bases make two suites starting at once unlikely to race for the same ports.
  PG_PORT=$(free_port $((55432 + RANDOM % 400)))
  PG_DATA=$(mktemp -d "${DATAFACTORY_TEST_PG_PARENT:-/tmp}/datafactory-pg.XXXXXX")
  is_root && chown postgres: "$PG_DATA"
  echo "PG_BIN='$bin'" >>"$STATE/state"
  echo "PG_DATA='$PG_DATA'" >>"$STATE/state"
  echo "PG_PORT=$PG_PORT" >>"$STATE/state"
  log "PostgreSQL: initdb in $PG_DATA, port $PG_PORT"
  as_pg "$bin/initdb" -D "$PG_DATA/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Throwaway cluster: durability is traded for speed (fsync off); loopback only. A new cluster has no
  # WAL segments to recycle, so without wal_init_zero=off every 16 MB of WAL first costs 16 MB of zeros
  # written by the WAL writer (a sixth of the server's CPU in the ingest benchmark); a server in steady
  # state recycles its segments and never pays that.
  as_pg "$bin/pg_ctl" -D "$PG_DATA/data" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_init_zero=off -c max_connections=200" \
    start >/dev/null
  as_pg "$bin/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
    -c "CREATE DATABASE $PG_DATABASE" >/dev/null
}

start_rabbitmq() {
  local sbin=$1
  MQ_PORT=$(free_port $((56000 + RANDOM % 400)))
  MQ_MANAGEMENT_PORT=$(free_port $((MQ_PORT + 1)))
  MQ_PROMETHEUS_PORT=$(free_port $((MQ_MANAGEMENT_PORT + 1)))
  MQ_DIST_PORT=$(free_port $((MQ_PROMETHEUS_PORT + 1)))
  MQ_EPMD_PORT=$(free_port $((54369 + RANDOM % 400)))
  MQ_BASE=$(mktemp -d /tmp/datafactory-mq.XXXXXX)
  MQ_NODE="datafactory-test-$MQ_PORT@localhost"
  cat >"$MQ_BASE/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$MQ_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $MQ_MANAGEMENT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $MQ_PROMETHEUS_PORT
EOF
  local plugins=()
  local plugin
  for plugin in rabbitmq_management rabbitmq_prometheus; do
    if ls -d /usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins/"$plugin"-* >/dev/null 2>&1; then
      plugins+=("$plugin")
    fi
  done
  (
    IFS=,
    echo "[${plugins[*]}]."
  ) >"$MQ_BASE/enabled_plugins"
  cat >"$MQ_BASE/env" <<EOF
export HOME='$MQ_BASE'
export RABBITMQ_NODENAME='$MQ_NODE'
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$MQ_PORT
export RABBITMQ_DIST_PORT=$MQ_DIST_PORT
export ERL_EPMD_PORT=$MQ_EPMD_PORT
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_CONFIG_FILE='$MQ_BASE/rabbitmq.conf'
export RABBITMQ_ENABLED_PLUGINS_FILE='$MQ_BASE/enabled_plugins'
export RABBITMQ_MNESIA_BASE='$MQ_BASE/mnesia'
export RABBITMQ_LOG_BASE='$MQ_BASE/log'
export RABBITMQ_PID_FILE='$MQ_BASE/rabbitmq.pid'
export RABBITMQ_ADVANCED_CONFIG_FILE='$MQ_BASE/advanced.config'
EOF
  echo "MQ_SBIN='$sbin'" >>"$STATE/state"
  echo "MQ_BASE='$MQ_BASE'" >>"$STATE/state"
  echo "MQ_PORT=$MQ_PORT" >>"$STATE/state"
  echo "MQ_MANAGEMENT_PORT=$MQ_MANAGEMENT_PORT" >>"$STATE/state"
  echo "MQ_PROMETHEUS_PORT=$MQ_PROMETHEUS_PORT" >>"$STATE/state"
  echo "MQ_EPMD_PORT=$MQ_EPMD_PORT" >>"$STATE/state"
  log "RabbitMQ: node $MQ_NODE in $MQ_BASE, AMQP port $MQ_PORT, plugins: ${plugins[*]:-none}"
  launch_rabbitmq || return 1
  mq_ctl rabbitmqctl add_user "$MQ_USER" "$MQ_PASSWORD" >/dev/null
  mq_ctl rabbitmqctl set_user_tags "$MQ_USER" administrator >/dev/null
  mq_ctl rabbitmqctl add_vhost "$MQ_VHOST" >/dev/null
  mq_ctl rabbitmqctl set_permissions -p "$MQ_VHOST" "$MQ_USER" '.*' '.*' '.*' >/dev/null
  mq_ctl rabbitmqctl set_permissions -p / "$MQ_USER" '.*' '.*' '.*' >/dev/null
}

# Starts the node of $MQ_BASE (first start or restart: queues, users and vhosts persist in its
# mnesia directory) and waits until it accepts connections.
launch_rabbitmq() {
  sed -i '/^MQ_PID=/d' "$STATE/state"
  # shellcheck disable=SC1091
  . "$STATE/state"
  (
    # shellcheck disable=SC1091
    . "$MQ_BASE/env"
    # The server runs as the invoking user (root in CI) from its own throwaway directories.
    setsid "$MQ_SBIN/rabbitmq-server" >>"$MQ_BASE/server.out" 2>&1 </dev/null &
    echo "MQ_PID=$!" >>"$STATE/state"
  )
  # shellcheck disable=SC1091
  . "$STATE/state"
  # await_startup needs a reachable node, so first wait until the node answers at all.
  local waited=0
  until mq_ctl rabbitmq-diagnostics ping >/dev/null 2>&1; do
    if ((waited >= 180)) || ! kill -0 "$MQ_PID" 2>/dev/null; then
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  if ! mq_ctl rabbitmqctl await_startup --timeout 180 >/dev/null 2>&1; then
    log "RabbitMQ did not start; its output:"
    tail -n 40 "$MQ_BASE/server.out" >&2 || true
    return 1
  fi
}

# Stops the node and waits until its process group is gone.
halt_rabbitmq() {
  mq_ctl rabbitmqctl stop >/dev/null 2>&1 || true
  if [[ -n "${MQ_PID:-}" ]]; then
    local i
    for i in $(seq 1 60); do
      kill -0 "$MQ_PID" 2>/dev/null || break
      sleep 0.5
    done
    # setsid made the server a process group leader: end the group it leads, nothing else.
    kill -TERM -- "-$MQ_PID" 2>/dev/null || true
  fi
}

mq_ctl() {
  local tool=$1
  shift
  (
    # shellcheck disable=SC1091
    . "$MQ_BASE/env"
    "$MQ_SBIN/$tool" -q -n "$RABBITMQ_NODENAME" "$@"
  )
}

write_env() {
  cat >"$STATE/env" <<EOF
DATAFACTORY_TEST_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$PG_DATABASE'
DATAFACTORY_TEST_RABBITMQ='amqp://$MQ_USER:$MQ_PASSWORD@127.0.0.1:$MQ_PORT/$MQ_VHOST'
DATAFACTORY_TEST_RABBITMQ_MANAGEMENT='http://127.0.0.1:$MQ_MANAGEMENT_PORT/'
DATAFACTORY_TEST_RABBITMQ_PROMETHEUS='http://127.0.0.1:$MQ_PROMETHEUS_PORT/metrics'
EOF
}

cmd_start() {
  mkdir -p "$STATE"
  install_missing
  if services_alive; then
    log "already running (PostgreSQL port $PG_PORT, RabbitMQ port $MQ_PORT)"
    return 0
  fi
  # A half-started or crashed earlier start: clean it up before starting afresh.
  [[ -f "$STATE/state" ]] && cmd_stop
  install_missing
  # A port found free may be taken by another process before the server binds it (several suites
  # on one machine): a failed start stops what it started, and the next try picks fresh ports.
  local attempt
  for attempt in 1 2 3; do
    if bash "$_df_services_script" start-once; then
      return 0
    fi
    log "start attempt $attempt failed"
  done
  return 1
}

cmd_start_once() {
  mkdir -p "$STATE"
  local pg_bin mq_sbin
  pg_bin=$(pg_bindir) || {
    log "PostgreSQL binaries not found after install"
    return 1
  }
  mq_sbin=$(rabbit_sbin) || {
    log "RabbitMQ not found after install"
    return 1
  }
  : >"$STATE/state"
  trap 'log "start failed; stopping what was started"; cmd_stop' ERR
  start_postgres "$pg_bin"
  start_rabbitmq "$mq_sbin"
  trap - ERR
  write_env
  log "ready; environment in $STATE/env"
}

# A second cluster beside the test one, differing only in durability: fsync, synchronous_commit and
# full_page_writes on (the defaults of a production server), so the ingest benchmark can state both.
cmd_start_durable() {
  services_alive || {
    log "not running: start first"
    return 1
  }
  if [[ -n "${PGD_DATA:-}" && -f "$PGD_DATA/data/postmaster.pid" ]] && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PGD_PORT"; then
    log "durable cluster already running (port $PGD_PORT)"
    return 0
  fi
  PGD_PORT=$(free_port $((PG_PORT + 1)))
  PGD_DATA=$(mktemp -d "${DATAFACTORY_TEST_PG_PARENT:-/tmp}/datafactory-pg-durable.XXXXXX")
  is_root && chown postgres: "$PGD_DATA"
  echo "PGD_DATA='$PGD_DATA'" >>"$STATE/state"
  echo "PGD_PORT=$PGD_PORT" >>"$STATE/state"
  log "PostgreSQL (durable: fsync, synchronous_commit, full_page_writes on): initdb in $PGD_DATA, port $PGD_PORT"
  as_pg "$PG_BIN/initdb" -D "$PGD_DATA/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PGD_DATA/data" -l "$PGD_DATA/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PGD_PORT -k $PGD_DATA -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c wal_init_zero=off -c max_connections=200" \
    start >/dev/null
  as_pg "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PGD_PORT" -U postgres -d postgres \
    -c "CREATE DATABASE $PG_DATABASE" >/dev/null
  sed -i '/^DATAFACTORY_TEST_POSTGRES_DURABLE=/d' "$STATE/env"
  echo "DATAFACTORY_TEST_POSTGRES_DURABLE='Host=127.0.0.1;Port=$PGD_PORT;Username=postgres;Database=$PG_DATABASE'" >>"$STATE/env"
  log "durable cluster ready; environment in $STATE/env"
}

cmd_stop() {
  [[ -f "$STATE/state" ]] || return 0
  # shellcheck disable=SC1091
  . "$STATE/state"
  if [[ -n "${PGD_DATA:-}" && -d "$PGD_DATA" ]]; then
    if [[ -f "$PGD_DATA/data/postmaster.pid" ]]; then
      as_pg "$PG_BIN/pg_ctl" -D "$PGD_DATA/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGD_DATA"
  fi
  if [[ -n "${MQ_BASE:-}" && -d "$MQ_BASE" ]]; then
    halt_rabbitmq
    if [[ -n "${MQ_EPMD_PORT:-}" ]]; then
      (
        # shellcheck disable=SC1091
        . "$MQ_BASE/env"
        epmd -port "$MQ_EPMD_PORT" -kill >/dev/null 2>&1 || true
      )
    fi
    rm -rf "$MQ_BASE"
  fi
  if [[ -n "${PG_DATA:-}" && -d "$PG_DATA" ]]; then
    if [[ -f "$PG_DATA/data/postmaster.pid" ]]; then
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DATA"
  fi
  rm -rf "$STATE"
  log "stopped"
}

# Fault injection (tests/fault): restart one server in place, same port, same data.
cmd_restart_postgres() {
  services_alive || {
    log "not running"
    return 1
  }
  # Fast shutdown: sessions are ended (clients see 57P01), committed work is kept.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -m fast -w -t 120 restart >/dev/null
  log "PostgreSQL restarted on port $PG_PORT"
}

# Whole node by default; with --app only the RabbitMQ application inside its running Erlang node
# (clients are disconnected and refused just the same, queues are recovered from disk, and it is
# much quicker on a busy machine).
cmd_restart_rabbitmq() {
  services_alive || {
    log "not running"
    return 1
  }
  if [[ "${1:-}" == "--app" ]]; then
    mq_ctl rabbitmqctl stop_app >/dev/null
    mq_ctl rabbitmqctl start_app >/dev/null
    mq_ctl rabbitmqctl await_startup --timeout 180 >/dev/null
    log "RabbitMQ application restarted on port $MQ_PORT"
    return 0
  fi
  halt_rabbitmq
  launch_rabbitmq
  log "RabbitMQ restarted on port $MQ_PORT"
}

cmd_env() {
  services_alive && [[ -f "$STATE/env" ]] || {
    log "not running"
    return 1
  }
  cat "$STATE/env"
}

case "${1:-}" in
  start) cmd_start ;;
  start-once) cmd_start_once ;;
  start-durable) cmd_start_durable ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  restart-postgres) cmd_restart_postgres ;;
  restart-rabbitmq) cmd_restart_rabbitmq "${2:-}" ;;
  *)
    echo "usage: [source] tests/services.sh start|start-durable|stop|env|restart-postgres|restart-rabbitmq [--app]" >&2
    exit 2
    ;;
esac
